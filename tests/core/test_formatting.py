"""Numbers as Dutch text (sociale_basis.core.formatting): one way to write a figure."""

from __future__ import annotations

import pytest

from sociale_basis.core.formatting import format_amount, format_number, round_half_up


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1000, 0, "1.000"),
        (1234567.891, 2, "1.234.567,89"),
        (0.456, 2, "0,46"),
        (12.25, 1, "12,3"),  # halves up, not to even
        (0.175 * 100, 0, "18"),  # 17.499999999999996 is float noise for 17.5
        (-3.5, 1, "-3,5"),
        (float("nan"), 0, "onbekend"),
        (float("inf"), 0, "onbekend"),
        (None, 0, "onbekend"),
    ],
)
def test_format_number(value, decimals, text) -> None:
    assert format_number(value, decimals) == text


def test_format_amount_writes_the_unit_the_dutch_way() -> None:
    assert format_amount(23.46, "%", 1) == "23,5%"
    assert format_amount(1250, "m") == "1.250 m"
    assert format_amount(4, "min") == "4 min"
    assert format_amount(17) == "17"
    assert format_amount(float("nan"), "m") == "onbekend"


def test_round_half_up_is_the_rounding_of_every_published_number() -> None:
    assert round_half_up(16.25, 1) == 16.3  # round() gives 16.2
    assert round_half_up(0.175 * 100) == 18.0
    assert round_half_up(-2.5) == -3.0  # half away from zero, as people round

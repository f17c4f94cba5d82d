"""Numbers as Dutch text, in one place: dots between thousands, a decimal comma, halves
rounded up (``1.234``, ``23,5``). Tables, maps, handouts and the reasons of signals all
write numbers with :func:`format_number`, so one figure never reads two ways."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

ONBEKEND = "onbekend"
"""What a missing or infinite number reads as."""


def round_half_up(value: float, decimals: int = 0) -> float:
    """``value`` rounded to ``decimals`` with halves up, after removing float noise
    (``0.175 * 100`` is 17.4999... in floats but 17.5 to a reader): the rounding of every
    published figure, in text and in a spreadsheet cell alike.

    ``round_half_up(16.25, 1) == 16.3`` (Python's ``round`` gives 16.2).
    """
    exact = Decimal(repr(round(float(value), decimals + 6)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def format_number(value: float | None, decimals: int = 0) -> str:
    """A number in Dutch notation: dots between thousands, a decimal comma, halves up.

    ``format_number(1000) == "1.000"``, ``format_number(0.456, 2) == "0,46"``,
    ``format_number(12.25, 1) == "12,3"``, ``format_number(float("nan")) == "onbekend"``.
    """
    if value is None or not math.isfinite(value):
        return ONBEKEND
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_amount(value: float | None, eenheid: str = "", decimals: int = 0) -> str:
    """A number with its unit: ``"23,5%"``, ``"1.250 m"``, ``"4 min"``, ``"17"``."""
    text = format_number(value, decimals)
    if text == ONBEKEND or not eenheid:
        return text
    return text + "%" if eenheid == "%" else f"{text} {eenheid}"

"""Common questions about inwoners as plain booleans (core/vragen.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from sociale_basis.core.vragen import heeft_hulpvraag, is_65plus
from sociale_basis.streets import summarize_by_area


def _inwoners() -> pd.DataFrame:
    """Ten inwoners: one eenzaam, one with money worries, eight without a hulpvraag."""
    hulp = pd.Series(["eenzaamheid", "financien"] + [None] * 8, dtype="string")
    return pd.DataFrame(
        {
            "hulpvraag": hulp,
            "leeftijd": [70, 30, 66, 64, 80, 10, 40, None, 65, 20],
            "buurtcode": ["A"] * 5 + ["B"] * 5,
        }
    )


def test_the_plain_comparison_is_the_trap() -> None:
    inw = _inwoners()
    wrong = inw["hulpvraag"] == "eenzaamheid"
    assert wrong.mean() == pytest.approx(1 / 2)  # among the 2 with a hulpvraag: wrong


def test_share_among_all_inwoners() -> None:
    inw = _inwoners()
    assert heeft_hulpvraag(inw, "eenzaamheid").mean() == pytest.approx(1 / 10)
    assert heeft_hulpvraag(inw).mean() == pytest.approx(2 / 10)
    assert heeft_hulpvraag(inw).dtype == bool
    # 70, 66, 80, 65 (a missing age is no)
    assert is_65plus(inw).tolist() == [True, False, True, False, True] + [False] * 3 + [
        True,
        False,
    ]


def test_a_misspelt_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="eenzaamheid"):
        heeft_hulpvraag(_inwoners(), "eenzaam")


def test_summarize_by_area_takes_it_and_explains_the_trap() -> None:
    inw = _inwoners()
    afstand = pd.Series([100.0, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
    out = summarize_by_area(
        afstand, inw["buurtcode"], groepen={"eenzaam": heeft_hulpvraag(inw, "eenzaamheid")}
    )
    assert out.loc[("A", "eenzaam"), "n"] == 1
    assert out.loc[("A", "eenzaam"), "gemiddelde"] == pytest.approx(100.0)
    with pytest.raises(ValueError, match="heeft_hulpvraag"):
        summarize_by_area(
            afstand, inw["buurtcode"], groepen={"x": inw["hulpvraag"] == "eenzaamheid"}
        )

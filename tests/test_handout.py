"""The A4 handout: its parts as HTML (the PNG itself is made in test_cli.py)."""

from __future__ import annotations

import pandas as pd
from map_fixtures import PAYLOADS, signalen

from sociale_basis.handout import MAX_SIGNALEN, _flags, _table
from sociale_basis.tables import kerncijfers


def test_flags_most_severe_first_escaped_and_bounded(delft):
    flags = signalen(delft, "WK050323")
    extra = pd.DataFrame(
        {
            "gebiedcode": ["BU05032302"] * 8,
            "niveau": "buurt",
            "signaal": "hulp_te_ver",
            "ernst": "laag",
            "waarde": 0.2,
            "drempel": 0.15,
            "reden": [f"reden {i}" for i in range(8)],
        }
    )
    html = _flags(pd.concat([pd.DataFrame(flags), extra]), delft, "WK050323")
    assert html.count("<li>") == MAX_SIGNALEN
    assert "En nog 6 signalen" in html  # 4 + 8 flags in the wijk, 6 listed
    assert "mag niet getoond worden" not in html  # the buurt under 10 inhabitants
    assert "<script>" not in html and "&lt;/script&gt;" in html  # payload reasons escaped
    # one flag per area before a second one of the same area
    first = html.split("<li>")[1:4]
    assert len({item.split("</b>")[0] for item in first}) == 3


def test_flags_without_flags(delft):
    assert "Geen signalen berekend" in _flags(None, delft, "WK050323")
    none = signalen(delft, "WK050323").iloc[:0]
    assert "Geen signalen voor deze wijk" in _flags(none, delft, "WK050323")


def test_table_has_every_buurt_and_the_whole_wijk(delft):
    buurt, wijk = kerncijfers(delft, "buurt"), kerncijfers(delft, "wijk")
    html = _table(delft, "WK050323", buurt, wijk)
    for naam in delft.buurten.loc[delft.buurten["wijkcode"] == "WK050323", "buurtnaam"]:
        assert naam in html
    assert "Hele wijk" in html and "6.065" in html  # CBS inhabitants, rounded to 5
    assert PAYLOADS[0] not in html

"""The A4 handout: its parts as HTML (the PNG itself is made in test_cli.py)."""

from __future__ import annotations

import asyncio
import threading

import pandas as pd
import pytest
from map_fixtures import PAYLOADS, signalen

from sociale_basis.present.figures import kerncijfers
from sociale_basis.present.handout import (
    MAX_SIGNALEN,
    HandoutError,
    _flags,
    _outside_event_loop,
    _table,
)


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


def _where() -> dict[str, object]:
    """Which thread runs the work, and whether that thread runs an asyncio loop."""
    seen: dict[str, object] = {}

    def work() -> None:
        seen["thread"] = threading.get_ident()
        try:
            asyncio.get_running_loop()
            seen["loop"] = True
        except RuntimeError:
            seen["loop"] = False

    _outside_event_loop(work)
    return seen


def test_handout_work_runs_in_place_without_an_event_loop():
    seen = _where()
    assert seen == {"thread": threading.get_ident(), "loop": False}


def test_handout_work_leaves_a_running_event_loop():
    # Jupyter runs an asyncio loop, where Playwright's sync API refuses to start.
    async def inside() -> dict[str, object]:
        return _where()

    seen = asyncio.run(inside())
    assert seen["loop"] is False
    assert seen["thread"] != threading.get_ident()


def test_handout_work_errors_reach_the_caller_from_the_worker_thread():
    def fails() -> None:
        raise HandoutError("geen chromium")

    async def inside() -> None:
        _outside_event_loop(fails)

    with pytest.raises(HandoutError, match="geen chromium"):
        asyncio.run(inside())


def test_handout_lists_group_opportunities_ranked_per_buurt(delft):
    from map_fixtures import kansen

    from sociale_basis.present.handout import _page

    buurt, wijk = kerncijfers(delft, "buurt"), kerncijfers(delft, "wijk")
    page = _page(
        delft,
        "WK050323",
        kaart_png=b"",
        legenda="",
        maat="pct_65plus",
        buurt=buurt,
        wijk=wijk,
        signalen=None,
        kansen=kansen(delft, "WK050323", buurt),
    )
    assert "<h2>Kansen voor groepen</h2>" in page
    lists = page.split('<ol class="kansen">')[1:]
    assert len(lists) == 2  # two buurten, each its own ranked list
    for ranked in lists:
        items = ranked.split("</ol>")[0].split("<li>")[1:]
        assert len(items) == 3
        assert "eerste echte plek" in items[0] and "tweede echte plek" in items[1]
        assert "synthetische plek" in items[2]  # below the real ones, and marked
    assert PAYLOADS[1] not in page and "&lt;/script&gt;" in page
    assert "verborgen kans" not in page
    without = _page(
        delft,
        "WK050323",
        kaart_png=b"",
        legenda="",
        maat="pct_65plus",
        buurt=buurt,
        wijk=wijk,
        signalen=None,
    )
    assert "Geen kansen voor groepen berekend" in without

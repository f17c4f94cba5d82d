"""Signals ranked per area (gaps.ranking): severity, robustness, messages."""

from __future__ import annotations

import pandas as pd
import pytest

from sociale_basis.gaps import MAX_BERICHTEN, rank_signalen


def _rows(**extra) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "gebiedcode": ["A", "A", "A", "A", "B"],
            "niveau": ["buurt"] * 5,
            "signaal": [
                "hulp_te_ver",
                "hulp_te_ver",
                "geen_ontmoetingsplek",
                "geen_uitspraak",
                "component_ontbreekt",
            ],
            "onderwerp": ["huisarts", "huisarts", "ontmoetingsplek", "privacy", "sport"],
            "groep": ["alle", "65plus", "alle", None, None],
            "ernst": ["laag", "hoog", "midden", None, "laag"],
        }
    )
    return frame.assign(**extra)


def test_the_example_of_the_docstring() -> None:
    ranked = rank_signalen(_rows())
    a = ranked[ranked["gebiedcode"] == "A"]
    # 65-plussers huisarts (hoog, 3), ontmoetingsplek (midden, 2), huisarts alle (laag, 1),
    # then the information row without a rank
    assert a["groep"].tolist()[:3] == ["65plus", "alle", "alle"]
    assert a["signaal"].tolist() == [
        "hulp_te_ver",
        "geen_ontmoetingsplek",
        "hulp_te_ver",
        "geen_uitspraak",
    ]
    assert a["rang"].tolist()[:3] == [1, 2, 3] and a["rang"].isna().tolist()[3]
    assert a["bericht"].tolist()[:3] == [1, 2, 1]  # both huisarts rows: one message
    assert a["score"].tolist() == [3.0, 2.0, 1.0, 0.0]
    b = ranked[ranked["gebiedcode"] == "B"]
    assert b["rang"].tolist() == [1] and b["bericht"].tolist() == [1]
    assert MAX_BERICHTEN == 3


def test_robustness_weighs_in_when_given() -> None:
    # the hoog signal was found in a fifth of the populations: 3 x 0.2 = 0.6, below the
    # steady midden (2 x 1.0) and laag (1 x 1.0)
    ranked = rank_signalen(_rows(robuust=[1.0, 0.2, 1.0, None, 0.5]))
    a = ranked[ranked["gebiedcode"] == "A"]
    assert a["score"].round(2).tolist() == [2.0, 1.0, 0.6, 0.0]
    assert a["signaal"].tolist()[0] == "geen_ontmoetingsplek"
    assert a["bericht"].tolist()[:3] == [1, 2, 2]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="ernst"):
        rank_signalen(_rows().drop(columns="ernst"))
    with pytest.raises(ValueError, match="van 0 tot en met 1"):
        rank_signalen(_rows(robuust=[1.0, 2.0, 1.0, 1.0, 1.0]))

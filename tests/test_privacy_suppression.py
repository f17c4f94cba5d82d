"""Rounding and suppression of published figures (privacy rules R1-R5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sociale_basis.privacy.rules import (
    REGELS,
    Kolom,
    disclosure_report,
    format_value,
    protect,
    round_to_base,
)


def test_round_to_base_rounds_half_up_to_multiples_of_5() -> None:
    values = pd.Series([0, 2, 2.5, 3, 7, 7.5, 12, 13, np.nan])
    assert round_to_base(values).tolist()[:-1] == [0, 0, 5, 5, 5, 10, 10, 15]
    assert np.isnan(round_to_base(values).iloc[-1])


# One wijk W with buurten A (5 inhabitants), B (40), C (300), D (1000), and a wijk V with
# buurten E (200) and F (250) where nothing is hidden. Persons with a hulpvraag:
# A 0, B 12, C 30, D 80, E 6, F 44; 65-plussers: A 1, B 9, C 61, D 149, E 40, F 52.
BUURTEN = pd.DataFrame(
    {
        "wijk": ["W", "W", "W", "W", "V", "V"],
        "inwoners": [5, 40, 300, 1000, 200, 250],
        "hulpvraag": [0, 12, 30, 80, 6, 44],
        "ouderen": [1, 9, 61, 149, 40, 52],
    },
    index=pd.Index(list("ABCDEF"), name="buurtcode"),
)


def _protect(kolommen: list[Kolom], frame: pd.DataFrame = BUURTEN):
    return protect(frame, kolommen, inwoners=frame["inwoners"], groep=frame["wijk"])


def test_hand_computed_example_r2_r3_and_secondary_suppression() -> None:
    result = _protect([Kolom("hulpvraag", "hulpvraag", "met hulpvraag")])
    shown = result.weergave()["hulpvraag"].to_dict()
    # A: fewer than 10 inhabitants (R3). B: 12 -> 10, but it is the shown buurt of W with
    # the fewest inhabitants while exactly one buurt of W (A) is hidden, so R5 hides it:
    # otherwise A = W's total 120 - 10 - 30 - 80 = 0. E: 6 <= 7 is "geheim" (R2); V then
    # has exactly one hidden buurt, so F (the only other one) is hidden as well (R5).
    assert shown == {
        "A": "te weinig inwoners",
        "B": "afgeschermd",
        "C": 30.0,
        "D": 80.0,
        "E": "geheim",
        "F": "afgeschermd",
    }
    assert result.status["hulpvraag"].to_dict() == {
        "A": "R3",
        "B": "R5",
        "C": "",
        "D": "",
        "E": "R2",
        "F": "R5",
    }
    # the difference wijk - shown buurten is now only A + B together
    wijk_total = 5 * round((0 + 12 + 30 + 80) / 5)  # 120
    assert wijk_total - 30 - 80 == 10
    assert set(result.log["regel"]) == {"R2", "R3", "R5"}


def test_counts_of_persons_are_rounded_and_counted_in_r1() -> None:
    result = _protect([Kolom("ouderen", "aantal", "65+")])
    # A hidden (R3); exactly one hidden in W -> B (40 inhabitants, smallest shown) hidden too
    assert result.weergave()["ouderen"].tolist() == [
        "te weinig inwoners",
        "afgeschermd",
        60.0,
        150.0,
        40.0,
        50.0,
    ]
    # C 61 -> 60, D 149 -> 150, F 52 -> 50 changed; E 40 already a multiple of 5
    assert result.afgerond["ouderen"] == 3


def test_shares_are_computed_after_rounding_and_inherit_hidden_counts() -> None:
    kolommen = [
        Kolom("inwoners", "aantal", "inwoners", secundair=False),
        Kolom("ouderen", "aantal", "65+"),
        Kolom("pct", "aandeel", "aandeel 65+", "%", teller="ouderen", noemer="inwoners"),
    ]
    result = _protect(kolommen)
    pct = result.waarden["pct"]
    assert pct["C"] == pytest.approx(60 / 300 * 100)  # 61/300 would be 20.33
    assert pct["D"] == pytest.approx(150 / 1000 * 100)
    assert pct["F"] == pytest.approx(50 / 250 * 100)
    # the share of B would reveal its hidden count: hidden with the same rule
    assert result.status.loc["B", "pct"] == "R5"
    assert result.status.loc["A", "pct"] == "R3"
    # inwoners is public (CBS) and takes no part in R5
    assert result.status["inwoners"].tolist() == ["R3", "", "", "", "", ""]


def test_sensitive_shares_need_100_persons() -> None:
    kolommen = [
        Kolom("inwoners", "aantal", "inwoners", secundair=False),
        Kolom("hulpvraag", "hulpvraag", "met hulpvraag"),
        Kolom(
            "pct",
            "aandeel",
            "aandeel",
            "%",
            teller="hulpvraag",
            noemer="inwoners",
            gevoelig=True,
        ),
    ]
    frame = BUURTEN.assign(wijk=list("ABCDEF"))  # no parents: no R5 in this test
    result = protect(frame, kolommen, inwoners=frame["inwoners"])
    assert result.status["pct"].tolist() == ["R3", "R4", "", "", "R2", ""]


def test_sensitive_measures_need_100_persons_behind_them() -> None:
    frame = BUURTEN.assign(mean=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], n=[5, 40, 99, 100, 150, 250])
    kolom = Kolom("mean", "maat", "gem.", basis="n", gevoelig=True)
    result = protect(frame, [kolom], inwoners=frame["inwoners"])
    assert result.status["mean"].tolist() == ["R3", "R4", "R4", "", "", ""]
    # not sensitive: only R3
    plain = protect(frame, [Kolom("mean", "maat", "gem.")], inwoners=frame["inwoners"])
    assert plain.status["mean"].tolist() == ["R3", "", "", "", "", ""]


def test_shares_of_unpublished_counts_are_computed_from_rounded_counts() -> None:
    # six buurten (inwoners 5, 40, 300, 1000, 200, 250); n persons behind each share and
    # the number of them counted (teller); no parents, so no R5 here
    frame = BUURTEN.assign(
        wijk=list("ABCDEF"),
        n=[5, 40, 226, 1000, 120, 90],
        teller=[1, 10, 205, 3, 6, 50],
        pct=[20.0, 25.0, 205 / 226 * 100, 0.3, 5.0, 55.6],  # raw shares: never shown
    )
    kolom = Kolom("pct", "maat", "aandeel", "%", basis="n", gevoelig=True, teller="teller")
    result = protect(frame, [kolom], inwoners=frame["inwoners"])
    assert result.status["pct"].tolist() == ["R3", "R4", "", "", "", "R4"]
    shown = result.waarden["pct"]
    assert shown["C"] == pytest.approx(205 / 225 * 100)  # 205 stays, 226 -> 225
    assert shown["D"] == pytest.approx(5 / 1000 * 100)  # 3 -> 5
    assert shown["E"] == pytest.approx(5 / 120 * 100)  # 6 -> 5, 120 stays
    # the same counting persons with a hulpvraag: 0 to 7 of them is "geheim" (R2)
    hulp = Kolom(
        "pct",
        "maat",
        "aandeel",
        "%",
        basis="n",
        gevoelig=True,
        teller="teller",
        teller_hulpvraag=True,
    )
    result = protect(frame, [hulp], inwoners=frame["inwoners"])
    assert result.status["pct"].tolist() == ["R3", "R4", "", "R2", "R2", "R4"]
    assert result.tekst("pct", "D") == "geheim"


def test_share_with_a_missing_teller_column_raises() -> None:
    kolom = Kolom("pct", "maat", "aandeel", "%", basis="n", teller="weg")
    frame = BUURTEN.assign(n=100, pct=1.0)
    with pytest.raises(KeyError, match="weg"):
        protect(frame, [kolom], inwoners=frame["inwoners"])


def test_figures_about_places_are_shown_as_they_are() -> None:
    frame = BUURTEN.assign(scholen=[1, 0, 2, 3, 1, 1])
    result = _protect([Kolom("scholen", "plek", "scholen")], frame)
    assert result.weergave()["scholen"].tolist() == [1, 0, 2, 3, 1, 1]
    assert result.log.empty


def test_missing_inhabitants_count_as_too_few() -> None:
    frame = BUURTEN.assign(inwoners=[np.nan, 40, 300, 1000, 200, 250])
    result = protect(frame, [Kolom("ouderen", "aantal", "65+")], inwoners=frame["inwoners"])
    assert result.status.loc["A", "ouderen"] == "R3"


def test_secondary_suppression_picks_by_inhabitants_then_code() -> None:
    frame = pd.DataFrame(
        {"wijk": ["W"] * 4, "inwoners": [5, 50, 50, 400], "x": [3, 20, 30, 40]},
        index=["A", "C", "B", "D"],
    )
    result = protect(
        frame, [Kolom("x", "aantal", "x")], inwoners=frame["inwoners"], groep=frame["wijk"]
    )
    # B and C tie on 50 inhabitants: the lower code (B) is hidden, never by value
    assert result.status["x"].to_dict() == {"A": "R3", "C": "", "B": "R5", "D": ""}


def test_no_secondary_suppression_when_two_are_hidden_already() -> None:
    frame = pd.DataFrame(
        {"wijk": ["W"] * 3, "inwoners": [5, 8, 400], "x": [1, 2, 40]}, index=list("ABC")
    )
    result = protect(
        frame, [Kolom("x", "aantal", "x")], inwoners=frame["inwoners"], groep=frame["wijk"]
    )
    assert result.status["x"].tolist() == ["R3", "R3", ""]


def test_missing_column_raises() -> None:
    with pytest.raises(KeyError, match="ontbreken"):
        protect(BUURTEN, [Kolom("onbekend", "aantal", "x")], inwoners=BUURTEN["inwoners"])


def test_sensitive_measure_without_basis_raises() -> None:
    frame = BUURTEN.assign(mean=1.0)
    with pytest.raises(ValueError, match="noemt geen basis"):
        protect(frame, [Kolom("mean", "maat", "gem.", gevoelig=True)], inwoners=frame["inwoners"])


def test_share_needs_its_counts_first() -> None:
    kolom = Kolom("pct", "aandeel", "x", teller="ouderen", noemer="inwoners")
    with pytest.raises(KeyError, match="eerder in kolommen"):
        protect(BUURTEN, [kolom], inwoners=BUURTEN["inwoners"])


def test_format_value_is_dutch() -> None:
    assert format_value(1234.0, Kolom("x", "aantal", "x")) == "1.234"
    assert format_value(23.456, Kolom("x", "aandeel", "x", "%", decimalen=1)) == "23,5%"
    assert format_value(812.0, Kolom("x", "maat", "x", "m")) == "812 m"
    assert format_value(float("nan"), Kolom("x", "maat", "x")) == "onbekend"


def test_disclosure_report_names_rules_columns_and_areas() -> None:
    result = _protect([Kolom("hulpvraag", "hulpvraag", "Met een hulpvraag")])
    report = disclosure_report({"buurten: bevolking": result}, titel="Afscherming test")
    assert report.startswith("# Afscherming test")
    for code in REGELS:
        assert f"**{code}**" in report
    assert "R2 (geheim): 1 cellen verborgen." in report
    assert "R5 (afgeschermd): 2 cellen verborgen." in report
    assert "Met een hulpvraag (`hulpvraag`): B, F" in report

"""Rounding and suppression of published figures (privacy rules R1-R5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sociale_basis.privacy import (
    REGELS,
    Kolom,
    Laag,
    disclosure_report,
    feasible_interval,
    format_value,
    protect,
    protect_levels,
    round_to_base,
    share_rule,
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
    # A: fewer than 10 inhabitants (R3); E: 6 <= 7 is "geheim" (R2).
    # W's total is 122 -> 120 (118-122); B 12 -> 10 (8-12), C 30 (28-32), D 80 (78-82),
    # so A = W - B - C - D lies in 118 - 126 = -8 .. 122 - 114 = 8: 0-8 is wide enough.
    # V's total is 50 (48-52), F 44 -> 45 (43-47): E = V - F would be 1-9, so 1-7 instead
    # of 0-7. F is hidden (R5): as an "afgeschermd" hulpvraag count it is 8 or more, and
    # E = V - F is 0-7 again.
    assert shown == {
        "A": "te weinig inwoners",
        "B": 10.0,
        "C": 30.0,
        "D": 80.0,
        "E": "geheim",
        "F": "afgeschermd",
    }
    assert result.status["hulpvraag"].to_dict() == {
        "A": "R3",
        "B": "",
        "C": "",
        "D": "",
        "E": "R2",
        "F": "R5",
    }
    audit = result.audit.set_index("gebied")
    assert audit.loc["A", ["laagste", "hoogste"]].tolist() == [0, 8]
    assert audit.loc["E", ["laagste", "hoogste"]].tolist() == [0, 7]
    assert audit["in_orde"].all()
    assert set(result.log["regel"]) == {"R2", "R3", "R5"}


def test_counts_of_persons_are_rounded_and_counted_in_r1() -> None:
    result = _protect([Kolom("ouderen", "aantal", "65+")])
    # A hidden (R3); W = 220 (218-222), B 10, C 60, D 150 (each +-2): A is 0-8, wide enough
    assert result.weergave()["ouderen"].tolist() == [
        "te weinig inwoners",
        10.0,
        60.0,
        150.0,
        40.0,
        50.0,
    ]
    # B 9 -> 10, C 61 -> 60, D 149 -> 150, F 52 -> 50 changed; E 40 already a multiple of 5
    assert result.afgerond["ouderen"] == 4


def test_shares_are_computed_after_rounding_and_inherit_hidden_counts() -> None:
    kolommen = [
        Kolom("inwoners", "aantal", "inwoners", secundair=False),
        Kolom("ouderen", "aantal", "65+"),
        Kolom("pct", "aandeel", "aandeel 65+", "%", teller="ouderen", noemer="inwoners"),
    ]
    result = _protect(kolommen)
    pct = result.waarden["pct"]
    assert pct["B"] == pytest.approx(10 / 40 * 100)  # 9/40 would be 22.5
    assert pct["C"] == pytest.approx(60 / 300 * 100)  # 61/300 would be 20.33
    assert pct["D"] == pytest.approx(150 / 1000 * 100)
    assert pct["F"] == pytest.approx(50 / 250 * 100)
    # the share of A would reveal its hidden count: hidden with the same rule
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
    # a hidden share hides its numerator: else B's share is 10 / 40 (R4 bypassed)
    assert result.status["hulpvraag"].tolist() == ["R3", "R4", "", "", "R2", ""]


def test_counts_of_persons_with_a_hulpvraag_follow_r4_before_r2() -> None:
    # R4 looks at the group (public size), not at the value: B's 12 of 40 persons is
    # "te weinig personen", and so would a count of 3 be; the label tells nothing
    kolom = Kolom("hulpvraag", "hulpvraag", "met hulpvraag", basis="inwoners", gevoelig=True)
    frame = BUURTEN.assign(hulpvraag=[0, 3, 30, 80, 6, 44])
    result = protect(frame, [kolom], inwoners=frame["inwoners"])
    assert result.status["hulpvraag"].tolist() == ["R3", "R4", "", "", "R2", ""]


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
        {"wijk": ["W"] * 3, "inwoners": [5, 50, 50], "x": [0, 20, 20]},
        index=["A", "C", "B"],
    )
    result = protect(
        frame, [Kolom("x", "aantal", "x")], inwoners=frame["inwoners"], groep=frame["wijk"]
    )
    # W = 40 (38-42), B and C 20 (18-22): A = W - B - C is 0-6, narrower than 0-7.
    # B and C tie on 50 inhabitants: the lower code (B) is hidden, never by value; then A
    # is 0 to 42 - 18 = 24.
    assert result.status["x"].to_dict() == {"A": "R3", "C": "", "B": "R5"}
    assert result.audit.set_index("gebied").loc["A", "hoogste"] == 24


def test_two_hidden_cells_that_are_unknown_protect_each_other() -> None:
    frame = pd.DataFrame(
        {"wijk": ["W"] * 3, "inwoners": [5, 8, 400], "x": [1, 2, 40]}, index=list("ABC")
    )
    result = protect(
        frame, [Kolom("x", "aantal", "x")], inwoners=frame["inwoners"], groep=frame["wijk"]
    )
    # W = 43 -> 45 (43-47), C 40 (38-42): A + B is 1-9, so A and B are each 0-9
    assert result.status["x"].tolist() == ["R3", "R3", ""]
    assert result.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 9], [0, 9]]


def test_an_empty_buurt_is_no_partner() -> None:
    """Delft WK050322: an empty buurt (0 inhabitants, R3) counted as the second hidden
    cell, so the one real hidden cell was left unprotected."""
    frame = pd.DataFrame(
        {"wijk": ["W"] * 3, "inwoners": [0, 200, 300], "x": [0, 6, 40]}, index=list("ZGS")
    )
    kolom = Kolom("x", "hulpvraag", "x")
    # the public bound: the buurt Z has 0 inhabitants, so its count is known to be 0
    result = protect(
        frame,
        [kolom],
        inwoners=frame["inwoners"],
        groep=frame["wijk"],
        bovengrens=frame["inwoners"],
    )
    # W = 46 -> 45 (43-47), S 40 (38-42), Z = 0: G = W - S would be 1-7. S is hidden.
    assert result.status["x"].tolist() == ["R3", "R2", "R5"]
    assert result.audit.set_index("gebied").loc["G", ["laagste", "hoogste"]].tolist() == [0, 7]
    # were Z's count unknown (no public bound), Z itself would leave G 0-7
    unknown = protect(frame, [kolom], inwoners=frame["inwoners"], groep=frame["wijk"])
    assert unknown.status["x"].tolist() == ["R3", "R2", ""]


def test_two_geheim_buurten_are_not_narrowed_by_their_wijk() -> None:
    """Zwolle WK019332: two geheim buurten (7 and 7) under a published wijk total of 50
    and a shown third buurt (36 -> 35) were each 4-7 instead of 0-7."""
    frame = pd.DataFrame(
        {"wijk": ["W"] * 3, "inwoners": [600, 125, 290], "x": [36, 7, 7]}, index=list("SGH")
    )
    result = protect(
        frame, [Kolom("x", "hulpvraag", "x")], inwoners=frame["inwoners"], groep=frame["wijk"]
    )
    # G = W - S - H: 48 - 37 - 7 = 4 to 52 - 33 - 0 = 19, so 4-7: S is hidden (R5)
    assert result.status["x"].tolist() == ["R5", "R2", "R2"]
    assert result.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 7], [0, 7]]


def test_a_kind_of_hulpvraag_is_not_narrowed_by_the_total_of_its_row() -> None:
    # one area: 20 with a hulpvraag (18-22) of which b 15 (13-17) and a 5 (geheim): a
    # would be 1-7. Hidden next: the cell nearest a in the fixed order (the total, the
    # first column); then a is 0-7 again
    frame = pd.DataFrame({"inwoners": [500], "met": [20], "a": [5], "b": [15]}, index=["X"])
    kolommen = [
        Kolom("met", "hulpvraag", "met", som_van_delen=True),
        Kolom("a", "hulpvraag", "a", deel_van="met"),
        Kolom("b", "hulpvraag", "b", deel_van="met"),
    ]
    result = protect(frame, kolommen, inwoners=frame["inwoners"])
    assert result.status.loc["X"].tolist() == ["R5", "R2", ""]
    assert result.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 7]]


def test_protect_levels_publishes_wijk_and_buurten_audited_together() -> None:
    buurten = pd.DataFrame(
        {"inwoners": [600, 125, 290], "x": [36, 7, 7], "wijk": ["W", "W", "W"]},
        index=list("SGH"),
    )
    wijken = pd.DataFrame({"inwoners": [1015], "x": [50]}, index=["W"])
    kolom = [Kolom("x", "hulpvraag", "x")]
    b, w = protect_levels(
        [
            Laag(buurten, kolom, buurten["inwoners"], ouder=buurten["wijk"]),
            Laag(wijken, kolom, wijken["inwoners"]),
        ]
    )
    # as above, but the wijk can be hidden too; S (lower level) is still tried first
    assert b.status["x"].tolist() == ["R5", "R2", "R2"]
    assert w.status["x"].tolist() == [""]
    assert w.waarden.loc["W", "x"] == 50


def test_public_figures_alone_can_pin_a_cell_down() -> None:
    # x is part of p, a public figure of 2: x is 0-2 whatever is hidden; nothing can help
    frame = pd.DataFrame({"inwoners": [5], "p": [2], "x": [1]}, index=["A"])
    kolommen = [
        Kolom("p", "aantal", "p", secundair=False),
        Kolom("x", "aantal", "x", deel_van="p"),
    ]
    with pytest.raises(RuntimeError, match="niet af te schermen"):
        protect(frame, kolommen, inwoners=frame["inwoners"])


def test_declared_sums_must_hold_in_the_raw_counts() -> None:
    frame = pd.DataFrame({"inwoners": [500], "met": [20], "a": [5], "b": [14]}, index=["X"])
    kolommen = [
        Kolom("met", "hulpvraag", "met", som_van_delen=True),
        Kolom("a", "hulpvraag", "a", deel_van="met"),
        Kolom("b", "hulpvraag", "b", deel_van="met"),
    ]
    with pytest.raises(ValueError, match="som van zijn delen"):
        protect(frame, kolommen, inwoners=frame["inwoners"])
    bigger = frame.assign(a=[30])
    with pytest.raises(ValueError, match="groter dan"):
        protect(
            bigger, [*kolommen[1:], Kolom("met", "hulpvraag", "met")], inwoners=frame["inwoners"]
        )
    with pytest.raises(KeyError, match="weg"):
        protect(frame, [Kolom("a", "aantal", "a", deel_van="weg")], inwoners=frame["inwoners"])


def test_protect_levels_refuses_bad_levels_and_a_lower_minimum() -> None:
    frame = pd.DataFrame({"inwoners": [500], "x": [20]}, index=["X"])
    laag = Laag(frame, [Kolom("x", "aantal", "x")], frame["inwoners"])
    with pytest.raises(ValueError, match="minstens 100"):
        protect_levels([laag], min_personen=50)
    with pytest.raises(ValueError, match="van laag naar hoog"):
        protect_levels([laag, laag])


def test_feasible_interval_of_a_wijk_with_three_buurten() -> None:
    # cells: 0 = the wijk, 1-3 = its buurten
    sums = [(0, [1, 2, 3])]
    # wijk 20 (18-22), buurt 1 shows 10 (8-12), buurt 2 geheim (0-7), buurt 3 hidden
    assert feasible_interval(2, [18, 8, 0, 0], [22, 12, 7, 1000], sums) == (0, 7)
    # buurt 3 shown as 5 (3-7): buurt 2 is 18 - 12 - 7 = -1 .. 22 - 8 - 3 = 11, so 0-7
    assert feasible_interval(2, [18, 8, 0, 3], [22, 12, 7, 7], sums) == (0, 7)
    # a wijk of 25 (23-27): buurt 2 is 23 - 12 - 7 = 4 .. 27 - 8 - 3 = 16, so 4-7
    assert feasible_interval(2, [23, 8, 0, 3], [27, 12, 7, 7], sums) == (4, 7)
    # "at most": buurt 2 is part of cell 4, shown as 5 (3-7)... and known to be at most 5
    assert feasible_interval(2, [18, 8, 0, 0, 5], [22, 12, 7, 1000, 5], sums, [(2, 4)]) == (0, 5)
    # bounds that contradict each other
    low, high = feasible_interval(1, [30, 0, 0, 0], [30, 5, 5, 5], sums)
    assert np.isnan(low) and np.isnan(high)


def test_share_rule_is_one_rule_for_tables_and_flags() -> None:
    value, codes = share_rule([12, 6, 30], [40, 200, 90], hulpvraag=True, min_personen=100)
    assert np.isnan(value).all() and codes.tolist() == ["R4", "R2", "R4"]
    value, codes = share_rule([12, 6, 30], [40, 200, 90], hulpvraag=False, min_personen=None)
    assert value.tolist() == pytest.approx([10 / 40, 5 / 200, 30 / 90])
    assert codes.tolist() == ["", "", ""]
    value, _ = share_rule([3], [0], hulpvraag=False, min_personen=None, factor=100)
    assert np.isnan(value[0])  # nobody behind it


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


def test_disclosure_report_names_rules_columns_areas_and_the_audit() -> None:
    result = _protect([Kolom("hulpvraag", "hulpvraag", "Met een hulpvraag")])
    report = disclosure_report({"buurten: bevolking": result}, titel="Afscherming test")
    assert report.startswith("# Afscherming test")
    for code in REGELS:
        assert f"**{code}**" in report
    assert "R2 (geheim): 1 cellen verborgen." in report
    assert "R5 (afgeschermd): 1 cellen verborgen." in report
    assert "Met een hulpvraag (`hulpvraag`): F" in report
    assert "Verborgen cellen per regel, alle tabellen samen: R2 1, R3 1, R4 0, R5 1." in report
    assert "Intervalcontrole: 2 verborgen aantallen" in report
    # A (R3) is 0-8 and E (geheim) 0-7: the smallest width is E's
    assert "`hulpvraag`: 2 cellen, kleinste breedte 7 (daar vereist 7)" in report


def test_a_total_taken_as_published_elsewhere_can_pin_a_cell_down() -> None:
    # W = A + B with 11 inhabitants shows 0 (0-2): A and B (R3) are both 0-2, and W's
    # total belongs to another table, so it cannot be hidden here
    frame = pd.DataFrame({"wijk": ["W", "W"], "inwoners": [5, 6], "x": [0, 0]}, index=list("AB"))
    with pytest.raises(RuntimeError, match="beide niveaus samen"):
        protect(frame, [Kolom("x", "aantal", "x")], inwoners=frame["inwoners"], groep=frame["wijk"])
    # protected together with the wijk table, the wijk total is hidden instead
    wijk = pd.DataFrame({"inwoners": [11], "x": [0]}, index=["W"])
    kolom = [Kolom("x", "aantal", "x")]
    b, w = protect_levels(
        [
            Laag(frame, kolom, frame["inwoners"], ouder=frame["wijk"]),
            Laag(wijk, kolom, wijk["inwoners"]),
        ]
    )
    assert b.status["x"].tolist() == ["R3", "R3"] and w.status["x"].tolist() == ["R5"]


@pytest.mark.parametrize("waarden", [[6, 5], [3, 2]], ids=["wijk-11", "wijk-5"])
def test_a_hulpvraag_total_over_two_geheim_buurten_is_hidden_whatever_its_value(
    waarden: list[int],
) -> None:
    """Zwolle WK019352: both buurten have a "geheim" financial hulpvraag (6 and 5), the wijk
    11. A shown or "afgeschermd" wijk count is 8 or more, so one buurt would be at least
    8 - 7 = 1, and no cell is left to hide: this used to raise. The wijk total is now
    hidden (R5) because its parts are all geheim, also when it would itself be geheim (5):
    the status of the wijk says nothing about its value."""
    buurten = pd.DataFrame(
        {"wijk": ["W", "W"], "inwoners": [389, 491], "x": waarden}, index=["A", "B"]
    )
    wijken = pd.DataFrame({"inwoners": [880], "x": [sum(waarden)]}, index=["W"])
    kolom = [Kolom("x", "hulpvraag", "x")]
    b, w = protect_levels(
        [
            Laag(buurten, kolom, buurten["inwoners"], ouder=buurten["wijk"]),
            Laag(wijken, kolom, wijken["inwoners"]),
        ]
    )
    assert b.status["x"].tolist() == ["R2", "R2"]
    assert w.status["x"].tolist() == ["R5"]
    assert np.isnan(w.waarden.loc["W", "x"])
    # each buurt keeps the whole of 0-7 against everything published
    assert b.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 7], [0, 7]]
    assert b.audit["in_orde"].all()
    # the same with the wijk total taken as published elsewhere (protect with groep)
    alone = protect(buurten, kolom, inwoners=buurten["inwoners"], groep=buurten["wijk"])
    assert alone.status["x"].tolist() == ["R2", "R2"]
    assert alone.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 7], [0, 7]]


def test_a_shown_part_keeps_the_hulpvraag_total_shown() -> None:
    # with one buurt shown (12, so 8 or more) the total's "8 or more" narrows nothing
    buurten = pd.DataFrame({"wijk": ["W", "W"], "inwoners": [389, 491], "x": [6, 12]})
    buurten.index = ["A", "B"]
    wijken = pd.DataFrame({"inwoners": [880], "x": [18]}, index=["W"])
    kolom = [Kolom("x", "hulpvraag", "x")]
    b, w = protect_levels(
        [
            Laag(buurten, kolom, buurten["inwoners"], ouder=buurten["wijk"]),
            Laag(wijken, kolom, wijken["inwoners"]),
        ]
    )
    assert b.status["x"].tolist() == ["R2", "R5"] and w.status["x"].tolist() == [""]
    assert b.audit[["laagste", "hoogste"]].to_numpy().tolist() == [[0, 7]]

"""Calibration by raking: IPF and its one-margin shortcut, answers checked by hand and
against the ipfn package; which target applies; integerised draws; the fit report."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sociale_basis.synthetic.ijking import (
    Eenheden,
    calibrate,
    default_targets,
    draw_exact,
    fit_report,
    ipf,
    rake,
    targets_for,
    targets_table,
)


def test_rake_by_hand():
    # p = (0.2, 0.5), one group, target 1: odds 0.25 e^s and e^s with
    # a/(1+a) + b/(1+b) = 1  <=>  ab = 1  <=>  e^s = 2: p' = (1/3, 2/3)
    out = rake(np.array([0.2, 0.5]), np.array([0, 0]), np.array([1.0]))
    assert out == pytest.approx([1 / 3, 2 / 3], abs=1e-9)
    # symmetric: (0.5, 0.5) to 1.5 gives 0.75 each; a unit outside any group keeps its p
    out = rake(np.array([0.5, 0.5, 0.3]), np.array([0, 0, -1]), np.array([1.5]))
    assert out == pytest.approx([0.75, 0.75, 0.3])


def test_rake_keeps_zero_and_clips_what_cannot_be_reached():
    out = rake(np.array([0.0, 0.5, 0.5]), np.array([0, 0, 0]), np.array([5.0]))
    assert out[0] == 0.0 and out[1:] == pytest.approx([1.0, 1.0], abs=1e-6)


def test_ipf_equals_rake_and_ipfn():
    ipfn = pytest.importorskip("ipfn.ipfn")
    rng = np.random.default_rng(3)
    p = rng.uniform(0.05, 0.6, 8)
    target = 3.0
    ours = ipf(
        np.column_stack([1 - p, p]), [(np.zeros(8, np.int64), np.array([[8 - target, target]]))]
    )
    assert ours[:, 1] == pytest.approx(rake(p, np.zeros(8, np.int64), np.array([target])), abs=1e-6)
    m = np.column_stack([1 - p, p])
    theirs = ipfn.ipfn(m.copy(), [np.ones(8), np.array([8 - target, target])], [[0], [1]],
                       convergence_rate=1e-10, max_iteration=5000).iteration()  # fmt: skip
    assert ours == pytest.approx(theirs, abs=1e-5)


def test_ipf_two_margins_by_hand():
    # 2 units x 2 categories, both start (0.5, 0.5); column sums (0.5, 1.5): each unit
    # gets (0.25, 0.75), rows still sum to 1
    out = ipf(np.full((2, 2), 0.5), [(np.array([0, 0]), np.array([[0.5, 1.5]]))])
    assert out == pytest.approx(np.array([[0.25, 0.75], [0.25, 0.75]]), abs=1e-6)


def test_draw_exact_gives_the_expected_number_per_group():
    p = np.r_[np.full(100, 0.2), np.full(50, 0.6)]
    group = np.r_[np.zeros(100, np.int64), np.ones(50, np.int64)]
    for seed in range(5):
        out = draw_exact(p, group, np.random.default_rng(seed))
        assert out[:100].sum() == 20 and out[100:].sum() == 30  # 100 x 0.2, 50 x 0.6


def _units() -> Eenheden:
    # wijk WK1 with buurten BU1 (4 persons) and BU2 (6); wijk WK2 with BU3 (10 persons)
    buurt = np.array(["BU1"] * 4 + ["BU2"] * 6 + ["BU3"] * 10, dtype=object)
    wijk = np.array(["WK1"] * 10 + ["WK2"] * 10, dtype=object)
    return Eenheden(buurt, wijk, np.ones(20, bool))


def test_buurt_then_wijk_remainder_then_gemeente_remainder():
    doelen = targets_table(
        [
            dict(gebiedcode="BU1", indicator="vrijwilliger", waarde=0.5, periode="", bron="x"),
            dict(gebiedcode="WK1", indicator="vrijwilliger", waarde=0.3, periode="", bron="x"),
            dict(gebiedcode="GM1", indicator="vrijwilliger", waarde=0.25, periode="", bron="x"),
        ]
    )
    units = _units()
    group, counts, names = targets_for(doelen, "vrijwilliger", units)
    # BU1: 0.5 x 4 = 2; rest of WK1: 0.3 x 10 - 2 = 1 over 6; rest of GM: 0.25 x 20 - 3 = 2
    assert names == ["BU1", "WK1", "GM1"]
    assert counts == pytest.approx([2.0, 1.0, 2.0])
    assert (group[:4] == 0).all() and (group[4:10] == 1).all() and (group[10:] == 2).all()
    out = calibrate(np.full(20, 0.3), doelen, "vrijwilliger", units, np.random.default_rng(0))
    assert out[:4].sum() == 2 and out[4:10].sum() == 1 and out[10:].sum() == 2


def test_default_targets_user_replaces_bundle_and_national_fills_in():
    k = pd.DataFrame(
        {"jaar": [2023], "percentage_huishoudens_met_laag_inkomen": [60.0]},
        index=pd.Index(["BU1"], name="buurtcode"),
    )
    eigen = targets_table(
        [dict(gebiedcode="BU1", indicator="laag_inkomen", waarde=0.3, periode="2022", bron="e")]
    )
    table = default_targets(k, "GM1", eigen)
    laag = table[table["indicator"] == "laag_inkomen"]
    assert laag["waarde"].tolist() == [0.3]  # the user's, not CBS's 60 %
    # no national default for an indicator the bundle has; the others get one
    assert "GM1" not in laag["gebiedcode"].tolist()
    national = table[table["gebiedcode"] == "GM1"].set_index("indicator")["waarde"]
    assert national["eenzaam_ernstig"] == 0.12 and national["mantelzorger"] == 0.14


def test_fit_report_by_hand():
    units = _units()
    doelen = targets_table(
        [dict(gebiedcode="BU1", indicator="mantelzorger", waarde=0.5, periode="", bron="x")]
    )
    has = np.zeros(20, bool)
    has[:3] = True  # 3 of the 4 in BU1
    r = fit_report(doelen, {"mantelzorger": (has, units)}).iloc[0]
    assert (r["doel_pct"], r["synthetisch_pct"], r["verschil_pct"], r["basis"]) == (
        50.0, 75.0, 25.0, 4
    )  # fmt: skip


def test_area_members_are_the_basis_units_of_each_area() -> None:
    from sociale_basis.synthetic.ijking import Eenheden, area_members, area_of

    units = Eenheden(
        buurt=np.array(["B1", "B2", "B1", None, "B2"], dtype=object),
        wijk=np.array(["W1", "W1", "W1", "W2", "W1"], dtype=object),
        basis=np.array([True, True, False, True, True]),
    )
    members = area_members(units)
    assert area_of(members, "buurt", "B1").tolist() == [0]  # unit 2 is not in the basis
    assert area_of(members, "buurt", "B2").tolist() == [1, 4]
    assert area_of(members, "buurt", "B9").tolist() == []  # no units there
    assert area_of(members, "wijk", "W2").tolist() == [3]  # no buurt, still in its wijk
    assert area_of(members, "gemeente", "GM0503").tolist() == [0, 1, 3, 4]

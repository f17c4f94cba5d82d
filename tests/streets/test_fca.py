"""2SFCA and E2SFCA on a cost table: by hand, the edge cases, the millimetre grid, PySAL."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import sociale_basis as sb
from sociale_basis.streets.fca import (
    E2SFCA_WEIGHTS,
    TwoStepFca,
    step_weights,
    two_step_fca_from_costs,
)


def costs(rows: list[tuple[str, str, float]], **extra: list[float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["herkomst", "bestemming", "afstand_m"])
    return frame.assign(**extra)


def series(values: dict[str, float]) -> pd.Series:
    return pd.Series(values, dtype=float)


# Three origins, two sites, drempel 500 m: o3 reaches s2 only at 600 m (out of reach).
KOSTEN = costs([("o1", "s1", 100), ("o2", "s1", 400), ("o2", "s2", 300), ("o3", "s2", 600)])
VRAAG = series({"o1": 10, "o2": 20, "o3": 5})
AANBOD = series({"s1": 30, "s2": 40})


def test_two_step_fca_by_hand():
    result = two_step_fca_from_costs(KOSTEN, VRAAG, AANBOD, drempel=500)
    assert isinstance(result, TwoStepFca)
    # R1 = 30 / (10 + 20) = 1; R2 = 40 / 20 = 2 (o3 is 600 m away)
    assert result.ratio.to_dict() == pytest.approx({"s1": 1.0, "s2": 2.0})
    # A1 = R1; A2 = R1 + R2; A3 = 0: no site within 500 m
    assert result.toegang.to_dict() == pytest.approx({"o1": 1.0, "o2": 3.0, "o3": 0.0})
    assert result.toegang.name == "toegang" and result.ratio.name == "ratio"
    A, R = result  # unpacks as (toegang, ratio)
    assert A is result.toegang and R is result.ratio
    wider = two_step_fca_from_costs(KOSTEN, VRAAG, AANBOD, drempel=600)
    # R2 = 40 / (20 + 5) = 1.6; A3 = 1.6
    assert wider.toegang["o3"] == pytest.approx(1.6)
    assert sb.two_step_fca_from_costs is sb.streets.two_step_fca_from_costs


def test_e2sfca_bands_by_hand():
    kosten = costs(
        [("o1", "s1", 5), ("o2", "s1", 15), ("o2", "s2", 25), ("o3", "s2", 10), ("o3", "s1", 35)],
    ).rename(columns={"afstand_m": "tijd_min"})
    vraag, aanbod = series({"o1": 1, "o2": 2, "o3": 1}), series({"s1": 10, "s2": 6})
    # weights 1 (0-10 min; 10 itself included), 0.68 (10-20), 0.22 (20-30), 0 beyond 30
    result = two_step_fca_from_costs(kosten, vraag, aanbod, gewichten=E2SFCA_WEIGHTS)
    r1 = 10 / (1 * 1 + 0.68 * 2)  # 4.2373
    r2 = 6 / (0.22 * 2 + 1 * 1)  # 4.1667
    assert result.ratio.tolist() == pytest.approx([r1, r2])
    assert result.toegang.tolist() == pytest.approx([r1, 0.68 * r1 + 0.22 * r2, r2])
    # the drempel defaults to the largest bound; a smaller one cuts the last band off
    cut = two_step_fca_from_costs(kosten, vraag, aanbod, gewichten=E2SFCA_WEIGHTS, drempel=20)
    assert cut.ratio["s2"] == pytest.approx(6.0)  # only o3, weight 1
    # a function of cost as W: 1 / cost
    fn = two_step_fca_from_costs(kosten, vraag, aanbod, drempel=30, gewichten=lambda c: 1 / c)
    assert fn.ratio["s1"] == pytest.approx(10 / (1 / 5 + 2 / 15))


def test_pair_weight_own_wijk():
    # o1 and s1 in the same wijk: weight 3 on that pair
    kosten = KOSTEN.assign(omega=[3.0, 1.0, 1.0, 1.0])
    result = two_step_fca_from_costs(
        kosten, VRAAG, AANBOD, drempel=500, kosten_kolom="afstand_m", paargewicht_kolom="omega"
    )
    r1 = 30 / (3 * 10 + 20)  # 0.6
    assert result.ratio.tolist() == pytest.approx([r1, 2.0])
    assert result.toegang.tolist() == pytest.approx([3 * r1, r1 + 2.0, 0.0])


def test_edge_cases():
    # s3: reached only by o4, who has no demand; s4: reached by nobody
    kosten = costs([("o1", "s1", 100), ("o4", "s3", 50), ("o4", "s1", 200)])
    vraag = series({"o1": 4, "o4": 0, "o5": 7})
    aanbod = series({"s1": 8, "s3": 5, "s4": 9})
    result = two_step_fca_from_costs(kosten, vraag, aanbod, drempel=500)
    assert result.ratio["s1"] == pytest.approx(2.0)
    assert np.isnan(result.ratio["s3"]) and np.isnan(result.ratio["s4"])  # no demand in reach
    # o4 gets R1 only (s3 adds nothing); o5 reaches no site: 0, not NaN
    assert result.toegang.to_dict() == pytest.approx({"o1": 2.0, "o4": 2.0, "o5": 0.0})


def test_costs_on_a_millimetre_grid():
    noisy = costs([("o1", "s1", 500.0000000001), ("o2", "s1", 500.0004), ("o3", "s1", 500.001)])
    vraag, aanbod = series({"o1": 1, "o2": 1, "o3": 1}), series({"s1": 6})
    result = two_step_fca_from_costs(noisy, vraag, aanbod, drempel=500)
    # within half a millimetre of 500 m counts as 500 m; a whole millimetre beyond does not
    assert result.ratio["s1"] == pytest.approx(3.0)
    assert result.toegang.tolist() == pytest.approx([3.0, 3.0, 0.0])
    # the same on the band bounds: 10.0000000001 minutes is in the band up to 10 (weight 1)
    minutes = costs([("o1", "s1", 10.0000000001), ("o2", "s1", 20.0000000001)])
    banded = two_step_fca_from_costs(
        minutes, series({"o1": 1, "o2": 1}), aanbod, gewichten={10.0: 1.0, 20.0: 0.5}
    )
    assert banded.ratio["s1"] == pytest.approx(6 / 1.5)
    assert step_weights({10.0: 1.0, 20.0: 0.68}, np.array([10.0004, 10.0006])).tolist() == [
        1.0,
        0.68,
    ]


def test_step_weights_follow_pysal_step_fn():
    w = step_weights(E2SFCA_WEIGHTS, np.array([0, 10, 10.5, 30, 31]))
    assert w.tolist() == [1.0, 1.0, 0.68, 0.22, 0.0]
    assert step_weights(None, np.array([1.0, 2.0])).tolist() == [1.0, 1.0]
    assert step_weights(lambda c: c * 0 + 2, np.array([1.0])).tolist() == [2.0]
    assert step_weights({}, np.array([1.0])).tolist() == [0.0]


def test_what_is_checked():
    def run(kosten=KOSTEN, vraag=VRAAG, aanbod=AANBOD, **kw):  # type: ignore[no-untyped-def]
        kw.setdefault("drempel", 500)
        return two_step_fca_from_costs(kosten, vraag, aanbod, **kw)

    with pytest.raises(TypeError, match="kosten: verwacht een DataFrame"):
        run(kosten=KOSTEN.to_numpy())
    with pytest.raises(TypeError, match="vraag: verwacht een Series"):
        run(vraag=VRAAG.to_dict())
    with pytest.raises(ValueError, match="noem de kolom met de kosten"):
        run(kosten=KOSTEN.assign(extra=1.0))
    with pytest.raises(ValueError, match=r"missen de kolom\(men\) \['van'\]"):
        run(herkomst_kolom="van")
    with pytest.raises(ValueError, match="kolom 'afstand_m': 1 waarden zijn leeg, negatief"):
        run(kosten=KOSTEN.assign(afstand_m=[100, -1, 300, 600]))
    with pytest.raises(ValueError, match="kolom 'omega': 1 waarden"):
        run(kosten=KOSTEN.assign(omega=[1, 1, np.nan, 1]), paargewicht_kolom="omega")
    with pytest.raises(ValueError, match=r"vraag: 1 waarden zijn leeg.*\['o2'\]"):
        run(vraag=series({"o1": 10, "o2": np.nan, "o3": 5}))
    with pytest.raises(ValueError, match=r"aanbod: de id's moeten uniek zijn; dubbel: \['s1'\]"):
        run(aanbod=pd.Series([30.0, 40.0, 1.0], index=["s1", "s2", "s1"]))
    with pytest.raises(ValueError, match=r"1 id's in kolom 'herkomst'.*ontbreken in vraag"):
        run(vraag=VRAAG.drop("o3"))
    with pytest.raises(ValueError, match=r"kolom 'bestemming'.*ontbreken in aanbod.*\['s2'\]"):
        run(aanbod=AANBOD.drop("s2"))
    with pytest.raises(ValueError, match="meer dan eens"):
        run(kosten=pd.concat([KOSTEN, KOSTEN.iloc[:1]]))
    # many possible pairs (2,000 x 1,000) and few rows: found by sorting instead of counting
    many_o = pd.concat([VRAAG, pd.Series(0.0, index=[f"x{i}" for i in range(2000)])])
    many_s = pd.concat([AANBOD, pd.Series(0.0, index=[f"y{j}" for j in range(1000)])])
    assert run(vraag=many_o, aanbod=many_s).toegang["o2"] == pytest.approx(3.0)
    with pytest.raises(ValueError, match="meer dan eens"):
        run(kosten=pd.concat([KOSTEN, KOSTEN.iloc[:1]]), vraag=many_o, aanbod=many_s)
    with pytest.raises(ValueError, match="geef drempel="):
        run(drempel=None)
    with pytest.raises(ValueError, match="drempel moet een positief getal"):
        run(drempel=0)
    with pytest.raises(ValueError, match="gewichten moeten getallen van 0 of meer"):
        run(gewichten={500.0: -1.0})
    with pytest.raises(ValueError, match="gewichten moeten getallen van 0 of meer"):
        run(gewichten=lambda c: c * np.nan)
    with pytest.raises(ValueError, match="gaf 1 waarden voor 3 kosten"):
        run(gewichten=lambda c: np.ones(1))


# --- against PySAL access ------------------------------------------------------------------


def pysal(kosten: pd.DataFrame, vraag: pd.Series, aanbod: pd.Series, **kw: object) -> pd.Series:
    access_pkg = pytest.importorskip("access")
    cost_name = kosten.columns[-1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PySAL access warns about pandas idioms
        A = access_pkg.Access(
            demand_df=vraag.rename("vraag").rename_axis("geoid").to_frame(),
            demand_index=True,
            demand_value="vraag",
            supply_df=aanbod.rename("aanbod").rename_axis("geoid").to_frame(),
            supply_index=True,
            supply_value="aanbod",
            cost_df=kosten,
            cost_origin="herkomst",
            cost_dest="bestemming",
            cost_name=cost_name,
        )
        weights = kw.pop("gewichten", None)
        fn = None if weights is None else access_pkg.weights.step_fn(dict(weights))
        return A.two_stage_fca(name="x", weight_fn=fn, **kw).iloc[:, 0]  # type: ignore[arg-type]


def test_equals_pysal_access_where_both_are_defined():
    rng = np.random.default_rng(12)
    origins = [f"o{i}" for i in range(60)]
    sites = [f"s{j}" for j in range(8)]
    # every origin reaches the first site, so that no origin is without a site in reach
    rows = [(o, "s0", float(rng.uniform(0, 28))) for o in origins]
    rows += [(o, s, float(rng.uniform(0, 40))) for o in origins for s in sites[1:]]
    kosten = costs(rows).rename(columns={"afstand_m": "tijd_min"})
    kosten = kosten[(kosten["tijd_min"] - kosten["tijd_min"].round()).abs() > 0.01]  # no ties
    vraag = pd.Series(rng.integers(1, 50, len(origins)).astype(float), index=origins)
    aanbod = pd.Series(rng.integers(10, 900, len(sites)).astype(float), index=sites)
    for kw in ({"drempel": 20.0}, {"gewichten": E2SFCA_WEIGHTS}):
        ours = two_step_fca_from_costs(kosten, vraag, aanbod, **kw)  # type: ignore[arg-type]
        weights = kw.get("gewichten")
        theirs = pysal(kosten, vraag, aanbod, max_cost=kw.get("drempel", 30.0), gewichten=weights)
        assert ours.toegang.notna().all() and theirs.notna().all()
        assert np.allclose(ours.toegang, theirs.loc[ours.toegang.index], rtol=1e-9)


def test_where_pysal_access_differs():
    """The documented differences: NaN and inf in PySAL, 0 and NaN here; the grid."""
    kosten = costs([("o1", "s1", 100.0), ("o4", "s3", 50.0), ("o6", "s1", 500.0000000001)])
    vraag = series({"o1": 4, "o4": 0, "o5": 7, "o6": 4})
    aanbod = series({"s1": 8, "s3": 5})
    ours = two_step_fca_from_costs(kosten, vraag, aanbod, drempel=500).toegang
    theirs = pysal(kosten, vraag, aanbod, max_cost=500.0)
    assert ours["o1"] == pytest.approx(1.0) and ours["o6"] == pytest.approx(1.0)  # 8 / 8
    assert theirs["o1"] == pytest.approx(2.0) and np.isnan(theirs["o6"])  # 8 / 4: o6 is out
    assert ours["o4"] == 0.0 and np.isinf(theirs["o4"])  # s3 has no demand: 5 / 0
    assert ours["o5"] == 0.0 and np.isnan(theirs["o5"])  # o5 reaches no site
    # with no capacity either, PySAL's 0 / 0 is NaN, which its sum skips: the same as here
    empty = series({"s1": 8, "s3": 0})
    ours = two_step_fca_from_costs(kosten, vraag, empty, drempel=500).toegang
    assert ours["o4"] == pysal(kosten, vraag, empty, max_cost=500.0)["o4"] == 0.0

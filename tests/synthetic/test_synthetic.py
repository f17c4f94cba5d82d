"""The synthetic population: hand-built bundles whose answers can be checked by hand, plus
the real Delft and Zwolle bundles (generated once per module)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from sociale_basis import datasets
from sociale_basis.core.crs import RD_NEW
from sociale_basis.core.errors import ValidationError
from sociale_basis.core.gebied import Bron
from sociale_basis.core.taxonomy import HULPVRAGEN, ROLLEN, SOORTEN, VERENIGING_SOORTEN
from sociale_basis.synthetic.ijking import Eenheden, default_targets
from sociale_basis.synthetic.inwoners import build_persons, make_households
from sociale_basis.synthetic.kenmerken import draw_kenmerken
from sociale_basis.synthetic.leeftijden import band_counts
from sociale_basis.synthetic.plekken import Plekken, soorten_to_add
from sociale_basis.synthetic.population import INFORMELE_RELATIES, Synthetic, generate
from sociale_basis.synthetic.relaties import degree_table, lid_ties
from sociale_basis.synthetic.tools import largest_remainder
from sociale_basis.synthetic.uitkomsten import draw_uitkomsten

# --- a tiny gemeente: wijk A (buurt A1, x 100-101 km) and wijk B (buurt B1, x 101-102 km) ----

X0, Y0 = 100_000.0, 400_000.0
AANTAL_GROEPEN = [("jong", 0, 17), ("midden", 18, 64), ("oud", 65, 100)]
PCT_GROEPEN = [
    ("p0", 0, 14),
    ("p15", 15, 24),
    ("p25", 25, 44),
    ("p45", 45, 64),
    ("p65", 65, 100),
]


def _areas(extra_buurt: dict[str, list[object]]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    wijken = gpd.GeoDataFrame(
        {"wijknaam": ["Wijk 01 Noord", "Wijk 02 Zuid"], "inwoners": [0, 0]},
        geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000), box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000)],
        index=pd.Index(["WK000101", "WK000102"], name="wijkcode"),
        crs=RD_NEW,
    )
    buurten = gpd.GeoDataFrame(
        {"buurtnaam": ["Noord", "Zuid"], "wijkcode": ["WK000101", "WK000102"], **extra_buurt},
        geometry=list(wijken.geometry),
        index=pd.Index(["BU00010100", "BU00010200"], name="buurtcode"),
        crs=RD_NEW,
    )
    return wijken, buurten


def _adressen(per_buurt: tuple[int, int] = (4, 3)) -> gpd.GeoDataFrame:
    xs, codes, wijk = [], [], []
    for i, n in enumerate(per_buurt):
        for k in range(n):
            xs.append(X0 + 1000 * i + 100 + 200 * k)
            codes.append(["BU00010100", "BU00010200"][i])
            wijk.append(["WK000101", "WK000102"][i])
    return gpd.GeoDataFrame(
        {"buurtcode": codes, "wijkcode": wijk},
        geometry=gpd.points_from_xy(xs, [Y0 + 500.0] * len(xs)),
        index=pd.RangeIndex(len(xs), name="adres_id"),
        crs=RD_NEW,
    )


def _real_voorzieningen(ids: list[object] | None = None) -> gpd.GeoDataFrame:
    ids = ids if ids is not None else [0, 1, 2]
    return gpd.GeoDataFrame(
        {
            "naam": [None, "De Hoek", None],
            "bron": ["osm_2022", "duo_2017", "osm_2022"],
            "soort": ["buurthuis", "huisarts", "gebedshuis"],
            "buurtcode": ["BU00010100", "BU00010100", "BU00010200"],
            "wijkcode": ["WK000101", "WK000101", "WK000102"],
        },
        geometry=gpd.points_from_xy([X0 + 300, X0 + 500, X0 + 1300], [Y0 + 500] * 3),
        index=pd.Index(ids, name="voorziening_id"),
        crs=RD_NEW,
    )


def bron_aantal(**changes: object) -> Bron:
    """Exact counts: Noord 3 young, 10 middle, 4 old (17); Zuid 0, 5, 2 (7)."""
    wijken, buurten = _areas(
        {
            "inwoners": pd.array([17, 7], dtype="Int64"),
            "huishoudens": pd.array([8, 3], dtype="Int64"),
            "jong": [3.0, 0.0],
            "midden": [10.0, 5.0],
            "oud": [4.0, 2.0],
        }
    )
    values: dict[str, object] = {
        "naam": "Proefstad",
        "gemeentecode": "GM0001",
        "wijken": wijken,
        "buurten": buurten,
        "adressen": _adressen(),
        "voorzieningen": _real_voorzieningen(),
        "leeftijdsgroepen": AANTAL_GROEPEN,
        "leeftijd_eenheid": "aantal",
        "aanvullen": ["alles"],
        "netwerk_edges": None,
        "bronnen": [],
    }
    values.update(changes)
    return Bron(**values)  # type: ignore[arg-type]


def bron_pct() -> Bron:
    """Percentages: Noord 20 inwoners at 10/20/30/25/15 %; Zuid 10 inwoners, all missing,
    so it takes wijk Zuid's 20/10/30/20/20 %."""
    wijken, buurten = _areas(
        {
            "inwoners": pd.array([20, 10], dtype="Int64"),
            "huishoudens": pd.array([10, 4], dtype="Int64"),
            "pct_eenpersoons": [40.0, np.nan],
            "pct_met_kinderen": [20.0, np.nan],
            "p0": [10.0, np.nan],
            "p15": [20.0, np.nan],
            "p25": [30.0, np.nan],
            "p45": [25.0, np.nan],
            "p65": [15.0, np.nan],
        }
    )
    for col, values in zip(
        ["p0", "p15", "p25", "p45", "p65"],
        [[10.0, 20.0], [20.0, 10.0], [30.0, 30.0], [25.0, 20.0], [15.0, 20.0]],
        strict=True,
    ):
        wijken[col] = values
    return bron_aantal(
        wijken=wijken,
        buurten=buurten,
        leeftijdsgroepen=PCT_GROEPEN,
        leeftijd_eenheid="percentage",
        aanvullen=["wijkteam", "gebedshuis", "sporthal"],
    )


@pytest.fixture(scope="module")
def klein() -> tuple[Bron, Synthetic]:
    bron = bron_aantal()
    return bron, generate(bron, seed=3)


def _band(leeftijd: pd.Series, groepen: list[tuple[str, int, int]]) -> pd.Series:
    out = pd.Series(index=leeftijd.index, dtype=object)
    for name, lo, hi in groepen:
        out[(leeftijd >= lo) & (leeftijd <= hi)] = name
    return out


# --- ages ------------------------------------------------------------------------------------


def test_exact_counts_per_band_are_kept(klein):
    _, synth = klein
    inw = synth.inwoners
    counts = inw.groupby(["buurtcode", _band(inw["leeftijd"], AANTAL_GROEPEN)]).size()
    assert counts.to_dict() == {
        ("BU00010100", "jong"): 3,
        ("BU00010100", "midden"): 10,
        ("BU00010100", "oud"): 4,
        ("BU00010200", "midden"): 5,
        ("BU00010200", "oud"): 2,
    }
    assert inw["leeftijd"].between(0, 100).all()


def test_percentages_by_largest_remainder_with_missing_buurt_from_wijk():
    bron = bron_pct()
    counts = band_counts(bron.buurten, bron.wijken, PCT_GROEPEN, "percentage")
    # Noord: 20 x (10, 20, 30, 25, 15) % is exact; Zuid: 10 x wijk Zuid (20, 10, 30, 20, 20) %
    assert counts.loc["BU00010100"].tolist() == [2, 4, 6, 5, 3]
    assert counts.loc["BU00010200"].tolist() == [2, 1, 3, 2, 2]
    synth = generate(bron, seed=1)
    got = synth.inwoners.groupby(["buurtcode", _band(synth.inwoners["leeftijd"], PCT_GROEPEN)])
    assert got.size()["BU00010200"].to_dict() == {"p0": 2, "p15": 1, "p25": 3, "p45": 2, "p65": 2}


def test_largest_remainder_by_hand():
    # 7 x (10, 20, 30, 25, 15) % = 0.7, 1.4, 2.1, 1.75, 1.05: floors 0, 1, 2, 1, 1 leave 2
    # units, for the largest remainders .75 (band 4) and .7 (band 1)
    assert largest_remainder(7, [10, 20, 30, 25, 15]).tolist() == [1, 1, 2, 2, 1]
    # percentages summing to 101 are normalised: 100 x (50, 51) / 101
    assert largest_remainder(100, [50, 51]).tolist() == [50, 50]
    assert largest_remainder(0, [1, 2]).tolist() == [0, 0]


def test_largest_remainder_refuses_what_it_cannot_split():
    with pytest.raises(ValueError, match="negatief"):
        largest_remainder(-1, [1, 2])
    with pytest.raises(ValueError, match="positieve som"):
        largest_remainder(3, [0, 0])


def test_partly_missing_percentages_keep_the_given_bands():
    bron = bron_pct()
    buurten = bron.buurten.copy()
    # Noord without p0: it keeps 20/30/25/15 % and the 10 % left goes to p0
    buurten.loc["BU00010100", "p0"] = np.nan
    counts = band_counts(buurten, bron.wijken, PCT_GROEPEN, "percentage")
    assert counts.loc["BU00010100"].tolist() == [2, 4, 6, 5, 3]


def test_missing_wijk_percentages_come_from_the_gemeente():
    bron = bron_pct()
    wijken = bron.wijken.copy()
    wijken.loc["WK000102", ["p0", "p15", "p25", "p45", "p65"]] = np.nan
    counts = band_counts(bron.buurten, wijken, PCT_GROEPEN, "percentage")
    # gemeente = population-weighted mean of buurten with values = Noord's percentages
    assert counts.loc["BU00010200"].tolist() == [1, 2, 3, 3, 1]
    assert counts.loc["BU00010200"].sum() == 10


def test_open_top_band_declines_with_age():
    bron = bron_aantal()
    buurten = bron.buurten.copy()
    buurten["inwoners"] = pd.array([0, 20_000], dtype="Int64")
    buurten[["jong", "midden", "oud"]] = [[0.0, 0.0, 0.0], [0.0, 0.0, 20_000.0]]
    buurten["huishoudens"] = pd.array([0, 14_000], dtype="Int64")
    synth = generate(bron_aantal(buurten=buurten, aanvullen=["wijkteam"]), seed=5)
    ages = synth.inwoners["leeftijd"]
    per_5_years = ages.groupby((ages - 65) // 5).size()
    assert per_5_years.is_monotonic_decreasing
    assert ages.max() <= 100 and ages.min() >= 65
    # the Gompertz-shaped weights split 65+ about like Zwolle in 2024 (54 / 34 / 11 %)
    assert (ages < 75).mean() == pytest.approx(0.55, abs=0.02)
    assert (ages >= 85).mean() == pytest.approx(0.12, abs=0.02)


# --- bad input -------------------------------------------------------------------------------


def test_unknown_unit_and_missing_columns_are_listed_together():
    bron = bron_aantal()
    with pytest.raises(ValidationError) as err:
        band_counts(
            bron.buurten, bron.wijken, [*AANTAL_GROEPEN, ("heel_oud", 101, 120)], "promille"
        )
    text = str(err.value)
    assert "'promille' -> onbekende eenheid" in text
    assert "heel_oud" in text


def test_missing_inwoners_is_refused():
    bron = bron_aantal()
    buurten = bron.buurten.copy()
    buurten["inwoners"] = pd.array([17, None], dtype="Int64")
    with pytest.raises(ValidationError, match="buurt BU00010200: inwoners ontbreekt"):
        band_counts(buurten, bron.wijken, AANTAL_GROEPEN, "aantal")


def test_counts_that_do_not_add_up_or_are_missing_are_refused():
    bron = bron_aantal()
    buurten = bron.buurten.copy()
    buurten.loc["BU00010100", "jong"] = 4.0  # 4 + 10 + 4 = 18, not 17
    buurten.loc["BU00010200", "oud"] = np.nan
    with pytest.raises(ValidationError) as err:
        band_counts(buurten, bron.wijken, AANTAL_GROEPEN, "aantal")
    text = str(err.value)
    assert "buurt BU00010100: de leeftijdsgroepen tellen op tot 18" in text
    assert "buurt BU00010200: aantal ontbreekt" in text


def test_a_band_without_any_percentage_is_refused():
    bron = bron_pct()
    buurten = bron.buurten.copy()
    buurten["p65"] = np.nan
    wijken = bron.wijken.drop(columns="p65")
    with pytest.raises(ValidationError, match="p65: None -> geen enkele bewoonde buurt of wijk"):
        band_counts(buurten, wijken, PCT_GROEPEN, "percentage")


def test_a_buurt_with_inwoners_needs_addresses():
    bron = bron_aantal()
    adressen = bron.adressen[bron.adressen["buurtcode"] == "BU00010100"]
    counts = band_counts(bron.buurten, bron.wijken, AANTAL_GROEPEN, "aantal")
    rngs = {k: np.random.default_rng(0) for k in ("leeftijden", "huishoudens", "adressen")}
    with pytest.raises(ValidationError, match="BU00010200' -> buurt heeft inwoners maar geen"):
        build_persons(bron.buurten, adressen, counts, AANTAL_GROEPEN, rngs)


def test_unknown_soort_to_add_is_refused_with_a_hint():
    with pytest.raises(ValidationError, match="bedoelde u 'sporthal'"):
        soorten_to_add(["sporthall"])
    assert soorten_to_add(["sporthal", "sporthal"]) == ["sporthal"]


def test_no_place_for_a_role_is_refused():
    plekken = Plekken(_real_voorzieningen().iloc[[1]])  # only a huisarts
    with pytest.raises(ValueError, match=r"Geen plek voor rol 'wijkteam'.*aanvullen"):
        plekken.nearest(np.array([[X0, Y0]]), ("wijkteam",), ("buurthuis",), "rol 'wijkteam'")


def test_generate_refuses_addresses_without_crs():
    adressen = _adressen().set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="adressen van Proefstad heeft geen CRS"):
        generate(bron_aantal(adressen=adressen), seed=1)


def test_generate_refuses_a_gemeente_without_any_base():
    bron = bron_aantal(voorzieningen=_real_voorzieningen().iloc[[1]], aanvullen=[])
    with pytest.raises(ValueError, match="Geen plek voor rol"):
        generate(bron, seed=1)


# --- households ------------------------------------------------------------------------------


def test_every_child_lives_with_an_adult_and_households_match(klein):
    bron, synth = klein
    inw = synth.inwoners
    adults = inw["leeftijd"] >= 18
    per_hh = inw.assign(volwassen=adults).groupby("huishouden_id")["volwassen"].any()
    assert per_hh.all()
    # 8 and 3 households as given, each at one address of its own buurt
    assert inw.groupby("buurtcode")["huishouden_id"].nunique().to_dict() == {
        "BU00010100": 8,
        "BU00010200": 3,
    }
    assert (inw.groupby("huishouden_id")["adres_id"].nunique() == 1).all()
    own = bron.adressen.loc[inw["adres_id"], "buurtcode"].to_numpy()
    assert (own == inw["buurtcode"].to_numpy()).all()
    assert (
        inw.geometry.x.to_numpy() == bron.adressen.loc[inw["adres_id"]].geometry.x.to_numpy()
    ).all()
    # 8 households over 4 addresses: 2 each; 3 over 3: 1 each
    spread = inw.groupby(["buurtcode", "adres_id"])["huishouden_id"].nunique()
    assert spread.groupby(level=0).agg(["min", "max"]).to_dict("index") == {
        "BU00010100": {"min": 2, "max": 2},
        "BU00010200": {"min": 1, "max": 1},
    }


def test_households_by_hand():
    rng = np.random.default_rng(0)
    # 2 children and 4 adults in 3 households, 1 of them with children: the family gets 2
    # parents (4 of 5 families have two), which leaves 2 adults for 2 households: singles
    ages = np.array([3, 7, 38, 41, 24, 26])
    hh = make_households(ages, 3, p_single=1 / 3, p_kids=1 / 3, rng=rng)
    assert hh[0] == hh[1]  # both children in the one family
    assert sorted(np.bincount(hh).tolist()) == [1, 1, 4]
    # more households than adults: capped to the adults, every household with one
    hh = make_households(np.array([2, 5, 30]), 3, p_single=None, p_kids=None, rng=rng)
    assert hh.tolist() == [0, 0, 0]
    # only children: they form households without adults
    assert len(set(make_households(np.array([16, 17]), 2, None, None, rng))) == 2


def _population(ages: np.ndarray, hh: np.ndarray, seed: int = 1):
    """Determinants and outcomes of a hand-made population in one buurt (national targets)."""
    n = len(ages)
    order = np.lexsort((-ages, hh))
    ages, hh = ages[order], hh[order]
    units = Eenheden(np.full(n, "BU1"), np.full(n, "WK1"), np.ones(n, bool))
    first = np.r_[0, np.flatnonzero(np.diff(hh)) + 1]
    hh_units = Eenheden(units.buurt[first], units.wijk[first], np.ones(len(first), bool))
    doelen = default_targets(None, "GM0000")
    rng = np.random.default_rng(seed)
    k = draw_kenmerken(ages, hh, units, hh_units, doelen, None, rng)
    return ages, hh, k, draw_uitkomsten(ages, hh, k, units, doelen, rng)


def test_hulpvraag_values_and_opvoeding_only_for_parents():
    # 1000 parent-child households (35 and 5), 1000 adults of 30 and 1000 of 90 alone
    ages = np.r_[np.full(1000, 35), np.full(1000, 5), np.full(1000, 30), np.full(1000, 90)]
    hh = np.r_[np.arange(1000), np.arange(1000), np.arange(1000, 3000)]
    ages, hh, k, u = _population(ages, hh)
    hv = u.hulpvraag
    opv = list(HULPVRAGEN).index("opvoeding")
    mob = list(HULPVRAGEN).index("mobiliteit")
    assert set(np.unique(hv)) <= {-1, *range(len(HULPVRAGEN))}
    parents = ages == 35
    assert (hv[~parents] != opv).all() and (hv[parents] == opv).sum() > 40
    assert (hv[ages == 5] == -1).all() or (hv[ages == 5] == mob).all()  # children: none
    assert (hv[parents] == -1).mean() > 0.7
    # 85+: logit -4.6 + 3.9 -> 33 % with a limitation (more with a low income)
    assert 0.25 < u.beperking[ages == 90].mean() < 0.5
    assert (hv[(ages == 90) & u.beperking] == mob).mean() > 0.8
    assert (k.huishouden_type[ages == 90] == "alleen").all()
    assert (k.huishouden_type[parents] == "eenouder").all()


def test_loneliness_follows_living_alone_and_isolation_follows_loneliness():
    """Same ages, half alone and half in couples: the lonely are more often alone, and the
    lonely start fewer ties (activity exp(-1.4) x ...)."""
    ages = np.full(4000, 70)
    hh = np.r_[np.arange(2000), np.repeat(np.arange(2000, 3000), 2)]
    ages, hh, k, u = _population(ages, hh)
    alone = k.huishouden_type == "alleen"
    assert u.eenzaam[alone].mean() > 1.5 * u.eenzaam[~alone].mean()
    assert abs(u.eenzaam.mean() - 0.12) < 0.005  # calibrated to the national 12 %
    assert np.allclose(u.activiteit[u.eenzaam & ~u.beperking & ~u.vrijwilliger], np.exp(-1.4))


def test_inwoners_table_shape(klein):
    _, synth = klein
    inw = synth.inwoners
    assert inw.index.name == "inwoner_id" and inw.index.tolist() == list(range(24))
    assert {
        "leeftijd",
        "huishouden_id",
        "buurtcode",
        "wijkcode",
        "hulpvraag",
        "bron",
        "adres_id",
    } <= set(inw.columns)
    assert inw.crs.to_epsg() == 28992
    assert inw["leeftijd"].dtype == np.int64 and inw["huishouden_id"].dtype == np.int64
    values = inw["hulpvraag"].dropna()
    assert set(values) <= set(HULPVRAGEN)
    assert inw["hulpvraag"].isna().any()


# --- voorzieningen, professionals, verenigingen ----------------------------------------------


def test_real_voorzieningen_are_kept_unchanged_and_synthetic_ones_follow_their_ids(klein):
    bron, synth = klein
    vz = synth.voorzieningen
    real = bron.voorzieningen
    pd.testing.assert_frame_equal(vz.loc[real.index, real.columns], real, check_dtype=False)
    new = vz.drop(index=real.index)
    assert new.index.tolist() == list(range(3, 3 + len(new)))
    assert (new["bron"] == "synthetisch").all()
    assert new["soort"].isin(SOORTEN).all()
    assert new["naam"].str.match(r"^\w[\w ]* (Noord|Zuid) \d+$").all()
    # "alles": every soort of the table, with a wijkteam although no wijk has 1,000 inwoners
    assert {"wijkteam", "sporthal", "zwembad", "basisschool", "apotheek"} <= set(new["soort"])


def test_only_the_difference_is_added_to_real_points():
    bron = bron_aantal(aanvullen=["gebedshuis", "wijkteam"])
    vz = generate(bron, seed=2).voorzieningen
    # 24 inwoners -> expected 1 gebedshuis, and the real one is there already
    assert (vz["soort"] == "gebedshuis").sum() == 1
    assert (vz["soort"] == "wijkteam").sum() == 1


def test_string_ids_of_real_voorzieningen_give_S_ids():
    bron = bron_aantal(voorzieningen=_real_voorzieningen(["a", "b", "c"]), aanvullen=["wijkteam"])
    synth = generate(bron, seed=2)
    assert synth.voorzieningen.index.tolist() == ["a", "b", "c", "S0"]
    assert set(synth.professionals["voorziening_id"]) <= {"a", "b", "c", "S0"}


def test_professionals_have_a_base_of_their_werkplek(klein):
    _, synth = klein
    prof = synth.professionals
    vz = synth.voorzieningen
    assert set(prof["rol"]) == set(ROLLEN)
    assert (prof["bron"] == "synthetisch").all()
    base = vz.loc[prof["voorziening_id"]]
    werkplek = prof["rol"].map({r: i.werkplek for r, i in ROLLEN.items()})
    assert (base["soort"].to_numpy() == werkplek.to_numpy()).all()
    assert (base.geometry.to_numpy() == prof.geometry.to_numpy()).all()
    assert (base["wijkcode"].to_numpy() == prof["wijkcode"].to_numpy()).all()
    assert (prof["capaciteit"] > 0).all() and prof["capaciteit"].dtype == np.int64


def test_missing_werkplek_falls_back_to_a_buurthuis():
    bron = bron_aantal(aanvullen=[])  # real buurthuis, huisarts, gebedshuis only
    prof = generate(bron, seed=1).professionals
    assert (prof.loc[prof["rol"] == "wijkteam", "voorziening_id"] == 0).all()
    assert (prof.loc[prof["rol"] == "huisarts", "voorziening_id"] == 1).all()


def test_verenigingen_meet_at_fitting_places(klein):
    _, synth = klein
    ver = synth.verenigingen
    vz = synth.voorzieningen
    assert set(ver["soort"]) == set(VERENIGING_SOORTEN)
    assert (ver["bron"] == "synthetisch").all()
    place = vz.loc[ver["voorziening_id"], "soort"].to_numpy()
    sport = (ver["soort"] == "sport").to_numpy()
    assert set(place[sport]) <= {"sporthal", "sportpark"}
    assert set(place[(ver["soort"] == "levensbeschouwing").to_numpy()]) == {"gebedshuis"}
    assert ver["naam"].str.match(r"^\w+ (Noord|Zuid) \d+$").all()


def test_members_prefer_the_nearer_vereniging():
    # 2,000 inwoners at x=0; a sport club at 0 m and one at 10 km: exp(-5) ~ 0.7 % far
    xy = np.zeros((2000, 2))
    ages = np.full(2000, 8)  # 65 % of children 6-11 play sport
    a, b = lid_ties(
        xy,
        ages,
        np.array(["sport", "sport"]),
        np.array([[0.0, 0.0], [10_000.0, 0.0]]),
        np.random.default_rng(0),
    )
    sport = b[np.isin(b, [0, 1])]
    assert 0.55 < len(np.unique(a)) / 2000 < 0.8
    assert (sport == 1).mean() < 0.03


# --- relaties ----------------------------------------------------------------------------------

DIRECTION = {
    "huishouden": ("inwoner", "inwoner"),
    "buur": ("inwoner", "inwoner"),
    "vriend": ("inwoner", "inwoner"),
    "familie": ("inwoner", "inwoner"),
    "mantelzorg": ("inwoner", "inwoner"),
    "lid": ("inwoner", "vereniging"),
    "werkt_bij": ("professional", "voorziening"),
    "caseload": ("professional", "inwoner"),
    "werkt_samen": ("professional", "professional"),
    "verwijst": ("professional", "professional"),
}


def _check_relaties(synth: Synthetic) -> None:
    rel = synth.relaties
    assert list(rel.columns) == ["van", "naar", "soort"]
    assert isinstance(rel.index, pd.RangeIndex)
    assert set(rel["soort"]) <= set(DIRECTION)
    assert (rel["van"] != rel["naar"]).all()
    van, naar = rel["van"].to_numpy(dtype=object), rel["naar"].to_numpy(dtype=object)
    # directed kinds never hold both directions either (one graph edge per pair and kind)
    swap = van > naar
    key = pd.DataFrame(
        {"a": np.where(swap, naar, van), "b": np.where(swap, van, naar), "s": rel["soort"]}
    )
    assert not key.duplicated().any()
    for soort, part in rel.groupby("soort"):
        kind_a, kind_b = DIRECTION[str(soort)]
        assert part["van"].str.startswith(kind_a + ":").all(), soort
        assert part["naar"].str.startswith(kind_b + ":").all(), soort
    ids = {
        "inwoner": synth.inwoners.index.astype(str),
        "vereniging": synth.verenigingen.index.astype(str),
        "professional": synth.professionals.index.astype(str),
        "voorziening": synth.voorzieningen.index.astype(str),
    }
    for column in ("van", "naar"):
        parts = rel[column].str.partition(":")
        for k, ident in parts.groupby(0)[2]:
            assert ident.isin(ids[str(k)]).all(), (column, k)


def test_relaties_contract(klein):
    _check_relaties(klein[1])
    assert set(klein[1].relaties["soort"]) >= {"huishouden", "lid", "werkt_bij", "werkt_samen"}


def test_the_graph_keeps_every_tie(klein):
    from types import SimpleNamespace

    from sociale_basis.social.build import build_graph
    from sociale_basis.social.graph import check_graph

    bron, synth = klein
    gebied = SimpleNamespace(**vars(synth), wijken=bron.wijken, buurten=bron.buurten, naam="P")
    G = build_graph(gebied)
    check_graph(G)
    assert G.number_of_edges() == len(synth.relaties)


def test_huishouden_ties_are_every_pair_in_a_household(klein):
    _, synth = klein
    sizes = synth.inwoners.groupby("huishouden_id").size()
    expected = int((sizes * (sizes - 1) // 2).sum())
    assert (synth.relaties["soort"] == "huishouden").sum() == expected


def test_caseload_only_for_a_hulpvraag_and_within_capacity():
    bron = bron_aantal()
    buurten = bron.buurten.copy()
    # many old inwoners, so that many have a hulpvraag and capacities matter
    buurten["inwoners"] = pd.array([3000, 2000], dtype="Int64")
    buurten[["jong", "midden", "oud"]] = [[500.0, 1500.0, 1000.0], [0.0, 500.0, 1500.0]]
    buurten["huishoudens"] = pd.array([1500, 1200], dtype="Int64")
    synth = generate(bron_aantal(buurten=buurten, aanvullen=["alles"]), seed=4)
    _check_relaties(synth)
    rel = synth.relaties
    case = rel[rel["soort"] == "caseload"]
    assert len(case) > 50
    who = case["naar"].str.slice(8).astype(int).to_numpy()
    prof = case["van"].str.slice(13).astype(int).to_numpy()
    need = synth.inwoners["hulpvraag"].to_numpy()[who]
    assert pd.notna(need).all()
    roles = synth.professionals["rol"].to_numpy()[prof]
    assert all(n in ROLLEN[r].hulpvragen for n, r in zip(need, roles, strict=True))
    load = pd.Series(prof).value_counts()
    assert (load <= synth.professionals["capaciteit"].reindex(load.index)).all()
    # every caseload client once; mantelzorg receivers are 65+ and givers adults
    assert len(set(who)) == len(who)
    mz = rel[rel["soort"] == "mantelzorg"]
    age = synth.inwoners["leeftijd"]
    assert (age.loc[mz["naar"].str.slice(8).astype(int)] >= 65).all()
    assert age.loc[mz["van"].str.slice(8).astype(int)].between(18, 84).all()
    assert len(mz) > 0


def test_every_generated_row_is_labelled_synthetisch(klein):
    bron, synth = klein
    assert (synth.inwoners["bron"] == "synthetisch").all()
    assert (synth.verenigingen["bron"] == "synthetisch").all()
    assert (synth.professionals["bron"] == "synthetisch").all()
    new = synth.voorzieningen.drop(index=bron.voorzieningen.index)
    assert (new["bron"] == "synthetisch").all()


def test_same_seed_same_frames_other_seed_other_frames(klein):
    _, synth = klein
    again = generate(bron_aantal(), seed=3)
    for name in ("inwoners", "verenigingen", "voorzieningen", "professionals", "relaties"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(synth, name))
    other = generate(bron_aantal(), seed=4)
    assert not other.relaties.equals(synth.relaties)
    assert not other.inwoners["leeftijd"].equals(synth.inwoners["leeftijd"])


def test_inputs_are_not_changed():
    bron = bron_pct()
    before = {
        k: getattr(bron, k).copy() for k in ("wijken", "buurten", "adressen", "voorzieningen")
    }
    generate(bron, seed=1)
    for k, frame in before.items():
        pd.testing.assert_frame_equal(getattr(bron, k), frame)


def test_progress_shows_the_steps(capsys):
    generate(bron_aantal(), seed=1, progress=True)
    assert "synthetisch Proefstad" in capsys.readouterr().err


def test_degree_table():
    rel = pd.DataFrame(
        {
            "van": ["inwoner:0", "inwoner:0"],
            "naar": ["inwoner:1", "inwoner:2"],
            "soort": ["buur"] * 2,
        }
    )
    table = degree_table(rel, 4, ["buur", "vriend"])
    assert table.loc["buur", "gemiddeld"] == 1.0  # degrees 2, 1, 1, 0
    assert table.loc["buur", "aandeel_0"] == 0.25
    assert table.loc["vriend", "max"] == 0


# --- the real bundles ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zwolle() -> tuple[Bron, Synthetic]:
    bron = datasets.read_bron("zwolle")
    return bron, generate(bron, seed=datasets.DEFAULT_SEED)


@pytest.fixture(scope="module")
def delft() -> tuple[Bron, Synthetic]:
    bron = datasets.read_bron("delft")
    return bron, generate(bron, seed=datasets.DEFAULT_SEED)


@pytest.mark.slow
def test_zwolle_age_groups_per_buurt_equal_the_2024_figures(zwolle):
    bron, synth = zwolle
    # the 2024 counts per age band (Gemeente Zwolle), as the bundle carries them
    bands = {
        "0_17": ["inw_0_3", "inw_4_11", "inw_12_17"],
        "18_64": ["inw_18_24", "inw_25_39", "inw_40_54", "inw_55_64"],
        "65plus": ["inw_65_74", "inw_75_84", "inw_85plus"],
    }
    real = pd.DataFrame({f"inw_{b}": bron.buurten[c].sum(axis=1) for b, c in bands.items()})
    inw = synth.inwoners
    got = (
        inw.groupby(
            [
                "buurtcode",
                pd.cut(inw["leeftijd"], [-1, 17, 64, 200], labels=["0_17", "18_64", "65plus"]),
            ],
            observed=False,
        )
        .size()
        .unstack()
    )
    for band in ("0_17", "18_64", "65plus"):
        expected = real[f"inw_{band}"].reindex(got.index).fillna(0).astype(int)
        assert (got[band] == expected).all(), band
    assert len(inw) == 133_128


@pytest.mark.slow
def test_zwolle_whole_population(zwolle):
    bron, synth = zwolle
    _check_relaties(synth)
    assert (synth.voorzieningen["bron"] == "synthetisch").all()
    assert set(synth.voorzieningen["soort"]) == set(datasets_soorten())
    sizes = synth.inwoners.groupby("buurtcode")["huishouden_id"].nunique()
    assert (sizes == bron.buurten["huishoudens"].reindex(sizes.index)).all()
    deg = degree_table(synth.relaties, len(synth.inwoners), list(INFORMELE_RELATIES))
    assert 2 < deg.loc["buur", "gemiddeld"] < 4
    assert 2.5 < deg.loc["vriend", "gemiddeld"] < 5


def datasets_soorten() -> list[str]:
    from sociale_basis.synthetic.aannames import VOORZIENING_NORMEN

    return list(VOORZIENING_NORMEN)


@pytest.mark.slow
def test_delft_total_and_share_65_plus_per_buurt(delft):
    bron, synth = delft
    inw = synth.inwoners
    assert len(inw) == 110_160
    n = inw.groupby("buurtcode").size()
    old = inw[inw["leeftijd"] >= 65].groupby("buurtcode").size().reindex(n.index, fill_value=0)
    cbs = bron.buurten["percentage_personen_65_jaar_en_ouder"].reindex(n.index)
    given = cbs.notna()
    share = 100 * old / n
    tolerance = 0.5 + 100 / n  # half a point, plus one person of rounding
    assert ((share - cbs).abs()[given] <= tolerance[given]).all()


@pytest.mark.slow
def test_delft_keeps_its_real_voorzieningen_and_adds_the_missing_soorten(delft):
    bron, synth = delft
    vz = synth.voorzieningen
    pd.testing.assert_frame_equal(
        vz.loc[bron.voorzieningen.index, bron.voorzieningen.columns],
        bron.voorzieningen,
        check_dtype=False,
    )
    new = vz.drop(index=bron.voorzieningen.index)
    assert new.index.min() == 496
    assert set(new["soort"]) == set(bron.aanvullen)
    assert (vz["soort"] == "gebedshuis").sum() == round(110_160 / 3_000)
    # buurthuizen are not topped up: a wijk without one is a real gap
    assert (new["soort"] != "buurthuis").all()
    _check_relaties(synth)


def test_inactive_inwoners_get_no_buur_or_vriend_ties():
    """An inwoner with activity 0 neither starts nor accepts buur and vriend ties."""
    from sociale_basis.synthetic.relaties import buur_ties, vriend_ties

    n = 40  # 40 adults of 30-50 on a 10 m grid, each their own household
    xy = np.column_stack([np.arange(n) % 8 * 10.0, np.arange(n) // 8 * 10.0])
    age = 30 + np.arange(n) % 20
    hh = np.arange(n)
    activiteit = np.ones(n)
    activiteit[[3, 17]] = 0.0
    for ties in (buur_ties, vriend_ties):
        a, b = ties(xy, age, hh, np.random.default_rng(1), activiteit)
        assert len(a) > 0
        assert not np.isin([3, 17], np.r_[a, b]).any()
        # with everyone active, the same two do get ties: activity is what cuts them off
        a, b = ties(xy, age, hh, np.random.default_rng(1), np.ones(n))
        assert np.isin([3, 17], np.r_[a, b]).any()


def test_activity_scales_the_number_of_ties_started():
    """Poisson(1.5 a) starts: halving everyone's activity halves the ties started (one who
    does not accept is passed over for another of the 25 nearest, so the acceptance only
    decides *who* gets the ties). Expected pairs 4000 x 1.5 x a less the few started both
    ways: a ratio near 0.5."""
    from sociale_basis.synthetic.relaties import buur_ties

    n = 4000
    rng = np.random.default_rng(0)
    xy = rng.random((n, 2)) * 2000
    age = np.full(n, 40)
    hh = np.arange(n)
    full = len(buur_ties(xy, age, hh, np.random.default_rng(1), np.ones(n))[0])
    half = len(buur_ties(xy, age, hh, np.random.default_rng(1), np.full(n, 0.5))[0])
    assert 0.45 < half / full < 0.55


def test_delft_financial_hulpvraag_follows_the_cbs_low_income_share(delft):
    """Issue 14: Spearman >= 0.8 between the share of households with a financial hulpvraag
    and CBS's share of low-income households, over the buurten with >= 100 inwoners."""
    from scipy.stats import spearmanr

    bron, synth = delft
    k = bron.kerncijfers
    laag = k[k["jaar"] == 2023]["percentage_huishoudens_met_laag_inkomen"]
    inw = synth.inwoners
    fin = (inw["hulpvraag"] == "financien").fillna(False)
    hh = pd.DataFrame({"buurt": inw["buurtcode"], "hh": inw["huishouden_id"], "fin": fin})
    per_hh = hh.groupby("hh").agg(buurt=("buurt", "first"), fin=("fin", "any"))
    share = per_hh.groupby("buurt")["fin"].mean()
    big = bron.buurten.index[bron.buurten["inwoners"] >= 100]
    both = pd.DataFrame({"fin": share, "laag": laag}).reindex(big).dropna()
    assert len(both) >= 60
    assert spearmanr(both["fin"], both["laag"]).statistic >= 0.8


def test_delft_fit_report_meets_the_cbs_key_figures(delft):
    _, synth = delft
    r = synth.ijking
    assert set(r["indicator"]) >= {"laag_inkomen", "sociaal_minimum", "verweduwd"}
    # integerised draws: every buurt within one household/person of its target
    assert (r["verschil_pct"].abs() <= 100 / r["basis"].clip(lower=1) + 1e-6).all()

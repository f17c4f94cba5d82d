"""Gap signalen: each signal fires just past its threshold and not at it; reasons carry the numbers.

The hand-built gebieden (tests/gaps_fixtures.py) have no street network, so a distance is
the straight line x 1.27: a group 1,000 m away is 1,270 m "walking" away. Shares are
computed from counts rounded to 5 (DESIGN §5), so groups of 200 give steps of 2.5%.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest
import shapely
from gaps_fixtures import (
    CAPACITY_ONLY,
    Bouwer,
    brug_gebied,
    capacity_gebied,
    only,
    ontmoeting_gebied,
)

from sociale_basis.core.errors import ValidationError
from sociale_basis.gaps import Metingen, find_signalen
from sociale_basis.gaps import engine as gaps
from sociale_basis.gaps.clusters import local_clusters
from sociale_basis.gaps.context import severity
from sociale_basis.gaps.reasons import (
    count_text,
    format_m,
    format_number,
    format_pct,
    short_name,
)
from sociale_basis.gaps.thresholds import load_drempels
from sociale_basis.privacy import round_count, round_support_count, share_rule

HEMELSBREED = "(hemelsbreed × omwegfactor 1,27)"
HUISARTS_ONLY = only(
    "hulp_te_ver",
    hulp_te_ver={"soorten": {"wijkteam": {"aan": False}, "maatschappelijk_werk": {"aan": False}}},
)


def rows(signalen, signaal, **where):
    sel = signalen[signalen["signaal"] == signaal]
    for column, value in where.items():
        sel = sel[sel[column] == value]
    return sel


# --- help too far ------------------------------------------------------------------------


def huisarts_gebied(far: int, *, n: int = 200, leeftijd: int = 40, hulpvraag=None):
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", n - far, at=(500, 500), leeftijd=leeftijd, hulpvraag=hulpvraag)
    b.inwoners("A", far, at=(500, 1500), leeftijd=leeftijd, hulpvraag=hulpvraag)
    b.voorziening("huisarts", (500, 500))
    return b.gebied()


def test_hulp_te_ver_not_at_the_threshold():
    signalen = find_signalen(huisarts_gebied(30), drempels=HUISARTS_ONLY)  # 30/200 = 15%
    assert rows(signalen, "hulp_te_ver").empty


def test_hulp_te_ver_just_past_the_threshold_with_the_numbers():
    signalen = find_signalen(huisarts_gebied(35), drempels=HUISARTS_ONLY)  # 35/200 = 17.5%
    (row,) = rows(signalen, "hulp_te_ver").itertuples()
    assert (row.gebiedcode, row.onderwerp, row.groep, row.ernst) == (
        "A",
        "huisarts",
        "alle",
        "laag",
    )
    assert row.waarde == pytest.approx(0.175)
    assert row.drempel == pytest.approx(0.15)
    assert row.methode == "hemelsbreed"
    assert row.reden == (
        f"In Buurt A woont 18% van de inwoners verder dan 1.000 m lopen {HEMELSBREED} van een "
        "huisarts (drempel 15%)."
    )
    assert row.geometry.equals(shapely.box(100_000, 450_000, 103_000, 453_000))


def test_hulp_te_ver_per_group_65plus_and_hulpvraag():
    gebied = huisarts_gebied(35, leeftijd=70, hulpvraag="mobiliteit")
    signalen = find_signalen(gebied, drempels=HUISARTS_ONLY)
    found = rows(signalen, "hulp_te_ver")
    assert sorted(found["groep"]) == ["65plus", "alle", "hulpvraag"]
    reasons = dict(zip(found["groep"], found["reden"], strict=True))
    assert "18% van de 65-plussers" in reasons["65plus"]
    assert "18% van de mensen met een hulpvraag" in reasons["hulpvraag"]


def test_severity_bands_follow_the_ratio_past_the_threshold():
    signalen = find_signalen(huisarts_gebied(60), drempels=HUISARTS_ONLY)  # 30% = 2 x 15%
    assert rows(signalen, "hulp_te_ver")["ernst"].tolist() == ["midden"]
    signalen = find_signalen(huisarts_gebied(65), drempels=HUISARTS_ONLY)  # 32.5% > 2 x 15%
    assert rows(signalen, "hulp_te_ver")["ernst"].tolist() == ["hoog"]


def test_severity_function():
    d = load_drempels()
    assert severity(0.225, 0.15, "max", d) == "laag"  # 1.5 x
    assert severity(0.2251, 0.15, "max", d) == "midden"
    assert severity(0.30, 0.15, "max", d) == "midden"
    assert severity(0.31, 0.15, "max", d) == "hoog"
    assert severity(0.5, 0.6, "min", d) == "laag"
    assert severity(0.2, 0.6, "min", d) == "hoog"
    assert severity(0.0, 0.6, "min", d) == "hoog"
    assert severity(0.1, 0.0, "max", d) == "hoog"


def test_support_count_of_0_to_7_is_secret_and_gives_no_signal():
    # 200 people with a hulpvraag, 5 far away: 5 is "geheim", so no share for that group
    drempels = only(
        "hulp_te_ver",
        hulp_te_ver={
            "soorten": {
                "huisarts": {"max_aandeel": 0.0},
                "wijkteam": {"aan": False},
                "maatschappelijk_werk": {"aan": False},
            }
        },
    )
    signalen = find_signalen(huisarts_gebied(5, hulpvraag="psychisch"), drempels=drempels)
    found = rows(signalen, "hulp_te_ver")
    assert found["groep"].tolist() == ["alle"]  # 5 of 200 persons, rounded: 2.5%
    assert "3% van de inwoners" in found["reden"].iloc[0]


# --- privacy: areas and groups too small ---------------------------------------------------


def test_small_areas_get_a_reason_instead_of_shares():
    b = Bouwer()
    b.buurt("A", 0, 0)
    b.buurt("B", 1, 0)
    b.buurt("C", 2, 0)
    b.inwoners("A", 200, at=(500, 500), leeftijd=70)
    b.inwoners("B", 99, at=(3500, 2900))  # far from the huisarts, but fewer than 100
    b.inwoners("C", 9, at=(6500, 2900))
    b.voorziening("huisarts", (500, 500))
    signalen = find_signalen(b.gebied(), drempels=HUISARTS_ONLY)
    assert set(rows(signalen, "hulp_te_ver")["gebiedcode"]) == set()
    notes = rows(signalen, "geen_uitspraak").set_index("gebiedcode")["reden"]
    assert notes["C"] == (
        "In Buurt C wonen minder dan 10 inwoners; daarover geven we geen cijfers en geen "
        "signalen (privacyregel)."
    )
    assert "In Buurt B wonen minder dan 100 inwoners" in notes["B"]
    assert notes["A"] == (
        "In Buurt A telt de groep mensen met een hulpvraag minder dan 100 personen; over "
        "aandelen in die groep doen we hier geen uitspraak (privacyregel)."
    )
    assert rows(signalen, "geen_uitspraak")["ernst"].isna().all()


def test_the_signals_use_the_one_share_rule_of_privacy():
    value, status = share_rule(
        np.array([31, 3, 30, 50]), np.array([200, 200, 99, 150]), hulpvraag=True, min_personen=100
    )
    assert value[0] == pytest.approx(30 / 200)
    assert np.isnan(value[1]) and status[1] == "R2"
    assert np.isnan(value[2]) and status[2] == "R4"
    assert value[3] == pytest.approx(50 / 150)


def test_rounding_helpers():
    assert round_count(np.array([0, 2, 3, 12, 12.5, 13])).tolist() == [0, 0, 5, 10, 15, 15]
    out = round_support_count(np.array([0, 7, 8, 13]))
    assert np.isnan(out[:2]).all() and out[2:].tolist() == [10, 15]
    assert count_text(6, hulpvraag=True) == "geheim"
    assert count_text(6) == "5"
    assert count_text(1234) == "1.235"


def test_dutch_number_formatting():
    assert format_number(1000) == "1.000"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_m(1234) == "1.230 m"
    assert format_m(850.4) == "850 m"
    assert format_pct(0.234) == "23%"
    assert format_pct(0.175) == "18%"
    assert format_pct(0.004) == "0,4%"
    assert format_pct(0.152, 0.15) == "15,2%"
    assert format_pct(float("nan")) == "onbekend"
    assert format_number(float("inf")) == "onbekend"
    assert short_name("Wijk 23 Tanthof-Oost", "WK050323") == "Tanthof-Oost"
    assert short_name(None, "BU1") == "BU1"
    assert short_name(float("nan"), "BU1") == "BU1"


# --- meeting places and components --------------------------------------------------------


def test_geen_ontmoetingsplek_just_past_and_not_at_the_threshold():
    drempels = only("ontmoeting")
    assert rows(
        find_signalen(ontmoeting_gebied(50), drempels=drempels), "geen_ontmoetingsplek"
    ).empty
    found = rows(find_signalen(ontmoeting_gebied(55), drempels=drempels), "geen_ontmoetingsplek")
    assert found["groep"].tolist() == ["alle"]  # no 65-plussers
    assert found["reden"].iloc[0] == (
        f"In Buurt A woont 28% van de inwoners verder dan 800 m lopen {HEMELSBREED} van een "
        "ontmoetingsplek (buurthuis of bibliotheek) (drempel 25%)."
    )


def component_gebied(sport_x: float, **extra):
    b = Bouwer()
    b.buurt("A")  # 0..3000 m
    b.inwoners("A", 20, at=(500, 500))
    b.voorziening("sporthal", (sport_x, 500))
    for soort, at in extra.items():
        b.voorziening(soort, at)
    return b


def test_component_ontbreekt_just_past_and_not_at_the_threshold():
    drempels = only("componenten", componenten={"componenten": ["sport"]})
    at_500 = find_signalen(component_gebied(3500).gebied(), drempels=drempels)
    assert rows(at_500, "component_ontbreekt").empty
    found = rows(
        find_signalen(component_gebied(3501).gebied(), drempels=drempels), "component_ontbreekt"
    )
    (row,) = found.itertuples()
    assert row.onderwerp == "sport" and row.waarde == pytest.approx(501) and row.ernst == "laag"
    assert row.reden == (
        "In Buurt A en binnen 500 m van de buurtgrens is geen voorziening bekend voor het "
        "onderdeel 'Sport'; de dichtstbijzijnde ligt op 501 m hemelsbreed (drempel 500 m)."
    )


def test_component_missing_in_the_whole_gemeente_is_one_row_about_the_gemeente():
    drempels = only("componenten", componenten={"componenten": ["digitaal", "cultuur", "netwerk"]})
    b = component_gebied(500)
    b.vereniging((600, 600))  # verenigingen count for "netwerk"
    signalen = find_signalen(b.gebied(), drempels=drempels)
    found = rows(signalen, "component_ontbreekt")
    assert sorted(found["onderwerp"]) == ["cultuur", "digitaal"]
    assert (found["niveau"] == "gemeente").all() and (found["gebiedcode"] == "GM9999").all()
    assert found["ernst"].isna().all()
    assert "In de gegevens van Testdorp staat geen enkele voorziening" in found["reden"].iloc[0]
    b.voorziening("digitaal_platform", None)  # no location, serves the whole gemeente
    signalen = find_signalen(b.gebied(), drempels=drempels)
    assert rows(signalen, "component_ontbreekt")["onderwerp"].tolist() == ["cultuur"]


# --- cohesion ------------------------------------------------------------------------------


def isolation_gebied(isolated: int):
    b = Bouwer()
    b.buurt("A")
    ids = b.inwoners("A", 200, at=(500, 500))
    tied = ids[isolated:]
    for a, c in itertools.pairwise(tied):
        b.relatie(a, c, "buur")
    return b.gebied()


def test_dunne_sociale_basis_just_past_and_not_at_the_threshold():
    drempels = only("isolatie")
    assert rows(find_signalen(isolation_gebied(10), drempels=drempels), "dunne_sociale_basis").empty
    found = rows(find_signalen(isolation_gebied(15), drempels=drempels), "dunne_sociale_basis")
    assert found["reden"].tolist() == [
        "In Buurt A heeft 8% van de inwoners geen enkele informele band (huishouden, buur, "
        "vriend, familie of mantelzorg) (drempel 5%)."
    ]


def test_zwakke_brug_just_past_and_not_at_the_threshold():
    drempels = only("brug")
    assert rows(find_signalen(brug_gebied(120), drempels=drempels), "zwakke_brug").empty  # 60%
    found = rows(find_signalen(brug_gebied(115), drempels=drempels), "zwakke_brug")  # 57.5%
    (row,) = found.itertuples()
    assert row.waarde == pytest.approx(0.575) and row.ernst == "laag"
    assert row.reden == (
        "In Buurt A komt 58% van de mensen met een hulpvraag via hoogstens 2 informele "
        "stappen bij iemand die een professional kent (drempel: minstens 60%)."
    )


def test_kwetsbaar_netwerk_names_the_kind_of_broker_never_the_person():
    drempels = only("kwetsbaar")
    # 10 (then 15) people reach a professional only through inwoner 0, a client of
    # professional 0: losing the professional cuts off 0 too (11, then 16 of 200, published
    # from counts rounded to 5), so the professional is the critical link
    assert rows(
        find_signalen(brug_gebied(0, hub_neighbours=10), drempels=drempels), "kwetsbaar_netwerk"
    ).empty
    found = rows(
        find_signalen(brug_gebied(0, hub_neighbours=15), drempels=drempels), "kwetsbaar_netwerk"
    )
    (row,) = found.itertuples()
    assert row.waarde == pytest.approx(15 / 200)
    assert row.reden == (
        "In Buurt A verliest 8% van de mensen met een hulpvraag de verbinding met een "
        "professional als één professional wegvalt: de ene schakel die in deze buurt de meesten "
        "afsnijdt (drempel 5%)."
    )
    assert "inwoner:" not in row.reden


# --- capacity (2SFCA) ----------------------------------------------------------------------


def test_te_weinig_capaciteit_just_past_and_not_at_the_threshold():
    assert rows(
        find_signalen(capacity_gebied(86), drempels=CAPACITY_ONLY), "te_weinig_capaciteit"
    ).empty
    found = rows(find_signalen(capacity_gebied(85), drempels=CAPACITY_ONLY), "te_weinig_capaciteit")
    (row,) = found.itertuples()
    assert row.gebiedcode == "B" and row.waarde == pytest.approx(170 / 285)
    assert row.reden == (
        f"In Buurt B is de capaciteit van huisartsen binnen 2.000 m lopen {HEMELSBREED} 59,6% "
        "van het gemiddelde in Testdorp: 0,60 plaats per inwoner tegen 1,00 gemiddeld "
        "(drempel: minstens 60% van het gemiddelde)."
    )


def test_a_rol_without_professionals_is_one_row_about_the_gemeente():
    drempels = only("capaciteit")
    signalen = find_signalen(capacity_gebied(100), drempels=drempels)
    gemeente = rows(signalen, "te_weinig_capaciteit", niveau="gemeente")
    assert sorted(gemeente["onderwerp"]) == ["maatschappelijk_werk", "wijkteam", "wijkverpleging"]


# --- clusters ------------------------------------------------------------------------------


def grid_gebied(*, island: bool = True):
    """6 x 6 buurten of 1 km with 100 inwoners each at the centre; a huisarts in every
    buurt except the 3 x 3 block in the lower-left corner (low-low cluster); an island far
    away."""
    b = Bouwer()
    for i in range(6):
        for j in range(6):
            code = f"B{i}{j}"
            b.buurt(code, i, j, size=1000)
            b.inwoners(code, 100 + 10 * ((i + j) % 3), at=(i * 1000 + 500, j * 1000 + 500))
            if i >= 3 or j >= 3:
                b.voorziening("huisarts", (i * 1000 + 500, j * 1000 + 500))
    if island:
        b.buurt("EILAND", 20, 20, size=1000, naam="Eiland")
        b.inwoners("EILAND", 100, at=(20_500, 20_500))
        b.voorziening("huisarts", (20_500, 20_500))
    return b.gebied()


CLUSTERS_ONLY = only("clusters", clusters={"variabelen": ["aandeel_dichtbij_huisarts_alle"]})


def test_lisa_signals_the_planted_low_low_cluster_and_reports_the_island():
    signalen = find_signalen(grid_gebied(), drempels=CLUSTERS_ONLY)
    found = rows(signalen, "cluster_laag")
    assert set(found["gebiedcode"]) <= {f"B{i}{j}" for i in range(3) for j in range(3)}
    assert "B11" in set(found["gebiedcode"])  # the centre of the planted block
    row = found[found["gebiedcode"] == "B11"].iloc[0]
    # plain words for everyone; the statistics in the toelichting
    assert row.reden == (
        "In Buurt B11 en de buurten eromheen is het aandeel inwoners binnen 1.000 m lopen "
        "van een huisarts samen opvallend laag: hier 0%, gemiddeld in Testdorp 75%."
    )
    assert "Moran" not in row.reden and "FDR" not in row.reden
    assert row.toelichting.startswith(
        "Ruimtelijk cluster van lage waarden (laag-laag), getoetst met lokale Moran's I "
        "(999 permutaties): p = "
    )
    assert "significant na FDR-correctie bij α = 0,05" in row.toelichting
    assert row.waarde <= row.drempel
    island = rows(signalen, "geen_buren")
    assert island["gebiedcode"].tolist() == ["EILAND"]
    assert "Eiland heeft geen aangrenzende buurten" in island["reden"].iloc[0]
    assert any("1 buurt zonder buren niet getoetst: EILAND" in r for r in signalen.attrs["rapport"])


def test_lisa_is_reproducible_with_a_seed():
    a = find_signalen(grid_gebied(), drempels=CLUSTERS_ONLY, seed=3)
    b = find_signalen(grid_gebied(), drempels=CLUSTERS_ONLY, seed=3)
    assert rows(a, "cluster_laag")["reden"].tolist() == rows(b, "cluster_laag")["reden"].tolist()


def test_local_clusters_directly_with_missing_values_and_an_island():
    gebied = grid_gebied()
    areas = gebied.buurten
    values = pd.Series(1.0, index=areas.index, name="x")
    values[["B00", "B01", "B10", "B11"]] = 0.0
    values += np.arange(len(values)) * 1e-3
    values["B55"] = np.nan
    out = local_clusters(areas, values, seed=0, permutaties=999)
    assert out.zonder_waarde == ["B55"]
    assert out.eilanden == ["EILAND"]
    assert out.tabel.loc["B00", "kwadrant"] == 3
    assert out.tabel.loc["B00", "laag_laag"]
    assert not out.tabel.loc["B44", "laag_laag"]
    assert out.grens <= 0.05


def test_local_clusters_reports_why_it_did_not_test():
    areas = grid_gebied(island=False).buurten
    flat = local_clusters(areas, pd.Series(1.0, index=areas.index, name="x"))
    assert "dezelfde waarde" in flat.opmerking and flat.tabel.empty
    few = local_clusters(areas.iloc[:4], pd.Series(range(4), index=areas.index[:4], name="x"))
    assert "te weinig gebieden" in few.opmerking
    spread = gaps_fixtures_scattered()
    lonely = local_clusters(spread, pd.Series(range(6), index=spread.index, dtype=float))
    assert "te weinig gebieden met buren" in lonely.opmerking
    assert len(lonely.eilanden) == 6


def gaps_fixtures_scattered():
    b = Bouwer()
    for k in range(6):
        b.buurt(f"S{k}", 2 * k, 0, size=1000)
    return b.gebied().buurten


# --- levels, network, errors ----------------------------------------------------------------


def test_niveau_wijk_and_beide():
    b = Bouwer()
    b.buurt("A1", 0, 0, wijk="WA")
    b.buurt("A2", 0, 1, wijk="WA")
    b.buurt("B1", 1, 0, wijk="WB")
    b.inwoners("A1", 100, at=(500, 500))
    b.inwoners("A2", 100, at=(500, 3500))  # 3 km from the huisarts
    b.inwoners("B1", 150, at=(3500, 500))
    b.voorziening("huisarts", (500, 500))
    b.voorziening("huisarts", (3500, 500))
    gebied = b.gebied()
    wijk = rows(find_signalen(gebied, niveau="wijk", drempels=HUISARTS_ONLY), "hulp_te_ver")
    assert wijk["gebiedcode"].tolist() == ["WA"] and wijk["waarde"].iloc[0] == pytest.approx(0.5)
    assert "In Wijk WA woont 50% van de inwoners" in wijk["reden"].iloc[0]
    both = rows(find_signalen(gebied, niveau="beide", drempels=HUISARTS_ONLY), "hulp_te_ver")
    assert sorted(zip(both["niveau"], both["gebiedcode"], strict=True)) == [
        ("buurt", "A2"),
        ("wijk", "WA"),
    ]


def test_with_a_street_network_the_reason_has_no_detour_factor():
    import geopandas as gpd
    from gaps_fixtures import X0, Y0
    from shapely.geometry import LineString

    from sociale_basis.streets.network import network_from_edges

    edges = gpd.GeoDataFrame(
        {"edge_id": [0], "u": ["P"], "v": ["Q"], "highway": ["residential"]},
        geometry=[LineString([(X0, Y0 + 500), (X0 + 3000, Y0 + 500)])],
        crs="EPSG:28992",
    )
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 150, at=(100, 510))
    b.inwoners("A", 50, at=(2900, 510))  # 2,800 m along the street
    b.voorziening("huisarts", (100, 490))
    signalen = find_signalen(b.gebied(netwerk=network_from_edges(edges)), drempels=HUISARTS_ONLY)
    (row,) = rows(signalen, "hulp_te_ver").itertuples()
    assert row.methode == "netwerk" and row.waarde == pytest.approx(0.25)
    assert row.reden == (
        "In Buurt A woont 25% van de inwoners verder dan 1.000 m lopen van een huisarts "
        "(drempel 15%)."
    )


def test_signals_are_sorted_and_have_the_documented_columns():
    signalen = find_signalen(huisarts_gebied(65))
    assert list(signalen.columns) == [*gaps.KOLOMMEN, "geometry"]
    assert signalen.crs == "EPSG:28992"
    assert set(signalen["signaal"]) <= set(gaps.SIGNALEN)
    assert signalen.attrs["drempels"].bron == "standaard"


def test_measurements_are_kept_only_in_the_metingen_the_caller_passes(monkeypatch):
    gebied = huisarts_gebied(35)
    made = []
    measure = Metingen._afstand
    monkeypatch.setattr(
        Metingen, "_afstand", lambda m, soort: made.append(soort) or measure(m, soort)
    )
    find_signalen(gebied, drempels=HUISARTS_ONLY)
    find_signalen(gebied, drempels=HUISARTS_ONLY)
    assert made == ["huisarts", "huisarts"]  # nothing kept between calls
    metingen = Metingen(gebied)
    first = find_signalen(gebied, drempels=HUISARTS_ONLY, metingen=metingen)
    again = find_signalen(gebied, drempels=HUISARTS_ONLY, metingen=metingen)
    assert made == ["huisarts"] * 3 and metingen.herberekend == ["afstand:huisarts"]
    pd.testing.assert_frame_equal(pd.DataFrame(first), pd.DataFrame(again))


def test_metingen_of_another_gebied_raise():
    metingen = Metingen(huisarts_gebied(35))
    with pytest.raises(ValueError, match="metingen horen bij een ander gebied"):
        find_signalen(huisarts_gebied(35), metingen=metingen)  # equal content, other object


def test_metingen_of_another_modus_raise():
    gebied = huisarts_gebied(35)
    metingen = Metingen(gebied, modus="fiets")
    with pytest.raises(ValueError, match="gemaakt voor modus 'fiets', niet 'lopen'"):
        find_signalen(gebied, modus="lopen", metingen=metingen)
    signalen = find_signalen(gebied, drempels=HUISARTS_ONLY, metingen=metingen)  # theirs
    assert "fietsen" in signalen["reden"].iloc[0]


def test_metingen_of_the_wrong_type_raise():
    with pytest.raises(TypeError, match="metingen moet een Metingen zijn"):
        find_signalen(huisarts_gebied(35), metingen={})  # type: ignore[arg-type]


def test_unknown_niveau_raises():
    with pytest.raises(ValueError, match="niveau moet 'buurt', 'wijk' of 'beide'"):
        find_signalen(huisarts_gebied(0), niveau="gemeente")


def test_unknown_modus_raises():
    with pytest.raises(ValueError, match="onbekende modus 'zwemmen'"):
        find_signalen(huisarts_gebied(0), modus="zwemmen")


def test_gebied_without_tables_raises():
    with pytest.raises(TypeError, match="mist inwoners"):
        find_signalen(object())


def test_buurten_without_polygons_raise():
    gebied = huisarts_gebied(0)
    gebied.buurten = pd.DataFrame(gebied.buurten.drop(columns="geometry"))
    with pytest.raises(TypeError, match=r"gebied\.buurten moet een GeoDataFrame"):
        find_signalen(gebied)


def test_buurten_in_another_crs_raise():
    gebied = huisarts_gebied(0)
    gebied.buurten = gebied.buurten.to_crs("EPSG:4326")
    with pytest.raises(ValueError, match="staat in EPSG:4326; verwacht EPSG:28992"):
        find_signalen(gebied)


def test_inwoners_without_hulpvraag_column_raise():
    gebied = huisarts_gebied(0)
    gebied.inwoners = gebied.inwoners.drop(columns="hulpvraag")
    with pytest.raises(ValueError, match="mist de kolom 'hulpvraag'"):
        find_signalen(gebied)


# --- thresholds ------------------------------------------------------------------------------


def test_threshold_override_by_dict_moves_the_signal():
    gebied = huisarts_gebied(30)  # 15%: no signal with the default of 15%
    assert rows(find_signalen(gebied, drempels=HUISARTS_ONLY), "hulp_te_ver").empty
    stricter = only(
        "hulp_te_ver",
        hulp_te_ver={
            "soorten": {
                "huisarts": {"max_aandeel": 0.10},
                "wijkteam": {"aan": False},
                "maatschappelijk_werk": {"aan": False},
            }
        },
    )
    found = rows(find_signalen(gebied, drempels=stricter), "hulp_te_ver")
    assert found["reden"].tolist() == [
        f"In Buurt A woont 15% van de inwoners verder dan 1.000 m lopen {HEMELSBREED} van een "
        "huisarts (drempel 10%)."
    ]


def test_threshold_override_by_toml_file(tmp_path):
    path = tmp_path / "mijn_drempels.toml"
    path.write_text(
        "[hulp_te_ver.soorten.huisarts]\nafstand_m = 800\n\n"
        "[hulp_te_ver.soorten.gemeenteloket]\nafstand_m = 2000\nmax_aandeel = 0.3\n"
        'reden = "eigen"\n',
        encoding="utf-8",
    )
    d = load_drempels(path)
    assert d.hulp_te_ver.soorten["huisarts"].afstand_m == 800.0
    assert d.hulp_te_ver.soorten["huisarts"].max_aandeel == 0.15  # default kept
    assert d.hulp_te_ver.soorten["gemeenteloket"].reden == "eigen"
    assert d.bron == str(path)
    assert load_drempels(d) is d


def test_every_default_has_a_reason():
    d = load_drempels()
    groups = [d.algemeen, d.hulp_te_ver, d.ontmoeting, d.componenten, d.isolatie, d.brug]
    groups += [d.kwetsbaar, d.capaciteit, d.clusters]
    groups += list(d.hulp_te_ver.soorten.values()) + list(d.capaciteit.rollen.values())
    assert all(len(g.reden) > 40 for g in groups)


def test_unknown_key_raises_naming_the_key_with_a_suggestion():
    with pytest.raises(ValidationError) as error:
        load_drempels({"hulp_te_ver": {"soorten": {"huisartss": {"afstand_m": 800}}}})
    text = str(error.value)
    assert "hulp_te_ver.soorten.huisartss" in text and "bedoelde u 'huisarts'?" in text


@pytest.mark.parametrize(
    ("override", "key", "problem"),
    [
        ({"algemeen": {"foo": 1}}, "algemeen.foo", "onbekende sleutel"),
        ({"hulp_te_verr": {}}, "hulp_te_verr", "onbekende sleutel"),
        ({"clusters": {"alpha": "x"}}, "clusters.alpha", "verwacht een getal"),
        ({"brug": {"k": 1.5}}, "brug.k", "verwacht een geheel getal"),
        ({"isolatie": {"aan": "ja"}}, "isolatie.aan", "verwacht true of false"),
        ({"isolatie": {"groepen": "alle"}}, "isolatie.groepen", "verwacht een lijst"),
        ({"brug": 3}, "brug", "verwacht een tabel"),
        (
            {"hulp_te_ver": {"soorten": {"huisarts": 3}}},
            "hulp_te_ver.soorten.huisarts",
            "verwacht een tabel",
        ),
        (
            {"hulp_te_ver": {"soorten": {"gemeenteloket": {"afstand_m": 3}}}},
            "hulp_te_ver.soorten.gemeenteloket",
            "nieuwe soort mist max_aandeel",
        ),
        (
            {"capaciteit": {"rollen": {"poh_ggz": {"max_m": 3}}}},
            "capaciteit.rollen.poh_ggz",
            "nieuwe rol mist min_verhouding, vraag",
        ),
        ({"algemeen": {"min_personen": 50}}, "algemeen.min_personen", "alleen strenger"),
        ({"algemeen": {"ernst_midden": 3}}, "algemeen.ernst_midden", "moeten oplopen"),
        ({"ontmoeting": {"max_aandeel": 15}}, "ontmoeting.max_aandeel", "tussen 0 en 1"),
        ({"ontmoeting": {"afstand_m": 0}}, "ontmoeting.afstand_m", "groter dan 0"),
        ({"ontmoeting": {"soorten": ["huisarts"]}}, "ontmoeting.soorten", "onbekende naam"),
        ({"isolatie": {"groepen": ["ouderen"]}}, "isolatie.groepen", "onbekende naam"),
        (
            {"componenten": {"componenten": ["sportt"]}},
            "componenten.componenten",
            "bedoelde u 'sport'",
        ),
        ({"brug": {"k": -1}}, "brug.k", "0 of groter"),
        (
            {"capaciteit": {"rollen": {"huisarts": {"vraag": "iedereen"}}}},
            "capaciteit.rollen.huisarts.vraag",
            "onbekende vraag",
        ),
        (
            {"capaciteit": {"rollen": {"huisarts": {"min_verhouding": -1}}}},
            "capaciteit.rollen.huisarts.min_verhouding",
            "0 of groter",
        ),
        (
            {"clusters": {"variabelen": ["aandeel_ver_huisarts_alle"]}},
            "clusters.variabelen",
            "onbekende naam",
        ),
        ({"clusters": {"alpha": 1.5}}, "clusters.alpha", "tussen 0 en 1"),
        ({"clusters": {"permutaties": 10}}, "clusters.permutaties", "te weinig permutaties"),
        ({"clusters": {"buren": "koningin"}}, "clusters.buren", "onbekende burenregel"),
    ],
)
def test_bad_thresholds_raise_with_the_key(override, key, problem):
    with pytest.raises(ValidationError) as error:
        load_drempels(override)
    text = str(error.value)
    assert f":{key}:" in text and problem in text


def test_several_problems_come_in_one_error():
    with pytest.raises(ValidationError) as error:
        load_drempels({"algemeen": {"foo": 1}, "brug": {"k": "twee"}})
    assert len(error.value.problems) == 2


def test_threshold_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="bestaat niet"):
        load_drempels(tmp_path / "weg.toml")
    broken = tmp_path / "kapot.toml"
    broken.write_text("[hulp_te_ver\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="geen geldige TOML"):
        load_drempels(broken)
    with pytest.raises(TypeError, match="drempels moet None, een dict"):
        load_drempels(42)  # type: ignore[arg-type]


def test_clusters_without_pysal_say_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "esda", None)
    with pytest.raises(ImportError, match="installeer esda en libpysal"):
        find_signalen(grid_gebied(), drempels=CLUSTERS_ONLY)


# --- the real bundles (slow) -----------------------------------------------------------------

COHESION_OFF = {"isolatie": {"aan": False}, "brug": {"aan": False}, "kwetsbaar": {"aan": False}}


@pytest.fixture(scope="module")
def delft_signalen(delft):
    return find_signalen(delft)


@pytest.mark.slow
def test_delft_gives_signals_of_several_kinds_each_a_sentence_with_numbers(delft_signalen):
    kinds = set(delft_signalen["signaal"]) - {"geen_uitspraak", "geen_buren"}
    assert len(kinds) >= 3
    assert {"hulp_te_ver", "geen_ontmoetingsplek", "component_ontbreekt"} <= kinds
    for reden in delft_signalen["reden"]:  # information rows included: all sentences
        assert reden[0].isupper() and reden.endswith(".")
    for reden in delft_signalen.loc[delft_signalen["ernst"].notna(), "reden"]:
        assert re.search(r"\d+(,\d+)?%|\d m|\d,\d\d", reden), reden
    assert (delft_signalen["methode"] == "netwerk").all()
    assert "hemelsbreed ×" not in " ".join(delft_signalen["reden"])
    assert set(delft_signalen["niveau"]) <= {"buurt", "gemeente"}
    assert (
        delft_signalen.loc[delft_signalen["niveau"] == "buurt", "gebiedcode"]
        .str.startswith("BU05")
        .all()
    )
    assert not delft_signalen["reden"].str.contains("inwoner:").any()
    # synthetic inwoners: every reason about people says so, one about places does not
    people = delft_signalen[
        (delft_signalen["niveau"] != "gemeente")
        & (delft_signalen["signaal"] != "component_ontbreekt")
    ]
    assert people["reden"].str.endswith(" (synthetische inwoners).").all()
    places = delft_signalen[delft_signalen["signaal"] == "component_ontbreekt"]
    assert len(places) and not places["reden"].str.contains("synthetisch").any()
    assert set(delft_signalen["toelichting"].dropna().astype(bool)) <= {True, False}


@pytest.mark.slow
def test_zwolle_has_no_network_and_says_hemelsbreed(zwolle):
    signalen = find_signalen(zwolle, drempels=COHESION_OFF)
    assert (signalen["methode"] == "hemelsbreed").all()
    reach = signalen[signalen["signaal"].isin(["hulp_te_ver", "geen_ontmoetingsplek"])]
    reach = reach[reach["niveau"] == "buurt"]
    assert len(reach) > 0
    assert reach["reden"].str.contains(HEMELSBREED, regex=False).all()
    assert any("omwegfactor 1,27" in line for line in signalen.attrs["rapport"])


# --- other thresholds on the same gebied reuse the measurements ----------------------------


def _reused(gebied, first: dict, second: dict) -> set[str]:
    """Signals with ``second`` on the metingen of ``first`` equal those from scratch;
    returns what the second run had to measure."""
    metingen = Metingen(gebied)
    find_signalen(gebied, drempels=first, metingen=metingen)
    done = len(metingen.herberekend)
    reused = find_signalen(gebied, drempels=second, metingen=metingen)
    fresh = find_signalen(gebied, drempels=second)
    pd.testing.assert_frame_equal(pd.DataFrame(reused), pd.DataFrame(fresh))
    assert reused.attrs["rapport"] == fresh.attrs["rapport"]
    return set(metingen.herberekend[done:])


def test_other_distance_threshold_reuses_the_distances():
    gebied = ontmoeting_gebied(100)  # 100 of 200 live 1,270 m from the buurthuis
    strict = only("ontmoeting")
    loose = only("ontmoeting", ontmoeting={"afstand_m": 2000})
    assert find_signalen(gebied, drempels=loose)["signaal"].eq("geen_ontmoetingsplek").sum() == 0
    assert _reused(gebied, strict, loose) == set()


def test_other_bridge_depth_recomputes_cohesion_but_not_the_graph():
    gebied = brug_gebied(150)
    # buurt signalen are protected together with the wijk figures, so both are measured again
    both = {"cohesie:buurt", "cohesie:wijk"}
    assert _reused(gebied, only("brug"), only("brug", brug={"k": 1})) == both
    # a threshold that cohesion does not read: nothing recomputed
    assert _reused(gebied, only("brug"), only("brug", brug={"min_aandeel": 0.5})) == set()


def _huisarts_capacity(**huisarts: float) -> dict:
    rollen = dict(CAPACITY_ONLY["capaciteit"]["rollen"], huisarts=huisarts)
    return only("capaciteit", capaciteit={"rollen": rollen})


def test_other_catchment_recomputes_access_of_that_rol_only():
    gebied = capacity_gebied(50)
    wider = _huisarts_capacity(max_m=3000)
    stricter = _huisarts_capacity(min_verhouding=0.9)  # not read by the access itself
    other_demand = _huisarts_capacity(vraag="65plus")
    assert _reused(gebied, CAPACITY_ONLY, wider) == {"toegang:huisarts"}
    assert _reused(gebied, CAPACITY_ONLY, stricter) == set()
    assert _reused(gebied, CAPACITY_ONLY, other_demand) == {"toegang:huisarts"}


def test_switching_the_fragility_signal_on_recomputes_cohesion():
    gebied = brug_gebied(150)
    both = {"cohesie:buurt", "cohesie:wijk"}  # protected together: see above
    assert _reused(gebied, only("brug"), only("brug", "kwetsbaar")) == both


def test_each_measurement_is_made_once_whatever_the_order_of_thresholds():
    gebied = brug_gebied(150)
    metingen = Metingen(gebied)
    find_signalen(gebied, drempels=only("brug"), metingen=metingen)
    find_signalen(gebied, drempels=only("brug", "kwetsbaar"), metingen=metingen)
    done = len(metingen.herberekend)
    again = only("brug", brug={"min_aandeel": 0.5})  # the cohesion of the first run fits
    find_signalen(gebied, drempels=again, metingen=metingen)
    assert metingen.herberekend[done:] == []


def test_a_reason_about_synthetic_people_says_so():
    from sociale_basis.gaps.reasons import mark_synthetic

    assert mark_synthetic("In A woont 30% ver weg (drempel 25%).") == (
        "In A woont 30% ver weg (drempel 25%) (synthetische inwoners)."
    )
    once = mark_synthetic("X.")
    assert mark_synthetic(once) == once == "X (synthetische inwoners)."
    # a gebied with a seed has a synthetic population: its reasons say so
    gebied = ontmoeting_gebied(far=60)
    gebied.seed = 7
    found = find_signalen(gebied, drempels=only("ontmoeting"))
    (row,) = found[found["signaal"] == "geen_ontmoetingsplek"].itertuples()
    assert row.reden.endswith("(drempel 25%) (synthetische inwoners).")
    # the information row about the group too small (no 65-plussers) rests on them too
    (info,) = found[found["signaal"] == "geen_uitspraak"].itertuples()
    assert info.reden.endswith("(synthetische inwoners).")

"""Scenarios: before and after, only the changed parts recomputed, same answer as from scratch."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from gaps_fixtures import (
    CAPACITY_ONLY,
    X0,
    Y0,
    Bouwer,
    brug_gebied,
    capacity_gebied,
    only,
    ontmoeting_gebied,
)

from sociale_basis.gaps import Metingen, find_signalen, run_scenario
from sociale_basis.gaps.changes import arrays_with
from sociale_basis.social.build import build_graph
from sociale_basis.social.cohesion import measure_cohesion


@pytest.mark.slow
def test_delft_adding_a_buurthuis_changes_the_signals_of_the_area_around_it(delft):
    metingen = Metingen(delft)
    signalen = find_signalen(delft, metingen=metingen)
    far = signalen[(signalen["signaal"] == "geen_ontmoetingsplek") & (signalen["groep"] == "alle")]
    # a buurt farthest from one; of those tied, the smallest, which one buurthuis covers
    top = far[far["waarde"] == far["waarde"].max()]["gebiedcode"]
    code = min(top, key=lambda c: (delft.buurten.geometry[c].area, c))
    where = delft.buurten.geometry[code].representative_point()
    result = run_scenario(
        delft, add=[{"soort": "buurthuis", "x": where.x, "y": where.y}], metingen=metingen
    )
    before = result.signalen_voor[result.signalen_voor["gebiedcode"] == code]
    after = result.signalen_na[result.signalen_na["gebiedcode"] == code]
    assert set(before["reden"]) != set(after["reden"])
    assert "geen_ontmoetingsplek" in set(before["signaal"])
    assert "geen_ontmoetingsplek" not in set(after["signaal"])
    assert result.herberekend == {"afstand:buurthuis"}
    assert result.verschil.loc[("buurt", code), "aandeel_ver_ontmoetingsplek_alle"] < 0
    assert "buurthuis toegevoegd" in str(result)


def signalen_of(frame, code, signaal):
    return frame[(frame["gebiedcode"] == code) & (frame["signaal"] == signaal)]


def test_adding_a_buurthuis_removes_the_signal_and_recomputes_only_that_soort():
    gebied = ontmoeting_gebied(55)  # 27.5% farther than 800 m from a meeting place
    drempels = only("ontmoeting")
    result = run_scenario(
        gebied, add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}], drempels=drempels
    )
    assert len(signalen_of(result.signalen_voor, "A", "geen_ontmoetingsplek")) == 1
    assert signalen_of(result.signalen_na, "A", "geen_ontmoetingsplek").empty
    assert result.herberekend == {"afstand:buurthuis"}
    change = result.verschil.loc[("buurt", "A"), "aandeel_ver_ontmoetingsplek_alle"]
    assert change == pytest.approx(-0.275)
    assert result.voor.loc[("buurt", "A"), "aandeel_ver_ontmoetingsplek_alle"] == pytest.approx(
        0.275
    )
    assert result.na.loc[("buurt", "A"), "aandeel_ver_ontmoetingsplek_alle"] == 0
    diff = result.signalen_verschil
    assert diff["verandering"].tolist() == ["verdwenen"]
    text = str(result)
    assert "buurthuis toegevoegd in Buurt A (voorzieningen, id 1)" in text
    assert "Buurt A: geen ontmoetingsplek in de buurt (ontmoetingsplek, alle) verdwenen." in text
    assert "opnieuw berekend: afstand:buurthuis" in text
    assert result.wijzigingen["actie"].tolist() == ["toegevoegd"]
    assert gebied.voorzieningen.shape[0] == 1  # the input is not changed


def test_scenario_equals_a_fresh_computation_on_the_changed_gebied():
    gebied = ontmoeting_gebied(55)
    drempels = only("ontmoeting", "hulp_te_ver", "componenten")
    result = run_scenario(
        gebied, add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}], drempels=drempels
    )
    changed = Bouwer()
    changed.buurt("A")
    changed.inwoners("A", 145, at=(500, 500))
    changed.inwoners("A", 55, at=(500, 1500))
    changed.voorziening("buurthuis", (500, 500))
    changed.voorziening("buurthuis", (500, 1500))
    fresh = find_signalen(changed.gebied(), drempels=drempels)
    assert sorted(fresh["reden"]) == sorted(result.signalen_na["reden"])


def test_a_scenario_starts_from_the_metingen_passed_and_leaves_them_as_they_were():
    gebied = ontmoeting_gebied(55)
    drempels = only("ontmoeting")
    metingen = Metingen(gebied)
    before = find_signalen(gebied, drempels=drempels, metingen=metingen)
    assert metingen.herberekend == ["afstand:buurthuis", "afstand:bibliotheek"]
    result = run_scenario(
        gebied,
        add=[{"soort": "bibliotheek", "x": X0 + 500, "y": Y0 + 1500}],
        drempels=drempels,
        metingen=metingen,
    )
    assert result.herberekend == {"afstand:bibliotheek"}  # the buurthuis is reused
    assert metingen.herberekend == ["afstand:buurthuis", "afstand:bibliotheek"]  # untouched
    assert np.isnan(metingen.afstand("bibliotheek")).all()  # still without a bibliotheek
    pd.testing.assert_frame_equal(pd.DataFrame(result.signalen_voor), pd.DataFrame(before))


def test_a_scenario_on_metingen_of_another_gebied_raises():
    with pytest.raises(ValueError, match="metingen horen bij een ander gebied"):
        run_scenario(
            ontmoeting_gebied(55),
            remove=["voorziening:0"],
            metingen=Metingen(ontmoeting_gebied(55)),
        )


def test_removing_a_voorziening_by_plain_or_node_id():
    gebied = ontmoeting_gebied(0)
    for ident in (0, "voorziening:0", "0"):
        result = run_scenario(gebied, remove=[ident], drempels=only("ontmoeting"))
        assert len(signalen_of(result.signalen_na, "A", "geen_ontmoetingsplek")) == 1
        assert result.wijzigingen["actie"].tolist() == ["verwijderd"]


def test_removing_a_professional_recomputes_cohesion_like_a_fresh_graph():
    gebied = brug_gebied(120)  # 60% reach a professional: no signal
    result = run_scenario(gebied, remove=["professional:0"], drempels=only("brug"))
    assert signalen_of(result.signalen_voor, "A", "zwakke_brug").empty
    (row,) = signalen_of(result.signalen_na, "A", "zwakke_brug").itertuples()
    assert row.waarde == 0 and row.ernst == "hoog"
    assert "cohesie:buurt" in result.herberekend
    # the same as building the graph again without the professional and its ties
    before = Metingen(gebied).arrays
    changed = arrays_with(before, gebied.professionals.iloc[:0], [0])
    without = Bouwer()
    without.buurt("A")
    without.inwoners("A", 200, at=(500, 500), hulpvraag="eenzaamheid")
    for j in range(1, 120):
        without.relatie(0, j, "buur")
    expected = measure_cohesion(build_graph(without.gebied()), niveau="buurt")
    got = measure_cohesion(changed, niveau="buurt")
    pd.testing.assert_frame_equal(got, expected, check_like=True)


def test_an_added_professional_works_at_its_voorziening_like_a_fresh_graph():
    b = Bouwer()
    b.buurt("A")
    ids = b.inwoners("A", 20, at=(500, 500), hulpvraag="financien")
    vz = b.voorziening("wijkteam", (500, 500))
    b.professional("wijkteam", (500, 500), voorziening_id=vz)
    b.relatie("professional:0", ids[0], "caseload")
    for j in ids[1:5]:
        b.relatie(ids[0], j, "buur")
    gebied = b.gebied()
    arrays = Metingen(gebied).arrays
    added = gpd.GeoDataFrame(
        {
            "rol": ["wijkteam"],
            "voorziening_id": [vz],
            "capaciteit": [40],
            "buurtcode": ["A"],
            "wijkcode": ["W1"],
        },
        geometry=[shapely.Point(X0 + 500, Y0 + 500)],
        crs="EPSG:28992",
        index=pd.Index([1], name="professional_id"),
    )
    changed = arrays_with(arrays, added, [])
    assert changed.nodes[-1] == "professional:1"
    b.professional("wijkteam", (500, 500), voorziening_id=vz, capaciteit=40)
    expected = measure_cohesion(build_graph(b.gebied()), niveau="buurt")
    got = measure_cohesion(changed, niveau="buurt")
    pd.testing.assert_frame_equal(got, expected, check_like=True)


def test_adding_a_huisarts_lifts_the_capacity_signal():
    gebied = capacity_gebied(85)
    result = run_scenario(
        gebied,
        add=[{"rol": "huisarts", "x": X0 + 4500, "y": Y0 + 1500}],  # capaciteit: the median, 400
        drempels=CAPACITY_ONLY,
    )
    assert len(signalen_of(result.signalen_voor, "B", "te_weinig_capaciteit")) == 1
    assert signalen_of(result.signalen_na, "B", "te_weinig_capaciteit").empty
    assert result.herberekend == {"toegang:huisarts"}  # no graph: cohesion signalen are off
    assert result.wijzigingen.loc[0, "tabel"] == "professionals"
    assert result.wijzigingen.loc[0, "buurtcode"] == "B"


def test_add_as_geodataframe():
    gebied = ontmoeting_gebied(55)
    add = gpd.GeoDataFrame(
        {"soort": ["buurthuis"]}, geometry=[shapely.Point(X0 + 500, Y0 + 1500)], crs="EPSG:28992"
    )
    result = run_scenario(gebied, add=add, drempels=only("ontmoeting"))
    assert signalen_of(result.signalen_na, "A", "geen_ontmoetingsplek").empty


def test_scenario_at_wijk_and_buurt_level():
    gebied = ontmoeting_gebied(55)
    result = run_scenario(
        gebied,
        add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}],
        niveau="beide",
        drempels=only("ontmoeting"),
    )
    assert set(result.verschil.index.get_level_values("niveau")) == {"buurt", "wijk"}
    assert set(result.signalen_voor["niveau"]) == {"buurt", "wijk"}


def test_nothing_to_change_raises():
    with pytest.raises(ValueError, match="verandert niets"):
        run_scenario(ontmoeting_gebied(0))


@pytest.mark.parametrize(
    ("add", "message"),
    [
        (
            [{"soort": "buurthuiss", "x": X0, "y": Y0}],
            "onbekende soort 'buurthuiss'; bedoelde u 'buurthuis'",
        ),
        ([{"rol": "dokter", "x": X0, "y": Y0}], "onbekende rol 'dokter'"),
        ([{"soort": "buurthuis", "y": Y0}], "x en y"),
        ([{"soort": "buurthuis", "x": 4.36, "y": 52.01}], "niet in Nederland in RD New"),
        ([{"naam": "iets", "x": X0, "y": Y0}], "geef 'soort'"),
        ([{"rol": "ouderenwerk", "x": X0, "y": Y0}], "geen capaciteit"),
    ],
)
def test_bad_additions_raise(add, message):
    with pytest.raises(ValueError, match=message):
        run_scenario(ontmoeting_gebied(0), add=add)


def test_add_of_the_wrong_type_raises():
    with pytest.raises(TypeError, match="add moet een GeoDataFrame"):
        run_scenario(ontmoeting_gebied(0), add="buurthuis")


def test_add_without_points_raises():
    add = gpd.GeoDataFrame(
        {"soort": ["buurthuis"]}, geometry=[shapely.box(X0, Y0, X0 + 1, Y0 + 1)], crs="EPSG:28992"
    )
    with pytest.raises(ValueError, match="elke rij heeft een punt nodig"):
        run_scenario(ontmoeting_gebied(0), add=add)


def test_add_in_lon_lat_raises():
    add = gpd.GeoDataFrame(
        {"soort": ["buurthuis"]}, geometry=[shapely.Point(4.36, 52.01)], crs="EPSG:4326"
    )
    with pytest.raises(ValueError, match="add staat in EPSG:4326"):
        run_scenario(ontmoeting_gebied(0), add=add)


def test_removing_unknown_ids_raises():
    with pytest.raises(ValueError, match=r"onbekende id's \['voorziening:99', 'vereniging:0'\]"):
        run_scenario(ontmoeting_gebied(0), remove=["voorziening:99", "vereniging:0"])
    with pytest.raises(ValueError, match="onbekende id's"):
        run_scenario(ontmoeting_gebied(0), remove="professional:0")


def test_signalen_verschil_marks_changed_severity():
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 80, at=(500, 500))
    b.inwoners("A", 60, at=(500, 1500))
    b.inwoners("A", 60, at=(2500, 1500))
    b.voorziening("buurthuis", (500, 500))
    result = run_scenario(
        b.gebied(),
        add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}],
        drempels=only("ontmoeting"),
    )
    (row,) = result.signalen_verschil.itertuples()
    assert row.verandering == "veranderd"
    assert (row.ernst_voor, row.ernst_na) == ("hoog", "laag")
    assert (row.waarde_voor, row.waarde_na) == (pytest.approx(0.6), pytest.approx(0.3))
    assert (
        "Buurt A: geen ontmoetingsplek in de buurt (ontmoetingsplek, alle): 60% -> 30%, "
        "ernst hoog -> laag." in str(result)
    )

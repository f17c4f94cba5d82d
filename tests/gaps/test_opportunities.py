"""Group opportunities: meeting places within reach of at least k people with one hulpvraag."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from gaps_fixtures import X0, Y0, Bouwer
from shapely.geometry import LineString

from sociale_basis.gaps.opportunities import GROEPSRUIMTEN, group_opportunities
from sociale_basis.streets.network import network_from_edges


def gebied(netwerk=None):
    """Buurt A: a buurthuis at (500, 500); 6 inwoners with eenzaamheid and 12 with psychisch
    within 600 m straight (762 m walking, under 10 minutes = 800 m at 4.8 km/h), 4 with
    financien, 30 with eenzaamheid 2 km away. Buurt B has 5 inwoners (too few)."""
    b = Bouwer()
    b.buurt("A", 0, 0)
    b.buurt("B", 1, 0)
    b.inwoners("A", 150, at=(500, 500))
    b.inwoners("A", 6, at=(500, 1100), hulpvraag="eenzaamheid")
    b.inwoners("A", 12, at=(500, 1100), hulpvraag="psychisch")
    b.inwoners("A", 4, at=(500, 1100), hulpvraag="financien")
    b.inwoners("A", 30, at=(2500, 2500), hulpvraag="eenzaamheid")
    b.inwoners("B", 5, at=(3100, 500), hulpvraag="psychisch")
    b.voorziening("buurthuis", (500, 500))
    b.voorziening("cafe", (500, 1100))  # not a group room by default
    return b.gebied(netwerk)


def test_counts_per_buurt_hulpvraag_and_place_are_rounded_or_secret():
    out = group_opportunities(gebied())
    table = out.drop(columns="geometry")
    # ranked: the most people first, "geheim" last
    assert table[
        ["buurtcode", "rang", "hulpvraag", "voorziening_id", "aantal_tekst"]
    ].values.tolist() == [
        ["A", 1, "psychisch", 0, "10"],  # 12 people, rounded to 5
        ["A", 2, "eenzaamheid", 0, "geheim"],  # 6 people: 0-7 is "geheim"
    ]
    assert pd.isna(out["aantal"].iloc[1]) and out["aantal"].iloc[0] == 10
    assert out["reden"].tolist() == [
        "10 mensen uit Buurt A met een hulpvraag over psychische klachten wonen binnen 10 "
        "minuten lopen van buurthuis 0 (buurthuis / wijkcentrum).",
        "Een paar mensen (aantal geheim) uit Buurt A met een hulpvraag over eenzaamheid en "
        "weinig sociale contacten wonen binnen 10 minuten lopen van buurthuis 0 "
        "(buurthuis / wijkcentrum).",
    ]
    assert out["echt"].all() and (out["bron"] == "test").all()
    assert (out["methode"] == "hemelsbreed").all() and (out["minuten"] == 10).all()
    assert out.geometry.iloc[0].x == X0 + 500
    assert "1 buurten met minder dan 10 inwoners zijn overgeslagen" in out.attrs["rapport"][0]


def test_k_and_minutes_and_soorten():
    assert group_opportunities(gebied(), k=7)["hulpvraag"].tolist() == ["psychisch"]
    assert group_opportunities(gebied(), minuten=5).empty  # 762 m is more than 5 minutes
    with_cafe = group_opportunities(gebied(), soorten=["cafe"])
    assert sorted(with_cafe["hulpvraag"]) == ["eenzaamheid", "psychisch"]
    assert "cafe" not in GROEPSRUIMTEN


def test_over_the_street_network():
    edges = gpd.GeoDataFrame(
        {"edge_id": [0], "u": ["P"], "v": ["Q"], "highway": ["residential"]},
        geometry=[LineString([(X0 + 500, Y0), (X0 + 500, Y0 + 3000)])],
        crs="EPSG:28992",
    )
    out = group_opportunities(gebied(network_from_edges(edges)))
    assert (out["methode"] == "netwerk").all()
    assert sorted(out["hulpvraag"]) == ["eenzaamheid", "psychisch"]  # 600 m along the street


def test_no_people_or_places_gives_an_empty_table():
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 20, at=(0, 0))
    out = group_opportunities(b.gebied())
    assert out.empty and "geen mensen met een hulpvraag" in out.attrs["rapport"][-1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"k": 0}, "k moet een geheel getal"),
        ({"k": 2.5}, "k moet een geheel getal"),
        ({"minuten": 0}, "minuten moet een positief getal"),
        ({"modus": "vliegen"}, "onbekende modus"),
        ({"soorten": ["huisarts"]}, "'huisarts' is geen plek waar een groep samenkomt"),
        ({"per_buurt": 0}, "per_buurt moet minstens 1 zijn"),
    ],
)
def test_bad_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        group_opportunities(gebied(), **kwargs)


def ranked_gebied():
    """Buurt A (300 inwoners): 20 with eenzaamheid near a synthetic clubhuis (C, at 500,
    2500) and 10 of them also near a real buurthuis (H, at 500, 500); 15 with mobiliteit
    near H; 9 with financien near H; 12 with psychisch near C only. Without a network:
    1.27 x straight, 10 minutes lopen is 800 m walking, 630 m straight."""
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 234, at=(1500, 1500))
    b.inwoners("A", 10, at=(500, 900), hulpvraag="eenzaamheid")  # 400 m from H
    b.inwoners("A", 10, at=(500, 2100), hulpvraag="eenzaamheid")  # 400 m from C
    b.inwoners("A", 15, at=(500, 800), hulpvraag="mobiliteit")
    b.inwoners("A", 9, at=(500, 800), hulpvraag="financien")
    b.inwoners("A", 12, at=(500, 2200), hulpvraag="psychisch")
    b.voorziening("buurthuis", (500, 500))  # id 0, real
    clubhuis = b.voorziening("clubhuis", (500, 2500))  # id 1
    gebied = b.gebied()
    gebied.voorzieningen.loc[clubhuis, "bron"] = "synthetisch"
    gebied.seed = 3
    return gebied


def test_real_places_rank_above_synthetic_ones():
    out = group_opportunities(ranked_gebied(), per_buurt=None)
    rows = out[["rang", "hulpvraag", "voorziening_id", "echt", "aantal_tekst"]].values.tolist()
    assert rows == [
        # real first, the most people first: mobiliteit 15, eenzaamheid 10, financien 9
        # (published as 10)
        [1, "mobiliteit", 0, True, "15"],
        [2, "eenzaamheid", 0, True, "10"],
        [3, "financien", 0, True, "10"],
        # then the synthetic clubhuis, though 12 people with psychisch live near it; ties
        # go by the published (rounded) count, then the hulpvraag: the order tells nothing
        # that the rounded counts do not
        [4, "eenzaamheid", 1, False, "10"],
        [5, "psychisch", 1, False, "10"],
    ]
    synthetic = out[~out["echt"]]["reden"].iloc[0]
    assert "deze plek is synthetisch (bestaat niet echt)" in synthetic
    assert synthetic.endswith(" (synthetische inwoners).")


def test_per_buurt_keeps_the_best_place_of_the_best_hulpvragen():
    out = group_opportunities(ranked_gebied(), per_buurt=2)
    assert out[["rang", "hulpvraag", "voorziening_id"]].values.tolist() == [
        [1, "mobiliteit", 0],
        [2, "eenzaamheid", 0],
    ]
    assert "3 kansen niet in de lijst" in out.attrs["rapport"][-1]
    # the default: three hulpvragen, one place each
    default = group_opportunities(ranked_gebied())
    assert default["hulpvraag"].tolist() == ["mobiliteit", "eenzaamheid", "financien"]

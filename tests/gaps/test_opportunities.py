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
    assert table[["buurtcode", "hulpvraag", "voorziening_id", "aantal_tekst"]].values.tolist() == [
        ["A", "eenzaamheid", 0, "geheim"],  # 6 people: 0-7 is "geheim"
        ["A", "psychisch", 0, "10"],  # 12 people, rounded to 5
    ]
    assert pd.isna(out["aantal"].iloc[0]) and out["aantal"].iloc[1] == 10
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
    assert out["hulpvraag"].tolist() == ["eenzaamheid", "psychisch"]  # 600 m along the street


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
        ({"soorten": ["huisarts"]}, "'huisarts' is geen ontmoetingsplek"),
    ],
)
def test_bad_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        group_opportunities(gebied(), **kwargs)

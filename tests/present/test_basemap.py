"""The light basemap drawn from the bundle (present/basemap.py), on a hand-made town."""

from __future__ import annotations

from types import SimpleNamespace

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, box

from sociale_basis.present.basemap import (
    LIJNSOORTEN,
    apart,
    area_names,
    basiskaart,
    map_box,
    one_name,
    street_kinds,
    street_names,
)
from sociale_basis.present.wgs84 import lines_wgs84

X0, Y0 = 85_000.0, 447_000.0
RD = "EPSG:28992"


def _town(water: str = "NEE") -> SimpleNamespace:
    """Three ways: a main road "Rijksweg" 200 m long (no houses), a street "Dorpsstraat"
    100 m long with three houses 10 m north of it, and an unnamed footpath; one wijk."""
    g = nx.MultiGraph()
    ways = [
        ((0, 500), (200, 500), "primary", "Rijksweg"),
        ((0, 0), (100, 0), "residential", None),
        ((100, 0), (100, 300), "footway", "['Pad', 'Steeg']"),
    ]
    for i, (a, b, highway, name) in enumerate(ways):
        line = LineString([(X0 + a[0], Y0 + a[1]), (X0 + b[0], Y0 + b[1])])
        g.add_edge(f"a{i}", f"b{i}", geometry=line, highway=highway, name=name)
    houses = gpd.GeoDataFrame(
        {"straat": ["Dorpsstraat"] * 3},
        geometry=[Point(X0 + x, Y0 + 10) for x in (0, 50, 100)],
        crs=RD,
    )
    wijk = gpd.GeoDataFrame(
        {"wijknaam": ["Wijk 1 Dorp"], "water": [water]},
        geometry=[box(X0 - 50, Y0 - 50, X0 + 250, Y0 + 550)],
        index=["WK000101"],
        crs=RD,
    )
    buurten = gpd.GeoDataFrame(geometry=[], crs=RD)
    return SimpleNamespace(netwerk=g, adressen=houses, wijken=wijk, buurten=buurten)


def test_streets_by_class_and_names_from_houses_and_network() -> None:
    b = basiskaart(_town())
    assert sorted(b.straten["klasse"]) == ["hoofdweg", "pad", "straat"]
    names = b.straatnamen.set_index("naam")
    # the longest first: Rijksweg (200 m of road) before Dorpsstraat (houses 100 m apart)
    assert list(names.index) == ["Rijksweg", "Dorpsstraat"]
    assert names.at["Rijksweg", "lengte_m"] == pytest.approx(200.0)
    assert names.at["Dorpsstraat", "lengte_m"] == pytest.approx(100.0)
    # the middle house (50, 10), put on its street: (50, 0), never at the house itself
    spot = names.at["Dorpsstraat", "geometry"]
    assert (spot.x - X0, spot.y - Y0) == pytest.approx((50.0, 0.0))
    assert names.at["Dorpsstraat", "hoek"] == 0
    assert b.water.empty


def test_one_name_refuses_merged_names() -> None:
    assert one_name(" Dorpsstraat ") == "Dorpsstraat"
    assert one_name("['Pad', 'Steeg']") is None
    assert one_name(["Pad", "Steeg"]) is None
    assert one_name("") is None and one_name(None) is None


def test_water_from_the_areas() -> None:
    b = basiskaart(_town(water="JA"))
    assert len(b.water) == 1
    assert b.water.geometry.iloc[0].area == pytest.approx(300 * 600)


def test_an_overview_leaves_out_paths_a_wijk_map_has_them() -> None:
    town = _town()
    b = basiskaart(town)
    area = map_box(town.wijken, focus=True)
    wijk = [k[0] for k in street_kinds(b, area, overzicht=False)]
    over = [k[0] for k in street_kinds(b, area, overzicht=True)]
    # drawn from light to strong: paths below streets below main roads
    assert wijk == ["straat-pad", "straat-straat", "straat-hoofdweg"]
    assert over == ["straat-straat", "straat-hoofdweg"]
    assert LIJNSOORTEN["hoofdweg"].dikte > LIJNSOORTEN["straat"].dikte > LIJNSOORTEN["pad"].dikte


def test_map_box_margin() -> None:
    town = _town()
    # a wijk map: at least 900 m around the wijk; an overview 300 m
    assert map_box(town.wijken, True).bounds == (X0 - 950, Y0 - 950, X0 + 1150, Y0 + 1450)
    assert map_box(town.wijken, False).bounds == (X0 - 350, Y0 - 350, X0 + 550, Y0 + 850)


def test_street_names_are_escaped_and_kept_apart() -> None:
    town = _town()
    town.adressen["straat"] = "<b>Dorp</b>"
    b = basiskaart(town)
    rows = street_names(b, map_box(town.wijken, True))
    assert [r[2] for r in rows] == ["Rijksweg", "&lt;b&gt;Dorp&lt;/b&gt;"]
    assert all(r[3] == "straat" for r in rows)


def test_apart_keeps_the_first_of_names_too_close() -> None:
    points = gpd.GeoSeries([Point(0, 0), Point(50, 0), Point(200, 0), Point(200, 119)])
    assert apart(points, 120.0) == [0, 2]


def test_area_names_inside_the_area() -> None:
    town = _town()
    rows = area_names(town.wijken, town.wijken["wijknaam"], "wijk", "de wijken")
    assert len(rows) == 1 and rows[0][2:] == ["Wijk 1 Dorp", "wijk", 0]
    spot = gpd.GeoSeries([Point(rows[0][1], rows[0][0])], crs="EPSG:4326").to_crs(RD)
    assert town.wijken.geometry.iloc[0].contains(spot.iloc[0])


def test_lines_are_delta_encoded_in_1e5_degrees() -> None:
    line = LineString([(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 0.1), (X0 + 100, Y0 + 100)])
    (encoded,) = lines_wgs84(gpd.GeoSeries([line], crs=RD), "lijn", 0.5)
    # the middle vertex (10 cm off) is simplified away; the rest decoded by running sums
    decoded = np.cumsum(np.array(encoded).reshape(-1, 2), axis=0) / 1e5
    expected = gpd.GeoSeries(
        [Point(X0, Y0), Point(X0 + 100, Y0), Point(X0 + 100, Y0 + 100)], crs=RD
    ).to_crs("EPSG:4326")
    assert decoded.shape == (3, 2)
    np.testing.assert_allclose(decoded[:, 0], expected.y, atol=1e-5)
    np.testing.assert_allclose(decoded[:, 1], expected.x, atol=1e-5)


def test_lines_need_rd() -> None:
    line = gpd.GeoSeries([LineString([(4.3, 52.0), (4.31, 52.0)])], crs="EPSG:4326")
    with pytest.raises(ValueError):
        lines_wgs84(line, "lijn", 1.0)


def test_a_gemeente_without_network_has_no_streets() -> None:
    town = _town()
    town.netwerk = None
    b = basiskaart(town)
    assert b.straten.empty and b.straatnamen.empty
    assert street_kinds(b, shapely.box(X0, Y0, X0 + 10, Y0 + 10), overzicht=True) == []

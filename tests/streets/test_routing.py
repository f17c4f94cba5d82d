"""Exact reach without splitting edges (sociale_basis.streets.routing): every special case
by hand and against networkx on a graph with the origins and destinations inserted."""

from __future__ import annotations

import math

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from reach_fixtures import X0, Y0, delft_bron, delft_graph, inserted_graph
from shapely.geometry import LineString, Point

from sociale_basis.core.crs import RD_NEW
from sociale_basis.streets import access, network, reach
from sociale_basis.streets.prepare import Netwerk
from sociale_basis.streets.snap import snap_points, snap_table

WALK = 4.8 / 3.6
LOOP = 2 * math.hypot(20, 40) + 40  # the loop at D: 129.44 m


def pts(coords: list[tuple[float, float]], ids: list[str] | None = None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        geometry=[Point(X0 + x, Y0 + y) for x, y in coords],
        index=pd.Index(ids or [f"p{i}" for i in range(len(coords))], name="id"),
        crs=RD_NEW,
    )


def special_edges() -> gpd.GeoDataFrame:
    """A-B-C street; a 320 m curve from A to C (the street is a 200 m short cut); B-D
    footway; C-D motorway; a loop of 129 m at D (an edge from D to D)."""
    lines = [
        ("A", "B", "residential", [(0, 0), (100, 0)]),
        ("B", "C", "residential", [(100, 0), (200, 0)]),
        ("A", "C", "residential", [(0, 0), (0, -60), (200, -60), (200, 0)]),
        ("B", "D", "footway", [(100, 0), (100, 100)]),
        ("C", "D", "motorway", [(200, 0), (100, 100)]),
        ("D", "D", "residential", [(100, 100), (80, 140), (120, 140), (100, 100)]),
    ]
    return gpd.GeoDataFrame(
        {
            "edge_id": range(len(lines)),
            "u": [r[0] for r in lines],
            "v": [r[1] for r in lines],
            "highway": [r[2] for r in lines],
        },
        geometry=[LineString([(X0 + x, Y0 + y) for x, y in r[3]]) for r in lines],
        crs=RD_NEW,
    )


@pytest.fixture(scope="module")
def S() -> nx.MultiGraph:
    return network.network_from_edges(special_edges())


def nearest(S, origins, dests, modus="lopen", **kw) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return reach.distance_to_nearest(S, origins, dests, modus, **kw)


# --- each special case, by hand ------------------------------------------------------------


def test_same_edge_both_directions(S):
    # on A-B: origin at 20 and destination at 80, and the other way round: 5 + 60 + 5
    ab = nearest(S, pts([(20, 5)]), pts([(80, -5)]))
    ba = nearest(S, pts([(80, 5)]), pts([(20, -5)]))
    assert ab["afstand_m"].iloc[0] == pytest.approx(70.0)
    assert ba["afstand_m"].iloc[0] == pytest.approx(70.0)
    assert ba["tijd_min"].iloc[0] == pytest.approx(70.0 / WALK / 60)


def test_destination_between_origin_and_end_node(S):
    # origin at 50 on A-B; X at 90 on A-B (between it and B), Y 10 m past B on B-C
    r = nearest(S, pts([(50, 5)]), pts([(90, -3), (110, -1)], ["X", "Y"]))
    assert r["afstand_m"].iloc[0] == pytest.approx(5 + 40 + 3)
    assert r["bestemming_id"].iloc[0] == "X"
    # every pair: Y through B, past X (X does not block the way)
    t = access.cost_table(S, pts([(50, 5)]), pts([(90, -3), (110, -1)], ["X", "Y"]), max_m=500)
    assert dict(zip(t["bestemming"], t["afstand_m"], strict=True)) == {
        "X": pytest.approx(48.0),
        "Y": pytest.approx(5 + 50 + 10 + 1),
    }


def test_destinations_on_both_sides(S):
    # origin at 50 on A-B; P at 10 (47 m), Q at 95 (54 m)
    r = nearest(S, pts([(50, 5)]), pts([(10, -2), (95, -4)], ["P", "Q"]))
    assert r["afstand_m"].iloc[0] == pytest.approx(47.0)
    assert r["bestemming_id"].iloc[0] == "P"


def test_same_edge_but_the_short_cut_is_shorter(S):
    # both on the 320 m curve, 10 m from A and 10 m from C: along it 300 m, through
    # A-B-C 10 + 200 + 10 m
    r = nearest(S, pts([(-5, -10)]), pts([(205, -10)]))
    assert r["afstand_m"].iloc[0] == pytest.approx(5 + 10 + 200 + 10 + 5)
    t = access.cost_table(S, pts([(-5, -10)]), pts([(205, -10)]), max_m=229)
    assert t.empty  # 230 m: just beyond


def test_loop_edge_both_ways_round(S):
    # the loop D -> (80, 140) -> (120, 140) -> D; origin 5 m above its top, at 64.72 m
    # along it; a destination on its first side at 22.36 m: 42.36 m along the loop
    r = nearest(S, pts([(100, 145)]), pts([(90, 120)]))
    assert r["afstand_m"].iloc[0] == pytest.approx(5 + math.hypot(20, 40) + 20 - math.hypot(10, 20))
    # 10 m from D on the first side and 9.44 m from D on the last: round through D
    first = (100 - 20 * 10 / math.hypot(20, 40), 100 + 40 * 10 / math.hypot(20, 40))
    last = (100 + 20 * 9.44 / math.hypot(20, 40), 100 + 40 * 9.44 / math.hypot(20, 40))
    r = nearest(S, pts([first]), pts([last]))
    assert r["afstand_m"].iloc[0] == pytest.approx(10 + 9.44)


def test_destination_at_the_origins_point_and_at_a_node(S):
    r = nearest(S, pts([(30, 5), (30, 5)]), pts([(30, 5)]))
    assert r["afstand_m"].tolist() == pytest.approx([10.0, 10.0])  # the two snap lines
    # a destination exactly on node C (no snap line); origin on B-C at 150
    r = nearest(S, pts([(150, 4)]), pts([(200, 0)], ["C"]))
    assert r["afstand_m"].iloc[0] == pytest.approx(54.0)


def test_car_time_along_the_own_edge(S):
    # auto on A-B (residential, 30 km/h): 60 m driven, both snap lines walked
    r = nearest(S, pts([(20, 5)]), pts([(80, -5)]), "auto")
    assert r["afstand_m"].iloc[0] == pytest.approx(70.0)
    assert r["tijd_min"].iloc[0] == pytest.approx((10 / WALK + 60 / (30 / 3.6)) / 60)
    m = access.cost_table(S, pts([(20, 5)]), pts([(80, -5)]), max_min=1, modus="auto")
    assert m["tijd_min"].iloc[0] == pytest.approx(r["tijd_min"].iloc[0])


def test_counts_and_limits_on_the_own_edge(S):
    origins, dests = pts([(20, 5), (0, 1000)]), pts([(80, -5), (200, 0)])
    # 70 m along A-B; 5 + 180 m to C
    assert access.count_within(S, origins, dests, max_m=100)["aantal"].iloc[0] == 1.0
    assert access.count_within(S, origins, dests, max_m=190)["aantal"].iloc[0] == 2.0
    r = nearest(S, origins, dests, limit_m=60)
    assert np.isnan(r["afstand_m"]).all()
    assert "binnen 60 m" in r["reden"].iloc[0] and "verder dan 250 m" in r["reden"].iloc[1]
    far = nearest(S, pts([(20, 5)]), dests, max_snap_m=4)
    assert np.isnan(far["afstand_m"].iloc[0]) and "verder dan 4 m" in far["reden"].iloc[0]


# --- everything at once, against networkx ---------------------------------------------------


def reference(net: Netwerk, origins, dests, weight="weight"):  # type: ignore[no-untyped-def]
    """networkx on the graph with origins and destinations inserted: per origin the
    distance to the nearest destination (NaN: none), and every pair's cost."""
    table = pd.concat([snap_table(net, origins), snap_table(net, dests)])
    assert table.index.is_unique
    H = inserted_graph(net, table)
    sources = [("stub", d) for d in dests.index if ("stub", d) in H]
    near = nx.multi_source_dijkstra_path_length(H, sources, weight=weight) if sources else {}
    best = np.array([near.get(("stub", o), np.nan) for o in origins.index])
    pairs = {}
    for d in sources:
        for node, c in nx.single_source_dijkstra_path_length(H, d, weight=weight).items():
            if node[0] == "stub" and node[1] in origins.index:
                pairs[(node[1], d[1])] = c
    return H, best, pairs


@pytest.mark.parametrize("modus", ["lopen", "fiets", "auto"])
def test_random_points_equal_networkx(S, modus):
    """Seeded points all over the special network (many on the same edge as a
    destination, some on the loop, some off the mode's network) to 1 mm."""
    rng = np.random.default_rng(4)
    origins = pts([tuple(c) for c in rng.uniform([-30, -90], [230, 170], (300, 2))])
    dests = pts(
        [tuple(c) for c in rng.uniform([-30, -90], [230, 170], (12, 2))],
        [f"d{i}" for i in range(12)],
    )
    net = Netwerk(S, modus)
    H, expected, pairs = reference(net, origins, dests)
    ours = reach.distance_to_nearest(net, origins, dests)
    got = ours["afstand_m"].to_numpy()
    assert np.array_equal(np.isnan(got), np.isnan(expected))
    assert np.nanmax(np.abs(got - expected)) < 1e-3
    for o, d, dist, minutes in zip(
        origins.index, ours["bestemming_id"], got, ours["tijd_min"], strict=True
    ):
        if np.isnan(dist):
            continue
        path = nx.dijkstra_path(H, ("stub", o), ("stub", d))
        assert nx.path_weight(H, path, "weight") == pytest.approx(dist, abs=1e-3)
        assert nx.path_weight(H, path, "seconds") / 60 == pytest.approx(minutes, abs=1e-6)
    table = access.cost_table(net, origins, dests, max_m=1e6)
    assert len(table) == len(pairs)
    for o, d, c in zip(table["herkomst"], table["bestemming"], table["afstand_m"], strict=True):
        assert c == pytest.approx(pairs[(o, d)], abs=1e-3)
    _, _, by_time = reference(net, origins, dests, weight="seconds")
    minutes = access.cost_table(net, origins, dests, max_min=1e6)
    assert len(minutes) == len(by_time)
    for o, d, c in zip(
        minutes["herkomst"], minutes["bestemming"], minutes["tijd_min"], strict=True
    ):
        assert c == pytest.approx(by_time[(o, d)] / 60, abs=1e-6)


def test_delft_all_addresses_to_huisartsen_within_a_millimetre():
    """All 59,511 Delft addresses to the nearest huisarts (walking and by car) and, for a
    seeded sample, every huisarts within 1,500 m: equal to networkx to 1 mm."""
    bron = delft_bron()
    adressen = bron.adressen
    huisartsen = bron.voorzieningen[bron.voorzieningen["soort"] == "huisarts"]
    for modus in ("lopen", "auto"):
        net = Netwerk(delft_graph(), modus)
        H, expected, _ = reference_nearest(net, adressen, huisartsen)
        ours = reach.distance_to_nearest(net, adressen, huisartsen)
        got = ours["afstand_m"].to_numpy()
        assert np.array_equal(np.isnan(got), np.isnan(expected)), modus
        assert np.isfinite(got).mean() > 0.99
        assert np.nanmax(np.abs(got - expected)) < 1e-3, modus
        sample = adressen.sample(300, random_state=6)
        costs = access.cost_table(net, sample, huisartsen, max_m=1500)
        ref = {}
        for d in huisartsen.index:
            if ("stub", ("v", d)) not in H:
                continue
            lengths = nx.single_source_dijkstra_path_length(H, ("stub", ("v", d)), cutoff=1500)
            for o in sample.index:
                if ("stub", ("a", o)) in lengths:
                    ref[(o, d)] = lengths[("stub", ("a", o))]
        assert len(costs) == len(ref) > 300
        for o, d, c in zip(costs["herkomst"], costs["bestemming"], costs["afstand_m"], strict=True):
            assert abs(c - ref[(o, d)]) < 1e-3


def reference_nearest(net: Netwerk, adressen, dests):  # type: ignore[no-untyped-def]
    """As :func:`reference` for many origins: nearest only, ids kept apart by a tag."""
    t_a, t_v = snap_table(net, adressen), snap_table(net, dests)
    t_a.index = pd.Index([("a", i) for i in t_a.index], tupleize_cols=False)
    t_v.index = pd.Index([("v", i) for i in t_v.index], tupleize_cols=False)
    H = inserted_graph(net, pd.concat([t_a, t_v]))
    sources = [("stub", i) for i in t_v.index if ("stub", i) in H]
    near = nx.multi_source_dijkstra_path_length(H, sources)
    return H, np.array([near.get(("stub", ("a", i)), np.nan) for i in adressen.index]), None


# --- snapping: the second search -------------------------------------------------------------


@pytest.mark.parametrize("spokes", [8, 20])
def test_snapping_looks_beyond_the_first_candidates(spokes):
    """``spokes`` + 1 pieces have their midpoints nearer than that of the nearest piece:
    the first K = 8 candidates miss it; with 8 spokes the 2K = 16 nearest find it, with 20
    only the search within best + h does (as GEOS does)."""
    around = np.linspace(0, 2 * np.pi, spokes + 1)[:-1]
    spokes_xy = [(-3 + math.cos(a), 0.4 + math.sin(a)) for a in around]
    lines = [[(0, 0), (10, 0)], [(-3, 0.4), (-3, 8), (10, 8), (10, 0)]]
    lines += [[(-3, 0.4), s] for s in spokes_xy]
    frame = gpd.GeoDataFrame(
        {
            "u": ["O", "S"] + ["S"] * spokes,
            "v": ["E", "E"] + [f"t{i}" for i in range(spokes)],
        },
        geometry=[LineString([(X0 + x, Y0 + y) for x, y in line]) for line in lines],
        crs=RD_NEW,
    )
    net = Netwerk(network.network_from_edges(frame))
    point = np.array([[X0 - 0.3, Y0 + 0.4]])
    s = snap_points(net, point)
    assert s.snap_m[0] == pytest.approx(0.5)  # to O, the end of the piece O-E
    assert s.pos_m[0] == pytest.approx(0.0) and net.length_m[s.edge[0]] == pytest.approx(10)
    geos = shapely.distance(shapely.points(point), net.geometry).min()
    assert s.snap_m[0] == pytest.approx(geos)

"""Small hand-built street networks for the network, reach and access tests."""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd
from shapely.geometry import LineString, Point

from sociale_basis.core.crs import RD_NEW
from sociale_basis.streets.prepare import Netwerk

X0, Y0 = 85_000.0, 447_000.0  # Delft, RD New
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DELFT_NET = SHARED / "delft" / "network" / "delft_osm_network.gpkg"


def pts(coords: list[tuple[float, float]], ids: list[str] | None = None) -> gpd.GeoDataFrame:
    """Points at (X0 + x, Y0 + y), ids p0, p1, ... unless given."""
    return gpd.GeoDataFrame(
        geometry=[Point(X0 + x, Y0 + y) for x, y in coords],
        index=pd.Index(ids or [f"p{i}" for i in range(len(coords))], name="id"),
        crs=RD_NEW,
    )


def edges_frame() -> gpd.GeoDataFrame:
    """A-B-C street, B-D footway, C-D motorway; F-G a separate piece."""
    p = {
        "A": (0, 0),
        "B": (100, 0),
        "C": (200, 0),
        "D": (100, 100),
        "F": (0, 500),
        "G": (100, 500),
    }
    rows = [
        ("A", "B", "residential"),
        ("B", "C", "residential"),
        ("B", "D", "footway"),
        ("C", "D", "motorway"),
        ("F", "G", "residential"),
    ]
    return gpd.GeoDataFrame(
        {
            "edge_id": range(len(rows)),
            "u": [r[0] for r in rows],
            "v": [r[1] for r in rows],
            "highway": [r[2] for r in rows],
        },
        geometry=[
            LineString([(X0 + p[a][0], Y0 + p[a][1]), (X0 + p[b][0], Y0 + p[b][1])])
            for a, b, _ in rows
        ],
        crs=RD_NEW,
    )


@functools.cache
def delft_bron() -> Any:
    """The real Delft parts (read once per test session)."""
    from sociale_basis import datasets

    return datasets.read_bron("delft")


@functools.cache
def delft_graph() -> Any:
    """The real Delft street network as a graph (built once per test session)."""
    from sociale_basis.streets import network

    return network.network_from_edges(delft_bron().netwerk_edges)


def inserted_graph(net: Netwerk, points: pd.DataFrame) -> nx.Graph:
    """networkx graph of the usable edges with every snapped point inserted, built only
    from the public snap table (:func:`~sociale_basis.streets.snap.snap_table`),
    independently of the package's routing code.

    Point ``p`` becomes node ``("punt", p)`` on its edge (splitting it) and ``("stub", p)``
    at the end of its snap line; points that are not snapped are left out. Every edge has
    ``weight`` (metres) and ``seconds`` (the piece's share of its edge at that edge's
    speed; snap lines walked).
    """
    H = nx.Graph()
    chains: dict[int, list[tuple[float, object]]] = {}
    lookup = {}
    for e in net.usable_edges:
        lookup[(net.node_ids[net.u[e]], net.node_ids[net.v[e]], net.keys[e])] = e
    snapped = points[points["reden"].isna()]
    for pid, u, v, key, pos, snap_m in zip(
        snapped.index,
        snapped["rand_u"],
        snapped["rand_v"],
        snapped["rand_sleutel"],
        snapped["positie_m"],
        snapped["aansluiting_m"],
        strict=True,
    ):
        e = lookup[(u, v, key)]
        chains.setdefault(e, []).append((pos, ("punt", pid)))
        H.add_edge(("stub", pid), ("punt", pid), weight=snap_m, seconds=snap_m / net.walk_ms)
    for e in net.usable_edges:
        a, b, L = net.node_ids[net.u[e]], net.node_ids[net.v[e]], net.length_m[e]
        stops = [(0.0, a), *sorted(chains.get(e, []), key=lambda s: s[0]), (L, b)]
        for (p0, n0), (p1, n1) in itertools.pairwise(stops):
            if n0 == n1:
                continue
            w = p1 - p0
            if not H.has_edge(n0, n1) or H.edges[n0, n1]["weight"] > w:
                H.add_edge(n0, n1, weight=w, seconds=w / net.speed_ms[e])
    return H

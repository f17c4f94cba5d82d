"""Small hand-built street networks for the network, reach and access tests."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import LineString

from sociale_basis.core.crs import RD_NEW

X0, Y0 = 85_000.0, 447_000.0  # Delft, RD New
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DELFT_NET = SHARED / "delft" / "network" / "delft_osm_network.gpkg"


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

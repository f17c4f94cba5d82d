"""A tiny study area for the reader tests: "Teststad", two wijken of two buurten each.

    y 448000 +------------+------------+
             | BU99990102 | BU99990202 |
    y 447000 +------------+------------+     WK999901 = left half
             | BU99990101 | BU99990201 |     WK999902 = right half
    y 446000 +------------+------------+
           x 84000      85000        86000   (RD New, in Delft)

The points used in the files lie in the middle of a buurt:
A (84500, 446500) BU99990101, B (84500, 447500) BU99990102,
C (85500, 446500) BU99990201, D (85500, 447500) BU99990202; (90000, 446500) lies outside.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from sociale_basis.core.crs import RD_NEW

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "good"
BAD = DATA / "bad"


@dataclass(frozen=True)
class Teststad:
    """Something with ``.wijken`` and ``.buurten``, like ``sociale_basis.datasets.Gebied``."""

    wijken: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame


def gebied_teststad() -> Teststad:
    """The study area drawn in the module docstring."""
    wijken = gpd.GeoDataFrame(
        {"wijknaam": ["West", "Oost"], "inwoners": [100, 200]},
        geometry=[box(84000, 446000, 85000, 448000), box(85000, 446000, 86000, 448000)],
        index=["WK999901", "WK999902"],
        crs=RD_NEW,
    ).rename_axis("wijkcode")
    buurten = gpd.GeoDataFrame(
        {
            "buurtnaam": ["Zuidwest", "Noordwest", "Zuidoost", "Noordoost"],
            "wijkcode": ["WK999901", "WK999901", "WK999902", "WK999902"],
            "inwoners": [50, 50, 100, 100],
        },
        geometry=[
            box(84000, 446000, 85000, 447000),
            box(84000, 447000, 85000, 448000),
            box(85000, 446000, 86000, 447000),
            box(85000, 447000, 86000, 448000),
        ],
        index=["BU99990101", "BU99990102", "BU99990201", "BU99990202"],
        crs=RD_NEW,
    ).rename_axis("buurtcode")
    return Teststad(wijken, buurten)

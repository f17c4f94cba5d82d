"""A light basemap drawn from the bundle itself, so a map needs no internet: the street
network (main roads stronger), water where the CBS areas give it, and names (wijken,
buurten, streets) so that a resident finds their own street.

:func:`basiskaart` prepares it once per gemeente (:class:`Basiskaart`); each map takes the
part inside its own box (:func:`street_kinds`, :func:`street_names`), with paths and street
names only where they fit (a wijk map), simplified for the scale. Nothing about a person
is on it: street names are placed on the street (the nearest point of the network), never
at an address.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.crs import RD_NEW
from ..core.html import escape
from ..streets.modes import highway_classes
from .wgs84 import lines_wgs84, points_wgs84

HOOFDWEGEN = frozenset(
    {
        "motorway",
        "motorway_link",
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
    }
)
"""OSM ``highway`` classes drawn as a main road."""
STRATEN = frozenset(
    {"residential", "living_street", "unclassified", "service", "pedestrian", "road", "busway"}
)
"""OSM ``highway`` classes drawn as a street; every other way (footway, cycleway, path,
steps, or of unknown class) is drawn as a path."""


@dataclass(frozen=True)
class Lijnsoort:
    """How a kind of basemap line looks, and its name in the legend."""

    soort: str
    label: str
    kleur: str
    dikte: float
    doorzicht: float


LIJNSOORTEN: dict[str, Lijnsoort] = {
    "hoofdweg": Lijnsoort("straat-hoofdweg", "hoofdweg", "#3b3b3b", 3.0, 0.8),
    "straat": Lijnsoort("straat-straat", "straat", "#505050", 1.3, 0.6),
    "pad": Lijnsoort("straat-pad", "fietspad of voetpad", "#707070", 0.7, 0.45),
}
"""The lines of the basemap, from strong to light (dark grey: readable on every class
colour of the areas, which are blue-green)."""
VEREENVOUDIG_M = {"overzicht": 8.0, "wijk": 2.5}
"""Tolerance of the simplification of streets, in metres, per kind of map: invisible at
its scale, and it keeps the page small."""
MARGE_M = 900.0
"""A wijk map draws the basemap this far around the wijk: its view is wider than the wijk."""
MAX_STRAATNAMEN = 250
"""At most this many street names on one map (the longest streets first)."""
NAAM_AFSTAND_M = 120.0
"""Two street names on one map are at least this far apart (the longer street keeps its
name), so names do not write over each other."""
WATER_KLEUR = "#a6cee3"


@dataclass(frozen=True)
class Basiskaart:
    """The basemap of a gemeente, in EPSG:28992, made once by :func:`basiskaart`.

    Attributes
    ----------
    straten
        One row per street segment: ``klasse`` (``hoofdweg``, ``straat``, ``pad``),
        ``geometry`` (LineString).
    straatnamen
        One row per street name: ``naam``, ``hoek`` (degrees, the direction of the street
        at the label), ``lengte_m`` (how much street carries the name, for the order) and
        ``geometry`` (a point on the street).
    water
        Areas of water (CBS areas with ``water = "JA"``), possibly none.
    """

    straten: gpd.GeoDataFrame
    straatnamen: gpd.GeoDataFrame
    water: gpd.GeoDataFrame


def _klasse(highway: object) -> str:
    classes = highway_classes(highway)
    if classes & HOOFDWEGEN:
        return "hoofdweg"
    if classes & STRATEN:
        return "straat"
    return "pad"


def _streets(netwerk: Any) -> gpd.GeoDataFrame:
    """Every edge of the street network with its class and name."""
    rows = []
    if netwerk is not None:
        for _, _, data in netwerk.edges(data=True):
            geometry = data.get("geometry")
            if geometry is None or geometry.is_empty:
                continue
            rows.append((_klasse(data.get("highway")), one_name(data.get("name")), geometry))
    frame = pd.DataFrame(rows, columns=["klasse", "naam", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=RD_NEW)


def one_name(naam: object) -> str | None:
    """A street's name as the network gives it, or None: where OSM ways of several names
    were merged into one edge the name is a list, or its text ``"['A', 'B']"``, which is
    no name to write on a map."""
    if not isinstance(naam, str):
        return None
    naam = naam.strip()
    return None if not naam or naam.startswith("[") else naam


def _angle(line: shapely.LineString, at: float) -> float:
    """The direction of ``line`` at distance ``at`` along it, in degrees from east,
    turned into -90..90 so the text never stands on its head."""
    a = line.interpolate(max(at - 8.0, 0.0))
    b = line.interpolate(min(at + 8.0, line.length))
    degrees = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
    if degrees > 90:
        degrees -= 180
    elif degrees <= -90:
        degrees += 180
    return round(degrees)


def _on_street(
    streets: gpd.GeoDataFrame, tree: shapely.STRtree, point: shapely.Point
) -> tuple[shapely.Point, float] | None:
    """The nearest point of a street (not a path) within 60 m of ``point``, and the
    street's direction there."""
    found = tree.query_nearest(point, max_distance=60.0)
    if len(found) == 0:
        return None
    line = streets.geometry.iloc[int(found[0])]
    at = line.project(point)
    return line.interpolate(at), _angle(line, at)


def _street_names(streets: gpd.GeoDataFrame, adressen: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One label point per street name: from the addresses (every street with houses
    has one, also where the network has no name) placed on the nearest street, and from
    the network's own names for roads without addresses."""
    rows: list[tuple[str, float, float, shapely.Point]] = []
    drivable = streets[streets["klasse"] != "pad"].reset_index(drop=True)
    tree = shapely.STRtree(drivable.geometry.to_numpy())
    if "straat" in adressen.columns and len(drivable):
        named = adressen[adressen["straat"].notna() & ~adressen.geometry.is_empty]
        xy = shapely.get_coordinates(named.geometry.to_numpy())
        groups = pd.Series(np.arange(len(named))).groupby(named["straat"].astype(str).to_numpy())
        for naam, positions in groups:
            points = xy[positions.to_numpy()]
            middle = points.mean(axis=0)
            # the house nearest the middle of the street's houses, then onto the street
            nearest = points[int(np.argmin(((points - middle) ** 2).sum(axis=1)))]
            placed = _on_street(drivable, tree, shapely.Point(nearest))
            if placed is not None and str(naam).strip():
                spread = float(np.ptp(points, axis=0).max()) if len(points) > 1 else 0.0
                rows.append((str(naam).strip(), placed[1], spread, placed[0]))
    known = {r[0] for r in rows}
    roads = streets[streets["naam"].notna() & ~streets["naam"].isin(known)]
    for naam, part in roads.groupby("naam"):
        merged = shapely.line_merge(shapely.MultiLineString(list(part.geometry.to_numpy())))
        longest = max(getattr(merged, "geoms", [merged]), key=lambda g: g.length)
        at = longest.length / 2
        rows.append((str(naam), _angle(longest, at), longest.length, longest.interpolate(at)))
    frame = pd.DataFrame(rows, columns=["naam", "hoek", "lengte_m", "geometry"])
    frame = frame.sort_values("lengte_m", ascending=False, kind="stable")
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry", crs=RD_NEW)


def _water(gebied: Any) -> gpd.GeoDataFrame:
    """CBS areas that are water (``water = "JA"``), from the wijken and buurten."""
    parts = []
    for areas in (gebied.wijken, gebied.buurten):
        if "water" in areas.columns:
            wet = areas["water"].astype(str).str.upper().str.strip() == "JA"
            parts += list(areas.geometry[wet.to_numpy()].to_numpy())
    if not parts:
        return gpd.GeoDataFrame(geometry=[], crs=RD_NEW)
    return gpd.GeoDataFrame(geometry=[shapely.union_all(parts)], crs=RD_NEW)


def basiskaart(gebied: Any) -> Basiskaart:
    """The basemap of ``gebied``: its street network, street names and water.

    Made once and passed to every map of a run (``overview_map(..., basiskaart=b)``), so
    the street names are placed once. A gemeente without a network gets no streets (the
    wijk and buurt names still come from the areas).
    """
    streets = _streets(getattr(gebied, "netwerk", None))
    return Basiskaart(streets, _street_names(streets, gebied.adressen), _water(gebied))


def map_box(areas: gpd.GeoDataFrame, focus: bool) -> shapely.Polygon:
    """The box a map draws its basemap in: around the gemeente, or a wijk with a margin
    (the view of a wijk map is wider than the wijk itself)."""
    xmin, ymin, xmax, ymax = areas.total_bounds
    margin = max(MARGE_M, 0.6 * max(xmax - xmin, ymax - ymin)) if focus else 300.0
    return shapely.box(xmin - margin, ymin - margin, xmax + margin, ymax + margin)


def street_kinds(b: Basiskaart, box: shapely.Polygon, *, overzicht: bool) -> list[list[object]]:
    """The basemap's lines inside ``box`` for the map: ``[[soort, kleur, dikte,
    doorzicht, parts], ...]`` (see :func:`~sociale_basis.present.wgs84.lines_wgs84`);
    an overview leaves out the paths, which would only blur its streets."""
    inside = b.straten.iloc[b.straten.sindex.query(box, predicate="intersects")]
    tolerance = VEREENVOUDIG_M["overzicht" if overzicht else "wijk"]
    out: list[list[object]] = []
    for klasse, look in reversed(LIJNSOORTEN.items()):  # paths first, main roads on top
        if overzicht and klasse == "pad":
            continue
        part = inside[inside["klasse"] == klasse]
        if part.empty:
            continue
        clipped = _lines(shapely.clip_by_rect(part.geometry.to_numpy(), *box.bounds))
        if not clipped:
            continue
        # built and taken apart in numpy: the Python constructors read every vertex
        merged = shapely.line_merge(shapely.multilinestrings(clipped))
        lines = gpd.GeoSeries(shapely.get_parts(merged), crs=RD_NEW)
        encoded = lines_wgs84(lines, "de straten", tolerance)
        if encoded:
            out.append([look.soort, look.kleur, look.dikte, look.doorzicht, encoded])
    return out


def _lines(geometries: Sequence[Any]) -> list[shapely.LineString]:
    """The LineStrings in clipped geometries (a clip can give multi-parts or nothing)."""
    # in numpy (one level of parts, as ``geoms``), not a Python test of every part
    parts = shapely.get_parts(np.asarray(geometries, dtype=object))
    kind = shapely.get_type_id(parts)
    line = (kind == shapely.GeometryType.LINESTRING) | (kind == shapely.GeometryType.LINEARRING)
    return list(parts[line & ~shapely.is_empty(parts)])


def street_names(b: Basiskaart, box: shapely.Polygon) -> list[list[object]]:
    """Street names inside ``box``: ``[lat, lon, escaped name, "straat", hoek]``, the
    longest streets first, at most :data:`MAX_STRAATNAMEN`."""
    inside = b.straatnamen.iloc[b.straatnamen.sindex.query(box, predicate="intersects")]
    inside = inside.sort_values("lengte_m", ascending=False, kind="stable")
    inside = inside.iloc[apart(inside.geometry, NAAM_AFSTAND_M)].head(MAX_STRAATNAMEN)
    if inside.empty:
        return []
    points = points_wgs84(inside, "de straatnamen")
    return [[r.lat, r.lon, escape(r.naam), "straat", int(r.hoek)] for r in points.itertuples()]


def apart(points: gpd.GeoSeries, afstand_m: float) -> list[int]:
    """Positions of the points kept, in order, when each must be ``afstand_m`` from every
    point kept before it (greedy: the first ones win)."""
    kept: list[int] = []
    xy = shapely.get_coordinates(points.to_numpy())
    chosen = np.empty((0, 2))
    for i, p in enumerate(xy):
        if len(chosen) and float(((chosen - p) ** 2).sum(axis=1).min()) < afstand_m**2:
            continue
        kept.append(i)
        chosen = np.vstack([chosen, p])
    return kept


def area_names(
    areas: gpd.GeoDataFrame, names: pd.Series, soort: str, what: str
) -> list[list[object]]:
    """A name per area at a point inside it: ``[lat, lon, escaped name, soort, 0]``."""
    spots = points_wgs84(
        gpd.GeoDataFrame(
            geometry=areas.geometry.representative_point().to_numpy(),
            index=areas.index,
            crs=areas.crs,
        ),
        what,
    )
    return [
        [r.lat, r.lon, escape(str(names.get(code, code))), soort, 0] for code, r in spots.iterrows()
    ]

"""The only conversion to EPSG:4326 (WGS84): areas simplified and points rounded for the
maps, nothing else of the package leaves RD New."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from ..core.crs import WGS84, require_rd

SIMPLIFY_M = 5.0
"""Tolerance of the simplification of areas, in metres: invisible at wijk scale."""
DECIMALEN = 5
"""Decimals of lon/lat: 1e-5 degree is about 1 m in the Netherlands."""


def _round(geometry: np.ndarray) -> np.ndarray:
    return shapely.transform(geometry, lambda xy: np.round(xy, DECIMALEN))


def areas_wgs84(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Areas simplified by :data:`SIMPLIFY_M` (shared borders stay shared where the areas
    form a valid coverage), in EPSG:4326 with rounded coordinates. ``what`` names the
    areas in the error about a missing CRS."""
    require_rd(frame, what)
    geoms = frame.geometry
    if len(frame) and shapely.coverage_is_valid(geoms.values):
        simple = geoms.simplify_coverage(SIMPLIFY_M)
    else:
        simple = geoms.simplify(SIMPLIFY_M, preserve_topology=True)
    out = frame.set_geometry(simple).to_crs(WGS84)
    return out.set_geometry(_round(out.geometry.values), crs=WGS84)


def points_wgs84(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Points with a location, in EPSG:4326, with ``lat``/``lon`` rounded; points without
    a location are left out (a digital platform has none)."""
    require_rd(frame, what)
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty).to_numpy()]
    out = frame.to_crs(WGS84)
    xy = shapely.get_coordinates(out.geometry.values)
    return out.assign(lon=np.round(xy[:, 0], DECIMALEN), lat=np.round(xy[:, 1], DECIMALEN))


def bounds_of(frame: gpd.GeoDataFrame) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of a frame in EPSG:4326, as Leaflet wants it."""
    xmin, ymin, xmax, ymax = frame.total_bounds
    return [[float(ymin), float(xmin)], [float(ymax), float(xmax)]]


def lines_wgs84(lines: gpd.GeoSeries, what: str, tolerance_m: float) -> list[list[int]]:
    """Lines (RD New) simplified by ``tolerance_m`` metres and written for the map as
    delta-encoded coordinates: per line ``[lat0, lon0, dlat1, dlon1, ...]`` in units of
    1e-5 degree (the rounding of :data:`DECIMALEN`), the first vertex absolute, the others
    the change from the one before (see :class:`sociale_basis.present.map_script._Lijnen`).
    Lines that shrink to a point are left out."""
    require_rd(gpd.GeoDataFrame(geometry=lines), what)
    simple = lines.simplify(tolerance_m, preserve_topology=False).to_crs(WGS84)
    # all vertices of all parts at once (numpy), not a loop over thousands of lines
    parts = shapely.get_parts(simple.to_numpy())
    xy, line = shapely.get_coordinates(parts, return_index=True)
    latlon = np.round(xy * 10**DECIMALEN).astype(np.int64)[:, ::-1]
    first = np.ones(len(line), dtype=bool)
    first[1:] = line[1:] != line[:-1]
    keep = first.copy()
    keep[1:] |= np.any(np.diff(latlon, axis=0) != 0, axis=1)  # no repeated vertex
    latlon, line, first = latlon[keep], line[keep], first[keep]
    deltas = latlon.copy()
    deltas[1:] -= latlon[:-1]
    deltas[first] = latlon[first]  # the first vertex of each line absolute
    starts = np.flatnonzero(first)
    out = []
    for chunk in np.split(deltas, starts[1:]) if len(starts) else []:
        if len(chunk) >= 2:  # a line that shrank to a point is left out
            out.append(chunk.ravel().tolist())
    return out

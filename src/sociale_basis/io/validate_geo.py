"""Input checks of places: coordinates, geometries, the CRS, the study area, area codes.

Part of the checks of :mod:`sociale_basis.io.validate`, split off to keep modules small. The
only CRS conversion of the readers happens here, once, to EPSG:28992.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS

from ..core.crs import (
    NL_LONLAT_BOUNDS,
    RD_BOUNDS,
    RD_NEW,
    WGS84,
    looks_like_lonlat,
    looks_like_rd,
)
from .cells import close_match, header_key, parse_numbers, shown
from .validate import ALIASSEN, Tabel

Ligging = Literal["punt", "vlak"]


def points_from_columns(t: Tabel, needed: Sequence[bool]) -> np.ndarray:
    """Points in RD New from ``x``/``y`` (RD New) or ``lon``/``lat`` (WGS84) columns.

    Returns an object array: a Point in RD per good row, an empty Point where no place is
    needed and none was given, None where the row has a problem.
    """
    out = np.full(t.n, None, dtype=object)
    if t.has("x") and t.has("y"):
        kind = "xy"
        if t.has("lon") or t.has("lat"):
            t.notes.append("het bestand heeft x/y én lon/lat; x/y (RD New) is gebruikt")
    elif t.has("lon") and t.has("lat"):
        kind = "lonlat"
    else:
        _no_coordinates(t)
        return out
    first, second = ("x", "y") if kind == "xy" else ("lon", "lat")
    t.geometry_label = f"{t.columns[first]}/{t.columns[second]}"
    series = {n: t.cells[t.columns[n]] for n in (first, second)}
    parsed = {n: parse_numbers(series[n]) for n in (first, second)}
    (a, a_missing, a_bad), (b, b_missing, b_bad) = parsed[first], parsed[second]
    for name in (first, second):
        raw = series[name].tolist()
        for pos in np.flatnonzero(parsed[name][2]):
            t.problem(int(pos), name, shown(raw[pos]), "geen getal", "vul een getal in")
    no_place = a_missing & b_missing & ~np.asarray(needed, dtype=bool)
    out[no_place] = shapely.Point()
    for name, missing in ((first, a_missing), (second, b_missing)):
        for pos in np.flatnonzero(missing & ~no_place):
            t.problem(
                int(pos),
                name,
                "",
                "coördinaat ontbreekt",
                f"vul {first}/{second} in, of verwijder de rij",
            )
    complete = ~(a_missing | b_missing | a_bad | b_bad)
    good = complete & _inside(RD_BOUNDS if kind == "xy" else NL_LONLAT_BOUNDS, a, b)
    for pos in np.flatnonzero(complete & ~good):
        _explain_xy(t, int(pos), float(a[pos]), float(b[pos]), kind)
    points = shapely.points(a[good], b[good])
    if kind == "lonlat" and good.any():
        points = gpd.GeoSeries(points, crs=WGS84).to_crs(RD_NEW).to_numpy()
        t.notes.append(f"lon/lat (EPSG:4326) omgezet naar {RD_NEW} (RD New)")
    out[good] = points
    return out


def _inside(bounds: tuple[float, float, float, float], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per row: (a, b) lies in the box ``bounds`` (xmin, ymin, xmax, ymax); NaN never does."""
    xmin, ymin, xmax, ymax = bounds
    with np.errstate(invalid="ignore"):
        return np.asarray((a >= xmin) & (a <= xmax) & (b >= ymin) & (b <= ymax), dtype=bool)


def _no_coordinates(t: Tabel) -> None:
    present = [n for n in ("x", "y", "lon", "lat") if t.has(n)]
    if present:
        partner = {"x": "y", "y": "x", "lon": "lat", "lat": "lon"}
        for name in present:
            other = partner[name]
            if not t.has(other):
                t.missing_column(other, t.extras(), spellings=ALIASSEN[other])
        return
    by_key = {header_key(h): h for h in t.extras()}
    spellings = [n for key in ("x", "y", "lon", "lat") for n in (key, *ALIASSEN[key])]
    for key, header in by_key.items():
        close = close_match(key, spellings)
        if close:
            t.fatal_problem(
                header,
                header,
                "onbekende kolom; er zijn geen coördinaten (x/y of lon/lat)",
                f"bedoelde u '{close}'? Hernoem de kolom",
            )
            return
    t.fatal_problem(
        "x/y",
        "",
        "geen coördinaten: verwacht de kolommen x en y (RD New, meters) of lon en lat "
        "(WGS84, graden)",
        "voeg x/y of lon/lat toe, of lever een GeoPackage, GeoJSON of Shapefile",
    )


def _explain_xy(t: Tabel, pos: int, a: float, b: float, kind: str) -> None:
    """Say what coordinates outside the Netherlands look like instead (swapped, degrees, ...).

    Runs only for the rows that failed the bounds test in :func:`points_from_columns`.
    """
    first, second = (
        (t.columns["x"], t.columns["y"])
        if kind == "xy"
        else (
            t.columns["lon"],
            t.columns["lat"],
        )
    )
    if kind == "xy" and looks_like_rd(b, a):
        what, fix = f"{first} en {second} lijken verwisseld", f"wissel {first} en {second} om"
    elif kind == "xy" and (looks_like_lonlat(a, b) or looks_like_lonlat(b, a)):
        what = f"{first}/{second} bevatten lon/lat-graden, geen RD-meters"
        fix = "zet graden in kolommen lon en lat, of reken om naar RD New (EPSG:28992)"
    elif kind == "xy":
        what, fix = "ligt buiten Nederland (RD New)", _FIX_OUTSIDE
    elif looks_like_lonlat(b, a):
        what = (
            f"{first} en {second} lijken verwisseld ({first} {a:g} is een breedtegraad, "
            f"{second} {b:g} een lengtegraad)"
        )
        fix = f"wissel de waarden van {first} en {second} om"
    elif looks_like_rd(a, b):
        what = f"{first}/{second} bevatten RD-meters, geen graden"
        fix = "hernoem de kolommen naar x en y (RD New, EPSG:28992)"
    else:
        what, fix = "ligt buiten Nederland", _FIX_OUTSIDE
    t.problem(pos, t.geometry_label, (a, b), what, fix)


_FIX_OUTSIDE = "controleer de coördinaten (x/y in RD New-meters, lon/lat in graden WGS84)"


def checked_geometries(
    t: Tabel,
    geoms: gpd.GeoSeries,
    *,
    crs: str | None,
    expected: Ligging,
    empty_ok: Sequence[bool],
    herstel: bool = False,
    geojson: bool = False,
) -> np.ndarray:
    """The geometries of a GeoPackage, GeoJSON or Shapefile, checked and in RD New.

    Checks per row: present, not empty (unless ``empty_ok``), the right type, valid (for
    vlakken; repaired with ``shapely.make_valid`` only when ``herstel``), inside the
    Netherlands. Checks for the file: a CRS is set and fits the coordinates. ``crs``
    overrules the file's CRS. Returns an object array like :func:`points_from_columns`.
    """
    # Long on purpose: the checks of one geometry column (type, emptiness, validity, CRS, swapped
    # axes) share the parsed geometries and their row numbers, and their order decides which
    # message a user sees first.
    out = np.full(t.n, None, dtype=object)
    values = np.asarray(geoms.to_numpy(), dtype=object)
    label = t.geometry_label
    missing = shapely.is_missing(values)
    empty = ~missing & shapely.is_empty(values)
    allowed = np.asarray(empty_ok, dtype=bool)
    out[(missing | empty) & allowed] = shapely.Point() if expected == "punt" else shapely.Polygon()
    for what, mask in (("geen geometrie", missing), ("lege geometrie", empty)):
        for pos in np.flatnonzero(mask & ~allowed):
            t.problem(int(pos), label, "", what, "teken de ligging, of verwijder de rij")
    present = ~(missing | empty)
    kinds = shapely.get_type_id(values)  # 0 Point, 3 Polygon, 6 MultiPolygon
    right = kinds == 0 if expected == "punt" else (kinds == 3) | (kinds == 6)
    for pos in np.flatnonzero(present & ~right):
        kind = values[pos].geom_type
        if expected == "punt":
            what = f"verwacht een punt, kreeg een {kind}"
            fix = "lever één punt per rij (bijv. een punt binnen het vlak: representative_point)"
        else:
            what = f"verwacht een vlak (Polygon of MultiPolygon), kreeg een {kind}"
            fix = "lever de grenzen als vlakken"
        t.problem(int(pos), label, kind, what, fix)
    good = present & right
    if expected == "punt":
        points = np.flatnonzero(good)
        nan = points[
            np.isnan(shapely.get_x(values[points])) | np.isnan(shapely.get_y(values[points]))
        ]
        for pos in nan:
            t.problem(int(pos), label, "", "coördinaat ontbreekt (NaN)", _FIX_OUTSIDE)
        good[nan] = False
    invalid = good & ~shapely.is_valid(values)
    for pos in np.flatnonzero(invalid):
        if herstel:
            # "structure" keeps only the polygonal part; buffer(0) could drop whole rings.
            values[pos] = shapely.make_valid(values[pos], method="structure", keep_collapsed=False)
        else:
            t.problem(
                int(pos),
                label,
                shapely.is_valid_reason(values[pos]),
                "ongeldige geometrie",
                "herstel het vlak (bijv. QGIS: Geometrieën repareren), of lees in met "
                "herstel=True (shapely.make_valid)",
            )
    if herstel and invalid.any():
        rows = ", ".join(str(t.rows[p]) for p in np.flatnonzero(invalid))
        t.notes.append(
            f"{int(invalid.sum())} ongeldige geometrie(ën) hersteld met make_valid: rij {rows}"
        )
    else:
        good &= ~invalid
    if not good.any():
        return out
    file_crs = CRS.from_user_input(crs) if crs is not None else geoms.crs
    positions = np.flatnonzero(good)
    centres = shapely.centroid(shapely.envelope(values[positions]))
    xs, ys = shapely.get_x(centres), shapely.get_y(centres)
    if file_crs is None:
        _no_crs(t, positions, xs, ys)
        return np.full(t.n, None, dtype=object)
    if file_crs.is_geographic:
        keep = _check_lonlat_file(t, positions, xs, ys, file_crs, geojson and crs is None)
    elif file_crs.to_epsg() == 28992:
        keep = _check_rd_file(t, positions, xs, ys)
    else:
        keep = np.ones(len(positions), dtype=bool)  # any other CRS: checked after conversion
    ok = positions[keep]
    converted = gpd.GeoSeries(values[ok], crs=file_crs)
    if file_crs.to_epsg() != 28992:
        converted = converted.to_crs(RD_NEW)
        name = file_crs.to_string()
        t.notes.append(f"omgezet van {name} naar {RD_NEW} (RD New)")
        centres = shapely.centroid(shapely.envelope(converted.to_numpy()))
        x, y = shapely.get_x(centres), shapely.get_y(centres)
        for i in np.flatnonzero(~_inside(RD_BOUNDS, x, y)):
            t.problem(
                int(ok[i]),
                label,
                rounded_xy(x[i], y[i], 0),
                f"ligt buiten Nederland na omzetting van {name}",
                "controleer de CRS van het bestand",
            )
    out[ok] = converted.to_numpy()
    return out


def rounded_xy(x: float, y: float, digits: int) -> tuple[float, float]:
    """A coordinate pair for a message: plain Python numbers, rounded."""
    if digits == 0:
        return (round(float(x)), round(float(y)))
    return (round(float(x), digits), round(float(y), digits))


def _looks(xs: np.ndarray, ys: np.ndarray) -> str | None:
    """What all coordinates look like: "rd", "lonlat" or None (mixed or neither)."""
    if _inside(RD_BOUNDS, xs, ys).all():
        return "rd"
    if _inside(NL_LONLAT_BOUNDS, xs, ys).all():
        return "lonlat"
    return None


def _no_crs(t: Tabel, positions: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
    looks = _looks(xs, ys)
    guess = {
        "rd": ("de coördinaten lijken RD New (EPSG:28992)", "EPSG:28992"),
        "lonlat": ("de coördinaten lijken lon/lat-graden (EPSG:4326)", "EPSG:4326"),
    }.get(looks or "")
    what = "het bestand heeft geen CRS (coördinatenstelsel); " + (
        guess[0] if guess else "de coördinaten passen niet bij RD New of lon/lat"
    )
    fix = "zet de CRS in het bestand (bijv. QGIS: Laag-CRS instellen)"
    if guess:
        fix += f", of geef crs='{guess[1]}' mee als u zeker weet dat dat klopt"
    digits = 6 if looks == "lonlat" else 1
    t.fatal_problem(
        t.geometry_label, rounded_xy(xs[0], ys[0], digits), what, fix, t.rows[positions[0]]
    )


def _check_lonlat_file(
    t: Tabel, positions: np.ndarray, xs: np.ndarray, ys: np.ndarray, crs: CRS, geojson: bool
) -> np.ndarray:
    """Which rows of a lon/lat file are lon/lat; a problem for each of the others."""
    label = crs.to_string()
    if _looks(xs, ys) == "rd":
        note = " (GeoJSON zonder 'crs' geldt volgens de standaard als EPSG:4326)" if geojson else ""
        t.fatal_problem(
            t.geometry_label,
            rounded_xy(xs[0], ys[0], 1),
            f"het bestand zegt {label} (lon/lat-graden){note}, maar alle {len(positions)} "
            "coördinaten zijn RD-meters",
            "zet de CRS van het bestand op EPSG:28992, of geef crs='EPSG:28992' mee",
            t.rows[positions[0]],
        )
        return np.zeros(len(positions), dtype=bool)
    ok = _inside(NL_LONLAT_BOUNDS, xs, ys)
    for i in np.flatnonzero(~ok):
        x, y = float(xs[i]), float(ys[i])
        if looks_like_lonlat(y, x):
            value, what = (
                rounded_xy(x, y, 6),
                "lengte- en breedtegraad lijken verwisseld (x is een breedtegraad)",
            )
            fix = "wissel x en y om (de lengtegraad komt eerst)"
        elif looks_like_rd(x, y):
            value, what = (
                rounded_xy(x, y, 0),
                f"RD-meters in een bestand in {label} (lon/lat-graden)",
            )
            fix = "reken deze punten om naar lon/lat"
        else:
            value, what, fix = rounded_xy(x, y, 6), "ligt buiten Nederland", _FIX_OUTSIDE
        t.problem(int(positions[i]), t.geometry_label, value, what, fix)
    return ok


def _check_rd_file(t: Tabel, positions: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which rows of an RD New file are RD; a problem for each of the others."""
    if _looks(xs, ys) == "lonlat":
        t.fatal_problem(
            t.geometry_label,
            rounded_xy(xs[0], ys[0], 6),
            f"het bestand zegt EPSG:28992 (RD New), maar alle {len(positions)} coördinaten zijn "
            "lon/lat-graden",
            "zet de CRS van het bestand op EPSG:4326, of geef crs='EPSG:4326' mee",
            t.rows[positions[0]],
        )
        return np.zeros(len(positions), dtype=bool)
    ok = _inside(RD_BOUNDS, xs, ys)
    for i in np.flatnonzero(~ok):
        t.problem(
            int(positions[i]),
            t.geometry_label,
            rounded_xy(xs[i], ys[i], 0),
            "ligt buiten Nederland (RD New)",
            _FIX_OUTSIDE,
        )
    return ok


# --- the study area ---------------------------------------------------------------------

"""Input checks of places: coordinates, geometries, the CRS, the study area, area codes.

Part of the checks of :mod:`sociale_basis.io.validate`, split off to keep modules small. The
only CRS conversion of the readers happens here, once, to EPSG:28992.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from ..core.crs import (
    NL_LONLAT_BOUNDS,
    RD_BOUNDS,
    RD_NEW,
    WGS84,
    looks_like_lonlat,
    looks_like_rd,
    require_rd,
)
from .validate import ALIASSEN, Tabel, close_match, header_key, parse_numbers, shown

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
                _xy(x[i], y[i], 0),
                f"ligt buiten Nederland na omzetting van {name}",
                "controleer de CRS van het bestand",
            )
    out[ok] = converted.to_numpy()
    return out


def _xy(x: float, y: float, digits: int) -> tuple[float, float]:
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
    t.fatal_problem(t.geometry_label, _xy(xs[0], ys[0], digits), what, fix, t.rows[positions[0]])


def _check_lonlat_file(
    t: Tabel, positions: np.ndarray, xs: np.ndarray, ys: np.ndarray, crs: CRS, geojson: bool
) -> np.ndarray:
    """Which rows of a lon/lat file are lon/lat; a problem for each of the others."""
    label = crs.to_string()
    if _looks(xs, ys) == "rd":
        note = " (GeoJSON zonder 'crs' geldt volgens de standaard als EPSG:4326)" if geojson else ""
        t.fatal_problem(
            t.geometry_label,
            _xy(xs[0], ys[0], 1),
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
                _xy(x, y, 6),
                "lengte- en breedtegraad lijken verwisseld (x is een breedtegraad)",
            )
            fix = "wissel x en y om (de lengtegraad komt eerst)"
        elif looks_like_rd(x, y):
            value, what = _xy(x, y, 0), f"RD-meters in een bestand in {label} (lon/lat-graden)"
            fix = "reken deze punten om naar lon/lat"
        else:
            value, what, fix = _xy(x, y, 6), "ligt buiten Nederland", _FIX_OUTSIDE
        t.problem(int(positions[i]), t.geometry_label, value, what, fix)
    return ok


def _check_rd_file(t: Tabel, positions: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which rows of an RD New file are RD; a problem for each of the others."""
    if _looks(xs, ys) == "lonlat":
        t.fatal_problem(
            t.geometry_label,
            _xy(xs[0], ys[0], 6),
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
            _xy(xs[i], ys[i], 0),
            "ligt buiten Nederland (RD New)",
            _FIX_OUTSIDE,
        )
    return ok


# --- the study area ---------------------------------------------------------------------


@dataclass(frozen=True)
class Studiegebied:
    """The buurten (index ``buurtcode``, column ``wijkcode``, RD New) and the wijkcodes."""

    buurten: gpd.GeoDataFrame
    wijkcodes: frozenset[str]

    @classmethod
    def from_any(cls, gebied: object) -> Studiegebied:
        """From an object with ``.wijken`` and ``.buurten``, or a GeoDataFrame of buurten."""
        wijken = getattr(gebied, "wijken", None)
        if isinstance(gebied, gpd.GeoDataFrame):
            buurten, wijken = gebied, None
        elif isinstance(getattr(gebied, "buurten", None), gpd.GeoDataFrame) and isinstance(
            wijken, gpd.GeoDataFrame
        ):
            buurten = gebied.buurten  # type: ignore[attr-defined]
        else:
            raise TypeError(
                f"gebied moet iets met .wijken en .buurten zijn (bijv. sb.datasets.delft()) of "
                f"een GeoDataFrame van buurten met een kolom wijkcode, niet {type(gebied).__name__}"
            )
        if "buurtcode" in buurten.columns:
            buurten = buurten.set_index("buurtcode")
        if "wijkcode" not in buurten.columns:
            raise ValueError(
                "de buurten van gebied missen de kolom wijkcode; voeg die toe zodat elke "
                "buurt bij een wijk hoort"
            )
        require_rd(buurten, "de buurten van gebied")
        codes = set(buurten["wijkcode"].astype(str))
        if wijken is not None:
            codes |= set(wijken.index.astype(str))
        frame = buurten[["wijkcode", "geometry"]].copy()
        frame.index = frame.index.astype(str)
        return cls(buurten=frame, wijkcodes=frozenset(codes))


def area_codes(
    t: Tabel, geometry: np.ndarray, gebied: Studiegebied | None, needed: Sequence[bool]
) -> tuple[list[str | None], list[str | None]]:
    """``buurtcode`` and ``wijkcode`` per row: checked, and filled in where possible.

    Without a code in the file, the buurt comes from the place (point in polygon, needs
    ``gebied``) and the wijk from the buurt (a CBS buurtcode holds its wijkcode:
    BU05031100 lies in WK050311). With ``gebied``, every point must lie in it and every
    code must exist in it.
    """
    buurt = t.area_code("buurtcode")
    wijk = t.area_code("wijkcode")
    if not t.has("buurtcode") and gebied is None:
        t.missing_column(
            "buurtcode",
            t.extras(),
            "voeg de kolom buurtcode toe, of geef gebied= mee zodat hij uit de ligging volgt",
        )
        return buurt, wijk
    located: dict[int, str] = {}
    if gebied is not None:
        located = _locate(t, geometry, gebied)
    filled = 0
    for pos in range(t.n):
        if buurt[pos] is None and pos in located and not t.row_problems.get(pos):
            buurt[pos] = located[pos]
            filled += 1
    if filled:
        how = "de kolom ontbreekt" if not t.has("buurtcode") else "de cel was leeg"
        t.notes.append(f"buurtcode afgeleid uit de ligging voor {filled} rijen ({how})")
    derived = 0
    for pos in range(t.n):
        b, w = buurt[pos], wijk[pos]
        if b is None:
            continue
        if w is None:
            wijk[pos] = "WK" + b[2:8]
            derived += 1
        elif w[2:] != b[2:8]:
            t.problem(
                pos,
                "wijkcode",
                w,
                f"buurt {b} hoort bij wijk WK{b[2:8]}, niet bij {w}",
                "corrigeer de wijkcode of de buurtcode",
            )
    if derived:
        t.notes.append(f"wijkcode afgeleid uit de buurtcode voor {derived} rijen")
    if gebied is not None:
        _codes_exist(t, buurt, wijk, gebied)
    for pos in range(t.n):
        if buurt[pos] is None and needed[pos] and not t.row_problems.get(pos):
            t.problem(
                pos,
                "buurtcode",
                "",
                "buurtcode ontbreekt",
                "vul de buurtcode in, of geef gebied= mee zodat hij uit de ligging volgt",
            )
    return buurt, wijk


def _locate(t: Tabel, geometry: np.ndarray, gebied: Studiegebied) -> dict[int, str]:
    """Point in polygon: the buurt of every located row; a problem for rows outside."""
    placed = np.array([g is not None for g in geometry], dtype=bool)
    placed[placed] = ~shapely.is_empty(geometry[placed])
    positions = np.flatnonzero(placed)
    if not len(positions):
        return {}
    pairs = gebied.buurten.sindex.query(geometry[positions], predicate="intersects")
    codes = gebied.buurten.index.to_numpy()
    # On a shared border a point touches two buurten: the first in code order wins.
    found = pd.DataFrame({"i": pairs[0], "code": codes[pairs[1]]}).sort_values(["i", "code"])
    found = found.drop_duplicates("i")
    located = dict(
        zip(positions[found["i"].to_numpy()].tolist(), found["code"].tolist(), strict=True)
    )
    for p in positions[~np.isin(np.arange(len(positions)), found["i"].to_numpy())]:
        g = geometry[p]
        t.problem(
            int(p),
            t.geometry_label,
            _xy(g.x, g.y, 0) if g.geom_type == "Point" else g.geom_type,
            "ligt buiten het studiegebied (gebied=)",
            "controleer de coördinaten en de CRS, of verwijder de rij als het punt niet "
            "bij dit gebied hoort",
        )
    return located


def _codes_exist(
    t: Tabel, buurt: list[str | None], wijk: list[str | None], gebied: Studiegebied
) -> None:
    known_buurten = set(gebied.buurten.index)
    fixes: dict[str, str] = {}  # difflib is slow; a file of another gemeente repeats codes
    for pos in range(t.n):
        for name, code, known in (
            ("buurtcode", buurt[pos], known_buurten),
            ("wijkcode", wijk[pos], gebied.wijkcodes),
        ):
            if code is None or code in known:
                continue
            if code not in fixes:
                close = close_match(code, sorted(known))
                fixes[code] = (
                    f"bedoelde u '{close}'?" if close else f"gebruik een {name} uit gebied="
                )
            t.problem(
                pos,
                name,
                code,
                f"onbekende {name}: ligt niet in het studiegebied (gebied=)",
                fixes[code],
            )


# --- overlapping vlakken ------------------------------------------------------------------

OVERLAP_M2 = 1.0
"""Two vlakken overlap when they share more than this many square metres ..."""
OVERLAP_AANDEEL = 0.001
"""... and more than this share (0.1%) of the smaller of the two. Real CBS boundaries touch
and overlap by slivers: in the Zwolle buurten of 2024 the largest is 1.2 m² (0.0001% of the
smaller buurt), which must not count."""


def check_overlaps(
    t: Tabel, geometry: np.ndarray, codes: Sequence[str | None], noun: str, herstel: bool
) -> None:
    """A problem for each pair of areas whose vlakken overlap (both rows named), or with
    ``herstel`` a note in the report instead.

    Overlap means more than :data:`OVERLAP_M2` and more than :data:`OVERLAP_AANDEEL` of the
    smaller vlak. Pairs are found with an STRtree, so hundreds of areas take milliseconds.
    """
    positions = np.flatnonzero([g is not None for g in geometry])
    if len(positions) < 2:
        return
    geoms = geometry[positions]
    positions = positions[~shapely.is_empty(geoms)]
    geoms = geometry[positions]
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = shared / smaller
    big = (shared > OVERLAP_M2) & (share > OVERLAP_AANDEEL)
    kept: list[str] = []
    for i, j, m2, part in zip(left[big], right[big], shared[big], share[big], strict=True):
        a, b = int(positions[i]), int(positions[j])
        size = f"{m2:,.0f} m²".replace(",", ".")
        pct = f"{100 * part:.1f}%".replace(".", ",")
        if herstel:
            kept.append(f"{_name(t, codes, a)} en {_name(t, codes, b)} ({size}, {pct})")
            continue
        for here, other in ((a, b), (b, a)):
            t.problem(
                here,
                t.geometry_label,
                size,
                f"vlak overlapt met {noun} {_name(t, codes, other)} over {size} ({pct} van "
                "het kleinste vlak)",
                "corrigeer de grenzen (bijv. QGIS: Topologiecontrole), of lees in met "
                "herstel=True om de overlap alleen te melden",
            )
    if kept:
        where = (
            "; een punt in een overlap krijgt de buurt met de laagste code"
            if noun == "buurt"
            else ""
        )
        t.notes.append(
            f"{len(kept)} paar overlappende vlakken behouden (herstel=True): "
            + "; ".join(kept)
            + where
        )


def _name(t: Tabel, codes: Sequence[str | None], pos: int) -> str:
    """An area in a message: its code and row, or only the row."""
    code = codes[pos]
    return f"{code} (rij {t.rows[pos]})" if code else f"op rij {t.rows[pos]}"

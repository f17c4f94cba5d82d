"""Readers of the areas: wijken and buurten, as vlakken (see :mod:`sociale_basis.io.reading` for
formats, options and checks).
"""

from __future__ import annotations

import os

import geopandas as gpd
import numpy as np

from .files import Bestand, load
from .overlaps import check_overlaps
from .reading import (
    FIX_INWONERS,
    Ongeldig,
    check_ongeldig,
    documented,
)
from .report import Gelezen, finish
from .study_area import area_codes
from .validate_geo import checked_geometries


@documented
def read_wijken(
    path: str | os.PathLike[str],
    *,
    ongeldig: Ongeldig = "fout",
    herstel: bool = False,
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read wijken: ``wijkcode``, ``wijknaam``, ``inwoners`` and a (Multi)Polygon each.

    ``inwoners`` may be empty (CBS keeps small numbers secret); it may not be negative.
    Two wijken may not overlap by more than 1 m² and 0.1% of the smaller one
    (:data:`sociale_basis._validate_geo.OVERLAP_M2`, ``OVERLAP_AANDEEL``): real boundaries
    touch and overlap by slivers, which are fine.

    Parameters
    ----------
    {common}
    herstel
        Repair invalid vlakken with ``shapely.make_valid``, and keep vlakken that overlap,
        instead of refusing them (both listed in the report).

    Returns
    -------
    Gelezen
        ``data`` indexed by ``wijkcode``; ``rapport``.

    {raises}
    """
    check_ongeldig(ongeldig)
    b = load(path, "wijken", layer, encoding, crs, max_rijen, max_bytes, csv_ok=False)
    t = b.tabel
    t.match_columns(
        ("wijkcode", "wijknaam", "inwoners"),
        aliases={"wijkcode": ("code",), "wijknaam": ("naam",)},
    )
    t.ids("wijkcode", noun="wijk")  # present and unique
    codes = t.area_code("wijkcode")
    naam = t.text("wijknaam", required=True, fix="vul de naam van de wijk in")
    inwoners = t.number("inwoners", integer=True, low=0, fix=FIX_INWONERS)
    geometry = _vlakken(b, crs, herstel)
    check_overlaps(t, geometry, codes, "wijk", herstel)
    return finish(
        b,
        ongeldig,
        ("wijkcode", codes, "str"),
        {"wijknaam": (naam, "str"), "inwoners": (inwoners, "Int64")},
        geometry,
    )


@documented
def read_buurten(
    path: str | os.PathLike[str],
    *,
    ongeldig: Ongeldig = "fout",
    herstel: bool = False,
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read buurten: ``buurtcode``, ``buurtnaam``, ``wijkcode``, ``inwoners``, a vlak each.

    Without a ``wijkcode`` column the wijk follows from the buurtcode (BU05031100 lies in
    WK050311); with one, the two must agree. Two buurten may not overlap (as for
    :func:`read_wijken`).

    Parameters
    ----------
    {common}
    herstel
        Repair invalid vlakken with ``shapely.make_valid``, and keep vlakken that overlap,
        instead of refusing them (both listed in the report).

    Returns
    -------
    Gelezen
        ``data`` indexed by ``buurtcode``; ``rapport``.

    {raises}
    """
    check_ongeldig(ongeldig)
    b = load(path, "buurten", layer, encoding, crs, max_rijen, max_bytes, csv_ok=False)
    t = b.tabel
    t.match_columns(
        ("buurtcode", "buurtnaam", "inwoners"),
        ("wijkcode",),
        aliases={"buurtcode": ("code",), "buurtnaam": ("naam",)},
    )
    t.ids("buurtcode", noun="buurt")  # present and unique
    geometry = _vlakken(b, crs, herstel)
    codes, wijk = area_codes(t, geometry, None, [True] * t.n)
    check_overlaps(t, geometry, codes, "buurt", herstel)
    naam = t.text("buurtnaam", required=True, fix="vul de naam van de buurt in")
    inwoners = t.number("inwoners", integer=True, low=0, fix=FIX_INWONERS)
    return finish(
        b,
        ongeldig,
        ("buurtcode", codes, "str"),
        {"buurtnaam": (naam, "str"), "wijkcode": (wijk, "str"), "inwoners": (inwoners, "Int64")},
        geometry,
    )


def _vlakken(b: Bestand, crs: str | None, herstel: bool) -> np.ndarray:
    if b.geoms is None:
        b.tabel.fatal_problem(
            None,
            "",
            "de laag heeft geen geometrie; wijken en buurten zijn vlakken",
            "lever een laag met (Multi)Polygonen",
            None,
        )
        return np.full(b.tabel.n, None, dtype=object)
    return checked_geometries(
        b.tabel,
        b.geoms,
        crs=crs,
        expected="vlak",
        empty_ok=[False] * b.tabel.n,
        herstel=herstel,
        geojson=b.kind == "geojson",
    )

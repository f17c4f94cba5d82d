"""Readers of files about places: verenigingen and voorzieningen (see
:mod:`sociale_basis.io.reading` for formats, options and checks).
"""

from __future__ import annotations

import os
from typing import Any

import geopandas as gpd
import pandas as pd

from ..core.taxonomy import SOORTEN, VERENIGING_SOORTEN
from .files import load
from .reading import (
    PLACE_COLUMNS,
    Ongeldig,
    check_ongeldig,
    documented,
    id_dtype,
    placed,
    study_area,
)
from .report import Gelezen, finish
from .validate_relaties import known_ids


@documented
def read_verenigingen(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    voorzieningen: pd.DataFrame | None = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read verenigingen: ``vereniging_id``, ``naam``, ``soort``, a point each.

    ``soort`` is a key of ``sb.taxonomy.VERENIGING_SOORTEN``. Optional: ``voorziening_id``
    (where it meets), ``capaciteit`` (the most members it takes, a whole number, 0 or
    more), ``buurtcode``, ``wijkcode``, ``bron`` (default: the file name).

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.
    voorzieningen
        Voorzieningen indexed by ``voorziening_id``; when given, every ``voorziening_id``
        must be in it.

    Returns
    -------
    Gelezen
        ``data`` indexed by ``vereniging_id``; ``rapport``.

    {raises}
    """
    check_ongeldig(ongeldig)
    area = study_area(gebied)
    b = load(path, "verenigingen", layer, encoding, crs, max_rijen, max_bytes)
    t = b.tabel
    t.match_columns(
        ("vereniging_id", "naam", "soort"),
        ("voorziening_id", "capaciteit", *PLACE_COLUMNS),
        aliases={"vereniging_id": ("id",)},
    )
    ids = t.ids("vereniging_id", noun="vereniging")
    naam = t.text("naam", required=True, fix="vul de naam van de vereniging in")
    soort = t.category(
        "soort", tuple(VERENIGING_SOORTEN), "sb.taxonomy.VERENIGING_SOORTEN", required=True
    )
    geometry, place = placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "naam": (naam, "str"),
        "soort": (soort, "str"),
        **place,
    }
    if t.has("voorziening_id"):
        plek = known_ids(t, "voorziening_id", voorzieningen, "voorziening", required=False)
        columns["voorziening_id"] = (plek, id_dtype(plek))
    if t.has("capaciteit"):
        fix = "vul het grootste aantal leden in (0 of meer), of laat de cel leeg"
        columns["capaciteit"] = (t.number("capaciteit", integer=True, low=0, fix=fix), "Int64")
    return finish(b, ongeldig, ("vereniging_id", ids, id_dtype(ids)), columns, geometry)


@documented
def read_voorzieningen(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read voorzieningen: ``voorziening_id``, ``soort`` and a point each.

    ``soort`` is a key of ``sb.taxonomy.SOORTEN``; only a ``digitaal_platform`` may lack a
    place (its point is then empty). Optional: ``naam``, ``capaciteit`` (0 or more),
    ``buurtcode``, ``wijkcode``, ``bron`` (default: the file name).

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.

    Returns
    -------
    Gelezen
        ``data`` indexed by ``voorziening_id``; ``rapport``.

    {raises}

    Examples
    --------
    >>> data, rapport = read_voorzieningen("voorzieningen.csv")  # doctest: +SKIP
    >>> print(rapport)  # doctest: +SKIP
    voorzieningen.csv (voorzieningen): 4 rijen gelezen, 4 gebruikt, 0 afgewezen
    """
    check_ongeldig(ongeldig)
    area = study_area(gebied)
    b = load(path, "voorzieningen", layer, encoding, crs, max_rijen, max_bytes)
    t = b.tabel
    t.match_columns(
        ("voorziening_id", "soort"),
        ("naam", "capaciteit", *PLACE_COLUMNS),
        aliases={"voorziening_id": ("id",)},
    )
    ids = t.ids("voorziening_id", noun="voorziening")
    soort = t.category("soort", tuple(SOORTEN), "sb.taxonomy.SOORTEN", required=True)
    digital = [s == "digitaal_platform" for s in soort]
    geometry, place = placed(b, crs, area, digital)
    columns: dict[str, tuple[list[Any], str]] = {
        "soort": (soort, "str"),
        "naam": (t.text("naam"), "str"),
        **place,
    }
    if t.has("capaciteit"):
        capaciteit = t.number("capaciteit", low=0, fix="vul het aantal plaatsen in (0 of meer)")
        columns["capaciteit"] = (capaciteit, "float64")
    return finish(b, ongeldig, ("voorziening_id", ids, id_dtype(ids)), columns, geometry)

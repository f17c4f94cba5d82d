"""Residential addresses from a BAG GeoPackage (Basisregistratie Adressen en Gebouwen).

The BAG is the official register of every address in the Netherlands; the national
GeoPackage (PDOK, "BAG GeoPackage") has a layer ``verblijfsobject`` with a point per
verblijfsobject, its address and its ``gebruiksdoel``. Only verblijfsobjecten with a
``woonfunctie`` that exist (not withdrawn, not planned, not entered by mistake) become
addresses; only the gemeente's box is read (a spatial filter), so the national file is
never loaded whole.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..core.crs import RD_NEW
from ..core.errors import DataNotFoundError, Problem, ValidationError
from .cbs import check_crs, snake_case

LAYER_NAMES = ("verblijfsobject", "verblijfsobjecten", "vbo")
"""Names of the verblijfsobject layer in BAG GeoPackages."""
COLUMNS: dict[str, tuple[str, ...]] = {
    "adres_id": ("identificatie", "verblijfsobject_identificatie", "id"),
    "straat": ("openbare_ruimte_naam", "openbareruimtenaam", "straatnaam", "straat"),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("toevoeging", "huisnummertoevoeging"),
    "postcode": ("postcode",),
    "gebruiksdoel": ("gebruiksdoel", "gebruiksdoelen"),
    "status": ("status", "verblijfsobject_status"),
}
"""Our column -> the names it has in BAG GeoPackages (compared in snake_case)."""
REQUIRED = ("adres_id", "huisnummer", "gebruiksdoel")
NOT_THERE = ("ingetrokken", "niet gerealiseerd", "ten onrechte", "gevormd")
"""A status containing one of these is no existing dwelling."""


def read_bag_adressen(
    path: str | Path, bounds: tuple[float, float, float, float]
) -> gpd.GeoDataFrame:
    """The residential addresses of a BAG GeoPackage within ``bounds`` (RD metres).

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by ``adres_id`` (the BAG identificatie), with ``straat``, ``huisnummer``
        (with letter and addition: ``12A-2``), ``postcode``, ``bron = "bag"``; EPSG:28992.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValidationError
        No verblijfsobject layer, a missing column, a CRS that does not fit, or no
        residential address in the box.
    """
    import pyogrio

    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(
            f"BAG-bestand '{path}' bestaat niet. Download de BAG GeoPackage van PDOK, of "
            "laat --adressen weg (dan komen de adressen uit OpenStreetMap)."
        )
    layers = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
    layer = next((n for n in layers if n.lower() in LAYER_NAMES), None)
    if layer is None:
        raise ValidationError(
            [
                Problem(
                    path.name,
                    None,
                    "laag",
                    ", ".join(layers),
                    "geen laag verblijfsobject",
                    "gebruik de BAG GeoPackage van PDOK (laag verblijfsobject)",
                )
            ]
        )
    source = f"{path.name} (laag {layer})"
    fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
    found = _columns(fields, source)
    info_crs = pyogrio.read_info(path, layer=layer)["crs"]
    box = bounds
    if info_crs and "28992" not in str(info_crs):
        box = tuple(
            gpd.GeoSeries.from_xy([bounds[0], bounds[2]], [bounds[1], bounds[3]], crs=RD_NEW)
            .to_crs(info_crs)
            .total_bounds
        )
    frame = gpd.read_file(path, layer=layer, bbox=box, columns=list(found.values()))
    check_crs(frame, source)
    frame = frame.to_crs(RD_NEW).rename(columns={v: k for k, v in found.items()})
    wonen = frame["gebruiksdoel"].astype(str).str.lower().str.contains("woonfunctie")
    if "status" in frame.columns:
        status = frame["status"].astype(str).str.lower()
        wonen &= ~status.str.contains("|".join(NOT_THERE))
    frame = frame[wonen.to_numpy()]
    if frame.empty:
        raise ValidationError(
            [
                Problem(
                    source,
                    None,
                    "gebruiksdoel",
                    "woonfunctie",
                    "geen bestaand verblijfsobject met woonfunctie in de gemeente",
                    "controleer of het BAG-bestand de gemeente bevat (landelijk bestand)",
                )
            ]
        )
    return _addresses(frame)


def _columns(fields: list[str], source: str) -> dict[str, str]:
    by_snake = {snake_case(f): f for f in fields}
    found = {}
    for ours, names in COLUMNS.items():
        match = next((by_snake[n] for n in names if n in by_snake), None)
        if match is not None:
            found[ours] = match
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise ValidationError(
            [
                Problem(
                    source,
                    1,
                    c,
                    ", ".join(fields[:12]),
                    "kolom ontbreekt",
                    f"verwacht een van: {', '.join(COLUMNS[c])}",
                )
                for c in missing
            ]
        )
    return found


def _addresses(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    number = frame["huisnummer"].astype("Int64").astype(str)
    if "huisletter" in frame.columns:
        number = number + frame["huisletter"].fillna("").astype(str)
    if "toevoeging" in frame.columns:
        extra = frame["toevoeging"].fillna("").astype(str)
        number = number + extra.where(extra == "", "-" + extra)
    out = gpd.GeoDataFrame(
        {
            "adres_id": frame["adres_id"].astype(str).to_numpy(),
            "straat": frame["straat"].to_numpy() if "straat" in frame else None,
            "huisnummer": number.to_numpy(),
            "postcode": frame["postcode"].to_numpy() if "postcode" in frame else None,
            "bron": "bag",
        },
        geometry=frame.geometry.to_numpy(),
        crs=RD_NEW,
    )
    out = out[~pd.Index(out["adres_id"]).duplicated()]
    return out.set_index("adres_id")

"""One GeoPackage of the results, for QGIS and other GIS: the same protected figures as the
tables, as layers.

:func:`write_geopackage` writes ``<gemeente>_resultaten.gpkg`` with the layers

- ``buurten`` and ``wijken``: the area with every figure of every theme exactly as the CSV
  tables write it (:func:`sociale_basis.present.tables.sheet`, after the protection). A
  figure is a number column; where the tables hide it, the number is NULL and the column
  ``<figure>_verborgen`` holds the table's text (``geheim``, ``te weinig inwoners``, ...);
- ``signalen``: the signals the tables publish, at a point inside their area;
- ``isochronen``: the bands of reach around the wijkteams that the maps draw (0-5, 5-10
  minutes walking);
- ``voorzieningen``: the places, with ``bron`` (synthetic ones say so).

Every table resting on synthetic people has the column ``bron`` as in the tables. Text
cells are made safe for a spreadsheet as in the CSV (a GIS exports attribute tables to CSV
and Excel): :func:`sociale_basis.present.spreadsheet.safe_csv_text`. A ``layer_styles``
table gives QGIS a style per layer (filled areas graduated on one figure).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import RD_NEW as RD
from ..core.gebied import Gebied
from ..core.paths import file_stem
from .figures import BRON_LABELS, Kerncijfers
from .map_content import isochrone_bands
from .qgis_styles import write_layer_styles
from .spreadsheet import is_empty, is_number, safe_csv_text
from .tables import bron_of, published_signalen, sheet

LAGEN = ("buurten", "wijken", "signalen", "isochronen", "voorzieningen")
"""The layers of the GeoPackage, in this order (a layer without data is left out)."""


class Resultaten(Protocol):
    """What :func:`write_geopackage` reads: a :class:`sociale_basis.pipeline.Uitkomst`."""

    gebied: Gebied
    cijfers: dict[str, Kerncijfers]
    signalen: pd.DataFrame | None
    isochronen: gpd.GeoDataFrame | None


def area_layer(gebied: Gebied, k: Kerncijfers) -> gpd.GeoDataFrame:
    """The areas of one level with every figure as the tables write it (see module)."""
    areas = gebied.buurten if k.niveau == "buurt" else gebied.wijken
    out = pd.DataFrame(index=k.gebieden.index)
    for column in k.gebieden.columns:
        out[column] = k.gebieden[column]
    for thema in k.themas:
        frame, kolommen = sheet(k, thema), k.themas[thema].kolommen
        for column in frame.columns:
            if column in out.columns:
                continue
            kolom = kolommen.get(column)
            out = _figure(out, column, frame[column], kolom is not None and kolom.soort != "tekst")
        bron = bron_of(gebied, thema)
        if bron is not None:
            out[f"bron_{thema}"] = bron
    out.index.name = k.gebieden.index.name or ("buurtcode" if k.niveau == "buurt" else "wijkcode")
    geometry = areas.geometry.reindex(out.index)
    layer = gpd.GeoDataFrame(_safe_text(out).reset_index(), geometry=geometry.to_numpy(), crs=RD)
    return layer


def _figure(out: pd.DataFrame, column: str, values: pd.Series, figure: bool) -> pd.DataFrame:
    """Add one column: a figure as a number column (NULL where hidden, the table's text in
    ``<column>_verborgen``, also when every cell is hidden), text as text."""
    cells = values.tolist()
    numbers = [is_number(v) for v in cells]
    texts = [not n and not is_empty(v) for v, n in zip(cells, numbers, strict=True)]
    if figure or any(numbers):
        out[column] = pd.to_numeric(
            pd.Series([v if n else np.nan for v, n in zip(cells, numbers, strict=True)]),
            errors="coerce",
        ).to_numpy()
        if any(texts):
            out[f"{column}_verborgen"] = [
                str(v) if t else None for v, t in zip(cells, texts, strict=True)
            ]
    else:
        out[column] = [None if is_empty(v) else str(v) for v in cells]
    return out


def _safe_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell made safe for a spreadsheet (as the CSV tables do)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if column == "geometry" or not (
            values.dtype == object
            or pd.api.types.is_string_dtype(values)
            or isinstance(values.dtype, pd.CategoricalDtype)
        ):
            continue
        frame[column] = [
            v if is_empty(v) or not isinstance(v, str) else safe_csv_text(v) for v in frame[column]
        ]
    return frame


def signal_layer(
    gebied: Gebied, signalen: pd.DataFrame, buurt: Kerncijfers
) -> gpd.GeoDataFrame | None:
    """The signals the tables publish, each at a point inside its area (a signal about the
    whole gemeente has no area and no point)."""
    shown, _ = published_signalen(signalen, gebied, buurt)
    if shown is None or not len(shown):
        return None
    areas = pd.concat([gebied.wijken.geometry, gebied.buurten.geometry])
    areas = areas[~areas.index.duplicated()]
    points = areas.reindex(shown["gebiedcode"].astype(str)).to_numpy()
    geometry = gpd.GeoSeries(points, crs=RD)
    inside = geometry.notna().to_numpy()
    geometry[inside] = geometry[inside].representative_point()
    frame = _safe_text(shown.reset_index(drop=True))
    return gpd.GeoDataFrame(frame, geometry=geometry.to_numpy(), crs=RD)


def zone_layer(isochronen: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The bands of reach around the wijkteams as the maps draw them
    (:func:`~sociale_basis.present.map_content.isochrone_bands`): one row per band,
    ``van_minuten`` to ``tot_minuten``, each place in one band only."""
    if isochronen is None or not len(isochronen):
        return None
    bands = isochrone_bands(isochronen.to_crs(RD))
    if not bands:
        return None
    modus = str(isochronen["modus"].iloc[0]) if "modus" in isochronen.columns else "lopen"
    frame = pd.DataFrame(
        {
            "van_minuten": [b[0] for b in bands],
            "tot_minuten": [b[1] for b in bands],
            "modus": modus,
            "betekenis": [f"{b[0]:g} tot {b[1]:g} minuten {modus} van een wijkteam" for b in bands],
        }
    )
    return gpd.GeoDataFrame(frame, geometry=[b[2] for b in bands], crs=RD)


def place_layer(gebied: Gebied) -> gpd.GeoDataFrame | None:
    """The voorzieningen: ``soort``, ``naam``, ``bron`` as people read it (synthetic marked)."""
    vz = gebied.voorzieningen
    if not len(vz):
        return None
    keep = [c for c in ("soort", "naam", "wijkcode", "buurtcode") if c in vz.columns]
    frame = pd.DataFrame(vz[keep]).copy()
    bron = vz["bron"] if "bron" in vz.columns else pd.Series("", index=vz.index)
    frame["bron"] = [BRON_LABELS.get(str(b), str(b)) for b in bron]
    frame.index.name = "voorziening_id"
    frame = _safe_text(frame.reset_index())
    return gpd.GeoDataFrame(frame, geometry=vz.geometry.to_crs(RD).to_numpy(), crs=RD)


def geopackage_layers(uitkomst: Resultaten) -> dict[str, gpd.GeoDataFrame]:
    """The layers of :func:`write_geopackage`, by name (only those with data)."""
    gebied, cijfers = uitkomst.gebied, uitkomst.cijfers
    lagen: dict[str, gpd.GeoDataFrame | None] = {
        "buurten": area_layer(gebied, cijfers["buurt"]),
        "wijken": area_layer(gebied, cijfers["wijk"]),
        "signalen": None
        if uitkomst.signalen is None
        else signal_layer(gebied, uitkomst.signalen, cijfers["buurt"]),
        "isochronen": zone_layer(uitkomst.isochronen),
        "voorzieningen": place_layer(gebied),
    }
    return {name: layer for name, layer in lagen.items() if layer is not None}


def write_geopackage(
    uitkomst: Resultaten, path: str | Path | None = None, *, maat: str = "pct_65plus"
) -> Path:
    """Write the results of one gemeente as one GeoPackage (EPSG:28992), for QGIS.

    Parameters
    ----------
    uitkomst
        From :func:`sociale_basis.pipeline.analyse`.
    path
        The file, or a folder to write ``<gemeente>_resultaten.gpkg`` into; default that
        name in the current folder. An existing file is replaced.
    maat
        The figure that colours the buurten and wijken in QGIS.

    Returns
    -------
    Path
        The file written.
    """
    target = Path(path) if path is not None else Path()
    if path is None or target.is_dir():
        target = target / f"{file_stem(uitkomst.gebied.naam)}_resultaten.gpkg"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    lagen = geopackage_layers(uitkomst)
    for name, layer in lagen.items():
        layer.to_file(target, layer=name, driver="GPKG", engine="pyogrio")
    write_layer_styles(target, lagen, _style_columns(lagen, maat))
    return target


def _style_columns(lagen: Mapping[str, gpd.GeoDataFrame], maat: str) -> dict[str, str | None]:
    """Per layer the number column a graduated style colours (None: a single symbol)."""
    out: dict[str, str | None] = {}
    for name, layer in lagen.items():
        column = maat if name in ("buurten", "wijken") else None
        if column is not None and (
            column not in layer.columns or not pd.api.types.is_numeric_dtype(layer[column])
        ):
            column = None
        out[name] = column
    return out

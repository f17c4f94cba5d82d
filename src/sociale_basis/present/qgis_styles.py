"""QGIS styles in a GeoPackage: the ``layer_styles`` table QGIS reads when a layer opens.

One simple QML per layer: areas filled and graduated on one figure (five quantile classes,
light to dark), walking zones as light transparent areas, signals as red points and
voorzieningen as small grey points. Column names and labels are escaped as XML.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import quoteattr

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.formatting import format_number

KLASSEN = ("255,245,235", "253,208,162", "253,141,60", "217,72,1", "127,39,4")
"""Fill colours of the graduated classes, light to dark."""

_TABEL = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
    f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
    styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT CURRENT_TIMESTAMP)"""


def _option(name: str, value: str) -> str:
    return f'<Option name="{name}" type="QString" value={quoteattr(value)}/>'


def _symbol(name: str, geom: str, color: str, alpha: str = "1", size: str = "1.8") -> str:
    """One QGIS symbol: a fill for areas, a marker for points."""
    if geom == "fill":
        options = (
            _option("color", f"{color},255")
            + _option("outline_color", "90,90,90,255")
            + _option("outline_width", "0.2")
            + _option("style", "solid")
        )
        kind = "SimpleFill"
    else:
        options = (
            _option("color", f"{color},255")
            + _option("outline_color", "255,255,255,255")
            + _option("size", size)
            + _option("name", "circle")
        )
        kind = "SimpleMarker"
    return (
        f'<symbol type="{geom}" name="{name}" alpha="{alpha}" clip_to_extent="1" force_rhr="0">'
        f'<layer class="{kind}" enabled="1" pass="0" locked="0"><Option type="Map">{options}'
        "</Option></layer></symbol>"
    )


def graduated_qml(values: pd.Series, column: str) -> str:
    """A QML that fills areas in five quantile classes of ``column`` (NULL: not drawn in a
    class, so a hidden figure never looks like a low one)."""
    numbers = pd.to_numeric(values, errors="coerce").dropna().to_numpy(dtype=float)
    if not len(numbers):
        return single_qml("fill", KLASSEN[0])
    edges = np.unique(np.quantile(numbers, np.linspace(0, 1, len(KLASSEN) + 1)))
    if len(edges) == 1:
        edges = np.array([edges[0], edges[0]])
    ranges, symbols = [], []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        label = f"{format_number(low, 1)} - {format_number(high, 1)}"
        ranges.append(
            f'<range lower="{low!r}" upper="{high!r}" symbol="{i}" '
            f'label={quoteattr(label)} render="true"/>'
        )
        symbols.append(_symbol(str(i), "fill", KLASSEN[min(i, len(KLASSEN) - 1)], "0.8"))
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
        '<qgis version="3.28" styleCategories="Symbology">'
        f'<renderer-v2 type="graduatedSymbol" attr={quoteattr(column)} '
        'graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<ranges>{''.join(ranges)}</ranges><symbols>{''.join(symbols)}</symbols>"
        "</renderer-v2></qgis>"
    )


def single_qml(geom: str, color: str, alpha: str = "1", size: str = "1.8") -> str:
    """A QML with one symbol for every feature."""
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
        '<qgis version="3.28" styleCategories="Symbology">'
        '<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<symbols>{_symbol('0', geom, color, alpha, size)}</symbols></renderer-v2></qgis>"
    )


def layer_qml(name: str, layer: gpd.GeoDataFrame, column: str | None) -> str:
    """The QML of one layer of the results (see module)."""
    if column is not None:
        return graduated_qml(layer[column], column)
    if name == "isochronen":
        return single_qml("fill", "158,202,225", "0.35")
    if name == "signalen":
        return single_qml("marker", "200,30,30", size="2.6")
    polygons = layer.geom_type.isin(["Polygon", "MultiPolygon"]).any()
    return single_qml("fill" if polygons else "marker", "110,110,110")


def write_layer_styles(
    path: Path, lagen: Mapping[str, gpd.GeoDataFrame], kleur: Mapping[str, str | None]
) -> None:
    """Add the table ``layer_styles`` to the GeoPackage ``path``: the default style of each
    layer (``kleur``: per layer the figure a graduated fill colours, or None)."""
    rows = [
        (name, layer.geometry.name, f"{name} (sociale basis)", layer_qml(name, layer, kleur[name]))
        for name, layer in lagen.items()
    ]
    with sqlite3.connect(path) as db:
        db.execute(_TABEL)
        db.executemany(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
            "owner, ui) VALUES ('', '', ?, ?, ?, ?, '', 1, 'sociale_basis', '', '')",
            rows,
        )
        db.execute(
            "INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles')"
        )
    db.close()

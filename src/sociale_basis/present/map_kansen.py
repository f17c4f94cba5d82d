"""Group opportunities of one wijk, for its map and its handout: the best few per buurt.

Only what the tables publish (:func:`sociale_basis.present.kansen.safe_kansen`), ranked per
buurt (real places first, a synthetic place below them and marked). On the wijk map a
"G" per place (one layer of real places, one of synthetic ones, each with its legend row);
in the handout a short ranked list per buurt. Every text is escaped
(:func:`sociale_basis.core.html.escape`) before it reaches HTML.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from ..core.gebied import Gebied
from ..core.html import escape as e
from .figures import Kerncijfers
from .kansen import safe_kansen
from .map_layers import KANS_SYMBOOL, Symbool, legend_row_point, point_layer
from .wgs84 import points_wgs84

PER_BUURT = 3
"""How many opportunities per buurt the map and the handout show (the rest: the table)."""
SYNTHETISCH_KANS_SYMBOOL = Symbool("G", "#8a9bb5", "vierkant")
"""A group opportunity at a synthetic place: the same "G", greyed."""
SYNTHETISCHE_PLEK = "synthetische plek (bestaat niet echt)"


def wijk_kansen(
    kansen: pd.DataFrame, gebied: Gebied, wijkcode: str, cijfers: Kerncijfers
) -> pd.DataFrame:
    """The opportunities that may be shown for the buurten of ``wijkcode``, at most
    :data:`PER_BUURT` per buurt (their ``rang``), with ``echt`` as a bool."""
    buurten = gebied.buurten
    inside = set(buurten.index[buurten["wijkcode"].astype(str) == str(wijkcode)])
    if "buurtcode" in kansen.columns:
        # the wijk's rows before the gate, which reads a status per row: the gate is per
        # buurt (so the same rows pass, ranked the same), and passing every row of the
        # gemeente for each wijk map made the maps quadratic in its size
        kansen = kansen[kansen["buurtcode"].astype(str).isin(inside).to_numpy()]
    shown, _ = safe_kansen(kansen, cijfers)
    shown = shown[shown["buurtcode"].astype(str).isin(inside)]
    if "rang" in shown.columns:
        shown = shown[shown["rang"] <= PER_BUURT]
    echt = shown["echt"] if "echt" in shown.columns else pd.Series(True, index=shown.index)
    return shown.assign(echt=echt.map(lambda v: v is True or v == "ja" or v == 1).astype(bool))


def reason_html(row: pd.Series) -> str:
    """The reason of one opportunity as escaped HTML; a synthetic place is said to be one
    (unless the reason says so already)."""
    reden = str(row["reden"])
    marked = row["echt"] or "synthetisch" in reden
    return e(reden) + ("" if marked else f" <i>({e(SYNTHETISCHE_PLEK)})</i>")


def _line(row: pd.Series, buurtnamen: pd.Series) -> str:
    """One opportunity as escaped HTML: the buurt, its rank, the reason."""
    buurt = buurtnamen.get(str(row["buurtcode"]), str(row["buurtcode"]))
    return f"<b>{e(buurt)}</b> nr. {e(row['rang'])}: {reason_html(row)}"


def kans_layers(
    kansen: pd.DataFrame, gebied: Gebied, wijkcode: str, cijfers: Kerncijfers
) -> tuple[list[folium.map.Layer], list[str]]:
    """The "G" layers of a wijk map (real places, then synthetic ones) and legend rows."""
    shown = wijk_kansen(kansen, gebied, wijkcode, cijfers)
    vz = gebied.voorzieningen
    if shown.empty or "voorziening_id" not in shown.columns:
        return [], []
    shown = shown[shown["voorziening_id"].isin(vz.index)]
    buurtnamen = gebied.buurten["buurtnaam"].astype(str)
    layers, legend = [], []
    for echt, symbool, label, laag in (
        (True, KANS_SYMBOOL, "plek voor een groep (kans)", "kans"),
        (False, SYNTHETISCH_KANS_SYMBOOL, f"kans op een {SYNTHETISCHE_PLEK}", "kans-synthetisch"),
    ):
        part = shown[shown["echt"] == echt]
        if part.empty:
            continue
        places = gpd.GeoDataFrame(
            geometry=vz.geometry.reindex(list(dict.fromkeys(part["voorziening_id"]))),
            crs=vz.crs,
        )
        points = []
        for vid, place in points_wgs84(places, "de plekken voor groepen").iterrows():
            rows = part[part["voorziening_id"] == vid].sort_values(["buurtcode", "rang"])
            naam = str(rows["naam"].iloc[0]) if "naam" in rows.columns else ""
            tip = e(f"Kans voor een groep: {naam}" + ("" if echt else f" ({SYNTHETISCHE_PLEK})"))
            items = "".join(f"<li>{_line(r, buurtnamen)}</li>" for _, r in rows.iterrows())
            popup = f"<b>{e(naam)}</b><ul class='sb-signalen-wijk'>{items}</ul>"
            points.append([place["lat"], place["lon"], tip, popup, None])
        name = e(f"Kansen voor groepen{'' if echt else ' (synthetische plekken)'} ({len(points)})")
        layers.append(point_layer(name, points, symbool, cluster=False, laag=laag))
        legend.append(legend_row_point(symbool, e(label), laag=laag))
    if legend:
        legend.insert(0, "<b>Kansen voor groepen</b>")
    return layers, legend


def kansen_html(
    kansen: pd.DataFrame | None, gebied: Gebied, wijkcode: str, cijfers: Kerncijfers
) -> str:
    """The handout's list: per buurt its best opportunities, ranked (escaped HTML)."""
    if kansen is None:
        return "<p>Geen kansen voor groepen berekend.</p>"
    shown = wijk_kansen(kansen, gebied, wijkcode, cijfers)
    if shown.empty:
        return "<p>Geen kansen voor groepen die getoond mogen worden.</p>"
    buurtnamen = gebied.buurten["buurtnaam"].astype(str)
    items = []
    for code, rows in shown.sort_values(["buurtcode", "rang"]).groupby("buurtcode", sort=False):
        ranked = "".join(f"<li>{reason_html(r)}</li>" for _, r in rows.iterrows())
        name = buurtnamen.get(str(code), str(code))
        items.append(f'<li><b>{e(name)}</b><ol class="kansen">{ranked}</ol></li>')
    return f'<ul class="kansen">{"".join(items)}</ul>'

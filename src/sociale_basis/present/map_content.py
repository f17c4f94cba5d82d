"""What the maps show, built from data already in EPSG:4326: classes and colours, the
choropleth's tooltips, point layers of voorzieningen, verenigingen and professionals' bases,
flag markers and isochrone layers. Every text is escaped here with
:func:`sociale_basis.core.html.escape`.
"""

from __future__ import annotations

import warnings
from typing import Any

import folium
import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import shapely

from ..core.crs import require_rd
from ..core.formatting import format_number
from ..core.html import escape
from ..core.taxonomy import CAFE, COMPONENTEN, COMPONENTEN_KORT, OVERIG, ROLLEN, SOORTEN
from ..gaps import SIGNALEN
from ..privacy import Kolom, format_value
from .figures import BRON_LABELS, Kerncijfers
from .map_layers import (
    BASIS_SYMBOOL,
    COMPONENT_SYMBOLEN,
    ERNST_KLEUREN,
    GEEN_GEGEVENS_KLEUR,
    KLASSE_KLEUREN,
    SIGNAAL_SYMBOOL,
    VERENIGING_SYMBOOL,
    area_layer,
    legend_row_area,
    legend_row_point,
    point_layer,
)

CLUSTER_VANAF = 40
"""A point layer with more points than this is clustered."""
TOON_STANDAARD = ("ontmoetingsplek", "zorg")
"""Components of voorzieningen shown when a map opens; the others are one click away."""
DEFAULT_MAAT = "pct_65plus"
KORT: dict[str, str] = COMPONENTEN_KORT
"""Short names of the components for the layer control and the legend."""

e = escape


# --- classes -------------------------------------------------------------------------


def classes(values: pd.Series, kolom: Kolom, k: int = 5) -> tuple[pd.Series, list[str]]:
    """Class colour per area and the legend labels (Fisher-Jenks, at most ``k`` classes).

    Hidden or missing values get :data:`GEEN_GEGEVENS_KLEUR`.
    """
    finite = values[np.isfinite(values.astype(float))].astype(float)
    kleur = pd.Series(GEEN_GEGEVENS_KLEUR, index=values.index, dtype=object)
    labels: list[str] = []
    distinct = np.unique(finite.to_numpy())
    if len(distinct) == 0:
        return kleur, labels
    k = min(k, len(distinct))
    if k == 1:
        bins = np.array([distinct[0]])
        yb = np.zeros(len(finite), dtype=int)
    else:
        with warnings.catch_warnings():
            # without numba mapclassify warns that it uses pure Python: fine for a few
            # hundred areas
            warnings.filterwarnings("ignore", message="Numba not installed")
            fitted = mapclassify.FisherJenks(finite.to_numpy(), k=k)
        bins, yb = np.asarray(fitted.bins), np.asarray(fitted.yb)
    colours = palette(len(bins))
    chosen = dict(zip(finite.index, (colours[i] for i in yb), strict=True))
    kleur = pd.Series(
        [chosen.get(code, GEEN_GEGEVENS_KLEUR) for code in values.index],
        index=values.index,
        dtype=object,
    )
    low = float(finite.min())
    for i, high in enumerate(bins):
        start = low if i == 0 else float(bins[i - 1])
        a, b = format_value(start, kolom), format_value(float(high), kolom)
        labels.append(a if a == b else f"{'' if i == 0 else 'meer dan '}{a} tot en met {b}")
    return kleur, labels


def palette(n: int) -> list[str]:
    if n >= len(KLASSE_KLEUREN):
        return list(KLASSE_KLEUREN)
    picks = np.linspace(0, len(KLASSE_KLEUREN) - 1, n).round().astype(int)
    return [KLASSE_KLEUREN[i] for i in picks]


# --- the pieces of a map ---


def choropleth_frame(
    areas: gpd.GeoDataFrame,
    cijfers: Kerncijfers,
    maat: str,
    wijknamen: pd.Series,
    kleur: pd.Series,
) -> gpd.GeoDataFrame:
    kolom = cijfers.kolom(maat)
    tips = []
    for code in areas.index:
        naam = cijfers.gebieden.at[code, "naam"]
        lines = [f"<b>{e(str(naam))}</b> <small>({e(str(code))})</small>"]
        if cijfers.niveau == "buurt":
            wijk = cijfers.gebieden.at[code, "wijkcode"]
            lines.append(e(wijk_label(str(wijknamen.get(wijk, wijk)))))
        lines.append(f"{e(kolom.label)}: <b>{e(cijfers.tekst(maat, code))}</b>")
        if maat != "inwoners":
            lines.append(f"Inwoners: {e(cijfers.tekst('inwoners', code))}")
        tips.append("<br>".join(lines))
    return areas[["geometry"]].assign(tip=tips, kleur=kleur.reindex(areas.index).to_numpy())


def wijk_label(naam: str) -> str:
    """CBS names wijken "Wijk 23 Tanthof-Oost": no second "wijk" in front of that."""
    return naam if naam.lower().startswith("wijk") else f"wijk {naam}"


def point_text(naam: object, soort_label: str, bron: object, extra: str = "") -> tuple[str, str]:
    has_name = isinstance(naam, str) and naam.strip() != ""
    title = e(str(naam).strip()) if has_name else e(soort_label)
    tip = f"{title} <small>({e(soort_label)})</small>" if has_name else title
    bron_text = BRON_LABELS.get(str(bron), str(bron))
    popup = f"<b>{title}</b><br>{e(soort_label)}{extra}<br><small>bron: {e(bron_text)}</small>"
    return tip, popup


def voorziening_layers(
    vz: gpd.GeoDataFrame, cluster_vanaf: int, met_overig: bool
) -> tuple[list[folium.map.Layer], list[str]]:
    layers, legend = [], []
    component = vz["soort"].map(lambda s: SOORTEN[s].component)
    # cafés after the eight components: a group of their own, not an ontmoetingsplek
    names = [*COMPONENTEN, CAFE, *([OVERIG] if met_overig else [])]
    for key in names:
        label = KORT[key]
        part = vz[(component == key).to_numpy()]
        if part.empty:
            continue
        punten = []
        for row in part.itertuples():
            tip, popup = point_text(row.naam, SOORTEN[row.soort].label, row.bron)
            punten.append([row.lat, row.lon, tip, popup, None])
        symbool = COMPONENT_SYMBOLEN[key]
        title = e(f"Voorzieningen: {label} ({len(part)})")
        layers.append(
            point_layer(
                title,
                punten,
                symbool,
                cluster=len(part) > cluster_vanaf,
                show=key in TOON_STANDAARD,
            )
        )
        legend.append(legend_row_point(symbool, e(label)))
    return layers, legend


def vereniging_layer(
    ver: gpd.GeoDataFrame, cluster_vanaf: int, synthetisch: bool
) -> folium.map.Layer:
    from ..core.taxonomy import VERENIGING_SOORTEN

    punten = []
    for row in ver.itertuples():
        label = VERENIGING_SOORTEN.get(row.soort, str(row.soort))
        tip, popup = point_text(row.naam, label, row.bron)
        punten.append([row.lat, row.lon, tip, popup, None])
    extra = ", synthetisch" if synthetisch else ""
    return point_layer(
        e(f"Verenigingen ({len(ver)}{extra})"),
        punten,
        VERENIGING_SYMBOOL,
        cluster=len(ver) > cluster_vanaf,
        show=False,
    )


def bases(professionals: gpd.GeoDataFrame, voorzieningen: gpd.GeoDataFrame) -> pd.DataFrame:
    """Professionals aggregated per base: one row per location, counts per rol.

    A base is the ``voorziening_id`` where a professional works, else the point itself
    rounded to a metre. Returns columns ``naam`` (of the voorziening, may be missing),
    ``soort``, ``aantal``, one column per rol, and ``geometry`` (RD New). No column says
    anything about one person.
    """
    require_rd(professionals, "de professionals")
    prof = professionals[~(professionals.geometry.isna() | professionals.geometry.is_empty)]
    xy = np.round(shapely.get_coordinates(prof.geometry.values))
    fallback = pd.Series([f"xy:{x:.0f},{y:.0f}" for x, y in xy], index=prof.index)
    vid = prof["voorziening_id"] if "voorziening_id" in prof.columns else None
    key = fallback if vid is None else vid.astype(object).where(vid.notna(), fallback)
    key = key.astype(str)
    counts = pd.crosstab(key, prof["rol"])
    first = prof.groupby(key.to_numpy()).head(1)
    geometry = gpd.GeoSeries(first.geometry.to_numpy(), index=key[first.index].to_numpy())
    out = counts.assign(aantal=counts.sum(axis=1))
    vz = voorzieningen.copy()
    vz.index = vz.index.astype(str)
    out["naam"] = vz["naam"].reindex(out.index).to_numpy() if "naam" in vz.columns else None
    out["soort"] = vz["soort"].reindex(out.index).to_numpy() if "soort" in vz.columns else None
    return gpd.GeoDataFrame(out, geometry=geometry.reindex(out.index).to_numpy(), crs=prof.crs)


def basis_layer(basis: gpd.GeoDataFrame, cluster_vanaf: int) -> folium.map.Layer:
    rollen = [c for c in basis.columns if c in ROLLEN]
    punten = []
    for _, row in basis.iterrows():
        naam = row["naam"]
        soort = SOORTEN[row["soort"]].label if row["soort"] in SOORTEN else "standplaats"
        title = e(str(naam)) if isinstance(naam, str) and naam.strip() else e(soort)
        aantal = int(row["aantal"])
        regels = "".join(
            f"<li>{e(ROLLEN[r].label)}: {int(row[r])}</li>" for r in rollen if int(row[r]) > 0
        )
        tip = f"Standplaats {title}: {aantal} professional{'s' if aantal != 1 else ''}"
        popup = f"<b>Standplaats {title}</b><br>{e(soort)}<ul>{regels}</ul>"
        punten.append([row["lat"], row["lon"], tip, popup, e(str(aantal))])
    return point_layer(
        e(f"Standplaatsen van professionals ({len(basis)})"),
        punten,
        BASIS_SYMBOOL,
        cluster=len(basis) > cluster_vanaf,
        show=True,
    )


def flag_item(row: Any, meaning: dict[str, str]) -> str:
    """One flag as a list item: meaning, ernst, reason, and its numbers."""
    numbers = []
    for what, value in (("waarde", row.waarde), ("drempel", row.drempel)):
        if isinstance(value, int | float | np.integer | np.floating) and np.isfinite(value):
            numbers.append(f"{what} {e(number(float(value)))}")
    ernst = f" ({e(str(row.ernst))})" if present(row.ernst) else ""
    cijfers = f"<br><small>{'; '.join(numbers)}</small>" if numbers else ""
    signaal = meaning.get(str(row.signaal), str(row.signaal))
    return f"<li><b>{e(signaal)}</b>{ernst}: {e(str(row.reden))}{cijfers}</li>"


def signal_names() -> dict[str, str]:
    """Dutch meaning of each ``signaal`` code (from :mod:`sociale_basis.gaps`)."""
    return dict(SIGNALEN)


def present(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and np.isnan(value))
        and str(value) != ""
    )


def number(value: float) -> str:
    """A figure in a popup: whole numbers as they are, others with two decimals."""
    return format_number(value, 0 if float(value).is_integer() else 2)


def flag_layers(
    shown: pd.DataFrame,
    anchor: gpd.GeoDataFrame,
    outline: gpd.GeoDataFrame,
    namen: pd.Series,
    *,
    outlines: bool,
) -> tuple[folium.map.Layer, folium.GeoJson, list[str]]:
    """The "!" markers (one per area in ``anchor``, coloured by its highest ernst, every
    reason in the popup), the outlines of the flagged areas and the legend rows."""
    meaning = signal_names()
    punten = []
    used: set[str] = set()
    for code in anchor.index:
        rows = shown[shown["gebiedcode"].astype(str) == code]
        naam = e(str(namen.get(code, code)))
        items = [flag_item(row, meaning) for row in rows.itertuples()]
        present = set(rows["ernst"].astype(str))
        worst = next((k for k in ERNST_KLEUREN if k in present), None)
        if worst is not None:
            used.add(worst)
        n = len(rows)
        tip = f"{n} signa{'len' if n != 1 else 'al'}: {naam}"
        popup = f"<b>Signalen voor {naam}</b> <small>({e(code)})</small><ul>{''.join(items)}</ul>"
        kleur = ERNST_KLEUREN[worst] if worst is not None else None
        punten.append([anchor.at[code, "lat"], anchor.at[code, "lon"], tip, popup, "!", kleur])
    # above and right of the area's point, so the "!" leaves the name written there free
    layer = point_layer(
        e(f"Signalen ({len(shown)})"), punten, SIGNAAL_SYMBOOL, cluster=False, anker=(-6, 30)
    )
    lines = area_layer(
        e("Signalen: gebieden"),
        outline,
        style={
            "color": SIGNAAL_SYMBOOL.kleur,
            "weight": 2.5,
            "dashArray": "6 4",
            "fill": False,
            "interactive": False,
        },
        tooltip=False,
        show=outlines,
    )
    legend = [
        legend_row_point(SIGNAAL_SYMBOOL, e(f"signaal, ernst {k}"), kleur=kleur)
        for k, kleur in ERNST_KLEUREN.items()
        if k in used
    ] or [legend_row_point(SIGNAAL_SYMBOOL, e("signaal"))]
    legend.append(f"<small>{e('Klik op een ! voor de reden en de cijfers.')}</small>")
    return layer, lines, legend


def isochrone_layer(
    label: str, frame: gpd.GeoDataFrame, kleur: str, *, show: bool
) -> tuple[folium.GeoJson, str]:
    """One isochrone layer (EPSG:4326, not interactive) and its legend row.

    A strong outline and a faint fill: the zone is clear without changing the colours of
    the areas beneath it.
    """
    layer = area_layer(
        e(label),
        frame,
        style={
            "color": kleur,
            "weight": 2.5,
            "dashArray": "8 4",
            "fillColor": kleur,
            "fillOpacity": 0.08,
            "interactive": False,
        },
        tooltip=False,
        show=show,
    )
    return layer, legend_row_area("#ffffff", e(label), rand=kleur)

"""What the maps show, built from data already in EPSG:4326: classes and colours (and why
an area has none), the choropleth's tooltips, point layers of voorzieningen, verenigingen
and professionals' bases, and the bands of reach. Every text is escaped here with
:func:`sociale_basis.core.html.escape`. Signals are in
:mod:`sociale_basis.present.map_signals`.
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
    GEEN_GEGEVENS_KLEUR,
    ISOCHROON_VULLING,
    KLASSE_KLEUREN,
    LEEG,
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
LEGENDA: dict[str, str] = {
    "ontmoetingsplek": "Ontmoetingsplek ("
    + " of ".join(s.label for s in SOORTEN.values() if s.component == "ontmoetingsplek")
    + ")",
    CAFE: "Café of kroeg (geen ontmoetingsplek: met consumptie)",
}
"""Where the legend says more than the short name: what counts as an ontmoetingsplek (the
one definition, which the signals and tables use too: see ``drempels.toml``)."""

e = escape


# --- classes -------------------------------------------------------------------------


def classes(
    values: pd.Series, kolom: Kolom, k: int = 5, leeg: pd.Series | None = None
) -> tuple[pd.Series, list[str]]:
    """Class colour per area and the legend labels (Fisher-Jenks, at most ``k`` classes).

    Hidden or missing values get the grey of their reason in ``leeg`` (a key of
    :data:`~sociale_basis.present.map_layers.LEEG` per area, see :func:`missing_reasons`),
    :data:`GEEN_GEGEVENS_KLEUR` without one.
    """
    finite = values[np.isfinite(values.astype(float))].astype(float)
    grey = pd.Series(GEEN_GEGEVENS_KLEUR, index=values.index, dtype=object)
    if leeg is not None:
        grey = leeg.reindex(values.index).map(lambda r: LEEG[r][0] if r in LEEG else None)
        grey = grey.fillna(GEEN_GEGEVENS_KLEUR).astype(object)
    kleur = grey.copy()
    labels: list[str] = []
    distinct = np.unique(finite.to_numpy())
    if len(distinct) == 0:
        return kleur, labels
    k = min(k, len(distinct))
    if k == 1:
        bins = np.array([distinct[0]])
        yb = np.zeros(len(finite), dtype=int)
    else:
        bins, yb = fit_classes(finite.to_numpy(), k)
    colours = palette(len(bins))
    chosen = dict(zip(finite.index, (colours[i] for i in yb), strict=True))
    kleur = pd.Series(
        [chosen.get(code, grey[code]) for code in values.index],
        index=values.index,
        dtype=object,
    )
    low = float(finite.min())
    for i, high in enumerate(bins):
        start = low if i == 0 else float(bins[i - 1])
        a, b = format_value(start, kolom), format_value(float(high), kolom)
        labels.append(a if a == b else f"{'' if i == 0 else 'meer dan '}{a} tot en met {b}")
    return kleur, labels


_FITTED: dict[tuple[str, bytes, int], tuple[np.ndarray, np.ndarray]] = {}
"""Classes fitted before, by the values and ``k``: every wijk map of a run colours its
buurten with the classes of all buurten of the gemeente, and Fisher-Jenks takes time
quadratic in their number, so it runs once per run instead of once per map."""
_FITTED_MAX = 32


def fit_classes(values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Fisher-Jenks upper bounds and the class of each value, with at most ``k`` classes and
    no class of one single value among many (a legend row "10,8%" looks like a value, not a
    class): with more distinct values than classes, ``k`` goes down until every class holds
    at least two distinct values (two classes at the least)."""
    values = np.asarray(values)
    key = (values.dtype.str, np.ascontiguousarray(values).tobytes(), int(k))
    if key not in _FITTED:
        if len(_FITTED) >= _FITTED_MAX:
            _FITTED.pop(next(iter(_FITTED)))  # the oldest: a run uses a few at a time
        _FITTED[key] = _fit_classes(values, k)
    bins, yb = _FITTED[key]
    return bins.copy(), yb.copy()


def _fit_classes(values: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    many = len(np.unique(values)) > k
    for n in range(k, 1, -1):
        with warnings.catch_warnings():
            # without numba mapclassify warns that it uses pure Python: fine for a few
            # hundred areas
            warnings.filterwarnings("ignore", message="Numba not installed")
            fitted = mapclassify.FisherJenks(values, k=n)
        bins, yb = np.asarray(fitted.bins), np.asarray(fitted.yb)
        distinct = [len(np.unique(values[yb == i])) for i in range(len(bins))]
        if not many or min(distinct) >= 2:
            break
    return bins, yb


CBS_PUBLIEK: dict[str, tuple[str, float]] = {
    "pct_65plus": ("percentage_personen_65_jaar_en_ouder", 1.0),
}
"""Measures that CBS publishes itself per wijk and buurt: the column of the CBS areas and
the factor to the measure's unit. Where our own figure is hidden by a privacy rule, the map
shows CBS's (a published figure is never hidden)."""


def cbs_fallback(
    values: pd.Series, leeg: pd.Series, areas: pd.DataFrame, maat: str
) -> tuple[pd.Series, pd.Series]:
    """``values`` with CBS's own published figure where ours is hidden for privacy
    (``leeg == "privacy"``) and CBS gives one, and a mask of the areas so filled."""
    filled = pd.Series(False, index=values.index)
    if maat not in CBS_PUBLIEK or CBS_PUBLIEK[maat][0] not in areas.columns:
        return values, filled
    column, factor = CBS_PUBLIEK[maat]
    cbs = pd.to_numeric(areas[column].reindex(values.index), errors="coerce") * factor
    use = (leeg.reindex(values.index) == "privacy") & cbs.notna() & values.isna()
    return values.where(~use, cbs), use


def missing_reasons(cijfers: Kerncijfers, maat: str) -> pd.Series:
    """Why each area has no value of ``maat``: ``"geen-inwoners"`` (fewer than 10
    inhabitants, R3), ``"privacy"`` (hidden by R2, R4 or R5: too few persons behind it, or
    hidden so that another hidden figure cannot be worked out), ``"geen-gegevens"`` (no
    figure at all); empty where there is a value."""
    tabel = cijfers.themas[cijfers.thema_van(maat)]
    status = tabel.status[maat].astype(str)
    shown = tabel.waarden[maat].notna() & (status == "")
    reason = pd.Series("geen-gegevens", index=status.index, dtype=object)
    reason[(status == "R3").to_numpy()] = "geen-inwoners"
    reason[status.isin(["R2", "R4", "R5"]).to_numpy()] = "privacy"
    reason[shown.to_numpy()] = ""
    return reason


def palette(n: int) -> list[str]:
    if n >= len(KLASSE_KLEUREN):
        return list(KLASSE_KLEUREN)
    picks = np.linspace(0, len(KLASSE_KLEUREN) - 1, n).round().astype(int)
    return [KLASSE_KLEUREN[i] for i in picks]


# --- the pieces of a map ---


CBS_UITLEG = "cijfer van CBS; ons eigen cijfer is verborgen om privacyredenen"
WAAROM_LEEG: dict[str, str] = {
    "geen-inwoners": "minder dan 10 inwoners: geen cijfers over personen",
    "privacy": "verborgen om privacyredenen",
    "geen-gegevens": "geen gegevens",
}
"""What a tooltip says after a hidden value, by its reason."""


def choropleth_frame(
    areas: gpd.GeoDataFrame,
    cijfers: Kerncijfers,
    maat: str,
    wijknamen: pd.Series,
    kleur: pd.Series,
    leeg: pd.Series | None = None,
    publiek: pd.Series | None = None,
) -> gpd.GeoDataFrame:
    """The areas with their tooltip (name, wijk, the measure and why it is missing),
    colour and kind (``laag``: ``klasse-<i>`` or ``leeg-<reason>``, as in the legend).
    ``publiek`` holds CBS's own figure where ours is hidden (see :func:`cbs_fallback`)."""
    kolom = cijfers.kolom(maat)
    leeg = leeg if leeg is not None else pd.Series("", index=areas.index, dtype=object)
    publiek = publiek if publiek is not None else pd.Series(np.nan, index=areas.index)
    tips = []
    for code in areas.index:
        naam = cijfers.gebieden.at[code, "naam"]
        lines = [f"<b>{e(str(naam))}</b> <small>({e(str(code))})</small>"]
        if cijfers.niveau == "buurt":
            wijk = cijfers.gebieden.at[code, "wijkcode"]
            lines.append(e(wijk_label(str(wijknamen.get(wijk, wijk)))))
        why = WAAROM_LEEG.get(str(leeg.get(code, "")), "")
        extra = f" <small>({e(why)})</small>" if why else ""
        shown = cijfers.tekst(maat, code)
        if pd.notna(publiek.get(code, np.nan)):
            shown = format_value(float(publiek[code]), kolom)
            extra = f" <small>({e(CBS_UITLEG)})</small>"
        lines.append(f"{e(kolom.label)}: <b>{e(shown)}</b>{extra}")
        if maat != "inwoners":
            lines.append(f"Inwoners: {e(cijfers.tekst('inwoners', code))}")
        tips.append("<br>".join(lines))
    colours = kleur.reindex(areas.index)
    index = {c: f"klasse-{i}" for i, c in enumerate(KLASSE_KLEUREN)}
    index.update({grey: f"leeg-{key}" for key, (grey, _) in LEEG.items()})
    laag = [index.get(str(c), "leeg-geen-gegevens") for c in colours]
    return areas[["geometry"]].assign(tip=tips, kleur=colours.to_numpy(), laag=laag)


def wijk_label(naam: str) -> str:
    """CBS names wijken "Wijk 23 Tanthof-Oost": no second "wijk" in front of that."""
    return naam if naam.lower().startswith("wijk") else f"wijk {naam}"


def point_text(naam: object, soort_label: str, bron: object, extra: str = "") -> tuple[str, str]:
    """Tooltip and popup of a place: its name and kind; a place without a name is called
    by its kind once ("café", not "café / café") and said to have no name."""
    has_name = isinstance(naam, str) and naam.strip() != ""
    title = e(str(naam).strip()) if has_name else e(soort_label[0].upper() + soort_label[1:])
    tip = f"{title} <small>({e(soort_label)})</small>" if has_name else title
    soort_line = e(soort_label) if has_name else "<small>naam niet bekend</small>"
    bron_text = BRON_LABELS.get(str(bron), str(bron))
    popup = f"<b>{title}</b><br>{soort_line}{extra}<br><small>bron: {e(bron_text)}</small>"
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
                laag=f"vz-{key}",
            )
        )
        legend.append(legend_row_point(symbool, e(LEGENDA.get(key, label)), laag=f"vz-{key}"))
    return layers, legend


def vereniging_layer(
    ver: gpd.GeoDataFrame, cluster_vanaf: int, herkomst: str = ""
) -> folium.map.Layer:
    """The verenigingen as points; ``herkomst`` is added to the layer's name (e.g.
    ", synthetisch", see :func:`sociale_basis.present.layers.herkomst_label`)."""
    from ..core.taxonomy import VERENIGING_SOORTEN

    punten = []
    for row in ver.itertuples():
        label = VERENIGING_SOORTEN.get(row.soort, str(row.soort))
        tip, popup = point_text(row.naam, label, row.bron)
        punten.append([row.lat, row.lon, tip, popup, None])
    return point_layer(
        e(f"Verenigingen ({len(ver)}{herkomst})"),
        punten,
        VERENIGING_SYMBOOL,
        cluster=len(ver) > cluster_vanaf,
        show=False,
        laag="vereniging",
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
        laag="standplaats",
    )


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


def isochrone_bands(zones: gpd.GeoDataFrame) -> list[tuple[float, float, Any]]:
    """Bands of reach from isochrones (EPSG:28992): per step of minutes, the area reached
    within it and not within the step before (0-5 minutes, 5-10 minutes, ...), so each
    place on the map lies in one band only. ``[(from_min, to_min, geometry), ...]``,
    nearest first; empty bands are left out."""
    bands = []
    inner: Any = None
    start = 0.0
    for minuten in sorted(float(m) for m in zones["minuten"].unique()):
        reached = shapely.union_all(zones.geometry[zones["minuten"] == minuten].to_numpy())
        if inner is not None:
            reached = shapely.union_all([reached, inner])  # a larger step holds the smaller
        band = reached if inner is None else shapely.difference(reached, inner)
        if not band.is_empty:
            bands.append((start, minuten, band))
        inner, start = reached, minuten
    return bands


def isochrone_layer(
    label: str, frame: gpd.GeoDataFrame, kleur: str, *, show: bool, laag: str
) -> tuple[folium.GeoJson, str]:
    """One band of reach (EPSG:4326, not interactive) and its legend row: filled, with a
    thin outline in the same colour, drawn and explained alike."""
    layer = area_layer(
        e(label),
        frame.assign(laag=laag),
        style={
            "color": kleur,
            "weight": 1,
            "fillColor": kleur,
            "fillOpacity": ISOCHROON_VULLING,
            "interactive": False,
        },
        tooltip=False,
        show=show,
    )
    row = legend_row_area(kleur, e(label), rand=kleur, vulling=ISOCHROON_VULLING, laag=laag)
    return layer, row

"""The layers of a map, as a list of small builders (:data:`KAARTLAGEN`).

Each builder takes the :class:`Kaart` (what the map is about: gemeente, level, measure,
protected figures, focus wijk, flags, isochrones) and returns a :class:`Kaartlaag`: the
folium layers to add, in order, and the rows they add to the legend. The map functions in
:mod:`sociale_basis.present.maps` add them in the order of the list, so the list is also
the drawing order (later layers lie on top). A new layer is one function here plus its
entry in :data:`KAARTLAGEN` (and a test in ``tests/present/test_maps.py``).

Every text goes through :func:`sociale_basis.core.html.escape`; geometry reaches folium
only through :mod:`sociale_basis.present.wgs84`. No builder ever sees an inwoner: there is
no inwoner layer, not even a hidden one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from ..core.crs import require_rd
from ..core.gebied import Gebied
from ..core.html import escape
from ..core.taxonomy import SOORTEN
from ..privacy import Kolom
from .figures import Kerncijfers
from .map_content import (
    bases,
    basis_layer,
    choropleth_frame,
    classes,
    flag_layers,
    isochrone_layer,
    number,
    palette,
    vereniging_layer,
    voorziening_layers,
    wijk_label,
)
from .map_layers import (
    BASIS_SYMBOOL,
    GEEN_GEGEVENS_KLEUR,
    GEEN_GEGEVENS_LABEL,
    ISOCHROON_KLEUREN,
    VERENIGING_SYMBOOL,
    area_layer,
    label_layer,
    legend_row_area,
    legend_row_point,
)
from .signals import safe_signalen
from .wgs84 import areas_wgs84, points_wgs84

e = escape


@dataclass(frozen=True)
class Kaart:
    """What one map is about; every layer builder gets it. Data in EPSG:28992.

    ``focus`` is the wijkcode of a wijk map (None for a map of the whole gemeente);
    ``region`` the wijk with its margin, the area whose points a wijk map shows.
    """

    gebied: Gebied
    niveau: str
    maat: str
    cijfers: Kerncijfers
    focus: str | None = None
    region: Any = None
    signalen: pd.DataFrame | None = None
    isochronen: gpd.GeoDataFrame | None = None
    offline: bool = False
    cluster_vanaf: int = 40
    met_overig: bool = False

    @property
    def kolom(self) -> Kolom:
        """How the measure that colours the areas is defined and protected."""
        return self.cijfers.kolom(self.maat)

    @cached_property
    def wijknamen(self) -> pd.Series:
        return self.gebied.wijken["wijknaam"].astype(str)

    @cached_property
    def namen(self) -> pd.Series:
        """Name of every wijk and buurt, by code."""
        return pd.concat([self.wijknamen, self.gebied.buurten["buurtnaam"].astype(str)])

    @cached_property
    def areas(self) -> gpd.GeoDataFrame:
        """The coloured areas: all wijken or buurten, or the buurten of the focus wijk."""
        all_areas = self.gebied.wijken if self.niveau == "wijk" else self.gebied.buurten
        if self.focus is None:
            return all_areas
        return all_areas[all_areas["wijkcode"].astype(str) == self.focus]

    def within(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """The rows of ``frame`` that a wijk map shows (all on a gemeente map)."""
        if self.region is None:
            return frame
        return frame[frame.intersects(self.region)]


@dataclass
class Kaartlaag:
    """What a builder adds: folium layers (in drawing order) and legend rows (escaped HTML)."""

    lagen: list[Any] = field(default_factory=list)
    legenda: list[str] = field(default_factory=list)


def _context(k: Kaart) -> gpd.GeoDataFrame:
    """The wijken around: all of them (gemeente map) or the other ones (wijk map)."""
    wijken = k.gebied.wijken if k.focus is None else k.gebied.wijken.drop(index=k.focus)
    ctx = areas_wgs84(wijken, "de wijken")
    return ctx.assign(tip=[e(wijk_label(str(k.wijknamen[c]))) for c in ctx.index])


def wijkgrenzen(k: Kaart) -> Kaartlaag:
    """The gemeente as background (offline it replaces the tiles), or the other wijken
    around a wijk map, with their names as tooltips."""
    focus = k.focus is not None
    layer = area_layer(
        e("Wijkgrenzen"),
        _context(k),
        style={
            "color": "#444",
            "weight": 1.5 if focus else 2,
            "fill": focus,
            "fillColor": "#ffffff",
            "fillOpacity": 0.5,
            "interactive": focus,
        },
        tooltip=focus,
        control=False,
    )
    return Kaartlaag([layer])


def gebieden(k: Kaart) -> Kaartlaag:
    """The areas coloured by the protected measure, with its classes in the legend."""
    kleur, labels = classes(k.cijfers.waarden(k.maat), k.kolom)
    frame = choropleth_frame(
        areas_wgs84(k.areas, f"de {k.niveau}en"), k.cijfers, k.maat, k.wijknamen, kleur
    )
    plural = "wijken" if k.niveau == "wijk" else "buurten"
    layer = area_layer(
        e(f"{plural.capitalize()}: {k.kolom.label}"),
        frame,
        style={"color": "#333", "weight": 1, "fillOpacity": 0.75 if k.offline else 0.65},
    )
    legend = [f"<b>{e(k.kolom.label)}</b>"]
    legend += [
        legend_row_area(c, e(label)) for c, label in zip(palette(len(labels)), labels, strict=True)
    ]
    legend.append(legend_row_area(GEEN_GEGEVENS_KLEUR, e(GEEN_GEGEVENS_LABEL)))
    return Kaartlaag([layer], legend)


def grens_van_de_wijk(k: Kaart) -> Kaartlaag:
    """A wijk map: a strong outline around the wijk."""
    if k.focus is None:
        return Kaartlaag()
    outline = areas_wgs84(k.gebied.wijken.loc[[k.focus]], "de wijk")[["geometry"]]
    layer = area_layer(
        e("Grens van de wijk"),
        outline,
        style={"color": "#000", "weight": 4, "fill": False, "interactive": False},
        tooltip=False,
        control=False,
    )
    return Kaartlaag([layer])


def buurtnamen(k: Kaart) -> Kaartlaag:
    """A wijk map: the names of its buurten written on the map."""
    if k.focus is None:
        return Kaartlaag()
    spots = points_wgs84(
        gpd.GeoDataFrame(
            geometry=k.areas.geometry.representative_point().to_numpy(),
            index=k.areas.index,
            crs=k.areas.crs,
        ),
        "de buurten",
    )
    labels = [[r.lat, r.lon, e(str(k.namen.get(c, c)))] for c, r in spots.iterrows()]
    return Kaartlaag([label_layer(e("Buurtnamen"), labels)])


def wijklijnen(k: Kaart) -> Kaartlaag:
    """A gemeente map per buurt: the wijk borders as lines over the buurten."""
    if k.focus is not None or k.niveau != "buurt":
        return Kaartlaag()
    layer = area_layer(
        e("Wijkgrenzen (lijnen)"),
        _context(k)[["geometry"]],
        style={"color": "#222", "weight": 2.5, "fill": False, "interactive": False},
        tooltip=False,
        control=False,
    )
    return Kaartlaag([layer])


def isochronen(k: Kaart) -> Kaartlaag:
    """One layer per number of minutes: the zones of all places merged; named after the
    kind of voorziening when they are all of one kind."""
    if k.isochronen is None or not len(k.isochronen):
        return Kaartlaag()
    zones = k.isochronen
    require_rd(zones, "de isochronen")
    if "minuten" not in zones.columns:
        raise ValueError("de isochronen missen de kolom 'minuten' (zie streets.isochrones)")
    zones = k.within(zones)
    if not len(zones):
        return Kaartlaag()
    modus = str(zones["modus"].iloc[0]) if "modus" in zones.columns else ""
    steps = sorted(zones["minuten"].unique(), reverse=True)
    part = Kaartlaag(legenda=["<b>Bereik</b>"])
    for i, minuten in enumerate(steps):
        these = zones[zones["minuten"] == minuten]
        merged = gpd.GeoDataFrame(
            geometry=[shapely.union_all(these.geometry.values)], crs=zones.crs
        )
        kleur = ISOCHROON_KLEUREN[min(len(steps) - 1 - i, len(ISOCHROON_KLEUREN) - 1)]
        soorten = set(k.gebied.voorzieningen["soort"].reindex(these.index).dropna())
        one = next(iter(soorten)) if len(soorten) == 1 else None
        wat = (
            f"een {SOORTEN[one].label} ({len(these)})"
            if one in SOORTEN
            else f"{len(these)} plekken"
        )
        label = " ".join(f"Binnen {number(float(minuten))} min {modus} van {wat}".split())
        layer, row = isochrone_layer(
            label, areas_wgs84(merged, "isochronen"), kleur, show=k.focus is not None
        )
        part.lagen.append(layer)
        part.legenda.append(row)
    return part


def voorzieningen(k: Kaart) -> Kaartlaag:
    """Voorzieningen, one layer per component of social infrastructure."""
    vz = points_wgs84(k.within(k.gebied.voorzieningen), "de voorzieningen")
    layers, legend = voorziening_layers(vz, k.cluster_vanaf, k.met_overig)
    return Kaartlaag(layers, ["<b>Voorzieningen</b>", *legend])


def verenigingen(k: Kaart) -> Kaartlaag:
    """Verenigingen (said to be synthetic when they all are)."""
    ver = points_wgs84(k.within(k.gebied.verenigingen), "de verenigingen")
    if not len(ver):
        return Kaartlaag()
    synthetisch = bool((k.gebied.verenigingen["bron"] == "synthetisch").all())
    layer = vereniging_layer(ver, k.cluster_vanaf, synthetisch)
    return Kaartlaag([layer], [legend_row_point(VERENIGING_SYMBOOL, e("vereniging"))])


def standplaatsen(k: Kaart) -> Kaartlaag:
    """Where professionals work, counted per location and rol: never one person."""
    if not len(k.gebied.professionals):
        return Kaartlaag()
    basis = bases(k.gebied.professionals, k.gebied.voorzieningen)
    basis = points_wgs84(k.within(basis), "de standplaatsen")
    if not len(basis):
        return Kaartlaag()
    row = legend_row_point(BASIS_SYMBOOL, e("standplaats van professionals (aantal)"))
    return Kaartlaag([basis_layer(basis, k.cluster_vanaf)], [row])


def _flags_of_the_map(k: Kaart) -> pd.DataFrame:
    """The flags a map shows: those of its level (a wijk map: its buurten and the wijk)."""
    assert k.signalen is not None
    signalen = k.signalen
    if "gebiedcode" not in signalen.columns:
        raise ValueError("de signalen missen de kolom 'gebiedcode'")
    codes = signalen["gebiedcode"].astype(str)
    if k.focus is not None:
        buurten = k.gebied.buurten
        inside = set(buurten.index[buurten["wijkcode"].astype(str) == k.focus])
        return signalen[codes.isin(inside | {k.focus}).to_numpy()]
    if "niveau" in signalen.columns:
        return signalen[(signalen["niveau"].astype(str) == k.niveau).to_numpy()]
    return signalen


def signalen(k: Kaart) -> Kaartlaag:
    """A "!" per area with flags (the reasons in its popup) and the areas outlined; only
    flags that may be shown (:func:`sociale_basis.present.signals.safe_signalen`, also none
    about a figure that the map's figures hide). Rows without ernst are information ("too
    few inhabitants for a statement"), not flags: they stay in the tables."""
    if k.signalen is None:
        return Kaartlaag()
    flags = _flags_of_the_map(k)
    if not len(flags):
        return Kaartlaag()
    shown, _ = safe_signalen(flags, k.gebied, cijfers=k.cijfers)
    shown = shown[shown["niveau"].astype(str) != "gemeente"]
    if shown["ernst"].notna().any():
        shown = shown[shown["ernst"].notna()]
    if shown.empty:
        return Kaartlaag()
    all_areas = pd.concat([k.gebied.wijken.geometry, k.gebied.buurten.geometry])
    codes = list(dict.fromkeys(shown["gebiedcode"].astype(str)))
    frame = gpd.GeoDataFrame(
        geometry=all_areas.reindex(codes).to_numpy(), index=codes, crs=k.gebied.buurten.crs
    )
    anchor = gpd.GeoDataFrame(
        geometry=frame.geometry.representative_point().to_numpy(), index=codes, crs=frame.crs
    )
    markers, lines, legend = flag_layers(
        shown,
        points_wgs84(anchor, "de signaalgebieden"),
        areas_wgs84(frame, "de signaalgebieden"),
        k.namen,
        outlines=k.focus is not None,
    )
    return Kaartlaag([lines, markers], ["<b>Signalen</b>", *legend])


KAARTLAGEN: list[Callable[[Kaart], Kaartlaag]] = [
    wijkgrenzen,
    gebieden,
    grens_van_de_wijk,
    buurtnamen,
    wijklijnen,
    isochronen,
    voorzieningen,
    verenigingen,
    standplaatsen,
    signalen,
]
"""The layers of every map, in drawing order (later ones on top); the legend follows the
same order. Add a builder here to add a layer to every map."""

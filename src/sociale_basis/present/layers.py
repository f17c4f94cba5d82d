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
import numpy as np
import pandas as pd

from ..core.crs import require_rd
from ..core.gebied import Gebied
from ..core.html import escape
from ..core.taxonomy import SOORTEN
from ..gaps import MAX_BERICHTEN
from ..privacy import Kolom
from .basemap import (
    LIJNSOORTEN,
    WATER_KLEUR,
    Basiskaart,
    area_names,
    basiskaart,
    map_box,
    street_kinds,
    street_names,
)
from .figures import Kerncijfers
from .map_content import (
    bases,
    basis_layer,
    cbs_fallback,
    choropleth_frame,
    classes,
    isochrone_bands,
    isochrone_layer,
    missing_reasons,
    number,
    palette,
    vereniging_layer,
    voorziening_layers,
    wijk_label,
)
from .map_kansen import kans_layers
from .map_layers import (
    BASIS_SYMBOOL,
    ISOCHROON_KLEUREN,
    KLASSE_KLEUREN,
    LEEG,
    VERENIGING_SYMBOOL,
    area_layer,
    legend_row_area,
    legend_row_line,
    legend_row_point,
)
from .map_script import lines_layer, names_layer
from .map_signals import signal_layers, wijk_box
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
    kansen: pd.DataFrame | None = None
    offline: bool = False
    cluster_vanaf: int = 40
    met_overig: bool = False
    basis: Basiskaart | None = None

    @cached_property
    def basiskaart(self) -> Basiskaart:
        """The light basemap (streets, street names, water): the one given, made once per
        run, or made here."""
        return self.basis if self.basis is not None else basiskaart(self.gebied)

    @cached_property
    def box(self) -> Any:
        """The box (EPSG:28992) in which this map draws its basemap."""
        shown = self.gebied.wijken.loc[[self.focus]] if self.focus is not None else self.areas
        return map_box(shown, self.focus is not None)

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
        # the spatial index finds the few rows near the wijk; testing every row of the
        # gemeente for each wijk map made the maps quadratic in its size
        found = np.sort(frame.sindex.query(self.region, predicate="intersects"))
        return frame.iloc[found]


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


def water(k: Kaart) -> Kaartlaag:
    """The basemap's water (CBS areas that are water), under everything else."""
    wet = k.basiskaart.water
    if wet.empty:
        return Kaartlaag()
    clipped = wet.clip(k.box)
    clipped = clipped[~clipped.is_empty]
    if clipped.empty:
        return Kaartlaag()
    frame = areas_wgs84(clipped, "het water").assign(laag="water")
    layer = area_layer(
        e("Water"),
        frame,
        style={
            "color": WATER_KLEUR,
            "weight": 0,
            "fillColor": WATER_KLEUR,
            "fillOpacity": 0.9,
            "interactive": False,
        },
        tooltip=False,
        control=False,
    )
    return Kaartlaag(
        [layer], [legend_row_area(WATER_KLEUR, e("water"), rand=WATER_KLEUR, laag="water")]
    )


def gebieden(k: Kaart) -> Kaartlaag:
    """The areas coloured by the protected measure, with its classes in the legend, and
    for an area without a colour the reason (no inhabitants, a privacy rule, no data)."""
    leeg = missing_reasons(k.cijfers, k.maat).reindex(k.areas.index).fillna("geen-gegevens")
    all_areas = k.gebied.wijken if k.niveau == "wijk" else k.gebied.buurten
    waarden, van_cbs = cbs_fallback(k.cijfers.waarden(k.maat), leeg, all_areas, k.maat)
    kleur, labels = classes(waarden, k.kolom, leeg=leeg)
    frame = choropleth_frame(
        areas_wgs84(k.areas, f"de {k.niveau}en"),
        k.cijfers,
        k.maat,
        k.wijknamen,
        kleur,
        leeg.where(~van_cbs.reindex(leeg.index, fill_value=False), ""),
        waarden.where(van_cbs),
    )
    plural = "wijken" if k.niveau == "wijk" else "buurten"
    layer = area_layer(
        e(f"{plural.capitalize()}: {k.kolom.label}"),
        frame,
        style={"color": "#333", "weight": 1, "fillOpacity": 0.75 if k.offline else 0.65},
    )
    legend = [f"<b>{e(k.kolom.label)}</b>"]
    for c, label in zip(palette(len(labels)), labels, strict=True):
        legend.append(legend_row_area(c, e(label), laag=f"klasse-{KLASSE_KLEUREN.index(c)}"))
    for reden in dict.fromkeys(frame["laag"]):
        key = str(reden).removeprefix("leeg-")
        if str(reden).startswith("leeg-") and key in LEEG:
            grey, label = LEEG[key]
            legend.append(legend_row_area(grey, e(label), laag=str(reden)))
    return Kaartlaag([layer], legend)


def straten(k: Kaart) -> Kaartlaag:
    """The basemap's streets over the coloured areas: main roads strong, streets lighter,
    paths (only on a wijk map) faint; simplified for the scale."""
    soorten = street_kinds(k.basiskaart, k.box, overzicht=k.focus is None)
    if not soorten:
        return Kaartlaag()
    legend = [
        legend_row_line(look.kleur, look.dikte, e(look.label), laag=look.soort)
        for look in LIJNSOORTEN.values()
        if any(s[0] == look.soort for s in soorten)
    ]
    return Kaartlaag([lines_layer(e("Straten"), soorten)], legend)


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


def namen(k: Kaart) -> Kaartlaag:
    """Names on the map, so a resident finds their way: on an overview the wijken (and,
    zoomed in, the buurten); on a wijk map its buurten, the wijken around it and, zoomed
    in, the street names."""
    buurten = k.gebied.buurten
    if k.focus is None:
        labels = area_names(k.gebied.wijken, k.namen, "wijk", "de wijken")
        if k.niveau == "buurt":
            labels += area_names(buurten, k.namen, "buurt-klein", "de buurten")
    else:
        labels = area_names(k.areas, k.namen, "buurt", "de buurten")
        others = k.gebied.wijken.drop(index=k.focus)
        others = others[others.intersects(k.box)]
        labels += area_names(others, k.namen, "wijk-buiten", "de wijken")
        labels += street_names(k.basiskaart, k.box)
    return Kaartlaag([names_layer(e("Namen"), labels)])


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
    """Bands of reach (0-5 min, 5-10 min, ...): filled, darker nearer, each place in one
    band only, the legend boxes filled as drawn; named after the kind of voorziening when
    the zones are all of one kind."""
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
    places = zones.index.unique()
    soorten = set(k.gebied.voorzieningen["soort"].reindex(places).dropna())
    one = next(iter(soorten)) if len(soorten) == 1 else None
    wat = (
        f"een {SOORTEN[one].label} ({len(places)})" if one in SOORTEN else f"{len(places)} plekken"
    )
    part = Kaartlaag(
        legenda=[f"<b>{e(' '.join(f'Bereik ({modus})'.split()).replace(' ()', ''))}</b>"]
    )
    for i, (van, tot, band) in enumerate(isochrone_bands(zones)):
        kleur = ISOCHROON_KLEUREN[min(i, len(ISOCHROON_KLEUREN) - 1)]
        stap = f"Binnen {number(tot)} min" if van == 0 else f"{number(van)} tot {number(tot)} min"
        label = " ".join(f"{stap} {modus} van {wat}".split())
        frame = gpd.GeoDataFrame(geometry=[band], crs=zones.crs)
        layer, row = isochrone_layer(
            label,
            areas_wgs84(frame, "isochronen"),
            kleur,
            show=k.focus is not None,
            laag=f"bereik-{i}",
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
    """Verenigingen (said to be synthetic, or from the user's own file, per part)."""
    ver = points_wgs84(k.within(k.gebied.verenigingen), "de verenigingen")
    if not len(ver):
        return Kaartlaag()
    layer = vereniging_layer(ver, k.cluster_vanaf, herkomst_label(k.gebied, "verenigingen"))
    return Kaartlaag(
        [layer], [legend_row_point(VERENIGING_SYMBOOL, e("vereniging"), laag="vereniging")]
    )


def standplaatsen(k: Kaart) -> Kaartlaag:
    """Where professionals work, counted per location and rol: never one person."""
    if not len(k.gebied.professionals):
        return Kaartlaag()
    basis = bases(k.gebied.professionals, k.gebied.voorzieningen)
    basis = points_wgs84(k.within(basis), "de standplaatsen")
    if not len(basis):
        return Kaartlaag()
    herkomst = herkomst_label(k.gebied, "professionals")
    tekst = f"standplaats van professionals (aantal{herkomst})"
    row = legend_row_point(BASIS_SYMBOOL, e(tekst), laag="standplaats")
    return Kaartlaag([basis_layer(basis, k.cluster_vanaf)], [row])


def herkomst_label(gebied: Gebied, deel: str) -> str:
    """What a legend label adds about where a part comes from: ", synthetisch" when every
    row is synthetic, ", deels synthetisch" when some are, ", eigen bestand" for a part from
    the user's own file (``gebied.eigen_delen``), else nothing."""
    frame = getattr(gebied, deel)
    synthetic = np.asarray(frame["bron"] == "synthetisch") if "bron" in frame.columns else None
    if synthetic is not None and len(synthetic) and synthetic.all():
        return ", synthetisch"
    if synthetic is not None and synthetic.any():
        return ", deels synthetisch"
    return ", eigen bestand" if deel in getattr(gebied, "eigen_delen", ()) else ""


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
    """The signals of the map's areas, few and plain (:mod:`sociale_basis.present.map_signals`):
    a wijk map puts the :data:`~sociale_basis.gaps.MAX_BERICHTEN` strongest messages of each
    buurt on the map and those about the whole wijk in the legend; an overview one marker per
    area. Only signals that may be shown (:func:`sociale_basis.present.signals.safe_signalen`,
    also none about a figure that the map's figures hide). Rows without ernst are information
    ("too few inhabitants for a statement"), not signals: they stay in the tables."""
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
    legend = ["<b>Signalen</b>"]
    if k.focus is not None:
        box = wijk_box(shown, k.focus, str(k.namen.get(k.focus, k.focus)))
        legend += [box] if box else []
        shown = shown[shown["gebiedcode"].astype(str) != k.focus]
    all_areas = pd.concat([k.gebied.wijken.geometry, k.gebied.buurten.geometry])
    codes = list(dict.fromkeys(shown["gebiedcode"].astype(str)))
    anchor = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(all_areas.reindex(codes).to_numpy(), crs=k.gebied.buurten.crs)
        .representative_point()
        .to_numpy(),
        index=codes,
        crs=k.gebied.buurten.crs,
    )
    markers, rows = signal_layers(
        shown,
        points_wgs84(anchor, "de signaalgebieden"),
        k.namen,
        per_gebied=MAX_BERICHTEN if k.focus is not None else 1,
    )
    if len(legend) == 1 and not markers:
        return Kaartlaag()
    return Kaartlaag(markers, legend + rows)


def kansen(k: Kaart) -> Kaartlaag:
    """A wijk map's group opportunities: per buurt the best few, at their place, real
    places and synthetic ones apart (:mod:`sociale_basis.present.map_kansen`)."""
    if k.kansen is None or k.focus is None:
        return Kaartlaag()
    return Kaartlaag(*kans_layers(k.kansen, k.gebied, k.focus, k.cijfers))


KAARTLAGEN: list[Callable[[Kaart], Kaartlaag]] = [
    wijkgrenzen,
    water,
    gebieden,
    straten,
    grens_van_de_wijk,
    wijklijnen,
    isochronen,
    namen,
    voorzieningen,
    verenigingen,
    standplaatsen,
    kansen,
    signalen,
]
"""The layers of every map, in drawing order (later ones on top); the legend follows the
same order. Add a builder here to add a layer to every map."""

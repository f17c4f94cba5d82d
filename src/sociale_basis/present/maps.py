"""Folium maps for wijkgesprekken, safe by construction; the only module that converts to
EPSG:4326.

:func:`overview_map` shows a whole gemeente, :func:`wijk_map` one wijk for one wijkgesprek.
What they show and what they never show (DESIGN §5):

- areas coloured by one protected measure from :func:`sociale_basis.present.tables.kerncijfers`
  (classes by Fisher-Jenks via mapclassify; hidden values in grey, "geen gegevens / te
  weinig inwoners");
- voorzieningen per component of social infrastructure, verenigingen, professionals'
  bases aggregated per location (counts per rol, never a person), isochrones, flags;
- never an inwoner: no inwoner layer exists, not even hidden;
- every text escaped with :func:`sociale_basis.core.html.escape` before it reaches the page;
- areas simplified (5 m, topology preserved), coordinates rounded to 5 decimals (~1 m);
- ``offline=True``: Leaflet and MarkerCluster inlined (:mod:`sociale_basis.present.offline`),
  no tiles, no request at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.crs import WGS84, require_rd
from ..core.gebied import Gebied
from ..core.html import escape
from ..core.taxonomy import SOORTEN
from .map_content import (
    CLUSTER_VANAF,
    DEFAULT_MAAT,
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
    add_page_parts,
    area_layer,
    label_layer,
    legend_row_area,
    legend_row_point,
)
from .offline import SafeFigure
from .tables import Kerncijfers, kerncijfers, safe_signalen

SIMPLIFY_M = 5.0
"""Tolerance of the simplification of areas, in metres: invisible at wijk scale."""
DECIMALEN = 5
"""Decimals of lon/lat: 1e-5 degree is about 1 m in the Netherlands."""
e = escape


# --- geometry: the only conversion to EPSG:4326 ---------------------------------------


def _round(geometry: np.ndarray) -> np.ndarray:
    return shapely.transform(geometry, lambda xy: np.round(xy, DECIMALEN))


def _areas_wgs84(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Areas simplified by :data:`SIMPLIFY_M` (shared borders stay shared where the areas
    form a valid coverage), in EPSG:4326 with rounded coordinates."""
    require_rd(frame, what)
    geoms = frame.geometry
    if len(frame) and shapely.coverage_is_valid(geoms.values):
        simple = geoms.simplify_coverage(SIMPLIFY_M)
    else:
        simple = geoms.simplify(SIMPLIFY_M, preserve_topology=True)
    out = frame.set_geometry(simple).to_crs(WGS84)
    return out.set_geometry(_round(out.geometry.values), crs=WGS84)


def _points_wgs84(frame: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    """Points with a location, in EPSG:4326, with ``lat``/``lon`` rounded."""
    require_rd(frame, what)
    frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty).to_numpy()]
    out = frame.to_crs(WGS84)
    xy = shapely.get_coordinates(out.geometry.values)
    out = out.assign(lon=np.round(xy[:, 0], DECIMALEN), lat=np.round(xy[:, 1], DECIMALEN))
    return out


def _bounds(frame: gpd.GeoDataFrame) -> list[list[float]]:
    xmin, ymin, xmax, ymax = frame.total_bounds
    return [[float(ymin), float(xmin)], [float(ymax), float(xmax)]]


# --- the pieces of a map -------------------------------------------------------------


def _flag_parts(
    signalen: pd.DataFrame,
    gebied: Gebied,
    namen: pd.Series,
    *,
    outlines: bool,
    cijfers: Kerncijfers | None = None,
) -> tuple[folium.map.Layer | None, folium.GeoJson | None, list[str]]:
    """Markers, outlines and legend rows of the flags that may be shown (see
    :func:`sociale_basis.present.tables.safe_signalen`: also none about a figure that the
    map's ``cijfers`` hide)."""
    shown, _ = safe_signalen(signalen, gebied, cijfers=cijfers)
    # only flags about a wijk or buurt; rows without ernst are information ("too few
    # inhabitants for a statement"), not flags: they stay in the tables
    shown = shown[shown["niveau"].astype(str) != "gemeente"]
    if shown["ernst"].notna().any():
        shown = shown[shown["ernst"].notna()]
    if shown.empty:
        return None, None, []
    areas = pd.concat([gebied.wijken.geometry, gebied.buurten.geometry])
    codes = list(dict.fromkeys(shown["gebiedcode"].astype(str)))
    frame = gpd.GeoDataFrame(
        geometry=areas.reindex(codes).to_numpy(), index=codes, crs=gebied.buurten.crs
    )
    anchor = gpd.GeoDataFrame(
        geometry=frame.geometry.representative_point().to_numpy(), index=codes, crs=frame.crs
    )
    return flag_layers(
        shown,
        _points_wgs84(anchor, "de signaalgebieden"),
        _areas_wgs84(frame, "de signaalgebieden"),
        namen,
        outlines=outlines,
    )


def _isochrone_layers(
    isochronen: gpd.GeoDataFrame, voorzieningen: gpd.GeoDataFrame, *, show: bool
) -> tuple[list[folium.GeoJson], list[str]]:
    """One layer per number of minutes: the zones of all places merged; named after the
    kind of voorziening when they are all of one kind."""
    require_rd(isochronen, "de isochronen")
    if "minuten" not in isochronen.columns:
        raise ValueError("de isochronen missen de kolom 'minuten' (zie access.isochrones)")
    layers, legend = [], []
    modus = (
        str(isochronen["modus"].iloc[0])
        if "modus" in isochronen.columns and len(isochronen)
        else ""
    )
    steps = sorted(isochronen["minuten"].unique(), reverse=True)
    for i, minuten in enumerate(steps):
        part = isochronen[isochronen["minuten"] == minuten]
        merged = shapely.union_all(part.geometry.values)
        frame = _areas_wgs84(gpd.GeoDataFrame(geometry=[merged], crs=isochronen.crs), "isochronen")
        kleur = ISOCHROON_KLEUREN[min(len(steps) - 1 - i, len(ISOCHROON_KLEUREN) - 1)]
        soorten = set(voorzieningen["soort"].reindex(part.index).dropna())
        wat = (
            f"een {SOORTEN[next(iter(soorten))].label} ({len(part)})"
            if len(soorten) == 1 and next(iter(soorten)) in SOORTEN
            else f"{len(part)} plekken"
        )
        label = " ".join(f"Binnen {number(float(minuten))} min {modus} van {wat}".split())
        layer, row = isochrone_layer(label, frame, kleur, show=show)
        layers.append(layer)
        legend.append(row)
    return layers, legend


def _flags_for(
    signalen: pd.DataFrame, gebied: Gebied, niveau: str, focus: str | None
) -> pd.DataFrame:
    """The flags a map shows: those of its level (a wijk map: its buurten and the wijk)."""
    if "gebiedcode" not in signalen.columns:
        raise ValueError("de signalen missen de kolom 'gebiedcode'")
    codes = signalen["gebiedcode"].astype(str)
    if focus is not None:
        inside = set(gebied.buurten.index[gebied.buurten["wijkcode"].astype(str) == focus])
        return signalen[codes.isin(inside | {focus}).to_numpy()]
    if "niveau" in signalen.columns:
        return signalen[(signalen["niveau"].astype(str) == niveau).to_numpy()]
    return signalen


# --- the maps ------------------------------------------------------------------------


def _wijk_title(naam: str) -> str:
    """CBS names wijken "Wijk 23 Tanthof-Oost": no second "Wijk" in front of that."""
    return wijk_label(naam)[0].upper() + wijk_label(naam)[1:]


def _check_cijfers(cijfers: Kerncijfers | None, gebied: Gebied, niveau: str) -> Kerncijfers:
    if cijfers is None:
        return kerncijfers(gebied, niveau)  # type: ignore[arg-type]
    if not isinstance(cijfers, Kerncijfers):
        raise TypeError(
            "cijfers moet een Kerncijfers zijn uit sociale_basis.present.tables.kerncijfers(...): "
            "alleen die zijn afgeschermd volgens de privacyregels"
        )
    if cijfers.niveau != niveau:
        raise ValueError(
            f"de cijfers zijn per {cijfers.niveau}, de kaart per {niveau}; "
            f"geef kerncijfers(gebied, '{niveau}', ...)"
        )
    return cijfers


def _new_map(titel: str, bounds: list[list[float]], offline: bool) -> folium.Map:
    figure = SafeFigure(offline=offline, titel=e(titel))
    m = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=13,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
    )
    # MarkerCluster needs the map's maxZoom, which otherwise only a tile layer gives
    m.options.update(maxZoom=19, minZoom=10)
    figure.add_child(m)
    if not offline:
        folium.TileLayer("OpenStreetMap", name="Achtergrond: OpenStreetMap", control=False).add_to(
            m
        )
    m.fit_bounds(bounds, padding=(10, 10))
    return m


def _build(
    gebied: Gebied,
    *,
    niveau: str,
    maat: str,
    cijfers: Kerncijfers | None,
    focus: str | None,
    signalen: pd.DataFrame | None,
    isochronen: gpd.GeoDataFrame | None,
    offline: bool,
    titel: str | None,
    cluster_vanaf: int,
    met_overig: bool,
    rand_m: float,
) -> folium.Map:
    cijfers = _check_cijfers(cijfers, gebied, niveau)
    kolom = cijfers.kolom(maat)
    all_areas = gebied.wijken if niveau == "wijk" else gebied.buurten
    wijknamen = gebied.wijken["wijknaam"].astype(str)
    namen = pd.concat([wijknamen, gebied.buurten["buurtnaam"].astype(str)])
    kleur, klasse_labels = classes(cijfers.waarden(maat), kolom)
    if focus is not None:
        if focus not in gebied.wijken.index:
            raise KeyError(
                f"wijk '{focus}' bestaat niet in {gebied.naam}; kies een van: "
                + ", ".join(gebied.wijken.index[:20])
            )
        areas_rd = all_areas[all_areas["wijkcode"].astype(str) == focus]
        region = gebied.wijken.loc[[focus]].geometry.buffer(rand_m).union_all()
    else:
        areas_rd = all_areas
        region = None
    areas = _areas_wgs84(areas_rd, f"de {niveau}en")
    bounds = _bounds(_areas_wgs84(gebied.wijken.loc[[focus]], "de wijk") if focus else areas)
    wijknaam = wijknamen.get(focus, focus) if focus else None
    default_title = (
        f"{gebied.naam}: {kolom.label.lower()} per {niveau}"
        if focus is None
        else f"{_wijk_title(str(wijknaam))} ({gebied.naam})"
    )
    m = _new_map(titel or default_title, bounds, offline)

    # context: the gemeente (offline: it replaces the tiles) or the other wijken
    context = gebied.wijken if focus is None else gebied.wijken.drop(index=focus)
    ctx = _areas_wgs84(context, "de wijken")
    ctx = ctx.assign(tip=[e(wijk_label(str(wijknamen[c]))) for c in ctx.index])
    area_layer(
        e("Wijkgrenzen"),
        ctx,
        style={
            "color": "#444",
            "weight": 2 if focus is None else 1.5,
            "fill": focus is not None,
            "fillColor": "#ffffff",
            "fillOpacity": 0.5,
            "interactive": focus is not None,
        },
        tooltip=focus is not None,
        control=False,
    ).add_to(m)

    choro = choropleth_frame(areas, cijfers, maat, wijknamen, kleur)
    plural = "wijken" if niveau == "wijk" else "buurten"
    area_layer(
        e(f"{plural.capitalize()}: {kolom.label}"),
        choro,
        style={"color": "#333", "weight": 1, "fillOpacity": 0.75 if offline else 0.65},
    ).add_to(m)
    if focus is not None:
        area_layer(
            e("Grens van de wijk"),
            _areas_wgs84(gebied.wijken.loc[[focus]], "de wijk")[["geometry"]],
            style={"color": "#000", "weight": 4, "fill": False, "interactive": False},
            tooltip=False,
            control=False,
        ).add_to(m)
        spots = _points_wgs84(
            gpd.GeoDataFrame(
                geometry=areas_rd.geometry.representative_point().to_numpy(),
                index=areas_rd.index,
                crs=areas_rd.crs,
            ),
            "de buurten",
        )
        label_layer(
            e("Buurtnamen"),
            [[r.lat, r.lon, e(str(namen.get(c, c)))] for c, r in spots.iterrows()],
        ).add_to(m)
    if focus is None and niveau == "buurt":
        area_layer(
            e("Wijkgrenzen (lijnen)"),
            ctx[["geometry"]],
            style={"color": "#222", "weight": 2.5, "fill": False, "interactive": False},
            tooltip=False,
            control=False,
        ).add_to(m)

    legend = [f"<b>{e(kolom.label)}</b>"]
    legend += [
        legend_row_area(c, e(label))
        for c, label in zip(palette(len(klasse_labels)), klasse_labels, strict=True)
    ]
    legend.append(legend_row_area(GEEN_GEGEVENS_KLEUR, e(GEEN_GEGEVENS_LABEL)))

    if isochronen is not None and len(isochronen):
        iso = isochronen
        if region is not None:
            iso = iso[iso.intersects(region)]
        iso_layers, iso_legend = (
            _isochrone_layers(iso, gebied.voorzieningen, show=focus is not None)
            if len(iso)
            else ([], [])
        )
        for layer in iso_layers:
            layer.add_to(m)
        legend += ["<b>Bereik</b>", *iso_legend] if iso_legend else []

    def within(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        if region is None:
            return frame
        return frame[frame.intersects(region)]

    vz = _points_wgs84(within(gebied.voorzieningen), "de voorzieningen")
    vz_layers, vz_legend = voorziening_layers(vz, cluster_vanaf, met_overig)
    for vz_layer in vz_layers:
        vz_layer.add_to(m)
    legend += ["<b>Voorzieningen</b>", *vz_legend]
    synthetisch = bool(len(gebied.verenigingen)) and bool(
        (gebied.verenigingen["bron"] == "synthetisch").all()
    )
    ver = _points_wgs84(within(gebied.verenigingen), "de verenigingen")
    if len(ver):
        vereniging_layer(ver, cluster_vanaf, synthetisch).add_to(m)
        legend.append(legend_row_point(VERENIGING_SYMBOOL, e("vereniging")))
    if len(gebied.professionals):
        basis = _points_wgs84(
            within(bases(gebied.professionals, gebied.voorzieningen)), "de standplaatsen"
        )
        if len(basis):
            basis_layer(basis, cluster_vanaf).add_to(m)
            legend.append(
                legend_row_point(BASIS_SYMBOOL, e("standplaats van professionals (aantal)"))
            )
    if signalen is not None:
        flags = _flags_for(signalen, gebied, niveau, focus)
        markers, lines, flag_legend = (
            _flag_parts(flags, gebied, namen, outlines=focus is not None, cijfers=cijfers)
            if len(flags)
            else (None, None, [])
        )
        if markers is not None and lines is not None:
            lines.add_to(m)
            markers.add_to(m)
            legend += ["<b>Signalen</b>", *flag_legend]
    folium.LayerControl(collapsed=False, position="topright").add_to(m)

    ondertitel = (
        "Cijfers afgerond en afgeschermd volgens de privacyregels; geen gegevens van "
        "individuele inwoners."
    )
    if gebied.seed is not None:
        ondertitel += " Inwoners en hun kenmerken zijn synthetisch (niet echt)."
    if focus is not None:
        ondertitel = f"{kolom.label} per buurt. " + ondertitel
    add_page_parts(
        m,
        titel=e(titel or default_title),
        ondertitel=e(ondertitel),
        legenda="".join(legend),
        bronnen=e(gebied.attributie),
    )
    return m


def overview_map(
    gebied: Gebied,
    maat: str = DEFAULT_MAAT,
    *,
    niveau: str = "buurt",
    cijfers: Kerncijfers | None = None,
    signalen: pd.DataFrame | None = None,
    isochronen: gpd.GeoDataFrame | None = None,
    offline: bool = False,
    titel: str | None = None,
    cluster_vanaf: int = CLUSTER_VANAF,
    met_overig: bool = False,
) -> folium.Map:
    """A map of the whole gemeente for a wijkgesprek or an analyst.

    Parameters
    ----------
    gebied
        The gemeente (:class:`~sociale_basis.core.gebied.Gebied`).
    maat
        The measure that colours the areas: a column of ``cijfers`` (see
        :meth:`Kerncijfers.maten`), e.g. ``"pct_65plus"``, ``"inwoners"``,
        ``"huisarts_gem_m"``, ``"pct_geisoleerd"``.
    niveau
        ``"buurt"`` or ``"wijk"``.
    cijfers
        Protected figures from :func:`sociale_basis.present.tables.kerncijfers` at ``niveau``
        (with reach or cohesion for those measures); default: population and
        voorzieningen only.
    signalen
        Flags with ``gebiedcode``, ``niveau``, ``signaal``, ``ernst``, ``waarde``,
        ``drempel``, ``reden`` (e.g. from ``sociale_basis.gaps.find_signalen``); shown as a
        "!" per area with the reasons in a popup, areas outlined. Flags of areas with
        fewer than 10 inhabitants are left out.
    isochronen
        Optional result of :func:`sociale_basis.streets.access.isochrones` (EPSG:28992).
    offline
        Inline every asset and leave out the tiles: the saved HTML needs no network.
    titel
        Title on the map; default names the gemeente and the measure.
    cluster_vanaf
        Point layers with more points are clustered.
    met_overig
        Also show voorzieningen that are no social infrastructure (horeca, ...).

    Returns
    -------
    folium.Map
        Save with ``m.save("kaart.html")`` (offline assets are inlined then).
    """
    if niveau not in ("wijk", "buurt"):
        raise ValueError(f"niveau moet 'wijk' of 'buurt' zijn, niet {niveau!r}")
    return _build(
        gebied,
        niveau=niveau,
        maat=maat,
        cijfers=cijfers,
        focus=None,
        signalen=signalen,
        isochronen=isochronen,
        offline=offline,
        titel=titel,
        cluster_vanaf=cluster_vanaf,
        met_overig=met_overig,
        rand_m=0.0,
    )


def wijk_map(
    gebied: Gebied,
    wijkcode: str,
    maat: str = DEFAULT_MAAT,
    *,
    cijfers: Kerncijfers | None = None,
    signalen: pd.DataFrame | None = None,
    isochronen: gpd.GeoDataFrame | None = None,
    offline: bool = False,
    titel: str | None = None,
    rand_m: float = 300.0,
    cluster_vanaf: int = CLUSTER_VANAF,
    met_overig: bool = False,
) -> folium.Map:
    """A map of one wijk for its wijkgesprek: its buurten coloured by ``maat``, the other
    wijken as context, and the points within ``rand_m`` metres of the wijk (people cross
    wijk borders for help).

    Colour classes are those of all buurten of the gemeente, so the colours compare with
    the rest of the town. Other parameters as :func:`overview_map`; ``cijfers`` must be
    per buurt.

    Raises
    ------
    KeyError
        When ``wijkcode`` is no wijk of the gemeente.
    """
    return _build(
        gebied,
        niveau="buurt",
        maat=maat,
        cijfers=cijfers,
        focus=str(wijkcode),
        signalen=signalen,
        isochronen=isochronen,
        offline=offline,
        titel=titel,
        cluster_vanaf=cluster_vanaf,
        met_overig=met_overig,
        rand_m=rand_m,
    )


def save_map(m: folium.Map, path: str | Path) -> Path:
    """Write a map to ``path`` (folders made as needed); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    m.save(str(path))
    return path


__all__: Sequence[str] = ["bases", "classes", "overview_map", "save_map", "wijk_map"]

"""Folium maps for wijkgesprekken, safe by construction; the only module that converts to
EPSG:4326.

:func:`overview_map` shows a whole gemeente, :func:`wijk_map` one wijk for one wijkgesprek.
What they show and what they never show (DESIGN §5):

- areas coloured by one protected measure from :func:`sociale_basis.present.figures.kerncijfers`
  (classes by Fisher-Jenks via mapclassify; an area without a value in a grey that says
  why: no inhabitants, a privacy rule, or no data);
- voorzieningen per component of social infrastructure, verenigingen, professionals'
  bases aggregated per location (counts per rol, never a person), isochrones, flags;
- never an inwoner: no inwoner layer exists, not even hidden;
- every text escaped with :func:`sociale_basis.core.html.escape` before it reaches the page;
- areas simplified (5 m, topology preserved), coordinates rounded to 5 decimals (~1 m);
- offline by default (DESIGN §5: meetings happen without reliable internet): Leaflet and
  MarkerCluster inlined (:mod:`sociale_basis.present.offline`), no tiles, no request at all;
  instead a light basemap drawn from the bundle (:mod:`sociale_basis.present.basemap`:
  streets, water, wijk, buurt and street names). ``offline=False`` adds OpenStreetMap tiles
  (and turns the own basemap on, with a note, when they do not load);
- a scale bar in metres only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd

from ..core.gebied import Gebied
from ..core.html import escape
from .basemap import Basiskaart
from .figures import Kerncijfers, kerncijfers
from .layers import KAARTLAGEN, Kaart
from .map_content import CLUSTER_VANAF, DEFAULT_MAAT, bases, classes, wijk_label
from .map_layers import add_page_parts
from .map_script import Schaal, Terugval
from .offline import SafeFigure
from .wgs84 import areas_wgs84, bounds_of

e = escape


def _wijk_title(naam: str) -> str:
    """CBS names wijken "Wijk 23 Tanthof-Oost": no second "Wijk" in front of that."""
    return wijk_label(naam)[0].upper() + wijk_label(naam)[1:]


def _check_cijfers(cijfers: Kerncijfers | None, gebied: Gebied, niveau: str) -> Kerncijfers:
    if cijfers is None:
        return kerncijfers(gebied, niveau)  # type: ignore[arg-type]
    if not isinstance(cijfers, Kerncijfers):
        raise TypeError(
            "cijfers moet een Kerncijfers zijn uit sociale_basis.present.kerncijfers(...): "
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
        control_scale=False,  # Leaflet's own shows feet and miles too: Schaal is metric
        zoom_snap=0.25,
    )
    # MarkerCluster needs the map's maxZoom, which otherwise only a tile layer gives
    m.options.update(maxZoom=19, minZoom=10)
    figure.add_child(m)
    m.add_child(Schaal())  # before the layers: it makes the pane of the basemap's lines
    if not offline:
        folium.TileLayer("OpenStreetMap", name="Achtergrond: OpenStreetMap", control=False).add_to(
            m
        )
    m.fit_bounds(bounds, padding=(10, 10))
    return m


def _title(k: Kaart) -> str:
    if k.focus is None:
        return f"{k.gebied.naam}: {k.kolom.label.lower()} per {k.niveau}"
    return f"{_wijk_title(str(k.wijknamen.get(k.focus, k.focus)))} ({k.gebied.naam})"


def _subtitle(k: Kaart) -> str:
    text = (
        "Cijfers afgerond en afgeschermd volgens de privacyregels; geen gegevens van "
        "individuele inwoners."
    )
    if k.gebied.seed is not None:
        text += " Inwoners en hun kenmerken zijn synthetisch (niet echt)."
    if k.focus is not None:
        text = f"{k.kolom.label} per buurt. " + text
    return text


def _build(k: Kaart, titel: str | None) -> folium.Map:
    """The map of ``k``: every builder of :data:`~sociale_basis.present.layers.KAARTLAGEN`
    in turn, then the layer control, title, legend and sources."""
    shown = k.gebied.wijken.loc[[k.focus]] if k.focus is not None else k.areas
    m = _new_map(titel or _title(k), bounds_of(areas_wgs84(shown, "de kaart")), k.offline)
    legend: list[str] = []
    fallback = None
    for builder in KAARTLAGEN:
        part = builder(k)
        for layer in part.lagen:
            if not k.offline and getattr(layer, "layer_name", None) == "Straten":
                layer.show = False  # the tiles have streets; the own ones when they fail
                fallback = Terugval(layer.get_name())
            layer.add_to(m)
        legend += part.legenda
    if fallback is not None:
        m.add_child(fallback)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    add_page_parts(
        m,
        titel=e(titel or _title(k)),
        ondertitel=e(_subtitle(k)),
        legenda="".join(legend),
        bronnen=e(k.gebied.attributie),
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
    offline: bool = True,
    titel: str | None = None,
    cluster_vanaf: int = CLUSTER_VANAF,
    met_overig: bool = False,
    basiskaart: Basiskaart | None = None,
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
        Protected figures from :func:`sociale_basis.present.figures.kerncijfers` at ``niveau``
        (with reach or cohesion for those measures); default: population and
        voorzieningen only.
    signalen
        Flags with ``gebiedcode``, ``niveau``, ``signaal``, ``ernst``, ``waarde``,
        ``drempel``, ``reden`` (e.g. from ``sociale_basis.gaps.find_signalen``), ranked by
        :func:`sociale_basis.gaps.rank_signalen`: an overview shows one "!" per area (its
        strongest message; the first three in plain words in the popup), a wijk map at most
        three per buurt. Signals of areas with fewer than 10 inhabitants are left out.
    isochronen
        Optional result of :func:`sociale_basis.streets.access.isochrones` (EPSG:28992).
    offline
        True (default): inline every asset and draw the own light basemap (streets, water,
        names) instead of tiles: the saved HTML needs no network. False: Leaflet from its
        CDN and OpenStreetMap tiles (``--online``).
    titel
        Title on the map; default names the gemeente and the measure.
    cluster_vanaf
        Point layers with more points are clustered.
    met_overig
        Also show voorzieningen that are no social infrastructure (horeca, ...).
    basiskaart
        The basemap from :func:`sociale_basis.present.basemap.basiskaart`, made once for
        several maps of one gemeente; default made here.

    Returns
    -------
    folium.Map
        Save with ``m.save("kaart.html")`` (offline assets are inlined then).
    """
    if niveau not in ("wijk", "buurt"):
        raise ValueError(f"niveau moet 'wijk' of 'buurt' zijn, niet {niveau!r}")
    kaart = Kaart(
        gebied,
        niveau,
        maat,
        _check_cijfers(cijfers, gebied, niveau),
        signalen=signalen,
        isochronen=isochronen,
        offline=offline,
        cluster_vanaf=cluster_vanaf,
        met_overig=met_overig,
        basis=basiskaart,
    )
    return _build(kaart, titel)


def wijk_map(
    gebied: Gebied,
    wijkcode: str,
    maat: str = DEFAULT_MAAT,
    *,
    cijfers: Kerncijfers | None = None,
    signalen: pd.DataFrame | None = None,
    isochronen: gpd.GeoDataFrame | None = None,
    kansen: pd.DataFrame | None = None,
    offline: bool = True,
    titel: str | None = None,
    rand_m: float = 300.0,
    cluster_vanaf: int = CLUSTER_VANAF,
    met_overig: bool = False,
    basiskaart: Basiskaart | None = None,
) -> folium.Map:
    """A map of one wijk for its wijkgesprek: its buurten coloured by ``maat``, the other
    wijken as context, and the points within ``rand_m`` metres of the wijk (people cross
    wijk borders for help).

    Colour classes are those of all buurten of the gemeente, so the colours compare with
    the rest of the town. ``kansen``: the group opportunities
    (:func:`sociale_basis.gaps.group_opportunities`), the best few per buurt as a layer.
    Other parameters as :func:`overview_map`; ``cijfers`` must be per buurt.

    Raises
    ------
    KeyError
        When ``wijkcode`` is no wijk of the gemeente.
    """
    focus = str(wijkcode)
    if focus not in gebied.wijken.index:
        raise KeyError(
            f"wijk '{focus}' bestaat niet in {gebied.naam}; kies een van: "
            + ", ".join(gebied.wijken.index[:20])
        )
    kaart = Kaart(
        gebied,
        "buurt",
        maat,
        _check_cijfers(cijfers, gebied, "buurt"),
        focus=focus,
        region=gebied.wijken.loc[[focus]].geometry.buffer(rand_m).union_all(),
        signalen=signalen,
        isochronen=isochronen,
        kansen=kansen,
        offline=offline,
        cluster_vanaf=cluster_vanaf,
        met_overig=met_overig,
        basis=basiskaart,
    )
    return _build(kaart, titel)


def save_map(m: folium.Map, path: str | Path) -> Path:
    """Write a map to ``path`` (folders made as needed); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    m.save(str(path))
    return path


__all__: Sequence[str] = ["bases", "classes", "overview_map", "save_map", "wijk_map"]

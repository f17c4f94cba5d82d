"""Building blocks of the maps: point layers, area layers, legend, title, sources.

Everything here receives data already in EPSG:4326 (converted in :mod:`sociale_basis.present.maps`)
and text already escaped with :func:`sociale_basis.core.html.escape`: folium and Leaflet insert
tooltip, popup and layer names as raw HTML.

These builders are the only place where text enters a folium object, and each one makes it
inert for jinja2 on the way in (see :mod:`sociale_basis.core.html` for why that matters):
markup through :func:`~sociale_basis.core.html.inert`, data for scripts through
:func:`~sociale_basis.core.html.js_json`. Data reaches the page as JSON with ``<``, ``>``, ``&``
and ``'`` written as ``\\u003c`` etc., so no text can close the ``<script>`` it sits in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
import folium.plugins
import geopandas as gpd
from branca.element import Element, MacroElement
from folium.template import Template

from ..core.html import inert, js_json

# --- colours and symbols -------------------------------------------------------------

KLASSE_KLEUREN: tuple[str, ...] = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
"""ColorBrewer YlGnBu, 5 classes: sequential, colour-blind safe, readable on a projector.
One neutral scale for every measure, so colour never suggests good or bad."""
GEEN_GEGEVENS_KLEUR = "#c8c8c8"
GEEN_GEGEVENS_LABEL = "geen gegevens"
LEEG: dict[str, tuple[str, str]] = {
    "geen-inwoners": ("#eeeeee", "geen of bijna geen inwoners (minder dan 10)"),
    "privacy": ("#8f8f8f", "verborgen om privacyredenen (te weinig personen)"),
    "geen-gegevens": (GEEN_GEGEVENS_KLEUR, GEEN_GEGEVENS_LABEL),
}
"""Why an area has no colour, with its grey and its legend text: no inhabitants, a privacy
rule (R2, R4, R5 on the figure or a part of it), or no data at all."""
ACHTERGROND_KLEUR = "#eef1f3"


@dataclass(frozen=True)
class Symbool:
    """How a kind of point looks: a letter on a coloured disc (no icon font needed)."""

    letter: str
    kleur: str
    vorm: str = "rond"  # "rond", "vierkant", or for signals "signaal" and "pil"


COMPONENT_SYMBOLEN: dict[str, Symbool] = {
    "ontmoetingsplek": Symbool("O", "#00838f"),
    "netwerk": Symbool("N", "#984ea3"),
    "digitaal": Symbool("D", "#666666"),
    "onderwijs": Symbool("L", "#377eb8"),
    "zorg": Symbool("Z", "#2f8f2f"),
    "cultuur": Symbool("C", "#c51b7d"),
    "sport": Symbool("S", "#8c510a"),
    "openbare_ruimte": Symbool("R", "#6b8e23"),
    "cafe": Symbool("K", "#7f6a5a"),
    "overig": Symbool("X", "#888888"),
}
"""Voorzieningen: a letter on a disc, in colours that are no red or orange: those are for
signals only, so a place is never mistaken for a signal."""
VERENIGING_SYMBOOL = Symbool("V", "#5e3c99")
BASIS_SYMBOOL = Symbool("P", "#222222", "vierkant")
KANS_SYMBOOL = Symbool("G", "#1f5fa8", "vierkant")
"""A place where a group could meet (group opportunity)."""
SIGNAAL_SYMBOOL = Symbool("!", "#b2182b", "signaal")
"""A signal on an overview: a small tag with "!"."""
PIL_SYMBOOL = Symbool("!", "#b2182b", "pil")
"""A signal on a wijk map: a tag with "!" and its short message."""
ERNST_KLEUREN: dict[str, str] = {"hoog": "#b2182b", "midden": "#e66101", "laag": "#fdae61"}
"""Colour of a signal by its severity (ColorBrewer RdYlBu reds and oranges)."""
ISOCHROON_KLEUREN: tuple[str, ...] = ("#54278f", "#9e9ac8", "#dadaeb")
"""Fill of the bands of reach, nearest first (ColorBrewer Purples)."""
ISOCHROON_VULLING = 0.4
"""Fill opacity of a band of reach: the colours of the areas show through."""

CSS = f"""
<style>
.leaflet-container {{ background: {ACHTERGROND_KLEUR}; font-family: sans-serif; }}
.sb-icoon {{ background: none; border: none; }}
.sb-punt {{ display: flex; align-items: center; justify-content: center; box-sizing: border-box;
  width: 22px; height: 22px; border-radius: 50%; border: 2px solid #fff; color: #fff;
  font: bold 12px/1 sans-serif; box-shadow: 0 0 3px rgba(0,0,0,.6); }}
.sb-vierkant {{ border-radius: 4px; min-width: 22px; width: auto; padding: 0 3px; }}
.sb-cluster {{ display: flex; align-items: center; justify-content: center; width: 32px;
  height: 32px; border-radius: 50%; border: 4px solid; background: #fff; color: #222;
  font: bold 12px/1 sans-serif; box-sizing: border-box; box-shadow: 0 0 3px rgba(0,0,0,.5); }}
.sb-signaal {{ display: inline-flex; align-items: center; gap: 4px; box-sizing: border-box;
  height: 20px; padding: 0 6px 0 0; border-radius: 3px; border: 1.5px solid #fff;
  font: bold 12px/1 sans-serif; white-space: nowrap; box-shadow: 0 1px 3px rgba(0,0,0,.7);
  transform: translateX(-50%); }}
.sb-signaal b {{ display: inline-flex; align-items: center; justify-content: center;
  width: 18px; height: 100%; background: rgba(0,0,0,.25); font-size: 13px; }}
.sb-signaal {{ color: #fff; }}
.sb-signaal.sb-l-signaal-laag {{ color: #222; }}
.sb-signaal-los {{ padding: 0; width: 22px; justify-content: center; transform: none; }}
.sb-signaal-los b {{ background: none; }}
.sb-melding {{ position: absolute; top: 90px; left: 54px; z-index: 1000; max-width: 420px;
  background: #fff3cd; border: 1px solid #c9a227; padding: 6px 10px; border-radius: 6px;
  font: 13px/1.35 sans-serif; }}
.sb-label-wijk span {{ font-size: 15px; color: #000; letter-spacing: .02em; }}
.sb-label-buurt span {{ font-size: 13px; }}
.sb-label-buurt-klein span {{ font-size: 11px; font-weight: normal; color: #222; }}
.sb-label-wijk-buiten span {{ font-size: 12px; color: #555; font-style: italic; }}
.sb-label-straat span {{ font: italic 10px/1.1 sans-serif; color: #333; }}
.sb-label.sb-label-buurt-klein, .sb-label.sb-label-straat {{ display: none; }}
.sb-z14 .sb-label.sb-label-buurt-klein, .sb-z15 .sb-label.sb-label-straat {{ display: block; }}
.sb-lijn {{ width: 18px; height: 0; border-top-style: solid; flex: none; }}
.leaflet-popup-content details summary {{ cursor: pointer; color: #1f5fa8; margin-top: 4px; }}
.sb-signalen-wijk {{ margin: 2px 0 4px; padding-left: 16px; }}
.sb-titel {{ position: absolute; top: 10px; left: 54px; z-index: 1000;
  max-width: calc(100% - 470px); min-width: 260px; background: rgba(255,255,255,.95);
  padding: 6px 12px; border-radius: 6px; font: bold 20px/1.25 sans-serif;
  box-shadow: 0 1px 5px rgba(0,0,0,.4); }}
.sb-titel small {{ display: block; font-weight: normal; font-size: 13px; color: #333; }}
.sb-legenda {{ position: absolute; bottom: 48px; left: 10px; z-index: 1000; max-width: 300px;
  max-height: calc(100% - 150px); overflow-y: auto; background: rgba(255,255,255,.95);
  padding: 8px 10px; border-radius: 6px; font: 13px/1.35 sans-serif;
  box-shadow: 0 1px 5px rgba(0,0,0,.4); }}
.leaflet-control-layers {{ font-size: 13px; max-width: 360px; }}
.sb-label {{ background: none; border: none; }}
.sb-label span {{ display: inline-block; transform: translate(-50%, -50%); white-space: nowrap;
  font: bold 13px/1.2 sans-serif; color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff,
  0 0 2px #fff; pointer-events: none; transform-origin: 0 0; }}
.sb-legenda b {{ display: block; margin: 4px 0 2px; }}
.sb-legenda summary {{ cursor: pointer; font-weight: bold; color: #333; }}
.sb-weg {{ opacity: .12; pointer-events: none; transition: opacity .2s; }}
.sb-rij {{ display: flex; align-items: center; gap: 6px; margin: 1px 0; }}
.sb-vak {{ width: 18px; height: 13px; border: 1px solid #555; flex: none; }}
.sb-legenda .sb-punt {{ width: 18px; height: 18px; font-size: 10px; border-width: 1px; }}
.sb-bronnen {{ margin-top: 6px; font-size: 11px; color: #333; }}
.leaflet-tooltip, .leaflet-popup-content {{ font-size: 14px; }}
.leaflet-popup-content ul {{ padding-left: 18px; margin: 4px 0; }}
</style>
"""


def _klasse(symbool: Symbool) -> str:
    if symbool.vorm == "signaal":
        return "sb-signaal sb-signaal-los"
    if symbool.vorm == "pil":
        return "sb-signaal"
    return "sb-punt sb-vierkant" if symbool.vorm == "vierkant" else "sb-punt"


def icon_html(
    symbool: Symbool,
    label: str | None = None,
    *,
    kleur: str | None = None,
    laag: str | None = None,
) -> str:
    """The HTML of a point symbol; ``label`` (escaped by the caller) replaces the letter;
    ``laag`` names the kind of layer (class ``sb-l-<laag>``, as on the map)."""
    extra = f" sb-l-{laag}" if laag else ""
    letter = symbool.letter if label is None else label
    if symbool.vorm in ("signaal", "pil") and label is None:
        letter = f"<b>{letter}</b>"
    return (
        f'<span class="{_klasse(symbool)}{extra}" style="background:{kleur or symbool.kleur}">'
        f"{letter}</span>"
    )


# --- points --------------------------------------------------------------------------


class _Punten(MacroElement):
    """Adds markers to its parent layer from one compact JSON array.

    Each point is ``[lat, lon, tooltip, popup, label, kleur, laag, anker]``: tooltip and
    popup are escaped HTML; label is None (the symbol's letter) or short escaped text;
    kleur is None (the symbol's colour) or a colour of this module; laag is None (the
    layer's own kind) or the kind of this point (class ``sb-l-<laag>``); anker is None (the
    layer's) or the pixel ``[x, y]`` of this symbol that sits on the point.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var groep = {{ this._parent.get_name() }};
            var klasse = {{ this.klasse }}, kleur = {{ this.kleur }}, letter = {{ this.letter }};
            var laag = {{ this.laag }};
            {{ this.punten }}.forEach(function (p) {
                var icoon = L.divIcon({
                    className: "sb-icoon",
                    html: '<span class="' + klasse + " sb-l-" + (p[6] || laag)
                        + '" style="background:' + (p[5] || kleur) + '">'
                        + (p[4] === null ? letter : p[4]) + "</span>",
                    iconSize: [22, 22], iconAnchor: p[7] || {{ this.anker }},
                    popupAnchor: [0, -10],
                    tooltipAnchor: [11, 0]
                });
                var m = L.marker([p[0], p[1]], {icon: icoon, riseOnHover: true});
                m.bindTooltip(p[2], {direction: "right"});
                if (p[3]) { m.bindPopup(p[3], {maxWidth: 340, maxHeight: 300}); }
                groep.addLayer(m);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        punten: Sequence[Sequence[object]],
        symbool: Symbool,
        anker: tuple[int, int] = (11, 11),
        laag: str = "punt",
    ) -> None:
        super().__init__()
        self._name = "Punten"
        self.anker = js_json(list(anker))
        self.klasse = js_json(_klasse(symbool))
        self.kleur = js_json(symbool.kleur)
        self.letter = js_json(
            f"<b>{symbool.letter}</b>" if symbool.vorm in ("signaal", "pil") else symbool.letter
        )
        self.laag = js_json(laag)
        rows = [list(p) + [None] * (8 - len(p)) for p in punten]
        self.punten = js_json(rows)


def point_layer(
    naam: str,
    punten: Sequence[Sequence[object]],
    symbool: Symbool,
    *,
    cluster: bool,
    show: bool = True,
    anker: tuple[int, int] = (11, 11),
    laag: str = "punt",
) -> folium.map.Layer:
    """A layer of markers (clustered with Leaflet.markercluster when ``cluster``).

    ``naam`` is shown in the layer control as HTML: escape it first. ``anker`` is the
    pixel of the 22 x 22 symbol that sits on the point (default its centre). ``laag``
    names the kind of its points (class ``sb-l-<laag>`` on each marker and cluster, as in
    the legend). A cluster is a white disc with a ring in the symbol's colour and the
    number inside: nothing like a signal.
    """
    layer: folium.map.Layer
    if cluster:
        create = (
            "function (c) { return L.divIcon({className: 'sb-icoon', iconSize: [32, 32], "
            f'html: \'<span class="sb-cluster sb-l-{laag}" '
            f'style="border-color:{symbool.kleur}">\' + '
            "c.getChildCount() + '</span>'}); }"
        )
        layer = folium.plugins.MarkerCluster(
            name=inert(naam),
            overlay=True,
            show=show,
            icon_create_function=create,
            options={"showCoverageOnHover": False, "maxClusterRadius": 45},
        )
    else:
        layer = folium.FeatureGroup(name=inert(naam), overlay=True, show=show)
    layer.add_child(_Punten(punten, symbool, anker, laag))
    return layer


class _Labels(MacroElement):
    """Names written on the map (not interactive): ``[lat, lon, escaped text]`` each."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var groep = {{ this._parent.get_name() }};
            {{ this.labels }}.forEach(function (p) {
                L.marker([p[0], p[1]], {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({className: "sb-label", html: "<span>" + p[2] + "</span>",
                                     iconSize: [0, 0]})
                }).addTo(groep);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, labels: Sequence[Sequence[object]]) -> None:
        super().__init__()
        self._name = "Labels"
        self.labels = js_json([list(p) for p in labels])


def label_layer(
    naam: str, labels: Sequence[Sequence[object]], *, show: bool = True
) -> folium.FeatureGroup:
    """A layer of names written on the map; ``naam`` and the texts escaped by the caller."""
    layer = folium.FeatureGroup(name=inert(naam), overlay=True, show=show)
    layer.add_child(_Labels(labels))
    return layer


# --- areas ---------------------------------------------------------------------------


def area_layer(
    naam: str,
    frame: gpd.GeoDataFrame,
    *,
    style: dict[str, object],
    tooltip: bool = True,
    popup: bool = False,
    show: bool = True,
    control: bool = True,
) -> folium.GeoJson:
    """A GeoJSON layer of areas in EPSG:4326.

    ``frame`` holds ``geometry`` and, per feature, ``kleur`` (fill colour), escaped
    HTML in ``tip`` (tooltip) and ``popup``, and ``laag`` (its kind: class
    ``sb-l-<laag>``). Other style options come from ``style``;
    ``style["interactive"] = False`` makes the layer transparent to the mouse.
    """
    columns = ["geometry"] + [c for c in ("kleur", "tip", "popup", "laag") if c in frame.columns]
    # folium writes the properties with its own JSON (no brace escaping), so the markup is
    # made inert here; the index (an area code from a file) must not become a feature id
    data = frame[columns].reset_index(drop=True)
    for column in ("tip", "popup"):
        if column in data.columns:
            data[column] = [inert(str(v)) for v in data[column]]
    has_colour = "kleur" in frame.columns
    has_kind = "laag" in frame.columns

    def styler(feature: dict[str, dict[str, object]]) -> dict[str, object]:
        out = dict(style)
        if has_colour:
            out["fillColor"] = feature["properties"]["kleur"]
        if has_kind:  # the kind, as in the legend (class sb-l-<laag> on the SVG path)
            out["className"] = f"sb-l-{feature['properties']['laag']}"
        return out

    interactive = bool(style.get("interactive", True))
    layer = folium.GeoJson(
        data,
        name=inert(naam),
        style_function=styler,
        highlight_function=(lambda _f: {"weight": 3, "color": "#000"}) if interactive else None,
        tooltip=folium.GeoJsonTooltip(["tip"], labels=False, sticky=True)
        if tooltip and "tip" in frame.columns
        else None,
        popup=folium.GeoJsonPopup(["popup"], labels=False)
        if popup and "popup" in frame.columns
        else None,
        show=show,
        control=control,
        overlay=True,
        smooth_factor=0.5,
    )
    return layer


# --- fixed parts of the page ---------------------------------------------------------


class _Bronnen(MacroElement):
    """Adds the sources to Leaflet's attribution control (escaped text), and fades the
    title and legend while a popup is open: they lie above the map, so a popup could
    otherwise slide under them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (kaart) {
            if (kaart.attributionControl) {
                kaart.attributionControl.addAttribution({{ this.tekst }});
            }
            function vaag(aan) {
                document.querySelectorAll(".sb-titel, .sb-legenda").forEach(function (el) {
                    el.classList.toggle("sb-weg", aan);
                });
            }
            kaart.on("popupopen", function () { vaag(true); });
            kaart.on("popupclose", function () { vaag(false); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, tekst_escaped: str) -> None:
        super().__init__()
        self._name = "Bronnen"
        self.tekst = js_json(tekst_escaped)


def add_page_parts(
    m: folium.Map, *, titel: str, ondertitel: str, legenda: str, bronnen: str
) -> None:
    """Title, legend and sources: every argument is escaped HTML."""
    root = m.get_root()
    root.header.add_child(Element(CSS), name="sb_css")  # type: ignore[attr-defined]
    root.html.add_child(  # type: ignore[attr-defined]
        Element(inert(f'<div class="sb-titel">{titel}<small>{ondertitel}</small></div>')),
        name="sb_titel",
    )
    root.html.add_child(  # type: ignore[attr-defined]
        Element(
            inert(
                f'<details class="sb-legenda" open><summary>Legenda</summary>{legenda}'
                f'<div class="sb-bronnen">{bronnen}</div></details>'
            )
        ),
        name="sb_legenda",
    )
    m.add_child(_Bronnen(bronnen))


def _rij(laag: str | None) -> str:
    """The opening of a legend row; ``laag`` (the kind of what it explains, drawn on the
    map with the class ``sb-l-<laag>``) as ``data-laag``, so a test can match the two."""
    return f'<div class="sb-rij" data-laag="{laag}">' if laag else '<div class="sb-rij">'


def rgba(kleur: str, vulling: float) -> str:
    """``"#54278f", 0.4 -> "rgba(84,39,143,0.4)"``: a colour as drawn with that opacity."""
    r, g, b = (int(kleur[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{vulling:g})"


def legend_row_area(
    kleur: str, label: str, *, rand: str = "#555", vulling: float = 1.0, laag: str | None = None
) -> str:
    """One legend row with a box filled as the area is drawn (colour and opacity);
    ``label`` escaped by the caller."""
    fill = kleur if vulling >= 1 else rgba(kleur, vulling)
    return (
        f'{_rij(laag)}<span class="sb-vak" style="background:{fill};'
        f'border-color:{rand}"></span>{label}</div>'
    )


def legend_row_point(
    symbool: Symbool, label: str, *, kleur: str | None = None, laag: str | None = None
) -> str:
    """One legend row with a point symbol; ``label`` escaped by the caller."""
    return f"{_rij(laag)}{icon_html(symbool, kleur=kleur)}{label}</div>"


def legend_row_line(kleur: str, dikte: float, label: str, *, laag: str | None = None) -> str:
    """One legend row with a line as thick and dark as drawn; ``label`` escaped by the
    caller."""
    return (
        f'{_rij(laag)}<span class="sb-lijn" style="border-top-width:{max(dikte, 1):g}px;'
        f'border-top-color:{kleur}"></span>{label}</div>'
    )

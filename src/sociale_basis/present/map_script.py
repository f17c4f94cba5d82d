"""Small pieces of map script: the basemap's lines and names, a metric scale, zoom classes,
and the fallback of an online map whose tiles do not load.

Like :mod:`sociale_basis.present.map_layers`, every piece takes its data as JSON made by
:func:`~sociale_basis.core.html.js_json` (no text of data ever becomes template source)
and texts already escaped with :func:`~sociale_basis.core.html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from folium.template import Template

from ..core.html import inert, js_json

STRATEN_PANE = "sb-straten"
"""The pane of the basemap's lines: above the coloured areas (so streets stay visible
through them), below every marker, and never in the way of the mouse."""


class _Lijnen(MacroElement):
    """Lines of the basemap, one polyline per kind, from delta-encoded coordinates.

    ``soorten`` is ``[[soort, kleur, dikte, doorzicht, parts], ...]``; each part is
    ``[lat0, lon0, dlat1, dlon1, ...]`` in units of 1e-5 degree (about a metre), the
    first pair absolute, the next ones the change from the previous vertex: a third of
    the size of plain coordinates. Each polyline carries the class ``sb-l-<soort>``, so a
    test (or a person in the inspector) finds it.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var groep = {{ this._parent.get_name() }};
            {{ this.soorten }}.forEach(function (k) {
                var delen = k[4].map(function (r) {
                    var uit = [], la = 0, lo = 0;
                    for (var i = 0; i < r.length; i += 2) {
                        la += r[i]; lo += r[i + 1];
                        uit.push([la / 1e5, lo / 1e5]);
                    }
                    return uit;
                });
                L.polyline(delen, {
                    pane: {{ this.pane }}, color: k[1], weight: k[2], opacity: k[3],
                    interactive: false, className: "sb-l-" + k[0], smoothFactor: 1
                }).addTo(groep);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, soorten: Sequence[Sequence[object]]) -> None:
        super().__init__()
        self._name = "Lijnen"
        self.pane = js_json(STRATEN_PANE)
        self.soorten = js_json([list(s) for s in soorten])


def lines_layer(
    naam: str, soorten: Sequence[Sequence[object]], *, show: bool = True
) -> folium.FeatureGroup:
    """A layer of basemap lines (see :class:`_Lijnen`), in the pane that :class:`Schaal`
    makes; ``naam`` escaped by the caller."""
    layer = folium.FeatureGroup(name=inert(naam), overlay=True, show=show)
    layer.add_child(_Lijnen(soorten))
    return layer


class _Namen(MacroElement):
    """Names written on the map, not interactive: ``[lat, lon, escaped text, soort, hoek]``
    each; ``soort`` (``"wijk"``, ``"buurt"``, ``"straat"``, ...) becomes the class
    ``sb-label-<soort>`` (size and the zoom from which it shows are in the style sheet),
    ``hoek`` turns the text (degrees, for a street name along its street)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var groep = {{ this._parent.get_name() }};
            {{ this.namen }}.forEach(function (p) {
                var draai = p[4] ? " rotate(" + (-p[4]) + "deg)" : "";
                L.marker([p[0], p[1]], {
                    interactive: false, keyboard: false,
                    icon: L.divIcon({
                        className: "sb-label sb-label-" + p[3], iconSize: [0, 0],
                        html: '<span style="transform: translate(-50%, -50%)' + draai
                            + '">' + p[2] + "</span>"
                    })
                }).addTo(groep);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, namen: Sequence[Sequence[object]]) -> None:
        super().__init__()
        self._name = "Namen"
        self.namen = js_json([list(p) for p in namen])


def names_layer(
    naam: str, namen: Sequence[Sequence[object]], *, show: bool = True, control: bool = True
) -> folium.FeatureGroup:
    """A layer of names (see :class:`_Namen`); ``naam`` and the texts escaped by the caller."""
    layer = folium.FeatureGroup(name=inert(naam), overlay=True, show=show, control=control)
    layer.add_child(_Namen(namen))
    return layer


class Schaal(MacroElement):
    """Added to a map before its layers: the pane of the basemap's lines
    (:data:`STRATEN_PANE`), a scale bar in metres and kilometres only (Leaflet's own also
    shows feet and miles), and classes on the map for the zoom (``sb-z13`` ... ``sb-z16``),
    so the style sheet can show small names only when they fit."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (kaart) {
            var pane = kaart.createPane({{ this.pane }});
            pane.style.zIndex = 450;
            pane.style.pointerEvents = "none";
            L.control.scale({imperial: false, metric: true, maxWidth: 160}).addTo(kaart);
            function zoom() {
                var c = kaart.getContainer(), z = kaart.getZoom();
                [13, 14, 15, 16].forEach(function (n) { c.classList.toggle("sb-z" + n, z >= n); });
            }
            kaart.on("zoomend", zoom);
            kaart.whenReady(zoom);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "Schaal"
        self.pane = js_json(STRATEN_PANE)


class Terugval(MacroElement):
    """An online map whose background tiles fail to load (no internet) turns on its own
    basemap (the layer named ``straten``) and says so, instead of staying blank."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (kaart) {
            var gemeld = false;
            kaart.eachLayer(function (laag) {
                if (!(laag instanceof L.TileLayer)) { return; }
                laag.on("tileerror", function () {
                    if (gemeld) { return; }
                    gemeld = true;
                    var straten = {{ this.straten }};
                    if (straten && !kaart.hasLayer(straten)) { kaart.addLayer(straten); }
                    var melding = document.createElement("div");
                    melding.className = "sb-melding";
                    melding.textContent = {{ this.tekst }};
                    kaart.getContainer().appendChild(melding);
                });
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, straten: str) -> None:
        super().__init__()
        self._name = "Terugval"
        self.straten = straten
        self.tekst = js_json(
            "De achtergrondkaart van internet laadt niet (geen verbinding?): u ziet de "
            "eigen kaart met straten en namen."
        )

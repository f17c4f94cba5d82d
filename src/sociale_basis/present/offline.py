"""Offline maps: Leaflet and Leaflet.markercluster inlined into the HTML, no request at all.

The JavaScript and CSS come from Python packages on PyPI that vendor them (XStatic
packaging): ``xstatic-leaflet`` (Leaflet 1.9.3, the version folium 0.20 loads from its CDN)
and ``xstatic-leaflet-markercluster`` (1.4.1). Images that ``leaflet.css`` refers to (the
layer-control icon) become ``data:`` URLs. folium's other defaults (jQuery, Bootstrap,
Font Awesome, awesome-markers) are dropped: the maps of this package use none of them
(markers are DivIcons with text, so no icon font is needed). Any other outside script or
stylesheet makes :func:`inline_assets` raise, so a map never silently needs the network.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Any

from branca.element import Element, Figure

from ..core.html import inert

_SCRIPT = re.compile(r'<script src="(https?://[^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>')

# file name at the end of folium's CDN URL -> (xstatic package, file in its data folder)
_VENDORED: dict[str, tuple[str, str]] = {
    "leaflet.js": ("leaflet", "leaflet.js"),
    "leaflet.css": ("leaflet", "leaflet.css"),
    "leaflet.markercluster.js": ("leaflet_markercluster", "leaflet.markercluster.js"),
    "MarkerCluster.css": ("leaflet_markercluster", "MarkerCluster.css"),
    "MarkerCluster.Default.css": ("leaflet_markercluster", "MarkerCluster.Default.css"),
}
# folium defaults that these maps do not use: left out offline
_UNUSED = (
    "jquery",
    "bootstrap",
    "awesome-markers",
    "fontawesome",
    "leaflet.awesome.rotate",
)


class OfflineUnavailableError(RuntimeError):
    """An asset needed for an offline map is not installed or not known."""


def _data_dir(package: str) -> Path:
    try:
        module = __import__(f"xstatic.pkg.{package}", fromlist=["BASE_DIR"])
    except ImportError as err:  # pragma: no cover - a dependency of the package
        name = "xstatic-" + package.replace("_", "-")
        raise OfflineUnavailableError(
            f"voor een offline kaart is het pakket '{name}' nodig; installeer het met "
            f"'pip install {name}'"
        ) from err
    return Path(module.BASE_DIR)


@cache
def asset(name: str) -> str:
    """The text of a vendored file (``"leaflet.js"``, ``"leaflet.css"``, ...), ready to
    inline: images as ``data:`` URLs, ``</script`` and ``</style`` made harmless."""
    package, filename = _VENDORED[name]
    folder = _data_dir(package)
    text = (folder / filename).read_text("utf-8")
    if filename.endswith(".css"):
        text = re.sub(r"url\((images/[^)]+\.png)\)", lambda m: _png_url(folder, m.group(1)), text)
        text = text.replace("</style", "<\\/style")
    else:
        text = text.replace("</script", "<\\/script")
    return text


def _png_url(folder: Path, relative: str) -> str:
    data = base64.b64encode((folder / relative).read_bytes()).decode("ascii")
    return f"url(data:image/png;base64,{data})"


def _name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


def inline_assets(html: str) -> str:
    """Replace folium's CDN ``<script src>`` and ``<link rel=stylesheet>`` by inline copies.

    Raises
    ------
    OfflineUnavailableError
        When the HTML needs an outside script or stylesheet that is not vendored.
    """
    unknown: list[str] = []

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        name = _name(url)
        if name in _VENDORED:
            return f"<script>{asset(name)}</script>"
        if any(word in url.lower() for word in _UNUSED):
            return ""
        unknown.append(url)
        return match.group(0)

    def style(match: re.Match[str]) -> str:
        url = match.group(1)
        name = _name(url)
        if name in _VENDORED:
            return f"<style>{asset(name)}</style>"
        if any(word in url.lower() for word in _UNUSED):
            return ""
        unknown.append(url)
        return match.group(0)

    html = _SCRIPT.sub(script, html)
    html = _STYLE.sub(style, html)
    if unknown:
        raise OfflineUnavailableError(
            "deze kaart heeft bestanden van internet nodig die niet offline meegeleverd "
            "worden: " + ", ".join(unknown) + "; gebruik offline=False of laat die "
            "onderdelen weg"
        )
    return html


class _Verbatim(Element):
    """A finished piece of the page, written out exactly as it is, never rendered again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _VerbatimContainer(Element):
    """The header, body or script part of a :class:`SafeFigure`.

    branca's ``MacroElement.render`` puts the rendered output of each element's macros
    into a plain ``Element(output)``, which uses that output as the *source* of a jinja2
    template, rendered a second time when the page is written. That second pass is where
    a name like ``{{ 7*7 }}`` would be evaluated. Here every plain ``Element`` that is
    added is replaced by :class:`_Verbatim` with its source text, so the second pass
    never happens: what folium rendered once is what the page holds. (The first guard is
    that no text from data holds a brace at all: see :mod:`sociale_basis.core.html`.)
    """

    def add_child(
        self, child: Element, name: str | None = None, index: int | None = None
    ) -> Element:
        if type(child) is Element and child._template_str is not None:
            child = _Verbatim(child._template_str)
        return super().add_child(child, name=name, index=index)


class SafeFigure(Figure):
    """The page around a map: nothing in it is rendered as a template twice (see
    :class:`_VerbatimContainer`), and with ``offline=True`` every asset is inlined when
    rendered, so ``Map.save(...)``, ``Map._repr_html_()`` and ``Figure.render()`` all give
    a page that loads without network.

    ``titel`` is escaped HTML (:func:`sociale_basis.core.html.escape`).
    """

    def __init__(self, *, offline: bool = False, titel: str = "") -> None:
        super().__init__(title=inert(titel) or None)
        self.offline = offline
        for part in ("header", "html", "script"):
            old: Element = getattr(self, part)
            new = _VerbatimContainer()
            new._parent = self
            for child_name, child in old._children.items():
                new.add_child(child, name=child_name)
            setattr(self, part, new)

    def render(self, **kwargs: Any) -> str:
        html = super().render(**kwargs)
        return inline_assets(html) if self.offline else html

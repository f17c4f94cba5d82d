"""Helpers of the browser tests: Debian's headless Chromium through Playwright, offline.

A page is opened from file:// with every other request aborted and recorded, and every
console error, page error and JS dialog (the XSS canary) is kept.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sociale_basis.present.handout import DEFAULT_CHROMIUM

CHROMIUM = Path(DEFAULT_CHROMIUM)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium ontbreekt: installeer Debian's chromium "
    "(apt-get install chromium); CI doet dat in .ci/run",
)


class Opened:
    """A map opened offline, with everything that went wrong recorded."""

    def __init__(
        self, browser: Any, path: Path, wait_for: str | None = ".leaflet-container"
    ) -> None:
        self.blocked: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.console.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.html = path.read_text("utf-8")
        self.control = re.search(r"let (layer_control_\w+) = L\.control\.layers", self.html)
        self.page.goto(path.as_uri())
        if wait_for is not None or self.control is not None:
            self.page.wait_for_selector(wait_for or ".leaflet-container")
        self.page.wait_for_timeout(300)

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
            return
        self.blocked.append(route.request.url)
        route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def overlays(self) -> list[dict[str, Any]]:
        """Per overlay of the layer control: name, features, shown."""
        assert self.control is not None
        return self.page.evaluate(
            "() => "
            + self.control.group(1)
            + """._layers.filter(l => l.overlay).map(l => ({
                name: l.name,
                n: l.layer.getLayers ? l.layer.getLayers().length : -1,
                shown: """
            + self.control.group(1)
            + """._map.hasLayer(l.layer)
            }))"""
        )

    def render_all_contents(self) -> int:
        """Put every tooltip and popup of every layer into the page, as Leaflet would
        when it opens them (clustered and hidden layers included)."""
        return self.page.evaluate(
            "() => { let n = 0; const box = document.createElement('div');"
            "box.style.display = 'none'; document.body.appendChild(box);"
            "for (const l of "
            + self.control.group(1)  # type: ignore[union-attr]
            + "._layers) { const g = l.layer; if (!g.getLayers) continue;"
            "  const gt = g.getTooltip && g.getTooltip();"
            "  for (const m of g.getLayers()) {"
            "    const parts = [];"
            "    if (m.getTooltip && m.getTooltip()) parts.push(m.getTooltip().getContent());"
            "    if (m.getPopup && m.getPopup()) parts.push(m.getPopup().getContent());"
            "    if (gt && typeof gt._content === 'function') parts.push(gt._content(m));"
            "    for (const c of parts) { const d = document.createElement('div');"
            "      if (typeof c === 'string') d.innerHTML = c;"
            "      else if (c) d.appendChild(c.cloneNode(true));"
            "      box.appendChild(d); n++; } } } return n; }"
        )

    def open_markers(self, needle: str) -> list[str]:
        """Zoom to every marker whose tooltip holds ``needle`` (out of its cluster),
        open its tooltip and popup, and return the popups' text."""
        return self.page.evaluate(
            """async (needle) => {
                const ctl = """
            + self.control.group(1)  # type: ignore[union-attr]
            + """;
                const texts = [];
                for (const l of ctl._layers) {
                    const g = l.layer;
                    if (!g.getLayers) continue;
                    for (const m of g.getLayers()) {
                        const t = m.getTooltip && m.getTooltip();
                        if (!t || typeof t.getContent() !== 'string') continue;
                        if (!t.getContent().includes(needle)) continue;
                        if (!ctl._map.hasLayer(g)) ctl._map.addLayer(g);
                        await new Promise(r => g.zoomToShowLayer ? g.zoomToShowLayer(m, r) : r());
                        for (let i = 0; i < 40 && !m._icon; i++) {
                            await new Promise(r => setTimeout(r, 50));  // out of its cluster
                        }
                        m.openTooltip();
                        m.openPopup();
                        await new Promise(r => setTimeout(r, 100));
                        const p = m.getPopup().getElement();
                        const c = p && m.isPopupOpen() && p.querySelector('.leaflet-popup-content');
                        texts.push(c ? c.textContent : '(niet geopend)');
                    }
                }
                return texts;
            }""",
            needle,
        )

    def free_points(self, selector: str, limit: int) -> list[list[float]]:
        """Up to ``limit`` points, one per element matching ``selector``, where the mouse
        really reaches that element (not under a legend, a marker or outside the view)."""
        return self.page.evaluate(
            """([selector, limit]) => {
                const out = [];
                for (const el of document.querySelectorAll(selector)) {
                    const r = el.getBoundingClientRect();
                    let hit = null;
                    for (let i = 1; i < 8 && !hit; i++) for (let j = 1; j < 8 && !hit; j++) {
                        const x = r.left + r.width * i / 8, y = r.top + r.height * j / 8;
                        if (x < 1 || y < 1 || x > innerWidth - 1 || y > innerHeight - 1) continue;
                        const at = document.elementFromPoint(x, y);
                        if (at && (at === el || el.contains(at))) hit = [x, y];
                    }
                    if (hit) out.push(hit);
                    if (out.length >= limit) break;
                }
                return out;
            }""",
            [selector, limit],
        )

    def assert_clean(self) -> None:
        assert self.blocked == [], self.blocked
        assert self.console == [], self.console
        assert self.errors == [], self.errors
        assert self.dialogs == [], self.dialogs


def page_text(browser: Any, path: Path) -> str:
    """All text a reader of the page at ``path`` can get to, after it loaded offline
    without any error: the document's text and its title; for a map also every tooltip
    and popup of every layer (as Leaflet puts them in the page when opened)."""
    page = Opened(browser, path, wait_for=None)
    try:
        if page.control is not None:
            page.render_all_contents()
            page.page.wait_for_timeout(100)
        text: str = page.page.evaluate(
            "() => document.title + '\\n' + document.documentElement.textContent"
        )
        page.assert_clean()
        return text
    finally:
        page.page.close()

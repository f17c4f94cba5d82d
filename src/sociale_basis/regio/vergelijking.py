"""The comparison page of a region run: where each gemeente stands.

One HTML file (``regio_vergelijking.html``) that works offline: no script or style from
the internet, the maps drawn as inline SVG from the buurt outlines in the regional table.

- **A sortable table**, one row per gemeente: inwoners, wijken, buurten, and per key
  measure the median of its buurten (click a heading to sort). The medians are taken over
  the *published* buurt values only (hidden cells left out and counted), so the page
  shows nothing the regional tables do not already show.
- **Small multiples**: a map per gemeente of one measure, its buurten coloured in the same
  five classes for every gemeente (quintiles of all published buurt values of the region);
  a hidden or missing value is grey. Hovering a buurt shows its name and value.

Every text from data (names of gemeenten and buurten, labels) passes
:func:`sociale_basis.core.html.escape`; no text from data is ever a template source.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from ..core.formatting import format_amount, format_number
from ..core.html import escape
from .gemeente import TEKST, Afloop

KLEUREN = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
"""Five sequential classes (ColorBrewer OrRd), light = low."""
GEEN = "#d9d9d9"
"""A buurt without a published value."""
KERNMATEN = ("pct_65plus", "huisarts_gem_m", "pct_geisoleerd", "pct_hulpvraag")
"""Measures in the table besides the one on the maps, when the run has them."""
BREEDTE = 220
"""Width of one small map, in pixels."""

_SORT_JS = """
document.querySelectorAll('table.sorteer th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var down = th.getAttribute('aria-sort') === 'ascending';
    th.closest('tr').querySelectorAll('th').forEach(function (h) {
      h.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.waarde, y = b.cells[col].dataset.waarde;
      var nx = parseFloat(x), ny = parseFloat(y);
      var r = (isNaN(nx) || isNaN(ny)) ? (isNaN(nx) - isNaN(ny) || x.localeCompare(y, 'nl'))
                                       : nx - ny;
      return down ? -r : r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""

_STYLE = (
    "body{font:15px/1.45 sans-serif;margin:2em;max-width:75em;color:#222}"
    "table.sorteer{border-collapse:collapse;margin:1em 0}"
    "table.sorteer th,table.sorteer td{padding:.25em .6em;border-bottom:1px solid #ddd;"
    "text-align:right}"
    "table.sorteer th{cursor:pointer;background:#f4f4f4;user-select:none}"
    "table.sorteer th[aria-sort=ascending]::after{content:' \\25B2'}"
    "table.sorteer th[aria-sort=descending]::after{content:' \\25BC'}"
    "table.sorteer td:first-child,table.sorteer th:first-child{text-align:left}"
    ".kaarten{display:flex;flex-wrap:wrap;gap:1em}"
    ".kaart{width:" + str(BREEDTE) + "px}.kaart svg{width:100%;height:auto;display:block}"
    ".kaart path{stroke:#fff;stroke-width:.6px;vector-effect:non-scaling-stroke}"
    ".legenda span{display:inline-block;width:1em;height:1em;margin-right:.3em;"
    "vertical-align:middle}.fout{color:#a00}"
)


def _numbers(frame: pd.DataFrame, maat: str) -> pd.Series:
    """The published values of ``maat`` (NaN where hidden, missing or text)."""
    if maat not in frame.columns:
        return pd.Series(np.nan, index=frame.index)
    values = pd.to_numeric(frame[maat], errors="coerce")
    label = frame.get(f"{maat}{TEKST}")
    return values.where(label.isna()) if label is not None else values


def klassen(values: pd.Series) -> np.ndarray:
    """Upper bounds of five classes: the quintiles of the published values."""
    known = values.dropna().to_numpy(dtype=float)
    if not len(known):
        return np.array([])
    return np.unique(np.quantile(known, [0.2, 0.4, 0.6, 0.8, 1.0]))


def _kleur(value: float, bounds: np.ndarray) -> str:
    if np.isnan(value) or not len(bounds):
        return GEEN
    i = int(np.searchsorted(bounds, value, side="left"))
    return KLEUREN[min(i, len(bounds) - 1) * (len(KLEUREN) - 1) // max(len(bounds) - 1, 1)]


def _amount(value: float, info: dict[str, Any]) -> str:
    return format_amount(value, str(info.get("eenheid", "")), int(info.get("decimalen", 1)))


def _path(geometry: Any, x0: float, y1: float) -> str:
    """SVG path data of a (multi)polygon, in metres from the top left corner."""
    parts = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        if polygon is None or polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = shapely.get_coordinates(ring)
            pts = " ".join(f"{x - x0:.0f} {y1 - y:.0f}" for x, y in xy)
            parts.append(f"M{pts}Z")
    return "".join(parts)


def _small_map(
    rows: pd.DataFrame, values: pd.Series, bounds: np.ndarray, info: dict[str, Any]
) -> str:
    geoms = rows.geometry
    if geoms.is_empty.all():
        return "<p>geen buurtgrenzen</p>"
    x0, y0, x1, y1 = geoms.total_bounds
    paths = []
    for i, geom in geoms.items():
        value = float(values.get(i, np.nan))
        naam, code, tekst = (str(rows.at[i, c]) for c in ("naam", "code", "tekst_getoond"))
        title = f"{naam} ({code}): {tekst}"
        paths.append(
            f'<path d="{_path(geom, x0, y1)}" fill="{_kleur(value, bounds)}">'
            f"<title>{escape(title)}</title></path>"
        )
    return f'<svg viewBox="0 0 {x1 - x0:.0f} {y1 - y0:.0f}" role="img">' + "".join(paths) + "</svg>"


def _legend(bounds: np.ndarray, values: pd.Series, info: dict[str, Any]) -> str:
    if not len(bounds):
        return "<p>Geen gepubliceerde waarden van deze maat.</p>"
    low = float(values.min())
    items = []
    for i, hi in enumerate(bounds):
        colour = KLEUREN[i * (len(KLEUREN) - 1) // max(len(bounds) - 1, 1)]
        items.append(
            f'<span style="background:{colour}"></span>'
            f"{escape(_amount(low, info))} - {escape(_amount(float(hi), info))}"
        )
        low = float(hi)
    items.append(f'<span style="background:{GEEN}"></span>verborgen of onbekend')
    return '<p class="legenda">' + " &nbsp; ".join(items) + "</p>"


def _row(
    a: Afloop, buurten: pd.DataFrame, wijken: pd.DataFrame, maten: list[str]
) -> list[tuple[str, object]]:
    """Cells of one gemeente: (shown text, sort value)."""
    mine = buurten[buurten["bundel"] == a.bundel]
    n_wijken = int((wijken["bundel"] == a.bundel).sum())
    cells: list[tuple[str, object]] = [
        (f"{a.naam} ({a.gemeentecode})", a.naam),
        (format_number(a.inwoners), a.inwoners),
        (format_number(n_wijken), n_wijken),
        (format_number(len(mine)), len(mine)),
    ]
    for maat in maten:
        values = _numbers(mine, maat)
        known = values.dropna()
        if not len(known):
            cells.append(("-", ""))
            continue
        median = float(known.median())
        hidden = len(values) - len(known)
        text = _amount(median, a.kolommen.get(maat, {}))
        if hidden:
            text += f" ({hidden} verborgen)"
        cells.append((text, median))
    return cells


def write_vergelijking(
    afloop: Sequence[Afloop],
    buurten: pd.DataFrame,
    wijken: pd.DataFrame,
    kolommen: dict[str, dict[str, Any]],
    uit: Path,
    *,
    maat: str = "pct_65plus",
    titel: str = "Vergelijking van gemeenten",
) -> Path:
    """Write ``regio_vergelijking.html`` (module docstring) and return its path.

    ``buurten`` and ``wijken`` are the regional tables as read by
    :func:`~sociale_basis.regio.samen.read_regiotabel`, ``kolommen`` their columns.
    """
    done = [a for a in afloop if a.status in ("klaar", "overgeslagen")]
    # by position: two bundles may share a gemeentecode and so area codes
    buurten = buurten.rename_axis("code").reset_index()
    wijken = wijken.rename_axis("code").reset_index()
    info = kolommen.get(maat, {})
    maten = [maat, *(m for m in KERNMATEN if m != maat and m in kolommen)]
    head = ["gemeente", "inwoners", "wijken", "buurten"] + [
        f"{kolommen.get(m, {}).get('label', m)} (mediaan buurten)" for m in maten
    ]
    body = []
    for a in done:
        tds = "".join(
            f'<td data-waarde="{escape("" if v is None else v)}">{escape(t)}</td>'
            for t, v in _row(a, buurten, wijken, maten)
        )
        body.append(f"<tr>{tds}</tr>")
    ths = "".join(f"<th>{escape(h)}</th>" for h in head)
    values = _numbers(buurten, maat)
    bounds = klassen(values)
    buurten = buurten.assign(tekst_getoond=_texts(buurten, maat, info))
    maps = []
    for a in done:
        mine = buurten[buurten["bundel"] == a.bundel]
        maps.append(
            f'<div class="kaart"><b>{escape(a.naam)}</b>'
            f"{_small_map(mine, values.reindex(mine.index), bounds, info)}</div>"
        )
    failed = [a for a in afloop if a.status == "mislukt"]
    fouten = ""
    if failed:
        items = "".join(
            f"<li>{escape(a.naam or a.gemeente)}: stap {escape(a.stap)}: {escape(a.fout)}</li>"
            for a in failed
        )
        fouten = f'<h2 class="fout">Niet gelukt</h2><ul class="fout">{items}</ul>'
    label = escape(info.get("label", maat))
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(titel)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(titel)}</h1>"
        "<p>Per gemeente de mediaan van de buurten: alleen gepubliceerde (beveiligde) "
        "buurtcijfers tellen mee; verborgen cellen staan erbij. Klik op een kop om te "
        "sorteren.</p>"
        f'<table class="sorteer"><thead><tr>{ths}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        f"<h2>{label} per buurt</h2>"
        "<p>Dezelfde klassen voor elke gemeente (vijf even grote groepen van alle "
        "gepubliceerde buurtwaarden in de regio). Elke kaart is even breed, dus niet op "
        "dezelfde schaal: een grote gemeente staat kleiner afgebeeld.</p>"
        f"{_legend(bounds, values, info)}"
        f'<div class="kaarten">{"".join(maps)}</div>{fouten}'
        "<p><small>Inwoners, hulpvragen en banden zijn synthetisch berekend; zie de "
        "afscherming per gemeente (regio_afscherming.md).</small></p>"
        f"<script>{_SORT_JS}</script></body></html>"
    )
    path = uit / "regio_vergelijking.html"
    path.write_text(page, encoding="utf-8")
    return path


def _texts(frame: pd.DataFrame, maat: str, info: dict[str, Any]) -> pd.Series:
    """Each buurt's value of ``maat`` as shown: the amount, the rule's label, or onbekend."""
    if maat not in frame.columns:
        return pd.Series("onbekend", index=frame.index)
    label = frame.get(f"{maat}{TEKST}")
    out = []
    for i, value in enumerate(frame[maat]):
        hidden = label.iloc[i] if label is not None else None
        if isinstance(hidden, str):
            out.append(hidden)
        elif isinstance(value, str):
            out.append(value)
        elif value is None or pd.isna(value):
            out.append("onbekend")
        else:
            out.append(_amount(float(value), info))
    return pd.Series(out, index=frame.index)

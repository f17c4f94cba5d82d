"""A printable A4 handout per wijk: the wijk map, its key figures and its flags, made offline.

The wijk map (:func:`sociale_basis.present.maps.wijk_map`, offline) is photographed in headless
Chromium, placed on an A4 page with the protected figures of the wijk and its buurten and
the flags with their reasons, and written as PNG (A4 at 150 dpi: 1240 x 1754 pixels) or
PDF. Nothing is fetched from the network: every request but ``file:`` and ``data:`` is
aborted. Needs the Python package ``playwright`` (``pip install sociale-basis[print]``)
and a Chromium: Debian's ``/usr/bin/chromium`` (``apt-get install chromium``), or the path
in ``SOCIALE_BASIS_CHROMIUM``; ``playwright install`` is never needed.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.gebied import Gebied
from ..core.html import escape
from .figures import Kerncijfers, kerncijfers_beide
from .map_kansen import kansen_html
from .map_layers import CSS
from .maps import DEFAULT_MAAT, save_map, wijk_map
from .signals import safe_signalen

ENV_CHROMIUM = "SOCIALE_BASIS_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
A4_CSS_PX = (794, 1123)  # 210 x 297 mm at 96 CSS pixels per inch
DPI = 150
A4_PX = (1240, 1754)  # A4 at 150 dpi
MAX_SIGNALEN = 6
"""Flags listed on the page (most severe first); the others are counted."""
MAP_PX = (640, 540)  # the map as photographed (CSS pixels), shown beside its legend
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

FIGURES: dict[str, str] = {
    "inwoners": "Inwoners",
    "pct_65plus": "65+",
    "pct_75plus": "75+",
    "met_hulpvraag": "Met hulpvraag",
    "pct_hulpvraag": "Met hulpvraag (%)",
    "huisarts_gem_m": "Afstand huisarts (gem.)",
    "wijkteam_gem_m": "Afstand wijkteam (gem.)",
    "vz_hulp": "Plekken voor hulp",
    "verenigingen": "Verenigingen",
}
"""Columns shown in the handout's table (where present), with short headings."""

e = escape


class HandoutError(RuntimeError):
    """The handout cannot be made here (no Playwright, no Chromium)."""


def chromium_path(chromium: str | os.PathLike[str] | None = None) -> Path:
    """The Chromium to use: the argument, ``SOCIALE_BASIS_CHROMIUM`` or /usr/bin/chromium."""
    path = Path(chromium or os.environ.get(ENV_CHROMIUM) or DEFAULT_CHROMIUM)
    if not path.is_file():
        raise HandoutError(
            f"Chromium niet gevonden op {path}. Installeer het (Debian: 'apt-get install "
            f"chromium') of zet {ENV_CHROMIUM} op het pad van een Chromium of Chrome."
        )
    return path


def ensure_printable(chromium: str | os.PathLike[str] | None = None) -> Path:
    """Check, before any slow work, that a handout can be printed here: Playwright is
    installed and a Chromium is found. Returns the Chromium's path.

    Raises
    ------
    HandoutError
        When Playwright or Chromium is missing, with how to install it.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as err:
        raise HandoutError(
            "voor de handout is het pakket 'playwright' nodig: pip install playwright "
            "(of pip install 'sociale-basis[print]'); 'playwright install' is niet nodig"
        ) from err
    return chromium_path(chromium)


def _launch(playwright: Any, chromium: Path) -> Any:
    return playwright.chromium.launch(
        executable_path=str(chromium), headless=True, args=LAUNCH_ARGS
    )


def _offline(page: Any) -> None:
    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)


def _table(gebied: Gebied, wijkcode: str, buurt: Kerncijfers, wijk: Kerncijfers) -> str:
    columns = [c for c in FIGURES if c in buurt.maten()]
    head = "".join(f'<th title="{e(buurt.kolom(c).label)}">{e(FIGURES[c])}</th>' for c in columns)
    rows = []
    codes = buurt.gebieden.index[buurt.gebieden["wijkcode"] == wijkcode]
    for code in codes:
        cells = "".join(f"<td>{e(buurt.tekst(c, code))}</td>" for c in columns)
        rows.append(f"<tr><th>{e(str(buurt.gebieden.at[code, 'naam']))}</th>{cells}</tr>")
    cells = "".join(f"<td>{e(wijk.tekst(c, wijkcode))}</td>" for c in columns)
    rows.append(f'<tr class="totaal"><th>Hele wijk</th>{cells}</tr>')
    return f"<table><tr><th>Buurt</th>{head}</tr>{''.join(rows)}</table>"


def _legend(m: Any) -> str:
    """The legend the map made (already escaped), to print beside the photographed map."""
    element = m.get_root().html._children.get("sb_legenda")
    return element.render() if element is not None else ""


def _flags(
    signalen: pd.DataFrame | None,
    gebied: Gebied,
    wijkcode: str,
    cijfers: Kerncijfers | None = None,
) -> str:
    """The flags of the wijk and its buurten, most severe first; at most
    :data:`MAX_SIGNALEN` on paper, the rest counted (they are on the wijk map). With
    ``cijfers`` (the page's figures), none about a figure that they hide."""
    from .map_content import present, signal_names

    if signalen is None:
        return "<p>Geen signalen berekend.</p>"
    inside = set(gebied.buurten.index[gebied.buurten["wijkcode"] == wijkcode]) | {wijkcode}
    shown, _ = safe_signalen(signalen, gebied, cijfers=cijfers)
    shown = shown[shown["gebiedcode"].astype(str).isin(inside)]
    if shown["ernst"].notna().any():  # rows without ernst are information, not flags
        shown = shown[shown["ernst"].notna()]
    if shown.empty:
        return "<p>Geen signalen voor deze wijk.</p>"
    order = {"hoog": 0, "midden": 1, "laag": 2}
    # the most severe flag of every area first, then the second of every area, ...
    shown = shown.assign(_o=shown["ernst"].astype(str).map(order).fillna(3))
    shown = shown.sort_values("_o", kind="stable")
    shown = shown.assign(_r=shown.groupby("gebiedcode").cumcount())
    shown = shown.sort_values(["_r", "_o"], kind="stable")
    names = pd.concat([gebied.wijken["wijknaam"], gebied.buurten["buurtnaam"]]).astype(str)
    meaning = signal_names()
    items = []
    for r in shown.head(MAX_SIGNALEN).itertuples():
        ernst = f" ({e(str(r.ernst))})" if present(r.ernst) else ""
        items.append(
            f"<li><b>{e(names.get(str(r.gebiedcode), str(r.gebiedcode)))}</b>: "
            f"{e(meaning.get(str(r.signaal), str(r.signaal)))}{ernst}. {e(str(r.reden))}</li>"
        )
    rest = len(shown) - MAX_SIGNALEN
    more = (
        f'<p class="uitleg">En nog {rest} signalen: zie de wijkkaart (klik op een !) of de '
        "tabel met signalen.</p>"
        if rest > 0
        else ""
    )
    return f"<ul>{''.join(items)}</ul>{more}"


_PAGE = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>{titel}</title>
<style>
@page {{ size: A4; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{ width: 794px; height: 1123px; box-sizing: border-box; padding: 34px 38px 30px;
  font: 12px/1.35 sans-serif; color: #111; background: #fff; overflow: hidden;
  display: flex; flex-direction: column; }}
.signalen {{ flex: 1 1 auto; overflow: hidden; font-size: 11px; min-height: 0; }}
.signalen li {{ margin-bottom: 2px; }}
ol.kansen {{ margin: 0; padding-left: 18px; }}
h1 {{ font-size: 24px; margin: 0; }}
.sub {{ color: #444; margin: 2px 0 10px; }}
.kaartrij {{ display: flex; gap: 10px; align-items: flex-start; }}
.kaartrij img {{ width: 480px; border: 1px solid #999; flex: none; }}
.naast .sb-legenda {{ position: static; max-width: none; max-height: none; box-shadow: none;
  padding: 0; font-size: 11px; }}
.naast summary {{ display: none; }}
h2 {{ font-size: 15px; margin: 12px 0 4px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 10.5px; }}
th, td {{ border: 1px solid #bbb; padding: 2px 4px; text-align: right; vertical-align: top; }}
th:first-child, tr th {{ text-align: left; }}
tr:first-child th {{ background: #eef1f3; text-align: center; font-weight: bold; }}
tr.totaal {{ font-weight: bold; background: #f6f6f6; }}
ul {{ margin: 2px 0; padding-left: 18px; }}
table th {{ font-size: 10px; }}
.uitleg {{ font-size: 9.5px; color: #444; margin: 3px 0; }}
.voet {{ flex: none; font-size: 9.5px; color: #333; border-top: 1px solid #999;
  padding-top: 4px; margin-top: 6px; }}
</style></head>
<body>
<h1>{titel}</h1>
<div class="sub">{ondertitel}</div>
{css}
<div class="kaartrij"><img alt="kaart van de wijk" src="data:image/png;base64,{kaart}">
<div class="naast">{legenda}</div></div>
<h2>Kerncijfers</h2>
{tabel}
<p class="uitleg">Geheim: 0 tot en met 7 personen. Afgeschermd: verborgen zodat een ander
verborgen getal niet terug te rekenen is. Aantallen afgerond op vijftallen.</p>
<h2>Signalen</h2>
<div class="signalen">{signalen}</div>
<h2>Kansen voor groepen</h2>
<div class="signalen kansen">{kansen}</div>
<div class="voet">{voet}</div>
</body></html>
"""


def _outside_event_loop(work: Callable[[], None]) -> None:
    """Run ``work`` here, or in a worker thread when this thread runs an asyncio loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        work()
        return
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


def _page(
    gebied: Gebied,
    wijkcode: str,
    *,
    kaart_png: bytes,
    legenda: str,
    maat: str,
    buurt: Kerncijfers,
    wijk: Kerncijfers,
    signalen: pd.DataFrame | None,
    kansen: pd.DataFrame | None = None,
) -> str:
    """The A4 page as HTML: title, the photographed map with its legend, the table of the
    buurten and the flags. Every text from data is escaped; ``legenda`` is the map's own
    (escaped) legend. Filled in with ``str.format``, which never reads its arguments as a
    template."""
    naam = str(gebied.wijken.at[wijkcode, "wijknaam"])
    titel = naam if naam.lower().startswith("wijk") else f"Wijk {naam}"
    voet = (
        f"Bronnen: {e(gebied.attributie)}. Cijfers afgerond en afgeschermd volgens de "
        "privacyregels (kleine aantallen geheim, geen cijfers over gebieden met "
        "minder dan 10 inwoners); geen gegevens van individuele inwoners."
    )
    if gebied.seed is not None:
        voet += " Inwoners en hun kenmerken zijn synthetisch: geen echte mensen."
    return _PAGE.format(
        titel=e(f"{titel} ({gebied.naam})"),
        ondertitel=e(
            f"Wijkgesprek - {wijkcode} - kaart: {buurt.kolom(maat).label.lower()} "
            f"per buurt - gemaakt op {dt.date.today():%d-%m-%Y}"
        ),
        kaart=base64.b64encode(kaart_png).decode("ascii"),
        css=CSS,
        legenda=legenda,
        tabel=_table(gebied, wijkcode, buurt, wijk),
        signalen=_flags(signalen, gebied, wijkcode, buurt),
        kansen=kansen_html(kansen, gebied, wijkcode, buurt),
        voet=voet,
    )


def _photograph(browser: Any, kaart: Path) -> bytes:
    """The map at :data:`MAP_PX` (twice the pixels, for print), without its own title,
    legend and controls: the page has its own, and a layer control means nothing on
    paper."""
    page = browser.new_page(
        viewport={"width": MAP_PX[0], "height": MAP_PX[1]}, device_scale_factor=2
    )
    try:
        _offline(page)
        page.goto(kaart.as_uri())
        page.wait_for_selector(".leaflet-container")
        page.add_style_tag(
            content=".sb-titel, .sb-legenda, .leaflet-control-layers, "
            ".leaflet-control-zoom, .leaflet-control-scale { display: none; }"
        )
        page.wait_for_timeout(400)
        png: bytes = page.screenshot()
        return png
    finally:
        page.close()


def _print(browser: Any, document: str, out: Path, formaat: str) -> None:
    """The page as an A4 PNG (150 dpi) or PDF."""
    sheet = browser.new_page(
        viewport={"width": A4_CSS_PX[0], "height": A4_CSS_PX[1]},
        device_scale_factor=A4_PX[0] / A4_CSS_PX[0],
    )
    try:
        _offline(sheet)
        sheet.set_content(document, wait_until="load")
        if formaat == "png":
            sheet.screenshot(path=str(out))
        else:
            sheet.pdf(path=str(out), format="A4", print_background=True)
    finally:
        sheet.close()


FORMATEN = ("png", "pdf", "html")
"""What :func:`write_handout` writes, by the suffix of the path."""


def write_handout(
    gebied: Gebied,
    wijkcode: str,
    path: str | os.PathLike[str],
    *,
    maat: str = DEFAULT_MAAT,
    afstanden: pd.DataFrame | None = None,
    signalen: pd.DataFrame | None = None,
    chromium: str | os.PathLike[str] | None = None,
    cijfers: Mapping[str, Kerncijfers] | None = None,
    kansen: pd.DataFrame | None = None,
) -> Path:
    """Write the A4 handout of one wijk as PNG (150 dpi), PDF or HTML, by the suffix of
    ``path``.

    The HTML is the same A4 page as one file (the map as an image inside it), for a
    screen or to print from a browser.

    Parameters
    ----------
    gebied
        The gemeente.
    wijkcode
        The wijk, e.g. ``"WK050323"``.
    path
        Output file ending in ``.png``, ``.pdf`` or ``.html``.
    maat
        The measure that colours the buurten on the map.
    afstanden
        Optional ``distances_by_category`` result over ``gebied.inwoners`` (see
        :func:`sociale_basis.present.figures.kerncijfers`): adds the reach figures.
    signalen
        Optional flags (``gebiedcode``, ``signaal``, ``reden``, ...); those of the wijk and
        its buurten are listed and marked on the map.
    chromium
        Path of the Chromium to use (see :func:`chromium_path`).
    cijfers
        The protected figures per level made already (``{"buurt": ..., "wijk": ...}``, e.g.
        ``sociale_basis.pipeline.analyse(gebied).cijfers``); default made here from
        ``afstanden``.
    kansen
        Optional group opportunities (:func:`sociale_basis.gaps.group_opportunities`):
        the best few per buurt on the map and as a ranked list.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    HandoutError
        When Playwright or Chromium is missing.
    KeyError
        When ``wijkcode`` is no wijk of the gemeente.
    ValueError
        When the suffix of ``path`` is not one of :data:`FORMATEN`.
    """
    out = Path(path)
    formaat = out.suffix.lower().lstrip(".")
    if formaat not in FORMATEN:
        raise ValueError(f"de handout wordt .png, .pdf of .html, niet '{out.suffix}'")
    if wijkcode not in gebied.wijken.index:
        raise KeyError(f"wijk '{wijkcode}' bestaat niet in {gebied.naam}")
    browser_path = ensure_printable(chromium)
    from playwright.sync_api import sync_playwright

    # both levels protected together: the wijk row below its buurten is audited with them
    levels = (
        dict(cijfers) if cijfers is not None else kerncijfers_beide(gebied, afstanden=afstanden)
    )
    buurt, wijk = levels["buurt"], levels["wijk"]
    m = wijk_map(
        gebied, wijkcode, maat, cijfers=buurt, signalen=signalen, kansen=kansen, offline=True
    )
    out.parent.mkdir(parents=True, exist_ok=True)

    def render() -> None:
        """Photograph the map and print the page (needs Playwright's sync API)."""
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            kaart = save_map(m, Path(tmp) / "kaart.html")
            browser = _launch(p, browser_path)
            try:
                document = _page(
                    gebied,
                    wijkcode,
                    kaart_png=_photograph(browser, kaart),
                    legenda=_legend(m),
                    maat=maat,
                    buurt=buurt,
                    wijk=wijk,
                    signalen=signalen,
                    kansen=kansen,
                )
                if formaat == "html":
                    out.write_text(document, encoding="utf-8")
                else:
                    _print(browser, document, out, formaat)
            finally:
                browser.close()

    # Playwright's sync API refuses to run inside an asyncio loop, and Jupyter runs one:
    # there the page is made in a worker thread, which has no loop.
    _outside_event_loop(render)
    return out

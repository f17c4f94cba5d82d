"""The start page of an output folder: every map, table, the signals and the disclosure
report, linked with one sentence each, and the sources written once.

Works offline, from a USB stick: plain HTML, relative links, no script. Every text
escaped with :func:`sociale_basis.core.html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.formatting import format_number
from ..core.gebied import Gebied
from ..core.html import escape

e = escape

UITLEG: dict[str, tuple[str, str]] = {
    "_kaart_buurten.html": (
        "Overzichtskaart per buurt",
        "de hele gemeente per buurt gekleurd, met voorzieningen en per buurt het sterkste signaal.",
    ),
    "_kaart_wijken.html": (
        "Overzichtskaart per wijk",
        "dezelfde maat per wijk: grover, voor een eerste blik.",
    ),
    "_buurten.xlsx": (
        "Tabellen per buurt (Excel)",
        "alle afgeschermde cijfers per buurt, een blad per thema, met een blad uitleg.",
    ),
    "_wijken.xlsx": ("Tabellen per wijk (Excel)", "dezelfde cijfers per wijk."),
    "_signalen.csv": (
        "Signalen",
        "waar iets aandacht vraagt, per buurt en wijk, gerangschikt, met de reden in gewone "
        "woorden.",
    ),
    "_kansen.csv": (
        "Groepskansen",
        "per buurt de beste plekken waar mensen met dezelfde hulpvraag elkaar kunnen "
        "ontmoeten (echte plekken eerst).",
    ),
    "_afscherming.md": (
        "Verantwoording van de afscherming",
        "welke cijfers verborgen zijn en volgens welke privacyregel.",
    ),
    ".gpkg": (
        "GeoPackage voor QGIS",
        "de cijfers, signalen, bereik en voorzieningen als kaartlagen.",
    ),
}
"""Per end of a file name: its title and one sentence."""


def _source_text(bron: dict[str, str]) -> str:
    """A source once: its name, licence and attribution, without a doubled "Bron:"."""
    attributie = bron.get("attributie", "").removeprefix("Bron: ").strip()
    naam = bron.get("naam", attributie)
    licentie = bron.get("licentie")
    extra = f" ({licentie})" if licentie else ""
    shown = f"{naam}{extra}" if attributie in naam else f"{naam}{extra}, {attributie}"
    return f"<li>{e(shown)}</li>"


def herkomst_html(gebied: Gebied) -> str:
    """Per part (inwoners, voorzieningen, verenigingen, professionals) what is real and what
    synthetic, as a paragraph of the start page (``gebied.herkomst_delen``)."""
    tabel = getattr(gebied, "herkomst_delen", None)  # a stand-in of a Gebied may lack it
    if tabel is None or not len(tabel):
        return ""
    delen: dict[str, list[str]] = {}
    for deel, herkomst, aantal in tabel[["deel", "herkomst", "aantal"]].to_numpy().tolist():
        delen.setdefault(str(deel), []).append(f"{herkomst} {format_number(aantal)}")
    tekst = "; ".join(f"{deel}: {', '.join(delen[deel])}" for deel in delen)
    return f"<p><b>Echt of synthetisch, per deel:</b> {e(tekst)}.</p>"


def _item(uit: Path, path: Path, title: str, sentence: str) -> str:
    href = e(path.relative_to(uit).as_posix())
    return f'<li><a href="{href}">{e(title)}</a>: {e(sentence)}</li>'


def write_index(
    gebied: Gebied, uit: Path, written: Sequence[Path], naam: str, wijktitels: dict[Path, str]
) -> Path:
    """Write ``<naam>_index.html`` in ``uit``: the overview maps, the wijk maps (by name,
    ``wijktitels``), the tables, the signals, the group opportunities, the disclosure
    report and a GeoPackage when they are among ``written``; CSV files per theme are
    mentioned together. Returns its path."""
    main: list[str] = []
    tables: list[str] = []
    for path in written:
        for end, (title, sentence) in UITLEG.items():
            if path.name == f"{naam}{end}" or (end == ".gpkg" and path.suffix == ".gpkg"):
                target = tables if end.endswith((".xlsx", ".csv", ".md", ".gpkg")) else main
                target.append(_item(uit, path, title, sentence))
    wijken = [
        f'<li><a href="{e(p.relative_to(uit).as_posix())}">{e(t)}</a></li>'
        for p, t in wijktitels.items()
    ]
    csvs = [p for p in written if p.suffix == ".csv" and p.name.startswith(f"{naam}_wijken_")]
    csv_line = (
        "<p>Elk thema staat ook als CSV-bestand (puntkomma, decimale komma) in deze map, per "
        "wijk en per buurt.</p>"
        if csvs
        else ""
    )
    synthetisch = (
        "<p><b>Let op:</b> de inwoners en hun kenmerken zijn synthetisch (niet echt), "
        f"gemaakt met seed {e(str(gebied.seed))}; ze volgen de CBS-cijfers per buurt.</p>"
        if gebied.seed is not None
        else ""
    ) + herkomst_html(gebied)
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Sociale basis {e(gebied.naam)}</title>"
        "<style>body{font:16px/1.5 sans-serif;margin:2em;max-width:50em}"
        "li{margin:.2em 0}</style></head><body>"
        f"<h1>Sociale basis van {e(gebied.naam)}</h1>{synthetisch}"
        "<p>Alle kaarten werken zonder internet. Cijfers zijn afgerond en afgeschermd "
        "volgens de privacyregels; er staan geen gegevens van individuele inwoners in.</p>"
        f"<h2>Kaarten</h2><ul>{''.join(main)}</ul>"
        + (f"<h3>Per wijk</h3><ul>{''.join(wijken)}</ul>" if wijken else "")
        + f"<h2>Tabellen en signalen</h2><ul>{''.join(tables)}</ul>{csv_line}"
        f"<h2>Bronnen</h2><ul>{''.join(_source_text(b) for b in gebied.bronnen)}"
        + (
            f"<li>synthetische inwoners (seed {e(str(gebied.seed))}), gemaakt met "
            "sociale_basis</li>"
            if gebied.seed is not None
            else ""
        )
        + "</ul></body></html>"
    )
    path = uit / f"{naam}_index.html"
    path.write_text(page, encoding="utf-8")
    return path

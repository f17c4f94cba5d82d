"""Safe tables per wijk and buurt: key figures by theme, CSV, Excel and a disclosure report.

:func:`kerncijfers` gathers the figures of one level (wijk or buurt) by theme and protects
them with :func:`sociale_basis.privacy.protect` (rules R1-R5). The maps take their values
from the same object, so a table and a map never disagree about what may be shown.
:func:`write_tables` writes them as CSV (``;``, decimal comma, UTF-8 with BOM, as Dutch
Excel opens it) and as Excel (a sheet per theme), plus a Markdown report of what was
hidden and why. Text cells (names, reasons, sources) are written as text, never as
formulas (:mod:`sociale_basis._spreadsheet`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.formatting import round_half_up
from ..core.gebied import Gebied
from ..core.paths import file_stem
from ..privacy import (
    Kolom,
    disclosure_report,
)
from .figures import Drempelbron, Kerncijfers, kerncijfers
from .signals import flag_report, safe_signalen
from .spreadsheet import write_csv, write_xlsx
from .themes import (
    Niveau,
    code_of,
)

# --- flags ---------------------------------------------------------------------------


# --- writing -------------------------------------------------------------------------


def _cell(value: object, kolom: Kolom | None) -> object:
    """A value for Excel: a rounded number, a label, or None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        decimals = kolom.decimalen if kolom is not None else 2
        number = round_half_up(float(value), decimals)
        return int(number) if decimals == 0 else number
    return str(value)


def sheet(k: Kerncijfers, thema: str) -> pd.DataFrame:
    """One theme as it is written: names first, then every column as shown."""
    tabel = k.themas[thema]
    shown = tabel.weergave()
    out = k.gebieden.copy()
    for name in shown.columns:
        kolom = tabel.kolommen[name]
        out[name] = pd.Series([_cell(v, kolom) for v in shown[name]], index=out.index, dtype=object)
    out.index.name = code_of(k.niveau)
    return out


def _uitleg(tabellen: Mapping[str, Kerncijfers]) -> pd.DataFrame:
    rows = []
    for niveau, k in tabellen.items():
        for thema, tabel in k.themas.items():
            for kolom in tabel.kolommen.values():
                rules = {
                    "aantal": "R1, R3, R5",
                    "hulpvraag": "R2, R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "aandeel": "R3"
                    + (", R4" if kolom.gevoelig else "")
                    + ", verborgen waar teller of noemer verborgen is",
                    "maat": "R3" + (", R4" if kolom.gevoelig else "") + ", R5",
                    "plek": "geen (gaat over plekken, niet over personen)",
                    "tekst": "R3",
                }[kolom.soort]
                if not kolom.secundair and kolom.soort != "plek":
                    rules = rules.replace(", R5", "") + " (openbaar cijfer)"
                rows.append((niveau, thema, kolom.naam, kolom.label, kolom.eenheid, rules))
    return pd.DataFrame(
        rows, columns=["niveau", "thema", "kolom", "betekenis", "eenheid", "regels"]
    ).drop_duplicates(["niveau", "kolom"])


def write_tables(
    gebied: Gebied,
    map: str | Path,
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: Mapping[str, pd.DataFrame] | None = None,
    signalen: pd.DataFrame | None = None,
    naam: str | None = None,
    drempels: Drempelbron = None,
    drempel_m: float | None = None,
    cijfers: Mapping[str, Kerncijfers] | None = None,
) -> list[Path]:
    """Write the protected figures per wijk and per buurt, and the disclosure report.

    Files (``<naam>`` defaults to the gemeente's name in lower case):

    - ``<naam>_wijken_<thema>.csv`` and ``<naam>_buurten_<thema>.csv``: one per theme,
      separator ``;``, decimal comma, UTF-8 with BOM; hidden cells hold the rule's label
      (``geheim``, ``te weinig inwoners``, ``te weinig personen``, ``afgeschermd``);
    - ``<naam>_wijken.xlsx`` and ``<naam>_buurten.xlsx``: a sheet per theme, plus
      ``uitleg`` (what each column means and which rules apply) and ``bronnen``;
    - ``<naam>_signalen.csv`` (when ``signalen`` are given), also a sheet ``signalen``;
    - ``<naam>_afscherming.md``: per rule what was hidden.

    Text cells (names, reasons, sources, column names, area codes) are written as text,
    never as formulas: in CSV a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a ``'`` in front (OWASP), in Excel it is a string cell. Numbers
    stay numbers (see :mod:`sociale_basis._spreadsheet`).

    Parameters
    ----------
    gebied
        The gemeente.
    map
        Folder to write into (made when missing).
    afstanden, drempels, drempel_m
        See :func:`kerncijfers`: the distances of the reach shares are those of the
        signals, per category.
    cohesie
        ``{"wijk": measure_cohesion(G, niveau="wijk"), "buurt": measure_cohesion(G,
        niveau="buurt")}``;
        either may be left out.
    signalen
        Flags (``gebiedcode``, ``niveau``, ``signaal``, ``ernst``, ``waarde``,
        ``drempel``, ``reden``), e.g. from ``sociale_basis.gaps.find_signalen``.
    cijfers
        Figures already made with :func:`kerncijfers`, by level (``"wijk"``, ``"buurt"``),
        so they are not computed twice; a level not given is computed from the inputs.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(map)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = file_stem(naam or gebied.naam)
    tabellen = _levels(gebied, cijfers, afstanden, cohesie, drempels, drempel_m)
    shown_flags = left_flags = None
    if signalen is not None:
        shown_flags, left_flags = safe_signalen(signalen, gebied, cijfers=tabellen["buurt"])
    written: list[Path] = []
    for level, k in tabellen.items():
        written += _write_level(folder, prefix, level, k, shown_flags, _uitleg(tabellen), gebied)
    if shown_flags is not None:
        path = folder / f"{prefix}_signalen.csv"
        write_csv(shown_flags, path, index=False)
        written.append(path)
    path = folder / f"{prefix}_afscherming.md"
    path.write_text(_report(gebied, tabellen, left_flags), encoding="utf-8")
    written.append(path)
    return written


def _levels(
    gebied: Gebied,
    cijfers: Mapping[str, Kerncijfers] | None,
    afstanden: pd.DataFrame | None,
    cohesie: Mapping[str, pd.DataFrame] | None,
    drempels: Drempelbron,
    drempel_m: float | None,
) -> dict[str, Kerncijfers]:
    """The figures per level: those given, else made here."""
    tabellen: dict[str, Kerncijfers] = {}
    niveaus: tuple[Niveau, ...] = ("wijk", "buurt")
    for niveau in niveaus:
        given = (cijfers or {}).get(niveau)
        if given is not None and given.niveau != niveau:
            raise ValueError(f"cijfers['{niveau}'] zijn per {given.niveau}")
        tabellen[niveau] = given or kerncijfers(
            gebied,
            niveau,
            afstanden=afstanden,
            cohesie=(cohesie or {}).get(niveau),
            drempels=drempels,
            drempel_m=drempel_m,
        )
    return tabellen


def _bronnen(gebied: Gebied) -> pd.DataFrame:
    """The sheet of sources, with the people marked synthetic when they are."""
    mensen = "synthetisch (geen echte personen)" if gebied.seed is not None else "eigen gegevens"
    return pd.DataFrame(
        {
            "bron": [b.get("naam", "") for b in gebied.bronnen] + ["inwoners en hun banden"],
            "licentie": [b.get("licentie", "") for b in gebied.bronnen] + [""],
            "vermelding": [b.get("attributie", "") for b in gebied.bronnen] + [mensen],
        }
    )


def _write_level(
    folder: Path,
    prefix: str,
    level: str,
    k: Kerncijfers,
    shown_flags: pd.DataFrame | None,
    uitleg: pd.DataFrame,
    gebied: Gebied,
) -> list[Path]:
    """A CSV per theme and one Excel book (a sheet per theme, signals, uitleg, bronnen)."""
    plural = f"{level}en"
    written = []
    sheets = {thema: sheet(k, thema) for thema in k.themas}
    for thema, frame in sheets.items():
        path = folder / f"{prefix}_{plural}_{thema}.csv"
        write_csv(frame, path)
        written.append(path)
    blad: dict[str, tuple[pd.DataFrame, bool]] = {t: (f, True) for t, f in sheets.items()}
    if shown_flags is not None:
        blad["signalen"] = (shown_flags[shown_flags["niveau"].astype(str) == level], False)
    blad["uitleg"] = (uitleg[uitleg["niveau"] == level], False)
    blad["bronnen"] = (_bronnen(gebied), False)
    xlsx = folder / f"{prefix}_{plural}.xlsx"
    write_xlsx(xlsx, blad)
    written.append(xlsx)
    return written


def _report(
    gebied: Gebied, tabellen: Mapping[str, Kerncijfers], left_flags: pd.DataFrame | None
) -> str:
    """The disclosure report: what each rule hid, the flags held back, the sources."""
    report = disclosure_report(
        {
            f"{niveau}en: {thema}": tabel
            for niveau, k in tabellen.items()
            for thema, tabel in k.themas.items()
        },
        titel=f"Afscherming van de tabellen en kaarten van {gebied.naam}",
    )
    report += flag_report(left_flags)
    report += "\n## Bronnen\n\n" + gebied.attributie + "\n"
    if gebied.seed is not None:
        report += (
            "\nDe cijfers over inwoners, hulpvragen, banden en bereik zijn berekend op een "
            "synthetische bevolking en gaan niet over echte mensen.\n"
        )
    return report

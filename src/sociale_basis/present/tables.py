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
from ..core.gebied import DELEN, EIGEN_BESTAND, SYNTHETISCH, Gebied
from ..core.paths import file_stem
from ..gaps import rank_signalen
from ..gaps.reasons import join_dutch
from ..privacy import (
    Kolom,
    disclosure_report,
)
from .figures import Drempelbron, Kerncijfers, kerncijfers
from .kansen import kansen_report, safe_kansen
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
    kansen: pd.DataFrame | None = None,
) -> list[Path]:
    """Write the protected figures per wijk and per buurt, and the disclosure report.

    Files (``<naam>`` defaults to the gemeente's name in lower case):

    - ``<naam>_wijken_<thema>.csv`` and ``<naam>_buurten_<thema>.csv``: one per theme,
      separator ``;``, decimal comma, UTF-8 with BOM; hidden cells hold the rule's label
      (``geheim``, ``te weinig inwoners``, ``te weinig personen``, ``afgeschermd``);
    - ``<naam>_wijken.xlsx`` and ``<naam>_buurten.xlsx``: a sheet per theme, plus
      ``uitleg`` (what each column means and which rules apply) and ``bronnen``;
    - ``<naam>_signalen.csv`` (when ``signalen`` are given), also a sheet ``signalen``:
      ranked per area (``rang``, ``bericht``: see :func:`sociale_basis.gaps.rank_signalen`);
    - ``<naam>_kansen.csv`` (when ``kansen`` are given), also a sheet ``kansen`` of the
      buurten: the group opportunities that may be shown
      (:func:`~sociale_basis.present.kansen.safe_kansen`), ranked per buurt;
    - ``<naam>_afscherming.md``: per rule what was hidden.

    Every table whose figures rest on synthetic people (a gemeente with a synthetic
    population: ``gebied.seed``) says so: a column ``bron`` in every row, and " (synthetisch)"
    in the name of its sheet.

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
    kansen
        Group opportunities from :func:`sociale_basis.gaps.group_opportunities`.

    Returns
    -------
    list of Path
        Every file written.
    """
    folder = Path(map)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = file_stem(naam or gebied.naam)
    tabellen = _levels(gebied, cijfers, afstanden, cohesie, drempels, drempel_m)
    shown_flags, left_flags = published_signalen(signalen, gebied, tabellen["buurt"])
    shown_kansen, left_kansen = published_kansen(kansen, gebied, tabellen["buurt"])
    written: list[Path] = []
    uitleg = _uitleg(tabellen)
    if any(bron_of(gebied, t) for t in ("bevolking", "voorzieningen")):
        uitleg = pd.concat([uitleg, _uitleg_bron()], ignore_index=True)
    for level, k in tabellen.items():
        extra = {"signalen": shown_flags, "kansen": shown_kansen if level == "buurt" else None}
        written += _write_level(folder, prefix, level, k, extra, uitleg, gebied)
    for name, frame in (("signalen", shown_flags), ("kansen", shown_kansen)):
        if frame is not None:
            path = folder / f"{prefix}_{name}.csv"
            write_csv(frame, path, index=False)
            written.append(path)
    path = folder / f"{prefix}_afscherming.md"
    report = _report(gebied, tabellen, left_flags)
    if shown_kansen is not None:
        report += "\n" + kansen_report(left_kansen, len(shown_kansen))
    path.write_text(report, encoding="utf-8")
    written.append(path)
    return written


Gepubliceerd = tuple[pd.DataFrame | None, pd.DataFrame | None]
"""(shown, left_out) of a table that may be None when its input was not given."""


def published_signalen(
    signalen: pd.DataFrame | None, gebied: Gebied, buurt: Kerncijfers
) -> Gepubliceerd:
    """The signals exactly as the tables publish them (ranked per area, marked synthetic),
    and those left out; (None, None) without signals. The GeoPackage uses the same."""
    if signalen is None:
        return None, None
    shown, left = safe_signalen(signalen, gebied, cijfers=buurt)
    ranked = rank_signalen(shown).drop(columns="score")
    return _marked(ranked, bron_of(gebied, "signalen")), left


def published_kansen(
    kansen: pd.DataFrame | None, gebied: Gebied, buurt: Kerncijfers
) -> Gepubliceerd:
    """The group opportunities exactly as the tables publish them (ranked per buurt,
    ``echt`` as ja/nee, marked synthetic), and those left out; (None, None) without."""
    if kansen is None:
        return None, None
    shown, left = safe_kansen(kansen, buurt)
    if "echt" in shown.columns:  # a yes or no for people, not True/False
        shown["echt"] = shown["echt"].map({True: "ja", False: "nee"})
    return _marked(shown, bron_of(gebied, "kansen")), left


SYNTHETISCHE_INWONERS = "synthetische inwoners (geen echte mensen)"
"""The ``bron`` of a figure that rests on the synthetic population."""


def bron_of(gebied: Gebied, thema: str) -> str | None:
    """What the figures of a table rest on, when that is synthetic: the text of its column
    ``bron`` (None for a table of real figures only).

    ``bevolking``, ``cohesie``, ``bereik``, ``signalen`` and ``kansen`` rest on the inwoners
    (synthetic in a bundle: ``gebied.seed``); ``voorzieningen`` on places, of which the
    verenigingen, the professionals and the voorzieningen the generator added are
    synthetic.
    """
    synthetic_people = getattr(gebied, "seed", None) is not None
    if thema == "voorzieningen":
        return _bron_plekken(gebied)
    if not synthetic_people:
        return None
    if thema == "bevolking":
        return f"{SYNTHETISCHE_INWONERS}; alleen de kolom inwoners is van het CBS"
    return SYNTHETISCHE_INWONERS


def _bron_plekken(gebied: Gebied) -> str | None:
    """What the places of a gebied rest on, per part: which are (partly) synthetic and
    which come from the user's own files (``gebied.eigen_delen``)."""
    synthetic = [
        naam
        for naam, frame in (
            ("verenigingen", gebied.verenigingen),
            ("professionals", gebied.professionals),
            ("aangevulde voorzieningen", gebied.voorzieningen),
        )
        if len(frame) and "bron" in frame.columns and (frame["bron"] == SYNTHETISCH).any()
    ]
    eigen = [d for d in DELEN if d in getattr(gebied, "eigen_delen", ())]
    parts = []
    if synthetic:
        parts.append(f"deels synthetisch: {join_dutch(synthetic)} (geen echte plekken of personen)")
    if eigen:
        parts.append(f"{EIGEN_BESTAND}: {join_dutch(eigen)}")
    return "; ".join(parts) or None


def _uitleg_bron() -> pd.DataFrame:
    """The row of the sheet ``uitleg`` about the column ``bron``, for both levels."""
    betekenis = (
        "Waar de cijfers van de rij op rusten. 'synthetische inwoners': berekend op een "
        "synthetische bevolking (gezaaid, op echte adressen, met de echte leeftijdsopbouw), "
        "niet op echte mensen; de cijfers laten zien hoe de methode werkt, niet hoe het "
        "echt is. 'deels synthetisch: ...' noemt de synthetische delen; 'echt (eigen "
        "bestand): ...' de delen uit uw eigen bestanden (verenigingen, professionals, "
        "voorzieningen), die de synthetische van hun soort vervangen."
    )
    return pd.DataFrame(
        [(n, "alle", "bron", betekenis, "", "") for n in ("wijk", "buurt")],
        columns=["niveau", "thema", "kolom", "betekenis", "eenheid", "regels"],
    )


def _marked(frame: pd.DataFrame, bron: str | None) -> pd.DataFrame:
    """``frame`` with the column ``bron`` when its figures rest on synthetic people."""
    if bron is None:
        return frame
    return frame.assign(bron=bron)


def sheet_title(thema: str, bron: str | None) -> str:
    """The name of a sheet: the theme, with " (synthetisch)" when its figures are."""
    if bron is None or "synthetisch" not in bron:  # own files only: real, no mark
        return thema
    return f"{thema} (synthetisch)"


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
    extra: Mapping[str, pd.DataFrame | None],
    uitleg: pd.DataFrame,
    gebied: Gebied,
) -> list[Path]:
    """A CSV per theme and one Excel book (a sheet per theme, the signals of this level and
    the other ``extra`` tables, uitleg, bronnen)."""
    plural = f"{level}en"
    written = []
    blad: dict[str, tuple[pd.DataFrame, bool]] = {}
    for thema in k.themas:
        bron = bron_of(gebied, thema)
        frame = _marked(sheet(k, thema), bron)
        path = folder / f"{prefix}_{plural}_{thema}.csv"
        write_csv(frame, path)
        written.append(path)
        blad[sheet_title(thema, bron)] = (frame, True)
    for name, table in extra.items():
        if table is None:
            continue
        if "niveau" in table.columns:
            table = table[table["niveau"].astype(str) == level]
        blad[sheet_title(name, bron_of(gebied, name))] = (table, False)
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

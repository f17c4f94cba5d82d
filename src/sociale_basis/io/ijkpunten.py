"""A user's own targets ("ijkpunten") for the synthetic population: a CSV with
``gebiedcode`` and one column per indicator.

Columns
    ``gebiedcode`` (a CBS code ``BU...``, ``WK...`` or ``GM...``; also ``WijkenEnBuurten``,
    ``RegioS`` or ``Codering_3`` as in CBS's own downloads), and indicator columns by our
    plain name or by their CBS/50120NED field name
    (:data:`sociale_basis.core.ijkpunten.INDICATOREN`: ``eenzaam_ernstig`` or
    ``ErnstigZeerErnstigEenzaam_28``, ``mantelzorger`` or ``Mantelzorger_31``,
    ``vrijwilliger`` or ``Vrijwilligerswerk_32``, ``laag_inkomen``, ``sociaal_minimum``,
    ``verweduwd``, ``herkomst_europa``, ``herkomst_buiten_europa``). Optional: ``periode``
    (kept in the fit report; CBS's ``Perioden`` too), ``eenheid`` (``percentage``, the
    default, or ``aantal``: a count of units, turned into a share by the generator's own
    number of units in that area), ``bron``.
Values
    Percentages between 0 and 100 (decimal comma accepted), counts of 0 or more; an empty
    cell means no target for that area. Other 50120NED columns (margins, other indicators)
    are listed in :attr:`Rapport.opmerkingen` as not used, never silently dropped.
Problems
    Collected and raised as one :class:`~sociale_basis.core.errors.ValidationError`
    (``file:row:column: value -> problem -> fix``): a missing ``gebiedcode``, an unknown
    or foreign code (with ``codes=``), a value that is not a number or out of range, an
    unknown ``eenheid``, the same area twice, a file without any indicator column.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from ..core.errors import Problem, ValidationError
from ..core.ijkpunten import IJKPUNT_KOLOMMEN, INDICATOREN, gebied_niveau, indicator_name
from .cells import close_match, header_key, parse_number
from .files import load

CODE_NAMEN = ("gebiedcode", "wijkenenbuurten", "regios", "codering_3", "codering")
PERIODE_NAMEN = ("periode", "perioden")
EENHEDEN = ("percentage", "aantal")


@dataclass
class IjkpuntenGelezen:
    """The targets of a file: ``data`` in the long form of
    :data:`~sociale_basis.core.ijkpunten.IJKPUNT_KOLOMMEN` plus ``eenheid`` (``waarde`` a
    share 0-1 for percentages, a count for ``aantal``), and what was not used."""

    data: pd.DataFrame
    opmerkingen: list[str] = field(default_factory=list)


def read_ijkpunten(
    path: str | os.PathLike[str],
    *,
    codes: Collection[str] | None = None,
    encoding: str | None = None,
) -> IjkpuntenGelezen:
    """Read a targets file (rules in the module docstring).

    Parameters
    ----------
    path
        A CSV file (``,`` ``;`` or tab; UTF-8, or name the encoding).
    codes
        The area codes the targets may name (buurten, wijken and the gemeente); None
        accepts every well-formed code.
    encoding
        For example ``"cp1252"`` for an older Excel export.

    Raises
    ------
    ValidationError
        Every problem at once, each with file, row, column, value and how to fix it.
    """
    # Long on purpose: one pass over the header and the rows that collects every problem with
    # its row and column (DESIGN §6), as the other readers do.
    b = load(path, "ijkpunten", None, encoding, None, None, None, vector_ok=False)
    t = b.tabel
    name = t.file
    headers = list(t.cells.columns)
    keys = {h: header_key(h) for h in headers}
    problems: list[Problem] = []
    code_col = next((h for h in headers if keys[h] in CODE_NAMEN), None)
    periode_col = next((h for h in headers if keys[h] in PERIODE_NAMEN), None)
    eenheid_col = next((h for h in headers if keys[h] == "eenheid"), None)
    bron_col = next((h for h in headers if keys[h] == "bron"), None)
    indicators = {h: indicator_name(h) for h in headers}
    used = [h for h, i in indicators.items() if i is not None]
    others = [
        h
        for h in headers
        if h not in used and h not in (code_col, periode_col, eenheid_col, bron_col)
    ]
    notes = [f"kolom '{h}' is geen ijkpunt dat we gebruiken; niet gebruikt" for h in others]
    known = [*INDICATOREN, *(n for i in INDICATOREN.values() for n in i.namen)]
    if code_col is None:
        close = next((h for h in others if close_match(keys[h], ["gebiedcode"])), None)
        problems.append(
            Problem(
                name, 1, close, close, "de kolom 'gebiedcode' ontbreekt",
                f"hernoem '{close}' naar 'gebiedcode'" if close
                else "voeg een kolom gebiedcode toe met CBS-codes (BU..., WK..., GM...)",
            )
        )  # fmt: skip
    if not used:
        guesses = [(h, close_match(h, known)) for h in others]
        hint = "; ".join(f"'{h}': bedoelde u '{g}'?" for h, g in guesses if g)
        problems.append(
            Problem(
                name, 1, None, ", ".join(headers), "geen enkele kolom met een ijkpunt",
                hint or f"geef een of meer van deze kolommen: {', '.join(INDICATOREN)}",
            )
        )  # fmt: skip
    if problems or code_col is None:  # code_col None is among the problems
        raise ValidationError(problems, name)

    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for pos in range(t.n):
        row = t.rows[pos]
        cells = t.cells.iloc[pos]
        code = str(cells[code_col]).strip().upper()
        if gebied_niveau(code) is None:
            problems.append(
                Problem(name, row, code_col, cells[code_col], "geen CBS-gebiedcode",
                        "geef een code als BU05031102, WK050311 of GM0503")
            )  # fmt: skip
            continue
        if codes is not None and code not in codes:
            close = close_match(code, list(codes))
            problems.append(
                Problem(name, row, code_col, code, "dit gebied hoort niet bij de gemeente",
                        f"bedoelde u '{close}'?" if close else "controleer de gemeente en het jaar")
            )  # fmt: skip
            continue
        eenheid = "percentage"
        if eenheid_col is not None and str(cells[eenheid_col]).strip():
            eenheid = str(cells[eenheid_col]).strip().lower()
            if eenheid not in EENHEDEN:
                problems.append(
                    Problem(name, row, eenheid_col, cells[eenheid_col], "onbekende eenheid",
                            "kies 'percentage' of 'aantal'")
                )  # fmt: skip
                continue
        periode = "" if periode_col is None else str(cells[periode_col]).strip()
        for h in used:
            try:
                value = parse_number(cells[h])
            except ValueError:
                problems.append(
                    Problem(name, row, h, cells[h], "geen getal",
                            "geef een getal, bijv. 12,5 (decimaalkomma mag)")
                )  # fmt: skip
                continue
            if value is None:
                continue
            if value < 0 or (eenheid == "percentage" and value > 100):
                problems.append(
                    Problem(name, row, h, cells[h], f"buiten het bereik van een {eenheid}",
                            "een percentage ligt tussen 0 en 100, een aantal is 0 of meer")
                )  # fmt: skip
                continue
            indicator = str(indicators[h])
            key = (code, indicator, periode)
            if key in seen:
                problems.append(
                    Problem(name, row, h, code, f"{indicator} van {code} staat er twee keer in "
                            f"(ook rij {seen[key]})", "houd één rij per gebied en periode over")
                )  # fmt: skip
                continue
            seen[key] = row
            rows.append(
                {
                    "gebiedcode": code,
                    "indicator": indicator,
                    "waarde": value / 100.0 if eenheid == "percentage" else value,
                    "periode": periode,
                    "bron": str(cells[bron_col]).strip() if bron_col else f"eigen bestand {name}",
                    "eenheid": eenheid,
                }
            )
    if problems:
        raise ValidationError(problems, name)
    data = pd.DataFrame(rows, columns=[*IJKPUNT_KOLOMMEN, "eenheid"])
    periods = {p for p in data["periode"] if p}
    if len(periods) > 1:
        # several periods: the latest per area and indicator is used, the others are noted
        data = data.sort_values("periode", kind="stable")
        latest = data.groupby(["gebiedcode", "indicator"]).tail(1)
        notes.append(
            f"{len(data) - len(latest)} rij(en) uit een eerdere periode niet gebruikt "
            f"(gebruikt: de laatste periode per gebied; periodes: {', '.join(sorted(periods))})"
        )
        data = latest.sort_index()
    return IjkpuntenGelezen(data.reset_index(drop=True), notes)

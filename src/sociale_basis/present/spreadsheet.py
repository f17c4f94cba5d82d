"""Tables written for spreadsheets (CSV and Excel): text stays text, numbers stay numbers.

Every CSV and Excel file the package writes goes through :func:`write_csv` and
:func:`write_xlsx` (DESIGN §5, OWASP "CSV injection"). Names of areas, verenigingen and
sources, reasons of flags and column names can come from outside; a spreadsheet must show
them, never run them. A cell ``=HYPERLINK("http://x","klik")`` would otherwise become a live
formula.

CSV
    A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a ``'`` in front (:func:`safe_csv_text`), so Excel and LibreOffice read it as
    text. Numbers the package formats itself (``-3,5``) are numbers and get no prefix.
Excel
    Text is written as a string cell (its type set explicitly, so a text starting with
    ``=`` never becomes a formula) and marked with Excel's quote prefix when it starts
    with one of those characters, so editing the cell keeps it text. Numbers (also
    negative ones) are number cells. Characters XML cannot hold (control characters
    other than tab, newline and carriage return) become U+FFFD.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

FORMULE_TEKENS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these can be read as a formula (OWASP)."""

# What openpyxl refuses (XML 1.0 cannot hold it): control characters except \t \n \r.
_ONTOEGESTAAN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Excel's limits on the name of a sheet.
_BLADNAAM_TEKENS = re.compile(r"[\[\]:*?/\\]")
_BLADNAAM_LENGTE = 31


def safe_csv_text(text: str) -> str:
    """A text cell for CSV: ``'`` in front when it starts with ``=``, ``+``, ``-``, ``@``,
    a tab or a carriage return (OWASP), else unchanged.

    ``safe_csv_text('=1+1')`` gives ``"'=1+1"``; ``safe_csv_text('Buurthuis')`` gives
    ``'Buurthuis'``. Only for text: format numbers first (see :func:`csv_cell`).
    """
    return "'" + text if text.startswith(FORMULE_TEKENS) else text


def is_number(value: object) -> bool:
    """True for ints and floats (numpy's too), not for bool or text."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def is_empty(value: object) -> bool:
    """True for None, NaN, NA and NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def csv_cell(value: object) -> str:
    """One cell as Dutch CSV text: a number with a decimal comma and no thousands
    separator (``-3,5``, ``1200``), empty for a missing value, and any other value as
    text made safe with :func:`safe_csv_text`."""
    if is_empty(value):
        return ""
    if isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
        return str(int(value))
    if is_number(value) and math.isfinite(float(value)):  # type: ignore[arg-type]
        number = float(value)  # type: ignore[arg-type]
        return str(int(number)) if number.is_integer() else repr(number).replace(".", ",")
    return safe_csv_text(str(value))


def write_csv(frame: pd.DataFrame, path: Path, *, index: bool = True) -> None:
    """Write ``frame`` as Dutch Excel reads a CSV: ``;``, decimal comma, UTF-8 with BOM.

    Every cell, the header and the index (area codes) pass :func:`csv_cell`, so no text
    cell can start a formula.
    """
    header = [csv_cell(c) for c in frame.columns]
    columns = [[csv_cell(v) for v in frame.iloc[:, i].tolist()] for i in _positions(frame)]
    if index:
        header.insert(0, "" if frame.index.name is None else csv_cell(frame.index.name))
        columns.insert(0, [csv_cell(v) for v in frame.index.tolist()])
    rows = list(zip(*columns, strict=True)) if columns else []
    # Line ends \r\n (RFC 4180): the csv module then quotes every cell holding a \r or \n,
    # so a name with a line break stays one cell.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def _positions(frame: pd.DataFrame) -> list[int]:
    """Column positions; ``frame.iloc[:, i]`` also works when two columns share a name."""
    return list(range(len(frame.columns)))


def write_xlsx(path: Path, sheets: Mapping[str, tuple[pd.DataFrame, bool]]) -> None:
    """Write an Excel workbook: per sheet name a frame and whether to write its index.

    Header cells are bold, like pandas writes them. Text is a string cell, numbers are
    number cells, missing values are empty cells; nothing is ever a formula.
    """
    book = openpyxl.Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for name, (frame, index) in sheets.items():
        sheet = book.create_sheet(sheet_name(name, used))
        header: list[object] = list(frame.columns)
        if index:
            header.insert(0, frame.index.name)
        for col, value in enumerate(header, start=1):
            cell = sheet.cell(row=1, column=col)
            _put(cell, value)
            cell.font = bold
        columns = [frame.iloc[:, i].tolist() for i in _positions(frame)]
        if index:
            columns.insert(0, frame.index.tolist())
        for col, values in enumerate(columns, start=1):
            for row, value in enumerate(values, start=2):
                _put(sheet.cell(row=row, column=col), value)
    book.save(path)


def _put(cell: Cell, value: object) -> None:
    """Set one Excel cell: a number, nothing, or text that is never a formula."""
    if is_empty(value):
        return
    if isinstance(value, bool | np.bool_):
        cell.value = bool(value)
        return
    if is_number(value):
        number = float(value)  # type: ignore[arg-type]
        if math.isfinite(number):
            cell.value = int(number) if isinstance(value, int | np.integer) else number
            return
    text = _ONTOEGESTAAN.sub("\ufffd", str(value))
    cell.value = text
    # openpyxl makes a text starting with "=" a formula; the type is set after the value.
    cell.data_type = "s"
    if text.startswith(FORMULE_TEKENS):
        cell.quotePrefix = True


def sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name (``used`` is updated; compared case-insensitively).

    Characters Excel refuses (``[]:*?/\\``) become ``_``, a leading or trailing ``'`` is
    dropped, the name is cut at 31 characters and numbered when it is taken already.
    """
    base = _BLADNAAM_TEKENS.sub("_", _ONTOEGESTAAN.sub("", str(name))).strip("'").strip()
    base = (base or "blad")[:_BLADNAAM_LENGTE]
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[: _BLADNAAM_LENGTE - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate

"""CSV and Excel cells: text stays text (never a formula), numbers stay numbers."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sociale_basis.present.spreadsheet import (
    csv_cell,
    safe_csv_text,
    sheet_name,
    write_csv,
    write_xlsx,
)

HOSTILE = ['=HYPERLINK("http://x","klik")', "\t=1+1", "+1", "-1+1", "@SUM(A1)", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_be_a_formula_gets_a_quote(text: str) -> None:
    assert safe_csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Buurthuis De Vonk", "'s-Gravenzande", " =x", "a=b", "", "1+1"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert safe_csv_text(text) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-3.5, "-3,5"),
        (np.float64(-0.25), "-0,25"),
        (-3, "-3"),
        (np.int64(-12), "-12"),
        (1200.0, "1200"),
        (None, ""),
        (np.nan, ""),
        (pd.NA, ""),
        ("-3,5", "'-3,5"),  # text that looks like a number is still text
        ("geheim", "geheim"),
    ],
)
def test_csv_cell_formats_numbers_and_protects_text(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_write_csv_protects_index_header_and_cells(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"naam": HOSTILE, "=kolom": [-1.5, -2, 3, 0.5, None, 7]},
        index=pd.Index(["=A1", "+B", "C", "D", "E", "F"], name="@code"),
    )
    path = tmp_path / "t.csv"
    write_csv(frame, path)
    rows = _read_csv(path)
    assert rows[0] == ["'@code", "naam", "'=kolom"]
    assert [r[0] for r in rows[1:]] == ["'=A1", "'+B", "C", "D", "E", "F"]
    assert [r[1] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert [r[2] for r in rows[1:]] == ["-1,5", "-2", "3", "0,5", "", "7"]  # numbers as numbers


def test_write_csv_without_index_and_with_duplicate_column_names(tmp_path: Path) -> None:
    frame = pd.DataFrame([["=a", 1], ["b", -2]], columns=["x", "x"])
    path = tmp_path / "t.csv"
    write_csv(frame, path, index=False)
    assert _read_csv(path) == [["x", "x"], ["'=a", "1"], ["b", "-2"]]


def test_write_csv_of_an_empty_frame_writes_the_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pd.DataFrame(columns=["a", "=b"]), path, index=False)
    assert _read_csv(path) == [["a", "'=b"]]


def test_write_xlsx_has_no_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "naam": HOSTILE,
            "waarde": [-1.5, -2, 3, np.int64(4), None, np.float64(-0.5)],
            "vlag": [True, False, True, False, True, np.bool_(False)],
        },
        index=pd.Index(["=A1", "B", "C", "D", "E", "F"], name="=code"),
    )
    path = tmp_path / "t.xlsx"
    write_xlsx(path, {"blad": (frame, True), "zonder index": (frame, False)})
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["blad", "zonder index"]
    sheet = book["blad"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in sheet[1]] == ["=code", "naam", "waarde", "vlag"]
    assert sheet["A1"].data_type == "s" and sheet["A2"].value == "=A1"
    names = [sheet.cell(row=r, column=2) for r in range(2, 8)]
    assert all(c.data_type == "s" for c in names)
    # XML keeps a carriage return as a newline; what matters is that it stays text
    assert [c.value for c in names] == [*HOSTILE[:5], "\n=1"]
    assert all(c.quotePrefix for c in names)  # editing the cell in Excel keeps it text
    numbers = [sheet.cell(row=r, column=3) for r in range(2, 8)]
    assert [c.value for c in numbers] == [-1.5, -2, 3, 4, None, -0.5]
    assert all(c.data_type == "n" for c in numbers)
    assert [sheet.cell(row=r, column=4).value for r in range(2, 8)] == [
        True, False, True, False, True, False
    ]  # fmt: skip
    assert book["zonder index"]["A1"].value == "naam"


def test_write_xlsx_replaces_characters_xml_cannot_hold(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_xlsx(path, {"blad": (pd.DataFrame({"naam": ["a\x01b", "tab\tok"]}), False)})
    sheet = openpyxl.load_workbook(path)["blad"]
    assert [sheet["A2"].value, sheet["A3"].value] == ["a\ufffdb", "tab\tok"]


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_name("bevolking", used) == "bevolking"
    assert sheet_name("Bevolking", used) == "Bevolking (2)"
    assert sheet_name("a/b:c[d]*?", used) == "a_b_c_d___"
    assert sheet_name("'=x'", used) == "=x"
    assert sheet_name("", used) == "blad"
    long = sheet_name("x" * 40, used)
    assert long == "x" * 31
    assert sheet_name("x" * 40, used) == "x" * 27 + " (2)"

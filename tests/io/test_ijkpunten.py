"""A user's targets file: names, units, periods and every kind of bad input."""

from __future__ import annotations

import pytest

from sociale_basis.core.errors import ValidationError
from sociale_basis.io import read_ijkpunten


def _write(tmp_path, text, name="doelen.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_50120ned_names_decimal_comma_and_counts(tmp_path):
    p = _write(
        tmp_path,
        "gebiedcode;ErnstigZeerErnstigEenzaam_28;Mantelzorger_31;vrijwilliger;eenheid;periode\n"
        "WK050324;14,5;;30;percentage;2022\n"
        "BU05032401;120;;;aantal;2022\n",
    )
    got = read_ijkpunten(p)
    d = got.data.set_index(["gebiedcode", "indicator"])["waarde"]
    assert d[("WK050324", "eenzaam_ernstig")] == pytest.approx(0.145)
    assert d[("WK050324", "vrijwilliger")] == pytest.approx(0.30)
    assert d[("BU05032401", "eenzaam_ernstig")] == 120  # a count stays a count
    assert ("WK050324", "mantelzorger") not in d.index  # empty cell: no target
    assert set(got.data["periode"]) == {"2022"}


def test_other_columns_are_listed_and_the_latest_period_is_used(tmp_path):
    p = _write(
        tmp_path,
        "gebiedcode,Mantelzorger_31,Eenzaam_27,Perioden\nGM0503,12,40,2020\nGM0503,15,41,2022\n",
    )
    got = read_ijkpunten(p)
    assert got.data["waarde"].tolist() == [pytest.approx(0.15)]
    assert any("Eenzaam_27" in o for o in got.opmerkingen)
    assert any("eerdere periode" in o for o in got.opmerkingen)


def test_every_problem_is_named_with_row_and_column(tmp_path):
    p = _write(
        tmp_path,
        "gebiedcode;mantelzorger;eenheid\n"
        "WK050324;abc;percentage\n"  # row 2: not a number
        "Delft;12;percentage\n"  # row 3: not a code
        "WK050399;12;percentage\n"  # row 4: not in the gemeente
        "WK050311;120;percentage\n"  # row 5: above 100 %
        "WK050312;12;stuks\n"  # row 6: unknown unit
        "WK050313;12;\n"
        "WK050313;13;\n",  # row 8: twice
    )
    codes = {"WK050324", "WK050311", "WK050312", "WK050313", "WK050314"}
    with pytest.raises(ValidationError) as err:
        read_ijkpunten(p, codes=codes)
    text = str(err.value)
    for row, what in [
        (2, "geen getal"),
        (3, "geen CBS-gebiedcode"),
        (4, "hoort niet bij de gemeente"),
        (5, "buiten het bereik"),
        (6, "onbekende eenheid"),
        (8, "twee keer"),
    ]:
        assert f"doelen.csv:{row}:" in text and what in text
    assert len(err.value.problems) == 6


def test_missing_code_column_and_no_indicator(tmp_path):
    with pytest.raises(ValidationError, match="gebiedcode"):
        read_ijkpunten(_write(tmp_path, "gebiedscode,mantelzorger\nWK050324,12\n"))
    with pytest.raises(ValidationError, match="bedoelde u 'Mantelzorger_31'"):
        read_ijkpunten(_write(tmp_path, "gebiedcode,Mantelzorgers_31\nWK050324,12\n"))


def test_cp1252_file_needs_its_encoding(tmp_path):
    p = _write(tmp_path, "gebiedcode;vrijwilliger;bron\nGM0503;25;Gezondheidsmonitor – één\n",
               encoding="cp1252")  # fmt: skip
    with pytest.raises(ValidationError):
        read_ijkpunten(p)
    assert read_ijkpunten(p, encoding="cp1252").data["bron"].tolist() == [
        "Gezondheidsmonitor – één"
    ]

"""The checks behind the readers, one at a time, on tables built in the test."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from io_fixtures import gebied_teststad

from sociale_basis.core.errors import Problem, ValidationError
from sociale_basis.core.taxonomy import RELATIES as RELATIE_SOORTEN
from sociale_basis.io.cells import (
    header_key,
    is_missing,
    missing_mask,
    parse_number,
    parse_numbers,
)
from sociale_basis.io.study_area import Studiegebied, area_codes
from sociale_basis.io.validate import Tabel
from sociale_basis.io.validate_geo import checked_geometries, points_from_columns

CONTRACTS = Path(__file__).resolve().parents[2] / "docs" / "contracts.md"


def raw_tabel(**columns: list[object]) -> Tabel:
    """A Tabel of the given columns, not yet matched; rows 2, 3, ... as in a spreadsheet."""
    cells = pd.DataFrame(columns, dtype=object)
    return Tabel("t.csv", cells, range(2, len(cells) + 2))


def tabel(**columns: list[object]) -> Tabel:
    """A Tabel whose columns are all known (matched as optional columns)."""
    t = raw_tabel(**columns)
    t.match_columns((), tuple(columns))
    return t


# --- cells -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("52,01", 52.01),
        ("52.01", 52.01),
        (" 7 ", 7.0),
        (3, 3.0),
        ("", None),
        ("NaN", None),
        (np.nan, None),
        (None, None),
        ("-4,5", -4.5),
    ],
)
def test_parse_number_accepts_decimal_comma_and_missing(cell: object, expected: object) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", ["1.234,5", "1,2,3", "veel", "inf", True, "84.500m"])
def test_parse_number_refuses_ambiguous_or_non_numbers(cell: object) -> None:
    with pytest.raises(ValueError):
        parse_number(cell)


def test_parse_numbers_agrees_with_parse_number() -> None:
    cells = ["52,01", "52.01", "7", 3, "", "NaN", np.nan, None, "-4,5", "1.234,5", "1,2,3",
             "veel", "inf", True, "84.500m", 12.5, "1e3"]  # fmt: skip
    numbers, missing, bad = parse_numbers(pd.Series(cells, dtype=object))
    for i, cell in enumerate(cells):
        try:
            expected = parse_number(cell)
        except ValueError:
            assert bad[i], cell
            continue
        assert not bad[i], cell
        assert missing[i] == (expected is None), cell
        if expected is not None:
            assert numbers[i] == expected, cell


def test_missing_cells() -> None:
    assert all(is_missing(v) for v in ["", "  ", "nan", "NULL", "#N/A", None, np.nan, pd.NA])
    # "NA" and "None" can be real names, so they count as values
    assert not any(is_missing(v) for v in ["NA", "None", "0", 0])
    cells = pd.Series(["", "nan", None, "NA", "x", 0, np.nan], dtype=object)
    assert missing_mask(cells).tolist() == [is_missing(v) for v in cells.tolist()]


def test_header_key_ignores_case_spaces_and_hyphens() -> None:
    assert header_key(" Voorziening ID ") == "voorziening_id"
    assert header_key("voorziening-id") == "voorziening_id"


# --- columns ---------------------------------------------------------------------------


def test_aliases_are_matched_and_messages_use_the_header_of_the_file() -> None:
    t = raw_tabel(ID=["1"], Lengtegraad=["4,36"], Breedtegraad=["52,0"])
    t.match_columns(("voorziening_id",), ("lon", "lat"), aliases={"voorziening_id": ("id",)})
    assert t.columns == {"voorziening_id": "ID", "lon": "Lengtegraad", "lat": "Breedtegraad"}
    t.problem(0, "lon", "4,36", "p", "f")
    assert t.row_problems[0][0].column == "Lengtegraad"


def test_shapefile_names_cut_at_ten_characters_are_matched() -> None:
    cells = pd.DataFrame({"voorzienin": ["1"]}, dtype=object)
    t = Tabel("v.shp", cells, [2], truncated_names=True)
    t.match_columns(("voorziening_id",))
    assert t.columns == {"voorziening_id": "voorzienin"}


def test_missing_column_is_reported_once_with_the_nearest_header() -> None:
    t = raw_tabel(sort=["buurthuis"])
    t.match_columns(("soort",))
    t.missing_column("soort", ["sort"])  # a second report of the same column is dropped
    assert [str(p) for p in t.fatal] == [
        "t.csv:1:sort: 'sort' -> onbekende kolom; de verplichte kolom 'soort' ontbreekt -> "
        "bedoelde u 'soort'? Hernoem de kolom naar 'soort'"
    ]


def test_unknown_header_close_to_an_optional_column_gets_a_note() -> None:
    t = raw_tabel(voorziening_id=["1"], capacitiet=["5"])
    t.match_columns(("voorziening_id",), ("capaciteit",))
    assert not t.fatal
    assert t.notes == [
        "kolom 'capacitiet' is onbekend en blijft ongewijzigd; bedoelde u 'capaciteit'?"
    ]


def test_ids_become_ints_only_when_all_are_ints() -> None:
    assert tabel(i=["1", "2"]).ids("i", noun="x") == [1, 2]
    # a leading zero is a code, not a number
    assert tabel(i=["01", "2"]).ids("i", noun="x") == ["01", "2"]


def test_duplicate_ids_name_every_row_involved() -> None:
    t = tabel(i=["1", "2", "1", "1"])
    t.ids("i", noun="x")
    found = {pos: p[0].problem for pos, p in t.row_problems.items()}
    assert found == {
        0: "dubbele i (ook op rij 4, 5)",
        2: "dubbele i (ook op rij 2, 5)",
        3: "dubbele i (ook op rij 2, 4)",
    }


def test_ids_that_differ_only_in_case_name_every_row_involved() -> None:
    t = tabel(i=["A1", "a1", "B", "A1", "b", "C"])
    t.ids("i", noun="x")
    found = {pos: [p.problem for p in problems] for pos, problems in t.row_problems.items()}
    case = "i verschilt alleen in hoofdletters van"
    assert found == {
        0: ["dubbele i (ook op rij 5)", f"{case} 'a1' (rij 3): waarschijnlijk dezelfde x"],
        1: [f"{case} 'A1' (rij 2), 'A1' (rij 5): waarschijnlijk dezelfde x"],
        2: [f"{case} 'b' (rij 6): waarschijnlijk dezelfde x"],
        3: ["dubbele i (ook op rij 2)", f"{case} 'a1' (rij 3): waarschijnlijk dezelfde x"],
        4: [f"{case} 'B' (rij 4): waarschijnlijk dezelfde x"],
    }
    assert t.row_problems[1][0].fix.startswith("schrijf het id overal op dezelfde manier")


def test_numeric_ids_have_no_case() -> None:
    t = tabel(i=["1", "2", "3"])
    t.ids("i", noun="x", integer=True)
    assert not t.row_problems


def test_category_ignores_case_spaces_and_hyphens() -> None:
    t = tabel(soort=["Maatschappelijk werk", "wijk-team", "buurthuiss"])
    assert t.category("soort", ("maatschappelijk_werk", "wijk_team", "buurthuis"), "X") == [
        "maatschappelijk_werk",
        "wijk_team",
        None,
    ]
    assert t.row_problems[2][0].fix == "bedoelde u 'buurthuis'? (toegestaan: zie X)"


# --- the outcome ----------------------------------------------------------------------


def test_outcome_raises_with_fatal_first_then_rows_in_column_order() -> None:
    t = raw_tabel(a=["1", "2"], b=["x", "y"])
    t.match_columns(("a", "b"))
    t.problem(1, "b", "y", "pb", "fb")
    t.problem(1, "a", "2", "pa", "fa")
    t.problem(0, None, "", "hele rij", "f")
    t.fatal_problem("c", "", "kolom c ontbreekt", "voeg toe")
    with pytest.raises(ValidationError) as err:
        t.outcome("fout")
    assert [(p.row, p.column) for p in err.value.problems] == [
        (1, "c"),
        (2, None),
        (3, "a"),
        (3, "b"),
    ]


def test_outcome_weglaten_keeps_good_rows_but_fatal_still_raises() -> None:
    t = tabel(a=["1", "2", "3"])
    t.problem(1, "a", "2", "p", "f")
    keep, rejected = t.outcome("weglaten")
    assert keep.tolist() == [True, False, True]
    assert [(row, len(problems)) for row, problems in rejected] == [(3, 1)]
    t.fatal_problem("a", "", "p", "f")
    with pytest.raises(ValidationError):
        t.outcome("weglaten")


def test_validation_error_message_can_be_capped_but_keeps_every_problem() -> None:
    problems = [Problem("f.csv", r, "x", "", "p", "f") for r in range(2, 12)]
    err = ValidationError(problems, max_shown=3)
    lines = str(err).splitlines()
    assert lines[0] == "10 problemen in f.csv"
    assert lines[-1] == "  ... en nog 7; alle problemen staan in .problems"
    assert len(err.problems) == 10
    # without max_shown the message lists every problem, as before
    assert len(str(ValidationError(problems)).splitlines()) == 11


# --- places ---------------------------------------------------------------------------


def test_points_from_lonlat_land_in_rd_within_a_metre() -> None:
    t = raw_tabel(lon=["4,360505"], lat=["52,002392"])
    t.match_columns((), ("lon", "lat"))
    (point,) = points_from_columns(t, [True])
    assert point.distance(shapely.Point(84500, 446500)) < 1


def test_point_may_be_empty_only_where_no_place_is_needed() -> None:
    t = raw_tabel(x=["", ""], y=["", ""])
    t.match_columns((), ("x", "y"))
    points = points_from_columns(t, [False, True])
    assert points[0].is_empty
    assert points[1] is None
    assert [p.column for p in t.row_problems[1]] == ["x", "y"]


def test_point_with_nan_coordinates_is_named() -> None:
    t = tabel(i=["1", "2"])
    geoms = gpd.GeoSeries([shapely.Point(84500, 446500), shapely.Point(np.nan, np.nan)], crs=28992)
    result = checked_geometries(t, geoms, crs=None, expected="punt", empty_ok=[False, False])
    assert result[0] == shapely.Point(84500, 446500)
    assert [str(p) for p in t.row_problems[1]] == [
        "t.csv:3:geometry: '' -> coördinaat ontbreekt (NaN) -> controleer de coördinaten "
        "(x/y in RD New-meters, lon/lat in graden WGS84)"
    ]


def test_area_codes_from_the_place_and_wijk_from_the_buurt() -> None:
    t = raw_tabel(x=["84500", "85500"], y=["446500", "447500"])
    t.match_columns((), ("x", "y", "buurtcode", "wijkcode"))
    points = points_from_columns(t, [True, True])
    buurt, wijk = area_codes(t, points, Studiegebied.from_any(gebied_teststad()), [True, True])
    assert buurt == ["BU99990101", "BU99990202"]
    assert wijk == ["WK999901", "WK999902"]


def test_point_on_a_border_gets_the_first_buurt_in_code_order() -> None:
    t = raw_tabel(x=["85000"], y=["447000"])  # the corner of all four buurten
    t.match_columns((), ("x", "y"))
    points = points_from_columns(t, [True])
    buurt, _ = area_codes(t, points, Studiegebied.from_any(gebied_teststad()), [True])
    assert buurt == ["BU99990101"]


def test_study_area_from_a_geodataframe_of_buurten() -> None:
    buurten = gebied_teststad().buurten.reset_index()  # buurtcode as a column is fine too
    area = Studiegebied.from_any(buurten)
    assert area.wijkcodes == {"WK999901", "WK999902"}
    assert list(area.buurten.index) == ["BU99990101", "BU99990102", "BU99990201", "BU99990202"]


def test_study_area_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match=r"\.wijken en \.buurten"):
        Studiegebied.from_any("delft")


def test_study_area_without_wijkcode_is_refused() -> None:
    with pytest.raises(ValueError, match="missen de kolom wijkcode"):
        Studiegebied.from_any(gebied_teststad().buurten.drop(columns="wijkcode"))


def test_study_area_must_be_in_rd() -> None:
    buurten = gebied_teststad().buurten.to_crs("EPSG:4326")
    with pytest.raises(ValueError, match="EPSG:28992"):
        Studiegebied.from_any(gpd.GeoDataFrame(buurten))


# --- relaties -------------------------------------------------------------------------


def test_relation_kinds_match_the_table_in_contracts_md() -> None:
    rows = re.findall(r"^\| (\w+) \| (.+?) -> (.+?) \| (ja|nee)", CONTRACTS.read_text(), re.M)
    assert rows, "the table of relation kinds in docs/contracts.md was not found"
    table = {}
    for soort, van, naar, directed in rows:
        kinds = [re.sub(r"\s*\(.*\)", "", k).strip() for k in re.split(r", | of ", naar)]
        table[soort] = (re.sub(r"\s*\(.*\)", "", van).strip(), tuple(kinds), directed == "ja")
    ours = {s: (r.van[0], r.naar, r.gericht) for s, r in RELATIE_SOORTEN.items()}
    assert ours == table

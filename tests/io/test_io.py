"""Readers: the good files in every format, and every kind of bad input in tests/data/bad.

Every bad file is refused with one ValidationError whose message names the file, the row
(header = row 1) and the column; tests/data/maak_bestanden.py says what is in each file.
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors
import pytest
import shapely
from io_fixtures import BAD, GOOD, gebied_teststad
from shapely.geometry import Point

from sociale_basis.core.crs import RD_NEW
from sociale_basis.core.errors import DataNotFoundError, ValidationError
from sociale_basis.io import (
    BUDGETTEN,
    Gelezen,
    Rapport,
    read_buurten,
    read_inwoners,
    read_professionals,
    read_relaties,
    read_verenigingen,
    read_voorzieningen,
    read_wijken,
)
from sociale_basis.privacy import pseudonymise

A, D = Point(84500, 446500), Point(85500, 447500)
KEY = b"sleutel-van-de-gemeente-1234"
GEBIED = gebied_teststad()


def refused(reader: Callable[..., Any], path: Path, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as err:
        reader(path, **kwargs)
    return err.value


def write_quietly(frame: gpd.GeoDataFrame, path: Path, **kwargs: Any) -> None:
    """Write a test file; GDAL warns about cut Shapefile names and missing CRSs on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame.to_file(path, **kwargs)


# --- good files ------------------------------------------------------------------------


@pytest.fixture
def voorzieningen_gpkg(tmp_path: Path) -> Path:
    path = tmp_path / "voorzieningen.gpkg"
    write_quietly(gpd.read_file(GOOD / "voorzieningen_rd.geojson"), path)
    return path


VOORZIENINGEN_FORMATS = [
    ("voorzieningen.csv", {}),  # x/y in RD, comma
    ("voorzieningen_lonlat.csv", {"gebied": GEBIED}),
    ("voorzieningen_excel.csv", {"gebied": GEBIED}),  # ";" and decimal comma, Dutch names
    ("voorzieningen_bom.csv", {}),  # UTF-8 with BOM, ";" and decimal comma in x/y
    ("voorzieningen.geojson", {"gebied": GEBIED}),  # EPSG:4326 (no crs member)
    ("voorzieningen_rd.geojson", {}),  # crs member EPSG:28992
    ("voorzieningen.shp", {}),  # .prj RD New, names cut at 10 characters
]


@pytest.mark.parametrize(("name", "kwargs"), VOORZIENINGEN_FORMATS)
def test_voorzieningen_in_every_format(name: str, kwargs: dict[str, Any]) -> None:
    data, rapport = read_voorzieningen(GOOD / name, **kwargs)
    check_voorzieningen(data, rapport, name)


def test_voorzieningen_from_geopackage(voorzieningen_gpkg: Path) -> None:
    data, rapport = read_voorzieningen(voorzieningen_gpkg)
    check_voorzieningen(data, rapport, "voorzieningen.gpkg")


def check_voorzieningen(data: gpd.GeoDataFrame, rapport: Rapport, name: str) -> None:
    # every file: voorziening 1 at A (buurt BU99990101), 2 at D (BU99990202)
    assert data.crs == RD_NEW
    assert data.index.name == "voorziening_id"
    assert data.loc[1].geometry.distance(A) < 1
    assert data.loc[2].geometry.distance(D) < 1
    assert data.loc[1, "buurtcode"] == "BU99990101"
    assert data.loc[2, "wijkcode"] == "WK999902"
    assert data.loc[1, "bron"] == name
    assert rapport.gelezen == rapport.gebruikt == len(data)
    assert rapport.afgewezen == ()


def test_excel_csv_cells_are_stripped_and_categories_lower_case() -> None:
    data, _ = read_voorzieningen(GOOD / "voorzieningen_excel.csv", gebied=GEBIED)
    assert data.loc[1, "soort"] == "buurthuis"  # ' Buurthuis ' in the file


def test_bom_is_not_part_of_the_first_column() -> None:
    data, _ = read_voorzieningen(GOOD / "voorzieningen_bom.csv")
    assert data.index.name == "voorziening_id"
    assert data.loc[1, "naam"] == "Café De Eëndracht"


def test_digitaal_platform_may_have_no_place() -> None:
    data, _ = read_voorzieningen(GOOD / "voorzieningen.csv")
    assert data.loc[4, "soort"] == "digitaal_platform"
    assert data.loc[4].geometry.is_empty
    assert pd.isna(data.loc[4, "buurtcode"])


def test_cp1252_file_reads_when_named() -> None:
    data, _ = read_voorzieningen(BAD / "voorzieningen_cp1252.csv", encoding="cp1252")
    assert data.loc[2, "naam"] == "Buurthuis De Eëndracht"


def test_wijken_and_buurten() -> None:
    wijken, _ = read_wijken(GOOD / "wijken.geojson")
    assert list(wijken.index) == ["WK999901", "WK999902"]
    assert wijken.loc["WK999901", "inwoners"] == 100
    assert pd.isna(wijken.loc["WK999902", "inwoners"])  # empty: secret at CBS, allowed
    assert set(wijken.geom_type) == {"Polygon"}
    buurten, rapport = read_buurten(GOOD / "buurten.geojson")
    assert buurten.loc["BU99990201", "wijkcode"] == "WK999902"  # from the buurtcode
    assert "wijkcode afgeleid uit de buurtcode voor 4 rijen" in rapport.opmerkingen


def test_inwoners_with_gebied_get_their_buurt_from_the_place() -> None:
    data, rapport = read_inwoners(GOOD / "inwoners.csv", gebied=GEBIED)
    assert data.index.dtype == "int64"
    assert data["leeftijd"].tolist() == [34, 36, 81, 7]
    assert data["buurtcode"].tolist() == ["BU99990101"] * 2 + ["BU99990202", "BU99990101"]
    assert data.loc[3, "hulpvraag"] == "eenzaamheid"
    assert pd.isna(data.loc[1, "hulpvraag"])
    assert "buurtcode afgeleid uit de ligging voor 4 rijen (de kolom ontbreekt)" in str(rapport)


def test_verenigingen_and_professionals() -> None:
    verenigingen, _ = read_verenigingen(GOOD / "verenigingen.csv")
    assert verenigingen.loc[10, "voorziening_id"] == 1
    assert pd.isna(verenigingen.loc[11, "voorziening_id"])
    voorzieningen, _ = read_voorzieningen(GOOD / "voorzieningen.csv")
    professionals, _ = read_professionals(GOOD / "professionals.csv", voorzieningen=voorzieningen)
    assert professionals.loc[100, "fte"] == pytest.approx(0.8)  # "0,8"
    assert professionals["capaciteit"].tolist() == [2100, 40]


def test_extra_columns_are_kept_and_typed_only_where_safe() -> None:
    data, _ = read_professionals(GOOD / "professionals.csv")
    assert data["team"].tolist() == ["Oost", "West"]
    assert data["ervaring_jaren"].tolist() == [12, 3]
    assert data["kamer"].tolist() == ["0123", "0201"]  # a leading zero: a code, not a number
    assert data["uurtarief"].tolist() == [52.5, 60.0]


def test_relaties_with_tables() -> None:
    inwoners, _ = read_inwoners(GOOD / "inwoners.csv", gebied=GEBIED)
    voorzieningen, _ = read_voorzieningen(GOOD / "voorzieningen.csv")
    data, rapport = read_relaties(
        GOOD / "relaties.csv", inwoners=inwoners, voorzieningen=voorzieningen
    )
    assert isinstance(data.index, pd.RangeIndex)
    assert data.loc[0].tolist() == ["inwoner:1", "inwoner:2", "huishouden", 1.0]
    assert rapport.opmerkingen == (
        "niet gecontroleerd of deze knopen bestaan (geen tabel meegegeven): "
        "professional, vereniging",
    )


def test_result_unpacks_and_has_readable_report() -> None:
    result = read_voorzieningen(GOOD / "voorzieningen_rd.geojson")
    assert isinstance(result, Gelezen)
    data, rapport = result
    assert data is result.data and rapport is result.rapport
    assert repr(result) == (
        "Gelezen(data=<GeoDataFrame: 2 rijen>, rapport=<2 van 2 rijen gebruikt>)"
    )
    assert str(rapport) == (
        "voorzieningen_rd.geojson (voorzieningen): 2 rijen gelezen, 2 gebruikt, 0 afgewezen\n"
        "Opmerkingen:\n"
        "  - wijkcode afgeleid uit de buurtcode voor 2 rijen"
    )


@pytest.mark.parametrize("fmt", ["gpkg", "geojson", "shp"])
@pytest.mark.parametrize(
    ("reader", "source", "kwargs"),
    [
        (read_inwoners, "inwoners.csv", {"gebied": GEBIED}),
        (read_verenigingen, "verenigingen.csv", {}),
        (read_voorzieningen, "voorzieningen_lonlat.csv", {"gebied": GEBIED}),
        (read_professionals, "professionals.csv", {}),
        (read_wijken, "wijken.geojson", {}),
        (read_buurten, "buurten.geojson", {}),
    ],
)
def test_every_reader_reads_every_format(
    tmp_path: Path, reader: Callable[..., Any], source: str, kwargs: dict[str, Any], fmt: str
) -> None:
    first, _ = reader(GOOD / source, **kwargs)
    path = tmp_path / f"kopie.{fmt}"
    # Shapefiles cut "professional_id" to "profession": the reader accepts the cut names.
    write_quietly(first.reset_index(), path)
    second, rapport = reader(path)
    assert rapport.gebruikt == len(first)
    assert list(second.index) == list(first.index)
    assert second.index.name == first.index.name
    # normalize: a Shapefile turns the rings of a polygon the other way round
    assert second.normalize().geom_equals_exact(first.normalize(), tolerance=0.01).all()
    for column in [c for c in first.columns if c not in ("geometry", "bron")]:
        if fmt == "shp" and len(column) > 10 and column not in second.columns:
            continue  # an extra column whose name the Shapefile cut: kept under the cut name
        assert second[column].astype(str).tolist() == first[column].astype(str).tolist(), column


def test_delft_as_study_area(tmp_path: Path) -> None:
    from sociale_basis.datasets.bundles import read_bron

    delft = read_bron("delft")
    inside = delft.buurten.loc["BU05031101"].geometry.representative_point()
    path = tmp_path / "delft.csv"
    path.write_text(
        "voorziening_id,soort,x,y\n"
        f"1,buurthuis,{inside.x},{inside.y}\n"
        "2,buurthuis,95000,446500\n",  # Rijswijk-ish, outside Delft
        encoding="utf-8",
    )
    err = refused(read_voorzieningen, path, gebied=delft)
    assert [(p.row, p.problem) for p in err.problems] == [
        (3, "ligt buiten het studiegebied (gebied=)")
    ]
    data, _ = read_voorzieningen(path, gebied=delft, ongeldig="weglaten")
    assert data.loc[1, ["buurtcode", "wijkcode"]].tolist() == ["BU05031101", "WK050311"]


# --- every bad file ------------------------------------------------------------------------

P = read_professionals
V = read_voorzieningen
VER = read_verenigingen
G = {"gebied": GEBIED}

# (file, reader, arguments, texts that must be in the message; ":row:column..." gets the
# file name in front)
BAD_CASES: list[tuple[str, Callable[..., Any], dict[str, Any], list[str]]] = [
    ("voorzieningen_cp1252.csv", V, {}, [":3:naam: 'Buurthuis De Eëndracht'", "0xEB",
                                          'lees in met encoding="cp1252"']),
    ("voorzieningen_kolom_ontbreekt.csv", V, {}, [":1:soort: '' -> verplichte kolom 'soort'"]),
    ("voorzieningen_kolom_typo.csv", V, {}, [":1:sort: 'sort'", "bedoelde u 'soort'?"]),
    ("voorzieningen_kolommen_dubbel.csv", V, G, [":1:lng:", "betekenen allebei 'lon'"]),
    ("voorzieningen_geen_coordinaten.csv", V, G, [":1:lattitude:", "bedoelde u 'lat'?"]),
    ("voorzieningen_kolom_zonder_naam.csv", V, {}, [":1:kolom 3:", "kolom zonder naam"]),
    ("inwoners_naam.csv", read_inwoners, {}, [
        ":1:Naam: 'Naam' -> kolom met direct identificerende persoonsgegevens",
        "verwijder de kolom", "pseudonimiseer=['Naam']"]),
    ("inwoners_adres.csv", read_inwoners, {}, [":1:Adres:", ":1:Postcode:", ":1:huis_nummer:"]),
    ("inwoners_bsn.csv", read_inwoners, {}, [":1:BSN: 'BSN'"]),
    ("inwoners_geboortedatum.csv", read_inwoners, {}, [":1:Geboorte datum:"]),
    ("relaties_email.csv", read_relaties, {}, [":1:E-mail:"]),
    ("voorzieningen_dubbel.csv", V, {}, [
        ":2:voorziening_id: '1' -> dubbele voorziening_id (ook op rij 4)",
        ":4:voorziening_id: '1' -> dubbele voorziening_id (ook op rij 2)"]),
    ("wijken_dubbel.geojson", read_wijken, {}, [
        ":2:wijkcode: 'WK999901' -> dubbele wijkcode (ook op rij 3)",
        ":3:wijknaam: '' -> waarde ontbreekt",
        ":3:inwoners: -99997 -> onmogelijke waarde (verwacht 0 of meer)"]),
    ("voorzieningen_leeg.csv", V, {}, [":3:soort: '' -> waarde ontbreekt",
                                       ":4:voorziening_id: '' -> waarde ontbreekt"]),
    ("inwoners_id.csv", read_inwoners, {}, [":2:inwoner_id: 'A12' -> geen geheel getal",
                                            ":3:huishouden_id: '' -> waarde ontbreekt"]),
    ("verenigingen_soort_onbekend.csv", VER, {}, [":2:soort: 'voetbal' -> onbekende soort",
                                                  ":3:naam: '' -> waarde ontbreekt"]),
    ("voorzieningen_soort_onbekend.csv", V, {}, [
        ":3:soort: 'buurthuiss' -> onbekende soort -> bedoelde u 'buurthuis'?"]),
    ("professionals_rol_onbekend.csv", P, {}, [
        ":2:rol: 'huisartz' -> onbekende rol -> bedoelde u 'huisarts'?"]),
    ("inwoners_hulpvraag.csv", read_inwoners, {}, [
        ":2:hulpvraag: 'eenzaam' -> onbekende hulpvraag -> bedoelde u 'eenzaamheid'?",
        ":3:hulpvraag: 'geldzorgen' -> onbekende hulpvraag"]),
    ("inwoners_leeftijd.csv", read_inwoners, {}, [
        ":2:leeftijd: '-3' -> onmogelijke waarde (verwacht 0 t/m 120)", ":3:leeftijd: '130'",
        ":4:leeftijd: 'veertig' -> geen geheel getal", ":5:leeftijd: '34,5' -> geen geheel"]),
    ("voorzieningen_capaciteit.csv", V, {}, [":2:capaciteit: '-5' -> onmogelijke waarde",
                                             ":3:capaciteit: 'veel' -> geen getal",
                                             ":4:capaciteit: '1.234,5' -> geen getal"]),
    ("professionals_waarden.csv", P, {"voorzieningen": pd.DataFrame(index=[1, 2])}, [
        ":2:capaciteit: '-1' -> onmogelijke waarde", ":3:capaciteit: '2,5' -> geen geheel getal",
        ":3:fte: '-0.5' -> onmogelijke waarde",
        ":4:voorziening_id: '9' -> onbekende voorziening"]),
    ("voorzieningen_buurtcode_onbekend.csv", V, G, [
        ":3:buurtcode: 'BU99990999' -> onbekende buurtcode", "bedoelde u 'BU99990202'?"]),
    ("voorzieningen_code_vorm.csv", V, {}, [
        ":2:buurtcode: 'BU123' -> buurtcode heeft niet de vorm BU + 8 cijfers",
        ":3:buurtcode: '99990202'", "bedoelde u 'BU99990202'?",
        ":3:wijkcode: 'WK1' -> wijkcode heeft niet de vorm WK + 6 cijfers"]),
    ("voorzieningen_wijk_buurt.csv", V, {}, [
        ":3:wijkcode: 'WK999901' -> buurt BU99990202 hoort bij wijk WK999902"]),
    ("buurten_wijkcode.geojson", read_buurten, {}, [
        ":2:wijkcode: 'WK999902' -> buurt BU99990101 hoort bij wijk WK999901"]),
    ("voorzieningen_coord_leeg.csv", V, {}, [
        ":3:y: '' -> coördinaat ontbreekt", ":4:x: '' -> coördinaat ontbreekt", ":4:y: ''",
        ":5:x: '84.500m' -> geen getal"]),
    ("voorzieningen_latlon_verwisseld.csv", V, G, [
        ":3:lon/lat: (52.011505, 4.374863) -> lon en lat lijken verwisseld",
        "-> wissel de waarden van lon en lat om"]),
    ("voorzieningen_xy_verwisseld.csv", V, {}, [
        ":3:x/y: (447500.0, 85500.0) -> x en y lijken verwisseld -> wissel x en y om",
        ":4:x/y: (1000000.0, 5.0) -> ligt buiten Nederland"]),
    ("voorzieningen_graden_in_xy.csv", V, {}, [":2:x/y: (4.360505, 52.002392) -> x/y bevatten "
                                               "lon/lat-graden"]),
    ("voorzieningen_verwisseld.geojson", V, G, [
        ":3:geometry: (52.011505, 4.374863) -> lengte- en breedtegraad lijken verwisseld",
        "wissel x en y om",
        ":4:geometry: (84500, 447500) -> RD-meters in een bestand in EPSG:4326",
        ":5:geometry: (12.49, 41.89) -> ligt buiten Nederland"]),
    ("voorzieningen_rd_als_lonlat.csv", V, G, [
        ":2:lon/lat: (84500.0, 446500.0) -> lon/lat bevatten RD-meters, geen graden -> hernoem "
        "de kolommen naar x en y", ":3:lon/lat:"]),
    ("voorzieningen_rd_als_4326.geojson", V, G, [
        ":2:geometry: (84500.0, 446500.0) -> het bestand zegt EPSG:4326",
        "GeoJSON zonder 'crs' geldt", "alle 2 coördinaten zijn RD-meters",
        "geef crs='EPSG:28992' mee"]),
    ("voorzieningen_graden_als_rd.geojson", V, G, [
        ":2:geometry: (4.360505, 52.002392) -> het bestand zegt EPSG:28992 (RD New), maar alle 2 "
        "coördinaten zijn lon/lat-graden"]),
    ("voorzieningen_rd_gemengd.geojson", V, G, [
        ":3:geometry: (4, 52) -> ligt buiten Nederland (RD New)"]),
    ("voorzieningen_zonder_crs.shp", V, {}, [
        ":2:geometry: (84500.0, 446500.0) -> het bestand heeft geen CRS",
        "de coördinaten lijken RD New (EPSG:28992)", "geef crs='EPSG:28992' mee"]),
    ("voorzieningen_buiten.csv", V, G, [":3:x/y: (90000, 446500) -> ligt buiten het "
                                        "studiegebied"]),
    ("wijken_ongeldig.geojson", read_wijken, {}, [
        ":3:geometry: 'Self-intersection[85500 447000]' -> ongeldige geometrie",
        "herstel=True"]),
    ("wijken_leeg.geojson", read_wijken, {}, [":2:geometry: '' -> geen geometrie",
                                              ":3:geometry: '' -> lege geometrie"]),
    ("wijken_punten.geojson", read_wijken, {}, [
        ":3:geometry: 'Point' -> verwacht een vlak (Polygon of MultiPolygon), kreeg een Point"]),
    ("voorzieningen_vlakken.geojson", V, {}, [
        ":2:geometry: 'Polygon' -> verwacht een punt, kreeg een Polygon"]),
    ("relaties_onbekend.csv", read_relaties,
     {"inwoners": pd.DataFrame(index=[1, 2, 3]), "verenigingen": pd.DataFrame(index=[10])}, [
        ":3:naar: 'inwoner:99' -> onbekende inwoner",
        ":4:naar: 'vereniging:77' -> onbekende vereniging"]),
    ("relaties_lus.csv", read_relaties, {}, [
        ":3:naar: 'inwoner:3' -> relatie van een knoop met zichzelf (van = naar)"]),
    ("relaties_vorm.csv", read_relaties, {}, [
        ":2:van: '17' -> geen knoop-id van de vorm '<soort>:<id>'", ":3:naar: 'persoon:3'",
        ":4:naar: 'inwoner:2' -> een relatie 'lid' loopt van inwoner naar vereniging",
        ":5:soort: 'vriendschap' -> onbekende soort -> bedoelde u 'vriend'?"]),
    ("relaties_dubbel.csv", read_relaties, {}, [
        ":3:van: 'inwoner:2' -> dubbele relatie 'buur' (staat al op rij 2)"]),
    ("voorzieningen_velden.csv", V, {}, [":3:: '7 velden' -> de rij heeft 7 velden, de "
                                         "kopregel 6"]),
    ("voorzieningen_groot.csv", V, {"max_rijen": 10}, [
        ":12:: '12 rijen' -> meer rijen dan het budget voor voorzieningen (10)",
        "geef dan max_rijen=12 (of meer) mee"]),
    ("voorzieningen_leeg_bestand.csv", V, {}, [":1:: '' -> het bestand is leeg"]),
    ("voorzieningen.xlsx", V, {}, [":::", "Excel-bestanden lezen we niet", "CSV UTF-8"]),
    ("kapot.gpkg", V, {}, [":::", "het bestand is niet te lezen als gpkg"]),
    ("wijken.csv", read_wijken, {}, [":::", "een CSV kan geen vlakken bevatten"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "reader", "kwargs", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES]
)
def test_bad_file_is_refused_naming_file_row_and_column(
    name: str, reader: Callable[..., Any], kwargs: dict[str, Any], expected: list[str]
) -> None:
    message = str(refused(reader, BAD / name, **kwargs))
    for text in expected:
        assert (name + text if text.startswith(":") else text) in message


def test_bad_files_are_many_and_all_tested() -> None:
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".shx", ".dbf", ".cpg")}
    tested = {c[0] for c in BAD_CASES}
    assert len(files) >= 25
    assert files <= tested | {"voorzieningen_acceptatie.csv"}


def test_acceptance_one_error_names_every_bad_row() -> None:
    # swapped coordinates (row 3), a duplicate id (rows 2 and 4), an empty coordinate
    # (row 5) and an unknown category (row 6); row 7 is good
    err = refused(read_voorzieningen, BAD / "voorzieningen_acceptatie.csv", gebied=GEBIED)
    assert sorted({p.row for p in err.problems}) == [2, 3, 4, 5, 6]
    message = str(err)
    assert message.startswith("5 problemen in voorzieningen_acceptatie.csv")
    for text in [
        ":2:voorziening_id: '1' -> dubbele voorziening_id (ook op rij 4)",
        ":3:lon/lat: (52.011505, 4.374863) -> lon en lat lijken verwisseld",
        ":4:voorziening_id: '1' -> dubbele voorziening_id (ook op rij 2)",
        ":5:lon: '' -> coördinaat ontbreekt",
        ":6:soort: 'buurthuiss' -> onbekende soort -> bedoelde u 'buurthuis'?",
    ]:
        assert "voorzieningen_acceptatie.csv" + text in message


def test_weglaten_keeps_good_rows_and_the_counts_add_up() -> None:
    data, rapport = read_voorzieningen(
        BAD / "voorzieningen_acceptatie.csv", gebied=GEBIED, ongeldig="weglaten"
    )
    assert list(data.index) == [6]
    assert data.loc[6, "buurtcode"] == "BU99990201"
    assert (rapport.gelezen, rapport.gebruikt, len(rapport.afgewezen)) == (6, 1, 5)
    assert rapport.gelezen == rapport.gebruikt + len(rapport.afgewezen)
    assert [a.rij for a in rapport.afgewezen] == [2, 3, 4, 5, 6]
    assert "6 rijen gelezen, 1 gebruikt, 5 afgewezen" in str(rapport)
    assert "voorzieningen_acceptatie.csv:5:lon: '' -> coördinaat ontbreekt" in str(rapport)
    table = rapport.problemen_tabel()
    assert table.columns.tolist() == ["bestand", "rij", "kolom", "waarde", "probleem", "oplossing"]
    assert table["rij"].tolist() == [2, 3, 4, 5, 6]


def test_weglaten_does_not_cure_a_problem_of_the_whole_file() -> None:
    refused(read_voorzieningen, BAD / "voorzieningen_kolom_typo.csv", ongeldig="weglaten")


def test_weglaten_with_relaties_and_wijken() -> None:
    data, rapport = read_relaties(BAD / "relaties_lus.csv", ongeldig="weglaten")
    assert data["naar"].tolist() == ["inwoner:2"]
    assert [a.rij for a in rapport.afgewezen] == [3]
    wijken, rapport = read_wijken(BAD / "wijken_ongeldig.geojson", ongeldig="weglaten")
    assert list(wijken.index) == ["WK999901"]
    assert rapport.gelezen == rapport.gebruikt + len(rapport.afgewezen) == 2


def test_directed_relations_may_run_both_ways() -> None:
    err = refused(read_relaties, BAD / "relaties_dubbel.csv")
    assert [p.row for p in err.problems] == [3]  # mantelzorg 2->3 and 3->2 are two ties


def test_inwoners_leeftijd_good_row_is_not_named() -> None:
    err = refused(read_inwoners, BAD / "inwoners_leeftijd.csv")
    assert 6 not in {p.row for p in err.problems}


# --- repairs, overrides and options ------------------------------------------------------


def test_herstel_repairs_invalid_vlakken_with_make_valid() -> None:
    wijken, rapport = read_wijken(BAD / "wijken_ongeldig.geojson", herstel=True)
    assert wijken.is_valid.all()
    assert wijken.loc["WK999902"].geometry.geom_type == "MultiPolygon"
    assert "1 ongeldige geometrie(ën) hersteld met make_valid: rij 3" in rapport.opmerkingen


def test_crs_argument_sets_a_missing_or_wrong_crs() -> None:
    data, _ = read_voorzieningen(BAD / "voorzieningen_zonder_crs.shp", crs="EPSG:28992")
    assert data.loc[1].geometry.distance(A) < 1e-6
    data, _ = read_voorzieningen(
        BAD / "voorzieningen_rd_als_4326.geojson", crs="EPSG:28992", gebied=GEBIED
    )
    assert data.loc[2].geometry.distance(D) < 1e-6


def test_file_in_another_crs_is_converted_once(tmp_path: Path) -> None:
    frame = gpd.read_file(GOOD / "voorzieningen_rd.geojson").to_crs("EPSG:3857")
    write_quietly(frame, tmp_path / "web.gpkg")
    data, rapport = read_voorzieningen(tmp_path / "web.gpkg")
    assert data.crs == RD_NEW
    assert data.loc[1].geometry.distance(A) < 0.01
    assert "omgezet van EPSG:3857 naar EPSG:28992 (RD New)" in rapport.opmerkingen


def test_point_outside_the_netherlands_after_conversion(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"voorziening_id": [1], "soort": ["cafe"], "buurtcode": ["BU99990101"]},
        geometry=[Point(1_000_000, 6_000_000)],  # web mercator, in Germany
        crs="EPSG:3857",
    )
    write_quietly(frame, tmp_path / "duitsland.geojson")
    message = str(refused(read_voorzieningen, tmp_path / "duitsland.geojson"))
    assert "duitsland.geojson:2:geometry:" in message
    assert "ligt buiten Nederland na omzetting van EPSG:3857" in message


def test_geopackage_without_crs_is_refused_naming_what_it_looks_like(tmp_path: Path) -> None:
    frame = gpd.read_file(GOOD / "voorzieningen.geojson").set_crs(None, allow_override=True)
    write_quietly(frame, tmp_path / "zonder.gpkg")
    message = str(refused(read_voorzieningen, tmp_path / "zonder.gpkg", gebied=GEBIED))
    assert "zonder.gpkg:2:geometry: (4.360505, 52.002392) -> het bestand heeft geen CRS" in message
    assert "lijken lon/lat-graden (EPSG:4326)" in message
    assert "crs='EPSG:4326'" in message


def test_no_crs_and_coordinates_that_fit_nothing(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame({"voorziening_id": [1], "soort": ["cafe"]}, geometry=[Point(1, 1)])
    write_quietly(frame, tmp_path / "raar.gpkg")
    message = str(refused(read_voorzieningen, tmp_path / "raar.gpkg", gebied=GEBIED))
    assert "raar.gpkg:2:geometry: (1.0, 1.0) -> het bestand heeft geen CRS" in message
    assert "passen niet bij RD New of lon/lat" in message


def test_point_with_nan_coordinates_in_a_geopackage(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"voorziening_id": [1, 2], "soort": ["cafe", "cafe"], "buurtcode": ["BU99990101"] * 2},
        geometry=[A, Point(np.nan, np.nan)],
        crs=RD_NEW,
    )
    write_quietly(frame, tmp_path / "nan.gpkg")
    message = str(refused(read_voorzieningen, tmp_path / "nan.gpkg"))
    # GeoPackage stores POINT (NaN NaN) as an empty point
    assert "nan.gpkg:3:geometry: '' -> lege geometrie" in message


def test_geopackage_layers(tmp_path: Path) -> None:
    path = tmp_path / "twee.gpkg"
    frame = gpd.read_file(GOOD / "voorzieningen_rd.geojson")
    write_quietly(frame, path, layer="voorzieningen")
    write_quietly(frame.iloc[:1], path, layer="oud")
    message = str(refused(read_voorzieningen, path))
    assert "twee.gpkg::layer: 'voorzieningen, oud' -> het GeoPackage heeft meer dan één laag" in (
        message
    )
    assert "layer='voorzieningen'" in message
    data, _ = read_voorzieningen(path, layer="oud")
    assert list(data.index) == [1]
    message = str(refused(read_voorzieningen, path, layer="nieuw"))
    assert (
        "twee.gpkg::layer: 'nieuw' -> deze laag bestaat niet -> kies uit: voorzieningen, oud"
        in (message)
    )


def test_geopackage_table_without_geometry_uses_coordinate_columns(tmp_path: Path) -> None:
    table = pd.read_csv(GOOD / "voorzieningen.csv", dtype=str).iloc[:3]
    pyogrio.write_dataframe(table, tmp_path / "tabel.gpkg")
    data, _ = read_voorzieningen(tmp_path / "tabel.gpkg")
    assert data.loc[1].geometry.distance(A) < 1e-6
    message = str(refused(read_wijken, tmp_path / "tabel.gpkg"))
    assert "tabel.gpkg::: '' -> de laag heeft geen geometrie" in message


def test_unreadable_layer_is_refused(
    monkeypatch: pytest.MonkeyPatch, voorzieningen_gpkg: Path
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise pyogrio.errors.DataLayerError(f"{voorzieningen_gpkg}: kapot")

    monkeypatch.setattr(pyogrio, "read_dataframe", broken)
    message = str(refused(read_voorzieningen, voorzieningen_gpkg))
    assert "voorzieningen.gpkg::: 'voorzieningen.gpkg: kapot'" in message
    assert str(voorzieningen_gpkg.parent) not in message  # no folders of the user


def test_kapot_gpkg_message_has_no_folder() -> None:
    assert str(BAD) not in str(refused(read_voorzieningen, BAD / "kapot.gpkg"))


def test_row_budget_of_a_geojson() -> None:
    message = str(refused(read_voorzieningen, GOOD / "voorzieningen_rd.geojson", max_rijen=1))
    assert "voorzieningen_rd.geojson:3:: '2 rijen'" in message
    assert "max_rijen=2" in message


def test_byte_budget() -> None:
    size = (GOOD / "voorzieningen.csv").stat().st_size
    message = str(refused(read_voorzieningen, GOOD / "voorzieningen.csv", max_bytes=100))
    assert "voorzieningen.csv:::" in message
    assert f"geef dan max_bytes={size} (of meer) mee" in message


def test_budgets_are_documented_per_reader() -> None:
    assert set(BUDGETTEN) == {
        "wijken", "buurten", "inwoners", "verenigingen", "voorzieningen", "professionals",
        "relaties", "ijkpunten",
    }  # fmt: skip


@pytest.mark.parametrize("rest", ["x" * 200_000 + "\n", "2,cafe,De Zon\n3,cafe,De Maan\n"])
def test_unclosed_quote_that_swallows_the_file(tmp_path: Path, rest: str) -> None:
    path = tmp_path / "aanhalingsteken.csv"
    path.write_text('voorziening_id,soort,naam,x,y,buurtcode\n1,cafe,"De Vonk\n' + rest)
    message = str(refused(read_voorzieningen, path))
    lines = rest.count("\n") + 1
    assert (
        f"aanhalingsteken.csv:2:: 'regel 2 t/m {lines + 1}' -> een aanhalingsteken (\") op deze "
        f"rij wordt nergens gesloten: de rest van het bestand ({lines} regels) zou één cel worden"
    ) in message


def test_a_cell_longer_than_the_csv_module_allows_is_read(tmp_path: Path) -> None:
    # Python's csv module stops at 131,072 characters; a long note is no reason to refuse
    note = "lang verhaal, " * 20_000
    path = tmp_path / "lang.csv"
    path.write_text(
        "voorziening_id,soort,naam,notitie,x,y,buurtcode\n"
        f'1,cafe,De Vonk,"{note}",84500,446500,BU99990101\n'
        '2,cafe,"De Zon\nmet een regel erbij",,84500,446500,BU99990101\n'
    )
    data, _ = read_voorzieningen(path)
    assert data.loc[1, "notitie"] == note.strip()
    assert data.loc[2, "naam"] == "De Zon\nmet een regel erbij"  # a closed quote over lines
    assert csv.field_size_limit() == 131_072  # the limit is put back


def test_wrong_explicit_encoding() -> None:
    message = str(refused(read_voorzieningen, BAD / "voorzieningen_cp1252.csv", encoding="utf-8"))
    assert "voorzieningen_cp1252.csv:3:naam: 'Buurthuis De Eëndracht'" in message
    assert "byte 0xEB past niet bij encoding='utf-8'" in message


def test_encoding_problem_in_a_file_about_people_shows_no_cell(tmp_path: Path) -> None:
    path = tmp_path / "inwoners.csv"
    path.write_bytes("inwoner_id,leeftijd,huishouden_id,notitie\n1,3,1,Zoë\n".encode("cp1252"))
    message = str(refused(read_inwoners, path))
    assert "inwoners.csv:2:notitie: '0xEB' -> byte 0xEB is geen UTF-8" in message
    assert "Zo" not in message


def test_missing_file() -> None:
    with pytest.raises(DataNotFoundError, match="bestand niet gevonden"):
        read_voorzieningen(GOOD / "bestaat_niet.csv")


def test_unknown_file_type(tmp_path: Path) -> None:
    (tmp_path / "v.dat").write_text("x")
    assert "v.dat::: '.dat' -> onbekend bestandstype" in str(
        refused(read_voorzieningen, tmp_path / "v.dat")
    )


def test_relaties_only_from_csv() -> None:
    message = str(refused(read_relaties, GOOD / "voorzieningen.geojson"))
    assert "relaties hebben geen ligging; we lezen ze uit een CSV" in message
    assert "kolommen van, naar, soort" in message


def test_ijkpunten_only_from_csv_with_their_own_advice() -> None:
    from sociale_basis.io import read_ijkpunten

    message = str(refused(read_ijkpunten, GOOD / "voorzieningen.geojson"))
    assert "ijkpunten hebben geen ligging; we lezen ze uit een CSV" in message
    assert "kolom gebiedcode plus een kolom per ijkpunt" in message
    assert "van, naar" not in message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"crs": "EPSG:28992"}, ValueError, "crs= geldt niet voor een CSV"),
        ({"layer": "x"}, ValueError, "layer= geldt alleen voor een GeoPackage"),
        ({"ongeldig": "overslaan"}, ValueError, "ongeldig='overslaan' bestaat niet"),
        ({"encoding": "klingon"}, ValueError, "onbekende encoding 'klingon'"),
    ],
)
def test_options_that_do_not_fit(kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        read_voorzieningen(GOOD / "voorzieningen.csv", **kwargs)


# --- privacy ---------------------------------------------------------------------------


def test_pseudonymised_bsn_never_leaves_the_reader() -> None:
    data, rapport = read_inwoners(BAD / "inwoners_bsn.csv", pseudonimiseer=["bsn"], sleutel=KEY)
    assert "BSN" not in data.columns
    expected = pseudonymise(["123456782", "012345672"], KEY).tolist()
    assert data["bsn_pseudoniem"].tolist() == expected
    shown = data.to_string() + str(rapport) + repr(rapport)
    assert "123456782" not in shown and "12345672" not in shown
    assert any("vervangen door een pseudoniem" in o for o in rapport.opmerkingen)


def test_pseudonymise_a_column_that_is_not_there() -> None:
    message = str(
        refused(read_inwoners, BAD / "inwoners_bsn.csv", pseudonimiseer=["bsm"], sleutel=KEY)
    )
    assert "inwoners_bsn.csv:1:bsm: 'bsm' -> kolom om te pseudonimiseren bestaat niet" in message
    assert "bedoelde u 'BSN'?" in message
    message = str(
        refused(read_inwoners, BAD / "inwoners_bsn.csv", pseudonimiseer=["xyz"], sleutel=KEY)
    )
    assert "noem in pseudonimiseer= een kolom uit het bestand" in message


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"pseudonimiseer": ["bsn"]}, ValueError, "vraagt om een sleutel"),
        ({"pseudonimiseer": "bsn", "sleutel": KEY}, TypeError, r"schrijf \['bsn'\]"),
        ({"pseudonimiseer": ["bsn"], "sleutel": b"kort"}, ValueError, "minstens 16 bytes"),
    ],
)
def test_pseudonymise_options(kwargs: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        read_inwoners(BAD / "inwoners_bsn.csv", **kwargs)


def test_relaties_can_pseudonymise_too(tmp_path: Path) -> None:
    path = tmp_path / "relaties.csv"
    path.write_text("van,naar,soort,bsn_van\ninwoner:1,inwoner:2,buur,123456782\n")
    data, _ = read_relaties(path, pseudonimiseer=["bsn_van"], sleutel=KEY)
    assert data["bsn_van_pseudoniem"].tolist() == pseudonymise(["123456782"], KEY).tolist()


def test_shapely_is_the_repair_not_buffer() -> None:
    # the bow tie keeps both wings; buffer(0) would keep only one of them
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    assert shapely.buffer(bowtie, 0).area == pytest.approx(0.25)
    wijken, _ = read_wijken(BAD / "wijken_ongeldig.geojson", herstel=True)
    assert wijken.loc["WK999902"].geometry.area == pytest.approx(1_000_000)


# --- identifying columns, by name and by value (issue 11) ------------------------------


def _inwoners(tmp_path: Path, extra: dict[str, list[str]], name: str = "inwoners.csv") -> Path:
    """Two good inwoners with extra columns."""
    frame = pd.DataFrame(
        {
            "inwoner_id": ["1", "2"],
            "leeftijd": ["34", "36"],
            "huishouden_id": ["1", "1"],
            "x": ["84500", "84500"],
            "y": ["446500", "446500"],
            "buurtcode": ["BU99990101", "BU99990101"],
            **extra,
        }
    )
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def test_identifying_columns_of_the_issue_are_refused_without_showing_the_values(
    tmp_path: Path,
) -> None:
    columns = {
        "naam_inwoner": ["Jan Jansen", "Piet Pietersen"],
        "achternaam_partner": ["Jansen", "Pietersen"],
        "straat_huisnr": ["Kerkstraat 12", "Markt 1"],
        "geb_dat": ["1980-05-17", "1981-06-18"],
        "burgerservice_nr": ["123456782", "012345672"],
        "telnr_mobiel": ["0612345678", "0687654321"],
        "client_naam": ["Jan Jansen", "Piet Pietersen"],
    }
    err = refused(read_inwoners, _inwoners(tmp_path, columns))
    assert [p.column for p in err.problems] == list(columns)
    message = str(err)
    assert (
        "inwoners.csv:1:telnr_mobiel: 'telnr_mobiel' -> kolom met direct identificerende "
        "persoonsgegevens (telefoonnummer, bijv. rij 2: '06******78')"
    ) in message
    assert "pseudonimiseer=['burgerservice_nr']" in message
    for values in columns.values():
        for value in values:
            assert value not in message


@pytest.mark.parametrize(
    ("cell", "what", "shown"),
    [
        ("123456782", "burgerservicenummers (BSN, 11-proef)", "1*******2"),
        ("06-12345678", "telefoonnummers", "06*******78"),
        ("jan.jansen@voorbeeld.nl", "e-mailadressen", "ja**********nl"),
        ("NL91ABNA0417164300", "rekeningnummers (IBAN)", "NL**********00"),
        ("2611 AB 12", "adressen (postcode met huisnummer)", "26******12"),
    ],
)
def test_identifying_values_in_a_harmless_looking_column_are_refused(
    tmp_path: Path, cell: str, what: str, shown: str
) -> None:
    path = _inwoners(tmp_path, {"notitie": ["", cell]})
    err = refused(read_inwoners, path, ongeldig="weglaten")  # a column problem always raises
    (problem,) = err.problems
    assert (problem.row, problem.column, problem.value) == (3, "notitie", shown)
    assert problem.problem.startswith(f"de kolom bevat {what} (1 van 1 ingevulde cellen")
    assert "pseudonimiseer=['notitie']" in problem.fix
    assert cell not in str(err)


def test_a_column_asked_to_be_pseudonymised_is_allowed(tmp_path: Path) -> None:
    path = _inwoners(tmp_path, {"contact": ["0612345678", "0687654321"], "naam": ["A", "B"]})
    data, rapport = read_inwoners(path, pseudonimiseer=["contact", "naam"], sleutel=KEY)
    assert (
        data["contact_pseudoniem"].tolist()
        == pseudonymise(["0612345678", "0687654321"], KEY).tolist()
    )
    assert "contact" not in data.columns and "naam" not in data.columns
    assert "0612345678" not in data.to_string() + str(rapport)


def test_a_bsn_as_inwoner_id_is_refused_with_the_advice_to_renumber(tmp_path: Path) -> None:
    path = _inwoners(tmp_path, {})
    frame = pd.read_csv(path, dtype=str)
    frame["inwoner_id"] = ["123456782", "012345672"]
    frame.to_csv(path, index=False)
    err = refused(read_inwoners, path)
    problem = err.problems[0]
    assert problem.column == "inwoner_id" and problem.value == "1*******2"
    assert problem.fix.startswith("gebruik in 'inwoner_id' eigen volgnummers")
    # later checks of the column show its values masked too
    assert err.problems[1].value == "0*******2" and err.problems[1].problem == "geen geheel getal"
    assert "12345672" not in str(err)


def test_relaties_between_bsns_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "relaties.csv"
    path.write_text("van,naar,soort\ninwoner:123456782,inwoner:012345672,buur\n")
    message = str(refused(read_relaties, path))
    assert "relaties.csv:2:van: '1*******2' -> de kolom bevat burgerservicenummers" in message
    assert "relaties.csv:2:naar: '0*******2'" in message


def test_professionals_are_persons_too(tmp_path: Path) -> None:
    good = pd.read_csv(GOOD / "professionals.csv", dtype=str)
    good["naam"] = ["Dr. A. de Vries", "B. Bakker"]
    good["telefoon_werk"] = ["015-2123456", "015-2654321"]
    path = tmp_path / "professionals.csv"
    good.to_csv(path, index=False)
    err = refused(read_professionals, path)
    assert [(p.column, p.problem.split(" (")[0]) for p in err.problems] == [
        ("naam", "kolom met direct identificerende persoonsgegevens"),
        ("telefoon_werk", "kolom met direct identificerende persoonsgegevens"),
    ]
    data, _ = read_professionals(path, pseudonimiseer=["naam", "telefoon_werk"], sleutel=KEY)
    assert {"naam_pseudoniem", "telefoon_werk_pseudoniem"} <= set(data.columns)
    with pytest.raises(ValueError, match="vraagt om een sleutel"):
        read_professionals(path, pseudonimiseer=["naam"])


def test_places_may_have_a_name_and_a_phone_number(tmp_path: Path) -> None:
    # a vereniging's or voorziening's naam is a place's name; its phone is no person's
    path = tmp_path / "voorzieningen.csv"
    path.write_text(
        "voorziening_id,soort,naam,telefoon,x,y,buurtcode\n"
        "1,buurthuis,Buurthuis De Vonk,015-2123456,84500,446500,BU99990101\n"
    )
    data, _ = read_voorzieningen(path)
    assert data.loc[1, "naam"] == "Buurthuis De Vonk"
    verenigingen, _ = read_verenigingen(GOOD / "verenigingen.csv")
    assert verenigingen["naam"].notna().all()


def test_ordinary_person_columns_are_not_mistaken_for_identifiers(tmp_path: Path) -> None:
    extra = {
        "adres_id": ["0503200000012345", "0503200000012346"],  # BAG: 16 digits
        "buurtnaam": ["Zuidwest", "Zuidwest"],
        "wijk_naam": ["West", "West"],
        "peildatum": ["2024-01-01", "01-01-2024"],
        "lon_precies": ["4.360505123", "4.360505124"],
        "minder_mobiel": ["ja", "nee"],
        "geboortejaar": ["1990", "1988"],
        "inwoners_buurt": ["110170", "99995"],
        "gebied": ["BU05031208", "WK050312"],
    }
    data, rapport = read_inwoners(_inwoners(tmp_path, extra))
    assert rapport.gebruikt == 2
    assert data["buurtnaam"].tolist() == ["Zuidwest", "Zuidwest"]


# --- overlapping vlakken ---------------------------------------------------------------


def _wijken_file(tmp_path: Path, polygons: list[shapely.Geometry]) -> Path:
    frame = gpd.GeoDataFrame(
        {
            "wijkcode": [f"WK99990{i + 1}" for i in range(len(polygons))],
            "wijknaam": [f"Wijk {i + 1}" for i in range(len(polygons))],
            "inwoners": [100] * len(polygons),
        },
        geometry=polygons,
        crs=RD_NEW,
    )
    path = tmp_path / "wijken.gpkg"
    write_quietly(frame, path)
    return path


def test_overlapping_wijken_are_refused_naming_both_rows(tmp_path: Path) -> None:
    # wijk 2 reaches 100 m into wijk 1 (100,000 m², 10% of it); wijk 3 only touches
    path = _wijken_file(
        tmp_path,
        [
            shapely.box(84000, 446000, 85000, 447000),
            shapely.box(84900, 446000, 85900, 447000),
            shapely.box(85900, 446000, 86900, 447000),
        ],
    )
    err = refused(read_wijken, path)
    assert [(p.row, p.value) for p in err.problems] == [(2, "100.000 m²"), (3, "100.000 m²")]
    message = str(err)
    assert (
        "wijken.gpkg:2:geometry: '100.000 m²' -> vlak overlapt met wijk WK999902 (rij 3) over "
        "100.000 m² (10,0% van het kleinste vlak) -> corrigeer de grenzen"
    ) in message
    assert "wijk WK999901 (rij 2)" in message and "herstel=True" in message
    data, rapport = read_wijken(path, ongeldig="weglaten")  # both rows: we cannot tell
    assert list(data.index) == ["WK999903"]
    assert [a.rij for a in rapport.afgewezen] == [2, 3]
    data, rapport = read_wijken(path, herstel=True)
    assert len(data) == 3
    assert any(
        "1 paar overlappende vlakken behouden (herstel=True): WK999901 (rij 2) en WK999902 "
        "(rij 3) (100.000 m², 10,0%)" in o
        for o in rapport.opmerkingen
    )


def test_slivers_and_specks_are_no_overlap(tmp_path: Path) -> None:
    # a 0.5 m sliver along a 1 km border: 500 m², but 0.05% of a wijk
    # a speck of 0.5 m²: half of a tiny wijk, but less than 1 m²
    path = _wijken_file(
        tmp_path,
        [
            shapely.box(84000, 446000, 85000, 447000),
            shapely.box(84999.5, 446000, 86000, 447000),
            shapely.box(84000, 447000, 84001, 447001),
            shapely.box(84000.5, 447000, 84001.5, 447001),
        ],
    )
    data, rapport = read_wijken(path)
    assert len(data) == 4 and rapport.opmerkingen == ()


def test_overlapping_buurten_are_refused_too(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU99990101", "BU99990102"],
            "buurtnaam": ["Zuid", "Noord"],
            "inwoners": [10, 10],
        },
        geometry=[shapely.box(84000, 446000, 85000, 447000)] * 2,  # the same vlak twice
        crs=RD_NEW,
    )
    path = tmp_path / "buurten.gpkg"
    write_quietly(frame, path)
    message = str(refused(read_buurten, path))
    assert "vlak overlapt met buurt BU99990102 (rij 3) over 1.000.000 m² (100,0%" in message
    _, rapport = read_buurten(path, herstel=True)
    assert any(
        "een punt in een overlap krijgt de buurt met de laagste" in o for o in rapport.opmerkingen
    )


@pytest.mark.parametrize("gemeente", ["delft", "zwolle"])
def test_real_cbs_wijken_and_buurten_do_not_overlap(tmp_path: Path, gemeente: str) -> None:
    # The Zwolle buurten of 2024 overlap by slivers (34 pairs, the largest 1.2 m² or
    # 0.0001% of the smaller buurt): below the tolerance, so they read without a note.
    from sociale_basis.datasets.bundles import read_bron

    bron = read_bron(gemeente)
    for reader, frame in ((read_wijken, bron.wijken), (read_buurten, bron.buurten)):
        path = tmp_path / f"{gemeente}_{reader.__name__}.gpkg"
        columns = [c for c in frame.columns if c in ("wijknaam", "buurtnaam", "wijkcode")]
        write_quietly(frame[[*columns, "inwoners", "geometry"]].reset_index(), path)
        data, rapport = reader(path)
        assert len(data) == len(frame)
        assert not any("overlap" in o for o in rapport.opmerkingen)


# --- ids that differ only in case ------------------------------------------------------


def test_ids_that_differ_only_in_case_are_likely_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "voorzieningen.csv"
    path.write_text(
        "voorziening_id,soort,x,y,buurtcode\n"
        "A1,buurthuis,84500,446500,BU99990101\n"
        "a1,buurthuis,84500,446500,BU99990101\n"
        "B2,buurthuis,84500,446500,BU99990101\n"
    )
    message = str(refused(read_voorzieningen, path))
    assert (
        "voorzieningen.csv:2:voorziening_id: 'A1' -> voorziening_id verschilt alleen in "
        "hoofdletters van 'a1' (rij 3): waarschijnlijk dezelfde voorziening"
    ) in message
    assert "voorzieningen.csv:3:voorziening_id: 'a1'" in message
    data, rapport = read_voorzieningen(path, ongeldig="weglaten")
    assert list(data.index) == ["B2"]
    assert [a.rij for a in rapport.afgewezen] == [2, 3]


def test_area_codes_that_differ_only_in_case_are_one_code(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"wijkcode": ["WK999901", "wk999901"], "wijknaam": ["A", "B"], "inwoners": [1, 2]},
        geometry=[
            shapely.box(84000, 446000, 85000, 447000),
            shapely.box(85000, 446000, 86000, 447000),
        ],
        crs=RD_NEW,
    )
    path = tmp_path / "wijken.gpkg"
    write_quietly(frame, path)
    message = str(refused(read_wijken, path))
    assert (
        "wijken.gpkg:3:wijkcode: 'wk999901' -> wijkcode verschilt alleen in hoofdletters" in message
    )

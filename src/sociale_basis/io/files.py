"""Opening input files: format, size budget, encoding, separator, layers.

The readers of :mod:`sociale_basis.io` call :func:`load`; it returns the cells of a file
(and its geometries) in a :class:`~sociale_basis.io.validate.Tabel`, ready for the checks.
Problems that stop reading altogether (a wrong format, an encoding, a budget) raise here.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from ..core.errors import DataNotFoundError, Problem, ValidationError
from .validate import Tabel

MB = 1_000_000


@dataclass(frozen=True)
class Budget:
    """The largest file a reader accepts without being asked: rows and bytes."""

    rijen: int
    bytes: int


# Sized for the largest Dutch gemeente (Amsterdam: ~930,000 inwoners, ~500 buurten) with a
# wide margin; a whole-country file needs an explicit max_rijen=/max_bytes=.
BUDGETTEN: dict[str, Budget] = {
    "wijken": Budget(5_000, 500 * MB),
    "buurten": Budget(20_000, 500 * MB),
    "inwoners": Budget(2_000_000, 1_000 * MB),
    "verenigingen": Budget(100_000, 100 * MB),
    "voorzieningen": Budget(200_000, 200 * MB),
    "professionals": Budget(100_000, 100 * MB),
    "relaties": Budget(20_000_000, 2_000 * MB),
    "ijkpunten": Budget(100_000, 100 * MB),
}


CSV_EXTENSIES = (".csv", ".txt", ".tsv")
VECTOR_EXTENSIES = {".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson", ".shp": "shp"}
EXCEL_EXTENSIES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass
class Bestand:
    """A file read into cells (and geometries), before the checks of its reader."""

    tabel: Tabel
    tabel_name: str
    kind: str  # "csv", "gpkg", "geojson" or "shp"
    geoms: gpd.GeoSeries | None


def _refuse(
    file: str, row: int | None, column: str | None, value: object, what: str, fix: str
) -> ValidationError:
    return ValidationError([Problem(file, row, column, value, what, fix)])


CSV_KOLOMMEN = {
    "relaties": "kolommen van, naar, soort",
    "ijkpunten": "kolom gebiedcode plus een kolom per ijkpunt, bijv. Mantelzorger_31",
}
"""The columns to name when a table without a place comes in another format than CSV."""


def load(
    path: str | os.PathLike[str],
    tabel: str,
    layer: str | None,
    encoding: str | None,
    crs: str | None,
    max_rijen: int | None,
    max_bytes: int | None,
    *,
    csv_ok: bool = True,
    vector_ok: bool = True,
    personal: bool = False,
) -> Bestand:
    """Open a file: format, size budget, encoding, layers; the checks come after."""
    # Long on purpose: reading any of five formats into one Tabel is a single sequence of checks
    # (budget, existence, format, decoding, layer); split up it would pass the half-read file
    # through many helpers.
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise DataNotFoundError(
            f"bestand niet gevonden: {p} (huidige map: {Path.cwd()}); controleer het pad"
        )
    ext = p.suffix.lower()
    budget = BUDGETTEN[tabel]
    rows_limit = max_rijen if max_rijen is not None else budget.rijen
    bytes_limit = max_bytes if max_bytes is not None else budget.bytes
    if ext in EXCEL_EXTENSIES:
        raise _refuse(
            name,
            None,
            None,
            ext,
            "Excel-bestanden lezen we niet direct",
            'sla het blad op als "CSV UTF-8 (gescheiden door komma\'s)" en lees die CSV in',
        )
    if ext not in CSV_EXTENSIES and ext not in VECTOR_EXTENSIES:
        raise _refuse(
            name,
            None,
            None,
            ext,
            f"onbekend bestandstype '{ext}'",
            "lever een GeoPackage (.gpkg), GeoJSON (.geojson), Shapefile (.shp) of CSV (.csv)",
        )
    kind = "csv" if ext in CSV_EXTENSIES else VECTOR_EXTENSIES[ext]
    if kind == "csv" and not csv_ok:
        raise _refuse(
            name,
            None,
            None,
            ext,
            f"{tabel} zijn vlakken en een CSV kan geen vlakken bevatten",
            "lever een GeoPackage, GeoJSON of Shapefile",
        )
    if kind != "csv" and not vector_ok:
        raise _refuse(
            name,
            None,
            None,
            ext,
            f"{tabel} hebben geen ligging; we lezen ze uit een CSV",
            f"exporteer de tabel als CSV ({CSV_KOLOMMEN.get(tabel, 'met een kopregel')})",
        )
    if crs is not None and kind == "csv":
        raise ValueError(
            "crs= geldt niet voor een CSV: daar zeggen de kolommen het (x/y = RD New, "
            "lon/lat = WGS84); laat crs= weg"
        )
    if layer is not None and kind != "gpkg":
        raise ValueError(f"layer= geldt alleen voor een GeoPackage (.gpkg), niet voor {ext}")
    # A Shapefile keeps its attributes beside it, in the .dbf.
    parts = [p, p.with_suffix(".dbf")] if kind == "shp" else [p]
    size = sum(f.stat().st_size for f in parts if f.is_file())
    if size > bytes_limit:
        raise _refuse(
            name,
            None,
            None,
            f"{size:_} bytes".replace("_", "."),
            f"het bestand is groter dan het budget voor {tabel} ({bytes_limit:_} bytes)".replace(
                "_", "."
            ),
            f"klopt dit, geef dan max_bytes={size} (of meer) mee; of lever een kleiner bestand",
        )
    if kind == "csv":
        return _read_csv(p, tabel, encoding, rows_limit, personal)
    return _read_vector(p, tabel, kind, layer, encoding, rows_limit)


def _too_many_rows(name: str, tabel: str, n: int, limit: int, first_row: int) -> ValidationError:
    return _refuse(
        name,
        first_row,
        None,
        f"{n} rijen",
        f"meer rijen dan het budget voor {tabel} ({limit})",
        f"klopt dit, geef dan max_rijen={n} (of meer) mee; of knip het bestand op",
    )


def _read_csv(
    p: Path, tabel: str, encoding: str | None, rows_limit: int, personal: bool
) -> Bestand:
    # Long on purpose: the CSV is parsed once, line by line, with its row numbers, budget and
    # unclosed quotes in view; each branch is one case of a Dutch Excel export.
    raw = p.read_bytes()
    text = _decode(raw, p.name, encoding, personal)
    if not text.strip():
        raise _refuse(
            p.name,
            1,
            None,
            "",
            "het bestand is leeg",
            "lever een kopregel met kolomnamen en de gegevens",
        )
    sep = _separator(text)
    records = _records(text, sep, p.name)
    header = [h.strip().lstrip("\ufeff").strip() for h in records[0]]
    body = records[1:]
    width = len(header)
    fatal: list[Problem] = []
    drop: list[int] = []
    for j, h in enumerate(header):
        if not h:
            if any(j < len(r) and r[j].strip() for r in body):
                fatal.append(
                    Problem(
                        p.name,
                        1,
                        f"kolom {j + 1}",
                        "",
                        "kolom zonder naam bevat gegevens",
                        "geef de kolom een naam, of verwijder haar",
                    )
                )
            drop.append(j)
        elif h in header[:j]:
            fatal.append(
                Problem(
                    p.name,
                    1,
                    h,
                    h,
                    f"kolomnaam '{h}' komt twee keer voor",
                    "geef elke kolom een eigen naam",
                )
            )
            drop.append(j)
    keep_cols = [j for j in range(width) if j not in drop]
    data: list[list[str]] = []
    rows: list[int] = []
    blank: list[int] = []
    ragged: list[tuple[int, int]] = []
    for row, record in enumerate(body, start=2):
        cells = [c.strip() for c in record]
        if not any(cells):
            blank.append(row)
            continue
        if len(cells) > width and any(cells[width:]):
            ragged.append((len(data), len(cells)))
        cells = (cells + [""] * width)[:width]
        data.append([cells[j] for j in keep_cols])
        rows.append(row)
    if len(data) > rows_limit:
        raise _too_many_rows(p.name, tabel, len(data), rows_limit, rows[rows_limit])
    frame = pd.DataFrame(data, columns=[header[j] for j in keep_cols], dtype=object)
    t = Tabel(p.name, frame, rows)
    t.fatal.extend(fatal)
    for pos, n in ragged:
        t.problem(
            pos,
            None,
            f"{n} velden",
            f"de rij heeft {n} velden, de kopregel {width}",
            f"controleer het scheidingsteken '{sep}' en de aanhalingstekens in deze rij",
        )
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" ..." if len(blank) > 10 else "")
        t.notes.append(f"{len(blank)} lege rij(en) overgeslagen: rij {shown}")
    return Bestand(t, tabel, "csv", None)


def _records(text: str, sep: str, name: str) -> list[list[str]]:
    """The records of a CSV text; refused when a quote is never closed.

    A cell may be as long as the file (a long note): the csv module's limit of 131,072
    characters is raised while reading. A quote that is never closed would make the rest
    of the file one cell; the csv module accepts that silently, so the last record is
    read again strictly when one of its cells spans lines.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, min(len(text) + 1, 2**31 - 1)))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        records = _parse(reader, name)
        if records and any("\n" in cell or "\r" in cell for cell in records[-1]):
            _check_closed(text, sep, name, len(records))
    finally:
        csv.field_size_limit(old)
    return records


def _parse(reader: Any, name: str) -> list[list[str]]:
    """Every record of a csv reader; a csv.Error is refused naming its line."""
    try:
        return list(reader)
    except csv.Error as exc:
        raise _refuse(
            name,
            reader.line_num,
            None,
            str(exc),
            "de CSV is niet te lezen",
            "controleer de aanhalingstekens op deze regel",
        ) from None


def _check_closed(text: str, sep: str, name: str, row: int) -> None:
    """Refuse when the last record (spreadsheet row ``row``) opens a quote that the file
    never closes. Runs only when a cell of the last record spans lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    start = next_start = 1  # the line where the last record starts
    for _ in reader:
        start, next_start = next_start, reader.line_num + 1
    lines = io.StringIO(text, newline="").readlines()
    tail = "".join(lines[start - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise _refuse(
                name,
                row,
                None,
                f"regel {start} t/m {len(lines)}",
                'een aanhalingsteken (") op deze rij wordt nergens gesloten: de rest van het '
                f"bestand ({len(lines) - start + 1} regels) zou één cel worden",
                "sluit het aanhalingsteken, of schrijf een aanhalingsteken in een tekst "
                'dubbel ("")',
            ) from None


def _decode(raw: bytes, name: str, encoding: str | None, personal: bool) -> str:
    codec = encoding or "utf-8"
    try:
        info = codecs.lookup(codec)
    except LookupError:
        raise ValueError(
            f"onbekende encoding {encoding!r}; gebruik bijv. 'utf-8' of 'cp1252'"
        ) from None
    if info.name == "utf-8":
        codec = "utf-8-sig"  # a BOM (Excel's "CSV UTF-8") is no part of the first column
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValidationError([_encoding_problem(raw, name, exc, encoding, personal)]) from None


def _encoding_problem(
    raw: bytes, name: str, exc: UnicodeDecodeError, encoding: str | None, personal: bool
) -> Problem:
    """Where the first undecodable byte sits (row, column) and what to do about it."""
    start = exc.start
    row = raw.count(b"\n", 0, start) + 1
    line_start = raw.rfind(b"\n", 0, start) + 1
    line_end = raw.find(b"\n", start)
    line = raw[line_start : line_end if line_end >= 0 else len(raw)]
    first = raw.split(b"\n", 1)[0].removeprefix(codecs.BOM_UTF8).decode("latin-1")
    sep = _separator(first)
    header = [h.strip().strip('"') for h in first.split(sep)]
    index = line[: start - line_start].count(sep.encode())
    column = header[index] if row > 1 and index < len(header) else None
    bad = raw[exc.start : exc.end]
    cell = line.split(sep.encode())[index].decode("cp1252", errors="replace").strip().strip('"')
    # In a file about people the cell may be a name: show only the byte there.
    value: object = f"0x{bad.hex().upper()}" if personal else cell
    try:
        raw.decode("cp1252")
        looks = "; het bestand lijkt Windows-1252 (cp1252), zoals oudere Excel-versies opslaan"
    except UnicodeDecodeError:
        looks = ""
    if encoding is None:
        return Problem(
            name,
            row,
            column,
            value,
            f"byte 0x{bad.hex().upper()} is geen UTF-8{looks}",
            'lees in met encoding="cp1252", of sla het bestand op als "CSV UTF-8"',
        )
    return Problem(
        name,
        row,
        column,
        value,
        f"byte 0x{bad.hex().upper()} past niet bij encoding={encoding!r}",
        "kies de juiste encoding= (bijv. 'utf-8' of 'cp1252')",
    )


def _separator(text: str) -> str:
    """``;``, ``,`` or tab: whichever the header line holds most (``,`` when none)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {sep: first.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else ","


def _read_vector(
    p: Path, tabel: str, kind: str, layer: str | None, encoding: str | None, rows_limit: int
) -> Bestand:
    # Long on purpose: one pass over a GeoPackage/GeoJSON/Shapefile: layer choice, CRS, budget and
    # columns belong to the same opened file.
    name = p.name
    unreadable = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError)
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(p)]
    except unreadable as exc:
        raise _refuse(
            name,
            None,
            None,
            str(exc).replace(str(p), name)[:200],
            f"het bestand is niet te lezen als {kind}",
            "controleer of het in QGIS opent; bij een Shapefile horen .shp, .shx en .dbf in "
            "dezelfde map",
        ) from None
    if layer is None and len(layers) > 1:
        raise _refuse(
            name,
            None,
            "layer",
            ", ".join(layers),
            "het GeoPackage heeft meer dan één laag",
            f"kies er een met layer=, bijv. layer='{layers[0]}'",
        )
    if layer is not None and layer not in layers:
        raise _refuse(
            name,
            None,
            "layer",
            layer,
            "deze laag bestaat niet",
            "kies uit: " + ", ".join(layers),
        )
    use = layer or layers[0]
    n = int(pyogrio.read_info(p, layer=use, force_feature_count=True)["features"])
    if n > rows_limit:
        raise _too_many_rows(name, tabel, n, rows_limit, rows_limit + 2)
    try:
        frame = pyogrio.read_dataframe(p, layer=use, encoding=encoding if kind == "shp" else None)
    except unreadable as exc:
        raise _refuse(
            name,
            None,
            None,
            str(exc).replace(str(p), name)[:200],
            f"het bestand is niet te lezen als {kind}",
            "controleer of het in QGIS opent",
        ) from None
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else None
    attrs = frame.drop(columns=[frame.geometry.name]) if geoms is not None else frame
    cells = pd.DataFrame(
        {
            str(c).strip(): [v.strip() if isinstance(v, str) else v for v in attrs[c].tolist()]
            for c in attrs.columns
        },
        index=pd.RangeIndex(len(attrs)),
        dtype=object,
    )
    # Features have no header row; row 2 is the first feature, as in the CSV of the same data.
    t = Tabel(name, cells, range(2, len(cells) + 2), truncated_names=kind == "shp")
    if geoms is not None:
        geoms = geoms.reset_index(drop=True)
    return Bestand(t, tabel, kind, geoms)

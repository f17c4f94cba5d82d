"""What every reader shares: formats, options and checks of the files of wijken, buurten,
inwoners, verenigingen, voorzieningen, professionals and relaties, which are checked at
the door and returned in EPSG:28992 (the readers: :mod:`.areas`, :mod:`.places`,
:mod:`.persons`).

Every reader returns a :class:`Gelezen`: ``.data`` (a GeoDataFrame in RD New indexed by the
domain id, as in ``docs/contracts.md``; a DataFrame for relaties) and ``.rapport``, which
accounts for every input row (read = used + rejected). It unpacks::

    data, rapport = sb.read_voorzieningen("voorzieningen.csv")

Formats
    GeoPackage (``.gpkg``, choose a layer with ``layer=`` when there are several), GeoJSON
    (``.geojson``, ``.json``), Shapefile (``.shp``) and CSV (``.csv``, ``.txt``, ``.tsv``).
    Wijken and buurten need vlakken, so no CSV; relaties have no place, so only CSV.
    Excel files are refused with the advice to save them as "CSV UTF-8".
CSV
    Separator ``,``, ``;`` or tab, read from the header line. A decimal comma (``52,01``)
    is accepted in numbers. UTF-8 with or without BOM; other encodings only when named
    (``encoding="cp1252"`` for older Excel exports). White space around cells is removed;
    rows with only empty cells are skipped (and counted in the report). The header is row
    1 in every message, as in a spreadsheet. Places come from ``x``/``y`` (RD New, metres)
    or ``lon``/``lat`` (WGS84, degrees). A cell may be as long as the file; a quote that
    is never closed (which would make the rest of the file one cell) is refused.
Column names
    Case, spaces and hyphens do not matter. Accepted other spellings
    (:data:`sociale_basis.io.validate.ALIASSEN`): ``x_rd``, ``rd_x``, ``xcoord`` (x);
    ``lng``, ``long``, ``longitude``, ``lengtegraad`` (lon); ``latitude``, ``breedtegraad``
    (lat); ``wk_code``, ``bu_code``, ``wk_naam``, ``bu_naam``, ``aantal_inwoners`` (CBS
    names); ``id`` for the id column of a reader; ``naam``/``code`` for wijknaam/wijkcode
    and buurtnaam/buurtcode. Shapefiles cut names at 10 characters: ``voorzienin`` counts as
    ``voorziening_id``. Other columns are kept unchanged.
CRS
    A file with a CRS is converted once to EPSG:28992. A file without one is refused (the
    message says what the coordinates look like); ``crs=`` sets or overrules the CRS of a
    GeoPackage/GeoJSON/Shapefile when you know it. RD numbers in a file labelled EPSG:4326
    (a GeoJSON without ``crs`` member counts as EPSG:4326) or in lon/lat columns are
    refused, and so are swapped coordinates.
Bad input (``ongeldig=``)
    Besides wrong values: duplicate ids and ids that differ only in case (``A1``, ``a1``;
    every row involved is named), and wijken or buurten whose vlakken overlap by more than
    1 m² and 0.1% of the smaller one (``herstel=True`` keeps them, with a note).
    ``"fout"`` (default): collect every problem, raise one
    :class:`~sociale_basis.core.errors.ValidationError` listing
    ``file:row:column: value -> problem -> fix``. ``"weglaten"``: reject the rows with a
    problem, list them in the report, keep the rest. Problems of the whole file (a missing
    column, the CRS, a forbidden column) always raise.
Study area (``gebied=``)
    Anything with ``.wijken`` and ``.buurten`` (e.g. ``sb.datasets.delft()``) or a
    GeoDataFrame of buurten with a ``wijkcode`` column. Codes must exist in it, points must
    lie in it, and a missing ``buurtcode`` is filled in by point in polygon. Without a
    ``wijkcode`` the wijk follows from the buurtcode.
Privacy
    Files about persons (inwoners, relaties, professionals) may not hold directly
    identifying columns. A column is refused by its name
    (:func:`sociale_basis.privacy.identifying_kind`: a word such as naam, adres, postcode,
    bsn, geb, telefoon, mobiel, e-mail or iban, also in ``naam_inwoner``, ``geb_dat`` or
    ``clientNaam``; ``buurtnaam`` or ``adres_id`` are fine) or by its values
    (:func:`sociale_basis.privacy.identifying_values`: BSN's passing the 11-proef, phone
    numbers, e-mail addresses, IBANs, postcodes with a house number). The message names
    the column and one example row, its value masked. Remove such columns, or let the
    reader replace them by keyed pseudonyms: ``pseudonimiseer=["bsn"], sleutel=key`` gives
    a column ``bsn_pseudoniem``; the original values never leave the reader. Files about
    places (verenigingen, voorzieningen) are not checked: their ``naam`` is a place's.
Size budgets
    :data:`BUDGETTEN` caps rows and bytes per reader, so a national file read by mistake
    stops with a message instead of filling the memory; raise with ``max_rijen=`` and
    ``max_bytes=``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import numpy as np

from ..privacy import key_bytes
from .files import Bestand
from .study_area import Studiegebied, area_codes
from .validate import Tabel
from .validate_geo import checked_geometries, points_from_columns

Ongeldig = Literal["fout", "weglaten"]
# Optional columns about the place of a point, known to every point reader.
PLACE_COLUMNS = ("buurtcode", "wijkcode", "bron", "x", "y", "lon", "lat")

# --- the readers --------------------------------------------------------------------------

_COMMON = """path
        The file (GeoPackage, GeoJSON, Shapefile or CSV; see the module documentation).
    ongeldig
        ``"fout"``: raise one ValidationError listing every problem. ``"weglaten"``: reject
        the rows with a problem (listed in the report) and keep the rest. Problems of the
        whole file always raise.
    layer
        The layer of a GeoPackage with more than one layer.
    encoding
        The encoding of a CSV or Shapefile, e.g. ``"cp1252"``; default UTF-8 (BOM or not).
    crs
        The CRS of a GeoPackage/GeoJSON/Shapefile that has none or a wrong one. Not for
        CSV: there the columns say it (x/y = RD New, lon/lat = WGS84).
    max_rijen, max_bytes
        Raise the size budget of :data:`BUDGETTEN` for a file known to be big."""

_RAISES = """Raises
    ------
    ValidationError
        Listing every problem as ``file:row:column: value -> problem -> fix``.
    DataNotFoundError
        When the file does not exist.
    ValueError
        For options that do not fit (``crs=`` with a CSV, ``layer=`` without a GeoPackage,
        an unknown ``ongeldig`` or ``encoding``)."""

_F = TypeVar("_F", bound=Callable[..., Any])


def documented(func: _F) -> _F:
    func.__doc__ = (func.__doc__ or "").replace("{common}", _COMMON).replace("{raises}", _RAISES)
    return func


FIX_INWONERS = "vul een aantal van 0 of meer in; laat de cel leeg als het aantal geheim is"


# --- shared steps -------------------------------------------------------------------------


def check_ongeldig(ongeldig: str) -> None:
    if ongeldig not in ("fout", "weglaten"):
        raise ValueError(
            f"ongeldig={ongeldig!r} bestaat niet; kies 'fout' (stoppen met een lijst van "
            "problemen) of 'weglaten' (foute rijen weglaten en rapporteren)"
        )


def check_key(columns: Sequence[str], key: bytes | str | None) -> None:
    if isinstance(columns, str):
        raise TypeError(f"pseudonimiseer is een lijst van kolommen: schrijf ['{columns}']")
    if columns and key is None:
        raise ValueError(
            "pseudonimiseer= vraagt om een sleutel: geef sleutel=<geheim van minstens 16 "
            "bytes> mee (bijv. secrets.token_hex(32)), en bewaar hem los van de data"
        )
    if columns:
        key_bytes(key)  # type: ignore[arg-type]


def study_area(gebied: object) -> Studiegebied | None:
    return None if gebied is None else Studiegebied.from_any(gebied)


def _bron(t: Tabel) -> list[str | None]:
    """The source of each row: the ``bron`` column, else the file name (contract)."""
    bron = t.text("bron")
    missing = sum(b is None for b in bron)
    if t.has("bron") and missing:
        t.notes.append(f"bron was leeg in {missing} rijen; daar is de bestandsnaam ingevuld")
    return [t.file if b is None else b for b in bron]


def id_dtype(values: Sequence[object]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) for v in present):
        return "int64" if len(present) == len(values) else "Int64"
    return "str"


def placed(
    b: Bestand, crs: str | None, area: Studiegebied | None, placeless: list[bool]
) -> tuple[np.ndarray, dict[str, tuple[list[Any], str]]]:
    """Points of a point table, and the columns every point table shares: the buurt and
    wijk (from the file or from the place) and the source. ``placeless`` marks rows that
    may lack a point (a digital platform)."""
    geometry = _points(b, crs, placeless)
    buurt, wijk = area_codes(b.tabel, geometry, area, [not p for p in placeless])
    columns = {
        "buurtcode": (buurt, "str"),
        "wijkcode": (wijk, "str"),
        "bron": (_bron(b.tabel), "str"),
    }
    return geometry, columns


def _points(b: Bestand, crs: str | None, empty_ok: list[bool]) -> np.ndarray:
    if b.geoms is not None:
        return checked_geometries(
            b.tabel,
            b.geoms,
            crs=crs,
            expected="punt",
            empty_ok=empty_ok,
            geojson=b.kind == "geojson",
        )
    return points_from_columns(b.tabel, [not e for e in empty_ok])

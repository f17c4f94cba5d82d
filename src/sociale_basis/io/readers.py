"""Readers: files of wijken, buurten, inwoners, verenigingen, voorzieningen, professionals
and relaties, checked at the door and returned in EPSG:28992.

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

import os
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.taxonomy import HULPVRAGEN, RELATIES, ROLLEN, SOORTEN, VERENIGING_SOORTEN
from ..privacy.rules import key_bytes
from .files import BUDGETTEN, Bestand, Budget, load
from .report import Afwijzing, Gelezen, Rapport, finish
from .validate import Tabel
from .validate_geo import (
    Studiegebied,
    area_codes,
    check_overlaps,
    checked_geometries,
    points_from_columns,
)
from .validate_relaties import check_relaties, known_ids, node_ids

__all__ = [
    "BUDGETTEN",
    "Afwijzing",
    "Budget",
    "Gelezen",
    "Rapport",
    "read_buurten",
    "read_inwoners",
    "read_professionals",
    "read_relaties",
    "read_verenigingen",
    "read_voorzieningen",
    "read_wijken",
]

Ongeldig = Literal["fout", "weglaten"]
# Id columns of the inwoners file: a BSN found there cannot be pseudonymised away.
_OWN_INWONERS = ("inwoner_id", "id", "huishouden_id", "adres_id")
# Optional columns about the place of a point, known to every point reader.
_PLACE = ("buurtcode", "wijkcode", "bron", "x", "y", "lon", "lat")

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


def _docs(func: _F) -> _F:
    func.__doc__ = (func.__doc__ or "").replace("{common}", _COMMON).replace("{raises}", _RAISES)
    return func


@_docs
def read_wijken(
    path: str | os.PathLike[str],
    *,
    ongeldig: Ongeldig = "fout",
    herstel: bool = False,
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read wijken: ``wijkcode``, ``wijknaam``, ``inwoners`` and a (Multi)Polygon each.

    ``inwoners`` may be empty (CBS keeps small numbers secret); it may not be negative.
    Two wijken may not overlap by more than 1 m² and 0.1% of the smaller one
    (:data:`sociale_basis._validate_geo.OVERLAP_M2`, ``OVERLAP_AANDEEL``): real boundaries
    touch and overlap by slivers, which are fine.

    Parameters
    ----------
    {common}
    herstel
        Repair invalid vlakken with ``shapely.make_valid``, and keep vlakken that overlap,
        instead of refusing them (both listed in the report).

    Returns
    -------
    Gelezen
        ``data`` indexed by ``wijkcode``; ``rapport``.

    {raises}
    """
    _check_ongeldig(ongeldig)
    b = load(path, "wijken", layer, encoding, crs, max_rijen, max_bytes, csv_ok=False)
    t = b.tabel
    t.match_columns(
        ("wijkcode", "wijknaam", "inwoners"),
        aliases={"wijkcode": ("code",), "wijknaam": ("naam",)},
    )
    t.ids("wijkcode", noun="wijk")  # present and unique
    codes = t.area_code("wijkcode")
    naam = t.text("wijknaam", required=True, fix="vul de naam van de wijk in")
    inwoners = t.number("inwoners", integer=True, low=0, fix=_FIX_INWONERS)
    geometry = _vlakken(b, crs, herstel)
    check_overlaps(t, geometry, codes, "wijk", herstel)
    return finish(
        b,
        ongeldig,
        ("wijkcode", codes, "str"),
        {"wijknaam": (naam, "str"), "inwoners": (inwoners, "Int64")},
        geometry,
    )


@_docs
def read_buurten(
    path: str | os.PathLike[str],
    *,
    ongeldig: Ongeldig = "fout",
    herstel: bool = False,
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read buurten: ``buurtcode``, ``buurtnaam``, ``wijkcode``, ``inwoners``, a vlak each.

    Without a ``wijkcode`` column the wijk follows from the buurtcode (BU05031100 lies in
    WK050311); with one, the two must agree. Two buurten may not overlap (as for
    :func:`read_wijken`).

    Parameters
    ----------
    {common}
    herstel
        Repair invalid vlakken with ``shapely.make_valid``, and keep vlakken that overlap,
        instead of refusing them (both listed in the report).

    Returns
    -------
    Gelezen
        ``data`` indexed by ``buurtcode``; ``rapport``.

    {raises}
    """
    _check_ongeldig(ongeldig)
    b = load(path, "buurten", layer, encoding, crs, max_rijen, max_bytes, csv_ok=False)
    t = b.tabel
    t.match_columns(
        ("buurtcode", "buurtnaam", "inwoners"),
        ("wijkcode",),
        aliases={"buurtcode": ("code",), "buurtnaam": ("naam",)},
    )
    t.ids("buurtcode", noun="buurt")  # present and unique
    geometry = _vlakken(b, crs, herstel)
    codes, wijk = area_codes(t, geometry, None, [True] * t.n)
    check_overlaps(t, geometry, codes, "buurt", herstel)
    naam = t.text("buurtnaam", required=True, fix="vul de naam van de buurt in")
    inwoners = t.number("inwoners", integer=True, low=0, fix=_FIX_INWONERS)
    return finish(
        b,
        ongeldig,
        ("buurtcode", codes, "str"),
        {"buurtnaam": (naam, "str"), "wijkcode": (wijk, "str"), "inwoners": (inwoners, "Int64")},
        geometry,
    )


_FIX_INWONERS = "vul een aantal van 0 of meer in; laat de cel leeg als het aantal geheim is"


@_docs
def read_inwoners(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    pseudonimiseer: Sequence[str] = (),
    sleutel: bytes | str | None = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read inwoners: ``inwoner_id``, ``leeftijd``, ``huishouden_id``, a point each.

    Optional: ``hulpvraag`` (a key of ``sb.taxonomy.HULPVRAGEN`` or empty), ``buurtcode``,
    ``wijkcode``, ``adres_id``, ``bron`` (default: the file name). Columns that identify a
    person (naam, adres, bsn, geboortedatum, ...) are refused unless pseudonymised.

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.
    pseudonimiseer
        Columns to replace by a keyed pseudonym (:func:`sociale_basis.privacy.pseudonymise`)
        while reading, e.g. ``["bsn"]``; each becomes ``<column>_pseudoniem``.
    sleutel
        The secret key for ``pseudonimiseer`` (at least 16 bytes).

    Returns
    -------
    Gelezen
        ``data`` indexed by ``inwoner_id`` (int); ``rapport``.

    {raises}
    """
    _check_ongeldig(ongeldig)
    _check_key(pseudonimiseer, sleutel)
    area = _studiegebied(gebied)
    b = load(path, "inwoners", layer, encoding, crs, max_rijen, max_bytes, personal=True)
    t = b.tabel
    pseudonyms = t.refuse_identifying(pseudonimiseer, sleutel, own=_OWN_INWONERS)
    t.match_columns(
        ("inwoner_id", "leeftijd", "huishouden_id"),
        ("hulpvraag", "adres_id", *_PLACE),
        aliases={"inwoner_id": ("id",)},
    )
    ids = t.ids("inwoner_id", noun="inwoner", integer=True)
    leeftijd = t.number(
        "leeftijd", required=True, integer=True, low=0, high=120, fix="vul de leeftijd in jaren in"
    )
    huishouden = t.number(
        "huishouden_id", required=True, integer=True, fix="geef elk huishouden een nummer"
    )
    hulpvraag = t.category("hulpvraag", tuple(HULPVRAGEN), "sb.taxonomy.HULPVRAGEN")
    geometry, place = _placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "leeftijd": (leeftijd, "int64"),
        "huishouden_id": (huishouden, "int64"),
        "hulpvraag": (hulpvraag, "str"),
        **place,
    }
    if t.has("adres_id"):
        adres = t.text("adres_id")
        columns["adres_id"] = (adres, _id_dtype(adres))
    return finish(b, ongeldig, ("inwoner_id", ids, "int64"), columns, geometry, pseudonyms)


@_docs
def read_verenigingen(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    voorzieningen: pd.DataFrame | None = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read verenigingen: ``vereniging_id``, ``naam``, ``soort``, a point each.

    ``soort`` is a key of ``sb.taxonomy.VERENIGING_SOORTEN``. Optional: ``voorziening_id``
    (where it meets), ``buurtcode``, ``wijkcode``, ``bron`` (default: the file name).

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.
    voorzieningen
        Voorzieningen indexed by ``voorziening_id``; when given, every ``voorziening_id``
        must be in it.

    Returns
    -------
    Gelezen
        ``data`` indexed by ``vereniging_id``; ``rapport``.

    {raises}
    """
    _check_ongeldig(ongeldig)
    area = _studiegebied(gebied)
    b = load(path, "verenigingen", layer, encoding, crs, max_rijen, max_bytes)
    t = b.tabel
    t.match_columns(
        ("vereniging_id", "naam", "soort"),
        ("voorziening_id", *_PLACE),
        aliases={"vereniging_id": ("id",)},
    )
    ids = t.ids("vereniging_id", noun="vereniging")
    naam = t.text("naam", required=True, fix="vul de naam van de vereniging in")
    soort = t.category(
        "soort", tuple(VERENIGING_SOORTEN), "sb.taxonomy.VERENIGING_SOORTEN", required=True
    )
    geometry, place = _placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "naam": (naam, "str"),
        "soort": (soort, "str"),
        **place,
    }
    if t.has("voorziening_id"):
        plek = known_ids(t, "voorziening_id", voorzieningen, "voorziening", required=False)
        columns["voorziening_id"] = (plek, _id_dtype(plek))
    return finish(b, ongeldig, ("vereniging_id", ids, _id_dtype(ids)), columns, geometry)


@_docs
def read_voorzieningen(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read voorzieningen: ``voorziening_id``, ``soort`` and a point each.

    ``soort`` is a key of ``sb.taxonomy.SOORTEN``; only a ``digitaal_platform`` may lack a
    place (its point is then empty). Optional: ``naam``, ``capaciteit`` (0 or more),
    ``buurtcode``, ``wijkcode``, ``bron`` (default: the file name).

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.

    Returns
    -------
    Gelezen
        ``data`` indexed by ``voorziening_id``; ``rapport``.

    {raises}

    Examples
    --------
    >>> data, rapport = read_voorzieningen("voorzieningen.csv")  # doctest: +SKIP
    >>> print(rapport)  # doctest: +SKIP
    voorzieningen.csv (voorzieningen): 4 rijen gelezen, 4 gebruikt, 0 afgewezen
    """
    _check_ongeldig(ongeldig)
    area = _studiegebied(gebied)
    b = load(path, "voorzieningen", layer, encoding, crs, max_rijen, max_bytes)
    t = b.tabel
    t.match_columns(
        ("voorziening_id", "soort"),
        ("naam", "capaciteit", *_PLACE),
        aliases={"voorziening_id": ("id",)},
    )
    ids = t.ids("voorziening_id", noun="voorziening")
    soort = t.category("soort", tuple(SOORTEN), "sb.taxonomy.SOORTEN", required=True)
    digital = [s == "digitaal_platform" for s in soort]
    geometry, place = _placed(b, crs, area, digital)
    columns: dict[str, tuple[list[Any], str]] = {
        "soort": (soort, "str"),
        "naam": (t.text("naam"), "str"),
        **place,
    }
    if t.has("capaciteit"):
        capaciteit = t.number("capaciteit", low=0, fix="vul het aantal plaatsen in (0 of meer)")
        columns["capaciteit"] = (capaciteit, "float64")
    return finish(b, ongeldig, ("voorziening_id", ids, _id_dtype(ids)), columns, geometry)


@_docs
def read_professionals(
    path: str | os.PathLike[str],
    *,
    gebied: object = None,
    voorzieningen: pd.DataFrame | None = None,
    pseudonimiseer: Sequence[str] = (),
    sleutel: bytes | str | None = None,
    ongeldig: Ongeldig = "fout",
    layer: str | None = None,
    encoding: str | None = None,
    crs: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[gpd.GeoDataFrame]:
    """Read professionals: ``professional_id``, ``rol``, ``voorziening_id``, ``capaciteit``.

    ``rol`` is a key of ``sb.taxonomy.ROLLEN``; ``voorziening_id`` is the base,
    ``capaciteit`` the number of clients or patients (a whole number, 0 or more); the point
    is the base location. Optional: ``fte`` (0 or more), ``buurtcode``, ``wijkcode``,
    ``bron`` (default: the file name). A professional is a person: columns that identify
    one (naam, telefoon, e-mail, ...) are refused unless pseudonymised, as for inwoners;
    the package needs a role and a base, never a name.

    Parameters
    ----------
    {common}
    gebied
        The study area: codes must exist in it, points must lie in it, and missing
        buurtcodes are filled in from the place.
    voorzieningen
        Voorzieningen indexed by ``voorziening_id``; when given, every base must be in it.
    pseudonimiseer, sleutel
        As in :func:`read_inwoners`.

    Returns
    -------
    Gelezen
        ``data`` indexed by ``professional_id``; ``rapport``.

    {raises}
    """
    _check_ongeldig(ongeldig)
    _check_key(pseudonimiseer, sleutel)
    area = _studiegebied(gebied)
    b = load(path, "professionals", layer, encoding, crs, max_rijen, max_bytes, personal=True)
    t = b.tabel
    pseudonyms = t.refuse_identifying(
        pseudonimiseer, sleutel, own=("professional_id", "id", "voorziening_id")
    )
    t.match_columns(
        ("professional_id", "rol", "voorziening_id", "capaciteit"),
        ("fte", *_PLACE),
        aliases={"professional_id": ("id",)},
    )
    ids = t.ids("professional_id", noun="professional")
    rol = t.category("rol", tuple(ROLLEN), "sb.taxonomy.ROLLEN", required=True)
    basis = known_ids(t, "voorziening_id", voorzieningen, "voorziening", required=True)
    capaciteit = t.number(
        "capaciteit",
        required=True,
        integer=True,
        low=0,
        fix="vul het aantal cliënten of patiënten in (0 of meer)",
    )
    geometry, place = _placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "rol": (rol, "str"),
        "voorziening_id": (basis, _id_dtype(basis)),
        "capaciteit": (capaciteit, "int64"),
        **place,
    }
    if t.has("fte"):
        columns["fte"] = (
            t.number("fte", low=0, fix="vul de omvang in fte in (0 of meer)"),
            "float64",
        )
    return finish(
        b, ongeldig, ("professional_id", ids, _id_dtype(ids)), columns, geometry, pseudonyms
    )


def read_relaties(
    path: str | os.PathLike[str],
    *,
    inwoners: pd.DataFrame | None = None,
    verenigingen: pd.DataFrame | None = None,
    voorzieningen: pd.DataFrame | None = None,
    professionals: pd.DataFrame | None = None,
    pseudonimiseer: Sequence[str] = (),
    sleutel: bytes | str | None = None,
    ongeldig: Ongeldig = "fout",
    encoding: str | None = None,
    max_rijen: int | None = None,
    max_bytes: int | None = None,
) -> Gelezen[pd.DataFrame]:
    """Read relaties (a CSV): ``van``, ``naar`` (node ids ``"<soort>:<id>"``) and ``soort``.

    ``soort`` is one of the relation kinds of ``docs/contracts.md``
    (:data:`sociale_basis.core.taxonomy.RELATIES`), and the kinds of ``van`` and
    ``naar`` must fit it (``lid`` runs from an inwoner to a vereniging). No row may join a
    node to itself or repeat an earlier relation (for undirected kinds, ``a-b`` repeats
    ``b-a``). Optional: ``gewicht`` (0 or more). Columns that identify a person are refused
    unless pseudonymised.

    Parameters
    ----------
    path
        A CSV file (see the module documentation).
    inwoners, verenigingen, voorzieningen, professionals
        Tables indexed by their ids; when given, every node of that kind must be in it.
        Kinds without a table are not checked (the report says which).
    pseudonimiseer, sleutel
        As in :func:`read_inwoners`.
    ongeldig, encoding, max_rijen, max_bytes
        As in :func:`read_voorzieningen`.

    Returns
    -------
    Gelezen
        ``data`` with a RangeIndex and columns ``van``, ``naar``, ``soort`` (and
        ``gewicht``); ``rapport``.

    Raises
    ------
    ValidationError
        Listing every problem as ``file:row:column: value -> problem -> fix``.
    DataNotFoundError
        When the file does not exist.
    """
    _check_ongeldig(ongeldig)
    _check_key(pseudonimiseer, sleutel)
    b = load(
        path, "relaties", None, encoding, None, max_rijen, max_bytes, vector_ok=False, personal=True
    )
    t = b.tabel
    pseudonyms = t.refuse_identifying(pseudonimiseer, sleutel, own=("van", "naar"))
    t.match_columns(("van", "naar", "soort"), ("gewicht",))
    van = node_ids(t, "van")
    naar = node_ids(t, "naar")
    soort = t.category(
        "soort", tuple(RELATIES), "de relatiesoorten in docs/contracts.md", required=True
    )
    tables = {
        "inwoner": inwoners,
        "vereniging": verenigingen,
        "voorziening": voorzieningen,
        "professional": professionals,
    }
    known = {k: None if v is None else {str(i) for i in v.index} for k, v in tables.items()}
    check_relaties(t, van, naar, soort, known)
    used = {n[0] for n in (*van, *naar) if n is not None}
    unchecked = sorted(k for k in used if known[k] is None)
    if unchecked:
        t.notes.append(
            "niet gecontroleerd of deze knopen bestaan (geen tabel meegegeven): "
            + ", ".join(unchecked)
        )
    columns: dict[str, tuple[list[Any], str]] = {
        "van": ([None if n is None else f"{n[0]}:{n[1]}" for n in van], "str"),
        "naar": ([None if n is None else f"{n[0]}:{n[1]}" for n in naar], "str"),
        "soort": (soort, "str"),
    }
    if t.has("gewicht"):
        columns["gewicht"] = (
            t.number("gewicht", low=0, fix="vul een gewicht van 0 of meer in"),
            "float64",
        )
    return finish(b, ongeldig, None, columns, None, pseudonyms)


# --- shared steps -------------------------------------------------------------------------


def _check_ongeldig(ongeldig: str) -> None:
    if ongeldig not in ("fout", "weglaten"):
        raise ValueError(
            f"ongeldig={ongeldig!r} bestaat niet; kies 'fout' (stoppen met een lijst van "
            "problemen) of 'weglaten' (foute rijen weglaten en rapporteren)"
        )


def _check_key(columns: Sequence[str], key: bytes | str | None) -> None:
    if isinstance(columns, str):
        raise TypeError(f"pseudonimiseer is een lijst van kolommen: schrijf ['{columns}']")
    if columns and key is None:
        raise ValueError(
            "pseudonimiseer= vraagt om een sleutel: geef sleutel=<geheim van minstens 16 "
            "bytes> mee (bijv. secrets.token_hex(32)), en bewaar hem los van de data"
        )
    if columns:
        key_bytes(key)  # type: ignore[arg-type]


def _studiegebied(gebied: object) -> Studiegebied | None:
    return None if gebied is None else Studiegebied.from_any(gebied)


def _bron(t: Tabel) -> list[str | None]:
    """The source of each row: the ``bron`` column, else the file name (contract)."""
    bron = t.text("bron")
    missing = sum(b is None for b in bron)
    if t.has("bron") and missing:
        t.notes.append(f"bron was leeg in {missing} rijen; daar is de bestandsnaam ingevuld")
    return [t.file if b is None else b for b in bron]


def _id_dtype(values: Sequence[object]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) for v in present):
        return "int64" if len(present) == len(values) else "Int64"
    return "str"


def _placed(
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


def _vlakken(b: Bestand, crs: str | None, herstel: bool) -> np.ndarray:
    if b.geoms is None:
        b.tabel.fatal_problem(
            None,
            "",
            "de laag heeft geen geometrie; wijken en buurten zijn vlakken",
            "lever een laag met (Multi)Polygonen",
            None,
        )
        return np.full(b.tabel.n, None, dtype=object)
    return checked_geometries(
        b.tabel,
        b.geoms,
        crs=crs,
        expected="vlak",
        empty_ok=[False] * b.tabel.n,
        herstel=herstel,
        geojson=b.kind == "geojson",
    )

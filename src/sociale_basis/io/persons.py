"""Readers of files about persons: inwoners, professionals and the relaties between them (see
:mod:`sociale_basis.io.reading` for formats, options and checks).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd

from ..core.taxonomy import HULPVRAGEN, RELATIES, ROLLEN
from .files import load
from .reading import (
    PLACE_COLUMNS,
    Ongeldig,
    check_key,
    check_ongeldig,
    documented,
    id_dtype,
    placed,
    study_area,
)
from .report import Gelezen, finish
from .validate_relaties import check_relaties, known_ids, node_ids

# Id columns of the inwoners file: a BSN found there cannot be pseudonymised away.
_OWN_INWONERS = ("inwoner_id", "id", "huishouden_id", "adres_id")


@documented
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
    check_ongeldig(ongeldig)
    check_key(pseudonimiseer, sleutel)
    area = study_area(gebied)
    b = load(path, "inwoners", layer, encoding, crs, max_rijen, max_bytes, personal=True)
    t = b.tabel
    pseudonyms = t.refuse_identifying(pseudonimiseer, sleutel, own=_OWN_INWONERS)
    t.match_columns(
        ("inwoner_id", "leeftijd", "huishouden_id"),
        ("hulpvraag", "adres_id", *PLACE_COLUMNS),
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
    geometry, place = placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "leeftijd": (leeftijd, "int64"),
        "huishouden_id": (huishouden, "int64"),
        "hulpvraag": (hulpvraag, "str"),
        **place,
    }
    if t.has("adres_id"):
        adres = t.text("adres_id")
        columns["adres_id"] = (adres, id_dtype(adres))
    return finish(b, ongeldig, ("inwoner_id", ids, "int64"), columns, geometry, pseudonyms)


@documented
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
    check_ongeldig(ongeldig)
    check_key(pseudonimiseer, sleutel)
    area = study_area(gebied)
    b = load(path, "professionals", layer, encoding, crs, max_rijen, max_bytes, personal=True)
    t = b.tabel
    pseudonyms = t.refuse_identifying(
        pseudonimiseer, sleutel, own=("professional_id", "id", "voorziening_id")
    )
    t.match_columns(
        ("professional_id", "rol", "voorziening_id", "capaciteit"),
        ("fte", *PLACE_COLUMNS),
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
    geometry, place = placed(b, crs, area, [False] * t.n)
    columns: dict[str, tuple[list[Any], str]] = {
        "rol": (rol, "str"),
        "voorziening_id": (basis, id_dtype(basis)),
        "capaciteit": (capaciteit, "int64"),
        **place,
    }
    if t.has("fte"):
        columns["fte"] = (
            t.number("fte", low=0, fix="vul de omvang in fte in (0 of meer)"),
            "float64",
        )
    return finish(
        b, ongeldig, ("professional_id", ids, id_dtype(ids)), columns, geometry, pseudonyms
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
    check_ongeldig(ongeldig)
    check_key(pseudonimiseer, sleutel)
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

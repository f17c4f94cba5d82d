"""A user's own verenigingen, professionals and voorzieningen for a bundle, read and checked
by the readers of :mod:`sociale_basis.io` against the bundle's wijken and buurten; they
take the place of the synthetic parts (:mod:`sociale_basis.synthetic.eigen`)."""

from __future__ import annotations

import hashlib
import os
from typing import TypeAlias

import geopandas as gpd

from .. import io
from ..core.gebied import Bron
from ..synthetic.eigen import EigenDelen

#: A part as a file (CSV, GeoJSON, GeoPackage, ...) or a table already read.
Deel: TypeAlias = str | os.PathLike[str] | gpd.GeoDataFrame | None


def read_eigen_delen(
    bron: Bron,
    *,
    voorzieningen: Deel = None,
    verenigingen: Deel = None,
    professionals: Deel = None,
) -> EigenDelen:
    """The user's parts, each read with its reader (codes checked against the bundle's
    areas, points in them). The professionals' and verenigingen' ``voorziening_id`` must be
    one of the voorzieningen they will meet: the user's own, else the bundle's real ones.

    Raises
    ------
    ValidationError
        From a reader, with every problem of that file (file, row, column, how to fix).
    DataNotFoundError
        When a file does not exist.
    """
    vz = _read(io.read_voorzieningen, voorzieningen, gebied=bron)
    plekken = bron.voorzieningen if vz is None else vz
    ver = _read(io.read_verenigingen, verenigingen, gebied=bron, voorzieningen=plekken)
    prof = _read(io.read_professionals, professionals, gebied=bron, voorzieningen=plekken)
    return EigenDelen(voorzieningen=vz, verenigingen=ver, professionals=prof)


def _read(reader: object, deel: Deel, **kwargs: object) -> gpd.GeoDataFrame | None:
    if deel is None or isinstance(deel, gpd.GeoDataFrame):
        return deel
    return reader(deel, **kwargs).data  # type: ignore[operator]


def eigen_digest(eigen: EigenDelen) -> str:
    """A digest of the user's parts, for the cache key: another file gives another key."""
    h = hashlib.sha256()
    for naam in eigen.namen:
        frame = getattr(eigen, naam)
        h.update(naam.encode())
        h.update(frame.to_wkt().to_csv().encode())
    return h.hexdigest()

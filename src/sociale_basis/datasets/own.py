"""A Gebied from a user's own files: wijken and buurten plus whatever else they have
(voorzieningen, verenigingen, professionals, inwoners, a street network), each read and
checked by the readers of :mod:`sociale_basis.io`. Nothing is synthetic here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .. import io
from ..core.crs import RD_NEW
from ..core.errors import DataNotFoundError
from ..core.gebied import Gebied
from ..streets.network import read_network


def _empty(columns: list[str], index: str) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs=RD_NEW)
    return frame.rename_axis(index)


def gebied_from_files(
    wijken: Path,
    buurten: Path,
    *,
    voorzieningen: Path | None = None,
    verenigingen: Path | None = None,
    professionals: Path | None = None,
    inwoners: Path | None = None,
    netwerk: Path | None = None,
    naam: str | None = None,
    encoding: str | None = None,
) -> Gebied:
    """A :class:`~sociale_basis.core.gebied.Gebied` from the user's own files, read with the
    readers of :mod:`sociale_basis.io` (every report is printed). Missing parts are empty
    tables; ``seed`` is None because nothing is synthetic.

    Raises
    ------
    ValidationError
        From a reader, with every problem of that file.
    DataNotFoundError
        When a file does not exist.
    """
    opts = {"encoding": encoding} if encoding else {}
    paths = {
        "voorzieningen": voorzieningen,
        "verenigingen": verenigingen,
        "professionals": professionals,
        "inwoners": inwoners,
    }
    wijk_data = _read(io.read_wijken, wijken, **opts)
    buurt_data = _read(io.read_buurten, buurten, **opts)
    parts = _optional_parts(paths, buurt_data, opts)
    if netwerk is not None and not Path(netwerk).exists():
        raise DataNotFoundError(f"bestand niet gevonden: {netwerk}")
    files = [wijken.name, buurten.name] + [p.name for p in paths.values() if p is not None]
    return Gebied(
        naam=naam or wijken.stem,
        gemeentecode="",
        wijken=wijk_data,
        buurten=buurt_data,
        adressen=_empty([], "adres_id"),
        inwoners=parts["inwoners"],
        verenigingen=parts["verenigingen"],
        voorzieningen=parts["voorzieningen"],
        professionals=parts["professionals"],
        relaties=pd.DataFrame(columns=["van", "naar", "soort"]),
        netwerk=read_network(netwerk) if netwerk is not None else None,
        bronnen=[
            {
                "naam": "eigen bestanden",
                "licentie": "",
                "attributie": f"eigen gegevens ({', '.join(files)})",
            }
        ],
        seed=None,
    )


_LEEG: dict[str, tuple[list[str], str]] = {
    "voorzieningen": (["soort", "naam", "buurtcode", "wijkcode", "bron"], "voorziening_id"),
    "verenigingen": (["naam", "soort", "buurtcode", "wijkcode", "bron"], "vereniging_id"),
    "professionals": (
        ["rol", "voorziening_id", "capaciteit", "buurtcode", "wijkcode", "bron"],
        "professional_id",
    ),
    "inwoners": (
        ["leeftijd", "huishouden_id", "hulpvraag", "buurtcode", "wijkcode", "bron"],
        "inwoner_id",
    ),
}
"""The columns and index of each optional part when the user has no file for it."""


def _optional_parts(
    paths: dict[str, Path | None], buurten: gpd.GeoDataFrame, opts: dict[str, Any]
) -> dict[str, gpd.GeoDataFrame]:
    """Each optional part read from its file (checked against the buurten), or empty."""
    parts = {}
    for soort, (columns, index) in _LEEG.items():
        path = paths[soort]
        reader = getattr(io, f"read_{soort}")
        parts[soort] = (
            _read(reader, path, gebied=buurten, **opts) if path else _empty(columns, index)
        )
    return parts


def _read(reader: Callable[..., Any], path: Path, **kwargs: Any) -> gpd.GeoDataFrame:
    if not path.exists():
        raise DataNotFoundError(f"bestand niet gevonden: {path}")
    data, rapport = reader(path, **kwargs)
    print(rapport)
    return data

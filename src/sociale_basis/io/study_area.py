"""The study area: whether codes exist in it and points lie in it, and the buurt and wijk of a
point found by point in polygon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.crs import (
    require_rd,
)
from .cells import close_match
from .validate import Tabel
from .validate_geo import rounded_xy


@dataclass(frozen=True)
class Studiegebied:
    """The buurten (index ``buurtcode``, column ``wijkcode``, RD New) and the wijkcodes."""

    buurten: gpd.GeoDataFrame
    wijkcodes: frozenset[str]

    @classmethod
    def from_any(cls, gebied: object) -> Studiegebied:
        """From an object with ``.wijken`` and ``.buurten``, or a GeoDataFrame of buurten."""
        wijken = getattr(gebied, "wijken", None)
        if isinstance(gebied, gpd.GeoDataFrame):
            buurten, wijken = gebied, None
        elif isinstance(getattr(gebied, "buurten", None), gpd.GeoDataFrame) and isinstance(
            wijken, gpd.GeoDataFrame
        ):
            buurten = gebied.buurten  # type: ignore[attr-defined]
        else:
            raise TypeError(
                f"gebied moet iets met .wijken en .buurten zijn (bijv. sb.datasets.delft()) of "
                f"een GeoDataFrame van buurten met een kolom wijkcode, niet {type(gebied).__name__}"
            )
        if "buurtcode" in buurten.columns:
            buurten = buurten.set_index("buurtcode")
        if "wijkcode" not in buurten.columns:
            raise ValueError(
                "de buurten van gebied missen de kolom wijkcode; voeg die toe zodat elke "
                "buurt bij een wijk hoort"
            )
        require_rd(buurten, "de buurten van gebied")
        codes = set(buurten["wijkcode"].astype(str))
        if wijken is not None:
            codes |= set(wijken.index.astype(str))
        frame = buurten[["wijkcode", "geometry"]].copy()
        frame.index = frame.index.astype(str)
        return cls(buurten=frame, wijkcodes=frozenset(codes))


def area_codes(
    t: Tabel, geometry: np.ndarray, gebied: Studiegebied | None, needed: Sequence[bool]
) -> tuple[list[str | None], list[str | None]]:
    """``buurtcode`` and ``wijkcode`` per row: checked, and filled in where possible.

    Without a code in the file, the buurt comes from the place (point in polygon, needs
    ``gebied``) and the wijk from the buurt (a CBS buurtcode holds its wijkcode:
    BU05031100 lies in WK050311). With ``gebied``, every point must lie in it and every
    code must exist in it.
    """
    buurt = t.area_code("buurtcode")
    wijk = t.area_code("wijkcode")
    if not t.has("buurtcode") and gebied is None:
        t.missing_column(
            "buurtcode",
            t.extras(),
            "voeg de kolom buurtcode toe, of geef gebied= mee zodat hij uit de ligging volgt",
        )
        return buurt, wijk
    located: dict[int, str] = {}
    if gebied is not None:
        located = _locate(t, geometry, gebied)
    filled = 0
    for pos in range(t.n):
        if buurt[pos] is None and pos in located and not t.row_problems.get(pos):
            buurt[pos] = located[pos]
            filled += 1
    if filled:
        how = "de kolom ontbreekt" if not t.has("buurtcode") else "de cel was leeg"
        t.notes.append(f"buurtcode afgeleid uit de ligging voor {filled} rijen ({how})")
    derived = 0
    for pos in range(t.n):
        b, w = buurt[pos], wijk[pos]
        if b is None:
            continue
        if w is None:
            wijk[pos] = "WK" + b[2:8]
            derived += 1
        elif w[2:] != b[2:8]:
            t.problem(
                pos,
                "wijkcode",
                w,
                f"buurt {b} hoort bij wijk WK{b[2:8]}, niet bij {w}",
                "corrigeer de wijkcode of de buurtcode",
            )
    if derived:
        t.notes.append(f"wijkcode afgeleid uit de buurtcode voor {derived} rijen")
    if gebied is not None:
        _codes_exist(t, buurt, wijk, gebied)
    for pos in range(t.n):
        if buurt[pos] is None and needed[pos] and not t.row_problems.get(pos):
            t.problem(
                pos,
                "buurtcode",
                "",
                "buurtcode ontbreekt",
                "vul de buurtcode in, of geef gebied= mee zodat hij uit de ligging volgt",
            )
    return buurt, wijk


def _locate(t: Tabel, geometry: np.ndarray, gebied: Studiegebied) -> dict[int, str]:
    """Point in polygon: the buurt of every located row; a problem for rows outside."""
    placed = np.array([g is not None for g in geometry], dtype=bool)
    placed[placed] = ~shapely.is_empty(geometry[placed])
    positions = np.flatnonzero(placed)
    if not len(positions):
        return {}
    pairs = gebied.buurten.sindex.query(geometry[positions], predicate="intersects")
    codes = gebied.buurten.index.to_numpy()
    # On a shared border a point touches two buurten: the first in code order wins.
    found = pd.DataFrame({"i": pairs[0], "code": codes[pairs[1]]}).sort_values(["i", "code"])
    found = found.drop_duplicates("i")
    located = dict(
        zip(positions[found["i"].to_numpy()].tolist(), found["code"].tolist(), strict=True)
    )
    for p in positions[~np.isin(np.arange(len(positions)), found["i"].to_numpy())]:
        g = geometry[p]
        t.problem(
            int(p),
            t.geometry_label,
            rounded_xy(g.x, g.y, 0) if g.geom_type == "Point" else g.geom_type,
            "ligt buiten het studiegebied (gebied=)",
            "controleer de coördinaten en de CRS, of verwijder de rij als het punt niet "
            "bij dit gebied hoort",
        )
    return located


def _codes_exist(
    t: Tabel, buurt: list[str | None], wijk: list[str | None], gebied: Studiegebied
) -> None:
    known_buurten = set(gebied.buurten.index)
    fixes: dict[str, str] = {}  # difflib is slow; a file of another gemeente repeats codes
    for pos in range(t.n):
        for name, code, known in (
            ("buurtcode", buurt[pos], known_buurten),
            ("wijkcode", wijk[pos], gebied.wijkcodes),
        ):
            if code is None or code in known:
                continue
            if code not in fixes:
                close = close_match(code, sorted(known))
                fixes[code] = (
                    f"bedoelde u '{close}'?" if close else f"gebruik een {name} uit gebied="
                )
            t.problem(
                pos,
                name,
                code,
                f"onbekende {name}: ligt niet in het studiegebied (gebied=)",
                fixes[code],
            )

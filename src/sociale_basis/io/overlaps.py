"""Wijken or buurten whose vlakken overlap: refused (or reported with herstel=True) above a
tolerance that real CBS borders stay under.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from ..core.formatting import format_number
from .validate import Tabel

OVERLAP_M2 = 1.0
"""Two vlakken overlap when they share more than this many square metres ..."""


OVERLAP_AANDEEL = 0.001
"""... and more than this share (0.1%) of the smaller of the two. Real CBS boundaries touch
and overlap by slivers: in the Zwolle buurten of 2024 the largest is 1.2 m² (0.0001% of the
smaller buurt), which must not count."""


def check_overlaps(
    t: Tabel, geometry: np.ndarray, codes: Sequence[str | None], noun: str, herstel: bool
) -> None:
    """A problem for each pair of areas whose vlakken overlap (both rows named), or with
    ``herstel`` a note in the report instead.

    Overlap means more than :data:`OVERLAP_M2` and more than :data:`OVERLAP_AANDEEL` of the
    smaller vlak. Pairs are found with an STRtree, so hundreds of areas take milliseconds.
    """
    positions = np.flatnonzero([g is not None for g in geometry])
    if len(positions) < 2:
        return
    geoms = geometry[positions]
    positions = positions[~shapely.is_empty(geoms)]
    geoms = geometry[positions]
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    pair = left < right
    left, right = left[pair], right[pair]
    shared = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    smaller = np.minimum(shapely.area(geoms[left]), shapely.area(geoms[right]))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = shared / smaller
    big = (shared > OVERLAP_M2) & (share > OVERLAP_AANDEEL)
    kept: list[str] = []
    for i, j, m2, part in zip(left[big], right[big], shared[big], share[big], strict=True):
        a, b = int(positions[i]), int(positions[j])
        size = f"{format_number(m2)} m²"
        pct = f"{format_number(100 * part, 1)}%"
        if herstel:
            kept.append(f"{_name(t, codes, a)} en {_name(t, codes, b)} ({size}, {pct})")
            continue
        for here, other in ((a, b), (b, a)):
            t.problem(
                here,
                t.geometry_label,
                size,
                f"vlak overlapt met {noun} {_name(t, codes, other)} over {size} ({pct} van "
                "het kleinste vlak)",
                "corrigeer de grenzen (bijv. QGIS: Topologiecontrole), of lees in met "
                "herstel=True om de overlap alleen te melden",
            )
    if kept:
        where = (
            "; een punt in een overlap krijgt de buurt met de laagste code"
            if noun == "buurt"
            else ""
        )
        t.notes.append(
            f"{len(kept)} paar overlappende vlakken behouden (herstel=True): "
            + "; ".join(kept)
            + where
        )


def _name(t: Tabel, codes: Sequence[str | None], pos: int) -> str:
    """An area in a message: its code and row, or only the row."""
    code = codes[pos]
    return f"{code} (rij {t.rows[pos]})" if code else f"op rij {t.rows[pos]}"

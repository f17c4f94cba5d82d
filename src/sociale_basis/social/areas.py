"""Per-area arithmetic shared by every cohesion measure: groups, counts, shares, Series.

A measure decides *which* nodes count (a boolean mask over the nodes of a
:class:`~sociale_basis.social.arrays.GraphArrays`); these helpers turn such masks into
numbers per wijk or buurt, with one NaN rule for all of them: a share is NaN exactly where
its group is empty, because 0 of 0 is not 0 %.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from .arrays import GraphArrays
from .graph import Niveau

Groep = Literal["alle", "65plus", "hulpvraag"]
"""The groups a share can be computed for."""

GROEPEN: tuple[str, ...] = ("alle", "65plus", "hulpvraag")
"""The values of :data:`Groep`: every inwoner, ``leeftijd >= 65``, a known hulpvraag."""

GROEP_LABELS: dict[str, str] = {
    "alle": "",
    "65plus": " (65-plussers)",
    "hulpvraag": " (met hulpvraag)",
}
"""What a group adds to the Dutch label of a measure."""


def group_mask(a: GraphArrays, groep: str) -> np.ndarray:
    """Boolean mask of the inwoners in a group.

    ``"alle"``: every inwoner; ``"65plus"``: ``leeftijd >= 65`` (unknown age: not in it);
    ``"hulpvraag"``: a known hulpvraag.

    Raises
    ------
    ValueError
        For any other group.
    """
    if groep == "alle":
        return a.inwoner
    if groep == "65plus":
        return a.inwoner & (a.leeftijd >= 65)
    if groep == "hulpvraag":
        return a.hulpvraag
    raise ValueError(f"groep moet 'alle', '65plus' of 'hulpvraag' zijn, niet {groep!r}")


def group_suffix(groep: str) -> str:
    """The column suffix of a group: ``""``, ``"_65plus"`` or ``"_hulpvraag"``."""
    return "" if groep == "alle" else f"_{groep}"


def count_per_area(
    a: GraphArrays, niveau: Niveau, mask: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Per area (in the order of ``a.areas(niveau)``): the number of masked nodes, or the
    sum of their ``weights``, as floats; nodes without an area are left out."""
    codes, area = a.areas(niveau)
    keep = mask & (area >= 0)
    w = None if weights is None else weights[keep]
    return np.bincount(area[keep], weights=w, minlength=len(codes)).astype(float)


def series_per_area(a: GraphArrays, niveau: Niveau, values: np.ndarray, name: str) -> pd.Series:
    """``values`` (one per area) as a Series indexed by area code, named ``name``."""
    codes, _ = a.areas(niveau)
    return pd.Series(values, index=codes.copy(), name=name)


def share_per_area(
    a: GraphArrays, niveau: Niveau, hit: np.ndarray, group: np.ndarray, name: str
) -> pd.Series:
    """Per area: the share of the ``group`` nodes that are ``hit``; NaN where the group is
    empty.

        share(a) = |{i in a : group(i) and hit(i)}| / |{i in a : group(i)}|
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        values = count_per_area(a, niveau, hit & group) / count_per_area(a, niveau, group)
    return series_per_area(a, niveau, values, name)

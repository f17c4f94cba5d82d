"""Costs without a street network: straight line x the mode's detour factor.

Where a gemeente has no network (Zwolle in this package), a distance "over the street" is
estimated as the straight-line distance times the median detour of the mode
(:data:`~sociale_basis.streets.MODI`, ``detour_factor``; ``methode = "hemelsbreed"``).
:func:`straight_costs` gives the pairs within reach as the same long table that
:func:`~sociale_basis.streets.cost_table` gives over a network, so the measures on top of
it (the one 2SFCA, the counts of group opportunities) are the same code with or without a
network.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..streets import get_modus


def straight_costs(
    origins: np.ndarray,
    destinations: np.ndarray,
    max_m: float,
    modus: str,
    *,
    pad_m: float = 0.0,
) -> pd.DataFrame:
    """Every (origin, destination) pair within ``max_m``, as straight line x detour factor.

        afstand_m(i, j) = |x_i - x_j| * detour_factor(modus),  kept when <= max_m + pad_m

    Parameters
    ----------
    origins, destinations
        Coordinates, shape ``(n, 2)``, in metres (EPSG:28992).
    max_m
        The largest distance "over the street".
    modus
        ``"lopen"``, ``"fiets"`` or ``"auto"``: whose detour factor.
    pad_m
        Search this much further: a measure with its own rounding (the 2SFCA's millimetre
        grid) then decides what lies on the bound.

    Returns
    -------
    pandas.DataFrame
        ``herkomst`` and ``bestemming`` (positions in ``origins`` and ``destinations``) and
        ``afstand_m``; one row per pair, by destination.

    Raises
    ------
    ValueError
        An unknown ``modus``.
    """
    factor = get_modus(modus).detour_factor
    if len(origins) == 0 or len(destinations) == 0:
        near: list[list[int]] = [[] for _ in range(len(destinations))]
    else:
        near = cKDTree(origins).query_ball_point(destinations, r=(max_m + pad_m) / factor)
    j = np.repeat(np.arange(len(destinations)), [len(x) for x in near])
    o = np.concatenate([np.asarray(x, np.int64) for x in near]) if len(j) else np.empty(0, np.int64)
    distance = np.hypot(*(origins[o] - destinations[j]).T) * factor if len(j) else np.empty(0)
    return pd.DataFrame({"herkomst": o, "bestemming": j, "afstand_m": distance})

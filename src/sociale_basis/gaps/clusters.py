"""Spatial clusters of low values: local Moran's I (LISA) with permutations and FDR.

For one measure per area (high = good, e.g. the share of inwoners near a huisarts) local
Moran's I (Anselin 1995, PySAL ``esda.Moran_Local``) compares each area's standardised value
:math:`z_i` with the mean of its neighbours (row-standardised weights :math:`w_{ij}`):

.. math:: I_i = z_i \\sum_j w_{ij} z_j

An area is in a *low-low* cluster when its value and the mean of its neighbours are both
below the mean of all areas (quadrant 3) and its pseudo p-value (conditional permutations,
seeded) is at most the false-discovery-rate cut-off of ``esda.fdr`` (Benjamini-Hochberg over
all tested areas; when nothing passes, the Bonferroni bound alpha/n).

Areas without a value (too few persons for a published share) are left out of the test and
listed. Neighbours are areas sharing a border (``rook``) or also a corner (``queen``);
areas without neighbours among the tested areas (*eilanden*) are left out of the test too
(a lag of nothing says nothing) and listed, never dropped silently.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

MIN_AREAS = 5
"""Fewer tested areas than this give no cluster analysis (a reason is reported)."""


@dataclass
class Clusteruitkomst:
    """The LISA outcome for one measure.

    Attributes
    ----------
    variabele
        Name of the measure.
    tabel
        Indexed by the tested area codes: ``waarde``, ``kwadrant`` (1 hoog-hoog, 2 laag-hoog,
        3 laag-laag, 4 hoog-laag), ``p`` (pseudo p-value), ``significant`` (after FDR) and
        ``laag_laag`` (quadrant 3 and significant).
    grens
        The FDR cut-off for ``p``.
    gemiddelde
        Mean of the measure over the tested areas.
    zonder_waarde, eilanden
        Area codes left out: no published value, or no neighbour among the tested areas.
    opmerking
        Why no test was done (too few areas, no spread), or empty.
    """

    variabele: str
    tabel: pd.DataFrame
    grens: float = float("nan")
    gemiddelde: float = float("nan")
    zonder_waarde: list[str] = field(default_factory=list)
    eilanden: list[str] = field(default_factory=list)
    opmerking: str = ""


def _pysal() -> tuple[Any, Any]:
    """libpysal's Graph and esda, with an install hint when they are missing."""
    try:
        import esda
        from libpysal.graph import Graph
    except ImportError as error:
        raise ImportError(
            "de clusteranalyse (signaal cluster_laag) gebruikt PySAL: installeer esda en "
            "libpysal (pip install esda libpysal), of zet de clusters uit met "
            "drempels={'clusters': {'aan': False}}."
        ) from error
    return Graph, esda


def local_clusters(
    areas: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    buren: str = "queen",
    permutaties: int = 999,
    alpha: float = 0.05,
    seed: int | None = 0,
) -> Clusteruitkomst:
    """Local Moran's I of ``values`` over the polygons of ``areas``; low-low clusters.

    Parameters
    ----------
    areas
        Area polygons indexed by area code (EPSG:28992).
    values
        One value per area (same index; NaN = no published value).
    buren
        ``"queen"`` (shared border or corner) or ``"rook"`` (shared border).
    permutaties, alpha, seed
        Conditional permutations, FDR level and the seed of the permutations.

    Returns
    -------
    Clusteruitkomst
    """
    Graph, esda = _pysal()
    name = str(values.name)
    values = values.reindex(areas.index).astype(float)
    missing = [str(c) for c in values.index[values.isna()]]
    result = Clusteruitkomst(name, _table(), zonder_waarde=missing)
    tested = areas.loc[values.notna().to_numpy()]
    if len(tested) < MIN_AREAS:
        result.opmerking = (
            f"te weinig gebieden met een waarde ({len(tested)}; minstens {MIN_AREAS} nodig)"
        )
        return result
    graph = Graph.build_contiguity(tested, rook=buren == "rook")
    result.eilanden = [str(c) for c in graph.isolates]
    if result.eilanden:
        tested = tested.drop(index=graph.isolates)
        if len(tested) < MIN_AREAS:
            result.opmerking = (
                f"te weinig gebieden met buren ({len(tested)}; minstens {MIN_AREAS} nodig)"
            )
            return result
        graph = Graph.build_contiguity(tested, rook=buren == "rook")
    y = values.loc[tested.index].to_numpy(float)
    result.gemiddelde = float(y.mean())
    if np.ptp(y) == 0:
        result.opmerking = "alle gebieden hebben dezelfde waarde: geen clusters te vinden"
        return result
    with warnings.catch_warnings():
        # esda 2.9 announces a future change of its default alternative hypothesis; the
        # pseudo p-values used here (folded, in the direction of the observed statistic,
        # recomputed from the kept simulations) do not change with it.
        warnings.filterwarnings(
            "ignore", message="The alternative hypothesis", category=DeprecationWarning
        )
        lisa = esda.Moran_Local(
            y, graph.transform("r"), permutations=permutaties, seed=seed, n_jobs=1
        )
    p = np.asarray(lisa.p_sim, float)
    result.grens = float(esda.fdr(p, alpha))
    result.tabel = _table(y, np.asarray(lisa.q, int), p, result.grens, tested.index)
    return result


def _table(
    y: np.ndarray | None = None,
    quadrant: np.ndarray | None = None,
    p: np.ndarray | None = None,
    cutoff: float = float("nan"),
    index: pd.Index | None = None,
) -> pd.DataFrame:
    """The table of :class:`Clusteruitkomst` (empty without values)."""
    if y is None or quadrant is None or p is None:
        return pd.DataFrame(
            {
                "waarde": pd.Series(dtype=float),
                "kwadrant": pd.Series(dtype=int),
                "p": pd.Series(dtype=float),
                "significant": pd.Series(dtype=bool),
                "laag_laag": pd.Series(dtype=bool),
            }
        )
    significant = p <= cutoff
    return pd.DataFrame(
        {
            "waarde": y,
            "kwadrant": quadrant,
            "p": p,
            "significant": significant,
            "laag_laag": significant & (quadrant == 3),
        },
        index=index,
    )

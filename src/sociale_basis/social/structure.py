"""Cohesion per wijk or buurt: the structure of the within-area informal network.

Components, clustering and Louvain communities of the informal ties with both ends in the
area; terms and the NaN rule as in :mod:`sociale_basis.social.participation`. Each is a
registered measure (:mod:`sociale_basis.social.registry`).
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from ..core.compat import renamed_keywords
from . import algorithms as alg
from .areas import count_per_area, series_per_area
from .arrays import GraphArrays, graph_arrays
from .graph import Niveau, check_niveau
from .registry import register_measure

LouvainMethode = Literal["auto", "networkx", "vectorised"]

LOUVAIN_NETWORKX_MAX_EDGES = 100_000
"""With ``methode="auto"``, networkx's Louvain runs up to this many within-area edges."""


@register_measure(
    kolommen={
        "componenten": "Aantal groepjes die elkaar binnen het gebied kunnen bereiken",
        "aandeel_grootste_component": "Aandeel in het grootste groepje",
    }
)
@renamed_keywords(level="niveau")
def componenten(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.DataFrame:
    """Connected components of the within-area informal network.

        componenten(a) = number of connected components of the within-area network
        aandeel_grootste_component(a) = |largest component| / |{i in a}|

    An isolated inwoner counts as a component of one (as
    ``networkx.number_connected_components``). Ties to other areas are not used, so a
    component is a group that can reach each other without leaving the area. NaN (and 0
    components) without inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``componenten`` (int) and ``aandeel_grootste_component``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    A, _, area = a.within(niveau)
    codes, _ = a.areas(niveau)
    _, labels = csgraph.connected_components(A, directed=False)
    frame = pd.DataFrame({"area": area, "label": labels})
    frame = frame[frame["area"] >= 0]
    sizes = frame.groupby(["area", "label"]).size()
    count = sizes.groupby(level="area").size().reindex(range(len(codes)), fill_value=0)
    largest = sizes.groupby(level="area").max().reindex(range(len(codes)))
    n = count_per_area(a, niveau, a.inwoner)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = largest.to_numpy(dtype=float) / n
    return pd.DataFrame(
        {"componenten": count.to_numpy(), "aandeel_grootste_component": share},
        index=codes.copy(),
    )


@register_measure("Clustering (kennissen kennen elkaar)")
@renamed_keywords(level="niveau")
def clustering(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.Series:
    """Average local clustering of the within-area informal network.

        c(i) = 2 t(i) / (k(i) (k(i) - 1)),   clustering(a) = mean_{i in a} c(i)

    with ``t(i)`` the triangles through ``i`` and ``k(i)`` its informal neighbours in the
    area; ``c(i) = 0`` when ``k(i) < 2`` (Watts & Strogatz 1998; as
    ``networkx.average_clustering`` on the area's informal subgraph). NaN without inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"clustering"``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    A, people, _ = a.within(niveau)
    c = np.zeros(a.n)
    c[people] = alg.local_clustering(A)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = count_per_area(a, niveau, a.inwoner, c) / count_per_area(a, niveau, a.inwoner)
    return series_per_area(a, niveau, values, "clustering")


@register_measure(
    kolommen={
        "gemeenschappen": "Aantal gemeenschappen (Louvain) van minstens twee inwoners",
        "modulariteit": "Modulariteit van die indeling",
    }
)
@renamed_keywords(level="niveau")
def gemeenschappen(
    G: nx.Graph | GraphArrays,
    *,
    niveau: Niveau = "wijk",
    seed: int | None = 0,
    methode: LouvainMethode = "auto",
) -> pd.DataFrame:
    """Louvain communities of the within-area informal network: count and modularity.

        Q = sum_c [L_c / m - (D_c / 2m)^2]
        gemeenschappen(a) = |{c : |c| >= 2}|,   modulariteit(a) = Q

    Louvain (Blondel et al. 2008) maximises Newman's modularity ``Q`` (``L_c`` ties inside
    community ``c``, ``D_c`` its total degree, ``m`` all ties of the area's informal
    network). An isolated inwoner is not a community; ``modulariteit`` is NaN without
    informal ties in the area.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    seed
        Seed of Louvain's random order.
    methode
        ``"networkx"``: ``networkx.community.louvain_communities(H, seed=seed)`` per area
        (H without isolated inwoners). ``"vectorised"``:
        :func:`sociale_basis.social.algorithms.louvain`,
        the same two phases with all nodes moving at once on sparse arrays; for a
        whole gemeente it is tens of times faster at a modularity within about 1 % of
        networkx's (see BENCHMARKS.md). ``"auto"``: networkx up to
        :data:`LOUVAIN_NETWORKX_MAX_EDGES` within-area ties in the graph, else vectorised.
        Louvain is a heuristic; a different seed may give a slightly different partition.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``gemeenschappen`` (int) and ``modulariteit``.

    Raises
    ------
    ValueError
        For an unknown ``methode``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    A, _, area = a.within(niveau)
    codes, _ = a.areas(niveau)
    if methode == "auto":
        methode = "networkx" if A.nnz // 2 <= LOUVAIN_NETWORKX_MAX_EDGES else "vectorised"
    if methode == "vectorised":
        count, q = _louvain_vectorised(A, area, len(codes), seed)
    elif methode == "networkx":
        count, q = _louvain_networkx(A, area, len(codes), seed)
    else:
        raise ValueError(f"methode moet 'auto', 'networkx' of 'vectorised' zijn, niet {methode!r}")
    return pd.DataFrame(
        {"gemeenschappen": np.asarray(count, dtype=np.int64), "modulariteit": q},
        index=codes.copy(),
    )


def _louvain_vectorised(
    A: sparse.csr_array, area: np.ndarray, ncodes: int, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    labels = alg.louvain(A, np.maximum(area, 0), seed=seed)
    q = alg.modularity(A, labels, np.maximum(area, 0))
    q = np.concatenate([q, np.full(max(0, ncodes - len(q)), np.nan)])[:ncodes]
    frame = pd.DataFrame({"area": area, "label": labels})[area >= 0]
    sizes = frame.groupby(["area", "label"]).size()
    big = (sizes >= 2).groupby(level="area").sum()
    return big.reindex(range(ncodes), fill_value=0).to_numpy(), q


def _louvain_networkx(
    A: sparse.csr_array, area: np.ndarray, ncodes: int, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    count = np.zeros(ncodes, dtype=np.int64)
    q = np.full(ncodes, np.nan)
    upper = sparse.triu(A, k=1, format="coo")
    edge_area = area[upper.row]
    order = np.argsort(edge_area, kind="stable")
    bounds = np.searchsorted(edge_area[order], np.arange(ncodes + 1))
    for g in range(ncodes):
        sel = order[bounds[g] : bounds[g + 1]]
        if len(sel) == 0:
            continue
        H = nx.Graph()
        H.add_edges_from(zip(upper.row[sel].tolist(), upper.col[sel].tolist(), strict=True))
        communities = nx.community.louvain_communities(H, seed=seed)
        count[g] = sum(1 for c in communities if len(c) >= 2)
        q[g] = nx.community.modularity(H, communities)
    return count, q

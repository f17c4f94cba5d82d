"""Views of the social graph: one wijk or buurt, the informal network, co-membership.

All functions read the graph and never change it; area views are read-only
(``G.subgraph``), projections are new graphs.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx
import numpy as np
from scipy import sparse

from ..core.compat import renamed_keywords
from .graph import INFORMELE_RELATIES, Niveau, check_niveau

# --- views -------------------------------------------------------------------------------


@renamed_keywords(level="niveau")
def area_subgraph(
    G: nx.Graph, code: str, *, niveau: Niveau = "wijk", verbonden: bool = False
) -> nx.Graph:
    """A read-only view of one wijk or buurt.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`.
    code
        The ``wijkcode`` or ``buurtcode``.
    niveau
        ``"wijk"`` or ``"buurt"``.
    verbonden
        Also take in every vereniging, voorziening and professional outside the area that
        has a tie to an inwoner of the area (the club in the next wijk where half the
        wijk plays football belongs to this wijk's sociale basis too). Other inwoners stay
        out.

    Returns
    -------
    networkx.Graph
        ``G.subgraph(...)``: a view of the same type as ``G``; ``.copy()`` it to change it.
    """
    attr = f"{check_niveau(niveau)}code"
    nodes = {n for n, c in G.nodes(data=attr) if c == code}
    if verbonden:
        inwoners = [n for n in nodes if G.nodes[n]["soort"] == "inwoner"]
        for n in inwoners:
            nodes.update(m for m in G[n] if G.nodes[m]["soort"] != "inwoner")
    return G.subgraph(nodes)


def wijk_subgraph(G: nx.Graph, wijkcode: str, *, verbonden: bool = False) -> nx.Graph:
    """A read-only view of one wijk; see :func:`area_subgraph`."""
    return area_subgraph(G, wijkcode, niveau="wijk", verbonden=verbonden)


def buurt_subgraph(G: nx.Graph, buurtcode: str, *, verbonden: bool = False) -> nx.Graph:
    """A read-only view of one buurt; see :func:`area_subgraph`."""
    return area_subgraph(G, buurtcode, niveau="buurt", verbonden=verbonden)


def informal_graph(G: nx.Graph) -> nx.Graph:
    """The informal network: every inwoner, and one edge per pair with an informal tie.

    Returns
    -------
    networkx.Graph
        Nodes with the attributes of ``G``'s inwoners; edge attribute ``soorten`` is the
        number of informal kinds (huishouden, buur, ...) joining the pair.
    """
    H = nx.Graph(crs=G.graph.get("crs"))
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d.get("soort") == "inwoner")
    counts: dict[tuple[Hashable, Hashable], int] = {}
    for u, v, s in G.edges(data="soort"):
        if s in INFORMELE_RELATIES and u in H and v in H:
            pair = (u, v)
            counts[pair] = counts.get(pair, 0) + 1
    H.add_edges_from((u, v, {"soorten": c}) for (u, v), c in counts.items())
    return H


# --- co-membership -----------------------------------------------------------------------


def _membership(
    G: nx.Graph, max_leden: int | None
) -> tuple[sparse.csr_array, list[str], list[str]]:
    """Incidence matrix ``B`` (inwoners x kept verenigingen), the inwoners, the skipped."""
    inwoners = [n for n, s in G.nodes(data="soort") if s == "inwoner"]
    verenigingen = [n for n, s in G.nodes(data="soort") if s == "vereniging"]
    row = {n: i for i, n in enumerate(inwoners)}
    col = {n: i for i, n in enumerate(verenigingen)}
    pairs = [
        (row[u], col[v]) if u in row else (row[v], col[u])
        for u, v, s in G.edges(data="soort")
        if s == "lid" and ((u in row and v in col) or (v in row and u in col))
    ]
    rc = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    leden = np.bincount(rc[:, 1], minlength=len(verenigingen))
    skipped: list[str] = []
    if max_leden is not None:
        too_big = leden > max_leden
        skipped = [verenigingen[i] for i in np.flatnonzero(too_big)]
        rc = rc[~too_big[rc[:, 1]]]
    B = sparse.csr_array(
        (np.ones(len(rc), dtype=np.int32), (rc[:, 0], rc[:, 1])),
        shape=(len(inwoners), len(verenigingen)),
    )
    return B, inwoners, skipped


def co_membership_matrix(
    G: nx.Graph, *, max_leden: int | None = None
) -> tuple[sparse.csr_array, list[str], list[str]]:
    """How many verenigingen each pair of inwoners shares, as a sparse matrix.

    ``C = B @ B.T`` with ``B[i, v] = 1`` when inwoner ``i`` is ``lid`` of vereniging ``v``;
    the diagonal is set to 0. A vereniging with ``m`` members adds ``m (m - 1) / 2`` pairs
    (a 300-member club: 44,850), so large clubs can be left out with ``max_leden``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`.
    max_leden
        Leave out verenigingen with more members than this (None: keep all).

    Returns
    -------
    matrix, inwoners, overgeslagen
        ``matrix`` is an ``n x n`` ``scipy.sparse.csr_array`` (int32) over ``inwoners``
        (every inwoner node id, in graph order); ``overgeslagen`` lists the node ids of the
        verenigingen left out.
    """
    B, inwoners, skipped = _membership(G, max_leden)
    C = sparse.csr_array(B @ B.T)
    C.setdiag(0)
    C.eliminate_zeros()
    return C, inwoners, skipped


def co_membership(G: nx.Graph, *, max_leden: int | None = 250) -> nx.Graph:
    """The inwoner-vereniging projection: inwoners joined when they share a vereniging.

    Edge attribute ``gewicht`` = the number of verenigingen the pair shares (computed
    sparsely, see :func:`co_membership_matrix`). The nodes are the inwoners who are
    ``lid`` of at least one kept vereniging, with their attributes from ``G``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`.
    max_leden
        Leave out verenigingen with more members than this, because one big club makes a
        clique of tens of thousands of edges that says little about who knows whom
        (default 250; None keeps all). The ids left out are in
        ``H.graph["overgeslagen_verenigingen"]``.

    Returns
    -------
    networkx.Graph
    """
    B, inwoners, skipped = _membership(G, max_leden)
    C = sparse.csr_array(B @ B.T)
    upper = sparse.triu(C, k=1, format="coo")
    H = nx.Graph(crs=G.graph.get("crs"), overgeslagen_verenigingen=skipped)
    members = np.flatnonzero(np.asarray(B.sum(axis=1)).ravel() > 0)
    H.add_nodes_from((inwoners[i], dict(G.nodes[inwoners[i]])) for i in members.tolist())
    names = np.array(inwoners, dtype=object)
    H.add_edges_from(
        zip(
            names[upper.row].tolist(),
            names[upper.col].tolist(),
            ({"gewicht": w} for w in upper.data.tolist()),
            strict=True,
        )
    )
    return H

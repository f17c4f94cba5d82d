"""Fragility: who loses the route to professional help when one node drops out.

For each wijk or buurt the *critical link* (``kritieke schakel``) is the node whose removal
cuts off the most inwoners of the area with a hulpvraag from professional help: they reach
a professional within ``k`` steps (:func:`~sociale_basis.social.personen.
bereikt_professional`) before, and not after. :func:`kwetsbaar_bij_uitval` gives the share
and the kind of that node; :func:`kritieke_schakels` also names the node, for the analyst.

Exact, and fast enough for a gemeente, because few nodes can cut anyone off. If node ``c``
cuts off inwoner ``i``, every path of at most ``k`` steps from ``i`` to a professional runs
through ``c``; in particular every *shortest* one. So ``c`` is the only node at its
distance among the nodes on shortest paths from ``i`` (read level by level from the BFS
layers, for all inwoners at once with a sparse product per level), or, for a professional
``c``, the only professional of every source those shortest paths end at. That leaves at
most ``k + 1`` candidates per inwoner. Each candidate is then checked exactly: a BFS
without it, many candidates at once as one sparse matrix times a dense block of columns
(:func:`~sociale_basis.social.algorithms.within_k_columns`), on the nodes within ``k`` of
the area's inwoners with a hulpvraag only. A candidate named by fewer inwoners than the
best count so far cannot beat it and is skipped.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..core.compat import renamed_keywords
from . import algorithms as alg
from .areas import count_per_area
from .arrays import PROFESSIONAL, GraphArrays, graph_arrays
from .graph import NODE_SOORTEN, Niveau, check_niveau
from .personen import check_k, reach_sources_of
from .registry import register_measure

BLOCK_ELEMENTS = 4_000_000
"""Elements of the dense (nodes x candidates) block of one batch of BFSs: 4 million
float32 are 16 MB, a few such arrays stay far below the memory budget."""


@register_measure(
    kolommen={
        "aandeel_kwetsbaar_bij_uitval": (
            "Aandeel met hulpvraag dat de weg naar een professional verliest als de "
            "kritieke schakel wegvalt"
        ),
        "kritieke_schakel_soort": "Soort van de kritieke schakel",
    }
)
@renamed_keywords(level="niveau")
def kwetsbaar_bij_uitval(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", k: int = 2, via_plekken: bool = False
) -> pd.DataFrame:
    """Share of the inwoners with a hulpvraag that one drop-out cuts off from professionals.

        cut(c, a) = |{i in a : hulpvraag(i), i != c, R_k(i) and not R_k^-c(i)}|
        aandeel_kwetsbaar_bij_uitval(a) = max_c cut(c, a) / |{i in a : hulpvraag(i)}|
        kritieke_schakel(a) = argmax_c cut(c, a)

    ``R_k(i)``: ``i`` reaches a professional within ``k`` steps, as in
    :func:`~sociale_basis.social.personen.bereikt_professional` (with the same
    ``via_plekken``); ``R_k^-c`` the same in the graph without node ``c``. The maximum runs
    over every node of the graph, of any kind, also outside the area. An inwoner,
    vereniging or voorziening that drops out passes nothing on and is no end of a path; a
    professional who drops out loses all ties, so clients, referred inwoners and places keep
    only their other professionals. Whoever drops out is not counted as cut off, but stays
    in the denominator, so every node is measured against the same group. Ties: the first
    node in the order of the graph.

    NaN where nobody in the area has a hulpvraag (0 of 0). 0 (and no kind) where no single
    node cuts anyone off, also when nobody with a hulpvraag reaches a professional at all:
    who has no route cannot lose it. Betweenness brokers are another measure
    (:func:`~sociale_basis.social.betweenness.top_broker`): the node on most shortest paths is
    often not the one whose loss cuts people off.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    k
        Steps before the last tie to a professional, as in ``bereikt_professional``.
    via_plekken
        Whether steps may pass through verenigingen and voorzieningen.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``aandeel_kwetsbaar_bij_uitval`` and
        ``kritieke_schakel_soort`` (the kind of the critical node, None without one; never
        its id, which can be an inwoner's).

    Raises
    ------
    ValueError
        When ``k`` is not a whole number of 0 or more, or ``niveau`` is unknown.
    """
    table = kritieke_schakels(G, niveau=niveau, k=k, via_plekken=via_plekken)
    return pd.DataFrame(
        {
            "aandeel_kwetsbaar_bij_uitval": table["aandeel"],
            "kritieke_schakel_soort": table["soort"],
        }
    )


@renamed_keywords(level="niveau")
def aandeel_kwetsbaar_bij_uitval(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", k: int = 2, via_plekken: bool = False
) -> pd.Series:
    """The share of :func:`kwetsbaar_bij_uitval` alone, as a Series.

    Parameters
    ----------
    G, niveau, k, via_plekken
        As in :func:`kwetsbaar_bij_uitval`.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_kwetsbaar_bij_uitval"``.
    """
    frame = kwetsbaar_bij_uitval(G, niveau=niveau, k=k, via_plekken=via_plekken)
    return frame["aandeel_kwetsbaar_bij_uitval"]


@renamed_keywords(level="niveau")
def kritieke_schakels(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", k: int = 2, via_plekken: bool = False
) -> pd.DataFrame:
    """The critical link of every area, with the counts behind its share (for analysts).

    The definitions are those of :func:`kwetsbaar_bij_uitval`.

    Parameters
    ----------
    G, niveau, k, via_plekken
        As in :func:`kwetsbaar_bij_uitval`.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``knoop`` (node id of the critical link, None without one),
        ``soort``, ``afgesneden`` (``max_c cut(c, a)``), ``hulpvraag`` (inwoners of the area
        with a hulpvraag) and ``aandeel`` (their ratio, NaN without a hulpvraag). A
        ``knoop`` can be an inwoner's id, which is personal data: drop it before a table
        leaves the analyst.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    k = check_k(k)
    codes, _ = a.areas(niveau)
    cut, node = a.remembered(
        f"critical_links_{niveau}_{k}_{via_plekken}",
        lambda: _critical_links(a, niveau, k, via_plekken),
    )
    noemer = count_per_area(a, niveau, a.hulpvraag).astype(np.int64)
    found = node >= 0
    knoop = np.full(len(codes), None, dtype=object)
    soort = np.full(len(codes), None, dtype=object)
    knoop[found] = a.nodes[node[found]]
    soort[found] = np.array(NODE_SOORTEN, dtype=object)[a.soort[node[found]]]
    with np.errstate(divide="ignore", invalid="ignore"):
        aandeel = np.where(noemer > 0, cut / noemer, np.nan)
    index = codes.copy()
    return pd.DataFrame(
        {
            # object, not text: "no node" stays None (a text column would make it NaN)
            "knoop": pd.Series(knoop, index=index, dtype=object),
            "soort": pd.Series(soort, index=index, dtype=object),
            "afgesneden": cut,
            "hulpvraag": noemer,
            "aandeel": aandeel,
        },
        index=index,
    )


# --- the computation ---------------------------------------------------------------------


def _critical_links(
    a: GraphArrays, niveau: Niveau, k: int, via_plekken: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per area: the largest number cut off by one node, and that node (-1: none)."""
    codes, area = a.areas(niveau)
    W = a.walk(via_plekken)
    sources, sole = reach_sources_of(a, via_plekken)
    dist = alg.distances_within_k(W, sources, k)
    people = np.flatnonzero(a.hulpvraag & (area >= 0) & (dist >= 0))
    columns, candidates = _candidates(W, dist, sole, people, k)
    cut = np.zeros(len(codes), dtype=np.int64)
    node = np.full(len(codes), -1, dtype=np.int64)
    column_area = area[people]
    for g in np.unique(column_area):
        mine = column_area[columns] == g
        # how many inwoners of the area name each candidate: no candidate cuts off more
        named, bound = np.unique(candidates[mine], return_counts=True)
        needy = people[column_area == g]
        cut[g], node[g] = _best_cut(a, W, (sources, sole), needy, named, bound, k)
    return cut, node


def _candidates(
    W: sparse.csr_array, dist: np.ndarray, sole: np.ndarray, people: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (column, node): nodes that might cut off inwoner ``people[column]``.

    Walking down the BFS layers from each inwoner at once (``F[:, j]``: the nodes ``t``
    steps closer to a source on shortest paths from ``people[j]``), a node that is alone in
    its layer lies on every shortest path; at the sources, a professional is a candidate
    when every source there has that professional as its only one.
    """
    n, m = W.shape[0], len(people)
    coo = W.tocoo()
    down = (dist[coo.row] >= 1) & (dist[coo.col] == dist[coo.row] - 1)
    # D[w, u] = 1: w is a neighbour of u one step closer to a source
    D = sparse.csr_array(
        (np.ones(int(down.sum()), dtype=np.float32), (coo.col[down], coo.row[down])), shape=(n, n)
    )
    F = sparse.csc_array((np.ones(m, dtype=np.float32), (people, np.arange(m))), shape=(n, m))
    d = dist[people]
    columns: list[np.ndarray] = []
    nodes: list[np.ndarray] = []
    for t in range(k + 1):
        if t > 0:
            F = sparse.csc_array(D @ F)
            F.data[:] = 1.0  # who is on a shortest path, not how many paths
            alone = np.flatnonzero(np.diff(F.indptr) == 1)
            columns.append(alone)
            nodes.append(F.indices[F.indptr[alone]])
        at_sources = np.flatnonzero(d == t)
        cols, profs = _sole_professional(F, at_sources, sole)
        columns.append(cols)
        nodes.append(profs)
    return np.concatenate(columns), np.concatenate(nodes).astype(np.int64)


def _sole_professional(
    F: sparse.csc_array, cols: np.ndarray, sole: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The columns (of ``cols``) whose nodes all have the same single professional, and it."""
    sub = sparse.csc_array(F[:, cols])
    full = np.diff(sub.indptr) > 0
    if not full.any():
        return cols[:0], cols[:0]
    values = sole[sub.indices]
    # an empty column adds nothing between its neighbours' starts, so reducing over the
    # starts of the full columns only gives one value per full column
    starts = sub.indptr[:-1][full]
    low = np.minimum.reduceat(values, starts)
    high = np.maximum.reduceat(values, starts)
    same = (low == high) & (low >= 0)
    return cols[full][same], low[same]


def _best_cut(
    a: GraphArrays,
    W: sparse.csr_array,
    reach: tuple[np.ndarray, np.ndarray],
    needy: np.ndarray,
    candidates: np.ndarray,
    bound: np.ndarray,
    k: int,
) -> tuple[int, int]:
    """The candidate that cuts off most of ``needy`` (ties: lowest position) and how many.

    Candidates are tried in batches, most often named first; the search stops once no
    candidate left can reach the best count (``bound``: how many inwoners named it).
    """
    sources, sole = reach
    inside = np.zeros(a.n, dtype=bool)
    inside[needy] = True
    ball = alg.ball_within_k(W, inside, k)  # every short path stays in here
    local = np.full(a.n, -1, dtype=np.int64)
    local[ball] = np.arange(len(ball))
    A = sparse.csr_array(W[ball][:, ball])
    rows = local[needy]
    sources_here, sole_here = sources[ball], sole[ball]
    order = np.lexsort((candidates, -bound))
    best_cut, best_node = 0, -1
    batch = max(1, BLOCK_ELEMENTS // max(len(ball), 1))
    for start in range(0, len(order), batch):
        chosen = order[start : start + batch]
        chosen = chosen[bound[chosen] >= max(best_cut, 1)]
        if len(chosen) == 0:
            break
        nodes = candidates[chosen]
        S = np.repeat(sources_here[:, None], len(nodes), axis=1)
        blocked = np.zeros_like(S)
        professional = a.soort[nodes] == PROFESSIONAL
        for j in np.flatnonzero(professional):
            S[sole_here == nodes[j], j] = False  # places and people with no one else
        walkers = np.flatnonzero(~professional)
        blocked[local[nodes[walkers]], walkers] = True
        reached = alg.within_k_columns(A, S, k, blocked)
        cut = (~reached[rows]).sum(axis=0)
        cut -= (~professional & inside[nodes]).astype(cut.dtype)  # who drops out is not cut off
        for c, count in zip(nodes.tolist(), cut.tolist(), strict=True):
            if count > best_cut or (count == best_cut and count > 0 and c < best_node):
                best_cut, best_node = count, c
    return best_cut, best_node

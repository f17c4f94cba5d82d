"""Brokers: the nodes with the highest betweenness in each wijk's or buurt's graph.

Betweenness says who lies on many shortest paths between others: who connects. It is its
own measure; who *cuts people off from professional help* when they drop out is a different
question, answered by :mod:`sociale_basis.social.fragility`. Betweenness is Brandes'
algorithm for a batch of sampled sources at once; ``bench/bench_cohesion.py`` compares it
with the plain networkx call.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..core.compat import renamed_keywords
from ..core.parallel import thread_map
from . import algorithms as alg
from .arrays import INWONER, GraphArrays, graph_arrays
from .graph import NODE_SOORTEN, Niveau, check_niveau
from .registry import register_measure

DEFAULT_SOURCES = 256
"""Sampled sources for betweenness per area graph (networkx's ``k``)."""

EXACT_MAX_NODES = 1_000
"""Area graphs up to this many nodes get exact betweenness: cheap there (well under a
second), and a sample of a few hundred sources picks the same top broker only about half
the time in the flat synthetic networks (BENCHMARKS.md)."""


def area_graph_nodes(a: GraphArrays, niveau: Niveau, g: int) -> np.ndarray:
    """Positions of the broker graph of area ``g``: everyone in the area, plus every
    vereniging, voorziening and professional elsewhere that an inwoner of the area has a
    tie with (the club next door is part of this area's sociale basis)."""
    _, area = a.areas(niveau)
    inside = area == g
    people = np.flatnonzero(inside & a.inwoner)
    neighbours = a.all_ties[people].indices
    outside = neighbours[a.soort[neighbours] != INWONER]
    nodes = np.union1d(np.flatnonzero(inside), outside)
    return nodes.astype(np.int64)


@renamed_keywords(level="niveau")
def brokers(
    G: nx.Graph | GraphArrays,
    *,
    niveau: Niveau = "wijk",
    top: int = 1,
    sources: int | None = DEFAULT_SOURCES,
    seed: int | None = 0,
    soorten: tuple[str, ...] | None = None,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> pd.DataFrame:
    """The nodes with the highest betweenness in each area's graph: its brokers.

    The area graph holds every node of the area (all kinds) plus the verenigingen,
    voorzieningen and professionals elsewhere that its inwoners have a tie with, and every
    tie among them (all kinds, one per pair, both directions). Betweenness (Freeman 1977)

        c_B(v) = sum_{s != v != t} sigma_st(v) / sigma_st / ((n - 1)(n - 2))

    is normalised as ``networkx.betweenness_centrality``. An area graph with more than
    ``max(sources, exact_max_nodes)`` nodes gets an estimate from ``sources`` sampled
    sources, exactly as networkx's ``k`` and ``seed`` do (Brandes & Pich 2007): same
    sources, same rescaling, so ``brokers(G, sources=k, seed=s, exact_max_nodes=0)``
    equals networkx with ``k=k, seed=s`` on the same area graph (node order as in ``G``).
    Brandes' dependency sums are computed for a batch of sources at once on sparse
    matrices (:func:`sociale_basis.social.algorithms.brandes_dependencies`).

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    top
        Brokers per area.
    sources
        Sampled sources per large area graph; None for exact betweenness everywhere
        (minutes on a whole gemeente).
    exact_max_nodes
        Area graphs up to this many nodes are computed exactly (:data:`EXACT_MAX_NODES`).
    seed
        Seed of the sample (the same seed for every area).
    soorten
        Only these node kinds can be brokers (e.g. ``("vereniging", "voorziening")`` for a
        table without persons); default all kinds.

    Returns
    -------
    pd.DataFrame
        Indexed by area code (repeated ``top`` times): ``rang`` (1 = highest), ``broker``
        (node id), ``soort``, ``betweenness``, ``knopen`` (nodes of the area graph) and
        ``startknopen`` (sources of the shortest-path searches used). Areas whose graph
        has no node on a shortest path between two others (all scores 0) get no row.
        Node ids of inwoners are personal data: aggregate or drop ``broker`` before a
        table leaves the analyst.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    codes, _ = a.areas(niveau)
    allowed = np.ones(len(NODE_SOORTEN), dtype=bool)
    if soorten is not None:
        unknown = set(soorten) - set(NODE_SOORTEN)
        if unknown:
            raise ValueError(f"onbekende soorten {sorted(unknown)}; kies uit {NODE_SOORTEN}")
        allowed = np.array([s in soorten for s in NODE_SOORTEN])
    rows = []
    scores = _area_scores(a, niveau, sources, seed, exact_max_nodes)
    for code, (nodes, k, score) in zip(codes, scores, strict=True):
        if score is None:
            continue
        ok = allowed[a.soort[nodes]] & (score > 0)
        order = np.flatnonzero(ok)[np.argsort(-score[ok], kind="stable")][:top]
        for rank, pos in enumerate(order, start=1):
            rows.append(
                (
                    code,
                    rank,
                    a.nodes[nodes[pos]],
                    NODE_SOORTEN[a.soort[nodes[pos]]],
                    float(score[pos]),
                    len(nodes),
                    min(len(nodes), k or len(nodes)),
                )
            )
    columns = ["rang", "broker", "soort", "betweenness", "knopen", "startknopen"]
    frame = pd.DataFrame(rows, columns=[codes.name, *columns])
    return frame.set_index(codes.name)


def _area_scores(
    a: GraphArrays,
    niveau: Niveau,
    sources: int | None,
    seed: int | None,
    exact_max_nodes: int,
) -> list[tuple[np.ndarray, int | None, np.ndarray | None]]:
    """Per area (in the order of ``a.areas(niveau)``): the nodes of its graph, the sampled
    sources (None: exact) and their betweenness (None for fewer than 3 nodes).

    The areas are independent, and the sparse products and array sums of Brandes'
    algorithm run without Python's lock, so the areas are spread over a thread per core
    (:func:`~sociale_basis.core.parallel.thread_map`): the same numbers, sooner.
    """
    codes, _ = a.areas(niveau)
    _ = (a.all_ties, a.inwoner)  # made once, before the threads read them

    def one(g: int) -> tuple[np.ndarray, int | None, np.ndarray | None]:
        nodes = area_graph_nodes(a, niveau, g)
        k = None if sources is None or len(nodes) <= exact_max_nodes else sources
        if len(nodes) < 3:
            return nodes, k, None
        sub = sparse.csr_array(a.all_ties[nodes][:, nodes])
        return nodes, k, alg.betweenness(sub, k, seed)

    return thread_map(one, range(len(codes)))


@register_measure(
    kolommen={
        "top_broker": "Knoop met de hoogste betweenness (analyse; nooit publiceren)",
        "top_broker_soort": "Soort van de top-verbinder",
        "top_broker_betweenness": "Betweenness van de top-verbinder",
    }
)
@renamed_keywords(level="niveau")
def top_broker(
    G: nx.Graph | GraphArrays,
    *,
    niveau: Niveau = "wijk",
    sources: int | None = DEFAULT_SOURCES,
    seed: int | None = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> pd.DataFrame:
    """The broker of each area: the node with the highest betweenness in its area graph.

        top_broker(a) = argmax_v c_B(v) over the area graph of a

    with ``c_B`` and the area graph as in :func:`brokers` (rank 1; ties: the first in the
    order of the graph). Areas without a node on a shortest path between two others get
    None and NaN. A broker is who connects, not who cuts people off from help when gone:
    that is :func:`~sociale_basis.social.fragility.kwetsbaar_bij_uitval`.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    sources, seed, exact_max_nodes
        The betweenness sample, as in :func:`brokers`.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``top_broker`` (node id; an inwoner's id is personal data,
        drop it before a table leaves the analyst), ``top_broker_soort``,
        ``top_broker_betweenness``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    codes, _ = a.areas(niveau)
    table = brokers(a, niveau=niveau, sources=sources, seed=seed, exact_max_nodes=exact_max_nodes)
    first = table[table["rang"] == 1][["broker", "soort", "betweenness"]]
    first = first.rename(
        columns={
            "broker": "top_broker",
            "soort": "top_broker_soort",
            "betweenness": "top_broker_betweenness",
        }
    )
    result = first.reindex(codes)
    result.index.name = codes.name
    return result

"""Reach to professionals, brokers and what their loss cuts off, per wijk or buurt.

Three measures of how the informal network and the formal sociale basis meet, each a graph
in and a Series (or a small DataFrame) out, indexed by area code:
:func:`aandeel_hulpvraag_binnen_k` (inwoners with a hulpvraag within ``k`` informal steps
of a professional), :func:`brokers` (the nodes with the highest betweenness in each area's
graph) and :func:`aandeel_kwetsbaar_bij_uitval` (who loses that reach when the top broker
drops out). Terms (*inwoners of area a*, *informal tie*, groups) and the NaN rule are those
of :mod:`sociale_basis.social.cohesion`, whose :func:`~sociale_basis.social.cohesion.cohesion` table
includes these measures; the per-area helpers that both modules use live here, so that
:mod:`~sociale_basis.social.cohesion` imports from this module and not the other way round.

Reach is a multi-source BFS with one sparse product per step; betweenness is Brandes'
algorithm for a batch of sampled sources at once. ``bench/bench_cohesion.py`` compares
each with the plain networkx call.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from . import algorithms as alg
from .arrays import INWONER, VERENIGING, VOORZIENING, GraphArrays, graph_arrays
from .graph import NODE_SOORTEN, Level

DEFAULT_SOURCES = 256
"""Sampled sources for betweenness per area graph (networkx's ``k``)."""

EXACT_MAX_NODES = 1_000
"""Area graphs up to this many nodes get exact betweenness: cheap there (well under a
second), and a sample of a few hundred sources picks the same top broker only about half
the time in the flat synthetic networks (BENCHMARKS.md)."""


# --- per-area helpers (cohesion.py uses them too) ---------------------------------------


def _count(
    a: GraphArrays, level: Level, mask: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Sum of ``weights`` (or count) of the masked nodes per area, as a float array."""
    codes, area = a.areas(level)
    keep = mask & (area >= 0)
    w = None if weights is None else weights[keep]
    return np.bincount(area[keep], weights=w, minlength=len(codes)).astype(float)


def _series(a: GraphArrays, level: Level, values: np.ndarray, name: str) -> pd.Series:
    codes, _ = a.areas(level)
    return pd.Series(values, index=codes.copy(), name=name)


def _share(
    a: GraphArrays, level: Level, hit: np.ndarray, group: np.ndarray, name: str
) -> pd.Series:
    """Share of ``group`` that is ``hit``, per area; NaN where the group is empty."""
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _count(a, level, hit & group) / _count(a, level, group)
    return _series(a, level, values, name)


def _check_level(level: str) -> Level:
    if level not in ("wijk", "buurt"):
        raise ValueError(f"level moet 'wijk' of 'buurt' zijn, niet {level!r}")
    return level  # type: ignore[return-value]


# --- formal-informal reach ---------------------------------------------------------------


def _reach(
    a: GraphArrays, k: int, blocked: np.ndarray | None = None, without: int = -1
) -> np.ndarray:
    """Inwoners within ``k`` informal steps of an inwoner with a professional tie."""
    ties = a.professional_ties
    if without >= 0:
        # the professional's own clients lose that tie (the rest of their ties stay)
        ties = ties - _tied_to(a, without)
    sources = (ties > 0) & a.inwoner
    return alg.within_k(a.informal, sources, k, blocked)


def _tied_to(a: GraphArrays, node: int) -> np.ndarray:
    hit = np.zeros(a.n, dtype=np.int64)
    hit[a.v[a.u == node]] = 1
    hit[a.u[a.v == node]] = 1
    return hit


def aandeel_hulpvraag_binnen_k(
    G: nx.Graph | GraphArrays, *, level: Level = "wijk", k: int = 2
) -> pd.Series:
    """Share of inwoners with a hulpvraag within ``k`` informal steps of a professional.

    An inwoner ``i`` reaches a professional within ``k`` when some inwoner ``j`` with a
    tie to a professional (in practice a ``caseload`` tie) is at most ``k`` informal ties
    away: ``min_j dist_inf(i, j) <= k``, where ``dist_inf`` counts informal ties only and
    ``dist_inf(i, i) = 0`` (``i``'s own professional counts). The whole path is at most
    ``k`` informal ties followed by one tie to a professional; paths may leave the area.

        aandeel(a) = |{i in a : hulpvraag(i), i reaches a professional within k}|
                     / |{i in a : hulpvraag(i)}|

    Computed by one multi-source BFS from all inwoners with a professional tie. NaN where
    nobody in the area has a hulpvraag.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    k
        Maximum number of informal steps (0: only the inwoner's own professional ties).

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_hulpvraag_binnen_k"``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    if k < 0:
        raise ValueError(f"k moet 0 of groter zijn, niet {k}")
    return _share(a, level, _reach(a, k), a.hulpvraag, "aandeel_hulpvraag_binnen_k")


# --- brokers and fragility --------------------------------------------------------------


def _area_graph(a: GraphArrays, level: Level, g: int) -> np.ndarray:
    """Positions of the broker graph of area ``g``: everyone in the area, plus every
    vereniging, voorziening and professional elsewhere that an inwoner of the area has a
    tie with (the club next door is part of this area's sociale basis)."""
    _, area = a.areas(level)
    inside = area == g
    people = np.flatnonzero(inside & a.inwoner)
    neighbours = a.all_ties[people].indices
    outside = neighbours[a.soort[neighbours] != INWONER]
    nodes = np.union1d(np.flatnonzero(inside), outside)
    return nodes.astype(np.int64)


def brokers(
    G: nx.Graph | GraphArrays,
    *,
    level: Level = "wijk",
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
    level
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
    level = _check_level(level)
    codes, _ = a.areas(level)
    allowed = np.ones(len(NODE_SOORTEN), dtype=bool)
    if soorten is not None:
        unknown = set(soorten) - set(NODE_SOORTEN)
        if unknown:
            raise ValueError(f"onbekende soorten {sorted(unknown)}; kies uit {NODE_SOORTEN}")
        allowed = np.array([s in soorten for s in NODE_SOORTEN])
    rows = []
    for g, code in enumerate(codes):
        nodes = _area_graph(a, level, g)
        if len(nodes) < 3:
            continue
        sub = a.all_ties[nodes][:, nodes]
        k = None if sources is None or len(nodes) <= exact_max_nodes else sources
        score = alg.betweenness(sparse.csr_array(sub), k, seed)
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


def aandeel_kwetsbaar_bij_uitval(
    G: nx.Graph | GraphArrays,
    *,
    level: Level = "wijk",
    k: int = 2,
    broker_tabel: pd.DataFrame | None = None,
    sources: int | None = DEFAULT_SOURCES,
    seed: int | None = 0,
    exact_max_nodes: int = EXACT_MAX_NODES,
) -> pd.Series:
    """Share of inwoners with a hulpvraag cut off from professionals when the area's top
    broker drops out.

        aandeel(a) = |{i in a : hulpvraag(i), R_k(i) and not R_k^{-b}(i)}|
                     / |{i in a : hulpvraag(i), i != b}|

    ``R_k(i)``: ``i`` reaches a professional within ``k`` informal steps, as in
    :func:`aandeel_hulpvraag_binnen_k`; ``R_k^{-b}`` the same with the area's top broker
    ``b`` (rank 1 of :func:`brokers`) removed: an inwoner broker no longer passes
    anything on, a professional broker's clients lose that tie. A vereniging or
    voorziening is on no such path, so its removal cuts nobody off (0). The BFS is
    redone once per area. NaN where nobody in the area has a hulpvraag; 0 where the area
    has no broker.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    k
        Maximum number of informal steps, as in :func:`aandeel_hulpvraag_binnen_k`.
    broker_tabel
        Output of :func:`brokers` to reuse (its rank-1 rows); computed when None, with
        ``sources``, ``seed`` and ``exact_max_nodes``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_kwetsbaar_bij_uitval"``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    codes, area = a.areas(level)
    if broker_tabel is None:
        broker_tabel = brokers(
            a, level=level, sources=sources, seed=seed, exact_max_nodes=exact_max_nodes
        )
    first = broker_tabel[broker_tabel["rang"] == 1]["broker"]
    position = pd.Index(a.nodes, dtype=object).get_indexer(first.to_numpy())
    base = _reach(a, k)
    lost = np.zeros(len(codes))
    denominator = _count(a, level, a.hulpvraag)
    for code, b in zip(first.index, position, strict=True):
        g = codes.get_loc(code)
        assert isinstance(g, int)
        if b < 0 or a.soort[b] in (VERENIGING, VOORZIENING):
            continue
        if a.soort[b] == INWONER:
            blocked = np.zeros(a.n, dtype=bool)
            blocked[b] = True
            after = _reach(a, k, blocked=blocked)
            denominator[g] -= float(a.hulpvraag[b] and area[b] == g)
        else:
            after = _reach(a, k, without=int(b))
        cut = a.hulpvraag & (area == g) & base & ~after
        cut[b] = False
        lost[g] = cut.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        values = lost / denominator
    return _series(a, level, values, "aandeel_kwetsbaar_bij_uitval")

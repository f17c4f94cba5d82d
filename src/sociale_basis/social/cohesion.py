"""Cohesion measures of the sociale basis per wijk or buurt, on the social graph.

Every measure is a small function: a graph in, a Series (or a small DataFrame) out, indexed
by area code (``wijkcode`` or ``buurtcode``), with its definition in the docstring.
:func:`cohesion` puts them side by side. This module holds the shares and the structure of
the informal network; reach to professionals, brokers (betweenness) and fragility when a
broker drops out are in :mod:`sociale_basis.social.brokers`, which :func:`cohesion` also uses.
Terms used in the definitions (in both modules):

* *inwoners of area a*: inwoner nodes whose ``wijkcode`` (or ``buurtcode``) is ``a``;
* *informal tie*: an edge of a kind in :data:`~sociale_basis.social.graph.INFORMELE_RELATIES`
  (huishouden, buur, vriend, familie, mantelzorg) between two inwoners. Two inwoners with
  several informal kinds (buur and vriend) have **one** informal tie: measures count
  neighbours, not parallel edges;
* *informal degree* ``d(i)``: the number of inwoners with an informal tie to ``i``,
  anywhere in the gemeente;
* *within-area informal network* of ``a``: the inwoners of ``a`` and the informal ties
  with both ends in ``a``;
* groups: ``65plus`` = ``leeftijd >= 65``; ``hulpvraag`` = a known hulpvraag.

Shares are in [0, 1] and NaN exactly where their group is empty (no inwoners, no 65-plussers,
no one with a hulpvraag in the area), because 0 of 0 is not 0 %. Areas named in
``G.graph["wijkcodes"]``/``["buurtcodes"]`` appear even without inwoners.

Everything runs on arrays built once (:class:`~sociale_basis.social.arrays.GraphArrays`):
degrees, shares and E-I from edge arrays, components with ``scipy.sparse.csgraph``.
``bench/bench_cohesion.py`` compares each with the plain networkx call.
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse import csgraph

from . import algorithms as alg
from .arrays import GraphArrays, graph_arrays
from .brokers import (
    DEFAULT_SOURCES,
    EXACT_MAX_NODES,
    _check_level,
    _count,
    _series,
    _share,
    aandeel_hulpvraag_binnen_k,
    aandeel_kwetsbaar_bij_uitval,
    brokers,
)
from .graph import Level

Groep = Literal["alle", "65plus", "hulpvraag"]
LouvainMethode = Literal["auto", "networkx", "vectorised"]

LOUVAIN_NETWORKX_MAX_EDGES = 100_000
"""With ``methode="auto"``, networkx's Louvain runs up to this many within-area edges."""


# --- groups (the per-area helpers are in cohesion_brokers.py) ----------------------------


def _group_mask(a: GraphArrays, groep: Groep) -> np.ndarray:
    if groep == "alle":
        return a.inwoner
    if groep == "65plus":
        return a.inwoner & (a.leeftijd >= 65)
    if groep == "hulpvraag":
        return a.hulpvraag
    raise ValueError(f"groep moet 'alle', '65plus' of 'hulpvraag' zijn, niet {groep!r}")


def _suffix(groep: Groep) -> str:
    return "" if groep == "alle" else f"_{groep}"


# --- participation and isolation ---------------------------------------------------------


def inwoners(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.Series:
    """Number of inwoner nodes per area.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"inwoners"`` (0 for an area without inwoners).
    """
    a = graph_arrays(G)
    level = _check_level(level)
    return _series(a, level, _count(a, level, a.inwoner).astype(np.int64), "inwoners")


def gem_informele_graad(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.Series:
    """Mean informal degree of the inwoners of each area.

        gem_informele_graad(a) = sum_{i in a} d(i) / |{i in a}|

    ``d(i)`` counts informal neighbours anywhere (also in other areas); NaN without
    inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"gem_informele_graad"``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = _count(a, level, a.inwoner, a.informal_degree) / _count(a, level, a.inwoner)
    return _series(a, level, mean, "gem_informele_graad")


def dichtheid_informeel(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.Series:
    """Density of informal ties among the inwoners of each area.

        dichtheid_informeel(a) = I(a) / (n(a) (n(a) - 1) / 2)

    with ``I(a)`` the informal ties with both ends in ``a`` and ``n(a)`` its inwoners
    (Wasserman & Faust 1994, 4.2); NaN when ``n(a) < 2``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"dichtheid_informeel"``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    internal = _internal_external(a, level)[0]
    n = _count(a, level, a.inwoner)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(n >= 2, internal / (n * (n - 1) / 2), np.nan)
    return _series(a, level, values, "dichtheid_informeel")


def aandeel_geisoleerd(
    G: nx.Graph | GraphArrays, *, level: Level = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) without any informal tie.

        aandeel_geisoleerd(a) = |{i in a and group : d(i) = 0}| / |{i in a and group}|

    Ties to professionals, verenigingen and voorzieningen do not count. Named
    ``aandeel_geisoleerd``, ``aandeel_geisoleerd_65plus`` or ``aandeel_geisoleerd_hulpvraag``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_geisoleerd"``, with the group as suffix.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    group = _group_mask(a, groep)
    return _share(a, level, a.informal_degree == 0, group, "aandeel_geisoleerd" + _suffix(groep))


def aandeel_alleen_professioneel(
    G: nx.Graph | GraphArrays, *, level: Level = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) whose only people are professionals.

        aandeel_alleen_professioneel(a) =
            |{i in a and group : d(i) = 0 and p(i) >= 1}| / |{i in a and group}|

    with ``p(i)`` the number of professionals ``i`` has a tie with (in practice a
    ``caseload`` tie). A subset of the isolated inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_alleen_professioneel"``, with the group as suffix.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    hit = (a.informal_degree == 0) & (a.professional_ties >= 1)
    name = "aandeel_alleen_professioneel" + _suffix(groep)
    return _share(a, level, hit, _group_mask(a, groep), name)


def aandeel_lid(
    G: nx.Graph | GraphArrays, *, level: Level = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) who are ``lid`` of at least one vereniging.

        aandeel_lid(a) = |{i in a and group : i has a lid tie}| / |{i in a and group}|

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_lid"``, with the group as suffix.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    return _share(a, level, a.lid, _group_mask(a, groep), "aandeel_lid" + _suffix(groep))


# --- bonding and bridging ----------------------------------------------------------------


def _internal_external(a: GraphArrays, level: Level) -> tuple[np.ndarray, np.ndarray]:
    """Per area: informal ties inside (I) and from its inwoners to other areas (E)."""
    codes, area = a.areas(level)
    lo, hi = a.informal_pairs
    al, ah = area[lo], area[hi]
    same = al == ah
    internal = np.bincount(al[same & (al >= 0)], minlength=len(codes)).astype(float)
    cross = ~same
    external = np.bincount(al[cross & (al >= 0)], minlength=len(codes)).astype(float)
    external += np.bincount(ah[cross & (ah >= 0)], minlength=len(codes))
    return internal, external


def ei_index(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.DataFrame:
    """Krackhardt & Stern's E-I index of informal ties: bridging (+1) versus bonding (-1).

        EI(a) = (E(a) - I(a)) / (E(a) + I(a))

    ``I(a)``: informal ties with both ends in ``a``, counted once; ``E(a)``: informal ties
    from an inwoner of ``a`` to an inwoner of another area (a tie between areas ``a`` and
    ``b`` is external for both). Krackhardt & Stern (1988, Soc. Psychol. Q. 51:123).

    Group size alone pushes EI up (a small area has few possible partners inside), so
    ``ei_index_verwacht`` gives the value under random mixing, where every pair of
    inwoners is equally likely to be tied (the E-I of the complete network):

        EI_verwacht(a) = (2 (N - n) - (n - 1)) / (2 (N - n) + (n - 1))

    from ``E = p n (N - n)`` and ``I = p n (n - 1) / 2`` for ``n = n(a)`` inwoners out of
    ``N`` in the graph. ``EI < EI_verwacht`` means more bonding than chance.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``ei_extern`` (E), ``ei_intern`` (I), ``ei_index`` (NaN
        without informal ties), ``ei_index_verwacht`` (NaN when ``n(a) = 0`` or
        ``N < 2``).
    """
    a = graph_arrays(G)
    level = _check_level(level)
    internal, external = _internal_external(a, level)
    n = _count(a, level, a.inwoner)
    total = float(a.inwoner.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = (external - internal) / (external + internal)
        outside, inside = 2 * (total - n), n - 1
        expected = np.where((n > 0) & (total >= 2), (outside - inside) / (outside + inside), np.nan)
    codes, _ = a.areas(level)
    return pd.DataFrame(
        {
            "ei_extern": external,
            "ei_intern": internal,
            "ei_index": ei,
            "ei_index_verwacht": expected,
        },
        index=codes.copy(),
    )


# --- structure of the within-area informal network ---------------------------------------


def componenten(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.DataFrame:
    """Connected components of the within-area informal network.

    ``componenten``: their number, an isolated inwoner counting as a component of one
    (as ``networkx.number_connected_components``); ``aandeel_grootste_component``: the
    inwoners in the largest component / all inwoners of the area. Ties to other areas are
    not used, so a component is a group that can reach each other without leaving the
    area. NaN (and 0 components) without inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``componenten`` (int) and ``aandeel_grootste_component``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    A, _, area = a.within(level)
    codes, _ = a.areas(level)
    _, labels = csgraph.connected_components(A, directed=False)
    frame = pd.DataFrame({"area": area, "label": labels})
    frame = frame[frame["area"] >= 0]
    sizes = frame.groupby(["area", "label"]).size()
    count = sizes.groupby(level="area").size().reindex(range(len(codes)), fill_value=0)
    largest = sizes.groupby(level="area").max().reindex(range(len(codes)))
    n = _count(a, level, a.inwoner)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = largest.to_numpy(dtype=float) / n
    return pd.DataFrame(
        {"componenten": count.to_numpy(), "aandeel_grootste_component": share},
        index=codes.copy(),
    )


def clustering(G: nx.Graph | GraphArrays, *, level: Level = "wijk") -> pd.Series:
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
    level
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"clustering"``.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    A, people, _ = a.within(level)
    c = np.zeros(a.n)
    c[people] = alg.local_clustering(A)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = _count(a, level, a.inwoner, c) / _count(a, level, a.inwoner)
    return _series(a, level, values, "clustering")


def gemeenschappen(
    G: nx.Graph | GraphArrays,
    *,
    level: Level = "wijk",
    seed: int | None = 0,
    methode: LouvainMethode = "auto",
) -> pd.DataFrame:
    """Louvain communities of the within-area informal network: count and modularity.

    Louvain (Blondel et al. 2008) maximises Newman's modularity
    ``Q = sum_c [L_c / m - (D_c / 2m)^2]`` (``L_c`` ties inside community ``c``, ``D_c`` its
    total degree, ``m`` all ties of the area's informal network). ``gemeenschappen`` counts
    the communities of at least two inwoners (an isolated inwoner is not a community);
    ``modulariteit`` is ``Q`` (NaN without informal ties in the area).

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    level
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
    """
    a = graph_arrays(G)
    level = _check_level(level)
    A, _, area = a.within(level)
    codes, _ = a.areas(level)
    if methode == "auto":
        methode = "networkx" if A.nnz // 2 <= LOUVAIN_NETWORKX_MAX_EDGES else "vectorised"
    if methode == "vectorised":
        labels = alg.louvain(A, np.maximum(area, 0), seed=seed)
        q = alg.modularity(A, labels, np.maximum(area, 0))
        q = np.concatenate([q, np.full(max(0, len(codes) - len(q)), np.nan)])[: len(codes)]
        frame = pd.DataFrame({"area": area, "label": labels})[area >= 0]
        sizes = frame.groupby(["area", "label"]).size()
        big = (sizes >= 2).groupby(level="area").sum()
        count = big.reindex(range(len(codes)), fill_value=0).to_numpy()
    elif methode == "networkx":
        count, q = _louvain_networkx(A, area, len(codes), seed)
    else:
        raise ValueError(f"methode moet 'auto', 'networkx' of 'vectorised' zijn, niet {methode!r}")
    return pd.DataFrame(
        {"gemeenschappen": np.asarray(count, dtype=np.int64), "modulariteit": q},
        index=codes.copy(),
    )


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


# --- all together ------------------------------------------------------------------------


def cohesion(
    G: nx.Graph | GraphArrays,
    level: Level = "wijk",
    k: int = 2,
    seed: int | None = 0,
    *,
    sources: int | None = DEFAULT_SOURCES,
    exact_max_nodes: int = EXACT_MAX_NODES,
    louvain: LouvainMethode = "auto",
) -> pd.DataFrame:
    """All cohesion measures per wijk or buurt, side by side.

    Columns (definitions in each function's docstring): ``inwoners``,
    ``gem_informele_graad``, ``dichtheid_informeel``; ``aandeel_geisoleerd``,
    ``aandeel_alleen_professioneel``, ``aandeel_lid``, each also ``_65plus`` and
    ``_hulpvraag``; ``ei_extern``, ``ei_intern``, ``ei_index``, ``ei_index_verwacht``;
    ``componenten``, ``aandeel_grootste_component``, ``clustering``; ``gemeenschappen``,
    ``modulariteit``; ``aandeel_hulpvraag_binnen_k``; ``top_broker``,
    ``top_broker_soort``, ``top_broker_betweenness``; ``aandeel_kwetsbaar_bij_uitval``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`GraphArrays`.
    level
        ``"wijk"`` or ``"buurt"``.
    k
        Informal steps for the reach and fragility measures.
    seed
        Seed of the betweenness sample and of Louvain.
    sources, exact_max_nodes
        Betweenness: sampled sources per area graph, exact up to ``exact_max_nodes``
        nodes (see :func:`brokers`; ``sources=None``: exact everywhere).
    louvain
        Louvain implementation, see :func:`gemeenschappen`.

    Returns
    -------
    pd.DataFrame
        Indexed by area code; ``attrs`` records the parameters.
        ``top_broker`` can be an inwoner's node id: drop it before publishing.
    """
    a = graph_arrays(G)
    level = _check_level(level)
    parts: list[pd.Series | pd.DataFrame] = [
        inwoners(a, level=level),
        gem_informele_graad(a, level=level),
        dichtheid_informeel(a, level=level),
    ]
    for measure in (aandeel_geisoleerd, aandeel_alleen_professioneel, aandeel_lid):
        parts += [measure(a, level=level, groep=g) for g in ("alle", "65plus", "hulpvraag")]
    parts += [
        ei_index(a, level=level),
        componenten(a, level=level),
        clustering(a, level=level),
        gemeenschappen(a, level=level, seed=seed, methode=louvain),
        aandeel_hulpvraag_binnen_k(a, level=level, k=k),
    ]
    table = brokers(a, level=level, sources=sources, seed=seed, exact_max_nodes=exact_max_nodes)
    first = table[table["rang"] == 1]
    parts.append(
        first[["broker", "soort", "betweenness"]].rename(
            columns={
                "broker": "top_broker",
                "soort": "top_broker_soort",
                "betweenness": "top_broker_betweenness",
            }
        )
    )
    parts.append(aandeel_kwetsbaar_bij_uitval(a, level=level, k=k, broker_tabel=table))
    result = pd.concat(parts, axis=1)
    codes, _ = a.areas(level)
    result = result.reindex(codes)
    result.index.name = codes.name
    result.attrs.update(
        {
            "level": level,
            "k": k,
            "seed": seed,
            "sources": sources,
            "exact_max_nodes": exact_max_nodes,
        }
    )
    return result

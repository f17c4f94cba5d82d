"""The social graph as flat arrays: made once, shared by every cohesion measure.

Converting a graph of a million edges to arrays takes a second or two; every measure (the
registry in :mod:`sociale_basis.social.registry`) accepts either the graph or the
:class:`GraphArrays` made by :func:`graph_arrays`, so a caller who runs several measures
converts once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import networkx as nx
import numpy as np
import pandas as pd
from scipy import sparse

from ..core.compat import renamed_keywords
from . import algorithms as alg
from .build import graph_parts
from .graph import INFORMELE_RELATIES, NODE_SOORTEN, RELATIES, Niveau, check_graph

INWONER, VERENIGING, VOORZIENING, PROFESSIONAL = range(len(NODE_SOORTEN))
"""Node kind codes in :attr:`GraphArrays.soort` (positions in ``NODE_SOORTEN``)."""

_SOORT_CODE = {s: i for i, s in enumerate(RELATIES)}
_INFORMAL_CODES = np.array([_SOORT_CODE[s] for s in sorted(INFORMELE_RELATIES)])
_LID = _SOORT_CODE["lid"]
_WERKT_BIJ = _SOORT_CODE["werkt_bij"]
# ties an inwoner has to a place (vereniging, voorziening): the steps `via_plekken` adds
_PLACE_CODES = np.array([_SOORT_CODE["lid"], _SOORT_CODE["bezoekt"]])
T = TypeVar("T")


@dataclass(frozen=True)
class GraphArrays:
    """A social graph as flat arrays, built once and shared by every measure.

    Make it with :func:`graph_arrays`; pass it to any measure instead of the graph to
    skip the conversion (the measures accept both).

    Attributes
    ----------
    nodes
        Node ids, in graph order; position ``i`` is node ``i`` in every array.
    soort
        Node kind code (index into ``NODE_SOORTEN``).
    wijk, buurt
        Area codes (object arrays; None for a node without location).
    leeftijd
        Age of inwoners (NaN for other nodes or unknown).
    hulpvraag
        True for inwoners with a hulpvraag.
    u, v, relatie
        One entry per edge and kind: end positions and kind code (index into RELATIES).
    wijkcodes, buurtcodes
        Area codes named in ``G.graph`` (areas without inwoners included in results).
    """

    nodes: np.ndarray
    soort: np.ndarray
    wijk: np.ndarray
    buurt: np.ndarray
    leeftijd: np.ndarray
    hulpvraag: np.ndarray
    u: np.ndarray
    v: np.ndarray
    relatie: np.ndarray
    wijkcodes: tuple[str, ...] = ()
    buurtcodes: tuple[str, ...] = ()
    _cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @cached_property
    def inwoner(self) -> np.ndarray:
        """Boolean mask of inwoner nodes."""
        return self.soort == INWONER

    @cached_property
    def informal_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Unique informal ties ``(lo, hi)`` between two inwoners (one per pair)."""
        keep = np.isin(self.relatie, _INFORMAL_CODES)
        keep &= self.inwoner[self.u] & self.inwoner[self.v] & (self.u != self.v)
        lo = np.minimum(self.u[keep], self.v[keep]).astype(np.int64)
        hi = np.maximum(self.u[keep], self.v[keep]).astype(np.int64)
        key = np.unique(lo * self.n + hi)
        return key // self.n, key % self.n

    @cached_property
    def informal(self) -> sparse.csr_array:
        """Symmetric ``n x n`` adjacency of the informal ties."""
        lo, hi = self.informal_pairs
        return alg.symmetric(self.n, lo, hi)

    @cached_property
    def informal_degree(self) -> np.ndarray:
        """Informal degree ``d(i)`` of every node (0 for non-inwoners)."""
        return np.diff(self.informal.indptr)

    @cached_property
    def all_ties(self) -> sparse.csr_array:
        """Symmetric adjacency of all ties of any kind (one entry per pair)."""
        return alg.symmetric(self.n, self.u.astype(np.int64), self.v.astype(np.int64))

    @cached_property
    def professional_ties(self) -> np.ndarray:
        """Per node: the number of distinct professionals it has a tie with (any kind)."""
        to_prof = self.soort[self.v] == PROFESSIONAL
        from_prof = self.soort[self.u] == PROFESSIONAL
        ends = np.concatenate([self.u[to_prof], self.v[from_prof]]).astype(np.int64)
        profs = np.concatenate([self.v[to_prof], self.u[from_prof]]).astype(np.int64)
        pairs = np.unique(ends * self.n + profs)
        return np.bincount(pairs // self.n, minlength=self.n)

    @cached_property
    def lid(self) -> np.ndarray:
        """Boolean mask: inwoner with at least one ``lid`` tie."""
        rows = self.relatie == _LID
        mask = np.zeros(self.n, dtype=bool)
        mask[self.u[rows]] = True
        mask[self.v[rows]] = True
        return mask & self.inwoner

    @cached_property
    def inwoner_ids(self) -> pd.Index:
        """The ids of the inwoners (node ids without ``"inwoner:"``), in node order.

        Ints when every id is an int written plainly (``"inwoner:17"`` -> 17), so a Series
        indexed by them joins ``gebied.inwoners``; strings otherwise. Named ``inwoner_id``.
        """
        ids = [str(n).split(":", 1)[1] for n in self.nodes[self.inwoner].tolist()]
        plain = all(i.lstrip("-").isdigit() and str(int(i)) == i for i in ids)
        values = [int(i) for i in ids] if plain and ids else ids
        return pd.Index(values, name="inwoner_id", dtype="int64" if plain and ids else object)

    @cached_property
    def reach_pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Unique ``(node, professional)`` pairs through which a node reaches a professional.

        An inwoner reaches every professional it has a tie with, of any kind (``caseload``,
        a referral ``verwijst``); a vereniging or voorziening reaches the professionals who
        work there (``werkt_bij``), which only paths ``via_plekken`` use.
        """
        prof_v = self.soort[self.v] == PROFESSIONAL
        prof_u = self.soort[self.u] == PROFESSIONAL
        ends = np.concatenate([self.u[prof_v], self.v[prof_u]]).astype(np.int64)
        profs = np.concatenate([self.v[prof_v], self.u[prof_u]]).astype(np.int64)
        rel = np.concatenate([self.relatie[prof_v], self.relatie[prof_u]])
        kind = self.soort[ends]
        place = (kind == VERENIGING) | (kind == VOORZIENING)
        keep = (kind == INWONER) | (place & (rel == _WERKT_BIJ))
        pairs = np.unique(ends[keep] * self.n + profs[keep])
        return pairs // self.n, pairs % self.n

    def walk(self, via_plekken: bool) -> sparse.csr_array:
        """Symmetric ``n x n`` adjacency of the steps a path to a professional may take.

        Informal ties between inwoners; with ``via_plekken`` also ``lid`` and ``bezoekt``
        ties between an inwoner and a vereniging or voorziening.
        """
        if not via_plekken:
            return self.informal
        key = "walk_via_plekken"
        if key not in self._cache:
            rows = np.isin(self.relatie, _PLACE_CODES) & (self.u != self.v)
            lo, hi = self.informal_pairs
            u = np.concatenate([lo, self.u[rows].astype(np.int64)])
            v = np.concatenate([hi, self.v[rows].astype(np.int64)])
            self._cache[key] = alg.symmetric(self.n, u, v)
        result = self._cache[key]
        assert isinstance(result, sparse.csr_array)
        return result

    def remembered(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per graph: a measure that two callers need (the
        cohesion table and the signals) is then worked out once."""
        if key not in self._cache:
            self._cache[key] = make()
        result: T = self._cache[key]  # type: ignore[assignment]
        return result

    @renamed_keywords(level="niveau")
    def areas(self, niveau: Niveau) -> tuple[pd.Index, np.ndarray]:
        """The area codes of a niveau (sorted) and each node's position in them (-1: none)."""
        key = f"areas_{niveau}"
        if key not in self._cache:
            codes_of = self.wijk if niveau == "wijk" else self.buurt
            named = self.wijkcodes if niveau == "wijk" else self.buurtcodes
            present = {c for c in codes_of.tolist() if c is not None}
            codes = pd.Index(sorted(present | set(named)), name=f"{niveau}code", dtype=object)
            self._cache[key] = (codes, codes.get_indexer(pd.Index(codes_of, dtype=object)))
        result = self._cache[key]
        assert isinstance(result, tuple)
        return result

    @renamed_keywords(level="niveau")
    def within(self, niveau: Niveau) -> tuple[sparse.csr_array, np.ndarray, np.ndarray]:
        """The within-area informal network over inwoners only.

        Returns the adjacency over the inwoners (local positions), the inwoners' global
        positions and their area numbers.
        """
        key = f"within_{niveau}"
        if key not in self._cache:
            _, area = self.areas(niveau)
            people = np.flatnonzero(self.inwoner)
            local = np.full(self.n, -1, dtype=np.int64)
            local[people] = np.arange(len(people))
            lo, hi = self.informal_pairs
            same = (area[lo] == area[hi]) & (area[lo] >= 0)
            A = alg.symmetric(len(people), local[lo[same]], local[hi[same]])
            self._cache[key] = (A, people, area[people])
        result = self._cache[key]
        assert isinstance(result, tuple)
        return result


def graph_arrays(G: nx.Graph | GraphArrays, *, check: bool = True) -> GraphArrays:
    """Flat arrays of a social graph (see :class:`GraphArrays`); the graph is not changed.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph` (Graph or
        MultiGraph); a :class:`GraphArrays` is returned as is.
    check
        Run :func:`~sociale_basis.social.graph.check_graph` first (a few seconds on a whole
        gemeente), so a broken graph fails with a message naming the node or edge.
    """
    if isinstance(G, GraphArrays):
        return G
    if check:
        check_graph(G)
    nodes = list(G.nodes)
    u, v, rel = _edge_arrays(G, nodes)
    once = u <= v  # each edge is listed from both ends; keep the copy with u <= v
    return _arrays(
        nodes,
        [d for _, d in G.nodes(data=True)],
        (u[once], v[once], rel[once]),
        G.graph.get("wijkcodes", ()),
        G.graph.get("buurtcodes", ()),
    )


def build_graph_arrays(gebied: Any) -> GraphArrays:
    """The :class:`GraphArrays` of :func:`~sociale_basis.social.build.build_graph`, made
    straight from the gebied's tables: the same nodes in the same order, the same edges
    (each once, ``u <= v``, sorted by ``u``, ``v`` and kind) and the same checks and
    errors, without building a networkx graph in between (on a large gemeente that graph
    costs more than every measure that follows reads from the arrays)."""
    parts = graph_parts(gebied)
    nodes = [n for node_list in parts.node_lists for n, _ in node_list]
    data = [d for node_list in parts.node_lists for _, d in node_list]
    position = {n: i for i, n in enumerate(nodes)}
    code = _SOORT_CODE
    count = len(parts.edges)
    a = np.fromiter((position[e[0]] for e in parts.edges), np.int64, count)
    b = np.fromiter((position[e[1]] for e in parts.edges), np.int64, count)
    rel = np.fromiter((code[e[2]] for e in parts.edges), np.int64, count)
    u, v = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((rel, v, u))
    edges = (u[order], v[order], rel[order])
    return _arrays(nodes, data, edges, parts.wijkcodes, parts.buurtcodes)


def _arrays(
    nodes: list[Any],
    data: Sequence[Mapping[str, Any]],
    edges: tuple[np.ndarray, np.ndarray, np.ndarray],
    wijkcodes: Sequence[object],
    buurtcodes: Sequence[object],
) -> GraphArrays:
    """GraphArrays of nodes with their attributes and edges ``(u, v, kind code)``."""
    soort = np.array([NODE_SOORTEN.index(d["soort"]) for d in data], dtype=np.int8)
    leeftijd = np.array(
        [d.get("leeftijd") if d.get("leeftijd") is not None else np.nan for d in data],
        dtype=float,
    )
    hulpvraag = np.array([d.get("hulpvraag") is not None for d in data], dtype=bool)
    u, v, rel = edges
    return GraphArrays(
        nodes=np.array(nodes, dtype=object),
        soort=soort,
        wijk=np.array([d.get("wijkcode") for d in data], dtype=object),
        buurt=np.array([d.get("buurtcode") for d in data], dtype=object),
        leeftijd=leeftijd,
        hulpvraag=hulpvraag & (soort == INWONER),
        u=u.astype(np.int32),
        v=v.astype(np.int32),
        relatie=rel.astype(np.int8),
        wijkcodes=tuple(str(c) for c in wijkcodes),
        buurtcodes=tuple(str(c) for c in buurtcodes),
    )


def _edge_arrays(G: nx.Graph, nodes: list[object]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of both ends and the kind code of every edge, each edge listed twice.

    Reads the adjacency with generators into ``np.fromiter`` (no tuple per edge): about
    ten times faster than ``G.edges(data="soort")`` on a million edges.
    """
    position = {n: i for i, n in enumerate(nodes)}
    code = _SOORT_CODE
    # The public views (G.adj) wrap the dict of dicts that G stores in G._adj, at several
    # microseconds per access: on a million edges reading the dicts directly is the
    # difference between one second and fifteen. Nothing is written.
    adj = getattr(G, "_adj", None)
    if not isinstance(adj, Mapping):
        adj = G.adj
    rows = [adj[n] for n in nodes]  # in node order, also for filtered subgraph views
    degree = np.fromiter((len(nbrs) for nbrs in rows), dtype=np.int64, count=len(nodes))
    total = int(degree.sum())
    v = np.fromiter((position[m] for nbrs in rows for m in nbrs), np.int64, total)
    u = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    if G.is_multigraph():
        kinds = np.fromiter((len(keys) for nbrs in rows for keys in nbrs.values()), np.int64, total)
        rel = np.fromiter(
            (code[d["soort"]] for nbrs in rows for keys in nbrs.values() for d in keys.values()),
            np.int64,
            int(kinds.sum()),
        )
        u, v = np.repeat(u, kinds), np.repeat(v, kinds)
    else:
        rel = np.fromiter(
            (code[d["soort"]] for nbrs in rows for d in nbrs.values()), np.int64, total
        )
    return u, v, rel

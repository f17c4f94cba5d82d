"""The shortest-path machinery shared by distances, counts, 2SFCA and isochrones.

Every destination is snapped onto its nearest edge (:mod:`sociale_basis.streets.snap`) and
becomes a *virtual node* that splits that edge; a *stub* node hangs off it by an edge as
long as the destination's snap line (:func:`build_routing_graph`). Dijkstra then runs from
the stubs outwards (``scipy.sparse.csgraph.dijkstra``), never once per origin. An origin
snapped at offset :math:`s` on an edge piece between nodes :math:`a` (at offset
:math:`t_a`) and :math:`b` (at :math:`t_b`) gets

.. math:: d = \\min\\bigl(s - t_a + D(a),\\; t_b - s + D(b)\\bigr) + \\ell_o

where :math:`D(n)` is the Dijkstra distance of node :math:`n` and :math:`\\ell_o` the
origin's own snap line (:func:`locate_origins` finds :math:`a`, :math:`b` and the offsets).
Origins are never added to the graph. With node snapping no edge is split, so the
network's cached CSR graph (:attr:`Netwerk.routing`) is reused and only the stubs (one row
each) are appended.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from .prepare import Netwerk, prepare_network, symmetric_csr
from .snap import Snapped, point_coordinates, point_frame, snap_points

# Pairs are computed per block of destinations so that one block's dense distance matrix
# (destinations x origins) stays near 20 million entries (160 MB of float64).
_BLOCK_ENTRIES = 20_000_000


@dataclass
class RoutingGraph:
    """The mode's usable edges as a CSR graph, with destinations spliced in.

    Network nodes keep their positions ``0 .. n_base-1``; virtual nodes (edge snapping:
    where a destination splits an edge) follow, then one stub per snapped destination.
    A stub has only an *outgoing* edge (its snap line) to the node it hangs from: the
    Dijkstra runs from the stubs outwards, and no route passes through a leaf.
    """

    csr: csr_array
    time_s: np.ndarray  # travel time per stored entry (aligned with csr.data)
    n_base: int
    stubs: np.ndarray  # stub node per destination (-1: destination not snapped)
    dest_of: np.ndarray  # per graph node: the destination whose stub it is (-1: none)
    dest_node: np.ndarray  # node the stub hangs from (virtual or network node; -1: none)
    dest_snap_m: np.ndarray
    split_key: np.ndarray  # sorted edge*scale + offset of the virtual nodes
    split_edge: np.ndarray
    split_pos: np.ndarray
    split_node: np.ndarray
    scale: float

    @property
    def time_csr(self) -> csr_array:
        """The same graph with seconds instead of metres (for limits in minutes)."""
        return csr_array((self.time_s, self.csr.indices, self.csr.indptr), shape=self.csr.shape)


@dataclass
class _Split:
    """The edges split at the destinations: the graph and where the virtual nodes are."""

    csr: csr_array
    time_s: np.ndarray
    key: np.ndarray
    node: np.ndarray
    edge: np.ndarray
    pos: np.ndarray
    owner: np.ndarray  # the destination of each virtual node


def build_routing_graph(net: Netwerk, dest: Snapped) -> RoutingGraph:
    """Split edges at the snapped destinations and add one stub node per destination.

    With node snapping no edge is split: the network's cached CSR graph
    (:attr:`Netwerk.routing`) is reused and only the stub rows are appended.
    """
    n_base = len(net.node_ids)
    d_ok = np.flatnonzero(dest.ok)
    scale = float(net.length_m.max()) * 2 + 1.0
    dest_node = np.full(len(dest.edge), -1, np.int64)
    on_node = d_ok[dest.edge[d_ok] < 0]
    dest_node[on_node] = dest.node[on_node]
    split = _split_edges(net, dest, d_ok[dest.edge[d_ok] >= 0], scale)
    dest_node[split.owner] = split.node
    stubs = np.full(len(dest.edge), -1, np.int64)
    stubs[d_ok] = split.csr.shape[0] + np.arange(len(d_ok))
    snap_m = dest.snap_m[d_ok]
    csr, time_s = _append_rows(
        split.csr, split.time_s, dest_node[d_ok], snap_m, snap_m / net.walk_ms
    )
    dest_of = np.full(csr.shape[0], -1, np.int64)
    dest_of[stubs[d_ok]] = d_ok
    return RoutingGraph(
        csr=csr,
        time_s=time_s,
        n_base=n_base,
        stubs=stubs,
        dest_of=dest_of,
        dest_node=dest_node,
        dest_snap_m=dest.snap_m,
        split_key=split.key,
        split_edge=split.edge,
        split_pos=split.pos,
        split_node=split.node,
        scale=scale,
    )


def _split_edges(net: Netwerk, dest: Snapped, on_edge: np.ndarray, scale: float) -> _Split:
    """The usable edges with a virtual node where each destination in ``on_edge`` lies."""
    none = np.empty(0, np.int64)
    if len(on_edge) == 0:
        csr, time_s = net.routing
        return _Split(csr, time_s, np.empty(0), none, none, np.empty(0), none)
    e, t = dest.edge[on_edge], dest.pos_m[on_edge]
    order = np.lexsort((t, e))
    e, t, owner = e[order], t[order], on_edge[order]
    vnode = len(net.node_ids) + np.arange(len(e))
    first = np.r_[True, e[1:] != e[:-1]]
    last = np.r_[e[1:] != e[:-1], True]
    # each virtual node links to the one before it on its edge (or the edge's u end), and
    # the last one on an edge also to the edge's v end; untouched edges stay as they are
    prev_node = np.where(first, net.u[e], np.r_[-1, vnode[:-1]])
    prev_pos = np.where(first, 0.0, np.r_[0.0, t[:-1]])
    speed = net.speed_ms[e]
    plain = np.setdiff1d(net.usable_edges, np.unique(e), assume_unique=True)
    w1, w2 = t - prev_pos, net.length_m[e[last]] - t[last]
    csr, time_s = symmetric_csr(
        np.concatenate([prev_node, vnode[last], net.u[plain]]),
        np.concatenate([vnode, net.v[e[last]], net.v[plain]]),
        np.concatenate([w1, w2, net.length_m[plain]]),
        np.concatenate([w1 / speed, w2 / speed[last], net.length_m[plain] / net.speed_ms[plain]]),
        len(net.node_ids) + len(e),
    )
    return _Split(csr, time_s, e * scale + t, vnode, e, t, owner)


def _append_rows(
    csr: csr_array, time_s: np.ndarray, target: np.ndarray, w: np.ndarray, t: np.ndarray
) -> tuple[csr_array, np.ndarray]:
    """A copy of ``csr`` with one new node per ``target``, each with one edge to it.

    The new rows come last, so entries stay sorted by row; the input is not changed.
    """
    n, k = csr.shape[0] + len(target), len(target)
    indptr = np.r_[csr.indptr, csr.indptr[-1] + np.arange(1, k + 1)]
    out = csr_array(
        (np.r_[csr.data, w], np.r_[csr.indices, target].astype(csr.indices.dtype), indptr),
        shape=(n, n),
    )
    return out, np.r_[time_s, t]


@dataclass
class Located:
    """Where each origin meets the graph: the nodes left and right of it on its edge piece
    (``-1``: not snapped) and the offsets to them. Computed once, used per category."""

    left: np.ndarray
    right: np.ndarray
    dl: np.ndarray
    dr: np.ndarray
    edge_speed: np.ndarray  # speed on the origin's edge (inf for node snapping)
    li: np.ndarray  # left and right clipped to >= 0, for indexing
    ri: np.ndarray
    snap_o: np.ndarray  # the origin's snap line, 0 where not snapped
    on_nodes: bool  # every origin sits on a node (node snapping): one side is enough


def locate_origins(net: Netwerk, g: RoutingGraph, o: Snapped) -> Located:
    """For each origin: the graph nodes left and right of it and the offsets to them.

    An origin on an edge that a destination split lies between the nearest virtual nodes
    on either side of it (or the edge's ends), found by binary search in ``g.split_key``.
    """
    n = len(o.edge)
    left = np.where(o.node >= 0, o.node, -1)
    right = left.copy()
    dl, dr = np.zeros(n), np.zeros(n)
    on = np.flatnonzero(o.edge >= 0)
    if len(on):
        e, s = o.edge[on], o.pos_m[on]
        left[on], right[on] = net.u[e], net.v[e]
        dl[on], dr[on] = s, net.length_m[e] - s
        if len(g.split_key):
            k = np.searchsorted(g.split_key, e * g.scale + s, side="right")
            last = len(g.split_key) - 1
            lo = (k > 0) & (g.split_edge[np.maximum(k - 1, 0)] == e)
            hi = (k <= last) & (g.split_edge[np.minimum(k, last)] == e)
            pos = g.split_pos
            li, hi_i = np.maximum(k - 1, 0)[lo], np.minimum(k, last)[hi]
            left[on[lo]] = g.split_node[li]
            dl[on[lo]] = s[lo] - pos[li]
            right[on[hi]] = g.split_node[hi_i]
            dr[on[hi]] = pos[hi_i] - s[hi]
    edge_speed = np.where(o.edge >= 0, net.speed_ms[np.maximum(o.edge, 0)], np.inf)
    return Located(
        left=left,
        right=right,
        dl=np.maximum(dl, 0),
        dr=np.maximum(dr, 0),
        edge_speed=edge_speed,
        li=np.maximum(left, 0),
        ri=np.maximum(right, 0),
        snap_o=np.nan_to_num(o.snap_m),
        on_nodes=len(on) == 0,
    )


def path_time(g: RoutingGraph, pred: np.ndarray) -> np.ndarray:
    """Seconds along the shortest-path tree ``pred`` (pointer jumping: O(n log depth))."""
    n = len(pred)
    has = pred >= 0
    child = np.flatnonzero(has)
    key = pred[child].astype(np.int64) * n + child
    indptr, indices = g.csr.indptr, g.csr.indices
    row_of = np.repeat(np.arange(n), np.diff(indptr))
    stored = row_of.astype(np.int64) * n + indices
    acc = np.zeros(n)
    acc[child] = g.time_s[np.searchsorted(stored, key)]
    nxt = np.where(has, pred, np.arange(n))
    while True:
        acc = acc + np.where(nxt != np.arange(n), acc[nxt], 0.0)
        jumped = nxt[nxt]
        if np.array_equal(jumped, nxt):
            return acc
        nxt = jumped


class PairSearch:
    """Origins and destinations snapped once; every pair within a cost limit on request.

    Parameters
    ----------
    network
        A graph or a prepared :class:`Netwerk`.
    origins, destinations
        Points in EPSG:28992 (GeoDataFrame or GeoSeries).
    modus, snap, max_snap_m
        As in :func:`~sociale_basis.streets.reach.distance_to_nearest`.
    """

    def __init__(
        self,
        network: nx.Graph | Netwerk,
        origins: gpd.GeoDataFrame | gpd.GeoSeries,
        destinations: gpd.GeoDataFrame | gpd.GeoSeries,
        modus: str | None,
        snap: str,
        max_snap_m: float,
    ) -> None:
        self.net = prepare_network(network, modus)
        self.origins = origins
        self.destinations = point_frame(destinations, "de bestemmingen")
        o_xy = point_coordinates(origins, "de herkomsten")
        d_xy = point_coordinates(self.destinations, "de bestemmingen")
        self.dest = snap_points(self.net, d_xy, max_snap_m=max_snap_m, snap=snap)
        self.origin = snap_points(self.net, o_xy, max_snap_m=max_snap_m, snap=snap)
        self.g = build_routing_graph(self.net, self.dest)
        self.located = locate_origins(self.net, self.g, self.origin)

    def costs(
        self, max_m: float | None, max_min: float | None, *, pad: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(origin position, destination position, cost) for every pair within the limit.

        Cost is metres with ``max_m``, minutes with ``max_min``; pairs up to ``pad`` beyond
        the limit are included too (for a caller that rounds costs before it compares).
        One Dijkstra per block of destinations, never one per origin.

        Raises
        ------
        ValueError
            Both or neither of ``max_m`` and ``max_min``; a limit that is not positive.
        """
        if (max_m is None) == (max_min is None):
            raise ValueError("geef precies een van max_m (meter) of max_min (minuten).")
        limit = float(max_m if max_m is not None else max_min)  # type: ignore[arg-type]
        if not np.isfinite(limit) or limit <= 0:
            raise ValueError(f"de grens moet een positief getal zijn, niet {limit}.")
        limit += pad
        loc, g = self.located, self.g
        dl, dr, snap_o = loc.dl, loc.dr, loc.snap_o
        csr = g.csr
        if max_min is not None:  # minutes: Dijkstra on seconds, converted at the end
            csr = g.time_csr
            dl, dr = dl / loc.edge_speed, dr / loc.edge_speed
            snap_o, limit = snap_o / self.net.walk_ms, limit * 60
        ok_o = np.flatnonzero(self.origin.ok)
        members = np.flatnonzero(g.stubs >= 0)
        n_nodes = csr.shape[0]
        block = max(1, _BLOCK_ENTRIES // max(n_nodes, 1))
        li, ri = loc.left[ok_o], loc.right[ok_o]
        ends = (dl[ok_o], dr[ok_o], snap_o[ok_o])
        # origins by the node at either end of their edge: a destination's reached nodes
        # lead to its candidate origins, so the work grows with the pairs within the
        # limit, not with every destination times every origin
        by_left, by_right = _by_node(li, n_nodes), _by_node(ri, n_nodes)
        out_o, out_d, out_c = [], [], []
        for start in range(0, len(members), block):
            chunk = members[start : start + block]
            dist = dijkstra(csr, directed=True, indices=g.stubs[chunk], limit=limit)
            dist = dist.reshape(len(chunk), -1)
            d_idx, o_idx, c = _within(dist, li, ri, ends, by_left, by_right, limit)
            out_o.append(ok_o[o_idx])
            out_d.append(chunk[d_idx])
            out_c.append(c)
        if not out_o:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        cost = np.concatenate(out_c)
        return np.concatenate(out_o), np.concatenate(out_d), cost / 60 if max_min else cost

    def per_origin(self, values: np.ndarray, name: str) -> pd.DataFrame:
        """Origin values with NaN and a reason where the origin is not on the network."""
        values = np.where(self.origin.ok, values, np.nan)
        return pd.DataFrame({name: values, "reden": self.origin.reden}, index=self.origins.index)


def _by_node(node_of: np.ndarray, n_nodes: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions of ``node_of`` grouped by node, as (indptr, positions) like a CSR row."""
    order = np.argsort(node_of, kind="stable")
    indptr = np.zeros(n_nodes + 1, np.int64)
    np.cumsum(np.bincount(node_of, minlength=n_nodes), out=indptr[1:])
    return indptr, order


def _expand(
    rows: np.ndarray, nodes: np.ndarray, index: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(row, origin) for every origin listed at each (row, node) in ``index``."""
    indptr, order = index
    counts = indptr[nodes + 1] - indptr[nodes]
    total = int(counts.sum())
    first = np.repeat(indptr[nodes] - (np.cumsum(counts) - counts), counts)
    return np.repeat(rows, counts), order[first + np.arange(total)]


def _within(
    dist: np.ndarray,
    li: np.ndarray,
    ri: np.ndarray,
    ends: tuple[np.ndarray, np.ndarray, np.ndarray],
    by_left: tuple[np.ndarray, np.ndarray],
    by_right: tuple[np.ndarray, np.ndarray],
    limit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(destination row, origin, cost) of every pair within ``limit``, in the order of
    destination and origin: an origin via the nearer end of its edge plus its snap line.
    Only origins with an end among the reached nodes are looked at."""
    dl, dr, snap = ends
    rows, nodes = np.nonzero(np.isfinite(dist))
    r1, o1 = _expand(rows, nodes, by_left)
    r2, o2 = _expand(rows, nodes, by_right)
    fresh = ~np.isfinite(dist[r2, li[o2]])  # its left end is not reached: not in r1
    r = np.concatenate([r1, r2[fresh]])
    o = np.concatenate([o1, o2[fresh]])
    c = np.minimum(dl[o] + dist[r, li[o]], dr[o] + dist[r, ri[o]]) + snap[o]
    keep = c <= limit
    r, o, c = r[keep], o[keep], c[keep]
    order = np.lexsort((o, r))
    return r[order], o[order], c[order]

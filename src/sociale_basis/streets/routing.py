"""The shortest-path machinery shared by distances, counts, 2SFCA and isochrones.

Every destination is snapped onto its nearest edge (:mod:`sociale_basis.streets.snap`);
no edge is split. A destination at offset :math:`t_d` on an edge of length :math:`L`
between nodes :math:`u` and :math:`v` gets an *entry* node with two outgoing arcs, to
:math:`u` (:math:`t_d`) and to :math:`v` (:math:`L - t_d`), and a *stub* node with one
outgoing arc to the entry node, as long as its snap line :math:`\\ell_d`
(:func:`build_routing_graph`). The network's cached CSR graph (:attr:`Netwerk.routing`)
is reused as it is and only these rows are appended. Dijkstra then runs from the stubs
outwards (``scipy.sparse.csgraph.dijkstra``), never once per origin; no route passes
through an entry or a stub, as neither has an incoming arc from the network. An origin
snapped at offset :math:`s` on an edge between :math:`u` and :math:`v` gets

.. math:: d = \\min\\bigl(s + D(u),\\; L - s + D(v),\\;
          \\min_{d \\text{ on the same edge}} |s - t_d| + \\ell_d\\bigr) + \\ell_o

where :math:`D(n)` is the Dijkstra distance of node :math:`n` and :math:`\\ell_o` the
origin's own snap line: a route from the origin leaves its edge through :math:`u` or
:math:`v`, or stays on the edge to a destination on it (:func:`locate_origins` finds
those pairs). Origins are never added to the graph. With node snapping a destination's
stub points at its node and an origin sits on its node (:math:`s = 0`, :math:`u = v`).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from .prepare import Netwerk, prepare_network
from .snap import Snapped, point_coordinates, point_frame, snap_points

# Pairs are computed per block of destinations so that one block's dense distance matrix
# (destinations x origins) stays near 20 million entries (160 MB of float64).
_BLOCK_ENTRIES = 20_000_000


@dataclass
class RoutingGraph:
    """The mode's usable edges as a CSR graph, with the destinations' entries and stubs.

    Network nodes keep their positions ``0 .. n_base-1``; then one entry node per
    destination snapped onto an edge (arcs to both ends of the edge), then one stub per
    snapped destination (one arc, its snap line, to its entry node or, with node
    snapping, its network node). Entries and stubs have outgoing arcs only: the Dijkstra
    runs from the stubs outwards, and no route passes through them.
    """

    csr: csr_array
    time_s: np.ndarray  # travel time per stored entry (aligned with csr.data)
    n_base: int
    stubs: np.ndarray  # stub node per destination (-1: destination not snapped)
    dest_of: np.ndarray  # per graph node: the destination whose stub it is (-1: none)
    dest_node: np.ndarray  # node the stub points at (entry or network node; -1: none)
    dest_snap_m: np.ndarray
    dest_edge: np.ndarray  # edge of each destination (-1: none or node snapping)
    dest_pos: np.ndarray  # offset along that edge from its u end (metres)

    @property
    def time_csr(self) -> csr_array:
        """The same graph with seconds instead of metres (for limits in minutes)."""
        return csr_array((self.time_s, self.csr.indices, self.csr.indptr), shape=self.csr.shape)


def build_routing_graph(net: Netwerk, dest: Snapped) -> RoutingGraph:
    """The network's cached CSR graph with an entry and a stub row per destination.

    No edge is split, so the cached graph (:attr:`Netwerk.routing`) is copied only to
    append rows; it is never changed.
    """
    n_base = len(net.node_ids)
    d_ok = np.flatnonzero(dest.ok)
    on_edge = d_ok[dest.edge[d_ok] >= 0]
    e, t = dest.edge[on_edge], dest.pos_m[on_edge]
    entries = n_base + np.arange(len(on_edge))
    dest_node = np.where(dest.node >= 0, dest.node, -1)
    dest_node[on_edge] = entries
    stubs = np.full(len(dest.edge), -1, np.int64)
    stubs[d_ok] = n_base + len(on_edge) + np.arange(len(d_ok))
    # an entry's arcs in column order (path_time needs entries sorted by row and column);
    # on a loop (u == v) the shorter way round is the only arc
    u, v, length = net.u[e], net.v[e], net.length_m[e]
    to_u, to_v = t, length - t
    speed, loop = net.speed_ms[e], u == v
    first = np.where(u <= v, u, v)
    w_first = np.where(loop, np.minimum(to_u, to_v), np.where(u <= v, to_u, to_v))
    w_second = np.where(u <= v, to_v, to_u)
    count = np.where(loop, 1, 2)
    cols = np.column_stack([first, np.where(u <= v, v, u)]).ravel()
    w = np.column_stack([w_first, w_second]).ravel()
    keep = np.column_stack([np.ones(len(e), bool), ~loop]).ravel()
    snap_m = dest.snap_m[d_ok]
    base_csr, base_time = net.routing
    csr, time_s = _append_rows(
        base_csr,
        base_time,
        np.r_[count, np.ones(len(d_ok), np.int64)],
        np.r_[cols[keep], dest_node[d_ok]],
        np.r_[w[keep], snap_m],
        np.r_[w[keep] / np.repeat(speed, count), snap_m / net.walk_ms],
    )
    dest_of = np.full(csr.shape[0], -1, np.int64)
    dest_of[stubs[d_ok]] = d_ok
    dest_edge = np.full(len(dest.edge), -1, np.int64)
    dest_edge[on_edge] = e
    return RoutingGraph(
        csr=csr,
        time_s=time_s,
        n_base=n_base,
        stubs=stubs,
        dest_of=dest_of,
        dest_node=dest_node,
        dest_snap_m=dest.snap_m,
        dest_edge=dest_edge,
        dest_pos=dest.pos_m,
    )


def _append_rows(
    csr: csr_array,
    time_s: np.ndarray,
    count: np.ndarray,
    cols: np.ndarray,
    w: np.ndarray,
    t: np.ndarray,
) -> tuple[csr_array, np.ndarray]:
    """A copy of ``csr`` with ``len(count)`` new rows (and as many new nodes).

    New row ``i`` holds the next ``count[i]`` of ``cols`` (weights ``w``, seconds ``t``),
    in column order. The new rows come last, so entries stay sorted by row; the input is
    not changed.
    """
    n = csr.shape[0] + len(count)
    indptr = np.r_[csr.indptr, csr.indptr[-1] + np.cumsum(count)]
    out = csr_array(
        (np.r_[csr.data, w], np.r_[csr.indices, cols].astype(csr.indices.dtype), indptr),
        shape=(n, n),
    )
    return out, np.r_[time_s, t]


@dataclass
class Located:
    """Where each origin meets the graph (computed once, used per category).

    ``left``/``right``: the ends ``u``/``v`` of the origin's edge, or its node with node
    snapping (``-1``: not snapped); ``dl``/``dr``: the offsets to them. ``pair_*``: every
    (origin, destination) on the same edge, with the distance along the edge plus the
    destination's snap line (metres, ``pair_m``; seconds, ``pair_s``).
    """

    left: np.ndarray
    right: np.ndarray
    dl: np.ndarray
    dr: np.ndarray
    edge_speed: np.ndarray  # speed on the origin's edge (inf for node snapping)
    li: np.ndarray  # left and right clipped to >= 0, for indexing
    ri: np.ndarray
    snap_o: np.ndarray  # the origin's snap line, 0 where not snapped
    on_nodes: bool  # every origin sits on a node (node snapping): one side is enough
    pair_o: np.ndarray
    pair_d: np.ndarray
    pair_m: np.ndarray
    pair_s: np.ndarray


def locate_origins(net: Netwerk, g: RoutingGraph, o: Snapped) -> Located:
    """For each origin: the ends of its edge and the offsets to them, and the
    destinations on the same edge (see the module docstring)."""
    n = len(o.edge)
    left = np.where(o.node >= 0, o.node, -1)
    right = left.copy()
    dl, dr = np.zeros(n), np.zeros(n)
    on = np.flatnonzero(o.edge >= 0)
    e, s = o.edge[on], o.pos_m[on]
    left[on], right[on] = net.u[e], net.v[e]
    dl[on], dr[on] = s, net.length_m[e] - s
    edge_speed = np.where(o.edge >= 0, net.speed_ms[np.maximum(o.edge, 0)], np.inf)
    pair_o, pair_d = _same_edge(o.edge, g.dest_edge)
    along = np.abs(o.pos_m[pair_o] - g.dest_pos[pair_d])
    snap_d = g.dest_snap_m[pair_d]
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
        pair_o=pair_o,
        pair_d=pair_d,
        pair_m=along + snap_d,
        pair_s=along / edge_speed[pair_o] + snap_d / net.walk_ms,
    )


def _same_edge(o_edge: np.ndarray, d_edge: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (origin, destination) pair on the same edge (edge -1: on none)."""
    d_on = np.flatnonzero(d_edge >= 0)
    by_edge = d_on[np.argsort(d_edge[d_on], kind="stable")]
    keys = d_edge[by_edge]
    o_on = np.flatnonzero(o_edge >= 0)
    lo = np.searchsorted(keys, o_edge[o_on], side="left")
    count = np.searchsorted(keys, o_edge[o_on], side="right") - lo
    rank = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return np.repeat(o_on, count), by_edge[np.repeat(lo, count) + rank]


@dataclass
class Nearest:
    """Per origin, the nearest destination of one category (:func:`nearest`).

    ``cost``: metres without the origin's own snap line (inf: none reached); ``member``:
    the destination (-1: none); ``use_left``: the route leaves the origin's edge through
    its left end (else the right); ``pair``: for the origins whose route stays on their
    own edge, the pair (position in ``Located.pair_*``).
    """

    cost: np.ndarray
    member: np.ndarray
    use_left: np.ndarray
    pair: np.ndarray


def nearest(
    g: RoutingGraph, loc: Located, dist: np.ndarray, src: np.ndarray, members: np.ndarray
) -> Nearest:
    """The nearest of the destinations ``members`` per origin (the module's formula), from
    a multi-source Dijkstra from their stubs: its distances ``dist`` and ``sources``."""
    if loc.on_nodes:  # node snapping: left == right and no offsets
        cost, use_left, source = dist[loc.li], np.ones(len(loc.li), bool), src[loc.li]
    else:
        via_l, via_r = loc.dl + dist[loc.li], loc.dr + dist[loc.ri]
        use_left = via_l <= via_r
        cost = np.where(use_left, via_l, via_r)
        source = np.where(use_left, src[loc.li], src[loc.ri])
    # src is -9999 where nothing was reached; node 0 is never a stub (dest_of -1)
    member = g.dest_of[np.where(np.isfinite(cost), source, 0)]
    is_member = np.zeros(len(g.stubs), bool)
    is_member[members] = True
    pair = np.flatnonzero(is_member[loc.pair_d])
    pair = pair[np.lexsort((loc.pair_m[pair], loc.pair_o[pair]))]
    first = np.r_[True, loc.pair_o[pair][1:] != loc.pair_o[pair][:-1]]
    pair = pair[first[: len(pair)]]  # per origin the nearest on its edge
    pair = pair[loc.pair_m[pair] < cost[loc.pair_o[pair]]]  # nearer than through an end
    cost[loc.pair_o[pair]] = loc.pair_m[pair]
    member[loc.pair_o[pair]] = loc.pair_d[pair]
    return Nearest(cost, member, use_left, pair)


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
        column = np.full(len(self.origin.ok), -1, np.int64)
        column[ok_o] = np.arange(len(ok_o))
        along = loc.pair_s if max_min is not None else loc.pair_m
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
            # a destination on the origin's own edge: along the edge, without its ends
            row = np.full(len(g.stubs), -1, np.int64)
            row[chunk] = np.arange(len(chunk))
            on = (row[loc.pair_d] >= 0) & (column[loc.pair_o] >= 0)
            own = (row[loc.pair_d[on]], column[loc.pair_o[on]], along[on] + snap_o[loc.pair_o[on]])
            d_idx, o_idx, c = _cheapest_pairs((d_idx, o_idx, c), own, limit)
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


def _cheapest_pairs(
    found: tuple[np.ndarray, np.ndarray, np.ndarray],
    own: tuple[np.ndarray, np.ndarray, np.ndarray],
    limit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(destination row, origin, cost) of ``found`` and of the own-edge pairs ``own`` within
    ``limit``: the cheaper cost where a pair is in both, ordered by destination and origin
    (the order of :func:`_within`)."""
    keep = own[2] <= limit
    d = np.concatenate([found[0], own[0][keep]])
    o = np.concatenate([found[1], own[1][keep]])
    c = np.concatenate([found[2], own[2][keep]])
    order = np.lexsort((c, o, d))
    d, o, c = d[order], o[order], c[order]
    first = np.ones(len(d), bool)
    first[1:] = (d[1:] != d[:-1]) | (o[1:] != o[:-1])
    return d[first], o[first], c[first]


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

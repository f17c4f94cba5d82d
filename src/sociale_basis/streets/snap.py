"""Snapping points onto a street network prepared for one mode (:class:`Netwerk`).

Points are snapped onto the largest connected component of the edges the mode may use.
Snapping (``snap="edge"``, the default) puts a point on the nearest *edge* (exactly: a
KD-tree over 20 m pieces of the edges gives candidates, see :func:`_search`), so a
house halfway along a 300 m street starts halfway, not at a corner. The straight snap line from
the point to the edge counts as distance and is walked (its time uses the walking speed in
every mode). ``snap="node"`` (fast) puts a point on the nearest network *node* (a KD-tree on
node coordinates) and adds the straight line to that node; it can overestimate by up to an
edge length or route "backwards" along an edge, but costs almost nothing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from ..core.compat import renamed_keywords
from ..core.crs import require_rd
from ..core.errors import Problem, ValidationError
from .prepare import Netwerk, Segments, prepare_network

DEFAULT_MAX_SNAP_M = 250.0
SNAPS = ("edge", "node")
# Candidate pieces per point in the nearest-edge search (see _nearest_edges).
_K = 8


@dataclass
class Snapped:
    """Where points meet the network (arrays, one entry per point).

    ``edge`` is an index into the network's edges (-1: not snapped); ``pos_m`` the distance
    from that edge's ``u`` end along the edge (in ``length_m`` units); ``node`` the node
    index for node snapping (-1 otherwise); ``snap_m`` the straight snap line;
    ``nearest_m`` the distance to the nearest usable edge or node even when too far;
    ``reden`` why a point is not snapped (None when it is).
    """

    edge: np.ndarray
    pos_m: np.ndarray
    node: np.ndarray
    snap_m: np.ndarray
    nearest_m: np.ndarray
    reden: np.ndarray

    @property
    def ok(self) -> np.ndarray:
        return (self.edge >= 0) | (self.node >= 0)


def point_coordinates(points: gpd.GeoDataFrame | gpd.GeoSeries, what: str) -> np.ndarray:
    """The (n, 2) RD coordinates of point geometries; raise on anything that is not one.

    Raises
    ------
    ValueError
        Missing or non-RD CRS (see :func:`sociale_basis.core.crs.require_rd`).
    ValidationError
        Rows without a point geometry or with NaN coordinates, listed by id.
    """
    if not isinstance(points, (gpd.GeoDataFrame, gpd.GeoSeries)):
        raise TypeError(f"{what}: verwacht een GeoDataFrame of GeoSeries met punten.")
    require_rd(points if isinstance(points, gpd.GeoDataFrame) else points.to_frame(), what)
    geoms = points.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)
    is_point = (kinds == 0) & ~shapely.is_empty(geoms)  # POINT EMPTY has no coordinates
    if is_point.all():  # the usual case: no copy of the geometries
        xy = shapely.get_coordinates(geoms)[:, :2]
    else:
        xy = np.full((len(geoms), 2), np.nan)
        if is_point.any():
            xy[is_point] = shapely.get_coordinates(geoms[is_point])[:, :2]
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        problems = []
        for i in np.flatnonzero(bad)[:50]:
            geom = geoms[i]
            if geom is None or kinds[i] == -1:
                text = "geen geometrie"
            elif kinds[i] != 0:
                text = f"geometrie is een {geom.geom_type}, geen Point"
            else:
                text = "leeg punt of NaN-coördinaten"
            problems.append(
                Problem(
                    what,
                    None,
                    f"id {points.index[i]!r}",
                    None if geom is None else str(geom)[:40],
                    text,
                    "vul de coördinaten aan of laat de rij weg (en meld waarom)",
                )
            )
        if bad.sum() > 50:
            problems.append(Problem(what, None, None, int(bad.sum()), "rijen in totaal", ""))
        raise ValidationError(problems, what=what)
    return xy


def point_frame(points: gpd.GeoDataFrame | gpd.GeoSeries, what: str) -> gpd.GeoDataFrame:
    """``points`` as a GeoDataFrame (a GeoSeries becomes its only column).

    Raises
    ------
    TypeError
        Neither a GeoDataFrame nor a GeoSeries.
    """
    if isinstance(points, gpd.GeoSeries):
        return points.to_frame("geometry").set_geometry("geometry")
    if not isinstance(points, gpd.GeoDataFrame):
        raise TypeError(f"{what}: verwacht een GeoDataFrame of GeoSeries met punten.")
    return points


def snap_points(
    net: Netwerk, xy: np.ndarray, *, max_snap_m: float = DEFAULT_MAX_SNAP_M, snap: str = "edge"
) -> Snapped:
    """Snap points onto the largest component of the mode's network.

    See the module docstring for the two methods. Points farther than ``max_snap_m`` stay
    unsnapped with a reason; when such a point is close to a piece of network that is not
    connected to the rest, the reason says so.

    Raises
    ------
    ValueError
        An unknown ``snap`` method, or ``max_snap_m`` negative or NaN.
    """
    if snap not in SNAPS:
        raise ValueError(f"onbekende snap-methode '{snap}'; kies 'edge' of 'node'.")
    if np.isnan(max_snap_m) or max_snap_m < 0:
        raise ValueError(f"max_snap_m moet een getal >= 0 zijn, niet {max_snap_m}.")
    n = len(xy)
    edge = np.full(n, -1, np.int64)
    node = np.full(n, -1, np.int64)
    pos = np.full(n, np.nan)
    dist = np.full(n, np.inf)
    if n and snap == "edge":
        edge, pos, dist = _nearest_edges(net, xy, max_snap_m)
    elif n:
        d, j = net.node_tree.query(xy, distance_upper_bound=max_snap_m)
        hit = np.isfinite(d)
        node[hit] = net.lcc_nodes[j[hit]]
        dist[hit] = d[hit]
        if (~hit).any():
            dist[~hit] = net.node_tree.query(xy[~hit])[0]
    ok = (edge >= 0) | (node >= 0)
    reden = np.full(n, None, dtype=object)
    if (~ok).any():
        reden[~ok] = _reasons(net, xy[~ok], dist[~ok], max_snap_m, snap)
    snap_m = np.where(ok, dist, np.nan)
    return Snapped(edge, pos, node, snap_m, dist, reden)


@renamed_keywords(mode="modus")
def snap_table(
    network: nx.Graph | Netwerk,
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    modus: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    snap: str = "edge",
) -> pd.DataFrame:
    """Where each point meets the network, as a table indexed like ``points``.

    Columns: ``rand_u``, ``rand_v``, ``rand_sleutel`` (the edge: end-node ids of the graph,
    ``positie_m`` measured from ``rand_u``), ``positie_m``, ``lengte_m`` (of the edge),
    ``knoop`` (node snapping), ``aansluiting_m`` (straight snap line),
    ``afstand_tot_netwerk_m`` (also for points not snapped) and ``reden`` (why not snapped;
    missing when snapped). ``modus`` as in :func:`prepare_network` (``mode=`` is the old
    name); ``max_snap_m`` and ``snap`` as in :func:`snap_points`.
    """
    net = prepare_network(network, modus)
    s = snap_points(net, point_coordinates(points, "de punten"), max_snap_m=max_snap_m, snap=snap)
    has, on_node = s.edge >= 0, s.node >= 0
    e = s.edge[has]

    def ids(values: np.ndarray, where: np.ndarray) -> np.ndarray:
        out = np.full(len(where), None, dtype=object)
        out[where] = values
        return out

    return pd.DataFrame(
        {
            "rand_u": ids(net.node_ids[net.u[e]], has),
            "rand_v": ids(net.node_ids[net.v[e]], has),
            "rand_sleutel": ids(net.keys[e], has),
            "positie_m": s.pos_m,
            "lengte_m": np.where(has, net.length_m[np.maximum(s.edge, 0)], np.nan),
            "knoop": ids(net.node_ids[s.node[on_node]], on_node),
            "aansluiting_m": s.snap_m,
            "afstand_tot_netwerk_m": s.nearest_m,
            "reden": s.reden,
        },
        index=points.index,
    )


@renamed_keywords(mode="modus")
def snap_report(
    network: nx.Graph | Netwerk,
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    modus: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    snap: str = "edge",
) -> pd.DataFrame:
    """Every point that could not be snapped, with its distance to the network and why.

    The rows of :func:`snap_table` with a ``reden``: ``afstand_tot_netwerk_m`` and ``reden``.
    """
    table = snap_table(network, points, modus=modus, max_snap_m=max_snap_m, snap=snap)
    return table.loc[table["reden"].notna(), ["afstand_tot_netwerk_m", "reden"]]


def _nearest_edges(
    net: Netwerk, xy: np.ndarray, max_snap_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest usable edge per point (:func:`_search`); points farther than ``max_snap_m``
    stay unsnapped, with their true distance for the report."""
    s = net.segments
    n = len(xy)
    order = _spatial_order(xy)
    p = xy[order]
    seg, t, dist = _search(s, p, max_snap_m + s.half)
    # beyond max_snap_m the search above may have missed the nearest piece (its midpoint
    # can lie beyond the bound): search on without one, for the report
    far = np.flatnonzero(dist > max_snap_m)
    if len(far):
        seg[far], t[far], dist[far] = _search(s, p[far], np.inf)
    hit = dist <= max_snap_m
    edge = np.where(hit, s.edge[seg], -1)
    e = np.maximum(edge, 0)
    along = s.start[seg] + t * s.length[seg]
    glen = net.geom_length[e]
    scale = np.divide(net.length_m[e], glen, out=np.zeros(n), where=glen > 0)
    pos = np.where(hit, np.clip(along * scale, 0, net.length_m[e]), np.nan)
    back = np.empty(n, np.int64)
    back[order] = np.arange(n)
    return edge[back], pos[back], dist[back]


def _search(s: Segments, p: np.ndarray, bound: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per point: the nearest segment, the fraction along it and the distance (exact; inf
    where no piece's midpoint lies within ``bound``).

    A piece at distance :math:`\\delta` has its midpoint within :math:`\\delta + h`
    (:math:`h` = half the longest piece). The K nearest midpoints are candidates, and the
    whole straight segment of each is measured, so the best candidate is a true distance
    to the network. Where the K-th midpoint is closer than best + h, a piece farther away
    might still be nearer: those points get the 2K nearest, and where even that is not
    enough, every midpoint within best + h. (Points in spatial order halve the time of
    the tree search.)
    """
    k = min(_K, len(s.piece_segment))
    d_k, j_k = s.tree.query(p, k=k, distance_upper_bound=bound)
    d_k, j_k = d_k.reshape(len(p), k), j_k.reshape(len(p), k)
    seg, t, dist = _closest(s, p, d_k, j_k)
    unsure = np.flatnonzero(dist + s.half > d_k[:, -1])
    wider = min(2 * k, len(s.piece_segment))
    if len(unsure) and wider > k:  # 2K settles most of them
        d_k, j_k = s.tree.query(p[unsure], k=wider, distance_upper_bound=bound)
        d_k, j_k = d_k.reshape(len(unsure), wider), j_k.reshape(len(unsure), wider)
        seg[unsure], t[unsure], dist[unsure] = _closest(s, p[unsure], d_k, j_k)
        unsure = unsure[dist[unsure] + s.half > d_k[:, -1]]
    if len(unsure):
        near = s.tree.query_ball_point(p[unsure], dist[unsure] + s.half, return_sorted=False)
        found = _closest(s, p[unsure], *_padded(near, len(s.piece_segment)))
        seg[unsure], t[unsure], dist[unsure] = found
    return seg, t, dist


def _padded(near: np.ndarray, missing: int) -> tuple[np.ndarray, np.ndarray]:
    """Lists of piece numbers as the (distances, pieces) arrays of a k-nearest query:
    one row per list, padded with inf and ``missing``."""
    count = np.fromiter(map(len, near), np.int64, len(near))
    rows = np.repeat(np.arange(len(near)), count)
    cols = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    width = max(int(count.max()), 1)
    d = np.full((len(near), width), np.inf)
    j = np.full((len(near), width), missing, np.int64)
    d[rows, cols] = 0.0  # any finite value: a candidate
    j[rows, cols] = np.fromiter(itertools.chain.from_iterable(near), np.int64, len(rows))
    return d, j


def _spatial_order(xy: np.ndarray) -> np.ndarray:
    """An order of the points by 100 m cells, row by row (neighbours end up together)."""
    if len(xy) == 0:
        return np.arange(0)
    cell = np.floor((xy - xy.min(axis=0)) / 100.0).astype(np.int64)
    return np.argsort(cell[:, 0] * (int(cell[:, 1].max()) + 1) + cell[:, 1])


def _closest(
    s: Segments, p: np.ndarray, d_k: np.ndarray, j_k: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per point, of the segments of its candidate pieces ``j_k`` (at ``d_k``; inf: none):
    the nearest segment, the fraction along it and the distance (inf when none)."""
    valid = np.isfinite(d_k)
    g = s.piece_segment[np.where(valid, j_k, 0)]
    dx, dy = s.dx[g], s.dy[g]
    rx, ry = p[:, :1] - s.x[g], p[:, 1:] - s.y[g]
    t = np.clip((rx * dx + ry * dy) * s.inv_len2[g], 0.0, 1.0)
    d = np.where(valid, np.hypot(rx - t * dx, ry - t * dy), np.inf)
    best = np.argmin(d, axis=1)
    rows = np.arange(len(p))
    return g[rows, best], t[rows, best], d[rows, best]


def _reasons(
    net: Netwerk, xy: np.ndarray, dist: np.ndarray, max_snap_m: float, snap: str
) -> list[str]:
    """Why points are not snapped; distances to edges (``"edge"``) or nodes (``"node"``)."""
    near_piece = np.full(len(xy), np.inf)
    if snap == "node":  # nodes only: node snapping never needs the edge geometry
        if net.loose_node_tree is not None:
            near_piece = net.loose_node_tree.query(xy)[0]
    else:
        allowed = np.flatnonzero(net.allowed & ~net.usable)
        if len(allowed):
            tree = shapely.STRtree(net.geometry[allowed])
            (i, _), d = tree.query_nearest(shapely.points(xy), return_distance=True)
            near_piece[i] = d
    target = "knooppunt" if snap == "node" else "weg"
    out = []
    for d, p in zip(dist, near_piece, strict=True):
        if p <= max_snap_m:
            out.append(
                f"ligt {p:.0f} m van een los stuk netwerk dat niet verbonden is met de rest; "
                f"het verbonden netwerk ligt op {d:.0f} m (max. {max_snap_m:.0f} m)"
            )
        else:
            out.append(
                f"verder dan {max_snap_m:.0f} m van het {net.modus}-netwerk "
                f"(dichtstbijzijnde {target} op {d:.0f} m)"
            )
    return out

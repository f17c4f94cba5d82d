"""A street network prepared for one mode, and snapping points onto it.

:class:`Netwerk` turns a graph from :mod:`sociale_basis.streets.network` into arrays once: edge end
nodes, lengths, geometries, per-edge speed, which edges the mode may use, and the largest
connected component of those edges. Points are snapped onto that component only.

Snapping (``snap="edge"``, the default) puts a point on the nearest *edge* (shapely
``STRtree.query_nearest`` on the edge geometries, then ``line_locate_point``), so a house
halfway along a 300 m street starts halfway, not at a corner. The straight snap line from
the point to the edge counts as distance and is walked (its time uses the walking speed in
every mode). ``snap="node"`` (fast) puts a point on the nearest network *node* (a KD-tree on
node coordinates) and adds the straight line to that node; it can overestimate by up to an
edge length or route "backwards" along an edge, but costs almost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from ..core.crs import RD_NEW, require_rd
from ..core.errors import Problem, ValidationError
from ..core.html import card
from .network import SPEED_KMH, allowed_edges, edge_speeds_kmh, highway_classes

DEFAULT_MAX_SNAP_M = 250.0
SNAPS = ("edge", "node")
_TAGS = ("highway", "motor_only", "car_road", "foot", "bicycle", "maxspeed")
# Edges are cut into straight pieces of at most this length for the nearest-edge search.
_SEGMENT_M = 10.0
_K = 8


class Netwerk:
    """A street network prepared for one mode (build once, query many times).

    Parameters
    ----------
    G
        A graph from :func:`~sociale_basis.streets.network.read_network` (EPSG:28992, ``length_m``
        and ``geometry`` on every edge, ``x``/``y`` on every node).
    mode
        ``"lopen"``, ``"fiets"`` or ``"auto"``; which edges may be used follows
        :func:`~sociale_basis.streets.network.allowed_edges`.
    speed_kmh
        Overrides the default speed of the mode (see ``network.SPEED_KMH``).

    Attributes
    ----------
    u, v, length_m, geometry, speed_ms
        One entry per edge of ``G``; each geometry runs from node ``u`` to node ``v``
        (indices into ``node_ids``) once ``geometry`` has been used.
    usable
        Boolean per edge: allowed for the mode and in its largest connected component.
    routing, node_tree
        Built on first use and then kept: the usable edges as a symmetric CSR matrix
        (metres, with seconds per entry) and a KD-tree over the nodes of the largest
        component. Pass the prepared ``Netwerk`` instead of the graph to reuse them (and
        the mode filter and component) across calls.
    typering
        How the mode filter was decided: ``"getypeerd"``, ``"deels getypeerd (x% ...)"`` or
        ``"ongetypeerd: alle wegen toegestaan voor elke modus"``.
    """

    def __init__(self, G: nx.Graph, mode: str = "lopen", *, speed_kmh: float | None = None):
        _check_graph(G)
        self.mode = mode
        self.naam = str(G.graph.get("naam", ""))
        self.node_ids = np.array(list(G.nodes), dtype=object)
        index = {n: i for i, n in enumerate(self.node_ids)}
        self.xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)], dtype=float)
        us, vs, keys, datas = _edge_rows(G, index)
        m = len(datas)
        if m == 0:
            raise ValidationError([_no_edges()])
        lengths = [d.get("length_m") for d in datas]
        geoms = [d.get("geometry") for d in datas]
        found = set().union(*datas)
        present: dict[str, list[object] | None] = {
            name: [d.get(name) for d in datas] if name in found else None for name in _TAGS
        }
        self.length_m = np.array(lengths, dtype=float)
        self.keys = np.array(keys, dtype=object)
        # u/v are oriented along the geometry when the geometry is first needed (exact
        # snapping); node snapping and routing never need the geometry.
        self.u, self.v = np.array(us, np.int64), np.array(vs, np.int64)
        self._geoms = geoms
        _check_edges(self.length_m, None, self.node_ids[self.u], self.node_ids[self.v])
        highway = present["highway"] or [None] * m
        self.allowed = allowed_edges(
            highway,
            mode,
            motor_only=present["motor_only"],
            car_road=present["car_road"],
            foot=present["foot"],
            bicycle=present["bicycle"],
        )
        speeds = edge_speeds_kmh(highway, present["maxspeed"], mode, speed_kmh)
        self.speed_ms = speeds / 3.6
        self.walk_ms = (speed_kmh if mode == "lopen" and speed_kmh else SPEED_KMH["lopen"]) / 3.6
        known = (
            np.zeros(m, bool)
            if present["highway"] is None
            else np.fromiter((bool(highway_classes(h)) for h in highway), bool, m)
        )
        self.typering = _typering(known, self.length_m)
        self._component()

    def _component(self) -> None:
        n = len(self.node_ids)
        a, b = self.u[self.allowed], self.v[self.allowed]
        graph = csr_array((np.ones(len(a)), (a, b)), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        touched = np.zeros(n, bool)
        touched[a] = touched[b] = True
        if not touched.any():
            raise ValidationError(
                [
                    Problem(
                        self.naam or "het straatnetwerk",
                        None,
                        None,
                        self.mode,
                        f"geen enkel wegvak is toegestaan voor modus '{self.mode}'",
                        "kies een andere modus of een netwerk met zulke wegen",
                    )
                ]
            )
        sizes = np.bincount(labels[touched], minlength=labels.max() + 1)
        self.labels = labels
        self.largest = int(np.argmax(sizes))
        self.usable = self.allowed & (labels[self.u] == self.largest)
        self.usable_edges = np.flatnonzero(self.usable)
        self.lcc_nodes = np.flatnonzero(touched & (labels == self.largest))
        self.loose_nodes = np.flatnonzero(touched & (labels != self.largest))
        self.n_components = len(np.unique(labels[touched]))

    @cached_property
    def routing(self) -> tuple[csr_array, np.ndarray]:
        """The usable edges as a symmetric CSR graph of metres, and seconds per entry.

        Built once per network and shared by every query (never modified: destinations
        are added to a copy, see :func:`sociale_basis.streets.reach._build`). Of parallel edges
        the shortest is kept.
        """
        e = self.usable_edges
        return symmetric_csr(
            self.u[e],
            self.v[e],
            self.length_m[e],
            self.length_m[e] / self.speed_ms[e],
            len(self.node_ids),
        )

    @cached_property
    def geometry(self) -> np.ndarray:
        """The edge LineStrings; on first use, ``u``/``v`` are oriented along them."""
        geoms = np.array(self._geoms, dtype=object)
        _check_edges(self.length_m, geoms, self.node_ids[self.u], self.node_ids[self.v])
        counts = shapely.get_num_coordinates(geoms)
        start = shapely.get_coordinates(geoms)[np.r_[0, np.cumsum(counts)[:-1]]]
        u, v = self.u, self.v
        flip = np.hypot(*(start - self.xy[v]).T) < np.hypot(*(start - self.xy[u]).T)
        self.u, self.v = np.where(flip, v, u), np.where(flip, u, v)
        return geoms

    @cached_property
    def geom_length(self) -> np.ndarray:
        return shapely.length(self.geometry)

    @cached_property
    def edge_tree(self) -> shapely.STRtree:
        """Spatial index over the usable edges (positions into ``usable_edges``)."""
        return shapely.STRtree(self.geometry[self.usable_edges])

    @cached_property
    def segments(self) -> tuple[Any, ...]:
        """The usable edges cut into straight pieces of at most 10 m, with a KD-tree.

        Returns start points, end points, owning edge, offset of the start along the edge
        (geometry units), half the longest piece, and a KD-tree over the midpoints.
        """
        edges = self.usable_edges
        geoms = shapely.segmentize(self.geometry[edges], _SEGMENT_M)
        coords, owner = shapely.get_coordinates(geoms, return_index=True)
        same = owner[1:] == owner[:-1]
        a, b, which = coords[:-1][same], coords[1:][same], owner[:-1][same]
        seg = np.hypot(*(b - a).T)
        cum = np.cumsum(seg) - seg
        first = np.r_[True, which[1:] != which[:-1]]
        start = cum - cum[first][np.cumsum(first) - 1]
        half = float(seg.max()) / 2 if len(seg) else 0.0
        return a, b, edges[which], start, half, cKDTree((a + b) / 2)

    @cached_property
    def node_tree(self) -> cKDTree:
        """KD-tree over the nodes of the largest component (positions into ``lcc_nodes``)."""
        return cKDTree(self.xy[self.lcc_nodes])

    @cached_property
    def loose_node_tree(self) -> cKDTree | None:
        """KD-tree over the usable-mode nodes outside the largest component (or None)."""
        return cKDTree(self.xy[self.loose_nodes]) if len(self.loose_nodes) else None

    def __repr__(self) -> str:
        return (
            f"Netwerk({self.naam!r}, modus={self.mode}, {len(self.node_ids)} knopen, "
            f"{int(self.usable.sum())}/{len(self.u)} wegvakken bruikbaar, {self.typering})"
        )

    def _repr_html_(self) -> str:
        return card(
            f"Netwerk {self.naam}".strip(),
            pairs={
                "modus": self.mode,
                "knopen": len(self.node_ids),
                "wegvakken bruikbaar": f"{int(self.usable.sum())} van {len(self.u)}",
                "typering": self.typering,
            },
            footnote="Bruikbaar: toegestaan voor de modus en in de grootste samenhangende "
            "component.",
        )


def prepare_network(
    network: nx.Graph | Netwerk, mode: str | None = None, *, speed_kmh: float | None = None
) -> Netwerk:
    """A :class:`Netwerk` for ``mode`` (default ``"lopen"``).

    A prepared one is passed through (with everything it has cached: CSR graph, KD-tree)
    when ``mode`` is None or its own mode; its speed was fixed when it was prepared.
    """
    if isinstance(network, Netwerk):
        if mode is not None and network.mode != mode:
            raise ValueError(
                f"het voorbereide netwerk is voor modus '{network.mode}', gevraagd is "
                f"'{mode}'; maak het opnieuw met prepare_network(G, '{mode}')."
            )
        if speed_kmh is not None:
            raise ValueError(
                "de snelheid ligt vast in het voorbereide netwerk; geef speed_kmh mee bij "
                f"prepare_network(G, '{network.mode}', speed_kmh={speed_kmh})."
            )
        return network
    return Netwerk(network, mode or "lopen", speed_kmh=speed_kmh)


def symmetric_csr(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, t: np.ndarray, n: int
) -> tuple[csr_array, np.ndarray]:
    """An undirected graph of ``n`` nodes as a CSR matrix with both directions stored.

    ``w`` is the weight (metres) and ``t`` a second value per edge (seconds), returned
    aligned with ``csr.data``. Loops are dropped (they never shorten a route); of
    parallel edges the lightest is kept (a COO matrix would add them up). Entries are
    sorted by row and column, which :func:`sociale_basis.streets.reach._path_time` relies on.
    """
    keep = a != b
    a, b, w, t = a[keep], b[keep], w[keep], t[keep]
    rows, cols = np.r_[a, b], np.r_[b, a]
    w, t = np.r_[w, w], np.r_[t, t]
    key = rows * n + cols
    order = np.lexsort((w, key))
    key, w, t = key[order], w[order], t[order]
    first = np.r_[True, key[1:] != key[:-1]]
    key, w, t = key[first], w[first], t[first]
    rows, cols = key // n, key % n
    indptr = np.searchsorted(rows, np.arange(n + 1))
    return csr_array((w, cols, indptr), shape=(n, n)), t


def _edge_rows(
    G: nx.Graph, index: dict[Any, int]
) -> tuple[list[int], list[int], list[Any], list[dict[str, Any]]]:
    """(u, v, key, data) per edge, in ``G.edges`` order, as node positions.

    For undirected graphs the adjacency dicts are walked directly: the same edges in the
    same order as ``G.edges(keys=True, data=True)``, at about half the cost (the view's
    ``list()`` would first count the edges by iterating them all).
    """
    us: list[int] = []
    vs: list[int] = []
    keys: list[Any] = []
    datas: list[dict[str, Any]] = []
    if G.is_directed():
        rows = (
            G.edges(keys=True, data=True)
            if G.is_multigraph()
            else ((a, b, 0, d) for a, b, d in G.edges(data=True))
        )
        for a, b, k, d in rows:
            us.append(index[a])
            vs.append(index[b])
            keys.append(k)
            datas.append(d)
        return us, vs, keys, datas
    add_u, add_v, add_key, add_data = us.append, vs.append, keys.append, datas.append
    multi = G.is_multigraph()
    for a, nbrs in G.adjacency():
        i = index[a]
        for b, data in nbrs.items():
            j = index[b]
            if j < i:  # seen from the other end
                continue
            for k, d in data.items() if multi else ((0, data),):
                add_u(i)
                add_v(j)
                add_key(k)
                add_data(d)
    return us, vs, keys, datas


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


def snap_points(
    net: Netwerk, xy: np.ndarray, *, max_snap_m: float = DEFAULT_MAX_SNAP_M, snap: str = "edge"
) -> Snapped:
    """Snap points onto the largest component of the mode's network.

    See the module docstring for the two methods. Points farther than ``max_snap_m`` stay
    unsnapped with a reason; when such a point is close to a piece of network that is not
    connected to the rest, the reason says so.
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


def snap_table(
    network: nx.Graph | Netwerk,
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    mode: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    snap: str = "edge",
) -> pd.DataFrame:
    """Where each point meets the network, as a table indexed like ``points``.

    Columns: ``rand_u``, ``rand_v``, ``rand_sleutel`` (the edge: end-node ids of the graph,
    ``positie_m`` measured from ``rand_u``), ``positie_m``, ``lengte_m`` (of the edge),
    ``knoop`` (node snapping), ``aansluiting_m`` (straight snap line), ``afstand_tot_netwerk_m``
    (also for points not snapped) and ``reden`` (why not snapped; missing when snapped).
    """
    net = prepare_network(network, mode)
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


def snap_report(
    network: nx.Graph | Netwerk,
    points: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    mode: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    snap: str = "edge",
) -> pd.DataFrame:
    """Every point that could not be snapped, with its distance to the network and why."""
    table = snap_table(network, points, mode=mode, max_snap_m=max_snap_m, snap=snap)
    return table.loc[table["reden"].notna(), ["afstand_tot_netwerk_m", "reden"]]


def _nearest_edges(
    net: Netwerk, xy: np.ndarray, max_snap_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest usable edge per point: exact, via the 10 m pieces and their midpoints.

    A piece at distance :math:`\\delta` has its midpoint within :math:`\\delta + h`
    (:math:`h` = half the longest piece). The K nearest midpoints within
    ``max_snap_m + h`` are checked exactly; where the K-th midpoint is closer than
    best + h, a farther piece might still win, and the point is settled by the STRtree.
    """
    a, b, owner, start, half, tree = net.segments
    n = len(xy)
    k = min(_K, len(a))
    d_k, j_k = tree.query(xy, k=k, distance_upper_bound=max_snap_m + half)
    d_k, j_k = d_k.reshape(n, k), j_k.reshape(n, k)
    valid = j_k < len(a)
    j = np.where(valid, j_k, 0)
    pa, ab = a[j], b[j] - a[j]
    rel = xy[:, None, :] - pa
    denom = (ab**2).sum(-1)
    t = np.clip(
        np.divide((rel * ab).sum(-1), denom, out=np.zeros_like(denom), where=denom > 0), 0, 1
    )
    gap = rel - t[..., None] * ab
    dist_k = np.where(valid, np.hypot(gap[..., 0], gap[..., 1]), np.inf)
    best = np.argmin(dist_k, axis=1)
    rows = np.arange(n)
    dist = dist_k[rows, best]
    seg = j[rows, best]
    edge = np.where(np.isfinite(dist), owner[seg], -1)
    along = start[seg] + t[rows, best] * np.sqrt(denom[rows, best])
    unsure = dist + half > d_k[:, -1]
    if unsure.any():  # rare: settle with the exact tree search on whole edges
        idx = np.flatnonzero(unsure)
        pts = shapely.points(xy[idx])
        (i, jj), dd = net.edge_tree.query_nearest(pts, return_distance=True, all_matches=False)
        e = net.usable_edges[jj]
        edge[idx[i]], dist[idx[i]] = e, dd
        along[idx[i]] = shapely.line_locate_point(net.geometry[e], pts[i])
    far = ~np.isfinite(dist)
    if far.any():  # nothing within reach: the true distance, for the report
        pts = shapely.points(xy[far])
        (i, _), dd = net.edge_tree.query_nearest(pts, return_distance=True, all_matches=False)
        dist[np.flatnonzero(far)[i]] = dd
    hit = dist <= max_snap_m
    edge = np.where(hit, edge, -1)
    e = np.maximum(edge, 0)
    glen = net.geom_length[e]
    scale = np.divide(net.length_m[e], glen, out=np.zeros(n), where=glen > 0)
    pos = np.where(hit, np.clip(along * scale, 0, net.length_m[e]), np.nan)
    return edge, pos, dist


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
                f"verder dan {max_snap_m:.0f} m van het {net.mode}-netwerk "
                f"(dichtstbijzijnde {target} op {d:.0f} m)"
            )
    return out


def _check_graph(G: object) -> None:
    if not isinstance(G, nx.Graph):
        raise TypeError(f"verwacht een networkx-graaf uit read_network(), niet {type(G).__name__}.")
    crs = G.graph.get("crs")
    if crs is None:
        raise ValueError(
            f"het straatnetwerk heeft geen CRS (G.graph['crs']); verwacht {RD_NEW}. "
            "Lees het in met sociale_basis.streets.network.read_network()."
        )
    from pyproj import CRS

    if CRS.from_user_input(crs).to_epsg() != 28992:
        raise ValueError(
            f"het straatnetwerk staat in {crs}; verwacht {RD_NEW} (RD New). Lees het in met "
            "read_network(), dat zet om naar RD New."
        )
    missing = [n for n, d in G.nodes(data=True) if "x" not in d or "y" not in d]
    if missing:
        raise ValidationError(
            [
                Problem(
                    "het straatnetwerk",
                    None,
                    "x/y",
                    n,
                    "knoop zonder coördinaten",
                    "vul x en y aan",
                )
                for n in missing[:20]
            ]
        )


def _no_edges() -> Problem:
    return Problem(
        "het straatnetwerk", None, None, None, "geen wegvakken", "kies een ander netwerk"
    )


def _check_edges(
    length: np.ndarray, geoms: np.ndarray | None, u: np.ndarray, v: np.ndarray
) -> None:
    """Every edge needs a finite ``length_m`` >= 0 and (when given) a non-empty LineString."""
    bad_length = ~(np.isfinite(length) & (length >= 0))
    if geoms is None:
        bad_geom = np.zeros(len(length), bool)
    else:
        bad_geom = (shapely.get_type_id(geoms) != 1) | shapely.is_empty(geoms)
    problems = []
    fix = "lees het netwerk in met read_network(), dat lengte en geometrie aanvult"
    for i in np.flatnonzero(bad_length | bad_geom)[:50]:
        edge = f"wegvak ({u[i]}, {v[i]})"
        if bad_length[i]:
            problems.append(
                Problem(
                    "het straatnetwerk",
                    None,
                    "length_m",
                    length[i],
                    f"{edge}: geen geldige lengte",
                    fix,
                )
            )
        if bad_geom[i]:
            problems.append(
                Problem(
                    "het straatnetwerk", None, "geometry", None, f"{edge}: geen LineString", fix
                )
            )
    if problems:
        raise ValidationError(problems, what="het straatnetwerk")


def _typering(known: np.ndarray, length: np.ndarray) -> str:
    total = float(length.sum())
    share = float(length[known].sum()) / total if total > 0 else 0.0
    if share >= 0.999:
        return "getypeerd"
    if share <= 0.0:
        return "ongetypeerd: alle wegen toegestaan voor elke modus"
    return (
        f"deels getypeerd ({share:.0%} van de lengte heeft een wegtype; de rest telt als "
        "toegestaan voor lopen en fiets, voor auto alleen met car_road)"
    )

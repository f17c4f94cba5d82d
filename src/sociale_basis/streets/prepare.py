"""A street network prepared for one mode: arrays, allowed edges, the largest component.

:class:`Netwerk` turns a graph from :mod:`sociale_basis.streets.network` into arrays once:
edge end nodes, lengths, geometries, per-edge speed (:mod:`sociale_basis.streets.modes`),
which edges the mode may use, and the largest connected component of those edges. What
routing and snapping need later (the CSR graph, KD-trees, the 20 m pieces of the edges)
is built on first use and kept, so a prepared ``Netwerk`` is cheap to reuse.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx
import numpy as np
import shapely
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from ..core.compat import REMOVED_IN, renamed_keywords
from ..core.crs import RD_NEW
from ..core.errors import Problem, ValidationError
from ..core.html import card
from .modes import MODI, allowed_edges, edge_speeds_kmh, get_modus, highway_classes

_TAGS = ("highway", "motor_only", "car_road", "foot", "bicycle", "motor_vehicle", "maxspeed")
# Segments are cut into equal pieces of at most this length for the nearest-edge search.
_PIECE_M = 20.0


@dataclass(frozen=True)
class Segments:
    """The straight segments of the usable edges (between consecutive vertices of their
    geometry) and a KD-tree over the midpoints of pieces of them, for snapping.

    Per segment: start ``x``, ``y``; direction ``dx``, ``dy`` (end minus start);
    ``inv_len2`` (1 / squared length; 0 for a segment of length 0); ``length``; ``start``
    (offset of the segment's start along its edge, in geometry units); ``edge`` (index into
    the network's edges). ``tree`` holds the midpoints of the pieces: every segment cut into
    equal pieces of at most 20 m; ``piece_segment`` gives each piece's segment and ``half``
    is half the longest piece (:func:`sociale_basis.streets.snap.snap_points` uses it to
    know when its candidates are enough).
    """

    x: np.ndarray
    y: np.ndarray
    dx: np.ndarray
    dy: np.ndarray
    inv_len2: np.ndarray
    length: np.ndarray
    start: np.ndarray
    edge: np.ndarray
    piece_segment: np.ndarray
    half: float
    tree: cKDTree


class Netwerk:
    """A street network prepared for one mode (build once, query many times).

    Parameters
    ----------
    G
        A graph from :func:`~sociale_basis.streets.network.read_network` (EPSG:28992,
        ``length_m`` and ``geometry`` on every edge, ``x``/``y`` on every node).
    modus
        ``"lopen"``, ``"fiets"`` or ``"auto"``; which edges may be used follows
        :func:`~sociale_basis.streets.modes.allowed_edges`. (``mode=`` is the old name.)
    speed_kmh
        Overrides the default speed of the mode (:data:`~sociale_basis.streets.modes.MODI`).

    Attributes
    ----------
    modus
        The mode's name.
    u, v, length_m, geometry, speed_ms
        One entry per edge of ``G``; each geometry runs from node ``u`` to node ``v``
        (indices into ``node_ids``) once ``geometry`` has been used.
    walk_ms
        The speed on snap lines (always walked): ``speed_kmh`` when the mode is ``lopen``
        and a speed is given, else the default walking speed; in m/s.
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

    Raises
    ------
    TypeError, ValueError, ValidationError
        ``G`` is no networkx graph, has no or another CRS than RD New, nodes without
        coordinates, no edges, edges without a valid length, or no edge the mode may use;
        an unknown mode or a speed that is not a positive number.
    """

    @renamed_keywords(mode="modus")
    def __init__(self, G: nx.Graph, modus: str = "lopen", *, speed_kmh: float | None = None):
        _check_graph(G)
        get_modus(modus)
        self.modus = modus
        self.naam = str(G.graph.get("naam", ""))
        self.node_ids = np.array(list(G.nodes), dtype=object)
        index = {n: i for i, n in enumerate(self.node_ids)}
        self.xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)], dtype=float)
        us, vs, keys, datas = _edge_rows(G, index)
        if not datas:
            raise ValidationError([_no_edges()])
        self.length_m = np.array([d.get("length_m") for d in datas], dtype=float)
        self.keys = np.array(keys, dtype=object)
        # u/v are oriented along the geometry when the geometry is first needed (exact
        # snapping); node snapping and routing never need the geometry.
        self.u, self.v = np.array(us, np.int64), np.array(vs, np.int64)
        self._geoms = [d.get("geometry") for d in datas]
        _check_edges(self.length_m, None, self.node_ids[self.u], self.node_ids[self.v])
        self._mode_rules(datas, speed_kmh)
        self._component()

    def _mode_rules(self, datas: list[dict[str, Any]], speed_kmh: float | None) -> None:
        """Which edges the mode may use, the speed per edge, and how typed the network is."""
        m = len(datas)
        found = set().union(*datas)
        tags: dict[str, list[object] | None] = {
            name: [d.get(name) for d in datas] if name in found else None for name in _TAGS
        }
        highway = tags["highway"] or [None] * m
        self.allowed = allowed_edges(
            highway,
            self.modus,
            motor_only=tags["motor_only"],
            car_road=tags["car_road"],
            foot=tags["foot"],
            bicycle=tags["bicycle"],
            motor_vehicle=tags["motor_vehicle"],
        )
        speeds = edge_speeds_kmh(highway, tags["maxspeed"], self.modus, speed_kmh)
        self.speed_ms = speeds / 3.6
        # snap lines are walked: at the given speed when that is a walking speed
        own_walk = speed_kmh if self.modus == "lopen" and speed_kmh else None
        self.walk_ms = own_walk / 3.6 if own_walk else MODI["lopen"].speed_ms
        known = (
            np.zeros(m, bool)
            if tags["highway"] is None
            else np.fromiter((bool(highway_classes(h)) for h in highway), bool, m)
        )
        self.typering = _typering(known, self.length_m)

    @property
    def mode(self) -> str:
        """Old name of :attr:`modus` (warns)."""
        warnings.warn(
            f"Netwerk.mode heet nu Netwerk.modus; mode verdwijnt in versie {REMOVED_IN}",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.modus

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
                        self.modus,
                        f"geen enkel wegvak is toegestaan voor modus '{self.modus}'",
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
        are added to a copy, see :func:`sociale_basis.streets.routing.build_routing_graph`).
        Of parallel edges the shortest is kept.
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
        geoms = np.fromiter(self._geoms, dtype=object, count=len(self._geoms))
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
    def segments(self) -> Segments:
        """The usable edges as straight segments, with a KD-tree over pieces of them."""
        return _segments(self.geometry[self.usable_edges], self.usable_edges)

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
            f"Netwerk({self.naam!r}, modus={self.modus}, {len(self.node_ids)} knopen, "
            f"{int(self.usable.sum())}/{len(self.u)} wegvakken bruikbaar, {self.typering})"
        )

    def _repr_html_(self) -> str:
        return card(
            f"Netwerk {self.naam}".strip(),
            pairs={
                "modus": self.modus,
                "knopen": len(self.node_ids),
                "wegvakken bruikbaar": f"{int(self.usable.sum())} van {len(self.u)}",
                "typering": self.typering,
            },
            footnote="Bruikbaar: toegestaan voor de modus en in de grootste samenhangende "
            "component.",
        )


@renamed_keywords(mode="modus")
def prepare_network(
    network: nx.Graph | Netwerk, modus: str | None = None, *, speed_kmh: float | None = None
) -> Netwerk:
    """A :class:`Netwerk` for ``modus`` (default ``"lopen"``).

    A prepared one is passed through (with everything it has cached: CSR graph, KD-tree)
    when ``modus`` is None or its own mode; its speed was fixed when it was prepared.

    Raises
    ------
    ValueError
        A prepared network for another mode, or a ``speed_kmh`` for a prepared network;
        see :class:`Netwerk` for what a graph must be.
    """
    if isinstance(network, Netwerk):
        if modus is not None and network.modus != modus:
            raise ValueError(
                f"het voorbereide netwerk is voor modus '{network.modus}', gevraagd is "
                f"'{modus}'; maak het opnieuw met prepare_network(G, '{modus}')."
            )
        if speed_kmh is not None:
            raise ValueError(
                "de snelheid ligt vast in het voorbereide netwerk; geef speed_kmh mee bij "
                f"prepare_network(G, '{network.modus}', speed_kmh={speed_kmh})."
            )
        return network
    return Netwerk(network, modus or "lopen", speed_kmh=speed_kmh)


def _segments(geoms: np.ndarray, edges: np.ndarray) -> Segments:
    """:class:`Segments` of the LineStrings ``geoms`` (the network's edges ``edges``)."""
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    first_vertex = np.flatnonzero(owner[1:] == owner[:-1])
    x, y = coords[first_vertex, 0], coords[first_vertex, 1]
    dx, dy = coords[first_vertex + 1, 0] - x, coords[first_vertex + 1, 1] - y
    length = np.hypot(dx, dy)
    which = owner[first_vertex]
    cum = np.cumsum(length) - length
    first = np.r_[True, which[1:] != which[:-1]]
    start = cum - cum[first][np.cumsum(first) - 1]
    count = np.maximum(np.ceil(length / _PIECE_M), 1).astype(np.int64)
    piece_segment = np.repeat(np.arange(len(length)), count)
    k = np.arange(len(piece_segment)) - np.repeat(np.cumsum(count) - count, count)
    frac = (k + 0.5) / count[piece_segment]
    mid = np.column_stack(
        [x[piece_segment] + frac * dx[piece_segment], y[piece_segment] + frac * dy[piece_segment]]
    )
    squared = length**2
    return Segments(
        x=x,
        y=y,
        dx=dx,
        dy=dy,
        inv_len2=np.divide(1.0, squared, out=np.zeros_like(squared), where=squared > 0),
        length=length,
        start=start,
        edge=edges[which],
        piece_segment=piece_segment,
        half=float((length / count).max()) / 2 if len(length) else 0.0,
        # the sliding-midpoint tree builds in a third of the time and queries as fast
        tree=cKDTree(mid, balanced_tree=False, compact_nodes=False),
    )


def symmetric_csr(
    a: np.ndarray, b: np.ndarray, w: np.ndarray, t: np.ndarray, n: int
) -> tuple[csr_array, np.ndarray]:
    """An undirected graph of ``n`` nodes as a CSR matrix with both directions stored.

    ``w`` is the weight (metres) and ``t`` a second value per edge (seconds), returned
    aligned with ``csr.data``. Loops are dropped (they never shorten a route); of
    parallel edges the lightest is kept (a COO matrix would add them up). Entries are
    sorted by row and column, which :func:`sociale_basis.streets.routing.path_time` relies on.
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

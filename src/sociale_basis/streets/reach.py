"""How far is help: network distance and time to the nearest voorziening, per area.

Method (exact, ``snap="edge"``)
-------------------------------
Every destination is snapped onto its nearest edge (:mod:`sociale_basis.streets.snap`) and becomes
a *virtual node* that splits that edge; a *stub* node hangs off it by an edge as long as
the destination's snap line. One multi-source Dijkstra per category
(``scipy.sparse.csgraph.dijkstra(..., indices=stubs, min_only=True)``) then gives every
network node :math:`n` its distance :math:`D(n)` to the nearest destination of the category
and, through ``sources``, which one. An origin snapped at offset :math:`s` on an edge piece
between nodes :math:`a` (at offset :math:`t_a`) and :math:`b` (at :math:`t_b`) gets

.. math:: d = \\min\\bigl(s - t_a + D(a),\\; t_b - s + D(b)\\bigr) + \\ell_o

where :math:`\\ell_o` is its own snap line. Origins are never added to the graph, so the
cost is one Dijkstra per category whatever the number of origins. ``snap="node"`` uses
nodes instead (see :mod:`sociale_basis.streets.snap`): no edge is split, so the network's cached
CSR graph (:attr:`~sociale_basis.streets.snap.Netwerk.routing`) is reused as it is and only the
stubs (one row each) are appended. Preparation (mode filter, largest component, CSR graph,
KD-tree) happens once per :class:`~sociale_basis.streets.snap.Netwerk`; pass a prepared one to
reuse it across calls.

Times: walking and cycling use one speed (``network.SPEED_KMH``); snap lines are walked.
For ``auto`` the route is the shortest *distance* (as CBS does) and its time is summed
along that route with the speed of each edge class (``network.AUTO_SPEED_KMH``).

Limitation: the network is undirected, so one-way streets are ignored, also for ``auto``
(a one-way tag such as Eindhoven's ``oneway_src`` is carried on the edges but not used).
Car distances can therefore be too short where a one-way street forces a detour. Walking
is not affected; cycling little (Dutch one-way streets often exempt cyclists, tagged
``oneway:bicycle=no`` in OSM, but not all do).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from .snap import (
    DEFAULT_MAX_SNAP_M,
    Netwerk,
    Snapped,
    point_coordinates,
    prepare_network,
    snap_points,
    symmetric_csr,
)

#: Network distance / straight-line distance where there is no network (Zwolle). MEASURED
#: with ``python bench/bench_reach.py --detour``: the median ratio over 3,000 random pairs
#: 100-3,000 m apart (straight line), exact edge snapping with snap lines included. Delft
#: (real OSM network, pairs of 1,500 random addresses x all 496 voorzieningen): lopen 1.264
#: (p25-p75 1.21-1.35), fiets 1.330 (1.23-1.48), auto 1.886 (1.53-2.55: car roads only,
#: canals, one-way streets ignored). Eindhoven (real untyped network, random points within
#: 50 m of it): lopen 1.284 (1.21-1.42). Walking uses the mean of the two cities; details in
#: BENCHMARKS.md, section "Reachability".
DETOUR_FACTOR: dict[str, float] = {"lopen": 1.27, "fiets": 1.33, "auto": 1.89}

COLUMNS = ["afstand_m", "tijd_min", "bestemming_id", "methode", "aansluiting_m", "reden"]


@dataclass
class _Graph:
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


def _build(net: Netwerk, dest: Snapped) -> _Graph:
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
    on_edge = d_ok[dest.edge[d_ok] >= 0]
    split_key, split_pos = np.empty(0), np.empty(0)
    split_node = split_edge = np.empty(0, np.int64)
    if len(on_edge) == 0:
        csr, time_s = net.routing
    else:
        e, t = dest.edge[on_edge], dest.pos_m[on_edge]
        order = np.lexsort((t, e))
        e, t, owner = e[order], t[order], on_edge[order]
        vnode = n_base + np.arange(len(e))
        first = np.r_[True, e[1:] != e[:-1]]
        last = np.r_[e[1:] != e[:-1], True]
        prev_node = np.where(first, net.u[e], np.r_[-1, vnode[:-1]])
        prev_pos = np.where(first, 0.0, np.r_[0.0, t[:-1]])
        speed = net.speed_ms[e]
        plain = np.setdiff1d(net.usable_edges, np.unique(e), assume_unique=True)
        w1, w2 = t - prev_pos, net.length_m[e[last]] - t[last]
        csr, time_s = symmetric_csr(
            np.concatenate([prev_node, vnode[last], net.u[plain]]),
            np.concatenate([vnode, net.v[e[last]], net.v[plain]]),
            np.concatenate([w1, w2, net.length_m[plain]]),
            np.concatenate(
                [w1 / speed, w2 / speed[last], net.length_m[plain] / net.speed_ms[plain]]
            ),
            n_base + len(e),
        )
        split_key, split_node, split_edge, split_pos = e * scale + t, vnode, e, t
        dest_node[owner] = vnode
    stubs = np.full(len(dest.edge), -1, np.int64)
    stubs[d_ok] = csr.shape[0] + np.arange(len(d_ok))
    snap_m = dest.snap_m[d_ok]
    csr, time_s = _append_rows(csr, time_s, dest_node[d_ok], snap_m, snap_m / net.walk_ms)
    dest_of = np.full(csr.shape[0], -1, np.int64)
    dest_of[stubs[d_ok]] = d_ok
    return _Graph(
        csr,
        time_s,
        n_base,
        stubs,
        dest_of,
        dest_node,
        dest.snap_m,
        split_key,
        split_edge,
        split_pos,
        split_node,
        scale,
    )


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
class _Located:
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


def _locate(net: Netwerk, g: _Graph, o: Snapped) -> _Located:
    """For each origin: the graph nodes left and right of it and the offsets to them."""
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
    return _Located(
        left,
        right,
        np.maximum(dl, 0),
        np.maximum(dr, 0),
        edge_speed,
        np.maximum(left, 0),
        np.maximum(right, 0),
        np.nan_to_num(o.snap_m),
        len(on) == 0,
    )


def _path_time(g: _Graph, pred: np.ndarray) -> np.ndarray:
    """Seconds along the shortest-path tree (pointer jumping: O(n log depth))."""
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


@dataclass
class _Out:
    """Result arrays of one category (views into the arrays of every category)."""

    afstand_m: np.ndarray
    tijd_min: np.ndarray
    bestemming: np.ndarray  # position into the destinations (-1: none)
    reden: np.ndarray


def _nearest(
    net: Netwerk,
    g: _Graph,
    loc: _Located,
    origin: Snapped,
    members: np.ndarray,
    limit_m: float | None,
    out: _Out,
) -> None:
    """One multi-source Dijkstra from the stubs of ``members``; results per origin.

    ``out.reden`` already holds the origins' own reasons (not snapped); this adds why an
    origin reaches nothing.
    """
    stubs = g.stubs[members]
    stubs = stubs[stubs >= 0]
    ok = origin.ok
    if len(stubs) == 0:
        out.reden[ok] = "geen bestemming van deze soort ligt binnen bereik van het netwerk"
        return
    limit = np.inf if limit_m is None else float(limit_m)
    dist, pred, src = dijkstra(
        g.csr, directed=True, indices=stubs, min_only=True, return_predecessors=True, limit=limit
    )
    li, ri = loc.li, loc.ri
    if loc.on_nodes:  # node snapping: left == right and no offsets
        use_l = None
        best = dist[li] + loc.snap_o
        src_node = src[li]
    else:
        via_l, via_r = loc.dl + dist[li], loc.dr + dist[ri]
        use_l = via_l <= via_r
        best = np.where(use_l, via_l, via_r) + loc.snap_o
        src_node = np.where(use_l, src[li], src[ri])
    reached = ok & np.isfinite(best)
    if limit_m is not None:
        reached &= best <= limit
    # src is -9999 where nothing was reached; node 0 is never a stub (dest_of -1)
    member = g.dest_of[np.where(reached, src_node, 0)]
    out.afstand_m[:] = np.where(reached, best, np.nan)
    out.bestemming[:] = member
    if net.mode == "auto":
        node_t = _path_time(g, pred)
        if use_l is None:
            t_end = node_t[li]
        else:
            t_end = np.where(
                use_l, node_t[li] + loc.dl / loc.edge_speed, node_t[ri] + loc.dr / loc.edge_speed
            )
        seconds = t_end + loc.snap_o / net.walk_ms
    else:
        snap_d = g.dest_snap_m[np.maximum(member, 0)]
        driven = best - loc.snap_o - snap_d
        seconds = driven / net.speed_ms[net.usable_edges[0]] + (loc.snap_o + snap_d) / net.walk_ms
    out.tijd_min[:] = np.where(reached, seconds / 60.0, np.nan)
    late = ok & ~reached
    if late.any():
        out.reden[late] = (
            f"geen bestemming binnen {limit_m:.0f} m over het netwerk"
            if limit_m is not None
            else "geen bestemming bereikbaar"
        )


def _outputs(reden: np.ndarray, k: int) -> tuple[dict[str, np.ndarray], list[_Out]]:
    """Arrays for ``k`` categories of the origins, and per category its views.

    ``reden`` (per origin: why it is not snapped, or None) starts every category.
    """
    n = len(reden)
    full = {
        "afstand_m": np.full(k * n, np.nan),
        "tijd_min": np.full(k * n, np.nan),
        "bestemming": np.full(k * n, -1, np.int64),
        "reden": np.tile(reden.astype(object), k),
    }
    columns = ("afstand_m", "tijd_min", "bestemming", "reden")
    views = [_Out(*(full[c][i * n : (i + 1) * n] for c in columns)) for i in range(k)]
    return full, views


def _table(
    index: pd.Index,
    names: list[str],
    full: dict[str, np.ndarray],
    dest_ids: np.ndarray,
    methode: str,
    snap_m: np.ndarray,
    typering: str,
) -> pd.DataFrame:
    """The result of every category in one frame, indexed by (``categorie``, origin id)."""
    k, n = len(names), len(index)
    rows = pd.MultiIndex.from_product([names, index], names=["categorie", index.name])
    ids = np.empty(len(dest_ids) + 1, dtype=object)  # the last one (-1) is "none"
    ids[:-1] = dest_ids
    return pd.DataFrame(
        {
            "afstand_m": full["afstand_m"],
            "tijd_min": full["tijd_min"],
            "bestemming_id": pd.Series(
                ids[full["bestemming"]], index=rows, dtype=object, copy=False
            ),
            "methode": _constant(methode, k * n, rows),
            "aansluiting_m": np.tile(snap_m, k),
            "reden": pd.Series(full["reden"], index=rows, dtype=object, copy=False),
            "typering": _constant(typering, k * n, rows),
        },
        index=rows,
        copy=False,  # the arrays are new; pandas would copy them again
    )


def _constant(text: str, n: int, index: pd.Index) -> pd.Series:
    """One text for every row, stored once (categorical)."""
    codes = np.zeros(n, np.int8)
    return pd.Series(
        pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype([text])), index=index
    )


def distance_to_nearest(
    network: nx.Graph | Netwerk | None,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    mode: str | None = None,
    *,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    limit_m: float | None = None,
    speed_kmh: float | None = None,
) -> pd.DataFrame:
    """Distance and travel time from every origin to its nearest destination.

    Parameters
    ----------
    network
        A graph from :func:`~sociale_basis.streets.network.read_network`, a prepared
        :class:`~sociale_basis.streets.snap.Netwerk`, or None: then straight-line distance times
        :data:`DETOUR_FACTOR` (``methode = "hemelsbreed"``).
    origins, destinations
        Points in EPSG:28992 (GeoDataFrame or GeoSeries); the result is indexed like
        ``origins``; ``bestemming_id`` holds index values of ``destinations``.
    mode
        ``"lopen"``, ``"fiets"`` or ``"auto"``; default the prepared network's mode, else
        ``"lopen"``.
    snap
        ``"edge"`` (exact, default) or ``"node"`` (fast); see :mod:`sociale_basis.streets.snap`.
    max_snap_m
        Points farther from the network stay unsnapped (NaN with a ``reden``).
    limit_m
        Optional search radius: origins with no destination within it get NaN.
    speed_kmh
        Overrides the mode's default speed.

    Returns
    -------
    pandas.DataFrame
        ``afstand_m`` (snap lines included), ``tijd_min``, ``bestemming_id``, ``methode``
        (``"netwerk"`` or ``"hemelsbreed"``), ``aansluiting_m`` (the origin's snap line),
        ``reden`` (why a value is missing; never 0 for "unreachable"), and ``typering``
        (how the mode filter was decided).

    Notes
    -----
    One multi-source Dijkstra over the network per call, never one per origin.
    """
    result = distances_by_category(
        network,
        origins,
        _as_frame(destinations).assign(soort="_"),
        mode=mode,
        snap=snap,
        max_snap_m=max_snap_m,
        limit_m=limit_m,
        speed_kmh=speed_kmh,
        soorten=["_"],
    )
    return pd.DataFrame(result.xs("_", level="categorie"))


def distances_by_category(
    network: nx.Graph | Netwerk | None,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    voorzieningen: gpd.GeoDataFrame,
    professionals: gpd.GeoDataFrame | None = None,
    *,
    mode: str | None = None,
    soorten: list[str] | None = None,
    rollen: list[str] | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    limit_m: float | None = None,
    speed_kmh: float | None = None,
) -> pd.DataFrame:
    """:func:`distance_to_nearest` for every soort of voorziening and rol of professional.

    The network is prepared, the destinations are spliced in and the origins are snapped
    once; then one multi-source Dijkstra runs per category.

    Parameters
    ----------
    voorzieningen
        With column ``soort``; points with an empty geometry (digital platforms) are left
        out. ``soorten`` limits the categories (default: every soort present).
    professionals
        Optional, with column ``rol``; categories are named ``"rol:<rol>"``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`distance_to_nearest`, indexed by (``categorie``, origin id);
        ``result.loc["huisarts"]`` is indexed like ``origins``.
    """
    o_xy = point_coordinates(origins, "de herkomsten")
    cats, d_xy, d_ids = _categories(voorzieningen, professionals, soorten, rollen)
    if network is None:
        return _straight(origins, o_xy, cats, d_xy, d_ids, mode or "lopen", speed_kmh)
    net = prepare_network(network, mode, speed_kmh=speed_kmh)
    dest = snap_points(net, d_xy, max_snap_m=max_snap_m, snap=snap)
    origin = snap_points(net, o_xy, max_snap_m=max_snap_m, snap=snap)
    g = _build(net, dest)
    located = _locate(net, g, origin)
    full, views = _outputs(origin.reden, len(cats))
    for members, out in zip(cats.values(), views, strict=True):
        _nearest(net, g, located, origin, members, limit_m, out)
    return _table(origins.index, list(cats), full, d_ids, "netwerk", origin.snap_m, net.typering)


def _as_frame(points: gpd.GeoDataFrame | gpd.GeoSeries) -> gpd.GeoDataFrame:
    if isinstance(points, gpd.GeoSeries):
        return points.to_frame("geometry").set_geometry("geometry")
    if not isinstance(points, gpd.GeoDataFrame):
        raise TypeError("de bestemmingen: verwacht een GeoDataFrame of GeoSeries met punten.")
    return points


def _categories(
    voorzieningen: gpd.GeoDataFrame,
    professionals: gpd.GeoDataFrame | None,
    soorten: list[str] | None,
    rollen: list[str] | None,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Category name -> positions into the combined destination coordinates and ids.

    Points with a missing or empty geometry (digital platforms) are left out.
    """
    names: list[str] = []
    members: list[np.ndarray] = []
    xys: list[np.ndarray] = []
    ids: list[np.ndarray] = []
    offset = 0
    for frame, column, prefix, wanted, what in (
        (voorzieningen, "soort", "", soorten, "de voorzieningen"),
        (professionals, "rol", "rol:", rollen, "de professionals"),
    ):
        if frame is None:
            continue
        frame = _as_frame(frame)
        if column not in frame.columns:
            raise ValueError(f"{what} missen de kolom '{column}'; die bepaalt de categorie.")
        frame = frame[~(frame.geometry.isna() | frame.geometry.is_empty).to_numpy()]
        values = frame[column].to_numpy()
        for value in wanted if wanted is not None else sorted(frame[column].dropna().unique()):
            names.append(f"{prefix}{value}")
            members.append(offset + np.flatnonzero(values == value))
        xys.append(point_coordinates(frame, what) if len(frame) else np.empty((0, 2)))
        ids.append(frame.index.to_numpy())
        offset += len(frame)
    xy = np.vstack(xys) if xys else np.empty((0, 2))
    all_ids = np.concatenate(ids) if ids else np.empty(0, object)
    return dict(zip(names, members, strict=True)), xy, all_ids


def _straight(
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    o_xy: np.ndarray,
    cats: dict[str, np.ndarray],
    d_xy: np.ndarray,
    ids: np.ndarray,
    mode: str,
    speed_kmh: float | None,
) -> pd.DataFrame:
    """No network: straight line x detour factor (``methode = "hemelsbreed"``)."""
    from .network import AUTO_DEFAULT_KMH, MODES, SPEED_KMH

    if mode not in MODES:
        raise ValueError(f"onbekende modus '{mode}'; kies een van: {', '.join(MODES)}.")
    speed = speed_kmh or SPEED_KMH.get(mode, AUTO_DEFAULT_KMH)
    n = len(o_xy)
    full, views = _outputs(np.full(n, None, dtype=object), len(cats))
    for members, out in zip(cats.values(), views, strict=True):
        if len(members) == 0:
            out.reden[:] = "geen bestemming van deze soort"
        else:
            d, j = cKDTree(d_xy[members]).query(o_xy)
            out.afstand_m[:] = d * DETOUR_FACTOR[mode]
            out.tijd_min[:] = out.afstand_m / (speed / 3.6) / 60.0
            out.bestemming[:] = members[j]
    text = f"geen netwerk: hemelsbreed x omrijfactor {DETOUR_FACTOR[mode]}"
    return _table(origins.index, list(cats), full, ids, "hemelsbreed", np.full(n, np.nan), text)


# --- per area ----------------------------------------------------------------------------


def summarize_by_area(
    values: pd.Series,
    gebied: pd.Series,
    *,
    groepen: Mapping[str, pd.Series] | None = None,
    drempel: float | None = None,
) -> pd.DataFrame:
    """Mean, median, p90 and share beyond a threshold per area and group.

    Parameters
    ----------
    values
        One value per person or address, e.g. ``result["afstand_m"]`` (NaN = not reachable).
    gebied
        The area code per person (``buurtcode`` or ``wijkcode``), same index as ``values``.
    groepen
        Name -> boolean Series (same index), e.g. ``{"65+": inwoners.leeftijd >= 65,
        "hulpvraag": inwoners.hulpvraag.notna()}``; ``"alle"`` is always included.
    drempel
        Threshold in the unit of ``values``; ``aandeel_boven`` is the share of persons
        beyond it. Persons who cannot reach anything count as beyond it.

    Returns
    -------
    pandas.DataFrame
        Indexed by (area code, ``groep``): ``n``, ``n_onbereikbaar``, ``gemiddelde``,
        ``mediaan``, ``p90`` and, with ``drempel``, ``aandeel_boven``. Raw figures:
        apply :mod:`sociale_basis.privacy` before showing them.
    """
    if not values.index.equals(gebied.index):
        gebied = gebied.reindex(values.index)
    if gebied.isna().any():
        raise ValueError(
            f"{int(gebied.isna().sum())} waarden hebben geen gebiedscode; geef voor elke "
            "herkomst een buurt- of wijkcode."
        )
    masks = {"alle": pd.Series(True, index=values.index)}
    for name, mask in (groepen or {}).items():
        mask = mask.reindex(values.index)
        if mask.isna().any() or mask.dtype != bool:
            raise ValueError(
                f"groep '{name}' moet een boolean Series zijn met een waarde voor elke "
                "herkomst (zelfde index)."
            )
        masks[name] = mask
    rows = []
    for name, mask in masks.items():
        sub = values[mask.to_numpy()]
        grouped = sub.groupby(gebied[mask.to_numpy()].to_numpy())
        stats = pd.DataFrame(
            {
                "n": grouped.size(),
                "n_onbereikbaar": grouped.apply(lambda s: int(s.isna().sum())),
                "gemiddelde": grouped.mean(),
                "mediaan": grouped.median(),
                "p90": grouped.quantile(0.9),
            }
        )
        if drempel is not None:
            stats["aandeel_boven"] = grouped.apply(
                lambda s: float(((s > drempel) | s.isna()).mean())
            )
        stats["groep"] = name
        rows.append(stats)
    out = pd.concat(rows)
    out.index.name = gebied.name or "gebied"
    return out.set_index("groep", append=True).sort_index()


def cbs_nabijheid(
    network: nx.Graph | Netwerk | None,
    inwoners: gpd.GeoDataFrame,
    voorzieningen: gpd.GeoDataFrame,
    *,
    gebied: str = "buurtcode",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """CBS Nabijheidsstatistiek-style figures: mean road distance to the nearest facility.

    CBS publishes per buurt "the mean distance over the road of all residents to the
    nearest facility". Here: the car network (``mode="auto"``), every inwoner (or address)
    counted once, distances in km with one decimal as CBS publishes them.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``afstand_km`` and ``n``.
    """
    result = distance_to_nearest(network, inwoners, voorzieningen, "auto", max_snap_m=max_snap_m)
    if gebied not in inwoners.columns:
        raise ValueError(f"de inwoners missen de kolom '{gebied}'.")
    grouped = (result["afstand_m"] / 1000).groupby(inwoners[gebied].to_numpy())
    return pd.DataFrame({"afstand_km": grouped.mean().round(1), "n": grouped.size()}).rename_axis(
        gebied
    )

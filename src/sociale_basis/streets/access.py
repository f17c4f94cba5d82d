"""Counts within reach, distance decay, two-step floating catchment (2SFCA, E2SFCA), isochrones.

All measures use the exact network of :mod:`sociale_basis.streets.reach` (destinations spliced into
the graph, origins located on their edge). Costs are metres (``max_m``) or minutes
(``max_min``); for minutes the Dijkstra runs on travel time per edge, so ``auto`` uses the
speed of each road class. Origins that cannot be snapped get NaN and a ``reden``, never 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from shapely.ops import substring

from ..core.crs import RD_NEW
from .reach import _as_frame, _build, _Graph, _locate
from .snap import (
    DEFAULT_MAX_SNAP_M,
    Netwerk,
    Snapped,
    point_coordinates,
    prepare_network,
    snap_points,
)

#: cityseer's default minimum weight :math:`w_{min} = e^{-4}`: with
#: :math:`\beta = -\ln(w_{min}) / d_{max} = 4 / d_{max}` the weight falls to 1.8% at
#: :math:`d_{max}` (cityseer ``rustalgos.betas_from_distances``; 800 m gives
#: :math:`\beta = 0.005`).
MIN_WEIGHT = 0.01831563888873418

#: E2SFCA weights of Luo & Qi (2009) for travel-time zones of 0-10, 10-20 and 20-30 minutes
#: (Gaussian weights 1.00, 0.68 and 0.22); keys are upper bounds in minutes, as in PySAL
#: ``access.weights.step_fn``.
E2SFCA_WEIGHTS: dict[float, float] = {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}

Weights = Mapping[float, float] | Callable[[np.ndarray], np.ndarray] | None


class _Pairs:
    """Origins and destinations snapped once; all pairs within a cost limit on request."""

    def __init__(
        self,
        network: nx.Graph | Netwerk,
        origins: gpd.GeoDataFrame | gpd.GeoSeries,
        destinations: gpd.GeoDataFrame | gpd.GeoSeries,
        mode: str | None,
        snap: str,
        max_snap_m: float,
    ) -> None:
        self.net = prepare_network(network, mode)
        self.origins = origins
        self.destinations = _as_frame(destinations)
        o_xy = point_coordinates(origins, "de herkomsten")
        d_xy = point_coordinates(self.destinations, "de bestemmingen")
        self.dest = snap_points(self.net, d_xy, max_snap_m=max_snap_m, snap=snap)
        self.origin = snap_points(self.net, o_xy, max_snap_m=max_snap_m, snap=snap)
        self.g = _build(self.net, self.dest)
        self.located = _locate(self.net, self.g, self.origin)

    def costs(self, max_m: float | None, max_min: float | None) -> tuple[np.ndarray, ...]:
        """(origin position, destination position, cost) for every pair within the limit.

        Cost is metres with ``max_m``, minutes with ``max_min``. One Dijkstra per block of
        destinations (``limit`` = the maximum cost), never one per origin.
        """
        if (max_m is None) == (max_min is None):
            raise ValueError("geef precies een van max_m (meter) of max_min (minuten).")
        limit = float(max_m if max_m is not None else max_min)  # type: ignore[arg-type]
        if not np.isfinite(limit) or limit <= 0:
            raise ValueError(f"de grens moet een positief getal zijn, niet {limit}.")
        loc = self.located
        left, right, dl, dr, edge_speed = loc.left, loc.right, loc.dl, loc.dr, loc.edge_speed
        snap_o = np.nan_to_num(self.origin.snap_m)
        g, net = self.g, self.net
        if max_min is not None:  # minutes: Dijkstra on seconds, converted at the end
            csr = csr_array((g.time_s, g.csr.indices, g.csr.indptr), shape=g.csr.shape)
            dl, dr, snap_o, limit = (
                dl / edge_speed,
                dr / edge_speed,
                snap_o / net.walk_ms,
                limit * 60,
            )
        else:
            csr = g.csr
        ok_o = np.flatnonzero(self.origin.ok)
        members = np.flatnonzero(g.stubs >= 0)
        block = max(1, 20_000_000 // max(len(ok_o), 1))
        li, ri = left[ok_o], right[ok_o]
        out_o, out_d, out_c = [], [], []
        for start in range(0, len(members), block):
            chunk = members[start : start + block]
            dist = dijkstra(csr, directed=True, indices=g.stubs[chunk], limit=limit)
            dist = dist.reshape(len(chunk), -1)
            c = np.minimum(dl[ok_o] + dist[:, li], dr[ok_o] + dist[:, ri]) + snap_o[ok_o]
            d_idx, o_idx = np.nonzero(c <= limit)
            out_o.append(ok_o[o_idx])
            out_d.append(chunk[d_idx])
            out_c.append(c[d_idx, o_idx])
        if not out_o:
            return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0)
        cost = np.concatenate(out_c)
        return np.concatenate(out_o), np.concatenate(out_d), cost / 60 if max_min else cost

    def per_origin(self, values: np.ndarray, name: str) -> pd.DataFrame:
        """Origin values with NaN and a reason where the origin is not on the network."""
        values = np.where(self.origin.ok, values, np.nan)
        return pd.DataFrame({name: values, "reden": self.origin.reden}, index=self.origins.index)


def cost_table(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    max_m: float | None = None,
    max_min: float | None = None,
    mode: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """Every origin-destination pair within ``max_m`` metres or ``max_min`` minutes.

    Returns
    -------
    pandas.DataFrame
        Long format (as PySAL ``access`` takes it): ``herkomst``, ``bestemming`` (index
        values) and ``afstand_m`` or ``tijd_min``.
    """
    pairs = _Pairs(network, origins, destinations, mode, snap, max_snap_m)
    o, d, c = pairs.costs(max_m, max_min)
    return pd.DataFrame(
        {
            "herkomst": pairs.origins.index.to_numpy()[o],
            "bestemming": pairs.destinations.index.to_numpy()[d],
            "afstand_m" if max_m is not None else "tijd_min": c,
        }
    )


def count_within(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    max_m: float | None = None,
    max_min: float | None = None,
    mode: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """How many destinations each origin reaches within ``max_m`` metres or ``max_min`` minutes.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``aantal`` (float; NaN where the origin is not on the
        network) and ``reden``.
    """
    pairs = _Pairs(network, origins, destinations, mode, snap, max_snap_m)
    o, _, _ = pairs.costs(max_m, max_min)
    counts = np.bincount(o, minlength=len(pairs.origins)).astype(float)
    return pairs.per_origin(counts, "aantal")


def decay_weights(
    cost: np.ndarray, d_max: float, decay: str = "exponentieel", min_weight: float = MIN_WEIGHT
) -> np.ndarray:
    """Distance-decay weights that fall to ``min_weight`` at ``d_max`` and are 0 beyond.

    - ``"exponentieel"`` (cityseer's convention): :math:`w = e^{-\\beta d}` with
      :math:`\\beta = -\\ln(w_{min}) / d_{max}`; 800 m gives :math:`\\beta = 0.005`.
    - ``"gauss"``: :math:`w = e^{-d^2 / (2\\sigma^2)}` with
      :math:`\\sigma = d_{max} / \\sqrt{-2 \\ln w_{min}}`.
    """
    if not 0 < min_weight < 1:
        raise ValueError(f"min_weight moet tussen 0 en 1 liggen, niet {min_weight}.")
    cost = np.asarray(cost, float)
    if decay == "exponentieel":
        w = np.exp(np.log(min_weight) / d_max * cost)
    elif decay == "gauss":
        sigma2 = d_max**2 / (-2 * np.log(min_weight))
        w = np.exp(-(cost**2) / (2 * sigma2))
    else:
        raise ValueError(f"onbekend verval '{decay}'; kies 'exponentieel' of 'gauss'.")
    return np.where(cost <= d_max, w, 0.0)


def decayed_count(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    d_max: float = 800.0,
    decay: str = "exponentieel",
    min_weight: float = MIN_WEIGHT,
    gewicht: str | None = None,
    mode: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """Distance-weighted count of destinations, :math:`\\sum_j g_j\\,w(d_{ij})` (metres).

    See :func:`decay_weights` for :math:`w`; ``gewicht`` names a destination column
    :math:`g_j` (e.g. ``capaciteit``; default 1 each).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``gewogen_aantal`` and ``reden``.
    """
    pairs = _Pairs(network, origins, destinations, mode, snap, max_snap_m)
    o, d, c = pairs.costs(d_max, None)
    g = np.ones(len(pairs.destinations))
    if gewicht is not None:
        g = pairs.destinations[gewicht].to_numpy(float)
    w = decay_weights(c, d_max, decay, min_weight) * g[d]
    total = np.bincount(o, weights=w, minlength=len(pairs.origins))
    return pairs.per_origin(total, "gewogen_aantal")


def two_step_fca(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    providers: gpd.GeoDataFrame,
    *,
    capaciteit: str = "capaciteit",
    vraag: pd.Series | None = None,
    max_m: float | None = None,
    max_min: float | None = None,
    weights: Weights = None,
    eigen_wijk_gewicht: float | None = None,
    mode: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """Two-step floating catchment accessibility (Luo & Wang 2003; E2SFCA: Luo & Qi 2009).

    Step 1, per provider :math:`j` with capacity :math:`S_j`:
    :math:`R_j = S_j / \\sum_{k:\\,c_{kj} \\le c_0} \\omega_{kj} W(c_{kj}) P_k`.
    Step 2, per origin :math:`i`:
    :math:`A_i = \\sum_{j:\\,c_{ij} \\le c_0} \\omega_{ij} W(c_{ij}) R_j`.

    :math:`c_0` is ``max_m`` or ``max_min``; :math:`P_k` the demand (``vraag``, default 1
    per origin; pass e.g. ``(inwoners.leeftijd >= 65).astype(float)`` for the demand of
    65-plussers); :math:`W = 1` (2SFCA) or a step function of cost (``weights``:
    ``{upper bound: weight}`` as PySAL ``access.weights.step_fn``, or a function; E2SFCA:
    :data:`E2SFCA_WEIGHTS`). :math:`\\omega_{kj}` is ``eigen_wijk_gewicht`` when origin and
    provider lie in the same wijk (column ``wijkcode`` on both) and 1 otherwise: the source
    documents say help is sought about three times as often in one's own wijk, so
    ``eigen_wijk_gewicht=3`` makes a provider three times as attractive (and three times as
    much claimed) within its wijk as outside, like a Huff-type weight. A provider no origin
    with demand can reach adds nothing. The result equals PySAL ``access`` on the same costs.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``toegang`` (capacity per unit of demand) and ``reden``.
    """
    if capaciteit not in providers.columns:
        raise ValueError(f"de professionals missen de kolom '{capaciteit}' (capaciteit).")
    pairs = _Pairs(network, origins, providers, mode, snap, max_snap_m)
    o, d, c = pairs.costs(max_m, max_min)
    w = _step(weights, c)
    if eigen_wijk_gewicht is not None:
        missing = [
            n
            for n, f in (("herkomsten", origins), ("professionals", providers))
            if not isinstance(f, pd.DataFrame) or "wijkcode" not in f.columns
        ]
        if missing:
            raise ValueError(
                f"eigen_wijk_gewicht vraagt een kolom 'wijkcode' bij de {' en '.join(missing)}."
            )
        same = origins["wijkcode"].to_numpy()[o] == providers["wijkcode"].to_numpy()[d]
        w = w * np.where(same, float(eigen_wijk_gewicht), 1.0)
    demand = (
        np.ones(len(origins)) if vraag is None else vraag.reindex(origins.index).to_numpy(float)
    )
    if not np.isfinite(demand).all():
        raise ValueError(
            "de vraag heeft lege of ongeldige waarden; geef voor elke herkomst een getal."
        )
    supply = providers[capaciteit].to_numpy(float)
    weighted = np.bincount(d, weights=w * demand[o], minlength=len(providers))
    ratio = np.divide(supply, weighted, out=np.zeros(len(providers)), where=weighted > 0)
    access = np.bincount(o, weights=w * ratio[d], minlength=len(origins))
    return pairs.per_origin(access, "toegang")


def enhanced_two_step_fca(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    providers: gpd.GeoDataFrame,
    *,
    weights: Weights = None,
    max_min: float = 30.0,
    **kwargs: object,
) -> pd.DataFrame:
    """E2SFCA (Luo & Qi 2009): :func:`two_step_fca` in minutes with zone weights
    :data:`E2SFCA_WEIGHTS` (1.00 / 0.68 / 0.22 for 0-10 / 10-20 / 20-30 minutes)."""
    return two_step_fca(
        network,
        origins,
        providers,
        weights=E2SFCA_WEIGHTS if weights is None else weights,
        max_min=max_min,
        **kwargs,  # type: ignore[arg-type]
    )


def _step(weights: Weights, cost: np.ndarray) -> np.ndarray:
    if weights is None:
        return np.ones(len(cost))
    if callable(weights):
        return np.asarray(weights(cost), float)
    bounds = np.array(sorted(weights))
    values = np.array([weights[b] for b in bounds], float)
    k = np.searchsorted(bounds, cost, side="left")  # first bound >= cost, as step_fn
    return np.where(k < len(bounds), values[np.minimum(k, len(bounds) - 1)], 0.0)


# --- isochrones --------------------------------------------------------------------------


def isochrones(
    network: nx.Graph | Netwerk,
    voorzieningen: gpd.GeoDataFrame | gpd.GeoSeries,
    minuten: float | list[float],
    *,
    mode: str | None = None,
    buffer_m: float = 25.0,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> gpd.GeoDataFrame:
    """The area within ``minuten`` of each voorziening: reachable street parts, buffered.

    Every edge is reached from its two ends (and, for the voorziening's own edge, from the
    voorziening's point on it) as far as the remaining time allows at that edge's speed;
    those exact edge parts are buffered by ``buffer_m`` (default 25 m: the houses along
    a reached street) and merged into one polygon. Unlike a concave hull of reached nodes
    this never covers water or rail yards the street network does not cross.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (voorziening, minuten), indexed by voorziening id, with ``minuten``,
        ``modus`` and a (Multi)Polygon in EPSG:28992; an empty polygon where the voorziening
        is not on the network.
    """
    frame = _as_frame(voorzieningen)
    limits = sorted({float(m) for m in np.atleast_1d(minuten)})
    if not limits or limits[0] <= 0:
        raise ValueError(f"minuten moeten positief zijn, niet {minuten}.")
    net = prepare_network(network, mode)
    xy = point_coordinates(frame, "de voorzieningen")
    dest = snap_points(net, xy, max_snap_m=max_snap_m)
    g = _build(net, dest)
    csr = csr_array((g.time_s, g.csr.indices, g.csr.indptr), shape=g.csr.shape)
    rows = []
    for j in range(len(frame)):
        times = None
        if g.stubs[j] >= 0:
            times = dijkstra(csr, directed=True, indices=g.stubs[j], limit=limits[-1] * 60)
        for limit in limits:
            geom = shapely.Polygon()
            if times is not None:
                geom = _reached_area(net, g, dest, j, times, limit * 60, xy[j], buffer_m)
            rows.append((frame.index[j], limit, net.mode, geom))
    index = pd.Index([r[0] for r in rows], name=frame.index.name)
    return gpd.GeoDataFrame(
        {"minuten": [r[1] for r in rows], "modus": [r[2] for r in rows]},
        geometry=[r[3] for r in rows],
        index=index,
        crs=RD_NEW,
    )


def _reached_area(
    net: Netwerk,
    g: _Graph,
    dest: Snapped,
    j: int,
    times: np.ndarray,
    budget: float,
    point: np.ndarray,
    buffer_m: float,
) -> shapely.Geometry:
    e = net.usable_edges
    length, speed = net.length_m[e], net.speed_ms[e]
    from_u = np.clip((budget - times[net.u[e]]) * speed, 0, length)
    from_v = np.clip((budget - times[net.v[e]]) * speed, 0, length)
    full = from_u + from_v >= length
    pieces = list(net.geometry[e[full]])
    own_edge = int(dest.edge[j])
    intervals: dict[int, list[tuple[float, float]]] = {}
    for k in np.flatnonzero(~full & ((from_u > 0) | (from_v > 0))):
        intervals[int(e[k])] = [(0.0, from_u[k]), (length[k] - from_v[k], length[k])]
    if own_edge >= 0:
        t = float(dest.pos_m[j])
        vnode = g.dest_node[j]
        reach = max(0.0, (budget - times[vnode]) * net.speed_ms[own_edge])
        L = net.length_m[own_edge]
        intervals.setdefault(own_edge, []).append((max(0.0, t - reach), min(L, t + reach)))
        walked = (budget - times[vnode]) * net.walk_ms
        if walked > 0:  # the voorziening's own snap line
            on = shapely.line_interpolate_point(net.geometry[own_edge], t * _unit(net, own_edge))
            pieces.append(shapely.LineString([point, shapely.get_coordinates(on)[0]]))
    for edge, parts in intervals.items():
        scale = _unit(net, edge)
        for lo, hi in _merge(parts):
            if hi - lo > 1e-9:
                pieces.append(substring(net.geometry[edge], lo * scale, hi * scale))
    if not pieces:
        return shapely.Point(point).buffer(buffer_m)
    return shapely.buffer(
        shapely.MultiLineString([p for p in pieces if p.geom_type == "LineString"]), buffer_m
    )


def _unit(net: Netwerk, edge: int) -> float:
    """Geometry units per ``length_m`` unit of an edge."""
    L = net.length_m[edge]
    return float(net.geom_length[edge] / L) if L > 0 else 0.0


def _merge(parts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for lo, hi in sorted(p for p in parts if p[1] > p[0]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged

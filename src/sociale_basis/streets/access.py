"""Counts within reach, distance decay, two-step floating catchment (2SFCA, E2SFCA), isochrones.

All measures use the exact network of :mod:`sociale_basis.streets.routing` (destinations
spliced into the graph, origins located on their edge). Costs are metres (``max_m``) or
minutes (``max_min``); for minutes the Dijkstra runs on travel time per edge, so ``auto``
uses the speed of each road class. Origins that cannot be snapped get NaN and a
``reden``, never 0. The 2SFCA itself is :func:`~sociale_basis.streets.fca.two_step_fca_from_costs`
(also for cost tables from elsewhere); here it gets its costs from the street network.
"""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy.sparse.csgraph import dijkstra
from shapely.ops import substring

from ..core.compat import renamed_keywords
from ..core.crs import RD_NEW
from ..core.parallel import thread_map
from .fca import E2SFCA_WEIGHTS, GRID, Weights, two_step_fca_from_costs
from .prepare import Netwerk, prepare_network
from .routing import PairSearch, RoutingGraph, build_routing_graph
from .snap import DEFAULT_MAX_SNAP_M, Snapped, point_coordinates, point_frame, snap_points

#: cityseer's default minimum weight :math:`w_{min} = e^{-4}`: with
#: :math:`\beta = -\ln(w_{min}) / d_{max} = 4 / d_{max}` the weight falls to 1.8% at
#: :math:`d_{max}` (cityseer ``rustalgos.betas_from_distances``; 800 m gives
#: :math:`\beta = 0.005`).
MIN_WEIGHT = 0.01831563888873418


@renamed_keywords(mode="modus")
def cost_table(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    max_m: float | None = None,
    max_min: float | None = None,
    modus: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """Every origin-destination pair within ``max_m`` metres or ``max_min`` minutes.

    ``modus``, ``snap`` and ``max_snap_m`` as in
    :func:`~sociale_basis.streets.reach.distance_to_nearest` (``mode=`` is the old name).

    Returns
    -------
    pandas.DataFrame
        Long format (as PySAL ``access`` and
        :func:`~sociale_basis.streets.fca.two_step_fca_from_costs` take it): ``herkomst``,
        ``bestemming`` (index values) and ``afstand_m`` or ``tijd_min``. Origins that are
        not on the network have no rows.

    Raises
    ------
    ValueError
        Both or neither of ``max_m`` and ``max_min``, or a limit that is not positive.
    """
    pairs = PairSearch(network, origins, destinations, modus, snap, max_snap_m)
    o, d, c = pairs.costs(max_m, max_min)
    return pd.DataFrame(
        {
            "herkomst": pairs.origins.index.to_numpy()[o],
            "bestemming": pairs.destinations.index.to_numpy()[d],
            "afstand_m" if max_m is not None else "tijd_min": c,
        }
    )


@renamed_keywords(mode="modus")
def count_within(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    max_m: float | None = None,
    max_min: float | None = None,
    modus: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """How many destinations each origin reaches within ``max_m`` metres or ``max_min`` minutes.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``aantal`` (float; NaN where the origin is not on the
        network) and ``reden``. Arguments and errors as :func:`cost_table`.
    """
    pairs = PairSearch(network, origins, destinations, modus, snap, max_snap_m)
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

    Raises
    ------
    ValueError
        ``min_weight`` not between 0 and 1, or an unknown ``decay``.
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


@renamed_keywords(mode="modus")
def decayed_count(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    d_max: float = 800.0,
    decay: str = "exponentieel",
    min_weight: float = MIN_WEIGHT,
    gewicht: str | None = None,
    modus: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    """Distance-weighted count of destinations, :math:`\\sum_j g_j\\,w(d_{ij})` (metres).

    See :func:`decay_weights` for :math:`w`; ``gewicht`` names a destination column
    :math:`g_j` (e.g. ``capaciteit``; default 1 each).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``gewogen_aantal`` and ``reden``. Other arguments as
        :func:`cost_table`.
    """
    pairs = PairSearch(network, origins, destinations, modus, snap, max_snap_m)
    o, d, c = pairs.costs(d_max, None)
    g = np.ones(len(pairs.destinations))
    if gewicht is not None:
        g = pairs.destinations[gewicht].to_numpy(float)
    w = decay_weights(c, d_max, decay, min_weight) * g[d]
    total = np.bincount(o, weights=w, minlength=len(pairs.origins))
    return pairs.per_origin(total, "gewogen_aantal")


# Long only through its docstring, which defines what it measures (house style).
@renamed_keywords(mode="modus", weights="gewichten")
def two_step_fca(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    providers: gpd.GeoDataFrame,
    *,
    capaciteit: str = "capaciteit",
    vraag: pd.Series | None = None,
    max_m: float | None = None,
    max_min: float | None = None,
    gewichten: Weights = None,
    eigen_wijk_gewicht: float | None = None,
    modus: str | None = None,
    snap: str = "edge",
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.DataFrame:
    r"""Two-step floating catchment accessibility over the street network (2SFCA, E2SFCA).

    The costs :math:`c_{ij}` are network distances (``max_m``) or times (``max_min``) as
    :func:`cost_table` gives them; the measure is
    :func:`~sociale_basis.streets.fca.two_step_fca_from_costs` with :math:`c_0` = ``max_m``
    or ``max_min``:

    :math:`R_j = S_j / \sum_{k:\,c_{kj} \le c_0} \omega_{kj} W(c_{kj}) P_k` per
    provider, :math:`A_i = \sum_{j:\,c_{ij} \le c_0} \omega_{ij} W(c_{ij}) R_j` per
    origin (costs on a millimetre grid; the edge cases are documented there).

    :math:`S_j` is the column ``capaciteit``; :math:`P_k` the demand (``vraag``, indexed
    like ``origins``; default 1 per origin; e.g. ``(inwoners.leeftijd >= 65).astype(float)``
    for the demand of 65-plussers); :math:`W = 1` (2SFCA) or ``gewichten`` (a step function
    ``{upper bound: weight}`` as PySAL ``access.weights.step_fn``, or a function; E2SFCA:
    :data:`~sociale_basis.streets.fca.E2SFCA_WEIGHTS`). :math:`\omega_{kj}` is
    ``eigen_wijk_gewicht`` when origin and provider lie in the same wijk (column
    ``wijkcode`` on both) and 1 otherwise: the source documents say help is sought about
    three times as often in one's own wijk, so ``eigen_wijk_gewicht=3`` makes a provider
    three times as attractive (and three times as much claimed) within its wijk as
    outside, like a Huff-type weight. (``mode=`` and ``weights=`` are the old names.)

    Returns
    -------
    pandas.DataFrame
        Indexed like ``origins``: ``toegang`` (:math:`A_i`, capacity per unit of demand;
        0 where no provider is within reach; NaN where the origin is not on the network)
        and ``reden``.

    Raises
    ------
    ValueError
        No column ``capaciteit``; ``eigen_wijk_gewicht`` without ``wijkcode`` on both;
        demand or capacity missing, negative or not a number; and as :func:`cost_table`.
    """
    if capaciteit not in providers.columns:
        raise ValueError(f"de aanbieders missen de kolom '{capaciteit}' (capaciteit).")
    pairs = PairSearch(network, origins, providers, modus, snap, max_snap_m)
    # searched a grid step beyond the bound: the 2SFCA's millimetre grid decides what is on it
    o, d, c = pairs.costs(max_m, max_min, pad=GRID)
    kosten = pd.DataFrame(
        {"herkomst": origins.index[o], "bestemming": providers.index[d], "kosten": c}
    )
    if eigen_wijk_gewicht is not None:
        kosten["omega"] = _own_wijk_weight(origins, providers, o, d, eigen_wijk_gewicht)
    demand = (
        pd.Series(1.0, index=origins.index)
        if vraag is None
        else vraag.reindex(origins.index).rename("vraag")
    )
    result = two_step_fca_from_costs(
        kosten,
        demand,
        providers[capaciteit],
        drempel=max_m if max_m is not None else max_min,
        gewichten=gewichten,
        kosten_kolom="kosten",
        paargewicht_kolom="omega" if eigen_wijk_gewicht is not None else None,
    )
    return pairs.per_origin(result.toegang.to_numpy(), "toegang")


def _own_wijk_weight(
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    providers: gpd.GeoDataFrame,
    o: np.ndarray,
    d: np.ndarray,
    weight: float,
) -> np.ndarray:
    r""":math:`\omega` per pair: ``weight`` where origin and provider share a wijk, else 1."""
    missing = [
        n
        for n, f in (("herkomsten", origins), ("aanbieders", providers))
        if not isinstance(f, pd.DataFrame) or "wijkcode" not in f.columns
    ]
    if missing:
        raise ValueError(
            f"eigen_wijk_gewicht vraagt een kolom 'wijkcode' bij de {' en '.join(missing)}."
        )
    same = origins["wijkcode"].to_numpy()[o] == providers["wijkcode"].to_numpy()[d]
    return np.where(same, float(weight), 1.0)


@renamed_keywords(mode="modus", weights="gewichten")
def enhanced_two_step_fca(
    network: nx.Graph | Netwerk,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    providers: gpd.GeoDataFrame,
    *,
    gewichten: Weights = None,
    max_min: float = 30.0,
    **kwargs: object,
) -> pd.DataFrame:
    """E2SFCA (Luo & Qi 2009): :func:`two_step_fca` in minutes with zone weights
    :data:`~sociale_basis.streets.fca.E2SFCA_WEIGHTS` (1.00 / 0.68 / 0.22 for 0-10 / 10-20
    / 20-30 minutes); other keywords go to :func:`two_step_fca`."""
    return two_step_fca(
        network,
        origins,
        providers,
        gewichten=E2SFCA_WEIGHTS if gewichten is None else gewichten,
        max_min=max_min,
        **kwargs,  # type: ignore[arg-type]
    )


# --- isochrones --------------------------------------------------------------------------


@renamed_keywords(mode="modus")
def isochrones(
    network: nx.Graph | Netwerk,
    voorzieningen: gpd.GeoDataFrame | gpd.GeoSeries,
    minuten: float | list[float],
    *,
    modus: str | None = None,
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
        is not on the network. ``modus`` as in :func:`cost_table`.

    Raises
    ------
    ValueError
        No ``minuten``, or one that is not positive.
    """
    frame = point_frame(voorzieningen, "de voorzieningen")
    limits = sorted({float(m) for m in np.atleast_1d(minuten)})
    if not limits or limits[0] <= 0:
        raise ValueError(f"minuten moeten positief zijn, niet {minuten}.")
    net = prepare_network(network, modus)
    xy = point_coordinates(frame, "de voorzieningen")
    dest = snap_points(net, xy, max_snap_m=max_snap_m)
    g = build_routing_graph(net, dest)
    csr = g.time_csr

    def areas_of(j: int) -> list[shapely.Geometry]:
        if g.stubs[j] < 0:
            return [shapely.Polygon() for _ in limits]
        times = dijkstra(csr, directed=True, indices=g.stubs[j], limit=limits[-1] * 60)
        return [
            _reached_area(net, g, dest, j, times, limit * 60, xy[j], buffer_m) for limit in limits
        ]

    # one voorziening per thread: the search and GEOS's buffer run without Python's lock
    geoms = thread_map(areas_of, range(len(frame)))
    rows = [
        (frame.index[j], limit, net.modus, geom)
        for j in range(len(frame))
        for limit, geom in zip(limits, geoms[j], strict=True)
    ]
    index = pd.Index([r[0] for r in rows], name=frame.index.name)
    return gpd.GeoDataFrame(
        {"minuten": [r[1] for r in rows], "modus": [r[2] for r in rows]},
        geometry=[r[3] for r in rows],
        index=index,
        crs=RD_NEW,
    )


def _reached_area(
    net: Netwerk,
    g: RoutingGraph,
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

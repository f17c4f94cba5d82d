"""How far is help: network distance and time to the nearest voorziening, per area.

Method (exact, ``snap="edge"``)
-------------------------------
Destinations enter the network from their point on an edge, with a stub for their snap
line; no edge is split and origins are not added to the graph
(:mod:`sociale_basis.streets.routing`, which gives the formula). One multi-source
Dijkstra per category (``scipy.sparse.csgraph.dijkstra(..., indices=stubs,
min_only=True)``) then gives every network node its distance to the nearest destination
of the category and, through ``sources``, which one; an origin takes the better of its
edge's two ends, or a destination of the category on its own edge. So the cost is one
Dijkstra per category whatever the number of origins. ``snap="node"`` uses nodes instead
(see :mod:`sociale_basis.streets.snap`).
Preparation (mode filter, largest component, CSR graph, KD-tree) happens once per
:class:`~sociale_basis.streets.prepare.Netwerk`; pass a prepared one to reuse it.

Times: walking and cycling use the one speed of their mode
(:data:`~sociale_basis.streets.modes.MODI`); snap lines are walked. For ``auto`` the
route is the shortest *distance* (as CBS does) and its time is summed along that route
with the speed of each edge class (:data:`~sociale_basis.streets.modes.AUTO_SPEED_KMH`).
Without a network: straight line x the mode's detour factor (``methode = "hemelsbreed"``).

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
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from ..core.compat import renamed_keywords
from .modes import get_modus
from .prepare import Netwerk, prepare_network
from .routing import (
    Located,
    Nearest,
    RoutingGraph,
    build_routing_graph,
    locate_origins,
    nearest,
    path_time,
)
from .snap import DEFAULT_MAX_SNAP_M, Snapped, point_coordinates, point_frame, snap_points


@dataclass
class _Out:
    """Result arrays of one category (views into the arrays of every category)."""

    afstand_m: np.ndarray
    tijd_min: np.ndarray
    bestemming: np.ndarray  # position into the destinations (-1: none)
    reden: np.ndarray


def _nearest(
    net: Netwerk,
    g: RoutingGraph,
    loc: Located,
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
    near = nearest(g, loc, dist, src, members)
    best = near.cost + loc.snap_o
    reached = ok & np.isfinite(best)
    if limit_m is not None:
        reached &= best <= limit
    out.afstand_m[:] = np.where(reached, best, np.nan)
    out.bestemming[:] = np.where(reached, near.member, -1)
    seconds = _seconds(net, g, loc, pred, best, near)
    out.tijd_min[:] = np.where(reached, seconds / 60.0, np.nan)
    late = ok & ~reached
    if late.any():
        out.reden[late] = (
            f"geen bestemming binnen {limit_m:.0f} m over het netwerk"
            if limit_m is not None
            else "geen bestemming bereikbaar"
        )


def _seconds(
    net: Netwerk,
    g: RoutingGraph,
    loc: Located,
    pred: np.ndarray,
    best: np.ndarray,
    near: Nearest,
) -> np.ndarray:
    """Travel time of each origin's shortest route, snap lines walked.

    ``auto``: summed along the route's edges (their speeds differ per class); the other
    modes have one speed, so the time follows from the distance.
    """
    if net.modus == "auto":
        node_t = path_time(g, pred)
        t_end = np.where(
            near.use_left,
            node_t[loc.li] + loc.dl / loc.edge_speed,
            node_t[loc.ri] + loc.dr / loc.edge_speed,
        )
        t_end[loc.pair_o[near.pair]] = loc.pair_s[near.pair]  # along the own edge
        return t_end + loc.snap_o / net.walk_ms
    snap_d = g.dest_snap_m[np.maximum(near.member, 0)]
    driven = best - loc.snap_o - snap_d
    return driven / net.speed_ms[net.usable_edges[0]] + (loc.snap_o + snap_d) / net.walk_ms


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


# Long only through its docstring, which defines what it measures (house style).
@renamed_keywords(mode="modus")
def distance_to_nearest(
    network: nx.Graph | Netwerk | None,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    destinations: gpd.GeoDataFrame | gpd.GeoSeries,
    modus: str | None = None,
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
        :class:`~sociale_basis.streets.prepare.Netwerk`, or None: then straight-line
        distance times the mode's detour factor (:data:`~sociale_basis.streets.modes.MODI`,
        ``methode = "hemelsbreed"``).
    origins, destinations
        Points in EPSG:28992 (GeoDataFrame or GeoSeries); the result is indexed like
        ``origins``; ``bestemming_id`` holds index values of ``destinations``.
    modus
        ``"lopen"``, ``"fiets"`` or ``"auto"``; default the prepared network's mode, else
        ``"lopen"``. (``mode=`` is the old name: it warns.)
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

    Raises
    ------
    TypeError, ValueError, ValidationError
        Points that are no GeoDataFrame/GeoSeries, have no RD CRS or rows without a point;
        an unknown mode; see :class:`~sociale_basis.streets.prepare.Netwerk` for the network.

    Notes
    -----
    One multi-source Dijkstra over the network per call, never one per origin.
    """
    result = distances_by_category(
        network,
        origins,
        point_frame(destinations, "de bestemmingen").assign(soort="_"),
        modus=modus,
        snap=snap,
        max_snap_m=max_snap_m,
        limit_m=limit_m,
        speed_kmh=speed_kmh,
        soorten=["_"],
    )
    return pd.DataFrame(result.xs("_", level="categorie"))


@renamed_keywords(mode="modus")
def distances_by_category(
    network: nx.Graph | Netwerk | None,
    origins: gpd.GeoDataFrame | gpd.GeoSeries,
    voorzieningen: gpd.GeoDataFrame,
    professionals: gpd.GeoDataFrame | None = None,
    *,
    modus: str | None = None,
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
    modus, snap, max_snap_m, limit_m, speed_kmh
        As in :func:`distance_to_nearest`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`distance_to_nearest`, indexed by (``categorie``, origin id);
        ``result.loc["huisarts"]`` is indexed like ``origins``.

    Raises
    ------
    ValueError
        ``voorzieningen`` without ``soort`` or ``professionals`` without ``rol``; and as
        :func:`distance_to_nearest`.
    """
    o_xy = point_coordinates(origins, "de herkomsten")
    cats, d_xy, d_ids = _categories(voorzieningen, professionals, soorten, rollen)
    if network is None:
        return _straight(origins, o_xy, cats, d_xy, d_ids, modus or "lopen", speed_kmh)
    net = prepare_network(network, modus, speed_kmh=speed_kmh)
    dest = snap_points(net, d_xy, max_snap_m=max_snap_m, snap=snap)
    origin = snap_points(net, o_xy, max_snap_m=max_snap_m, snap=snap)
    g = build_routing_graph(net, dest)
    located = locate_origins(net, g, origin)
    full, views = _outputs(origin.reden, len(cats))
    for members, out in zip(cats.values(), views, strict=True):
        _nearest(net, g, located, origin, members, limit_m, out)
    return _table(origins.index, list(cats), full, d_ids, "netwerk", origin.snap_m, net.typering)


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
        frame = point_frame(frame, what)
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
    modus: str,
    speed_kmh: float | None,
) -> pd.DataFrame:
    """No network: straight line x detour factor (``methode = "hemelsbreed"``)."""
    m = get_modus(modus)
    speed = speed_kmh or m.speed_kmh
    n = len(o_xy)
    full, views = _outputs(np.full(n, None, dtype=object), len(cats))
    for members, out in zip(cats.values(), views, strict=True):
        if len(members) == 0:
            out.reden[:] = "geen bestemming van deze soort"
        else:
            d, j = cKDTree(d_xy[members]).query(o_xy)
            out.afstand_m[:] = d * m.detour_factor
            out.tijd_min[:] = out.afstand_m / (speed / 3.6) / 60.0
            out.bestemming[:] = members[j]
    text = f"geen netwerk: hemelsbreed x omwegfactor {m.detour_factor}"
    return _table(origins.index, list(cats), full, ids, "hemelsbreed", np.full(n, np.nan), text)


# --- per area ----------------------------------------------------------------------------


# Long only through its docstring, which defines what it measures (house style).
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

    Raises
    ------
    ValueError
        A value without an area code; a group that is not a boolean Series with a value
        for every person.
    """
    if not values.index.equals(gebied.index):
        gebied = gebied.reindex(values.index)
    if gebied.isna().any():
        raise ValueError(
            f"{int(gebied.isna().sum())} waarden hebben geen gebiedscode; geef voor elke "
            "herkomst een buurt- of wijkcode."
        )
    rows = []
    for name, mask in _group_masks(values.index, groepen).items():
        sub = values[mask.to_numpy()]
        keys = gebied[mask.to_numpy()].to_numpy()
        grouped = sub.groupby(keys)
        # counts and shares grouped on boolean columns, not a Python function per area:
        # the same figures, and linear in the areas instead of a call for each
        stats = pd.DataFrame(
            {
                "n": grouped.size(),
                "n_onbereikbaar": sub.isna().groupby(keys).sum().astype(int),
                "gemiddelde": grouped.mean(),
                "mediaan": grouped.median(),
                "p90": grouped.quantile(0.9),
            }
        )
        if drempel is not None:
            beyond = (sub > drempel) | sub.isna()
            stats["aandeel_boven"] = beyond.groupby(keys).mean().astype(float)
        stats["groep"] = name
        rows.append(stats)
    out = pd.concat(rows)
    out.index.name = gebied.name or "gebied"
    return out.set_index("groep", append=True).sort_index()


def _group_masks(index: pd.Index, groepen: Mapping[str, pd.Series] | None) -> dict[str, pd.Series]:
    """``"alle"`` and every group, as boolean Series on ``index``."""
    masks = {"alle": pd.Series(True, index=index)}
    for name, mask in (groepen or {}).items():
        mask = mask.reindex(index)
        if mask.isna().any() or mask.dtype != bool:
            raise ValueError(
                f"groep '{name}' moet een boolean Series zijn met een waarde voor elke "
                "herkomst (zelfde index); voor een hulpvraag: core.vragen.heeft_hulpvraag"
            )
        masks[name] = mask
    return masks


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
    nearest facility". Here: the car network (``modus="auto"``), every inwoner (or address)
    counted once, distances in km with one decimal as CBS publishes them.

    Returns
    -------
    pandas.DataFrame
        Indexed by area code: ``afstand_km`` (mean of the inwoners' distances that are
        known; NaN when none is) and ``n`` (inwoners counted, reachable or not).

    Raises
    ------
    ValueError
        ``inwoners`` without the column ``gebied``; and as :func:`distance_to_nearest`.
    """
    if gebied not in inwoners.columns:
        raise ValueError(f"de inwoners missen de kolom '{gebied}'.")
    result = distance_to_nearest(network, inwoners, voorzieningen, "auto", max_snap_m=max_snap_m)
    grouped = (result["afstand_m"] / 1000).groupby(inwoners[gebied].to_numpy())
    return pd.DataFrame({"afstand_km": grouped.mean().round(1), "n": grouped.size()}).rename_axis(
        gebied
    )

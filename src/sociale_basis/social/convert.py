"""The social graph to and from GeoDataFrames, and to GraphML.

:func:`social_graph_to_gdfs` and :func:`social_graph_from_gdfs` are inverses for graphs
made by :func:`~sociale_basis.social.build.build_graph` or
:func:`~sociale_basis.social.from_tables.social_graph_from_tables`: same nodes, edges, keys and
attributes (a graph without location gives GeoDataFrames without CRS and without
geometries). GraphML can hold only strings, numbers and booleans, one type per attribute
name, so :func:`write_graphml` converts everything else on the way out and says how.

The old names ``graph_to_gdfs`` and ``graph_from_gdfs`` (which OSMnx users read as a
street network) still work for one release, with a DeprecationWarning.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from ..core.compat import renamed_function
from ..core.crs import RD_NEW, require_rd
from .graph import COMMON_ATTRIBUTES, EDGE_ATTRIBUTES, NODE_ATTRIBUTES, RELATIES, has_location

# --- GeoDataFrames -----------------------------------------------------------------------


def social_graph_to_gdfs(G: nx.Graph) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The nodes and edges of a social graph as two GeoDataFrames (EPSG:28992).

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`.

    Returns
    -------
    nodes, edges
        ``nodes`` is indexed by node id (``"knoop"``), one column per node attribute
        (the common ones first) and a Point geometry from ``x``/``y`` (None where a node
        has no location). ``edges`` has columns ``u``, ``v``, ``key`` (MultiGraph only),
        one column per edge attribute, and a straight LineString between the end points.
        Integer columns are nullable ``Int64``, booleans ``boolean``, so an inwoner's age
        comes back as an int. ``nodes.attrs["graph"]`` holds ``G.graph`` and
        ``nodes.attrs["multigraph"]`` the graph type, for :func:`social_graph_from_gdfs`.
        For a graph without location (``G.graph["crs"] is None``) both have no CRS and
        no geometries.
    """
    crs = RD_NEW if has_location(G) else None
    node_ids = list(G.nodes)
    node_data = [d for _, d in G.nodes(data=True)]
    node_cols = _columns(node_data, first=COMMON_ATTRIBUTES)
    x = np.asarray(node_cols.get("x", np.full(len(node_ids), np.nan)), dtype=float)
    y = np.asarray(node_cols.get("y", np.full(len(node_ids), np.nan)), dtype=float)
    points = shapely.points(x, y)
    points[~(np.isfinite(x) & np.isfinite(y))] = None
    nodes = gpd.GeoDataFrame(
        node_cols, index=pd.Index(node_ids, name="knoop", dtype=object), geometry=points, crs=crs
    )
    nodes.attrs["graph"] = dict(G.graph)
    nodes.attrs["multigraph"] = G.is_multigraph()

    if G.is_multigraph():
        triples = list(G.edges(keys=True, data=True))
        ends = {"u": [t[0] for t in triples], "v": [t[1] for t in triples]}
        ends["key"] = [t[2] for t in triples]
        edge_data = [t[3] for t in triples]
    else:
        pairs = list(G.edges(data=True))
        ends = {"u": [t[0] for t in pairs], "v": [t[1] for t in pairs]}
        edge_data = [t[2] for t in pairs]
    edge_cols = _columns(edge_data, first=("soort",))
    position = {n: i for i, n in enumerate(node_ids)}
    iu = np.fromiter((position[n] for n in ends["u"]), dtype=np.int64, count=len(edge_data))
    iv = np.fromiter((position[n] for n in ends["v"]), dtype=np.int64, count=len(edge_data))
    coords = np.stack([np.stack([x[iu], y[iu]], axis=1), np.stack([x[iv], y[iv]], axis=1)], 1)
    lines = np.full(len(edge_data), None, dtype=object)
    located = np.isfinite(coords).all(axis=(1, 2))
    if located.any():
        lines[located] = shapely.linestrings(coords[located])
    edges = gpd.GeoDataFrame(
        {**{k: np.array(v, dtype=object) for k, v in ends.items()}, **edge_cols},
        geometry=lines,
        crs=crs,
    )
    return nodes, edges


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _columns(data: list[dict[str, Any]], first: tuple[str, ...]) -> dict[str, Any]:
    """One typed column per attribute name, in the order first seen (``first`` leading)."""
    names: dict[str, None] = dict.fromkeys(first)
    for d in data:
        names.update(dict.fromkeys(d))
    columns: dict[str, Any] = {}
    for name in names:
        values = [_plain(d.get(name)) for d in data]
        if name in first and all(name not in d for d in data):
            continue
        columns[name] = _typed(values)
    return columns


def _typed(values: list[Any]) -> Any:
    present = [v for v in values if not _missing(v)]
    if present and all(isinstance(v, bool) for v in present):
        return pd.array([None if _missing(v) else v for v in values], dtype="boolean")
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array([None if _missing(v) else v for v in values], dtype="Int64")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return np.array([None if _missing(v) else v for v in values], dtype=object)


def social_graph_from_gdfs(nodes: gpd.GeoDataFrame, edges: pd.DataFrame) -> nx.Graph:
    """The social graph back from the GeoDataFrames of :func:`social_graph_to_gdfs`.

    A missing value becomes ``None`` for an attribute the node or edge kind always has
    (:data:`~sociale_basis.social.graph.NODE_ATTRIBUTES`, ``EDGE_ATTRIBUTES``) and is left out
    otherwise, so the round trip gives equal attributes. ``x``/``y`` are taken from the
    geometry when the columns are missing. Nodes without CRS and without any geometry
    give a graph without location (``G.graph["crs"] = None``, ``x = y = NaN``).

    Parameters
    ----------
    nodes
        Indexed by node id, EPSG:28992 (or no CRS and no geometries at all).
    edges
        Columns ``u``, ``v``, optionally ``key`` (then the result is a MultiGraph) and
        the edge attributes; its geometry is not read.

    Returns
    -------
    networkx.Graph or networkx.MultiGraph

    Raises
    ------
    ValueError
        When the nodes have geometries but no CRS, or another CRS than EPSG:28992.
    """
    located = nodes.crs is not None or bool(nodes.geometry.notna().any())
    if located:
        require_rd(nodes, "de knopen")
    multigraph = bool(nodes.attrs.get("multigraph", "key" in edges.columns))
    G: nx.Graph = nx.MultiGraph() if multigraph else nx.Graph()
    G.graph.update(nodes.attrs.get("graph", {}))
    G.graph["crs"] = RD_NEW if located else None

    table = pd.DataFrame(nodes.drop(columns=nodes.geometry.name))
    if "x" not in table.columns:
        table["x"] = shapely.get_x(nodes.geometry.to_numpy()) if located else np.nan
        table["y"] = shapely.get_y(nodes.geometry.to_numpy()) if located else np.nan
    columns = {c: _python_list(table[c]) for c in table.columns}
    kinds = columns.get("soort", [None] * len(table))
    G.add_nodes_from(
        (n, _attrs(columns, i, _node_schema(kinds[i]))) for i, n in enumerate(table.index.tolist())
    )

    edge_table = pd.DataFrame(edges.drop(columns=[c for c in ("geometry",) if c in edges]))
    ends = [c for c in ("u", "v", "key") if c in edge_table.columns]
    data_cols = {c: _python_list(edge_table[c]) for c in edge_table.columns if c not in ends}
    us, vs = edge_table["u"].tolist(), edge_table["v"].tolist()
    soorten = data_cols.get("soort", [None] * len(edge_table))
    schemas = [_edge_schema(s) for s in soorten]
    if multigraph:
        keys = edge_table["key"].tolist() if "key" in edge_table else [None] * len(us)
        G.add_edges_from(
            (u, v, k, _attrs(data_cols, i, schemas[i]))
            for i, (u, v, k) in enumerate(zip(us, vs, keys, strict=True))
        )
    else:
        G.add_edges_from(
            (u, v, _attrs(data_cols, i, schemas[i]))
            for i, (u, v) in enumerate(zip(us, vs, strict=True))
        )
    return G


def _python_list(s: pd.Series) -> list[Any]:
    return [None if _missing(v) else _plain(v) for v in s.astype(object).tolist()]


def _node_schema(soort: Any) -> frozenset[str]:
    return frozenset((*COMMON_ATTRIBUTES, *NODE_ATTRIBUTES.get(str(soort), ())))


def _edge_schema(soort: Any) -> frozenset[str]:
    rel = RELATIES.get(str(soort))
    return frozenset(EDGE_ATTRIBUTES[bool(rel and rel.gericht)])


def _attrs(columns: dict[str, list[Any]], i: int, schema: frozenset[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, values in columns.items():
        value = values[i]
        if value is None:
            if name in ("x", "y"):
                out[name] = math.nan
            elif name in schema:
                out[name] = None
        else:
            out[name] = value
    return out


graph_to_gdfs = renamed_function(social_graph_to_gdfs, "graph_to_gdfs")
"""Old name of :func:`social_graph_to_gdfs` (warns; one more release)."""

graph_from_gdfs = renamed_function(social_graph_from_gdfs, "graph_from_gdfs")
"""Old name of :func:`social_graph_from_gdfs` (warns; one more release)."""


# --- GraphML -----------------------------------------------------------------------------


def write_graphml(G: nx.Graph, path: str | os.PathLike[str]) -> None:
    """Write a social graph to GraphML, converting what GraphML cannot hold.

    Rules, per attribute name (separately for graph, nodes and edges), because GraphML
    declares one type per name:

    * ``None`` (and NaN, pd.NA) is left out: GraphML's way of saying "unknown";
    * numpy scalars become Python numbers; a name with ints and floats becomes float;
    * lists, tuples, sets and dicts become JSON text, geometries WKT, anything else
      ``str(value)``; once one value of a name is text, all values of it are written
      as text (a name with booleans and numbers too);

    so ``networkx.read_graphml`` reads the file back with the same nodes and edges (edge
    keys as GraphML edge ids).

    Parameters
    ----------
    G
        The graph; it is not changed.
    path
        Where to write (``.graphml``).
    """
    H: nx.Graph = nx.MultiGraph() if G.is_multigraph() else nx.Graph()
    H.graph.update(_graphml_values([dict(G.graph)])[0])
    node_ids = list(G.nodes)
    node_values = _graphml_values([d for _, d in G.nodes(data=True)])
    H.add_nodes_from(zip([str(n) for n in node_ids], node_values, strict=True))
    if G.is_multigraph():
        triples = list(G.edges(keys=True, data=True))
        values = _graphml_values([t[3] for t in triples])
        H.add_edges_from(
            (str(u), str(v), str(k), d) for (u, v, k, _), d in zip(triples, values, strict=True)
        )
    else:
        pairs = list(G.edges(data=True))
        values = _graphml_values([t[2] for t in pairs])
        H.add_edges_from((str(u), str(v), d) for (u, v, _), d in zip(pairs, values, strict=True))
    nx.write_graphml(H, path)


def _graphml_values(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each dict with values GraphML can hold and one type per name."""
    kinds: dict[str, set[str]] = {}
    for d in data:
        for name, value in d.items():
            value = _plain(value)
            if _missing(value):
                continue
            if isinstance(value, bool):
                kind = "bool"
            elif isinstance(value, int):
                kind = "int"
            elif isinstance(value, float):
                kind = "float"
            else:
                kind = "str"
            kinds.setdefault(str(name), set()).add(kind)
    target = {name: _target(k) for name, k in kinds.items()}
    out = []
    for d in data:
        clean: dict[str, Any] = {}
        for name, value in d.items():
            value = _plain(value)
            if _missing(value):
                continue
            clean[str(name)] = _convert(value, target[str(name)])
        out.append(clean)
    return out


def _target(kinds: set[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds == {"int", "float"}:
        return "float"
    return "str"


def _convert(value: Any, target: str) -> Any:
    if target == "float":
        return float(value)
    if target != "str":
        return value
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | set | frozenset | dict):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return json.dumps(items, ensure_ascii=False, default=str)
    if isinstance(value, shapely.Geometry):
        return value.wkt
    return str(value)

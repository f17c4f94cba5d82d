"""Street network: from edge and node layers to a networkx graph in RD New."""

from __future__ import annotations

import geopandas as gpd
import networkx as nx
import numpy as np

from .crs import RD_NEW, require_rd

# Edge columns carried into the graph when present (others stay in the GeoPackage).
EDGE_ATTRIBUTES = ("highway", "motor_only", "car_road", "name", "oneway_src")


def graph_from_edges(edges: gpd.GeoDataFrame, *, naam: str = "") -> nx.MultiGraph:
    """An undirected street network from a layer of LineStrings with end-node ids.

    Parameters
    ----------
    edges
        One row per street segment, in EPSG:28992, with columns ``u`` and ``v`` (end-node
        ids; the geometry runs from ``u`` to ``v``) and optionally ``edge_id``,
        ``highway``, ``motor_only``. ``length_m`` is recomputed from the geometry (planar
        length in metres) so that every edge has it.
    naam
        Stored in ``G.graph["naam"]``.

    Returns
    -------
    networkx.MultiGraph
        Nodes carry ``x`` and ``y`` (RD metres, taken from the edge end points); edges carry
        ``length_m``, ``geometry`` and the attributes in :data:`EDGE_ATTRIBUTES` that the
        layer has. Parallel edges are kept (keyed by ``edge_id``). ``G.graph["crs"]`` is
        ``"EPSG:28992"``.
    """
    require_rd(edges, "het straatnetwerk")
    missing = {"u", "v"} - set(edges.columns)
    if missing:
        raise ValueError(
            f"het straatnetwerk mist de kolom(men) {sorted(missing)}; elke lijn heeft de "
            "knoop-id's van begin- en eindpunt nodig (u, v)."
        )
    geoms = edges.geometry.to_numpy()
    lengths = edges.geometry.length.to_numpy()
    keys = edges["edge_id"].to_numpy() if "edge_id" in edges.columns else np.arange(len(edges))
    attrs = [c for c in EDGE_ATTRIBUTES if c in edges.columns]
    values = {c: edges[c].to_numpy() for c in attrs}
    us, vs = edges["u"].to_numpy(), edges["v"].to_numpy()

    G = nx.MultiGraph(crs=RD_NEW, naam=naam)
    for i in range(len(edges)):
        data = {c: _plain(values[c][i]) for c in attrs}
        G.add_edge(
            us[i],
            vs[i],
            key=_plain(keys[i]),
            length_m=float(lengths[i]),
            geometry=geoms[i],
            **data,
        )
    # End points of each geometry give the node coordinates (u = start, v = end).
    starts = gpd.GeoSeries(geoms, crs=RD_NEW).get_coordinates(index_parts=False)
    first = starts.groupby(level=0).head(1)
    last = starts.groupby(level=0).tail(1)
    nx.set_node_attributes(G, dict(zip(us, first["x"].to_numpy(), strict=True)), "x")
    nx.set_node_attributes(G, dict(zip(us, first["y"].to_numpy(), strict=True)), "y")
    nx.set_node_attributes(G, dict(zip(vs, last["x"].to_numpy(), strict=True)), "x")
    nx.set_node_attributes(G, dict(zip(vs, last["y"].to_numpy(), strict=True)), "y")
    return G


def _plain(value: object) -> object:
    """numpy scalars to Python ones, so pickles and GraphML stay portable."""
    return value.item() if isinstance(value, np.generic) else value

"""Street networks: read them (GeoPackage, GeoJSON, GraphML, OSM) or build them, and check them.

Every reader returns the same thing: an undirected :class:`networkx.MultiGraph` in
EPSG:28992 whose nodes carry ``x`` and ``y`` (RD metres) and whose edges carry
``length_m`` (planar length of the geometry in metres), ``geometry`` (a LineString running
from the edge's ``u`` node to its ``v`` node) and, where the source has them, ``highway``,
``motor_only``, ``car_road``, ``foot``, ``bicycle``, ``motor_vehicle``, ``maxspeed``,
``name``, ``oneway``.
``G.graph["crs"] == "EPSG:28992"``. Which edges a mode may use is decided by
:func:`~sociale_basis.streets.modes.allowed_edges` (rules documented there); preparation
for one mode is in :mod:`sociale_basis.streets.prepare`, snapping in
:mod:`sociale_basis.streets.snap`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from ..core.compat import renamed_function
from ..core.crs import RD_NEW, looks_like_lonlat, looks_like_rd
from ..core.errors import DataNotFoundError, Problem, ValidationError
from .modes import highway_classes

# Edge columns carried into the graph when present (others stay in the file).
EDGE_ATTRIBUTES = (
    "highway",
    "motor_only",
    "car_road",
    "foot",
    "bicycle",
    "motor_vehicle",
    "maxspeed",
    "name",
    "oneway",
    "oneway_src",
)

# OSM values that are no way in use (the OSMnx "all" filter drops the same ones).
_NOT_IN_USE = frozenset(
    {"abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed"}
    | {"rest_area", "services"}
)
_OSM_TAGS = ("foot", "bicycle", "motor_vehicle", "motorroad")
_VECTOR_SUFFIXES = (".gpkg", ".geojson", ".json", ".shp", ".fgb")


# --- reading -----------------------------------------------------------------------------


# Long only through its docstring: every format and every error (house style).
def read_network(
    path: str | Path,
    *,
    layer: str | None = None,
    node_layer: str | None = None,
    naam: str | None = None,
) -> nx.MultiGraph:
    """Read a street network from a file into a graph in EPSG:28992.

    Parameters
    ----------
    path
        A GeoPackage, GeoJSON, Shapefile or FlatGeobuf with a layer of LineStrings (one row
        per street segment; end-node ids in ``u``/``v``, else derived from identical end
        points rounded to 1 cm); a GraphML file as written by OSMnx; or OpenStreetMap data:
        ``.osm`` XML (OSMnx ``graph_from_xml``) or ``.osm.pbf`` (``highway=*`` ways).
    layer
        The edge layer; default ``"edges"`` when the file has it, else its only layer.
    node_layer
        Optional node layer with ``node_id``: its other columns become node attributes
        and every ``u``/``v`` must occur in it.
    naam
        Stored in ``G.graph["naam"]``; default the file name.

    Returns
    -------
    networkx.MultiGraph
        See the module docstring. GraphML and OSM input (lon/lat) is projected to RD New;
        ``length_m`` is always recomputed from the projected geometry.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValueError
        An unknown file format, or a ``layer`` the file does not have.
    ValidationError
        No CRS, a CRS that does not fit the coordinates, no edges, rows without a usable
        geometry; every problem at once.
    ImportError
        GraphML/OSM input without OSMnx (or ``.pbf`` without pyosmium) installed.
    """
    path = Path(path)
    if not path.exists():
        raise DataNotFoundError(
            f"Netwerkbestand '{path}' bestaat niet. Controleer het pad, of download een "
            "netwerk met network_from_place('Plaats, Nederland')."
        )
    naam = naam if naam is not None else path.name
    name = path.name.lower()
    if name.endswith(".graphml"):
        ox = _require("osmnx", "GraphML-bestanden")
        return _from_osmnx(ox.load_graphml(path), naam, str(path))
    if name.endswith(".pbf"):
        return _read_pbf(path, naam)
    if name.endswith((".osm", ".xml")):
        return _read_osm_xml(path, naam, str(path))
    if name.endswith(_VECTOR_SUFFIXES):
        return _read_vector(path, layer, node_layer, naam)
    raise ValueError(
        f"Onbekend netwerkformaat '{path.suffix}' ({path.name}). Verwacht: "
        f"{', '.join(_VECTOR_SUFFIXES)}, .graphml, .osm of .osm.pbf."
    )


def network_from_place(naam: str, *, network_type: str = "all") -> nx.MultiGraph:
    """Download the street network of a place with OSMnx (needs internet).

    Everything after the download (projection, undirected graph, lengths, tag filter) is
    the code path of :func:`read_network` for ``.osm`` files, which the tests exercise.

    Parameters
    ----------
    naam
        A place OSMnx/Nominatim knows, e.g. ``"Zwolle, Nederland"``.
    network_type
        OSMnx network type; ``"all"`` keeps footways, cycleways and motorways so that
        :func:`~sociale_basis.streets.modes.allowed_edges` can decide per mode.
    """
    ox = _require("osmnx", "network_from_place")
    with _osm_tags(ox):
        G = ox.graph_from_place(naam, network_type=network_type, simplify=False, retain_all=True)
    return _from_osmnx(_simplify(ox, G), naam, naam)


def network_from_edges(edges: gpd.GeoDataFrame, *, naam: str = "") -> nx.MultiGraph:
    """An undirected street network from a layer of LineStrings with end-node ids.

    Parameters
    ----------
    edges
        One row per street segment, in EPSG:28992, with columns ``u`` and ``v`` (end-node
        ids; the geometry runs from ``u`` to ``v``) and optionally ``edge_id`` and the
        columns in :data:`EDGE_ATTRIBUTES`. ``length_m`` is recomputed from the geometry
        (planar length in metres) so that every edge has it.
    naam
        Stored in ``G.graph["naam"]``.

    Returns
    -------
    networkx.MultiGraph
        Nodes carry ``x`` and ``y`` (from the edge end points); edges carry ``length_m``,
        ``geometry`` and the attributes the layer has. Parallel edges are kept (keyed by
        ``edge_id``). ``G.graph["crs"]`` is ``"EPSG:28992"``.

    Raises
    ------
    ValueError
        No CRS or not EPSG:28992; no ``u`` or ``v`` column.
    ValidationError
        Rows without a LineString, all listed.
    """
    from ..core.crs import require_rd

    require_rd(edges, "het straatnetwerk")
    missing = {"u", "v"} - set(edges.columns)
    if missing:
        raise ValueError(
            f"het straatnetwerk mist de kolom(men) {sorted(missing)}; elke lijn heeft de "
            "knoop-id's van begin- en eindpunt nodig (u, v)."
        )
    _check_geometries(edges, naam or "het straatnetwerk")
    geoms = edges.geometry.to_numpy()
    lengths = shapely.length(geoms)
    keys = edges["edge_id"].to_numpy() if "edge_id" in edges.columns else np.arange(len(edges))
    attrs = [c for c in EDGE_ATTRIBUTES if c in edges.columns]
    columns = [edges[c].to_numpy() for c in attrs]
    us = [_plain(x) for x in edges["u"].to_numpy()]
    vs = [_plain(x) for x in edges["v"].to_numpy()]

    G = nx.MultiGraph(crs=RD_NEW, naam=naam)
    for i in range(len(edges)):
        data = {c: _plain(col[i]) for c, col in zip(attrs, columns, strict=True)}
        data = {c: x for c, x in data.items() if x is not None}
        key = _plain(keys[i])
        G.add_edge(us[i], vs[i], key=key, length_m=float(lengths[i]), geometry=geoms[i], **data)
    # End points of each geometry give the node coordinates (u = start, v = end).
    first = shapely.get_coordinates(shapely.get_point(geoms, 0))
    last = shapely.get_coordinates(shapely.get_point(geoms, -1))
    for ids, xy in ((us, first), (vs, last)):
        nx.set_node_attributes(G, dict(zip(ids, xy[:, 0].tolist(), strict=True)), "x")
        nx.set_node_attributes(G, dict(zip(ids, xy[:, 1].tolist(), strict=True)), "y")
    return G


graph_from_edges = renamed_function(network_from_edges, "graph_from_edges")
"""Old name of :func:`network_from_edges`: warns (see :mod:`sociale_basis.core.compat`)."""


# --- helpers -----------------------------------------------------------------------------


def _require(package: str, what: str) -> Any:
    """Import an optional package or say in Dutch which one to install."""
    import importlib

    pip_name = {"osmium": "osmium (pyosmium)"}.get(package, package)
    try:
        return importlib.import_module(package)
    except ImportError as err:
        raise ImportError(
            f"Voor {what} is het pakket '{pip_name}' nodig, maar dat is niet "
            f"geïnstalleerd. Installeer het met: pip install {package.split()[0]}"
        ) from err


class _osm_tags:
    """Let OSMnx keep the access tags the mode rules use (restored afterwards)."""

    def __init__(self, ox: Any) -> None:
        self.ox = ox
        self.saved: list[str] = list(ox.settings.useful_tags_way)

    def __enter__(self) -> None:
        self.ox.settings.useful_tags_way = list(dict.fromkeys([*self.saved, *_OSM_TAGS]))

    def __exit__(self, *exc: object) -> None:
        self.ox.settings.useful_tags_way = self.saved


def _read_osm_xml(path: Path, naam: str, source: str) -> nx.MultiGraph:
    ox = _require("osmnx", "OSM-bestanden (.osm)")
    with _osm_tags(ox):
        G = ox.graph_from_xml(path, simplify=False, retain_all=True)
    return _from_osmnx(_simplify(ox, G), naam, source)


def _simplify(ox: Any, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """OSMnx simplification that never merges ways whose class or access tags differ
    (its default would merge a residential street into a motorway at a degree-2 node)."""
    if G.number_of_edges() == 0:
        return G
    present = {k for _, _, d in G.edges(data=True) for k in d}
    differ = [t for t in ("highway", "access", *_OSM_TAGS) if t in present]
    return ox.simplify_graph(G, edge_attrs_differ=differ)


def _read_pbf(path: Path, naam: str) -> nx.MultiGraph:
    """PBF -> only ``highway=*`` ways and their nodes, as OSM XML -> OSMnx."""
    osmium = _require("osmium", "OSM-bestanden (.osm.pbf)")
    _require("osmnx", "OSM-bestanden (.osm.pbf)")
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "highways.osm"
        with osmium.BackReferenceWriter(str(xml), ref_src=str(path), overwrite=True) as writer:
            ways = (
                osmium.FileProcessor(str(path))
                .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
                .with_filter(osmium.filter.KeyFilter("highway"))
            )
            for way in ways:
                writer.add(way)
        return _read_osm_xml(xml, naam, str(path))


def _from_osmnx(G: nx.MultiDiGraph, naam: str, source: str) -> nx.MultiGraph:
    """An OSMnx graph (any CRS) -> our undirected graph in RD New. Shared by all OSM paths."""
    ox = _require("osmnx", "OSM-netwerken")
    crs = G.graph.get("crs")
    if crs is None:
        raise ValidationError(
            [Problem(source, None, "crs", None, "het netwerk heeft geen CRS", _CRS_FIX)]
        )
    if len(G) == 0 or G.number_of_edges() == 0:
        raise ValidationError([_empty(source)])
    xs = np.array([d.get("x", np.nan) for _, d in G.nodes(data=True)], float)
    ys = np.array([d.get("y", np.nan) for _, d in G.nodes(data=True)], float)
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        bad = [n for n, d in G.nodes(data=True) if d.get("x") is None or d.get("y") is None]
        raise ValidationError(
            [
                Problem(source, None, "x/y", n, "knoop zonder coördinaten", "vul x en y aan")
                for n in bad[:20]
            ]
        )
    _check_crs_fits(crs, float(np.median(xs)), float(np.median(ys)), source)
    G = ox.projection.project_graph(G, to_crs=RD_NEW)
    if G.is_directed():
        G = ox.convert.to_undirected(G)
    edges = ox.convert.graph_to_gdfs(G, nodes=False, fill_edge_geometry=True)
    edges = edges.reset_index()
    keep = np.array([_in_use(h) for h in edges.get("highway", [None] * len(edges))], bool)
    if "area" in edges.columns:
        keep &= ~edges["area"].astype(str).eq("yes").to_numpy()
    edges = edges[keep]
    if edges.empty:
        raise ValidationError([_empty(source)])
    # Orient every geometry from u to v (OSMnx does not promise this after to_undirected).
    node_xy = {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)}
    uxy = np.array([node_xy[n] for n in edges["u"]])
    start = shapely.get_coordinates(shapely.get_point(edges.geometry.to_numpy(), 0))
    end = shapely.get_coordinates(shapely.get_point(edges.geometry.to_numpy(), -1))
    flip = np.hypot(*(end - uxy).T) < np.hypot(*(start - uxy).T)
    geoms = edges.geometry.to_numpy().copy()
    geoms[flip] = shapely.reverse(geoms[flip])
    edges = gpd.GeoDataFrame(
        edges.drop(columns="geometry"), geometry=geoms, crs=RD_NEW
    ).reset_index(drop=True)
    edges["edge_id"] = np.arange(len(edges))
    return network_from_edges(edges, naam=naam)


def _read_vector(path: Path, layer: str | None, node_layer: str | None, naam: str) -> nx.MultiGraph:
    import pyogrio

    layers = [str(x) for x in pyogrio.list_layers(path)[:, 0]]
    if layer is None:
        layer = "edges" if "edges" in layers else layers[0]
    elif layer not in layers:
        raise ValueError(
            f"{path.name}: laag '{layer}' bestaat niet; beschikbaar: {', '.join(layers)}."
        )
    edges = gpd.read_file(path, layer=layer)
    source = f"{path.name} (laag {layer})"
    if edges.empty:
        raise ValidationError([_empty(source)])
    if edges.crs is None:
        raise ValidationError(
            [Problem(source, None, "crs", None, "de laag heeft geen CRS", _CRS_FIX)]
        )
    _check_geometries(edges, source)
    xmin, ymin, xmax, ymax = edges.total_bounds
    _check_crs_fits(edges.crs, (xmin + xmax) / 2, (ymin + ymax) / 2, source)
    if edges.crs.to_epsg() != 28992:
        edges = edges.to_crs(RD_NEW)
    if "u" not in edges.columns or "v" not in edges.columns:
        edges = _topology_from_endpoints(edges)
    G = network_from_edges(edges, naam=naam)
    if node_layer is not None:
        _attach_nodes(G, gpd.read_file(path, layer=node_layer), f"{path.name} ({node_layer})")
    return G


_CRS_FIX = (
    "zet de CRS in het bestand (meestal EPSG:28992 voor RD-meters, EPSG:4326 voor "
    "lengte/breedte) of lees in met geopandas en .set_crs()"
)


def _check_crs_fits(crs: Any, x: float, y: float, source: str) -> None:
    """Raise when the coordinates do not fit the stated CRS (RD numbers labelled lon/lat)."""
    from pyproj import CRS

    crs = CRS.from_user_input(crs)
    if crs.is_geographic and not looks_like_lonlat(x, y):
        hint = " Dit lijken RD-meters (EPSG:28992)." if looks_like_rd(x, y) else ""
        raise ValidationError(
            [
                Problem(
                    source,
                    None,
                    "crs",
                    crs.to_string(),
                    f"coördinaten ({x:.0f}, {y:.0f}) passen niet bij deze CRS "
                    f"(verwacht lengte/breedte in Nederland).{hint}",
                    "zet de juiste CRS met .set_crs(..., allow_override=True)",
                )
            ]
        )
    if crs.to_epsg() == 28992 and not looks_like_rd(x, y):
        hint = " Dit lijken lengte/breedtegraden (EPSG:4326)." if looks_like_lonlat(x, y) else ""
        raise ValidationError(
            [
                Problem(
                    source,
                    None,
                    "crs",
                    crs.to_string(),
                    f"coördinaten ({x:.4g}, {y:.4g}) liggen niet in Nederland in RD.{hint}",
                    "zet de juiste CRS met .set_crs(..., allow_override=True)",
                )
            ]
        )


def _check_geometries(edges: gpd.GeoDataFrame, source: str) -> None:
    """Every row needs a non-empty LineString; list every row that has none."""
    geoms = edges.geometry.to_numpy()
    kinds = shapely.get_type_id(geoms)  # -1 missing, 1 LineString
    empty = shapely.is_empty(geoms) | (kinds == -1)
    problems = []
    for i in np.flatnonzero(empty | (kinds != 1)):
        what = "geen geometrie" if empty[i] else f"geometrie is {geoms[i].geom_type}"
        problems.append(
            Problem(
                source,
                int(i) + 2,
                "geometry",
                None if empty[i] else geoms[i].geom_type,
                f"{what}; elk wegvak moet een LineString zijn",
                "verwijder de rij of vul de lijn aan (MultiLineString: explode() eerst)",
            )
        )
    if problems:
        raise ValidationError(problems)


def _topology_from_endpoints(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``u``/``v`` from end points: identical coordinates (to 1 cm) are the same node."""
    geoms = edges.geometry.to_numpy()
    ends = np.vstack(
        [
            shapely.get_coordinates(shapely.get_point(geoms, 0)),
            shapely.get_coordinates(shapely.get_point(geoms, -1)),
        ]
    )
    _, ids = np.unique(np.round(ends, 2), axis=0, return_inverse=True)
    out = edges.copy()
    out["u"] = ids[: len(edges)]
    out["v"] = ids[len(edges) :]
    return out


def _attach_nodes(G: nx.MultiGraph, nodes: gpd.GeoDataFrame, source: str) -> None:
    if "node_id" not in nodes.columns:
        raise ValidationError(
            [Problem(source, None, "node_id", None, "kolom ontbreekt", "voeg node_id toe")]
        )
    table = pd.DataFrame(nodes.drop(columns="geometry")).set_index("node_id")
    missing = [n for n in G.nodes if n not in table.index]
    if missing:
        raise ValidationError(
            [
                Problem(source, None, "node_id", n, "knoop van een wegvak ontbreekt", "vul aan")
                for n in missing[:20]
            ]
        )
    for column in table.columns:
        values = {k: _plain(v) for k, v in table[column].items()}
        nx.set_node_attributes(G, values, column)


def _empty(source: str) -> Problem:
    return Problem(
        source,
        None,
        None,
        None,
        "het netwerk heeft geen wegvakken",
        "kies een ander bestand of laag",
    )


def _in_use(highway: object) -> bool:
    classes = highway_classes(highway)
    return bool(classes) and not classes <= _NOT_IN_USE


def _plain(value: object) -> object:
    """numpy scalars to Python ones, so pickles and GraphML stay portable."""
    if isinstance(value, float) and np.isnan(value):
        return None
    return value.item() if isinstance(value, np.generic) else value

"""Street networks from OpenStreetMap extracts (``.osm.pbf``), read as a stream.

An extract as Geofabrik delivers it can hold a whole province. :func:`read_pbf_streets`
reads it once, front to back, with pyosmium: node locations go into an index (in memory
for small files, in a temporary file for large ones, :func:`location_storage`), and only
``highway=*`` ways that reach the area of interest (``clip``, in lon/lat) become edges. A
way is split at every node it shares with another way and at its ends, so every edge runs
between two junctions and keeps its intermediate vertices; lengths are planar metres in
EPSG:28992.

Typing, for :func:`~sociale_basis.streets.modes.allowed_edges` (the only place with the
rules): ``highway``; ``foot`` and ``bicycle`` as tagged, else ``"no"`` where ``access`` is
``no`` or ``private``; ``motor_vehicle`` ``"no"`` where ``motor_vehicle``, ``motorcar``,
``vehicle`` or ``access`` (the first that is tagged) forbids cars; ``motor_only`` for
``motorroad=yes`` and the motorway and trunk classes; ``oneway`` (for cars; ``-1`` is
turned so the geometry runs the allowed way; carried, the router is undirected);
``maxspeed`` and ``name``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..core.crs import RD_NEW, WGS84
from ..core.errors import DataNotFoundError, Problem, ValidationError
from .modes import CAR_CLASSES, MOTOR_ONLY_CLASSES, highway_classes

NOT_IN_USE = frozenset(
    {"abandoned", "construction", "no", "planned", "platform", "proposed", "raceway", "razed"}
    | {"rest_area", "services", "bus_stop", "elevator", "corridor"}
)
"""``highway`` values that are no way to travel on (OSMnx's "all" filter drops the same,
plus stops, lifts and corridors inside buildings)."""

CLOSED = frozenset({"no", "private"})
"""Access values that close a way to a mode (``destination``, ``permissive`` keep it open)."""

LARGE_FILE_BYTES = 200_000_000
"""From this size on, node locations are kept in a temporary file instead of in memory."""

_OSM_TAGS = ("highway", "name", "maxspeed", "foot", "bicycle", "access", "oneway")
_CAR_ACCESS = ("motor_vehicle", "motorcar", "vehicle", "access")


@dataclass
class OsmStraten:
    """The streets read from an extract.

    Attributes
    ----------
    edges
        One row per edge (EPSG:28992): ``edge_id``, ``u``, ``v`` (OSM node ids; the
        geometry runs from u to v), ``osm_way_id``, ``length_m`` and the typing columns
        (module docstring). Only the largest connected component; edges without length
        (a way from a node back to itself) are left out.
    dekking
        Where the extract has streets: the convex hull of every street node that was read,
        in EPSG:28992 (None when no way reached the area).
    losse_delen
        Edges left out because they lie outside the largest component.
    """

    edges: gpd.GeoDataFrame
    dekking: shapely.Geometry | None
    losse_delen: int


def check_pbf(path: str | Path) -> Path:
    """The path of an OSM PBF file, after a look at its first bytes.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValidationError
        The file is empty or does not start as a PBF file does (an OSM XML file, an HTML
        error page saved under a .pbf name, a GeoPackage).
    """
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(
            f"OSM-bestand '{path}' bestaat niet. Download een uittreksel van uw provincie "
            "(bijv. bij Geofabrik, .osm.pbf) en geef het pad op."
        )
    with path.open("rb") as f:
        head = f.read(32)
    if b"OSMHeader" not in head:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    head[:16].decode("latin-1", "replace"),
                    "geen OSM PBF-bestand (het begint niet met een OSMHeader)",
                    "geef een .osm.pbf-bestand, bijv. van download.geofabrik.de; een .osm "
                    "(XML) leest sb.streets.read_network",
                )
            ]
        )
    return path


def pbf_error(path: Path, err: Exception) -> ValidationError:
    """A reading error of pyosmium (truncated or corrupt file) as a Dutch problem."""
    return ValidationError(
        [
            Problem(
                str(path),
                None,
                None,
                str(err),
                "het PBF-bestand is afgebroken of beschadigd",
                "download het opnieuw (controleer de grootte of de md5 van de download)",
            )
        ]
    )


def location_storage(path: Path, folder: str) -> str:
    """The pyosmium node-location index for a file: ``flex_mem`` up to
    :data:`LARGE_FILE_BYTES`, else a sparse index in a file in ``folder`` (so memory
    stays bounded for a province)."""
    if path.stat().st_size < LARGE_FILE_BYTES:
        return "flex_mem"
    return f"sparse_file_array,{Path(folder) / 'locaties.bin'}"


def read_pbf_streets(
    path: str | Path, clip: tuple[float, float, float, float] | None = None
) -> OsmStraten:
    """The street network of an OSM extract, as edges in EPSG:28992.

    Parameters
    ----------
    path
        An ``.osm.pbf`` file.
    clip
        ``(west, south, east, north)`` in lon/lat: only ways with a node in this box (or
        whose first or last node lies within 0.05 degrees of it) are kept. None: every way.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValidationError
        Not a PBF file, a truncated or corrupt one, or no street in ``clip``.
    ImportError
        pyosmium is not installed.
    """
    path = check_pbf(path)
    ways = _read_ways(path, clip)
    if not ways:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    None,
                    "highway",
                    "",
                    "geen enkele weg (highway=*) in het gebied",
                    "kies het uittreksel van de provincie waarin de gemeente ligt",
                )
            ]
        )
    edges = _split(ways)
    hull = shapely.convex_hull(shapely.multipoints(edges.geometry.get_coordinates().to_numpy()))
    largest, dropped = _largest_component(edges)
    return OsmStraten(largest, hull, dropped)


def _read_ways(path: Path, clip: tuple[float, float, float, float] | None) -> list[dict[str, Any]]:
    """Every highway way in use that reaches ``clip``: its node ids, lon/lat and tags."""
    import tempfile

    osmium = require_osmium()
    near = None if clip is None else _grow(clip, 0.05)
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations(location_storage(path, tmp))
            .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
        try:
            for way in processor:
                if near is not None and not _ends_near(way, near):
                    continue  # first: most ways of a province lie far from the gemeente
                tags = {k: way.tags.get(k) for k in (*_OSM_TAGS, *_CAR_ACCESS[:3])}
                tags.update(
                    {k: way.tags.get(k) for k in ("area", "junction", "motorroad") if k in way.tags}
                )
                if not _in_use(tags):
                    continue
                refs = [(n.ref, n.lon, n.lat) for n in way.nodes if n.location.valid()]
                if len(refs) < 2:
                    continue
                if clip is not None and not _touches(refs, clip):
                    continue
                found.append({"id": way.id, "nodes": refs, "tags": tags})
        except RuntimeError as err:
            raise pbf_error(path, err) from err
    return found


def require_osmium() -> Any:
    """pyosmium, or an ImportError that says in Dutch how to install it."""
    try:
        import osmium
    except ImportError as err:
        raise ImportError(
            "Voor OSM-bestanden (.osm.pbf) is het pakket 'osmium' (pyosmium) nodig. "
            "Installeer het met: pip install osmium"
        ) from err
    return osmium


def _in_use(tags: dict[str, Any]) -> bool:
    classes = highway_classes(tags.get("highway"))
    return bool(classes) and not classes <= NOT_IN_USE and tags.get("area") != "yes"


def _grow(box: tuple[float, float, float, float], d: float) -> tuple[float, float, float, float]:
    return (box[0] - d, box[1] - d, box[2] + d, box[3] + d)


def _inside(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _ends_near(way: Any, box: tuple[float, float, float, float]) -> bool:
    """A quick test before a way's nodes are read: its first or last node lies near the box
    (a way that runs through the area from far away on both ends is rare)."""
    if len(way.nodes) == 0:
        return False
    for node in (way.nodes[0], way.nodes[-1]):
        if node.location.valid() and _inside(node.lon, node.lat, box):
            return True
    return False


def _touches(refs: list[tuple[int, float, float]], box: tuple[float, float, float, float]) -> bool:
    return any(_inside(lon, lat, box) for _, lon, lat in refs)


def _split(ways: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Ways split at shared nodes and their ends into edges, projected to RD New."""
    all_ids = np.fromiter((r[0] for w in ways for r in w["nodes"]), np.int64)
    ids, counts = np.unique(all_ids, return_counts=True)
    shared = set(ids[counts > 1].tolist())
    to_rd = Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
    rows: list[dict[str, Any]] = []
    coords: list[np.ndarray] = []
    for way in ways:
        refs = way["nodes"]
        typing = _typing(way["tags"])
        if _reversed(way["tags"]):
            refs = refs[::-1]
        lonlat = np.array([(lon, lat) for _, lon, lat in refs])
        x, y = to_rd.transform(lonlat[:, 0], lonlat[:, 1])
        xy = np.column_stack([x, y])
        cuts = [0, *[i for i in range(1, len(refs) - 1) if refs[i][0] in shared], len(refs) - 1]
        for a, b in itertools.pairwise(cuts):
            rows.append({"osm_way_id": way["id"], "u": refs[a][0], "v": refs[b][0], **typing})
            coords.append(xy[a : b + 1])
    geoms = shapely.linestrings(
        np.vstack(coords), indices=np.repeat(np.arange(len(coords)), [len(c) for c in coords])
    )
    edges = gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs=RD_NEW)
    edges["length_m"] = shapely.length(geoms)
    # a way from a node back to itself (tagging errors) gives an edge without length
    edges = edges[edges["length_m"] > 0].reset_index(drop=True)
    edges.insert(0, "edge_id", np.arange(len(edges), dtype=np.int64))
    return edges


def _typing(tags: dict[str, Any]) -> dict[str, Any]:
    """The columns the mode rules read, from one way's tags (module docstring)."""
    highway = tags.get("highway")
    classes = highway_classes(highway)
    access = tags.get("access")
    closed = "no" if access in CLOSED else None
    car_tag = next((tags.get(k) for k in _CAR_ACCESS if tags.get(k) is not None), None)
    motor_vehicle = "no" if car_tag in CLOSED else None
    oneway = tags.get("oneway") in ("yes", "true", "1", "-1") or (
        tags.get("junction") in ("roundabout", "circular") and tags.get("oneway") != "no"
    )
    return {
        "highway": highway,
        "name": tags.get("name"),
        "maxspeed": tags.get("maxspeed"),
        "foot": tags.get("foot") or closed,
        "bicycle": tags.get("bicycle") or closed,
        "motor_vehicle": motor_vehicle,
        "motor_only": bool(classes & MOTOR_ONLY_CLASSES) or tags.get("motorroad") == "yes",
        "car_road": bool(classes & CAR_CLASSES) and motor_vehicle is None,
        "oneway": bool(oneway),
    }


def _reversed(tags: dict[str, Any]) -> bool:
    return tags.get("oneway") == "-1"


def _largest_component(edges: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, int]:
    """The edges of the largest connected component, and how many were left out."""
    nodes, codes = np.unique(
        np.r_[edges["u"].to_numpy(), edges["v"].to_numpy()], return_inverse=True
    )
    m = len(edges)
    graph = coo_matrix((np.ones(m), (codes[:m], codes[m:])), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    edge_label = labels[codes[:m]]
    biggest = np.bincount(edge_label).argmax()
    keep = edge_label == biggest
    out = edges[keep].reset_index(drop=True)
    out["edge_id"] = np.arange(len(out), dtype=np.int64)
    return out, int((~keep).sum())

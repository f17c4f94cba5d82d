"""Addresses and voorzieningen from an OpenStreetMap extract (``.osm.pbf``), read as a stream.

- **Addresses**: every node, and every way (a building outline, at its centroid), with
  ``addr:housenumber``: ``adres_id`` (``n<id>`` or ``w<id>``), ``straat``
  (``addr:street``, else ``addr:place``), ``huisnummer``, ``postcode``. OSM addresses in
  the Netherlands mostly come from the BAG import, but include shops and offices: the BAG
  itself (:mod:`sociale_basis.datasets.bag`) is better where a user has it.
- **Voorzieningen**: every node and way whose tags the taxonomy maps to a soort
  (:func:`~sociale_basis.core.taxonomy.soort_from_osm`: amenity, healthcare,
  social_facility, leisure, club, community_centre, sport, tourism, place), and other
  ``amenity``, ``healthcare``, ``social_facility`` and ``office`` features as ``overig``,
  except street furniture without an address (:data:`STREET_FURNITURE`: benches, bins,
  bicycle racks, ...). ``bron = "osm"``, ``bron_soort`` the tag that decided
  (``amenity=doctors``). Relations (multipolygons) are not read.

The file is read once, with the node locations in an index as for the streets
(:func:`sociale_basis.streets.osm.location_storage`).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer

from ..core.crs import RD_NEW, WGS84
from ..core.taxonomy import OSM_KEYS, OSM_TAGS, soort_from_osm
from ..streets.osm import check_pbf, location_storage, pbf_error, require_osmium

OVERIG_KEYS = ("amenity", "healthcare", "social_facility", "office")
"""Keys whose features are voorzieningen even when no soort matches (as ``overig``)."""

STREET_FURNITURE = frozenset(
    {
        "bench",
        "waste_basket",
        "waste_disposal",
        "recycling",
        "bicycle_parking",
        "motorcycle_parking",
        "parking",
        "parking_space",
        "parking_entrance",
        "vending_machine",
        "post_box",
        "telephone",
        "drinking_water",
        "charging_station",
        "clock",
        "shelter",
        "toilets",
        "grit_bin",
        "hunting_stand",
        "bbq",
        "water_point",
        "loading_dock",
        "letter_box",
        "give_box",
        "public_bookcase",
        "atm",
        "fountain",
        "compressed_air",
        "bicycle_repair_station",
        "taxi",
        "photo_booth",
        "smoking_area",
        "watering_place",
    }
)
"""``amenity`` values that are no place people go to for the sociale basis; left out
unless the feature has an address (a parking garage with an address stays, as ``overig``)."""


@dataclass
class OsmPunten:
    """The points read from an extract, in EPSG:28992.

    Attributes
    ----------
    adressen
        Indexed by ``adres_id``: ``straat``, ``huisnummer``, ``postcode``, ``bron``.
    voorzieningen
        Indexed by ``voorziening_id``: ``soort``, ``naam``, ``bron``, ``bron_soort``.
    weggelaten
        Street furniture left out (amenity value -> count), so a user sees it was read.
    """

    adressen: gpd.GeoDataFrame
    voorzieningen: gpd.GeoDataFrame
    weggelaten: dict[str, int]


def read_pbf_points(
    path: str | Path, clip: tuple[float, float, float, float] | None = None
) -> OsmPunten:
    """Addresses and voorzieningen of an OSM extract (module docstring).

    Parameters
    ----------
    path
        An ``.osm.pbf`` file.
    clip
        ``(west, south, east, north)`` in lon/lat: only features in this box; None: all.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValidationError
        Not a PBF file, or a truncated or corrupt one.
    """
    path = check_pbf(path)
    keys = sorted({"addr:housenumber", *OVERIG_KEYS, *(k for k, _ in OSM_TAGS), *OSM_KEYS})
    rows: list[dict[str, Any]] = []
    rings: list[list[tuple[float, float]]] = []
    osmium = require_osmium()
    with tempfile.TemporaryDirectory() as tmp:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations(location_storage(path, tmp))
            .with_filter(osmium.filter.KeyFilter(*keys))
        )
        box = clip if clip is not None else (-180.0, -90.0, 180.0, 90.0)
        try:
            for obj in processor:
                # only what lies in the box is kept (a province holds millions of
                # addresses); a way by its first node, then by its centre below
                if obj.is_node():
                    if not obj.location.valid() or not _in_box(obj.lon, obj.lat, box):
                        continue
                    rings.append([(obj.lon, obj.lat)])
                    rows.append({"id": f"n{obj.id}", "tags": {t.k: t.v for t in obj.tags}})
                    continue
                if len(obj.nodes) == 0:
                    continue
                first = obj.nodes[0]
                if not first.location.valid() or not _in_box(first.lon, first.lat, _grow(box)):
                    continue
                ring = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                rings.append(ring)
                rows.append({"id": f"w{obj.id}", "tags": {t.k: t.v for t in obj.tags}})
        except RuntimeError as err:
            raise pbf_error(path, err) from err
    points = _centres(rings)
    keep = [i for i, (lon, lat) in enumerate(points) if _in_box(lon, lat, box)]
    rows, points = [rows[i] for i in keep], points[keep]
    return _tables(rows, points)


def _grow(box: tuple[float, float, float, float], d: float = 0.01) -> tuple[float, ...]:
    """The box a little larger (a building's first node may lie just outside it)."""
    return (box[0] - d, box[1] - d, box[2] + d, box[3] + d)


def _in_box(lon: float, lat: float, box: tuple[float, ...]) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def _centres(rings: list[list[tuple[float, float]]]) -> np.ndarray:
    """A point per feature in lon/lat: a node itself, the centroid of a closed way
    (a building) or the middle of an open one."""
    out = np.empty((len(rings), 2))
    for i, ring in enumerate(rings):
        if len(ring) == 1:
            out[i] = ring[0]
        elif len(ring) >= 4 and ring[0] == ring[-1]:
            c = shapely.Polygon(ring).centroid
            out[i] = (c.x, c.y)
        else:
            c = shapely.LineString(ring).interpolate(0.5, normalized=True)
            out[i] = (c.x, c.y)
    return out


def _tables(rows: list[dict[str, Any]], points: np.ndarray) -> OsmPunten:
    to_rd = Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
    x, y = to_rd.transform(points[:, 0], points[:, 1]) if len(points) else ([], [])
    geoms = gpd.points_from_xy(x, y, crs=RD_NEW)
    adres: list[int] = []
    vz: list[tuple[int, str]] = []
    dropped: dict[str, int] = {}
    for i, row in enumerate(rows):
        tags = row["tags"]
        if tags.get("addr:housenumber"):
            adres.append(i)
        soort = soort_from_osm(tags)
        if soort == "overig":
            if not any(k in tags for k in OVERIG_KEYS):
                continue
            amenity = tags.get("amenity")
            if amenity in STREET_FURNITURE and not tags.get("addr:housenumber"):
                dropped[amenity] = dropped.get(amenity, 0) + 1
                continue
        vz.append((i, soort))
    adressen = gpd.GeoDataFrame(
        {
            "adres_id": pd.Series([rows[i]["id"] for i in adres], dtype=object),
            "straat": [_street(rows[i]["tags"]) for i in adres],
            "huisnummer": [rows[i]["tags"].get("addr:housenumber") for i in adres],
            "postcode": [rows[i]["tags"].get("addr:postcode") for i in adres],
            "bron": "osm",
        },
        geometry=geoms[adres] if adres else [],
        crs=RD_NEW,
    ).set_index("adres_id")
    voorzieningen = gpd.GeoDataFrame(
        {
            "voorziening_id": pd.Series([f"osm-{rows[i]['id']}" for i, _ in vz], dtype=object),
            "naam": [rows[i]["tags"].get("name") for i, _ in vz],
            "bron": "osm",
            "soort": [s for _, s in vz],
            "bron_soort": [_deciding_tag(rows[i]["tags"]) for i, _ in vz],
        },
        geometry=geoms[[i for i, _ in vz]] if vz else [],
        crs=RD_NEW,
    ).set_index("voorziening_id")
    return OsmPunten(adressen, voorzieningen, dict(sorted(dropped.items())))


def _street(tags: dict[str, str]) -> str | None:
    return tags.get("addr:street") or tags.get("addr:place")


def _deciding_tag(tags: dict[str, str]) -> str:
    """The tag that gave the soort (``amenity=doctors``), or the first facility key."""
    for key, value in OSM_TAGS:
        if tags.get(key) == value:
            return f"{key}={value}"
    for key in (*OSM_KEYS, *OVERIG_KEYS):
        if tags.get(key):
            return f"{key}={tags[key]}"
    return ""

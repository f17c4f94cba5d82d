"""Street networks: reading, modes, snapping, distances, counts, decay, 2SFCA and isochrones."""

from .access import (
    MIN_WEIGHT,
    cost_table,
    count_within,
    decay_weights,
    decayed_count,
    enhanced_two_step_fca,
    isochrones,
    two_step_fca,
)
from .fca import E2SFCA_WEIGHTS, TwoStepFca, step_weights, two_step_fca_from_costs
from .modes import (
    AUTO_SPEED_KMH,
    DETOUR_FACTOR,
    MODES,
    MODI,
    Modus,
    allowed_edges,
    edge_speeds_kmh,
    get_modus,
    highway_classes,
)
from .network import graph_from_edges, network_from_edges, network_from_place, read_network
from .osm import OsmStraten, read_pbf_streets
from .prepare import Netwerk, prepare_network
from .reach import cbs_nabijheid, distance_to_nearest, distances_by_category, summarize_by_area
from .snap import (
    DEFAULT_MAX_SNAP_M,
    Snapped,
    point_coordinates,
    point_frame,
    snap_points,
    snap_report,
    snap_table,
)

__all__ = [
    "AUTO_SPEED_KMH",
    "DEFAULT_MAX_SNAP_M",
    "DETOUR_FACTOR",
    "E2SFCA_WEIGHTS",
    "MIN_WEIGHT",
    "MODES",
    "MODI",
    "Modus",
    "Netwerk",
    "OsmStraten",
    "Snapped",
    "TwoStepFca",
    "allowed_edges",
    "cbs_nabijheid",
    "cost_table",
    "count_within",
    "decay_weights",
    "decayed_count",
    "distance_to_nearest",
    "distances_by_category",
    "edge_speeds_kmh",
    "enhanced_two_step_fca",
    "get_modus",
    "graph_from_edges",
    "highway_classes",
    "isochrones",
    "network_from_edges",
    "network_from_place",
    "point_coordinates",
    "point_frame",
    "prepare_network",
    "read_network",
    "read_pbf_streets",
    "snap_points",
    "snap_report",
    "snap_table",
    "step_weights",
    "summarize_by_area",
    "two_step_fca",
    "two_step_fca_from_costs",
]

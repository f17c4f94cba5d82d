"""Street networks: reading, modes, snapping, distances, counts, decay, 2SFCA and isochrones."""

from .access import count_within, decayed_count, enhanced_two_step_fca, isochrones, two_step_fca
from .network import graph_from_edges, network_from_place, read_network
from .reach import (
    DETOUR_FACTOR,
    cbs_nabijheid,
    distance_to_nearest,
    distances_by_category,
    summarize_by_area,
)
from .snap import Netwerk, prepare_network, snap_report

__all__ = [
    "DETOUR_FACTOR",
    "Netwerk",
    "cbs_nabijheid",
    "count_within",
    "decayed_count",
    "distance_to_nearest",
    "distances_by_category",
    "enhanced_two_step_fca",
    "graph_from_edges",
    "isochrones",
    "network_from_place",
    "prepare_network",
    "read_network",
    "snap_report",
    "summarize_by_area",
    "two_step_fca",
]

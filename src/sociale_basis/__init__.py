"""sociale_basis: the sociale basis of a wijk as a network, measured and mapped.

>>> import sociale_basis as sb
>>> delft = sb.datasets.delft()
>>> G = sb.build_graph(delft)
>>> sb.cohesion(G, level="wijk")
"""

__version__ = "0.1.0"

from . import datasets, privacy, taxonomy
from .access import (
    count_within,
    decayed_count,
    enhanced_two_step_fca,
    isochrones,
    two_step_fca,
)
from .cohesion import brokers, cohesion
from .datasets import Gebied
from .errors import DataNotFoundError, Problem, ValidationError
from .graph import GraphContractError, build_graph, check_graph
from .graph_io import graph_from_gdfs, graph_to_gdfs, write_graphml
from .graph_views import (
    area_subgraph,
    buurt_subgraph,
    co_membership,
    co_membership_matrix,
    informal_graph,
    wijk_subgraph,
)
from .io import (
    Gelezen,
    Rapport,
    read_buurten,
    read_inwoners,
    read_professionals,
    read_relaties,
    read_verenigingen,
    read_voorzieningen,
    read_wijken,
)
from .network import graph_from_edges, network_from_place, read_network
from .privacy import pseudonymise
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
    "DataNotFoundError",
    "Gebied",
    "Gelezen",
    "GraphContractError",
    "Netwerk",
    "Problem",
    "Rapport",
    "ValidationError",
    "area_subgraph",
    "brokers",
    "build_graph",
    "buurt_subgraph",
    "cbs_nabijheid",
    "check_graph",
    "co_membership",
    "co_membership_matrix",
    "cohesion",
    "count_within",
    "datasets",
    "decayed_count",
    "distance_to_nearest",
    "distances_by_category",
    "enhanced_two_step_fca",
    "graph_from_edges",
    "graph_from_gdfs",
    "graph_to_gdfs",
    "informal_graph",
    "isochrones",
    "network_from_place",
    "prepare_network",
    "privacy",
    "pseudonymise",
    "read_buurten",
    "read_inwoners",
    "read_network",
    "read_professionals",
    "read_relaties",
    "read_verenigingen",
    "read_voorzieningen",
    "read_wijken",
    "snap_report",
    "summarize_by_area",
    "taxonomy",
    "two_step_fca",
    "wijk_subgraph",
    "write_graphml",
]

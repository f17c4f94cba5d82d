"""sociale_basis: the sociale basis of a wijk as a network, measured and mapped.

>>> import sociale_basis as sb
>>> delft = sb.datasets.delft()
>>> G = sb.build_graph(delft)
>>> sb.cohesion(G, level="wijk")
"""

__version__ = "0.1.0"

from . import datasets, maps, privacy, tables, taxonomy
from .access import (
    count_within,
    decayed_count,
    enhanced_two_step_fca,
    isochrones,
    two_step_fca,
)
from .cohesion import cohesion
from .cohesion_brokers import brokers
from .datasets import Gebied
from .errors import DataNotFoundError, Problem, ValidationError
from .gaps import flag_gaps
from .gaps_config import Drempels, load_drempels
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
from .handout import write_handout
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
from .maps import overview_map, save_map, wijk_map
from .network import graph_from_edges, network_from_place, read_network
from .opportunities import group_opportunities
from .privacy import Beveiligd, Kolom, protect, pseudonymise
from .reach import (
    DETOUR_FACTOR,
    cbs_nabijheid,
    distance_to_nearest,
    distances_by_category,
    summarize_by_area,
)
from .scenario import Scenario, scenario
from .snap import Netwerk, prepare_network, snap_report
from .tables import Kerncijfers, kerncijfers, kerncijfers_beide, write_tables

__all__ = [
    "DETOUR_FACTOR",
    "Beveiligd",
    "DataNotFoundError",
    "Drempels",
    "Gebied",
    "Gelezen",
    "GraphContractError",
    "Kerncijfers",
    "Kolom",
    "Netwerk",
    "Problem",
    "Rapport",
    "Scenario",
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
    "flag_gaps",
    "graph_from_edges",
    "graph_from_gdfs",
    "graph_to_gdfs",
    "group_opportunities",
    "informal_graph",
    "isochrones",
    "kerncijfers",
    "kerncijfers_beide",
    "load_drempels",
    "maps",
    "network_from_place",
    "overview_map",
    "prepare_network",
    "privacy",
    "protect",
    "pseudonymise",
    "read_buurten",
    "read_inwoners",
    "read_network",
    "read_professionals",
    "read_relaties",
    "read_verenigingen",
    "read_voorzieningen",
    "read_wijken",
    "save_map",
    "scenario",
    "snap_report",
    "summarize_by_area",
    "tables",
    "taxonomy",
    "two_step_fca",
    "wijk_map",
    "wijk_subgraph",
    "write_graphml",
    "write_handout",
    "write_tables",
]

"""The social graph of inwoners, verenigingen, voorzieningen, professionals; cohesion."""

from .areas import GROEPEN, count_per_area, group_mask, series_per_area, share_per_area
from .arrays import GraphArrays, build_graph_arrays, graph_arrays
from .betweenness import brokers, top_broker
from .build import build_graph
from .cohesion import measure_cohesion
from .convert import (
    graph_from_gdfs,
    graph_to_gdfs,
    social_graph_from_gdfs,
    social_graph_to_gdfs,
    write_graphml,
)
from .fragility import aandeel_kwetsbaar_bij_uitval, kritieke_schakels, kwetsbaar_bij_uitval
from .from_tables import social_graph_from_tables
from .graph import GraphContractError, Niveau, check_graph
from .participation import (
    aandeel_alleen_professioneel,
    aandeel_geisoleerd,
    aandeel_lid,
    dichtheid_informeel,
    ei_index,
    gem_informele_graad,
    inwoners,
)
from .personen import bereikt_professional, geisoleerd, informele_graad
from .reach import aandeel_hulpvraag_binnen_k
from .registry import COHESIEMATEN, Cohesiemaat, ordered_measures, register_measure
from .structure import clustering, componenten, gemeenschappen
from .views import (
    area_subgraph,
    buurt_subgraph,
    co_membership,
    co_membership_matrix,
    informal_graph,
    wijk_subgraph,
)

__all__ = [
    "COHESIEMATEN",
    "GROEPEN",
    "Cohesiemaat",
    "GraphArrays",
    "GraphContractError",
    "Niveau",
    "aandeel_alleen_professioneel",
    "aandeel_geisoleerd",
    "aandeel_hulpvraag_binnen_k",
    "aandeel_kwetsbaar_bij_uitval",
    "aandeel_lid",
    "area_subgraph",
    "bereikt_professional",
    "brokers",
    "build_graph",
    "build_graph_arrays",
    "buurt_subgraph",
    "check_graph",
    "clustering",
    "co_membership",
    "co_membership_matrix",
    "componenten",
    "count_per_area",
    "dichtheid_informeel",
    "ei_index",
    "geisoleerd",
    "gem_informele_graad",
    "gemeenschappen",
    "graph_arrays",
    "graph_from_gdfs",
    "graph_to_gdfs",
    "group_mask",
    "informal_graph",
    "informele_graad",
    "inwoners",
    "kritieke_schakels",
    "kwetsbaar_bij_uitval",
    "measure_cohesion",
    "ordered_measures",
    "register_measure",
    "series_per_area",
    "share_per_area",
    "social_graph_from_gdfs",
    "social_graph_from_tables",
    "social_graph_to_gdfs",
    "top_broker",
    "wijk_subgraph",
    "write_graphml",
]

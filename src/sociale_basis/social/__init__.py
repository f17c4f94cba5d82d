"""The social graph of inwoners, verenigingen, voorzieningen, professionals; cohesion."""

from .arrays import GraphArrays, graph_arrays
from .brokers import aandeel_hulpvraag_binnen_k, aandeel_kwetsbaar_bij_uitval, brokers
from .cohesion import cohesion
from .convert import graph_from_gdfs, graph_to_gdfs, write_graphml
from .graph import GraphContractError, build_graph, check_graph
from .views import (
    area_subgraph,
    buurt_subgraph,
    co_membership,
    co_membership_matrix,
    informal_graph,
    wijk_subgraph,
)

__all__ = [
    "GraphArrays",
    "GraphContractError",
    "aandeel_hulpvraag_binnen_k",
    "aandeel_kwetsbaar_bij_uitval",
    "area_subgraph",
    "brokers",
    "build_graph",
    "buurt_subgraph",
    "check_graph",
    "co_membership",
    "co_membership_matrix",
    "cohesion",
    "graph_arrays",
    "graph_from_gdfs",
    "graph_to_gdfs",
    "informal_graph",
    "wijk_subgraph",
    "write_graphml",
]

"""Every cohesion measure per wijk or buurt, side by side: :func:`measure_cohesion`.

The columns are those of the registered measures
(:func:`~sociale_basis.social.registry.ordered_measures`); importing a measure's module
registers it, so this module imports them all.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from ..core.compat import renamed_function, renamed_keywords
from .arrays import GraphArrays, graph_arrays
from .betweenness import DEFAULT_SOURCES, EXACT_MAX_NODES, top_broker
from .fragility import kwetsbaar_bij_uitval
from .graph import Niveau, check_niveau
from .participation import inwoners
from .personen import check_k
from .reach import aandeel_hulpvraag_binnen_k
from .registry import ordered_measures
from .structure import LouvainMethode, gemeenschappen

# Importing a measure's module registers its measures; one name of each module is taken
# (and kept here) only so that every module is imported before the first table is made.
REGISTERING = (
    inwoners,
    gemeenschappen,
    aandeel_hulpvraag_binnen_k,
    top_broker,
    kwetsbaar_bij_uitval,
)


@renamed_keywords(level="niveau")
def measure_cohesion(
    G: nx.Graph | GraphArrays,
    niveau: Niveau = "wijk",
    k: int = 2,
    seed: int | None = 0,
    *,
    via_plekken: bool = False,
    sources: int | None = DEFAULT_SOURCES,
    exact_max_nodes: int = EXACT_MAX_NODES,
    louvain: LouvainMethode = "auto",
) -> pd.DataFrame:
    """Every registered cohesion measure per wijk or buurt, side by side.

    One call of each measure in :data:`~sociale_basis.social.registry.COHESIEMATEN` (per
    group where it has groups), on arrays converted once. Each column, its Dutch label and
    its formula are listed in ``docs/cohesie.md``; the definitions are in the docstring of
    each measure.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays`.
    niveau
        ``"wijk"`` or ``"buurt"``.
    k
        Steps before the last tie to a professional, for reach and fragility (a path has at
        most ``k + 1`` ties; see
        :func:`~sociale_basis.social.personen.bereikt_professional`).
    seed
        Seed of the betweenness sample and of Louvain.
    via_plekken
        Whether paths to a professional may pass through verenigingen and voorzieningen.
    sources, exact_max_nodes
        Betweenness: sampled sources per area graph, exact up to ``exact_max_nodes``
        nodes (see :func:`~sociale_basis.social.betweenness.brokers`; ``sources=None``: exact
        everywhere).
    louvain
        Louvain implementation, see :func:`~sociale_basis.social.structure.gemeenschappen`.

    Returns
    -------
    pd.DataFrame
        Indexed by area code; ``attrs`` records ``niveau`` and the parameters.
        ``top_broker`` can be an inwoner's node id: drop it before publishing.

    Raises
    ------
    ValueError
        For an unknown ``niveau``, a ``k`` below 0 or an unknown ``louvain``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    k = check_k(k)
    options = {
        "k": k,
        "via_plekken": via_plekken,
        "seed": seed,
        "sources": sources,
        "exact_max_nodes": exact_max_nodes,
        "methode": louvain,
    }
    parts = [part for maat in ordered_measures() for part in maat.compute(a, niveau, options)]
    codes, _ = a.areas(niveau)
    result = pd.concat(parts, axis=1).reindex(codes)
    result.index.name = codes.name
    result.attrs.update(
        {
            "niveau": niveau,
            "k": k,
            "via_plekken": via_plekken,
            "seed": seed,
            "sources": sources,
            "exact_max_nodes": exact_max_nodes,
            "louvain": louvain,
        }
    )
    return result


cohesion = renamed_function(measure_cohesion, "cohesion")
"""Old name of :func:`measure_cohesion` (warns; gone in the release named in
:data:`sociale_basis.core.compat.REMOVED_IN`)."""

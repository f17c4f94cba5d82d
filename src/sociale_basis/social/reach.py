"""Cohesion per wijk or buurt: the bridge between informal and professional help.

:func:`aandeel_hulpvraag_binnen_k` counts, per area, the inwoners with a hulpvraag who
reach a professional within ``k`` steps (the path is defined in
:func:`~sociale_basis.social.personen.bereikt_professional`); what a single drop-out would
cut off is in :mod:`sociale_basis.social.fragility`.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from ..core.compat import renamed_keywords
from .areas import share_per_area
from .arrays import GraphArrays, graph_arrays
from .graph import Niveau, check_niveau
from .personen import check_k, reaches_professional_of
from .registry import register_measure


@register_measure("Aandeel met hulpvraag dat via hoogstens k stappen een professional bereikt")
@renamed_keywords(level="niveau")
def aandeel_hulpvraag_binnen_k(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", k: int = 2, via_plekken: bool = False
) -> pd.Series:
    """Share of inwoners with a hulpvraag who reach a professional within ``k`` steps.

        R_k(i) = (min_{s in S} dist_W(i, s) <= k)
        aandeel(a) = |{i in a : hulpvraag(i), R_k(i)}| / |{i in a : hulpvraag(i)}|

    ``R_k(i)`` is :func:`~sociale_basis.social.personen.bereikt_professional`: ``W`` is the
    graph of the steps allowed, ``S`` the nodes with a last tie to a professional; a path
    has at most ``k + 1`` ties, ``k`` steps and then one tie to a professional. Without
    ``via_plekken`` the steps are informal ties between inwoners and the last tie is an
    inwoner's ``caseload`` or referral (``verwijst``) tie; with ``via_plekken`` a step may
    also pass through a vereniging or voorziening (``lid``, ``bezoekt``), and a professional
    who works there (``werkt_bij``) is reached through it. Paths may leave the area.
    Computed by one multi-source BFS from every node with a last tie. NaN where nobody in
    the area has a hulpvraag.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    k
        Steps before the last tie (0: only the inwoner's own professional ties).
    via_plekken
        Whether steps may pass through verenigingen and voorzieningen.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_hulpvraag_binnen_k"``.

    Raises
    ------
    ValueError
        When ``k`` is not a whole number of 0 or more, or ``niveau`` is unknown.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    k = check_k(k)
    hit = reaches_professional_of(a, k, via_plekken)
    return share_per_area(a, niveau, hit, a.hulpvraag, "aandeel_hulpvraag_binnen_k")

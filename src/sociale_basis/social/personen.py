"""Values per inwoner: informal degree, isolation, reach to a professional.

Each value is defined once, here, in two forms: over the nodes of a
:class:`~sociale_basis.social.arrays.GraphArrays` (``*_of``, what the area measures count)
and as a public Series per inwoner, indexed by ``inwoner_id`` (the id in
``gebied.inwoners``, so ``gebied.inwoners.join(geisoleerd(G))`` works). These Series are
personal data: for analysis, never for a table or map that leaves the analyst (aggregate
them per area, as the cohesion measures do).

Terms: an *informal tie* is an edge of a kind in
:data:`~sociale_basis.social.graph.INFORMELE_RELATIES` (huishouden, buur, vriend, familie,
mantelzorg) between two inwoners; two inwoners with several informal kinds (buur and vriend)
have **one** informal tie.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from . import algorithms as alg
from .arrays import INWONER, GraphArrays, graph_arrays

# --- over the nodes ----------------------------------------------------------------------


def informal_degree_of(a: GraphArrays) -> np.ndarray:
    """``d(i)``: the number of inwoners with an informal tie to ``i`` (0 for other nodes)."""
    return a.informal_degree


def isolated_of(a: GraphArrays) -> np.ndarray:
    """Inwoners without any informal tie: ``d(i) = 0``."""
    return a.inwoner & (informal_degree_of(a) == 0)


def reach_sources_of(
    a: GraphArrays, via_plekken: bool, without: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Where a path to a professional can end, and each node's only professional.

    Returns ``sources`` (nodes with a tie to a professional: inwoners, and with
    ``via_plekken`` verenigingen and voorzieningen where a professional works; see
    :attr:`~sociale_basis.social.arrays.GraphArrays.reach_pairs`) and ``sole`` (the position
    of the professional when a node has exactly one, else -1). ``without``: the position of
    a professional taken away (its ties no longer count).
    """
    nodes, profs = a.reach_pairs
    if not via_plekken:
        keep = a.soort[nodes] == INWONER
        nodes, profs = nodes[keep], profs[keep]
    if without >= 0:
        keep = profs != without
        nodes, profs = nodes[keep], profs[keep]
    count = np.bincount(nodes, minlength=a.n)
    sole = np.full(a.n, -1, dtype=np.int64)
    one = count[nodes] == 1
    sole[nodes[one]] = profs[one]
    return count > 0, sole


def reach_distance_of(a: GraphArrays, k: int, via_plekken: bool) -> np.ndarray:
    """Ties before the last one on the shortest path to a professional, when at most ``k``;
    -1 otherwise (see :func:`bereikt_professional`)."""
    sources, _ = reach_sources_of(a, via_plekken)
    return alg.distances_within_k(a.walk(via_plekken), sources, k)


def reaches_professional_of(a: GraphArrays, k: int, via_plekken: bool) -> np.ndarray:
    """Inwoners that reach a professional in at most ``k + 1`` ties (see
    :func:`bereikt_professional`)."""
    return a.inwoner & (reach_distance_of(a, k, via_plekken) >= 0)


def check_k(k: int) -> int:
    """``k`` itself when it is a whole number of 0 or more; a ValueError otherwise."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 0:
        raise ValueError(f"k moet een geheel getal van 0 of meer zijn, niet {k!r}")
    return int(k)


# --- per inwoner -------------------------------------------------------------------------


def _per_inwoner(a: GraphArrays, values: np.ndarray, name: str) -> pd.Series:
    return pd.Series(values[a.inwoner], index=a.inwoner_ids.copy(), name=name)


def informele_graad(G: nx.Graph | GraphArrays) -> pd.Series:
    """Informal degree of every inwoner.

        informele_graad(i) = d(i) = |{j inwoner : j has an informal tie with i}|

    Neighbours anywhere in the gemeente count; parallel kinds to the same neighbour count
    once; ties to professionals, verenigingen and voorzieningen do not count.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays`.

    Returns
    -------
    pd.Series
        Int per inwoner, indexed by ``inwoner_id``, named ``"informele_graad"``.
    """
    a = graph_arrays(G)
    return _per_inwoner(a, informal_degree_of(a).astype(np.int64), "informele_graad")


def geisoleerd(G: nx.Graph | GraphArrays) -> pd.Series:
    """Whether each inwoner is isolated: without any informal tie.

        geisoleerd(i) = (d(i) = 0)

    An inwoner whose only ties are to professionals, verenigingen or voorzieningen is
    isolated.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays`.

    Returns
    -------
    pd.Series
        Bool per inwoner, indexed by ``inwoner_id``, named ``"geisoleerd"``.
    """
    a = graph_arrays(G)
    return _per_inwoner(a, isolated_of(a), "geisoleerd")


def bereikt_professional(
    G: nx.Graph | GraphArrays, *, k: int = 2, via_plekken: bool = False
) -> pd.Series:
    """Whether each inwoner reaches a professional within ``k`` steps.

    A path starts at the inwoner, takes at most ``k`` steps and ends with one tie to a
    professional: it has at most ``k + 1`` ties.

    * ``via_plekken=False`` (the default): the steps are informal ties between inwoners,
      and the last tie is an inwoner's tie to a professional (a ``caseload`` or a referral,
      ``verwijst``). Places do not count.
    * ``via_plekken=True``: a step may also pass through a vereniging or voorziening an
      inwoner is tied to (``lid``, ``bezoekt``: inwoner - club - inwoner is two steps), and
      a professional who works at a place (``werkt_bij``) is reached through it.

        bereikt_professional(i) = (min_{s in S} dist_W(i, s) <= k)

    with ``W`` the graph of the allowed steps, ``S`` the nodes with a last tie to a
    professional, and ``dist_W(i, i) = 0`` (``k = 0``: only the inwoner's own professional
    ties). Paths may leave the inwoner's area; ties are two-way.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays`.
    k
        Steps before the last tie (0 or more).
    via_plekken
        Whether steps may pass through verenigingen and voorzieningen.

    Returns
    -------
    pd.Series
        Bool per inwoner, indexed by ``inwoner_id``, named ``"bereikt_professional"``.

    Raises
    ------
    ValueError
        When ``k`` is not a whole number of 0 or more.
    """
    a = graph_arrays(G)
    k = check_k(k)
    return _per_inwoner(a, reaches_professional_of(a, k, via_plekken), "bereikt_professional")

"""Cohesion per wijk or buurt: who takes part, who is isolated, bonding and bridging.

Every measure is a registered function (:mod:`sociale_basis.social.registry`): a graph in,
a Series (or a small DataFrame) out, indexed by area code (``wijkcode`` or ``buurtcode``),
with its definition in the docstring. Terms used in the definitions (in every measure
module):

* *inwoners of area a*: inwoner nodes whose ``wijkcode`` (or ``buurtcode``) is ``a``;
* *informal tie*, *informal degree* ``d(i)``: see :mod:`sociale_basis.social.personen`
  (one tie per pair of inwoners, however many informal kinds join them; neighbours
  anywhere in the gemeente count);
* *within-area informal network* of ``a``: the inwoners of ``a`` and the informal ties
  with both ends in ``a``;
* groups: ``65plus`` = ``leeftijd >= 65``; ``hulpvraag`` = a known hulpvraag.

Shares are in [0, 1] and NaN exactly where their group is empty (no inwoners, no 65-plussers,
no one with a hulpvraag in the area), because 0 of 0 is not 0 %. Areas named in
``G.graph["wijkcodes"]``/``["buurtcodes"]`` appear even without inwoners.

Everything runs on arrays built once (:class:`~sociale_basis.social.arrays.GraphArrays`);
``bench/bench_cohesion.py`` compares each with the plain networkx call.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..core.compat import renamed_keywords
from .areas import GROEPEN, Groep, count_per_area, group_mask, group_suffix, series_per_area
from .areas import share_per_area as share
from .arrays import GraphArrays, graph_arrays
from .graph import Niveau, check_niveau
from .personen import informal_degree_of, isolated_of
from .registry import register_measure

# --- participation and isolation ---------------------------------------------------------


@register_measure("Inwoners in de gegevens")
@renamed_keywords(level="niveau")
def inwoners(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.Series:
    """Number of inwoner nodes per area.

        inwoners(a) = |{i in a}|

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"inwoners"`` (0 for an area without inwoners).
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    counts = count_per_area(a, niveau, a.inwoner).astype(np.int64)
    return series_per_area(a, niveau, counts, "inwoners")


@register_measure("Gemiddeld aantal informele banden")
@renamed_keywords(level="niveau")
def gem_informele_graad(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.Series:
    """Mean informal degree of the inwoners of each area.

        gem_informele_graad(a) = sum_{i in a} d(i) / |{i in a}|

    ``d(i)`` (:func:`~sociale_basis.social.personen.informele_graad`) counts informal
    neighbours anywhere (also in other areas); NaN without inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"gem_informele_graad"``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    total = count_per_area(a, niveau, a.inwoner, informal_degree_of(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count_per_area(a, niveau, a.inwoner)
    return series_per_area(a, niveau, mean, "gem_informele_graad")


@register_measure("Dichtheid van de informele banden binnen het gebied")
@renamed_keywords(level="niveau")
def dichtheid_informeel(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.Series:
    """Density of informal ties among the inwoners of each area.

        dichtheid_informeel(a) = I(a) / (n(a) (n(a) - 1) / 2)

    with ``I(a)`` the informal ties with both ends in ``a`` and ``n(a)`` its inwoners
    (Wasserman & Faust 1994, 4.2); NaN when ``n(a) < 2``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"dichtheid_informeel"``.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    internal = internal_external(a, niveau)[0]
    n = count_per_area(a, niveau, a.inwoner)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(n >= 2, internal / (n * (n - 1) / 2), np.nan)
    return series_per_area(a, niveau, values, "dichtheid_informeel")


@register_measure("Aandeel zonder informele band", groepen=GROEPEN)
@renamed_keywords(level="niveau")
def aandeel_geisoleerd(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) without any informal tie.

        aandeel_geisoleerd(a) = |{i in a and group : d(i) = 0}| / |{i in a and group}|

    Isolation per inwoner is :func:`~sociale_basis.social.personen.geisoleerd`; ties to
    professionals, verenigingen and voorzieningen do not count. Named
    ``aandeel_geisoleerd``, ``aandeel_geisoleerd_65plus`` or ``aandeel_geisoleerd_hulpvraag``.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_geisoleerd"``, with the group as suffix.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    group = group_mask(a, groep)
    return share(a, niveau, isolated_of(a), group, "aandeel_geisoleerd" + group_suffix(groep))


@register_measure("Aandeel met alleen een professional als contact", groepen=GROEPEN)
@renamed_keywords(level="niveau")
def aandeel_alleen_professioneel(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) whose only people are professionals.

        aandeel_alleen_professioneel(a) =
            |{i in a and group : d(i) = 0 and p(i) >= 1}| / |{i in a and group}|

    with ``p(i)`` the number of professionals ``i`` has a tie with (a ``caseload`` tie or a
    referral, ``verwijst``). A subset of the isolated inwoners.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_alleen_professioneel"``, with the group as suffix.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    hit = isolated_of(a) & (a.professional_ties >= 1)
    name = "aandeel_alleen_professioneel" + group_suffix(groep)
    return share(a, niveau, hit, group_mask(a, groep), name)


@register_measure("Aandeel lid van een vereniging", groepen=GROEPEN)
@renamed_keywords(level="niveau")
def aandeel_lid(
    G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk", groep: Groep = "alle"
) -> pd.Series:
    """Share of inwoners (of a group) who are ``lid`` of at least one vereniging.

        aandeel_lid(a) = |{i in a and group : i has a lid tie}| / |{i in a and group}|

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.
    groep
        ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``.

    Returns
    -------
    pd.Series
        Indexed by area code, named ``"aandeel_lid"``, with the group as suffix.
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    return share(a, niveau, a.lid, group_mask(a, groep), "aandeel_lid" + group_suffix(groep))


# --- bonding and bridging ----------------------------------------------------------------


def internal_external(a: GraphArrays, niveau: Niveau) -> tuple[np.ndarray, np.ndarray]:
    """Per area: informal ties inside (I) and from its inwoners to other areas (E)."""
    codes, area = a.areas(niveau)
    lo, hi = a.informal_pairs
    al, ah = area[lo], area[hi]
    same = al == ah
    internal = np.bincount(al[same & (al >= 0)], minlength=len(codes)).astype(float)
    cross = ~same
    external = np.bincount(al[cross & (al >= 0)], minlength=len(codes)).astype(float)
    external += np.bincount(ah[cross & (ah >= 0)], minlength=len(codes))
    return internal, external


@register_measure(
    kolommen={
        "ei_extern": "Informele banden naar andere gebieden (E)",
        "ei_intern": "Informele banden binnen het gebied (I)",
        "ei_index": "E-I-index (-1 binnen, +1 buiten het gebied)",
        "ei_index_verwacht": "E-I-index bij willekeurig mengen",
    }
)
@renamed_keywords(level="niveau")
def ei_index(G: nx.Graph | GraphArrays, *, niveau: Niveau = "wijk") -> pd.DataFrame:
    """Krackhardt & Stern's E-I index of informal ties: bridging (+1) versus bonding (-1).

        EI(a) = (E(a) - I(a)) / (E(a) + I(a))

    ``I(a)``: informal ties with both ends in ``a``, counted once; ``E(a)``: informal ties
    from an inwoner of ``a`` to an inwoner of another area (a tie between areas ``a`` and
    ``b`` is external for both). Krackhardt & Stern (1988, Soc. Psychol. Q. 51:123).

    Group size alone pushes EI up (a small area has few possible partners inside), so
    ``ei_index_verwacht`` gives the value under random mixing, where every pair of
    inwoners is equally likely to be tied (the E-I of the complete network):

        EI_verwacht(a) = (2 (N - n) - (n - 1)) / (2 (N - n) + (n - 1))

    from ``E = p n (N - n)`` and ``I = p n (n - 1) / 2`` for ``n = n(a)`` inwoners out of
    ``N`` in the graph. ``EI < EI_verwacht`` means more bonding than chance.

    Parameters
    ----------
    G
        A graph that satisfies :func:`~sociale_basis.social.graph.check_graph`, or its
        :class:`~sociale_basis.social.arrays.GraphArrays` (convert once for several measures).
    niveau
        ``"wijk"`` or ``"buurt"``: the area code to group by.

    Returns
    -------
    pd.DataFrame
        Indexed by area code: ``ei_extern`` (E), ``ei_intern`` (I), ``ei_index`` (NaN
        without informal ties), ``ei_index_verwacht`` (NaN when ``n(a) = 0`` or
        ``N < 2``).
    """
    a = graph_arrays(G)
    niveau = check_niveau(niveau)
    internal, external = internal_external(a, niveau)
    n = count_per_area(a, niveau, a.inwoner)
    total = float(a.inwoner.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        ei = (external - internal) / (external + internal)
        outside, inside = 2 * (total - n), n - 1
        expected = np.where((n > 0) & (total >= 2), (outside - inside) / (outside + inside), np.nan)
    codes, _ = a.areas(niveau)
    return pd.DataFrame(
        {
            "ei_extern": external,
            "ei_intern": internal,
            "ei_index": ei,
            "ei_index_verwacht": expected,
        },
        index=codes.copy(),
    )

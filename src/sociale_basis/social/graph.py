"""The contract of the social graph: inwoners, verenigingen, voorzieningen and professionals.

The graph is an undirected :class:`networkx.MultiGraph` whose edge *key* is the relation
kind (``soort``). A pair of inwoners can be both ``buur`` and ``vriend``: in a simple Graph
one of those ties would be lost, so the graph keeps one parallel edge per kind and never more
(duplicate rows of the same pair and kind become one edge). Direction is kept as an attribute:
edges of a directed kind (``mantelzorg``, ``lid``, ``bezoekt``, ``werkt_bij``, ``caseload``,
``verwijst``) carry ``van`` (the node id of the giver or source) and ``wederzijds`` (True when
the relaties also hold the reverse direction). Measures that walk paths (reach, betweenness,
components) treat every tie as two-way: help and information travel both ways along a tie.

The contract, enforced by :func:`check_graph`:

* node ids are ``"<soort>:<id>"`` with ``soort`` one of :data:`NODE_SOORTEN`;
* every node has ``soort``, ``x``, ``y``, ``wijkcode`` and ``buurtcode`` plus the attributes
  of its kind in :data:`NODE_ATTRIBUTES` (value ``None`` when unknown);
* every edge has ``soort`` in :data:`RELATIES`, and its end points are of the kinds that
  relation allows;
* the location, in one of two ways:

  - a graph *with* location (made by :func:`~sociale_basis.social.build.build_graph`):
    ``G.graph["crs"] == "EPSG:28992"``, ``x``/``y`` are RD metres and every located node has
    a ``wijkcode`` and a ``buurtcode``; only a voorziening of soort ``digitaal_platform`` may
    lack a location (``x = y = NaN``);
  - a graph *without* location (made by
    :func:`~sociale_basis.social.from_tables.social_graph_from_tables` from survey or register
    data): ``G.graph["crs"] is None`` and ``x = y = NaN`` at every node, because coordinates
    without a CRS mean nothing. ``wijkcode`` and ``buurtcode`` may then be ``None``: such a
    node belongs to no area of that niveau (its ties still count for the others). Every
    cohesion measure runs on such a graph; maps and distances need a location and do not.

Building the graph from a Gebied is in :mod:`sociale_basis.social.build`.
"""

from __future__ import annotations

import math
from typing import Literal

import networkx as nx

from ..core import taxonomy
from ..core.crs import RD_NEW

NODE_SOORTEN: tuple[str, ...] = taxonomy.KNOOP_SOORTEN
"""Kinds of node, in the order used for codes in arrays."""

COMMON_ATTRIBUTES: tuple[str, ...] = ("soort", "x", "y", "wijkcode", "buurtcode")
"""Attributes every node has."""

NODE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "inwoner": ("leeftijd", "huishouden_id", "hulpvraag", "bron"),
    "vereniging": ("naam", "soort_vereniging", "bron"),
    "voorziening": ("naam", "soort_voorziening", "bron"),
    "professional": ("rol", "voorziening_id", "capaciteit", "bron"),
}
"""Attributes each kind of node always has (``None`` when unknown), beside the common ones."""

OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "inwoner": ("adres_id",),
    "vereniging": ("voorziening_id",),
    "voorziening": ("capaciteit",),
    "professional": ("fte",),
}
"""Table columns carried into the graph when present; set only where the value is known."""

# The relation kinds live in the taxonomy, shared with the readers; re-exported here
# because the graph contract is where users look for them.
RELATIES = taxonomy.RELATIES
INFORMELE_RELATIES = taxonomy.INFORMELE_RELATIES

EDGE_ATTRIBUTES: dict[bool, tuple[str, ...]] = {
    False: ("soort",),
    True: ("soort", "van", "wederzijds"),
}
"""Attributes every edge has, for undirected (False) and directed (True) kinds."""

# Problems listed in one error before the rest is summarised; a million bad rows should
# give a readable message, not a million lines.
MAX_PROBLEMS = 20

Niveau = Literal["wijk", "buurt"]
"""The area levels: a node's ``wijkcode`` or ``buurtcode``."""

Level = Niveau
"""Old name of :data:`Niveau` (kept for one release, like the ``level=`` keyword)."""

NIVEAUS: tuple[str, ...] = ("wijk", "buurt")
"""The values of :data:`Niveau`."""


def check_niveau(niveau: str) -> Niveau:
    """``niveau`` itself when it is ``"wijk"`` or ``"buurt"``; a ValueError otherwise."""
    if niveau not in NIVEAUS:
        raise ValueError(f"niveau moet 'wijk' of 'buurt' zijn, niet {niveau!r}")
    return niveau  # type: ignore[return-value]


class GraphContractError(ValueError):
    """A graph that breaks the contract of :mod:`sociale_basis.social.graph`.

    Attributes
    ----------
    problems
        One Dutch line per offending node or edge (at most :data:`MAX_PROBLEMS`).
    count
        The number of problems found (may exceed ``len(problems)``).
    """

    def __init__(self, problems: list[str], count: int | None = None) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.count = len(problems) if count is None else count
        rest = self.count - len(self.problems)
        lines = [f"  {p}" for p in self.problems]
        if rest > 0:
            lines.append(f"  ... en nog {rest} andere problemen")
        head = (
            f"de graaf voldoet niet aan het contract ({self.count} "
            f"{'probleem' if self.count == 1 else 'problemen'}); bouw de graaf met "
            "sociale_basis.build_graph of social_graph_from_tables, of vul de ontbrekende "
            "gegevens aan"
        )
        super().__init__(head + "\n" + "\n".join(lines))


def node_id(soort: str, ident: object) -> str:
    """The node id of one element: ``node_id("inwoner", 17) == "inwoner:17"``."""
    return f"{soort}:{ident}"


def has_location(G: nx.Graph) -> bool:
    """True for a graph with location (``G.graph["crs"]`` set), False for one without."""
    return G.graph.get("crs") is not None


# --- the contract check ------------------------------------------------------------------


class _Found:
    """Problems found so far: the first :data:`MAX_PROBLEMS` kept as text, all counted."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def add(self, text: str) -> None:
        self.count += 1
        if len(self.lines) < MAX_PROBLEMS:
            self.lines.append(text)


def check_graph(G: nx.Graph) -> None:
    """Raise :class:`GraphContractError` when ``G`` breaks the graph contract.

    Checks the CRS, every node (id form, ``soort``, location, area codes, the attributes
    of its kind) and every edge (``soort`` known, end points of the right kinds). The
    message names each offending node or edge and what is missing, up to
    :data:`MAX_PROBLEMS` of them, and counts the rest.

    A graph with ``G.graph["crs"] is None`` is a graph without location (see the module
    documentation): every node must then have ``x = y = NaN``, and area codes may be
    ``None``. Any other CRS than EPSG:28992 is refused.

    Parameters
    ----------
    G
        A graph, as made by :func:`~sociale_basis.social.build.build_graph` or
        :func:`~sociale_basis.social.from_tables.social_graph_from_tables` (Graph or MultiGraph).

    Raises
    ------
    GraphContractError
        Listing the problems.
    """
    found = _Found()
    crs = G.graph.get("crs", RD_NEW)
    if crs is not None and crs != RD_NEW:
        found.add(
            f"G.graph['crs'] is {crs!r}; verwacht '{RD_NEW}' (of None voor een graaf zonder "
            f"ligging) -> zet G.graph['crs'] = '{RD_NEW}'"
        )
    if "crs" not in G.graph:
        found.add(
            f"G.graph['crs'] ontbreekt -> zet G.graph['crs'] = '{RD_NEW}', of None voor een "
            "graaf zonder ligging"
        )
    located = crs is not None
    for n, d in G.nodes(data=True):
        _check_node(n, d, located, found)
    for u, v, d in G.edges(data=True):
        _check_edge(G, u, v, d, found)
    if found.count:
        raise GraphContractError(found.lines, found.count)


def _check_node(n: object, d: dict[str, object], located: bool, found: _Found) -> None:
    soort = d.get("soort")
    if not isinstance(n, str) or ":" not in n:
        found.add(f"knoop {n!r}: id is geen '<soort>:<id>' -> noem knopen bijv. 'inwoner:17'")
        return
    if soort not in NODE_SOORTEN:
        found.add(f"knoop {n!r}: soort {soort!r} onbekend -> kies uit {', '.join(NODE_SOORTEN)}")
        return
    if n.split(":", 1)[0] != soort:
        found.add(
            f"knoop {n!r}: soort {soort!r} past niet bij het id -> laat het id beginnen "
            f"met '{soort}:'"
        )
    expected = (*COMMON_ATTRIBUTES, *NODE_ATTRIBUTES[str(soort)])
    absent = [a for a in expected if a not in d]
    if absent:
        found.add(
            f"knoop {n!r}: attribuut {', '.join(absent)} ontbreekt -> elke {soort} heeft "
            f"{', '.join(expected)}"
        )
        return
    xy = (_finite(d["x"]), _finite(d["y"]))
    if not located:
        if any(xy):
            found.add(
                f"knoop {n!r}: heeft x/y ({d['x']!r}, {d['y']!r}) maar de graaf heeft geen CRS "
                f"-> zet G.graph['crs'] = '{RD_NEW}', of x = y = NaN in een graaf zonder ligging"
            )
        elif not (_nan(d["x"]) and _nan(d["y"])):
            found.add(
                f"knoop {n!r}: x/y zijn ({d['x']!r}, {d['y']!r}) -> in een graaf zonder "
                "ligging zijn x en y NaN"
            )
    elif not all(xy):
        if not (soort == "voorziening" and d.get("soort_voorziening") == "digitaal_platform"):
            found.add(
                f"knoop {n!r}: x/y ontbreken of zijn geen getal ({d['x']!r}, {d['y']!r}) "
                "-> geef RD-coördinaten in meters"
            )
    elif d["wijkcode"] is None or d["buurtcode"] is None:
        found.add(f"knoop {n!r}: wijkcode of buurtcode is leeg -> ken de knoop een buurt toe")


def _check_edge(G: nx.Graph, u: object, v: object, d: dict[str, object], found: _Found) -> None:
    soort = d.get("soort")
    rel = RELATIES.get(soort) if isinstance(soort, str) else None
    if rel is None:
        found.add(
            f"relatie ({u!r}, {v!r}): soort {soort!r} ontbreekt of is onbekend -> kies uit "
            f"{', '.join(RELATIES)}"
        )
        return
    if u == v:
        found.add(f"relatie ({u!r}, {v!r}, {soort!r}): relatie met zichzelf -> verwijder hem")
        return
    ku, kv = G.nodes[u].get("soort"), G.nodes[v].get("soort")
    pair_ok = (ku in rel.van and kv in rel.naar) or (kv in rel.van and ku in rel.naar)
    if rel.gericht and d.get("van") is not None:
        src, dst = (ku, kv) if d["van"] == u else (kv, ku)
        pair_ok = src in rel.van and dst in rel.naar
    if not pair_ok:
        found.add(
            f"relatie ({u!r}, {v!r}, {soort!r}): verbindt {ku} en {kv} -> '{soort}' loopt "
            f"van {'/'.join(sorted(rel.van))} naar {'/'.join(sorted(rel.naar))}"
        )


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)

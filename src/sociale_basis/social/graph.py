"""The social graph of a gemeente: inwoners, verenigingen, voorzieningen and professionals.

The graph is an undirected :class:`networkx.MultiGraph` whose edge *key* is the relation
kind (``soort``). A pair of inwoners can be both ``buur`` and ``vriend``: in a simple Graph
one of those ties would be lost, so the graph keeps one parallel edge per kind and never more
(duplicate rows of the same pair and kind become one edge). Direction is kept as an attribute:
edges of a directed kind (``mantelzorg``, ``lid``, ``bezoekt``, ``werkt_bij``, ``caseload``,
``verwijst``) carry ``van`` (the node id of the giver or source) and ``wederzijds`` (True when
the relaties also hold the reverse direction). Measures that walk paths (reach, betweenness,
components) treat every tie as two-way: help and information travel both ways along a tie.

The contract, enforced by :func:`check_graph`:

* ``G.graph["crs"] == "EPSG:28992"``;
* node ids are ``"<soort>:<id>"`` with ``soort`` one of :data:`NODE_SOORTEN`;
* every node has ``soort``, ``x``, ``y``, ``wijkcode`` and ``buurtcode`` plus the attributes
  of its kind in :data:`NODE_ATTRIBUTES` (value ``None`` when unknown). ``x``/``y`` are RD
  metres; only a voorziening of soort ``digitaal_platform`` may lack a location (NaN);
* every edge has ``soort`` in :data:`RELATIES`, and its end points are of the kinds that
  relation allows.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from ..core import taxonomy
from ..core.crs import RD_NEW, require_rd
from ..core.errors import Problem, ValidationError
from ..core.taxonomy import HULPVRAGEN, suggest

# --- the contract ------------------------------------------------------------------------

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

# Which table column becomes which node attribute (the node kind owns the name ``soort``).
_RENAME: dict[str, dict[str, str]] = {
    "vereniging": {"soort": "soort_vereniging"},
    "voorziening": {"soort": "soort_voorziening"},
}


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
            "sociale_basis.social.graph.build_graph of vul de ontbrekende gegevens aan"
        )
        super().__init__(head + "\n" + "\n".join(lines))


def node_id(soort: str, ident: object) -> str:
    """The node id of one element: ``node_id("inwoner", 17) == "inwoner:17"``."""
    return f"{soort}:{ident}"


Level = Literal["wijk", "buurt"]
"""The area levels: a node's ``wijkcode`` or ``buurtcode``."""


# --- building ----------------------------------------------------------------------------

_TABLES: dict[str, str] = {
    "inwoner": "inwoners",
    "vereniging": "verenigingen",
    "voorziening": "voorzieningen",
    "professional": "professionals",
}
_REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "inwoner": ("leeftijd", "huishouden_id", "hulpvraag", "buurtcode", "wijkcode"),
    "vereniging": ("soort", "buurtcode", "wijkcode"),
    "voorziening": ("soort", "buurtcode", "wijkcode"),
    "professional": ("rol", "voorziening_id", "buurtcode", "wijkcode"),
}


def build_graph(gebied: Any) -> nx.MultiGraph:
    """The social graph of a :class:`~sociale_basis.core.gebied.Gebied`.

    Nodes come from ``gebied.inwoners``, ``.verenigingen``, ``.voorzieningen`` and
    ``.professionals`` (ids ``"<soort>:<id>"``; attributes in :data:`NODE_ATTRIBUTES`, ``x``
    and ``y`` from the point geometry). Edges come from ``gebied.relaties``, one per pair and
    kind (the edge key is the kind). A professional with a ``voorziening_id`` but no
    ``werkt_bij`` tie to it in the relaties gets one, marked ``afgeleid=True``. ``bezoekt``
    ties come only from the relaties: nobody's visits are guessed.

    Parameters
    ----------
    gebied
        Anything with the attributes ``inwoners``, ``verenigingen``, ``voorzieningen``,
        ``professionals`` (GeoDataFrames in EPSG:28992, see docs/contracts.md) and
        ``relaties`` (DataFrame ``van``, ``naar``, ``soort``, optional ``gewicht``);
        optional ``wijken``/``buurten`` (their codes are kept in ``G.graph`` so measures
        also report areas without inwoners) and ``naam``.

    Returns
    -------
    networkx.MultiGraph
        Satisfies :func:`check_graph`. ``G.graph`` holds ``crs``, ``naam``, ``wijkcodes``
        and ``buurtcodes``.

    Raises
    ------
    ValidationError
        Listing every problem at once: missing columns, duplicate ids, missing locations,
        unknown hulpvragen, relaties naming unknown nodes or kinds, ties between the wrong
        kinds of node, ties from a node to itself.
    """
    problems = _Problems()
    node_lists: list[list[tuple[str, dict[str, Any]]]] = []
    for soort in NODE_SOORTEN:
        table = getattr(gebied, _TABLES[soort])
        node_lists.append(_nodes_of(table, soort, problems))
    problems.raise_if_any("de tabellen van het gebied")

    ids = pd.Index([n for nodes in node_lists for n, _ in nodes])
    kinds = np.concatenate(
        [np.full(len(nodes), k, dtype=np.int8) for k, nodes in enumerate(node_lists)]
    )
    edges = _edges_of(gebied.relaties, ids, kinds, problems)
    edges += _werkt_bij_of(gebied.professionals, ids, edges, problems)
    problems.raise_if_any("de relaties van het gebied")

    G = nx.MultiGraph(
        crs=RD_NEW,
        naam=str(getattr(gebied, "naam", "")),
        wijkcodes=_codes(getattr(gebied, "wijken", None)),
        buurtcodes=_codes(getattr(gebied, "buurten", None)),
    )
    for nodes in node_lists:
        G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    return G


def _codes(areas: pd.DataFrame | None) -> list[str]:
    if areas is None:
        return []
    return [str(c) for c in areas.index]


class _Problems(list[Problem]):
    """Problems found so far: the first :data:`MAX_PROBLEMS` kept, the rest counted.

    A file with a million bad rows should give a readable message, not a million lines.
    """

    hidden: int = 0

    def add(self, problem: Problem) -> None:
        """Keep the problem, or only count it when the list is full."""
        if len(self) < MAX_PROBLEMS:
            self.append(problem)
        else:
            self.hidden += 1

    def take(self, positions: np.ndarray) -> list[int]:
        """The positions to report in full; the others are only counted."""
        room = max(0, MAX_PROBLEMS - len(self))
        self.hidden += max(0, len(positions) - room)
        return [int(p) for p in positions[:room]]

    def raise_if_any(self, what: str) -> None:
        """Raise one ValidationError listing every problem kept."""
        if not self:
            return
        if self.hidden:
            total = len(self) + self.hidden
            what = f"{what} ({total} problemen in totaal; de eerste {len(self)} staan hieronder)"
            rest = Problem(
                "...",
                None,
                None,
                "...",
                f"en nog {self.hidden} andere problemen",
                "los eerst deze op en probeer opnieuw",
            )
            raise ValidationError([*self, rest], what=what)
        raise ValidationError(list(self), what=what)


def _id_strings(values: pd.Index | pd.Series) -> list[str]:
    """Ids as the strings used in node ids; 17.0 (an int id in a float column) -> "17"."""
    s = pd.Series(values)
    if s.dtype.kind == "f" and s.notna().all() and (s % 1 == 0).all():
        s = s.astype("int64")
    return [str(v) for v in s.tolist()]


def _clean_id(value: Any) -> Any:
    """An id as a plain Python value: 3.0 (an int id in a column with gaps) -> 3."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain_list(s: pd.Series) -> list[Any]:
    """Python values with None for every kind of missing (NaN, NA, NaT)."""
    values = s.astype(object)
    return values.where(s.notna(), None).tolist()


def _nodes_of(
    table: gpd.GeoDataFrame, soort: str, problems: _Problems
) -> list[tuple[str, dict[str, Any]]]:
    name = _TABLES[soort]
    if isinstance(table, gpd.GeoDataFrame):
        require_rd(table, f"gebied.{name}")
    else:
        problems.add(
            Problem(
                name,
                None,
                None,
                type(table).__name__,
                "geen GeoDataFrame",
                "geef een GeoDataFrame met puntgeometrie in EPSG:28992",
            )
        )
        return []
    missing = [c for c in _REQUIRED_COLUMNS[soort] if c not in table.columns]
    for column in missing:
        problems.add(
            Problem(
                name,
                1,
                column,
                "",
                "kolom ontbreekt",
                f"voeg kolom '{column}' toe (zie docs/contracts.md)",
            )
        )
    if missing:
        return []
    if table.index.has_duplicates:
        dups = table.index[table.index.duplicated()].unique()[:5]
        problems.add(
            Problem(
                name,
                None,
                table.index.name or "id",
                list(dups),
                "dubbele id's",
                "geef elke rij een eigen id",
            )
        )
    geoms = table.geometry.to_numpy()
    # GEOS refuses the coordinates of an empty point, so only real points are asked
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    xs = np.full(len(geoms), np.nan)
    ys = np.full(len(geoms), np.nan)
    xs[usable] = shapely.get_x(geoms[usable])
    ys[usable] = shapely.get_y(geoms[usable])
    located = np.isfinite(xs) & np.isfinite(ys)
    may_lack = np.zeros(len(table), dtype=bool)
    if soort == "voorziening":
        may_lack = (table["soort"] == "digitaal_platform").to_numpy()
    for pos in problems.take(np.flatnonzero(~located & ~may_lack)):
        problems.add(
            Problem(
                name,
                int(pos) + 2,
                "geometry",
                str(geoms[pos]),
                "geen punt met coördinaten",
                "geef een Point in EPSG:28992 (alleen een digitaal_platform mag zonder)",
            )
        )
    if soort == "inwoner":
        hv = table["hulpvraag"]
        bad = hv.notna() & ~hv.isin(list(HULPVRAGEN))
        for pos in problems.take(np.flatnonzero(bad.to_numpy())):
            value = hv.iloc[pos]
            problems.add(
                Problem(
                    name,
                    int(pos) + 2,
                    "hulpvraag",
                    value,
                    "onbekende hulpvraag",
                    suggest(str(value), tuple(HULPVRAGEN)),
                )
            )

    ids = [node_id(soort, i) for i in _id_strings(table.index)]
    columns: dict[str, list[Any]] = {
        "x": xs.tolist(),
        "y": ys.tolist(),
        "wijkcode": _plain_list(table["wijkcode"]),
        "buurtcode": _plain_list(table["buurtcode"]),
    }
    rename = _RENAME.get(soort, {})
    for attr in NODE_ATTRIBUTES[soort]:
        column = next((c for c, a in rename.items() if a == attr), attr)
        if column in table.columns:
            columns[attr] = _plain_list(table[column])
        else:
            columns[attr] = [None] * len(table)
    if "voorziening_id" in columns:
        columns["voorziening_id"] = [_clean_id(v) for v in columns["voorziening_id"]]
    optional = {c: _plain_list(table[c]) for c in OPTIONAL_COLUMNS[soort] if c in table.columns}
    if "voorziening_id" in optional:
        optional["voorziening_id"] = [_clean_id(v) for v in optional["voorziening_id"]]

    names = list(columns)
    nodes: list[tuple[str, dict[str, Any]]] = []
    for i, values in enumerate(zip(*columns.values(), strict=True)):
        attrs = {"soort": soort, **dict(zip(names, values, strict=True))}
        for column, vals in optional.items():
            if vals[i] is not None:
                attrs[column] = vals[i]
        nodes.append((ids[i], attrs))
    return nodes


def _allowed_table() -> np.ndarray:
    """allowed[s, kind_van, kind_naar]: may relation s run from kind_van to kind_naar?"""
    allowed = np.zeros((len(RELATIES), len(NODE_SOORTEN), len(NODE_SOORTEN)), dtype=bool)
    for s, rel in enumerate(RELATIES.values()):
        for a in rel.van:
            for b in rel.naar:
                allowed[s, NODE_SOORTEN.index(a), NODE_SOORTEN.index(b)] = True
                if not rel.gericht:
                    allowed[s, NODE_SOORTEN.index(b), NODE_SOORTEN.index(a)] = True
    return allowed


_ALLOWED = _allowed_table()


def _edges_of(
    relaties: pd.DataFrame, ids: pd.Index, kinds: np.ndarray, problems: _Problems
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edge 4-tuples (u, v, key, attrs) from the relaties, one per pair and kind.

    All checks and the de-duplication run on integer arrays; Python only loops once, over
    the unique edges, to make the tuples networkx wants.
    """
    missing = [c for c in ("van", "naar", "soort") if c not in relaties.columns]
    for column in missing:
        problems.add(
            Problem(
                "relaties",
                1,
                column,
                "",
                "kolom ontbreekt",
                "de relaties hebben de kolommen van, naar en soort nodig",
            )
        )
    if missing or len(relaties) == 0:
        return []
    van = relaties["van"].astype(str).to_numpy()
    naar = relaties["naar"].astype(str).to_numpy()
    soorten = relaties["soort"].astype(str).to_numpy()
    vi = ids.get_indexer(pd.Index(van, dtype=object))
    ni = ids.get_indexer(pd.Index(naar, dtype=object))
    si = pd.Index(list(RELATIES)).get_indexer(pd.Index(soorten, dtype=object))

    for column, codes, values in (("van", vi, van), ("naar", ni, naar)):
        for pos in problems.take(np.flatnonzero(codes < 0)):
            problems.add(
                Problem(
                    "relaties",
                    int(pos) + 2,
                    column,
                    values[pos],
                    "onbekende knoop",
                    _unknown_node_fix(values[pos]),
                )
            )
    for pos in problems.take(np.flatnonzero(si < 0)):
        problems.add(
            Problem(
                "relaties",
                int(pos) + 2,
                "soort",
                soorten[pos],
                "onbekende soort relatie",
                suggest(soorten[pos], tuple(RELATIES)),
            )
        )
    known = (vi >= 0) & (ni >= 0) & (si >= 0)
    for pos in problems.take(np.flatnonzero(known & (vi == ni))):
        problems.add(
            Problem(
                "relaties",
                int(pos) + 2,
                "naar",
                naar[pos],
                "relatie met zichzelf",
                "verwijder de rij of kies een andere knoop",
            )
        )
    ok = np.zeros(len(relaties), dtype=bool)
    ok[known] = _ALLOWED[si[known], kinds[vi[known]], kinds[ni[known]]]
    for pos in problems.take(np.flatnonzero(known & ~ok)):
        rel = RELATIES[soorten[pos]]
        problems.add(
            Problem(
                "relaties",
                int(pos) + 2,
                "soort",
                soorten[pos],
                f"verbindt {NODE_SOORTEN[kinds[vi[pos]]]} -> {NODE_SOORTEN[kinds[ni[pos]]]}",
                f"'{soorten[pos]}' loopt van {'/'.join(sorted(rel.van))} naar "
                f"{'/'.join(sorted(rel.naar))}",
            )
        )
    if problems:
        return []

    n = np.int64(len(ids))
    lo = np.minimum(vi, ni).astype(np.int64)
    hi = np.maximum(vi, ni).astype(np.int64)
    key = (lo * n + hi) * len(RELATIES) + si
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    forward = (vi < ni).astype(np.int64)
    n_forward = np.bincount(inverse, weights=forward, minlength=len(first))
    n_total = np.bincount(inverse, minlength=len(first))
    wederzijds = ((n_forward > 0) & (n_forward < n_total)).tolist()
    gericht = np.array([r.gericht for r in RELATIES.values()])[si[first]].tolist()
    gewicht: list[Any] | None = None
    if "gewicht" in relaties.columns:
        gewicht = _plain_list(relaties["gewicht"].iloc[first])

    names = ids.to_numpy()
    us = names[vi[first]].tolist()
    vs = names[ni[first]].tolist()
    ks = np.array(list(RELATIES), dtype=object)[si[first]].tolist()
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for i, (u, v, k, directed) in enumerate(zip(us, vs, ks, gericht, strict=True)):
        attrs: dict[str, Any] = (
            {"soort": k, "van": u, "wederzijds": wederzijds[i]} if directed else {"soort": k}
        )
        if gewicht is not None and gewicht[i] is not None:
            attrs["gewicht"] = gewicht[i]
        edges.append((u, v, k, attrs))
    return edges


def _unknown_node_fix(value: str) -> str:
    prefix = value.split(":", 1)[0]
    if ":" not in value or prefix not in NODE_SOORTEN:
        return "schrijf een knoop als '<soort>:<id>' met soort " + ", ".join(NODE_SOORTEN)
    return f"voeg {prefix} {value.split(':', 1)[1]} toe aan de tabel of verwijder de relatie"


def _werkt_bij_of(
    professionals: gpd.GeoDataFrame,
    ids: pd.Index,
    edges: list[tuple[str, str, str, dict[str, Any]]],
    problems: _Problems,
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``werkt_bij`` ties from the professionals table that the relaties do not have."""
    if not isinstance(professionals, gpd.GeoDataFrame) or len(professionals) == 0:
        return []
    present = {frozenset((u, v)) for u, v, k, _ in edges if k == "werkt_bij"}
    profs = [node_id("professional", i) for i in _id_strings(professionals.index)]
    bases = _plain_list(professionals["voorziening_id"])
    known = set(ids[ids.str.startswith("voorziening:")])
    added: list[tuple[str, str, str, dict[str, Any]]] = []
    for pos, (prof, base) in enumerate(zip(profs, bases, strict=True)):
        if base is None:
            continue
        target = node_id("voorziening", _clean_id(base))
        if target not in known:
            problems.add(
                Problem(
                    "professionals",
                    pos + 2,
                    "voorziening_id",
                    base,
                    "onbekende voorziening",
                    "voeg de voorziening toe of maak voorziening_id leeg",
                )
            )
            continue
        if frozenset((prof, target)) not in present:
            attrs = {"soort": "werkt_bij", "van": prof, "wederzijds": False, "afgeleid": True}
            added.append((prof, target, "werkt_bij", attrs))
    return added


# --- the contract check ------------------------------------------------------------------


def check_graph(G: nx.Graph) -> None:
    """Raise :class:`GraphContractError` when ``G`` breaks the graph contract.

    Checks the CRS, every node (id form, ``soort``, location, area codes, the attributes
    of its kind) and every edge (``soort`` known, end points of the right kinds). The
    message names each offending node or edge and what is missing, up to
    :data:`MAX_PROBLEMS` of them, and counts the rest.

    Parameters
    ----------
    G
        A graph, as made by :func:`build_graph` (Graph or MultiGraph).
    """
    problems: list[str] = []
    count = 0

    def add(text: str) -> None:
        nonlocal count
        count += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(text)

    crs = G.graph.get("crs")
    if crs != RD_NEW:
        add(f"G.graph['crs'] is {crs!r}; verwacht '{RD_NEW}' -> zet G.graph['crs'] = '{RD_NEW}'")
    for n, d in G.nodes(data=True):
        soort = d.get("soort")
        if not isinstance(n, str) or ":" not in n:
            add(f"knoop {n!r}: id is geen '<soort>:<id>' -> noem knopen bijv. 'inwoner:17'")
            continue
        if soort not in NODE_SOORTEN:
            add(f"knoop {n!r}: soort {soort!r} onbekend -> kies uit {', '.join(NODE_SOORTEN)}")
            continue
        if n.split(":", 1)[0] != soort:
            add(
                f"knoop {n!r}: soort {soort!r} past niet bij het id -> laat het id beginnen "
                f"met '{soort}:'"
            )
        absent = [a for a in (*COMMON_ATTRIBUTES, *NODE_ATTRIBUTES[soort]) if a not in d]
        if absent:
            add(
                f"knoop {n!r}: attribuut {', '.join(absent)} ontbreekt -> elke {soort} heeft "
                f"{', '.join((*COMMON_ATTRIBUTES, *NODE_ATTRIBUTES[soort]))}"
            )
            continue
        if not (_finite(d["x"]) and _finite(d["y"])):
            if not (soort == "voorziening" and d.get("soort_voorziening") == "digitaal_platform"):
                add(
                    f"knoop {n!r}: x/y ontbreken of zijn geen getal ({d['x']!r}, {d['y']!r}) "
                    "-> geef RD-coördinaten in meters"
                )
        elif d["wijkcode"] is None or d["buurtcode"] is None:
            add(f"knoop {n!r}: wijkcode of buurtcode is leeg -> ken de knoop een buurt toe")
    for u, v, d in G.edges(data=True):
        soort = d.get("soort")
        rel = RELATIES.get(soort) if isinstance(soort, str) else None
        if rel is None:
            add(
                f"relatie ({u!r}, {v!r}): soort {soort!r} ontbreekt of is onbekend -> kies uit "
                f"{', '.join(RELATIES)}"
            )
            continue
        if u == v:
            add(f"relatie ({u!r}, {v!r}, {soort!r}): relatie met zichzelf -> verwijder hem")
            continue
        ku, kv = G.nodes[u].get("soort"), G.nodes[v].get("soort")
        pair_ok = (ku in rel.van and kv in rel.naar) or (kv in rel.van and ku in rel.naar)
        if rel.gericht and d.get("van") is not None:
            src, dst = (ku, kv) if d["van"] == u else (kv, ku)
            pair_ok = src in rel.van and dst in rel.naar
        if not pair_ok:
            add(
                f"relatie ({u!r}, {v!r}, {soort!r}): verbindt {ku} en {kv} -> '{soort}' loopt "
                f"van {'/'.join(sorted(rel.van))} naar {'/'.join(sorted(rel.naar))}"
            )
    if count:
        raise GraphContractError(problems, count)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)

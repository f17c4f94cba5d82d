"""Building the social graph from the tables of a Gebied (the contract: :mod:`.graph`).

:func:`build_graph` turns the four point tables and the relaties of a
:class:`~sociale_basis.core.gebied.Gebied` into a graph with location. The checks of the
relaties (:func:`edges_from_relaties`) and the collection of problems (:class:`Problems`)
are shared with :func:`~sociale_basis.social.from_tables.social_graph_from_tables`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely

from ..core.crs import RD_NEW, require_rd
from ..core.errors import Problem, ValidationError
from ..core.taxonomy import HULPVRAGEN, suggest
from .graph import MAX_PROBLEMS, NODE_ATTRIBUTES, NODE_SOORTEN, OPTIONAL_COLUMNS, RELATIES, node_id

# Which table column becomes which node attribute (the node kind owns the name ``soort``).
_RENAME: dict[str, dict[str, str]] = {
    "vereniging": {"soort": "soort_vereniging"},
    "voorziening": {"soort": "soort_voorziening"},
}
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
        Satisfies :func:`~sociale_basis.social.graph.check_graph`. ``G.graph`` holds
        ``crs``, ``naam``, ``wijkcodes`` and ``buurtcodes``.

    Raises
    ------
    ValidationError
        Listing every problem at once: missing columns, duplicate ids, missing locations,
        unknown hulpvragen, relaties naming unknown nodes or kinds, ties between the wrong
        kinds of node, ties from a node to itself.
    """
    parts = graph_parts(gebied)
    G = nx.MultiGraph(
        crs=RD_NEW,
        naam=str(getattr(gebied, "naam", "")),
        wijkcodes=parts.wijkcodes,
        buurtcodes=parts.buurtcodes,
    )
    for nodes in parts.node_lists:
        G.add_nodes_from(nodes)
    G.add_edges_from(parts.edges)
    return G


@dataclass(frozen=True)
class GraphParts:
    """The checked nodes and edges of a gebied's social graph, before any graph is made.

    ``node_lists``: ``(id, attrs)`` per node, one list per kind in the order of
    ``NODE_SOORTEN``; ``edges``: ``(u, v, kind, attrs)``, one per pair and kind;
    ``wijkcodes``/``buurtcodes``: the codes of the gebied's areas.
    """

    node_lists: list[list[tuple[str, dict[str, Any]]]]
    edges: list[tuple[str, str, str, dict[str, Any]]]
    wijkcodes: list[str]
    buurtcodes: list[str]


def graph_parts(gebied: Any) -> GraphParts:
    """The nodes and edges of :func:`build_graph`, checked (same errors), without building
    a networkx graph: :func:`~sociale_basis.social.arrays.build_graph_arrays` reads them
    straight into arrays."""
    problems = Problems()
    node_lists: list[list[tuple[str, dict[str, Any]]]] = []
    for soort in NODE_SOORTEN:
        table = getattr(gebied, _TABLES[soort])
        node_lists.append(_nodes_of(table, soort, problems))
    problems.raise_if_any("de tabellen van het gebied")

    ids = pd.Index([n for nodes in node_lists for n, _ in nodes])
    kinds = np.concatenate(
        [np.full(len(nodes), k, dtype=np.int8) for k, nodes in enumerate(node_lists)]
    )
    edges = edges_from_relaties(gebied.relaties, ids, kinds, problems)
    edges += _werkt_bij_of(gebied.professionals, ids, edges, problems)
    problems.raise_if_any("de relaties van het gebied")
    return GraphParts(
        node_lists,
        edges,
        _codes(getattr(gebied, "wijken", None)),
        _codes(getattr(gebied, "buurten", None)),
    )


def _codes(areas: pd.DataFrame | None) -> list[str]:
    if areas is None:
        return []
    return [str(c) for c in areas.index]


class Problems(list[Problem]):
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


def id_strings(values: pd.Index | pd.Series) -> list[str]:
    """Ids as the strings used in node ids; 17.0 (an int id in a float column) -> "17"."""
    s = pd.Series(values)
    if s.dtype.kind == "f" and s.notna().all() and (s % 1 == 0).all():
        s = s.astype("int64")
    return [str(v) for v in s.tolist()]


def clean_id(value: Any) -> Any:
    """An id as a plain Python value: 3.0 (an int id in a column with gaps) -> 3."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plain_list(s: pd.Series) -> list[Any]:
    """Python values with None for every kind of missing (NaN, NA, NaT)."""
    values = s.astype(object)
    return values.where(s.notna(), None).tolist()


def _nodes_of(
    table: gpd.GeoDataFrame, soort: str, problems: Problems
) -> list[tuple[str, dict[str, Any]]]:
    name = _TABLES[soort]
    if not _usable_table(table, soort, problems):
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
    xs, ys = _locations(table, soort, problems)
    if soort == "inwoner":
        check_hulpvragen(table["hulpvraag"], name, problems)
    ids = [node_id(soort, i) for i in id_strings(table.index)]
    columns: dict[str, list[Any]] = {
        "x": xs.tolist(),
        "y": ys.tolist(),
        "wijkcode": plain_list(table["wijkcode"]),
        "buurtcode": plain_list(table["buurtcode"]),
    }
    rename = _RENAME.get(soort, {})
    for attr in NODE_ATTRIBUTES[soort]:
        column = next((c for c, a in rename.items() if a == attr), attr)
        if column in table.columns:
            columns[attr] = plain_list(table[column])
        else:
            columns[attr] = [None] * len(table)
    if "voorziening_id" in columns:
        columns["voorziening_id"] = [clean_id(v) for v in columns["voorziening_id"]]
    optional = {c: plain_list(table[c]) for c in OPTIONAL_COLUMNS[soort] if c in table.columns}
    if "voorziening_id" in optional:
        optional["voorziening_id"] = [clean_id(v) for v in optional["voorziening_id"]]
    return node_tuples(soort, ids, columns, optional)


def node_tuples(
    soort: str, ids: list[str], columns: dict[str, list[Any]], optional: dict[str, list[Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """``(id, attrs)`` per node: every column, and the optional ones only where known."""
    names = list(columns)
    nodes: list[tuple[str, dict[str, Any]]] = []
    for i, values in enumerate(zip(*columns.values(), strict=True)):
        attrs = {"soort": soort, **dict(zip(names, values, strict=True))}
        for column, vals in optional.items():
            if vals[i] is not None:
                attrs[column] = vals[i]
        nodes.append((ids[i], attrs))
    return nodes


def _usable_table(table: gpd.GeoDataFrame, soort: str, problems: Problems) -> bool:
    """A GeoDataFrame in RD with the required columns; problems added otherwise."""
    name = _TABLES[soort]
    if not isinstance(table, gpd.GeoDataFrame):
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
        return False
    require_rd(table, f"gebied.{name}")
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
    return not missing


def _locations(
    table: gpd.GeoDataFrame, soort: str, problems: Problems
) -> tuple[np.ndarray, np.ndarray]:
    """x and y of every point (NaN without one); a problem for each that needs one."""
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
                _TABLES[soort],
                int(pos) + 2,
                "geometry",
                str(geoms[pos]),
                "geen punt met coördinaten",
                "geef een Point in EPSG:28992 (alleen een digitaal_platform mag zonder)",
            )
        )
    return xs, ys


def check_hulpvragen(hv: pd.Series, file: str, problems: Problems) -> None:
    """A problem for every hulpvraag that is not missing and not in the taxonomy."""
    bad = hv.notna() & ~hv.isin(list(HULPVRAGEN))
    for pos in problems.take(np.flatnonzero(bad.to_numpy())):
        value = hv.iloc[pos]
        problems.add(
            Problem(
                file,
                int(pos) + 2,
                "hulpvraag",
                value,
                "onbekende hulpvraag",
                suggest(str(value), tuple(HULPVRAGEN)),
            )
        )


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


def edges_from_relaties(
    relaties: pd.DataFrame, ids: pd.Index, kinds: np.ndarray, problems: Problems
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edge 4-tuples (u, v, key, attrs) from the relaties, one per pair and kind.

    ``ids`` are the node ids and ``kinds`` their kind codes (positions in NODE_SOORTEN).
    Every problem (missing column, unknown node or kind, tie with itself, a kind between the
    wrong kinds of node) is added to ``problems``; with any problem no edge is returned.
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
    _check_relaties(van, naar, soorten, vi, ni, si, kinds, problems)
    if problems:
        return []
    gewicht = relaties["gewicht"] if "gewicht" in relaties.columns else None
    return _unique_edges(ids, vi, ni, si, gewicht)


def _check_relaties(
    van: np.ndarray,
    naar: np.ndarray,
    soorten: np.ndarray,
    vi: np.ndarray,
    ni: np.ndarray,
    si: np.ndarray,
    kinds: np.ndarray,
    problems: Problems,
) -> None:
    """Problems of rows naming unknown nodes or kinds, ties with itself, wrong kinds."""

    def add(pos: int, column: str, value: str, problem: str, fix: str) -> None:
        problems.add(Problem("relaties", int(pos) + 2, column, value, problem, fix))

    for column, codes, values in (("van", vi, van), ("naar", ni, naar)):
        for pos in problems.take(np.flatnonzero(codes < 0)):
            add(pos, column, values[pos], "onbekende knoop", _unknown_node_fix(values[pos]))
    for pos in problems.take(np.flatnonzero(si < 0)):
        fix = suggest(soorten[pos], tuple(RELATIES))
        add(pos, "soort", soorten[pos], "onbekende soort relatie", fix)
    known = (vi >= 0) & (ni >= 0) & (si >= 0)
    for pos in problems.take(np.flatnonzero(known & (vi == ni))):
        fix = "verwijder de rij of kies een andere knoop"
        add(pos, "naar", naar[pos], "relatie met zichzelf", fix)
    ok = np.zeros(len(van), dtype=bool)
    ok[known] = _ALLOWED[si[known], kinds[vi[known]], kinds[ni[known]]]
    for pos in problems.take(np.flatnonzero(known & ~ok)):
        rel = RELATIES[soorten[pos]]
        problem = f"verbindt {NODE_SOORTEN[kinds[vi[pos]]]} -> {NODE_SOORTEN[kinds[ni[pos]]]}"
        fix = (
            f"'{soorten[pos]}' loopt van {'/'.join(sorted(rel.van))} naar "
            f"{'/'.join(sorted(rel.naar))}"
        )
        add(pos, "soort", soorten[pos], problem, fix)


def _unique_edges(
    ids: pd.Index, vi: np.ndarray, ni: np.ndarray, si: np.ndarray, gewicht: pd.Series | None
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """One edge per pair and kind; a directed kind keeps the direction of its first row."""
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
    weights = None if gewicht is None else plain_list(gewicht.iloc[first])

    names = ids.to_numpy()
    us = names[vi[first]].tolist()
    vs = names[ni[first]].tolist()
    ks = np.array(list(RELATIES), dtype=object)[si[first]].tolist()
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for i, (u, v, k, directed) in enumerate(zip(us, vs, ks, gericht, strict=True)):
        attrs: dict[str, Any] = (
            {"soort": k, "van": u, "wederzijds": wederzijds[i]} if directed else {"soort": k}
        )
        if weights is not None and weights[i] is not None:
            attrs["gewicht"] = weights[i]
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
    problems: Problems,
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``werkt_bij`` ties from the professionals table that the relaties do not have."""
    if not isinstance(professionals, gpd.GeoDataFrame) or len(professionals) == 0:
        return []
    present = {frozenset((u, v)) for u, v, k, _ in edges if k == "werkt_bij"}
    profs = [node_id("professional", i) for i in id_strings(professionals.index)]
    bases = plain_list(professionals["voorziening_id"])
    known = set(ids[ids.str.startswith("voorziening:")])
    added: list[tuple[str, str, str, dict[str, Any]]] = []
    for pos, (prof, base) in enumerate(zip(profs, bases, strict=True)):
        if base is None:
            continue
        target = node_id("voorziening", clean_id(base))
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

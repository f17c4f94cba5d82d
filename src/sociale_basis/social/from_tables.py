"""The social graph from two plain tables, without geometry: survey or register data.

A researcher who knows who is tied to whom, but not where anyone lives, has a table of
nodes and a table of ties. :func:`social_graph_from_tables` turns them into a graph that
satisfies the contract of :mod:`sociale_basis.social.graph` as a graph *without location*
(``G.graph["crs"] is None``, ``x = y = NaN``), so every cohesion measure runs on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ..core.errors import Problem
from .build import Problems, check_hulpvragen, clean_id, edges_from_relaties, node_tuples
from .build import plain_list as values_of
from .graph import NODE_ATTRIBUTES, NODE_SOORTEN, OPTIONAL_COLUMNS, node_id

AREA_COLUMNS = ("wijkcode", "buurtcode")


def social_graph_from_tables(
    knopen: pd.DataFrame,
    relaties: pd.DataFrame,
    *,
    naam: str = "",
    wijkcodes: Sequence[str] | None = None,
    buurtcodes: Sequence[str] | None = None,
) -> nx.MultiGraph:
    """The social graph of a table of nodes and a table of ties, without location.

    Parameters
    ----------
    knopen
        One row per node. ``id`` (a column, else the index) and ``soort`` (inwoner,
        vereniging, voorziening, professional) are required; the node id is
        ``"<soort>:<id>"`` (an id already written that way is kept). At least one of
        ``wijkcode`` and ``buurtcode``; an empty code puts the node in no area of that
        niveau (its ties still count for others). Optional: ``leeftijd`` (years, 0 or
        more), ``hulpvraag`` (a key of ``sb.taxonomy.HULPVRAGEN``, or empty) and the other
        attributes of :data:`~sociale_basis.social.graph.NODE_ATTRIBUTES` and
        :data:`~sociale_basis.social.graph.OPTIONAL_COLUMNS` (``rol``, ``naam``, ...).
        Other columns are left out: the graph carries no more than its contract, so
        nothing identifying slips into a GraphML file. Nothing is derived: a
        professional's ``voorziening_id`` gives no ``werkt_bij`` tie unless the relaties
        hold it (:func:`~sociale_basis.social.build.build_graph` adds one).
    relaties
        ``van``, ``naar`` (node ids ``"<soort>:<id>"``) and ``soort`` (a relation kind of
        ``docs/contracts.md``), optional ``gewicht``; as for
        :func:`~sociale_basis.social.build.build_graph`: one edge per pair and kind.
    naam
        Name of the gemeente or study, kept in ``G.graph["naam"]``.
    wijkcodes, buurtcodes
        Every area of the study, also those without anyone in the table (measures then
        report them too); default: the codes in the table.

    Returns
    -------
    networkx.MultiGraph
        Satisfies :func:`~sociale_basis.social.graph.check_graph` as a graph without
        location: ``G.graph["crs"] is None``, ``x = y = NaN`` at every node.

    Raises
    ------
    ValidationError
        Listing every problem at once (``knopen:row:column`` and ``relaties:row:column``):
        missing columns, unknown kinds, empty or duplicate ids, ages that are no number
        of 0 or more, unknown hulpvragen, relaties naming unknown nodes or kinds, ties
        between the wrong kinds of node, ties from a node to itself.
    """
    problems = Problems()
    ids, kinds, nodes = _nodes(knopen, problems)
    problems.raise_if_any("de knopen")
    edges = edges_from_relaties(relaties, pd.Index(ids, dtype=object), kinds, problems)
    problems.raise_if_any("de relaties")
    G = nx.MultiGraph(
        crs=None,
        naam=str(naam),
        wijkcodes=_codes(nodes, "wijkcode", wijkcodes),
        buurtcodes=_codes(nodes, "buurtcode", buurtcodes),
    )
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    return G


def _codes(
    nodes: list[tuple[str, dict[str, Any]]], column: str, given: Sequence[str] | None
) -> list[str]:
    present = {str(d[column]) for _, d in nodes if d[column] is not None}
    return sorted(present | {str(c) for c in given or ()})


def _nodes(
    knopen: pd.DataFrame, problems: Problems
) -> tuple[list[str], np.ndarray, list[tuple[str, dict[str, Any]]]]:
    """Node ids, kind codes and ``(id, attrs)`` of the rows, with problems of the table."""
    table = knopen.reset_index(drop="id" in knopen.columns)
    if "id" not in table.columns:
        table = table.rename(columns={table.columns[0]: "id"})
    missing = [c for c in ("soort",) if c not in table.columns]
    if not any(c in table.columns for c in AREA_COLUMNS):
        missing.append("wijkcode")
    for column in missing:
        problems.add(
            Problem("knopen", 1, column, "", "kolom ontbreekt", _COLUMN_FIX.get(column, ""))
        )
    if missing:
        return [], np.zeros(0, dtype=np.int8), []
    soort = table["soort"].astype(object).where(table["soort"].notna(), None)
    kinds = pd.Index(NODE_SOORTEN).get_indexer(pd.Index(soort, dtype=object)).astype(np.int8)
    ids = _ids(table, soort, problems)
    for pos in problems.take(np.flatnonzero(kinds < 0)):
        fix = "kies uit " + ", ".join(NODE_SOORTEN)
        problems.add(Problem("knopen", pos + 2, "soort", soort.iloc[pos], "onbekende soort", fix))
    columns = _attribute_columns(table, problems)
    nodes: list[tuple[str, dict[str, Any]]] = []
    for code, s in enumerate(NODE_SOORTEN):
        rows = np.flatnonzero(kinds == code)
        wanted = {c: [columns[c][r] for r in rows] for c in _kind_columns(s) if c in columns}
        wanted.update({c: [None] * len(rows) for c in _kind_columns(s) if c not in columns})
        wanted["x"] = wanted["y"] = [np.nan] * len(rows)
        optional = {c: [columns[c][r] for r in rows] for c in OPTIONAL_COLUMNS[s] if c in columns}
        nodes += node_tuples(s, [ids[r] for r in rows], wanted, optional)
    return ids, kinds, nodes


_COLUMN_FIX = {
    "soort": "voeg kolom 'soort' toe: inwoner, vereniging, voorziening of professional",
    "wijkcode": "voeg een kolom 'wijkcode' of 'buurtcode' toe (mag leeg zijn waar onbekend)",
}


def _kind_columns(soort: str) -> tuple[str, ...]:
    return ("wijkcode", "buurtcode", *NODE_ATTRIBUTES[soort])


def _ids(table: pd.DataFrame, soort: pd.Series, problems: Problems) -> list[str]:
    """Node ids ``"<soort>:<id>"``; problems for empty and duplicate ones."""
    raw = table["id"]
    # 17.0 (an int id in a column with gaps) is the id 17
    texts = [str(clean_id(v)) for v in raw.tolist()]
    ids = [
        t if s is not None and t.startswith(f"{s}:") else node_id(s, t)
        for t, s in zip(texts, soort.tolist(), strict=True)
    ]
    for pos in problems.take(np.flatnonzero(raw.isna().to_numpy())):
        problems.add(Problem("knopen", pos + 2, "id", "", "leeg id", "geef elke knoop een id"))
    duplicated = pd.Index(ids).duplicated()
    for pos in problems.take(np.flatnonzero(duplicated & raw.notna().to_numpy())):
        problems.add(
            Problem("knopen", pos + 2, "id", ids[pos], "dubbel id", "geef elke knoop een eigen id")
        )
    return ids


def _attribute_columns(table: pd.DataFrame, problems: Problems) -> dict[str, list[Any]]:
    """The known attribute columns as Python lists (None for missing), ages checked."""
    known = {c for s in NODE_SOORTEN for c in (*_kind_columns(s), *OPTIONAL_COLUMNS[s])}
    columns = {c: values_of(table[c]) for c in table.columns if c in known}
    if "leeftijd" in table.columns:
        columns["leeftijd"] = _ages(table["leeftijd"], problems)
    if "hulpvraag" in table.columns:
        check_hulpvragen(table["hulpvraag"], "knopen", problems)
    for column in AREA_COLUMNS:
        if column in columns:
            columns[column] = [None if v is None else str(v) for v in columns[column]]
    return columns


def _ages(leeftijd: pd.Series, problems: Problems) -> list[Any]:
    """Ages as ints (floats when not whole), None when missing; a problem for the rest."""
    number = pd.to_numeric(leeftijd, errors="coerce")
    bad = (leeftijd.notna() & number.isna()) | (number < 0)
    for pos in problems.take(np.flatnonzero(bad.to_numpy())):
        problems.add(
            Problem(
                "knopen",
                int(pos) + 2,
                "leeftijd",
                leeftijd.iloc[pos],
                "geen leeftijd",
                "geef een leeftijd in jaren (0 of meer), of laat het vakje leeg",
            )
        )
    return [
        None if pd.isna(v) else (int(v) if float(v).is_integer() else float(v))
        for v in number.tolist()
    ]

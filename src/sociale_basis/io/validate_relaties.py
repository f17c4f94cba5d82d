"""Input checks of references: node ids of relaties, relation kinds, ids of other tables.

Part of the checks of :mod:`sociale_basis.io.validate`, split off to keep modules small.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..core.taxonomy import KNOOP_SOORTEN, RELATIES
from .cells import canonical_int, close_match
from .validate import Tabel


def node_ids(t: Tabel, name: str) -> list[tuple[str, str] | None]:
    """A column of node ids ``"<soort>:<id>"``, as (soort, id) pairs."""
    out: list[tuple[str, str] | None] = []
    texts = t.text(name, required=True, fix="vul een knoop-id in, bijv. 'inwoner:17'")
    for pos, text in enumerate(texts):
        if text is None:
            out.append(None)
            continue
        kind, sep, ident = text.partition(":")
        kind, ident = kind.strip().lower(), ident.strip()
        if not sep or not ident or kind not in KNOOP_SOORTEN:
            close = close_match(kind, KNOOP_SOORTEN) if sep else None
            fix = (
                f"bedoelde u '{close}:{ident}'?"
                if close and ident
                else "schrijf '<soort>:<id>' met soort inwoner, vereniging, voorziening of "
                "professional, bijv. 'inwoner:17'"
            )
            t.problem(pos, name, text, "geen knoop-id van de vorm '<soort>:<id>'", fix)
            out.append(None)
        else:
            out.append((kind, ident))
    return out


def check_relaties(
    t: Tabel,
    van: list[tuple[str, str] | None],
    naar: list[tuple[str, str] | None],
    soort: list[str | None],
    known: Mapping[str, set[str] | None],
) -> None:
    """Kinds fit the relation, ids exist (where a table was given), no loops or doubles."""
    seen: dict[tuple[object, ...], int] = {}
    for pos in range(t.n):
        a, b, s = van[pos], naar[pos], soort[pos]
        if a is None or b is None:
            continue
        for name, node in (("van", a), ("naar", b)):
            ids = known.get(node[0])
            if ids is not None and node[1] not in ids:
                t.problem(
                    pos,
                    name,
                    f"{node[0]}:{node[1]}",
                    f"onbekende {node[0]}: id {node[1]} staat niet in de meegegeven tabel",
                    f"controleer het id, of voeg de {node[0]} toe aan zijn bestand",
                )
        if a == b:
            t.problem(
                pos,
                "naar",
                f"{b[0]}:{b[1]}",
                "relatie van een knoop met zichzelf (van = naar)",
                "corrigeer van of naar, of verwijder de rij",
            )
            continue
        if s is None:
            continue
        rule = RELATIES[s]
        for name, node, kinds in (("van", a, rule.van), ("naar", b, rule.naar)):
            if node[0] not in kinds:
                t.problem(
                    pos,
                    name,
                    f"{node[0]}:{node[1]}",
                    f"een relatie '{s}' loopt van {'/'.join(rule.van)} naar {'/'.join(rule.naar)}",
                    "corrigeer de soort of de knoop",
                )
        ends: tuple[object, ...] = (a, b) if rule.gericht else tuple(sorted((a, b)))
        key = (s, *ends)
        if key in seen:
            t.problem(
                pos,
                "van",
                f"{a[0]}:{a[1]}",
                f"dubbele relatie '{s}' (staat al op rij {t.rows[seen[key]]})",
                "verwijder de dubbele rij",
            )
        else:
            seen[key] = pos


def known_ids(
    t: Tabel, name: str, table: pd.DataFrame | None, noun: str, *, required: bool
) -> list[object]:
    """A column of ids of another table; checked against that table when given."""
    texts = t.text(name, required=required, fix=f"vul de {name} in")
    known = None if table is None else {str(i) for i in table.index}
    if known is not None:
        for pos, text in enumerate(texts):
            if text is not None and text not in known and str(canonical_int(text)) not in known:
                t.problem(
                    pos,
                    name,
                    text,
                    f"onbekende {noun}: staat niet in de meegegeven tabel",
                    f"controleer de {name}, of voeg de {noun} toe aan zijn bestand",
                )
    ints = [None if v is None else canonical_int(v) for v in texts]
    if all(i is not None for v, i in zip(texts, ints, strict=True) if v is not None):
        return list(ints)
    return list(texts)

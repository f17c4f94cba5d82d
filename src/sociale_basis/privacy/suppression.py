"""Protect a table per area (rules R1-R5): primary suppression, shares from rounded counts, and
secondary suppression checked by the interval audit, for one level or buurten and wijken
together.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .audit import secondary_counts
from .laag import Laag, State, blank_hidden
from .report import Beveiligd
from .rules import (
    GEHEIM_TOT_EN_MET,
    MIN_INWONERS,
    MIN_PERSONEN_GEVOELIG,
    REGELS,
    Kolom,
    round_to_base,
    share_rule,
)


def protect(
    ruw: pd.DataFrame,
    kolommen: Sequence[Kolom],
    *,
    inwoners: pd.Series,
    groep: pd.Series | None = None,
    bovengrens: pd.Series | None = None,
    min_personen: int = MIN_PERSONEN_GEVOELIG,
) -> Beveiligd:
    """Apply rules R1-R5 to a raw table per area.

    Parameters
    ----------
    ruw
        Raw figures, indexed by area code; holds every column named by ``kolommen``
        (except the computed ``"aandeel"`` columns) and their ``basis`` columns.
    kolommen
        What to publish and how (:class:`Kolom`), in order.
    inwoners
        Number of inhabitants per area (R3); missing counts as fewer than 10.
    groep
        The parent area per row (the ``wijkcode`` of each buurt). The totals of each
        parent (the sums of its rows, protected by the same primary rules) are then taken
        as published elsewhere, and secondary suppression (R5) hides cells of this table
        until no hidden cell can be narrowed by subtracting. None for a table without
        parents (wijken alone). To protect buurten and wijken as they are really published
        together, use :func:`protect_levels`.
    bovengrens
        See :class:`Laag`.
    min_personen
        R4's minimum; only stricter than :data:`MIN_PERSONEN_GEVOELIG` (100).

    Returns
    -------
    Beveiligd
        The values that may be shown, the rule that hid each other cell, a log and the
        interval audit.

    Examples
    --------
    A wijk W with buurten A (5 inhabitants), B (40), C (300) and D (1,000) that have
    0, 12, 30 and 80 persons with a hulpvraag. A has no figures (R3). The wijk total 122
    is taken as published as 120 (so 118-122), B as 10 (8-12), C as 30 (28-32) and D as
    80 (78-82): A = W - B - C - D lies between 118 - 126 = -8 and 122 - 114 = 8, so 0-8,
    wide enough (:data:`MIN_BREEDTE`): nothing more is hidden. In a wijk V with E (6,
    "geheim") and F (44, shown as 45), E = V - F would be 1-7; F is hidden as well (R5).
    """
    laag = Laag(ruw, kolommen, inwoners, ouder=groep, bovengrens=bovengrens)
    if groep is None:
        return protect_levels([laag], min_personen=min_personen)[0]
    return protect_levels([laag, _parent_level(laag)], min_personen=min_personen)[0]


def _parent_level(laag: Laag) -> Laag:
    """The totals per parent of a level: the sums of its counts (and of the counts behind
    its shares), as the level above would publish them."""
    assert laag.ouder is not None
    ouder = laag.ouder.reindex(laag.ruw.index)
    keep: list[Kolom] = []
    columns: list[str] = []
    for k in laag.kolommen:
        if k.soort in ("aantal", "hulpvraag"):
            keep.append(k)
            columns += [c for c in (k.naam, k.basis) if c is not None]
        elif k.soort == "maat" and k.teller is not None and k.optelbaar:
            keep.append(k)
            columns += [c for c in (k.teller, k.basis) if c is not None]
    names = {k.naam for k in keep}
    keep += [k for k in laag.kolommen if k.soort == "aandeel" and {k.teller, k.noemer} <= names]
    numbers = laag.ruw[sorted(set(columns))].apply(pd.to_numeric, errors="coerce").fillna(0)
    sums = numbers.groupby(ouder.to_numpy()).sum()
    for k in keep:
        if k.soort == "maat":  # a share of counts is computed from its summed counts
            sums[k.naam] = np.nan
    inwoners = pd.to_numeric(laag.inwoners.reindex(laag.ruw.index), errors="coerce")
    bovengrens = None
    if laag.bovengrens is not None:
        bound = pd.to_numeric(laag.bovengrens.reindex(laag.ruw.index), errors="coerce")
        bovengrens = bound.groupby(ouder.to_numpy()).sum()
    return Laag(
        sums,
        keep,
        inwoners.groupby(ouder.to_numpy()).sum(min_count=1).reindex(sums.index),
        bovengrens=bovengrens,
        verbergbaar=False,
    )


def protect_levels(
    lagen: Sequence[Laag], *, min_personen: int = MIN_PERSONEN_GEVOELIG
) -> list[Beveiligd]:
    """Apply rules R1-R5 to the tables of several levels that are published together.

    Primary suppression (R1-R4) is applied per level. Secondary suppression (R5) is then
    decided over all levels at once, by an interval audit: every count hidden by R2, R3
    or R4 (and the teller of every such share) must keep a width of at least
    :data:`MIN_BREEDTE` between the smallest and largest whole value that agree with
    every published figure (see :func:`feasible_interval`). While one does not, one more
    published cell is hidden (see :func:`_pick_partner` for the order), until all pass.

    What the audit knows, as a reader would:

    - a shown count ``r`` lies in ``r-2 .. r+2`` (rounding to 5); a shown count of
      persons with a hulpvraag is also at least 8 (else it would be "geheim");
    - a "geheim" count lies in 0-7; an "afgeschermd" (R5) hulpvraag count is at least 8,
      except a total whose parts are all hidden and small (two "geheim" buurten): such a
      total is hidden whatever its value (its "8 or more" would make one part at least
      1), so a reader knows no more of it than 0 to its public bound;
      any other hidden count lies between 0 and the public :attr:`Laag.bovengrens`;
    - a figure with ``secundair=False`` is public: known exactly;
    - a wijk's count is the sum of its buurten's (``optelbaar``); in a row, a
      ``deel_van`` count is at most the count it is part of, and a ``som_van_delen``
      count is the sum of its parts;
    - a shown share with a ``teller`` gives away its teller rounded to 5 (its basis is
      published elsewhere, rounded): that teller is audited as a shown count.

    Means without a teller (distances, degrees) are not counts: for them the earlier rule
    applies: in a parent with exactly one hidden area that has a value, the shown area
    with the fewest inhabitants is hidden too (R5).

    Parameters
    ----------
    lagen
        The levels from the lowest up (buurten, then wijken); every level but the last
        names its ``ouder`` in the next.
    min_personen
        R4's minimum; only stricter than :data:`MIN_PERSONEN_GEVOELIG` (100).

    Returns
    -------
    list of Beveiligd
        One per level, in the order given, each with its part of the audit.

    Raises
    ------
    ValueError
        ``min_personen`` below 100, a level without ``ouder`` below the top (or one with
        it at the top), or raw counts that break a declared sum.
    KeyError
        Columns named by ``kolommen`` that are missing.
    """
    if min_personen < MIN_PERSONEN_GEVOELIG:
        raise ValueError(
            f"min_personen is {min_personen}; de privacyregel R4 vraagt minstens "
            f"{MIN_PERSONEN_GEVOELIG} (alleen strenger in te stellen)"
        )
    for i, laag in enumerate(lagen):
        top = i == len(lagen) - 1
        if (laag.ouder is None) != top:
            raise ValueError(
                "elke laag behalve de bovenste noemt zijn ouder (bijv. de wijkcode van elke "
                "buurt), en de bovenste niet; geef de lagen van laag naar hoog"
            )
    states = [_primary(laag, min_personen) for laag in lagen]
    audits = secondary_counts(lagen, states)
    for laag, state in zip(lagen, states, strict=True):
        _shares(laag, state, min_personen)
    for laag, state in zip(lagen[:-1], states[:-1], strict=True):
        _secondary_means(laag, state)
    return [
        _assemble(laag, state, audit)
        for laag, state, audit in zip(lagen, states, audits, strict=True)
    ]


def _primary(laag: Laag, min_personen: int) -> State:
    """R1-R4 per column of one level; a sensitive share that R4 hides hides its teller."""
    # Long on purpose: rules R1-R4 for every kind of column, in the order the rules must be
    # applied; one branch per kind of column.
    ruw, kolommen = laag.ruw, laag.kolommen
    index = ruw.index
    inwoners = pd.to_numeric(laag.inwoners.reindex(index), errors="coerce").fillna(0)
    small = inwoners < MIN_INWONERS
    spec = {k.naam: k for k in kolommen}
    unknown = [
        c
        for k in kolommen
        for c in (
            k.naam if k.soort != "aandeel" else None,
            k.basis,
            k.teller if k.soort == "maat" else None,
        )
        if c is not None and c not in ruw.columns
    ]
    unknown += [
        k.deel_van
        for k in kolommen
        if k.deel_van is not None
        and (k.deel_van not in spec or spec[k.deel_van].soort not in ("aantal", "hulpvraag"))
    ]
    if unknown:
        raise KeyError(f"kolommen ontbreken in de tabel: {', '.join(sorted(set(unknown)))}")
    state = State(index, {}, {}, {})
    for k in kolommen:
        if k.soort == "aandeel":
            continue
        codes = pd.Series("", index=index, dtype=object)
        if k.soort == "plek":
            state.values[k.naam] = ruw[k.naam]
            state.status[k.naam] = codes
            continue
        codes[small.to_numpy()] = "R3"
        if k.soort == "tekst":
            state.values[k.naam] = ruw[k.naam].where(codes == "", None)
        elif k.soort in ("aantal", "hulpvraag"):
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.soort == "hulpvraag":
                if k.gevoelig:
                    codes[(codes == "") & (_basis(ruw, k) < min_personen)] = "R4"
                codes[(codes == "") & (raw <= GEHEIM_TOT_EN_MET)] = "R2"
            rounded = round_to_base(raw)
            state.changed[k.naam] = (rounded != raw) & raw.notna()
            state.values[k.naam] = rounded
        elif k.soort == "maat":
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.teller is not None:
                teller = pd.to_numeric(ruw[k.teller], errors="coerce").astype(float)
                value, rule = share_rule(
                    teller.to_numpy(),
                    _basis(ruw, k).to_numpy(),
                    hulpvraag=k.teller_hulpvraag,
                    min_personen=min_personen if k.gevoelig else None,
                    factor=100.0 if k.eenheid == "%" else 1.0,
                )
                codes[(codes == "").to_numpy() & (rule != "")] = rule[
                    (codes == "").to_numpy() & (rule != "")
                ]
                raw = pd.Series(value, index=index)
            elif k.gevoelig:
                codes[(codes == "") & (_basis(ruw, k) < min_personen)] = "R4"
            state.values[k.naam] = raw
        state.status[k.naam] = codes
    # a sensitive share that R4 hides must not leave its teller beside its noemer
    for k in kolommen:
        if k.soort != "aandeel" or not k.gevoelig:
            continue
        if k.teller not in state.status or k.noemer not in state.status:
            raise KeyError(
                f"aandeel '{k.naam}': teller '{k.teller}' en noemer '{k.noemer}' moeten "
                "eerder in kolommen staan, als aantal of hulpvraag"
            )
        raw_n = pd.to_numeric(ruw[k.noemer], errors="coerce").fillna(0)
        codes = state.status[k.teller]
        codes[(codes == "") & (raw_n < min_personen)] = "R4"
    blank_hidden(state, spec)
    return state


def _shares(laag: Laag, state: State, min_personen: int) -> None:
    """The ``"aandeel"`` columns, from the published counts (after secondary suppression):
    hidden where the teller or noemer is, and (sensitive) where fewer than
    ``min_personen`` persons are behind them (R4)."""
    for k in laag.kolommen:
        if k.soort != "aandeel":
            continue
        if k.teller not in state.values or k.noemer not in state.values:
            raise KeyError(
                f"aandeel '{k.naam}': teller '{k.teller}' en noemer '{k.noemer}' moeten "
                "eerder in kolommen staan, als aantal of hulpvraag"
            )
        t_codes, n_codes = state.status[k.teller], state.status[k.noemer]
        codes = t_codes.where(t_codes != "", n_codes).copy()
        if k.gevoelig:
            raw_n = pd.to_numeric(laag.ruw[k.noemer], errors="coerce").fillna(0)
            codes[(codes == "") & (raw_n < min_personen)] = "R4"
        value, _ = share_rule(
            state.values[k.teller].to_numpy(),
            state.values[k.noemer].to_numpy(),
            hulpvraag=False,
            min_personen=None,
            factor=100.0,
        )
        state.values[k.naam] = pd.Series(value, index=state.index).where(codes == "")
        state.status[k.naam] = codes


def _basis(ruw: pd.DataFrame, k: Kolom) -> pd.Series:
    if k.basis is None:
        raise ValueError(
            f"kolom '{k.naam}' is gevoelig maar noemt geen basis (het aantal personen "
            "erachter); geef Kolom(..., basis='kolomnaam')"
        )
    return pd.to_numeric(ruw[k.basis], errors="coerce").fillna(0)


def _secondary_means(laag: Laag, state: State) -> None:
    """R5 for means without a teller (not counts, so outside the interval audit): in each
    parent with exactly one hidden area that has a value, hide the shown area with the
    fewest inhabitants.

    "Smallest" is by number of inhabitants (public), ties broken by area code, so the
    choice itself says nothing about the hidden value. A hidden cell without a value (an
    area without persons, whose mean does not exist) protects nothing and needs nothing.
    """
    assert laag.ouder is not None
    groep = laag.ouder.reindex(state.index)
    size = pd.to_numeric(laag.inwoners.reindex(state.index), errors="coerce").fillna(0)
    for k in laag.kolommen:
        if k.soort != "maat" or k.teller is not None or not k.secundair:
            continue
        codes, values = state.status[k.naam], state.values[k.naam]
        has_value = values.notna()
        exists = pd.to_numeric(laag.ruw[k.naam], errors="coerce").notna()
        if laag.bovengrens is not None:
            exists &= pd.to_numeric(laag.bovengrens.reindex(state.index)).fillna(0) > 0
        for _, rows in groep.groupby(groep, sort=True).groups.items():
            hidden = (codes.loc[rows] != "") & exists.loc[rows]
            if int(hidden.sum()) != 1:
                continue
            candidates = [r for r in rows if codes.at[r] == "" and bool(has_value.at[r])]
            if not candidates:
                continue
            pick = min(candidates, key=lambda r: (size.at[r], str(r)))
            codes.at[pick] = "R5"
            values.at[pick] = np.nan


def _assemble(laag: Laag, state: State, audit: pd.DataFrame) -> Beveiligd:
    spec = {k.naam: k for k in laag.kolommen}
    order = [k.naam for k in laag.kolommen]
    afgerond = {
        name: int((mask & (state.status[name] == "")).sum()) for name, mask in state.changed.items()
    }
    log = [
        (code, name, area, REGELS[code].label)
        for name in order
        for area, code in state.status[name][state.status[name] != ""].items()
    ]
    return Beveiligd(
        waarden=pd.DataFrame({c: state.values[c] for c in order}, index=state.index),
        status=pd.DataFrame({c: state.status[c] for c in order}, index=state.index),
        kolommen=spec,
        log=pd.DataFrame(log, columns=["regel", "kolom", "gebied", "toelichting"]),
        afgerond=afgerond,
        audit=audit,
    )

"""The interval audit: how far a reader of every published figure can narrow each hidden count (a
linear or integer program per cell), and the secondary suppression that keeps every hidden count
wide enough.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .interval import IntervalSolver
from .laag import Laag, State, blank_hidden
from .report import AUDIT_KOLOMMEN
from .rules import GEHEIM_TOT_EN_MET, MIN_BREEDTE, ONBEGRENSD, Kolom, round_count


@dataclass
class _Cells:
    """Every count the audit follows, over all levels, as flat arrays."""

    level: list[int] = field(default_factory=list)
    area: list[object] = field(default_factory=list)
    quantity: list[str] = field(default_factory=list)
    kolom: list[str] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)
    hulpvraag: list[bool] = field(default_factory=list)
    public: list[bool] = field(default_factory=list)
    cap: list[float] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)
    hideable: list[bool] = field(default_factory=list)
    position: dict[tuple[int, object, str], int] = field(default_factory=dict)


def _audited(k: Kolom) -> str | None:
    """The count the audit follows for a column: itself, the teller of a share, or None."""
    if k.soort in ("aantal", "hulpvraag"):
        return k.naam
    if k.soort == "maat" and k.teller is not None:
        return k.teller
    return None


def _collect_cells(lagen: Sequence[Laag]) -> _Cells:
    cells = _Cells()
    for li, laag in enumerate(lagen):
        index = laag.ruw.index
        cap = pd.Series(float(ONBEGRENSD), index=index)
        if laag.bovengrens is not None:
            bound = pd.to_numeric(laag.bovengrens.reindex(index), errors="coerce")
            cap = bound.fillna(float(ONBEGRENSD)).astype(float)
        size = pd.to_numeric(laag.inwoners.reindex(index), errors="coerce").fillna(0)
        caps, sizes = cap.to_numpy(dtype=float), size.to_numpy(dtype=float)
        for rank, k in enumerate(laag.kolommen):
            quantity = _audited(k)
            if quantity is None:
                continue
            raw = pd.to_numeric(laag.ruw[quantity], errors="coerce").fillna(0).to_numpy()
            hulp = k.soort == "hulpvraag" or (k.soort == "maat" and k.teller_hulpvraag)
            for pos, area in enumerate(index):
                cells.position[(li, area, quantity)] = len(cells.level)
                cells.level.append(li)
                cells.area.append(area)
                cells.quantity.append(quantity)
                cells.kolom.append(k.naam)
                cells.truth.append(float(raw[pos]))
                cells.hulpvraag.append(hulp)
                cells.public.append(not k.secundair)
                cells.cap.append(float(caps[pos]))
                cells.size.append(float(sizes[pos]))
                cells.rank.append(rank)
                cells.hideable.append(laag.verbergbaar)
    return cells


def _relations(
    lagen: Sequence[Laag], cells: _Cells
) -> tuple[list[tuple[int, list[int]]], list[tuple[int, int]]]:
    """The sums (wijk = its buurten; a total = its parts) and the "at most" relations."""
    sums: list[tuple[int, list[int]]] = []
    at_most: list[tuple[int, int]] = []
    pos = cells.position
    for li, laag in enumerate(lagen):
        for k in laag.kolommen:
            quantity = _audited(k)
            if quantity is None:
                continue
            if k.deel_van is not None:
                for area in laag.ruw.index:
                    at_most.append((pos[(li, area, quantity)], pos[(li, area, k.deel_van)]))
            if k.som_van_delen:
                parts = [p.naam for p in laag.kolommen if p.deel_van == k.naam]
                for area in laag.ruw.index:
                    sums.append((pos[(li, area, quantity)], [pos[(li, area, p)] for p in parts]))
            # a sum of public figures only (known exactly) tells nothing more
            if laag.ouder is None or not k.optelbaar or not k.secundair:
                continue
            parent = lagen[li + 1]
            parent_spec = {p.naam: p for p in parent.kolommen}
            if k.naam not in parent_spec or _audited(parent_spec[k.naam]) != quantity:
                continue
            if not parent_spec[k.naam].optelbaar:
                continue
            ouder = laag.ouder.reindex(laag.ruw.index)
            for code, rows in ouder.groupby(ouder, sort=True).groups.items():
                if code not in parent.ruw.index:
                    continue
                children = [pos[(li, r, quantity)] for r in rows]
                sums.append((pos[(li + 1, code, quantity)], children))
    return sums, at_most


def _check_truth(
    cells: _Cells, sums: Sequence[tuple[int, Sequence[int]]], at_most: Sequence[tuple[int, int]]
) -> None:
    """The raw counts must obey every declared relation; else the declarations are wrong
    (and the audit would reason about a table that does not exist)."""
    truth = cells.truth
    for totaal, delen in sums:
        found = sum(truth[d] for d in delen)
        if abs(truth[totaal] - found) > 1e-6:
            raise ValueError(
                f"'{cells.quantity[totaal]}' van {cells.area[totaal]} is {truth[totaal]:g}, "
                f"maar de som van zijn delen is {found:g}; een kolom is ten onrechte "
                "optelbaar (of som_van_delen) genoemd, of de ouders kloppen niet"
            )
    for a, b in at_most:
        if truth[a] > truth[b] + 1e-6:
            raise ValueError(
                f"'{cells.quantity[a]}' van {cells.area[a]} ({truth[a]:g}) is groter dan "
                f"'{cells.quantity[b]}' ({truth[b]:g}), terwijl het er deel_van zou zijn"
            )


def _bounds(
    code: str, truth: float, hulpvraag: bool, public: bool, cap: float
) -> tuple[float, float]:
    """What a reader knows about one count from its cell alone (see :func:`protect_levels`)."""
    if public:
        return truth, truth
    low = GEHEIM_TOT_EN_MET + 1.0 if hulpvraag else 0.0
    if code == "":
        r = float(round_count(truth))
        return max(r - 2, low), min(r + 2, cap)
    if code == "R2":
        return 0.0, min(float(GEHEIM_TOT_EN_MET), cap)
    if code == "R5":
        return low, cap
    return 0.0, cap


def _free_totals(
    cells: _Cells,
    sums: Sequence[tuple[int, Sequence[int]]],
    states: Sequence[State],
    code_of: Callable[[int], str],
) -> set[int]:
    """Hide (R5) every hulpvraag total whose parts are all hidden and small, whatever its value.

    A shown or "afgeschermd" count of persons with a hulpvraag tells a reader that it is 8 or
    more (else it would be "geheim"). Under such a total, parts that are all hidden with a
    small upper bound (two "geheim" buurten: 0-7 each) cannot all be 0: one would be at
    least ``8 - 7 = 1``, and hiding more cells cannot undo that. So such a total is hidden
    whether it is 0 or 80, and is then known to lie between 0 and its public bound only.
    The decision looks only at the parts' rules and the public bounds, never at a value;
    returns the totals so hidden (repeated until nothing changes).
    """
    free: set[int] = set()
    changed = True
    while changed:
        changed = False
        for totaal, delen in sums:
            if totaal in free or not cells.hulpvraag[totaal] or cells.public[totaal]:
                continue
            if code_of(totaal) not in ("", "R2") or not delen:
                continue
            highs = []
            for d in delen:
                code = "R4" if d in free else code_of(d)
                if cells.public[d] or code not in ("R2", "R3", "R4"):
                    break
                highs.append(_bounds(code, 0.0, False, False, cells.cap[d])[1])
            else:
                if sum(highs) - max(highs) <= GEHEIM_TOT_EN_MET:
                    state = states[cells.level[totaal]]
                    state.status[cells.kolom[totaal]].at[cells.area[totaal]] = "R5"
                    free.add(totaal)
                    changed = True
    return free


def secondary_counts(lagen: Sequence[Laag], states: Sequence[State]) -> list[pd.DataFrame]:
    """R5 by the interval audit, in place in ``states``; returns the audit per level."""
    # Long on purpose: the audit loop (interval per hidden cell, then hiding a partner and solving
    # again) keeps its state in local arrays; the steps it calls are the small functions around
    # it.
    cells = _collect_cells(lagen)
    sums, at_most = _relations(lagen, cells)
    _check_truth(cells, sums, at_most)
    n = len(cells.level)

    def code_of(i: int) -> str:
        return str(states[cells.level[i]].status[cells.kolom[i]].at[cells.area[i]])

    free = _free_totals(cells, sums, states, code_of)
    lower = np.zeros(n)
    upper = np.zeros(n)
    for i in range(n):
        lower[i], upper[i] = _bounds(
            code_of(i),
            cells.truth[i],
            cells.hulpvraag[i] and i not in free,
            cells.public[i],
            cells.cap[i],
        )
    required = np.zeros(n)
    for i in range(n):
        if code_of(i) in ("R2", "R3", "R4") and not cells.public[i]:
            required[i] = min(float(MIN_BREEDTE), upper[i] - lower[i])

    # connected components of the relations: each is audited on its own (a wijk with its
    # buurten and the columns tied to each other), so every program stays small
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    neighbours: dict[int, set[int]] = {}
    groups = [[t, *d] for t, d in sums] + [[a, b] for a, b in at_most]
    for members in groups:
        for m in members[1:]:
            parent[find(m)] = find(members[0])
        for m in members:
            neighbours.setdefault(m, set()).update(x for x in members if x != m)
    components: dict[int, list[int]] = {}
    for i in range(n):
        components.setdefault(find(i), []).append(i)

    results: dict[int, tuple[float, float]] = {}
    for members in components.values():
        targets = [i for i in members if required[i] > 0]
        if not targets:
            continue
        local = {g: j for j, g in enumerate(members)}
        solver = IntervalSolver(
            len(members),
            [(local[t], [local[d] for d in ds]) for t, ds in sums if t in local],
            [(local[a], local[b]) for a, b in at_most if a in local],
        )

        def interval(i: int, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float]:
            return solver.interval(local[i], lo, hi)  # noqa: B023

        lo = lower[members].copy()
        hi = upper[members].copy()
        hidden = 0  # cells hidden in this component so far
        passed: dict[int, tuple[float, float, int]] = {}
        for i in targets:
            while True:
                low, high = interval(i, lo, hi)
                if high - low >= required[i]:
                    passed[i] = (low, high, hidden)
                    break
                pick = _pick_partner(
                    i, members, local, lo, hi, cells, neighbours, code_of, interval
                )
                state = states[cells.level[pick]]
                state.status[cells.kolom[pick]].at[cells.area[pick]] = "R5"
                lo[local[pick]], hi[local[pick]] = _bounds(
                    "R5", cells.truth[pick], cells.hulpvraag[pick], False, cells.cap[pick]
                )
                hidden += 1
        # hiding more only widens intervals; a target that passed before later cells were
        # hidden is audited once more, so the audit reports the tables as published
        for i, (low, high, seen) in passed.items():
            results[i] = (low, high) if seen == hidden else interval(i, lo, hi)

    for state, laag in zip(states, lagen, strict=True):
        blank_hidden(state, {k.naam: k for k in laag.kolommen})
    rows: list[list[tuple[object, ...]]] = [[] for _ in lagen]
    for i, (low, high) in sorted(results.items()):
        rows[cells.level[i]].append(
            (
                cells.kolom[i],
                cells.area[i],
                code_of(i),
                low,
                high,
                float(required[i]),
                bool(high - low >= required[i]),
            )
        )
    return [pd.DataFrame(r, columns=AUDIT_KOLOMMEN) for r in rows]


def _pick_partner(
    i: int,
    members: list[int],
    local: dict[int, int],
    lo: np.ndarray,
    hi: np.ndarray,
    cells: _Cells,
    neighbours: dict[int, set[int]],
    code_of: Callable[[int], str],
    interval: Callable[[int, np.ndarray, np.ndarray], tuple[float, float]],
) -> int:
    """The published cell to hide next, so that hidden cell ``i`` keeps its interval.

    Candidates are the shown, non-public counts of ``i``'s component, in a fixed order
    that does not look at any value: fewest relations between them and ``i`` first (the
    other buurten of the same wijk in the same column, the other columns of the same
    row, the wijk total), then the lower level first (keep wijk totals), then the same
    column, then the fewest inhabitants (public), then the area code. Of these the first
    whose hiding widens ``i``'s interval is hidden, else the first.

    Raises
    ------
    RuntimeError
        When no shown cell is left to hide (a public figure alone pins the cell down).
    """
    distance = {i: 0}
    frontier = [i]
    while frontier:
        nxt = []
        for m in frontier:
            for x in sorted(neighbours.get(m, ())):
                if x not in distance:
                    distance[x] = distance[m] + 1
                    nxt.append(x)
        frontier = nxt
    candidates = [
        m
        for m in members
        if m in distance and code_of(m) == "" and not cells.public[m] and cells.hideable[m]
    ]
    if not candidates:
        fixed = [m for m in members if code_of(m) == "" and not cells.hideable[m]]
        why = (
            "alleen de totalen van het niveau erboven, die hier als gepubliceerd gelden, "
            "leggen hem nog vast; scherm beide niveaus samen af (protect_levels, of "
            "kerncijfers_beide met de cohesie van wijken én buurten)"
            if fixed
            else "publieke cijfers alleen leggen hem vast"
        )
        raise RuntimeError(
            f"'{cells.kolom[i]}' van {cells.area[i]} is niet af te schermen: er is geen "
            f"getoonde cel meer over om te verbergen; {why}"
        )
    candidates.sort(
        key=lambda m: (
            distance[m],
            cells.level[m],
            cells.quantity[m] != cells.quantity[i],
            cells.size[m],
            str(cells.area[m]),
            cells.rank[m],
        )
    )
    low, high = interval(i, lo, hi)
    for m in candidates:
        j = local[m]
        saved = lo[j], hi[j]
        lo[j], hi[j] = _bounds("R5", cells.truth[m], cells.hulpvraag[m], False, cells.cap[m])
        new_low, new_high = interval(i, lo, hi)
        lo[j], hi[j] = saved
        if new_high - new_low > high - low:
            return m
    return candidates[0]

"""Calibration of the synthetic population to area targets ("ijkpunten") by iterative
proportional fitting (raking), and the fit report.

**Why our own IPF.** The table we fit is one row per person (or household) and one column
per category, with the row sums fixed at 1 (each person is in exactly one category) and the
column sums fixed per area (the targets). That is classic IPF (Deming & Stephan 1940) on a
persons x categories table; vectorised with ``numpy.bincount`` it fits every area of a
gemeente at once in a few milliseconds. The maintained ``ipfn`` package fits one dense
contingency table per call, so it would need a call per area and indicator; the tests
check that both give the same table on examples small enough for ``ipfn``
(``tests/synthetic/test_ijking.py``). IPF keeps the odds ratios of its start table, so the
determinants' effects (:data:`~sociale_basis.synthetic.aannames.MODELLEN`) survive
calibration: only the intercept per area moves.

**Which target applies.** Per indicator each unit (person of the indicator's age, or
household) gets the target of its buurt when the buurt has one; a wijk target applies to
what the buurten with a target leave of the wijk (its count minus theirs), and a gemeente
target to what is left after that. Units without any target keep the mean odds shift of
the calibrated units of their wijk (else of the gemeente).

**Drawing.** Within each calibrated area the number of units with the outcome is the
expected number (stochastically rounded: the fraction is a Bernoulli draw), and who has it
is the top of ``logit(p) + logistic noise``: the same as independent Bernoulli draws,
conditioned on that number (integerisation, as in spatial microsimulation: Lovelace &
Ballas 2013, "truncate, replicate, sample").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.ijkpunten import IJKPUNT_KOLOMMEN, INDICATOREN, gebied_niveau
from .tools import FloatArray, IntArray

MAX_ITERATIES = 200
TOLERANTIE = 1e-9


def ipf(
    seed: FloatArray,
    margins: list[tuple[IntArray, FloatArray]],
    *,
    max_iter: int = MAX_ITERATIES,
    tol: float = TOLERANTIE,
) -> FloatArray:
    """Iterative proportional fitting of a units x categories table.

    Parameters
    ----------
    seed
        Start table, shape (n, k), non-negative; each row sums to 1 (a unit's chances).
    margins
        Per margin: the group of each unit (``-1``: not in this margin) and the target
        count per group and category, shape (g, k) (a NaN row: no target for that group).
    max_iter, tol
        Stop after this many sweeps, or when no target is missed by more than `tol`.

    Returns
    -------
    numpy.ndarray
        The fitted table: rows sum to 1, and the column sums per group meet the targets
        where the targets are consistent and reachable (zero cells stay zero).
    """
    x = np.asarray(seed, dtype=float).copy()
    k = x.shape[1]
    for _ in range(max_iter):
        worst = 0.0
        for group, target in margins:
            inside = group >= 0
            g = group[inside]
            sums = np.zeros_like(target)
            for c in range(k):
                sums[:, c] = np.bincount(g, weights=x[inside, c], minlength=len(target))
            ok = ~np.isnan(target)
            worst = max(worst, float(np.max(np.abs(np.where(ok, sums - target, 0.0)), initial=0)))
            ratio = np.divide(target, sums, out=np.ones_like(sums), where=ok & (sums > 0))
            factor = np.where(ok & (sums > 0), ratio, 1.0)
            x[inside] *= factor[g]
            rows = x[inside].sum(axis=1, keepdims=True)
            x[inside] = np.divide(x[inside], rows, out=np.zeros_like(x[inside]), where=rows > 0)
        if worst < tol:
            break
    return x


def rake(p: FloatArray, group: IntArray, target: FloatArray) -> FloatArray:
    """Calibrate chances ``p`` of a yes/no outcome to target counts per group.

    ``group[i]`` is unit i's group (-1: none), ``target[g]`` the number of units of group
    g that should have the outcome (NaN: none; clipped to what the group can reach). Units
    with ``p == 0`` stay 0 and with ``p == 1`` stay 1.

    This is the fixed point of :func:`ipf` on the table ``[1 - p, p]`` with the groups as
    its one margin: IPF keeps odds ratios, so every unit's log odds move by the same shift
    ``s_g`` within its group, the one with ``sum_i logistic(logit(p_i) + s_g) = target[g]``.
    We find ``s_g`` for all groups at once by bisection (60 halvings of [-40, 40]), which
    is exact to far below one unit and much faster than IPF sweeps.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    inside = (group >= 0) & (p > 0) & (p < 1)
    if not inside.any() or len(target) == 0:
        return p.copy()
    g = group[inside]
    z = np.log(p[inside]) - np.log1p(-p[inside])
    size = len(target)
    sure = np.bincount(group[(group >= 0) & (p >= 1)], minlength=size).astype(float)
    reach = np.bincount(g, minlength=size) + sure
    want = np.clip(np.nan_to_num(target, nan=0.0), sure, reach) - sure
    lo, hi = np.full(size, -40.0), np.full(size, 40.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        got = np.bincount(g, weights=1 / (1 + np.exp(-(z + mid[g]))), minlength=size)
        lo, hi = np.where(got < want, mid, lo), np.where(got < want, hi, mid)
    shift = np.where(np.isnan(target), 0.0, (lo + hi) / 2)
    out = p.copy()
    out[inside] = 1 / (1 + np.exp(-(z + shift[g])))
    return out


def draw_exact(p: FloatArray, group: IntArray, rng: np.random.Generator) -> np.ndarray:
    """Who has the outcome: in each group the expected number (stochastically rounded),
    chosen as the top of ``logit(p) + logistic noise`` (module docstring). Units of group
    -1 are drawn one by one (Bernoulli)."""
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    n = len(p)
    u = rng.random(n)
    out = np.zeros(n, dtype=bool)
    free = group < 0
    out[free] = u[free] < p[free]
    if free.all():
        return out
    with np.errstate(divide="ignore"):
        key = np.log(p) - np.log1p(-p) + rng.logistic(size=n)
    g = np.where(free, -1, group)
    size = int(g.max()) + 1
    expected = np.bincount(g[~free], weights=p[~free], minlength=size)
    whole = np.floor(expected + 1e-9)
    number = (whole + (rng.random(size) < expected - whole)).astype(np.int64)
    order = np.lexsort((-key, g))
    order = order[g[order] >= 0]
    starts = np.searchsorted(g[order], np.arange(size))
    rank = np.arange(len(order)) - starts[g[order]]
    chosen = order[(rank < number[g[order]]) & (p[order] > 0)]
    out[chosen] = True
    return out


# --- targets -----------------------------------------------------------------------------


@dataclass
class Eenheden:
    """The units an indicator counts (persons or households) and their areas.

    ``buurt`` and ``wijk`` are area codes per unit; ``basis`` marks the units counted (e.g.
    persons of 18+).
    """

    buurt: np.ndarray
    wijk: np.ndarray
    basis: np.ndarray


def targets_for(
    doelen: pd.DataFrame, indicator: str, units: Eenheden, already: np.ndarray | None = None
) -> tuple[IntArray, FloatArray, list[str]]:
    """Groups and target counts of one indicator (rules in the module docstring).

    ``already`` marks units that have the outcome before this draw (they count towards
    the target and are not drawn again). Returns the group of every unit (-1: no target),
    the number still to reach per group and the group names.
    """
    rows = doelen[doelen["indicator"] == indicator]
    have = np.zeros(len(units.basis), bool) if already is None else already
    group = np.full(len(units.basis), -1, dtype=np.int64)
    names: list[str] = []
    counts: list[float] = []
    members = area_members(units)
    for level in ("buurt", "wijk", "gemeente"):
        for _, r in rows[rows["niveau"] == level].iterrows():
            area = area_of(members, level, r["gebiedcode"])
            if not len(area):
                continue
            g, h = group[area], have[area]
            total = _count(r, len(area))
            aim = total - (h & (g < 0)).sum()
            aim -= _claimed(g[g >= 0], counts, h[g >= 0])
            group[area[(g < 0) & ~h]] = len(names)
            names.append(str(r["gebiedcode"]))
            counts.append(max(aim, 0.0))
    return group, np.asarray(counts, dtype=float), names


NOBODY = np.zeros(0, dtype=np.int64)
"""The members of an area without units in the basis."""


def area_members(units: Eenheden) -> dict[str, dict[object, IntArray]]:
    """Per level (``buurt``, ``wijk``, ``gemeente``) and area code: the positions of the
    units of the basis in that area. Made in one pass, so that going over the targets costs
    the units of each area once, not every unit once per target (which grew with the
    square of the gemeente)."""
    basis = np.flatnonzero(units.basis)
    out: dict[str, dict[object, IntArray]] = {}
    for level, codes in (("buurt", units.buurt), ("wijk", units.wijk), ("gemeente", None)):
        if codes is None:  # a target of the gemeente counts every unit of the basis
            out[level] = {None: basis}
            continue
        keys = pd.Series(codes[basis], dtype=object)
        out[level] = {k: basis[v] for k, v in keys.groupby(keys, sort=False).indices.items()}
    return out


def area_of(members: dict[str, dict[object, IntArray]], level: str, code: object) -> IntArray:
    """The units of area ``code`` of ``level`` from :func:`area_members` (a gemeente: all)."""
    return members[level].get(None if level == "gemeente" else code, NOBODY)


def _count(row: pd.Series, n: int) -> float:
    """The target of a row as a number of units: a count as given, a share times `n`."""
    if str(row.get("eenheid", "percentage")) == "aantal":
        return float(row["waarde"])
    return float(row["waarde"]) * n


def _claimed(inner_groups: IntArray, counts: list[float], had: np.ndarray) -> float:
    """What the finer targets inside an area already claim: their target counts
    (``inner_groups``: the groups of the units they cover), plus the units they cover that
    had the outcome before (``had``)."""
    return float(sum(counts[i] for i in np.unique(inner_groups)) + had.sum())


def calibrate(
    p: FloatArray,
    doelen: pd.DataFrame,
    indicator: str,
    units: Eenheden,
    rng: np.random.Generator,
    already: np.ndarray | None = None,
) -> np.ndarray:
    """Rake chances ``p`` to the targets of `indicator` and draw who has the outcome.

    Units outside the basis never get it; units without a target get the mean odds shift
    of the calibrated units in their wijk (else the gemeente's).
    """
    p = np.where(units.basis, p, 0.0)
    if already is not None:
        p = np.where(already, 0.0, p)
    group, target, _ = targets_for(doelen, indicator, units, already)
    raked = rake(p, group, target) if len(target) else p.copy()
    rest = (group < 0) & (p > 0)
    if rest.any() and (group >= 0).any():
        raked[rest] = _shifted(p, raked, group, units.wijk, rest)
    drawn = draw_exact(raked, group, rng)
    return drawn if already is None else drawn | already


def _shifted(
    p: FloatArray, raked: FloatArray, group: IntArray, wijk: np.ndarray, rest: np.ndarray
) -> FloatArray:
    """Chances of the units without target, shifted by the mean log odds shift of the
    calibrated units of their wijk (else of all calibrated units)."""
    fitted = (group >= 0) & (p > 0) & (p < 1) & (raked > 0) & (raked < 1)
    shift = np.log(raked[fitted] / (1 - raked[fitted])) - np.log(p[fitted] / (1 - p[fitted]))
    overall = float(shift.mean()) if len(shift) else 0.0
    by_wijk = pd.Series(shift).groupby(wijk[fitted]).mean()
    s = pd.Series(wijk[rest]).map(by_wijk).fillna(overall).to_numpy(dtype=float)
    q = np.clip(p[rest], 1e-12, 1 - 1e-12)
    return 1.0 / (1.0 + np.exp(-(np.log(q / (1 - q)) + s)))


# --- the targets table and the fit report --------------------------------------------------


def targets_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    """A long table of targets with a ``niveau`` column from the codes."""
    frame = pd.DataFrame(rows, columns=list(IJKPUNT_KOLOMMEN))
    frame["niveau"] = [gebied_niveau(str(c)) for c in frame["gebiedcode"]]
    return frame


def default_targets(
    kerncijfers: pd.DataFrame | None, gemeentecode: str, eigen: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The targets the generator fits: the user's own (`eigen`), else the bundle's CBS key
    figures per buurt (the latest year with a value), else the national defaults of
    :data:`~sociale_basis.synthetic.aannames.LANDELIJK` for the gemeente.

    The user's rows replace the bundle's rows of the same indicator and area; an indicator
    the bundle has no figures for gets the national default for the gemeente as a whole,
    unless the user gives the gemeente's own (the user's wijken and buurten then get their
    targets and the rest of the gemeente what is left).
    """
    from . import aannames as A

    rows: list[dict[str, object]] = []
    if kerncijfers is not None and len(kerncijfers):
        k = kerncijfers.sort_values("jaar", kind="stable")
        for name, info in INDICATOREN.items():
            column = next((c for c in info.namen if c in k.columns), None)
            if column is None:
                continue
            given = k[k[column].notna()]
            for code, r in given.groupby(level=0).tail(1).iterrows():
                rows.append(
                    {
                        "gebiedcode": code,
                        "indicator": name,
                        "waarde": float(r[column]) / 100.0,
                        "periode": str(int(r["jaar"])),
                        "bron": f"CBS kerncijfers wijken en buurten ({column})",
                    }
                )
    table = targets_table(rows)
    from_bundle = set(table["indicator"])
    if eigen is not None and len(eigen):
        own = eigen.assign(niveau=eigen["gebiedcode"].map(lambda c: gebied_niveau(str(c))))
        keys = set(zip(own["indicator"], own["gebiedcode"], strict=True))
        pairs = zip(table["indicator"], table["gebiedcode"], strict=True)
        table = pd.concat([table[[p not in keys for p in pairs]], own], ignore_index=True)
    # the national default holds for the gemeente as a whole where neither the bundle nor
    # the user gives the gemeente's figure; the user's wijken and buurten are fitted within it
    whole = set(table.loc[table["niveau"] == "gemeente", "indicator"])
    national = [
        {
            "gebiedcode": gemeentecode,
            "indicator": name,
            "waarde": share,
            "periode": "",
            "bron": bron,
        }
        for name, (share, bron) in A.LANDELIJK.items()
        if name not in from_bundle and name not in whole
    ]
    if national:
        table = pd.concat([table, targets_table(national)], ignore_index=True)
    return table.reset_index(drop=True)


def fit_report(
    doelen: pd.DataFrame, values: dict[str, tuple[np.ndarray, Eenheden]]
) -> pd.DataFrame:
    """Per target: the target, the synthetic value and the difference (percentage points).

    ``values[indicator]`` holds who has the outcome and the units it counts.
    """
    out = []
    members = {name: area_members(units) for name, (_, units) in values.items()}
    for _, r in doelen.iterrows():
        if r["indicator"] not in values:
            continue
        has, _ = values[str(r["indicator"])]
        per_area = members[str(r["indicator"])]
        level = str(r["niveau"]) if r["niveau"] in ("buurt", "wijk") else "gemeente"
        area = area_of(per_area, level, r["gebiedcode"])
        n = len(area)
        synthetic = float(has[area].mean()) if n else np.nan
        aim = _count(r, n) / n if n else np.nan
        out.append(
            {
                "gebiedcode": r["gebiedcode"],
                "niveau": r["niveau"],
                "indicator": r["indicator"],
                "omschrijving": INDICATOREN[str(r["indicator"])].label,
                "doel_pct": 100.0 * aim,
                "synthetisch_pct": 100.0 * synthetic,
                "verschil_pct": 100.0 * (synthetic - aim),
                "basis": n,
                "eenheid": INDICATOREN[str(r["indicator"])].eenheid,
                "periode": r["periode"],
                "bron": r["bron"],
            }
        )
    return pd.DataFrame(out)

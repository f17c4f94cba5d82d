"""The smallest and largest whole value of a hidden count, given what a reader knows: the
linear and integer programs behind the interval audit (:mod:`.audit`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def feasible_interval(
    cel: int,
    laagste: Sequence[float],
    hoogste: Sequence[float],
    sommen: Sequence[tuple[int, Sequence[int]]] = (),
    hoogstens: Sequence[tuple[int, int]] = (),
) -> tuple[float, float]:
    """The smallest and largest whole value that cell ``cel`` can take given what is known.

    Minimises and maximises ``x[cel]`` over whole numbers ``x`` (HiGHS: the linear
    relaxation, and the integer program itself when that ends in a fractional vertex)
    with ``laagste[i] <= x[i] <= hoogste[i]``,
    ``x[totaal] = sum(x[delen])`` for each ``(totaal, delen)`` in ``sommen`` and
    ``x[a] <= x[b]`` for each ``(a, b)`` in ``hoogstens``. This is what a reader can work
    out about a hidden cell from the published ones: a shown count ``r`` (rounded to 5)
    gives ``r-2 <= x <= r+2``, a "geheim" one ``0 <= x <= 7``, a wijk total the sum of its
    buurten.

    Parameters
    ----------
    cel
        Position of the cell to bound.
    laagste, hoogste
        Bounds per cell (use a large number, e.g. :data:`ONBEGRENSD`, for "no bound").
    sommen
        ``(totaal, delen)``: the cell ``totaal`` is the sum of the cells ``delen``.
    hoogstens
        ``(a, b)``: cell ``a`` is at most cell ``b``.

    Returns
    -------
    (float, float)
        The smallest and largest value; NaN, NaN when the bounds contradict each other
        (also when only fractional values would satisfy them).

    Examples
    --------
    A wijk of 3 buurten: the wijk shows 20 (so 18-22), buurt 0 shows 10 (8-12), buurt 1
    is "geheim" (0-7) and buurt 2 is hidden (0-1000). Then buurt 1 can still be 0-7:

    >>> feasible_interval(2, [18, 8, 0, 0], [22, 12, 7, 1000], [(0, [1, 2, 3])])
    (0.0, 7.0)

    With buurt 2 shown as 5 (3-7), buurt 1 lies between 18 - 12 - 7 = -1 and
    22 - 8 - 3 = 11, so still 0-7; with a wijk of 25 (23-27), it is 23 - 12 - 7 = 4 to 7:

    >>> feasible_interval(2, [23, 8, 0, 3], [27, 12, 7, 7], [(0, [1, 2, 3])])
    (4.0, 7.0)
    """
    lower = np.asarray(laagste, dtype=float)
    upper = np.asarray(hoogste, dtype=float)
    return IntervalSolver(len(lower), sommen, hoogstens).interval(cel, lower, upper)


def constraint_matrices(
    n: int,
    sommen: Sequence[tuple[int, Sequence[int]]],
    hoogstens: Sequence[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray]:
    """The relations as dense rows: ``a_eq @ x == 0`` (the sums), ``a_ub @ x <= 0``."""
    a_eq = np.zeros((len(sommen), n))
    for row, (totaal, delen) in enumerate(sommen):
        a_eq[row, totaal] += 1.0
        for d in delen:
            a_eq[row, d] -= 1.0
    a_ub = np.zeros((len(hoogstens), n))
    for row, (a, b) in enumerate(hoogstens):
        a_ub[row, a] += 1.0
        a_ub[row, b] -= 1.0
    return a_eq, a_ub


class IntervalSolver:
    """Min and max of one cell over whole numbers, for many cells and bounds under one fixed
    set of relations (one component of the audit; see :func:`feasible_interval`).

    The audit asks thousands of small programs that differ only in the cell (the objective)
    and a few bounds. One HiGHS model is built per set of relations and kept: each question
    changes the cost of two columns and the bounds, and HiGHS starts from the last basis.
    This skips what made one scipy ``linprog`` call per program slow (checking options and
    building the model anew), not the solve.

    The linear relaxation is solved first (simplex, which ends in a vertex). The tables'
    sums make most of these programs totally unimodular, so that vertex is usually whole
    already, and then it is also the best whole solution. Only when it is not, the integer
    program itself is solved (:func:`scipy.optimize.milp`, branch and bound), so the answer
    is always the one over whole numbers: the same whichever optimal vertex a solver finds.
    """

    def __init__(
        self,
        n: int,
        sommen: Sequence[tuple[int, Sequence[int]]],
        hoogstens: Sequence[tuple[int, int]],
    ) -> None:
        import highspy

        self._n = n
        self._a_eq, self._a_ub = constraint_matrices(n, sommen, hoogstens)
        self._columns = np.arange(n, dtype=np.int32)
        self._highs = highspy.Highs()
        self._highs.setOptionValue("output_flag", False)
        self._optimal = highspy.HighsModelStatus.kOptimal
        self._highs.addVars(n, np.zeros(n), np.zeros(n))
        rows = np.vstack([self._a_eq, self._a_ub])
        if len(rows):
            row, col = np.nonzero(rows)
            starts = np.searchsorted(row, np.arange(len(rows))).astype(np.int32)
            row_lower = np.r_[np.zeros(len(self._a_eq)), np.full(len(self._a_ub), -np.inf)]
            self._highs.addRows(
                len(rows),
                row_lower,
                np.zeros(len(rows)),
                len(row),
                starts,
                col.astype(np.int32),
                rows[row, col],
            )
        self._costed = 0  # the column whose cost is not 0
        # the audit asks the same question again (once when a cell fails, once while
        # picking its partner); the answer depends on nothing else, so it is kept
        self._known: dict[tuple[int, bytes, bytes], tuple[float, float]] = {}

    def interval(self, cel: int, lower: np.ndarray, upper: np.ndarray) -> tuple[float, float]:
        """Min and max of ``x[cel]`` over whole ``x`` within ``lower``-``upper``; NaN, NaN
        when there is none."""
        key = (cel, lower.tobytes(), upper.tobytes())
        if key not in self._known:
            self._known[key] = self._solve(cel, lower, upper)
        return self._known[key]

    def _solve(self, cel: int, lower: np.ndarray, upper: np.ndarray) -> tuple[float, float]:
        highs = self._highs
        highs.changeColsBounds(self._n, self._columns, lower, upper)
        highs.changeColCost(self._costed, 0.0)
        self._costed = cel
        out = []
        for sign in (1.0, -1.0):
            highs.changeColCost(cel, sign)
            highs.run()
            if highs.getModelStatus() != self._optimal:
                # settle it without the kept basis, so that a warm start that went astray
                # can never answer differently from a fresh solve
                highs.clearSolver()
                highs.run()
                if highs.getModelStatus() != self._optimal:
                    return math.nan, math.nan
            x = np.asarray(highs.getSolution().col_value)
            whole = np.round(x)
            # np.allclose(x, whole, atol=1e-7) written out: its checks took a third of
            # the time per program
            if not (np.abs(x - whole) <= 1e-7 + 1e-5 * np.abs(whole)).all():
                best = self._whole(cel, sign, lower, upper)
                if best is None:  # a fractional solution only: no whole one
                    return math.nan, math.nan
                x = best
            out.append(float(round(x[cel])))
        return out[0], out[1]

    def _whole(
        self, cel: int, sign: float, lower: np.ndarray, upper: np.ndarray
    ) -> np.ndarray | None:
        """The best whole solution (branch and bound), when the relaxation's is not whole."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        c = np.zeros(self._n)
        c[cel] = sign
        constraints = []
        if len(self._a_eq):
            constraints.append(LinearConstraint(self._a_eq, 0.0, 0.0))
        if len(self._a_ub):
            constraints.append(LinearConstraint(self._a_ub, -np.inf, 0.0))
        result = milp(
            c, integrality=np.ones(self._n), bounds=Bounds(lower, upper), constraints=constraints
        )
        if result.status != 0 or result.x is None:
            return None
        return np.asarray(result.x)

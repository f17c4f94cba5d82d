"""The interval of a hidden count: the whole-number programs behind the audit (R5)."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np

from sociale_basis.privacy import feasible_interval
from sociale_basis.privacy.interval import IntervalSolver


def test_a_fractional_vertex_falls_back_to_whole_numbers() -> None:
    # cells 0-2 = a, b, c; 3 = a + b, 4 = b + c, 5 = a + c (an odd cycle: not totally
    # unimodular). With a + b = 3 and b + c = 3: a = c = 3 - b and a + c = 6 - 2b, which
    # lies in 3-6 when b is 0-1.5. The linear program's largest b is the vertex
    # a = b = c = 1.5; over whole numbers b is at most 1 (round(1.5) would say 2).
    sums = [(3, [0, 1]), (4, [1, 2]), (5, [0, 2])]
    lower = [0, 0, 0, 3, 3, 3]
    upper = [10, 10, 10, 3, 3, 6]
    assert feasible_interval(1, lower, upper, sums) == (0.0, 1.0)
    # a = 3 - b: 1.5-3 in the relaxation, 2-3 over whole numbers
    assert feasible_interval(0, lower, upper, sums) == (2.0, 3.0)
    # a + c = 3 would need b = 1.5: no whole solution (the relaxation has one)
    upper[5] = 3
    low, high = feasible_interval(1, lower, upper, sums)
    assert np.isnan(low) and np.isnan(high)


def _brute_force(cel: int, lower: np.ndarray, upper: np.ndarray) -> tuple[float, float]:
    """Min and max of cell ``cel`` of a wijk (cell 0) = its buurten (1-3) by enumeration,
    with buurt 1 at most buurt 2."""
    found = [
        x
        for parts in itertools.product(
            *(range(int(lower[i]), int(upper[i]) + 1) for i in (1, 2, 3))
        )
        if lower[0] <= (x := (sum(parts), *parts))[0] <= upper[0] and x[1] <= x[2]
    ]
    if not found:
        return np.nan, np.nan
    return float(min(x[cel] for x in found)), float(max(x[cel] for x in found))


def test_one_solver_answers_many_questions_as_a_fresh_one_would() -> None:
    # the audit keeps one model per component and changes only the cell and the bounds;
    # every answer must be the one found by enumerating all whole solutions
    rng = np.random.default_rng(7)
    solver = IntervalSolver(4, [(0, [1, 2, 3])], [(1, 2)])
    for _ in range(150):
        lower = rng.integers(0, 6, size=4).astype(float)
        upper = lower + rng.integers(0, 5, size=4)
        lower[0], upper[0] = sorted(rng.integers(0, 25, size=2).astype(float))
        cel = int(rng.integers(0, 4))
        expected = _brute_force(cel, lower, upper)
        got = solver.interval(cel, lower, upper)
        assert np.allclose(got, expected, equal_nan=True), (cel, lower, upper)
        # asked again (the audit does), the kept answer
        assert solver.interval(cel, lower.copy(), upper.copy()) == got or np.isnan(got[0])


def test_the_solver_prints_nothing() -> None:
    # the audit runs inside `sociale-basis demo` and notebooks: no solver banner or log may
    # reach the console. HiGHS writes to the process's own stdout, and some versions only
    # for the first model of a process, hence a fresh process.
    code = (
        "import numpy as np\n"
        "from sociale_basis.privacy.interval import IntervalSolver\n"
        "s = IntervalSolver(4, [(0, [1, 2, 3])], [])\n"
        "print(s.interval(2, np.array([18.0, 8, 0, 0]), np.array([22.0, 12, 7, 1000])))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "(0.0, 7.0)\n"
    assert done.stderr == ""

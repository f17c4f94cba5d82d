"""The interval audit (secondary suppression, R5) on Delft tiled 1x-8x: today's against before.

Run from the repository root::

    python bench/bench_audit.py [--maten 1 2] [--zonder-bereik] [--voor REF]

Per size, Delft is tiled k times (:func:`bench_scale.tile`), a population drawn (seed 2025)
and, unless ``--zonder-bereik``, walking distances to every soort computed (the "bereik"
theme adds the most cells). Then :func:`~sociale_basis.present.figures.kerncijfers_beide`
runs once, and the input of every call of the audit
(:func:`sociale_basis.privacy.audit.secondary_counts`: the levels and their states after
primary suppression) is kept. Each call is then repeated on a copy of its input by today's
code and by the package as it was at git commit ``--voor`` (default :data:`BEFORE`, the
audit with one scipy ``linprog`` call per program), timed in CPU time of this process (the
machine may be shared: the wall clock says more about the neighbours), and the results are
compared: the codes of every cell of every level, the published values and the audit table
(interval, required width, ok per hidden count) must be identical.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale
import voor

import sociale_basis.privacy.suppression as suppression
from sociale_basis.datasets import read_bron
from sociale_basis.datasets.bundles import populate
from sociale_basis.present.figures import kerncijfers_beide
from sociale_basis.privacy.audit import secondary_counts
from sociale_basis.streets import distances_by_category

#: The last commit with one scipy ``linprog`` (and ``milp``) call per program.
BEFORE = "52bc0eea0c656542b56715921d7a41d802495511"


def before_audit(ref: str) -> Callable[..., Any] | None:
    """``secondary_counts`` of the package as it was at git ``ref``, imported as
    ``sociale_basis_voor`` from a temporary copy; None without git or that commit."""
    if not voor.package_at(ref, "bench_audit_voor_"):
        return None
    return importlib.import_module("sociale_basis_voor.privacy.audit").secondary_counts  # type: ignore[no-any-return]


def audit_inputs(k: int, bereik: bool) -> list[tuple[Any, Any]]:
    """The input of every audit call of ``kerncijfers_beide`` on Delft tiled k times."""
    bron = read_bron("delft")
    gebied = populate(bench_scale.tile(bron, k) if k > 1 else bron, seed=2025)
    afstanden = None
    if bereik:
        soorten = sorted(set(gebied.voorzieningen["soort"]))
        afstanden = distances_by_category(
            gebied.netwerk, gebied.inwoners, gebied.voorzieningen, modus="lopen", soorten=soorten
        )
    kept: list[tuple[Any, Any]] = []
    original = suppression.secondary_counts

    def keep(lagen: Any, states: Any) -> Any:
        kept.append(copy.deepcopy((list(lagen), list(states))))
        return original(lagen, states)

    suppression.secondary_counts = keep
    try:
        kerncijfers_beide(gebied, afstanden=afstanden)
    finally:
        suppression.secondary_counts = original
    return kept


def timed(audit: Callable[..., Any], inputs: list[tuple[Any, Any]]) -> tuple[float, list[Any]]:
    """CPU seconds of ``audit`` over all inputs (each on a copy), and what it gave."""
    seconds, results = 0.0, []
    for lagen, states in inputs:
        lagen, states = copy.deepcopy((lagen, states))
        start = time.process_time()
        audits = audit(lagen, states)
        seconds += time.process_time() - start
        results.append(([s.status for s in states], [s.values for s in states], audits))
    return seconds, results


def same(a: list[Any], b: list[Any]) -> bool:
    """Identical codes, values and audit tables."""
    for (status_a, values_a, audits_a), (status_b, values_b, audits_b) in zip(a, b, strict=True):
        for x, y in zip(status_a + values_a, status_b + values_b, strict=True):
            if x.keys() != y.keys() or not all(x[n].equals(y[n]) for n in x):
                return False
        for p, q in zip(audits_a, audits_b, strict=True):
            try:
                pd.testing.assert_frame_equal(p, q, check_exact=True)
            except AssertionError:
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maten", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--zonder-bereik", action="store_true")
    parser.add_argument("--voor", default=BEFORE)
    args = parser.parse_args()
    voor = before_audit(args.voor)
    print("| maat | audits | rijen | CPU nu (s) | CPU voor (s) | factor | gelijk |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for k in args.maten:
        inputs = audit_inputs(k, not args.zonder_bereik)
        now, results = timed(secondary_counts, inputs)
        rows = sum(len(a) for _, _, audits in results for a in audits)
        if voor is None:
            print(f"| {k}x | {len(inputs)} | {rows} | {now:.2f} | - | - | - |", flush=True)
            continue
        before, results_before = timed(voor, inputs)
        print(
            f"| {k}x | {len(inputs)} | {rows} | {now:.2f} | {before:.2f} | "
            f"{before / now:.1f} | {'ja' if same(results, results_before) else 'NEE'} |",
            flush=True,
        )


if __name__ == "__main__":
    main()

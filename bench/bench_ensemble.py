"""Time the ensemble over seeds (sb.ensemble) on a bundled gemeente: the cost per seed, by step.

Run from the repository root::

    python bench/bench_ensemble.py [--gemeente delft] [--seeds 2] [--signalen]
                                   [--processen 1] [--sources 20]

One seed of the ensemble is: load the bundle with that seed (the synthetic population is
generated, or read from the cache when it was made before), build the social graph, measure
cohesion per wijk, the population shares, and (with ``--signalen``) the signals. Each step
is timed for every seed (seeds 101, 102, ...: not cached by other runs, so generation is
timed too); then ``sb.ensemble`` over the same seeds is timed as a whole (populations now
cached), with ``--processen`` processes. Paste the printed Markdown into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time

import pandas as pd

import sociale_basis as sb
from sociale_basis.gaps import find_signalen, population_measures
from sociale_basis.social import build_graph, measure_cohesion


def _machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            platform.processor() or "?",
        )
    except OSError:
        model = platform.processor() or "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}, "
        f"load average at the start {load:.1f}"
    )


def _markdown(frame: pd.DataFrame) -> str:
    head = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gemeente", default="delft")
    parser.add_argument("--seeds", type=int, default=2, help="number of seeds (at least 2)")
    parser.add_argument("--eerste", type=int, default=101, help="first seed")
    parser.add_argument("--signalen", action="store_true", help="also time the signals")
    parser.add_argument("--processen", type=int, default=1)
    parser.add_argument("--sources", type=int, default=None, help="betweenness sources")
    args = parser.parse_args()
    seeds = list(range(args.eerste, args.eerste + args.seeds))
    cohesie = {} if args.sources is None else {"sources": args.sources}
    print(f"Machine: {_machine()}\n")

    rows = []
    for seed in seeds:
        t0 = time.perf_counter()
        gebied = sb.datasets.load(args.gemeente, seed=seed)
        t1 = time.perf_counter()
        G = build_graph(gebied)
        measure_cohesion(G, niveau="wijk", **cohesie)
        t2 = time.perf_counter()
        population_measures(gebied, "wijk")
        t3 = time.perf_counter()
        if args.signalen:
            find_signalen(gebied, niveau="wijk", modus="lopen")
        t4 = time.perf_counter()
        rows.append(
            {
                "seed": seed,
                "bevolking maken (s)": round(t1 - t0, 1),
                "graaf + cohesie (s)": round(t2 - t1, 1),
                "bevolkingsmaten (s)": round(t3 - t2, 2),
                "signalen (s)": round(t4 - t3, 1) if args.signalen else "-",
                "totaal (s)": round(t4 - t0, 1),
            }
        )
        print(rows[-1], flush=True)

    t0 = time.perf_counter()
    uitslag = sb.ensemble(
        args.gemeente,
        seeds=seeds,
        signalen=args.signalen,
        processen=args.processen,
        cohesie=cohesie,
    )
    total = time.perf_counter() - t0
    print(f"\n## Ensemble, {args.gemeente}, {len(seeds)} seeds\n")
    print(_markdown(pd.DataFrame(rows)))
    print(
        f"\nsb.ensemble over the same seeds (populations cached, {args.processen} "
        f"proces(sen), signalen {'aan' if args.signalen else 'uit'}): {total:.1f} s, "
        f"{total / len(seeds):.1f} s per seed; {len(uitslag.maten)} (gebied, maat) rows."
    )


if __name__ == "__main__":
    main()

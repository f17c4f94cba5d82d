"""Time the synthetic population generator on Delft and Zwolle, and measure its degrees.

Run from the repository root::

    python bench/bench_synthetic.py [--herhaal 3] [--seed 2025]

Reading the bundle (``read_bron``) is timed separately from ``generate``. For each gemeente
the best of ``--herhaal`` runs is reported (the minimum is the least disturbed by other work on
the machine), with the row counts of every table and the degree statistics of inwoners per
kind of informal tie. Paste the printed Markdown into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time

import numpy as np
import pandas as pd

from sociale_basis import datasets
from sociale_basis.synthetic.population import INFORMELE_RELATIES, generate
from sociale_basis.synthetic.relaties import degree_table


def _machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            platform.processor() or "?",
        )
    except OSError:
        model = platform.processor() or "?"
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}"


def _markdown(frame: pd.DataFrame) -> str:
    """A Markdown table (without the optional tabulate dependency)."""
    head = [str(c) for c in frame.columns]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhaal", type=int, default=3, help="runs per gemeente (best counts)")
    parser.add_argument("--seed", type=int, default=datasets.DEFAULT_SEED)
    parser.add_argument("--gemeenten", nargs="+", default=["delft", "zwolle"])
    args = parser.parse_args()

    print(f"Machine: {_machine()}\n")
    rows = []
    degrees = []
    roles = []
    for gemeente in args.gemeenten:
        t0 = time.perf_counter()
        bron = datasets.read_bron(gemeente)
        t_read = time.perf_counter() - t0
        times = []
        for _ in range(args.herhaal):
            t0 = time.perf_counter()
            synth = generate(bron, seed=args.seed)
            times.append(time.perf_counter() - t0)
        rel = synth.relaties
        caseload = rel[rel["soort"] == "caseload"]
        with_need = int(synth.inwoners["hulpvraag"].notna().sum())
        rows.append(
            {
                "gemeente": bron.naam,
                "read_bron (s)": round(t_read, 2),
                "generate best (s)": round(min(times), 2),
                "generate median (s)": round(float(np.median(times)), 2),
                "inwoners": len(synth.inwoners),
                "huishoudens": synth.inwoners["huishouden_id"].nunique(),
                "voorzieningen (synth.)": int((synth.voorzieningen["bron"] == "synthetisch").sum()),
                "professionals": len(synth.professionals),
                "verenigingen": len(synth.verenigingen),
                "relaties": len(rel),
                "hulpvraag in caseload": f"{len(caseload)} / {with_need}",
            }
        )
        load = caseload["van"].str.slice(len("professional:")).astype(int).value_counts()
        prof = synth.professionals.assign(
            caseload=load.reindex(synth.professionals.index, fill_value=0).to_numpy()
        )
        prof["vol"] = prof["caseload"] >= prof["capaciteit"]
        per_rol = prof.groupby("rol").agg(
            professionals=("caseload", "size"),
            caseload=("caseload", "sum"),
            capaciteit=("capaciteit", "sum"),
            vol=("vol", "sum"),
        )
        per_rol.insert(0, "gemeente", bron.naam)
        roles.append(per_rol.reset_index())
        table = degree_table(rel, len(synth.inwoners), list(INFORMELE_RELATIES))
        table.insert(0, "gemeente", bron.naam)
        degrees.append(table.rename_axis("soort").reset_index())
        counts = rel["soort"].value_counts().rename(bron.naam)
        print(f"Relaties per soort, {bron.naam}:\n{counts.to_string()}\n")

    print("## Timings\n")
    print(_markdown(pd.DataFrame(rows).set_index("gemeente").T.rename_axis("").reset_index()))
    print("\n## Caseload per role (vol = professionals at full capacity)\n")
    print(_markdown(pd.concat(roles)))
    print("\n## Degree of inwoners per kind of informal tie (all inwoners, 0 included)\n")
    print(_markdown(pd.concat(degrees).round(3)))


if __name__ == "__main__":
    main()

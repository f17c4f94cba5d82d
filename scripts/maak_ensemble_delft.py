"""Write the README's table of three contrasting Delft wijken over an ensemble of seeds.

    python scripts/maak_ensemble_delft.py [aantal_seeds]

Runs :func:`sociale_basis.ensemble` on Delft (the bundle's CBS key figures as targets) over
seeds 1..N (default 6, two processes; signals left out: the table shows measures) and
writes, between the markers ``<!-- ensemble-delft:begin -->`` and
``<!-- ensemble-delft:end -->`` in README.md, per wijk the median and the 90 % interval
over the seeds of isolation, the informal degree and the share with a hulpvraag, and per
measure whether the intervals of the three wijken are apart (so they differ by more than
the seed-to-seed spread). Nothing is typed by hand.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import sociale_basis as sb

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN, END = "<!-- ensemble-delft:begin -->", "<!-- ensemble-delft:end -->"
WIJKEN = {"WK050325": "Buitenhof", "WK050311": "Binnenstad", "WK050322": "Tanthof-West"}
MATEN = {
    "aandeel_geisoleerd": ("zonder informele band", 100, "%"),
    "gem_informele_graad": ("gem. informele banden", 1, ""),
    "aandeel_hulpvraag": ("met een hulpvraag", 100, "%"),
}


def _nl(v: float, unit: str) -> str:
    return (f"{v:.1f}" if unit == "%" else f"{v:.2f}").replace(".", ",")


def table(ens: sb.Ensemble, n: int) -> str:
    m = ens.maten
    lines = [
        "| wijk | " + " | ".join(label for label, _, _ in MATEN.values()) + " |",
        "|---|" + "---|" * len(MATEN),
    ]
    for code, naam in WIJKEN.items():
        cells = []
        for maat, (_, factor, unit) in MATEN.items():
            r = m.loc[(code, maat)]
            cells.append(
                f"{_nl(r['mediaan'] * factor, unit)}{unit} "
                f"({_nl(r['p05'] * factor, unit)}-{_nl(r['p95'] * factor, unit)})"
            )
        lines.append(f"| {naam} | " + " | ".join(cells) + " |")
    verdicts = []
    for maat, (label, _, _) in MATEN.items():
        spans = sorted((m.loc[(c, maat), "p05"], m.loc[(c, maat), "p95"]) for c in WIJKEN)
        apart = all(a[1] < b[0] for a, b in itertools.pairwise(spans))
        verdicts.append(f"{label}: {'ja' if apart else 'nee'}")
    lines += [
        "",
        f"Mediaan en 90%-interval (5e tot 95e percentiel) over {n} seeds; synthetische "
        "inwoners, geijkt op de CBS-kerncijfers per buurt. Liggen de intervallen van de drie "
        "wijken uit elkaar (verschil groter dan de spreiding tussen seeds)? "
        + "; ".join(verdicts)
        + ". Gemaakt met `python scripts/maak_ensemble_delft.py`.",
    ]
    return "\n".join(lines)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    start = time.perf_counter()
    # betweenness from 20 sampled sources per wijk: the table does not use it
    ens = sb.ensemble(
        "delft",
        seeds=range(1, n + 1),
        niveau="wijk",
        signalen=False,
        processen=2,
        cohesie={"sources": 20},
    )
    print(f"{n} seeds in {time.perf_counter() - start:.0f} s")
    text = README.read_text("utf-8")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    README.write_text(f"{head}{BEGIN}\n{table(ens, n)}\n{END}{tail}", "utf-8")
    print(table(ens, n))


if __name__ == "__main__":
    main()

"""What-if scenarios at interactive speed: one added voorziening in Delft.

Run from the repository root::

    python bench/bench_scenario.py            # writes "## Scenarios" in BENCHMARKS.md
    python bench/bench_scenario.py --quick    # fewer repeats, prints only

Measured on the bundled Delft (real network, 110,160 synthetic inwoners), default
thresholds, ``niveau="buurt"``. Reuse is explicit: one ``metingen = Metingen(delft)`` is
made and passed to every call that should reuse it.

1. **Cold**: ``find_signalen(delft, metingen=metingen)`` on new metingen (network
   preparation, distances per soort, 2SFCA per rol, the social graph and cohesion,
   clusters).
2. **Scenario, warm**: ``run_scenario(delft, add=[one buurthuis], metingen=metingen)`` after
   (1), at several places (each a new scenario): the call as a whole and its "after" part
   (``duur_s``).
3. **From scratch**: ``find_signalen`` on the changed gebied without metingen, the time a
   scenario would take without reuse.
4. **Professional**: ``run_scenario(delft, remove=[one wijkteam professional],
   metingen=metingen)``: the rol's 2SFCA and the cohesion are recomputed.
5. **Other thresholds**: ``find_signalen(delft, drempels=STRENGER, metingen=metingen)`` after
   (1), against the same call without metingen run right after it (the results are
   checked equal).

Target: (2) under 10 s.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import sociale_basis as sb  # noqa: E402
from sociale_basis.gaps import Metingen, find_signalen, run_scenario  # noqa: E402

STRENGER = {"hulp_te_ver": {"soorten": {"huisarts": {"afstand_m": 800, "max_aandeel": 0.10}}}}
"""Other thresholds, as in notebook 3: a huisarts within 800 m for 90% of the inwoners."""


def machine() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in out.splitlines() if "Model name" in line), ""
        )
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"`nproc` {os.cpu_count()}, `lscpu | grep 'Model name'`: {model or 'onbekend'}, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}; "
        f"load average (1 min, `uptime`) at the start {load:.1f}"
    )


def places(delft: sb.Gebied, metingen: Metingen, n: int) -> list[tuple[str, float, float]]:
    """The ``n`` buurten farthest from a meeting place (by the signals), and a point in each."""
    flags = find_signalen(delft, metingen=metingen)
    far = flags[(flags["signaal"] == "geen_ontmoetingsplek") & (flags["groep"] == "alle")]
    codes = far.sort_values("waarde", ascending=False)["gebiedcode"].head(n)
    out = []
    for code in codes:
        p = delft.buurten.geometry[code].representative_point()
        out.append((code, p.x, p.y))
    return out


def run(repeats: int) -> str:
    delft = sb.datasets.delft()
    info = machine()
    print(info)
    metingen = Metingen(delft)
    t = time.perf_counter()
    flags = find_signalen(delft, metingen=metingen)
    cold = time.perf_counter() - t
    print(f"cold find_signalen: {cold:.1f} s, {len(flags)} rows")

    rows = []
    for code, x, y in places(delft, metingen, repeats):
        t = time.perf_counter()
        result = run_scenario(
            delft, add=[{"soort": "buurthuis", "x": x, "y": y}], metingen=metingen
        )
        total = time.perf_counter() - t
        before = result.signalen_voor[result.signalen_voor["gebiedcode"] == code]
        after = result.signalen_na[result.signalen_na["gebiedcode"] == code]
        rows.append(
            (code, total, result.duur_s, len(before), len(after), sorted(result.herberekend))
        )
        print(f"scenario buurthuis in {code}: {total:.2f} s (after {result.duur_s:.2f} s)")

    code, x, y = places(delft, metingen, 1)[0]
    changed = copy.copy(delft)
    extra = pd.DataFrame(
        {
            "soort": ["buurthuis"],
            "naam": ["nieuw"],
            "buurtcode": [code],
            "wijkcode": [None],
            "bron": ["scenario"],
        },
        index=pd.Index([int(delft.voorzieningen.index.max()) + 1], name="voorziening_id"),
    )
    import geopandas as gpd
    import shapely

    extra = gpd.GeoDataFrame(extra, geometry=[shapely.Point(x, y)], crs="EPSG:28992")
    changed.voorzieningen = pd.concat([delft.voorzieningen, extra])
    t = time.perf_counter()
    find_signalen(changed)
    scratch = time.perf_counter() - t
    print(f"from scratch: {scratch:.1f} s")

    prof = delft.professionals.index[delft.professionals["rol"] == "wijkteam"][0]
    t = time.perf_counter()
    result = run_scenario(delft, remove=[f"professional:{prof}"], metingen=metingen)
    prof_total = time.perf_counter() - t
    print(f"scenario professional: {prof_total:.1f} s (after {result.duur_s:.1f} s)")

    t = time.perf_counter()
    reused = find_signalen(delft, drempels=STRENGER, metingen=metingen)
    other_warm = time.perf_counter() - t
    t = time.perf_counter()
    fresh = find_signalen(delft, drempels=STRENGER)
    other_scratch = time.perf_counter() - t
    pd.testing.assert_frame_equal(pd.DataFrame(reused), pd.DataFrame(fresh))
    print(f"other thresholds: {other_warm:.1f} s warm, {other_scratch:.1f} s from scratch")

    totals = np.array([r[1] for r in rows])
    afters = np.array([r[2] for r in rows])
    lines = [
        "Command: `python bench/bench_scenario.py` from the repository root (it writes this "
        f"section). Machine: {info}. Other jobs may share the machine: times are noisy.",
        "",
        "Delft (real network, 110,160 synthetic inwoners, 91 buurten), default thresholds, "
        '`niveau="buurt"`. Reuse is explicit: one `metingen = Metingen(delft)`, passed to every '
        "call marked *warm*. A scenario reuses from it the prepared network, the origins "
        "(distinct home points), the distances of every other soort, the 2SFCA access of every "
        "rol and the cohesion; it recomputes the distances of the changed soort, the component "
        "distances of its component, the measures per buurt and their protection, the clusters "
        "(LISA, 999 permutations) and the signals.",
        "",
        "| step | time (s) |",
        "|---|---:|",
        "| `find_signalen(delft, metingen=metingen)` cold (network, distances, 2SFCA, social "
        f"graph, cohesion, clusters) | {cold:.1f} |",
        f"| `find_signalen` on the changed gebied from scratch (no metingen) | {scratch:.1f} |",
        f"| `run_scenario(delft, add=[one buurthuis], metingen=metingen)`: median of {len(rows)} "
        f"places | {np.median(totals):.2f} |",
        f'| of which the "after" (`duur_s`): median (max) '
        f"| {np.median(afters):.2f} ({afters.max():.2f}) |",
        "| `run_scenario(delft, remove=[one wijkteam professional], metingen=metingen)`: 2SFCA "
        f"of the rol and cohesion again | {prof_total:.1f} |",
        "| `find_signalen(delft, drempels=huisarts binnen 800 m, metingen=metingen)` after the "
        f"cold run (distances and cohesion reused) | {other_warm:.1f} |",
        f"| the same from scratch (no metingen; results equal) | {other_scratch:.1f} |",
        "",
        "Per place (the buurten farthest from a buurthuis or bibliotheek; signals of that "
        "buurt before -> after):",
        "",
        "| buurt | scenario (s) | after (s) | signals before | signals after | recomputed |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for code, total, after, nb, na, what in rows:
        lines.append(f"| {code} | {total:.2f} | {after:.2f} | {nb} | {na} | {', '.join(what)} |")
    ok = "met" if np.max(totals) < 10 else "NOT met"
    lines += [
        "",
        f"Target: one added voorziening in under 10 s (warm) — {ok} (max {totals.max():.2f} s).",
    ]
    return "\n".join(lines)


def write_section(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    section = "## Scenarios\n\n" + text.strip() + "\n"
    pattern = re.compile(r"^## Scenarios\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section + "\n", current).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + section
    path.write_text(updated, "utf-8")
    print(f"wrote the Scenarios section of {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 places, print only")
    args = parser.parse_args()
    text = run(2 if args.quick else 5)
    print(text)
    if not args.quick:
        write_section(text)


if __name__ == "__main__":
    main()

"""A city the size of Amsterdam on one machine: the whole pipeline on Delft tiled 1x-8x.

Run from the repository root::

    python bench/bench_scale.py [--maten 1 2 4 8] [--uit /tmp/schaal] [--json schaal.json]

Delft's real wijken, buurten, addresses, voorzieningen and street network (the embedded
bundle) are copied k times onto a grid of shifted tiles with new codes (wijk ``WK050311``
of copy 3 becomes ``WK930311``), the street networks of neighbouring tiles joined by a few
connecting streets, so one gemeente of k x 110,000 inwoners comes out. Each size runs in a
fresh process (so the peak memory is its own) through the pipeline itself
(``pipeline.analyse`` and ``pipeline.write_uitkomst``, what ``sociale-basis demo`` runs, timed
at the pipeline's own steps) with every soort: population (the synthetic generator), the
social graph and cohesion (wijk and buurt), walking reach, isochrones, signals (both levels),
group opportunities, protected key figures, tables (CSV, Excel, report) and maps (overview
per buurt and wijk, a map per wijk, offline); then reach by bike to every soort.

Printed: per size and step the time (wall clock and CPU time of the process) and the peak
resident memory (sampled every 20 ms), then the growth exponent b of time = a * size^b
(least squares on the logs) per step and for the whole run. The exponents are fitted on CPU
time: on a machine shared with other work the wall clock says more about the neighbours
than about the code. Paste the Markdown into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

STAPPEN = (
    "bevolking",
    "cohesie",
    "bereik",
    "isochronen",
    "signalen",
    "kansen",
    "cijfers",
    "tabellen",
    "kaarten",
    "bereik_fiets",
)
GAP_M = 150.0
"""Space between two tiles; the connecting streets bridge it."""
CONNECTORS = 12
"""Connecting streets between two neighbouring tiles."""


# --- tiling -------------------------------------------------------------------------------


def _code(code: object, copy: int) -> object:
    if copy == 0 or not isinstance(code, str) or len(code) < 6:
        return code
    return f"{code[:2]}{90 + copy:02d}{code[4:]}"


def tile(bron, k: int):  # type: ignore[no-untyped-def]
    """Delft's Bron copied k times on a grid (module docstring)."""
    import geopandas as gpd
    import pandas as pd
    from shapely import LineString

    x0, y0, x1, y1 = bron.wijken.total_bounds
    cols = math.ceil(math.sqrt(k))
    dx, dy = (x1 - x0) + GAP_M, (y1 - y0) + GAP_M
    edges = bron.netwerk_edges
    node_max = int(max(edges["u"].max(), edges["v"].max())) + 1
    parts: dict[str, list] = {n: [] for n in ("wijken", "buurten", "adressen", "voorz", "e")}
    kern = []
    for copy in range(k):
        ox, oy = (copy % cols) * dx, (copy // cols) * dy

        def moved(frame, copy=copy, ox=ox, oy=oy):  # type: ignore[no-untyped-def]
            out = frame.copy()
            out["geometry"] = out.geometry.translate(ox, oy)
            for col in ("wijkcode", "buurtcode"):
                if col in out.columns:
                    out[col] = out[col].map(lambda c: _code(c, copy))
            return out

        w = moved(bron.wijken)
        w.index = w.index.map(lambda c, copy=copy: _code(c, copy))
        w["wijknaam"] = w["wijknaam"] + ("" if copy == 0 else f" ({copy + 1})")
        b = moved(bron.buurten)
        b.index = b.index.map(lambda c, copy=copy: _code(c, copy))
        a = moved(bron.adressen)
        a.index = a.index.map(lambda i, copy=copy: f"{i}-{copy}")
        v = moved(bron.voorzieningen)
        v.index = v.index.map(lambda i, copy=copy: f"{i}-{copy}")
        e = moved(edges)
        e["u"] = e["u"] + copy * node_max
        e["v"] = e["v"] + copy * node_max
        e["edge_id"] = e["edge_id"].astype(str) + f"-{copy}"
        for name, frame in zip(parts, (w, b, a, v, e), strict=True):
            parts[name].append(frame)
        if bron.kerncijfers is not None:
            kc = bron.kerncijfers.copy()
            kc.index = kc.index.map(lambda c, copy=copy: _code(c, copy))
            kern.append(kc)

    def cat(frames, name):  # type: ignore[no-untyped-def]
        out = pd.concat(frames)
        out.index.name = name
        return gpd.GeoDataFrame(out, geometry="geometry", crs=bron.wijken.crs)

    all_edges = cat(parts["e"], None).reset_index(drop=True)
    links = _connectors(parts["e"], cols, k, node_max)
    if links:
        extra = gpd.GeoDataFrame(
            {
                "edge_id": [f"verbinding-{i}" for i in range(len(links))],
                "u": [u for u, _, _ in links],
                "v": [v for _, v, _ in links],
                "highway": "residential",
                "motor_only": False,
                "car_road": True,
                "maxspeed": np.nan,
                "name": "Verbindingsweg",
            },
            geometry=[LineString(g) for _, _, g in links],
            crs=bron.wijken.crs,
        )
        all_edges = gpd.GeoDataFrame(
            pd.concat([all_edges, extra], ignore_index=True), crs=bron.wijken.crs
        )
    return replace(
        bron,
        naam=f"Delft x{k}",
        wijken=cat(parts["wijken"], bron.wijken.index.name),
        buurten=cat(parts["buurten"], bron.buurten.index.name),
        adressen=cat(parts["adressen"], bron.adressen.index.name),
        voorzieningen=cat(parts["voorz"], bron.voorzieningen.index.name),
        netwerk_edges=all_edges,
        kerncijfers=pd.concat(kern) if kern else None,
    )


def _nodes(edges) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Node ids and their coordinates, from the ends of the edges."""
    import shapely

    start = shapely.get_point(edges.geometry.values, 0)
    end = shapely.get_point(edges.geometry.values, -1)
    ids = np.concatenate([edges["u"].to_numpy(), edges["v"].to_numpy()])
    xy = np.vstack([shapely.get_coordinates(start), shapely.get_coordinates(end)])
    ids, first = np.unique(ids, return_index=True)
    return ids, xy[first]


def _connectors(tiles: list, cols: int, k: int, node_max: int) -> list:  # type: ignore[type-arg]
    """Streets across the gap between neighbouring tiles: from nodes near the edge of one
    tile to the nearest node of the other."""
    from scipy.spatial import cKDTree

    nodes = [_nodes(e) for e in tiles]
    links = []
    for a in range(k):
        for b, axis in ((a + 1, 0), (a + cols, 1)):
            if b >= k or (axis == 0 and b // cols != a // cols):
                continue
            ids_a, xy_a = nodes[a]
            ids_b, xy_b = nodes[b]
            near = np.argsort(-xy_a[:, axis])[: max(400, len(xy_a) // 20)]
            other = 1 - axis
            picks = near[np.argsort(xy_a[near, other])]
            picks = picks[np.linspace(0, len(picks) - 1, CONNECTORS).astype(int)]
            tree = cKDTree(xy_b)
            _, j = tree.query(xy_a[picks])
            for i, jj in zip(picks, j, strict=True):
                links.append((int(ids_a[i]), int(ids_b[jj]), [tuple(xy_a[i]), tuple(xy_b[jj])]))
    return links


# --- measuring ----------------------------------------------------------------------------


class Peak:
    """The peak resident memory of this process, sampled every 20 ms in a thread."""

    def __init__(self) -> None:
        import psutil

        self.proc = psutil.Process()
        self.peak = self.proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def reset(self) -> int:
        now = self.proc.memory_info().rss
        self.peak = now
        return now


STAP_NAMEN = {
    "sociaal netwerk en cohesie": "cohesie",
    "bereik per inwoner": "bereik",
    "isochronen": "isochronen",
    "signalen": "signalen",
    "kansen voor groepen": "kansen",
    "cijfers": "cijfers",
    "tabellen": "tabellen",
    "kaarten": "kaarten",
}
"""The pipeline's own step names (its ``stap`` callback) and their column here."""


class Steps:
    """Time and peak memory per step: each call closes the running step and starts the next."""

    def __init__(self, k: int, peak: Peak) -> None:
        self.k, self.peak = k, peak
        self.rows: dict[str, dict[str, float]] = {}
        self.name: str | None = None
        self.start = self.cpu = 0.0

    def __call__(self, name: str | None) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if self.name is not None:
            r = {"s": now - self.start, "cpu_s": cpu - self.cpu, "piek_mb": self.peak.peak / 2**20}
            self.rows[self.name] = r
            print(
                f"  x{self.k} {self.name}: {r['s']:.1f} s, cpu {r['cpu_s']:.1f} s, "
                f"{r['piek_mb']:.0f} MB",
                flush=True,
            )
        self.name = None if name is None else STAP_NAMEN.get(name, name)
        self.peak.reset()
        self.start, self.cpu = time.perf_counter(), time.process_time()


def run_size(k: int, uit: Path) -> dict[str, object]:
    """The whole pipeline on Delft x k (what ``sociale-basis demo`` runs, with every soort),
    plus reach by bike; time and peak memory per step."""
    import sociale_basis as sb
    from sociale_basis.datasets import read_bron
    from sociale_basis.datasets.bundles import populate
    from sociale_basis.pipeline import analyse, write_uitkomst

    peak = Peak()
    bron = tile(read_bron("delft"), k)
    steps = Steps(k, peak)
    steps("bevolking")
    g = populate(bron, seed=2025)
    soorten = sorted(set(g.voorzieningen["soort"]))
    uitkomst = analyse(g, soorten=soorten, stap=steps)
    write_uitkomst(uitkomst, uit, "schaal", "pct_65plus", True, True, stap=steps)
    steps("bereik_fiets")
    sb.distances_by_category(g.netwerk, g.inwoners, g.voorzieningen, modus="fiets", soorten=soorten)
    steps(None)
    rows = steps.rows
    return {
        "maat": k,
        "inwoners": len(g.inwoners),
        "buurten": len(g.buurten),
        "wijken": len(g.wijken),
        "adressen": len(g.adressen),
        "stappen": rows,
        "totaal_s": sum(r["s"] for r in rows.values()),
        "totaal_cpu_s": sum(r["cpu_s"] for r in rows.values()),
        "piek_mb": max(r["piek_mb"] for r in rows.values()),
    }


# --- reporting ----------------------------------------------------------------------------


def exponent(sizes: list[float], values: list[float]) -> float:
    """b of value = a * size^b, least squares on the logs."""
    b, _ = np.polyfit(np.log(sizes), np.log(values), 1)
    return float(b)


def _machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            platform.processor() or "?",
        )
    except OSError:
        model = platform.processor() or "?"
    import psutil

    ram = psutil.virtual_memory().total / 2**30
    python = platform.python_version()
    return f"{os.cpu_count()} cores (nproc), {ram:.0f} GB, {model}, Python {python}"


def report(results: list[dict]) -> str:  # type: ignore[type-arg]
    """Per size and step: CPU seconds / peak MB; the totals; the fitted exponents."""
    sizes = [r["maat"] for r in results]
    lines = [
        "| maat | inwoners | buurten | "
        + " | ".join(STAPPEN)
        + " | totaal cpu | totaal wand | piek |",
        "|---|---|---|" + "---|" * len(STAPPEN) + "---|---|---|",
    ]
    for r in results:
        cells = [
            f"{r['stappen'][s]['cpu_s']:.1f} s / {r['stappen'][s]['piek_mb']:.0f} MB"
            for s in STAPPEN
        ]
        lines.append(
            f"| {r['maat']}x | {r['inwoners']:,} | {r['buurten']} | "
            + " | ".join(cells)
            + f" | {r['totaal_cpu_s']:.0f} s | {r['totaal_s']:.0f} s"
            + f" | {r['piek_mb'] / 1024:.2f} GB |"
        )
    if len(results) > 1:
        tijd = [exponent(sizes, [r["stappen"][s]["cpu_s"] for r in results]) for s in STAPPEN]
        mem = [exponent(sizes, [r["stappen"][s]["piek_mb"] for r in results]) for s in STAPPEN]
        lines.append(
            "| exponent tijd (cpu) | | | "
            + " | ".join(f"{b:.2f}" for b in tijd)
            + f" | {exponent(sizes, [r['totaal_cpu_s'] for r in results]):.2f}"
            + f" | {exponent(sizes, [r['totaal_s'] for r in results]):.2f} | |"
        )
        lines.append(
            "| exponent geheugen | | | "
            + " | ".join(f"{b:.2f}" for b in mem)
            + f" | | | {exponent(sizes, [r['piek_mb'] for r in results]):.2f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--maten", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--uit", type=Path, default=None, help="map voor de uitvoer")
    parser.add_argument("--json", type=Path, default=None, help="bewaar de metingen")
    parser.add_argument("--een", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.een is not None:  # the child process: one size
        uit = args.uit or Path(tempfile.mkdtemp(prefix="schaal-"))
        print(json.dumps(run_size(args.een, uit)))
        return
    print(f"Machine: {_machine()}\n", flush=True)
    results = []
    for k in args.maten:
        uit = (args.uit or Path(tempfile.mkdtemp(prefix="schaal-"))) / f"x{k}"
        proc = subprocess.run(
            [sys.executable, __file__, "--een", str(k), "--uit", str(uit)],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = proc.stdout.strip().splitlines()
        for line in lines[:-1]:
            print(line, flush=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], flush=True)
            raise SystemExit(f"maat {k} mislukt")
        results.append(json.loads(lines[-1]))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    print()
    print(report(results))


if __name__ == "__main__":
    main()

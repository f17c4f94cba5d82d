"""Reachability benchmark: our exact and fast modes against scipy, networkx, pandana, cityseer.

Run from the repository root::

    python bench/bench_reach.py            # speed, Eindhoven (52,770 edges), 3 rounds
    python bench/bench_reach.py --gemeente delft   # Delft: every address, every soort
    python bench/bench_reach.py --detour   # detour factors on Delft and Eindhoven

Eindhoven: every method starts from the same networkx graph (``read_network``, not timed)
and the same 50,000 seeded random origins within 200 m of the network, and answers "network
distance to the nearest of 30 destinations" for 10 categories. Destinations are network
nodes, so that node snapping is the same for every method and distances can be compared.
Delft: the 59,511 addresses to the nearest voorziening of each soort (real places, not on
nodes). Network preparation (graph -> arrays, snapping, contraction hierarchies, ...) is
inside each timing.

Every method runs once per round, interleaved, for ``--repeat`` rounds (default 3); the
table gives the median. Rows marked "al voorbereid" time only the queries on a network
prepared outside the timing (the floor's CSR matrix and KD-tree; our ``Netwerk`` with its
caches), and are compared with the floor prepared the same way. The rows "vóór" run the
exact mode of the package as it was at git commit ``--voor`` (default :data:`BEFORE`,
before issue 16 item 4) in the same rounds, and its distances are compared with today's.
Memory: afterwards every method runs once more, each in a fresh process, and its peak RSS
above the RSS at its start is sampled every 5 ms (C, C++ and Rust allocations included);
``--no-memory`` skips this.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
import voor
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from sociale_basis.core.crs import RD_NEW
from sociale_basis.streets import network, reach
from sociale_basis.streets.modes import DETOUR_FACTOR

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EINDHOVEN = SHARED / "eindhoven" / "network" / "eindhoven_osm_highways_2025.gpkg"
DELFT = SHARED / "delft" / "network" / "delft_osm_network.gpkg"
N_CAT, N_DEST = 10, 30
#: The last commit with the exact mode as it was before issue 16, item 4 (edges split at
#: the destinations; snapping by 8 candidate pieces and GEOS for the unsure points).
BEFORE = "0c844d983ed8914d037bd178898d5bb938682e6c"


def before_package(ref: str) -> tuple[Any, Any] | None:
    """``reach`` and ``Netwerk`` of the package as it was at git ``ref``, imported as
    ``sociale_basis_voor`` from a temporary copy; None without git or that commit."""
    if not voor.package_at(ref, "bench_reach_voor_"):
        return None
    reach_voor = importlib.import_module("sociale_basis_voor.streets.reach")
    prepare_voor = importlib.import_module("sociale_basis_voor.streets.prepare")
    return reach_voor, prepare_voor.Netwerk


class PeakRSS:
    """Peak resident memory above the start, sampled every 5 ms (C allocations included)."""

    def __enter__(self) -> PeakRSS:
        self.start = self.peak = _rss()
        self.running = True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()
        return self

    def _watch(self) -> None:
        while self.running:
            self.peak = max(self.peak, _rss())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def mb(self) -> float:
        return (self.peak - self.start) / 2**20


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def random_points(G: nx.MultiGraph, n: int, seed: int, within: float = 200.0) -> np.ndarray:
    """Seeded uniform points in the network's bounding box, kept when within ``within`` m."""
    rng = np.random.default_rng(seed)
    geoms = np.array([d["geometry"] for _, _, d in G.edges(data=True)], dtype=object)
    tree = shapely.STRtree(geoms)
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    out: list[np.ndarray] = []
    while sum(len(o) for o in out) < n:
        xy = np.column_stack([rng.uniform(xmin, xmax, n), rng.uniform(ymin, ymax, n)])
        hit = np.unique(tree.query(shapely.points(xy), predicate="dwithin", distance=within)[0])
        out.append(xy[hit])
    return np.vstack(out)[:n]


# --- the methods; each returns {category: distance per origin} ---------------------------


def ours(G, origins, dests, snap):  # type: ignore[no-untyped-def]
    return reach.distances_by_category(G, origins, dests, modus="lopen", snap=snap)


def network_part(r: pd.DataFrame) -> dict:  # type: ignore[type-arg]
    """Our result without the origin's snap line (destinations are nodes: no snap line)."""
    return {
        c: r.loc[c]["afstand_m"].to_numpy() - r.loc[c]["aansluiting_m"].to_numpy()
        for c in r.index.get_level_values(0).unique()
    }


def _arrays(G):  # type: ignore[no-untyped-def]
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)])
    u, v, w = zip(*((index[a], index[b], d) for a, b, d in G.edges(data="length_m")), strict=True)
    return nodes, index, xy, np.array(u), np.array(v), np.array(w, float)


def floor_prepare(G, walk: bool = False):  # type: ignore[no-untyped-def]
    """The floor's preparation: networkx graph -> symmetric CSR matrix and node KD-tree.

    ``walk=False`` reads the edges through ``G.edges(data="length_m")`` (what a plain
    script does); ``walk=True`` walks the adjacency dicts as ``Netwerk`` does (the
    stricter floor).
    """
    if walk:
        from sociale_basis.streets.prepare import _edge_rows

        nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)])
        us, vs, _, datas = _edge_rows(G, index)
        u, v = np.array(us), np.array(vs)
        w = np.array([d["length_m"] for d in datas], float)
    else:
        nodes, _, xy, u, v, w = _arrays(G)
    n = len(nodes)
    rows, cols, w = np.r_[u, v], np.r_[v, u], np.r_[w, w]
    key = rows * n + cols
    order = np.lexsort((w, key))  # parallel edges: the shortest (coo would sum them)
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    keep = order[first]
    csr = csr_array((w[keep], (rows[keep], cols[keep])), shape=(n, n))
    return csr, cKDTree(xy)


def floor_query(prepared, origins, dests):  # type: ignore[no-untyped-def]
    """Nearest node for origins and destinations, one min_only Dijkstra per category."""
    csr, tree = prepared
    o_node = tree.query(_xy(origins))[1]
    d_node = tree.query(_xy(dests))[1]
    out = {}
    for cat, members in dests.groupby("soort").indices.items():
        dist = dijkstra(csr, directed=True, indices=d_node[members], min_only=True)
        out[cat] = dist[o_node]
    return out


def scipy_floor(G, origins, dests, walk: bool = False):  # type: ignore[no-untyped-def]
    return floor_query(floor_prepare(G, walk), origins, dests)


def networkx_ref(G, origins, dests):  # type: ignore[no-untyped-def]
    nodes = list(G.nodes)
    xy = np.array([(d["x"], d["y"]) for _, d in G.nodes(data=True)])
    tree = cKDTree(xy)
    o_node = [nodes[i] for i in tree.query(_xy(origins))[1]]
    d_node = tree.query(_xy(dests))[1]
    out = {}
    for cat, members in dests.groupby("soort").indices.items():
        dist = nx.multi_source_dijkstra_path_length(
            G, {nodes[i] for i in d_node[members]}, weight="length_m"
        )
        out[cat] = np.array([dist.get(o, np.inf) for o in o_node])
    return out


def pandana_ref(G, origins, dests):  # type: ignore[no-untyped-def]
    import pandana

    _, _, xy, u, v, w = _arrays(G)
    node_df = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    edge_df = pd.DataFrame({"from": u, "to": v, "length": w})
    net = pandana.Network(
        node_df["x"], node_df["y"], edge_df["from"], edge_df["to"], edge_df[["length"]], twoway=True
    )
    o = _xy(origins)
    o_node = net.get_node_ids(pd.Series(o[:, 0]), pd.Series(o[:, 1])).to_numpy()
    out = {}
    for cat, members in dests.groupby("soort").indices.items():
        d = _xy(dests.iloc[members])
        net.set_pois(cat, 20_000, 1, pd.Series(d[:, 0]), pd.Series(d[:, 1]))
        near = net.nearest_pois(20_000, cat, num_pois=1)[1]
        out[cat] = near.reindex(o_node).to_numpy()
    return out


def cityseer_ref(G, origins, dests):  # type: ignore[no-untyped-def]
    """cityseer computes at network nodes; origins take their nearest node's value."""
    from cityseer.metrics import layers
    from cityseer.tools import io

    H = nx.MultiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(str(n), x=d["x"], y=d["y"])
    for a, b, d in G.edges(data=True):
        H.add_edge(str(a), str(b), geom=d["geometry"])
    H.graph["crs"] = RD_NEW
    nodes_gdf, _, structure = io.network_structure_from_nx(H)
    data = dests.assign(soort=dests["soort"].astype(str)).reset_index(drop=True)
    cats = sorted(data["soort"].unique())
    result = layers.compute_accessibilities(
        data, "soort", cats, nodes_gdf, structure, distances=[3000]
    )
    nodes_gdf = result[0] if isinstance(result, tuple) else result  # v5.8: nodes only
    tree = cKDTree(np.column_stack([nodes_gdf["x"], nodes_gdf["y"]]))
    o_node = tree.query(_xy(origins))[1]
    out = {}
    for cat in cats:
        column = next(c for c in nodes_gdf.columns if c.startswith(f"cc_{cat}_nearest_max_3000"))
        out[cat] = nodes_gdf[column].to_numpy()[o_node]
    return out


def _xy(points: gpd.GeoDataFrame) -> np.ndarray:
    return shapely.get_coordinates(points.geometry.to_numpy())


def timed(fn: Callable[[], dict]) -> tuple[float, dict]:  # type: ignore[type-arg]
    """Seconds and result of one run (garbage collected before, outside the timing)."""
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def setup(gemeente: str = "eindhoven") -> tuple[nx.MultiGraph, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The graph, the origins and the destinations (with ``soort``) of the task.

    Eindhoven: 50,000 seeded origins and 10 x 30 destinations on nodes. Delft: every
    address and every voorziening with a place (column ``soort``).
    """
    if gemeente == "delft":
        from sociale_basis import datasets

        bron = datasets.read_bron("delft")
        vz = bron.voorzieningen
        vz = vz[~(vz.geometry.isna() | vz.geometry.is_empty).to_numpy()]
        return network.read_network(DELFT), bron.adressen, vz[["soort", "geometry"]]
    G = network.read_network(EINDHOVEN)
    o_xy = random_points(G, 50_000, seed=1)
    origins = gpd.GeoDataFrame(geometry=shapely.points(o_xy), crs=RD_NEW)
    rng = np.random.default_rng(2)
    main = max(nx.connected_components(G), key=len)
    picks = rng.choice(sorted(main), N_CAT * N_DEST, replace=False)
    dests = gpd.GeoDataFrame(
        {"soort": np.repeat([f"soort{i}" for i in range(N_CAT)], N_DEST)},
        geometry=shapely.points([(G.nodes[p]["x"], G.nodes[p]["y"]) for p in picks]),
        crs=RD_NEW,
    )
    return G, origins, dests


Method = tuple[str, str, Callable[[], dict]]  # type: ignore[type-arg]


def methods(G, origins, dests, only=None, before=None) -> list[Method]:  # type: ignore[no-untyped-def]
    """(key, name, run) per method; the "_warm" ones get their preparation here, untimed.

    ``before``: ``reach`` and ``Netwerk`` of the earlier version (:func:`before_package`);
    then its exact mode runs too, cold and prepared.
    """
    from sociale_basis.streets.prepare import Netwerk

    wanted = only or {"floor_warm", "fast_warm", "exact_warm", "exact_warm_voor"}
    floor_ready = floor_prepare(G) if "floor_warm" in wanted else None
    net = Netwerk(G, "lopen")
    if wanted & {"fast_warm", "exact_warm"}:
        _ = net.routing, net.node_tree, net.segments, net.edge_tree
    found = [
        ("floor", "scipy dijkstra, node snapping (vloer)", lambda: scipy_floor(G, origins, dests)),
        ("fast", "sociale_basis snel (snap='node')", lambda: ours(G, origins, dests, "node")),
        ("exact", "sociale_basis exact (snap='edge')", lambda: ours(G, origins, dests, "edge")),
        (
            "strict",
            "scipy vloer, strenger: zelfde adjacency-doorloop als Netwerk",
            lambda: scipy_floor(G, origins, dests, walk=True),
        ),
        ("networkx", "networkx multi_source_dijkstra", lambda: networkx_ref(G, origins, dests)),
        ("pandana", "pandana nearest_pois", lambda: pandana_ref(G, origins, dests)),
        ("cityseer", "cityseer compute_accessibilities", lambda: cityseer_ref(G, origins, dests)),
        (
            "floor_warm",
            "scipy vloer, netwerk al voorbereid (alleen snappen + Dijkstra)",
            lambda: floor_query(floor_ready, origins, dests),
        ),
        (
            "fast_warm",
            "sociale_basis snel, Netwerk al voorbereid",
            lambda: ours(net, origins, dests, "node"),
        ),
        (
            "exact_warm",
            "sociale_basis exact, Netwerk al voorbereid",
            lambda: ours(net, origins, dests, "edge"),
        ),
    ]
    if before is None:
        return found
    reach_voor, netwerk_voor = before
    net_voor = netwerk_voor(G, "lopen")
    if "exact_warm_voor" in wanted:
        _ = net_voor.routing, net_voor.node_tree, net_voor.segments, net_voor.edge_tree

    def exact_voor(graph):  # type: ignore[no-untyped-def]
        return reach_voor.distances_by_category(graph, origins, dests, modus="lopen", snap="edge")

    return [
        *found[:3],
        ("exact_voor", "sociale_basis exact vóór (snap='edge')", lambda: exact_voor(G)),
        *found[3:],
        (
            "exact_warm_voor",
            "sociale_basis exact vóór, Netwerk al voorbereid",
            lambda: exact_voor(net_voor),
        ),
    ]


# Long on purpose: one run from setup to the printed table, in the order it is read.
def speed(repeat: int, skip: set[str], memory: bool, gemeente: str, voor: str | None) -> None:
    """All methods side by side, ``repeat`` rounds; in each round every method runs once
    (interleaved, so a change in machine load hits all of them alike). Then, with
    ``memory``, each method once more in a fresh process for its peak memory."""
    print(f"start: {_uptime()}", flush=True)
    G, origins, dests = setup(gemeente)
    before = before_package(voor) if voor else None
    todo = [m for m in methods(G, origins, dests, before=before) if m[0] not in skip]
    times: dict[str, list[float]] = {key: [] for key, _, _ in todo}
    results: dict[str, dict] = {}  # type: ignore[type-arg]
    exact: dict[str, pd.DataFrame] = {}  # the exact results, now and before
    errors: dict[str, str] = {}
    for round_ in range(repeat):
        for key, name, fn in todo:
            if key in errors:
                continue
            try:
                seconds, result = timed(fn)
            except Exception as err:  # a library that is missing or fails is recorded
                errors[key] = f"{type(err).__name__}: {err}"[:160]
                print(f"round {round_ + 1}: {name}: {errors[key]}", flush=True)
                continue
            times[key].append(seconds)
            if key not in results:  # outside the timing: only a change of shape
                results[key] = network_part(result) if isinstance(result, pd.DataFrame) else result
                if key in ("exact", "exact_voor"):
                    exact[key] = result[["afstand_m", "tijd_min", "bestemming_id", "reden"]]
            del result
            print(f"round {round_ + 1}: {name}: {seconds:.3f} s", flush=True)
        print(f"after round {round_ + 1}: {_uptime()}", flush=True)
    peak_run = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mems = (
        {key: _memory_of(key, gemeente, voor) for key, _, _ in todo if key not in errors}
        if memory
        else {}
    )
    floor = float(np.median(times["floor"]))
    floor_warm = float(np.median(times["floor_warm"])) if times.get("floor_warm") else np.nan
    print("\n| methode | mediaan (s) | runs (s) | t.o.v. vloer | geheugen (MB) | afstanden |")
    print("|---|---:|---|---:|---:|---|")
    for key, name, _ in todo:
        if key in errors:
            print(f"| {name} | - | - | - | - | {errors[key]} |")
            continue
        med = float(np.median(times[key]))
        base = floor_warm if "_warm" in key else floor
        runs = ", ".join(f"{t:.2f}" for t in times[key])
        mem = f"{mems[key]:.0f}" if key in mems else "-"
        print(
            f"| {name} | {med:.2f} | {runs} | {med / base:.2f}x | {mem} | "
            f"{_compare(results[key], results['floor'])} |"
        )
    print()
    _ratios(times)
    if times.get("strict"):
        strict = float(np.median(times["strict"]))
        print(f"snel / strenge vloer (medianen): {np.median(times['fast']) / strict:.2f}")
    if len(exact) == 2:
        print(_same(exact["exact"], exact["exact_voor"]))
    print(f"max RSS of the timing process: {peak_run:.0f} MB")
    print(f"end: {_uptime()}")
    _machine()


def _ratios(times: dict[str, list[float]]) -> None:
    """Per round (same round, so the same load) and of the medians: each pair's ratio."""
    pairs = [
        ("snel / vloer", "fast", "floor"),
        ("exact / vloer", "exact", "floor"),
        ("exact vóór / vloer", "exact_voor", "floor"),
        ("exact / exact vóór", "exact", "exact_voor"),
        ("snel / vloer, voorbereid", "fast_warm", "floor_warm"),
        ("exact / vloer, voorbereid", "exact_warm", "floor_warm"),
        ("exact vóór / vloer, voorbereid", "exact_warm_voor", "floor_warm"),
        ("exact / exact vóór, voorbereid", "exact_warm", "exact_warm_voor"),
    ]
    for label, a, b in pairs:
        if not times.get(a) or len(times[a]) != len(times.get(b, [])):
            continue
        per_round = [x / y for x, y in zip(times[a], times[b], strict=True)]
        medians = np.median(times[a]) / np.median(times[b])
        print(
            f"{label}: mediaan per ronde {np.median(per_round):.2f} "
            f"(rondes {', '.join(f'{r:.2f}' for r in per_round)}); medianen {medians:.2f}"
        )


def _same(now: pd.DataFrame, before: pd.DataFrame) -> str:
    """How far today's exact distances are from those of the earlier version."""
    a, b = now["afstand_m"].to_numpy(), before["afstand_m"].to_numpy()
    nan_same = np.array_equal(np.isnan(a), np.isnan(b))
    both = ~np.isnan(a) & ~np.isnan(b)
    dest = np.mean(
        now["bestemming_id"].to_numpy()[both] == before["bestemming_id"].to_numpy()[both]
    )
    reden = now["reden"].fillna("").to_numpy() == before["reden"].fillna("").to_numpy()
    minutes = np.abs(now["tijd_min"].to_numpy() - before["tijd_min"].to_numpy())[both]
    return (
        f"exact nu en vóór: {both.sum():,} afstanden, grootste verschil "
        f"{np.abs(a - b)[both].max():.1e} m (tijd {minutes.max():.1e} min); lege waarden op "
        f"dezelfde plaatsen: {'ja' if nan_same else 'NEE'}; zelfde reden: {reden.mean():.2%}; "
        f"zelfde bestemming: {dest:.4%}"
    )


def _memory_of(key: str, gemeente: str, voor: str | None) -> float:
    """Peak RSS above the start of one run of a method, in a fresh process (MB)."""
    command = [sys.executable, __file__, "--one", key, "--gemeente", gemeente]
    out = subprocess.run(
        [*command, "--voor", voor or ""], capture_output=True, text=True, check=True
    )
    line = [x for x in out.stdout.splitlines() if x.startswith("PEAK_MB ")][-1]
    print(f"memory {key}: {line.split()[1]} MB", flush=True)
    return float(line.split()[1])


def one(key: str, gemeente: str, voor: str | None) -> None:
    """Run one method once in this (fresh) process and print its peak memory."""
    G, origins, dests = setup(gemeente)
    before = before_package(voor) if voor and key.endswith("_voor") else None
    (fn,) = [f for k, _, f in methods(G, origins, dests, {key}, before) if k == key]
    gc.collect()
    with PeakRSS() as peak:
        fn()
    print(f"PEAK_MB {peak.mb:.1f}")


def _compare(result: dict, floor: dict) -> str:  # type: ignore[type-arg]
    """How far a method's distances are from the floor's (where both are under 3 km)."""
    diffs = []
    for cat, ref in floor.items():
        ok = np.isfinite(ref) & np.isfinite(result[cat]) & (ref < 3000)
        diffs.append(np.abs(result[cat][ok] - ref[ok]))
    diff = np.concatenate(diffs)
    return (
        f"verschil met vloer: mediaan {np.median(diff):.2f} m, "
        f"{np.mean(diff <= 1.0):.1%} binnen 1 m (n = {len(diff):,})"
    )


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def detour() -> None:
    """Median network / straight-line ratio over random pairs 100-3,000 m apart."""
    from sociale_basis import datasets
    from sociale_basis.streets import access
    from sociale_basis.streets.prepare import Netwerk

    rng = np.random.default_rng(3)
    bron = datasets.read_bron("delft")
    G = network.network_from_edges(bron.netwerk_edges)
    sets = {"Delft": (G, bron.adressen.sample(1500, random_state=3), bron.voorzieningen)}
    E = network.read_network(EINDHOVEN)
    e_xy = random_points(E, 1800, seed=4, within=50)
    sets["Eindhoven"] = (
        E,
        gpd.GeoDataFrame(geometry=shapely.points(e_xy[:1500]), crs=RD_NEW),
        gpd.GeoDataFrame(geometry=shapely.points(e_xy[1500:]), crs=RD_NEW),
    )
    print("| netwerk | modus | paren | mediaan | p25 | p75 |")
    print("|---|---|---:|---:|---:|---:|")
    for naam, (graph, a, b) in sets.items():
        for modus in ("lopen", "fiets", "auto") if naam == "Delft" else ("lopen",):
            net = Netwerk(graph, modus)
            costs = access.cost_table(net, a, b, max_m=8000)
            pa = a.geometry.loc[costs["herkomst"]].to_numpy()
            pb = b.geometry.loc[costs["bestemming"]].to_numpy()
            straight = shapely.distance(pa, pb)
            ok = (straight >= 100) & (straight <= 3000)
            pick = rng.choice(np.flatnonzero(ok), min(3000, ok.sum()), replace=False)
            ratio = costs["afstand_m"].to_numpy()[pick] / straight[pick]
            q = np.percentile(ratio, [50, 25, 75])
            print(f"| {naam} | {modus} | {len(pick)} | {q[0]:.3f} | {q[1]:.3f} | {q[2]:.3f} |")
    print(f"(huidige omwegfactoren: {dict(DETOUR_FACTOR)})")


def _machine() -> None:
    from importlib.metadata import version

    cpu = subprocess.run("lscpu | grep 'Model name'", shell=True, capture_output=True, text=True)
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    packages = ("scipy", "numpy", "pandas", "networkx", "pandana", "cityseer")
    print(f"nproc {nproc}; {cpu.stdout.strip()}; Python {platform.python_version()}")
    print("; ".join(f"{p} {_version(version, p)}" for p in packages))


def _version(version: Callable[[str], str], package: str) -> str:
    """The installed version, or "niet geïnstalleerd" (the optional competitors)."""
    from importlib.metadata import PackageNotFoundError

    try:
        return version(package)
    except PackageNotFoundError:
        return "niet geïnstalleerd"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detour", action="store_true", help="measure detour factors")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (every method per round)")
    parser.add_argument(
        "--skip", default="", help="comma-separated keys to leave out, e.g. cityseer,pandana"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument(
        "--gemeente", choices=("eindhoven", "delft"), default="eindhoven", help="the task"
    )
    parser.add_argument(
        "--voor",
        default=BEFORE,
        help="git commit whose exact mode runs alongside ('' for none); default: before "
        "issue 16 item 4",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: one method, memory
    args = parser.parse_args()
    skip = {k.strip() for k in args.skip.split(",") if k.strip()}
    if args.one:
        one(args.one, args.gemeente, args.voor or None)
    elif args.detour:
        detour()
    else:
        speed(args.repeat, skip, not args.no_memory, args.gemeente, args.voor or None)

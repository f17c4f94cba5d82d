"""Reachability benchmark: our exact and fast modes against scipy, networkx, pandana, cityseer.

Run from the repository root::

    python bench/bench_reach.py            # speed, Eindhoven (52,770 edges)
    python bench/bench_reach.py --detour   # detour factors on Delft and Eindhoven

Every method starts from the same networkx graph (``read_network``, not timed) and the same
50,000 seeded random origins within 200 m of the network, and answers "network distance to
the nearest of 30 destinations" for 10 categories. Network preparation (graph -> arrays,
snapping, contraction hierarchies, ...) is inside each timing. Destinations are network
nodes, so that node snapping is the same for every method and distances can be compared.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from sociale_basis import network, reach
from sociale_basis.crs import RD_NEW

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EINDHOVEN = SHARED / "eindhoven" / "network" / "eindhoven_osm_highways_2025.gpkg"
DELFT = SHARED / "delft" / "network" / "delft_osm_network.gpkg"
N_CAT, N_DEST = 10, 30


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
    return reach.distances_by_category(G, origins, dests, mode="lopen", snap=snap)


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


def scipy_floor(G, origins, dests):  # type: ignore[no-untyped-def]
    nodes, _, xy, u, v, w = _arrays(G)
    n = len(nodes)
    rows, cols, w = np.r_[u, v], np.r_[v, u], np.r_[w, w]
    key = rows * n + cols
    order = np.lexsort((w, key))  # parallel edges: the shortest (coo would sum them)
    first = np.r_[True, key[order][1:] != key[order][:-1]]
    keep = order[first]
    csr = csr_array((w[keep], (rows[keep], cols[keep])), shape=(n, n))
    tree = cKDTree(xy)
    o_node = tree.query(_xy(origins))[1]
    d_node = tree.query(_xy(dests))[1]
    out = {}
    for cat, members in dests.groupby("soort").indices.items():
        dist = dijkstra(csr, directed=True, indices=d_node[members], min_only=True)
        out[cat] = dist[o_node]
    return out


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


def timed(fn: Callable[[], dict], repeat: int) -> tuple[float, dict, float]:  # type: ignore[type-arg]
    best, result, mem = np.inf, {}, 0.0
    for _ in range(repeat):
        with PeakRSS() as peak:
            t0 = time.perf_counter()
            result = fn()
            best = min(best, time.perf_counter() - t0)
        mem = max(mem, peak.mb)
    return best, result, mem


def speed(repeat: int) -> None:
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
    methods: list[tuple[str, Callable[[], dict], int]] = [  # type: ignore[type-arg]
        ("scipy dijkstra, node snapping (vloer)", lambda: scipy_floor(G, origins, dests), repeat),
        ("sociale_basis snel (snap='node')", lambda: ours(G, origins, dests, "node"), repeat),
        ("sociale_basis exact (snap='edge')", lambda: ours(G, origins, dests, "edge"), repeat),
        ("networkx multi_source_dijkstra", lambda: networkx_ref(G, origins, dests), 1),
        ("pandana nearest_pois", lambda: pandana_ref(G, origins, dests), 1),
        ("cityseer compute_accessibilities", lambda: cityseer_ref(G, origins, dests), 1),
    ]
    rows, floor = [], None
    for name, fn, rep in methods:
        try:
            seconds, result, mem = timed(fn, rep)
        except Exception as err:  # a library that is missing or fails is recorded, not fatal
            rows.append((name, None, None, None, f"{type(err).__name__}: {err}"[:120]))
            print(rows[-1], flush=True)
            continue
        if isinstance(result, pd.DataFrame):  # outside the timing: only a change of shape
            result = network_part(result)
        floor = floor or (seconds, result)
        diffs = []
        for cat, ref in floor[1].items():
            ok = np.isfinite(ref) & np.isfinite(result[cat]) & (ref < 3000)
            diffs.append(np.abs(result[cat][ok] - ref[ok]))
        diff = np.concatenate(diffs)
        note = (
            f"|verschil| met vloer: mediaan {np.median(diff):.2f} m, "
            f"{np.mean(diff <= 1.0):.1%} binnen 1 m"
        )
        rows.append((name, seconds, seconds / floor[0], mem, note))
        print(rows[-1], flush=True)
    print("\n| methode | tijd (s) | t.o.v. vloer | piekgeheugen (MB) | afstanden |")
    print("|---|---:|---:|---:|---|")
    for name, s, ratio, mem, note in rows:
        if s is None:
            print(f"| {name} | - | - | - | {note} |")
        else:
            print(f"| {name} | {s:.2f} | {ratio:.2f}x | {mem:.0f} | {note} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmax RSS of the whole run: {peak:.0f} MB")
    _machine()


def detour() -> None:
    """Median network / straight-line ratio over random pairs 100-3,000 m apart."""
    from sociale_basis import access, datasets
    from sociale_basis.snap import Netwerk

    rng = np.random.default_rng(3)
    bron = datasets.read_bron("delft")
    G = network.graph_from_edges(bron.netwerk_edges)
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
        for mode in ("lopen", "fiets", "auto") if naam == "Delft" else ("lopen",):
            net = Netwerk(graph, mode)
            costs = access.cost_table(net, a, b, max_m=8000)
            pa = a.geometry.loc[costs["herkomst"]].to_numpy()
            pb = b.geometry.loc[costs["bestemming"]].to_numpy()
            straight = shapely.distance(pa, pb)
            ok = (straight >= 100) & (straight <= 3000)
            pick = rng.choice(np.flatnonzero(ok), min(3000, ok.sum()), replace=False)
            ratio = costs["afstand_m"].to_numpy()[pick] / straight[pick]
            q = np.percentile(ratio, [50, 25, 75])
            print(f"| {naam} | {mode} | {len(pick)} | {q[0]:.3f} | {q[1]:.3f} | {q[2]:.3f} |")
    print(f"(huidige DETOUR_FACTOR: {reach.DETOUR_FACTOR})")


def _machine() -> None:
    cpu = subprocess.run("lscpu | grep 'Model name'", shell=True, capture_output=True, text=True)
    print(f"nproc {os.cpu_count()}; {cpu.stdout.strip()}; Python {platform.python_version()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detour", action="store_true", help="measure detour factors")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the fast methods")
    args = parser.parse_args()
    detour() if args.detour else speed(args.repeat)

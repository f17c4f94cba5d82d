"""Cohesion at the scale of a gemeente: our vectorised measures side by side with networkx.

Run from the repository root::

    python bench/bench_cohesion.py            # everything; writes "## Cohesion" in BENCHMARKS.md
    python bench/bench_cohesion.py --quick    # smaller comparisons, prints only

Three parts:

1. **Full runs**, each in a fresh process: ``build_graph`` + ``graph_arrays`` (with
   ``check_graph``) + ``measure_cohesion`` per wijk and per buurt, on the synthetic Zwolle
   (``datasets.zwolle()``) and on a larger seeded bench population (133,000 inwoners,
   about 1.2 million ties, made below) for the "1-1.5 million edges" case. Memory is the
   peak RSS of the process (``resource.getrusage``), also above the RSS right after the
   Gebied was loaded.
2. **Side by side** on Zwolle (or the bench population when Zwolle cannot be loaded): each
   vectorised measure against the plain networkx call or per-node Python loop that gives
   the same answer, with the time ratio and a check that the answers agree; the critical
   link of a buurt against taking out every node that could matter, one search each.
3. **Fragility on Delft** (``datasets.delft()``): the time of ``kritieke_schakels`` per wijk
   and per buurt, and how often the critical link is not the top broker.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import scipy
import shapely
from scipy import sparse

from sociale_basis.social import algorithms as alg
from sociale_basis.social.arrays import GraphArrays, graph_arrays
from sociale_basis.social.betweenness import area_graph_nodes, top_broker
from sociale_basis.social.build import Problems, build_graph, edges_from_relaties
from sociale_basis.social.cohesion import measure_cohesion
from sociale_basis.social.fragility import kritieke_schakels
from sociale_basis.social.graph import INFORMELE_RELATIES, NODE_SOORTEN
from sociale_basis.social.participation import (
    aandeel_alleen_professioneel,
    aandeel_geisoleerd,
    aandeel_lid,
    gem_informele_graad,
)
from sociale_basis.social.personen import reach_sources_of
from sociale_basis.social.reach import aandeel_hulpvraag_binnen_k
from sociale_basis.social.structure import clustering, componenten

ROOT = Path(__file__).resolve().parent.parent
RD = "EPSG:28992"


# --- a larger seeded population ----------------------------------------------------------


def bench_population(n_inwoners: int = 133_000, seed: int = 1) -> SimpleNamespace:
    """A Gebied-like population with about 1.2 million ties, for the upper end of the scale.

    16 wijken of 5 buurten on a 1 km grid; households of 1-5 (huishouden cliques), buur ties
    to the next three households in the buurt, 4 vriend and 2.5 familie ties per inwoner
    (mostly in the own buurt or wijk), mantelzorg for a fifth of the 75-plussers, 45 % lid
    of a vereniging in their wijk (Pareto-sized clubs), 12 % with a hulpvraag of whom 60 %
    are a professional's client. Not realistic in detail: it is there to load the code.
    """
    rng = np.random.default_rng(seed)
    n_wijken, per_wijk = 16, 5
    nb = n_wijken * per_wijk
    side = int(np.ceil(np.sqrt(nb)))
    bx = (np.arange(nb) % side) * 1000.0 + 200_000
    by = (np.arange(nb) // side) * 1000.0 + 500_000
    buurtcodes = np.array([f"BU9999{i:04d}" for i in range(nb)])
    wijkcodes = np.array([f"WK9999{i // per_wijk:02d}" for i in range(nb)])
    sizes = rng.choice([1, 2, 3, 4, 5], p=[0.38, 0.32, 0.12, 0.13, 0.05], size=n_inwoners)
    sizes = sizes[np.cumsum(sizes) <= n_inwoners]
    hh = np.repeat(np.arange(len(sizes)), sizes)
    n = len(hh)
    hh_buurt = np.sort(rng.integers(0, nb, len(sizes)))
    buurt = hh_buurt[hh]
    wijk = buurt // per_wijk
    hx = bx[hh_buurt] + rng.uniform(0, 1000, len(sizes))
    hy = by[hh_buurt] + rng.uniform(0, 1000, len(sizes))
    leeftijd = rng.integers(0, 95, n)
    soorten = np.array(["eenzaamheid", "financien", "opvoeding", "psychisch", "mobiliteit"])
    hulp = np.where(rng.random(n) < 0.12, rng.choice(soorten, n), None)
    ids = np.arange(1, n + 1)
    inwoners = gpd.GeoDataFrame(
        {
            "leeftijd": leeftijd,
            "huishouden_id": hh,
            "buurtcode": buurtcodes[buurt],
            "wijkcode": wijkcodes[buurt],
            "hulpvraag": pd.array(hulp, dtype=object),
            "bron": "synthetisch",
        },
        geometry=shapely.points(hx[hh], hy[hh]),
        crs=RD,
        index=pd.Index(ids, name="inwoner_id"),
    )
    pairs: list[tuple[np.ndarray, np.ndarray, str]] = []
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    a_list, b_list = [], []
    for s in range(2, 6):
        first = starts[sizes == s]
        for i in range(s):
            for j in range(i + 1, s):
                a_list.append(first + i)
                b_list.append(first + j)
    pairs.append((np.concatenate(a_list), np.concatenate(b_list), "huishouden"))
    for offset in (1, 2, 3):
        a, b = starts[:-offset], starts[offset:]
        keep = (buurt[a] == buurt[b]) & (rng.random(len(a)) < 0.8)
        pairs.append((a[keep], b[keep], "buur"))
    order = np.argsort(buurt, kind="stable")
    bstart = np.searchsorted(buurt[order], np.arange(nb))
    bend = np.searchsorted(buurt[order], np.arange(nb), side="right")
    wstart = bstart[np.arange(n_wijken) * per_wijk]
    wend = bend[np.arange(n_wijken) * per_wijk + per_wijk - 1]

    def pick(src: np.ndarray, scope: str) -> np.ndarray:
        if scope == "buurt":
            lo, hi = bstart[buurt[src]], bend[buurt[src]]
        elif scope == "wijk":
            lo, hi = wstart[wijk[src]], wend[wijk[src]]
        else:
            lo, hi = np.zeros(len(src), dtype=int), np.full(len(src), n)
        return order[lo + (rng.random(len(src)) * (hi - lo)).astype(int)]

    for per_person, kind, probs in (
        (4.0, "vriend", (0.6, 0.25, 0.15)),
        (2.5, "familie", (0.2, 0.3, 0.5)),
    ):
        m = int(per_person * n)
        src = rng.integers(0, n, m)
        scope = rng.choice(3, m, p=probs)
        dst = np.empty(m, dtype=int)
        for k, name in enumerate(("buurt", "wijk", "stad")):
            sel = scope == k
            dst[sel] = pick(src[sel], name)
        keep = src != dst
        pairs.append((src[keep], dst[keep], kind))
    old = np.flatnonzero(leeftijd >= 75)
    receivers = rng.choice(old, len(old) // 5, replace=False)
    givers = pick(receivers, "wijk")
    keep = givers != receivers
    pairs.append((givers[keep], receivers[keep], "mantelzorg"))

    def ids_of(prefix: str, values: np.ndarray) -> pd.Series:
        return prefix + pd.Series(values).astype(str)

    frames = [
        pd.DataFrame(
            {"van": ids_of("inwoner:", ids[a]), "naar": ids_of("inwoner:", ids[b]), "soort": kind}
        )
        for a, b, kind in pairs
    ]
    nv = nb * 5
    vb = np.repeat(np.arange(nb), 5)
    verenigingen = gpd.GeoDataFrame(
        {
            "naam": [f"Vereniging {i}" for i in range(nv)],
            "soort": "sport",
            "buurtcode": buurtcodes[vb],
            "wijkcode": wijkcodes[vb],
            "bron": "synthetisch",
        },
        geometry=shapely.points(bx[vb] + 500, by[vb] + 500),
        crs=RD,
        index=pd.Index(np.arange(1, nv + 1), name="vereniging_id"),
    )
    members = np.flatnonzero(rng.random(n) < 0.45)
    weights = rng.pareto(1.2, nv) + 1
    clubs = np.empty(len(members), dtype=int)
    for w in range(n_wijken):
        sel = wijk[members] == w
        candidates = np.flatnonzero(vb // per_wijk == w)
        p = weights[candidates] / weights[candidates].sum()
        clubs[sel] = rng.choice(candidates, sel.sum(), p=p)
    frames.append(
        pd.DataFrame(
            {
                "van": ids_of("inwoner:", ids[members]),
                "naar": ids_of("vereniging:", clubs + 1),
                "soort": "lid",
            }
        )
    )
    nz = nb * 4
    zb = np.repeat(np.arange(nb), 4)
    voorzieningen = gpd.GeoDataFrame(
        {
            "soort": rng.choice(["buurthuis", "huisarts", "wijkteam", "bibliotheek"], nz),
            "naam": [f"Voorziening {i}" for i in range(nz)],
            "buurtcode": buurtcodes[zb],
            "wijkcode": wijkcodes[zb],
            "bron": "synthetisch",
        },
        geometry=shapely.points(bx[zb] + 300, by[zb] + 300),
        crs=RD,
        index=pd.Index(np.arange(1, nz + 1), name="voorziening_id"),
    )
    npr = nb * 6
    base = rng.integers(0, nz, npr)
    professionals = gpd.GeoDataFrame(
        {
            "rol": rng.choice(["wijkteam", "huisarts", "ouderenwerk"], npr),
            "voorziening_id": base + 1,
            "capaciteit": 50,
            "buurtcode": buurtcodes[zb[base]],
            "wijkcode": wijkcodes[zb[base]],
            "bron": "synthetisch",
        },
        geometry=shapely.points(bx[zb[base]] + 300, by[zb[base]] + 300),
        crs=RD,
        index=pd.Index(np.arange(1, npr + 1), name="professional_id"),
    )
    clients = np.flatnonzero((hulp != None) & (rng.random(n) < 0.6))  # noqa: E711
    prof_wijk = zb[base] // per_wijk
    prof = np.empty(len(clients), dtype=int)
    for w in range(n_wijken):
        sel = wijk[clients] == w
        prof[sel] = rng.choice(np.flatnonzero(prof_wijk == w), sel.sum())
    frames.append(
        pd.DataFrame(
            {
                "van": ids_of("professional:", prof + 1),
                "naar": ids_of("inwoner:", ids[clients]),
                "soort": "caseload",
            }
        )
    )
    a, b = rng.integers(0, npr, npr * 2), rng.integers(0, npr, npr * 2)
    keep = a != b
    frames.append(
        pd.DataFrame(
            {
                "van": ids_of("professional:", a[keep] + 1),
                "naar": ids_of("professional:", b[keep] + 1),
                "soort": "werkt_samen",
            }
        )
    )
    return SimpleNamespace(
        naam="Benchdorp",
        inwoners=inwoners,
        verenigingen=verenigingen,
        voorzieningen=voorzieningen,
        professionals=professionals,
        relaties=pd.concat(frames, ignore_index=True),
        wijken=pd.DataFrame(index=pd.Index(np.unique(wijkcodes), name="wijkcode")),
        buurten=pd.DataFrame({"wijkcode": wijkcodes}, index=pd.Index(buurtcodes, name="buurtcode")),
    )


def load(name: str) -> Any:
    """``"zwolle"``: the bundled synthetic Zwolle; ``"bench"``: :func:`bench_population`."""
    if name == "zwolle":
        from sociale_basis import datasets

        return datasets.zwolle()
    return bench_population()


# --- helpers -----------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(f: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = f()
    return result, time.perf_counter() - start


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
            "?",
        )
    except OSError:
        model = "?"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    load1 = os.getloadavg()[0]
    return (
        f"`nproc` {nproc}, `lscpu | grep 'Model name'`: {model}, Python "
        f"{platform.python_version()}, networkx {nx.__version__}, scipy {scipy.__version__}, "
        f"numpy {np.__version__}, pandas {pd.__version__}; load average at the start "
        f"{load1:.1f}"
    )


def markdown(rows: list[dict[str, Any]]) -> str:
    head = list(rows[0])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(r[h]) for h in head) + " |" for r in rows]
    return "\n".join(lines)


# --- 1. full runs ------------------------------------------------------------------------


def child(name: str) -> None:
    """One full run in this (fresh) process; prints one JSON line."""
    gebied = load(name)
    loaded = _rss_mb()
    G, t_build = timed(lambda: build_graph(gebied))
    arrays, t_arrays = timed(lambda: graph_arrays(G))
    _, t_wijk = timed(lambda: measure_cohesion(arrays, niveau="wijk"))
    _, t_buurt = timed(lambda: measure_cohesion(arrays, niveau="buurt"))
    peak = _rss_mb()
    print(
        json.dumps(
            {
                "inwoners": len(gebied.inwoners),
                "knopen": G.number_of_nodes(),
                "edges": G.number_of_edges(),
                "relaties": len(gebied.relaties),
                "build": t_build,
                "arrays": t_arrays,
                "wijk": t_wijk,
                "buurt": t_buurt,
                "loaded_mb": loaded,
                "peak_mb": peak,
            }
        )
    )


def full_runs(names: list[str]) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(f"{name}: run failed\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        total = r["build"] + r["arrays"] + r["wijk"] + r["buurt"]
        rows.append(
            {
                "population": name,
                "inwoners": f"{r['inwoners']:,}",
                "nodes": f"{r['knopen']:,}",
                "edges": f"{r['edges']:,}",
                "build_graph (s)": f"{r['build']:.1f}",
                "graph_arrays + check_graph (s)": f"{r['arrays']:.1f}",
                "measure_cohesion wijk (s)": f"{r['wijk']:.1f}",
                "measure_cohesion buurt (s)": f"{r['buurt']:.1f}",
                "total (s)": f"{total:.1f}",
                "peak RSS above loaded Gebied (MB)": f"{r['peak_mb'] - r['loaded_mb']:.0f}",
                "peak RSS (MB)": f"{r['peak_mb']:.0f}",
            }
        )
        print(rows[-1])
    return rows


# --- 2. side by side ---------------------------------------------------------------------


def naive_shares(G: nx.MultiGraph) -> pd.DataFrame:
    """Per-node Python loop over G: informal degree, isolated, only professional, lid."""
    rows = {}
    for n, d in G.nodes(data=True):
        if d["soort"] != "inwoner":
            continue
        informal = {m for m, keys in G[n].items() if any(k in INFORMELE_RELATIES for k in keys)}
        prof = any(G.nodes[m]["soort"] == "professional" for m in G[n])
        lid = any("lid" in keys for keys in G[n].values())
        rows[n] = (d["wijkcode"], len(informal), not informal, not informal and prof, lid)
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["wijk", "graad", "geisoleerd", "prof", "lid"]
    )
    return frame.groupby("wijk").mean()


def ours_shares(a: GraphArrays) -> pd.DataFrame:
    return pd.concat(
        [
            gem_informele_graad(a),
            aandeel_geisoleerd(a),
            aandeel_alleen_professioneel(a),
            aandeel_lid(a),
        ],
        axis=1,
    )


def informal_by_wijk(G: nx.MultiGraph) -> dict[str, nx.Graph]:
    H = nx.Graph()
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d["soort"] == "inwoner")
    H.add_edges_from(
        (u, v)
        for u, v, s in G.edges(data="soort")
        if s in INFORMELE_RELATIES and H.nodes[u]["wijkcode"] == H.nodes[v]["wijkcode"]
    )
    wijken: dict[str, list[str]] = {}
    for n, w in H.nodes(data="wijkcode"):
        wijken.setdefault(w, []).append(n)
    return {w: H.subgraph(nodes) for w, nodes in sorted(wijken.items())}


def naive_reach(G: nx.MultiGraph, k: int) -> pd.Series:
    """Per inwoner with a hulpvraag: BFS of depth k over informal ties to a professional's
    client (networkx, one search per person)."""
    informal = nx.Graph()
    informal.add_nodes_from(n for n, s in G.nodes(data="soort") if s == "inwoner")
    informal.add_edges_from((u, v) for u, v, s in G.edges(data="soort") if s in INFORMELE_RELATIES)
    clients = {n for n in informal if any(G.nodes[m]["soort"] == "professional" for m in G[n])}
    hits: dict[str, list[bool]] = {}
    for n, d in G.nodes(data=True):
        if d["soort"] != "inwoner" or d["hulpvraag"] is None:
            continue
        near = nx.single_source_shortest_path_length(informal, n, cutoff=k)
        hits.setdefault(d["wijkcode"], []).append(any(m in clients for m in near))
    return pd.Series({w: float(np.mean(v)) for w, v in hits.items()}).sort_index()


def area_graph(a: GraphArrays, niveau: str, code: str) -> tuple[sparse.csr_array, nx.Graph]:
    codes, _ = a.areas(niveau)  # type: ignore[arg-type]
    nodes = area_graph_nodes(a, niveau, codes.get_loc(code))  # type: ignore[arg-type]
    sub = sparse.csr_array(a.all_ties[nodes][:, nodes])
    H = nx.Graph()
    H.add_nodes_from(range(len(nodes)))
    coo = sparse.triu(sub, k=1, format="coo")
    H.add_edges_from(zip(coo.row.tolist(), coo.col.tolist(), strict=True))
    return sub, H


def side_by_side(
    G: nx.MultiGraph, quick: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []

    def row(what: str, theirs: str, t_theirs: float, t_ours: float, same: str) -> None:
        rows.append(
            {
                "measure": what,
                "plain networkx / Python": theirs,
                "networkx (s)": f"{t_theirs:.2f}",
                "sociale_basis (s)": f"{t_ours:.2f}",
                "ratio": f"{t_theirs / t_ours:.0f}x" if t_ours > 0 else "-",
                "same answer": same,
            }
        )
        print(rows[-1])

    a, t_arrays = timed(lambda: graph_arrays(G, check=False))
    print(f"graph_arrays: {t_arrays:.2f} s")

    naive, t_naive = timed(lambda: naive_shares(G))
    ours, t_ours = timed(lambda: ours_shares(a))
    same = np.allclose(naive.to_numpy(float), ours.to_numpy(float), equal_nan=True)
    row(
        "informal degree, isolated, only professional, lid (per wijk)",
        "Python loop over nodes and their neighbours",
        t_naive,
        t_ours + t_arrays,
        f"{same} (sociale_basis time includes graph_arrays)",
    )

    wijken, t_sub = timed(lambda: informal_by_wijk(G))
    counts, t_cc = timed(lambda: {w: nx.number_connected_components(H) for w, H in wijken.items()})
    mine, t_mine = timed(lambda: componenten(a)["componenten"])
    row(
        "components of the within-wijk informal network",
        "nx.number_connected_components per wijk",
        t_cc + t_sub,
        t_mine,
        str(counts == mine.to_dict()),
    )
    clus, t_cl = timed(lambda: {w: nx.average_clustering(H) for w, H in wijken.items()})
    mine_cl, t_mine = timed(lambda: clustering(a))
    same = np.allclose(list(clus.values()), mine_cl.to_numpy())
    row(
        "average clustering per wijk",
        "nx.average_clustering per wijk",
        t_cl + t_sub,
        t_mine,
        str(same),
    )

    reach, t_reach = timed(lambda: naive_reach(G, 2))
    mine_r, t_mine = timed(lambda: aandeel_hulpvraag_binnen_k(a, k=2))
    same = np.allclose(reach.to_numpy(), mine_r.reindex(reach.index).to_numpy())
    row(
        "hulpvraag within 2 informal steps of a professional",
        "nx.single_source_shortest_path_length(cutoff=2) per person",
        t_reach,
        t_mine,
        str(same),
    )

    # betweenness: exact on a buurt, sampled (same sources) on a wijk
    codes, _ = a.areas("buurt")
    sizes = {c: len(area_graph_nodes(a, "buurt", i)) for i, c in enumerate(codes)}
    buurt = min((c for c in sizes if sizes[c] >= 800), key=lambda c: sizes[c])
    sub, H = area_graph(a, "buurt", buurt)
    exact, t_nx = timed(lambda: nx.betweenness_centrality(H))
    mine_b, t_mine = timed(lambda: alg.betweenness(sub))
    diff = np.abs(mine_b - np.array([exact[i] for i in range(len(H))])).max()
    row(
        f"exact betweenness, area graph of buurt {buurt} ({len(H):,} nodes, "
        f"{H.number_of_edges():,} ties)",
        "nx.betweenness_centrality",
        t_nx,
        t_mine,
        f"max difference {diff:.1e}",
    )
    wcodes, _ = a.areas("wijk")
    wsizes = {c: len(area_graph_nodes(a, "wijk", i)) for i, c in enumerate(wcodes)}
    wijk = sorted(wsizes, key=lambda c: wsizes[c])[len(wsizes) // 2]
    sub, H = area_graph(a, "wijk", wijk)
    k = 16 if quick else 64
    sampled, t_nx = timed(lambda: nx.betweenness_centrality(H, k=k, seed=7))
    mine_b, t_mine = timed(lambda: alg.betweenness(sub, k, seed=7))
    diff = np.abs(mine_b - np.array([sampled[i] for i in range(len(H))])).max()
    row(
        f"sampled betweenness (k = {k}, seed 7), area graph of wijk {wijk} ({len(H):,} nodes, "
        f"{H.number_of_edges():,} ties)",
        "nx.betweenness_centrality(k=k, seed=7)",
        t_nx,
        t_mine,
        f"max difference {diff:.1e} (same sources)",
    )

    # Louvain: networkx per wijk against the vectorised run on the same wijken
    some = list(wijken)[: 2 if quick else 4]
    results, t_nx = timed(
        lambda: {w: nx.community.louvain_communities(wijken[w], seed=0) for w in some}
    )
    q_nx = [nx.community.modularity(wijken[w], results[w]) for w in some]
    A, _, area = a.within("wijk")
    keep = np.isin(area, [wcodes.get_loc(w) for w in some])
    A_some = sparse.csr_array(A[np.flatnonzero(keep)][:, np.flatnonzero(keep)])
    groups = np.unique(area[keep], return_inverse=True)[1]
    labels, t_mine = timed(lambda: alg.louvain(A_some, groups, seed=0))
    q_ours = alg.modularity(A_some, labels, groups)
    row(
        f"Louvain communities of {len(some)} wijken ({A_some.nnz // 2:,} ties)",
        "nx.community.louvain_communities per wijk",
        t_nx,
        t_mine,
        f"modularity: networkx {np.mean(q_nx):.4f}, ours {np.mean(q_ours):.4f} (mean)",
    )

    rows.append(fragility_row(a, sizes, quick))

    # sampling accuracy against exact betweenness on the smaller buurten
    accuracy: list[dict[str, Any]] = []
    small = sorted((c for c in sizes if 300 <= sizes[c] <= 2000), key=lambda c: sizes[c])
    small = small[:: max(1, len(small) // (4 if quick else 10))]
    ks = (64, 256) if quick else (32, 64, 128, 256)
    stats = {k: {"top": 0, "err": [], "top5": 0} for k in ks}
    for code in small:
        sub, _ = area_graph(a, "buurt", code)
        exact_b = alg.betweenness(sub)
        top = int(np.argmax(exact_b))
        best5 = set(np.argsort(-exact_b)[:5].tolist())
        for k in ks:
            for seed in range(5):
                est = alg.betweenness(sub, k, seed)
                stats[k]["top"] += int(np.argmax(est) == top)
                stats[k]["top5"] += int(int(np.argmax(est)) in best5)
                stats[k]["err"].append(abs(est[top] - exact_b[top]) / exact_b[top])
    for k in ks:
        runs = 5 * len(small)
        accuracy.append(
            {
                "sampled sources": k,
                "area graphs (buurten, 300-2,000 nodes) x seeds": runs,
                "same top broker as exact": f"{stats[k]['top'] / runs:.0%}",
                "top broker among exact top 5": f"{stats[k]['top5'] / runs:.0%}",
                "median relative error of the top score": f"{np.median(stats[k]['err']):.1%}",
            }
        )
        print(accuracy[-1])
    return rows, accuracy


def naive_fragility(a: GraphArrays, code: str, k: int) -> tuple[int, str | None]:
    """The critical link of one buurt the plain way: take out every node that could matter
    (every node within k steps of its inwoners with a hulpvraag, every professional), one
    multi-source BFS over the whole graph each."""
    codes, area = a.areas("buurt")
    W = a.informal
    sources, _ = reach_sources_of(a, False)
    base = alg.within_k(W, sources, k)
    needy = np.flatnonzero(a.hulpvraag & (area == codes.get_loc(code)) & base)
    near = np.zeros(a.n, dtype=bool)
    near[needy] = True
    candidates = np.flatnonzero(
        alg.within_k(W, near, k) | (a.soort == NODE_SOORTEN.index("professional"))
    )
    best, node = 0, None
    for c in candidates.tolist():
        blocked = np.zeros(a.n, dtype=bool)
        if a.soort[c] == NODE_SOORTEN.index("professional"):
            without, _ = reach_sources_of(a, False, without=c)
            after = alg.within_k(W, without, k)
        else:
            blocked[c] = True
            after = alg.within_k(W, sources, k, blocked)
        cut = int(np.sum(~after[needy] & (needy != c)))
        if cut > best:
            best, node = cut, str(a.nodes[c])
    return best, node


def fragility_row(a: GraphArrays, sizes: dict[str, int], quick: bool) -> dict[str, Any]:
    """Our critical link of a large buurt against :func:`naive_fragility`."""
    codes = sorted(sizes, key=lambda c: sizes[c])
    code = codes[len(codes) // 2 if quick else (3 * len(codes)) // 4]
    (cut, node), t_naive = timed(lambda: naive_fragility(a, code, 2))
    table, t_ours = timed(lambda: kritieke_schakels(a, niveau="buurt", k=2))
    ours = table.loc[code]
    result = {
        "measure": f"critical link (k = 2) of buurt {code} ({sizes[code]:,} nodes in its area "
        "graph); ours: every buurt",
        "plain networkx / Python": "take out each node within 2 steps (and each professional), "
        "one BFS each",
        "networkx (s)": f"{t_naive:.2f}",
        "sociale_basis (s)": f"{t_ours:.2f}",
        "ratio": f"{t_naive / t_ours:.0f}x",
        "same answer": f"{int(ours['afgesneden']) == cut and ours['knoop'] == node} (cut off "
        f"{cut})",
    }
    print(result)
    return result


def fragility_delft() -> list[dict[str, Any]]:
    """Delft: kritieke_schakels per wijk and buurt; how often it is not the top broker."""
    from sociale_basis import datasets

    a = graph_arrays(build_graph(datasets.delft()))
    rows = []
    for niveau in ("wijk", "buurt"):
        top = top_broker(a, niveau=niveau)["top_broker"]
        for via in (False, True):
            start = time.perf_counter()
            table = kritieke_schakels(a, niveau=niveau, k=2, via_plekken=via)
            t = time.perf_counter() - start
            lived = table["hulpvraag"] > 0
            other = (table["knoop"] != top.reindex(table.index)) & lived
            rows.append(
                {
                    "niveau": niveau,
                    "via_plekken": via,
                    "areas with a hulpvraag": int(lived.sum()),
                    "time (s)": f"{t:.2f}",
                    "critical link is not the top broker": int(other.sum()),
                    "kinds of critical link": ", ".join(
                        f"{k} {v}" for k, v in table["soort"].value_counts().items()
                    ),
                    "median share cut off": f"{table.loc[lived, 'aandeel'].median():.1%}",
                }
            )
            print(rows[-1])
    return rows


def naive_build(gebied: Any, n: int) -> float:
    """Per-row pandas access (iterrows + add_edge) for the first n relaties."""
    G = nx.MultiGraph()
    start = time.perf_counter()
    for _, r in gebied.relaties.iloc[:n].iterrows():
        G.add_edge(r["van"], r["naar"], key=r["soort"], soort=r["soort"])
    return time.perf_counter() - start


def build_ratio(gebied: Any, n: int) -> dict[str, Any]:
    """Adding n relaties: per-row pandas access against build_graph's own edge step
    (array checks and de-duplication, then one ``add_edges_from`` of prepared tuples)."""
    t_naive = naive_build(gebied, n)
    empty = SimpleNamespace(**vars(gebied))
    empty.relaties = gebied.relaties.iloc[:0]
    G = build_graph(empty)
    ids = pd.Index(list(G.nodes))
    kinds = np.array([NODE_SOORTEN.index(s) for _, s in G.nodes(data="soort")], dtype=np.int8)
    relaties = gebied.relaties.iloc[:n]
    before = G.number_of_edges()  # the werkt_bij ties derived from the professionals

    def ours() -> None:
        edges = edges_from_relaties(relaties, ids, kinds, Problems())
        G.add_edges_from(edges)

    _, t_ours = timed(ours)
    result = {
        "measure": f"adding {n:,} relaties to the graph (validated, de-duplicated)",
        "plain networkx / Python": "DataFrame.iterrows + G.add_edge per row",
        "networkx (s)": f"{t_naive:.2f}",
        "sociale_basis (s)": f"{t_ours:.2f}",
        "ratio": f"{t_naive / t_ours:.0f}x",
        "same answer": f"{G.number_of_edges() - before == naive_edges(gebied, n)} (edge count)",
    }
    print(result)
    return result


def naive_edges(gebied: Any, n: int) -> int:
    """Distinct (pair, kind) edges among the first n relaties, for the check."""
    r = gebied.relaties.iloc[:n]
    pairs = {
        (frozenset((a, b)), k) for a, b, k in zip(r["van"], r["naar"], r["soort"], strict=True)
    }
    return len(pairs)


# --- BENCHMARKS.md -----------------------------------------------------------------------


def write_section(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text("utf-8") if path.exists() else "# Benchmarks\n"
    section = "## Cohesion\n\n" + text.strip() + "\n"
    pattern = re.compile(r"^## Cohesion\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: section + "\n", current).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + section
    path.write_text(updated, "utf-8")
    print(f"wrote the Cohesion section of {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller comparisons, print only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    info = machine()
    print(info)
    full = full_runs(["zwolle", "bench"] if not args.quick else ["zwolle"])
    try:
        gebied, name = load("zwolle"), "synthetic Zwolle (`datasets.zwolle()`, seed 2025)"
    except Exception as error:  # the generator may be missing; the bench population is not
        print(f"Zwolle not available ({error}); comparing on the bench population")
        gebied, name = load("bench"), "bench population"
    G = build_graph(gebied)
    rows, accuracy = side_by_side(G, args.quick)
    rows.insert(0, build_ratio(gebied, 20_000 if args.quick else 50_000))
    delft = fragility_delft()
    if args.quick:
        return
    text = f"""
Command: `python bench/bench_cohesion.py` from the repository root (it writes this section).
Machine: {info}. Other jobs may share the machine: absolute times are noisy; each ratio comes
from one run, side by side.

**Full runs**, each in a fresh process: `build_graph` + `graph_arrays` (including
`check_graph`) + `measure_cohesion(niveau="wijk")` + `measure_cohesion(niveau="buurt")`
with the defaults
(k = 2; betweenness exact for area graphs up to 1,000 nodes, else 256 sampled sources;
Louvain `"auto"`, which is the vectorised one at this size). *zwolle* is the synthetic
Zwolle; *bench* is the seeded population of `bench_population()` in the script (133,000
inwoners, about 1.2 million ties) for the upper end of the expected 1-1.5 million edges.
Memory: peak RSS of the process (`resource.getrusage`), and above the RSS right after
loading the Gebied. Target: under 60 s and 4 GB on this 2-core machine.

{markdown(full)}

**Side by side** on the {name}: each measure against the plain networkx call or per-node
Python loop that gives the same answer (checked), in the same process. networkx's Louvain
result varies a little with the node order of its input, ours with the seed.

{markdown(rows)}

**Sampled betweenness against exact** (our exact equals networkx, see above), on buurt area
graphs of 300-2,000 nodes, 5 seeds each. The synthetic networks have no dominant broker
(scores are flat), so the rank-1 node changes with the sample; its score is estimated well.
By default area graphs up to 1,000 nodes are computed exactly (`exact_max_nodes`); pass
`sources=None` for exact betweenness everywhere where the identity of the top broker matters.

{markdown(accuracy)}

**Fragility on Delft** (`datasets.delft()`, 110,160 synthetic inwoners, 13 wijken, 91
buurten): `kritieke_schakels(a, niveau=..., k=2)` on arrays made once, exact (see
`sociale_basis.social.fragility`). The critical link is the node whose loss cuts off the
most inwoners of the area with a hulpvraag from professional help; the top broker (highest
betweenness, defaults) is compared with it where the area has anyone with a hulpvraag.

{markdown(delft)}
"""
    write_section(text)


if __name__ == "__main__":
    main()

"""Graph algorithms on scipy.sparse matrices, for graphs too large for per-node Python loops.

Every function takes a symmetric adjacency matrix (``scipy.sparse.csr_array``, no
self-loops unless stated) and works on whole arrays: one sparse product per BFS level
instead of one Python step per node. Used by the cohesion measures
(:mod:`sociale_basis.social.registry`); results are checked against networkx in the tests
and in ``bench/bench_cohesion.py``.
"""

from __future__ import annotations

import random

import numpy as np
from scipy import sparse

# Elements of the dense (nodes x sources) work arrays of the batched Brandes algorithm;
# 4M float64 is 32 MB per array, a handful of arrays stays far below the memory budget.
_BATCH_ELEMENTS = 500_000


def symmetric(n: int, u: np.ndarray, v: np.ndarray, dtype: type = np.float32) -> sparse.csr_array:
    """A binary symmetric ``n x n`` CSR matrix with a 1 for each pair (u, v) and (v, u).

    Duplicate pairs count once; pairs with ``u == v`` are dropped.
    """
    keep = u != v
    rows = np.concatenate([u[keep], v[keep]])
    cols = np.concatenate([v[keep], u[keep]])
    A = sparse.csr_array((np.ones(len(rows), dtype=dtype), (rows, cols)), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1
    return A


# --- reach -------------------------------------------------------------------------------


def within_k(
    A: sparse.csr_array, sources: np.ndarray, k: int, blocked: np.ndarray | None = None
) -> np.ndarray:
    """Nodes at most ``k`` steps from any source (multi-source BFS, one pass).

    Parameters
    ----------
    A
        Symmetric adjacency matrix.
    sources
        Boolean mask of source nodes (distance 0).
    k
        Maximum number of steps.
    blocked
        Boolean mask of nodes removed from the graph: never reached, never passed through.

    Returns
    -------
    numpy.ndarray
        Boolean mask: ``d(node, sources) <= k``.
    """
    reached = sources.copy() if blocked is None else sources & ~blocked
    frontier = reached
    for _ in range(k):
        nxt = (A @ frontier.astype(np.float32)) > 0
        nxt &= ~reached
        if blocked is not None:
            nxt &= ~blocked
        if not nxt.any():
            break
        reached = reached | nxt
        frontier = nxt
    return reached


def ball_within_k(A: sparse.csr_array, sources: np.ndarray, k: int) -> np.ndarray:
    """Positions (sorted) of the nodes at most ``k`` steps from the ``sources`` mask in the
    symmetric adjacency ``A``: :func:`within_k` without ``blocked``, but each step reads
    only the rows of the frontier, so the work grows with the ball, not with the graph
    (one call per area stays linear in the size of the gemeente)."""
    reached = sources.copy()
    frontier = np.flatnonzero(sources)
    for _ in range(k):
        if len(frontier) == 0:
            break
        rows = A[frontier]
        nxt = np.unique(rows.indices[rows.data != 0])
        nxt = nxt[~reached[nxt]]
        reached[nxt] = True
        frontier = nxt
    return np.flatnonzero(reached)


def distances_within_k(A: sparse.csr_array, sources: np.ndarray, k: int) -> np.ndarray:
    """Steps from the nearest source, for nodes at most ``k`` steps away; -1 for the rest.

    The same multi-source BFS as :func:`within_k`, keeping the level at which each node
    was first reached.
    """
    dist = np.full(A.shape[0], -1, dtype=np.int64)
    dist[sources] = 0
    frontier = sources.copy()
    for step in range(1, k + 1):
        nxt = ((A @ frontier.astype(np.float32)) > 0) & (dist < 0)
        if not nxt.any():
            break
        dist[nxt] = step
        frontier = nxt
    return dist


def within_k_columns(
    A: sparse.csr_array, sources: np.ndarray, k: int, blocked: np.ndarray
) -> np.ndarray:
    """Many multi-source BFSs at once, one per column: a sparse matrix times a dense block.

    Column ``j`` is a BFS from the sources ``sources[:, j]`` in the graph without the
    nodes ``blocked[:, j]``; one product ``A @ frontier`` per step serves every column.

    Parameters
    ----------
    A
        Symmetric adjacency matrix (``n x n``).
    sources, blocked
        Boolean ``n x b`` arrays.
    k
        Maximum number of steps.

    Returns
    -------
    numpy.ndarray
        Boolean ``n x b``: node within ``k`` steps of a source of that column.
    """
    reached = sources & ~blocked
    frontier = reached
    for _ in range(k):
        nxt = (A @ frontier.astype(np.float32)) > 0
        nxt &= ~reached
        nxt &= ~blocked
        if not nxt.any():
            break
        reached |= nxt
        frontier = nxt
    return reached


# --- betweenness -------------------------------------------------------------------------


def sample_sources(n: int, k: int | None, seed: int | None) -> np.ndarray | None:
    """The source positions networkx samples: ``random.Random(seed).sample(range(n), k)``.

    networkx draws ``seed.sample(list(G), k)``; sampling positions from a list of the
    same length with the same generator gives the same nodes, so our approximation uses
    exactly networkx's sources for the same node order and seed. None means all nodes.
    """
    if k is None or k >= n:
        return None
    return np.array(random.Random(seed).sample(range(n), k), dtype=np.int64)


def brandes_dependencies(A: sparse.csr_array, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency sums ``sum_s delta_s(v)`` over the given sources (unweighted).

    The algorithm of Brandes (2001, J. Math. Sociol. 25:163) run for a batch of sources at
    once: the forward BFS counts shortest paths ``sigma`` level by level with one sparse
    product ``A @ frontier`` per level for the whole batch, the backward pass accumulates
    ``delta_s(v) = sum_{w: v pred of w} sigma_sv / sigma_sw * (1 + delta_s(w))`` level by
    level the same way. The source's own dependency is not counted (networkx's
    ``endpoints=False``).
    """
    n = A.shape[0]
    total = np.zeros(n)
    if n == 0 or len(sources) == 0:
        return total
    A = A.astype(np.float64)
    batch = max(1, min(len(sources), _BATCH_ELEMENTS // max(n, 1)))
    for start in range(0, len(sources), batch):
        src = sources[start : start + batch]
        cols = np.arange(len(src))
        sigma = np.zeros((n, len(src)))
        sigma[src, cols] = 1.0
        seen = sigma > 0
        # levels[d]: mask of (node, source) pairs at distance d, kept for the way back
        levels = [seen.copy()]
        frontier = sigma.copy()
        while True:
            nxt = A @ frontier
            nxt[seen] = 0.0
            new = nxt > 0
            if not new.any():
                break
            seen |= new
            sigma += nxt
            levels.append(new)
            frontier = nxt
        delta = np.zeros((n, len(src)))
        share = np.zeros((n, len(src)))
        step = np.zeros((n, len(src)))
        for d in range(len(levels) - 1, 0, -1):
            share.fill(0.0)
            np.divide(1.0 + delta, sigma, out=share, where=levels[d])
            back = A @ share
            np.multiply(sigma, back, out=step, where=levels[d - 1])
            np.add(delta, step, out=delta, where=levels[d - 1])
        delta[src, cols] = 0.0
        total += delta.sum(axis=1)
    return total


def betweenness(A: sparse.csr_array, k: int | None = None, seed: int | None = None) -> np.ndarray:
    """Betweenness centrality as ``networkx.betweenness_centrality(G, k, seed=seed)``.

    Normalised and rescaled exactly as networkx 3.6 does for an undirected graph with
    ``endpoints=False``: with all sources ``c(v) = sum_s delta_s(v) / ((n-1)(n-2))``; with
    ``k`` sampled sources ``S`` a node in ``S`` is divided by ``(k-1)(n-2)``, any other
    node by ``k(n-2)`` (an unbiased estimate of the exact value).

    Parameters
    ----------
    A
        Symmetric adjacency matrix; node ``i`` is row ``i``.
    k
        Number of sampled sources; None (or ``k >= n``) computes the exact value.
    seed
        Seed of the sample, see :func:`sample_sources`.
    """
    n = A.shape[0]
    if n < 3:
        return np.zeros(n)
    sampled = sample_sources(n, k, seed)
    sources = np.arange(n) if sampled is None else sampled
    raw = brandes_dependencies(A, sources)
    if sampled is None:
        return raw / ((n - 1) * (n - 2))
    kk = len(sampled)
    scale = np.full(n, 1.0 / (kk * (n - 2)))
    scale[sampled] = 1.0 / ((kk - 1) * (n - 2)) if kk > 1 else np.nan
    return raw * scale


# --- triangles and clustering ------------------------------------------------------------


def triangles(A: sparse.csr_array, chunk: int = 20_000) -> np.ndarray:
    """Triangles through each node: ``t_i = (A^2 o A)_i. / 2``, in row chunks.

    Chunks bound the memory of ``A^2`` (its rows hold the 2-step neighbourhoods).
    """
    n = A.shape[0]
    A = sparse.csr_array(A, dtype=np.float64)
    out = np.zeros(n)
    for start in range(0, n, chunk):
        rows = A[start : start + chunk]
        out[start : start + chunk] = np.asarray((rows @ A).multiply(rows).sum(axis=1)).ravel()
    return out / 2


def local_clustering(A: sparse.csr_array) -> np.ndarray:
    """Local clustering ``c_i = 2 t_i / (d_i (d_i - 1))``; 0 where ``d_i < 2`` (networkx)."""
    degree = np.diff(A.indptr).astype(np.float64)
    t = triangles(A)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(degree > 1, 2 * t / (degree * (degree - 1)), 0.0)
    return c


# --- modularity and Louvain --------------------------------------------------------------


def modularity(A: sparse.csr_array, labels: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Newman's modularity per group, for a graph that has no edges between groups.

    ``Q_g = sum_{c in g} [ L_c / m_g - (D_c / 2 m_g)^2 ]`` with ``L_c`` the edges inside
    community ``c``, ``D_c`` its total degree and ``m_g`` the edges of group ``g``
    (Newman & Girvan 2004); NaN for a group without edges.
    """
    ngroups = int(groups.max()) + 1 if len(groups) else 0
    coo = A.tocoo()
    degree = np.asarray(A.sum(axis=1)).ravel()
    two_m = np.bincount(groups, weights=degree, minlength=ngroups)
    inside = labels[coo.row] == labels[coo.col]
    ncomm = int(labels.max()) + 1 if len(labels) else 0
    l_in = np.bincount(labels[coo.row[inside]], weights=coo.data[inside], minlength=ncomm)
    l_in = l_in.astype(float)
    d_c = np.bincount(labels, weights=degree, minlength=ncomm)
    comm_group = np.zeros(ncomm, dtype=np.int64)
    comm_group[labels] = groups
    with np.errstate(divide="ignore", invalid="ignore"):
        per_comm = l_in / two_m[comm_group] - (d_c / two_m[comm_group]) ** 2
        q = np.bincount(comm_group, weights=np.nan_to_num(per_comm), minlength=ngroups)
    q[two_m == 0] = np.nan
    return q


def louvain(
    A: sparse.csr_array,
    groups: np.ndarray,
    seed: int | None = None,
    *,
    max_levels: int = 20,
    max_sweeps: int = 100,
    tol: float = 1e-7,
    rel_tol: float = 1e-2,
) -> np.ndarray:
    """Louvain communities (Blondel et al. 2008) with vectorised, synchronous moves.

    Each sweep evaluates the best move of *every* node at once from sparse sums
    ``k_i,c`` (edge weight from node i to community c): ``gain(c) = k_i,c - k_i
    Sigma_c / 2m_g``. All improving nodes move together, except that a single node never
    moves to another single node with a higher label (the minimum-label rule of Lu,
    Halappanavar & Kalyanaraman 2015, which stops pairs from swapping forever); when a
    sweep lowers modularity it is undone and only a random half of the movers (seeded)
    moves. Then communities are merged into nodes and the moving repeats, as in Louvain.
    Groups (areas) never share an edge, so each keeps its own ``m_g`` and its own
    communities: all areas are done in one run.

    Parameters
    ----------
    A
        Symmetric adjacency matrix without self-loops, no edges between groups.
    groups
        Group (area) number of each node.
    seed
        Seed of the random halves.

    Returns
    -------
    numpy.ndarray
        Community label of each node (0 .. C-1).
    """
    rng = np.random.default_rng(seed)
    n0 = A.shape[0]
    membership = np.arange(n0)
    W = sparse.csr_array(A, dtype=np.float64)
    g = groups.astype(np.int64)
    degree = np.asarray(W.sum(axis=1)).ravel()
    ngroups = int(g.max()) + 1 if n0 else 0
    two_m = np.bincount(g, weights=degree, minlength=ngroups)
    for _ in range(max_levels):
        comm = _move_nodes(W, g, two_m, rng, max_sweeps=max_sweeps, tol=tol, rel_tol=rel_tol)
        _, comm = np.unique(comm, return_inverse=True)
        ncomm = int(comm.max()) + 1 if len(comm) else 0
        if ncomm == W.shape[0]:
            break
        membership = comm[membership]
        P = sparse.csr_array(
            (np.ones(len(comm)), (np.arange(len(comm)), comm)), shape=(len(comm), ncomm)
        )
        W = sparse.csr_array(P.T @ W @ P)
        new_g = np.zeros(ncomm, dtype=np.int64)
        new_g[comm] = g
        g = new_g
    return membership


def _move_nodes(
    W: sparse.csr_array,
    g: np.ndarray,
    two_m: np.ndarray,
    rng: np.random.Generator,
    *,
    max_sweeps: int,
    tol: float,
    rel_tol: float,
) -> np.ndarray:
    """The local-moving phase on one level; returns a community per node.

    Only *active* nodes are evaluated: all nodes in the first sweep, then the nodes that
    moved, their neighbours and the movers held back (the queue of Leiden's fast local
    moving, Traag et al. 2019), so late sweeps cost little. Modularity per group is kept
    up to date from the edges of the moved nodes only. A sweep is accepted per group
    (area): a group whose modularity would drop tries a random half of its movers
    instead, and keeps its old partition if that drops too.
    """
    # Long on purpose: each sweep reads and updates the partition, the modularity per group,
    # the weight inside communities and the active set together; helpers would pass all
    # four back and forth and hide the order of the steps, which is what makes it correct.
    n = W.shape[0]
    k = np.asarray(W.sum(axis=1)).ravel()
    diag = W.diagonal()
    off = sparse.csr_array(W - sparse.diags_array(diag, format="csr"))
    off.eliminate_zeros()
    comm = np.arange(n)
    scale = two_m[g]
    scale[scale == 0] = 1.0
    ngroups = len(two_m)
    s_g = np.where(two_m > 0, two_m, 1.0)
    # Q_g = L_g / s_g - T_g / s_g^2: L_g the weight inside communities (ordered pairs and
    # self-loops), T_g the sum of squared community degrees. Labels are node numbers, so
    # community c lies in group g[c].
    inside = np.bincount(g, weights=diag, minlength=ngroups)
    quality = inside / s_g - _squares(comm, k, g, ngroups) / s_g**2
    active = np.ones(n, dtype=bool)
    quiet = 0
    for _ in range(max_sweeps):
        act = np.flatnonzero(active)
        tot = np.bincount(comm, weights=k, minlength=n)
        size = np.bincount(comm, minlength=n)
        sub = off[act]
        local = np.repeat(np.arange(len(act)), np.diff(sub.indptr))
        K = sparse.csr_array((sub.data, (local, comm[sub.indices])), shape=(len(act), n))
        K.sum_duplicates()
        node = act[np.repeat(np.arange(len(act)), np.diff(K.indptr))]
        c = K.indices
        own = c == comm[node]
        gain = K.data - k[node] * (tot[c] - np.where(own, k[node], 0.0)) / scale[node]
        ka, ca = k[act], comm[act]
        stay_full = np.zeros(n)
        stay_full[act] = -ka * (tot[ca] - ka) / scale[act]
        stay_full[node[own]] = gain[own]
        best_a, best_gain = _row_argmax(K.indptr, c, gain, len(act))
        best = np.full(n, -1, dtype=np.int64)
        best[act] = best_a
        bg = np.full(n, -np.inf)
        bg[act] = best_gain
        move = active & (best >= 0) & (best != comm) & (bg > stay_full + 1e-12 * scale)
        single = (size[comm] == 1) & (size[np.maximum(best, 0)] == 1)
        move &= ~(single & (best > comm))
        if not move.any():
            break
        trial = np.where(move, best, comm)
        new_inside = inside + _inside_change(off, comm, trial, g, ngroups)
        new_quality = new_inside / s_g - _squares(trial, k, g, ngroups) / s_g**2
        worse = new_quality < quality - 1e-12
        if worse.any():
            half = move & worse[g] & (rng.random(n) < 0.5)
            trial = np.where((move & ~worse[g]) | half, best, comm)
            new_inside = inside + _inside_change(off, comm, trial, g, ngroups)
            new_quality = new_inside / s_g - _squares(trial, k, g, ngroups) / s_g**2
            worse = new_quality < quality - 1e-12
            if worse.any():
                trial = np.where(worse[g], comm, trial)
                new_inside = inside + _inside_change(off, comm, trial, g, ngroups)
                new_quality = new_inside / s_g - _squares(trial, k, g, ngroups) / s_g**2
        moved = np.flatnonzero(trial != comm)
        improvement = float(np.sum(new_quality - quality))
        comm, quality, inside = trial, new_quality, new_inside
        active = move.copy()
        active[off[moved].indices] = True
        # Synchronous sweeps keep finding small gains for a long time; once a sweep adds
        # less than `rel_tol` of the modularity so far, merging the communities and moving
        # again (the next level) gains far more per sweep (threshold cycling, Lu et al.).
        quiet = quiet + 1 if improvement < max(tol, rel_tol * abs(float(quality.sum()))) else 0
        if quiet >= 2:
            break
    return comm


def _squares(comm: np.ndarray, k: np.ndarray, g: np.ndarray, ngroups: int) -> np.ndarray:
    """Per group: the sum over its communities of (community degree)^2."""
    tot = np.bincount(comm, weights=k, minlength=len(comm))
    return np.bincount(g, weights=tot**2, minlength=ngroups)


def _inside_change(
    off: sparse.csr_array, old: np.ndarray, new: np.ndarray, g: np.ndarray, ngroups: int
) -> np.ndarray:
    """Per group: change of the weight inside communities (ordered pairs) from old to new,
    read from the edges of the nodes that changed community only."""
    changed = old != new
    nodes = np.flatnonzero(changed)
    if len(nodes) == 0:
        return np.zeros(ngroups)
    sub = off[nodes]
    i = np.repeat(nodes, np.diff(sub.indptr))
    j = sub.indices
    # an edge between two changed nodes is met from both ends; one to an unchanged node
    # only from the changed end, so it counts for both ordered pairs
    factor = np.where(changed[j], 1.0, 2.0)
    delta = (new[i] == new[j]).astype(float) - (old[i] == old[j])
    return np.bincount(g[i], weights=sub.data * factor * delta, minlength=ngroups)


def _row_argmax(
    indptr: np.ndarray, cols: np.ndarray, values: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a CSR structure: the column with the largest value (ties: smallest)."""
    best = np.full(n, -1, dtype=np.int64)
    best_value = np.full(n, -np.inf)
    nonempty = np.flatnonzero(np.diff(indptr) > 0)
    if len(nonempty) == 0:
        return best, best_value
    starts = indptr[nonempty]
    row_max = np.maximum.reduceat(values, starts)
    at_max = values >= np.repeat(row_max, np.diff(indptr)[nonempty])
    big = np.iinfo(np.int64).max
    pick = np.minimum.reduceat(np.where(at_max, cols, big), starts)
    best[nonempty] = pick
    best_value[nonempty] = row_max
    return best, best_value

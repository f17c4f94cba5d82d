"""Synthetic ties: informal (huishouden, buur, vriend, familie, mantelzorg), lid, caseload and
the ties between professionals.

How each kind is drawn (numbers in :mod:`sociale_basis.synthetic.aannames`; measured degrees
in ``BENCHMARKS.md``):

- **huishouden**: every pair of members of a household; degree = household size - 1.
- **buur**: every adult starts Poisson(1.5 a) ties to adults of *other* households, drawn
  uniformly among the 25 nearest adults (cKDTree on the address points; in an apartment
  building with one address point these are mostly people of the same building). A tie
  started by both sides counts once, so the mean degree of adults is a little under 3.
- **vriend**: every inwoner of 4 or older starts Poisson(1.5 a) ties among the 30 nearest in
  (x, y, 150 m per year of age), i.e. nearby and of similar age, not of the own household;
  and, with probability 0.3, one tie to a random inwoner within 2 years of age anywhere in
  the gemeente. Mean degree about 2 * (1.5 + 0.3) = 3.6.
- **activity** (the degree model): each inwoner has an activity ``a = exp(sum of terms)``
  (:data:`~sociale_basis.synthetic.aannames.ACTIVITEIT`: severe loneliness, a limitation,
  75+ and 85+ lower; volunteering higher; see :mod:`.uitkomsten`). An inwoner starts
  Poisson(a x 1.5) buur and vriend ties and accepts a tie someone else starts with
  probability min(1, a) (one who does not accept is passed over for another candidate, so
  the active get the ties the inactive refuse); a far friend needs both to accept. So the
  degree of an inwoner follows age, household (household and family ties), loneliness and
  health, and
  isolation (no informal tie) follows from them: mostly lonely older people living alone
  without family in the gemeente.
- **familie**: 45 % of inwoners aged 25-64 look for a parent: a random inwoner 24-36 years
  older of another household (accepted with a probability that keeps the mean number of such
  children at most 2 per inwoner of the parent's age, so the few 95-year-olds do not get
  dozens of children), and the parent's partner: one member of that household at least 15
  years older than the child and within 10 years of the parent, where there is one. Two
  children of the same parent are siblings and get a tie too (when they live apart).
- **mantelzorg** (giver -> receiver): inwoners marked ``ontvanger`` (65+, mostly with a
  limitation; :mod:`.uitkomsten`) get one giver, two when they have a limitation: an adult of
  18-84 without a limitation who receives no mantelzorg themself, among their huishouden,
  else familie, else buur ties, inwoners marked ``mantelzorger`` first (random within the
  first kind that has one). Who has no such tie gets no mantelzorger in the gemeente.
- **lid** (inwoner -> vereniging): per kind, an inwoner joins with the participation rate
  of their age group, shifted by the terms of
  :data:`~sociale_basis.synthetic.aannames.LID_TERMEN` (income, herkomst, ...); they
  choose one vereniging of that kind with probability proportional
  to exp(-d / lambda) (straight distance d; lambda per kind), drawn with the Gumbel-max trick.
- **caseload** (professional -> inwoner): a share of the inwoners with a hulpvraag (per kind)
  is a client. The role is drawn uniformly among the roles that help with that hulpvraag and
  still have capacity (jongerenwerk only for 12-23, ouderenwerk only for 65+); the
  professional is one of that role based in the client's wijk with capacity left, else any of
  that role with capacity left. When a role fills up its remaining clients draw again among
  the other roles; when all are full the client stays without a professional.
  ``capaciteit`` is never exceeded.
- **werkt_bij** (professional -> voorziening): the base. (The taxonomy also lets a
  professional work at a vereniging; the generator does not draw that.)
- **werkt_samen**: two professionals of different roles based in the same wijk with
  probability 0.3; 10 % of professionals also work with one professional of another wijk.
- **verwijst** (professional -> professional): each professional refers to Poisson(1)
  professionals of another role that helps with a hulpvraag of its own; in the same wijk with
  probability 0.8 when there is one there. Never both ways between the same two. (Referrals
  to a voorziening or an inwoner, which the taxonomy allows, are not drawn.)

No tie is a self-loop, and within a kind no pair appears twice, in either direction: also
the directed kinds never hold both (a, b) and (b, a), so an undirected multigraph with one
edge per pair and kind (:func:`sociale_basis.social.build.build_graph`) loses nothing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from scipy.spatial.distance import cdist

from ..core.taxonomy import ROLLEN, VERENIGING_SOORTEN
from . import aannames as A
from .inwoners import HULPVRAAG_CODES
from .tools import IntArray

Pairs = tuple[IntArray, IntArray]
_EMPTY: Pairs = (np.zeros(0, np.int64), np.zeros(0, np.int64))


def undirected(a: IntArray, b: IntArray) -> Pairs:
    """Pairs as (smaller, larger), without self-loops and duplicates, sorted."""
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    return directed(lo[keep], hi[keep])


def directed(a: IntArray, b: IntArray) -> Pairs:
    """Directed pairs without self-loops and duplicates, sorted."""
    a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
    keep = a != b
    if not keep.any():
        return _EMPTY
    a, b = a[keep], b[keep]
    width = int(b.max()) + 1
    key = np.unique(a * width + b)  # one int64 per pair: much faster than unique rows
    return key // width, key % width


def group_pairs(groups: IntArray) -> Pairs:
    """Every pair of positions that share a group label."""
    order = np.argsort(groups, kind="stable")
    g = groups[order]
    if len(g) < 2:
        return _EMPTY
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    sizes = np.diff(np.r_[starts, len(g)])
    out_a, out_b = [], []
    for s in np.unique(sizes[sizes >= 2]):
        members = order[starts[sizes == s][:, None] + np.arange(s)]
        i, j = np.triu_indices(s, 1)
        out_a.append(members[:, i].ravel())
        out_b.append(members[:, j].ravel())
    if not out_a:
        return _EMPTY
    return np.concatenate(out_a), np.concatenate(out_b)


def _pick(
    src: IntArray,
    cand: IntArray,
    hh: IntArray,
    n_start: IntArray,
    rng: np.random.Generator,
    activiteit: np.ndarray | None = None,
) -> Pairs:
    """For each row, `n_start` random candidates that are not itself or of its household.

    A candidate accepts the tie with probability min(1, its activity).
    """
    invalid = (cand == src[:, None]) | (hh[cand] == hh[src][:, None])
    if activiteit is not None:
        invalid |= rng.random(cand.shape) >= np.minimum(1.0, activiteit[cand])
    keys = rng.random(cand.shape)
    keys[invalid] = 2.0  # sorts after every valid candidate
    rank = np.argsort(np.argsort(keys, axis=1), axis=1)
    rows, cols = np.nonzero((rank < n_start[:, None]) & ~invalid)
    return src[rows], cand[rows, cols]


def _starts(
    rate: float, src: IntArray, activiteit: np.ndarray | None, rng: np.random.Generator
) -> IntArray:
    """Poisson(rate x activity) ties to start per inwoner."""
    if activiteit is None:
        return rng.poisson(rate, len(src))
    return rng.poisson(rate * activiteit[src])


def buur_ties(
    xy: np.ndarray,
    age: IntArray,
    hh: IntArray,
    rng: np.random.Generator,
    activiteit: np.ndarray | None = None,
) -> Pairs:
    """Neighbour ties between adults of different households (module docstring)."""
    adults = np.flatnonzero(age >= A.VOLWASSEN)
    if len(adults) < 2:
        return _EMPTY
    k = min(A.BUUR_KANDIDATEN + 1, len(adults))
    _, nb = cKDTree(xy[adults]).query(xy[adults], k=k)
    n_start = _starts(A.BUUR_START, adults, activiteit, rng)
    a, b = _pick(adults, adults[nb], hh, n_start, rng, activiteit)
    return undirected(a, b)


def vriend_ties(
    xy: np.ndarray,
    age: IntArray,
    hh: IntArray,
    rng: np.random.Generator,
    activiteit: np.ndarray | None = None,
) -> Pairs:
    """Friend ties: nearby and of similar age, plus some further away (module docstring)."""
    elig = np.flatnonzero(age >= A.VRIEND_VANAF)
    if len(elig) < 2:
        return _EMPTY
    pts = np.column_stack([xy[elig], age[elig] * A.VRIEND_METER_PER_JAAR])
    k = min(A.VRIEND_KANDIDATEN + 1, len(elig))
    _, nb = cKDTree(pts).query(pts, k=k)
    n_start = _starts(A.VRIEND_START, elig, activiteit, rng)
    a1, b1 = _pick(elig, elig[nb], hh, n_start, rng, activiteit)

    far = elig[rng.random(len(elig)) < A.VRIEND_VER]
    order = elig[np.lexsort((rng.random(len(elig)), age[elig]))]
    sorted_age = age[order]
    lo = np.searchsorted(sorted_age, age[far] - A.VRIEND_VER_JAREN, "left")
    hi = np.searchsorted(sorted_age, age[far] + A.VRIEND_VER_JAREN, "right")
    partner = order[lo + np.floor(rng.random(len(far)) * (hi - lo)).astype(np.int64)]
    ok = hh[partner] != hh[far]
    if activiteit is not None:  # both ends accept a far friendship by their activity
        both = np.minimum(1.0, activiteit[far]) * np.minimum(1.0, activiteit[partner])
        ok &= rng.random(len(far)) < both
    return undirected(np.r_[a1, far[ok]], np.r_[b1, partner[ok]])


def familie_ties(age: IntArray, hh: IntArray, rng: np.random.Generator) -> Pairs:
    """Adult children with their parents elsewhere in the gemeente, and siblings."""
    n = len(age)
    lo_age, hi_age = A.FAMILIE_KIND
    cand = np.flatnonzero((age >= lo_age) & (age <= hi_age))
    kids = cand[rng.random(len(cand)) < A.FAMILIE_KANS]
    target = age[kids] + rng.integers(A.FAMILIE_VERSCHIL[0], A.FAMILIE_VERSCHIL[1] + 1, len(kids))
    order = np.lexsort((rng.random(n), age))
    sorted_age = age[order]
    lo = np.searchsorted(sorted_age, target, "left")
    hi = np.searchsorted(sorted_age, target, "right")
    pick = lo + np.floor(rng.random(len(kids)) * (hi - lo)).astype(np.int64)
    # at most FAMILIE_PER_OUDER children per inwoner of the parent's age on average: where
    # many children look for few parents (parents of 55-64-year-olds are 80-100), only that
    # share finds one; the others' parents are no longer alive or live elsewhere
    wanted = np.bincount(target, minlength=A.MAX_LEEFTIJD + 40)
    available = np.bincount(age, minlength=len(wanted))[: len(wanted)]
    accept = np.minimum(1.0, A.FAMILIE_PER_OUDER * available / np.maximum(wanted, 1))
    found = (hi > lo) & (rng.random(len(kids)) < accept[target])
    kids, parent = kids[found], order[pick[found]]
    apart = hh[parent] != hh[kids]
    kids, parent = kids[apart], parent[apart]

    # the other parent: one random member of the parent's household at least 15 years
    # older than the child and within 10 years of the parent
    by_hh = np.argsort(hh, kind="stable")
    hh_sorted = hh[by_hh]
    start = np.searchsorted(hh_sorted, hh[parent], "left")
    size = np.searchsorted(hh_sorted, hh[parent], "right") - start
    row = np.repeat(np.arange(len(kids)), size)
    offset = np.arange(size.sum()) - np.repeat(np.cumsum(size) - size, size)
    member = by_hh[np.repeat(start, size) + offset]
    fits = (
        (member != parent[row])
        & (age[member] >= age[kids[row]] + 15)
        & (np.abs(age[member] - age[parent[row]]) <= 10)
    )
    row, member = row[fits], member[fits]
    order = np.lexsort((rng.random(len(row)), row))
    _, first = np.unique(row[order], return_index=True)
    partner_row, partner = row[order][first], member[order][first]

    si, sj = group_pairs(parent)
    siblings_apart = hh[kids[si]] != hh[kids[sj]]
    return undirected(
        np.r_[kids, kids[partner_row], kids[si][siblings_apart]],
        np.r_[parent, partner, kids[sj][siblings_apart]],
    )


def mantelzorg_ties(
    age: IntArray,
    ontvanger: np.ndarray,
    beperking: np.ndarray,
    mantelzorger: np.ndarray,
    ties: list[Pairs],
    rng: np.random.Generator,
) -> Pairs:
    """Mantelzorgers (giver -> receiver) of the receivers among their ties (module
    docstring). `ties` are the huishouden, familie and buur pairs, in order of preference.
    """
    givers, receivers, prio = [], [], []
    for p, (a, b) in enumerate(ties):
        givers += [a, b]
        receivers += [b, a]
        prio += [np.full(2 * len(a), p)]
    if not givers:
        return _EMPTY
    g, rc, pr = np.concatenate(givers), np.concatenate(receivers), np.concatenate(prio)
    lo, hi = A.MANTELZORG_GEVER
    # a receiver gives no mantelzorg, so no pair helps each other both ways (the graph keeps
    # one edge per pair and kind)
    ok = ontvanger[rc] & ~ontvanger[g] & (age[g] >= lo) & (age[g] <= hi) & ~beperking[g]
    g, rc, pr = g[ok], rc[ok], pr[ok]
    # a receiver's best kind of tie first; within it, marked mantelzorgers first
    order = np.lexsort((rng.random(len(g)), ~mantelzorger[g], pr, rc))
    g, rc, pr = g[order], rc[order], pr[order]
    start = np.r_[True, rc[1:] != rc[:-1]] if len(rc) else np.zeros(0, bool)
    first = np.flatnonzero(start)
    rank = np.arange(len(rc)) - np.repeat(first, np.diff(np.r_[first, len(rc)]))
    best = np.repeat(pr[first], np.diff(np.r_[first, len(rc)]))
    wanted = np.where(beperking[rc], A.MANTELZORG_MAX, 1)
    keep = (rank < wanted) & (pr == best)
    return directed(g[keep], rc[keep])


def lid_ties(
    xy: np.ndarray,
    age: IntArray,
    vereniging_soort: np.ndarray,
    vereniging_xy: np.ndarray,
    rng: np.random.Generator,
    x: dict[str, np.ndarray] | None = None,
    chunk: int = 8_192,
) -> Pairs:
    """Memberships (inwoner -> vereniging position), at most one per kind per inwoner.

    ``x`` holds the 0/1 determinants named in ``LID_TERMEN`` (missing ones count as 0).
    """
    group = np.zeros(len(age), dtype=np.int64)
    for i, (lo, hi) in enumerate(A.LID_LEEFTIJDEN):
        group[(age >= lo) & (age <= hi)] = i
    out_a, out_b = [], []
    for soort in VERENIGING_SOORTEN:
        rows = np.flatnonzero(vereniging_soort == soort)
        base = np.clip(np.asarray(A.LID_KANS[soort])[group], 1e-9, 1 - 1e-9)
        z = np.log(base / (1 - base))
        for name, beta in A.LID_TERMEN.get(soort, {}).items():
            if x is not None and name in x:
                z = z + beta * np.asarray(x[name], dtype=float)
        rate = np.where(np.asarray(A.LID_KANS[soort])[group] > 0, 1 / (1 + np.exp(-z)), 0.0)
        members = np.flatnonzero(rng.random(len(age)) < rate)
        if len(rows) == 0 or len(members) == 0:
            continue
        lam = A.VERENIGING_NORMEN[soort].lambda_m
        for s in range(0, len(members), chunk):
            m = members[s : s + chunk]
            score = -cdist(xy[m], vereniging_xy[rows]) / lam + rng.gumbel(size=(len(m), len(rows)))
            out_a.append(m)
            out_b.append(rows[np.argmax(score, axis=1)])
    if not out_a:
        return _EMPTY
    return directed(np.concatenate(out_a), np.concatenate(out_b))


def caseload_ties(
    age: IntArray,
    hv: IntArray,
    wijk: IntArray,
    rol: np.ndarray,
    capaciteit: IntArray,
    prof_wijk: IntArray,
    rng: np.random.Generator,
) -> Pairs:
    """Caseload (professional position -> inwoner position), within capacity."""
    kans = np.array([A.CASELOAD_KANS[k] for k in HULPVRAAG_CODES])
    clients = np.flatnonzero((hv >= 0) & (rng.random(len(hv)) < kans[np.clip(hv, 0, None)]))
    roles = list(ROLLEN)
    elig = np.zeros((len(clients), len(roles)), dtype=bool)
    for j, r in enumerate(roles):
        if not (rol == r).any():
            continue
        helps = np.isin(hv[clients], [HULPVRAAG_CODES.index(k) for k in ROLLEN[r].hulpvragen])
        lo, hi = A.ROL_LEEFTIJD.get(r, (0, A.MAX_LEEFTIJD))
        elig[:, j] = helps & (age[clients] >= lo) & (age[clients] <= hi)
    left = np.asarray(capaciteit, dtype=np.int64).copy()
    served = np.zeros(len(clients), dtype=bool)
    out_p: list[IntArray] = []
    out_c: list[IntArray] = []
    # Rounds: draw a role for every client still unserved among the eligible roles that have
    # capacity left; a role that fills up drops out and its clients draw again.
    while True:
        open_role = np.array([left[rol == r].sum() > 0 for r in roles])
        can = elig & open_role[None, :] & ~served[:, None]
        if not can.any():
            break
        choice = np.argmax(np.where(can, rng.gumbel(size=can.shape), -np.inf), axis=1)
        before = int(served.sum())
        for j, r in enumerate(roles):
            at_role = np.flatnonzero(can.any(axis=1) & (choice == j))
            if len(at_role) == 0:
                continue
            staff = np.flatnonzero(rol == r)
            for w in np.unique(wijk[clients[at_role]]):  # a professional of the own wijk first
                at = at_role[(wijk[clients[at_role]] == w) & ~served[at_role]]
                _assign(clients, at, staff[prof_wijk[staff] == w], left, served, out_p, out_c, rng)
            at = at_role[~served[at_role]]
            _assign(clients, at, staff, left, served, out_p, out_c, rng)
        if served.sum() == before:
            break
    if not out_p:
        return _EMPTY
    return directed(np.concatenate(out_p), np.concatenate(out_c))


def _assign(
    clients: IntArray,
    at: IntArray,
    staff: IntArray,
    left: IntArray,
    served: np.ndarray,
    out_p: list[IntArray],
    out_c: list[IntArray],
    rng: np.random.Generator,
) -> None:
    """Give clients ``clients[at]`` a professional of `staff` with capacity left: each free
    place is equally likely, so fuller professionals get fewer new clients."""
    slots = np.repeat(staff, left[staff])
    n = min(len(at), len(slots))
    if n == 0:
        return
    who = rng.permutation(at)[:n]
    prof = slots[rng.choice(len(slots), size=n, replace=False)]
    left -= np.bincount(prof, minlength=len(left))
    served[who] = True
    out_p.append(prof)
    out_c.append(clients[who])


def werkt_samen_ties(rol: np.ndarray, prof_wijk: IntArray, rng: np.random.Generator) -> Pairs:
    """Collaboration between professionals (module docstring)."""
    out_a, out_b = [], []
    for w in np.unique(prof_wijk):
        p = np.flatnonzero(prof_wijk == w)
        i, j = np.triu_indices(len(p), 1)
        keep = (rol[p[i]] != rol[p[j]]) & (rng.random(len(i)) < A.SAMENWERKING_WIJK)
        out_a.append(p[i][keep])
        out_b.append(p[j][keep])
    n = len(rol)
    for a in np.flatnonzero(rng.random(n) < A.SAMENWERKING_BUITEN):  # one loop per professional
        others = np.flatnonzero(prof_wijk != prof_wijk[a])
        if len(others):
            out_a.append(np.array([a]))
            out_b.append(rng.choice(others, size=1))
    if not out_a:
        return _EMPTY
    return undirected(np.concatenate(out_a), np.concatenate(out_b))


def verwijst_ties(rol: np.ndarray, prof_wijk: IntArray, rng: np.random.Generator) -> Pairs:
    """Referrals between professionals of roles that share a hulpvraag (module docstring)."""
    helps = {r: set(info.hulpvragen) for r, info in ROLLEN.items()}
    out_a, out_b = [], []
    counts = rng.poisson(A.VERWIJS_START, len(rol))
    for p in np.flatnonzero(counts):  # one loop per professional
        fits = np.array([r != rol[p] and bool(helps[r] & helps[rol[p]]) for r in rol])
        near = np.flatnonzero(fits & (prof_wijk == prof_wijk[p]))
        anywhere = np.flatnonzero(fits)
        for _ in range(counts[p]):
            pool = near if len(near) and rng.random() < A.VERWIJS_WIJK else anywhere
            if len(pool):
                out_a.append(np.array([p]))
                out_b.append(rng.choice(pool, size=1))
    if not out_a:
        return _EMPTY
    a, b = directed(np.concatenate(out_a), np.concatenate(out_b))
    # no referrals both ways between two professionals: the graph keeps one edge per pair
    # and kind, so keep the direction drawn for the smaller id
    width = len(rol)
    reverse = np.isin(b * width + a, a * width + b)
    keep = ~reverse | (a < b)
    return a[keep], b[keep]


def degree_table(relaties: pd.DataFrame, n_inwoners: int, soorten: list[str]) -> pd.DataFrame:
    """Degree statistics of inwoners per kind of tie (for the benchmark and docs).

    Columns: mean, median, p90, max degree over all inwoners and the share with degree 0.
    """
    rows = {}
    for soort in soorten:
        part = relaties[relaties["soort"] == soort]
        ends = pd.concat([part["van"], part["naar"]])
        ends = ends[ends.str.startswith("inwoner:")]
        deg = np.bincount(
            ends.str.slice(8).astype(np.int64).to_numpy(), minlength=n_inwoners
        ).astype(float)
        rows[soort] = {
            "gemiddeld": deg.mean() if n_inwoners else np.nan,
            "mediaan": float(np.median(deg)) if n_inwoners else np.nan,
            "p90": float(np.percentile(deg, 90)) if n_inwoners else np.nan,
            "max": deg.max() if n_inwoners else np.nan,
            "aandeel_0": (deg == 0).mean() if n_inwoners else np.nan,
        }
    return pd.DataFrame(rows).T

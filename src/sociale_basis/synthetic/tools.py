"""Small numerical tools of the synthetic population: apportionment and seeded sampling."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def largest_remainder(total: int, weights: ArrayLike) -> IntArray:
    """Split a whole number over parts in proportion to weights (Hamilton's method).

    Every part gets the whole part of its exact share ``total * w / sum(w)``; the units
    still left go, one each, to the parts with the largest fractional remainders (ties:
    the earlier part). The result sums to ``total`` exactly and no part is more than one
    unit from its exact share.

    Parameters
    ----------
    total
        The whole number to split, at least 0.
    weights
        One non-negative weight per part.

    Returns
    -------
    numpy.ndarray
        Whole numbers, one per part, summing to `total`.

    Raises
    ------
    ValueError
        When `total` is negative, or positive while the weights are negative, not finite
        or all zero (there is nothing to split in proportion to).
    """
    w = np.asarray(weights, dtype=float)
    if total < 0:
        raise ValueError(f"Te verdelen aantal is negatief ({total}); verwacht 0 of meer.")
    if total == 0:
        return np.zeros(len(w), dtype=np.int64)
    if len(w) == 0 or not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
        raise ValueError(
            f"Kan {total} niet verdelen naar gewichten {w.tolist()[:10]}: verwacht "
            "eindige, niet-negatieve gewichten met een positieve som."
        )
    return largest_remainder_rows(np.array([total]), w[None, :])[0]


def largest_remainder_rows(totals: ArrayLike, weights: ArrayLike) -> IntArray:
    """:func:`largest_remainder` for many rows at once (rows with total 0 get zeros).

    The caller guarantees positive weight sums wherever the total is positive.
    """
    t = np.asarray(totals, dtype=np.int64)
    w = np.asarray(weights, dtype=float)
    sums = w.sum(axis=1, keepdims=True)
    exact = np.divide(t[:, None] * w, sums, out=np.zeros_like(w), where=sums > 0)
    base = np.floor(exact + 1e-9).astype(np.int64)  # 1e-9: 39.999999 is 40, not 39 + 1
    rest = t - base.sum(axis=1)
    # rank of each part by remainder within its row (stable: ties go to the earlier part)
    order = np.argsort(-(exact - base), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(w.shape[1])[None, :].repeat(len(w), 0), axis=1)
    return base + (rank < rest[:, None])


def gumbel_top_k(log_weights: ArrayLike, k: int, rng: np.random.Generator) -> IntArray:
    """Indices of `k` items drawn without replacement with probability proportional to
    ``exp(log_weights)`` (the Gumbel-top-k trick: one sort instead of k draws)."""
    lw = np.asarray(log_weights, dtype=float)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    keys = lw + rng.gumbel(size=len(lw))
    if k >= len(lw):
        return np.argsort(-keys, kind="stable").astype(np.int64)
    top = np.argpartition(-keys, k - 1)[:k]
    return top[np.argsort(-keys[top], kind="stable")].astype(np.int64)


def node_ids(kind: str, ids: ArrayLike) -> NDArray[np.object_]:
    """Graph node ids ``"<kind>:<id>"`` for an array of ids."""
    values = np.asarray(ids)
    text = values.astype(str)
    return np.char.add(f"{kind}:", text).astype(object)

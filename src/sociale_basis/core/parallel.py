"""Independent pieces of work spread over a thread per core.

Only for work that spends its time outside Python's lock: scipy's sparse products, numpy's
array arithmetic and shapely's GEOS calls release it, so threads then use every core while
the results stay exactly those of one thread (each piece is computed alone, the results come
back in input order).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MAX_THREADS = 4
"""More threads than this gain little: the pieces then wait on memory, not on a core."""


def threads() -> int:
    """Threads to use: ``SOCIALE_BASIS_THREADS`` when set (1 on a cluster worker that shares
    its machine with others), else one per core, at most :data:`MAX_THREADS`."""
    wanted = os.environ.get("SOCIALE_BASIS_THREADS", "").strip()
    if wanted:
        try:
            return max(1, int(wanted))
        except ValueError as error:
            raise ValueError(
                f"SOCIALE_BASIS_THREADS moet een heel getal zijn, niet {wanted!r}"
            ) from error
    return max(1, min(MAX_THREADS, os.cpu_count() or 1))


def thread_map(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[work(item) for item in items]``, the items spread over :func:`threads` threads."""
    n = threads()
    if n == 1 or len(items) < 2:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(work, items))

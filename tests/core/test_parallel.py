"""Work spread over threads: the same results, in input order; the thread count from the
environment."""

from __future__ import annotations

import threading

import pytest

from sociale_basis.core import parallel


def test_thread_map_keeps_the_order_and_uses_threads(monkeypatch):
    monkeypatch.setenv("SOCIALE_BASIS_THREADS", "3")
    seen = set()
    gate = threading.Barrier(3, timeout=10)  # only passes when 3 threads run at once

    def work(i: int) -> int:
        seen.add(threading.get_ident())
        if i < 3:
            gate.wait()
        return i * i

    assert parallel.thread_map(work, range(10)) == [i * i for i in range(10)]
    assert len(seen) == 3


def test_one_thread_runs_in_the_caller(monkeypatch):
    monkeypatch.setenv("SOCIALE_BASIS_THREADS", "1")
    here = threading.get_ident()
    assert parallel.thread_map(lambda _: threading.get_ident(), [1, 2, 3]) == [here] * 3


def test_threads_default_is_one_per_core_at_most_four(monkeypatch):
    monkeypatch.delenv("SOCIALE_BASIS_THREADS", raising=False)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 16)
    assert parallel.threads() == parallel.MAX_THREADS == 4
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: None)
    assert parallel.threads() == 1


def test_threads_from_the_environment_must_be_a_whole_number(monkeypatch):
    monkeypatch.setenv("SOCIALE_BASIS_THREADS", "twee")
    with pytest.raises(ValueError, match="SOCIALE_BASIS_THREADS moet een heel getal zijn"):
        parallel.threads()
    monkeypatch.setenv("SOCIALE_BASIS_THREADS", "0")
    assert parallel.threads() == 1


def test_an_error_in_a_piece_reaches_the_caller(monkeypatch):
    monkeypatch.setenv("SOCIALE_BASIS_THREADS", "2")

    def work(i: int) -> int:
        if i == 3:
            raise KeyError("stuk 3")
        return i

    with pytest.raises(KeyError, match="stuk 3"):
        parallel.thread_map(work, range(5))

"""Shared fixtures. The real bundles are generated once per test session, into a temporary
cache folder so tests never read or write the user's own cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIALE_BASIS_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def delft():  # type: ignore[no-untyped-def]
    """The bundled Delft with its default synthetic population (generated once)."""
    from sociale_basis import datasets

    return datasets.delft()


@pytest.fixture(scope="session")
def zwolle():  # type: ignore[no-untyped-def]
    """The bundled Zwolle with its default synthetic population (generated once)."""
    from sociale_basis import datasets

    return datasets.zwolle()

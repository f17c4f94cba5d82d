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


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium (/usr/bin/chromium) through Playwright; tests that use
    it are marked ``browser_fixtures.needs_chromium``. One per test module: Playwright's
    sync API cannot run twice at once in one thread, and the handout starts its own."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from sociale_basis.present.handout import DEFAULT_CHROMIUM, LAUNCH_ARGS

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=DEFAULT_CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()

"""Where bundles and their files are: the data roots, the manifests, the cache folder.

The data roots, in order of precedence:

1. the folder in the environment variable ``SOCIALE_BASIS_DATA``;
2. ``data/wijken/`` in the repository (the embedded bundles, and where users put the
   bundles of their own gemeente);
3. the package's own data (``sociale_basis/_bundels`` in an installed wheel: the
   embedded Delft and Zwolle bundles travel in it);
4. ``../shared/data/`` beside the repository (the raw Delft and Zwolle files).

A path in a manifest (``delft/buurten.parquet``) is relative to a data root.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import DataNotFoundError

ENV_DATA = "SOCIALE_BASIS_DATA"
ENV_CACHE = "SOCIALE_BASIS_CACHE"
PACKAGE = Path(__file__).resolve().parent.parent
"""The installed package sociale_basis."""
PACKAGED = "_bundels"
"""The folder of the package that holds the embedded bundles in a wheel
(``pyproject.toml``, ``[tool.hatch.build.targets.wheel.force-include]``)."""


def repository_root() -> Path | None:
    """The repository this package runs from (editable install) or is run in (cwd)."""
    for start in (PACKAGE, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            project = folder / "pyproject.toml"
            if project.is_file() and 'name = "sociale-basis"' in project.read_text("utf-8"):
                return folder
    return None


def packaged_root() -> Path:
    """The folder of the embedded bundles inside the installed package."""
    return PACKAGE / PACKAGED


def data_roots() -> list[Path]:
    """The folders searched for bundles and their files, in order of precedence.

    The package's own folder is listed only when it exists (in a wheel, not in a
    repository checkout, where ``data/wijken/`` holds the same files).
    """
    roots: list[Path] = []
    if os.environ.get(ENV_DATA):
        roots.append(Path(os.environ[ENV_DATA]).expanduser())
    repo = repository_root()
    if repo is not None:
        roots.append(repo / "data" / "wijken")
    if packaged_root().is_dir():
        roots.append(packaged_root())
    if repo is not None:
        roots.append(repo.parent / "shared" / "data")
    return roots


def cache_dir() -> Path:
    """The user cache folder (never inside the repository)."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sociale_basis"


def find_manifest(gemeente: str) -> Path:
    """The manifest of a gemeente bundle, from the first data root that has one.

    Raises
    ------
    DataNotFoundError
        No root has ``<gemeente>/manifest.toml``; the message lists every place.
    """
    key = gemeente.strip().lower()
    roots = data_roots()
    if packaged_root() not in roots:
        roots.append(packaged_root())
    places = [root / key / "manifest.toml" for root in roots]
    for place in places:
        if place.is_file():
            return place
    raise DataNotFoundError(
        f"Geen bundel gevonden voor gemeente '{gemeente}'. Gezocht naar:\n"
        + "\n".join(f"  - {p}" for p in places)
        + f"\nOplossing: maak een bundel met 'sociale-basis bundel --gemeente GMxxxx ... "
        f"--uit data/wijken/{key}' (zie README, 'Uw eigen gemeente'), of zet {ENV_DATA} op "
        "de map met uw bundels."
    )


def find_file(relative: str, gemeente: str) -> Path:
    """A data file named in a manifest, looked up in every data root.

    Raises
    ------
    DataNotFoundError
        No root has the file; the message lists every place and how to fix it.
    """
    places = [root / relative for root in data_roots()]
    for place in places:
        if place.exists():
            return place
    raise DataNotFoundError(
        f"Bestand '{relative}' van de bundel {gemeente} niet gevonden. Gezocht in:\n"
        + "\n".join(f"  - {p}" for p in places)
        + f"\nOplossing: zet {ENV_DATA} op de map die '{relative}' bevat, of bouw de bundel "
        "opnieuw (sociale-basis bundel, of python scripts/maak_bundels.py voor Delft en Zwolle)."
    )

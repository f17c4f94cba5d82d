"""Bundled gemeenten (Delft, Zwolle) and the loader that serves any gemeente bundle.

A bundle is a folder with a ``manifest.toml`` that says which file holds what and how its
columns map onto ours (see ``data/wijken/README.md``), and its files. The embedded Delft
and Zwolle bundles are compact GeoParquet files in ``data/wijken/`` (built from the raw
files in ``../shared/data/`` by ``scripts/maak_bundels.py``), and travel in the wheel; a
user builds a bundle of any gemeente with :func:`sociale_basis.datasets.build`. Where the
files are looked up: :mod:`sociale_basis.datasets.roots`.

People and their ties are never public, so every bundle gets a seeded synthetic population
(:mod:`sociale_basis.synthetic`) on its real addresses.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import pickle
import pkgutil
import re
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd

from ..core.errors import DataNotFoundError
from ..core.gebied import Bron, Gebied
from ..core.version import __version__
from ..streets.network import network_from_edges
from ..synthetic.eigen import EigenDelen
from .bron import assign_areas, read_bron
from .eigen import Deel, eigen_digest, read_eigen_delen
from .manifest import bundle_files, read_manifest
from .roots import (
    ENV_CACHE,
    ENV_DATA,
    cache_dir,
    data_roots,
    find_file,
    find_manifest,
    packaged_root,
    repository_root,
)

DEFAULT_SEED = 2025

__all__ = [
    "DEFAULT_SEED",
    "ENV_CACHE",
    "ENV_DATA",
    "assign_areas",
    "bundle_name",
    "cache_dir",
    "data_roots",
    "delft",
    "find_file",
    "find_manifest",
    "load",
    "read_bron",
    "read_manifest",
    "repository_root",
    "zwolle",
]


def load(
    gemeente: str,
    *,
    seed: int = DEFAULT_SEED,
    cache: bool = True,
    progress: bool = False,
    ijkpunten: str | os.PathLike[str] | pd.DataFrame | None = None,
    voorzieningen: Deel = None,
    verenigingen: Deel = None,
    professionals: Deel = None,
) -> Gebied:
    """Load a gemeente bundle with its synthetic population.

    Parameters
    ----------
    gemeente
        Folder name of the bundle, e.g. ``"delft"``, ``"zwolle"`` or one you built.
    seed
        Seed of the synthetic population; the same seed gives the same population.
    cache
        Keep the result in the user cache folder (:func:`cache_dir`), keyed by the
        manifest, the contents of the bundle's files, the seed and the package's code
        that makes a population, so the second load takes about a second.
    progress
        Show progress bars while generating.
    ijkpunten
        Your own targets for the synthetic population: a CSV file
        (:func:`sociale_basis.io.read_ijkpunten`, codes checked against the bundle) or its
        ``data`` table. They replace the bundle's CBS key figures for the same indicator and
        area; the fit report is ``Gebied.ijking``. The cache key covers them.
    voorzieningen, verenigingen, professionals
        Your own parts: a file read and checked by its reader
        (:func:`sociale_basis.io.read_voorzieningen`, ``read_verenigingen``,
        ``read_professionals``, against the bundle's areas) or its ``data`` table. Each
        takes the place of the synthetic (for voorzieningen: the bundle's) part of its kind;
        the synthetic inwoners are built around them: memberships go to your verenigingen,
        caseloads to your professionals. ``Gebied.herkomst_delen`` says per part what is
        real and what synthetic. The cache key covers them.

    Raises
    ------
    ValidationError
        When one of your files has problems (every problem, with file, row and column).
    """
    manifest = find_manifest(gemeente)
    doelen = None
    if ijkpunten is not None:
        doelen = _own_targets(gemeente, ijkpunten)
    eigen = EigenDelen()
    bron: Bron | None = None
    if any(d is not None for d in (voorzieningen, verenigingen, professionals)):
        bron = read_bron(gemeente)
        eigen = read_eigen_delen(
            bron,
            voorzieningen=voorzieningen,
            verenigingen=verenigingen,
            professionals=professionals,
        )
    key = cache_key(gemeente, manifest, seed, doelen, eigen)
    path = cache_dir() / f"{gemeente.lower()}-{key}.pickle"
    if cache and path.is_file():
        try:
            with path.open("rb") as f:
                cached = pickle.load(f)
            if isinstance(cached, Gebied):
                return cached
        except Exception:  # a broken or foreign cache file is rebuilt, never trusted
            path.unlink(missing_ok=True)

    bron = bron or read_bron(gemeente)
    gebied = populate(bron, seed=seed, progress=progress, ijkpunten=doelen, eigen=eigen)
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(gebied, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return gebied


def populate(
    bron: Bron,
    *,
    seed: int = DEFAULT_SEED,
    progress: bool = False,
    ijkpunten: pd.DataFrame | None = None,
    eigen: EigenDelen | None = None,
) -> Gebied:
    """A bundle's real parts with a synthetic population of ``seed`` (no cache; :func:`load`
    adds the cache, the user's targets and own parts read from files)."""
    from ..synthetic.population import generate  # not at import: the generator is heavy

    eigen = eigen if eigen is not None else EigenDelen()
    synth = generate(_covered(bron), seed=seed, progress=progress, ijkpunten=ijkpunten, eigen=eigen)
    netwerk = None
    if bron.netwerk_edges is not None:
        netwerk = network_from_edges(bron.netwerk_edges, naam=bron.naam)
    return Gebied(
        naam=bron.naam,
        gemeentecode=bron.gemeentecode,
        wijken=bron.wijken,
        buurten=bron.buurten,
        adressen=bron.adressen,
        inwoners=synth.inwoners,
        verenigingen=synth.verenigingen,
        voorzieningen=synth.voorzieningen,
        professionals=synth.professionals,
        relaties=synth.relaties,
        netwerk=netwerk,
        bronnen=bron.bronnen,
        seed=seed,
        kerncijfers=bron.kerncijfers,
        ijking=synth.ijking,
        eigen_delen=eigen.namen,
    )


GEMEENTECODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)


def bundle_name(gemeente: str) -> str:
    """The folder name of a bundle, given by that name (``"delft"``) or by the CBS code of
    its gemeente (``"GM0503"``, looked up in the manifests of every data root; the first
    root that has it wins, as in :func:`find_manifest`).

    Raises
    ------
    DataNotFoundError
        No bundle has that code; the message lists the codes that were found.
    """
    text = gemeente.strip()
    if not GEMEENTECODE.match(text):
        find_manifest(text)
        return text.lower()
    code = text.upper()
    found: dict[str, str] = {}
    roots = [*data_roots(), packaged_root()]
    for root in roots:
        for manifest in sorted(root.glob("*/manifest.toml")) if root.is_dir() else []:
            try:
                other = str(read_manifest(manifest).get("gemeentecode", "")).upper()
            except Exception:  # a broken manifest elsewhere must not hide this one
                continue
            found.setdefault(other, manifest.parent.name)
    if code in found:
        return found[code]
    known = ", ".join(f"{c} ({n})" for c, n in sorted(found.items()) if c) or "geen"
    raise DataNotFoundError(
        f"Geen bundel met gemeentecode {code}. Gevonden bundels: {known}.\n"
        f"Oplossing: maak er een met 'sociale-basis bundel --gemeente {code} ...' (zie "
        f"README, 'Uw eigen gemeente'), of zet {ENV_DATA} op de map met uw bundels."
    )


def _covered(bron: Bron) -> Bron:
    """The bundle as the generator sees it: a buurt outside the OSM extract (``buiten_osm``)
    has no addresses, so no synthetic inwoners live there (its CBS figures stay in the
    Gebied, and the outputs say it lies outside the extract)."""
    if "buiten_osm" not in bron.buurten.columns or not bron.buurten["buiten_osm"].any():
        return bron
    buurten = bron.buurten.copy()
    buurten.loc[buurten["buiten_osm"], "inwoners"] = 0
    return dataclasses.replace(bron, buurten=buurten)


def _own_targets(gemeente: str, ijkpunten: str | os.PathLike[str] | pd.DataFrame) -> pd.DataFrame:
    """A user's targets as a table, read from a file with the bundle's codes checked."""
    if isinstance(ijkpunten, pd.DataFrame):
        return ijkpunten
    from ..io.ijkpunten import read_ijkpunten

    bron = read_bron(gemeente)
    codes = {*map(str, bron.buurten.index), *map(str, bron.wijken.index), bron.gemeentecode}
    return read_ijkpunten(ijkpunten, codes=codes).data


def cache_key(
    gemeente: str,
    manifest: Path,
    seed: int,
    ijkpunten: pd.DataFrame | None = None,
    eigen: EigenDelen | None = None,
) -> str:
    """The key of a bundle's cached Gebied: the manifest, the contents of every file it
    names, the seed, the user's targets and own parts, the package version, and the code
    that decides the population."""
    m = read_manifest(manifest)
    h = hashlib.sha256()
    h.update(manifest.read_bytes())
    h.update(f"{__version__}|{seed}".encode())
    if ijkpunten is not None:
        h.update(ijkpunten.to_csv(index=False).encode())
    if eigen is not None and eigen.namen:
        h.update(eigen_digest(eigen).encode())
    for relative in bundle_files(m):
        h.update(relative.encode())
        with find_file(relative, m["naam"]).open("rb") as f:
            h.update(hashlib.file_digest(f, "sha256").digest())
    # the generator's own code is part of the key: a changed generator gives a new population
    for module in _generator_modules():
        h.update(module.__name__.encode())
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()[:16]


def _generator_modules() -> list[ModuleType]:
    """The modules whose code decides a bundle's population, found by import (not by file
    names): every module of :mod:`sociale_basis.synthetic`, the ``Gebied`` contract, the
    taxonomy, the street-network reader and the bundle readers."""
    from .. import synthetic
    from ..core import gebied, ijkpunten, taxonomy
    from ..streets import network
    from . import bron, cbs, eigen

    names = sorted(
        info.name for info in pkgutil.iter_modules(synthetic.__path__, synthetic.__name__ + ".")
    )
    modules = [importlib.import_module(name) for name in names]
    return [
        synthetic, *modules, gebied, ijkpunten, taxonomy, network, bron, cbs, eigen,
        sys.modules[__name__],
    ]  # fmt: skip


def delft(
    *,
    seed: int = DEFAULT_SEED,
    cache: bool = True,
    progress: bool = False,
    ijkpunten: str | os.PathLike[str] | pd.DataFrame | None = None,
) -> Gebied:
    """Delft (GM0503): real CBS 2025 areas and key figures (and 2023's), OSM addresses,
    network and voorzieningen, synthetic inwoners. See :func:`load`."""
    return load("delft", seed=seed, cache=cache, progress=progress, ijkpunten=ijkpunten)


def zwolle(
    *,
    seed: int = DEFAULT_SEED,
    cache: bool = True,
    progress: bool = False,
    ijkpunten: str | os.PathLike[str] | pd.DataFrame | None = None,
) -> Gebied:
    """Zwolle (GM0193): real areas, 2024 ages and addresses; no network; synthetic
    voorzieningen and inwoners. See :func:`load`."""
    return load("zwolle", seed=seed, cache=cache, progress=progress, ijkpunten=ijkpunten)

"""Bundled gemeenten (Delft, Zwolle) and the loader that serves any gemeente bundle.

A bundle is a folder of real files plus a ``manifest.toml`` that says which file holds what
and how its columns map onto ours (see ``data/wijken/README.md``). The files are looked up
in data roots, in this order:

1. the folder in the environment variable ``SOCIALE_BASIS_DATA``;
2. ``data/wijken/`` in the repository (where users put bundles of their own gemeente);
3. ``../shared/data/`` beside the repository (the real Delft and Zwolle data).

People and their ties are never public, so every bundle gets a seeded synthetic population
(:mod:`sociale_basis.synthetic`) on its real addresses.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import pkgutil
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import RD_NEW
from ..core.errors import DataNotFoundError, Problem, ValidationError
from ..core.gebied import Bron, Gebied
from ..core.taxonomy import SOORTEN, soort_from_osm, suggest
from ..core.version import __version__
from ..streets.network import network_from_edges

DEFAULT_SEED = 2025
ENV_DATA = "SOCIALE_BASIS_DATA"
ENV_CACHE = "SOCIALE_BASIS_CACHE"
_PACKAGE = Path(__file__).resolve().parent.parent
"""The installed package sociale_basis (its ``_manifests`` travel in the wheel)."""


# --- where things are --------------------------------------------------------------------


def repository_root() -> Path | None:
    """The repository this package runs from (editable install) or is run in (cwd)."""
    for start in (_PACKAGE, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            project = folder / "pyproject.toml"
            if project.is_file() and 'name = "sociale-basis"' in project.read_text("utf-8"):
                return folder
    return None


def data_roots() -> list[Path]:
    """The folders searched for data files, in order of precedence."""
    roots: list[Path] = []
    if os.environ.get(ENV_DATA):
        roots.append(Path(os.environ[ENV_DATA]).expanduser())
    repo = repository_root()
    if repo is not None:
        roots.append(repo / "data" / "wijken")
        roots.append(repo.parent / "shared" / "data")
    return roots


def cache_dir() -> Path:
    """The user cache folder (never inside the repository)."""
    if os.environ.get(ENV_CACHE):
        return Path(os.environ[ENV_CACHE]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sociale_basis"


def find_manifest(gemeente: str) -> Path:
    """The manifest of a gemeente bundle: user roots first, then the packaged ones."""
    key = gemeente.strip().lower()
    places = [root / key / "manifest.toml" for root in data_roots()]
    places.append(_PACKAGE / "_manifests" / key / "manifest.toml")
    for place in places:
        if place.is_file():
            return place
    raise DataNotFoundError(
        f"Geen bundel gevonden voor gemeente '{gemeente}'. Gezocht naar:\n"
        + "\n".join(f"  - {p}" for p in places)
        + f"\nOplossing: maak een map '{key}/' met een manifest.toml in een van deze mappen "
        f"(zie data/wijken/README.md), of zet {ENV_DATA} op de map met uw bundels."
    )


def find_file(relative: str, gemeente: str) -> Path:
    """A data file named in a manifest, looked up in every data root."""
    places = [root / relative for root in data_roots()]
    for place in places:
        if place.exists():
            return place
    raise DataNotFoundError(
        f"Bestand '{relative}' van de bundel {gemeente} niet gevonden. Gezocht in:\n"
        + "\n".join(f"  - {p}" for p in places)
        + f"\nOplossing: zet {ENV_DATA} op de map die '{relative}' bevat, of zet de "
        "gedeelde data (shared/data) naast de repository."
    )


# --- the bundle --------------------------------------------------------------------------


# --- reading the real parts --------------------------------------------------------------


# Keys every manifest must have: (section path, key). Checked before any file is read.
_MANIFEST_REQUIRED = [
    ((), "naam"),
    ((), "gemeentecode"),
    (("wijken",), "bestand"),
    (("wijken", "kolommen"), "wijkcode"),
    (("wijken", "kolommen"), "wijknaam"),
    (("wijken", "kolommen"), "inwoners"),
    (("buurten",), "bestand"),
    (("buurten", "kolommen"), "buurtcode"),
    (("buurten", "kolommen"), "buurtnaam"),
    (("buurten", "kolommen"), "wijkcode"),
    (("buurten", "kolommen"), "inwoners"),
    (("buurten", "leeftijd"), "eenheid"),
    (("buurten", "leeftijd"), "groepen"),
    (("adressen",), "bestand"),
]


def read_manifest(gemeente: str) -> dict[str, Any]:
    """The parsed and checked manifest of a gemeente bundle.

    Raises
    ------
    ValidationError
        When the TOML is malformed or a required key is missing; every problem at once.
    """
    path = find_manifest(gemeente)
    try:
        with path.open("rb") as f:
            manifest = tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise ValidationError(
            [
                Problem(
                    str(path), None, None, "", f"geen geldige TOML ({err})", "herstel de syntaxis"
                )
            ]
        ) from err
    problems = []
    for section, key in _MANIFEST_REQUIRED:
        node: Any = manifest
        for part in section:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if not isinstance(node, dict) or key not in node:
            where = ".".join([*section, key])
            problems.append(
                Problem(
                    str(path),
                    None,
                    where,
                    "",
                    "ontbreekt in het manifest",
                    "vul het aan; zie data/wijken/README.md en het manifest van delft",
                )
            )
    eenheid = manifest.get("buurten", {}).get("leeftijd", {}).get("eenheid")
    if eenheid is not None and eenheid not in ("aantal", "percentage"):
        problems.append(
            Problem(
                str(path),
                None,
                "buurten.leeftijd.eenheid",
                eenheid,
                "onbekende eenheid",
                "gebruik 'aantal' of 'percentage'",
            )
        )
    if problems:
        raise ValidationError(problems)
    return manifest


def read_bron(gemeente: str) -> Bron:
    """Read the real files of a bundle and map them onto the package's columns."""
    m = read_manifest(gemeente)
    naam = m["naam"]
    groepen = [(str(c), int(lo), int(hi)) for c, lo, hi in m["buurten"]["leeftijd"]["groepen"]]
    eenheid = m["buurten"]["leeftijd"]["eenheid"]

    age_cols = [c for c, _, _ in groepen]
    leeftijd = m["buurten"]["leeftijd"]
    if "bestand" in leeftijd:  # ages in a separate table, joined on the buurt code
        wijken = _read_areas(m["wijken"], naam, "wijkcode")
        buurten = _read_areas(m["buurten"], naam, "buurtcode")
        table = pd.read_csv(find_file(leeftijd["bestand"], naam))
        for column, value in leeftijd.get("filter", {}).items():
            table = table[table[column] == value]
        buurten = buurten.join(table.set_index(leeftijd["sleutel"])[age_cols])
    else:  # ages are columns of the area layers themselves (CBS); wijken too, as fallback
        buurten = _read_areas(m["buurten"], naam, "buurtcode", extra=age_cols)
        wijken = _read_areas(m["wijken"], naam, "wijkcode", extra=age_cols)

    adressen = _read_points(m["adressen"], naam, "adres_id")
    adressen = _assign_areas(adressen, buurten, m["adressen"]["bestand"])

    voorzieningen = _empty_points(["soort", "naam", "bron"], "voorziening_id")
    if "voorzieningen" in m:
        voorzieningen = _read_voorzieningen(m["voorzieningen"], naam)
        voorzieningen = _assign_areas(voorzieningen, buurten, m["voorzieningen"]["bestand"])

    edges = None
    if "netwerk" in m:
        path = find_file(m["netwerk"]["bestand"], naam)
        edges = gpd.read_file(path, layer=m["netwerk"].get("laag_edges", "edges")).to_crs(RD_NEW)

    aanvullen = m.get("synthetisch", {}).get("aanvullen", [])
    return Bron(
        naam=naam,
        gemeentecode=m["gemeentecode"],
        wijken=wijken,
        buurten=buurten,
        adressen=adressen,
        voorzieningen=voorzieningen,
        leeftijdsgroepen=groepen,
        leeftijd_eenheid=eenheid,
        aanvullen=list(aanvullen) if aanvullen != "alles" else ["alles"],
        netwerk_edges=edges,
        bronnen=list(m.get("bronnen", [])),
    )


def _read_raw(part: dict[str, Any], naam: str, needed: list[str]) -> gpd.GeoDataFrame:
    """A layer named in a manifest, in RD New, with the columns the manifest needs.

    Raises
    ------
    ValidationError
        When the layer has no CRS or lacks columns the manifest names (all listed).
    """
    path = find_file(part["bestand"], naam)
    frame = gpd.read_file(path, layer=part.get("laag"))
    where = f"{path}" + (f" (laag {part['laag']})" if part.get("laag") else "")
    problems = [
        Problem(
            where,
            1,
            column,
            "",
            "kolom ontbreekt (genoemd in het manifest)",
            f"pas het manifest van {naam} aan; de laag heeft: {', '.join(frame.columns[:12])}",
        )
        for column in needed
        if column not in frame.columns
    ]
    if frame.crs is None:
        problems.append(
            Problem(where, None, "crs", "", "laag heeft geen CRS", f"sla de laag op in {RD_NEW}")
        )
    if problems:
        raise ValidationError(problems)
    return frame.to_crs(RD_NEW)


def _mapped(raw: gpd.GeoDataFrame, part: dict[str, Any], keep: list[str]) -> gpd.GeoDataFrame:
    """The manifest's columns under our names (``kolommen``: ours = theirs), plus ``keep``."""
    mapping = {theirs: ours for ours, theirs in part.get("kolommen", {}).items()}
    return raw[[*mapping, *keep, "geometry"]].rename(columns=mapping)


def _read_areas(
    part: dict[str, Any], naam: str, index: str, extra: list[str] | None = None
) -> gpd.GeoDataFrame:
    raw = _read_raw(part, naam, list(part["kolommen"].values()))
    keep = [c for c in (extra or []) if c in raw.columns and c not in part["kolommen"].values()]
    frame = _mapped(raw, part, keep)
    frame["inwoners"] = frame["inwoners"].round().astype("Int64")
    if "huishoudens" in frame.columns:
        frame["huishoudens"] = frame["huishoudens"].round().astype("Int64")
    return frame.set_index(index).sort_index()


def _read_points(part: dict[str, Any], naam: str, index: str) -> gpd.GeoDataFrame:
    raw = _read_raw(part, naam, list(part.get("kolommen", {}).values()))
    return _mapped(raw, part, []).set_index(index)


def _read_voorzieningen(part: dict[str, Any], naam: str) -> gpd.GeoDataFrame:
    needed = [*part.get("kolommen", {}).values(), part["soort_kolom"]]
    raw = _read_raw(part, naam, needed)
    frame = _mapped(raw, part, []).set_index("voorziening_id")
    own = part.get("soort_vertaling", {})
    unknown = sorted(set(own.values()) - set(SOORTEN))
    if unknown:
        raise ValidationError(
            [
                Problem(
                    f"manifest van {naam}",
                    None,
                    "voorzieningen.soort_vertaling",
                    u,
                    "onbekende soort",
                    suggest(u, tuple(SOORTEN)),
                )
                for u in unknown
            ]
        )
    key = part.get("osm_sleutel", "amenity")
    values = raw[part["soort_kolom"]].to_numpy()
    frame["soort"] = [own.get(v) or soort_from_osm({key: v}) for v in values]
    frame["bron_soort"] = values  # the original tag value, so no information is lost
    return frame


def _assign_areas(
    points: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame, bestand: str
) -> gpd.GeoDataFrame:
    """Give each point the buurt and wijk it lies in (point in polygon).

    Raises
    ------
    ValidationError
        Naming every point (file, row, id) that lies in no buurt: a bundle's points must lie
        in its buurten, and none is dropped silently.
    """
    areas = buurten[["wijkcode", "geometry"]].rename_axis("buurtcode").reset_index()
    joined = gpd.sjoin(points[["geometry"]], areas, how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    outside = np.flatnonzero(joined["buurtcode"].isna().to_numpy())
    if len(outside):
        xy = points.geometry.get_coordinates().to_numpy()
        raise ValidationError(
            [
                Problem(
                    bestand,
                    int(pos) + 2,  # as in a spreadsheet: row 1 is the header
                    "geometry",
                    f"id {points.index[pos]} ({xy[pos, 0]:.0f}, {xy[pos, 1]:.0f})",
                    "punt ligt in geen enkele buurt van de bundel",
                    "controleer de CRS en de begrenzing, of laat het punt weg uit het bestand",
                )
                for pos in outside
            ],
            max_shown=20,
        )
    result = points.copy()
    result["buurtcode"] = joined["buurtcode"].astype(str)
    result["wijkcode"] = joined["wijkcode"].astype(str)
    return result


def _empty_points(columns: list[str], index: str) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs=RD_NEW)
    return frame.rename_axis(index)


# --- the public entry points -------------------------------------------------------------


def load(
    gemeente: str, *, seed: int = DEFAULT_SEED, cache: bool = True, progress: bool = False
) -> Gebied:
    """Load a gemeente bundle with its synthetic population.

    Parameters
    ----------
    gemeente
        Folder name of the bundle, e.g. ``"delft"`` or ``"zwolle"``.
    seed
        Seed of the synthetic population; the same seed gives the same population.
    cache
        Keep the result in the user cache folder (:func:`cache_dir`), keyed by the
        manifest, the files' sizes and times, the seed and the package version, so the
        second load takes about a second.
    progress
        Show progress bars while generating.
    """
    from ..synthetic.population import generate

    manifest = find_manifest(gemeente)
    key = _cache_key(gemeente, manifest, seed)
    path = cache_dir() / f"{gemeente.lower()}-{key}.pickle"
    if cache and path.is_file():
        try:
            with path.open("rb") as f:
                cached = pickle.load(f)
            if isinstance(cached, Gebied):
                return cached
        except Exception:  # a broken or foreign cache file is rebuilt, never trusted
            path.unlink(missing_ok=True)

    bron = read_bron(gemeente)
    synth = generate(bron, seed=seed, progress=progress)
    netwerk = None
    if bron.netwerk_edges is not None:
        netwerk = network_from_edges(bron.netwerk_edges, naam=bron.naam)
    gebied = Gebied(
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
    )
    if cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(gebied, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return gebied


def _cache_key(gemeente: str, manifest: Path, seed: int) -> str:
    m = read_manifest(gemeente)
    h = hashlib.sha256()
    h.update(manifest.read_bytes())
    h.update(f"{__version__}|{seed}".encode())
    for part in ("wijken", "buurten", "adressen", "voorzieningen", "netwerk"):
        if part in m:
            stat = find_file(m[part]["bestand"], m["naam"]).stat()
            h.update(f"{part}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    # the generator's own code is part of the key: a changed generator gives a new population
    for module in _generator_modules():
        h.update(module.__name__.encode())
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()[:16]


def _generator_modules() -> list[ModuleType]:
    """The modules whose code decides a bundle's population, found by import (not by file
    names): every module of :mod:`sociale_basis.synthetic`, the ``Gebied`` contract, the
    taxonomy, the street-network reader and this loader."""
    from .. import synthetic
    from ..core import gebied, taxonomy
    from ..streets import network

    names = sorted(
        info.name for info in pkgutil.iter_modules(synthetic.__path__, synthetic.__name__ + ".")
    )
    modules = [importlib.import_module(name) for name in names]
    return [synthetic, *modules, gebied, taxonomy, network, sys.modules[__name__]]


def delft(*, seed: int = DEFAULT_SEED, cache: bool = True, progress: bool = False) -> Gebied:
    """Delft (GM0503): real CBS 2025 areas, OSM addresses, network and voorzieningen,
    synthetic inwoners. See :func:`load`."""
    return load("delft", seed=seed, cache=cache, progress=progress)


def zwolle(*, seed: int = DEFAULT_SEED, cache: bool = True, progress: bool = False) -> Gebied:
    """Zwolle (GM0193): real areas, 2024 ages and addresses; no network; synthetic
    voorzieningen and inwoners. See :func:`load`."""
    return load("zwolle", seed=seed, cache=cache, progress=progress)

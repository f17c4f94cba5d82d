"""Gemeente bundles: embedded Delft and Zwolle, any gemeente from CBS and OSM files, the cache."""

from .bron import read_bron
from .builder import Bouwverslag, build
from .bundles import DEFAULT_SEED, bundle_name, cache_key, delft, load, zwolle
from .cbs import figure_years, latest_figures
from .manifest import read_manifest
from .own import gebied_from_files
from .roots import ENV_CACHE, ENV_DATA, cache_dir, data_roots, find_file, find_manifest
from .write import Bundelinfo, write_bundle

__all__ = [
    "DEFAULT_SEED",
    "ENV_CACHE",
    "ENV_DATA",
    "Bouwverslag",
    "Bundelinfo",
    "build",
    "bundle_name",
    "cache_dir",
    "cache_key",
    "data_roots",
    "delft",
    "figure_years",
    "find_file",
    "find_manifest",
    "gebied_from_files",
    "latest_figures",
    "load",
    "read_bron",
    "read_manifest",
    "write_bundle",
    "zwolle",
]

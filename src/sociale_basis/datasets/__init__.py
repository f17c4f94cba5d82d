"""Gemeente bundles: Delft and Zwolle, users' own gemeenten, data roots and the cache."""

from .bundles import (
    DEFAULT_SEED,
    ENV_CACHE,
    ENV_DATA,
    cache_dir,
    data_roots,
    delft,
    find_file,
    find_manifest,
    load,
    read_bron,
    read_manifest,
    zwolle,
)
from .own import gebied_from_files

__all__ = [
    "DEFAULT_SEED",
    "ENV_CACHE",
    "ENV_DATA",
    "cache_dir",
    "data_roots",
    "delft",
    "find_file",
    "find_manifest",
    "gebied_from_files",
    "load",
    "read_bron",
    "read_manifest",
    "zwolle",
]

"""Many gemeenten at once as Dask tasks: run, combine into regional tables, compare."""

from .cluster import Regio, run_many
from .gemeente import Afloop, Opties, run_gemeente
from .samen import combine, read_regiotabel
from .vergelijking import write_vergelijking

__all__ = [
    "Afloop",
    "Opties",
    "Regio",
    "combine",
    "read_regiotabel",
    "run_gemeente",
    "run_many",
    "write_vergelijking",
]

"""Shared foundations: the Gebied contract, CRS, errors, taxonomy, formatting, safe text."""

from .crs import RD_NEW, WGS84, require_rd
from .errors import DataNotFoundError, Problem, ValidationError
from .gebied import Bron, Gebied
from .version import __version__

__all__ = [
    "RD_NEW",
    "WGS84",
    "Bron",
    "DataNotFoundError",
    "Gebied",
    "Problem",
    "ValidationError",
    "__version__",
    "require_rd",
]

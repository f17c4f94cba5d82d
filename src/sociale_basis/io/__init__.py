"""Readers for users' own files: validation, and a report that accounts for every input row."""

from .areas import read_buurten, read_wijken
from .files import BUDGETTEN
from .ijkpunten import IjkpuntenGelezen, read_ijkpunten
from .persons import read_inwoners, read_professionals, read_relaties
from .places import read_verenigingen, read_voorzieningen
from .report import Gelezen, Rapport

__all__ = [
    "BUDGETTEN",
    "Gelezen",
    "IjkpuntenGelezen",
    "Rapport",
    "read_buurten",
    "read_ijkpunten",
    "read_inwoners",
    "read_professionals",
    "read_relaties",
    "read_verenigingen",
    "read_voorzieningen",
    "read_wijken",
]

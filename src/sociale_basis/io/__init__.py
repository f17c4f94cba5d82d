"""Readers for users' own files: validation, and a report that accounts for every input row."""

from .readers import (
    read_buurten,
    read_inwoners,
    read_professionals,
    read_relaties,
    read_verenigingen,
    read_voorzieningen,
    read_wijken,
)
from .report import Gelezen, Rapport

__all__ = [
    "Gelezen",
    "Rapport",
    "read_buurten",
    "read_inwoners",
    "read_professionals",
    "read_relaties",
    "read_verenigingen",
    "read_voorzieningen",
    "read_wijken",
]

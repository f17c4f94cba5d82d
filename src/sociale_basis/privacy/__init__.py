"""Privacy: keyed pseudonyms, identifying columns, rounding and suppression of figures."""

from .rules import (
    REGELS,
    Beveiligd,
    Kolom,
    Regel,
    disclosure_report,
    is_identifying,
    protect,
    pseudonymise,
    round_count,
    round_support_count,
)

__all__ = [
    "REGELS",
    "Beveiligd",
    "Kolom",
    "Regel",
    "disclosure_report",
    "is_identifying",
    "protect",
    "pseudonymise",
    "round_count",
    "round_support_count",
]

"""Privacy: keyed pseudonyms, identifying columns, rounding and suppression of figures."""

from .rules import (
    GEHEIM_TOT_EN_MET,
    MIN_INWONERS,
    REGELS,
    Beveiligd,
    Kolom,
    Laag,
    Regel,
    disclosure_report,
    is_identifying,
    matches_public,
    protect,
    protect_levels,
    pseudonymise,
    round_count,
    round_support_count,
    share_rule,
)

__all__ = [
    "GEHEIM_TOT_EN_MET",
    "MIN_INWONERS",
    "REGELS",
    "Beveiligd",
    "Kolom",
    "Laag",
    "Regel",
    "disclosure_report",
    "is_identifying",
    "matches_public",
    "protect",
    "protect_levels",
    "pseudonymise",
    "round_count",
    "round_support_count",
    "share_rule",
]

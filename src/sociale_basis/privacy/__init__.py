"""Privacy: keyed pseudonyms, identifying columns, rounding and suppression of figures."""

from .identifying import (
    column_words,
    identifying_kind,
    identifying_values,
    is_identifying,
    mask,
    normalise_column,
    passes_elfproef,
    valid_iban,
)
from .interval import feasible_interval
from .laag import Laag
from .pseudonyms import MIN_SLEUTEL_BYTES, PSEUDONIEM_LENGTE, key_bytes, pseudonymise
from .report import Beveiligd, audit_summary, disclosure_report
from .rules import (
    AFRONDING,
    GEEN_CIJFERS,
    GEHEIM_TOT_EN_MET,
    MIN_BREEDTE,
    MIN_INWONERS,
    MIN_PERSONEN_GEVOELIG,
    REGELS,
    Kolom,
    Regel,
    format_value,
    matches_public,
    round_count,
    round_support_count,
    round_to_base,
    share_rule,
    status_label,
)
from .suppression import protect, protect_levels

__all__ = [
    "AFRONDING",
    "GEEN_CIJFERS",
    "GEHEIM_TOT_EN_MET",
    "MIN_BREEDTE",
    "MIN_INWONERS",
    "MIN_PERSONEN_GEVOELIG",
    "MIN_SLEUTEL_BYTES",
    "PSEUDONIEM_LENGTE",
    "REGELS",
    "Beveiligd",
    "Kolom",
    "Laag",
    "Regel",
    "audit_summary",
    "column_words",
    "disclosure_report",
    "feasible_interval",
    "format_value",
    "identifying_kind",
    "identifying_values",
    "is_identifying",
    "key_bytes",
    "mask",
    "matches_public",
    "normalise_column",
    "passes_elfproef",
    "protect",
    "protect_levels",
    "pseudonymise",
    "round_count",
    "round_support_count",
    "round_to_base",
    "share_rule",
    "status_label",
    "valid_iban",
]

"""Where the sociale basis is thin: signal rules, thresholds, reasons, scenarios, groups."""

from .engine import SIGNALEN, flag_gaps
from .opportunities import group_opportunities
from .scenario import Scenario, scenario
from .thresholds import Drempels, load_drempels

__all__ = [
    "SIGNALEN",
    "Drempels",
    "Scenario",
    "flag_gaps",
    "group_opportunities",
    "load_drempels",
    "scenario",
]

"""Where the sociale basis is thin: signals, thresholds, measurements, scenarios, groups."""

from .aliases import flag_gaps
from .engine import find_signalen
from .ensemble import ROBUUST, Ensemble, only_robust, over_seeds, population_measures
from .metingen import Metingen
from .opportunities import group_opportunities
from .registry import SIGNAALREGELS, SIGNALEN, register_signal, signal_meanings
from .scenario import Scenario, run_scenario
from .thresholds import Drempels, load_drempels

__all__ = [
    "ROBUUST",
    "SIGNAALREGELS",
    "SIGNALEN",
    "Drempels",
    "Ensemble",
    "Metingen",
    "Scenario",
    "find_signalen",
    "flag_gaps",
    "group_opportunities",
    "load_drempels",
    "only_robust",
    "over_seeds",
    "population_measures",
    "register_signal",
    "run_scenario",
    "signal_meanings",
]

"""Where the sociale basis is thin: signals, thresholds, measurements, scenarios, groups."""

from .afstanden import ONTMOETINGSPLEK, afstand_m, afstanden_tabel
from .aliases import flag_gaps
from .engine import find_signalen
from .ensemble import ROBUUST, Ensemble, only_robust, over_seeds, population_measures
from .metingen import Metingen
from .opportunities import group_opportunities
from .ranking import MAX_BERICHTEN, rank_signalen
from .registry import SIGNAALREGELS, SIGNALEN, register_signal, signal_meanings
from .scenario import Scenario, run_scenario
from .thresholds import Drempels, load_drempels

__all__ = [
    "MAX_BERICHTEN",
    "ONTMOETINGSPLEK",
    "ROBUUST",
    "SIGNAALREGELS",
    "SIGNALEN",
    "Drempels",
    "Ensemble",
    "Metingen",
    "Scenario",
    "afstand_m",
    "afstanden_tabel",
    "find_signalen",
    "flag_gaps",
    "group_opportunities",
    "load_drempels",
    "only_robust",
    "over_seeds",
    "population_measures",
    "rank_signalen",
    "register_signal",
    "run_scenario",
    "signal_meanings",
]

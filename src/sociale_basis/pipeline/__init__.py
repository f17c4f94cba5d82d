"""The one orchestration: measure a gemeente once, then write its tables, maps and start page."""

from ..gaps import Ensemble
from .measure import (
    DEMO_SOORTEN,
    GPKG_HULP,
    ISOCHROON_MINUTEN,
    MODUS,
    Gebruikersfout,
    Uitkomst,
    analyse,
    check_maat,
    demo_soorten,
    progress_steps,
)
from .output import print_written, run, write_maps, write_start_page, write_uitkomst
from .seeds import EIGEN_OPTIES, add_eigen_options, eigen_delen, ensemble, load_seed, write_ensemble

__all__ = [
    "DEMO_SOORTEN",
    "EIGEN_OPTIES",
    "GPKG_HULP",
    "ISOCHROON_MINUTEN",
    "MODUS",
    "Ensemble",
    "Gebruikersfout",
    "Uitkomst",
    "add_eigen_options",
    "analyse",
    "check_maat",
    "demo_soorten",
    "eigen_delen",
    "ensemble",
    "load_seed",
    "print_written",
    "progress_steps",
    "run",
    "write_ensemble",
    "write_maps",
    "write_start_page",
    "write_uitkomst",
]

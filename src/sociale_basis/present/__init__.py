"""What people see: protected tables, maps and handouts, safe for a wijkgesprek."""

from .figures import Kerncijfers, kerncijfers, kerncijfers_beide
from .geopackage import write_geopackage
from .handout import HandoutError, write_handout
from .maps import overview_map, save_map, wijk_map
from .tables import write_tables

__all__ = [
    "HandoutError",
    "Kerncijfers",
    "kerncijfers",
    "kerncijfers_beide",
    "overview_map",
    "save_map",
    "wijk_map",
    "write_geopackage",
    "write_handout",
    "write_tables",
]

"""The modes (lopen, fiets, auto): one table of speeds and detour factors, and the OSM rules
for which edges each mode may use.

:data:`MODI` is the only place where a mode's default speed and detour factor are written
down; everything else in the package reads them from here (routing, straight-line
estimates without a network, the gap signals, the group opportunities).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from ..core.compat import renamed_keywords

#: Car speeds per OSM ``highway`` class in km/h (assumption: the usual Dutch limits inside
#: built-up areas, 30 km/h zones for residential streets, walking pace for woonerven and
#: service roads). A numeric ``maxspeed`` tag wins; a car road of unknown class gets the
#: speed of ``MODI["auto"]``.
AUTO_SPEED_KMH: Mapping[str, float] = MappingProxyType(
    {
        "motorway": 100.0,
        "motorway_link": 60.0,
        "trunk": 80.0,
        "trunk_link": 50.0,
        "primary": 50.0,
        "primary_link": 50.0,
        "secondary": 50.0,
        "secondary_link": 50.0,
        "tertiary": 50.0,
        "tertiary_link": 50.0,
        "unclassified": 50.0,
        "road": 30.0,
        "residential": 30.0,
        "living_street": 15.0,
        "service": 15.0,
    }
)

_DETOUR_SOURCE = (
    "gemeten met `python bench/bench_reach.py --detour`: de mediane verhouding netwerkafstand "
    "/ rechte lijn over 3.000 willekeurige paren op 100-3.000 m hemelsbreed, exact "
    "aangesloten, aansluitlijnen meegeteld (BENCHMARKS.md, deel 'Reachability')"
)


@dataclass(frozen=True)
class Modus:
    """One mode of travel and its defaults, each with where it comes from.

    Attributes
    ----------
    naam
        ``"lopen"``, ``"fiets"`` or ``"auto"``: the value of ``modus=``.
    label
        How a sentence for people says it ("binnen 1.000 m *lopen*").
    speed_kmh
        Default speed in km/h. For ``auto`` the speed of a car road of unknown class and
        of a straight-line estimate; routes over known classes use ``speed_by_class_kmh``.
    speed_source
        Where ``speed_kmh`` comes from.
    detour_factor
        Network distance divided by straight-line distance (median over random pairs):
        without a network, distance = straight line x ``detour_factor``.
    detour_source
        Where ``detour_factor`` comes from.
    speed_by_class_kmh
        Speed per OSM ``highway`` class (only ``auto``; :data:`AUTO_SPEED_KMH`).
    """

    naam: str
    label: str
    speed_kmh: float
    speed_source: str
    detour_factor: float
    detour_source: str
    speed_by_class_kmh: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def speed_ms(self) -> float:
        """``speed_kmh`` in metres per second."""
        return self.speed_kmh / 3.6


MODI: Mapping[str, Modus] = MappingProxyType(
    {
        "lopen": Modus(
            naam="lopen",
            label="lopen",
            speed_kmh=4.8,
            speed_source=(
                "DESIGN.md §4 (planningsaanname, geen meting): 4,8 km/u = 1,33 m/s, binnen de "
                "1,2-1,4 m/s die voor volwassen voetgangers gebruikelijk is; ouderen lopen "
                "langzamer, geef dan speed_kmh mee"
            ),
            detour_factor=1.27,
            detour_source=(
                f"{_DETOUR_SOURCE}; Delft 1,264 (p25-p75 1,21-1,35), Eindhoven (ongetypeerd) "
                "1,284 (1,21-1,42); het gemiddelde van beide steden"
            ),
        ),
        "fiets": Modus(
            naam="fiets",
            label="fietsen",
            speed_kmh=15.0,
            speed_source=(
                "DESIGN.md §4 (aanname): een gangbaar gemiddelde voor fietsen in de stad, "
                "inclusief stoppen"
            ),
            detour_factor=1.33,
            detour_source=f"{_DETOUR_SOURCE}; Delft 1,330 (p25-p75 1,23-1,48)",
        ),
        "auto": Modus(
            naam="auto",
            label="met de auto",
            speed_kmh=30.0,
            speed_source=(
                "aanname: per wegklasse de gebruikelijke Nederlandse limiet binnen de bebouwde "
                "kom (AUTO_SPEED_KMH; een getal in maxspeed gaat voor); 30 km/u voor een "
                "autoweg zonder klasse en voor een schatting hemelsbreed"
            ),
            detour_factor=1.89,
            detour_source=(
                f"{_DETOUR_SOURCE}; Delft 1,886 (p25-p75 1,53-2,55: alleen autowegen, "
                "grachten, eenrichtingsverkeer genegeerd)"
            ),
            speed_by_class_kmh=AUTO_SPEED_KMH,
        ),
    }
)
"""Every mode with its defaults: the one table (see :class:`Modus`)."""

MODES: tuple[str, ...] = tuple(MODI)
"""The mode names, in the order of :data:`MODI`."""

DETOUR_FACTOR: Mapping[str, float] = MappingProxyType(
    {naam: m.detour_factor for naam, m in MODI.items()}
)
"""Detour factor per mode, read from :data:`MODI` (kept for code that reads this name)."""


def get_modus(modus: str) -> Modus:
    """The :class:`Modus` called ``modus``.

    Raises
    ------
    ValueError
        An unknown name; the message lists the known ones.
    """
    try:
        return MODI[modus]
    except (KeyError, TypeError):
        raise ValueError(f"onbekende modus {modus!r}; kies een van: {', '.join(MODES)}.") from None


#: Classes closed to pedestrians and cyclists in the Netherlands.
MOTOR_ONLY_CLASSES = frozenset({"motorway", "motorway_link", "trunk", "trunk_link"})
#: Classes closed to cyclists unless tagged ``bicycle=yes`` or ``designated``.
NO_BICYCLE_CLASSES = frozenset({"footway", "steps", "pedestrian"})
#: Classes open to cars.
CAR_CLASSES = frozenset(AUTO_SPEED_KMH)
_NONE: frozenset[str] = frozenset()


def highway_classes(value: object) -> frozenset[str]:
    """The OSM ``highway`` classes of one edge; empty when unknown.

    OSMnx lists several values where simplification merged ways of different classes;
    ``None``, NaN, ``""`` and ``"unknown"`` mean the class is not known.
    """
    if value is None:
        return _NONE
    if isinstance(value, str):
        return _classes_of_text(value)
    return _classes(value)


@functools.lru_cache(maxsize=4096)
def _classes_of_text(value: str) -> frozenset[str]:
    return _classes(value)


def _classes(value: object) -> frozenset[str]:
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):  # a list stored as text
            value = [v.strip(" '\"") for v in value[1:-1].split(",")]
        else:
            return frozenset() if value in ("", "unknown") else frozenset({value})
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(v) for v in value if isinstance(v, str) and v not in ("", "unknown"))
    return frozenset()


# Long only through its docstring, which states the rules (house style).
@renamed_keywords(mode="modus")
def allowed_edges(
    highway: Sequence[object],
    modus: str,
    *,
    motor_only: Sequence[object] | None = None,
    car_road: Sequence[object] | None = None,
    foot: Sequence[object] | None = None,
    bicycle: Sequence[object] | None = None,
    motor_vehicle: Sequence[object] | None = None,
) -> np.ndarray:
    """Which edges a mode may use, from OSM tags.

    Rules (Dutch traffic rules as tagged in OSM):

    - ``lopen``: not on ``motorway``/``trunk`` (and their ``_link``), not where
      ``motor_only`` is True, not where ``foot=no``.
    - ``fiets``: as ``lopen`` (with ``bicycle=no``), and not on ``footway``, ``steps``
      or ``pedestrian`` unless tagged ``bicycle=yes`` or ``bicycle=designated``.
    - ``auto``: only on car classes (:data:`CAR_CLASSES`), or, where the class is unknown,
      where ``car_road`` is True; never where ``motor_vehicle=no`` (an OSM ``access``,
      ``vehicle`` or ``motor_vehicle`` restriction, as :mod:`~sociale_basis.streets.osm`
      reads it).

    Fallback where the class is unknown (missing, NaN or ``"unknown"``): allowed for
    ``lopen`` and ``fiets`` (unless ``motor_only``); for ``auto`` allowed when
    ``car_road`` is True, and, when the network has no ``car_road`` column at all,
    allowed too. So an untyped network (Eindhoven) allows every edge for every mode; the
    results say so in ``typering``. Where OSMnx merged classes, an edge counts as
    motor-only when any class is, as footway when all are, as car road when any is.

    Returns
    -------
    numpy.ndarray of bool, one per edge.

    Raises
    ------
    ValueError
        An unknown ``modus`` (``mode=`` is its old name).
    """
    get_modus(modus)
    n = len(highway)
    per_edge = _per_class_set(highway)
    if modus == "auto":
        car = per_edge(lambda c: bool(c & CAR_CLASSES))
        if car_road is None:
            car |= ~per_edge(bool)
        else:
            car |= ~per_edge(bool) & _flags(car_road, n)
        if motor_vehicle is not None:
            car &= ~np.fromiter((_is_no(t) for t in motor_vehicle), bool, n)
        return car
    closed = per_edge(lambda c: bool(c & MOTOR_ONLY_CLASSES))
    if motor_only is not None:
        closed |= _flags(motor_only, n)
    tags = foot if modus == "lopen" else bicycle
    if tags is not None:
        closed |= np.fromiter((_is_no(t) for t in tags), bool, n)
    if modus == "fiets":
        ok = (
            np.zeros(n, bool)
            if bicycle is None
            else np.fromiter(
                (str(t).strip().lower() in ("yes", "designated") for t in bicycle), bool, n
            )
        )
        footway = per_edge(lambda c: bool(c) and c <= NO_BICYCLE_CLASSES)
        closed |= footway & ~ok
    return ~closed


def _per_class_set(
    highway: Sequence[object],
) -> Callable[[Callable[[frozenset[str]], bool]], np.ndarray]:
    """A function that applies a test to every edge's class set.

    Few distinct class sets occur: the test runs once per set and is looked up per edge.
    """
    codes, sets = _class_codes(highway)

    def per_edge(test: Callable[[frozenset[str]], bool]) -> np.ndarray:
        return np.array([test(c) for c in sets], bool)[codes] if sets else np.zeros(0, bool)

    return per_edge


def _class_codes(highway: Sequence[object]) -> tuple[np.ndarray, list[frozenset[str]]]:
    """Per edge a code into a list of the distinct class sets (tags repeat a lot)."""
    seen: dict[frozenset[str], int] = {}
    by_value: dict[object, int] = {}  # raw tag value -> code, for hashable values
    codes = []
    for h in highway:
        try:
            codes.append(by_value[h])
            continue
        except (KeyError, TypeError):  # new value, or a list (unhashable)
            pass
        code = seen.setdefault(highway_classes(h), len(seen))
        with contextlib.suppress(TypeError):  # a list: found through its class set next time
            by_value[h] = code
        codes.append(code)
    return np.array(codes, np.int64), list(seen)


@renamed_keywords(mode="modus")
def edge_speeds_kmh(
    highway: Sequence[object],
    maxspeed: Sequence[object] | None,
    modus: str,
    speed_kmh: float | None,
) -> np.ndarray:
    """Speed per edge in km/h: the mode's one speed for lopen/fiets, per class for auto.

    ``speed_kmh`` overrides every default (for ``auto`` it becomes a flat speed). For
    ``auto``: a numeric ``maxspeed`` wins, then the fastest known class of the edge
    (:data:`AUTO_SPEED_KMH`), else ``MODI["auto"].speed_kmh``.

    Raises
    ------
    ValueError
        ``speed_kmh`` is not a positive number; an unknown ``modus``.
    """
    n = len(highway)
    m = get_modus(modus)
    if speed_kmh is not None:
        if not np.isfinite(speed_kmh) or speed_kmh <= 0:
            raise ValueError(f"snelheid moet een positief getal (km/u) zijn, niet {speed_kmh}.")
        return np.full(n, float(speed_kmh))
    speeds = np.full(n, m.speed_kmh)
    if not m.speed_by_class_kmh:
        return speeds
    for i, h in enumerate(highway):
        limit = _speed(maxspeed[i]) if maxspeed is not None else None
        if limit is not None:
            speeds[i] = limit
            continue
        known = [m.speed_by_class_kmh[c] for c in highway_classes(h) if c in m.speed_by_class_kmh]
        if known:
            speeds[i] = max(known)
    return speeds


def _is_no(tag: object) -> bool:
    return str(tag).strip().lower() == "no"


def _flags(values: Sequence[object], n: int) -> np.ndarray:
    return np.fromiter((_truthy(x) for x in values), bool, n)


def _truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return bool(value)


def _speed(value: object) -> float | None:
    """A numeric ``maxspeed`` in km/h, or None (``"50"``, ``"['30', '50']"``, ``"walk"``)."""
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    text = value if isinstance(value, str) else str(value)
    numbers: Iterable[str] = (t.strip(" []'\"") for t in text.split(","))
    found = [float(t) for t in numbers if t.replace(".", "", 1).isdigit()]
    return max(found) if found and max(found) > 0 else None

"""The thresholds of the signals: one documented configuration, loaded from TOML.

The defaults live in ``drempels.toml`` inside the package, each group with a ``reden`` (why
this default). :func:`load_drempels` reads them and merges a user's overrides (a dict or a
path to their own TOML file holding only what changes). The groups are ``algemeen`` and
the table each registered signal names (:class:`~sociale_basis.gaps.schema.Drempelgroep`,
in :mod:`sociale_basis.gaps.rules`). Every key is checked: an unknown key, a wrong type or
a value out of range gives one :class:`~sociale_basis.core.errors.ValidationError` that
lists every problem with its key, for example::

    1 probleem in de drempels
      drempels:-:hulp_te_ver.soorten.huisartss: ... -> onbekende sleutel -> bedoelde u 'huisarts'?
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.errors import Problem, ValidationError
from .registry import SIGNAALREGELS
from .schema import NUM, Controle, Drempelgroep, make, merge

GROEPEN: dict[str, str] = {
    "alle": "inwoners",
    "65plus": "65-plussers",
    "hulpvraag": "mensen met een hulpvraag",
}
"""Groups of inwoners a share can be about, with their Dutch plural."""

MIN_PERSONEN_PRIVACY = 100
"""The lowest ``algemeen.min_personen`` allowed: DESIGN §5 (configurable only stricter)."""


@dataclass(frozen=True)
class Algemeen:
    """Rules for every signal: the privacy minimum and the severity bands."""

    min_personen: int
    ernst_midden: float
    ernst_hoog: float
    reden: str = ""


def _check_algemeen(a: Algemeen, _: Any, c: Controle) -> None:
    if a.min_personen < MIN_PERSONEN_PRIVACY:
        c.bad(
            "algemeen.min_personen",
            a.min_personen,
            f"mag niet lager dan {MIN_PERSONEN_PRIVACY} (privacyregel: alleen strenger)",
            f"kies {MIN_PERSONEN_PRIVACY} of meer",
        )
    if not 1 <= a.ernst_midden < a.ernst_hoog:
        c.bad(
            "algemeen.ernst_midden",
            a.ernst_midden,
            "ernstgrenzen moeten oplopen: 1 <= ernst_midden < ernst_hoog",
            "bijvoorbeeld 1.5 en 2.0",
        )


ALGEMEEN = Drempelgroep(
    "algemeen",
    Algemeen,
    {"min_personen": int, "ernst_midden": NUM, "ernst_hoog": NUM, "reden": str},
    controle=_check_algemeen,
)
"""The group of rules for every signal."""


@dataclass(frozen=True)
class Afstanden:
    """How far is "ver weg" for a kind of voorziening that no signal names (a basisschool,
    an apotheek): the tables and maps use it where no signal gives a distance of its own
    (see :func:`sociale_basis.gaps.afstanden.afstand_m`)."""

    standaard_m: float
    reden: str = ""


def _check_afstanden(a: Afstanden, _: Any, c: Controle) -> None:
    c.positive("afstanden.standaard_m", a.standaard_m)


AFSTANDEN = Drempelgroep(
    "afstanden",
    Afstanden,
    {"standaard_m": NUM, "reden": str},
    controle=_check_afstanden,
)
"""The distance for every kind of voorziening that no signal names."""


@dataclass(frozen=True)
class Drempels:
    """Every threshold of :func:`~sociale_basis.gaps.find_signalen`, with the reasons.

    Each group is also an attribute: ``drempels.hulp_te_ver.soorten["huisarts"].afstand_m``.

    Attributes
    ----------
    algemeen
        The rules for every signal (privacy minimum, severity bands).
    groepen
        One group per registered signal, by its table name in ``drempels.toml``; each
        has ``aan`` and a ``reden``.
    bron
        Where the values come from: ``"standaard"`` or the override (a file path or
        ``"dict"``).
    """

    algemeen: Algemeen
    groepen: Mapping[str, Any] = field(default_factory=dict)
    bron: str = "standaard"

    def __getattr__(self, naam: str) -> Any:
        # only for the groups; dunder lookups (copy, pickle) must not land here before
        # the fields exist
        groepen = self.__dict__.get("groepen")
        if naam.startswith("__") or groepen is None or naam not in groepen:
            raise AttributeError(naam)
        return groepen[naam]


def groups() -> dict[str, Drempelgroep]:
    """Every threshold group by name: ``algemeen`` and ``afstanden``, then the registered
    signals'."""
    out = {ALGEMEEN.naam: ALGEMEEN, AFSTANDEN.naam: AFSTANDEN}
    out.update({s.drempels.naam: s.drempels for s in SIGNAALREGELS.values()})
    return out


def default_path() -> Path:
    """The package's own ``drempels.toml``."""
    return Path(str(resources.files("sociale_basis.gaps").joinpath("drempels.toml")))


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise FileNotFoundError(
            f"drempelbestand {path} bestaat niet; geef het pad naar een TOML-bestand, of een "
            "dict (zie docs/signalen.md)."
        )
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(
            [Problem(what, None, None, None, f"geen geldige TOML: {error}", "herstel de syntax")]
        ) from error


def _defaults() -> dict[str, Any]:
    # read every time: a signal registered later brings its own table, and the file is
    # small (a millisecond)
    return _read_toml(default_path(), "drempels.toml")


def load_drempels(drempels: Drempels | Mapping[str, Any] | str | Path | None = None) -> Drempels:
    """The thresholds: the package defaults with the user's overrides merged in.

    Parameters
    ----------
    drempels
        None (the defaults of ``drempels.toml``), a :class:`Drempels` (returned as is), a
        dict with the same layout as the TOML file, or the path to a TOML file. Overrides
        name only what changes; a new soort (under ``hulp_te_ver.soorten``) or rol (under
        ``capaciteit.rollen``) must name all its values.

    Returns
    -------
    Drempels

    Raises
    ------
    ValidationError
        Unknown keys, wrong types or values out of range; every problem at once, each with
        its key (``hulp_te_ver.soorten.huisarts.afstand_m``) and how to fix it.
    FileNotFoundError
        A path that does not exist.
    TypeError
        Anything else than None, a dict, a path or a :class:`Drempels`.
    RuntimeError
        A registered signal whose table is missing from the package's ``drempels.toml``.
    """
    if isinstance(drempels, Drempels):
        return drempels
    data = _defaults()
    bron, what = "standaard", "drempels"
    if drempels is None:
        override: Mapping[str, Any] = {}
    elif isinstance(drempels, (str, Path)):
        what = bron = str(drempels)
        override = _read_toml(Path(drempels), what)
    elif isinstance(drempels, Mapping):
        override, bron = drempels, "dict"
    else:
        raise TypeError(
            "drempels moet None, een dict, een pad naar een TOML-bestand of een Drempels "
            f"zijn, niet {type(drempels).__name__}."
        )
    groepen = groups()
    missing = [naam for naam in groepen if naam not in data]
    if missing:
        raise RuntimeError(
            f"drempels.toml van het pakket mist de tabel '{missing[0]}' van een geregistreerd "
            "signaal; zet de standaarddrempels daar, met een reden."
        )
    problems = merge(data, override, groepen, what)
    if not problems:
        result = Drempels(
            algemeen=make(ALGEMEEN, data["algemeen"]),
            groepen={n: make(g, data[n]) for n, g in groepen.items() if n != ALGEMEEN.naam},
            bron=bron,
        )
        c = Controle(what)
        for naam, groep in groepen.items():
            if groep.controle is not None:
                value = result.algemeen if naam == ALGEMEEN.naam else result.groepen[naam]
                groep.controle(value, result, c)
        problems = c.problems
        if not problems:
            return result
    raise ValidationError(problems, what="de drempels")

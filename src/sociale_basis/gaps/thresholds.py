"""The thresholds of the gap flags: one documented configuration, loaded from TOML.

The defaults live in ``drempels.toml`` inside the package, each group with a ``reden`` (why
this default). :func:`load_drempels` reads them and merges a user's overrides (a dict or a
path to their own TOML file holding only what changes). Every key is checked: an unknown
key, a wrong type or a value out of range gives one
:class:`~sociale_basis.core.errors.ValidationError` that lists every problem with its
key, for example::

    1 probleem in de drempels
      drempels:-:hulp_te_ver.soorten.huisartss: ... -> onbekende sleutel -> bedoelde u 'huisarts'?
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from ..core import taxonomy
from ..core.errors import Problem, ValidationError

GROEPEN: dict[str, str] = {
    "alle": "inwoners",
    "65plus": "65-plussers",
    "hulpvraag": "mensen met een hulpvraag",
}
"""Groups of inwoners a person-share flag can be about, with their Dutch plural."""

VRAAG: tuple[str, ...] = ("alle", "65plus", "hulpvraag", "rol")
"""Who counts as demand for a role in the capacity flag (see ``drempels.toml``)."""

BUREN: tuple[str, ...] = ("queen", "rook")

MIN_PERSONEN_PRIVACY = 100
"""The lowest ``algemeen.min_personen`` allowed: DESIGN §5 (configurable only stricter)."""


@dataclass(frozen=True)
class Algemeen:
    """Rules for every flag: the privacy minimum and the severity bands."""

    min_personen: int
    ernst_midden: float
    ernst_hoog: float
    reden: str = ""


@dataclass(frozen=True)
class Afstand:
    """Threshold of one hulp soort: share of a group beyond ``afstand_m``."""

    afstand_m: float
    max_aandeel: float
    aan: bool = True
    reden: str = ""


@dataclass(frozen=True)
class HulpTeVer:
    """Flag ``hulp_te_ver``: help too far, per soort and group."""

    aan: bool
    groepen: tuple[str, ...]
    soorten: dict[str, Afstand]
    reden: str = ""


@dataclass(frozen=True)
class Ontmoeting:
    """Flag ``geen_ontmoetingsplek``: no free meeting place within ``afstand_m``."""

    aan: bool
    soorten: tuple[str, ...]
    afstand_m: float
    max_aandeel: float
    groepen: tuple[str, ...]
    reden: str = ""


@dataclass(frozen=True)
class Componenten:
    """Flag ``component_ontbreekt``: a component of the eight without any voorziening."""

    aan: bool
    componenten: tuple[str, ...]
    afstand_m: float
    reden: str = ""


@dataclass(frozen=True)
class Aandeel:
    """A flag on one share of persons: above ``max_aandeel`` (or below ``min_aandeel``)."""

    aan: bool
    max_aandeel: float | None = None
    min_aandeel: float | None = None
    groepen: tuple[str, ...] = ("alle",)
    k: int = 2
    reden: str = ""


@dataclass(frozen=True)
class Rolcapaciteit:
    """Capacity threshold of one role (2SFCA), relative to the gemeente mean."""

    max_m: float
    vraag: str
    min_verhouding: float
    aan: bool = True
    reden: str = ""


@dataclass(frozen=True)
class Capaciteit:
    """Flag ``te_weinig_capaciteit``."""

    aan: bool
    rollen: dict[str, Rolcapaciteit]
    reden: str = ""


@dataclass(frozen=True)
class Clusters:
    """Flag ``cluster_laag``: low-low clusters of local Moran's I after FDR."""

    aan: bool
    variabelen: tuple[str, ...]
    alpha: float
    permutaties: int
    buren: str
    reden: str = ""


@dataclass(frozen=True)
class Drempels:
    """Every threshold of :func:`~sociale_basis.gaps.flag_gaps`, with the reasons.

    Attributes
    ----------
    algemeen, hulp_te_ver, ontmoeting, componenten, isolatie, brug, kwetsbaar,
    capaciteit, clusters
        One group per flag, as in ``drempels.toml``; each has a ``reden``.
    bron
        Where the values come from: ``"standaard"`` or the override (a file path or
        ``"dict"``).
    """

    algemeen: Algemeen
    hulp_te_ver: HulpTeVer
    ontmoeting: Ontmoeting
    componenten: Componenten
    isolatie: Aandeel
    brug: Aandeel
    kwetsbaar: Aandeel
    capaciteit: Capaciteit
    clusters: Clusters
    bron: str = "standaard"

    def cluster_variables(self) -> tuple[str, ...]:
        """The measure columns that :attr:`clusters` may name (high values are good)."""
        names = [
            f"aandeel_dichtbij_{s}_{g}"
            for s in self.hulp_te_ver.soorten
            for g in self.hulp_te_ver.groepen
        ]
        names += [f"aandeel_dichtbij_ontmoetingsplek_{g}" for g in self.ontmoeting.groepen]
        names += [f"toegang_{r}" for r in self.capaciteit.rollen]
        names.append("aandeel_hulpvraag_binnen_k")
        return tuple(names)


# --- schema ------------------------------------------------------------------------------
# Per group: field -> type. "tabel" fields hold one entry per soort or rol (new entries
# allowed when the name is known to the taxonomy); their entry schema is in _ENTRIES.

_NUM = (int, float)
_SCHEMA: dict[str, dict[str, Any]] = {
    "algemeen": {"min_personen": int, "ernst_midden": _NUM, "ernst_hoog": _NUM, "reden": str},
    "hulp_te_ver": {"aan": bool, "groepen": list, "soorten": dict, "reden": str},
    "ontmoeting": {
        "aan": bool,
        "soorten": list,
        "afstand_m": _NUM,
        "max_aandeel": _NUM,
        "groepen": list,
        "reden": str,
    },
    "componenten": {"aan": bool, "componenten": list, "afstand_m": _NUM, "reden": str},
    "isolatie": {"aan": bool, "max_aandeel": _NUM, "groepen": list, "reden": str},
    "brug": {"aan": bool, "k": int, "min_aandeel": _NUM, "reden": str},
    "kwetsbaar": {"aan": bool, "max_aandeel": _NUM, "reden": str},
    "capaciteit": {"aan": bool, "rollen": dict, "reden": str},
    "clusters": {
        "aan": bool,
        "variabelen": list,
        "alpha": _NUM,
        "permutaties": int,
        "buren": str,
        "reden": str,
    },
}
_ENTRIES: dict[str, tuple[dict[str, Any], list[str]]] = {
    "hulp_te_ver.soorten": (
        {"aan": bool, "afstand_m": _NUM, "max_aandeel": _NUM, "reden": str},
        [s for s, v in taxonomy.SOORTEN.items() if v.hulp],
    ),
    "capaciteit.rollen": (
        {"aan": bool, "max_m": _NUM, "vraag": str, "min_verhouding": _NUM, "reden": str},
        list(taxonomy.ROLLEN),
    ),
}
_OPTIONAL = {"aan", "reden"}
_SINGULAR = {"hulp_te_ver.soorten": "soort", "capaciteit.rollen": "rol"}


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


_DEFAULTS: dict[str, Any] | None = None


def _defaults() -> dict[str, Any]:
    global _DEFAULTS
    if _DEFAULTS is None:
        _DEFAULTS = _read_toml(default_path(), "drempels.toml")
    return copy.deepcopy(_DEFAULTS)


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
    """
    if isinstance(drempels, Drempels):
        return drempels
    data = _defaults()
    bron = "standaard"
    what = "drempels"
    if drempels is None:
        override: Mapping[str, Any] = {}
    elif isinstance(drempels, (str, Path)):
        path = Path(drempels)
        what = str(path)
        override = _read_toml(path, what)
        bron = str(path)
    elif isinstance(drempels, Mapping):
        override = drempels
        bron = "dict"
    else:
        raise TypeError(
            "drempels moet None, een dict, een pad naar een TOML-bestand of een Drempels "
            f"zijn, niet {type(drempels).__name__}."
        )
    problems: list[Problem] = []
    _merge(data, override, "", what, problems)
    if not problems:
        result = _build(data, bron)
        _check_values(result, what, problems)
        if not problems:
            return result
    raise ValidationError(problems, what="de drempels")


def _merge(
    base: dict[str, Any], new: Mapping[str, Any], prefix: str, what: str, out: list[Problem]
) -> None:
    """Merge ``new`` into ``base``, checking every key and type against the schema."""
    if not prefix:
        allowed: dict[str, Any] = {k: dict for k in _SCHEMA}
    elif prefix in _SCHEMA:
        allowed = _SCHEMA[prefix]
    else:
        allowed = {}
    for key, value in new.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if prefix in _ENTRIES:
            fields, names = _ENTRIES[prefix]
            if key not in names:
                out.append(
                    _unknown(
                        what, path, key, names, "een bekende naam uit sociale_basis.core.taxonomy"
                    )
                )
                continue
            if not isinstance(value, Mapping):
                out.append(
                    Problem(what, None, path, value, "verwacht een tabel", "zie drempels.toml")
                )
                continue
            if key not in base:
                missing = sorted(set(fields) - _OPTIONAL - set(value))
                if missing:
                    out.append(
                        Problem(
                            what,
                            None,
                            path,
                            None,
                            f"nieuwe {_SINGULAR[prefix]} mist {', '.join(missing)}",
                            "geef alle waarden van een nieuwe regel (zie drempels.toml)",
                        )
                    )
                    continue
                base[key] = {}
            _check_fields(base[key], value, fields, path, what, out)
            continue
        if key not in allowed:
            out.append(_unknown(what, path, key, list(allowed), "zie drempels.toml"))
            continue
        expected = allowed[key]
        if expected is dict:
            if not isinstance(value, Mapping):
                out.append(
                    Problem(what, None, path, value, "verwacht een tabel", "zie drempels.toml")
                )
                continue
            _merge(base.setdefault(key, {}), value, path, what, out)
            continue
        _check_fields(base, {key: value}, allowed, prefix, what, out)


def _check_fields(
    base: dict[str, Any],
    new: Mapping[str, Any],
    fields: dict[str, Any],
    prefix: str,
    what: str,
    out: list[Problem],
) -> None:
    for key, value in new.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if key not in fields:
            out.append(_unknown(what, path, key, list(fields), "zie drempels.toml"))
            continue
        expected = fields[key]
        if not _has_type(value, expected):
            out.append(
                Problem(
                    what, None, path, value, f"verwacht {_type_name(expected)}", "zie drempels.toml"
                )
            )
            continue
        base[key] = value


def _has_type(value: Any, expected: Any) -> bool:
    if isinstance(value, bool):
        return expected is bool
    if expected is list:
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    names = {
        bool: "true of false",
        int: "een geheel getal",
        str: "tekst",
        list: "een lijst met namen",
    }
    if expected == _NUM:
        return "een getal"
    return names.get(expected, "een tabel")


def _unknown(what: str, path: str, key: object, allowed: list[str], rest: str) -> Problem:
    hint = taxonomy.suggest(str(key), allowed) if allowed else rest
    return Problem(what, None, path, key, "onbekende sleutel", hint)


def _make(cls: Any, data: Mapping[str, Any], **fixed: Any) -> Any:
    """A dataclass from one merged TOML table: lists become tuples, ints in float fields
    become floats (``afstand_m = 1000``)."""
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if isinstance(value, list):
            value = tuple(str(v) for v in value)
        elif "float" in str(f.type) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        kwargs[f.name] = value
    kwargs.update(fixed)
    return cls(**kwargs)


def _build(data: dict[str, Any], bron: str) -> Drempels:
    h, cap = data["hulp_te_ver"], data["capaciteit"]
    return Drempels(
        algemeen=_make(Algemeen, data["algemeen"]),
        hulp_te_ver=_make(
            HulpTeVer, h, soorten={s: _make(Afstand, v) for s, v in h["soorten"].items()}
        ),
        ontmoeting=_make(Ontmoeting, data["ontmoeting"]),
        componenten=_make(Componenten, data["componenten"]),
        isolatie=_make(Aandeel, data["isolatie"]),
        brug=_make(Aandeel, data["brug"], groepen=("hulpvraag",)),
        kwetsbaar=_make(Aandeel, data["kwetsbaar"], groepen=("hulpvraag",)),
        capaciteit=_make(
            Capaciteit, cap, rollen={r: _make(Rolcapaciteit, v) for r, v in cap["rollen"].items()}
        ),
        clusters=_make(Clusters, data["clusters"]),
        bron=bron,
    )


def _check_values(d: Drempels, what: str, out: list[Problem]) -> None:
    """Ranges and names that the types alone do not catch."""

    def bad(path: str, value: object, problem: str, fix: str) -> None:
        out.append(Problem(what, None, path, value, problem, fix))

    def share(path: str, value: float | None) -> None:
        if value is not None and not 0 <= value <= 1:
            bad(path, value, "een aandeel ligt tussen 0 en 1", "schrijf 15% als 0.15")

    def positive(path: str, value: float) -> None:
        if not value > 0:
            bad(path, value, "moet groter dan 0 zijn", "geef een afstand in meters")

    def names(path: str, values: tuple[str, ...], allowed: list[str]) -> None:
        for v in values:
            if v not in allowed:
                bad(path, v, "onbekende naam", taxonomy.suggest(v, allowed))

    a = d.algemeen
    if a.min_personen < MIN_PERSONEN_PRIVACY:
        bad(
            "algemeen.min_personen",
            a.min_personen,
            f"mag niet lager dan {MIN_PERSONEN_PRIVACY} (privacyregel: alleen strenger)",
            f"kies {MIN_PERSONEN_PRIVACY} of meer",
        )
    if not 1 <= a.ernst_midden < a.ernst_hoog:
        bad(
            "algemeen.ernst_midden",
            a.ernst_midden,
            "ernstgrenzen moeten oplopen: 1 <= ernst_midden < ernst_hoog",
            "bijvoorbeeld 1.5 en 2.0",
        )
    groepen = list(GROEPEN)
    names("hulp_te_ver.groepen", d.hulp_te_ver.groepen, groepen)
    for s, t in d.hulp_te_ver.soorten.items():
        positive(f"hulp_te_ver.soorten.{s}.afstand_m", t.afstand_m)
        share(f"hulp_te_ver.soorten.{s}.max_aandeel", t.max_aandeel)
    o = d.ontmoeting
    names(
        "ontmoeting.soorten",
        o.soorten,
        [s for s, v in taxonomy.SOORTEN.items() if v.ontmoeting],
    )
    names("ontmoeting.groepen", o.groepen, groepen)
    positive("ontmoeting.afstand_m", o.afstand_m)
    share("ontmoeting.max_aandeel", o.max_aandeel)
    names("componenten.componenten", d.componenten.componenten, list(taxonomy.COMPONENTEN))
    positive("componenten.afstand_m", d.componenten.afstand_m)
    names("isolatie.groepen", d.isolatie.groepen, groepen)
    share("isolatie.max_aandeel", d.isolatie.max_aandeel)
    share("brug.min_aandeel", d.brug.min_aandeel)
    if d.brug.k < 0:
        bad("brug.k", d.brug.k, "k moet 0 of groter zijn", "het aantal informele stappen")
    share("kwetsbaar.max_aandeel", d.kwetsbaar.max_aandeel)
    for r, rc in d.capaciteit.rollen.items():
        positive(f"capaciteit.rollen.{r}.max_m", rc.max_m)
        if rc.vraag not in VRAAG:
            bad(
                f"capaciteit.rollen.{r}.vraag",
                rc.vraag,
                "onbekende vraag",
                taxonomy.suggest(rc.vraag, VRAAG),
            )
        if rc.min_verhouding < 0:
            bad(
                f"capaciteit.rollen.{r}.min_verhouding",
                rc.min_verhouding,
                "moet 0 of groter zijn",
                "0.6 = 60% van het gemiddelde van de gemeente",
            )
    cl = d.clusters
    names("clusters.variabelen", cl.variabelen, list(d.cluster_variables()))
    if not 0 < cl.alpha < 1:
        bad("clusters.alpha", cl.alpha, "alpha ligt tussen 0 en 1", "gebruikelijk is 0.05")
    if cl.permutaties < 99:
        bad(
            "clusters.permutaties",
            cl.permutaties,
            "te weinig permutaties",
            "minstens 99; standaard 999",
        )
    if cl.buren not in BUREN:
        bad("clusters.buren", cl.buren, "onbekende burenregel", taxonomy.suggest(cl.buren, BUREN))

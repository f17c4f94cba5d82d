"""How a table of ``drempels.toml`` is described, merged with overrides and checked.

Every signal describes its own thresholds with a :class:`Drempelgroep`: the table's name,
its fields and their types, the sub-tables with one entry per soort or rol
(:class:`Deeltabel`), the frozen dataclass it becomes, and a check of ranges and names
(:class:`Controle`). :func:`merge` and :func:`make` do the rest for every group alike, so
a new signal brings its thresholds along without a change here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from ..core import taxonomy
from ..core.errors import Problem

NUM = (int, float)
"""The type of a field that takes any number (``afstand_m = 1000`` or ``1000.5``)."""

OPTIONAL = frozenset({"aan", "reden"})
"""Fields that a new entry of a :class:`Deeltabel` may leave out."""


@dataclass(frozen=True)
class Deeltabel:
    """A table inside a threshold group with one entry per name (a soort, a rol).

    Attributes
    ----------
    klasse
        The frozen dataclass of one entry.
    velden
        Field -> type of an entry (``bool``, ``int``, :data:`NUM`, ``str``, ``list``).
    namen
        The names an entry may have (read when checked, so the taxonomy decides).
    enkelvoud
        What one entry is called in a message: ``"soort"``, ``"rol"``.
    """

    klasse: type
    velden: Mapping[str, Any]
    namen: Callable[[], Sequence[str]]
    enkelvoud: str


@dataclass(frozen=True)
class Drempelgroep:
    """The thresholds of one signal: one table of ``drempels.toml``.

    Attributes
    ----------
    naam
        The table's name in ``drempels.toml`` (``"hulp_te_ver"``).
    klasse
        The frozen dataclass the merged table becomes; lists become tuples.
    velden
        Field -> type (``bool``, ``int``, :data:`NUM`, ``str``, ``list`` of names, ``dict``
        for a :class:`Deeltabel`).
    deeltabellen
        The ``dict`` fields with one entry per name.
    controle
        ``controle(groep, drempels, c)``: ranges and names that types alone do not catch,
        reported through the :class:`Controle` ``c``; ``drempels`` is everything loaded,
        for a check that needs another group.
    """

    naam: str
    klasse: type
    velden: Mapping[str, Any]
    deeltabellen: Mapping[str, Deeltabel] = field(default_factory=dict)
    controle: Callable[[Any, Any, Controle], None] | None = None


class Controle:
    """Collects the problems of loaded thresholds, each with its key and a fix."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.problems: list[Problem] = []

    def bad(self, path: str, value: object, problem: str, fix: str) -> None:
        """One problem at key ``path``."""
        self.problems.append(Problem(self.what, None, path, value, problem, fix))

    def share(self, path: str, value: float) -> None:
        """A share must lie between 0 and 1."""
        if not 0 <= value <= 1:
            self.bad(path, value, "een aandeel ligt tussen 0 en 1", "schrijf 15% als 0.15")

    def positive(self, path: str, value: float) -> None:
        """A distance must be more than 0."""
        if not value > 0:
            self.bad(path, value, "moet groter dan 0 zijn", "geef een afstand in meters")

    def names(self, path: str, values: Sequence[str], allowed: Sequence[str]) -> None:
        """Every value must be one of ``allowed``; a typo gets a suggestion."""
        for v in values:
            if v not in allowed:
                self.bad(path, v, "onbekende naam", taxonomy.suggest(v, list(allowed)))


def merge(
    base: dict[str, Any], new: Mapping[str, Any], groepen: Mapping[str, Drempelgroep], what: str
) -> list[Problem]:
    """Merge the overrides ``new`` into the defaults ``base`` (in place), group by group.

    Returns every problem: an unknown key (with a suggestion), a wrong type, a new soort or
    rol that does not name all its values.
    """
    out: list[Problem] = []
    for key, value in new.items():
        groep = groepen.get(str(key))
        if groep is None:
            out.append(_unknown(what, str(key), key, list(groepen)))
        elif not isinstance(value, Mapping):
            out.append(_not_a_table(what, str(key), value))
        else:
            _merge_group(base.setdefault(str(key), {}), value, groep, what, out)
    return out


def _merge_group(
    base: dict[str, Any], new: Mapping[str, Any], groep: Drempelgroep, what: str, out: list[Problem]
) -> None:
    for key, value in new.items():
        path = f"{groep.naam}.{key}"
        deel = groep.deeltabellen.get(str(key))
        if deel is None:
            _check_fields(base, {key: value}, groep.velden, groep.naam, what, out)
        elif not isinstance(value, Mapping):
            out.append(_not_a_table(what, path, value))
        else:
            _merge_entries(base.setdefault(str(key), {}), value, deel, path, what, out)


def _merge_entries(
    base: dict[str, Any],
    new: Mapping[str, Any],
    deel: Deeltabel,
    prefix: str,
    what: str,
    out: list[Problem],
) -> None:
    names = list(deel.namen())
    for key, value in new.items():
        path = f"{prefix}.{key}"
        if key not in names:
            out.append(_unknown(what, path, key, names))
            continue
        if not isinstance(value, Mapping):
            out.append(_not_a_table(what, path, value))
            continue
        if key not in base:
            missing = sorted(set(deel.velden) - OPTIONAL - set(value))
            if missing:
                out.append(
                    Problem(
                        what,
                        None,
                        path,
                        None,
                        f"nieuwe {deel.enkelvoud} mist {', '.join(missing)}",
                        "geef alle waarden van een nieuwe regel (zie drempels.toml)",
                    )
                )
                continue
            base[key] = {}
        _check_fields(base[key], value, deel.velden, path, what, out)


def _check_fields(
    base: dict[str, Any],
    new: Mapping[str, Any],
    velden: Mapping[str, Any],
    prefix: str,
    what: str,
    out: list[Problem],
) -> None:
    for key, value in new.items():
        path = f"{prefix}.{key}"
        if key not in velden:
            out.append(_unknown(what, path, key, list(velden)))
            continue
        expected = velden[key]
        if not _has_type(value, expected):
            out.append(
                Problem(
                    what, None, path, value, f"verwacht {_type_name(expected)}", "zie drempels.toml"
                )
            )
            continue
        base[key] = value


def _has_type(value: Any, expected: Any) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never to a threshold
        return expected is bool
    if expected is list:
        return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
    if expected is dict:
        return isinstance(value, Mapping)
    return isinstance(value, expected)


def _type_name(expected: Any) -> str:
    names = {
        bool: "true of false",
        int: "een geheel getal",
        str: "tekst",
        list: "een lijst met namen",
    }
    if expected == NUM:
        return "een getal"
    return names.get(expected, "een tabel")


def _unknown(what: str, path: str, key: object, allowed: list[str]) -> Problem:
    hint = taxonomy.suggest(str(key), allowed) if allowed else "zie drempels.toml"
    return Problem(what, None, path, key, "onbekende sleutel", hint)


def _not_a_table(what: str, path: str, value: object) -> Problem:
    return Problem(what, None, path, value, "verwacht een tabel", "zie drempels.toml")


def make(groep: Drempelgroep, data: Mapping[str, Any]) -> Any:
    """The dataclass of a group from its merged table (entries of sub-tables too)."""
    built = dict(data)
    for key, deel in groep.deeltabellen.items():
        built[key] = {name: _make(deel.klasse, v) for name, v in data.get(key, {}).items()}
    return _make(groep.klasse, built)


def _make(cls: Any, data: Mapping[str, Any]) -> Any:
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
    return cls(**kwargs)

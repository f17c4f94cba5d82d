"""The registry of cohesion measures: one registered function per measure.

Each measure registers itself where it is defined, with the columns it adds to the table of
:func:`~sociale_basis.social.cohesion.measure_cohesion` and a Dutch label per column; its
formula is read from its own docstring (the indented definition lines above
``Parameters``), so the definition is written once and shown everywhere: in ``help()``, in
``docs/cohesie.md`` (made by :func:`registry_markdown`) and to tables and maps that read
:data:`COHESIEMATEN`. Adding a measure touches its module and its test, nothing else.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from .areas import GROEP_LABELS, group_suffix

TABLE_OPTIONS: tuple[str, ...] = (
    "k",
    "via_plekken",
    "seed",
    "sources",
    "exact_max_nodes",
    "methode",
)
"""Keywords of :func:`~sociale_basis.social.cohesion.measure_cohesion` that it passes on to
every measure that has a keyword of that name."""


@dataclass(frozen=True)
class Cohesiemaat:
    """One registered cohesion measure.

    Attributes
    ----------
    naam
        The name of the function.
    functie
        ``functie(G, niveau=..., [groep=...,] **opties)``: a Series or DataFrame indexed by
        area code.
    kolommen
        The columns it adds to the cohesion table, each with a Dutch label.
    formule
        Its definition, from the docstring.
    groepen
        The groups it is computed for in the table (``()``: it has no ``groep``).
    opties
        The keywords of :data:`TABLE_OPTIONS` it takes.
    """

    naam: str
    functie: Callable[..., pd.Series | pd.DataFrame]
    kolommen: dict[str, str]
    formule: str
    groepen: tuple[str, ...]
    opties: tuple[str, ...]

    def compute(
        self, a: Any, niveau: str, options: dict[str, Any]
    ) -> list[pd.Series | pd.DataFrame]:
        """Its parts of the cohesion table: one result per group (or one)."""
        kwargs = {name: options[name] for name in self.opties if name in options}
        if not self.groepen:
            return [self.functie(a, niveau=niveau, **kwargs)]
        return [self.functie(a, niveau=niveau, groep=g, **kwargs) for g in self.groepen]


COHESIEMATEN: dict[str, Cohesiemaat] = {}
"""Every registered measure by function name, in the order they registered."""

TABLE_MODULES: tuple[str, ...] = tuple(
    f"sociale_basis.social.{m}"
    for m in ("participation", "structure", "reach", "betweenness", "fragility")
)
"""The order of the cohesion table by module (within a module: the order of registration);
measures of other modules come last."""


def ordered_measures() -> list[Cohesiemaat]:
    """The registered measures in the order of the cohesion table."""

    def rank(maat: Cohesiemaat) -> int:
        module = maat.functie.__module__
        return TABLE_MODULES.index(module) if module in TABLE_MODULES else len(TABLE_MODULES)

    return sorted(COHESIEMATEN.values(), key=rank)


F = TypeVar("F", bound=Callable[..., Any])


def register_measure(
    label: str | None = None,
    *,
    kolommen: dict[str, str] | None = None,
    groepen: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Register a cohesion measure; the function itself is returned unchanged.

    Parameters
    ----------
    label
        Dutch label of a measure that gives one Series named like the function (per group
        with the group's suffix and label part).
    kolommen
        Columns and their labels, for a measure that gives a DataFrame.
    groepen
        Groups to compute in the cohesion table (the function then has ``groep=``).
    """

    def decorate(func: F) -> F:
        name = func.__name__
        if name in COHESIEMATEN:
            raise ValueError(f"de cohesiemaat {name!r} is al geregistreerd")
        if (label is None) == (kolommen is None):
            raise ValueError(f"geef {name!r} een label of kolommen, niet allebei of geen van twee")
        columns = dict(kolommen or {})
        if label is not None:
            columns = {
                name + group_suffix(g): label + GROEP_LABELS[g] for g in groepen or ("alle",)
            }
        parameters = inspect.signature(func).parameters
        COHESIEMATEN[name] = Cohesiemaat(
            naam=name,
            functie=func,
            kolommen=columns,
            formule=formula_of(func),
            groepen=groepen,
            opties=tuple(o for o in TABLE_OPTIONS if o in parameters),
        )
        return func

    return decorate


def formula_of(func: Callable[..., Any]) -> str:
    """The definition lines of a docstring: the indented lines before ``Parameters``."""
    doc = inspect.cleandoc(func.__doc__ or "")
    lines: list[str] = []
    for line in doc.splitlines():
        if line.strip() == "Parameters":
            break
        if line.startswith("    ") and line.strip():
            lines.append(line[4:].rstrip())
    return "\n".join(lines)


def registry_markdown() -> str:
    """``docs/cohesie.md``'s list of measures: per measure its columns, labels and formula."""
    parts = []
    for maat in ordered_measures():
        rows = "\n".join(f"| `{c}` | {label} |" for c, label in maat.kolommen.items())
        notes = []
        if maat.groepen:
            notes.append(f"Groepen: {', '.join(maat.groepen)}.")
        if maat.opties:
            notes.append(f"Opties: {', '.join(f'`{o}`' for o in maat.opties)}.")
        tail = "\n\n" + " ".join(notes) if notes else ""
        parts.append(
            f"### `{maat.naam}`\n\n| kolom | betekenis |\n|---|---|\n{rows}\n\n"
            f"```\n{maat.formule}\n```{tail}"
        )
    return "\n\n".join(parts) + "\n"

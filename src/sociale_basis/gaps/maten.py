"""The measures per area that signals read, and how each is published.

A signal names the measures it reads as :class:`Aanbod` (offers): a name and a function
that computes the measure for one level from the
:class:`~sociale_basis.gaps.metingen.Metingen`. Only offers that a signal that is on, or a
cluster analysis, reads are computed. What an offer gives is one or more *maten*:

* :class:`Aandeel`: a share of persons, ``teller / basis``. It passes the one share rule
  of :mod:`sociale_basis.privacy` (rounded counts, "geheim" for 0-7 people with a
  hulpvraag, at least ``min_personen`` in the group, secondary suppression over buurten
  and wijken together).
* :class:`Gemiddelde`: a mean over persons (capacity within reach per person); shown only
  for a group of at least ``min_personen``.
* :class:`Kenmerk`: a value per area that is not about persons (metres to the nearest
  place, the kind of the critical node): shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .metingen import Metingen


@dataclass(frozen=True)
class Telling:
    """A raw count per area (never shown as it is) and the name of its column."""

    naam: str
    waarden: np.ndarray


@dataclass(frozen=True)
class Aandeel:
    """A share of persons per area: ``teller / basis``.

    Attributes
    ----------
    naam
        The column of the share (``"aandeel_ver_huisarts_alle"``).
    teller, basis
        The persons counted and the group they are counted in, per area.
    groep
        Whose share: ``"alle"``, ``"65plus"`` or ``"hulpvraag"``. A teller of people with
        a hulpvraag is "geheim" at 0-7.
    tegendeel
        Also shown as ``1 - share`` under this name (``"aandeel_dichtbij_huisarts_alle"``).
    toon_zelf
        Whether the share itself is shown (or only its ``tegendeel``).
    optelbaar
        A wijk's teller is the sum of its buurten' (false for the people cut off by the
        area's own critical node).
    """

    naam: str
    teller: Telling
    basis: Telling
    groep: str
    tegendeel: str | None = None
    toon_zelf: bool = True
    optelbaar: bool = True


@dataclass(frozen=True)
class Gemiddelde:
    """A mean over persons per area, such as the 2SFCA access per person of the demand.

    Attributes
    ----------
    naam
        The column (``"toegang_huisarts"``).
    waarden
        The mean per area (NaN where the group is empty).
    basis
        The persons it is a mean over, per area.
    groep
        Who they are: ``"alle"``, ``"65plus"`` or ``"hulpvraag"``.
    referentie
        The same mean over the whole gemeente.
    verhouding
        Also shown as ``mean / referentie`` under this name.
    """

    naam: str
    waarden: np.ndarray
    basis: Telling
    groep: str
    referentie: float = float("nan")
    verhouding: str | None = None


@dataclass(frozen=True)
class Kenmerk:
    """A value per area that is not about persons; shown as it is."""

    naam: str
    waarden: np.ndarray


Maat = Aandeel | Gemiddelde | Kenmerk
"""One measure per area with how it is published."""


@dataclass(frozen=True)
class Aanbod:
    """A measure a signal offers: made only when read.

    Attributes
    ----------
    naam
        What a reader asks for: the shown column (``"aandeel_dichtbij_huisarts_alle"``).
    maak
        ``maak(metingen, niveau) -> list of maten``: the measure for one level.
    eigen
        Whether the offering signal's own rule reads it (the signal, and this part of it,
        are on). Otherwise it is made only for a signal that ``leest`` it.
    omschrijving
        ``omschrijving(modus)`` is a Dutch description ("aandeel inwoners binnen 1.000 m
        lopen van een huisarts") for a cluster analysis; None: high values are not better,
        so it cannot be tested for clusters of low values.
    aandeel
        Whether the shown value is a share (a percentage) or a ratio.
    """

    naam: str
    maak: Callable[[Metingen, str], list[Maat]]
    eigen: bool = True
    omschrijving: Callable[[str], str] | None = None
    aandeel: bool = True


def cluster_variables(aanbod: list[Aanbod]) -> list[str]:
    """The names among ``aanbod`` that a cluster analysis can test (high values are good)."""
    return [a.naam for a in aanbod if a.omschrijving is not None]

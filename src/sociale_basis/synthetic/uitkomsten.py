"""What happens to the synthetic inwoners: limitation, loneliness, volunteering, giving and
receiving mantelzorg, hulpvragen, and how active they are in making ties.

Each outcome follows its logistic model of :data:`~sociale_basis.synthetic.aannames.MODELLEN`
(age group plus the determinants of :mod:`.kenmerken`), in this order, because later ones
use earlier ones as determinants:

1. ``beperking`` (a limitation in moving about; Bernoulli, no target);
2. ``eenzaam`` (ernstig of zeer ernstig eenzaam, 18+), ``vrijwilliger`` and
   ``mantelzorger`` (18+): calibrated to their targets (:mod:`.ijking`: the area's own, or
   the national default);
3. ``ontvanger`` (receives mantelzorg at home, 65+; Bernoulli);
4. hulpvragen: ``financien`` per household (drawn once for the household, given to one of
   its adults at random), ``psychisch`` and ``eenzaamheid`` (adults), ``opvoeding``
   (adults with a child under 18 at home) and ``mobiliteit`` (everyone with a limitation).
   An inwoner has at most one hulpvraag: with several, the first of :data:`VOORRANG`.
5. activity in buur and vriend ties: ``exp(sum of ACTIVITEIT terms)`` (the degree model of
   :mod:`.relaties`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import aannames as A
from .ijking import Eenheden, calibrate
from .inwoners import HULPVRAAG_CODES
from .kenmerken import Kenmerken, age_group, chance
from .tools import IntArray

#: Which hulpvraag an inwoner keeps when drawn for several: the most specific help first.
VOORRANG = ("financien", "psychisch", "opvoeding", "mobiliteit", "eenzaamheid")


@dataclass
class Uitkomsten:
    """Per inwoner: the outcomes, ``hulpvraag`` as a code (position in HULPVRAAG_CODES or
    -1), the activity multiplier, and per household whether it has a financial hulpvraag."""

    beperking: np.ndarray
    eenzaam: np.ndarray
    vrijwilliger: np.ndarray
    mantelzorger: np.ndarray
    ontvanger: np.ndarray
    hulpvraag: IntArray
    activiteit: np.ndarray
    hh_financien: np.ndarray


def determinants(k: Kenmerken, **extra: np.ndarray) -> dict[str, np.ndarray]:
    """The 0/1 variables the models' terms refer to."""
    x = {
        "vrouw": k.vrouw,
        "alleen": k.huishouden_type == "alleen",
        "eenouder": k.huishouden_type == "eenouder",
        "verweduwd": k.verweduwd,
        "laag": k.inkomen == 1,
        "minimum": k.inkomen == 2,
        "buiten_europa": k.herkomst == 2,
    }
    x.update(extra)
    return x


def draw_uitkomsten(
    age: IntArray,
    hh: IntArray,
    k: Kenmerken,
    units: Eenheden,
    doelen: pd.DataFrame,
    rng: np.random.Generator,
) -> Uitkomsten:
    """Every outcome of every inwoner (order and rules in the module docstring).

    `units` are the persons; the basis of each calibrated indicator (18+) is set here.
    """
    group = age_group(age)
    adult = age >= A.VOLWASSEN
    M = A.MODELLEN
    beperking = rng.random(len(age)) < chance(M["beperking"], group, determinants(k))
    x = determinants(k, beperking=beperking)
    grown = Eenheden(units.buurt, units.wijk, adult)
    eenzaam = calibrate(
        chance(M["eenzaam_ernstig"], group, x), doelen, "eenzaam_ernstig", grown, rng
    )
    x["eenzaam"] = eenzaam
    vrijwilliger = calibrate(
        chance(M["vrijwilliger"], group, x), doelen, "vrijwilliger", grown, rng
    )
    x["vrijwilliger"] = vrijwilliger
    mantelzorger = calibrate(
        chance(M["mantelzorger"], group, x), doelen, "mantelzorger", grown, rng
    )
    ontvanger = (age >= 65) & (rng.random(len(age)) < chance(M["ontvanger"], group, x))

    hh_fin = _financien(k, rng)
    fin = np.zeros(len(age), dtype=bool)
    adults = np.flatnonzero(adult)
    if len(adults):
        key = rng.random(len(adults))
        order = np.lexsort((-key, hh[adults]))
        first = order[np.r_[True, np.diff(hh[adults][order]) != 0]]
        chosen = adults[first]
        fin[chosen] = hh_fin[hh[chosen]]
    has_child = np.bincount(hh, weights=~adult, minlength=len(k.hh_type))[hh] > 0
    drawn = {
        "financien": fin,
        "psychisch": adult & (rng.random(len(age)) < chance(M["psychisch"], group, x)),
        "opvoeding": adult & has_child & (rng.random(len(age)) < chance(M["opvoeding"], group, x)),
        "mobiliteit": beperking,
        "eenzaamheid": adult & (rng.random(len(age)) < chance(M["eenzaamheid"], group, x)),
    }
    hulpvraag = np.full(len(age), -1, dtype=np.int64)
    for kind in reversed(VOORRANG):  # the first of VOORRANG is written last, so it wins
        hulpvraag[drawn[kind]] = HULPVRAAG_CODES.index(kind)

    act = np.zeros(len(age))
    terms = A.ACTIVITEIT
    act += terms["eenzaam"] * eenzaam + terms["beperking"] * beperking
    act += terms["75-84"] * ((age >= 75) & (age < 85)) + terms["85+"] * (age >= 85)
    act += terms["vrijwilliger"] * vrijwilliger
    return Uitkomsten(
        beperking=beperking,
        eenzaam=eenzaam,
        vrijwilliger=vrijwilliger,
        mantelzorger=mantelzorger,
        ontvanger=ontvanger,
        hulpvraag=hulpvraag,
        activiteit=np.exp(act),
        hh_financien=hh_fin,
    )


def _financien(k: Kenmerken, rng: np.random.Generator) -> np.ndarray:
    """Whether each household has a financial hulpvraag (model ``financien``)."""
    x = {
        "laag": k.hh_inkomen == 1,
        "minimum": k.hh_inkomen == 2,
        "eenouder": k.hh_type == "eenouder",
    }
    p = chance(A.MODELLEN["financien"], np.zeros(len(k.hh_type), np.int64), x)
    return rng.random(len(p)) < p

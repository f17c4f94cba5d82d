"""Who the synthetic inwoners are, beyond age: household type, sex, herkomst, household
income position and marital status (the determinants of :mod:`.uitkomsten`).

Rules (numbers in :mod:`sociale_basis.synthetic.aannames`, calibration in :mod:`.ijking`):

- **huishouden_type** per household from its members: ``alleen`` (one adult), ``paar``
  (two adults, no child), ``gezin`` (two or more adults with a child under 18),
  ``eenouder`` (one adult with a child), ``overig`` (three or more adults without a child:
  shared houses, adult children). The two oldest adults of a paar or gezin are partners.
- **geslacht**: chance of being a woman by age (:data:`~.aannames.VROUW_LEEFTIJD`), raked to
  the buurt's numbers of men and women where the key figures give them.
- **herkomst**: per person, calibrated to the buurt's shares with a herkomst outside Europe
  and in Europe (key figures), else the national shares. A household may be mixed.
- **inkomen** per household: ``sociaal_minimum``, ``laag`` (the rest of the lowest 40 %) or
  ``midden_hoog``, calibrated to the buurt's shares of households at the social minimum and
  with a low income; within a buurt one-person households, single parents and young or older
  one-person households are more often low income (:data:`~.aannames.INKOMEN_HUISHOUDTYPE`).
- **verweduwd**: adults who are not a partner, by age and sex (model ``verweduwd``),
  calibrated to the buurt's share of widowed inwoners; **burgerlijke_staat** then:
  verweduwd, gehuwd (a share of partners by age), gescheiden (a share of the others by age)
  or ongehuwd.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import aannames as A
from .ijking import Eenheden, calibrate, draw_exact, rake
from .tools import IntArray

HUISHOUDTYPES = ("alleen", "paar", "gezin", "eenouder", "overig")
INKOMENS = ("midden_hoog", "laag", "sociaal_minimum")
HERKOMSTEN = ("nederland", "europa", "buiten_europa")


def age_group(age: IntArray) -> IntArray:
    """Position of each age in :data:`~.aannames.LEEFTIJDSKLASSEN`."""
    bounds = np.array([hi for _, hi in A.LEEFTIJDSKLASSEN[:-1]])
    return np.searchsorted(bounds, age, side="left").astype(np.int64)


def logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


@dataclass
class Kenmerken:
    """Per person (arrays of length n) and per household (``hh_*``, length h)."""

    huishouden_type: np.ndarray
    partner: np.ndarray
    vrouw: np.ndarray
    herkomst: IntArray
    inkomen: IntArray
    verweduwd: np.ndarray
    burgerlijke_staat: np.ndarray
    hh_type: np.ndarray
    hh_inkomen: IntArray


def household_types(age: IntArray, hh: IntArray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Type per household, type per person and whether a person is a partner (rules above).

    Persons must be sorted by household and, within it, oldest first (as
    :func:`~.inwoners.build_persons` returns them).
    """
    n_hh = int(hh.max()) + 1 if len(hh) else 0
    adult = age >= A.VOLWASSEN
    adults = np.bincount(hh, weights=adult, minlength=n_hh)
    kids = np.bincount(hh, weights=~adult, minlength=n_hh)
    kind = np.select(
        [kids > 0, adults <= 1, adults == 2],
        [np.where(adults >= 2, "gezin", "eenouder"), "alleen", "paar"],
        default="overig",
    ).astype(object)
    kind[(kids > 0) & (adults == 0)] = "overig"  # a buurt of minors only
    # rank of each person within the household (0 = oldest): persons come oldest first
    first = np.r_[0, np.flatnonzero(np.diff(hh)) + 1] if len(hh) else np.zeros(0, np.int64)
    rank = np.arange(len(hh)) - np.repeat(first, np.diff(np.r_[first, len(hh)]))
    partner = adult & (rank < 2) & np.isin(kind[hh], ("paar", "gezin"))
    return kind, kind[hh], partner


def draw_kenmerken(
    age: IntArray,
    hh: IntArray,
    units: Eenheden,
    hh_units: Eenheden,
    doelen: pd.DataFrame,
    vrouwen: pd.Series | None,
    rng: np.random.Generator,
) -> Kenmerken:
    """Every determinant of every inwoner (rules in the module docstring).

    `units` are the persons (basis: everyone), `hh_units` the households; `vrouwen` is the
    share of women per buurtcode where known.
    """
    group = age_group(age)
    hh_kind, kind, partner = household_types(age, hh)

    p_vrouw = logistic(np.asarray(A.VROUW_LEEFTIJD)[group])
    if vrouwen is not None and len(vrouwen):
        codes = pd.Index(vrouwen.index)
        b = codes.get_indexer(units.buurt)
        counts = np.bincount(b[b >= 0], minlength=len(codes)).astype(float)
        p_vrouw = rake(p_vrouw, b, vrouwen.to_numpy(dtype=float) * counts)
        vrouw = draw_exact(p_vrouw, b, rng)
    else:
        vrouw = rng.random(len(age)) < p_vrouw

    europa, buiten = A.HERKOMST_LANDELIJK
    p_buiten = np.full(len(age), buiten)
    is_buiten = calibrate(p_buiten, doelen, "herkomst_buiten_europa", units, rng)
    p_europa = np.full(len(age), europa / (1.0 - buiten))
    # those with a herkomst outside Europe are not drawn again (their chance is 0)
    is_europa = calibrate(np.where(is_buiten, 0.0, p_europa), doelen, "herkomst_europa", units, rng)
    herkomst = np.where(is_buiten, 2, np.where(is_europa, 1, 0)).astype(np.int64)

    hh_inkomen = _inkomen(age, hh, hh_kind, hh_units, doelen, rng)
    weduwe_p = np.where(
        (age >= A.VOLWASSEN) & ~partner,
        chance(A.MODELLEN["verweduwd"], group, {"vrouw": vrouw}),
        0.0,
    )
    verweduwd = calibrate(weduwe_p, doelen, "verweduwd", units, rng)
    gehuwd = partner & (rng.random(len(age)) < np.asarray(A.GEHUWD_BIJ_PAAR)[group])
    gescheiden = (
        (age >= A.VOLWASSEN)
        & ~partner
        & ~verweduwd
        & (rng.random(len(age)) < np.asarray(A.GESCHEIDEN)[group])
    )
    staat = np.select(
        [verweduwd, gehuwd, gescheiden], ["verweduwd", "gehuwd", "gescheiden"], "ongehuwd"
    )
    return Kenmerken(
        huishouden_type=kind,
        partner=partner,
        vrouw=vrouw,
        herkomst=herkomst,
        inkomen=hh_inkomen[hh],
        verweduwd=verweduwd,
        burgerlijke_staat=staat.astype(object),
        hh_type=hh_kind,
        hh_inkomen=hh_inkomen,
    )


def chance(model: A.Model, group: IntArray, x: dict[str, np.ndarray]) -> np.ndarray:
    """``logistic(intercept + leeftijd[group] + sum(termen[k] * x[k]))``; a term whose
    variable is not in `x` counts as 0."""
    z = model.intercept + np.asarray(model.leeftijd)[group]
    for name, beta in model.termen.items():
        if name in x:
            z = z + beta * np.asarray(x[name], dtype=float)
    return logistic(z)


def _inkomen(
    age: IntArray,
    hh: IntArray,
    hh_kind: np.ndarray,
    hh_units: Eenheden,
    doelen: pd.DataFrame,
    rng: np.random.Generator,
) -> IntArray:
    """Income position per household: 0 midden_hoog, 1 laag, 2 sociaal_minimum."""
    n_hh = len(hh_kind)
    oldest = np.full(n_hh, -1, dtype=np.int64)
    np.maximum.at(oldest, hh, age)
    youngest_adult = np.full(n_hh, 200, dtype=np.int64)
    adult = age >= A.VOLWASSEN
    np.minimum.at(youngest_adult, hh[adult], age[adult])
    w = np.array([A.INKOMEN_HUISHOUDTYPE[str(k)] for k in hh_kind])
    w = w + A.INKOMEN_OUDER_ALLEEN * ((hh_kind == "alleen") & (oldest >= 65))
    w = w + A.INKOMEN_JONG * (oldest < 30)
    sm_share = A.LANDELIJK["sociaal_minimum"][0]
    laag_share = A.LANDELIJK["laag_inkomen"][0]
    p_sm = logistic(logit(sm_share) + w)
    minimum = calibrate(p_sm, doelen, "sociaal_minimum", hh_units, rng)
    p_laag = logistic(logit((laag_share - sm_share) / (1 - sm_share)) + w)
    laag = calibrate(np.where(minimum, 0.0, p_laag), doelen, "laag_inkomen", hh_units, rng, minimum)
    return np.where(minimum, 2, np.where(laag, 1, 0)).astype(np.int64)

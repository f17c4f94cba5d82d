"""Synthetic inwoners: households and addresses (ages: :mod:`.leeftijden`).

Rules (numbers in :mod:`sociale_basis.synthetic.aannames`):

**Number per buurt** is the buurt's ``inwoners``; their ages come from
:mod:`sociale_basis.synthetic.leeftijden`.

**Households.** The number of households of a buurt is its ``huishoudens`` (or
``inwoners / 2.15`` where missing), at least ``inwoners / 25`` (institutions aside, no
household is that large; the floor only guards against implausible figures) and capped to
[1, number of adults]: every household has an adult, so a child always lives with an adult
whenever the buurt has one (a buurt with only minors gets households of minors only). The
mix:

- households with children: ``pct_met_kinderen`` of the households where given (Delft, CBS;
  CBS counts children of any age at home, we use it for children under 18), otherwise
  children / 1.8; never fewer than children / 4 (a buurt of students where CBS counts 0 %
  families still has 15-17-year-olds, because ages are uniform within the 15-24 band); at
  least 1 when the buurt has children, at most the number of children. One in five has one
  parent, the others two; parents are drawn with a weight that peaks at
  38 years, partners are adjacent in age order (so of similar age), and children are given to
  families in age order (the youngest children to the youngest parents).
- one-person households: ``pct_eenpersoons`` where given (Delft). Otherwise (Zwolle) as
  many as leave the other households a mean of 2.2 adults: with ``r`` adults left for ``h``
  households, ``(2.2 h - r) / 1.2`` (so a city centre with small households gets many
  singles and a family suburb few). Always within what the remaining adults allow; young
  adults and 75-plussers are more likely to live alone.
- the other households have two or more adults of similar age (couples, shared houses). When
  that would mean more than 3 adults per household on average, the surplus adults (mostly
  18-29) live with a family as adult children instead.

Each household lives at one address point of its buurt: the households of a buurt are dealt
over a random order of its addresses, so the numbers per address differ by at most one
(apartment buildings have one OSM point, so several households often share one).

Who the inwoners are beyond age (sex, herkomst, income, marital status) is in
:mod:`sociale_basis.synthetic.kenmerken`; their hulpvragen and other outcomes in
:mod:`sociale_basis.synthetic.uitkomsten`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError
from ..core.taxonomy import HULPVRAGEN
from . import aannames as A
from .leeftijden import draw_ages
from .tools import IntArray, gumbel_top_k

HULPVRAAG_CODES: list[str] = list(HULPVRAGEN)


# --- households ----------------------------------------------------------------------------


def make_households(
    ages: IntArray,
    n_target: int,
    p_single: float | None,
    p_kids: float | None,
    rng: np.random.Generator,
) -> IntArray:
    """Household number (0, 1, ...) for each inwoner of one buurt; rules in the module
    docstring. `p_single` or `p_kids` None means: derive from the buurt's figures."""
    n = len(ages)
    hh = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return hh
    child = ages < A.VOLWASSEN
    if child.all():  # no adult in the buurt: the children form households themselves
        child[:] = False
    kids = np.flatnonzero(child)
    adults = np.flatnonzero(~child)
    n_kids, n_adults = len(kids), len(adults)
    # at least n / MAX_HUISHOUDGROOTTE households: a figure of a few households for
    # thousands of people would otherwise give one household the size of a village
    floor = -(-n // A.MAX_HUISHOUDGROOTTE)
    n_hh = int(min(max(n_target, floor, 1), n_adults))

    if n_kids == 0:
        n_fam = 0
    else:
        if p_kids is not None:
            target = round(p_kids * n_hh)
        else:
            target = round(n_kids / A.KINDEREN_PER_GEZIN)
        # never more than MAX_KINDEREN_PER_GEZIN children per family on average
        target = max(target, -(-n_kids // A.MAX_KINDEREN_PER_GEZIN))
        n_fam = int(min(max(target, 1), n_kids, n_hh))
    n_rest_hh = n_hh - n_fam
    # two-parent families only while enough adults remain for the other households
    n_two = int(min(round((1 - A.AANDEEL_EENOUDER) * n_fam), n_adults - n_fam - n_rest_hh))
    n_par = n_fam + n_two

    parents = adults[gumbel_top_k(A.parent_log_weight(ages[adults].astype(float)), n_par, rng)]
    parents = parents[np.argsort(ages[parents] + rng.normal(0, 2, n_par), kind="stable")]
    sizes = rng.permutation(np.r_[np.full(n_two, 2), np.full(n_fam - n_two, 1)])
    hh[parents] = np.repeat(np.arange(n_fam), sizes)  # families in ascending parent age
    if n_fam:
        per_family = 1 + np.bincount(rng.integers(0, n_fam, n_kids - n_fam), minlength=n_fam)
        kids_sorted = kids[np.argsort(ages[kids] + rng.random(n_kids), kind="stable")]
        hh[kids_sorted] = np.repeat(np.arange(n_fam), per_family)

    rest = adults[hh[adults] < 0]
    if n_rest_hh == 0:
        if len(rest):  # more adults than households allow: adult children or grandparents
            hh[rest] = rng.integers(0, n_fam, len(rest))
        return hh
    lo = max(0, 2 * n_rest_hh - len(rest))
    hi = n_rest_hh if len(rest) == n_rest_hh else n_rest_hh - 1
    if p_single is None:  # the share left when other households have their usual size
        m = A.VOLWASSENEN_PER_MEERPERSOONS
        target_single = round((m * n_rest_hh - len(rest)) / (m - 1))
    else:
        target_single = round(p_single * n_hh)
    n_single = int(min(max(target_single, lo), hi))
    n_multi = n_rest_hh - n_single
    # adults beyond MAX_VOLWASSENEN per other household live with a family instead (adult
    # children at home, mostly young), rather than in one huge household
    excess = len(rest) - n_single - A.MAX_VOLWASSENEN * n_multi
    if excess > 0 and n_fam and n_multi:
        movers = rest[gumbel_top_k(A.adult_child_log_weight(ages[rest].astype(float)), excess, rng)]
        hh[movers] = rng.integers(0, n_fam, excess)
        rest = rest[hh[rest] < 0]
    singles = rest[gumbel_top_k(A.single_log_weight(ages[rest].astype(float)), n_single, rng)]
    hh[singles] = n_fam + np.arange(n_single)
    others = rest[hh[rest] < 0]
    if n_multi:
        others = others[np.argsort(ages[others] + rng.normal(0, 3, len(others)), kind="stable")]
        extra = np.bincount(rng.integers(0, n_multi, len(others) - 2 * n_multi), minlength=n_multi)
        hh[others] = n_fam + n_single + np.repeat(np.arange(n_multi), 2 + extra)
    return hh


def _buurt_value(buurten: pd.DataFrame, column: str, scale: float = 1.0) -> list[float | None]:
    if column not in buurten.columns:
        return [None] * len(buurten)
    values = pd.to_numeric(buurten[column], errors="coerce")
    return [None if pd.isna(v) else float(v) * scale for v in values]


def build_persons(
    buurten: pd.DataFrame,
    adressen: pd.DataFrame,
    counts: pd.DataFrame,
    groepen: list[tuple[str, int, int]],
    rngs: dict[str, np.random.Generator],
    naam: str = "gemeente",
) -> pd.DataFrame:
    """Ages, households and addresses of every inwoner.

    Returns
    -------
    pandas.DataFrame
        Indexed 0..n-1 (``inwoner_id``), with ``leeftijd``, ``huishouden_id``,
        ``buurtcode``, ``wijkcode``, ``adres_id``, ``x``, ``y``; ordered by buurt and
        household.

    Raises
    ------
    ValidationError
        When a buurt with inwoners has no address point.
    """
    # Long on purpose: one vectorised draw of every person attribute per household; the
    # determinants are in aannames.py (reworked with issue 14).
    buurt_pos, ages = draw_ages(counts, groepen, rngs["leeftijden"])
    codes = counts.index.to_numpy()
    adres_ids = adressen.index.to_numpy()
    ax = adressen.geometry.x.to_numpy()
    ay = adressen.geometry.y.to_numpy()
    adres_buurt = pd.Index(codes).get_indexer(adressen["buurtcode"].to_numpy())
    by_buurt = pd.Series(np.arange(len(adressen))).groupby(adres_buurt).indices

    n_people = counts.sum(axis=1).to_numpy()
    empty = [codes[b] for b in range(len(codes)) if n_people[b] > 0 and b not in by_buurt]
    if empty:
        raise ValidationError(
            [
                Problem(
                    f"adressen van {naam}",
                    None,
                    "buurtcode",
                    c,
                    "buurt heeft inwoners maar geen enkel adrespunt",
                    "voeg de adressen van deze buurt toe of controleer de buurtgrenzen",
                )
                for c in empty
            ],
            f"adressen van {naam}",
        )

    hh_target = _buurt_value(buurten, "huishoudens")
    p_single = _buurt_value(buurten, "pct_eenpersoons", 0.01)
    p_kids = _buurt_value(buurten, "pct_met_kinderen", 0.01)
    starts = np.r_[0, np.cumsum(n_people)]
    hh_global = np.empty(len(ages), dtype=np.int64)
    adres_of = np.empty(len(ages), dtype=np.int64)
    offset = 0
    for b in range(len(codes)):
        lo, hi = starts[b], starts[b + 1]
        if hi == lo:
            continue
        n = hi - lo
        given = hh_target[b]
        target = given if given is not None else n / A.HUISHOUDGROOTTE
        local = make_households(
            ages[lo:hi],
            round(target),
            p_single[b],
            p_kids[b],
            rngs["huishoudens"],
        )
        n_hh = int(local.max()) + 1
        places = rngs["adressen"].permutation(by_buurt[b])
        adres_of[lo:hi] = places[local % len(places)]
        hh_global[lo:hi] = offset + local
        offset += n_hh

    order = np.lexsort((-ages, hh_global))  # by household, oldest first
    wijk_of_buurt = buurten["wijkcode"].reindex(codes).to_numpy()
    pos = adres_of[order]
    return pd.DataFrame(
        {
            "leeftijd": ages[order],
            "huishouden_id": hh_global[order],
            "buurtcode": codes[buurt_pos[order]],
            "wijkcode": wijk_of_buurt[buurt_pos[order]],
            "adres_id": adres_ids[pos],
            "x": ax[pos],
            "y": ay[pos],
        }
    ).rename_axis("inwoner_id")

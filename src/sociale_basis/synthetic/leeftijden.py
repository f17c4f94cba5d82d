"""Synthetic ages: the number of inwoners per buurt and age band, and their single ages.

Rules (numbers in :mod:`sociale_basis.synthetic.aannames`):

**Ages per band.** ``Bron.leeftijdsgroepen`` lists ``(column, youngest, oldest)``.

- ``"aantal"`` (exact counts, Zwolle): the synthetic count per band equals the given count.
  The counts of a buurt must add up to its ``inwoners``; otherwise a
  :class:`~sociale_basis.core.errors.ValidationError` lists every buurt that does not.
- ``"percentage"`` (CBS whole percentages, Delft): counts are the largest-remainder
  apportionment of ``inwoners`` over the percentages, normalised to 100 when they do not add up
  to 100 (CBS rounds each band). Missing percentages (CBS hides them in small buurten) are
  filled from the wijk: the buurt keeps the percentages it has, and what is left to 100 is
  shared over the missing bands in the proportions of its wijk. A buurt without any
  percentage therefore takes its wijk's. A wijk with missing percentages is filled the same way
  from the gemeente, whose percentages are the population-weighted mean of its buurten (of its
  wijken for a band no buurt gives).

**Single ages** are uniform within a band, except in the open top band (the oldest band when
it starts at 50 or later: 65+, 85+), where they follow the Gompertz-shaped weights of
:func:`~sociale_basis.synthetic.aannames.top_band_weights`, capped at 100.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError
from . import aannames as A
from .tools import IntArray, largest_remainder_rows

EENHEDEN = ("aantal", "percentage")


# --- counts per age band -----------------------------------------------------------------


def band_counts(
    buurten: pd.DataFrame,
    wijken: pd.DataFrame,
    groepen: list[tuple[str, int, int]],
    eenheid: str,
    naam: str = "gemeente",
) -> pd.DataFrame:
    """Number of inwoners per buurt and age band.

    Parameters
    ----------
    buurten
        Indexed by ``buurtcode``, with ``wijkcode``, ``inwoners`` and one column per band.
    wijken
        Indexed by ``wijkcode``; may carry the band columns (used for ``"percentage"``).
    groepen
        ``(column, youngest, oldest)`` per band.
    eenheid
        ``"aantal"`` or ``"percentage"`` (see the module docstring for the rules).
    naam
        Name of the gemeente, for error messages.

    Returns
    -------
    pandas.DataFrame
        Integer counts, indexed like `buurten`, one column per band; rows sum to
        ``inwoners``.

    Raises
    ------
    ValidationError
        Unknown `eenheid`, missing band columns, missing or negative ``inwoners``, counts
        that are missing, negative, fractional or do not add up (``"aantal"``), or a band
        without any percentage in the whole gemeente (``"percentage"``).
    """
    what = f"buurten van {naam}"
    cols = [c for c, _, _ in groepen]
    problems: list[Problem] = []
    if eenheid not in EENHEDEN:
        problems.append(
            Problem(
                what,
                None,
                "leeftijd.eenheid",
                eenheid,
                "onbekende eenheid",
                "kies 'aantal' of 'percentage' in het manifest",
            )
        )
    missing = [c for c in cols if c not in buurten.columns]
    problems += [
        Problem(
            what,
            None,
            c,
            None,
            "kolom met leeftijdsgroep ontbreekt",
            "voeg de kolom toe of corrigeer [buurten.leeftijd] groepen in het manifest",
        )
        for c in missing
    ]
    n = pd.to_numeric(buurten["inwoners"], errors="coerce")
    for code in n.index[n.isna() | (n < 0)]:
        problems.append(
            Problem(
                what,
                None,
                "inwoners",
                buurten.at[code, "inwoners"],
                f"buurt {code}: inwoners ontbreekt of is negatief",
                "geef het aantal inwoners (0 of meer) van deze buurt",
            )
        )
    if problems:
        raise ValidationError(problems, what)
    totals = n.to_numpy(dtype=np.int64)
    if eenheid == "aantal":
        counts = _exact_counts(buurten[cols], totals, what)
    else:
        shares = fill_percentages(buurten, wijken, cols, what)
        counts = largest_remainder_rows(totals, shares.to_numpy())
    return pd.DataFrame(counts, index=buurten.index, columns=cols)


def _exact_counts(table: pd.DataFrame, totals: IntArray, what: str) -> IntArray:
    values = table.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    problems: list[Problem] = []
    for i, code in enumerate(table.index):
        row = values[i]
        bad = np.isnan(row) | (row < 0) | (np.round(row) != row)
        for j in np.flatnonzero(bad):
            problems.append(
                Problem(
                    what,
                    None,
                    str(table.columns[int(j)]),
                    row[j],
                    f"buurt {code}: aantal ontbreekt, is negatief of geen geheel getal",
                    "geef een geheel aantal van 0 of meer",
                )
            )
        if not bad.any() and row.sum() != totals[i]:
            problems.append(
                Problem(
                    what,
                    None,
                    "inwoners",
                    int(totals[i]),
                    f"buurt {code}: de leeftijdsgroepen tellen op tot {int(row.sum())}",
                    "maak inwoners gelijk aan de som van de leeftijdsgroepen",
                )
            )
    if problems:
        raise ValidationError(problems, what)
    return np.round(values).astype(np.int64)


def fill_percentages(
    buurten: pd.DataFrame, wijken: pd.DataFrame, cols: list[str], what: str = "buurten"
) -> pd.DataFrame:
    """Age percentages per buurt with every gap filled (buurt <- wijk <- gemeente).

    A missing band gets its share of ``100 - sum(given bands)`` (at least 0) in the
    proportions of the next level; a row with no positive value takes the next level's
    percentages as they are. The gemeente level is the mean of the buurten's percentages
    per band, weighted by ``inwoners`` over the buurten that give that band (for a band that
    no buurt gives: the same mean over the wijken).

    Raises
    ------
    ValidationError
        When a band has no value in any buurt or wijk, so no level can fill it.
    """
    p = buurten[cols].apply(pd.to_numeric, errors="coerce")
    wijk_p = pd.DataFrame(np.nan, index=wijken.index, columns=cols)
    for c in cols:
        if c in wijken.columns:
            wijk_p[c] = pd.to_numeric(wijken[c], errors="coerce")
    gemeente = _weighted_mean(p, buurten["inwoners"])
    # a band no buurt gives: the mean of the wijken that give it
    gemeente = gemeente.fillna(_weighted_mean(wijk_p, wijken.get("inwoners")))
    empty = [c for c in cols if pd.isna(gemeente[c])]
    if empty:
        raise ValidationError(
            [
                Problem(
                    what,
                    None,
                    c,
                    None,
                    "geen enkele bewoonde buurt of wijk heeft een percentage",
                    "vul de percentages aan of geef aantallen (eenheid 'aantal')",
                )
                for c in empty
            ],
            what,
        )
    wijk_p = _fill_from(wijk_p, pd.DataFrame([gemeente] * len(wijk_p), index=wijk_p.index))
    ref = wijk_p.reindex(buurten["wijkcode"].to_numpy())
    # a wijk the wijken table does not know falls back to the gemeente
    ref = ref.fillna(gemeente)
    ref.index = buurten.index
    return _fill_from(p, ref)


def _weighted_mean(p: pd.DataFrame, inwoners: pd.Series | None) -> pd.Series:
    """Mean per column over the rows with a value, weighted by inwoners (equal weights
    when no row with a value has inwoners)."""
    if inwoners is None:
        weight = pd.Series(1.0, index=p.index)
    else:
        weight = pd.to_numeric(inwoners, errors="coerce").astype(float).fillna(0.0)
    given = p.notna()
    w = given.mul(weight, axis=0)
    w = w.where(w.sum() > 0, given.astype(float))  # no weight at all: count rows equally
    total = w.sum().replace(0, np.nan)
    return (p.fillna(0).mul(w)).sum() / total


def _fill_from(p: pd.DataFrame, ref: pd.DataFrame) -> pd.DataFrame:
    known = p.notna().to_numpy()
    values = p.to_numpy(dtype=float, na_value=np.nan)
    r = ref.to_numpy(dtype=float)
    rest = np.clip(100.0 - np.nansum(values, axis=1), 0.0, None)
    ref_missing = np.where(known, 0.0, r)
    sums = ref_missing.sum(axis=1, keepdims=True)
    share = np.divide(ref_missing, sums, out=np.zeros_like(r), where=sums > 0)
    filled = np.where(known, values, share * rest[:, None])
    # nothing positive left (all missing with an empty reference, or all zero): take ref
    dead = filled.sum(axis=1) <= 0
    filled[dead] = r[dead]
    return pd.DataFrame(filled, index=p.index, columns=p.columns)


# --- single ages ---------------------------------------------------------------------------


def draw_ages(
    counts: pd.DataFrame, groepen: list[tuple[str, int, int]], rng: np.random.Generator
) -> tuple[IntArray, IntArray]:
    """Single ages for every inwoner.

    Returns
    -------
    (buurt, leeftijd)
        Position of the buurt (row of `counts`) and age in whole years, per inwoner,
        ordered by buurt and band.
    """
    c = counts.to_numpy(dtype=np.int64)
    n_buurt, n_band = c.shape
    buurt = np.repeat(np.repeat(np.arange(n_buurt), n_band), c.ravel())
    band = np.repeat(np.tile(np.arange(n_band), n_buurt), c.ravel())
    ages = np.empty(len(band), dtype=np.int64)
    top = max(range(n_band), key=lambda j: groepen[j][1]) if n_band else -1
    for j, (_, lo, hi) in enumerate(groepen):
        sel = np.flatnonzero(band == j)
        hi_c = min(hi, A.MAX_LEEFTIJD)
        if j == top and lo >= 50:
            w = A.top_band_weights(lo, hi)
            ages[sel] = lo + rng.choice(len(w), size=len(sel), p=w)
        else:
            ages[sel] = rng.integers(lo, hi_c + 1, size=len(sel))
    return buurt, ages

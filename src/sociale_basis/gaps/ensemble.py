"""Signals and measures over many synthetic populations: the median and 90 % interval of every
measure per area over the seeds, and per signal the share of seeds in which it fires
(robuust at :data:`ROBUUST`). :func:`only_robust` keeps the signals of one run that are
robuust, which :func:`sociale_basis.pipeline.run` does with ``robuust=``. The bundles are
loaded by :func:`sociale_basis.pipeline.ensemble`; here a function makes the gebied per seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..core.gebied import Gebied
from ..social import build_graph, measure_cohesion
from .engine import find_signalen

ROBUUST = 0.8
"""A signal is robuust when it fires in at least this share of the seeds."""

SIGNAAL_SLEUTEL = ["gebiedcode", "niveau", "signaal", "onderwerp"]
"""What makes two signals of two seeds the same signal."""


@dataclass
class Ensemble:
    """Measures and signals over several seeds of the synthetic population.

    Attributes
    ----------
    maten
        Per area (``gebiedcode``) and measure (``maat``): ``mediaan``, ``p05`` and ``p95``
        (the 90 % interval over the seeds: 5th and 95th percentile, linear between seeds)
        and ``seeds``. Synthetic: every value describes synthetic inwoners.
    signalen
        Per area, signal and onderwerp: ``aandeel_seeds`` (the share of seeds in which it
        fires), ``robuust`` (``aandeel_seeds >= drempel``), and the ``reden`` of the first
        seed in which it fired.
    per_seed
        The raw values: one row per seed, area and measure.
    drempel
        The share of seeds that makes a signal robuust.
    """

    maten: pd.DataFrame
    signalen: pd.DataFrame
    per_seed: pd.DataFrame
    drempel: float

    def robuuste_signalen(self) -> pd.DataFrame:
        """Only the signals that fire in at least :attr:`drempel` of the seeds."""
        return self.signalen[self.signalen["robuust"]]


def population_measures(gebied: Gebied, niveau: str = "wijk") -> pd.DataFrame:
    """Population shares per area of the synthetic inwoners (rows: area codes).

    - ``aandeel_hulpvraag`` = inwoners with a hulpvraag / inwoners
    - ``aandeel_huishoudens_financien`` = households with a member with hulpvraag
      financien / households
    - ``aandeel_eenzaam_18plus`` = inwoners of 18+ who are ernstig eenzaam / inwoners of 18+
    """
    inw = gebied.inwoners
    code = "wijkcode" if niveau == "wijk" else "buurtcode"
    hv = inw["hulpvraag"].notna().to_numpy(dtype=bool)
    fin = (inw["hulpvraag"] == "financien").fillna(False).to_numpy(dtype=bool)
    frame = pd.DataFrame({"area": inw[code].to_numpy(), "hh": inw["huishouden_id"], "hv": hv})
    frame["fin"] = fin
    households = frame.groupby("hh").agg(area=("area", "first"), fin=("fin", "any"))
    out = pd.DataFrame(
        {
            "aandeel_hulpvraag": frame.groupby("area")["hv"].mean(),
            "aandeel_huishoudens_financien": households.groupby("area")["fin"].mean(),
        }
    )
    if "eenzaam" in inw.columns:
        grown = inw[inw["leeftijd"] >= 18]
        out["aandeel_eenzaam_18plus"] = grown.groupby(code)["eenzaam"].mean()
    return out.rename_axis("gebiedcode")


def _one_seed(
    maak: Callable[[int], Any],
    seed: int,
    niveau: str,
    signalen: bool,
    opties: dict[str, Any],
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    gebied = maak(seed)
    G = build_graph(gebied)
    tables = []
    for level in ("wijk", "buurt") if niveau == "beide" else (niveau,):
        cohesie = measure_cohesion(G, niveau=level, **opties["cohesie"])
        tables.append(
            pd.concat([cohesie.select_dtypes("number"), population_measures(gebied, level)], axis=1)
        )
    table = pd.concat(tables)
    long = table.rename_axis("gebiedcode").reset_index().melt("gebiedcode", var_name="maat")
    found = None
    if signalen:
        s = find_signalen(gebied, niveau=niveau, modus=opties["modus"], drempels=opties["drempels"])
        found = pd.DataFrame(s.drop(columns="geometry")).assign(seed=seed)
    return long.assign(seed=seed), found


def over_seeds(
    maak: Callable[[int], Any],
    *,
    seeds: Sequence[int] = (1, 2, 3, 4, 5),
    niveau: str = "wijk",
    drempel: float = ROBUUST,
    signalen: bool = True,
    drempels: Mapping[str, Any] | str | None = None,
    processen: int = 1,
    modus: str = "lopen",
    cohesie: Mapping[str, Any] | None = None,
) -> Ensemble:
    """Measures and signals of a gemeente over several synthetic populations.

    A synthetic population is one draw: this runs the cohesion measures, the population
    shares (:func:`population_measures`) and the signals over each seed and reports per
    measure and area the median and the 90 % interval (5th to 95th percentile over the
    seeds), and per signal the share of seeds in which it fires.

    Parameters
    ----------
    maak
        The function that makes the gebied for a seed (a module-level function, or a
        :func:`functools.partial` of one, when ``processen > 1``).
        :func:`sociale_basis.pipeline.ensemble` passes one that loads a bundle.
    seeds
        The seeds; at least two.
    niveau
        ``"wijk"``, ``"buurt"`` or ``"beide"``.
    drempel
        A signal is ``robuust`` when it fires in at least this share of the seeds.
    signalen
        Also find the signals (the slowest step).
    drempels
        Thresholds of the signals (see :func:`sociale_basis.gaps.find_signalen`).
    processen
        Seeds run in this many processes at once (1: one after the other). Each process
        holds a whole gemeente in memory.
    modus
        Travel mode of the signals about distance.
    cohesie
        Options of :func:`sociale_basis.social.measure_cohesion` (e.g. ``{"sources":
        200}`` to estimate betweenness from fewer sources: faster).

    Raises
    ------
    ValueError
        Fewer than two seeds, or a `drempel` outside (0, 1].

    Examples
    --------
    Seeds 1-5 with 10, 20, 30, 40 and 50 of 200 inwoners with a hulpvraag give
    ``aandeel_hulpvraag`` a median of 0.15 and a 90 % interval of 0.06-0.24 (the 5th
    percentile lies a fifth of the way from the first seed to the second); a signal that
    fires in 4 of the 5 seeds has ``aandeel_seeds`` 0.8 and is robuust.
    """
    seeds = list(seeds)
    if len(seeds) < 2:
        raise ValueError(f"een ensemble heeft minstens twee seeds nodig, niet {len(seeds)}")
    if not 0 < drempel <= 1:
        raise ValueError(
            f"drempel moet tussen 0 en 1 liggen (aandeel van de seeds), niet {drempel}"
        )
    opties = {
        "drempels": drempels,
        "modus": modus,
        "cohesie": dict(cohesie or {}),
    }
    args = [(maak, s, niveau, signalen, opties) for s in seeds]
    if processen > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=processen) as pool:
            results = list(pool.map(_one_seed, *zip(*args, strict=True)))
    else:
        results = [_one_seed(*a) for a in args]
    per_seed = pd.concat([r[0] for r in results], ignore_index=True)
    return Ensemble(summarise(per_seed), _robust(results, len(seeds), drempel), per_seed, drempel)


def summarise(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Median, 5th and 95th percentile and number of seeds per area and measure of the
    long table ``per_seed`` (``gebiedcode``, ``maat``, ``value``, ``seed``)."""
    grouped = per_seed.groupby(["gebiedcode", "maat"])["value"]
    return pd.DataFrame(
        {
            "mediaan": grouped.median(),
            "p05": grouped.quantile(0.05),
            "p95": grouped.quantile(0.95),
            "seeds": grouped.count(),
        }
    )


def _robust(
    results: list[tuple[pd.DataFrame, pd.DataFrame | None]], n: int, drempel: float
) -> pd.DataFrame:
    frames = [r[1] for r in results if r[1] is not None]
    if not frames:
        return pd.DataFrame(columns=[*SIGNAAL_SLEUTEL, "aandeel_seeds", "robuust", "reden"])
    found = pd.concat(frames, ignore_index=True)
    found["onderwerp"] = found["onderwerp"].fillna("")
    g = found.groupby(SIGNAAL_SLEUTEL, dropna=False)
    out = g.agg(seeds=("seed", "nunique"), reden=("reden", "first")).reset_index()
    out["aandeel_seeds"] = out.pop("seeds") / n
    out["robuust"] = out["aandeel_seeds"] >= drempel
    return out.sort_values(["robuust", "aandeel_seeds"], ascending=False, kind="stable")


def only_robust(signalen: pd.DataFrame, uitslag: Ensemble) -> pd.DataFrame:
    """The signals of one run that are robuust in the ensemble, with their ``aandeel_seeds``.

    A signal of ``signalen`` is kept when the same area, level, signal and onderwerp fires
    in at least :attr:`Ensemble.drempel` of the ensemble's seeds; a signal of the ensemble
    that does not fire in this run is not added (its reason would describe another draw).
    """

    def keys(frame: pd.DataFrame) -> list[tuple[str, ...]]:
        parts = frame.reindex(columns=SIGNAAL_SLEUTEL).fillna({"onderwerp": ""})
        return [tuple(str(v) for v in row) for row in parts.itertuples(index=False)]

    share = dict(zip(keys(uitslag.signalen), uitslag.signalen["aandeel_seeds"], strict=True))
    aandeel = pd.Series([share.get(k, 0.0) for k in keys(signalen)], index=signalen.index)
    keep = aandeel >= uitslag.drempel
    out = signalen[keep.to_numpy()].copy()
    out["aandeel_seeds"] = aandeel[keep].to_numpy()
    return out

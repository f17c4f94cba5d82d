"""Two-step floating catchment (2SFCA, E2SFCA) on any table of costs: the one 2SFCA.

:func:`two_step_fca_from_costs` takes a long table of origin-destination costs (from
:func:`~sociale_basis.streets.access.cost_table`, r5py, an OD matrix of your own, straight
lines ...), the demand per origin and the capacity per site. The street-network functions
:func:`~sociale_basis.streets.access.two_step_fca` and
:func:`~sociale_basis.streets.access.enhanced_two_step_fca` compute their costs and then
call it, so there is one 2SFCA in the package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: E2SFCA weights of Luo & Qi (2009) for travel-time zones of 0-10, 10-20 and 20-30 minutes
#: (Gaussian weights 1.00, 0.68 and 0.22); keys are upper bounds in minutes, as in PySAL
#: ``access.weights.step_fn``.
E2SFCA_WEIGHTS: Mapping[float, float] = {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}

#: Costs and bounds are rounded to this many decimals of their unit before they are
#: compared: a millimetre for metres (0.06 s for minutes). Costs summed along a route carry
#: float noise (500 m can come out as 500.0000000001 m), and without the grid such a cost
#: would fall just outside a bound of 500 m.
GRID_DECIMALS = 3
GRID = 10.0**-GRID_DECIMALS

Weights = Mapping[float, float] | Callable[[np.ndarray], np.ndarray] | None
"""``W(c)``: ``None`` (1 everywhere), ``{upper bound: weight}`` or a function of cost."""


@dataclass(frozen=True)
class TwoStepFca:
    """The two results of a 2SFCA.

    Attributes
    ----------
    toegang
        :math:`A_i` per origin (index of ``vraag``, name ``"toegang"``): capacity within
        reach per unit of demand. 0 where no site is within reach.
    ratio
        :math:`R_j` per site (index of ``aanbod``, name ``"ratio"``): capacity per unit of
        (weighted) demand in the site's catchment. NaN where no demand is within reach.

    ``A, R = result`` unpacks the two.
    """

    toegang: pd.Series
    ratio: pd.Series

    def __iter__(self) -> Iterator[pd.Series]:
        return iter((self.toegang, self.ratio))


# Long only through its docstring, which defines what it measures (house style).
def two_step_fca_from_costs(
    kosten: pd.DataFrame,
    vraag: pd.Series,
    aanbod: pd.Series,
    *,
    drempel: float | None = None,
    gewichten: Weights = None,
    herkomst_kolom: str = "herkomst",
    bestemming_kolom: str = "bestemming",
    kosten_kolom: str | None = None,
    paargewicht_kolom: str | None = None,
) -> TwoStepFca:
    """Two-step floating catchment (Luo & Wang 2003; E2SFCA: Luo & Qi 2009) on a cost table.

    With :math:`c_{ij}` the cost from origin :math:`i` to site :math:`j`, first put on a
    millimetre grid (:math:`\\hat c = ` ``round(c, 3)``; see :data:`GRID_DECIMALS`), and
    :math:`c_0` the ``drempel`` (rounded the same way):

    Step 1, per site :math:`j` with capacity :math:`S_j`:
    :math:`R_j = S_j / \\sum_{k:\\,\\hat c_{kj} \\le c_0} \\omega_{kj} W(\\hat c_{kj}) P_k`.

    Step 2, per origin :math:`i`:
    :math:`A_i = \\sum_{j:\\,\\hat c_{ij} \\le c_0} \\omega_{ij} W(\\hat c_{ij}) R_j`.

    :math:`P_k` is the demand (``vraag``), :math:`W` the distance weight (``gewichten``;
    1 for 2SFCA, a step function of cost for E2SFCA) and :math:`\\omega` an optional
    weight per pair (``paargewicht_kolom``, e.g. 3 within the own wijk; default 1).

    Parameters
    ----------
    kosten
        Long table, one row per (origin, site) pair within reach; pairs that are absent
        are out of reach. Costs in any unit (metres, minutes), finite and 0 or more.
    vraag
        :math:`P_k` per origin (0 or more), indexed by the origin ids used in ``kosten``;
        every origin in ``kosten`` must be in it. Origins without a pair get :math:`A_i = 0`.
    aanbod
        :math:`S_j` per site (0 or more), indexed by the site ids used in ``kosten``.
    drempel
        :math:`c_0`, in the unit of the costs. Default: the largest bound of a
        ``gewichten`` mapping (required otherwise).
    gewichten
        :math:`W`: ``None`` (2SFCA, :math:`W = 1`), ``{upper bound: weight}`` (a step
        function: the weight of the first bound :math:`\\ge \\hat c`, 0 beyond the last, as
        PySAL ``access.weights.step_fn``; :data:`E2SFCA_WEIGHTS`), or a function of an
        array of costs returning weights of 0 or more.
    herkomst_kolom, bestemming_kolom, kosten_kolom, paargewicht_kolom
        Columns of ``kosten``. ``kosten_kolom`` may be left out when the table has one
        column besides the origin, site and pair-weight columns (as
        :func:`~sociale_basis.streets.access.cost_table` gives).

    Returns
    -------
    TwoStepFca
        ``toegang`` (:math:`A_i`, indexed like ``vraag``) and ``ratio`` (:math:`R_j`,
        indexed like ``aanbod``).

    Notes
    -----
    Edge cases, and where PySAL ``access`` (``Access.two_stage_fca``) differs:

    - An origin with no site within reach gets :math:`A_i = 0` (an empty sum: there is no
      capacity within reach). PySAL leaves it out of its sum: NaN in ``access_df``.
    - A site with no demand within reach (no pair, or only origins with :math:`P_k = 0`)
      gets :math:`R_j` = NaN and adds nothing to any :math:`A_i`. PySAL divides by zero
      where such a site has pairs: :math:`R_j = S_j / 0 = \\infty`, and every origin that
      reaches it gets :math:`A_i = \\infty` (with :math:`S_j = 0` it is 0/0 = NaN, which
      its sum skips: then the two agree).
    - Costs within half a millimetre of a bound count as on it (the grid). PySAL compares
      raw floats: a cost of 500.0000000001 is outside ``max_cost=500`` there.
    - An origin or site in ``kosten`` that is missing from ``vraag`` or ``aanbod``, or a
      pair listed twice, raises here; PySAL drops such origins, gives such sites no
      capacity and counts a pair twice.

    Everywhere else the two agree (tested to a relative 1e-9).

    Raises
    ------
    TypeError
        ``kosten`` is not a DataFrame, or ``vraag`` or ``aanbod`` not a Series.
    ValueError
        Missing columns; no ``drempel`` where it is required, or one that is not positive;
        costs, demand, capacity, pair weights or weights that are negative or not finite;
        duplicate ids or pairs; ids in ``kosten`` that ``vraag`` or ``aanbod`` lacks.
    """
    table = _Costs(kosten, herkomst_kolom, bestemming_kolom, kosten_kolom, paargewicht_kolom)
    demand = _amounts(vraag, "vraag", "herkomst")
    supply = _amounts(aanbod, "aanbod", "aanbieder")
    o = _positions(vraag.index, table.origins, "vraag", herkomst_kolom)
    d = _positions(aanbod.index, table.sites, "aanbod", bestemming_kolom)
    if _has_duplicates(o * len(supply) + d, len(demand) * len(supply)):
        raise ValueError(
            "de kosten noemen een paar (herkomst, bestemming) meer dan eens; geef elk paar één "
            "keer (bijvoorbeeld de kortste: kosten.groupby([herkomst, bestemming]).min())."
        )
    c0 = _threshold(drempel, gewichten)
    cost = np.round(table.cost, GRID_DECIMALS)
    keep = cost <= c0
    o, d = o[keep], d[keep]
    w = step_weights(gewichten, cost[keep]) * table.pair_weight[keep]
    weighted_demand = np.bincount(d, weights=w * demand[o], minlength=len(supply))
    ratio = np.full(len(supply), np.nan)
    has = weighted_demand > 0
    ratio[has] = supply[has] / weighted_demand[has]
    # a site without demand in reach (NaN) adds nothing, rather than infinity
    access = np.bincount(o, weights=w * np.nan_to_num(ratio[d]), minlength=len(demand))
    return TwoStepFca(
        toegang=pd.Series(access, index=vraag.index, name="toegang"),
        ratio=pd.Series(ratio, index=aanbod.index, name="ratio"),
    )


def step_weights(gewichten: Weights, cost: np.ndarray) -> np.ndarray:
    """:math:`W(c)` per cost; see ``gewichten`` of :func:`two_step_fca_from_costs`.

    A mapping is a step function: the weight of the first upper bound :math:`\\ge c`
    (costs and bounds on the millimetre grid), 0 beyond the last bound.

    Raises
    ------
    ValueError
        A weight that is negative or not finite (from a mapping or a function), or a
        function that does not return one weight per cost.
    """
    cost = np.asarray(cost, float)
    if gewichten is None:
        return np.ones(len(cost))
    if callable(gewichten):
        w = np.asarray(gewichten(cost), float)
        if w.shape != cost.shape:
            raise ValueError(
                f"de gewichtsfunctie gaf {w.size} waarden voor {cost.size} kosten; geef één "
                "gewicht per kosten."
            )
    else:
        steps = sorted(gewichten.items())
        bounds = np.round(np.array([b for b, _ in steps], float), GRID_DECIMALS)
        values = np.array([v for _, v in steps] + [0.0], float)  # beyond the last bound: 0
        _check_weights(values)
        on_grid = np.round(cost, GRID_DECIMALS)
        w = values[np.searchsorted(bounds, on_grid, side="left")]  # first bound >= cost
    _check_weights(w)
    return w


def _check_weights(w: np.ndarray) -> None:
    bad = ~(np.isfinite(w) & (w >= 0))
    if bad.any():
        raise ValueError(
            f"gewichten moeten getallen van 0 of meer zijn, niet {np.unique(w[bad])[:5].tolist()}."
        )


class _Costs:
    """The columns of a cost table, checked."""

    def __init__(
        self,
        kosten: pd.DataFrame,
        origin: str,
        site: str,
        cost: str | None,
        pair_weight: str | None,
    ) -> None:
        if not isinstance(kosten, pd.DataFrame):
            raise TypeError(
                "kosten: verwacht een DataFrame met een rij per paar (herkomst, bestemming, "
                f"kosten), niet {type(kosten).__name__}."
            )
        named = [origin, site] + ([pair_weight] if pair_weight else [])
        if cost is not None:
            named.append(cost)
        missing = [c for c in named if c not in kosten.columns]
        if missing:
            raise ValueError(
                f"kosten missen de kolom(men) {missing}; aanwezig: {list(kosten.columns)}."
            )
        if cost is None:
            rest = [c for c in kosten.columns if c not in named]
            if len(rest) != 1:
                raise ValueError(
                    f"kosten: noem de kolom met de kosten (kosten_kolom=...); naast "
                    f"{named} staan er {len(rest)} kolommen: {rest}."
                )
            cost = str(rest[0])
        self.origins = kosten[origin].to_numpy()
        self.sites = kosten[site].to_numpy()
        self.cost = _column(kosten, cost)
        self.pair_weight = _column(kosten, pair_weight) if pair_weight else np.ones(len(kosten))


def _column(kosten: pd.DataFrame, name: str) -> np.ndarray:
    values = pd.to_numeric(kosten[name], errors="coerce").to_numpy(float)
    bad = ~(np.isfinite(values) & (values >= 0))
    if bad.any():
        first = kosten[name].to_numpy()[np.flatnonzero(bad)[0]]
        raise ValueError(
            f"kosten, kolom '{name}': {int(bad.sum())} waarden zijn leeg, negatief of geen "
            f"getal (bijvoorbeeld {first!r}); geef elk paar een getal van 0 of meer."
        )
    return values


def _amounts(values: pd.Series, what: str, per: str) -> np.ndarray:
    """Demand or capacity per id: a Series of numbers >= 0 with unique ids."""
    if not isinstance(values, pd.Series):
        raise TypeError(f"{what}: verwacht een Series met een getal per {per} (index: de id).")
    if not values.index.is_unique:
        twice = values.index[values.index.duplicated()].unique()[:5].tolist()
        raise ValueError(f"{what}: de id's moeten uniek zijn; dubbel: {twice}.")
    out = pd.to_numeric(values, errors="coerce").to_numpy(float)
    bad = ~(np.isfinite(out) & (out >= 0))
    if bad.any():
        ids = values.index[bad][:5].tolist()
        raise ValueError(
            f"{what}: {int(bad.sum())} waarden zijn leeg, negatief of geen getal (id's {ids}); "
            f"geef voor elke {per} een getal van 0 of meer."
        )
    return out


def _has_duplicates(keys: np.ndarray, n_keys: int) -> bool:
    """Whether a key occurs twice; keys are integers in ``0 .. n_keys - 1``."""
    # counting is linear (np.unique hashes or sorts: the slowest step of a 2SFCA over a
    # whole town); it needs memory per possible key, so only when those are not too many
    if n_keys <= 8 * len(keys) + 1_000_000:
        return bool(len(keys)) and int(np.bincount(keys, minlength=n_keys).max()) > 1
    ordered = np.sort(keys)
    return bool((ordered[1:] == ordered[:-1]).any())


def _positions(index: pd.Index, ids: np.ndarray, what: str, column: str) -> np.ndarray:
    """Position of every id of the cost table in ``index``; raise on ids it lacks."""
    pos = index.get_indexer(pd.Index(ids))
    if (pos < 0).any():
        lacking = pd.unique(ids[pos < 0])
        raise ValueError(
            f"{len(lacking)} id's in kolom '{column}' van de kosten ontbreken in {what} "
            f"(bijvoorbeeld {lacking[:5].tolist()}); geef voor elk een waarde (0 mag)."
        )
    return pos.astype(np.int64)


def _threshold(drempel: float | None, gewichten: Weights) -> float:
    """:math:`c_0` on the grid: ``drempel``, else the largest bound of a weight mapping."""
    if drempel is None:
        if gewichten is None or callable(gewichten) or not gewichten:
            raise ValueError(
                "geef drempel= (de grootste kosten die nog binnen bereik zijn), of gewichten "
                "als {bovengrens: gewicht}: dan is de grootste grens de drempel."
            )
        drempel = max(gewichten)
    if not np.isfinite(drempel) or drempel <= 0:
        raise ValueError(f"drempel moet een positief getal zijn, niet {drempel}.")
    return float(np.round(drempel, GRID_DECIMALS))

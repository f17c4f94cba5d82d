"""Spatial clusters of low values: local Moran's I (LISA) with permutations and FDR.

For one measure per area (high = good, e.g. the share of inwoners near a huisarts) local
Moran's I (Anselin 1995, PySAL ``esda.Moran_Local``) compares each area's standardised value
:math:`z_i` with the mean of its neighbours (row-standardised weights :math:`w_{ij}`):

.. math:: I_i = z_i \\sum_j w_{ij} z_j

An area is in a *low-low* cluster when its value and the mean of its neighbours are both
below the mean of all areas (quadrant 3) and its pseudo p-value (conditional permutations,
seeded) is at most the false-discovery-rate cut-off of ``esda.fdr`` (Benjamini-Hochberg over
all tested areas; when nothing passes, the Bonferroni bound alpha/n).

Areas without a value (too few persons for a published share) are left out of the test and
listed. Neighbours are areas sharing a border (``rook``) or also a corner (``queen``);
areas without neighbours among the tested areas (*eilanden*) are left out of the test too
(a lag of nothing says nothing) and listed, never dropped silently.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core import taxonomy
from ..privacy import MIN_INWONERS
from ..streets import MODI
from .reasons import (
    NIVEAU_MEERVOUD,
    ROL_ZIN,
    count_areas,
    format_m,
    format_number,
    format_p,
    format_pct,
    format_ratio,
    join_dutch,
    soort_zin,
)
from .thresholds import GROEPEN, Drempels

if TYPE_CHECKING:
    from .rules import _Context

MIN_AREAS = 5
"""Fewer tested areas than this give no cluster analysis (a reason is reported)."""


@dataclass
class Clusteruitkomst:
    """The LISA outcome for one measure.

    Attributes
    ----------
    variabele
        Name of the measure.
    tabel
        Indexed by the tested area codes: ``waarde``, ``kwadrant`` (1 hoog-hoog, 2 laag-hoog,
        3 laag-laag, 4 hoog-laag), ``p`` (pseudo p-value), ``significant`` (after FDR) and
        ``laag_laag`` (quadrant 3 and significant).
    grens
        The FDR cut-off for ``p``.
    gemiddelde
        Mean of the measure over the tested areas.
    zonder_waarde, eilanden
        Area codes left out: no published value, or no neighbour among the tested areas.
    opmerking
        Why no test was done (too few areas, no spread), or empty.
    """

    variabele: str
    tabel: pd.DataFrame
    grens: float = float("nan")
    gemiddelde: float = float("nan")
    zonder_waarde: list[str] = field(default_factory=list)
    eilanden: list[str] = field(default_factory=list)
    opmerking: str = ""


def _pysal() -> tuple[Any, Any]:
    """libpysal's Graph and esda, with an install hint when they are missing."""
    try:
        import esda
        from libpysal.graph import Graph
    except ImportError as error:
        raise ImportError(
            "de clusteranalyse (signaal cluster_laag) gebruikt PySAL: installeer esda en "
            "libpysal (pip install esda libpysal), of zet de clusters uit met "
            "drempels={'clusters': {'aan': False}}."
        ) from error
    return Graph, esda


def local_clusters(
    areas: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    buren: str = "queen",
    permutaties: int = 999,
    alpha: float = 0.05,
    seed: int | None = 0,
) -> Clusteruitkomst:
    """Local Moran's I of ``values`` over the polygons of ``areas``; low-low clusters.

    Parameters
    ----------
    areas
        Area polygons indexed by area code (EPSG:28992).
    values
        One value per area (same index; NaN = no published value).
    buren
        ``"queen"`` (shared border or corner) or ``"rook"`` (shared border).
    permutaties, alpha, seed
        Conditional permutations, FDR level and the seed of the permutations.

    Returns
    -------
    Clusteruitkomst
    """
    Graph, esda = _pysal()
    name = str(values.name)
    values = values.reindex(areas.index).astype(float)
    empty = pd.DataFrame(
        {
            "waarde": pd.Series(dtype=float),
            "kwadrant": pd.Series(dtype=int),
            "p": pd.Series(dtype=float),
            "significant": pd.Series(dtype=bool),
            "laag_laag": pd.Series(dtype=bool),
        }
    )
    missing = [str(c) for c in values.index[values.isna()]]
    tested = areas.loc[values.notna().to_numpy()]
    result = Clusteruitkomst(name, empty, zonder_waarde=missing)
    if len(tested) < MIN_AREAS:
        result.opmerking = (
            f"te weinig gebieden met een waarde ({len(tested)}; minstens {MIN_AREAS} nodig)"
        )
        return result
    graph = Graph.build_contiguity(tested, rook=buren == "rook")
    islands = [str(c) for c in graph.isolates]
    result.eilanden = islands
    if islands:
        tested = tested.drop(index=graph.isolates)
        if len(tested) < MIN_AREAS:
            result.opmerking = (
                f"te weinig gebieden met buren ({len(tested)}; minstens {MIN_AREAS} nodig)"
            )
            return result
        graph = Graph.build_contiguity(tested, rook=buren == "rook")
    y = values.loc[tested.index].to_numpy(float)
    result.gemiddelde = float(y.mean())
    if np.ptp(y) == 0:
        result.opmerking = "alle gebieden hebben dezelfde waarde: geen clusters te vinden"
        return result
    with warnings.catch_warnings():
        # esda 2.9 announces a future change of its default alternative hypothesis; the
        # pseudo p-values used here (folded, in the direction of the observed statistic,
        # recomputed from the kept simulations) do not change with it.
        warnings.filterwarnings(
            "ignore", message="The alternative hypothesis", category=DeprecationWarning
        )
        lisa = esda.Moran_Local(
            y, graph.transform("r"), permutations=permutaties, seed=seed, n_jobs=1
        )
    p = np.asarray(lisa.p_sim, float)
    cutoff = float(esda.fdr(p, alpha))
    significant = p <= cutoff
    quadrant = np.asarray(lisa.q, int)
    result.grens = cutoff
    result.tabel = pd.DataFrame(
        {
            "waarde": y,
            "kwadrant": quadrant,
            "p": p,
            "significant": significant,
            "laag_laag": significant & (quadrant == 3),
        },
        index=tested.index,
    )
    return result


# --- the flag rule ----------------------------------------------------------------------


def describe_variable(name: str, d: Drempels, modus: str) -> tuple[str, bool]:
    """A Dutch description of a cluster variable, and whether it is a share."""
    zin = MODI[modus].label
    if name.startswith("aandeel_dichtbij_ontmoetingsplek_"):
        g = name.rsplit("_", 1)[1]
        return (
            f"aandeel {GROEPEN[g]} binnen {format_m(d.ontmoeting.afstand_m)} {zin} van een "
            "ontmoetingsplek",
            True,
        )
    if name.startswith("aandeel_dichtbij_"):
        rest, g = name[len("aandeel_dichtbij_") :].rsplit("_", 1)
        afstand = d.hulp_te_ver.soorten[rest].afstand_m
        return f"aandeel {GROEPEN[g]} binnen {format_m(afstand)} {zin} van {soort_zin(rest)}", True
    if name.startswith("toegang_"):
        rol = name[len("toegang_") :]
        wie = ROL_ZIN.get(rol, taxonomy.ROLLEN[rol].label)
        return f"toegang tot {wie} (capaciteit binnen bereik, 2SFCA)", False
    return (
        f"aandeel mensen met een hulpvraag binnen {d.brug.k} informele stappen van een "
        "professional",
        True,
    )


def cluster_rows(ctx: _Context, rapport: list[str]) -> list[dict[str, Any]]:
    cl = ctx.d.clusters
    if not cl.aan:
        return []
    rows: list[dict[str, Any]] = []
    areas = ctx.basis.areas(ctx.niveau)
    eilanden: dict[object, list[str]] = {}
    meervoud = NIVEAU_MEERVOUD[ctx.niveau]
    for var in cl.variabelen:
        label, is_share = describe_variable(var, ctx.d, ctx.basis.modus)
        if var not in ctx.metingen.columns:
            rapport.append(f"Clusters ({ctx.niveau}): '{var}' is niet gemeten en overgeslagen.")
            continue
        values = ctx.metingen[var].where(ctx.inwoners >= MIN_INWONERS)
        out = local_clusters(
            areas,
            values.rename(var),
            buren=cl.buren,
            permutaties=cl.permutaties,
            alpha=cl.alpha,
            seed=ctx.basis.seed,
        )
        head = f"Clusters ({ctx.niveau}, {label})"
        if out.zonder_waarde:
            rapport.append(
                f"{head}: {count_areas(len(out.zonder_waarde), ctx.niveau)} zonder getoonde "
                f"waarde niet getoetst: {', '.join(out.zonder_waarde)}."
            )
        if out.eilanden:
            rapport.append(
                f"{head}: {count_areas(len(out.eilanden), ctx.niveau)} zonder buren niet getoetst: "
                f"{', '.join(out.eilanden)}."
            )
            for code in out.eilanden:
                eilanden.setdefault(code, []).append(label)
        if out.opmerking:
            rapport.append(f"{head}: geen toets, {out.opmerking}.")
            continue
        show = format_pct if is_share else format_ratio
        hits = out.tabel[out.tabel["laag_laag"]]
        for code, waarde, p in zip(hits.index, hits["waarde"], hits["p"], strict=True):
            reden = (
                f"{ctx.names[code]} hoort bij een cluster van {meervoud} met lage waarden "
                f"voor de maat '{label}': hier {show(waarde)}, gemiddeld "
                f"{show(out.gemiddelde)} (lokale Moran's I, p = {format_p(p)}; "
                f"significant na FDR-correctie bij α = {format_number(cl.alpha, 2)}, grens "
                f"{format_p(out.grens)})."
            )
            rows.append(ctx.row(code, "cluster_laag", var, None, p, out.grens, reden, "min"))
    for area, labels in eilanden.items():
        maten = join_dutch([f"'{x}'" for x in labels])
        reden = (
            f"{ctx.names.get(area, str(area))} heeft geen aangrenzende {meervoud} met een waarde "
            f"voor de maat {maten}; in de clusteranalyse is het daarom niet getoetst."
        )
        rows.append(ctx.row(area, "geen_buren", "clusters", None, np.nan, np.nan, reden, None))
    return rows

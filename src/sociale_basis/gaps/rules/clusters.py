"""Signal ``cluster_laag``: an area in a spatial cluster of low values.

For every measure named in ``clusters.variabelen`` (offered by another signal, with high
values being good: the share near a huisarts, access to a rol, the bridge to a
professional), :func:`~sociale_basis.gaps.clusters.local_clusters` tests the shown values
of the areas with at least 10 inwoners: local Moran's I, a low-low cluster at a pseudo
p-value at most the FDR cut-off. The ``waarde`` of a row is the p-value, its ``drempel``
the cut-off. Areas without neighbours get an information row ``geen_buren``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...core import taxonomy
from ...privacy import MIN_INWONERS
from ..clusters import local_clusters
from ..context import Context, Rij
from ..maten import cluster_variables
from ..reasons import (
    NIVEAU_MEERVOUD,
    count_areas,
    format_number,
    format_p,
    format_pct,
    format_ratio,
    join_dutch,
)
from ..registry import offered, register_signal
from ..schema import NUM, Controle, Drempelgroep

BUREN: tuple[str, ...] = ("queen", "rook")
"""Neighbours share a border or a corner (``queen``) or a border (``rook``)."""


@dataclass(frozen=True)
class Clusters:
    """Signal ``cluster_laag``: low-low clusters of local Moran's I after FDR."""

    aan: bool
    variabelen: tuple[str, ...]
    alpha: float
    permutaties: int
    buren: str
    reden: str = ""


def _check(cl: Clusters, d: Any, c: Controle) -> None:
    c.names("clusters.variabelen", cl.variabelen, cluster_variables(offered(d)))
    if not 0 < cl.alpha < 1:
        c.bad("clusters.alpha", cl.alpha, "alpha ligt tussen 0 en 1", "gebruikelijk is 0.05")
    if cl.permutaties < 99:
        c.bad(
            "clusters.permutaties",
            cl.permutaties,
            "te weinig permutaties",
            "minstens 99; standaard 999",
        )
    if cl.buren not in BUREN:
        c.bad("clusters.buren", cl.buren, "onbekende burenregel", taxonomy.suggest(cl.buren, BUREN))


def _reads(d: Any) -> set[str]:
    cl: Clusters = d.clusters
    return set(cl.variabelen) if cl.aan else set()


@register_signal(
    "cluster_laag",
    "ruimtelijk cluster van lage waarden",
    drempels=Drempelgroep(
        "clusters",
        Clusters,
        {
            "aan": bool,
            "variabelen": list,
            "alpha": NUM,
            "permutaties": int,
            "buren": str,
            "reden": str,
        },
        controle=_check,
    ),
    leest=_reads,
    meldingen={"geen_buren": "geen buren in de clusteranalyse"},
    eenheid="p",
    kort=lambda _: "Samen met de buren laag",
)
def cluster_laag(ctx: Context, cl: Clusters) -> list[Rij]:
    """Areas in a low-low cluster of a measure; islands get a ``geen_buren`` row."""
    aanbod = {a.naam: a for a in offered(ctx.drempels)}
    rows: list[Rij] = []
    eilanden: dict[object, list[str]] = {}
    for var in cl.variabelen:
        a = aanbod[var]
        label = a.omschrijving(ctx.modus) if a.omschrijving is not None else var
        if var not in ctx.tabel.columns:
            ctx.rapport.append(f"Clusters ({ctx.niveau}): '{var}' is niet gemeten en overgeslagen.")
            continue
        rows += _test(ctx, cl, var, label, a.aandeel, eilanden)
    for area, labels in eilanden.items():
        maten = join_dutch([f"'{x}'" for x in labels])
        reden = (
            f"{ctx.names.get(area, str(area))} heeft geen aangrenzende "
            f"{NIVEAU_MEERVOUD[ctx.niveau]} met een waarde voor de maat {maten}; in de "
            "clusteranalyse is het daarom niet getoetst."
        )
        rows.append(ctx.row(area, "geen_buren", "clusters", None, np.nan, np.nan, reden, None))
    return rows


def _test(
    ctx: Context,
    cl: Clusters,
    var: str,
    label: str,
    is_share: bool,
    eilanden: dict[object, list[str]],
) -> list[Rij]:
    """The cluster rows of one measure; what was left out goes to the report and, for
    islands, to ``eilanden``."""
    values = ctx.tabel[var].where(ctx.inwoners >= MIN_INWONERS)
    out = local_clusters(
        ctx.areas,
        values.rename(var),
        buren=cl.buren,
        permutaties=cl.permutaties,
        alpha=cl.alpha,
        seed=ctx.seed,
    )
    head = f"Clusters ({ctx.niveau}, {label})"
    if out.zonder_waarde:
        ctx.rapport.append(
            f"{head}: {count_areas(len(out.zonder_waarde), ctx.niveau)} zonder getoonde "
            f"waarde niet getoetst: {', '.join(out.zonder_waarde)}."
        )
    if out.eilanden:
        ctx.rapport.append(
            f"{head}: {count_areas(len(out.eilanden), ctx.niveau)} zonder buren niet getoetst: "
            f"{', '.join(out.eilanden)}."
        )
        for code in out.eilanden:
            eilanden.setdefault(code, []).append(label)
    if out.opmerking:
        ctx.rapport.append(f"{head}: geen toets, {out.opmerking}.")
        return []
    show = format_pct if is_share else format_ratio
    hits = out.tabel[out.tabel["laag_laag"]]
    rows = []
    meervoud = NIVEAU_MEERVOUD[ctx.niveau]
    for code, waarde, p in zip(hits.index, hits["waarde"], hits["p"], strict=True):
        # plain words first: a low-low cluster is an area that is low together with the
        # areas around it, lower than elsewhere in the gemeente; the statistics go in the
        # toelichting
        reden = (
            f"In {ctx.names[code]} en de {meervoud} eromheen is {_plain(label)} samen "
            f"opvallend laag: hier {show(waarde)}, gemiddeld in {ctx.gemeentenaam} "
            f"{show(out.gemiddelde)}."
        )
        toelichting = (
            f"Ruimtelijk cluster van lage waarden (laag-laag), getoetst met lokale Moran's I "
            f"({cl.permutaties} permutaties): p = {format_p(p)}; significant na FDR-correctie "
            f"bij α = {format_number(cl.alpha, 2)} (grens {format_p(out.grens)}). Zo'n "
            "groep is waarschijnlijk geen toeval."
        )
        rows.append(
            ctx.row(code, "cluster_laag", var, None, p, out.grens, reden, "min", toelichting)
        )
    return rows


def _plain(label: str) -> str:
    """A measure as a plain phrase: its article, without the method in brackets
    (``"toegang tot huisartsen (capaciteit binnen bereik, 2SFCA)"`` -> ``"de toegang tot
    huisartsen"``)."""
    text = label.split(" (", 1)[0]
    return ("het " if text.startswith("aandeel") else "de ") + text

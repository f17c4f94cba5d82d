"""The one orchestration: measure a gemeente once (:func:`analyse`), then write its tables,
maps and start page (:func:`~sociale_basis.pipeline.output.run`). The command
(``sociale-basis demo``, ``analyse``, ``kaart``, ``handout``) and the notebooks use the same
steps, so a figure never comes out of two code paths.

Order of the steps: the social graph and its cohesion, distance per inwoner over the
street network, isochrones around the wijkteams, signals, and the protected key figures
of buurten and wijken together. Each step can be left out; what a step needs and the
gemeente lacks (no inwoners, no network) is skipped and said.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from ..core.gebied import Gebied
from ..gaps import Metingen, find_signalen, group_opportunities
from ..present.figures import Kerncijfers, kerncijfers, kerncijfers_beide
from ..present.themes import COHESIE_KOLOMMEN
from ..social import build_graph_arrays, measure_cohesion
from ..streets import distances_by_category, isochrones

DEMO_SOORTEN = ("huisarts", "wijkteam", "buurthuis", "basisschool", "apotheek", "bibliotheek")
"""Kinds of voorziening whose walking distance the pipeline measures per inwoner."""
ISOCHROON_MINUTEN = (5.0, 10.0)
"""Walking minutes around the wijkteams drawn on the maps (where there is a network)."""
GPKG_HULP = (
    "schrijf ook één GeoPackage (<gemeente>_resultaten.gpkg) voor QGIS: buurten en wijken met "
    "hun afgeschermde cijfers, signalen, isochronen en voorzieningen als lagen, met stijlen"
)
"""Help text of the option ``--gpkg`` of ``sociale-basis demo`` and ``analyse``."""
MODUS = "lopen"
"""The pipeline measures walking: the mode of the people a wijkgesprek is most about."""


class Gebruikersfout(Exception):
    """A problem with what the user asked for; the command reports it without traceback."""


# --- progress ----------------------------------------------------------------------------


@contextmanager
def progress_steps(names: list[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar over named steps (on stderr, only on a terminal), and the time taken."""
    bar = tqdm(total=len(names), unit="stap", file=sys.stderr, disable=None, leave=False)
    started = time.perf_counter()

    def step(name: str) -> None:
        bar.set_description(name)
        bar.update(1)

    try:
        yield step
    finally:
        bar.close()
        print(f"Klaar in {time.perf_counter() - started:.0f} s.")


# --- measuring ---------------------------------------------------------------------------


@dataclass
class Uitkomst:
    """Everything measured about one gemeente, once; the tables, maps and handouts of a
    run are written from it.

    Attributes
    ----------
    gebied
        The gemeente.
    afstanden
        Walking distance per inwoner and kind of voorziening
        (:func:`~sociale_basis.streets.distances_by_category`), or None.
    cohesie
        :func:`~sociale_basis.social.measure_cohesion` per level (``"wijk"``, ``"buurt"``);
        empty when not measured.
    isochronen
        Walking zones around the wijkteams, or None.
    signalen
        The signals (:mod:`sociale_basis.gaps`), or None when not asked for.
    kansen
        The group opportunities, ranked per buurt
        (:func:`~sociale_basis.gaps.group_opportunities`), measured with the signals; None
        when not asked for or without inwoners.
    cijfers
        The protected key figures per level, buurten and wijken protected together.
    """

    gebied: Gebied
    afstanden: pd.DataFrame | None = None
    cohesie: dict[str, pd.DataFrame] = field(default_factory=dict)
    isochronen: gpd.GeoDataFrame | None = None
    signalen: pd.DataFrame | None = None
    kansen: gpd.GeoDataFrame | None = None
    cijfers: dict[str, Kerncijfers] = field(default_factory=dict)


def demo_soorten(gebied: Gebied) -> list[str]:
    """The kinds of :data:`DEMO_SOORTEN` that the gemeente has at least one of."""
    present = set(gebied.voorzieningen["soort"])
    return [s for s in DEMO_SOORTEN if s in present]


def analyse(
    gebied: Gebied,
    *,
    cohesie: bool = True,
    isochronen: bool = True,
    signalen: bool = True,
    soorten: Sequence[str] | None = None,
    stap: Callable[[str], None] | None = None,
) -> Uitkomst:
    """Measure a gemeente: cohesion, distance per inwoner, isochrones, signals, and the
    protected key figures of buurten and wijken.

    Parameters
    ----------
    gebied
        The gemeente.
    cohesie, isochronen, signalen
        Each slow step on its own; cohesion needs inwoners and relaties, isochrones a
        street network and wijkteams; with the signals come the group opportunities.
    soorten
        Kinds of voorziening to measure the distance to; default :func:`demo_soorten`.
    stap
        Called with the Dutch name of each step as it starts (a region run reports the
        step a gemeente failed in).

    Returns
    -------
    Uitkomst
    """
    soorten = demo_soorten(gebied) if soorten is None else list(soorten)
    people = len(gebied.inwoners) > 0
    uitkomst = Uitkomst(gebied)
    steps = ["cohesie", "bereik", "isochronen", "signalen", "kansen", "cijfers"]
    with progress_steps(steps) as bar:

        def step(name: str) -> None:
            bar(name)
            if stap is not None:
                stap(name)

        # one set of measurements for the whole run: the social graph is built once (the
        # signals read the same arrays as the cohesion), the prepared network likewise
        metingen = Metingen(gebied, modus=MODUS) if signalen else None
        step("sociaal netwerk en cohesie" if cohesie else "cohesie overgeslagen")
        if cohesie and people and len(gebied.relaties):
            a = metingen.arrays if metingen is not None else build_graph_arrays(gebied)
            uitkomst.cohesie = {n: measure_cohesion(a, niveau=n) for n in ("wijk", "buurt")}
        step("bereik per inwoner")
        if people and soorten:
            uitkomst.afstanden = distances_by_category(
                gebied.netwerk, gebied.inwoners, gebied.voorzieningen, modus=MODUS, soorten=soorten
            )
        step("isochronen" if isochronen else "isochronen overgeslagen")
        teams = gebied.voorzieningen[gebied.voorzieningen["soort"] == "wijkteam"]
        if isochronen and gebied.netwerk is not None and len(teams):
            minuten = list(ISOCHROON_MINUTEN)
            uitkomst.isochronen = isochrones(gebied.netwerk, teams, minuten, modus=MODUS)
        step("signalen" if signalen else "signalen overgeslagen")
        if signalen:
            uitkomst.signalen = find_signalen(gebied, niveau="beide", metingen=metingen)
        step("kansen voor groepen" if signalen else "kansen overgeslagen")
        if signalen and people:
            uitkomst.kansen = group_opportunities(gebied, modus=MODUS)
        step("cijfers")
        # both levels protected together (secondary suppression audits a wijk with its
        # buurten); the signals pass the same protection where they are shown
        levels = kerncijfers_beide(gebied, afstanden=uitkomst.afstanden, cohesie=uitkomst.cohesie)
        uitkomst.cijfers = {str(niveau): k for niveau, k in levels.items()}
    return uitkomst


def check_maat(maat: str, gebied: Gebied, soorten: Sequence[str], cohesie: bool) -> None:
    """Raise :class:`Gebruikersfout` before the slow steps when ``maat`` will not be among
    the figures (the figures of population and places, of reach to ``soorten``, and of
    cohesion when measured)."""
    known = kerncijfers(gebied, "wijk").maten()
    for soort in soorten:
        known += [
            f"{soort}_gem_m",
            f"{soort}_pct_verder",
            f"{soort}_pct_verder_65plus",
            f"{soort}_pct_verder_hulpvraag",
        ]
    if cohesie:
        known += [ours for _, ours, *_ in COHESIE_KOLOMMEN]
    if maat not in known:
        raise Gebruikersfout(f"onbekende maat '{maat}'; kies een van: {', '.join(known)}")

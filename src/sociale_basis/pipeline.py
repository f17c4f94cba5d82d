"""The one orchestration: measure a gemeente once (:func:`analyse`), then write its tables,
maps and start page (:func:`run`). The command (``sociale-basis demo``, ``analyse``,
``kaart``, ``handout``) and the notebooks use the same steps, so a figure never comes out
of two code paths.

Order of the steps: the social graph and its cohesion, distance per inwoner over the
street network, isochrones around the wijkteams, signals, and the protected key figures
of buurten and wijken together. Each step can be left out; what a step needs and the
gemeente lacks (no inwoners, no network) is skipped and said.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from .core.formatting import format_number
from .core.gebied import DELEN, Gebied
from .core.paths import file_stem
from .gaps import Ensemble, find_signalen, group_opportunities, only_robust, over_seeds
from .present.basemap import basiskaart
from .present.figures import Kerncijfers, kerncijfers, kerncijfers_beide
from .present.geopackage import write_geopackage
from .present.maps import overview_map, save_map, wijk_map
from .present.startpagina import write_index
from .present.tables import write_tables
from .present.themes import COHESIE_KOLOMMEN
from .social import build_graph, measure_cohesion
from .streets import distances_by_category, isochrones

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

        step("sociaal netwerk en cohesie" if cohesie else "cohesie overgeslagen")
        if cohesie and people and len(gebied.relaties):
            G = build_graph(gebied)
            uitkomst.cohesie = {n: measure_cohesion(G, niveau=n) for n in ("wijk", "buurt")}
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
            uitkomst.signalen = find_signalen(gebied, niveau="beide", modus=MODUS)
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


# --- writing -----------------------------------------------------------------------------


def run(
    gebied: Gebied,
    uit: Path,
    *,
    offline: bool = True,
    maat: str = "pct_65plus",
    snel: bool = False,
    prefix: str | None = None,
    wijkkaarten: bool = True,
    cohesie: bool = True,
    isochronen: bool = True,
    signalen: bool = True,
    gpkg: bool = False,
    robuust: Ensemble | None = None,
) -> list[Path]:
    """The whole pipeline on one gemeente: :func:`analyse`, then tables, maps and a start
    page in ``uit``.

    Parameters
    ----------
    gebied
        The gemeente.
    uit
        Output folder (made when missing).
    offline
        Maps that need no network (default), with their own light basemap; False: with
        OpenStreetMap tiles.
    maat
        The measure that colours the maps.
    snel
        Skip the slow steps: the social graph and cohesion, isochrones and signals.
    cohesie, isochronen, signalen
        Each slow step on its own (all skipped with ``snel``).
    prefix
        Start of every file name; default the gemeente's name (made safe for a file name).
    wijkkaarten
        Also a map per wijk (in ``uit/wijken/``).
    gpkg
        Also ``<naam>_resultaten.gpkg``: the same protected figures, signals, isochrones
        and voorzieningen as GIS layers (:func:`~sociale_basis.present.write_geopackage`).
    robuust
        An :func:`ensemble` of this gemeente over several seeds: the tables and maps then
        show only the signals of this run that are robuust there (fire in at least its
        ``drempel`` of the seeds), each with its ``aandeel_seeds``.

    Returns
    -------
    list of Path
        Every file written.
    """
    if snel:
        cohesie = isochronen = signalen = False
    people = len(gebied.inwoners) > 0
    check_maat(maat, gebied, demo_soorten(gebied) if people else [], cohesie)
    uitkomst = analyse(gebied, cohesie=cohesie, isochronen=isochronen, signalen=signalen)
    if robuust is not None and uitkomst.signalen is not None:
        uitkomst.signalen = only_robust(uitkomst.signalen, robuust)
    name = file_stem(prefix or gebied.naam)
    return write_uitkomst(uitkomst, uit, name, maat, offline, wijkkaarten, gpkg=gpkg)


def write_uitkomst(
    uitkomst: Uitkomst,
    uit: Path,
    name: str,
    maat: str,
    offline: bool,
    wijkkaarten: bool,
    *,
    gpkg: bool = False,
    stap: Callable[[str], None] | None = None,
) -> list[Path]:
    """Tables, the GeoPackage (``gpkg``), maps and start page of :func:`run` in ``uit``
    (made when missing); ``stap`` hears "tabellen" and "kaarten" as they start."""
    uit.mkdir(parents=True, exist_ok=True)
    step = stap or (lambda _: None)
    step("tabellen")
    u = uitkomst
    written = write_tables(
        u.gebied, uit, signalen=u.signalen, naam=name, cijfers=u.cijfers, kansen=u.kansen
    )
    if gpkg:
        written.append(write_geopackage(u, uit / f"{name}_resultaten.gpkg", maat=maat))
    step("kaarten")
    written += write_maps(u, uit, naam=name, maat=maat, offline=offline, wijken=wijkkaarten)
    written.append(write_start_page(u.gebied, uit, written, name))
    return written


def write_maps(
    uitkomst: Uitkomst,
    uit: Path,
    *,
    naam: str,
    maat: str,
    offline: bool,
    wijken: bool | Sequence[str] = True,
    wijkmap: Path | None = None,
) -> list[Path]:
    """The overview maps per buurt and per wijk, and a map per wijk.

    ``wijken``: True for every wijk, False for none, or a list of wijkcodes. The wijk maps
    go to ``wijkmap`` (default ``uit/wijken/``) as ``<naam>_<wijkcode>.html``.
    """
    gebied, cijfers = uitkomst.gebied, uitkomst.cijfers
    flags, zones = uitkomst.signalen, uitkomst.isochronen
    basis = basiskaart(gebied)  # once: every map takes its part
    buurt = overview_map(
        gebied,
        maat,
        cijfers=cijfers["buurt"],
        signalen=flags,
        isochronen=zones,
        offline=offline,
        basiskaart=basis,
    )
    wijk = overview_map(
        gebied,
        maat,
        niveau="wijk",
        cijfers=cijfers["wijk"],
        signalen=flags,
        offline=offline,
        basiskaart=basis,
    )
    written = [
        save_map(buurt, uit / f"{naam}_kaart_buurten.html"),
        save_map(wijk, uit / f"{naam}_kaart_wijken.html"),
    ]
    codes = list(gebied.wijken.index) if wijken is True else list(wijken or [])
    folder = wijkmap if wijkmap is not None else uit / "wijken"
    for code in tqdm(codes, desc="wijkkaarten", file=sys.stderr, disable=None, leave=False):
        m = wijk_map(
            gebied,
            code,
            maat,
            cijfers=cijfers["buurt"],
            signalen=flags,
            isochronen=zones,
            kansen=uitkomst.kansen,
            offline=offline,
            basiskaart=basis,
        )
        path = folder / f"{naam}_{file_stem(code, lowercase=False)}.html"
        written.append(save_map(m, path))
    return written


def write_start_page(gebied: Gebied, uit: Path, written: list[Path], name: str) -> Path:
    """The start page: every map, table, the signals and the disclosure report."""
    wijken = {p: _map_title(gebied, p) for p in written if p.suffix == ".html" and p.parent != uit}
    return write_index(gebied, uit, written, name, wijken)


def _map_title(gebied: Gebied, path: Path) -> str:
    stem = path.stem
    if stem.endswith("_kaart_buurten"):
        return "Overzicht per buurt"
    if stem.endswith("_kaart_wijken"):
        return "Overzicht per wijk"
    code = stem.rsplit("_", 1)[-1]
    naam = gebied.wijken["wijknaam"].get(code, code)
    return f"{naam} ({code})"


def print_written(written: list[Path], uit: Path) -> None:
    """Say what was written where (the wijk maps as one line)."""
    print(f"\nGeschreven in {uit}:")
    for path in written:
        if path.parent == uit or path.suffix != ".html":
            print(f"  {path.relative_to(uit)}  ({format_number(path.stat().st_size / 1024)} kB)")
    n = sum(1 for p in written if p.parent.name == "wijken")
    if n:
        print(f"  wijken/  ({n} wijkkaarten)")


def load_seed(
    gemeente: str, seed: int, *, ijkpunten: object = None, cache: bool = True, **eigen: Any
) -> Gebied:
    """The bundle ``gemeente`` with the synthetic population of ``seed`` (for
    :func:`ensemble`; at module level so that processes can run it); ``eigen``: the user's
    own parts, as for :func:`sociale_basis.datasets.load`."""
    from .datasets import load

    return load(gemeente, seed=seed, cache=cache, ijkpunten=ijkpunten, **eigen)  # type: ignore[arg-type]


def ensemble(
    gemeente: str,
    *,
    seeds: Sequence[int] = (1, 2, 3, 4, 5),
    ijkpunten: object = None,
    cache: bool = True,
    eigen: Mapping[str, Any] | None = None,
    **opties: Any,
) -> Ensemble:
    """Measures and signals of a bundled gemeente over several synthetic populations.

    A synthetic population is one draw: this loads the bundle with each seed and runs
    :func:`sociale_basis.gaps.over_seeds` (the cohesion measures, the population shares
    and the signals per seed; per measure and area the median and 90 % interval over the
    seeds, per signal the share of seeds in which it fires, robuust from
    :data:`~sociale_basis.gaps.ROBUUST` = 80 %). Pass the result to :func:`run` as
    ``robuust=`` to show only robust signals.

    Parameters
    ----------
    gemeente
        A bundle name (``"delft"``, ``"zwolle"``, ...).
    seeds
        The seeds; at least two.
    ijkpunten
        The user's targets, as for :func:`sociale_basis.datasets.load`.
    cache
        Use the population cache of :func:`sociale_basis.datasets.load`.
    eigen
        The user's own ``voorzieningen``, ``verenigingen`` and ``professionals``, as for
        :func:`sociale_basis.datasets.load`: the same in every seed.
    **opties
        ``niveau``, ``drempel``, ``signalen``, ``drempels``, ``processen``, ``modus`` and
        ``cohesie`` of :func:`sociale_basis.gaps.over_seeds`.
    """
    from functools import partial

    maak = partial(load_seed, gemeente, ijkpunten=ijkpunten, cache=cache, **(eigen or {}))
    opties.setdefault("modus", MODUS)
    return over_seeds(maak, seeds=seeds, **opties)


def write_ensemble(
    gebied: Gebied,
    gemeente: str,
    seeds: Sequence[int],
    uit: Path,
    *,
    ijkpunten: object = None,
    cache: bool = True,
    eigen: Mapping[str, Any] | None = None,
) -> Ensemble:
    """:func:`ensemble` over both levels, and its table ``<gemeente>_ensemble.csv`` in
    ``uit`` (:func:`~sociale_basis.present.overzicht.ensemble_table`: shares and means of
    areas with at least 100 inhabitants); used by ``demo --seeds``.

    Raises
    ------
    Gebruikersfout
        Fewer than two seeds.
    """
    from .present.overzicht import ensemble_table
    from .present.spreadsheet import write_csv

    seeds = list(seeds)
    if len(seeds) < 2:
        raise Gebruikersfout(f"--seeds {len(seeds)}: een ensemble heeft minstens 2 seeds nodig")
    print(f"\nEnsemble over {len(seeds)} seeds ({seeds[0]} t/m {seeds[-1]}) ...", flush=True)
    uitslag = ensemble(
        gemeente, seeds=seeds, niveau="beide", ijkpunten=ijkpunten, cache=cache, eigen=eigen
    )
    uit.mkdir(parents=True, exist_ok=True)
    path = uit / f"{file_stem(gemeente)}_ensemble.csv"
    write_csv(ensemble_table(uitslag, gebied), path)
    print(f"Mediaan en 90%-interval per gebied geschreven naar {path}")
    return uitslag


#: The demo's options for the user's own files, each with its help text.
EIGEN_OPTIES = {
    "ijkpunten": "CSV met eigen ijkpunten per gebied (gebiedcode plus kolommen zoals "
    "Mantelzorger_31 of eenzaam_ernstig); de synthetische bevolking wordt erop geijkt",
    "voorzieningen": "eigen voorzieningen (CSV, GeoJSON, GeoPackage); ze vervangen die van de "
    "bundel, alleen soorten die erin ontbreken worden synthetisch aangevuld",
    "verenigingen": "eigen verenigingen; ze vervangen de synthetische, de lidmaatschappen van "
    "de synthetische inwoners gaan naar deze verenigingen",
    "professionals": "eigen professionals (rol, voorziening_id, capaciteit); ze vervangen de "
    "synthetische, de caseloads gaan naar hen",
}


def add_eigen_options(parser: Any) -> None:
    """The options ``--ijkpunten``, ``--voorzieningen``, ``--verenigingen`` and
    ``--professionals`` of a command that loads a bundle."""
    for naam, hulp in EIGEN_OPTIES.items():
        parser.add_argument(f"--{naam}", type=Path, help=hulp)


def eigen_delen(args: Any) -> dict[str, Path | None]:
    """The user's own parts from the options of :func:`add_eigen_options`, as keywords of
    :func:`sociale_basis.datasets.load`."""
    return {naam: getattr(args, naam) for naam in DELEN}

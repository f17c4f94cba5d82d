"""Several synthetic populations of one gemeente (:func:`ensemble`), and the options for
the user's own files of a command that loads a bundle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.gebied import DELEN, Gebied
from ..core.paths import file_stem
from ..gaps import Ensemble, over_seeds
from .measure import MODUS, Gebruikersfout


def load_seed(
    gemeente: str, seed: int, *, ijkpunten: object = None, cache: bool = True, **eigen: Any
) -> Gebied:
    """The bundle ``gemeente`` with the synthetic population of ``seed`` (for
    :func:`ensemble`; at module level so that processes can run it); ``eigen``: the user's
    own parts, as for :func:`sociale_basis.datasets.load`."""
    from ..datasets import load

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
    from ..present.overzicht import ensemble_table
    from ..present.spreadsheet import write_csv

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

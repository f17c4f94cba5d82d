"""Write what :func:`~sociale_basis.pipeline.measure.analyse` measured: tables, maps and
start page (:func:`run` is the whole pipeline on one gemeente)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from ..core.formatting import format_number
from ..core.gebied import Gebied
from ..core.paths import file_stem
from ..gaps import Ensemble, only_robust
from ..present.basemap import basiskaart
from ..present.geopackage import write_geopackage
from ..present.maps import overview_map, save_map, wijk_map
from ..present.startpagina import write_index
from ..present.tables import write_tables
from .measure import (
    Uitkomst,
    analyse,
    check_maat,
    demo_soorten,
)

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

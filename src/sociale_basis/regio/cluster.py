"""Many gemeenten on Dask: :func:`run_many` and the region's outputs.

Every gemeente is one task (:func:`~sociale_basis.regio.gemeente.run_gemeente`) on a
``dask.distributed`` cluster: a :class:`~distributed.LocalCluster` of worker processes on
this machine by default, or the cluster behind a scheduler address. Dask does the
scheduling, the memory limit per worker (a worker over its limit is restarted by its
nanny and the task retried elsewhere), and the dashboard; this module only submits, reports
a line per finished gemeente, and combines the results.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.paths import file_stem
from ..datasets.bundles import DEFAULT_SEED
from ..present.spreadsheet import write_csv
from .gemeente import Afloop, Opties, run_gemeente
from .samen import combine, kolommen_van, read_regiotabel
from .vergelijking import write_vergelijking

GEHEUGEN = "4GiB"
"""Default memory limit per worker: the whole pipeline of a gemeente needs about 0.5 GB
plus 0.9 GB per 100,000 inwoners (BENCHMARKS.md, "Scale" and "Regio"), so 4 GiB holds a
gemeente of some 380,000 inwoners; give Amsterdam-sized gemeenten 9-10 GiB."""
WORKERS = 2
VERBINDEN_S = 20
"""Seconds to wait for a scheduler address before saying it cannot be reached."""


@dataclass
class Regio:
    """The outcome of a region run.

    Attributes
    ----------
    afloop
        Per gemeente, in the order asked: done, skipped (already current) or failed (with
        the step and the Dutch error).
    geschreven
        The regional files: tables per level, comparison page, failures.
    dashboard
        The link to Dask's dashboard, when there was one.
    """

    afloop: list[Afloop] = field(default_factory=list)
    geschreven: list[Path] = field(default_factory=list)
    dashboard: str | None = None

    @property
    def mislukt(self) -> list[Afloop]:
        return [a for a in self.afloop if a.status == "mislukt"]


def _client(
    scheduler: str | None, workers: int, memory_limit: str | None
) -> tuple[Any, Callable[[], None]]:
    """A client and how to close it: the cluster behind ``scheduler``, or a LocalCluster
    of ``workers`` processes with one thread each (the pipeline is CPU-bound Python)."""
    from distributed import Client, LocalCluster

    from ..pipeline import Gebruikersfout

    if scheduler:
        try:
            client = Client(scheduler, timeout=VERBINDEN_S)
        except (OSError, TimeoutError, ValueError) as err:
            raise Gebruikersfout(
                f"kan de Dask-scheduler op {scheduler} niet bereiken ({err}). Klopt het "
                "adres (bijv. tcp://10.0.0.5:8786), en draait de scheduler?"
            ) from err
        return client, client.close
    dashboard = ":8787" if has_bokeh() else None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        memory_limit=memory_limit,
        dashboard_address=dashboard,
    )
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def has_bokeh() -> bool:
    """Whether bokeh is installed here (Dask's dashboard needs it)."""
    return importlib.util.find_spec("bokeh") is not None


def dashboard_link(client: Any) -> str | None:
    """The dashboard's address, when the scheduler serves one (its machine needs bokeh)."""
    try:
        if not client.run_on_scheduler(has_bokeh):
            return None
        if "dashboard" not in client.scheduler_info().get("services", {}):
            return None
        return str(client.dashboard_link)
    except Exception:  # no dashboard is no reason to stop
        return None


def run_many(
    gemeenten: Iterable[str],
    client: Any = None,
    *,
    uit: str | Path = "regio",
    scheduler: str | None = None,
    workers: int = WORKERS,
    memory_limit: str | None = GEHEUGEN,
    maat: str = "pct_65plus",
    snel: bool = False,
    offline: bool = True,
    wijkkaarten: bool = False,
    seed: int = DEFAULT_SEED,
    melden: Callable[[str], None] | None = print,
) -> Regio:
    """The whole pipeline for many gemeenten as Dask tasks, then the regional tables and
    the comparison page.

    Parameters
    ----------
    gemeenten
        Bundle names (``"delft"``) or CBS codes (``"GM0503"``); each once.
    client
        A ``distributed.Client`` to use (left open). Without one: a client to
        ``scheduler``, or a LocalCluster of ``workers`` processes with ``memory_limit``
        each (closed at the end).
    uit
        Output folder: a folder per gemeente (its tables, maps and ``regio.json``), and
        ``regio_buurten.*``, ``regio_wijken.*``, ``regio_vergelijking.html``,
        ``regio_afscherming.md`` and, when a gemeente failed, ``regio_fouten.csv``. A
        gemeente whose folder is complete and current is skipped.
    maat
        The measure of the maps and of the small multiples.
    snel, offline, wijkkaarten, seed
        As for ``sociale-basis demo``; maps are offline by default here (a region's pages
        are read in meetings).
    melden
        Called with a line per finished gemeente (default ``print``); None for quiet.

    Returns
    -------
    Regio
    """
    from distributed import as_completed

    say = melden or (lambda _: None)
    folder = Path(uit).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    names = list(dict.fromkeys(g.strip() for g in gemeenten if g.strip()))
    opties = Opties(maat=maat, snel=snel, offline=offline, wijkkaarten=wijkkaarten, seed=seed)
    close: Callable[[], None] = lambda: None  # noqa: E731
    if client is None:
        client, close = _client(scheduler, workers, memory_limit)
    regio = Regio(dashboard=dashboard_link(client))
    try:
        say(
            f"Voortgang in het Dask-dashboard: {regio.dashboard}"
            if regio.dashboard
            else "Geen Dask-dashboard (daarvoor: pip install 'sociale-basis[dashboard]')."
        )
        say(f"{len(names)} gemeenten naar {len(client.scheduler_info()['workers'])} workers ...")
        token = time.time_ns()
        futures = {
            client.submit(
                run_gemeente, name, str(folder), opties, key=f"gemeente-{file_stem(name)}-{token}"
            ): name
            for name in names
        }
        done: dict[str, Afloop] = {}
        for i, future in enumerate(as_completed(futures), start=1):
            name = futures[future]
            try:
                afloop = future.result()
            except Exception as err:  # the worker died (memory, killed) after its retries
                afloop = Afloop(
                    gemeente=name,
                    status="mislukt",
                    stap="uitvoeren op een worker",
                    fout="de worker stopte tijdens deze gemeente (te weinig geheugen, of "
                    f"afgebroken): {type(err).__name__}: {err}",
                )
            done[name] = afloop
            say(f"[{i}/{len(names)}] {afloop.regel()}")
    finally:
        close()
    regio.afloop = [done[n] for n in names]
    regio.geschreven = write_regio(regio.afloop, folder, maat=maat)
    return regio


def write_regio(afloop: Sequence[Afloop], uit: Path, *, maat: str) -> list[Path]:
    """The regional tables, the comparison page and, when a gemeente failed,
    ``regio_fouten.csv`` (gemeente, stap, fout)."""
    written = combine(afloop, uit)
    kolommen = kolommen_van(afloop)
    buurten = read_regiotabel(afloop, "buurt")
    wijken = read_regiotabel(afloop, "wijk")
    written.append(write_vergelijking(afloop, buurten, wijken, kolommen, uit, maat=maat))
    fouten = uit / "regio_fouten.csv"
    failed = [a for a in afloop if a.status == "mislukt"]
    if failed:
        frame = pd.DataFrame(
            [(a.gemeente, a.naam, a.gemeentecode, a.stap, a.fout) for a in failed],
            columns=["gevraagd", "gemeente", "gemeentecode", "stap", "fout"],
        )
        write_csv(frame, fouten, index=False)
        written.append(fouten)
    else:
        fouten.unlink(missing_ok=True)
    return written

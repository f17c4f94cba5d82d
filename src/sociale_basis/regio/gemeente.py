"""One gemeente of a region run: the task that runs on a Dask worker.

:func:`run_gemeente` loads the bundle, measures it (:func:`sociale_basis.pipeline.analyse`),
writes its tables, maps and start page into ``<uit>/<bundel>/`` exactly as
``sociale-basis demo`` does, and then its part of the regional tables
(``<bundel>_regio_buurten.parquet`` and ``..._wijken.parquet``: the protected cells as
shown, :mod:`sociale_basis.regio.samen`). Last it writes the marker ``regio.json``: the
bundle's cache key (its files, seed and generating code), the package version, the options
and every file written. A rerun skips a gemeente whose marker matches and whose files are
all there.

The task never raises: a failure comes back as an :class:`Afloop` with the step it
happened in and the Dutch message, so one gemeente cannot stop the others.
"""

from __future__ import annotations

import contextlib
import io
import json
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ..core.errors import DataNotFoundError, ValidationError
from ..core.formatting import format_number
from ..core.paths import file_stem
from ..core.version import __version__
from ..datasets.bundles import DEFAULT_SEED, bundle_name, cache_key, load
from ..datasets.roots import find_manifest
from ..pipeline import (
    Gebruikersfout,
    analyse,
    check_maat,
    demo_soorten,
    write_uitkomst,
)
from ..present.figures import Kerncijfers
from ..present.tables import sheet

MARKER = "regio.json"
"""The file that says a gemeente's outputs are complete, and for which inputs."""
TEKST = ":tekst"
"""Suffix of the column that holds a hidden cell's label beside the numbers."""
VEREENVOUDIG_M = 10.0
"""Tolerance of the buurt outlines kept for the small-multiples map (metres)."""


@dataclass(frozen=True)
class Opties:
    """What a region run asks of every gemeente (part of the marker: other options, a new
    run)."""

    maat: str = "pct_65plus"
    snel: bool = False
    offline: bool = True
    wijkkaarten: bool = False
    seed: int = DEFAULT_SEED


@dataclass
class Afloop:
    """How one gemeente went.

    ``status`` is ``"klaar"``, ``"overgeslagen"`` (its outputs were complete and current)
    or ``"mislukt"`` (then ``stap`` and ``fout`` say where and why, in Dutch).
    ``piek_mb`` is the worker's peak resident memory during the task.
    """

    gemeente: str
    status: str
    bundel: str = ""
    naam: str = ""
    gemeentecode: str = ""
    map: str = ""
    stap: str = ""
    fout: str = ""
    seconden: float = 0.0
    inwoners: int = 0
    piek_mb: float = 0.0
    kolommen: dict[str, dict[str, Any]] = field(default_factory=dict)

    def regel(self) -> str:
        """One line for the console."""
        wie = f"{self.naam or self.gemeente}" + (
            f" ({self.gemeentecode})" if self.gemeentecode else ""
        )
        if self.status == "mislukt":
            return f"{wie}: MISLUKT bij stap '{self.stap}': {self.fout}"
        if self.status == "overgeslagen":
            return f"{wie}: overgeslagen, de uitvoer is compleet en actueel"
        return (
            f"{wie}: klaar in {format_number(self.seconden)} s, "
            f"{format_number(self.inwoners)} inwoners, "
            f"piek {format_number(self.piek_mb)} MB op de worker"
        )


class _Peak:
    """The peak resident memory of this process while a task runs (sampled, 50 ms)."""

    def __init__(self) -> None:
        import psutil

        self._proc = psutil.Process()
        self.peak = self._proc.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self._proc.memory_info().rss)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self._proc.memory_info().rss) / 2**20


def fout_tekst(err: BaseException) -> str:
    """The Dutch message of an error: our own errors speak Dutch; others are named."""
    if isinstance(err, ValidationError | DataNotFoundError | Gebruikersfout):
        return str(err)
    if isinstance(err, MemoryError):
        return "te weinig geheugen op de worker (geef de workers meer geheugen)"
    if isinstance(err, FileNotFoundError):
        return f"bestand niet gevonden: {err.filename or err}"
    return f"onverwachte fout ({type(err).__name__}): {err}"


def run_gemeente(gemeente: str, uit: str | Path, opties: Opties = Opties()) -> Afloop:
    """The whole pipeline on one gemeente, for a Dask worker (module docstring).

    Parameters
    ----------
    gemeente
        The bundle's name (``"delft"``) or the CBS code of its gemeente (``"GM0503"``).
    uit
        The region's output folder; this gemeente writes into ``uit/<bundel>/``.
    opties
        See :class:`Opties`.
    """
    afloop = Afloop(gemeente=gemeente, status="mislukt", stap="bundel zoeken")
    start = time.perf_counter()
    peak = _Peak()

    def stap(name: str) -> None:
        afloop.stap = name

    try:
        # the steps' own progress lines would interleave on the console of a region run
        with contextlib.redirect_stdout(io.StringIO()):
            _run(gemeente, Path(uit), opties, afloop, stap)
    except Exception as err:  # reported per gemeente; the others go on
        afloop.status, afloop.fout = "mislukt", fout_tekst(err)
    finally:
        afloop.piek_mb = peak.stop()
        afloop.seconden = time.perf_counter() - start
    if afloop.status != "mislukt":
        afloop.stap = ""
    return afloop


def _run(gemeente: str, uit: Path, opties: Opties, afloop: Afloop, stap: Any) -> None:
    bundel = bundle_name(gemeente)
    afloop.bundel = bundel
    folder = uit / file_stem(bundel)
    afloop.map = str(folder)
    stap("sleutel")
    sleutel = cache_key(bundel, find_manifest(bundel), opties.seed)
    marker = _marker(sleutel, opties)
    done = read_marker(folder, marker)
    if done is not None:
        _fill(afloop, done)
        afloop.status = "overgeslagen"
        return
    (folder / MARKER).unlink(missing_ok=True)
    stap("laden")
    gebied = load(bundel, seed=opties.seed)
    afloop.naam, afloop.gemeentecode = gebied.naam, gebied.gemeentecode
    afloop.inwoners = len(gebied.inwoners)
    stap("maat controleren")
    people = len(gebied.inwoners) > 0
    cohesie = not opties.snel
    check_maat(opties.maat, gebied, demo_soorten(gebied) if people else [], cohesie)
    uitkomst = analyse(
        gebied, cohesie=cohesie, isochronen=not opties.snel, signalen=not opties.snel, stap=stap
    )
    name = file_stem(bundel)
    written = write_uitkomst(
        uitkomst, folder, name, opties.maat, opties.offline, opties.wijkkaarten, stap=stap
    )
    stap("regiotabel")
    kolommen: dict[str, dict[str, Any]] = {}
    for niveau, k in uitkomst.cijfers.items():
        written.append(_write_part(k, gebied, folder / f"{name}_regio_{niveau}en.parquet"))
        kolommen.update(_kolommen(k))
    afloop.kolommen = kolommen
    stap("afronden")
    marker.update(
        bestanden=sorted(p.relative_to(folder).as_posix() for p in written),
        naam=gebied.naam,
        gemeentecode=gebied.gemeentecode,
        bundel=bundel,
        inwoners=afloop.inwoners,
        kolommen=kolommen,
    )
    tmp = folder / (MARKER + ".tmp")
    tmp.write_text(json.dumps(marker, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(folder / MARKER)
    afloop.status = "klaar"


def _marker(sleutel: str, opties: Opties) -> dict[str, Any]:
    return {"sleutel": sleutel, "versie": __version__, "opties": asdict(opties)}


def read_marker(folder: Path, expected: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The marker of a gemeente's folder when its outputs are complete (every file it
    lists exists) and, with ``expected``, made from the same key, version and options;
    else None."""
    path = folder / MARKER
    try:
        marker = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict):
        return None
    if expected is not None and any(marker.get(k) != v for k, v in expected.items()):
        return None
    files = marker.get("bestanden")
    if not isinstance(files, list) or not all((folder / str(f)).is_file() for f in files):
        return None
    return marker


def _fill(afloop: Afloop, marker: dict[str, Any]) -> None:
    afloop.naam = str(marker.get("naam", ""))
    afloop.gemeentecode = str(marker.get("gemeentecode", ""))
    afloop.inwoners = int(marker.get("inwoners", 0))
    afloop.kolommen = dict(marker.get("kolommen", {}))


def _kolommen(k: Kerncijfers) -> dict[str, dict[str, Any]]:
    """Per shown column: its theme, label, unit and kind (for the regional tables)."""
    out: dict[str, dict[str, Any]] = {}
    for thema, tabel in k.themas.items():
        for name, kolom in tabel.kolommen.items():
            out.setdefault(
                name,
                {
                    "thema": thema,
                    "label": kolom.label,
                    "eenheid": kolom.eenheid,
                    "soort": kolom.soort,
                    "decimalen": kolom.decimalen,
                },
            )
    return out


def _write_part(k: Kerncijfers, gebied: Any, path: Path) -> Path:
    """This gemeente's part of a regional table: every cell as the tables show it (the
    protected value, or the label of the rule that hid it in ``<kolom>:tekst``), with the
    buurt outlines (simplified) for the small-multiples map."""
    gebieden = k.gebieden.copy()
    shown: dict[str, pd.Series] = {}
    for thema in k.themas:
        frame = sheet(k, thema)
        for name in frame.columns:
            if name not in gebieden.columns and name not in shown:
                shown[name] = frame[name]
    columns: dict[str, pd.Series | str] = {
        "gemeentecode": gebied.gemeentecode,
        "gemeente": gebied.naam,
    }
    for col in gebieden.columns:
        columns[col] = gebieden[col].astype(str)
    for name, values in shown.items():
        numbers = pd.to_numeric(
            values.map(lambda v: v if isinstance(v, int | float) else None), errors="coerce"
        )
        texts = values.map(lambda v: v if isinstance(v, str) else None).astype(object)
        if texts.isna().all():
            columns[name] = numbers
        elif numbers.isna().all():
            columns[name] = texts
        else:
            columns[name] = numbers
            columns[f"{name}{TEKST}"] = texts
    # one frame at once: column by column pandas fragments a frame of 100+ columns
    out = pd.DataFrame(columns, index=gebieden.index)
    areas = gebied.buurten if k.niveau == "buurt" else gebied.wijken
    geometry = areas.geometry.reindex(out.index).simplify(VEREENVOUDIG_M)
    frame = gpd.GeoDataFrame(out, geometry=geometry.to_numpy(), crs=areas.crs)
    frame.index.name = "code"
    frame.to_parquet(path)
    return path

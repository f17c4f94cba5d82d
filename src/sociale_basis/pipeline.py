"""The whole pipeline on one gemeente, as the command runs it: cohesion, reach, flags,
tables and maps into one folder; and a :class:`~sociale_basis.core.gebied.Gebied` from a
user's own files."""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from .core.gebied import Gebied
from .core.paths import file_stem

DEMO_SOORTEN = ("huisarts", "wijkteam", "buurthuis", "basisschool", "apotheek", "bibliotheek")
"""Kinds of voorziening whose walking distance the pipeline measures per inwoner."""
ISOCHROON_MINUTEN = (5.0, 10.0)
"""Walking minutes around the wijkteams drawn on the maps (where there is a network)."""


class Gebruikersfout(Exception):
    """A problem with what the user asked for; the command reports it without traceback."""


# --- progress ----------------------------------------------------------------------------


@contextmanager
def progress_steps(names: list[str]) -> Iterator[Callable[[str], None]]:
    """A progress bar over named steps (on stderr, only on a terminal)."""
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


def run(
    gebied: Gebied,
    uit: Path,
    *,
    offline: bool = False,
    maat: str = "pct_65plus",
    snel: bool = False,
    prefix: str | None = None,
    wijkkaarten: bool = True,
    cohesie: bool = True,
    isochronen: bool = True,
    signalen: bool = True,
) -> list[Path]:
    """The whole pipeline on one gemeente: cohesion, reach, flags, tables and maps.

    Parameters
    ----------
    gebied
        The gemeente.
    uit
        Output folder.
    offline
        Maps that need no network.
    maat
        The measure that colours the maps.
    snel
        Skip the slow steps: the social graph and cohesion, isochrones and flags.
    cohesie, isochronen, signalen
        Each slow step on its own (all skipped with ``snel``). Flags come from
        ``sociale_basis.gaps.find_signalen`` when that module is there.
    prefix
        Start of every file name; default the gemeente's name.
    wijkkaarten
        Also a map per wijk (in ``uit/wijken/``).

    Returns
    -------
    list of Path
        Every file written.
    """
    from .present.maps import overview_map, save_map, wijk_map
    from .present.tables import kerncijfers_beide, write_tables
    from .social.build import build_graph
    from .social.table import measure_cohesion
    from .streets.access import isochrones
    from .streets.reach import distances_by_category

    name = file_stem(prefix or gebied.naam)
    uit.mkdir(parents=True, exist_ok=True)
    has_people = len(gebied.inwoners) > 0
    soorten = [s for s in DEMO_SOORTEN if (gebied.voorzieningen["soort"] == s).any()]
    if snel:
        cohesie = isochronen = signalen = False
    check_maat(maat, gebied, soorten if has_people else [], cohesie)
    names = ["cohesie", "bereik", "isochronen", "signalen", "tabellen", "kaarten"]
    tabellen: dict[str, pd.DataFrame] = {}
    afstanden = zones = flags = None
    with progress_steps(names) as step:
        if cohesie and has_people and len(gebied.relaties):
            step("sociaal netwerk en cohesie")
            G = build_graph(gebied)
            tabellen = {niveau: measure_cohesion(G, niveau=niveau) for niveau in ("wijk", "buurt")}
        else:
            step("cohesie overgeslagen")
        if has_people and soorten:
            step("bereik per inwoner")
            afstanden = distances_by_category(
                gebied.netwerk,
                gebied.inwoners,
                gebied.voorzieningen,
                modus="lopen",
                soorten=soorten,
            )
        else:
            step("bereik overgeslagen")
        teams = gebied.voorzieningen[gebied.voorzieningen["soort"] == "wijkteam"]
        if isochronen and gebied.netwerk is not None and len(teams):
            step("isochronen")
            zones = isochrones(gebied.netwerk, teams, list(ISOCHROON_MINUTEN), modus="lopen")
        else:
            step("isochronen overgeslagen")
        step("signalen")
        if signalen:
            flags = flags_from_gaps(gebied)
        step("tabellen")
        # both levels protected together (secondary suppression audits a wijk with its
        # buurten); flags pass the same protection in safe_signalen
        cijfers = kerncijfers_beide(gebied, afstanden=afstanden, cohesie=tabellen)
        buurt, wijk = cijfers["buurt"], cijfers["wijk"]
        written = write_tables(
            gebied, uit, signalen=flags, naam=name, cijfers={"buurt": buurt, "wijk": wijk}
        )
        step("kaarten")
        written.append(
            save_map(
                overview_map(
                    gebied, maat, cijfers=buurt, signalen=flags, isochronen=zones, offline=offline
                ),
                uit / f"{name}_kaart_buurten.html",
            )
        )
        written.append(
            save_map(
                overview_map(
                    gebied, maat, niveau="wijk", cijfers=wijk, signalen=flags, offline=offline
                ),
                uit / f"{name}_kaart_wijken.html",
            )
        )
        if wijkkaarten:
            codes = list(gebied.wijken.index)
            for code in tqdm(codes, desc="wijkkaarten", file=sys.stderr, disable=None, leave=False):
                m = wijk_map(
                    gebied,
                    code,
                    maat,
                    cijfers=buurt,
                    signalen=flags,
                    isochronen=zones,
                    offline=offline,
                )
                stem = f"{name}_{file_stem(code, lowercase=False)}"
                written.append(save_map(m, uit / "wijken" / f"{stem}.html"))
        written.append(_index(gebied, uit, [p for p in written if p.suffix == ".html"], name))
    return written


def check_maat(maat: str, gebied: Gebied, soorten: list[str], cohesie: bool) -> None:
    """Raise before the slow steps when ``maat`` will not be among the figures."""
    from .present.tables import kerncijfers
    from .present.themes import COHESIE_KOLOMMEN

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


def flags_from_gaps(gebied: Gebied) -> pd.DataFrame | None:
    """Flags from ``sociale_basis.gaps.find_signalen`` when that module is there (imported
    lazily: it is built alongside); otherwise a printed note and None."""
    try:
        from . import gaps
    except Exception as err:  # a module under construction must not break the demo
        print(f"Let op: geen signalen ({type(err).__name__}: {err}); verder zonder.")
        return None
    find_signalen = getattr(gaps, "find_signalen", None)
    if find_signalen is None:
        print("Let op: sociale_basis.gaps.find_signalen bestaat nog niet; verder zonder signalen.")
        return None
    wanted = {"niveau": "beide", "modus": "lopen"}
    params = inspect.signature(find_signalen).parameters
    try:
        result = find_signalen(gebied, **{k: v for k, v in wanted.items() if k in params})
    except Exception as err:  # idem: report and go on without flags
        print(f"Let op: signalen niet berekend ({type(err).__name__}: {err}); verder zonder.")
        return None
    return pd.DataFrame(result) if not isinstance(result, pd.DataFrame) else result


def _index(gebied: Gebied, uit: Path, maps: list[Path], name: str) -> Path:
    """A small start page that links every map (works offline, from a USB stick)."""
    from .core.html import escape

    links = "".join(
        f'<li><a href="{escape(p.relative_to(uit).as_posix())}">'
        f"{escape(_map_title(gebied, p))}</a></li>"
        for p in maps
    )
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>Kaarten {escape(gebied.naam)}</title>"
        "<style>body{font:16px/1.5 sans-serif;margin:2em;max-width:50em}</style></head><body>"
        f"<h1>Kaarten van {escape(gebied.naam)}</h1><ul>{links}</ul>"
        f"<p><small>Bronnen: {escape(gebied.attributie)}</small></p></body></html>"
    )
    path = uit / f"{name}_index.html"
    path.write_text(page, encoding="utf-8")
    return path


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
    print(f"\nGeschreven in {uit}:")
    for path in written:
        if path.parent == uit or path.suffix != ".html":
            print(f"  {path.relative_to(uit)}  ({path.stat().st_size / 1024:,.0f} kB)")
    n = sum(1 for p in written if p.parent.name == "wijken")
    if n:
        print(f"  wijken/  ({n} wijkkaarten)")


def _empty(columns: list[str], index: str) -> gpd.GeoDataFrame:
    from .core.crs import RD_NEW

    frame = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs=RD_NEW)
    return frame.rename_axis(index)


def gebied_from_files(
    wijken: Path,
    buurten: Path,
    *,
    voorzieningen: Path | None = None,
    verenigingen: Path | None = None,
    professionals: Path | None = None,
    inwoners: Path | None = None,
    netwerk: Path | None = None,
    naam: str | None = None,
    encoding: str | None = None,
) -> Gebied:
    """A :class:`~sociale_basis.core.gebied.Gebied` from the user's own files, read with the
    readers of :mod:`sociale_basis.io` (every report is printed). Missing parts are empty
    tables; ``seed`` is None because nothing is synthetic.

    Raises
    ------
    ValidationError
        From a reader, with every problem of that file.
    Gebruikersfout
        When a file does not exist.
    """
    from . import io
    from .streets.network import read_network

    opts = {"encoding": encoding} if encoding else {}
    paths = {
        "voorzieningen": voorzieningen,
        "verenigingen": verenigingen,
        "professionals": professionals,
        "inwoners": inwoners,
    }
    wijk_data = _read(io.read_wijken, wijken, **opts)
    buurt_data = _read(io.read_buurten, buurten, **opts)
    parts: dict[str, gpd.GeoDataFrame] = {}
    defaults = {
        "voorzieningen": (["soort", "naam", "buurtcode", "wijkcode", "bron"], "voorziening_id"),
        "verenigingen": (["naam", "soort", "buurtcode", "wijkcode", "bron"], "vereniging_id"),
        "professionals": (
            ["rol", "voorziening_id", "capaciteit", "buurtcode", "wijkcode", "bron"],
            "professional_id",
        ),
        "inwoners": (
            ["leeftijd", "huishouden_id", "hulpvraag", "buurtcode", "wijkcode", "bron"],
            "inwoner_id",
        ),
    }
    for soort, (columns, index) in defaults.items():
        path = paths[soort]
        reader = getattr(io, f"read_{soort}")
        parts[soort] = (
            _read(reader, path, gebied=buurt_data, **opts) if path else _empty(columns, index)
        )
    if netwerk is not None and not Path(netwerk).exists():
        raise Gebruikersfout(f"bestand niet gevonden: {netwerk}")
    graph = read_network(netwerk) if netwerk is not None else None
    files = [wijken.name, buurten.name] + [p.name for p in paths.values() if p is not None]
    return Gebied(
        naam=naam or wijken.stem,
        gemeentecode="",
        wijken=wijk_data,
        buurten=buurt_data,
        adressen=_empty([], "adres_id"),
        inwoners=parts["inwoners"],
        verenigingen=parts["verenigingen"],
        voorzieningen=parts["voorzieningen"],
        professionals=parts["professionals"],
        relaties=pd.DataFrame(columns=["van", "naar", "soort"]),
        netwerk=graph,
        bronnen=[
            {
                "naam": "eigen bestanden",
                "licentie": "",
                "attributie": f"eigen gegevens ({', '.join(files)})",
            }
        ],
        seed=None,
    )


def _read(reader: Callable[..., Any], path: Path, **kwargs: Any) -> gpd.GeoDataFrame:
    if not path.exists():
        raise Gebruikersfout(f"bestand niet gevonden: {path}")
    data, rapport = reader(path, **kwargs)
    print(rapport)
    return data

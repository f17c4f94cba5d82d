"""The command ``sociale-basis regio``: many gemeenten at once on Dask."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .cluster import GEHEUGEN, WORKERS, run_many


def add_regio(sub: Any) -> None:
    """Add ``regio`` to the subcommands of ``sociale-basis``."""
    p = sub.add_parser(
        "regio",
        help="draai de analyse voor veel gemeenten tegelijk (Dask) en vergelijk ze",
        description="Draait de hele analyse per gemeente als taak op Dask (standaard op "
        "deze computer, met --scheduler op een cluster), schrijft per gemeente tabellen en "
        "kaarten, en daarna regionale tabellen per buurt en wijk (met gemeentecode, even "
        "streng afgeschermd) en een vergelijkingspagina. Een gemeente die mislukt wordt "
        "gemeld; de andere gaan door. Een gemeente waarvan de uitvoer compleet en actueel "
        "is, wordt overgeslagen.",
    )
    p.add_argument(
        "--gemeenten",
        required=True,
        help="namen van bundels of CBS-gemeentecodes, met komma's: delft,zwolle,GM0363",
    )
    p.add_argument("--uit", required=True, type=Path, help="map voor de uitvoer")
    p.add_argument("--scheduler", help="adres van een Dask-scheduler, bijv. tcp://10.0.0.5:8786")
    p.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help=f"aantal workers op deze computer (standaard {WORKERS}; niet met --scheduler)",
    )
    p.add_argument(
        "--geheugen",
        default=GEHEUGEN,
        help=f"geheugen per worker (standaard {GEHEUGEN}; reken 0,5 GB plus 0,9 GB per "
        "100.000 inwoners van de grootste gemeente)",
    )
    p.add_argument("--maat", default="pct_65plus", help="de maat van de kaarten en de vergelijking")
    p.add_argument(
        "--snel",
        action="store_true",
        help="sla cohesie, isochronen en signalen over (de langzame stappen)",
    )
    p.add_argument("--wijkkaarten", action="store_true", help="ook een kaart per wijk")
    p.add_argument("--seed", type=int, default=None, help="seed van de synthetische bevolking")
    p.set_defaults(func=regio)


def regio(args: argparse.Namespace) -> int:
    """Run the region; exit code 1 when a gemeente failed (the others are written)."""
    from ..datasets.bundles import DEFAULT_SEED
    from ..pipeline import Gebruikersfout

    gemeenten = [g for g in args.gemeenten.split(",") if g.strip()]
    if not gemeenten:
        raise Gebruikersfout("geef minstens één gemeente bij --gemeenten")
    if args.workers < 1:
        raise Gebruikersfout("--workers moet minstens 1 zijn")
    result = run_many(
        gemeenten,
        uit=args.uit,
        scheduler=args.scheduler,
        workers=args.workers,
        memory_limit=args.geheugen,
        maat=args.maat,
        snel=args.snel,
        wijkkaarten=args.wijkkaarten,
        seed=DEFAULT_SEED if args.seed is None else args.seed,
    )
    print(f"\nGeschreven in {Path(args.uit).resolve()}:")
    for path in result.geschreven:
        print(f"  {path.name}")
    if result.mislukt:
        print(f"\n{len(result.mislukt)} van {len(result.afloop)} gemeenten mislukt:")
        for a in result.mislukt:
            print(f"  {a.regel()}")
        return 1
    return 0

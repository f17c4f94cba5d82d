"""The `sociale-basis` command."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from .datasets import Gebied
from .errors import DataNotFoundError, ValidationError

EXIT_OK = 0
EXIT_DATA = 1  # bad or missing input: the message says what and how to fix it
EXIT_USAGE = 2  # argparse's own code for wrong arguments


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 gelukt, 1 fout in de data, 2 verkeerd gebruik)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValidationError, DataNotFoundError) as err:
        print(f"Fout: {err}", file=sys.stderr)
        return EXIT_DATA


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sociale-basis",
        description="De sociale basis van een gemeente in kaart: inwoners, verenigingen, "
        "voorzieningen en professionals per wijk en buurt.",
    )
    sub = parser.add_subparsers(dest="opdracht", required=True, metavar="OPDRACHT")

    demo = sub.add_parser(
        "demo",
        help="draai alles op de meegeleverde gegevens (standaard Delft)",
        description="Laadt een meegeleverde gemeente (echte wijken, buurten, adressen en "
        "voorzieningen; synthetische inwoners) en schrijft overzichtstabellen per wijk.",
    )
    demo.add_argument("--gemeente", default="delft", help="delft (standaard) of zwolle")
    demo.add_argument("--uit", default="uitvoer", type=Path, help="map voor de uitvoer")
    demo.add_argument("--seed", default=None, type=int, help="seed van de synthetische bevolking")
    demo.add_argument(
        "--geen-cache", action="store_true", help="genereer opnieuw, ook als er een cache is"
    )
    demo.set_defaults(func=_demo)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from .datasets import DEFAULT_SEED, load

    seed = DEFAULT_SEED if args.seed is None else args.seed
    start = time.perf_counter()
    print(f"Gemeente {args.gemeente} laden (seed {seed}) ...", flush=True)
    gebied = load(args.gemeente, seed=seed, cache=not args.geen_cache, progress=True)
    print(f"Geladen in {time.perf_counter() - start:.1f} s.\n")
    print(gebied.samenvatting().to_string())

    args.uit.mkdir(parents=True, exist_ok=True)
    tabel = wijk_overzicht(gebied)
    csv = args.uit / f"{args.gemeente.lower()}_wijken_overzicht.csv"
    tabel.to_csv(csv, sep=";", decimal=",", encoding="utf-8-sig")
    print(f"\nOverzicht per wijk geschreven naar {csv}")
    print(f"Bronnen: {gebied.attributie}")
    return EXIT_OK


def wijk_overzicht(gebied: Gebied) -> pd.DataFrame:
    """Per wijk: real CBS inhabitants and counts of voorzieningen, verenigingen and
    professionals. Contains no counts of (synthetic) persons, so nothing needs suppressing.
    """
    from .taxonomy import COMPONENTEN, SOORTEN

    vz = gebied.voorzieningen
    component = vz["soort"].map(lambda s: SOORTEN[s].component)
    per_component = pd.crosstab(vz["wijkcode"], component)
    per_component = per_component.reindex(columns=list(COMPONENTEN), fill_value=0)
    per_component.columns = [f"voorzieningen_{c}" for c in per_component.columns]
    synthetisch = (vz["bron"] == "synthetisch").groupby(vz["wijkcode"]).sum()
    tabel = gebied.wijken[["wijknaam", "inwoners"]].rename(columns={"inwoners": "inwoners_cbs"})
    tabel = tabel.join(per_component).join(synthetisch.rename("voorzieningen_synthetisch"))
    tabel["verenigingen"] = gebied.verenigingen.groupby("wijkcode").size()
    tabel["professionals"] = gebied.professionals.groupby("wijkcode").size()
    counts = [c for c in tabel.columns if c not in ("wijknaam",)]
    tabel[counts] = tabel[counts].fillna(0).astype("int64")
    return pd.DataFrame(tabel)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

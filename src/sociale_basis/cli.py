"""The `sociale-basis` command: demo, bundel, regio, analyse, kaart, valideer and handout."""

from __future__ import annotations

import argparse
import inspect
import re
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from .core.errors import DataNotFoundError, ValidationError
from .core.gebied import Gebied
from .core.paths import file_stem
from .datasets.own import gebied_from_files
from .pipeline import (
    GPKG_HULP,
    Gebruikersfout,
    add_eigen_options,
    analyse,
    check_maat,
    demo_soorten,
    eigen_delen,
    print_written,
    run,
    write_ensemble,
)
from .present.overzicht import wijk_overzicht, write_overzicht  # noqa: F401  (also read here)
from .regio.command import add_regio

EXIT_OK = 0
EXIT_DATA = 1  # bad or missing input: the message says what and how to fix it
EXIT_USAGE = 2  # argparse's own code for wrong arguments


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 gelukt, 1 fout in de invoer, 2 verkeerd gebruik)."""
    from .present.handout import HandoutError
    from .present.offline import OfflineUnavailableError

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (ValidationError, DataNotFoundError, Gebruikersfout) as err:
        print(f"Fout: {err}", file=sys.stderr)
        return EXIT_DATA
    except (HandoutError, OfflineUnavailableError) as err:  # the same, found later
        print(f"Fout: {err}", file=sys.stderr)
        return EXIT_DATA
    except FileNotFoundError as err:
        print(f"Fout: bestand niet gevonden: {err.filename or err}", file=sys.stderr)
        return EXIT_DATA


# --- the parser ------------------------------------------------------------------------


class _Hulp(argparse.HelpFormatter):
    """argparse's help, with Dutch headings."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


ARGPARSE_NL: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"one of the arguments (.*) is required", r"een van deze argumenten is nodig: \1"),
    (r"expected one argument", "verwacht één waarde"),
    (r"expected at most one argument", "verwacht hoogstens één waarde"),
    (r"expected at least one argument", "verwacht minstens één waarde"),
    (r"expected (\d+) arguments?", r"verwacht \1 waarden"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze: \1 (kies uit \2)"),
    (r"invalid int value: (.*)", r"geen geheel getal: \1"),
    (r"invalid float value: (.*)", r"geen getal: \1"),
    (r"invalid \w+ value: (.*)", r"ongeldige waarde: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"optie \1 is niet eenduidig: bedoelt u \2?"),
    (r"not allowed with argument (.*)", r"niet samen met argument \1"),
)
"""argparse's own error messages (Python 3.11-3.13) in Dutch: (pattern, replacement).
argparse has no Dutch translation, and its messages reach people who run the command."""


def in_dutch(message: str) -> str:
    """An argparse error message with its English parts translated (see ARGPARSE_NL)."""
    for pattern, replacement in ARGPARSE_NL:
        message = re.sub(pattern, replacement, message)
    return message


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Dutch in its help and its error line (subcommands
    inherit it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Hulp)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="toon deze hulp en stop"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {in_dutch(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sociale-basis",
        description="De sociale basis van een gemeente in kaart: inwoners, verenigingen, "
        "voorzieningen en professionals per wijk en buurt. Kaarten en tabellen zijn "
        "afgeschermd volgens de privacyregels: geen gegevens van individuele inwoners.",
    )
    sub = parser.add_subparsers(dest="opdracht", required=True, metavar="OPDRACHT")
    for add in (_add_demo, _add_bundel, add_regio, _add_own_files, _add_valideer, _add_handout):
        add(sub)
    return parser


def _add_demo(sub: Any) -> None:
    demo = sub.add_parser(
        "demo",
        help="draai alles op de meegeleverde gegevens (standaard Delft)",
        description="Laadt een meegeleverde gemeente (echte wijken, buurten, adressen en "
        "voorzieningen; synthetische inwoners), berekent netwerk en cohesie, bereik en "
        "signalen, en schrijft kaarten (HTML) en tabellen (CSV, Excel) in de uitvoermap.",
    )
    demo.add_argument(
        "--gemeente", default="delft", help="delft (standaard), zwolle of een eigen bundel"
    )
    demo.add_argument("--uit", default="uitvoer", type=Path, help="map voor de uitvoer")
    demo.add_argument("--seed", default=None, type=int, help="seed van de synthetische bevolking")
    demo.add_argument(
        "--geen-cache", action="store_true", help="genereer opnieuw, ook als er een cache is"
    )
    add_eigen_options(demo)
    _map_options(demo)
    demo.add_argument("--gpkg", action="store_true", help=GPKG_HULP)
    kaarten = "alleen de overzichtskaarten, geen kaart per wijk"
    demo.add_argument("--geen-wijkkaarten", action="store_true", help=kaarten)
    demo.add_argument(
        "--snel",
        action="store_true",
        help="sla cohesie, isochronen en signalen over (de langzame stappen)",
    )
    demo.add_argument(
        "--seeds",
        type=int,
        default=None,
        metavar="N",
        help="draai ook N synthetische bevolkingen (seed, seed+1, ...) en toon alleen de "
        "signalen die in minstens 80%% daarvan afgaan (robuust); schrijft per wijk en "
        "buurt de mediaan en het 90%%-interval van de maten over de seeds",
    )
    demo.set_defaults(func=_demo)


def _add_bundel(sub: Any) -> None:
    p = sub.add_parser(
        "bundel",
        help="maak een bundel van een gemeente uit de CBS-wijkenkaart en een OSM-bestand",
        description="Maakt een bundel (GeoParquet, manifest, licenties) van één gemeente: "
        "wijken, buurten en kerncijfers uit de wijk- en buurtkaart van het CBS, straten, "
        "adressen en voorzieningen uit een OpenStreetMap-uittreksel (.osm.pbf). Daarna: "
        "sociale-basis demo --gemeente <naam van de map>.",
    )
    p.add_argument("--gemeente", required=True, help="CBS-gemeentecode, bijv. GM0363")
    p.add_argument("--cbs", type=Path, help="de wijk- en buurtkaart van het CBS (GeoPackage)")
    p.add_argument("--osm", type=Path, help="OSM-uittreksel (.osm.pbf), bijv. de provincie")
    p.add_argument("--adressen", type=Path, help="BAG-GeoPackage: woonadressen uit de BAG")
    p.add_argument("--voorzieningen", type=Path, help="eigen voorzieningen (CSV, GeoPackage)")
    p.add_argument("--uit", required=True, type=Path, help="map van de bundel")
    p.add_argument("--naam", help="naam van de gemeente (standaard die van het CBS)")
    p.add_argument(
        "--toestaan-gedeeltelijk",
        action="store_true",
        help="ook als het OSM-bestand minder dan 95%% van de gemeente dekt",
    )
    p.add_argument(
        "--download",
        action="store_true",
        help="haal ontbrekende bestanden op (internet nodig): --cbs met --jaar, "
        "--osm met --provincie",
    )
    p.add_argument("--jaar", type=int, help="jaar van de wijk- en buurtkaart (met --download)")
    p.add_argument("--provincie", help="provincie van het OSM-uittreksel (met --download)")
    p.set_defaults(func=_bundel)


def _bundel(args: argparse.Namespace) -> int:
    from .datasets import build, data_roots

    cbs, osm = args.cbs, args.osm
    if args.download:
        from .datasets.download import download_cbs, download_osm

        if cbs is None and args.jaar:
            cbs = download_cbs(args.jaar)
        if osm is None and args.provincie:
            osm = download_osm(args.provincie)
    missing = [f"--{n}" for n, v in (("cbs", cbs), ("osm", osm)) if v is None]
    if missing:
        raise Gebruikersfout(
            f"geef {' en '.join(missing)}, of --download met --jaar en --provincie "
            "(zie README, 'Uw eigen gemeente')"
        )
    verslag = build(
        args.gemeente,
        cbs,
        osm,
        args.uit,
        adressen=args.adressen,
        voorzieningen=args.voorzieningen,
        toestaan_gedeeltelijk=args.toestaan_gedeeltelijk,
        naam=args.naam,
    )
    print(verslag)
    folder = args.uit.resolve()
    print(f"\nBundel geschreven in {folder}")
    if folder.parent not in [r.resolve() for r in data_roots()]:
        print(f"Zet SOCIALE_BASIS_DATA={folder.parent} om hem te laden.")
    print(f"Verder: sociale-basis demo --gemeente {folder.name}")
    return EXIT_OK


def _add_own_files(sub: Any) -> None:
    for name, helptext, func in (
        ("analyse", "tabellen (CSV, Excel) en afschermingsrapport voor eigen bestanden", _analyse),
        ("kaart", "een kaart (HTML) voor eigen bestanden", _kaart),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:])
        _input_options(p)
        p.add_argument("--uit", default="uitvoer", type=Path, help="map voor de uitvoer")
        if name == "analyse":
            p.add_argument("--gpkg", action="store_true", help=GPKG_HULP)
        if name == "kaart":
            _map_options(p)
            p.add_argument("--wijk", help="maak ook een kaart van deze wijk (wijkcode)")
        p.set_defaults(func=func)


def _add_valideer(sub: Any) -> None:
    valideer = sub.add_parser(
        "valideer",
        help="controleer een invoerbestand en toon het rapport",
        description="Leest een bestand zoals de readers dat doen en toont wat er met elke "
        "rij gebeurd is. Bij fouten: een lijst bestand:rij:kolom: waarde -> probleem -> "
        "oplossing, en afsluitcode 1.",
    )
    valideer.add_argument("bestand", type=Path, help="het bestand (CSV, GeoPackage, GeoJSON, ...)")
    valideer.add_argument(
        "--soort", required=True, choices=list(_READERS), help="wat het bestand bevat"
    )
    valideer.add_argument(
        "--gemeente", help="controleer gebiedscodes en ligging tegen deze meegeleverde gemeente"
    )
    valideer.add_argument("--buurten", type=Path, help="of tegen dit bestand met buurten")
    valideer.add_argument("--encoding", help="tekencodering, bijv. cp1252 (oude Excel)")
    valideer.add_argument(
        "--weglaten",
        action="store_true",
        help="foute rijen overslaan en melden in plaats van stoppen",
    )
    valideer.set_defaults(func=_valideer)


def _add_handout(sub: Any) -> None:
    handout = sub.add_parser(
        "handout",
        help="een A4-handout van een wijk (PNG, PDF of HTML) voor een wijkgesprek",
        description="Maakt offline een A4 met de wijkkaart, de kerncijfers van de wijk en "
        "haar buurten en de signalen. Nodig: het pakket playwright en Chromium "
        "(Debian: apt-get install chromium).",
    )
    handout.add_argument("--wijk", required=True, help="wijkcode, bijv. WK050323")
    handout.add_argument("--gemeente", default="delft", help="delft (standaard) of zwolle")
    handout.add_argument("--uit", default="uitvoer", type=Path, help="map voor de uitvoer")
    handout.add_argument(
        "--formaat",
        choices=["png", "pdf", "html"],
        default="png",
        help="png (150 dpi), pdf of html",
    )
    handout.add_argument("--maat", default="pct_65plus", help="de maat die de buurten kleurt")
    handout.add_argument(
        "--seed", default=None, type=int, help="seed van de synthetische bevolking"
    )
    handout.add_argument("--chromium", help="pad naar Chromium (standaard /usr/bin/chromium)")
    handout.add_argument(
        "--zonder-signalen", action="store_true", help="sla de (langzame) signalen over"
    )
    handout.set_defaults(func=_handout)


def _map_options(p: argparse.ArgumentParser) -> None:
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--online",
        action="store_true",
        help="kaarten met de achtergrondkaart van OpenStreetMap (internet nodig); standaard "
        "werken de kaarten zonder internet, met een eigen lichte kaart van straten en namen",
    )
    mode.add_argument(
        "--offline",
        action="store_true",
        help="kaarten zonder internet (dat is al de standaard; blijft werken)",
    )
    p.add_argument(
        "--maat",
        default="pct_65plus",
        help="de maat die de gebieden kleurt (standaard pct_65plus; zie de kolommen van "
        "de tabellen, bijv. inwoners, huisarts_gem_m, pct_geisoleerd)",
    )


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wijken", required=True, type=Path, help="bestand met wijken (vlakken)")
    p.add_argument("--buurten", required=True, type=Path, help="bestand met buurten (vlakken)")
    for soort in ("voorzieningen", "verenigingen", "professionals", "inwoners"):
        p.add_argument(f"--{soort}", type=Path, help=f"bestand met {soort}")
    p.add_argument("--netwerk", type=Path, help="straatnetwerk (GeoPackage, GraphML, .osm)")
    p.add_argument("--naam", help="naam van de gemeente (standaard de naam van het wijkenbestand)")
    p.add_argument("--encoding", help="tekencodering van CSV-bestanden, bijv. cp1252")


# --- demo ------------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    from .datasets.bundles import DEFAULT_SEED, load

    seed = DEFAULT_SEED if args.seed is None else args.seed
    start = time.perf_counter()
    print(f"Gemeente {args.gemeente} laden (seed {seed}) ...", flush=True)
    gebied = load(
        args.gemeente,
        seed=seed,
        cache=not args.geen_cache,
        progress=True,
        ijkpunten=args.ijkpunten,
        **eigen_delen(args),
    )
    print(f"Geladen in {time.perf_counter() - start:.1f} s.\n")
    print(gebied.samenvatting().to_string())

    args.uit.mkdir(parents=True, exist_ok=True)
    write_overzicht(gebied, args.uit, args.gemeente)
    robuust = None
    if args.seeds is not None and not args.snel:
        seeds = range(seed, seed + args.seeds)
        eigen = {"ijkpunten": args.ijkpunten, "eigen": eigen_delen(args)}
        robuust = write_ensemble(gebied, args.gemeente, seeds, args.uit, **eigen)
    written = run(
        gebied,
        args.uit,
        offline=not args.online,
        maat=args.maat,
        snel=args.snel,
        prefix=args.gemeente,
        wijkkaarten=not args.geen_wijkkaarten,
        gpkg=args.gpkg,
        robuust=robuust,
    )
    print_written(written, args.uit)
    print(f"Bronnen: {gebied.attributie}")
    return EXIT_OK


# --- own files: analyse, kaart -----------------------------------------------------------


def _files(args: argparse.Namespace) -> Gebied:
    return gebied_from_files(
        args.wijken,
        args.buurten,
        voorzieningen=args.voorzieningen,
        verenigingen=args.verenigingen,
        professionals=args.professionals,
        inwoners=args.inwoners,
        netwerk=args.netwerk,
        naam=args.naam,
        encoding=args.encoding,
    )


def _analyse(args: argparse.Namespace) -> int:
    gebied = _files(args)
    written = run(gebied, args.uit, snel=True, wijkkaarten=False, prefix=args.naam, gpkg=args.gpkg)
    print_written([p for p in written if p.suffix != ".html"], args.uit)
    return EXIT_OK


def _kaart(args: argparse.Namespace) -> int:
    from .pipeline import write_maps

    gebied = _files(args)
    if args.wijk and args.wijk not in gebied.wijken.index:
        raise Gebruikersfout(
            f"wijk '{args.wijk}' staat niet in {args.wijken.name}; kies een van: "
            + ", ".join(gebied.wijken.index)
        )
    people = len(gebied.inwoners) > 0
    check_maat(args.maat, gebied, demo_soorten(gebied) if people else [], cohesie=False)
    uitkomst = analyse(gebied, cohesie=False, isochronen=False, signalen=False)
    written = write_maps(
        uitkomst,
        args.uit,
        naam=file_stem(args.naam or args.wijken.stem),
        maat=args.maat,
        offline=not args.online,
        wijken=[args.wijk] if args.wijk else False,
        wijkmap=args.uit,
    )
    print_written(written, args.uit)
    return EXIT_OK


# --- valideer ------------------------------------------------------------------------------

_READERS = (
    "wijken",
    "buurten",
    "inwoners",
    "verenigingen",
    "voorzieningen",
    "professionals",
    "relaties",
)


def _valideer(args: argparse.Namespace) -> int:
    from . import io

    reader = getattr(io, f"read_{args.soort}")
    kwargs: dict[str, Any] = {}
    if args.encoding:
        kwargs["encoding"] = args.encoding
    if args.weglaten:
        kwargs["ongeldig"] = "weglaten"
    if "gebied" in inspect.signature(reader).parameters:
        if args.gemeente:
            from .datasets.bundles import read_bron

            kwargs["gebied"] = read_bron(args.gemeente).buurten
        elif args.buurten:
            kwargs["gebied"] = io.read_buurten(args.buurten).data
    if not args.bestand.exists():
        raise Gebruikersfout(f"bestand niet gevonden: {args.bestand}")
    _, rapport = reader(args.bestand, **kwargs)
    print(rapport)
    print("\nGeen fouten gevonden." if not rapport.afgewezen else "")
    return EXIT_OK


# --- handout -------------------------------------------------------------------------------


def _handout(args: argparse.Namespace) -> int:
    from .datasets.bundles import DEFAULT_SEED, load
    from .present.handout import ensure_printable, write_handout

    chromium = ensure_printable(args.chromium)  # before the slow steps, not after
    seed = DEFAULT_SEED if args.seed is None else args.seed
    gebied = load(args.gemeente, seed=seed, progress=True)
    if args.wijk not in gebied.wijken.index:
        raise Gebruikersfout(
            f"wijk '{args.wijk}' bestaat niet in {gebied.naam}; kies een van: "
            + ", ".join(gebied.wijken.index)
        )
    uitkomst = analyse(gebied, cohesie=False, isochronen=False, signalen=not args.zonder_signalen)
    stem = f"{file_stem(args.gemeente)}_{file_stem(args.wijk, lowercase=False)}_handout"
    path = args.uit / f"{stem}.{args.formaat}"
    try:
        write_handout(
            gebied,
            args.wijk,
            path,
            maat=args.maat,
            afstanden=uitkomst.afstanden,
            signalen=uitkomst.signalen,
            chromium=chromium,
            cijfers=uitkomst.cijfers,
            kansen=uitkomst.kansen,
        )
    except KeyError as err:
        raise Gebruikersfout(str(err).strip("'\"")) from err
    print(f"Handout geschreven naar {path}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

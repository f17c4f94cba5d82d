"""The `sociale-basis` command."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from sociale_basis import cli

GOOD = Path(__file__).parent / "data" / "good"
BAD = Path(__file__).parent / "data" / "bad"


@pytest.fixture(scope="module")
def demo(delft, tmp_path_factory):
    """The demo run once (`delft` fills the session cache, so it loads, not generates)."""
    folder = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["demo", "--uit", str(folder), "--snel"])  # no flags: offline
    return folder, code, out.getvalue()


def test_demo_writes_the_wijk_overview(demo, delft):
    tmp_path, code, out = demo
    assert code == cli.EXIT_OK
    table = pd.read_csv(
        tmp_path / "delft_wijken_overzicht.csv", sep=";", decimal=",", index_col="wijkcode"
    )
    assert len(table) == 13
    assert table["inwoners_cbs"].sum() == 110_170  # CBS wijk figures, rounded to 5 by CBS
    # 20 real huisartsen and synthetic social services: every wijk row is counted once
    assert (
        table["voorzieningen_zorg"].sum()
        == (
            delft.voorzieningen["soort"].map(
                lambda s: (
                    s
                    in {
                        "huisarts",
                        "wijkteam",
                        "maatschappelijk_werk",
                        "wijkverpleging",
                        "jongerenwerk",
                        "welzijnsorganisatie",
                        "gemeenteloket",
                        "apotheek",
                        "tandarts",
                        "kliniek",
                        "ziekenhuis",
                        "verpleeghuis",
                    }
                )
            )
        ).sum()
    )
    assert "synthetische inwoners (seed 2025)" in out
    assert "© OpenStreetMap contributors" in out


def test_demo_writes_maps_tables_and_report(demo):
    tmp_path, code, out = demo
    assert code == cli.EXIT_OK
    for name in (
        "delft_kaart_buurten.html",
        "delft_kaart_wijken.html",
        "delft_index.html",
        "delft_buurten.xlsx",
        "delft_wijken.xlsx",
        "delft_buurten_bevolking.csv",
        "delft_buurten_bereik.csv",
        "delft_afscherming.md",
    ):
        assert (tmp_path / name).is_file(), name
    wijkkaarten = sorted((tmp_path / "wijken").glob("delft_WK*.html"))
    assert len(wijkkaarten) == 13
    overview = (tmp_path / "delft_kaart_buurten.html").read_text("utf-8")
    assert "Leaflet 1.9.3" in overview  # offline by default: inlined
    assert "tile.openstreetmap.org" not in overview
    # the own basemap: main roads (a legend row and its lines) and the wijk names
    assert 'data-laag="straat-hoofdweg"' in overview and "Wijk 23 Tanthof-Oost" in overview
    assert (tmp_path / "delft_kaart_buurten.html").stat().st_size < 3 * 1024 * 1024
    index = (tmp_path / "delft_index.html").read_text("utf-8")
    assert 'href="wijken/delft_WK050323.html"' in index
    for href in ("delft_kaart_buurten.html", "delft_buurten.xlsx", "delft_afscherming.md"):
        assert f'href="{href}"' in index, href
    assert "Bronnen: Bron:" not in index
    assert "Geschreven in" in out and "13 wijkkaarten" in out


def test_demo_zwolle_without_network(tmp_path, zwolle, capsys):
    args = ["demo", "--gemeente", "zwolle", "--uit", str(tmp_path), "--snel", "--online"]
    code = cli.main([*args, "--maat", "inwoners", "--geen-wijkkaarten", "--gpkg"])
    assert code == cli.EXIT_OK
    gpkg = tmp_path / "zwolle_resultaten.gpkg"  # --gpkg: one GeoPackage beside the tables
    assert gpkg.read_bytes()[:16] == b"SQLite format 3\x00"
    bereik = (tmp_path / "zwolle_buurten_bereik.csv").read_text("utf-8-sig")
    assert "huisarts_gem_m" in bereik
    overview = (tmp_path / "zwolle_kaart_buurten.html").read_text("utf-8")
    assert "Buurten: Inwoners (CBS)" in overview
    assert "tile.openstreetmap.org" in overview  # --online: with the tiles


def test_the_pipeline_shows_the_signals_it_is_given(tmp_path, delft, monkeypatch, capsys):
    """The pipeline asks the gaps part for signals of both levels, walking, and every
    signal it may show reaches the tables and the map."""
    seen = {}

    def signals(gebied, *, niveau="buurt", metingen=None):
        seen.update(niveau=niveau, modus=metingen.modus)
        return pd.DataFrame(
            {
                "gebiedcode": ["BU05032301", "WK050323"],
                "niveau": ["buurt", "wijk"],
                "signaal": ["hulp_te_ver", "hulp_te_ver"],
                "ernst": ["hoog", "laag"],
                "waarde": [0.4, 0.2],
                "drempel": [0.15, 0.15],
                "reden": ["Ver van de huisarts (test)", "Wijk ver (test)"],
            }
        )

    from sociale_basis import pipeline
    from sociale_basis.pipeline import measure

    monkeypatch.setattr(measure, "find_signalen", signals)
    monkeypatch.setattr(measure, "DEMO_SOORTEN", ("huisarts",))
    written = pipeline.run(delft, tmp_path, cohesie=False, isochronen=False, wijkkaarten=False)
    assert seen == {"niveau": "beide", "modus": "lopen"}
    assert tmp_path / "delft_signalen.csv" in written
    assert "Ver van de huisarts (test)" in (tmp_path / "delft_kaart_buurten.html").read_text(
        "utf-8"
    )


def test_unknown_measure_exits_1(tmp_path, delft, capsys):
    assert cli.main(["demo", "--uit", str(tmp_path), "--snel", "--maat", "onzin"]) == 1
    err = capsys.readouterr().err
    assert "onbekende maat 'onzin'" in err and "pct_65plus" in err
    assert "Traceback" not in err


def test_unknown_gemeente_exits_1_without_traceback(tmp_path, capsys):
    assert cli.main(["demo", "--gemeente", "atlantis", "--uit", str(tmp_path)]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "Geen bundel gevonden voor gemeente 'atlantis'" in err
    assert "Traceback" not in err


def test_wrong_arguments_exit_2():
    with pytest.raises(SystemExit) as exit_:
        cli.main(["onzin"])
    assert exit_.value.code == cli.EXIT_USAGE


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["demo", "--gemeente"], "argument --gemeente: verwacht één waarde"),
        (["onzin"], "ongeldige keuze: 'onzin' (kies uit "),  # newer Pythons drop the quotes
        (["valideer"], "deze argumenten ontbreken: bestand, --soort"),
        (["demo", "--seed", "x"], "argument --seed: geen geheel getal: 'x'"),
        (["demo", "--extra"], "onbekende argumenten: --extra"),
        (["demo", "--ge", "delft"], "optie --ge is niet eenduidig: bedoelt u --gemeente"),
    ],
)
def test_argument_errors_are_dutch(args, dutch, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert exit_.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert dutch in err
    for english in ("expected", "invalid", "required", "unrecognized", "choose", "ambiguous"):
        assert english not in err


def test_in_dutch_leaves_unknown_messages_alone():
    assert cli.in_dutch("iets anders") == "iets anders"


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit):
        cli.main(["demo", "--help"])
    out = capsys.readouterr().out
    assert "kaarten zonder internet" in out and "map voor de uitvoer" in out


# --- valideer ------------------------------------------------------------------------


def test_valideer_good_file(capsys):
    code = cli.main(["valideer", str(GOOD / "voorzieningen.csv"), "--soort", "voorzieningen"])
    assert code == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "voorzieningen.csv (voorzieningen):" in out and "Geen fouten gevonden." in out


def test_valideer_bad_file_exits_1_with_every_problem(capsys):
    path = BAD / "voorzieningen_acceptatie.csv"
    assert cli.main(["valideer", str(path), "--soort", "voorzieningen"]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "voorzieningen_acceptatie.csv:6:soort: 'buurthuiss'" in err
    assert "Traceback" not in err


def test_valideer_weglaten_reports_rejected_rows(capsys):
    path = BAD / "voorzieningen_soort_onbekend.csv"
    code = cli.main(["valideer", str(path), "--soort", "voorzieningen", "--weglaten"])
    assert code == cli.EXIT_OK
    assert "Afgewezen rijen:" in capsys.readouterr().out


def test_valideer_against_own_buurten(capsys):
    code = cli.main(
        [
            "valideer",
            str(BAD / "voorzieningen_buiten.csv"),
            "--soort",
            "voorzieningen",
            "--buurten",
            str(GOOD / "buurten.geojson"),
        ]
    )
    assert code == cli.EXIT_DATA
    assert "buiten" in capsys.readouterr().err


def test_valideer_missing_file(capsys):
    code = cli.main(["valideer", "bestaat_niet.csv", "--soort", "voorzieningen"])
    assert code == cli.EXIT_DATA
    assert "bestand niet gevonden: bestaat_niet.csv" in capsys.readouterr().err


# --- own files -----------------------------------------------------------------------


def _own(*extra: str) -> list[str]:
    return [
        "--wijken",
        str(GOOD / "wijken.geojson"),
        "--buurten",
        str(GOOD / "buurten.geojson"),
        "--voorzieningen",
        str(GOOD / "voorzieningen.csv"),
        "--inwoners",
        str(GOOD / "inwoners.csv"),
        "--verenigingen",
        str(GOOD / "verenigingen.csv"),
        "--professionals",
        str(GOOD / "professionals.csv"),
        "--naam",
        "Teststad",
        *extra,
    ]


def test_analyse_own_files(tmp_path, capsys):
    assert cli.main(["analyse", *_own("--uit", str(tmp_path))]) == cli.EXIT_OK
    bevolking = pd.read_csv(
        tmp_path / "teststad_buurten_bevolking.csv", sep=";", index_col=0, dtype=str
    )
    # 50 inhabitants per buurt: counts are shown, a share of hulpvraag needs 100 persons
    assert set(bevolking["pct_hulpvraag"].dropna()) <= {"te weinig personen", "geheim"}
    report = (tmp_path / "teststad_afscherming.md").read_text("utf-8")
    assert "eigen gegevens (wijken.geojson, buurten.geojson" in report
    assert "synthetisch" not in report.split("## Bronnen")[1]


def test_analyse_own_files_gpkg(tmp_path, capsys):
    pyogrio = pytest.importorskip("pyogrio")
    assert cli.main(["analyse", *_own("--uit", str(tmp_path), "--gpkg")]) == cli.EXIT_OK
    path = tmp_path / "teststad_resultaten.gpkg"
    assert "teststad_resultaten.gpkg" in capsys.readouterr().out
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"buurten", "wijken", "voorzieningen", "layer_styles"} <= layers
    bevolking = pd.read_csv(
        tmp_path / "teststad_buurten_bevolking.csv", sep=";", index_col=0, dtype=str
    )
    buurten = pyogrio.read_dataframe(path, layer="buurten").set_index("buurtcode")
    assert len(buurten) == len(bevolking)
    hidden = bevolking["pct_hulpvraag"].dropna()
    assert len(hidden) and buurten.loc[hidden.index, "pct_hulpvraag"].isna().all()
    assert (buurten.loc[hidden.index, "pct_hulpvraag_verborgen"] == hidden).all()
    index = (tmp_path / "teststad_index.html").read_text("utf-8")
    assert "teststad_resultaten.gpkg" in index


def test_kaart_own_files(tmp_path, capsys):
    args = ["kaart", *_own("--uit", str(tmp_path), "--offline", "--wijk", "WK999901")]
    assert cli.main(args) == cli.EXIT_OK
    overview = (tmp_path / "teststad_kaart_buurten.html").read_text("utf-8")
    assert "Buurthuis De Vonk" in overview
    assert (tmp_path / "teststad_WK999901.html").is_file()


def test_kaart_unknown_wijk_and_missing_file(tmp_path, capsys):
    assert cli.main(["kaart", *_own("--uit", str(tmp_path), "--wijk", "WK0")]) == 1
    assert "wijk 'WK0' staat niet in wijken.geojson" in capsys.readouterr().err
    args = ["analyse", "--wijken", "geen.geojson", "--buurten", "geen.geojson"]
    assert cli.main(args) == 1
    assert "bestand niet gevonden: geen.geojson" in capsys.readouterr().err


# --- handout -------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium ontbreekt")
def test_handout_png(tmp_path, delft, capsys):
    pytest.importorskip("playwright")
    args = ["handout", "--wijk", "WK050323", "--uit", str(tmp_path), "--zonder-signalen"]
    assert cli.main(args) == cli.EXIT_OK
    path = tmp_path / "delft_WK050323_handout.png"
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    assert (width, height) == (1240, 1754)  # A4 at 150 dpi


def test_handout_unknown_wijk_and_missing_chromium(tmp_path, delft, capsys):
    assert cli.main(["handout", "--wijk", "WK0", "--uit", str(tmp_path)]) == 1
    assert "wijk 'WK0' bestaat niet in Delft" in capsys.readouterr().err
    args = ["handout", "--wijk", "WK050323", "--uit", str(tmp_path), "--zonder-signalen"]
    assert cli.main([*args, "--chromium", "/geen/chromium"]) == 1
    err = capsys.readouterr().err
    assert "Chromium niet gevonden op /geen/chromium" in err and "Traceback" not in err


def test_write_handout_refuses_before_starting_a_browser(delft, tmp_path, monkeypatch):
    from sociale_basis.present.handout import HandoutError, write_handout

    with pytest.raises(ValueError, match=r"\.png, \.pdf of \.html"):
        write_handout(delft, "WK050323", tmp_path / "handout.jpg")
    with pytest.raises(KeyError, match="WK0"):
        write_handout(delft, "WK0", tmp_path / "handout.png")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # as if not installed
    with pytest.raises(HandoutError, match="pip install playwright"):
        write_handout(delft, "WK050323", tmp_path / "handout.png")


def test_demo_ensemble_needs_two_seeds(tmp_path, delft, capsys) -> None:
    code = cli.main(["demo", "--uit", str(tmp_path), "--seeds", "1", "--geen-wijkkaarten"])
    assert code == cli.EXIT_DATA
    assert "minstens 2 seeds" in capsys.readouterr().err

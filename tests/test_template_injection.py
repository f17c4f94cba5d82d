"""Template injection (issue 11, part 1): a name from data is never a jinja2 template.

folium/branca render each map element's output a second time as a jinja2 template; a
voorziening called ``{{ 7*7 }}`` used to show ``49`` and a longer payload ran a shell
command. Every payload below goes through every path that writes HTML: the overview map
(per buurt and per wijk), the wijk map, the handout, the ``_repr_html_`` cards, the index
page, and the commands ``kaart``, ``analyse`` and ``demo`` (with a bundle whose files
carry the payloads). Each page is opened in Debian's Chromium, and the test asserts that
the text is shown exactly as written, that no evaluated form appears, that the page
loaded without any error or request, that the command ended with exit code 0, and that
the payload which would create a file did not.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import shutil
import tempfile
import tomllib
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from browser_fixtures import needs_chromium, page_text
from gaps_fixtures import X0, Y0, Bouwer, only
from io_fixtures import GOOD
from map_fixtures import isochronen

from sociale_basis import cli, datasets
from sociale_basis.core.gebied import Gebied
from sociale_basis.core.html import escape, js_json
from sociale_basis.core.taxonomy import SOORTEN
from sociale_basis.gaps.scenario import run_scenario
from sociale_basis.io import read_voorzieningen
from sociale_basis.pipeline import run
from sociale_basis.present.figures import kerncijfers
from sociale_basis.present.handout import write_handout
from sociale_basis.present.maps import overview_map, save_map, wijk_map

MARKER = Path(tempfile.gettempdir()) / f"sociale_basis_template_injection_{os.getpid()}"
"""Created only if a payload were evaluated."""

PAYLOADS = (
    "Z1 {{7*7}} Z1",
    "Z2 {{ config }} Z2",
    "Z3 {% for x in range(3) %}x{% endfor %} Z3",
    "Z4 {# c Z4",
    "Z5 {{ cycler.__init__.__globals__ }} Z5",
    "Z6 }} {{ {% %} #} {# Z6",
    "Café {{De Hoek}}",
    "Z7 {{ cycler.__init__.__globals__.os.system('touch " + str(MARKER) + "') }} Z7",
    "Buurthuis #1 {#",
)
"""Each would be evaluated (or crash the page) if it reached a jinja2 template source."""
EVALUATED = ("Z1 49 Z1", "Z3 xxx Z3", "Z2  Z2", "Z7 0 Z7", "Z5 {'")
"""What the payloads become when evaluated: must appear nowhere."""

WIJK = "WK050323"


def assert_literal(text: str, payloads: tuple[str, ...] | list[str] = PAYLOADS) -> None:
    """Every payload shown exactly as written; nothing evaluated; no file created."""
    missing = [p for p in payloads if p not in text]
    assert missing == [], missing
    assert [e for e in EVALUATED if e in text] == []
    assert not MARKER.exists()


# --- the guards themselves ---------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escape_and_js_json_leave_no_brace_for_jinja(payload) -> None:
    for safe in (escape(payload), js_json([payload, {"k": payload}])):
        assert "{{" not in safe and "{%" not in safe and "{#" not in safe
    assert "{" not in escape(payload) and "}" not in escape(payload)


def test_js_json_keeps_its_own_structure() -> None:
    assert js_json({"a": [1, None, "x{y}"]}) == '{"a":[1,null,"x\\u007by\\u007d"]}'


def test_the_page_never_renders_an_element_twice(delft) -> None:
    # the second guard: even text that was NOT escaped (a plain folium tooltip, an
    # element added by hand) is written as rendered once, never evaluated again
    import folium
    from branca.element import Element

    m = overview_map(delft, niveau="wijk", offline=True)
    folium.Marker([52.0, 4.36], tooltip="T1 {{ 7*7 }} T1").add_to(m)
    m.get_root().html.add_child(Element("<p>T2 {{ 6*7 }} T2</p>"))  # type: ignore[attr-defined]
    html = m.get_root().render()
    assert "T1 {{ 7*7 }} T1" in html and "T1 49 T1" not in html
    assert "<p>T2 {{ 6*7 }} T2</p>" in html and "T2 42 T2" not in html


# --- a gemeente whose every text is hostile ----------------------------------------------


def hostile(gebied: Gebied) -> Gebied:
    """A copy of ``gebied`` with the payloads as names of voorzieningen (one each, in wijk
    :data:`WIJK`), of two verenigingen, of three buurten, of the wijk, of the gemeente, as a
    voorziening's source and as the attribution."""
    vz = gebied.voorzieningen.copy()
    vz["naam"] = vz["naam"].astype(object)
    vz["bron"] = vz["bron"].astype(object)
    component = vz["soort"].map(lambda s: SOORTEN[s].component)
    here = vz.index[(vz["wijkcode"] == WIJK).to_numpy() & (component != "overig").to_numpy()]
    for vid, payload in zip(here, PAYLOADS, strict=False):
        vz.loc[vid, "naam"] = payload
    vz.loc[here[len(PAYLOADS)], "bron"] = PAYLOADS[0]
    ver = gebied.verenigingen.copy()
    ver["naam"] = ver["naam"].astype(object)
    clubs = ver.index[ver["wijkcode"] == WIJK]
    ver.loc[clubs[0], "naam"] = PAYLOADS[1]
    ver.loc[clubs[1], "naam"] = PAYLOADS[6]
    buurten = gebied.buurten.copy()
    buurten["buurtnaam"] = buurten["buurtnaam"].astype(object)
    big = buurten.index[(buurten["inwoners"] > 1000) & (buurten["wijkcode"] == WIJK)]
    buurten.loc[big[0], "buurtnaam"] = PAYLOADS[0]
    buurten.loc[big[1], "buurtnaam"] = PAYLOADS[6]
    buurten.loc[buurten.index[0], "buurtnaam"] = PAYLOADS[8]  # first row of a table
    wijken = gebied.wijken.copy()
    wijken["wijknaam"] = wijken["wijknaam"].astype(object)
    wijken.loc[WIJK, "wijknaam"] = PAYLOADS[2]
    bronnen = [*gebied.bronnen, {"naam": "x", "licentie": "y", "attributie": PAYLOADS[4]}]
    return dataclasses.replace(
        gebied,
        naam=f"Delft {PAYLOADS[3]}",
        voorzieningen=vz,
        verenigingen=ver,
        buurten=buurten,
        wijken=wijken,
        bronnen=bronnen,
    )


def flags(gebied: Gebied) -> pd.DataFrame:
    """Flags whose code and reasons are payloads, on the wijk and two of its buurten."""
    big = gebied.buurten.index[
        (gebied.buurten["inwoners"] > 1000) & (gebied.buurten["wijkcode"] == WIJK)
    ]
    codes = [WIJK, big[0], big[1]]
    return pd.DataFrame(
        {
            "gebiedcode": codes,
            "niveau": ["wijk", "buurt", "buurt"],
            "signaal": [PAYLOADS[5], "isolatie", "isolatie"],
            "ernst": ["hoog", "midden", "laag"],
            "waarde": [0.2, 0.3, 0.4],
            "drempel": [0.1, 0.1, 0.1],
            "reden": [PAYLOADS[7], PAYLOADS[8], PAYLOADS[1]],
        }
    )


@pytest.fixture(scope="module")
def delft_hostile(delft) -> Gebied:
    return hostile(delft)


@pytest.fixture(scope="module")
def written(delft_hostile, tmp_path_factory) -> dict[str, Path]:
    """The three maps of the Python API, saved (the second render happens on save)."""
    folder = tmp_path_factory.mktemp("kaarten")
    g = delft_hostile
    zones = isochronen(g).assign(modus=PAYLOADS[3])
    return {
        "overzicht_buurten": save_map(
            overview_map(g, offline=True, signalen=flags(g), isochronen=zones),
            folder / "overzicht_buurten.html",
        ),
        "overzicht_wijken": save_map(
            overview_map(g, niveau="wijk", offline=True, titel=PAYLOADS[5]),
            folder / "overzicht_wijken.html",
        ),
        "wijk": save_map(
            wijk_map(g, WIJK, offline=True, signalen=flags(g), isochronen=zones),
            folder / "wijk.html",
        ),
    }


# --- maps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["overzicht_buurten", "overzicht_wijken", "wijk"])
def test_map_html_holds_no_template_syntax_from_data(written, name) -> None:
    html = written[name].read_text("utf-8")
    for payload in PAYLOADS:
        assert payload not in html  # only escaped
    assert [e for e in EVALUATED if e in html] == []
    assert not MARKER.exists()


@needs_chromium
def test_overview_map_shows_every_name_as_written(browser, written) -> None:
    text = page_text(browser, written["overzicht_buurten"])
    # voorzieningen, verenigingen, buurten, the gemeente, flags and reasons, sources,
    # the isochrone layer's mode
    assert_literal(text)


@needs_chromium
def test_overview_per_wijk_with_own_title(browser, written) -> None:
    text = page_text(browser, written["overzicht_wijken"])
    assert_literal(text, [PAYLOADS[2], PAYLOADS[4], PAYLOADS[5], *PAYLOADS])


@needs_chromium
def test_wijk_map_shows_every_name_as_written(browser, written) -> None:
    assert_literal(page_text(browser, written["wijk"]))


def test_a_map_in_a_notebook_is_not_evaluated_either(delft_hostile) -> None:
    html = wijk_map(delft_hostile, WIJK, offline=True)._repr_html_()
    assert "Z1 49 Z1" not in html and "{{" not in html.replace("{{this", "")
    assert not MARKER.exists()


# --- handout, cards, index -----------------------------------------------------------------


@needs_chromium
def test_handout_shows_every_name_as_written(browser, delft_hostile, tmp_path) -> None:
    path = write_handout(
        delft_hostile, WIJK, tmp_path / "handout.html", signalen=flags(delft_hostile)
    )
    # title (wijk and gemeente), the table of buurten, the flags' reasons, the sources
    expected = [PAYLOADS[i] for i in (0, 1, 2, 3, 4, 6, 7, 8)]
    assert_literal(page_text(browser, path), expected)


def _cards(gebied: Gebied, folder: Path) -> dict[str, str]:
    """The rich display of every kind of result, with payloads in its names."""
    b = Bouwer()
    b.buurt("A", naam=PAYLOADS[0])
    b.inwoners("A", 80, at=(500, 500))
    b.inwoners("A", 60, at=(500, 1500))
    b.voorziening("buurthuis", (500, 500))
    change = run_scenario(
        b.gebied(),
        add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}],
        drempels=only("ontmoeting"),
    )
    cijfers = kerncijfers(gebied, "buurt")
    csv = folder / "voorzieningen.csv"
    rows = (GOOD / "voorzieningen.csv").read_text("utf-8").splitlines()
    rows.append(f'9,buurthuiss,"{PAYLOADS[6]}",84500,446500,BU99990101')
    csv.write_text("\n".join(rows) + "\n", "utf-8")
    gelezen = read_voorzieningen(csv, ongeldig="weglaten")
    return {
        "gebied": gebied._repr_html_(),
        "kerncijfers": cijfers._repr_html_(),
        "beveiligd": cijfers.themas["bevolking"]._repr_html_(),
        "scenario": change._repr_html_(),
        "gelezen": gelezen._repr_html_(),
    }


CARD_TEXT = {
    "gebied": [PAYLOADS[3], PAYLOADS[4]],
    "kerncijfers": [PAYLOADS[8]],
    "beveiligd": [],
    "scenario": [PAYLOADS[0]],
    "gelezen": [],
}
"""Payloads each card shows (the protected table shows codes, no names; the report of a
reader names the file and the problem, not the rejected row's name)."""


@needs_chromium
def test_cards_show_names_as_written(browser, delft_hostile, tmp_path) -> None:
    for name, html in _cards(delft_hostile, tmp_path).items():
        path = tmp_path / f"{name}.html"
        path.write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", "utf-8")
        text = page_text(browser, path)
        assert_literal(text, CARD_TEXT[name])


@needs_chromium
def test_index_page_and_maps_of_the_pipeline(browser, delft_hostile, tmp_path) -> None:
    written = run(delft_hostile, tmp_path, offline=True, snel=True)
    index = next(p for p in written if p.name.endswith("_index.html"))
    assert index.name == "delft_z4_c_z4_index.html"  # the name, made safe for a file
    assert_literal(page_text(browser, index), [PAYLOADS[2], PAYLOADS[3], PAYLOADS[4]])
    wijkkaart = next(p for p in written if p.name.endswith(f"{WIJK}.html"))
    assert_literal(page_text(browser, wijkkaart))


# --- the commands --------------------------------------------------------------------------


def _hostile_files(folder: Path) -> list[str]:
    """The own files of the CLI tests (tests/data/good), with payloads as names."""
    wijken = gpd.read_file(GOOD / "wijken.geojson")
    wijken["wijknaam"] = [PAYLOADS[2], PAYLOADS[6]][: len(wijken)] + list(wijken["wijknaam"][2:])
    buurten = gpd.read_file(GOOD / "buurten.geojson")
    buurten["buurtnaam"] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(buurten))]
    wijken.to_file(folder / "wijken.geojson")
    buurten.to_file(folder / "buurten.geojson")
    vz = pd.read_csv(GOOD / "voorzieningen.csv", dtype=str)
    vz["naam"] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(vz))]
    vz.to_csv(folder / "voorzieningen.csv", index=False)
    ver = pd.read_csv(GOOD / "verenigingen.csv", dtype=str)
    ver["naam"] = [PAYLOADS[7], PAYLOADS[8]][: len(ver)]
    ver.to_csv(folder / "verenigingen.csv", index=False)
    for name in ("inwoners.csv", "professionals.csv"):
        shutil.copy(GOOD / name, folder / name)
    return [
        *("--wijken", str(folder / "wijken.geojson")),
        *("--buurten", str(folder / "buurten.geojson")),
        *("--voorzieningen", str(folder / "voorzieningen.csv")),
        *("--verenigingen", str(folder / "verenigingen.csv")),
        *("--inwoners", str(folder / "inwoners.csv")),
        *("--professionals", str(folder / "professionals.csv")),
        *("--naam", PAYLOADS[0]),
    ]


def _main(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return cli.main(args)


@needs_chromium
def test_command_kaart(browser, tmp_path) -> None:
    args = _hostile_files(tmp_path)
    uit = tmp_path / "uit"
    assert _main(["kaart", *args, "--uit", str(uit), "--offline", "--wijk", "WK999901"]) == 0
    maps = sorted(uit.glob("*.html"))
    assert [p.name for p in maps] == [
        "z1_7_7_z1_WK999901.html",
        "z1_7_7_z1_kaart_buurten.html",
        "z1_7_7_z1_kaart_wijken.html",
    ]
    buurten = gpd.read_file(tmp_path / "buurten.geojson")
    # the overview: every buurt, both wijken (in the buurten's tooltips), both
    # verenigingen, and the voorzieningen with a location (the first three)
    overview = [*buurten["buurtnaam"], PAYLOADS[2], PAYLOADS[6], PAYLOADS[7], PAYLOADS[8]]
    assert_literal(page_text(browser, maps[1]), overview)
    # the wijk map: its title and its buurten (the other wijk's name is in a tooltip of a
    # layer outside the layer control, which page_text does not open)
    inside = buurten.loc[buurten["buurtcode"].str.startswith("BU999901"), "buurtnaam"]
    assert_literal(page_text(browser, maps[0]), [PAYLOADS[2], *inside])


@needs_chromium
def test_command_analyse(browser, tmp_path) -> None:
    uit = tmp_path / "uit"
    assert _main(["analyse", *_hostile_files(tmp_path), "--uit", str(uit)]) == 0
    index = uit / "z1_7_7_z1_index.html"
    assert_literal(page_text(browser, index), [PAYLOADS[0]])
    # the tables keep the names as they are (as text; see the formula tests for CSV)
    bevolking = (uit / "z1_7_7_z1_buurten_bevolking.csv").read_text("utf-8-sig")
    assert PAYLOADS[3] in bevolking


def _hostile_bundle(root: Path, delft: Gebied) -> str:
    """A bundle 'vijandig' in data root ``root``: Delft's manifest, with the gemeente, the
    wijken, buurten and voorzieningen renamed to payloads (the other files are Delft's)."""
    manifest_path = datasets.find_manifest("delft")
    manifest = tomllib.loads(manifest_path.read_text("utf-8"))
    folder = root / "vijandig"
    folder.mkdir(parents=True)
    text = manifest_path.read_text("utf-8")
    text = text.replace('naam = "Delft"', "naam = " + repr(f"Delft {PAYLOADS[0]}"), 1)
    for part, column in (
        ("wijken", "wijknaam"),
        ("buurten", "buurtnaam"),
        ("voorzieningen", "naam"),
    ):
        bestand = manifest[part]["bestand"]
        frame = gpd.read_parquet(datasets.find_file(bestand, "delft"))
        frame[column] = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(frame))]
        frame.to_parquet(folder / f"{part}.parquet")
        text = text.replace(bestand, f"vijandig/{part}.parquet")
    (folder / "manifest.toml").write_text(text, "utf-8")
    return "vijandig"


@needs_chromium
@pytest.mark.slow
def test_command_demo_with_a_hostile_bundle(browser, delft, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(datasets.ENV_DATA, str(tmp_path / "data"))
    gemeente = _hostile_bundle(tmp_path / "data", delft)
    uit = tmp_path / "uit"
    code = _main(["demo", "--gemeente", gemeente, "--uit", str(uit), "--snel", "--offline"])
    assert code == 0
    assert_literal(page_text(browser, uit / "vijandig_kaart_buurten.html"))
    assert_literal(page_text(browser, uit / "vijandig_index.html"), [PAYLOADS[0]])
    wijkkaarten = sorted((uit / "wijken").glob("*.html"))
    assert len(wijkkaarten) == 13
    assert_literal(page_text(browser, wijkkaarten[0]), [PAYLOADS[0]])

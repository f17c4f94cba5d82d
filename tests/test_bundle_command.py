"""`sociale-basis bundel` and a built bundle in the whole pipeline: `demo --gemeente` on a
bundle of Delft built from the CBS-style GeoPackage and the centre PBF, which covers 7.6 %
of the gemeente (``--toestaan-gedeeltelijk``): buurten outside the extract are labelled
"buiten het OSM-bestand" in every output and get no figures; nothing crashes. Also the
thin download step, with a stand-in for pooch (no internet in the tests)."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from bundle_fixtures import CENTRE_PBF, cbs_geopackage

from sociale_basis import cli
from sociale_basis.datasets import download, load

pytestmark = pytest.mark.skipif(
    not CENTRE_PBF.is_file(), reason="de gedeelde data (../shared/data) ontbreekt"
)
OUTSIDE = "BU05032901"  # a buurt of Tanthof-West, far from the centre
INSIDE = "BU05031102"  # Centrum-West


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """`sociale-basis bundel` of Delft from the CBS fixture and the centre PBF."""
    tmp = tmp_path_factory.mktemp("bundel")
    gpkg = cbs_geopackage(tmp)
    uit = tmp / "data" / "centrum"
    args = ["bundel", "--gemeente", "GM0503", "--cbs", str(gpkg), "--osm", str(CENTRE_PBF)]
    result = _run([*args, "--uit", str(uit), "--toestaan-gedeeltelijk"])
    return tmp, gpkg, result


@pytest.fixture(scope="module")
def demo(built):
    tmp, _, _ = built
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIALE_BASIS_DATA", str(tmp / "data"))
        args = ["demo", "--gemeente", "centrum", "--uit", str(tmp / "uit"), "--offline"]
        result = _run([*args, "--geen-wijkkaarten"])
        gebied = load("centrum")
    return tmp / "uit", result, gebied


def test_the_command_builds_and_says_what_it_found(built):
    tmp, _, (code, out, err) = built
    assert code == cli.EXIT_OK, err
    assert "Bundel Delft (GM0503), CBS 2025" in out
    assert "OSM-bestand dekt 7,6% van de gemeente; 84 buurten buiten het OSM-bestand" in out
    assert "Sport: 0" in out
    assert f"Zet SOCIALE_BASIS_DATA={tmp / 'data'} om hem te laden." in out
    assert "Verder: sociale-basis demo --gemeente centrum" in out
    assert (tmp / "data" / "centrum" / "manifest.toml").is_file()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--gemeente", "GM0505"], "bedoelde u GM0503 (Delft)"),
        ([], "het OSM-bestand dekt 7,6% van Delft (GM0503); nodig is minstens 95%"),
    ],
)
def test_bad_input_exits_1_with_a_dutch_message(built, tmp_path, extra, message):
    _, gpkg, _ = built
    args = ["bundel", "--gemeente", "GM0503", "--cbs", str(gpkg), "--osm", str(CENTRE_PBF)]
    code, _, err = _run([*args, *extra, "--uit", str(tmp_path / "x")])
    assert code == cli.EXIT_DATA
    assert message in err and "Traceback" not in err


def test_a_truncated_pbf_exits_1(built, tmp_path):
    _, gpkg, _ = built
    cut = tmp_path / "half.osm.pbf"
    cut.write_bytes(CENTRE_PBF.read_bytes()[:70_000])
    args = ["bundel", "--gemeente", "GM0503", "--cbs", str(gpkg), "--osm", str(cut)]
    code, _, err = _run([*args, "--uit", str(tmp_path / "x")])
    assert code == cli.EXIT_DATA
    assert "het PBF-bestand is afgebroken of beschadigd -> download het opnieuw" in err


def test_the_command_needs_both_files(tmp_path):
    code, _, err = _run(["bundel", "--gemeente", "GM0503", "--uit", str(tmp_path)])
    assert code == cli.EXIT_DATA
    assert "geef --cbs en --osm, of --download met --jaar en --provincie" in err


def test_demo_runs_on_the_built_bundle(demo):
    _uit, (code, _out, err), gebied = demo
    assert code == cli.EXIT_OK, err
    assert gebied.buurten["buiten_osm"].sum() == 84
    assert set(gebied.inwoners["buurtcode"]) <= set(
        gebied.buurten.index[~gebied.buurten["buiten_osm"]]
    )
    assert gebied.kerncijfers is not None and "Bron: CBS" in gebied.attributie


def test_every_output_labels_the_areas_outside_the_extract(demo):
    uit, _, gebied = demo
    buurten = pd.read_csv(uit / "centrum_buurten_bevolking.csv", sep=";", index_col="buurtcode")
    # every figure says so; the name, codes, CBS inhabitants and the synthetic label stay
    kept = ["naam", "wijkcode", "inwoners", "bron"]
    assert (buurten.loc[OUTSIDE].drop(kept) == "buiten het OSM-bestand").all()
    assert buurten.loc[OUTSIDE, "inwoners"] == str(gebied.buurten.at[OUTSIDE, "inwoners"])
    assert "buiten het OSM-bestand" not in buurten.loc[INSIDE].to_numpy()
    bereik = pd.read_csv(uit / "centrum_buurten_bereik.csv", sep=";", index_col="buurtcode")
    kept = [c for c in ("naam", "wijkcode", "bron") if c in bereik.columns]
    assert (bereik.loc[OUTSIDE].drop(kept) == "buiten het OSM-bestand").all()
    wijken = pd.read_csv(uit / "centrum_wijken_bevolking.csv", sep=";", index_col="wijkcode")
    assert wijken.loc["WK050311", "pct_65plus"] == "deels buiten het OSM-bestand"
    assert wijken.loc["WK050329", "pct_65plus"] == "buiten het OSM-bestand"
    overview = pd.read_csv(uit / "centrum_wijken_overzicht.csv", sep=";", index_col="wijkcode")
    assert overview.loc["WK050329", "opmerking"] == "buiten het OSM-bestand"
    kaart = (uit / "centrum_kaart_buurten.html").read_text("utf-8")
    assert "buiten het OSM-bestand" in kaart
    signalen = pd.read_csv(uit / "centrum_signalen.csv", sep=";")
    assert OUTSIDE not in set(signalen["gebiedcode"])


def test_signals_about_areas_outside_are_left_out_with_the_reason(demo):
    from sociale_basis.present.signals import flag_report, safe_signalen

    _, _, gebied = demo
    flags = pd.DataFrame(
        {
            "gebiedcode": [OUTSIDE, INSIDE, "WK050311"],
            "niveau": ["buurt", "buurt", "wijk"],
            "signaal": ["geen_uitspraak"] * 3,
            "reden": ["x", "y", "z"],
        }
    )
    shown, left = safe_signalen(flags, gebied)
    assert shown["gebiedcode"].tolist() == [INSIDE]
    assert left["toelichting"].tolist() == [
        "buiten het OSM-bestand",
        "deels buiten het OSM-bestand",
    ]
    report = flag_report(left)
    assert "1 signaal niet getoond: over gebieden buiten het OSM-bestand." in report


# --- download (thin; no internet here) -----------------------------------------------------


class _FakePooch:
    """Stands in for pooch: records the calls, writes what a server would send."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.calls: list[dict] = []

    def retrieve(
        self, url, known_hash=None, fname=None, path=None, progressbar=False, processor=None
    ):
        self.calls.append({"url": url, "known_hash": known_hash, "processor": processor})
        target = self.folder / (fname or url.rsplit("/", 1)[-1])
        if url.endswith(".md5"):
            target.write_text("0123456789abcdef0123456789abcdef  zuid-holland-latest.osm.pbf\n")
            return str(target)
        if processor is not None:
            return [str(self.folder / "readme.txt"), str(self.folder / "wijkenbuurten_2024.gpkg")]
        target.write_bytes(b"pbf")
        return str(target)

    class Unzip:
        def __init__(self, extract_dir: str) -> None:
            self.extract_dir = extract_dir


def test_download_checks_geofabrik_against_its_md5(tmp_path, monkeypatch):
    fake = _FakePooch(tmp_path)
    monkeypatch.setitem(sys.modules, "pooch", fake)
    monkeypatch.setenv("SOCIALE_BASIS_CACHE", str(tmp_path / "cache"))
    path = download.download_osm("Zuid-Holland")
    assert path.name == "zuid-holland-latest.osm.pbf"
    md5, pbf = fake.calls
    assert (
        md5["url"]
        == "https://download.geofabrik.de/europe/netherlands/zuid-holland-latest.osm.pbf.md5"
    )
    assert pbf["known_hash"] == "md5:0123456789abcdef0123456789abcdef"
    with pytest.raises(ValueError, match="onbekende provincie 'Holland'; kies een van: drenthe"):
        download.download_osm("Holland")


def test_download_of_the_cbs_map_unzips_the_geopackage(tmp_path, monkeypatch):
    fake = _FakePooch(tmp_path)
    monkeypatch.setitem(sys.modules, "pooch", fake)
    assert download.download_cbs(2024).name == "wijkenbuurten_2024.gpkg"
    assert (
        fake.calls[0]["url"]
        == "https://download.cbs.nl/regionale-kaarten/wijkbuurtkaart_2024_v1.zip"
    )
    fake.retrieve = lambda *a, **k: [str(tmp_path / "readme.txt")]  # type: ignore[method-assign]
    with pytest.raises(ValueError, match="geen GeoPackage"):
        download.download_cbs(2024)


def test_download_without_pooch_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pooch", None)
    with pytest.raises(ImportError, match=r"pip install 'sociale-basis\[download\]'"):
        download.download_cbs(2024)

"""`run_many` and `sociale-basis regio` for real: a LocalCluster of two worker processes and
three bundles (Delft, Zwolle, and Delft's centre built by the bundle builder from the
fixtures), with ``snel`` to keep it short. One gemeente asked for does not exist, and a
worker is killed while it runs a gemeente: the others finish, the killed one is retried
by Dask, and the failure is reported with its step and a Dutch message. A rerun skips
every gemeente whose outputs are complete and current."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import threading
import time

import pandas as pd
import pytest
from bundle_fixtures import CENTRE_PBF, cbs_geopackage

from sociale_basis import cli, datasets
from sociale_basis.regio import run_many
from sociale_basis.regio.gemeente import MARKER, Opties, run_gemeente

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CENTRE_PBF.is_file(), reason="de gedeelde data ontbreekt"),
]
distributed = pytest.importorskip("distributed")

GEMEENTEN = ["delft", "GM0193", "centrum", "atlantis"]


@pytest.fixture(scope="module")
def data(tmp_path_factory, delft, zwolle):
    """A data root with the built centre bundle; every population already in the cache
    (the session fixtures delft and zwolle, and the centre here), so the workers read it."""
    tmp = tmp_path_factory.mktemp("regio")
    gpkg = cbs_geopackage(tmp)
    datasets.build(
        "GM0503",
        gpkg,
        CENTRE_PBF,
        tmp / "data" / "centrum",
        toestaan_gedeeltelijk=True,
        naam="Delft-centrum",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOCIALE_BASIS_DATA", str(tmp / "data"))
        datasets.load("centrum")
        yield tmp


@pytest.fixture(scope="module")
def client(data):
    """Two worker processes, one thread each, started with the data root in their
    environment."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        memory_limit="3GiB",
        dashboard_address=":0",
    )
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


def _kill_a_busy_worker(c, killed: list[str]) -> None:
    """Kill the process of the first worker seen running a gemeente (SIGKILL, as the
    kernel's OOM killer would); its nanny starts a new one."""
    pids = c.run(os.getpid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for address, keys in c.processing().items():
            if keys and address in pids:
                time.sleep(1.0)  # let the task get going
                os.kill(pids[address], signal.SIGKILL)
                killed.append(str(keys[0]))
                return
        time.sleep(0.1)


@pytest.fixture(scope="module")
def region(data, client):
    uit = data / "uit"
    killed: list[str] = []
    killer = threading.Thread(target=_kill_a_busy_worker, args=(client, killed))
    lines: list[str] = []
    killer.start()
    result = run_many(GEMEENTEN, client, uit=uit, snel=True, melden=lines.append)
    killer.join()
    return uit, result, lines, killed


def test_every_gemeente_finishes_and_the_failure_is_reported(region):
    _, result, lines, killed = region
    status = {a.gemeente: a.status for a in result.afloop}
    assert status == {
        "delft": "klaar",
        "GM0193": "klaar",
        "centrum": "klaar",
        "atlantis": "mislukt",
    }
    assert killed, "geen worker gestopt: de taken waren al klaar"
    (failed,) = result.mislukt
    assert failed.stap == "bundel zoeken"
    assert "Geen bundel gevonden voor gemeente 'atlantis'" in failed.fout
    # a line per finished gemeente, in Dutch
    assert len([x for x in lines if x.startswith("[")]) == 4
    assert any("Delft (GM0503): klaar in" in x and "inwoners" in x for x in lines)
    assert any("atlantis: MISLUKT bij stap 'bundel zoeken'" in x for x in lines)


def test_each_gemeente_has_its_outputs_and_a_marker(region):
    uit, result, _, _ = region
    for a in result.afloop[:3]:
        folder = uit / a.bundel
        assert (folder / MARKER).is_file()
        assert (folder / f"{a.bundel}_buurten.xlsx").is_file()
        assert (folder / f"{a.bundel}_kaart_buurten.html").is_file()
        assert a.piek_mb > 0 and a.inwoners > 0
    assert not (uit / "atlantis").exists()
    fouten = pd.read_csv(uit / "regio_fouten.csv", sep=";", encoding="utf-8-sig")
    assert fouten[["gevraagd", "stap"]].values.tolist() == [["atlantis", "bundel zoeken"]]


def _csv(path):
    return pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_the_combined_tables_are_the_protected_tables_of_each_gemeente(region):
    uit, result, _, _ = region
    for niveau in ("buurt", "wijk"):
        combined = _csv(uit / f"regio_{niveau}en.csv")
        code = f"{niveau}code"
        assert list(combined.columns[:3]) == [code, "gemeentecode", "gemeente"]
        assert set(combined["gemeente"]) == {"Delft", "Zwolle", "Delft-centrum"}
        for a in result.afloop[:3]:
            mine = combined[combined["gemeente"] == a.naam].set_index(code)
            assert (mine["gemeentecode"] == a.gemeentecode).all()
            own = _csv(uit / a.bundel / f"{a.bundel}_{niveau}en_bevolking.csv").set_index(code)
            assert list(mine.index) == list(own.index)
            for column in ("inwoners", "pct_65plus", "met_hulpvraag", "pct_hulpvraag"):
                # cell for cell the same: the same numbers, the same hidden labels
                assert mine[column].tolist() == own[column].tolist(), (a.naam, column)
    buurten = _csv(uit / "regio_buurten.csv")
    labels = {"geheim", "afgeschermd", "te weinig personen", "te weinig inwoners"}
    assert labels & (set(buurten["met_hulpvraag"]) | set(buurten["pct_hulpvraag"]))
    assert (uit / "regio_buurten.xlsx").is_file()
    report = (uit / "regio_afscherming.md").read_text("utf-8")
    assert "delft/delft_afscherming.md" in report and "atlantis" in report


def test_the_comparison_page_has_every_gemeente_and_its_map(region):
    uit, _, _, _ = region
    page = (uit / "regio_vergelijking.html").read_text("utf-8")
    for naam in ("Delft (GM0503)", "Zwolle (GM0193)", "Delft-centrum (GM0503)"):
        assert naam in page
    assert page.count("<svg") == 3
    assert 'class="sorteer"' in page and "atlantis" in page
    assert "http://" not in page and "https://" not in page  # works offline


def test_a_rerun_skips_what_is_complete_and_current(region, client):
    uit, _, _, _ = region
    lines: list[str] = []
    again = run_many(GEMEENTEN[:3], client, uit=uit, snel=True, melden=lines.append)
    assert [a.status for a in again.afloop] == ["overgeslagen"] * 3
    assert any("overgeslagen, de uitvoer is compleet en actueel" in x for x in lines)
    assert not (uit / "regio_fouten.csv").exists()  # this run had no failure
    # a file gone: that gemeente runs again, the others are skipped
    (uit / "zwolle" / "zwolle_kaart_wijken.html").unlink()
    third = run_many(GEMEENTEN[:3], client, uit=uit, snel=True, melden=None)
    assert [a.status for a in third.afloop] == ["overgeslagen", "klaar", "overgeslagen"]


def test_the_command_on_a_scheduler_address(region, client):
    uit, _, _, _ = region
    out, err = io.StringIO(), io.StringIO()
    args = ["regio", "--gemeenten", "delft,atlantis", "--uit", str(uit), "--snel"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*args, "--scheduler", client.scheduler.address])
    text = out.getvalue()
    assert code == 1, err.getvalue()
    assert "Delft (GM0503): overgeslagen" in text
    assert "1 van 2 gemeenten mislukt" in text
    assert "regio_vergelijking.html" in text


def test_the_whole_pipeline_of_one_gemeente_in_this_process(data):
    """Not snel: cohesion, isochrones and signals too, every theme in the regional part
    (here, in this process, so a warning fails the test as everywhere else)."""
    afloop = run_gemeente("centrum", data / "heel", Opties(maat="pct_geisoleerd"))
    assert afloop.status == "klaar", afloop.regel()
    assert {"bevolking", "cohesie", "bereik"} <= {k["thema"] for k in afloop.kolommen.values()}
    part = pd.read_parquet(data / "heel" / "centrum" / "centrum_regio_buurten.parquet")
    assert "pct_geisoleerd" in part.columns
    assert (data / "heel" / "centrum" / "centrum_signalen.csv").is_file()

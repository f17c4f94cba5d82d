"""A user's own voorzieningen, verenigingen and professionals replace the synthetic ones in
a bundle, and the synthetic inwoners are built around them (issue 14, item 6)."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import sociale_basis as sb
from sociale_basis import datasets
from sociale_basis.core.errors import ValidationError
from sociale_basis.core.gebied import Gebied
from sociale_basis.core.taxonomy import ROLLEN
from sociale_basis.datasets.bundles import cache_key
from sociale_basis.datasets.eigen import read_eigen_delen
from sociale_basis.present.layers import herkomst_label
from sociale_basis.present.tables import bron_of, sheet_title
from sociale_basis.synthetic.eigen import within_capacity

EIGEN = Path(__file__).resolve().parents[1] / "data" / "good" / "eigen_delft"
FILES = {d: EIGEN / f"{d}.csv" for d in ("voorzieningen", "verenigingen", "professionals")}


@pytest.fixture(scope="module")
def eigen() -> Gebied:
    return datasets.load("delft", seed=7, cache=False, **FILES)  # type: ignore[arg-type]


def _ends(gebied: Gebied, soort: str) -> pd.DataFrame:
    return gebied.relaties[gebied.relaties["soort"] == soort]


def test_own_verenigingen_replace_the_synthetic_ones(eigen):
    ver = eigen.verenigingen
    assert list(ver.index) == ["V1", "V2", "V3", "V4", "V5"]
    assert ver.loc["V2", "naam"] == "Koor Buitenhof"
    assert not (ver["bron"] == "synthetisch").any()
    assert set(ver["wijkcode"].dropna()) <= set(eigen.wijken.index)
    lid = _ends(eigen, "lid")
    assert len(lid) > 0
    assert set(lid["naar"]) <= {f"vereniging:{v}" for v in ver.index}
    assert set(lid["naar"]) == {f"vereniging:{v}" for v in ver.index}  # each has members


def test_memberships_respect_the_kind_of_vereniging(eigen):
    """The ouderensoos only gets members of 65+, the jeugdclub only children of 6-17."""
    lid = _ends(eigen, "lid")
    leeftijd = eigen.inwoners["leeftijd"]
    of = {v: lid.loc[lid["naar"] == f"vereniging:{v}", "van"] for v in ("V3", "V4")}
    ages = {v: leeftijd.loc[of[v].str.slice(8).astype(int)] for v in of}
    assert ages["V3"].min() >= 65
    assert ages["V4"].between(6, 17).all()


def test_a_full_vereniging_passes_members_to_one_of_its_soort_with_room(eigen):
    """V1 takes 300 members (its capaciteit); the other sport members go to V5 (no limit)."""
    lid = _ends(eigen, "lid")
    per = lid["naar"].value_counts()
    assert per["vereniging:V1"] == 300
    assert per["vereniging:V5"] > 300


def test_within_capacity_by_hand():
    """Three members drawn to A (room 1): one stays, one goes to B (same soort, room 1),
    the third has no room left in its soort; C (another soort, no limit) is untouched."""
    ver = gpd.GeoDataFrame(
        {"soort": ["sport", "sport", "cultuur"], "capaciteit": pd.array([1, 1, None], "Int64")},
        geometry=gpd.points_from_xy([0, 100, 0], [0, 0, 0]),
        crs="EPSG:28992",
    )
    xy = np.array([[0.0, 0.0], [10.0, 0.0], [20.0, 0.0], [0.0, 0.0]])
    a, b = within_capacity(
        (np.array([0, 1, 2, 3, 3]), np.array([0, 0, 0, 2, 2])), ver, xy, np.random.default_rng(1)
    )
    pairs = sorted(zip(a.tolist(), b.tolist(), strict=True))
    assert [v for _, v in pairs].count(0) == 1
    assert [v for _, v in pairs].count(1) == 1
    assert [v for _, v in pairs].count(2) == 2
    assert len(pairs) == 4


def test_caseloads_go_to_the_own_professionals_within_capacity(eigen):
    prof = eigen.professionals
    assert list(prof.index) == ["P1", "P2", "P3"]
    assert not (prof["bron"] == "synthetisch").any()
    caseload = _ends(eigen, "caseload")
    assert set(caseload["van"]) <= {f"professional:{p}" for p in prof.index}
    per = caseload["van"].str.slice(len("professional:")).value_counts()
    assert (per <= prof.loc[per.index, "capaciteit"]).all()
    hulpvraag = eigen.inwoners["hulpvraag"]
    for van, naar in zip(caseload["van"], caseload["naar"], strict=True):
        rol = prof.loc[van.split(":", 1)[1], "rol"]
        assert hulpvraag.loc[int(naar.split(":", 1)[1])] in ROLLEN[rol].hulpvragen
    werkt_bij = _ends(eigen, "werkt_bij")
    assert sorted(werkt_bij["naar"]) == ["voorziening:1", "voorziening:2", "voorziening:3"]


def test_own_voorzieningen_replace_the_bundles_and_only_missing_soorten_are_added(eigen):
    vz = eigen.voorzieningen
    own = vz[vz["bron"] != "synthetisch"]
    assert sorted(own.index) == [1, 2, 3, 4]
    assert (own["bron"] == "voorzieningen.csv").all()
    added = set(vz.loc[vz["bron"] == "synthetisch", "soort"])
    assert added and not added & set(own["soort"])  # no wijkteam added: the file has one


def test_per_part_real_or_synthetic(eigen):
    tabel = eigen.herkomst_delen.set_index(["deel", "herkomst"])["aantal"]
    assert tabel["verenigingen", "echt (eigen bestand)"] == 5
    assert tabel["professionals", "echt (eigen bestand)"] == 3
    assert tabel["voorzieningen", "echt (eigen bestand)"] == 4
    assert tabel["voorzieningen", "synthetisch"] > 0
    assert tabel["inwoners", "synthetisch"] == len(eigen.inwoners)
    assert ("verenigingen", "synthetisch") not in tabel.index
    assert eigen.samenvatting().loc["verenigingen", "herkomst"] == "echt (eigen bestand)"
    bron = bron_of(eigen, "voorzieningen")
    assert bron is not None
    assert "echt (eigen bestand): voorzieningen, verenigingen en professionals" in bron
    assert "deels synthetisch: aangevulde voorzieningen " in bron
    assert herkomst_label(eigen, "verenigingen") == ", eigen bestand"
    assert herkomst_label(eigen, "professionals") == ", eigen bestand"
    assert herkomst_label(eigen, "voorzieningen") == ", deels synthetisch"


def test_the_synthetic_bundle_says_synthetic(delft):
    assert herkomst_label(delft, "verenigingen") == ", synthetisch"
    assert herkomst_label(delft, "professionals") == ", synthetisch"
    tabel = delft.herkomst_delen
    assert set(tabel.loc[tabel["deel"] == "verenigingen", "herkomst"]) == {"synthetisch"}
    assert set(tabel.loc[tabel["deel"] == "voorzieningen", "herkomst"]) == {
        "echt (bundel)",
        "synthetisch",
    }
    assert "eigen bestand" not in (bron_of(delft, "voorzieningen") or "")


def test_own_parts_only_no_synthetic_mark_on_the_sheet():
    assert sheet_title("voorzieningen", "echt (eigen bestand): verenigingen") == "voorzieningen"
    assert sheet_title("voorzieningen", "deels synthetisch: professionals") == (
        "voorzieningen (synthetisch)"
    )


def test_a_bad_file_gives_the_readers_dutch_error(tmp_path):
    bad = tmp_path / "verenigingen.csv"
    bad.write_text(
        "vereniging_id,naam,soort,x,y\nV1,Schaakclub,schaken,83369,444169\n", encoding="utf-8"
    )
    with pytest.raises(ValidationError) as err:
        datasets.load("delft", cache=False, verenigingen=bad)
    text = str(err.value)
    assert "verenigingen.csv:2:soort: 'schaken'" in text
    assert "VERENIGING_SOORTEN" in text


def test_a_professional_at_an_unknown_voorziening_is_refused(tmp_path):
    """Without own voorzieningen, a base must be one of the bundle's real voorzieningen."""
    bad = tmp_path / "professionals.csv"
    bad.write_text(
        FILES["professionals"].read_text("utf-8").replace("P2,wijkteam,3,", "P2,wijkteam,999999,"),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        datasets.load("delft", cache=False, professionals=bad)
    assert "professionals.csv:3:voorziening_id: '999999'" in str(err.value)


def test_the_cache_key_follows_the_own_files(tmp_path):
    manifest = datasets.find_manifest("delft")
    bron = datasets.read_bron("delft")
    mine = tmp_path / "verenigingen.csv"
    shutil.copy(FILES["verenigingen"], mine)
    read = lambda: read_eigen_delen(bron, verenigingen=mine)  # noqa: E731
    plain = cache_key("delft", manifest, 1)
    first = cache_key("delft", manifest, 1, eigen=read())
    assert first != plain
    assert cache_key("delft", manifest, 1, eigen=read()) == first
    mine.write_text(mine.read_text("utf-8").replace("Koor Buitenhof", "Koor Voorhof"), "utf-8")
    assert cache_key("delft", manifest, 1, eigen=read()) != first


def test_the_demo_reads_the_own_files_and_says_what_is_wrong(tmp_path, capsys):
    from sociale_basis.cli import EXIT_DATA, main

    bad = tmp_path / "professionals.csv"
    bad.write_text("professional_id,rol,voorziening_id,capaciteit,x,y\nP1,dokter,2,10,1,1\n")
    code = main(["demo", "--professionals", str(bad), "--uit", str(tmp_path / "uit")])
    assert code == EXIT_DATA
    out = capsys.readouterr()
    assert "professionals.csv:2:rol: 'dokter'" in out.out + out.err


def test_a_negative_capaciteit_of_a_vereniging_is_refused(tmp_path):
    bad = tmp_path / "verenigingen.csv"
    bad.write_text(
        "vereniging_id,naam,soort,capaciteit,x,y,buurtcode\n"
        "V1,Voetbalclub,sport,-3,83369,444169,BU05032202\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        sb.read_verenigingen(bad)
    assert "verenigingen.csv:2:capaciteit: '-3'" in str(err.value)


def test_the_start_page_says_per_part_what_is_real(eigen, delft):
    from sociale_basis.present.startpagina import herkomst_html

    text = herkomst_html(eigen)
    assert "verenigingen: echt (eigen bestand) 5;" in text
    assert "professionals: echt (eigen bestand) 3." in text
    assert "verenigingen: synthetisch " in herkomst_html(delft)


def test_a_gebied_from_own_files_is_real_from_own_files():
    good = EIGEN.parent
    gebied = datasets.gebied_from_files(
        good / "wijken.geojson",
        good / "buurten.geojson",
        voorzieningen=good / "voorzieningen.csv",
        verenigingen=good / "verenigingen.csv",
    )
    tabel = gebied.herkomst_delen
    assert set(tabel["herkomst"]) == {"echt (eigen bestand)"}
    assert set(tabel["deel"]) == {"voorzieningen", "verenigingen"}


def test_the_ensemble_loads_every_seed_with_the_own_files(tmp_path):
    """pipeline.ensemble passes the own parts on to each seed's load (a bad file says so)."""
    from sociale_basis.pipeline import ensemble

    bad = tmp_path / "verenigingen.csv"
    bad.write_text("vereniging_id,naam,soort,x,y\nV1,Club,sport,1,1\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        ensemble("delft", seeds=(1, 2), cache=False, eigen={"verenigingen": bad})
    assert "verenigingen.csv:2:" in str(err.value)

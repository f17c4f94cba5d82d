"""The bundle loader: data roots, manifests, real parts, caching, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from sociale_basis.core.errors import DataNotFoundError, ValidationError
from sociale_basis.datasets import bron as bron_module
from sociale_basis.datasets import bundles as datasets
from sociale_basis.datasets import roots

SHARED = datasets.repository_root().parent / "shared" / "data"  # type: ignore[union-attr]
SOURCES = datasets.repository_root() / "scripts" / "bronnen"  # type: ignore[operator]
needs_shared = pytest.mark.skipif(
    not (SHARED / "delft").is_dir(), reason="de gedeelde data (../shared/data) ontbreekt"
)


def test_data_roots_in_order(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    found = datasets.data_roots()
    assert found[0] == tmp_path
    assert found[1].parts[-2:] == ("data", "wijken")
    assert found[2].parts[-2:] == ("shared", "data")  # a checkout has no package folder


def test_the_package_folder_comes_before_the_shared_data(monkeypatch, tmp_path):
    package = tmp_path / "site" / "sociale_basis"
    (package / "_bundels").mkdir(parents=True)
    monkeypatch.setattr(roots, "PACKAGE", package)
    monkeypatch.delenv("SOCIALE_BASIS_DATA", raising=False)
    repo = roots.repository_root()  # found from the working folder
    assert repo is not None
    assert roots.data_roots() == [
        repo / "data" / "wijken",
        package / "_bundels",
        repo.parent / "shared" / "data",
    ]


def test_unknown_gemeente_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(DataNotFoundError) as err:
        datasets.find_manifest("atlantis")
    text = str(err.value)
    assert "atlantis" in text
    assert str(tmp_path / "atlantis" / "manifest.toml") in text
    assert "SOCIALE_BASIS_DATA" in text


def test_a_bundle_by_name_or_by_gemeentecode(monkeypatch, tmp_path):
    assert datasets.bundle_name("Delft") == "delft"
    assert datasets.bundle_name("GM0503") == "delft"
    assert datasets.bundle_name(" gm0193 ") == "zwolle"
    # a bundle in the user's own data root comes first, as for find_manifest
    own = tmp_path / "mijn_delft"
    own.mkdir()
    manifest = (roots.repository_root() / "data" / "wijken" / "delft" / "manifest.toml").read_text()
    (own / "manifest.toml").write_text(manifest)
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    assert datasets.bundle_name("GM0503") == "mijn_delft"
    with pytest.raises(DataNotFoundError) as err:
        datasets.bundle_name("GM0363")
    assert "Geen bundel met gemeentecode GM0363" in str(err.value)
    assert "GM0193 (zwolle)" in str(err.value)


def test_missing_file_says_where_it_looked_and_how_to_fix(monkeypatch, tmp_path):
    # With the repository roots hidden, only the (empty) user root is searched.
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    monkeypatch.setattr(roots, "repository_root", lambda: None)
    with pytest.raises(DataNotFoundError) as err:
        datasets.find_file("delft/wijken/x.gpkg", "Delft")
    assert str(tmp_path / "delft" / "wijken" / "x.gpkg") in str(err.value)
    assert "Oplossing" in str(err.value)


def test_wheel_carries_the_bundles(tmp_path, monkeypatch):
    """`pip install .` (not editable) carries the embedded bundles: manifests and data."""
    import subprocess
    import sys
    import zipfile

    root = datasets.repository_root()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("sociale_basis-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        for gemeente in ("delft", "zwolle"):
            for name in ("manifest.toml", "buurten.parquet", "adressen.parquet"):
                assert f"sociale_basis/_bundels/{gemeente}/{name}" in names
        assert "sociale_basis/_bundels/delft/netwerk.parquet" in names
        assert "sociale_basis/_bundels/delft/LICENCE-OSM.txt" in names
        zf.extractall(tmp_path / "site")
    # Without a repository, the loader finds the bundle and its files in the package.
    monkeypatch.setattr(roots, "repository_root", lambda: None)
    monkeypatch.setattr(roots, "PACKAGE", tmp_path / "site" / "sociale_basis")
    monkeypatch.delenv("SOCIALE_BASIS_DATA", raising=False)
    found = datasets.find_manifest("zwolle")
    assert found == tmp_path / "site" / "sociale_basis" / "_bundels" / "zwolle" / "manifest.toml"
    bron = datasets.read_bron("zwolle")
    assert (len(bron.buurten), len(bron.adressen)) == (78, 71_888)


def test_manifest_with_missing_keys_lists_every_key(monkeypatch, tmp_path):
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "manifest.toml").write_text('naam = "Leeg"\n', encoding="utf-8")
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(ValidationError) as err:
        datasets.read_manifest("leeg")
    text = str(err.value)
    assert "manifest.toml::gemeentecode" in text
    assert "manifest.toml::wijken.bestand" in text
    assert "manifest.toml::buurten.leeftijd.groepen" in text


def test_manifest_with_bad_toml(monkeypatch, tmp_path):
    (tmp_path / "kapot").mkdir()
    (tmp_path / "kapot" / "manifest.toml").write_text("naam = \n", encoding="utf-8")
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(ValidationError, match="geen geldige TOML"):
        datasets.read_manifest("kapot")


def test_manifest_with_unknown_age_unit(monkeypatch, tmp_path):
    text = (datasets.find_manifest("delft")).read_text("utf-8")
    (tmp_path / "raar").mkdir()
    (tmp_path / "raar" / "manifest.toml").write_text(
        text.replace('eenheid = "percentage"', 'eenheid = "promille"'), encoding="utf-8"
    )
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(ValidationError, match=r"buurten\.leeftijd\.eenheid: 'promille'"):
        datasets.read_manifest("raar")


@pytest.mark.parametrize(
    ("gemeente", "wijken", "buurten", "adressen"),
    [("delft", 13, 91, 59_511), ("zwolle", 16, 78, 71_888)],
)
def test_real_parts(gemeente, wijken, buurten, adressen):
    bron = datasets.read_bron(gemeente)
    assert (len(bron.wijken), len(bron.buurten), len(bron.adressen)) == (wijken, buurten, adressen)
    for frame in (bron.wijken, bron.buurten, bron.adressen):
        assert frame.crs.to_epsg() == 28992
    assert bron.wijken.index.str.fullmatch(r"WK\d{6}").all()
    assert bron.buurten.index.str.fullmatch(r"BU\d{8}").all()
    assert set(bron.buurten["wijkcode"]) == set(bron.wijken.index)
    # every address lies in a buurt of the bundle, and its wijk is that buurt's wijk
    assert bron.adressen["buurtcode"].isin(bron.buurten.index).all()
    expected = bron.buurten.loc[bron.adressen["buurtcode"], "wijkcode"].to_numpy()
    assert (bron.adressen["wijkcode"].to_numpy() == expected).all()


def test_delft_real_voorzieningen_keep_their_source():
    bron = datasets.read_bron("delft")
    assert len(bron.voorzieningen) == 496
    assert set(bron.voorzieningen["bron"]) == {"osm_2022", "duo_2017"}
    counts = bron.voorzieningen["soort"].value_counts()
    assert counts["huisarts"] == 20  # OSM amenity=doctors
    assert counts["buurthuis"] == 16  # OSM amenity=community_centre
    assert counts["basisschool"] == 24  # DUO


def test_zwolle_ages_from_the_csv_add_up():
    bron = datasets.read_bron("zwolle")
    bands = [c for c, _, _ in bron.leeftijdsgroepen]
    assert (bron.buurten[bands].sum(axis=1) == bron.buurten["inwoners"]).all()
    assert int(bron.buurten["inwoners"].sum()) == 133_128


def test_points_outside_every_buurt_are_refused():
    bron = datasets.read_bron("delft")
    far = gpd.GeoDataFrame(
        {"x": [1]}, geometry=gpd.points_from_xy([0.0], [0.0]), crs="EPSG:28992"
    ).rename_axis("adres_id")
    with pytest.raises(ValidationError) as err:
        bron_module.assign_areas(far, bron.buurten, "adressen.gpkg")
    assert "adressen.gpkg:2:geometry: 'id 0 (0, 0)' -> punt ligt in geen enkele buurt" in str(
        err.value
    )


@needs_shared
def test_a_third_gemeente_the_same_way(monkeypatch, tmp_path):
    """A user bundle: Delft's raw files under another name in SOCIALE_BASIS_DATA."""
    root = tmp_path / "data"
    (root / "mijnstad").mkdir(parents=True)
    manifest = (SOURCES / "delft.toml").read_text("utf-8")
    (root / "mijnstad" / "manifest.toml").write_text(
        manifest.replace('naam = "Delft"', 'naam = "Mijnstad"').replace("delft/", "mijnstad/"),
        encoding="utf-8",
    )
    for part in ("wijken", "adressen", "voorzieningen", "kerncijfers"):
        shutil.copytree(SHARED / "delft" / part, root / "mijnstad" / part)
    text = (root / "mijnstad" / "manifest.toml").read_text("utf-8")
    start = text.index("[netwerk]")
    end = text.index("[synthetisch]")
    (root / "mijnstad" / "manifest.toml").write_text(text[:start] + text[end:], "utf-8")
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(root))
    bron = datasets.read_bron("mijnstad")
    assert bron.naam == "Mijnstad"
    assert len(bron.buurten) == 91
    assert bron.netwerk_edges is None


def test_repository_root_is_found():
    root = datasets.repository_root()
    assert root is not None and (root / "pyproject.toml").is_file()
    assert isinstance(root, Path)


def test_acceptance_counts(delft, zwolle):
    """The issue's check: 16 78 71888 ~133,000 and 13 91 59511 ~110,000."""
    z = (len(zwolle.wijken), len(zwolle.buurten), len(zwolle.adressen), len(zwolle.inwoners))
    d = (len(delft.wijken), len(delft.buurten), len(delft.adressen), len(delft.inwoners))
    assert z == (16, 78, 71_888, 133_128)
    assert d == (13, 91, 59_511, 110_160)
    assert zwolle.netwerk is None
    assert delft.netwerk is not None and delft.netwerk.number_of_edges() == 16_237
    for gebied in (delft, zwolle):
        for part in ("inwoners", "verenigingen", "professionals"):
            assert (getattr(gebied, part)["bron"] == "synthetisch").all()
        assert "synthetische inwoners" in gebied.attributie


def test_second_load_comes_from_the_cache(delft):
    again = datasets.delft()  # same seed, same files: read from the session cache
    assert again.inwoners.equals(delft.inwoners)
    assert again.relaties.equals(delft.relaties)
    assert "Gebied(Delft GM0503" in repr(again)
    assert "synthetisch" in again._repr_html_()


def test_a_broken_cache_file_is_rebuilt(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALE_BASIS_CACHE", str(tmp_path))
    key = datasets.cache_key("zwolle", datasets.find_manifest("zwolle"), 3)
    (tmp_path / f"zwolle-{key}.pickle").write_bytes(b"geen pickle")
    gebied = datasets.zwolle(seed=3)
    assert len(gebied.inwoners) == 133_128
    assert (tmp_path / f"zwolle-{key}.pickle").stat().st_size > 1000


def _user_bundle(tmp_path, monkeypatch, edit):
    """Delft's manifest as a user bundle 'proef' in SOCIALE_BASIS_DATA, changed by `edit`."""
    root = tmp_path / "data"
    (root / "proef").mkdir(parents=True)
    text = (SOURCES / "delft.toml").read_text("utf-8").replace("delft/", "proef/")
    (root / "proef" / "manifest.toml").write_text(edit(text), encoding="utf-8")
    for part in ("wijken", "adressen", "voorzieningen", "kerncijfers"):
        shutil.copytree(SHARED / "delft" / part, root / "proef" / part)
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(root))


@needs_shared
def test_manifest_naming_a_missing_column(tmp_path, monkeypatch):
    _user_bundle(
        tmp_path,
        monkeypatch,
        lambda t: t.replace('inwoners = "aantal_inwoners"', 'inwoners = "inw"'),
    )
    with pytest.raises(ValidationError) as err:
        datasets.read_bron("proef")
    text = str(err.value)
    assert "delft_wijken_buurten_cbs2025.gpkg (laag buurten):1:inw: ''" in text
    assert "kolom ontbreekt (genoemd in het manifest)" in text


@needs_shared
def test_manifest_with_an_unknown_soort_translation(tmp_path, monkeypatch):
    _user_bundle(
        tmp_path,
        monkeypatch,
        lambda t: t.replace('basisschool = "basisschool"', 'basisschool = "basischool"'),
    )
    with pytest.raises(ValidationError) as err:
        datasets.read_bron("proef")
    assert "voorzieningen.soort_vertaling: 'basischool' -> onbekende soort" in str(err.value)
    assert "bedoelde u 'basisschool'?" in str(err.value)


# --- the embedded GeoParquet bundles -----------------------------------------------------


@needs_shared
@pytest.mark.parametrize("gemeente", ["delft", "zwolle"])
def test_the_parquet_bundle_reads_as_the_raw_files(gemeente):
    """The embedded bundle (data/wijken/<gemeente>/) gives exactly the parts that the raw
    files in ../shared/data give through scripts/bronnen/<gemeente>.toml."""
    import pandas as pd

    from sociale_basis.streets.network import network_from_edges

    raw = datasets.read_bron(SOURCES / f"{gemeente}.toml")
    embedded = datasets.read_bron(gemeente)
    assert datasets.find_manifest(gemeente).parent.parts[-3:] == ("data", "wijken", gemeente)
    for part in ("wijken", "buurten", "adressen", "voorzieningen"):
        pd.testing.assert_frame_equal(getattr(raw, part), getattr(embedded, part))
    for name in ("naam", "gemeentecode", "leeftijdsgroepen", "leeftijd_eenheid", "aanvullen"):
        assert getattr(raw, name) == getattr(embedded, name)
    assert raw.bronnen == embedded.bronnen
    if raw.kerncijfers is None:
        assert embedded.kerncijfers is None
    else:
        pd.testing.assert_frame_equal(raw.kerncijfers, embedded.kerncijfers)
    if raw.netwerk_edges is None:
        assert embedded.netwerk_edges is None
        return
    a = network_from_edges(raw.netwerk_edges, naam="x")
    b = network_from_edges(embedded.netwerk_edges, naam="x")
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    edges_a = {(u, v, k): d for u, v, k, d in a.edges(keys=True, data=True)}
    edges_b = {(u, v, k): d for u, v, k, d in b.edges(keys=True, data=True)}
    assert edges_a.keys() == edges_b.keys()
    for key, data in edges_a.items():
        other = edges_b[key]
        assert data.keys() == other.keys()
        assert data["geometry"].equals_exact(other["geometry"], 0)
        assert {k: v for k, v in data.items() if k != "geometry"} == {
            k: v for k, v in other.items() if k != "geometry"
        }


@needs_shared
def test_the_committed_bundles_are_what_the_script_writes():
    """scripts/maak_bundels.py --controle: the committed files, byte for byte."""
    import subprocess
    import sys

    root = datasets.repository_root()
    done = subprocess.run(
        [sys.executable, str(root / "scripts" / "maak_bundels.py"), "--controle"],  # type: ignore[operator]
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_delft_carries_the_cbs_key_figures_per_buurt():
    from sociale_basis.datasets import figure_years, latest_figures

    k = datasets.read_bron("delft").kerncijfers
    assert k is not None and k.index.name == "buurtcode"
    assert sorted(k["jaar"].unique()) == [2023, 2025]
    assert (k.groupby(level=0).size() == 2).all() and k.index.nunique() == 91
    # both naming styles end up as one: the CSV's camelCase is the GeoPackage's snake_case
    assert "percentage_huishoudens_met_laag_inkomen" in k.columns  # 2023 only
    assert "aantal_personen_met_een_alg_bijstandsuitkering_tot" in k.columns
    assert "aantal_inwoners" in k.columns  # both years
    assert (k.drop(columns="jaar").to_numpy() <= -99990).sum() == 0  # placeholders are NaN
    first = k.loc["BU05031100"]  # Bedrijventerrein Wateringseweg: 0 inwoners, figures secret
    assert first["aantal_inwoners"].tolist() == [0.0, 0.0]
    assert first["percentage_personen_0_tot_15_jaar"].isna().all()
    years = figure_years(k)
    assert years["percentage_huishoudens_met_laag_inkomen"] == 2023
    assert years["aantal_inwoners"] == 2025
    latest = latest_figures(k)
    assert latest.index.equals(pd.Index(sorted(k.index.unique()), name="buurtcode"))
    expected = k[k["jaar"] == 2025]["aantal_inwoners"]
    assert latest["aantal_inwoners"].equals(expected.rename("aantal_inwoners"))


def test_gebied_carries_the_key_figures(delft):
    assert delft.kerncijfers is not None
    assert set(delft.kerncijfers.index) == set(delft.buurten.index)


def test_the_key_figures_are_documented():
    """docs/kerncijfers.md lists every column of the Delft key figures."""
    doc = (datasets.repository_root() / "docs" / "kerncijfers.md").read_text("utf-8")  # type: ignore[operator]
    k = datasets.read_bron("delft").kerncijfers
    assert k is not None
    missing = [c for c in k.columns if c != "jaar" and f"| `{c}` |" not in doc]
    assert missing == []


def test_the_cache_key_follows_the_contents_of_the_bundle_files(tmp_path, monkeypatch):
    """A changed file of a bundle (same name, even the same size) gives a new population."""
    shutil.copytree(datasets.find_manifest("zwolle").parent, tmp_path / "zwolle")
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    manifest = datasets.find_manifest("zwolle")
    assert manifest.parent == tmp_path / "zwolle"
    before = datasets.cache_key("zwolle", manifest, 1)
    buurten = gpd.read_parquet(tmp_path / "zwolle" / "buurten.parquet")
    buurten.loc[0, "inwoners"] += 1
    buurten.to_parquet(tmp_path / "zwolle" / "buurten.parquet")
    assert datasets.cache_key("zwolle", manifest, 1) != before

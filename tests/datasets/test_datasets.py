"""The bundle loader: data roots, manifests, real parts, caching, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from sociale_basis.core.errors import DataNotFoundError, ValidationError
from sociale_basis.datasets import bundles as datasets

SHARED = datasets.repository_root().parent / "shared" / "data"  # type: ignore[union-attr]


def test_data_roots_in_order(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    roots = datasets.data_roots()
    assert roots[0] == tmp_path
    assert roots[1].parts[-2:] == ("data", "wijken")
    assert roots[2].parts[-2:] == ("shared", "data")


def test_unknown_gemeente_says_where_it_looked(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(DataNotFoundError) as err:
        datasets.find_manifest("atlantis")
    text = str(err.value)
    assert "atlantis" in text
    assert str(tmp_path / "atlantis" / "manifest.toml") in text
    assert "SOCIALE_BASIS_DATA" in text


def test_missing_file_says_where_it_looked_and_how_to_fix(monkeypatch, tmp_path):
    # With the repository roots hidden, only the (empty) user root is searched.
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    monkeypatch.setattr(datasets, "repository_root", lambda: None)
    with pytest.raises(DataNotFoundError) as err:
        datasets.find_file("delft/wijken/x.gpkg", "Delft")
    assert str(tmp_path / "delft" / "wijken" / "x.gpkg") in str(err.value)
    assert "Oplossing" in str(err.value)


def test_wheel_carries_the_manifests(tmp_path, monkeypatch):
    """`pip install .` (not editable) must still find the bundled manifests."""
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
        assert "sociale_basis/_manifests/delft/manifest.toml" in names
        assert "sociale_basis/_manifests/zwolle/manifest.toml" in names
        zf.extractall(tmp_path / "site")
    # Without a repository, the loader falls back to the packaged copy.
    monkeypatch.setattr(datasets, "repository_root", lambda: None)
    monkeypatch.setattr(datasets, "_PACKAGE", tmp_path / "site" / "sociale_basis")
    monkeypatch.delenv("SOCIALE_BASIS_DATA", raising=False)
    found = datasets.find_manifest("zwolle")
    assert found == tmp_path / "site" / "sociale_basis" / "_manifests" / "zwolle" / "manifest.toml"


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
        datasets._assign_areas(far, bron.buurten, "adressen.gpkg")
    assert "adressen.gpkg:2:geometry: 'id 0 (0, 0)' -> punt ligt in geen enkele buurt" in str(
        err.value
    )


def test_a_third_gemeente_the_same_way(monkeypatch, tmp_path):
    """A user bundle: Delft's files under another name in SOCIALE_BASIS_DATA."""
    root = tmp_path / "data"
    (root / "mijnstad").mkdir(parents=True)
    manifest = datasets.find_manifest("delft").read_text("utf-8")
    (root / "mijnstad" / "manifest.toml").write_text(
        manifest.replace('naam = "Delft"', 'naam = "Mijnstad"').replace("delft/", "mijnstad/"),
        encoding="utf-8",
    )
    for part in ("wijken", "adressen", "voorzieningen"):
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
    key = datasets._cache_key("zwolle", datasets.find_manifest("zwolle"), 3)
    (tmp_path / f"zwolle-{key}.pickle").write_bytes(b"geen pickle")
    gebied = datasets.zwolle(seed=3)
    assert len(gebied.inwoners) == 133_128
    assert (tmp_path / f"zwolle-{key}.pickle").stat().st_size > 1000


def _user_bundle(tmp_path, monkeypatch, edit):
    """Delft's manifest as a user bundle 'proef' in SOCIALE_BASIS_DATA, changed by `edit`."""
    root = tmp_path / "data"
    (root / "proef").mkdir(parents=True)
    text = datasets.find_manifest("delft").read_text("utf-8").replace("delft/", "proef/")
    (root / "proef" / "manifest.toml").write_text(edit(text), encoding="utf-8")
    for part in ("wijken", "adressen", "voorzieningen"):
        shutil.copytree(SHARED / "delft" / part, root / "proef" / part)
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(root))


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

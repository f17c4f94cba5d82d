"""The GeoPackage of the results: read back with GDAL (pyogrio), compared with the tables."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import pandas as pd
import pytest
from map_fixtures import PAYLOADS, isochronen, signalen, with_payloads

from sociale_basis.present.figures import kerncijfers_beide
from sociale_basis.present.geopackage import LAGEN, write_geopackage
from sociale_basis.present.tables import write_tables

pyogrio = pytest.importorskip("pyogrio")


@pytest.fixture(scope="module")
def results(delft, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The GeoPackage and the CSV tables of the same figures, side by side."""
    gebied = with_payloads(delft, "WK050323")
    levels = kerncijfers_beide(gebied)
    cijfers = {str(n): k for n, k in levels.items()}
    flags = signalen(gebied, "WK050323")
    uitkomst = SimpleNamespace(
        gebied=gebied, cijfers=cijfers, signalen=flags, isochronen=isochronen(gebied)
    )
    folder = tmp_path_factory.mktemp("gpkg")
    write_tables(gebied, folder, signalen=flags, cijfers=cijfers, naam="delft")
    path = write_geopackage(uitkomst, folder)
    return path, folder, gebied


def _csv(folder, name: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return pd.read_csv(
        folder / name, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False
    )


def test_layers_crs_and_row_counts_match_the_tables(results) -> None:
    path, folder, gebied = results
    assert path.name == "delft_resultaten.gpkg"
    layers = dict(pyogrio.list_layers(path))
    assert set(LAGEN) <= set(layers) and "layer_styles" in layers
    for name in LAGEN:
        assert pyogrio.read_info(path, layer=name)["crs"] == "EPSG:28992"
    count = {name: pyogrio.read_info(path, layer=name)["features"] for name in layers}
    assert count["buurten"] == len(_csv(folder, "delft_buurten_bevolking.csv"))
    assert count["wijken"] == len(_csv(folder, "delft_wijken_bevolking.csv"))
    assert count["signalen"] == len(_csv(folder, "delft_signalen.csv"))
    assert count["isochronen"] == 2  # the bands the maps draw: 0-5 and 5-10 minutes
    assert count["voorzieningen"] == len(gebied.voorzieningen)
    assert count["layer_styles"] == len(LAGEN)


def test_hidden_cells_stay_hidden_and_numbers_are_the_tables(results) -> None:
    path, folder, _ = results
    table = _csv(folder, "delft_buurten_bevolking.csv").set_index("buurtcode")
    layer = pyogrio.read_dataframe(path, layer="buurten").set_index("buurtcode")
    hidden = 0
    for column in ("inwoners_65plus", "met_hulpvraag", "pct_65plus", "hulpvraag_eenzaamheid"):
        for code, cell in table[column].items():
            value = layer.at[code, column]
            if cell and not cell.replace(",", "").replace("-", "").isdigit():
                hidden += 1  # a label such as "geheim": no number in the GeoPackage
                assert pd.isna(value), (column, code, cell, value)
                assert layer.at[code, f"{column}_verborgen"] == cell
            elif cell:
                assert value == pytest.approx(float(cell.replace(",", ".")))
    assert hidden > 0
    assert (layer["bron_bevolking"].str.contains("synthetisch")).all()


def test_signals_are_those_published_and_text_is_safe(results) -> None:
    path, folder, _ = results
    flags = pyogrio.read_dataframe(path, layer="signalen")
    assert "mag niet getoond worden" not in set(flags["reden"])  # buurt under 10 inhabitants
    assert sorted(flags["reden"]) == sorted(_csv(folder, "delft_signalen.csv")["reden"])
    assert flags.geometry.notna().all() and (flags.geom_type == "Point").all()
    buurten = pyogrio.read_dataframe(path, layer="buurten")
    assert PAYLOADS[0] in set(buurten["naam"])  # text stays text, not changed
    places = pyogrio.read_dataframe(path, layer="voorzieningen")
    assert places["bron"].str.startswith("synthetisch").any()


def test_formula_text_is_made_safe(delft, tmp_path) -> None:
    import dataclasses

    buurten = delft.buurten.copy()
    buurten["buurtnaam"] = buurten["buurtnaam"].astype(object)
    buurten.iloc[0, buurten.columns.get_loc("buurtnaam")] = '=HYPERLINK("http://x","klik")'
    gebied = dataclasses.replace(delft, buurten=buurten)
    levels = kerncijfers_beide(gebied)
    uitkomst = SimpleNamespace(
        gebied=gebied,
        cijfers={str(n): k for n, k in levels.items()},
        signalen=None,
        isochronen=None,
    )
    path = write_geopackage(uitkomst, tmp_path / "x.gpkg")
    names = set(pyogrio.read_dataframe(path, layer="buurten")["naam"])
    assert '\'=HYPERLINK("http://x","klik")' in names
    assert {n for n, _ in pyogrio.list_layers(path)} == {
        "buurten",
        "wijken",
        "voorzieningen",
        "layer_styles",
    }


def test_qgis_styles(results) -> None:
    path, _, _ = results
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles").fetchall())
    db.close()
    assert set(rows) == set(LAGEN)
    assert 'type="graduatedSymbol" attr="pct_65plus"' in rows["buurten"]
    assert 'type="singleSymbol"' in rows["voorzieningen"]

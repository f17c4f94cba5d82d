"""The regional tables and the comparison page on small hand-made parts: cells as the
gemeenten show them, text from data escaped everywhere (HTML, jinja2, CSV formulas),
medians over published values only, the same classes for every small map."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from sociale_basis.regio.cluster import write_regio
from sociale_basis.regio.gemeente import Afloop
from sociale_basis.regio.samen import read_regiotabel, shown
from sociale_basis.regio.vergelijking import GEEN, KLEUREN, klassen

EVIL = "<script>alert(1)</script>{{ 7*7 }}{% if 1 %}#"
KOLOMMEN = {
    "pct_65plus": {"thema": "bevolking", "label": "Aandeel 65+", "eenheid": "%", "decimalen": 1},
    "inwoners": {"thema": "bevolking", "label": "Inwoners", "eenheid": "", "decimalen": 0},
}


def _part(folder, bundel, code, naam, values, labels, offset):
    folder.mkdir(parents=True)
    n = len(values)
    frame = gpd.GeoDataFrame(
        {
            "gemeentecode": code,
            "gemeente": naam,
            "naam": [f"{EVIL} {i}" if i == 0 else f"=SOM(A{i})" for i in range(n)],
            "wijkcode": "WK999901",
            "inwoners": [100.0 + i for i in range(n)],
            "pct_65plus": values,
            "pct_65plus:tekst": labels,
        },
        geometry=[box(offset + i * 100, 0, offset + i * 100 + 90, 90) for i in range(n)],
        crs="EPSG:28992",
        index=pd.Index([f"BU{code[2:]}{i:04d}" for i in range(n)], name="code"),
    )
    frame.to_parquet(folder / f"{bundel}_regio_buurten.parquet")
    wijk = frame.iloc[:1].copy()
    wijk.index = pd.Index(["WK999901"], name="code")
    wijk.to_parquet(folder / f"{bundel}_regio_wijken.parquet")


@pytest.fixture
def region(tmp_path):
    a = Afloop("een", "klaar", bundel="een", naam=EVIL, gemeentecode="GM9991", inwoners=1000)
    b = Afloop("twee", "overgeslagen", bundel="twee", naam="Twee", gemeentecode="GM9992")
    c = Afloop("drie", "mislukt", stap="laden", fout=f"kapot {EVIL}")
    for x in (a, b):
        x.map = str(tmp_path / x.bundel)
        x.kolommen = KOLOMMEN
    _part(tmp_path / "een", "een", "GM9991", EVIL, [10.0, None, 30.0], [None, "geheim", None], 0)
    _part(tmp_path / "twee", "twee", "GM9992", "Twee", [20.0, 40.0], [None, None], 5000)
    written = write_regio([a, b, c], tmp_path, maat="pct_65plus")
    return tmp_path, [a, b, c], written


def test_the_regional_table_shows_each_cell_as_its_gemeente_did(region):
    uit, afloop, _ = region
    table = shown(read_regiotabel(afloop, "buurt"), KOLOMMEN)
    assert list(table.columns) == [
        "gemeentecode",
        "gemeente",
        "naam",
        "wijkcode",
        "pct_65plus",
        "inwoners",
    ]
    assert table["pct_65plus"].tolist() == [10.0, "geheim", 30.0, 20.0, 40.0]
    assert table["gemeentecode"].tolist() == ["GM9991"] * 3 + ["GM9992"] * 2
    csv = (uit / "regio_buurten.csv").read_text("utf-8-sig")
    assert "\n'=SOM(A1)" not in csv and ";'=SOM(A1);" in csv  # text, never a formula
    assert "geheim" in csv


def test_the_comparison_page_escapes_every_text_from_data(region):
    uit, _, written = region
    page = (uit / "regio_vergelijking.html").read_text("utf-8")
    assert uit / "regio_vergelijking.html" in written
    assert "<script>alert" not in page
    assert "{{" not in page and "{%" not in page and "49" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#123;&#123; 7*7 &#125;&#125;" in page
    assert page.count("<script>") == 1  # only the page's own sorting script
    assert "http://" not in page and "https://" not in page


def test_the_table_has_medians_of_published_values_and_sorts(region):
    uit, _, _ = region
    page = (uit / "regio_vergelijking.html").read_text("utf-8")
    assert 'class="sorteer"' in page and "aria-sort" in page
    # gemeente een: published 10 and 30 (one hidden) -> median 20,0%; twee: 20 and 40 -> 30,0%
    assert 'data-waarde="20.0">20,0% (1 verborgen)</td>' in page
    assert 'data-waarde="30.0">30,0%</td>' in page
    assert "Niet gelukt" in page and "kapot &lt;script&gt;" in page


def test_small_multiples_share_their_classes(region):
    uit, _, _ = region
    page = (uit / "regio_vergelijking.html").read_text("utf-8")
    assert page.count("<svg") == 2
    assert page.count(f'fill="{GEEN}"') == 1  # the hidden buurt
    assert f'fill="{KLEUREN[0]}"' in page and f'fill="{KLEUREN[-1]}"' in page
    assert list(klassen(pd.Series([10.0, 20.0, 30.0, 40.0, None]))) == [
        16.0,
        22.0,
        28.0,
        34.0,
        40.0,
    ]


def test_failures_are_listed_with_their_step(region):
    uit, _, _ = region
    fouten = pd.read_csv(uit / "regio_fouten.csv", sep=";", encoding="utf-8-sig")
    assert fouten[["gevraagd", "stap"]].values.tolist() == [["drie", "laden"]]
    report = (uit / "regio_afscherming.md").read_text("utf-8")
    assert "een/een_afscherming.md" in report and "drie: stap 'laden'" in report

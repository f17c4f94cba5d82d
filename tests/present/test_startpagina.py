"""The start page of an output folder (present/startpagina.py)."""

from __future__ import annotations

from types import SimpleNamespace

from sociale_basis.present.startpagina import write_index

BRONNEN = [
    {"naam": "CBS Wijk- en buurtkaart 2025", "licentie": "CC-BY 4.0", "attributie": "Bron: CBS"},
    {"naam": "OpenStreetMap", "licentie": "ODbL 1.0", "attributie": "© OpenStreetMap contributors"},
]


def test_links_every_part_with_a_sentence_and_names_sources_once(tmp_path) -> None:
    gebied = SimpleNamespace(naam="Delft <x>", seed=2025, bronnen=BRONNEN)
    names = [
        "d_kaart_buurten.html",
        "d_kaart_wijken.html",
        "d_buurten.xlsx",
        "d_wijken.xlsx",
        "d_wijken_bevolking.csv",
        "d_signalen.csv",
        "d_kansen.csv",
        "d_afscherming.md",
    ]
    written = [tmp_path / n for n in names] + [tmp_path / "wijken" / "d_WK050323.html"]
    titels = {written[-1]: "Wijk 23 Tanthof-Oost (WK050323)"}
    page = write_index(gebied, tmp_path, written, "d", titels).read_text("utf-8")
    for href in [*names[:4], *names[5:], "wijken/d_WK050323.html"]:
        assert f'href="{href}"' in page, href
    assert ">Signalen</a>: waar iets aandacht vraagt" in page
    assert ">Verantwoording van de afscherming</a>" in page
    assert "Elk thema staat ook als CSV-bestand" in page
    assert "Bron: CBS" not in page and "Bronnen: Bron" not in page
    assert "<li>CBS Wijk- en buurtkaart 2025 (CC-BY 4.0)</li>" in page  # "CBS" once
    assert "<li>OpenStreetMap (ODbL 1.0), © OpenStreetMap contributors</li>" in page
    assert "synthetisch (niet echt)" in page
    assert "Delft &lt;x&gt;" in page and "Delft <x>" not in page

"""Maps, tested through their HTML (the browser tests are in test_browser.py)."""

from __future__ import annotations

import html
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from map_fixtures import PAYLOADS, inwoner_coordinates, isochronen, signalen, with_payloads
from shapely.geometry import Point

from sociale_basis.present.figures import kerncijfers
from sociale_basis.present.map_layers import GEEN_GEGEVENS_KLEUR, LEEG
from sociale_basis.present.maps import bases, classes, overview_map, save_map, wijk_map
from sociale_basis.present.offline import OfflineUnavailableError, inline_assets
from sociale_basis.privacy import Kolom

MAX_BYTES = 3 * 1024 * 1024
# a script, stylesheet, image or font that the page would fetch (a plain <a href> to a
# website, like Leaflet's own attribution link, fetches nothing)
OUTSIDE = re.compile(
    r"""<script[^>]*\ssrc\s*=\s*["']?https?://|<link[^>]*\shref\s*=\s*["']?https?://"""
    r"""|<img[^>]*\ssrc\s*=\s*["']?https?://|url\(\s*["']?https?://|@import""",
    re.I,
)
TILES = re.compile(r"tile\.openstreetmap|\{z\}/\{x\}/\{y\}", re.I)


@pytest.fixture(scope="module")
def delft_payload(delft):
    return with_payloads(delft, "WK050323")


@pytest.fixture(scope="module")
def delft_html(delft_payload, tmp_path_factory) -> str:
    m = overview_map(
        delft_payload,
        offline=True,
        signalen=signalen(delft_payload, "WK050323"),
        isochronen=isochronen(delft_payload),
        titel=PAYLOADS[1],
    )
    path = save_map(m, tmp_path_factory.mktemp("kaart") / "delft.html")
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def zwolle_html(zwolle, tmp_path_factory) -> str:
    path = save_map(
        overview_map(zwolle, offline=True), tmp_path_factory.mktemp("kaart") / "zwolle.html"
    )
    return path.read_text("utf-8")


@pytest.fixture(scope="module")
def wijk_html(delft_payload) -> str:
    m = wijk_map(
        delft_payload, "WK050323", offline=True, signalen=signalen(delft_payload, "WK050323")
    )
    return m.get_root().render()


# --- offline, size ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "clustered"), [("delft_html", True), ("zwolle_html", True), ("wijk_html", False)]
)
def test_offline_map_needs_no_network_and_is_small(name, clustered, request) -> None:
    text = request.getfixturevalue(name)
    assert len(text.encode("utf-8")) < MAX_BYTES
    assert not OUTSIDE.search(text), OUTSIDE.search(text)
    assert '<link rel="stylesheet"' not in text
    assert not TILES.search(text)
    assert "Leaflet 1.9.3" in text  # inlined, with its licence header
    assert ("L.MarkerClusterGroup" in text) == clustered  # the plugin only where used


def test_maps_are_offline_by_default(delft) -> None:
    text = wijk_map(delft, "WK050323").get_root().render()
    assert not OUTSIDE.search(text) and not TILES.search(text)
    assert "Leaflet 1.9.3" in text


def test_online_map_uses_cdn_and_osm_tiles_with_the_own_basemap_as_fallback(delft) -> None:
    text = overview_map(delft, offline=False).get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in text
    assert "tile.openstreetmap.org" in text
    assert "OpenStreetMap" in text
    assert len(text.encode("utf-8")) < MAX_BYTES
    # the own streets are there but off; a tile that fails turns them on, with a note
    assert '"tileerror"' in text and "De achtergrondkaart van internet laadt niet" in text


def test_scale_is_metric_only(delft_html) -> None:
    assert "imperial: false, metric: true" in delft_html
    assert "L.control.scale(\n" not in delft_html  # not Leaflet's own (feet and miles)
    assert '"imperial": true' not in delft_html


def test_inline_assets_refuses_an_unknown_outside_script() -> None:
    page = '<script src="https://example.org/ander.js"></script>'
    with pytest.raises(OfflineUnavailableError, match=r"example\.org"):
        inline_assets(page)


def test_inline_assets_inlines_leaflet_css_images() -> None:
    page = '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>'
    out = inline_assets(page)
    assert out.startswith("<style>") and "data:image/png;base64," in out
    assert "url(images/" not in out


# --- never an inwoner -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["delft_html", "wijk_html"])
def test_no_inwoner_coordinates_in_the_html(delft, name, request) -> None:
    text = request.getfixturevalue(name)
    sample = inwoner_coordinates(delft)
    assert len(sample) == 300
    for lat, lon in sample:
        assert not re.search(rf"{re.escape(lat)},\s?{re.escape(lon)}\b", text), (lat, lon)
        assert not re.search(rf"{re.escape(lon)},\s?{re.escape(lat)}\b", text), (lat, lon)
    assert "inwoner:" not in text
    assert "Inwoners (synthetisch)" not in text  # no layer of inwoners, not even hidden


def test_no_inwoner_coordinates_in_zwolle(zwolle, zwolle_html) -> None:
    for lat, lon in inwoner_coordinates(zwolle, n=200):
        assert not re.search(rf"{re.escape(lat)},\s?{re.escape(lon)}\b", zwolle_html)


# --- escaping -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["delft_html", "wijk_html"])
def test_payloads_never_reach_the_html_unescaped(name, request) -> None:
    text = request.getfixturevalue(name)
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert 'onerror="alert' not in text
    # escaped twice over: html.escape, then \u003c in the JSON inside <script>
    assert "\\u0026lt;img src=x onerror=\\u0026quot;alert(1)\\u0026quot;\\u0026gt;" in text


def test_title_is_escaped(delft_html) -> None:
    assert f"<title>{html.escape(PAYLOADS[1])}</title>" in delft_html
    assert html.escape(PAYLOADS[1]) in delft_html


def test_every_text_of_the_layer_control_is_escaped(delft_payload) -> None:
    m = overview_map(delft_payload, offline=True)
    names = [c.layer_name for c in m._children.values() if isinstance(c, folium.map.Layer)]
    assert names and all(html.escape(html.unescape(n)) == n for n in names)


# --- content --------------------------------------------------------------------------


def test_overview_has_the_layers_legend_and_sources(delft_html, delft) -> None:
    # every Delft professional works from a voorziening: one standplaats per voorziening
    # (57 with the default population of issue 14; the count follows the population)
    assert delft.professionals["voorziening_id"].notna().all()
    standplaatsen = delft.professionals["voorziening_id"].nunique()
    for text in (
        "Buurten: Aandeel 65-plussers",
        "Voorzieningen: Zorg en welzijn",
        "Verenigingen (296, synthetisch)",
        f"Standplaatsen van professionals ({standplaatsen})",
        # one marker per buurt with signals (two); a buurt under 10 inhabitants hidden
        "Signalen (2)",
        "Binnen 5 min lopen van een sociaal wijkteam (3)",
        "5 tot 10 min lopen van een sociaal wijkteam (3)",
        LEEG["geen-inwoners"][1],  # the buurten under 10 inhabitants, said so
        "Straten",
        "Wijk 23 Tanthof-Oost",  # a name on the map
        html.escape(delft.attributie),
        "synthetisch (niet echt)",
    ):
        assert text in delft_html, text


def test_flags_popups_give_reason_and_numbers_and_skip_small_areas(delft_html) -> None:
    assert "12% zonder informele band; drempel 10%" in delft_html
    # the numbers behind the fold "meer", in words (no "waarde"/"drempel" jargon)
    assert "Gemeten 1.450; grens 1.000." in delft_html
    assert "\\u003csummary\\u003emeer\\u003c/summary\\u003e" in delft_html
    assert "waarde 1.450" not in delft_html
    assert "mag niet getoond worden" not in delft_html
    # the overview per buurt shows buurt flags; the wijk flag is on the wijk map
    assert "23% van de 65-plussers" not in delft_html


def test_wijk_map_shows_the_flags_of_the_wijk_and_its_buurten(wijk_html) -> None:
    # a marker per message of a buurt (2 + 1); the one about the whole wijk in the legend
    assert "Signalen (3)" in wijk_html
    assert "Signalen voor de hele wijk" in wijk_html
    assert "23% van de 65-plussers woont verder dan 1.000 m lopen van een huisarts" in wijk_html


def test_wijk_map_is_focused(wijk_html, delft) -> None:
    assert "Wijk 23 Tanthof-Oost (Delft)" in wijk_html
    assert '"Namen"' in wijk_html
    assert "Bosrand" in wijk_html
    assert "Kalfjeslaan" in wijk_html  # a street name, for finding one's street
    # buurten of other wijken are not on it
    other = delft.buurten.loc[delft.buurten["wijkcode"] != "WK050323", "buurtnaam"]
    assert "Centrum-Noord" in set(other) and "Centrum-Noord" not in wijk_html


def test_wijk_map_unknown_wijk(delft) -> None:
    with pytest.raises(KeyError, match="WK999999"):
        wijk_map(delft, "WK999999")


def test_cijfers_must_be_protected_and_of_the_level(delft) -> None:
    with pytest.raises(TypeError, match="Kerncijfers"):
        overview_map(delft, cijfers=pd.DataFrame())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="per wijk"):
        overview_map(delft, cijfers=kerncijfers(delft, "wijk"), niveau="buurt")
    with pytest.raises(ValueError, match="niveau"):
        overview_map(delft, niveau="gemeente")


def test_unknown_measure(delft) -> None:
    with pytest.raises(KeyError, match="onbekende maat"):
        overview_map(delft, maat="onzin")


def test_wijk_level_and_other_measure(delft) -> None:
    text = overview_map(delft, "inwoners", niveau="wijk", offline=True).get_root().render()
    assert "Wijken: Inwoners (CBS)" in text


def test_map_with_overig_and_missing_crs_raises(delft) -> None:
    text = overview_map(delft, met_overig=True, offline=True).get_root().render()
    assert "Overig (geen sociale infrastructuur)" in text
    iso = isochronen(delft).set_crs(None, allow_override=True)
    with pytest.raises(ValueError, match="geen CRS"):
        overview_map(delft, isochronen=iso)


def test_isochrones_need_minutes(delft) -> None:
    with pytest.raises(ValueError, match="minuten"):
        overview_map(delft, isochronen=isochronen(delft).drop(columns="minuten"))


# --- pieces ---------------------------------------------------------------------------


def test_classes_hidden_values_are_grey_and_labels_dutch() -> None:
    kolom = Kolom("x", "aandeel", "x", "%", decimalen=1)
    values = pd.Series([1.0, 2.0, 10.0, 11.0, np.nan, 29.0, 30.0], index=list("abcdefg"))
    kleur, labels = classes(values, kolom, k=3)
    assert kleur["e"] == GEEN_GEGEVENS_KLEUR
    assert len(set(kleur.drop("e"))) == 3
    assert labels == [
        "1,0% tot en met 2,0%",
        "meer dan 2,0% tot en met 11,0%",
        "meer dan 11,0% tot en met 30,0%",
    ]


def test_classes_never_give_one_value_a_class_of_its_own() -> None:
    """[1, 2, 10, 11, 30] in three classes would be {1, 2}, {10, 11}, {30}: "30,0%" alone
    looks like a value, not a class. Two classes then: Fisher-Jenks puts 30 apart
    (squares 82 against 254.5 for {1, 2} | {10, 11, 30}), and the label says "meer dan"."""
    kolom = Kolom("x", "aandeel", "x", "%", decimalen=1)
    values = pd.Series([1.0, 2.0, 10.0, 11.0, 30.0], index=list("abcde"))
    kleur, labels = classes(values, kolom, k=3)
    assert labels == ["1,0% tot en met 11,0%", "meer dan 11,0% tot en met 30,0%"]
    assert kleur["a"] == kleur["d"] != kleur["e"]


def test_classes_grey_says_why() -> None:
    kolom = Kolom("x", "aandeel", "x", "%", decimalen=1)
    values = pd.Series([1.0, 2.0, np.nan, np.nan, np.nan], index=list("abcde"))
    leeg = pd.Series(["", "", "geen-inwoners", "privacy", "geen-gegevens"], index=list("abcde"))
    kleur, _ = classes(values, kolom, leeg=leeg)
    assert [kleur[c] for c in "cde"] == [LEEG[r][0] for r in leeg.iloc[2:]]
    assert len({kleur[c] for c in "cde"}) == 3


def test_classes_with_few_or_no_values() -> None:
    kolom = Kolom("x", "maat", "x")
    kleur, labels = classes(pd.Series([5.0, 5.0, np.nan]), kolom)
    assert labels == ["5"] and kleur.iloc[0] != GEEN_GEGEVENS_KLEUR
    kleur, labels = classes(pd.Series([np.nan, np.nan]), kolom)
    assert labels == [] and set(kleur) == {GEEN_GEGEVENS_KLEUR}


def test_bases_aggregate_per_location_never_a_person(delft) -> None:
    b = bases(delft.professionals, delft.voorzieningen)
    assert b["aantal"].sum() == len(delft.professionals)
    assert len(b) == delft.professionals["voorziening_id"].nunique()
    assert "professional_id" not in b.columns and "capaciteit" not in b.columns


def test_bases_without_voorziening_use_the_location() -> None:
    prof = gpd.GeoDataFrame(
        {"rol": ["huisarts", "poh_ggz", "wijkteam"], "voorziening_id": [None, None, None]},
        geometry=[Point(85000, 447000), Point(85000.2, 447000.1), Point(86000, 447000)],
        crs="EPSG:28992",
    )
    vz = gpd.GeoDataFrame({"naam": [], "soort": []}, geometry=[], crs="EPSG:28992")
    b = bases(prof, vz)
    assert sorted(b["aantal"].tolist()) == [1, 2]


def test_flags_need_area_codes(delft):
    with pytest.raises(ValueError, match="gebiedcode"):
        overview_map(delft, signalen=pd.DataFrame({"signaal": ["x"], "reden": ["r"]}))


def test_notebook_view_is_offline_too(delft):
    shown = wijk_map(delft, "WK050323", offline=True)._repr_html_()
    assert "Leaflet 1.9.3" in shown and "cdn.jsdelivr" not in shown


def test_a_new_layer_is_one_builder_in_the_list(delft, monkeypatch) -> None:
    """The extension point: a builder added to KAARTLAGEN is drawn on every map, with its
    legend row, without touching the map functions."""
    import folium

    from sociale_basis.present import layers

    def gemeentehuis(k: layers.Kaart) -> layers.Kaartlaag:
        group = folium.FeatureGroup(name="Gemeentehuis")
        folium.CircleMarker([52.0116, 4.3571], radius=6).add_to(group)
        return layers.Kaartlaag([group], ["<b>Gemeentehuis</b>"])

    monkeypatch.setattr(layers, "KAARTLAGEN", [*layers.KAARTLAGEN, gemeentehuis])
    monkeypatch.setattr("sociale_basis.present.maps.KAARTLAGEN", layers.KAARTLAGEN)
    html = wijk_map(delft, "WK050323", offline=True).get_root().render()
    assert '"Gemeentehuis"' in html and "<b>Gemeentehuis</b>" in html
    assert [b.__name__ for b in layers.KAARTLAGEN][:3] == ["wijkgrenzen", "water", "gebieden"]


# --- group opportunities ------------------------------------------------------------------


def test_wijk_map_shows_group_opportunities_as_a_layer_with_its_legend(delft_payload) -> None:
    from map_fixtures import kansen

    from sociale_basis.present.map_kansen import SYNTHETISCHE_PLEK

    cijfers = kerncijfers(delft_payload, "buurt")
    page = (
        wijk_map(
            delft_payload,
            "WK050323",
            offline=True,
            cijfers=cijfers,
            kansen=kansen(delft_payload, "WK050323", cijfers),
        )
        .get_root()
        .render()
    )
    # two layers (real places, synthetic places), each with its legend row and "G"
    assert '"Kansen voor groepen (2)"' in page
    assert '"Kansen voor groepen (synthetische plekken) (1)"' in page
    assert 'data-laag="kans"' in page and 'data-laag="kans-synthetisch"' in page
    assert "<b>Kansen voor groepen</b>" in page and html.escape(SYNTHETISCHE_PLEK) in page
    assert "eerste echte plek voor" in page
    assert "verborgen kans" not in page  # its buurt's count is hidden in the tables
    assert PAYLOADS[1] not in page and PAYLOADS[0] not in page  # names and reasons escaped
    # no opportunities given: no layer, no legend row
    plain = wijk_map(delft_payload, "WK050323", offline=True, cijfers=cijfers)
    assert 'data-laag="kans"' not in plain.get_root().render()

"""Rich display in Jupyter (``_repr_html_``): the Dutch facts each result shows, and that
text from data is always escaped (DESIGN §5)."""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd
import pytest
from gaps_fixtures import X0, Y0, Bouwer, only
from io_fixtures import GOOD, gebied_teststad
from reach_fixtures import edges_frame
from shapely.geometry import Point

from sociale_basis.core.crs import RD_NEW
from sociale_basis.core.errors import Problem
from sociale_basis.core.gebied import Gebied
from sociale_basis.core.html import card, table
from sociale_basis.gaps.scenario import Scenario, run_scenario
from sociale_basis.io import read_inwoners
from sociale_basis.io.report import Afwijzing, Gelezen, Rapport
from sociale_basis.present.figures import Kerncijfers, kerncijfers
from sociale_basis.privacy import Kolom, protect
from sociale_basis.streets import network
from sociale_basis.streets.snap import Netwerk

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str) -> None:
    """The hostile name is in the HTML, but only escaped."""
    assert ESCAPED in html
    assert "<script" not in html.lower()


def body_rows(html: str) -> int:
    """Rows in the body of the (last) data table."""
    return html.rsplit("<tbody>", 1)[1].count("<tr>")


# --- the helper --------------------------------------------------------------------------


def test_card_escapes_every_text_and_shows_at_most_12_rows() -> None:
    frame = pd.DataFrame({XSS: [XSS] * 15}, index=pd.Index(range(15), name=XSS))
    html = card(XSS, [XSS], pairs={XSS: XSS}, frame=frame, footnote=XSS)
    assert_escaped(html)
    assert html.count(ESCAPED) == 1 + 1 + 2 + 12 + 1 + 1 + 1  # title, line, pair, cells, ...
    assert body_rows(html) == 12
    assert "... en nog 3 rijen" in html


def test_table_says_rij_for_one_left_out_and_nothing_when_all_shown() -> None:
    frame = pd.DataFrame({"a": range(13)})
    assert "... en nog 1 rij<" in table(frame)
    assert "en nog" not in table(frame, 13)
    assert body_rows(table(frame, 13)) == 13


# --- Gebied ------------------------------------------------------------------------------


def _gebied(naam: str) -> Gebied:
    stad = gebied_teststad()
    adressen = gpd.GeoDataFrame(
        {"buurtcode": ["BU99990101"] * 3}, geometry=[Point(84500, 446500)] * 3, crs=RD_NEW
    )
    empty = gpd.GeoDataFrame({"bron": []}, geometry=[], crs=RD_NEW)
    voorzieningen = gpd.GeoDataFrame(
        {"naam": [XSS, "Huisarts"], "bron": ["osm_2022", "synthetisch"]},
        geometry=[Point(84500, 446500)] * 2,
        crs=RD_NEW,
    )
    return Gebied(
        naam=naam,
        gemeentecode="GM9999",
        wijken=stad.wijken,
        buurten=stad.buurten,
        adressen=adressen,
        inwoners=empty,
        verenigingen=empty,
        voorzieningen=voorzieningen,
        professionals=empty,
        relaties=pd.DataFrame(columns=["van", "naar", "soort"]),
        netwerk=None,
        bronnen=[{"attributie": "CBS wijken en buurten 2024"}],
        seed=7,
    )


def test_gebied_shows_name_counts_and_sources() -> None:
    html = _gebied("Teststad")._repr_html_()
    assert "<b>Teststad (GM9999)</b>" in html
    assert re.search(r"<th>buurten</th>\s*<td>4</td>\s*<td>echt</td>", html)
    assert re.search(r"<th>adressen</th>\s*<td>3</td>", html)
    assert "1 echt, 1 synthetisch" in html  # the voorzieningen
    assert "CBS wijken en buurten 2024; synthetische inwoners (seed 7)" in html


def test_gebied_name_is_escaped() -> None:
    assert_escaped(_gebied(XSS)._repr_html_())


# --- Scenario ----------------------------------------------------------------------------


def _changed_severity(naam: str) -> Scenario:
    """As in test_scenario: 60% of buurt A lives far from a meeting place; a buurthuis
    near 60 of them leaves 30% (ernst hoog -> laag)."""
    b = Bouwer()
    b.buurt("A", naam=naam)
    b.inwoners("A", 80, at=(500, 500))
    b.inwoners("A", 60, at=(500, 1500))
    b.inwoners("A", 60, at=(2500, 1500))
    b.voorziening("buurthuis", (500, 500))
    return run_scenario(
        b.gebied(),
        add=[{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}],
        drempels=only("ontmoeting"),
    )


def test_scenario_shows_changes_recomputation_and_flag_table() -> None:
    result = _changed_severity("Oude Haven")
    html = result._repr_html_()
    assert "buurthuis toegevoegd in Oude Haven (voorzieningen, id 1)." in html
    assert "opnieuw berekend: afstand:buurthuis" in html
    # 2 flags: the far meeting place and the information row "geen uitspraak" (too few
    # 65-plussers), which stays as it is
    assert "Signalen: 2 voor, 2 na; 0 verdwenen, 0 nieuw, 1 veranderd." in html
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert cells == [
        "Oude Haven",
        "geen ontmoetingsplek in de buurt",
        "ontmoetingsplek, alle",
        "veranderd",
        "60%",
        "30%",
        "hoog",
        "laag",
    ]
    # the text display tells the same from the same helpers
    assert "Oude Haven: geen ontmoetingsplek in de buurt (ontmoetingsplek, alle): 60% -> 30%" in (
        str(result)
    )


def test_scenario_plain_repr_is_one_line() -> None:
    # the dataclass repr would print six whole tables in a console
    result = _changed_severity("Oude Haven")
    assert repr(result) == (
        "<Scenario: 1 wijziging(en), 1 signaal(en) anders; print() geeft de samenvatting>"
    )


def test_scenario_buurt_name_is_escaped() -> None:
    result = _changed_severity(XSS)
    assert_escaped(result._repr_html_())


def _flags(codes: list[str]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "niveau": "buurt",
            "gebiedcode": codes,
            "signaal": "hulp_te_ver",
            "onderwerp": "huisarts",
            "groep": "alle",
            "ernst": "midden",
            "waarde": 0.3,
            "drempel": 0.2,
            "reden": "te ver",
        },
        geometry=[None] * len(codes),
    )


def test_scenario_by_hand_with_14_vanished_flags_shows_12() -> None:
    codes = [f"B{i:02d}" for i in range(14)]
    before = _flags(codes)
    result = Scenario(
        voor=pd.DataFrame(),
        na=pd.DataFrame(),
        verschil=pd.DataFrame(),
        signalen_voor=before,
        signalen_na=before.iloc[0:0],
        wijzigingen=pd.DataFrame(
            [
                {
                    "actie": "toegevoegd",
                    "tabel": "voorzieningen",
                    "id": 9,
                    "soort": "huisarts",
                    "x": X0,
                    "y": Y0,
                    "buurtcode": "B00",
                }
            ]
        ),
        herberekend={"afstand:huisarts"},
        duur_s=0.25,
        namen={"B00": "Centrum"},
    )
    html = result._repr_html_()
    assert "huisarts toegevoegd in Centrum (voorzieningen, id 9)." in html
    assert "Veranderde metingen in 0 gebied(en); opnieuw berekend: afstand:huisarts (0,3 s)" in html
    assert "Signalen: 14 voor, 0 na; 14 verdwenen, 0 nieuw, 0 veranderd." in html
    assert body_rows(html) == 12
    assert "... en nog 2 rijen" in html
    first = re.findall(r"<td>(.*?)</td>", html)[:8]
    # a vanished flag shows its old value; it has no "na" value or severity
    assert first[:4] == ["Centrum", "hulp te ver weg", "huisarts, alle", "verdwenen"]
    assert first[4:] == ["30%", "-", "midden", "-"]


# --- Rapport and Gelezen -----------------------------------------------------------------


def _rapport(waarde: object = "honderd") -> Rapport:
    problem = Problem("inwoners.csv", 4, "leeftijd", waarde, "geen getal", "vul een getal in")
    return Rapport(
        bestand="inwoners.csv",
        tabel="inwoners",
        gelezen=5,
        gebruikt=4,
        afgewezen=(Afwijzing(4, (problem,)),),
        opmerkingen=("buurtcode afgeleid uit de ligging voor 4 rijen",),
    )


def test_rapport_shows_counts_problems_and_notes() -> None:
    html = _rapport()._repr_html_()
    assert "<b>inwoners.csv (inwoners)</b>" in html
    assert "5 rijen gelezen, 4 gebruikt, 1 afgewezen" in html
    cells = re.findall(r"<td>(.*?)</td>", html)
    # the value of a rejected inwoner row stays out (it is about a person)
    assert cells == ["inwoners.csv", "4", "leeftijd", "geen getal", "vul een getal in"]
    assert "honderd" not in html
    assert "<small>buurtcode afgeleid uit de ligging voor 4 rijen</small>" in html


def test_rapport_of_professionals_leaves_the_value_out_too() -> None:
    problem = Problem("p.csv", 3, "fte", "veel", "geen getal", "vul een getal in")
    rapport = Rapport("p.csv", "professionals", 2, 1, (Afwijzing(3, (problem,)),))
    assert "veel" not in rapport._repr_html_()


def test_rapport_of_a_public_table_shows_the_rejected_value() -> None:
    problem = Problem("vz.csv", 7, "soort", "zwembad?", "onbekende soort", "kies een soort")
    rapport = Rapport("vz.csv", "voorzieningen", 8, 7, (Afwijzing(7, (problem,)),))
    cells = re.findall(r"<td>(.*?)</td>", rapport._repr_html_())
    assert cells == ["vz.csv", "7", "soort", "zwembad?", "onbekende soort", "kies een soort"]


def test_rapport_without_rejections_has_no_table() -> None:
    rapport = Rapport("buurten.geojson", "buurten", gelezen=3, gebruikt=3)
    html = rapport._repr_html_()
    assert "3 rijen gelezen, 3 gebruikt, 0 afgewezen" in html
    assert "<table" not in html


def test_rapport_cell_value_is_escaped() -> None:
    problem = Problem("vz.csv", 7, "naam", XSS, "te lang", "korter")
    rapport = Rapport("vz.csv", "voorzieningen", 8, 7, (Afwijzing(7, (problem,)),))
    assert_escaped(rapport._repr_html_())


def test_gelezen_shows_shape_and_report_but_no_rows_of_inwoners() -> None:
    data = pd.DataFrame(
        {"leeftijd": [83, 47], "hulpvraag": ["eenzaamheid", None], XSS: ["woont alleen", "x"]},
        index=pd.Index([1017, 1018], name="inwoner_id"),
    )
    html = Gelezen(data, _rapport())._repr_html_()
    assert "<b>Gelezen: inwoners</b>" in html
    assert f"2 rijen (DataFrame); index inwoner_id, kolommen: leeftijd, hulpvraag, {ESCAPED}" in (
        html
    )
    assert "5 rijen gelezen, 4 gebruikt, 1 afgewezen" in html  # the report's card
    for value in ("83", "47", "1017", "eenzaamheid", "woont alleen"):
        assert value not in html
    assert_escaped(html)


def test_gelezen_of_a_real_reader_shows_no_inwoner() -> None:
    result = read_inwoners(GOOD / "inwoners.csv", gebied=gebied_teststad())
    assert "eenzaamheid" in set(result.data["hulpvraag"])  # there is something to hide
    html = result._repr_html_()
    assert "4 rijen (GeoDataFrame)" in html
    assert "leeftijd" in html and "hulpvraag" in html
    assert "eenzaamheid" not in html
    assert "BU99990202" not in html
    assert "buurtcode afgeleid uit de ligging voor 4 rijen" in html


# --- Beveiligd and Kerncijfers -------------------------------------------------------------

# As in test_privacy_suppression: wijk W with buurten A (5 inhabitants), B (40), C (300),
# D (1000); wijk V with E (200) and F (250).
BUURTEN = pd.DataFrame(
    {
        "wijk": ["W", "W", "W", "W", "V", "V"],
        "inwoners": [5, 40, 300, 1000, 200, 250],
        "hulpvraag": [0, 12, 30, 80, 6, 44],
        "ouderen": [1, 9, 61, 149, 40, 52],
    },
    index=pd.Index(list("ABCDEF"), name="buurtcode"),
)
KOLOMMEN = [
    Kolom("hulpvraag", "hulpvraag", "Met hulpvraag"),
    Kolom("ouderen", "aantal", "65-plussers"),
]


def _beveiligd():  # type: ignore[no-untyped-def]
    return protect(BUURTEN, KOLOMMEN, inwoners=BUURTEN["inwoners"], groep=BUURTEN["wijk"])


def test_beveiligd_shows_the_protected_table_and_what_each_rule_hid() -> None:
    html = _beveiligd()._repr_html_()
    assert "6 gebieden, 2 kolommen." in html
    # hulpvraag: A R3, E R2 (6 <= 7). The audit (see test_privacy_suppression) keeps A
    # wide enough (0-8) against W's total, but E = V - F would be 1-7: F is hidden (R5).
    # ouderen: A R3 (0-8, wide enough). Rounded and shown: B 12->10, 9->10, C 61->60,
    # D 149->150, F 52->50.
    assert (
        "Verborgen: 1 cel door R2 (geheim), 2 cellen door R3 (te weinig inwoners), "
        "1 cel door R5 (afgeschermd)." in html
    )
    assert "R1: 5 getoonde aantallen afgerond op 5-tallen." in html
    rows = {
        code: (a, b)
        for code, a, b in re.findall(r"<th>([A-F])</th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html)
    }
    assert rows == {
        "A": ("te weinig inwoners", "te weinig inwoners"),
        "B": ("10", "10"),
        "C": ("30", "60"),
        "D": ("80", "150"),
        "E": ("geheim", "40"),
        "F": ("afgeschermd", "50"),
    }
    assert "<th>Met hulpvraag</th>" in html and "<th>65-plussers</th>" in html


def test_beveiligd_without_hidden_cells_says_so() -> None:
    big = BUURTEN.loc[["C", "D"]]
    tabel = protect(big, KOLOMMEN[1:], inwoners=big["inwoners"])
    assert "Niets verborgen." in tabel._repr_html_()


def test_beveiligd_text_from_data_is_escaped() -> None:
    frame = BUURTEN.loc[["C", "D"]].assign(naam=[XSS, "Noord"])
    tabel = protect(frame, [Kolom("naam", "tekst", "Naam")], inwoners=frame["inwoners"])
    assert_escaped(tabel._repr_html_())


def _kerncijfers(naam_c: str) -> Kerncijfers:
    gebieden = pd.DataFrame(
        {"naam": ["Buurt A", "Buurt B", naam_c, "Buurt D", "Buurt E", "Buurt F"]},
        index=BUURTEN.index,
    ).assign(wijkcode=BUURTEN["wijk"])
    plekken = BUURTEN[[]].assign(buurthuizen=[0, 1, 0, 2, 1, 0])
    return Kerncijfers(
        "buurt",
        gebieden,
        {
            "bevolking": _beveiligd(),
            "voorzieningen": protect(
                plekken, [Kolom("buurthuizen", "plek", "Buurthuizen")], inwoners=BUURTEN["inwoners"]
            ),
        },
    )


def test_kerncijfers_show_level_themes_and_the_first_theme_with_names() -> None:
    html = _kerncijfers("Buurt C")._repr_html_()
    assert "<b>Kerncijfers per buurt</b>" in html
    assert "6 gebieden." in html
    assert re.search(r"<th[^>]*>bevolking</th><td[^>]*>hulpvraag, ouderen</td>", html)
    assert re.search(r"<th[^>]*>voorzieningen</th><td[^>]*>buurthuizen</td>", html)
    assert "De tabel toont thema bevolking" in html
    assert re.search(r"<th>C</th>\s*<td>Buurt C</td>\s*<td>30</td>\s*<td>60</td>", html)
    assert re.search(r"<th>A</th>\s*<td>Buurt A</td>\s*<td>te weinig inwoners</td>", html)
    assert "Buurthuizen" not in html  # only the first theme's table


def test_kerncijfers_area_name_is_escaped() -> None:
    assert_escaped(_kerncijfers(XSS)._repr_html_())


@pytest.mark.slow
def test_delft_bundle_and_its_kerncijfers_per_wijk(delft) -> None:
    html = delft._repr_html_()
    assert "<b>Delft (GM0503)</b>" in html
    assert f"<td>{len(delft.buurten)}</td>" in html
    k = kerncijfers(delft, "wijk")
    html = k._repr_html_()
    assert f"{len(delft.wijken)} gebieden." in html
    assert body_rows(html) == min(12, len(delft.wijken))
    assert "<td>" + str(delft.wijken["wijknaam"].iloc[0]) + "</td>" in html


# --- Netwerk -----------------------------------------------------------------------------


def test_netwerk_shows_mode_nodes_usable_edges_and_typing() -> None:
    # A-B-C residential, B-D footway, C-D motorway, F-G residential apart: a bicycle may
    # use A-B and B-C only (F-G is the smaller piece).
    net = Netwerk(network.network_from_edges(edges_frame(), naam="proef"), "fiets")
    html = net._repr_html_()
    assert "<b>Netwerk proef</b>" in html
    pairs = dict(re.findall(r"<th[^>]*>(.*?)</th><td[^>]*>(.*?)</td>", html))
    assert pairs == {
        "modus": "fiets",
        "knopen": "6",
        "wegvakken bruikbaar": "2 van 5",
        "typering": "getypeerd",
    }


def test_netwerk_name_is_escaped() -> None:
    net = Netwerk(network.network_from_edges(edges_frame(), naam=XSS), "lopen")
    assert_escaped(net._repr_html_())

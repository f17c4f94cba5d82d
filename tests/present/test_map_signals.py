"""Signals on a map (present/map_signals.py): few, ranked, plain; hand-made signals."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from sociale_basis.present.map_signals import measured, message_of, signal_layers, wijk_box


def _signalen() -> pd.DataFrame:
    """Buurt B1 with six rows but five messages (its huisarts message has two rows,
    everyone and 65-plussers), buurt B2 with one, wijk W1 with one."""
    rows = [
        ("B1", "hulp_te_ver", "huisarts", "alle", "laag", 0.20, 0.15, "huisarts alle"),
        ("B1", "hulp_te_ver", "huisarts", "65plus", "hoog", 0.30, 0.15, "huisarts 65+"),
        ("B1", "geen_ontmoetingsplek", "ontmoetingsplek", "alle", "midden", 0.5, 0.3, "ontm"),
        ("B1", "dunne_sociale_basis", "", "alle", "midden", 0.12, 0.10, "dun"),
        ("B1", "zwakke_brug", "", "alle", "laag", 0.3, 0.2, "brug"),
        ("B1", "cluster_laag", "x", "alle", "laag", 0.002, 0.02, "lager dan de buren"),
        ("B2", "kwetsbaar_netwerk", "", "alle", "hoog", 0.4, 0.3, "netwerk"),
        ("W1", "hulp_te_ver", "huisarts", "alle", "hoog", 0.4, 0.15, "wijk huisarts"),
    ]
    columns = ["gebiedcode", "signaal", "onderwerp", "groep", "ernst", "waarde", "drempel"]
    frame = pd.DataFrame(rows, columns=[*columns, "reden"])
    frame["niveau"] = ["buurt"] * 7 + ["wijk"]
    frame["toelichting"] = ""
    frame.loc[5, "toelichting"] = "Lokale Moran's I met FDR-correctie."
    return frame


def _anchor() -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(geometry=[Point(4.35, 52.0), Point(4.36, 52.01)], index=["B1", "B2"])
    return frame.assign(lat=[52.0, 52.01], lon=[4.35, 4.36])


def _points(layers: list) -> list[list]:
    (layer,) = layers
    (punten,) = [c for c in layer._children.values() if type(c).__name__ == "_Punten"]
    return json.loads(punten.punten)


NAMEN = pd.Series({"B1": "Bosrand", "B2": "<i>Akker</i>", "W1": "Wijk 1"})


def test_a_wijk_map_shows_at_most_three_messages_per_buurt() -> None:
    layers, legend = signal_layers(_signalen(), _anchor(), NAMEN, per_gebied=3)
    points = _points(layers)
    per_area = pd.Series([f"{p[0]},{p[1]}" for p in points]).value_counts()
    # B1 has five messages: three markers; B2 one
    assert sorted(per_area.tolist()) == [1, 3]
    b1 = [p for p in points if p[0] == 52.0]
    # ranked: huisarts (hoog, for 65-plussers), then the two midden, in registry order
    assert [re.sub(r"<[^>]+>", "", p[4]) for p in b1] == [
        "!Huisarts ver weg",
        "!Ontmoetingsplek ver weg",
        "!Veel mensen zonder informele band",
    ]
    assert [p[6] for p in b1] == ["signaal-hoog", "signaal-midden", "signaal-midden"]
    # stacked below the buurt's name, 23 px apart
    assert [p[7] for p in b1] == [[0, -12], [0, -35], [0, -58]]
    # the last marker's popup holds the other two in a fold
    assert "nog 2 signalen voor deze plek" in b1[2][3]
    assert "nog" not in b1[0][3]
    assert any("signaal, ernst hoog" in row for row in legend)


def test_an_overview_shows_one_marker_per_area_with_the_first_three() -> None:
    layers, _ = signal_layers(_signalen(), _anchor(), NAMEN, per_gebied=1)
    points = _points(layers)
    assert len(points) == 2
    b1 = next(p for p in points if p[0] == 52.0)
    assert b1[2] == "Bosrand: Huisarts ver weg en nog 4"
    assert b1[3].count("<li>") == 3 + 2  # three messages, two more in the fold
    b2 = next(p for p in points if p[0] == 52.01)
    assert b2[2].startswith("&lt;i&gt;Akker&lt;/i&gt;")  # the name escaped


def test_popups_speak_plainly_numbers_behind_a_fold() -> None:
    layers, _ = signal_layers(_signalen(), _anchor(), NAMEN, per_gebied=1)
    popup = next(p for p in _points(layers) if p[0] == 52.0)[3]
    first = popup.split("<details>")[0]
    assert "huisarts 65+" in first  # the reason, in the open
    assert "Gemeten 30%; grens 15%." in popup  # the numbers behind "meer"
    assert "waarde" not in popup and "drempel" not in popup
    # the everyone-row of the same message is in its fold, not a message of its own
    assert popup.count("Huisarts ver weg") == 1 and "huisarts alle" in popup


def test_a_p_value_is_no_number_for_a_wijkgesprek() -> None:
    assert measured("cluster_laag", 0.002, 0.02) == ""
    assert measured("hulp_te_ver", 0.234, 0.15) == "gemeten 23%; grens 15%"
    assert measured("component_ontbreekt", 1450.0, 1000.0) == "gemeten 1.450 m; grens 1.000 m"
    assert message_of("onbekend", None) == "Onbekend"


def test_the_signals_of_the_whole_wijk_go_into_the_legend() -> None:
    box = wijk_box(_signalen(), "W1", "Wijk 1")
    assert "Signalen voor de hele wijk" in box and "wijk huisarts" in box
    assert wijk_box(_signalen(), "W9", "x") == ""

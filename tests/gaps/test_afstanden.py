"""One distance per kind of voorziening (gaps.afstanden): signals, tables and maps agree."""

from __future__ import annotations

from types import SimpleNamespace

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from sociale_basis.core.errors import ValidationError
from sociale_basis.gaps import ONTMOETINGSPLEK, afstand_m, afstanden_tabel, load_drempels
from sociale_basis.present import themes


def test_every_kind_has_the_distance_of_its_signal() -> None:
    # drempels.toml: huisarts 1,000 m, wijkteam and maatschappelijk werk 1,500 m
    # (hulp_te_ver), buurthuis and bibliotheek 800 m (ontmoeting), the rest 1,000 m
    assert afstand_m("huisarts") == 1000.0
    assert afstand_m("wijkteam") == 1500.0
    assert afstand_m("maatschappelijk_werk") == 1500.0
    assert afstand_m("buurthuis") == afstand_m("bibliotheek") == 800.0
    assert afstand_m(ONTMOETINGSPLEK) == 800.0
    assert afstand_m("basisschool") == afstand_m("apotheek") == 1000.0
    assert afstand_m("rol:wijkteam") == 1500.0  # where that rol works: a wijkteam
    assert afstand_m("cafe") == 1000.0  # a café is no ontmoetingsplek


def test_an_override_changes_signal_and_table_alike() -> None:
    d = load_drempels(
        {
            "hulp_te_ver": {"soorten": {"huisarts": {"afstand_m": 600}}},
            "ontmoeting": {"afstand_m": 500, "soorten": ["buurthuis"]},
            "afstanden": {"standaard_m": 1200},
        }
    )
    assert afstand_m("huisarts", d) == 600.0
    assert afstand_m("buurthuis", d) == afstand_m(ONTMOETINGSPLEK, d) == 500.0
    assert afstand_m("bibliotheek", d) == 1200.0  # no longer an ontmoetingsplek
    table = afstanden_tabel(["huisarts", "bibliotheek", ONTMOETINGSPLEK], d)
    assert table["afstand_m"].tolist() == [600.0, 1200.0, 500.0]
    assert table["waar"].tolist() == [
        "hulp_te_ver.soorten.huisarts.afstand_m",
        "afstanden.standaard_m",
        "ontmoeting.afstand_m",
    ]
    assert table.at[ONTMOETINGSPLEK, "naam"] == "ontmoetingsplek (buurthuis / wijkcentrum)"


def test_the_default_table_lists_help_and_meeting_places() -> None:
    table = afstanden_tabel()
    assert list(table.index) == [
        "huisarts",
        "wijkteam",
        "maatschappelijk_werk",
        "buurthuis",
        "bibliotheek",
        ONTMOETINGSPLEK,
    ]


def test_a_distance_must_be_positive() -> None:
    with pytest.raises(ValidationError, match=r"afstanden\.standaard_m"):
        load_drempels({"afstanden": {"standaard_m": 0}})


# --- the tables use the same distance ----------------------------------------------------

RD = "EPSG:28992"


def _tiny() -> tuple[SimpleNamespace, pd.DataFrame]:
    """Four inwoners of buurt A (ages 30, 70, 70, 40; the last with a hulpvraag) and their
    distances, worked out by hand below."""
    inwoners = gpd.GeoDataFrame(
        {
            "leeftijd": [30, 70, 70, 40],
            "hulpvraag": pd.array([None, None, None, "psychisch"], dtype=object),
            "buurtcode": ["A"] * 4,
            "wijkcode": ["W"] * 4,
        },
        geometry=[shapely.Point(0, 0)] * 4,
        index=pd.Index([1, 2, 3, 4], name="inwoner_id"),
        crs=RD,
    )
    gebied = SimpleNamespace(inwoners=inwoners)
    rows = {
        "buurthuis": [100.0, 900.0, np.nan, 2000.0],
        "bibliotheek": [1000.0, 500.0, 700.0, np.nan],
        "wijkteam": [1400.0, 1600.0, 300.0, 1450.0],
    }
    afstanden = pd.concat(
        {
            c: pd.DataFrame({"afstand_m": v, "methode": "netwerk"}, index=inwoners.index)
            for c, v in rows.items()
        },
        names=["categorie", "inwoner_id"],
    )
    return gebied, afstanden


def test_the_reach_table_uses_each_kinds_own_distance() -> None:
    gebied, afstanden = _tiny()
    raw, kolommen = themes.bereik(gebied, "buurt", pd.Index(["A"]), afstanden)
    # buurthuis beyond 800 m: 900, unreachable, 2000 -> 3 of 4
    assert raw.at["A", "buurthuis_pct_verder"] == 75.0
    # the nearest ontmoetingsplek (buurthuis or bibliotheek): 100, 500, 700, 2000 -> 1 of 4
    assert raw.at["A", "ontmoetingsplek_pct_verder"] == 25.0
    # 65-plussers (2 and 3): nearest 500 and 700, none beyond 800 m
    assert raw.at["A", "ontmoetingsplek_pct_verder_65plus"] == 0.0
    # wijkteam beyond 1,500 m (not 1,000 m): only 1600 -> 1 of 4
    assert raw.at["A", "wijkteam_pct_verder"] == 25.0
    labels = {k.naam: k.label for k in kolommen}
    assert labels["wijkteam_pct_verder"] == "Aandeel verder dan 1.500 m van sociaal wijkteam"
    assert labels["ontmoetingsplek_pct_verder"] == (
        "Aandeel verder dan 800 m van een ontmoetingsplek"
    )
    assert raw.attrs["afstanden_m"] == {
        "buurthuis": 800.0,
        "bibliotheek": 800.0,
        "wijkteam": 1500.0,
        ONTMOETINGSPLEK: 800.0,
    }


def test_one_distance_for_all_on_request() -> None:
    gebied, afstanden = _tiny()
    raw, _ = themes.bereik(gebied, "buurt", pd.Index(["A"]), afstanden, 1000.0)
    assert raw.at["A", "wijkteam_pct_verder"] == 75.0  # 1400, 1600, 1450 beyond 1,000 m
    assert raw.attrs["afstanden_m"]["buurthuis"] == 1000.0

"""Tiny hand-built gebieden for the graph and cohesion tests.

``gebied(...)`` makes a Gebied-like namespace with the four point tables and the relaties of
docs/contracts.md from a few dicts, so a test reads like its drawing on paper::

    gebied(
        inwoners={1: "A", 2: {"wijk": "A", "leeftijd": 70, "hulpvraag": "eenzaamheid"}},
        relaties=[(1, 2, "buur"), ("professional:1", 2, "caseload")],
        professionals={1: "A"},
    )

An int in a relatie is an inwoner id; a string is a node id as is. Areas: the wijk is the
given letter, the buurt is the letter plus ``1`` unless ``"buurt"`` says otherwise.
"""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import networkx as nx
import pandas as pd
import shapely

from sociale_basis.social.build import build_graph

RD = "EPSG:28992"


def _spec(value: str | dict[str, Any], **defaults: Any) -> dict[str, Any]:
    spec = {"wijk": value} if isinstance(value, str) else dict(value)
    for key, default in defaults.items():
        spec.setdefault(key, default)
    spec.setdefault("buurt", f"{spec['wijk']}1")
    return spec


def _points(n: int, start: float) -> Any:
    return shapely.points([200_000.0 + start + 10.0 * i for i in range(n)], [500_000.0] * n)


def _frame(rows: dict[Any, dict[str, Any]], index: str, start: float) -> gpd.GeoDataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index")
    geometry = _points(len(rows), start)
    if "geometry" in frame.columns:
        given = frame.pop("geometry").to_numpy()
        has = [g is not None and not (isinstance(g, float) and g != g) for g in given]
        geometry[has] = given[has]
    return gpd.GeoDataFrame(
        frame, geometry=geometry, crs=RD, index=pd.Index(list(rows), name=index)
    )


def gebied(
    inwoners: dict[int, str | dict[str, Any]],
    relaties: list[tuple[Any, ...]] | None = None,
    *,
    verenigingen: dict[int, str | dict[str, Any]] | None = None,
    voorzieningen: dict[int, str | dict[str, Any]] | None = None,
    professionals: dict[int, str | dict[str, Any]] | None = None,
    wijken: list[str] | None = None,
) -> SimpleNamespace:
    """A Gebied-like namespace (see the module docstring)."""
    inw = {}
    for i, value in inwoners.items():
        s = _spec(value, leeftijd=40, hulpvraag=None, huishouden_id=i)
        inw[i] = {
            "leeftijd": s["leeftijd"],
            "huishouden_id": s["huishouden_id"],
            "buurtcode": s["buurt"],
            "wijkcode": s["wijk"],
            "hulpvraag": s["hulpvraag"],
            "bron": "synthetisch",
        }
    ver = {}
    for i, value in (verenigingen or {}).items():
        s = _spec(value, soort="sport")
        ver[i] = {
            "naam": f"Vereniging {i}",
            "soort": s["soort"],
            "buurtcode": s["buurt"],
            "wijkcode": s["wijk"],
            "bron": "synthetisch",
        }
    vz = {}
    for i, value in (voorzieningen or {}).items():
        s = _spec(value, soort="buurthuis")
        vz[i] = {
            "soort": s["soort"],
            "naam": s.get("naam", f"Voorziening {i}"),
            "buurtcode": s["buurt"],
            "wijkcode": s["wijk"],
            "bron": "synthetisch",
        }
        if "geometry" in s:
            vz[i]["geometry"] = s["geometry"]
    prof = {}
    for i, value in (professionals or {}).items():
        s = _spec(value, rol="wijkteam", voorziening_id=None, capaciteit=10)
        prof[i] = {
            "rol": s["rol"],
            "voorziening_id": s["voorziening_id"],
            "capaciteit": s["capaciteit"],
            "buurtcode": s["buurt"],
            "wijkcode": s["wijk"],
            "bron": "synthetisch",
        }
    rows = [
        {
            "van": f"inwoner:{r[0]}" if isinstance(r[0], int) else r[0],
            "naar": f"inwoner:{r[1]}" if isinstance(r[1], int) else r[1],
            "soort": r[2],
        }
        for r in (relaties or [])
    ]
    all_wijken = sorted(
        set(wijken or []) | {v["wijkcode"] for v in (*inw.values(), *ver.values(), *vz.values())}
    )
    buurten = sorted({v["buurtcode"] for v in inw.values()})
    return SimpleNamespace(
        naam="Testdorp",
        inwoners=_frame(inw, "inwoner_id", 0.0) if inw else _empty("inwoner_id"),
        verenigingen=_frame(ver, "vereniging_id", 1000.0) if ver else _empty("vereniging_id"),
        voorzieningen=_frame(vz, "voorziening_id", 2000.0) if vz else _empty("voorziening_id"),
        professionals=(
            _frame(prof, "professional_id", 3000.0) if prof else _empty("professional_id")
        ),
        relaties=pd.DataFrame(rows, columns=["van", "naar", "soort"]),
        wijken=pd.DataFrame(index=pd.Index(all_wijken, name="wijkcode")),
        buurten=pd.DataFrame(
            {"wijkcode": [b[:-1] for b in buurten]}, index=pd.Index(buurten, name="buurtcode")
        ),
    )


_EMPTY_COLUMNS = {
    "inwoner_id": ["leeftijd", "huishouden_id", "hulpvraag", "buurtcode", "wijkcode", "bron"],
    "vereniging_id": ["naam", "soort", "buurtcode", "wijkcode", "bron"],
    "voorziening_id": ["soort", "naam", "buurtcode", "wijkcode", "bron"],
    "professional_id": ["rol", "voorziening_id", "capaciteit", "buurtcode", "wijkcode", "bron"],
}


def _empty(index: str) -> gpd.GeoDataFrame:
    columns = {c: pd.Series(dtype=object) for c in _EMPTY_COLUMNS[index]}
    return gpd.GeoDataFrame(columns, geometry=[], crs=RD).rename_axis(index)


def graph(*args: Any, **kwargs: Any) -> Any:
    """``build_graph(gebied(...))``."""
    return build_graph(gebied(*args, **kwargs))


# --- graphs shared by the cohesion, reach and fragility tests -----------------------------


def village() -> nx.MultiGraph:
    """``build_graph(village_gebied())``; see its drawing."""
    return build_graph(village_gebied())


def village_gebied() -> SimpleNamespace:
    """The drawing the tests below compute by hand.

    wijk A                                           wijk B
      buurt A1: 1 (40)  2 (70, eenzaamheid)            buurt B1: 6 (50)  7 (20, psychisch)
      buurt A2: 3 (80, mobiliteit) 4 (30) 5 (67, financien)        8 (90)

      1 = 2   huishouden and familie (one informal tie)      3 - 6  vriend (across wijken)
      2 - 3   buur                                           6 - 7  familie
      1 - 3   vriend                                         P2 -> 7 caseload (P2 in B)
      P1 -> 4, P1 -> 5  caseload (P1 in A)
      1, 5 lid of V1 (in A)

    informal degree: 1:2  2:2  3:3  4:0  5:0  6:2  7:1  8:0
    """
    return gebied(
        {
            1: {"wijk": "A", "buurt": "A1"},
            2: {"wijk": "A", "buurt": "A1", "leeftijd": 70, "hulpvraag": "eenzaamheid"},
            3: {"wijk": "A", "buurt": "A2", "leeftijd": 80, "hulpvraag": "mobiliteit"},
            4: {"wijk": "A", "buurt": "A2", "leeftijd": 30},
            5: {"wijk": "A", "buurt": "A2", "leeftijd": 67, "hulpvraag": "financien"},
            6: {"wijk": "B", "leeftijd": 50},
            7: {"wijk": "B", "leeftijd": 20, "hulpvraag": "psychisch"},
            8: {"wijk": "B", "leeftijd": 90},
        },
        [
            (1, 2, "huishouden"),
            (1, 2, "familie"),
            (2, 3, "buur"),
            (1, 3, "vriend"),
            (3, 6, "vriend"),
            (6, 7, "familie"),
            ("professional:1", 4, "caseload"),
            ("professional:1", 5, "caseload"),
            ("professional:2", 7, "caseload"),
            (1, "vereniging:1", "lid"),
            (5, "vereniging:1", "lid"),
        ],
        professionals={1: "A", 2: "B"},
        verenigingen={1: "A"},
    )


def values(series: pd.Series) -> dict:
    return {k: (None if pd.isna(v) else v) for k, v in series.items()}


def random_village(seed: int) -> nx.MultiGraph:
    rng = random.Random(seed)
    people = {
        i: {
            "wijk": rng.choice("ABC"),
            "leeftijd": rng.randint(0, 95),
            "hulpvraag": rng.choice([None, None, "psychisch"]),
        }
        for i in range(1, 61)
    }
    for spec in people.values():
        spec["buurt"] = spec["wijk"] + rng.choice("12")
    kinds = ["buur", "vriend", "familie", "huishouden"]
    ties = {(a, b, rng.choice(kinds)) for a, b in (rng.sample(range(1, 61), 2) for _ in range(90))}
    ties |= {
        (f"professional:{rng.randint(1, 3)}", rng.randint(1, 60), "caseload") for _ in range(12)
    }
    ties |= {(rng.randint(1, 60), f"vereniging:{rng.randint(1, 4)}", "lid") for _ in range(25)}
    return graph(
        people,
        sorted(ties, key=str),
        professionals={1: "A", 2: "B", 3: "C"},
        verenigingen={1: "A", 2: "B", 3: "C", 4: "A"},
    )

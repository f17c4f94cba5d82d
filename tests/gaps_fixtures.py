"""Tiny hand-built gebieden for the signal and scenario tests.

A :class:`Bouwer` places buurten (square polygons), groups of inwoners at one point each,
voorzieningen, professionals, verenigingen and relaties, then makes a Gebied-like namespace
(EPSG:28992). Without a network, distances are straight line x 1.27 (the walking detour
factor), so a person 1,000 m away is 1,270 m "walking" away: answers can be checked by hand::

    b = Bouwer()
    b.buurt("A", 0, 0)  # a 3,000 m square with its corner at (X0, Y0)
    b.inwoners("A", 170, at=(500, 500))  # 170 inwoners of 40 at one point
    b.voorziening("huisarts", (500, 500))
    gebied = b.gebied()

Coordinates are metres from (X0, Y0).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

RD = "EPSG:28992"
X0, Y0 = 100_000.0, 450_000.0
CELL = 3000.0

ONLY: dict[str, dict[str, Any]] = {
    "hulp_te_ver": {"aan": False},
    "ontmoeting": {"aan": False},
    "componenten": {"aan": False},
    "isolatie": {"aan": False},
    "brug": {"aan": False},
    "kwetsbaar": {"aan": False},
    "capaciteit": {"aan": False},
    "clusters": {"aan": False},
}


def only(*groups: str, **extra: dict[str, Any]) -> dict[str, Any]:
    """Thresholds with every signal off except ``groups`` (plus overrides in ``extra``)."""
    out: dict[str, Any] = {k: dict(v) for k, v in ONLY.items() if k not in groups}
    for key, value in extra.items():
        out.setdefault(key, {}).update(value)
    return out


def point(xy: tuple[float, float]) -> shapely.Point:
    return shapely.Point(X0 + xy[0], Y0 + xy[1])


class Bouwer:
    """Builds a small gebied step by step (see the module docstring)."""

    def __init__(self, naam: str = "Testdorp") -> None:
        self.naam = naam
        self._buurten: dict[str, dict[str, Any]] = {}
        self._inwoners: list[dict[str, Any]] = []
        self._vz: list[dict[str, Any]] = []
        self._prof: list[dict[str, Any]] = []
        self._ver: list[dict[str, Any]] = []
        self._rel: list[dict[str, Any]] = []

    def buurt(
        self,
        code: str,
        i: float = 0,
        j: float = 0,
        *,
        wijk: str = "W1",
        naam: str | None = None,
        size: float = CELL,
    ) -> str:
        """A square buurt with its lower-left corner at cell (i, j)."""
        x, y = X0 + i * size, Y0 + j * size
        self._buurten[code] = {
            "buurtnaam": naam or f"Buurt {code}",
            "wijkcode": wijk,
            "geometry": shapely.box(x, y, x + size, y + size),
        }
        return code

    def inwoners(
        self,
        buurt: str,
        n: int,
        *,
        at: tuple[float, float],
        leeftijd: int = 40,
        hulpvraag: str | None = None,
    ) -> list[int]:
        """``n`` inwoners at one point; returns their ids."""
        start = len(self._inwoners)
        for k in range(n):
            self._inwoners.append(
                {
                    "inwoner_id": start + k,
                    "leeftijd": leeftijd,
                    "huishouden_id": start + k,
                    "buurtcode": buurt,
                    "wijkcode": self._buurten[buurt]["wijkcode"],
                    "hulpvraag": hulpvraag,
                    "bron": "synthetisch",
                    "geometry": point(at),
                }
            )
        return list(range(start, start + n))

    def voorziening(
        self, soort: str, at: tuple[float, float] | None, *, buurt: str | None = None
    ) -> int:
        ident = len(self._vz)
        self._vz.append(
            {
                "voorziening_id": ident,
                "soort": soort,
                "naam": f"{soort} {ident}",
                "buurtcode": buurt or next(iter(self._buurten)),
                "wijkcode": "W1",
                "bron": "test",
                "geometry": shapely.Point() if at is None else point(at),
            }
        )
        return ident

    def professional(
        self,
        rol: str,
        at: tuple[float, float],
        *,
        capaciteit: float = 100,
        buurt: str | None = None,
        voorziening_id: int | None = None,
    ) -> int:
        ident = len(self._prof)
        code = buurt or next(iter(self._buurten))
        self._prof.append(
            {
                "professional_id": ident,
                "rol": rol,
                "voorziening_id": voorziening_id,
                "capaciteit": capaciteit,
                "buurtcode": code,
                "wijkcode": self._buurten[code]["wijkcode"],
                "bron": "synthetisch",
                "geometry": point(at),
            }
        )
        return ident

    def vereniging(self, at: tuple[float, float], *, buurt: str | None = None) -> int:
        ident = len(self._ver)
        code = buurt or next(iter(self._buurten))
        self._ver.append(
            {
                "vereniging_id": ident,
                "naam": f"Vereniging {ident}",
                "soort": "sport",
                "buurtcode": code,
                "wijkcode": self._buurten[code]["wijkcode"],
                "bron": "synthetisch",
                "geometry": point(at),
            }
        )
        return ident

    def relatie(self, van: int | str, naar: int | str, soort: str) -> None:
        """An int is an inwoner id; a string a node id (``"professional:0"``)."""
        self._rel.append(
            {
                "van": f"inwoner:{van}" if isinstance(van, int) else van,
                "naar": f"inwoner:{naar}" if isinstance(naar, int) else naar,
                "soort": soort,
            }
        )

    def gebied(self, netwerk: Any = None) -> SimpleNamespace:
        buurten = gpd.GeoDataFrame(
            pd.DataFrame.from_dict(self._buurten, orient="index").rename_axis("buurtcode"),
            geometry="geometry",
            crs=RD,
        )
        wijken = buurten.dissolve("wijkcode")[["geometry"]]
        wijken["wijknaam"] = [f"Wijk {w}" for w in wijken.index]
        return SimpleNamespace(
            naam=self.naam,
            gemeentecode="GM9999",
            buurten=buurten,
            wijken=wijken,
            inwoners=_frame(self._inwoners, "inwoner_id", _INW),
            voorzieningen=_frame(self._vz, "voorziening_id", _VZ),
            professionals=_frame(self._prof, "professional_id", _PROF),
            verenigingen=_frame(self._ver, "vereniging_id", _VER),
            relaties=pd.DataFrame(self._rel, columns=["van", "naar", "soort"]),
            netwerk=netwerk,
        )


_INW = ["leeftijd", "huishouden_id", "buurtcode", "wijkcode", "hulpvraag", "bron"]
_VZ = ["soort", "naam", "buurtcode", "wijkcode", "bron"]
_PROF = ["rol", "voorziening_id", "capaciteit", "buurtcode", "wijkcode", "bron"]
_VER = ["naam", "soort", "buurtcode", "wijkcode", "bron"]


def _frame(rows: list[dict[str, Any]], index: str, columns: list[str]) -> gpd.GeoDataFrame:
    if not rows:
        empty = {c: pd.Series(dtype=object) for c in columns}
        return gpd.GeoDataFrame(empty, geometry=[], crs=RD).rename_axis(index)
    frame = pd.DataFrame(rows).set_index(index)
    if "hulpvraag" in frame.columns:
        frame["hulpvraag"] = frame["hulpvraag"].astype(object)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=RD)


def ontmoeting_gebied(far: int):
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 200 - far, at=(500, 500))
    b.inwoners("A", far, at=(500, 1500))
    b.voorziening("buurthuis", (500, 500))
    return b.gebied()


def brug_gebied(reaching: int, *, hub_neighbours: int | None = None):
    """200 inwoners with a hulpvraag; inwoner 0 is a client of professional 0 and a buur of
    the next ``reaching - 1`` inwoners, who therefore reach a professional in one step."""
    b = Bouwer()
    b.buurt("A")
    ids = b.inwoners("A", 200, at=(500, 500), hulpvraag="eenzaamheid")
    b.professional("wijkteam", (500, 500))
    b.relatie("professional:0", ids[0], "caseload")
    for j in ids[1 : (hub_neighbours or reaching - 1) + 1]:
        b.relatie(ids[0], j, "buur")
    return b.gebied()


def capacity_gebied(near_b: int):
    """A huisarts for 400 in buurt A; buurt B has ``near_b`` of its 200 inwoners within
    2,000 m walking (1,575 m straight), the rest out of reach. The gemeente mean is 1,0 and
    B's share of it is 2 near / (200 + near)."""
    b = Bouwer()
    b.buurt("A", 0, 0)
    b.buurt("B", 1, 0)
    b.inwoners("A", 200, at=(1500, 1500))
    b.inwoners("B", near_b, at=(3050, 1500))
    b.inwoners("B", 200 - near_b, at=(4500, 1500))
    b.professional("huisarts", (1500, 1500), capaciteit=400)
    return b.gebied()


CAPACITY_ONLY = only(
    "capaciteit",
    capaciteit={
        "rollen": {
            "wijkteam": {"aan": False},
            "wijkverpleging": {"aan": False},
            "maatschappelijk_werk": {"aan": False},
        }
    },
)

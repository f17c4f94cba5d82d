"""Is a synthetic gemeente plausible? Its figures next to national references, each with
its source, year and tolerance (``docs/synthetische_bevolking.md``, written by
``scripts/maak_plausibiliteit.py``).

Each reference is an order of magnitude from a public source; the tolerance says how far
a gemeente may differ before the difference needs an explanation (in
:data:`VERKLARINGEN`, per gemeente and row).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Referentie:
    """One row: a measure (``meet(inwoners, relaties, verenigingen, professionals)``), the
    national value, its source and year, and the tolerance (same unit)."""

    naam: str
    eenheid: str
    waarde: float
    tolerantie: float
    bron: str
    meet: Callable[[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame], float]


def _ids(relaties: pd.DataFrame, soort: str, kant: str) -> np.ndarray:
    part = relaties.loc[relaties["soort"] == soort, kant]
    return part.str.split(":", n=1).str[1].to_numpy()


def _alone(inw: pd.DataFrame, vanaf: int) -> float:
    return 100 * float((inw.loc[inw["leeftijd"] >= vanaf, "huishouden_type"] == "alleen").mean())


def _share(inw: pd.DataFrame, column: str, vanaf: int) -> float:
    return 100 * float(inw.loc[inw["leeftijd"] >= vanaf, column].mean())


def _one_person(inw: pd.DataFrame, *_: pd.DataFrame) -> float:
    size = inw.groupby("huishouden_id").size()
    return 100 * float((size == 1).mean())


def _receivers(inw: pd.DataFrame, rel: pd.DataFrame, *_: pd.DataFrame) -> float:
    got = pd.Index(_ids(rel, "mantelzorg", "naar").astype(np.int64)).unique()
    old = inw.index[inw["leeftijd"] >= 65]
    return 100 * len(old.intersection(got)) / max(len(old), 1)


def _sport(inw: pd.DataFrame, rel: pd.DataFrame, ver: pd.DataFrame, _: pd.DataFrame) -> float:
    lid = rel[rel["soort"] == "lid"]
    club = lid["naar"].str.split(":", n=1).str[1]
    sport = set(map(str, ver.index[ver["soort"] == "sport"]))
    members = lid.loc[club.isin(sport).to_numpy(), "van"].unique()
    return 100 * len(members) / max(len(inw), 1)


WMO_ROLLEN = ("wijkteam", "maatschappelijk_werk", "ouderenwerk", "schuldhulp")


def _wmo(inw: pd.DataFrame, rel: pd.DataFrame, _: pd.DataFrame, prof: pd.DataFrame) -> float:
    case = rel[rel["soort"] == "caseload"]
    rol = prof["rol"].rename(index=str)
    by = case["van"].str.split(":", n=1).str[1].map(rol)
    clients = case.loc[by.isin(WMO_ROLLEN).to_numpy(), "naar"].nunique()
    return 1000 * clients / max(len(inw), 1)


def _huisartsen(inw: pd.DataFrame, _r: pd.DataFrame, _v: pd.DataFrame, prof: pd.DataFrame) -> float:
    return 10_000 * int((prof["rol"] == "huisarts").sum()) / max(len(inw), 1)


HUISHOUDENS = "CBS StatLine, personen in huishoudens naar leeftijd, 2023"
MONITOR = "Gezondheidsmonitor Volwassenen en Ouderen 2022"
REFERENTIES: list[Referentie] = [
    Referentie("65+ alleenwonend", "%", 32, 10, HUISHOUDENS,
               lambda i, *_: _alone(i, 65)),
    Referentie("75+ alleenwonend", "%", 42, 10, HUISHOUDENS,
               lambda i, *_: _alone(i, 75)),
    Referentie("eenpersoonshuishoudens", "% huishoudens", 39, 8, "CBS StatLine, huishoudens, 2024",
               _one_person),
    Referentie("ernstig eenzaam 18+", "%", 12, 2, MONITOR,
               lambda i, *_: _share(i, "eenzaam", 18)),
    Referentie("ernstig eenzaam 65+", "%", 10, 3, MONITOR,
               lambda i, *_: _share(i, "eenzaam", 65)),
    Referentie("mantelzorgers 16+", "%", 13, 3, "CBS, mantelzorg geven, 16 jaar en ouder, 2022",
               lambda i, *_: _share(i, "mantelzorger", 16)),
    Referentie("ontvangt mantelzorg 65+ (binnen de gemeente)", "%", 17, 7,
               "SCP, Informele hulp aan thuiswonende ouderen, 2022 (orde)", _receivers),
    Referentie("vrijwilligerswerk 18+", "%", 27, 3, MONITOR,
               lambda i, *_: _share(i, "vrijwilliger", 18)),
    Referentie("lid van een sportvereniging", "% inwoners", 26, 6,
               "Mulier Instituut / NOC*NSF, lidmaatschappen 2022 (orde)", _sport),
    Referentie("Wmo-achtige ondersteuning", "per 1.000 inwoners", 68, 20,
               "CBS Wmo-monitor: cliënten met een maatwerkvoorziening, 2023", _wmo),
    Referentie("huisartsen", "per 10.000 inwoners", 7.8, 2, "Nivel, cijfers huisartsen, 2022",
               _huisartsen),
]  # fmt: skip
"""Every row of the plausibility table."""

VERKLARINGEN: dict[tuple[str, str], str] = {
    ("Delft", "eenpersoonshuishoudens"): "Delft is een studentenstad: het CBS telt er 55 % "
    "eenpersoonshuishoudens (kerncijfers 2025); de bundel neemt dat aandeel per buurt over.",
    ("Delft", "65+ alleenwonend"): "volgt uit de vele eenpersoonshuishoudens van Delft.",
    ("Zwolle", "eenpersoonshuishoudens"): "de Zwolse bundel telt woonruimten, geen huishoudens, "
    "en heeft veel gezinnen: een derde eenpersoonshuishoudens (aanname, zie aannames.py).",
    ("Zwolle", "65+ alleenwonend"): "volgt uit het lage aandeel eenpersoonshuishoudens van de "
    "Zwolse bundel (zie boven): er zijn te weinig alleenstaanden om te verdelen.",
    ("Zwolle", "75+ alleenwonend"): "idem: te weinig eenpersoonshuishoudens in de Zwolse bundel.",
    ("Delft", "Wmo-achtige ondersteuning"): "alleen caseloads van wijkteam, maatschappelijk werk, "
    "ouderenwerk en schuldhulp; huishoudelijke hulp en hulpmiddelen (het grootste deel van de "
    "Wmo) worden niet gemodelleerd.",
    ("Zwolle", "Wmo-achtige ondersteuning"): "idem als Delft: alleen caseloads, geen "
    "huishoudelijke hulp en hulpmiddelen.",
}  # fmt: skip
"""Why a gemeente differs from a reference by more than the tolerance."""


def plausibility(
    naam: str,
    inwoners: pd.DataFrame,
    relaties: pd.DataFrame,
    verenigingen: pd.DataFrame,
    professionals: pd.DataFrame,
) -> pd.DataFrame:
    """The plausibility table of one synthetic gemeente.

    Columns: ``maat``, ``eenheid``, ``synthetisch``, ``referentie``, ``tolerantie``,
    ``binnen`` (``|synthetisch - referentie| <= tolerantie``), ``verklaring`` (from
    :data:`VERKLARINGEN`, empty when none) and ``bron``.
    """
    rows = []
    for r in REFERENTIES:
        value = float(r.meet(inwoners, relaties, verenigingen, professionals))
        rows.append(
            {
                "maat": r.naam,
                "eenheid": r.eenheid,
                "synthetisch": round(value, 1),
                "referentie": r.waarde,
                "tolerantie": r.tolerantie,
                "binnen": bool(abs(value - r.waarde) <= r.tolerantie),
                "verklaring": VERKLARINGEN.get((naam, r.naam), ""),
                "bron": r.bron,
            }
        )
    return pd.DataFrame(rows)

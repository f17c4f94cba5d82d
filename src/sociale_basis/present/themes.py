"""The themes of the key figures per area, as raw tables with how each column is to be
protected (:class:`~sociale_basis.privacy.Kolom`): population, places, cohesion, reach.
:func:`sociale_basis.present.figures.kerncijfers` protects and combines them."""

from __future__ import annotations

from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.formatting import format_number
from ..core.gebied import Gebied
from ..core.taxonomy import CAFE, COMPONENTEN, GROEPEN_BUITEN_COMPONENTEN, HULPVRAGEN, SOORTEN
from ..gaps import ONTMOETINGSPLEK, Drempels, afstand_m
from ..gaps.afstanden import ontmoetingsplek_soorten
from ..privacy import Kolom, matches_public

Niveau = Literal["wijk", "buurt"]


def areas_of(gebied: Gebied, niveau: Niveau) -> gpd.GeoDataFrame:
    if niveau == "wijk":
        return gebied.wijken
    if niveau == "buurt":
        return gebied.buurten
    raise ValueError(f"niveau moet 'wijk' of 'buurt' zijn, niet {niveau!r}")


def code_of(niveau: Niveau) -> str:
    return "wijkcode" if niveau == "wijk" else "buurtcode"


def _count(frame: pd.DataFrame, code: str, index: pd.Index, mask: object = None) -> pd.Series:
    """Rows of ``frame`` per area (optionally only where ``mask``), 0 where none."""
    if isinstance(mask, pd.Series):  # nullable (hulpvraag == key is NA where missing)
        mask = mask.fillna(False).to_numpy(dtype=bool)
    if mask is not None:
        frame = frame[np.asarray(mask, dtype=bool)]
    return frame.groupby(code).size().reindex(index, fill_value=0).astype(float)


def personen_publiek(gebied: Gebied) -> bool:
    """Whether the number of inwoners in the data is a public figure: equal, in every
    buurt, to the CBS number of inhabitants.

    The synthetic population is built to match CBS exactly, so there its ``personen``
    column tells nothing that CBS does not: it is published as a public figure (no
    secondary suppression, like ``inwoners``), and the audit takes it as known, so a
    count in an empty buurt is known to be 0 and never counts as protection. With a
    municipality's own register the numbers differ; then ``personen`` is a private count
    and is protected like the others. Decided for the whole gemeente at once (not per
    area), so the choice itself says nothing about any one area.
    """
    inw = gebied.inwoners
    if len(inw) == 0:
        return False
    counts = inw.groupby("buurtcode").size().reindex(gebied.buurten.index, fill_value=0)
    return matches_public(counts, gebied.buurten["inwoners"])


AANDELEN_BEVOLKING: list[Kolom] = [
    Kolom(
        f"pct_{groep}",
        "aandeel",
        label,
        "%",
        teller=teller,
        noemer="personen",
        gevoelig=teller == "met_hulpvraag",
        decimalen=1,
    )
    for groep, label, teller in (
        ("0_17", "Aandeel 0-17 jaar", "inwoners_0_17"),
        ("65plus", "Aandeel 65-plussers", "inwoners_65plus"),
        ("75plus", "Aandeel 75-plussers", "inwoners_75plus"),
        ("hulpvraag", "Aandeel inwoners met een hulpvraag", "met_hulpvraag"),
    )
]
"""The shares of the population theme, each from its published (rounded) counts; the
share with a hulpvraag is sensitive (R4)."""


def bevolking(gebied: Gebied, niveau: Niveau, index: pd.Index) -> tuple[pd.DataFrame, list[Kolom]]:
    """Population: CBS inhabitants, counts of inwoners by age and hulpvraag, and shares.

    Counts of persons with a hulpvraag follow R4 like their share (they need 100
    ``personen`` behind them), so that ``pct_hulpvraag`` cannot be worked out as
    ``met_hulpvraag / personen`` where it is hidden. The relations a reader knows are
    declared for the audit of secondary suppression: the age groups are part of
    ``personen``, 75+ of 65+, and ``met_hulpvraag`` is the sum of the kinds of hulpvraag.
    """
    areas = areas_of(gebied, niveau)
    raw = pd.DataFrame({"inwoners": pd.to_numeric(areas["inwoners"]).astype(float)}, index=index)
    # CBS rounds every area on its own: a wijk is not exactly the sum of its buurten
    kolommen = [Kolom("inwoners", "aantal", "Inwoners (CBS)", secundair=False, optelbaar=False)]
    inw = gebied.inwoners
    if len(inw) == 0:
        return raw, kolommen
    code = code_of(niveau)
    leeftijd = inw["leeftijd"].to_numpy()
    hulp = inw["hulpvraag"]
    raw["personen"] = _count(inw, code, index)
    raw["inwoners_0_17"] = _count(inw, code, index, leeftijd <= 17)
    raw["inwoners_65plus"] = _count(inw, code, index, leeftijd >= 65)
    raw["inwoners_75plus"] = _count(inw, code, index, leeftijd >= 75)
    raw["met_hulpvraag"] = _count(inw, code, index, hulp.notna().to_numpy())
    publiek = personen_publiek(gebied)
    kolommen += [
        Kolom("personen", "aantal", "Inwoners in de gegevens", secundair=not publiek),
        Kolom("inwoners_0_17", "aantal", "Inwoners 0-17 jaar", deel_van="personen"),
        Kolom("inwoners_65plus", "aantal", "Inwoners 65+", deel_van="personen"),
        Kolom("inwoners_75plus", "aantal", "Inwoners 75+", deel_van="inwoners_65plus"),
        Kolom(
            "met_hulpvraag",
            "hulpvraag",
            "Inwoners met een hulpvraag",
            basis="personen",
            gevoelig=True,
            deel_van="personen",
            som_van_delen=True,
        ),
    ]
    for key, label in HULPVRAGEN.items():
        raw[f"hulpvraag_{key}"] = _count(inw, code, index, hulp == key)
        kolommen.append(
            Kolom(
                f"hulpvraag_{key}",
                "hulpvraag",
                f"Hulpvraag: {label}",
                basis="personen",
                gevoelig=True,
                deel_van="met_hulpvraag",
            )
        )
    kolommen += AANDELEN_BEVOLKING
    return raw, kolommen


def voorzieningen(
    gebied: Gebied, niveau: Niveau, index: pd.Index
) -> tuple[pd.DataFrame, list[Kolom]]:
    code = code_of(niveau)
    vz = gebied.voorzieningen
    component = vz["soort"].map(lambda s: SOORTEN[s].component)
    hulp = vz["soort"].map(lambda s: SOORTEN[s].hulp).astype(bool)
    raw = pd.DataFrame(index=index)
    kolommen: list[Kolom] = []
    for key, label in COMPONENTEN.items():
        raw[f"vz_{key}"] = _count(vz, code, index, (component == key).to_numpy())
        kolommen.append(Kolom(f"vz_{key}", "plek", f"Voorzieningen: {label}"))
    # cafés are no ontmoetingsplek (taxonomy.CAFE): counted apart, under their own name
    raw[f"vz_{CAFE}"] = _count(vz, code, index, (component == CAFE).to_numpy())
    kolommen.append(Kolom(f"vz_{CAFE}", "plek", GROEPEN_BUITEN_COMPONENTEN[CAFE]))
    raw["vz_hulp"] = _count(vz, code, index, hulp.to_numpy())
    raw["verenigingen"] = _count(gebied.verenigingen, code, index)
    raw["professionals"] = _count(gebied.professionals, code, index)
    kolommen += [
        Kolom("vz_hulp", "plek", "Plekken voor hulp (huisarts, wijkteam, ...)"),
        Kolom("verenigingen", "plek", "Verenigingen"),
        Kolom("professionals", "plek", "Professionals met hier hun standplaats"),
    ]
    return raw, kolommen


COHESIE_KOLOMMEN: list[tuple[str, str, str, str, int, float]] = [
    # (source column, our column, label, basis, decimals, factor)
    ("aandeel_geisoleerd", "pct_geisoleerd", "Aandeel zonder informele band", "personen", 1, 100),
    (
        "aandeel_geisoleerd_65plus",
        "pct_geisoleerd_65plus",
        "Aandeel 65-plussers zonder informele band",
        "n_65plus",
        1,
        100,
    ),
    (
        "aandeel_geisoleerd_hulpvraag",
        "pct_geisoleerd_hulpvraag",
        "Aandeel met hulpvraag zonder informele band",
        "n_hulpvraag",
        1,
        100,
    ),
    (
        "aandeel_alleen_professioneel",
        "pct_alleen_professioneel",
        "Aandeel met alleen een professional als contact",
        "personen",
        1,
        100,
    ),
    ("aandeel_lid", "pct_lid", "Aandeel lid van een vereniging", "personen", 1, 100),
    ("gem_informele_graad", "informele_graad", "Gem. aantal informele banden", "personen", 1, 1),
    ("ei_index", "ei_index", "E-I-index (-1 binnen, +1 buiten de wijk)", "personen", 2, 1),
    ("clustering", "clustering", "Clustering (kennissen kennen elkaar)", "personen", 2, 1),
    (
        "aandeel_hulpvraag_binnen_k",
        "pct_hulpvraag_binnen_k",
        "Aandeel met hulpvraag dat via informele banden een professional bereikt",
        "n_hulpvraag",
        1,
        100,
    ),
    (
        "aandeel_kwetsbaar_bij_uitval",
        "pct_kwetsbaar_bij_uitval",
        "Aandeel met hulpvraag dat de weg naar een professional verliest als de kritieke "
        "schakel wegvalt (de ene knoop die de meesten afsnijdt)",
        "n_hulpvraag",
        1,
        100,
    ),
]


def cohesie(
    gebied: Gebied, niveau: Niveau, index: pd.Index, cohesie: pd.DataFrame
) -> tuple[pd.DataFrame, list[Kolom]]:
    per = cohesie.attrs.get("niveau")
    if per is not None and per != niveau:
        raise ValueError(
            f"de cohesietabel is per {per}, maar gevraagd is niveau '{niveau}'; "
            f"bereken hem met measure_cohesion(G, niveau='{niveau}')"
        )
    table = cohesie.reindex(index)
    code = code_of(niveau)
    inw = gebied.inwoners
    raw = pd.DataFrame(index=index)
    persons = table["inwoners"] if "inwoners" in table.columns else pd.Series(np.nan, index=index)
    raw["personen"] = pd.to_numeric(persons, errors="coerce")
    if len(inw):
        raw["n_65plus"] = _count(inw, code, index, inw["leeftijd"].to_numpy() >= 65)
        raw["n_hulpvraag"] = _count(inw, code, index, inw["hulpvraag"].notna().to_numpy())
    else:
        raw["n_65plus"] = raw["n_hulpvraag"] = 0.0
    kolommen = []
    for source, ours, label, basis, decimals, factor in COHESIE_KOLOMMEN:
        if source not in table.columns:
            continue
        share = pd.to_numeric(table[source], errors="coerce")
        raw[ours] = share * factor
        teller = None
        if factor == 100:  # a share of persons: published from rounded counts (R1)
            teller = f"n_{ours}"
            raw[teller] = np.rint(share * raw[basis])
        kolommen.append(
            Kolom(
                ours,
                "maat",
                label,
                "%" if factor == 100 else "",
                basis=basis,
                gevoelig=True,
                decimalen=decimals,
                teller=teller,
                teller_hulpvraag=basis == "n_hulpvraag",
                # who is cut off depends on this area's own top broker: a wijk's count
                # is not the sum of its buurten's
                optelbaar=ours != "pct_kwetsbaar_bij_uitval",
            )
        )
    if "top_broker_soort" in table.columns:
        # the node id of the top broker can be an inwoner's: only its kind is published
        raw["top_verbinder_soort"] = table["top_broker_soort"].astype(object)
        kolommen.append(Kolom("top_verbinder_soort", "tekst", "Soort top-verbinder"))
    return raw, kolommen


def category_label(categorie: str) -> str:
    """Dutch name of a reach category: ``"huisarts"``, ``"rol:wijkteam"`` or
    ``"ontmoetingsplek"``."""
    from ..core.taxonomy import ROLLEN

    if categorie == ONTMOETINGSPLEK:
        return "een ontmoetingsplek"
    if categorie.startswith("rol:"):
        rol = categorie[4:]
        return ROLLEN[rol].label if rol in ROLLEN else rol
    return SOORTEN[categorie].label if categorie in SOORTEN else categorie


def _bereik_kolommen(name: str, label: str, d: str) -> list[Kolom]:
    """How the reach figures of one category are published: the mean distance, and the
    shares farther than ``d`` m of everyone, of 65-plussers and of people with a hulpvraag
    (the last sensitive, R2 on its teller, R4), each from its rounded counts."""
    kolommen = [Kolom(f"{name}_gem_m", "maat", f"Gem. afstand tot {label}", "m", basis=f"n_{name}")]
    for suffix, wie in (("", ""), ("_65plus", " 65-plussers"), ("_hulpvraag", " met hulpvraag")):
        kolommen.append(
            Kolom(
                f"{name}_pct_verder{suffix}",
                "maat",
                f"Aandeel{wie} verder dan {d} m van {label}",
                "%",
                basis=f"n_{name}{suffix}",
                teller=f"n_{name}_verder{suffix}",
                teller_hulpvraag=suffix == "_hulpvraag",
                gevoelig=suffix == "_hulpvraag",
                decimalen=1,
            )
        )
    return kolommen


def _with_ontmoetingsplek(afstanden: pd.DataFrame, soorten: tuple[str, ...]) -> pd.DataFrame:
    """``afstanden`` plus the category "ontmoetingsplek": per origin the nearest of the
    ontmoetingsplek ``soorten`` (only when every one of them was measured, so the figure
    means what the signal ``geen_ontmoetingsplek`` means)."""
    # unique() first: iterating millions of (Arrow) strings one by one takes seconds
    measured = set(afstanden.index.get_level_values("categorie").unique())
    if not soorten or not set(soorten) <= measured or ONTMOETINGSPLEK in measured:
        return afstanden
    parts = [afstanden.xs(s, level="categorie") for s in soorten]
    nearest = parts[0][["afstand_m"]].copy()
    for part in parts[1:]:
        # NaN (not reachable) only where no meeting place at all can be reached
        nearest["afstand_m"] = np.fmin(
            nearest["afstand_m"], part["afstand_m"].reindex(nearest.index)
        )
    nearest["methode"] = parts[0]["methode"]
    nearest = pd.concat({ONTMOETINGSPLEK: nearest}, names=["categorie"])
    return pd.concat([afstanden, nearest])


def bereik(
    gebied: Gebied,
    niveau: Niveau,
    index: pd.Index,
    afstanden: pd.DataFrame,
    drempel_m: float | None = None,
    drempels: Drempels | None = None,
) -> tuple[pd.DataFrame, list[Kolom]]:
    """Reach per category: the mean distance and the shares farther than the category's
    own distance (:func:`sociale_basis.gaps.afstand_m`, the one the signals use), plus the
    category "ontmoetingsplek" (the nearest of the soorten the thresholds call so).
    ``drempel_m`` overrides the distance for every category; ``drempels`` default the
    package's own."""
    from ..streets.reach import summarize_by_area

    inw = gebied.inwoners
    code = code_of(niveau)
    groepen = {
        "65plus": pd.Series(inw["leeftijd"].to_numpy() >= 65, index=inw.index),
        "hulpvraag": inw["hulpvraag"].notna(),
    }
    # columns gathered in a dict and joined once: inserting them one by one fragments
    # the frame (pandas PerformanceWarning) and copies it over and over
    raw_cols: dict[str, Any] = {}  # Series; np.rint of one is typed as an array
    kolommen: list[Kolom] = []
    afstanden = _with_ontmoetingsplek(afstanden, ontmoetingsplek_soorten(drempels))
    far: dict[str, float] = {}
    for categorie in afstanden.index.get_level_values("categorie").unique():
        far_m = drempel_m if drempel_m is not None else afstand_m(str(categorie), drempels)
        part = afstanden.xs(categorie, level="categorie")
        values = part["afstand_m"].reindex(inw.index)
        stats = summarize_by_area(values, inw[code], groepen=groepen, drempel=far_m)
        name = str(categorie).replace(":", "_")
        label = category_label(str(categorie))
        methode = str(part["methode"].iloc[0]) if len(part) else ""
        hint = " (hemelsbreed geschat)" if methode == "hemelsbreed" else ""

        def grab(groep: str, column: str, stats: pd.DataFrame = stats) -> pd.Series:
            if groep not in stats.index.get_level_values("groep"):
                return pd.Series(np.nan, index=index)
            return stats.xs(groep, level="groep")[column].reindex(index).astype(float)

        raw_cols[f"n_{name}"] = grab("alle", "n").fillna(0)
        raw_cols[f"n_{name}_65plus"] = grab("65plus", "n").fillna(0)
        raw_cols[f"n_{name}_hulpvraag"] = grab("hulpvraag", "n").fillna(0)
        raw_cols[f"{name}_gem_m"] = grab("alle", "gemiddelde")
        for groep, suffix in (("alle", ""), ("65plus", "_65plus"), ("hulpvraag", "_hulpvraag")):
            share = grab(groep, "aandeel_boven")
            raw_cols[f"{name}_pct_verder{suffix}"] = share * 100
            # the count behind the share, so it is published from rounded counts (R1)
            raw_cols[f"n_{name}_verder{suffix}"] = np.rint(share * raw_cols[f"n_{name}{suffix}"])
        kolommen += _bereik_kolommen(name, f"{label}{hint}", format_number(far_m))
        far[str(categorie)] = float(far_m)
    raw = pd.DataFrame(raw_cols, index=index)
    # which distance each category's shares use, for legends and docs (Kerncijfers)
    raw.attrs["afstanden_m"] = far
    return raw, kolommen

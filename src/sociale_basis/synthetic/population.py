"""Seeded synthetic population on real addresses: inwoners, voorzieningen, professionals,
verenigingen and their ties.

Personal data (who lives where, who knows whom, who is in whose caseload) is never public, so
the package generates it: synthetic inwoners on the real address points of a bundle, with the
real number of inwoners and the real age structure per buurt, and synthetic verenigingen,
professionals and voorzieningen (the latter only for the soorten the bundle asks to add).
Every generated row has ``bron = "synthetisch"``; real voorzieningen keep their own ``bron``.

The same seed gives identical frames. Each step draws from its own
:class:`numpy.random.Generator`, spawned from ``numpy.random.SeedSequence(seed)`` in a fixed
order (:data:`STAPPEN`), so a change in one step does not shift the random numbers of another.

Where the rules are:

- ages per buurt and band: :mod:`sociale_basis.synthetic.leeftijden`
- households, addresses, hulpvragen: :mod:`sociale_basis.synthetic.inwoners`
- voorzieningen, professionals, verenigingen: :mod:`sociale_basis.synthetic.plekken`
- ties and their degree distributions: :mod:`sociale_basis.synthetic.relaties`
- every ratio and rate, with its source or marked "aanname":
  :mod:`sociale_basis.synthetic.aannames`

Degree of an inwoner per kind of informal tie: how it is drawn, and the mean measured over
all inwoners (Delft / Zwolle, seed 2025, with the degree model of issue 14; adults in
brackets where it differs). ``a`` is an inwoner's activity (the degree model, see
:mod:`sociale_basis.synthetic.relaties`): lower with severe loneliness, a limitation, 75+.

============  ===============================================================  =============
soort         drawn as                                                         mean degree
============  ===============================================================  =============
huishouden    every pair of a household: household size - 1                    1.45 / 1.81
buur          each adult starts Poisson(1.5 a) ties among the 25 nearest        2.25 / 2.18
              adults of other households, accepted with probability min(1, a)  (2.75 / 2.74)
vriend        each inwoner of 4+ starts Poisson(1.5 a) ties among the 30       3.18 / 3.14
              nearest in (x, y, 150 m per year), plus one far tie with p = 0.3
familie       45 % of 25-64-year-olds get a parent 24-36 years older (and the  0.88 / 1.01
              parent's partner) elsewhere; siblings through a shared parent    (1.08 / 1.26)
mantelzorg    one giver (two with a limitation) for every inwoner marked       0.06 / 0.06
              ontvanger (65+, mostly with a limitation; synthetic.uitkomsten)
============  ===============================================================  =============

Details in :mod:`sociale_basis.synthetic.relaties`; the full degree statistics (median, p90,
max, share without such a tie) and timings are in ``BENCHMARKS.md`` (section "Synthetic
population"), measured again by ``bench/bench_synthetic.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from tqdm import tqdm  # text bars on stderr: also in Jupyter, without ipywidgets

from ..core.crs import RD_NEW, require_rd
from ..core.gebied import Bron
from .eigen import EigenDelen, within_capacity
from .ijking import Eenheden, default_targets, fit_report
from .inwoners import HULPVRAAG_CODES, build_persons
from .kenmerken import HERKOMSTEN, INKOMENS, Kenmerken, draw_kenmerken
from .leeftijden import band_counts
from .plekken import (
    SYNTHETISCH,
    Plekken,
    Wijken,
    add_voorzieningen,
    make_professionals,
    make_verenigingen,
)
from .relaties import (
    Pairs,
    buur_ties,
    caseload_ties,
    familie_ties,
    group_pairs,
    lid_ties,
    mantelzorg_ties,
    undirected,
    verwijst_ties,
    vriend_ties,
    werkt_samen_ties,
)
from .tools import node_ids
from .uitkomsten import Uitkomsten, determinants, draw_uitkomsten

#: The steps, in the order their random generators are spawned from the seed.
STAPPEN: tuple[str, ...] = (
    "leeftijden",
    "huishoudens",
    "adressen",
    "hulpvraag",
    "voorzieningen",
    "professionals",
    "verenigingen",
    "buur",
    "vriend",
    "familie",
    "mantelzorg",
    "lid",
    "caseload",
    "werkt_samen",
    "verwijst",
    "kenmerken",
)

#: Kinds of informal tie, as in docs/contracts.md.
INFORMELE_RELATIES = ("huishouden", "buur", "vriend", "familie", "mantelzorg")

_LABELS = {
    "leeftijden": "inwoners en huishoudens",
    "hulpvraag": "kenmerken, ijking en hulpvragen",
    "voorzieningen": "voorzieningen",
    "professionals": "professionals",
    "verenigingen": "verenigingen",
    "buur": "relaties tussen inwoners",
    "lid": "lidmaatschappen",
    "caseload": "caseloads en samenwerking",
    "tabellen": "tabellen",
}


@dataclass
class Synthetic:
    """The generated parts of a gemeente (shapes as in ``docs/contracts.md``).

    Attributes
    ----------
    inwoners
        Indexed by ``inwoner_id`` (0, 1, ...): ``leeftijd``, ``huishouden_id``,
        ``buurtcode``, ``wijkcode``, ``hulpvraag``, ``bron``, ``adres_id``, geometry.
    verenigingen
        Indexed by ``vereniging_id``: ``naam``, ``soort``, ``voorziening_id``,
        ``buurtcode``, ``wijkcode``, ``bron``, geometry.
    voorzieningen
        The real voorzieningen (unchanged) plus synthetic ones.
    professionals
        Indexed by ``professional_id``: ``rol``, ``voorziening_id``, ``capaciteit``,
        ``fte``, ``buurtcode``, ``wijkcode``, ``bron``, geometry.
    relaties
        ``van``, ``naar`` (node ids ``"<kind>:<id>"``) and ``soort``.
    ijking
        The fit report (:func:`~sociale_basis.synthetic.ijking.fit_report`): per target and
        area the target, the synthetic value and the difference, in percent.
    """

    inwoners: gpd.GeoDataFrame
    verenigingen: gpd.GeoDataFrame
    voorzieningen: gpd.GeoDataFrame
    professionals: gpd.GeoDataFrame
    relaties: pd.DataFrame
    ijking: pd.DataFrame | None = None


def generate(
    bron: Bron,
    *,
    seed: int,
    progress: bool = False,
    ijkpunten: pd.DataFrame | None = None,
    eigen: EigenDelen | None = None,
) -> Synthetic:
    """Generate the synthetic population of a gemeente.

    Parameters
    ----------
    bron
        The real parts of a bundle (:func:`sociale_basis.datasets.read_bron`).
    seed
        Seed; the same seed gives identical frames.
    progress
        Show the steps with a progress bar (tqdm).
    ijkpunten
        The user's own targets (long table as :func:`sociale_basis.io.read_ijkpunten`
        returns): they replace the bundle's CBS key figures for the same indicator and area;
        see :func:`~sociale_basis.synthetic.ijking.default_targets`.
    eigen
        The user's own voorzieningen, verenigingen and professionals
        (:class:`~sociale_basis.synthetic.eigen.EigenDelen`): they take the place of the
        synthetic ones of their kind, and the memberships and caseloads go to them.

    Returns
    -------
    Synthetic
        Inwoners, verenigingen, voorzieningen (real plus synthetic), professionals, relaties.

    Raises
    ------
    ValidationError
        When the age figures of the bundle cannot be used, a buurt with inwoners has no
        address point, or ``aanvullen`` names a soort without a known ratio.
    ValueError
        When the adressen are not in EPSG:28992, or there is no place at all for a role or
        kind of vereniging (no voorziening of its soort, nor a buurthuis or wijkteam).
    """
    # Long on purpose: the generator's steps in their seeded order (each step draws from the same
    # random stream, so their order is part of the result); each step is a function of its own.
    require_rd(bron.adressen, f"adressen van {bron.naam}")
    rngs = dict(
        zip(
            STAPPEN,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STAPPEN))),
            strict=True,
        )
    )
    bar = tqdm(total=len(_LABELS), desc=f"synthetisch {bron.naam}", disable=not progress)

    def step(name: str) -> None:
        bar.set_postfix_str(_LABELS[name])
        bar.update(1)

    try:
        step("leeftijden")
        counts = band_counts(
            bron.buurten, bron.wijken, bron.leeftijdsgroepen, bron.leeftijd_eenheid, bron.naam
        )
        personen = build_persons(
            bron.buurten, bron.adressen, counts, bron.leeftijdsgroepen, rngs, bron.naam
        )
        age = personen["leeftijd"].to_numpy()
        hh = personen["huishouden_id"].to_numpy()
        xy = personen[["x", "y"]].to_numpy()

        step("hulpvraag")
        doelen = default_targets(bron.kerncijfers, bron.gemeentecode, ijkpunten)
        units, hh_units = _units(personen)
        kenmerken = draw_kenmerken(
            age, hh, units, hh_units, doelen, _vrouwen(bron.kerncijfers), rngs["kenmerken"]
        )
        uit = draw_uitkomsten(age, hh, kenmerken, units, doelen, rngs["hulpvraag"])
        hv = uit.hulpvraag
        ijking = _ijking(doelen, kenmerken, uit, units, hh_units, age >= 18)

        step("voorzieningen")
        wijkcodes = sorted(set(bron.wijken.index) | set(bron.buurten["wijkcode"]))
        namen = bron.wijken["wijknaam"].astype(str).to_dict() if "wijknaam" in bron.wijken else {}
        wijken = Wijken(personen, wijkcodes, namen)
        eigen = eigen or EigenDelen()
        voorzieningen = add_voorzieningen(
            bron.voorzieningen if eigen.voorzieningen is None else eigen.voorzieningen,
            bron.adressen,
            wijken,
            eigen.aanvullen(bron.aanvullen),
            rngs["voorzieningen"],
            bron.naam,
        )
        plekken = Plekken(voorzieningen)

        step("professionals")
        professionals = eigen.professionals_frame()
        if professionals is None:
            professionals = make_professionals(plekken, wijken, rngs["professionals"])

        step("verenigingen")
        verenigingen = eigen.verenigingen_frame()
        if verenigingen is None:
            verenigingen = make_verenigingen(plekken, wijken, rngs["verenigingen"])

        step("buur")
        huishouden = undirected(*group_pairs(hh))
        buur = buur_ties(xy, age, hh, rngs["buur"], uit.activiteit)
        vriend = vriend_ties(xy, age, hh, rngs["vriend"], uit.activiteit)
        familie = familie_ties(age, hh, rngs["familie"])
        mantelzorg = mantelzorg_ties(
            age,
            uit.ontvanger,
            uit.beperking,
            uit.mantelzorger,
            [huishouden, familie, buur],
            rngs["mantelzorg"],
        )

        step("lid")
        v_xy = np.column_stack([verenigingen.geometry.x, verenigingen.geometry.y])
        x = determinants(kenmerken, beperking=uit.beperking, vrijwilliger=uit.vrijwilliger)
        lid = lid_ties(xy, age, verenigingen["soort"].to_numpy(), v_xy, rngs["lid"], x)
        lid = within_capacity(lid, verenigingen, xy, rngs["lid"])

        step("caseload")
        rol = professionals["rol"].to_numpy()
        wijk_index = pd.Index(wijkcodes)
        prof_wijk = wijk_index.get_indexer(professionals["wijkcode"].to_numpy())
        caseload = caseload_ties(
            age,
            hv,
            wijk_index.get_indexer(personen["wijkcode"].to_numpy()),
            rol,
            professionals["capaciteit"].to_numpy(),
            prof_wijk,
            rngs["caseload"],
        )
        samen = werkt_samen_ties(rol, prof_wijk, rngs["werkt_samen"])
        verwijst = verwijst_ties(rol, prof_wijk, rngs["verwijst"])

        step("tabellen")
        p_ids = professionals.index.to_numpy()
        v_ids = voorzieningen.index.to_numpy()
        # positions of professionals and of their bases, like every other pair
        basis = pd.Index(v_ids).get_indexer(pd.Index(professionals["voorziening_id"]))
        werkt_bij = (np.flatnonzero(basis >= 0), basis[basis >= 0])
        relaties = _relaties(
            [
                ("huishouden", "inwoner", "inwoner", huishouden, None, None),
                ("buur", "inwoner", "inwoner", buur, None, None),
                ("vriend", "inwoner", "inwoner", vriend, None, None),
                ("familie", "inwoner", "inwoner", familie, None, None),
                ("mantelzorg", "inwoner", "inwoner", mantelzorg, None, None),
                ("lid", "inwoner", "vereniging", lid, None, verenigingen.index.to_numpy()),
                ("werkt_bij", "professional", "voorziening", werkt_bij, p_ids, v_ids),
                ("caseload", "professional", "inwoner", caseload, p_ids, None),
                ("werkt_samen", "professional", "professional", samen, p_ids, p_ids),
                ("verwijst", "professional", "professional", verwijst, p_ids, p_ids),
            ]
        )
        inwoners = _inwoners_frame(personen, kenmerken, uit)
    finally:
        bar.close()
    return Synthetic(
        inwoners=inwoners,
        verenigingen=verenigingen,
        voorzieningen=voorzieningen,
        professionals=professionals,
        relaties=relaties,
        ijking=ijking,
    )


def _units(personen: pd.DataFrame) -> tuple[Eenheden, Eenheden]:
    """Persons and households with their buurt and wijk (a household lives in one buurt)."""
    buurt = personen["buurtcode"].to_numpy()
    wijk = personen["wijkcode"].to_numpy()
    hh = personen["huishouden_id"].to_numpy()
    first = np.r_[0, np.flatnonzero(np.diff(hh)) + 1] if len(hh) else np.zeros(0, np.int64)
    persons = Eenheden(buurt, wijk, np.ones(len(buurt), dtype=bool))
    households = Eenheden(buurt[first], wijk[first], np.ones(len(first), dtype=bool))
    return persons, households


def _vrouwen(kerncijfers: pd.DataFrame | None) -> pd.Series | None:
    """Share of women per buurt from the latest key figures with men and women, or None."""
    if kerncijfers is None or not {"mannen", "vrouwen"} <= set(kerncijfers.columns):
        return None
    k = kerncijfers[kerncijfers["mannen"].notna() & kerncijfers["vrouwen"].notna()]
    k = k.sort_values("jaar", kind="stable").groupby(level=0).tail(1)
    total = k["mannen"] + k["vrouwen"]
    return (k["vrouwen"] / total)[total > 0]


def _ijking(
    doelen: pd.DataFrame,
    k: Kenmerken,
    u: Uitkomsten,
    units: Eenheden,
    hh: Eenheden,
    adult: np.ndarray,
) -> pd.DataFrame:
    """The fit report of every calibrated indicator (ages as in core.ijkpunten)."""
    grown = Eenheden(units.buurt, units.wijk, adult)
    return fit_report(
        doelen,
        {
            "eenzaam_ernstig": (u.eenzaam, grown),
            "mantelzorger": (u.mantelzorger, grown),
            "vrijwilliger": (u.vrijwilliger, grown),
            "laag_inkomen": (k.hh_inkomen >= 1, hh),
            "sociaal_minimum": (k.hh_inkomen == 2, hh),
            "verweduwd": (k.verweduwd, units),
            "herkomst_europa": (k.herkomst == 1, units),
            "herkomst_buiten_europa": (k.herkomst == 2, units),
        },
    )


def _inwoners_frame(personen: pd.DataFrame, k: Kenmerken, u: Uitkomsten) -> gpd.GeoDataFrame:
    codes = np.array([None, *HULPVRAAG_CODES], dtype=object)
    frame = pd.DataFrame(
        {
            "leeftijd": personen["leeftijd"].to_numpy(dtype=np.int64),
            "huishouden_id": personen["huishouden_id"].to_numpy(dtype=np.int64),
            "buurtcode": personen["buurtcode"].to_numpy(),
            "wijkcode": personen["wijkcode"].to_numpy(),
            "hulpvraag": pd.array(codes[u.hulpvraag + 1], dtype="string"),
            "bron": SYNTHETISCH,
            "adres_id": personen["adres_id"].to_numpy(),
            "geslacht": np.where(k.vrouw, "vrouw", "man"),
            "huishouden_type": k.huishouden_type.astype(str),
            "burgerlijke_staat": k.burgerlijke_staat.astype(str),
            "herkomst": np.asarray(HERKOMSTEN)[k.herkomst],
            "inkomen": np.asarray(INKOMENS)[k.inkomen],
            "beperking": u.beperking,
            "eenzaam": u.eenzaam,
            "mantelzorger": u.mantelzorger,
            "vrijwilliger": u.vrijwilliger,
        },
        index=pd.RangeIndex(len(personen), name="inwoner_id"),
    )
    geometry = gpd.points_from_xy(personen["x"].to_numpy(), personen["y"].to_numpy(), crs=RD_NEW)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)


def _relaties(
    parts: list[tuple[str, str, str, Pairs, np.ndarray | None, np.ndarray | None]],
) -> pd.DataFrame:
    """One table of ties; pairs hold positions, mapped to ids where a lookup is given."""
    van, naar, soort = [], [], []
    for name, kind_a, kind_b, (a, b), ids_a, ids_b in parts:
        van.append(node_ids(kind_a, a if ids_a is None else ids_a[a]))
        naar.append(node_ids(kind_b, b if ids_b is None else ids_b[b]))
        soort.append(np.full(len(a), name, dtype=object))
    return pd.DataFrame(
        {
            "van": np.concatenate(van) if van else np.zeros(0, object),
            "naar": np.concatenate(naar) if naar else np.zeros(0, object),
            "soort": np.concatenate(soort) if soort else np.zeros(0, object),
        }
    )

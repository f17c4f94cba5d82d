"""Every number the synthetic population rests on, with its source or marked as an assumption.

The generator reads its ratios and rates from here only, so a reviewer can check them in one
place. ``bron`` says where a number comes from; **"aanname"** means we chose it ourselves, at
the order of magnitude given in the text, and it is no measurement. Nothing here is a precise
citation: where a public source is named, it supports the order of magnitude only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tools import FloatArray

# --- ages -------------------------------------------------------------------------------------

#: Gompertz-shaped weights for single years in the open top age band (65+, 85+):
#: ``w(a) = exp(-(H / G) * (exp(G * (a - 65)) - 1))``, capped at :data:`MAX_LEEFTIJD`.
#: Aanname: a survival curve with a 2 % yearly hazard at 65 that grows 9 % a year; with it
#: the 65+ band splits as 55 % 65-74, 34 % 75-84, 12 % 85+, close to Zwolle on 1 January
#: 2024 (54 / 34 / 11 %).
GOMPERTZ_H = 0.02
GOMPERTZ_G = 0.09
MAX_LEEFTIJD = 100


def top_band_weights(youngest: int, oldest: int) -> FloatArray:
    """Weights for ages ``youngest..min(oldest, 100)`` in the open top band (sum 1)."""
    ages = np.arange(youngest, min(oldest, MAX_LEEFTIJD) + 1)
    w = np.exp(-(GOMPERTZ_H / GOMPERTZ_G) * (np.exp(GOMPERTZ_G * (ages - 65.0)) - 1.0))
    return np.asarray(w / w.sum(), dtype=float)


# --- households -------------------------------------------------------------------------------

#: Mean household size where a buurt gives no number of households. Bron: CBS, order of
#: magnitude of the Dutch mean (about 2.1 persons per household).
HUISHOUDGROOTTE = 2.15
#: Largest mean household size of a buurt: the number of households is at least
#: inwoners / MAX_HUISHOUDGROOTTE. Aanname; no real buurt of Delft or Zwolle comes near it
#: except care homes counted as few households (Delft: 90 inwoners in 5 households).
MAX_HUISHOUDGROOTTE = 25
#: Mean number of adults in households without children that are not one-person households
#: (mostly couples); sets the number of one-person households where a buurt gives no share
#: (Zwolle). Aanname; with it Zwolle gets about a third one-person households (33 % with the
#: default seed), below the Dutch share (CBS: nearly 40 %) because Zwolle counts woonruimten,
#: not households, and has many families.
VOLWASSENEN_PER_MEERPERSOONS = 2.2
#: Mean number of adults in such a household above which surplus adults live with a family
#: (adult children at home). Aanname.
MAX_VOLWASSENEN = 3
#: Children under 18 per household with children, used to set the number of such households
#: where a buurt gives no share (Zwolle). Aanname (CBS order: 1.7-1.9 children per family).
KINDEREN_PER_GEZIN = 1.8
#: Upper bound of the mean number of children under 18 per family in a buurt; sets a floor
#: to the number of families where a buurt's share of families is very low. Aanname.
MAX_KINDEREN_PER_GEZIN = 4
#: Share of households with children that have one parent. Aanname (CBS order: about one
#: in five families with minor children is an eenoudergezin).
AANDEEL_EENOUDER = 0.2
#: Age at which a child counts as adult for household rules.
VOLWASSEN = 18


def parent_log_weight(age: FloatArray) -> FloatArray:
    """Log weight for an adult to be a parent of minor children.

    Aanname: a bell around 38 years (sd 8), with a floor so that every adult can be chosen
    when a buurt has few adults of that age.
    """
    return np.log(np.exp(-0.5 * ((age - 38.0) / 8.0) ** 2) + 0.01)


def adult_child_log_weight(age: FloatArray) -> FloatArray:
    """Log weight for an adult to live with a family as an adult child.

    Aanname: ten times as likely at 18-29 as at other ages.
    """
    return np.log(np.where((age >= 18) & (age < 30), 1.0, 0.1))


def single_log_weight(age: FloatArray) -> FloatArray:
    """Log weight for an adult (not a parent) to live alone.

    Relative weights per age: 18-29 2.5 (students, starters), 30-64 0.8, 65-74 0.45, 75-84
    0.85, 85+ 1.6: older adults mostly live as a couple until one partner dies. The share of
    65+ living alone then depends on how many one-person households a buurt has: Delft
    (CBS: 55 % one-person households) gets 38 %, Zwolle (about a third, counted from
    woonruimten) 17 %, around CBS's national third (docs/synthetische_bevolking.md).
    Aanname, tuned to those shares.
    """
    w = np.select([age < 30, age < 65, age < 75, age < 85], [2.5, 0.8, 0.45, 0.85], default=1.6)
    return np.log(w)


# --- determinants -----------------------------------------------------------------------------
#
# Each person's chance of an outcome is a logistic model: ``logit p = intercept + sum of
# log-odds terms`` for age group, sex, household type, widowhood, herkomst, household income
# position, health limitation and loneliness. The terms are log odds ratios, so they keep
# their meaning when the intercept is shifted to meet an area's target (calibration by
# raking, :mod:`sociale_basis.synthetic.ijking`, keeps the odds ratios of its start table).
# Where no target is given the intercept is that of a national default (:data:`LANDELIJK`).
# Sources support the sign and the order of magnitude, never the exact value.

#: Age groups of the log-odds tables: (youngest, oldest).
LEEFTIJDSKLASSEN: list[tuple[int, int]] = [
    (0, 17), (18, 24), (25, 44), (45, 64), (65, 74), (75, 84), (85, MAX_LEEFTIJD)
]  # fmt: skip


#: Log odds per age group (0-17, 18-24, 25-44, 45-64, 65-74, 75-84, 85+) and the terms of
#: each outcome. Keys of the terms: vrouw, alleen (one-person household), eenouder,
#: verweduwd, laag (low income, not social minimum), minimum (social minimum), buiten_europa
#: (herkomst), beperking, eenzaam, vrijwilliger.
@dataclass(frozen=True)
class Model:
    """A logistic model: ``logit p = intercept + leeftijd[group] + sum(termen[k] * x_k)``."""

    intercept: float
    leeftijd: tuple[float, ...]
    termen: dict[str, float]
    bron: str


MODELLEN: dict[str, Model] = {
    # GGD/CBS/RIVM Gezondheidsmonitor Volwassenen en Ouderen (2020, 2022): 11-14 % of adults
    # ernstig eenzaam; higher for people living alone, widowed, with a low income, outside-Europe
    # herkomst, poor health; a dip at 65-74 and a rise after 85 (SCP, "Eenzaamheid in NL").
    "eenzaam_ernstig": Model(
        -2.6,
        (-9.0, 0.3, 0.0, 0.15, -0.35, -0.05, 0.45),
        {
            "alleen": 0.7,
            "verweduwd": 0.5,
            "laag": 0.35,
            "minimum": 0.8,
            "buiten_europa": 0.45,
            "beperking": 0.8,
        },
        "GGD Gezondheidsmonitor 2020/2022, SCP; odds ratios aanname in die orde",
    ),
    # Health limitation in moving about (the hulpvraag mobiliteit): CBS/RIVM, about a third
    # of 85+ seriously limited; more with a low income (CBS: healthy life expectancy gap).
    "beperking": Model(
        -4.6,
        (-9.0, 0.0, 0.0, 0.6, 1.6, 2.9, 3.9),
        {"minimum": 0.5, "laag": 0.25},
        "CBS/RIVM gezondheidsenquête (orde); inkomensgradiënt aanname",
    ),
    # Household with a financial hulpvraag: CBS registered problematic debts ~4-5 % of
    # households, far more with a low income and for single parents (CBS Schuldenmonitor).
    "financien": Model(
        -4.2,
        (0.0,) * 7,
        {"laag": 1.8, "minimum": 2.9, "eenouder": 0.6},
        "CBS Monitor problematische schulden (orde); odds ratios aanname",
    ),
    # Adults asking help for psychological problems: Trimbos NEMESIS (about 1 in 4 adults has
    # a disorder a year, a minority asks help); more with low income, living alone, lonely.
    "psychisch": Model(
        -3.6,
        (-1.2, 0.3, 0.1, 0.0, -0.6, -0.6, -0.6),
        {"laag": 0.3, "minimum": 0.6, "alleen": 0.3, "eenzaam": 1.0},
        "Trimbos NEMESIS (orde); odds ratios aanname",
    ),
    # A hulpvraag eenzaamheid: mostly among the severely lonely, more often asked when older.
    "eenzaamheid": Model(
        -5.0,
        (-9.0, 0.0, 0.0, 0.0, 0.4, 0.7, 0.9),
        {"eenzaam": 3.6},
        "aanname (een deel van de ernstig eenzamen vraagt hulp)",
    ),
    # Parents asking help with raising children (only adults with a child under 18 at home).
    "opvoeding": Model(
        -2.5,
        (0.0,) * 7,
        {"eenouder": 0.6, "minimum": 0.4},
        "aanname (orde: CBS jeugdhulp ~1 op 10 jongeren; eenoudergezinnen vaker)",
    ),
    # Giving mantelzorg: Gezondheidsmonitor ~14 % of 18+, CBS ~13 % of 16+; peak at 45-64,
    # women more often (SCP, "Mantelzorg in NL").
    "mantelzorger": Model(
        -1.9,
        (-9.0, -0.7, -0.3, 0.45, 0.2, -0.3, -1.2),
        {"vrouw": 0.35, "beperking": -0.8},
        "GGD Gezondheidsmonitor 2022, CBS, SCP (orde); odds ratios aanname",
    ),
    # Receiving mantelzorg at home (65+): SCP, about a fifth of older people living at home;
    # mostly those with a limitation; partners and children help.
    "ontvanger": Model(
        -3.0,
        (-9.0, -9.0, -9.0, -9.0, 0.0, 0.8, 1.5),
        {"beperking": 2.4, "alleen": 0.2},
        "SCP Informele hulp (orde); odds ratios aanname",
    ),
    # Volunteering: Gezondheidsmonitor ~27 % of 18+ (CBS: ~45 % of 15+ at least once a year);
    # less with a low income, outside-Europe herkomst or a limitation (CBS, Movisie).
    "vrijwilliger": Model(
        -1.0,
        (-9.0, -0.3, -0.35, 0.0, 0.3, -0.1, -1.2),
        {"laag": -0.3, "minimum": -0.6, "buiten_europa": -0.45, "beperking": -0.6},
        "GGD Gezondheidsmonitor 2022, CBS, Movisie (orde); odds ratios aanname",
    ),
    # Widowhood among adults not living in a couple; more for women (they live longer).
    "verweduwd": Model(
        -4.2,
        (-9.0, -9.0, -6.0, 0.0, 1.4, 2.7, 3.7),
        {"vrouw": 0.9},
        "CBS burgerlijke staat naar leeftijd (orde: ~5 % van de bevolking); aanname",
    ),
}

#: Gemeente-level targets used when neither the bundle nor the user gives one (the
#: generator is calibrated to them, so a synthetic gemeente is plausible by default).
MONITOR = "Gezondheidsmonitor Volwassenen en Ouderen 2022 (GGD/CBS/RIVM), orde"
LANDELIJK: dict[str, tuple[float, str]] = {
    "eenzaam_ernstig": (0.12, MONITOR),
    "mantelzorger": (0.14, MONITOR),
    "vrijwilliger": (0.27, MONITOR),
    "laag_inkomen": (0.40, "CBS: laagste 40 % van het gestandaardiseerd inkomen (definitie)"),
    "sociaal_minimum": (0.08, "CBS kerncijfers wijken en buurten 2023, Nederland (orde)"),
}  # fmt: skip

#: Shares of herkomst (Europe without NL, outside Europe) where the bundle gives none.
#: Bron: CBS bevolking naar herkomstland 2024, Nederland (orde: 11 % en 16 %).
HERKOMST_LANDELIJK = (0.11, 0.16)
#: Log weight of a household's income position by household type, before calibration to the
#: buurt's shares: one-person households and single parents are more often low income,
#: couples with two earners less (CBS Inkomen van huishoudens). Keys: type of household.
INKOMEN_HUISHOUDTYPE: dict[str, float] = {
    "alleen": 0.9, "eenouder": 1.1, "paar": -0.4, "gezin": -0.3, "overig": 0.3
}  # fmt: skip
#: Extra log odds of low income for an older one-person household (AOW only) and for a
#: household of young adults (students, starters). Aanname.
INKOMEN_OUDER_ALLEEN = 0.4
INKOMEN_JONG = 1.0
#: Log odds of being a woman per age group (0-17 ... 85+): about even until 65, then more
#: women (CBS bevolking naar leeftijd en geslacht). Used where a buurt gives no numbers.
VROUW_LEEFTIJD = (-0.05, -0.05, 0.0, 0.0, 0.1, 0.25, 0.75)
#: Share of partners (the two oldest adults of a paar or gezin) that is married, per age
#: group of :data:`LEEFTIJDSKLASSEN`. CBS order: most older couples married, young ones not.
GEHUWD_BIJ_PAAR = (0.0, 0.1, 0.5, 0.75, 0.88, 0.92, 0.92)
#: Share of other adults (not a partner, not widowed) that is divorced, per age group.
#: Aanname (CBS order: ~8 % of adults divorced, mostly 45+).
GESCHEIDEN = (0.0, 0.0, 0.06, 0.25, 0.3, 0.25, 0.2)

# --- voorzieningen ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Norm:
    """How many of something a gemeente has: one per ``per`` units of ``basis``.

    ``basis`` is ``"inwoners"``, an age range ``"leeftijd:lo-hi"`` (inwoners of that age),
    or ``"wijk"`` (one per wijk with at least ``per`` inwoners).
    """

    basis: str
    per: float
    bron: str


#: Voorzieningen per soort. Used for the soorten a bundle asks to add (``aanvullen``).
VOORZIENING_NORMEN: dict[str, Norm] = {
    "buurthuis": Norm("inwoners", 7_500, "aanname (Delft heeft 16 voor 110.000 inwoners)"),
    "bibliotheek": Norm("inwoners", 30_000, "aanname (Delft heeft 3)"),
    "huisarts": Norm("inwoners", 4_000, "aanname (orde: een praktijk per 3.500-5.000 inwoners)"),
    "basisschool": Norm("leeftijd:4-11", 235, "DUO: gemiddeld ~235 leerlingen per school"),
    "kinderopvang": Norm("leeftijd:0-3", 150, "aanname"),
    "wijkteam": Norm("wijk", 1_000, "regel: een per wijk met >= 1.000 inwoners"),
    "wijkverpleging": Norm("inwoners", 10_000, "aanname (een teambasis per ~10.000)"),
    "maatschappelijk_werk": Norm("inwoners", 25_000, "aanname"),
    "jongerenwerk": Norm("inwoners", 15_000, "aanname"),
    "sporthal": Norm("inwoners", 10_000, "aanname"),
    "sportpark": Norm("inwoners", 8_000, "aanname"),
    "zwembad": Norm("inwoners", 40_000, "aanname"),
    "gebedshuis": Norm("inwoners", 3_000, "aanname (orde: enkele duizenden in NL)"),
    "apotheek": Norm("inwoners", 8_500, "aanname (orde: ~2.000 openbare apotheken in NL)"),
}

#: Names of synthetic voorzieningen: "<label> <wijknaam> <n>".
VOORZIENING_NAMEN: dict[str, str] = {
    "buurthuis": "Buurthuis",
    "bibliotheek": "Bibliotheek",
    "huisarts": "Huisartsenpraktijk",
    "basisschool": "Basisschool",
    "kinderopvang": "Kinderopvang",
    "wijkteam": "Wijkteam",
    "wijkverpleging": "Wijkverpleging",
    "maatschappelijk_werk": "Maatschappelijk werk",
    "jongerenwerk": "Jongerencentrum",
    "sporthal": "Sporthal",
    "sportpark": "Sportpark",
    "zwembad": "Zwembad",
    "gebedshuis": "Gebedshuis",
    "apotheek": "Apotheek",
}

#: Inwoners of a wijk sampled for k-means placement (more adds time, not precision).
KMEANS_STEEKPROEF = 4_000
#: Nearest addresses tried per cluster centre to find one without a synthetic voorziening yet.
ADRES_KANDIDATEN = 50

# --- professionals ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RolNorm:
    """Staffing of one role: one FTE per ``per_fte`` units of ``basis``, each professional
    works ``fte`` and serves ``capaciteit_per_fte * fte`` clients (or patients)."""

    basis: str
    per_fte: float
    fte: float
    capaciteit_per_fte: float
    bron: str


#: Professionals per role. Only the huisarts ratio has a public source; the rest are aannames.
ROL_NORMEN: dict[str, RolNorm] = {
    "huisarts": RolNorm(
        "inwoners", 2_095, 0.8, 2_095, "normpraktijk 2.095 patiënten per FTE (LHV/NZa); fte aanname"
    ),
    "poh_ggz": RolNorm("inwoners", 8_000, 0.8, 150, "aanname"),
    "wijkteam": RolNorm("inwoners", 2_000, 0.8, 50, "aanname"),
    "wijkverpleging": RolNorm("inwoners", 2_500, 0.8, 30, "aanname"),
    "maatschappelijk_werk": RolNorm("inwoners", 6_000, 0.8, 40, "aanname"),
    "jongerenwerk": RolNorm("leeftijd:12-23", 1_500, 0.8, 40, "aanname"),
    "ouderenwerk": RolNorm("leeftijd:65-100", 3_000, 0.8, 60, "aanname"),
    "opbouwwerk": RolNorm("inwoners", 10_000, 0.8, 20, "aanname"),
    "schuldhulp": RolNorm("inwoners", 8_000, 0.8, 50, "aanname"),
}

#: Where a professional gets a base when the gemeente has no voorziening of the role's
#: werkplek soort: the nearest of these, in this order.
WERKPLEK_TERUGVAL = ("buurthuis", "wijkteam")

#: Roles that only take clients of some ages (jongerenwerk: youth; ouderenwerk: 65+).
ROL_LEEFTIJD: dict[str, tuple[int, int]] = {"jongerenwerk": (12, 23), "ouderenwerk": (65, 100)}

# --- verenigingen -----------------------------------------------------------------------------


@dataclass(frozen=True)
class VerenigingNorm:
    """One kind of vereniging: how many (one per ``per`` of ``basis``), where it meets
    (``plekken``, in order of preference), the distance scale ``lambda_m`` of members'
    choice and the start of its synthetic names."""

    basis: str
    per: float
    plekken: tuple[str, ...]
    lambda_m: float
    naam: str
    bron: str


VERENIGING_NORMEN: dict[str, VerenigingNorm] = {
    "sport": VerenigingNorm(
        "inwoners",
        800,
        ("sporthal", "sportpark"),
        2_000,
        "Sportvereniging",
        "aanname (orde: ~24.000 sportverenigingen in NL, een per ~750 inwoners)",
    ),
    "cultuur": VerenigingNorm(
        "inwoners",
        2_500,
        ("kunstcentrum", "theater", "buurthuis", "bibliotheek"),
        2_000,
        "Cultuurvereniging",
        "aanname",
    ),
    "levensbeschouwing": VerenigingNorm(
        "inwoners", 3_000, ("gebedshuis",), 3_000, "Geloofsgemeenschap", "aanname"
    ),
    "buurt": VerenigingNorm("inwoners", 2_500, ("buurthuis",), 1_000, "Buurtvereniging", "aanname"),
    "ouderen": VerenigingNorm(
        "leeftijd:65-100", 1_000, ("buurthuis",), 1_500, "Ouderensoos", "aanname"
    ),
    "jeugd": VerenigingNorm(
        "leeftijd:6-17",
        1_000,
        ("buurthuis", "scouting", "jongerenwerk"),
        1_500,
        "Jeugdclub",
        "aanname",
    ),
}

#: Age groups of the participation rates: (youngest, oldest).
LID_LEEFTIJDEN: list[tuple[int, int]] = [
    (0, 5),
    (6, 11),
    (12, 17),
    (18, 24),
    (25, 44),
    (45, 64),
    (65, 74),
    (75, MAX_LEEFTIJD),
]
#: Log odds terms of membership per kind (on top of :data:`LID_KANS`): lower with a low
#: income and outside-Europe herkomst for sport and culture (Mulier Instituut, sportdeelname
#: naar inkomen en herkomst, orde), volunteers more often in a buurtvereniging, a
#: geloofsgemeenschap more often with a herkomst outside Europe. Aannames in that order.
LID_TERMEN: dict[str, dict[str, float]] = {
    "sport": {"laag": -0.3, "minimum": -0.7, "buiten_europa": -0.4, "beperking": -1.0},
    "cultuur": {"laag": -0.3, "minimum": -0.6},
    "levensbeschouwing": {"buiten_europa": 0.6},
    "buurt": {"vrijwilliger": 0.8},
    "ouderen": {"alleen": 0.3, "beperking": -0.4},
    "jeugd": {"minimum": -0.4},
}
#: Share of inwoners per age group that is a member of one vereniging of each kind.
#: Aannames; sport follows the known pattern (highest for children, order of magnitude of
#: NOC*NSF/Mulier figures: about a quarter of all Dutch people is a member of a sport club).
LID_KANS: dict[str, list[float]] = {
    #                    0-5   6-11  12-17 18-24 25-44 45-64 65-74 75+
    "sport": [0.10, 0.65, 0.50, 0.30, 0.22, 0.20, 0.18, 0.08],
    "cultuur": [0.0, 0.08, 0.10, 0.05, 0.05, 0.06, 0.08, 0.06],
    "levensbeschouwing": [0.06, 0.08, 0.08, 0.06, 0.07, 0.10, 0.15, 0.20],
    "buurt": [0.0, 0.0, 0.0, 0.02, 0.05, 0.06, 0.07, 0.05],
    "ouderen": [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.10, 0.20],
    "jeugd": [0.0, 0.15, 0.15, 0.0, 0.0, 0.0, 0.0, 0.0],
}

# --- informal ties ----------------------------------------------------------------------------

#: buur: every adult starts Poisson(BUUR_START) ties to adults of other households among the
#: BUUR_KANDIDATEN nearest adults. Aanname.
BUUR_START = 1.5
BUUR_KANDIDATEN = 25
#: vriend: every inwoner of VRIEND_VANAF or older starts Poisson(VRIEND_START) ties among the
#: VRIEND_KANDIDATEN nearest in (x, y, VRIEND_METER_PER_JAAR * age), i.e. nearby and of
#: similar age, plus with probability VRIEND_VER one tie to someone of nearly the same age
#: (within VRIEND_VER_JAREN) anywhere in the gemeente. Aanname.
VRIEND_VANAF = 4
VRIEND_START = 1.5
VRIEND_KANDIDATEN = 30
VRIEND_METER_PER_JAAR = 150.0
VRIEND_VER = 0.3
VRIEND_VER_JAREN = 2
#: Activity of an inwoner in starting and accepting buur and vriend ties (the degree model):
#: a multiplier of BUUR_START and VRIEND_START, and the probability to accept a tie another
#: starts (capped at 1). ``exp(sum of terms)``: severe loneliness cuts contacts most
#: (SCP/GGD: the lonely have smaller networks; the direction runs both ways), a limitation
#: and old age fewer friends, volunteers more. Aannames in the order of the SCP figures on
#: network size. Isolation (no informal tie at all) follows from these, not from a rule.
ACTIVITEIT: dict[str, float] = {
    "eenzaam": -1.4, "beperking": -0.5, "75-84": -0.3, "85+": -0.7, "vrijwilliger": 0.25,
}  # fmt: skip
#: familie: a share FAMILIE_KANS of inwoners aged FAMILIE_KIND has a parent (plus a partner of that
#: parent's partner) elsewhere in the gemeente, FAMILIE_VERSCHIL years older. Two such
#: children of the same parent are siblings and get a familie tie too. Aanname.
FAMILIE_KIND = (25, 64)
FAMILIE_KANS = 0.45
FAMILIE_VERSCHIL = (24, 36)
#: Most adult children in the gemeente per inwoner of a parent's age, on average. Aanname
#: (about two children per woman in the generations concerned).
FAMILIE_PER_OUDER = 2.0
#: mantelzorg: receivers (model "ontvanger", 65+) get givers among their ties, preferring
#: household, then familie, then buur; inwoners marked mantelzorger (model "mantelzorger")
#: are preferred as givers, and a receiver with a limitation gets up to two. Givers are
#: MANTELZORG_GEVER years old; most givers help someone outside the gemeente or outside the
#: drawn ties (CBS: a large share helps a parent elsewhere), so the mark stays an attribute.
MANTELZORG_GEVER = (18, 84)
MANTELZORG_MAX = 2

# --- formal ties ------------------------------------------------------------------------------

#: Share of inwoners with a hulpvraag who are in a professional's caseload, per kind. Aanname.
CASELOAD_KANS: dict[str, float] = {
    "eenzaamheid": 0.25,
    "financien": 0.4,
    "opvoeding": 0.3,
    "psychisch": 0.5,
    "mobiliteit": 0.5,
}
#: werkt_samen: probability that two professionals of different roles in the same wijk work
#: together, and the share of professionals with one tie to a professional of another wijk.
#: Aannames.
SAMENWERKING_WIJK = 0.3
SAMENWERKING_BUITEN = 0.1
#: verwijst: each professional refers to Poisson(VERWIJS_START) professionals of another role
#: that shares a hulpvraag, in the same wijk with probability VERWIJS_WIJK. Aannames.
VERWIJS_START = 1.0
VERWIJS_WIJK = 0.8

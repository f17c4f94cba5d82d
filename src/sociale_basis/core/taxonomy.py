"""Categories of voorzieningen, roles of professionals, kinds of hulpvraag; OSM tag mapping.

The top level follows the eight components of social infrastructure named in the source
documents (seed 001): physical meeting places, social networks and verenigingen, digital
platforms, education, care, culture, sport and public space. Below them sit the `soorten`
(types) of voorziening a user puts in a file, with finer types for help (huisarts, wijkteam,
maatschappelijk werk, wijkverpleging, ...). `overig` collects what is not social
infrastructure (fuel stations, restaurants, ...) so that no OSM point is dropped silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

# --- the eight components (seed 001), plus "overig" for everything else -----------------

COMPONENTEN: dict[str, str] = {
    "ontmoetingsplek": "Fysieke ontmoetingsplekken (buurthuis, bibliotheek)",
    "netwerk": "Sociale netwerken en verenigingen",
    "digitaal": "Digitale platforms",
    "onderwijs": "Onderwijs",
    "zorg": "Zorg en welzijn",
    "cultuur": "Cultuur",
    "sport": "Sport",
    "openbare_ruimte": "Openbare ruimte",
}
COMPONENTEN_KORT: dict[str, str] = {
    "ontmoetingsplek": "Ontmoetingsplekken",
    "netwerk": "Netwerken en verenigingen",
    "digitaal": "Digitale platforms",
    "onderwijs": "Onderwijs",
    "zorg": "Zorg en welzijn",
    "cultuur": "Cultuur",
    "sport": "Sport",
    "openbare_ruimte": "Openbare ruimte",
    "cafe": "Cafés en kroegen",
    "overig": "Overig (geen sociale infrastructuur)",
}
"""Short names of the components and of the groups outside them, for legends, layer names
and short messages."""
OVERIG = "overig"
CAFE = "cafe"
"""Cafés, kroegen and bars: places to meet, but with a consumption, so no *ontmoetingsplek*
in the sense of this package (free to enter, no need to buy anything; the definition the
signal ``geen_ontmoetingsplek`` and the component count share). They are a named group of
their own beside the eight components, shown as such on maps and in tables."""
GROEPEN_BUITEN_COMPONENTEN: dict[str, str] = {
    CAFE: "Cafés en kroegen (ontmoeting met consumptie)",
    OVERIG: "Overig (geen sociale infrastructuur)",
}
"""Groups of soorten outside the eight components, with their Dutch names."""


@dataclass(frozen=True)
class Soort:
    """One type of voorziening.

    Attributes
    ----------
    component
        Key in :data:`COMPONENTEN`, or of :data:`GROEPEN_BUITEN_COMPONENTEN` (``"cafe"``,
        ``"overig"``).
    label
        Dutch name shown to people.
    hulp
        True for places where an inwoner gets help with a hulpvraag (huisarts, wijkteam, ...).
    ontmoeting
        True for places where inwoners meet freely (buurthuis, bibliotheek, sport, ...).
    """

    component: str
    label: str
    hulp: bool = False
    ontmoeting: bool = False


SOORTEN: dict[str, Soort] = {
    # fysieke ontmoetingsplekken
    "buurthuis": Soort("ontmoetingsplek", "buurthuis / wijkcentrum", ontmoeting=True),
    "bibliotheek": Soort("ontmoetingsplek", "bibliotheek", ontmoeting=True),
    # cafés: a group of their own (see CAFE), not an ontmoetingsplek
    "cafe": Soort(CAFE, "café of kroeg", ontmoeting=True),
    # netwerken en verenigingen
    "clubhuis": Soort("netwerk", "clubhuis van een vereniging", ontmoeting=True),
    "scouting": Soort("netwerk", "scouting", ontmoeting=True),
    "gebedshuis": Soort("netwerk", "kerk, moskee of ander gebedshuis", ontmoeting=True),
    # digitaal (mag zonder locatie)
    "digitaal_platform": Soort("digitaal", "digitaal platform"),
    # onderwijs
    "kinderopvang": Soort("onderwijs", "kinderopvang / peuterspeelzaal"),
    "basisschool": Soort("onderwijs", "basisschool"),
    "school": Soort("onderwijs", "school (soort onbekend)"),
    "voortgezet_onderwijs": Soort("onderwijs", "school voor voortgezet onderwijs"),
    "hoger_onderwijs": Soort("onderwijs", "hogeschool of universiteit"),
    "muziekschool": Soort("onderwijs", "muziekschool"),
    # zorg en welzijn; fijner voor hulp
    "huisarts": Soort("zorg", "huisartsenpraktijk", hulp=True),
    "wijkteam": Soort("zorg", "sociaal wijkteam", hulp=True),
    "maatschappelijk_werk": Soort("zorg", "maatschappelijk werk", hulp=True),
    "wijkverpleging": Soort("zorg", "wijkverpleging", hulp=True),
    "jongerenwerk": Soort("zorg", "jongerenwerk / jongerencentrum", hulp=True, ontmoeting=True),
    "welzijnsorganisatie": Soort("zorg", "welzijnsorganisatie", hulp=True),
    "gemeenteloket": Soort("zorg", "gemeenteloket (Wmo, schulden)", hulp=True),
    "apotheek": Soort("zorg", "apotheek"),
    "tandarts": Soort("zorg", "tandarts"),
    "kliniek": Soort("zorg", "kliniek / gezondheidscentrum"),
    "ziekenhuis": Soort("zorg", "ziekenhuis"),
    "verpleeghuis": Soort("zorg", "verpleeg- of verzorgingshuis"),
    # cultuur
    "theater": Soort("cultuur", "theater", ontmoeting=True),
    "bioscoop": Soort("cultuur", "bioscoop"),
    "kunstcentrum": Soort("cultuur", "kunstcentrum", ontmoeting=True),
    "museum": Soort("cultuur", "museum"),
    "evenementenlocatie": Soort("cultuur", "evenementenlocatie"),
    "congrescentrum": Soort("cultuur", "congrescentrum"),
    # sport
    "sportpark": Soort("sport", "sportpark / sportvelden", ontmoeting=True),
    "sporthal": Soort("sport", "sporthal / gymzaal", ontmoeting=True),
    "zwembad": Soort("sport", "zwembad", ontmoeting=True),
    "sportschool": Soort("sport", "sportschool"),
    # openbare ruimte
    "park": Soort("openbare_ruimte", "park", ontmoeting=True),
    "speeltuin": Soort("openbare_ruimte", "speeltuin", ontmoeting=True),
    "plein": Soort("openbare_ruimte", "plein", ontmoeting=True),
    # geen sociale infrastructuur
    "horeca": Soort(OVERIG, "restaurant, snackbar of andere horeca"),
    "overig": Soort(OVERIG, "overige voorziening"),
}

# --- hulpvragen and roles of professionals -----------------------------------------------

HULPVRAGEN: dict[str, str] = {
    "eenzaamheid": "eenzaamheid en weinig sociale contacten",
    "financien": "geldzorgen en schulden",
    "opvoeding": "opvoeden en opgroeien",
    "psychisch": "psychische klachten",
    "mobiliteit": "lichamelijke beperking, moeilijk ter been",
}


@dataclass(frozen=True)
class Rol:
    """A role of a professional in the sociale basis.

    Attributes
    ----------
    label
        Dutch name shown to people.
    werkplek
        The `soort` of voorziening where such a professional has a base.
    hulpvragen
        The kinds of hulpvraag this role helps with (keys of :data:`HULPVRAGEN`).
    """

    label: str
    werkplek: str
    hulpvragen: tuple[str, ...]


ROLLEN: dict[str, Rol] = {
    "wijkteam": Rol(
        "medewerker sociaal wijkteam",
        "wijkteam",
        ("eenzaamheid", "financien", "opvoeding", "psychisch", "mobiliteit"),
    ),
    "wijkverpleging": Rol("wijkverpleegkundige", "wijkverpleging", ("mobiliteit",)),
    "maatschappelijk_werk": Rol(
        "maatschappelijk werker", "maatschappelijk_werk", ("financien", "psychisch", "opvoeding")
    ),
    "jongerenwerk": Rol("jongerenwerker", "jongerenwerk", ("opvoeding", "psychisch")),
    "huisarts": Rol("huisarts", "huisarts", ("psychisch", "mobiliteit")),
    "poh_ggz": Rol("praktijkondersteuner ggz", "huisarts", ("psychisch",)),
    "ouderenwerk": Rol("ouderenadviseur", "buurthuis", ("eenzaamheid", "mobiliteit")),
    "opbouwwerk": Rol("opbouwwerker", "buurthuis", ("eenzaamheid",)),
    "schuldhulp": Rol("schuldhulpverlener", "maatschappelijk_werk", ("financien",)),
}

# --- kinds of vereniging -----------------------------------------------------------------

VERENIGING_SOORTEN: dict[str, str] = {
    "sport": "sportvereniging",
    "cultuur": "culturele vereniging (muziek, toneel, zang)",
    "levensbeschouwing": "kerk, moskee of levensbeschouwelijke gemeenschap",
    "buurt": "buurtvereniging of bewonersgroep",
    "ouderen": "ouderenvereniging / ouderensoos",
    "jeugd": "jeugdvereniging (scouting, jongerenclub)",
}

# --- OpenStreetMap tags -> soort ---------------------------------------------------------
# Checked in order: the first (key, value) that matches wins, then the keys of OSM_KEYS.
# Values not listed map to "overig" (never dropped), so a count of OSM points always adds
# up. The finer tags come before the coarse ones (a youth centre before a community centre).

OSM_TAGS: dict[tuple[str, str], str] = {
    ("community_centre", "youth_centre"): "jongerenwerk",
    ("amenity", "youth_centre"): "jongerenwerk",
    ("social_facility", "outreach"): "maatschappelijk_werk",
    ("social_facility", "nursing_home"): "verpleeghuis",
    ("social_facility", "assisted_living"): "verpleeghuis",
    ("healthcare", "pharmacy"): "apotheek",
    ("healthcare", "dentist"): "tandarts",
    ("healthcare", "hospital"): "ziekenhuis",
    ("healthcare", "clinic"): "kliniek",
    ("healthcare", "centre"): "kliniek",
    ("sport", "swimming"): "zwembad",
    ("club", "scout"): "scouting",
    ("amenity", "community_centre"): "buurthuis",
    ("amenity", "social_centre"): "buurthuis",
    ("amenity", "library"): "bibliotheek",
    ("amenity", "cafe"): "cafe",
    ("amenity", "pub"): "cafe",
    ("amenity", "bar"): "cafe",
    ("amenity", "place_of_worship"): "gebedshuis",
    ("amenity", "kindergarten"): "kinderopvang",
    ("amenity", "childcare"): "kinderopvang",
    ("amenity", "school"): "school",
    ("amenity", "college"): "hoger_onderwijs",
    ("amenity", "university"): "hoger_onderwijs",
    ("amenity", "music_school"): "muziekschool",
    ("amenity", "doctors"): "huisarts",
    ("healthcare", "doctor"): "huisarts",
    ("amenity", "social_facility"): "welzijnsorganisatie",
    ("amenity", "townhall"): "gemeenteloket",
    ("amenity", "pharmacy"): "apotheek",
    ("amenity", "dentist"): "tandarts",
    ("amenity", "clinic"): "kliniek",
    ("amenity", "hospital"): "ziekenhuis",
    ("amenity", "nursing_home"): "verpleeghuis",
    ("amenity", "theatre"): "theater",
    ("amenity", "cinema"): "bioscoop",
    ("amenity", "arts_centre"): "kunstcentrum",
    ("tourism", "museum"): "museum",
    ("amenity", "events_venue"): "evenementenlocatie",
    ("amenity", "conference_centre"): "congrescentrum",
    ("leisure", "sports_centre"): "sporthal",
    ("leisure", "sports_hall"): "sporthal",
    ("leisure", "pitch"): "sportpark",
    ("leisure", "stadium"): "sportpark",
    ("leisure", "swimming_pool"): "zwembad",
    ("leisure", "fitness_centre"): "sportschool",
    ("leisure", "park"): "park",
    ("leisure", "playground"): "speeltuin",
    ("place", "square"): "plein",
    ("amenity", "dojo"): "sportschool",
    ("amenity", "restaurant"): "horeca",
    ("amenity", "fast_food"): "horeca",
    ("amenity", "ice_cream"): "horeca",
    ("amenity", "nightclub"): "horeca",
    ("amenity", "biergarten"): "horeca",
}


OSM_KEYS: dict[str, str] = {
    "club": "clubhuis",  # club=sport, club=music, ...: the clubhouse of a vereniging
}
"""Keys whose every value maps to one soort, checked after :data:`OSM_TAGS`."""


def soort_from_osm(tags: Mapping[str, object]) -> str:
    """The `soort` for one OSM feature given its tags; ``"overig"`` when nothing matches."""
    for (key, value), soort in OSM_TAGS.items():
        if tags.get(key) == value:
            return soort
    for key, soort in OSM_KEYS.items():
        if tags.get(key) not in (None, "", "no"):
            return soort
    return "overig"


def component_of(soort: str) -> str:
    """The component of social infrastructure a `soort` belongs to."""
    return SOORTEN[soort].component


def suggest(value: str, allowed: list[str] | tuple[str, ...]) -> str:
    """A Dutch hint naming the closest allowed value, for error messages."""
    close = difflib.get_close_matches(str(value).strip().lower(), list(allowed), n=1, cutoff=0.6)
    if close:
        return f"bedoelde u '{close[0]}'?"
    return "kies een van: " + ", ".join(sorted(allowed))


# --- kinds of node and of relation (docs/contracts.md) -----------------------------------

KNOOP_SOORTEN: tuple[str, ...] = ("inwoner", "vereniging", "voorziening", "professional")
"""Kinds of node in the social graph; node ids are ``"<kind>:<id>"``."""


@dataclass(frozen=True)
class Relatie:
    """One kind of tie: which kinds of node it joins and whether it has a direction.

    Attributes
    ----------
    van, naar
        Allowed node kinds at the source and the target.
    gericht
        True when direction means something (giver -> receiver, member -> club).
    label
        Dutch description shown to people.
    """

    van: tuple[str, ...]
    naar: tuple[str, ...]
    gericht: bool
    label: str


RELATIES: dict[str, Relatie] = {
    "huishouden": Relatie(("inwoner",), ("inwoner",), False, "woont in hetzelfde huishouden"),
    "buur": Relatie(("inwoner",), ("inwoner",), False, "buren"),
    "vriend": Relatie(("inwoner",), ("inwoner",), False, "vrienden"),
    "familie": Relatie(("inwoner",), ("inwoner",), False, "familie"),
    "mantelzorg": Relatie(("inwoner",), ("inwoner",), True, "geeft mantelzorg aan"),
    "lid": Relatie(("inwoner",), ("vereniging",), True, "is lid van"),
    "bezoekt": Relatie(("inwoner",), ("voorziening",), True, "bezoekt"),
    "werkt_bij": Relatie(("professional",), ("voorziening", "vereniging"), True, "werkt bij"),
    "caseload": Relatie(("professional",), ("inwoner",), True, "heeft als cliënt"),
    "werkt_samen": Relatie(("professional",), ("professional",), False, "werkt samen met"),
    "verwijst": Relatie(
        ("professional",), ("professional", "voorziening", "inwoner"), True, "verwijst naar"
    ),
}
"""Every kind of ``relaties.soort``; the one copy the readers and the graph share.

A professional can work at a vereniging (a jongerenwerker at a sports club) as well as at
a voorziening; a referral (``verwijst``) runs from a professional to another professional,
to a voorziening, or to an inwoner (who is then in touch with that professional, as a
client is: the reach measures count it as a tie to a professional)."""

INFORMELE_RELATIES: frozenset[str] = frozenset(
    {"huishouden", "buur", "vriend", "familie", "mantelzorg"}
)
"""Informal kinds: ties between inwoners that no organisation arranges."""

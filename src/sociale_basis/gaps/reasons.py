"""Dutch number formatting for reasons, and the rounding and "geheim" rule for counts.

Text for people is Dutch: ``1.000 m``, ``23%``, ``0,6``. The rounding helpers apply DESIGN
§5 to the counts behind every published share: counts of persons are rounded to multiples
of 5, counts of persons with a support need (hulpvraag) of 0 to 7 are ``"geheim"``, and a
share is computed from the rounded counts.

The rounding itself (:func:`~sociale_basis.privacy.round_count`,
:func:`~sociale_basis.privacy.round_support_count`) and the one share rule
(:func:`~sociale_basis.privacy.share_rule`, applied to the signals' shares through
:func:`~sociale_basis.privacy.protect_levels`) live in :mod:`sociale_basis.privacy`.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from ..core import taxonomy

# The publication rules of DESIGN §5 live in privacy; used here for the numbers in reasons.
from ..privacy import GEHEIM_TOT_EN_MET, round_count

GEHEIM = "geheim"
"""What is shown instead of a count of persons with a hulpvraag of 0 to 7."""


STATUS_TE_WEINIG = "te_weinig"
"""Status of a hidden share: its group has fewer than ``min_personen`` persons."""
STATUS_GEHEIM = "geheim"
"""Status of a hidden share: 0 to 7 persons with a hulpvraag behind it."""
STATUS_GEEN_INWONERS = "geen_inwoners"
"""Status of a hidden share: the area has fewer than 10 inwoners."""
STATUS_AFGESCHERMD = "afgeschermd"
"""Status of a hidden share: hidden so that another hidden figure cannot be worked out
(secondary suppression, R5)."""
STATUS_VAN_REGEL: dict[str, str] = {
    "": "",
    "R2": STATUS_GEHEIM,
    "R3": STATUS_GEEN_INWONERS,
    "R4": STATUS_TE_WEINIG,
    "R5": STATUS_AFGESCHERMD,
}
"""The status of a share in the signals for each rule of :data:`sociale_basis.privacy.REGELS`
that can hide it."""


def count_text(n: float, *, hulpvraag: bool = False) -> str:
    """One published count as Dutch text: ``"geheim"``, ``"15"`` or ``"1.235"``."""
    if hulpvraag and n <= GEHEIM_TOT_EN_MET:
        return GEHEIM
    return format_number(float(round_count(n)))


def format_number(value: float, decimals: int = 0) -> str:
    """A number in Dutch notation: dots between thousands, a decimal comma.

    ``format_number(1000) == "1.000"``, ``format_number(0.456, 2) == "0,46"``.
    """
    if value is None or not math.isfinite(value):
        return "onbekend"
    # half up, after removing float noise: 0.175 * 100 = 17.499999999999996 -> "18"
    exact = Decimal(repr(round(float(value), decimals + 6)))
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_m(value: float) -> str:
    """Metres, rounded to 10 m above 1.000 m: ``"1.000 m"``, ``"850 m"``."""
    if value is not None and math.isfinite(value) and value >= 1000:
        value = round(value, -1)
    return f"{format_number(value)} m"


def format_pct(share: float, versus: float | None = None) -> str:
    """A share in [0, 1] as a whole percentage: ``format_pct(0.234) == "23%"``.

    Below 1% (but above 0) one decimal is kept, so a small share is not shown as 0%. With
    ``versus`` (a threshold) decimals are added until the two differ in writing, so a
    reason never reads "15% (drempel 15%)": ``format_pct(0.152, 0.15) == "15,2%"``.
    """
    if share is None or not math.isfinite(share):
        return "onbekend"
    pct = share * 100
    decimals = 1 if 0 < pct < 1 else 0
    text = f"{format_number(pct, decimals)}%"
    while versus is not None and share != versus and decimals < 3:
        if text != format_pct(versus):
            break
        decimals += 1
        text = f"{format_number(pct, decimals)}%"
    return text


def format_ratio(value: float) -> str:
    """A ratio with two decimals: ``"0,45"``."""
    return format_number(value, 2)


def format_factor(value: float) -> str:
    """A factor with two decimals and no trailing zero: ``1.27 -> "1,27"``, ``1.5 -> "1,5"``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_p(value: float) -> str:
    """A p-value: ``"0,001"``, ``"0,04"``."""
    if value < 0.01:
        return format_number(value, 3)
    return format_number(value, 2)


_WIJK_PREFIX = re.compile(r"^wijk\s+\d+\s+", flags=re.IGNORECASE)


def short_name(name: object, code: str) -> str:
    """The name of an area as used in a sentence; the code when there is no name.

    CBS wijk names such as ``"Wijk 23 Tanthof-Oost"`` lose their number prefix.
    """
    if name is None or (isinstance(name, float) and math.isnan(name)):
        return str(code)
    text = str(name).strip()
    if not text or text.lower() in ("nan", "<na>"):
        return str(code)
    return _WIJK_PREFIX.sub("", text) or text


def join_dutch(items: list[str]) -> str:
    """``["a", "b", "c"] -> "a, b en c"``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


# --- phrases ---------------------------------------------------------------------------

SOORT_ZIN = {
    "huisarts": "een huisarts",
    "wijkteam": "een sociaal wijkteam",
    "maatschappelijk_werk": "maatschappelijk werk",
    "wijkverpleging": "wijkverpleging",
    "jongerenwerk": "jongerenwerk",
    "welzijnsorganisatie": "een welzijnsorganisatie",
    "gemeenteloket": "een gemeenteloket",
}
ROL_ZIN = {
    "huisarts": "huisartsen",
    "wijkteam": "het sociaal wijkteam",
    "wijkverpleging": "de wijkverpleging",
    "maatschappelijk_werk": "maatschappelijk werk",
}
VRAAG_ZIN = {
    "alle": "per inwoner",
    "65plus": "per 65-plusser",
    "hulpvraag": "per persoon met een hulpvraag",
    "rol": "per persoon met een hulpvraag waarbij deze rol helpt",
}
SCHAKEL_ZIN = {
    "inwoner": "één persoon",
    "vereniging": "één vereniging",
    "voorziening": "één voorziening",
    "professional": "één professional",
}
NIVEAU_MEERVOUD = {"buurt": "buurten", "wijk": "wijken"}


def soort_zin(soort: str) -> str:
    """A soort of voorziening as it follows "van" in a sentence: ``"een huisarts"``."""
    return SOORT_ZIN.get(soort, f"een {taxonomy.SOORTEN[soort].label}")


def count_areas(n: int, niveau: str) -> str:
    """``"1 buurt"``, ``"3 buurten"``."""
    return f"{n} {niveau if n == 1 else NIVEAU_MEERVOUD[niveau]}"


SOORT_KORT = {
    "huisarts": "Huisarts",
    "wijkteam": "Wijkteam",
    "maatschappelijk_werk": "Maatschappelijk werk",
    "wijkverpleging": "Wijkverpleging",
    "jongerenwerk": "Jongerenwerk",
    "welzijnsorganisatie": "Welzijnsorganisatie",
    "gemeenteloket": "Gemeenteloket",
}
"""A soort of help as the first word of a short message ("Huisarts ver weg")."""


def soort_kort(soort: str) -> str:
    """``"huisarts" -> "Huisarts"``; other soorten by their label."""
    if soort in SOORT_KORT:
        return SOORT_KORT[soort]
    label = taxonomy.SOORTEN[soort].label if soort in taxonomy.SOORTEN else soort
    return label[0].upper() + label[1:]


def rol_kort(rol: str) -> str:
    """A rol as it ends a short message: ``"huisarts" -> "huisartsen"``."""
    return ROL_ZIN.get(rol, taxonomy.ROLLEN[rol].label if rol in taxonomy.ROLLEN else rol)


SYNTHETISCH = "(synthetische inwoners)"
"""How a reason that rests on a synthetic population ends."""


def mark_synthetic(reden: str) -> str:
    """``"... (drempel 15%)."`` -> ``"... (drempel 15%) (synthetische inwoners)."``."""
    if reden.endswith(f"{SYNTHETISCH}."):
        return reden
    body = reden[:-1] if reden.endswith(".") else reden
    return f"{body} {SYNTHETISCH}."

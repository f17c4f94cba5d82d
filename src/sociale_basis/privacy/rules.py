"""The publication rules of DESIGN §5 in one place: their codes and texts, how a published
column is described (:class:`Kolom`), rounding, and the one share rule.

The rules (:data:`REGELS`), applied by :func:`sociale_basis.privacy.protect` and
:func:`sociale_basis.privacy.protect_levels` to a table per area:

R1
    Counts of persons are rounded to multiples of 5; shares are computed from the rounded
    counts.
R2
    Counts of persons with a hulpvraag (support need) of 0 to 7 are ``"geheim"``; larger
    ones are rounded to 5 (the CBS rule for Wmo and jeugdzorg figures).
R3
    Areas with fewer than 10 inhabitants (or an unknown number) get no figures about
    persons at all.
R4
    Means and shares of sensitive attributes (hulpvraag, social ties) need at least 100
    persons behind them.
R5
    Secondary suppression: more cells are hidden until no hidden count can be narrowed
    from the published figures (wijk minus its other buurten, a total minus its other
    parts) below its rule's interval; checked by the interval audit
    (:mod:`sociale_basis.privacy.audit`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..core.formatting import ONBEKEND, format_amount

# --- what identifies a person: column names and values (DESIGN §5) ----------------------


# --- identifiers in the values ----------------------------------------------------------


# --- rounding and suppression of published figures (DESIGN §5) --------------------------

AFRONDING = 5
"""Counts of persons are published in multiples of this number (R1)."""
GEHEIM_TOT_EN_MET = 7
"""Counts of persons with a hulpvraag up to this number are "geheim" (R2)."""
MIN_INWONERS = 10
"""Areas with fewer inhabitants get no figures about persons (R3)."""
MIN_PERSONEN_GEVOELIG = 100
"""Means and shares of sensitive attributes, and counts of persons with a hulpvraag, need
this many persons behind them (R4)."""
MIN_BREEDTE = GEHEIM_TOT_EN_MET
"""Secondary suppression (R5): a count hidden by R2, R3 or R4 must keep at least this
width (``hoogste - laagste``) against every published figure: at least 8 whole numbers
are possible, as the 0-7 of a "geheim" cell. Where public figures alone already allow
fewer values (a buurt of 5 inhabitants), the whole of that interval must stay open."""
ONBEGRENSD = 10**9
"""Upper bound used for a count about which nothing public says how large it can be."""


@dataclass(frozen=True)
class Regel:
    """One suppression rule: its code, the text shown in a hidden cell, and why."""

    code: str
    label: str
    uitleg: str


REGELS: dict[str, Regel] = {
    "R1": Regel(
        "R1",
        "",
        f"Aantallen personen zijn afgerond op {AFRONDING}-tallen; aandelen zijn berekend "
        "uit de afgeronde aantallen.",
    ),
    "R2": Regel(
        "R2",
        "geheim",
        f"Aantallen personen met een hulpvraag van 0 tot en met {GEHEIM_TOT_EN_MET} zijn "
        f"geheim; grotere aantallen zijn afgerond op {AFRONDING}-tallen (de CBS-regel voor "
        "Wmo- en jeugdzorgcijfers).",
    ),
    "R3": Regel(
        "R3",
        "te weinig inwoners",
        f"Gebieden met minder dan {MIN_INWONERS} inwoners (of een onbekend aantal) krijgen "
        "geen cijfers over personen.",
    ),
    "R4": Regel(
        "R4",
        "te weinig personen",
        "Gemiddelden en aandelen van gevoelige kenmerken (hulpvraag, sociale contacten) "
        f"worden alleen getoond als er minstens {MIN_PERSONEN_GEVOELIG} personen achter "
        "staan. Dat geldt ook voor de aantallen personen met een hulpvraag zelf: een "
        "verborgen aandeel verbergt ook zijn teller, anders is het terug te rekenen als "
        "teller gedeeld door noemer.",
    ),
    "R5": Regel(
        "R5",
        "afgeschermd",
        "Secundaire onderdrukking: er worden extra cellen verborgen totdat geen verborgen "
        "aantal terug te rekenen is uit getoonde totalen (een wijk is de som van haar "
        "buurten, alle inwoners met een hulpvraag de som van de soorten hulpvraag). Voor "
        "elke verborgen cel berekent een lineair programma de kleinste en grootste waarde "
        "die met alle getoonde cijfers (en hun afronding) te rijmen is; daartussen moeten "
        f"minstens {MIN_BREEDTE + 1} gehele getallen liggen, bij een geheime cel heel 0 tot "
        f"en met {GEHEIM_TOT_EN_MET}. Alleen cellen waarvan de waarde echt onbekend is "
        "tellen als bescherming (een lege buurt telt niet). Een totaal van personen met een "
        "hulpvraag waarvan alle delen verborgen en klein zijn (twee geheime buurten) wordt "
        "afgeschermd wat zijn waarde ook is: een getoond totaal is minstens "
        f"{GEHEIM_TOT_EN_MET + 1}, en dan kan niet elke buurt 0 zijn.",
    ),
}
"""The rules, by code; ``label`` is what a table shows instead of a hidden number."""

GEEN_CIJFERS: dict[str, str] = {
    "OSM": "buiten het OSM-bestand",
    "OSM-deels": "deels buiten het OSM-bestand",
}
"""Status codes of cells without a figure because the bundle has no data there (no rule
of protection hid them): the text shown instead. A bundle built from an OSM extract that
does not cover the whole gemeente has no addresses, voorzieningen or streets in the buurten
outside it (and a wijk with such a buurt is only partly covered)."""


def status_label(code: str) -> str:
    """The text shown in a cell with this status: a rule's label, or a
    :data:`GEEN_CIJFERS` text."""
    return GEEN_CIJFERS[code] if code in GEEN_CIJFERS else REGELS[code].label


Soort = Literal["aantal", "hulpvraag", "aandeel", "maat", "plek", "tekst"]


@dataclass(frozen=True)
class Kolom:
    """How one published column is computed and protected.

    Attributes
    ----------
    naam
        Column name (in the raw table, except for ``"aandeel"``, which is computed).
    soort
        ``"aantal"``: count of persons (R3, R1). ``"hulpvraag"``: count of persons with a
        support need (R3, R4 when ``gevoelig``, R2). ``"aandeel"``: ``teller / noemer`` in
        percent, computed from the published (rounded) counts, hidden where either is
        hidden (R3, R4 when ``gevoelig``; R4 then hides the teller too). ``"maat"``: a
        mean, median or share about persons, given raw (R3, R4 when ``gevoelig``); a share
        of persons whose own counts are not published names its raw ``teller`` and
        ``basis`` and is then computed from them rounded (R1), "geheim" when
        ``teller_hulpvraag`` and the teller is 0 to 7 (R2). ``"plek"``: a figure about
        places (voorzieningen, verenigingen), not about persons: shown as is. ``"tekst"``:
        a label about persons (R3 only).
    label
        Dutch name for tables, legends and tooltips.
    eenheid
        ``""`` (a number), ``"%"``, ``"m"``, ``"min"``.
    basis
        For ``"maat"`` and a ``gevoelig`` ``"hulpvraag"`` count: the raw column with the
        number of persons behind the figure (for R4).
    teller, noemer
        For ``"aandeel"``: earlier ``"aantal"``/``"hulpvraag"`` columns of the same table.
        For a ``"maat"`` share: ``teller`` is the raw column with the number of persons
        counted (the denominator is ``basis``).
    teller_hulpvraag
        The ``teller`` of a ``"maat"`` share counts persons with a hulpvraag (R2).
    gevoelig
        The figure is about a sensitive attribute, so R4 applies.
    secundair
        Take part in secondary suppression (R5). Off only for figures that are public
        anyway (the CBS number of inhabitants): the audit then takes them as known exactly.
    decimalen
        Decimals shown.
    optelbaar
        For counts and shares with a ``teller``: the count of a wijk is the sum of the
        counts of its buurten (true for counts of persons; not for a count that depends on
        the area itself, such as the people cut off when *this* area's top broker drops
        out). Secondary suppression audits the sums of optelbare counts.
    deel_van
        A count that is part of another count of the same table (65-plussers of all
        persons): the audit knows ``this <= deel_van`` in every row.
    som_van_delen
        This count is the sum of the counts whose ``deel_van`` names it (persons with a
        hulpvraag = the sum over the kinds of hulpvraag); the audit knows that equality.
    """

    naam: str
    soort: Soort
    label: str
    eenheid: str = ""
    basis: str | None = None
    teller: str | None = None
    noemer: str | None = None
    gevoelig: bool = False
    secundair: bool = True
    decimalen: int = 0
    teller_hulpvraag: bool = False
    optelbaar: bool = True
    deel_van: str | None = None
    som_van_delen: bool = False


def format_value(value: object, kolom: Kolom) -> str:
    """A shown value as Dutch text with the column's decimals and unit (``"23,5%"``); text
    (a rule's label such as ``"geheim"``) passes through."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ONBEKEND
    if not isinstance(value, int | float | np.integer | np.floating):
        return str(value)
    return format_amount(float(value), kolom.eenheid, kolom.decimalen)


def round_count(n: float | np.ndarray, base: int = AFRONDING) -> np.ndarray:
    """Counts of persons rounded to the nearest multiple of ``base`` (R1); halves go up.

    ``round_count([0, 2, 3, 12, 13]) -> [0, 0, 5, 10, 15]``. NaN stays NaN.
    """
    values = np.asarray(n, dtype=float)
    return np.floor(values / base + 0.5) * base


def round_support_count(n: float | np.ndarray) -> np.ndarray:
    """Counts of persons with a hulpvraag (R2): NaN (shown as "geheim") for 0 to
    GEHEIM_TOT_EN_MET, else rounded to 5 (the CBS rule for Wmo and jeugdzorg counts)."""
    values = np.asarray(n, dtype=float)
    return np.where(values <= GEHEIM_TOT_EN_MET, np.nan, round_count(values))


def round_to_base(values: pd.Series, base: int = AFRONDING) -> pd.Series:
    """:func:`round_count` for a Series: same index and name, missing values stay missing.

    ``round_to_base(pd.Series([0, 2, 3, 12, 13]))`` gives ``[0, 0, 5, 10, 15]``.
    """
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return pd.Series(round_count(numbers.to_numpy(), base), index=numbers.index, name=values.name)


def matches_public(personen: pd.Series, publiek: pd.Series) -> bool:
    """Whether a count of persons per area equals a public figure in every area.

    When it does (the synthetic inwoners are built to match the CBS inhabitants
    exactly), the count tells nothing the public figure does not: it may be published as
    public and the audit takes it as known (see :attr:`Laag.bovengrens`). Decided for the
    whole table at once, never per area, so the decision says nothing about one area.

    ``matches_public(pd.Series([5, 0]), pd.Series([5, 0])) is True``.
    """
    if len(personen) == 0:
        return False
    mine = pd.to_numeric(personen, errors="coerce")
    theirs = pd.to_numeric(publiek.reindex(mine.index), errors="coerce")
    return bool((mine.to_numpy() == theirs.to_numpy()).all())


def share_rule(
    teller: float | np.ndarray,
    basis: float | np.ndarray,
    *,
    hulpvraag: bool,
    min_personen: int | None,
    factor: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The one rule for publishing a share of persons (R1, R2, R4).

    The share is ``round(teller) / round(basis) * factor`` with both counts rounded to
    multiples of 5 (R1), capped at ``factor``; it is hidden with ``"R4"`` where
    ``basis < min_personen`` (or unknown), and with ``"R2"`` where ``hulpvraag`` and the
    teller is 0 to 7 persons. Used by :func:`protect` for the tables and maps and by the
    signals (:mod:`sociale_basis.gaps.cijfers`), so both publish the same number.

    Parameters
    ----------
    teller, basis
        Raw counts: the persons counted and the persons they are counted among.
    hulpvraag
        The teller counts persons with a hulpvraag (R2 applies).
    min_personen
        Minimum ``basis`` (R4); None for a share that is not about a sensitive attribute.
    factor
        1 for a fraction, 100 for a percentage.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The shares (NaN where hidden or where the rounded basis is 0) and the rule per
        element: ``""``, ``"R2"`` or ``"R4"``.

    Examples
    --------
    ``share_rule([12, 6, 30], [40, 200, 90], hulpvraag=True, min_personen=100)`` gives
    ``[nan, nan, nan]`` with ``["R4", "R2", "R4"]``; with ``min_personen=None`` the first
    is ``10 / 40 = 0.25`` and the third ``30 / 90 = 0.333...``.
    """
    t = np.atleast_1d(np.asarray(teller, dtype=float))
    n = np.atleast_1d(np.asarray(basis, dtype=float))
    codes = np.full(t.shape, "", dtype=object)
    if min_personen is not None:
        codes[~(n >= min_personen)] = "R4"
    if hulpvraag:
        codes[(codes == "") & ~(t > GEHEIM_TOT_EN_MET)] = "R2"
    t_pub, n_pub = round_count(t), round_count(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n_pub > 0, np.minimum(t_pub / n_pub, 1.0) * factor, np.nan)
    return np.where(codes == "", value, np.nan), codes


# --- secondary suppression: the interval audit ------------------------------------------

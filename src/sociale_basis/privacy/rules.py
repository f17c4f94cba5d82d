"""Privacy rules: keyed pseudonyms, which columns identify a person, and the rounding and
suppression of every published figure (DESIGN §5).

Suppression rules (:data:`REGELS`), applied by :func:`protect` to a table per area:

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
    Secondary suppression: when exactly one buurt of a wijk is hidden in a column, the
    shown buurt of that wijk with the fewest inhabitants is hidden too, so the hidden value
    cannot be recovered as the wijk figure minus the other buurten.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..core.html import card

# 16 hex characters = 64 bits. Among a million pseudonyms the chance that two collide is
# about n**2 / 2**65 ~ 3e-8, while a short pseudonym stays readable in a table.
PSEUDONIEM_LENGTE = 16
# A key must hold at least 128 bits, so it cannot be guessed by trying keys.
MIN_SLEUTEL_BYTES = 16

# Columns that identify a person directly, written as :func:`normalise_column` writes them
# (lower case, no spaces, underscores, hyphens or dots). Files about inwoners may not hold
# them; a reader refuses them unless they are pseudonymised at read time.
IDENTIFICERENDE_KOLOMMEN: frozenset[str] = frozenset(
    {
        # naam
        "naam",
        "voornaam",
        "voornamen",
        "achternaam",
        "roepnaam",
        "voorletters",
        "tussenvoegsel",
        "geslachtsnaam",
        "volledigenaam",
        "name",
        "firstname",
        "lastname",
        "surname",
        "fullname",
        # adres
        "adres",
        "woonadres",
        "straat",
        "straatnaam",
        "huisnummer",
        "huisnr",
        "huisletter",
        "huisnummertoevoeging",
        "postcode",
        "address",
        "street",
        "housenumber",
        "zipcode",
        "postalcode",
        # nummers die een persoon aanwijzen
        "bsn",
        "burgerservicenummer",
        "sofinummer",
        "anummer",
        "iban",
        "rekeningnummer",
        "paspoortnummer",
        "documentnummer",
        "ssn",
        # geboortedatum
        "geboortedatum",
        "gebdatum",
        "geboortedag",
        "birthdate",
        "dateofbirth",
        "dob",
        # contact
        "telefoon",
        "telefoonnummer",
        "telnr",
        "mobiel",
        "mobielnummer",
        "phone",
        "email",
        "emailadres",
        "mail",
    }
)


def normalise_column(name: str) -> str:
    """A column name as compared with :data:`IDENTIFICERENDE_KOLOMMEN`.

    ``"E-mail"``, ``"Geboorte datum"`` and ``"ACHTER_NAAM"`` become ``"email"``,
    ``"geboortedatum"`` and ``"achternaam"``.
    """
    return "".join(ch for ch in str(name).strip().lower() if ch not in " _-.")


# Words that identify a person also as part of a longer name (``bsn_van``, ``email adres``).
# "naam", "straat" and "adres" are not among them: ``buurtnaam`` or ``wijk_naam`` are fine.
IDENTIFICERENDE_WOORDEN: frozenset[str] = frozenset(
    {
        "bsn",
        "burgerservicenummer",
        "geboortedatum",
        "email",
        "telefoon",
        "telefoonnummer",
        "postcode",
        "iban",
    }
)


def is_identifying(name: str) -> bool:
    """True when a column name says the column identifies a person (name, address, BSN, ...).

    The whole name is compared with :data:`IDENTIFICERENDE_KOLOMMEN` (``"Achter naam"``
    matches ``achternaam``), and each word of it with :data:`IDENTIFICERENDE_WOORDEN`
    (``"bsn_van"`` matches ``bsn``).
    """
    if normalise_column(name) in IDENTIFICERENDE_KOLOMMEN:
        return True
    words = re.split(r"[\s_\-.]+", str(name).strip().lower())
    return any(normalise_column(w) in IDENTIFICERENDE_WOORDEN for w in words)


def key_bytes(key: bytes | str) -> bytes:
    """The key as bytes, refused when it is not bytes/str or shorter than 16 bytes."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes):
        raise TypeError(
            f"de sleutel moet bytes of str zijn, niet {type(key).__name__}; "
            "maak er een met secrets.token_hex(32) en bewaar die veilig"
        )
    if len(key) < MIN_SLEUTEL_BYTES:
        raise ValueError(
            f"de sleutel is {len(key)} bytes; gebruik minstens {MIN_SLEUTEL_BYTES} bytes "
            "(bijv. secrets.token_hex(32)), anders is hij te raden"
        )
    return key


def pseudonymise(values: Iterable[object], key: bytes | str) -> pd.Series:
    """Replace identifiers (BSN, client numbers, ...) by keyed pseudonyms.

    Each value becomes the first :data:`PSEUDONIEM_LENGTE` (16) hex characters of
    HMAC-SHA256(key, value). The same value and key give the same pseudonym in every run and
    on every computer, so files pseudonymised apart can still be linked. Because the hash is
    keyed, someone without the key cannot recover a BSN by hashing all ~10^9 possible BSNs
    and looking the pseudonym up; a plain SHA-256 of a BSN offers no such protection. Keep
    the key apart from the data and never publish it.

    Values are compared as text with surrounding white space removed (``12`` and ``" 12"``
    give the same pseudonym; a whole float such as ``12.0`` counts as ``12``). Read
    identifiers as text: a BSN read as a number loses its leading zero. Missing values
    (None, NaN, empty text) stay missing, because one shared pseudonym for every missing
    value would link unrelated people.

    Parameters
    ----------
    values
        The identifiers; a Series keeps its index and name.
    key
        A secret of at least 16 bytes (a str is encoded as UTF-8), e.g. from
        ``secrets.token_hex(32)``.

    Returns
    -------
    pandas.Series
        Pseudonyms (text, 16 hex characters) or missing, in the order of ``values``.
    """
    secret = key_bytes(key)
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    out = [_pseudonym(secret, value) for value in series.tolist()]
    return pd.Series(out, index=series.index, name=series.name, dtype="str")


def _pseudonym(secret: bytes, value: object) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            value = int(value)
    text = str(value).strip()
    if not text:
        return None
    digest = hmac.new(secret, text.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONIEM_LENGTE]


# --- rounding and suppression of published figures (DESIGN §5) --------------------------

AFRONDING = 5
"""Counts of persons are published in multiples of this number (R1)."""
GEHEIM_TOT_EN_MET = 7
"""Counts of persons with a hulpvraag up to this number are "geheim" (R2)."""
MIN_INWONERS = 10
"""Areas with fewer inhabitants get no figures about persons (R3)."""
MIN_PERSONEN_GEVOELIG = 100
"""Means and shares of sensitive attributes need this many persons behind them (R4)."""


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
        "staan.",
    ),
    "R5": Regel(
        "R5",
        "afgeschermd",
        "Secundaire onderdrukking: is in een kolom precies een buurt van een wijk "
        "verborgen, dan wordt ook de getoonde buurt van die wijk met de minste inwoners "
        "verborgen. Anders is de verborgen waarde terug te rekenen als het cijfer van de "
        "wijk min de andere buurten.",
    ),
}
"""The rules, by code; ``label`` is what a table shows instead of a hidden number."""

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
        support need (R3, R2). ``"aandeel"``: ``teller / noemer`` in percent, computed
        from the published (rounded) counts, hidden where either is hidden (R3, R4 when
        ``gevoelig``). ``"maat"``: a mean, median or share about persons, given raw (R3,
        R4 when ``gevoelig``); a share of persons whose own counts are not published
        names its raw ``teller`` and ``basis`` and is then computed from them rounded
        (R1), "geheim" when ``teller_hulpvraag`` and the teller is 0 to 7 (R2).
        ``"plek"``: a figure about places (voorzieningen, verenigingen), not about
        persons: shown as is. ``"tekst"``: a label about persons
        (R3 only).
    label
        Dutch name for tables, legends and tooltips.
    eenheid
        ``""`` (a number), ``"%"``, ``"m"``, ``"min"``.
    basis
        For ``"maat"``: the raw column with the number of persons behind the figure
        (for R4).
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
        anyway (the CBS number of inhabitants).
    decimalen
        Decimals shown.
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


@dataclass
class Beveiligd:
    """A protected table: the values that may be shown and why the others are hidden.

    Attributes
    ----------
    waarden
        Indexed by area code; numbers (float) or text, NaN/None where hidden or missing.
    status
        Same shape: ``""`` where the value may be shown, else the code of the rule that
        hid it (``"R2"`` ... ``"R5"``).
    kolommen
        The :class:`Kolom` of every column, in order.
    log
        One row per hidden cell: ``regel``, ``kolom``, ``gebied``, ``toelichting``.
    afgerond
        Per column, how many shown counts were rounded (R1).
    """

    waarden: pd.DataFrame
    status: pd.DataFrame
    kolommen: dict[str, Kolom]
    log: pd.DataFrame
    afgerond: dict[str, int] = field(default_factory=dict)

    def weergave(self) -> pd.DataFrame:
        """The table as people see it: numbers where shown, the rule's label where hidden
        (``"geheim"``, ``"te weinig inwoners"``, ...), None where there is no value."""
        out = self.waarden.astype(object).copy()
        for name in out.columns:
            codes = self.status[name]
            hidden = codes != ""
            out.loc[hidden, name] = codes[hidden].map(lambda c: REGELS[str(c)].label)
            shown = ~hidden & out[name].isna()
            out.loc[shown, name] = None
        return out

    def weergave_tekst(self) -> pd.DataFrame:
        """:meth:`weergave` as Dutch text (``"1.234"``, ``"23,5%"``, ``"geheim"``), with the
        column labels as headers."""
        shown = self.weergave()
        # Hidden cells already hold their rule's label, and format_value passes text through.
        out = pd.DataFrame(
            {
                name: shown[name].map(lambda v, k=self.kolommen[name]: format_value(v, k))
                for name in shown.columns
            },
            index=shown.index,
        )
        # Set afterwards: two columns with the same label must not merge into one.
        out.columns = pd.Index([self.kolommen[name].label for name in shown.columns])
        return out

    def verborgen_tekst(self) -> str:
        """How many cells each rule hid, e.g. ``"Verborgen: 1 cel door R2 (geheim), ..."``."""
        if self.log.empty:
            return "Niets verborgen."
        counts = self.log["regel"].value_counts().sort_index()
        parts = [
            f"{n} {'cel' if n == 1 else 'cellen'} door {code} ({REGELS[str(code)].label})"
            for code, n in counts.items()
        ]
        return "Verborgen: " + ", ".join(parts) + "."

    def _repr_html_(self) -> str:
        rounded = sum(self.afgerond.values())
        return card(
            "Beveiligde tabel",
            [
                f"{len(self.waarden)} gebieden, {len(self.kolommen)} kolommen.",
                self.verborgen_tekst(),
                f"R1: {rounded} getoonde aantallen afgerond op {AFRONDING}-tallen.",
            ],
            frame=self.weergave_tekst(),
            footnote="Regels R1-R5: zie sociale_basis.privacy.REGELS.",
        )

    def tekst(self, kolom: str, gebied: object) -> str:
        """One cell as Dutch text: ``"1.234"``, ``"23,5%"``, ``"geheim"`` or ``"onbekend"``."""
        code = str(self.status.at[gebied, kolom])
        if code:
            return REGELS[code].label
        return format_value(self.waarden.at[gebied, kolom], self.kolommen[kolom])


def format_value(value: object, kolom: Kolom) -> str:
    """A shown value as Dutch text (decimal comma, dots between thousands, unit)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "onbekend"
    if not isinstance(value, int | float | np.integer | np.floating):
        return str(value)
    text = f"{float(value):,.{kolom.decimalen}f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    if kolom.eenheid == "%":
        return text + "%"
    return f"{text} {kolom.eenheid}" if kolom.eenheid else text


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


def protect(
    ruw: pd.DataFrame,
    kolommen: Sequence[Kolom],
    *,
    inwoners: pd.Series,
    groep: pd.Series | None = None,
) -> Beveiligd:
    """Apply rules R1-R5 to a raw table per area.

    Parameters
    ----------
    ruw
        Raw figures, indexed by area code; holds every column named by ``kolommen``
        (except the computed ``"aandeel"`` columns) and their ``basis`` columns.
    kolommen
        What to publish and how (:class:`Kolom`), in order.
    inwoners
        Number of inhabitants per area (R3); missing counts as fewer than 10.
    groep
        The parent area per row (the ``wijkcode`` of each buurt) for secondary
        suppression (R5); None for a table without parents published beside it (wijken).

    Returns
    -------
    Beveiligd
        The values that may be shown, the rule that hid each other cell, and a log.

    Examples
    --------
    A wijk W with buurten A (5 inhabitants), B (40), C (300) and D (1,000) that have
    0, 12, 30 and 80 persons with a hulpvraag. A has no figures (R3); B would show 10,
    C 30 and D 80 while the wijk shows 120, so A = 120 - 10 - 30 - 80 = 0 could be
    recovered. R5 therefore also hides B, the shown buurt with the fewest inhabitants:
    the difference 120 - 30 - 80 = 10 is then A and B together.
    """
    index = ruw.index
    small = pd.to_numeric(inwoners.reindex(index), errors="coerce").fillna(0) < MIN_INWONERS
    values: dict[str, pd.Series] = {}
    status: dict[str, pd.Series] = {}
    changed: dict[str, pd.Series] = {}
    log: list[tuple[str, str, object, str]] = []
    spec = {k.naam: k for k in kolommen}
    unknown = [
        c
        for k in kolommen
        for c in (
            k.naam if k.soort != "aandeel" else None,
            k.basis,
            k.teller if k.soort == "maat" else None,
        )
        if c is not None and c not in ruw.columns
    ]
    if unknown:
        raise KeyError(f"kolommen ontbreken in de tabel: {', '.join(sorted(set(unknown)))}")

    def primary(k: Kolom) -> None:
        codes = pd.Series("", index=index, dtype=object)
        if k.soort == "plek":
            values[k.naam] = ruw[k.naam]
            status[k.naam] = codes
            return
        codes[small.to_numpy()] = "R3"
        if k.soort == "tekst":
            values[k.naam] = ruw[k.naam].where(codes == "", None)
        elif k.soort in ("aantal", "hulpvraag"):
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.soort == "hulpvraag":
                codes[(codes == "") & (raw <= GEHEIM_TOT_EN_MET)] = "R2"
            rounded = round_to_base(raw)
            changed[k.naam] = (rounded != raw) & raw.notna()
            values[k.naam] = rounded.where(codes == "")
        elif k.soort == "maat":
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.gevoelig:
                basis = _basis(ruw, k)
                codes[(codes == "") & (basis < MIN_PERSONEN_GEVOELIG)] = "R4"
            if k.teller is not None:
                raw = _rounded_share(ruw, k, codes)
            values[k.naam] = raw.where(codes == "")
        status[k.naam] = codes

    def share(k: Kolom) -> None:
        if k.teller not in values or k.noemer not in values:
            raise KeyError(
                f"aandeel '{k.naam}': teller '{k.teller}' en noemer '{k.noemer}' moeten "
                "eerder in kolommen staan, als aantal of hulpvraag"
            )
        t, n = values[k.teller], values[k.noemer]
        codes = status[k.teller].where(status[k.teller] != "", status[k.noemer]).copy()
        if k.gevoelig:
            raw_n = pd.to_numeric(ruw[k.noemer], errors="coerce").fillna(0)
            codes[(codes == "") & (raw_n < MIN_PERSONEN_GEVOELIG)] = "R4"
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = (t / n * 100).where(n > 0)
        values[k.naam] = pct.where(codes == "")
        status[k.naam] = codes

    base = [k for k in kolommen if k.soort != "aandeel"]
    derived = [k for k in kolommen if k.soort == "aandeel"]
    for k in base:
        primary(k)
    if groep is not None:
        for k in base:
            _secondary(k, values, status, inwoners.reindex(index), groep.reindex(index))
    for k in derived:
        share(k)
    if groep is not None:
        for k in derived:
            _secondary(k, values, status, inwoners.reindex(index), groep.reindex(index))

    afgerond = {name: int((mask & (status[name] == "")).sum()) for name, mask in changed.items()}
    for k in kolommen:
        for area, code in status[k.naam][status[k.naam] != ""].items():
            log.append((code, k.naam, area, REGELS[code].label))
    order = [k.naam for k in kolommen]
    return Beveiligd(
        waarden=pd.DataFrame({c: values[c] for c in order}, index=index),
        status=pd.DataFrame({c: status[c] for c in order}, index=index),
        kolommen=spec,
        log=pd.DataFrame(log, columns=["regel", "kolom", "gebied", "toelichting"]),
        afgerond=afgerond,
    )


def _rounded_share(ruw: pd.DataFrame, k: Kolom, codes: pd.Series) -> pd.Series:
    """A ``"maat"`` share from its raw counts: ``round(teller) / round(basis)`` (R1), in
    percent when the unit is ``%``; sets R2 in ``codes`` where a hulpvraag teller is 0-7."""
    teller = pd.to_numeric(ruw[k.teller], errors="coerce").astype(float)
    noemer = round_to_base(_basis(ruw, k).astype(float))
    if k.teller_hulpvraag:
        codes[(codes == "") & (teller <= GEHEIM_TOT_EN_MET)] = "R2"
    factor = 100.0 if k.eenheid == "%" else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return (round_to_base(teller) / noemer * factor).where(noemer > 0)


def _basis(ruw: pd.DataFrame, k: Kolom) -> pd.Series:
    if k.basis is None:
        raise ValueError(
            f"kolom '{k.naam}' is gevoelig maar noemt geen basis (het aantal personen "
            "erachter); geef Kolom(..., basis='kolomnaam')"
        )
    return pd.to_numeric(ruw[k.basis], errors="coerce").fillna(0)


def _secondary(
    k: Kolom,
    values: dict[str, pd.Series],
    status: dict[str, pd.Series],
    inwoners: pd.Series,
    groep: pd.Series,
) -> None:
    """R5 in place: in each parent with exactly one hidden row, hide the smallest shown one.

    "Smallest" is by number of inhabitants (public), ties broken by area code, so the
    choice itself says nothing about the hidden value. Only rows that show a value count:
    hiding an empty cell protects nothing.
    """
    if not k.secundair or k.soort == "plek":
        return
    codes = status[k.naam]
    shown = (codes == "") & values[k.naam].notna()
    size = pd.to_numeric(inwoners, errors="coerce").fillna(0)
    for _, rows in groep.groupby(groep, sort=True).groups.items():
        hidden = codes.loc[rows] != ""
        if int(hidden.sum()) != 1:
            continue
        candidates = [r for r in rows if shown.at[r]]
        if not candidates:
            continue
        pick = min(candidates, key=lambda r: (size.at[r], str(r)))
        codes.at[pick] = "R5"
        values[k.naam].at[pick] = np.nan


def disclosure_report(tabellen: dict[str, Beveiligd], *, titel: str) -> str:
    """A short Markdown report: which rule hid what, per table and column.

    Parameters
    ----------
    tabellen
        Name (``"buurten: bevolking"``) -> protected table.
    titel
        First heading, e.g. ``"Afscherming Delft"``.
    """
    lines = [f"# {titel}", "", "Welke regels zijn toegepast en wat ze verborgen hebben.", ""]
    lines += ["## Regels", ""]
    lines += [f"- **{r.code}** {r.uitleg}" for r in REGELS.values()]
    lines.append("")
    for naam, tabel in tabellen.items():
        lines += [f"## {naam}", ""]
        rounded = sum(tabel.afgerond.values())
        lines.append(f"- R1: {rounded} getoonde aantallen afgerond op {AFRONDING}-tallen.")
        if tabel.log.empty:
            lines += ["- Niets verborgen.", ""]
            continue
        for code, part in tabel.log.groupby("regel", sort=True):
            per_kolom = part.groupby("kolom", sort=False)["gebied"].apply(list)
            lines.append(f"- {code} ({REGELS[str(code)].label}): {len(part)} cellen verborgen.")
            for kolom, gebieden in per_kolom.items():
                label = tabel.kolommen[str(kolom)].label
                shown = ", ".join(map(str, gebieden[:12]))
                more = f" en {len(gebieden) - 12} andere" if len(gebieden) > 12 else ""
                lines.append(f"  - {label} (`{kolom}`): {shown}{more}")
        lines.append("")
    return "\n".join(lines)

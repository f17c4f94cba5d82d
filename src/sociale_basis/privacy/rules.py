"""Privacy rules: keyed pseudonyms, which columns and values identify a person, and the
rounding and suppression of every published figure (DESIGN §5).

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
import unicodedata
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

# --- what identifies a person: column names and values (DESIGN §5) ----------------------

IDENTIFICERENDE_WOORDEN: dict[str, str] = {
    **dict.fromkeys(
        (
            "naam", "name", "voornaam", "voornamen", "achternaam", "roepnaam", "voorletters",
            "initialen", "tussenvoegsel", "geslachtsnaam", "familienaam", "meisjesnaam",
            "volledigenaam", "firstname", "lastname", "surname", "fullname", "givenname",
        ),
        "naam",
    ),
    **dict.fromkeys(
        (
            "adres", "woonadres", "straat", "straatnaam", "huisnr", "huisnummer", "huisletter",
            "huisnummertoevoeging", "postcode", "address", "street", "housenumber", "zipcode",
            "zip", "postalcode",
        ),
        "adres",
    ),
    **dict.fromkeys(
        ("bsn", "burgerservice", "burgerservicenummer", "sofi", "sofinummer", "anummer", "ssn"),
        "BSN",
    ),
    **dict.fromkeys(
        (
            "geb", "geboorte", "geboortedatum", "gebdatum", "gebdat", "geboortedag", "dob",
            "birth", "birthdate", "birthday", "dateofbirth",
        ),
        "geboortedatum",
    ),
    **dict.fromkeys(
        (
            "tel", "telnr", "telefoon", "telefoonnummer", "telefoonnr", "mobiel", "mobielnummer",
            "mobielnr", "gsm", "phone", "telephone", "mobile",
        ),
        "telefoonnummer",
    ),
    **dict.fromkeys(("mail", "email", "emailadres", "mailadres"), "e-mailadres"),
    **dict.fromkeys(
        ("iban", "rekeningnummer", "rekeningnr", "bankrekening", "paspoort", "paspoortnummer",
         "documentnummer"),
        "rekening- of documentnummer",
    ),
}  # fmt: skip
"""Words of a column name that say the column identifies a person, and what it holds.

A name is split into words (:func:`column_words`); ``"naam_inwoner"``, ``"telnr_mobiel"``,
``"geb_dat"`` and ``"clientNaam"`` each hold such a word. See :func:`identifying_kind` for
the words that make one of them harmless (``"buurt_naam"``, ``"adres_id"``)."""

_PLEK_WOORDEN = frozenset(
    {
        "wijk", "buurt", "wk", "bu", "gemeente", "gm", "gebied", "regio", "vereniging",
        "club", "voorziening", "organisatie", "org", "school", "locatie", "plek", "team",
        "bron", "soort", "categorie", "rol", "activiteit", "project", "bestand", "kolom",
        "laag", "dataset",
    }
)  # fmt: skip

ONSCHULDIG_NAAST: dict[str, frozenset[str]] = {
    # the name of a place or an organisation, not of a person ("buurt_naam", "team naam")
    "naam": _PLEK_WOORDEN,
    "name": _PLEK_WOORDEN,
    # a key to the (public) address points of the bundle, like x/y
    "adres": frozenset({"id", "key"}),
    "address": frozenset({"id", "key"}),
    # a postcode area (4 digits) holds thousands of people
    "postcode": frozenset({"4", "pc4", "gebied"}),
    # year or country of birth: no date
    "geb": frozenset({"jaar", "year", "jr", "land", "country", "plaats", "place"}),
    "geboorte": frozenset({"jaar", "year", "jr", "land", "country", "plaats", "place"}),
    "birth": frozenset({"jaar", "year", "jr", "land", "country", "plaats", "place"}),
    # "minder mobiel": mobility, not a phone
    "mobiel": frozenset({"minder", "slecht", "beperkt", "niet", "wel", "goed"}),
}
"""Words that make an identifying word harmless when they stand beside it."""

PERSOON_WOORDEN = frozenset(
    {
        "client", "inwoner", "persoon", "persoons", "partner", "ouder", "kind", "bewoner",
        "contact", "contactpersoon", "mantelzorger", "patient", "deelnemer", "lid", "moeder",
        "vader", "familie", "person", "user", "gebruiker", "medewerker", "professional",
    }
)  # fmt: skip
"""Words that, glued to "naam" (``clientnaam``, ``naaminwoner``), make a person's name."""

# Long, unambiguous words that identify also inside a longer word ("telefoonprive").
_STAMMEN = (
    "voornaam", "achternaam", "roepnaam", "tussenvoegsel", "geslachtsnaam", "meisjesnaam",
    "familienaam", "burgerservice", "sofinummer", "geboortedatum", "gebdatum", "geboortedag",
    "birthdate", "dateofbirth", "telefoon", "telnr", "mobielnummer", "email", "mailadres",
    "huisnummer", "huisnr", "straatnaam", "woonadres", "rekeningnummer", "paspoort",
    "firstname", "lastname", "surname", "fullname",
)  # fmt: skip


def column_words(name: str) -> list[str]:
    """The words of a column name: split on ``_``, ``-``, ``.``, white space, camelCase and
    between letters and digits; lower case, accents removed.

    ``"naamInwoner"`` gives ``["naam", "inwoner"]``, ``"BSN-nr"`` ``["bsn", "nr"]``,
    ``"Cliënt naam"`` ``["client", "naam"]``, ``"tel1"`` ``["tel", "1"]``.
    """
    text = unicodedata.normalize("NFKD", str(name).strip())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    text = re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", text)
    return [w for w in re.split(r"[\W_]+", text.lower()) if w]


def normalise_column(name: str) -> str:
    """A column name as one word: ``"E-mail"``, ``"Geboorte datum"`` and ``"ACHTER_NAAM"``
    become ``"email"``, ``"geboortedatum"`` and ``"achternaam"``."""
    return "".join(column_words(name))


def identifying_kind(name: str) -> str | None:
    """What a column identifies, judged by its name: ``"naam"``, ``"adres"``, ``"BSN"``,
    ``"geboortedatum"``, ``"telefoonnummer"``, ``"e-mailadres"``, ``"rekening- of
    documentnummer"``; None for a column that does not say so.

    A column identifies when one of its words (:func:`column_words`), or all its words
    together (``"achter naam"``), is in :data:`IDENTIFICERENDE_WOORDEN`, unless a word of
    :data:`ONSCHULDIG_NAAST` stands beside it (``"buurt_naam"``, ``"adres_id"``,
    ``"geboorte_jaar"``, ``"minder_mobiel"``); also when a word contains a long identifying
    word (``"telefoonprive"``) or glues "naam" to a person (``"clientnaam"``,
    ``"naaminwoner"``).

    Examples
    --------
    >>> [identifying_kind(n) for n in ("naam_inwoner", "geb_dat", "buurtnaam", "adres_id")]
    ['naam', 'geboortedatum', None, None]
    """
    words = column_words(name)
    present = set(words)
    joined = "".join(words)
    if joined in IDENTIFICERENDE_WOORDEN and len(words) > 1:
        return IDENTIFICERENDE_WOORDEN[joined]
    for word in words:
        kind = IDENTIFICERENDE_WOORDEN.get(word)
        if kind is not None and not (ONSCHULDIG_NAAST.get(word, frozenset()) & present):
            return kind
        for stem in _STAMMEN:
            if stem in word:
                return IDENTIFICERENDE_WOORDEN.get(stem, "naam")
        for end in ("naam", "name"):
            rest = word.removesuffix(end) if word.endswith(end) else word.removeprefix(end)
            if rest != word and rest in PERSOON_WOORDEN:
                return "naam"
    return None


def is_identifying(name: str) -> bool:
    """True when a column name says the column identifies a person (see
    :func:`identifying_kind`)."""
    return identifying_kind(name) is not None


# --- identifiers in the values ----------------------------------------------------------

_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
# Dutch phone numbers: +31/0031 or 0, then 9 digits with spaces or hyphens between them;
# also "(015) 2123456". Not inside a longer number, a date or a time.
_TELEFOON = re.compile(
    r"(?<![\w+])(?<!\d[.,:/\-])"
    r"(?:(?:\+|00)31[ \-]?(?:\(0\)[ \-]?)?[1-9](?:[ \-]?\d){8}"
    r"|0[1-9](?:[ \-]?\d){8}"
    r"|\(0[1-9]\d{1,2}\) ?\d(?:[ \-]?\d){5,6})"
    r"(?!\w|[.,:/\-]\d)"
)
_IBAN_NL = re.compile(r"(?<![A-Za-z0-9])NL ?\d{2} ?[A-Z]{4}(?: ?\d){10}(?![A-Za-z0-9])", re.I)
# IBAN countries near the Netherlands (Europe); others are not looked for.
_IBAN_LANDEN = (
    "AT|BE|BG|CH|CY|CZ|DE|DK|EE|ES|FI|FR|GB|GR|HR|HU|IE|IS|IT|LI|LT|LU|LV|MT|NO|PL|PT|RO|SE|"
    "SI|SK|TR"
)
_IBAN = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_IBAN_LANDEN})\d{{2}}(?:[A-Z0-9]{{11,30}}|(?: [A-Z0-9]{{4}}){{2,7}}"
    r"(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])"
)
# A postcode with a house number, either order: "2611 AB 12", "Markt 12, 2611 AB Delft"
# (the comma keeps "groep 12 2024 OK" out).
_POSTCODE = r"[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})"
_POSTCODE_HUISNUMMER = re.compile(
    rf"(?<!\w){_POSTCODE}[ ,]*\d{{1,5}}(?!\d)|(?<![\w.,])\d{{1,5}}[A-Za-z]?, ?{_POSTCODE}(?!\w)"
)
_NEGEN_CIJFERS = re.compile(
    r"(?<![\d.,])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?!\d|[.,]\d)"
)
_GETAL = re.compile(r"-?\d+(?:[.,]\d+)?")

_OMSCHRIJVING = {
    "BSN": "burgerservicenummers (BSN, 11-proef)",
    "telefoonnummer": "telefoonnummers",
    "e-mailadres": "e-mailadressen",
    "IBAN": "rekeningnummers (IBAN)",
    "postcode met huisnummer": "adressen (postcode met huisnummer)",
}


@dataclass(frozen=True)
class Treffer:
    """Identifiers found in the values of one column.

    Attributes
    ----------
    soort
        ``"BSN"``, ``"telefoonnummer"``, ``"e-mailadres"``, ``"IBAN"`` or
        ``"postcode met huisnummer"``.
    positie
        Position (0-based) of the first value that holds one.
    voorbeeld
        That identifier, masked (:func:`mask`): safe to show in a message.
    aantal, ingevuld
        Values that hold one, and values that are filled in.
    """

    soort: str
    positie: int
    voorbeeld: str
    aantal: int
    ingevuld: int

    @property
    def omschrijving(self) -> str:
        """What was found, in Dutch: ``"telefoonnummers"``."""
        return _OMSCHRIJVING[self.soort]


def mask(text: str) -> str:
    """An identifier with its middle hidden: ``"0612345678"`` gives ``"06******78"``.

    Ten characters or more keep two at each end, five to nine keep one, shorter ones
    nothing; at most ten ``*`` are shown, so a long value does not show its length.
    """
    text = str(text)
    keep = 2 if len(text) >= 10 else 1 if len(text) >= 5 else 0
    stars = "*" * min(max(len(text) - 2 * keep, 1), 10)
    return text[:keep] + stars + (text[-keep:] if keep else "")


def passes_elfproef(digits: str) -> bool:
    """True for nine digits that pass the BSN 11-proef: 9a + 8b + ... + 2h - i is a
    multiple of 11 (and not all zero). ``"123456782"`` passes, ``"123456789"`` does not."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and int(digits) > 0


def valid_iban(text: str) -> bool:
    """True when an IBAN's check digits are right (ISO 13616, modulo 97)."""
    code = re.sub(r"\s", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", code):
        return False
    moved = code[4:] + code[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _phone(match: str) -> bool:
    """A phone candidate with ten digits (the 0 included) and at most one hyphen (two after
    +31), so a date such as ``06-12-2024 10`` is none."""
    digits = re.sub(r"\D", "", match)
    international = match.startswith(("+31", "0031"))
    if international:
        digits = "0" + digits[2 if match.startswith("+") else 4 :]
        if digits.startswith("00"):  # "+31 (0)6 ...": the (0) is not dialled
            digits = digits[1:]
    return len(digits) == 10 and digits[1] != "0" and match.count("-") <= 1 + international


def _in_text(text: str) -> tuple[str, str] | None:
    """The first clear identifier in a text: (kind, the identifier)."""
    if "@" in text:
        found = _EMAIL.search(text)
        if found:
            return "e-mailadres", found.group()
    for pattern in (_IBAN_NL, _IBAN):
        for found in pattern.finditer(text):
            if valid_iban(found.group()):
                return "IBAN", found.group()
    for found in _TELEFOON.finditer(text):
        if _phone(found.group()):
            return "telefoonnummer", found.group()
    found = _POSTCODE_HUISNUMMER.search(text)
    if found:
        return "postcode met huisnummer", found.group()
    return None


def _scan(text: str) -> tuple[str, str | None]:
    """One text that is not a plain number: (kind, identifier). ``kind`` is ``""`` for
    nothing and ``"9"`` for nine digits that fail the 11-proef."""
    if _GETAL.fullmatch(text):
        return "", None
    clear = _in_text(text)
    if clear is not None:
        return clear
    nine = [m.group() for m in _NEGEN_CIJFERS.finditer(text)]
    for candidate in nine:
        if passes_elfproef(re.sub(r"\D", "", candidate)):
            return "BSN", candidate
    return ("9", None) if nine else ("", None)


def _bare_numbers(texts: list[str], kinds: np.ndarray, bare: np.ndarray) -> None:
    """Kinds of the plain numbers of 9, 10 or 13 digits, at once (a BSN column has a
    million of them): a BSN (11-proef) or other nine digits, or a phone number
    (``0612345678``, ``0031612345678``). Sets ``kinds`` and ``bare`` in place."""
    ascii_texts = [t if t.isascii() else "" for t in texts]
    chars = np.array(ascii_texts, dtype="S13") if texts else np.zeros(0, dtype="S13")
    digits = np.char.isdigit(chars)
    lengths = np.char.str_len(chars)
    at = np.flatnonzero(digits & (lengths == 9))
    if len(at):
        matrix = chars[at].view(np.uint8).reshape(len(at), 13)[:, :9].astype(np.int64) - 48
        total = matrix @ np.array([9, 8, 7, 6, 5, 4, 3, 2, -1])
        ok = (total % 11 == 0) & (matrix.sum(axis=1) > 0)
        kinds[at] = np.where(ok, "BSN", "9")
    national = (lengths == 10) & np.char.startswith(chars, b"0") & ~np.char.startswith(chars, b"00")
    international = (lengths == 13) & np.char.startswith(chars, b"0031")
    international &= ~np.char.startswith(chars, b"00310")
    kinds[np.flatnonzero(digits & (national | international))] = "telefoonnummer"
    bare[np.flatnonzero(digits)] = True


def identifying_values(values: Iterable[object]) -> Treffer | None:
    """Identifiers of persons in the values of one column, or None.

    A column is judged identifying when

    - one value holds an e-mail address, an IBAN with the right check digits, a postcode
      with a house number (``2611 AB 12``, ``Markt 12, 2611 AB``), or a Dutch phone number
      written as one (``06-12345678``, ``+31 6 12345678``, ``(015) 2123456``, or inside a
      text);
    - at least half of the values with nine digits (alone or in a text, also written
      ``1234.56.782``) are a BSN that passes the 11-proef: random nine-digit ids pass
      it one time in eleven;
    - at least half of the filled values are bare phone numbers (only 10 digits, starting
      with 0 and not 00).

    Numbers with other lengths (ids, counts, years, inhabitants), decimal numbers
    (coordinates), dates, times and CBS area codes (``BU05031208``) never count.

    Parameters
    ----------
    values
        The cells of one column, as read (text or numbers); missing values are skipped.

    Returns
    -------
    Treffer or None
        The first kind found (in the order BSN, phone, e-mail, IBAN, postcode with house
        number), with a masked example.
    """
    series = pd.Series(values.to_numpy() if isinstance(values, pd.Series) else list(values))
    series = series.astype(object)
    present = series.notna().to_numpy()
    if not present.any():
        return None
    codes, uniques = pd.factorize(series[present])
    texts = [u if isinstance(u, str) else _as_text(u) for u in uniques]
    counts = np.bincount(codes, minlength=len(texts))
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    filled = int(counts[lengths > 0].sum())
    kinds = np.full(len(texts), "", dtype=object)
    bare = np.zeros(len(texts), dtype=bool)
    # Numbers (ids, counts, coordinates) are sorted out by C; only the 9, 10 and 13 digit
    # ones can be an identifier. Text, and "+31 ..." numbers, are looked at one by one.
    long = np.flatnonzero(lengths >= 6)
    numeric = np.zeros(len(texts), dtype=bool)
    numeric[long] = (
        pd.to_numeric(pd.Series([texts[i] for i in long], dtype=object), errors="coerce")
        .notna()
        .to_numpy()
    )
    sizes = np.flatnonzero(numeric & np.isin(lengths, (9, 10, 13)))
    part_kinds = np.full(len(sizes), "", dtype=object)
    part_bare = np.zeros(len(sizes), dtype=bool)
    _bare_numbers([texts[i] for i in sizes], part_kinds, part_bare)
    kinds[sizes], bare[sizes] = part_kinds, part_bare
    found: dict[int, str] = {}
    for i in long:
        text = texts[i]
        if numeric[i] and text[0] != "+":
            continue
        kind, identifier = _scan(text)
        kinds[i] = kind
        if identifier is not None:
            found[int(i)] = identifier

    def weight(which: np.ndarray) -> int:
        return int(counts[which].sum())

    bsn = kinds == "BSN"
    phone = kinds == "telefoonnummer"
    flagged: list[tuple[str, np.ndarray]] = []
    if bsn.any() and 2 * weight(bsn) >= weight(bsn | (kinds == "9")):
        flagged.append(("BSN", bsn))
    if (phone & ~bare).any():
        flagged.append(("telefoonnummer", phone & ~bare))
    elif phone.any() and 2 * weight(phone) >= filled:
        flagged.append(("telefoonnummer", phone))
    for kind in ("e-mailadres", "IBAN", "postcode met huisnummer"):
        if (kinds == kind).any():
            flagged.append((kind, kinds == kind))
    if not flagged:
        return None
    kind, which = flagged[0]
    first = int(np.flatnonzero(which[codes])[0])
    unique = int(codes[first])
    return Treffer(
        soort=kind,
        positie=int(np.flatnonzero(present)[first]),
        voorbeeld=mask(found.get(unique, texts[unique])),
        aantal=weight(which),
        ingevuld=filled,
    )


def _as_text(value: object) -> str:
    """A cell as text; a whole float from a GeoPackage (``123456782.0``) without ``.0``."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


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

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
from collections.abc import Callable, Iterable, Sequence
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
        "tellen als bescherming (een lege buurt telt niet).",
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


AUDIT_KOLOMMEN = ["kolom", "gebied", "regel", "laagste", "hoogste", "vereist", "in_orde"]
"""Columns of :attr:`Beveiligd.audit`."""


def _empty_audit() -> pd.DataFrame:
    return pd.DataFrame(columns=AUDIT_KOLOMMEN)


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
    audit
        The interval audit of secondary suppression: one row per count hidden by R2, R3
        or R4 (or the teller of such a share): ``kolom``, ``gebied``, ``regel``,
        ``laagste`` and ``hoogste`` (the smallest and largest whole value that agrees with
        every published figure of the tables protected together), ``vereist`` (the width
        that ``hoogste - laagste`` must reach, see :data:`MIN_BREEDTE`) and ``in_orde``.
        Internal: the report gives only widths per column.
    """

    waarden: pd.DataFrame
    status: pd.DataFrame
    kolommen: dict[str, Kolom]
    log: pd.DataFrame
    afgerond: dict[str, int] = field(default_factory=dict)
    audit: pd.DataFrame = field(default_factory=_empty_audit)

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
    flags (:mod:`sociale_basis.gaps_basis`), so both publish the same number.

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


@dataclass
class Laag:
    """One level of areas to protect together with the others (:func:`protect_levels`).

    Attributes
    ----------
    ruw
        Raw figures, indexed by area code (see ``ruw`` of :func:`protect`).
    kolommen
        What to publish and how.
    inwoners
        Number of inhabitants per area (R3); missing counts as fewer than 10.
    ouder
        The area of the next level that each area lies in (the ``wijkcode`` of each
        buurt); None for the top level.
    bovengrens
        A public, exact number of persons per area that bounds every count of the table
        (the CBS inhabitants, when the persons in the data are exactly those); None when
        nothing public bounds the counts. The audit uses it as what a reader knows anyway:
        a count in an area of 0 inhabitants is known to be 0 and protects nothing.
    verbergbaar
        Whether secondary suppression may hide cells of this level. False for totals
        that are assumed to be published elsewhere as they are (see :func:`protect`).
    """

    ruw: pd.DataFrame
    kolommen: Sequence[Kolom]
    inwoners: pd.Series
    ouder: pd.Series | None = None
    bovengrens: pd.Series | None = None
    verbergbaar: bool = True


def protect(
    ruw: pd.DataFrame,
    kolommen: Sequence[Kolom],
    *,
    inwoners: pd.Series,
    groep: pd.Series | None = None,
    bovengrens: pd.Series | None = None,
    min_personen: int = MIN_PERSONEN_GEVOELIG,
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
        The parent area per row (the ``wijkcode`` of each buurt). The totals of each
        parent (the sums of its rows, protected by the same primary rules) are then taken
        as published elsewhere, and secondary suppression (R5) hides cells of this table
        until no hidden cell can be narrowed by subtracting. None for a table without
        parents (wijken alone). To protect buurten and wijken as they are really published
        together, use :func:`protect_levels`.
    bovengrens
        See :class:`Laag`.
    min_personen
        R4's minimum; only stricter than :data:`MIN_PERSONEN_GEVOELIG` (100).

    Returns
    -------
    Beveiligd
        The values that may be shown, the rule that hid each other cell, a log and the
        interval audit.

    Examples
    --------
    A wijk W with buurten A (5 inhabitants), B (40), C (300) and D (1,000) that have
    0, 12, 30 and 80 persons with a hulpvraag. A has no figures (R3). The wijk total 122
    is taken as published as 120 (so 118-122), B as 10 (8-12), C as 30 (28-32) and D as
    80 (78-82): A = W - B - C - D lies between 118 - 126 = -8 and 122 - 114 = 8, so 0-8,
    wide enough (:data:`MIN_BREEDTE`): nothing more is hidden. In a wijk V with E (6,
    "geheim") and F (44, shown as 45), E = V - F would be 1-7; F is hidden as well (R5).
    """
    laag = Laag(ruw, kolommen, inwoners, ouder=groep, bovengrens=bovengrens)
    if groep is None:
        return protect_levels([laag], min_personen=min_personen)[0]
    return protect_levels([laag, _parent_level(laag)], min_personen=min_personen)[0]


def _parent_level(laag: Laag) -> Laag:
    """The totals per parent of a level: the sums of its counts (and of the counts behind
    its shares), as the level above would publish them."""
    assert laag.ouder is not None
    ouder = laag.ouder.reindex(laag.ruw.index)
    keep: list[Kolom] = []
    columns: list[str] = []
    for k in laag.kolommen:
        if k.soort in ("aantal", "hulpvraag"):
            keep.append(k)
            columns += [c for c in (k.naam, k.basis) if c is not None]
        elif k.soort == "maat" and k.teller is not None and k.optelbaar:
            keep.append(k)
            columns += [c for c in (k.teller, k.basis) if c is not None]
    names = {k.naam for k in keep}
    keep += [k for k in laag.kolommen if k.soort == "aandeel" and {k.teller, k.noemer} <= names]
    numbers = laag.ruw[sorted(set(columns))].apply(pd.to_numeric, errors="coerce").fillna(0)
    sums = numbers.groupby(ouder.to_numpy()).sum()
    for k in keep:
        if k.soort == "maat":  # a share of counts is computed from its summed counts
            sums[k.naam] = np.nan
    inwoners = pd.to_numeric(laag.inwoners.reindex(laag.ruw.index), errors="coerce")
    bovengrens = None
    if laag.bovengrens is not None:
        bound = pd.to_numeric(laag.bovengrens.reindex(laag.ruw.index), errors="coerce")
        bovengrens = bound.groupby(ouder.to_numpy()).sum()
    return Laag(
        sums,
        keep,
        inwoners.groupby(ouder.to_numpy()).sum(min_count=1).reindex(sums.index),
        bovengrens=bovengrens,
        verbergbaar=False,
    )


def protect_levels(
    lagen: Sequence[Laag], *, min_personen: int = MIN_PERSONEN_GEVOELIG
) -> list[Beveiligd]:
    """Apply rules R1-R5 to the tables of several levels that are published together.

    Primary suppression (R1-R4) is applied per level. Secondary suppression (R5) is then
    decided over all levels at once, by an interval audit: every count hidden by R2, R3
    or R4 (and the teller of every such share) must keep a width of at least
    :data:`MIN_BREEDTE` between the smallest and largest whole value that agree with
    every published figure (see :func:`feasible_interval`). While one does not, one more
    published cell is hidden (see :func:`_pick_partner` for the order), until all pass.

    What the audit knows, as a reader would:

    - a shown count ``r`` lies in ``r-2 .. r+2`` (rounding to 5); a shown count of
      persons with a hulpvraag is also at least 8 (else it would be "geheim");
    - a "geheim" count lies in 0-7; an "afgeschermd" (R5) hulpvraag count is at least 8;
      any other hidden count lies between 0 and the public :attr:`Laag.bovengrens`;
    - a figure with ``secundair=False`` is public: known exactly;
    - a wijk's count is the sum of its buurten's (``optelbaar``); in a row, a
      ``deel_van`` count is at most the count it is part of, and a ``som_van_delen``
      count is the sum of its parts;
    - a shown share with a ``teller`` gives away its teller rounded to 5 (its basis is
      published elsewhere, rounded): that teller is audited as a shown count.

    Means without a teller (distances, degrees) are not counts: for them the earlier rule
    applies: in a parent with exactly one hidden area that has a value, the shown area
    with the fewest inhabitants is hidden too (R5).

    Parameters
    ----------
    lagen
        The levels from the lowest up (buurten, then wijken); every level but the last
        names its ``ouder`` in the next.
    min_personen
        R4's minimum; only stricter than :data:`MIN_PERSONEN_GEVOELIG` (100).

    Returns
    -------
    list of Beveiligd
        One per level, in the order given, each with its part of the audit.

    Raises
    ------
    ValueError
        ``min_personen`` below 100, a level without ``ouder`` below the top (or one with
        it at the top), or raw counts that break a declared sum.
    KeyError
        Columns named by ``kolommen`` that are missing.
    """
    if min_personen < MIN_PERSONEN_GEVOELIG:
        raise ValueError(
            f"min_personen is {min_personen}; de privacyregel R4 vraagt minstens "
            f"{MIN_PERSONEN_GEVOELIG} (alleen strenger in te stellen)"
        )
    for i, laag in enumerate(lagen):
        top = i == len(lagen) - 1
        if (laag.ouder is None) != top:
            raise ValueError(
                "elke laag behalve de bovenste noemt zijn ouder (bijv. de wijkcode van elke "
                "buurt), en de bovenste niet; geef de lagen van laag naar hoog"
            )
    states = [_primary(laag, min_personen) for laag in lagen]
    audits = _secondary_counts(lagen, states)
    for laag, state in zip(lagen, states, strict=True):
        _shares(laag, state, min_personen)
    for laag, state in zip(lagen[:-1], states[:-1], strict=True):
        _secondary_means(laag, state)
    return [
        _assemble(laag, state, audit)
        for laag, state, audit in zip(lagen, states, audits, strict=True)
    ]


@dataclass
class _State:
    """The values and rule codes of one level while it is being protected."""

    index: pd.Index
    values: dict[str, pd.Series]
    status: dict[str, pd.Series]
    changed: dict[str, pd.Series]


def _primary(laag: Laag, min_personen: int) -> _State:
    """R1-R4 per column of one level; a sensitive share that R4 hides hides its teller."""
    ruw, kolommen = laag.ruw, laag.kolommen
    index = ruw.index
    inwoners = pd.to_numeric(laag.inwoners.reindex(index), errors="coerce").fillna(0)
    small = inwoners < MIN_INWONERS
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
    unknown += [
        k.deel_van
        for k in kolommen
        if k.deel_van is not None
        and (k.deel_van not in spec or spec[k.deel_van].soort not in ("aantal", "hulpvraag"))
    ]
    if unknown:
        raise KeyError(f"kolommen ontbreken in de tabel: {', '.join(sorted(set(unknown)))}")
    state = _State(index, {}, {}, {})
    for k in kolommen:
        if k.soort == "aandeel":
            continue
        codes = pd.Series("", index=index, dtype=object)
        if k.soort == "plek":
            state.values[k.naam] = ruw[k.naam]
            state.status[k.naam] = codes
            continue
        codes[small.to_numpy()] = "R3"
        if k.soort == "tekst":
            state.values[k.naam] = ruw[k.naam].where(codes == "", None)
        elif k.soort in ("aantal", "hulpvraag"):
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.soort == "hulpvraag":
                if k.gevoelig:
                    codes[(codes == "") & (_basis(ruw, k) < min_personen)] = "R4"
                codes[(codes == "") & (raw <= GEHEIM_TOT_EN_MET)] = "R2"
            rounded = round_to_base(raw)
            state.changed[k.naam] = (rounded != raw) & raw.notna()
            state.values[k.naam] = rounded
        elif k.soort == "maat":
            raw = pd.to_numeric(ruw[k.naam], errors="coerce").astype(float)
            if k.teller is not None:
                teller = pd.to_numeric(ruw[k.teller], errors="coerce").astype(float)
                value, rule = share_rule(
                    teller.to_numpy(),
                    _basis(ruw, k).to_numpy(),
                    hulpvraag=k.teller_hulpvraag,
                    min_personen=min_personen if k.gevoelig else None,
                    factor=100.0 if k.eenheid == "%" else 1.0,
                )
                codes[(codes == "").to_numpy() & (rule != "")] = rule[
                    (codes == "").to_numpy() & (rule != "")
                ]
                raw = pd.Series(value, index=index)
            elif k.gevoelig:
                codes[(codes == "") & (_basis(ruw, k) < min_personen)] = "R4"
            state.values[k.naam] = raw
        state.status[k.naam] = codes
    # a sensitive share that R4 hides must not leave its teller beside its noemer
    for k in kolommen:
        if k.soort != "aandeel" or not k.gevoelig:
            continue
        if k.teller not in state.status or k.noemer not in state.status:
            raise KeyError(
                f"aandeel '{k.naam}': teller '{k.teller}' en noemer '{k.noemer}' moeten "
                "eerder in kolommen staan, als aantal of hulpvraag"
            )
        raw_n = pd.to_numeric(ruw[k.noemer], errors="coerce").fillna(0)
        codes = state.status[k.teller]
        codes[(codes == "") & (raw_n < min_personen)] = "R4"
    _mask(state, spec)
    return state


def _mask(state: _State, spec: dict[str, Kolom]) -> None:
    """Blank the numbers of every hidden count and measure (text is blanked at once)."""
    for name, codes in state.status.items():
        if spec[name].soort in ("aantal", "hulpvraag", "maat"):
            state.values[name] = state.values[name].where(codes == "")


def _shares(laag: Laag, state: _State, min_personen: int) -> None:
    """The ``"aandeel"`` columns, from the published counts (after secondary suppression):
    hidden where the teller or noemer is, and (sensitive) where fewer than
    ``min_personen`` persons are behind them (R4)."""
    for k in laag.kolommen:
        if k.soort != "aandeel":
            continue
        if k.teller not in state.values or k.noemer not in state.values:
            raise KeyError(
                f"aandeel '{k.naam}': teller '{k.teller}' en noemer '{k.noemer}' moeten "
                "eerder in kolommen staan, als aantal of hulpvraag"
            )
        t_codes, n_codes = state.status[k.teller], state.status[k.noemer]
        codes = t_codes.where(t_codes != "", n_codes).copy()
        if k.gevoelig:
            raw_n = pd.to_numeric(laag.ruw[k.noemer], errors="coerce").fillna(0)
            codes[(codes == "") & (raw_n < min_personen)] = "R4"
        value, _ = share_rule(
            state.values[k.teller].to_numpy(),
            state.values[k.noemer].to_numpy(),
            hulpvraag=False,
            min_personen=None,
            factor=100.0,
        )
        state.values[k.naam] = pd.Series(value, index=state.index).where(codes == "")
        state.status[k.naam] = codes


def _basis(ruw: pd.DataFrame, k: Kolom) -> pd.Series:
    if k.basis is None:
        raise ValueError(
            f"kolom '{k.naam}' is gevoelig maar noemt geen basis (het aantal personen "
            "erachter); geef Kolom(..., basis='kolomnaam')"
        )
    return pd.to_numeric(ruw[k.basis], errors="coerce").fillna(0)


def _secondary_means(laag: Laag, state: _State) -> None:
    """R5 for means without a teller (not counts, so outside the interval audit): in each
    parent with exactly one hidden area that has a value, hide the shown area with the
    fewest inhabitants.

    "Smallest" is by number of inhabitants (public), ties broken by area code, so the
    choice itself says nothing about the hidden value. A hidden cell without a value (an
    area without persons, whose mean does not exist) protects nothing and needs nothing.
    """
    assert laag.ouder is not None
    groep = laag.ouder.reindex(state.index)
    size = pd.to_numeric(laag.inwoners.reindex(state.index), errors="coerce").fillna(0)
    for k in laag.kolommen:
        if k.soort != "maat" or k.teller is not None or not k.secundair:
            continue
        codes, values = state.status[k.naam], state.values[k.naam]
        has_value = values.notna()
        exists = pd.to_numeric(laag.ruw[k.naam], errors="coerce").notna()
        if laag.bovengrens is not None:
            exists &= pd.to_numeric(laag.bovengrens.reindex(state.index)).fillna(0) > 0
        for _, rows in groep.groupby(groep, sort=True).groups.items():
            hidden = (codes.loc[rows] != "") & exists.loc[rows]
            if int(hidden.sum()) != 1:
                continue
            candidates = [r for r in rows if codes.at[r] == "" and bool(has_value.at[r])]
            if not candidates:
                continue
            pick = min(candidates, key=lambda r: (size.at[r], str(r)))
            codes.at[pick] = "R5"
            values.at[pick] = np.nan


def _assemble(laag: Laag, state: _State, audit: pd.DataFrame) -> Beveiligd:
    spec = {k.naam: k for k in laag.kolommen}
    order = [k.naam for k in laag.kolommen]
    afgerond = {
        name: int((mask & (state.status[name] == "")).sum()) for name, mask in state.changed.items()
    }
    log = [
        (code, name, area, REGELS[code].label)
        for name in order
        for area, code in state.status[name][state.status[name] != ""].items()
    ]
    return Beveiligd(
        waarden=pd.DataFrame({c: state.values[c] for c in order}, index=state.index),
        status=pd.DataFrame({c: state.status[c] for c in order}, index=state.index),
        kolommen=spec,
        log=pd.DataFrame(log, columns=["regel", "kolom", "gebied", "toelichting"]),
        afgerond=afgerond,
        audit=audit,
    )


# --- secondary suppression: the interval audit ------------------------------------------


def feasible_interval(
    cel: int,
    laagste: Sequence[float],
    hoogste: Sequence[float],
    sommen: Sequence[tuple[int, Sequence[int]]] = (),
    hoogstens: Sequence[tuple[int, int]] = (),
) -> tuple[float, float]:
    """The smallest and largest whole value that cell ``cel`` can take given what is known.

    Solves two small integer programs (:func:`scipy.optimize.milp`, HiGHS): minimise and
    maximise ``x[cel]`` over whole numbers ``x`` with ``laagste[i] <= x[i] <= hoogste[i]``,
    ``x[totaal] = sum(x[delen])`` for each ``(totaal, delen)`` in ``sommen`` and
    ``x[a] <= x[b]`` for each ``(a, b)`` in ``hoogstens``. This is what a reader can work
    out about a hidden cell from the published ones: a shown count ``r`` (rounded to 5)
    gives ``r-2 <= x <= r+2``, a "geheim" one ``0 <= x <= 7``, a wijk total the sum of its
    buurten.

    Parameters
    ----------
    cel
        Position of the cell to bound.
    laagste, hoogste
        Bounds per cell (use a large number, e.g. :data:`ONBEGRENSD`, for "no bound").
    sommen
        ``(totaal, delen)``: the cell ``totaal`` is the sum of the cells ``delen``.
    hoogstens
        ``(a, b)``: cell ``a`` is at most cell ``b``.

    Returns
    -------
    (float, float)
        The smallest and largest value; NaN, NaN when the bounds contradict each other.

    Examples
    --------
    A wijk of 3 buurten: the wijk shows 20 (so 18-22), buurt 0 shows 10 (8-12), buurt 1
    is "geheim" (0-7) and buurt 2 is hidden (0-1000). Then buurt 1 can still be 0-7:

    >>> feasible_interval(2, [18, 8, 0, 0], [22, 12, 7, 1000], [(0, [1, 2, 3])])
    (0.0, 7.0)

    With buurt 2 shown as 5 (3-7), buurt 1 lies between 18 - 12 - 7 = -1 and
    22 - 8 - 3 = 11, so still 0-7; with a wijk of 25 (23-27), it is 23 - 12 - 7 = 4 to 7:

    >>> feasible_interval(2, [23, 8, 0, 3], [27, 12, 7, 7], [(0, [1, 2, 3])])
    (4.0, 7.0)
    """
    lower = np.asarray(laagste, dtype=float)
    upper = np.asarray(hoogste, dtype=float)
    a_eq, a_ub = _constraint_matrices(len(lower), sommen, hoogstens)
    return _solve_interval(cel, lower, upper, a_eq, a_ub)


def _constraint_matrices(
    n: int,
    sommen: Sequence[tuple[int, Sequence[int]]],
    hoogstens: Sequence[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray]:
    a_eq = np.zeros((len(sommen), n))
    for row, (totaal, delen) in enumerate(sommen):
        a_eq[row, totaal] += 1.0
        for d in delen:
            a_eq[row, d] -= 1.0
    a_ub = np.zeros((len(hoogstens), n))
    for row, (a, b) in enumerate(hoogstens):
        a_ub[row, a] += 1.0
        a_ub[row, b] -= 1.0
    return a_eq, a_ub


def _solve_interval(
    cel: int, lower: np.ndarray, upper: np.ndarray, a_eq: np.ndarray, a_ub: np.ndarray
) -> tuple[float, float]:
    """Min and max of ``x[cel]`` over whole numbers (see :func:`feasible_interval`).

    The linear relaxation is solved first (dual simplex, which ends in a vertex). The
    tables' sums make most of these programs totally unimodular, so that vertex is
    usually whole already, and then it is also the best whole solution. Only when it is
    not, the integer program itself is solved (branch and bound), so the answer is
    always the one over whole numbers.
    """
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp

    n = len(lower)
    out = []
    for sign in (1.0, -1.0):
        c = np.zeros(n)
        c[cel] = sign
        relaxed = linprog(
            c,
            A_ub=a_ub if len(a_ub) else None,
            b_ub=np.zeros(len(a_ub)) if len(a_ub) else None,
            A_eq=a_eq if len(a_eq) else None,
            b_eq=np.zeros(len(a_eq)) if len(a_eq) else None,
            bounds=np.column_stack([lower, upper]),
            method="highs-ds",
        )
        if relaxed.status != 0 or relaxed.x is None:
            return math.nan, math.nan
        x = relaxed.x
        if not np.allclose(x, np.round(x), atol=1e-7):
            constraints = []
            if len(a_eq):
                constraints.append(LinearConstraint(a_eq, 0.0, 0.0))
            if len(a_ub):
                constraints.append(LinearConstraint(a_ub, -np.inf, 0.0))
            result = milp(
                c, integrality=np.ones(n), bounds=Bounds(lower, upper), constraints=constraints
            )
            if result.status != 0 or result.x is None:  # pragma: no cover - relaxation was feasible
                return math.nan, math.nan
            x = result.x
        out.append(float(round(x[cel])))
    return out[0], out[1]


@dataclass
class _Cells:
    """Every count the audit follows, over all levels, as flat arrays."""

    level: list[int] = field(default_factory=list)
    area: list[object] = field(default_factory=list)
    quantity: list[str] = field(default_factory=list)
    kolom: list[str] = field(default_factory=list)
    truth: list[float] = field(default_factory=list)
    hulpvraag: list[bool] = field(default_factory=list)
    public: list[bool] = field(default_factory=list)
    cap: list[float] = field(default_factory=list)
    size: list[float] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)
    hideable: list[bool] = field(default_factory=list)
    position: dict[tuple[int, object, str], int] = field(default_factory=dict)


def _audited(k: Kolom) -> str | None:
    """The count the audit follows for a column: itself, the teller of a share, or None."""
    if k.soort in ("aantal", "hulpvraag"):
        return k.naam
    if k.soort == "maat" and k.teller is not None:
        return k.teller
    return None


def _collect_cells(lagen: Sequence[Laag]) -> _Cells:
    cells = _Cells()
    for li, laag in enumerate(lagen):
        index = laag.ruw.index
        cap = pd.Series(float(ONBEGRENSD), index=index)
        if laag.bovengrens is not None:
            bound = pd.to_numeric(laag.bovengrens.reindex(index), errors="coerce")
            cap = bound.fillna(float(ONBEGRENSD)).astype(float)
        size = pd.to_numeric(laag.inwoners.reindex(index), errors="coerce").fillna(0)
        for rank, k in enumerate(laag.kolommen):
            quantity = _audited(k)
            if quantity is None:
                continue
            raw = pd.to_numeric(laag.ruw[quantity], errors="coerce").fillna(0).to_numpy()
            hulp = k.soort == "hulpvraag" or (k.soort == "maat" and k.teller_hulpvraag)
            for pos, area in enumerate(index):
                cells.position[(li, area, quantity)] = len(cells.level)
                cells.level.append(li)
                cells.area.append(area)
                cells.quantity.append(quantity)
                cells.kolom.append(k.naam)
                cells.truth.append(float(raw[pos]))
                cells.hulpvraag.append(hulp)
                cells.public.append(not k.secundair)
                cells.cap.append(float(cap.iloc[pos]))
                cells.size.append(float(size.iloc[pos]))
                cells.rank.append(rank)
                cells.hideable.append(laag.verbergbaar)
    return cells


def _relations(
    lagen: Sequence[Laag], cells: _Cells
) -> tuple[list[tuple[int, list[int]]], list[tuple[int, int]]]:
    """The sums (wijk = its buurten; a total = its parts) and the "at most" relations."""
    sums: list[tuple[int, list[int]]] = []
    at_most: list[tuple[int, int]] = []
    pos = cells.position
    for li, laag in enumerate(lagen):
        for k in laag.kolommen:
            quantity = _audited(k)
            if quantity is None:
                continue
            if k.deel_van is not None:
                for area in laag.ruw.index:
                    at_most.append((pos[(li, area, quantity)], pos[(li, area, k.deel_van)]))
            if k.som_van_delen:
                parts = [p.naam for p in laag.kolommen if p.deel_van == k.naam]
                for area in laag.ruw.index:
                    sums.append((pos[(li, area, quantity)], [pos[(li, area, p)] for p in parts]))
            # a sum of public figures only (known exactly) tells nothing more
            if laag.ouder is None or not k.optelbaar or not k.secundair:
                continue
            parent = lagen[li + 1]
            parent_spec = {p.naam: p for p in parent.kolommen}
            if k.naam not in parent_spec or _audited(parent_spec[k.naam]) != quantity:
                continue
            if not parent_spec[k.naam].optelbaar:
                continue
            ouder = laag.ouder.reindex(laag.ruw.index)
            for code, rows in ouder.groupby(ouder, sort=True).groups.items():
                if code not in parent.ruw.index:
                    continue
                children = [pos[(li, r, quantity)] for r in rows]
                sums.append((pos[(li + 1, code, quantity)], children))
    return sums, at_most


def _check_truth(
    cells: _Cells, sums: Sequence[tuple[int, Sequence[int]]], at_most: Sequence[tuple[int, int]]
) -> None:
    """The raw counts must obey every declared relation; else the declarations are wrong
    (and the audit would reason about a table that does not exist)."""
    truth = cells.truth
    for totaal, delen in sums:
        found = sum(truth[d] for d in delen)
        if abs(truth[totaal] - found) > 1e-6:
            raise ValueError(
                f"'{cells.quantity[totaal]}' van {cells.area[totaal]} is {truth[totaal]:g}, "
                f"maar de som van zijn delen is {found:g}; een kolom is ten onrechte "
                "optelbaar (of som_van_delen) genoemd, of de ouders kloppen niet"
            )
    for a, b in at_most:
        if truth[a] > truth[b] + 1e-6:
            raise ValueError(
                f"'{cells.quantity[a]}' van {cells.area[a]} ({truth[a]:g}) is groter dan "
                f"'{cells.quantity[b]}' ({truth[b]:g}), terwijl het er deel_van zou zijn"
            )


def _bounds(
    code: str, truth: float, hulpvraag: bool, public: bool, cap: float
) -> tuple[float, float]:
    """What a reader knows about one count from its cell alone (see :func:`protect_levels`)."""
    if public:
        return truth, truth
    low = GEHEIM_TOT_EN_MET + 1.0 if hulpvraag else 0.0
    if code == "":
        r = float(round_count(truth))
        return max(r - 2, low), min(r + 2, cap)
    if code == "R2":
        return 0.0, min(float(GEHEIM_TOT_EN_MET), cap)
    if code == "R5":
        return low, cap
    return 0.0, cap


def _secondary_counts(lagen: Sequence[Laag], states: Sequence[_State]) -> list[pd.DataFrame]:
    """R5 by the interval audit, in place in ``states``; returns the audit per level."""
    cells = _collect_cells(lagen)
    sums, at_most = _relations(lagen, cells)
    _check_truth(cells, sums, at_most)
    n = len(cells.level)

    def code_of(i: int) -> str:
        return str(states[cells.level[i]].status[cells.kolom[i]].at[cells.area[i]])

    lower = np.zeros(n)
    upper = np.zeros(n)
    for i in range(n):
        lower[i], upper[i] = _bounds(
            code_of(i), cells.truth[i], cells.hulpvraag[i], cells.public[i], cells.cap[i]
        )
    required = np.zeros(n)
    for i in range(n):
        if code_of(i) in ("R2", "R3", "R4") and not cells.public[i]:
            required[i] = min(float(MIN_BREEDTE), upper[i] - lower[i])

    # connected components of the relations: each is audited on its own (a wijk with its
    # buurten and the columns tied to each other), so every program stays small
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    neighbours: dict[int, set[int]] = {}
    groups = [[t, *d] for t, d in sums] + [[a, b] for a, b in at_most]
    for members in groups:
        for m in members[1:]:
            parent[find(m)] = find(members[0])
        for m in members:
            neighbours.setdefault(m, set()).update(x for x in members if x != m)
    components: dict[int, list[int]] = {}
    for i in range(n):
        components.setdefault(find(i), []).append(i)

    results: dict[int, tuple[float, float]] = {}
    for members in components.values():
        targets = [i for i in members if required[i] > 0]
        if not targets:
            continue
        local = {g: j for j, g in enumerate(members)}
        a_eq, a_ub = _constraint_matrices(
            len(members),
            [(local[t], [local[d] for d in ds]) for t, ds in sums if t in local],
            [(local[a], local[b]) for a, b in at_most if a in local],
        )

        def interval(i: int, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float]:
            return _solve_interval(local[i], lo, hi, a_eq, a_ub)  # noqa: B023

        lo = lower[members].copy()
        hi = upper[members].copy()
        hidden = 0  # cells hidden in this component so far
        passed: dict[int, tuple[float, float, int]] = {}
        for i in targets:
            while True:
                low, high = interval(i, lo, hi)
                if high - low >= required[i]:
                    passed[i] = (low, high, hidden)
                    break
                pick = _pick_partner(
                    i, members, local, lo, hi, cells, neighbours, code_of, interval
                )
                state = states[cells.level[pick]]
                state.status[cells.kolom[pick]].at[cells.area[pick]] = "R5"
                lo[local[pick]], hi[local[pick]] = _bounds(
                    "R5", cells.truth[pick], cells.hulpvraag[pick], False, cells.cap[pick]
                )
                hidden += 1
        # hiding more only widens intervals; a target that passed before later cells were
        # hidden is audited once more, so the audit reports the tables as published
        for i, (low, high, seen) in passed.items():
            results[i] = (low, high) if seen == hidden else interval(i, lo, hi)

    for state, laag in zip(states, lagen, strict=True):
        _mask(state, {k.naam: k for k in laag.kolommen})
    rows: list[list[tuple[object, ...]]] = [[] for _ in lagen]
    for i, (low, high) in sorted(results.items()):
        rows[cells.level[i]].append(
            (
                cells.kolom[i],
                cells.area[i],
                code_of(i),
                low,
                high,
                float(required[i]),
                bool(high - low >= required[i]),
            )
        )
    return [pd.DataFrame(r, columns=AUDIT_KOLOMMEN) for r in rows]


def _pick_partner(
    i: int,
    members: list[int],
    local: dict[int, int],
    lo: np.ndarray,
    hi: np.ndarray,
    cells: _Cells,
    neighbours: dict[int, set[int]],
    code_of: Callable[[int], str],
    interval: Callable[[int, np.ndarray, np.ndarray], tuple[float, float]],
) -> int:
    """The published cell to hide next, so that hidden cell ``i`` keeps its interval.

    Candidates are the shown, non-public counts of ``i``'s component, in a fixed order
    that does not look at any value: fewest relations between them and ``i`` first (the
    other buurten of the same wijk in the same column, the other columns of the same
    row, the wijk total), then the lower level first (keep wijk totals), then the same
    column, then the fewest inhabitants (public), then the area code. Of these the first
    whose hiding widens ``i``'s interval is hidden, else the first.

    Raises
    ------
    RuntimeError
        When no shown cell is left to hide (a public figure alone pins the cell down).
    """
    distance = {i: 0}
    frontier = [i]
    while frontier:
        nxt = []
        for m in frontier:
            for x in sorted(neighbours.get(m, ())):
                if x not in distance:
                    distance[x] = distance[m] + 1
                    nxt.append(x)
        frontier = nxt
    candidates = [
        m
        for m in members
        if m in distance and code_of(m) == "" and not cells.public[m] and cells.hideable[m]
    ]
    if not candidates:
        fixed = [m for m in members if code_of(m) == "" and not cells.hideable[m]]
        why = (
            "alleen de totalen van het niveau erboven, die hier als gepubliceerd gelden, "
            "leggen hem nog vast; scherm beide niveaus samen af (protect_levels, of "
            "kerncijfers_beide met de cohesie van wijken én buurten)"
            if fixed
            else "publieke cijfers alleen leggen hem vast"
        )
        raise RuntimeError(
            f"'{cells.kolom[i]}' van {cells.area[i]} is niet af te schermen: er is geen "
            f"getoonde cel meer over om te verbergen; {why}"
        )
    candidates.sort(
        key=lambda m: (
            distance[m],
            cells.level[m],
            cells.quantity[m] != cells.quantity[i],
            cells.size[m],
            str(cells.area[m]),
            cells.rank[m],
        )
    )
    low, high = interval(i, lo, hi)
    for m in candidates:
        j = local[m]
        saved = lo[j], hi[j]
        lo[j], hi[j] = _bounds("R5", cells.truth[m], cells.hulpvraag[m], False, cells.cap[m])
        new_low, new_high = interval(i, lo, hi)
        lo[j], hi[j] = saved
        if new_high - new_low > high - low:
            return m
    return candidates[0]


def audit_summary(tabel: Beveiligd) -> pd.DataFrame:
    """The interval audit per column: how many hidden counts were audited, the smallest
    width reached (``hoogste - laagste``) and, for the cell where the margin is smallest,
    the width required there.

    Returns
    -------
    pandas.DataFrame
        Indexed by column: ``cellen``, ``kleinste_breedte``, ``vereist``, ``in_orde``.
    """
    audit = tabel.audit
    if audit.empty:
        return pd.DataFrame(columns=["cellen", "kleinste_breedte", "vereist", "in_orde"])
    frame = audit.assign(
        breedte=audit["hoogste"].astype(float) - audit["laagste"].astype(float),
        marge=lambda f: f["breedte"] - f["vereist"].astype(float),
    )
    rows = {}
    for kolom, part in frame.groupby("kolom", sort=False):
        tight = part.sort_values(["marge", "breedte"], kind="stable").iloc[0]
        rows[kolom] = (
            len(part),
            float(part["breedte"].min()),
            float(tight["vereist"]),
            bool(part["in_orde"].all()),
        )
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=["cellen", "kleinste_breedte", "vereist", "in_orde"]
    )


def disclosure_report(tabellen: dict[str, Beveiligd], *, titel: str) -> str:
    """A short Markdown report: which rule hid what, per table and column, and the
    interval audit of secondary suppression.

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
    totals = {code: 0 for code in REGELS if code != "R1"}
    audited = failed = 0
    for tabel in tabellen.values():
        for code, n in tabel.log["regel"].value_counts().items():
            totals[str(code)] = totals.get(str(code), 0) + int(n)
        audited += len(tabel.audit)
        failed += int((~tabel.audit["in_orde"].astype(bool)).sum()) if len(tabel.audit) else 0
    lines += ["## Controle", ""]
    lines.append(
        "- Verborgen cellen per regel, alle tabellen samen: "
        + ", ".join(f"{code} {n}" for code, n in totals.items())
        + "."
    )
    lines.append(
        f"- Intervalcontrole: {audited} verborgen aantallen (en tellers van verborgen "
        "aandelen) nagerekend met een lineair programma tegen alle getoonde cijfers van "
        "buurten en wijken samen; "
        + (
            "bij elk blijven minstens de vereiste mogelijke waarden open."
            if failed == 0
            else f"BIJ {failed} CELLEN TE SMAL."
        )
    )
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
            lines.append(f"- {code!s} ({REGELS[str(code)].label}): {len(part)} cellen verborgen.")
            for kolom, gebieden in per_kolom.items():
                label = tabel.kolommen[str(kolom)].label
                shown = ", ".join(map(str, gebieden[:12]))
                more = f" en {len(gebieden) - 12} andere" if len(gebieden) > 12 else ""
                lines.append(f"  - {label} (`{kolom}`): {shown}{more}")
        summary = audit_summary(tabel)
        if len(summary):
            lines.append("- Intervalcontrole (breedte = grootste min kleinste mogelijke waarde):")
            for kolom, row in summary.iterrows():
                lines.append(
                    f"  - `{kolom!s}`: {int(row['cellen'])} cellen, kleinste breedte "
                    f"{int(row['kleinste_breedte'])} (daar vereist {int(row['vereist'])})"
                    + ("" if row["in_orde"] else " TE SMAL")
                )
        lines.append("")
    return "\n".join(lines)

"""Which columns and values identify a person: words in column names, and BSN's, phone numbers,
e-mail addresses, IBANs and postcodes in the cells.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

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

"""Privacy rules: keyed pseudonyms for identifiers, and which columns identify a person.

Rounding and suppression of published counts (DESIGN §5) will join this module.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
from collections.abc import Iterable

import pandas as pd

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

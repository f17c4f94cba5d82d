"""Keyed pseudonyms (HMAC-SHA256) for identifiers such as a BSN: the original never leaves the
reader.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Iterable

import pandas as pd

# 16 hex characters = 64 bits. Among a million pseudonyms the chance that two collide is
# about n**2 / 2**65 ~ 3e-8, while a short pseudonym stays readable in a table.
PSEUDONIEM_LENGTE = 16


# A key must hold at least 128 bits, so it cannot be guessed by trying keys.
MIN_SLEUTEL_BYTES = 16


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

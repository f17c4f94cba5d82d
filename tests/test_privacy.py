"""Keyed pseudonyms and the list of identifying columns."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest

from sociale_basis.privacy.rules import (
    MIN_SLEUTEL_BYTES,
    PSEUDONIEM_LENGTE,
    is_identifying,
    key_bytes,
    pseudonymise,
)

KEY = b"sleutel-van-de-gemeente-1234"


def test_pseudonym_is_truncated_hmac_sha256_of_the_text() -> None:
    expected = hmac.new(KEY, b"123456782", hashlib.sha256).hexdigest()[:16]
    assert pseudonymise(["123456782"], KEY).tolist() == [expected]


def test_pseudonym_is_stable_across_runs() -> None:
    # Written down once: a change of the algorithm would break links between files.
    assert pseudonymise(["123456782"], KEY).tolist() == ["af5e2b390a160f81"]


def test_pseudonym_has_the_documented_length_and_is_hex() -> None:
    (value,) = pseudonymise(["x"], KEY).tolist()
    assert len(value) == PSEUDONIEM_LENGTE == 16
    int(value, 16)


def test_another_key_gives_another_pseudonym() -> None:
    a = pseudonymise(["123456782"], KEY).iloc[0]
    b = pseudonymise(["123456782"], KEY + b"!").iloc[0]
    assert a != b


def test_str_key_is_its_utf8_bytes() -> None:
    text = "sleutel-van-de-gemeente-1234"
    assert pseudonymise(["1"], text).equals(pseudonymise(["1"], text.encode()))


def test_same_identifier_written_differently_gives_one_pseudonym() -> None:
    # white space and a whole float (12.0 from a spreadsheet) do not make another person
    result = pseudonymise([12, " 12 ", 12.0, "12"], KEY)
    assert result.nunique() == 1


def test_missing_values_stay_missing() -> None:
    # one shared pseudonym for all missing values would link unrelated people
    result = pseudonymise([None, np.nan, "", "  ", pd.NA, "7"], KEY)
    assert result.isna().tolist() == [True, True, True, True, True, False]


def test_series_keeps_index_and_name() -> None:
    values = pd.Series(["1", "2"], index=[10, 20], name="bsn")
    result = pseudonymise(values, KEY)
    assert list(result.index) == [10, 20]
    assert result.name == "bsn"


@pytest.mark.parametrize("key", [b"", "", b"kort", "vijftien tekens"])
def test_short_or_empty_key_is_refused(key: bytes | str) -> None:
    with pytest.raises(ValueError, match=f"minstens {MIN_SLEUTEL_BYTES} bytes"):
        pseudonymise(["1"], key)


def test_key_of_another_type_is_refused() -> None:
    with pytest.raises(TypeError, match="bytes of str"):
        key_bytes(12345678901234567890)  # type: ignore[arg-type,unused-ignore]


@pytest.mark.parametrize(
    "name",
    [
        "naam",
        "Naam",
        "ACHTER_NAAM",
        "Geboorte datum",
        "E-mail",
        "e-mail adres",
        "BSN",
        "burgerservicenummer",
        "bsn_van",
        "postcode",
        "huis_nummer",
        "Telefoon nummer",
    ],
)
def test_identifying_columns(name: str) -> None:
    assert is_identifying(name)


@pytest.mark.parametrize(
    "name", ["buurtnaam", "wijk_naam", "leeftijd", "huishouden_id", "inwoner_id", "hulpvraag"]
)
def test_ordinary_columns_are_not_identifying(name: str) -> None:
    assert not is_identifying(name)

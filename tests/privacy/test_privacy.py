"""Keyed pseudonyms, and what identifies a person: column names and values."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest

from sociale_basis.privacy import (
    MIN_SLEUTEL_BYTES,
    PSEUDONIEM_LENGTE,
    column_words,
    identifying_kind,
    identifying_values,
    is_identifying,
    key_bytes,
    mask,
    normalise_column,
    passes_elfproef,
    pseudonymise,
    valid_iban,
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


# --- identifying columns, by name ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("naam_inwoner", ["naam", "inwoner"]),
        ("clientNaam", ["client", "naam"]),
        ("Cliënt naam", ["client", "naam"]),
        ("BSNNummer", ["bsn", "nummer"]),
        ("telnr-mobiel", ["telnr", "mobiel"]),
        ("E-mail.adres", ["e", "mail", "adres"]),
        ("tel1", ["tel", "1"]),
        ("  geb dat ", ["geb", "dat"]),
    ],
)
def test_column_words_split_on_separators_camel_case_and_digits(
    name: str, words: list[str]
) -> None:
    assert column_words(name) == words


def test_normalise_column_joins_the_words() -> None:
    assert [normalise_column(n) for n in ("E-mail", "Geboorte datum", "ACHTER_NAAM")] == [
        "email",
        "geboortedatum",
        "achternaam",
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        # the columns of issue 11 that slipped through
        ("naam_inwoner", "naam"),
        ("achternaam_partner", "naam"),
        ("straat_huisnr", "adres"),
        ("geb_dat", "geboortedatum"),
        ("burgerservice_nr", "BSN"),
        ("telnr_mobiel", "telefoonnummer"),
        ("client_naam", "naam"),
        # every word, Dutch and English, and abbreviations
        ("naam", "naam"),
        ("Name", "naam"),
        ("voornaam", "naam"),
        ("ACHTER_NAAM", "naam"),
        ("tussenvoegsel", "naam"),
        ("first_name", "naam"),
        ("cliëntnaam", "naam"),
        ("naamInwoner", "naam"),
        ("adres", "adres"),
        ("straat", "adres"),
        ("huisnr", "adres"),
        ("huis_nummer", "adres"),
        ("postcode", "adres"),
        ("zip_code", "adres"),
        ("street", "adres"),
        ("BSN", "BSN"),
        ("bsn_van", "BSN"),
        ("burgerservicenummer", "BSN"),
        ("sofi_nr", "BSN"),
        ("geb", "geboortedatum"),
        ("Geboorte datum", "geboortedatum"),
        ("geboortedatum_partner", "geboortedatum"),
        ("dob", "geboortedatum"),
        ("date_of_birth", "geboortedatum"),
        ("birthDate", "geboortedatum"),
        ("tel", "telefoonnummer"),
        ("Telefoon nummer", "telefoonnummer"),
        ("telefoonprive", "telefoonnummer"),
        ("mobiel", "telefoonnummer"),
        ("phone", "telefoonnummer"),
        ("mail", "e-mailadres"),
        ("E-mail", "e-mailadres"),
        ("e-mail adres", "e-mailadres"),
        ("emailOuder", "e-mailadres"),
        ("IBAN", "rekening- of documentnummer"),
        ("rekening_nr", "rekening- of documentnummer"),
    ],
)
def test_identifying_columns(name: str, kind: str) -> None:
    assert identifying_kind(name) == kind
    assert is_identifying(name)


@pytest.mark.parametrize(
    "name",
    [
        "buurtnaam",
        "wijk_naam",
        "bu_naam",
        "team naam",
        "vereniging_naam",
        "adres_id",
        "leeftijd",
        "huishouden_id",
        "inwoner_id",
        "hulpvraag",
        "minder_mobiel",
        "geboortejaar",
        "geboorte_jaar",
        "geboorte_land",
        "postcode_4",
        "peildatum",
        "bron",
        "van",
        "naar",
        "team",
        "kamer",
    ],
)
def test_ordinary_columns_are_not_identifying(name: str) -> None:
    assert identifying_kind(name) is None
    assert not is_identifying(name)


# --- identifying values ----------------------------------------------------------------


def test_mask_hides_the_middle() -> None:
    assert mask("0612345678") == "06******78"
    assert mask("123456782") == "1*******2"
    assert mask("abcd") == "****"
    assert mask("jan.jansen@voorbeeld.nl") == "ja**********nl"  # at most ten stars


def test_elfproef() -> None:
    assert passes_elfproef("123456782")
    assert passes_elfproef("012345672")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")


def test_iban_check_digits() -> None:
    assert valid_iban("NL91ABNA0417164300")
    assert valid_iban("nl91 abna 0417 1643 00")
    assert not valid_iban("NL92ABNA0417164300")


@pytest.mark.parametrize(
    ("values", "kind", "example"),
    [
        (["123456782", "012345672"], "BSN", "1*******2"),
        (["1234.56.782"], "BSN", "12*******82"),
        ([123456782.0], "BSN", "1*******2"),  # a number from a GeoPackage
        (["inwoner:123456782"], "BSN", "1*******2"),
        (["0612345678"], "telefoonnummer", "06******78"),
        (["06-12345678"], "telefoonnummer", "06*******78"),
        (["+31 6 12345678"], "telefoonnummer", "+3**********78"),
        (["+31(0)612345678"], "telefoonnummer", "+3**********78"),
        (["0031612345678"], "telefoonnummer", "00*********78"),
        (["015-2123456"], "telefoonnummer", "01*******56"),
        (["(015) 212 34 56"], "telefoonnummer", "(0**********56"),
        (["bellen op 06 1234 5678, na vijven"], "telefoonnummer", "06********78"),
        (["tel:0612345678"], "telefoonnummer", "06******78"),
        (["jan.jansen@voorbeeld.nl"], "e-mailadres", "ja**********nl"),
        (["NL91ABNA0417164300"], "IBAN", "NL**********00"),
        (["NL91 ABNA 0417 1643 00"], "IBAN", "NL**********00"),
        (["DE89370400440532013000"], "IBAN", "DE**********00"),
        (["2611 AB 12"], "postcode met huisnummer", "26******12"),
        (["Markt 87, 2611 GW Delft"], "postcode met huisnummer", "87*******GW"),
        (["Jan Jansen / 0612345678 / 123456782"], "telefoonnummer", "06******78"),
    ],
)
def test_identifying_values(values: list[object], kind: str, example: str) -> None:
    hit = identifying_values(values)
    assert hit is not None
    assert (hit.soort, hit.voorbeeld, hit.positie) == (kind, example, 0)


def test_hit_names_the_first_row_and_counts_the_cells() -> None:
    hit = identifying_values(pd.Series(["", None, "x", "a@b.nl", "c@d.org"], index=[9, 8, 7, 6, 5]))
    assert hit is not None
    assert (hit.positie, hit.aantal, hit.ingevuld) == (3, 2, 3)  # position, not the label
    assert hit.omschrijving == "e-mailadressen"


@pytest.mark.parametrize(
    "values",
    [
        ["BU05031208", "WK050312", "GM0503", "BU0193 2206"],  # CBS area codes
        [str(i) for i in range(1, 2000)],  # ids
        [str(100_000_000 + i) for i in range(1000)],  # nine-digit ids: 1 in 11 passes
        ["110170", "99995", "12345"],  # numbers of inhabitants
        [12, 110_170, np.nan],
        ["2024-01-15", "15-01-2024", "06-12-2024 10:15", "20240115", "2024-06-12T10:15:00"],
        ["06-12-2024 1015", "1.0612345678", "06-12-34-56-78-9"],
        ["84512.345", "446500.123456", "4.360505123", "52.002392", "84500,5", "-0,612345678"],
        ["0503200000012345", "0503100000054321"],  # BAG ids: 16 digits
        ["Buurthuis De Vonk", "opvoeding", "synthetisch", "registratie 2024"],
        ["in 2024 is 12 keer gebeld", "groep 12 2024 OK", "2611 AB"],  # a postcode alone
        ["WK050323 BU05032301", "inwoner:17", "vereniging:3"],
        [None, np.nan, ""],
    ],
)
def test_values_that_never_identify(values: list[object]) -> None:
    assert identifying_values(values) is None


def test_a_bsn_needs_half_of_the_nine_digit_values() -> None:
    # 123456782 passes the 11-proef, 123456789 does not
    assert identifying_values(["123456782", "123456789"]) is not None
    assert identifying_values(["123456782", "123456789", "223456789"]) is None


def test_bare_phone_numbers_need_half_of_the_filled_values() -> None:
    # a ten-digit code with a leading zero among others is no phone book
    assert identifying_values(["0123456789", "A1", "B2"]) is None
    assert identifying_values(["0123456789", "0152123456", "B2"]) is not None
    # written as a phone number, one is enough
    assert identifying_values(["012-3456789", "A1", "B2"]) is not None


def test_many_values_are_checked_at_once() -> None:
    # a million-row file: the nine-digit numbers are judged by numpy, not one by one
    values = pd.Series([str(100_000_000 + i) for i in range(200_000)], dtype=object)
    assert identifying_values(values) is None
    values.iloc[::2] = "123456782"
    hit = identifying_values(values)
    # the others pass the 11-proef one time in eleven
    assert hit is not None and 100_000 < hit.aantal < 110_000

"""File names made from names in data (sociale_basis.core.paths)."""

from __future__ import annotations

import pytest

from sociale_basis.core.paths import file_stem


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Delft", "delft"),
        ("Den Haag", "den_haag"),
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("../../etc/passwd", "etc_passwd"),
        ("Delft {{7*7}}", "delft_7_7"),
        ("-rf *", "rf"),
        (".verborgen", "verborgen"),
        ("", "gemeente"),
        ("{{}}", "gemeente"),
    ],
)
def test_file_stem_keeps_only_safe_characters(name, stem) -> None:
    assert file_stem(name) == stem


def test_file_stem_can_keep_the_case_of_an_area_code() -> None:
    assert file_stem("WK050323", lowercase=False) == "WK050323"
    assert file_stem("WK05/../x", lowercase=False) == "WK05_x"

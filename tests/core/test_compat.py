"""Old names keep working for one release and say what to use instead."""

from __future__ import annotations

import pytest

from sociale_basis.core.compat import REMOVED_IN, renamed_function, renamed_keywords


@renamed_keywords(level="niveau", mode="modus")
def measure(x: int, *, niveau: str = "wijk", modus: str = "lopen") -> tuple[int, str, str]:
    return x, niveau, modus


def test_new_names_pass_without_warning() -> None:
    assert measure(1, niveau="buurt", modus="fiets") == (1, "buurt", "fiets")


def test_an_old_keyword_warns_and_is_passed_on() -> None:
    with pytest.warns(DeprecationWarning, match=r"measure\(level=\.\.\.\) heet nu niveau="):
        assert measure(1, level="buurt") == (1, "buurt", "lopen")
    with pytest.warns(DeprecationWarning, match=f"verdwijnt in versie {REMOVED_IN}"):
        assert measure(2, mode="fiets") == (2, "wijk", "fiets")


def test_old_and_new_keyword_together_is_an_error() -> None:
    with pytest.raises(TypeError, match="zowel level= als niveau="):
        measure(1, level="buurt", niveau="wijk")


def test_an_old_function_name_warns_and_calls_the_new_one() -> None:
    old = renamed_function(measure, "meet")
    assert old.__name__ == "meet"
    with pytest.warns(DeprecationWarning, match=r"meet\(\) heet nu measure\(\)"):
        assert old(3) == (3, "wijk", "lopen")


class Meter:
    @renamed_keywords(mode="modus")
    def __init__(self, modus: str = "lopen") -> None:
        self.modus = modus


def test_a_class_with_an_old_keyword_is_named_as_it_is_called() -> None:
    with pytest.warns(DeprecationWarning, match=r"Meter\(mode=\.\.\.\) heet nu modus="):
        assert Meter(mode="fiets").modus == "fiets"

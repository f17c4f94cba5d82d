"""How one cell is read: missing values, numbers with a decimal comma, whole numbers, area
codes, category keys, and how a value is shown in a message."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

# Cell texts that mean "no value" (compared in lower case), as spreadsheets and pandas write
# them. "NA" and "None" are not in the list: they can be real names.
ONTBREKEND = frozenset({"", "nan", "null", "#n/a", "n/a"})


BUURTCODE = re.compile(r"BU\d{8}")


WIJKCODE = re.compile(r"WK\d{6}")


def header_key(name: str) -> str:
    """A header as we compare it: lower case, spaces and hyphens as ``_``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def is_missing(value: object) -> bool:
    """True for None, NaN, NA and the texts in :data:`ONTBREKEND`."""
    if isinstance(value, str):
        return value.strip().lower() in ONTBREKEND
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def parse_number(value: object) -> float | None:
    """A cell as a float; None when missing. Accepts a decimal comma (``52,01``).

    Raises ``ValueError`` for text that is not a number, also for ``1.234,5``: with both a
    dot and a comma we cannot tell the thousands separator from the decimal one.
    """
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
    else:
        text = str(value).strip()
        if "," in text:
            if "." in text or text.count(",") > 1:
                raise ValueError(text)
            text = text.replace(",", ".")
        number = float(text)
    if math.isnan(number):
        return None
    if math.isinf(number):
        raise ValueError(value)
    return number


def missing_mask(values: pd.Series) -> np.ndarray:
    """:func:`is_missing` for a whole column at once."""
    text = values.astype(str).str.strip().str.lower()
    return np.asarray(values.isna() | text.isin(ONTBREKEND), dtype=bool)


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`parse_number` for a whole column at once (a million cells in a second).

    Returns the numbers (NaN where there is none), a mask of missing cells and a mask of
    cells that are not a number.
    """
    missing = missing_mask(values)
    text = values.astype(str).str.strip()
    numbers = pd.to_numeric(text.where(~missing), errors="coerce").to_numpy(dtype=float, copy=True)
    comma = ~missing & np.isnan(numbers)
    if comma.any():
        candidates = text[comma]
        single = (candidates.str.count(",") == 1) & ~candidates.str.contains(".", regex=False)
        fixed = pd.to_numeric(
            candidates[single].str.replace(",", ".", regex=False), errors="coerce"
        )
        numbers[np.flatnonzero(comma)[single.to_numpy(dtype=bool)]] = fixed.to_numpy(dtype=float)
    bad = ~missing & ~np.isfinite(numbers)
    numbers[bad] = np.nan
    return numbers, missing, bad


def canonical_int(value: object) -> int | None:
    """The integer a cell holds exactly (``12``, ``"12"``, ``12.0``), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if float(value).is_integer() else None
    text = str(value).strip()
    if re.fullmatch(r"-?\d+", text) and str(int(text)) == text:
        return int(text)
    return None


def category_key(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def close_match(value: str, options: Sequence[str]) -> str | None:
    match = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return match[0] if match else None


def hint(value: str, allowed: Sequence[str], where: str) -> str:
    close = close_match(category_key(value), allowed)
    if close:
        return f"bedoelde u '{close}'? (toegestaan: zie {where})"
    return f"kies een waarde uit {where}"


def as_text(value: object) -> str:
    """A cell as text; a whole float from a GeoPackage or Shapefile (``12.0``) as ``12``."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def canonical_int_mask(texts: list[str | None], present: np.ndarray) -> np.ndarray:
    """Which texts are a whole number written plainly (no leading zero, at most 18 digits)."""
    out = np.zeros(len(texts), dtype=bool)
    if present.any():
        s = pd.Series([t for t in texts if t is not None], dtype=object).astype(str)
        plain = s.str.fullmatch(r"-?\d{1,18}") & ~s.str.match(r"-?0\d") & (s != "-0")
        out[present] = np.asarray(plain, dtype=bool)
    return out


def case_keys(texts: list[str | None]) -> list[str | None]:
    """Category keys: lower case, spaces and hyphens as ``_`` (``Maatschappelijk werk``)."""
    s = pd.Series(texts, dtype=object)
    keys = s.str.strip().str.lower().str.replace(r"[\s\-]+", "_", regex=True)
    return [None if t is None else str(k) for t, k in zip(texts, keys.tolist(), strict=True)]


def per_row(flag: bool | Sequence[bool], n: int) -> list[bool]:
    return [flag] * n if isinstance(flag, bool) else [bool(f) for f in flag]


def shown(value: object) -> object:
    """Missing values are shown as ``''`` (what a spreadsheet shows), others as they are."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else value


def bounds_text(low: float | None, high: float | None) -> str:
    def fmt(v: float) -> str:
        return str(int(v)) if float(v).is_integer() else str(v)

    if low is not None and high is not None:
        return f"verwacht {fmt(low)} t/m {fmt(high)}"
    if low is not None:
        return f"verwacht {fmt(low)} of meer"
    return f"verwacht hoogstens {fmt(high)}" if high is not None else ""

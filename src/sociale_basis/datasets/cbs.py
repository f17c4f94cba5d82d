"""CBS wijken, buurten and key figures: field names in one style, placeholders as missing.

CBS delivers the same key figures under two naming styles: the wijk- en buurtkaart
GeoPackage in snake_case (``aantal_inwoners``, ``percentage_personen_0_tot_15_jaar``) and
the web services (PDOK, OData) in camelCase (``aantalInwoners``,
``percentagePersonen0Tot15Jaar``). :func:`snake_case` turns the second into the first, so
every table of key figures in the package uses the GeoPackage's names. CBS marks a secret
or unknown value with a placeholder (-99995 ... -99999); :func:`normalise_figures` makes
those NaN.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError

PLACEHOLDER_MAX = -99990.0
"""CBS placeholders are -99995 ... -99999 (secret, not available, ...); every value at or
below this is missing."""

AREA_COLUMNS: dict[str, str] = {
    "inwoners": "aantal_inwoners",
    "huishoudens": "aantal_huishoudens",
    "pct_eenpersoons": "percentage_eenpersoonshuishoudens",
    "pct_met_kinderen": "percentage_huishoudens_met_kinderen",
}
"""Our column name -> the CBS key figure it comes from (GeoPackage naming)."""

AGE_GROUPS: list[tuple[str, int, int]] = [
    ("percentage_personen_0_tot_15_jaar", 0, 14),
    ("percentage_personen_15_tot_25_jaar", 15, 24),
    ("percentage_personen_25_tot_45_jaar", 25, 44),
    ("percentage_personen_45_tot_65_jaar", 45, 64),
    ("percentage_personen_65_jaar_en_ouder", 65, 100),
]
"""CBS's age groups (whole percentages of the inhabitants): column, youngest, oldest."""

NOT_FIGURES = frozenset(
    {"fid", "ogc_fid", "id", "area_m2", "shape_length", "shape_area", "objectid"}
)
"""Numeric columns that are no CBS key figure (row ids, areas computed by someone else)."""

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])|(?<=[A-Z])(?=[A-Z][a-z])")


def snake_case(name: str) -> str:
    """A CBS field name in the GeoPackage's style: ``percentagePersonen0Tot15Jaar`` ->
    ``percentage_personen_0_tot_15_jaar``; a snake_case name stays as it is."""
    text = _CAMEL.sub("_", name.strip())
    return re.sub(r"_+", "_", text.replace(" ", "_").replace("-", "_")).lower()


def normalise_figures(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Column names in snake_case and placeholders as NaN (a new frame).

    Raises
    ------
    ValidationError
        When two columns get the same name (a file with both naming styles).
    """
    names = [snake_case(str(c)) if c != "geometry" else c for c in frame.columns]
    seen: dict[str, str] = {}
    problems = []
    for original, name in zip(frame.columns, names, strict=True):
        if name in seen:
            problems.append(
                Problem(
                    source,
                    1,
                    str(original),
                    name,
                    f"zelfde kerncijfer als kolom '{seen[name]}'",
                    "laat een van beide kolommen weg",
                )
            )
        seen[name] = str(original)
    if problems:
        raise ValidationError(problems)
    out = frame.copy()
    out.columns = pd.Index(names)
    for column in out.columns:
        if column != "geometry" and pd.api.types.is_numeric_dtype(out[column]):
            values = out[column].astype("float64")
            out[column] = values.mask(values <= PLACEHOLDER_MAX)
    return out


def figures_table(frame: pd.DataFrame, jaar: int, key: str = "buurtcode") -> pd.DataFrame:
    """The key figures of a normalised table: indexed by ``key``, ``jaar`` first, then
    every numeric column that is a key figure, as float."""
    numeric = [
        c
        for c in frame.columns
        if c not in (key, "jaar", "geometry")
        and c not in NOT_FIGURES
        and pd.api.types.is_numeric_dtype(frame[c])
        and not pd.api.types.is_bool_dtype(frame[c])
    ]
    table = pd.DataFrame(frame[numeric].astype("float64"))
    table.insert(0, "jaar", np.int64(jaar))
    table.index = pd.Index(frame[key].astype(str), name=key)
    return table


def year_of(frame: pd.DataFrame, path: Path) -> int | None:
    """The year of a CBS table: its ``jaar`` column, else its ``jrstatcode``
    (``2025BU05031100``), else a year in the file name (``wijkenbuurten_2024.gpkg``)."""
    if "jaar" in frame.columns:
        years = pd.to_numeric(frame["jaar"], errors="coerce").dropna().unique()
        if len(years) == 1:
            return int(years[0])
    if "jrstatcode" in frame.columns and len(frame):
        found = re.match(r"(\d{4})", str(frame["jrstatcode"].iloc[0]))
        if found:
            return int(found.group(1))
    found = re.search(r"(20\d\d)", path.name)
    return int(found.group(1)) if found else None


def stack_figures(tables: list[pd.DataFrame]) -> pd.DataFrame | None:
    """Tables of key figures (:func:`figures_table`) as one: a row per buurt and year,
    sorted by buurt and year; None for no tables."""
    if not tables:
        return None
    joined = pd.concat(tables, axis=0, sort=False)
    order = np.lexsort((joined["jaar"].to_numpy(), joined.index.to_numpy().astype(str)))
    joined = joined.iloc[order]
    columns = ["jaar", *[c for c in joined.columns if c != "jaar"]]
    return joined[columns]


def latest_figures(kerncijfers: pd.DataFrame) -> pd.DataFrame:
    """One row per buurt: each key figure from the latest year that has it.

    A column's year is the latest year in which any buurt has a value for it, so a column
    never mixes years; :func:`figure_years` says which year each column comes from.
    """
    years = figure_years(kerncijfers)
    codes = pd.Index(sorted(set(kerncijfers.index)), name=kerncijfers.index.name)
    out = pd.DataFrame(index=codes)
    for column, jaar in years.items():
        rows = kerncijfers[kerncijfers["jaar"] == jaar]
        out[column] = rows[column].groupby(level=0).first().reindex(codes)
    return out


def figure_years(kerncijfers: pd.DataFrame) -> pd.Series:
    """Per key figure the latest year in which any buurt has a value (figures without any
    value are left out)."""
    years = {}
    for column in kerncijfers.columns:
        if column == "jaar":
            continue
        present = kerncijfers.loc[kerncijfers[column].notna(), "jaar"]
        if len(present):
            years[column] = int(present.max())
    return pd.Series(years, name="jaar", dtype="int64")

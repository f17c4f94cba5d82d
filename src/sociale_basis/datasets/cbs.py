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
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.crs import RD_NEW, looks_like_lonlat, looks_like_rd
from ..core.errors import DataNotFoundError, Problem, ValidationError

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

# a word starts at a capital, or at a number followed by a capital ("Personen0Tot15Jaar");
# a number at the end stays with its word ("PerKm2" -> "per_km2", as in the GeoPackage)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z]|[0-9]+[A-Z])|(?<=[0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


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


# --- the national wijk- en buurtkaart ------------------------------------------------------

LAYERS = {"gemeente": ("gemeenten", "gemeente"), "wijken": ("wijken",), "buurten": ("buurten",)}
"""Our part -> the layer names CBS uses for it in the wijk- en buurtkaart GeoPackage."""


@dataclass
class CbsGemeente:
    """One gemeente from the CBS wijk- en buurtkaart, in EPSG:28992 and our columns.

    Attributes
    ----------
    naam, gemeentecode, jaar
        As in the file (``jaar`` of the key figures).
    gebied
        The gemeente's land area (CBS's ``water = NEE`` part when the file splits it).
    wijken, buurten
        Indexed by ``wijkcode`` / ``buurtcode``, with ``wijknaam``/``buurtnaam``,
        ``wijkcode`` (buurten), ``inwoners``, ``huishoudens``, ``pct_eenpersoons``,
        ``pct_met_kinderen`` (buurten) and CBS's age groups (:data:`AGE_GROUPS`).
    kerncijfers
        Every key figure of every buurt (:func:`figures_table`).
    """

    naam: str
    gemeentecode: str
    jaar: int
    gebied: shapely.Geometry
    wijken: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame
    kerncijfers: pd.DataFrame


def gemeentecode(value: str) -> str | None:
    """``GM0363`` from ``GM0363``, ``gm0363``, ``0363`` or ``363``; None when it is none."""
    text = str(value).strip().upper().removeprefix("GM")
    return f"GM{int(text):04d}" if text.isdigit() and len(text) <= 4 else None


def read_cbs_gemeente(path: str | Path, code: str) -> CbsGemeente:
    """One gemeente's areas and key figures from the CBS wijk- en buurtkaart GeoPackage.

    Reads only the gemeente's rows (an SQL filter on ``gemeentecode``), so the national
    file is never loaded whole. Both CBS naming styles are accepted; placeholders
    become NaN.

    Raises
    ------
    DataNotFoundError
        The file does not exist.
    ValidationError
        A layer or column is missing, the code is not in the file (with the closest
        codes and names), a layer has no CRS or one that does not fit its coordinates,
        the gemeente has no wijken or buurten, or no year can be found.
    """
    path = Path(path)
    if not path.is_file():
        raise DataNotFoundError(
            f"CBS-bestand '{path}' bestaat niet. Download de wijk- en buurtkaart "
            "(GeoPackage) van het CBS, of gebruik --download."
        )
    wanted = gemeentecode(code)
    layers = _layers(path)
    if wanted is None:
        raise ValidationError([_unknown_code(path, layers["gemeente"], code)])
    frames = {part: _read_part(path, layer, wanted) for part, layer in layers.items()}
    if frames["gemeente"].empty:
        raise ValidationError([_unknown_code(path, layers["gemeente"], code)])
    for part in ("wijken", "buurten"):
        if frames[part].empty:
            raise ValidationError(
                [
                    Problem(
                        f"{path.name} (laag {layers[part]})",
                        None,
                        "gemeentecode",
                        wanted,
                        f"de gemeente heeft geen {part} in dit bestand",
                        "gebruik de volledige wijk- en buurtkaart van het CBS",
                    )
                ]
            )
    jaar = year_of(frames["buurten"], path)
    if jaar is None:
        raise ValidationError(
            [
                Problem(
                    path.name,
                    None,
                    "jaar",
                    "",
                    "geen jaar gevonden (geen kolom jaar of jrstatcode, geen jaartal in de naam)",
                    "zet het jaar in de bestandsnaam, bijv. wijkenbuurten_2024.gpkg",
                )
            ]
        )
    gemeente = frames["gemeente"]
    if "water" in gemeente.columns and (gemeente["water"] != "JA").any():
        gemeente = gemeente[gemeente["water"] != "JA"]
    return CbsGemeente(
        naam=str(gemeente["gemeentenaam"].iloc[0]) if "gemeentenaam" in gemeente else wanted,
        gemeentecode=wanted,
        jaar=jaar,
        gebied=shapely.union_all(gemeente.geometry.to_numpy()),
        wijken=_areas(frames["wijken"], "wijk", f"{path.name} (laag {layers['wijken']})"),
        buurten=_areas(frames["buurten"], "buurt", f"{path.name} (laag {layers['buurten']})"),
        kerncijfers=figures_table(frames["buurten"], jaar),
    )


def _layers(path: Path) -> dict[str, str]:
    import pyogrio

    found = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
    by_lower = {name.lower(): name for name in found}
    layers, problems = {}, []
    for part, names in LAYERS.items():
        match = next((by_lower[n] for n in names if n in by_lower), None)
        if match is None:
            problems.append(
                Problem(
                    path.name,
                    None,
                    "laag",
                    ", ".join(found),
                    f"laag '{names[0]}' ontbreekt",
                    "gebruik de wijk- en buurtkaart van het CBS (lagen gemeenten, wijken, buurten)",
                )
            )
        else:
            layers[part] = match
    if problems:
        raise ValidationError(problems)
    return layers


def _code_field(path: Path, layer: str) -> str:
    import pyogrio

    fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
    for field in fields:
        if snake_case(field) in ("gemeentecode", "gm_code"):
            return field
    raise ValidationError(
        [
            Problem(
                f"{path.name} (laag {layer})",
                1,
                "gemeentecode",
                ", ".join(fields[:10]),
                "kolom gemeentecode ontbreekt",
                "gebruik de wijk- en buurtkaart van het CBS",
            )
        ]
    )


def _read_part(path: Path, layer: str, code: str) -> gpd.GeoDataFrame:
    field = _code_field(path, layer)
    frame = gpd.read_file(path, layer=layer, where=f"\"{field}\" = '{code}'")
    source = f"{path.name} (laag {layer})"
    check_crs(frame, source)
    return normalise_figures(frame.to_crs(RD_NEW), source)


def check_crs(frame: gpd.GeoDataFrame, source: str) -> None:
    """Raise when a layer has no CRS, or one its coordinates do not fit (RD metres
    labelled as lon/lat, lon/lat labelled as RD).

    Raises
    ------
    ValidationError
        With the CRS found and how to fix it.
    """
    if frame.crs is None:
        raise ValidationError(
            [Problem(source, None, "crs", "", "de laag heeft geen CRS", f"sla haar op in {RD_NEW}")]
        )
    if frame.empty:
        return
    x0, y0, x1, y1 = frame.total_bounds
    x, y = (x0 + x1) / 2, (y0 + y1) / 2
    rd, lonlat = looks_like_rd(x, y), looks_like_lonlat(x, y)
    wrong = (frame.crs.is_geographic and not lonlat) or (frame.crs.to_epsg() == 28992 and not rd)
    if wrong:
        hint = "RD-meters (EPSG:28992)" if rd else "lengte/breedte (EPSG:4326)" if lonlat else ""
        raise ValidationError(
            [
                Problem(
                    source,
                    None,
                    "crs",
                    frame.crs.to_string(),
                    "de coördinaten passen niet bij de CRS van het bestand"
                    + (f"; ze lijken {hint}" if hint else ""),
                    "zet de juiste CRS in het bestand (bijv. met ogr2ogr -a_srs)",
                )
            ]
        )


def _unknown_code(path: Path, layer: str, code: str) -> Problem:
    """The problem for a code that is not in the file, naming the closest codes and names."""
    import difflib

    table = gpd.read_file(path, layer=layer, ignore_geometry=True)
    table = normalise_figures(table, path.name)
    codes = table["gemeentecode"].astype(str).tolist() if "gemeentecode" in table else []
    names = table["gemeentenaam"].astype(str).tolist() if "gemeentenaam" in table else codes
    label = {c: f"{c} ({n})" for c, n in zip(codes, names, strict=False)}
    by_name = {n.lower(): c for c, n in zip(codes, names, strict=False)}
    close = difflib.get_close_matches(str(code).strip().upper(), codes, n=3, cutoff=0.5)
    close += [by_name[n] for n in difflib.get_close_matches(str(code).lower(), list(by_name), 3)]
    shown = [label[c] for c in dict.fromkeys(close)]
    fix = "bedoelde u " + " of ".join(shown) + "?" if shown else "kies een gemeentecode GMxxxx"
    return Problem(
        f"{path.name} (laag {layer})",
        None,
        "gemeentecode",
        code,
        f"gemeente niet gevonden in dit bestand ({len(codes)} gemeenten)",
        fix,
    )


def _areas(frame: gpd.GeoDataFrame, level: str, source: str) -> gpd.GeoDataFrame:
    """Our columns of a CBS wijk or buurt layer (already normalised)."""
    ours = [f"{level}code", f"{level}naam", *(["wijkcode"] if level == "buurt" else [])]
    figures = AREA_COLUMNS if level == "buurt" else {"inwoners": "aantal_inwoners"}
    missing = [c for c in [*ours, *figures.values()] if c not in frame.columns]
    if missing:
        raise ValidationError(
            [
                Problem(
                    source,
                    1,
                    c,
                    "",
                    "kolom ontbreekt",
                    "gebruik de wijk- en buurtkaart van het CBS",
                )
                for c in missing
            ]
        )
    ages = [c for c, _, _ in AGE_GROUPS if c in frame.columns]
    out = frame[[*ours, *figures.values(), *ages, "geometry"]].rename(
        columns={theirs: mine for mine, theirs in figures.items()}
    )
    out[f"{level}code"] = out[f"{level}code"].astype(str)
    out["inwoners"] = out["inwoners"].fillna(0).round().astype("Int64")
    if "huishoudens" in out.columns:
        out["huishoudens"] = out["huishoudens"].round().astype("Int64")
    return out.set_index(f"{level}code").sort_index()

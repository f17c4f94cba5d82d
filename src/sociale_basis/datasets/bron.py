"""The real parts of a bundle, read from the files its manifest names and mapped onto the
package's columns (:class:`~sociale_basis.core.gebied.Bron`).

Files may be GeoParquet (``.parquet``, the embedded and built bundles), GeoPackage,
GeoJSON or Shapefile (layers), or CSV (tables of ages or key figures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import RD_NEW
from ..core.errors import Problem, ValidationError
from ..core.gebied import Bron
from ..core.taxonomy import SOORTEN, soort_from_osm, suggest
from .cbs import figures_table, normalise_figures, stack_figures, year_of
from .manifest import read_manifest
from .roots import find_file


def read_bron(gemeente: str | Path) -> Bron:
    """Read the real files of a bundle and map them onto the package's columns.

    Parameters
    ----------
    gemeente
        The bundle's folder name (``"delft"``), or the path of a ``manifest.toml``.

    Raises
    ------
    ValidationError
        A malformed manifest, a column it names that a file lacks, a layer without CRS,
        a point in no buurt, an unknown soort; every problem of a file at once.
    DataNotFoundError
        A file the manifest names is in no data root.
    """
    m = read_manifest(gemeente)
    naam = m["naam"]
    groepen = [(str(c), int(lo), int(hi)) for c, lo, hi in m["buurten"]["leeftijd"]["groepen"]]
    wijken, buurten = _read_wijken_buurten(m, naam, [c for c, _, _ in groepen])

    adressen = _read_points(m["adressen"], naam, "adres_id")
    adressen = assign_areas(adressen, buurten, m["adressen"]["bestand"])

    voorzieningen = empty_points(["soort", "naam", "bron"], "voorziening_id")
    if "voorzieningen" in m:
        voorzieningen = _read_voorzieningen(m["voorzieningen"], naam)
        voorzieningen = assign_areas(voorzieningen, buurten, m["voorzieningen"]["bestand"])

    edges = None
    if "netwerk" in m:
        edges = read_layer(m["netwerk"], naam, layer_key="laag_edges", default_layer="edges")
        edges = edges.to_crs(RD_NEW)

    aanvullen = m.get("synthetisch", {}).get("aanvullen", [])
    return Bron(
        naam=naam,
        gemeentecode=m["gemeentecode"],
        wijken=wijken,
        buurten=buurten,
        adressen=adressen,
        voorzieningen=voorzieningen,
        leeftijdsgroepen=groepen,
        leeftijd_eenheid=m["buurten"]["leeftijd"]["eenheid"],
        aanvullen=list(aanvullen) if aanvullen != "alles" else ["alles"],
        netwerk_edges=edges,
        bronnen=list(m.get("bronnen", [])),
        kerncijfers=read_kerncijfers(m.get("kerncijfers", []), naam),
    )


def _read_wijken_buurten(
    m: dict[str, Any], naam: str, age_cols: list[str]
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    leeftijd = m["buurten"]["leeftijd"]
    if "bestand" not in leeftijd:  # ages are columns of the area layers (CBS); wijken too
        buurten = _read_areas(m["buurten"], naam, "buurtcode", extra=age_cols)
        wijken = _read_areas(m["wijken"], naam, "wijkcode", extra=age_cols)
        return wijken, buurten
    # ages in a separate table, joined on the buurt code
    wijken = _read_areas(m["wijken"], naam, "wijkcode")
    buurten = _read_areas(m["buurten"], naam, "buurtcode")
    table = read_table(leeftijd["bestand"], naam)
    for column, value in leeftijd.get("filter", {}).items():
        table = table[table[column] == value]
    ages = table.set_index(leeftijd["sleutel"])[age_cols]
    joined = buurten.drop(columns="geometry").join(ages)
    return wijken, gpd.GeoDataFrame(joined, geometry=buurten.geometry, crs=buurten.crs)


# --- files -------------------------------------------------------------------------------


def read_layer(
    part: dict[str, Any],
    naam: str,
    *,
    layer_key: str = "laag",
    default_layer: str | None = None,
) -> gpd.GeoDataFrame:
    """The layer a manifest part names (GeoParquet, or a layer of a vector file)."""
    path = find_file(part["bestand"], naam)
    if path.suffix == ".parquet":
        return gpd.read_parquet(path)
    return gpd.read_file(path, layer=part.get(layer_key, default_layer))


def read_table(relative: str, naam: str, layer: str | None = None) -> pd.DataFrame:
    """A table without geometry: CSV, Parquet, or the attributes of a vector layer."""
    path = find_file(relative, naam)
    if path.suffix == ".csv":
        return pd.read_csv(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    return pd.DataFrame(gpd.read_file(path, layer=layer, ignore_geometry=True))


def _read_raw(part: dict[str, Any], naam: str, needed: list[str]) -> gpd.GeoDataFrame:
    """A layer named in a manifest, in RD New, with the columns the manifest needs.

    Raises
    ------
    ValidationError
        When the layer has no CRS or lacks columns the manifest names (all listed).
    """
    frame = read_layer(part, naam)
    path = find_file(part["bestand"], naam)
    where = f"{path}" + (f" (laag {part['laag']})" if part.get("laag") else "")
    problems = [
        Problem(
            where,
            1,
            column,
            "",
            "kolom ontbreekt (genoemd in het manifest)",
            f"pas het manifest van {naam} aan; de laag heeft: {', '.join(frame.columns[:12])}",
        )
        for column in needed
        if column not in frame.columns
    ]
    if frame.crs is None:
        problems.append(
            Problem(where, None, "crs", "", "laag heeft geen CRS", f"sla de laag op in {RD_NEW}")
        )
    if problems:
        raise ValidationError(problems)
    return frame.to_crs(RD_NEW)


def _mapped(raw: gpd.GeoDataFrame, part: dict[str, Any], keep: list[str]) -> gpd.GeoDataFrame:
    """The manifest's columns under our names (``kolommen``: ours = theirs), plus ``keep``."""
    mapping = {theirs: ours for ours, theirs in part.get("kolommen", {}).items()}
    return raw[[*mapping, *keep, "geometry"]].rename(columns=mapping)


def _read_areas(
    part: dict[str, Any], naam: str, index: str, extra: list[str] | None = None
) -> gpd.GeoDataFrame:
    raw = _read_raw(part, naam, list(part["kolommen"].values()))
    keep = [c for c in (extra or []) if c in raw.columns and c not in part["kolommen"].values()]
    frame = _mapped(raw, part, keep)
    frame["inwoners"] = frame["inwoners"].round().astype("Int64")
    if "huishoudens" in frame.columns:
        frame["huishoudens"] = frame["huishoudens"].round().astype("Int64")
    if "buiten_osm" in frame.columns:
        frame["buiten_osm"] = frame["buiten_osm"].astype(bool)
    return frame.set_index(index).sort_index()


def _read_points(part: dict[str, Any], naam: str, index: str) -> gpd.GeoDataFrame:
    raw = _read_raw(part, naam, list(part.get("kolommen", {}).values()))
    return _mapped(raw, part, []).set_index(index)


def _read_voorzieningen(part: dict[str, Any], naam: str) -> gpd.GeoDataFrame:
    """Voorzieningen with our ``soort``: translated from OSM tag values (``osm_sleutel``,
    ``soort_kolom``, ``soort_vertaling``), or, with ``soorten = "eigen"``, already ours in
    the column ``soort`` (a built bundle, which keeps the tag value in ``bron_soort``).

    Raises
    ------
    ValidationError
        A soort (or a translation to one) that is not in the taxonomy.
    """
    own = dict(part.get("soort_vertaling", {}))
    if part.get("soorten") == "eigen":
        raw = _read_raw(part, naam, [*part.get("kolommen", {}).values(), "soort", "bron_soort"])
        frame = _mapped(raw, part, ["soort", "bron_soort"]).set_index("voorziening_id")
        unknown = sorted(set(frame["soort"]) - set(SOORTEN))
        column = "soort"
    else:
        needed = [*part.get("kolommen", {}).values(), part["soort_kolom"]]
        raw = _read_raw(part, naam, needed)
        frame = _mapped(raw, part, []).set_index("voorziening_id")
        unknown = sorted(set(own.values()) - set(SOORTEN))
        column = "soort_vertaling"
        key = part.get("osm_sleutel", "amenity")
        values = raw[part["soort_kolom"]].to_numpy()
        frame["soort"] = [own.get(v) or soort_from_osm({key: v}) for v in values]
        frame["bron_soort"] = values  # the original tag value, so no information is lost
    if unknown:
        raise ValidationError(
            [
                Problem(
                    f"manifest van {naam}",
                    None,
                    f"voorzieningen.{column}",
                    u,
                    "onbekende soort",
                    suggest(u, tuple(SOORTEN)),
                )
                for u in unknown
            ]
        )
    columns = [c for c in frame.columns if c != "geometry"]
    return frame[[*columns, "geometry"]]


def read_kerncijfers(parts: list[dict[str, Any]], naam: str) -> pd.DataFrame | None:
    """The key figures of every table the manifest lists under ``[[kerncijfers]]``, as
    one table (see :attr:`~sociale_basis.core.gebied.Bron.kerncijfers`).

    Each table has ``bestand`` (and ``laag`` for a vector file); its buurt codes are in
    ``sleutel`` (default ``buurtcode``, also as the index of a Parquet table); its year in
    ``jaar`` (a key of the part, else the column ``jaar``, ``jrstatcode``, or the file
    name).

    Raises
    ------
    ValidationError
        A table without its key column, or without a year.
    """
    tables = []
    for part in parts:
        key = part.get("sleutel", "buurtcode")
        raw = read_table(part["bestand"], naam, part.get("laag"))
        if key not in raw.columns and raw.index.name == key:
            raw = raw.reset_index()
        frame = normalise_figures(raw, part["bestand"])
        problems = []
        if key not in frame.columns:
            problems.append(
                Problem(part["bestand"], 1, key, "", "kolom ontbreekt", "zet 'sleutel' goed")
            )
        years = [int(part["jaar"])] if "jaar" in part else _years(frame, part["bestand"])
        if not years:
            problems.append(
                Problem(
                    part["bestand"],
                    None,
                    "jaar",
                    "",
                    "geen jaar gevonden",
                    "zet jaar = <jaar> bij deze tabel in het manifest",
                )
            )
        if problems:
            raise ValidationError(problems)
        for jaar in years:
            rows = frame if len(years) == 1 else frame[frame["jaar"] == jaar]
            tables.append(figures_table(rows, jaar, key))
    return stack_figures(tables)


def _years(frame: pd.DataFrame, bestand: str) -> list[int]:
    if "jaar" in frame.columns and frame["jaar"].nunique() > 1:
        return sorted(int(j) for j in frame["jaar"].unique())
    jaar = year_of(frame, Path(bestand))
    return [] if jaar is None else [jaar]


# --- areas -------------------------------------------------------------------------------


def assign_areas(
    points: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame, bestand: str
) -> gpd.GeoDataFrame:
    """Give each point the buurt and wijk it lies in (point in polygon).

    Raises
    ------
    ValidationError
        Naming every point (file, row, id) that lies in no buurt: a bundle's points must lie
        in its buurten, and none is dropped silently.
    """
    codes = buurt_of(points, buurten)
    outside = np.flatnonzero(codes.isna().to_numpy())
    if len(outside):
        xy = points.geometry.get_coordinates().to_numpy()
        raise ValidationError(
            [
                Problem(
                    bestand,
                    int(pos) + 2,  # as in a spreadsheet: row 1 is the header
                    "geometry",
                    f"id {points.index[pos]} ({xy[pos, 0]:.0f}, {xy[pos, 1]:.0f})",
                    "punt ligt in geen enkele buurt van de bundel",
                    "controleer de CRS en de begrenzing, of laat het punt weg uit het bestand",
                )
                for pos in outside
            ],
            max_shown=20,
        )
    result = points.copy()
    result["buurtcode"] = codes.astype(str)
    result["wijkcode"] = buurten["wijkcode"].reindex(codes.to_numpy()).astype(str).to_numpy()
    return result


def buurt_of(points: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame) -> pd.Series:
    """The buurtcode each point lies in (NaN for a point in no buurt), on the points' index;
    on a shared border the first buurt in code order."""
    areas = buurten[["geometry"]].rename_axis("buurtcode").reset_index()
    joined = gpd.sjoin(points[["geometry"]], areas, how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    return joined["buurtcode"]


def empty_points(columns: list[str], index: str) -> gpd.GeoDataFrame:
    """An empty GeoDataFrame of points in RD New with these columns and index name."""
    frame = gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs=RD_NEW)
    return frame.rename_axis(index)

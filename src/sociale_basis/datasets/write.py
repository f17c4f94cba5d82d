"""Write a bundle: GeoParquet files in EPSG:28992 under our column names, a
``manifest.toml`` that maps them one to one, and a licence file per source.

Used by the bundle builder (:func:`sociale_basis.datasets.build`) and by
``scripts/maak_bundels.py`` (the embedded Delft and Zwolle). Reading a written bundle back
(:func:`~sociale_basis.datasets.read_bron`) gives the same parts that were written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from ..core.crs import RD_NEW
from ..core.gebied import Bron
from ..streets.network import EDGE_ATTRIBUTES
from .licences import licence_text

PARQUET_OPTIONS: dict[str, Any] = {"compression": "zstd", "compression_level": 9}
"""How every Parquet file of a bundle is written (small, and fast to read)."""


@dataclass
class Bundelinfo:
    """What a written bundle says about itself beyond its parts.

    Attributes
    ----------
    map
        The bundle's folder name under a data root (``"delft"``): paths in the manifest
        start with it.
    beschrijving
        One Dutch sentence about the contents.
    jaar_bevolking
        The year of the inhabitants' figures.
    herkomst
        Markdown for ``HERKOMST.md``: how the bundle was made, from which files.
    """

    map: str
    beschrijving: str = ""
    jaar_bevolking: int | None = None
    herkomst: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def write_bundle(bron: Bron, uit: Path, info: Bundelinfo) -> list[Path]:
    """Write ``bron`` as a bundle in the folder ``uit``; returns every file written.

    The folder's name need not be ``info.map``, but a bundle is found by that name: put
    it at ``<data root>/<info.map>/``.
    """
    uit.mkdir(parents=True, exist_ok=True)
    written = [
        _parquet(bron.wijken.reset_index(), uit / "wijken.parquet"),
        _parquet(bron.buurten.reset_index(), uit / "buurten.parquet"),
        _parquet(_points(bron.adressen), uit / "adressen.parquet"),
    ]
    if len(bron.voorzieningen):
        written.append(_parquet(_points(bron.voorzieningen), uit / "voorzieningen.parquet"))
    if bron.netwerk_edges is not None:
        written.append(_parquet(network_columns(bron.netwerk_edges), uit / "netwerk.parquet"))
    if bron.kerncijfers is not None:
        path = uit / "kerncijfers.parquet"
        bron.kerncijfers.to_parquet(path, **PARQUET_OPTIONS)
        written.append(path)
    for naam, text in _licences(bron.bronnen).items():
        (uit / naam).write_text(text, encoding="utf-8")
        written.append(uit / naam)
    if info.herkomst:
        (uit / "HERKOMST.md").write_text(info.herkomst, encoding="utf-8")
        written.append(uit / "HERKOMST.md")
    manifest = uit / "manifest.toml"
    manifest.write_text(manifest_text(bron, info), encoding="utf-8")
    return [manifest, *written]


def network_columns(edges: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The columns of an edge layer that make the street network (the rest stays behind):
    ``edge_id``, ``u``, ``v``, :data:`~sociale_basis.streets.network.EDGE_ATTRIBUTES` and
    the geometry."""
    keep = [c for c in ("edge_id", "u", "v", *EDGE_ATTRIBUTES) if c in edges.columns]
    return gpd.GeoDataFrame(edges[keep], geometry=edges.geometry.to_crs(RD_NEW), crs=RD_NEW)


def _points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Points without their buurt and wijk (the reader assigns them again)."""
    return frame.drop(columns=["buurtcode", "wijkcode"], errors="ignore").reset_index()


def _parquet(frame: gpd.GeoDataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False, schema_version="1.0.0", **PARQUET_OPTIONS)
    return path


def _licences(bronnen: list[dict[str, str]]) -> dict[str, str]:
    """One licence file per kind of licence among the sources, naming those sources."""
    files: dict[str, list[dict[str, str]]] = {}
    for b in bronnen:
        files.setdefault(b.get("licentiebestand", "LICENCE-BRONNEN.txt"), []).append(b)
    return {naam: licence_text(naam, rows) for naam, rows in files.items()}


# --- the manifest ------------------------------------------------------------------------


def _value(value: Any) -> str:
    """A TOML value (strings, numbers, booleans, lists of them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _own(frame: gpd.GeoDataFrame, index: str, also: tuple[str, ...] = ()) -> list[str]:
    """The index and the columns a point layer brings itself (not its areas, geometry or
    the columns in ``also``, which the reader handles)."""
    skip = {"geometry", "buurtcode", "wijkcode", *also}
    return [index, *[c for c in frame.columns if c not in skip]]


def _table(name: str, values: dict[str, Any]) -> list[str]:
    return [f"[{name}]", *(f"{k} = {_value(v)}" for k, v in values.items()), ""]


def manifest_text(bron: Bron, info: Bundelinfo) -> str:
    """The ``manifest.toml`` of a written bundle: its files and the identity mapping."""
    d = info.map
    areas = {
        "wijken": ["wijkcode", "wijknaam", "inwoners"],
        "buurten": ["buurtcode", "buurtnaam", "wijkcode", "inwoners"],
    }
    for optional in ("huishoudens", "pct_eenpersoons", "pct_met_kinderen", "buiten_osm"):
        if optional in bron.buurten.columns:
            areas["buurten"].append(optional)
    header: dict[str, Any] = {"naam": bron.naam, "gemeentecode": bron.gemeentecode}
    if info.jaar_bevolking is not None:
        header["jaar_bevolking"] = info.jaar_bevolking
    header["beschrijving"] = info.beschrijving
    lines = [
        f"# Bundle {bron.naam} ({bron.gemeentecode}): GeoParquet in EPSG:28992 under the",
        "# package's column names, written by sociale_basis.datasets.write_bundle.",
        "# How it was made: HERKOMST.md; licences and attribution: LICENCE-*.txt.",
        "",
        *(f"{k} = {_value(v)}" for k, v in header.items()),
        "",
    ]
    for part, columns in areas.items():
        lines += _table(part, {"bestand": f"{d}/{part}.parquet"})
        lines += _table(f"{part}.kolommen", {c: c for c in columns})
    groepen = [list(g) for g in bron.leeftijdsgroepen]
    lines += _table("buurten.leeftijd", {"eenheid": bron.leeftijd_eenheid, "groepen": groepen})
    lines += _table("adressen", {"bestand": f"{d}/adressen.parquet"})
    lines += _table("adressen.kolommen", {c: c for c in _own(bron.adressen, "adres_id")})
    if len(bron.voorzieningen):
        vz_file = {"bestand": f"{d}/voorzieningen.parquet", "soorten": "eigen"}
        vz = _own(bron.voorzieningen, "voorziening_id", also=("soort", "bron_soort"))
        lines += _table("voorzieningen", vz_file)
        lines += _table("voorzieningen.kolommen", {c: c for c in vz})
    if bron.netwerk_edges is not None:
        lines += _table("netwerk", {"bestand": f"{d}/netwerk.parquet"})
    if bron.kerncijfers is not None:
        lines += ["[[kerncijfers]]", f"bestand = {_value(f'{d}/kerncijfers.parquet')}", ""]
    aanvullen: Any = "alles" if bron.aanvullen == ["alles"] else list(bron.aanvullen)
    lines += _table("synthetisch", {"aanvullen": aanvullen})
    for k, v in info.extra.items():
        lines += _table(k, v)
    for b in bron.bronnen:
        lines += ["[[bronnen]]", *(f"{k} = {_value(v)}" for k, v in b.items()), ""]
    return "\n".join(lines).rstrip() + "\n"

"""The regional tables: all buurten and all wijken of the gemeenten of a region run.

Each row is a cell-for-cell copy of what the gemeente's own tables show: the values that
passed :func:`sociale_basis.privacy.protect_levels` (buurten and wijken protected
together, rules R1-R5), and the label of the rule where a value is hidden. The gemeenten
are disjoint and no regional or gemeente total is added, so the combined table publishes
nothing that the gemeenten's own tables do not: every hidden cell keeps the interval that
the audit of its gemeente gave it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from ..core.paths import file_stem
from ..present.spreadsheet import write_csv, write_xlsx
from .gemeente import TEKST, Afloop

NIVEAUS = ("buurt", "wijk")
VASTE_KOLOMMEN = ("gemeentecode", "gemeente", "naam", "wijkcode")


def part_path(afloop: Afloop, niveau: str) -> Path:
    """Where a gemeente's part of the regional table of ``niveau`` is."""
    return Path(afloop.map) / f"{file_stem(afloop.bundel)}_regio_{niveau}en.parquet"


def read_regiotabel(afloop: Sequence[Afloop], niveau: str) -> gpd.GeoDataFrame:
    """The parts of the gemeenten that are done (``klaar`` or ``overgeslagen``) as one
    frame: numbers as numbers, a hidden cell's label in ``<kolom>:tekst``, the outlines
    (simplified) as geometry, the bundle in ``bundel``; indexed by area code."""
    parts = [
        gpd.read_parquet(part_path(a, niveau)).assign(bundel=a.bundel)
        for a in afloop
        if a.status in ("klaar", "overgeslagen")
    ]
    if not parts:
        empty: dict[str, list[str]] = {c: [] for c in (*VASTE_KOLOMMEN, "bundel")}
        return gpd.GeoDataFrame(empty, geometry=[], crs="EPSG:28992")
    frame = pd.concat(parts)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=parts[0].crs)


def shown(frame: pd.DataFrame, kolommen: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """The regional table as people see it: the fixed columns, then every measure in the
    order of ``kolommen``, a hidden cell's label where there is one."""
    out = pd.DataFrame(index=frame.index)
    for col in VASTE_KOLOMMEN:
        if col in frame.columns:
            out[col] = frame[col]
    for name in kolommen:
        if name not in frame.columns:
            continue
        values = frame[name].astype(object)
        label = frame.get(f"{name}{TEKST}")
        if label is not None:
            values = values.where(label.isna(), label)
        out[name] = values.where(values.notna(), None)
    return out


def kolommen_van(afloop: Sequence[Afloop]) -> dict[str, dict[str, Any]]:
    """The columns of all gemeenten, in the order they first appear."""
    out: dict[str, dict[str, Any]] = {}
    for a in afloop:
        if a.status in ("klaar", "overgeslagen"):
            for name, info in a.kolommen.items():
                out.setdefault(name, info)
    return out


def combine(afloop: Sequence[Afloop], uit: Path) -> list[Path]:
    """Write ``regio_buurten.csv``/``.xlsx`` and ``regio_wijken.csv``/``.xlsx`` (every
    area of every gemeente that is done, with ``gemeentecode``) and
    ``regio_afscherming.md`` (how they are protected, with a link to the report of
    each gemeente). Returns the files written."""
    kolommen = kolommen_van(afloop)
    uitleg = pd.DataFrame(
        [
            (name, i.get("thema", ""), i.get("label", ""), i.get("eenheid", ""))
            for name, i in kolommen.items()
        ],
        columns=["kolom", "thema", "betekenis", "eenheid"],
    )
    written = []
    for niveau in NIVEAUS:
        frame = shown(read_regiotabel(afloop, niveau), kolommen)
        frame.index.name = f"{niveau}code"
        csv = uit / f"regio_{niveau}en.csv"
        write_csv(frame, csv)
        xlsx = uit / f"regio_{niveau}en.xlsx"
        write_xlsx(xlsx, {f"{niveau}en": (frame, True), "uitleg": (uitleg, False)})
        written += [csv, xlsx]
    written.append(_report(afloop, uit))
    return written


def _report(afloop: Sequence[Afloop], uit: Path) -> Path:
    lines = [
        "# Afscherming van de regionale tabellen",
        "",
        "De tabellen `regio_buurten` en `regio_wijken` zijn de beveiligde tabellen van de "
        "gemeenten onder elkaar: elke cel staat er zoals in de tabellen van de gemeente zelf "
        "(regels R1-R5; buurten en wijken van een gemeente samen beveiligd). Er komen geen "
        "totalen per gemeente of regio bij, dus een verborgen cel is ook hier niet terug te "
        "rekenen. Wat per gemeente verborgen is en waarom:",
        "",
    ]
    for a in afloop:
        if a.status in ("klaar", "overgeslagen"):
            stem = file_stem(a.bundel)
            lines.append(f"- {a.naam} ({a.gemeentecode}): `{stem}/{stem}_afscherming.md`")
    missing = [a for a in afloop if a.status == "mislukt"]
    if missing:
        lines += ["", "Niet opgenomen (mislukt, zie `regio_fouten.csv`):", ""]
        lines += [f"- {a.naam or a.gemeente}: stap '{a.stap}'" for a in missing]
    path = uit / "regio_afscherming.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path

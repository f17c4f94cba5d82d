"""What a reader returns: the data and a report that accounts for every input row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import RD_NEW
from ..core.errors import Problem
from ..core.html import card
from .cells import canonical_int, is_missing, parse_number
from .files import Bestand

FrameT = TypeVar("FrameT", bound=pd.DataFrame)


@dataclass(frozen=True)
class Afwijzing:
    """One rejected input row (spreadsheet numbering) and its problems."""

    rij: int
    problemen: tuple[Problem, ...]


PERSOONLIJKE_TABELLEN = frozenset({"inwoners", "relaties", "professionals"})
"""Tables whose rows are about persons (DESIGN §5); a professional is a person too."""


@dataclass(frozen=True)
class Rapport:
    """What happened to every row of one input file.

    Attributes
    ----------
    bestand
        The file name.
    tabel
        What the file holds: ``"voorzieningen"``, ``"relaties"``, ...
    gelezen, gebruikt
        Rows read (rows with only empty cells not counted) and rows in ``data``;
        ``gelezen == gebruikt + len(afgewezen)``.
    afgewezen
        The rows left out with ``ongeldig="weglaten"``, with their problems.
    opmerkingen
        What the reader did besides (CRS converted, codes derived, columns pseudonymised).
    """

    bestand: str
    tabel: str
    gelezen: int
    gebruikt: int
    afgewezen: tuple[Afwijzing, ...] = ()
    opmerkingen: tuple[str, ...] = ()

    @property
    def problemen(self) -> tuple[Problem, ...]:
        """Every problem of every rejected row, in file order."""
        return tuple(p for a in self.afgewezen for p in a.problemen)

    def problemen_tabel(self) -> pd.DataFrame:
        """The problems as a table (one row per problem), e.g. to save for the supplier."""
        rows = [(p.file, p.row, p.column, p.value, p.problem, p.fix) for p in self.problemen]
        columns = ["bestand", "rij", "kolom", "waarde", "probleem", "oplossing"]
        return pd.DataFrame(rows, columns=columns)

    def _telling(self) -> str:
        """The row counts in one Dutch sentence part."""
        return (
            f"{self.gelezen} rijen gelezen, {self.gebruikt} gebruikt, "
            f"{len(self.afgewezen)} afgewezen"
        )

    def __str__(self) -> str:
        lines = [f"{self.bestand} ({self.tabel}): {self._telling()}"]
        if self.afgewezen:
            lines.append("Afgewezen rijen:")
            lines += [f"  {p}" for p in self.problemen]
        if self.opmerkingen:
            lines.append("Opmerkingen:")
            lines += [f"  - {o}" for o in self.opmerkingen]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        problemen = self.problemen_tabel() if self.afgewezen else None
        if problemen is not None and self.tabel in PERSOONLIJKE_TABELLEN:
            # Notebook output is saved and shared with the .ipynb: the cell values of a
            # rejected row about a person stay out of it (str(rapport) still has them).
            problemen = problemen.drop(columns="waarde")
        return card(
            f"{self.bestand} ({self.tabel})",
            [self._telling()],
            frame=problemen,
            index=False,
            footnote="; ".join(self.opmerkingen),
        )


class Gelezen(NamedTuple, Generic[FrameT]):
    """The result of a reader: the data and the report; unpacks as ``data, rapport``."""

    data: FrameT
    rapport: Rapport

    def __repr__(self) -> str:
        return (
            f"Gelezen(data=<{type(self.data).__name__}: {len(self.data)} rijen>, "
            f"rapport=<{self.rapport.gebruikt} van {self.rapport.gelezen} rijen gebruikt>)"
        )

    def _repr_html_(self) -> str:
        # Only the shape of the data, never its rows: a reader also returns inwoners and
        # relaties, which are about persons (DESIGN §5), and notebook output is saved in
        # the .ipynb file and shared with it. Show rows explicitly with .data.head().
        index = f"index {self.data.index.name}, " if self.data.index.name else ""
        return card(
            f"Gelezen: {self.rapport.tabel}",
            [
                f"{len(self.data)} rijen ({type(self.data).__name__}); {index}"
                f"kolommen: {', '.join(map(str, self.data.columns))}"
            ],
            inner=[self.rapport._repr_html_()],
        )


def finish(
    b: Bestand,
    ongeldig: str,
    index: tuple[str, list[Any], str] | None,
    columns: dict[str, tuple[list[Any], str]],
    geometry: np.ndarray | None,
    pseudonyms: dict[str, pd.Series] | None = None,
) -> Gelezen[Any]:
    """Raise, or build the frame of the kept rows and the report."""
    t = b.tabel
    keep, rejected = t.outcome(ongeldig)
    data: dict[str, Any] = {}
    for name, (values, dtype) in columns.items():
        data[name] = _series([v for v, k in zip(values, keep, strict=True) if k], dtype)
    for name, pseudonym in (pseudonyms or {}).items():
        data[name] = pseudonym[keep].reset_index(drop=True)
    for header in t.extras():
        column = t.cells[header][keep].reset_index(drop=True)
        data[str(header)] = _typed_extra(column) if b.kind == "csv" else column.infer_objects()
    frame = pd.DataFrame(data, index=pd.RangeIndex(int(keep.sum())))
    if index is not None:
        name, values, dtype = index
        frame.index = pd.Index(
            _series([v for v, k in zip(values, keep, strict=True) if k], dtype), name=name
        )
    result: pd.DataFrame = frame
    if geometry is not None:
        result = gpd.GeoDataFrame(frame, geometry=geometry[keep], crs=RD_NEW)
    rapport = Rapport(
        bestand=t.file,
        tabel=b.tabel_name,
        gelezen=t.n,
        gebruikt=int(keep.sum()),
        afgewezen=tuple(Afwijzing(row, problems) for row, problems in rejected),
        opmerkingen=tuple(t.notes),
    )
    return Gelezen(result, rapport)


def _series(values: list[Any], dtype: str) -> pd.Series:
    if dtype in ("int64", "Int64"):
        values = [None if v is None else int(v) for v in values]
    return pd.Series(values, dtype=dtype)


def _typed_extra(column: pd.Series) -> pd.Series:
    """An extra CSV column as numbers when every filled cell is one (decimal comma too)."""
    texts = [None if is_missing(v) else str(v) for v in column.tolist()]
    present = [v for v in texts if v is not None]
    if not present:
        return pd.Series(texts, dtype="str")
    if all(canonical_int(v) is not None for v in present):
        return _series([None if v is None else canonical_int(v) for v in texts], "Int64")
    # "0123" stays text: a leading zero means a code, not a number.
    if any(re.match(r"-?0\d", v) for v in present):
        return pd.Series(texts, dtype="str")
    try:
        return pd.Series([parse_number(v) for v in texts], dtype="float64")
    except ValueError:
        return pd.Series(texts, dtype="str")

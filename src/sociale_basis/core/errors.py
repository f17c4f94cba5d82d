"""Errors the package raises, and the one format for a problem in an input file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one cell of an input file.

    ``row`` counts as in a spreadsheet: the header is row 1, the first data row is row 2.
    For files without a header row (GeoPackage, GeoJSON, Shapefile) row 2 is the first
    feature too, so users find a row the same way in every format.
    """

    file: str
    row: int | None
    column: str | None
    value: object
    problem: str
    fix: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = "" if self.column is None else self.column
        return f"{self.file}:{row}:{column}: {_show(self.value)} -> {self.problem} -> {self.fix}"


def _show(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class ValidationError(ValueError):
    """Input data that cannot be used; lists every problem found at once.

    Attributes
    ----------
    problems
        Every :class:`Problem`, in file order.

    Parameters
    ----------
    problems
        At least one problem.
    what
        What the problems are about, for the first line; default: the file names.
    max_shown
        Show at most this many problems in the message (default: all). The attribute
        ``problems`` always holds every one.
    """

    def __init__(
        self, problems: list[Problem], what: str | None = None, *, max_shown: int | None = None
    ) -> None:
        if not problems:
            raise ValueError("ValidationError needs at least one problem")
        self.problems = list(problems)
        files = sorted({p.file for p in problems})
        where = what or ", ".join(files)
        n = len(problems)
        head = f"{n} {'probleem' if n == 1 else 'problemen'} in {where}"
        # A file with a systematic fault can give a problem on every one of 100,000 rows;
        # the message then shows the first `max_shown` and `problems` keeps them all.
        shown = self.problems if max_shown is None else self.problems[:max_shown]
        lines = [f"  {p}" for p in shown]
        if len(shown) < n:
            lines.append(f"  ... en nog {n - len(shown)}; alle problemen staan in .problems")
        super().__init__(head + "\n" + "\n".join(lines))


class DataNotFoundError(FileNotFoundError):
    """A bundled or user data set could not be found; the message says where we looked."""

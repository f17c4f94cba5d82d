"""Every input check of the readers and its message: what was expected, what came, how to fix.

A reader turns a file into a :class:`Tabel` (the cells, their spreadsheet rows) and calls
the checks here. Each check returns the parsed values of one column and records a
:class:`~sociale_basis.core.errors.Problem` for every bad cell. Problems that dropping a row
cannot cure (a missing column, a wrong CRS, a forbidden column) are *fatal*; the others
belong to a row. :meth:`Tabel.outcome` then raises one ``ValidationError`` or, on request,
rejects the bad rows.

Messages never show the values of identifying columns in full: a column that identifies a
person (by its name or its values) is refused with one example, masked (``06******78``),
or pseudonymised before any other check looks at it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from ..core.errors import Problem, ValidationError
from ..privacy import (
    identifying_kind,
    identifying_values,
    mask,
    normalise_column,
    pseudonymise,
)
from .cells import (
    BUURTCODE,
    WIJKCODE,
    as_text,
    bounds_text,
    canonical_int_mask,
    case_keys,
    close_match,
    header_key,
    hint,
    missing_mask,
    parse_numbers,
    per_row,
    shown,
)

# Show this many problems in an error message; ``err.problems`` holds them all.
MAX_GETOOND = 200


# Other spellings accepted for our column names (compared after lower case, white space and
# hyphens to "_"). Readers add their own (e.g. ``id`` for the id column).
ALIASSEN: dict[str, tuple[str, ...]] = {
    "x": ("x_rd", "rd_x", "xcoord", "x_coord", "x_coordinaat", "coord_x"),
    "y": ("y_rd", "rd_y", "ycoord", "y_coord", "y_coordinaat", "coord_y"),
    "lon": ("lng", "long", "longitude", "lengtegraad", "lengte"),
    "lat": ("latitude", "breedtegraad", "breedte"),
    "wijkcode": ("wijk_code", "wk_code"),
    "buurtcode": ("buurt_code", "bu_code"),
    "wijknaam": ("wk_naam",),
    "buurtnaam": ("bu_naam",),
    "inwoners": ("aantal_inwoners",),
}


# --- the table under validation ---------------------------------------------------------


class Tabel:
    """The cells of one input file under validation, and every problem found in them.

    Parameters
    ----------
    file
        The file name shown in messages.
    cells
        One row per input row, columns as named in the file; text already stripped.
    rows
        The spreadsheet row number of each row (the header is row 1).
    truncated_names
        True for Shapefiles, whose column names are cut at 10 characters: ``voorzienin``
        then counts as ``voorziening_id``.
    """

    def __init__(
        self,
        file: str,
        cells: pd.DataFrame,
        rows: Sequence[int],
        *,
        truncated_names: bool = False,
    ) -> None:
        self.file = file
        self.cells = cells
        self.rows = [int(r) for r in rows]
        self.n = len(cells)
        self.truncated_names = truncated_names
        self.columns: dict[str, str] = {}  # our name -> the header in the file
        self.geometry_label = "geometry"  # the column(s) named in problems about places
        self.fatal: list[Problem] = []
        self.row_problems: dict[int, list[Problem]] = defaultdict(list)
        self.notes: list[str] = []
        self._reported_missing: set[str] = set()
        self.identifying: set[str] = set()  # headers refused as identifying: values masked

    # --- recording problems

    def problem(self, pos: int, column: str | None, value: object, what: str, fix: str) -> None:
        """A problem in one row; ``column`` is our name or a header, shown as in the file.

        The value of a column found to identify persons is shown masked.
        """
        header = self.columns.get(column, column) if column else column
        if header in self.identifying and value != "":
            value = mask(as_text(value))
        self.row_problems[pos].append(Problem(self.file, self.rows[pos], header, value, what, fix))

    def fatal_problem(
        self, column: str | None, value: object, what: str, fix: str, row: int | None = 1
    ) -> None:
        """A problem no dropped row can cure (the header, the CRS, the whole file)."""
        self.fatal.append(Problem(self.file, row, column, value, what, fix))

    # --- columns

    def match_columns(
        self,
        required: Sequence[str],
        optional: Sequence[str] = (),
        aliases: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Find our columns among the headers; a fatal problem per missing required one.

        A missing column is matched against the headers nobody claimed, so a misspelt
        ``sort`` gets "bedoelde u 'soort'?". Unknown headers stay in the data unchanged;
        one that looks like an optional column gets a note in the report.
        """
        spellings = dict(ALIASSEN)
        for name, extra in (aliases or {}).items():
            spellings[name] = (*spellings.get(name, ()), *extra)
        headers = list(self.cells.columns)
        keys = {h: header_key(h) for h in headers}
        for name in [*required, *optional]:
            accepted = {name, *spellings.get(name, ())}
            if self.truncated_names:
                accepted |= {a[:10] for a in accepted}
            hits = [h for h in headers if keys[h] in accepted and h not in self.columns.values()]
            if len(hits) > 1:
                self.fatal_problem(
                    hits[1],
                    hits[1],
                    f"de kolommen '{hits[0]}' en '{hits[1]}' betekenen allebei '{name}'",
                    "houd er één over",
                )
            if hits:
                self.columns[name] = hits[0]
        unclaimed = [h for h in headers if h not in self.columns.values()]
        for name in required:
            if name not in self.columns:
                self.missing_column(name, unclaimed, spellings=spellings.get(name, ()))
        for header in unclaimed:
            close = close_match(keys[header], [o for o in optional if o not in self.columns])
            if close:
                self.notes.append(
                    f"kolom '{header}' is onbekend en blijft ongewijzigd; bedoelde u '{close}'?"
                )

    def missing_column(
        self,
        name: str,
        unclaimed: Sequence[str],
        fix: str | None = None,
        spellings: Sequence[str] = (),
    ) -> None:
        """A fatal problem for a required column, naming the nearest header if any.

        The headers are compared with the name and its other spellings, so ``lattitude``
        is found for ``lat`` through ``latitude``.
        """
        if name in self._reported_missing:
            return
        self._reported_missing.add(name)
        by_key = {header_key(h): h for h in unclaimed}
        close = None
        for spelling in (name, *spellings):
            close = close_match(spelling, list(by_key))
            if close:
                break
        if close:
            header = by_key[close]
            self.fatal_problem(
                header,
                header,
                f"onbekende kolom; de verplichte kolom '{name}' ontbreekt",
                f"bedoelde u '{name}'? Hernoem de kolom naar '{name}'",
            )
            return
        have = ", ".join(str(c) for c in self.cells.columns) or "geen"
        self.fatal_problem(
            name,
            "",
            f"verplichte kolom '{name}' ontbreekt",
            fix or f"voeg de kolom '{name}' toe (het bestand heeft: {have})",
        )

    def has(self, name: str) -> bool:
        """True when the file has our column ``name``."""
        return name in self.columns

    def extras(self) -> list[str]:
        """Headers that are not one of our columns, in file order."""
        ours = set(self.columns.values())
        return [h for h in self.cells.columns if h not in ours]

    # --- privacy

    def refuse_identifying(
        self,
        to_pseudonymise: Sequence[str],
        key: bytes | str | None,
        own: Sequence[str] = (),
    ) -> dict[str, pd.Series]:
        """Pseudonymise the named columns and refuse every other identifying column.

        A column identifies a person by its name
        (:func:`~sociale_basis.privacy.identifying_kind`: ``naam_inwoner``, ``geb_dat``,
        ``telnr_mobiel``, ...) or by its values
        (:func:`~sociale_basis.privacy.identifying_values`: BSN's, phone numbers, e-mail
        addresses, IBANs, postcodes with a house number). Each is a fatal problem naming
        the column, an example row with the value masked, and the fix. ``own`` names the
        reader's own id columns (``inwoner_id``, ``van``, ...): they cannot be
        pseudonymised, so their fix is to use own numbers.

        Returns the pseudonyms by output column name (``<column>_pseudoniem``). The original
        columns are dropped from the cells, so no later step (or message) can see them.
        """
        out: dict[str, pd.Series] = {}
        by_norm = {normalise_column(h): h for h in self.cells.columns}
        for wanted in to_pseudonymise:
            header = by_norm.get(normalise_column(wanted))
            if header is None:
                close = close_match(normalise_column(wanted), list(by_norm))
                self.fatal_problem(
                    wanted,
                    wanted,
                    "kolom om te pseudonimiseren bestaat niet",
                    f"bedoelde u '{by_norm[close]}'?"
                    if close
                    else "noem in pseudonimiseer= een kolom uit het bestand",
                )
                continue
            assert key is not None  # the reader checked the key before reading
            values = pseudonymise(self.cells[header], key).reset_index(drop=True)
            out[f"{header_key(header)}_pseudoniem"] = values
            self.cells = self.cells.drop(columns=[header])
            self.notes.append(
                f"kolom '{header}' vervangen door een pseudoniem "
                f"('{header_key(header)}_pseudoniem'); de oorspronkelijke waarden zijn niet bewaard"
            )
        own_keys = {header_key(o) for o in own}
        for header in self.cells.columns:
            if header_key(header) in own_keys:
                fix = (
                    f"gebruik in '{header}' eigen volgnummers in plaats van persoonsgegevens "
                    "(in alle bestanden dezelfde); een pseudoniem kan hier niet"
                )
            else:
                fix = (
                    "verwijder de kolom uit het bestand, of vervang haar bij het inlezen door "
                    f"een pseudoniem: pseudonimiseer=['{header}'], sleutel=<geheime sleutel> "
                    "(zie sb.privacy.pseudonymise)"
                )
            kind = identifying_kind(header)
            if kind is not None:
                self.identifying.add(header)
                self.fatal_problem(
                    header,
                    header,
                    f"kolom met direct identificerende persoonsgegevens ({kind}"
                    f"{self._example(header)}); die mogen het pakket niet in (DESIGN §5)",
                    fix,
                )
                continue
            hit = identifying_values(self.cells[header])
            if hit is not None:
                self.identifying.add(header)
                self.fatal_problem(
                    header,
                    hit.voorbeeld,
                    f"de kolom bevat {hit.omschrijving} ({hit.aantal} van {hit.ingevuld} "
                    "ingevulde cellen; voorbeeld gemaskeerd): direct identificerende "
                    "persoonsgegevens mogen het pakket niet in (DESIGN §5)",
                    fix,
                    self.rows[hit.positie],
                )
        return out

    def _example(self, header: str) -> str:
        """``", bijv. rij 2: 'Ja******en'"``: the first filled cell, masked; or ``""``."""
        filled = np.flatnonzero(~missing_mask(self.cells[header]))
        if not len(filled):
            return ""
        pos = int(filled[0])
        return f", bijv. rij {self.rows[pos]}: '{mask(as_text(self.cells[header].iat[pos]))}'"

    # --- typed columns

    def text(
        self, name: str, *, required: bool | Sequence[bool] = False, fix: str = ""
    ) -> list[str | None]:
        """Our column ``name`` as text; a problem per missing value where required."""
        if name not in self.columns:
            return [None] * self.n
        series = self.cells[self.columns[name]]
        missing = missing_mask(series)
        values = series.tolist()
        for pos in np.flatnonzero(missing & np.asarray(per_row(required, self.n), dtype=bool)):
            self.problem(int(pos), name, shown(values[pos]), "waarde ontbreekt", fix)
        return [None if m else as_text(v) for v, m in zip(values, missing, strict=True)]

    def ids(self, name: str, *, noun: str, integer: bool = False) -> list[object]:
        """An id column: present, unique, and an int where ``integer`` (else int when all are).

        Every row of a duplicate id is named, with the other rows, because we cannot tell
        which of them is right.
        """
        texts = self.text(name, required=True, fix=f"geef elke {noun} een {name}")
        present = np.array([t is not None for t in texts], dtype=bool)
        is_int = canonical_int_mask(texts, present)
        if integer:
            for pos in np.flatnonzero(present & ~is_int):
                self.problem(
                    int(pos), name, texts[pos], "geen geheel getal", f"geef elke {noun} een nummer"
                )
        values: list[object] = list(texts)
        if integer or is_int[present].all():
            values = [int(t) if ok and t else None for t, ok in zip(texts, is_int, strict=True)]
        keys = pd.Series(values, dtype=object)
        doubles = np.flatnonzero(keys.notna() & keys.duplicated(keep=False))
        seen: dict[object, list[int]] = defaultdict(list)
        for at in doubles:
            seen[values[at]].append(int(at))
        for positions in seen.values():
            for here in positions:
                others = ", ".join(str(self.rows[p]) for p in positions if p != here)
                self.problem(
                    here,
                    name,
                    texts[here],
                    f"dubbele {name} (ook op rij {others})",
                    f"geef elke {noun} een eigen {name}",
                )
        self._case_doubles(name, noun, texts, present & ~is_int)
        return values

    def _case_doubles(
        self, name: str, noun: str, texts: list[str | None], text_ids: np.ndarray
    ) -> None:
        """Ids that differ only in case (``A1``, ``a1``): probably one and the same, so
        every row involved gets a problem naming the others, as for duplicate ids."""
        if not text_ids.any():
            return
        at = np.flatnonzero(text_ids)
        ids = pd.Series([texts[p] for p in at], index=at, dtype=object)
        folded = ids.str.casefold()
        mixed = (ids.groupby(folded).transform("nunique") > 1).to_numpy()
        for _, group in ids[mixed].groupby(folded[mixed]):
            rows = [(int(p), str(t)) for p, t in zip(group.index, group.tolist(), strict=True)]
            for here, text in rows:
                others = [(p, t) for p, t in rows if t != text]
                listed = ", ".join(f"'{t}' (rij {self.rows[p]})" for p, t in others)
                self.problem(
                    here,
                    name,
                    text,
                    f"{name} verschilt alleen in hoofdletters van {listed}: waarschijnlijk "
                    f"dezelfde {noun}",
                    f"schrijf het id overal op dezelfde manier als het dezelfde {noun} is; "
                    f"anders geef elke {noun} een {name} die ook zonder hoofdletters verschilt",
                )

    def number(
        self,
        name: str,
        *,
        required: bool = False,
        integer: bool = False,
        low: float | None = None,
        high: float | None = None,
        fix: str = "",
    ) -> list[float | None]:
        """A numeric column; decimal comma allowed; a problem per bad or impossible value."""
        if name not in self.columns:
            return [None] * self.n
        series = self.cells[self.columns[name]]
        numbers, missing, bad = parse_numbers(series)
        raw = series.tolist()
        what = "geheel getal" if integer else "getal"
        for pos in np.flatnonzero(bad):
            self.problem(int(pos), name, shown(raw[pos]), f"geen {what}", f"vul een {what} in")
        if required:
            for pos in np.flatnonzero(missing):
                self.problem(int(pos), name, shown(raw[pos]), "waarde ontbreekt", fix)
        with np.errstate(invalid="ignore"):
            broken = (numbers % 1 != 0) if integer else np.zeros(self.n, dtype=bool)
            outside = np.zeros(self.n, dtype=bool)
            if low is not None:
                outside |= numbers < low
            if high is not None:
                outside |= numbers > high
        broken &= ~np.isnan(numbers)
        outside &= ~broken
        for pos in np.flatnonzero(broken):
            self.problem(int(pos), name, shown(raw[pos]), "geen geheel getal", f"vul een {what} in")
        bounds = bounds_text(low, high)
        for pos in np.flatnonzero(outside):
            self.problem(int(pos), name, shown(raw[pos]), f"onmogelijke waarde ({bounds})", fix)
        numbers[broken | outside] = np.nan
        return [None if math.isnan(v) else v for v in numbers.tolist()]

    def category(
        self,
        name: str,
        allowed: Sequence[str],
        where: str,
        *,
        required: bool | Sequence[bool] = False,
    ) -> list[str | None]:
        """A column of keys from a fixed list (case, spaces and hyphens do not matter)."""
        texts = self.text(name, required=required, fix=f"vul een {name} in (zie {where})")
        keys = case_keys(texts)
        known = set(allowed)
        hints: dict[str, str] = {}  # difflib is slow; a wrong column has one value many times
        out: list[str | None] = []
        for pos, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if key is None or key in known:
                out.append(key)
                continue
            if key not in hints:
                hints[key] = hint(key, allowed, where)
            self.problem(pos, name, text, f"onbekende {name}", hints[key])
            out.append(None)
        return out

    def area_code(self, name: Literal["buurtcode", "wijkcode"]) -> list[str | None]:
        """A column of CBS codes in the right form (``BU`` + 8 digits, ``WK`` + 6 digits)."""
        pattern, prefix, digits = (
            (BUURTCODE, "BU", 8) if name == "buurtcode" else (WIJKCODE, "WK", 6)
        )
        example = "BU05031100" if name == "buurtcode" else "WK050311"
        texts = self.text(name)
        codes = pd.Series(texts, dtype=object).str.upper()
        wrong = np.asarray(
            codes.notna() & ~codes.str.fullmatch(pattern.pattern).eq(True), dtype=bool
        )
        for pos in np.flatnonzero(wrong):
            code = codes.iloc[pos]
            fix = f"gebruik de CBS-code: {prefix} + {digits} cijfers, bijv. '{example}'"
            if re.fullmatch(rf"\d{{{digits}}}", code):
                fix = f"bedoelde u '{prefix}{code}'?"
            self.problem(
                int(pos),
                name,
                texts[pos],
                f"{name} heeft niet de vorm {prefix} + {digits} cijfers",
                fix,
            )
        return [
            None if w or c is None else str(c) for c, w in zip(codes.tolist(), wrong, strict=True)
        ]

    # --- the end

    def outcome(self, ongeldig: str) -> tuple[np.ndarray, list[tuple[int, tuple[Problem, ...]]]]:
        """Raise one ValidationError, or return the rows to keep and the rejected rows.

        Fatal problems always raise. Row problems raise unless ``ongeldig == "weglaten"``;
        then their rows are rejected (returned with their problems) and the rest is kept.
        """
        order = {h: i for i, h in enumerate(self.cells.columns)}
        rows = {
            # a problem of the whole row (no column) first, then in the order of the columns
            pos: sorted(
                found, key=lambda p: -1 if p.column is None else order.get(p.column, len(order))
            )
            for pos, found in sorted(self.row_problems.items())
        }
        if self.fatal or (rows and ongeldig != "weglaten"):
            fatal = sorted(self.fatal, key=lambda p: p.row or 0)
            listed = [*fatal, *(p for found in rows.values() for p in found)]
            raise ValidationError(listed, max_shown=MAX_GETOOND)
        keep = np.ones(self.n, dtype=bool)
        keep[list(rows)] = False
        return keep, [(self.rows[pos], tuple(found)) for pos, found in rows.items()]

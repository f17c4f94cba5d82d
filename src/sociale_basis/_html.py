"""Compact HTML cards for the rich display of results in Jupyter (``_repr_html_``).

Every text that comes from data is escaped here (DESIGN §5): names of buurten,
voorzieningen and column headers come from files and can hold ``<script>``, and a notebook
renders what ``_repr_html_`` returns as HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

import pandas as pd

MAX_RIJEN = 12
"""Rows shown of a table: enough to see what it holds without flooding the notebook."""


def table(frame: pd.DataFrame, max_rows: int = MAX_RIJEN, *, index: bool = True) -> str:
    """The first ``max_rows`` rows of ``frame`` as an escaped HTML table, with a note on
    how many rows were left out."""
    shown = frame.head(max_rows).to_html(escape=True, border=0, na_rep="-", index=index)
    rest = len(frame) - max_rows
    if rest > 0:
        shown += f"<small>... en nog {rest} {'rij' if rest == 1 else 'rijen'}</small>"
    return shown


def card(
    title: str,
    lines: Iterable[object] = (),
    *,
    pairs: Mapping[str, object] | None = None,
    frame: pd.DataFrame | None = None,
    max_rows: int = MAX_RIJEN,
    index: bool = True,
    inner: Iterable[str] = (),
    footnote: str = "",
) -> str:
    """A card: bold title, lines, key-value pairs, a table, nested cards and a footnote.

    Every text argument is escaped. ``inner`` is the only HTML taken as is, so it must
    come from :func:`card` or :func:`table` (it lets a result show the card of a part,
    e.g. the report of a reader), never from data.
    """
    parts = [f"<b>{escape(title)}</b>"]
    parts += [f"<div>{escape(str(line))}</div>" for line in lines]
    if pairs:
        rows = "".join(
            f"<tr><th style='text-align:left'>{escape(str(key))}</th>"
            f"<td style='text-align:left'>{escape(str(value))}</td></tr>"
            for key, value in pairs.items()
        )
        parts.append(f"<table border='0'>{rows}</table>")
    if frame is not None:
        parts.append(table(frame, max_rows, index=index))
    parts += list(inner)
    if footnote:
        parts.append(f"<div><small>{escape(footnote)}</small></div>")
    return "<div>" + "\n".join(parts) + "</div>"

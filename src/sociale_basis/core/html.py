"""Text that reaches HTML: the one escaping function, JSON for ``<script>``, and the
compact cards of the rich display in Jupyter (``_repr_html_``).

Every text that comes from data goes through :func:`escape` (DESIGN §5). Two dangers:

- **HTML/script injection.** Names of buurten, voorzieningen and column headers come from
  files and can hold ``<script>``; folium and Leaflet insert tooltips, popups and layer
  names as raw HTML, and a notebook renders what ``_repr_html_`` returns.
- **Template injection.** folium/branca build a map page by rendering jinja2 templates,
  and the output of each element's macros becomes the *source* of a new template that is
  rendered once more when the page is saved (``branca.element.MacroElement.render`` wraps
  it in ``Element(...)``, which compiles it with ``jinja2.Template``). A name such as
  ``{{ 7*7 }}`` would show ``49``, and a longer payload runs Python code on the analyst's
  machine. :func:`escape` therefore also writes ``{``, ``}`` and ``#`` as HTML character
  references (``&#123;`` ...), and :func:`js_json` writes them as ``\u007b`` ... inside
  JSON strings: every jinja2 delimiter (``{{``, ``{%``, ``{#``) starts with ``{``, so no
  text from data can open one, while the browser shows the same characters.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import pandas as pd

_HTML_TEXT = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        "{": "&#123;",
        "}": "&#125;",
        "#": "&#35;",
    }
)


def escape(value: object) -> str:
    """``value`` as text that is inert in HTML, in an HTML attribute and in a jinja2
    template: ``& < > " '`` as in :func:`html.escape`, and ``{ } #`` as character
    references. The browser shows the text exactly as written.

    ``escape("Café {{De Hoek}} <b>")`` gives
    ``"Café &#123;&#123;De Hoek&#125;&#125; &lt;b&gt;"``.
    """
    return str(value).translate(_HTML_TEXT)


_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def inert(markup: str) -> str:
    """HTML markup made by this package with ``{`` and ``}`` as character references, so
    it cannot open a jinja2 tag. The last guard before markup enters a folium object: the
    texts inside were escaped with :func:`escape` already; this also covers a brace in
    the package's own markup. Markup never needs a literal brace (CSS goes in the page's
    style sheet, not in markup)."""
    return markup.translate(_BRACES)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_STRING_CHARS = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "'": "\\u0027",
        "{": "\\u007b",
        "}": "\\u007d",
        "#": "\\u0023",
    }
)


def js_json(value: object) -> str:
    """``value`` as JSON that is safe inside ``<script>`` and inside a jinja2 template.

    Within JSON strings, ``< > & '`` (which could close the script or an attribute) and
    ``{ } #`` (which could open a jinja2 tag) are written as ``\\uXXXX`` escapes; JavaScript
    reads the same text. JSON's own braces (objects) are never followed by ``{``, ``%``
    or ``#``, so they cannot open a tag either.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _JSON_STRING.sub(lambda m: m.group(0).translate(_JSON_STRING_CHARS), text)


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

"""Signals on a map: a few strong messages per area, in plain words.

The signals of an area are ranked and grouped into messages by
:func:`sociale_basis.gaps.rank_signalen` (severity x robustness; the rows of one signal
for several groups are one message). A map then shows:

- a wijk map: per buurt its first :data:`~sociale_basis.gaps.MAX_BERICHTEN` messages as
  labelled markers ("! Huisarts ver weg"), stacked below the buurt's name; the
  signals about the whole wijk in the legend;
- an overview: one marker per area (its strongest message), the first three messages in
  the popup.

A popup gives the reason in plain words; the numbers, the method and the other messages
are behind a fold "meer". Every reason is in a ``<span class="sb-reden"
data-gebied="...">``, so what a map publishes can be compared with the tables. The
markers are coloured by severity (reds and oranges, which no voorziening uses) and shaped
as a tag, never as the round discs of the voorzieningen.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.formatting import format_number
from ..core.html import escape
from ..gaps import MAX_BERICHTEN, SIGNAALREGELS, SIGNALEN, rank_signalen
from ..gaps.reasons import format_m, format_pct
from .map_layers import (
    ERNST_KLEUREN,
    PIL_SYMBOOL,
    SIGNAAL_SYMBOOL,
    legend_row_point,
    point_layer,
)

e = escape
STAPEL_PX = 23
"""Vertical distance between the stacked markers of one buurt."""
ONDER_NAAM_PX = 12
"""The first marker of a buurt sits this far below the buurt's name."""


def message_of(signaal: object, onderwerp: object) -> str:
    """The short message of a signal ("Huisarts ver weg"); an unknown code as it is."""
    regel = SIGNAALREGELS.get(str(signaal))
    if regel is not None:
        return regel.bericht(onderwerp)
    meaning = SIGNALEN.get(str(signaal), str(signaal)) if str(signaal) in SIGNALEN else None
    text = meaning or str(signaal)
    return text[:1].upper() + text[1:]


def measured(signaal: object, waarde: object, drempel: object) -> str:
    """The numbers of a signal in words of its unit: "gemeten 23%; grens 15%". A p-value
    is no number for a wijkgesprek: a signal in ``p`` gives none (its ``toelichting``
    says how it was tested)."""
    regel = SIGNAALREGELS.get(str(signaal))
    eenheid = regel.eenheid if regel is not None else ""
    if eenheid == "p":
        return ""
    parts = []
    for what, value in (("gemeten", waarde), ("grens", drempel)):
        if not isinstance(value, int | float | np.integer | np.floating):
            continue
        v = float(value)
        if not np.isfinite(v):
            continue
        if eenheid == "aandeel":
            text = format_pct(v)
        elif eenheid == "m":
            text = format_m(v)
        elif eenheid == "verhouding":
            text = f"{format_pct(v)} van het gemiddelde"
        else:
            text = format_number(v, 0 if v.is_integer() else 2)
        parts.append(f"{what} {text}")
    return "; ".join(parts)


def _tuples(rows: pd.DataFrame) -> Iterator[SimpleNamespace]:
    """The rows with their columns as attributes, like ``itertuples``, without the
    namedtuple class that ``itertuples`` makes on every call (which cost more than the
    rest of a message)."""
    columns = [str(c) for c in rows.columns]
    for values in rows.to_numpy(dtype=object):  # one conversion, not one per column
        yield SimpleNamespace(**dict(zip(columns, values, strict=True)))


def _reden(row: Any) -> str:
    return (
        f'<span class="sb-reden" data-gebied="{e(str(row.gebiedcode))}">{e(str(row.reden))}</span>'
    )


def _ernst(row: Any) -> str:
    return f" <small>(ernst {e(str(row.ernst))})</small>"


def _details(rows: pd.DataFrame) -> str:
    """The fold of one message: the numbers, the method and the same signal for the other
    groups of inwoners."""
    first = rows.iloc[0]
    lines = []
    numbers = measured(first["signaal"], first["waarde"], first["drempel"])
    if numbers:
        lines.append(f"<small>{e(numbers[0].upper() + numbers[1:])}.</small>")
    toelichting = first.get("toelichting")
    if isinstance(toelichting, str) and toelichting:
        lines.append(f"<small>{e(toelichting)}</small>")
    for row in _tuples(rows.iloc[1:]):
        lines.append(f"{_reden(row)}{_ernst(row)}")
    if not lines:
        return ""
    return "<details><summary>meer</summary>" + "<br>".join(lines) + "</details>"


def _message(rows: pd.DataFrame) -> str:
    """A message as a list item: short message, severity, reason, and its fold."""
    first = next(_tuples(rows))
    kort = message_of(first.signaal, getattr(first, "onderwerp", None))
    return f"<li><b>{e(kort)}</b>{_ernst(first)}: {_reden(first)}{_details(rows)}</li>"


def _messages(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """The messages of one area, strongest first (rows of one message together)."""
    return [part for _, part in rows.groupby("bericht", sort=True)]


def _rest(messages: list[pd.DataFrame], shown: int) -> str:
    """A fold with the messages that have no marker of their own."""
    rest = messages[shown:]
    if not rest:
        return ""
    items = "".join(_message(m) for m in rest)
    n = len(rest)
    return (
        f"<details><summary>nog {n} {'signaal' if n == 1 else 'signalen'} voor deze "
        f"plek</summary><ul>{items}</ul></details>"
    )


def _marker(
    anchor: gpd.GeoDataFrame, code: str, tip: str, popup: str, label: str | None, ernst: str
) -> list[object]:
    return [
        anchor.at[code, "lat"],
        anchor.at[code, "lon"],
        tip,
        popup,
        label,
        ERNST_KLEUREN.get(ernst),
        f"signaal-{ernst}" if ernst in ERNST_KLEUREN else "signaal",
    ]


def _overview_point(
    anchor: gpd.GeoDataFrame, code: str, naam: str, messages: list[pd.DataFrame]
) -> list[object]:
    """One marker for an area on an overview: its strongest message as the tooltip, the
    first :data:`~sociale_basis.gaps.MAX_BERICHTEN` in the popup, the rest in a fold."""
    first = messages[0].iloc[0]
    items = "".join(_message(m) for m in messages[:MAX_BERICHTEN])
    popup = (
        f"<b>Signalen voor {naam}</b> <small>({e(code)})</small><ul>{items}</ul>"
        f"{_rest(messages, MAX_BERICHTEN)}"
    )
    n = len(messages)
    kort = message_of(first["signaal"], first.get("onderwerp"))
    tip = f"{naam}: {e(kort)}" + (f" en nog {n - 1}" if n > 1 else "")
    return _marker(anchor, code, tip, popup, None, str(first["ernst"]))


def _wijk_points(
    anchor: gpd.GeoDataFrame,
    code: str,
    naam: str,
    messages: list[pd.DataFrame],
    per_gebied: int,
) -> list[list[object]]:
    """The first ``per_gebied`` messages of a buurt as labelled markers stacked below its
    name; the last one's popup also holds the messages without a marker."""
    shown_here = messages[:per_gebied]
    out = []
    for i, message in enumerate(shown_here):
        first = message.iloc[0]
        kort = e(message_of(first["signaal"], first.get("onderwerp")))
        rest = _rest(messages, per_gebied) if i == len(shown_here) - 1 else ""
        popup = f"<b>{naam}</b> <small>({e(code)})</small><ul>{_message(message)}</ul>{rest}"
        point = _marker(
            anchor, code, f"{naam}: {kort}", popup, f"<b>!</b>{kort}", str(first["ernst"])
        )
        point.append([0, -(ONDER_NAAM_PX + STAPEL_PX * i)])  # stacked below the name
        out.append(point)
    return out


_GELEZEN = frozenset(
    {
        "gebiedcode",
        "bericht",
        "signaal",
        "onderwerp",
        "ernst",
        "reden",
        "waarde",
        "drempel",
        "toelichting",
    }
)
"""The columns of a ranked signal that the markers and popups use."""


def signal_layers(
    shown: pd.DataFrame,
    anchor: gpd.GeoDataFrame,
    namen: pd.Series,
    *,
    per_gebied: int,
) -> tuple[list[Any], list[str]]:
    """The markers of the signals of the areas in ``anchor`` (EPSG:4326, ``lat``/``lon``
    per area code) and the legend rows.

    ``per_gebied`` is the number of messages with a marker of their own per area (a wijk
    map: :data:`~sociale_basis.gaps.MAX_BERICHTEN`); 1 gives one marker per area with the
    first messages in its popup (an overview).
    """
    ranked = rank_signalen(shown)
    ranked = ranked[ranked["rang"].notna()]
    # only the columns the popups read: a row is taken apart per message, and that costs
    # per column
    ranked = ranked[[c for c in ranked.columns if c in _GELEZEN]]
    punten: list[list[object]] = []
    # the rows of each area split once (in their order), not a pass over all signals for
    # every area: an overview has hundreds of areas
    per_code = dict(list(ranked.groupby(ranked["gebiedcode"].astype(str), sort=False)))
    for code in anchor.index:
        rows = per_code.get(code)
        if rows is None or rows.empty:
            continue
        naam = e(str(namen.get(code, code)))
        if per_gebied == 1:
            punten.append(_overview_point(anchor, code, naam, _messages(rows)))
        else:
            punten += _wijk_points(anchor, code, naam, _messages(rows), per_gebied)
    used = {str(p[6]).removeprefix("signaal-") for p in punten}
    count = len(punten)
    if not punten:
        return [], []
    layer = point_layer(
        e(f"Signalen ({count})"),
        punten,
        PIL_SYMBOOL if per_gebied > 1 else SIGNAAL_SYMBOOL,
        cluster=False,
        anker=(-6, 30),  # above and right of the area's point, beside its name
        laag="signaal",
    )
    legend = [
        legend_row_point(
            SIGNAAL_SYMBOOL, e(f"signaal, ernst {k}"), kleur=kleur, laag=f"signaal-{k}"
        )
        for k, kleur in ERNST_KLEUREN.items()
        if k in used
    ]
    uitleg = (
        f"Per buurt de {MAX_BERICHTEN} sterkste signalen; klik voor de reden. De andere staan "
        "in de popup en in de tabel met signalen."
        if per_gebied > 1
        else "Eén ! per gebied (het sterkste signaal); klik voor de eerste drie en de reden."
    )
    legend.append(f"<small>{e(uitleg)}</small>")
    return [layer], legend


def wijk_box(shown: pd.DataFrame, wijkcode: str, naam: str) -> str:
    """The signals about a whole wijk, for the legend of its map: its first messages, each
    with the reason behind a fold."""
    rows = shown[shown["gebiedcode"].astype(str) == wijkcode]
    if rows.empty:
        return ""
    ranked = rank_signalen(rows)
    ranked = ranked[ranked["rang"].notna()]
    if ranked.empty:
        return ""
    items = []
    for message in _messages(ranked)[:MAX_BERICHTEN]:
        first = next(_tuples(message))
        kort = e(message_of(first.signaal, getattr(first, "onderwerp", None)))
        items.append(
            f"<li><details><summary>{kort}{_ernst(first)}</summary>{_reden(first)}</details></li>"
        )
    return (
        f"<b>Signalen voor de hele wijk</b><small>{e(naam)} ({e(wijkcode)})</small>"
        f'<ul class="sb-signalen-wijk">{"".join(items)}</ul>'
    )

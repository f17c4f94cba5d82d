"""What if: add or remove voorzieningen and professionals, and compare before and after.

:func:`run_scenario` starts from the caller's :class:`~sociale_basis.gaps.metingen.Metingen`
(``metingen=``; then a scenario starts at once, and the caller's measurements stay as they
were) and recomputes only what the change touches:

* an added or removed voorziening: the distances to its soort (the origins and the
  prepared network are reused), the component distances of its component, and the signals;
* an added or removed professional: the 2SFCA access of its rol, and the social graph's
  cohesion (a removed professional's ties are cut; an added one works at its voorziening
  and has no clients yet).

Everything else is shared (:meth:`Metingen.changed
<sociale_basis.gaps.metingen.Metingen.changed>`). Removing a voorziening leaves the social
graph as it is (visits and the professionals based there stay); remove those
professionals explicitly to model a closure.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core.crs import RD_NEW
from ..core.html import MAX_RIJEN, card
from .changes import arrays_with, change_table, parse_add, parse_remove
from .engine import check_niveau, cijfers_for, metingen_for, signal_frame
from .metingen import Metingen
from .reasons import format_m, format_number, format_p, format_pct
from .registry import SIGNALEN
from .thresholds import Drempels, load_drempels

_KEYS = ["niveau", "gebiedcode", "signaal", "onderwerp", "groep"]


@dataclass(repr=False)  # the tables would flood a console; __repr__ sums up
class Scenario:
    """Before and after of a scenario, per area.

    Attributes
    ----------
    voor, na
        The measures per area (the shown values of :meth:`Cijfers.tabel
        <sociale_basis.gaps.cijfers.Cijfers.tabel>`), indexed by (``niveau``, area code).
    verschil
        ``na - voor`` for the numeric measures, only the areas and columns that changed.
    signalen_voor, signalen_na
        :func:`~sociale_basis.gaps.find_signalen` before and after.
    wijzigingen
        What the scenario changed: ``actie`` (toegevoegd/verwijderd), ``tabel``
        (voorzieningen/professionals), ``id``, ``soort`` (soort or rol), ``x``, ``y``,
        ``buurtcode``.
    herberekend
        What was recomputed for "na" (e.g. ``afstand:buurthuis``, ``cohesie:buurt``).
    duur_s
        Seconds spent on "na" (the before comes from ``metingen`` when given).
    """

    voor: pd.DataFrame
    na: pd.DataFrame
    verschil: pd.DataFrame
    signalen_voor: gpd.GeoDataFrame
    signalen_na: gpd.GeoDataFrame
    wijzigingen: pd.DataFrame
    herberekend: set[str] = field(default_factory=set)
    duur_s: float = 0.0
    namen: dict[Any, str] = field(default_factory=dict, repr=False)

    @property
    def signalen_verschil(self) -> pd.DataFrame:
        """Signals that appear (``nieuw``), disappear (``verdwenen``) or change severity or
        value (``veranderd``), with ``ernst_voor``/``ernst_na`` and both reasons."""
        cols = [*_KEYS, "ernst", "waarde", "drempel", "reden"]
        before = pd.DataFrame(self.signalen_voor[cols])
        after = pd.DataFrame(self.signalen_na[cols])
        both = before.merge(after, on=_KEYS, how="outer", suffixes=("_voor", "_na"))
        status = np.where(
            both["reden_voor"].isna(),
            "nieuw",
            np.where(both["reden_na"].isna(), "verdwenen", "veranderd"),
        )
        ev, en = both["ernst_voor"].astype(object), both["ernst_na"].astype(object)
        same_ernst = (ev == en) | (ev.isna() & en.isna())
        same = same_ernst & np.isclose(both["waarde_voor"], both["waarde_na"], equal_nan=True)
        both["verandering"] = status
        keep = (status != "veranderd") | ~same.to_numpy()
        order = both["verandering"].map({"verdwenen": 0, "nieuw": 1, "veranderd": 2})
        both = both.assign(_o=order).loc[keep].sort_values(["_o", *_KEYS], kind="stable")
        return both.drop(columns="_o").reset_index(drop=True)

    def __str__(self) -> str:
        diff = self.signalen_verschil
        lines = [
            "Scenario:",
            *(f"  {t}" for t in self._wijzigingen_tekst()),
            *self._overzicht(diff),
        ]
        for r in self._verschil_tabel(diff.head(MAX_RIJEN)).to_dict("records"):
            wat = f"{r['gebied']}: {r['signaal']} ({r['onderwerp']})"
            if r["verandering"] == "veranderd":
                lines.append(
                    f"  {wat}: {r['voor']} -> {r['na']}, "
                    f"ernst {r['ernst voor']} -> {r['ernst na']}."
                )
            else:
                lines.append(f"  {wat} {r['verandering']}.")
        if len(diff) > MAX_RIJEN:
            lines.append(f"  ... en nog {len(diff) - MAX_RIJEN}; zie .signalen_verschil.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        n = len(self.signalen_verschil)
        return (
            f"<Scenario: {len(self.wijzigingen)} wijziging(en), {n} signaal(en) anders; "
            "print() geeft de samenvatting>"
        )

    def _repr_html_(self) -> str:
        diff = self.signalen_verschil
        return card(
            "Scenario",
            [*self._wijzigingen_tekst(), *self._overzicht(diff)],
            frame=self._verschil_tabel(diff) if len(diff) else None,
            index=False,
            footnote="Alle veranderde signalen staan in .signalen_verschil.",
        )

    # The text and the HTML display share these, so both always tell the same story.

    def _wijzigingen_tekst(self) -> list[str]:
        """One sentence per change, e.g. 'buurthuis toegevoegd in Buurt A (voorzieningen, id 1).'"""
        out = []
        for _, w in self.wijzigingen.iterrows():
            waar = f" in {self.namen.get(w['buurtcode'], w['buurtcode'])}" if w["buurtcode"] else ""
            out.append(f"{w['soort']} {w['actie']}{waar} ({w['tabel']}, id {w['id']}).")
        return out

    def _overzicht(self, diff: pd.DataFrame) -> list[str]:
        """What was recomputed and how the signals changed, given :attr:`signalen_verschil`."""
        areas: Any = (
            self.verschil.index.get_level_values("gebiedcode").unique()
            if len(self.verschil)
            else []
        )
        counts = diff["verandering"].value_counts()
        herberekend = ", ".join(sorted(self.herberekend)) or "niets"
        return [
            f"Veranderde metingen in {len(areas)} gebied(en); opnieuw berekend: "
            f"{herberekend} ({format_number(self.duur_s, 1)} s).",
            f"Signalen: {len(self.signalen_voor)} voor, {len(self.signalen_na)} na; "
            f"{counts.get('verdwenen', 0)} verdwenen, {counts.get('nieuw', 0)} nieuw, "
            f"{counts.get('veranderd', 0)} veranderd.",
        ]

    def _verschil_tabel(self, diff: pd.DataFrame) -> pd.DataFrame:
        """Rows of :attr:`signalen_verschil` in words: area name, signal, values, severity."""
        rows = []
        for _, r in diff.iterrows():
            # a vanished signal has no threshold "na"; its value is shown against the old one
            drempel = r["drempel_na"] if pd.notna(r["drempel_na"]) else r["drempel_voor"]
            groep = f", {r['groep']}" if isinstance(r["groep"], str) else ""
            rows.append(
                (
                    self.namen.get(r["gebiedcode"], r["gebiedcode"]),
                    SIGNALEN.get(r["signaal"], r["signaal"]),
                    f"{r['onderwerp']}{groep}",
                    r["verandering"],
                    _waarde(r["waarde_voor"], drempel, r["signaal"]),
                    _waarde(r["waarde_na"], drempel, r["signaal"]),
                    r["ernst_voor"] if isinstance(r["ernst_voor"], str) else "-",
                    r["ernst_na"] if isinstance(r["ernst_na"], str) else "-",
                )
            )
        columns = ["gebied", "signaal", "onderwerp", "verandering", "voor", "na"]
        return pd.DataFrame(rows, columns=[*columns, "ernst voor", "ernst na"])


def _waarde(v: float, drempel: float, signaal: str) -> str:
    """A signal's value as Dutch text: p-value, metres or a share (see the signal table)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if signaal == "cluster_laag":
        return f"p = {format_p(v)}"
    if signaal == "component_ontbreekt":
        return format_m(v)
    return format_pct(v, drempel)


def run_scenario(
    gebied: Any,
    add: gpd.GeoDataFrame | Sequence[Mapping[str, Any]] | None = None,
    remove: Sequence[Any] | None = None,
    *,
    niveau: str = "buurt",
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
    modus: str | None = None,
    seed: int | None = 0,
    metingen: Metingen | None = None,
) -> Scenario:
    """Add or remove voorzieningen and professionals; before and after per area.

    Parameters
    ----------
    gebied
        As for :func:`~sociale_basis.gaps.find_signalen`; never changed.
    add
        New voorzieningen and professionals: a GeoDataFrame (EPSG:28992) or a list of
        dicts with ``x`` and ``y`` (RD New metres) and either ``soort`` (a voorziening,
        optional ``naam``) or ``rol`` (a professional, optional ``capaciteit``, default the
        median of that rol in the gebied, and ``voorziening_id``, where it works).
    remove
        Ids to remove: ``"voorziening:12"`` or ``"professional:7"`` (node ids, as in the
        graph), or a plain id, taken as a ``voorziening_id``.
    niveau, drempels, modus, seed
        As for :func:`~sociale_basis.gaps.find_signalen`.
    metingen
        The :class:`~sociale_basis.gaps.metingen.Metingen` of ``gebied``: "before" is
        measured there (and kept there), "after" starts from it. They are not changed by
        the scenario. Without it "before" is measured anew.

    Returns
    -------
    Scenario
        With ``voor``, ``na``, ``verschil``, ``signalen_voor``, ``signalen_na`` and a Dutch
        summary as ``str(result)``.

    Raises
    ------
    ValueError
        Nothing to change, an unknown soort, rol or id, coordinates that are not RD New,
        no capaciteit for a new professional of a rol the gebied does not have, or
        ``metingen`` of another gebied or mode.
    TypeError
        ``add`` of another type.
    """
    levels = check_niveau(niveau)
    d = load_drempels(drempels)
    added_v, added_p = parse_add(gebied, add)
    removed_v, removed_p = parse_remove(gebied, remove)
    if not (len(added_v) or len(added_p) or removed_v or removed_p):
        raise ValueError("het scenario verandert niets: geef add= en/of remove= mee.")
    before = metingen_for(gebied, modus, metingen)
    signalen_voor = signal_frame(before, d, levels, seed)
    start = time.perf_counter()
    rollen = set(added_p["rol"]) | set(gebied.professionals.loc[removed_p, "rol"])
    graph = before.graph_if_built()
    after = before.changed(
        voorzieningen=_combine(gebied.voorzieningen, removed_v, added_v),
        professionals=_combine(gebied.professionals, removed_p, added_p),
        soorten=set(added_v["soort"]) | set(gebied.voorzieningen.loc[removed_v, "soort"]),
        rollen=rollen,
        # the graph with other professionals, without building it again
        arrays=arrays_with(graph, added_p, removed_p) if rollen and graph is not None else None,
    )
    signalen_na = signal_frame(after, d, levels, seed)
    duur = time.perf_counter() - start
    voor, na = _measures(before, d, levels), _measures(after, d, levels)
    return Scenario(
        voor=voor,
        na=na,
        verschil=_difference(voor, na),
        signalen_voor=signalen_voor,
        signalen_na=signalen_na,
        wijzigingen=change_table(added_v, added_p, gebied, removed_v, removed_p),
        herberekend=set(after.herberekend),
        duur_s=duur,
        namen=_names(before, levels, signalen_voor, signalen_na),
    )


def _names(
    metingen: Metingen, levels: tuple[str, ...], *frames: gpd.GeoDataFrame
) -> dict[Any, str]:
    """Area code -> name: as the signals write it, else from the area tables."""
    names: dict[Any, str] = {}
    for frame in frames:
        names.update(zip(frame["gebiedcode"], frame["gebiednaam"], strict=True))
    for level in levels:
        areas = metingen.areas(level)
        col = f"{level}naam"
        if col in areas.columns:
            names.update({c: n for c, n in areas[col].items() if c not in names})
    return names


def _combine(
    frame: gpd.GeoDataFrame, removed: list[Any], added: gpd.GeoDataFrame
) -> gpd.GeoDataFrame:
    kept = frame.drop(index=removed)
    combined = pd.concat([kept, added]) if len(added) else kept
    return gpd.GeoDataFrame(combined, geometry="geometry", crs=RD_NEW)


def _measures(metingen: Metingen, drempels: Drempels, levels: tuple[str, ...]) -> pd.DataFrame:
    cijfers = cijfers_for(metingen, drempels)
    frames = {level: cijfers.tabel(level)[0] for level in levels}
    return pd.concat(frames, names=["niveau", "gebiedcode"])


def _difference(voor: pd.DataFrame, na: pd.DataFrame) -> pd.DataFrame:
    numeric = [c for c in voor.columns if pd.api.types.is_numeric_dtype(voor[c]) and c in na]
    a = voor[numeric].astype(float)
    b = na[numeric].reindex(a.index).astype(float)
    diff = b - a
    changed = ~np.isclose(a.to_numpy(), b.to_numpy(), equal_nan=True, atol=1e-12)
    rows = changed.any(axis=1)
    cols = changed.any(axis=0)
    return diff.loc[rows, np.array(numeric)[cols].tolist()]

"""What a signal's rule gets: the shown measures of one level, and how to write a row.

A rule (:data:`~sociale_basis.gaps.registry.Regel`) reads the shown measures of one level
(:attr:`Context.tabel`, hidden values are NaN), compares them with its thresholds and
writes rows with :meth:`Context.row` (or :meth:`Context.share_rows` for a share column),
each with a Dutch sentence with the numbers. Rows about the whole gemeente (its data lack
a soort or rol entirely) go through :meth:`Context.gemeente_row`; lines for the report of
what was left out go to :attr:`Context.rapport`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..privacy import MIN_INWONERS
from ..streets import get_modus
from .cijfers import Cijfers
from .maten import Maat
from .reasons import format_factor, short_name
from .thresholds import Drempels

Rij = dict[str, Any]
"""One row of :func:`~sociale_basis.gaps.find_signalen`, without the polygon."""


class Context:
    """What every rule needs for one level.

    Attributes
    ----------
    metingen, drempels
        The measurements and the thresholds.
    niveau
        ``"buurt"`` or ``"wijk"``.
    gemeentenaam
        The gemeente's name, for sentences about the whole gemeente.
    tabel, status
        The shown measures per area and, per share or mean, why a value is hidden
        (:meth:`~sociale_basis.gaps.cijfers.Cijfers.tabel`).
    inwoners
        The raw number of inwoners per area (only compared with the privacy minimum).
    names
        Area code -> the name used in a sentence.
    modus, hemelsbreed
        The mode as a sentence says it ("lopen"), and what follows it without a network
        (" (hemelsbreed × omwegfactor 1,27)", else "").
    seed
        Seed for anything random (the cluster permutations).
    rapport
        Dutch lines about what was measured and what was left out, shared by all levels.
    """

    def __init__(
        self, cijfers: Cijfers, niveau: str, gemeentenaam: str, rapport: list[str], seed: int | None
    ) -> None:
        self.cijfers = cijfers
        self.metingen = cijfers.metingen
        self.drempels: Drempels = cijfers.drempels
        self.niveau = niveau
        self.gemeentenaam = gemeentenaam
        self.rapport = rapport
        self.seed = seed
        self.tabel, self.status, self.groep_van = cijfers.tabel(niveau)
        self.inwoners = cijfers.inwoners(niveau)
        areas = self.areas
        name_col = f"{niveau}naam"
        names = areas[name_col] if name_col in areas.columns else pd.Series(None, index=areas.index)
        self.names = {c: short_name(n, str(c)) for c, n in names.items()}
        self.gemeente: list[Rij] = []
        modus = get_modus(self.metingen.modus)
        self.modus = modus.label
        self.hemelsbreed = ""
        if self.metingen.methode == "hemelsbreed":
            self.hemelsbreed = f" (hemelsbreed × omwegfactor {format_factor(modus.detour_factor)})"

    @property
    def areas(self) -> Any:
        """The area polygons of this level, indexed by code."""
        return self.metingen.areas(self.niveau)

    def maat(self, naam: str) -> Maat:
        """The measure ``naam`` of this level (see :meth:`Cijfers.maat`)."""
        return self.cijfers.maat(self.niveau, naam)

    def position(self, code: object) -> int:
        """Row number of an area in the measures."""
        return int(self.tabel.index.get_indexer(pd.Index([code]))[0])

    def shown(self) -> pd.Index:
        """Areas with at least 10 inwoners: the only ones that get signals."""
        return self.inwoners.index[self.inwoners.to_numpy() >= MIN_INWONERS]

    def row(
        self,
        code: object,
        signaal: str,
        onderwerp: str,
        groep: str | None,
        waarde: float,
        drempel: float,
        reden: str,
        richting: str | None,
        toelichting: str = "",
    ) -> Rij:
        """One row; ``richting`` ``"max"`` or ``"min"`` gives it an ``ernst``
        (:func:`severity`), None makes it an information row. ``reden`` is the sentence
        for everyone; ``toelichting`` the method behind it, for who wants to know more
        (statistics, in the fold "meer" on a map)."""
        ernst = None if richting is None else severity(waarde, drempel, richting, self.drempels)
        return {
            "gebiedcode": code,
            "gebiednaam": self.names.get(code, str(code)),
            "niveau": self.niveau,
            "signaal": signaal,
            "onderwerp": onderwerp,
            "groep": groep,
            "ernst": ernst,
            "waarde": float(waarde),
            "drempel": float(drempel),
            "methode": self.metingen.methode,
            "reden": reden,
            "toelichting": toelichting,
        }

    def gemeente_row(self, signaal: str, onderwerp: str, reden: str) -> None:
        """An information row about the whole gemeente (once, whatever the level)."""
        code = str(getattr(self.metingen.gebied, "gemeentecode", "gemeente"))
        row = self.row(code, signaal, onderwerp, None, np.nan, np.nan, reden, None)
        row.update(niveau="gemeente", gebiednaam=self.gemeentenaam)
        self.gemeente.append(row)

    def share_rows(
        self,
        column: str,
        signaal: str,
        onderwerp: str,
        groep: str,
        drempel: float,
        richting: str,
        zin: Callable[[object, float], str],
    ) -> list[Rij]:
        """Rows for one shown column: a signal where its value is past ``drempel``
        (above with ``richting="max"``, below with ``"min"``); ``zin(code, value)`` is the
        reason. Hidden values and areas under 10 inwoners give nothing."""
        if column not in self.tabel.columns:
            return []
        values = dict(zip(self.tabel.index, self.tabel[column].to_numpy(float), strict=True))
        rows = []
        for code in self.shown():
            v = float(values[code])
            if not np.isfinite(v):
                continue
            if (richting == "max" and v > drempel) or (richting == "min" and v < drempel):
                rows.append(
                    self.row(code, signaal, onderwerp, groep, v, drempel, zin(code, v), richting)
                )
        return rows


def severity(waarde: float, drempel: float, richting: str, d: Drempels) -> str:
    """``laag``, ``midden`` or ``hoog`` from how far ``waarde`` is past ``drempel``.

    ``richting="max"`` (a signal when above): ratio ``waarde / drempel``; ``"min"`` (when
    below, also p-values): ratio ``drempel / waarde``. Ratio up to ``ernst_midden``:
    laag; up to ``ernst_hoog``: midden; beyond (or a zero in the denominator): hoog.
    """
    num, den = (waarde, drempel) if richting == "max" else (drempel, waarde)
    ratio = np.inf if den <= 0 else num / den
    if ratio <= d.algemeen.ernst_midden:
        return "laag"
    if ratio <= d.algemeen.ernst_hoog:
        return "midden"
    return "hoog"

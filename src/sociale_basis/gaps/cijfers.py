"""The figures per area for one set of thresholds: measured, protected, shown.

:class:`Cijfers` asks every registered signal for the measures it reads
(:func:`~sociale_basis.gaps.registry.offered`), makes those that a signal that is on or a
cluster analysis reads, and passes the shares and means of buurten and wijken together
through :func:`~sociale_basis.privacy.protect_levels`: the same share rule, "geheim" rule,
minimum group and secondary suppression as the tables (DESIGN §5), so a signal never
publishes a figure that could narrow a hidden one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..privacy import Beveiligd, Kolom, Laag, matches_public, protect_levels
from .maten import Aanbod, Aandeel, Gemiddelde, Kenmerk, Maat
from .metingen import NIVEAUS, Metingen
from .reasons import STATUS_VAN_REGEL
from .registry import offered, read_elsewhere
from .thresholds import Drempels


class Cijfers:
    """The measures per area of one :class:`~sociale_basis.gaps.metingen.Metingen` under
    one set of thresholds.

    Parameters
    ----------
    metingen
        The measurements of the gebied.
    drempels
        The thresholds: which signals are on, which measures they read.
    """

    def __init__(self, metingen: Metingen, drempels: Drempels) -> None:
        self.metingen = metingen
        self.drempels = drempels
        wanted = read_elsewhere(drempels)
        self.aanbod: list[Aanbod] = [a for a in offered(drempels) if a.eigen or a.naam in wanted]
        self._maten: dict[str, list[Maat]] = {}
        self._beveiligd: dict[str, Beveiligd] | None = None
        self._tabellen: dict[str, tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, str]]] = {}

    def maten(self, niveau: str) -> list[Maat]:
        """Every measure read under these thresholds, for one level, in registry order."""
        if niveau not in self._maten:
            self._maten[niveau] = [m for a in self.aanbod for m in a.maak(self.metingen, niveau)]
        return self._maten[niveau]

    def maat(self, niveau: str, naam: str) -> Maat:
        """The measure called ``naam`` (its own column, not a derived one).

        Raises
        ------
        KeyError
            When no signal read it under these thresholds.
        """
        for m in self.maten(niveau):
            if m.naam == naam:
                return m
        raise KeyError(f"de maat '{naam}' is onder deze drempels niet gemeten.")

    def inwoners(self, niveau: str) -> pd.Series:
        """The raw number of inwoners per area (never shown as it is)."""
        m = self.metingen
        return pd.Series(m.count(niveau, m.groep("alle")), index=m.areas(niveau).index)

    def beveiligd(self) -> dict[str, Beveiligd]:
        """The shares and means of both levels, protected together (once)."""
        if self._beveiligd is None:
            m = self.metingen
            inwoners = {niveau: self.inwoners(niveau) for niveau in NIVEAUS}
            cbs = m.areas("buurt").get("inwoners")
            # the synthetic inwoners equal the public CBS numbers: then those bound every
            # hidden count, as a reader would know
            publiek = cbs is not None and matches_public(inwoners["buurt"], cbs)
            lagen = []
            for niveau in NIVEAUS:
                raw, kolommen = protection_table(self.maten(niveau), inwoners[niveau])
                ouder = m.areas("buurt")["wijkcode"].astype(str) if niveau == "buurt" else None
                lagen.append(
                    Laag(
                        raw,
                        kolommen,
                        raw["n_alle"],
                        ouder=ouder,
                        bovengrens=raw["n_alle"] if publiek else None,
                    )
                )
            tabellen = protect_levels(lagen, min_personen=self.drempels.algemeen.min_personen)
            self._beveiligd = dict(zip(NIVEAUS, tabellen, strict=True))
        return self._beveiligd

    def tabel(self, niveau: str) -> tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, str]]:
        """The measures per area that may be shown, why a value is hidden, and whose it is.

        Returns
        -------
        (pandas.DataFrame, dict, dict)
            The table indexed by area code (columns in docs/signalen.md); per shown share
            or mean a status array (``""`` shown, ``"te_weinig"`` group below
            ``min_personen``, ``"geheim"`` 0-7 persons with a hulpvraag, ``"geen_inwoners"``
            fewer than 10 inwoners, ``"afgeschermd"`` hidden so that another hidden figure
            cannot be worked out); and per such column the group it is about.
        """
        if niveau not in self._tabellen:
            self._tabellen[niveau] = self._shown(niveau)
        return self._tabellen[niveau]

    def _shown(self, niveau: str) -> tuple[pd.DataFrame, dict[str, np.ndarray], dict[str, str]]:
        tabel = self.beveiligd()[niveau]
        shown = tabel.waarden
        out: dict[str, Any] = {"inwoners": shown["inwoners"].to_numpy(float)}
        status: dict[str, np.ndarray] = {}
        groep: dict[str, str] = {}
        maten = self.maten(niveau)
        for m in maten:
            if isinstance(m, Kenmerk):
                out[m.naam] = m.waarden
        for m in maten:
            if isinstance(m, Kenmerk):
                continue
            st = tabel.status[m.naam].map(STATUS_VAN_REGEL).to_numpy(dtype=object)
            value = shown[m.naam].to_numpy(float)
            columns = _shown_columns(m, value)
            for name, values in columns.items():
                out[name], status[name], groep[name] = values, st, m.groep
        return pd.DataFrame(out, index=shown.index), status, groep


def _shown_columns(m: Aandeel | Gemiddelde, value: np.ndarray) -> dict[str, np.ndarray]:
    """The shown columns of one protected measure: itself and what derives from it."""
    out: dict[str, np.ndarray] = {}
    if isinstance(m, Aandeel):
        if m.toon_zelf:
            out[m.naam] = value
        if m.tegendeel is not None:
            out[m.tegendeel] = 1 - value
        return out
    out[m.naam] = value
    if m.verhouding is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            out[m.verhouding] = value / m.referentie
    return out


def protection_table(maten: list[Maat], inwoners: pd.Series) -> tuple[pd.DataFrame, list[Kolom]]:
    """The measures of one level as a raw table and columns for
    :func:`~sociale_basis.privacy.protect_levels`.

    Every share names its ``teller`` and ``basis`` (the counts behind it), so it is
    computed from them rounded; every share and mean is "gevoelig" (a signal is only given
    for a group of at least ``min_personen``); a teller of people with a hulpvraag is
    "geheim" at 0-7. The inwoners are public (CBS) and take no part in suppression.
    """
    raw = pd.DataFrame(index=inwoners.index)
    raw["n_alle"] = inwoners
    raw["inwoners"] = inwoners
    kolommen = [Kolom("inwoners", "aantal", "Inwoners", secundair=False, optelbaar=False)]
    for m in maten:
        if isinstance(m, Aandeel):
            with np.errstate(divide="ignore", invalid="ignore"):
                raw[m.naam] = m.teller.waarden / m.basis.waarden
            raw[m.teller.naam], raw[m.basis.naam] = m.teller.waarden, m.basis.waarden
            kolommen.append(
                Kolom(
                    m.naam,
                    "maat",
                    m.naam,
                    basis=m.basis.naam,
                    teller=m.teller.naam,
                    teller_hulpvraag=m.groep == "hulpvraag",
                    gevoelig=True,
                    optelbaar=m.optelbaar,
                )
            )
        elif isinstance(m, Gemiddelde):
            raw[m.naam], raw[m.basis.naam] = m.waarden, m.basis.waarden
            kolommen.append(Kolom(m.naam, "maat", m.naam, basis=m.basis.naam, gevoelig=True))
    return raw, kolommen

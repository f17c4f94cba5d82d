"""The protected key figures per wijk and buurt, by theme (Kerncijfers): what tables, maps and
handouts show, so they never disagree about what may be shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.gebied import Gebied
from ..core.html import card
from ..gaps import Drempels, load_drempels
from ..privacy import (
    Beveiligd,
    Kolom,
    Laag,
    protect,
    protect_levels,
)
from .coverage import mark_outside, outside_osm
from .themes import (
    Niveau,
    areas_of,
    bereik,
    bevolking,
    code_of,
    personen_publiek,
    voorzieningen,
)
from .themes import cohesie as cohesie_theme

THEMAS: tuple[str, ...] = ("bevolking", "voorzieningen", "cohesie", "bereik")
"""Themes of :class:`Kerncijfers`, in the order of the sheets; ``signalen`` is added by
:func:`write_tables` when flags are given."""


Drempelbron = Drempels | Mapping[str, Any] | str | Path | None
"""Where the distances of the reach shares come from: thresholds as
:func:`sociale_basis.gaps.load_drempels` takes them (default the package's own)."""


BRON_LABELS: dict[str, str] = {
    "osm_2022": "OpenStreetMap (2022)",
    "duo_2017": "DUO (2017)",
    "synthetisch": "synthetisch (geen echte gegevens)",
}
"""How a ``bron`` value is shown to people."""


@dataclass
class Kerncijfers:
    """The protected figures of one level, by theme.

    Attributes
    ----------
    niveau
        ``"wijk"`` or ``"buurt"``.
    gebieden
        Indexed by area code: ``naam`` and, for buurten, ``wijkcode``. Names are public.
    themas
        Theme -> :class:`~sociale_basis.privacy.Beveiligd`; only themes with data.
    """

    niveau: Niveau
    gebieden: pd.DataFrame
    themas: dict[str, Beveiligd] = field(default_factory=dict)
    andere: Kerncijfers | None = field(default=None, compare=False, repr=False)
    """The figures of the other level, protected together with these (see
    :func:`kerncijfers_beide`): what a wijk table shows is audited with its buurten."""
    afstanden_m: dict[str, float] = field(default_factory=dict)
    """Per reach category (``"huisarts"``, ``"ontmoetingsplek"``, ...) the distance of its
    shares ``..._pct_verder``: the one the signals use (:func:`sociale_basis.gaps.afstand_m`)."""

    def niveaus(self) -> dict[str, Kerncijfers]:
        """These figures and those protected together with them, by level."""
        out: dict[str, Kerncijfers] = {self.niveau: self}
        if self.andere is not None:
            out[self.andere.niveau] = self.andere
        return out

    def thema_van(self, maat: str) -> str:
        """The theme that holds column ``maat``."""
        for thema, tabel in self.themas.items():
            if maat in tabel.kolommen:
                return thema
        known = ", ".join(self.maten())
        raise KeyError(f"onbekende maat '{maat}'; beschikbaar: {known}")

    def maten(self) -> list[str]:
        """Every column over all themes."""
        return [k for t in self.themas.values() for k in t.kolommen]

    def kolom(self, maat: str) -> Kolom:
        """The :class:`~sociale_basis.privacy.Kolom` of ``maat``."""
        return self.themas[self.thema_van(maat)].kolommen[maat]

    def waarden(self, maat: str) -> pd.Series:
        """Shown values of ``maat`` (NaN where hidden or missing), indexed by area code."""
        return self.themas[self.thema_van(maat)].waarden[maat]

    def tekst(self, maat: str, code: object) -> str:
        """One cell as Dutch text (``"23,5%"``, ``"geheim"``, ``"te weinig inwoners"``)."""
        return self.themas[self.thema_van(maat)].tekst(maat, code)

    def _repr_html_(self) -> str:
        first = next(iter(self.themas), None)
        frame = None
        shown = "geen thema's met gegevens"
        if first is not None:
            # names first: people know their buurt by name, not by its code
            # concat, not join: a column label equal to "naam" must not raise
            frame = pd.concat(
                [self.gebieden[["naam"]], self.themas[first].weergave_tekst()], axis=1
            )
            frame.index.name = code_of(self.niveau)
            shown = f"De tabel toont thema {first}; alle thema's staan in .themas"
        return card(
            f"Kerncijfers per {self.niveau}",
            [f"{len(self.gebieden)} gebieden. Thema's en hun kolommen:"],
            pairs={thema: ", ".join(t.kolommen) for thema, t in self.themas.items()},
            frame=frame,
            footnote=f"{shown}. Beveiligd met de regels R1-R5 (sociale_basis.privacy.REGELS).",
        )


def kerncijfers(
    gebied: Gebied,
    niveau: Niveau = "buurt",
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: pd.DataFrame | Mapping[str, pd.DataFrame] | None = None,
    drempels: Drempelbron = None,
    drempel_m: float | None = None,
) -> Kerncijfers:
    """Protected key figures per wijk or buurt, by theme.

    Themes: ``bevolking`` (CBS inhabitants; counts and shares of age groups and of
    hulpvragen from the inwoners), ``voorzieningen`` (places per component of social
    infrastructure, verenigingen, professionals by base), ``cohesie`` (from
    :func:`~sociale_basis.social.cohesion.measure_cohesion`, when given) and ``bereik`` (from
    :func:`~sociale_basis.streets.reach.distances_by_category` over the inwoners, when given).

    The figures of both levels are protected together (:func:`kerncijfers_beide`), so
    that no hidden buurt can be worked out from a published wijk figure; the result holds
    the other level in :attr:`Kerncijfers.andere`.

    Parameters
    ----------
    gebied
        The gemeente.
    niveau
        ``"wijk"`` or ``"buurt"``.
    afstanden
        Result of ``distances_by_category(network, gebied.inwoners, ...)``: indexed by
        (``categorie``, ``inwoner_id``).
    cohesie
        Result of ``measure_cohesion(G, niveau=niveau)``, or ``{"wijk": ..., "buurt": ...}``.
        The node id of the top broker is left out (it can be an inwoner); only its kind is
        shown.
    drempels
        The thresholds whose distances the reach shares "verder dan ... m" use, per
        category (:func:`sociale_basis.gaps.afstand_m`): the same as the signals. Default
        the package's ``drempels.toml``.
    drempel_m
        One distance for every category instead (overrides ``drempels``).

    Returns
    -------
    Kerncijfers
    """
    areas_of(gebied, niveau)  # an unknown level is refused before any work
    if isinstance(cohesie, pd.DataFrame):
        cohesie = {niveau: cohesie}
    return kerncijfers_beide(
        gebied, afstanden=afstanden, cohesie=cohesie, drempels=drempels, drempel_m=drempel_m
    )[niveau]


def kerncijfers_beide(
    gebied: Gebied,
    *,
    afstanden: pd.DataFrame | None = None,
    cohesie: Mapping[str, pd.DataFrame] | None = None,
    drempels: Drempelbron = None,
    drempel_m: float | None = None,
) -> dict[Niveau, Kerncijfers]:
    """Protected key figures per buurt and per wijk, protected together.

    Every theme passes :func:`~sociale_basis.privacy.protect_levels` with the buurten
    below their wijken: primary suppression per level, then secondary suppression by an
    interval audit over both (a wijk's count is the sum of its buurten's). Where a theme
    exists at one level only (cohesion given for buurten alone), the wijk totals are
    assumed to be published as well, which is the safe assumption. When the inwoners in
    the data are exactly the CBS inhabitants
    (:func:`~sociale_basis.tables_themes.personen_publiek`) their number is public: the
    audit takes it as known, also as the bound of every count in an area.

    Parameters
    ----------
    gebied, afstanden, drempels, drempel_m
        See :func:`kerncijfers`.
    cohesie
        ``{"wijk": measure_cohesion(G, niveau="wijk"), "buurt": ...}``;
        either may be left out.

    Returns
    -------
    dict
        ``{"buurt": Kerncijfers, "wijk": Kerncijfers}``, each with the other as ``andere``.
    """
    niveaus: tuple[Niveau, Niveau] = ("buurt", "wijk")
    cohesie = cohesie or {}
    d = load_drempels(drempels)
    for key in cohesie:
        if key not in niveaus:
            raise ValueError(f"cohesie per '{key}'? verwacht 'wijk' of 'buurt'")
    result: dict[Niveau, Kerncijfers] = {}
    publiek = len(gebied.inwoners) > 0 and personen_publiek(gebied)
    parts: dict[Niveau, dict[str, tuple[pd.DataFrame, list[Kolom]]]] = {}
    lagen: dict[Niveau, tuple[pd.Series, pd.Series | None, pd.Series | None]] = {}
    for niveau in niveaus:
        areas = areas_of(gebied, niveau)
        index = areas.index
        naam = "wijknaam" if niveau == "wijk" else "buurtnaam"
        gebieden = pd.DataFrame({"naam": areas[naam].astype(str)}, index=index)
        ouder = None
        if niveau == "buurt":
            gebieden["wijkcode"] = areas["wijkcode"].astype(str)
            ouder = gebieden["wijkcode"]
        inwoners = pd.to_numeric(areas["inwoners"], errors="coerce")
        theme = {
            "bevolking": bevolking(gebied, niveau, index),
            "voorzieningen": voorzieningen(gebied, niveau, index),
        }
        bovengrens = theme["bevolking"][0]["personen"] if publiek else None
        if cohesie.get(niveau) is not None:
            theme["cohesie"] = cohesie_theme(gebied, niveau, index, cohesie[niveau])
        if afstanden is not None and len(gebied.inwoners):
            theme["bereik"] = bereik(gebied, niveau, index, afstanden, drempel_m, d)
        parts[niveau] = theme
        lagen[niveau] = (inwoners, ouder, bovengrens)
        result[niveau] = Kerncijfers(niveau, gebieden, afstanden_m=_far(theme))
    for thema in THEMAS:
        present = [n for n in niveaus if thema in parts[n]]
        if not present:
            continue
        if present == list(niveaus):
            levels = [
                Laag(*parts[n][thema], lagen[n][0], ouder=lagen[n][1], bovengrens=lagen[n][2])
                for n in niveaus
            ]
            for n, tabel in zip(niveaus, protect_levels(levels), strict=True):
                result[n].themas[thema] = tabel
            continue
        (n,) = present
        raw, kolommen = parts[n][thema]
        inwoners, ouder, bovengrens = lagen[n]
        result[n].themas[thema] = protect(
            raw, kolommen, inwoners=inwoners, groep=ouder, bovengrens=bovengrens
        )
    # areas outside the OSM extract of a partial bundle: their text, not their zeros
    outside = outside_osm(gebied)
    for n in niveaus:
        if len(outside[n]):
            result[n].themas = mark_outside(result[n].themas, outside[n])
    result["buurt"].andere = result["wijk"]
    result["wijk"].andere = result["buurt"]
    return result


def _far(theme: Mapping[str, tuple[pd.DataFrame, list[Kolom]]]) -> dict[str, float]:
    """The distance of every reach category of ``theme["bereik"]`` (kept by
    :func:`~sociale_basis.present.themes.bereik` in its ``attrs``)."""
    if "bereik" not in theme:
        return {}
    return dict(theme["bereik"][0].attrs.get("afstanden_m", {}))

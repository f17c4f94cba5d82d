"""How far is "ver weg": one distance per kind of voorziening, for signals, tables and maps.

Every kind of voorziening has exactly one distance beyond which someone lives "ver weg",
read from the thresholds (``drempels.toml``, :func:`~sociale_basis.gaps.load_drempels`):

- a soort of help named under ``[hulp_te_ver.soorten]`` (huisarts, wijkteam, ...): its
  ``afstand_m`` there, the distance of the signal ``hulp_te_ver``;
- an ontmoetingsplek (a soort under ``[ontmoeting] soorten``, or the category
  ``"ontmoetingsplek"`` itself: the nearest of those soorten): ``ontmoeting.afstand_m``,
  the distance of the signal ``geen_ontmoetingsplek``;
- any other soort (basisschool, apotheek, ...): ``afstanden.standaard_m``.

So "verder dan ... m" means the same in the tables, the signals, the maps and the docs:
:func:`afstand_m` is the only place that decides it, and :func:`afstanden_tabel` lists it
for people.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.taxonomy import ROLLEN, SOORTEN
from .thresholds import Drempels, load_drempels

ONTMOETINGSPLEK = "ontmoetingsplek"
"""The category "the nearest ontmoetingsplek": the nearest of the soorten that
``ontmoeting.soorten`` names (by default buurthuis and bibliotheek)."""


def _soort_of(categorie: str) -> str:
    """The soort a category is about: ``"rol:huisarts"`` is about a huisarts's practice."""
    if categorie.startswith("rol:"):
        rol = categorie[4:]
        return ROLLEN[rol].werkplek if rol in ROLLEN else rol
    return categorie


def afstand_m(
    categorie: str, drempels: Drempels | Mapping[str, Any] | str | Path | None = None
) -> float:
    """The distance in metres beyond which someone lives "ver weg" from ``categorie``.

    Parameters
    ----------
    categorie
        A soort of voorziening (``"huisarts"``), a rol of professional (``"rol:wijkteam"``:
        the soort where that rol works) or ``"ontmoetingsplek"``.
    drempels
        The thresholds (see :func:`~sociale_basis.gaps.load_drempels`); default the
        package's own.

    Returns
    -------
    float

    Examples
    --------
    With the defaults: ``afstand_m("huisarts") == 1000.0``, ``afstand_m("wijkteam") ==
    1500.0``, ``afstand_m("buurthuis") == afstand_m("ontmoetingsplek") == 800.0``,
    ``afstand_m("basisschool") == 1000.0``.
    """
    d = load_drempels(drempels)
    soort = _soort_of(str(categorie))
    hulp = d.groepen.get("hulp_te_ver")
    if hulp is not None and soort in hulp.soorten:
        return float(hulp.soorten[soort].afstand_m)
    ontmoeting = d.groepen.get("ontmoeting")
    if ontmoeting is not None and (soort == ONTMOETINGSPLEK or soort in ontmoeting.soorten):
        return float(ontmoeting.afstand_m)
    return float(d.groepen["afstanden"].standaard_m)


def ontmoetingsplek_soorten(
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
) -> tuple[str, ...]:
    """The soorten that count as an ontmoetingsplek (``ontmoeting.soorten``)."""
    return tuple(load_drempels(drempels).groepen["ontmoeting"].soorten)


def afstanden_tabel(
    categorieen: Iterable[str] | None = None,
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
) -> pd.DataFrame:
    """The distance of every category, with where it comes from, for people to read.

    Parameters
    ----------
    categorieen
        Default: every soort of help and every ontmoetingsplek of the thresholds, then
        ``"ontmoetingsplek"``.
    drempels
        As in :func:`afstand_m`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``categorie``: ``naam`` (Dutch), ``afstand_m`` and ``waar`` (the key in
        ``drempels.toml``).
    """
    d = load_drempels(drempels)
    hulp = d.groepen["hulp_te_ver"].soorten
    meeting = d.groepen["ontmoeting"].soorten
    if categorieen is None:
        categorieen = [*hulp, *meeting, ONTMOETINGSPLEK]
    rows = []
    for categorie in categorieen:
        soort = _soort_of(str(categorie))
        if soort in hulp:
            waar = f"hulp_te_ver.soorten.{soort}.afstand_m"
        elif soort == ONTMOETINGSPLEK or soort in meeting:
            waar = "ontmoeting.afstand_m"
        else:
            waar = "afstanden.standaard_m"
        naam = (
            "ontmoetingsplek (" + " of ".join(SOORTEN[s].label for s in meeting) + ")"
            if soort == ONTMOETINGSPLEK
            else SOORTEN[soort].label
            if soort in SOORTEN
            else soort
        )
        rows.append((str(categorie), naam, afstand_m(str(categorie), d), waar))
    return pd.DataFrame(rows, columns=["categorie", "naam", "afstand_m", "waar"]).set_index(
        "categorie"
    )

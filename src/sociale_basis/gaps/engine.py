"""Where are the gaps: explainable signals per wijk and buurt, with a Dutch reason each.

:func:`find_signalen` takes the measurements (:class:`~sociale_basis.gaps.metingen.Metingen`),
the thresholds of ``drempels.toml`` (:mod:`sociale_basis.gaps.thresholds`) and runs every
registered signal (:mod:`sociale_basis.gaps.registry`; the rules, with their definitions,
in :mod:`sociale_basis.gaps.rules`), returning one row per (area, signal).

Severity (``ernst``): the ratio ``waarde / drempel`` (signals "> max") or ``drempel /
waarde`` (signals "< min") is at most ``ernst_midden`` (1.5): ``laag``; at most
``ernst_hoog`` (2): ``midden``; beyond: ``hoog``
(:func:`~sociale_basis.gaps.context.severity`).

Information rows (``ernst`` missing) make sure nothing disappears silently:
``geen_uitspraak`` (an area or a group too small for a share: fewer than 10 inwoners, or
a group below ``min_personen``, DESIGN §5), ``geen_buren`` (an area without neighbours
in the cluster analysis), and rows with ``niveau = "gemeente"`` when the data of the whole
gemeente lack a component or a rol (then no area can be judged on it).

Privacy: reasons are about areas, never about a person; shares of persons are computed
from counts rounded to 5 and only for groups of at least ``min_personen`` (100); a count of
0-7 people with a hulpvraag is "geheim" and gives no signal; the shares of buurten and
wijken pass :func:`sociale_basis.privacy.protect_levels` together, so secondary suppression
hides more where a hidden count could be worked out ("afgeschermd": no signal); the
critical node is named by its kind only ("één persoon"). Plain-language documentation:
``docs/signalen.md``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core.compat import REMOVED_IN
from ..core.crs import RD_NEW
from ..privacy import MIN_INWONERS
from ..streets import get_modus
from . import rules  # noqa: F401  (registers the signals)
from .cijfers import Cijfers
from .context import Context, Rij, severity
from .metingen import Metingen
from .reasons import STATUS_TE_WEINIG, format_factor, format_number, join_dutch, mark_synthetic
from .registry import SIGNAALREGELS, SIGNALEN
from .thresholds import GROEPEN, Drempels, load_drempels

ERNST = pd.CategoricalDtype(["laag", "midden", "hoog"], ordered=True)
"""Severity levels, ordered."""

KOLOMMEN = [
    "gebiedcode",
    "gebiednaam",
    "niveau",
    "signaal",
    "onderwerp",
    "groep",
    "ernst",
    "waarde",
    "drempel",
    "methode",
    "reden",
    "toelichting",
]
"""Columns of :func:`find_signalen` (plus ``geometry``)."""


def find_signalen(
    gebied: Any,
    *,
    niveau: str = "buurt",
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
    modus: str | None = None,
    seed: int | None = 0,
    metingen: Metingen | None = None,
) -> gpd.GeoDataFrame:
    """Signals per area where the sociale basis has a gap, each with a Dutch reason.

    Parameters
    ----------
    gebied
        A :class:`~sociale_basis.core.gebied.Gebied` (``sb.datasets.delft()``) or an object
        with the same tables; ``buurten`` and ``wijken`` need their polygons.
    niveau
        ``"buurt"``, ``"wijk"`` or ``"beide"``.
    drempels
        Overrides of the thresholds: a dict or the path to a TOML file (see
        :func:`~sociale_basis.gaps.thresholds.load_drempels` and ``drempels.toml``).
    modus
        ``"lopen"`` (the default), ``"fiets"`` or ``"auto"``: distances over the network
        for this mode; without a network straight line x detour factor (``methode =
        "hemelsbreed"``, said in every reason about distance). With ``metingen``: theirs.
    seed
        Seed of the cluster permutations.
    metingen
        The :class:`~sociale_basis.gaps.metingen.Metingen` of this ``gebied``, made once
        by the caller: everything measured there is reused (also with other ``drempels``:
        only what they change is measured), and what is measured now is kept there for
        the next call. Without it everything is measured anew.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (area, signal), sorted by level, area and severity: ``gebiedcode``,
        ``gebiednaam``, ``niveau``, ``signaal`` (code, see
        :data:`~sociale_basis.gaps.SIGNALEN`), ``onderwerp`` (soort, component, rol or
        measure), ``groep``, ``ernst`` (``laag``/``midden``/``hoog``; missing for
        information rows), ``waarde``, ``drempel``, ``methode``
        (``netwerk``/``hemelsbreed``), ``reden`` (a Dutch sentence with the numbers, in
        plain words; ending in "(synthetische inwoners)" where it rests on a synthetic
        population), ``toelichting`` (the method behind it, such as the statistics of a
        cluster; often empty) and the area polygon (EPSG:28992). ``attrs["rapport"]``
        lists, in Dutch, what was measured and what was left out; ``attrs["drempels"]`` holds the
        :class:`~sociale_basis.gaps.thresholds.Drempels` used.

    Raises
    ------
    ValueError
        An unknown ``niveau`` or ``modus``, ``metingen`` of another gebied or mode;
        thresholds that do not validate (:class:`~sociale_basis.core.errors.ValidationError`).
    TypeError
        A ``gebied`` without the tables or polygons needed; ``metingen`` that is not a
        :class:`~sociale_basis.gaps.metingen.Metingen`.
    """
    levels = check_niveau(niveau)
    d = load_drempels(drempels)
    return signal_frame(metingen_for(gebied, modus, metingen), d, levels, seed)


def check_niveau(niveau: str) -> tuple[str, ...]:
    """``"buurt"``, ``"wijk"`` or ``"beide"`` as a tuple of levels."""
    if niveau == "beide":
        return ("buurt", "wijk")
    if niveau in ("buurt", "wijk"):
        return (niveau,)
    raise ValueError(f"niveau moet 'buurt', 'wijk' of 'beide' zijn, niet {niveau!r}.")


def metingen_for(gebied: Any, modus: str | None, metingen: Metingen | None) -> Metingen:
    """The caller's ``metingen`` after checking they belong to ``gebied`` and ``modus``, or
    new ones."""
    if metingen is None:
        return Metingen(gebied, modus=modus or "lopen")
    if not isinstance(metingen, Metingen):
        raise TypeError(
            f"metingen moet een Metingen zijn (sb.gaps.Metingen(gebied)), niet "
            f"{type(metingen).__name__}."
        )
    if metingen.gebied is not gebied:
        raise ValueError(
            "metingen horen bij een ander gebied; maak ze met Metingen(gebied) van hetzelfde "
            "gebied (na een wijziging van het gebied: opnieuw)."
        )
    if modus is not None and get_modus(modus).naam != metingen.modus:
        raise ValueError(
            f"metingen zijn gemaakt voor modus {metingen.modus!r}, niet {modus!r}; maak "
            f"Metingen(gebied, modus={modus!r}), of laat modus= weg."
        )
    return metingen


def cijfers_for(metingen: Metingen, drempels: Drempels) -> Cijfers:
    """The figures of ``metingen`` under ``drempels``, kept in ``metingen``."""
    return metingen.kept(("cijfers", repr(drempels)), lambda: Cijfers(metingen, drempels))


def signal_frame(
    metingen: Metingen, drempels: Drempels, niveaus: tuple[str, ...], seed: int | None
) -> gpd.GeoDataFrame:
    """Every signal of :func:`find_signalen` for the given levels (kept in ``metingen``)."""
    key = ("signalen", repr(drempels), niveaus, seed)
    kept = metingen.kept(key, lambda: _signal_frame(metingen, drempels, niveaus, seed))
    return kept.copy()


def _signal_frame(
    metingen: Metingen, drempels: Drempels, niveaus: tuple[str, ...], seed: int | None
) -> gpd.GeoDataFrame:
    cijfers = cijfers_for(metingen, drempels)
    rows: list[Rij] = []
    rapport: list[str] = []
    naam = str(getattr(metingen.gebied, "naam", "de gemeente"))
    if metingen.methode == "hemelsbreed":
        factor = format_factor(get_modus(metingen.modus).detour_factor)
        rapport.append(
            f"Geen straatnetwerk: afstanden zijn hemelsbreed maal de omwegfactor "
            f"{factor} ({metingen.modus})."
        )
    gemeente_rows: dict[tuple[str, str], Rij] = {}
    for niveau in niveaus:
        ctx = Context(cijfers, niveau, naam, rapport, seed)
        rows += level_rows(ctx)
        for row in ctx.gemeente:  # the same gemeente row from every level: once
            gemeente_rows.setdefault((row["signaal"], row["onderwerp"]), row)
    rows += list(gemeente_rows.values())
    if getattr(metingen.gebied, "seed", None) is not None:
        _mark_synthetic(rows)
    return _frame(rows, metingen, drempels, rapport)


def _mark_synthetic(rows: list[Rij]) -> None:
    """Reasons that rest on the (synthetic) inwoners say so: every signal about people and
    every "geen uitspraak" about a group too small; not a signal about places only, nor
    a row about the data of the whole gemeente."""
    about_people = {c for c, s in SIGNAALREGELS.items() if s.over_inwoners}
    about_people.add("geen_uitspraak")
    for row in rows:
        if row["signaal"] in about_people and row["niveau"] != "gemeente":
            row["reden"] = mark_synthetic(row["reden"])


def level_rows(ctx: Context) -> list[Rij]:
    """The rows of every registered signal that is on, then ``geen_uitspraak``, for one
    level."""
    rows: list[Rij] = []
    for signaal in SIGNAALREGELS.values():
        t = ctx.drempels.groepen[signaal.drempels.naam]
        if t.aan:
            rows += signaal.regel(ctx, t)
    return rows + geen_uitspraak(ctx)


def geen_uitspraak(ctx: Context) -> list[Rij]:
    """An information row for each area too small for statistics (fewer than 10
    inwoners) or with a group too small for its shares (the privacy rule)."""
    rows = []
    m = ctx.drempels.algemeen.min_personen
    for code, n in ctx.inwoners.items():
        name = ctx.names[code]
        if n < MIN_INWONERS:
            reden = (
                f"In {name} wonen minder dan {MIN_INWONERS} inwoners; daarover geven we geen "
                "cijfers en geen signalen (privacyregel)."
            )
        else:
            groups = _hidden_groups(ctx, code)
            if not groups:
                continue
            reden = _too_small(name, groups, m)
        rows.append(ctx.row(code, "geen_uitspraak", "privacy", None, np.nan, m, reden, None))
    return rows


def _too_small(name: str, groups: list[str], m: int) -> str:
    if GROEPEN["alle"] in groups:
        return (
            f"In {name} wonen minder dan {format_number(m)} inwoners; over aandelen van "
            "personen doen we hier geen uitspraak (privacyregel), alleen over voorzieningen."
        )
    if len(groups) == 1:
        return (
            f"In {name} telt de groep {groups[0]} minder dan {format_number(m)} personen; "
            "over aandelen in die groep doen we hier geen uitspraak (privacyregel)."
        )
    return (
        f"In {name} tellen de groepen {join_dutch(groups)} elk minder dan "
        f"{format_number(m)} personen; over aandelen in die groepen doen we hier geen "
        "uitspraak (privacyregel)."
    )


def _hidden_groups(ctx: Context, code: object) -> list[str]:
    """Groups (Dutch) whose shares are hidden in an area because they are too small."""
    pos = ctx.tabel.index.get_loc(code)
    found: list[str] = []
    for column, st in ctx.status.items():
        label = GROEPEN[ctx.groep_van[column]]
        if st[pos] == STATUS_TE_WEINIG and label not in found:
            found.append(label)
    return found


def _frame(
    rows: list[Rij], metingen: Metingen, drempels: Drempels, rapport: list[str]
) -> gpd.GeoDataFrame:
    frame = pd.DataFrame(rows, columns=KOLOMMEN)
    frame["ernst"] = frame["ernst"].astype(ERNST)
    order = {"buurt": 0, "wijk": 1, "gemeente": 2}
    frame = frame.assign(_n=frame["niveau"].map(order), _e=-frame["ernst"].cat.codes)
    frame = frame.sort_values(["_n", "gebiedcode", "_e", "signaal", "onderwerp"], kind="stable")
    frame = frame.drop(columns=["_n", "_e"]).reset_index(drop=True)
    geometry = []
    union: dict[str, Any] = {}
    for niveau, code in zip(frame["niveau"], frame["gebiedcode"], strict=True):
        if niveau == "gemeente":
            if "gemeente" not in union:
                union["gemeente"] = shapely.union_all(metingen.areas("wijk").geometry.to_numpy())
            geometry.append(union["gemeente"])
        else:
            geometry.append(metingen.areas(niveau).geometry.get(code))
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)
    out.attrs["rapport"] = rapport
    out.attrs["drempels"] = drempels
    return out


def clear_cache() -> None:
    """Does nothing any more: measurements are kept only in a
    :class:`~sociale_basis.gaps.metingen.Metingen` that the caller passes on."""
    warnings.warn(
        "clear_cache() doet niets meer: find_signalen bewaart niets buiten de metingen die u "
        f"zelf meegeeft (metingen=Metingen(gebied)); clear_cache verdwijnt in versie "
        f"{REMOVED_IN}",
        DeprecationWarning,
        stacklevel=2,
    )


__all__ = [
    "ERNST",
    "KOLOMMEN",
    "SIGNALEN",
    "check_niveau",
    "cijfers_for",
    "clear_cache",
    "find_signalen",
    "level_rows",
    "metingen_for",
    "severity",
    "signal_frame",
]

"""Where are the gaps: explainable flags per wijk and buurt, with a Dutch reason each.

:func:`flag_gaps` measures (:mod:`sociale_basis.gaps.basis`), compares with the thresholds
of ``drempels.toml`` (:mod:`sociale_basis.gaps.thresholds`) and returns one row per (area,
flag). The flags (``signaal``) and what they compare:

================================  =================================================  =======
signaal                           waarde                                             flag if
================================  =================================================  =======
``hulp_te_ver``                   share of a group farther than ``afstand_m`` from   > max
                                  the nearest voorziening of a hulp soort
``geen_ontmoetingsplek``          share of a group farther than ``afstand_m`` from   > max
                                  any meeting place of ``ontmoeting.soorten``
``component_ontbreekt``           straight-line metres from the area to the nearest  > max
                                  voorziening of one of the eight components
``dunne_sociale_basis``           share of a group without any informal tie          > max
``zwakke_brug``                   share of people with a hulpvraag within ``k``      < min
                                  informal steps of someone who knows a professional
``kwetsbaar_netwerk``             share of people with a hulpvraag cut off from      > max
                                  professionals when the area's critical node (the
                                  one node whose loss cuts off the most) drops out
``te_weinig_capaciteit``          2SFCA access of the area / gemeente mean, per rol  < min
``cluster_laag``                  pseudo p-value of local Moran's I in a low-low     <= FDR
                                  cluster (:mod:`sociale_basis.gaps.clusters`)       cut-off
================================  =================================================  =======

Severity (``ernst``): the ratio ``waarde / drempel`` (flags "> max") or ``drempel / waarde``
(flags "< min") is at most ``ernst_midden`` (1.5): ``laag``; at most ``ernst_hoog`` (2):
``midden``; beyond: ``hoog``.

Information rows (``ernst`` missing) make sure nothing disappears silently:
``geen_uitspraak`` (an area or a group too small for a share: fewer than 10 inwoners, or
a group below ``min_personen``, DESIGN §5), ``geen_buren`` (an area without neighbours
in the cluster analysis), and rows with ``niveau = "gemeente"`` when the data of the whole
gemeente lack a component or a rol (then no area can be judged on it).

Privacy: reasons are about areas, never about a person; shares of persons are computed
from counts rounded to 5 and only for groups of at least ``min_personen`` (100); a count of
0-7 people with a hulpvraag is "geheim" and gives no flag; the shares of buurten and wijken
pass :func:`sociale_basis.privacy.protect_levels` together, so secondary suppression hides
more where a hidden count could be worked out ("afgeschermd": no flag); the critical node
is named by its kind only ("één persoon"). Plain-language documentation: ``docs/signalen.md``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from ..core.crs import RD_NEW
from .basis import Basis, check_gebied
from .reasons import format_factor
from .rules import level_rows, severity
from .thresholds import Drempels, load_drempels

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
]
"""Columns of :func:`flag_gaps` (plus ``geometry``)."""

SIGNALEN: dict[str, str] = {
    "hulp_te_ver": "hulp te ver weg",
    "geen_ontmoetingsplek": "geen ontmoetingsplek in de buurt",
    "component_ontbreekt": "onderdeel van de sociale infrastructuur ontbreekt",
    "dunne_sociale_basis": "dunne sociale basis (inwoners zonder informele band)",
    "zwakke_brug": "zwakke brug tussen informele en formele steun",
    "kwetsbaar_netwerk": "kwetsbaar netwerk (hangt aan één schakel)",
    "te_weinig_capaciteit": "te weinig capaciteit van professionals",
    "cluster_laag": "ruimtelijk cluster van lage waarden",
    "geen_uitspraak": "te weinig inwoners voor een uitspraak",
    "geen_buren": "geen buren in de clusteranalyse",
}
"""Every ``signaal`` code with its Dutch meaning."""

CACHE_SIZE = 2
"""Gebieden whose measurements are kept for scenarios (most recently used)."""
_CACHE: OrderedDict[tuple[Any, ...], Basis] = OrderedDict()


def flag_gaps(
    gebied: Any,
    *,
    niveau: str = "buurt",
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
    modus: str = "lopen",
    seed: int | None = 0,
    cache: bool = True,
) -> gpd.GeoDataFrame:
    """Flags per area where the sociale basis has a gap, each with a Dutch reason.

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
        ``"lopen"`` (default), ``"fiets"`` or ``"auto"``: distances over the network for
        this mode; without a network straight line x detour factor (``methode =
        "hemelsbreed"``, said in every reason about distance).
    seed
        Seed of the broker sample and of the cluster permutations.
    cache
        Keep the measurements of this gebied (by content) so that a next call or a
        :func:`~sociale_basis.gaps.scenario.scenario` reuses them, also with other ``drempels``
        (only what those thresholds change is measured again, see
        :meth:`~sociale_basis.gaps.basis.Basis.with_drempels`); :func:`clear_cache`
        empties it.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (area, flag), sorted by level, area and severity: ``gebiedcode``,
        ``gebiednaam``, ``niveau``, ``signaal`` (code, see :data:`SIGNALEN`),
        ``onderwerp`` (soort, component, rol or measure), ``groep``, ``ernst``
        (``laag``/``midden``/``hoog``; missing for information rows), ``waarde``,
        ``drempel``, ``methode`` (``netwerk``/``hemelsbreed``), ``reden`` (a Dutch sentence
        with the numbers) and the area polygon (EPSG:28992). ``attrs["rapport"]`` lists,
        in Dutch, what was measured and what was left out; ``attrs["drempels"]`` holds the
        :class:`~sociale_basis.gaps.thresholds.Drempels` used.

    Raises
    ------
    ValueError
        An unknown ``niveau`` or ``modus``; thresholds that do not validate
        (:class:`~sociale_basis.core.errors.ValidationError`).
    TypeError
        A ``gebied`` without the tables or polygons needed.
    """
    levels = check_niveau(niveau)
    d = load_drempels(drempels)
    basis = get_basis(gebied, d, modus, seed, cache=cache)
    return signalen(basis, levels)


def check_niveau(niveau: str) -> tuple[str, ...]:
    """``"buurt"``, ``"wijk"`` or ``"beide"`` as a tuple of levels."""
    if niveau == "beide":
        return ("buurt", "wijk")
    if niveau in ("buurt", "wijk"):
        return (niveau,)
    raise ValueError(f"niveau moet 'buurt', 'wijk' of 'beide' zijn, niet {niveau!r}.")


def clear_cache() -> None:
    """Forget every kept measurement (see ``cache`` of :func:`flag_gaps`)."""
    _CACHE.clear()


def get_basis(
    gebied: Any, drempels: Drempels, modus: str, seed: int | None, *, cache: bool = True
) -> Basis:
    """The :class:`~sociale_basis.gaps.basis.Basis` of a gebied, from the cache when kept."""
    check_gebied(gebied)
    if not cache:
        return Basis(gebied, drempels, modus, seed)
    key = (fingerprint(gebied), repr(drempels), modus, seed)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    # Other thresholds on the same content: start from the measurements already made,
    # preferably those whose cohesion can be kept too (the slowest part to measure again).
    siblings = [b for k, b in _CACHE.items() if k[0] == key[0] and k[2:] == key[2:]]
    siblings.sort(key=lambda b: b.keeps_cohesion(drempels))  # stable: most recent last
    basis = (
        siblings[-1].with_drempels(drempels) if siblings else Basis(gebied, drempels, modus, seed)
    )
    _CACHE[key] = basis
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return basis


def fingerprint(gebied: Any) -> str:
    """A hash of the content of a gebied's tables (and the identity of its network)."""
    h = hashlib.sha256()
    for name in ("inwoners", "voorzieningen", "professionals", "verenigingen", "relaties"):
        frame = getattr(gebied, name, None)
        h.update(name.encode())
        if frame is not None:
            h.update(_frame_hash(frame))
    for name in ("buurten", "wijken"):
        frame = getattr(gebied, name)
        h.update(pd.util.hash_pandas_object(frame.index.to_series()).to_numpy().tobytes())
        h.update(shapely.to_wkb(frame.geometry.to_numpy()).astype(bytes).tobytes())
    net = getattr(gebied, "netwerk", None)
    h.update(f"{id(net)}|{0 if net is None else net.number_of_edges()}".encode())
    return h.hexdigest()


def _frame_hash(frame: pd.DataFrame) -> bytes:
    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    try:
        values = pd.util.hash_pandas_object(plain.astype(str), index=True).to_numpy()
    except TypeError:  # unhashable cells: fall back to identity
        return f"{id(frame)}|{len(frame)}".encode()
    out = values.tobytes()
    if isinstance(frame, gpd.GeoDataFrame):
        geoms = frame.geometry.to_numpy()
        out += shapely.get_coordinates(geoms).tobytes()
    return out


# --- the flags ---------------------------------------------------------------------------


def signalen(basis: Basis, niveaus: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Every flag of :func:`flag_gaps` for the given levels of a prepared Basis."""
    cached = basis.kept_flags.get(niveaus)
    if cached is not None:
        return cached.copy()
    rows: list[dict[str, Any]] = []
    rapport: list[str] = []
    naam = str(getattr(basis.gebied, "naam", "de gemeente"))
    if basis.methode == "hemelsbreed":
        from ..streets.modes import MODI

        rapport.append(
            f"Geen straatnetwerk: afstanden zijn hemelsbreed maal de omwegfactor "
            f"{format_factor(MODI[basis.modus].detour_factor)} ({basis.modus})."
        )
    gemeente_rows: dict[tuple[str, str], dict[str, Any]] = {}
    for niveau in niveaus:
        level, gemeente = level_rows(basis, niveau, naam, rapport)
        rows += level
        for row in gemeente:
            gemeente_rows.setdefault((row["signaal"], row["onderwerp"]), row)
    rows += list(gemeente_rows.values())
    result = _frame(rows, basis, rapport)
    basis.kept_flags[niveaus] = result.copy()
    return result


def _frame(rows: list[dict[str, Any]], basis: Basis, rapport: list[str]) -> gpd.GeoDataFrame:
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
                union["gemeente"] = shapely.union_all(basis.areas("wijk").geometry.to_numpy())
            geometry.append(union["gemeente"])
        else:
            geometry.append(basis.areas(niveau).geometry.get(code))
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)
    out.attrs["rapport"] = rapport
    out.attrs["drempels"] = basis.drempels
    return out


__all__ = [
    "ERNST",
    "KOLOMMEN",
    "SIGNALEN",
    "check_niveau",
    "clear_cache",
    "fingerprint",
    "flag_gaps",
    "get_basis",
    "severity",
    "signalen",
]

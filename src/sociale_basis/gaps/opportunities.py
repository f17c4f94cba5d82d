"""Group opportunities: meeting places near enough people with the same hulpvraag.

The source documents (seed 003, "Van individuele zorg naar het samenbrengen van vragen")
ask to answer more questions in groups: bring together people with the same question who
live near each other and near a place where a group can meet (a *groepsruimte*: a buurthuis,
a bibliotheek, a clubhuis, ...). :func:`group_opportunities` finds, per buurt and
hulpvraag, the groepsruimten within ``minuten`` of at least ``k`` inwoners of that buurt with
that hulpvraag, and ranks them: per buurt the best few, real places before synthetic ones
(a synthetic place does not exist: it fills a gap in the data), each with its reason. Only
counts leave this function, rounded as the privacy rules ask; tables, maps and handouts
publish them through :func:`sociale_basis.present.kansen.safe_kansen`, which holds back
every count whose buurt total the tables hide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from ..core import taxonomy
from ..core.crs import RD_NEW
from ..privacy import MIN_INWONERS, round_support_count
from ..streets import cost_table, get_modus, point_coordinates
from .hemelsbreed import straight_costs
from .reasons import GEHEIM, SYNTHETISCH, format_number, short_name

GROEPSRUIMTEN: tuple[str, ...] = (
    "buurthuis",
    "bibliotheek",
    "clubhuis",
    "gebedshuis",
    "jongerenwerk",
    "kunstcentrum",
)
"""Default places for a group (groepsruimten): ``ontmoeting`` soorten with a room that a
welfare organisation can use for a group (assumption). Not a café (consumption, no closed
room), theatre, scouting (children), or open space and sport (no room)."""
SYNTHETISCH_BRON = "synthetisch"
"""The ``bron`` of a place that the synthetic population added (it does not exist)."""


KOLOMMEN = [
    "buurtcode",
    "buurtnaam",
    "rang",
    "hulpvraag",
    "voorziening_id",
    "soort",
    "naam",
    "bron",
    "echt",
    "aantal",
    "aantal_tekst",
    "minuten",
    "methode",
    "reden",
]
"""Columns of :func:`group_opportunities` (plus ``geometry``)."""
PER_BUURT = 3
"""Opportunities kept per buurt by default: the best place for each of the three hulpvragen
with the most people near one."""


def group_opportunities(
    gebied: Any,
    *,
    k: int = 5,
    minuten: float = 10.0,
    modus: str = "lopen",
    soorten: Sequence[str] | None = None,
    per_buurt: int | None = PER_BUURT,
) -> gpd.GeoDataFrame:
    """Places for a group within ``minuten`` of at least ``k`` inwoners of a buurt with one
    hulpvraag, ranked per buurt.

    For buurt :math:`b`, hulpvraag :math:`h` and meeting place :math:`j`:

    .. math:: n_{bhj} = |\\{i : \\mathrm{buurt}(i) = b,\\ \\mathrm{hulpvraag}(i) = h,\\
              t_{ij} \\le \\mathrm{minuten}\\}|

    with :math:`t_{ij}` the travel time over the network for ``modus`` (without a network:
    straight line x detour factor at the mode's speed). A row is given where
    :math:`n_{bhj} \\ge k`.

    Parameters
    ----------
    gebied
        A :class:`~sociale_basis.core.gebied.Gebied` (inwoners with ``hulpvraag`` and
        ``buurtcode``, voorzieningen with ``soort``, optionally a ``netwerk``).
    k
        Minimum number of people with the same hulpvraag within reach of the place.
    minuten
        Travel time limit.
    modus
        ``"lopen"`` (default), ``"fiets"`` or ``"auto"``.
    soorten
        Which soorten count as a place for a group; default :data:`GROEPSRUIMTEN`. Each
        must be a soort of :mod:`sociale_basis.core.taxonomy` where people meet
        (``ontmoeting``).
    per_buurt
        Keep per buurt the best place of each hulpvraag, for the ``per_buurt`` best
        hulpvragen (default 3); None keeps every (hulpvraag, place), ranked.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (buurt, hulpvraag, place), at the place's point: ``buurtcode``,
        ``buurtnaam``, ``rang`` (1 = the best opportunity of the buurt), ``hulpvraag``,
        ``voorziening_id``, ``soort``, ``naam``, ``bron`` (of the place), ``echt`` (False for
        a synthetic place), ``aantal`` (persons, rounded to 5; missing when 0-7:
        "geheim"), ``aantal_tekst`` (``"geheim"`` or the rounded number), ``minuten``,
        ``methode`` and ``reden`` (a Dutch sentence: how many people with that hulpvraag
        live within how many minutes of which place). Ranked per buurt: real places first,
        then the most people ("geheim" last), then hulpvraag and place. Sorted by buurt
        and ``rang``. ``attrs["rapport"]`` says which buurten were left out (fewer than
        10 inwoners) and how many rows ``per_buurt`` left out.

    Raises
    ------
    ValueError
        ``k`` below 1, ``minuten`` not positive, an unknown ``modus`` or ``soort``, a
        ``per_buurt`` below 1.
    """
    wanted = _check(k, minuten, modus, soorten)
    if per_buurt is not None and (isinstance(per_buurt, bool) or int(per_buurt) < 1):
        raise ValueError(f"per_buurt moet minstens 1 zijn (of None), niet {per_buurt!r}.")
    inw = gebied.inwoners
    people = inw[inw["hulpvraag"].notna().to_numpy()]
    places = _places(gebied.voorzieningen, wanted)
    netwerk = getattr(gebied, "netwerk", None)
    small = _small_buurten(inw)
    rapport = []
    if small:
        rapport.append(
            f"{len(small)} buurten met minder dan {MIN_INWONERS} inwoners zijn overgeslagen "
            f"(privacyregel): {', '.join(small)}."
        )
    if len(people) == 0 or len(places) == 0:
        rapport.append("geen mensen met een hulpvraag of geen ontmoetingsplekken in de gegevens.")
        return _result(pd.DataFrame(columns=KOLOMMEN), [], rapport)
    points, inverse = np.unique(
        point_coordinates(people, "de inwoners"), axis=0, return_inverse=True
    )
    pairs = _pairs(netwerk, points, point_coordinates(places, "de voorzieningen"), minuten, modus)
    table = _counts(pairs, np.asarray(inverse).ravel(), people, k, small)
    out = _table(
        table, places, gebied.buurten, minuten, "hemelsbreed" if netwerk is None else "netwerk"
    )
    out["reden"] = _reasons(out, modus, getattr(gebied, "seed", None) is not None)
    order = _order(out)
    out = out.iloc[order].reset_index(drop=True)
    plek = table["plek"].to_numpy()[order]
    out["rang"] = out.groupby("buurtcode").cumcount().to_numpy() + 1
    if per_buurt is not None:
        keep = _best(out, int(per_buurt))
        left = len(out) - int(keep.sum())
        if left:
            rapport.append(
                f"{left} kansen niet in de lijst: per buurt de beste plek voor elk van de "
                f"{per_buurt} hulpvragen met de meeste mensen (per_buurt=None geeft ze alle)."
            )
        out, plek = out[keep].reset_index(drop=True), plek[keep]
        out["rang"] = out.groupby("buurtcode").cumcount().to_numpy() + 1
    geometry = list(places.geometry.to_numpy()[plek])
    return _result(out[KOLOMMEN], geometry, rapport)


def _check(k: int, minuten: float, modus: str, soorten: Sequence[str] | None) -> tuple[str, ...]:
    """The meeting-place soorten, after checking every argument."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k moet een geheel getal van minstens 1 zijn, niet {k!r}.")
    if not np.isfinite(minuten) or minuten <= 0:
        raise ValueError(f"minuten moet een positief getal zijn, niet {minuten!r}.")
    get_modus(modus)  # an unknown modus raises, naming the known ones
    wanted = tuple(soorten) if soorten is not None else GROEPSRUIMTEN
    allowed = [s for s, v in taxonomy.SOORTEN.items() if v.ontmoeting]
    for s in wanted:
        if s not in allowed:
            raise ValueError(
                f"'{s}' is geen plek waar een groep samenkomt; {taxonomy.suggest(s, allowed)} "
                "(zie sb.taxonomy.SOORTEN, ontmoeting=True)."
            )
    return wanted


def _places(voorzieningen: gpd.GeoDataFrame, soorten: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The voorzieningen of ``soorten`` that have a point."""
    places = voorzieningen[voorzieningen["soort"].isin(soorten).to_numpy()]
    return places[~(places.geometry.isna() | places.geometry.is_empty).to_numpy()]


def _small_buurten(inwoners: pd.DataFrame) -> list[str]:
    """Buurten with fewer than 10 inwoners: no figures about them (privacy rule)."""
    counts = inwoners.groupby(inwoners["buurtcode"].astype(object).to_numpy()).size()
    return sorted(str(c) for c in counts.index[counts.to_numpy() < MIN_INWONERS])


def _pairs(
    netwerk: Any, points: np.ndarray, places: np.ndarray, minuten: float, modus: str
) -> pd.DataFrame:
    """(home point, place) pairs within ``minuten``: over the network, or without one
    straight line x detour factor at the mode's speed."""
    if netwerk is None:
        max_m = minuten * 60 * get_modus(modus).speed_ms
        return straight_costs(points, places, max_m, modus)
    origins = gpd.GeoDataFrame(geometry=gpd.points_from_xy(points[:, 0], points[:, 1]), crs=RD_NEW)
    dests = gpd.GeoDataFrame(geometry=gpd.points_from_xy(places[:, 0], places[:, 1]), crs=RD_NEW)
    return cost_table(netwerk, origins, dests, max_min=float(minuten), modus=modus)


def _counts(
    pairs: pd.DataFrame, point_of: np.ndarray, people: pd.DataFrame, k: int, small: list[str]
) -> pd.DataFrame:
    """Per (buurt, hulpvraag, place): ``n``, the people within reach; only ``n >= k``, and
    no buurt in ``small``."""
    per_point = (
        pd.DataFrame(
            {
                "punt": point_of,
                "buurtcode": people["buurtcode"].astype(object).to_numpy(),
                "hulpvraag": people["hulpvraag"].astype(object).to_numpy(),
            }
        )
        .groupby(["punt", "buurtcode", "hulpvraag"])
        .size()
        .rename("n")
        .reset_index()
    )
    reach = pd.DataFrame(
        {
            "punt": pairs["herkomst"].to_numpy(np.int64),
            "plek": pairs["bestemming"].to_numpy(np.int64),
        }
    ).merge(per_point, on="punt")
    table = reach.groupby(["buurtcode", "hulpvraag", "plek"])["n"].sum().reset_index()
    keep = (table["n"] >= k).to_numpy() & ~table["buurtcode"].isin(small).to_numpy()
    return table[keep]


def _table(
    table: pd.DataFrame,
    places: gpd.GeoDataFrame,
    buurten: gpd.GeoDataFrame,
    minuten: float,
    methode: str,
) -> pd.DataFrame:
    """The published rows: counts rounded to 5, "geheim" at 0-7 (DESIGN §5)."""
    rounded = round_support_count(table["n"].to_numpy(float))
    plek = table["plek"].to_numpy()
    names = buurten["buurtnaam"] if "buurtnaam" in buurten.columns else pd.Series(dtype=object)
    bron = (
        places["bron"].astype(object).to_numpy()[plek]
        if "bron" in places.columns
        else np.full(len(plek), None, dtype=object)
    )
    return pd.DataFrame(
        {
            "buurtcode": table["buurtcode"].to_numpy(),
            "buurtnaam": names.reindex(table["buurtcode"].to_numpy()).to_numpy(),
            "hulpvraag": table["hulpvraag"].to_numpy(),
            "voorziening_id": places.index.to_numpy()[plek],
            "soort": places["soort"].to_numpy()[plek],
            "naam": places["naam"].to_numpy()[plek] if "naam" in places.columns else None,
            "bron": bron,
            "echt": np.asarray([b != SYNTHETISCH_BRON for b in bron], dtype=bool),
            "aantal": pd.array(rounded, dtype="Int64"),
            "aantal_tekst": [GEHEIM if np.isnan(v) else format_number(v) for v in rounded],
            "minuten": float(minuten),
            "methode": methode,
        }
    )


def _order(out: pd.DataFrame) -> np.ndarray:
    """Row positions by buurt, then real places first, the largest count first ("geheim"
    last), hulpvraag and place."""
    order = out.assign(_a=out["aantal"].fillna(0)).sort_values(
        ["buurtcode", "echt", "_a", "hulpvraag", "voorziening_id"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    return out.index.get_indexer(order.index)


def _best(ranked: pd.DataFrame, per_buurt: int) -> np.ndarray:
    """Rows to keep of a ranked table: per buurt the first (best) place of each hulpvraag,
    for its first ``per_buurt`` hulpvragen."""
    first = ~ranked.duplicated(["buurtcode", "hulpvraag"]).to_numpy()
    nth = np.zeros(len(ranked), dtype=int)
    nth[first] = ranked[first].groupby("buurtcode").cumcount().to_numpy()
    return first & (nth < per_buurt)


def _reasons(out: pd.DataFrame, modus: str, synthetisch: bool) -> list[str]:
    """Per row: how many people with that hulpvraag live within how many minutes of which
    place; a synthetic place and synthetic people are said to be so."""
    label = get_modus(modus).label
    reasons = []
    for row in out.itertuples():
        wie = f"{row.aantal_tekst} mensen"
        if row.aantal_tekst == GEHEIM:
            wie = "een paar mensen (aantal geheim)"
        naam = str(row.naam).strip() if isinstance(row.naam, str) and row.naam.strip() else ""
        key = str(row.soort)
        soort = taxonomy.SOORTEN[key].label if key in taxonomy.SOORTEN else key
        plek = f"{naam} ({soort})" if naam else f"een {soort}"
        vraag = taxonomy.HULPVRAGEN.get(str(row.hulpvraag), str(row.hulpvraag))
        text = (
            f"{wie[0].upper()}{wie[1:]} uit {short_name(row.buurtnaam, str(row.buurtcode))} met "
            f"een hulpvraag over {vraag} wonen binnen {format_number(float(row.minuten))} "  # type: ignore[arg-type]
            f"minuten {label} van {plek}"
        )
        if not row.echt:
            text += "; deze plek is synthetisch (bestaat niet echt)"
        reasons.append(text + (f" {SYNTHETISCH}." if synthetisch else "."))
    return reasons


def _result(frame: pd.DataFrame, geometry: list[Any], rapport: list[str]) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)
    out.attrs["rapport"] = rapport
    return out

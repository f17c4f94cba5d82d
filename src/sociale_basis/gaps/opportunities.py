"""Group opportunities: meeting places near enough people with the same hulpvraag.

The source documents (seed 003, "Van individuele zorg naar het samenbrengen van vragen")
ask to answer more questions in groups: bring together people with the same question who
live near each other and near a meeting place. :func:`group_opportunities` finds, per buurt
and hulpvraag, the meeting places within ``minuten`` of at least ``k`` inwoners of that buurt
with that hulpvraag. Only counts leave this function, protected as DESIGN §5 asks.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from ..core import taxonomy
from ..core.crs import RD_NEW
from ..privacy import MIN_INWONERS, round_support_count
from ..streets.snap import point_coordinates
from .reasons import GEHEIM, format_number

GROEPSRUIMTEN: tuple[str, ...] = (
    "buurthuis",
    "bibliotheek",
    "clubhuis",
    "gebedshuis",
    "jongerenwerk",
    "kunstcentrum",
)
"""Default meeting places for a group: ``ontmoeting`` soorten with a room that a welfare
organisation can use for a group (assumption). Not a café (consumption, no closed room),
theatre, scouting (children), or open space and sport (no room)."""


def group_opportunities(
    gebied: Any,
    *,
    k: int = 5,
    minuten: float = 10.0,
    modus: str = "lopen",
    soorten: list[str] | tuple[str, ...] | None = None,
) -> gpd.GeoDataFrame:
    """Meeting places within ``minuten`` of at least ``k`` inwoners of a buurt with one hulpvraag.

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
        Which soorten count as a meeting place; default :data:`GROEPSRUIMTEN`. Each must
        be an ``ontmoeting`` soort of :mod:`sociale_basis.core.taxonomy`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per (buurt, hulpvraag, meeting place), at the place's point:
        ``buurtcode``, ``buurtnaam``, ``hulpvraag``, ``voorziening_id``, ``soort``, ``naam``,
        ``aantal`` (persons, rounded to 5; missing when 0-7: "geheim"), ``aantal_tekst``
        (``"geheim"`` or the rounded number), ``minuten`` and ``methode``. Sorted by buurt,
        hulpvraag and ``aantal`` (largest first). ``attrs["rapport"]`` says which buurten
        were left out (fewer than 10 inwoners).

    Raises
    ------
    ValueError
        ``k`` below 1, ``minuten`` not positive, an unknown ``modus`` or ``soort``.
    """
    from ..streets.modes import MODES, MODI

    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k moet een geheel getal van minstens 1 zijn, niet {k!r}.")
    if not np.isfinite(minuten) or minuten <= 0:
        raise ValueError(f"minuten moet een positief getal zijn, niet {minuten!r}.")
    if modus not in MODES:
        raise ValueError(f"onbekende modus {modus!r}; kies een van: {', '.join(MODES)}.")
    wanted = tuple(soorten) if soorten is not None else GROEPSRUIMTEN
    allowed = [s for s, v in taxonomy.SOORTEN.items() if v.ontmoeting]
    for s in wanted:
        if s not in allowed:
            raise ValueError(
                f"'{s}' is geen ontmoetingsplek; {taxonomy.suggest(s, allowed)} "
                "(zie sb.taxonomy.SOORTEN, ontmoeting=True)."
            )
    inw = gebied.inwoners
    people = inw[inw["hulpvraag"].notna().to_numpy()]
    vz = gebied.voorzieningen
    places = vz[vz["soort"].isin(wanted).to_numpy()]
    places = places[~(places.geometry.isna() | places.geometry.is_empty).to_numpy()]
    netwerk = getattr(gebied, "netwerk", None)
    methode = "hemelsbreed" if netwerk is None else "netwerk"
    rapport: list[str] = []
    counts_all = inw.groupby(inw["buurtcode"].astype(object).to_numpy()).size()
    small = sorted(str(c) for c in counts_all.index[counts_all.to_numpy() < MIN_INWONERS])
    if small:
        rapport.append(
            f"{len(small)} buurten met minder dan {MIN_INWONERS} inwoners zijn overgeslagen "
            f"(privacyregel): {', '.join(small)}."
        )
    columns = [
        "buurtcode",
        "buurtnaam",
        "hulpvraag",
        "voorziening_id",
        "soort",
        "naam",
        "aantal",
        "aantal_tekst",
        "minuten",
        "methode",
    ]
    if len(people) == 0 or len(places) == 0:
        rapport.append("geen mensen met een hulpvraag of geen ontmoetingsplekken in de gegevens.")
        return _result(pd.DataFrame(columns=columns), [], rapport)
    xy = point_coordinates(people, "de inwoners")
    points, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    p_xy = point_coordinates(places, "de voorzieningen")
    if netwerk is None:
        radius = minuten * 60 * MODI[modus].speed_ms / MODI[modus].detour_factor
        near = cKDTree(points).query_ball_point(p_xy, r=radius)
        dest = np.repeat(np.arange(len(p_xy)), [len(x) for x in near])
        origin = (
            np.concatenate([np.asarray(x, np.int64) for x in near])
            if len(dest)
            else np.empty(0, np.int64)
        )
    else:
        from ..streets.access import cost_table

        origins = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(points[:, 0], points[:, 1]), crs=RD_NEW
        )
        dests = gpd.GeoDataFrame(geometry=gpd.points_from_xy(p_xy[:, 0], p_xy[:, 1]), crs=RD_NEW)
        pairs = cost_table(netwerk, origins, dests, max_min=float(minuten), modus=modus)
        origin = pairs["herkomst"].to_numpy(np.int64)
        dest = pairs["bestemming"].to_numpy(np.int64)
    per_point = (
        pd.DataFrame(
            {
                "punt": inverse,
                "buurtcode": people["buurtcode"].astype(object).to_numpy(),
                "hulpvraag": people["hulpvraag"].astype(object).to_numpy(),
            }
        )
        .groupby(["punt", "buurtcode", "hulpvraag"])
        .size()
        .rename("n")
        .reset_index()
    )
    reach = pd.DataFrame({"punt": origin, "plek": dest}).merge(per_point, on="punt")
    table = reach.groupby(["buurtcode", "hulpvraag", "plek"])["n"].sum().reset_index()
    table = table[(table["n"] >= k).to_numpy() & ~table["buurtcode"].isin(small).to_numpy()]
    rounded = round_support_count(table["n"].to_numpy(float))
    names = (
        gebied.buurten["buurtnaam"]
        if "buurtnaam" in gebied.buurten.columns
        else pd.Series(dtype=object)
    )
    out = pd.DataFrame(
        {
            "buurtcode": table["buurtcode"].to_numpy(),
            "buurtnaam": names.reindex(table["buurtcode"].to_numpy()).to_numpy(),
            "hulpvraag": table["hulpvraag"].to_numpy(),
            "voorziening_id": places.index.to_numpy()[table["plek"].to_numpy()],
            "soort": places["soort"].to_numpy()[table["plek"].to_numpy()],
            "naam": (
                places["naam"].to_numpy()[table["plek"].to_numpy()]
                if "naam" in places.columns
                else None
            ),
            "aantal": pd.array(rounded, dtype="Int64"),
            "aantal_tekst": [GEHEIM if np.isnan(v) else format_number(v) for v in rounded],
            "minuten": float(minuten),
            "methode": methode,
        }
    )
    order = out.assign(_a=out["aantal"].fillna(0)).sort_values(
        ["buurtcode", "hulpvraag", "_a", "voorziening_id"],
        ascending=[True, True, False, True],
        kind="stable",
    )
    out = out.loc[order.index].reset_index(drop=True)
    geometry = list(places.geometry.to_numpy()[table["plek"].to_numpy()[order.index.to_numpy()]])
    return _result(out, geometry, rapport)


def _result(frame: pd.DataFrame, geometry: list[Any], rapport: list[str]) -> gpd.GeoDataFrame:
    out = gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)
    out.attrs["rapport"] = rapport
    return out

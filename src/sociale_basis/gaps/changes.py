"""What a scenario changes: new and removed voorzieningen and professionals.

:func:`parse_add` and :func:`parse_remove` read what the user asks (dicts with ``x``/``y``
or a GeoDataFrame; ids such as ``"voorziening:12"``) into rows of the gebied's tables,
checking every value; :func:`change_table` lists the changes; :func:`arrays_with` gives
the social graph with professionals removed or added, without building it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core import taxonomy
from ..core.crs import RD_NEW, looks_like_rd, require_rd
from ..core.taxonomy import RELATIES
from ..social import GraphArrays
from ..social.arrays import PROFESSIONAL


def parse_add(gebied: Any, add: Any) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The added rows as voorzieningen and professionals (contract columns, new ids).

    Raises
    ------
    ValueError
        A row without a point or x/y in RD New, or with an unknown soort or rol, or
        neither; a new professional of a rol the gebied lacks, without ``capaciteit``.
    TypeError
        ``add`` that is not a GeoDataFrame or a list of dicts.
    """
    voorzieningen, professionals = [], []
    for i, rec in enumerate(_records(add), start=1):
        rec["geometry"] = _point(i, rec)
        if _kind(i, rec) == "professional":
            professionals.append(rec)
        else:
            voorzieningen.append(rec)
    return (
        _new_rows(gebied, gebied.voorzieningen, voorzieningen, "voorziening"),
        _new_rows(gebied, gebied.professionals, professionals, "professional"),
    )


def _records(add: Any) -> list[dict[str, Any]]:
    """``add`` as a list of dicts; a GeoDataFrame's points become ``x`` and ``y``."""
    if add is None:
        return []
    if isinstance(add, gpd.GeoDataFrame):
        require_rd(add, "add")
        records = []
        for _, row in add.iterrows():
            rec = {k: v for k, v in row.items() if k != add.geometry.name}
            geom = row[add.geometry.name]
            if geom is None or geom.geom_type != "Point" or geom.is_empty:
                raise ValueError(f"add: elke rij heeft een punt nodig, niet {geom!r}.")
            rec["x"], rec["y"] = geom.x, geom.y
            records.append(rec)
        return records
    if isinstance(add, Sequence) and not isinstance(add, (str, bytes)):
        return [dict(r) for r in add]
    raise TypeError(
        f"add moet een GeoDataFrame of een lijst van dicts zijn, niet {type(add).__name__}."
    )


def _point(i: int, rec: dict[str, Any]) -> shapely.Point:
    """The point of row ``i`` from its ``x`` and ``y`` (RD New metres)."""
    x, y = rec.get("x"), rec.get("y")
    try:
        fx, fy = float(x), float(y)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(
            f"add[{i}]: x en y (RD New, meter) zijn nodig, niet {x!r}, {y!r}."
        ) from None
    if not (np.isfinite(fx) and np.isfinite(fy) and looks_like_rd(fx, fy)):
        raise ValueError(
            f"add[{i}]: ({fx}, {fy}) ligt niet in Nederland in RD New (EPSG:28992); "
            "geef x/y in meters (lon/lat eerst omzetten)."
        )
    return shapely.Point(fx, fy)


def _kind(i: int, rec: dict[str, Any]) -> str:
    """``"professional"`` (a known ``rol``) or ``"voorziening"`` (a known ``soort``)."""
    rol, soort = rec.get("rol"), rec.get("soort")
    if isinstance(rol, str):
        if rol not in taxonomy.ROLLEN:
            raise ValueError(
                f"add[{i}]: onbekende rol '{rol}'; {taxonomy.suggest(rol, list(taxonomy.ROLLEN))}"
            )
        return "professional"
    if isinstance(soort, str):
        if soort not in taxonomy.SOORTEN:
            raise ValueError(
                f"add[{i}]: onbekende soort '{soort}'; "
                f"{taxonomy.suggest(soort, list(taxonomy.SOORTEN))}"
            )
        return "voorziening"
    raise ValueError(f"add[{i}]: geef 'soort' (een voorziening) of 'rol' (een professional).")


def _new_rows(
    gebied: Any, existing: gpd.GeoDataFrame, records: list[dict[str, Any]], kind: str
) -> gpd.GeoDataFrame:
    rows = []
    for rec in records:
        geom = rec["geometry"]
        buurt = _locate(gebied.buurten, geom)
        wijk = (
            gebied.buurten.at[buurt, "wijkcode"]
            if buurt is not None and "wijkcode" in gebied.buurten.columns
            else _locate(gebied.wijken, geom)
        )
        row: dict[str, Any] = {
            "naam": rec.get("naam", f"nieuw (scenario) {rec.get('soort') or rec.get('rol')}"),
            "buurtcode": buurt,
            "wijkcode": wijk,
            "bron": "scenario",
            "geometry": geom,
        }
        if kind == "voorziening":
            row["soort"] = rec["soort"]
        else:
            row["rol"] = rec["rol"]
            row["voorziening_id"] = rec.get("voorziening_id")
            row["capaciteit"] = rec.get("capaciteit", _default_capacity(existing, rec["rol"]))
        rows.append(row)
    index = _new_ids(existing.index, len(rows), kind)
    columns = ["naam", "buurtcode", "wijkcode", "bron", "geometry"]
    columns += ["soort"] if kind == "voorziening" else ["rol", "voorziening_id", "capaciteit"]
    frame = pd.DataFrame(rows, index=index, columns=columns)
    frame.index.name = existing.index.name
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=RD_NEW)


def _default_capacity(existing: pd.DataFrame, rol: str) -> float:
    same = pd.to_numeric(existing.loc[existing["rol"] == rol, "capaciteit"], errors="coerce")
    if same.notna().any():
        return float(same.median())
    raise ValueError(
        f"de nieuwe professional met rol '{rol}' heeft geen capaciteit, en het gebied heeft geen "
        "professional met die rol om van uit te gaan; geef 'capaciteit' mee."
    )


def _new_ids(index: pd.Index, n: int, kind: str) -> pd.Index:
    if pd.api.types.is_integer_dtype(index.dtype):
        start = int(index.max()) + 1 if len(index) else 0
        return pd.Index(range(start, start + n), dtype=index.dtype)
    return pd.Index([f"nieuw-{kind}-{i}" for i in range(1, n + 1)], dtype=object)


def _locate(areas: gpd.GeoDataFrame, point: shapely.Point) -> Any:
    hits = areas.index[areas.geometry.contains(point).to_numpy()]
    return hits[0] if len(hits) else None


def parse_remove(gebied: Any, remove: Any) -> tuple[list[Any], list[Any]]:
    """The ids to remove, as (voorzieningen, professionals).

    Raises
    ------
    ValueError
        Ids that are in neither table.
    """
    if remove is None:
        return [], []
    if isinstance(remove, (str, bytes)) or not isinstance(remove, Sequence):
        remove = [remove]
    voorzieningen, professionals, unknown = [], [], []
    for item in remove:
        kind, ident = "voorziening", item
        if isinstance(item, str) and ":" in item:
            kind, ident = item.split(":", 1)
        table = {"voorziening": gebied.voorzieningen, "professional": gebied.professionals}.get(
            kind
        )
        found = None if table is None else _find(table.index, ident)
        if found is None:
            unknown.append(item)
        elif kind == "voorziening":
            voorzieningen.append(found)
        else:
            professionals.append(found)
    if unknown:
        raise ValueError(
            f"remove: onbekende id's {unknown!r}; geef 'voorziening:<id>' of "
            "'professional:<id>' met een id uit gebied.voorzieningen / gebied.professionals."
        )
    return voorzieningen, professionals


def _find(index: pd.Index, ident: Any) -> Any:
    """``ident`` as it is in ``index``, also when given as text for an int id."""
    if ident in index:
        return ident
    try:
        as_int = int(ident)
    except (TypeError, ValueError):
        return None
    return as_int if as_int in index else None


def change_table(
    added_v: pd.DataFrame,
    added_p: pd.DataFrame,
    gebied: Any,
    removed_v: list[Any],
    removed_p: list[Any],
) -> pd.DataFrame:
    """One row per change: ``actie`` (toegevoegd/verwijderd), ``tabel``, ``id``, ``soort``
    (soort or rol), ``x``, ``y`` and ``buurtcode``."""
    rows = []
    for frame, table, column, actie in (
        (added_v, "voorzieningen", "soort", "toegevoegd"),
        (added_p, "professionals", "rol", "toegevoegd"),
        (gebied.voorzieningen.loc[removed_v], "voorzieningen", "soort", "verwijderd"),
        (gebied.professionals.loc[removed_p], "professionals", "rol", "verwijderd"),
    ):
        for ident, row in frame.iterrows():
            geom = row["geometry"]
            rows.append(
                {
                    "actie": actie,
                    "tabel": table,
                    "id": ident,
                    "soort": row[column],
                    "x": geom.x if geom is not None and not geom.is_empty else np.nan,
                    "y": geom.y if geom is not None and not geom.is_empty else np.nan,
                    "buurtcode": row.get("buurtcode"),
                }
            )
    return pd.DataFrame(rows, columns=["actie", "tabel", "id", "soort", "x", "y", "buurtcode"])


def arrays_with(a: GraphArrays, added: pd.DataFrame, removed: list[Any]) -> GraphArrays:
    """The graph arrays with professionals removed (and their ties) or added.

    Equivalent to building the graph again from the changed tables: a removed
    professional's node and every tie to it disappear; an added one is a new node in its
    buurt with one ``werkt_bij`` tie to its voorziening (when that is in the graph).
    """
    drop = pd.Index(a.nodes, dtype=object).get_indexer([f"professional:{p}" for p in removed])
    keep = np.ones(a.n, bool)
    keep[drop[drop >= 0]] = False
    new_pos = np.cumsum(keep) - 1
    edges = keep[a.u] & keep[a.v]
    nodes = list(a.nodes[keep])
    soort = list(a.soort[keep])
    wijk, buurt = list(a.wijk[keep]), list(a.buurt[keep])
    leeftijd, hulpvraag = list(a.leeftijd[keep]), list(a.hulpvraag[keep])
    u, v = list(new_pos[a.u[edges]]), list(new_pos[a.v[edges]])
    rel = list(a.relatie[edges])
    position = {n: i for i, n in enumerate(nodes)}
    werkt_bij = list(RELATIES).index("werkt_bij")
    for ident, row in added.iterrows():
        i = len(nodes)
        nodes.append(f"professional:{ident}")
        soort.append(PROFESSIONAL)
        wijk.append(row.get("wijkcode"))
        buurt.append(row.get("buurtcode"))
        leeftijd.append(np.nan)
        hulpvraag.append(False)
        target = position.get(f"voorziening:{row.get('voorziening_id')}")
        if target is not None:
            u.append(min(i, target))
            v.append(max(i, target))
            rel.append(werkt_bij)
    return GraphArrays(
        nodes=np.array(nodes, dtype=object),
        soort=np.array(soort, dtype=a.soort.dtype),
        wijk=np.array(wijk, dtype=object),
        buurt=np.array(buurt, dtype=object),
        leeftijd=np.array(leeftijd, dtype=float),
        hulpvraag=np.array(hulpvraag, dtype=bool),
        u=np.array(u, dtype=np.int32),
        v=np.array(v, dtype=np.int32),
        relatie=np.array(rel, dtype=np.int8),
        wijkcodes=a.wijkcodes,
        buurtcodes=a.buurtcodes,
    )

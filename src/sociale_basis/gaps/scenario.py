"""What if: add or remove voorzieningen and professionals, and compare before and after.

:func:`scenario` starts from the measurements of :func:`~sociale_basis.gaps.flag_gaps` (kept
per gebied, so a second scenario on the same gebied starts at once) and recomputes only
what the change touches:

* an added or removed voorziening: the distances to its soort (the origins and the
  prepared network are reused), the component distances of its component, and the flags;
* an added or removed professional: the 2SFCA access of its rol, and the social graph's
  cohesion (a removed professional's ties are cut; an added one works at its voorziening
  and has no clients yet).

Removing a voorziening leaves the social graph as it is (visits and the professionals based
there stay); remove those professionals explicitly to model a closure.
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
import shapely

from ..core import taxonomy
from ..core.crs import RD_NEW, looks_like_rd, require_rd
from ..core.html import MAX_RIJEN, card
from .basis import Basis
from .engine import SIGNALEN, check_niveau, get_basis, signalen
from .reasons import format_m, format_number, format_p, format_pct
from .thresholds import Drempels, load_drempels

_KEYS = ["niveau", "gebiedcode", "signaal", "onderwerp", "groep"]


@dataclass(repr=False)  # the tables would flood a console; __repr__ sums up
class Scenario:
    """Before and after of a scenario, per area.

    Attributes
    ----------
    voor, na
        The measures per area (the shown values of :meth:`Basis.metingen
        <sociale_basis.gaps.basis.Basis.metingen>`), indexed by (``niveau``, area code).
    verschil
        ``na - voor`` for the numeric measures, only the areas and columns that changed.
    signalen_voor, signalen_na
        :func:`~sociale_basis.gaps.flag_gaps` before and after.
    wijzigingen
        What the scenario changed: ``actie`` (toegevoegd/verwijderd), ``tabel``
        (voorzieningen/professionals), ``id``, ``soort`` (soort or rol), ``x``, ``y``,
        ``buurtcode``.
    herberekend
        What was recomputed for "na" (e.g. ``afstand:buurthuis``, ``cohesie:buurt``).
    duur_s
        Seconds spent on "na" (the before comes from the cache when kept).
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
        """Flags that appear (``nieuw``), disappear (``verdwenen``) or change severity or
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
        """What was recomputed and how the flags changed, given :attr:`signalen_verschil`."""
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
        """Rows of :attr:`signalen_verschil` in words: area name, flag, values, severity."""
        rows = []
        for _, r in diff.iterrows():
            # a vanished flag has no threshold "na"; its value is shown against the old one
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
    """A flag's value as Dutch text: p-value, metres or a share (see the flag table)."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if signaal == "cluster_laag":
        return f"p = {format_p(v)}"
    if signaal == "component_ontbreekt":
        return format_m(v)
    return format_pct(v, drempel)


def scenario(
    gebied: Any,
    add: gpd.GeoDataFrame | Sequence[Mapping[str, Any]] | None = None,
    remove: Sequence[Any] | None = None,
    *,
    niveau: str = "buurt",
    drempels: Drempels | Mapping[str, Any] | str | Path | None = None,
    modus: str = "lopen",
    seed: int | None = 0,
    cache: bool = True,
) -> Scenario:
    """Add or remove voorzieningen and professionals; before and after per area.

    Parameters
    ----------
    gebied
        As for :func:`~sociale_basis.gaps.flag_gaps`; never changed.
    add
        New voorzieningen and professionals: a GeoDataFrame (EPSG:28992) or a list of
        dicts with ``x`` and ``y`` (RD New metres) and either ``soort`` (a voorziening,
        optional ``naam``) or ``rol`` (a professional, optional ``capaciteit``, default the
        median of that rol in the gebied, and ``voorziening_id``, where it works).
    remove
        Ids to remove: ``"voorziening:12"`` or ``"professional:7"`` (node ids, as in the
        graph), or a plain id, taken as a ``voorziening_id``.
    niveau, drempels, modus, seed, cache
        As for :func:`~sociale_basis.gaps.flag_gaps`.

    Returns
    -------
    Scenario
        With ``voor``, ``na``, ``verschil``, ``signalen_voor``, ``signalen_na`` and a Dutch
        summary as ``str(result)``.

    Raises
    ------
    ValueError
        Nothing to change, an unknown soort, rol or id, coordinates that are not RD New,
        or no capaciteit for a new professional of a rol the gebied does not have.
    TypeError
        ``add`` of another type.
    """
    levels = check_niveau(niveau)
    d = load_drempels(drempels)
    added_v, added_p = _parse_add(gebied, add)
    removed_v, removed_p = _parse_remove(gebied, remove)
    if not (len(added_v) or len(added_p) or removed_v or removed_p):
        raise ValueError("het scenario verandert niets: geef add= en/of remove= mee.")
    before = get_basis(gebied, d, modus, seed, cache=cache)
    signalen_voor = signalen(before, levels)
    start = time.perf_counter()
    vz = _combine(gebied.voorzieningen, removed_v, added_v)
    prof = _combine(gebied.professionals, removed_p, added_p)
    soorten = set(added_v["soort"]) | set(gebied.voorzieningen.loc[removed_v, "soort"])
    rollen = set(added_p["rol"]) | set(gebied.professionals.loc[removed_p, "rol"])
    arrays = None
    if (len(added_p) or removed_p) and before._arrays is not None:
        arrays = _arrays_changed(before._arrays, added_p, removed_p)
    after = before.changed(
        gpd.GeoDataFrame(vz, geometry="geometry", crs=RD_NEW),
        gpd.GeoDataFrame(prof, geometry="geometry", crs=RD_NEW),
        soorten,
        rollen,
        arrays,
    )
    signalen_na = signalen(after, levels)
    duur = time.perf_counter() - start
    voor = _measures(before, levels)
    na = _measures(after, levels)
    names: dict[Any, str] = {}
    for frame in (signalen_voor, signalen_na):
        names.update(zip(frame["gebiedcode"], frame["gebiednaam"], strict=True))
    for level in levels:
        areas = before.areas(level)
        col = f"{level}naam"
        if col in areas.columns:
            names.update({c: n for c, n in areas[col].items() if c not in names})
    return Scenario(
        voor=voor,
        na=na,
        verschil=_difference(voor, na),
        signalen_voor=signalen_voor,
        signalen_na=signalen_na,
        wijzigingen=_changes(added_v, added_p, gebied, removed_v, removed_p),
        herberekend=after.herberekend,
        duur_s=duur,
        namen=names,
    )


def _combine(frame: gpd.GeoDataFrame, removed: list[Any], added: gpd.GeoDataFrame) -> Any:
    kept = frame.drop(index=removed)
    return pd.concat([kept, added]) if len(added) else kept


def _measures(basis: Basis, levels: tuple[str, ...]) -> pd.DataFrame:
    frames = {level: basis.metingen(level)[0] for level in levels}
    out = pd.concat(frames, names=["niveau", "gebiedcode"])
    return out


def _difference(voor: pd.DataFrame, na: pd.DataFrame) -> pd.DataFrame:
    numeric = [c for c in voor.columns if pd.api.types.is_numeric_dtype(voor[c]) and c in na]
    a = voor[numeric].astype(float)
    b = na[numeric].reindex(a.index).astype(float)
    diff = b - a
    changed = ~np.isclose(a.to_numpy(), b.to_numpy(), equal_nan=True, atol=1e-12)
    rows = changed.any(axis=1)
    cols = changed.any(axis=0)
    return diff.loc[rows, np.array(numeric)[cols].tolist()]


# --- parsing the change ------------------------------------------------------------------


def _parse_add(gebied: Any, add: Any) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The added rows as voorzieningen and professionals (contract columns, new ids)."""
    if add is None:
        records: list[dict[str, Any]] = []
    elif isinstance(add, gpd.GeoDataFrame):
        require_rd(add, "add")
        records = []
        for _, row in add.iterrows():
            rec = {k: v for k, v in row.items() if k != add.geometry.name}
            geom = row[add.geometry.name]
            if geom is None or geom.geom_type != "Point" or geom.is_empty:
                raise ValueError(f"add: elke rij heeft een punt nodig, niet {geom!r}.")
            rec["x"], rec["y"] = geom.x, geom.y
            records.append(rec)
    elif isinstance(add, Sequence) and not isinstance(add, (str, bytes)):
        records = [dict(r) for r in add]
    else:
        raise TypeError(
            f"add moet een GeoDataFrame of een lijst van dicts zijn, niet {type(add).__name__}."
        )
    voorzieningen, professionals = [], []
    for i, rec in enumerate(records, start=1):
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
        rec["geometry"] = shapely.Point(fx, fy)
        rol = rec.get("rol")
        soort = rec.get("soort")
        if isinstance(rol, str):
            if rol not in taxonomy.ROLLEN:
                raise ValueError(
                    f"add[{i}]: onbekende rol '{rol}'; "
                    f"{taxonomy.suggest(rol, list(taxonomy.ROLLEN))}"
                )
            professionals.append(rec)
        elif isinstance(soort, str):
            if soort not in taxonomy.SOORTEN:
                raise ValueError(
                    f"add[{i}]: onbekende soort '{soort}'; "
                    f"{taxonomy.suggest(soort, list(taxonomy.SOORTEN))}"
                )
            voorzieningen.append(rec)
        else:
            raise ValueError(
                f"add[{i}]: geef 'soort' (een voorziening) of 'rol' (een professional)."
            )
    return (
        _new_rows(gebied, gebied.voorzieningen, voorzieningen, "voorziening"),
        _new_rows(gebied, gebied.professionals, professionals, "professional"),
    )


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


def _parse_remove(gebied: Any, remove: Any) -> tuple[list[Any], list[Any]]:
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
    if ident in index:
        return ident
    try:
        as_int = int(ident)
    except (TypeError, ValueError):
        return None
    return as_int if as_int in index else None


def _changes(
    added_v: pd.DataFrame,
    added_p: pd.DataFrame,
    gebied: Any,
    removed_v: list[Any],
    removed_p: list[Any],
) -> pd.DataFrame:
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


# --- the social graph with other professionals --------------------------------------------


def _arrays_changed(a: Any, added: pd.DataFrame, removed: list[Any]) -> Any:
    """The graph arrays with professionals removed (and their ties) or added.

    Equivalent to building the graph again from the changed tables: a removed
    professional's node and every tie to it disappear; an added one is a new node in its
    buurt with one ``werkt_bij`` tie to its voorziening (when that is in the graph).
    """
    from ..core.taxonomy import RELATIES
    from ..social.arrays import PROFESSIONAL, GraphArrays

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

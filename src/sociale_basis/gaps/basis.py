"""What the gap flags measure per area, computed once per gebied and reused by scenarios.

:class:`Basis` holds the expensive parts, each computed on first use and kept:

* the street network prepared for the mode (:func:`~sociale_basis.streets.snap.prepare_network`);
* the inwoners' distinct home points (many share an address) as the origins;
* per soort of voorziening, the distance from every origin to the nearest one
  (:func:`~sociale_basis.streets.reach.distances_by_category`; straight line x detour factor,
  ``methode = "hemelsbreed"``, when the gebied has no network);
* per rol of professional, the 2SFCA access of every origin
  (:func:`~sociale_basis.streets.access.two_step_fca`, or the same formula on straight-line
  distances without a network);
* the social graph as arrays and the cohesion counts per area.

:meth:`Basis.changed` makes the Basis of a scenario: it shares everything that did not
change and recomputes only the soorten and rollen touched (and the cohesion when
professionals change).

Two tables per level come out: :meth:`Basis.ruw` (raw counts, internal) and
:meth:`Basis.metingen` (what may be shown: shares computed from rounded counts, hidden
where the group has fewer than ``min_personen`` persons or the count of people with a
hulpvraag is 0 to 7; DESIGN §5).
"""

from __future__ import annotations

import copy
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.spatial import cKDTree

from ..core import taxonomy
from ..core.crs import RD_NEW, require_rd
from ..privacy import Beveiligd, Kolom, Laag, matches_public, protect_levels
from ..social import count_per_area, group_mask, kritieke_schakels
from ..social.graph import Niveau
from ..social.personen import isolated_of, reaches_professional_of
from ..streets import MODI, get_modus, two_step_fca_from_costs
from ..streets.fca import GRID
from ..streets.snap import Netwerk, point_coordinates
from .reasons import STATUS_VAN_REGEL
from .thresholds import Drempels, Rolcapaciteit

NIVEAUS: tuple[str, ...] = ("buurt", "wijk")
GROEP_KOLOM = {"alle": "", "65plus": "_65plus", "hulpvraag": "_hulpvraag"}


class Basis:
    """The measurements behind the flags of one gebied (see the module docstring).

    Parameters
    ----------
    gebied
        A :class:`~sociale_basis.core.gebied.Gebied` or an object with the same attributes.
    drempels
        The thresholds (which soorten, rollen and groups to measure).
    modus
        ``"lopen"``, ``"fiets"`` or ``"auto"``.
    seed
        Seed of the broker sample (cohesion).
    """

    def __init__(self, gebied: Any, drempels: Drempels, modus: str, seed: int | None) -> None:
        get_modus(modus)  # an unknown modus raises, naming the known ones
        check_gebied(gebied)
        self.gebied = gebied
        self.drempels = drempels
        self.modus = modus
        self.seed = seed
        netwerk = getattr(gebied, "netwerk", None)
        self._netwerk = netwerk
        self._net: Netwerk | None = None
        self.methode = "hemelsbreed" if netwerk is None else "netwerk"
        inw = gebied.inwoners
        xy = point_coordinates(inw, "de inwoners")
        self.punten, inverse = np.unique(xy, axis=0, return_inverse=True)
        self.inv = np.asarray(inverse).ravel()
        self.origins = gpd.GeoDataFrame(
            geometry=shapely.points(self.punten), crs=RD_NEW, index=pd.RangeIndex(len(self.punten))
        )
        leeftijd = pd.to_numeric(inw["leeftijd"], errors="coerce").to_numpy(float)
        hulpvraag = inw["hulpvraag"].astype(object).where(inw["hulpvraag"].notna(), None)
        self.hulpvraag = hulpvraag.to_numpy()
        self.groepen: dict[str, np.ndarray] = {
            "alle": np.ones(len(inw), bool),
            "65plus": leeftijd >= 65,
            "hulpvraag": np.array([h is not None for h in self.hulpvraag], bool),
        }
        self._area_index: dict[str, np.ndarray] = {}
        for niveau in NIVEAUS:
            codes = inw[f"{niveau}code"].astype(object).to_numpy()
            self._area_index[niveau] = self.areas(niveau).index.get_indexer(codes)
        self._afstand: dict[str, np.ndarray] = {}
        self._toegang: dict[str, np.ndarray] = {}
        self._component: dict[tuple[str, str], np.ndarray] = {}
        self._arrays: Any = None
        self._cohesie: dict[str, pd.DataFrame] = {}
        self._ruw: dict[str, pd.DataFrame] = {}
        self._beveiligd: dict[str, Beveiligd] | None = None
        self.kept_flags: dict[tuple[str, ...], Any] = {}
        self.herberekend: set[str] = set()

    # --- inputs ---------------------------------------------------------------------------

    def areas(self, niveau: str) -> gpd.GeoDataFrame:
        """The area polygons of a level, indexed by code."""
        return self.gebied.buurten if niveau == "buurt" else self.gebied.wijken

    @property
    def net(self) -> Netwerk | None:
        """The network prepared for the mode (once), or None without a network."""
        if self._net is None and self._netwerk is not None:
            from ..streets.snap import prepare_network

            self._net = prepare_network(self._netwerk, self.modus)
        return self._net

    # --- reach ----------------------------------------------------------------------------

    def afstand(self, soort: str) -> np.ndarray:
        """Distance (m) from every origin point to the nearest voorziening of ``soort``.

        NaN where there is none, or the origin cannot reach the network (it then counts
        as far away, as in :func:`~sociale_basis.streets.reach.summarize_by_area`).
        """
        if soort not in self._afstand:
            from ..streets.reach import distances_by_category

            vz = self.gebied.voorzieningen
            sel = vz[(vz["soort"] == soort).to_numpy()]
            sel = sel[~(sel.geometry.isna() | sel.geometry.is_empty).to_numpy()]
            if len(sel) == 0:
                values = np.full(len(self.punten), np.nan)
            else:
                result = distances_by_category(
                    self.net, self.origins, sel, modus=self.modus, soorten=[soort]
                )
                values = result.xs(soort, level="categorie")["afstand_m"].to_numpy(float)
            self._afstand[soort] = values
            self.herberekend.add(f"afstand:{soort}")
        return self._afstand[soort]

    def far(self, soorten: tuple[str, ...] | list[str], afstand_m: float) -> np.ndarray:
        """Per inwoner: True when no voorziening of ``soorten`` lies within ``afstand_m``."""
        nearest = np.full(len(self.punten), np.inf)
        for soort in soorten:
            nearest = np.fmin(nearest, self.afstand(soort))
        per_point = ~(nearest <= afstand_m)
        return per_point[self.inv]

    def demand(self, rol: str, vraag: str) -> np.ndarray:
        """Per inwoner: True when the inwoner is demand for ``rol``."""
        if vraag == "rol":
            wanted = set(taxonomy.ROLLEN[rol].hulpvragen)
            return np.array([h in wanted for h in self.hulpvraag], bool)
        return self.groepen[vraag]

    def toegang(self, rol: str) -> np.ndarray:
        """2SFCA access of every inwoner to professionals of ``rol`` (NaN: not on the network)."""
        if rol not in self._toegang:
            t = self.drempels.capaciteit.rollen[rol]
            prof = self.gebied.professionals
            sel = prof[(prof["rol"] == rol).to_numpy()]
            sel = sel[~(sel.geometry.isna() | sel.geometry.is_empty).to_numpy()]
            demand = np.bincount(
                self.inv,
                weights=self.demand(rol, t.vraag).astype(float),
                minlength=len(self.punten),
            )
            if len(sel) == 0:
                values = np.zeros(len(self.punten))
            elif self.net is None:
                values = _two_step_fca_straight(
                    self.punten,
                    point_coordinates(sel, "de professionals"),
                    pd.to_numeric(sel["capaciteit"], errors="coerce").fillna(0).to_numpy(float),
                    demand,
                    t.max_m,
                    self.modus,
                )
            else:
                from ..streets.access import two_step_fca

                result = two_step_fca(
                    self.net,
                    self.origins,
                    sel,
                    vraag=pd.Series(demand, index=self.origins.index),
                    max_m=t.max_m,
                    modus=self.modus,
                )
                values = result["toegang"].to_numpy(float)
            self._toegang[rol] = values[self.inv]
            self.herberekend.add(f"toegang:{rol}")
        return self._toegang[rol]

    def component_afstand(self, niveau: str, component: str) -> np.ndarray:
        """Per area: straight-line distance (m) from its polygon to the nearest voorziening
        of ``component`` (0 inside); NaN when the gemeente's data has none at all.

        Verenigingen count for ``netwerk``; a digital platform serves every area.
        """
        key = (niveau, component)
        if key not in self._component:
            areas = self.areas(niveau)
            vz = self.gebied.voorzieningen
            comp = vz["soort"].map(
                lambda s: taxonomy.SOORTEN[s].component if s in taxonomy.SOORTEN else None
            )
            mine = vz[(comp == component).to_numpy()]
            if component == "digitaal":
                out = np.full(len(areas), 0.0 if len(mine) else np.nan)
            else:
                geoms = list(mine.geometry)
                if component == "netwerk":
                    geoms += list(getattr(self.gebied, "verenigingen", gpd.GeoDataFrame()).geometry)
                pts = np.array([g for g in geoms if g is not None and not g.is_empty], dtype=object)
                out = np.full(len(areas), np.nan)
                if len(pts):
                    tree = shapely.STRtree(pts)
                    polys = areas.geometry.to_numpy()
                    (i, _), d = tree.query_nearest(polys, return_distance=True, all_matches=False)
                    out[i] = d
            self._component[key] = out
        return self._component[key]

    # --- cohesion -------------------------------------------------------------------------

    @property
    def arrays(self) -> Any:
        """The social graph as :class:`~sociale_basis.social.arrays.GraphArrays` (built once)."""
        if self._arrays is None:
            from ..social.arrays import graph_arrays
            from ..social.build import build_graph

            self._arrays = graph_arrays(build_graph(self.gebied), check=False)
            self.herberekend.add("graaf")
        return self._arrays

    def cohesie(self, niveau: Niveau) -> pd.DataFrame:
        """Raw cohesion counts per area (graph inwoners): ``c_n_<groep>``,
        ``geisoleerd_<groep>``, ``niet_binnen_k``, ``kwetsbaar``, ``kwetsbaar_noemer``,
        ``kritieke_schakel_soort``.

        Every count is one of the social measures, counted per area by
        :func:`~sociale_basis.social.count_per_area`: isolation as in
        :func:`~sociale_basis.social.aandeel_geisoleerd`, reach as in
        :func:`~sociale_basis.social.aandeel_hulpvraag_binnen_k` (without places) and the
        people cut off by the critical node of
        :func:`~sociale_basis.social.kritieke_schakels`.
        """
        if niveau not in self._cohesie:
            d = self.drempels
            a = self.arrays
            codes, _ = a.areas(niveau)
            isolated = isolated_of(a)
            out: dict[str, Any] = {}
            for g in GROEP_KOLOM:
                members = group_mask(a, g)
                out[f"c_n_{g}"] = count_per_area(a, niveau, members)
                out[f"geisoleerd_{g}"] = count_per_area(a, niveau, members & isolated)
            if d.brug.aan or "aandeel_hulpvraag_binnen_k" in d.clusters.variabelen:
                reached = reaches_professional_of(a, d.brug.k, via_plekken=False)
                out["niet_binnen_k"] = count_per_area(a, niveau, a.hulpvraag & ~reached)
            if d.kwetsbaar.aan:
                schakels = kritieke_schakels(a, niveau=niveau, k=d.brug.k)
                out["kwetsbaar"] = schakels["afgesneden"].to_numpy(float)
                out["kwetsbaar_noemer"] = schakels["hulpvraag"].to_numpy(float)
                out["kritieke_schakel_soort"] = schakels["soort"].to_numpy(object)
            frame = pd.DataFrame(out, index=codes)
            self._cohesie[niveau] = frame.reindex(self.areas(niveau).index)
            self.herberekend.add(f"cohesie:{niveau}")
        return self._cohesie[niveau]

    def needs_cohesion(self) -> bool:
        d = self.drempels
        return (
            d.isolatie.aan
            or d.brug.aan
            or d.kwetsbaar.aan
            or "aandeel_hulpvraag_binnen_k" in d.clusters.variabelen
        )

    # --- tables ---------------------------------------------------------------------------

    def _count(self, niveau: str, mask: np.ndarray) -> np.ndarray:
        idx = self._area_index[niveau]
        keep = mask & (idx >= 0)
        return np.bincount(idx[keep], minlength=len(self.areas(niveau))).astype(float)

    def ruw(self, niveau: str) -> pd.DataFrame:
        """Raw counts and values per area (never shown as they are)."""
        if niveau in self._ruw:
            return self._ruw[niveau]
        d = self.drempels
        wanted = set(d.clusters.variabelen) if d.clusters.aan else set()
        cols: dict[str, Any] = {}
        for g, mask in self.groepen.items():
            cols[f"n_{g}"] = self._count(niveau, mask)
        h = d.hulp_te_ver
        for s, t in h.soorten.items():
            use = [
                g for g in h.groepen if (h.aan and t.aan) or f"aandeel_dichtbij_{s}_{g}" in wanted
            ]
            if use:
                far = self.far([s], t.afstand_m)
                for g in use:
                    cols[f"ver_{s}_{g}"] = self._count(niveau, far & self.groepen[g])
        o = d.ontmoeting
        use = [g for g in o.groepen if o.aan or f"aandeel_dichtbij_ontmoetingsplek_{g}" in wanted]
        if use:
            far = self.far(o.soorten, o.afstand_m)
            for g in use:
                cols[f"ver_ontmoetingsplek_{g}"] = self._count(niveau, far & self.groepen[g])
        if d.componenten.aan:
            for c in d.componenten.componenten:
                cols[f"afstand_component_{c}"] = self.component_afstand(niveau, c)
        cap = d.capaciteit
        for rol, rc in cap.rollen.items():
            if not ((cap.aan and rc.aan) or f"toegang_{rol}" in wanted):
                continue
            access = self.toegang(rol)
            dem = self.demand(rol, rc.vraag) & np.isfinite(access)
            n = self._count(niveau, dem)
            total = self._sum(niveau, np.where(dem, access, 0.0))
            with np.errstate(divide="ignore", invalid="ignore"):
                cols[f"toegang_{rol}"] = total / n
                mean = float(access[dem].sum() / dem.sum()) if dem.any() else np.nan
            cols[f"vraag_{rol}"] = n
            cols[f"toegang_gemeente_{rol}"] = np.full(len(n), mean)
        frame = pd.DataFrame(cols, index=self.areas(niveau).index)
        if self.needs_cohesion():
            frame = frame.join(self.cohesie("wijk" if niveau == "wijk" else "buurt"))
        self._ruw[niveau] = frame
        return frame

    def _sum(self, niveau: str, values: np.ndarray) -> np.ndarray:
        idx = self._area_index[niveau]
        keep = idx >= 0
        return np.bincount(idx[keep], weights=values[keep], minlength=len(self.areas(niveau)))

    def metingen(self, niveau: str) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """The measures per area that may be shown, and per column why a value is hidden.

        Every share passes :func:`~sociale_basis.privacy.protect_levels` with its raw
        count (``teller``) and group (``basis``), buurten and wijken together: the same
        share rule, "geheim" rule, minimum group and secondary suppression as the tables,
        so a flag never publishes a figure that could narrow a hidden one.

        Returns
        -------
        (pandas.DataFrame, dict)
            The table indexed by area code (columns in docs/signalen.md) and, per share
            column, a status array: ``""`` shown, ``"te_weinig"`` (group below
            ``min_personen``), ``"geheim"`` (0-7 persons with a hulpvraag),
            ``"geen_inwoners"`` (fewer than 10 inwoners) or ``"afgeschermd"`` (hidden so
            that another hidden figure cannot be worked out).
        """
        tabel = self._protected()[niveau]
        r = self.ruw(niveau)
        shown = tabel.waarden
        out: dict[str, Any] = {"inwoners": shown["inwoners"].to_numpy(float)}
        status: dict[str, np.ndarray] = {}
        for col in r.columns:
            if col.startswith("afstand_component_"):
                out[col] = r[col].to_numpy()
        for name in tabel.kolommen:
            if name == "inwoners":
                continue
            st = tabel.status[name].map(STATUS_VAN_REGEL).to_numpy(dtype=object)
            value = shown[name].to_numpy(float)
            if name.startswith("aandeel_ver_"):
                rest = name[len("aandeel_ver_") :]
                out[name], status[name] = value, st
                out[f"aandeel_dichtbij_{rest}"] = 1 - value
                status[f"aandeel_dichtbij_{rest}"] = st
            elif name == "aandeel_niet_binnen_k":
                out["aandeel_hulpvraag_binnen_k"] = 1 - value
                status["aandeel_hulpvraag_binnen_k"] = st
            elif name.startswith("toegang_"):
                rol = name[len("toegang_") :]
                out[name], status[name] = value, st
                mean = r[f"toegang_gemeente_{rol}"].to_numpy()
                with np.errstate(divide="ignore", invalid="ignore"):
                    out[f"verhouding_toegang_{rol}"] = value / mean
                status[f"verhouding_toegang_{rol}"] = st
            else:
                out[name], status[name] = value, st
        if "kritieke_schakel_soort" in r.columns:
            out["kritieke_schakel_soort"] = r["kritieke_schakel_soort"].to_numpy()
        table = pd.DataFrame(out, index=r.index)
        return table, status

    def _protected(self) -> dict[str, Beveiligd]:
        """The shares of both levels, protected together (once per Basis)."""
        if self._beveiligd is None:
            m = self.drempels.algemeen.min_personen
            lagen = []
            ruw = {niveau: self.ruw(niveau) for niveau in NIVEAUS}
            cbs = self.areas("buurt").get("inwoners")
            publiek = cbs is not None and matches_public(ruw["buurt"]["n_alle"], cbs)
            for niveau in NIVEAUS:
                raw, kolommen = share_table(ruw[niveau])
                ouder = None
                if niveau == "buurt":
                    ouder = self.areas("buurt")["wijkcode"].astype(str)
                lagen.append(
                    Laag(
                        raw,
                        kolommen,
                        raw["n_alle"],
                        ouder=ouder,
                        bovengrens=raw["n_alle"] if publiek else None,
                    )
                )
            tabellen = protect_levels(lagen, min_personen=m)
            self._beveiligd = dict(zip(NIVEAUS, tabellen, strict=True))
        return self._beveiligd

    # --- other thresholds -------------------------------------------------------------------

    def with_drempels(self, drempels: Drempels) -> Basis:
        """A Basis for the same gebied, mode and seed with other thresholds.

        Distances, component distances and the social graph do not depend on thresholds
        and are shared; access to a rol only when its capacity thresholds are equal;
        cohesion only when the thresholds it uses (``brug``, ``kwetsbaar`` and whether a
        cluster needs ``aandeel_hulpvraag_binnen_k``) are equal. Tables and flags are
        made anew.
        """
        new = self._fresh_copy()
        new.drempels = drempels
        old, rollen = self.drempels.capaciteit.rollen, drempels.capaciteit.rollen
        new._afstand = dict(self._afstand)
        new._component = dict(self._component)
        new._toegang = {
            r: v
            for r, v in self._toegang.items()
            if _access_drempels(old.get(r)) == _access_drempels(rollen.get(r))
        }
        new._cohesie = dict(self._cohesie) if self.keeps_cohesion(drempels) else {}
        return new

    def keeps_cohesion(self, drempels: Drempels) -> bool:
        """Whether :meth:`with_drempels` can keep the measured cohesion for ``drempels``."""
        return _cohesion_drempels(self.drempels) == _cohesion_drempels(drempels)

    # --- scenarios ------------------------------------------------------------------------

    def changed(
        self,
        voorzieningen: gpd.GeoDataFrame,
        professionals: gpd.GeoDataFrame,
        soorten: set[str],
        rollen: set[str],
        arrays: Any = None,
    ) -> Basis:
        """A Basis for the same gebied with other voorzieningen and professionals.

        Shares the prepared network, the origins and every distance, access and
        component distance that ``soorten`` and ``rollen`` (the kinds that changed) do
        not touch; ``arrays`` is the changed social graph when professionals changed
        (cohesion is then recomputed), else the graph is shared.
        """
        new = self._fresh_copy()
        gebied = copy.copy(self.gebied)
        gebied.voorzieningen = voorzieningen
        gebied.professionals = professionals
        new.gebied = gebied
        new._afstand = {s: v for s, v in self._afstand.items() if s not in soorten}
        new._toegang = {r: v for r, v in self._toegang.items() if r not in rollen}
        touched = {taxonomy.SOORTEN[s].component for s in soorten if s in taxonomy.SOORTEN}
        new._component = {k: v for k, v in self._component.items() if k[1] not in touched}
        if arrays is not None:
            new._arrays = arrays
            new._cohesie = {}
        else:
            new._cohesie = dict(self._cohesie)
        return new

    def _fresh_copy(self) -> Basis:
        """A shallow copy without the tables, flags and recomputation log of this one;
        the caller decides which measurements it may share."""
        new = copy.copy(self)
        new._ruw = {}
        new._beveiligd = None
        new.kept_flags = {}
        new.herberekend = set()
        return new


def share_table(r: pd.DataFrame) -> tuple[pd.DataFrame, list[Kolom]]:
    """The raw table of :meth:`Basis.ruw` as columns for
    :func:`~sociale_basis.privacy.protect_levels`: every share with its ``teller`` and
    ``basis``, the access per rol as a mean over its ``vraag``, and the inwoners.

    Every share and mean is "gevoelig" here: a flag is only given for a group of at least
    ``min_personen`` persons. Shares of persons with a hulpvraag are "geheim" at 0-7.
    Counts are additive over buurten (a wijk's count is the sum), except the people cut
    off when the area's own critical node drops out (each area has its own).
    """
    raw = pd.DataFrame(index=r.index)
    raw["n_alle"] = r["n_alle"]
    kolommen = [Kolom("inwoners", "aantal", "Inwoners", secundair=False, optelbaar=False)]
    raw["inwoners"] = r["n_alle"]

    def share(name: str, teller: str, basis: str, hulpvraag: bool, optelbaar: bool = True) -> None:
        with np.errstate(divide="ignore", invalid="ignore"):
            raw[name] = r[teller] / r[basis]
        raw[teller], raw[basis] = r[teller], r[basis]
        kolommen.append(
            Kolom(
                name,
                "maat",
                name,
                basis=basis,
                teller=teller,
                teller_hulpvraag=hulpvraag,
                gevoelig=True,
                optelbaar=optelbaar,
            )
        )

    for col in r.columns:
        if col.startswith("ver_"):
            rest = col[4:]
            g = next(g for g in GROEP_KOLOM if rest.endswith("_" + g))
            share(f"aandeel_ver_{rest}", col, f"n_{g}", g == "hulpvraag")
        elif col.startswith("geisoleerd_"):
            g = col[len("geisoleerd_") :]
            share("aandeel_geisoleerd" + GROEP_KOLOM[g], col, f"c_n_{g}", g == "hulpvraag")
        elif col.startswith("toegang_") and not col.startswith("toegang_gemeente_"):
            rol = col[len("toegang_") :]
            raw[col], raw[f"vraag_{rol}"] = r[col], r[f"vraag_{rol}"]
            kolommen.append(Kolom(col, "maat", col, basis=f"vraag_{rol}", gevoelig=True))
    if "niet_binnen_k" in r.columns:
        share("aandeel_niet_binnen_k", "niet_binnen_k", "c_n_hulpvraag", True)
    if "kwetsbaar" in r.columns:
        share(
            "aandeel_kwetsbaar_bij_uitval", "kwetsbaar", "kwetsbaar_noemer", True, optelbaar=False
        )
    return raw, kolommen


def _access_drempels(t: Rolcapaciteit | None) -> tuple[Any, ...] | None:
    """The thresholds that :meth:`Basis.toegang` reads for one rol."""
    return None if t is None else (t.max_m, t.vraag)


def _cohesion_drempels(d: Drempels) -> tuple[Any, ...]:
    """The thresholds that :meth:`Basis.cohesie` reads."""
    return (
        d.brug.k,
        d.brug.aan,
        d.kwetsbaar.aan,
        "aandeel_hulpvraag_binnen_k" in d.clusters.variabelen,
    )


def _two_step_fca_straight(
    origins: np.ndarray,
    providers: np.ndarray,
    capacity: np.ndarray,
    demand: np.ndarray,
    max_m: float,
    modus: str,
) -> np.ndarray:
    """2SFCA without a network: :func:`~sociale_basis.streets.two_step_fca_from_costs` on
    straight-line distance x the mode's detour factor, so there is one 2SFCA.

    Pairs are searched a grid step beyond ``max_m`` (:data:`~sociale_basis.streets.fca.GRID`):
    the 2SFCA's millimetre grid decides which costs lie on the bound.
    """
    factor = MODI[modus].detour_factor
    near = cKDTree(origins).query_ball_point(providers, r=(max_m + GRID) / factor)
    j = np.repeat(np.arange(len(providers)), [len(x) for x in near])
    o = np.concatenate([np.asarray(x, np.int64) for x in near]) if len(j) else np.empty(0, np.int64)
    kosten = pd.DataFrame(
        {
            "herkomst": o,
            "bestemming": j,
            "afstand_m": np.hypot(*(origins[o] - providers[j]).T) * factor,
        }
    )
    result = two_step_fca_from_costs(kosten, pd.Series(demand), pd.Series(capacity), drempel=max_m)
    return result.toegang.to_numpy(float)


_REQUIRED = ("inwoners", "voorzieningen", "professionals", "buurten", "wijken")


def check_gebied(gebied: Any) -> None:
    missing = [a for a in _REQUIRED if not hasattr(gebied, a)]
    if missing:
        raise TypeError(
            f"verwacht een Gebied (sb.datasets.delft() of eigen data); dit object mist "
            f"{', '.join(missing)}."
        )
    for naam in ("buurten", "wijken"):
        frame = getattr(gebied, naam)
        if not isinstance(frame, gpd.GeoDataFrame):
            raise TypeError(
                f"gebied.{naam} moet een GeoDataFrame met vlakken zijn (voor de ligging en "
                "de buren van elk gebied); lees ze in met sb.read_buurten / sb.read_wijken."
            )
        require_rd(frame, f"gebied.{naam}")
    for column in ("leeftijd", "hulpvraag", "buurtcode", "wijkcode"):
        if column not in gebied.inwoners.columns:
            raise ValueError(f"gebied.inwoners mist de kolom '{column}' (zie docs/contracts.md).")

"""What the signals measure in one gebied, made once and reused because the caller says so.

:class:`Metingen` holds the parts that are slow and do not depend on thresholds, each
made on first use and kept in the object itself:

* the street network prepared for the mode (:func:`~sociale_basis.streets.prepare_network`)
  and the inwoners' distinct home points as origins;
* per soort of voorziening, the distance from every origin to the nearest one
  (:func:`~sociale_basis.streets.distances_by_category`; without a network the straight
  line x the detour factor, ``methode = "hemelsbreed"``);
* per rol of professional and catchment, the 2SFCA access of every inwoner (the one
  2SFCA, :func:`~sociale_basis.streets.two_step_fca_from_costs`);
* the social graph as arrays and, per level, the counts of the social measures
  (isolation, reach to a professional in ``k`` steps, the critical node).

Nothing is kept anywhere else: a caller who wants reuse makes the object once and passes
it on::

    metingen = Metingen(delft)
    signalen = find_signalen(delft, metingen=metingen)
    strenger = find_signalen(delft, drempels={...}, metingen=metingen)  # reuses all of it
    uitkomst = run_scenario(delft, add=[...], metingen=metingen)  # metingen itself unchanged

:meth:`Metingen.changed` gives the measurements of a scenario: it shares everything the
change does not touch. :attr:`Metingen.herberekend` lists, in order, what was computed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ..core import taxonomy
from ..core.crs import RD_NEW, require_rd
from ..social import build_graph_arrays, count_per_area, group_mask, kritieke_schakels
from ..social.graph import Niveau
from ..social.personen import isolated_of, reaches_professional_of
from ..streets import (
    Netwerk,
    distances_by_category,
    get_modus,
    point_coordinates,
    prepare_network,
    two_step_fca,
    two_step_fca_from_costs,
)
from ..streets.fca import GRID
from .hemelsbreed import straight_costs

NIVEAUS: tuple[Niveau, ...] = ("buurt", "wijk")
"""The levels that are measured (and protected) together."""

T = TypeVar("T")

_REQUIRED = ("inwoners", "voorzieningen", "professionals", "buurten", "wijken")


class Metingen:
    """The measurements behind the signals of one gebied (see the module docstring).

    Parameters
    ----------
    gebied
        A :class:`~sociale_basis.core.gebied.Gebied` (``sb.datasets.delft()``) or an object
        with the same tables; ``buurten`` and ``wijken`` need their polygons. Never changed.
    modus
        ``"lopen"`` (default), ``"fiets"`` or ``"auto"``: distances over the network for
        this mode (without a network: straight line x its detour factor).

    Attributes
    ----------
    gebied, modus
        As given.
    methode
        ``"netwerk"`` or ``"hemelsbreed"`` (no network).
    herberekend
        What was computed so far, in order (``"afstand:huisarts"``, ``"toegang:wijkteam"``,
        ``"graaf"``, ``"cohesie:buurt"``); a scenario reports those of its "after".

    Raises
    ------
    ValueError
        An unknown ``modus``, coordinates in another CRS, or inwoners without a column
        that the signals need.
    TypeError
        A ``gebied`` without the tables or polygons needed.
    """

    def __init__(self, gebied: Any, *, modus: str = "lopen") -> None:
        get_modus(modus)  # an unknown modus raises, naming the known ones
        check_gebied(gebied)
        self.gebied = gebied
        self.modus = modus
        self.methode = "hemelsbreed" if getattr(gebied, "netwerk", None) is None else "netwerk"
        inw = gebied.inwoners
        # many inwoners share an address: distances are measured once per point
        self.punten, inverse = np.unique(
            point_coordinates(inw, "de inwoners"), axis=0, return_inverse=True
        )
        self.inv = np.asarray(inverse).ravel()
        self.origins = gpd.GeoDataFrame(
            geometry=shapely.points(self.punten), crs=RD_NEW, index=pd.RangeIndex(len(self.punten))
        )
        leeftijd = pd.to_numeric(inw["leeftijd"], errors="coerce").to_numpy(float)
        hulpvraag = inw["hulpvraag"].astype(object).where(inw["hulpvraag"].notna(), None)
        self.hulpvraag = hulpvraag.to_numpy()
        # the groups of docs/signalen.md, as social.group_mask defines them on the graph
        self._groepen: dict[str, np.ndarray] = {
            "alle": np.ones(len(inw), bool),
            "65plus": leeftijd >= 65,
            "hulpvraag": np.array([h is not None for h in self.hulpvraag], bool),
        }
        self._area_index: dict[str, np.ndarray] = {
            niveau: self.areas(niveau).index.get_indexer(
                inw[f"{niveau}code"].astype(object).to_numpy()
            )
            for niveau in NIVEAUS
        }
        self._memo: dict[Hashable, Any] = {}
        self._kept: dict[Hashable, Any] = {}
        self.herberekend: list[str] = []

    def __repr__(self) -> str:
        return (
            f"<Metingen van {getattr(self.gebied, 'naam', 'een gebied')} ({self.modus}, "
            f"{self.methode}): {len(self._memo)} delen gemeten>"
        )

    # --- bookkeeping ----------------------------------------------------------------------

    def _remember(self, key: Hashable, label: str | None, make: Callable[[], T]) -> T:
        """The measurement ``key``, made (and logged as ``label``) on first use."""
        if key not in self._memo:
            self._memo[key] = make()
            if label is not None:
                self.herberekend.append(label)
        result: T = self._memo[key]
        return result

    def kept(self, key: Hashable, make: Callable[[], T]) -> T:
        """A result made from these measurements for given thresholds (tables, signals),
        kept here so that the caller who passes this object on gets it again at once."""
        if key not in self._kept:
            self._kept[key] = make()
        result: T = self._kept[key]
        return result

    # --- inputs ---------------------------------------------------------------------------

    def areas(self, niveau: str) -> gpd.GeoDataFrame:
        """The area polygons of a level, indexed by code."""
        return self.gebied.buurten if niveau == "buurt" else self.gebied.wijken

    @property
    def net(self) -> Netwerk | None:
        """The network prepared for the mode (once), or None without a network."""
        netwerk = getattr(self.gebied, "netwerk", None)
        if netwerk is None:
            return None
        return self._remember("netwerk", None, lambda: prepare_network(netwerk, self.modus))

    def groep(self, groep: str) -> np.ndarray:
        """Per inwoner: True in ``"alle"``, ``"65plus"`` (leeftijd >= 65) or ``"hulpvraag"``."""
        return self._groepen[groep]

    def count(self, niveau: str, mask: np.ndarray) -> np.ndarray:
        """Per area: how many inwoners ``mask`` selects (floats)."""
        idx = self._area_index[niveau]
        keep = mask & (idx >= 0)
        return np.bincount(idx[keep], minlength=len(self.areas(niveau))).astype(float)

    def total(self, niveau: str, values: np.ndarray) -> np.ndarray:
        """Per area: the sum of a value per inwoner."""
        idx = self._area_index[niveau]
        keep = idx >= 0
        return np.bincount(idx[keep], weights=values[keep], minlength=len(self.areas(niveau)))

    # --- reach ----------------------------------------------------------------------------

    def afstand(self, soort: str) -> np.ndarray:
        """Distance (m) from every origin point to the nearest voorziening of ``soort``.

        NaN where there is none, or the origin cannot reach the network (it then counts
        as far away, as in :func:`~sociale_basis.streets.summarize_by_area`).
        """
        return self._remember(("afstand", soort), f"afstand:{soort}", lambda: self._afstand(soort))

    def _afstand(self, soort: str) -> np.ndarray:
        vz = self.gebied.voorzieningen
        sel = vz[(vz["soort"] == soort).to_numpy()]
        sel = sel[~(sel.geometry.isna() | sel.geometry.is_empty).to_numpy()]
        if len(sel) == 0:
            return np.full(len(self.punten), np.nan)
        result = distances_by_category(
            self.net, self.origins, sel, modus=self.modus, soorten=[soort]
        )
        return result.xs(soort, level="categorie")["afstand_m"].to_numpy(float)

    def far(self, soorten: tuple[str, ...] | list[str], afstand_m: float) -> np.ndarray:
        """Per inwoner: True when no voorziening of ``soorten`` lies within ``afstand_m``.

        Beyond the threshold, or not reachable at all: the definition of ``aandeel_boven``
        in :func:`~sociale_basis.streets.summarize_by_area`, kept per inwoner here because
        the signals need the counts behind a share (for the share rule), not the share.
        """
        nearest = np.full(len(self.punten), np.inf)
        for soort in soorten:
            nearest = np.fmin(nearest, self.afstand(soort))
        per_point = ~(nearest <= afstand_m)
        return per_point[self.inv]

    def demand(self, rol: str, vraag: str) -> np.ndarray:
        """Per inwoner: True when the inwoner is demand for ``rol``: a group, or with
        ``vraag="rol"`` a hulpvraag this rol helps with (``taxonomy.ROLLEN``)."""
        if vraag == "rol":
            wanted = set(taxonomy.ROLLEN[rol].hulpvragen)
            return np.array([h in wanted for h in self.hulpvraag], bool)
        return self.groep(vraag)

    def toegang(self, rol: str, max_m: float, vraag: str) -> np.ndarray:
        """2SFCA access of every inwoner to the professionals of ``rol`` within ``max_m``,
        with ``vraag`` as demand (:meth:`demand`); NaN where not on the network."""
        return self._remember(
            ("toegang", rol, float(max_m), vraag),
            f"toegang:{rol}",
            lambda: self._toegang(rol, max_m, vraag),
        )

    def _toegang(self, rol: str, max_m: float, vraag: str) -> np.ndarray:
        prof = self.gebied.professionals
        sel = prof[(prof["rol"] == rol).to_numpy()]
        sel = sel[~(sel.geometry.isna() | sel.geometry.is_empty).to_numpy()]
        demand = np.bincount(
            self.inv, weights=self.demand(rol, vraag).astype(float), minlength=len(self.punten)
        )
        if len(sel) == 0:
            return np.zeros(len(self.inv))
        if self.net is None:
            # the one 2SFCA on straight-line costs, searched a grid step beyond the bound:
            # its millimetre grid decides what lies on it
            kosten = straight_costs(
                self.punten,
                point_coordinates(sel, "de professionals"),
                max_m,
                self.modus,
                pad_m=GRID,
            )
            result = two_step_fca_from_costs(
                kosten,
                pd.Series(demand),
                # a professional without a known capacity adds nothing
                pd.Series(pd.to_numeric(sel["capaciteit"], errors="coerce").fillna(0).to_numpy()),
                drempel=max_m,
            )
            values = result.toegang.to_numpy(float)
        else:
            table = two_step_fca(
                self.net,
                self.origins,
                sel,
                vraag=pd.Series(demand, index=self.origins.index),
                max_m=max_m,
                modus=self.modus,
            )
            values = table["toegang"].to_numpy(float)
        return values[self.inv]

    def component_afstand(self, niveau: str, component: str) -> np.ndarray:
        """Per area: straight-line distance (m) from its polygon to the nearest voorziening
        of ``component`` (0 inside); NaN when the gemeente's data has none at all.

        Verenigingen count for ``netwerk``; a digital platform serves every area.
        """
        return self._remember(
            ("component", niveau, component), None, lambda: self._component(niveau, component)
        )

    def _component(self, niveau: str, component: str) -> np.ndarray:
        areas = self.areas(niveau)
        vz = self.gebied.voorzieningen
        comp = vz["soort"].map(
            lambda s: taxonomy.SOORTEN[s].component if s in taxonomy.SOORTEN else None
        )
        mine = vz[(comp == component).to_numpy()]
        if component == "digitaal":
            return np.full(len(areas), 0.0 if len(mine) else np.nan)
        geoms = list(mine.geometry)
        if component == "netwerk":
            geoms += list(getattr(self.gebied, "verenigingen", gpd.GeoDataFrame()).geometry)
        pts = np.array([g for g in geoms if g is not None and not g.is_empty], dtype=object)
        out = np.full(len(areas), np.nan)
        if len(pts):
            tree = shapely.STRtree(pts)
            (i, _), d = tree.query_nearest(
                areas.geometry.to_numpy(), return_distance=True, all_matches=False
            )
            out[i] = d
        return out

    # --- the social graph -------------------------------------------------------------------

    @property
    def arrays(self) -> Any:
        """The social graph as :class:`~sociale_basis.social.GraphArrays` (built once)."""
        return self._remember("graaf", "graaf", lambda: build_graph_arrays(self.gebied))

    def graph_if_built(self) -> Any:
        """The social graph's arrays when they were built already, else None."""
        return self._memo.get("graaf")

    def _per_area(self, niveau: Niveau, values: np.ndarray) -> np.ndarray:
        """Values in the order of the graph's areas, in the order of the area table (NaN
        for an area without a node in the graph)."""
        codes, _ = self.arrays.areas(niveau)
        series = pd.Series(values, index=codes)
        return series.reindex(self.areas(niveau).index).to_numpy()

    def _cohesion(self, key: tuple[Any, ...], niveau: Niveau, make: Callable[[], T]) -> T:
        return self._remember(("cohesie", *key), f"cohesie:{niveau}", make)

    def groepsgrootte(self, niveau: Niveau, groep: str) -> np.ndarray:
        """Per area: the inwoners of ``groep`` in the social graph
        (:func:`~sociale_basis.social.group_mask`)."""
        return self._cohesion(
            ("groep", niveau, groep),
            niveau,
            lambda: self._per_area(
                niveau, count_per_area(self.arrays, niveau, group_mask(self.arrays, groep))
            ).astype(float),
        )

    def geisoleerd(self, niveau: Niveau, groep: str) -> np.ndarray:
        """Per area: the inwoners of ``groep`` without any informal tie, as
        :func:`~sociale_basis.social.aandeel_geisoleerd` counts them."""

        def make() -> np.ndarray:
            a = self.arrays
            counts = count_per_area(a, niveau, group_mask(a, groep) & isolated_of(a))
            return self._per_area(niveau, counts).astype(float)

        return self._cohesion(("geisoleerd", niveau, groep), niveau, make)

    def niet_binnen_k(self, niveau: Niveau, k: int) -> np.ndarray:
        """Per area: the people with a hulpvraag who do *not* reach a professional within
        ``k`` informal steps, as :func:`~sociale_basis.social.aandeel_hulpvraag_binnen_k`
        counts them (without places)."""

        def make() -> np.ndarray:
            a = self.arrays
            reached = reaches_professional_of(a, k, via_plekken=False)
            counts = count_per_area(a, niveau, a.hulpvraag & ~reached)
            return self._per_area(niveau, counts).astype(float)

        return self._cohesion(("niet_binnen_k", niveau, k), niveau, make)

    def kritieke_schakels(self, niveau: Niveau, k: int) -> pd.DataFrame:
        """Per area (the area table's order): the critical node of
        :func:`~sociale_basis.social.kritieke_schakels` within ``k`` steps, with
        ``afgesneden``, ``hulpvraag`` and ``soort``."""
        return self._cohesion(
            ("kritieke_schakels", niveau, k),
            niveau,
            lambda: kritieke_schakels(self.arrays, niveau=niveau, k=k).reindex(
                self.areas(niveau).index
            ),
        )

    # --- scenarios --------------------------------------------------------------------------

    def changed(
        self,
        *,
        voorzieningen: gpd.GeoDataFrame,
        professionals: gpd.GeoDataFrame,
        soorten: set[str],
        rollen: set[str],
        arrays: Any = None,
    ) -> Metingen:
        """The measurements of the same gebied with other voorzieningen and professionals.

        Shares the prepared network, the origins and every measurement that the changed
        ``soorten`` and ``rollen`` do not touch. When professionals changed (``rollen``),
        the social graph is ``arrays`` (the changed graph) or, without it, built again
        when needed; its cohesion counts are measured again. This object is not changed.
        """
        new = copy.copy(self)
        gebied = copy.copy(self.gebied)
        gebied.voorzieningen = voorzieningen
        gebied.professionals = professionals
        new.gebied = gebied
        touched = {taxonomy.SOORTEN[s].component for s in soorten if s in taxonomy.SOORTEN}
        new._memo = {
            key: value
            for key, value in self._memo.items()
            if not _touched(key, soorten, rollen, touched)
        }
        if rollen and arrays is not None:
            new._memo["graaf"] = arrays
        new._kept = {}
        new.herberekend = []
        return new


def _touched(key: Hashable, soorten: set[str], rollen: set[str], components: set[str]) -> bool:
    """Whether a measurement (by its key in :class:`Metingen`) depends on what changed."""
    if not isinstance(key, tuple):
        return key == "graaf" and bool(rollen)
    kind = key[0]
    if kind == "afstand":
        return key[1] in soorten
    if kind == "toegang":
        return key[1] in rollen
    if kind == "component":
        return key[2] in components
    return kind == "cohesie" and bool(rollen)


def check_gebied(gebied: Any) -> None:
    """Raise when ``gebied`` lacks what the signals need (tables, polygons, columns)."""
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

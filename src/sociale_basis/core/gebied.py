"""The ``Gebied`` contract: everything the package knows about one gemeente, and ``Bron``,
the real parts of a bundle that the synthetic population is generated from.

Every part of the package takes a :class:`Gebied`; :mod:`sociale_basis.datasets` makes
one from a bundle, :func:`sociale_basis.datasets.gebied_from_files` from a user's files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import networkx as nx
import pandas as pd

from .html import card


@dataclass
class Gebied:
    """Everything about one gemeente: real areas, addresses and voorzieningen, plus the
    synthetic population and its ties.

    Attributes
    ----------
    wijken, buurten
        GeoDataFrames (EPSG:28992) indexed by ``wijkcode`` (``WKxxxxxx``) and ``buurtcode``
        (``BUxxxxxxxx``), with at least names, ``wijkcode`` (buurten) and ``inwoners``.
    adressen
        Real address points indexed by ``adres_id``, with ``buurtcode`` and ``wijkcode``.
    inwoners
        Synthetic inwoners on real addresses, indexed by ``inwoner_id``.
    verenigingen, voorzieningen, professionals
        Indexed by their ids; every row has ``bron`` (the source, or ``"synthetisch"``).
    relaties
        Ties: ``van``, ``naar`` (node ids ``"<soort>:<id>"``) and ``soort``.
    netwerk
        The street network (networkx MultiGraph) or None when the bundle has none.
    bronnen
        Every source with ``naam``, ``licentie`` and ``attributie``.
    seed
        Seed of the synthetic population (None: nothing is synthetic).
    kerncijfers
        CBS key figures per buurt, or None: see :attr:`Bron.kerncijfers`.
    ijking
        The fit report of the synthetic population: per target and area the target, the
        synthetic value and the difference (``sociale_basis.synthetic.ijking.fit_report``);
        None when nothing is synthetic.
    eigen_delen
        The parts that come from the user's own files in place of synthetic ones
        (``"voorzieningen"``, ``"verenigingen"``, ``"professionals"``); see
        :attr:`herkomst_delen`.
    """

    naam: str
    gemeentecode: str
    wijken: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame
    adressen: gpd.GeoDataFrame
    inwoners: gpd.GeoDataFrame
    verenigingen: gpd.GeoDataFrame
    voorzieningen: gpd.GeoDataFrame
    professionals: gpd.GeoDataFrame
    relaties: pd.DataFrame
    netwerk: nx.MultiGraph | None
    bronnen: list[dict[str, str]] = field(default_factory=list)
    seed: int | None = None
    kerncijfers: pd.DataFrame | None = None
    ijking: pd.DataFrame | None = None
    eigen_delen: tuple[str, ...] = ()

    @property
    def herkomst_delen(self) -> pd.DataFrame:
        """Per part (inwoners, voorzieningen, verenigingen, professionals) how many rows are
        real and how many synthetic: columns ``deel``, ``herkomst`` ("echt (eigen bestand)",
        "echt (bundel)" or "synthetisch") and ``aantal``; a part without rows is left out.
        Without a ``seed`` (a Gebied from the user's own files) every part is "echt (eigen
        bestand)"."""
        rows = []
        for deel in ("inwoners", *DELEN):
            frame = getattr(self, deel)
            synthetic = _synthetic(frame)
            real = len(frame) - synthetic
            if real:
                # without a seed nothing is synthetic: every part came from the user's files
                eigen = deel in self.eigen_delen or self.seed is None
                rows.append((deel, EIGEN_BESTAND if eigen else ECHT_BUNDEL, real))
            if synthetic:
                rows.append((deel, SYNTHETISCH, synthetic))
        return pd.DataFrame(rows, columns=["deel", "herkomst", "aantal"])

    @property
    def attributie(self) -> str:
        """One line naming every source, for maps and tables."""
        parts = [b["attributie"] for b in self.bronnen]
        if self.seed is not None:
            parts.append(f"synthetische inwoners (seed {self.seed})")
        return "; ".join(dict.fromkeys(parts))

    def samenvatting(self) -> pd.DataFrame:
        """Row counts per part, with where each part comes from."""
        rows = [
            ("wijken", len(self.wijken), "echt"),
            ("buurten", len(self.buurten), "echt"),
            ("adressen", len(self.adressen), "echt"),
            ("inwoners", len(self.inwoners), "synthetisch"),
            ("verenigingen", len(self.verenigingen), self._herkomst("verenigingen")),
            ("voorzieningen", len(self.voorzieningen), _mix(self.voorzieningen)),
            ("professionals", len(self.professionals), self._herkomst("professionals")),
            ("relaties", len(self.relaties), "synthetisch"),
            (
                "netwerk (wegvakken)",
                0 if self.netwerk is None else self.netwerk.number_of_edges(),
                "echt" if self.netwerk is not None else "geen",
            ),
        ]
        return pd.DataFrame(rows, columns=["onderdeel", "aantal", "herkomst"]).set_index(
            "onderdeel"
        )

    def _herkomst(self, deel: str) -> str:
        """Where a part comes from, in one phrase for :meth:`samenvatting`."""
        frame = getattr(self, deel)
        synthetic = _synthetic(frame)
        if synthetic == len(frame):
            return SYNTHETISCH
        if synthetic:
            return _mix(frame)
        return EIGEN_BESTAND if deel in self.eigen_delen else "echt"

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.samenvatting()["aantal"].items())
        return f"Gebied({self.naam} {self.gemeentecode}: {counts})"

    def _repr_html_(self) -> str:
        return card(
            f"{self.naam} ({self.gemeentecode})",
            frame=self.samenvatting(),
            footnote=self.attributie,
        )


#: The parts a user can bring from own files, in place of synthetic ones.
DELEN: tuple[str, ...] = ("voorzieningen", "verenigingen", "professionals")
SYNTHETISCH = "synthetisch"
EIGEN_BESTAND = "echt (eigen bestand)"
ECHT_BUNDEL = "echt (bundel)"


def _synthetic(frame: pd.DataFrame) -> int:
    if not len(frame) or "bron" not in frame.columns:
        return 0
    return int((frame["bron"] == SYNTHETISCH).sum())


def _mix(frame: pd.DataFrame) -> str:
    synthetic = _synthetic(frame)
    return f"{len(frame) - synthetic} echt, {synthetic} synthetisch"


@dataclass
class Bron:
    """The real parts of a bundle, mapped onto our columns; input of the generator.

    ``buurten`` (and ``wijken`` when ages come as percentages) carry one column per age
    group, named as in ``leeftijdsgroepen``: ``(column, youngest, oldest)``, ages in whole
    years, ``oldest`` inclusive. ``leeftijd_eenheid`` is ``"aantal"`` (exact counts) or
    ``"percentage"`` (CBS-style whole percentages).

    ``kerncijfers`` holds every CBS key figure of the bundle per buurt (None when the
    bundle has none): indexed by ``buurtcode``, one row per buurt and year (the column
    ``jaar``, an integer), the other columns CBS's field names in snake_case as in the
    CBS GeoPackage (``aantal_inwoners``, ``percentage_personen_65_jaar_en_ouder``,
    ``percentage_huishoudens_met_laag_inkomen``, ...; the web services' camelCase is
    converted), as floats with CBS's placeholders
    (-99995 ... -99999) as NaN. A buurt has as many rows as the bundle has years of figures
    (Delft: 2025 from the wijk- en buurtkaart, 2023 with income, benefits, education and
    housing). The column list is in ``docs/kerncijfers.md``;
    :func:`sociale_basis.datasets.latest_figures` gives one row per buurt.

    ``buurten`` may carry ``buiten_osm`` (bool): True for a buurt that the bundle's OSM
    extract does not cover (a bundle built with ``toestaan_gedeeltelijk``); such a buurt
    has no addresses, voorzieningen or streets of its own and gets no figures.
    """

    naam: str
    gemeentecode: str
    wijken: gpd.GeoDataFrame
    buurten: gpd.GeoDataFrame
    adressen: gpd.GeoDataFrame
    voorzieningen: gpd.GeoDataFrame
    leeftijdsgroepen: list[tuple[str, int, int]]
    leeftijd_eenheid: str
    aanvullen: list[str]
    netwerk_edges: gpd.GeoDataFrame | None
    bronnen: list[dict[str, str]]
    kerncijfers: pd.DataFrame | None = None

"""The bundle builder: any of the 342 gemeenten from files a municipality can download.

:func:`build` reads one gemeente from the CBS wijk- en buurtkaart (areas and every key
figure), its streets, addresses and voorzieningen from an OpenStreetMap extract (or
addresses from a BAG GeoPackage, and voorzieningen from the user's own file too), and
writes a bundle (:mod:`sociale_basis.datasets.write`) that
:func:`sociale_basis.datasets.load` and ``sociale-basis demo --gemeente`` use like Delft.

What the OSM extract covers is measured, not assumed: the convex hull of the street nodes
read near the gemeente. A gemeente less than :data:`MIN_DEKKING` covered is refused unless
``toestaan_gedeeltelijk``; then every buurt less than that covered is marked
``buiten_osm``: it keeps its CBS figures but gets no addresses, voorzieningen or
synthetic inwoners, and every output says it lies outside the OSM file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from ..core.crs import RD_NEW, WGS84
from ..core.errors import Problem, ValidationError
from ..core.formatting import format_number
from ..core.gebied import Bron
from ..core.taxonomy import COMPONENTEN, OVERIG, SOORTEN
from ..streets.osm import read_pbf_streets
from .bag import read_bag_adressen
from .bron import buurt_of
from .cbs import AGE_GROUPS, CbsGemeente, read_cbs_gemeente
from .osm import read_pbf_points
from .write import Bundelinfo, write_bundle

MIN_DEKKING = 0.95
"""Share of a gemeente's (or buurt's) area the OSM extract must cover."""
BUFFER_M = 2_000.0
"""Streets are read up to this far around the gemeente, so routes may leave it."""
AANVULLEN = (
    "wijkteam",
    "wijkverpleging",
    "maatschappelijk_werk",
    "jongerenwerk",
    "sporthal",
    "sportpark",
    "zwembad",
    "gebedshuis",
)
"""Soorten the synthetic population adds where the sources have none (OSM rarely maps
wijkteams; a soort with real points is never topped up, so a real gap stays visible)."""


@dataclass
class Bouwverslag:
    """What the builder found, per part, so a user sees what the sources lack.

    Attributes
    ----------
    gemeente, gemeentecode, jaar
        The gemeente and the year of its CBS figures.
    dekking
        Share of the gemeente's area the OSM extract covers.
    buiten_osm
        Buurten outside the extract (codes).
    aantallen
        Rows per part (wijken, buurten, adressen, voorzieningen, wegvakken).
    per_component
        Voorzieningen per component of the sociale basis (0 where OSM has none).
    weggelaten
        What was read and left out, with why (a Dutch phrase -> count).
    bestanden
        Every file written.
    seconden
        Time the build took.
    """

    gemeente: str
    gemeentecode: str
    jaar: int
    dekking: float
    buiten_osm: list[str]
    aantallen: dict[str, int]
    per_component: dict[str, int]
    weggelaten: dict[str, int] = field(default_factory=dict)
    bestanden: list[Path] = field(default_factory=list)
    seconden: float = 0.0

    def __str__(self) -> str:
        lines = [
            f"Bundel {self.gemeente} ({self.gemeentecode}), CBS {self.jaar}: {self.seconden:.0f} s",
            f"  OSM-bestand dekt {_pct(self.dekking)} van de gemeente"
            + (
                f"; {len(self.buiten_osm)} buurten buiten het OSM-bestand"
                if self.buiten_osm
                else ""
            ),
            *(f"  {k}: {v}" for k, v in self.aantallen.items()),
            "  voorzieningen per component (0: de bron heeft er geen, het pakket vult ze "
            "synthetisch aan waar dat kan):",
            *(f"    {COMPONENTEN.get(k, k)}: {v}" for k, v in self.per_component.items()),
        ]
        if self.weggelaten:
            lines.append("  niet meegenomen:")
            lines += [f"    {k}: {v}" for k, v in self.weggelaten.items()]
        return "\n".join(lines)


def build(
    gemeente: str,
    cbs: str | Path,
    osm: str | Path,
    uit: str | Path,
    *,
    adressen: str | Path | None = None,
    voorzieningen: str | Path | None = None,
    toestaan_gedeeltelijk: bool = False,
    naam: str | None = None,
) -> Bouwverslag:
    """Build a bundle of one gemeente from CBS and OSM files (module docstring).

    Parameters
    ----------
    gemeente
        The CBS code, ``GM0363`` (``0363`` and ``363`` work too).
    cbs
        The CBS wijk- en buurtkaart GeoPackage (the national file).
    osm
        An OpenStreetMap extract (``.osm.pbf``) that covers the gemeente, e.g. its
        province from Geofabrik.
    uit
        The bundle's folder, e.g. ``data/wijken/amsterdam``; its name is the name to load
        it by (``sb.datasets.load("amsterdam")``).
    adressen
        A BAG GeoPackage: residential addresses from the official register instead of
        OSM's address points.
    voorzieningen
        The user's own voorzieningen (CSV, GeoPackage, ...; read by
        :func:`sociale_basis.io.read_voorzieningen`), added to OSM's.
    toestaan_gedeeltelijk
        Build even when the extract covers less than :data:`MIN_DEKKING` of the gemeente.
    naam
        The gemeente's name in the bundle; default the CBS name.

    Returns
    -------
    Bouwverslag
        What was found per part; ``str()`` of it is a Dutch report.

    Raises
    ------
    ValidationError
        A code not in the CBS file, an extract that does not cover the gemeente, a
        truncated or non-PBF file, a CRS that does not fit, or an empty part; each says
        what to do.
    DataNotFoundError
        A file does not exist.
    """
    started = time.perf_counter()
    uit = Path(uit)
    bron, verslag = _read(
        gemeente, Path(cbs), Path(osm), adressen, voorzieningen, toestaan_gedeeltelijk, naam
    )
    info = Bundelinfo(
        map=uit.name,
        jaar_bevolking=verslag.jaar,
        beschrijving=f"{bron.naam}: CBS-wijken en -buurten {verslag.jaar} met kerncijfers, "
        f"straten{', adressen' if adressen is None else ''} en voorzieningen uit "
        f"OpenStreetMap{', adressen uit de BAG' if adressen is not None else ''}; inwoners "
        "en hun relaties synthetisch.",
        herkomst=_herkomst(verslag, Path(cbs), Path(osm), adressen, voorzieningen),
    )
    verslag.bestanden = write_bundle(bron, uit, info)
    verslag.seconden = time.perf_counter() - started
    return verslag


def _read(
    gemeente: str,
    cbs: Path,
    osm: Path,
    adressen: str | Path | None,
    voorzieningen: str | Path | None,
    toestaan_gedeeltelijk: bool,
    naam: str | None,
) -> tuple[Bron, Bouwverslag]:
    """Every part of the bundle, checked, and the report of what was found."""
    gm = read_cbs_gemeente(cbs, gemeente)
    clip = _lonlat_box(gm.gebied.buffer(BUFFER_M))
    straten = read_pbf_streets(osm, clip)
    dekking, buiten = _coverage(gm, straten.dekking, osm, toestaan_gedeeltelijk)
    buurten = gm.buurten.assign(buiten_osm=gm.buurten.index.isin(buiten))
    weggelaten: dict[str, int] = {}
    if straten.losse_delen:
        weggelaten["wegvakken buiten het grootste samenhangende netwerk"] = straten.losse_delen
    punten = read_pbf_points(osm, clip)
    for value, n in punten.weggelaten.items():
        weggelaten[f"straatmeubilair zonder adres (amenity={value})"] = n
    adres = punten.adressen if adressen is None else read_bag_adressen(adressen, gm.gebied.bounds)
    adres = _inside(adres, buurten, "adressen", weggelaten)
    vz = _inside(punten.voorzieningen, buurten, "voorzieningen (OSM)", weggelaten)
    if voorzieningen is not None:
        vz = _with_own(vz, Path(voorzieningen), buurten)
    _check_not_empty(gm, adres, vz, straten.edges, osm)
    bron = Bron(
        naam=naam or gm.naam,
        gemeentecode=gm.gemeentecode,
        wijken=gm.wijken,
        buurten=buurten,
        adressen=adres,
        voorzieningen=vz,
        leeftijdsgroepen=list(AGE_GROUPS),
        leeftijd_eenheid="percentage",
        aanvullen=[s for s in AANVULLEN if s not in set(vz["soort"])],
        netwerk_edges=straten.edges,
        bronnen=_sources(gm, cbs, osm, adressen, voorzieningen),
        kerncijfers=gm.kerncijfers,
    )
    verslag = Bouwverslag(
        gemeente=bron.naam,
        gemeentecode=gm.gemeentecode,
        jaar=gm.jaar,
        dekking=dekking,
        buiten_osm=sorted(buiten),
        aantallen={
            "wijken": len(gm.wijken),
            "buurten": len(gm.buurten),
            f"adressen ({'BAG' if adressen is not None else 'OSM'})": len(adres),
            "voorzieningen": len(vz),
            "wegvakken": len(straten.edges),
        },
        per_component=_per_component(vz),
        weggelaten=weggelaten,
    )
    return bron, verslag


def _pct(share: float, decimals: int = 1) -> str:
    return f"{format_number(100 * share, decimals)}%"


def _lonlat_box(area: shapely.Geometry) -> tuple[float, float, float, float]:
    to_lonlat = Transformer.from_crs(RD_NEW, WGS84, always_xy=True)
    x0, y0, x1, y1 = area.bounds
    lons, lats = to_lonlat.transform([x0, x1, x0, x1], [y0, y0, y1, y1])
    return (min(lons), min(lats), max(lons), max(lats))


def _coverage(
    gm: CbsGemeente, hull: shapely.Geometry | None, osm: Path, allowed: bool
) -> tuple[float, set[str]]:
    """The covered share of the gemeente, and the buurten that are not covered.

    Raises
    ------
    ValidationError
        Less than :data:`MIN_DEKKING` covered and ``allowed`` is False.
    """
    area = gm.gebied.area
    share = 0.0 if hull is None or area == 0 else gm.gebied.intersection(hull).area / area
    if share < MIN_DEKKING and not allowed:
        raise ValidationError(
            [
                Problem(
                    osm.name,
                    None,
                    None,
                    f"{_pct(share)} gedekt",
                    f"het OSM-bestand dekt {_pct(share)} van {gm.naam} ({gm.gemeentecode}); "
                    f"nodig is minstens {_pct(MIN_DEKKING, 0)}",
                    "download het uittreksel van de provincie waarin de gemeente ligt, of "
                    "bouw met --toestaan-gedeeltelijk (buurten buiten het bestand krijgen "
                    "dan geen cijfers)",
                )
            ]
        )
    if hull is None:
        return share, set(gm.buurten.index)
    geoms = gm.buurten.geometry.to_numpy()
    covered = shapely.area(shapely.intersection(geoms, hull)) / shapely.area(geoms)
    buiten = {c for c, s in zip(gm.buurten.index, covered, strict=True) if s < MIN_DEKKING}
    return share, buiten


def _inside(
    points: gpd.GeoDataFrame, buurten: gpd.GeoDataFrame, what: str, weggelaten: dict[str, int]
) -> gpd.GeoDataFrame:
    """The points in a covered buurt, with buurtcode and wijkcode; the rest counted."""
    codes = buurt_of(points, buurten)
    outside = codes.isna().to_numpy()
    if outside.any():
        weggelaten[f"{what} buiten de gemeente"] = int(outside.sum())
    uncovered = ~outside & codes.isin(buurten.index[buurten["buiten_osm"]]).to_numpy()
    if uncovered.any():
        weggelaten[f"{what} in buurten buiten het OSM-bestand"] = int(uncovered.sum())
    keep = ~outside & ~uncovered
    result = points[keep].copy()
    result["buurtcode"] = codes[keep].astype(str).to_numpy()
    result["wijkcode"] = buurten["wijkcode"].reindex(result["buurtcode"]).to_numpy()
    return result


def _with_own(vz: gpd.GeoDataFrame, path: Path, buurten: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """OSM's voorzieningen plus the user's own, read and checked by the io reader."""
    from ..io import read_voorzieningen

    own, rapport = read_voorzieningen(path, gebied=buurten.drop(columns="buiten_osm"))
    print(rapport)
    own = own.copy()
    if "bron" not in own.columns:
        own["bron"] = path.name
    own["bron_soort"] = own["soort"]
    own.index = pd.Index([f"eigen-{i}" for i in own.index], name="voorziening_id")
    columns = [c for c in vz.columns if c != "geometry"]
    own = own.reindex(columns=[*columns, "geometry"])
    return gpd.GeoDataFrame(pd.concat([vz, own]), geometry="geometry", crs=RD_NEW)


def _check_not_empty(
    gm: CbsGemeente,
    adres: gpd.GeoDataFrame,
    vz: gpd.GeoDataFrame,
    edges: gpd.GeoDataFrame,
    osm: Path,
) -> None:
    """Raise one error naming every part that came out empty, each with what to do."""
    fixes = {
        "adressen": (
            adres,
            "geef een BAG-GeoPackage met --adressen, of een OSM-uittreksel "
            "met adressen (addr:housenumber)",
        ),
        "voorzieningen": (
            vz,
            "geef eigen voorzieningen met --voorzieningen, of een vollediger OSM-uittreksel",
        ),
        "wegvakken": (edges, "kies het OSM-uittreksel van de provincie waarin de gemeente ligt"),
    }
    problems = [
        Problem(
            osm.name,
            None,
            part,
            0,
            f"geen {part} gevonden in {gm.naam} ({gm.gemeentecode})",
            fix,
        )
        for part, (frame, fix) in fixes.items()
        if len(frame) == 0
    ]
    if problems:
        raise ValidationError(problems)


def _per_component(vz: gpd.GeoDataFrame) -> dict[str, int]:
    components = vz["soort"].map(lambda s: SOORTEN[s].component)
    counts = components.value_counts()
    return {c: int(counts.get(c, 0)) for c in [*COMPONENTEN, OVERIG]}


def _sources(
    gm: CbsGemeente,
    cbs: Path,
    osm: Path,
    adressen: str | Path | None,
    voorzieningen: str | Path | None,
) -> list[dict[str, str]]:
    found = [
        {
            "naam": f"CBS Wijk- en buurtkaart {gm.jaar} ({cbs.name}): wijken, buurten, kerncijfers",
            "licentie": "CC-BY 4.0",
            "attributie": "Bron: CBS",
            "licentiebestand": "LICENCE-CBS.txt",
        },
        {
            "naam": f"OpenStreetMap ({osm.name}): straten"
            + (", adressen" if adressen is None else "")
            + " en voorzieningen",
            "licentie": "ODbL 1.0",
            "attributie": "© OpenStreetMap contributors",
            "licentiebestand": "LICENCE-OSM.txt",
        },
    ]
    if adressen is not None:
        found.append(
            {
                "naam": f"BAG, Kadaster ({Path(adressen).name}): verblijfsobjecten met woonfunctie",
                "licentie": "CC0 1.0",
                "attributie": "Bron: Kadaster (BAG)",
                "licentiebestand": "LICENCE-BAG.txt",
            }
        )
    if voorzieningen is not None:
        found.append(
            {
                "naam": f"eigen voorzieningen ({Path(voorzieningen).name})",
                "licentie": "eigen gegevens",
                "attributie": f"eigen gegevens ({Path(voorzieningen).name})",
                "licentiebestand": "LICENCE-EIGEN.txt",
            }
        )
    return found


def _herkomst(
    verslag: Bouwverslag,
    cbs: Path,
    osm: Path,
    adressen: str | Path | None,
    voorzieningen: str | Path | None,
) -> str:
    files = [f"- CBS: `{cbs.name}`", f"- OpenStreetMap: `{osm.name}`"]
    if adressen is not None:
        files.append(f"- BAG: `{Path(adressen).name}`")
    if voorzieningen is not None:
        files.append(f"- eigen voorzieningen: `{Path(voorzieningen).name}`")
    return "\n".join(
        [
            f"# Herkomst van de bundel {verslag.gemeente} ({verslag.gemeentecode})",
            "",
            "Gemaakt door `sociale-basis bundel` (`sociale_basis.datasets.build`) uit:",
            "",
            *files,
            "",
            "```",
            str(verslag),
            "```",
            "",
        ]
    )

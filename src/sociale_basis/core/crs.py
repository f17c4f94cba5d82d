"""Coordinate reference systems: RD New inside the package, and the only CRS rules."""

from __future__ import annotations

import geopandas as gpd

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"

# The Netherlands in RD New (metres), with a margin. Used to tell RD numbers from lon/lat.
RD_BOUNDS = (-7_000.0, 289_000.0, 300_000.0, 629_000.0)
# The Netherlands in lon/lat, with a margin (Caribbean parts excluded).
NL_LONLAT_BOUNDS = (3.0, 50.6, 7.4, 53.7)


def looks_like_rd(x: float, y: float) -> bool:
    """True when (x, y) lies in the Dutch RD New range."""
    xmin, ymin, xmax, ymax = RD_BOUNDS
    return xmin <= x <= xmax and ymin <= y <= ymax


def looks_like_lonlat(lon: float, lat: float) -> bool:
    """True when (lon, lat) lies in the Netherlands."""
    xmin, ymin, xmax, ymax = NL_LONLAT_BOUNDS
    return xmin <= lon <= xmax and ymin <= lat <= ymax


def require_rd(gdf: gpd.GeoDataFrame, what: str) -> None:
    """Raise when a GeoDataFrame inside the package is not in RD New.

    Public functions call this on their inputs; conversion happens once, in the readers.
    """
    if gdf.crs is None:
        raise ValueError(
            f"{what} heeft geen CRS; verwacht {RD_NEW} (RD New). "
            f"Lees de data in met een sociale_basis-reader of zet de CRS met .set_crs()."
        )
    if gdf.crs.to_epsg() != 28992:
        raise ValueError(
            f"{what} staat in {gdf.crs.to_string()}; verwacht {RD_NEW} (RD New). "
            f"Zet om met .to_crs('{RD_NEW}') of lees in met een sociale_basis-reader."
        )

"""Files in real formats for the bundle builder, made from the shared Delft and Zwolle data.

- :func:`cbs_geopackage`: a CBS-style national wijk- en buurtkaart with both gemeenten in
  one file: layers ``gemeenten``, ``wijken``, ``buurten``, CBS field names (snake_case as
  in the GeoPackage, or camelCase as in the web services), CBS placeholders (-99997) where
  a figure is secret or unknown.
- :data:`CENTRE_PBF`: the real OSM extract of Delft's centre (see its PROVENANCE.md).
- :func:`pbf_copy`: that extract, shifted or cut, for the bad-input tests.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CENTRE_PBF = SHARED / "delft" / "osm" / "delft_centrum_2022.osm.pbf"
DELFT_AREAS = SHARED / "delft" / "wijken" / "delft_wijken_buurten_cbs2025.gpkg"
ZWOLLE_AREAS = SHARED / "zwolle" / "wijken" / "zwolle_buurten.gpkg"
PLACEHOLDER = -99997


def _placeholders(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """NaN in a numeric column -> CBS's placeholder, as in the files CBS delivers."""
    out = frame.copy()
    for column in out.columns:
        if column != "geometry" and pd.api.types.is_float_dtype(out[column]):
            out[column] = out[column].fillna(PLACEHOLDER)
    return out


def _zwolle(layer: str) -> gpd.GeoDataFrame:
    """Zwolle's areas under CBS names; its ages are not CBS percentages: placeholders."""
    z = gpd.read_file(ZWOLLE_AREAS, layer=layer)
    level = "buurt" if layer == "buurten" else "wijk"
    out = pd.DataFrame(
        {
            "wijkcode": z["cbs_wijkcode"],
            "wijknaam": z["wijk_naam"],
            "gemeentecode": "GM0193",
            "gemeentenaam": "Zwolle",
            "water": "NEE",
            "aantal_inwoners": z["inwoners_2024"].astype(float),
            "aantal_huishoudens": z["woonruimten_2024"].astype(float),
            "percentage_eenpersoonshuishoudens": float(PLACEHOLDER),
            "percentage_huishoudens_met_kinderen": float(PLACEHOLDER),
            "percentage_personen_65_jaar_en_ouder": float(PLACEHOLDER),
            "jaar": 2025,
        }
    )
    if level == "buurt":
        out.insert(0, "buurtcode", z["cbs_buurtcode_derived"])
        out.insert(1, "buurtnaam", z["buurt_naam"])
    return gpd.GeoDataFrame(out, geometry=z.geometry.to_numpy(), crs=z.crs)


def _layers() -> dict[str, gpd.GeoDataFrame]:
    delft = {
        "gemeenten": gpd.read_file(DELFT_AREAS, layer="gemeente"),
        "wijken": gpd.read_file(DELFT_AREAS, layer="wijken"),
        "buurten": gpd.read_file(DELFT_AREAS, layer="buurten"),
    }
    zwolle_wijken = _zwolle("wijken")
    zwolle_gemeente = zwolle_wijken.dissolve()[["geometry"]].assign(
        gemeentecode="GM0193", gemeentenaam="Zwolle", water="NEE", jaar=2025
    )
    zwolle = {"gemeenten": zwolle_gemeente, "wijken": zwolle_wijken, "buurten": _zwolle("buurten")}
    layers = {}
    for name in delft:
        both = pd.concat([delft[name], zwolle[name]], ignore_index=True)
        layers[name] = _placeholders(
            gpd.GeoDataFrame(both, geometry="geometry", crs=delft[name].crs)
        )
    return layers


def _camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(p[:1].upper() + p[1:] for p in rest)


def cbs_geopackage(
    folder: Path, *, camel: bool = False, name: str = "wijkenbuurten_2025.gpkg"
) -> Path:
    """The national-style CBS GeoPackage with Delft and Zwolle (module docstring)."""
    path = folder / name
    for layer, frame in _layers().items():
        if camel:
            frame = frame.rename(columns={c: _camel(c) for c in frame.columns if c != "geometry"})
        frame.to_file(path, layer=layer, driver="GPKG")
    return path


def bag_geopackage(folder: Path, adressen: gpd.GeoDataFrame) -> Path:
    """A BAG-style GeoPackage (layer verblijfsobject, BAG field names) from address points:
    every second one a dwelling, one withdrawn, the rest offices."""
    n = len(adressen)
    doel = np.where(np.arange(n) % 2 == 0, "woonfunctie", "kantoorfunctie")
    status = np.full(n, "Verblijfsobject in gebruik", dtype=object)
    status[0] = "Verblijfsobject ingetrokken"
    frame = gpd.GeoDataFrame(
        {
            "identificatie": [f"0503010000{i:06d}" for i in range(n)],
            "openbare_ruimte_naam": adressen["straat"].to_numpy(),
            "huisnummer": pd.to_numeric(
                adressen["huisnummer"].astype(str).str.extract(r"(\d+)")[0], errors="coerce"
            )
            .fillna(1)
            .astype(int)
            .to_numpy(),
            "huisletter": None,
            "toevoeging": None,
            "postcode": "2611AA",
            "gebruiksdoel": doel,
            "status": status,
        },
        geometry=adressen.geometry.to_numpy(),
        crs="EPSG:28992",
    )
    path = folder / "bag-light.gpkg"
    frame.to_file(path, layer="verblijfsobject", driver="GPKG")
    return path

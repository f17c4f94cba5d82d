"""Inputs for the map tests: names that carry script payloads, hand-built flags and
isochrones, and a sample of inwoner coordinates that must never reach a map."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from sociale_basis.core.gebied import Gebied

PAYLOADS = (
    '<img src=x onerror="alert(1)">',
    "</script><script>alert(2)</script>",
    "Café d'Ëlst `x` \\20 ${1} & <b>vet</b>",
)
"""Each would run script or break the page if it reached HTML unescaped."""


def with_payloads(gebied: Gebied, wijkcode: str) -> Gebied:
    """A copy of ``gebied`` with payload names on two voorzieningen (zorg, shown when the
    map opens, and another), two verenigingen and a buurt, all in wijk ``wijkcode``."""
    from sociale_basis.core.taxonomy import SOORTEN

    vz = gebied.voorzieningen.copy()
    vz["naam"] = vz["naam"].astype(object)
    here = vz[vz["wijkcode"] == wijkcode]
    component = here["soort"].map(lambda s: SOORTEN[s].component)
    zorg = here.index[component == "zorg"][0]
    other = here.index[~component.isin(["zorg", "overig"])][0]
    vz.loc[zorg, "naam"] = PAYLOADS[0]
    vz.loc[other, "naam"] = PAYLOADS[1]
    ver = gebied.verenigingen.copy()
    ver["naam"] = ver["naam"].astype(object)
    clubs = ver.index[ver["wijkcode"] == wijkcode]
    ver.loc[clubs[0], "naam"] = PAYLOADS[0]
    ver.loc[clubs[1], "naam"] = PAYLOADS[2]
    buurten = gebied.buurten.copy()
    big = buurten.index[(buurten["inwoners"] > 1000) & (buurten["wijkcode"] == wijkcode)][0]
    buurten["buurtnaam"] = buurten["buurtnaam"].astype(object)
    buurten.loc[big, "buurtnaam"] = PAYLOADS[0]
    return dataclasses.replace(gebied, voorzieningen=vz, verenigingen=ver, buurten=buurten)


def signalen(gebied: Gebied, wijkcode: str) -> gpd.GeoDataFrame:
    """Flags as ``gaps.find_signalen`` returns them: one about wijk ``wijkcode``, three about
    two of its buurten (two with a payload reason), and one about a buurt with fewer than
    10 inhabitants (must stay hidden everywhere)."""
    wijk = wijkcode
    buurten = gebied.buurten[gebied.buurten["wijkcode"] == wijkcode]
    groot = buurten.index[buurten["inwoners"] > 1000][:2]
    klein = gebied.buurten.index[gebied.buurten["inwoners"] < 10][0]
    codes = [wijk, groot[0], groot[0], groot[1], klein]
    areas = pd.concat([gebied.wijken.geometry, gebied.buurten.geometry])
    return gpd.GeoDataFrame(
        {
            "gebiedcode": codes,
            "niveau": ["wijk", "buurt", "buurt", "buurt", "buurt"],
            "signaal": ["afstand huisarts 65+", "isolatie", "bereik wijkteam", "x", "klein"],
            "ernst": ["hoog", "midden", "laag", "laag", "hoog"],
            "waarde": [0.23, 0.12, 1450.0, 1.0, 0.9],
            "drempel": [0.15, 0.10, 1000.0, 0.5, 0.1],
            "reden": [
                "23% van de 65-plussers woont verder dan 1.000 m lopen van een huisarts; "
                "drempel 15%",
                "12% zonder informele band; drempel 10%",
                PAYLOADS[1],
                PAYLOADS[0],
                "mag niet getoond worden",
            ],
        },
        geometry=areas.reindex(codes).to_numpy(),
        crs=gebied.buurten.crs,
    )


def isochronen(gebied: Gebied) -> gpd.GeoDataFrame:
    """Two walking zones (5 and 10 minutes) around three wijkteams, as circles."""
    teams = gebied.voorzieningen[gebied.voorzieningen["soort"] == "wijkteam"].iloc[:3]
    rows = []
    for vid, point in teams.geometry.items():
        for minuten, radius in ((5.0, 330.0), (10.0, 650.0)):
            rows.append((vid, minuten, "lopen", point.buffer(radius)))
    return gpd.GeoDataFrame(
        {"minuten": [r[1] for r in rows], "modus": [r[2] for r in rows]},
        geometry=[r[3] for r in rows],
        index=pd.Index([r[0] for r in rows], name="voorziening_id"),
        crs=gebied.voorzieningen.crs,
    )


def inwoner_coordinates(gebied: Gebied, n: int = 300, seed: int = 0) -> list[tuple[str, str]]:
    """(lat, lon) as a map writes them (5 decimals) for ``n`` inwoners whose address holds
    no voorziening, vereniging or professional (those points may lawfully be on a map)."""
    from scipy.spatial import cKDTree

    public = np.vstack(
        [
            shapely.get_coordinates(f.geometry[~(f.geometry.isna() | f.geometry.is_empty)].values)
            for f in (gebied.voorzieningen, gebied.verenigingen, gebied.professionals)
        ]
    )
    inw = gebied.inwoners
    xy = shapely.get_coordinates(inw.geometry.values)
    # 5 decimals of a degree is about 1 m: stay 3 m clear of every public point
    distance, _ = cKDTree(public).query(xy)
    free = inw.index[distance > 3.0].to_numpy()
    rng = np.random.default_rng(seed)
    pick = inw.loc[rng.choice(free, size=min(n, len(free)), replace=False)]
    wgs = pick.geometry.to_crs("EPSG:4326")
    return [(_short(p.y), _short(p.x)) for p in wgs]


def _short(value: float) -> str:
    """A coordinate as JSON writes it after rounding to 5 decimals (52.0123, not 52.01230)."""
    return repr(round(value, 5))


def kansen(gebied: Gebied, wijkcode: str, cijfers) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Group opportunities as ``gaps.group_opportunities`` returns them, for two buurten of
    ``wijkcode`` whose count of a hulpvraag the tables show: per buurt two real places and
    then a synthetic one with a payload name and reason (ranked as group_opportunities
    ranks: real places first); and one for a buurt whose count is hidden (must stay
    hidden)."""
    status = cijfers.themas["bevolking"].status
    vz = gebied.voorzieningen
    real = vz.index[(vz["wijkcode"] == wijkcode) & (vz["bron"] != "synthetisch")][:2]
    fake = vz.index[vz["wijkcode"] == wijkcode][-1]
    columns = [c for c in status.columns if c.startswith("hulpvraag_")]
    rows = []
    buurten = gebied.buurten.index[gebied.buurten["wijkcode"] == wijkcode]
    shown = [b for b in buurten if b in status.index and (status.loc[b, columns] == "").any()]
    hidden = next((b, c) for b in status.index for c in columns if str(status.at[b, c]) != "")
    for code in shown[:2]:
        hulp = next(c for c in columns if status.at[code, c] == "").removeprefix("hulpvraag_")
        for rang, (vid, echt, reden) in enumerate(
            [
                (real[0], True, f"eerste echte plek voor {code}"),
                (real[1], True, f"tweede echte plek voor {code}"),
                (fake, False, PAYLOADS[1]),
            ],
            start=1,
        ):
            rows.append((code, rang, hulp, vid, PAYLOADS[0] if not echt else "Plek", echt, reden))
    code, column = hidden
    rows.append((code, 1, column.removeprefix("hulpvraag_"), real[0], "x", True, "verborgen kans"))
    frame = pd.DataFrame(
        rows, columns=["buurtcode", "rang", "hulpvraag", "voorziening_id", "naam", "echt", "reden"]
    )
    return frame.assign(buurtnaam="", soort="buurthuis", aantal=25.0, minuten=10.0)

"""Download the two files the bundle builder needs (needs internet; kept thin on purpose).

- :func:`download_osm`: the OpenStreetMap extract of a province from Geofabrik, checked
  against the MD5 sum Geofabrik publishes beside it.
- :func:`download_cbs`: the CBS wijk- en buurtkaart of a year (a zip with the national
  GeoPackage). CBS publishes no checksum: the SHA-256 of what arrived is printed so a
  user can pin it (``known_hash``) next time.

Both use pooch (cached in :func:`~sociale_basis.datasets.cache_dir` ``/downloads``,
progress bars, a second call reads the cache). Nothing here runs in the tests against
the internet: they check the addresses and the hash handling with a stand-in for pooch.
The builder itself (:func:`sociale_basis.datasets.build`) never downloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .roots import cache_dir

GEOFABRIK = "https://download.geofabrik.de/europe/netherlands/{provincie}-latest.osm.pbf"
CBS_WIJKBUURTKAART = "https://download.cbs.nl/regionale-kaarten/wijkbuurtkaart_{jaar}_v1.zip"
"""Where CBS publishes the wijk- en buurtkaart (check the year's version on cbs.nl: a
later release is ``_v2``, ``_v3``; give ``url=`` for it)."""
PROVINCIES = (
    "drenthe",
    "flevoland",
    "friesland",
    "gelderland",
    "groningen",
    "limburg",
    "noord-brabant",
    "noord-holland",
    "overijssel",
    "utrecht",
    "zeeland",
    "zuid-holland",
)
"""Geofabrik's names of the Dutch provinces."""


def _pooch() -> Any:
    try:
        import pooch
    except ImportError as err:
        raise ImportError(
            "Voor --download is het pakket 'pooch' nodig. Installeer het met: "
            "pip install 'sociale-basis[download]' (of pip install pooch)"
        ) from err
    return pooch


def folder() -> Path:
    """Where downloads are kept."""
    return cache_dir() / "downloads"


def download_osm(provincie: str) -> Path:
    """The Geofabrik extract of a province (``"zuid-holland"``), MD5-checked.

    Raises
    ------
    ValueError
        An unknown province; the message lists the names.
    """
    key = provincie.strip().lower().replace(" ", "-")
    if key not in PROVINCIES:
        raise ValueError(
            f"onbekende provincie '{provincie}'; kies een van: {', '.join(PROVINCIES)}"
        )
    pooch = _pooch()
    url = GEOFABRIK.format(provincie=key)
    md5_file = pooch.retrieve(url + ".md5", known_hash=None, path=folder(), progressbar=False)
    md5 = Path(md5_file).read_text("ascii").split()[0]
    Path(md5_file).unlink()  # the sum changes with every new extract: never cached
    return Path(
        pooch.retrieve(
            url,
            known_hash=f"md5:{md5}",
            fname=f"{key}-latest.osm.pbf",
            path=folder(),
            progressbar=True,
        )
    )


def download_cbs(jaar: int, *, url: str | None = None, known_hash: str | None = None) -> Path:
    """The national CBS wijk- en buurtkaart GeoPackage of ``jaar``, unzipped.

    Raises
    ------
    ValueError
        The zip holds no GeoPackage.
    """
    pooch = _pooch()
    address = url or CBS_WIJKBUURTKAART.format(jaar=jaar)
    files = pooch.retrieve(
        address,
        known_hash=known_hash,
        path=folder(),
        progressbar=True,
        processor=pooch.Unzip(extract_dir=f"wijkbuurtkaart_{jaar}"),
    )
    found = sorted(Path(f) for f in files if str(f).lower().endswith(".gpkg"))
    if not found:
        raise ValueError(
            f"in {address} staat geen GeoPackage (.gpkg); download de wijk- en buurtkaart "
            "zelf van cbs.nl en geef haar met --cbs"
        )
    return found[0]

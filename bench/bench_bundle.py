"""Bundle builder benchmark: time to build Delft from CBS + OSM, and memory on a large extract.

Run from the repository root (needs ../shared/data)::

    python bench/bench_bundle.py               # both parts
    python bench/bench_bundle.py --tiles 8     # the large extract as 8 x 8 copies of Delft

There is no OSM extract of all of Delft in ../shared (only the centre), so this script
writes one, in the format Geofabrik delivers, from the shared files: every edge of the
whole Delft network as a way (its vertices as nodes; end nodes keep their OSM ids, their
class as ``highway``), the 59,511 address points and the 472 OSM amenities as nodes. Then:

1. **Build Delft**: ``sb.datasets.build("GM0503", cbs, delft.osm.pbf, ...)`` with the
   CBS-style GeoPackage of the tests, timed end to end, 3 rounds, median.
2. **Memory on a large extract**: the Delft extract copied ``tiles x tiles`` times on a
   grid 0.15 degrees apart (new ids per copy), one file as large as a province's, read
   for Delft only (the clip of the builder). Peak RSS of a fresh process reading the
   streets and the points, against the file size and against the same reading of the
   Delft file alone: a streamed read keeps only the clip area, so the peak should grow
   far less than the file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "delft"
sys.path.insert(0, str(ROOT / "tests"))


def write_delft_pbf(path: Path, tiles: int = 1, step: float = 0.15) -> dict[str, int]:
    """The whole of Delft as an OSM extract (module docstring); ``tiles`` copies per side.
    Node ids are new (ends, vertices and addresses numbered per copy); all nodes come
    before all ways, as in a Geofabrik file."""
    import osmium

    edges = gpd.read_file(SHARED / "network" / "delft_osm_network.gpkg", layer="edges")
    adressen = gpd.read_file(SHARED / "adressen" / "delft_osm_adrespunten_2022.gpkg")
    to_ll = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    geoms = edges.geometry.to_numpy()
    coords = shapely.get_coordinates(geoms)
    counts = shapely.get_num_coordinates(geoms)
    lon, lat = to_ll.transform(coords[:, 0], coords[:, 1])
    alon, alat = to_ll.transform(adressen.geometry.x.to_numpy(), adressen.geometry.y.to_numpy())
    us, vs = edges["u"].to_numpy(), edges["v"].to_numpy()
    highway = ["unclassified" if h == "unknown" else str(h) for h in edges["highway"]]
    amenity = [a if isinstance(a, str) and a else None for a in adressen["amenity"]]
    n_nodes = n_ways = 0
    ways = []
    with osmium.SimpleWriter(str(path), overwrite=True) as w:
        for t in range(tiles * tiles):
            dx, dy = (t % tiles) * step, (t // tiles) * step
            base = t * 10**8
            written: set[int] = set()
            vertex = base + 5 * 10**7
            start = 0
            for i, n in enumerate(counts):
                ids = []
                for k in range(n):
                    j = start + k
                    if k in (0, n - 1):
                        node = base + int(us[i] if k == 0 else vs[i])
                        if node in written:
                            ids.append(node)
                            continue
                        written.add(node)
                    else:
                        vertex += 1
                        node = vertex
                    w.add_node(
                        osmium.osm.mutable.Node(id=node, location=(lon[j] + dx, lat[j] + dy))
                    )
                    n_nodes += 1
                    ids.append(node)
                start += n
                ways.append((ids, {"highway": highway[i]}))
            for k in range(len(adressen)):
                tags = {
                    "addr:housenumber": str(adressen["huisnummer"].iat[k]),
                    "addr:street": str(adressen["straat"].iat[k]),
                }
                if amenity[k]:
                    tags["amenity"] = amenity[k]
                location = (alon[k] + dx, alat[k] + dy)
                node = osmium.osm.mutable.Node(
                    id=base + 8 * 10**7 + k, location=location, tags=tags
                )
                w.add_node(node)
                n_nodes += 1
        for k, (ids, tags) in enumerate(ways, start=1):
            w.add_way(osmium.osm.mutable.Way(id=k, nodes=ids, tags=tags))
            n_ways += 1
    return {"nodes": n_nodes, "ways": n_ways, "bytes": path.stat().st_size}


def _peak(code: str) -> dict:
    """Run ``code`` in a fresh Python and return its JSON line plus its peak RSS (MiB)."""
    script = (
        "import json, resource, time\n"
        f"{code}\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({**result, 'peak_mib': peak}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


READ = """
from sociale_basis.streets.osm import read_pbf_streets
from sociale_basis.datasets.osm import read_pbf_points
clip = (4.30, 51.95, 4.42, 52.04)  # Delft with its buffer, as the builder clips
t = time.perf_counter()
s = read_pbf_streets({path!r}, clip)
p = read_pbf_points({path!r}, clip)
result = {{'edges': len(s.edges), 'adressen': len(p.adressen), 'seconds': time.perf_counter() - t}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiles", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from bundle_fixtures import cbs_geopackage

    from sociale_basis.datasets import build

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        started = time.perf_counter()
        info = write_delft_pbf(tmp_path / "delft.osm.pbf")
        print(f"Delft-uittreksel geschreven in {time.perf_counter() - started:.0f} s: {info}")
        cbs = cbs_geopackage(tmp_path)
        times = []
        for r in range(args.rounds):
            verslag = build("GM0503", cbs, tmp_path / "delft.osm.pbf", tmp_path / f"delft{r}")
            times.append(verslag.seconden)
        print(verslag)
        rounds = [round(t, 1) for t in times]
        median = statistics.median(times)
        print(
            f"Bouwen Delft (CBS + OSM): mediaan {median:.1f} s over {args.rounds} rondes {rounds}"
        )
        size = sum(p.stat().st_size for p in verslag.bestanden) / 1e6
        print(f"Bundel: {size:.1f} MB")

        small = _peak(READ.format(path=str(tmp_path / "delft.osm.pbf")))
        started = time.perf_counter()
        big = write_delft_pbf(tmp_path / "groot.osm.pbf", tiles=args.tiles)
        took = time.perf_counter() - started
        print(f"Groot uittreksel ({args.tiles}x{args.tiles}) geschreven in {took:.0f} s: {big}")
        large = _peak(READ.format(path=str(tmp_path / "groot.osm.pbf")))
        print(f"Delft alleen:  {info['bytes'] / 1e6:.1f} MB bestand, {small}")
        print(f"Groot bestand: {big['bytes'] / 1e6:.1f} MB bestand, {large}")


if __name__ == "__main__":
    main()

"""The bundle builder (datasets.build, sociale-basis bundel): CBS GeoPackage + OSM extract ->
a bundle that load() and the demo use. Fixtures in real formats (bundle_fixtures.py): a
CBS-style national GeoPackage with Delft and Zwolle, the real PBF of Delft's centre, and
small PBFs written here with pyosmium."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from bundle_fixtures import CENTRE_PBF, bag_geopackage, cbs_geopackage

from sociale_basis.core.errors import DataNotFoundError, ValidationError
from sociale_basis.datasets import build, cbs, read_bron
from sociale_basis.datasets.bag import read_bag_adressen
from sociale_basis.datasets.osm import read_pbf_points
from sociale_basis.streets.modes import allowed_edges
from sociale_basis.streets.osm import read_pbf_streets

pytestmark = pytest.mark.skipif(
    not CENTRE_PBF.is_file(), reason="de gedeelde data (../shared/data) ontbreekt"
)
CENTRE_BOX = (4.3505236, 52.0052226, 4.3690833, 52.0183406)
"""The extent of the PBF's address points (its PROVENANCE.md gives the box to 5 decimals;
it holds every address point of ../adressen inside it)."""


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory) -> Path:
    return cbs_geopackage(tmp_path_factory.mktemp("cbs"))


@pytest.fixture(scope="module")
def centrum(gpkg, tmp_path_factory):
    """Delft from the CBS fixture and the centre PBF, partly covered, in a data root."""
    root = tmp_path_factory.mktemp("data")
    verslag = build("GM0503", gpkg, CENTRE_PBF, root / "centrum", toestaan_gedeeltelijk=True)
    return root, verslag


def _write_pbf(path: Path, nodes: dict[int, tuple[float, float, dict]], ways: list) -> Path:
    import osmium

    with osmium.SimpleWriter(str(path)) as writer:
        for i, (lon, lat, tags) in sorted(nodes.items()):
            writer.add_node(osmium.osm.mutable.Node(id=i, location=(lon, lat), tags=tags))
        for i, (refs, tags) in enumerate(ways, start=1):
            writer.add_way(osmium.osm.mutable.Way(id=i, nodes=refs, tags=tags))
    return path


# --- CBS ---------------------------------------------------------------------------------


def test_cbs_field_names_in_both_styles_are_one(tmp_path, gpkg):
    camel = cbs_geopackage(tmp_path, camel=True)
    a = cbs.read_cbs_gemeente(gpkg, "GM0503")
    b = cbs.read_cbs_gemeente(camel, "0503")
    pd.testing.assert_frame_equal(a.buurten, b.buurten)
    pd.testing.assert_frame_equal(a.kerncijfers, b.kerncijfers)
    assert (a.naam, a.gemeentecode, a.jaar) == ("Delft", "GM0503", 2025)
    assert cbs.snake_case("percentagePersonen0Tot15Jaar") == "percentage_personen_0_tot_15_jaar"
    assert cbs.snake_case("stedelijkheidAdressenPerKm2") == "stedelijkheid_adressen_per_km2"
    assert cbs.snake_case("aantal_inwoners") == "aantal_inwoners"


def test_cbs_areas_and_figures_equal_the_delft_bundle(gpkg):
    gm = cbs.read_cbs_gemeente(gpkg, "GM0503")
    delft = read_bron("delft")
    pd.testing.assert_frame_equal(gm.wijken, delft.wijken)
    pd.testing.assert_frame_equal(gm.buurten, delft.buurten)
    # placeholders (-99997 in the file) are NaN, as the shared file has them
    figures = delft.kerncijfers[delft.kerncijfers["jaar"] == 2025].dropna(axis=1, how="all")
    pd.testing.assert_frame_equal(gm.kerncijfers[figures.columns], figures)
    assert (gm.kerncijfers.drop(columns="jaar") <= -99990).sum().sum() == 0


def test_cbs_picks_the_gemeente_by_code(gpkg):
    zwolle = cbs.read_cbs_gemeente(gpkg, "GM0193")
    assert (len(zwolle.wijken), len(zwolle.buurten)) == (16, 78)
    assert zwolle.buurten["pct_eenpersoons"].isna().all()  # placeholders only
    assert [cbs.gemeentecode(c) for c in ("gm363", "0363", "363", "Delft")] == [
        "GM0363",
        "GM0363",
        "GM0363",
        None,
    ]


def test_an_unknown_gemeentecode_lists_close_matches(gpkg):
    with pytest.raises(ValidationError) as err:
        cbs.read_cbs_gemeente(gpkg, "GM0505")
    text = str(err.value)
    assert "'GM0505' -> gemeente niet gevonden in dit bestand (2 gemeenten)" in text
    assert "bedoelde u GM0503 (Delft)" in text
    with pytest.raises(ValidationError, match=r"bedoelde u GM0503 \(Delft\)\?"):
        cbs.read_cbs_gemeente(gpkg, "Delft")  # a name instead of a code


def test_cbs_file_problems(tmp_path, gpkg):
    with pytest.raises(DataNotFoundError, match="wijk- en buurtkaart"):
        cbs.read_cbs_gemeente(tmp_path / "geen.gpkg", "GM0503")
    layers = gpd.read_file(gpkg, layer="buurten")
    one = tmp_path / "alleen_buurten_2025.gpkg"
    layers.to_file(one, layer="buurten")
    with pytest.raises(ValidationError, match="laag 'gemeenten' ontbreekt"):
        cbs.read_cbs_gemeente(one, "GM0503")
    # RD metres labelled as lon/lat: a CRS that does not fit its coordinates
    wrong = tmp_path / "verkeerd_2025.gpkg"
    for layer in ("gemeenten", "wijken", "buurten"):
        frame = gpd.read_file(gpkg, layer=layer)
        frame.set_crs("EPSG:4326", allow_override=True).to_file(wrong, layer=layer)
    with pytest.raises(ValidationError, match=r"passen niet bij de CRS.*RD-meters"):
        cbs.read_cbs_gemeente(wrong, "GM0503")


def test_cbs_year_comes_from_the_file(tmp_path, gpkg):
    no_year = tmp_path / "kaart.gpkg"
    for layer in ("gemeenten", "wijken", "buurten"):
        frame = gpd.read_file(gpkg, layer=layer).drop(
            columns=["jaar", "jrstatcode"], errors="ignore"
        )
        frame.to_file(no_year, layer=layer)
    with pytest.raises(ValidationError, match="geen jaar gevonden"):
        cbs.read_cbs_gemeente(no_year, "GM0503")
    named = no_year.rename(tmp_path / "wijkenbuurten_2024.gpkg")
    assert cbs.read_cbs_gemeente(named, "GM0503").jaar == 2024


# --- OSM: streets ------------------------------------------------------------------------


def test_the_centre_extract_as_streets():
    straten = read_pbf_streets(CENTRE_PBF)
    e = straten.edges
    # 3,468 ways of one edge each; 4 run from a node back to itself (no length)
    assert len(e) + straten.losse_delen == 3_468 - 4
    assert e.crs.to_epsg() == 28992 and (e["length_m"] > 0).all()
    assert e["edge_id"].tolist() == list(range(len(e)))
    assert set(e["highway"]) >= {"residential", "footway", "pedestrian", "busway"}
    x0, y0, x1, y1 = straten.dekking.bounds
    assert 83_000 < x0 < x1 < 86_000 and 446_000 < y0 < y1 < 448_500


def test_way_typing_from_the_osm_tags(tmp_path):
    nodes = {i: (4.35 + i * 0.001, 52.0, {}) for i in range(1, 12)}
    ways = [
        ([1, 2], {"highway": "residential", "name": "Kerkstraat"}),
        ([2, 3], {"highway": "service", "access": "private"}),
        ([3, 4], {"highway": "footway"}),
        ([4, 5], {"highway": "footway", "bicycle": "yes"}),
        ([5, 6], {"highway": "primary", "motorroad": "yes"}),
        ([6, 7], {"highway": "residential", "oneway": "-1"}),
        ([7, 8], {"highway": "residential", "motor_vehicle": "no"}),
        ([8, 9], {"highway": "cycleway", "foot": "no"}),
        ([9, 10], {"highway": "construction"}),
        ([9, 11], {"highway": "pedestrian", "area": "yes"}),
        ([9, 10], {"highway": "motorway"}),
    ]
    straten = read_pbf_streets(_write_pbf(tmp_path / "t.osm.pbf", nodes, ways))
    e = straten.edges.set_index("osm_way_id")
    assert list(e.index) == [1, 2, 3, 4, 5, 6, 7, 8, 11]  # not in use: construction, area
    assert e.at[2, "foot"] == "no" and e.at[2, "bicycle"] == "no"
    assert e.at[6, "oneway"] and (e.at[6, "u"], e.at[6, "v"]) == (7, 6)  # turned: -1
    assert e.at[5, "motor_only"] and e.at[11, "motor_only"] and not e.at[1, "motor_only"]
    assert e.at[7, "motor_vehicle"] == "no" and not e.at[7, "car_road"]

    def allowed(modus: str) -> list[int]:
        ok = allowed_edges(
            e["highway"].tolist(),
            modus,
            motor_only=e["motor_only"].tolist(),
            car_road=e["car_road"].tolist(),
            foot=e["foot"].tolist(),
            bicycle=e["bicycle"].tolist(),
            motor_vehicle=e["motor_vehicle"].tolist(),
        )
        return [int(i) for i in e.index[ok]]

    assert allowed("lopen") == [1, 3, 4, 6, 7]
    assert allowed("fiets") == [1, 4, 6, 7, 8]
    assert allowed("auto") == [1, 5, 6, 11]  # not the private road, not motor_vehicle=no


def test_streets_are_clipped_and_split_at_shared_nodes(tmp_path):
    nodes = {1: (4.0, 52.0, {}), 2: (4.001, 52.0, {}), 3: (4.002, 52.0, {}), 4: (4.001, 52.001, {})}
    nodes |= {8: (6.0, 53.0, {}), 9: (6.001, 53.0, {})}  # far away: left out by the clip
    ways = [([1, 2, 3], {"highway": "residential"}), ([2, 4], {"highway": "footway"})]
    ways.append(([8, 9], {"highway": "residential"}))
    path = _write_pbf(tmp_path / "t.osm.pbf", nodes, ways)
    e = read_pbf_streets(path, clip=(3.99, 51.99, 4.01, 52.01)).edges
    assert sorted(zip(e["u"], e["v"], strict=True)) == [(1, 2), (2, 3), (2, 4)]
    assert e["length_m"].sum() == pytest.approx(2 * 68.9 + 111.3, abs=1.5)


def test_bad_pbf_files(tmp_path):
    with pytest.raises(DataNotFoundError, match="bestaat niet"):
        read_pbf_streets(tmp_path / "geen.osm.pbf")
    xml = tmp_path / "delft.osm.pbf"
    xml.write_text("<?xml version='1.0'?><osm version='0.6'></osm>", encoding="utf-8")
    with pytest.raises(ValidationError, match="geen OSM PBF-bestand"):
        read_pbf_streets(xml)
    data = CENTRE_PBF.read_bytes()
    cut = tmp_path / "afgebroken.osm.pbf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValidationError, match="afgebroken of beschadigd -> download het opnieuw"):
        read_pbf_streets(cut)
    with pytest.raises(ValidationError, match="afgebroken of beschadigd"):
        read_pbf_points(cut)
    empty = _write_pbf(tmp_path / "leeg.osm.pbf", {1: (4.0, 52.0, {})}, [])
    with pytest.raises(ValidationError, match=r"geen enkele weg \(highway=\*\)"):
        read_pbf_streets(empty)


# --- OSM: addresses and voorzieningen ----------------------------------------------------


def _in_box(frame: gpd.GeoDataFrame, margin: float = 0.0) -> gpd.GeoDataFrame:
    lonlat = frame.to_crs("EPSG:4326").geometry
    w, s, e, n = CENTRE_BOX
    inside = (lonlat.x >= w + margin) & (lonlat.x <= e - margin)
    inside &= (lonlat.y >= s + margin) & (lonlat.y <= n - margin)
    return frame[inside.to_numpy()]


def _same_in_centre(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame, columns: list[str]) -> None:
    """``a`` (read from the PBF) and ``b`` (the Delft bundle) hold the same points inside
    the centre: every point of ``a`` has its own point in ``b`` within 0.5 m (the PBF
    stores lon/lat to 1e-7 degrees) with the same values in ``columns``, and every point
    of ``b`` well inside the box (1e-6 degrees: the box is known to 7 decimals) is one
    of them. (The centre PBF holds 15 address points whose street was missing, as the
    text "nan", and one bar twice, as an address node and as an amenity node at the same
    place: exact copies count once.)"""
    left = a[[*columns, "geometry"]].reset_index(drop=True)
    xy = np.round(left.geometry.get_coordinates().to_numpy(), 2)
    key = left[columns].astype(object).fillna("nan").astype(str).assign(x=xy[:, 0], y=xy[:, 1])
    left = left[~key.duplicated().to_numpy()].reset_index(drop=True)
    right = b[[*columns, "geometry"]].reset_index(drop=True)
    pairs = gpd.sjoin_nearest(left, right, max_distance=0.5, lsuffix="a", rsuffix="b")
    same = np.ones(len(pairs), bool)
    for c in columns:
        a_text, b_text = (pairs[f"{c}_{s}"].astype(object).fillna("nan").astype(str) for s in "ab")
        same &= (a_text == b_text).to_numpy()
    matched = pairs[same]
    assert matched.index.nunique() == len(left) == matched["index_b"].nunique()
    rest = b[~np.isin(np.arange(len(b)), matched["index_b"].unique())]
    assert _in_box(rest, margin=1e-6).empty


def test_centre_addresses_and_voorzieningen_equal_the_delft_bundle():
    punten = read_pbf_points(CENTRE_PBF)
    delft = read_bron("delft")
    assert len(punten.adressen) == 12_264
    _same_in_centre(punten.adressen, delft.adressen, ["straat", "huisnummer"])
    osm = delft.voorzieningen[delft.voorzieningen["bron"] == "osm_2022"]
    assert len(punten.voorzieningen) == 256
    _same_in_centre(punten.voorzieningen, osm, ["soort"])
    assert punten.weggelaten == {}  # every amenity in the centre has an address
    assert set(punten.voorzieningen["bron_soort"]) >= {"amenity=doctors", "amenity=cafe"}


def test_voorzieningen_from_many_tags_and_street_furniture_left_out(tmp_path):
    nodes = {
        1: (4.0, 52.0, {"healthcare": "pharmacy", "name": "Apotheek"}),
        2: (4.001, 52.0, {"leisure": "sports_hall"}),
        3: (4.002, 52.0, {"club": "sport", "name": "VV Delft"}),
        4: (4.003, 52.0, {"community_centre": "youth_centre", "amenity": "community_centre"}),
        5: (4.004, 52.0, {"amenity": "bench"}),
        6: (4.005, 52.0, {"amenity": "bicycle_parking", "addr:housenumber": "3"}),
        7: (4.006, 52.0, {"office": "ngo"}),
        8: (4.0, 52.001, {}),
        9: (4.001, 52.001, {}),
        10: (4.001, 52.002, {}),
    }
    building = ([8, 9, 10, 8], {"building": "yes", "addr:housenumber": "12", "addr:street": "Laan"})
    path = _write_pbf(tmp_path / "v.osm.pbf", nodes, [building])
    p = read_pbf_points(path)
    assert p.voorzieningen["soort"].tolist() == [
        "apotheek",
        "sporthal",
        "clubhuis",
        "jongerenwerk",
        "overig",
        "overig",
    ]
    assert p.weggelaten == {"bench": 1}
    assert p.adressen.index.tolist() == ["n6", "w1"]  # a node and a building outline
    assert p.adressen.at["w1", "straat"] == "Laan"


def test_bag_addresses_are_residential_and_existing(tmp_path):
    delft = read_bron("delft")
    sample = delft.adressen.iloc[:40]
    path = bag_geopackage(tmp_path, sample)
    adressen = read_bag_adressen(path, tuple(sample.total_bounds))
    # every second is a dwelling; the first (a dwelling) was withdrawn
    assert len(adressen) == 19 and set(adressen["bron"]) == {"bag"}
    assert adressen.crs.to_epsg() == 28992
    frame = gpd.read_file(path, layer="verblijfsobject").drop(columns="gebruiksdoel")
    frame.to_file(tmp_path / "zonder.gpkg", layer="verblijfsobject")
    with pytest.raises(ValidationError, match=r"gebruiksdoel.*kolom ontbreekt"):
        read_bag_adressen(tmp_path / "zonder.gpkg", tuple(sample.total_bounds))
    frame.to_file(tmp_path / "anders.gpkg", layer="panden")
    with pytest.raises(ValidationError, match="geen laag verblijfsobject"):
        read_bag_adressen(tmp_path / "anders.gpkg", tuple(sample.total_bounds))
    with pytest.raises(ValidationError, match="geen bestaand verblijfsobject met woonfunctie"):
        read_bag_adressen(path, (0.0, 0.0, 10.0, 10.0))
    with pytest.raises(DataNotFoundError, match="BAG-bestand"):
        read_bag_adressen(tmp_path / "geen.gpkg", (0.0, 0.0, 1.0, 1.0))


# --- the builder -------------------------------------------------------------------------


def test_an_extract_that_misses_the_gemeente_is_refused(gpkg, tmp_path):
    with pytest.raises(ValidationError) as err:
        build("GM0503", gpkg, CENTRE_PBF, tmp_path / "delft")
    text = str(err.value)
    assert "het OSM-bestand dekt 7,6% van Delft (GM0503); nodig is minstens 95%" in text
    assert "--toestaan-gedeeltelijk" in text
    assert not (tmp_path / "delft").exists()
    with pytest.raises(ValidationError, match=r"geen enkele weg"):
        build("GM0193", gpkg, CENTRE_PBF, tmp_path / "zwolle", toestaan_gedeeltelijk=True)


def test_empty_parts_are_named(gpkg, tmp_path):
    # streets in Delft's centre, but no address and no voorziening
    lon, lat = 4.358, 52.011
    nodes = {1: (lon, lat, {}), 2: (lon + 0.001, lat, {}), 3: (lon + 0.002, lat, {})}
    path = _write_pbf(tmp_path / "kaal.osm.pbf", nodes, [([1, 2, 3], {"highway": "residential"})])
    with pytest.raises(ValidationError) as err:
        build("GM0503", gpkg, path, tmp_path / "kaal", toestaan_gedeeltelijk=True)
    text = str(err.value)
    assert "adressen: 0 -> geen adressen gevonden in Delft (GM0503) -> geef een BAG" in text
    assert "voorzieningen: 0 -> geen voorzieningen gevonden" in text


def test_the_built_bundle(centrum):
    root, verslag = centrum
    folder = root / "centrum"
    names = {p.name for p in verslag.bestanden}
    assert names >= {"manifest.toml", "buurten.parquet", "netwerk.parquet", "kerncijfers.parquet"}
    assert {"LICENCE-CBS.txt", "LICENCE-OSM.txt", "HERKOMST.md"} <= names
    assert "© OpenStreetMap contributors" in (folder / "LICENCE-OSM.txt").read_text("utf-8")
    assert verslag.dekking == pytest.approx(0.076, abs=0.002)
    assert len(verslag.buiten_osm) == 84
    assert verslag.aantallen["wegvakken"] > 3_000
    assert verslag.per_component["sport"] == 0  # the centre extract has no leisure=*
    text = str(verslag)
    assert "84 buurten buiten het OSM-bestand" in text and "Sport: 0" in text


def test_the_built_bundle_loads_and_matches_delft(centrum, monkeypatch):
    root, _ = centrum
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(root))
    bron = read_bron("centrum")
    delft = read_bron("delft")
    # areas and key figures: as the embedded bundle
    pd.testing.assert_frame_equal(bron.wijken, delft.wijken)
    pd.testing.assert_frame_equal(bron.buurten.drop(columns="buiten_osm"), delft.buurten)
    covered = bron.buurten.index[~bron.buurten["buiten_osm"]]
    # addresses and voorzieningen in the covered buurten inside the centre: the same
    mine = delft.adressen[delft.adressen["buurtcode"].isin(covered)]
    _same_in_centre(bron.adressen, mine, ["straat", "huisnummer"])
    vz = delft.voorzieningen[delft.voorzieningen["bron"] == "osm_2022"]
    _same_in_centre(bron.voorzieningen, vz[vz["buurtcode"].isin(covered)], ["soort"])
    assert bron.kerncijfers is not None and bron.kerncijfers["jaar"].unique().tolist() == [2025]


def _ratios(built, other, ids: dict, seed: int = 7) -> np.ndarray:
    """Walking distance over ``built`` / over ``other`` between 20 x 25 random node
    pairs both have (``ids``: node of built -> node of other), routes over 200 m."""
    import networkx as nx

    common = sorted(n for n in built.nodes if n in ids and ids[n] in other)
    rng = np.random.default_rng(seed)
    ratios = []
    for s in rng.choice(common, 20, replace=False):
        a = nx.single_source_dijkstra_path_length(built, s, weight="length_m")
        b = nx.single_source_dijkstra_path_length(other, ids[s], weight="length_m")
        for t in rng.choice(common, 25, replace=False):
            if t in a and ids[t] in b and a[t] > 200:
                ratios.append(a[t] / b[ids[t]])
    return np.array(ratios)


def test_network_distances_on_the_centre_match_the_shared_network(centrum, monkeypatch):
    """Walking distances between the same OSM nodes over the built network and over the
    shared Delft network (``../shared/data/delft/network``). Stated tolerances:

    - against its source, the layer ``walk_centre_2022_edges`` (the same ways with their
      curves): median difference under 2 %, 95 % of the pairs within 6 % (measured:
      0.8 % and 4.7 %; the centre PBF keeps only the end nodes of each way, so its
      routes are straight and a little shorter);
    - against the whole network (layer ``edges``, walkable edges): median under 2 %,
      75 % of the pairs within 10 % (measured: 1.8 % and 7.9 %; the whole network also
      has the cycleways and paths the centre's walk graph lacks, which give shortcuts).
    """
    import networkx as nx

    from sociale_basis.datasets.bron import read_layer
    from sociale_basis.streets.network import network_from_edges

    root, _ = centrum
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(root))
    built = network_from_edges(read_bron("centrum").netwerk_edges)
    gpkg = {"bestand": "delft/network/delft_osm_network.gpkg"}
    walk = read_layer({**gpkg, "laag": "walk_centre_2022_edges"}, "Delft")
    source = nx.MultiGraph()
    for u, v, length in zip(walk["osm_u"], walk["osm_v"], walk["length_m"], strict=True):
        source.add_edge(int(u), int(v), length_m=float(length))
    r = _ratios(built, source, {n: n for n in built.nodes})
    assert len(r) > 300
    assert abs(np.median(r) - 1) < 0.02 and np.mean(np.abs(r - 1) < 0.06) >= 0.95

    edges = read_layer(gpkg, "Delft", default_layer="edges")
    nodes = read_layer({**gpkg, "laag": "nodes"}, "Delft")
    whole = network_from_edges(edges[~edges["motor_only"].astype(bool)])
    ids = dict(zip(nodes["osm_node_id"], nodes["node_id"], strict=True))
    r = _ratios(built, whole, ids)
    assert len(r) > 300
    assert abs(np.median(r) - 1) < 0.02 and np.mean(np.abs(r - 1) < 0.10) >= 0.75


# --- every other refusal -----------------------------------------------------------------


def test_cbs_figures_in_both_styles_in_one_file_are_refused():
    frame = pd.DataFrame({"buurtcode": ["BU1"], "aantalInwoners": [5], "aantal_inwoners": [5]})
    with pytest.raises(ValidationError, match="zelfde kerncijfer als kolom 'aantalInwoners'"):
        cbs.normalise_figures(frame, "k.csv")


def test_cbs_layers_without_code_crs_or_columns(tmp_path, gpkg):
    def copy(name: str, edit) -> Path:
        path = tmp_path / name
        for layer in ("gemeenten", "wijken", "buurten"):
            edit(layer, gpd.read_file(gpkg, layer=layer)).to_file(path, layer=layer)
        return path

    no_code = copy("a_2025.gpkg", lambda layer, f: f.drop(columns="gemeentecode"))
    with pytest.raises(ValidationError, match="kolom gemeentecode ontbreekt"):
        cbs.read_cbs_gemeente(no_code, "GM0503")
    no_people = copy(
        "b_2025.gpkg",
        lambda layer, f: f.drop(columns="aantal_inwoners") if layer == "buurten" else f,
    )
    with pytest.raises(ValidationError, match=r"\(laag buurten\):1:aantal_inwoners"):
        cbs.read_cbs_gemeente(no_people, "GM0503")
    no_wijken = copy(
        "c_2025.gpkg",
        lambda layer, f: f[f["gemeentecode"] != "GM0503"] if layer == "wijken" else f,
    )
    with pytest.raises(ValidationError, match="de gemeente heeft geen wijken in dit bestand"):
        cbs.read_cbs_gemeente(no_wijken, "GM0503")
    frame = gpd.read_file(gpkg, layer="buurten").set_crs(None, allow_override=True)
    with pytest.raises(ValidationError, match="de laag heeft geen CRS"):
        cbs.check_crs(frame, "x.gpkg")


def test_manifest_key_figures_need_a_key_and_a_year(tmp_path, monkeypatch):
    from sociale_basis.datasets.bron import read_kerncijfers

    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    pd.DataFrame({"code": ["BU1"], "x": [1.0]}).to_csv(tmp_path / "k.csv", index=False)
    with pytest.raises(ValidationError) as err:
        read_kerncijfers([{"bestand": "k.csv"}], "Proef")
    assert "k.csv:1:buurtcode" in str(err.value) and "geen jaar gevonden" in str(err.value)
    table = read_kerncijfers([{"bestand": "k.csv", "sleutel": "code", "jaar": 2022}], "Proef")
    assert table is not None and table.loc["BU1", "jaar"] == 2022


def test_a_built_bundle_with_an_unknown_soort_is_refused(centrum, tmp_path, monkeypatch):
    import shutil

    root, _ = centrum
    shutil.copytree(root / "centrum", tmp_path / "kapot")
    vz = gpd.read_parquet(tmp_path / "kapot" / "voorzieningen.parquet")
    vz.loc[0, "soort"] = "huisart"
    vz.to_parquet(tmp_path / "kapot" / "voorzieningen.parquet")
    text = (tmp_path / "kapot" / "manifest.toml").read_text("utf-8")
    (tmp_path / "kapot" / "manifest.toml").write_text(text.replace("centrum/", "kapot/"), "utf-8")
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path))
    with pytest.raises(ValidationError, match=r"soort: 'huisart' -> onbekende soort"):
        read_bron("kapot")


def test_without_pyosmium_the_message_says_what_to_install(monkeypatch):
    import sys

    from sociale_basis.streets.osm import require_osmium

    monkeypatch.setitem(sys.modules, "osmium", None)
    with pytest.raises(ImportError, match="pip install osmium"):
        require_osmium()


def test_build_with_bag_addresses_and_own_voorzieningen(gpkg, tmp_path, monkeypatch):
    """--adressen (BAG) instead of OSM's address points, --voorzieningen added to OSM's."""
    delft = read_bron("delft")
    centre = delft.adressen[delft.adressen["buurtcode"] == "BU05031102"]  # Centrum-West
    bag = bag_geopackage(tmp_path, centre)
    own = tmp_path / "eigen.csv"
    xy = centre.geometry.get_coordinates().to_numpy()[:2]
    own.write_text(
        "voorziening_id;soort;naam;x;y\n"
        f"1;wijkteam;Wijkteam Centrum;{xy[0, 0]:.2f};{xy[0, 1]:.2f}\n"
        f"2;buurthuis;Buurthuis West;{xy[1, 0]:.2f};{xy[1, 1]:.2f}\n",
        encoding="utf-8",
    )
    verslag = build(
        "GM0503",
        gpkg,
        CENTRE_PBF,
        tmp_path / "data" / "metbag",
        adressen=bag,
        voorzieningen=own,
        toestaan_gedeeltelijk=True,
        naam="Delft (BAG)",
    )
    dwellings = (np.arange(len(centre)) % 2 == 0).sum() - 1  # every second, one withdrawn
    assert verslag.aantallen["adressen (BAG)"] == dwellings
    monkeypatch.setenv("SOCIALE_BASIS_DATA", str(tmp_path / "data"))
    bron = read_bron("metbag")
    assert bron.naam == "Delft (BAG)" and set(bron.adressen["bron"]) == {"bag"}
    mine = bron.voorzieningen[bron.voorzieningen.index.str.startswith("eigen-")]
    assert mine["soort"].tolist() == ["wijkteam", "buurthuis"]
    assert mine["naam"].tolist() == ["Wijkteam Centrum", "Buurthuis West"]
    assert set(mine["buurtcode"]) == {"BU05031102"}
    assert "wijkteam" not in read_manifest_aanvullen(tmp_path / "data" / "metbag")
    names = {p.name for p in verslag.bestanden}
    assert {"LICENCE-BAG.txt", "LICENCE-EIGEN.txt"} <= names


def read_manifest_aanvullen(folder: Path) -> list[str]:
    import tomllib

    return tomllib.loads((folder / "manifest.toml").read_text("utf-8"))["synthetisch"]["aanvullen"]

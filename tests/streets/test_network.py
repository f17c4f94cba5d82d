"""Reading street networks (GeoPackage, GeoJSON, GraphML, OSM XML/PBF), preparing, snapping."""

from __future__ import annotations

import math
import sys

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from reach_fixtures import DELFT_NET, X0, Y0, delft_graph, edges_frame
from shapely.geometry import LineString, Point

from sociale_basis.core.crs import RD_NEW
from sociale_basis.core.errors import DataNotFoundError, ValidationError
from sociale_basis.streets import network
from sociale_basis.streets.prepare import Netwerk, prepare_network
from sociale_basis.streets.snap import point_coordinates, snap_points

# --- readers -----------------------------------------------------------------------------


def test_read_geopackage_delft():
    G = network.read_network(DELFT_NET, node_layer="nodes")
    assert G.graph["crs"] == RD_NEW
    assert G.number_of_edges() == 16_237
    assert all("length_m" in d for _, _, d in G.edges(data=True))
    some = next(iter(G.nodes(data=True)))[1]
    assert {"x", "y", "osm_node_id"} <= set(some)


def test_read_geojson_without_ids_builds_topology(tmp_path):
    frame = edges_frame().drop(columns=["u", "v"]).to_crs("EPSG:4326")
    path = tmp_path / "net.geojson"
    frame.to_file(path)
    G = network.read_network(path)
    assert G.number_of_nodes() == 6 and G.number_of_edges() == 5
    lengths = sorted(round(d["length_m"], 1) for _, _, d in G.edges(data=True))
    assert lengths == [100.0, 100.0, 100.0, 100.0, 141.4]  # reprojected back to RD


def test_network_from_edges_keeps_attributes_and_node_coordinates():
    G = network.network_from_edges(edges_frame(), naam="proef")
    assert G.nodes["D"]["x"] == X0 + 100 and G.nodes["D"]["y"] == Y0 + 100
    assert G.edges["C", "D", 3]["highway"] == "motorway"
    assert G.graph["naam"] == "proef"


def test_graphml_from_osmnx_is_projected(tmp_path):
    ox = pytest.importorskip("osmnx")
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(1, x=4.3570, y=52.0116)
    G.add_node(2, x=4.3600, y=52.0116)
    G.add_edge(1, 2, highway="residential", length=205.6, osmid=10)
    G.add_edge(2, 1, highway="residential", length=205.6, osmid=10)
    path = tmp_path / "g.graphml"
    ox.save_graphml(G, path)
    H = network.read_network(path)
    assert H.graph["crs"] == RD_NEW and H.number_of_edges() == 1
    ((_, _, d),) = H.edges(data=True)
    assert d["length_m"] == pytest.approx(205.6, rel=0.01)
    assert 80_000 < H.nodes[1]["x"] < 90_000


OSM_XML = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="52.0100" lon="4.3500"/>
  <node id="2" version="1" lat="52.0100" lon="4.3530"/>
  <node id="3" version="1" lat="52.0100" lon="4.3560"/>
  <node id="4" version="1" lat="52.0120" lon="4.3530"/>
  <node id="5" version="1" lat="52.0130" lon="4.3500"/>
  <node id="6" version="1" lat="52.0130" lon="4.3510"/>
  <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="residential"/></way>
  <way id="11" version="1"><nd ref="2"/><nd ref="4"/>
    <tag k="highway" v="footway"/><tag k="bicycle" v="designated"/></way>
  <way id="12" version="1"><nd ref="3"/><nd ref="4"/><tag k="highway" v="motorway"/></way>
  <way id="13" version="1"><nd ref="5"/><nd ref="6"/><nd ref="4"/>
    <tag k="building" v="yes"/></way>
</osm>
"""


def test_read_osm_xml(tmp_path):
    pytest.importorskip("osmnx")
    path = tmp_path / "mini.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    G = network.read_network(path)
    assert G.graph["crs"] == RD_NEW
    classes = sorted(d["highway"] for _, _, d in G.edges(data=True))
    assert classes == ["footway", "motorway", "residential", "residential"]  # no building
    footway = next(d for _, _, d in G.edges(data=True) if d["highway"] == "footway")
    assert footway["bicycle"] == "designated"
    assert footway["length_m"] == pytest.approx(222, abs=3)  # 0.002 degrees of latitude
    net = Netwerk(G, "fiets")
    assert net.allowed.sum() == 3  # the designated footway is open to bikes, the motorway not


def test_read_pbf(tmp_path):
    osmium = pytest.importorskip("osmium")
    pytest.importorskip("osmnx")
    xml = tmp_path / "mini.osm"
    xml.write_text(OSM_XML, encoding="utf-8")
    pbf = tmp_path / "mini.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(xml)):
            writer.add(obj)
    G = network.read_network(pbf)
    assert G.number_of_edges() == 4


def test_missing_package_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "osmnx", None)  # makes `import osmnx` fail
    monkeypatch.setitem(sys.modules, "osmium", None)
    (tmp_path / "a.osm").write_text(OSM_XML, encoding="utf-8")
    (tmp_path / "a.osm.pbf").write_bytes(b"")
    with pytest.raises(ImportError, match="pip install osmnx"):
        network.read_network(tmp_path / "a.osm")
    with pytest.raises(ImportError, match="pip install osmium"):
        network.read_network(tmp_path / "a.osm.pbf")
    (tmp_path / "a.graphml").write_text("<graphml/>")
    with pytest.raises(ImportError, match="GraphML"):
        network.read_network(tmp_path / "a.graphml")
    with pytest.raises(ImportError, match="network_from_place"):
        network.network_from_place("Delft, Nederland")


# --- bad input ---------------------------------------------------------------------------


def test_missing_file():
    with pytest.raises(DataNotFoundError, match="bestaat niet"):
        network.read_network("/nergens/net.gpkg")


def test_unknown_format(tmp_path):
    (tmp_path / "net.csv").write_text("a,b\n")
    with pytest.raises(ValueError, match="Onbekend netwerkformaat"):
        network.read_network(tmp_path / "net.csv")


def test_unknown_layer(tmp_path):
    path = tmp_path / "net.gpkg"
    edges_frame().to_file(path, layer="edges")
    with pytest.raises(ValueError, match="laag 'wegen' bestaat niet"):
        network.read_network(path, layer="wegen")


def test_layer_without_crs(tmp_path):
    path = tmp_path / "net.shp"  # a Shapefile without .prj has no CRS
    with pytest.warns(UserWarning, match="crs"):
        edges_frame().set_crs(None, allow_override=True).to_file(path)
    with pytest.raises(ValidationError, match="geen CRS"):
        network.read_network(path)


def test_rd_numbers_labelled_lonlat(tmp_path):
    path = tmp_path / "net.gpkg"
    edges_frame().set_crs("EPSG:4326", allow_override=True).to_file(path)
    with pytest.raises(ValidationError, match="RD-meters"):
        network.read_network(path)


def test_lonlat_numbers_labelled_rd(tmp_path):
    path = tmp_path / "net.gpkg"
    wrong = edges_frame().to_crs("EPSG:4326").set_crs(RD_NEW, allow_override=True)
    wrong.to_file(path)
    with pytest.raises(ValidationError, match="lengte/breedtegraden"):
        network.read_network(path)


def test_empty_network(tmp_path):
    path = tmp_path / "net.gpkg"
    edges_frame().iloc[:0].to_file(path)
    with pytest.raises(ValidationError, match="geen wegvakken"):
        network.read_network(path)


def test_rows_without_geometry_are_listed(tmp_path):
    frame = edges_frame()
    frame.loc[2, "geometry"] = None
    frame.loc[3, "geometry"] = Point(X0, Y0)
    with pytest.raises(ValidationError) as err:
        network.network_from_edges(frame)
    assert ":4:geometry:" in str(err.value) and "Point" in str(err.value)


def test_network_from_edges_needs_u_v():
    with pytest.raises(ValueError, match=r"\['u', 'v'\]"):
        network.network_from_edges(edges_frame().drop(columns=["u", "v"]))


def test_node_layer_checks(tmp_path):
    path = tmp_path / "net.gpkg"
    edges_frame().to_file(path, layer="edges")
    gpd.GeoDataFrame({"id": [1]}, geometry=[Point(X0, Y0)], crs=RD_NEW).to_file(path, layer="n1")
    gpd.GeoDataFrame({"node_id": ["A"]}, geometry=[Point(X0, Y0)], crs=RD_NEW).to_file(
        path, layer="n2"
    )
    with pytest.raises(ValidationError, match="kolom ontbreekt"):
        network.read_network(path, node_layer="n1")
    with pytest.raises(ValidationError, match="knoop van een wegvak ontbreekt"):
        network.read_network(path, node_layer="n2")


def test_osmnx_graph_checks():
    pytest.importorskip("osmnx")
    G = nx.MultiDiGraph()
    G.add_edge(1, 2)
    with pytest.raises(ValidationError, match="geen CRS"):
        network._from_osmnx(G, "x", "x")
    with pytest.raises(ValidationError, match="geen wegvakken"):
        network._from_osmnx(nx.MultiDiGraph(crs="EPSG:4326"), "x", "x")
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(1, x=4.35, y=52.0)
    G.add_node(2)
    G.add_edge(1, 2)
    with pytest.raises(ValidationError, match="zonder coördinaten"):
        network._from_osmnx(G, "x", "x")
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(1, x=4.35, y=52.0)
    G.add_node(2, x=4.36, y=52.0)
    G.add_edge(1, 2, highway="construction")
    with pytest.raises(ValidationError, match="geen wegvakken"):
        network._from_osmnx(G, "x", "x")


def test_prepared_network_checks():
    G = network.network_from_edges(edges_frame())
    with pytest.raises(TypeError, match="networkx-graaf"):
        Netwerk("geen graaf")  # type: ignore[arg-type]
    H = G.copy()
    del H.graph["crs"]
    with pytest.raises(ValueError, match="geen CRS"):
        Netwerk(H)
    H.graph["crs"] = "EPSG:4326"
    with pytest.raises(ValueError, match="staat in EPSG:4326"):
        Netwerk(H)
    with pytest.raises(ValidationError, match="geen wegvakken"):
        Netwerk(nx.MultiGraph(crs=RD_NEW))
    H = G.copy()
    H.add_node("Z")
    with pytest.raises(ValidationError, match="zonder coördinaten"):
        Netwerk(H)
    H = G.copy()
    del H.edges["A", "B", 0]["length_m"]
    with pytest.raises(ValidationError, match="geen geldige lengte"):
        Netwerk(H)
    # geometry is checked when exact snapping needs it; node snapping does without
    H = G.copy()
    H.edges["B", "C", 1]["geometry"] = None
    lazy = Netwerk(H)
    assert snap_points(lazy, np.array([[X0 + 10, Y0]]), snap="node").node[0] >= 0
    with pytest.raises(ValidationError, match="geen LineString"):
        snap_points(lazy, np.array([[X0 + 10, Y0]]))
    only_motorway = network.network_from_edges(edges_frame().iloc[[3]])
    with pytest.raises(ValidationError, match="geen enkel wegvak is toegestaan"):
        Netwerk(only_motorway, "lopen")
    net = Netwerk(G, "lopen")
    assert prepare_network(net) is net
    with pytest.raises(ValueError, match="voor modus 'lopen'"):
        prepare_network(net, "fiets")


def test_typering_delft_and_untyped():
    G = delft_graph()
    assert Netwerk(G, "lopen").typering.startswith("deels getypeerd (40%")
    H = network.network_from_edges(edges_frame().drop(columns="highway"))
    assert Netwerk(H, "auto").typering.startswith("ongetypeerd")


# --- snapping ----------------------------------------------------------------------------


def test_point_checks():
    pts = gpd.GeoSeries(
        [Point(X0, Y0), Point(np.nan, np.nan), None, LineString([(X0, Y0), (X0 + 1, Y0)])],
        crs=RD_NEW,
    )
    with pytest.raises(ValidationError) as err:
        point_coordinates(pts, "de herkomsten")
    text = str(err.value)
    assert "3 problemen" in text and "NaN" in text and "LineString" in text
    with pytest.raises(ValueError, match="geen CRS"):
        point_coordinates(gpd.GeoSeries([Point(X0, Y0)]), "de herkomsten")
    with pytest.raises(TypeError, match="GeoDataFrame"):
        point_coordinates([Point(X0, Y0)], "de herkomsten")  # type: ignore[arg-type]
    empty = gpd.GeoSeries([Point(X0, Y0), Point()], crs=RD_NEW)
    with pytest.raises(ValidationError, match="leeg punt"):
        point_coordinates(empty, "de herkomsten")
    many = gpd.GeoSeries([Point(np.nan, np.nan)] * 60, crs=RD_NEW)
    with pytest.raises(ValidationError, match="rijen in totaal"):
        point_coordinates(many, "de herkomsten")


def test_snap_argument_checks():
    net = Netwerk(network.network_from_edges(edges_frame()))
    with pytest.raises(ValueError, match="snap-methode"):
        snap_points(net, np.array([[X0, Y0]]), snap="vlak")
    with pytest.raises(ValueError, match="max_snap_m"):
        snap_points(net, np.array([[X0, Y0]]), max_snap_m=-1)


def test_edge_snapping_matches_strtree_on_delft():
    """The piece search (20 m pieces) gives the same distance as GEOS on whole edges."""
    net = Netwerk(delft_graph())
    rng = np.random.default_rng(5)
    xmin, ymin, xmax, ymax = 81_800, 442_500, 87_500, 449_800
    xy = np.column_stack([rng.uniform(xmin, xmax, 3000), rng.uniform(ymin, ymax, 3000)])
    s = snap_points(net, xy, max_snap_m=math.inf)
    (i, _), d = net.edge_tree.query_nearest(
        shapely.points(xy), return_distance=True, all_matches=False
    )
    assert np.allclose(s.snap_m[i], d, atol=1e-6)
    # with a limit: snapped within it, and the distance of the others (for the report) too
    s = snap_points(net, xy, max_snap_m=5)
    assert np.array_equal(s.ok[i], d <= 5)
    assert np.allclose(s.nearest_m[i], d, atol=1e-6)


def test_edges_are_read_in_graph_order():
    """The adjacency walk gives the edges of ``G.edges`` in the same order."""
    G = delft_graph()
    net = Netwerk(G)
    got = list(
        zip(net.node_ids[net.u].tolist(), net.node_ids[net.v].tolist(), net.keys, strict=True)
    )
    assert got == list(G.edges(keys=True))
    simple = nx.Graph(G)  # parallel edges merged, data of one kept
    net = Netwerk(simple)
    assert net.node_ids[net.u].tolist() == [a for a, _ in simple.edges]
    directed = nx.MultiDiGraph(network.network_from_edges(edges_frame()))
    assert len(Netwerk(directed).u) == directed.number_of_edges() == 10


def test_prepared_network_keeps_its_speed():
    net = Netwerk(network.network_from_edges(edges_frame()), "fiets", speed_kmh=18)
    assert net.speed_ms[0] == pytest.approx(5.0)
    with pytest.raises(ValueError, match="snelheid ligt vast"):
        prepare_network(net, speed_kmh=20)


# --- old names ---------------------------------------------------------------------------


def test_graph_from_edges_is_the_old_name_of_network_from_edges():
    import sociale_basis as sb

    new = network.network_from_edges(edges_frame())
    for old in (sb.graph_from_edges, sb.streets.graph_from_edges, network.graph_from_edges):
        with pytest.warns(DeprecationWarning, match=r"graph_from_edges\(\) heet nu network_from"):
            G = old(edges_frame())
        assert nx.utils.edges_equal(G.edges(keys=True), new.edges(keys=True))
    assert sb.network_from_edges is network.network_from_edges


def test_prepared_network_old_keyword_and_attribute():
    G = network.network_from_edges(edges_frame())
    with pytest.warns(DeprecationWarning, match=r"Netwerk\(mode=\.\.\.\) heet nu modus="):
        net = Netwerk(G, mode="fiets")
    assert net.modus == "fiets"
    with pytest.warns(DeprecationWarning, match="Netwerk.mode heet nu Netwerk.modus"):
        assert net.mode == "fiets"
    with pytest.warns(DeprecationWarning, match=r"prepare_network\(mode=\.\.\.\) heet nu modus="):
        assert prepare_network(net, mode="fiets") is net
    with pytest.raises(TypeError, match="zowel mode= als modus="):
        prepare_network(G, mode="fiets", modus="lopen")
    with pytest.raises(ValueError, match="onbekende modus 'boot'"):
        Netwerk(G, "boot")

"""The social graph to and from GeoDataFrames, and to GraphML."""

from __future__ import annotations

import math

import networkx as nx
import pytest
import shapely
from graph_fixtures import graph

from sociale_basis.social.convert import graph_from_gdfs, graph_to_gdfs, write_graphml
from sociale_basis.social.graph import check_graph


def sample() -> nx.MultiGraph:
    # every kind of node, a digital platform without location, parallel kinds, a
    # directed tie, a derived werkt_bij and an optional gewicht
    G = graph(
        {1: "A", 2: {"wijk": "B", "leeftijd": 81, "hulpvraag": "mobiliteit"}},
        [
            (1, 2, "buur"),
            (1, 2, "familie"),
            (1, 2, "mantelzorg"),
            (1, "vereniging:1", "lid"),
            ("professional:1", 2, "caseload"),
            (2, "voorziening:2", "bezoekt"),
        ],
        verenigingen={1: "A"},
        voorzieningen={
            1: "A",
            2: {"wijk": "B", "soort": "digitaal_platform", "geometry": shapely.Point()},
        },
        professionals={1: {"wijk": "B", "voorziening_id": 1}},
    )
    G.edges["inwoner:1", "inwoner:2", "buur"]["gewicht"] = 0.5
    return G


def same_data(a: dict, b: dict) -> bool:
    """Equal attribute dicts, NaN equal to NaN (a platform has x = y = NaN)."""
    if a.keys() != b.keys():
        return False
    for key, value in a.items():
        other = b[key]
        if isinstance(value, float) and math.isnan(value):
            if not (isinstance(other, float) and math.isnan(other)):
                return False
        elif value != other or type(value) is not type(other):
            return False
    return True


def test_round_trip_gives_the_same_graph():
    G = sample()
    nodes, edges = graph_to_gdfs(G)
    H = graph_from_gdfs(nodes, edges)
    assert isinstance(H, nx.MultiGraph)
    assert list(H.nodes) == list(G.nodes)
    for n in G:
        assert same_data(G.nodes[n], H.nodes[n]), n
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for u, v, k, d in G.edges(keys=True, data=True):
        assert same_data(d, H.edges[u, v, k]), (u, v, k)
    assert H.graph == G.graph
    check_graph(H)


def test_gdfs_shape_and_types():
    nodes, edges = graph_to_gdfs(sample())
    assert nodes.crs == "EPSG:28992"
    assert nodes.index.name == "knoop"
    assert list(nodes.columns[:5]) == ["soort", "x", "y", "wijkcode", "buurtcode"]
    assert str(nodes["leeftijd"].dtype) == "Int64"  # an age stays an int next to NaN rows
    assert nodes.loc["voorziening:2", "geometry"] is None  # platform: no location
    assert nodes.loc["inwoner:1", "geometry"].equals(shapely.Point(200_000, 500_000))
    assert {"u", "v", "key", "soort", "van", "wederzijds", "gewicht", "afgeleid"} <= set(edges)
    buur = edges[(edges["key"] == "buur")].iloc[0]
    assert buur["geometry"].length == pytest.approx(10.0)
    assert edges[edges["key"] == "bezoekt"].iloc[0]["geometry"] is None


def test_round_trip_of_a_simple_graph():
    G = nx.Graph(crs="EPSG:28992")
    G.add_node(
        "inwoner:1",
        soort="inwoner",
        x=1.0,
        y=2.0,
        wijkcode="A",
        buurtcode="A1",
        leeftijd=3,
        huishouden_id=1,
        hulpvraag=None,
        bron="x",
    )
    G.add_node(
        "inwoner:2",
        soort="inwoner",
        x=1.0,
        y=3.0,
        wijkcode="A",
        buurtcode="A1",
        leeftijd=5,
        huishouden_id=1,
        hulpvraag=None,
        bron="x",
    )
    G.add_edge("inwoner:1", "inwoner:2", soort="huishouden")
    H = graph_from_gdfs(*graph_to_gdfs(G))
    assert type(H) is nx.Graph
    assert nx.utils.graphs_equal(G, H)


def test_graph_from_gdfs_takes_xy_from_geometry_and_needs_rd():
    nodes, edges = graph_to_gdfs(sample())
    H = graph_from_gdfs(nodes.drop(columns=["x", "y"]), edges)
    assert H.nodes["inwoner:2"]["x"] == 200_010.0
    with pytest.raises(ValueError, match="verwacht EPSG:28992"):
        graph_from_gdfs(nodes.to_crs("EPSG:4326"), edges)


def test_graphml_is_read_back_by_networkx(tmp_path):
    G = sample()
    G.graph["lijst"] = [1, 2]
    G.nodes["inwoner:1"]["tags"] = ["a", "b"]  # a list: GraphML cannot hold it
    G.nodes["inwoner:2"]["tags"] = 3  # the same name with a number: all become text
    path = tmp_path / "graaf.graphml"
    write_graphml(G, path)
    H = nx.read_graphml(path, force_multigraph=True)
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert set(H["inwoner:1"]["inwoner:2"]) == {"buur", "familie", "mantelzorg"}
    one, two = H.nodes["inwoner:1"], H.nodes["inwoner:2"]
    assert two["leeftijd"] == 81 and two["hulpvraag"] == "mobiliteit"
    assert "hulpvraag" not in one  # None is left out, GraphML's "unknown"
    assert one["tags"] == '["a", "b"]' and two["tags"] == "3"
    assert H.graph["lijst"] == "[1, 2]"
    assert H.graph["wijkcodes"] == '["A", "B"]'
    assert H.edges["inwoner:1", "inwoner:2", "mantelzorg"]["wederzijds"] is False
    assert H.edges["inwoner:1", "inwoner:2", "buur"]["gewicht"] == 0.5
    assert "x" not in H.nodes["voorziening:2"]  # NaN (no location) is left out too
    assert G.nodes["inwoner:1"]["tags"] == ["a", "b"]  # the graph itself is unchanged


def test_graphml_of_a_simple_graph(tmp_path):
    G = nx.Graph(crs="EPSG:28992")
    G.add_edge("inwoner:1", "inwoner:2", soort="buur", gewicht=1)
    G.add_edge("inwoner:2", "inwoner:3", soort="buur", gewicht=0.5)  # int and float: float
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.edges["inwoner:1", "inwoner:2"]["gewicht"] == 1.0

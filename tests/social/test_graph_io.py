"""The social graph to and from GeoDataFrames, and to GraphML."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest
import shapely
from graph_fixtures import graph, village, village_gebied

import sociale_basis as sb
from sociale_basis import social
from sociale_basis.core.errors import ValidationError
from sociale_basis.social.cohesion import measure_cohesion
from sociale_basis.social.convert import (
    social_graph_from_gdfs,
    social_graph_to_gdfs,
    write_graphml,
)
from sociale_basis.social.from_tables import social_graph_from_tables
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
    nodes, edges = social_graph_to_gdfs(G)
    H = social_graph_from_gdfs(nodes, edges)
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
    nodes, edges = social_graph_to_gdfs(sample())
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
    H = social_graph_from_gdfs(*social_graph_to_gdfs(G))
    assert type(H) is nx.Graph
    assert nx.utils.graphs_equal(G, H)


def test_graph_from_gdfs_takes_xy_from_geometry_and_needs_rd():
    nodes, edges = social_graph_to_gdfs(sample())
    H = social_graph_from_gdfs(nodes.drop(columns=["x", "y"]), edges)
    assert H.nodes["inwoner:2"]["x"] == 200_010.0
    with pytest.raises(ValueError, match="verwacht EPSG:28992"):
        social_graph_from_gdfs(nodes.to_crs("EPSG:4326"), edges)


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


# --- old names -----------------------------------------------------------------------------


def test_graph_to_and_from_gdfs_are_the_old_names():
    G = sample()
    for module in (social, sb):
        with pytest.warns(DeprecationWarning, match=r"graph_to_gdfs\(\) heet nu social_graph_to"):
            nodes, edges = module.graph_to_gdfs(G)
        with pytest.warns(DeprecationWarning, match=r"graph_from_gdfs\(\) heet nu social_graph_"):
            H = module.graph_from_gdfs(nodes, edges)
        assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert sb.social_graph_to_gdfs is social_graph_to_gdfs
    assert sb.social_graph_from_gdfs is social_graph_from_gdfs


# --- a graph from plain tables, without location -----------------------------------------


def tables_of(gebied) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The point tables of a gebied as one table of nodes without geometry."""
    frames = []
    for soort, table in (
        ("inwoner", gebied.inwoners),
        ("vereniging", gebied.verenigingen.rename(columns={"soort": "soort_vereniging"})),
        ("voorziening", gebied.voorzieningen.rename(columns={"soort": "soort_voorziening"})),
        ("professional", gebied.professionals),
    ):
        frame = pd.DataFrame(table.drop(columns="geometry")).reset_index(names="id")
        frame.insert(1, "soort", soort)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True), gebied.relaties


def test_graph_from_tables_measures_like_the_graph_with_location():
    knopen, relaties = tables_of(village_gebied())
    G = social_graph_from_tables(knopen, relaties, naam="Enquête")
    check_graph(G)
    assert G.graph["crs"] is None and G.graph["naam"] == "Enquête"
    assert G.graph["wijkcodes"] == ["A", "B"] and G.graph["buurtcodes"] == ["A1", "A2", "B1"]
    assert all(math.isnan(d["x"]) and math.isnan(d["y"]) for _, d in G.nodes(data=True))
    located = village()
    assert list(G.nodes) == list(located.nodes)
    assert sorted(G.edges(keys=True)) == sorted(located.edges(keys=True))
    for niveau in ("wijk", "buurt"):
        pd.testing.assert_frame_equal(
            measure_cohesion(G, niveau=niveau), measure_cohesion(located, niveau=niveau)
        )


def test_graph_from_tables_takes_ids_as_given_and_empty_codes():
    knopen = pd.DataFrame(
        {
            "soort": ["inwoner", "inwoner", "professional"],
            "wijkcode": ["A", None, "A"],
            "hulpvraag": ["psychisch", None, None],
            "leeftijd": [70.0, None, None],
            "rol": [None, None, "wijkteam"],
            "email": ["a@b.nl", "c@d.nl", "e@f.nl"],  # not in the contract: left out
        },
        index=pd.Index(["inwoner:r1", "r2", 7], name="respondent"),
    )
    relaties = pd.DataFrame(
        {
            "van": ["inwoner:r1", "professional:7"],
            "naar": ["inwoner:r2", "inwoner:r1"],
            "soort": ["vriend", "caseload"],
        }
    )
    G = social_graph_from_tables(knopen, relaties, wijkcodes=["A", "Z"])
    check_graph(G)
    assert list(G.nodes) == ["inwoner:r1", "inwoner:r2", "professional:7"]
    one = G.nodes["inwoner:r1"]
    assert (one["leeftijd"], one["hulpvraag"], one["buurtcode"]) == (70, "psychisch", None)
    assert G.nodes["inwoner:r2"]["wijkcode"] is None
    assert G.nodes["professional:7"]["rol"] == "wijkteam"
    assert "email" not in one
    assert G.graph["wijkcodes"] == ["A", "Z"] and G.graph["buurtcodes"] == []
    table = measure_cohesion(G)
    assert list(table.index) == ["A", "Z"]
    assert table.loc["A", "inwoners"] == 1  # r2 lives in no known wijk
    assert table.loc["A", "gem_informele_graad"] == 1.0  # but its tie to r1 counts
    assert table.loc["A", "aandeel_hulpvraag_binnen_k"] == 1.0
    assert measure_cohesion(G, niveau="buurt").empty


def test_graph_from_tables_lists_every_problem():
    knopen = pd.DataFrame(
        {
            "id": [1, 1, 2, None, 4, 5],
            "soort": ["inwoner", "inwoner", "club", "inwoner", "inwoner", "inwoner"],
            "buurtcode": "A1",
            "leeftijd": [30, 31, 32, "oud", -4, 50],
            "hulpvraag": [None, None, None, None, None, "eenzaam"],
        }
    )
    with pytest.raises(ValidationError) as info:
        social_graph_from_tables(knopen, pd.DataFrame(columns=["van", "naar", "soort"]))
    text = str(info.value)
    assert "in de knopen" in text
    assert "knopen:3:id: 'inwoner:1' -> dubbel id" in text
    assert "knopen:4:soort: 'club' -> onbekende soort -> kies uit inwoner" in text
    assert "knopen:5:id: '' -> leeg id" in text
    assert "knopen:5:leeftijd: 'oud' -> geen leeftijd" in text
    assert "knopen:6:leeftijd: -4 -> geen leeftijd" in text
    assert (
        "knopen:7:hulpvraag: 'eenzaam' -> onbekende hulpvraag -> bedoelde u 'eenzaamheid'?" in text
    )


def test_graph_from_tables_needs_kind_and_an_area_column():
    with pytest.raises(ValidationError) as info:
        social_graph_from_tables(pd.DataFrame({"id": [1]}), pd.DataFrame())
    text = str(info.value)
    assert "knopen:1:soort: '' -> kolom ontbreekt" in text
    assert "knopen:1:wijkcode: '' -> kolom ontbreekt -> voeg een kolom 'wijkcode' of" in text


def test_graph_from_tables_checks_the_relaties_like_build_graph():
    knopen = pd.DataFrame({"id": [1, 2], "soort": "inwoner", "wijkcode": "A"})
    relaties = pd.DataFrame(
        {
            "van": ["inwoner:1", "inwoner:1"],
            "naar": ["inwoner:3", "inwoner:2"],
            "soort": ["buur", "lid"],
        }
    )
    with pytest.raises(ValidationError) as info:
        social_graph_from_tables(knopen, relaties)
    text = str(info.value)
    assert "in de relaties" in text
    assert "relaties:2:naar: 'inwoner:3' -> onbekende knoop" in text
    assert "relaties:3:soort: 'lid' -> verbindt inwoner -> inwoner" in text


def test_graph_without_location_converts_both_ways(tmp_path):
    G = social_graph_from_tables(*tables_of(village_gebied()))
    nodes, edges = social_graph_to_gdfs(G)
    assert nodes.crs is None and edges.crs is None
    assert nodes.geometry.isna().all() and edges.geometry.isna().all()
    H = social_graph_from_gdfs(nodes, edges)
    assert H.graph["crs"] is None
    check_graph(H)
    for n in G:
        assert same_data(G.nodes[n], H.nodes[n]), n
    H = social_graph_from_gdfs(nodes.drop(columns=["x", "y"]), edges)
    assert math.isnan(H.nodes["inwoner:1"]["x"])
    write_graphml(G, tmp_path / "enquete.graphml")
    R = nx.read_graphml(tmp_path / "enquete.graphml", force_multigraph=True)
    assert "crs" not in R.graph and "x" not in R.nodes["inwoner:1"]
    assert R.number_of_edges() == G.number_of_edges()


def test_nodes_with_geometry_but_no_crs_are_refused():
    nodes, edges = social_graph_to_gdfs(sample())
    with pytest.raises(ValueError, match="de knopen heeft geen CRS"):
        social_graph_from_gdfs(nodes.set_crs(None, allow_override=True), edges)

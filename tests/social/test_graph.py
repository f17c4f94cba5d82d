"""The social graph: building, the contract check, views and the co-membership projection."""

from __future__ import annotations

import copy

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from graph_fixtures import gebied, graph

from sociale_basis.core.errors import ValidationError
from sociale_basis.social.arrays import GraphArrays, build_graph_arrays, graph_arrays
from sociale_basis.social.build import build_graph
from sociale_basis.social.graph import RELATIES, GraphContractError, check_graph, node_id
from sociale_basis.social.views import (
    area_subgraph,
    buurt_subgraph,
    co_membership,
    co_membership_matrix,
    informal_graph,
    wijk_subgraph,
)


def small() -> object:
    # wijk A: inwoners 1 (40) and 2 (70, eenzaamheid), buur and vriend of each other (also
    # listed twice, once the other way round); professional 1 (base: voorziening 1) has 2
    # as client; 1 is lid of vereniging 1 in wijk B, where inwoner 3 lives alone.
    return gebied(
        inwoners={1: "A", 2: {"wijk": "A", "leeftijd": 70, "hulpvraag": "eenzaamheid"}, 3: "B"},
        relaties=[
            (1, 2, "buur"),
            (1, 2, "vriend"),
            (2, 1, "buur"),
            ("professional:1", 2, "caseload"),
            (1, "vereniging:1", "lid"),
        ],
        professionals={1: {"wijk": "A", "voorziening_id": 1}},
        voorzieningen={1: "A"},
        verenigingen={1: "B"},
    )


# --- building ----------------------------------------------------------------------------


def test_node_ids_kinds_and_attributes():
    G = build_graph(small())
    assert sorted(G.nodes) == [
        "inwoner:1",
        "inwoner:2",
        "inwoner:3",
        "professional:1",
        "vereniging:1",
        "voorziening:1",
    ]
    assert G.graph["crs"] == "EPSG:28992"
    assert G.graph["wijkcodes"] == ["A", "B"]
    assert G.graph["buurtcodes"] == ["A1", "B1"]
    two = G.nodes["inwoner:2"]
    assert two["soort"] == "inwoner"
    assert (two["wijkcode"], two["buurtcode"], two["leeftijd"]) == ("A", "A1", 70)
    assert two["hulpvraag"] == "eenzaamheid"
    assert G.nodes["inwoner:1"]["hulpvraag"] is None  # missing stays an explicit None
    assert (two["x"], two["y"]) == (200_010.0, 500_000.0)
    assert G.nodes["voorziening:1"]["soort_voorziening"] == "buurthuis"
    assert G.nodes["vereniging:1"]["soort_vereniging"] == "sport"
    assert G.nodes["professional:1"]["rol"] == "wijkteam"
    assert G.nodes["professional:1"]["voorziening_id"] == 1
    check_graph(G)


def test_parallel_kinds_kept_duplicates_merged():
    # (1, 2, buur) comes twice (once reversed): one buur edge; vriend is a second edge
    G = build_graph(small())
    assert isinstance(G, nx.MultiGraph)
    assert set(G["inwoner:1"]["inwoner:2"]) == {"buur", "vriend"}
    assert G["inwoner:1"]["inwoner:2"]["buur"] == {"soort": "buur"}


def test_directed_kinds_keep_their_direction():
    G = build_graph(small())
    edge = G.edges["professional:1", "inwoner:2", "caseload"]
    assert edge == {"soort": "caseload", "van": "professional:1", "wederzijds": False}
    lid = G.edges["inwoner:1", "vereniging:1", "lid"]
    assert lid["van"] == "inwoner:1"


def test_mantelzorg_both_ways_is_one_edge_marked_wederzijds():
    G = graph({1: "A", 2: "A"}, [(1, 2, "mantelzorg"), (2, 1, "mantelzorg")])
    assert G.number_of_edges() == 1
    assert G.edges["inwoner:1", "inwoner:2", "mantelzorg"]["wederzijds"] is True


def test_werkt_bij_added_from_professionals_only_when_missing():
    # professional 1 has voorziening_id 1 and no werkt_bij: added (afgeleid); professional 2
    # already has one in the relaties: not doubled; professional 3 has no base: nothing.
    G = graph(
        {1: "A"},
        [("professional:2", "voorziening:1", "werkt_bij")],
        professionals={
            1: {"wijk": "A", "voorziening_id": 1},
            2: {"wijk": "A", "voorziening_id": 1},
            3: "A",
        },
        voorzieningen={1: "A"},
    )
    werkt_bij = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == "werkt_bij"]
    assert len(werkt_bij) == 2
    derived = G.edges["professional:1", "voorziening:1", "werkt_bij"]
    assert derived["afgeleid"] is True
    assert "afgeleid" not in G.edges["professional:2", "voorziening:1", "werkt_bij"]
    assert G.degree("professional:3") == 0


def test_bezoekt_only_when_given():
    G = graph({1: "A", 2: "A"}, [(1, "voorziening:1", "bezoekt")], voorzieningen={1: "A"})
    assert G.has_edge("inwoner:1", "voorziening:1", "bezoekt")
    assert not G.has_edge("inwoner:2", "voorziening:1")


def test_gewicht_is_carried():
    g = gebied({1: "A", 2: "A"}, [(1, 2, "vriend")])
    g.relaties["gewicht"] = [0.5]
    assert build_graph(g).edges["inwoner:1", "inwoner:2", "vriend"]["gewicht"] == 0.5


def test_digitaal_platform_without_location():
    G = graph(
        {1: "A"},
        voorzieningen={1: {"wijk": "A", "soort": "digitaal_platform", "geometry": shapely.Point()}},
    )
    assert np.isnan(G.nodes["voorziening:1"]["x"])
    check_graph(G)


def test_build_does_not_change_its_input():
    g = small()
    before = {name: copy.deepcopy(getattr(g, name)) for name in vars(g)}
    build_graph(g)
    for name, frame in before.items():
        if isinstance(frame, pd.DataFrame):
            pd.testing.assert_frame_equal(getattr(g, name), frame)


def test_node_id():
    assert node_id("inwoner", 17) == "inwoner:17"


# --- bad input ---------------------------------------------------------------------------


def test_relaties_problems_are_listed_all_at_once():
    g = gebied(
        {1: "A", 2: "A"},
        [
            (1, 2, "buur"),
            (1, 9, "vriend"),  # row 3: unknown inwoner 9
            (1, 2, "vriendschap"),  # row 4: unknown kind
            (1, "vereniging:1", "buur"),  # row 5: buur to a vereniging
            (2, 2, "familie"),  # row 6: a tie with itself
        ],
        verenigingen={1: "A"},
    )
    with pytest.raises(ValidationError) as info:
        build_graph(g)
    text = str(info.value)
    assert "4 problemen" in text
    assert "relaties:3:naar: 'inwoner:9' -> onbekende knoop" in text
    assert (
        "relaties:4:soort: 'vriendschap' -> onbekende soort relatie -> bedoelde u 'vriend'?" in text
    )
    assert "relaties:5:soort: 'buur' -> verbindt inwoner -> vereniging" in text
    assert "relaties:6:naar: 'inwoner:2' -> relatie met zichzelf" in text


def test_directed_kind_the_wrong_way_round():
    g = gebied({1: "A"}, [("vereniging:1", 1, "lid")], verenigingen={1: "A"})
    with pytest.raises(ValidationError, match="verbindt vereniging -> inwoner"):
        build_graph(g)


def test_unknown_node_kind_is_explained():
    g = gebied({1: "A"}, [("club:1", 1, "lid")])
    with pytest.raises(ValidationError, match="schrijf een knoop als '<soort>:<id>'"):
        build_graph(g)


def test_missing_relaties_column():
    g = gebied({1: "A"})
    g.relaties = pd.DataFrame({"van": ["inwoner:1"], "naar": ["inwoner:1"]})
    with pytest.raises(ValidationError, match="relaties:1:soort: '' -> kolom ontbreekt"):
        build_graph(g)


def test_many_problems_are_summarised():
    g = gebied({1: "A"}, [(1, 100 + i, "vriend") for i in range(30)])
    with pytest.raises(ValidationError, match="en nog 10 andere problemen"):
        build_graph(g)


def test_missing_table_column():
    g = gebied({1: "A"})
    g.inwoners = g.inwoners.drop(columns="hulpvraag")
    with pytest.raises(ValidationError, match="inwoners:1:hulpvraag: '' -> kolom ontbreekt"):
        build_graph(g)


def test_duplicate_ids():
    g = gebied({1: "A", 2: "A"})
    g.inwoners.index = pd.Index([1, 1], name="inwoner_id")
    with pytest.raises(ValidationError, match="dubbele id's"):
        build_graph(g)


def test_missing_location():
    g = gebied({1: "A", 2: "A"})
    g.inwoners.loc[2, "geometry"] = None
    with pytest.raises(ValidationError, match="inwoners:3:geometry: 'None' -> geen punt"):
        build_graph(g)


def test_unknown_hulpvraag():
    g = gebied({1: {"wijk": "A", "hulpvraag": "eenzaam"}})
    with pytest.raises(ValidationError, match="onbekende hulpvraag -> bedoelde u 'eenzaamheid'"):
        build_graph(g)


def test_professional_with_unknown_base():
    g = gebied({1: "A"}, professionals={1: {"wijk": "A", "voorziening_id": 5}})
    with pytest.raises(ValidationError, match="professionals:2:voorziening_id: 5 -> onbekende"):
        build_graph(g)


def test_table_that_is_not_a_geodataframe():
    g = gebied({1: "A"})
    g.verenigingen = pd.DataFrame()
    with pytest.raises(ValidationError, match="verenigingen::: 'DataFrame' -> geen GeoDataFrame"):
        build_graph(g)


def test_table_in_the_wrong_crs():
    g = gebied({1: "A"})
    g.inwoners = g.inwoners.to_crs("EPSG:4326")
    with pytest.raises(ValueError, match=r"gebied\.inwoners staat in EPSG:4326"):
        build_graph(g)


# --- the contract check ------------------------------------------------------------------


def test_check_graph_names_node_and_missing_attribute():
    G = build_graph(small())
    del G.nodes["inwoner:2"]["wijkcode"]
    with pytest.raises(GraphContractError) as info:
        check_graph(G)
    assert "knoop 'inwoner:2': attribuut wijkcode ontbreekt" in str(info.value)
    assert info.value.count == 1


def test_check_graph_crs():
    G = build_graph(small())
    G.graph["crs"] = "EPSG:4326"
    with pytest.raises(GraphContractError, match="verwacht 'EPSG:28992'"):
        check_graph(G)


def test_check_graph_node_id_and_kind():
    G = build_graph(small())
    G.add_node(7, soort="inwoner")
    G.add_node("club:1", soort="club")
    G.add_node(
        "inwoner:99",
        soort="vereniging",
        x=1.0,
        y=1.0,
        wijkcode="A",
        buurtcode="A1",
        naam="x",
        soort_vereniging="sport",
        bron="x",
    )
    with pytest.raises(GraphContractError) as info:
        check_graph(G)
    text = str(info.value)
    assert "knoop 7: id is geen '<soort>:<id>'" in text
    assert "knoop 'club:1': soort 'club' onbekend" in text
    assert "knoop 'inwoner:99': soort 'vereniging' past niet bij het id" in text


def test_check_graph_location_and_area():
    G = build_graph(small())
    G.nodes["inwoner:1"]["x"] = float("nan")
    G.nodes["inwoner:3"]["buurtcode"] = None
    with pytest.raises(GraphContractError) as info:
        check_graph(G)
    assert "knoop 'inwoner:1': x/y ontbreken" in str(info.value)
    assert "knoop 'inwoner:3': wijkcode of buurtcode is leeg" in str(info.value)


def test_check_graph_edges():
    G = build_graph(small())
    G.add_edge("inwoner:1", "inwoner:3")  # no soort
    G.add_edge("inwoner:1", "vereniging:1", "buur", soort="buur")  # wrong kinds
    G.add_edge("inwoner:3", "inwoner:3", "vriend", soort="vriend")  # self-loop
    G.add_edge("inwoner:3", "vereniging:1", "lid", soort="lid", van="vereniging:1")
    with pytest.raises(GraphContractError) as info:
        check_graph(G)
    text = str(info.value)
    assert "relatie ('inwoner:1', 'inwoner:3'): soort None ontbreekt of is onbekend" in text
    assert "relatie ('inwoner:1', 'vereniging:1', 'buur'): verbindt inwoner en vereniging" in text
    assert "relatie ('inwoner:3', 'inwoner:3', 'vriend'): relatie met zichzelf" in text
    assert "relatie ('inwoner:3', 'vereniging:1', 'lid'): verbindt" in text
    assert info.value.count == 4


def test_check_graph_without_crs_is_a_graph_without_location():
    # crs None: x = y = NaN everywhere, area codes may be empty
    G = build_graph(small())
    G.graph["crs"] = None
    for _, d in G.nodes(data=True):
        d["x"] = d["y"] = float("nan")
    G.nodes["inwoner:3"]["buurtcode"] = None
    check_graph(G)
    G.nodes["inwoner:1"]["x"] = 200_000.0  # a coordinate without a CRS means nothing
    G.nodes["inwoner:2"]["y"] = None
    with pytest.raises(GraphContractError) as info:
        check_graph(G)
    text = str(info.value)
    assert "knoop 'inwoner:1': heeft x/y (200000.0, nan) maar de graaf heeft geen CRS" in text
    assert "knoop 'inwoner:2': x/y zijn (nan, None) -> in een graaf zonder ligging" in text
    assert info.value.count == 2


def test_check_graph_needs_a_crs_entry():
    G = build_graph(small())
    del G.graph["crs"]
    with pytest.raises(GraphContractError, match=r"G.graph\['crs'\] ontbreekt"):
        check_graph(G)


def test_check_graph_caps_the_list():
    G = build_graph(small())
    for i in range(25):
        G.add_node(f"inwoner:{100 + i}", soort="inwoner")
    with pytest.raises(GraphContractError, match="en nog 5 andere problemen") as info:
        check_graph(G)
    assert info.value.count == 25
    assert len(info.value.problems) == 20


# --- views and projections ---------------------------------------------------------------


def test_wijk_subgraph_and_connected_outsiders():
    G = build_graph(small())
    assert set(wijk_subgraph(G, "A")) == {
        "inwoner:1",
        "inwoner:2",
        "professional:1",
        "voorziening:1",
    }
    # vereniging 1 lies in B but inwoner 1 of A is lid: part of A's sociale basis
    assert "vereniging:1" in wijk_subgraph(G, "A", verbonden=True)
    assert "inwoner:3" not in wijk_subgraph(G, "A", verbonden=True)
    assert set(buurt_subgraph(G, "B1")) == {"inwoner:3", "vereniging:1"}
    view = area_subgraph(G, "A")
    assert view.has_edge("inwoner:1", "inwoner:2", "vriend")
    with pytest.raises(nx.NetworkXError):
        view.add_node("x")  # a view: the caller cannot change G through it by accident


def test_area_subgraph_rejects_unknown_niveau():
    with pytest.raises(ValueError, match="niveau moet 'wijk' of 'buurt' zijn"):
        area_subgraph(build_graph(small()), "A", niveau="gemeente")  # type: ignore[arg-type]


def test_informal_graph_counts_kinds_per_pair():
    H = informal_graph(build_graph(small()))
    assert set(H) == {"inwoner:1", "inwoner:2", "inwoner:3"}
    assert H.edges["inwoner:1", "inwoner:2"]["soorten"] == 2  # buur and vriend


def club_graph() -> nx.MultiGraph:
    # vereniging 1: inwoners 1, 2, 3; vereniging 2: inwoners 2, 3; inwoner 4 in no club
    return graph(
        {1: "A", 2: "A", 3: "A", 4: "A"},
        [
            (1, "vereniging:1", "lid"),
            (2, "vereniging:1", "lid"),
            (3, "vereniging:1", "lid"),
            (2, "vereniging:2", "lid"),
            (3, "vereniging:2", "lid"),
        ],
        verenigingen={1: "A", 2: "A"},
    )


def test_co_membership_matrix_counts_shared_clubs():
    # pairs: (1,2) share club 1 -> 1; (1,3) -> 1; (2,3) share clubs 1 and 2 -> 2
    C, inwoners, skipped = co_membership_matrix(club_graph())
    assert inwoners == ["inwoner:1", "inwoner:2", "inwoner:3", "inwoner:4"]
    assert C.toarray().tolist() == [[0, 1, 1, 0], [1, 0, 2, 0], [1, 2, 0, 0], [0, 0, 0, 0]]
    assert skipped == []


def test_co_membership_cap_leaves_big_clubs_out():
    # with at most 2 members, club 1 (3 members) is left out: only (2,3) via club 2
    H = co_membership(club_graph(), max_leden=2)
    assert sorted(H.edges(data="gewicht")) == [("inwoner:2", "inwoner:3", 1)]
    assert H.graph["overgeslagen_verenigingen"] == ["vereniging:1"]
    assert set(H) == {"inwoner:2", "inwoner:3"}
    full = co_membership(club_graph(), max_leden=None)
    assert full.edges["inwoner:2", "inwoner:3"]["gewicht"] == 2
    assert full.nodes["inwoner:1"]["wijkcode"] == "A"


# --- straight to arrays ------------------------------------------------------------------


RELATIES_LIJST = list(RELATIES)


def _same_arrays(a: GraphArrays, b: GraphArrays) -> None:
    assert a.nodes.tolist() == b.nodes.tolist()
    for name in ("soort", "wijk", "buurt", "hulpvraag", "u", "v", "relatie"):
        assert getattr(a, name).tolist() == getattr(b, name).tolist(), name
    assert np.array_equal(a.leeftijd, b.leeftijd, equal_nan=True)
    assert (a.wijkcodes, a.buurtcodes) == (b.wijkcodes, b.buurtcodes)


def test_build_graph_arrays_equals_the_arrays_of_the_graph():
    # small(): the duplicate buur tie kept once, the derived werkt_bij of professional 1
    g = small()
    direct = build_graph_arrays(g)
    _same_arrays(direct, graph_arrays(build_graph(g)))
    pairs = {
        (direct.nodes[u], direct.nodes[v], RELATIES_LIJST[r])
        for u, v, r in zip(direct.u, direct.v, direct.relatie, strict=True)
    }
    assert ("inwoner:1", "inwoner:2", "buur") in pairs
    assert ("voorziening:1", "professional:1", "werkt_bij") in pairs
    assert len(direct.u) == 5  # buur, vriend, caseload, lid, werkt_bij


def test_build_graph_arrays_equals_the_graph_on_delft(delft):
    _same_arrays(build_graph_arrays(delft), graph_arrays(build_graph(delft)))


def test_build_graph_arrays_gives_the_same_errors():
    g = gebied({1: "A"}, [("vereniging:1", 1, "lid")], verenigingen={1: "A"})
    with pytest.raises(ValidationError, match="verbindt vereniging -> inwoner"):
        build_graph_arrays(g)

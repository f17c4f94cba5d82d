"""Cohesion measures, each checked on a hand-built graph whose answer is worked out on paper."""

from __future__ import annotations

import copy
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graph_fixtures import graph

from sociale_basis.social.arrays import graph_arrays
from sociale_basis.social.brokers import (
    aandeel_hulpvraag_binnen_k,
    aandeel_kwetsbaar_bij_uitval,
    brokers,
)
from sociale_basis.social.cohesion import (
    aandeel_alleen_professioneel,
    aandeel_geisoleerd,
    aandeel_lid,
    clustering,
    cohesion,
    componenten,
    dichtheid_informeel,
    ei_index,
    gem_informele_graad,
    gemeenschappen,
    inwoners,
)
from sociale_basis.social.graph import GraphContractError, build_graph
from sociale_basis.social.views import area_subgraph, informal_graph


def village() -> nx.MultiGraph:
    """The drawing the tests below compute by hand.

    wijk A                                           wijk B
      buurt A1: 1 (40)  2 (70, eenzaamheid)            buurt B1: 6 (50)  7 (20, psychisch)
      buurt A2: 3 (80, mobiliteit) 4 (30) 5 (67, financien)        8 (90)

      1 = 2   huishouden and familie (one informal tie)      3 - 6  vriend (across wijken)
      2 - 3   buur                                           6 - 7  familie
      1 - 3   vriend                                         P2 -> 7 caseload (P2 in B)
      P1 -> 4, P1 -> 5  caseload (P1 in A)
      1, 5 lid of V1 (in A)

    informal degree: 1:2  2:2  3:3  4:0  5:0  6:2  7:1  8:0
    """
    return graph(
        {
            1: {"wijk": "A", "buurt": "A1"},
            2: {"wijk": "A", "buurt": "A1", "leeftijd": 70, "hulpvraag": "eenzaamheid"},
            3: {"wijk": "A", "buurt": "A2", "leeftijd": 80, "hulpvraag": "mobiliteit"},
            4: {"wijk": "A", "buurt": "A2", "leeftijd": 30},
            5: {"wijk": "A", "buurt": "A2", "leeftijd": 67, "hulpvraag": "financien"},
            6: {"wijk": "B", "leeftijd": 50},
            7: {"wijk": "B", "leeftijd": 20, "hulpvraag": "psychisch"},
            8: {"wijk": "B", "leeftijd": 90},
        },
        [
            (1, 2, "huishouden"),
            (1, 2, "familie"),
            (2, 3, "buur"),
            (1, 3, "vriend"),
            (3, 6, "vriend"),
            (6, 7, "familie"),
            ("professional:1", 4, "caseload"),
            ("professional:1", 5, "caseload"),
            ("professional:2", 7, "caseload"),
            (1, "vereniging:1", "lid"),
            (5, "vereniging:1", "lid"),
        ],
        professionals={1: "A", 2: "B"},
        verenigingen={1: "A"},
    )


def values(series: pd.Series) -> dict:
    return {k: (None if pd.isna(v) else v) for k, v in series.items()}


# --- participation and isolation ---------------------------------------------------------


def test_inwoners_per_area():
    assert values(inwoners(village())) == {"A": 5, "B": 3}
    assert values(inwoners(village(), level="buurt")) == {"A1": 2, "A2": 3, "B1": 3}


def test_mean_informal_degree_counts_neighbours_not_parallel_edges():
    # A: (2 + 2 + 3 + 0 + 0) / 5 = 1.4 (1-2 is huishouden and familie: one neighbour)
    # B: (2 + 1 + 0) / 3 = 1.0 (6's tie to 3 in A counts)
    result = gem_informele_graad(village())
    assert values(result) == {"A": pytest.approx(1.4), "B": pytest.approx(1.0)}


def test_density_uses_ties_inside_the_area():
    # A: ties 1-2, 2-3, 1-3 of 5*4/2 = 10 possible -> 0.3; B: 6-7 of 3 possible -> 1/3
    result = dichtheid_informeel(village())
    assert values(result) == {"A": pytest.approx(0.3), "B": pytest.approx(1 / 3)}


def test_density_needs_two_inwoners():
    assert values(dichtheid_informeel(graph({1: "A"}))) == {"A": None}


def test_isolation_overall_and_per_group():
    G = village()
    # isolated: A {4, 5} of 5; B {8} of 3
    assert values(aandeel_geisoleerd(G)) == {"A": 0.4, "B": pytest.approx(1 / 3)}
    # 65+: A {2, 3, 5} -> 5 isolated: 1/3; B {8} -> 1
    result = aandeel_geisoleerd(G, groep="65plus")
    assert result.name == "aandeel_geisoleerd_65plus"
    assert values(result) == {"A": pytest.approx(1 / 3), "B": 1.0}
    # hulpvraag: A {2, 3, 5} -> 5: 1/3; B {7} -> 0
    result = aandeel_geisoleerd(G, groep="hulpvraag")
    assert values(result) == {"A": pytest.approx(1 / 3), "B": 0.0}


def test_only_professional_ties():
    G = village()
    # no informal tie but a professional: A {4, 5} of 5; B nobody (8 has no tie at all)
    assert values(aandeel_alleen_professioneel(G)) == {"A": 0.4, "B": 0.0}
    # 65+: A {5} of {2, 3, 5}; hulpvraag: A {5} of {2, 3, 5}; B: 0
    assert values(aandeel_alleen_professioneel(G, groep="65plus")) == {
        "A": pytest.approx(1 / 3),
        "B": 0.0,
    }
    assert values(aandeel_alleen_professioneel(G, groep="hulpvraag")) == {
        "A": pytest.approx(1 / 3),
        "B": 0.0,
    }


def test_membership():
    G = village()
    # lid: A {1, 5} of 5, B nobody; 65+ and hulpvraag: A {5} of {2, 3, 5}
    assert values(aandeel_lid(G)) == {"A": 0.4, "B": 0.0}
    assert values(aandeel_lid(G, groep="65plus")) == {"A": pytest.approx(1 / 3), "B": 0.0}
    assert values(aandeel_lid(G, groep="hulpvraag")) == {"A": pytest.approx(1 / 3), "B": 0.0}


def test_empty_group_gives_nan_not_zero():
    # wijk A has nobody of 65+ and nobody with a hulpvraag
    G = graph({1: "A", 2: "A"}, [(1, 2, "buur")])
    assert values(aandeel_geisoleerd(G, groep="65plus")) == {"A": None}
    assert values(aandeel_lid(G, groep="hulpvraag")) == {"A": None}


def test_areas_without_inwoners_are_reported():
    # wijk C is in the gemeente's list but has nobody
    G = graph({1: "A"}, wijken=["A", "C"])
    table = cohesion(G)
    assert list(table.index) == ["A", "C"]
    assert table.loc["C", "inwoners"] == 0
    assert table.loc["C", "componenten"] == 0
    assert np.isnan(table.loc["C", "aandeel_geisoleerd"])


# --- bonding and bridging ----------------------------------------------------------------


def test_ei_index_per_wijk():
    # A: I = 3 (1-2, 2-3, 1-3), E = 1 (3-6): (1 - 3) / 4 = -0.5
    # B: I = 1 (6-7), E = 1 (3-6): 0
    # expected, N = 8: A (n = 5): (2*3 - 4) / (2*3 + 4) = 0.2; B (n = 3): (10 - 2) / 12 = 2/3
    result = ei_index(village())
    assert values(result["ei_intern"]) == {"A": 3, "B": 1}
    assert values(result["ei_extern"]) == {"A": 1, "B": 1}
    assert values(result["ei_index"]) == {"A": -0.5, "B": 0.0}
    assert values(result["ei_index_verwacht"]) == {"A": 0.2, "B": pytest.approx(2 / 3)}


def test_ei_index_per_buurt():
    # A1 {1,2}: I = 1 (1-2), E = 2 (1-3, 2-3): 1/3
    # A2 {3,4,5}: I = 0, E = 3 (1-3, 2-3, 3-6): 1;  B1: I = 1, E = 1: 0
    result = ei_index(village(), level="buurt")["ei_index"]
    assert values(result) == {"A1": pytest.approx(1 / 3), "A2": 1.0, "B1": 0.0}


def test_ei_index_without_informal_ties_is_nan():
    assert values(ei_index(graph({1: "A", 2: "B"}))["ei_index"]) == {"A": None, "B": None}


# --- structure ---------------------------------------------------------------------------


def test_components_inside_the_area():
    # A: {1,2,3}, {4}, {5} -> 3, largest 3/5; B: {6,7}, {8} -> 2, largest 2/3
    result = componenten(village())
    assert values(result["componenten"]) == {"A": 3, "B": 2}
    assert values(result["aandeel_grootste_component"]) == {"A": 0.6, "B": pytest.approx(2 / 3)}


def test_clustering_inside_the_area():
    # A: triangle 1-2-3 (c = 1 each; 3's tie to 6 leaves the area), 4 and 5: 0 -> 3/5
    # B: 6-7 has no triangle -> 0
    assert values(clustering(village())) == {"A": pytest.approx(0.6), "B": 0.0}


def two_triangles() -> nx.MultiGraph:
    # wijk A: triangles 1-2-3 and 4-5-6 joined by the bridge 3-4, plus isolated 7
    ties = [(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)]
    return graph({i: "A" for i in range(1, 8)}, [(a, b, "vriend") for a, b in ties])


@pytest.mark.parametrize("methode", ["networkx", "vectorised"])
def test_louvain_finds_the_two_triangles(methode):
    # m = 7; each triangle: 3 ties inside, degree 2+2+3 = 7:
    # Q = 2 * (3/7 - (7/14)^2) = 5/14; isolated 7 is no community
    result = gemeenschappen(two_triangles(), seed=1, methode=methode)
    assert values(result["gemeenschappen"]) == {"A": 2}
    assert values(result["modulariteit"]) == {"A": pytest.approx(5 / 14)}


@pytest.mark.parametrize("methode", ["networkx", "vectorised"])
def test_louvain_on_the_village(methode):
    # A: the triangle is one community, Q = 3/3 - (6/6)^2 = 0; B: 6-7 alike
    result = gemeenschappen(village(), methode=methode)
    assert values(result["gemeenschappen"]) == {"A": 1, "B": 1}
    assert values(result["modulariteit"]) == {"A": 0.0, "B": 0.0}


def test_louvain_without_ties():
    result = gemeenschappen(graph({1: "A"}), methode="vectorised")
    assert values(result["gemeenschappen"]) == {"A": 0}
    assert values(result["modulariteit"]) == {"A": None}


# --- reach, brokers, fragility -----------------------------------------------------------


def test_reach_within_k_informal_steps():
    G = village()
    # with a professional tie: 4, 5, 7. Hulpvraag: 2 (to 7: 2-3-6-7, 3 steps),
    # 3 (3-6-7, 2 steps), 5 (own tie, 0 steps), 7 (own tie)
    assert values(aandeel_hulpvraag_binnen_k(G, k=2)) == {"A": pytest.approx(2 / 3), "B": 1.0}
    assert values(aandeel_hulpvraag_binnen_k(G, k=1)) == {"A": pytest.approx(1 / 3), "B": 1.0}
    assert values(aandeel_hulpvraag_binnen_k(G, k=3)) == {"A": 1.0, "B": 1.0}


def test_brokers_of_the_village():
    # area graph A: {2,3} - 1 - V1 - 5 - P1 - 4 (2-3 tied too), n = 7.
    # pairs through V1: {1,2,3} x {5,P1,4} = 9; through 1: {2,3} x {V1,5,P1,4} = 8;
    # through 5: {1,2,3,V1} x {P1,4} = 8; normalised by (n-1)(n-2)/2 = 15.
    # area graph B: 6 - 7 - P2 (and 8 alone): 7 carries the pair (6, P2): 1/3
    result = brokers(village(), top=3)
    a = result.loc["A"]
    assert list(a["broker"]) == ["vereniging:1", "inwoner:1", "inwoner:5"]
    assert list(a["betweenness"]) == pytest.approx([9 / 15, 8 / 15, 8 / 15])
    assert list(a["rang"]) == [1, 2, 3]
    assert a["knopen"].iloc[0] == 7
    b = result.loc[["B"]]
    assert list(b["broker"]) == ["inwoner:7"]
    assert b["betweenness"].iloc[0] == pytest.approx(1 / 3)
    assert b["soort"].iloc[0] == "inwoner"


def test_brokers_without_persons():
    result = brokers(village(), soorten=("vereniging", "voorziening"))
    assert list(result.index) == ["A"]  # B has no vereniging or voorziening
    assert result.loc["A", "broker"] == "vereniging:1"


def test_brokers_include_clubs_outside_the_area():
    # inwoners 1 and 2 of A only meet at vereniging 1 in wijk B
    G = graph(
        {1: "A", 2: "A"},
        [(1, "vereniging:1", "lid"), (2, "vereniging:1", "lid")],
        verenigingen={1: "B"},
    )
    assert brokers(G).loc["A", "broker"] == "vereniging:1"


def test_brokers_match_networkx_with_the_same_sample():
    G = village()
    view = area_subgraph(G, "A", verbonden=True)
    H = nx.Graph()
    H.add_nodes_from(n for n in G if n in view)  # G's node order, as brokers() uses
    H.add_edges_from(view.edges())
    expected = nx.betweenness_centrality(H, k=4, seed=3)
    result = brokers(G, sources=4, seed=3, top=7, exact_max_nodes=0).loc["A"]
    got = dict(zip(result["broker"], result["betweenness"], strict=True))
    assert got == pytest.approx({n: s for n, s in expected.items() if s > 0})


def fragile() -> nx.MultiGraph:
    # wijk C: 1 (hulpvraag) and 4 (hulpvraag) know 2, who knows 3, a client of P1; 5
    # (hulpvraag) is a client of P1 too.   1 - 2 - 3 - P1 - 5,  4 - 2
    # wijk D: 6, 7, 8 (all hulpvraag) only know P2.
    hv = {"hulpvraag": "eenzaamheid"}
    return graph(
        {
            1: {"wijk": "C", **hv},
            2: "C",
            3: "C",
            4: {"wijk": "C", **hv},
            5: {"wijk": "C", **hv},
            6: {"wijk": "D", **hv},
            7: {"wijk": "D", **hv},
            8: {"wijk": "D", **hv},
        },
        [
            (1, 2, "vriend"),
            (4, 2, "vriend"),
            (2, 3, "buur"),
            ("professional:1", 3, "caseload"),
            ("professional:1", 5, "caseload"),
            ("professional:2", 6, "caseload"),
            ("professional:2", 7, "caseload"),
            ("professional:2", 8, "caseload"),
        ],
        professionals={1: "C", 2: "D"},
    )


def test_fragility_when_the_broker_drops_out():
    # C (n = 6): through 2: (1,4) and {1,4} x {3,P1,5} = 7 pairs -> 7/10; through 3: 6/10.
    # Before: 1 and 4 reach 3 in 2 steps, 5 is a client. Without 2: 1 and 4 are cut off
    # -> 2 of the 3 with a hulpvraag.
    # D: P2 is the centre of a star (3/3 = 1); without P2 nobody has a professional -> 3/3
    G = fragile()
    top = brokers(G)
    assert values(top["broker"]) == {"C": "inwoner:2", "D": "professional:2"}
    assert values(top["betweenness"]) == {"C": pytest.approx(0.7), "D": 1.0}
    result = aandeel_kwetsbaar_bij_uitval(G, k=2)
    assert values(result) == {"C": pytest.approx(2 / 3), "D": 1.0}
    assert values(aandeel_hulpvraag_binnen_k(G)) == {"C": 1.0, "D": 1.0}


def test_fragility_of_the_village():
    # A: the broker is vereniging 1, on no informal path: nobody is cut off -> 0
    # B: the broker is 7, the only one with a hulpvraag: nobody left to count -> NaN
    assert values(aandeel_kwetsbaar_bij_uitval(village())) == {"A": 0.0, "B": None}


# --- everything together -----------------------------------------------------------------


def test_cohesion_puts_everything_side_by_side():
    table = cohesion(village())
    assert table.index.name == "wijkcode"
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", "aandeel_geisoleerd_65plus"] == pytest.approx(1 / 3)
    assert table.loc["A", "ei_index"] == -0.5
    assert table.loc["A", "top_broker"] == "vereniging:1"
    assert table.loc["A", "top_broker_soort"] == "vereniging"
    assert table.loc["A", "aandeel_hulpvraag_binnen_k"] == pytest.approx(2 / 3)
    assert (
        table.loc["B", "aandeel_kwetsbaar_bij_uitval"]
        != table.loc["B", "aandeel_kwetsbaar_bij_uitval"]
    )
    assert table.attrs == {
        "level": "wijk",
        "k": 2,
        "seed": 0,
        "sources": 256,
        "exact_max_nodes": 1000,
    }
    shares = table[[col for col in table.columns if col.startswith("aandeel")]]
    assert ((shares >= 0) & (shares <= 1) | shares.isna()).all().all()
    assert set(table.columns) >= {
        "inwoners",
        "gem_informele_graad",
        "dichtheid_informeel",
        "aandeel_geisoleerd",
        "aandeel_geisoleerd_hulpvraag",
        "aandeel_alleen_professioneel_65plus",
        "aandeel_lid_hulpvraag",
        "ei_index_verwacht",
        "componenten",
        "aandeel_grootste_component",
        "clustering",
        "gemeenschappen",
        "modulariteit",
        "top_broker_betweenness",
    }


def test_cohesion_per_buurt():
    table = cohesion(village(), level="buurt", k=3)
    assert table.index.name == "buurtcode"
    assert list(table.index) == ["A1", "A2", "B1"]
    assert table.loc["A1", "inwoners"] == 2
    assert table.attrs["k"] == 3


def test_measures_do_not_change_the_graph():
    G = village()
    before = copy.deepcopy(G)
    cohesion(G)
    assert nx.utils.graphs_equal(G, before)


def test_arrays_can_be_reused():
    G = village()
    arrays = graph_arrays(G)
    pd.testing.assert_frame_equal(cohesion(arrays), cohesion(G))
    assert graph_arrays(arrays) is arrays


def test_simple_graph_gives_the_same_answers():
    G = village()
    simple = nx.Graph(G)  # one edge per pair (the last kind wins); informal ties stay informal
    for col in ("gem_informele_graad", "aandeel_geisoleerd", "aandeel_lid"):
        pd.testing.assert_series_equal(cohesion(simple)[col], cohesion(G)[col])


# --- against plain networkx on a random gebied -------------------------------------------


def random_village(seed: int) -> nx.MultiGraph:
    rng = random.Random(seed)
    people = {
        i: {
            "wijk": rng.choice("ABC"),
            "leeftijd": rng.randint(0, 95),
            "hulpvraag": rng.choice([None, None, "psychisch"]),
        }
        for i in range(1, 61)
    }
    for spec in people.values():
        spec["buurt"] = spec["wijk"] + rng.choice("12")
    kinds = ["buur", "vriend", "familie", "huishouden"]
    ties = {(a, b, rng.choice(kinds)) for a, b in (rng.sample(range(1, 61), 2) for _ in range(90))}
    ties |= {
        (f"professional:{rng.randint(1, 3)}", rng.randint(1, 60), "caseload") for _ in range(12)
    }
    ties |= {(rng.randint(1, 60), f"vereniging:{rng.randint(1, 4)}", "lid") for _ in range(25)}
    return graph(
        people,
        sorted(ties, key=str),
        professionals={1: "A", 2: "B", 3: "C"},
        verenigingen={1: "A", 2: "B", 3: "C", 4: "A"},
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("level", ["wijk", "buurt"])
def test_matches_plain_networkx(seed, level):
    G = random_village(seed)
    table = cohesion(G, level=level, sources=None)
    informal = informal_graph(G)
    attr = f"{level}code"
    for code in table.index:
        people = [n for n, d in informal.nodes(data=True) if d[attr] == code]
        inside = informal.subgraph(people)
        degrees = [informal.degree(n) for n in people]
        row = table.loc[code]
        assert row["inwoners"] == len(people)
        assert row["gem_informele_graad"] == pytest.approx(np.mean(degrees))
        assert row["aandeel_geisoleerd"] == pytest.approx(np.mean([d == 0 for d in degrees]))
        if len(people) >= 2:
            assert row["dichtheid_informeel"] == pytest.approx(nx.density(inside))
        assert row["componenten"] == nx.number_connected_components(inside)
        assert row["clustering"] == pytest.approx(nx.average_clustering(inside))
        # reach: BFS from every inwoner with a professional tie, at most 2 steps
        sources = {n for n in people if any(m.startswith("professional:") for m in G[n])}
        sources |= {n for n in informal if any(m.startswith("professional:") for m in G[n])}
        near = nx.multi_source_dijkstra_path_length(informal, sources, cutoff=2) if sources else {}
        needy = [n for n in people if informal.nodes[n]["hulpvraag"] is not None]
        if needy:
            share = np.mean([n in near for n in needy])
            assert row["aandeel_hulpvraag_binnen_k"] == pytest.approx(share)
        # the top broker has the highest exact betweenness of the area graph
        view = area_subgraph(G, code, level=level, verbonden=True)
        if len(view) >= 3 and isinstance(row["top_broker"], str):
            exact = nx.betweenness_centrality(nx.Graph(view))
            assert row["top_broker_betweenness"] == pytest.approx(max(exact.values()))
            assert exact[row["top_broker"]] == pytest.approx(max(exact.values()))


# --- bad arguments -----------------------------------------------------------------------


def test_bad_arguments_are_explained():
    G = village()
    with pytest.raises(ValueError, match="level moet 'wijk' of 'buurt' zijn"):
        cohesion(G, level="stad")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="groep moet 'alle', '65plus' of 'hulpvraag' zijn"):
        aandeel_lid(G, groep="75plus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k moet 0 of groter zijn"):
        aandeel_hulpvraag_binnen_k(G, k=-1)
    with pytest.raises(ValueError, match="methode moet 'auto', 'networkx' of 'vectorised'"):
        gemeenschappen(G, methode="leiden")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="onbekende soorten \\['club'\\]"):
        brokers(G, soorten=("club",))


def test_broken_graph_is_refused_with_the_contract_message():
    G = village()
    del G.nodes["inwoner:3"]["leeftijd"]
    with pytest.raises(GraphContractError, match="knoop 'inwoner:3': attribuut leeftijd"):
        cohesion(G)


# --- the bundled gemeenten ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("gemeente", ["delft", "zwolle"])
def test_bundled_gemeente(gemeente, request):
    gebied = request.getfixturevalue(gemeente)
    G = build_graph(gebied)
    arrays = graph_arrays(G)  # runs check_graph
    for level, areas in (("wijk", gebied.wijken), ("buurt", gebied.buurten)):
        table = cohesion(arrays, level=level, sources=32)
        assert set(areas.index) <= set(table.index)
        assert table["inwoners"].sum() == len(gebied.inwoners)
        shares = table[[col for col in table.columns if col.startswith("aandeel")]]
        assert ((shares >= 0) & (shares <= 1) | shares.isna()).all().all()
        # every wijk with inwoners has informal ties: the generator makes them
        lived = table[table["inwoners"] > 0]
        assert (lived["gem_informele_graad"] > 0).all()


def test_a_subgraph_view_can_be_measured():
    G = village()
    view = area_subgraph(G, "B")  # 6, 7, 8 and P2; the tie to 3 in A is not in the view
    # wijk A stays in the table (it is in G.graph["wijkcodes"]) but has nobody in the view
    assert values(gem_informele_graad(view)) == {"A": None, "B": pytest.approx(2 / 3)}
    assert values(aandeel_hulpvraag_binnen_k(view)) == {"A": None, "B": 1.0}

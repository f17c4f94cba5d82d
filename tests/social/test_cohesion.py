"""Cohesion measures, each checked on a hand-built graph whose answer is worked out on paper;
the table of every registered measure; the old names. Reach, brokers and fragility:
test_fragility.py."""

from __future__ import annotations

import copy
import inspect
import warnings
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from graph_fixtures import graph, random_village, values, village

import sociale_basis as sb
from sociale_basis import social
from sociale_basis.social.arrays import graph_arrays
from sociale_basis.social.betweenness import brokers
from sociale_basis.social.build import build_graph
from sociale_basis.social.cohesion import measure_cohesion
from sociale_basis.social.graph import GraphContractError
from sociale_basis.social.participation import (
    aandeel_alleen_professioneel,
    aandeel_geisoleerd,
    aandeel_lid,
    dichtheid_informeel,
    ei_index,
    gem_informele_graad,
    inwoners,
)
from sociale_basis.social.reach import aandeel_hulpvraag_binnen_k
from sociale_basis.social.registry import (
    COHESIEMATEN,
    TABLE_OPTIONS,
    formula_of,
    ordered_measures,
    register_measure,
    registry_markdown,
)
from sociale_basis.social.structure import clustering, componenten, gemeenschappen
from sociale_basis.social.views import area_subgraph, informal_graph

# --- participation and isolation ---------------------------------------------------------


def test_inwoners_per_area():
    assert values(inwoners(village())) == {"A": 5, "B": 3}
    assert values(inwoners(village(), niveau="buurt")) == {"A1": 2, "A2": 3, "B1": 3}


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
    table = measure_cohesion(G)
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
    result = ei_index(village(), niveau="buurt")["ei_index"]
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


# --- everything together -----------------------------------------------------------------


def test_cohesion_puts_everything_side_by_side():
    table = measure_cohesion(village())
    assert table.index.name == "wijkcode"
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", "aandeel_geisoleerd_65plus"] == pytest.approx(1 / 3)
    assert table.loc["A", "ei_index"] == -0.5
    assert table.loc["A", "top_broker"] == "vereniging:1"
    assert table.loc["A", "top_broker_soort"] == "vereniging"
    assert table.loc["A", "aandeel_hulpvraag_binnen_k"] == pytest.approx(2 / 3)
    # fragility (test_fragility.py): A loses 3 (of 2, 3, 5) when 6 drops out (the first of
    # 6, 7, P2, P1, which each cut off one); B loses 7, its only one, without P2
    assert table.loc["A", "aandeel_kwetsbaar_bij_uitval"] == pytest.approx(1 / 3)
    assert table.loc["A", "kritieke_schakel_soort"] == "inwoner"
    assert table.loc["B", "aandeel_kwetsbaar_bij_uitval"] == 1.0
    assert table.loc["B", "kritieke_schakel_soort"] == "professional"
    assert table.attrs == {
        "niveau": "wijk",
        "k": 2,
        "via_plekken": False,
        "seed": 0,
        "sources": 256,
        "exact_max_nodes": 1000,
        "louvain": "auto",
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
    table = measure_cohesion(village(), niveau="buurt", k=3)
    assert table.index.name == "buurtcode"
    assert list(table.index) == ["A1", "A2", "B1"]
    assert table.loc["A1", "inwoners"] == 2
    assert table.attrs["k"] == 3


def test_measures_do_not_change_the_graph():
    G = village()
    before = copy.deepcopy(G)
    measure_cohesion(G)
    assert nx.utils.graphs_equal(G, before)


def test_arrays_can_be_reused():
    G = village()
    arrays = graph_arrays(G)
    pd.testing.assert_frame_equal(measure_cohesion(arrays), measure_cohesion(G))
    assert graph_arrays(arrays) is arrays


def test_simple_graph_gives_the_same_answers():
    G = village()
    simple = nx.Graph(G)  # one edge per pair (the last kind wins); informal ties stay informal
    for col in ("gem_informele_graad", "aandeel_geisoleerd", "aandeel_lid"):
        pd.testing.assert_series_equal(measure_cohesion(simple)[col], measure_cohesion(G)[col])


# --- against plain networkx on a random gebied -------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("niveau", ["wijk", "buurt"])
def test_matches_plain_networkx(seed, niveau):
    G = random_village(seed)
    table = measure_cohesion(G, niveau=niveau, sources=None)
    informal = informal_graph(G)
    attr = f"{niveau}code"
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
        view = area_subgraph(G, code, niveau=niveau, verbonden=True)
        if len(view) >= 3 and isinstance(row["top_broker"], str):
            exact = nx.betweenness_centrality(nx.Graph(view))
            assert row["top_broker_betweenness"] == pytest.approx(max(exact.values()))
            assert exact[row["top_broker"]] == pytest.approx(max(exact.values()))


# --- bad arguments -----------------------------------------------------------------------


def test_bad_arguments_are_explained():
    G = village()
    with pytest.raises(ValueError, match="niveau moet 'wijk' of 'buurt' zijn"):
        measure_cohesion(G, niveau="stad")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="groep moet 'alle', '65plus' of 'hulpvraag' zijn"):
        aandeel_lid(G, groep="75plus")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k moet een geheel getal van 0 of meer zijn"):
        aandeel_hulpvraag_binnen_k(G, k=-1)
    with pytest.raises(ValueError, match="k moet een geheel getal van 0 of meer zijn"):
        measure_cohesion(G, k=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="methode moet 'auto', 'networkx' of 'vectorised'"):
        gemeenschappen(G, methode="leiden")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="onbekende soorten \\['club'\\]"):
        brokers(G, soorten=("club",))


def test_broken_graph_is_refused_with_the_contract_message():
    G = village()
    del G.nodes["inwoner:3"]["leeftijd"]
    with pytest.raises(GraphContractError, match="knoop 'inwoner:3': attribuut leeftijd"):
        measure_cohesion(G)


# --- the bundled gemeenten ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("gemeente", ["delft", "zwolle"])
def test_bundled_gemeente(gemeente, request):
    gebied = request.getfixturevalue(gemeente)
    G = build_graph(gebied)
    arrays = graph_arrays(G)  # runs check_graph
    for niveau, areas in (("wijk", gebied.wijken), ("buurt", gebied.buurten)):
        table = measure_cohesion(arrays, niveau=niveau, sources=32)
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


# --- the registry of measures ------------------------------------------------------------


def test_the_table_has_the_columns_of_every_registered_measure_in_order():
    table = measure_cohesion(village())
    assert list(table.columns) == [c for maat in ordered_measures() for c in maat.kolommen]
    names = [maat.naam for maat in ordered_measures()]
    assert names[:3] == ["inwoners", "gem_informele_graad", "dichtheid_informeel"]
    assert names[-3:] == ["aandeel_hulpvraag_binnen_k", "top_broker", "kwetsbaar_bij_uitval"]


@pytest.mark.parametrize("naam", sorted(COHESIEMATEN))
def test_every_measure_has_its_formula_and_labels_and_is_public(naam):
    maat = COHESIEMATEN[naam]
    assert "=" in maat.formule
    assert maat.formule.splitlines()[0] in inspect.cleandoc(maat.functie.__doc__ or "")
    assert all(label.strip() for label in maat.kolommen.values())
    assert getattr(social, naam) is maat.functie
    assert set(maat.opties) <= set(TABLE_OPTIONS)


def test_the_table_passes_each_measure_only_the_options_it_takes():
    assert COHESIEMATEN["inwoners"].opties == ()
    assert COHESIEMATEN["gemeenschappen"].opties == ("seed", "methode")
    assert COHESIEMATEN["kwetsbaar_bij_uitval"].opties == ("k", "via_plekken")
    assert COHESIEMATEN["aandeel_geisoleerd"].groepen == ("alle", "65plus", "hulpvraag")
    G = village()
    table = measure_cohesion(G, k=3, via_plekken=True)
    expected = aandeel_hulpvraag_binnen_k(G, k=3, via_plekken=True)
    pd.testing.assert_series_equal(table["aandeel_hulpvraag_binnen_k"], expected)


def test_formula_is_read_from_the_docstring():
    def maat(G, *, niveau="wijk"):
        """Something per area.

            maat(a) = 1

        Indented text after Parameters is not part of it.

        Parameters
        ----------
        niveau
            Not a formula.
        """

    assert formula_of(maat) == "maat(a) = 1"


def test_a_new_measure_needs_only_its_own_function(monkeypatch):
    from sociale_basis.social import registry
    from sociale_basis.social.areas import share_per_area

    monkeypatch.setattr(registry, "COHESIEMATEN", dict(COHESIEMATEN))

    @register_measure("Aandeel ouder dan 80")
    def aandeel_80plus(G, *, niveau="wijk"):
        """Share of inwoners older than 80.

        aandeel_80plus(a) = |{i in a : leeftijd(i) > 80}| / |{i in a}|
        """
        a = graph_arrays(G)
        return share_per_area(a, niveau, a.leeftijd > 80, a.inwoner, "aandeel_80plus")

    table = measure_cohesion(village())
    # measures of other modules come last; B: 8 (90) of 6, 7, 8
    assert table.columns[-1] == "aandeel_80plus"
    assert values(table["aandeel_80plus"]) == {"A": 0.0, "B": pytest.approx(1 / 3)}
    assert "aandeel_80plus" in registry.registry_markdown()


def test_registering_twice_or_without_a_label_is_refused(monkeypatch):
    from sociale_basis.social import registry

    monkeypatch.setattr(registry, "COHESIEMATEN", dict(COHESIEMATEN))
    with pytest.raises(ValueError, match="'inwoners' is al geregistreerd"):
        register_measure("Inwoners")(social.inwoners)

    def maat(G, *, niveau="wijk"):
        """maat(a) = 1"""

    with pytest.raises(ValueError, match="geef 'maat' een label of kolommen"):
        register_measure()(maat)
    with pytest.raises(ValueError, match="geef 'maat' een label of kolommen"):
        register_measure("x", kolommen={"maat": "x"})(maat)


def test_docs_list_every_measure_with_its_formula():
    docs = Path(__file__).parents[2] / "docs" / "cohesie.md"
    assert registry_markdown() in docs.read_text("utf-8"), (
        "docs/cohesie.md is niet bij; maak de lijst opnieuw met "
        "python -c 'from sociale_basis.social.registry import registry_markdown as m; print(m())'"
    )


# --- old names ---------------------------------------------------------------------------


def test_cohesion_is_the_old_name_of_measure_cohesion():
    G = village()
    # the part's namespace holds the module sociale_basis.social.cohesion, not the old name
    assert inspect.ismodule(social.cohesion)
    with pytest.warns(DeprecationWarning) as caught:
        top = sb.cohesion(G, level="buurt")
    messages = {str(w.message).split(";")[0] for w in caught}
    assert messages == {
        "cohesion() heet nu measure_cohesion()",
        "measure_cohesion(level=...) heet nu niveau=...",
    }
    pd.testing.assert_frame_equal(top, measure_cohesion(G, niveau="buurt"))
    assert sb.measure_cohesion is measure_cohesion


def _niveau_functions() -> list[str]:
    """Public functions of social with ``niveau=`` that had ``level=`` (the per-area helpers
    of social.areas are new: they never had it)."""
    return [
        name
        for name in social.__all__
        if callable(getattr(social, name))
        and "niveau" in inspect.signature(getattr(social, name)).parameters
        and getattr(social, name).__module__ != "sociale_basis.social.areas"
        and name != "cohesion"
    ]


def test_every_function_with_niveau_is_covered():
    assert set(_niveau_functions()) == {
        "aandeel_alleen_professioneel",
        "aandeel_geisoleerd",
        "aandeel_hulpvraag_binnen_k",
        "aandeel_kwetsbaar_bij_uitval",
        "aandeel_lid",
        "area_subgraph",
        "brokers",
        "clustering",
        "componenten",
        "dichtheid_informeel",
        "ei_index",
        "gem_informele_graad",
        "gemeenschappen",
        "inwoners",
        "kritieke_schakels",
        "kwetsbaar_bij_uitval",
        "measure_cohesion",
        "top_broker",
    }


@pytest.mark.parametrize("name", _niveau_functions())
def test_level_is_the_old_keyword_of_niveau(name):
    G = village()
    func = getattr(social, name)
    args = (G, "A1") if name == "area_subgraph" else (graph_arrays(G),)
    with pytest.warns(DeprecationWarning, match=rf"{name}\(level=\.\.\.\) heet nu niveau="):
        old = func(*args, level="buurt")
    new = func(*args, niveau="buurt")
    if isinstance(new, nx.Graph):
        assert set(old) == set(new)
    elif isinstance(new, pd.DataFrame):
        pd.testing.assert_frame_equal(old, new)
    else:
        pd.testing.assert_series_equal(old, new)
    with pytest.raises(TypeError, match="zowel level= als niveau="):
        func(*args, level="buurt", niveau="buurt")


def test_graph_arrays_take_the_old_keyword_too():
    a = graph_arrays(village())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        codes, _ = a.areas("buurt")
    with pytest.warns(DeprecationWarning, match=r"areas\(level=\.\.\.\)"):
        old, _ = a.areas(level="buurt")
    assert list(old) == list(codes) == ["A1", "A2", "B1"]
    with pytest.warns(DeprecationWarning, match=r"within\(level=\.\.\.\)"):
        A, people, _ = a.within(level="wijk")
    assert A.shape == (len(people), len(people))

"""The relation kinds that grew with the domain: a professional who works at a vereniging,
and a referral from a professional to an inwoner. Each through every part that reads ties:
the reader, the graph and its contract, the arrays and measures, the conversions."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest
from graph_fixtures import gebied, graph, values

from sociale_basis.core.errors import ValidationError
from sociale_basis.core.taxonomy import RELATIES
from sociale_basis.io import read_relaties
from sociale_basis.social.arrays import graph_arrays
from sociale_basis.social.build import build_graph
from sociale_basis.social.convert import social_graph_from_gdfs, social_graph_to_gdfs, write_graphml
from sociale_basis.social.from_tables import social_graph_from_tables
from sociale_basis.social.graph import GraphContractError, check_graph
from sociale_basis.social.participation import aandeel_alleen_professioneel
from sociale_basis.social.personen import bereikt_professional

HV = {"hulpvraag": "eenzaamheid"}


def new_kinds() -> nx.MultiGraph:
    # wijk A: 1 (hulpvraag) is lid of V1, where professional 1 works; professional 2 refers
    # 2 (hulpvraag, no other tie) to itself
    return graph(
        {1: {"wijk": "A", **HV}, 2: {"wijk": "A", **HV}},
        [
            (1, "vereniging:1", "lid"),
            ("professional:1", "vereniging:1", "werkt_bij"),
            ("professional:2", 2, "verwijst"),
        ],
        verenigingen={1: "A"},
        professionals={1: "A", 2: "A"},
    )


def test_the_taxonomy_has_both():
    assert RELATIES["werkt_bij"].naar == ("voorziening", "vereniging")
    assert "inwoner" in RELATIES["verwijst"].naar
    assert RELATIES["verwijst"].gericht and RELATIES["werkt_bij"].gericht


def test_the_graph_keeps_them_with_their_direction():
    G = new_kinds()
    check_graph(G)
    werkt = G.edges["professional:1", "vereniging:1", "werkt_bij"]
    assert werkt == {"soort": "werkt_bij", "van": "professional:1", "wederzijds": False}
    verwijst = G.edges["professional:2", "inwoner:2", "verwijst"]
    assert verwijst["van"] == "professional:2"


def test_the_wrong_way_round_is_still_refused():
    g = gebied(
        {1: "A"},
        [("vereniging:1", "professional:1", "werkt_bij"), (1, "professional:1", "verwijst")],
        verenigingen={1: "A"},
        professionals={1: "A"},
    )
    with pytest.raises(ValidationError) as info:
        build_graph(g)
    text = str(info.value)
    assert "relaties:2:soort: 'werkt_bij' -> verbindt vereniging -> professional" in text
    assert "loopt van professional naar vereniging/voorziening" in text
    assert "relaties:3:soort: 'verwijst' -> verbindt inwoner -> professional" in text
    G = new_kinds()
    G.edges["professional:2", "inwoner:2", "verwijst"]["van"] = "inwoner:2"
    with pytest.raises(GraphContractError, match="'verwijst'\\): verbindt"):
        check_graph(G)


def test_a_referral_is_a_tie_to_a_professional():
    G = new_kinds()
    assert graph_arrays(G).professional_ties[list(G).index("inwoner:2")] == 1
    # 2 has no informal tie and one professional: "alleen professioneel"; reached at k = 0
    assert values(aandeel_alleen_professioneel(G)) == {"A": 0.5}
    assert bereikt_professional(G, k=0).to_dict() == {1: False, 2: True}


def test_a_professional_at_a_vereniging_is_reached_through_it():
    # 1 - V1 - P1: one step, then the tie to the professional; only via places
    G = new_kinds()
    assert bereikt_professional(G, k=1, via_plekken=True).to_dict() == {1: True, 2: True}
    assert bereikt_professional(G, k=1).to_dict() == {1: False, 2: True}
    assert bereikt_professional(G, k=0, via_plekken=True).to_dict() == {1: False, 2: True}


def test_conversions_keep_them(tmp_path):
    G = new_kinds()
    H = social_graph_from_gdfs(*social_graph_to_gdfs(G))
    assert sorted(H.edges(keys=True, data="van")) == sorted(G.edges(keys=True, data="van"))
    write_graphml(G, tmp_path / "g.graphml")
    R = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert R.edges["professional:1", "vereniging:1", "werkt_bij"]["van"] == "professional:1"
    assert R.edges["inwoner:2", "professional:2", "verwijst"]["van"] == "professional:2"
    knopen = pd.DataFrame(
        {"id": [1, 2, 1], "soort": ["inwoner", "professional", "vereniging"], "wijkcode": "A"}
    )
    relaties = pd.DataFrame(
        {
            "van": ["professional:2", "professional:2"],
            "naar": ["inwoner:1", "vereniging:1"],
            "soort": ["verwijst", "werkt_bij"],
        }
    )
    T = social_graph_from_tables(knopen, relaties)
    assert set(T.edges(keys=True)) == {
        ("inwoner:1", "professional:2", "verwijst"),
        ("vereniging:1", "professional:2", "werkt_bij"),
    }


def test_the_reader_accepts_them(tmp_path):
    path = tmp_path / "relaties.csv"
    path.write_text(
        "van,naar,soort\n"
        "professional:1,vereniging:10,werkt_bij\n"
        "professional:1,inwoner:3,verwijst\n"
        "professional:1,inwoner:3,werkt_bij\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        read_relaties(path)
    # only the last row: werkt_bij at an inwoner
    assert [p.row for p in info.value.problems] == [4]
    assert "een relatie 'werkt_bij' loopt van professional naar voorziening/vereniging" in str(
        info.value
    )
    path.write_text("\n".join(path.read_text("utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    data, _ = read_relaties(path)
    assert data["soort"].tolist() == ["werkt_bij", "verwijst"]

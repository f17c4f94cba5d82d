"""The signals as a registry, one measure in one place, and the old names.

A signal is one registered function; these tests add one (in the test only) and check that
nothing else has to change. The measures behind the cohesion signals are checked against
the public social measures on the same hand-built graph.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import pickle
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
import pytest
from gaps_fixtures import X0, Y0, Bouwer, brug_gebied, only, ontmoeting_gebied

import sociale_basis as sb
from sociale_basis import social, streets
from sociale_basis.core.errors import ValidationError
from sociale_basis.gaps import SIGNAALREGELS, SIGNALEN, Metingen, find_signalen, register_signal
from sociale_basis.gaps import thresholds as thresholds_module
from sociale_basis.gaps.context import Context
from sociale_basis.gaps.engine import cijfers_for, clear_cache
from sociale_basis.gaps.hemelsbreed import straight_costs
from sociale_basis.gaps.maten import Aanbod, Aandeel, Telling
from sociale_basis.gaps.schema import NUM, Controle, Drempelgroep
from sociale_basis.gaps.thresholds import ALGEMEEN, load_drempels

# --- the registry ------------------------------------------------------------------------


def test_every_signal_is_registered_once_in_a_fixed_order_with_a_dutch_meaning():
    # the order is that of the measures in secondary suppression: it must not drift
    assert list(SIGNAALREGELS) == [
        "hulp_te_ver",
        "geen_ontmoetingsplek",
        "component_ontbreekt",
        "te_weinig_capaciteit",
        "dunne_sociale_basis",
        "zwakke_brug",
        "kwetsbaar_netwerk",
        "cluster_laag",
    ]
    assert dict(SIGNALEN) == sb.gaps.signal_meanings()
    assert list(SIGNALEN)[-2:] == ["geen_buren", "geen_uitspraak"]  # information rows
    assert SIGNALEN["kwetsbaar_netwerk"] == "kwetsbaar netwerk (hangt aan één schakel)"
    assert all(meaning and meaning[0].islower() for meaning in SIGNALEN.values())
    assert len(SIGNALEN) == 10 and "kwetsbaar_netwerk" in repr(SIGNALEN)


def test_the_threshold_groups_come_from_the_registry():
    d = load_drempels()
    # the distances of soorten no signal names ("afstanden"), then one group per signal
    assert list(d.groepen) == ["afstanden", *(s.drempels.naam for s in SIGNAALREGELS.values())]
    assert d.hulp_te_ver is d.groepen["hulp_te_ver"]
    with pytest.raises(AttributeError, match="onbekend"):
        d.onbekend  # noqa: B018


def test_thresholds_survive_copy_and_pickle():
    d = load_drempels({"brug": {"k": 3}})
    assert copy.deepcopy(d) == d
    assert pickle.loads(pickle.dumps(d)).brug.k == 3


@dataclass(frozen=True)
class Ouderen:
    aan: bool
    max_aandeel: float
    reden: str = ""


def _share_65plus(m: Metingen, niveau: str) -> list[Any]:
    return [
        Aandeel(
            "aandeel_65plus",
            Telling("n_65plus", m.count(niveau, m.groep("65plus"))),
            Telling("n_alle", m.count(niveau, m.groep("alle"))),
            "alle",
        )
    ]


def _check_ouderen(t: Ouderen, _: Any, c: Controle) -> None:
    c.share("ouderen.max_aandeel", t.max_aandeel)


@pytest.fixture
def ouderen_signaal(monkeypatch):
    """A made-up signal, registered the way docs/architectuur.md says, and removed after."""
    defaults = thresholds_module._defaults()
    defaults["ouderen"] = {"aan": True, "max_aandeel": 0.3, "reden": "test"}
    monkeypatch.setattr(thresholds_module, "_defaults", lambda: copy.deepcopy(defaults))

    @register_signal(
        "veel_ouderen",
        "veel 65-plussers",
        drempels=Drempelgroep(
            "ouderen",
            Ouderen,
            {"aan": bool, "max_aandeel": NUM, "reden": str},
            controle=_check_ouderen,
        ),
        maten=lambda d: [Aanbod("aandeel_65plus", _share_65plus, eigen=d.ouderen.aan)],
    )
    def veel_ouderen(ctx: Context, t: Ouderen) -> list[dict[str, Any]]:
        return ctx.share_rows(
            "aandeel_65plus",
            "veel_ouderen",
            "leeftijd",
            "alle",
            t.max_aandeel,
            "max",
            lambda code, v: f"In {ctx.names[code]} is {v:.0%} 65-plusser.",
        )

    yield
    del SIGNAALREGELS["veel_ouderen"]


def _ouderen_gebied(old: int):
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 200 - old, at=(500, 500))
    b.inwoners("A", old, at=(500, 500), leeftijd=70)
    return b.gebied()


def test_a_new_signal_needs_only_its_registration_and_its_defaults(ouderen_signaal):
    # 70 of 200 (35%) are 65-plussers: past 30%; 60 (30%) is not
    signalen = find_signalen(_ouderen_gebied(70), drempels=only())
    (row,) = signalen[signalen["signaal"] == "veel_ouderen"].itertuples()
    assert (row.waarde, row.ernst, row.reden) == (0.35, "laag", "In Buurt A is 35% 65-plusser.")
    assert find_signalen(_ouderen_gebied(60), drempels=only()).empty
    assert SIGNALEN["veel_ouderen"] == "veel 65-plussers"
    off = find_signalen(_ouderen_gebied(70), drempels=only(ouderen={"aan": False}))
    assert "veel_ouderen" not in set(off["signaal"])
    with pytest.raises(ValidationError, match=r"ouderen\.max_aandeel"):
        load_drempels({"ouderen": {"max_aandeel": 30}})


def test_registering_a_taken_code_or_table_raises(ouderen_signaal):
    group = Drempelgroep("ander", Ouderen, {"aan": bool})
    with pytest.raises(ValueError, match="de code 'hulp_te_ver' is al van een ander signaal"):
        register_signal("hulp_te_ver", "dubbel", drempels=group)(lambda ctx, t: [])
    with pytest.raises(ValueError, match="de code 'geen_buren' is al van een ander signaal"):
        register_signal("nieuw", "x", drempels=group, meldingen={"geen_buren": "x"})(
            lambda ctx, t: []
        )
    taken = Drempelgroep("ouderen", Ouderen, {"aan": bool})
    with pytest.raises(ValueError, match="de drempeltabel 'ouderen' is al van een ander"):
        register_signal("nieuw", "x", drempels=taken)(lambda ctx, t: [])
    assert "nieuw" not in SIGNAALREGELS


def test_a_registered_signal_without_defaults_raises(monkeypatch):
    group = Drempelgroep("zonder_standaard", Ouderen, {"aan": bool, "max_aandeel": NUM})
    register_signal("zonder", "x", drempels=group)(lambda ctx, t: [])
    try:
        with pytest.raises(RuntimeError, match="mist de tabel 'zonder_standaard'"):
            load_drempels()
    finally:
        del SIGNAALREGELS["zonder"]


# --- one measure, one place -----------------------------------------------------------------


def test_the_cohesion_counts_are_the_social_measures():
    # brug_gebied: 200 inwoners with a hulpvraag, inwoner 0 a client of professional 0 and
    # a buur of the next 119, so 120 reach a professional in at most one step
    gebied = brug_gebied(120)
    m = Metingen(gebied)
    G = social.build_graph(gebied)
    share = social.aandeel_hulpvraag_binnen_k(G, niveau="buurt", k=2)
    assert m.groepsgrootte("buurt", "hulpvraag").tolist() == [200]
    assert m.niet_binnen_k("buurt", 2).tolist() == [80]
    assert share["A"] == pytest.approx(1 - 80 / 200)
    assert m.geisoleerd("buurt", "alle").tolist() == [80]  # 1..119 and 0 are buren
    assert social.aandeel_geisoleerd(G, niveau="buurt")["A"] == pytest.approx(80 / 200)
    critical = social.kritieke_schakels(G, niveau="buurt", k=2)
    ours = m.kritieke_schakels("buurt", 2)
    assert ours["afgesneden"].tolist() == critical["afgesneden"].tolist() == [120]
    assert ours["soort"].tolist() == ["professional"]


def test_far_away_is_the_share_beyond_of_summarize_by_area():
    # buurt A: 150 inwoners next to a huisarts, 50 at 1,000 m straight (1,270 m walking)
    b = Bouwer()
    b.buurt("A")
    b.inwoners("A", 150, at=(500, 500), leeftijd=70)
    b.inwoners("A", 50, at=(500, 1500))
    b.voorziening("huisarts", (500, 500))
    gebied = b.gebied()
    m = Metingen(gebied)
    per_inwoner = pd.Series(m.afstand("huisarts")[m.inv], index=gebied.inwoners.index)
    summary = streets.summarize_by_area(
        per_inwoner,
        gebied.inwoners["buurtcode"],
        groepen={"65plus": gebied.inwoners["leeftijd"] >= 65},
        drempel=1000,
    )
    far = m.far(["huisarts"], 1000)
    assert m.count("buurt", far).tolist() == [50]
    assert summary.loc[("A", "alle"), "aandeel_boven"] == 50 / 200
    assert summary.loc[("A", "65plus"), "aandeel_boven"] == 0
    assert m.count("buurt", far & m.groep("65plus")).tolist() == [0]


def test_the_shown_table_names_the_critical_node_by_its_kind():
    gebied = brug_gebied(0, hub_neighbours=15)
    m = Metingen(gebied)
    tabel, status, groep = cijfers_for(m, load_drempels(only("kwetsbaar"))).tabel("buurt")
    assert "kritieke_schakel_soort" in tabel.columns and "top_broker_soort" not in tabel.columns
    assert tabel.loc["A", "kritieke_schakel_soort"] == "professional"
    assert groep["aandeel_kwetsbaar_bij_uitval"] == "hulpvraag"
    assert status["aandeel_kwetsbaar_bij_uitval"].tolist() == [""]


def test_a_measure_that_no_signal_reads_is_not_there():
    m = Metingen(ontmoeting_gebied(55))
    cijfers = cijfers_for(m, load_drempels(only("ontmoeting")))
    assert cijfers.maat("buurt", "aandeel_ver_ontmoetingsplek_alle").naam.endswith("_alle")
    with pytest.raises(KeyError, match="'aandeel_geisoleerd' is onder deze drempels niet gemeten"):
        cijfers.maat("buurt", "aandeel_geisoleerd")
    assert m.herberekend == ["afstand:buurthuis", "afstand:bibliotheek"]  # no graph built


def test_straight_costs_by_hand():
    # origins 0 m, 100 m and 200 m east of a site; walking detour factor 1.27
    origins = np.array([[X0, Y0], [X0 + 100, Y0], [X0 + 200, Y0]])
    site = np.array([[X0, Y0]])
    costs = straight_costs(origins, site, 127.0, "lopen")
    assert costs["herkomst"].tolist() == [0, 1] and costs["bestemming"].tolist() == [0, 0]
    assert costs["afstand_m"].tolist() == pytest.approx([0.0, 127.0])
    assert straight_costs(origins, site, 126.9, "lopen")["herkomst"].tolist() == [0]
    assert straight_costs(origins, site, 126.9, "lopen", pad_m=0.2)["herkomst"].tolist() == [0, 1]
    assert straight_costs(origins, site, 254.0, "fiets")["herkomst"].tolist() == [0, 1]  # 1.33
    assert straight_costs(origins[:0], site, 500.0, "lopen").empty
    with pytest.raises(ValueError, match="onbekende modus 'zwemmen'"):
        straight_costs(origins, site, 100.0, "zwemmen")


def test_the_capacity_without_a_network_is_the_one_2sfca():
    # capacity_gebied(85) by hand: B's 85 near inwoners share the huisarts with A's 200
    from gaps_fixtures import capacity_gebied

    m = Metingen(capacity_gebied(85))
    access = m.toegang("huisarts", 2000.0, "alle")
    assert np.unique(access).tolist() == pytest.approx([0.0, 400 / 285])
    assert m.herberekend == ["toegang:huisarts"]


# --- the old names ----------------------------------------------------------------------------


def test_signal_gaps_is_the_old_name_of_find_signalen():
    gebied = ontmoeting_gebied(55)
    with pytest.warns(DeprecationWarning, match=r"flag_gaps\(\) heet nu find_signalen\(\)"):
        old = sb.flag_gaps(gebied, drempels=only("ontmoeting"))
    assert sb.gaps.flag_gaps is sb.flag_gaps
    new = find_signalen(gebied, drempels=only("ontmoeting"))
    pd.testing.assert_frame_equal(pd.DataFrame(old), pd.DataFrame(new))


def test_scenario_is_the_old_name_of_run_scenario_at_the_top_level_only():
    add = [{"soort": "buurthuis", "x": X0 + 500, "y": Y0 + 1500}]
    with pytest.warns(DeprecationWarning, match=r"scenario\(\) heet nu run_scenario\(\)"):
        old = sb.scenario(ontmoeting_gebied(55), add=add, drempels=only("ontmoeting"))
    assert old.signalen_verschil["verandering"].tolist() == ["verdwenen"]
    # sociale_basis.gaps.scenario is the module, not a function that hides it
    assert inspect.ismodule(sb.gaps.scenario)
    assert importlib.import_module("sociale_basis.gaps.scenario") is sb.gaps.scenario
    assert sb.run_scenario is sb.gaps.run_scenario is sb.gaps.scenario.run_scenario


def test_the_old_cache_keyword_warns_and_is_ignored():
    gebied = ontmoeting_gebied(55)
    with pytest.warns(DeprecationWarning) as caught:
        sb.flag_gaps(gebied, drempels=only("ontmoeting"), cache=False)
    texts = [str(w.message) for w in caught]
    assert any("flag_gaps(cache=...) bestaat niet meer" in t for t in texts)
    with pytest.raises(TypeError, match="cache"):
        find_signalen(gebied, cache=False)  # type: ignore[call-arg]


def test_clear_cache_does_nothing_and_says_so():
    with pytest.warns(DeprecationWarning, match=r"clear_cache\(\) doet niets meer"):
        clear_cache()


def test_the_package_keeps_no_measurements_between_calls():
    # no module of gaps holds a dict of measurements: reuse is only through Metingen
    for name in ("engine", "metingen", "cijfers", "scenario", "thresholds", "registry"):
        module = importlib.import_module(f"sociale_basis.gaps.{name}")
        assert not hasattr(module, "_CACHE") and not hasattr(module, "_DEFAULTS"), name
    assert "metingen" in inspect.signature(sb.find_signalen).parameters
    assert "metingen" in inspect.signature(sb.run_scenario).parameters


def test_partial_offers_keep_their_own_thresholds():
    # each offer is made from its own thresholds, not from the last ones of a loop
    d = load_drempels(
        {"hulp_te_ver": {"soorten": {"huisarts": {"afstand_m": 700}, "wijkteam": {"aan": False}}}}
    )
    offers = {a.naam: a for a in sb.gaps.registry.offered(d)}
    huisarts = offers["aandeel_dichtbij_huisarts_alle"]
    assert isinstance(huisarts.maak, partial) and huisarts.maak.keywords["afstand_m"] == 700
    assert huisarts.eigen and not offers["aandeel_dichtbij_wijkteam_alle"].eigen
    assert huisarts.omschrijving is not None
    assert huisarts.omschrijving("lopen") == "aandeel inwoners binnen 700 m lopen van een huisarts"


def test_a_signal_names_its_unit_and_short_message():
    hulp = SIGNAALREGELS["hulp_te_ver"]
    assert (hulp.eenheid, hulp.bericht("huisarts")) == ("aandeel", "Huisarts ver weg")
    assert SIGNAALREGELS["component_ontbreekt"].eenheid == "m"
    assert SIGNAALREGELS["component_ontbreekt"].bericht("sport") == "Geen sport dichtbij"
    assert not SIGNAALREGELS["component_ontbreekt"].over_inwoners  # about places only
    assert SIGNAALREGELS["cluster_laag"].eenheid == "p"
    assert SIGNAALREGELS["te_weinig_capaciteit"].bericht("huisarts") == (
        "Weinig capaciteit huisartsen"
    )
    # without a short message of its own: the meaning
    assert SIGNAALREGELS["te_weinig_capaciteit"].kort is not None
    bare = dataclasses.replace(SIGNAALREGELS["zwakke_brug"], kort=None)
    assert bare.bericht("x") == "Zwakke brug tussen informele en formele steun"


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="eenheid 'kg' is onbekend"):
        register_signal("gewicht", "te zwaar", drempels=ALGEMEEN, eenheid="kg")
    assert "gewicht" not in SIGNAALREGELS

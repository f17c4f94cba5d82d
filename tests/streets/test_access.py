"""Counts within reach, distance decay, 2SFCA/E2SFCA (against PySAL access), isochrones."""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from reach_fixtures import X0, Y0, delft_bron, delft_graph, edges_frame, pts
from shapely.geometry import LineString

from sociale_basis.streets import access, network
from sociale_basis.streets.fca import E2SFCA_WEIGHTS, two_step_fca_from_costs
from sociale_basis.streets.prepare import Netwerk


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return network.network_from_edges(edges_frame())


def test_count_within(G):
    origins = pts([(50, 0), (150, 0), (0, 1000)])
    dests = pts([(0, 0), (200, 0)])
    c100 = access.count_within(G, origins, dests, max_m=100)
    assert c100["aantal"].iloc[:2].tolist() == [1.0, 1.0]
    assert np.isnan(c100["aantal"].iloc[2]) and "verder dan" in c100["reden"].iloc[2]
    c150 = access.count_within(G, origins, dests, max_m=150)
    assert c150["aantal"].iloc[:2].tolist() == [2.0, 2.0]
    # 150 m at 4.8 km/h is 1.875 minutes
    assert access.count_within(G, origins, dests, max_min=1.9)["aantal"].iloc[0] == 2.0
    assert access.count_within(G, origins, dests, max_min=1.8)["aantal"].iloc[0] == 1.0


def test_cost_table(G):
    t = access.cost_table(G, pts([(50, 0)]), pts([(0, 0), (200, 0)], ["A", "C"]), max_m=500)
    assert sorted(zip(t["bestemming"], t["afstand_m"], strict=True)) == [
        ("A", pytest.approx(50.0)),
        ("C", pytest.approx(150.0)),
    ]
    with pytest.raises(ValueError, match="precies een"):
        access.cost_table(G, pts([(0, 0)]), pts([(1, 0)]))
    with pytest.raises(ValueError, match="positief"):
        access.cost_table(G, pts([(0, 0)]), pts([(1, 0)]), max_m=-5)


def test_decay():
    w = access.decay_weights(np.array([0.0, 50.0, 100.0, 101.0]), 100.0)
    assert w.tolist() == pytest.approx([1.0, np.exp(-2), access.MIN_WEIGHT, 0.0])
    # cityseer: 800 m -> beta 0.005
    assert access.decay_weights(np.array([100.0]), 800.0)[0] == pytest.approx(np.exp(-0.5))
    g = access.decay_weights(np.array([50.0, 100.0]), 100.0, "gauss")
    assert g.tolist() == pytest.approx([np.exp(-1), access.MIN_WEIGHT])
    with pytest.raises(ValueError, match="onbekend verval"):
        access.decay_weights(np.array([1.0]), 100.0, "lineair")
    with pytest.raises(ValueError, match="min_weight"):
        access.decay_weights(np.array([1.0]), 100.0, min_weight=1.5)


def test_decayed_count(G):
    dests = pts([(0, 0), (200, 0)]).assign(capaciteit=[2.0, 5.0])
    d = access.decayed_count(G, pts([(50, 0)]), dests, d_max=100)
    assert d["gewogen_aantal"].iloc[0] == pytest.approx(np.exp(-2))
    weighted = access.decayed_count(G, pts([(50, 0)]), dests, d_max=200, gewicht="capaciteit")
    expected = 2 * np.exp(-4 / 200 * 50) + 5 * np.exp(-4 / 200 * 150)
    assert weighted["gewogen_aantal"].iloc[0] == pytest.approx(expected)


def test_two_step_fca_by_hand(G):
    origins = pts([(50, 0), (150, 0), (190, 0)]).assign(wijkcode=["W1", "W1", "W2"])
    providers = pts([(0, 0), (200, 0)]).assign(capaciteit=[10.0, 30.0], wijkcode=["W1", "W2"])
    a = access.two_step_fca(G, origins, providers, max_m=100)
    assert a["toegang"].tolist() == pytest.approx([10.0, 15.0, 15.0])
    own = access.two_step_fca(G, origins, providers, max_m=100, eigen_wijk_gewicht=3)
    assert own["toegang"].tolist() == pytest.approx([10.0, 7.5, 22.5])
    demand = pd.Series([1.0, 3.0, 1.0], index=origins.index)
    v = access.two_step_fca(G, origins, providers, max_m=100, vraag=demand)
    assert v["toegang"].tolist() == pytest.approx([10.0, 7.5, 7.5])
    with pytest.raises(ValueError, match="capaciteit"):
        access.two_step_fca(G, origins, providers.drop(columns="capaciteit"), max_m=100)
    with pytest.raises(ValueError, match="wijkcode"):
        access.two_step_fca(
            G, origins.drop(columns="wijkcode"), providers, max_m=100, eigen_wijk_gewicht=3
        )
    with pytest.raises(ValueError, match="vraag"):
        access.two_step_fca(G, origins, providers, max_m=100, vraag=demand.iloc[:2])


def test_isochrone_by_hand(G):
    # 1 minute walking = 80 m from (50, 0): all of A-B, 30 m of B-C and of B-D
    iso = access.isochrones(G, pts([(50, 0)], ["vz"]), 1, buffer_m=5)
    poly = iso.geometry.iloc[0]
    lines = shapely.MultiLineString(
        [
            LineString([(X0, Y0), (X0 + 130, Y0)]),
            LineString([(X0 + 100, Y0), (X0 + 100, Y0 + 30)]),
        ]
    )
    assert poly.symmetric_difference(lines.buffer(5)).area < 1.0
    assert iso["minuten"].iloc[0] == 1.0 and iso["modus"].iloc[0] == "lopen"
    far = access.isochrones(G, pts([(0, 2000)], ["ver"]), [1, 2])
    assert len(far) == 2 and far.geometry.is_empty.all()
    with pytest.raises(ValueError, match="positief"):
        access.isochrones(G, pts([(50, 0)]), 0)


def test_isochrone_on_delft_grows_with_time():
    net = Netwerk(delft_graph())
    iso = access.isochrones(net, pts([(0, 0)], ["centrum"]), [5, 10])
    small, large = iso.geometry.iloc[0], iso.geometry.iloc[1]
    assert small.area < large.area and large.contains(small.buffer(-1))
    assert large.area < np.pi * 800**2  # never more than the crow-flies disc


def test_two_step_fca_equals_pysal_access():
    access_pkg = pytest.importorskip("access")
    bron = delft_bron()
    net = Netwerk(delft_graph())
    rng = np.random.default_rng(7)
    origins = bron.adressen.sample(1500, random_state=7)
    vraag = pd.Series(rng.integers(1, 4, len(origins)).astype(float), index=origins.index)
    providers = bron.voorzieningen[bron.voorzieningen["soort"] == "huisarts"].copy()
    providers["capaciteit"] = rng.integers(500, 3000, len(providers)).astype(float)

    for kind, limit, weights in (("2sfca", 1500.0, None), ("e2sfca", 30.0, E2SFCA_WEIGHTS)):
        kw = {"max_m": limit} if kind == "2sfca" else {"max_min": limit}
        ours = access.two_step_fca(net, origins, providers, vraag=vraag, gewichten=weights, **kw)
        costs = access.cost_table(net, origins, providers, **kw)
        cost_name = costs.columns[-1]
        demand = pd.DataFrame({"vraag": vraag}).rename_axis("geoid")
        supply = providers[["capaciteit"]].rename_axis("geoid")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PySAL access warns about pandas idioms
            A = access_pkg.Access(
                demand_df=demand,
                demand_index=True,
                demand_value="vraag",
                supply_df=supply,
                supply_index=True,
                supply_value="capaciteit",
                cost_df=costs,
                cost_origin="herkomst",
                cost_dest="bestemming",
                cost_name=cost_name,
            )
            fn = None if weights is None else access_pkg.weights.step_fn(dict(weights))
            theirs = A.two_stage_fca(name=kind, max_cost=limit, weight_fn=fn).iloc[:, 0]
        both = theirs.dropna().index
        assert len(both) > 1400
        assert np.allclose(ours.loc[both, "toegang"], theirs.loc[both], rtol=1e-9)


def test_the_network_2sfca_is_the_cost_table_2sfca():
    """two_step_fca = cost_table + two_step_fca_from_costs (one 2SFCA in the package)."""
    bron = delft_bron()
    net = Netwerk(delft_graph())
    origins = bron.adressen.sample(800, random_state=2)
    providers = bron.voorzieningen[bron.voorzieningen["soort"] == "huisarts"].copy()
    providers["capaciteit"] = np.arange(len(providers)) * 100.0 + 500
    vraag = pd.Series(np.arange(len(origins)) % 3 + 1.0, index=origins.index)
    for kw, weights in (({"max_m": 1200.0}, None), ({"max_min": 20.0}, E2SFCA_WEIGHTS)):
        ours = access.two_step_fca(net, origins, providers, vraag=vraag, gewichten=weights, **kw)
        costs = access.cost_table(net, origins, providers, **kw)
        on = ours["toegang"].notna().to_numpy()  # the origins that are on the network
        A, R = two_step_fca_from_costs(
            costs,
            vraag[on],
            providers["capaciteit"],
            drempel=next(iter(kw.values())),
            gewichten=weights,
        )
        assert np.allclose(ours.loc[on, "toegang"], A, rtol=1e-12)
        assert (A > 0).mean() > 0.5 and R.notna().any()


def test_old_keywords_still_work(G):
    origins, dests = pts([(50, 0), (150, 0)]), pts([(0, 0), (200, 0)])
    providers = dests.assign(capaciteit=[10.0, 30.0])
    calls = [
        (access.cost_table, (G, origins, dests), {"max_m": 500}),
        (access.count_within, (G, origins, dests), {"max_m": 500}),
        (access.decayed_count, (G, origins, dests), {}),
        (access.two_step_fca, (G, origins, providers), {"max_m": 500}),
        (access.enhanced_two_step_fca, (G, origins, providers), {}),
        (access.isochrones, (G, dests, 1), {}),
    ]
    for func, args, kw in calls:
        new = func(*args, modus="fiets", **kw)
        with pytest.warns(DeprecationWarning, match=rf"{func.__name__}\(mode=\.\.\.\) heet nu"):
            old = func(*args, mode="fiets", **kw)
        pd.testing.assert_frame_equal(pd.DataFrame(old), pd.DataFrame(new))
    with pytest.warns(DeprecationWarning, match=r"two_step_fca\(weights=\.\.\.\) heet nu gew"):
        old = access.two_step_fca(G, origins, providers, max_m=500, weights={100.0: 1.0})
    new = access.two_step_fca(G, origins, providers, max_m=500, gewichten={100.0: 1.0})
    pd.testing.assert_frame_equal(old, new)

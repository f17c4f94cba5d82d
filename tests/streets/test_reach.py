"""Distances to the nearest voorziening: hand-checked networks, real Delft vs networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from reach_fixtures import delft_bron, delft_graph, edges_frame, inserted_graph, pts
from shapely.geometry import Point

from sociale_basis.streets import network, reach
from sociale_basis.streets.prepare import Netwerk
from sociale_basis.streets.snap import snap_report, snap_table

WALK = 4.8 / 3.6
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.fixture(scope="module")
def G() -> nx.MultiGraph:
    return network.network_from_edges(edges_frame())


def test_origin_in_the_middle_of_an_edge(G):
    # (50, 10) lies 10 m beside A-B, halfway: 10 + 50 (to B) + 100 (B-C) = 160
    r = reach.distance_to_nearest(G, pts([(50, 10)]), pts([(200, 0)], ["C"]))
    row = r.iloc[0]
    assert row["afstand_m"] == pytest.approx(160.0)
    assert row["tijd_min"] == pytest.approx(160.0 / WALK / 60)
    assert row["bestemming_id"] == "C" and row["methode"] == "netwerk"
    assert row["aansluiting_m"] == pytest.approx(10.0)


def test_origin_and_destination_on_the_same_edge(G):
    # both on A-B: 5 + 60 + 5 along the edge, not via its ends
    r = reach.distance_to_nearest(G, pts([(20, 5)]), pts([(80, -5), (200, 0)], ["X", "C"]))
    assert r["afstand_m"].iloc[0] == pytest.approx(70.0)
    assert r["bestemming_id"].iloc[0] == "X"


def test_nearest_of_several_destinations(G):
    origins = pts([(10, 0), (190, 0), (100, 90)])
    dests = pts([(0, 0), (180, 0)], ["A", "C"])
    r = reach.distance_to_nearest(G, origins, dests)
    assert r["bestemming_id"].tolist() == ["A", "C", "C"]
    assert r["afstand_m"].tolist() == pytest.approx([10.0, 10.0, 170.0])


def test_motorway_is_not_walked_but_driven(G):
    origin, dest = pts([(100, 110)]), pts([(200, 0)], ["C"])
    walk = reach.distance_to_nearest(G, origin, dest, "lopen")
    assert walk["afstand_m"].iloc[0] == pytest.approx(210.0)  # D-B footway, then B-C
    # bikes may use neither the footway nor the motorway: snap to B (110 m), then 100 m
    bike = reach.distance_to_nearest(G, origin, dest, "fiets")
    assert bike["afstand_m"].iloc[0] == pytest.approx(210.0)
    assert bike["aansluiting_m"].iloc[0] == pytest.approx(110.0)
    car = reach.distance_to_nearest(G, origin, dest, "auto")
    assert car["afstand_m"].iloc[0] == pytest.approx(10 + 100 * 2**0.5)
    # 10 m walked, 141 m at 100 km/h
    assert car["tijd_min"].iloc[0] == pytest.approx((10 / WALK + 100 * 2**0.5 / (100 / 3.6)) / 60)


def test_unreachable_origins_get_nan_and_a_reason(G):
    # far from everything; near the separate piece F-G only
    origins = pts([(0, 1000), (50, 510), (50, 0)])
    r = reach.distance_to_nearest(G, origins, pts([(200, 0)], ["C"]))
    assert r["afstand_m"].isna().tolist() == [True, True, False]
    # distances are to the connected network: D at (100, 100), not the loose piece
    assert "verder dan 250 m" in r["reden"].iloc[0] and "906 m" in r["reden"].iloc[0]
    assert "los stuk netwerk" in r["reden"].iloc[1]
    assert pd.isna(r["reden"].iloc[2])
    report = snap_report(G, origins)
    assert report.index.tolist() == ["p0", "p1"]
    expected = [np.hypot(100, 900), np.hypot(50, 410)]
    assert report["afstand_tot_netwerk_m"].tolist() == pytest.approx(expected)


def test_destination_off_the_network(G):
    r = reach.distance_to_nearest(G, pts([(50, 0)]), pts([(0, 2000)], ["ver"]))
    assert np.isnan(r["afstand_m"].iloc[0])
    assert "geen bestemming" in r["reden"].iloc[0]


def test_limit(G):
    r = reach.distance_to_nearest(G, pts([(0, 0), (190, 0)]), pts([(200, 0)]), limit_m=50)
    assert np.isnan(r["afstand_m"].iloc[0]) and "binnen 50 m" in r["reden"].iloc[0]
    assert r["afstand_m"].iloc[1] == pytest.approx(10.0)


def test_node_snapping_is_the_fast_approximation(G):
    # (40, 10): nearest node A at 41.2 m, then A-B-C 200 m; exact: 10 + 60 + 100
    origin, dest = pts([(40, 10)]), pts([(200, 0)])
    fast = reach.distance_to_nearest(G, origin, dest, snap="node")
    exact = reach.distance_to_nearest(G, origin, dest)
    assert fast["afstand_m"].iloc[0] == pytest.approx(41.231056 + 200)
    assert exact["afstand_m"].iloc[0] == pytest.approx(170.0)
    table = snap_table(G, origin, snap="node")
    assert table["knoop"].iloc[0] == "A"


def test_snap_table_names_the_edge(G):
    t = snap_table(G, pts([(30, -4)]))
    row = t.iloc[0]
    assert {row["rand_u"], row["rand_v"]} == {"A", "B"}
    assert row["positie_m"] == pytest.approx(30.0 if row["rand_u"] == "A" else 70.0)
    assert row["aansluiting_m"] == pytest.approx(4.0)


def test_distances_by_category(G):
    vz = pts([(0, 0), (200, 0), (100, 100)], ["a", "c", "d"]).assign(
        soort=["huisarts", "buurthuis", "huisarts"]
    )
    pro = pts([(200, 0)], ["p1"]).assign(rol="wijkteam")
    r = reach.distances_by_category(G, pts([(100, 0)]), vz, pro)
    assert r.index.names == ["categorie", "id"]
    assert sorted(r.index.get_level_values(0).unique()) == ["buurthuis", "huisarts", "rol:wijkteam"]
    assert r.loc["huisarts"]["afstand_m"].iloc[0] == pytest.approx(100.0)
    assert r.loc["rol:wijkteam"]["bestemming_id"].iloc[0] == "p1"
    only = reach.distances_by_category(G, pts([(100, 0)]), vz, soorten=["buurthuis"])
    assert only.index.get_level_values(0).unique().tolist() == ["buurthuis"]
    with pytest.raises(ValueError, match="kolom 'soort'"):
        reach.distances_by_category(G, pts([(0, 0)]), vz.drop(columns="soort"))
    with pytest.raises(TypeError, match="GeoDataFrame"):
        reach.distance_to_nearest(G, pts([(0, 0)]), [Point(0, 0)])  # type: ignore[arg-type]


def test_untyped_network_says_so():
    H = network.network_from_edges(edges_frame().drop(columns="highway"))
    r = reach.distance_to_nearest(H, pts([(100, 110)]), pts([(200, 0)]), "lopen")
    assert r["typering"].iloc[0].startswith("ongetypeerd")
    assert r["afstand_m"].iloc[0] == pytest.approx(10 + 100 * 2**0.5)  # motorway allowed


def test_straight_line_without_network():
    r = reach.distance_to_nearest(None, pts([(0, 0)]), pts([(300, 400)], ["x"]), "fiets")
    assert r["methode"].iloc[0] == "hemelsbreed"
    assert r["afstand_m"].iloc[0] == pytest.approx(665.0)  # 500 m x 1.33
    assert r["tijd_min"].iloc[0] == pytest.approx(665 / (15 / 3.6) / 60)
    assert r["typering"].iloc[0] == "geen netwerk: hemelsbreed x omwegfactor 1.33"
    car = reach.distance_to_nearest(None, pts([(0, 0)]), pts([(300, 400)]), "auto")
    assert car["tijd_min"].iloc[0] == pytest.approx(945 / (30 / 3.6) / 60)  # 500 x 1.89
    empty = reach.distances_by_category(
        None, pts([(0, 0)]), pts([(1, 1)]).assign(soort="x"), soorten=["y"]
    )
    assert "geen bestemming" in empty["reden"].iloc[0]
    with pytest.raises(ValueError, match="onbekende modus"):
        reach.distance_to_nearest(None, pts([(0, 0)]), pts([(1, 1)]), "boot")


def test_summarize_by_area():
    values = pd.Series([100.0, 300.0, np.nan, 1200.0, 50.0], index=list("abcde"))
    buurt = pd.Series(["B1", "B1", "B1", "B2", "B2"], index=list("abcde"), name="buurtcode")
    oud = pd.Series([True, False, True, True, False], index=list("abcde"))
    s = reach.summarize_by_area(values, buurt, groepen={"65+": oud}, drempel=250)
    b1 = s.loc[("B1", "alle")]
    assert b1["n"] == 3 and b1["n_onbereikbaar"] == 1
    assert b1["gemiddelde"] == pytest.approx(200.0) and b1["mediaan"] == pytest.approx(200.0)
    assert b1["aandeel_boven"] == pytest.approx(2 / 3)  # 300 m and the unreachable one
    assert s.loc[("B2", "65+")]["p90"] == pytest.approx(1200.0)
    assert s.index.names == ["buurtcode", "groep"]
    with pytest.raises(ValueError, match="boolean Series"):
        reach.summarize_by_area(values, buurt, groepen={"x": pd.Series([1, 0], index=list("ab"))})
    with pytest.raises(ValueError, match="geen gebiedscode"):
        reach.summarize_by_area(values, buurt.iloc[:2])


def test_cbs_mode(G):
    inw = pts([(50, 0), (150, 0), (0, 1000)]).assign(buurtcode=["B1", "B1", "B2"])
    out = reach.cbs_nabijheid(G, inw, pts([(200, 0)]))
    assert out.loc["B1", "afstand_km"] == pytest.approx(0.1)  # (150 + 50) / 2 m
    assert np.isnan(out.loc["B2", "afstand_km"])
    with pytest.raises(ValueError, match="kolom 'wijk'"):
        reach.cbs_nabijheid(G, inw, pts([(200, 0)]), gebied="wijk")


# --- the real Delft network against networkx ----------------------------------------------


def test_delft_matches_networkx_multi_source_dijkstra():
    bron = delft_bron()
    net = Netwerk(delft_graph(), "lopen")
    origins = bron.adressen.sample(400, random_state=3)
    dests = bron.voorzieningen[bron.voorzieningen["soort"] == "huisarts"]
    ours = reach.distance_to_nearest(net, origins, dests)
    table = pd.concat([snap_table(net, origins), snap_table(net, dests)])
    assert table.index.is_unique
    H = inserted_graph(net, table)
    ref = nx.multi_source_dijkstra_path_length(H, [("stub", d) for d in dests.index])
    expected = np.array([ref.get(("stub", o), np.nan) for o in origins.index])
    ok = ours["afstand_m"].notna().to_numpy()
    assert ok.sum() >= 395
    assert np.allclose(ours["afstand_m"].to_numpy()[ok], expected[ok], atol=0.1)
    # the reported destination is one at that distance
    for o, d, dist in zip(
        origins.index[ok][:50], ours["bestemming_id"][ok][:50], expected[ok][:50], strict=True
    ):
        assert nx.dijkstra_path_length(H, ("stub", o), ("stub", d)) == pytest.approx(dist, abs=0.1)


def test_node_snapping_reasons_need_no_geometry(G):
    # node snapping never reads the edge geometry, also not to explain a miss
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["geometry"] = None
    origins = pts([(0, 1000), (50, 510)])
    r = reach.distance_to_nearest(H, origins, pts([(200, 0)]), snap="node")
    assert r["afstand_m"].isna().all()
    assert "dichtstbijzijnde knooppunt op 906 m" in r["reden"].iloc[0]
    # F at (0, 500) is the nearest node of the loose piece: 51 m
    assert "ligt 51 m van een los stuk netwerk" in r["reden"].iloc[1]


def test_prepared_network_is_reused_and_not_changed():
    net = Netwerk(delft_graph(), "fiets")
    bron = delft_bron()
    origins = bron.adressen.sample(300, random_state=8)
    vz = bron.voorzieningen
    csr, seconds = net.routing
    before = (csr.data.copy(), csr.indices.copy(), csr.indptr.copy(), seconds.copy())
    for snap in ("node", "edge"):
        cold = reach.distances_by_category(delft_graph(), origins, vz, modus="fiets", snap=snap)
        warm = reach.distances_by_category(net, origins, vz, snap=snap)
        pd.testing.assert_frame_equal(cold, warm)
    assert net.routing[0] is csr  # built once, shared by every query
    after = (csr.data, csr.indices, csr.indptr, seconds)
    assert all(np.array_equal(a, b) for a, b in zip(before, after, strict=True))


# --- the "done when" ----------------------------------------------------------------

DONE_SOORTEN = ["huisarts", "buurthuis", "bibliotheek", "basisschool", "wijkteam"]


@pytest.mark.slow
def test_done_when_delft_all_addresses(delft):
    """All 59,511 Delft addresses to the nearest huisarts, buurthuis, bibliotheek,
    basisschool and wijkteam, walking and cycling: every distance equals networkx
    (multi-source Dijkstra on the same graph with the same virtual nodes) to 0.1 m, and
    the summary per buurt by group (alle, 65+, hulpvraag) covers every inhabited buurt."""
    adressen, inwoners = delft.adressen, delft.inwoners
    vz = delft.voorzieningen[delft.voorzieningen["soort"].isin(DONE_SOORTEN)]
    assert len(adressen) == 59_511
    assert set(vz["soort"]) == set(DONE_SOORTEN)
    rng = np.random.default_rng(11)
    inhabited = set(inwoners["buurtcode"])
    assert inhabited == set(delft.buurten.index[delft.buurten["inwoners"] > 0])
    groepen = {"65+": inwoners["leeftijd"] >= 65, "hulpvraag": inwoners["hulpvraag"].notna()}
    for mode in ("lopen", "fiets"):
        net = Netwerk(delft.netwerk, mode)
        result = reach.distances_by_category(net, adressen, vz, soorten=DONE_SOORTEN)
        assert len(result) == 5 * len(adressen)
        # networkx on the same graph with the same virtual nodes (from the public snap table)
        t_a, t_v = snap_table(net, adressen), snap_table(net, vz)
        t_a.index = pd.Index([("a", i) for i in t_a.index], tupleize_cols=False)
        t_v.index = pd.Index([("v", i) for i in t_v.index], tupleize_cols=False)
        H = inserted_graph(net, pd.concat([t_a, t_v]))
        snapped = t_a["reden"].isna().to_numpy()
        assert snapped.mean() > 0.999  # addresses lie along streets
        for soort in DONE_SOORTEN:
            ours = result.loc[soort]
            sources = [("stub", ("v", i)) for i in vz.index[vz["soort"] == soort]]
            ref = nx.multi_source_dijkstra_path_length(H, sources)
            expected = np.array([ref.get(("stub", ("a", i)), np.nan) for i in adressen.index])
            got = ours["afstand_m"].to_numpy()
            assert np.array_equal(np.isnan(got), np.isnan(expected)), (mode, soort)
            assert np.isfinite(got).sum() == snapped.sum()
            assert np.abs(got - expected)[snapped].max() <= 0.1, (mode, soort)
            # the reported voorziening is one at that distance (a seeded sample)
            for k in rng.choice(np.flatnonzero(snapped), 20, replace=False):
                dest = ("stub", ("v", ours["bestemming_id"].iloc[k]))
                d = nx.bidirectional_dijkstra(H, ("stub", ("a", adressen.index[k])), dest)[0]
                assert d == pytest.approx(got[k], abs=0.1)
        # per buurt by group, for the inwoners on those addresses (joined via adres_id)
        for soort in DONE_SOORTEN:
            per_adres = result.loc[soort]["afstand_m"]
            values = pd.Series(
                per_adres.reindex(inwoners["adres_id"]).to_numpy(), index=inwoners.index
            )
            summary = reach.summarize_by_area(
                values, inwoners["buurtcode"], groepen=groepen, drempel=1000
            )
            assert set(summary.index.get_level_values("groep")) == {"alle", "65+", "hulpvraag"}
            alle = summary.xs("alle", level="groep")
            assert set(alle.index) == inhabited
            assert alle["n"].sum() == len(inwoners)
            assert summary.xs("65+", level="groep")["n"].sum() == groepen["65+"].sum()
            has = summary["mediaan"].notna()
            assert has.mean() > 0.99
            assert (summary.loc[has, "p90"] >= summary.loc[has, "mediaan"]).all()
            assert (summary.loc[has, "gemiddelde"] > 0).all()
            assert (summary.loc[has, "p90"] < 15_000).all()  # Delft is ~6 x 7 km
            assert summary["aandeel_boven"].between(0, 1).all()
            assert (summary["n_onbereikbaar"] <= summary["n"]).all()


# --- old keyword names ----------------------------------------------------------------------


def test_old_keyword_mode_still_works(G):
    origin, dest = pts([(100, 110)]), pts([(200, 0)], ["C"])
    new = reach.distance_to_nearest(G, origin, dest, modus="fiets")
    with pytest.warns(DeprecationWarning, match=r"distance_to_nearest\(mode=\.\.\.\) heet nu"):
        old = reach.distance_to_nearest(G, origin, dest, mode="fiets")
    pd.testing.assert_frame_equal(old, new)
    vz = dest.assign(soort="huisarts")
    with pytest.warns(DeprecationWarning, match=r"distances_by_category\(mode=\.\.\.\)"):
        reach.distances_by_category(G, origin, vz, mode="fiets")
    with pytest.warns(DeprecationWarning, match=r"snap_table\(mode=\.\.\.\) heet nu modus="):
        assert snap_table(G, origin, mode="fiets")["aansluiting_m"].iloc[0] == 110.0
    with pytest.warns(DeprecationWarning, match=r"snap_report\(mode=\.\.\.\) heet nu modus="):
        assert snap_report(G, origin, mode="fiets").empty

"""The sparse graph algorithms behind the cohesion measures, against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from sociale_basis.social import algorithms as alg


def matrix(G: nx.Graph):
    edges = np.array(list(G.edges()), dtype=np.int64).reshape(-1, 2)
    return alg.symmetric(G.number_of_nodes(), edges[:, 0], edges[:, 1])


def karate() -> nx.Graph:
    G = nx.Graph()  # without its edge weights, nodes in order 0..33
    G.add_nodes_from(range(34))
    G.add_edges_from(nx.karate_club_graph().edges())
    return G


def graphs():
    G = nx.connected_watts_strogatz_graph(120, 6, 0.1, seed=3)
    G.add_edges_from([(120, 121), (121, 122)])  # a second component
    G.add_node(123)  # and an isolated node
    return [karate(), G, nx.path_graph(5), nx.complete_graph(4)]


def test_symmetric_drops_duplicates_and_self_loops():
    A = alg.symmetric(3, np.array([0, 1, 2, 0]), np.array([1, 0, 2, 2]))
    assert A.toarray().tolist() == [[0, 1, 1], [1, 0, 0], [1, 0, 0]]


@pytest.mark.parametrize("index", range(4))
def test_exact_betweenness_equals_networkx(index):
    G = nx.convert_node_labels_to_integers(graphs()[index])
    expected = nx.betweenness_centrality(G)
    got = alg.betweenness(matrix(G))
    assert got == pytest.approx([expected[i] for i in range(len(G))], abs=1e-12)


@pytest.mark.parametrize("k", [1, 5, 30])
def test_sampled_betweenness_equals_networkx_with_the_same_seed(k):
    G = graphs()[1]
    expected = nx.betweenness_centrality(G, k=k, seed=11)
    got = alg.betweenness(matrix(G), k, seed=11)
    want = np.array([expected[i] for i in range(len(G))])
    assert np.allclose(got, want, equal_nan=True)


def test_betweenness_of_tiny_graphs_is_zero():
    assert alg.betweenness(alg.symmetric(2, np.array([0]), np.array([1]))).tolist() == [0, 0]


def test_betweenness_in_small_batches_is_the_same(monkeypatch):
    G = graphs()[0]
    full = alg.betweenness(matrix(G))
    monkeypatch.setattr(alg, "_BATCH_ELEMENTS", 50)  # one source per batch
    assert alg.betweenness(matrix(G)) == pytest.approx(full)


def test_within_k_is_a_multi_source_bfs():
    G = nx.path_graph(6)  # 0-1-2-3-4-5
    A = matrix(G)
    sources = np.zeros(6, dtype=bool)
    sources[0] = True
    assert alg.within_k(A, sources, 2).tolist() == [True, True, True, False, False, False]
    blocked = np.zeros(6, dtype=bool)
    blocked[1] = True  # nothing passes 1
    assert alg.within_k(A, sources, 4, blocked).tolist() == [True] + [False] * 5
    assert alg.within_k(A, sources, 0).tolist() == sources.tolist()


@pytest.mark.parametrize("index", range(4))
def test_clustering_equals_networkx(index):
    G = nx.convert_node_labels_to_integers(graphs()[index])
    expected = nx.clustering(G)
    got = alg.local_clustering(matrix(G))
    assert got == pytest.approx([expected[i] for i in range(len(G))])
    assert alg.triangles(matrix(G), chunk=7).sum() / 3 == sum(nx.triangles(G).values()) / 3


def test_modularity_equals_networkx():
    G = karate()
    communities = nx.community.louvain_communities(G, seed=2)
    labels = np.zeros(len(G), dtype=np.int64)
    for i, members in enumerate(communities):
        labels[list(members)] = i
    q = alg.modularity(matrix(G), labels, np.zeros(len(G), dtype=np.int64))
    assert q[0] == pytest.approx(nx.community.modularity(G, communities))


def test_louvain_keeps_groups_apart_and_scores_like_networkx():
    # two copies of the karate club as two groups (areas): each is judged on its own
    G = nx.disjoint_union(karate(), karate())
    groups = np.repeat([0, 1], 34)
    A = matrix(G)
    labels = alg.louvain(A, groups, seed=5)
    assert not set(labels[:34]) & set(labels[34:])
    q = alg.modularity(A, labels, groups)
    best = nx.community.modularity(karate(), nx.community.louvain_communities(karate(), seed=5))
    assert q == pytest.approx([best, best], abs=0.03)
    # its own modularity agrees with networkx's for the partition it found
    first = [set(np.flatnonzero(labels[:34] == c).tolist()) for c in np.unique(labels[:34])]
    assert q[0] == pytest.approx(nx.community.modularity(karate(), first))


def test_louvain_is_seeded():
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=1)
    A = matrix(G)
    groups = np.zeros(300, dtype=np.int64)
    assert (alg.louvain(A, groups, seed=4) == alg.louvain(A, groups, seed=4)).all()


def test_modularity_of_a_group_without_edges_is_nan():
    A = alg.symmetric(3, np.array([0]), np.array([1]))
    q = alg.modularity(A, np.array([0, 0, 1]), np.array([0, 0, 1]))
    assert q[0] == pytest.approx(0.0)
    assert np.isnan(q[1])


def test_distances_within_k_are_the_bfs_levels():
    G = graphs()[1]
    A = matrix(G)
    sources = np.zeros(len(G), dtype=bool)
    sources[[0, 50]] = True
    expected = nx.multi_source_dijkstra_path_length(G, {0, 50}, cutoff=3)
    got = alg.distances_within_k(A, sources, 3)
    assert {i: int(d) for i, d in enumerate(got) if d >= 0} == expected
    assert (alg.distances_within_k(A, sources, 3) >= 0).tolist() == alg.within_k(
        A, sources, 3
    ).tolist()


def test_within_k_columns_is_one_blocked_bfs_per_column():
    G = graphs()[1]
    A = matrix(G)
    n = len(G)
    rng = np.random.default_rng(1)
    sources = rng.random((n, 5)) < 0.03
    blocked = rng.random((n, 5)) < 0.1
    got = alg.within_k_columns(A, sources, 2, blocked)
    for j in range(5):
        expected = alg.within_k(A, sources[:, j], 2, blocked[:, j])
        assert got[:, j].tolist() == expected.tolist()

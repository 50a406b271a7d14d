"""TopoART against the paper's algorithm written straight (Python lists, one node at a time),
against artlib's single-component TopoART, and its contract."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import complement_code
from zoo.art import FuzzyART, HypersphereART, TopoART


def _bands(n=400, noise_points=0, seed=0):
    """Two noisy horizontal bands in the unit square (one cluster each), plus uniform noise."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    X = np.c_[rng.uniform(size=n), 0.2 + 0.6 * y + rng.normal(0, 0.02, n)]
    X = np.r_[X, rng.uniform(size=(noise_points, 2))]
    y = np.r_[y, np.full(noise_points, -1)]
    order = rng.permutation(len(X))
    return np.clip(X[order], 0, 1), y[order]


class PaperComponent:
    """One TopoART component (Tscherepanow 2010) over Fuzzy ART with complement coding."""

    def __init__(self, rho, alpha, beta_sbm, phi, tau):
        self.rho, self.alpha, self.beta_sbm, self.phi, self.tau = rho, alpha, beta_sbm, phi, tau
        self.w, self.n, self.ids, self.edges, self.cycles, self.next_id = [], [], [], set(), 0, 0

    def learn(self, inp):
        """Returns (id of bm, n_bm)."""
        scores = []
        for j, w in enumerate(self.w):
            overlap = sum(min(a, b) for a, b in zip(inp, w))
            scores.append((overlap / (self.alpha + sum(w)), -j, overlap / sum(inp)))
        matching = [-minus_j for _, minus_j, m in sorted(scores, reverse=True) if m >= self.rho]
        if not matching:
            self.w.append(list(inp))
            self.n.append(1)
            self.ids.append(self.next_id)
            self.next_id += 1
            bm = len(self.w) - 1
        else:
            bm = matching[0]
            self.w[bm] = [min(a, b) for a, b in zip(inp, self.w[bm])]  # beta_bm = 1
            self.n[bm] += 1
            if len(matching) > 1:
                sbm, b = matching[1], self.beta_sbm
                self.w[sbm] = [b * min(a, c) + (1 - b) * c for a, c in zip(inp, self.w[sbm])]
                self.edges.add(frozenset((self.ids[bm], self.ids[sbm])))
        result = self.ids[bm], self.n[bm]
        self.cycles += 1
        if self.cycles % self.tau == 0:  # remove the node candidates and their edges
            keep = [j for j in range(len(self.w)) if self.n[j] >= self.phi]
            removed = {self.ids[j] for j in range(len(self.w))} - {self.ids[j] for j in keep}
            self.w = [self.w[j] for j in keep]
            self.n = [self.n[j] for j in keep]
            self.ids = [self.ids[j] for j in keep]
            self.edges = {e for e in self.edges if not e & removed}
        return result

    def clusters(self):
        """Connected components of the permanent nodes, numbered by their lowest node."""
        permanent = [i for i, n in zip(self.ids, self.n) if n >= self.phi]
        cluster, k = {}, 0
        for start in permanent:
            if start in cluster:
                continue
            stack = [start]
            while stack:
                node = stack.pop()
                if node in cluster:
                    continue
                cluster[node] = k
                stack += [m for e in self.edges if node in e for m in e if m in permanent]
            k += 1
        return cluster


def topoart_by_the_paper(X, rho_a, alpha, beta_sbm, phi, tau):
    a = PaperComponent(rho_a, alpha, beta_sbm, phi, tau)
    b = PaperComponent((rho_a + 1) / 2, alpha, beta_sbm, phi, tau)
    nodes = []
    for x in X.tolist():
        inp = x + [1 - v for v in x]
        _, n_bm = a.learn(inp)
        nodes.append(b.learn(inp)[0] if n_bm >= phi else None)  # only non-noise reaches b
    cluster = b.clusters()
    labels = [cluster.get(node, -1) if node is not None else -1 for node in nodes]
    return np.array(labels), a, b


@pytest.mark.parametrize("beta_sbm, phi, tau", [(0.5, 3, 50), (0.2, 5, 30), (0.0, 1, 100)])
def test_topoart_is_the_paper(beta_sbm, phi, tau):
    X, _ = _bands(n=300, noise_points=30)
    expected, a, b = topoart_by_the_paper(X, 0.8, 0.001, beta_sbm, phi, tau)
    topo = TopoART(FuzzyART(rho=0.8), beta_sbm=beta_sbm, phi=phi, tau=tau).fit(X)
    np.testing.assert_array_equal(topo.labels_, expected)
    np.testing.assert_allclose(topo.weights_, b.w, atol=1e-12)
    np.testing.assert_allclose(topo.weights_a_, a.w, atol=1e-12)
    np.testing.assert_array_equal(topo.node_counts_, b.n)
    np.testing.assert_array_equal(topo.node_counts_a_, a.n)
    edges = {frozenset((b.ids[i], b.ids[j])) for i, j in topo.edges_}
    assert edges == b.edges
    assert topo.n_clusters_ == len(set(b.clusters().values())) >= 2


def test_artlib_agrees_with_component_a_without_pruning():
    # artlib's TopoART is one component; without pruning (tau > n) it is component a
    artlib = pytest.importorskip("artlib")
    X, _ = _bands(n=200, noise_points=10)
    peer = artlib.TopoART(artlib.FuzzyART(rho=0.8, alpha=0.001, beta=1.0), 0.4, 1000, 1)
    peer.fit(complement_code(X))  # its prepare_data would rescale X to its own bounds
    topo = TopoART(FuzzyART(rho=0.8), beta_sbm=0.4, phi=1, tau=1000).fit(X)
    np.testing.assert_allclose(topo.weights_a_, np.asarray(peer.W), atol=1e-12)
    adjacency = np.asarray(peer.adjacency) > 0
    peer_edges = np.argwhere(np.triu(adjacency | adjacency.T))
    np.testing.assert_array_equal(topo.edges_a_, peer_edges)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_is_filtered_and_bands_are_found(seed):
    X, y = _bands(n=600, noise_points=60, seed=seed)  # 10% uniform noise
    topo = TopoART(FuzzyART(rho=0.75), beta_sbm=0.3, phi=3, tau=50).fit(X)
    assert topo.n_clusters_ == 2
    signal = y >= 0
    kept = signal & (topo.labels_ >= 0)
    assert kept.sum() > 0.7 * signal.sum()
    assert adjusted_rand_score(y[kept], topo.labels_[kept]) == 1.0
    assert np.mean(topo.labels_[~signal] == -1) > 0.7  # most of the noise is left out
    assert adjusted_rand_score(y[signal], topo.predict(X[signal])) == 1.0
    # without noise filtering (phi = 1), noise points bridge the bands or stand alone
    assert TopoART(FuzzyART(rho=0.75), beta_sbm=0.3, phi=1, tau=50).fit(X).n_clusters_ != 2


def test_other_module_and_round_trips():
    X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.5, random_state=0)
    X = MinMaxScaler().fit_transform(X)
    topo = TopoART(HypersphereART(rho=0.8), phi=3, tau=50).fit(X)
    assert topo.n_clusters_ == 3
    assert adjusted_rand_score(y, topo.predict(X)) == 1.0
    restored = pickle.loads(pickle.dumps(topo))
    np.testing.assert_array_equal(restored.predict(X), topo.predict(X))
    online = TopoART(phi=3, tau=50).fit(X[:150]).partial_fit(X[150:])
    warm = TopoART(phi=3, tau=50, warm_start=True).fit(X[:150]).fit(X[150:])
    np.testing.assert_array_equal(online.weights_, warm.weights_)
    np.testing.assert_array_equal(online.labels_, warm.labels_)


def test_errors_and_limits():
    X, _ = _bands(n=100)
    with pytest.raises(ValueError, match="beta_sbm"):
        TopoART(FuzzyART(beta=0.2), beta_sbm=0.5).fit(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        topo = TopoART(max_categories=2, phi=1).fit(X)
    assert topo.n_categories_ <= 2 and len(topo.weights_a_) <= 2
    assert any("max_categories" in str(w.message) for w in caught)

"""Dual Vigilance ART against the paper's algorithm written straight (one sample, one category at a
time), against artlib's DualVigilanceART, and its contract (modules, predict, errors)."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs, make_moons
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import complement_code
from zoo.art import ART1, DualVigilanceART, FuzzyART, HypersphereART

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    if name == "iris":
        X = load_iris().data
    elif name == "moons":
        X, _ = make_moons(n_samples=300, noise=0.05, random_state=0)
    else:
        X, _ = make_blobs(n_samples=300, centers=5, cluster_std=1.0, random_state=0)
    return MinMaxScaler().fit_transform(X)


def dual_vigilance_by_the_paper(X, rho_ub, rho_lb, alpha, beta, n_epochs=1):
    """Brito da Silva et al. (2019), Algorithm 1 over Fuzzy ART with complement coding."""
    prototypes, clusters, labels = [], [], []
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            inp = x + [1 - a for a in x]
            norm = sum(inp)
            scores = []
            for j, w in enumerate(prototypes):
                overlap = sum(min(a, b) for a, b in zip(inp, w))
                scores.append((overlap / (alpha + sum(w)), -j, overlap / norm))
            decided = False
            for _, minus_j, match in sorted(scores, reverse=True):
                J = -minus_j
                if match >= rho_ub:  # resonance: J learns
                    w = prototypes[J]
                    prototypes[J] = [beta * min(a, b) + (1 - beta) * b for a, b in zip(inp, w)]
                    labels.append(clusters[J])
                    decided = True
                    break
                if match >= rho_lb:  # a new category in J's cluster
                    prototypes.append(inp)
                    clusters.append(clusters[J])
                    labels.append(clusters[J])
                    decided = True
                    break
            if not decided:  # a new category and a new cluster
                prototypes.append(inp)
                clusters.append(max(clusters) + 1 if clusters else 0)
                labels.append(clusters[-1])
    return np.array(labels), np.array(prototypes), np.array(clusters)


@pytest.mark.parametrize("data", ["blobs", "iris", "moons"])
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_dual_vigilance_is_the_paper(data, beta):
    X = _data(data)
    rho_ub, rho_lb, alpha = 0.85, 0.65, 0.001
    expected, prototypes, clusters = dual_vigilance_by_the_paper(
        X, rho_ub, rho_lb, alpha, beta, n_epochs=2
    )
    module = FuzzyART(rho=rho_ub, alpha=alpha, beta=beta)
    dva = DualVigilanceART(module, rho_lower_bound=rho_lb, n_epochs=2).fit(X)
    np.testing.assert_array_equal(dva.labels_, expected)
    np.testing.assert_allclose(dva.weights_, prototypes, atol=1e-12)
    np.testing.assert_array_equal(dva.category_clusters_, clusters)
    assert dva.n_clusters_ < dva.n_categories_  # categories were linked


@pytest.mark.parametrize("data", ["blobs", "moons"])
def test_artlib_agrees(data):
    artlib = pytest.importorskip("artlib")
    X = _data(data)
    peer = artlib.DualVigilanceART(artlib.FuzzyART(rho=0.85, alpha=0.001, beta=1.0), 0.65)
    peer.fit(complement_code(X))  # its prepare_data would rescale X to its own bounds
    dva = DualVigilanceART(FuzzyART(rho=0.85), rho_lower_bound=0.65, n_epochs=1).fit(X)
    np.testing.assert_array_equal(dva.labels_, peer.labels_)
    assert dva.n_clusters_ == peer.n_clusters


def test_linked_categories_find_two_long_bands():
    # two noisy horizontal bands: no box of the lower vigilance holds a whole band (its sides sum
    # to at most 2 (1 - rho)), linked boxes do
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    X = np.clip(np.c_[rng.uniform(size=300), 0.2 + 0.6 * y + rng.normal(0, 0.03, 300)], 0, 1)
    dva = DualVigilanceART(FuzzyART(rho=0.85), rho_lower_bound=0.6).fit(X)
    assert dva.change_curve_[-1] == 0
    assert adjusted_rand_score(y, dva.labels_) == 1.0
    assert dva.n_categories_ > 40
    np.testing.assert_array_equal(dva.predict(X), dva.labels_)  # stable: predict is the search
    assert adjusted_rand_score(y, FuzzyART(rho=0.6).fit(X).labels_) < 0.5


def test_equal_vigilances_are_the_module():
    X = _data("blobs")
    art = FuzzyART(rho=0.8).fit(X)
    dva = DualVigilanceART(FuzzyART(rho=0.8), rho_lower_bound=0.8).fit(X)
    np.testing.assert_array_equal(dva.weights_, art.weights_)
    np.testing.assert_array_equal(dva.labels_, art.labels_)  # one category a cluster


@pytest.mark.parametrize(
    "module", [HypersphereART(rho=0.85), ART1(rho=0.7, binarize=0.5)], ids=["sphere", "art1"]
)
def test_other_modules(module):
    X = _data("blobs")
    dva = DualVigilanceART(module, rho_lower_bound=0.6).fit(X)
    assert dva.n_clusters_ <= dva.n_categories_
    assert dva.module_ is not module and not hasattr(module, "labels_")
    restored = pickle.loads(pickle.dumps(dva))
    np.testing.assert_array_equal(restored.predict(X), dva.predict(X))
    if isinstance(module, HypersphereART):
        assert dva.module_.r_hat_ == pytest.approx(0.5 * np.sqrt(2))  # the module's own default


def test_partial_fit_continues_clusters():
    X = _data("blobs")
    online = DualVigilanceART(rho_lower_bound=0.4, n_epochs=1).fit(X[:150]).partial_fit(X[150:])
    warm = DualVigilanceART(rho_lower_bound=0.4, n_epochs=1, warm_start=True)
    warm.fit(X[:150]).fit(X[150:])
    np.testing.assert_array_equal(online.category_clusters_, warm.category_clusters_)
    np.testing.assert_array_equal(online.labels_, warm.labels_)


def test_errors():
    X = _data("iris")
    with pytest.raises(ValueError, match="rho_lower_bound"):
        DualVigilanceART(FuzzyART(rho=0.6), rho_lower_bound=0.7).fit(X)
    with pytest.raises(TypeError, match="elementary"):
        DualVigilanceART(DualVigilanceART()).fit(X)
    dva = DualVigilanceART(FuzzyART(rho=0.9), rho_lower_bound=0.85, novelty="reject").fit(X)
    assert dva.predict([[0.0, 1.0, 0.0, 1.0]]).tolist() == [-1]

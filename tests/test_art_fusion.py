"""Fusion ART against the paper's algorithm written straight (one category, one channel at a time),
against artlib's FusionART, and its contract (one channel is the module, errors)."""

import pickle

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_blobs
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import complement_code
from zoo.art import FusionART, FuzzyART, HypersphereART

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _data(name):
    if name == "iris":
        return MinMaxScaler().fit_transform(load_iris().data)
    X, _ = make_blobs(n_samples=300, n_features=4, centers=5, random_state=0)
    return MinMaxScaler().fit_transform(X)


def fusion_by_the_paper(X, dims, rhos, alphas, betas, gammas, n_epochs=1):
    """Tan, Carpenter & Grossberg (2007) with Fuzzy ART channels (complement coded)."""
    starts = np.r_[0, np.cumsum(dims)].tolist()
    templates, labels = [], []
    for _ in range(n_epochs):
        labels = []
        for row in X.tolist():
            channels = []
            for k in range(len(dims)):
                x = row[starts[k] : starts[k + 1]]
                channels.append(x + [1 - v for v in x])
            scores = []
            for j, w in enumerate(templates):
                choice, passes = 0.0, True
                for k, (inp, wk) in enumerate(zip(channels, w)):
                    overlap = sum(min(a, b) for a, b in zip(inp, wk))
                    choice += gammas[k] * overlap / (alphas[k] + sum(wk))
                    passes &= overlap / sum(inp) >= rhos[k]  # |x^k| = 2 dims_k exactly
                scores.append((choice, -j, passes))
            J = next((-minus_j for _, minus_j, ok in sorted(scores, reverse=True) if ok), -1)
            if J < 0:
                templates.append([list(inp) for inp in channels])
                labels.append(len(templates) - 1)
                continue
            templates[J] = [
                [betas[k] * min(a, b) + (1 - betas[k]) * b for a, b in zip(inp, wk)]
                for k, (inp, wk) in enumerate(zip(channels, templates[J]))
            ]
            labels.append(J)
    return np.array(labels), np.array([sum(w, []) for w in templates])


@pytest.mark.parametrize("data", ["blobs", "iris"])
@pytest.mark.parametrize(
    "rhos, alphas, betas, gammas",
    [
        ((0.8, 0.6), (0.001, 0.001), (1.0, 1.0), (0.5, 0.5)),
        ((0.7, 0.85), (0.01, 0.1), (0.5, 1.0), (0.8, 0.2)),
    ],
)
def test_fusion_is_the_paper(data, rhos, alphas, betas, gammas):
    X = _data(data)
    dims = (1, 3)
    expected, templates = fusion_by_the_paper(X, dims, rhos, alphas, betas, gammas, n_epochs=2)
    modules = [FuzzyART(rho=r, alpha=a, beta=b) for r, a, b in zip(rhos, alphas, betas)]
    fusion = FusionART(modules, gamma_values=gammas, channel_dims=dims, n_epochs=2).fit(X)
    np.testing.assert_array_equal(fusion.labels_, expected)
    np.testing.assert_allclose(fusion.weights_, templates, atol=1e-12)
    assert fusion.n_clusters_ == len(templates) > 2


def test_artlib_agrees():
    artlib = pytest.importorskip("artlib")
    X = _data("blobs")
    dims, rhos, gammas = (1, 3), (0.8, 0.6), (0.3, 0.7)
    peer = artlib.FusionART(
        [artlib.FuzzyART(rho=r, alpha=0.001, beta=1.0) for r in rhos],
        gamma_values=np.array(gammas),
        channel_dims=[2 * d for d in dims],  # artlib counts the complement-coded columns
    )
    # artlib's default (MT+) raises the vigilance of the channels a reset category passed, in
    # unsupervised learning too; "MT~" leaves it (and tests M > rho: equal to >= off exact ties)
    coded = np.hstack([complement_code(X[:, :1]), complement_code(X[:, 1:])])
    peer.fit(coded, match_tracking="MT~")
    modules = [FuzzyART(rho=r) for r in rhos]
    fusion = FusionART(modules, gamma_values=gammas, channel_dims=dims, n_epochs=1).fit(X)
    np.testing.assert_array_equal(fusion.labels_, peer.labels_)


def test_one_channel_is_the_module():
    X = _data("iris")
    art = FuzzyART(rho=0.8).fit(X)
    fusion = FusionART([FuzzyART(rho=0.8)]).fit(X)
    np.testing.assert_array_equal(fusion.labels_, art.labels_)
    np.testing.assert_array_equal(fusion.weights_, art.weights_)
    np.testing.assert_array_equal(fusion.predict(X[::-1]), art.predict(X[::-1]))


def test_channels_of_other_modules_and_round_trips():
    X = _data("blobs")
    fusion = FusionART(
        [HypersphereART(rho=0.7), FuzzyART(rho=0.6)], channel_dims=[2, 2], gamma_values=[1, 1]
    ).fit(X)
    assert fusion.modules_[0].r_hat_ == pytest.approx(0.5 * np.sqrt(2))  # the module's default
    assert fusion.weights_.shape == (fusion.n_categories_, 2 + 4)
    assert fusion.change_curve_[-1] == 0
    np.testing.assert_array_equal(fusion.predict(X), fusion.labels_)
    restored = pickle.loads(pickle.dumps(fusion))
    np.testing.assert_array_equal(restored.predict(X), fusion.predict(X))
    online = FusionART(channel_dims=[1, 3], n_epochs=1).fit(X[:150]).partial_fit(X[150:])
    warm = FusionART(channel_dims=[1, 3], n_epochs=1, warm_start=True).fit(X[:150]).fit(X[150:])
    np.testing.assert_array_equal(online.weights_, warm.weights_)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(modules=[FuzzyART(), FuzzyART()]), "channel_dims"),
        (dict(channel_dims=[1, 2]), "adding up"),
        (dict(channel_dims=[2, 2], gamma_values=[1.0]), "gamma_values"),
        (dict(channel_dims=[2, 2], gamma_values=[1.0, -1.0]), "gamma_values"),
    ],
)
def test_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        FusionART(**kwargs).fit(_data("iris"))

"""``zoo reproduce`` rows of the perceptron and the back-propagation network.

Each recipe fits one seed and returns the metric of its row (see :mod:`zoo.reproduce`).
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..datasets import make_encoder, make_xor
from ..reproduce import Experiment, register
from ._mlp_classifier import MLPClassifier
from ._perceptron import Perceptron


def _separable(seed, n_samples=200, margin=0.05):
    """Points in [-1, 1]^5 on either side of a random hyperplane, none nearer than ``margin``."""
    rng = np.random.default_rng(seed)
    w, b = rng.standard_normal(5), rng.uniform(-0.3, 0.3)
    X = rng.uniform(-1, 1, size=(4 * n_samples, 5))
    distance = (X @ w + b) / np.linalg.norm(w)
    keep = np.abs(distance) >= margin
    return X[keep][:n_samples], (distance[keep][:n_samples] > 0).astype(int)


def _perceptron_separable(seed, quick):
    X, y = _separable(seed)
    model = Perceptron(max_iter=1000, tol=None, random_state=seed).fit(X, y)
    return model.score(X, y)


def _perceptron_xor(seed, quick):
    X, y = make_xor()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Perceptron(max_iter=100 if quick else 1000, tol=None, random_state=seed)
        return model.fit(X, y).score(X, y)


def _backprop(X, y, n_hidden, seed, max_iter):
    """Rumelhart et al.'s network: logistic units, squared error, batch gradient descent with
    momentum (eta = 0.5, alpha = 0.9), one weight change per sweep through the patterns."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(
            hidden_layer_sizes=(n_hidden,),
            activation="sigmoid",
            loss="squared_error",
            solver="sgd",
            learning_rate_init=0.5,
            momentum=0.9,
            nesterovs_momentum=False,
            batch_size=len(X),
            alpha=0.0,
            max_iter=max_iter,
            n_iter_no_change=max_iter,
            tol=0.0,
            random_state=seed,
        ).fit(X, y)
    return model.score(X, y) == 1.0


def _xor(seed, quick):
    X, y = make_xor()
    return float(_backprop(X, y, 2, seed, 1000 if quick else 3000))


def _encoder(n_patterns, n_hidden):
    def recipe(seed, quick):
        X, _ = make_encoder(n_patterns)
        return float(_backprop(X, np.arange(n_patterns), n_hidden, seed, 1000 if quick else 3000))

    return recipe


register(
    Experiment(
        name="perceptron-separable",
        family="mlp",
        paper="Rosenblatt 1958",
        source="the perceptron convergence theorem (Rosenblatt 1962; Novikoff 1962)",
        protocol="200 points in [-1, 1]^5 labelled by a random hyperplane, margin >= 0.05; "
        "Rosenblatt's error-correction rule, online, until an epoch makes no mistake "
        "(at most 1000 epochs); the metric is the training accuracy",
        metric="training accuracy",
        published=1.0,
        tolerance=0.0,
        direction="higher",
        recipe=_perceptron_separable,
        seeds=20,
    )
)
register(
    Experiment(
        name="perceptron-xor",
        family="mlp",
        paper="Minsky & Papert 1969",
        source="Perceptrons: no linear threshold unit computes XOR, so at most 3 of its 4 "
        "patterns are right",
        protocol="the 4 XOR patterns, the perceptron rule for 1000 epochs (--quick: 100); the "
        "metric is the training accuracy, whose bound is 0.75",
        metric="training accuracy",
        published=0.75,
        tolerance=0.0,
        direction="lower",
        recipe=_perceptron_xor,
        seeds=20,
    )
)
register(
    Experiment(
        name="backprop-xor",
        family="mlp",
        paper="Rumelhart, Hinton & Williams 1986",
        source="PDP vol. 1 ch. 8, the XOR problem: local minima are rare",
        protocol="2-2-1 network of logistic units, squared error, batch gradient descent "
        "eta = 0.5, momentum 0.9, 3000 sweeps (--quick: 1000); solved when every pattern is on "
        "the right side of 0.5; the paper's figure is taken as 1.0 (it reports no rate)",
        metric="success rate",
        published=1.0,
        tolerance=0.2,
        direction="higher",
        recipe=_xor,
        seeds=20,
    )
)
register(
    Experiment(
        name="backprop-4-2-4-encoder",
        family="mlp",
        paper="Rumelhart, Hinton & Williams 1986",
        source="PDP vol. 1 ch. 8, the encoding problem: a binary code in the hidden units",
        protocol="4 one-hot patterns through 2 logistic hidden units to 4 outputs, the XOR "
        "row's training; solved when every pattern comes back; the paper's figure is taken as "
        "1.0 (it reports no rate)",
        metric="success rate",
        published=1.0,
        tolerance=0.2,
        direction="higher",
        recipe=_encoder(4, 2),
        seeds=20,
    )
)
register(
    Experiment(
        name="backprop-8-3-8-encoder",
        family="mlp",
        paper="Rumelhart, Hinton & Williams 1986",
        source="PDP vol. 1 ch. 8, the encoding problem (8-3-8): a binary code in the hidden units",
        protocol="8 one-hot patterns through 3 logistic hidden units to 8 outputs, the XOR "
        "row's training; solved when every pattern comes back; the paper's figure is taken as "
        "1.0 (it reports no rate)",
        metric="success rate",
        published=1.0,
        tolerance=0.2,
        direction="higher",
        recipe=_encoder(8, 3),
        seeds=20,
    )
)

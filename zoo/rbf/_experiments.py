"""``zoo reproduce`` rows of the radial basis function network (see :mod:`zoo.reproduce`)."""

import numpy as np
from sklearn.utils import check_random_state

from ..reproduce import Experiment, register
from ..reproduce.mnist import error_figure, fit_and_score
from ._centers import select_centers
from ._rbf_classifier import RBFClassifier


class _ClassCentresRBF:
    """LeCun et al.'s RBF network: k-means run on each class's images (``per_class`` centres
    per class), then :class:`RBFClassifier` on those centres (widths from the nearest centres,
    the output layer by ridge least squares)."""

    def __init__(self, per_class, seed):
        self.per_class, self.seed = per_class, seed

    def fit(self, X, y):
        rng = check_random_state(self.seed)
        centers = np.vstack(
            [select_centers(X[y == c], "kmeans", self.per_class, rng) for c in np.unique(y)]
        )
        self.model_ = RBFClassifier(centers=centers, random_state=self.seed).fit(X, y)
        return self

    def predict(self, X):
        return self.model_.predict(X)


def _make_model(quick, seed):
    return _ClassCentresRBF(10 if quick else 100, seed)


def _error(seed, quick, mnist):
    return fit_and_score(_make_model, mnist, quick, seed)[2]


register(
    Experiment(
        name="mnist-rbf-1000",
        family="rbf",
        paper="LeCun, Bottou, Bengio & Haffner 1998",
        source="section III.C and fig. 9, the MNIST test errors: RBF network, 1000 Gaussian "
        "units (k-means centres) and a linear classifier: 3.6%",
        protocol="MNIST's 60,000 training and 10,000 test images from the user's IDX files, "
        "pixels / 255 (--quick: the first 2,000 and 1,000); 1000 Gaussian units in 10 groups of "
        "100, each group's centres from k-means++ on one class's images, as the paper's (it ran "
        "adaptive k-means; zoo at most 20 Lloyd iterations); each unit's width from its nearest "
        "centres; the output layer by ridge least squares on one-hot targets, as the paper's "
        "regularised pseudo-inverse (RBFClassifier(centers=...)); --quick: 10 centres a class; "
        "one seed; the metric is the test error in percent",
        metric="test error (%)",
        published=3.6,
        tolerance=0.7,
        direction="lower",
        recipe=_error,
        figure=error_figure(_make_model),
        seeds=1,
        quick_seeds=1,
        needs="mnist",
    )
)

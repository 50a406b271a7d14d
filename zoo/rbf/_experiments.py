"""``zoo reproduce`` rows of the radial basis function network (see :mod:`zoo.reproduce`)."""

import numpy as np
from sklearn.utils import check_random_state

from ..reproduce import Experiment, register
from ..reproduce.mnist import DATA, error_figure, error_recipe
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


register(
    Experiment(
        name="mnist-rbf-1000",
        family="rbf",
        paper="LeCun, Bottou, Bengio & Haffner 1998",
        source="section III.C and fig. 9, the MNIST test errors: RBF network, 1000 Gaussian "
        "units (k-means centres) and a linear classifier: 3.6%",
        protocol=DATA + "; 1000 Gaussian units in 10 groups of "
        "100, each group's centres from k-means++ on one class's images, as the paper's (it ran "
        "adaptive k-means; zoo at most 20 Lloyd iterations); each unit's width from its nearest "
        "centres; the output layer by ridge least squares on one-hot targets, as the paper's "
        "regularised pseudo-inverse (RBFClassifier(centers=...)); --quick: 10 centres a class; "
        "one seed; the metric is the test error in percent",
        metric="test error (%)",
        published=3.6,
        tolerance=0.7,
        direction="lower",
        recipe=error_recipe(_make_model),
        figure=error_figure(_make_model),
        seeds=1,
        quick_seeds=1,
        needs="mnist",
    )
)

"""``zoo reproduce`` rows of the radial basis function network (see :mod:`zoo.reproduce`)."""

from ..reproduce import Experiment, register
from ..reproduce.mnist import error_figure, fit_and_score
from ._rbf_classifier import RBFClassifier


def _make_model(quick, seed):
    """LeCun et al.'s RBF network: k-means centres, Gaussian units, a linear output layer."""
    return RBFClassifier(n_centers=100 if quick else 1000, centers="kmeans", random_state=seed)


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
        "pixels / 255 (--quick: the first 2,000 and 1,000); RBFClassifier(n_centers=1000, "
        "centers='kmeans'): k-means++ centres over all the images (at most 20 Lloyd "
        "iterations), where the paper ran adaptive k-means on each class's images for 10 groups "
        "of 100 centres; each unit's width from its nearest centres; the output layer by ridge "
        "least squares on one-hot targets, as the paper's regularised pseudo-inverse; --quick: "
        "100 centres; one seed; the metric is the test error in percent",
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

"""``zoo reproduce`` rows of the convolutional network (see :mod:`zoo.reproduce`)."""

from ..reproduce import Experiment, register
from ..reproduce.mnist import DATA, error_figure, error_recipe
from ._convnet_classifier import ConvNetClassifier


def _make_model(quick, seed):
    """LeNet-5's layers: 6 kernels 5x5 on the padded 32x32 image, 2x2 pooling, 16 kernels 5x5,
    2x2 pooling, 120, 84, 10 (``padding=(2, 0)``: 61,706 parameters)."""
    return ConvNetClassifier(
        padding=(2, 0),
        image_shape=(28, 28),
        batch_size=128,
        max_iter=2 if quick else 20,
        n_iter_no_change=20,
        tol=0.0,
        random_state=seed,
    )


register(
    Experiment(
        name="mnist-lenet-5",
        family="conv",
        paper="LeCun, Bottou, Bengio & Haffner 1998",
        source="section III.C and fig. 9, the MNIST test errors: LeNet-5, no distortions: 0.95%",
        protocol=DATA + "; LeNet-5's layers "
        "(ConvNetClassifier(padding=(2, 0)): C1 6@5x5, S2, C3 16@5x5, S4, 120, 84, 10; 61,706 "
        "parameters) for 20 epochs as in the paper (--quick: 2); zoo departs in ReLU units, "
        "max pooling, full C3 connections, a softmax output on the log loss and Adam on "
        "minibatches of 128, where the paper used scaled tanh, trainable subsampling, C3's "
        "partial connection table, Euclidean RBF outputs and stochastic diagonal "
        "Levenberg-Marquardt; one seed; the metric is the test error in percent",
        metric="test error (%)",
        published=0.95,
        tolerance=0.35,
        direction="lower",
        recipe=error_recipe(_make_model),
        figure=error_figure(_make_model),
        seeds=1,
        quick_seeds=1,
        needs="mnist",
    )
)

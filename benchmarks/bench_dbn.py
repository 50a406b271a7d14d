"""A deep belief net on a larger digit set: zoo's DBNClassifier (greedy RBM pre-training, then
back-propagation) against the same network without pre-training (zoo.mlp.MLPClassifier, logistic
units) and scikit-learn's pipeline of BernoulliRBM + LogisticRegression, in one run.

Data: 28x28 grey-level digits in [0, 1] made from scikit-learn's 8x8 digits (zoomed 3.5x, shifted
by up to +-3 pixels; nothing is downloaded). Training images come from the first 1,200 base
digits, test images from the other 597, so no test digit is a shifted copy of a training digit.

Run: ``python benchmarks/bench_dbn.py [n_train] [n_test]`` (defaults 10000 3000). With
``ZOO_MNIST=DIR`` set, the first n_train / n_test images of the real MNIST IDX files in DIR are used
instead (:func:`zoo.datasets.load_mnist`; Hinton et al. 2006 report 1.25% test error).
"""

import os
import sys
import time
import warnings

import numpy as np
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import BernoulliRBM as SklearnRBM
from sklearn.pipeline import make_pipeline

from zoo.boltzmann import DBNClassifier
from zoo.datasets import load_mnist
from zoo.mlp import MLPClassifier


def shifted_digits(n_samples, base_indices, max_shift=3, seed=0):
    """n_samples 28x28 digits in [0, 1] drawn from the given base digits, zoomed and shifted."""
    digits = load_digits()
    rng = np.random.default_rng(seed)
    picks = rng.choice(base_indices, n_samples)
    shifts = rng.integers(-max_shift, max_shift + 1, (n_samples, 2))
    X = np.empty((n_samples, 28 * 28))
    for row, (pick, (dy, dx)) in enumerate(zip(picks, shifts)):
        image = np.clip(zoom(digits.images[pick] / 16.0, 3.5, order=1), 0.0, 1.0)
        X[row] = np.roll(image, (dy, dx), axis=(0, 1)).ravel()
    return X, digits.target[picks]


def main(n_train=10000, n_test=3000):
    if os.environ.get("ZOO_MNIST"):
        X_train, y_train = (part[:n_train] for part in load_mnist(os.environ["ZOO_MNIST"]))
        X_test, y_test = (part[:n_test] for part in load_mnist(os.environ["ZOO_MNIST"], "test"))
        print(f"MNIST: {len(X_train)} training images, {len(X_test)} test images")
    else:
        X_train, y_train = shifted_digits(n_train, np.arange(1200), seed=0)
        X_test, y_test = shifted_digits(n_test, np.arange(1200, 1797), seed=1)
        print(
            f"digits 28x28: {n_train} training images (base digits 0-1199), {n_test} test "
            "images (base digits 1200-1796)"
        )
    sizes = (256, 256)
    models = {
        "zoo DBNClassifier 784-256-256-10 (CD-1 x5 epochs/layer, adam x30)": DBNClassifier(
            hidden_layer_sizes=sizes,
            rbm_n_iter=5,
            rbm_batch_size=20,
            max_iter=30,
            learning_rate_init=0.01,
            random_state=0,
        ),
        "zoo MLPClassifier logistic 784-256-256-10, no pre-training (adam x30)": MLPClassifier(
            hidden_layer_sizes=sizes,
            activation="logistic",
            max_iter=30,
            learning_rate_init=0.01,
            random_state=0,
        ),
        "sklearn BernoulliRBM(256, 5 epochs) + LogisticRegression": make_pipeline(
            SklearnRBM(
                n_components=256, n_iter=5, batch_size=20, learning_rate=0.05, random_state=0
            ),
            LogisticRegression(C=100, max_iter=1000),
        ),
    }
    for name, model in models.items():
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X_train, y_train)
        elapsed = time.perf_counter() - start
        print(f"  {name:72s} test accuracy {model.score(X_test, y_test):.4f}  {elapsed:7.1f} s")


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:]])

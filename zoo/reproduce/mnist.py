"""What the MNIST rows of ``zoo reproduce`` share: the user's files read once, the test error,
and the figure (the training curve and the first misclassified test digits).

A row with ``needs="mnist"`` gets the folder of the user's IDX files as ``mnist=DIR``
(``zoo reproduce --mnist DIR``; nothing is downloaded) and reads it with :func:`load`, which
reads the four files through :func:`zoo.datasets.load_mnist` once per run (every MNIST row
shares the arrays) and, under ``--quick``, keeps the first :data:`QUICK_TRAIN` training and
:data:`QUICK_TEST` test images. :func:`fit_and_score` fits a row's model on the training images
and returns its test error in percent; it keeps the fits of the run, so a row's figure (drawn by
:func:`error_figure` for seed 0, which every MNIST row runs) does not train the network a
second time.
"""

import functools
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..datasets import load_mnist

__all__ = [
    "DATA",
    "QUICK_TEST",
    "QUICK_TRAIN",
    "error_figure",
    "error_recipe",
    "fit_and_score",
    "load",
]

#: Training and test images a ``--quick`` run keeps (the first ones of each file).
QUICK_TRAIN, QUICK_TEST = 2000, 1000

#: The data every MNIST row's protocol starts with.
DATA = (
    "MNIST's 60,000 training and 10,000 test images from the user's IDX files, pixels / 255 "
    "(--quick: the first 2,000 and 1,000)"
)


@functools.lru_cache(maxsize=2)
def load(directory, quick):
    """``(X_train, y_train, X_test, y_test)`` from the IDX files in ``directory``: pixels in
    [0, 1] as float32 (every MNIST row trains in float32), the first :data:`QUICK_TRAIN` /
    :data:`QUICK_TEST` images under ``quick``. The arrays are read-only (shared by the rows)."""
    X_train, y_train = load_mnist(directory, "train")
    X_test, y_test = load_mnist(directory, "test")
    if quick:
        X_train, y_train = X_train[:QUICK_TRAIN], y_train[:QUICK_TRAIN]
        X_test, y_test = X_test[:QUICK_TEST], y_test[:QUICK_TEST]
    arrays = [X_train.astype(np.float32), y_train, X_test.astype(np.float32), y_test]
    for array in arrays:
        array.flags.writeable = False
    return tuple(arrays)


#: Fits kept: one per MNIST row of a run (the rows' figures are drawn after all of them ran).
_KEPT_FITS = 16


@functools.lru_cache(maxsize=_KEPT_FITS)
def _fit(make_model, directory, quick, seed):
    X_train, y_train, X_test, y_test = load(directory, quick)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = make_model(quick, seed).fit(X_train, y_train)
    predicted = model.predict(X_test)
    return model, predicted, 100.0 * float(np.mean(predicted != y_test))


def fit_and_score(make_model, directory, quick, seed):
    """``(model, test predictions, test error in %)`` of ``make_model(quick, seed)`` fitted on
    the training images of ``directory``; the fits are kept for the rows' figures."""
    return _fit(make_model, directory, quick, seed)


def error_recipe(make_model):
    """A row's ``recipe``: the test error in percent of ``make_model(quick, seed)``."""

    def recipe(seed, quick, mnist):
        return fit_and_score(make_model, mnist, quick, seed)[2]

    return recipe


def error_figure(make_model, caption=""):
    """A row's ``figure`` hook: the model's training curve (``loss_curve_``, when it has one)
    and the first 12 misclassified test digits, each with its predicted and true label."""

    def figure(seed, quick, fig, mnist):
        model, predicted, error = fit_and_score(make_model, mnist, quick, seed)
        _, _, X_test, y_test = load(mnist, quick)
        fig.set_size_inches(8.0, 3.6)
        grid = fig.add_gridspec(3, 7)
        curve = fig.add_subplot(grid[:, :3])
        loss = np.asarray(getattr(model, "loss_curve_", None) or [], dtype=float)
        if len(loss):
            curve.plot(np.arange(1, len(loss) + 1), loss, marker="o", markersize=3)
            curve.set(xlabel="epoch", ylabel="training loss")
            curve.grid(alpha=0.3)
        else:
            curve.text(0.5, 0.5, "no training curve", ha="center", transform=curve.transAxes)
            curve.set_axis_off()
        curve.set_title(f"test error {error:.2f}% on {len(y_test)} images", fontsize=9)
        wrong = np.flatnonzero(predicted != y_test)[:12]
        side = int(round(np.sqrt(X_test.shape[1])))
        for k in range(12):
            ax = fig.add_subplot(grid[k // 4, 3 + k % 4])
            ax.set_axis_off()
            if k < len(wrong):
                i = wrong[k]
                ax.imshow(X_test[i].reshape(side, side), cmap="gray_r")
                ax.set_title(f"{predicted[i]} (true {y_test[i]})", fontsize=7)
        return caption or "the training curve and the first misclassified test digits"

    return figure

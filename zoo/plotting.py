r"""MATLAB's training and fit figures for any zoo or scikit-learn estimator: performance,
regression and error histogram.

The figures MATLAB's ``train`` window offers after every fit, drawn from what a fitted estimator
already records: :func:`plot_performance` (``plotperform``: the training loss per epoch, and the
validation loss when ``early_stopping`` held a split out, from ``loss_curve_`` and
``validation_loss_curve_``), :func:`plot_regression` (``plotregression``: outputs against targets
with their least-squares line and correlation :math:`R`) and :func:`plot_error_histogram`
(``ploterrhist``: the errors :math:`e = t - y` in 20 bins). The family figures live with their
family (``zoo.som.plot``, ``zoo.gas.plot``, ``zoo.dynamic.plotting``); confusion matrices and ROC
curves are scikit-learn's (``ConfusionMatrixDisplay``, ``RocCurveDisplay``). matplotlib is
imported only when a figure is drawn (``pip install zoo-nn[plot]``).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import numpy as np
>>> from zoo.plotting import plot_regression
>>> t = np.linspace(0, 1, 50)
>>> ax = plot_regression(t, 2 * t + 1)
>>> ax.get_title()
'R = 1'
"""

import numpy as np
from sklearn.utils.validation import check_consistent_length, check_is_fitted


def _pyplot(module="zoo.plotting"):
    """matplotlib's pyplot, imported when a figure is drawn (matplotlib is the optional ``plot``
    extra), or an ImportError saying how to install it; every plotting module of zoo calls this
    one, naming itself."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"{module} needs matplotlib: pip install 'zoo-nn[plot]' (in a clone: "
            "pip install -e '.[plot]')"
        ) from error
    return plt


def _axes(ax):
    if ax is None:
        _, ax = _pyplot().subplots()
    return ax


def _targets_and_outputs(y_true, y_pred):
    """Both as float64 vectors, every output of a multi-output problem pooled (as MATLAB pools
    the rows of its target matrix)."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    check_consistent_length(y_true, y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape; got {y_true.shape} and {y_pred.shape}."
        )
    y_true, y_pred = y_true.ravel(), y_pred.ravel()
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty.")
    if not (np.all(np.isfinite(y_true)) and np.all(np.isfinite(y_pred))):
        raise ValueError("y_true and y_pred must be finite.")
    return y_true, y_pred


def plot_performance(estimator, ax=None):
    """The training criterion per epoch and, with a validation split, the validation loss
    (MATLAB's ``plotperform``), on a log scale when every value is positive.

    A circle marks the best epoch: the lowest validation loss when the estimator held a split out
    (``early_stopping=True``, whose best weights the estimator keeps), else the lowest training
    criterion. MATLAB also draws a test curve from its third split; in scikit-learn the test set
    stays outside ``fit`` (``train_test_split``), so there is none.

    Parameters
    ----------
    estimator : fitted estimator with ``loss_curve_``
        Any zoo or scikit-learn estimator that records one (the MLPs, RBF fine-tuning, the
        recurrent and convolutional networks, the SOM, ...).
    ax : matplotlib Axes, default=None

    Returns
    -------
    ax : matplotlib Axes
        ``ax.lines[0]`` is the training curve, ``ax.lines[1]`` the validation curve when there
        is one, and the last line the best epoch's marker.
    """
    check_is_fitted(estimator, "loss_curve_")
    train = np.asarray(estimator.loss_curve_, dtype=np.float64)
    validation = getattr(estimator, "validation_loss_curve_", None)
    validation = None if validation is None else np.asarray(validation, dtype=np.float64)
    if train.size == 0:
        raise ValueError("loss_curve_ is empty: the estimator recorded no epoch.")
    ax = _axes(ax)
    epochs = np.arange(1, train.size + 1)
    ax.plot(epochs, train, color="tab:blue", label="Train")
    curves = [train]
    if validation is not None and validation.size:
        ax.plot(
            np.arange(1, validation.size + 1), validation, color="tab:green", label="Validation"
        )
        curves.append(validation)
        best_curve, which = validation, "validation"
    else:
        best_curve, which = train, "training"
    best = int(np.nanargmin(best_curve))
    ax.plot(
        best + 1,
        best_curve[best],
        "o",
        color="tab:green" if which == "validation" else "tab:blue",
        fillstyle="none",
        markersize=10,
        label="Best",
    )
    if all(np.all(curve[np.isfinite(curve)] > 0) for curve in curves):
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(getattr(estimator, "_loss_curve_quantity", "loss"))
    ax.set_title(f"Best {which} performance is {best_curve[best]:.4g} at epoch {best + 1}")
    ax.legend()
    return ax


def plot_regression(y_true, y_pred, ax=None, title=None):
    r"""Outputs against targets with their least-squares line (MATLAB's ``plotregression``).

    The dashed diagonal is :math:`y = t`; the solid line is the least-squares fit
    :math:`y \approx a t + b`; the title gives the correlation coefficient :math:`R` of outputs
    and targets (1 for a perfect fit). Several outputs are pooled into one plot, as MATLAB does.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The targets.
    y_pred : array-like of the same shape
        The estimator's outputs (``predict``).
    ax : matplotlib Axes, default=None
    title : str, default=None
        Put before ``R = ...`` (MATLAB's ``plotregression(t, y, "Test")``).

    Returns
    -------
    ax : matplotlib Axes
        ``ax.collections[0]`` holds the points, ``ax.lines[0]`` the fitted line and
        ``ax.lines[1]`` the diagonal; ``ax.fit_`` is ``(a, b, R)``.
    """
    t, y = _targets_and_outputs(y_true, y_pred)
    if np.ptp(t) > 0:
        a, b = np.polyfit(t, y, 1)
    else:
        a, b = 0.0, float(np.mean(y))
    r = float(np.corrcoef(t, y)[0, 1]) if np.ptp(t) > 0 and np.ptp(y) > 0 else float("nan")
    ax = _axes(ax)
    ax.scatter(t, y, s=12, facecolors="none", edgecolors="black", label="Data")
    low, high = float(min(t.min(), y.min())), float(max(t.max(), y.max()))
    line = np.array([low, high])
    ax.plot(line, a * line + b, color="tab:blue", label=f"Fit: y = {a:.3g} t + {b:.3g}")
    ax.plot(line, line, ":", color="gray", label="y = t")
    ax.set_xlabel("target")
    ax.set_ylabel("output")
    ax.set_title(f"{title}: R = {r:.4g}" if title else f"R = {r:.4g}")
    ax.legend(loc="upper left")
    ax.fit_ = (float(a), float(b), r)
    return ax


def plot_error_histogram(y_true, y_pred, bins=20, ax=None):
    """Histogram of the errors :math:`e = t - y` (MATLAB's ``ploterrhist``, with its 20 bins and
    its sign: a positive error is an output below its target), with a line at zero error.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
    y_pred : array-like of the same shape
    bins : int, default=20
    ax : matplotlib Axes, default=None

    Returns
    -------
    ax : matplotlib Axes
        ``ax.patches`` are the ``bins`` bars; ``ax.lines[0]`` is the zero-error line.
    """
    t, y = _targets_and_outputs(y_true, y_pred)
    if not isinstance(bins, (int, np.integer)) or bins < 1:
        raise ValueError(f"bins must be a positive integer; got {bins!r}.")
    errors = t - y
    ax = _axes(ax)
    ax.hist(errors, bins=int(bins), color="tab:blue", edgecolor="white")
    ax.axvline(0.0, color="tab:orange", label="Zero error")
    ax.set_xlabel("error = target - output")
    ax.set_ylabel("instances")
    ax.set_title(f"Error histogram with {int(bins)} bins")
    ax.legend()
    return ax

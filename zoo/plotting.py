r"""MATLAB's training and fit figures for any zoo or scikit-learn estimator: performance,
regression, error histogram and the error surface of a linear neuron.

The figures MATLAB's ``train`` window offers after every fit, drawn from what a fitted estimator
already records: :func:`plot_performance` (``plotperform``: the training loss per epoch, and the
validation loss when ``early_stopping`` held a split out, from ``loss_curve_`` and
``validation_loss_curve_``), :func:`plot_regression` (``plotregression``: outputs against targets
with their least-squares line and correlation :math:`R`) and :func:`plot_error_histogram`
(``ploterrhist``: the errors :math:`e = t - y` in 20 bins); and for a one-input linear neuron
(ADALINE) :func:`error_surface` (``errsurf``) and :func:`plot_error_surface` (``plotes`` and
``plotep``: the surface and the weights' place on it); :func:`plot_train_state`
(``plottrainstate``: gradient, damping and validation checks per iteration). The family figures
live with their family (``zoo.som.plot``, ``zoo.gas.plot``, ``zoo.dynamic.plotting``); confusion
matrices and ROC curves are scikit-learn's (``ConfusionMatrixDisplay``, ``RocCurveDisplay``).
matplotlib is imported only when a figure is drawn (``pip install zoo-nn[plot]``).

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


def error_surface(X, y, weights, biases):
    r"""The mean squared error of a one-input linear neuron over a grid of weights and biases
    (MATLAB's ``errsurf`` with ``purelin``).

    .. math:: E(w, b) = \frac1n \sum_{i=1}^n \big(t_i - (w x_i + b)\big)^2

    Parameters
    ----------
    X : array-like of shape (n_samples, 1) or (n_samples,)
        The single input.
    y : array-like of shape (n_samples,)
        The targets (for a classifying ADALINE, its :math:`\pm 1` coding).
    weights, biases : array-like of shape (n_weights,) and (n_biases,)
        The grid's axes.

    Returns
    -------
    E : ndarray of shape (n_biases, n_weights)
        ``E[j, i]`` is the error at ``weights[i], biases[j]`` (matplotlib's ``contour`` layout).
    """
    x, t = _single_input(X, y)
    weights = np.asarray(weights, dtype=np.float64).ravel()
    biases = np.asarray(biases, dtype=np.float64).ravel()
    if weights.size == 0 or biases.size == 0:
        raise ValueError("weights and biases must not be empty.")
    if not (np.all(np.isfinite(weights)) and np.all(np.isfinite(biases))):
        raise ValueError("weights and biases must be finite.")
    E = np.empty((biases.size, weights.size))
    for i, w in enumerate(weights):  # one (n_biases, n_samples) block of residuals at a time
        residual = (t - w * x)[np.newaxis, :] - biases[:, np.newaxis]  # t - (w x + b)
        E[:, i] = np.einsum("ij,ij->i", residual, residual) / x.size
    return E


def _single_input(X, y):
    x = np.asarray(X, dtype=np.float64)
    if x.ndim == 2:
        if x.shape[1] != 1:
            raise ValueError(
                f"The error surface is drawn for a neuron with one input; X has {x.shape[1]} "
                "features."
            )
        x = x[:, 0]
    t = np.asarray(y, dtype=np.float64)
    if x.ndim != 1 or t.ndim != 1:
        raise ValueError("X must be one input column and y one target per sample.")
    check_consistent_length(x, t)
    if x.size == 0:
        raise ValueError("X and y are empty.")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(t))):
        raise ValueError("X and y must be finite.")
    return x, t


def plot_error_surface(X, y, estimator=None, weights=None, biases=None, path=None, ax=None):
    r"""The error surface of a one-input linear neuron and where its weights are on it (MATLAB's
    ``plotes`` and ``plotep``).

    Contours of :func:`error_surface` over the grid; the least-squares minimum (the Wiener
    solution the LMS rule approaches) as a cross; the fitted ``estimator``'s
    :math:`(w, b)` (an ADALINE, or any linear model with one ``coef_`` and ``intercept_``) as a
    dot; and ``path``, a sequence of :math:`(w, b)` pairs (for example one per ``partial_fit``
    call), as a line, as ``plotep`` traces training.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    y : array-like of shape (n_samples,)
    estimator : fitted linear estimator, default=None
    weights, biases : array-like, default=None
        The grid's axes; None: 61 values centred on the least-squares solution, wide enough to
        hold it, the estimator and the path.
    path : array-like of shape (n_steps, 2), default=None
    ax : matplotlib Axes, default=None

    Returns
    -------
    ax : matplotlib Axes
        ``ax.collections`` holds the contours; the lines are the minimum, then the estimator's
        point and the path when given.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from zoo.mlp import ADALINERegressor
    >>> from zoo.plotting import plot_error_surface
    >>> X = np.linspace(-1, 1, 40)[:, None]
    >>> y = 2 * X[:, 0] - 0.5
    >>> ax = plot_error_surface(X, y, ADALINERegressor().fit(X, y))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('weight w', 'bias b')
    """
    x, t = _single_input(X, y)
    # the least-squares (Wiener) solution of t ~ w x + b
    design = np.column_stack([x, np.ones_like(x)])
    optimum = np.linalg.lstsq(design, t, rcond=None)[0]
    points = [optimum]
    fitted = None
    if estimator is not None:
        check_is_fitted(estimator, "coef_")
        coef = np.asarray(estimator.coef_, dtype=np.float64).ravel()
        intercept = np.asarray(getattr(estimator, "intercept_", 0.0), dtype=np.float64).ravel()
        if coef.size != 1 or intercept.size != 1:
            raise ValueError(
                "The estimator must be a linear neuron with one weight and one bias; it has "
                f"{coef.size} weights and {intercept.size} biases."
            )
        fitted = np.array([coef[0], intercept[0]])
        points.append(fitted)
    if path is not None:
        path = np.asarray(path, dtype=np.float64)
        if path.ndim != 2 or path.shape[1] != 2 or not np.all(np.isfinite(path)):
            raise ValueError("path must be finite (w, b) pairs, of shape (n_steps, 2).")
        points.extend(path)
    points = np.asarray(points)
    half_width = np.max(np.abs(points - optimum), axis=0) * 1.2 + 1.0
    if weights is None:
        weights = np.linspace(optimum[0] - half_width[0], optimum[0] + half_width[0], 61)
    if biases is None:
        biases = np.linspace(optimum[1] - half_width[1], optimum[1] + half_width[1], 61)
    E = error_surface(x[:, np.newaxis], t, weights, biases)
    ax = _axes(ax)
    contours = ax.contour(weights, biases, E, levels=20, cmap="viridis")
    ax.clabel(contours, inline=True, fontsize=7, fmt="%.2g")
    ax.plot(*optimum, "x", color="black", markersize=9, label="minimum")
    if fitted is not None:
        ax.plot(*fitted, "o", color="tab:red", label="estimator")
    if path is not None and len(path):
        ax.plot(path[:, 0], path[:, 1], ".-", color="tab:orange", label="path")
    ax.set_xlabel("weight w")
    ax.set_ylabel("bias b")
    ax.set_title("Error surface")
    ax.legend()
    return ax


def plot_train_state(estimator):
    r"""The training state per iteration (MATLAB's ``plottrainstate``): the gradient's norm, the
    Levenberg-Marquardt damping :math:`\mu` and the validation checks, one panel each.

    The gradient :math:`\lVert \nabla E(w) \rVert` of the objective ``loss_curve_`` records
    (``gradient_curve_``) is noted by the full-batch solvers ``lm``, ``scg``, ``cg``, ``oss``,
    ``gdx`` and ``gda``; :math:`\mu` (``mu_curve_``) by ``lm``. The validation checks are the
    iterations since the best validation score, from ``validation_scores_`` (with
    ``early_stopping``): MATLAB's ``val fail``.

    Parameters
    ----------
    estimator : fitted estimator
        One trained by a solver that notes the gradient (``gradient_curve_``).

    Returns
    -------
    fig : matplotlib Figure
        One Axes per panel, titled by what it shows.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_regression
    >>> from zoo import MLPRegressor
    >>> from zoo.plotting import plot_train_state
    >>> X, y = make_regression(n_samples=60, n_features=3, noise=0.1, random_state=0)
    >>> net = MLPRegressor(hidden_layer_sizes=(5,), solver="lm", max_iter=20, random_state=0)
    >>> net = net.fit(X, y / 100)
    >>> [ax.get_title().split(" =")[0] for ax in plot_train_state(net).axes]
    ['Gradient', 'Mu']
    """
    check_is_fitted(estimator, "loss_curve_")
    gradient = getattr(estimator, "gradient_curve_", None)
    if not gradient:
        raise ValueError(
            f"{type(estimator).__name__} recorded no gradient per iteration: train it with a "
            "full-batch solver (lm, scg, cg, oss, gdx, gda) to plot its training state."
        )
    panels = [("Gradient", np.asarray(gradient, dtype=np.float64), True)]
    mu = getattr(estimator, "mu_curve_", None)
    if mu:
        panels.append(("Mu", np.asarray(mu, dtype=np.float64), True))
    scores = getattr(estimator, "validation_scores_", None)
    if scores:
        checks, best, count = [], -np.inf, 0
        for score in scores:  # iterations since the best validation score
            count = 0 if score > best else count + 1
            best = max(best, score)
            checks.append(count)
        panels.append(("Validation checks", np.asarray(checks, dtype=np.float64), False))
    fig, axes = _pyplot().subplots(len(panels), 1, sharex=True, squeeze=False)
    for ax, (title, values, logarithmic) in zip(axes[:, 0], panels):
        ax.plot(np.arange(1, values.size + 1), values, color="tab:blue")
        if logarithmic and np.all(values > 0):
            ax.set_yscale("log")
        ax.set_title(f"{title} = {values[-1]:.3g}, at iteration {values.size}")
        ax.set_ylabel(title.lower())
    axes[-1, 0].set_xlabel("iteration")
    fig.tight_layout()
    return fig

"""Input checks shared by every family, so the same mistake gets the same clear message everywhere.

scikit-learn's ``validate_data`` already names NaN, inf, empty input, inconsistent lengths, wrong
widths, 3-D arrays and strings; the checks here cover what it does not.

Scale limits (:func:`check_input_scale`): an input is rejected, naming its scale, once the highest
power of its entries that the model forms would overflow -- squared distances (about 1e153 in
float64, 1e18 in float32, for a few features) or, for models trained on gradients of a squared
error or an energy (MLP, ConvNet, cascade-correlation, GLVQ/GMLVQ, the Boltzmann family), fourth
powers (about 1e76 and 1e9). Radial widths must have a representable square (:func:`check_width`).
"""

import math

import numpy as np
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import _check_sample_weight

from .diagnostics import warn_at_caller

#: scikit-learn's sentence for a solver whose weights became non-finite; zoo's divergence errors
#: contain it word for word, so code written against scikit-learn's message keeps working.
NONFINITE_WEIGHTS = (
    "Solver produced non-finite parameter weights. The input data may contain large values and "
    "need to be preprocessed."
)


def check_at_least_two_classes(classes, estimator_name):
    """A classifier needs two classes to tell apart; raise ValueError naming the single one."""
    if len(classes) < 2:
        raise ValueError(
            f"{estimator_name} needs samples of at least 2 classes in the data, but the data "
            f"contains only one class: {classes[0]!r}."
        )


def check_input_scale(X, estimator_name, what="X", prefix="", power=2):
    r"""Raise ValueError when powers of ``X``'s entries that the model forms would overflow.

    Distance-based models compute :math:`\lVert x - c\rVert^2 = \sum_j (x_j - c_j)^2`, and
    linear ones :math:`\sum_j w_j x_j` with weights of the data's scale: with :math:`|x_j| \le m`
    a squared distance is at most :math:`s = 4 m^2 d` for ``d`` features (``power=2``). Models
    trained on the gradient of a squared error or of an energy go further (``power=4``): the
    gradient :math:`\partial E/\partial w = \delta x` with :math:`\delta \propto w x` is of
    order :math:`s`, and Adam's second moment (its square), L-BFGS's curvature pairs
    (:math:`s_k^\top y_k`) and a Boltzmann machine's energy :math:`v^\top W v` with
    :math:`W \propto \langle v v^\top\rangle` reach :math:`s^2`. So X is accepted while
    :math:`s^{p/2} < M` for the dtype's largest value :math:`M`, i.e.

    .. math:: m < \sqrt{M^{2/p} / 4d} ,

    beyond which the model could only return inf or NaN (or warn of overflow). With a few
    features that is about 1e153 (float64) and 1e18 (float32) for ``power=2``, and 1e76 and 1e9
    for ``power=4``. The input is rejected with its scale named; ``prefix`` is put before the
    explanation (the MLP puts scikit-learn's :data:`NONFINITE_WEIGHTS` sentence there, as
    scikit-learn's own tests expect it).
    """
    data = X.data if hasattr(X, "tocsr") else X
    if data.size == 0 or data.dtype.kind != "f":
        return
    largest = float(np.max(np.abs(data), where=~np.isnan(data), initial=0.0))  # NaN = missing
    n_features = X.shape[-1] if X.ndim >= 2 else 1
    limit = np.sqrt(float(np.finfo(data.dtype).max) ** (2.0 / power) / (4.0 * n_features))
    if largest >= limit:
        formed = "squared distances" if power == 2 else f"the {power}th powers its training forms"
        raise ValueError(
            f"{estimator_name}: {prefix + ' ' if prefix else ''}{what} has values as large as "
            f"{largest:.3g}, so {formed} overflow {data.dtype} (the limit "
            f"for {n_features} features is about {limit:.3g}). Scale the input, e.g. with "
            "StandardScaler."
        )


#: The earlier name, kept for the families that imported it (PNN/GRNN).
check_distance_scale = check_input_scale


class UnitIntervalWarning(UserWarning):
    """X given to a model of units with values in [0, 1] (ART's fuzzy inputs, the binary visible
    units of the Boltzmann family) has values outside [0, 1]."""


def unit_interval_excursion(X, estimator_name):
    """The message for input outside [0, 1], naming the range found and the fix; None when X lies
    in [0, 1] up to a scaler's rounding (16 ulps), which the caller may clip silently."""
    if X.shape[0] == 0 or X.size == 0:
        return None
    low, high = float(X.min()), float(X.max())  # sparse X: implicit zeros are counted
    rounding = 16 * np.finfo(X.dtype).eps if X.dtype.kind == "f" else 0.0
    if low >= -rounding and high <= 1.0 + rounding:
        return None
    return (
        f"{estimator_name} takes input in [0, 1], but X has values in [{low:.6g}, {high:.6g}]. "
        "Scale it first, e.g. with sklearn.preprocessing.MinMaxScaler (whose output can leave "
        "[0, 1] for data beyond its training range)"
    )


def warn_outside_unit_interval(X, estimator_name, consequence):
    """Warn (:class:`UnitIntervalWarning`, at the user's line) when X leaves [0, 1]; the message
    ends with ``consequence``, what the model does with such values. True when it warned."""
    message = unit_interval_excursion(X, estimator_name)
    if message is not None:
        warn_at_caller(f"{message}; {consequence}", UnitIntervalWarning)
    return message is not None


def check_width(widths, dtype, estimator_name, parameters):
    r"""Raise ValueError, naming ``parameters``, when a radial width cannot be used in ``dtype``.

    A radial unit computes :math:`q = r^2/\sigma^2`, so :math:`\sigma^2` must be a positive,
    finite (normal) number: :math:`\sigma \in [\sqrt{t}, \sqrt{M})` for the dtype's smallest
    normal :math:`t` and largest :math:`M` -- about [1.5e-154, 1.3e154] in float64 and
    [1.1e-19, 1.8e19] in float32. (Widths computed from the data scale with it, so the bound
    itself is not data-relative; widths far below the distances still give :math:`q = \infty`
    and :math:`\varphi = 0` for the Gaussian.)
    """
    info = np.finfo(dtype)
    low, high = float(np.sqrt(info.tiny)), float(np.sqrt(info.max))
    widths = np.asarray(widths, dtype=np.float64)
    smallest, biggest = float(widths.min()), float(widths.max())
    if smallest < low or biggest >= high:
        raise ValueError(
            f"{estimator_name}: {parameters} give widths from {smallest:.3g} to {biggest:.3g}, "
            f"but width**2 is representable in {np.dtype(dtype).name} only for widths within "
            f"[{low:.2g}, {high:.2g}]. Choose a width in that range."
        )


def check_cost_scale(value, name, estimator_name, dtype):
    r"""Raise ValueError naming ``name`` when a factor that scales a cost and all its gradients
    (GLVQ's ``beta`` with the identity activation) is too large or small for ``dtype``: solvers
    square gradients, so :math:`c^2` and :math:`1/c^2` must stay below :math:`\sqrt M`, i.e.
    :math:`c \in [M^{-1/4}, M^{1/4}]` (about [8.6e-78, 1.2e77] in float64, [7.4e-10, 1.4e9] in
    float32)."""
    largest = float(np.finfo(dtype).max)
    low, high = largest**-0.25, largest**0.25
    if not low <= value <= high:
        raise ValueError(
            f"{estimator_name}: {name}={value:g} scales the cost and its gradients beyond what "
            f"{np.dtype(dtype).name} can square; use {name} within [{low:.2g}, {high:.2g}]."
        )


def check_sample_weight(sample_weight, X):
    r"""``sample_weight`` as a 1-D array of X's dtype (ones when None), with scikit-learn's errors
    for a wrong length, NaN or inf, for negative weights ("Negative values in data passed to
    `sample_weight`": a negative weight would make training climb its loss) and all-zero ones,
    and a ValueError for weights whose total passes :math:`\sqrt{\text{max float}}` (1.3e154 in
    float64, 1.8e19 in float32): the weighted sums of squares and products that training forms
    would overflow."""
    dtype = X.dtype if X.dtype.kind == "f" else np.float64
    sample_weight = _check_sample_weight(sample_weight, X, dtype=dtype, ensure_non_negative=True)
    bound = np.sqrt(np.finfo(dtype).max)
    total = math.fsum(sample_weight.tolist())
    if total > bound:
        raise ValueError(
            f"sample_weight sums to {total:.3g}, beyond {bound:.3g} in {np.dtype(dtype).name}: "
            "the weighted sums training forms would overflow. Rescale the weights (divide them "
            "by their mean, for instance)."
        )
    return sample_weight


def drop_zero_weights(sample_weight, *arrays):
    """``(sample_weight, *arrays)`` without the rows of weight zero, and ``None`` for weights that
    are then all 1.

    For the families whose weighted rule is the unweighted one with each sample counted ``w``
    times (prototype updates, votes): a sample of weight zero is then absent from training --
    random permutations and draws included, so zero weight equals dropping the row -- and weights
    of 1 take the unweighted path itself. ``sample_weight`` as returned by
    :func:`check_sample_weight`; new arrays are made only when rows are dropped.
    """
    if sample_weight is None:
        return (None, *arrays)
    keep = sample_weight > 0
    if not keep.all():
        sample_weight = sample_weight[keep]
        arrays = tuple(a[keep] for a in arrays)
    if (sample_weight == 1).all():
        sample_weight = None
    return (sample_weight, *arrays)


def positive_weight_rows(sample_weight, X, *arrays):
    """``(sample_weight, X, *arrays)`` with the weights checked (:func:`check_sample_weight`) and
    the rows of weight zero dropped (:func:`drop_zero_weights`: weights then all 1 are None);
    ``sample_weight=None`` returns the arrays unchanged."""
    if sample_weight is None:
        return (None, X, *arrays)
    return drop_zero_weights(check_sample_weight(sample_weight, X), X, *arrays)


def check_warm_start_classes(classes, fitted_classes):
    """Refuse a warm fit whose ``y`` has other classes than the fitted model's (one output,
    prototype or map-field entry per class), with scikit-learn's MLPClassifier's message."""
    if set(np.asarray(classes).tolist()) != set(np.asarray(fitted_classes).tolist()):
        raise ValueError(
            "warm_start can only be used where `y` has the same classes as in the previous "
            f"call to fit. Previously got {fitted_classes}, `y` has {classes}"
        )


def check_class_weight(class_weight):
    """Raise ValueError for a ``class_weight`` dict with a negative or non-finite weight, or with
    every weight 0; return it unchanged (None, "balanced" and valid dicts pass).

    A class weight multiplies the loss of that class's samples: a negative one makes training
    climb that loss (as a negative ``sample_weight`` would), and all zero leaves nothing to learn.
    """
    if not isinstance(class_weight, dict):
        return class_weight
    weights = {key: float(value) for key, value in class_weight.items()}
    bad = {key: value for key, value in weights.items() if not (value >= 0 and value < np.inf)}
    if bad:
        raise ValueError(
            f"class_weight must give every class a non-negative, finite weight; got {bad}. A "
            "negative weight would make training climb that class's loss."
        )
    if weights and not any(weights.values()):
        raise ValueError(
            f"class_weight gives every class the weight 0 ({class_weight}): there would be "
            "nothing to learn. Give at least one class a positive weight."
        )
    return class_weight


def check_finite_parameters(arrays, estimator_name):
    """Raise ValueError if training produced non-finite weights (never return a NaN model)."""
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError(
            f"{estimator_name}: {NONFINITE_WEIGHTS} Scale the input (e.g. StandardScaler) or "
            "lower the learning rate."
        )


def check_classification_target_kind(y, allowed=("binary", "multiclass")):
    """Return sklearn's ``type_of_target(y)``, raising ValueError for kinds not in ``allowed``."""
    kind = type_of_target(y, input_name="y")
    if kind not in allowed:
        raise ValueError(
            f"Unknown label type: {kind!r}. Expected one of {list(allowed)}; continuous targets "
            "need a regressor."
        )
    return kind


def encode_class_labels(y, estimator_name):
    """Check a single-label target and encode it: ``classes, y_index``, ``classes[y_index] == y``.

    Raises ValueError for continuous or multilabel targets and for a single class.
    """
    check_classification_target_kind(y)
    classes, y_index = np.unique(y, return_inverse=True)
    check_at_least_two_classes(classes, estimator_name)
    return classes, y_index


def known_class_index(y, classes):
    """Index of each label of ``y`` in the sorted ``classes`` fixed by an earlier call (a later
    ``partial_fit`` or warm start); ValueError naming the labels that ``classes`` lacks."""
    unknown = np.setdiff1d(y, classes)
    if unknown.size:
        raise ValueError(f"y has classes {unknown.tolist()} not in classes_ {classes.tolist()}.")
    return np.searchsorted(classes, y)


def check_rows_observed(X, estimator_name):
    """Rows with missing values (NaN) are allowed, but a row must have at least one observed
    value; ValueError naming the first rows that have none."""
    empty = np.isnan(X).all(axis=1)
    if empty.any():
        raise ValueError(
            f"{estimator_name}: rows {np.flatnonzero(empty)[:5].tolist()} of X have no observed "
            "value (all NaN); drop them or fill them in before."
        )
    return X

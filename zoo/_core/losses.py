r"""Loss functions and their gradients with respect to the output layer's pre-activation.

All losses are averaged over samples (weighted by ``sample_weight`` when given) and summed over
outputs, so that the binary, multilabel and multi-output cases share one convention:

* squared error   :math:`E = \frac{1}{2n}\sum_i \sum_k (y_{ik} - p_{ik})^2`
* binary log loss :math:`E = -\frac{1}{n}\sum_i \sum_k [y_{ik}\log p_{ik} +
(1-y_{ik})\log(1-p_{ik})]`
* log loss        :math:`E = -\frac{1}{n}\sum_i \sum_k y_{ik}\log p_{ik}` (multiclass)
* Poisson         :math:`E = \frac{1}{n}\sum_i \sum_k [y\log(y/p) - y + p]` (half deviance)
* absolute error  :math:`E = \frac{1}{n}\sum_i \sum_k \lvert p_{ik} - y_{ik}\rvert`, with the
  subgradient :math:`\operatorname{sign}(p - y)` (0 where :math:`p = y`, where it is not
  differentiable)
* Huber           :math:`E = \frac{1}{n}\sum_i \sum_k h_\delta(p_{ik} - y_{ik})`,
  :math:`h_\delta(r) = \frac12 r^2` for :math:`\lvert r\rvert \le \delta` and
  :math:`\delta(\lvert r\rvert - \frac{\delta}{2})` beyond: squared error's convention, so a
  :math:`\delta` larger than every residual gives exactly the squared error (Huber 1964)

A loss with a parameter (Huber's :math:`\delta`) or a user's ``(loss, gradient)`` pair is a
:class:`Loss` object (see :func:`make_loss`); the parameter-free ones are names in :data:`LOSSES`.

Probabilities are clipped to ``[eps, 1 - eps]`` of their dtype so a saturated output never gives an
infinite loss. :func:`output_delta` returns :math:`\delta = \partial E_i / \partial z` for each
sample: for the canonical (matching) pairs it is the famous :math:`p - y`; for any other pair it is
:math:`\partial E_i/\partial p \cdot f'(z)` through the activation's derivative.
"""

import inspect
import textwrap
from functools import partial

import numpy as np
from scipy.special import xlogy

from .activations import DERIVATIVES


def _average(per_sample, sample_weight):
    return float(np.average(per_sample, weights=sample_weight))


def _clip_probability(p):
    eps = np.finfo(p.dtype).eps
    return np.clip(p, eps, 1 - eps)


def squared_error(y_true, y_pred, sample_weight=None):
    """E = 1/(2n) sum_i sum_k (y_ik - p_ik)^2."""
    residual = y_true - y_pred
    return 0.5 * _average(np.einsum("ij,ij->i", residual, residual), sample_weight)


def binary_log_loss(y_true, y_prob, sample_weight=None):
    """E = -1/n sum_i sum_k [y log p + (1 - y) log(1 - p)] (binary and multilabel)."""
    y_prob = _clip_probability(y_prob)
    per_sample = (xlogy(y_true, y_prob) + xlogy(1 - y_true, 1 - y_prob)).sum(axis=1)
    return -_average(per_sample, sample_weight)


def log_loss(y_true, y_prob, sample_weight=None):
    """E = -1/n sum_i sum_k y_ik log p_ik; a single probability column means the binary case."""
    if y_prob.shape[1] == 1:
        return binary_log_loss(y_true, y_prob, sample_weight)
    y_prob = _clip_probability(y_prob)
    return -_average(xlogy(y_true, y_prob).sum(axis=1), sample_weight)


def absolute_error(y_true, y_pred, sample_weight=None):
    """E = 1/n sum_i sum_k |p_ik - y_ik|."""
    return _average(np.abs(y_pred - y_true).sum(axis=1), sample_weight)


def _huber_per_sample(y_true, y_pred, delta=1.0):
    magnitude = np.abs(y_pred - y_true)
    inner = np.minimum(magnitude, delta)
    # inner * (|r| - inner/2) is r^2/2 (to the last bit: halving is exact) inside, the linear
    # tail outside; summed as squared_error sums, so a huge delta gives its value exactly
    return np.einsum("ij,ij->i", inner, magnitude - 0.5 * inner)


def huber_loss(y_true, y_pred, sample_weight=None, delta=1.0):
    """E = 1/n sum_i sum_k h(p_ik - y_ik): h(r) = r^2/2 for |r| <= delta, delta (|r| - delta/2)
    beyond."""
    return _average(_huber_per_sample(y_true, y_pred, delta), sample_weight)


def poisson_loss(y_true, y_pred, sample_weight=None):
    """Half Poisson deviance E = 1/n sum_i sum_k [y log(y/p) - y + p]."""
    y_pred = np.maximum(y_pred, np.finfo(y_pred.dtype).tiny)
    per_sample = (xlogy(y_true, y_true / y_pred) - y_true + y_pred).sum(axis=1)
    return _average(per_sample, sample_weight)


LOSSES = {
    "squared_error": squared_error,
    "binary_log_loss": binary_log_loss,
    "log_loss": log_loss,
    "poisson": poisson_loss,
    "absolute_error": absolute_error,
    "huber": huber_loss,
}


def _squared_error_gradient(y_true, y_pred):
    # dE_i/dp = p - y
    return y_pred - y_true


def _binary_log_loss_gradient(y_true, y_prob):
    # dE_i/dp = (p - y) / (p (1 - p))
    y_prob = _clip_probability(y_prob)
    return (y_prob - y_true) / (y_prob * (1 - y_prob))


def _log_loss_gradient(y_true, y_prob):
    # dE_i/dp_k = -y_k / p_k
    return -y_true / _clip_probability(y_prob)


def _poisson_gradient(y_true, y_pred):
    # dE_i/dp = 1 - y / p
    return 1 - y_true / np.maximum(y_pred, np.finfo(y_pred.dtype).tiny)


def _absolute_error_gradient(y_true, y_pred):
    # the subgradient sign(p - y), 0 at p = y
    return np.sign(y_pred - y_true)


def _huber_gradient(y_true, y_pred, delta=1.0):
    # dE_i/dp = r clipped to [-delta, delta]
    return np.clip(y_pred - y_true, -delta, delta)


LOSS_GRADIENTS = {
    "squared_error": _squared_error_gradient,
    "binary_log_loss": _binary_log_loss_gradient,
    "log_loss": _log_loss_gradient,
    "poisson": _poisson_gradient,
    "absolute_error": _absolute_error_gradient,
    "huber": _huber_gradient,
}

#: The losses a regressor's ``loss`` parameter takes by name (with a ``(loss, gradient)`` pair).
REGRESSION_LOSSES = ("squared_error", "absolute_error", "huber")


def check_loss_targets(loss, y):
    """Reject targets outside a regressor's loss's domain: the Poisson deviance needs y >= 0."""
    if isinstance(loss, str) and loss == "poisson" and np.any(y < 0):
        raise ValueError("loss='poisson' requires non-negative y.")


def check_fitted_output_layer(fitted, needed):
    """Refuse a warm fit or ``partial_fit`` whose loss needs another output activation than the
    fitted network's (``loss="poisson"``'s exponential against the others' identity), instead of
    training the loss through the wrong link."""
    if needed != fitted:
        raise ValueError(
            f"warm_start/partial_fit needs the fitted output layer: the network's is {fitted!r}, "
            f"the loss needs {needed!r}. Set warm_start=False to start anew."
        )


def regression_loss_constraints(names=REGRESSION_LOSSES):
    """The parameter constraints of a regressor's ``loss`` (its ``names`` or a pair) and
    ``huber_delta``."""
    from numbers import Real  # noqa: PLC0415

    from sklearn.utils._param_validation import Interval, StrOptions  # noqa: PLC0415

    return {
        "loss": [StrOptions(set(names)), tuple],
        "huber_delta": [Interval(Real, 0, None, closed="neither")],
    }


def regression_loss_doc(names=REGRESSION_LOSSES, more=""):
    """The numpydoc entries of a regressor's ``loss`` and ``huber_delta`` (for
    :func:`~zoo._core.docstrings.shared_doc`), its loss ``names`` then ``more`` text."""
    choices = ", ".join(f'"{name}"' for name in names)
    if more:
        more = "\n\n" + textwrap.indent(inspect.cleandoc(more), " " * 8)
    return rf"""
    loss : {{{choices}}} or (callable, callable), default="squared_error"
        The loss of the residual :math:`r = p - y`, summed over outputs and averaged over samples
        (weighted by ``sample_weight``): "squared_error" :math:`\frac12 r^2`; "absolute_error"
        :math:`\lvert r\rvert`, robust to outliers (a conditional median), trained by its
        subgradient :math:`\operatorname{{sign}}(r)` (0 at :math:`r = 0`, where it has no
        derivative); "huber" :math:`\frac12 r^2` for :math:`\lvert r\rvert \le \delta` and
        :math:`\delta(\lvert r\rvert - \delta/2)` beyond, quadratic near the fit and linear
        far from it (Huber 1964). Or a pair ``(fn, grad)`` of the 2-D arrays ``(y_true,
        y_pred)``, each ``(n_samples, n_outputs)``: ``fn`` returns the per-sample losses
        :math:`E_i`, shape ``(n_samples,)`` (per sample, not their mean, so that sample weights
        and padded steps weight it), and ``grad`` returns :math:`\partial E_i/\partial p`,
        shape ``(n_samples, n_outputs)``; their shapes and finiteness are checked at every call.
        Module-level functions pickle and save with :mod:`zoo.io` (``load`` asks to trust them),
        lambdas and closures do not.{more}
    huber_delta : float, default=1.0
        Huber's threshold :math:`\delta`, in the units of y (standardise y or scale it too):
        residuals beyond it count linearly. Read by ``loss="huber"`` only; a :math:`\delta`
        beyond every residual gives the squared error exactly. PyTorch and Keras call it
        ``delta``; scikit-learn's name, ``epsilon`` (``SGDRegressor``'s threshold), is Adam's
        stability constant here."""


#: (loss, output activation) pairs whose delta is exactly p - y (the canonical links).
CANONICAL_PAIRS = {
    ("squared_error", "identity"),
    ("binary_log_loss", "logistic"),
    ("binary_log_loss", "sigmoid"),
    ("log_loss", "softmax"),
    ("poisson", "exp"),
}


class Loss:
    r"""A loss that is more than a name: Huber with its threshold, or a user's pair.

    Called as the functions of :data:`LOSSES` (``loss(y_true, y_pred, sample_weight=None)``, the
    weighted mean over samples of the per-sample losses); :meth:`gradient` is
    :math:`\partial E_i/\partial p`, per sample, as :data:`LOSS_GRADIENTS`.

    Parameters
    ----------
    name : str
        What messages call it.
    per_sample : callable
        ``per_sample(y_true, y_pred)``: :math:`E_i`, shape ``(n_samples,)``.
    gradient : callable
        ``gradient(y_true, y_pred)``: :math:`\partial E_i/\partial p`, shape of ``y_pred``.
    check : bool, default=False
        Check every result's shape and finiteness (a user's pair), raising a ValueError that
        names the function.
    """

    def __init__(self, name, per_sample, gradient, check=False):
        self.name = name
        self.per_sample = per_sample
        self._gradient = gradient
        self.check = check

    def _checked(self, role, result, shape):
        if not self.check:
            return result
        result = np.asarray(result)
        if result.shape != shape:
            raise ValueError(
                f"The {role} function of loss={self.name} returned shape "
                f"{result.shape}; expected {shape}: {self._CONTRACT}"
            )
        if not np.isfinite(result).all():
            raise ValueError(
                f"The {role} function of loss={self.name} returned non-finite "
                f"values (inf or NaN): {self._CONTRACT}"
            )
        return result

    _CONTRACT = (
        "loss=(fn, grad) needs fn(y_true, y_pred) -> the per-sample losses E_i, shape "
        "(n_samples,), and grad(y_true, y_pred) -> dE_i/dp, shape (n_samples, n_outputs), "
        "both finite."
    )

    def __call__(self, y_true, y_pred, sample_weight=None):
        per_sample = self.per_sample(y_true, y_pred)
        per_sample = self._checked("loss", per_sample, (y_pred.shape[0],))
        return _average(per_sample, sample_weight)

    def gradient(self, y_true, y_pred):
        r""":math:`\partial E_i/\partial p`, shape of ``y_pred``."""
        gradient = self._gradient(y_true, y_pred)
        return self._checked("gradient", gradient, y_pred.shape)

    def __repr__(self):
        return f"Loss({self.name})"


def _huber(delta):
    return Loss(
        f"'huber' (huber_delta={delta!r})",
        partial(_huber_per_sample, delta=delta),
        partial(_huber_gradient, delta=delta),
    )


def make_loss(loss, huber_delta=1.0):
    r"""A regressor's ``loss`` parameter as the network computes it.

    Parameters
    ----------
    loss : str or (callable, callable)
        A name of :data:`LOSSES`, or a pair ``(fn, grad)``: ``fn(y_true, y_pred)`` returns the
        per-sample losses :math:`E_i` (summed over outputs), shape ``(n_samples,)``, and
        ``grad(y_true, y_pred)`` returns :math:`\partial E_i/\partial p`, shape ``(n_samples,
        n_outputs)``; both arrays are 2-D ``(n_samples, n_outputs)``. zoo averages :math:`E_i`
        (weighted by ``sample_weight``), so the function is per sample.
    huber_delta : float, default=1.0
        Huber's threshold :math:`\delta`, for ``loss="huber"``.

    Returns
    -------
    str or Loss
        The name for a parameter-free loss, else a :class:`Loss`.
    """
    if isinstance(loss, str):
        if loss == "huber":
            return _huber(huber_delta)
        return loss
    if not (isinstance(loss, (tuple, list)) and len(loss) == 2 and all(map(callable, loss))):
        raise ValueError(
            f"loss must be one of {list(REGRESSION_LOSSES)} or a pair (fn, grad) of callables; "
            f"got {loss!r}."
        )
    fn, grad = loss
    name = f"({getattr(fn, '__name__', fn)!s}, {getattr(grad, '__name__', grad)!s})"
    return Loss(name, fn, grad, check=True)


def loss_function(loss):
    """The function computing a resolved loss: :data:`LOSSES`' for a name, else the
    :class:`Loss` itself."""
    return LOSSES[loss] if isinstance(loss, str) else loss


def resolve_loss(loss, out_activation):
    """Name of the loss actually computed: ``log_loss`` on a logistic output is the binary one.
    A :class:`Loss` is its own resolution."""
    if isinstance(loss, Loss):
        return loss
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}; valid losses are {sorted(LOSSES)}.")
    if loss == "log_loss" and out_activation in ("logistic", "sigmoid"):
        return "binary_log_loss"
    return loss


def output_delta(loss, out_activation, y_true, y_pred, out=None):
    """delta_i = dE_i / dz_i at the output layer, per sample (not yet divided by n).

    ``loss`` must already be resolved (see :func:`resolve_loss`). Canonical pairs give
    ``delta = p - y``; other pairs chain dE/dp through the output activation's derivative.
    """
    if (loss, out_activation) in CANONICAL_PAIRS:
        return np.subtract(y_pred, y_true, out=out)
    if isinstance(loss, Loss):
        gradient = loss.gradient(y_true, y_pred)
    else:
        gradient = LOSS_GRADIENTS[loss](y_true, y_pred)
    if out is None:
        out = gradient
    else:
        np.copyto(out, gradient)
    return DERIVATIVES[out_activation](y_pred, out)


def gauss_newton_factor(loss, out_activation, y_pred):
    r"""A factor :math:`S_i` of the Gauss-Newton curvature :math:`H_i = S_i S_i^\top` of
    :math:`E_i` in the output pre-activation :math:`z_L`, as an array ``(R, n, K)``: column r of
    every sample's :math:`S_i`.

    * squared error: :math:`E_i = \frac12\lVert p - y\rVert^2`, :math:`H = P^\top P` with
      :math:`P = \partial p/\partial z`: :math:`S = P` — the identity on a linear output (the
      :math:`J^\top J` of Levenberg-Marquardt), :math:`\mathrm{diag}(f'(z))` on an elementwise one,
      :math:`\mathrm{diag}(p) - pp^\top` on softmax;
    * the canonical pairs (generalised Gauss-Newton, Schraudolph 2002): :math:`H = \partial p /
      \partial z` exactly (the Hessian of :math:`E_i` in :math:`z`, positive semi-definite):
      :math:`\mathrm{diag}(\sqrt{p(1-p)})` for the binary log loss, :math:`\mathrm{diag}(\sqrt p)`
      for Poisson, and for softmax :math:`S = \mathrm{diag}(\sqrt p) - p\sqrt p^\top`, since
      :math:`S S^\top = \mathrm{diag}(p) - 2pp^\top + p(\sum_k p_k)p^\top = \mathrm{diag}(p) -
      pp^\top`.
    """
    n, k = y_pred.shape
    eye = np.eye(k, dtype=y_pred.dtype)
    if out_activation == "softmax":
        if loss == "log_loss":
            # column r: sqrt(p_r) (e_r - p)
            factor = eye[:, np.newaxis, :] - y_pred[np.newaxis]
            factor *= np.sqrt(y_pred).T[:, :, np.newaxis]
            return factor
        if loss == "squared_error":
            # column r of dp/dz: p (e_r - p_r)
            factor = eye[:, np.newaxis, :] - y_pred.T[:, :, np.newaxis]
            factor *= y_pred[np.newaxis]
            return factor
    if (loss, out_activation) in CANONICAL_PAIRS:
        if loss == "squared_error":
            diagonal = np.ones_like(y_pred)
        elif loss == "poisson":
            diagonal = np.sqrt(y_pred)
        else:  # binary log loss on a logistic output
            diagonal = np.sqrt(y_pred * (1 - y_pred))
    elif loss == "squared_error":
        diagonal = DERIVATIVES[out_activation](y_pred, np.ones_like(y_pred))
    else:
        raise ValueError(f"No Gauss-Newton factor for loss {loss!r} on {out_activation!r} output.")
    return eye[:, np.newaxis, :] * diagonal[np.newaxis]  # column r: diagonal_r e_r

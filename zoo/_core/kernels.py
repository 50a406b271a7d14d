r"""Radial basis functions :math:`\varphi(r)` and their derivatives, looked up by name.

Every kernel is written as a function of the *scaled squared distance*

.. math:: q = r^2 / \sigma^2, \qquad r = \lVert x - c \rVert ,

which is what a BLAS-computed distance matrix (:func:`zoo._core.distances.squared_euclidean`)
divided by the squared width gives, with no square root. Each derivative is
:math:`\varphi'(q) = d\varphi/dq`, written from ``q`` and the kernel's output ``phi`` (already
stored during a forward pass); the chain rule to centres and widths is
:math:`\partial q/\partial c = -2(x - c)/\sigma^2` and :math:`\partial q/\partial\log\sigma = -2q`.

=========================  =======================================  ===============================
name                       :math:`\varphi` (of :math:`r, \sigma`)   :math:`d\varphi/dq`
=========================  =======================================  ===============================
gaussian                   :math:`\exp(-r^2/2\sigma^2)`             :math:`-\varphi/2`
multiquadric               :math:`\sqrt{1 + r^2/\sigma^2}`          :math:`1/(2\varphi)`
inverse_multiquadric       :math:`1/\sqrt{1 + r^2/\sigma^2}`        :math:`-\varphi^3/2`
thin_plate_spline          :math:`(r/\sigma)^2\log(r/\sigma)`       :math:`(\log q + 1)/2`
=========================  =======================================  ===============================

Hardy's multiquadric is :math:`\sqrt{r^2 + \sigma^2} = \sigma\sqrt{1 + q}`; zoo divides by the
constant :math:`\sigma` so that every kernel is dimensionless. The thin-plate spline is
:math:`\varphi(0) = 0` at the centre; its :math:`d\varphi/dq` diverges there, but the products the
chain rule needs (:math:`\varphi'(q)\,(x - c)` and :math:`\varphi'(q)\,q`) vanish, so the derivative
is defined as 0 at :math:`q = 0`. All functions accept ``out=`` (which may be ``q`` itself) and
never
overflow for finite ``q >= 0``.
"""

import numpy as np


def gaussian(q, out=None):
    """phi = exp(-q / 2) = exp(-r^2 / 2 sigma^2)."""
    out = np.multiply(q, -0.5, out=out)
    return np.exp(out, out=out)


def gaussian_derivative(q, phi, out=None):
    """dphi/dq = -phi / 2."""
    return np.multiply(phi, -0.5, out=out)


#: exp(-LOG_UNDERFLOW) is 0 in float32 and float64: a log-weight below -LOG_UNDERFLOW is no weight
LOG_UNDERFLOW = 750.0


def parzen_log_weights(D, sigma):
    r"""Gaussian Parzen log-weights of each row, relative to the row's nearest window, in place.

    :math:`\log w_{ri} = -(D_{ri} - \min_i D_{ri}) / 2\sigma^2` for squared distances ``D``: the
    nearest window of every row has weight :math:`e^0 = 1`, so sums of weights never underflow to 0
    however far the point or small :math:`\sigma` (Specht's PNN and GRNN; the dropped factor
    :math:`e^{-\min_i D_{ri}/2\sigma^2}` is common to the row and cancels in every ratio).
    Differences beyond ``LOG_UNDERFLOW`` in the log domain are capped there before scaling, which
    changes no weight (both are 0 after ``exp``) and keeps every value finite for any
    :math:`\sigma` whose :math:`1/2\sigma^2` the dtype can hold; a :math:`\sigma` so large that
    :math:`1/2\sigma^2` underflows gives every window the same weight, the limit of the formula.
    """
    D -= D.min(axis=1, keepdims=True)
    scale = 0.5 / sigma / sigma  # 1 / 2 sigma^2, computed without forming sigma^2
    if scale == 0.0:
        D.fill(0.0)
        return D
    cap = min(LOG_UNDERFLOW / scale, float(np.finfo(D.dtype).max))
    np.minimum(D, cap, out=D)
    D *= -scale
    return D


def check_window_width(sigma, dtype, estimator_name):
    r"""ValueError when :math:`1 / 2\sigma^2` overflows ``dtype`` (sigma too small)."""
    if 0.5 / sigma / sigma >= float(np.finfo(dtype).max):
        raise ValueError(
            f"{estimator_name}: sigma={sigma:g} is too small for {np.dtype(dtype).name} data: "
            f"1 / (2 sigma**2) overflows. Use sigma >= {np.sqrt(0.5 / np.finfo(dtype).max):.1g} "
            "(or scale the input up)."
        )


def multiquadric(q, out=None):
    """phi = sqrt(1 + q) = sqrt(1 + r^2 / sigma^2) (Hardy 1971, scaled by 1 / sigma)."""
    out = np.add(q, 1.0, out=out)
    return np.sqrt(out, out=out)


def multiquadric_derivative(q, phi, out=None):
    """dphi/dq = 1 / (2 phi)."""
    out = np.multiply(phi, 2.0, out=out)
    return np.reciprocal(out, out=out)


def inverse_multiquadric(q, out=None):
    """phi = 1 / sqrt(1 + q) = 1 / sqrt(1 + r^2 / sigma^2)."""
    out = multiquadric(q, out=out)
    return np.reciprocal(out, out=out)


def inverse_multiquadric_derivative(q, phi, out=None):
    """dphi/dq = -(1 + q)^(-3/2) / 2 = -phi^3 / 2."""
    out = np.power(phi, 3, out=out)
    out *= -0.5
    return out


def thin_plate_spline(q, out=None):
    """phi = (r/sigma)^2 log(r/sigma) = (q / 2) log q, with phi(0) = 0 (Duchon 1977)."""
    positive = q > 0
    # log q where q > 0, else 0 (so q log q -> 0 at the centre without a warning)
    log_q = np.log(q, out=np.zeros_like(q), where=positive)
    out = np.multiply(q, 0.5, out=out)
    out *= log_q
    return out


def thin_plate_spline_derivative(q, phi, out=None):
    """dphi/dq = (log q + 1) / 2, set to 0 at q = 0 (see the module docstring)."""
    positive = q > 0
    if out is None:
        out = np.zeros_like(q)
    log_q = np.log(q, out=np.zeros_like(q), where=positive)
    np.add(log_q, 1.0, out=out)
    out *= 0.5
    out[~positive] = 0
    return out


KERNELS = {
    "gaussian": gaussian,
    "multiquadric": multiquadric,
    "inverse_multiquadric": inverse_multiquadric,
    "thin_plate_spline": thin_plate_spline,
}

KERNEL_DERIVATIVES = {
    "gaussian": gaussian_derivative,
    "multiquadric": multiquadric_derivative,
    "inverse_multiquadric": inverse_multiquadric_derivative,
    "thin_plate_spline": thin_plate_spline_derivative,
}


def get_kernel(name):
    """Return ``(phi, dphi_dq)`` for ``name``; an unknown name lists the valid ones."""
    try:
        return KERNELS[name], KERNEL_DERIVATIVES[name]
    except (KeyError, TypeError):
        raise ValueError(f"Unknown kernel {name!r}; valid kernels are {sorted(KERNELS)}.") from None

r"""The two gradients of cascade-correlation (Fahlman & Lebiere 1990), vectorised over the data.

**Output phase**: the output weights :math:`W` of :math:`o = g(AW)` over the cascade inputs
:math:`A = [1, x, v_1, \dots, v_m]` minimise
:math:`E = \frac1n\sum_p E_p(o_p, y_p) + \frac{\alpha}{2n}\lVert W_{1:}\rVert^2` (bias row not
penalised), with :math:`\nabla_W E = \frac1n A^\top\delta + \frac{\alpha}{n}W`
(:func:`output_loss`, :func:`output_slope`).

**Candidate phase**: each candidate (a column :math:`w_c` of one weight matrix) maximises the
normalised covariance of its output :math:`V = f(Aw_c)` with the residual error :math:`e`,

.. math:: S_c = \frac{\sum_o \left|\sum_p (V_{pc} - \bar V_c)(e_{po} - \bar e_o)\right|}
    {\sum_{p,o} e_{po}^2},
    \qquad \frac{\partial S_c}{\partial w_c} = \frac{A^\top\left[f'(z_c)\odot
    \sum_o \sigma_{co}(e_{\cdot o} - \bar e_o)\right]}{\sum_{p,o} e_{po}^2}

with :math:`\sigma_{co}` the sign of the covariance (:func:`candidate_scores`,
:func:`candidate_slope`): one GEMM forward and one back for the whole pool.
"""

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES, output_delta
from .penalties import add_l2_gradient, l2_penalty


def output_loss(inputs, weights, Y, loss, activation, alpha, output):
    """E = 1/n sum_p E_p(o_p, y_p) + alpha/(2n) ||W[1:]||^2, with o = g(A W) put in ``output``."""
    np.matmul(inputs, weights, out=output)
    ACTIVATIONS[activation](output, out=output)  # o = g(A W)
    return LOSSES[loss](Y, output) + l2_penalty(alpha, [weights[1:]], inputs.shape[0])


def output_slope(inputs, weights, Y, loss, activation, alpha, output, delta, slope):
    """dE/dW = (A^T delta + alpha W) / n into ``slope`` (bias row 0 not penalised), from the
    ``output`` that :func:`output_loss` left; ``delta`` receives dE_p/dz_p."""
    n_samples = inputs.shape[0]
    output_delta(loss, activation, Y, output, out=delta)
    np.matmul(inputs.T, delta, out=slope)
    slope *= 1.0 / n_samples
    add_l2_gradient(slope[1:], weights[1:], alpha, n_samples)
    return slope


def candidate_scores(inputs, weights, centred, scale, activation, z, values, correlation):
    """S_c = sum_o |S_co| for every candidate (column of ``weights``).

    ``centred`` is the residual error minus its mean over samples and ``scale`` is 1 / sum e^2;
    z = A w, V = f(z) and S_co = sum_p (V_pc - mean V_c)(e_po - mean e_o) / sum e^2 are written to
    ``z``, ``values`` and ``correlation``.
    """
    np.matmul(inputs, weights, out=z)
    ACTIVATIONS[activation](z, out=values)  # V = f(A w), one column per candidate
    # sum_p (V_p - mean V) e~_p = sum_p V_p e~_p since e~ sums to 0: one GEMM, no centring of V
    np.matmul(values.T, centred, out=correlation)
    correlation *= scale
    return np.abs(correlation).sum(axis=1)


def candidate_slope(inputs, centred, scale, derivative, z, values, correlation, sign, back, slope):
    """-dS_c/dw_c into column c of ``slope``, from what :func:`candidate_scores` left.

    dS_c/dz_pc = sum_o sigma_co (e_po - mean e_o) f'(z_pc) / sum e^2 with sigma_co the sign of
    S_co; the slope is negated because Quickprop descends.
    """
    np.copysign(1.0, correlation, out=sign)  # sigma_co
    np.matmul(centred, sign.T, out=back)
    derivative(z, values, back)  # dS/dz
    np.matmul(inputs.T, back, out=slope)
    slope *= -scale  # -dS/dw = -A^T dS/dz
    return slope

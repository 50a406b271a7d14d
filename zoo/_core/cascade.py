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

**Sample weights** :math:`w_p` make both objectives weighted sums, so that an integer weight is a
repeated sample: :math:`E = \frac{1}{\sum_p w_p}\sum_p w_p E_p + \frac{\alpha}{2\sum_p w_p}
\lVert W_{1:}\rVert^2`, and

.. math:: S_c = \frac{\sum_o \left|\sum_p w_p (V_{pc} - \bar V_c)(e_{po} - \bar e_o)\right|}
    {\sum_p w_p \sum_o e_{po}^2}, \qquad \bar V_c = \frac{\sum_p w_p V_{pc}}{\sum_p w_p},
    \quad \bar e_o = \frac{\sum_p w_p e_{po}}{\sum_p w_p}.

Since :math:`\sum_p w_p (e_{po} - \bar e_o) = 0`, the numerator is :math:`\sum_p V_{pc}\,
\tilde e_{po}` with :math:`\tilde e_{po} = w_p (e_{po} - \bar e_o)` and its slope is that of
the unweighted formula with :math:`\tilde e` for the centred error: :func:`centred_residual`
weighs it once, and :func:`candidate_scores` and :func:`candidate_slope` are the same for both.
"""

import numpy as np

from .activations import ACTIVATIONS
from .losses import LOSSES, output_delta
from .penalties import add_l2_gradient, l2_penalty


def output_loss(inputs, weights, Y, loss, activation, alpha, output, sample_weight=None):
    """E = 1/n sum_p E_p(o_p, y_p) + alpha/(2n) ||W[1:]||^2, with o = g(A W) put in ``output``;
    with ``sample_weight`` w, E = 1/sum(w) sum_p w_p E_p + alpha/(2 sum(w)) ||W[1:]||^2."""
    np.matmul(inputs, weights, out=output)
    ACTIVATIONS[activation](output, out=output)  # o = g(A W)
    if sample_weight is None:
        return LOSSES[loss](Y, output) + l2_penalty(alpha, [weights[1:]], inputs.shape[0])
    weight_sum = float(sample_weight.sum())
    return LOSSES[loss](Y, output, sample_weight) + l2_penalty(alpha, [weights[1:]], weight_sum)


def output_slope(
    inputs, weights, Y, loss, activation, alpha, output, delta, slope, sample_weight=None
):
    """dE/dW = (A^T delta + alpha W) / n into ``slope`` (bias row 0 not penalised), from the
    ``output`` that :func:`output_loss` left; ``delta`` receives dE_p/dz_p. With
    ``sample_weight`` w: (A^T (w delta) + alpha W) / sum(w), ``delta`` receiving w_p dE_p/dz_p."""
    output_delta(loss, activation, Y, output, out=delta)
    if sample_weight is None:
        n_samples = inputs.shape[0]
    else:
        n_samples = float(sample_weight.sum())
        delta *= sample_weight[:, None]
    np.matmul(inputs.T, delta, out=slope)
    slope *= 1.0 / n_samples
    add_l2_gradient(slope[1:], weights[1:], alpha, n_samples)
    return slope


def centred_residual(residual, sample_weight=None):
    """The centred error the candidates correlate with, and the normaliser of S.

    Returns ``(centred, sum_squares)``: e - mean(e) and sum_p ||e_p||^2; with ``sample_weight``
    w, w_p (e_p - e_bar) with the weighted mean e_bar = sum_p w_p e_p / sum(w), and
    sum_p w_p ||e_p||^2 (see the module docstring).
    """
    if sample_weight is None:
        return residual - residual.mean(axis=0), float(np.vdot(residual, residual))
    w = sample_weight[:, None]
    centred = residual - np.average(residual, axis=0, weights=sample_weight)
    centred *= w
    return centred, float(np.vdot(residual, residual * w))


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

r"""Weight penalties: the L2 penalty's value, gradient and decay step, and the L1 penalty of
stochastic updates. Every family's weight decay goes through these functions.

The L2 penalty (weight decay) of a loss averaged over :math:`n` samples is
:math:`\frac{\alpha}{2n}\sum_l\lVert W_l\rVert^2` (:func:`l2_penalty`); its gradient
:math:`\frac{\alpha}{n}W_l` is added in place where a family computes its weight gradients
(:func:`add_l2_gradient`), and an update that applies the decay on its own multiplies the weights
by :func:`l2_decay`.

Stochastic gradient descent on :math:`E + \alpha R(w)` with the elastic-net penalty
:math:`R(w) = \tfrac{1-\rho}{2}\lVert w\rVert_2^2 + \rho\lVert w\rVert_1`
(``l1_ratio`` :math:`\rho`) applies the two parts differently, as scikit-learn's SGD does:

* the L2 part is a multiplicative decay before each step,
  :math:`w \leftarrow \max(0,\ 1 - (1-\rho)\,\eta\alpha)\, w` (:func:`l2_decay`);
* the L1 part is Tsuruoka, Tsujii & Ananiadou's (2009) cumulative penalty: the total L1 penalty
  :math:`u \mathrel{+}= \rho\,\eta\alpha` every sample could have received so far, of which
  :math:`q_j` was actually applied to weight :math:`j`; each weight is pulled towards 0 by what it
  is owed, and clipped at 0 instead of crossing it (:class:`CumulativeL1`), so weights reach exact
  zeros.
"""

import numpy as np

from .blas import scaled_add


def l2_penalty(alpha, weights, n_samples):
    r"""The L2 penalty (weight decay) of a loss averaged over ``n_samples``:
    :math:`\frac{\alpha}{2n}\sum_l\lVert W_l\rVert^2` over the arrays in ``weights`` (0 when
    ``alpha`` is 0). ``alpha`` may be an array of one decay per weight, over the single flat array
    in ``weights``: :math:`\frac{1}{2n}\sum_j\alpha_j w_j^2` (Bayesian regularisation)."""
    if np.ndim(alpha):
        (w,) = weights
        return 0.5 * float(np.dot(alpha, np.square(w, dtype=np.float64))) / n_samples
    if alpha == 0:
        return 0.0
    squares = sum(float(np.vdot(W, W)) for W in weights)
    return 0.5 * alpha * squares / n_samples


def add_l2_gradient(grad, W, alpha, n_samples=1, scratch=None):
    r"""``grad += (alpha / n_samples) W`` in place: the gradient of :func:`l2_penalty`.

    ``alpha`` may be an array (one decay per weight, Bayesian regularisation's :math:`D_\alpha w`);
    a negative ``alpha`` takes a descent step on the penalty instead (:math:`-\eta\lambda W` into a
    velocity). With ``scratch`` (shaped like ``W``) nothing is allocated.
    """
    if not np.any(alpha):
        return grad
    factor = alpha / n_samples if n_samples != 1 else alpha
    if scratch is None:
        grad += factor * W
    else:
        scaled_add(grad, factor, W, scratch)
    return grad


def l2_decay(eta, alpha, l1_ratio=0.0):
    """The factor :math:`\\max(0, 1 - (1-\\rho)\\eta\\alpha)` that an L2 decay step multiplies w by
    (0 rather than a sign flip when the step overshoots, :math:`\\eta\\alpha > 1`)."""
    return max(0.0, 1.0 - (1.0 - l1_ratio) * eta * alpha)


class CumulativeL1:
    """Tsuruoka et al.'s (2009) cumulative L1 penalty for weights of shape ``shape``.

    Parameters
    ----------
    shape : tuple
    dtype : numpy dtype
    """

    def __init__(self, shape, dtype):
        self.total = 0.0  # u: the penalty each weight could have received so far
        self.applied = np.zeros(shape, dtype=dtype)  # q: what each weight actually received

    def step(self, W, strength, columns=None):
        """Add ``strength`` (:math:`\\rho\\eta\\alpha`) to the total and pull ``W`` towards 0.

        ``columns`` restricts the pull to the features a sparse sample touches (None: all).
        """
        self.total += strength
        u = self.total
        view = W if columns is None else W[:, columns]
        q = self.applied if columns is None else self.applied[:, columns]
        before = view.copy()
        # w > 0: w <- max(0, w - (u + q));  w < 0: w <- min(0, w + (u - q))
        positive, negative = before > 0, before < 0
        view[positive] = np.maximum(0.0, before[positive] - (u + q[positive]))
        view[negative] = np.minimum(0.0, before[negative] + (u - q[negative]))
        q += view - before  # q_j += w_new - w_old
        if columns is not None:
            W[:, columns] = view
            self.applied[:, columns] = q

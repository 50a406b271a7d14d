r"""Weight penalties applied by stochastic updates, one sample (or minibatch) at a time.

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


def l2_decay(eta, alpha, l1_ratio=0.0):
    """The factor :math:`\\max(0, 1 - (1-\\rho)\\eta\\alpha)` that the L2 part multiplies w by."""
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

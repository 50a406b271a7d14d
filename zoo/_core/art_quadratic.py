r"""Quadratic neuron ART's categories (Su & Liu 2001, 2005): hyper-ellipsoids as quadratic neurons.

Category :math:`j` is a neuron with a weight matrix :math:`W_j`, a bias :math:`b_j` and a scale
:math:`s_j`; its response to :math:`x` is

.. math:: T_j = \exp\!\big(-s_j^2\,\|z_j - b_j\|^2\big), \qquad z_j = W_j x,

which is both the choice and the match value (the vigilance test is :math:`T_J \ge \rho`), so the
category that resonates is the most active one if it passes. The winner climbs the gradient of
its own response, with :math:`e = z_J - b_J` and one rate per parameter:

.. math:: b_J \leftarrow b_J + \eta_b\, 2 s_J^2 T_J\, e, \qquad
          W_J \leftarrow W_J - \eta_W\, 2 s_J^2 T_J\, e\, x^\top, \qquad
          s_J \leftarrow s_J - \eta_s\, 2 s_J T_J \|e\|^2,

all from the values before the step. A new category is :math:`W = I, b = x, s = s_{init}`.
"""

import numpy as np

from .art import _RowMemory


def quadratic_response(e, scales):
    """T_j = exp(-s_j^2 |e_j|^2) from the rows ``e_j = W_j x - b_j`` (float64)."""
    squared = np.einsum("ij,ij->i", e, e, dtype=np.float64)  # |z_j - b_j|^2
    # a huge scale overflows s^2 to inf: its response is 0, or 1 at the centre (inf * 0)
    with np.errstate(over="ignore", invalid="ignore"):
        response = np.exp(-np.square(scales) * squared)
    return np.where(squared == 0.0, 1.0, response), squared


class QuadraticNeuronMemory(_RowMemory):
    """Quadratic neurons: biases :math:`b_j` (the rows, ``prototypes``), matrices :math:`W_j`
    (``matrices``) and scales :math:`s_j` (``scales``), in buffers that double when full.

    ``learn(J, x, beta)`` multiplies the three rates by ``beta`` (1 for a plain presentation).
    """

    _extra = ("scales",)

    def __init__(self, n_features, dtype, capacity=16, s_init=0.9, rates=(0.1, 0.1, 0.1)):
        super().__init__(n_features, dtype, capacity)
        self.s_init, self.rates = s_init, tuple(rates)
        self._matrices = np.empty((self._W.shape[0], n_features, n_features), dtype=dtype)

    def _params(self):
        return {"s_init": self.s_init, "rates": self.rates}

    @property
    def matrices(self):
        return self._matrices[: self.n_categories]

    @property
    def scales(self):
        return self._scales[: self.n_categories]

    def _grow(self):
        n = self.n_categories
        super()._grow()
        matrices = np.empty((self._W.shape[0],) + self._matrices.shape[1:], self._matrices.dtype)
        matrices[:n] = self._matrices[:n]
        self._matrices = matrices

    def add(self, x, label=-1):
        J = super().add(x, label)
        self._matrices[J] = np.eye(self._W.shape[1], dtype=self._W.dtype)
        self._scales[J] = self.s_init
        return J

    def _errors(self, x):
        """``e_j = W_j x - b_j`` of every category: one matrix-vector product over all rows."""
        n, d = self.n_categories, self._W.shape[1]
        z = self._matrices[:n].reshape(n * d, d) @ x  # z_j = W_j x, stacked
        return z.reshape(n, d) - self._W[:n]

    def activations(self, x, input_norm, alpha):
        response, _ = quadratic_response(self._errors(x), self.scales)
        return response, response  # T_j is both choice and match

    def batch_activations(self, X, input_norms, alpha):
        # row by row, the very products of training: predict(X) repeats the training search
        response = np.empty((X.shape[0], self.n_categories))
        for i, x in enumerate(X):
            response[i] = quadratic_response(self._errors(x), self.scales)[0]
        return response, response

    def learn(self, J, x, beta):
        rate_b, rate_w, rate_s = (beta * rate for rate in self.rates)
        W, b, s = self._matrices[J], self._W[J], float(self._scales[J])
        e = W @ x - b  # z_J - b_J
        squared = float(e @ e)
        T = float(np.exp(-s * s * squared)) if squared > 0.0 else 1.0
        if squared == 0.0 or T == 0.0:  # at the centre, or too far: every gradient is 0
            return 0.0
        step = 2.0 * s * s * T
        delta_b = (rate_b * step) * e  # eta_b dT/db
        delta_w = np.outer((rate_w * step) * e, x)  # -eta_W dT/dW (e x^T)
        delta_s = rate_s * 2.0 * s * T * squared  # -eta_s dT/ds
        b += delta_b.astype(b.dtype, copy=False)
        W -= delta_w.astype(W.dtype, copy=False)
        self._scales[J] = s - delta_s
        return max(float(np.max(np.abs(delta_b))), float(np.max(np.abs(delta_w))), abs(delta_s))

    def __getstate__(self):
        state = super().__getstate__()
        state["matrices"] = self.matrices.copy()
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        self._matrices[: self.n_categories] = state["matrices"]

"""Adapters from zoo's models to the full-batch solver protocol of :mod:`zoo._core.solvers`.

* :class:`FlatProblem`: any model whose parameters are views into one flat vector and whose
  loss-and-gradient is a callable filling a flat gradient buffer (GLVQ's and GMLVQ's cost, an
  Elman network's BPTT).
* :func:`flat_views`: a model's separate arrays laid end to end in one vector, and views of it
  (RBF fine-tuning, GLVQ/GMLVQ).
* :class:`NetworkProblem`: a :class:`~zoo._core.network.FeedForwardNetwork` on a training set with
  a fixed L2 decay; it offers the Gauss-Newton system too, so every solver of the table applies.
"""

import numpy as np

from .levenberg import weight_classes


def flat_views(arrays):
    """One vector holding ``arrays`` end to end (their values copied in, the first's dtype) and
    views of it shaped like each: a model's parameters as the protocol's ``parameters`` vector
    (or its gradient), which the model keeps training through the views."""
    flat = np.empty(sum(a.size for a in arrays), dtype=arrays[0].dtype)
    views, start = [], 0
    for a in arrays:
        view = flat[start : start + a.size].reshape(a.shape)
        np.copyto(view, a)
        views.append(view)
        start += a.size
    return flat, views


class FlatProblem:
    """A problem over a live flat vector and a callable.

    Parameters
    ----------
    parameters : ndarray of shape (n_params,)
        The live vector (the model's arrays are views into it).
    loss_and_gradient : callable
        ``loss_and_gradient() -> (loss, gradient)`` at the current ``parameters``.
    loss : callable or None
        ``loss() -> float`` without the gradient; None: the solvers use ``loss_and_gradient``.
    """

    def __init__(self, parameters, loss_and_gradient, loss=None):
        self.parameters = parameters
        self.loss_and_gradient = loss_and_gradient
        if loss is not None:
            self.loss = loss


class NetworkProblem:
    """A feed-forward network's objective on ``(X, Y, sample_weight)`` with L2 decay ``alpha``
    (:meth:`~zoo._core.network.FeedForwardNetwork.loss_and_gradient`), and its data term's
    Gauss-Newton system (:meth:`~zoo._core.network.FeedForwardNetwork.gauss_newton_system`).

    ``Y`` is 2-D (one column per output unit); ``parameters`` is the network's ``flat``.
    """

    def __init__(self, network, X, Y, sample_weight=None, alpha=0.0):
        self.network = network
        self.X, self.Y, self.sample_weight, self.alpha = X, Y, sample_weight, alpha
        self.parameters = network.flat
        self.n_samples, self.n_outputs = Y.shape
        self.weight_sum = self.n_samples if sample_weight is None else float(sample_weight.sum())
        self.n_penalised = network.n_penalised  # the coefficients, first in the flat vector
        self.weight_classes = weight_classes([W.size for W in network.coefs])
        self.gaussian = network.loss == "squared_error"

    def loss_and_gradient(self):
        network = self.network
        loss = network.loss_and_gradient(self.X, self.Y, self.sample_weight, self.alpha)
        return loss, network.flat_grad

    def loss(self):
        return self.network.loss_value(self.X, self.Y, self.sample_weight, self.alpha)

    def data_loss(self):
        return self.network.loss_value(self.X, self.Y, self.sample_weight, 0.0)

    def gauss_newton_system(self, G, gradient=None):
        if gradient is None:
            self.network.gauss_newton(self.X, self.Y, self.sample_weight, out=G)
            return None
        return self.network.gauss_newton_system(self.X, self.Y, self.sample_weight, G, gradient)

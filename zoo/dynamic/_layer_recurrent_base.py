r"""What the layer-recurrent estimators share: the layer delays on the Elman networks' machinery.

MATLAB's ``layrecnet(layerDelays, hiddenSizes)`` feeds the hidden layer's own past states back
through a tapped delay line, one weight matrix per delay :math:`d` of ``layer_delays``:

.. math::

    h_t = f\Big(x_t W_{in} + \sum_{d \in D} h_{t-d} W_d + b_h\Big), \qquad h_{t-d} = 0
    \text{ for } t < d, \qquad p_t = g(h_t W_{out} + b_{out}).

The Elman network is the case :math:`D = \{1\}`: the estimators are the Elman estimators
(:mod:`zoo.elman`: input convention, output rule, solvers, training) over
:class:`zoo._core.recurrent.SimpleRecurrentNetwork` with ``delays``; back-propagation through time
sends :math:`\partial E/\partial z_t\, W_d^\top` to every :math:`h_{t-d}`. One hidden layer (MATLAB
allows several, each with its delays).
"""

from numbers import Integral

import numpy as np

from .._core.recurrent import SimpleRecurrentNetwork
from ..elman._base import _ATTRIBUTES_DOC, _PARAMETERS_DOC


def _replace(text, old, new):
    """``text`` with ``old`` replaced by ``new``, which must occur (so the fragments stay true)."""
    if old not in text:
        raise AssertionError(f"{old!r} is not in the shared fragment")
    return text.replace(old, new)


class _LayerRecurrentMixin:
    """Layer delays on an Elman estimator (not public): put it before the Elman base."""

    _state_name = "layrec"
    _parameter_constraints: dict = {"layer_delays": ["array-like"]}

    def _delays(self):
        """``layer_delays`` as a tuple of distinct positive ints, or a ValueError."""
        delays = np.asarray(self.layer_delays)
        if delays.ndim != 1 or delays.size == 0:
            raise ValueError(
                f"layer_delays must be a non-empty sequence of positive ints, such as (1, 2); got "
                f"{self.layer_delays!r}."
            )
        if not all(isinstance(d, Integral) and not isinstance(d, bool) for d in delays.tolist()):
            raise ValueError(f"layer_delays must hold ints; got {self.layer_delays!r}.")
        if delays.min() < 1 or len(set(delays.tolist())) != delays.size:
            raise ValueError(
                f"layer_delays must be distinct delays of at least 1 step (a delay of 0 would "
                f"feed the hidden layer back to itself within the step); got {self.layer_delays!r}."
            )
        return tuple(int(d) for d in delays)

    def _check_solver_options(self):
        self._delays()
        super()._check_solver_options()

    def _recurrent_shape(self, n_outputs):
        return (len(self._delays()), self.n_hidden, self.n_hidden)

    def _make_network(self, *arrays):
        return SimpleRecurrentNetwork(*arrays, delays=self._delays())

    def _initialize(self, n_features, n_outputs, dtype, rng):
        # the delays fixed when the weights are drawn: a warm fit keeps them
        self._fitted_delays = self._delays()
        super()._initialize(n_features, n_outputs, dtype, rng)

    def _fit(self, X, y, sample_weight=None, incremental=False):
        if hasattr(self, "_fitted_delays") and (self.warm_start or incremental):
            if self._delays() != self._fitted_delays:
                raise ValueError(
                    f"warm_start/partial_fit needs the same layer_delays: the network has "
                    f"{self._fitted_delays}, got {self._delays()}."
                )
        return super()._fit(X, y, sample_weight=sample_weight, incremental=incremental)


_PARAMETERS_DOC = _replace(
    _replace(
        _PARAMETERS_DOC,
        "    n_hidden : int, default=20\n        Number of hidden units (and of context units, "
        "their copy).",
        """    layer_delays : tuple of int, default=(1, 2)
        The delays :math:`d` of the hidden layer's feedback, each with its own matrix
        :math:`W_d` (MATLAB's ``layerDelays``, default ``1:2``); distinct, at least 1. ``(1,)`` is
        the Elman network, bit for bit.
    n_hidden : int, default=10
        Number of hidden units (MATLAB's ``hiddenSizes``, default 10).""",
    ),
    "\\lVert W_{rec}\\rVert^2",
    "\\sum_d\\lVert W_d\\rVert^2",
)

_ATTRIBUTES_DOC = _replace(
    _ATTRIBUTES_DOC,
    "    recurrent_weights_ : ndarray of shape (n_hidden, n_hidden)\n        Context units to "
    "hidden units.",
    """    recurrent_weights_ : ndarray of shape (n_delays, n_hidden, n_hidden)
        ``recurrent_weights_[i]`` is :math:`W_d` for ``d = layer_delays[i]``: the state
        :math:`h_{t-d}` to the hidden units.""",
)

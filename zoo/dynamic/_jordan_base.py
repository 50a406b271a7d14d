r"""What the Jordan networks share: output feedback to decaying state units (Jordan 1986).

Jordan's network feeds its previous *output* back to state (context) units, which also keep a
decaying trace of their own past, :math:`c_t = \mu c_{t-1} + p_{t-1}`:

.. math::

    h_t = f(x_t W_{in} + c_t W_{ctx} + b_h), \qquad p_t = g(h_t W_{out} + b_{out}),
    \qquad c_0 = 0,

with :math:`\mu` the ``context_decay``. With a constant input (Jordan's *plan*) the network
produces a whole sequence: its state is its own output history. Training feeds back the
network's own outputs, as Jordan did (not the targets: no teacher forcing), so
back-propagation through time runs through the output activation into the earlier outputs
(:class:`zoo._core.recurrent.JordanNetwork`); the network is trained as it will run. The
estimators are the Elman estimators (:mod:`zoo.elman`: input convention, output rule, solvers,
training) over that network; with ``output="last"`` the network still produces an output at every
step, the one fed back, and only the final one is scored.
"""

from numbers import Real

from sklearn.utils._param_validation import Interval

from .._core.recurrent import JordanNetwork
from ..elman._base import _ATTRIBUTES_DOC, _PARAMETERS_DOC
from ._layer_recurrent_base import _replace


class _JordanMixin:
    """Output feedback on an Elman estimator (not public): put it before the Elman base."""

    _state_name = "jordan"
    _parameter_constraints: dict = {"context_decay": [Interval(Real, 0, 1, closed="both")]}

    def _recurrent_shape(self, n_outputs):
        return (n_outputs, self.n_hidden)

    def _make_network(self, *arrays):
        return JordanNetwork(*arrays, context_decay=self.context_decay)


_PARAMETERS_DOC = _replace(
    _replace(
        _PARAMETERS_DOC,
        "    n_hidden : int, default=20\n        Number of hidden units (and of context units, "
        "their copy).",
        r"""    n_hidden : int, default=20
        Number of hidden units.
    context_decay : float in [0, 1], default=0.5
        :math:`\mu`, the state units' self-connection: :math:`c_t = \mu c_{t-1} + p_{t-1}`
        (0: the context is the previous output alone; 1: the running sum of the outputs).""",
    ),
    "\\lVert W_{rec}\\rVert^2",
    "\\lVert W_{ctx}\\rVert^2",
)

_ATTRIBUTES_DOC = _replace(
    _ATTRIBUTES_DOC,
    "    recurrent_weights_ : ndarray of shape (n_hidden, n_hidden)\n        Context units to "
    "hidden units.",
    """    recurrent_weights_ : ndarray of shape (n_outputs, n_hidden)
        :math:`W_{ctx}`: the state units (one per output) to the hidden units.""",
)

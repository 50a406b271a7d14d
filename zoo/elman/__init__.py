r"""Elman simple recurrent networks (Elman 1990): :class:`ElmanClassifier` and
:class:`ElmanRegressor` for sequence classification, regression, labelling and next-symbol
prediction.

The hidden layer's previous state is copied to *context units* and fed back with the next input:

.. math::

    h_t = f(x_t W_{in} + h_{t-1} W_{rec} + b_h), \qquad h_{-1} = 0, \qquad
    p_t = g(h_t W_{out} + b_{out}).

The math (forward pass and back-propagation through time, vectorised across the batch: one GEMM
per time step) is :mod:`zoo._core.recurrent`; training runs through
:func:`zoo._core.training.fit_epochs`, with the shared optimizers, or through the full-batch
solver table (``solver="lbfgs"``).

Input convention
----------------
``X`` is 3-D, ``(n_sequences, n_timesteps, n_features)``, as in tslearn. A 2-D ``X`` of shape
``(n_sequences, n_timesteps)`` means one feature per step. Sequences of different lengths are padded
with NaN at the end (every feature of a padded step is NaN): padding is masked out of the loss, and
the state after a sequence's last real step is its final state. A NaN *inside* a sequence, followed
by real values, is an error; so is a step with only some features NaN.

``n_features_in_`` follows scikit-learn: a model fitted on a 2-D ``X`` treats it as a table, so
``n_features_in_`` is its number of columns (= steps) and later 2-D input must have as many. For
sequences of another length, pass 3-D ``X``: after a 3-D fit ``n_features_in_`` is the number of
features per step and any number of steps is accepted; a model fitted on 2-D ``X`` also accepts
3-D ``X`` of shape ``(n, any n_timesteps, 1)``.

Targets and the output rule
---------------------------
``y`` holds one target per sequence — shape ``(n_sequences,)`` or ``(n_sequences, n_outputs)`` —
read from the final state (``output="last"``), or one target per step — shape ``(n_sequences,
n_timesteps)`` or ``(n_sequences, n_timesteps, n_outputs)`` — read at every step
(``output="sequence"``). With ``output="auto"`` (default) the shape decides:

* ``y.ndim == 1`` → ``"last"``;  ``y.ndim == 3`` → ``"sequence"``;
* ``y.ndim == 2`` → ``"sequence"`` when ``y.shape[1] == n_timesteps > 1``, else ``"last"``
  (a column vector, or several outputs per sequence).

Pass ``output`` explicitly when ``n_outputs`` happens to equal ``n_timesteps``. Values of ``y`` at
padded steps are ignored (they may be NaN). A classifier target is a label, or for
multilabel problems a 0/1 indicator vector — e.g. the set of legal next symbols of
:func:`zoo.datasets.make_reber`. Per-step predictions have the shape of per-step ``y``; at padded
steps they repeat the last real step's.
"""

from ._elman_classifier import ElmanClassifier
from ._elman_regressor import ElmanRegressor

__all__ = ["ElmanClassifier", "ElmanRegressor"]

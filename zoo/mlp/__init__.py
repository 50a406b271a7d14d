r"""The back-propagation family: Rosenblatt's perceptron and multi-layer perceptrons.

Multi-layer perceptrons trained by back-propagation: drop-in supersets of scikit-learn's
``MLPClassifier`` and ``MLPRegressor``.

Every constructor parameter of scikit-learn's classes is here with the same name, default and
meaning, and so is every fitted attribute. zoo adds:

* ``loss="squared_error"`` for the classifier (the classical MSE back-propagation of Rumelhart,
  Hinton & Williams 1986) beside ``"log_loss"``;
* ``activation`` may be ``"sigmoid"`` (alias of ``"logistic"``), ``"leaky_relu"``, ``"elu"``,
  ``"softplus"``, ``"gelu"``, ``"swish"``, a pair of callables ``(f, f_prime)``, or a list, one per
  hidden layer;
* ``solver="lm"``: Levenberg-Marquardt (Hagan & Menhaj 1994) with Bayesian regularisation
  (MacKay 1992; Foresee & Hagan 1997; one decay per layer, ``alpha_`` and ``gamma_``), on by
  default for the regressor (``lm_regularization``) or asked for by ``alpha="bayes"``.
  ``DBNClassifier`` fine-tunes with it too (``solver="lm"``); the Elman networks do not offer it:
  their Jacobian is a back-propagation through time per output step and sequence, which makes
  G's cost grow with the sequence length, and their minibatch solvers suit their data better;
* ``solver="rprop"`` (iRPROP+, Igel & Hüsken 2000) and ``solver="quickprop"`` (Fahlman 1988),
  full-batch;
* ``dropout``: a rate per hidden layer (inverted dropout, Srivastava et al. 2014);
* ``solver="anneal"``: simulated annealing of the weights (gradient-free; ``learning_rate_init`` is
  the proposal's standard deviation, ``temperature_init`` and ``cooling_rate`` the schedule);
* ``n_init``: train from ``n_init`` random initialisations and keep the best (validation score with
  ``early_stopping``, else final training loss) — the classical remedy for local minima;
* ``class_weight`` (``"balanced"`` or a dict) for the classifier;
* ``validation_loss_curve_`` whenever a validation split is used, and early stopping for ``lbfgs``.

Regularisation. The objective minimised on a (mini)batch of :math:`m` samples is

.. math::  E = \frac{1}{m}\sum_{k=1}^m E_k + \frac{\alpha}{2m}\sum_l \lVert W_l \rVert^2 .

The textbook weighting :math:`E' = \lambda\frac{1}{m}\sum_k E_k + (1-\lambda)\sum w^2` has the same
minimiser when :math:`\alpha = 2m(1-\lambda)/\lambda`, i.e. :math:`\lambda = 2m/(2m+\alpha)`.
"""

from ._adaline import maxlinlr
from ._adaline_classifier import ADALINEClassifier
from ._adaline_regressor import ADALINERegressor
from ._mlp_classifier import MLPClassifier
from ._mlp_regressor import MLPRegressor
from ._perceptron import Perceptron

__all__ = [
    "ADALINEClassifier",
    "ADALINERegressor",
    "MLPClassifier",
    "MLPRegressor",
    "Perceptron",
    "maxlinlr",
]

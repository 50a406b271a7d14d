"""Extreme learning machines (Huang, Zhu & Siew 2006): a random, fixed hidden layer and an output
layer fitted by ridge regression in closed form.

:class:`ELMRegressor` and :class:`ELMClassifier` (class codes :math:`\\pm 1`, Huang et al. 2012):
``alpha`` a fixed ridge penalty or ``"bayes"`` (the evidence's, MacKay 1992), ``kernel="rbf"``
the kernel ELM (Huang et al. 2012), and ``partial_fit`` by summing the normal equations over
calls (the online sequential ELM, Liang et al. 2006). The shared machinery and the papers are in
``_base.py``; the ridge solver is :mod:`zoo._core.ridge`, the echo state networks' readout's.
"""

from ._elm_classifier import ELMClassifier
from ._elm_regressor import ELMRegressor

__all__ = ["ELMClassifier", "ELMRegressor"]

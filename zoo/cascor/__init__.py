"""Cascade-Correlation (Fahlman & Lebiere 1990): networks that grow their own hidden units."""

from ._cascor_classifier import CascadeCorrelationClassifier
from ._cascor_regressor import CascadeCorrelationRegressor

__all__ = ["CascadeCorrelationClassifier", "CascadeCorrelationRegressor"]

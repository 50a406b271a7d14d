"""Cascade-Correlation (Fahlman & Lebiere 1990): networks that grow their own hidden units."""

from ._cascor import CascadeCorrelationClassifier, CascadeCorrelationRegressor

__all__ = ["CascadeCorrelationClassifier", "CascadeCorrelationRegressor"]

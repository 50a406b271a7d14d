"""Learning vector quantization: Kohonen's LVQ1, OLVQ1, LVQ2.1 and LVQ3, GLVQ and GMLVQ."""

from ._lvq import GLVQClassifier, GMLVQClassifier, LVQClassifier

__all__ = ["GLVQClassifier", "GMLVQClassifier", "LVQClassifier"]

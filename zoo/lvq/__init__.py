"""Learning vector quantization: Kohonen's LVQ1, OLVQ1, LVQ2.1 and LVQ3, GLVQ and GMLVQ."""

from ._glvq import GLVQClassifier
from ._gmlvq import GMLVQClassifier
from ._lvq import LVQClassifier

__all__ = ["GLVQClassifier", "GMLVQClassifier", "LVQClassifier"]

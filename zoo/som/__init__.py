"""Self-organising maps: Kohonen's SOM (online and batch map), its labelled-map classifier and
the supervised SOM for regression.

Plots of a fitted map (U-matrix, component planes, hit map, labelled map) are in
:mod:`zoo.som.plot`, which imports matplotlib only when used.
"""

from ._som import SOM
from ._som_classifier import SOMClassifier
from ._som_regressor import SOMRegressor

__all__ = ["SOM", "SOMClassifier", "SOMRegressor"]

"""Self-organising maps: Kohonen's SOM (online and batch map) and its labelled-map classifier.

Plots of a fitted map (U-matrix, component planes, hit map, labelled map) are in
:mod:`zoo.som.plot`, which imports matplotlib only when used.
"""

from ._som import SOM, SOMClassifier

__all__ = ["SOM", "SOMClassifier"]

"""Neural gases: the neural gas (Martinetz et al. 1993) and the growing neural gas (Fritzke 1995),
and their hard-competition limit, the competitive layer (Kohonen 1982; DeSieno 1988).

The gases learn a codebook and a graph of the data's topology (``edges_``); plots of the learned
graph on 2-D data are in :mod:`zoo.gas.plot`, which imports matplotlib only when used.
"""

from ._competitive_layer import CompetitiveLayer
from ._growing_neural_gas import GrowingNeuralGas
from ._neural_gas import NeuralGas

__all__ = ["CompetitiveLayer", "GrowingNeuralGas", "NeuralGas"]

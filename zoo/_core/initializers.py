r"""Weight initialisers. Each takes the layer's fan-in, fan-out and an explicit numpy ``Generator``
(or ``RandomState``) so that the same seed gives the same network.

* Glorot & Bengio (2010) uniform: :math:`W \sim U(-b, b)`, :math:`b = \sqrt{g / (n_{in} + n_{out})}`
  with gain ``g = 6`` (``g = 2`` for logistic units, as scikit-learn's MLP does);
* normal :math:`N(0, \sigma^2)` (Hinton's RBM recipe uses :math:`\sigma = 0.01`).
"""

import numpy as np


def glorot_uniform(fan_in, fan_out, rng, gain=6.0, dtype=np.float64, shape=None):
    """Weights and biases ~ U(-b, b) with b = sqrt(gain / (fan_in + fan_out)).

    ``shape`` (default ``(fan_in, fan_out)``) is the weights' shape when it is not the fans', e.g.
    a convolution kernel ``(kh, kw, C, F)`` with fans ``kh kw C`` and ``kh kw F``; there is one
    bias per entry of the last axis.
    """
    shape = (fan_in, fan_out) if shape is None else tuple(shape)
    bound = np.sqrt(gain / (fan_in + fan_out))
    weights = rng.uniform(-bound, bound, shape).astype(dtype, copy=False)
    biases = rng.uniform(-bound, bound, shape[-1]).astype(dtype, copy=False)
    return weights, biases


def normal(fan_in, fan_out, rng, scale=0.01, dtype=np.float64):
    """Weights ~ N(0, scale^2), biases 0 (Hinton 2010's RBM start)."""
    weights = rng.normal(0.0, scale, (fan_in, fan_out)).astype(dtype, copy=False)
    return weights, np.zeros(fan_out, dtype=dtype)

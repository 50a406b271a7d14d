"""``zoo reproduce`` rows of the associative memories (see :mod:`zoo.reproduce`)."""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..reproduce import Experiment, register
from ._hopfield import HopfieldNetwork

#: The overlap of the retrieval state at the critical load (Amit et al. 1985: m = 0.967).
_RETRIEVAL_OVERLAP = 0.967


def _hebb_capacity(seed, quick):
    """The largest load P / N (steps of 0.005 from 0.08) at which the patterns recalled from the
    stored patterns themselves overlap them by at least 0.967 on average."""
    n_units = 200 if quick else 400
    rng = np.random.default_rng(seed)
    capacity = 0.0
    for alpha in np.arange(0.08, 0.25, 0.005):
        X = rng.choice([-1.0, 1.0], size=(int(round(alpha * n_units)), n_units))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            net = HopfieldNetwork(learning_rule="hebb", random_state=seed).fit(X)
            overlap = (net.transform(X) * X).mean()
        if overlap < _RETRIEVAL_OVERLAP:
            break
        capacity = alpha
    return capacity


register(
    Experiment(
        name="hebb-capacity",
        family="memory",
        paper="Amit, Gutfreund & Sompolinsky 1985",
        source="the critical load alpha_c = 0.138 of the Hebb rule, where the retrieval state "
        "(overlap 0.967) disappears",
        protocol="N = 400 units (--quick: 200), P = alpha N random bipolar patterns stored by "
        "Hebb's rule, asynchronous recall started at each stored pattern; the capacity is the "
        "largest alpha (steps of 0.005) whose mean overlap is >= 0.967. Finite N blurs the "
        "transition (the paper's figure is the limit N -> infinity)",
        metric="capacity P/N",
        published=0.138,
        tolerance=0.03,
        recipe=_hebb_capacity,
        seeds=10,
    )
)

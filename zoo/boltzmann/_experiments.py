"""``zoo reproduce`` rows of the Boltzmann machine (see :mod:`zoo.reproduce`)."""

import numpy as np

from ..datasets import make_encoder
from ..reproduce import Experiment, register
from ._bm import BoltzmannMachine, encoder_connectivity


def _encoder_solved(seed, quick):
    """1.0 when the machine completes every output from its input and the hidden codes differ."""
    X, Y = make_encoder(4)
    data = np.hstack([X, Y])
    bm = BoltzmannMachine(
        n_hidden=2,
        connectivity=encoder_connectivity(4, 2),
        method="exact",
        learning_rate=1.0,
        momentum=0.5,
        weight_decay=1e-3,
        n_iter=200,
        n_init=8,
        random_state=seed,
    ).fit(data)
    completed = bm.complete(np.hstack([X, np.zeros_like(Y)]), known=np.arange(4))
    completion = (completed[:, 4:].argmax(axis=1) == np.arange(4)).all()
    codes = {tuple(code) for code in bm.transform(data) > 0.5}
    return float(completion and len(codes) == 4)


register(
    Experiment(
        name="4-2-4-encoder",
        family="boltzmann",
        paper="Ackley, Hinton & Sejnowski 1985",
        source="section 5, the 4-2-4 encoder: a code with 4 distinct hidden states found in "
        "(almost) every one of 250 runs",
        protocol="two groups of 4 visible units joined only through 2 hidden units; zoo departs "
        "from the paper's annealed sampling: the exact likelihood gradient (2^10 states "
        "enumerated), momentum 0.5, 200 cycles, best of 8 restarts; solved when "
        "each output group is completed from its input group and the 4 codes differ",
        metric="success rate",
        published=1.0,
        tolerance=0.1,
        direction="higher",
        recipe=_encoder_solved,
        seeds=10,
    )
)

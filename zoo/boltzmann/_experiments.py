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
        # Ackley et al.'s recipe: noisy clamping, annealing from T=2 (their 20, with weights in
        # units of 10), statistics of 2 chains over 10 sweeps, every weight +-0.2 (their 2) by
        # the sign of p+ - p-; keep_best: the weights of the best exact log-likelihood seen
        method="gibbs",
        update="sign",
        learning_rate=0.2,
        momentum=0.0,
        weight_decay=0.0,
        clamp_noise=(0.15, 0.05),
        temperatures=(2, 2, 1.5, 1.5, 1.2, 1.2, 1, 1, 1, 1),
        sweeps_per_temperature=1,
        n_sample_sweeps=10,
        n_chains=2,
        n_iter=1500,
        keep_best=True,
        exact_inference=True,
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
        protocol="two groups of 4 visible units joined only through 2 hidden units; the "
        "paper's annealed Gibbs sampling, noisy clamping and fixed-size sign updates, 1500 "
        "learning cycles; zoo departs in keeping the weights of the best exact log-likelihood "
        "seen (the sampled rule finds a code but does not hold it); solved when each output "
        "group is completed from its input group and the 4 hidden codes differ",
        metric="success rate",
        published=1.0,
        tolerance=0.1,
        direction="higher",
        recipe=_encoder_solved,
        seeds=10,
    )
)

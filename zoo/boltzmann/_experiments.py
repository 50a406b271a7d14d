"""``zoo reproduce`` rows of the Boltzmann machine (see :mod:`zoo.reproduce`)."""

import functools

import numpy as np

from ..datasets import make_encoder
from ..reproduce import Experiment, register
from ._bm import BoltzmannMachine, encoder_connectivity


def _paper_recipe(n_iter, seed):
    """Ackley et al.'s procedure for the 4-2-4 encoder (the Notes of :class:`BoltzmannMachine`)."""
    return dict(
        # noisy clamping, annealing from T=2 (their 20, with weights in units of 10), statistics
        # of 2 chains over 10 sweeps, every weight +-0.2 (their 2) by the sign of p+ - p-;
        # keep_best: the weights of the best exact log-likelihood seen
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
        n_iter=n_iter,
        keep_best=True,
        exact_inference=True,
        random_state=seed,
    )


def _annealed_recipe(n_iter, seed):
    """The 8-3-8 recipe of :class:`BoltzmannMachine`'s Notes: the exact gradient with the
    clamped phase's posterior annealed from T=2 and annealed weight noise."""
    return dict(
        method="exact",
        learning_rate=1.0,
        momentum=0.5,
        weight_decay=0.0,
        posterior_temperature=2.0,
        weight_noise=0.1,
        anneal_fraction=0.8,
        n_iter=n_iter,
        exact_inference=True,
        random_state=seed,
    )


@functools.lru_cache(maxsize=1)  # the figure of the last seed run reuses its fit
def _fit_encoder(n_group, n_hidden, recipe, n_iter, seed):
    X, Y = make_encoder(n_group)
    data = np.hstack([X, Y])
    params = (_paper_recipe if recipe == "paper" else _annealed_recipe)(n_iter, seed)
    bm = BoltzmannMachine(
        n_hidden=n_hidden, connectivity=encoder_connectivity(n_group, n_hidden), **params
    ).fit(data)
    return bm, X, Y


def _encoder_scores(bm, X, Y):
    """(every output group completed from its input group, number of distinct hidden codes)."""
    n = len(X)
    completed = bm.complete(np.hstack([X, np.zeros_like(Y)]), known=np.arange(n))
    completion = bool((completed[:, n:].argmax(axis=1) == np.arange(n)).all())
    codes = bm.transform(np.hstack([X, Y]))
    return completion, len({tuple(code) for code in codes > 0.5}), completed[:, n:], codes


def _encoder(n_group, n_hidden, recipe, iterations):
    """The row's recipe (1.0 when solved) and its figure, for one encoder and one procedure."""

    def solved(seed, quick):
        bm, X, Y = _fit_encoder(n_group, n_hidden, recipe, iterations(quick), seed)
        completion, n_codes, _, _ = _encoder_scores(bm, X, Y)
        return float(completion and n_codes == n_group)

    def figure(seed, quick, fig):
        bm, X, Y = _fit_encoder(n_group, n_hidden, recipe, iterations(quick), seed)
        completion, n_codes, completed, codes = _encoder_scores(bm, X, Y)
        curve, hidden, outputs = fig.subplots(1, 3, width_ratios=(3, 1.2, 2))
        loss = np.asarray(bm.loss_curve_, dtype=float)
        curve.plot(np.arange(1, len(loss) + 1), loss, linewidth=0.8)
        curve.set(xlabel="learning cycle", ylabel="mean |p+ - p-|")
        curve.grid(alpha=0.3)
        curve.set_title("statistics mismatch", fontsize=9)
        hidden.imshow(codes, cmap="gray_r", vmin=0, vmax=1, aspect="auto")
        hidden.set(xlabel="hidden unit", ylabel="pattern")
        hidden.set_xticks(range(n_hidden))
        hidden.set_yticks(range(n_group))
        hidden.set_title(f"code: {n_codes} distinct", fontsize=9)
        image = outputs.imshow(completed, cmap="gray_r", vmin=0, vmax=1, aspect="auto")
        outputs.set(xlabel="output unit", ylabel="input pattern")
        outputs.set_xticks(range(n_group))
        outputs.set_yticks(range(n_group))
        outputs.set_title("output group completed", fontsize=9)
        fig.colorbar(image, ax=outputs, shrink=0.8)
        verdict = "solved" if completion and n_codes == n_group else "not solved"
        return f"{verdict}: {n_codes} of {n_group} hidden codes distinct"

    return solved, figure


_SOLVED = (
    "solved when each output group is completed from its input group (the most probable output "
    "unit is the right one) and the hidden codes of the patterns all differ"
)
_solved_424, _figure_424 = _encoder(4, 2, "paper", lambda quick: 150 if quick else 1500)
register(
    Experiment(
        name="4-2-4-encoder",
        family="boltzmann",
        paper="Ackley, Hinton & Sejnowski 1985",
        source="section 5, the 4-2-4 encoder: a perfect code (4 distinct hidden states) found "
        "in almost every run (the paper's count of runs is not confirmed here against its text)",
        protocol="two groups of 4 visible units joined only through 2 hidden units; the "
        "paper's annealed Gibbs sampling, noisy clamping and fixed-size sign updates, 1500 "
        "learning cycles (--quick: 150, one seed); zoo departs in keeping the weights of the "
        "best exact log-likelihood seen (the sampled rule finds a code but does not hold it; the "
        f"paper stopped at the first perfect code) and in running 5 seeds; {_SOLVED}",
        metric="success rate",
        published=1.0,
        tolerance=0.1,
        direction="higher",
        recipe=_solved_424,
        figure=_figure_424,
        seeds=5,
        quick_seeds=1,
    )
)
_solved_838, _figure_838 = _encoder(8, 3, "annealed", lambda quick: 150 if quick else 1500)
register(
    Experiment(
        name="8-3-8-encoder",
        family="boltzmann",
        paper="Ackley, Hinton & Sejnowski 1985",
        source="section 5, the 8-3-8 encoder: 16 of 20 runs found a perfect code (the figure "
        "as secondary sources quote it; not confirmed here against the paper's text)",
        protocol="two groups of 8 visible units joined only through 3 hidden units (8 codes for "
        "8 patterns, no slack). zoo departs from the paper's procedure, which its sampled sign "
        "rule does not reproduce on 8-3-8 (0 of 20 seeds, the weights drift): the exact "
        "likelihood gradient with the clamped phase's posterior annealed from T=2 and annealed "
        "weight noise 0.1 (deterministic annealing EM; BoltzmannMachine's Notes, which anneal "
        "over 3000 epochs), 1500 epochs (--quick: 150, one seed, not expected to solve), 5 "
        f"seeds against the paper's 20; {_SOLVED}",
        metric="success rate",
        published=16 / 20,
        tolerance=0.2,
        direction="higher",
        recipe=_solved_838,
        figure=_figure_838,
        seeds=5,
        quick_seeds=1,
    )
)

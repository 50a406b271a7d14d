"""``zoo reproduce`` rows of the Boltzmann machine (see :mod:`zoo.reproduce`)."""

import functools

import numpy as np
from sklearn.pipeline import make_pipeline

from ..datasets import make_encoder
from ..mlp import MLPClassifier
from ..reproduce import Experiment, register
from ..reproduce.mnist import DATA, error_figure, error_recipe
from ._bm import BoltzmannMachine, encoder_connectivity
from ._dbn import DBNTransformer
from ._dbn_classifier import DBNClassifier


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
        "paper stopped at the first perfect code) and in running 3 seeds (a learning cycle is "
        f"40 Gibbs sweeps of the whole machine); {_SOLVED}",
        metric="success rate",
        published=1.0,
        tolerance=0.1,
        direction="higher",
        recipe=_solved_424,
        figure=_figure_424,
        seeds=3,
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
        "over 3000 epochs), 1500 epochs (--quick: 150, one seed, not expected to solve), 3 "
        f"seeds against the paper's 20; {_SOLVED}",
        metric="success rate",
        published=16 / 20,
        tolerance=0.2,
        direction="higher",
        recipe=_solved_838,
        figure=_figure_838,
        seeds=3,
        quick_seeds=1,
    )
)


# ----------------------------------------------------------------------------- MNIST rows

#: Hinton, Osindero & Teh's layers, and the RBM settings of Hinton's (2010) practical guide:
#: CD-1, minibatches of 100, momentum 0.5, weight cost 1e-4; 30 sweeps per layer (--quick: 1).
_DBN_LAYERS = (500, 500, 2000)


def _rbm_sweeps(quick):
    return 1 if quick else 30


def _greedy_model(quick, seed):
    """The greedily trained stack, frozen, and a softmax read-out of its top layer."""
    return make_pipeline(
        DBNTransformer(
            _DBN_LAYERS,
            learning_rate=0.1,
            batch_size=100,
            n_iter=_rbm_sweeps(quick),
            k=1,
            persistent=False,
            momentum=0.5,
            weight_decay=1e-4,
            random_state=seed,
        ),
        MLPClassifier(
            hidden_layer_sizes=(),
            batch_size=128,
            max_iter=3 if quick else 30,
            n_iter_no_change=30,
            tol=0.0,
            random_state=seed,
        ),
    )


def _fine_tuned_model(quick, seed):
    """The same stack, then back-propagation through all of it (DBNClassifier)."""
    return DBNClassifier(
        _DBN_LAYERS,
        rbm_learning_rate=0.1,
        rbm_batch_size=100,
        rbm_n_iter=_rbm_sweeps(quick),
        rbm_k=1,
        rbm_momentum=0.5,
        rbm_weight_decay=1e-4,
        batch_size=128,
        learning_rate_init=1e-3,
        max_iter=3 if quick else 30,
        n_iter_no_change=30,
        tol=0.0,
        random_state=seed,
    )


_DBN_PROTOCOL = (
    DATA + "; a 784-500-500-2000 stack of RBMs trained greedily, "
    "layer by layer, by CD-1 for 30 sweeps each (--quick: 1) in minibatches of 100, momentum "
    "0.5, weight cost 1e-4"
)
register(
    Experiment(
        name="mnist-dbn-greedy",
        family="boltzmann",
        paper="Hinton, Osindero & Teh 2006",
        source="the MNIST results: 1.25% test error for the 784-500-500-2000 net (the figure as "
        "issue 33 quotes it; not confirmed here against the paper's table, whose generative "
        "model was also fine-tuned by the up-down algorithm)",
        protocol=_DBN_PROTOCOL + "; zoo departs in reading the labels out of the frozen top "
        "layer with a softmax trained by Adam (30 epochs, --quick: 3), where the paper joined "
        "10 label units to the top-level associative memory (an RBM over the 2000 units) and "
        "fine-tuned with the up-down algorithm; one seed; the metric is the test error in percent",
        metric="test error (%)",
        published=1.25,
        tolerance=0.5,
        direction="lower",
        recipe=error_recipe(_greedy_model),
        figure=error_figure(_greedy_model),
        seeds=1,
        quick_seeds=1,
        needs="mnist",
    )
)
register(
    Experiment(
        name="mnist-dbn-fine-tuned",
        family="boltzmann",
        paper="Hinton, Osindero & Teh 2006",
        source="the MNIST results: 1.15% test error once the pre-trained 784-500-500-2000 net "
        "is fine-tuned (the figure as issue 33 quotes it; not confirmed here against the paper's "
        "text)",
        protocol=_DBN_PROTOCOL + "; then DBNClassifier fine-tunes the whole logistic network "
        "and a fresh softmax layer by back-propagation (Adam, minibatches of 128, 30 epochs, "
        "--quick: 3); one seed; the metric is the test error in percent",
        metric="test error (%)",
        published=1.15,
        tolerance=0.5,
        direction="lower",
        recipe=error_recipe(_fine_tuned_model),
        figure=error_figure(_fine_tuned_model),
        seeds=1,
        quick_seeds=1,
        needs="mnist",
    )
)

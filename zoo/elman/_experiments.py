"""``zoo reproduce`` rows of the Elman network (see :mod:`zoo.reproduce`)."""

import functools
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from ..datasets import is_reber, make_reber
from ..datasets._sequences import REBER_SYMBOLS
from ..reproduce import Experiment, register
from ._elman_classifier import ElmanClassifier

#: Cleeremans et al.'s acceptance threshold on an output unit's activation.
_THRESHOLD = 0.3


@functools.lru_cache(maxsize=16)
def _fit_reber(seed, quick):
    """The SRN trained on Reber strings of ``seed`` (cached: the figure reuses seed 0's fit)."""
    n_strings, n_hidden, max_iter = (200, 8, 30) if quick else (300, 4, 60)
    X, y = make_reber(n_strings, random_state=1000 + seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ElmanClassifier(
            n_hidden=n_hidden, max_iter=max_iter, learning_rate_init=0.03, random_state=seed
        ).fit(X, y)


def _recognised(proba, X, y):
    """Per string: at every step each legal successor's output is above the threshold and
    every other output below it (the network predicts exactly the legal set)."""
    real = ~np.isnan(X[..., 0])
    same = (proba > _THRESHOLD) == (y > 0.5)
    return np.where(real[..., None], same, True).all(axis=(1, 2))


def _reber(seed, quick):
    model = _fit_reber(seed, quick)
    X, y = make_reber(300 if quick else 1000, random_state=20_000 + seed)
    return float(_recognised(model.predict_proba(X), X, y).mean())


def _corrupted(seed, n_strings):
    """Reber strings with one letter after the B replaced by another letter, kept when the result
    is no longer a string of the grammar: near misses, harder to reject than random letters."""
    rng = np.random.default_rng(30_000 + seed)
    _, _, strings = make_reber(n_strings, random_state=30_000 + seed, return_strings=True)
    corrupted = []
    for string in strings:
        while True:
            t = rng.integers(1, len(string))
            letter = REBER_SYMBOLS[rng.integers(len(REBER_SYMBOLS))]
            candidate = string[:t] + letter + string[t + 1 :]
            if not is_reber(candidate):
                corrupted.append(candidate)
                break
    return corrupted


def _accepted(model, strings):
    """Cleeremans et al.'s test: a string is accepted when, after each of its letters, the
    output of the letter that actually follows is above the threshold."""
    n_steps = max(len(s) for s in strings) - 1
    X = np.full((len(strings), n_steps, len(REBER_SYMBOLS)), np.nan)
    follows = np.zeros((len(strings), n_steps), dtype=int)
    for i, string in enumerate(strings):
        letters = [REBER_SYMBOLS.index(c) for c in string]
        X[i, : len(string) - 1] = np.eye(len(REBER_SYMBOLS))[letters[:-1]]
        follows[i, : len(string) - 1] = letters[1:]
    proba = model.predict_proba(X)
    real = ~np.isnan(X[..., 0])
    above = np.take_along_axis(proba, follows[..., None], axis=2)[..., 0] > _THRESHOLD
    return np.where(real, above, True).all(axis=1)


def _reber_rejects(seed, quick):
    model = _fit_reber(seed, quick)
    return float(1 - _accepted(model, _corrupted(seed, 300 if quick else 1000)).mean())


def _reber_figure(seed, quick, fig):
    model = _fit_reber(seed, quick)
    X, y, strings = make_reber(50, random_state=20_000 + seed, return_strings=True)
    i = int(np.argmax([len(s) for s in strings]))
    steps = len(strings[i]) - 1
    proba = model.predict_proba(X[i : i + 1])[0, :steps]
    ax = fig.add_subplot()
    ax.imshow(proba.T, aspect="auto", cmap="Greys", vmin=0, vmax=1)
    legal_t, legal_k = np.nonzero(y[i, :steps] > 0.5)
    ax.scatter(legal_t, legal_k, marker="o", facecolors="none", edgecolors="tab:red", s=60)
    ax.set_xticks(range(steps), list(strings[i][:-1]))
    ax.set_yticks(range(len(REBER_SYMBOLS)), list(REBER_SYMBOLS))
    ax.set(xlabel="symbol read", ylabel="next symbol")
    return (
        f"the SRN's predicted next symbols (grey: output activation) along the test string "
        f"{strings[i]}, the legal successors circled in red; seed {seed}"
    )


register(
    Experiment(
        name="reber-grammar",
        family="elman",
        paper="Cleeremans, Servan-Schreiber & McClelland 1989",
        source="Neural Computation 1(3), 372-381, abstract and the Reber-grammar simulation: "
        "the SRN 'can learn to be a perfect finite-state recognizer' of the grammar; taken "
        "as 1.0 of the test strings",
        protocol="an SRN (one-hot letters in, the letter's successors out) trained to predict "
        "the next letter of strings of Reber's grammar; the paper accepts a string when each "
        "letter's predicted activation exceeds 0.3 (the threshold as recalled, not checked "
        "against the printed text). zoo: 4 tanh hidden units (the paper's smallest "
        "network had 3; with 3, some seeds stop short of the legal sets), logistic outputs "
        "against the multi-hot set of legal successors, 300 training strings, 60 epochs of "
        "Adam with full back-propagation through time (the "
        "paper: online back-propagation over tens of thousands of strings, Elman's copy-back "
        "context); --quick: 8 units, 200 strings, 30 epochs. The metric is the share of 1000 "
        "new test strings on which, at every step, every legal successor's output is above 0.3 "
        "and every other output below it: a stricter test than accepting the string",
        metric="test strings recognised",
        published=1.0,
        tolerance=0.02,
        direction="higher",
        recipe=_reber,
        figure=_reber_figure,
        seeds=5,
        quick_seeds=2,
    )
)
register(
    Experiment(
        name="reber-rejects-ungrammatical",
        family="elman",
        paper="Cleeremans, Servan-Schreiber & McClelland 1989",
        source="Neural Computation 1(3), 372-381: a perfect finite-state recogniser also rejects "
        "every string outside the grammar; taken as 1.0 of the corrupted strings",
        protocol="the reber-grammar row's networks (same seeds and training); test strings are "
        "1000 new Reber strings (--quick: 300) each with one letter after the B replaced by "
        "another letter so that the string leaves the grammar (near misses: harder to reject "
        "than random letters). A string is accepted when, after each letter, the output of the "
        "letter that actually follows is above 0.3 (the paper's acceptance test, the threshold "
        "as recalled); the metric is the share of corrupted strings rejected",
        metric="ungrammatical strings rejected",
        published=1.0,
        tolerance=0.02,
        direction="higher",
        recipe=_reber_rejects,
        seeds=5,
        quick_seeds=2,
    )
)

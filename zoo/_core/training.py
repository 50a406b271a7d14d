"""The one minibatch / epoch training loop of zoo, and the monitor every trained family uses.

API (stable: new families build on it)
--------------------------------------
1. The estimator builds a :class:`History` once per fit (``partial_fit`` and ``warm_start`` keep
   it), and per training call a :class:`Monitor` over it::

       monitor = Monitor(history, name="MLPClassifier", n_iter_no_change=10, tol=1e-4,
                         verbose=False, params=[network.flat], validate=validate,
                         step_parameter="learning_rate_init=0.001")

   A family that measures something other than a plain loss says so in one
   :class:`Criterion` (``criterion=Criterion("mean distance to the BMU", reference=...)``): its
   name, the growth rule's reference, a relative ``tol``, figures opening the verbose line. The
   monitor holds everything about *when to stop*: the patience rule (stop when the
   validation score, or without a validation split the training criterion, has not improved by
   ``tol`` for more than ``n_iter_no_change`` epochs; ``None`` switches patience off), the best
   weights on the validation split (kept and restored), the divergence rule (a non-finite or
   overflowing step, or a criterion 1000x its start for 5 epochs or at the end of the run, raises
   a ValueError naming ``step_parameter``) and the ``verbose`` line.
2. A family that trains by minibatches writes ``step(batch) -> float`` (forward, backward and
   update on one minibatch, returning the batch's mean criterion) and calls
   :func:`fit_epochs` ``(step, n_samples, monitor, batch_size=..., max_iter=..., rng=...)``.
   The loop draws the minibatches (a ``slice`` when ``shuffle=False``, else an index array into one
   permutation of the sample indices per epoch: the data are never copied), averages the batch
   criteria into the epoch's :math:`L = \\sum_b n_b L_b / n` (sample-weighted when given), records
   it with :meth:`Monitor.record`, asks the optimizer's schedule (and the family's own, through
   ``start_epoch``, before each epoch), and warns
   (:class:`~sklearn.exceptions.ConvergenceWarning`) when ``max_iter`` is reached unconverged.
3. A family whose training is not a minibatch loop (L-BFGS's iterations, SOM's online and batch
   maps, ART's presentation passes) calls :meth:`Monitor.record` itself once per epoch (or
   iteration) with its criterion, :meth:`Monitor.finish` when its run ends, and
   :meth:`Monitor.warn_not_converged` when its budget ran out. There is one early-stopping rule in
   zoo, and one record of training.

``History.criterion`` is each family's training criterion per epoch, published as scikit-learn's
``loss_curve_`` (the name scikit-learn users look for): the loss being minimised for MLP, Elman,
RBF fine-tuning and cascade-correlation's output phase, the reconstruction error for RBMs, the
perceptron criterion max(0, -y z) for the perceptron, the mean quantization error for SOM (ART
publishes its fraction of presentations that changed a category as ``change_curve_``). Each
family's docstring says which.
"""

import time
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from .diagnostics import warn_at_caller
from .validation import NONFINITE_WEIGHTS

#: A training criterion this many times above its start has diverged, once it has stayed there
#: for DIVERGENCE_PATIENCE epochs in a row (a second-order step such as Quickprop's may overshoot
#: for an epoch and come back), or when the run ends there (a run shorter than the window, or
#: stopped by patience or a budget, has no later epoch to come back in).
DIVERGENCE_GROWTH = 1e3
DIVERGENCE_PATIENCE = 5


def step_parameter(step_name, step, penalty_name=None, penalty=0.0):
    r"""What a divergence error tells the user to lower (:class:`Monitor`'s ``step_parameter``).

    The step size :math:`\eta` (``"learning_rate_init=0.001"``), and the L2 penalty
    :math:`\alpha` as well once :math:`\eta\alpha \ge 1`: the penalty's own step
    :math:`w \leftarrow (1 - \eta\alpha)\,w` then overshoots zero, and with a penalty that large
    its gradient :math:`\alpha w` alone can overflow, whatever the data.
    """
    text = f"{step_name}={step}"
    if penalty_name is not None and step * penalty >= 1.0:
        text += f" or {penalty_name}={penalty}"
    return text


@dataclass
class History:
    """What training has recorded so far; it survives ``partial_fit`` and ``warm_start`` calls.

    ``criterion`` holds the training criterion of every epoch (published as ``loss_curve_``); with
    ``early_stopping``, ``validation_scores`` (and ``validation_loss_curve``) the held-out record;
    ``measures`` the per-iteration figures a solver notes besides (:meth:`note`: the gradient's
    norm, Levenberg-Marquardt's damping), each published as ``<name>_curve_`` (MATLAB's
    training record ``tr.gradient``, ``tr.mu``).
    """

    early_stopping: bool = False
    criterion: list = field(default_factory=list)
    validation_scores: list | None = None
    validation_loss_curve: list | None = None
    best_loss: float | None = np.inf
    best_validation_score: float | None = None
    no_improvement_count: int = 0
    n_iter: int = 0
    t: int = 0
    measures: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.early_stopping:
            self.start_validation()
            self.best_loss = None

    def start_validation(self):
        """Begin recording validation scores (kept if already begun): a split, or the
        perceptron's pocket, turned on by a later ``partial_fit`` call."""
        if self.validation_scores is None:
            self.validation_scores = []
            self.validation_loss_curve = []
        if self.best_validation_score is None:
            self.best_validation_score = -np.inf

    def note(self, **values):
        """Append one iteration's figures to ``measures`` (``note(gradient=..., mu=...)``)."""
        for name, value in values.items():
            self.measures.setdefault(name, []).append(float(value))

    def publish(self, estimator):
        """Expose the record as scikit-learn's fitted attributes (``loss_curve_``, ``best_loss_``,
        ``validation_scores_``, ``best_validation_score_``, ``t_``; ``validation_loss_curve_``
        when a validation split is used)."""
        estimator.loss_curve_ = self.criterion
        estimator.best_loss_ = self.best_loss
        estimator.validation_scores_ = self.validation_scores
        estimator.best_validation_score_ = self.best_validation_score
        estimator.t_ = self.t
        if self.validation_loss_curve is not None:
            estimator.validation_loss_curve_ = self.validation_loss_curve
        for name, values in self.measures.items():
            setattr(estimator, f"{name}_curve_", values)


def best_of_restarts(estimator, n_init, initialize, train, weight_attributes):
    """Train from ``n_init`` random initialisations and keep the best-scoring network.

    ``initialize()`` draws fresh weights (None: continue from the current ones); ``train()``
    trains them and returns a score, higher is better (validation score, or minus the training
    loss). The estimator's whole state after the best run is restored; ``weight_attributes`` names
    the attributes holding arrays (or lists of arrays) that training changes in place, which are
    copied for the snapshot.
    """
    best_score, best_state = None, None
    for _ in range(n_init):
        if initialize is not None:
            initialize()
        score = train()
        if n_init > 1 and (best_state is None or score > best_score):
            best_state = dict(estimator.__dict__)
            for name in weight_attributes:
                value = best_state[name]
                best_state[name] = (
                    [w.copy() for w in value] if isinstance(value, list) else value.copy()
                )
            best_score = score
    if best_state is not None:
        estimator.__dict__.update(best_state)


def minibatches(n_samples, batch_size, rng, shuffle=True):
    """Yield the minibatches of one epoch: slices, or index arrays into one fresh permutation."""
    if shuffle:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            yield order[start : start + batch_size]
    else:
        for start in range(0, n_samples, batch_size):
            yield slice(start, min(start + batch_size, n_samples))


def batch_length(batch, n_samples):
    """Number of samples in a batch given as a slice or as an index array."""
    if isinstance(batch, slice):
        return len(range(*batch.indices(n_samples)))
    return len(batch)


@dataclass(frozen=True)
class Criterion:
    """What a family's training measures, as the :class:`Monitor` records, judges and prints it.

    The Monitor applies one patience rule, one divergence rule and one verbose format to every
    family; what differs between the families is only what they measure, and that travels in
    this one object, so that the Monitor names no family's needs and a new family describes its
    criterion without a new Monitor argument.

    Parameters
    ----------
    name : str, default="loss"
        What the verbose line and the patience message call the criterion, the quantity
        ``loss_curve_`` records (a SOM's is the mean distance to the best-matching unit: the
        family's ``_loss_curve_quantity``).
    reference : float, default=0.0
        A criterion the growth rule also measures against, when larger than the start: that of a
        trivial model (predicting the targets' mean, a one-unit codebook at the data's mean). A
        run that starts at an optimum (RBF fine-tuning from the least-squares output layer, with
        a loss of 1e-30 on data it interpolates; a map whose units start on the samples) has not
        diverged when its criterion moves off it.
    relative : bool, default=False
        Without a validation split, an epoch improves when the criterion falls by ``tol`` times
        the best one instead of by ``tol`` (the "change threshold" of Fahlman's
        cascade-correlation).
    report : callable or None, default=None
        ``report() -> {name: value}``: figures of the epoch that open the ``verbose`` line,
        computed only when it is printed (an RBM's pseudo-likelihood, which costs a pass over
        the data, and which scikit-learn's ``BernoulliRBM`` prints first).
    """

    name: str = "loss"
    reference: float = 0.0
    relative: bool = False
    report: Callable[[], dict] | None = None


#: The criterion of a family that minimises a loss and needs nothing else said about it.
LOSS = Criterion()


class Monitor:
    """The patience rule, best-weights bookkeeping, divergence check and verbose lines.

    Parameters
    ----------
    history : History
        Updated in place.
    name : str, default="Estimator"
        Named in the divergence error and the convergence warning.
    n_iter_no_change : int or None, default=10
        Patience: epochs without improvement tolerated.
    tol : float or None, default=1e-4
        The improvement that counts. ``None`` for either switches the patience rule off: training
        runs its budget of epochs (scikit-learn's ``BernoulliRBM.n_iter``, SOM, ART).
    verbose : bool, default=False
        Print one line per epoch.
    params : list of ndarray or None
        The live parameter arrays; with a validation split, a copy of the best ones is kept and
        :meth:`restore_best` writes it back into them.
    validate : callable or None
        ``validate() -> (score, loss)`` on held-out data, higher score better; ``loss`` may be None.
        The history must be recording validation (``History(early_stopping=True)`` or
        :meth:`History.start_validation`).
    step_parameter : str or None, default=None
        The hyper-parameter that sets the step size, as the divergence error names it (e.g.
        ``"learning_rate_init=0.001"``).
    label : str or None, default=None
        Printed as ``[label]`` before every verbose line, to tell apart the runs of one fit (a
        deep belief net's layers and its fine-tuning).
    criterion : Criterion, default=Criterion()
        What the family measures: the criterion's name, the growth rule's reference, whether
        ``tol`` is relative, and figures that open the verbose line (see :class:`Criterion`).
    callbacks : EpochCallbacks or None, default=None
        scikit-learn's callbacks of the fit under way (:func:`zoo._core.callbacks.
        epoch_callbacks`): each recorded epoch is one callback task, and when a callback's
        ``on_fit_task_end`` returns True, :attr:`stopped_by_callback` is set and the training
        loop stops as it does on early stopping.

    Divergence is never silent, in every family alike: training stops with a ValueError (after
    the best weights are restored) when the criterion becomes non-finite, when a training step
    overflows (:meth:`guard`), or when the criterion stands above ``DIVERGENCE_GROWTH`` times its
    start (the first minibatch's, measured before any update) for ``DIVERGENCE_PATIENCE`` epochs
    in a row or in the run's last epoch (:meth:`finish`), so that a run of fewer epochs than the
    window is judged too. The message contains scikit-learn's sentence for non-finite weights
    and names ``step_parameter``.
    """

    def __init__(
        self,
        history,
        *,
        name="Estimator",
        n_iter_no_change=10,
        tol=1e-4,
        verbose=False,
        params=None,
        validate=None,
        step_parameter=None,
        label=None,
        criterion=LOSS,
        callbacks=None,
    ):
        self.history = history
        self.callbacks = callbacks
        self.stopped_by_callback = False
        self.criterion = criterion
        self.label = label
        self.step_parameter = step_parameter
        self._first = None
        self._epochs_above = 0
        self._came_back = False
        self._last = None
        #: set by fit_epochs: its divergence_hint() joins the step size in the error
        self.optimizer = None
        self.name = name
        patience_off = n_iter_no_change is None or tol is None
        self.n_iter_no_change = np.inf if patience_off else n_iter_no_change
        self.tol = 0.0 if tol is None else tol
        self.verbose = verbose
        self.params = params
        self.validate = validate
        self._best_params = None
        if validate is not None and params is not None:
            self._best_params = [p.copy() for p in params]
        self._last_line = time.perf_counter()

    def record(self, criterion, **measures):
        """Record one epoch's (or iteration's) training criterion; True when patience ran out.

        ``measures`` are other per-epoch figures the family keeps itself (a SOM's quantization
        and topographic errors), shown on the ``verbose`` line as ``name = value``.

        Raises ValueError, after restoring the best weights, when the criterion is not finite.
        """
        history = self.history
        self.start(criterion)
        if not np.isfinite(criterion):
            self.diverged(f"the training loss became {float(criterion)}")
        self._last = float(criterion)
        if self._grew_too_far(criterion):
            self._epochs_above += 1
        else:
            # an overshoot that came back (Quickprop's, cascade-correlation's oscillations)
            self._came_back = self._came_back or self._epochs_above > 0
            self._epochs_above = 0
        if self._epochs_above >= DIVERGENCE_PATIENCE:
            self.diverged_by_growth(criterion)
        history.n_iter += 1
        history.criterion.append(float(criterion))
        figures = [f"{self.criterion.name} = {criterion:.8f}"]
        if self.validate is not None:
            # the held-out pass runs on weights a step has just changed: an overflow there is
            # divergence too (finite weights of 1e300 overflow any forward pass)
            with self.guard():
                score, validation_loss = self.validate()
            history.validation_scores.append(float(score))
            if validation_loss is not None:
                history.validation_loss_curve.append(float(validation_loss))
                figures.append(f"validation loss = {validation_loss:.8f}")
            figures.append(f"validation score = {score:.6f}")
            # no improvement: score < best + tol
            if not score >= history.best_validation_score + self.tol:
                history.no_improvement_count += 1
            else:
                history.no_improvement_count = 0
            if score > history.best_validation_score:
                history.best_validation_score = float(score)
                if self._best_params is not None:
                    for best, live in zip(self._best_params, self.params):
                        np.copyto(best, live)
        else:
            # no improvement: loss > best - tol (relative: loss > best - tol |best|)
            margin = self.tol
            if self.criterion.relative and np.isfinite(history.best_loss):
                margin = self.tol * abs(history.best_loss)
            if not criterion <= history.best_loss - margin:
                history.no_improvement_count += 1
            else:
                history.no_improvement_count = 0
            history.best_loss = min(history.best_loss, float(criterion))
        if self.verbose:
            # the one verbose format of zoo: every figure named, the time this epoch took after
            # the first, where scikit-learn's BernoulliRBM puts it (a drop-in's own figure, which
            # its users parse, opens the line); the time is taken before that figure is computed
            now = time.perf_counter()
            report = self.criterion.report
            first = report() if report is not None else {}
            figures = [f"{name} = {value:.6f}" for name, value in first.items()] + figures
            figures += [
                f"{name.replace('_', ' ')} = {value:.6f}" for name, value in measures.items()
            ]
            figures.insert(1, f"time = {now - self._last_line:.3f}s/epoch")
            line = ", ".join([f"Iteration {history.n_iter}", *figures])
            self._last_line = time.perf_counter()
            print(line if self.label is None else f"[{self.label}] {line}")
        if self.callbacks is not None and self.callbacks.end_epoch():
            self.stopped_by_callback = True
            if self.verbose:
                print("A callback asked training to stop. Stopping.")
        return history.no_improvement_count > self.n_iter_no_change

    def begin_epoch(self):
        """An epoch starts: the callbacks' task for it opens (:meth:`record` closes it)."""
        if self.callbacks is not None:
            self.callbacks.begin_epoch()

    def _grew_too_far(self, criterion):
        """Above DIVERGENCE_GROWTH times the criterion at the start (when that is positive), or
        times the criterion's ``reference`` when that is larger."""
        if not self._first or self._first <= 0:
            return False
        return criterion > DIVERGENCE_GROWTH * max(self._first, self.criterion.reference)

    def finish(self):
        """The run ended: a criterion that rose above the growth bound and never came back has
        diverged, however few epochs ran (a run shorter than ``DIVERGENCE_PATIENCE``, or stopped
        by patience or its budget inside the window, would otherwise return the blown-up
        weights). A run whose criterion overshot and came back before is oscillating (a
        full-batch criterion is measured before its epoch's step, which may bring it back), and
        only the window judges it."""
        if self._epochs_above and not self._came_back:
            self.diverged_by_growth(self._last, epoch=self.history.n_iter)

    def diverged_by_growth(self, criterion, epoch=None):
        self.diverged(
            f"the training loss grew to {float(criterion):.4g}, over {DIVERGENCE_GROWTH:g} times "
            "its start",
            nonfinite=False,
            epoch=epoch,
        )

    def start(self, criterion):
        """The criterion before training moved the weights (the first minibatch's), which the
        growth rule compares with; without it the first recorded criterion is used."""
        if self._first is None and np.isfinite(criterion):
            self._first = float(criterion)

    def diverged(self, what, nonfinite=True, epoch=None):
        """Restore the best weights and raise the divergence error, saying ``what`` happened;
        ``nonfinite`` adds scikit-learn's sentence for non-finite weights. ``epoch`` defaults to
        the one being recorded."""
        self.restore_best()
        hint = getattr(self.optimizer, "divergence_hint", str)()
        lower = f"Lower {self.step_parameter}{hint} or scale" if self.step_parameter else "Scale"
        first = f" (at the start: {self._first:.4g})" if self._first else ""
        sklearn_sentence = f"{NONFINITE_WEIGHTS} " if nonfinite else ""
        raise ValueError(
            f"{self.name} diverged at epoch {epoch or self.history.n_iter + 1}: {what}{first}. "
            f"{sklearn_sentence}{lower} the input (e.g. StandardScaler)."
        )

    @contextmanager
    def guard(self):
        """Run training arithmetic with overflow and invalid values raising: a step that
        overflows is divergence, reported by :meth:`diverged` instead of a numpy warning."""
        try:
            with np.errstate(over="raise", invalid="raise"):
                yield
        except FloatingPointError as error:
            self.diverged(f"a training step overflowed ({error})")

    def stop_message(self):
        what = f"Training {self.criterion.name}"
        if self.validate is not None:
            what = "Validation score"
        return (
            f"{what} did not improve more than tol={self.tol:f} for "
            f"{self.n_iter_no_change} consecutive epochs."
        )

    def restore_best(self):
        """Write the best weights seen on the validation split back into the live arrays."""
        if self._best_params is not None:
            for best, live in zip(self._best_params, self.params):
                np.copyto(live, best)

    def warn_not_converged(self, max_iter):
        """The :class:`~sklearn.exceptions.ConvergenceWarning` of a budget run out, attributed to
        the user's line (:func:`zoo._core.diagnostics.warn_at_caller`)."""
        warn_at_caller(
            f"{self.name}: maximum iterations ({max_iter}) reached and the optimization "
            "hasn't converged yet.",
            ConvergenceWarning,
        )


def partial_fit_available(solver, stochastic_solvers):
    """``partial_fit``'s guard (for :func:`sklearn.utils.metaestimators.available_if`): one epoch
    a call needs an epoch solver; a full-batch solver (:data:`~zoo._core.solvers.
    FULL_BATCH_SOLVERS`) runs to convergence on the data it is given, so there is no epoch to
    continue. Raises AttributeError (scikit-learn's MLP message) when ``solver`` is not one of
    ``stochastic_solvers``, else returns True."""
    if solver not in stochastic_solvers:
        raise AttributeError(
            f"partial_fit is only available for stochastic optimizers. {solver} is not stochastic."
        )
    return True


def clip_batch_size(batch_size, n_samples, what=None):
    """``batch_size`` clipped to [1, n_samples]; when it was larger and ``what`` names the samples
    (``"sample size"``), with scikit-learn's warning."""
    if what is not None and batch_size > n_samples:
        warnings.warn(
            f"Got `batch_size` less than 1 or larger than {what}. It is going to be clipped",
            stacklevel=3,
        )
    return int(np.clip(batch_size, 1, n_samples))


def validation_split(n_samples, validation_fraction, rng, stratify=None):
    """Indices ``(train, validation)`` of the held-out split that early stopping scores on.

    scikit-learn's ``train_test_split`` of the sample indices (stratified by ``stratify`` when
    given); a ValueError naming ``validation_fraction`` when fewer than two samples (or, when
    stratified, fewer than the number of classes) would be held out, or too few kept for
    training (scikit-learn's own message when a class has a single member).
    """
    try:
        train, validation = train_test_split(
            np.arange(n_samples), random_state=rng, test_size=validation_fraction, stratify=stratify
        )
    except ValueError as error:
        if "least populated" in str(error):  # scikit-learn's message names the class: keep it
            raise
        # train_test_split holds out ceil(fraction n) samples; a stratified split needs as many
        # as there are classes on both sides
        n_validation = int(np.ceil(validation_fraction * n_samples))
        n_classes = 1
        if stratify is not None:
            rows = np.asarray(stratify)
            n_classes = len(np.unique(rows, axis=0 if rows.ndim > 1 else None))
        if n_samples - n_validation < n_classes:
            raise ValueError(
                f"validation_fraction={validation_fraction} leaves {n_samples - n_validation} "
                f"of {n_samples} samples for training (at least {n_classes} needed); lower it."
            ) from error
        raise ValueError(
            "The validation set is too small. Increase 'validation_fraction' or the size of "
            f"your dataset (validation_fraction={validation_fraction} holds out {n_validation} "
            f"of {n_samples} samples; at least {max(2, n_classes)} are needed)."
        ) from error
    if len(validation) < 2:
        raise ValueError(
            "The validation set is too small. Increase 'validation_fraction' or the size of "
            f"your dataset (validation_fraction={validation_fraction} holds out "
            f"{len(validation)} of {n_samples} samples; at least 2 are needed)."
        )
    return train, validation


def fit_epochs(step, n_samples, monitor, **options):
    """Run epochs of minibatch training until the monitor or ``stop_when`` stops them, or
    ``max_iter`` is reached; the epochs run (see :func:`iter_epochs` for the parameters)."""
    run = iter_epochs(step, n_samples, monitor, **options)
    while True:
        try:
            next(run)
        except StopIteration as done:
            return done.value


def iter_epochs(
    step,
    n_samples,
    monitor,
    *,
    batch_size,
    max_iter,
    rng,
    shuffle=True,
    optimizer=None,
    incremental=False,
    sample_weight=None,
    stop_when=None,
    warn_at_max_iter=True,
    start_epoch=None,
):
    """:func:`fit_epochs` one epoch at a time: a generator that yields after each epoch that
    another one follows, and returns the epochs run.

    A caller that trains several models side by side (the Perceptron's one-vs-rest units under
    callbacks) advances each by one epoch in turn; setting ``monitor.stopped_by_callback``
    between two epochs stops the run as a callback's stop does (no ConvergenceWarning).

    Parameters
    ----------
    step : callable
        ``step(batch) -> float``: train on one minibatch (a slice or an index array into the
        training set) and return its mean criterion.
    n_samples : int
        Size of the training set.
    monitor : Monitor
        Records each epoch and decides when patience has run out (see :class:`Monitor`).
    batch_size : int
        Clipped to ``n_samples`` silently (an estimator whose users set it warns first, see
        :func:`clip_batch_size`).
    max_iter : int
        Maximum number of epochs in this call.
    rng : numpy Generator or RandomState
        Draws the permutations (unused when ``shuffle=False``).
    shuffle : bool, default=True
    optimizer : Optimizer or None
        Asked ``iteration_ends(t)`` after each epoch and ``trigger_stopping`` when patience runs
        out (an adaptive schedule may then lower its step instead of stopping).
    incremental : bool, default=False
        One epoch, no convergence warning (``partial_fit``).
    sample_weight : ndarray or None
        Weights the batch criteria in the epoch's; a minibatch whose weights are all zero is
        skipped (``step`` is not called: zero-weight samples are as if absent).
    stop_when : callable or None
        ``stop_when(epoch_criterion) -> bool``, asked after each epoch: a family's own success
        criterion (zero training errors, cascade-correlation's "every output on the right side").
    warn_at_max_iter : bool, default=True
        False when ``max_iter`` is a fixed budget of epochs rather than a cap on an iteration
        that is meant to converge (scikit-learn's ``BernoulliRBM.n_iter``): no warning then.
    start_epoch : callable or None
        ``start_epoch()``, called before each epoch's first minibatch (under the overflow guard,
        as ``step``): the family's per-epoch preparation, such as an annealing schedule set by the
        epochs recorded so far (the neural gases' rates, ranges and edge ages), so that a family
        whose ``step`` presents one signal keeps its schedule without a loop of its own.

    Returns
    -------
    n_epochs : int
        Epochs run in this call.
    """
    history = monitor.history
    monitor.optimizer = optimizer
    batch_size = clip_batch_size(batch_size, n_samples)
    total_weight = n_samples if sample_weight is None else float(np.sum(sample_weight))
    n_epochs = 0
    stopped = False
    n_planned = 1 if incremental else max_iter
    for _ in range(n_planned):
        if monitor.stopped_by_callback:  # asked between two epochs (a caller of iter_epochs)
            stopped = True
            break
        accumulated = 0.0
        monitor.begin_epoch()
        with monitor.guard():
            if start_epoch is not None:
                start_epoch()
            for batch in minibatches(n_samples, batch_size, rng, shuffle):
                if sample_weight is None:
                    batch_weight = batch_length(batch, n_samples)
                else:
                    batch_weight = float(np.sum(sample_weight[batch]))
                    if batch_weight == 0:
                        # samples of weight zero are as if absent: a minibatch of them is no step
                        continue
                batch_criterion = step(batch)
                monitor.start(batch_criterion)  # measured before the first update
                accumulated += batch_criterion * batch_weight
        n_epochs += 1
        history.t += n_samples
        epoch_criterion = accumulated / total_weight if total_weight > 0 else accumulated
        patience_out = monitor.record(epoch_criterion)
        if optimizer is not None:
            optimizer.iteration_ends(history.t)
        if monitor.stopped_by_callback or (stop_when is not None and stop_when(epoch_criterion)):
            stopped = True
            break
        if patience_out:
            if monitor.validate is not None or optimizer is None:
                if monitor.verbose:
                    print(monitor.stop_message() + " Stopping.")
                stopped = True
                break
            if optimizer.trigger_stopping(monitor.stop_message(), monitor.verbose):
                stopped = True
                break
            history.no_improvement_count = 0
        if n_epochs < n_planned:
            yield n_epochs
    monitor.finish()
    if warn_at_max_iter and not incremental and not stopped and n_epochs == max_iter:
        monitor.warn_not_converged(max_iter)
    monitor.restore_best()
    return n_epochs

"""The one minibatch / epoch training loop of zoo, and its early-stopping monitor.

Every gradient-trained family (MLP, Elman, cascade-correlation, RBM, DBN, RBF fine-tuning) trains
through :func:`fit_epochs`. The family supplies ``step(batch)``: forward, backward and optimizer
update on one minibatch, returning the batch's mean loss. The loop supplies everything generic:

* minibatches drawn from one permutation of the sample *indices* per epoch — the dataset itself is
  never copied or shuffled (``batch`` is a ``slice`` when ``shuffle=False``, an index array
  otherwise);
* the epoch loss :math:`L = \\sum_b n_b L_b / n` (weighted by sample weights when given);
* :class:`Monitor`: the patience rule — stop when the validation score (or, without a validation
  split, the training loss) has not improved by ``tol`` for more than ``n_iter_no_change`` epochs —
  with the best weights kept and restored, and a ``verbose`` line per epoch;
* a :class:`~sklearn.exceptions.ConvergenceWarning` when ``max_iter`` is reached.

Solvers that are not epoch loops (L-BFGS) call the same :class:`Monitor` from their callback, so
there
is one early-stopping rule in zoo.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from .diagnostics import warn_at_caller


@dataclass
class History:
    """What training has recorded so far; it survives ``partial_fit`` and ``warm_start`` calls."""

    early_stopping: bool = False
    loss_curve: list = field(default_factory=list)
    validation_scores: list | None = None
    validation_loss_curve: list | None = None
    best_loss: float | None = np.inf
    best_validation_score: float | None = None
    no_improvement_count: int = 0
    n_iter: int = 0
    t: int = 0

    def __post_init__(self):
        if self.early_stopping:
            self.validation_scores = []
            self.validation_loss_curve = []
            self.best_validation_score = -np.inf
            self.best_loss = None

    def publish(self, estimator):
        """Expose the record as scikit-learn's fitted attributes (``loss_curve_``, ``best_loss_``,
        ``validation_scores_``, ``best_validation_score_``, ``t_``; ``validation_loss_curve_``
        when a validation split is used)."""
        estimator.loss_curve_ = self.loss_curve
        estimator.best_loss_ = self.best_loss
        estimator.validation_scores_ = self.validation_scores
        estimator.best_validation_score_ = self.best_validation_score
        estimator.t_ = self.t
        if self.validation_loss_curve is not None:
            estimator.validation_loss_curve_ = self.validation_loss_curve


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


class Monitor:
    """The patience rule, best-weights bookkeeping and verbose lines, shared by every solver.

    Parameters
    ----------
    history : History
        Updated in place.
    params : list of ndarray or None
        The live parameter arrays; with a validation split, a copy of the best ones is kept and
        :meth:`restore_best` writes it back into them.
    validate : callable or None
        ``validate() -> (score, loss)`` on held-out data, higher score better; ``loss`` may be None.
    n_iter_no_change : int, tol : float, verbose : bool
    relative_tol : bool, default=False
        Without a validation split, an epoch improves when the loss falls by ``tol`` times the best
        loss instead of by ``tol`` (the "change threshold" of Fahlman's cascade-correlation).
    """

    def __init__(
        self,
        history,
        params=None,
        validate=None,
        n_iter_no_change=10,
        tol=1e-4,
        verbose=False,
        relative_tol=False,
    ):
        self.history = history
        self.relative_tol = relative_tol
        self.params = params
        self.validate = validate
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.verbose = verbose
        self._best_params = None
        if validate is not None and params is not None:
            self._best_params = [p.copy() for p in params]
        self._started = time.perf_counter()

    def end_epoch(self, loss):
        """Record an epoch's training loss; return True when patience has run out."""
        history = self.history
        history.n_iter += 1
        history.loss_curve.append(float(loss))
        line = f"Iteration {history.n_iter}, loss = {loss:.8f}"
        if self.validate is not None:
            score, validation_loss = self.validate()
            history.validation_scores.append(float(score))
            if validation_loss is not None:
                history.validation_loss_curve.append(float(validation_loss))
                line += f", validation loss = {validation_loss:.8f}"
            line += f", validation score = {score:.6f}"
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
            if self.relative_tol and np.isfinite(history.best_loss):
                margin = self.tol * abs(history.best_loss)
            if not loss <= history.best_loss - margin:
                history.no_improvement_count += 1
            else:
                history.no_improvement_count = 0
            history.best_loss = min(history.best_loss, float(loss))
        if self.verbose:
            print(line + f", {time.perf_counter() - self._started:.2f} s")
        return history.no_improvement_count > self.n_iter_no_change

    def stop_message(self):
        what = "Validation score" if self.validate is not None else "Training loss"
        return (
            f"{what} did not improve more than tol={self.tol:f} for "
            f"{self.n_iter_no_change} consecutive epochs."
        )

    def restore_best(self):
        """Write the best weights seen on the validation split back into the live arrays."""
        if self._best_params is not None:
            for best, live in zip(self._best_params, self.params):
                np.copyto(live, best)


def fit_epochs(
    step,
    n_samples,
    *,
    batch_size,
    max_iter,
    rng,
    history,
    shuffle=True,
    optimizer=None,
    params=None,
    validate=None,
    n_iter_no_change=10,
    tol=1e-4,
    verbose=False,
    incremental=False,
    sample_weight=None,
    estimator_name="Estimator",
    target_loss=None,
    warn_at_max_iter=True,
    relative_tol=False,
    stop_when=None,
):
    """Run epochs of minibatch training until patience runs out or ``max_iter`` is reached.

    Parameters
    ----------
    step : callable
        ``step(batch) -> float``: train on one minibatch (a slice or an index array into the
        training set) and return its mean loss.
    n_samples : int
        Size of the training set.
    batch_size : int
    max_iter : int
        Maximum number of epochs in this call.
    rng : numpy Generator or RandomState
        Draws the permutations.
    history : History
        Continued in place (``partial_fit`` and ``warm_start`` pass the previous one).
    shuffle : bool, default=True
    optimizer : Optimizer or None
        Asked ``iteration_ends(t)`` after each epoch and ``trigger_stopping`` when patience runs
        out.
    params : list of ndarray or None
        The live parameters, for best-weight restoring when ``validate`` is given.
    validate : callable or None
        ``validate() -> (score, loss)``; turns on early stopping on that score.
    n_iter_no_change, tol, verbose
        The patience rule (see :class:`Monitor`).
    incremental : bool, default=False
        One epoch, no convergence warning (``partial_fit``).
    sample_weight : ndarray or None
        Weights the batch losses in the epoch loss; a minibatch whose weights are all zero is
        skipped (``step`` is not called: zero-weight samples are as if absent).
    estimator_name : str
        Named in the convergence warning.
    target_loss : float or None
        Stop as soon as an epoch's loss is at or below it (e.g. zero errors for a perceptron).
    warn_at_max_iter : bool, default=True
        False when ``max_iter`` is a fixed budget of epochs rather than a cap on an iteration
        that is meant to converge (scikit-learn's ``BernoulliRBM.n_iter``): no warning then.
    relative_tol : bool, default=False
        ``tol`` is a fraction of the best loss (see :class:`Monitor`).
    stop_when : callable or None
        ``stop_when(epoch_loss) -> bool``, asked after each epoch: a family's own success
        criterion (e.g. cascade-correlation's "every output on the right side").

    Returns
    -------
    n_epochs : int
        Epochs run in this call.
    """
    monitor = Monitor(history, params, validate, n_iter_no_change, tol, verbose, relative_tol)
    batch_size = int(np.clip(batch_size, 1, n_samples))
    total_weight = n_samples if sample_weight is None else float(np.sum(sample_weight))
    n_epochs = 0
    stopped = False
    for _ in range(1 if incremental else max_iter):
        accumulated = 0.0
        for batch in minibatches(n_samples, batch_size, rng, shuffle):
            if sample_weight is None:
                accumulated += step(batch) * batch_length(batch, n_samples)
                continue
            batch_weight = float(np.sum(sample_weight[batch]))
            if batch_weight == 0:
                # samples of weight zero are as if absent: a minibatch of only those is no step
                continue
            accumulated += step(batch) * batch_weight
        n_epochs += 1
        history.t += n_samples
        epoch_loss = accumulated / total_weight if total_weight > 0 else accumulated
        if not np.isfinite(epoch_loss):
            monitor.restore_best()
            raise ValueError(
                f"{estimator_name} diverged: the training loss became {epoch_loss} at epoch "
                f"{history.n_iter + 1}. Lower the learning rate or scale the input."
            )
        patience_out = monitor.end_epoch(epoch_loss)
        if optimizer is not None:
            optimizer.iteration_ends(history.t)
        if target_loss is not None and epoch_loss <= target_loss:
            stopped = True
            break
        if stop_when is not None and stop_when(epoch_loss):
            stopped = True
            break
        if patience_out:
            if validate is not None or optimizer is None:
                if verbose:
                    print(monitor.stop_message() + " Stopping.")
                stopped = True
                break
            if optimizer.trigger_stopping(monitor.stop_message(), verbose):
                stopped = True
                break
            history.no_improvement_count = 0
    if warn_at_max_iter and not incremental and not stopped and n_epochs == max_iter:
        warn_at_caller(
            f"{estimator_name}: maximum iterations ({max_iter}) reached and the optimization "
            "hasn't converged yet.",
            ConvergenceWarning,
        )
    monitor.restore_best()
    return n_epochs

"""fit_epochs' relative change threshold and family stopping criterion (cascade-correlation)."""

import numpy as np

from zoo._core.training import Criterion, History, Monitor, fit_epochs


def _run(losses, stop_when=None, **monitor_settings):
    values = iter(losses)
    return fit_epochs(
        lambda batch: next(values),
        4,
        Monitor(History(), **monitor_settings),
        batch_size=4,
        max_iter=len(losses),
        rng=np.random.default_rng(0),
        shuffle=False,
        stop_when=stop_when,
        warn_at_max_iter=False,
    )


def test_relative_tol_measures_improvement_as_a_fraction_of_the_best_loss():
    # each epoch falls by 0.5% of the loss: "no improvement" for a 1% threshold, but an
    # improvement for an absolute tol of 1e-4
    losses = [100.0 * 0.995**i for i in range(30)]
    assert _run(losses, n_iter_no_change=3, tol=0.01, criterion=Criterion(relative=True)) == 5
    assert _run(losses, n_iter_no_change=3, tol=1e-4) == 30


def test_relative_tol_works_for_negative_losses():
    # a maximised score passed as its negative: -1, -1.1, -1.21, ... improves by 10% each time
    losses = [-(1.1**i) for i in range(20)]
    assert _run(losses, n_iter_no_change=2, tol=0.05, criterion=Criterion(relative=True)) == 20
    assert _run(losses, n_iter_no_change=2, tol=0.2, criterion=Criterion(relative=True)) == 4


def test_stop_when_ends_training_after_the_epoch_it_accepts():
    seen = []

    def stop_when(loss):
        seen.append(loss)
        return loss < 3

    assert _run([5.0, 4.0, 2.0, 1.0], stop_when=stop_when) == 3
    assert seen == [5.0, 4.0, 2.0]

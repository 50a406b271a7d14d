import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from zoo._core.optimizers import Adam
from zoo._core.training import History, Monitor, fit_epochs, minibatches


def test_minibatches_cover_every_sample_once_without_copying_data():
    rng = np.random.default_rng(0)
    batches = list(minibatches(10, 3, rng, shuffle=True))
    assert [len(b) for b in batches] == [3, 3, 3, 1]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))
    assert list(minibatches(5, 2, rng, shuffle=False)) == [slice(0, 2), slice(2, 4), slice(4, 5)]


def test_patience_stops_on_stalled_loss():
    history = History()
    losses = iter([5.0, 4.0, 3.9999] + [3.9999] * 100)
    n = fit_epochs(
        lambda batch: next(losses),
        1,
        Monitor(history, n_iter_no_change=3, tol=1e-3),
        batch_size=1,
        max_iter=100,
        rng=np.random.default_rng(0),
    )
    assert n == 6  # improvements at epochs 1-2, then 4 epochs without: stop after the 4th
    assert history.best_loss == pytest.approx(3.9999)


def test_early_stopping_restores_best_weights():
    w = np.zeros(1)
    scores = iter([0.5, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4])

    def step(batch):
        w[0] += 1.0
        return 1.0

    def validate():
        return next(scores), float(w[0])

    history = History(early_stopping=True)
    monitor = Monitor(history, n_iter_no_change=2, tol=0.0, params=[w], validate=validate)
    n = fit_epochs(step, 1, monitor, batch_size=1, max_iter=50, rng=np.random.default_rng(0))
    assert n == 5
    assert w[0] == 2.0  # the weights of epoch 2, which scored 0.9
    assert history.best_validation_score == 0.9
    assert history.validation_loss_curve == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_max_iter_warns_and_stop_when_stops():
    losses = iter(np.linspace(1, 0, 20))
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        fit_epochs(
            lambda b: next(losses),
            1,
            Monitor(History()),
            batch_size=1,
            max_iter=3,
            rng=np.random.default_rng(0),
        )
    n = fit_epochs(
        lambda b: 0.0,
        1,
        Monitor(History()),
        batch_size=1,
        max_iter=3,
        rng=np.random.default_rng(0),
        stop_when=lambda loss: loss <= 0.0,
    )
    assert n == 1


def test_divergence_raises_instead_of_returning_nan():
    with pytest.raises(ValueError, match="diverged"):
        fit_epochs(
            lambda b: float("nan"),
            4,
            Monitor(History()),
            batch_size=2,
            max_iter=3,
            rng=np.random.default_rng(0),
        )


def _curve_step(curve):
    """A step whose criterion follows ``curve``, one value per call (one minibatch an epoch)."""
    values = iter(curve)
    return lambda batch: next(values)


@pytest.mark.parametrize("n_epochs", [2, 3, 4])
def test_growth_is_divergence_in_runs_shorter_than_the_window(n_epochs):
    # loss 1 -> 1e6 -> 1e12 ...: the run ends inside the 5-epoch window, above 1000x its start
    curve = [1.0] + [10.0 ** (6 * k) for k in range(1, n_epochs)]
    with pytest.raises(ValueError, match=f"diverged at epoch {n_epochs}: .*grew"):
        fit_epochs(
            _curve_step(curve),
            1,
            Monitor(History(), step_parameter="learning_rate=1e6"),
            batch_size=1,
            max_iter=n_epochs,
            rng=None,
            shuffle=False,
            warn_at_max_iter=False,
        )


def test_adam_with_a_forgetful_second_moment_is_named_in_the_divergence_error():
    # beta_2 < beta_1: m / sqrt(v) is unbounded once the gradient shrinks; the error says so
    params = [np.zeros(2)]
    for beta_2, named in [(0.0, True), (0.999, False)]:
        optimizer = Adam(params, learning_rate_init=0.1, beta_2=beta_2)
        with pytest.raises(ValueError, match="diverged") as error:
            fit_epochs(
                _curve_step([1.0, 1e6, 1e12]),
                1,
                Monitor(History(), step_parameter="learning_rate_init=0.1"),
                batch_size=1,
                max_iter=3,
                rng=None,
                shuffle=False,
                optimizer=optimizer,
                warn_at_max_iter=False,
            )
        assert "learning_rate_init=0.1" in str(error.value)
        assert ("raise beta_2=0.0" in str(error.value)) == named


def test_an_overshoot_that_comes_back_is_not_divergence():
    # a Quickprop-like jump above 1000x the start for two epochs, then back down before the end
    history = History()
    fit_epochs(
        _curve_step([1.0, 5e3, 5e3, 0.5, 0.4]),
        1,
        Monitor(history, n_iter_no_change=None),
        batch_size=1,
        max_iter=5,
        rng=None,
        shuffle=False,
        warn_at_max_iter=False,
    )
    assert history.criterion == [1.0, 5e3, 5e3, 0.5, 0.4]


def test_a_run_stopped_by_patience_above_the_bound_has_diverged():
    # patience (n_iter_no_change=1) runs out before the growth window: the run still raises
    with pytest.raises(ValueError, match="diverged"):
        fit_epochs(
            _curve_step([1.0, 2e3, 3e3, 4e3, 5e3, 6e3]),
            1,
            Monitor(History(), n_iter_no_change=1, tol=0.0),
            batch_size=1,
            max_iter=6,
            rng=None,
            shuffle=False,
        )


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_verbose_prints_one_line_per_epoch(capsys):
    fit_epochs(
        lambda b: 1.0,
        2,
        Monitor(History(), verbose=True, n_iter_no_change=10),
        batch_size=1,
        max_iter=2,
        rng=np.random.default_rng(0),
    )
    lines = [l for l in capsys.readouterr().out.splitlines() if l.startswith("Iteration")]
    assert len(lines) == 2 and lines[0].startswith("Iteration 1, loss = 1.00000000, time = ")
    assert lines[0].endswith("s/epoch")  # the time of that epoch, said as such


def test_a_family_without_minibatches_records_into_the_monitor_directly():
    # SOM's maps and ART's passes: one record per epoch, same history, same divergence check
    history = History()
    monitor = Monitor(history, name="Map", n_iter_no_change=None)
    for criterion in [3.0, 3.0, 3.0, 3.0]:
        assert not monitor.record(criterion)  # no patience: a fixed budget of epochs
    assert history.criterion == [3.0] * 4 and history.n_iter == 4
    with pytest.raises(ValueError, match="Map diverged"):
        monitor.record(float("inf"))
    with pytest.warns(ConvergenceWarning, match="Map: maximum iterations"):
        monitor.warn_not_converged(4)


def test_sample_weights_weight_the_epoch_criterion_and_zero_weight_batches_are_skipped():
    calls = []

    def step(batch):
        calls.append(batch)
        return float(batch.start)  # the criterion of batch [i, i+1) is i

    history = History()
    fit_epochs(
        step,
        3,
        Monitor(history),
        batch_size=1,
        max_iter=1,
        rng=None,
        shuffle=False,
        sample_weight=np.array([1.0, 0.0, 3.0]),
        warn_at_max_iter=False,
    )
    assert calls == [slice(0, 1), slice(2, 3)]
    assert history.criterion == [pytest.approx((0 * 1 + 2 * 3) / 4)]

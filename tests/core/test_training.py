import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from zoo._core.training import History, fit_epochs, minibatches


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
        batch_size=1,
        max_iter=100,
        rng=np.random.default_rng(0),
        history=history,
        n_iter_no_change=3,
        tol=1e-3,
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
    n = fit_epochs(
        step,
        1,
        batch_size=1,
        max_iter=50,
        rng=np.random.default_rng(0),
        history=history,
        params=[w],
        validate=validate,
        n_iter_no_change=2,
        tol=0.0,
    )
    assert n == 5
    assert w[0] == 2.0  # the weights of epoch 2, which scored 0.9
    assert history.best_validation_score == 0.9
    assert history.validation_loss_curve == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_max_iter_warns_and_target_loss_stops():
    losses = iter(np.linspace(1, 0, 20))
    with pytest.warns(ConvergenceWarning, match="maximum iterations"):
        fit_epochs(
            lambda b: next(losses),
            1,
            batch_size=1,
            max_iter=3,
            rng=np.random.default_rng(0),
            history=History(),
        )
    history = History()
    n = fit_epochs(
        lambda b: 0.0,
        1,
        batch_size=1,
        max_iter=3,
        rng=np.random.default_rng(0),
        history=history,
        target_loss=0.0,
    )
    assert n == 1


def test_divergence_raises_instead_of_returning_nan():
    with pytest.raises(ValueError, match="diverged"):
        fit_epochs(
            lambda b: float("nan"),
            4,
            batch_size=2,
            max_iter=3,
            rng=np.random.default_rng(0),
            history=History(),
        )


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_verbose_prints_one_line_per_epoch(capsys):
    fit_epochs(
        lambda b: 1.0,
        2,
        batch_size=1,
        max_iter=2,
        rng=np.random.default_rng(0),
        history=History(),
        verbose=True,
        n_iter_no_change=10,
    )
    lines = [l for l in capsys.readouterr().out.splitlines() if l.startswith("Iteration")]
    assert len(lines) == 2 and "loss = 1.0" in lines[0] and lines[0].endswith(" s")

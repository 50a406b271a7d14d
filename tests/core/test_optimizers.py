import numpy as np
import pytest
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from zoo._core.optimizers import SGD, Adam, SimulatedAnnealing

rng = np.random.default_rng(0)


def _shapes():
    return [rng.normal(size=(4, 3)), rng.normal(size=3)]


@pytest.mark.parametrize("nesterov", [True, False])
def test_sgd_matches_sklearn(nesterov):
    params = _shapes()
    ours = [p.copy() for p in params]
    theirs = [p.copy() for p in params]
    opt = SGD(ours, 0.1, momentum=0.9, nesterov=nesterov)
    ref = SGDOptimizer(theirs, 0.1, momentum=0.9, nesterov=nesterov)
    for _ in range(5):
        grads = [rng.normal(size=p.shape) for p in params]
        opt.update(ours, grads)
        ref.update_params(theirs, grads)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_adam_matches_sklearn_and_updates_in_place():
    params = _shapes()
    ours = [p.copy() for p in params]
    ids = [id(p) for p in ours]
    theirs = [p.copy() for p in params]
    opt, ref = Adam(ours, 0.01), AdamOptimizer(theirs, 0.01)
    for _ in range(5):
        grads = [rng.normal(size=p.shape) for p in params]
        opt.update(ours, grads)
        ref.update_params(theirs, grads)
    assert [id(p) for p in ours] == ids
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_adam_keeps_float32():
    params = [np.ones((3, 2), dtype=np.float32)]
    opt = Adam(params, 0.1)
    opt.update(params, [np.ones((3, 2), dtype=np.float32)])
    assert params[0].dtype == np.float32
    np.testing.assert_allclose(params[0], 0.9, rtol=1e-5)


def test_adaptive_schedule_divides_by_five_then_stops():
    opt = SGD([np.zeros(2)], 1e-5, lr_schedule="adaptive")
    assert opt.trigger_stopping("stalled", verbose=False) is False
    assert opt.learning_rate == pytest.approx(2e-6)
    assert opt.trigger_stopping("stalled", verbose=False) is False
    assert opt.trigger_stopping("stalled", verbose=False) is True


def test_invscaling_schedule():
    opt = SGD([np.zeros(2)], 1.0, lr_schedule="invscaling", power_t=0.5)
    opt.iteration_ends(99)
    assert opt.learning_rate == pytest.approx(0.1)


def test_annealing_minimises_a_multimodal_function_and_cools():
    # Rastrigin in 2-D: many local minima, global minimum 0 at the origin.
    x = [np.array([3.3, -2.7])]

    def rastrigin():
        v = x[0]
        return float(20 + np.sum(v**2 - 10 * np.cos(2 * np.pi * v)))

    start = rastrigin()
    opt = SimulatedAnnealing(
        x, np.random.default_rng(0), step_size=0.3, initial_temperature=10.0, cooling_rate=0.995
    )
    for _ in range(3000):
        opt.update(x, None, loss_fn=rastrigin)
    assert rastrigin() < 1.0 < start
    assert opt.temperature < 1e-4
    assert 0 < opt.n_accepted < opt.n_proposed


def test_annealing_rejects_uphill_moves_when_cold():
    x = [np.zeros(3)]
    opt = SimulatedAnnealing(x, np.random.default_rng(0), step_size=1.0, initial_temperature=1e-12)
    for _ in range(50):
        opt.update(x, None, loss_fn=lambda: float(np.sum(x[0] ** 2)))
    np.testing.assert_array_equal(x[0], 0.0)  # every proposal raised the loss
    with pytest.raises(ValueError, match="loss_fn"):
        opt.update(x, None)

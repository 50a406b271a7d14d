"""ADALINE (Widrow & Hoff 1960): the LMS rule against least squares, the adaptive noise canceller
(Widrow et al. 1975), the tap delay line across partial_fit calls, maxlinlr, weights, warm start."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from zoo.mlp import ADALINEClassifier, ADALINERegressor, maxlinlr


def _noisy_linear(n=300, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4)) * [1, 2, 0.5, 1]
    y = X @ [1.0, -0.5, 2.0, 0.3] + 0.7 + rng.normal(scale=0.5, size=n)
    return X, y


def test_regression_matches_least_squares_fit():
    X, y = _noisy_linear()
    model = ADALINERegressor(random_state=0).fit(X, y)
    reference = LinearRegression().fit(X, y)
    assert model.score(X, y) == pytest.approx(reference.score(X, y), abs=0.01)
    assert model.predict(X).shape == (300,)


def test_lms_converges_to_the_least_squares_solution_as_the_rate_shrinks():
    # the LMS weights settle near w_ls, jittering by the misadjustment, which shrinks with mu:
    # measured relative distance 0.030 at mu = 1e-2 and 0.0012 at 1e-3 (300 epochs)
    X, y = _noisy_linear()
    A = np.hstack([X, np.ones((len(X), 1))])
    w_ls = np.linalg.lstsq(A, y, rcond=None)[0]
    distance = {}
    for mu in (1e-2, 1e-3):
        model = ADALINERegressor(learning_rate=mu, max_iter=300, tol=None, random_state=0)
        model.fit(X, y)
        w = np.append(model.coef_[0], model.intercept_)
        distance[mu] = np.linalg.norm(w - w_ls) / np.linalg.norm(w_ls)
    assert distance[1e-3] < 0.005
    assert distance[1e-2] > 5 * distance[1e-3]


def _canceller_data(n=20000, seed=0):
    """A slow sinusoid s plus noise n0: the reference noise through an unknown FIR path."""
    rng = np.random.default_rng(seed)
    s = np.sin(2 * np.pi * 0.005 * np.arange(n))
    reference = rng.normal(size=n)
    n0 = np.convolve(reference, [0.8, -0.5, 0.3, 0.1])[:n]
    return s, reference[:, np.newaxis], s + n0, n0


def test_adaptive_noise_canceller_recovers_the_signal():
    # Widrow et al. (1975): the canceller's error e = d - n0_hat converges to the signal. Input
    # SNR -3.0 dB; after adaptation 17.9 dB measured on the last half (a gain of 20.8 dB), where
    # the residual noise is Widrow's misadjustment M * xi_min with M = mu tr R = 0.016
    s, reference, d, n0 = _canceller_data()
    mu = 0.002
    canceller = ADALINERegressor(input_delays=range(8), fit_intercept=False, learning_rate=mu)
    canceller.partial_fit(reference, d)
    e = canceller.errors_[:, 0]
    late = slice(10000, None)
    snr_in = 10 * np.log10(np.var(s[late]) / np.var(n0[late]))
    snr_out = 10 * np.log10(np.var(s[late]) / np.var(e[late] - s[late]))
    assert snr_out - snr_in > 18
    misadjustment = mu * 8 * np.var(reference)
    residual = np.var(e[late] - s[late])
    assert residual == pytest.approx(misadjustment * np.var(s[late]), rel=0.5)
    # the filter found the unknown path
    np.testing.assert_allclose(canceller.coef_[0, :4], [0.8, -0.5, 0.3, 0.1], atol=0.06)


def test_partial_fit_carries_the_delay_line_across_calls():
    s, reference, d, _ = _canceller_data(n=3000)
    whole = ADALINERegressor(input_delays=[0, 1, 3], learning_rate=0.01).partial_fit(reference, d)
    chunked = ADALINERegressor(input_delays=[0, 1, 3], learning_rate=0.01)
    for start in range(0, 3000, 700):
        chunked.partial_fit(reference[start : start + 700], d[start : start + 700])
    np.testing.assert_array_equal(chunked.coef_, whole.coef_)
    np.testing.assert_array_equal(chunked.intercept_, whole.intercept_)


def test_delayed_prediction_is_the_fir_filter_from_rest():
    rng = np.random.default_rng(3)
    u = rng.normal(size=(50, 2))
    model = ADALINERegressor(input_delays=[0, 2], max_iter=5, tol=None, random_state=0)
    model.fit(u, rng.normal(size=50))
    W = model.coef_[0].reshape(2, 2)  # (delay, feature)
    past = np.vstack([np.zeros((2, 2)), u[:-2]])
    expected = u @ W[0] + past @ W[1] + model.intercept_[0]
    np.testing.assert_allclose(model.predict(u), expected, rtol=1e-12)


def test_maxlinlr_is_matlabs_bound_and_marks_divergence():
    X, y = _noisy_linear()
    A = np.hstack([X, np.ones((len(X), 1))])
    bound = maxlinlr(X)
    assert bound == pytest.approx(0.9999 / np.linalg.eigvalsh(A.T @ A / len(X))[-1])
    # MATLAB: maxlinlr(P, 'bias') = 0.9999 / max(eig(P P')) for the rule dW = lr e p', lr = 2 mu
    # summed over Q samples: the same bound on the mean rule up to the factor 2 Q
    auto = ADALINERegressor(random_state=0).fit(X, y).learning_rate_
    assert auto < bound
    with pytest.raises(ValueError, match="learning_rate"):
        ADALINERegressor(learning_rate=3 * bound, shuffle=False).fit(X, y)


def test_sample_weight_scales_the_step_and_zero_weight_drops_the_sample():
    X, y = _noisy_linear(n=60)
    options = dict(max_iter=3, tol=None, shuffle=False)
    twice = np.full(60, 2.0)
    doubled = ADALINERegressor(learning_rate=0.01, **options).fit(X, y, sample_weight=twice)
    faster = ADALINERegressor(learning_rate=0.02, **options).fit(X, y)
    np.testing.assert_array_equal(doubled.coef_, faster.coef_)
    weights = np.ones(60)
    weights[::3] = 0
    zeroed = ADALINERegressor(learning_rate=0.01, **options).fit(X, y, sample_weight=weights)
    dropped = ADALINERegressor(learning_rate=0.01, **options).fit(X[weights > 0], y[weights > 0])
    np.testing.assert_array_equal(zeroed.coef_, dropped.coef_)
    with pytest.raises(ValueError):
        ADALINERegressor().fit(X, y, sample_weight=np.zeros(60))


def test_warm_start_continues_and_checks_the_width():
    X, y = _noisy_linear(n=100)
    options = dict(learning_rate=0.001, max_iter=2, tol=None, shuffle=False)
    cold = ADALINERegressor(**options).fit(X, y)
    warm = ADALINERegressor(warm_start=True, **options).fit(X, y)
    np.testing.assert_array_equal(warm.coef_, cold.coef_)  # unfitted: the cold fit
    before = warm.coef_.copy()
    warm.fit(X, y)
    assert not np.array_equal(warm.coef_, before)
    again = ADALINERegressor(**{**options, "max_iter": 4}).fit(X, y)
    np.testing.assert_allclose(warm.coef_, again.coef_, rtol=1e-12)  # 2 + 2 epochs in order = 4
    with pytest.raises(ValueError, match="features"):
        warm.fit(X[:, :3], y)


@pytest.mark.parametrize("delays", [[-1], [1, 1], [0.5], "ab"])
def test_bad_delays_are_named(delays):
    X, y = _noisy_linear(n=20)
    with pytest.raises(ValueError, match="input_delays"):
        ADALINERegressor(input_delays=delays).fit(X, y)


def test_classifier_settles_at_the_least_squares_plane():
    # iris, standardised: the least-squares (+-1 targets) classifier scores 0.847; the LMS units
    # at mu = 0.01 for 500 epochs score 0.840 and agree with it on 149 of the 150 samples
    from sklearn.datasets import load_iris
    from sklearn.linear_model import RidgeClassifier
    from sklearn.preprocessing import StandardScaler

    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    least_squares = RidgeClassifier(alpha=1e-9).fit(X, y)
    model = ADALINEClassifier(learning_rate=0.01, max_iter=500, tol=None, random_state=0)
    model.fit(X, y)
    assert model.coef_.shape == (3, 4)
    assert np.mean(model.predict(X) == least_squares.predict(X)) >= 0.99
    assert model.score(X, y) > 0.83


def test_classifier_targets_are_bipolar_and_read_by_sign():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    model = ADALINEClassifier(random_state=0).fit(X, ["no", "no", "no", "yes"])
    np.testing.assert_array_equal(model.classes_, ["no", "yes"])
    scores = model.decision_function(X)
    assert scores.shape == (4,)
    np.testing.assert_array_equal(model.predict(X), np.where(scores > 0, "yes", "no"))
    # the least-squares fit of AND's +-1 targets: z = x1 + x2 - 1.5
    np.testing.assert_allclose(np.append(model.coef_[0], model.intercept_), [1, 1, -1.5], atol=0.2)


def test_classifier_warm_start_and_partial_fit_keep_the_classes():
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    model = ADALINEClassifier(warm_start=True, random_state=0).fit(X, [0, 0, 0, 1])
    with pytest.raises(ValueError, match="classes"):
        model.fit(X, [0, 1, 2, 2])
    stream = ADALINEClassifier()
    with pytest.raises(ValueError, match="classes"):
        stream.partial_fit(X, [0, 0, 0, 1])
    stream.partial_fit(X, [0, 0, 0, 1], classes=[0, 1, 2])
    assert stream.coef_.shape == (3, 2)
    with pytest.raises(ValueError, match="classes"):
        stream.partial_fit(X, [0, 0, 3, 1])


def test_auto_rate_survives_a_rare_sample_far_from_the_mean():
    """Standardised digits: a pixel that is almost always 0 becomes a value of 20 on the rare image
    that inks it (a squared norm 38 times the mean), and the step 0.1/tr R overshot on that image
    and diverged; the rate bounded by the largest sample keeps every step inside its own error."""
    from sklearn.datasets import load_digits
    from sklearn.preprocessing import StandardScaler

    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    clf = ADALINEClassifier(random_state=0).fit(X[:1200], y[:1200])
    assert clf.score(X[1200:], y[1200:]) > 0.85  # measured 0.89 (5-fold CV)

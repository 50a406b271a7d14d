"""The dynamic networks' diagnostics: correlations against numpy's direct sums, figures that draw
those numbers (ploterrcorr, plotinerrcorr, plotresponse)."""

import warnings

import matplotlib
import numpy as np
import pytest

from zoo.dynamic import (
    error_autocorrelation,
    input_error_crosscorrelation,
    plot_error_autocorrelation,
    plot_input_error_crosscorrelation,
    plot_response,
)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _full(a, b):
    """Σ_t a(t) b(t+k) for k = -(n-1)..n-1, numpy's own sum."""
    return np.correlate(b, a, mode="full")


def test_error_autocorrelation_is_numpys_correlation_over_n():
    e = np.random.default_rng(0).normal(0.3, 1.0, 400)  # a bias: not centred away
    n, L = len(e), 7
    direct = _full(e, e)[n - 1 - L : n + L] / n
    lags, r, bound = error_autocorrelation(e, L, normalize=False)
    np.testing.assert_array_equal(lags, np.arange(-L, L + 1))
    np.testing.assert_allclose(r, direct, rtol=1e-12)
    assert r[L] == pytest.approx(np.mean(e**2))  # lag 0 is the mean squared error, as MATLAB
    assert bound == pytest.approx(2 * np.mean(e**2) / np.sqrt(n))
    np.testing.assert_allclose(r, r[::-1])
    _, normalized, unit_bound = error_autocorrelation(e, L)
    np.testing.assert_allclose(normalized, direct / direct[L], rtol=1e-12)
    assert normalized[L] == 1.0 and unit_bound == pytest.approx(2 / np.sqrt(n))


def test_white_errors_stay_within_the_limits_and_correlated_ones_do_not():
    rng = np.random.default_rng(3)
    white = rng.normal(size=5000)
    _, r, bound = error_autocorrelation(white, 20)
    inside = np.abs(np.delete(r, 20)) < bound
    assert inside.sum() >= 36  # ~95 % of 40 lags for a white sequence
    # a first-order autoregression, e(t) = 0.7 e(t-1) + w(t): correlation 0.7^k
    ar = np.zeros(5000)
    for t in range(1, 5000):
        ar[t] = 0.7 * ar[t - 1] + white[t]
    _, r, bound = error_autocorrelation(ar, 5)
    np.testing.assert_allclose(r[6:], 0.7 ** np.arange(1, 6), atol=0.05)
    assert (r[6:9] > bound).all()


def test_sequences_are_summed_within_each_and_padding_is_skipped():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=50), rng.normal(size=35)
    padded = np.full((2, 50), np.nan)
    padded[0], padded[1, :35] = a, b
    L, n = 4, 85
    direct = (_full(a, a)[49 - L : 50 + L] + _full(b, b)[34 - L : 35 + L]) / n
    _, r, bound = error_autocorrelation(padded, L, normalize=False)
    np.testing.assert_allclose(r, direct, rtol=1e-12)
    assert bound == pytest.approx(2 * direct[L] / np.sqrt(n))
    # the 3-D form with one output column is the same series; several columns need output=
    np.testing.assert_allclose(error_autocorrelation(padded[:, :, None], L)[1], r / r[L])
    two = np.stack([padded, 2 * padded], axis=2)
    with pytest.raises(ValueError, match="2 columns: choose one with output="):
        error_autocorrelation(two, L)
    np.testing.assert_allclose(error_autocorrelation(two, L, output=1)[1], r / r[L])


def test_input_error_crosscorrelation_is_numpys_correlation_of_the_centred_input():
    rng = np.random.default_rng(2)
    u = rng.uniform(0.0, 0.5, 600)  # NARMA's input: a level of 0.25, centred away
    e = rng.normal(0.1, 0.2, 600)
    n, L = 600, 6
    uc = u - u.mean()
    direct = _full(uc, e)[n - 1 - L : n + L] / n
    lags, c, bound = input_error_crosscorrelation(u, e, L, normalize=False)
    np.testing.assert_allclose(c, direct, rtol=1e-12)
    spread = np.sqrt(np.mean(uc**2) * np.mean(e**2))
    assert bound == pytest.approx(2 * spread / np.sqrt(n))
    _, normalized, unit_bound = input_error_crosscorrelation(u, e, L)
    np.testing.assert_allclose(normalized, direct / spread, rtol=1e-12)
    assert unit_bound == pytest.approx(2 / np.sqrt(n))


def test_a_missed_input_delay_shows_at_its_positive_lag():
    u = np.random.default_rng(4).normal(size=3000)
    errors = np.r_[np.zeros(3), 0.5 * u[:-3]]  # the error at t + 3 is the input at t
    lags, c, bound = input_error_crosscorrelation(u, errors, 5)
    assert lags[np.argmax(c)] == 3 and c.max() > 0.99
    assert (np.abs(np.delete(c, 8)) < 3 * bound).all()


def test_input_columns_and_padding_of_sequences():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(3, 40, 2))
    e = rng.normal(size=(3, 40))
    X[2, 30:], e[2, 30:] = np.nan, np.nan
    with pytest.raises(ValueError, match="choose one with feature="):
        input_error_crosscorrelation(X, e, 3)
    _, c, _ = input_error_crosscorrelation(X, e, 3, feature=1, normalize=False)
    x = X[:, :, 1]
    mask = ~np.isnan(x)
    xc = np.where(mask, x - x[mask].mean(), 0.0)
    ez = np.nan_to_num(e)
    direct = sum(_full(xc[i], ez[i])[39 - 3 : 40 + 3] for i in range(3)) / mask.sum()
    np.testing.assert_allclose(c, direct, rtol=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: error_autocorrelation([1.0, np.inf, 2.0], 1), "infinity"),
        (lambda: error_autocorrelation([np.nan, np.nan], 1), "empty"),
        (lambda: error_autocorrelation(["a", "b"], 1), "must be numbers"),
        (lambda: error_autocorrelation(np.ones(5), 5), "max_lag=5 must be below"),
        (lambda: error_autocorrelation(np.ones(5), -1), "max_lag must be an integer >= 0"),
        (lambda: error_autocorrelation(np.ones((2, 2, 2, 2)), 1), "got 4-D"),
        (lambda: input_error_crosscorrelation(np.ones(5), np.ones(6), 1), "same steps"),
        (lambda: plot_response(np.ones(5), np.ones(4)), "same steps"),
        (lambda: plot_response(np.ones(5), np.ones(5), sets={"Test": [3, 9]}), "outside 0..4"),
    ],
)
def test_bad_series_are_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_zero_errors_give_zero_correlations_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, r, _ = error_autocorrelation(np.zeros(50), 3)
        _, c, _ = input_error_crosscorrelation(np.arange(50.0), np.zeros(50), 3)
    assert not r.any() and not c.any()


def test_the_autocorrelation_figure_draws_the_numbers_and_the_limits():
    e = np.random.default_rng(6).normal(size=300)
    lags, r, bound = error_autocorrelation(e, 12)
    ax = plot_error_autocorrelation(e, 12)
    np.testing.assert_allclose([p.get_height() for p in ax.patches], r)
    np.testing.assert_allclose([p.get_x() + p.get_width() / 2 for p in ax.patches], lags)
    levels = sorted(line.get_ydata()[0] for line in ax.lines)
    np.testing.assert_allclose(levels, [-bound, 0.0, bound])
    assert ax.get_title() == "Autocorrelation of Error 1" and ax.get_xlabel() == "Lag"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["Correlations", "Zero Correlation", "Confidence Limit"]


def test_the_crosscorrelation_figure_draws_into_a_given_axes():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2, 100, 3))
    e = rng.normal(size=(2, 100))
    _, ax = plt.subplots()
    drawn = plot_input_error_crosscorrelation(X, e, 8, feature=2, ax=ax)
    assert drawn is ax
    _, c, bound = input_error_crosscorrelation(X, e, 8, feature=2)
    np.testing.assert_allclose([p.get_height() for p in ax.patches], c)
    assert ax.get_title() == "Correlation between Input 3 and Error 1"
    assert max(line.get_ydata()[0] for line in ax.lines) == pytest.approx(bound)


def test_the_response_figure_draws_targets_outputs_and_errors():
    t = np.arange(200.0)
    y, y_hat = np.sin(t / 10), np.sin(t / 10) + 0.1 * np.cos(t / 3)
    response, error = plot_response(y, y_hat)
    targets, outputs = response.lines
    np.testing.assert_array_equal(targets.get_ydata(), y)
    np.testing.assert_array_equal(outputs.get_ydata(), y_hat)
    np.testing.assert_allclose(error.lines[0].get_ydata(), y - y_hat)
    assert response.get_title() == "Response of Output Element 1"


def test_the_response_figure_joins_sequences_and_colours_sets():
    Y = np.full((2, 6), np.nan)
    Y[0], Y[1, :4] = np.arange(6.0), 10 + np.arange(4.0)
    response, error = plot_response(Y, Y + 1, sets={"Training": range(0, 5), "Test": range(5, 11)})
    # 6 + 4 steps with a gap (NaN) between the sequences: 11 positions
    training_targets, _, test_targets, test_outputs = response.lines
    expected = np.r_[np.arange(6.0), np.nan, 10 + np.arange(4.0)]
    np.testing.assert_array_equal(training_targets.get_ydata()[:5], expected[:5])
    assert np.isnan(training_targets.get_ydata()[5:]).all()
    np.testing.assert_array_equal(test_outputs.get_ydata()[7:], expected[7:] + 1)
    assert test_targets.get_color() != training_targets.get_color()
    np.testing.assert_array_equal(
        error.lines[0].get_ydata(), np.where(np.isnan(expected), np.nan, -1)
    )
    labels = [text.get_text() for text in response.get_legend().get_texts()]
    assert labels == ["Training Targets", "Training Outputs", "Test Targets", "Test Outputs"]


def test_float32_series_are_accepted():
    e = np.random.default_rng(8).normal(size=200).astype(np.float32)
    _, r32, _ = error_autocorrelation(e, 5)
    _, r64, _ = error_autocorrelation(e.astype(np.float64), 5)
    np.testing.assert_array_equal(r32, r64)

"""The weight-sharing family: ConvNetClassifier and ConvNetRegressor."""

import numpy as np
import pytest
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler

from zoo.conv import ConvNetClassifier, ConvNetRegressor
from zoo.mlp import MLPClassifier

quiet = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SMALL = dict(conv_filters=(8,), hidden_layer_sizes=(32,), batch_size=32, random_state=0)
#: a few hundred samples: larger steps than Adam's default 0.001
FAST = dict(SMALL, learning_rate_init=0.01)


@pytest.fixture(scope="module")
def digits():
    """8x8 digits in [0, 1], float32, stratified-shuffled (the first 1000 rows train)."""
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        (X / 16).astype(np.float32), y, train_size=1000, stratify=y, random_state=0
    )
    return np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])


# ----------------------------------------------------------------------------- the obvious use


@quiet
def test_classifies_held_out_digits(digits):
    X, y = digits
    clf = ConvNetClassifier(**SMALL, max_iter=15).fit(X[:1000], y[:1000])
    assert clf.image_shape_ == (8, 8, 1)
    assert clf.score(X[1000:], y[1000:]) > 0.93  # 0.942 measured
    assert clf.coefs_[0].dtype == np.float32 and clf.predict_proba(X[:3]).dtype == np.float32


@quiet
def test_fewer_weights_than_an_mlp_and_no_worse(digits):
    # the seed's point: shared kernels need a fraction of a dense layer's weights
    X, y = digits
    conv = ConvNetClassifier(**SMALL, max_iter=40).fit(X[:1000], y[:1000])
    mlp = MLPClassifier(hidden_layer_sizes=(100,), max_iter=200, random_state=0)
    mlp.fit(X[:1000], y[:1000])
    mlp_parameters = sum(w.size for w in mlp.coefs_ + mlp.intercepts_)
    assert conv.n_parameters_ < mlp_parameters / 1.5
    assert conv.score(X[1000:], y[1000:]) >= mlp.score(X[1000:], y[1000:]) - 0.005


def test_parameter_count_of_lenet5():
    # LeNet-5 on 28x28 MNIST (LeCun et al. 1998): conv 6@5x5 pad 2, pool, conv 16@5x5 valid,
    # pool, 120, 84, 10 -> 61,706 weights and biases; the defaults ("same" everywhere, so that
    # 8x8 digits pass too) give 16@7x7 maps into the dense layers instead of 16@5x5
    rng = np.random.default_rng(0)
    X, y = rng.random((20, 784), dtype=np.float32), np.arange(20) % 10
    lenet = ConvNetClassifier(padding=(2, 0), max_iter=1, random_state=0)
    with pytest.warns(ConvergenceWarning):
        lenet.fit(X, y)
    assert lenet.n_parameters_ == 61_706
    assert [K.shape for K in lenet.conv_coefs_] == [(5, 5, 1, 6), (5, 5, 6, 16)]
    assert [W.shape for W in lenet.coefs_] == [(400, 120), (120, 84), (84, 10)]
    default = ConvNetClassifier(max_iter=1, random_state=0)
    with pytest.warns(ConvergenceWarning):
        default.fit(X, y)
    weights = default.conv_coefs_ + default.conv_intercepts_ + default.coefs_ + default.intercepts_
    assert default.n_parameters_ == sum(w.size for w in weights) == 107_786


# ----------------------------------------------------------------------------- images


@quiet
def test_rows_with_image_shape_3d_and_4d_arrays_are_the_same_model(digits):
    X, y = digits[0][:200], digits[1][:200]
    kwargs = dict(SMALL, max_iter=3)
    flat = ConvNetClassifier(**kwargs, image_shape=(8, 8)).fit(X, y)
    three = ConvNetClassifier(**kwargs).fit(X.reshape(-1, 8, 8), y)
    four = ConvNetClassifier(**kwargs).fit(X.reshape(-1, 8, 8, 1), y)
    assert flat.image_shape_ == three.image_shape_ == four.image_shape_ == (8, 8, 1)
    expected = flat.predict_proba(X)
    np.testing.assert_array_equal(three.predict_proba(X.reshape(-1, 8, 8)), expected)
    np.testing.assert_array_equal(four.predict_proba(X.reshape(-1, 8, 8, 1)), expected)
    np.testing.assert_array_equal(four.predict_proba(X), expected)  # rows work too
    with pytest.raises(ValueError, match="shape"):
        three.predict(X.reshape(-1, 4, 16))


@quiet
def test_channels_last_colour_images():
    # two-channel 6x6 images whose class is which channel holds a bright square
    rng = np.random.default_rng(0)
    X = rng.normal(0, 0.1, (120, 6, 6, 2)).astype(np.float32)
    y = np.arange(120) % 2
    X[y == 0, 1:4, 1:4, 0] += 1
    X[y == 1, 2:5, 2:5, 1] += 1
    clf = ConvNetClassifier(**dict(FAST, conv_filters=(4,), hidden_layer_sizes=(8,)), max_iter=20)
    clf.fit(X, y)
    assert clf.image_shape_ == (6, 6, 2) and clf.n_features_in_ == 72
    assert clf.score(X, y) == 1.0


def test_image_shape_of_plain_rows():
    X = np.random.default_rng(0).random((12, 10))
    y = np.arange(12) % 2
    with pytest.warns(ConvergenceWarning):
        strip = ConvNetClassifier(conv_filters=(2,), hidden_layer_sizes=(4,), max_iter=1).fit(X, y)
    assert strip.image_shape_ == (1, 10, 1)  # not a perfect square: a 1-pixel-high strip
    with pytest.raises(ValueError, match="pixel values but X has 10 features"):
        ConvNetClassifier(image_shape=(3, 3)).fit(X, y)
    with pytest.raises(ValueError, match="larger than"):
        ConvNetClassifier(padding="valid", image_shape=(2, 5)).fit(X, y)
    with pytest.raises(ValueError, match="one value per layer"):
        ConvNetClassifier(kernel_size=(3, 3, 3)).fit(X, y)


# ----------------------------------------------------------------------------- training


@quiet
@pytest.mark.parametrize("pooling", ["max", "average"])
def test_sgd_with_momentum_and_both_poolings_learn(digits, pooling):
    X, y = digits
    clf = ConvNetClassifier(
        **dict(SMALL, batch_size=16),
        solver="sgd",
        learning_rate_init=0.05,
        momentum=0.9,
        pooling=pooling,
        max_iter=10,
    ).fit(X[:600], y[:600])
    assert clf.score(X[1000:], y[1000:]) > 0.92  # 0.952 max, 0.940 average measured
    assert clf.loss_curve_[-1] < clf.loss_curve_[0] / 4


def test_early_stopping_keeps_the_best_validation_score(digits):
    X, y = digits
    clf = ConvNetClassifier(**SMALL, early_stopping=True, n_iter_no_change=3, max_iter=100)
    clf.fit(X[:800], y[:800])  # 80 held out: a split of 60 scores in steps of 1/60
    assert clf.n_iter_ < 100 and len(clf.validation_scores_) == clf.n_iter_
    assert clf.best_validation_score_ == max(clf.validation_scores_) > 0.9
    assert len(clf.validation_loss_curve_) == clf.n_iter_


@quiet
def test_partial_fit_and_warm_start_continue_training(digits):
    X, y = digits
    stream = ConvNetClassifier(**FAST)
    stream.partial_fit(X[:300], y[:300], classes=np.arange(10))
    first = stream.loss_
    for _ in range(4):
        stream.partial_fit(X[:300], y[:300])
    assert stream.loss_ < first / 2 and len(stream.loss_curve_) == 5
    with pytest.raises(ValueError, match="classes"):
        ConvNetClassifier(**FAST).partial_fit(X[:10], y[:10])

    warm = ConvNetClassifier(**FAST, max_iter=2, warm_start=True).fit(X[:300], y[:300])
    kernels = warm.conv_coefs_[0].copy()
    warm.fit(X[:300], y[:300])
    assert len(warm.loss_curve_) == 4 and not np.array_equal(kernels, warm.conv_coefs_[0])


@quiet
def test_n_init_keeps_the_lowest_loss(digits):
    X, y = digits
    one = ConvNetClassifier(**SMALL, max_iter=2).fit(X[:200], y[:200])
    three = ConvNetClassifier(**SMALL, max_iter=2, n_init=3).fit(X[:200], y[:200])
    assert three.loss_ <= one.loss_


@quiet
def test_sample_and_class_weights(digits):
    X, y = digits[0][:300].astype(np.float64), digits[1][:300]
    plain = ConvNetClassifier(**FAST, alpha=0.0, max_iter=3).fit(X, y)
    scaled = ConvNetClassifier(**FAST, alpha=0.0, max_iter=3)
    scaled.fit(X, y, sample_weight=np.full(300, 3.0))
    # E = sum_i s_i E_i / sum_i s_i: a constant weight changes nothing but rounding (the decay
    # alpha / (2 sum_i s_i) ||W||^2 would change: alpha is per unit of weight, as in the MLP)
    np.testing.assert_allclose(scaled.predict_proba(X), plain.predict_proba(X), atol=1e-9)
    # weighting one class out of training: it is never predicted
    zero_nine = {c: (0.0 if c == 9 else 1.0) for c in range(10)}
    clf = ConvNetClassifier(**FAST, max_iter=5, class_weight=zero_nine).fit(X, y)
    assert 9 not in clf.predict(X)


def test_verbose_prints_one_line_per_epoch(digits, capsys):
    X, y = digits
    with pytest.warns(ConvergenceWarning):
        ConvNetClassifier(**SMALL, max_iter=2, verbose=True).fit(X[:100], y[:100])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("Iteration")]
    assert len(lines) == 2 and "loss" in lines[0]


@quiet
def test_pipeline_and_cross_validation(digits):
    X, y = digits
    model = make_pipeline(MinMaxScaler(), ConvNetClassifier(**FAST, max_iter=10))
    assert cross_val_score(model, X[:500], y[:500], cv=3).mean() > 0.85


@quiet
def test_regressor_learns_a_shift_invariant_target():
    # the target is the brightness of a 2x2 spot placed anywhere: what shared kernels find easily
    rng = np.random.default_rng(0)
    X = rng.normal(0, 0.05, (400, 8, 8)).astype(np.float32)
    target = rng.uniform(0.5, 2.0, 400).astype(np.float32)
    rows, cols = rng.integers(0, 7, 400), rng.integers(0, 7, 400)
    for k in range(400):
        X[k, rows[k] : rows[k] + 2, cols[k] : cols[k] + 2] += target[k]
    reg = ConvNetRegressor(**dict(FAST, conv_filters=(4,), hidden_layer_sizes=(16,)), max_iter=40)
    reg.fit(X[:300], target[:300])
    assert reg.score(X[300:], target[300:]) > 0.9
    assert reg.predict(X[:5]).shape == (5,)


# ----------------------------------------------------------------------------- solver="lbfgs"
@quiet
def test_lbfgs_classifies_held_out_digits_with_a_decreasing_loss(digits):
    X, y = digits
    clf = ConvNetClassifier(
        conv_filters=(6,), hidden_layer_sizes=(32,), solver="lbfgs", max_iter=60, random_state=0
    ).fit(X[:300], y[:300])
    assert clf.score(X[1000:], y[1000:]) > 0.8  # 0.92 measured (adam's 20 epochs: 0.31)
    assert clf.coefs_[0].dtype == np.float32  # float64 iterates, written back as float32
    curve = np.array(clf.loss_curve_)
    assert len(curve) == clf.n_iter_ and np.all(np.diff(curve) < 0)


def test_lbfgs_early_stopping_partial_fit_and_its_warning(digits):
    X, y = digits
    clf = ConvNetClassifier(
        conv_filters=(4,), hidden_layer_sizes=(16,), solver="lbfgs", early_stopping=True
    )
    clf.set_params(n_iter_no_change=3, max_iter=200, random_state=0).fit(X[:300], y[:300])
    assert clf.n_iter_ < 200 and clf.best_validation_score_ == max(clf.validation_scores_)
    assert not hasattr(clf, "partial_fit") and not hasattr(
        ConvNetRegressor(solver="lbfgs"), "partial_fit"
    )
    with pytest.warns(ConvergenceWarning, match=r"^ConvNetRegressor \(solver='lbfgs'\): lbfgs"):
        ConvNetRegressor(conv_filters=(2,), solver="lbfgs", max_iter=2).fit(X[:50], y[:50])

"""RBFDDAClassifier: Berthold & Diamond's (1995) dynamic decay adjustment."""

import numpy as np
import pytest
from sklearn.datasets import load_digits, load_iris
from sklearn.model_selection import train_test_split

from zoo.rbf import RBFDDAClassifier


def _activations(clf, X):
    d2 = ((X[:, None, :] - clf.centers_[None]) ** 2).sum(axis=2)
    return np.exp(-d2 / clf.widths_**2)


def test_iris_is_learned_with_few_prototypes():
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    clf = RBFDDAClassifier().fit(X_train, y_train)
    assert clf.score(X_test, y_test) == 1.0  # measured: 1.0 with 25 prototypes, 3 epochs
    assert len(clf.centers_) <= 30 and clf.loss_curve_[-1] == 0.0


@pytest.mark.parametrize("theta_plus, theta_minus", [(0.4, 0.2), (0.7, 0.1)])
def test_after_training_every_sample_is_covered_and_kept_off_other_classes(theta_plus, theta_minus):
    """The DDA invariant: each training sample reaches theta+ on a prototype of its class and
    stays below theta- (to rounding) on every prototype of another class."""
    X, y = load_iris(return_X_y=True)
    clf = RBFDDAClassifier(theta_plus=theta_plus, theta_minus=theta_minus).fit(X, y)
    R = _activations(clf, X)
    same = clf.center_classes_[None, :] == y[:, None]
    assert np.all(np.where(same, R, 0).max(axis=1) >= theta_plus)
    assert np.all(np.where(same, 0, R) <= theta_minus * (1 + 1e-9))


def test_counts_are_the_last_epochs_covers_and_scores_their_sums():
    X, y = load_iris(return_X_y=True)
    clf = RBFDDAClassifier().fit(X, y)
    assert clf.counts_.sum() == len(y)  # every sample committed or covered once in the last epoch
    F = np.stack(
        [
            (_activations(clf, X) * clf.counts_ * (clf.center_classes_ == c)).sum(1)
            for c in range(3)
        ],
        axis=1,
    )
    np.testing.assert_allclose(clf.decision_function(X), F, rtol=1e-10)


def test_digits_converges_in_a_few_epochs():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
    clf = RBFDDAClassifier().fit(X_train, y_train)
    # measured: 0.924 test accuracy, 464 prototypes of 1347 samples, 5 epochs
    assert clf.score(X_test, y_test) > 0.9
    assert clf.n_iter_ <= 8 and len(clf.centers_) < len(y_train) / 2
    assert all(a >= b for a, b in zip(clf.loss_curve_, clf.loss_curve_[1:]))


def test_integer_weight_is_consecutive_repetition():
    X, y = load_iris(return_X_y=True)
    counts = np.random.default_rng(0).integers(0, 4, len(y))
    weighted = RBFDDAClassifier().fit(X, y, sample_weight=counts)
    repeated = RBFDDAClassifier().fit(np.repeat(X, counts, axis=0), np.repeat(y, counts))
    np.testing.assert_allclose(weighted.centers_, repeated.centers_)
    np.testing.assert_allclose(weighted.widths_, repeated.widths_)
    np.testing.assert_allclose(weighted.counts_, repeated.counts_)


def test_same_point_with_two_labels_does_not_break_training():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 0.0]])
    y = np.array([0, 1, 0, 1])
    clf = RBFDDAClassifier().fit(X, y)
    assert np.all(np.isfinite(clf.widths_)) and np.all(clf.widths_ > 0)
    assert clf.predict([[1.0, 1.0]])[0] == 0 and clf.predict([[2.0, 0.0]])[0] == 1


def test_warm_start_continues_from_the_prototypes():
    X, y = load_iris(return_X_y=True)
    clf = RBFDDAClassifier(warm_start=True).fit(X[::2], y[::2])
    first = clf.centers_.copy()
    clf.fit(X, y)
    np.testing.assert_array_equal(clf.centers_[: len(first)], first)  # kept, then grown
    with pytest.raises(ValueError, match="same classes"):
        clf.fit(X[y < 2], y[y < 2])
    with pytest.raises(ValueError, match="features"):
        clf.fit(X[:, :2], y)
    cold = RBFDDAClassifier(warm_start=True).fit(X, y)
    np.testing.assert_array_equal(cold.centers_, RBFDDAClassifier().fit(X, y).centers_)


def test_a_callback_stops_before_convergence():
    from test_callbacks import StopAfter

    X, y = load_digits(return_X_y=True)
    clf = RBFDDAClassifier().set_callbacks(StopAfter(2)).fit(X, y)
    assert clf.n_iter_ == 2 and clf.loss_curve_[-1] > 0


def test_max_iter_warns_when_still_committing():
    from sklearn.exceptions import ConvergenceWarning

    X, y = load_digits(return_X_y=True)
    with pytest.warns(ConvergenceWarning):
        RBFDDAClassifier(max_iter=1).fit(X, y)


def test_float32_and_bad_thresholds():
    X, y = load_iris(return_X_y=True)
    clf = RBFDDAClassifier().fit(X.astype(np.float32), y)
    assert clf.centers_.dtype == np.float32
    assert clf.decision_function(X.astype(np.float32)).dtype == np.float32
    with pytest.raises(ValueError, match="theta_minus"):
        RBFDDAClassifier(theta_plus=0.2, theta_minus=0.4).fit(X, y)

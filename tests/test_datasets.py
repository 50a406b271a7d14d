"""The classic synthetic benchmarks match their published recipes (ANCHORS.md)."""

import numpy as np
import pytest

from zoo.datasets import (
    make_circle_in_square,
    make_encoder,
    make_parity,
    make_two_spirals,
    make_xor,
)


def test_two_spirals_follow_wieland():
    X, y = make_two_spirals()
    assert X.shape == (194, 2) and y.sum() == 97
    radius = np.hypot(X[:, 0], X[:, 1])
    assert radius.max() == pytest.approx(6.5) and radius.min() == pytest.approx(0.5)
    # each class-0 point is the negation of the class-1 point before it
    np.testing.assert_allclose(X[1::2], -X[0::2])
    assert (y[0::2] == 1).all() and (y[1::2] == 0).all()
    # point i = 1: angle pi/16, r = 6.5 * 103 / 104, (r sin, r cos)
    r = 6.5 * 103 / 104
    np.testing.assert_allclose(X[2], [r * np.sin(np.pi / 16), r * np.cos(np.pi / 16)])


def test_denser_spirals_keep_three_turns_and_radii():
    X, y = make_two_spirals(n_points_per_spiral=193)
    radius = np.hypot(*X.T)
    assert X.shape == (386, 2)
    assert radius.max() == pytest.approx(6.5) and radius.min() == pytest.approx(0.5)
    noisy, _ = make_two_spirals(noise=0.1, random_state=0)
    assert not np.allclose(noisy, make_two_spirals()[0])


@pytest.mark.parametrize("n_bits", [1, 2, 3, 8])
def test_parity_is_all_patterns_with_odd_count_targets(n_bits):
    X, y = make_parity(n_bits)
    assert X.shape == (2**n_bits, n_bits)
    assert len({tuple(row) for row in X}) == 2**n_bits
    np.testing.assert_array_equal(y, X.sum(axis=1) % 2)
    assert y.sum() == 2 ** (n_bits - 1)


def test_encoder_patterns_are_one_hot_in_both_groups():
    X, Y = make_encoder(8)
    np.testing.assert_array_equal(X, np.eye(8))
    np.testing.assert_array_equal(Y, X)
    assert Y is not X


def test_circle_in_square_has_area_one_half():
    X, y = make_circle_in_square(20000, random_state=0)
    assert ((X >= 0) & (X <= 1)).all()
    assert y.mean() == pytest.approx(0.5, abs=0.01)
    inside = np.hypot(*(X - 0.5).T) <= 1 / np.sqrt(2 * np.pi)
    np.testing.assert_array_equal(y, inside)
    np.testing.assert_array_equal(make_circle_in_square(50, random_state=3)[0],
                                  make_circle_in_square(50, random_state=3)[0])


def test_xor_truth_table():
    X, y = make_xor()
    np.testing.assert_array_equal(y, np.logical_xor(*X.T.astype(bool)))
    X, y = make_xor(n_samples_per_corner=5, noise=0.1, random_state=0)
    assert X.shape == (20, 2) and y.sum() == 10


def test_invalid_sizes_are_rejected():
    with pytest.raises(ValueError):
        make_parity(0)
    with pytest.raises(ValueError):
        make_encoder(1)
    with pytest.raises(ValueError):
        make_two_spirals(1)

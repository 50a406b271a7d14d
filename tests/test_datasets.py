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
    np.testing.assert_array_equal(
        make_circle_in_square(50, random_state=3)[0], make_circle_in_square(50, random_state=3)[0]
    )


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


def _write_idx(path, array, compress=False):
    import gzip

    type_byte = {np.dtype("uint8"): 0x08, np.dtype("int32"): 0x0C, np.dtype("float64"): 0x0E}
    header = bytes([0, 0, type_byte[array.dtype], array.ndim])
    header += b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    payload = header + array.astype(array.dtype.newbyteorder(">")).tobytes()
    with (gzip.open if compress else open)(path, "wb") as stream:
        stream.write(payload)


def test_read_idx_reads_every_type_big_endian_and_gzipped(tmp_path):
    from zoo.datasets import read_idx

    rng = np.random.default_rng(0)
    for array in (
        rng.integers(0, 256, (3, 4, 5)).astype(np.uint8),
        rng.integers(-(10**6), 10**6, 7).astype(np.int32),
        rng.normal(size=(2, 3)),
    ):
        for compress in (False, True):
            path = tmp_path / f"a-{array.dtype}-{compress}"
            _write_idx(path, array, compress)
            read = read_idx(path)
            assert read.dtype == array.dtype and read.dtype.isnative
            np.testing.assert_array_equal(read, array)


def test_load_mnist_reads_the_four_files_and_says_what_is_missing(tmp_path):
    from zoo.datasets import load_mnist, read_idx

    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (6, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, 6).astype(np.uint8)
    _write_idx(tmp_path / "train-images-idx3-ubyte.gz", images, compress=True)
    _write_idx(tmp_path / "train-labels-idx1-ubyte", labels)
    X, y = load_mnist(tmp_path)
    assert X.shape == (6, 784) and X.max() <= 1.0 and y.dtype == np.int64
    np.testing.assert_array_equal(X * 255, images.reshape(6, -1))
    np.testing.assert_array_equal(load_mnist(tmp_path, scale=False)[0], images.reshape(6, -1))
    np.testing.assert_array_equal(y, labels)
    with pytest.raises(FileNotFoundError, match="t10k-images-idx3-ubyte"):
        load_mnist(tmp_path, subset="test")
    (tmp_path / "bad").write_bytes(b"PK\x03\x04 not idx")
    with pytest.raises(ValueError, match="not an IDX file"):
        read_idx(tmp_path / "bad")
    _write_idx(tmp_path / "short", images)
    (tmp_path / "short").write_bytes((tmp_path / "short").read_bytes()[:100])
    with pytest.raises(ValueError, match="truncated"):
        read_idx(tmp_path / "short")
    _write_idx(tmp_path / "t10k-images-idx3-ubyte", images)
    _write_idx(tmp_path / "t10k-labels-idx1-ubyte", labels[:5])
    with pytest.raises(ValueError, match="same length|shapes"):
        load_mnist(tmp_path, subset="test")

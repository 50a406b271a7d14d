"""Binary Fuzzy ART: Fuzzy ART's algorithm on binary data written straight (one sample, one category
at a time), FuzzyART's partition exactly, artlib's where it follows the paper, and the packed-bit
arithmetic (popcount with and without numpy's bitwise_count)."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from zoo._core import art_binary
from zoo._core.art_binary import pack_bits, popcount, unpack_bits
from zoo.art import BinaryFuzzyART, FuzzyART

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def _binary(name):
    if name == "digits":
        return (load_digits().data[:100] > 7).astype(float)  # 64 pixels, 100 images
    rng = np.random.default_rng(0)
    centres = rng.random((5, 40)) < 0.4
    X = centres[rng.integers(0, 5, 100)] ^ (rng.random((100, 40)) < 0.08)  # 8% flipped bits
    return X.astype(float)


def fuzzy_art_by_the_paper(X, rho, alpha, n_epochs=1):
    """Carpenter, Grossberg & Rosen (1991), fast learning, complement coding, on Python lists."""
    prototypes, labels = [], []
    for _ in range(n_epochs):
        labels = []
        for x in X.tolist():
            inp = x + [1.0 - a for a in x]
            norm = sum(inp)
            order = []
            for j, w in enumerate(prototypes):
                overlap = sum(min(a, b) for a, b in zip(inp, w))
                order.append((-overlap / (alpha + sum(w)), j, overlap / norm))
            J = -1
            for _, j, match in sorted(order):  # decreasing choice, then lower index
                if match >= rho:
                    J = j
                    break
            if J < 0:
                prototypes.append(inp)
                labels.append(len(prototypes) - 1)
            else:
                prototypes[J] = [min(a, b) for a, b in zip(inp, prototypes[J])]
                labels.append(J)
    return np.array(labels), np.array(prototypes)


@pytest.mark.parametrize("data", ["digits", "noisy"])
@pytest.mark.parametrize("rho", [0.6, 0.8])
def test_binary_fuzzy_art_is_the_paper(data, rho):
    X = _binary(data)
    expected, prototypes = fuzzy_art_by_the_paper(X, rho, 0.01, n_epochs=2)
    art = BinaryFuzzyART(rho=rho, alpha=0.01, n_epochs=2).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)
    np.testing.assert_array_equal(art.weights_, prototypes)
    assert 3 < art.n_clusters_ < len(X) // 2, art.n_clusters_


@pytest.mark.parametrize("complement_coding", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_partition_is_fuzzy_arts(complement_coding, dtype):
    X = _binary("digits").astype(dtype)
    for rho in (0.5, 0.75, 0.9):
        kwargs = dict(rho=rho, complement_coding=complement_coding)
        binary = BinaryFuzzyART(**kwargs).fit(X)
        fuzzy = FuzzyART(**kwargs).fit(X)
        assert binary.n_iter_ == fuzzy.n_iter_
        np.testing.assert_array_equal(binary.labels_, fuzzy.labels_)
        np.testing.assert_array_equal(binary.weights_, fuzzy.weights_)
        assert binary.weights_.dtype == dtype
        np.testing.assert_array_equal(binary.predict(X[::-1]), fuzzy.predict(X[::-1]))
        online = BinaryFuzzyART(**kwargs).partial_fit(X[:60]).partial_fit(X[60:])
        reference = FuzzyART(**kwargs).partial_fit(X[:60]).partial_fit(X[60:])
        np.testing.assert_array_equal(online.labels_, reference.labels_)


def test_artlib_agrees():
    # artlib's BinaryFuzzyART has alpha = 1e-10 and counts bits exactly, as zoo does
    artlib = pytest.importorskip("artlib")
    X = _binary("digits")
    expected, _ = fuzzy_art_by_the_paper(X, 0.7, 1e-10)
    peer = artlib.BinaryFuzzyART(rho=0.7)
    peer.fit(np.hstack([X, 1 - X]).astype(bool))
    np.testing.assert_array_equal(peer.labels_, expected)
    art = BinaryFuzzyART(rho=0.7, alpha=1e-10, n_epochs=1).fit(X)
    np.testing.assert_array_equal(art.labels_, expected)


@pytest.mark.parametrize("n_bits", [1, 63, 64, 65, 200])
def test_packed_bits_round_trip_and_count(n_bits, monkeypatch):
    bits = np.random.default_rng(n_bits).random((7, n_bits)) < 0.5
    words = pack_bits(bits)
    assert words.dtype == np.uint64 and words.shape == (7, -(-n_bits // 64))
    np.testing.assert_array_equal(unpack_bits(words, n_bits, np.float32), bits)
    np.testing.assert_array_equal(popcount(words).sum(axis=1), bits.sum(axis=1))
    # numpy < 2 has no bitwise_count: the byte table counts the same
    monkeypatch.delattr(np, "bitwise_count", raising=False)
    np.testing.assert_array_equal(art_binary.popcount(words).sum(axis=1), bits.sum(axis=1))
    out = np.empty(words.shape, dtype=np.uint8)
    assert art_binary.popcount(words, out=out) is out


def test_binarize_and_errors():
    X = np.array([[0.2, 0.9, 0.0], [0.8, 0.1, 0.0]])
    thresholded = BinaryFuzzyART(binarize=0.5).fit(X)
    np.testing.assert_array_equal(
        thresholded.weights_, BinaryFuzzyART().fit((X > 0.5).astype(float)).weights_
    )
    with pytest.raises(ValueError, match="binary"):
        BinaryFuzzyART(binarize=None).fit(X)
    art = BinaryFuzzyART(warm_start=True).fit(X)
    with pytest.raises(ValueError):
        art.fit(X[:, :2])
    with pytest.raises(ValueError, match="complement_coding"):
        art.set_params(complement_coding=False).fit(X)
    # without complement coding an all-zero pattern selects no category
    plain = BinaryFuzzyART(complement_coding=False).fit([[0, 0], [1, 0]])
    assert plain.labels_.tolist() == [-1, 0]
    assert plain.predict([[0, 0]]).tolist() == [-1]

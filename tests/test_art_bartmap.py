"""BARTMAP against the paper's algorithm written straight (one row, one category, one correlation
at a time), the biclustering conventions of scikit-learn, and errors."""

import math
import pickle

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score, consensus_score

from zoo.art import BARTMAP, DualVigilanceART, FuzzyART


def biclustered(n_rows=60, n_columns=30, noise=0.03, seed=0):
    """3 row groups x 2 column groups: each group of columns has its level, each row group its own
    random profile over each column group."""
    rng = np.random.default_rng(seed)
    row_groups = rng.integers(0, 3, n_rows)
    column_groups = np.repeat([0, 1], n_columns // 2)
    levels = np.array([0.3, 0.7])[column_groups]
    profiles = rng.uniform(-0.15, 0.15, (3, n_columns))
    X = levels + profiles[row_groups] + rng.normal(0, noise, (n_rows, n_columns))
    return np.clip(X, 0, 1), row_groups, column_groups


def _pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    da, db = [v - ma for v in a], [v - mb for v in b]
    na, nb = math.sqrt(sum(v * v for v in da)), math.sqrt(sum(v * v for v in db))
    if na == 0 or nb == 0:  # undefined: counts 0
        return 0.0
    return sum(u * v for u, v in zip(da, db)) / (na * nb)


def bartmap_by_the_paper(X, rho_a, rho_b, eta, alpha=0.001, epsilon=1e-10):
    """Xu & Wunsch (2011): Fuzzy ART b on the columns, then Fuzzy ART a on the rows with the
    correlation test as a reset and match tracking."""
    column_labels = FuzzyART(rho=rho_b, alpha=alpha).fit(X.T).labels_.tolist()
    groups = [
        [i for i, c in enumerate(column_labels) if c == g] for g in sorted(set(column_labels))
    ]
    rows = X.tolist()
    prototypes, members, labels = [], [], []
    for k, x in enumerate(rows):
        inp = x + [1 - v for v in x]
        scores = []
        for j, w in enumerate(prototypes):
            overlap = sum(min(a, b) for a, b in zip(inp, w))
            scores.append((overlap / (alpha + sum(w)), -j, overlap / len(x)))
        rho, J = rho_a, -1
        for _, minus_j, match in sorted(scores, reverse=True):
            if match < rho:
                continue
            j = -minus_j
            correlated = any(
                sum(_pearson([x[i] for i in g], [rows[m][i] for i in g]) for m in members[j])
                / len(members[j])
                >= eta
                for g in groups
            )
            if correlated:
                J = j
                break
            rho = match + epsilon  # reset, match tracking
        if J < 0:
            prototypes.append(inp)
            members.append([k])
            labels.append(len(prototypes) - 1)
        else:
            prototypes[J] = [min(a, b) for a, b in zip(inp, prototypes[J])]
            members[J].append(k)
            labels.append(J)
    return np.array(labels), np.array(column_labels), np.array(prototypes)


@pytest.mark.parametrize("rho_a, rho_b, eta", [(0.5, 0.6, 0.5), (0.3, 0.8, 0.7), (0.7, 0.5, 0.4)])
def test_bartmap_is_the_paper(rho_a, rho_b, eta):
    X, _, _ = biclustered()
    rows, columns, prototypes = bartmap_by_the_paper(X, rho_a, rho_b, eta)
    model = BARTMAP(FuzzyART(rho=rho_a), FuzzyART(rho=rho_b), eta=eta).fit(X)
    np.testing.assert_array_equal(model.row_labels_, rows)
    np.testing.assert_array_equal(model.column_labels_, columns)
    np.testing.assert_allclose(model.weights_, prototypes, atol=1e-12)
    # the correlation test reset some rows' first choice: not Fuzzy ART's partition
    assert np.any(model.row_labels_ != FuzzyART(rho=rho_a, n_epochs=1).fit(X).labels_)


def test_correlation_finds_row_groups_fuzzy_art_alone_cannot():
    X, row_groups, column_groups = biclustered()
    model = BARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.6), eta=0.6).fit(X)
    assert adjusted_rand_score(row_groups, model.row_labels_) == 1.0
    assert adjusted_rand_score(column_groups, model.column_labels_) == 1.0
    assert adjusted_rand_score(row_groups, FuzzyART(rho=0.3).fit(X).labels_) < 0.5
    # scikit-learn's biclustering layout: every (row cluster, column cluster) pair
    rows = row_groups[None] == np.repeat(np.arange(3), 2)[:, None]
    columns = column_groups[None] == np.tile(np.arange(2), 3)[:, None]
    assert consensus_score(model.biclusters_, (rows, columns)) == 1.0
    assert model.get_submatrix(0, X).shape == model.get_shape(0)
    # predict: the training search without learning; fresh noise on the rows keeps their clusters
    np.testing.assert_array_equal(model.predict(X), model.row_labels_)
    noisy = np.clip(X + np.random.default_rng(1).normal(0, 0.01, X.shape), 0, 1)
    np.testing.assert_array_equal(model.predict(noisy), model.row_labels_)
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.rows_, model.rows_)
    np.testing.assert_array_equal(restored.predict(noisy), model.predict(noisy))


def test_errors():
    X, _, _ = biclustered(n_rows=10)
    with pytest.raises(TypeError, match="elementary"):
        BARTMAP(module_a=DualVigilanceART()).fit(X)
    with pytest.raises(ValueError):
        BARTMAP(eta=2.0).fit(X)
    with pytest.raises(ValueError):
        BARTMAP(epsilon=0.0).fit(X)

"""Every elementary ART module inside every composite that takes one (issue 32: ARTMAP and the
composites work over any module): the pair fits and predicts sensibly on an easy task, or raises
a ValueError that says why the pair is meaningless."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import adjusted_rand_score
from test_art_bartmap import biclustered

from zoo.art import (
    ART1,
    ART2A,
    ARTMAP,
    BARTMAP,
    CVIART,
    SMART,
    BayesianART,
    BinaryFuzzyART,
    DeepARTMAP,
    DualVigilanceART,
    EllipsoidART,
    FusionART,
    FuzzyART,
    GaussianART,
    HypersphereART,
    QuadraticNeuronART,
    SimpleARTMAP,
    TopoART,
)

#: name -> (module, whether it takes binary input)
MODULES = {
    "FuzzyART": (FuzzyART(rho=0.7), False),
    "ART1": (ART1(rho=0.5), True),
    "BinaryFuzzyART": (BinaryFuzzyART(rho=0.7), True),
    "ART2A": (ART2A(rho=0.9, beta=0.5), False),
    "HypersphereART": (HypersphereART(rho=0.7), False),
    "GaussianART": (GaussianART(rho=0.05), False),
    "EllipsoidART": (EllipsoidART(rho=0.7), False),
    "BayesianART": (BayesianART(), False),
    "QuadraticNeuronART": (QuadraticNeuronART(rho=0.9), False),
    "CVIART": (CVIART(rho=0.7), False),
}


def _task(binary):
    """Two well-separated classes of 40 samples: points in the unit square (centres (0.25, 0.3)
    and (0.75, 0.7); ART 2-A's directions differ too), or binary patterns of 8 bits whose first or
    last four are on, one bit flipped at random."""
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 20)
    if binary:
        X = np.zeros((40, 8))
        X[y == 0, :4] = 1
        X[y == 1, 4:] = 1
        flip = rng.integers(0, 8, 40)
        X[np.arange(40), flip] = 1 - X[np.arange(40), flip]
    else:
        centres = np.array([[0.25, 0.8], [0.75, 0.2]])
        X = np.clip(centres[y] + rng.normal(0, 0.04, (40, 2)), 0, 1)
    order = rng.permutation(40)
    return X[order], y[order]


#: (module, composite) -> the ValueError's message: pairs that are meaningless
MEANINGLESS = {
    # the validity test lives in CVI ART's own search: a composite would drop it silently
    ("CVIART", "DualVigilanceART"): "CVIART cannot be its module",
    ("CVIART", "TopoART"): "CVIART cannot be its module",
    ("CVIART", "FusionART"): "CVIART cannot be its module",
    ("CVIART", "BARTMAP"): "CVIART cannot be its module",
    # Bayesian ART's vigilance is a volume (s_max); no rho_lower_bound in [0, 1] loosens it
    ("BayesianART", "DualVigilanceART"): "vigilance is s_max",
}


#: BARTMAP's row module on 30 features: Gaussian ART's D^2 sums over them (a tiny rho)
BARTMAP_ROWS = {"GaussianART": GaussianART(rho=1e-20), "BayesianART": BayesianART(s_max=1e3)}


def _fit(composite, module, X, y):
    """Fit the composite over a clone of module; return what the test checks."""
    if composite == "SimpleARTMAP":
        model = SimpleARTMAP(clone(module)).fit(X, y)
        return model, model.predict(X)
    if composite == "ARTMAP":  # ART_b clusters one-hot targets: its centres are the classes
        model = ARTMAP(clone(module), FuzzyART(rho=0.9)).fit(X, np.eye(2)[y])
        return model, np.argmax(model.predict(X), axis=1)
    if composite == "DeepARTMAP":  # the module over itself: two levels of the same input
        model = DeepARTMAP([clone(module), clone(module)]).fit([X, X])
        return model, model.labels_deep_
    if composite == "BARTMAP":  # planted biclusters (3 row groups, 2 column groups)
        Z, row_groups, column_groups = biclustered()
        name = type(module).__name__
        rows = BARTMAP_ROWS[name] if name in BARTMAP_ROWS else clone(module).set_params(rho=0.3)
        model = BARTMAP(clone(rows), FuzzyART(rho=0.6), eta=0.6).fit(Z)
        return model, (row_groups, column_groups)
    if composite == "SMART":
        if isinstance(module, BayesianART):  # s_max, a volume: decreasing is stricter
            model = SMART(clone(module), rho_values=(0.5, 0.05, 0.005)).fit(X)
        else:
            model = SMART(clone(module)).fit(X)
        return model, model.labels_deep_
    if composite == "DualVigilanceART":
        lower = 0.8 * module.rho  # a looser test than the module's rho
        model = DualVigilanceART(clone(module), rho_lower_bound=lower, n_epochs=3).fit(X)
        return model, model.predict(X)
    if composite == "TopoART":
        # beta_sbm must be at most the module's rate (ART 2-A's is 0.5 here)
        model = TopoART(clone(module), beta_sbm=0.2, phi=2).fit(X)
        return model, model.predict(X)
    model = FusionART([clone(module)], n_epochs=3).fit(X)
    return model, model.predict(X)


COMPOSITES = (
    "SimpleARTMAP",
    "ARTMAP",
    "SMART",
    "DeepARTMAP",
    "DualVigilanceART",
    "TopoART",
    "FusionART",
    "BARTMAP",
)


# the Gaussian modules' statistics (and ART 2-A's slow learning) move with every input: a few
# passes, not stability
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("composite", COMPOSITES)
@pytest.mark.parametrize("name", list(MODULES))
def test_module_in_composite(name, composite):
    module, binary = MODULES[name]
    X, y = _task(binary)
    if (name, composite) in MEANINGLESS:
        with pytest.raises(ValueError, match=MEANINGLESS[name, composite]):
            _fit(composite, module, X, y)
        return
    if composite == "BARTMAP" and binary:
        pytest.skip("binary modules: test_binary_modules_in_bartmap")
    model, out = _fit(composite, module, X, y)
    if composite in ("SimpleARTMAP", "ARTMAP"):
        assert np.mean(out == y) >= 0.95
        return
    if composite == "BARTMAP":  # the paper's biclusters: the planted groups exactly
        row_groups, column_groups = out
        assert adjusted_rand_score(row_groups, model.row_labels_) == 1.0
        assert adjusted_rand_score(column_groups, model.column_labels_) == 1.0
        return
    if composite in ("SMART", "DeepARTMAP"):
        # a divisive tree: each level's clusters lie inside one cluster of the level above
        assert out.shape == (40, 3 if composite == "SMART" else 2)
        for above, below in zip(out.T[:-1], out.T[1:]):
            for c in np.unique(below):
                assert len(np.unique(above[below == c])) == 1
        return
    # unsupervised: a few clusters for two blobs, all samples labelled, and the clusters do not
    # mix the two classes (the blobs are far apart for every module's vigilance here)
    assert np.all(out >= 0)
    assert 2 <= len(np.unique(out)) <= 10
    for c in np.unique(out):
        assert len(np.unique(y[out == c])) == 1


def test_bayesian_smart_varies_s_max():
    """Bayesian ART's vigilance is s_max, a volume bound: SMART's levels take decreasing ones."""
    X, _ = _task(False)
    with pytest.raises(ValueError, match="s_max, decreasing"):
        SMART(BayesianART()).fit(X)
    model = SMART(BayesianART(), rho_values=(0.5, 0.005)).fit(X)
    assert [m.s_max_ for m in model.modules_] == pytest.approx([0.5, 0.005])


def test_cviart_artmap_honours_the_class():
    """CVI ART's own search decides resonance; under an ARTMAP it must still reset a category
    mapped to another class: every training sample's category (last pass) maps to its class."""
    rng = np.random.default_rng(0)
    centres = np.array([[0.3, 0.3], [0.5, 0.5], [0.7, 0.3]])  # overlapping blobs
    y = rng.integers(0, 3, 150)
    X = np.clip(centres[y] + rng.normal(0, 0.12, (150, 2)), 0, 1)
    model = SimpleARTMAP(CVIART(rho=0.7)).fit(X, y)
    assert np.array_equal(model.category_classes_[model.module_.labels_], y)


def test_count_learning_module_weights_in_a_composite():
    """Gaussian ART learns a weight as a count and commits a weighted category with it; a
    composite uses the module's rules for both: Dual Vigilance ART with equal vigilances searches
    as the module alone, so it learns the module's weighted categories exactly."""
    X, _ = _task(False)
    weights = np.tile([1.0, 2.5, 3.0, 0.5], 10)
    alone = GaussianART(rho=0.3).fit(X, sample_weight=weights)
    composite = DualVigilanceART(GaussianART(rho=0.3), rho_lower_bound=0.3, n_epochs=1)
    composite.fit(X, sample_weight=weights)
    assert composite.n_categories_ == alone.n_categories_ > 2
    np.testing.assert_allclose(composite._memory.counts, alone.counts_)
    np.testing.assert_allclose(composite.weights_, alone.means_)


def test_weights_in_a_composite_are_repetitions():
    """Over a module that learns at a rate, a weight is consecutive repetitions, as alone."""
    X, _ = _task(False)
    weights = np.tile([1.0, 2.0, 3.0, 1.0], 10)
    composite = DualVigilanceART(FuzzyART(rho=0.7, beta=0.5), rho_lower_bound=0.5, n_epochs=1)
    weighted = clone(composite).fit(X, sample_weight=weights)
    repeated = clone(composite).fit(np.repeat(X, weights.astype(int), axis=0))
    np.testing.assert_allclose(weighted.weights_, repeated.weights_)


def test_binary_modules_in_bartmap():
    """Binary modules in BARTMAP: Binary Fuzzy ART's biclusters are Fuzzy ART's on binary data
    (its partition is Fuzzy ART's), ART1's every row cluster lies in one planted row group."""
    X, row_groups, column_groups = biclustered()
    Xb = (X > np.array([0.3, 0.7])[column_groups]).astype(float)  # the row groups' profiles
    fuzzy = BARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.6), eta=0.6).fit(Xb)
    binary = BARTMAP(BinaryFuzzyART(rho=0.3), BinaryFuzzyART(rho=0.6), eta=0.6).fit(Xb)
    np.testing.assert_array_equal(binary.row_labels_, fuzzy.row_labels_)
    np.testing.assert_array_equal(binary.column_labels_, fuzzy.column_labels_)
    art1 = BARTMAP(ART1(rho=0.3), FuzzyART(rho=0.6), eta=0.6).fit(Xb)
    for c in np.unique(art1.row_labels_):
        assert len(np.unique(row_groups[art1.row_labels_ == c])) == 1

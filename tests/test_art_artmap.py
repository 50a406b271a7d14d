"""SimpleARTMAP, ARTMAP and the match-tracking methods: the map field's search written as a plain
loop over samples and categories (the modules' equations from their papers, Python floats)
against the estimators, FuzzyARTMAP as SimpleARTMAP(FuzzyART) to the bit, artlib's partitions
where it follows the papers, and the meta-estimator contract (nested parameters, clone)."""

import math
import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris, make_blobs
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import MinMaxScaler

from zoo._core.art import MATCH_TRACKING, art2a_preprocess, complement_code, resonance_search
from zoo.art import (
    ART1,
    ART2A,
    ARTMAP,
    SMART,
    DeepARTMAP,
    FuzzyART,
    FuzzyARTMAP,
    HypersphereART,
    SimpleARTMAP,
)

METHODS = list(MATCH_TRACKING)


def _iris():
    X, y = load_iris(return_X_y=True)
    return X, MinMaxScaler().fit_transform(X), y


def _blobs():
    X, y = make_blobs(n_samples=300, centers=4, cluster_std=2.0, random_state=0)
    return MinMaxScaler().fit_transform(X), y


# ------------------------------------------------------------------------- the search itself


def search_one_by_one(choice, match, rho, labels, target, method, epsilon):
    """The map field's search, one category at a time in decreasing choice (artlib's step_fit)."""
    order = sorted(range(len(choice)), key=lambda j: (-choice[j], j))
    strict = method in ("MT0", "MT~")
    if method == "MT~":  # categories of another class are out of the competition
        order = [j for j in order if labels[j] == target]
    for j in order:
        if not (match[j] > rho if strict else match[j] >= rho):
            continue  # reset by the vigilance test
        if labels[j] == target:
            return j
        rho = {"MT+": match[j] + epsilon, "MT-": match[j] - epsilon, "MT0": match[j]}.get(
            method, math.inf
        )
        if rho > 1.0:
            return -1
    return -1


@pytest.mark.parametrize("walked", [64, 0], ids=["walked", "vectorised"])
@pytest.mark.parametrize("method", METHODS)
def test_vectorised_search_is_the_one_by_one_search(method, walked, monkeypatch):
    # both implementations of the search after a reset: the walk down the order (up to
    # _WALKED_SEARCH categories) and the masks (beyond)
    monkeypatch.setattr("zoo._core.art._WALKED_SEARCH", walked)
    rng = np.random.default_rng(0)
    for trial in range(400):
        n = int(rng.integers(1, 10))
        choice = rng.integers(0, 5, n) / 4.0  # coarse: ties in choice and match are common
        match = rng.integers(0, 5, n) / 4.0
        rho = rng.integers(0, 5) / 4.0
        labels, target = rng.integers(0, 3, n), int(rng.integers(0, 3))
        epsilon = float(rng.choice([0.0, 1e-10, 0.3]))
        found, tracked = resonance_search(choice, match, rho, labels, target, method, epsilon)
        expected = search_one_by_one(
            choice.tolist(), match.tolist(), rho, labels.tolist(), target, method, epsilon
        )
        assert found == expected, trial
        monkeypatch.setattr("zoo._core.art._WALKED_SEARCH", 64 - walked)
        other = resonance_search(choice, match, rho, labels, target, method, epsilon)
        monkeypatch.setattr("zoo._core.art._WALKED_SEARCH", walked)
        assert other == (found, tracked), trial  # the same category and tracked vigilance


def test_search_with_choices_of_minus_infinity_is_the_vectorised_one(monkeypatch):
    # a choice of -inf (no category of the modules here gives one) leaves the walk out
    choice, match = np.array([0.9, -np.inf, 0.5]), np.array([0.6, 0.9, 0.2])
    labels = np.array([1, 0, 0])
    walked = resonance_search(choice, match, 0.5, labels, 0, "MT+", 1e-10)
    monkeypatch.setattr("zoo._core.art._WALKED_SEARCH", 0)
    assert walked == resonance_search(choice, match, 0.5, labels, 0, "MT+", 1e-10)


def test_each_method_on_a_crafted_search():
    # category 0 is chosen first and predicts the wrong class; 1 matches exactly as well as 0
    choice, match = np.array([0.9, 0.8, 0.7]), np.array([0.6, 0.6, 0.7])
    labels, target, rho = np.array([1, 0, 0]), 0, 0.5

    def found(method, epsilon=1e-10, rho=rho):
        return resonance_search(choice, match, rho, labels, target, method, epsilon)

    assert found("MT+") == (2, 0.6 + 1e-10)  # just above 0's match: 1 fails, 2 passes
    assert found("MT-") == (1, 0.6 - 1e-10)  # just below: 1, of equal match, wins
    assert found("MT0") == (2, 0.6)  # rho = M under M > rho: as MT+ without an epsilon
    assert found("MT+", epsilon=0.0) == (1, 0.6)  # ... which MT+ at epsilon 0 is not
    assert found("MT1") == (-1, math.inf)  # the search ends: a new category
    assert found("MT~") == (1, rho)  # 0 is left out; no vigilance is raised
    # the strict test of MT0 and MT~ also at the baseline: a match equal to rho fails
    assert found("MT~", rho=0.6)[0] == 2
    assert found("MT0", rho=0.7)[0] == -1
    assert found("MT+", rho=0.7)[0] == 2


def test_mt_minus_learns_inconsistent_cases_and_mt_plus_keeps_committing():
    # Marriott & Harrison (1995): the same input with two labels. MT+ resets the category that
    # matches perfectly (rho = 1 + eps) and commits a new one on every pass; MT- (rho = 1 - eps)
    # lets the second category, equally good, resonate: the network is stable.
    X = np.array([[0.3, 0.7], [0.3, 0.7], [0.9, 0.1]])
    y = np.array([0, 1, 0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plus = SimpleARTMAP(FuzzyART(rho=0.0), match_tracking="MT+", n_epochs=4).fit(X, y)
        minus = SimpleARTMAP(FuzzyART(rho=0.0), match_tracking="MT-", n_epochs=4).fit(X, y)
    assert minus.n_iter_ == 3 and minus.change_curve_[-1] == 0.0  # stable after 3 categories
    assert minus.category_classes_.tolist() == [0, 1, 0]
    # MT+: the class-1 point category is chosen first for the class-0 copy and resets the search
    # at rho = 1 + eps: a new class-0 category on every pass, never stable
    assert plus.n_iter_ == 4 and min(plus.change_curve_) > 0
    assert plus.category_classes_.tolist() == [0, 1, 0, 0, 0]


def test_mt1_commits_at_every_wrong_prediction():
    X, y = _blobs()
    counts = {m: SimpleARTMAP(FuzzyART(rho=0.3), match_tracking=m).fit(X, y) for m in METHODS}
    # MT1 never searches past a wrong category: the most categories; MT~ never meets one
    assert counts["MT1"].n_categories_ == max(c.n_categories_ for c in counts.values())
    assert counts["MT~"].n_categories_ == min(c.n_categories_ for c in counts.values())
    for method, model in counts.items():
        # MT~ raises no vigilance: a few large overlapping boxes per class, chosen ambiguously
        assert model.score(X, y) > (0.45 if method == "MT~" else 0.75)


# -------------------------------------------------------- FuzzyARTMAP is SimpleARTMAP(FuzzyART)


@pytest.mark.parametrize(
    "params, dtype",
    [
        ({}, np.float64),
        ({"rho": 0.6, "match_tracking": "MT-"}, np.float32),
        ({"rho": 0.3, "beta": 0.4, "n_epochs": 3, "match_tracking": "MT0"}, np.float64),
        ({"rho": 0.3, "beta": 0.4, "n_epochs": 3, "match_tracking": "MT0"}, np.float32),
        ({"alpha": 0.1, "match_tracking": "MT~", "epsilon": 0.01}, np.float64),
        ({"match_tracking": "MT1", "complement_coding": False}, np.float32),
    ],
)
def test_fuzzy_artmap_is_simple_artmap_over_fuzzy_art(params, dtype):
    X, y = _blobs()
    X = X.astype(dtype)
    flat = {k: v for k, v in params.items() if k not in ("match_tracking", "epsilon", "n_epochs")}
    meta = {k: v for k, v in params.items() if k in ("match_tracking", "epsilon", "n_epochs")}
    weights = np.random.default_rng(0).integers(0, 3, len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        fast = FuzzyARTMAP(**params).fit(X, y, sample_weight=weights)
        general = SimpleARTMAP(FuzzyART(rho=0.0, **flat) if "rho" not in flat else FuzzyART(**flat))
        general.set_params(**meta).fit(X, y, sample_weight=weights)
    np.testing.assert_array_equal(general.weights_, fast.weights_)
    np.testing.assert_array_equal(general.category_classes_, fast.category_classes_)
    np.testing.assert_array_equal(general.predict_proba(X), fast.predict_proba(X))
    np.testing.assert_array_equal(general.predict(X), fast.predict(X))
    assert general.change_curve_ == fast.change_curve_
    # online: two partial fits are the same as well
    fast = FuzzyARTMAP(**params).partial_fit(X[:150], y[:150], classes=np.unique(y))
    general = clone(general).partial_fit(X[:150], y[:150], classes=np.unique(y))
    fast.partial_fit(X[150:], y[150:])
    general.partial_fit(X[150:], y[150:])
    np.testing.assert_array_equal(general.weights_, fast.weights_)


def test_default_simple_artmap_is_default_fuzzy_artmap():
    _, X, y = _iris()
    fast, general = FuzzyARTMAP().fit(X, y), SimpleARTMAP().fit(X, y)
    np.testing.assert_array_equal(general.weights_, fast.weights_)
    np.testing.assert_array_equal(general.predict_proba(X), fast.predict_proba(X))


# ----------------------------------------------- the textbook ARTMAP over other modules, by loop


class HypersphereByThePaper:
    """Anagnostopoulos & Georgiopoulos (2000), one category at a time."""

    def __init__(self, r_hat, alpha, beta):
        self.r_hat, self.alpha, self.beta = r_hat, alpha, beta

    def new(self, x):
        return [list(x), 0.0]

    def choice_and_match(self, x, category):
        m, R = category
        D = max(R, math.dist(x, m))
        return (self.r_hat - D) / (self.r_hat - R + self.alpha), 1 - D / self.r_hat

    def learn(self, x, category):
        m, R = category
        d = math.dist(x, m)
        if d > R:
            category[1] = R + self.beta / 2 * (d - R)
            category[0] = [b + self.beta / 2 * (a - b) * (1 - R / d) for a, b in zip(x, m)]


class ART2AByThePaper:
    """Carpenter, Grossberg & Rosen (1991), eqs. 3-13 (alpha = 0: every cosine beats the
    uncommitted node)."""

    def __init__(self, beta):
        self.beta = beta

    def new(self, x):
        return [list(x)]

    def choice_and_match(self, x, category):
        t = sum(a * b for a, b in zip(x, category[0]))
        return t, t

    def learn(self, x, category):
        z = category[0]
        n = math.sqrt(sum(a * a for a in x))
        new = [self.beta * a / n + (1 - self.beta) * w for a, w in zip(x, z)]
        n = math.sqrt(sum(a * a for a in new))
        category[0] = [a / n for a in new]


def artmap_by_the_paper(X, y, module, rho, method, epsilon=1e-10, n_epochs=1):
    """The map field over a module: present each sample, search its categories in decreasing
    choice with match tracking, learn the first of the right class or commit a new one."""
    categories, classes = [], []
    for _ in range(n_epochs):
        labels = []
        for x, target in zip(X.tolist(), y.tolist()):
            scores = [module.choice_and_match(x, c) for c in categories]
            found = search_one_by_one(
                [t for t, _ in scores],
                [m for _, m in scores],
                rho,
                classes,
                target,
                method,
                epsilon,
            )
            if found < 0:
                categories.append(module.new(x))
                classes.append(target)
                found = len(categories) - 1
            else:
                module.learn(x, categories[found])
            labels.append(found)
    return np.array(labels), np.array(classes)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("beta", [1.0, 0.4])
def test_simple_artmap_over_hypersphere_art_is_the_paper(method, beta):
    X, _, y = _iris()
    r_hat = 0.5 * float(np.linalg.norm(X.max(axis=0) - X.min(axis=0)))
    reference = HypersphereByThePaper(r_hat, 0.001, beta)
    expected, classes = artmap_by_the_paper(X, y, reference, 0.6, method, n_epochs=2)
    model = SimpleARTMAP(
        HypersphereART(rho=0.6, r_hat=r_hat, beta=beta), match_tracking=method, n_epochs=2
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    np.testing.assert_array_equal(model.module_.labels_, expected)
    np.testing.assert_array_equal(model.category_classes_, classes)
    assert model.n_categories_ > 3
    assert not hasattr(model, "predict_proba")  # its choice can be negative: no distribution


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("beta", [1.0, 0.2])
def test_simple_artmap_over_art2a_is_the_paper(method, beta):
    X, _, y = _iris()  # positive: the contrast enhancement (theta = 0) keeps every component
    inputs = art2a_preprocess(X, 0.0)
    expected, classes = artmap_by_the_paper(inputs, y, ART2AByThePaper(beta), 0.995, method)
    model = SimpleARTMAP(ART2A(rho=0.995, beta=beta), match_tracking=method).fit(X, y)
    np.testing.assert_array_equal(model.module_.labels_, expected)
    np.testing.assert_array_equal(model.category_classes_, classes)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert model.score(X, y) > 0.85


@pytest.mark.filterwarnings("ignore:Do Not Use ART2")  # artlib's ART2, not its ART2A
@pytest.mark.parametrize("method", METHODS)
def test_artlib_agrees(method):
    artlib = pytest.importorskip("artlib")
    X, Xs, y = _iris()
    r_hat = 0.5 * float(np.linalg.norm(Xs.max(axis=0) - Xs.min(axis=0)))
    cases = [
        (
            artlib.FuzzyART(rho=0.6, alpha=0.001, beta=1.0),
            complement_code(Xs),
            FuzzyART(rho=0.6),
            Xs,
        ),
        # artlib adds alpha to the distance in its centroid update: negligible alpha (as in
        # tests/test_art_modules.py)
        (
            artlib.HypersphereART(rho=0.5, alpha=1e-9, beta=1.0, r_hat=r_hat),
            Xs,
            HypersphereART(rho=0.5, alpha=1e-9, r_hat=r_hat),
            Xs,
        ),
        # artlib's ART2A takes the paper's prepared input and, fast, learns it as the paper does
        (
            artlib.ART2A(rho=0.99, alpha=0.0, beta=1.0),
            art2a_preprocess(X, 0.0),
            ART2A(rho=0.99, beta=1.0),
            X,
        ),
    ]
    for peer_module, peer_input, module, data in cases:
        peer = artlib.SimpleARTMAP(peer_module).fit(peer_input, y, match_tracking=method)
        model = SimpleARTMAP(module, match_tracking=method).fit(data, y)
        np.testing.assert_array_equal(model.module_.labels_, peer.module_a.labels_)
        np.testing.assert_array_equal(model.predict(data), peer.predict(peer_input))


# ---------------------------------------------------------------------------------- ARTMAP


def test_artmap_regression_is_the_centre_of_the_mapped_target_category():
    X = np.linspace(0, 1, 300)[:, None]
    Y = np.column_stack([np.sin(2 * np.pi * X[:, 0]), X[:, 0] ** 2])
    model = ARTMAP().fit(X, Y)
    assert model.score(X, Y) > 0.95
    a, b = model.predict_ab(X)
    np.testing.assert_array_equal(b, model.category_map_[a])
    np.testing.assert_array_equal(model.predict(X), model.module_b_.centroids_[b])
    assert model.predict(X[:5]).shape == (5, 2)
    single = ARTMAP().fit(X, Y[:, 0])
    assert single.predict(X).shape == (300,)
    # the target categories are ART_b's own clustering of y
    np.testing.assert_array_equal(
        single.module_b_.labels_, HypersphereART(rho=0.9, n_epochs=1).fit(Y[:, :1]).labels_
    )


def test_artmap_is_simple_artmap_on_art_b_categories():
    X, _ = _blobs()
    Y = np.random.default_rng(0).uniform(size=(len(X), 2))
    model = ARTMAP(FuzzyART(rho=0.2), FuzzyART(rho=0.7), match_tracking="MT-").fit(X, Y)
    categories = FuzzyART(rho=0.7, n_epochs=1).fit(Y).labels_
    simple = SimpleARTMAP(FuzzyART(rho=0.2), match_tracking="MT-").fit(X, categories)
    np.testing.assert_array_equal(model.module_a_.weights_, simple.weights_)
    np.testing.assert_array_equal(model.category_map_, simple.category_classes_)
    # a Fuzzy ART box's centre (u + v) / 2
    w = model.module_b_.weights_
    np.testing.assert_allclose(model.centres_, 0.5 * (w[:, :2] + 1 - w[:, 2:]))


def test_artmap_partial_fit_is_the_same_single_pass():
    X, _ = _blobs()
    y = X[:, 0] - 2 * X[:, 1]
    modules = dict(module_a=HypersphereART(rho=0.2, r_hat=0.8), module_b=HypersphereART(r_hat=2.0))
    once = ARTMAP(**modules).fit(X, y)
    online = ARTMAP(**modules).partial_fit(X[:100], y[:100]).partial_fit(X[100:], y[100:])
    np.testing.assert_array_equal(online.module_a_.weights_, once.module_a_.weights_)
    np.testing.assert_array_equal(online.predict(X), once.predict(X))
    with pytest.raises(ValueError, match="outputs"):
        online.partial_fit(X, np.column_stack([y, y]))


def test_artlib_agrees_on_artmap():
    artlib = pytest.importorskip("artlib")
    X, _ = _blobs()
    Y = np.random.default_rng(1).uniform(size=(len(X), 2))
    peer = artlib.ARTMAP(
        artlib.FuzzyART(rho=0.3, alpha=0.001, beta=1.0),
        artlib.FuzzyART(rho=0.6, alpha=0.001, beta=1.0),
    )
    peer.fit(complement_code(X), complement_code(Y))
    model = ARTMAP(FuzzyART(rho=0.3), FuzzyART(rho=0.6)).fit(X, Y)
    np.testing.assert_array_equal(model.module_b_.labels_, peer.module_b.labels_)
    np.testing.assert_array_equal(model.module_a_.labels_, peer.labels_a)
    np.testing.assert_array_equal(model.predict_ab(X)[1], peer.predict(complement_code(X)))
    W = np.asarray(peer.module_b.W)  # artlib's box centres (u + v) / 2
    centres = 0.5 * (W[:, :2] + 1 - W[:, 2:])
    np.testing.assert_allclose(model.predict(X), centres[peer.predict(complement_code(X))])


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # slow: 3 passes
@pytest.mark.parametrize("beta", [1.0, 0.5])
def test_artlib_agrees_over_several_passes(beta):
    # artlib runs ART_b's passes, then ART_a's on ART_b's last labels: zoo's order too
    artlib = pytest.importorskip("artlib")
    X, y = _blobs()
    Y = np.random.default_rng(1).uniform(size=(len(X), 2))

    def peer_fuzzy(rho):
        return artlib.FuzzyART(rho=rho, alpha=0.001, beta=beta)

    peer = artlib.SimpleARTMAP(peer_fuzzy(0.5)).fit(complement_code(X), y, max_iter=3)
    model = SimpleARTMAP(FuzzyART(rho=0.5, beta=beta), n_epochs=3).fit(X, y)
    np.testing.assert_array_equal(model.module_.labels_, peer.module_a.labels_)
    np.testing.assert_allclose(model.weights_, np.asarray(peer.module_a.W), rtol=1e-12)
    peer = artlib.ARTMAP(peer_fuzzy(0.3), peer_fuzzy(0.6))
    peer.fit(complement_code(X), complement_code(Y), max_iter=3)
    model = ARTMAP(FuzzyART(rho=0.3, beta=beta), FuzzyART(rho=0.6, beta=beta), n_epochs=3)
    model.fit(X, Y)
    np.testing.assert_array_equal(model.module_b_.labels_, peer.module_b.labels_)
    np.testing.assert_array_equal(model.module_a_.labels_, peer.labels_a)


class Recorder:
    def __init__(self):
        self.paths = []

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        path, node = [], context
        while node is not None:
            path.append(node.task_name)
            node = node.parent
        self.paths.append("/".join(reversed(path)))

    def teardown(self, estimator, context):
        pass


def test_artmap_callbacks_see_each_module_then_its_passes():
    X, _ = _blobs()
    y = X[:, 0] - X[:, 1]
    recorder = Recorder()
    modules = dict(module_a=FuzzyART(rho=0.2, beta=0.5), module_b=HypersphereART(beta=0.5))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = ARTMAP(**modules, n_epochs=3).set_callbacks(recorder).fit(X, y)
    b_passes = model.module_b_.n_iter_
    assert recorder.paths == (
        ["fit/module_b/epoch"] * b_passes
        + ["fit/module_b"]
        + ["fit/module_a/epoch"] * model.n_iter_
        + ["fit/module_a", "fit"]
    )


# ------------------------------------------------------------------ meta-estimator conventions


def test_module_parameters_are_nested_and_cloned():
    model = SimpleARTMAP(HypersphereART(rho=0.4), match_tracking="MT-")
    params = model.get_params(deep=True)
    assert params["module__rho"] == 0.4 and params["match_tracking"] == "MT-"
    copy = clone(model)
    assert copy.module is not model.module and copy.module.get_params() == model.module.get_params()
    model.set_params(module__rho=0.7)
    assert model.module.rho == 0.7
    X, _, y = _iris()
    search = GridSearchCV(SimpleARTMAP(HypersphereART()), {"module__rho": [0.3, 0.6]}, cv=3)
    search.fit(X, y)
    assert search.best_params_["module__rho"] in (0.3, 0.6)
    # the module given is not fitted: its clone is
    model.fit(X, y)
    assert not hasattr(model.module, "weights_") and hasattr(model.module_, "weights_")
    assert model.module_.n_epochs == 1  # the ARTMAP's passes
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X), model.predict(X))
    pairs = ARTMAP(module_b=FuzzyART()).get_params(deep=True)
    assert pairs["module_b__rho"] == 0.75 and pairs["module_a"] is None


def test_bad_modules_and_inputs_are_refused():
    X, Xs, y = _iris()
    with pytest.raises((TypeError, ValueError), match="module"):
        SimpleARTMAP(module="FuzzyART").fit(Xs, y)
    with pytest.raises(ValueError, match="rho"):
        SimpleARTMAP(FuzzyART(rho=2.0)).fit(Xs, y)  # the module's own constraints
    with pytest.raises(ValueError, match="clip"):  # the module's own input checks
        SimpleARTMAP(FuzzyART(clip=False)).fit(X, y)
    with pytest.raises(ValueError, match="classes"):
        SimpleARTMAP(warm_start=True).fit(Xs, y).fit(Xs[y < 2], y[y < 2] + 5)


# ----------------------------------------------------------------------- SMART and DeepARTMAP


def test_smart_levels_refine_each_other_and_are_artmaps_of_the_level_above():
    _, X, _ = _iris()
    smart = SMART(rho_values=(0.4, 0.7, 0.85)).fit(X)
    levels = smart.labels_deep_
    assert [len(np.unique(c)) for c in levels.T] == [3, 10, 38]
    np.testing.assert_array_equal(smart.labels_, levels[:, 0])
    for i, category_map in enumerate(smart.category_maps_, start=1):
        # every category of level i lies inside one category of level i - 1
        np.testing.assert_array_equal(category_map[levels[:, i]], levels[:, i - 1])
    # level by level: Fuzzy ART, then SimpleARTMAP on the labels above
    top = FuzzyART(rho=0.4, n_epochs=1).fit(X)
    np.testing.assert_array_equal(levels[:, 0], top.labels_)
    above = top.labels_
    for i, rho in enumerate((0.7, 0.85), start=1):
        level = SimpleARTMAP(FuzzyART(rho=rho)).fit(X, above)
        np.testing.assert_array_equal(levels[:, i], level.module_.labels_)
        above = level.module_.labels_
    deep = DeepARTMAP([FuzzyART(rho=r) for r in (0.4, 0.7, 0.85)]).fit([X, X, X])
    np.testing.assert_array_equal(deep.labels_deep_, levels)
    np.testing.assert_array_equal(deep.predict_deep(X), smart.predict_deep(X))
    np.testing.assert_array_equal(smart.predict(X), smart.predict_deep(X)[:, 0])


def test_artlib_agrees_on_smart():
    artlib = pytest.importorskip("artlib")
    _, X, _ = _iris()
    peer = artlib.SMART(artlib.FuzzyART, [0.4, 0.7, 0.85], dict(alpha=0.001, beta=1.0))
    peer.fit(complement_code(X), epsilon=1e-10)
    smart = SMART(rho_values=(0.4, 0.7, 0.85)).fit(X)
    np.testing.assert_array_equal(smart.labels_deep_, peer.labels_deep_)
    np.testing.assert_array_equal(
        smart.predict_deep(X), np.column_stack(peer.predict(complement_code(X)))
    )


def test_supervised_deep_artmap_tops_with_a_simple_artmap():
    X, Xs, y = _iris()
    deep = DeepARTMAP([HypersphereART(rho=0.3), HypersphereART(rho=0.6)], supervised=True)
    deep.fit(X, y)
    top = SimpleARTMAP(HypersphereART(rho=0.3)).fit(X, y)
    np.testing.assert_array_equal(deep.labels_, top.module_.labels_)
    np.testing.assert_array_equal(deep.category_classes_, top.category_classes_)
    with pytest.raises(ValueError, match="needs y"):
        clone(deep).fit(X)
    unsupervised = DeepARTMAP([FuzzyART(rho=0.3), FuzzyART(rho=0.6)]).fit(Xs, y)  # y ignored
    assert unsupervised.classes_ is None


def test_hierarchies_refuse_bad_stacks():
    _, X, _ = _iris()
    with pytest.raises(ValueError, match="increasing"):
        SMART(rho_values=(0.7, 0.4)).fit(X)
    with pytest.raises(ValueError, match="two modules"):
        DeepARTMAP([FuzzyART()]).fit(X)
    with pytest.raises(ValueError, match="one array per module"):
        DeepARTMAP([FuzzyART(), FuzzyART()]).fit([X, X, X])
    with pytest.raises(TypeError, match="modules"):
        DeepARTMAP(["FuzzyART", FuzzyART()]).fit(X)


def test_hierarchy_callbacks_see_each_module_then_its_passes():
    _, X, _ = _iris()
    recorder = Recorder()
    SMART(rho_values=(0.4, 0.8)).set_callbacks(recorder).fit(X)
    assert recorder.paths == [
        "fit/module_0/epoch",
        "fit/module_0",
        "fit/module_1/epoch",
        "fit/module_1",
        "fit",
    ]


def test_simple_artmap_over_art1_is_fuzzy_art_without_complement_coding():
    # ART1's equations are Fuzzy ART's on binary input with alpha = L - 1 and fast learning
    X = (np.random.default_rng(0).uniform(size=(120, 12)) > 0.6).astype(float)
    y = (X[:, :4].sum(axis=1) > 1).astype(int)
    art1 = SimpleARTMAP(ART1(rho=0.4, L=3.0), match_tracking="MT-").fit(X, y)
    fuzzy = FuzzyART(rho=0.4, alpha=2.0, complement_coding=False)
    fuzzy = SimpleARTMAP(fuzzy, match_tracking="MT-").fit(X, y)
    np.testing.assert_array_equal(art1.module_.labels_, fuzzy.module_.labels_)
    np.testing.assert_array_equal(art1.predict_proba(X), fuzzy.predict_proba(X))


def test_artmap_skips_targets_art_b_could_not_learn():
    X, _ = _blobs()
    y = X[:, 0] + X[:, 1]
    model = ARTMAP(module_b=HypersphereART(rho=0.9, max_categories=3))
    with pytest.warns(UserWarning, match="max_categories"):
        model.fit(X, y)
    unlearned = model.module_b_.labels_ < 0
    assert unlearned.any() and np.all(model.module_a_.labels_[unlearned] == -1)
    assert set(model.category_map_.tolist()) <= {0, 1, 2}
    assert np.isfinite(model.predict(X)).all()


def test_a_module_without_categories_cannot_predict():
    X = np.zeros((4, 2))  # no F1 activity without complement coding: no category is committed
    model = ARTMAP(FuzzyART(complement_coding=False)).fit(X, np.arange(4.0))
    assert model.module_a_.n_categories_ == 0
    with pytest.raises(ValueError, match="learned no category"):
        model.predict(X)

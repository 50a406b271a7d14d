"""``zoo reproduce`` rows of learning vector quantization (see :mod:`zoo.reproduce`)."""

import warnings

import numpy as np

from ..reproduce import Experiment, register
from ._glvq import GLVQClassifier
from ._gmlvq import GMLVQClassifier

#: sklvq 0.1.2's 5-fold CV accuracy (StratifiedKFold(5, shuffle=True, random_state=0),
#: standardised data, one prototype per class, its defaults), measured by
#: benchmarks/bench_lvq.py on this project's machine (README, "Learning vector quantization").
_SKLVQ = {
    ("glvq", "iris"): 0.907,
    ("glvq", "wine"): 0.972,
    ("glvq", "breast_cancer"): 0.933,
    ("gmlvq", "iris"): 0.960,
    ("gmlvq", "wine"): 0.983,
    ("gmlvq", "breast_cancer"): 0.965,
}
_MODELS = {"glvq": GLVQClassifier, "gmlvq": GMLVQClassifier}
_PAPERS = {
    "glvq": ("Sato & Yamada 1996", "Generalized learning vector quantization (NIPS 8)"),
    "gmlvq": (
        "Schneider, Biehl & Hammer 2009",
        "Adaptive relevance matrices in learning vector quantization (Neural Computation 21)",
    ),
}


def _load(name):
    from sklearn import datasets

    return getattr(datasets, f"load_{name}")(return_X_y=True)


def _cv_accuracy(model, name):
    def recipe(seed, quick):
        from sklearn.model_selection import StratifiedKFold, cross_val_score
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        X, y = _load(name)
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        pipeline = make_pipeline(StandardScaler(), _MODELS[model](random_state=seed))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # L-BFGS's convergence notes on some folds
            return float(np.mean(cross_val_score(pipeline, X, y, cv=folds)))

    return recipe


def _prototypes_figure(model, name):
    def figure(seed, quick, fig):
        from sklearn.decomposition import PCA
        from sklearn.preprocessing import StandardScaler

        X, y = _load(name)
        X = StandardScaler().fit_transform(X)
        fitted = _MODELS[model](random_state=seed).fit(X, y)
        if model == "gmlvq":
            project, space = fitted.transform, "GMLVQ's relevance space (first two components)"
        else:
            project, space = PCA(2).fit(X).transform, "the first two principal components"
        Z, P = project(X)[:, :2], project(fitted.prototypes_)[:, :2]
        ax = fig.add_subplot()
        for k, label in enumerate(fitted.classes_):
            ax.scatter(*Z[y == label].T, s=8, alpha=0.5, color=f"C{k}", label=f"class {label}")
            mine = fitted.prototype_labels_ == label
            ax.scatter(*P[mine].T, s=150, marker="*", color=f"C{k}", edgecolors="k")
        ax.legend(fontsize="small")
        return (
            f"{name} (standardised) in {space}; stars: the {model.upper()} prototypes fitted on "
            f"all samples, seed {seed}"
        )

    return figure


for _model in ("glvq", "gmlvq"):
    for _name in ("iris", "wine", "breast_cancer"):
        register(
            Experiment(
                name=f"{_model}-{_name.replace('_', '-')}",
                family="lvq",
                paper=f"{_PAPERS[_model][0]}; sklvq 0.1.2 (the figure)",
                source=f"no figure of the paper's for {_name}: sklvq 0.1.2's 5-fold CV "
                f"accuracy {_SKLVQ[_model, _name]:.3f} on the same recipe, measured by "
                "benchmarks/bench_lvq.py (README's LVQ table)",
                protocol=f"scikit-learn's {_name}, StandardScaler then {_model.upper()} "
                f"({_PAPERS[_model][1]}) with one prototype per class and zoo's defaults, "
                "mean accuracy of a stratified shuffled 5-fold CV; seed s shuffles the folds "
                "and seeds the model (sklvq's figure is of the folds of seed 0 alone, at its "
                "own defaults; the papers report no figure for these data sets)",
                metric="5-fold CV accuracy",
                published=_SKLVQ[_model, _name],
                tolerance=0.03,
                direction="higher",
                recipe=_cv_accuracy(_model, _name),
                figure=_prototypes_figure(_model, _name) if _name == "iris" else None,
                seeds=10,
                quick_seeds=2,
            )
        )

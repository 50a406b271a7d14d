"""Restricted Boltzmann machine filters on digits, and what a deep belief net's features are worth.

A BernoulliRBM trained by contrastive divergence (Hinton 2002) on the digits' pixels scaled to
[0, 1]: each hidden unit's weights, drawn as an 8×8 image, are the stroke it detects. A deep belief
net stacks RBMs greedily (Hinton, Osindero & Teh 2006); its top-layer features feed a logistic
regression, compared with the raw pixels, and DBNClassifier fine-tunes the whole stack by
back-propagation. Saves `rbm_filters_dbn.png`.

Run: python examples/rbm_filters_dbn.py     (ZOO_EXAMPLES_QUICK=1 for a short run)
"""

import os
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402

from zoo.boltzmann import BernoulliRBM, DBNClassifier, DBNTransformer  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")
EPOCHS = 2 if QUICK else 20
warnings.filterwarnings("ignore", category=ConvergenceWarning)  # short runs stop at max_iter

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    MinMaxScaler().fit_transform(X), y, test_size=0.3, random_state=0, stratify=y
)
rbm = BernoulliRBM(n_components=100, learning_rate=0.06, n_iter=EPOCHS, random_state=0)
rbm.fit(X_train)

readout = dict(max_iter=2000)
scores = {
    "pixels": LogisticRegression(**readout).fit(X_train, y_train).score(X_test, y_test),
    "RBM features": make_pipeline(rbm, LogisticRegression(**readout))
    .fit(X_train, y_train)
    .score(X_test, y_test),
    "DBN features (100-100)": make_pipeline(
        DBNTransformer(
            hidden_layer_sizes=(100, 100), learning_rate=0.06, n_iter=EPOCHS, random_state=0
        ),
        LogisticRegression(**readout),
    )
    .fit(X_train, y_train)
    .score(X_test, y_test),
    "DBN fine-tuned": DBNClassifier(
        hidden_layer_sizes=(100, 100),
        rbm_n_iter=EPOCHS,
        max_iter=20 if QUICK else 200,
        random_state=0,
    )
    .fit(X_train, y_train)
    .score(X_test, y_test),
}
for name, score in scores.items():
    print(f"{name:>22}: test accuracy {score:.3f}")
# The DBN's second RBM sees only the first one's features and is trained without labels to model
# them, not to separate the digits, so nothing makes its features better for a linear readout;
# fine-tuning the stack with the labels is what makes the depth pay.
print(
    "the second RBM models the first one's features without the labels, so its features need not "
    "be better for a linear readout; fine-tuning the stack with the labels is what pays"
)

fig = plt.figure(figsize=(12.5, 5), layout="constrained")
filters = fig.subfigures(1, 2, width_ratios=[1.1, 1])
axes = filters[0].subplots(10, 10)
for ax, weights in zip(axes.ravel(), rbm.components_):
    ax.imshow(weights.reshape(8, 8), cmap="gray")
    ax.axis("off")
filters[0].suptitle("RBM filters: weights of the 100 hidden units")
bars = filters[1].subplots()
names = [name.replace(" (", "\n(") for name in scores][::-1]
bars.barh(names, list(scores.values())[::-1], color="tab:green")
bars.set_xlim(min(scores.values()) - 0.05, 1.0)
bars.set_xlabel("test accuracy (logistic regression on the features)")
bars.set_title("What the features are worth")
path = os.path.join(OUTPUT, "rbm_filters_dbn.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

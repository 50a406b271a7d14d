"""Cascade-correlation growing on the two spirals: the decision regions after each installed unit.

Fahlman & Lebiere (1990) solved Wieland's two-spirals problem in every trial with 12 to 19 hidden
units. Cascade-correlation starts with no hidden unit and installs them one at a time; with
``warm_start=True`` each ``fit`` call grows the same network further, so raising
``max_hidden_units`` by one per call shows the regions as the cascade deepens. Saves
`cascor_two_spirals.png`.

Run: python examples/cascor_two_spirals.py     (ZOO_EXAMPLES_QUICK=1 for the first 3 units)
"""

import os
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402

from zoo.cascor import CascadeCorrelationClassifier  # noqa: E402
from zoo.datasets import make_two_spirals  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")
MAX_UNITS = 3 if QUICK else 30

# each call stops at max_hidden_units on purpose: its ConvergenceWarning is expected here
warnings.filterwarnings("ignore", category=ConvergenceWarning)

X, y = make_two_spirals()
net = CascadeCorrelationClassifier(max_hidden_units=1, warm_start=True, random_state=0)
grid = np.linspace(-7, 7, 150)
g0, g1 = np.meshgrid(grid, grid)
snapshots = []  # (hidden units, training accuracy, regions)
while True:
    net.fit(X, y)
    accuracy = net.score(X, y)
    regions = net.predict(np.column_stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    snapshots.append((net.n_hidden_units_, accuracy, regions))
    unit_s = "unit" if net.n_hidden_units_ == 1 else "units"
    print(f"{net.n_hidden_units_:2d} hidden {unit_s}: training accuracy {accuracy:.3f}")
    if accuracy == 1.0 or net.n_hidden_units_ >= MAX_UNITS:
        break
    net.set_params(max_hidden_units=net.n_hidden_units_ + 1)

shown = (
    snapshots
    if len(snapshots) <= 8
    else [snapshots[i] for i in np.linspace(0, len(snapshots) - 1, 8).round().astype(int)]
)
fig, axes = plt.subplots(2, 4, figsize=(12, 6.5))
for ax in axes.ravel():
    ax.axis("off")
for ax, (units, accuracy, regions) in zip(axes.ravel(), shown):
    ax.contourf(g0, g1, regions, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.5)
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=8, edgecolors="k", linewidths=0.3)
    unit_s = "unit" if units == 1 else "units"
    ax.set_title(f"{units} hidden {unit_s}, {accuracy:.0%}", fontsize=9)
    ax.set_aspect("equal")
fig.suptitle("Cascade-correlation on the two spirals")
fig.tight_layout()
path = os.path.join(OUTPUT, "cascor_two_spirals.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

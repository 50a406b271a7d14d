"""A self-organising map of handwritten digits: its U-matrix, and the digit each unit stands for.

Kohonen's batch map on the 64 pixels of scikit-learn's digits, on a hexagonal grid. The U-matrix
(Ultsch & Siemon 1990) colours each unit by its mean distance to its neighbours: light valleys are
clusters, dark ridges the borders between them. The same map trained as a SOMClassifier labels
each unit with the digit it wins most often — the ridges fall between the digits. Saves
`som_umatrix_digits.png`.

Run: python examples/som_umatrix_digits.py     (ZOO_EXAMPLES_QUICK=1 for a small, short run)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

from zoo.som import SOM, SOMClassifier  # noqa: E402
from zoo.som.plot import plot_labelled_map, plot_umatrix  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")

X, y = load_digits(return_X_y=True)
X = X / 16.0
grid = dict(
    n_rows=8 if QUICK else 16,
    n_cols=8 if QUICK else 16,
    topology="hexagonal",
    max_iter=5 if QUICK else 30,
    random_state=0,
)
som = SOM(**grid).fit(X)
print(
    f"quantization error {som.quantization_error(X):.3f}, "
    f"topographic error {som.topographic_error(X):.3f}"
)
labelled = SOMClassifier(**grid).fit(X, y)  # the same map (same seed), units labelled by majority
print(f"training accuracy of the labelled map {labelled.score(X, y):.3f}")

fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
plot_umatrix(som, ax=left)
plot_labelled_map(labelled, ax=right)
right.set_title("digit of each unit")
fig.tight_layout()
fig.savefig(os.path.join(OUTPUT, "som_umatrix_digits.png"), dpi=100)

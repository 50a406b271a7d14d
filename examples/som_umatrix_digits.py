"""A self-organising map of handwritten digits: its U-matrix, the digit each unit stands for, and
ten clusters of a map trained with a fifth of the pixels missing.

Kohonen's batch map on the 64 pixels of scikit-learn's digits, on a hexagonal grid. The U-matrix
(Ultsch & Siemon 1990) colours each unit by its mean distance to its neighbours: light valleys are
clusters, dark ridges the borders between them. The same map trained as a SOMClassifier labels
each unit with the digit it wins most often — the ridges fall between the digits. A third map
learns from the digits with 20% of their pixels deleted (NaN), fills the holes from each sample's
best-matching unit, and is cut into 10 contiguous clusters (``n_clusters``). Saves
`som_umatrix_digits.png`.

Run: python examples/som_umatrix_digits.py     (ZOO_EXAMPLES_QUICK=1 for a small, short run)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from zoo.som import SOM, SOMClassifier  # noqa: E402
from zoo.som.plot import plot_clusters, plot_labelled_map, plot_umatrix  # noqa: E402

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


# missing values: a fifth of the pixels deleted at random, the map trained on what is left
holes = np.random.default_rng(0).random(X.shape) < 0.2
X_holes = np.where(holes, np.nan, X)
clustered = SOM(**grid, n_clusters=10).fit(X_holes)
filled = clustered.impute(X_holes)
column_means = np.nanmean(X_holes, axis=0)
rmse_som = np.sqrt(np.mean((filled[holes] - X[holes]) ** 2))
rmse_mean = np.sqrt(np.mean((np.broadcast_to(column_means, X.shape)[holes] - X[holes]) ** 2))
print(
    f"20% of the pixels missing: imputation RMSE {rmse_som:.3f} (column means {rmse_mean:.3f}); "
    f"10 clusters of the map vs the digits: ARI {adjusted_rand_score(y, clustered.labels_):.3f}"
)

fig, (left, middle, right) = plt.subplots(1, 3, figsize=(19, 5.5))
plot_umatrix(som, ax=left)
plot_labelled_map(labelled, ax=middle)
middle.set_title("digit of each unit")
plot_clusters(clustered, ax=right)
right.set_title("10 clusters (trained with 20% of pixels missing)")
fig.tight_layout()
path = os.path.join(OUTPUT, "som_umatrix_digits.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

"""A self-organising map of the handwritten digits: its U-matrix, with the digit each unit wins most.

Kohonen's batch map (zoo.som.SOM) on the 64 pixels of scikit-learn's digits. The U-matrix
(Ultsch & Siemon 1990) is each unit's mean distance to its neighbours: dark valleys are clusters,
bright ridges the borders between them. Labels are only used afterwards, to annotate each unit
with the digit it wins most often. Saves `som_umatrix_digits.png`.

Run: python examples/som_umatrix_digits.py     (ZOO_EXAMPLES_QUICK=1 for a small, short run)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

from zoo.som import SOM  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")

X, y = load_digits(return_X_y=True)
X = X / 16.0
side = 8 if QUICK else 16
som = SOM(n_rows=side, n_cols=side, max_iter=5 if QUICK else 30,
          random_state=0).fit(X)
print(f"quantization error {som.quantization_error(X):.3f}, "
      f"topographic error {som.topographic_error(X):.3f}")

winners = som.predict(X)  # best-matching unit of every digit
majority = np.full(som.n_units, -1)
for unit in np.unique(winners):
    majority[unit] = np.bincount(y[winners == unit]).argmax()

umatrix = som.umatrix()
fig, ax = plt.subplots(figsize=(7, 6))
image = ax.imshow(umatrix, cmap="bone")
for unit, digit in enumerate(majority):
    if digit >= 0:
        row, col = divmod(unit, side)
        ax.text(col, row, str(digit), ha="center", va="center", color="tab:red", fontsize=8)
fig.colorbar(image, ax=ax, label="mean distance to adjacent units")
ax.set_title(f"SOM {side}×{side} of digits: U-matrix and majority digit per unit")
ax.set_xticks([])
ax.set_yticks([])
fig.tight_layout()
fig.savefig(os.path.join(OUTPUT, "som_umatrix_digits.png"), dpi=100)

"""An Elman network learns the Reber grammar: after each symbol, predict the legal next symbols.

Cleeremans, Servan-Schreiber & McClelland (1989) trained a simple recurrent network on strings of
Reber's finite-state grammar; its context units came to encode the grammar's states, so that it
predicts exactly the set of legal successors. Sequences follow zoo's convention: X is
(n_sequences, n_timesteps, n_features) with NaN padding at the end, and y one multi-hot target per
step (the legal successors), so the classifier reads every step (``output="sequence"``).
Saves `elman_reber.png`: the predicted successor probabilities along one test string.

Run: python examples/elman_reber.py     (ZOO_EXAMPLES_QUICK=1 for a short run)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from zoo.datasets import make_reber  # noqa: E402
from zoo.elman import ElmanClassifier  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")
SYMBOLS = "BTSXPVE"

X, y = make_reber(100 if QUICK else 1000, random_state=0)
X_test, y_test, strings = make_reber(200, random_state=1, return_strings=True)
srn = ElmanClassifier(
    n_hidden=3 if QUICK else 8, max_iter=20 if QUICK else 300, random_state=0
).fit(X, y)

# a step is right when the predicted set of successors is exactly the legal set
predicted = srn.predict(X_test)
real = ~np.isnan(X_test[:, :, 0])
exact = np.all(predicted == y_test, axis=2)[real]
print(f"{exact.mean():.1%} of {real.sum()} test steps predict exactly the legal successors")

string = max(strings[:20], key=len)
k = strings.index(string)
steps = len(string) - 1
probabilities = srn.predict_proba(X_test[k : k + 1])[0, :steps]
fig, ax = plt.subplots(figsize=(0.5 * steps + 3, 4))
image = ax.imshow(probabilities.T, cmap="Greens", vmin=0, vmax=1, aspect="auto")
fig.colorbar(image, ax=ax, label="predicted probability")
legal = np.argwhere(y_test[k, :steps] == 1)
ax.scatter(
    legal[:, 0], legal[:, 1], marker="o", facecolors="none", edgecolors="k", label="legal successor"
)
ax.set_xticks(range(steps), list(string[:-1]))
ax.set_yticks(range(len(SYMBOLS)), list(SYMBOLS))
ax.set_xlabel("symbol read")
ax.set_ylabel("next symbol")
ax.set_title(f"Elman network on the Reber grammar ({exact.mean():.0%} of test steps exact)")
ax.legend(loc="upper right", fontsize=8)
fig.tight_layout()
path = os.path.join(OUTPUT, "elman_reber.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

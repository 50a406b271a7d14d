"""Fuzzy ARTMAP learning incrementally from a stream: circle-in-the-square, one batch at a time.

Adaptive resonance theory learns online without forgetting: each `partial_fit` call commits new
categories only where the stream shows something new (Carpenter et al. 1992). The stream here is
the circle-in-the-square benchmark, 100 points at a time; after each batch we measure accuracy on
a fixed test set and count the categories. Saves `art_stream.png`: the learning curve and the
decision regions at the end.

Run: python examples/art_stream.py     (ZOO_EXAMPLES_QUICK=1 for a short stream)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from zoo.art import FuzzyARTMAP  # noqa: E402
from zoo.datasets import make_circle_in_square  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")
N_BATCHES, BATCH = (5, 100) if QUICK else (100, 100)

X_test, y_test = make_circle_in_square(2000, random_state=1)
stream = np.random.RandomState(0)
artmap = FuzzyARTMAP(rho=0.0)  # inputs are already in [0, 1]; complement coding is built in
seen, accuracy, categories = [], [], []
for batch in range(N_BATCHES):
    X, y = make_circle_in_square(BATCH, random_state=stream)  # the next points of the stream
    artmap.partial_fit(X, y, classes=[0, 1])
    seen.append((batch + 1) * BATCH)
    accuracy.append(artmap.score(X_test, y_test))
    categories.append(artmap.n_categories_)
print(f"after {seen[-1]} points: test accuracy {accuracy[-1]:.3f}, {categories[-1]} categories")

fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
left.plot(seen, accuracy, "o-", label="test accuracy")
left.set_xscale("log")
left.set_xlabel("points seen")
left.set_ylabel("test accuracy")
twin = left.twinx()
twin.plot(seen, categories, "s--", color="tab:orange", label="categories")
twin.set_ylabel("categories committed")
handles = left.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
left.legend(handles, [h.get_label() for h in handles], loc="lower right")
left.set_title("Learning from a stream")
grid = np.linspace(0, 1, 200)
g0, g1 = np.meshgrid(grid, grid)
regions = artmap.predict(np.column_stack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
shaded = right.contourf(g0, g1, regions, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.6)
right.add_patch(plt.Circle((0.5, 0.5), 1 / np.sqrt(2 * np.pi), fill=False, lw=2))
right.set_aspect("equal")
outside, inside = shaded.legend_elements()[0]
right.legend(
    [inside, outside, Line2D([], [], color="k", lw=2)],
    ["predicted inside", "predicted outside", "true boundary"],
    loc="upper right",
    fontsize=8,
)
right.set_title("Decision regions after the stream (circle: truth)")
fig.tight_layout()
path = os.path.join(OUTPUT, "art_stream.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

"""A growing neural gas learns the shape of the data: two moons, three blobs and a ring.

Fritzke's growing neural gas (1995) starts from two units, inserts a unit every 100 signals where
the accumulated error is largest, and links the two nearest units of every signal (competitive
Hebbian learning) while edges that no signal refreshes grow old and die. The edges that survive
trace the data, so the graph's connected components are the clusters — found without being told
how many: 2 for the moons, 3 for the blobs, 1 for the ring. Saves `gas_two_moons.png`.

Run: python examples/gas_two_moons.py     (ZOO_EXAMPLES_QUICK=1 for smaller graphs)
"""

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import make_blobs, make_moons  # noqa: E402
from sklearn.metrics import adjusted_rand_score  # noqa: E402

from zoo.gas import GrowingNeuralGas  # noqa: E402
from zoo.gas.plot import plot_graph  # noqa: E402

QUICK = os.environ.get("ZOO_EXAMPLES_QUICK") == "1"
OUTPUT = os.environ.get("ZOO_EXAMPLES_OUTPUT", ".")
N_SAMPLES = 300 if QUICK else 1000

rng = np.random.default_rng(0)
angle = rng.uniform(0, 2 * np.pi, N_SAMPLES)
ring = np.column_stack([np.cos(angle), np.sin(angle)]) * rng.uniform(0.85, 1.15, (N_SAMPLES, 1))
datasets = {
    "two moons": make_moons(N_SAMPLES, noise=0.05, random_state=0),
    "three blobs": make_blobs(
        N_SAMPLES, centers=[(0, 0), (6, 0), (3, 5)], cluster_std=0.7, random_state=0
    ),
    "a ring": (ring, np.zeros(N_SAMPLES, dtype=int)),
}

fig, axes = plt.subplots(1, 3, figsize=(15, 5))
for ax, (name, (X, y)) in zip(axes, datasets.items()):
    gng = GrowingNeuralGas(max_nodes=30 if QUICK else 100, random_state=0).fit(X)
    agreement = adjusted_rand_score(y, gng.labels_)
    print(
        f"{name}: {gng.n_clusters_} connected components ({len(np.unique(y))} true), "
        f"{len(gng.cluster_centers_)} units, {len(gng.edges_)} edges, "
        f"adjusted Rand index {agreement:.3f}"
    )
    components = f"{gng.n_clusters_} component" + ("s" if gng.n_clusters_ != 1 else "")
    plot_graph(gng, X, ax=ax, title=f"{name}: {components}")
fig.suptitle("Growing neural gas (Fritzke 1995): the learned graph, units coloured by component")
fig.tight_layout()
path = os.path.join(OUTPUT, "gas_two_moons.png")
fig.savefig(path, dpi=100)
print(f"saved {path}")

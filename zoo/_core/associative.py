r"""Associative memories: learning rules of Hopfield networks and their deterministic recall.

Patterns are bipolar, :math:`\xi \in \{-1, 1\}^N`, rows of a ``(P, N)`` matrix :math:`X`. The
learning rules return a symmetric weight matrix :math:`W` whose fixed points
:math:`\xi = \operatorname{sgn}(W \xi)` should be the stored patterns:

* Hebb (Hopfield 1982): :math:`W = \frac1N X^\top X` with zero diagonal; capacity
  :math:`\approx 0.138 N` (Amit, Gutfreund & Sompolinsky 1985).
* Storkey (1997): incremental, local, capacity :math:`\approx N / \sqrt{2 \ln N}`.
* Pseudo-inverse, or projection rule (Personnaz, Guyon & Dreyfus 1985): :math:`W = X^+ X`, the
  projection onto the patterns' span (diagonal zeroed), so any :math:`P < N` linearly independent
  patterns are fixed points.

Recall runs the quadratic energy :math:`E(s) = -\tfrac12 s^\top W s - b^\top s`
(:func:`zoo._core.energy.quadratic_energy`) downhill with zero-temperature sweeps of the Boltzmann
machine's Gibbs sampler (:func:`zoo._core.sampling.gibbs_sweep`): the Hopfield network is the
Boltzmann machine at :math:`T = 0`. That sampler works on 0/1 states; with :math:`s = 2u - 1`,

.. math::

    E(s) = -\tfrac12 u^\top (4W) u - u^\top (2b - 2W\mathbf 1) + \text{const},

so a bipolar network :math:`(W, b)` runs as the 0/1 network :math:`(4W, 2b - 2W\mathbf 1)`, whose
energy gap :math:`2(W_{i:} s + b_i)` has the sign of the bipolar local field
(:func:`binary_network`).
"""

import numpy as np

from .sampling import gibbs_sweep


def hebb_weights(X, Y=None):
    r"""Hebb's correlation rule.

    Auto-association (``Y=None``): :math:`W = \frac1N \sum_k \xi_k \xi_k^\top`, zero diagonal
    (Hopfield 1982). Hetero-association: the correlation matrix :math:`W = \sum_k x_k y_k^\top`
    of Kosko's (1988) bidirectional associative memory, shape ``(N_x, N_y)``.
    """
    if Y is not None:
        return X.T @ Y
    W = X.T @ X
    W /= X.shape[1]
    np.fill_diagonal(W, 0)
    return W


def storkey_weights(X):
    r"""Storkey's (1997) rule, one pattern :math:`\xi` at a time:

    .. math::

        W_{ij} \leftarrow W_{ij} + \tfrac1N \big(\xi_i \xi_j - \xi_i h_{ji} - h_{ij} \xi_j\big),
        \qquad h_{ij} = \sum_{k \ne i, j} W_{ik} \xi_k .

    With zero diagonal :math:`h_{ij} = h_i - W_{ij} \xi_j` (:math:`h = W \xi`) and
    :math:`\xi_j^2 = 1`, so the update is the rank-2 matrix
    :math:`\tfrac1N (\xi \xi^\top - \xi h^\top - h \xi^\top + 2 W)`.
    """
    n_units = X.shape[1]
    W = np.zeros((n_units, n_units), dtype=X.dtype)
    for xi in X:
        h = W @ xi
        # W += (xi xi^T - xi h^T - h xi^T + 2 W) / N
        W *= 1 + 2 / n_units
        W += (np.outer(xi, xi) - np.outer(xi, h) - np.outer(h, xi)) / n_units
        np.fill_diagonal(W, 0)
    return W


def pseudoinverse_weights(X):
    r"""Projection rule (Personnaz, Guyon & Dreyfus 1985): :math:`W = X^+ X`, diagonal zeroed.

    :math:`X^+ X` projects onto the span of the patterns, so :math:`X^+ X \xi_k = \xi_k` for every
    stored pattern of a linearly independent set (hence :math:`P \le N`), correlated or not.
    Without the self-couplings the local field is :math:`h_i = (1 - W_{ii}) \xi_{k,i}`, of the
    same sign while :math:`W_{ii} < 1`, so the patterns stay fixed points, and the basins of
    attraction grow (Kanter & Sompolinsky 1987): near the capacity, far more patterns are
    recalled from noisy cues without the diagonal than with it.

    Patterns that span all :math:`N` units (rank :math:`N`, so :math:`P \ge N`) make the
    projection the identity: the weights are exactly zero, so every state is a fixed point, rather
    than the rounding residue of :math:`X^+ X - I` (1e-16), whose signs would scramble recall.
    Below full rank, the same residues of entries that are exactly zero are set to zero.
    """
    if np.linalg.matrix_rank(X) == X.shape[1]:
        return np.zeros((X.shape[1], X.shape[1]), dtype=X.dtype)
    W = np.linalg.pinv(X) @ X
    # The projection is symmetric, and entries that are zero in exact arithmetic (units that
    # repeat or mirror each other across the patterns) come out as residues of +-1e-15 whose
    # signs depend on the BLAS kernel behind the SVD: symmetrise, and zero every entry within
    # matrix_rank's tolerance max(P, N) eps, so that recall is decided alike on every machine.
    W += W.T
    W /= 2
    W[np.abs(W) <= max(X.shape) * np.finfo(W.dtype).eps] = 0
    np.fill_diagonal(W, 0)
    return W


def binary_network(W, b):
    """The 0/1 network (4W, 2b - 2 W 1) equivalent to the bipolar network (W, b) (module doc)."""
    return 4 * W, 2 * b - 2 * W.sum(axis=1)


def threshold_recall(U, W, b, groups, max_iter):
    r"""Zero-temperature sweeps on the 0/1 states ``U`` (in place) until every row is a fixed point.

    ``groups(t)`` gives the unit groups of sweep ``t`` (:func:`zoo._core.sampling.gibbs_sweep`): one
    unit per group in a random order is Hopfield's asynchronous update, one group of all units the
    synchronous (Little) update, the two layers in turn the bidirectional update of a BAM. Only rows
    that still change are swept. A synchronous network can end in a 2-cycle instead of a fixed point
    (Bruck 1990): a row whose state equals its state two sweeps earlier, but not the last one, stops
    there and is reported.

    Returns
    -------
    n_iter : ndarray of int, shape (n_samples,)
        Sweeps run on the row, the last one included (1: the cue was already a fixed point; a
        row still changing at the end has ``max_iter``).
    converged : ndarray of bool, shape (n_samples,)
        The row reached a fixed point.
    cycled : ndarray of bool, shape (n_samples,)
        The row ended in a 2-cycle.
    """
    n_samples = U.shape[0]
    n_iter = np.zeros(n_samples, dtype=int)
    converged = np.zeros(n_samples, dtype=bool)
    cycled = np.zeros(n_samples, dtype=bool)
    active = np.arange(n_samples)
    before_last = None  # the active rows' states two sweeps ago
    for t in range(max_iter):
        if active.size == 0:
            break
        state = U[active]
        last = state.copy()
        gibbs_sweep(state, W, b, groups(t), temperature=0)
        U[active] = state
        changed = (state != last).any(axis=1)
        n_iter[active] += 1
        cycle = np.zeros_like(changed)
        if before_last is not None:
            cycle = changed & (state == before_last).all(axis=1)
            cycled[active[cycle]] = True
        converged[active[~changed]] = True
        keep = changed & ~cycle
        active, before_last = active[keep], last[keep]
    return n_iter, converged, cycled

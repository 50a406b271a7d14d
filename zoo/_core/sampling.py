r"""Stochastic binary units: Bernoulli sampling, Gibbs steps of RBMs and general Boltzmann machines,
and annealed importance sampling (AIS) of an RBM's partition function.

A binary stochastic unit with net input :math:`z` turns on with probability
:math:`p(s = 1) = \sigma(z / T)` (logistic :math:`\sigma`, temperature :math:`T`, Ackley, Hinton &
Sejnowski 1985). In a restricted Boltzmann machine the units of one layer are conditionally
independent given the other, so a Gibbs step is two matrix products (block Gibbs sampling):

.. math::

    p(h_j = 1 \mid v) = \sigma(c_j + v^\top W_{:j}), \qquad
    p(v_i = 1 \mid h) = \sigma(b_i + W_{i:} h).

Every function takes the random generator explicitly and, where a training loop calls it per
minibatch, ``out=`` buffers so that sampling allocates nothing.
"""

import numpy as np

from .activations import logistic
from .energy import softplus


def generator_from(random_state):
    """A fast numpy ``Generator`` seeded from a ``RandomState`` (same state -> same stream).

    Generators draw uniforms about twice as fast as the legacy ``RandomState`` and can write them
    into a preallocated float32 or float64 buffer.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state
    return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))


def uniform_like(p, rng, out=None):
    """u ~ U(0, 1) with the shape and dtype of ``p`` (written into ``out`` when given)."""
    if out is None:
        out = np.empty_like(p)
    if isinstance(rng, np.random.Generator):
        if out.flags.c_contiguous:
            rng.random(dtype=out.dtype, out=out)
        else:
            out[...] = rng.random(out.shape, dtype=out.dtype)
    else:
        out[...] = rng.random_sample(out.shape)
    return out


def sample_bernoulli(p, rng, out=None, uniform=None):
    """s = 1 with probability p else 0: s = [u < p], u ~ U(0, 1); ``out`` may be ``p`` itself."""
    uniform = uniform_like(p, rng, uniform)
    if out is None:
        out = np.empty_like(p)
    return np.less(uniform, p, out=out, casting="unsafe")


def rbm_hidden_probabilities(V, W, c, out=None):
    """p(h_j = 1 | v) = sigma(c_j + v W_:j), one row per row of ``V``."""
    if out is None:
        z = np.asarray(V @ W)
    else:
        z = out[: V.shape[0]]
        if hasattr(V, "tocsr"):
            z[...] = V @ W
        else:
            np.matmul(V, W, out=z)
    z += c
    return logistic(z, out=z)


def rbm_visible_probabilities(H, W, b, out=None):
    """p(v_i = 1 | h) = sigma(b_i + W_i: h), one row per row of ``H``."""
    z = np.matmul(H, W.T, out=None if out is None else out[: H.shape[0]])
    z += b
    return logistic(z, out=z)


def rbm_gibbs(V, W, b, c, rng, n_steps=1):
    """``n_steps`` block-Gibbs steps v -> h -> v' of a binary RBM; returns the visible samples."""
    for _ in range(n_steps):
        H = sample_bernoulli(rbm_hidden_probabilities(V, W, c), rng)
        V = sample_bernoulli(rbm_visible_probabilities(H, W, b), rng)
    return V


def rbm_ais_log_partition(W, b, c, rng, n_chains=100, n_betas=1000, base_visible_bias=None):
    r"""Log Z of a binary RBM by annealed importance sampling (Salakhutdinov & Murray 2008).

    The base model A has no weights and no hidden biases, visible biases :math:`b_A`, so
    :math:`\log Z_A = \sum_i \operatorname{softplus}(b_{A,i}) + n_h \log 2`. The intermediate
    distributions, for :math:`0 = \beta_0 < \dots < \beta_K = 1`, with the hidden units summed out,
    are

    .. math::

        \log p^*_k(v) = (1 - \beta_k)\, v^\top b_A + \beta_k\, v^\top b
        + \sum_j \operatorname{softplus}(\beta_k (c_j + v^\top W_{:j})).

    Each of ``n_chains`` runs starts from :math:`v \sim p_A`, accumulates the importance weight
    :math:`\log w \mathrel{+}= \log p^*_k(v) - \log p^*_{k-1}(v)` and moves by one Gibbs step that
    leaves :math:`p_k` invariant; then :math:`\log Z \approx \log Z_A + \log \overline{w}`.

    Parameters
    ----------
    W : ndarray of shape (n_visible, n_hidden)
    b : ndarray of shape (n_visible,)
    c : ndarray of shape (n_hidden,)
    rng : numpy Generator or RandomState
    n_chains : int, default=100
        Independent AIS runs; the estimate averages their weights.
    n_betas : int, default=1000
        Number of intermediate inverse temperatures, spaced evenly in [0, 1].
    base_visible_bias : ndarray of shape (n_visible,) or None
        :math:`b_A`; the log-odds of the data's mean (the "base-rate" model) is a good choice.
        None means zeros (the uniform distribution).

    Returns
    -------
    log_z : float
    """
    W = np.asarray(W, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    n_visible, n_hidden = W.shape
    b_A = np.zeros(n_visible) if base_visible_bias is None else np.asarray(base_visible_bias, float)
    betas = np.linspace(0.0, 1.0, n_betas + 1)

    def log_p_star(V, beta):
        hidden_input = V @ W
        hidden_input += c
        hidden_input *= beta
        return (1 - beta) * (V @ b_A) + beta * (V @ b) + softplus(hidden_input).sum(axis=1)

    V = sample_bernoulli(np.broadcast_to(logistic(b_A), (n_chains, n_visible)).copy(), rng)
    log_w = np.zeros(n_chains)
    for previous, beta in zip(betas[:-1], betas[1:]):
        log_w += log_p_star(V, beta) - log_p_star(V, previous)
        # one Gibbs step of p_k: h ~ sigma(beta (c + vW)), v ~ sigma((1 - beta) b_A + beta (b + W
        # h))
        H = sample_bernoulli(logistic(beta * (V @ W + c)), rng)
        V = sample_bernoulli(logistic((1 - beta) * b_A + beta * (H @ W.T + b)), rng)
    log_z_base = softplus(b_A).sum() + n_hidden * np.log(2.0)
    # log mean w, stably
    top = log_w.max()
    return float(log_z_base + top + np.log(np.mean(np.exp(log_w - top))))


def greedy_colouring(mask, units):
    """Split ``units`` into groups with no connection inside a group (greedy graph colouring).

    Units of one group are conditionally independent given all the others, so a Gibbs sweep may
    update a whole group at once from one matrix product and still be an exact Gibbs sampler.
    """
    groups = []
    for unit in units:
        for group in groups:
            if not mask[unit, group].any():
                group.append(unit)
                break
        else:
            groups.append([unit])
    return [np.array(group) for group in groups]


#: Bytes of the state matrix one row block of a sweep holds: a block of states stays in the
#: cache while every group of units is updated from it (the rows, chains or cues, are independent),
#: instead of the whole matrix being streamed from memory once per group.
SWEEP_BLOCK_BYTES = 2**19


def rounding_bound(W, b):
    r"""Bound on the rounding error of each gap :math:`b_i + \sum_j W_{ji} s_j`, s in [0, 1]^n.

    A floating-point dot product of :math:`n` terms errs by at most
    :math:`\gamma_n \sum_j |W_{ji} s_j| \le n \varepsilon \sum_j |W_{ji}|` (Higham 2002, eq. 3.5),
    in whatever order the BLAS kernel sums; the bias adds one rounding more, and a bias computed
    from ``W`` (the 0/1 form of a bipolar network) carries as much error again, hence the factor 2.
    A gap within this bound of zero is a tie whose computed sign depends on the kernel (a Hebb
    network's fields are sums of :math:`\pm 1/N` that often cancel exactly), so zero-temperature
    updates treat it as zero and decide it the same way on every machine.
    """
    n = W.shape[0] + 1
    return (2 * n * np.finfo(W.dtype).eps) * (np.abs(W).sum(axis=0) + np.abs(b))


def gibbs_sweep(S, W, b, groups, temperature, rng=None):
    r"""One sweep of a network of binary units over the units in ``groups``, in place on ``S``.

    Each unit takes its energy gap :math:`\Delta E_i = b_i + \sum_j W_{ij} s_j` and turns on with
    probability :math:`\sigma(\Delta E_i / T)` (Ackley, Hinton & Sejnowski 1985). With ``rng=None``
    the unit takes that probability instead of a sample: the mean-field (deterministic Boltzmann)
    update :math:`m_i \leftarrow \sigma(\Delta E_i / T)` of Peterson & Anderson (1987). At
    ``temperature=0`` the logistic becomes a step: :math:`s_i \leftarrow [\Delta E_i > 0]`, a unit
    with :math:`\Delta E_i = 0` (to within rounding, :func:`rounding_bound`) keeps its state
    (Hopfield's 1982 deterministic network, whose energy no update raises). A group is an index
    array or a slice; units of one group are updated together from the same states (one group of
    every unit: a synchronous update).

    The rows of ``S`` are independent networks; they are swept in blocks of about
    ``SWEEP_BLOCK_BYTES``, every group over one block before the next block, so that the cost is
    linear in the number of rows. The random draws follow that order (block by block, group by
    group within a block): one block, and so the same stream as a whole-matrix sweep, when ``S``
    is smaller than a block.
    """
    groups = list(groups)
    # W[:, group] and b[group] once per sweep, not once per block (index arrays copy)
    weights = [W[:, group] for group in groups]
    biases = [b[group] for group in groups]
    ties = [None] * len(groups)
    if temperature == 0:
        bound = rounding_bound(W, b)
        ties = [bound[group] for group in groups]
    block = max(1, SWEEP_BLOCK_BYTES // max(1, S.shape[1] * S.itemsize))
    for start in range(0, S.shape[0], block):
        rows = S[start : start + block]  # a view: updated in place
        for group, W_group, b_group, tie in zip(groups, weights, biases, ties):
            # dE_i = b_i + sum_j W_ij s_j, for the units i of the group
            gap = rows @ W_group
            gap += b_group
            if temperature == 0:
                # s_i <- 1 if dE_i > 0, 0 if dE_i < 0, unchanged on a tie (|dE_i| within rounding)
                decided = np.abs(gap) > tie
                rows[:, group] = np.where(decided, gap > 0, rows[:, group])
                continue
            if temperature != 1:
                gap /= temperature
            probability = logistic(gap, out=gap)
            rows[:, group] = probability if rng is None else sample_bernoulli(probability, rng)
    return S

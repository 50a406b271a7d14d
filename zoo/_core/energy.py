r"""Energies, free energies and partition functions of Boltzmann machines.

Restricted Boltzmann machine with binary visible units :math:`v`, binary hidden units :math:`h`,
weights :math:`W` of shape ``(n_visible, n_hidden)``, visible biases :math:`b` and hidden biases
:math:`c` (Smolensky 1986; Hinton 2002):

.. math::

    E(v, h) = -v^\top b - h^\top c - v^\top W h, \qquad p(v, h) = e^{-E(v, h)} / Z

Summing the hidden units out gives the free energy (:math:`\operatorname{softplus}(x) =
\log(1+e^x)`)

.. math::

    F(v) = -\log \sum_h e^{-E(v,h)}
         = -v^\top b - \sum_j \operatorname{softplus}(c_j + v^\top W_{:j}),
    \qquad \log p(v) = -F(v) - \log Z .

Gaussian–Bernoulli RBM (Cho, Ilin & Raiko 2011), real visible units with variances
:math:`\sigma_i^2`:

.. math::

    E(v, h) = \sum_i \frac{(v_i - b_i)^2}{2\sigma_i^2} - h^\top c - \sum_{ij} \frac{v_i}{\sigma_i^2}
    W_{ij} h_j, \qquad
    F(v) = \sum_i \frac{(v_i - b_i)^2}{2\sigma_i^2} - \sum_j \operatorname{softplus}
    \Big(c_j + \sum_i \frac{v_i}{\sigma_i^2} W_{ij}\Big).

The quadratic energy of a symmetric network over states :math:`s` with a symmetric weight matrix
:math:`W` and biases :math:`b`,

.. math:: E(s) = -\tfrac12 s^\top W s - b^\top s,

is the Lyapunov function of Hopfield's (1982) deterministic network (:math:`s \in \{-1, 1\}^N`,
each asynchronous update :math:`s_i \leftarrow \operatorname{sgn}(W_{i:} s + b_i)` never raises
it) and the energy of the general Boltzmann machine (Ackley, Hinton & Sejnowski 1985), the same
network with stochastic binary units and :math:`P(s) \propto e^{-E(s)}`. The ``quadratic_*``
functions below serve both. Kosko's (1988) bidirectional associative memory has the bipartite energy
of the RBM, :math:`E(x, y) = -x^\top W y` (:func:`bipartite_energy`), and the modern Hopfield
network of Ramsauer et al. (2020) a log-sum-exp energy (:func:`modern_hopfield_energy`).
"""

import itertools

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp

#: Largest layer (in units) whose states :func:`rbm_log_partition_exact` enumerates (2**20 states).
MAX_ENUMERATED_UNITS = 20


def softplus(x, out=None):
    """softplus(x) = log(1 + exp(x)), computed without overflow."""
    return np.logaddexp(0, x, out=out)


def rbm_free_energy(V, W, b, c):
    """F(v) = -v.b - sum_j softplus(c_j + (v W)_j), one value per row of ``V``."""
    hidden_input = np.asarray(V @ W)
    hidden_input += c
    return -np.asarray(V @ b).ravel() - softplus(hidden_input, out=hidden_input).sum(axis=1)


def gaussian_rbm_free_energy(V, W, b, c, variance):
    """F(v) = sum_i (v_i - b_i)^2 / (2 s_i^2) - sum_j softplus(c_j + sum_i v_i W_ij / s_i^2)."""
    hidden_input = (V / variance) @ W
    hidden_input += c
    quadratic = (((V - b) ** 2) / (2 * variance)).sum(axis=1)
    return quadratic - softplus(hidden_input, out=hidden_input).sum(axis=1)


def pseudo_log_likelihood(V, W, b, c, flipped):
    """Stochastic pseudo-log-likelihood (Besag 1975) of binary rows ``V``, as scikit-learn has it.

    With ``flipped[n]`` the index of one randomly chosen unit of row ``n`` and :math:`\\tilde v` the
    row
    with that unit flipped, :math:`\\log PL(v) \\approx D \\log \\sigma(F(\\tilde v) - F(v))`.
    """
    rows = np.arange(V.shape[0])
    if sp.issparse(V):
        # add +1 where the unit is off and -1 where it is on
        change = 1 - 2 * np.asarray(V[rows, flipped]).ravel()
        V_flipped = V + sp.csr_matrix((change, (rows, flipped)), shape=V.shape)
    else:
        V_flipped = np.array(V, copy=True)
        V_flipped[rows, flipped] = 1 - V_flipped[rows, flipped]
    gap = rbm_free_energy(V_flipped, W, b, c) - rbm_free_energy(V, W, b, c)
    # log sigma(x) = -softplus(-x)
    return -V.shape[1] * softplus(-gap)


def binary_states(n_units, dtype=np.float64):
    """All ``2**n_units`` binary vectors, one per row."""
    states = list(itertools.product((0, 1), repeat=n_units))
    return np.array(states, dtype=dtype).reshape(2**n_units, n_units)


def rbm_log_partition_exact(W, b, c):
    r"""log Z of a binary RBM by enumerating the states of its smaller layer.

    Enumerating the hidden layer, :math:`\log Z = \operatorname{logsumexp}_h [h^\top c +
    \sum_i \operatorname{softplus}(b_i + W_{i:} h)]` (the visible layer is summed out
    analytically); by symmetry the same with the roles swapped.
    """
    n_visible, n_hidden = W.shape
    if min(n_visible, n_hidden) > MAX_ENUMERATED_UNITS:
        raise ValueError(
            f"Exact log Z enumerates 2**min(n_visible, n_hidden) states; "
            f"{min(W.shape)} units is more "
            f"than {MAX_ENUMERATED_UNITS}. Use annealed importance sampling instead."
        )
    W = W.astype(np.float64)
    if n_hidden <= n_visible:
        # -F(h) summed over hidden configurations: the free energy of the transposed RBM
        return float(logsumexp(-rbm_free_energy(binary_states(n_hidden), W.T, c, b)))
    return float(logsumexp(-rbm_free_energy(binary_states(n_visible), W, b, c)))


def quadratic_energy(S, W, b):
    """E(s) = -1/2 s^T W s - b.s, one value per row of ``S`` (W symmetric).

    The energy of a Hopfield network (states +-1) and of a Boltzmann machine (states 0/1, zero
    diagonal).
    """
    return -0.5 * np.einsum("ni,ni->n", S @ W, S) - S @ b


def bipartite_energy(V, H, W, b, c):
    """E(v, h) = -v.b - h.c - v^T W h, one value per row pair of ``V`` and ``H``.

    The energy of an RBM's joint state and, with zero biases, of Kosko's bidirectional associative
    memory.
    """
    return -np.einsum("ni,ni->n", V @ W, H) - V @ b - H @ c


def modern_hopfield_energy(Xi, patterns, beta):
    r"""Energy of the modern (continuous) Hopfield network of Ramsauer et al. (2020), per row of
    ``Xi``:

    .. math::

        E(\xi) = -\beta^{-1} \log \sum_k e^{\beta x_k^\top \xi} + \tfrac12 \xi^\top \xi
        + \beta^{-1} \log P + \tfrac12 M^2,

    with :math:`x_k` the :math:`P` stored patterns (rows of ``patterns``) and :math:`M` the largest
    pattern norm; the update :math:`\xi \leftarrow X^\top \operatorname{softmax}(\beta X \xi)`
    never raises it (Ramsauer et al. 2020, theorem 1).
    """
    n_patterns = patterns.shape[0]
    largest_norm = np.sqrt(np.max(np.einsum("ki,ki->k", patterns, patterns)))
    lse = logsumexp(beta * (Xi @ patterns.T), axis=1) / beta
    return (
        -lse
        + 0.5 * np.einsum("ni,ni->n", Xi, Xi)
        + np.log(n_patterns) / beta
        + 0.5 * largest_norm**2
    )


def quadratic_log_partition_exact(W, b):
    """log Z = logsumexp_s -E(s) over all 2**n binary states of a Boltzmann machine: the plain
    enumeration of :func:`quadratic_exact_moments` (every unit in the cut, no components)."""
    _, log_p, _ = _cut_and_conditionals(W, b, np.arange(W.shape[0]), [])
    return float(logsumexp(log_p))


def quadratic_visible_free_energy(V, W, b, n_visible):
    """F(v) = -log sum_h exp(-E(v, h)) by enumerating the hidden states (units after n_visible)."""
    n_hidden = W.shape[0] - n_visible
    if n_hidden > MAX_ENUMERATED_UNITS:
        raise ValueError(
            f"{n_hidden} hidden units is too many to enumerate (max {MAX_ENUMERATED_UNITS})."
        )
    H = binary_states(n_hidden, dtype=np.float64)
    W_vh, W_hh = W[:n_visible, n_visible:], W[n_visible:, n_visible:]
    # -E(v, h) = -E_v(v) + h.(b_h + v W_vh) + 1/2 h W_hh h
    visible_part = -quadratic_energy(V, W[:n_visible, :n_visible], b[:n_visible])
    hidden_part = (V @ W_vh + b[n_visible:]) @ H.T + 0.5 * np.einsum("hi,ij,hj->h", H, W_hh, H)
    return -(visible_part + logsumexp(hidden_part, axis=1))


def conditional_components(mask, cut):
    """Connected components of the units outside ``cut`` once the ``cut`` units are removed.

    Given the states of the cut units, the units of different components share no connection, so
    they are independent: :func:`quadratic_exact_moments` enumerates each component on its own.
    """
    n_units = mask.shape[0]
    rest = np.setdiff1d(np.arange(n_units), cut)
    n_components, labels = sp.csgraph.connected_components(
        sp.csr_matrix(mask[np.ix_(rest, rest)]), directed=False
    )
    return [rest[labels == k] for k in range(n_components)]


def quadratic_exact_moments(W, b, cut, components):
    r"""Exact :math:`\log Z`, :math:`\langle s s^\top \rangle` and :math:`\langle s \rangle` of a
    Boltzmann machine :math:`P(s) \propto e^{-E(s)}`, enumerating a cut set and each component given
    it.

    With the cut units :math:`c` fixed, the other units split into components :math:`x_k` that share
    no connection (:func:`conditional_components`), so
    :math:`P(x \mid c) = \prod_k P(x_k \mid c)` and

    .. math::

        Z = \sum_c e^{b_c^\top c + \frac12 c^\top W_{cc} c} \prod_k Z_k(c), \qquad
        Z_k(c) = \sum_{x_k} e^{x_k^\top (b_k + W_{kc} c) + \frac12 x_k^\top W_{kk} x_k} .

    That is :math:`2^{|c|} \sum_k 2^{|x_k|}` terms instead of :math:`2^n` (the N-H-N encoder: V1 and
    V2 are independent given the hidden units). The moments follow from :math:`P(c)` and the
    conditional means :math:`m(c) = (c, E[x_1 \mid c], \dots)`: :math:`\langle s s^\top \rangle =
    \sum_c P(c)\, m(c) m(c)^\top`, except inside a component, where :math:`\langle x_k x_k^\top
    \rangle = \sum_{x_k} P(x_k)\, x_k x_k^\top`. ``cut`` = every unit, ``components=[]`` is plain
    enumeration.

    Returns
    -------
    log_z : float
    pairs : ndarray of shape (n_units, n_units)
    means : ndarray of shape (n_units,)
    """
    C, log_p, conditional = _cut_and_conditionals(W, b, cut, components)
    log_z = float(logsumexp(log_p))
    p_cut = np.exp(log_p - log_z)
    M = np.empty((len(C), W.shape[0]))  # m(c): the conditional mean of every unit
    M[:, np.asarray(cut, dtype=int)] = C
    for units, X, q in conditional:
        M[:, units] = q @ X
    pairs = (M.T * p_cut) @ M
    for units, X, q in conditional:
        p_x = p_cut @ q  # P(x_k)
        pairs[np.ix_(units, units)] = (X.T * p_x) @ X
    return log_z, pairs, p_cut @ M


def _cut_and_conditionals(W, b, cut, components):
    """Cut states C, their unnormalised log P(c) (components summed out), and per component
    (units, states X_k, P(x_k | c) with one row per c)."""
    cut = np.asarray(cut, dtype=int)
    n_terms = max(2 ** len(cut) * sum(2 ** len(k) for k in components), 2 ** len(cut))
    if n_terms > 2**MAX_ENUMERATED_UNITS:
        raise ValueError(
            f"Exact statistics enumerate {n_terms} states, more than 2**{MAX_ENUMERATED_UNITS}."
        )
    C = binary_states(len(cut))
    # log weight of each cut state without the components, then + log Z_k(c) per component
    log_p = -quadratic_energy(C, W[np.ix_(cut, cut)], b[cut])
    conditional = []
    for units in components:
        X = binary_states(len(units))
        # -E(x_k | c) = x_k.(b_k + W_kc c) + 1/2 x_k W_kk x_k, one row per c, one column per x_k
        log_q = (C @ W[np.ix_(cut, units)] + b[units]) @ X.T
        log_q -= quadratic_energy(X, W[np.ix_(units, units)], np.zeros(len(units)))
        log_z_k = logsumexp(log_q, axis=1, keepdims=True)
        log_p += log_z_k[:, 0]
        conditional.append((units, X, np.exp(log_q - log_z_k)))  # P(x_k | c)
    return C, log_p, conditional


def _inverse_cdf(probabilities, uniform):
    """Index drawn from each row of ``probabilities`` by its uniform number: #{cdf < u}."""
    cdf = np.cumsum(probabilities, axis=-1)
    return np.minimum(
        (cdf < uniform[..., np.newaxis] * cdf[..., -1:]).sum(axis=-1), probabilities.shape[-1] - 1
    )


def quadratic_exact_sample(W, b, cut, components, n_samples, rng):
    r"""Independent samples from :math:`P(s) \propto e^{-E(s)}`, drawn exactly: :math:`c \sim P(c)`,
    then each component :math:`x_k \sim P(x_k \mid c)` (see :func:`quadratic_exact_moments`).

    An equilibrium sample without annealing or Markov chains, so no burn-in bias however large
    the weights; ``rng`` is a numpy Generator.
    """
    C, log_p, conditional = _cut_and_conditionals(W, b, cut, components)
    p_cut = np.exp(log_p - logsumexp(log_p))
    drawn = _inverse_cdf(p_cut, rng.random(n_samples))
    S = np.empty((n_samples, W.shape[0]))
    S[:, np.asarray(cut, dtype=int)] = C[drawn]
    for units, X, q in conditional:
        S[:, units] = X[_inverse_cdf(q[drawn], rng.random(n_samples))]
    return S

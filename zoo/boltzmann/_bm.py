r"""The general Boltzmann machine of Ackley, Hinton & Sejnowski (1985).

Longer than 700 lines because it holds one estimator, :class:`BoltzmannMachine`, whose
docstring alone is about 200 lines (parameters, the Notes on the encoder problems, two examples),
and the one helper that builds its connectivity (:func:`encoder_connectivity`); splitting one
class across files would scatter what is read together.

Binary stochastic units :math:`s_i \in \{0, 1\}`, split into visible units (the data) and hidden
units, with symmetric weights :math:`w_{ij} = w_{ji}`, :math:`w_{ii} = 0`, on the pairs a
connectivity mask allows (visible–visible, hidden–hidden and visible–hidden), and biases
:math:`b_i`. The energy and the equilibrium (Boltzmann) distribution at temperature :math:`T` are

.. math::

    E(s) = -\sum_{i<j} w_{ij} s_i s_j - \sum_i b_i s_i, \qquad P(s) \propto e^{-E(s)/T}.

A unit turns on with probability :math:`\sigma(\Delta E_i / T)`, :math:`\Delta E_i = b_i +
\sum_j w_{ij} s_j`; simulated annealing lowers :math:`T` to 1 to reach equilibrium quickly. The
Boltzmann learning rule follows the gradient of the log-likelihood of the data:

.. math::

    \Delta w_{ij} = \eta\,(p^+_{ij} - p^-_{ij}), \qquad \Delta b_i = \eta\,(p^+_i - p^-_i)

where :math:`p^+_{ij}` is the probability that units :math:`i` and :math:`j` are both on with the
visible units clamped to the data (positive phase) and :math:`p^-_{ij}` with the network running
freely (negative phase), both estimated at :math:`T = 1` after annealing — by Gibbs sampling, or by
the mean-field (deterministic Boltzmann machine) approximation of Peterson & Anderson (1987).
"""

from numbers import Integral, Real

import numpy as np
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.callback import CallbackSupportMixin
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._core.callbacks import close_callbacks, epoch_callbacks, open_callbacks
from .._core.energy import (
    MAX_ENUMERATED_UNITS,
    binary_states,
    conditional_components,
    quadratic_energy,
    quadratic_exact_moments,
    quadratic_visible_free_energy,
)
from .._core.feature_names import PrefixedFeaturesOutMixin
from .._core.initializers import normal
from .._core.optimizers import momentum_step
from .._core.penalties import add_l2_gradient
from .._core.sampling import generator_from, gibbs_sweep, greedy_colouring, uniform_like
from .._core.training import (
    Criterion,
    History,
    Monitor,
    best_of_restarts,
    fit_epochs,
    step_parameter,
)
from .._core.validation import (
    check_finite_parameters,
    check_input_scale,
    check_sample_weight,
    warn_outside_unit_interval,
)
from ._base import BINARY_VISIBLE_UNITS


def encoder_connectivity(n_group, n_hidden):
    """Connectivity of Ackley et al.'s N-H-N encoder: every pair except between the visible groups.

    Units are ordered ``[V1 (n_group), V2 (n_group), hidden (n_hidden)]``; V1 and V2 are each fully
    connected internally and to the hidden units, the hidden units to each other, and V1 and V2
    are not connected, so whatever passes from V1 to V2 must be coded in the hidden units.

    Parameters
    ----------
    n_group : int
    n_hidden : int

    Returns
    -------
    mask : ndarray of bool, shape (2 * n_group + n_hidden, 2 * n_group + n_hidden)

    Examples
    --------
    >>> from zoo.boltzmann import encoder_connectivity
    >>> mask = encoder_connectivity(4, 2)
    >>> mask.shape, bool(mask[0, 4]), bool(mask[0, 8])
    ((10, 10), False, True)
    """
    n_units = 2 * n_group + n_hidden
    mask = ~np.eye(n_units, dtype=bool)
    mask[:n_group, n_group : 2 * n_group] = False
    mask[n_group : 2 * n_group, :n_group] = False
    return mask


class BoltzmannMachine(
    CallbackSupportMixin, PrefixedFeaturesOutMixin, TransformerMixin, BaseEstimator
):
    r"""General Boltzmann machine trained by the Boltzmann learning rule (Ackley et al. 1985).

    What it is for: learning the joint distribution of binary patterns (values in [0, 1]) with
    hidden units, any connectivity between the units, then filling in the units a pattern is
    missing (:meth:`complete`), reading the hidden units' probabilities as features
    (:meth:`transform`) and drawing new patterns (:meth:`sample`). A minimal use (the first
    example below): two patterns, one hidden unit, and a cue's missing half is completed::

        bm = BoltzmannMachine(n_hidden=1, method="exact", n_iter=100, exact_inference=True)
        bm.fit(X).complete(cues, known=[0, 2])

    For restricted machines on wide data, :class:`BernoulliRBM` (contrastive divergence, no
    annealing) is the usual choice; the Notes give the recipes that solve Ackley et al.'s encoder
    problems.

    See the module docstring for the model. Each minibatch update estimates the positive-phase
    statistics with the visible units clamped to each pattern of the batch (``n_chains`` chains per
    pattern) and the negative-phase statistics from ``n_chains`` free-running chains per pattern;
    each phase anneals through ``temperatures`` (``sweeps_per_temperature`` sweeps each) and then
    averages the states over ``n_sample_sweeps`` sweeps at :math:`T = 1`. The update is

    .. math::

        \Delta w_{ij} \leftarrow \mu\,\Delta w_{ij} + \eta\,(p^+_{ij} - p^-_{ij} - \lambda w_{ij})

    on the connected pairs (``connectivity``), and likewise for the biases (no decay). Units that
    share no connection are updated together (a greedy colouring of the connectivity graph), which
    is still exact Gibbs sampling.

    Parameters
    ----------
    n_hidden : int, default=2
        Hidden units (placed after the visible units).
    connectivity : str or array-like of bool, default="full"
        Which pairs of units are connected: "full" every pair; "restricted" only visible–hidden
        pairs (an RBM); "visible_lateral" those plus visible–visible pairs (the semi-restricted
        machine of Osindero & Hinton 2008); "hidden_lateral" visible–hidden plus hidden–hidden
        pairs (the visible units are then independent given the hidden ones, so a Gibbs sweep
        updates them all at once: the fast choice for wide data); or a symmetric
        ``(n_units, n_units)`` mask over ``[visible, hidden]`` (e.g. :func:`encoder_connectivity`).
        The diagonal is ignored.
    method : {"gibbs", "mean_field", "exact"}, default="gibbs"
        Estimate the phase statistics by annealed Gibbs sampling, by the mean-field
        approximation :math:`m_i = \sigma(\Delta E_i / T)` (Peterson & Anderson 1987), or
        compute them exactly by enumerating the :math:`2^{n}` states (small machines only, at most
        20 units; the exact likelihood gradient). Inference (``transform``, ``complete``,
        ``sample``) uses annealed Gibbs sampling for "exact".
    learning_rate : float, default=1.0
        :math:`\eta`.
    batch_size : int or None, default=None
        Patterns per update; None uses every pattern (Ackley et al.'s learning cycle).
    n_iter : int, default=300
        Epochs (a fixed budget unless ``tol`` is set).
    momentum : float, default=0.5
        :math:`\mu`.
    weight_decay : float, default=1e-3
        :math:`\lambda`; keeps weights finite when a phase statistic saturates.
    temperatures : array-like of float, default=(8.0, 4.0, 2.0, 1.5, 1.0)
        The annealing schedule of each phase; statistics are collected at the last temperature.
    sweeps_per_temperature : int, default=2
        Gibbs sweeps (every unit updated once) at each temperature of ``temperatures`` before
        the statistics are collected; more sweeps bring the chains closer to equilibrium.
    n_sample_sweeps : int, default=10
        Sweeps at the final temperature over which the statistics are averaged.
    n_chains : int, default=10
        Chains per pattern in each phase.
    update : {"gradient", "sign"}, default="gradient"
        "sign": every weight and bias moves by ``learning_rate`` in the direction of
        :math:`p^+ - p^-` (Ackley et al.'s fixed-size weight steps).
    clamp_noise : (float, float) or None, default=None
        Noisy clamping of the positive phase: a clamped unit that is on is turned off with the
        first probability, one that is off turned on with the second (Ackley et al. used
        (0.15, 0.05)); it keeps the weights from growing without bound.
    n_init : int, default=1
        Train from ``n_init`` random initialisations and keep the machine with the highest exact
        log-likelihood of the training data (at most 20 units; otherwise the smallest final
        statistics mismatch). Learning with hidden units has local optima — on the 4-2-4 encoder,
        two patterns sharing one hidden code — and restarts are the classical remedy.
    keep_best : bool, default=False
        After every epoch compute the exact log-likelihood of the training data (the same
        enumeration as ``method="exact"``) and end with the weights that scored best, through the
        shared best-weights monitor. Ackley et al. stopped learning once a perfect code had
        appeared; with stochastic estimates and fixed-size steps the weights wander on, and a code
        found at epoch 300 is often lost by epoch 1000. ``validation_scores_`` holds the curve.
    posterior_temperature : float, default=1.0
        Temperature :math:`T_0 \ge 1` of the hidden units in the positive (clamped) phase at the
        first epoch, annealed geometrically to 1 over the first ``anneal_fraction`` of the epochs
        (deterministic annealing; see "Annealing the clamped phase" in the Notes). With "gibbs"
        and "mean_field" it multiplies the clamped phase's ``temperatures``. 1 is the plain rule.
    weight_noise : float, default=0.0
        Standard deviation of Gaussian noise added to every connected weight and every bias after
        each update, falling linearly to 0 over the first ``anneal_fraction`` of the epochs.
    anneal_fraction : float, default=0.8
        Fraction of ``n_iter`` over which ``posterior_temperature`` and ``weight_noise`` anneal.
    exact_inference : bool, default=False
        ``complete`` and ``transform`` compute the probabilities of the free units exactly, by
        enumerating their states for each pattern (at most 20 free units), instead of by
        annealing ``n_chains`` chains through ``temperatures``. Large weights (``|w|`` ~ 10-30
        after the encoder recipe) trap short annealed chains, so sampled completions can miss a
        code the machine has learned.
    tol : float or None, default=None
        None: run exactly ``n_iter`` epochs. A float: stop when the statistics mismatch has not
        improved by ``tol`` for ``n_iter_no_change`` epochs.
    n_iter_no_change : int, default=10
        With a float ``tol``: the epochs without an improvement of ``tol`` in the statistics
        mismatch (``loss_curve_``; with ``keep_best``, in the exact log-likelihood) after which
        training stops. Ignored when ``tol`` is None.
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
        Print one line per epoch: the statistics mismatch (``loss_curve_``, as "loss"), with
        ``keep_best`` the exact log-likelihood (as "validation score"), and the time so far.
    warm_start : bool, default=False
        When True and the machine is fitted, ``fit`` runs ``n_iter`` more epochs from its
        weights, momentum and random generator (no restarts: ``n_init`` is ignored), the
        annealing of ``posterior_temperature`` and ``weight_noise`` going on from the epochs
        already run (over by then after a full fit), ``loss_curve_`` growing on; data with
        another number of features, or another ``n_hidden`` or connectivity, raise ValueError.
        On an unfitted machine it is a cold fit.

    Attributes
    ----------
    coef_ : ndarray of shape (n_units, n_units)
        Symmetric weights over ``[visible, hidden]``, zero where not connected.
    intercept_ : ndarray of shape (n_units,)
        Biases :math:`b_i`.
    connectivity_ : ndarray of bool, shape (n_units, n_units)
    n_iter_ : int
    validation_scores_ : list of float
        With ``keep_best``: per epoch, the mean exact log-likelihood of the training data.
    loss_curve_ : list of float
        Per epoch, the mean absolute mismatch :math:`|p^+_{ij} - p^-_{ij}|` over connected pairs
        (zero at a maximum of the likelihood).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (n_features_in_,)

    Notes
    -----
    **The encoder recipe.** Ackley et al.'s N-log2(N)-N encoders (:func:`encoder_connectivity`)
    are solved by their stochastic procedure, not by the exact gradient: ``method="exact"`` (the
    true likelihood gradient) settles in a local optimum where two patterns share a hidden code
    in 17 of 20 seeds on 4-2-4. The paper's recipe — ``update="sign"``, ``learning_rate=0.2``
    (their step of 2 at temperature 10), ``momentum=0``, ``weight_decay=0``,
    ``clamp_noise=(0.15, 0.05)``, ``temperatures=(2, 2, 1.5, 1.5, 1.2, 1.2, 1, 1, 1, 1)``,
    ``sweeps_per_temperature=1``, ``n_sample_sweeps=10``, ``n_chains=2`` — hops between codes
    and finds a perfect 4-2-4 code in 19 of 20 seeds within 1500 learning cycles, but the
    fixed-size steps let the weights drift on (to ``|w|`` ~ 30) and lose it; the paper stopped
    learning at the first perfect code. ``keep_best=True`` is that stopping rule stated without
    the task's success test: keep the weights of the best exact log-likelihood seen. With it and
    ``exact_inference=True`` (annealed chains from T=2 get trapped by such weights), 18 of 20
    seeds end with a perfect 4-2-4 code (single runs, ``n_init=1``, 1500 cycles).
    Neither procedure solves the 8-3-8 encoder (the paper: 16 of 20 runs): the exact gradient
    gives 0 of 20, and under the sign rule the weights drift to ``|w|`` ~ 80.

    **Annealing the clamped phase.** The exact gradient fails on 8-3-8 because the hidden codes
    harden early (within ~150 epochs): once :math:`P(h \mid v)` is nearly deterministic, two
    patterns that share a code receive identical updates, so nothing splits them, and 4-6 of the
    8 codes end up used. ``posterior_temperature=T0`` computes the positive-phase statistics
    under the tempered posterior :math:`P(h \mid v)^{1/T}` (normalised), with :math:`T` falling
    geometrically from ``T0`` to 1 over the first ``anneal_fraction`` of the ``n_iter`` epochs
    and 1 after — deterministic annealing EM (Ueda & Nakano 1998): the distribution over the
    hidden units that maximises :math:`\langle -E \rangle + T\,H`, whose codes split one after
    another as :math:`T` falls. The negative phase is unchanged, so the last epochs follow the
    likelihood gradient. ``weight_noise=sigma`` adds Gaussian noise of standard deviation
    falling linearly from ``sigma`` to 0 over the same epochs to every weight and bias after
    each update (annealed Langevin dynamics: simulated annealing in weight space, Gelfand &
    Mitter 1991); without it the runs that fail end with one pattern spread over two codes and
    two patterns sharing a third. ``method="exact"``, ``learning_rate=1``, ``momentum=0.5``,
    ``weight_decay=0``, ``posterior_temperature=2``, ``weight_noise=0.1``
    (``anneal_fraction=0.8``), 3000 epochs find a perfect 8-3-8 code in 18 of 20 single runs;
    the temperature alone 12 of 20, the noise alone 0 of 20, ``weight_noise=0.05`` 14 of 20.

    References
    ----------
    .. [1] Ackley, D. H., Hinton, G. E. and Sejnowski, T. J. (1985). A learning algorithm for
       Boltzmann machines. Cognitive Science 9, 147-169.
    .. [2] Peterson, C. and Anderson, J. R. (1987). A mean field theory learning algorithm for
       neural networks. Complex Systems 1, 995-1019.
    .. [3] Osindero, S. and Hinton, G. E. (2008). Modeling image patches with a directed
       hierarchy of Markov random fields. Advances in Neural Information Processing Systems 20.
    .. [4] Ueda, N. and Nakano, R. (1998). Deterministic annealing EM algorithm. Neural Networks
       11, 271-282.
    .. [5] Gelfand, S. B. and Mitter, S. K. (1991). Recursive stochastic algorithms for global
       optimization in R^d. SIAM Journal on Control and Optimization 29, 999-1018.

    Examples
    --------
    Two patterns, one hidden unit, learnt by the exact gradient; a cue holding one unit of each
    half is completed to its pattern:

    >>> import numpy as np
    >>> from zoo.boltzmann import BoltzmannMachine
    >>> X = np.array([[1, 1, 0, 0], [0, 0, 1, 1]] * 4)
    >>> bm = BoltzmannMachine(n_hidden=1, method="exact", n_iter=100, exact_inference=True,
    ...                       random_state=0).fit(X)
    >>> cues = np.array([[1, 0, 0, 0], [0, 0, 1, 0]])
    >>> bm.complete(cues, known=[0, 2]).round().tolist()
    [[1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0]]

    The 4-2-4 encoder by Ackley et al.'s recipe (see the Notes), keeping the best weights seen:

    >>> import numpy as np
    >>> from zoo.boltzmann import BoltzmannMachine, encoder_connectivity
    >>> from zoo.datasets import make_encoder
    >>> X, Y = make_encoder(4)
    >>> bm = BoltzmannMachine(
    ...     n_hidden=2, connectivity=encoder_connectivity(4, 2), update="sign",
    ...     learning_rate=0.2, momentum=0.0, weight_decay=0.0, clamp_noise=(0.15, 0.05),
    ...     temperatures=(2, 2, 1.5, 1.5, 1.2, 1.2, 1, 1, 1, 1), sweeps_per_temperature=1,
    ...     n_chains=2, n_iter=300, keep_best=True, random_state=2).fit(np.hstack([X, Y]))
    >>> completed = bm.complete(np.hstack([X, np.zeros_like(Y)]), known=np.arange(4))
    >>> completed[:, 4:].argmax(axis=1).tolist()
    [0, 1, 2, 3]
    >>> len({tuple(code) for code in bm.transform(np.hstack([X, Y])) > 0.5})
    4
    """

    _input_domain = "unit_interval"
    #: What ``loss_curve_`` records, as ``verbose`` lines and ``zoo compare``'s report name it.
    _loss_curve_quantity = "mean |p+ - p-| of the connected pairs"
    # For zoo compare: the annealed sampling above is sized for the 4-2-4 encoder; on digits, 30
    # mean-field epochs of 32 hidden units connected to each other and to the pixels, not pixel to
    # pixel (linking pixel to pixel too scored lower as features for the read-out; zoo compare
    # prints these settings' accuracy, README's table is one run of benchmarks/readme_compare.py).
    _compare_params = dict(
        n_hidden=32,
        n_iter=30,
        method="mean_field",
        temperatures=(1.0,),
        sweeps_per_temperature=5,
        n_sample_sweeps=1,
        n_chains=1,
        connectivity="hidden_lateral",
    )

    _parameter_constraints: dict = {
        "n_hidden": [Interval(Integral, 0, None, closed="left")],
        "connectivity": [
            StrOptions({"full", "restricted", "visible_lateral", "hidden_lateral"}),
            "array-like",
        ],
        "method": [StrOptions({"gibbs", "mean_field", "exact"})],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left"), None],
        "n_iter": [Interval(Integral, 0, None, closed="left")],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "temperatures": ["array-like"],
        "sweeps_per_temperature": [Interval(Integral, 1, None, closed="left")],
        "n_sample_sweeps": [Interval(Integral, 1, None, closed="left")],
        "n_chains": [Interval(Integral, 1, None, closed="left")],
        "update": [StrOptions({"gradient", "sign"})],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "keep_best": ["boolean"],
        "exact_inference": ["boolean"],
        "posterior_temperature": [Interval(Real, 1, None, closed="left")],
        "weight_noise": [Interval(Real, 0, None, closed="left")],
        "anneal_fraction": [Interval(Real, 0, 1, closed="right")],
        "clamp_noise": ["array-like", None],
        "tol": [Interval(Real, 0, None, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        n_hidden=2,
        *,
        connectivity="full",
        method="gibbs",
        learning_rate=1.0,
        batch_size=None,
        n_iter=300,
        momentum=0.5,
        weight_decay=1e-3,
        temperatures=(8.0, 4.0, 2.0, 1.5, 1.0),
        sweeps_per_temperature=2,
        n_sample_sweeps=10,
        n_chains=10,
        update="gradient",
        clamp_noise=None,
        n_init=1,
        keep_best=False,
        exact_inference=False,
        posterior_temperature=1.0,
        weight_noise=0.0,
        anneal_fraction=0.8,
        tol=None,
        n_iter_no_change=10,
        random_state=None,
        verbose=0,
        warm_start=False,
    ):
        self.n_hidden = n_hidden
        self.connectivity = connectivity
        self.method = method
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.temperatures = temperatures
        self.sweeps_per_temperature = sweeps_per_temperature
        self.n_sample_sweeps = n_sample_sweeps
        self.n_chains = n_chains
        self.update = update
        self.clamp_noise = clamp_noise
        self.n_init = n_init
        self.keep_best = keep_best
        self.exact_inference = exact_inference
        self.posterior_temperature = posterior_temperature
        self.weight_noise = weight_noise
        self.anneal_fraction = anneal_fraction
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start

    # ------------------------------------------------------------------ structure
    def _connectivity_mask(self, n_units):
        if isinstance(self.connectivity, str):
            n_visible = n_units - self.n_hidden
            mask = np.ones((n_units, n_units), dtype=bool)
            if self.connectivity in ("restricted", "hidden_lateral"):
                mask[:n_visible, :n_visible] = False  # no visible-visible pairs
            if self.connectivity in ("restricted", "visible_lateral"):
                mask[n_visible:, n_visible:] = False  # no hidden-hidden pairs
        else:
            mask = np.asarray(self.connectivity, dtype=bool)
            if mask.shape != (n_units, n_units):
                raise ValueError(
                    f"connectivity must be a ({n_units}, {n_units}) mask over [visible, hidden] "
                    f"units (n_features + n_hidden), got shape {mask.shape}."
                )
            if not np.array_equal(mask, mask.T):
                raise ValueError("connectivity must be symmetric: w_ij and w_ji are one weight.")
        mask = mask.copy()
        np.fill_diagonal(mask, False)
        return mask

    def _schedule(self):
        temperatures = np.asarray(self.temperatures, dtype=np.float64).ravel()
        if temperatures.size == 0 or not np.all(temperatures > 0):
            raise ValueError(f"temperatures must be positive, got {self.temperatures!r}.")
        return temperatures

    # ------------------------------------------------------------------ the two phases
    def _equilibrium_statistics(self, S, free_units, rng, scale=1.0, row_weights=None):
        """Anneal the ``free_units`` of the states S in place; return <s s^T>, <s> at T = final.

        ``rng=None`` for mean-field: the states are then probabilities, updated deterministically.
        ``scale`` multiplies every temperature of the schedule. ``row_weights`` (summing to one)
        weigh the chains' states in the averages; None: the plain mean.
        """
        W, b = self.coef_, self.intercept_
        groups, stochastic = self._anneal(S, free_units, rng, scale)
        pairs = np.zeros_like(W)
        means = np.zeros_like(b)
        for _ in range(self.n_sample_sweeps):
            gibbs_sweep(S, W, b, groups, scale * self._schedule_[-1], stochastic)
            if row_weights is None:
                pairs += S.T @ S  # sum over chains of s_i s_j
                means += S.sum(axis=0)
            else:
                pairs += (S * row_weights[:, np.newaxis]).T @ S  # sum_r w_r s_i s_j
                means += row_weights @ S
        count = self.n_sample_sweeps * (S.shape[0] if row_weights is None else 1)
        return pairs / count, means / count

    def _factorisation(self):
        """(cut, components): the hidden units, and the connected components of the visible units
        once the hidden units are removed; None when that is too many states to enumerate."""
        n_visible = self.n_features_in_
        cut = np.arange(n_visible, self.coef_.shape[0])
        components = conditional_components(self.connectivity_, cut)
        n_states = 2 ** len(cut) * sum(2 ** len(units) for units in components)
        if len(cut) > MAX_ENUMERATED_UNITS or n_states > 2**MAX_ENUMERATED_UNITS:
            return None
        return cut, components

    def _check_enumerable(self):
        factorisation = self._factorisation()
        if factorisation is None:
            raise ValueError(
                f"method='exact' and score_samples enumerate 2**n_hidden times 2**(size of each "
                f"group of connected visible units) states, more than 2**{MAX_ENUMERATED_UNITS} "
                f"here. Use method='gibbs' or 'mean_field'."
            )
        return factorisation

    def _exact_statistics(self, V, states, temperature=1.0, pattern_weights=None):
        """<s s^T>, <s> under P(s) ~ exp(-E(s)): free (V=None, ``states`` the factorisation), or
        with the visible units clamped to each row of V and ``states`` the hidden configurations,
        averaged over V (weighted by ``pattern_weights``, summing to one, when given), the hidden
        units at ``temperature`` (P(h | v)^(1/T), normalised)."""
        if V is None:
            # free phase: enumerate the hidden units, and each group of visible units given them
            _, pairs, means = quadratic_exact_moments(self.coef_, self.intercept_, *states)
            return pairs, means
        else:
            n_patterns, n_configurations = V.shape[0], states.shape[0]
            S = np.hstack(
                [np.repeat(V, n_configurations, axis=0), np.tile(states, (n_patterns, 1))]
            )
            log_p = -quadratic_energy(S, self.coef_, self.intercept_).reshape(n_patterns, -1)
            log_p /= temperature
            posterior = np.exp(log_p - logsumexp(log_p, axis=1, keepdims=True))
            if pattern_weights is None:
                # P(h | v) per pattern, each pattern weighted 1 / n_patterns
                weights = posterior.ravel() / n_patterns
            else:  # each pattern weighted w / sum w
                weights = (posterior * pattern_weights[:, np.newaxis]).ravel()
        return (S * weights[:, np.newaxis]).T @ S, weights @ S

    def _anneal(self, S, free_units, rng, scale=1.0):
        """Sweep the free units through the temperature schedule (times ``scale``); return
        (groups, sampler)."""
        groups = greedy_colouring(self.connectivity_, free_units)
        stochastic = None if self.method == "mean_field" else rng
        for temperature in self._schedule_:
            for _ in range(self.sweeps_per_temperature):
                gibbs_sweep(S, self.coef_, self.intercept_, groups, scale * temperature, stochastic)
        return groups, stochastic

    def _initial_states(self, V, rng):
        """n_chains chains per row of V: visible units set to V, hidden units random."""
        n_visible = self.n_features_in_
        S = np.empty((V.shape[0] * self.n_chains, n_visible + self.n_hidden))
        S[:, :n_visible] = np.repeat(V, self.n_chains, axis=0)
        hidden = S[:, n_visible:]
        uniform_like(hidden, rng, out=hidden)
        if self.method != "mean_field":
            np.less(hidden, 0.5, out=hidden, casting="unsafe")
        return S

    def _add_clamp_noise(self, V, rng):
        """Noisy clamping (Ackley et al.): on -> off with probability p_off, off -> on with p_on."""
        p_off, p_on = self.clamp_noise
        u = uniform_like(V, rng)
        flip = np.where(V > 0.5, u < p_off, u < p_on)
        V[flip] = 1.0 - V[flip]

    def _free_states(self, n_rows, rng):
        S = uniform_like(np.empty((n_rows, self.coef_.shape[0])), rng)
        if self.method != "mean_field":
            np.less(S, 0.5, out=S, casting="unsafe")
        return S

    # ------------------------------------------------------------------ training
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        r"""Learn weights and biases by the Boltzmann learning rule.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Binary patterns (values in [0, 1] are clamped as they are).
        y : Ignored
        sample_weight : array-like of shape (n_samples,), default=None
            Weights :math:`w_a` of the patterns in the weighted log-likelihood
            :math:`\sum_a w_a \log P(v_a)`, whose gradient weighs the clamped phase: each
            minibatch's :math:`p^+_{ij} = \sum_a w_a \langle s_i s_j\rangle_{v_a} / \sum_a w_a`
            (and :math:`p^+_i` likewise), the free phase (the model's own statistics) being
            unweighted; with ``keep_best`` and ``n_init`` the exact log-likelihood that ranks
            the weights is the weighted mean. A pattern of weight zero is as if absent. With
            ``method="exact"`` and ``batch_size=None`` an integer weight equals repeating the
            pattern (to rounding); otherwise minibatches and sampled chains make them differ.
            None: every weight 1.

        Returns
        -------
        self : object
        """
        continuing = self.warm_start and hasattr(self, "coef_")
        X = validate_data(self, X, dtype=np.float64, reset=not continuing)
        check_input_scale(X, type(self).__name__, power=4)
        warn_outside_unit_interval(X, type(self).__name__, BINARY_VISIBLE_UNITS)
        if self.clamp_noise is not None:
            noise = np.asarray(self.clamp_noise, dtype=float)
            if noise.shape != (2,) or not ((noise >= 0) & (noise <= 1)).all():
                raise ValueError(
                    "clamp_noise must be two probabilities (P(1 -> 0), P(0 -> 1)) in [0, 1]; "
                    f"got {self.clamp_noise!r}."
                )
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, X)
        n_samples, n_visible = X.shape
        n_units = n_visible + self.n_hidden
        connectivity = self._connectivity_mask(n_units)
        if continuing and not np.array_equal(connectivity, self.connectivity_):
            raise ValueError(
                "warm_start needs the fitted machine's units and connectivity: it has "
                f"{self.coef_.shape[0] - n_visible} hidden units, n_hidden={self.n_hidden} now, "
                "or the connectivity changed. Set warm_start=False to fit a new machine."
            )
        self.connectivity_ = connectivity
        self._schedule_ = self._schedule()
        if not continuing:
            self._rng = check_random_state(self.random_state)
            self._sampling_rng = generator_from(self._rng)
        rng = self._sampling_rng
        n_init = 1 if continuing else self.n_init
        open_callbacks(self, X, sample_weight=sample_weight, max_epochs=self.n_iter * n_init)

        def train_once():
            self._fit_once(X, rng, sample_weight, continuing)
            # rank restarts by the exact log-likelihood when it can be enumerated
            factorisation = self._factorisation() if n_init > 1 else None
            if factorisation is not None:
                log_likelihood = self._exact_log_likelihood(X, factorisation)
                return float(np.average(log_likelihood, weights=sample_weight))
            return -self.loss_curve_[-1] if self.loss_curve_ else 0.0

        best_of_restarts(
            self,
            n_init,
            initialize=None,
            train=train_once,
            weight_attributes=("coef_", "intercept_"),
        )
        self._checked_fit()
        close_callbacks(self)
        return self

    def _checked_fit(self):
        check_finite_parameters([self.coef_, self.intercept_], type(self).__name__)
        return self

    def _fit_once(self, X, rng, sample_weight=None, continuing=False):
        n_samples, n_visible = X.shape
        n_units = n_visible + self.n_hidden
        mask = self.connectivity_
        if not continuing:
            # small random symmetric weights break the symmetry between hidden units
            weights, self.intercept_ = normal(n_units, n_units, self._rng, scale=0.1)
            self.coef_ = np.triu(weights, 1)
            self.coef_ += self.coef_.T
            self.coef_ *= mask
            self._velocities = (np.zeros_like(self.coef_), np.zeros_like(self.intercept_))
            self._history = History(early_stopping=self.keep_best)
        if self.method == "exact" or self.keep_best:
            factorisation = self._check_enumerable()
            hidden_states = binary_states(self.n_hidden)
        velocity_W, velocity_b = self._velocities
        hidden_units = np.arange(n_visible, n_units)
        all_units = np.arange(n_units)
        eta, mu, decay = self.learning_rate, self.momentum, self.weight_decay
        batch_size = n_samples if self.batch_size is None else self.batch_size

        def annealing():
            """(clamped-phase temperature, weight-noise scale) at the current epoch."""
            epoch = self._history.n_iter  # epochs completed so far
            done = min(epoch / max(self.anneal_fraction * self.n_iter, 1.0), 1.0)
            return self.posterior_temperature ** (1.0 - done), self.weight_noise * (1.0 - done)

        def step(rows):
            share = chain_weights = None
            if sample_weight is not None:
                # a pattern of weight zero is as if absent: no chains are run for it
                batch_weights = sample_weight[rows]
                active = batch_weights > 0
                rows = np.arange(n_samples)[rows][active]
                share = batch_weights[active] / batch_weights[active].sum()  # w_a / sum w
            V = X[rows]
            temperature, noise = annealing()
            if self.method == "exact":
                positive_pairs, positive_means = self._exact_statistics(
                    V, hidden_states, temperature, share
                )
                negative_pairs, negative_means = self._exact_statistics(None, factorisation)
            else:
                clamped = self._initial_states(V, rng)
                if self.clamp_noise is not None:
                    self._add_clamp_noise(clamped[:, :n_visible], rng)
                if share is not None:  # pattern a's n_chains chains share its weight
                    chain_weights = np.repeat(share / self.n_chains, self.n_chains)
                positive_pairs, positive_means = self._equilibrium_statistics(
                    clamped, hidden_units, rng, temperature, chain_weights
                )
                free = self._free_states(clamped.shape[0], rng)
                negative_pairs, negative_means = self._equilibrium_statistics(free, all_units, rng)
            gap = positive_pairs - negative_pairs
            gap *= mask
            loss = float(np.abs(gap).sum() / max(mask.sum(), 1))
            # p+ - p- - lambda W: an ascent direction, so the penalty's gradient enters negated
            gradients = (add_l2_gradient(gap, self.coef_, -decay), positive_means - negative_means)
            if self.update == "sign":
                # Ackley et al.: every weight moves by a fixed step in the direction of p+ - p-
                gradients = tuple(np.sign(g) for g in gradients)
                gradients[0][~mask] = 0
            # dW = mu dW + eta (p+ - p- - lambda W) on connected pairs; db = mu db + eta (p+ - p-)
            for velocity, param, gradient in zip(
                (velocity_W, velocity_b), (self.coef_, self.intercept_), gradients
            ):
                momentum_step(param, velocity, eta * gradient, mu)
            if noise > 0:
                # annealed Langevin noise on every connected weight (symmetric) and every bias
                upper = np.triu(rng.normal(0.0, noise, self.coef_.shape), 1)
                self.coef_ += (upper + upper.T) * mask
                self.intercept_ += rng.normal(0.0, noise, self.intercept_.shape)
            return loss

        validate = None
        if self.keep_best:
            # the paper stopped learning once a perfect code appeared: keep the best weights seen,
            # ranked by the exact log-likelihood of the training data
            def validate():
                log_likelihood = self._exact_log_likelihood(X, factorisation)
                return np.average(log_likelihood, weights=sample_weight), None

        self.n_iter_ = 0
        if self.n_iter > 0:
            monitor = Monitor(
                self._history,
                name=type(self).__name__,
                step_parameter=step_parameter(
                    "learning_rate", self.learning_rate, "weight_decay", self.weight_decay
                ),
                n_iter_no_change=self.n_iter_no_change,
                tol=self.tol,  # None: a fixed budget of n_iter epochs
                verbose=self.verbose,
                params=[self.coef_, self.intercept_],
                validate=validate,
                criterion=Criterion(self._loss_curve_quantity),
                callbacks=epoch_callbacks(self),
            )
            self.n_iter_ = fit_epochs(
                step,
                n_samples,
                monitor,
                batch_size=batch_size,
                max_iter=self.n_iter,
                rng=rng,
                sample_weight=sample_weight,
                warn_at_max_iter=self.tol is not None,
            )
        self.loss_curve_ = self._history.criterion
        if self.keep_best:
            self.validation_scores_ = self._history.validation_scores

    # ------------------------------------------------------------------ inference
    def _validate_input(self, X):
        X = validate_data(self, X, reset=False, dtype=np.float64)
        check_input_scale(X, type(self).__name__, power=4)
        return X

    def _inference_rng(self):
        """A generator seeded by random_state: the same call gives the same answer."""
        return generator_from(check_random_state(self.random_state))

    def complete(self, X, known):
        """Pattern completion: clamp the ``known`` visible units, anneal the rest, average them.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Patterns; the values of the unknown units are ignored.
        known : array-like of int or bool
            Indices (or a boolean mask) of the visible units to clamp.

        Returns
        -------
        completed : ndarray of shape (n_samples, n_features)
            Clamped units unchanged; the others their probability of being on at T = 1
            (mean-field values with ``method="mean_field"``).
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        n_visible = self.n_features_in_
        known = np.arange(n_visible)[np.asarray(known)]
        free_units = np.setdiff1d(np.arange(self.coef_.shape[0]), known)
        unknown_visible = free_units[free_units < n_visible]
        if self.exact_inference:
            completed = X.copy()
            completed[:, unknown_visible] = self._exact_means(X, free_units)[:, unknown_visible]
            return completed
        rng = self._inference_rng()
        S = self._initial_states(X, rng)
        S[:, unknown_visible] = self._free_states(S.shape[0], rng)[:, unknown_visible]
        _, means = self._statistics_per_pattern(S, free_units, rng, X.shape[0])
        completed = X.copy()
        completed[:, unknown_visible] = means[:, unknown_visible]
        return completed

    def _statistics_per_pattern(self, S, free_units, rng, n_patterns):
        """Like _equilibrium_statistics, but the unit means averaged per pattern's chains."""
        groups, stochastic = self._anneal(S, free_units, rng)
        means = np.zeros_like(S)
        for _ in range(self.n_sample_sweeps):
            gibbs_sweep(S, self.coef_, self.intercept_, groups, self._schedule_[-1], stochastic)
            means += S
        means /= self.n_sample_sweeps
        return S, means.reshape(n_patterns, self.n_chains, -1).mean(axis=1)

    def _exact_means(self, X, free_units):
        """P(s_i = 1) at T = 1 with the other visible units clamped to each row of X, by
        enumerating the states of ``free_units`` (rows of X padded with zeros for the hidden)."""
        if len(free_units) > MAX_ENUMERATED_UNITS:
            raise ValueError(
                f"exact_inference enumerates 2**{len(free_units)} states; at most "
                f"{MAX_ENUMERATED_UNITS} free units."
            )
        states = binary_states(len(free_units))
        means = np.empty((X.shape[0], self.coef_.shape[0]))
        S = np.empty((len(states), self.coef_.shape[0]))
        for row, x in enumerate(X):
            S[:, : self.n_features_in_] = x
            S[:, free_units] = states
            log_p = -quadratic_energy(S, self.coef_, self.intercept_)
            means[row] = np.exp(log_p - logsumexp(log_p)) @ S
        return means

    def transform(self, X):
        """Hidden-unit probabilities with the visible units clamped to X (annealed, then averaged).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        hidden : ndarray of shape (n_samples, n_hidden)
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        hidden_units = np.arange(self.n_features_in_, self.coef_.shape[0])
        if self.exact_inference:
            return self._exact_means(X, hidden_units)[:, self.n_features_in_ :]
        rng = self._inference_rng()
        S = self._initial_states(X, rng)
        _, means = self._statistics_per_pattern(S, hidden_units, rng, X.shape[0])
        return means[:, self.n_features_in_ :]

    _feature_names_prefix = "bm_hidden"

    @property
    def _n_features_out(self):
        return self.coef_.shape[0] - self.n_features_in_

    def sample(self, n_samples=1):
        """Visible states of the free-running machine after annealing to T = 1.

        Parameters
        ----------
        n_samples : int, default=1

        Returns
        -------
        V : ndarray of shape (n_samples, n_features)
            Binary samples (probabilities with ``method="mean_field"``).
        """
        check_is_fitted(self)
        rng = self._inference_rng()
        S = self._free_states(n_samples, rng)
        self._anneal(S, np.arange(self.coef_.shape[0]), rng)
        return S[:, : self.n_features_in_]

    def score_samples(self, X):
        r"""Exact log-likelihood :math:`\log P(v) = -F(v) - \log Z` at T = 1, by enumeration.

        Enumerates the hidden units and, given them, each group of connected visible units
        (:func:`~zoo._core.energy.quadratic_exact_moments`): at most 2**20 states.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_likelihood : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = self._validate_input(X)
        return self._exact_log_likelihood(X, self._check_enumerable())

    def _exact_log_likelihood(self, X, factorisation):
        log_z = quadratic_exact_moments(self.coef_, self.intercept_, *factorisation)[0]
        return (
            -quadratic_visible_free_energy(X, self.coef_, self.intercept_, self.n_features_in_)
            - log_z
        )

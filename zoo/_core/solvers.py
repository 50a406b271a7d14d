r"""The full-batch solvers of zoo: one table, :data:`FULL_BATCH_SOLVERS`, over one protocol.

A full-batch solver minimises a model's objective over the whole training set, one iteration
at a time, every iteration recorded by the family's :class:`~zoo._core.training.Monitor` (the
patience rule with a validation split, the best weights, the divergence rule, the verbose line:
the same record as the minibatch solvers of :func:`~zoo._core.training.fit_epochs`). This module
is the only place in zoo that calls :mod:`scipy.optimize`.

How a family plugs in
---------------------
The family supplies a *problem*, an object with (``zoo._core.problems`` holds ready adapters:
:class:`~zoo._core.problems.FlatProblem` for any loss-and-gradient callable,
:class:`~zoo._core.problems.NetworkProblem` for a :class:`~zoo._core.network.FeedForwardNetwork`):

``parameters``
    The live flat parameter vector (1-D, float32 or float64): the model's weight arrays are views
    into it, so writing it moves the model. The Monitor's ``params`` are ``[parameters]`` (the
    best weights of a validation split are kept and restored in it). The solvers write iterates
    into it with ``np.copyto`` (float64 iterates cast to float32 for a float32 model) and leave
    the solution in it.
``loss_and_gradient() -> (loss, gradient)``
    The objective at the current ``parameters`` and its gradient, of ``parameters``' size and
    layout (a buffer the next call may overwrite: the solvers copy it). The solvers run it under
    :meth:`Monitor.guard <zoo._core.training.Monitor.guard>`: an overflow is divergence.
``loss() -> float`` (optional)
    The objective without the gradient (a forward pass); the solvers use it where they need only
    the value (after restoring the best weights of a validation split). Without it,
    ``loss_and_gradient()[0]``.

and, where the model offers a Gauss-Newton system (solvers that need it list it in their
``requires``; :func:`solvers_for` tells which solvers a problem allows):

``gauss_newton_system(G, gradient=None) -> float``
    The data term's Gauss-Newton matrix :math:`G = \sum_i s_i J_i^\top H_i J_i` into ``G``
    (float64, P x P) and, when ``gradient`` (float64, P) is given, the data term's gradient
    :math:`\sum_i s_i\,\partial E_i/\partial\theta` into it and returns the data term
    :math:`\sum_i s_i E_i`, all on the *sum* scale (not divided by :math:`m=\sum_i s_i`);
    without ``gradient``, only G (the return value is then unused).
``data_loss() -> float``
    The data term on the mean scale (:math:`\frac1m\sum_i s_i E_i`, no penalty).
``n_penalised``, ``weight_classes``
    The first ``n_penalised`` parameters carry the L2 decay (the weights; intercepts after
    them), grouped into MacKay's weight classes (slices, one per layer:
    :func:`~zoo._core.levenberg.weight_classes`).
``n_samples``, ``n_outputs``, ``weight_sum``, ``gaussian``
    Rows and outputs of the data, :math:`m`, and whether the likelihood has a noise level
    (squared error; Bayesian regularisation's :math:`\beta`).

A Gauss-Newton problem describes the data term only: the decays are the solver's
(``alpha``, or Bayesian regularisation's re-estimates), so that one problem serves L-BFGS
(whose ``loss_and_gradient`` includes the family's fixed penalty) and Levenberg-Marquardt.

The driver signature
--------------------
Every entry of :data:`FULL_BATCH_SOLVERS` is called as ::

    result = FULL_BATCH_SOLVERS[name](problem, monitor, max_iter=..., tol=..., **options)

with ``max_iter`` the iterations of this call (each one :meth:`Monitor.record
<zoo._core.training.Monitor.record>`\ ed once; a budget run out warns with scikit-learn's
:class:`~sklearn.exceptions.ConvergenceWarning`, except under a validation split, whose patience
decides), ``tol`` the solver's own convergence tolerance (L-BFGS: on the largest gradient
component; Levenberg-Marquardt has none of its own and leaves ``tol`` to the Monitor's patience
rule; the first-order solvers below: on the largest gradient component) and ``options`` the
solver's (:func:`lbfgs`, :func:`levenberg_marquardt`, :func:`scaled_conjugate_gradient`,
:func:`conjugate_gradient`, :func:`one_step_secant`, :func:`adaptive_gradient_descent`). It
returns a :class:`SolverResult`; the solution is in ``problem.parameters``. A new solver is a
function of this signature added to the table, with its ``requires`` and its ``parameters``
(which estimator hyper-parameters feed which of its keywords: :func:`solver_options`).

MATLAB's training functions
---------------------------
``"scg"`` (``trainscg``, Møller 1993), ``"cg"`` (``traincgf``/``traincgp``/``traincgb`` by its
``update``), ``"oss"`` (``trainoss``), ``"gdx"`` and ``"gda"`` (``traingdx``/``traingda``) run
through :class:`_Run`: the iterate in float64, every objective and gradient evaluation counted
against ``max_fun``, one Monitor record per iteration (so the patience rule of
``n_iter_no_change`` and ``tol`` on the objective, or on the validation score, stops them as it
stops the epochs), converged when the largest gradient component is at most ``tol``, and a
ConvergenceWarning when ``max_iter`` or ``max_fun`` runs out without a validation split. The
rules themselves are :mod:`zoo._core.conjugate`'s.
"""

from dataclasses import dataclass
from functools import partial

import numpy as np
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from .blas import single_threaded_blas
from .conjugate import AdaptiveRate, ConjugateDirections, ScaledConjugateGradient
from .diagnostics import warn_at_caller
from .levenberg import LevenbergMarquardt, check_problem_size, evidence_alpha
from .penalties import add_l2_gradient, l2_penalty
from .training import fit_epochs, step_parameter

#: What every full-batch solver needs of a problem.
PROTOCOL = ("parameters", "loss_and_gradient")
#: What a solver on the Gauss-Newton system needs besides.
GAUSS_NEWTON = (
    "gauss_newton_system",
    "data_loss",
    "n_penalised",
    "weight_classes",
    "n_samples",
    "n_outputs",
    "weight_sum",
    "gaussian",
)


@dataclass
class SolverResult:
    """What a full-batch solver returns (the solution itself is in ``problem.parameters``).

    Attributes
    ----------
    n_iter : int
        Iterations recorded in this call (the estimator's ``n_iter_``).
    loss : float
        The objective at the returned parameters (the estimator's ``loss_``).
    converged : bool
        False when the budget ran out (and the ConvergenceWarning was given).
    message : str
        The solver's own account of why it stopped.
    alpha, gamma : ndarray or None, float or None
        Bayesian regularisation's decays, one per weight class, and its effective number of
        parameters (:func:`levenberg_marquardt` with ``bayes=True``).
    """

    n_iter: int
    loss: float
    converged: bool = True
    message: str = ""
    alpha: np.ndarray | None = None
    gamma: float | None = None


def _loss_only(problem):
    loss = getattr(problem, "loss", None)
    return loss() if loss is not None else problem.loss_and_gradient()[0]


def lbfgs(problem, monitor, *, max_iter, tol, max_fun=15000, tol_after_step=False):
    """L-BFGS-B (scipy's, unbounded) over ``problem.parameters``, one Monitor record per iteration.

    Each iteration's objective (at the iterate) is recorded, with the iterate written into
    ``problem.parameters`` first (the validation pass of a split scores it); with a validation
    split, the Monitor's patience stops the run and the best weights are restored, their
    objective returned. The iterations run in float64 whatever the model's dtype.

    Parameters
    ----------
    problem : problem
        See the module docstring (``parameters``, ``loss_and_gradient``, optionally ``loss``).
    monitor : Monitor
    max_iter : int
        scipy's ``maxiter``.
    tol : float
        Converged when the largest gradient component is at most ``tol``: scipy's ``gtol``
        (tested at the start too, so a run may make no iteration), or with ``tol_after_step``
        tested after each iteration at the iterate (so at least one is made).
    max_fun : int, default=15000
        scipy's ``maxfun``: the budget of objective evaluations (line-search trials included).
    tol_after_step : bool, default=False
        Test ``tol`` after each iteration (scipy's ``gtol`` then 0) rather than in scipy.

    Returns
    -------
    SolverResult
        ``converged`` is False when scipy ran out of ``max_iter`` or ``max_fun`` (then, without a
        validation split, a ConvergenceWarning naming ``monitor.name`` was given).
    """
    parameters = problem.parameters
    validate = monitor.validate
    evaluated = {}

    def fun(vector):
        np.copyto(parameters, vector)
        with monitor.guard():
            loss, gradient = problem.loss_and_gradient()
        if tol_after_step:
            evaluated["x"], evaluated["largest"] = vector.copy(), float(np.abs(gradient).max())
        return loss, gradient.astype(np.float64)

    def callback(intermediate_result):
        np.copyto(parameters, intermediate_result.x)
        patience_out = monitor.record(intermediate_result.fun)
        if (patience_out and validate is not None) or monitor.stopped_by_callback:
            raise StopIteration
        # the iterate is the line search's last evaluation: its gradient is known
        if (
            tol_after_step
            and evaluated["largest"] <= tol
            and np.array_equal(evaluated["x"], intermediate_result.x)
        ):
            raise StopIteration

    n_before = monitor.history.n_iter
    result = scipy.optimize.minimize(
        fun,
        parameters.astype(np.float64),
        method="L-BFGS-B",
        jac=True,
        callback=callback,
        options={"maxfun": max_fun, "maxiter": max_iter, "gtol": 0.0 if tol_after_step else tol},
    )
    np.copyto(parameters, result.x)
    n_iter = monitor.history.n_iter - n_before
    loss = float(result.fun)
    monitor.finish()  # a no-op for L-BFGS's descending iterates; the rule every solver keeps
    converged = result.status != 1
    if not converged and validate is None:
        warn_at_caller(
            f"{monitor.name}: lbfgs failed to converge after {n_iter} iteration(s) "
            f"({result.message}). Increase max_iter or scale the data.",
            ConvergenceWarning,
        )
    if validate is not None:
        monitor.restore_best()
        loss = _loss_only(problem)
    return SolverResult(n_iter, loss, converged, str(result.message))


lbfgs.requires = PROTOCOL
#: estimator hyper-parameter -> the driver's keyword (:func:`solver_options`)
lbfgs.parameters = {"max_fun": "max_fun"}


# BLAS on one thread: a chain of small dependent solves and GEMMs (P x P, P ~ 100-1000) waits on a
# thread pool's wake-ups more than it gains from it (blas.single_threaded_blas)
@single_threaded_blas
def levenberg_marquardt(
    problem,
    monitor,
    *,
    max_iter,
    tol=None,
    damping=1e-3,
    alpha=0.0,
    bayes=False,
    previous_alpha=None,
    name=None,
):
    """Levenberg-Marquardt (:class:`~zoo._core.levenberg.LevenbergMarquardt`) on the problem's
    Gauss-Newton system, one iteration per Monitor record, through
    :func:`~zoo._core.training.fit_epochs` (one full batch an epoch).

    The objective is the data term plus :math:`\\frac1{2m}\\sum_j\\alpha_j w_j^2` over the
    ``n_penalised`` weights. With Bayesian regularisation (``bayes``) the decays, one per weight
    class, start at 0 (or, when the Monitor's history has iterations already, at
    ``previous_alpha``: a warm start) and are re-estimated from the evidence before every
    iteration but the first (MacKay 1992; Foresee & Hagan 1997); otherwise every weight decays
    by ``alpha``. Stops when no damping lowers the objective (converged), by the Monitor's
    patience (``tol`` is the Monitor's, unused here), or at ``max_iter`` (ConvergenceWarning).

    Parameters
    ----------
    problem : Gauss-Newton problem
        See the module docstring.
    monitor : Monitor
    max_iter : int
    tol : ignored
        The signature's: Levenberg-Marquardt converges when its damping passes ``mu_max``.
    damping : float, default=1e-3
        Initial :math:`\\mu`.
    alpha : float, default=0.0
        The fixed decay (without ``bayes``).
    bayes : bool, default=False
    previous_alpha : ndarray of shape (n_weight_classes,) or None
        Bayesian regularisation's decays of the last run, continued from on a warm start.
    name : str or None
        Named by the size guard's error (:func:`~zoo._core.levenberg.check_problem_size`);
        defaults to ``monitor.name``.

    Returns
    -------
    SolverResult
        With ``bayes``, ``alpha`` (one per weight class) and ``gamma`` at the solution.
    """
    flat = problem.parameters
    n_samples, n_outputs = problem.n_samples, problem.n_outputs
    n_params, n_penalised = flat.size, problem.n_penalised
    check_problem_size(n_samples * n_outputs, n_params, monitor.name if name is None else name)
    history = monitor.history
    weight_sum = problem.weight_sum
    lm = LevenbergMarquardt(n_params, n_penalised, mu=damping)
    G = np.empty((n_params, n_params))
    gaussian = problem.gaussian
    weights = flat[:n_penalised]
    classes = problem.weight_classes
    # alpha per penalised weight (D_alpha's diagonal): one value per weight class under bayes
    decays = np.full(n_penalised, 0.0 if bayes else float(alpha))
    n_before = history.n_iter
    if bayes and history.n_iter > 0 and np.shape(previous_alpha) == (len(classes),):
        # a new network starts with no decay (the evidence needs a fitted net to measure gamma);
        # a warm start continues from the last estimate
        for c, value in zip(classes, previous_alpha):
            decays[c] = value

    def penalty():
        # (1/2) sum_j alpha_j w_j^2 on the mean scale (divided by m)
        return l2_penalty(decays, [weights], weight_sum)

    def objective():
        return problem.data_loss() + penalty()

    def evidence(data):
        # the decays and gamma from the evidence at the current weights
        sum_squared_error = 2.0 * data * weight_sum  # sum_i s_i ||e_i||^2 = 2 m E_D
        return evidence_alpha(
            G, decays, classes, weights, sum_squared_error, weight_sum * n_outputs, gaussian
        )

    gradient = np.empty(n_params)

    def step(batch):
        # G and the data term's gradient and value from one forward pass (sum scale)
        data = problem.gauss_newton_system(G, gradient) / weight_sum
        if bayes and history.n_iter > n_before:
            decays[:] = evidence(data)[0]
        add_l2_gradient(gradient[:n_penalised], weights, decays)  # g = J^T e + D_alpha w
        # MATLAB's training record: |E'(w)| on the mean scale of loss_curve_, and the damping
        history.note(gradient=np.linalg.norm(gradient) / weight_sum, mu=lm.mu)
        return lm.step(flat, G, gradient, decays, objective, data + penalty())

    n_iter = fit_epochs(
        step,
        n_samples,
        monitor,
        batch_size=n_samples,
        max_iter=max_iter,
        rng=None,
        shuffle=False,
        stop_when=lambda criterion: lm.stalled,
    )
    result = SolverResult(n_iter, objective(), converged=lm.stalled or n_iter < max_iter)
    result.message = "no damping lowers the objective" if lm.stalled else ""
    if bayes:
        problem.gauss_newton_system(G)
        result.alpha = np.array([decays[c.start] for c in classes])
        result.gamma = float(evidence(problem.data_loss())[1])
    return result


levenberg_marquardt.requires = PROTOCOL + GAUSS_NEWTON
levenberg_marquardt.parameters = {"lm_damping": "damping"}


class _Run:
    """One run of a first-order solver of MATLAB's (scg, cg, oss, gdx, gda): the float64 iterate,
    counted evaluations, one Monitor record per iteration and the end every solver shares."""

    def __init__(self, problem, monitor, solver, *, max_iter, tol, max_fun):
        self.problem, self.monitor, self.solver = problem, monitor, solver
        self.parameters = problem.parameters
        self.max_iter, self.tol, self.max_fun = max_iter, tol, max_fun
        self.n_before = monitor.history.n_iter
        self.n_fun = self.n_gradients = 0
        self.w = problem.parameters.astype(np.float64)

    def evaluate(self, w, trial=False):
        """``(E(w), E'(w))``, the gradient a float64 copy. A ``trial`` point (a step a solver may
        reject) that overflows is ``(inf, None)``; elsewhere an overflow is divergence."""
        np.copyto(self.parameters, w)
        self.n_fun += 1
        self.n_gradients += 1
        if trial:
            try:
                with np.errstate(over="raise", invalid="raise"):
                    loss, gradient = self.problem.loss_and_gradient()
            except FloatingPointError:
                return np.inf, None
            return float(loss), np.array(gradient, dtype=np.float64)
        with self.monitor.guard():
            loss, gradient = self.problem.loss_and_gradient()
        return float(loss), np.array(gradient, dtype=np.float64)

    def value(self, w):  # E(w) alone: a line search's trial (an overflow is inf)
        np.copyto(self.parameters, w)
        self.n_fun += 1
        try:
            with np.errstate(over="raise", invalid="raise"):
                return float(_loss_only(self.problem))
        except FloatingPointError:
            return np.inf

    def start(self):  # E and E' at the start (the growth rule's reference)
        loss, gradient = self.evaluate(self.w)
        self.monitor.start(loss)
        return loss, gradient

    def record(self, loss, gradient):
        """Record the iteration that ended at ``self.w``; the reason to stop, or None."""
        np.copyto(self.parameters, self.w)
        monitor = self.monitor
        if gradient is not None:
            monitor.history.note(gradient=np.linalg.norm(gradient))  # |E'(w)|, MATLAB's tr.gradient
        patience_out = monitor.record(loss)
        if monitor.stopped_by_callback:
            return "a callback stopped training"
        if patience_out:
            if monitor.verbose:
                print(monitor.stop_message())
            return "patience ran out"
        if gradient is not None and np.abs(gradient).max() <= self.tol:
            return "the largest gradient component is at most tol"
        if monitor.history.n_iter - self.n_before >= self.max_iter:
            self.converged = False
            return "max_iter reached"
        if self.n_fun >= self.max_fun:
            self.converged = False
            return "max_fun reached"
        return None

    converged = True

    def end(self, loss, message):
        np.copyto(self.parameters, self.w)
        monitor = self.monitor
        monitor.finish()
        n_iter = monitor.history.n_iter - self.n_before
        if not self.converged and monitor.validate is None:
            warn_at_caller(
                f"{monitor.name}: {self.solver} failed to converge after {n_iter} iteration(s) "
                f"({message}). Increase max_iter or scale the data.",
                ConvergenceWarning,
            )
        if monitor.validate is not None:
            monitor.restore_best()
            loss = _loss_only(self.problem)
        result = SolverResult(n_iter, float(loss), self.converged, message)
        result.n_fun, result.n_gradients = self.n_fun, self.n_gradients
        return result


def scaled_conjugate_gradient(
    problem, monitor, *, max_iter, tol, max_fun=15000, sigma=5e-5, lambda_=5e-7
):
    r"""Møller's (1993) scaled conjugate gradient, MATLAB's ``trainscg`` (``patternnet``'s
    default): no line search; each iteration estimates the curvature along the search direction
    from one extra gradient, :math:`s = [E'(w+\sigma_k p) - E'(w)]/\sigma_k` with
    :math:`\sigma_k = \sigma/|p|`, scales it by :math:`\lambda` as Levenberg-Marquardt does, and
    steps by :math:`\alpha = \mu/\delta`; the comparison parameter :math:`\Delta` of the actual
    and the quadratic model's decrease accepts or rejects the step and moves :math:`\lambda`.
    The paper's steps 1-9 are :class:`~zoo._core.conjugate.ScaledConjugateGradient`'s. On a
    quadratic it is conjugate gradients with exact steps: the minimum in at most :math:`N`
    (the number of weights) iterations.

    ``tol`` bounds the largest gradient component (MATLAB's ``min_grad`` bounds the norm);
    ``max_fun`` the gradient evaluations (two per iteration after a successful one; the
    result's ``n_fun``); ``sigma`` and ``lambda_`` are Møller's and MATLAB's :math:`\sigma`
    (the finite-difference step) and initial :math:`\lambda`.
    """
    run = _Run(problem, monitor, "scg", max_iter=max_iter, tol=tol, max_fun=max_fun)
    loss, gradient = run.start()
    if np.abs(gradient).max() <= tol:
        return run.end(loss, "the largest gradient component is at most tol")
    rule = ScaledConjugateGradient(gradient, sigma=sigma, lambda_=lambda_)
    message = None
    while message is None:
        run.w, loss, _ = rule.iterate(run.w, loss, lambda v: run.evaluate(v, trial=True))
        message = run.record(loss, rule.gradient)
        if message is None and not np.isfinite(rule.lambda_):
            message = "the scale lambda overflowed: no step lowers the objective"
    return run.end(loss, message)


scaled_conjugate_gradient.requires = PROTOCOL
scaled_conjugate_gradient.parameters = {"max_fun": "max_fun"}


def _line_minimum(run, w, loss, d, step):
    """Brent's line minimisation of ``E(w + a d)`` (scipy's ``brent``, bracketed from
    ``(0, step)``): ``(a, E)`` with ``E < loss``, or None when it finds no lower point."""

    def along(a):
        return run.value(w + a * d) if a != 0 else loss

    try:
        with np.errstate(all="ignore"):  # scipy's bracket arithmetic on an overflowing trial
            found = scipy.optimize.minimize_scalar(
                along, bracket=(0.0, step), method="brent", options={"xtol": run.line_tol}
            )
    except (ValueError, RuntimeError, OverflowError, ZeroDivisionError):
        return None
    if not (np.isfinite(found.fun) and found.fun < loss and found.x != 0):
        return None
    return float(found.x), float(found.fun)


def _line_search_descent(problem, monitor, name, update, *, max_iter, tol, max_fun, line_tol):
    run = _Run(problem, monitor, name, max_iter=max_iter, tol=tol, max_fun=max_fun)
    run.line_tol = line_tol
    loss, gradient = run.start()
    if np.abs(gradient).max() <= tol:
        return run.end(loss, "the largest gradient component is at most tol")
    directions = ConjugateDirections(gradient, update)
    d, step = directions.d, 1e-2 / np.linalg.norm(gradient)  # first trial: a step of 0.01
    message = None
    while message is None:
        found = _line_minimum(run, run.w, loss, d, step)
        if found is None and directions.k > 1 and not np.array_equal(d, -gradient):
            d = -gradient  # no lower point along d: steepest descent once before giving up
            found = _line_minimum(run, run.w, loss, d, 1e-2 / np.linalg.norm(gradient))
        if found is None:
            np.copyto(problem.parameters, run.w)
            message = "the line search finds no lower objective"
            run.monitor.history.note(gradient=np.linalg.norm(gradient))  # still at run.w
            run.monitor.record(loss)
            break
        a, _ = found
        moved = a * d
        run.w = run.w + moved
        loss, gradient = run.evaluate(run.w)
        message = run.record(loss, gradient)
        previous = np.linalg.norm(d)
        d = directions.next(gradient, moved)
        step = abs(a) * previous / np.linalg.norm(d)  # the last step's length along the new d
    return run.end(loss, message)


def conjugate_gradient(
    problem, monitor, *, max_iter, tol, max_fun=15000, update="powell-beale", line_tol=1e-3
):
    r"""Conjugate gradients with a line search: MATLAB's ``traincgf`` (``update=
    "fletcher-reeves"``), ``traincgp`` (``"polak-ribiere"``) and ``traincgb``
    (``"powell-beale"``: Powell's restarts of Beale's three-term update); the directions are
    :class:`~zoo._core.conjugate.ConjugateDirections`'.

    The line search is Brent's (scipy's ``brent``, MATLAB's ``srchbre``), not MATLAB's default
    Charalambous (``srchcha``): it minimises along the direction to ``line_tol`` from objective
    values alone (forward passes, no gradient), which is what the conjugacy of the directions
    assumes (exact line minima make them conjugate on a quadratic: the minimum in at most
    :math:`N` iterations), and it is scipy's tested code rather than a second line search to
    keep in zoo. Each iteration is one line search and one gradient.

    ``tol`` bounds the largest gradient component, ``max_fun`` the evaluations (line-search
    trials included); ``update`` is one of :data:`~zoo._core.conjugate.CG_UPDATES`;
    ``line_tol`` is Brent's relative tolerance on the step along the direction.
    """
    return _line_search_descent(
        problem,
        monitor,
        "cg",
        update,
        max_iter=max_iter,
        tol=tol,
        max_fun=max_fun,
        line_tol=line_tol,
    )


conjugate_gradient.requires = PROTOCOL
conjugate_gradient.parameters = {"max_fun": "max_fun", "cg_update": "update"}


def one_step_secant(problem, monitor, *, max_iter, tol, max_fun=15000, line_tol=1e-3):
    r"""Battiti's (1992) one-step secant, MATLAB's ``trainoss``: the direction of a BFGS update
    of the identity by the last step alone (no matrix kept; :class:`~zoo._core.conjugate.
    ConjugateDirections`' ``"oss"``), with the Brent line search of :func:`conjugate_gradient`.
    Parameters as :func:`conjugate_gradient`'s."""
    return _line_search_descent(
        problem,
        monitor,
        "oss",
        "oss",
        max_iter=max_iter,
        tol=tol,
        max_fun=max_fun,
        line_tol=line_tol,
    )


one_step_secant.requires = PROTOCOL
one_step_secant.parameters = {"max_fun": "max_fun"}


def adaptive_gradient_descent(
    problem,
    monitor,
    *,
    max_iter,
    tol,
    max_fun=15000,
    learning_rate=0.01,
    momentum=0.9,
    lr_inc=1.05,
    lr_dec=0.7,
    max_perf_inc=1.04,
):
    r"""Full-batch gradient descent with momentum and an adaptive learning rate, MATLAB's
    ``traingdx`` (``momentum=0``: ``traingda``; :class:`~zoo._core.conjugate.AdaptiveRate`):
    the rate grows by ``lr_inc`` (1.05) after every step that lowers the objective; a step that
    raises it by more than ``max_perf_inc`` (4 %) is discarded, the rate cut by ``lr_dec``
    (0.7) and the momentum forgotten. A discarded step is an iteration too (recorded at the
    unchanged weights). One gradient evaluation per iteration.

    ``tol`` bounds the largest gradient component, ``max_fun`` the evaluations;
    ``learning_rate`` is the initial rate (MATLAB's ``lr``; an estimator's
    ``learning_rate_init``), ``momentum`` MATLAB's ``mc`` (an estimator's ``momentum``).
    """
    name = "gdx" if momentum else "gda"
    run = _Run(problem, monitor, name, max_iter=max_iter, tol=tol, max_fun=max_fun)
    loss, gradient = run.start()
    if np.abs(gradient).max() <= tol:
        return run.end(loss, "the largest gradient component is at most tol")
    rule = AdaptiveRate(learning_rate, momentum, lr_inc, lr_dec, max_perf_inc)
    message = None
    while message is None:
        trial = run.w + rule.step(gradient)
        trial_loss, trial_gradient = run.evaluate(trial, trial=True)
        if rule.judge(loss, trial_loss, gradient):
            run.w, loss, gradient = trial, trial_loss, trial_gradient
        message = run.record(loss, gradient)
    result = run.end(loss, message)
    result.learning_rate = rule.learning_rate
    return result


adaptive_gradient_descent.requires = PROTOCOL
adaptive_gradient_descent.parameters = {
    "max_fun": "max_fun",
    "learning_rate_init": "learning_rate",
    "momentum": "momentum",
}


#: MATLAB's ``traingda``: :func:`adaptive_gradient_descent` without momentum.
adaptive_gradient_descent_without_momentum = partial(adaptive_gradient_descent, momentum=0.0)
adaptive_gradient_descent_without_momentum.requires = PROTOCOL
adaptive_gradient_descent_without_momentum.parameters = {
    "max_fun": "max_fun",
    "learning_rate_init": "learning_rate",
}


#: Every full-batch solver by the name an estimator's ``solver`` parameter gives it. Each is
#: ``driver(problem, monitor, *, max_iter, tol, **options) -> SolverResult`` and lists in its
#: ``requires`` what it needs of the problem (see the module docstring).
FULL_BATCH_SOLVERS = {
    "lbfgs": lbfgs,
    "lm": levenberg_marquardt,
    "scg": scaled_conjugate_gradient,
    "cg": conjugate_gradient,
    "oss": one_step_secant,
    "gdx": adaptive_gradient_descent,
    "gda": adaptive_gradient_descent_without_momentum,
}

#: The solvers a problem of the protocol alone allows (a flat vector and its gradient, as
#: :class:`~zoo._core.problems.FlatProblem`): the names a family with such a problem offers.
FLAT_SOLVERS = tuple(
    name for name, driver in FULL_BATCH_SOLVERS.items() if set(driver.requires) <= set(PROTOCOL)
)


def monitor_step_parameter(estimator):
    """The :class:`~zoo._core.training.Monitor`'s ``step_parameter`` for an estimator with
    scikit-learn's MLP training parameters: ``learning_rate_init`` (and ``alpha``) for a
    minibatch solver, whose divergence error names the step to lower; None for a solver of
    :data:`FULL_BATCH_SOLVERS`, which has no step size (its line search chooses each step)."""
    if estimator.solver in FULL_BATCH_SOLVERS:
        return None
    return step_parameter(
        "learning_rate_init", estimator.learning_rate_init, "alpha", estimator.alpha
    )


def solvers_for(problem):
    """The names of the solvers of :data:`FULL_BATCH_SOLVERS` whose ``requires`` ``problem``
    meets, in the table's order."""
    return tuple(
        name
        for name, driver in FULL_BATCH_SOLVERS.items()
        if all(hasattr(problem, attribute) for attribute in driver.requires)
    )


def solver_options(estimator):
    """The keywords of ``FULL_BATCH_SOLVERS[estimator.solver]`` that the estimator's
    hyper-parameters set (the driver's ``parameters``: ``max_fun``, ``cg_update``,
    ``learning_rate_init``, ``momentum``, ...); a driver keyword whose hyper-parameter the
    estimator lacks keeps the driver's default. The one place a family's parameters reach a
    solver, so that a new solver needs no per-family code."""
    driver = FULL_BATCH_SOLVERS[estimator.solver]
    params = estimator.get_params(deep=False)
    return {
        keyword: params[name]
        for name, keyword in getattr(driver, "parameters", {}).items()
        if name in params
    }

r"""Levenberg-Marquardt (Hagan & Menhaj 1994) and Bayesian regularisation (MacKay 1992; Foresee &
Hagan 1997): the damping rule, the step, and the evidence re-estimation of the weight decays.

On the sum-scale objective :math:`F(w) = \sum_i s_i E_i + \frac12\sum_j \alpha_j w_j^2` (the
mean objective of :mod:`zoo._core.network` times :math:`m = \sum_i s_i`; :math:`\alpha_j` is the
decay of penalised weight j, one value for all of them or one per weight class), with the
Gauss-Newton matrix :math:`G = \sum_i s_i J_i^\top H_i J_i`
(:meth:`FeedForwardNetwork.gauss_newton`; for squared error on a linear output the classical
:math:`J^\top J`) and the gradient :math:`g`, one iteration tries

.. math:: (G + D_\alpha + \mu I)\,\Delta = -(g + D_\alpha w), \qquad w' = w + \Delta

(:math:`D_\alpha` the diagonal of the decays, 0 for the unpenalised intercepts). If
:math:`F(w') < F(w)` the step is kept and :math:`\mu \leftarrow \mu/10`; otherwise
:math:`\mu \leftarrow 10\mu` and the step is solved again. Small :math:`\mu` is Gauss-Newton,
large :math:`\mu` a short gradient step; when :math:`\mu` passes ``mu_max`` no step lowers F and
the iteration has converged.

Bayesian regularisation treats each decay as the ratio of a Gaussian prior's precision to the
noise precision and re-estimates it from the evidence at every iteration. MacKay (1992, "A
practical Bayesian framework for backpropagation networks") gives every *weight class* c (here:
the weights of one layer, :math:`k_c` of them) its own prior; MATLAB's ``trainbr`` uses one class
for all. With :math:`A = G + D_\alpha` (the Gauss-Newton Hessian of F) and :math:`N` residuals,

.. math::

    \gamma_c = k_c - \alpha_c\,\mathrm{tr}_c(A^{-1}), \qquad
    \gamma = \sum_c \gamma_c + (\text{number of unpenalised parameters})

are the effective numbers of parameters the data determine, and the evidence is maximised by
(with :math:`E_{W_c} = \frac12\lVert W_c\rVert^2`, :math:`E_D = \frac12\sum_i s_i\lVert
e_i\rVert^2`) :math:`\alpha_{M,c} = \gamma_c / (2E_{W_c})`, :math:`\beta = (N - \gamma)/(2E_D)`:
in F's parametrisation (:math:`F \propto \beta E_D + \sum_c \alpha_{M,c} E_{W_c}`)

.. math:: \alpha_c = \frac{\alpha_{M,c}}{\beta} = \frac{\gamma_c}{\lVert W_c\rVert^2}\,
          \frac{\sum_i s_i\lVert e_i\rVert^2}{N - \gamma}

for a Gaussian likelihood (squared error), and :math:`\alpha_c = \gamma_c/\lVert W_c\rVert^2` for
a likelihood without a noise level (log loss, Poisson).
"""

import numpy as np
from scipy.linalg.lapack import dposv as cholesky_solve
from scipy.linalg.lapack import dtrtri as trtri

#: Largest Jacobian (rows x parameters = n_samples x n_outputs x n_parameters) solver="lm" accepts.
#: Its cost per iteration is that many times n_parameters flops (G = J^T J), plus n_parameters^3.
MAX_JACOBIAN_ENTRIES = 2**26
#: Largest number of parameters: G is n_parameters^2 float64 (200 MB at 5000).
MAX_PARAMETERS = 5000


def check_problem_size(n_rows, n_params, name):
    """The memory guard of Levenberg-Marquardt: a ValueError when the Jacobian (``n_rows`` x
    ``n_params``) or G (``n_params``^2) is too large for a second-order method."""
    if n_rows * n_params > MAX_JACOBIAN_ENTRIES or n_params > MAX_PARAMETERS:
        raise ValueError(
            f"{name}: solver='lm' would need a {n_rows} x {n_params} Jacobian (n_samples x "
            f"n_outputs rows, one column per parameter) and a {n_params} x {n_params} "
            f"Gauss-Newton matrix; the limits are {MAX_JACOBIAN_ENTRIES} Jacobian entries and "
            f"{MAX_PARAMETERS} parameters. Use solver='lbfgs' (or 'rprop') for a problem this size."
        )


class LevenbergMarquardt:
    """The damping state and step of Levenberg-Marquardt over a flat parameter vector.

    Parameters
    ----------
    n_params : int
    n_penalised : int
        The first ``n_penalised`` parameters carry the L2 penalty (the weights; the intercepts
        after them do not).
    mu : float, default=1e-3
        Initial damping (MATLAB's ``trainlm`` default).
    mu_increase, mu_decrease : float, default=10, 0.1
        Hagan & Menhaj's factors on a failed / successful step.
    mu_max : float, default=1e10
        Damping beyond which no step is tried: converged (or stuck).
    """

    def __init__(
        self, n_params, n_penalised, mu=1e-3, mu_increase=10.0, mu_decrease=0.1, mu_max=1e10
    ):
        self.n_params = n_params
        self.n_penalised = n_penalised
        self.mu = float(mu)
        self.mu_increase = mu_increase
        self.mu_decrease = mu_decrease
        self.mu_max = mu_max
        self.stalled = False
        self._system = np.empty((n_params, n_params))
        self._backup = None

    def step(self, w, G, gradient, alpha, objective, current):
        """One iteration: solve for steps of growing damping until ``objective()`` (of the live
        ``w``) falls below ``current``; return the new objective (``current`` if none did, and
        then :attr:`stalled` is set and ``w`` is unchanged).

        ``G`` is the data term's Gauss-Newton matrix and ``gradient`` the objective's full
        gradient (penalty included), both on the sum scale; ``alpha`` (a scalar, or one decay per
        penalised parameter) adds :math:`D_\\alpha` to G.
        """
        if self._backup is None:
            self._backup = np.empty_like(w)
        np.copyto(self._backup, w)
        diagonal = np.arange(self.n_params)
        penalised = diagonal[: self.n_penalised]
        while self.mu <= self.mu_max:
            A = self._system
            np.copyto(A, G)
            A[penalised, penalised] += alpha
            A[diagonal, diagonal] += self.mu  # A = G + D_alpha + mu I
            # (G + D_alpha + mu I) delta = g by Cholesky (A is symmetric positive definite for
            # mu > 0 in exact arithmetic; LAPACK's posv, half the work of a general solve)
            _, delta, info = cholesky_solve(A, gradient, overwrite_a=True)
            if info != 0:  # not positive definite in floating point: damp more
                self.mu *= self.mu_increase
                continue
            np.subtract(self._backup, delta, out=w, casting="unsafe")  # w' = w - delta
            value = objective()
            if np.isfinite(value) and value < current:
                self.mu *= self.mu_decrease
                return value
            self.mu *= self.mu_increase
        np.copyto(w, self._backup)
        self.stalled = True
        return current


def weight_classes(sizes):
    """Slices of the penalised parameters, one per layer (``sizes``: the number of weights of each
    layer, in the order of the flat parameter vector): MacKay's weight classes."""
    bounds = np.cumsum([0, *sizes])
    return [slice(int(a), int(b)) for a, b in zip(bounds[:-1], bounds[1:])]


def evidence_alpha(G, alpha, classes, weights, sum_squared_error, n_residuals, gaussian=True):
    r"""MacKay's re-estimate of the decays: returns ``(alpha_new, gamma)``.

    ``G`` is the data term's Gauss-Newton matrix (sum scale, ``P x P``, the penalised parameters
    first); ``alpha`` the current decays, one per penalised parameter (constant over each class);
    ``classes`` slices of the penalised parameters (:func:`weight_classes`; one slice over all of
    them is ``trainbr``'s single decay); ``weights`` the penalised parameters;
    ``sum_squared_error`` :math:`\sum_i s_i\lVert e_i\rVert^2` and ``n_residuals`` N (used only
    when ``gaussian``). ``alpha_new`` has ``alpha``'s layout; ``gamma`` is the effective number
    of parameters, intercepts included. See the module docstring.
    """
    n_params, n_penalised = G.shape[0], weights.size
    A = G.copy()
    penalised = np.arange(n_penalised)
    A[penalised, penalised] += alpha  # A = G + D_alpha
    inverse_diagonal = _inverse_diagonal(A)
    # gamma_c = k_c - alpha_c tr_c(A^-1), in [0, k_c]
    gammas = [
        float(
            np.clip(c.stop - c.start - np.dot(alpha[c], inverse_diagonal[c]), 0, c.stop - c.start)
        )
        for c in classes
    ]
    gamma = sum(gammas) + (n_params - n_penalised)
    alpha_new = np.array(alpha, dtype=np.float64)
    for c, gamma_c in zip(classes, gammas):
        norm2 = float(np.vdot(weights[c], weights[c]))
        if norm2 > 0:
            alpha_new[c] = alpha_from_gamma(
                gamma_c, gamma, norm2, sum_squared_error, n_residuals, gaussian
            )
    return alpha_new, gamma


def _inverse_diagonal(A):
    """diag(A^-1) of a symmetric positive semi-definite A: with A = L L^T (Cholesky),
    A^-1 = L^-T L^-1 and diag(A^-1)_j = sum_k (L^-1)_kj^2, L^-1 by LAPACK's triangular inverse
    (a third of the work of numpy's general solve against I); the pseudo-inverse's diagonal when
    A is singular (an unpenalised intercept whose unit is saturated), from the symmetric
    eigendecomposition: the general SVD (LAPACK's gesdd) can fail to converge on such a matrix
    (a distributed-delay network fitting 20 steps exactly with 131 parameters)."""
    try:
        L = np.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        return np.diagonal(np.linalg.pinv(A, hermitian=True))
    L_inverse, info = trtri(L, lower=1)
    if info != 0:
        return np.diagonal(np.linalg.pinv(A, hermitian=True))
    return np.einsum("kj,kj->j", L_inverse, L_inverse)  # sum_k (L^-1)_kj^2


def alpha_from_gamma(gamma_c, gamma, weight_norm2, sum_squared_error, n_residuals, gaussian=True):
    r"""The decay of a weight class that maximises the evidence, given its effective number of
    parameters :math:`\gamma_c`, the total :math:`\gamma` and the class's :math:`\lVert
    W_c\rVert^2` (see the module docstring)."""
    if gaussian:
        # alpha_c = gamma_c / ||W_c||^2 * sum s_i ||e_i||^2 / (N - gamma)
        return float(gamma_c / weight_norm2 * sum_squared_error / max(n_residuals - gamma, 1.0))
    return float(gamma_c / weight_norm2)  # alpha_c = gamma_c / ||W_c||^2

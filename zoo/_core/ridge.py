r"""Ridge regression in closed form, once for zoo: the normal equations summed over blocks of rows
and calls (:class:`RidgeAccumulator`: the echo state networks' readout, the extreme learning
machines' output layer and their online sequential fit), the penalty chosen by the evidence
(MacKay 1992), and the kernel (dual) form (:func:`kernel_ridge`: the kernel ELM).

Ridge regression of targets :math:`Y` on rows :math:`z` with an unpenalised intercept, weighted by
:math:`s \ge 0`:

.. math::

    \min_{W, c} \sum_i s_i \lVert y_i - z_i W - c\rVert^2 + \alpha \lVert W\rVert^2 \iff
    \begin{pmatrix} Z^\top S Z + \alpha I & Z^\top s \\ s^\top Z & \sum s\end{pmatrix}
    \begin{pmatrix} W \\ c \end{pmatrix} =
    \begin{pmatrix} Z^\top S Y \\ s^\top Y\end{pmatrix},

whose sums :class:`RidgeAccumulator` adds up block by block (in float64, whatever the rows'
dtype), so that a model fitted in several calls solves exactly the system of one fit on all the
data (Liang et al. 2006's OS-ELM is this recursion), and memory stays that of the
:math:`(D+1)^2` system whatever the number of rows. Integer weights are repetitions of rows.

**float32 products.** The products of a block of float32 rows can be taken in float32 (BLAS
ssyrk/sgemm, twice the throughput of float64) and added to the float64 sums, which the float64
Cholesky then solves. That perturbs the system by a matrix :math:`E`: a float32 inner product of
length :math:`m` errs by about :math:`\sqrt m\,u \sum_i |a_i b_i|` (:math:`u = 2^{-24}`;
Higham & Mary 2019's probabilistic bound), so with :math:`G = [Z\,1]^\top S [Z\,1]` of size
:math:`D + 1`, :math:`|E_{jk}| \lesssim \sqrt m\,u \sqrt{G_{jj} G_{kk}}`, and ``D + 1`` square
entries of independent signs have the norm

.. math::

    \lVert E\rVert_2 \approx 2\sqrt{D+1}\;\mathrm{rms}(E_{jk})
    \lesssim \varepsilon_{32} \sqrt{\frac{m}{D+1}}\,\operatorname{tr} G,

(:math:`\varepsilon_{32} = 2u`), summed in quadrature over blocks (their roundings are
independent). Where this stays below the ridge penalty :math:`\alpha`, the smallest eigenvalue
the system can have, the rounding moves the system by less than its penalty and the float32
products are sound; where it does not (a small penalty on collinear units: the penalised
system's condition number beyond float32's :math:`1/\varepsilon`), the block's products are
taken in float64 (``float32_tolerance``).

**The evidence** (:meth:`RidgeAccumulator.solve_evidence`). Read as a Bayesian linear model —
Gaussian noise of precision :math:`\beta` on every target, a Gaussian prior of precision
:math:`a` on every weight, a flat prior on the intercept — the evidence is maximised (MacKay
1992, "Bayesian interpolation") at the ridge penalty :math:`\alpha = a/\beta` with

.. math::

    \gamma = \sum_j \frac{\lambda_j}{\lambda_j + \alpha}, \qquad
    \alpha = \frac{\gamma}{\lVert W\rVert^2}\,\frac{\sum_i s_i\lVert e_i\rVert^2}{N - \gamma - 1}

per output column (:math:`K` columns share :math:`\alpha`: the numerators and denominators are
summed over them, :func:`zoo._core.levenberg.alpha_from_gamma` with :math:`K\gamma` weights and
:math:`KN` residuals), where :math:`\lambda_j` are the eigenvalues of the centred Gram matrix
:math:`Z^\top S Z - N\bar z^\top \bar z` (:math:`N = \sum_i s_i`, :math:`\bar z = s^\top Z / N`:
the intercept eliminated), :math:`\gamma` the effective number of weights the data determine
(the intercept adds one) and :math:`e_i` the residuals. One eigendecomposition gives
:math:`W`, :math:`\lVert W\rVert^2`, :math:`\sum s\lVert e\rVert^2` and :math:`\gamma` for every
:math:`\alpha` from the accumulated sums alone (the targets' weighted sum of squares is
accumulated too), so the fixed point is iterated at :math:`O(D K)` a step, after one
:math:`O(D^3)` decomposition.

**The kernel form** (:func:`kernel_ridge`): with a kernel matrix :math:`\Omega_{ij} = k(x_i,
x_j)` and no intercept, the weighted ridge's prediction is :math:`f(x) = k(x, X)\,\beta` with

.. math::

    \beta = S^{1/2}\,(S^{1/2}\,\Omega\,S^{1/2} + \alpha I)^{-1}\,S^{1/2}\,Y,

which for :math:`S = I` is Huang et al. (2012)'s kernel ELM :math:`(I/C + \Omega)^{-1}T` with
:math:`\alpha = 1/C`, and kernel ridge regression; a row of weight 0 gets coefficient 0.

References
----------
Higham, N. J. & Mary, T. (2019). A new approach to probabilistic rounding error analysis. SIAM
J. Scientific Computing, 41(5), A2815-A2835.
"""

import numpy as np
import scipy.linalg
from sklearn.exceptions import ConvergenceWarning

from .diagnostics import warn_at_caller
from .levenberg import alpha_from_gamma


def solve_symmetric(A, B):
    """``A^{-1} B`` for a symmetric positive semi-definite ``A`` (float64): Cholesky, and least
    squares (SVD, minimum norm) when ``A`` is numerically singular."""
    try:
        solution = scipy.linalg.cho_solve(
            scipy.linalg.cho_factor(A, check_finite=False), B, check_finite=False
        )
        if not np.isfinite(solution).all():
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        solution = scipy.linalg.lstsq(A, B, lapack_driver="gelsd", check_finite=False)[0]
    return solution


class RidgeAccumulator:
    r"""The ridge regression's normal equations, summed over blocks of rows (see the module).

    Parameters
    ----------
    n_features : int
        :math:`D`, the width of the rows :math:`z`.
    n_outputs : int
    float32_tolerance : float, default=0.0
        How far float32 rounding may move the system, :math:`\lVert E\rVert_2` as the module
        estimates it, summed over the blocks added: float32 rows' products are taken in float32
        while the estimate stays within it, in float64 otherwise. 0 (the echo state readout):
        always float64. The extreme learning machines pass their ridge penalty.
    """

    # class defaults: an accumulator pickled before these attributes existed multiplies in float64
    float32_tolerance = 0.0
    float32_error = 0.0

    def __init__(self, n_features, n_outputs, float32_tolerance=0.0):
        D = n_features
        self.gram = np.zeros((D + 1, D + 1))  # [Z 1]^T S [Z 1], the last row/column the 1s
        self.cross = np.zeros((D + 1, n_outputs))  # [Z 1]^T S Y
        self.target_squares = np.zeros(n_outputs)  # diag(Y^T S Y), for the evidence
        self.n_features, self.n_outputs = D, n_outputs
        self.float32_tolerance = float(float32_tolerance)
        self.float32_error = 0.0  # the estimated ||E||_2 of the float32 products added so far

    def add(self, Z, Y, weights=None):
        """Add rows ``Z (m, D)`` with targets ``Y (m, K)`` and weights ``(m,)`` (None: 1).

        float32 rows are multiplied in float32 where :attr:`float32_tolerance` allows (see the
        module), in float64 otherwise.
        """
        if Z.shape[0] == 0:
            return
        single = Z.dtype == np.float32 and self.float32_tolerance > 0
        if single and self._add_float32(Z, Y, weights):
            return
        D = self.n_features
        Z = np.asarray(Z, dtype=np.float64)
        Y = np.asarray(Y, dtype=np.float64)
        if weights is None:
            s_Z, s_Y, total = Z.sum(axis=0), Y.sum(axis=0), float(Z.shape[0])
            root_Z, root_Y = Z, Y
        else:
            w = np.asarray(weights, dtype=np.float64)
            s_Z, s_Y, total = w @ Z, w @ Y, float(w.sum())
            root = np.sqrt(w)[:, np.newaxis]
            root_Z, root_Y = Z * root, Y * root  # sqrt(s) Z, sqrt(s) Y
        self.gram[:D, :D] += root_Z.T @ root_Z  # Z^T S Z
        self.gram[D, :D] += s_Z  # s^T Z
        self.gram[:D, D] += s_Z
        self.gram[D, D] += total  # sum s
        self.cross[:D] += root_Z.T @ root_Y  # Z^T S Y
        self.cross[D] += s_Y  # s^T Y
        self.target_squares += np.einsum("ik,ik->k", root_Y, root_Y)  # diag(Y^T S Y)

    def _add_float32(self, Z, Y, weights):
        """Add float32 rows by float32 products if the rounding stays within the tolerance (see
        the module); False, having added nothing, if it would not."""
        m, D = Z.shape
        Y = np.asarray(Y, dtype=np.float64)
        if weights is None:
            root = np.ones(m, dtype=np.float32)
            root_Z, root_Y, s_Y, total = Z, Y, Y.sum(axis=0), float(m)
        else:
            w = np.asarray(weights, dtype=np.float64)
            root = np.sqrt(w).astype(np.float32)
            root_Z, root_Y = Z * root[:, np.newaxis], Y * np.sqrt(w)[:, np.newaxis]
            s_Y, total = w @ Y, float(w.sum())
        trace = float(np.vdot(root_Z, root_Z)) + total  # tr([Z 1]^T S [Z 1])
        error = np.finfo(np.float32).eps * np.sqrt(m / (D + 1)) * trace
        error = float(np.hypot(self.float32_error, error))
        squares = np.einsum("ik,ik->k", root_Y, root_Y)  # diag(Y^T S Y)
        # Y^T S Y within float32's range bounds every Z^T S Y sum by Cauchy-Schwarz: no overflow
        if not (error <= self.float32_tolerance and squares.sum() <= np.finfo(np.float32).max):
            return False
        self.float32_error = error
        s_Z = root @ root_Z  # s^T Z by a float32 inner product, as the Gram's
        self.gram[:D, :D] += root_Z.T @ root_Z  # Z^T S Z (ssyrk)
        self.gram[D, :D] += s_Z
        self.gram[:D, D] += s_Z
        self.gram[D, D] += total
        self.cross[:D] += root_Z.T @ root_Y.astype(np.float32)  # Z^T S Y (sgemm)
        self.cross[D] += s_Y  # s^T Y
        self.target_squares += squares
        return True

    def solve(self, alpha, dtype=np.float64):
        """The solution ``(W (D, K), c (K,))`` for the L2 penalty ``alpha`` on ``W``.

        Cholesky on the symmetric positive definite system; a numerically singular one (``alpha``
        0, or tiny against :math:`Z^\\top S Z`) is solved by least squares (SVD, minimum norm).
        """
        D = self.n_features
        gram = self.gram.copy()
        gram[np.arange(D), np.arange(D)] += alpha
        solution = solve_symmetric(gram, self.cross).astype(dtype)
        return np.ascontiguousarray(solution[:D]), solution[D].copy()

    def solve_evidence(self, max_iter=300, tol=1e-6, dtype=np.float64, name="Ridge"):
        r"""The solution at the penalty that maximises the evidence (see the module).

        Iterates MacKay's fixed point from :math:`\alpha_0` = the targets' mean variance (a
        unit prior precision against the noise precision :math:`1/\mathrm{Var}(y)`, as
        scikit-learn's ``BayesianRidge`` starts) until :math:`\alpha` changes by less than
        ``tol`` relatively, keeping :math:`\alpha \ge \sqrt{\epsilon}\,\lambda_{max}` (where the
        data can be fitted exactly, as with more weights than rows, the evidence drives
        :math:`\alpha` to 0; the floor keeps the rounding error below :math:`\sqrt\epsilon`), and
        stopping at :math:`\alpha = \lambda_{max}/\sqrt{\epsilon}` (targets the rows do not
        explain drive it to infinity: every weight is then 0 to :math:`\sqrt\epsilon`);
        warns ``ConvergenceWarning`` (naming ``name``) after ``max_iter``.

        Returns
        -------
        W : ndarray of shape (D, K)
        c : ndarray of shape (K,)
        alpha : float
            The penalty found.
        gamma : float
            The effective number of parameters, :math:`\gamma` plus the intercept.
        n_iter : int
        """
        D, K = self.n_features, self.n_outputs
        N = self.gram[D, D]
        mean_z, mean_y = self.gram[D, :D] / N, self.cross[D] / N
        centred_gram = self.gram[:D, :D] - N * np.outer(mean_z, mean_z)
        centred_cross = self.cross[:D] - N * np.outer(mean_z, mean_y)
        centred_squares = np.maximum(self.target_squares - N * mean_y**2, 0.0).sum()
        eigenvalues, V = np.linalg.eigh(centred_gram)
        eigenvalues = np.maximum(eigenvalues, 0.0)
        P = V.T @ centred_cross  # the targets' projections on the eigenvectors
        P2 = np.einsum("jk,jk->j", P, P)  # summed over the K outputs
        # alpha >= sqrt(eps) lambda_max: the solution's rounding error, about eps lambda_max / alpha
        # relatively, stays below sqrt(eps) where the data alone would drive alpha to 0
        lambda_max = max(float(eigenvalues[-1]) if D else 0.0, 1e-300)
        floor = lambda_max * np.sqrt(np.finfo(float).eps)
        ceiling = floor / np.finfo(float).eps  # lambda_max / sqrt(eps): every weight ~0
        alpha = min(max(centred_squares / (K * N), floor), ceiling)
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            shrink = 1.0 / (eigenvalues + alpha)
            gamma = float(np.dot(eigenvalues, shrink))
            norm2 = float(np.dot(P2, shrink**2))  # ||W||^2
            # sum s ||e||^2 = y'Sy (centred) - sum_j P_j^2 (lambda_j + 2 alpha)/(lambda_j + alpha)^2
            sse = max(centred_squares - float(np.dot(P2, (eigenvalues + 2 * alpha) * shrink**2)), 0)
            if norm2 <= 0 or sse <= 0:  # nothing to fit, or fitted exactly: keep alpha
                break
            new = max(alpha_from_gamma(K * gamma, K * (gamma + 1), norm2, sse, K * N), floor)
            # beyond 1000 lambda_max the update is alpha times a constant: still rising there,
            # it rises for ever (targets with no signal: the limit is alpha = inf, the weights 0)
            if new >= ceiling or (new > alpha > 1e3 * lambda_max):
                alpha = ceiling
                break
            converged = abs(new - alpha) <= tol * alpha
            alpha = new
            if converged:
                break
        else:  # the while loop ran out
            warn_at_caller(
                f"{name}: the evidence's fixed point did not converge in {max_iter} iterations "
                f"(alpha={alpha:.3g}).",
                ConvergenceWarning,
            )
        shrink = 1.0 / (eigenvalues + alpha)
        gamma = float(np.dot(eigenvalues, shrink))
        W = V @ (shrink[:, np.newaxis] * P)
        c = mean_y - mean_z @ W
        return (
            np.ascontiguousarray(W.astype(dtype)),
            c.astype(dtype),
            float(alpha),
            gamma + 1.0,
            n_iter,
        )


def kernel_ridge(kernel, Y, alpha, weights=None):
    r"""Dual coefficients :math:`\beta` of the weighted kernel ridge regression (see the module).

    Parameters
    ----------
    kernel : ndarray of shape (n, n)
        :math:`\Omega`, symmetric positive semi-definite (overwritten).
    Y : ndarray of shape (n, K)
    alpha : float
        :math:`1/C`.
    weights : ndarray of shape (n,) or None

    Returns
    -------
    beta : ndarray of shape (n, K), float64
    """
    A = np.asarray(kernel, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if weights is not None:
        root = np.sqrt(np.asarray(weights, dtype=np.float64))
        A *= root[:, np.newaxis]
        A *= root[np.newaxis, :]  # S^1/2 Omega S^1/2
        Y = Y * root[:, np.newaxis]
    n = A.shape[0]
    A[np.arange(n), np.arange(n)] += alpha
    beta = solve_symmetric(A, Y)
    if weights is not None:
        beta *= root[:, np.newaxis]
    return beta


def class_scores(scores):
    """A ridge classifier's score per class from its readout: the ±1-coded two-class readout's one
    column ``s`` becomes ``(-s, s)``; several columns are the classes' own (the last axis)."""
    if scores.shape[-1] == 1:
        return np.concatenate([-scores, scores], axis=-1)
    return scores

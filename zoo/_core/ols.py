r"""Orthogonal least squares forward selection of regressors (Chen, Cowan & Grant 1991).

The linear model :math:`d = P\theta + e` has :math:`M` candidate regressors, the columns
:math:`p_i` of :math:`P` (an RBF network's candidate units evaluated on the training set). OLS
selects them one at a time: with :math:`w_1, \dots, w_{k-1}` the orthogonalised regressors chosen
so far, candidate :math:`i`'s component orthogonal to them is :math:`w^{(i)} = p_i -
\sum_{j<k} \frac{w_j^\top p_i}{w_j^\top w_j} w_j` (Gram–Schmidt), and its error reduction ratio

.. math:: [\mathrm{err}]_i = \frac{\lVert (w^{(i)})^\top D\rVert^2}
          {(w^{(i)})^\top w^{(i)}\ \operatorname{tr}(D^\top D)}

is the fraction of the targets' energy that adding it removes from the least-squares residual
(for several outputs, the columns of :math:`D`, the sum over them: Chen, Grant & Cowan 1992). The
candidate with the largest ratio is selected, until the residual reaches a goal or the budget of
regressors is spent.

All of it works on inner products, so :func:`ols_select` takes the Gram matrix :math:`G = P^\top
P` and :math:`B = P^\top D` (weighted: :math:`\langle u, v\rangle = \sum_l s_l u_l v_l` with the
sample weights :math:`s`, i.e. :math:`P^\top S P`, :math:`P^\top S D`), computed once in one pass
over the rows. With :math:`q_j = w_j/\lVert w_j\rVert` and :math:`R_{ji} = q_j^\top p_i`, every
candidate's squared residual norm and residual correlation are kept up to date for all
candidates at once,

.. math:: \lVert w^{(i)}\rVert^2 = G_{ii} - \sum_{j<k} R_{ji}^2, \qquad
          (w^{(i)})^\top D = B_i - \sum_{j<k} R_{ji}\, q_j^\top D,

and selecting candidate :math:`s` adds the row :math:`R_{k\cdot} = (G_{s\cdot} - R_{\cdot s}^\top
R_{\cdot\cdot}) / \lVert w^{(s)}\rVert` and :math:`q_k^\top D = (w^{(s)})^\top D/\lVert
w^{(s)}\rVert`: :math:`O(kM)` per step, no least-squares problem solved per candidate. The
residual sum of squares after step :math:`k` is :math:`\operatorname{tr}(D^\top D) - \sum_{j \le k}
\lVert q_j^\top D\rVert^2`.
"""

import numpy as np

#: A candidate whose squared residual norm is at most this fraction of its squared norm lies in
#: the span of the selected regressors (to the precision of the Gram matrix's formula, which
#: loses the square of the precision a direct Gram-Schmidt keeps): it is never selected, as it
#: would only add a unit with huge opposite weights.
DEPENDENT = 1e-8

#: Reductions within this fraction of the largest are a tie, decided by ``rank`` (when given):
#: candidates that are tied in exact arithmetic (the last units of an interpolation, symmetric
#: data) come out of the Gram matrix with rounding differences that depend on the rows' order.
TIE = 1e-9


def ols_select(gram, cross, total, n_select, goal=0.0, rank=None):
    r"""Forward selection by error reduction ratio; returns ``(selected, ratios, residuals)``.

    Parameters
    ----------
    gram : ndarray of shape (M, M)
        :math:`G = P^\top S P` of the candidate regressors (float64; not modified).
    cross : ndarray of shape (M, n_outputs)
        :math:`B = P^\top S D`.
    total : float
        :math:`\operatorname{tr}(D^\top S D)`, the targets' energy.
    n_select : int
        The budget: at most this many regressors.
    goal : float, default=0.0
        Stop as soon as the residual sum of squares is at most ``goal``.
    rank : ndarray of shape (M,) or None, default=None
        A tie (reductions within :data:`TIE` of the largest) goes to the candidate of lowest
        rank; None: to the lowest index. A rank that does not depend on the order of the rows
        (the candidates' points sorted) makes the selection independent of it.

    Returns
    -------
    selected : ndarray of int of shape (k,)
        The candidates' indices in the order selected.
    ratios : ndarray of shape (k,)
        Their error reduction ratios :math:`[\mathrm{err}]`, each a fraction of ``total``.
    residuals : ndarray of shape (k + 1,)
        The residual sum of squares before the first selection (``total``) and after each.

    Selection also stops when no candidate is left outside the span of the selected ones
    (:data:`DEPENDENT`) or none reduces the residual.
    """
    n_candidates = gram.shape[0]
    n_select = min(n_select, n_candidates)
    norms = np.diagonal(gram).copy()  # ||p_i||^2
    residual_norms = norms.copy()  # ||w^(i)||^2
    residual_cross = np.array(cross, dtype=np.float64)  # (w^(i))^T D
    R = np.empty((n_select, n_candidates))
    available = norms > 0
    selected, ratios, residuals = [], [], [float(total)]
    sse = float(total)
    for k in range(n_select):
        if sse <= goal:
            break
        valid = available & (residual_norms > DEPENDENT * norms)
        if not valid.any():
            break
        # ||(w^(i))^T D||^2 / ||w^(i)||^2: the residual reduction of adding candidate i
        reduction = np.full(n_candidates, -np.inf)
        reduction[valid] = np.square(residual_cross[valid]).sum(axis=1) / residual_norms[valid]
        s = int(np.argmax(reduction))
        if not reduction[s] > 0:
            break
        if rank is not None:
            tied = np.flatnonzero(reduction >= reduction[s] * (1 - TIE))
            s = int(tied[np.argmin(rank[tied])])
        length = np.sqrt(residual_norms[s])
        # R_k. = (G_s. - R_.s^T R) / ||w^(s)||, q_k^T D = (w^(s))^T D / ||w^(s)||
        R[k] = gram[s] - R[:k, s] @ R[:k]
        R[k] /= length
        projection = residual_cross[s] / length
        residual_norms -= np.square(R[k])
        residual_cross -= np.outer(R[k], projection)
        available[s] = False
        sse = max(sse - float(reduction[s]), 0.0)
        selected.append(s)
        ratios.append(float(reduction[s]) / total)
        residuals.append(sse)
    return np.array(selected, dtype=np.intp), np.array(ratios), np.array(residuals)

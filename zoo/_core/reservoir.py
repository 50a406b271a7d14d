r"""Reservoir computing: the echo state network's random reservoir, its state update and the
closed-form ridge readout solved from accumulated normal equations (Jaeger 2001; Lukoševičius
2012).

Row convention, as the rest of ``_core`` (``x W`` rather than the papers' ``W x``): a state is a
row :math:`x_t \in \mathbb R^{N}`, and the leaky-integrator update is

.. math::

    \tilde x_t = \tanh(u_t W_{in} + b + x_{t-1} W), \qquad
    x_t = (1 - a)\,x_{t-1} + a\,\tilde x_t, \qquad x_{-1} = 0,

with :math:`W` the transpose of the papers' reservoir matrix (the spectral radius is the same).
With output feedback (Jaeger 2001) the drive also holds :math:`y_{t-1} W_{fb}`, the previous
output through fixed random weights: the true previous target when training (teacher forcing,
:meth:`Reservoir.run` with ``feedback``), the network's own previous output when it runs free
(:meth:`Reservoir.run_closed_loop`, one readout per step).
The input drive :math:`u_t W_{in} + b` of every step is one GEMM over the whole block of steps;
only :math:`x_{t-1} W` is a product per step: a dense GEMM/GEMV for small or dense reservoirs,
a sparse matrix-vector (matrix-matrix for a batch of sequences) product for sparse ones (one
sequence: any size; a batch: above 512 units).

The readout :math:`y_t = z_t W_{out} + c` on :math:`z_t = [u_t, x_t]` is ridge regression with an
unpenalised intercept, weighted by :math:`s_t \ge 0`:

.. math::

    \min_{W_{out}, c} \sum_t s_t \lVert y_t - z_t W_{out} - c\rVert^2
    + \alpha \lVert W_{out}\rVert^2 \iff
    \begin{pmatrix} Z^\top S Z + \alpha I & Z^\top s \\ s^\top Z & \sum s\end{pmatrix}
    \begin{pmatrix} W_{out} \\ c \end{pmatrix} =
    \begin{pmatrix} Z^\top S Y \\ s^\top Y\end{pmatrix},

whose sums :class:`~zoo._core.ridge.RidgeAccumulator` adds up block by block (in float64,
whatever the states' dtype), so that a model fitted in several calls solves exactly the system of
one fit on all the data, and memory stays that of the :math:`(D+1)^2` system whatever the number of
steps. Its home is :mod:`zoo._core.ridge` (zoo's one ridge solver, also the extreme learning
machines'); it is imported here for the echo state networks that import it from this module.
"""

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

try:  # y += A x for a CSR A, the kernel under scipy's ``A @ x`` without its dispatch
    from scipy.sparse._sparsetools import csr_matvec as _csr_matvec
except ImportError:  # a scipy that moved it: the public product (same sums, more overhead)
    _csr_matvec = None

#: Reservoirs up to this many units, or denser than ``_DENSE_DENSITY``, run a batch of sequences
#: on a dense matrix (one BLAS matrix-matrix product per step beats a sparse one there); larger
#: sparse ones on a CSR matrix.
_DENSE_UNITS = 512
_DENSE_DENSITY = 0.25

#: One sequence at a time (a matrix-vector product per step, bound by reading the matrix), a
#: reservoir at most ``_DENSE_DENSITY`` dense runs on the CSR matrix, which reads ``density`` of
#: the dense one: through scipy's kernel at any size (10% dense, 5 to 300 units: a quarter to
#: a half less time per step than the dense product, whose call costs as much on a few units),
#: through scipy's public product (more dispatch per call) only above this many units, where
#: the dense matrix (over 512 kB in float64) leaves the faster caches.
_DENSE_UNITS_ONE_SEQUENCE = 256

#: Up to this many units the spectral radius is taken from all eigenvalues (LAPACK); above, the
#: largest-magnitude one from ARPACK, started from a vector of the caller's generator (10%
#: dense, single-threaded: LAPACK takes a third less time at 128 units, as much at 200, a half
#: more at 240).
_DENSE_EIGENVALUES = 160


def spectral_radius(W, rng):
    """The largest absolute eigenvalue of the square (sparse) matrix ``W``.

    Parameters
    ----------
    W : sparse array or ndarray of shape (N, N)
    rng : numpy.random.RandomState
        Draws ARPACK's starting vector (large ``N``), so the result is a function of the seed.

    Returns
    -------
    rho : float
    """
    N = W.shape[0]

    def all_eigenvalues():
        dense = W.toarray() if scipy.sparse.issparse(W) else np.asarray(W)
        return np.linalg.eigvals(dense.astype(np.float64))

    if N <= _DENSE_EIGENVALUES:
        return float(np.abs(all_eigenvalues()).max())
    v0 = rng.uniform(-1.0, 1.0, N)
    W = scipy.sparse.csr_array(W, dtype=np.float64)
    operator = W
    if _csr_matvec is not None:  # the same products, without four layers of dispatch each

        def matvec(v):
            out = np.zeros(N)
            _csr_matvec(N, N, W.indptr, W.indices, W.data, np.ascontiguousarray(v).ravel(), out)
            return out

        operator = scipy.sparse.linalg.LinearOperator((N, N), matvec=matvec, dtype=np.float64)
    try:
        values = scipy.sparse.linalg.eigs(
            operator,
            k=1,
            which="LM",
            v0=v0,
            ncv=min(N - 1, 64),
            maxiter=100 * N,
            return_eigenvectors=False,
        )
    except scipy.sparse.linalg.ArpackNoConvergence:  # clustered moduli: all eigenvalues instead
        values = all_eigenvalues()
    return float(np.abs(values).max())


def reservoir_matrix(n_units, density, radius, rng, dtype=np.float64):
    r"""A sparse random reservoir matrix scaled to spectral radius ``radius``.

    Each unit receives :math:`k = \max(1, \mathrm{round}(\text{density}\cdot N))` connections
    from distinct units drawn uniformly (a fixed in-degree: no unit is cut off, and the
    connection graph has a cycle, so the matrix is almost surely not nilpotent), with weights
    uniform in :math:`[-1, 1]`; the matrix is then multiplied by
    :math:`\rho / \rho(W)` (Jaeger 2001; Lukoševičius 2012, §3.2.1-3.2.2).

    Parameters
    ----------
    n_units : int
    density : float in (0, 1]
    radius : float >= 0
    rng : numpy.random.RandomState
    dtype : float dtype of the result

    Returns
    -------
    W : scipy.sparse.csr_array of shape (n_units, n_units)
        In the row convention: unit ``j`` receives ``x[i] * W[i, j]``.
    """
    N = n_units
    k = max(1, min(N, int(round(density * N))))
    sources = np.empty((N, k), dtype=np.int64)
    for target in range(N):
        # rng.choice(N, k, replace=False)'s very draws, without its argument handling
        sources[target] = rng.permutation(N)[:k]
    values = rng.uniform(-1.0, 1.0, N * k)
    targets = np.repeat(np.arange(N), k)
    W = scipy.sparse.csr_array((values, (sources.ravel(), targets)), shape=(N, N))
    W.sum_duplicates()
    W.sort_indices()
    rho = spectral_radius(W, rng)
    if rho > 0:
        W = W * (radius / rho)
    return scipy.sparse.csr_array(W, dtype=dtype)


def input_matrix(n_units, n_inputs, input_scaling, bias_scaling, rng, dtype=np.float64):
    r"""Dense input weights and biases uniform in :math:`[-1, 1]`, scaled by ``input_scaling``
    and ``bias_scaling`` (Lukoševičius 2012, §3.2.5).

    Returns
    -------
    W_in : ndarray of shape (n_inputs, n_units)
    b : ndarray of shape (n_units,)
    """
    W_in = rng.uniform(-1.0, 1.0, (n_inputs, n_units)) * input_scaling
    b = rng.uniform(-1.0, 1.0, n_units) * bias_scaling
    return W_in.astype(dtype), b.astype(dtype)


class Reservoir:
    """The state update of an echo state network with fixed weights.

    Parameters
    ----------
    weights : sparse array of shape (N, N)
        The reservoir matrix :math:`W` (row convention).
    input_weights : ndarray of shape (F, N)
    bias : ndarray of shape (N,)
    leak_rate : float in (0, 1]
    feedback_weights : ndarray of shape (K, N), default=None
        :math:`W_{fb}`, the previous output's weights (None: no output feedback).
    """

    def __init__(self, weights, input_weights, bias, leak_rate, feedback_weights=None):
        N = weights.shape[0]
        self.dtype = input_weights.dtype
        self.input_weights, self.bias, self.leak_rate = input_weights, bias, float(leak_rate)
        self.feedback_weights = feedback_weights
        self.n_units = N
        density = weights.nnz / max(1, N * N)
        sparse = density <= _DENSE_DENSITY
        self.dense = N <= _DENSE_UNITS or not sparse  # the batches' product
        self._W = self._W_T = None
        if self.dense:
            self._W = np.ascontiguousarray(weights.toarray(), dtype=self.dtype)
        if sparse and (_csr_matvec is not None or N > _DENSE_UNITS_ONE_SEQUENCE):
            # x W = (W^T x^T)^T: the transpose as CSR makes each output a row's dot product
            self._W_T = scipy.sparse.csr_array(weights.T, dtype=self.dtype)
        self._csr = None  # the CSR arrays for scipy's kernel, when one sequence runs on them
        if self._W_T is not None and _csr_matvec is not None:
            self._csr = (self._W_T.indptr, self._W_T.indices, self._W_T.data)

    def _recurrent(self, x, out):
        """``out = x W`` for states ``x`` of shape (n, N)."""
        if x.shape[0] == 1 and self._W_T is not None:
            out[0] = self._W_T @ x[0]
        elif self.dense:
            np.matmul(x, self._W, out=out)
        else:
            out[...] = (self._W_T @ x.T).T
        return out

    def add_recurrent(self, x, drive, scratch):
        """``drive += x W`` for states ``x`` of shape (n, N); ``scratch`` a buffer of that shape.

        One sequence on the CSR matrix accumulates the row dot products straight into
        ``drive`` (scipy's kernel: the Python dispatch of ``@`` would cost more than the
        product itself on a few hundred units)."""
        if (
            self._csr is not None
            and x.shape[0] == 1
            and x.dtype == self.dtype
            and drive.dtype == self.dtype
            and x.flags.c_contiguous
            and drive.flags.c_contiguous  # the kernel writes in place: never into a copy
        ):
            N = self.n_units
            _csr_matvec(N, N, *self._csr, x[0], drive[0])
        else:
            drive += self._recurrent(x, scratch)
        return drive

    def _recurrent_adder(self, out, state):
        """``add(x, drive, scratch)``, :meth:`add_recurrent` for the steps of a run into
        ``out (T, n, N)`` from ``state``, its choice of product made once for all of them (the
        per-step checks would cost a fair part of a small reservoir's product)."""
        if (
            self._csr is not None
            and out.shape[1] == 1
            and out.dtype == self.dtype
            and out.strides[-1] == out.itemsize  # each out[t][0] a contiguous row: in place
            and (state is None or (state.dtype == self.dtype and state.flags.c_contiguous))
        ):
            N, (indptr, indices, data) = self.n_units, self._csr

            def add(x, drive, scratch):
                _csr_matvec(N, N, indptr, indices, data, x[0], drive[0])

            return add
        if self.dense:
            W = self._W

            def add(x, drive, scratch):
                drive += np.matmul(x, W, out=scratch)

            return add
        return self.add_recurrent

    def step(self, drive, x, scratch, add=None):
        r"""One update in place: ``drive`` (the input term :math:`u_t W_{in} + b`, shape (n, N))
        becomes :math:`(1-a)x + a\tanh(\text{drive} + xW)`. ``x`` None is the zero state;
        ``scratch`` is a buffer of ``drive``'s shape, not ``drive`` itself; ``add`` the
        product :meth:`add_recurrent` (default) or one of :meth:`_recurrent_adder`."""
        a = self.leak_rate
        if x is not None:
            (add or self.add_recurrent)(x, drive, scratch)
        np.tanh(drive, out=drive)
        if a != 1.0:
            drive *= a
            if x is not None:
                drive += np.multiply(x, 1.0 - a, out=scratch)
        return drive

    def drive(self, U, out, feedback=None):
        """The input terms :math:`u_t W_{in} + b` of a block of inputs ``U (..., F)``, plus
        :math:`y_{t-1} W_{fb}` for the previous outputs ``feedback (..., K)`` when given."""
        flat_out = out.reshape(-1, self.n_units)
        if not np.may_share_memory(flat_out, out):  # ``out`` a view reshape had to copy
            flat_out = np.empty(flat_out.shape, dtype=out.dtype)
        np.matmul(U.reshape(-1, U.shape[-1]), self.input_weights, out=flat_out)
        flat_out += self.bias
        if feedback is not None:
            flat_out += feedback.reshape(-1, feedback.shape[-1]) @ self.feedback_weights
        if flat_out.base is None:
            out[...] = flat_out.reshape(out.shape)
        return out

    def run(self, U, state=None, out=None, feedback=None):
        """States of time-major inputs ``U (T, n, F)`` from ``state`` (n, N) (None: zero);
        ``feedback (T, n, K)``: the previous outputs fed back at each step (teacher forcing).

        Returns
        -------
        states : ndarray of shape (T, n, N)
            ``out`` when given (any buffer of that shape and the reservoir's dtype).
        """
        T, n, _ = U.shape
        if out is None:
            out = np.empty((T, n, self.n_units), dtype=self.dtype)
        self.drive(U, out, feedback)
        x = state
        scratch = np.empty((n, self.n_units), dtype=self.dtype)
        add = self._recurrent_adder(out, state)
        for t in range(T):
            x = self.step(out[t], x, scratch, add)
        return out

    def run_closed_loop(self, U, readout, y_previous, state=None, out=None):
        r"""States and outputs of the network running free: its own output fed back.

        At each step the drive :math:`u_t W_{in} + b + \hat y_{t-1} W_{fb}` updates the state,
        then the readout gives :math:`\hat y_t` = ``readout(u_t, x_t)``, fed back at the next
        step.

        Parameters
        ----------
        U : ndarray of shape (T, n, F)
        readout : callable ``(u (n, F), x (n, N)) -> y (n, K)``
        y_previous : ndarray of shape (n, K)
            :math:`\hat y_{-1}`, fed back at the first step (zeros from the start).
        state : ndarray of shape (n, N) or None
        out : ndarray of shape (T, n, N), default=None

        Returns
        -------
        states : ndarray of shape (T, n, N)
        outputs : ndarray of shape (T, n, K)
        """
        T, n, _ = U.shape
        if out is None:
            out = np.empty((T, n, self.n_units), dtype=self.dtype)
        outputs = np.empty((T, n, y_previous.shape[1]), dtype=self.dtype)
        self.drive(U, out)
        x, y = state, y_previous
        scratch = np.empty((n, self.n_units), dtype=self.dtype)
        add = self._recurrent_adder(out, state)
        for t in range(T):
            out[t] += y @ self.feedback_weights
            x = self.step(out[t], x, scratch, add)
            y = outputs[t] = readout(U[t], x)
        return out, outputs


def time_blocks(n_timesteps, n_sequences, n_units, budget=2**22):
    """Slices of time steps whose ``(steps, n_sequences, n_units)`` states fit in ``budget``
    numbers (at least one step per block)."""
    size = max(1, budget // max(1, n_sequences * n_units))
    return [slice(t, min(t + size, n_timesteps)) for t in range(0, n_timesteps, size)]

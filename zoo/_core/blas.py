"""Threading and in-place helpers for the hot loops.

Two BLAS libraries. numpy and scipy each load their own OpenBLAS, each with its own thread pool.
A loop that alternates between them (``np.matmul`` then a ``scipy.linalg.blas`` call) with both
pools multi-threaded leaves one pool spinning while the other works (an MLP fit slows down
severalfold against numpy's BLAS alone). scipy's BLAS routines (:func:`add_matmul`'s gemm with
``beta``, ``ger``, ``gemv``) are therefore used only inside :func:`single_threaded_blas` (or a
``threadpool_limits(1)`` block), where neither pool has threads to wake.

Level-1 operations (``y += a x``) are done with numpy ufuncs into a caller-provided scratch
buffer, not with (scipy's) BLAS ``axpy``: the two-pool effect above, and a thread wake-up per
call on a busy machine, make it slower than the ufunc. GEMMs keep BLAS and its threads, unless a
family runs a chain of small dependent GEMMs, where :func:`single_threaded_blas` is the faster
choice. (Timings: ``benchmarks/`` and the commit messages.)
"""

import functools

import numpy as np
from scipy.linalg.blas import get_blas_funcs
from threadpoolctl import ThreadpoolController

_threadpools = None
_gemms = {}


def scaled_add(y, alpha, x, scratch):
    """y += alpha * x in place, through ``scratch`` (same shape and dtype as x): no allocation."""
    np.multiply(x, alpha, out=scratch)
    y += scratch
    return y


def _fortran_operand(x):
    """(array, trans) with op(array) = x.T and array Fortran-ordered, copying only if x is neither
    C- nor F-contiguous: BLAS is column-major, and the transpose of a C array is a Fortran one."""
    if x.T.flags.f_contiguous:
        return x.T, 0
    if x.flags.f_contiguous:
        return x, 1
    return np.asfortranarray(x.T), 0


def add_matmul(a, b, c, beta=1.0):
    """c = a @ b + beta c in place, by one BLAS gemm; c must be C-contiguous.

    scipy's gemm: call it with BLAS limited to one thread (see the module docstring).

    The product is computed as :math:`c^\top = b^\top a^\top` (column-major), so ``beta`` folds
    an addition into the GEMM (a recurrent input, a weight-decay term) at no extra pass, and
    transposed views of a and b are passed to BLAS as they are.
    """
    gemm = _gemms.get(c.dtype.char)
    if gemm is None:
        gemm = _gemms[c.dtype.char] = get_blas_funcs("gemm", (c,))
    b_operand, trans_b = _fortran_operand(b)
    a_operand, trans_a = _fortran_operand(a)
    gemm(1.0, b_operand, a_operand, beta, c.T, trans_a=trans_b, trans_b=trans_a, overwrite_c=True)
    return c


def single_threaded_blas(method):
    """Run ``method`` with BLAS on one thread.

    A chain of small GEMMs, each waiting for the one before (a recurrence, a minibatch loop over
    small layers), gains nothing from a BLAS thread pool but a synchronisation per call, which on
    a busy machine costs more than the products themselves (``benchmarks/bench_elman.py``). The
    controller is built once (building it scans the loaded libraries); entering its limit is cheap
    next to a fit.
    """

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        global _threadpools
        if _threadpools is None:
            _threadpools = ThreadpoolController()
        with _threadpools.limit(limits=1, user_api="blas"):
            return method(*args, **kwargs)

    return wrapper

"""Threading and in-place helpers for the hot loops.

Level-1 operations (``y += a x``) are done with numpy ufuncs into a caller-provided scratch
buffer, not with BLAS ``axpy``: a BLAS call on a long vector wakes its thread pool, which costs a
synchronisation per call and, on a busy machine, was measured here to make an Adam step 10x slower
than numpy's single-threaded loop. GEMMs keep BLAS and its threads, unless a family runs a chain
of small dependent GEMMs, where :func:`single_threaded_blas` is the faster choice.
"""

import functools

import numpy as np
from threadpoolctl import ThreadpoolController

_threadpools = None


def scaled_add(y, alpha, x, scratch):
    """y += alpha * x in place, through ``scratch`` (same shape and dtype as x): no allocation."""
    np.multiply(x, alpha, out=scratch)
    y += scratch
    return y


def single_threaded_blas(method):
    """Run ``method`` with BLAS on one thread.

    A chain of small GEMMs, each waiting for the one before (a recurrence, a minibatch loop over
    small layers), gains nothing from a BLAS thread pool but a synchronisation per call — measured
    here 10x (T=25, H=32) to 60x (H=128) slower Elman training on a busy 2-core machine. The
    controller is built once (building it scans the loaded libraries); entering its limit costs
    about 10 µs per call.
    """

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        global _threadpools
        if _threadpools is None:
            _threadpools = ThreadpoolController()
        with _threadpools.limit(limits=1, user_api="blas"):
            return method(*args, **kwargs)

    return wrapper

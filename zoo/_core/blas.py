"""In-place BLAS level-1 helpers for the hot loops (one pass over memory, no temporary)."""

import numpy as np
from scipy.linalg.blas import get_blas_funcs


def axpy(alpha, x, y):
    """y += alpha * x, in place, through BLAS when both arrays are contiguous and of one dtype."""
    if (x.dtype == y.dtype and x.dtype in (np.float32, np.float64)
            and x.flags.c_contiguous and y.flags.c_contiguous):
        get_blas_funcs("axpy", (y,))(x.ravel(), y.ravel(), a=alpha)
    else:
        y += alpha * x
    return y

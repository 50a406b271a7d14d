"""Which floating-point arithmetic this process has: a fingerprint of its BLAS, LAPACK and numpy.

Two processes compute bit-identical results for the same program only if every kernel they call
sums in the same order: the OpenBLAS core type (``threadpoolctl``'s ``architecture``) and its
thread count (a 2-thread GEMM splits its sums otherwise than a 1-thread one), numpy's SIMD loops
for ``exp``, ``tanh`` and the reductions (AVX-512 or AVX2), the library versions. Names do not
settle it (an AMD and an Intel CPU both running OpenBLAS's SkylakeX kernels are named alike), so
:func:`fingerprint` computes: it runs a battery of the operations zoo uses, at the shapes where
kernels switch (small, blocked, threaded), and hashes their bits together with those names.
Equal fingerprints mean the same arithmetic; ``tests/test_unchanged.py`` compares exactly only
then.
"""

import hashlib

import numpy as np
import scipy
import scipy.linalg
import scipy.special
from scipy.linalg.blas import get_blas_funcs
from threadpoolctl import threadpool_info

#: (m, k, n) of the products probed: the snapshot cases' shapes, a blocked one and a threaded one.
SHAPES = ((60, 6, 6), (60, 6, 16), (40, 10, 3), (257, 300, 129), (600, 700, 300))
UFUNCS = (
    np.exp,
    np.tanh,
    np.expm1,
    np.sin,
    np.cos,
    np.arctan,
    scipy.special.expit,
    lambda x: np.log(np.abs(x) + 0.5),
    lambda x: np.log1p(np.abs(x)),
    lambda x: np.sqrt(np.abs(x)),
    lambda x: np.power(np.abs(x), 1.7),
    lambda x: np.logaddexp(x, 0.3 * x),
)


def configuration():
    """The names: each BLAS library's core type, thread count and version; numpy's, scipy's."""
    libraries = sorted(
        (d.get("internal_api"), d.get("version"), d.get("architecture"), d.get("num_threads"))
        for d in threadpool_info()
        if d.get("user_api") == "blas"  # not OpenMP, whose loading depends on what was imported
    )
    return repr((np.__version__, scipy.__version__, libraries))


def _probe(dtype):
    rng = np.random.default_rng(20261207)
    for m, k, n in SHAPES:
        A = rng.normal(size=(m, k)).astype(dtype)
        B = rng.normal(size=(k, n)).astype(dtype)
        v = rng.normal(size=k).astype(dtype)
        w = rng.normal(size=m).astype(dtype)
        yield A @ B
        yield A @ v
        yield w @ A
        yield v @ v
        yield A @ A.T  # one buffer on both sides: numpy calls syrk
        yield get_blas_funcs("gemm", (A,))(1.0, A, B)  # scipy's own BLAS library
        yield A.sum(axis=0), A.sum(axis=1), A.sum(), A.mean(axis=0), A.std(axis=0)
        yield np.einsum("ij,ij->i", A, A), np.cumsum(A, axis=1)
    x = rng.normal(scale=4.0, size=2049).astype(dtype)
    for ufunc in UFUNCS:
        yield ufunc(x)
    yield scipy.special.logsumexp(x.reshape(-1, 1), axis=1)
    S = rng.normal(size=(40, 40)).astype(dtype)
    S = S @ S.T + 40 * np.eye(40, dtype=dtype)
    yield np.linalg.solve(S, S[:, :3]), np.linalg.cholesky(S), np.linalg.eigh(S)[0]
    yield np.linalg.pinv(S[:, :25]), np.linalg.svd(S[:30], compute_uv=False)
    yield scipy.linalg.cho_solve(scipy.linalg.cho_factor(S), S[:, 0])
    yield np.linalg.lstsq(S[:, :10], S[:, 11], rcond=None)[0]


def fingerprint():
    """A short hex digest: equal for two processes only if their arithmetic is the same."""
    digest = hashlib.sha256(configuration().encode())
    for dtype in (np.float64, np.float32):
        for outputs in _probe(dtype):
            for output in outputs if isinstance(outputs, tuple) else (outputs,):
                digest.update(np.ascontiguousarray(output).tobytes())
    return digest.hexdigest()[:16]

"""Generators of the classic synthetic benchmarks of neural-network research.

Recipes follow the original papers (see each docstring); nothing is downloaded.
"""

import itertools

import numpy as np
from sklearn.utils import check_random_state


def make_xor(n_samples_per_corner=1, noise=0.0, random_state=None):
    """The XOR problem: four points no single-layer perceptron separates (Minsky & Papert 1969).

    Parameters
    ----------
    n_samples_per_corner : int, default=1
        Points drawn at each of the four corners ``(0,0), (0,1), (1,0), (1,1)``.
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to the points.
    random_state : int, RandomState instance or None

    Returns
    -------
    X : ndarray of shape (4 * n_samples_per_corner, 2)
    y : ndarray of shape (4 * n_samples_per_corner,)
        ``y = x1 xor x2``.

    Examples
    --------
    >>> from zoo.datasets import make_xor
    >>> X, y = make_xor()
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0, 1, 1, 0])
    """
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    X = np.repeat(corners, n_samples_per_corner, axis=0)
    y = np.logical_xor(X[:, 0], X[:, 1]).astype(int)
    if noise:
        X = X + check_random_state(random_state).normal(0.0, noise, X.shape)
    return X, y


def make_two_spirals(n_points_per_spiral=97, noise=0.0, random_state=None):
    """Wieland's two-spirals problem (Lang & Witbrock 1988; Fahlman & Lebiere 1990).

    With the default 97 points per spiral: for ``i = 0..96``, angle ``i·pi/16`` and radius
    ``6.5·(104 − i)/104``; the point ``(r sin, r cos)`` is class 1 and its negation class 0 —
    194 points on three turns, radius from 6.5 down to 0.5. More points per spiral keep the same
    three turns and radii (the CMU benchmark's ``density``): with ``d = (n − 1)/96``, angle
    ``i·pi/(16d)`` and radius ``6.5·(104d − i)/(104d)``.

    Parameters
    ----------
    n_points_per_spiral : int, default=97
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to the coordinates.
    random_state : int, RandomState instance or None

    Returns
    -------
    X : ndarray of shape (2 * n_points_per_spiral, 2)
        Points in pairs: each class-1 point followed by its negation.
    y : ndarray of shape (2 * n_points_per_spiral,)

    Examples
    --------
    >>> from zoo.datasets import make_two_spirals
    >>> X, y = make_two_spirals()
    >>> X.shape, int(y.sum())
    ((194, 2), 97)
    """
    if n_points_per_spiral < 2:
        raise ValueError("n_points_per_spiral must be at least 2.")
    density = (n_points_per_spiral - 1) / 96
    i = np.arange(n_points_per_spiral)
    angle = i * np.pi / (16 * density)
    radius = 6.5 * (104 * density - i) / (104 * density)
    spiral = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    X = np.empty((2 * n_points_per_spiral, 2))
    X[0::2], X[1::2] = spiral, -spiral
    y = np.tile([1, 0], n_points_per_spiral)
    if noise:
        X += check_random_state(random_state).normal(0.0, noise, X.shape)
    return X, y


def make_parity(n_bits):
    """N-parity: all ``2**n_bits`` bit patterns; the target is 1 when an odd number of bits are on.

    Parameters
    ----------
    n_bits : int

    Returns
    -------
    X : ndarray of shape (2**n_bits, n_bits), values 0.0 / 1.0
    y : ndarray of shape (2**n_bits,)

    Examples
    --------
    >>> from zoo.datasets import make_parity
    >>> X, y = make_parity(2)
    >>> y.tolist()
    [0, 1, 1, 0]
    """
    if n_bits < 1:
        raise ValueError("n_bits must be at least 1.")
    X = np.array(list(itertools.product([0.0, 1.0], repeat=n_bits)))
    y = (X.sum(axis=1) % 2).astype(int)
    return X, y


def make_encoder(n_patterns):
    """The N-log2(N)-N encoder problem (Ackley, Hinton & Sejnowski 1985).

    ``n_patterns`` one-hot patterns to pass through a narrow hidden layer: pattern ``k`` turns on
    unit ``k`` of the input group and unit ``k`` of the output group. For a Boltzmann machine the
    visible vector is ``np.hstack([X, Y])``, with no direct connections between the two groups.

    Parameters
    ----------
    n_patterns : int

    Returns
    -------
    X : ndarray of shape (n_patterns, n_patterns)
        One-hot input patterns.
    Y : ndarray of shape (n_patterns, n_patterns)
        The same one-hot patterns, the target group.

    Examples
    --------
    >>> from zoo.datasets import make_encoder
    >>> X, Y = make_encoder(4)
    >>> X.shape, bool((X == Y).all())
    ((4, 4), True)
    """
    if n_patterns < 2:
        raise ValueError("n_patterns must be at least 2.")
    X = np.eye(n_patterns)
    return X, X.copy()


def make_circle_in_square(n_samples=1000, random_state=None):
    """Circle-in-the-square (Carpenter et al. 1992): uniform points in [0, 1]², class 1 inside the
    circle centred at (0.5, 0.5) of area ½ (radius ``1/sqrt(2 pi)``).

    Parameters
    ----------
    n_samples : int, default=1000
    random_state : int, RandomState instance or None

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
    y : ndarray of shape (n_samples,)

    Examples
    --------
    >>> from zoo.datasets import make_circle_in_square
    >>> X, y = make_circle_in_square(1000, random_state=0)
    >>> X.shape, bool(0.4 < y.mean() < 0.6)
    ((1000, 2), True)
    """
    rng = check_random_state(random_state)
    X = rng.uniform(0.0, 1.0, (n_samples, 2))
    radius = 1.0 / np.sqrt(2.0 * np.pi)
    y = (((X - 0.5) ** 2).sum(axis=1) <= radius**2).astype(int)
    return X, y

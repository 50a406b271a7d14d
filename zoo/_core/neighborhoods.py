r"""Neighbourhood functions :math:`h(d; \sigma)` of a self-organising map.

Each takes the *squared* grid distance :math:`d^2 = \lVert r_c - r_u \rVert^2` between the winning
unit :math:`c` and a unit :math:`u` (see :mod:`zoo._core.grid`) and the radius :math:`\sigma`, and
returns the unit's share of the update (1 at the winner). They are radial — functions of the grid
distance alone — so they are equally correct on rectangular, hexagonal and toroidal maps.
"""

import numpy as np

#: Radii below this are raised to it. A grid's distances between distinct units are at least
#: about 1 (hexagonal rows: 0.87), and already at sigma = 1e-100 every h(d; sigma) is 0 for them
#: in float64 (exp(-1e200 d^2 / 2)), the sigma -> 0 limit (the winner alone is updated); a smaller
#: sigma would only make sigma^2 underflow to 0 and the functions divide by it.
SMALLEST_RADIUS = 1e-100


def gaussian(d2, sigma):
    # h = exp(-d^2 / (2 sigma^2))
    sigma = max(sigma, SMALLEST_RADIUS)
    return np.exp(d2 * (-0.5 / (sigma * sigma)))


def bubble(d2, sigma):
    # h = 1 if d <= sigma else 0  (Kohonen's neighbourhood set N_c)
    return (d2 <= sigma * sigma).astype(d2.dtype)


def mexican_hat(d2, sigma):
    # h = (1 - d^2 / sigma^2) exp(-d^2 / (2 sigma^2))  (Ricker wavelet: lateral inhibition)
    sigma = max(sigma, SMALLEST_RADIUS)
    s2 = sigma * sigma
    return (1.0 - d2 / s2) * np.exp(d2 * (-0.5 / s2))


def triangle(d2, sigma):
    # h = max(0, 1 - d / sigma)  (a cone of radius sigma)
    sigma = max(sigma, SMALLEST_RADIUS)
    return np.maximum(0.0, 1.0 - np.sqrt(d2) / sigma).astype(d2.dtype, copy=False)


NEIGHBORHOODS = {
    "gaussian": gaussian,
    "bubble": bubble,
    "mexican_hat": mexican_hat,
    "triangle": triangle,
}


def influence_radius(neighborhood, sigma, threshold=1e-4):
    """Grid distance beyond which :math:`|h| <` ``threshold``: units further away may be skipped.

    Gaussian: :math:`\\sigma\\sqrt{2\\ln(1/\\epsilon)}`; bubble and triangle: :math:`\\sigma`;
    Mexican
    hat: :math:`|h| \\le (d^2/\\sigma^2) e^{-d^2/2\\sigma^2}` beyond :math:`\\sqrt2\\sigma`, solved
    on a
    fine grid of distances (it decays like the Gaussian, only slower by the polynomial factor).

    Examples
    --------
    >>> from zoo._core.neighborhoods import influence_radius
    >>> round(influence_radius("gaussian", 1.0, 1e-4), 3)
    4.292
    """
    if neighborhood in ("bubble", "triangle"):
        return float(sigma)
    if neighborhood == "gaussian":
        return float(sigma * np.sqrt(2.0 * np.log(1.0 / threshold)))
    if neighborhood == "mexican_hat":
        ratio = np.linspace(np.sqrt(2.0), 20.0, 4000)
        tail = ratio**2 * np.exp(-0.5 * ratio**2)  # bound on |h| at d = ratio * sigma
        beyond = ratio[tail >= threshold]
        return float(sigma * (beyond[-1] if beyond.size else np.sqrt(2.0)))
    raise ValueError(
        f"Unknown neighborhood {neighborhood!r}; expected one of {list(NEIGHBORHOODS)}."
    )

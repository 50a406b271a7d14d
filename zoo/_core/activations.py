r"""Activation functions and their derivatives, looked up by name.

Every activation ``f`` maps a pre-activation ``z`` to an output ``a = f(z)``; every derivative is
written from the *output* ``a`` (as in back-propagation, where ``a`` is already stored) and applied
in place to the back-propagated error ``delta`` (``delta <- delta * f'(z)``). All functions accept
``out=`` so that training loops can reuse preallocated buffers, and none of them overflows: they are
safe for any finite ``z`` of either dtype.

=============  ===============================  ================================
name           :math:`a = f(z)`                 :math:`f'(z)` from :math:`a`
=============  ===============================  ================================
identity       :math:`z`                        :math:`1`
logistic       :math:`1 / (1 + e^{-z})`         :math:`a (1 - a)`
tanh           :math:`\tanh z`                  :math:`1 - a^2`
relu           :math:`\max(0, z)`               :math:`[a > 0]`
step           :math:`[z \ge 0]` (Heaviside)    :math:`0` (not differentiable)
softmax        :math:`e^{z_k} / \sum_j e^{z_j}` Jacobian-vector product
exp            :math:`e^{z}`                    :math:`a`
gaussian       :math:`e^{-z^2/2}`               :math:`-z a` (needs :math:`z`)
=============  ===============================  ================================

``sigmoid`` is an alias of ``logistic``.

The gaussian's derivative cannot be written from its output alone (:math:`a` does not tell the sign
of :math:`z`), so it is not in :data:`DERIVATIVES`: it lives in :data:`Z_DERIVATIVES`, whose entries
take ``(z, a, delta)``. Code that keeps ``z`` gets a derivative for *any* activation from
:func:`get_derivative_with_z`, which falls back to :data:`DERIVATIVES` for the others.
"""

import numpy as np
from scipy.special import expit


def identity(z, out=None):
    """a = z."""
    if out is None or out is z:
        return z
    np.copyto(out, z)
    return out


def logistic(z, out=None):
    """a = 1 / (1 + exp(-z)); scipy's expit never overflows."""
    if z.dtype == np.float32:
        # numpy's float32 exp is vectorised (SIMD), scipy's expit is not
        out = np.negative(z, out=out)
        with np.errstate(over="ignore"):
            np.exp(out, out=out)  # exp(-z) = inf below z = -88: 1 / (1 + inf) = 0 is right
        out += 1
        return np.reciprocal(out, out=out)
    return expit(z, out=out)


def tanh(z, out=None):
    """a = tanh(z)."""
    return np.tanh(z, out=out)


def relu(z, out=None):
    """a = max(0, z)."""
    return np.maximum(z, 0, out=out)


def heaviside(z, out=None):
    """Heaviside step of the McCulloch-Pitts neuron: a = 1 if z >= 0 else 0."""
    if out is None:
        out = np.empty_like(z)
    np.greater_equal(z, 0, out=out, casting="unsafe")
    return out


def softmax(z, out=None):
    """a_k = exp(z_k - max_j z_j) / sum_j exp(z_j - max_j z_j), row-wise (shift for stability)."""
    if out is None:
        out = np.empty_like(z)
    np.subtract(z, z.max(axis=1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= out.sum(axis=1, keepdims=True)
    return out


def exp(z, out=None):
    """a = exp(z), the inverse log link of Poisson regression (clipped so it stays finite)."""
    limit = np.log(np.finfo(z.dtype).max) - 1.0
    out = np.clip(z, None, limit, out=out)
    return np.exp(out, out=out)


def gaussian(z, out=None):
    """a = exp(-z^2 / 2), cascade-correlation's gaussian unit.

    z is clipped to [-40, 40] first: z^2 cannot overflow, and exp(-800) is already 0 in float64.
    """
    out = np.clip(z, -40.0, 40.0, out=out)
    np.multiply(out, out, out=out)
    out *= -0.5
    return np.exp(out, out=out)


def identity_derivative(a, delta):
    """f'(z) = 1: delta is unchanged."""
    return delta


def logistic_derivative(a, delta):
    """f'(z) = a (1 - a)."""
    delta *= a
    delta *= 1 - a
    return delta


def tanh_derivative(a, delta):
    """f'(z) = 1 - a^2."""
    delta *= 1 - a**2
    return delta


def relu_derivative(a, delta):
    """f'(z) = 1 where a > 0 else 0."""
    # multiplying by the boolean mask is one pass; assigning through it (delta[a <= 0] = 0) is a
    # masked scatter, several times slower
    return np.multiply(delta, a > 0, out=delta)


def heaviside_derivative(a, delta):
    """The Heaviside step's derivative is 0 almost everywhere: no gradient flows through it."""
    delta[...] = 0
    return delta


def softmax_derivative(a, delta):
    """Jacobian-vector product of softmax: (J^T delta)_k = a_k (delta_k - sum_j a_j delta_j)."""
    delta -= np.einsum("ij,ij->i", a, delta)[:, np.newaxis]
    delta *= a
    return delta


def exp_derivative(a, delta):
    """f'(z) = exp(z) = a."""
    delta *= a
    return delta


def gaussian_derivative(z, a, delta):
    """f'(z) = -z exp(-z^2 / 2) = -z a: needs z, not only a."""
    delta *= z
    delta *= a
    return np.negative(delta, out=delta)


ACTIVATIONS = {
    "identity": identity,
    "logistic": logistic,
    "sigmoid": logistic,
    "tanh": tanh,
    "relu": relu,
    "heaviside": heaviside,
    "softmax": softmax,
    "exp": exp,
    "gaussian": gaussian,
}

DERIVATIVES = {
    "identity": identity_derivative,
    "logistic": logistic_derivative,
    "sigmoid": logistic_derivative,
    "tanh": tanh_derivative,
    "relu": relu_derivative,
    "heaviside": heaviside_derivative,
    "softmax": softmax_derivative,
    "exp": exp_derivative,
}

#: Derivatives that need the pre-activation: ``derivative(z, a, delta)`` multiplies delta by f'(z).
Z_DERIVATIVES = {
    "gaussian": gaussian_derivative,
}

#: Activations a hidden layer of a gradient-trained network may use.
HIDDEN_ACTIVATIONS = ("identity", "logistic", "sigmoid", "tanh", "relu")


def get_activation(name):
    """Return ``(f, inplace_derivative)`` for ``name``; an unknown name lists the valid ones."""
    if name in Z_DERIVATIVES:
        raise ValueError(
            f"The derivative of activation {name!r} needs z, not only its output; use "
            "get_derivative_with_z."
        )
    try:
        return ACTIVATIONS[name], DERIVATIVES[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"Unknown activation {name!r}; valid activations are {sorted(ACTIVATIONS)}."
        ) from None


def get_derivative_with_z(name):
    """Return ``derivative(z, a, delta)`` for ``name``: multiplies ``delta`` by f'(z) in place.

    For the activations of :data:`Z_DERIVATIVES` it uses ``z``; for every other one it is the
    usual derivative from the output ``a``.
    """
    if name in Z_DERIVATIVES:
        return Z_DERIVATIVES[name]
    from_output = get_activation(name)[1]

    def derivative(z, a, delta):
        return from_output(a, delta)

    return derivative

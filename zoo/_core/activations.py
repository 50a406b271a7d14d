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
from scipy.special import expit, ndtr


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


# --------------------------------------------------------------------------- modern activations
# Each is stable for any finite z of either dtype and keeps z's dtype. leaky_relu, elu and softplus
# have derivatives written from the output (a tells the sign of z and, for softplus, z itself);
# gelu and swish are not invertible (a = f(z) has two preimages below 0), so their derivatives
# need z and live in Z_DERIVATIVES.

#: Slope of leaky_relu for z < 0 (Maas, Hannun & Ng 2013).
LEAKY_SLOPE = 0.01


def leaky_relu(z, out=None):
    """a = z if z > 0 else 0.01 z (Maas et al. 2013)."""
    if out is None:
        out = np.empty_like(z)
    if out is not z:
        np.copyto(out, z)
    return np.multiply(out, LEAKY_SLOPE, out=out, where=out < 0)


def elu(z, out=None):
    """a = z if z > 0 else exp(z) - 1 (Clevert, Unterthiner & Hochreiter 2016, alpha = 1).

    expm1 of min(z, 0): no overflow for large z, no cancellation for small |z|.
    """
    negative = np.expm1(np.minimum(z, 0))
    out = np.maximum(z, 0, out=out)
    out += negative  # z > 0: z + expm1(0) = z ; z <= 0: 0 + expm1(z)
    return out


def softplus(z, out=None):
    """a = log(1 + exp(z)), computed as logaddexp(0, z): never overflows, exact for large z."""
    return np.logaddexp(0, z, out=out, dtype=z.dtype)


def gelu(z, out=None):
    """a = z Phi(z), Phi the standard normal CDF (Hendrycks & Gimpel 2016, the exact form)."""
    cdf = ndtr(z)  # Phi(z) in [0, 1]: -inf z gives 0 * z = -0, never inf * 0
    return np.multiply(z, cdf, out=out)


def swish(z, out=None):
    """a = z sigma(z): swish with beta = 1, or SiLU (Ramachandran et al. 2017; Elfwing 2018)."""
    s = logistic(z)
    return np.multiply(z, s, out=out)


def leaky_relu_derivative(a, delta):
    """f'(z) = 1 where a > 0 else 0.01 (a has z's sign)."""
    return np.multiply(delta, LEAKY_SLOPE, out=delta, where=a <= 0)


def elu_derivative(a, delta):
    """f'(z) = 1 for z > 0, exp(z) = a + 1 for z <= 0: f'(z) = min(a, 0) + 1."""
    slope = np.minimum(a, 0)
    slope += 1
    delta *= slope
    return delta


def softplus_derivative(a, delta):
    """f'(z) = sigma(z) = 1 - exp(-a), as -expm1(-a): exact even where a (and sigma) are tiny."""
    slope = np.negative(a)
    np.expm1(slope, out=slope)
    delta *= slope
    return np.negative(delta, out=delta)


def _normal_pdf(z):
    """phi(z) = exp(-z^2 / 2) / sqrt(2 pi), with z clipped to [-40, 40] so z^2 cannot overflow."""
    pdf = np.clip(z, -40.0, 40.0)
    np.multiply(pdf, pdf, out=pdf)
    pdf *= -0.5
    np.exp(pdf, out=pdf)
    pdf *= 1.0 / np.sqrt(2.0 * np.pi)
    return pdf


def gelu_derivative(z, a, delta):
    """f'(z) = Phi(z) + z phi(z)."""
    slope = _normal_pdf(z)
    slope *= np.clip(z, -40.0, 40.0)  # z phi(z) is 0 beyond |z| = 40 in both dtypes
    slope += ndtr(z)
    delta *= slope
    return delta


def swish_derivative(z, a, delta):
    """f'(z) = sigma(z) + z sigma(z) (1 - sigma(z)) = sigma(z) (1 + z (1 - sigma(z)))."""
    s = logistic(z)
    slope = np.subtract(1, s, dtype=z.dtype)
    slope *= z  # finite: 1 - s is 0 for large z, and |z| (1 - s) <= |z| for negative z
    slope += 1
    slope *= s
    delta *= slope
    return delta


ACTIVATIONS.update(
    {"leaky_relu": leaky_relu, "elu": elu, "softplus": softplus, "gelu": gelu, "swish": swish}
)
DERIVATIVES.update(
    {
        "leaky_relu": leaky_relu_derivative,
        "elu": elu_derivative,
        "softplus": softplus_derivative,
    }
)
Z_DERIVATIVES.update({"gelu": gelu_derivative, "swish": swish_derivative})
HIDDEN_ACTIVATIONS = HIDDEN_ACTIVATIONS + ("leaky_relu", "elu", "softplus")
#: Hidden activations whose derivative needs z: for networks that keep z (FeedForwardNetwork).
Z_HIDDEN_ACTIVATIONS = ("gelu", "swish")


class CustomActivation:
    """A user-supplied activation ``(f, f_prime)``, usable wherever an activation name is.

    Parameters
    ----------
    f : callable
        ``f(z) -> a``: elementwise, returns an array of ``z``'s shape (it is cast to ``z``'s dtype).
    f_prime : callable
        ``f_prime(z, a) -> f'(z)``: the derivative at ``z``, elementwise, given both the
        pre-activation ``z`` and the output ``a = f(z)`` — write it from whichever is convenient,
        e.g. ``lambda z, a: 1 - a**2`` for tanh or ``lambda z, a: np.cos(z)`` for sin.

    Both must be finite for every finite input (training raises when the loss stops being
    finite). Module-level functions pickle; lambdas do not.
    """

    def __init__(self, f, f_prime):
        if not (callable(f) and callable(f_prime)):
            raise ValueError(
                "A custom activation is a pair of callables (f, f_prime): f(z) -> a and "
                f"f_prime(z, a) -> f'(z); got {(f, f_prime)!r}."
            )
        self.f = f
        self.f_prime = f_prime

    def __call__(self, z, out=None):
        a = np.asarray(self.f(z))
        if a.shape != z.shape:
            raise ValueError(
                f"The custom activation returned shape {a.shape} for input of shape {z.shape}; "
                "it must be elementwise."
            )
        if out is None:
            return a.astype(z.dtype, copy=False)
        np.copyto(out, a, casting="unsafe")
        return out

    def derivative(self, z, a, delta):
        """delta <- delta * f'(z)."""
        delta *= np.asarray(self.f_prime(z, a), dtype=delta.dtype)
        return delta

    def __repr__(self):
        return f"CustomActivation({self.f!r}, {self.f_prime!r})"


def resolve_activation(spec):
    """A registered name (aliases resolved: ``"sigmoid"`` -> ``"logistic"``) or a
    :class:`CustomActivation` for a pair ``(f, f_prime)``; anything else is a ValueError."""
    if isinstance(spec, CustomActivation):
        return spec
    if isinstance(spec, str):
        if spec not in ACTIVATIONS:
            raise ValueError(
                f"Unknown activation {spec!r}; valid activations are {sorted(ACTIVATIONS)}."
            )
        return "logistic" if spec == "sigmoid" else spec
    if isinstance(spec, tuple | list) and len(spec) == 2 and all(callable(s) for s in spec):
        return CustomActivation(*spec)
    raise ValueError(
        f"An activation is a name ({sorted(ACTIVATIONS)}) or a pair of callables "
        f"(f, f_prime); got {spec!r}."
    )


def activation_function(spec):
    """``f(z, out=None)`` for a resolved activation (name or :class:`CustomActivation`)."""
    return spec if isinstance(spec, CustomActivation) else ACTIVATIONS[spec]


def needs_pre_activation(spec):
    """Whether the derivative of this activation needs z (not only its output)."""
    return isinstance(spec, CustomActivation) or spec in Z_DERIVATIVES


def derivative_with_z(spec):
    """``derivative(z, a, delta)`` for a name or a :class:`CustomActivation` (see
    :func:`get_derivative_with_z`)."""
    if isinstance(spec, CustomActivation):
        return spec.derivative
    return get_derivative_with_z(spec)

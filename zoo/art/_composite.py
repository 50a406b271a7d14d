"""What the composite ART networks built on one elementary module share: the module's input
encoding, category memory, choice parameter and learning rate, taken from a clone of it.

A composite (Dual Vigilance ART, TopoART; BARTMAP's row module) is a ``module=`` parameter
holding an unfitted elementary module (``FuzzyART()`` when None), as artlib's ``base_module``.
The composite keeps its own categories (``_memory``, made by the module's ``_new_memory``) and
drives them through the shared presentation loop of :class:`zoo.art._base._BaseART`; the
module's own ``n_epochs``, ``tol``, ``max_categories`` and ``warm_start`` are not used (the
composite's are). A module with data-dependent settings provides ``_prepare(patterns)``
(Hypersphere and Ellipsoid ART's radius bound, Gaussian ART's initial spread, Bayesian ART's
initial covariance and volume bound), called on a composite's first fit. A module whose algorithm
is more than these (CVI ART's validity test, in its own search) says why in ``_not_composable``
and a composite refuses it (:func:`check_composable`).
"""

from sklearn.base import clone

from .._core.art import check_unit_interval
from ._base import _ARTClusterer


def default_module():
    from ._fuzzy import FuzzyART

    return FuzzyART()


def in_domain(X, modules, name):
    """X clipped to [0, 1] (warning under the composite's ``name``) when a module takes input in
    the unit interval; the modules then see clipped data and say nothing more."""
    modules = modules if isinstance(modules, (list, tuple)) else [modules]
    unit = [m for m in modules if getattr(m, "_input_domain", None) == "unit_interval"]
    if not unit:
        return X
    return check_unit_interval(X, all(getattr(m, "clip", True) for m in unit), name)


def check_composable(module, name):
    """A ValueError when the composite ``name`` would silently drop part of ``module``'s
    algorithm (its ``_not_composable`` reason)."""
    reason = getattr(module, "_not_composable", None)
    if reason is not None:
        raise ValueError(
            f"{name}: {type(module).__name__} cannot be its module: {reason}. Use the module "
            "it extends (or another elementary module) instead."
        )


class _ModuleComposite:
    """Delegates encoding, memory, choice parameter and learning rate to ``module_``."""

    def _make_module(self):
        module = default_module() if self.module is None else self.module
        if not isinstance(module, _ARTClusterer) or isinstance(module, _ModuleComposite):
            raise TypeError(
                f"{type(self).__name__}: module must be an elementary zoo.art clusterer "
                f"(FuzzyART, ART1, ART2A, HypersphereART, ...), got {type(module).__name__}."
            )
        check_composable(module, type(self).__name__)
        return clone(module)

    def _fit(self, X, sample_weight, incremental):
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            self.module_ = self._make_module()
            self._check_module(self.module_)
        return super()._fit(X, sample_weight, incremental)

    def _check_module(self, module):
        """Parameters of the composite that must agree with the module's (a ValueError)."""

    def _module(self):
        """The fitted clone whose rules are used (BARTMAP: its row module)."""
        return self.module_

    def _patterns(self, X):
        return self._module()._patterns(in_domain(X, self._module(), type(self).__name__))

    def _encode(self, X):
        return self._module()._encode(X)

    def _new_memory(self, n_features, dtype, capacity):
        return self._module()._new_memory(n_features, dtype, capacity)

    def _choice_parameter(self):
        return self._module()._choice_parameter()

    def _learning_rate(self):
        return self._module()._learning_rate()

    def _weighted_rate(self, weight):
        # the Gaussian modules learn a weight as a count, the others at a compounded rate
        return self._module()._weighted_rate(weight)

    def _commit(self, memory, x, label, rate):
        return self._module()._commit(memory, x, label, rate)

    def _prepare_module(self, patterns, incremental):
        """Data-dependent settings of the module (Hypersphere ART's radius bound) on a first fit."""
        if not ((incremental or self.warm_start) and hasattr(self, "_memory")):
            prepare = getattr(self._module(), "_prepare", None)
            if prepare is not None:
                prepare(patterns)

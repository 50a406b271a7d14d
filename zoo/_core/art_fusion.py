r"""Fusion ART's categories: one category memory per channel, one choice, a joint vigilance test.

Notation of Tan, Carpenter & Grossberg (2007): channel :math:`k` holds input :math:`x^k`, weight
:math:`\gamma^k` and its module's choice :math:`T_j^k`, match :math:`M_j^k`, vigilance
:math:`\rho^k` and learning rate :math:`\beta^k` (Fuzzy ART:
:math:`T_j^k = |x^k \wedge w_j^k| / (\alpha^k + |w_j^k|)`). A category has a template in every
channel; its choice is :math:`T_j = \sum_k \gamma^k T_j^k`, and it resonates when it passes the
vigilance of every channel, :math:`M_j^k \ge \rho^k` for all :math:`k`: one number,
:math:`M_j = \min_k (M_j^k - \rho^k) \ge 0` (exact: :math:`a - b \ge 0 \iff a \ge b` in floating
point), so the shared search (:func:`zoo._core.art.resonance_search`) runs with vigilance 0.
Each channel's template learns by its own module's rule and rate.

The fused input row is the channels' patterns side by side, then their norms :math:`|x^k|` (as
each module computes them), so one row carries everything a presentation needs.
"""

import numpy as np


class FusionMemory:
    """The interface of :class:`zoo._core.art.CategoryMemory` over one memory per channel.

    Parameters
    ----------
    memories : list
        A category memory per channel (each module's ``_new_memory``).
    widths : list of int
        The pattern width of each channel.
    gammas, alphas, rhos : sequences of float
        Per channel: choice weight, the module's choice parameter, vigilance.
    """

    def __init__(self, memories, widths, gammas, alphas, rhos):
        self.memories = list(memories)
        stops = np.cumsum(widths)
        self.slices = [slice(int(b - w), int(b)) for w, b in zip(widths, stops)]
        self.norm_columns = int(stops[-1]) + np.arange(len(widths))
        self.gammas, self.alphas = list(gammas), list(alphas)
        self.rhos = list(rhos)

    @property
    def n_categories(self):
        return self.memories[0].n_categories

    @property
    def templates(self):
        """The templates of all channels side by side, one row per category."""
        return np.hstack([m.prototypes for m in self.memories])

    @property
    def prototypes(self):
        """The rows in the layout of the fused input: templates, then 0 where an input carries
        its channel norms (what a warm start compares the width of new input with)."""
        templates = self.templates
        return np.hstack(
            [templates, np.zeros((len(templates), len(self.memories)), templates.dtype)]
        )

    @property
    def labels(self):
        return self.memories[0].labels

    def add(self, x, label=-1):
        for memory, part in zip(self.memories, self.slices):
            J = memory.add(x[part], label)
        return J

    def _combine(self, scores):
        """T = sum_k gamma_k T^k and M = min_k (M^k - rho_k) from each channel's (T^k, M^k)."""
        choice = match = None
        for (c, m), gamma, rho in zip(scores, self.gammas, self.rhos):
            term, excess = gamma * c, m - rho
            choice = term if choice is None else choice + term
            match = excess if match is None else np.minimum(match, excess)
        return choice, match

    def activations(self, x, input_norm, alpha):
        norms = x[self.norm_columns].tolist()
        return self._combine(
            memory.activations(x[part], norm, a)
            for memory, part, norm, a in zip(self.memories, self.slices, norms, self.alphas)
        )

    def batch_activations(self, X, input_norms, alpha):
        norms = X[:, self.norm_columns].astype(np.float64)
        norms[norms == 0] = 1.0  # inputs without activity: their rows are not used
        return self._combine(
            memory.batch_activations(X[:, part], norms[:, k], a)
            for k, (memory, part, a) in enumerate(zip(self.memories, self.slices, self.alphas))
        )

    def learn(self, J, x, beta):
        """Every channel's template of J learns by its own rule and rate (``beta``: the rates)."""
        return max(
            memory.learn(J, x[part], rate)
            for memory, part, rate in zip(self.memories, self.slices, beta)
        )

r"""Annealing schedules: a parameter (learning rate, neighbourhood radius or range, edge age limit)
that moves from a start value to a final one as training progresses, :math:`p \in [0, 1]`.

Used by the self-organising map (:math:`\eta`, :math:`\sigma`), LVQ (:math:`\alpha`) and the
neural gas (:math:`\epsilon`, :math:`\lambda`, the edge lifetime :math:`T`), which anneal
exponentially after Ritter, Martinetz & Schulten (1992) and Martinetz, Berkovich & Schulten (1993).
"""

import numpy as np

SCHEDULES = ("exponential", "linear", "asymptotic")


def decay(start, final, progress, schedule="exponential"):
    r"""Value of a parameter at ``progress`` :math:`p \in [0, 1]` (a float or an array of them).

    * ``"exponential"``: :math:`v(p) = v_0\,(v_1 / v_0)^{p}` (Ritter, Martinetz & Schulten 1992);
    * ``"linear"``: :math:`v(p) = v_0 + (v_1 - v_0)\,p` (Kohonen's LVQ_PAK, to :math:`v_1 = 0`);
    * ``"asymptotic"``: :math:`v(p) = v_0 / (1 + 2p)`, MiniSom's default (ends at :math:`v_0/3`,
      ignoring :math:`v_1`).

    Examples
    --------
    >>> from zoo._core.schedules import decay
    >>> [round(decay(10.0, 0.01, p), 4) for p in (0.0, 0.5, 1.0)]
    [10.0, 0.3162, 0.01]
    """
    if schedule == "exponential":
        ratio = final / start if start > 0 else np.inf
        if 0.0 < ratio < np.inf:
            return start * (final / start) ** progress
        # an end at 0, or v1 / v0 beyond float range: the same curve as v0^(1-p) v1^p, whose
        # factors lie between the ends (0^(1-p) = 0 for p < 1: decay from or to 0 is a step)
        return np.power(float(start), 1.0 - progress) * np.power(float(final), progress)
    if schedule == "linear":
        return start + (final - start) * progress
    if schedule == "asymptotic":
        return start / (1.0 + 2.0 * progress)
    raise ValueError(f"Unknown schedule {schedule!r}; expected one of {list(SCHEDULES)}.")

r"""Decay schedules of a learning rate or a radius over training.

A parameter :math:`v` goes from :math:`v_0` to :math:`v_1` as the training progress
:math:`p \in [0, 1]` (share of the planned presentations or epochs done) grows. Used by the SOM
(learning rate and neighbourhood radius) and LVQ (learning rate).
"""


def decay(start, final, progress, schedule):
    r"""Value of a parameter (learning rate or radius) at ``progress`` :math:`p \in [0, 1]`.

    * ``"exponential"``: :math:`v(p) = v_0\,(v_1 / v_0)^{p}` (Ritter, Martinetz & Schulten 1992);
    * ``"linear"``: :math:`v(p) = v_0 + (v_1 - v_0)\,p` (Kohonen's LVQ_PAK, to :math:`v_1 = 0`);
    * ``"asymptotic"``: :math:`v(p) = v_0 / (1 + 2p)`, MiniSom's default (ends at :math:`v_0/3`,
      ignoring :math:`v_1`).

    ``progress`` may be a scalar or an array (one value per presentation).

    Examples
    --------
    >>> from zoo._core.schedules import decay
    >>> decay(0.5, 0.005, 1.0, "exponential"), decay(0.3, 0.0, 0.5, "linear")
    (0.005, 0.15)
    """
    if schedule == "exponential":
        return start * (final / start) ** progress
    if schedule == "linear":
        return start + (final - start) * progress
    if schedule == "asymptotic":
        return start / (1.0 + 2.0 * progress)
    raise ValueError(
        f"Unknown schedule {schedule!r}; expected one of ['exponential', 'linear', 'asymptotic']."
    )

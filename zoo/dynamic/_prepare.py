r"""The public delay-line preparation, :func:`prepare_delays` (MATLAB's ``preparets``)."""

import numpy as np
from sklearn.utils.validation import check_array

from .._core.delays import check_delays, delay_rows, pad_front, trainable_steps
from .._core.recurrent import sequence_lengths

_FLOATS = (np.float64, np.float32)


def _as_sequences(array, name, table_ndim):
    """``array`` as ``(n, T, width)`` floats (NaN padding kept for 3-D) and whether it was a
    table (one series; ``table_ndim`` is the largest number of dimensions read as one)."""
    array = check_array(
        array, ensure_2d=False, allow_nd=True, ensure_all_finite="allow-nan", dtype=_FLOATS,
        input_name=name,
    )  # fmt: skip
    if array.ndim > 3 or array.ndim == 0:
        raise ValueError(f"{name} must be 1-D, 2-D or 3-D; got {array.ndim} dimensions.")
    if 0 in array.shape:
        raise ValueError(f"{name} of shape {array.shape} has no time step (0 samples).")
    table = array.ndim <= table_ndim
    if table:
        if np.isnan(array).any():
            raise ValueError(f"Input {name} contains NaN: NaN pads only 3-D sequences.")
        array = array.reshape(len(array), -1)[np.newaxis]
    elif array.ndim == 2:  # (n_sequences, n_timesteps): one value per step
        array = array[:, :, np.newaxis]
    return array, table


def prepare_delays(X=None, y=None, *, input_delays=(1, 2), feedback_delays=(1, 2)):
    r"""Shift series for an open-loop delay network (MATLAB's ``preparets``).

    A network with input taps :math:`D_u` and feedback taps :math:`D_y` predicts, at step t,

    .. math::

        \hat y(t) = f\big(u(t-d)_{d \in D_u},\ y(t-d)_{d \in D_y}\big).

    Trained open loop, :math:`f` is an ordinary regression on one row per step whose taps all lie
    inside its sequence, :math:`t \ge D = \max(D_u \cup D_y)`: the row
    :math:`[u(t-d)]_{d \in D_u} \oplus [y(t-d)]_{d \in D_y}` and the target :math:`y(t)`. The first
    :math:`D` steps are the initial delay states: they only fill the taps. These are the rows
    :class:`~zoo.dynamic.NARXRegressor` (both taps), :class:`~zoo.dynamic.NARRegressor` (``X``
    None) and :class:`~zoo.dynamic.TimeDelayRegressor` (``feedback_delays=()``) train their
    MLP on, so any scikit-learn regressor fitted on them is the same open-loop model.

    As ``preparets(net, X, {}, T)`` returns ``[Xs, Xi, Ai, Ts]``, this returns the shifted
    inputs, the initial input and feedback states, and the shifted targets; there are no layer
    states ``Ai`` (the networks of :mod:`zoo.dynamic` built from delay lines have none).

    Parameters
    ----------
    X : array-like of shape (n_timesteps, n_inputs) or (n_sequences, n_timesteps, n_inputs), \
default=None
        The exogenous inputs: one series whose rows are the time steps, or sequences NaN-padded
        at the end (the layout of :class:`~zoo.dynamic.NARXRegressor`). None without input taps.
    y : array-like of shape (n_timesteps[, n_outputs]) or (n_sequences, n_timesteps[, \
n_outputs]), default=None
        The outputs at every step (the targets, fed back by the feedback taps). With ``X`` None,
        a 2-D ``y`` is one series of ``n_outputs`` outputs. None only without feedback taps
        (then no targets are returned).
    input_delays : tuple of int, default=(1, 2)
        :math:`D_u` (0 is the current input); ``()`` for none.
    feedback_delays : tuple of int, default=(1, 2)
        :math:`D_y` (each at least 1); ``()`` for none.

    Returns
    -------
    X_shifted : ndarray of shape (n_rows, len(input_delays) * n_inputs + len(feedback_delays) * \
n_outputs)
        One row per step ``t >= D`` of every sequence, sequence after sequence: ``[u(t-d) for d
        in input_delays]`` then ``[y(t-d) for d in feedback_delays]`` (MATLAB's ``Xs``).
    X_initial : ndarray of shape (D, n_inputs) or (n_sequences, D, n_inputs), or None
        The first ``D`` inputs of each series (the input delay states, part of MATLAB's
        ``Xi``); None when ``X`` is None.
    y_initial : ndarray of shape (D[, n_outputs]) or (n_sequences, D[, n_outputs]), or None
        The first ``D`` outputs (the feedback delay states, the rest of ``Xi``): what
        :meth:`NARXRegressor.simulate <zoo.dynamic.NARXRegressor.simulate>` takes as
        ``y_init``; None when ``y`` is None.
    y_shifted : ndarray of shape (n_rows[, n_outputs]), or None
        The target of each row, ``y(t)`` (MATLAB's ``Ts``); None when ``y`` is None.

    Raises
    ------
    ValueError
        When no tap is given, a tap needs an array not given, a sequence has no step past ``D``,
        or a real (unpadded) step is not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.dynamic import prepare_delays
    >>> u = np.arange(5.0)[:, None]  # one series, 5 steps of 1 input
    >>> y = 10 * np.arange(5.0)
    >>> Xs, Xi, yi, Ts = prepare_delays(u, y, input_delays=(0, 1), feedback_delays=(1,))
    >>> Xs  # [u(t), u(t-1), y(t-1)] for t = 1..4
    array([[ 1.,  0.,  0.],
           [ 2.,  1., 10.],
           [ 3.,  2., 20.],
           [ 4.,  3., 30.]])
    >>> Ts
    array([10., 20., 30., 40.])
    >>> Xi, yi  # the initial delay states: step 0
    (array([[0.]]), array([0.]))
    """
    inputs = check_delays(input_delays, "input_delays", True)
    feedback = check_delays(feedback_delays, "feedback_delays", False)
    if not inputs and not feedback:
        raise ValueError("prepare_delays needs at least one delay tap; got none.")
    if inputs and X is None:
        raise ValueError("input_delays need the inputs X; pass input_delays=() without X.")
    if feedback and y is None:
        raise ValueError("feedback_delays need the outputs y; pass feedback_delays=() without y.")
    U = Y = None
    if X is not None:
        U, table = _as_sequences(X, "X", 2)
        lengths = sequence_lengths(U) if np.isnan(U).any() else np.full(len(U), U.shape[1])
    if y is not None:
        y_arr = np.asarray(y)
        # beside X the layout is X's; alone, a 2-D y is one series of several outputs
        table_ndim = 2 if X is None else (2 if table else 1)
        squeeze = y_arr.ndim == (1 if table_ndim == 2 else 2)  # one output per step
        Y, y_table = _as_sequences(y, "y", table_ndim)
        if X is None:
            table = y_table
            lengths = sequence_lengths(Y) if np.isnan(Y).any() else np.full(len(Y), Y.shape[1])
        elif Y.shape[:2] != U.shape[:2]:
            raise ValueError(
                f"X and y have inconsistent numbers of time steps: X holds {U.shape[:2]} "
                f"(sequences, steps), y {Y.shape[:2]}."
            )
        if U is not None:
            Y = Y.astype(U.dtype, copy=False)
        real = np.arange(Y.shape[1]) < lengths[:, np.newaxis]
        if not np.isfinite(Y[real]).all():
            raise ValueError("Input y contains NaN or infinity on a real (unpadded) step.")
    D = max(inputs + feedback)
    if lengths.min() <= D:
        raise ValueError(
            f"prepare_delays: a sequence has {int(lengths.min())} time step(s), but the largest "
            f"delay is {D}: at least {D + 1} steps are needed for one row."
        )
    T = (U if U is not None else Y).shape[1]
    seqs, steps = trainable_steps(lengths, T, D)
    Up = pad_front(U, D) if inputs else None
    Yp = pad_front(Y, D) if feedback else None
    X_shifted = delay_rows(Up, Yp, D, seqs, steps, inputs, feedback)

    def initial(array):
        first = array[:, :D].copy()
        return first[0] if table else first

    X_initial = None if U is None else initial(U)
    y_initial = y_shifted = None
    if Y is not None:
        y_initial = initial(Y)
        y_shifted = Y[seqs, steps]
        if squeeze:
            y_initial, y_shifted = y_initial[..., 0], y_shifted[:, 0]
    return X_shifted, X_initial, y_initial, y_shifted

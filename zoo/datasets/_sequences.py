r"""Sequence tasks of the recurrent-network literature, in zoo's sequence convention.

Sequences are 3-D ``X`` of shape ``(n_sequences, n_timesteps, n_features)``; sequences shorter
than ``n_timesteps`` are padded at the end with NaN (every feature of a padded step is NaN).
Per-step
targets ``y`` have shape ``(n_sequences, n_timesteps[, n_outputs])`` and are NaN-padded the same way
when they are floats. Nothing is downloaded.

* :func:`make_temporal_xor` — Elman (1990): triplets ``(a, b, a xor b)``, predict the next bit;
* :func:`make_reber`, :func:`make_embedded_reber`, :func:`is_reber` — the Reber grammar (Reber 1967)
  as used by Cleeremans, Servan-Schreiber & McClelland (1989): next-symbol prediction whose target
  is the *set* of legal successors;
* :func:`make_temporal_order` — a two-class temporal order problem (after Hochreiter & Schmidhuber
  1997): is A before B, anywhere in a variable-length sequence of distractors;
* :func:`sliding_windows` — turn one long series into forecasting windows.
"""

import numpy as np
from sklearn.utils import check_random_state

#: The Reber alphabet, in the order of the one-hot columns.
REBER_SYMBOLS = "BTSXPVE"

# Reber (1967), as ANCHORS.md writes it: state -> ((symbol, next state), (symbol, next state))
_REBER_GRAMMAR = {
    "start": (("B", 1),),
    1: (("T", 2), ("P", 3)),
    2: (("S", 2), ("X", 4)),
    3: (("T", 3), ("V", 5)),
    4: (("X", 3), ("S", "end")),
    5: (("P", 4), ("V", "end")),
    "end": (("E", "done"),),
}


def _reber_walk(rng):
    """One random string of the grammar: each branch taken with probability 1/2."""
    state, symbols = "start", []
    while state != "done":
        options = _REBER_GRAMMAR[state]
        symbol, state = options[rng.integers(len(options))] if len(options) > 1 else options[0]
        symbols.append(symbol)
    return "".join(symbols)


def _reber_successors(string):
    """For each prefix ``string[:t+1]``, the set of legal next symbols (None once off-grammar)."""
    state, successors = "start", []
    for symbol in string:
        moves = dict(_REBER_GRAMMAR.get(state, ()))
        if symbol not in moves:
            return None
        state = moves[symbol]
        successors.append(set(dict(_REBER_GRAMMAR.get(state, ()))))
    return successors, state


def _embedded_successors(string):
    """Successor sets of the embedded grammar: B, T|P, a Reber string, the same T|P, E."""
    if len(string) < 2 or string[0] != "B" or string[1] not in "TP":
        return None
    inner = _reber_successors(string[2:-2]) if len(string) >= 4 else None
    if inner is None or inner[1] != "done" or string[-2:] != string[1] + "E":
        return None
    branch = string[1]
    return [{"T", "P"}, {"B"}] + inner[0][:-1] + [{branch}, {"E"}, set()]


def is_reber(string, embedded=False):
    """Whether ``string`` is a complete string of the (embedded) Reber grammar.

    Parameters
    ----------
    string : str
        Symbols from ``"BTSXPVE"``, e.g. ``"BTSSXXTVVE"``.
    embedded : bool, default=False
        Check the embedded grammar (``B``, ``T`` or ``P``, a Reber string, the same ``T`` or ``P``,
        ``E``) instead.

    Returns
    -------
    bool

    Examples
    --------
    >>> from zoo.datasets import is_reber
    >>> is_reber("BTSSXXTVVE"), is_reber("BPVPXVPXVPXVVE"), is_reber("BTSSPXSE")
    (True, True, False)
    >>> is_reber("BTBPVVETE", embedded=True), is_reber("BTBPVVEPE", embedded=True)
    (True, False)
    """
    if embedded:
        return _embedded_successors(string) is not None
    walk = _reber_successors(string)
    return walk is not None and walk[1] == "done"


def _encode(strings, successor_sets):
    """One-hot inputs (all symbols but the last) and multi-hot successor targets, NaN-padded."""
    n_timesteps = max(len(s) for s in strings) - 1
    n_symbols = len(REBER_SYMBOLS)
    X = np.full((len(strings), n_timesteps, n_symbols), np.nan)
    y = np.full((len(strings), n_timesteps, n_symbols), np.nan)
    index = {symbol: k for k, symbol in enumerate(REBER_SYMBOLS)}
    for i, (string, successors) in enumerate(zip(strings, successor_sets)):
        T = len(string) - 1
        X[i, :T] = 0.0
        X[i, np.arange(T), [index[s] for s in string[:-1]]] = 1.0
        y[i, :T] = 0.0
        for t in range(T):
            y[i, t, [index[s] for s in successors[t]]] = 1.0
    return X, y


def _reber_dataset(n_sequences, random_state, embedded, return_strings):
    rng = np.random.default_rng(check_random_state(random_state).randint(2**31))
    strings, successor_sets = [], []
    for _ in range(n_sequences):
        inner = _reber_walk(rng)
        if embedded:
            branch = "TP"[rng.integers(2)]
            string = "B" + branch + inner + branch + "E"
            successors = _embedded_successors(string)
        else:
            string = inner
            successors = _reber_successors(string)[0]
        strings.append(string)
        successor_sets.append(successors)
    X, y = _encode(strings, successor_sets)
    return (X, y, strings) if return_strings else (X, y)


def make_reber(n_sequences=200, random_state=None, return_strings=False):
    """Strings of the Reber grammar for next-symbol prediction (Cleeremans et al. 1989).

    Grammar (Reber 1967): ``B`` → s1; s1: ``T`` → s2, ``P`` → s3; s2: ``S`` → s2, ``X`` → s4;
    s3: ``T`` → s3, ``V`` → s5; s4: ``X`` → s3, ``S`` → end; s5: ``P`` → s4, ``V`` → end;
    end: ``E``. Each branch is taken with probability 1/2.

    Step ``t`` of a sequence shows symbol ``t`` of the string (one-hot over ``"BTSXPVE"``); its
    target is the set of symbols that may legally follow the prefix read so far, as a multi-hot
    vector. The final ``E`` is never an input, so a string of length ``L`` gives ``L - 1`` steps;
    shorter sequences are NaN-padded.

    Parameters
    ----------
    n_sequences : int, default=200
    random_state : int, RandomState instance or None, default=None
    return_strings : bool, default=False
        Also return the strings.

    Returns
    -------
    X : ndarray of shape (n_sequences, n_timesteps, 7)
    y : ndarray of shape (n_sequences, n_timesteps, 7)
        Multi-hot legal successors (NaN on padded steps).
    strings : list of str
        Only when ``return_strings=True``.

    Examples
    --------
    >>> from zoo.datasets import make_reber, is_reber
    >>> X, y, strings = make_reber(5, random_state=0, return_strings=True)
    >>> X.shape[0], X.shape[2], all(is_reber(s) for s in strings)
    (5, 7, True)
    >>> y[0, 0].tolist()  # after B: T or P
    [0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    """
    return _reber_dataset(n_sequences, random_state, False, return_strings)


def make_embedded_reber(n_sequences=200, random_state=None, return_strings=False):
    """Strings of the embedded Reber grammar: ``B``, ``T`` or ``P``, a Reber string, the same
    ``T`` or ``P``, ``E`` (Cleeremans et al. 1989; Hochreiter & Schmidhuber 1997).

    Predicting the second-to-last symbol needs the second symbol, remembered across the whole
    inner string — the long time lag that defeats a simple recurrent network as the inner strings
    grow. Encoding and targets as :func:`make_reber`.

    Parameters
    ----------
    n_sequences : int, default=200
    random_state : int, RandomState instance or None, default=None
    return_strings : bool, default=False

    Returns
    -------
    X, y : ndarray of shape (n_sequences, n_timesteps, 7)
    strings : list of str
        Only when ``return_strings=True``.

    Examples
    --------
    >>> from zoo.datasets import make_embedded_reber, is_reber
    >>> X, y, strings = make_embedded_reber(3, random_state=0, return_strings=True)
    >>> all(is_reber(s, embedded=True) for s in strings)
    True
    """
    return _reber_dataset(n_sequences, random_state, True, return_strings)


def make_temporal_xor(n_sequences=1, n_triplets=1000, random_state=None):
    """Elman's (1990) temporal XOR: a stream of triplets ``(a, b, a xor b)``; predict the next bit.

    Each sequence concatenates ``n_triplets`` triplets of random bits into ``3 n_triplets`` bits.
    Step ``t`` shows bit ``t`` and its target is bit ``t + 1``, so a sequence has
    ``3 n_triplets - 1`` steps. Only every third target — the XOR bit, at steps with
    ``t % 3 == 1`` — is predictable; the others are coin flips.

    Parameters
    ----------
    n_sequences : int, default=1
    n_triplets : int, default=1000
        Elman used one stream of 1000 triplets (3000 bits).
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X : ndarray of shape (n_sequences, 3 * n_triplets - 1, 1)
    y : ndarray of shape (n_sequences, 3 * n_triplets - 1)

    Examples
    --------
    >>> from zoo.datasets import make_temporal_xor
    >>> X, y = make_temporal_xor(n_triplets=2, random_state=0)
    >>> X.shape, y.shape
    ((1, 5, 1), (1, 5))
    >>> bits = X[0, :, 0].tolist() + [float(y[0, -1])]
    >>> bits[2] == float(bits[0] != bits[1]) and bits[5] == float(bits[3] != bits[4])
    True
    """
    rng = check_random_state(random_state)
    pairs = rng.randint(0, 2, (n_sequences, n_triplets, 2))
    triplets = np.concatenate([pairs, pairs[:, :, :1] ^ pairs[:, :, 1:]], axis=2)
    bits = triplets.reshape(n_sequences, 3 * n_triplets).astype(float)
    return bits[:, :-1, np.newaxis], bits[:, 1:]


def make_temporal_order(
    n_sequences=200, min_length=5, max_length=10, n_distractors=4, random_state=None
):
    """Is A before B? One A and one B at random places among distractor symbols.

    A two-class version of the temporal order problem of Hochreiter & Schmidhuber (1997): the
    class depends only on the order of two symbols that can stand anywhere in a sequence of any
    length, so a model must carry "A seen" / "B seen" in its state. Symbols are one-hot: column 0
    is A, column 1 is B, the others are distractors. Lengths are uniform in
    ``[min_length, max_length]``; shorter sequences are NaN-padded.

    Parameters
    ----------
    n_sequences : int, default=200
    min_length, max_length : int, default=5, 10
        At least 2.
    n_distractors : int, default=4
    random_state : int, RandomState instance or None, default=None

    Returns
    -------
    X : ndarray of shape (n_sequences, max_length, 2 + n_distractors)
    y : ndarray of int of shape (n_sequences,)
        1 when A comes before B.

    Examples
    --------
    >>> from zoo.datasets import make_temporal_order
    >>> X, y = make_temporal_order(4, min_length=3, max_length=6, random_state=0)
    >>> X.shape, sorted(set(y.tolist())) <= [0, 1]
    ((4, 6, 6), True)
    """
    if not 2 <= min_length <= max_length:
        raise ValueError(
            f"Need 2 <= min_length <= max_length, got min_length={min_length}, "
            f"max_length={max_length}."
        )
    rng = check_random_state(random_state)
    n_symbols = 2 + n_distractors
    X = np.full((n_sequences, max_length, n_symbols), np.nan)
    y = np.empty(n_sequences, dtype=int)
    for i in range(n_sequences):
        length = rng.randint(min_length, max_length + 1)
        symbols = 2 + rng.randint(0, n_distractors, length) if n_distractors else np.zeros(length)
        where_a, where_b = rng.choice(length, 2, replace=False)
        symbols[where_a], symbols[where_b] = 0, 1
        X[i, :length] = np.eye(n_symbols)[symbols.astype(int)]
        y[i] = int(where_a < where_b)
    return X, y


def sliding_windows(series, n_timesteps, horizon=1, stride=1):
    """Cut one long series into forecasting windows: ``n_timesteps`` steps, then the target.

    Window ``i`` is ``series[i*stride : i*stride + n_timesteps]`` and its target is the value
    ``horizon`` steps after the window's last step, ``series[i*stride + n_timesteps - 1 +
    horizon]``.
    The windows are views into the series (no copy).

    Parameters
    ----------
    series : array-like of shape (n_steps,) or (n_steps, n_features)
    n_timesteps : int
    horizon : int, default=1
    stride : int, default=1

    Returns
    -------
    X : ndarray of shape (n_windows, n_timesteps, n_features)
    y : ndarray of shape (n_windows,) or (n_windows, n_features)
        The value ``horizon`` steps after each window (a vector for a 2-D series).

    Examples
    --------
    >>> import numpy as np
    >>> from zoo.datasets import sliding_windows
    >>> X, y = sliding_windows(np.arange(6.0), n_timesteps=3)
    >>> X[:, :, 0].tolist(), y.tolist()
    ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 4.0]], [3.0, 4.0, 5.0])
    """
    series = np.asarray(series)
    if series.ndim not in (1, 2):
        raise ValueError(f"series must be 1-D or 2-D (n_steps, n_features), got {series.ndim}-D.")
    if n_timesteps < 1 or horizon < 1 or stride < 1:
        raise ValueError("n_timesteps, horizon and stride must be >= 1.")
    univariate = series.ndim == 1
    values = series[:, np.newaxis] if univariate else series
    n_windows = (len(values) - n_timesteps - horizon) // stride + 1
    if n_windows < 1:
        raise ValueError(
            f"A series of {len(values)} steps is too short for windows of {n_timesteps} steps "
            f"and a horizon of {horizon}."
        )
    windows = np.lib.stride_tricks.sliding_window_view(values, n_timesteps, axis=0)
    X = windows[: n_windows * stride : stride].transpose(0, 2, 1)
    targets = values[n_timesteps - 1 + horizon :: stride][:n_windows]
    return X, (targets[:, 0] if univariate else targets)

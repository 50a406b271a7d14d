r"""The simple recurrent network (Elman 1990): forward pass over time and back-propagation through
time (BPTT), vectorised across a batch of sequences — one GEMM per time step.

At step :math:`t = 0..T-1` the hidden layer sees the input :math:`x_t` and its own previous state,
copied to the *context units* :math:`h_{t-1}` (with :math:`h_{-1} = 0`):

.. math::

    z_t = x_t W_{in} + h_{t-1} W_{rec} + b_h, \qquad h_t = f(z_t), \qquad
    p_t = g(h_t W_{out} + b_{out}).

The output is read at every step (``output="sequence"``: labelling, next-symbol prediction) or only
from the final state (``output="last"``: one target per sequence). With :math:`m` the number of
targets in the batch (valid steps, or sequences) the objective is

.. math::

    E = \frac{1}{m}\sum_{\text{targets}} E(y, p) + \frac{\alpha}{2m}\left(\lVert W_{in}\rVert^2
        + \lVert W_{rec}\rVert^2 + \lVert W_{out}\rVert^2\right).

BPTT runs the chain rule backwards through the unrolled network:

.. math::

    \frac{\partial E}{\partial h_t} = \delta^{out}_t W_{out}^\top
        + \frac{\partial E}{\partial z_{t+1}} W_{rec}^\top, \qquad
    \frac{\partial E}{\partial z_t} = \frac{\partial E}{\partial h_t}\odot f'(z_t),

    \nabla_{W_{in}} E = \sum_t x_t^\top \frac{\partial E}{\partial z_t}, \quad
    \nabla_{W_{rec}} E = \sum_t h_{t-1}^\top \frac{\partial E}{\partial z_t}, \quad
    \nabla_{b_h} E = \sum_t \mathbf 1^\top \frac{\partial E}{\partial z_t}

(each divided by :math:`m`, plus :math:`\alpha W/m`). Only the recurrence needs a loop over time;
the input projection of all steps, the outputs of all steps and the three weight gradients are one
GEMM each over the ``(T·B, ·)`` stacked steps.

**Padding.** Sequences shorter than the batch are padded at the end. After its last step a
sequence's state is carried unchanged (:math:`h_t = h_{t-1}`), so the state at the final step is
the state at the sequence's own last step, and its padded steps contribute no loss and no gradient
(the error passes through the carried state unchanged).

**Truncation** (``bptt_steps = k``). Each sequence is cut into consecutive chunks of ``k`` steps;
the hidden state is carried across chunk boundaries but the error is not: at a boundary :math:`t`,
:math:`\partial E/\partial h_{t-1}` receives nothing through :math:`W_{rec}` — the state entering a
chunk is treated as a constant input, which is exactly the gradient of :math:`E` with the states at
the boundaries held fixed (Williams & Peng 1990, "BPTT(k, k)"). For ``output="sequence"`` the chunks
start at step 0; for ``output="last"`` they end at the sequence's last step, so the final error
reaches back exactly ``k`` steps. ``k = 1`` is Elman's original training: the context units are a
copy of the previous state, used as extra inputs, and no error flows through them.
"""

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES
from .blas import add_matmul, single_threaded_blas
from .losses import loss_function, output_delta
from .network import FeedForwardNetwork
from .penalties import add_l2_gradient, l2_penalty


def sequence_lengths(X):
    """Number of leading steps of each sequence that are not NaN padding.

    Parameters
    ----------
    X : ndarray of shape (n_sequences, n_timesteps, n_features)
        Padding is a step whose features are all NaN, at the end of a sequence.

    Returns
    -------
    lengths : ndarray of int of shape (n_sequences,)

    Raises
    ------
    ValueError
        When a step is only partly NaN, when a NaN step is followed by a real one (NaN is only
        legal as trailing padding) or when a sequence is all padding.
    """
    missing = np.isnan(X)
    padded_step = missing.all(axis=2)
    if (missing.any(axis=2) & ~padded_step).any():
        sequence, step = np.argwhere(missing.any(axis=2) & ~padded_step)[0]
        raise ValueError(
            f"X contains NaN in some but not all features of step {step} of sequence {sequence}. "
            "NaN marks padding: a padded step has every feature NaN."
        )
    n_timesteps = X.shape[1]
    # length = index of the first padded step; every later step must be padding too
    lengths = np.where(padded_step.any(axis=1), padded_step.argmax(axis=1), n_timesteps)
    after_end = np.arange(n_timesteps) >= lengths[:, np.newaxis]
    if (after_end != padded_step).any():
        sequence = int(np.argwhere((after_end != padded_step).any(axis=1))[0, 0])
        raise ValueError(
            f"X contains NaN inside sequence {sequence}, followed by real values. NaN is only "
            "allowed as padding at the end of a sequence (variable-length sequences)."
        )
    if (lengths == 0).any():
        raise ValueError(
            f"Sequence {int(np.argmin(lengths))} of X is all NaN: every sequence needs at least "
            "one real step."
        )
    return lengths


def truncation_cuts(lengths, n_timesteps, bptt_steps, output):
    """Boolean ``(n_timesteps, n_sequences)``: where error may not flow from h_t back to h_{t-1}.

    Chunks of ``bptt_steps`` start at step 0 (``output="sequence"``) or end at each sequence's last
    step (``output="last"``); a cut sits at the first step of every chunk but the first.
    """
    steps = np.arange(n_timesteps)[:, np.newaxis]
    offset = lengths % bptt_steps if output == "last" else np.zeros_like(lengths)
    # cut at t > 0 where (t - offset) % k == 0, only on real steps of the sequence
    return (steps > 0) & ((steps - offset) % bptt_steps == 0) & (steps < lengths)


def target_weights(lengths, T, output, dtype, sequence_weights=None):
    """Per-target weights: 0 on padded steps, and each sequence's weight on its targets
    (time-major ``T * batch``, or ``batch`` for ``"last"``); None when every target counts 1."""
    if output == "last":
        return None if sequence_weights is None else np.asarray(sequence_weights, dtype=dtype)
    padded = lengths is not None and lengths.min() < T
    if not padded and sequence_weights is None:
        return None
    B = len(lengths) if lengths is not None else len(sequence_weights)
    weights = np.ones((T, B), dtype=dtype)
    if padded:
        weights *= np.arange(T)[:, None] < lengths
    if sequence_weights is not None:
        weights *= sequence_weights
    return weights.reshape(T * B)


class SimpleRecurrentNetwork:
    """Parameters and math of an Elman network; all parameters are views into one flat vector.

    Parameters
    ----------
    input_weights : ndarray of shape (n_features, n_hidden)
    recurrent_weights : ndarray of shape (n_hidden, n_hidden) or (n_delays, n_hidden, n_hidden)
        From the context units (the previous state) to the hidden units; one matrix per delay of
        ``delays``.
    hidden_bias : ndarray of shape (n_hidden,)
    output_weights : ndarray of shape (n_hidden, n_outputs)
    output_bias : ndarray of shape (n_outputs,)
    hidden_activation, output_activation : str
        Names from :data:`zoo._core.activations.ACTIVATIONS`.
    loss : str or Loss
        A resolved loss: a name of :data:`zoo._core.losses.LOSSES` or a
        :class:`~zoo._core.losses.Loss`.
    delays : tuple of int, default=(1,)
        The layer delays :math:`d` of the layer-recurrent network: :math:`h_{t-d}` feeds the
        hidden layer through its own matrix :math:`W_d`; ``(1,)`` is the Elman network.

    Notes
    -----
    Sequences are passed time-major, ``X`` of shape ``(n_timesteps, batch, n_features)`` and
    C-contiguous, so that step ``t`` is the contiguous block ``X[t]`` and all steps stack into one
    ``(n_timesteps * batch, n_features)`` matrix without a copy. ``lengths`` (or None: all full)
    gives each sequence's number of real steps.
    """

    def __init__(
        self,
        input_weights,
        recurrent_weights,
        hidden_bias,
        output_weights,
        output_bias,
        hidden_activation,
        output_activation,
        loss,
        delays=(1,),
    ):
        coefs = [input_weights, recurrent_weights, output_weights]
        intercepts = [hidden_bias, output_bias]
        self.flat = np.empty(sum(a.size for a in coefs + intercepts), dtype=input_weights.dtype)
        views, bias_views = FeedForwardNetwork._views(self.flat, coefs, intercepts)
        for view, value in zip(views + bias_views, coefs + intercepts):
            view[...] = value
        self.input_weights, self.recurrent_weights, self.output_weights = views
        self.hidden_bias, self.output_bias = bias_views
        self.flat_grad = np.zeros_like(self.flat)
        grads, bias_grads = FeedForwardNetwork._views(self.flat_grad, coefs, intercepts)
        self.input_weights_grad, self.recurrent_weights_grad, self.output_weights_grad = grads
        self.hidden_bias_grad, self.output_bias_grad = bias_grads
        self.hidden_activation = hidden_activation
        self.output_activation = output_activation
        self.loss = loss
        self.n_hidden = input_weights.shape[1]
        self.n_outputs = output_weights.shape[1]
        self._capacity = (0, 0)
        self.delays = tuple(int(d) for d in delays)
        # one (n_hidden, n_hidden) matrix per delay: views of recurrent_weights (n_delays, H, H)
        # (or (H, H), the Elman network's one delay of 1)
        H = self.n_hidden
        if self.delays:
            self.delay_weights = list(self.recurrent_weights.reshape(-1, H, H))
            self.delay_weights_grad = list(self.recurrent_weights_grad.reshape(-1, H, H))

    @property
    def dtype(self):
        return self.flat.dtype

    @property
    def weights(self):
        """The three weight matrices (the ones ``alpha`` penalises)."""
        return [self.input_weights, self.recurrent_weights, self.output_weights]

    # ------------------------------------------------------------------ buffers
    def allocate(self, n_timesteps, batch_size):
        """Preallocate the per-step state, error and output buffers for batches up to this size."""
        if n_timesteps <= self._capacity[0] and batch_size <= self._capacity[1]:
            return
        n_timesteps = max(n_timesteps, self._capacity[0])
        batch_size = max(batch_size, self._capacity[1])
        H, K, dtype = self.n_hidden, self.n_outputs, self.dtype
        self._states = np.empty((n_timesteps + 1) * batch_size * H, dtype=dtype)
        self._errors = np.empty(n_timesteps * batch_size * H, dtype=dtype)
        self._outputs = np.empty(n_timesteps * batch_size * K, dtype=dtype)
        self._deltas = np.empty(n_timesteps * batch_size * K, dtype=dtype)
        self._slopes = np.empty(n_timesteps * batch_size * H, dtype=dtype)
        self._carry = np.empty(batch_size * H, dtype=dtype)
        self._held = np.empty(batch_size * H, dtype=dtype)
        self._capacity = (n_timesteps, batch_size)

    @staticmethod
    def _view(buffer, *shape):
        """A C-contiguous array of ``shape`` on the front of a flat buffer."""
        return buffer[: int(np.prod(shape))].reshape(shape)

    # ------------------------------------------------------------------ forward
    @single_threaded_blas
    def hidden_states(self, X, lengths=None, out=None):
        """States ``h_{-1} = 0, h_0, ..., h_{T-1}`` of shape ``(T + 1, batch, n_hidden)``.

        ``out`` (same shape) receives them; by default a new array is returned.
        """
        T, B, F = X.shape
        H = self.n_hidden
        states = np.empty((T + 1, B, H), dtype=self.dtype) if out is None else out
        states[0] = 0.0
        activation = ACTIVATIONS[self.hidden_activation]
        inputs = states[1:].reshape(T * B, H)
        np.matmul(X.reshape(T * B, F), self.input_weights, out=inputs)
        inputs += self.hidden_bias  # x_t W_in + b_h for all steps in one GEMM
        ended = None if lengths is None or lengths.min() >= T else np.arange(T)[:, None] >= lengths
        for t in range(T):
            for d, W in zip(self.delays, self.delay_weights):
                if t >= d:  # h_{t-d} = 0 for t < d contributes nothing
                    # z_t = x_t W_in + b_h + sum_d h_{t-d} W_d, accumulated in place by one GEMM
                    add_matmul(states[t + 1 - d], W, states[t + 1])
            activation(states[t + 1], out=states[t + 1])  # h_t = f(z_t)
            if ended is not None and ended[t].any():
                # after its last step a sequence keeps its state: h_t = h_{t-1}
                np.copyto(states[t + 1], states[t], where=ended[t][:, np.newaxis])
        return states

    def output_layer(self, hidden, out=None):
        """p = g(h W_out + b_out) for a stack of states ``hidden`` of shape (n, n_hidden)."""
        out = np.matmul(hidden, self.output_weights, out=out)
        out += self.output_bias
        return ACTIVATIONS[self.output_activation](out, out=out)

    def forward(self, X, lengths=None, output="sequence"):
        """Outputs: ``(T * batch, n_outputs)`` time-major for ``"sequence"``, ``(batch, n_outputs)``
        for ``"last"``."""
        T, B, _ = X.shape
        states = self.hidden_states(X, lengths)
        if output == "last":
            return self.output_layer(states[T])
        return self.output_layer(states[1:].reshape(T * B, self.n_hidden))

    # ------------------------------------------------------------------ loss and BPTT
    def penalty(self, alpha, weight_sum):
        """alpha / (2 m) (||W_in||^2 + ||W_rec||^2 + ||W_out||^2) (:func:`.penalties.l2_penalty`)"""
        return l2_penalty(alpha, self.weights, weight_sum)

    def loss_value(self, X, Y, lengths=None, output="sequence", alpha=0.0, sequence_weights=None):
        """E of a batch, forward only; ``Y`` is ``(T * batch, K)`` time-major or ``(batch, K)``."""
        T, B, _ = X.shape
        weights = target_weights(lengths, T, output, self.dtype, sequence_weights)
        weight_sum = (B if output == "last" else T * B) if weights is None else float(weights.sum())
        prediction = self.forward(X, lengths, output)
        return loss_function(self.loss)(Y, prediction, weights) + self.penalty(alpha, weight_sum)

    @single_threaded_blas
    def loss_and_gradient(
        self,
        X,
        Y,
        lengths=None,
        output="sequence",
        alpha=0.0,
        bptt_steps=None,
        sequence_weights=None,
    ):
        """E for a batch; its gradient (BPTT, optionally truncated) is written into
        :attr:`flat_grad`.

        Parameters
        ----------
        X : ndarray of shape (T, batch, n_features), C-contiguous
        Y : ndarray of shape (T * batch, n_outputs) (``"sequence"``, time-major) or
            (batch, n_outputs) (``"last"``)
        lengths : ndarray of int of shape (batch,) or None
        output : {"sequence", "last"}
        alpha : float
        bptt_steps : int or None
            Truncation (see the module docstring); None is full BPTT.
        sequence_weights : ndarray of shape (batch,) or None
            A weight per sequence on each of its targets: :math:`m` is then the weighted count.
        """
        T, B, F = X.shape
        H, K = self.n_hidden, self.n_outputs
        self.allocate(T, B)
        states = self.hidden_states(X, lengths, out=self._view(self._states, T + 1, B, H))
        padded = lengths is not None and lengths.min() < T
        if lengths is None:
            lengths = np.full(B, T)
        weights = target_weights(lengths, T, output, self.dtype, sequence_weights)
        last = output == "last"
        n_targets = B if last else T * B
        hidden = states[T] if last else states[1:].reshape(T * B, H)
        prediction = self.output_layer(hidden, out=self._view(self._outputs, n_targets, K))
        weight_sum = n_targets if weights is None else float(weights.sum())
        loss = loss_function(self.loss)(Y, prediction, weights) + self.penalty(alpha, weight_sum)

        # delta_out = dE_i/d(h W_out + b_out); zero on padded steps
        delta = output_delta(
            self.loss,
            self.output_activation,
            Y,
            prediction,
            out=self._view(self._deltas, n_targets, K),
        )
        if weights is not None:
            delta *= weights[:, np.newaxis]
        np.matmul(hidden.T, delta, out=self.output_weights_grad)
        np.sum(delta, axis=0, out=self.output_bias_grad)

        errors = self._view(self._errors, T, B, H)  # dE/dh_t, then dE/dz_t in place
        np.matmul(
            delta, self.output_weights.T, out=errors[T - 1] if last else errors.reshape(T * B, H)
        )  # dE/dh_t from the output(s)
        # f'(z_t) for every step at once, zero after a sequence's end (h_t = h_{t-1} there)
        slopes = self._view(self._slopes, T, B, H)
        slopes.fill(1.0)
        block = max(1, 2**15 // (B * H))  # steps per call: the temporaries stay in cache
        for start in range(0, T, block):
            DERIVATIVES[self.hidden_activation](
                states[1 + start : 1 + start + block], slopes[start : start + block]
            )
        ended = np.arange(T)[:, None] >= lengths if padded else None
        if padded:
            slopes[ended] = 0.0
        cuts = truncation_cuts(lengths, T, bptt_steps, output) if bptt_steps else None
        if self.delays != (1,):
            self._backward_delays(X, states, errors, slopes, ended, cuts, last)
        else:
            self._backward_elman(X, states, errors, slopes, ended, cuts, last)
        # grad = (sum over targets + alpha W) / m
        for W, grad in zip(
            self.weights,
            (self.input_weights_grad, self.recurrent_weights_grad, self.output_weights_grad),
        ):
            add_l2_gradient(grad, W, alpha)
        self.flat_grad /= weight_sum
        return loss

    def _backward_elman(self, X, states, errors, slopes, ended, cuts, last):
        """BPTT of the one delay of 1 (the Elman network): ``errors`` holds dE/dh_t from the
        outputs on entry, dE/dz_t on exit; the input, recurrent and hidden-bias gradients."""
        T, B, F = X.shape
        H = self.n_hidden
        W_rec = self.delay_weights[0]  # (H, H), also for a layer-recurrent network's (1, H, H)
        carry = self._view(self._carry, B, H)  # dE/dh_{t-1} through W_rec
        held = self._view(self._held, B, H)
        for t in range(T - 1, -1, -1):
            error = errors[t]  # dE/dh_t = delta_t W_out^T + dE/dz_{t+1} W_rec^T
            stopped = ended is not None and ended[t].any()
            if stopped:
                np.copyto(held, error)
            error *= slopes[t]  # dE/dz_t = dE/dh_t * f'(z_t)
            if t == 0:
                break
            cut = cuts is not None and cuts[t].any()
            if not (stopped or cut):
                # dE/dh_{t-1} (+)= dE/dz_t W_rec^T, in place by one GEMM
                add_matmul(error, W_rec.T, errors[t - 1], beta=0.0 if last else 1.0)
                continue
            np.matmul(error, W_rec.T, out=carry)
            if stopped:  # the carried state passes its error back unchanged
                np.copyto(carry, held, where=ended[t][:, np.newaxis])
            if cut:
                carry[cuts[t]] = 0.0  # truncation: the state entering a chunk is a constant
            if last:
                np.copyto(errors[t - 1], carry)
            else:
                errors[t - 1] += carry

        errors = errors.reshape(T * B, H)
        np.matmul(X.reshape(T * B, F).T, errors, out=self.input_weights_grad)
        np.matmul(states[:T].reshape(T * B, H).T, errors, out=self.delay_weights_grad[0])
        np.sum(errors, axis=0, out=self.hidden_bias_grad)

    def _backward_delays(self, X, states, errors, slopes, ended, cuts, last):
        r"""BPTT of the layer delays: :math:`\partial E/\partial h_{t-d}` receives
        :math:`\partial E/\partial z_t W_d^\top` for every delay :math:`d \le t` (within the
        same truncation chunk), and :math:`\nabla_{W_d} E = \sum_{t \ge d} h_{t-d}^\top
        \partial E/\partial z_t`."""
        T, B, F = X.shape
        H = self.n_hidden
        if last:  # only the final step's error came from the output
            errors[: T - 1] = 0.0
        # error flows from z_t to h_{t-d} only within one truncation chunk
        chunk = None if cuts is None else np.cumsum(cuts, axis=0)
        carry = self._view(self._carry, B, H)
        held = self._view(self._held, B, H)
        for t in range(T - 1, -1, -1):
            error = errors[t]
            stopped = ended is not None and ended[t].any()
            if stopped:
                np.copyto(held, error)
            error *= slopes[t]  # dE/dz_t = dE/dh_t * f'(z_t)
            for d, W in zip(self.delays, self.delay_weights):
                if t < d:
                    continue
                if chunk is None:  # dE/dh_{t-d} += dE/dz_t W_d^T, in place by one GEMM
                    add_matmul(error, W.T, errors[t - d])
                    continue
                np.matmul(error, W.T, out=carry)
                carry[chunk[t - d] != chunk[t]] = 0.0  # a state before the chunk is a constant
                errors[t - d] += carry
            if stopped and t > 0:  # a carried state h_t = h_{t-1} passes its error back whole
                errors[t - 1][ended[t]] += held[ended[t]]
        flat_errors = errors.reshape(T * B, H)
        np.matmul(X.reshape(T * B, F).T, flat_errors, out=self.input_weights_grad)
        for d, grad in zip(self.delays, self.delay_weights_grad):
            if d >= T:
                grad.fill(0.0)
                continue
            np.matmul(states[1 : T + 1 - d].reshape(-1, H).T, errors[d:].reshape(-1, H), out=grad)
        np.sum(flat_errors, axis=0, out=self.hidden_bias_grad)


def clip_gradient_norm(grad, max_norm):
    """Rescale ``grad`` in place so that its Euclidean norm is at most ``max_norm``.

    :math:`g \\leftarrow g \\cdot \\min(1, c / \\lVert g\\rVert)` (Pascanu, Mikolov & Bengio 2013):
    the remedy for the exploding gradients of back-propagation through long sequences. Returns the
    norm before clipping.
    """
    norm = float(np.linalg.norm(grad))
    if norm > max_norm:
        grad *= max_norm / norm  # g = g c / ||g||
    return norm


class JordanNetwork(SimpleRecurrentNetwork):
    r"""Jordan's (1986) network: the previous *output* is fed back to state units that decay.

    .. math::

        c_t = \mu\, c_{t-1} + p_{t-1}, \quad c_0 = 0, \qquad
        h_t = f(x_t W_{in} + c_t W_{ctx} + b_h), \qquad p_t = g(h_t W_{out} + b_{out}),

    with :math:`\mu` the ``context_decay``. The network feeds back its own output :math:`p_t`
    (as Jordan did, not the target), so back-propagation through time also runs through the output
    activation: with :math:`\gamma_t = \partial E/\partial c_t`,

    .. math::

        \frac{\partial E}{\partial a_t} = \delta^{out}_t + g'(a_t)^\top \gamma_{t+1}, \qquad
        \frac{\partial E}{\partial z_t} = \left(\frac{\partial E}{\partial a_t} W_{out}^\top\right)
            \odot f'(z_t), \qquad
        \gamma_t = \frac{\partial E}{\partial z_t} W_{ctx}^\top + \mu\,\gamma_{t+1},

    :math:`\nabla_{W_{ctx}} E = \sum_t c_t^\top \partial E/\partial z_t`. The parameters are the
    Elman network's, ``recurrent_weights`` being :math:`W_{ctx}` of shape ``(n_outputs,
    n_hidden)``; padding and truncation as in :class:`SimpleRecurrentNetwork` (a truncation cut
    makes the context entering a chunk a constant).
    """

    def __init__(
        self,
        input_weights,
        context_weights,
        hidden_bias,
        output_weights,
        output_bias,
        hidden_activation,
        output_activation,
        loss,
        context_decay=0.0,
    ):
        super().__init__(
            input_weights,
            context_weights,
            hidden_bias,
            output_weights,
            output_bias,
            hidden_activation,
            output_activation,
            loss,
            delays=(),
        )
        self.context_decay = float(context_decay)

    def allocate(self, n_timesteps, batch_size):
        if n_timesteps <= self._capacity[0] and batch_size <= self._capacity[1]:
            return
        super().allocate(n_timesteps, batch_size)
        T, B = self._capacity
        K = self.n_outputs
        self._contexts = np.empty(T * B * K, dtype=self.dtype)
        self._feedback = np.empty(B * K, dtype=self.dtype)
        self._product = np.empty(B * K, dtype=self.dtype)

    @single_threaded_blas
    def run(self, X, lengths, states, outputs, contexts):
        """The forward pass into ``states (T + 1, B, H)``, ``outputs`` :math:`p_t` ``(T, B, K)``
        and ``contexts`` :math:`c_t` ``(T, B, K)``."""
        T, B, F = X.shape
        H = self.n_hidden
        states[0] = 0.0
        contexts[0] = 0.0
        activation = ACTIVATIONS[self.hidden_activation]
        inputs = states[1:].reshape(T * B, H)
        np.matmul(X.reshape(T * B, F), self.input_weights, out=inputs)
        inputs += self.hidden_bias  # x_t W_in + b_h for all steps in one GEMM
        ended = None if lengths is None or lengths.min() >= T else np.arange(T)[:, None] >= lengths
        for t in range(T):
            if t > 0:  # c_t = mu c_{t-1} + p_{t-1}; z_t += c_t W_ctx
                np.multiply(contexts[t - 1], self.context_decay, out=contexts[t])
                contexts[t] += outputs[t - 1]
                add_matmul(contexts[t], self.recurrent_weights, states[t + 1])
            activation(states[t + 1], out=states[t + 1])  # h_t = f(z_t)
            if ended is not None and ended[t].any():
                # after its last step a sequence keeps its state: h_t = h_{t-1}
                np.copyto(states[t + 1], states[t], where=ended[t][:, np.newaxis])
            self.output_layer(states[t + 1], out=outputs[t])  # p_t = g(h_t W_out + b_out)
        return states

    def hidden_states(self, X, lengths=None, out=None):
        T, B, _ = X.shape
        H, K = self.n_hidden, self.n_outputs
        states = np.empty((T + 1, B, H), dtype=self.dtype) if out is None else out
        scratch = np.empty((2, T, B, K), dtype=self.dtype)
        return self.run(X, lengths, states, scratch[0], scratch[1])

    @single_threaded_blas
    def loss_and_gradient(
        self,
        X,
        Y,
        lengths=None,
        output="sequence",
        alpha=0.0,
        bptt_steps=None,
        sequence_weights=None,
    ):
        """E for a batch; its gradient (BPTT through the output feedback) into :attr:`flat_grad`.

        The arguments are :meth:`SimpleRecurrentNetwork.loss_and_gradient`'s.
        """
        T, B, F = X.shape
        H, K = self.n_hidden, self.n_outputs
        self.allocate(T, B)
        states = self._view(self._states, T + 1, B, H)
        outputs = self._view(self._outputs, T, B, K)
        contexts = self._view(self._contexts, T, B, K)
        self.run(X, lengths, states, outputs, contexts)
        padded = lengths is not None and lengths.min() < T
        if lengths is None:
            lengths = np.full(B, T)
        weights = target_weights(lengths, T, output, self.dtype, sequence_weights)
        last = output == "last"
        prediction = outputs[T - 1] if last else outputs.reshape(T * B, K)
        weight_sum = (B if last else T * B) if weights is None else float(weights.sum())
        loss = loss_function(self.loss)(Y, prediction, weights) + self.penalty(alpha, weight_sum)

        # da_t = dE/d(h_t W_out + b_out): the loss's own delta, then the feedback's
        da = self._view(self._deltas, T, B, K)
        if last:
            da[: T - 1] = 0.0
        delta = output_delta(
            self.loss,
            self.output_activation,
            Y,
            prediction,
            out=da[T - 1] if last else da.reshape(T * B, K),
        )
        if weights is not None:
            delta *= weights[:, np.newaxis]
        slopes = self._view(self._slopes, T, B, H)
        slopes.fill(1.0)
        DERIVATIVES[self.hidden_activation](states[1:], slopes)
        ended = np.arange(T)[:, None] >= lengths if padded else None
        if padded:
            slopes[ended] = 0.0
        cuts = truncation_cuts(lengths, T, bptt_steps, output) if bptt_steps else None
        errors = self._view(self._errors, T, B, H)  # dE/dh_t, then dE/dz_t in place
        feedback = self._view(self._feedback, B, K)  # gamma_{t+1} = dE/dc_{t+1}
        product = self._view(self._product, B, K)
        held = self._view(self._held, B, H)
        feedback.fill(0.0)
        output_derivative = DERIVATIVES[self.output_activation]
        for t in range(T - 1, -1, -1):
            if t < T - 1:  # dE/dp_t = gamma_{t+1}: through g'(a_t) into da_t
                np.copyto(product, feedback)
                da[t] += output_derivative(outputs[t], product)
            np.matmul(da[t], self.output_weights.T, out=errors[t])  # dE/dh_t from p_t
            if ended is not None and t < T - 1 and ended[t + 1].any():
                # h_{t+1} = h_t after a sequence's end: its error passes back whole
                errors[t][ended[t + 1]] += held[ended[t + 1]]
            if ended is not None and ended[t].any():
                np.copyto(held, errors[t])
            errors[t] *= slopes[t]  # dE/dz_t = dE/dh_t * f'(z_t)
            if t == 0:
                break
            # gamma_t = dE/dz_t W_ctx^T + mu gamma_{t+1}
            feedback *= self.context_decay
            add_matmul(errors[t], self.recurrent_weights.T, feedback)
            if cuts is not None and cuts[t].any():
                feedback[cuts[t]] = 0.0  # truncation: the context entering a chunk is a constant

        np.matmul(
            states[1:].reshape(T * B, H).T, da.reshape(T * B, K), out=self.output_weights_grad
        )
        np.sum(da.reshape(T * B, K), axis=0, out=self.output_bias_grad)
        flat_errors = errors.reshape(T * B, H)
        np.matmul(X.reshape(T * B, F).T, flat_errors, out=self.input_weights_grad)
        np.matmul(contexts.reshape(T * B, K).T, flat_errors, out=self.recurrent_weights_grad)
        np.sum(flat_errors, axis=0, out=self.hidden_bias_grad)
        for W, grad in zip(
            self.weights,
            (self.input_weights_grad, self.recurrent_weights_grad, self.output_weights_grad),
        ):
            add_l2_gradient(grad, W, alpha)
        self.flat_grad /= weight_sum
        return loss

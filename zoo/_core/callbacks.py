"""scikit-learn's callback API (:mod:`sklearn.callback`) on zoo's one training loop.

An estimator that supports callbacks mixes in :class:`sklearn.callback.CallbackSupportMixin`
(its ``fit`` runs under scikit-learn's ``_fit_context``, which tears the callbacks down), calls
:func:`open_callbacks` once at the start of ``fit`` and :func:`close_callbacks` at its end, and
hands :func:`epoch_callbacks` to its :class:`~zoo._core.training.Monitor`
(``Monitor(..., callbacks=epoch_callbacks(self))``). The Monitor then opens one task per epoch
(or full-batch iteration) under the fit's root task, calls the callbacks' ``on_fit_task_begin``
and ``on_fit_task_end`` hooks with the training data, and stops training, as an early stop
(no ConvergenceWarning, ``n_iter_`` the epochs run), when an ``on_fit_task_end`` returns True.
A fit whose training alternates phases (cascade-correlation's output and candidate phases) opens
each phase's task with :meth:`EpochCallbacks.begin_phase`; the epochs of the phase are its
subtasks until :meth:`EpochCallbacks.end_phase` closes it.

A model whose fit trains inner estimators as steps of its own (a deep belief net's layers, then
its fine-tuning) opens a task for each step under its fit's root (:meth:`EpochCallbacks.subtask`)
and trains the inner estimator under it (:func:`train_under`): the inner estimator's epochs are
then that task's subtasks, and the hooks see the user's estimator, which holds the callbacks.

Without callbacks (none set, no meta-estimator propagating its own) nothing is opened and the
training loop runs exactly as before.
"""

from contextlib import contextmanager

_ATTRIBUTE = "_zoo_epoch_callbacks"
#: The task of an outer fit an inner estimator trains under (see :func:`train_under`).
_OUTER_ATTRIBUTE = "_zoo_task_callbacks"


class EpochCallbacks:
    """The callback context of one ``fit``: its root task and the epoch being trained.

    ``reconstruction() -> dict`` gives the fitted attributes a copy of the estimator needs to
    predict as if training stopped now (scikit-learn's ``reconstruction_attributes``); zoo's
    estimators train their fitted arrays in place, so the default is none beyond those already set.
    """

    def __init__(self, estimator, context, X, y, metadata, reconstruction):
        self.estimator = estimator
        self.context = context
        self.X, self.y, self.metadata = X, y, metadata
        self.reconstruction = reconstruction
        self._epoch = None
        self._phase = None

    def _data(self):
        return dict(estimator=self.estimator, X=self.X, y=self.y, metadata=self.metadata)

    def begin_epoch(self):
        """Open the next epoch's task (once; a solver that only records opens it there)."""
        if self._epoch is None:
            parent = self.context if self._phase is None else self._phase
            self._epoch = parent.subcontext(task_name="epoch")
            self._epoch.call_on_fit_task_begin(**self._data())

    def end_epoch(self):
        """Close the epoch's task; True when a callback asks training to stop."""
        self.begin_epoch()
        epoch, self._epoch = self._epoch, None
        return epoch.call_on_fit_task_end(
            **self._data(), reconstruction_attributes=self.reconstruction
        )

    def begin_phase(self, task_name, max_epochs=None):
        """Open a phase's task under the fit's; the epochs until :meth:`end_phase` are its
        subtasks (at most ``max_epochs``; None: not known in advance)."""
        self._phase = self.context.subcontext(task_name=task_name, max_subtasks=max_epochs)
        self._phase.call_on_fit_task_begin(**self._data())

    def end_phase(self):
        """Close the phase's task; True when a callback asks training to stop."""
        phase, self._phase = self._phase, None
        return phase.call_on_fit_task_end(
            **self._data(), reconstruction_attributes=self.reconstruction
        )

    def end(self):
        """End this context's task; True when a callback asks the level it belongs to to stop."""
        return self.context.call_on_fit_task_end(
            **self._data(), reconstruction_attributes=self.reconstruction
        )

    def subtask(self, task_name, *, max_subtasks=None, X=None, y=None, reconstruction=None):
        """Open a task under this one (a DBN's pre-training layer, its fine-tuning) and return its
        :class:`EpochCallbacks`, whose epochs open under it; :meth:`end` closes it.

        ``X`` and ``y`` are the task's training data (default: this task's); ``reconstruction``
        builds the attributes a fitted copy of the estimator needs during the task, or returns
        None when the estimator cannot predict yet (the callbacks then get no fitted estimator:
        a DBN classifier before its fine-tuning).
        """
        context = self.context.subcontext(task_name=task_name, max_subtasks=max_subtasks)
        task = EpochCallbacks(
            self.estimator,
            context,
            self.X if X is None else X,
            self.y if X is None and y is None else y,
            self.metadata,
            reconstruction or self.reconstruction,
        )
        context.call_on_fit_task_begin(**task._data())
        return task


def open_callbacks(
    estimator, X, y=None, *, sample_weight=None, max_epochs=None, reconstruction=None
):
    """Open the root callback task of ``estimator``'s fit and return its :class:`EpochCallbacks`.

    None (nothing opened) when the estimator does not support callbacks, or has none and is not
    fitted by a meta-estimator that propagates a context to it. ``max_epochs`` bounds the epoch
    tasks (None: not known in advance, e.g. with restarts or a stop on success).
    """
    estimator.__dict__.pop(_ATTRIBUTE, None)
    if not hasattr(estimator, "_init_callback_context"):
        return None
    if not getattr(estimator, "_skl_callbacks", None) and not hasattr(
        estimator, "_parent_callback_ctx"
    ):
        return None
    context = estimator._init_callback_context(max_subtasks=max_epochs)
    metadata = {} if sample_weight is None else {"sample_weight": sample_weight}
    callbacks = EpochCallbacks(estimator, context, X, y, metadata, reconstruction or (lambda: {}))
    context.call_on_fit_task_begin(**callbacks._data())
    setattr(estimator, _ATTRIBUTE, callbacks)
    return callbacks


def _own_callbacks(estimator):
    callbacks = estimator.__dict__.get(_ATTRIBUTE)
    if callbacks is None or getattr(estimator, "_callback_fit_ctx", None) is not callbacks.context:
        return None  # left over from a fit that raised
    return callbacks


def epoch_callbacks(estimator):
    """The :class:`EpochCallbacks` of the fit under way, or None (the Monitor's ``callbacks``):
    the estimator's own, or those of the outer task it trains under (:func:`train_under`)."""
    callbacks = _own_callbacks(estimator)
    if callbacks is None:
        return estimator.__dict__.get(_OUTER_ATTRIBUTE)
    return callbacks


@contextmanager
def train_under(inner, task):
    """Train the estimator ``inner`` as the task ``task`` (an :class:`EpochCallbacks` from
    :meth:`EpochCallbacks.subtask`, or None: nothing to do) of an outer fit: its Monitor's epochs
    open under ``task``. The caller ends ``task`` afterwards."""
    if task is None:
        yield
        return
    setattr(inner, _OUTER_ATTRIBUTE, task)
    try:
        yield
    finally:
        inner.__dict__.pop(_OUTER_ATTRIBUTE, None)


def close_callbacks(estimator):
    """End the fit's root task (its ``on_fit_task_end`` hooks) and forget the context."""
    callbacks = _own_callbacks(estimator)
    estimator.__dict__.pop(_ATTRIBUTE, None)
    if callbacks is not None:
        callbacks.end()

"""The comparison engine behind ``zoo compare``: every architecture on one dataset, one table.

It cross-validates every estimator exported from :mod:`zoo` whose task fits the dataset, beside
scikit-learn reference rows (a linear model and scikit-learn's neural network). It names no family
and no estimator: the models are discovered from ``zoo.__all__`` at run time, and each estimator
class declares what a comparison needs to know about it, so a family that lands later appears
without an edit here.

What an estimator declares (class attributes)
---------------------------------------------
``_input_domain`` (default ``"real"``)
    What its ``X`` must hold; the comparison scales the features to match
    (:func:`~zoo.compare.models.scaling_steps`):

    * ``"real"`` — any real numbers: ``StandardScaler``.
    * ``"unit_interval"`` — features in [0, 1] (probabilities of binary units, fuzzy
      memberships): ``MinMaxScaler(clip=True)``.
    * ``"binary"`` — 0/1 patterns: that, then ``Binarizer(threshold=0.5)``.
    * ``"sequences"`` — 3-D ``(n_sequences, n_timesteps, n_features)``: ``StandardScaler``, then
      each sample reshaped to the dataset's natural sequence shape (digits: 8 rows of 8 pixels,
      read top to bottom); a dataset without one is passed 2-D, which zoo's sequence convention
      reads as one feature per time step.
``_compare_excluded`` (default ``None``)
    Why the estimator is no row of a default comparison, when its pipeline would be no sensible
    use of it (a recall of stored patterns is no feature map for a classifier): the table's
    footer names it with this reason, and ``--models`` still runs it.
``_compare_params`` (default ``{}``)
    Hyper-parameters that make a quick comparison on digits sensible, only where the defaults
    are not (``{"n_iter": 30, ...}``); everything else is the estimator's default, and every
    estimator with a ``random_state`` gets ``--random-state``. ``None`` marks an exported
    preprocessing step (an input encoding) that is not a model to compare.
``_loss_curve_quantity`` (default ``"loss"``)
    What the estimator's ``loss_curve_`` measures, when it is no loss ("mean distance to the
    BMU", "reconstruction error"): the report's training-curve panels name their y-axis by it,
    as the estimator's ``verbose`` lines name the same figure.

Example, in a new family's module::

    class AssociativeNet(TransformerMixin, BaseEstimator):
        _input_domain = "binary"
        _compare_params = {"max_iter": 20}

The other rules
---------------
* **task** — a classification dataset compares classifiers, a regression dataset regressors
  (``sklearn.base.is_classifier`` / ``is_regressor``). An unsupervised estimator with
  ``transform`` enters a classification comparison as a *feature stage* followed by a
  ``LogisticRegression`` read-out on the re-standardised features (row
  ``"<Name> + LogisticRegression"``), the classic way to judge learned features; an unsupervised
  estimator without ``transform`` is left out.
* **family** — the estimator's subpackage of :mod:`zoo` (``zoo.<family>._module``); ``--models``
  selects by row, class or family name.
* **execution** — the folds (and ``--param`` candidates) of all models run as one flat list of
  independent fits through joblib (:mod:`~zoo.compare.run`).

The modules: :mod:`~zoo.compare.discovery` (what ``zoo.__all__`` holds),
:mod:`~zoo.compare.datasets` (built-ins, CSV, IDX folders), :mod:`~zoo.compare.models` (the
Pipelines), :mod:`~zoo.compare.run` (cross-validation through joblib or Dask),
:mod:`~zoo.compare.table` (text output), :mod:`~zoo.compare.report` (``--report``) and
:mod:`~zoo.compare.series` (``--horizon``: forecasters on one time series, by rolling origin,
which finds the forecasters by the form of their ``forecast`` method).

Examples
--------
>>> from zoo.compare import build_models, compare, load_dataset, render_table
>>> iris = load_dataset("iris")
>>> summary = compare(iris, build_models(iris, select=["sklearn.LogisticRegression"]), cv=3)
>>> summary["results"][0]["mean"] > 0.9
True
"""

from ._errors import CLIError
from .datasets import DATASETS, Dataset, load_csv, load_dataset, subsample
from .discovery import (
    INPUT_DOMAINS,
    EstimatorInfo,
    compare_exclusion,
    compare_params,
    discover_estimators,
    first_reference,
    input_domain,
)
from .models import (
    Model,
    build_models,
    check_param_grid,
    left_out,
    parse_param,
    scaling_steps,
    split_scope,
)
from .report import write_report
from .run import chance_level, compare, parse_scoring, progress_printer
from .series import build_series_models, compare_series, forecast_protocol, load_series
from .table import format_table, render_list, render_series_table, render_table

__all__ = [
    "CLIError",
    "DATASETS",
    "Dataset",
    "INPUT_DOMAINS",
    "EstimatorInfo",
    "Model",
    "build_models",
    "build_series_models",
    "chance_level",
    "check_param_grid",
    "compare",
    "compare_exclusion",
    "compare_series",
    "compare_params",
    "discover_estimators",
    "first_reference",
    "forecast_protocol",
    "format_table",
    "input_domain",
    "left_out",
    "load_csv",
    "load_dataset",
    "load_series",
    "parse_param",
    "parse_scoring",
    "progress_printer",
    "render_list",
    "render_series_table",
    "render_table",
    "scaling_steps",
    "split_scope",
    "subsample",
    "write_report",
]

"""Dynamic networks (zoo.dynamic, issue 30): closed-loop identification against lag-feature and
polynomial NARMAX baselines, in one table.

Run: ``python benchmarks/bench_dynamic.py [--seeds 5]``. Every model is trained on the same series
and run **closed loop** (its own outputs fed back) over the test inputs, from the test series'
true first outputs (the initial delay states); NRMSE = RMSE / std(y_test) over the simulated
steps, fit time in seconds. Each network is trained from ``random_state`` 0, 1, ..., SEEDS-1
(the same seeds for every model) and the table gives the median NRMSE, its range and the median
fit time: one seed is a draw of the initial weights, and on Narendra's plant the closed-loop
error of one configuration spans a factor of 2 to 5 across seeds (scikit-learn's MLP: 0.020 to
0.098 over seeds 0-4), so a single seed ranks the draws, not the methods. The machine is shared:
run it twice before quoting times.

1. Narendra & Parthasarathy (1990) Example 2, y(k+1) = y(k) y(k-1) (y(k) + 2.5) / (1 + y(k)² +
   y(k-1)²) + u(k): trained on 1000 steps of u ~ U[-2, 2], tested on u(k) = sin(2πk/25),
   1000 steps. Taps: u(t-1), y(t-1), y(t-2) (the plant's).
2. NARMA-10 (Atiya & Parlos 2000): trained on 2000 steps, tested on the next 1000. Taps:
   u(t-1..t-10), y(t-1..t-10).

Models: ``NARXRegressor`` with its defaults (lm with Bayesian regularisation run to convergence,
at most 1000 iterations, on standardised series, 10 tanh units: MATLAB's ``narxnet`` +
``trainbr``), its ``closed_loop_fit=True`` fine-tuning (early stopping on the free-run error of
the training series' last 10 %), scikit-learn's
``MLPRegressor`` (10 tanh units, lbfgs) on the same lag features (the rows of
``zoo.dynamic.prepare_delays``) run closed loop by hand, ``TimeDelayRegressor`` on the input taps
only (no feedback: what a lag-feature model without the output's past can do), and sysidentpy's
polynomial NARMAX (FROLS, degree 2, AIC, least squares) when installed (sysidentpy 0.9.0 pins
numpy <= 2.3.5: install it in another environment than the one that checks
``ZOO_EXACT_SNAPSHOTS``, whose arithmetic fingerprint that numpy changes).

Choosing among restarts does not close Narendra's seed spread: over NARX's random_state 0-7 the
test error (0.015 to 0.108) follows neither the open-loop training loss (the lowest, seed 2,
gives 0.044) nor the free-run error on the training series or its last 10 % (their best give
0.044 and 0.031): the sinusoidal test input (amplitude 1) drives the plant where the i.i.d.
training input (amplitude 2) rarely goes. Averaging the networks of several seeds in the loop
(a committee) gave 0.014 to 0.028 for five seeds.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor

from zoo.datasets import make_narendra, make_narma
from zoo.dynamic import NARXRegressor, TimeDelayRegressor, prepare_delays

warnings.simplefilter("ignore", ConvergenceWarning)


def nrmse(predicted, true):
    return float(np.sqrt(np.mean((predicted - true) ** 2)) / np.std(true))


def closed_loop(predict_row, u, y_init, input_delays, feedback_delays):
    """Simulate ``y(t) = f(u(t-d), y(t-d))`` from the first ``len(y_init)`` true outputs."""
    y = np.zeros(len(u))
    y[: len(y_init)] = y_init
    for t in range(len(y_init), len(u)):
        row = [u[t - d] if t >= d else 0.0 for d in input_delays]
        row += [y[t - d] if t >= d else 0.0 for d in feedback_delays]
        y[t] = predict_row(np.array([row]))[0]
    return y


def timed(fit):
    start = time.perf_counter()
    model = fit()
    return model, time.perf_counter() - start


def zoo_narx(task, seed, **params):
    u, y, u_test, y_test, ins, fbs, D = task
    model, seconds = timed(
        lambda: NARXRegressor(ins, fbs, random_state=seed, **params).fit(u[:, None], y)
    )
    return nrmse(model.simulate(u_test[:, None], y_test[:D])[D:], y_test[D:]), seconds


def zoo_tdnn(task, seed):
    u, y, u_test, y_test, ins, _, D = task
    model, seconds = timed(lambda: TimeDelayRegressor(ins, random_state=seed).fit(u[:, None], y))
    return nrmse(model.predict(u_test[:, None])[D:], y_test[D:]), seconds


def sklearn_mlp(task, seed):
    u, y, u_test, y_test, ins, fbs, D = task
    rows, _, _, targets = prepare_delays(u[:, None], y, input_delays=ins, feedback_delays=fbs)
    mlp = MLPRegressor(
        hidden_layer_sizes=(10,),
        activation="tanh",
        solver="lbfgs",
        max_iter=1000,
        random_state=seed,
    )
    mlp, seconds = timed(lambda: mlp.fit(rows, targets))
    simulated = closed_loop(mlp.predict, u_test, y_test[:D], ins, fbs)
    return nrmse(simulated[D:], y_test[D:]), seconds


def sysidentpy_frols(task, seed):  # deterministic: the seed is unused
    from sysidentpy.basis_function import Polynomial
    from sysidentpy.model_structure_selection import FROLS
    from sysidentpy.parameter_estimation import LeastSquares

    u, y, u_test, y_test, ins, fbs, D = task
    model = FROLS(
        ylag=list(fbs), xlag=list(ins), info_criteria="aic", n_info_values=30,
        estimator=LeastSquares(), basis_function=Polynomial(degree=2),
    )  # fmt: skip
    model, seconds = timed(lambda: model.fit(X=u[:, None], y=y[:, None]) or model)
    # free run (infinity-step ahead) from the first max_lag true outputs
    simulated = model.predict(X=u_test[:, None], y=y_test[:, None])[:, 0]
    lag = model.max_lag
    return nrmse(simulated[lag:], y_test[lag:]), seconds


def tasks():
    u, y = make_narendra(2, 1000, input="random", random_state=0)
    u_test, y_test = make_narendra(2, 1000, input="test")
    yield "Narendra Ex. 2", (u, y, u_test, y_test, (1,), (1, 2), 2)
    u, y = make_narma(3000, random_state=0)
    ten = tuple(range(1, 11))
    yield "NARMA-10", (u[:2000], y[:2000], u[2000:], y[2000:], ten, ten, 10)


def main():
    models = {
        "NARXRegressor (lm, bayes)": zoo_narx,
        "NARXRegressor + closed_loop_fit": lambda task, seed: zoo_narx(
            task, seed, closed_loop_fit=True
        ),
        "TimeDelayRegressor (input taps only)": zoo_tdnn,
        "sklearn MLPRegressor on lags (lbfgs)": sklearn_mlp,
        "sysidentpy FROLS (poly. NARMAX, deg 2)": sysidentpy_frols,
    }
    try:
        import sysidentpy  # noqa: F401
    except ImportError:
        print("sysidentpy is not installed (pip install sysidentpy): its row is skipped.")
        del models["sysidentpy FROLS (poly. NARMAX, deg 2)"]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="random_state 0..SEEDS-1 per model")
    seeds = range(parser.parse_args().seeds)
    names = [name for name, _ in tasks()]
    print(
        f"closed-loop NRMSE over the test series: median over random_state 0..{len(seeds) - 1} "
        "[min, max] (median fit seconds)\n"
    )
    print(f"| model | {' | '.join(names)} |")
    print("|---|" + "---|" * len(names))
    for label, run in models.items():
        cells = []
        for _, task in tasks():
            # FROLS draws nothing: one run stands for every seed
            runs = [run(task, seed) for seed in (seeds if "FROLS" not in label else [0])]
            errors, seconds = np.array(runs).T
            cells.append(
                f"{np.median(errors):.3f} [{errors.min():.3f}, {errors.max():.3f}] "
                f"({np.median(seconds):.2f} s)"
            )
        print(f"| {label} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()

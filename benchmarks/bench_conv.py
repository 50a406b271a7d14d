"""zoo ConvNetClassifier (LeNet-5 defaults) vs the same network in PyTorch on CPU, in one process.

Data: the MNIST files in ``ZOO_MNIST=DIR`` when given (``zoo.datasets.load_mnist``: 60,000 train,
10,000 test); otherwise scikit-learn's 8x8 digits upsampled to 28x28 (no download): 500 held-out
originals for testing, and jittered copies (shifts up to 2 pixels, pixel noise) of the others for
training. Everything in float32 with BLAS (and PyTorch) on the same number of threads — one, the
thread count zoo's fit uses.

Prints
* the fit: seconds per epoch and test accuracy of zoo and of PyTorch (same layers, Glorot-uniform
  start, Adam with the same settings, same batch size), and the time ratio zoo / PyTorch;
* the convolution layers' achieved GFLOP/s in a training step at batch 128 (forward GEMM, kernel
  gradient, and input gradient above the first layer: 2 n Ho Wo kh kw C F flops each, counted over
  the time of everything the layers do — im2col, GEMMs, bias, activation, pooling, col2im; CPU
  time, which a busy machine distorts less than wall time, and one thread: the work), beside
  the machine's GEMM rate: a plain float32 matrix product of the same total flops (square), and of
  the same shapes as the layers' GEMMs;
* peak memory of a training step at batch 128 (tracemalloc: every numpy buffer, preallocated or
  temporary; the data set itself excluded).

    python benchmarks/bench_conv.py [--n-train 6000] [--epochs 3] [--threads 1]
    ZOO_MNIST=~/mnist python benchmarks/bench_conv.py --epochs 3
"""

import argparse
import os
import time
import tracemalloc
import warnings

import numpy as np
from scipy.ndimage import shift as nd_shift
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from zoo.conv import ConvNetClassifier
from zoo.datasets import load_mnist


def upsampled_digits(n_train, random_state=0):
    """28x28 digits: 500 held-out originals upsampled; jittered noisy copies of the rest."""
    rng = np.random.default_rng(random_state)
    digits = load_digits()
    images = zoom(digits.images / 16.0, (1, 3.5, 3.5), order=1).clip(0, 1)  # (1797, 28, 28)
    train, test = train_test_split(
        np.arange(len(images)), test_size=500, stratify=digits.target, random_state=random_state
    )
    picks = rng.choice(train, n_train)
    X = np.empty((n_train, 784))
    for row, index in enumerate(picks):
        dy, dx = rng.integers(-2, 3, 2)
        X[row] = nd_shift(images[index], (dy, dx), order=0).ravel()
    X = np.clip(X + rng.normal(0.0, 0.05, X.shape), 0.0, 1.0)
    X_test = images[test].reshape(len(test), 784)
    return X, digits.target[picks], X_test, digits.target[test]


def load_data(n_train):
    directory = os.environ.get("ZOO_MNIST")
    if directory:
        X, y = load_mnist(directory, "train")
        X_test, y_test = load_mnist(directory, "test")
        return X, y, X_test, y_test, f"MNIST from {directory}"
    X, y, X_test, y_test = upsampled_digits(n_train)
    return X, y, X_test, y_test, f"digits upsampled to 28x28 ({n_train} jittered train images)"


# ----------------------------------------------------------------------------- zoo


def fit_zoo(X, y, epochs, batch_size):
    model = ConvNetClassifier(
        batch_size=batch_size, max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, random_state=0
    )
    start, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return model, (time.perf_counter() - start) / epochs, (time.process_time() - cpu) / epochs


def conv_step_rate(model, X, Y, batch=128, repeats=10):
    """GFLOP/s of the convolution layers in a training step, and the step's peak memory."""
    network = model._network(view=False)
    images = model._images(X[:batch])
    Yb = Y[:batch]
    tracemalloc.start()
    network.allocate(batch)
    network.loss_and_gradient(images, Yb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    features = network._features(images).copy()
    step, head = [], []
    for _ in range(repeats):
        start = time.process_time()
        network.loss_and_gradient(images, Yb)
        step.append(time.process_time() - start)
        start = time.process_time()
        network.head.loss_and_gradient(features, Yb, input_delta=network._feature_delta[:batch])
        head.append(time.process_time() - start)
    conv_time = min(step) - min(head)
    flops = sum(
        g.flops(batch) * (2 if layer == 0 else 3) for layer, g in enumerate(network.geometries)
    )
    return flops, conv_time, min(step), peak, network.geometries


def gemm_rates(flops, geometries, batch=128, repeats=10):
    """GFLOP/s of a square float32 product of ``flops``, and of the layers' own GEMM shapes."""
    rng = np.random.default_rng(0)
    side = int(round((flops / 2) ** (1 / 3)))
    a = rng.random((side, side), dtype=np.float32)
    b = rng.random((side, side), dtype=np.float32)
    out = np.empty((side, side), np.float32)
    square = _best(lambda: np.matmul(a, b, out=out), repeats)
    shaped_time = 0.0
    for layer, g in enumerate(geometries):
        Ho, Wo, F = g.conv_shape
        rows, depth = batch * Ho * Wo, g.kernel[0] * g.kernel[1] * g.in_shape[2]
        cols = rng.random((rows, depth), dtype=np.float32)
        K = rng.random((depth, F), dtype=np.float32)
        Z = rng.random((rows, F), dtype=np.float32)
        shaped_time += _best(lambda: np.matmul(cols, K), repeats)  # forward
        shaped_time += _best(lambda: np.matmul(cols.T, Z), repeats)  # kernel gradient
        if layer > 0:
            shaped_time += _best(lambda: np.matmul(K, Z.T), repeats)  # input gradient
    return 2 * side**3 / square / 1e9, flops / shaped_time / 1e9


def _best(call, repeats):
    call()
    times = []
    for _ in range(repeats):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return min(times)


# ----------------------------------------------------------------------------- PyTorch


def fit_torch(X, y, n_classes, epochs, batch_size):
    import torch
    from torch import nn

    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 7 * 7, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, n_classes),
    )
    for module in net:
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(module.weight)
    # zoo's alpha=1e-4 is a mean-loss L2 term alpha/(2m)||W||^2: the same objective up to the
    # batch-size scaling; weight_decay=alpha/m is its per-step gradient
    optimizer = torch.optim.Adam(
        net.parameters(), lr=1e-3, eps=1e-8, weight_decay=1e-4 / batch_size
    )
    loss_fn = nn.CrossEntropyLoss()
    images = torch.from_numpy(X.reshape(-1, 1, 28, 28))
    labels = torch.from_numpy(y)
    generator = torch.Generator().manual_seed(0)
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(epochs):
        order = torch.randperm(len(images), generator=generator)
        for begin in range(0, len(images), batch_size):
            index = order[begin : begin + batch_size]
            optimizer.zero_grad()
            loss = loss_fn(net(images[index]), labels[index])
            loss.backward()
            optimizer.step()
    return net, (time.perf_counter() - start) / epochs, (time.process_time() - cpu) / epochs


def torch_accuracy(net, X, y):
    import torch

    with torch.no_grad():
        predicted = net(torch.from_numpy(X.reshape(-1, 1, 28, 28))).argmax(dim=1).numpy()
    return float(np.mean(predicted == y))


# ----------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-train", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    X, y, X_test, y_test, what = load_data(args.n_train)
    X, X_test = X.astype(np.float32), X_test.astype(np.float32)
    y, y_test = y.astype(np.int64), y_test.astype(np.int64)
    print(f"data: {what}; {len(X)} train, {len(X_test)} test; float32; {args.threads} thread(s)")

    with threadpool_limits(args.threads):
        model, zoo_epoch, zoo_cpu = fit_zoo(X, y, args.epochs, args.batch_size)
        zoo_accuracy = model.score(X_test, y_test)
        print(
            f"zoo ConvNetClassifier: {model.n_parameters_:,} parameters, {zoo_epoch:.2f} s/epoch "
            f"({zoo_cpu:.2f} CPU s), test accuracy {zoo_accuracy:.4f} after {args.epochs} epochs"
        )
        Y = model._label_binarizer.transform(y).astype(np.float32)
        flops, conv_time, step_time, peak, geometries = conv_step_rate(model, X, Y)
        square, shaped = gemm_rates(flops, geometries)
        achieved = flops / conv_time / 1e9
        print(
            f"conv layers, training step at batch 128: {flops / 1e9:.3f} GFLOP in "
            f"{conv_time * 1e3:.1f} ms of the step's {step_time * 1e3:.1f} ms -> "
            f"{achieved:.1f} GFLOP/s"
        )
        print(
            f"machine GEMM (float32, {args.threads} thread(s)): {square:.1f} GFLOP/s square of the "
            f"same flops -> conv at {achieved / square:.0%}; {shaped:.1f} GFLOP/s at the layers' "
            f"own GEMM shapes -> conv at {achieved / shaped:.0%}"
        )
        print(f"peak memory of a training step at batch 128: {peak / 2**20:.1f} MiB")

        try:
            import torch
        except ImportError:
            print("PyTorch not installed (pip install zoo[bench]): no ratio")
            return
        torch.set_num_threads(args.threads)
        net, torch_epoch, torch_cpu = fit_torch(
            X, y, len(np.unique(y)), args.epochs, args.batch_size
        )
        print(
            f"PyTorch {torch.__version__} (CPU, {torch.get_num_threads()} thread(s)): "
            f"{torch_epoch:.2f} s/epoch ({torch_cpu:.2f} CPU s), test accuracy "
            f"{torch_accuracy(net, X_test, y_test):.4f}"
        )
        print(
            f"time ratio zoo / PyTorch: {zoo_epoch / torch_epoch:.2f} wall, "
            f"{zoo_cpu / torch_cpu:.2f} CPU"
        )


if __name__ == "__main__":
    main()

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
from numpy.lib.stride_tricks import as_strided
from scipy.ndimage import shift as nd_shift
from scipy.ndimage import zoom
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from zoo._core.convolution import im2col
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


def conv_step_profile(model, X, Y, batch=128, repeats=20):
    """Time a training step at ``batch`` piece by piece (the network's own CPU-time laps).

    Returns the conv layers' flops, their CPU time (the step less the head's part; best of
    ``repeats``), the step's time, the per-piece best times ``{(layer, piece): s}``, the step's
    peak memory and the layer geometries.
    """
    network = model._network(view=False)
    images = model._images(X[:batch])
    Yb = Y[:batch]
    tracemalloc.start()
    network.allocate(batch)
    network.loss_and_gradient(images, Yb, alpha=model.alpha)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    steps, conv, pieces = [], [], {}
    for _ in range(repeats):
        network.profile = {}
        start = time.process_time()
        network.loss_and_gradient(images, Yb, alpha=model.alpha)
        steps.append(time.process_time() - start)
        conv.append(steps[-1] - network.profile[("head", "forward+backward")])
        for key, seconds in network.profile.items():
            pieces[key] = min(pieces.get(key, np.inf), seconds)
    network.profile = None
    # forward GEMM, kernel gradient, and the input gradient above the first layer (which is
    # never formed): 2 n Ho Wo kh kw C F flops each
    flops = sum(
        g.flops(batch) * (2 if layer == 0 else 3) for layer, g in enumerate(network.geometries)
    )
    return flops, min(conv), min(steps), pieces, peak, network.geometries


def print_profile(pieces, step_time):
    """The step's pieces, layer by layer in the order they run, with their share of the step."""
    print(
        "training step at batch 128, CPU ms per piece (best of 20; the step: "
        f"{step_time * 1e3:.1f} ms):"
    )
    for (layer, piece), seconds in pieces.items():
        where = "head" if layer == "head" else f"conv{layer + 1}"
        print(f"  {where:5s} {piece:32s} {seconds * 1e3:6.2f}  {seconds / step_time:4.0%}")
    gemm = sum(s for (layer, piece), s in pieces.items() if piece.startswith("GEMM"))
    rest = sum(s for (layer, piece), s in pieces.items() if layer != "head") - gemm
    print(f"  conv layers: GEMMs {gemm * 1e3:.2f} ms, everything else {rest * 1e3:.2f} ms")
    return gemm


def gemm_rates(flops, geometries, batch=128, repeats=10):
    """GFLOP/s of a square float32 product of ``flops``; and of the layers' own GEMMs, each in
    the fastest of its row/column-major orientations (no extra grid columns): what any GEMM
    formulation of these layers can reach at best with these channel counts."""
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
        products = [(rows, depth, F), (depth, rows, F)]  # forward, kernel gradient
        if layer > 0:
            products.append((rows, F, depth))  # input gradient
        for m, k, n in products:
            shaped_time += min(_gemm_time(rng, m, k, n, order, repeats) for order in range(4))
    # the least data movement of an im2col formulation: each patch matrix written once
    # (im2col) and dE/dP read back once (col2im), timed as contiguous copies of their size
    copy_time = 0.0
    for layer, g in enumerate(geometries):
        Ho, Wo, _ = g.conv_shape
        size = batch * Ho * Wo * g.kernel[0] * g.kernel[1] * g.in_shape[2]
        source, target = np.ones(size, np.float32), np.empty(size, np.float32)
        copy_time += _best(lambda: np.copyto(target, source), repeats) * (2 if layer else 1)
    return 2 * side**3 / square / 1e9, flops / shaped_time / 1e9, shaped_time, copy_time


def _gemm_time(rng, m, k, n, order, repeats):
    """Best time of an (m x k) (k x n) product, or of its transpose (n x k) (k x m), with the
    left factor stored row-major or transposed (``order``: 0-3)."""
    if order >= 2:
        m, n = n, m
    left = rng.random((m, k) if order % 2 == 0 else (k, m), dtype=np.float32)
    left = left if order % 2 == 0 else left.T
    right = rng.random((k, n), dtype=np.float32)
    out = np.empty((m, n), np.float32)
    return _best(lambda: np.matmul(left, right, out=out), repeats)


def _best(call, repeats):
    call()
    times = []
    for _ in range(repeats):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return min(times)


def forward_formulations(geometries, batch=128, repeats=10):
    """CPU ms of each layer's forward convolution (patches + GEMM, no bias) by four
    formulations, to show why zoo's is the one kept; all compute the same Z (checked)."""
    rng = np.random.default_rng(0)
    print(f"forward convolution formulations at batch {batch}, CPU ms (GFLOP/s):")
    for layer, g in enumerate(geometries):
        if g.stride != 1:
            continue
        H, W, C = g.in_shape
        Hp, Wp, _ = g.padded_shape
        Ho, Wo, F = g.conv_shape
        kh, kw = g.kernel
        top, _, left, _ = g.pads
        X = rng.random((batch, H, W, C), dtype=np.float32)
        K = rng.random((kh, kw, C, F), dtype=np.float32)
        reference = _direct_reference(X, K, g)
        times = {}
        # (1) channels last: the patch matrix's rows are receptive fields, runs of kw C values
        Xp = np.zeros((batch, Hp, Wp, C), np.float32)
        Xp[:, top : top + H, left : left + W] = X
        s = Xp.strides
        fields = as_strided(Xp, (batch, Ho, Wo, kh, kw, C), (*s[:3], *s[1:]), writeable=False)
        cols = np.empty((batch * Ho * Wo, kh * kw * C), np.float32)
        Z1 = np.empty((batch * Ho * Wo, F), np.float32)

        def nhwc():
            np.copyto(cols.reshape(fields.shape), fields)
            np.matmul(cols, K.reshape(-1, F), out=Z1)

        times["channels last, im2col rows (the previous core)"] = _best(nhwc, repeats)
        check = Z1.reshape(batch, Ho, Wo, F)
        np.testing.assert_allclose(check, reference, rtol=1e-4, atol=1e-3)
        # (2) channels first on the grid (zoo's core): kh kw slice copies, one GEMM
        Wg = g.grid_width
        Xc = np.zeros((C, batch, Hp, g.buffer_width), np.float32)
        Xc[:, :, top : top + H, left : left + W] = X.transpose(3, 0, 1, 2)
        colsT = np.zeros((kh * kw * C, batch * Ho * Wg), np.float32)
        Z2 = np.empty((F, batch * Ho * Wg), np.float32)

        def grid():
            im2col(Xc, g.kernel, 1, out=colsT)
            np.matmul(K.reshape(-1, F).T, colsT, out=Z2)

        times["channels first, grid im2col (zoo)"] = _best(grid, repeats)
        check = Z2.reshape(F, batch, Ho, Wg)[..., :Wo].transpose(1, 2, 3, 0)
        np.testing.assert_allclose(check, reference, rtol=1e-4, atol=1e-3)
        # (3) implicit GEMM: no patch matrix; Z += K[u, v]^T X[:, shift(u, v):] over the flat
        # padded images (every pixel a grid position), kh kw GEMMs of depth C
        L = batch * Hp * g.buffer_width
        flat = np.zeros((C, L + kh * g.buffer_width + kw), np.float32)
        flat[:, :L] = Xc.reshape(C, L)
        Z3, part = np.empty((F, L), np.float32), np.empty((F, L), np.float32)
        Kt = [[np.ascontiguousarray(K[u, v].T) for v in range(kw)] for u in range(kh)]

        def implicit():
            Z3[...] = 0
            for u in range(kh):
                for v in range(kw):
                    shift = u * g.buffer_width + v
                    np.matmul(Kt[u][v], flat[:, shift : shift + L], out=part)
                    np.add(Z3, part, out=Z3)

        times["implicit GEMM, shifted slices (kh kw GEMMs)"] = _best(implicit, repeats)
        check = Z3.reshape(F, batch, Hp, g.buffer_width)[:, :, :Ho, :Wo].transpose(1, 2, 3, 0)
        np.testing.assert_allclose(check, reference, rtol=1e-4, atol=1e-3)
        # (4) kernel rows grouped: a kw-wide patch matrix, kh GEMMs of depth kw C
        rows = np.zeros((kw, C, L + kh * g.buffer_width), np.float32)
        Kr = [np.ascontiguousarray(K[u].reshape(kw * C, F).T) for u in range(kh)]

        def grouped():
            for v in range(kw):
                rows[v, :, : L + (kh - 1) * g.buffer_width] = flat[
                    :, v : v + L + (kh - 1) * g.buffer_width
                ]
            R = rows.reshape(kw * C, -1)
            Z3[...] = 0
            for u in range(kh):
                shift = u * g.buffer_width
                np.matmul(Kr[u], R[:, shift : shift + L], out=part)
                np.add(Z3, part, out=Z3)

        times["kernel rows grouped (kh GEMMs of depth kw C)"] = _best(grouped, repeats)
        check = Z3.reshape(F, batch, Hp, g.buffer_width)[:, :, :Ho, :Wo].transpose(1, 2, 3, 0)
        np.testing.assert_allclose(check, reference, rtol=1e-4, atol=1e-3)
        flops = g.flops(batch)
        for name, seconds in times.items():
            print(
                f"  conv{layer + 1} ({C}->{F} channels) {name:48s} {seconds * 1e3:6.2f} "
                f"({flops / seconds / 1e9:5.1f})"
            )


def _direct_reference(X, K, g):
    """Z[n,i,j,f] = sum_{u,v,c} Xp[n, i + u, j + v, c] K[u,v,c,f] in float64 (stride 1)."""
    top, bottom, left, right = g.pads
    Xp = np.pad(X.astype(np.float64), ((0, 0), (top, bottom), (left, right), (0, 0)))
    Ho, Wo, F = g.conv_shape
    Z = np.zeros((X.shape[0], Ho, Wo, F))
    for u in range(K.shape[0]):
        for v in range(K.shape[1]):
            Z += Xp[:, u : u + Ho, v : v + Wo] @ K[u, v]
    return Z


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


def torch_step_time(net, X, y, batch=128, repeats=20):
    """CPU seconds of one forward + backward pass at ``batch`` (best of ``repeats``)."""
    import torch
    from torch import nn

    images = torch.from_numpy(X[:batch].reshape(-1, 1, 28, 28))
    labels = torch.from_numpy(y[:batch])
    loss_fn = nn.CrossEntropyLoss()

    def step():
        net.zero_grad()
        loss_fn(net(images), labels).backward()

    return _best(step, repeats)


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
    parser.add_argument(
        "--formulations",
        action="store_true",
        help="also time four formulations of the forward convolution",
    )
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
        flops, conv_time, step_time, pieces, peak, geometries = conv_step_profile(model, X, Y)
        gemm_time = print_profile(pieces, step_time)
        square, shaped, shaped_time, copy_time = gemm_rates(flops, geometries)
        achieved = flops / conv_time / 1e9
        print(
            f"conv layers, training step at batch 128: {flops / 1e9:.3f} GFLOP (forward, kernel "
            f"and input gradients) in {conv_time * 1e3:.1f} ms of the step's "
            f"{step_time * 1e3:.1f} ms -> {achieved:.1f} GFLOP/s; their GEMMs alone "
            f"{flops / gemm_time / 1e9:.1f} GFLOP/s"
        )
        print(
            f"machine GEMM (float32, {args.threads} thread(s)): {square:.1f} GFLOP/s square of the "
            f"same flops -> conv at {achieved / square:.0%} (target 40%); {shaped:.1f} GFLOP/s at "
            f"the layers' own GEMM shapes -> conv at {achieved / shaped:.0%}"
        )
        floor = shaped_time + copy_time
        print(
            f"ceiling (numpy/BLAS): the layers' GEMMs at their best orientation "
            f"{shaped_time * 1e3:.1f} ms + the least data movement of im2col/col2im (one "
            f"contiguous copy of each patch matrix and of dE/dP) {copy_time * 1e3:.1f} ms = "
            f"{floor * 1e3:.1f} ms -> at most {flops / floor / 1e9:.1f} GFLOP/s = "
            f"{flops / floor / 1e9 / square:.0%} of the square rate, before any pooling or "
            "activation"
        )
        if achieved < 0.4 * square:
            budget = flops / (0.4 * square * 1e9) - floor  # what 40% leaves beside the ceiling
            if budget <= 0:
                why = "even the ceiling is below it"
            else:
                why = (
                    f"at 40% the layers would have {budget * 1e3:.1f} ms beside the ceiling's "
                    f"{floor * 1e3:.1f} ms for pooling, activations, padding and the real "
                    f"(strided, wider-grid) cost of the patch copies and GEMMs, where zoo spends "
                    f"{(conv_time - floor) * 1e3:.1f} ms"
                )
            print(
                f"40% of the square rate ({0.4 * square:.1f} GFLOP/s) stays out of reach: {why}; "
                f"with {geometries[0].filters} and {geometries[-1].filters} channels the GEMMs "
                "are thin and every step of an im2col formulation is a memory pass of its own. "
                "A compiled direct-convolution kernel (PyTorch's oneDNN) fuses them; a numpy-only "
                "core cannot have one"
            )
        print(f"peak memory of a training step at batch 128: {peak / 2**20:.1f} MiB")
        if args.formulations:
            forward_formulations(geometries)

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
        torch_step = torch_step_time(net, X, y)
        print(
            f"time ratio zoo / PyTorch: fit {zoo_epoch / torch_epoch:.2f} wall, "
            f"{zoo_cpu / torch_cpu:.2f} CPU; training step at batch 128 (forward + backward, "
            f"best of 20): {step_time * 1e3:.1f} / {torch_step * 1e3:.1f} ms CPU = "
            f"{step_time / torch_step:.2f}"
        )


if __name__ == "__main__":
    main()

"""Loaders for data files a user already has: the IDX format of MNIST and Fashion-MNIST.

zoo downloads nothing. A user who has MNIST (LeCun, Bottou, Bengio & Haffner 1998) on disk — the
four files ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte``,
``t10k-labels-idx1-ubyte``, gzipped or not — reads them with :func:`load_mnist`.

The IDX format: two zero bytes, a type byte, the number of dimensions ``d``, then ``d`` big-endian
int32 sizes and the values, big-endian, in row-major order.
"""

import gzip
import os
import struct

import numpy as np

#: IDX type byte -> big-endian numpy dtype
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def _open(path):
    with open(path, "rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def read_idx(path):
    """Read one IDX file (gzipped or not) into an array of its shape and (native) dtype.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    array : ndarray

    Raises
    ------
    ValueError
        When the file is not IDX (bad magic number or type) or is shorter than its header says.

    Examples
    --------
    >>> import numpy as np, os, tempfile
    >>> from zoo.datasets import read_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "labels-idx1-ubyte")
    >>> with open(path, "wb") as f:
    ...     _ = f.write(bytes([0, 0, 0x08, 1]) + (3).to_bytes(4, "big") + bytes([7, 2, 1]))
    >>> read_idx(path).tolist()
    [7, 2, 1]
    """
    with _open(path) as stream:
        header = stream.read(4)
        if len(header) < 4 or header[:2] != b"\x00\x00" or header[2] not in _IDX_DTYPES:
            raise ValueError(
                f"{os.fspath(path)!r} is not an IDX file: its first bytes are "
                f"{header.hex()}, IDX starts with 00 00, a type byte in "
                f"{sorted(hex(t) for t in _IDX_DTYPES)} and the dimension count."
            )
        dtype, n_dims = _IDX_DTYPES[header[2]], header[3]
        shape = struct.unpack(f">{n_dims}i", stream.read(4 * n_dims))
        count = int(np.prod(shape, dtype=np.int64))
        data = stream.read(count * dtype.itemsize)
    if len(data) < count * dtype.itemsize:
        raise ValueError(
            f"{os.fspath(path)!r} is truncated: its header announces shape {shape} "
            f"({count * dtype.itemsize} bytes of values), the file holds {len(data)}."
        )
    return np.frombuffer(data, dtype=dtype).astype(dtype.newbyteorder("=")).reshape(shape)


def _find(directory, prefix, kind):
    """The file of ``directory`` named like ``train-images-idx3-ubyte`` (any separator, .gz)."""
    candidates = [
        f"{prefix}-{kind}-idx{3 if kind == 'images' else 1}-ubyte",
        f"{prefix}-{kind}.idx{3 if kind == 'images' else 1}-ubyte",
    ]
    for name in candidates:
        for suffix in ("", ".gz"):
            path = os.path.join(directory, name + suffix)
            if os.path.exists(path):
                return path
    raise FileNotFoundError(
        f"No {prefix} {kind} file in {os.fspath(directory)!r}: looked for "
        f"{', '.join(c + '[.gz]' for c in candidates)}. zoo downloads nothing; put the MNIST "
        "(or Fashion-MNIST) IDX files there."
    )


def load_mnist(directory, subset="train", scale=True):
    """MNIST-style digits from the IDX files in ``directory``: ``(X, y)``.

    Parameters
    ----------
    directory : str or os.PathLike
        Holds ``train-images-idx3-ubyte``, ``train-labels-idx1-ubyte`` and/or
        ``t10k-images-idx3-ubyte``, ``t10k-labels-idx1-ubyte`` (``.gz`` or not; a ``.`` in
        place of the last ``-`` is accepted too).
    subset : {"train", "test"}, default="train"
        ``"test"`` reads the ``t10k`` files.
    scale : bool, default=True
        Pixels as float64 in [0, 1] (divided by 255); False keeps the uint8 values 0..255.

    Returns
    -------
    X : ndarray of shape (n_images, n_rows * n_cols)
        One flattened image per row (784 columns for MNIST).
    y : ndarray of int64, shape (n_images,)

    Raises
    ------
    FileNotFoundError
        When a file is missing (the message lists the names looked for).
    ValueError
        When the files are not IDX images and labels of the same length.
    """
    if subset not in ("train", "test"):
        raise ValueError(f"subset must be 'train' or 'test', got {subset!r}.")
    prefix = "train" if subset == "train" else "t10k"
    images = read_idx(_find(directory, prefix, "images"))
    labels = read_idx(_find(directory, prefix, "labels"))
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(
            f"Expected images (n, rows, cols) and labels (n,), got shapes "
            f"{images.shape} and {labels.shape}."
        )
    X = images.reshape(len(images), -1)
    return (X / 255.0 if scale else X), labels.astype(np.int64)

"""Classic benchmark generators (and loaders for files a user already has)."""

from ._dynamic import make_henon, make_lorenz, make_mackey_glass, make_narendra, make_narma
from ._files import load_mnist, read_idx
from ._sequences import (
    is_reber,
    make_embedded_reber,
    make_reber,
    make_temporal_order,
    make_temporal_xor,
    sliding_windows,
)
from ._synthetic import (
    make_circle_in_square,
    make_encoder,
    make_parity,
    make_two_spirals,
    make_xor,
)

__all__ = [
    "make_circle_in_square",
    "make_encoder",
    "make_parity",
    "make_two_spirals",
    "make_xor",
    "is_reber",
    "make_embedded_reber",
    "make_reber",
    "make_temporal_order",
    "make_temporal_xor",
    "sliding_windows",
    "make_henon",
    "make_lorenz",
    "make_mackey_glass",
    "make_narendra",
    "make_narma",
    "load_mnist",
    "read_idx",
]

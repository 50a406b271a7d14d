"""Classic benchmark generators (and loaders for files a user already has)."""

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
]

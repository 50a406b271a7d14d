"""``python -m zoo``: the same command line as the ``zoo`` console script."""

import sys

from .cli import main

if __name__ == "__main__":  # guarded: pytest's --doctest-modules imports this module
    sys.exit(main())

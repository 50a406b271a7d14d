"""``python -m zoo``: the same command line as the ``zoo`` console script."""

import sys

from .cli import main

sys.exit(main())

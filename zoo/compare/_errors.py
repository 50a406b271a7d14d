"""The one exception of the comparison engine."""


class CLIError(Exception):
    """A user error: ``zoo`` prints it as ``zoo: error: ...`` with exit status 2, no traceback."""

"""Docstring text that several estimators share, spliced in one way.

A docstring (or a shared fragment) names a fragment by a placeholder line: ``{name}`` alone on
its line, indented as the text it stands for. :func:`fill_doc` replaces that line with the
fragment, written flush left and indented to the placeholder's column, so numpydoc blocks keep
their shape. A placeholder with no fragment, or a fragment with no placeholder, raises at import:
nothing half-spliced reaches ``help()``. Inline ``{...}`` (LaTeX's ``W_{ij}``, a type's
``{"auto", "kmeans"}``) is never touched: only a line that is nothing but a placeholder is one.
"""

import re
import textwrap

#: A line that is nothing but ``{name}`` (any indentation).
PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{(?P<name>[A-Za-z_]\w*)\}[ \t]*$", re.MULTILINE)


def fill_doc(template, **fragments):
    """Return ``template`` with each placeholder line replaced by its fragment.

    Parameters
    ----------
    template : str
        Text whose placeholder lines (``{name}`` alone on a line) name the fragments.
    **fragments : str
        The text for each name, indented as you like (it is dedented, stripped of blank leading
        and trailing lines, then indented to the placeholder's column).

    Returns
    -------
    str

    Raises
    ------
    KeyError
        A placeholder names no fragment, or a fragment has no placeholder.
    """
    found = {match["name"] for match in PLACEHOLDER.finditer(template)}
    if missing := found - fragments.keys():
        raise KeyError(f"no fragment for placeholder(s) {sorted(missing)}")
    if unused := fragments.keys() - found:
        raise KeyError(f"no placeholder for fragment(s) {sorted(unused)}")

    def splice(match):
        text = textwrap.dedent(fragments[match["name"]].strip("\n"))
        return textwrap.indent(text, match["indent"])

    return PLACEHOLDER.sub(splice, template)


def shared_doc(**fragments):
    """Class decorator: :func:`fill_doc` on the class's own docstring.

    >>> @shared_doc(shared="n : int\\n    How many.")
    ... class A:
    ...     '''Parameters
    ...     ----------
    ...     {shared}
    ...     '''
    >>> print(A.__doc__.splitlines()[2])
        n : int
    """

    def decorate(cls):
        cls.__doc__ = fill_doc(cls.__doc__, **fragments)
        return cls

    return decorate

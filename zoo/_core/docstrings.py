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


def doc_entries(cls, section, names):
    """The entries of ``cls``'s numpydoc ``section`` that document ``names``, as a fragment.

    For an estimator that takes some of another's parameters (or attributes) unchanged: its
    docstring then says the same as the other's, without a copy to drift. An entry documenting
    several names (``beta_1, beta_2, epsilon : float``) is taken when it documents any of them.
    Raises KeyError when a name has no entry.
    """
    lines = cls.__doc__.splitlines()
    start = lines.index(next(line for line in lines if line.strip() == section)) + 2
    indent = len(lines[start]) - len(lines[start].lstrip())
    entries, wanted = [], set(names)
    for line in lines[start:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        if line.strip() and len(line) - len(line.lstrip()) == indent:
            entry_names = {name.strip() for name in line.split(" : ")[0].split(",")}
            entries.append([line] if entry_names & wanted else None)
            wanted -= entry_names
        elif entries and entries[-1] is not None:
            entries[-1].append(line)
    if wanted:
        raise KeyError(f"{cls.__name__}'s {section} has no entry for {sorted(wanted)}")
    return "\n".join("\n".join(entry).rstrip() for entry in entries if entry)

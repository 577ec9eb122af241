"""Map and array schemas as plain `dict[str, X]` / `list[X]`, not pydantic root models.

datamodel-code-generator writes a named map or array schema as `class Labels(RootModel[dict[str,
str]])`, whose values are read through `.root`: `profile.attributes["first_name"]` raises
TypeError and `dict(profile.attributes)` gives `{'root': {...}}`. Such a class becomes a type
alias where it stands (`Labels: TypeAlias = dict[str, str]`), its description a comment, so a
field of that type holds the plain dict or list. A class whose type names something defined
only further down (a cycle) stays a root model: an alias is evaluated where it is written.
Root models of other types (enums, scalars, unions) are left as they are.
"""

from __future__ import annotations

import ast
import textwrap

_CONTAINERS = ("dict", "list")
_FUTURE = "from __future__ import annotations"
_BUILTINS = {"dict", "list", "str", "int", "float", "bool", "bytes", "None"}


def plain_containers(source: str) -> str:
    """`source` (a models module) with its map and array root models made type aliases."""
    tree = ast.parse(source)
    # Split at "\n" only, as the parser counts lines (splitlines would also split at the line
    # separators a description may hold inside a string).
    lines = source.split("\n")
    defined: set[str] = set()
    aliases: dict[str, tuple[int, int, str]] = (
        {}
    )  # name -> (first line, last line, new text)
    for node in tree.body:
        alias = _alias(node, defined) if isinstance(node, ast.ClassDef) else None
        if isinstance(node, ast.ClassDef) and alias is not None:
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            aliases[node.name] = (start, node.end_lineno or node.lineno, alias)
        defined |= _names_defined(node)
    if not aliases:
        return source
    by_start = {first: (last, text) for first, last, text in aliases.values()}
    out: list[str] = []
    skip_until = 0
    for number, line in enumerate(lines, start=1):
        if number <= skip_until:
            continue
        found = by_start.get(number)
        if found is not None:
            skip_until, text = found
            out.append(text)
            continue
        out.append(line)
        if line == _FUTURE:
            out.append("\nfrom typing import TypeAlias")
    text = "\n".join(out)
    if "RootModel[" not in text:  # no root model left: nor its import
        text = text.replace(", RootModel\n", "\n").replace("RootModel, ", "")
    return text


def _alias(node: ast.ClassDef, defined: set[str]) -> str | None:
    """The alias text for a map or array root model whose names are all defined above, else None."""
    if len(node.bases) != 1:
        return None
    base = node.bases[0]
    if not (isinstance(base, ast.Subscript) and ast.unparse(base.value) == "RootModel"):
        return None
    root = base.slice
    core = root
    if isinstance(core, ast.Subscript) and ast.unparse(core.value) == "Annotated":
        first = core.slice.elts[0] if isinstance(core.slice, ast.Tuple) else core.slice
        core = first
    if not (isinstance(core, ast.Subscript) and ast.unparse(core.value) in _CONTAINERS):
        return None
    used = {n.id for n in ast.walk(root) if isinstance(n, ast.Name)}
    if used - _BUILTINS - defined:
        return None
    doc = ast.get_docstring(node) or ""
    # Each line as its repr's text (a control character in a description stays escaped text),
    # wrapped at spaces to fit black's 88 columns: black leaves comments as they are.
    comment = "".join(
        f"# {part}".rstrip() + "\n"
        for line in doc.strip().splitlines()
        for part in textwrap.wrap(repr(line)[1:-1], 86, break_on_hyphens=False) or [""]
    )
    return f"{comment}{node.name}: TypeAlias = {ast.unparse(root)}"


def _names_defined(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    return set()

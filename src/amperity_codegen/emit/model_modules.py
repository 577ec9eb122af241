"""datamodel-code-generator's one module of models → the package's `models/`: one private module
per group of classes that refer to each other, and `models/__init__.py`, which imports a module
when one of its classes is first used.

A group is a strongly connected component of the graph of the names each class's code uses (its
bases, its fields' and root value's types): classes in a cycle share a module, and every other
reference is an import of a module that does not import back. A call then loads the models its
operation needs, not every model of the API (most of a first call's time on a large API).

The groups are read from dcg's code, not from the IR's mirror of its classes (`Api.models`, made
for the diff): the code is what must import without cycles, and it may hold a class, or a
reference, that the mirror lacks (dcg's own names for an inline item of an inline array).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from amperity_codegen.emit.imports import import_block
from amperity_codegen.emit.render import models_init
from amperity_codegen.errors import SpecError, pointer
from amperity_codegen.ir.names import snake, unique

_FUTURE = "from __future__ import annotations"
# What models/__init__.py defines besides the classes: a module of that name would replace it.
_INIT_NAMES = frozenset({"_import_module"})
# Characters of a module's name taken from its class's: `    from ._<name> import (` in
# models/__init__.py stays within the lint's 100 columns.
_NAME_CHARS = 70


def split_models(
    source: str, header: str, package: str, tree: ast.Module | None = None
) -> dict[str, str]:
    """The files of `models/` (by path relative to the package) for dcg's module `source`
    (parsed: `tree`, when the caller has it), each module starting with `header`. Each
    statement goes to the module of the class it defines (a `model_rebuild()` call: of the
    class it rebuilds, after the definitions), and each module imports the names its
    statements use, from where dcg imported them or from the module of the class."""
    lines = source.split("\n")  # as the parser counts lines
    imported: dict[str, tuple[str, str]] = {}  # name bound → (module, what is imported)
    # Each class, whether the statement only rebuilds it, its text, and the names it uses.
    statements: list[tuple[str, bool, str, set[str]]] = []
    end = 0
    for node in (tree or ast.parse(source)).body:
        # A statement's text takes the comments above it (an alias's description).
        text = "\n".join(lines[end : node.end_lineno]).strip("\n")
        end = node.end_lineno or node.lineno
        if isinstance(node, ast.ImportFrom):
            for a in node.names:
                if node.module != "__future__":
                    module = "." * node.level + (node.module or "")
                    what = a.name if a.asname is None else f"{a.name} as {a.asname}"
                    imported[a.asname or a.name] = (module, what)
            continue
        defined = _defines(node)
        if defined is None:
            raise SpecError(
                package,
                pointer("components", "schemas"),
                f"datamodel-code-generator wrote {ast.unparse(node)!r}, which is no model",
            )
        used = {
            n.id
            for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        statements.append((*defined, text, used))
    graph = {name: used for name, rebuild, _, used in statements if not rebuild}
    home = _modules({name: used & graph.keys() for name, used in graph.items()})
    bodies: dict[str, list[str]] = {}
    rebuilds: dict[str, list[str]] = {}
    uses: dict[str, set[str]] = {}
    for name, rebuild, text, used in statements:
        (rebuilds if rebuild else bodies).setdefault(home[name], []).append(text)
        uses.setdefault(home[name], set()).update(used)
    files = {"models/__init__.py": models_init(home)}
    for module, used in uses.items():
        pairs = [imported[n] for n in used if n in imported]
        pairs += [(f".{home[n]}", n) for n in used if n in home and home[n] != module]
        parts = [f"{header}\n\n{_FUTURE}\n\n{import_block(pairs)}", *bodies[module]]
        if module in rebuilds:
            parts.append("\n".join(rebuilds[module]))
        files[f"models/{module}.py"] = "\n\n\n".join(parts) + "\n"
    return files


def _defines(node: ast.stmt) -> tuple[str, bool] | None:
    """The class (or alias) a top-level statement of dcg's module defines, and whether it only
    rebuilds it (`Node.model_rebuild()`); None for any other statement."""
    if isinstance(node, ast.ClassDef):
        return node.name, False
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id, False
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and node.value.func.attr == "model_rebuild"
        and isinstance(node.value.func.value, ast.Name)
    ):
        return node.value.func.value.id, True
    return None


def _modules(graph: Mapping[str, set[str]]) -> dict[str, str]:
    """Class → its module: `_` and the snake_case name of the first class of its component."""
    out: dict[str, str] = {}
    taken = set(_INIT_NAMES)
    for component in sorted(_components(graph)):
        module = unique(f"_{snake(component[0])[:_NAME_CHARS].rstrip('_')}", taken)
        taken.add(module)
        out |= dict.fromkeys(component, module)
    return out


def _components(graph: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """The strongly connected components of `graph` (node → the nodes it points to), each
    sorted (Tarjan's algorithm, iterative: a long chain of classes must not reach the recursion
    limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    at = stack.index(node)
                    yield sorted(stack[at:])
                    on_stack.difference_update(stack[at:])
                    del stack[at:]

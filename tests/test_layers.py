"""The generator's layers import one way: each module only from its own layer or the ones below.

    errors → document → ir → emit → workspace → build → release → cli

The runtime and the templates are package data: the runtime imports nothing of the generator
(it ships inside every generated package). Two modules never import each other, even lazily
inside a function: the flow has one direction.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "amperity_codegen"
LAYERS = ("errors", "document", "ir", "emit", "workspace", "build", "release", "cli")
# Entry points sit above everything.
TOP = {"__main__": len(LAYERS), "__init__": -1}


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int | None:
    """The rank of a module of the package, None for the runtime (package data)."""
    parts = module.split(".")
    if len(parts) == 1:
        return TOP["__init__"]
    head = parts[1]
    if head == "runtime":
        return None
    if head in TOP:
        return TOP[head]
    return LAYERS.index(head)


def imports(path: Path) -> set[str]:
    """Every amperity_codegen module `path` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    own = module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(
                a.name for a in node.names if a.name.startswith("amperity_codegen")
            )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative (the runtime, within itself): made absolute
                package = own.split(".")[
                    : -node.level + (1 if path.name == "__init__.py" else 0) or None
                ]
                base = ".".join([*package, *([base] if base else [])])
            if not base.startswith("amperity_codegen"):
                continue
            for alias in node.names:
                # `from amperity_codegen.build import pipeline` imports a module.
                candidate = f"{base}.{alias.name}"
                found.add(
                    candidate
                    if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                    else base
                )
    found.discard(own)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_a_module_imports_only_from_its_layer_or_below(module: str) -> None:
    rank = layer_of(module)
    upward = []
    for target in sorted(imports(MODULES[module])):
        target_rank = layer_of(target)
        if rank is None:
            if target_rank is not None:
                upward.append(target)  # the runtime imports nothing of the generator
        elif target_rank is not None and target_rank > rank:
            upward.append(target)
    assert not upward, f"{module} imports from a layer above it: {upward}"


def test_no_two_modules_import_each_other() -> None:
    graph = {name: imports(path) for name, path in MODULES.items()}
    cycles = sorted(
        (a, b)
        for a, targets in graph.items()
        for b in targets
        if a < b and a in graph.get(b, set())
    )
    assert not cycles


def test_every_module_belongs_to_a_layer() -> None:
    for module in MODULES:
        layer_of(module)  # ValueError for a folder that is no layer

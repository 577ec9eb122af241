"""Import blocks as isort (and ruff's `I` rules) order them: the standard library, then third-party
packages, then the package's own modules, a blank line between groups, each sorted by module and
its names by type (CONSTANTS, Classes, functions), both in ruff's natural order (`ir.names`).

Written out here rather than by running isort or ruff on every module: the blocks are small and
their entries known, and a formatter pass per module is what generation spends its time on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from amperity_codegen.ir.names import module_order, name_order


def _group(module: str) -> int:
    if module.startswith("."):
        return 2
    return 0 if module.split(".")[0] in sys.stdlib_module_names else 1


def import_block(imports: Iterable[tuple[str, str]]) -> str:
    """`from module import a, b` lines for (module, name) pairs, grouped and sorted."""
    by_module: dict[str, set[str]] = {}
    for module, name in imports:
        by_module.setdefault(module, set()).add(name)
    groups: dict[int, list[str]] = {}
    for module in sorted(by_module, key=module_order):
        names = sorted(by_module[module], key=name_order)
        # A renamed import is a statement of its own (isort's default), placed by its name.
        plain = [n for n in names if " as " not in n]
        statements = [[n] for n in names if " as " in n] + ([plain] if plain else [])
        statements.sort(key=lambda members: name_order(members[0].split(" as ")[0]))
        groups.setdefault(_group(module), []).extend(
            f"from {module} import {', '.join(members)}" for members in statements
        )
    return "\n\n".join("\n".join(groups[g]) for g in sorted(groups))

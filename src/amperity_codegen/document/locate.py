"""Where a problem is, in the file the user gave.

The later stages see a document that differs from the user's: followed through `$ref`s (a
validator reports a shared schema's defect at each place that uses it) and, for Swagger 2.0,
upgraded to 3.0 (`#/components/schemas/A` is `#/definitions/A` in the user's file). These
functions move a pointer back: to a definition, then into the user's own form.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from amperity_codegen.document.tree import resolve_ref
from amperity_codegen.errors import SpecError, SpecErrors, pointer

# 3.0 location prefix → the Swagger 2.0 one (see upgrade.py): components moved to the top.
_COMPONENTS = {
    "schemas": "definitions",
    "parameters": "parameters",
    "responses": "responses",
    "securitySchemes": "securityDefinitions",
}


def split_pointer(at: str) -> list[str]:
    return (
        [p.replace("~1", "/").replace("~0", "~") for p in at.split("/")[1:]]
        if at
        else []
    )


def at_definition(doc: Any, at: str) -> str:
    """`at`, with every `$ref` on its way followed: where the value it names is written."""
    parts = split_pointer(at)
    here: list[str | int] = []
    node = doc
    for i, key in enumerate(parts):
        seen: set[str] = set()
        while (
            isinstance(node, dict)
            and isinstance(node.get("$ref"), str)
            and key != "$ref"
        ):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#"):
                return at
            seen.add(ref)
            try:
                node = resolve_ref(doc, ref)
            except LookupError:
                return at
            here = list(split_pointer(ref[1:]))
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return pointer(*here, *parts[i:])
        here.append(key)
    return pointer(*here)


def in_swagger2(original: dict[str, Any], at: str) -> str:
    """A pointer into the upgraded 3.0 form of `original` (Swagger 2.0), as a pointer into
    `original`: where the same thing is written there, else the nearest enclosing place.
    """
    parts = split_pointer(at)
    if parts[:1] == ["components"] and len(parts) > 1 and parts[1] in _COMPONENTS:
        parts = [_COMPONENTS[parts[1]], *parts[2:]]
    elif parts[:1] == ["servers"]:
        parts = ["host"] if "host" in original else ["basePath"]
    # `…/content/<media>/schema/…` was `…/schema/…`: in responses and response components.
    if "content" in parts:
        i = parts.index("content")
        if parts[i + 2 : i + 3] == ["schema"] and "requestBody" not in parts:
            parts = [*parts[:i], *parts[i + 2 :]]
    if "requestBody" in parts:
        parts = _body_parameter(original, parts)
    elif (
        len(parts) > 4
        and parts[0] == "paths"
        and parts[3] == "parameters"
        and parts[5:6] == ["schema"]
    ):
        parts = [*parts[:5], *parts[6:]]  # a 2.0 parameter holds its type itself
    # The part of the path that exists in the user's file.
    node: Any = original
    kept: list[str | int] = []
    for key in parts:
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            break
        kept.append(key)
    return pointer(*kept)


def _body_parameter(original: dict[str, Any], parts: list[str]) -> list[str]:
    """`paths/P/M/requestBody/content/<media>/schema/…` → the 2.0 `in: body` (or the formData
    parameter named by `…/properties/<name>`) of the operation."""
    i = parts.index("requestBody")
    operation = parts[:i]
    rest = parts[i + 4 :] if parts[i + 3 : i + 4] == ["schema"] else []
    node: Any = original
    for key in operation:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    params = node.get("parameters", []) if isinstance(node, dict) else []
    for j, param in enumerate(params if isinstance(params, list) else []):
        if not isinstance(param, dict):
            continue
        if param.get("in") == "body":
            return [*operation, "parameters", str(j), "schema", *rest]
        if param.get("in") == "formData" and rest[:2] == [
            "properties",
            param.get("name"),
        ]:
            return [*operation, "parameters", str(j), *rest[2:]]
    return operation


def relocate(
    error: SpecError,
    document: str,
    upgraded: dict[str, Any],
    original: dict[str, Any] | None,
) -> SpecError:
    """`error` (or each of SpecErrors) at its definition, in the user's form (`original`: the
    Swagger 2.0 document, None when the user gave 3.x), named by `document`; duplicates dropped.
    """
    problems: Sequence[SpecError] = (
        error.problems if isinstance(error, SpecErrors) else (error,)
    )
    moved: dict[tuple[str, str], SpecError] = {}
    for p in problems:
        at = at_definition(upgraded, p.pointer)
        if original is not None:
            at = in_swagger2(original, at)
        moved.setdefault(
            (at, p.message), SpecError(document, at, p.message, repair=p.repair)
        )
    found = list(moved.values())
    return (
        found[0]
        if len(found) == 1 and not isinstance(error, SpecErrors)
        else SpecErrors(found)
    )

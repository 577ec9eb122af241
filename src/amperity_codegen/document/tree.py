"""JSON-tree helpers every stage uses: copying, `$ref`s (checking, resolving, following).

They sit at the bottom of the document layer and call nothing above them: the reader, the
upgrade, overlays, validation and the parser use them, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from amperity_codegen.errors import SpecError, pointer, raise_all


def copy_tree(value: Any) -> Any:
    """A deep copy of JSON data in which no object appears twice (unlike `copy.deepcopy`)."""
    if isinstance(value, dict):
        return {k: copy_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_tree(v) for v in value]
    return value


def check_refs(doc: dict[str, Any], document: str) -> None:
    """Every `$ref` must point inside the document and resolve; all problems are raised together.

    A reference to another file or URL is refused, never followed. Recursive schemas are fine;
    a chain of `$ref`s that only leads back to itself is not.
    """
    problems = []
    for parts, ref in iter_refs(doc):
        at = pointer(*parts, "$ref")
        if not ref.startswith("#"):
            problems.append(
                SpecError(
                    document,
                    at,
                    f"{ref!r} refers outside the document: only #/... references are allowed",
                )
            )
            continue
        try:
            deref(doc, {"$ref": ref})
        except LookupError as exc:
            problems.append(SpecError(document, at, str(exc)))
    raise_all(problems)


def iter_refs(doc: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Each `$ref` string in the document with the location of the object holding it.

    Literal data is skipped: a `$ref` there is not a reference (GitHub's examples hold
    `"$ref": "https://api.github.com/..."` strings). That is `example` values, `x-` extensions,
    a schema's list of `examples`, and the `value` of each Example Object in an `examples` map
    (an operation's or `components.examples`); an Example Object that is itself a `$ref` is one.
    """
    # (location, node, whether node is an Example Object, whose `value` is data)
    stack: list[tuple[tuple[str | int, ...], Any, bool]] = [((), doc, False)]
    while stack:
        parts, node, example = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                yield parts, ref
            # In a `properties` map, `example` and `examples` are property names.
            names = parts[-1:] == ("properties",)
            for k, v in reversed(node.items()):
                if (
                    k.startswith("x-")
                    or (k == "example" and not names)
                    or (example and k == "value")
                ):
                    continue
                if k == "examples" and not names:
                    if isinstance(v, dict):
                        stack.extend(
                            ((*parts, k, name), e, True)
                            for name, e in reversed(v.items())
                        )
                    continue  # a list: a JSON Schema's examples, all data
                stack.append(((*parts, k), v, False))
        elif isinstance(node, list):
            stack.extend(
                ((*parts, i), v, False) for i, v in reversed(list(enumerate(node)))
            )


def resolve_ref(doc: Mapping[str, Any], ref: str) -> Any:
    """The value an internal reference (`#/components/schemas/A`) points at; LookupError if none."""
    if not ref.startswith("#"):
        raise LookupError(f"{ref!r} is not an internal reference")
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        raise LookupError(f"{ref!r} is not a JSON pointer")
    node: Any = doc
    for raw in fragment.split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise LookupError(f"{ref!r} does not resolve: no {key!r}")
    return node


def deref(doc: dict[str, Any], node: Any) -> Any:
    """`node` itself, or what its chain of `$ref`s finally points at."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise LookupError(f"{ref!r} is a circular chain of references")
        seen.add(ref)
        node = resolve_ref(doc, ref)
    return node

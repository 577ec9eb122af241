"""Apply OpenAPI Overlay 1.0 documents: how the project repairs published documents.

Each action selects nodes with an RFC 9535 JSONPath `target`, then either removes them
(`remove: true`) or merges `update` into them: into an object, objects merge recursively,
arrays are appended to and other values replace; into an array, `update` is appended as one
entry. A target that selects nothing is an error, so an overlay that no longer fits the
document it repairs (because upstream fixed or changed it) is noticed, not silently skipped;
an action marked `x-optional: true` (an extension, as Overlay 1.0 allows) may select nothing,
for overlays that serve every historical version of a document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jsonpath

from amperity_codegen.document.load import load_document
from amperity_codegen.document.tree import copy_tree
from amperity_codegen.errors import SpecError, pointer, raise_all

Json = dict[str, Any]
_ACTION_FIELDS = {"target", "description", "update", "remove"}


def apply_overlay_files(
    doc: Json, paths: Sequence[Path], *, document: str = "the document"
) -> Json:
    """`doc` with each overlay file applied in order; the input is not modified."""
    for path in paths:
        doc = apply_overlay(doc, load_document(path), str(path), document=document)
    return doc


def check_overlay(overlay: Json, name: str) -> None:
    """Raise SpecErrors for every way `overlay` is not an Overlay 1.0 document."""
    problems: list[SpecError] = []

    def problem(message: str, *at: str | int) -> None:
        problems.append(SpecError(name, pointer(*at), message))

    version = overlay.get("overlay")
    if not (isinstance(version, str) and re.fullmatch(r"1\.0\.\d+", version)):
        problem(f"expected `overlay: 1.0.0`, found {version!r}", "overlay")
    info = overlay.get("info")
    if not (
        isinstance(info, dict)
        and all(isinstance(info.get(k), str) for k in ("title", "version"))
    ):
        problem("`info` must have a `title` and a `version`", "info")
    for key in overlay:
        if key not in ("overlay", "info", "extends", "actions") and not key.startswith(
            "x-"
        ):
            problem(f"unknown field {key!r}", key)
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        problem("`actions` must be a non-empty list", "actions")
        actions = []
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            problem("an action must be an object", "actions", i)
            continue
        for key in action:
            if key not in _ACTION_FIELDS and not key.startswith("x-"):
                problem(f"unknown field {key!r}", "actions", i, key)
        target = action.get("target")
        if not isinstance(target, str):
            problem("`target` must be a JSONPath string", "actions", i, "target")
        else:
            try:
                jsonpath.compile(target, strict=True)
            except jsonpath.JSONPathError as exc:
                problem(
                    f"invalid JSONPath {target!r}: {str(exc).splitlines()[0]}",
                    "actions",
                    i,
                    "target",
                )
        remove = action.get("remove", False)
        if not isinstance(remove, bool):
            problem("`remove` must be true or false", "actions", i, "remove")
        elif not remove and "update" not in action:
            problem("the action has neither `update` nor `remove: true`", "actions", i)
    raise_all(problems)


def apply_overlay(
    doc: Json, overlay: Json, name: str, *, document: str = "the document"
) -> Json:
    """`doc` with the overlay's actions applied in order; the input is not modified.

    `name` (the overlay's path) and `document` (what it is applied to) appear in errors.
    """
    check_overlay(overlay, name)
    result: Json = copy_tree(doc)
    for i, action in enumerate(overlay["actions"]):
        at = pointer("actions", i, "target")
        target = action["target"]
        matches = list(jsonpath.compile(target, strict=True).finditer(result))
        if not matches and action.get("x-optional") is True:
            continue
        if not matches:
            raise SpecError(
                name,
                at,
                f"{target} selects nothing in {document}: the overlay no longer applies",
            )
        if action.get("remove", False):
            _remove(matches, name, at)
        else:
            for match in matches:
                _update(match.obj, action["update"], name, at)
    return result


def _remove(matches: list[jsonpath.JSONPathMatch], name: str, at: str) -> None:
    places: dict[tuple[int, Any], tuple[Any, Any]] = {}
    for match in matches:
        if match.parent is None:
            raise SpecError(name, at, "cannot remove the whole document")
        container, key = match.parent.obj, match.parts[-1]
        places[(id(container), key)] = (container, key)
    # Highest index first, so removing one array entry does not shift the next one.
    for container, key in sorted(
        places.values(),
        key=lambda p: p[1] if isinstance(p[1], int) else -1,
        reverse=True,
    ):
        del container[key]


def _update(node: object, update: Any, name: str, at: str) -> None:
    if isinstance(node, list):
        node.append(copy_tree(update))
    elif isinstance(node, dict):
        if not isinstance(update, dict):
            raise SpecError(
                name, at, "the target is an object, so `update` must be an object"
            )
        _merge(node, update)
    else:
        raise SpecError(
            name,
            at,
            f"the target selects a {type(node).__name__}, not an object or array",
        )


def _merge(node: Json, update: Json) -> None:
    for key, value in update.items():
        old = node.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(copy_tree(value))
        else:
            node[key] = copy_tree(value)


def jsonpath_of(parts: Sequence[str | int]) -> str:
    """The RFC 9535 normalized path of a location: `$['paths']['/a']['get']`."""

    def name(key: str) -> str:
        escaped = key.replace("\\", "\\\\").replace("'", "\\'")
        escaped = re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
        return f"['{escaped}']"

    return "$" + "".join(f"[{p}]" if isinstance(p, int) else name(p) for p in parts)


def remove_action(parts: Sequence[str | int]) -> dict[str, Any]:
    """The action removing the node at `parts`."""
    return {"target": jsonpath_of(parts), "remove": True}


def update_action(parts: Sequence[str | int], value: dict[str, Any]) -> dict[str, Any]:
    """The action merging `value` into the object at `parts`."""
    return {"target": jsonpath_of(parts), "update": value}

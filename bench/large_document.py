"""A large document: the Amperity API's paths, operations, tags and schemas copied N times.

Copy 0 is the document itself; copy n > 0 lives under `/r<n>` with operation ids `<id>-r<n>`,
tags `<tag> R<n>` and schemas `<Name>R<n>` (every `$ref` inside the copy follows). Shared
components (parameters, responses, security) stay as they are, so the result is as valid as
the document it came from.
"""

from __future__ import annotations

import copy
from typing import Any

_SCHEMA_REF = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def replicate(doc: dict[str, Any], copies: int) -> dict[str, Any]:
    """`doc` (a prepared OpenAPI 3.0 document) with its paths and schemas `copies` times."""
    if copies < 1:
        raise ValueError(f"copies must be at least 1, not {copies}")
    big = copy.deepcopy(doc)
    schemas = doc.get("components", {}).get("schemas", {})
    tags = doc.get("tags", [])
    for n in range(1, copies):
        renamed = {name: f"{name}R{n}" for name in schemas}
        for name, schema in schemas.items():
            big["components"]["schemas"][renamed[name]] = _renamed_refs(schema, renamed)
        for path, item in doc["paths"].items():
            new_item = _renamed_refs(item, renamed)
            for method in _METHODS:
                operation = new_item.get(method)
                if isinstance(operation, dict):
                    if "operationId" in operation:
                        operation["operationId"] = f"{operation['operationId']}-r{n}"
                    operation["tags"] = [
                        f"{tag} R{n}" for tag in operation.get("tags", [])
                    ]
            big["paths"][f"/r{n}{path}"] = new_item
        big.setdefault("tags", []).extend(
            {**tag, "name": f"{tag['name']} R{n}"} for tag in tags
        )
    return big


def _renamed_refs(node: Any, renamed: dict[str, str]) -> Any:
    """A copy of `node` with every `$ref` to a component schema pointing at its renamed copy."""
    if isinstance(node, dict):
        out = {key: _renamed_refs(value, renamed) for key, value in node.items()}
        ref = node.get("$ref")
        if (
            isinstance(ref, str)
            and ref.startswith(_SCHEMA_REF)
            and ref[len(_SCHEMA_REF) :] in renamed
        ):
            out["$ref"] = _SCHEMA_REF + renamed[ref[len(_SCHEMA_REF) :]]
        return out
    if isinstance(node, list):
        return [_renamed_refs(value, renamed) for value in node]
    return node

"""A large OpenAPI 3.1 document: Amperity's three documents (as their overlays repair them) copied
under new names, plus every document of the general corpus (tests/corpus/general) once.

With the default 44 copies: about 1,000 operations, 1,800 schemas and 7 MB of JSON. Each part
keeps its own names apart: its paths move under `/<part>`, and its operation ids, tags, webhooks
and every component (schemas, parameters, responses, security schemes, ...) get a suffix, with
every `$ref`, security requirement and `x-python-name` following. A part's document-wide security
moves onto
its operations, so it still means what it meant.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from amperity_codegen.build.pipeline import locked_document
from amperity_codegen.document.prepare import prepare
from amperity_codegen.ir.names import pascal
from amperity_codegen.workspace.sources import load_sources
from tests.support.project import WORKSPACE

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "general"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def build(copies: int = 44) -> dict[str, Any]:
    sources = load_sources(WORKSPACE.sources)
    amperity = [prepare(locked_document(s, WORKSPACE), s.overlays) for s in sources]
    big: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Large", "version": "2024-04-01"},
        "servers": copy.deepcopy(amperity[0]["servers"]),
        "paths": {},
        "webhooks": {},
        "components": {},
        "tags": [],
    }
    for n in range(copies):
        for source, doc in zip(sources, amperity, strict=False):
            _add(big, doc, f"{source.package}-{n}")
    for path in sorted(CORPUS.glob("*.yaml")):
        _add(big, prepare(path), f"corpus-{path.stem}")
    return big


def write(path: Path, copies: int = 44) -> Path:
    path.write_text(json.dumps(build(copies)), encoding="utf-8")
    return path


def _add(big: dict[str, Any], doc: dict[str, Any], part: str) -> None:
    suffix = pascal(part)
    components = doc.get("components", {})
    renamed = {
        f"#/components/{kind}/{name}": f"#/components/{kind}/{name}{suffix}"
        for kind, entries in components.items()
        for name in entries
    }
    schemes = {
        name: f"{name}{suffix}" for name in components.get("securitySchemes", {})
    }
    doc = _renamed_refs(doc, renamed)
    for kind, entries in doc.get("components", {}).items():
        for name, value in entries.items():
            if (
                isinstance(value, dict) and "x-python-name" in value
            ):  # a class name an overlay set
                value["x-python-name"] += suffix
            big["components"].setdefault(kind, {})[f"{name}{suffix}"] = value
    default_security = doc.get("security")
    for path, item in doc.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                _rename_operation(operation, part, schemes, default_security)
        big["paths"][f"/{part}{path}"] = item
    for name, item in doc.get("webhooks", {}).items():
        big["webhooks"][f"{name}{suffix}"] = item
    big["tags"].extend(
        {**tag, "name": f"{tag['name']} {part}"} for tag in doc.get("tags", [])
    )


def _rename_operation(
    operation: dict[str, Any], part: str, schemes: dict[str, str], default_security: Any
) -> None:
    if "operationId" in operation:
        operation["operationId"] = f"{operation['operationId']}-{part}"
    operation["tags"] = [f"{tag} {part}" for tag in operation.get("tags", [])]
    security = operation.get("security", default_security)
    if security is not None:
        operation["security"] = [
            {schemes.get(k, k): v for k, v in req.items()} for req in security
        ]


def _renamed_refs(node: Any, renamed: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {key: _renamed_refs(value, renamed) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            for old, new in renamed.items():
                if ref == old or ref.startswith(old + "/"):
                    out["$ref"] = new + ref[len(old) :]
                    break
        return out
    if isinstance(node, list):
        return [_renamed_refs(value, renamed) for value in node]
    return node

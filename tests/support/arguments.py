"""Valid arguments for any operation of the IR, built from its schemas: every parameter and
body field is passed (optional ones included), so a contract check exercises all of them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from amperity_codegen.ir import model as ir

_SAMPLE_TIME = datetime(2026, 4, 1, 12, 30, tzinfo=UTC)


def sample(schema: dict[str, Any], api: ir.Api, example: Any = None) -> Any:
    """A value `schema` accepts: its example when it has one, else one made from its type."""
    if "$ref" in schema:
        return sample(api.schemas[schema["$ref"].rsplit("/", 1)[-1]], api)
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    fmt = schema.get("format")
    if kind == "string" and fmt == "date-time":
        return _SAMPLE_TIME
    if kind == "string" and fmt == "date":
        return _SAMPLE_TIME.date()
    if example is not None or "example" in schema:
        return example if example is not None else schema["example"]
    if kind == "integer":
        return 10
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "array":
        return [sample(schema.get("items", {}), api)]
    if kind == "object" or "additionalProperties" in schema:
        extra = schema.get("additionalProperties")
        value = sample(extra, api) if isinstance(extra, dict) else "x"
        return {"first_name": value}
    return "sample"


def call_arguments(op: ir.Operation, api: ir.Api) -> tuple[list[Any], dict[str, Any]]:
    """Positional (path) and keyword arguments for one call of `op`."""
    args = [
        sample(p.schema, api, p.example) for p in op.parameters if p.location == "path"
    ]
    kwargs = {
        p.py_name: sample(p.schema, api, p.example)
        for p in op.parameters
        if p.location != "path"
        and p.name != "next_token"  # a made-up cursor is not valid
    }
    if op.body and op.body.model:
        props = api.schemas[op.body.model].get("properties", {})
        for f in op.body.fields:
            kwargs[f.py_name] = sample(props.get(f.name, {}), api, f.example)
    elif (
        op.body and op.body.py_type.name == "dict"
    ):  # a free-form JSON object, e.g. an event
        kwargs["body"] = sample({"type": "object"}, api)
    return args, kwargs

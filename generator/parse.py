"""Document → IR: every decision about the generated surface is made here, once.

Input is a validated OpenAPI 3.x document (already upgraded from Swagger 2.0 and repaired
by overlays). Output is an `ir.Api`. Decisions:
- client-wide parameters (the configured tenant and version headers) are hoisted out of calls;
- an operation is paginated when it takes `next_token` and answers `data` + `next_token`;
- only safe methods (and PUT/DELETE, idempotent by definition) are idempotent: POST and PATCH are not;
- names: snake_case of tag and operationId, keywords and collisions resolved deterministically;
- a schema's `default` is a sample value in Amperity's documents: it becomes documentation, never a
  Python default and never a value on the wire.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.names import pascal, snake, unique

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NOT_IDEMPOTENT = {"POST", "PATCH"}
_SCHEMA_REF = "#/components/schemas/"
# Names the generated client and resources already use; a tag or operation may not shadow them.
_CLIENT_ATTRIBUTES = {"close", "request", "request_page", "with_options", "aclose"}
_METHOD_ARGUMENTS = {"self"}
# Names models.py imports or defines itself: a schema may not take them.
_MODEL_MODULE_NAMES = {
    "Annotated",
    "Any",
    "AmperityModel",
    "BaseModel",
    "ConfigDict",
    "Field",
    "Literal",
    "RootModel",
    "date",
    "datetime",
    "annotations",
}


def build_ir(
    doc: Mapping[str, Any],
    *,
    package: str,
    rate_limit: float | None = None,
    client_parameters: Mapping[str, str] | None = None,
) -> ir.Api:
    """Build the IR of `doc`. `client_parameters` maps wire names (e.g. `amperity-tenant`) to roles."""
    roles = {name.lower(): role for name, role in (client_parameters or {}).items()}
    resolver = _Resolver(doc)
    schemas = _SchemaTable(doc)
    hoisted: dict[tuple[str, str], ir.ClientParameter] = {}
    by_tag: dict[str, list[ir.Operation]] = {}
    taken_ops: dict[str, set[str]] = {}

    for path, item in doc.get("paths", {}).items():
        item = resolver.deref(item)
        for method in _METHODS:
            if method not in item:
                continue
            raw = item[method]
            tag = (raw.get("tags") or ["default"])[0]
            params, client = _parameters(resolver, schemas, item, raw, roles)
            for cp in client:
                hoisted.setdefault((cp.location, cp.name.lower()), cp)
            op_id = raw.get("operationId") or _derived_operation_id(method, path)
            used = taken_ops.setdefault(tag, set())
            py_name = unique(snake(op_id, "call"), used | _CLIENT_ATTRIBUTES)
            used.add(py_name)
            body = _body(resolver, schemas, raw, op_id, {p.py_name for p in params})
            responses = _responses(resolver, schemas, raw, op_id)
            success = next((r for r in responses if r.status.startswith("2")), None)
            by_tag.setdefault(tag, []).append(
                ir.Operation(
                    operation_id=op_id,
                    method=method.upper(),
                    path=path,
                    py_name=py_name,
                    tag=tag,
                    summary=raw.get("summary", ""),
                    description=raw.get("description", ""),
                    deprecated=bool(raw.get("deprecated", False)),
                    parameters=params,
                    body=body,
                    responses=responses,
                    success=success,
                    pagination=_pagination(resolver, schemas, params, success),
                    idempotent=method.upper() not in _NOT_IDEMPOTENT,
                )
            )

    tag_docs = {
        t["name"]: t.get("description", "") for t in doc.get("tags", []) if "name" in t
    }
    resources: list[ir.Resource] = []
    taken_attrs = set(_CLIENT_ATTRIBUTES)
    taken_classes: set[str] = set()
    for tag, ops in by_tag.items():
        attr = unique(snake(tag, "resource"), taken_attrs)
        taken_attrs.add(attr)
        cls = unique(
            pascal(tag, "Resource"), taken_classes | {"Amperity", "AsyncAmperity"}
        )
        taken_classes.add(cls)
        resources.append(ir.Resource(tag, attr, cls, tag_docs.get(tag, ""), tuple(ops)))

    # Each role is sent as a header even where the document does not declare one (the Swagger
    # 2.0 versions describe the tenant and version headers only in prose, and declare an
    # `api_version` query alias): the first name configured for the role is the header.
    sent = {p.role for p in hoisted.values() if p.location == "header"}
    for name, role in (client_parameters or {}).items():
        if role not in sent:
            sent.add(role)
            hoisted[("header", name.lower())] = ir.ClientParameter(name, "header", role)

    info = doc.get("info", {})
    return ir.Api(
        title=str(info.get("title", package)),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        package=package,
        servers=tuple(
            ir.Server(str(s.get("url", "")), str(s.get("description", "")))
            for s in doc.get("servers", [])
        ),
        rate_limit=rate_limit,
        client_parameters=tuple(hoisted[k] for k in sorted(hoisted)),
        resources=tuple(resources),
        schemas=schemas.table,
    )


def _derived_operation_id(method: str, path: str) -> str:
    """`post /workflow/runs/{workflow-id}:stop` → `post-workflow-runs-workflow-id-stop`."""
    return "-".join([method, *(p for p in path.replace(":", "/").split("/") if p)])


class _Resolver:
    """Follows internal `$ref`s (external ones were refused when the document was loaded)."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self._doc = doc

    def deref(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, Mapping) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:  # a reference cycle that never reaches a value
                return {}
            seen.add(ref)
            node = self._lookup(ref)
        return node

    def _lookup(self, ref: str) -> Any:
        node: Any = self._doc
        for part in ref.removeprefix("#/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node


class _SchemaTable:
    """The document's schemas under Python class names, plus schemas hoisted from operations."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        raw = doc.get("components", {}).get("schemas", {})
        self._names: dict[str, str] = {}
        for name, schema in raw.items():
            # `x-python-name` (set by an overlay) keeps a class name stable when a later version
            # of the document renamed the schema but not its shape.
            wanted = (
                schema.get("x-python-name") if isinstance(schema, Mapping) else None
            )
            preferred = pascal(wanted if isinstance(wanted, str) else name)
            self._names[name] = unique(
                preferred, {*self._names.values(), *_MODEL_MODULE_NAMES}
            )
        self.table: dict[str, dict[str, Any]] = {
            self._names[name]: self.normalize(schema) for name, schema in raw.items()
        }
        # The schemas as written, by class name: what pagination detection inspects.
        self.original: dict[str, Mapping[str, Any]] = {
            self._names[name]: schema for name, schema in raw.items()
        }

    def class_of(self, schema: Mapping[str, Any]) -> str | None:
        ref = schema.get("$ref", "")
        if ref.startswith(_SCHEMA_REF):
            return self._names.get(ref[len(_SCHEMA_REF) :])
        return None

    def hoist(self, name: str, schema: Mapping[str, Any]) -> str:
        """Give an inline object schema a class name, so templates can reference it."""
        cls = unique(pascal(name), {*self.table, *_MODEL_MODULE_NAMES})
        self.table[cls] = self.normalize(schema)
        self.original[cls] = schema
        return cls

    def normalize(self, schema: Any) -> Any:
        """Rename `$ref` targets to class names and turn sample `default`s into documentation."""
        if isinstance(schema, list):
            return [self.normalize(s) for s in schema]
        if not isinstance(schema, Mapping):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if (
                key == "$ref"
                and isinstance(value, str)
                and value.startswith(_SCHEMA_REF)
            ):
                out[key] = _SCHEMA_REF + self._names.get(
                    value[len(_SCHEMA_REF) :], value
                )
            elif key == "default":
                continue
            elif key == "properties" and isinstance(value, Mapping):
                out[key] = {k: self.normalize(v) for k, v in value.items()}
            else:
                out[key] = self.normalize(value)
        if "default" in schema and "example" not in schema:
            out["example"] = copy.deepcopy(schema["default"])
        return out

    def py_type(
        self, schema: Any, resolver: _Resolver, *, in_body: bool = False
    ) -> str:
        """The annotation a caller passes for a value of `schema`.

        A date-time parameter also takes a `date` (sent as YYYY-MM-DD: Amperity accepts partial
        timestamps); a body field is validated by its model, whose field is a `datetime`.
        """
        if not isinstance(schema, Mapping):
            return "Any"
        cls = self.class_of(schema)
        if cls is not None:
            return f"models.{cls}"
        schema = resolver.deref(schema)
        nullable = schema.get("nullable") is True
        kind = schema.get("type")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            nullable = nullable or "null" in kind
            kinds = [k for k in kind if k != "null"]
            kind = kinds[0] if len(kinds) == 1 else None
        if (
            "enum" in schema
            and schema["enum"]
            and all(isinstance(v, (str, int, bool)) for v in schema["enum"])
        ):
            base = "Literal[" + ", ".join(repr(v) for v in schema["enum"]) + "]"
        elif kind == "string":
            base = {
                "date-time": "datetime" if in_body else "datetime | date",
                "date": "date",
                "binary": "bytes",
            }.get(schema.get("format", ""), "str")
        elif kind == "integer":
            base = "int"
        elif kind == "number":
            base = "float"
        elif kind == "boolean":
            base = "bool"
        elif kind == "array":
            base = f"list[{self.py_type(schema.get('items', {}), resolver, in_body=in_body)}]"
        elif (
            kind == "object"
            or "properties" in schema
            or "additionalProperties" in schema
        ):
            extra = schema.get("additionalProperties")
            value = (
                self.py_type(extra, resolver) if isinstance(extra, Mapping) else "Any"
            )
            base = f"dict[str, {value}]"
        else:
            base = "Any"
        return f"{base} | None" if nullable and base != "Any" else base


def _parameters(
    resolver: _Resolver,
    schemas: _SchemaTable,
    item: Mapping[str, Any],
    raw: Mapping[str, Any],
    roles: Mapping[str, str],
) -> tuple[tuple[ir.Parameter, ...], list[ir.ClientParameter]]:
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for p in [*item.get("parameters", []), *raw.get("parameters", [])]:
        p = resolver.deref(p)
        merged[(p["in"], p["name"])] = p  # operation-level overrides path-level
    params: list[ir.Parameter] = []
    client: list[ir.ClientParameter] = []
    taken = set(_METHOD_ARGUMENTS)
    # Path parameters first (they are positional), then required, then the rest: stable order.
    ordered = sorted(
        merged.values(), key=lambda p: (p["in"] != "path", not p.get("required", False))
    )
    for p in ordered:
        if p["name"].lower() in roles:
            client.append(
                ir.ClientParameter(p["name"], p["in"], roles[p["name"].lower()])
            )
            continue
        schema = p.get("schema") or _schema_of_content(p)
        py_name = unique(snake(p["name"]), taken)
        taken.add(py_name)
        params.append(
            ir.Parameter(
                name=p["name"],
                py_name=py_name,
                location=p["in"],
                required=bool(p.get("required", False)) or p["in"] == "path",
                py_type=schemas.py_type(schema, resolver),
                schema=schemas.normalize(schema),
                description=p.get("description", ""),
                style=p.get("style"),
                explode=p.get("explode"),
                example=p.get("example", resolver.deref(schema).get("example")),
            )
        )
    return tuple(params), client


def _schema_of_content(node: Mapping[str, Any]) -> dict[str, Any]:
    for media in node.get("content", {}).values():
        return dict(media.get("schema", {}))
    return {}


def _json_media(content: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    for media_type in sorted(content):
        if media_type.split(";")[0].strip().endswith("json"):
            return media_type, content[media_type]
    return None


def _body(
    resolver: _Resolver,
    schemas: _SchemaTable,
    raw: Mapping[str, Any],
    op_id: str,
    taken: set[str],
) -> ir.Body | None:
    if "requestBody" not in raw:
        return None
    body = resolver.deref(raw["requestBody"])
    found = _json_media(body.get("content", {}))
    if found is None:
        return None
    media_type, media = found
    schema = media.get("schema", {})
    model = schemas.class_of(schema)
    target = resolver.deref(schema)
    if model is None and target.get("type") == "object" and target.get("properties"):
        model = schemas.hoist(f"{op_id}-request", target)
    fields: list[ir.Field] = []
    if model is not None and target.get("properties"):
        required = set(target.get("required", []))
        used = set(taken) | _METHOD_ARGUMENTS
        # Required fields first so they can be plain keyword arguments without defaults.
        for name, prop in sorted(
            target["properties"].items(), key=lambda kv: kv[0] not in required
        ):
            py_name = unique(snake(name), used)
            used.add(py_name)
            fields.append(
                ir.Field(
                    name=name,
                    py_name=py_name,
                    required=name in required,
                    py_type=schemas.py_type(prop, resolver, in_body=True),
                    description=resolver.deref(prop).get("description", ""),
                    example=resolver.deref(prop).get("example"),
                )
            )
    return ir.Body(
        content_type=media_type,
        required=bool(body.get("required", False)),
        model=model,
        py_type=f"models.{model}" if model else schemas.py_type(schema, resolver),
        fields=tuple(fields),
        description=body.get("description", ""),
    )


def _responses(
    resolver: _Resolver, schemas: _SchemaTable, raw: Mapping[str, Any], op_id: str
) -> tuple[ir.Response, ...]:
    out: list[ir.Response] = []
    for status in sorted(raw.get("responses", {}), key=str):
        resp = resolver.deref(raw["responses"][status])
        found = _json_media(resp.get("content", {}))
        model: str | None = None
        py_type = "None"
        media_type = None
        if found is not None:
            media_type, media = found
            schema = media.get("schema", {})
            model = schemas.class_of(schema)
            target = resolver.deref(schema)
            if (
                model is None
                and str(status).startswith("2")
                and target.get("properties")
            ):
                model = schemas.hoist(f"{op_id}-response", target)
            py_type = f"models.{model}" if model else schemas.py_type(schema, resolver)
        out.append(
            ir.Response(
                str(status), resp.get("description", ""), media_type, model, py_type
            )
        )
    return tuple(out)


def _pagination(
    resolver: _Resolver,
    schemas: _SchemaTable,
    params: tuple[ir.Parameter, ...],
    success: ir.Response | None,
) -> ir.Pagination | None:
    if success is None or success.model is None:
        return None
    if not any(p.name == "next_token" and p.location == "query" for p in params):
        return None
    page = resolver.deref(schemas.original[success.model])
    props = page.get("properties", {})
    data = resolver.deref(props.get("data", {}))
    if data.get("type") != "array" or "next_token" not in props:
        return None
    return ir.Pagination(
        page_model=success.model,
        item_py_type=schemas.py_type(data.get("items", {}), resolver),
        total_field="total" if "total" in props else None,
    )

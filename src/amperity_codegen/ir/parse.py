"""Document → IR: every decision about the generated surface is made here, once.

Input is a validated OpenAPI 3.x document (already upgraded from Swagger 2.0 and repaired
by overlays). Output is an `ir.Api`. Decisions:
- client-wide parameters (the configured tenant and version headers, or else Amperity's where the
  document declares them) are hoisted out of calls; an API with a tenant is Amperity's, and takes
  OAuth client credentials at Amperity's token endpoint and Amperity's names (`generator.vendor`);
  any other API gets neutral names;
- an operation is paginated when it takes `next_token` and answers `data` + `next_token`;
- only safe methods (and PUT/DELETE, idempotent by definition) are idempotent: POST and PATCH are
not;
- names: snake_case of tag and operationId, keywords and collisions resolved deterministically;
- a schema's `default` is a sample value in Amperity's documents: it becomes documentation, never a
  Python default and never a value on the wire;
- a request body offered in several media types is sent as JSON, else form, multipart, text, bytes;
  an answer is read as JSON, else text, else bytes; operations whose 2xx answers differ return
  their union (the runtime reads each status as its own type);
- security schemes the client cannot send (HTTP digest, mutual TLS) are left out; OAuth2 and
  OpenID Connect send a bearer token;
- webhooks are not called by the client: only their component schemas become models.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from amperity_codegen.document.tree import resolve_ref
from amperity_codegen.errors import pointer
from amperity_codegen.ir import model as ir
from amperity_codegen.ir import types
from amperity_codegen.ir.names import class_name, pascal, snake, unique
from amperity_codegen.ir.parse_models import build_models
from amperity_codegen.ir.vendor import (
    AMPERITY_CLIENT_PARAMETERS,
    AMPERITY_TOKEN_PATH,
    env_prefix,
    vendor_of,
)
from amperity_codegen.ir.vendor import AMPERITY_SCHEME as _AMPERITY_SCHEME

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Preference among the media types of one request body, and of one answer.
_BODY_ENCODINGS: tuple[ir.Encoding, ...] = (
    "json",
    "form",
    "multipart",
    "text",
    "binary",
)
_ANSWER_ENCODINGS: tuple[ir.Encoding, ...] = ("json", "text", "binary")
_NOT_IDEMPOTENT = {"POST", "PATCH"}
_SCHEMA_REF = "#/components/schemas/"
# Names the generated client and resources already use; a tag or operation may not shadow them.
_CLIENT_ATTRIBUTES = {
    "close",
    "request",
    "request_page",
    "with_options",
    "aclose",
    "tenant",
    "base_url",
    "hosts",
    "max_retries",
    "timeout",
    "rate_limit",
}
# Lower-case names the annotations of a resource's methods use: a method of that name would
# shadow them in the class body (`def list(...)`, then `list[str]`).
_ANNOTATION_NAMES = {
    "bool",
    "bytes",
    "date",
    "datetime",
    "dict",
    "float",
    "int",
    "list",
    "models",
    "object",
    "str",
}
# Names a resource module or _client.py imports or defines: a resource class (or its Async
# twin) may not take them; nor may it take the client classes' names (the vendor's).
_RESOURCE_MODULE_NAMES = {
    "AsyncAPIClient",
    "AsyncAPIResource",
    "AsyncPaginator",
    "ClassVar",
    "Endpoint",
    "Request",
    "SyncAPIClient",
    "SyncAPIResource",
    "SyncPage",
    "Any",
    "Literal",
    "NoneType",
    "Answer",
    "BinaryContent",
    "Check",
    "FileContent",
    "IO",
    "Responses",
    "SecurityScheme",
    "TYPE_CHECKING",
    "Mapping",
    "Timeout",
    "Unset",
    "UNSET",
}
# Names a generated method's own code uses: its receiver, its body argument, the models module.
_METHOD_ARGUMENTS = {
    "self",
    "body",
    "models",
    "extra_headers",
    "extra_query",
    "extra_body",
    "timeout",
}
# Names the modules of `models` import or define themselves: a schema may not take them, nor
# the name of the models' base class (the vendor's).
_MODEL_MODULE_NAMES = {
    "Annotated",
    "Any",
    "BaseModel",
    "ConfigDict",
    "Field",
    "Literal",
    "RootModel",
    "TypeAlias",
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
    """Build the IR of `doc`. `client_parameters` maps wire names (e.g. `amperity-tenant`) to roles;
    None: Amperity's tenant and version headers, those the document declares."""
    resolver = _Resolver(doc)
    if client_parameters is None:
        client_parameters = detect_client_parameters(doc, resolver)
    roles = {name.lower(): role for name, role in client_parameters.items()}
    amperity = "tenant" in roles.values()
    base_url = _base_url(doc, amperity)
    vendor = vendor_of(amperity=amperity, base_url=base_url)
    schemes = _security_schemes(doc, resolver, amperity)
    schemas = _SchemaTable(doc, reserved=_MODEL_MODULE_NAMES | {vendor.model_base})
    hoisted: dict[tuple[str, str], ir.ClientParameter] = {}
    by_tag: dict[str, list[ir.Operation]] = {}
    taken_ops: dict[str, set[str]] = {}
    prefix = "" if base_url else _relative_server_path(doc)
    untagged = _untagged_resources(doc, resolver)

    for path, item in doc.get("paths", {}).items():
        item = resolver.deref(item)
        for method in _METHODS:
            if method not in item:
                continue
            raw = item[method]
            tag = (raw.get("tags") or [untagged.get(path, "default")])[0]
            params, client = _parameters(resolver, schemas, item, raw, roles)
            for cp in client:
                hoisted.setdefault(
                    (cp.location, cp.name.lower()), replace(cp, required=True)
                )
            op_id = raw.get("operationId") or _derived_operation_id(method, path)
            used = taken_ops.setdefault(tag, set())
            py_name = unique(
                snake(op_id, "call"), used | _CLIENT_ATTRIBUTES | _ANNOTATION_NAMES
            )
            used.add(py_name)
            body = _body(resolver, schemas, raw, op_id, {p.py_name for p in params})
            security = (
                _requirement(raw["security"], schemes) if "security" in raw else None
            )
            bulk = raw.get("x-bulk-method")
            bulk_py_name = None
            if (
                isinstance(bulk, str)
                and body
                and not body.fields
                and all(p.location == "path" for p in params)
            ):
                bulk_py_name = unique(
                    snake(bulk, "call"), used | _CLIENT_ATTRIBUTES | _ANNOTATION_NAMES
                )
                used.add(bulk_py_name)
            responses = _responses(resolver, schemas, raw, op_id)
            success = next((r for r in responses if r.status.startswith("2")), None)
            by_tag.setdefault(tag, []).append(
                ir.Operation(
                    operation_id=op_id,
                    method=method.upper(),
                    path=prefix + path,
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
                    security=security,
                    declared_client_parameters=tuple(client),
                    body_limit=_int(
                        resolver.deref(raw.get("requestBody", {})).get("x-max-bytes")
                    ),
                    retry_statuses=tuple(
                        sorted({s for s in raw.get("x-retry-statuses", []) if _int(s)})
                    ),
                    bulk_py_name=bulk_py_name,
                )
            )

    tag_docs = {
        t["name"]: t.get("description", "") for t in doc.get("tags", []) if "name" in t
    }
    resources: list[ir.Resource] = []
    taken_attrs = set(_CLIENT_ATTRIBUTES)
    taken_classes = _RESOURCE_MODULE_NAMES | {
        vendor.client_class,
        vendor.async_client_class,
    }
    for tag, ops in by_tag.items():
        attr = unique(snake(tag, "resource"), taken_attrs)
        taken_attrs.add(attr)
        # Neither the class nor its Async twin may be taken.
        twins = {
            name[len("Async") :] for name in taken_classes if name.startswith("Async")
        }
        cls = unique(pascal(tag, "Resource"), taken_classes | twins)
        taken_classes |= {cls, f"Async{cls}"}
        resources.append(ir.Resource(tag, attr, cls, tag_docs.get(tag, ""), tuple(ops)))

    # Each role is sent as a header even where the document does not declare one (the Swagger
    # 2.0 versions describe the tenant and version headers only in prose, and declare an
    # `api_version` query alias): the first name configured for the role is the header.
    sent = {p.role for p in hoisted.values() if p.location == "header"}
    for name, role in client_parameters.items():
        if role not in sent:
            sent.add(role)
            hoisted[("header", name.lower())] = ir.ClientParameter(name, "header", role)

    info = doc.get("info", {})
    default_security = _requirement(doc.get("security", []), schemes)
    if amperity and not doc.get("security") and _AMPERITY_SCHEME in schemes:
        default_security = (
            (_AMPERITY_SCHEME,),
        )  # the Swagger 2.0 versions declare no security
    return ir.Api(
        title=str(info.get("title", package)),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        package=package,
        servers=tuple(
            _server(s) for s in doc.get("servers", []) if isinstance(s, Mapping)
        ),
        rate_limit=rate_limit,
        client_parameters=tuple(hoisted[k] for k in sorted(hoisted)),
        resources=tuple(resources),
        schemas=schemas.table,
        security=tuple(schemes.values()),
        default_security=default_security,
        base_url=base_url,
        env_prefix=env_prefix(package, amperity=amperity),
        vendor=vendor,
        models=build_models(schemas.table),
        schema_keys=schemas.keys(),
    )


def _server(raw: Mapping[str, Any]) -> ir.Server:
    variables = raw.get("variables")
    if not isinstance(variables, Mapping):
        variables = {}
    return ir.Server(
        str(raw.get("url", "")),
        str(raw.get("description", "")),
        tuple(
            ir.ServerVariable(
                name, str(v.get("default", "")), tuple(map(str, v.get("enum") or ()))
            )
            for name, v in variables.items()
            if isinstance(v, Mapping)
        ),
    )


def detect_client_parameters(
    doc: Mapping[str, Any], resolver: _Resolver | None = None
) -> dict[str, str]:
    """Amperity's tenant and version headers (`AMPERITY_CLIENT_PARAMETERS`) that `doc` declares."""
    resolver = resolver or _Resolver(doc)
    declared = {
        str(p.get("name", "")).lower()
        for p in map(resolver.deref, _all_parameters(doc))
        if isinstance(p, Mapping) and p.get("in") == "header"
    }
    return {
        name: role
        for name, role in AMPERITY_CLIENT_PARAMETERS.items()
        if name in declared
    }


def _all_parameters(doc: Mapping[str, Any]) -> Iterator[Any]:
    yield from doc.get("components", {}).get("parameters", {}).values()
    for item in doc.get("paths", {}).values():
        if not isinstance(item, Mapping):
            continue
        yield from item.get("parameters", [])
        for method in _METHODS:
            if isinstance(item.get(method), Mapping):
                yield from item[method].get("parameters", [])


def _security_schemes(
    doc: Mapping[str, Any], resolver: _Resolver, amperity: bool
) -> dict[str, ir.SecurityScheme]:
    """The schemes the client can send, by name. Amperity's bearer scheme also takes client
    credentials at its token endpoint (and is added where a document, like the Swagger 2.0
    versions, declares none)."""
    out: dict[str, ir.SecurityScheme] = {}
    for name, raw in doc.get("components", {}).get("securitySchemes", {}).items():
        raw = resolver.deref(raw)
        kind = raw.get("type")
        scheme = str(raw.get("scheme", "")).lower()
        if kind == "http" and scheme in ("bearer", "basic"):
            out[name] = ir.SecurityScheme(
                name, "bearer" if scheme == "bearer" else "basic"
            )
        elif kind == "apiKey" and raw.get("in") in ("header", "query", "cookie"):
            out[name] = ir.SecurityScheme(
                name, "api_key", location=raw["in"], parameter=str(raw.get("name", ""))
            )
        elif kind == "oauth2":
            flow = raw.get("flows", {}).get("clientCredentials", {})
            flows = tuple(sorted(raw.get("flows", {})))
            out[name] = ir.SecurityScheme(
                name, "bearer", token_url=str(flow.get("tokenUrl", "")), flows=flows
            )
        elif kind == "openIdConnect":
            out[name] = ir.SecurityScheme(name, "bearer")
    if amperity:
        out = {
            n: (
                replace(s, token_url=s.token_url or AMPERITY_TOKEN_PATH)
                if s.kind == "bearer"
                else s
            )
            for n, s in out.items()
        }
        if not any(s.kind == "bearer" for s in out.values()):
            out[_AMPERITY_SCHEME] = ir.SecurityScheme(
                _AMPERITY_SCHEME, "bearer", token_url=AMPERITY_TOKEN_PATH
            )
    return out


def _requirement(
    raw: Any, schemes: Mapping[str, ir.SecurityScheme]
) -> tuple[tuple[str, ...], ...]:
    """A security requirement's alternatives the client can send (each a set of schemes sent
    together; an empty one: no credentials needed). One naming a scheme it cannot send is left
    out; when none is left the client sends no credentials (the caller's http_client may).
    """
    alternatives = [tuple(req) for req in raw or [] if isinstance(req, Mapping)]
    return tuple(alt for alt in alternatives if all(name in schemes for name in alt))


_VARIABLE = re.compile(r"\{([^{}]*)\}")


def _base_url(doc: Mapping[str, Any], amperity: bool) -> str | None:
    """The first server's URL, its variables at their defaults; for an API with a tenant, the
    first server with a tenant variable, which becomes the client's tenant. None when that is
    not an absolute http(s) URL (the caller must pass base_url)."""
    servers = [
        s
        for s in doc.get("servers", [])
        if isinstance(s, Mapping) and isinstance(s.get("url"), str)
    ]
    with_tenant = [
        s for s in servers if any("tenant" in v.lower() for v in s.get("variables", {}))
    ]
    if not servers:
        return None
    server = (with_tenant if amperity and with_tenant else servers)[0]
    variables = server.get("variables", {})

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if amperity and "tenant" in name.lower():
            return "{tenant}"
        default = (
            variables.get(name, {}).get("default")
            if isinstance(variables.get(name), Mapping)
            else None
        )
        return str(default) if default is not None else match.group(0)

    url = _VARIABLE.sub(value, server["url"]).rstrip("/")
    undefined = _VARIABLE.findall(url.replace("{tenant}", ""))
    return url if url.startswith(("http://", "https://")) and not undefined else None


def _relative_server_path(doc: Mapping[str, Any]) -> str:
    """The path of a first server that names no host (`/v1.56`: Swagger 2.0's `basePath`
    without `host`, or a 3.x relative server), its variables at their defaults: it prefixes
    every operation's path, so the caller's `base_url` is the host alone (relative references
    resolve against the host that serves the document)."""
    servers = doc.get("servers") or [{}]
    first = servers[0] if isinstance(servers[0], Mapping) else {}
    url = first.get("url")
    if not isinstance(url, str) or "//" in url:
        return ""
    variables = first.get("variables", {})

    def value(match: re.Match[str]) -> str:
        default = (
            variables.get(match.group(1), {}).get("default")
            if isinstance(variables, Mapping)
            else None
        )
        return str(default) if isinstance(default, str) else match.group(0)

    path = _VARIABLE.sub(value, url).strip("/").removeprefix("./")
    return "" if not path or _VARIABLE.search(path) or path == "." else "/" + path


def _untagged_resources(doc: Mapping[str, Any], resolver: _Resolver) -> dict[str, str]:
    """The resource of each path whose operations have no tag: its first segment after those
    every such path shares (`/v1/customers/{id}` → `customers`, `/containers/json` →
    `containers`), skipping `{parameters}`; `default` where none is left. One resource per
    segment keeps a large untagged API (Docker's, Stripe's) from becoming one module."""
    paths = [
        path
        for path, raw in doc.get("paths", {}).items()
        if isinstance(item := resolver.deref(raw), Mapping)
        and any(
            isinstance(item.get(m), Mapping) and not item[m].get("tags")
            for m in _METHODS
        )
    ]
    split = {path: [s for s in path.split("/") if s] for path in paths}
    shared = 0
    # A segment shared by every path is skipped, unless it ends one of them (`/containers`).
    while (
        split
        and all(len(parts) > shared + 1 for parts in split.values())
        and len({parts[shared] for parts in split.values()}) == 1
    ):
        shared += 1
    return {
        path: next((s for s in parts[shared:] if not _VARIABLE.search(s)), "default")
        for path, parts in split.items()
    }


def _derived_operation_id(method: str, path: str) -> str:
    """`post /workflow/runs/{workflow-id}:stop` → `post-workflow-runs-workflow-id-stop`."""
    return "-".join([method, *(p for p in path.replace(":", "/").split("/") if p)])


def _schema_ref(ref: object) -> tuple[str | None, str]:
    """`#/components/schemas/A%20B/properties/x` → ("A B", "/properties/x"); (None, "")
    otherwise."""
    if not isinstance(ref, str) or not ref.startswith(_SCHEMA_REF):
        return None, ""
    token, slash, rest = unquote(ref[len(_SCHEMA_REF) :]).partition("/")
    return token.replace("~1", "/").replace("~0", "~"), slash + rest


_SCALARS = {"integer": "int", "number": "float", "boolean": "bool"}


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
        return resolve_ref(
            self._doc, ref
        )  # a JSON pointer: percent- and ~-escapes decoded


class _SchemaTable:
    """The document's schemas under Python class names, plus schemas hoisted from operations."""

    def __init__(
        self, doc: Mapping[str, Any], *, reserved: set[str] = _MODEL_MODULE_NAMES
    ) -> None:
        self._reserved = reserved
        raw = doc.get("components", {}).get("schemas", {})
        self._names: dict[str, str] = {}
        self.hoisted: set[str] = set()  # classes of inline schemas, not in the document
        for name, schema in raw.items():
            # `x-python-name` (set by an overlay) keeps a class name stable when a later version
            # of the document renamed the schema but not its shape.
            wanted = (
                schema.get("x-python-name") if isinstance(schema, Mapping) else None
            )
            self._names[name] = class_name(
                wanted if isinstance(wanted, str) else name,
                {*self._names.values(), *self._reserved},
            )
        self.table: dict[str, dict[str, Any]] = {
            self._names[name]: self.normalize(schema) for name, schema in raw.items()
        }
        # The schemas as written, by class name: what pagination detection inspects.
        self.original: dict[str, Mapping[str, Any]] = {
            self._names[name]: schema for name, schema in raw.items()
        }

    def keys(self) -> dict[str, str]:
        """Class name → the document's key of each schema of components/schemas."""
        return {
            cls: name for name, cls in self._names.items() if cls not in self.hoisted
        }

    def class_of(self, schema: Mapping[str, Any]) -> str | None:
        name, rest = _schema_ref(schema.get("$ref"))
        return self._names.get(name) if name is not None and not rest else None

    def hoist(self, name: str, schema: Mapping[str, Any]) -> str:
        """Give an inline object schema a class name, so templates can reference it."""
        cls = class_name(name, {*self.table, *self._names, *self._reserved})
        self.table[cls] = self.normalize(schema)
        self.original[cls] = schema
        self._names[cls] = (
            cls  # a `$ref` to it (see `hoist_properties`) names its class
        )
        self.hoisted.add(cls)
        return cls

    def hoist_properties(self, name: str, schema: Mapping[str, Any]) -> dict[str, Any]:
        """`schema` with each property that is an inline object, or an array of them, given a
        class (`{name}-{property}`, `{name}-{property}-item`) and referenced: the argument of an
        operation is then typed by its model, as the same object's field is inside a model.
        """
        properties = {}
        for key, prop in schema.get("properties", {}).items():
            if _inline_object(prop):
                prop = {
                    "$ref": _SCHEMA_REF + pointer(self.hoist(f"{name}-{key}", prop))[1:]
                }
            elif (
                isinstance(prop, Mapping)
                and prop.get("type") == "array"
                and _inline_object(prop.get("items"))
            ):
                item = self.hoist(f"{name}-{key}-item", prop["items"])
                prop = {**prop, "items": {"$ref": _SCHEMA_REF + pointer(item)[1:]}}
            properties[key] = prop
        return {**schema, "properties": properties}

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
                name, rest = _schema_ref(value)
                out[key] = (
                    _SCHEMA_REF + pointer(self._names[name])[1:] + rest
                    if name in self._names
                    else value
                )
            elif key == "default":
                continue
            elif key == "properties" and isinstance(value, Mapping):
                out[key] = {k: self.normalize(v) for k, v in value.items()}
            else:
                out[key] = self.normalize(value)
        if "default" in schema and "example" not in schema:
            out["example"] = copy.deepcopy(schema["default"])
        properties = schema.get("properties")
        if isinstance(out.get("required"), list) and isinstance(properties, Mapping):
            # Answers never carry a writeOnly property: the model must not require it.
            hidden = {
                k
                for k, v in properties.items()
                if isinstance(v, Mapping) and v.get("writeOnly") is True
            }
            out["required"] = [name for name in out["required"] if name not in hidden]
        return out

    def py_type(
        self,
        schema: Any,
        resolver: _Resolver,
        *,
        seen: frozenset[str] = frozenset(),
        inline: bool = True,
    ) -> types.PyType:
        """The annotation a caller passes for a value of `schema`.

        A date-time parameter or body field also takes a `date` (sent as YYYY-MM-DD: Amperity
        accepts partial timestamps; the runtime sends a flattened body field's date as it is).
        A named enum, scalar or list is written out (`Literal["a", "b"]`, not a root model the
        caller would have to wrap), unless `inline` is False (what a model's field holds); a named
        object is its model.
        """
        if not isinstance(schema, Mapping):
            return types.ANY
        cls = self.class_of(schema)
        if cls in self.hoisted:
            return types.model(cls)
        if cls is not None:
            target = resolver.deref(schema)
            if cls in seen or not inline or not _plain(target):
                return types.model(cls)
            return self.py_type(target, resolver, seen=seen | {cls})
        schema = resolver.deref(schema)
        nullable = schema.get("nullable") is True
        kind = schema.get("type")
        if isinstance(kind, list):  # OpenAPI 3.1: ["string", "null"]
            nullable = nullable or "null" in kind
            kinds = [k for k in kind if k != "null"]
            if len(kinds) > 1:
                alternatives = [
                    self.py_type({**schema, "type": k}, resolver) for k in kinds
                ]
                return types.union(*alternatives, *([types.NONE] if nullable else []))
            kind = kinds[0] if kinds else "null"
        base: types.PyType
        if kind == "null":
            return types.NONE
        if "const" in schema and isinstance(schema["const"], (str, int, bool)):
            base = types.literal([schema["const"]])
        elif (
            "enum" in schema
            and schema["enum"]
            and all(isinstance(v, (str, int, bool)) for v in schema["enum"])
        ):
            base = types.literal(schema["enum"])
        elif kind == "string":
            base = {
                "date-time": types.union(types.of("datetime"), types.of("date")),
                "date": types.of("date"),
                "binary": types.BYTES,
            }.get(schema.get("format", ""), types.STR)
        elif kind in _SCALARS:
            base = types.of(_SCALARS[kind])
        elif kind == "array":
            items = self.py_type(
                schema.get("items", {}), resolver, seen=seen, inline=inline
            )
            base = types.generic("list", items)
        elif (
            kind == "object"
            or "properties" in schema
            or "additionalProperties" in schema
        ):
            extra = schema.get("additionalProperties")
            value = (
                self.py_type(extra, resolver)
                if isinstance(extra, Mapping)
                else types.ANY
            )
            base = types.generic("dict", types.STR, value)
        else:
            base = types.ANY
        return base.optional() if nullable else base


def _inline_object(schema: Any) -> bool:
    """An object schema written in place, with properties or composed: worth a class."""
    return (
        isinstance(schema, Mapping)
        and "$ref" not in schema
        and bool(
            schema.get("properties")
            or any(k in schema for k in ("oneOf", "anyOf", "allOf"))
        )
    )


def _plain(schema: Any) -> bool:
    """A schema whose values are plain Python values (no object, no composition)."""
    shaped = ("properties", "additionalProperties", "allOf", "anyOf", "oneOf", "not")
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    kinds = kind if isinstance(kind, list) else [kind]
    return (
        isinstance(schema, Mapping)
        and not any(k in schema for k in shaped)
        and "object" not in kinds
        and ("enum" in schema or "const" in schema or any(k is not None for k in kinds))
    )


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
                ir.ClientParameter(
                    p["name"],
                    p["in"],
                    roles[p["name"].lower()],
                    bool(p.get("required", False)),
                )
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
                check=_value_check(schema, resolver, p["name"] == "next_token"),
                description=p.get("description", ""),
                style=p.get("style"),
                explode=p.get("explode"),
                example=p.get("example", resolver.deref(schema).get("example")),
            )
        )
    return tuple(params), client


def _value_check(
    schema: Any, resolver: _Resolver, non_empty: bool = False, depth: int = 0
) -> ir.ValueCheck:
    """What the runtime checks a parameter's value against before sending (the annotation's
    promise: its type, its enum values, a non-empty cursor, an object's fewest properties);
    anything else is `any`."""
    schema = resolver.deref(schema) if isinstance(schema, Mapping) else {}
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    values: tuple[Any, ...] = ()
    if "const" in schema and isinstance(schema["const"], (str, int, bool)):
        values = (schema["const"],)
    elif isinstance(schema.get("enum"), list) and all(
        isinstance(v, (str, int, bool)) for v in schema["enum"]
    ):
        values = tuple(schema["enum"])
    if any(k in schema for k in ("allOf", "anyOf", "oneOf", "not")):
        return ir.ValueCheck()
    if kind == "string":
        fmt = schema.get("format", "")
        check = {"date-time": "datetime", "date": "date", "binary": "any"}.get(
            fmt, "string"
        )
        length = schema.get("minLength", 0)
        length = max(
            length if isinstance(length, int) and not isinstance(length, bool) else 0,
            int(non_empty),
        )
        return ir.ValueCheck(check, values, length)
    if kind in ("integer", "number", "boolean"):
        return ir.ValueCheck(str(kind), values)
    if kind == "object":
        # `x-min-properties` is `minProperties` for the client alone: where validators would
        # misread the keyword (an exploded form object with arbitrary keys, whose properties
        # Prism looks for among the declared ones only, finding none), a document can still
        # say how many must be sent.
        least = [schema.get(k) for k in ("minProperties", "x-min-properties")]
        return ir.ValueCheck(
            "object",
            min_properties=max(
                (n for n in least if isinstance(n, int) and not isinstance(n, bool)),
                default=0,
            ),
        )
    if kind == "array" and depth < 3:
        return ir.ValueCheck(
            "array",
            (),
            0,
            _value_check(schema.get("items", {}), resolver, depth=depth + 1),
        )
    return ir.ValueCheck()


def _schema_of_content(node: Mapping[str, Any]) -> dict[str, Any]:
    for media in node.get("content", {}).values():
        return dict(media.get("schema", {}))
    return {}


def _encoding(media_type: str, schema: Any) -> ir.Encoding:
    media = media_type.split(";")[0].strip().lower()
    if media.endswith("json"):
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media == "multipart/form-data":
        return "multipart"
    if media.startswith("text/"):
        return "text"
    if media in ("*/*", "application/*") and not (
        isinstance(schema, Mapping) and schema.get("format") == "binary"
    ):
        return "json"  # what many generated documents (springdoc) write for JSON
    return "binary"


def _media(
    resolver: _Resolver, content: Mapping[str, Any], preference: tuple[ir.Encoding, ...]
) -> tuple[str, Mapping[str, Any], ir.Encoding] | None:
    """The media type to send or read, by `preference`, then by name: (type, media object,
    encoding)."""
    found = []
    for media_type in sorted(content):
        media = content[media_type] if isinstance(content[media_type], Mapping) else {}
        encoding = _encoding(media_type, resolver.deref(media.get("schema", {})))
        if encoding in preference:
            found.append((preference.index(encoding), media_type, media, encoding))
    if not found:
        return None
    _, media_type, media, encoding = min(found, key=lambda f: f[:2])
    return media_type, media, encoding


def _file_type(is_list: bool) -> types.PyType:
    part = types.of("FileContent")
    return types.generic("list", part) if is_list else part


def _is_file(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "string" and (
        schema.get("format") == "binary" or "contentMediaType" in schema
    )


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
    found = _media(resolver, body.get("content", {}), _BODY_ENCODINGS)
    if found is None:
        return None
    media_type, media, encoding = found
    schema = media.get("schema", {})
    target = resolver.deref(schema)
    # A named scalar or enum body is passed as the plain value (`"X"`, not `models.Mark("X")`).
    model = None if _plain(target) else schemas.class_of(schema)
    if encoding in ("text", "binary"):
        py_type = types.STR if encoding == "text" else types.of("BinaryContent")
        return ir.Body(
            media_type,
            bool(body.get("required", False)),
            None,
            py_type,
            description=body.get("description", ""),
            encoding=encoding,
            validated=False,
        )
    typed = target  # the properties to type the arguments by
    if model is None and target.get("type") == "object" and target.get("properties"):
        typed = schemas.hoist_properties(f"{op_id}-request", target)
        model = schemas.hoist(f"{op_id}-request", typed)
    fields: list[ir.Field] = []
    validated = encoding != "multipart"
    if model is not None and target.get("properties"):
        required = set(target.get("required", []))
        used = set(taken) | _METHOD_ARGUMENTS
        # Required fields first so they can be plain keyword arguments without defaults.
        for name, prop in sorted(
            target["properties"].items(), key=lambda kv: kv[0] not in required
        ):
            value = resolver.deref(prop)
            if value.get("readOnly") is True:
                # The server sets it: never sent. A model that requires it cannot check the body.
                validated = validated and name not in required
                continue
            items = (
                resolver.deref(value.get("items", {}))
                if value.get("type") == "array"
                else {}
            )
            is_file = encoding == "multipart" and (_is_file(value) or _is_file(items))
            py_name = unique(snake(name), used)
            used.add(py_name)
            fields.append(
                ir.Field(
                    name=name,
                    py_name=py_name,
                    required=name in required,
                    py_type=(
                        _file_type(bool(items))
                        if is_file
                        else schemas.py_type(typed["properties"][name], resolver)
                    ),
                    description=value.get("description", ""),
                    example=value.get("example"),
                    is_file=is_file,
                )
            )
    return ir.Body(
        content_type=media_type,
        required=bool(body.get("required", False)),
        model=model,
        py_type=types.model(model) if model else schemas.py_type(schema, resolver),
        fields=tuple(fields),
        description=body.get("description", ""),
        encoding=encoding,
        validated=validated and model is not None,
    )


def _responses(
    resolver: _Resolver, schemas: _SchemaTable, raw: Mapping[str, Any], op_id: str
) -> tuple[ir.Response, ...]:
    out: list[ir.Response] = []
    for status in sorted(raw.get("responses", {}), key=str):
        resp = resolver.deref(raw["responses"][status])
        found = _media(resolver, resp.get("content", {}), _ANSWER_ENCODINGS)
        model: str | None = None
        py_type = types.NONE
        media_type = None
        if found is not None:
            media_type, media, encoding = found
            schema = media.get("schema", {})
            if encoding == "json":
                model = schemas.class_of(schema)
                target = resolver.deref(schema)
                composite = any(key in target for key in ("oneOf", "anyOf", "allOf"))
                if (
                    model is None
                    and str(status).startswith("2")
                    and (target.get("properties") or composite)
                ):
                    model = schemas.hoist(f"{op_id}-response", target)
                if (
                    model is None
                    and target.get("type") == "array"
                    and _inline_object(target.get("items"))
                ):
                    # A list of objects written in place: each is a model, as a named one's would
                    # be.
                    item = schemas.hoist(f"{op_id}-response-item", target["items"])
                    py_type = types.generic("list", types.model(item))
                else:
                    py_type = (
                        types.model(model)
                        if model
                        else schemas.py_type(schema, resolver)
                    )
            else:
                py_type = types.STR if encoding == "text" else types.BYTES
        out.append(
            ir.Response(
                str(status), resp.get("description", ""), media_type, model, py_type
            )
        )
    # Answers without a body that differ only by status (202 "published", 204 "dropped"): the
    # status is the answer, so the caller gets it (None for each would lose it).
    bodiless = [r for r in out if r.status.startswith("2") and r.py_type.is_none]
    if len(bodiless) > 1 and len(bodiless) == sum(
        r.status.startswith("2") for r in out
    ):
        acknowledged = types.of("Acknowledged")
        out = [
            dataclasses.replace(r, py_type=acknowledged) if r in bodiless else r
            for r in out
        ]
    return tuple(out)


def _int(value: Any) -> int | None:
    """A document's integer extension value (not a bool), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


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
        # The page model reads the items: a named enum is its root model there.
        item_py_type=schemas.py_type(data.get("items", {}), resolver, inline=False),
        total_field="total" if "total" in props else None,
    )

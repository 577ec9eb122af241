"""The intermediate representation: the only input of the templates and of the diff.

Built from a validated OpenAPI 3.x document by `generator.parse`. Every decision about
names, client-wide parameters, pagination and idempotency is made there, once; nothing
downstream looks at the raw document again. Schemas are kept as normalized JSON Schema
(names made Python-safe, `$ref`s internal, sample `default`s moved into the description)
because the models stage and the diff both need the full shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Location = Literal["path", "query", "header", "cookie"]
# How a request body is sent: JSON, form-urlencoded, multipart (with file parts), text, bytes.
Encoding = Literal["json", "form", "multipart", "text", "binary"]


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name, e.g. "workflow-id"
    py_name: str  # Python argument name, e.g. "workflow_id"
    location: Location
    required: bool
    py_type: str  # annotation, e.g. "str", "datetime | date", "dict[str, str]"
    schema: dict[str, Any]  # normalized JSON Schema of the value
    description: str = ""
    style: str | None = None  # e.g. "deepObject"
    explode: bool | None = None
    example: Any = None  # documentation only: never sent, never a Python default

    @property
    def query_style(self) -> tuple[str, bool] | None:
        """(style, explode) of a query parameter that the runtime would not send this way by
        default (it repeats a list's key and sends a dict as a deepObject), else None."""
        if self.location != "query":
            return None
        style = self.style or "form"
        explode = self.explode if self.explode is not None else style == "form"
        kind = self.schema.get("type")
        if style == "deepObject" or kind not in ("array", "object"):
            return None
        if kind == "array" and style == "form" and explode:
            return None
        return (style, explode)


@dataclass(frozen=True)
class Field:
    """A property of a JSON request body, flattened into a keyword argument."""

    name: str  # wire name
    py_name: str
    required: bool
    py_type: str
    description: str = ""
    example: Any = None
    is_file: bool = False  # a file part of a multipart body


@dataclass(frozen=True)
class Body:
    """The request body, in the one media type the client sends (JSON first, then form,
    multipart, text, bytes, when the document offers several)."""

    content_type: str  # "application/json"
    required: bool
    model: str | None  # model class name of the body's schema
    py_type: str  # annotation of the whole body when it is not flattened
    fields: tuple[Field, ...] = ()  # non-empty: the body's properties are keyword arguments
    description: str = ""
    encoding: Encoding = "json"
    # Checked against `model` before sending: False where the model requires a property the
    # caller does not send (readOnly), or the body has file parts.
    validated: bool = True


@dataclass(frozen=True)
class Response:
    status: str  # "200", "201", "4XX", "default"
    description: str
    content_type: str | None  # the media type read: JSON first, then text, then any other (bytes)
    model: str | None  # model class name, when the body is a named schema
    py_type: str  # annotation of the parsed body: a model, "str" (text), "bytes", "None" (no body)


@dataclass(frozen=True)
class Pagination:
    """A cursor-paginated list: `next_token` in the request, `data` + `next_token` back."""

    page_model: str  # e.g. "WorkflowList"
    item_py_type: str  # e.g. "models.Workflow"
    token_param: str = "next_token"
    data_field: str = "data"
    token_field: str = "next_token"
    total_field: str | None = "total"


@dataclass(frozen=True)
class Operation:
    operation_id: str  # as in the document (or derived from method and path)
    method: str  # upper case
    path: str
    py_name: str  # method name on the resource
    tag: str
    summary: str
    description: str
    deprecated: bool
    parameters: tuple[Parameter, ...]  # per-call parameters only (client-wide ones removed)
    body: Body | None
    responses: tuple[Response, ...]
    success: Response | None  # the first 2xx response
    pagination: Pagination | None
    idempotent: bool
    # Alternatives of security scheme names sent together (OpenAPI's security requirement);
    # None: the API's default (`Api.default_security`).
    security: tuple[tuple[str, ...], ...] | None = None
    body_limit: int | None = None  # the most bytes its body may have (`x-max-bytes`)
    # Statuses at which the server did not act (`x-retry-statuses`), so retrying cannot repeat
    # the call: retried even when it is not idempotent.
    retry_statuses: tuple[int, ...] = ()
    # The name of the method that sends many bodies, each as one call of this one, a bounded
    # number at a time (`x-bulk-method`; runtime `_events`): an operation with a free-form
    # body and only path parameters. None: no such method.
    bulk_py_name: str | None = None

    @property
    def key(self) -> str:
        """`GET /workflow/runs`: how the diff and messages name an operation."""
        return f"{self.method} {self.path}"

    @property
    def results(self) -> tuple[Response, ...]:
        """The 2xx responses, one per distinct Python type (in status order)."""
        seen: dict[str, Response] = {}
        for r in self.responses:
            if r.status.startswith("2") and r.py_type not in seen:
                seen[r.py_type] = r
        return tuple(seen.values())

    @property
    def result_type(self) -> str:
        """What the method returns: the 2xx answers' types, as a union when they differ."""
        types = [r.py_type for r in self.results]
        if not types:
            return "None"
        if "Any" in types:
            return "Any"
        return " | ".join([t for t in types if t != "None"] + (["None"] if "None" in types else []))

    @property
    def accept(self) -> str | None:
        """The Accept header when an answer is not (only) JSON, else None (the client sends JSON's)."""
        types = sorted({r.content_type for r in self.responses if r.content_type and r.status.startswith("2")})
        if not types or all(t.split(";")[0].strip().endswith("json") for t in types):
            return None
        return ", ".join(types)


@dataclass(frozen=True)
class Resource:
    tag: str  # as in the document
    py_name: str  # attribute on the client, e.g. "audit_events"
    class_name: str  # e.g. "AuditEvents"
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class ClientParameter:
    """A parameter set once on the client (tenant, api-version), never per call."""

    name: str  # wire name, e.g. "amperity-tenant"
    location: Location
    role: str  # "tenant" or "version": what the runtime fills it with


@dataclass(frozen=True)
class SecurityScheme:
    """A way the API authenticates calls that the client can send (see runtime/_auth.py)."""

    name: str  # as in the document's securitySchemes
    kind: Literal["bearer", "basic", "api_key"]  # OAuth2 and OpenID Connect send a bearer token
    location: Literal["header", "query", "cookie"] = "header"  # api_key
    parameter: str = ""  # api_key: the header, query parameter or cookie name
    token_url: str = ""  # bearer: OAuth2 client credentials' token URL, when there is one


@dataclass(frozen=True)
class Server:
    url: str
    description: str = ""


@dataclass(frozen=True)
class Api:
    title: str
    version: str  # info.version: the api-version the package sends
    description: str
    package: str
    servers: tuple[Server, ...]
    rate_limit: float | None  # requests per second, from spec/sources.toml
    client_parameters: tuple[ClientParameter, ...]
    resources: tuple[Resource, ...]
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    security: tuple[SecurityScheme, ...] = ()
    default_security: tuple[tuple[str, ...], ...] = ()  # what operations need unless they say
    base_url: str | None = None  # the default base URL (`{tenant}`: the client's); None: none known
    env_prefix: str = "AMPERITY"  # of the environment variables the client reads

    @property
    def has_tenant(self) -> bool:
        return any(p.role == "tenant" for p in self.client_parameters)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

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


@dataclass(frozen=True)
class Field:
    """A property of a JSON request body, flattened into a keyword argument."""

    name: str  # wire name
    py_name: str
    required: bool
    py_type: str
    description: str = ""
    example: Any = None


@dataclass(frozen=True)
class Body:
    content_type: str  # "application/json"
    required: bool
    model: str | None  # model class name the body is validated against
    py_type: str  # annotation of the whole body when it is not flattened
    fields: tuple[Field, ...] = ()  # non-empty: the body's properties are keyword arguments
    description: str = ""


@dataclass(frozen=True)
class Response:
    status: str  # "200", "201", "4XX", "default"
    description: str
    content_type: str | None
    model: str | None  # model class name, when the body is a named schema
    py_type: str  # annotation of the parsed body ("None" when there is none)


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

    @property
    def key(self) -> str:
        """`GET /workflow/runs`: how the diff and messages name an operation."""
        return f"{self.method} {self.path}"


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

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

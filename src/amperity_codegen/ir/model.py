"""The intermediate representation: the only input of the templates and of the diff.

Built from a validated OpenAPI 3.x document by `ir.parse`. Every decision about
names, client-wide parameters, pagination and idempotency is made there, once; nothing
downstream looks at the raw document again. Schemas are kept as normalized JSON Schema
(names made Python-safe, `$ref`s internal, sample `default`s moved into the description)
because the models stage and the diff both need the full shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from amperity_codegen.errors import pointer
from amperity_codegen.ir.names import module_order, name_order
from amperity_codegen.ir.types import NONE, Import, union
from amperity_codegen.ir.types import PyType as PyType  # re-exported: ir.PyType

Location = Literal["path", "query", "header", "cookie"]
# Where a method's argument goes: a parameter's location, a flattened body field, the whole body.
ArgumentKind = Literal["path", "query", "header", "cookie", "field", "body"]
# How a request body is sent: JSON, form-urlencoded, multipart (with file parts), text, bytes.
Encoding = Literal["json", "form", "multipart", "text", "binary"]


@dataclass(frozen=True)
class ValueCheck:
    """What a parameter's value must be, checked before sending (the runtime's `Check`)."""

    kind: str = (
        "any"  # string, datetime, date, integer, number, boolean, array, object, any
    )
    values: tuple[Any, ...] = ()  # the enum's values; empty: any value of the kind
    min_length: int = 0  # of a string
    items: ValueCheck | None = None  # of an array
    min_properties: int = 0  # of an object: how many of its properties must be sent


@dataclass(frozen=True)
class Parameter:
    name: str  # wire name, e.g. "workflow-id"
    py_name: str  # Python argument name, e.g. "workflow_id"
    location: Location
    required: bool
    py_type: PyType  # annotation, e.g. str, datetime | date, dict[str, str]
    schema: dict[str, Any]  # normalized JSON Schema of the value
    description: str = ""
    style: str | None = None  # e.g. "deepObject"
    explode: bool | None = None
    example: Any = None  # documentation only: never sent, never a Python default
    check: ValueCheck = field(default_factory=ValueCheck)

    @property
    def checked(self) -> bool:
        """Whether the runtime checks the value before sending (a `Check` of its Endpoint)."""
        c = self.check
        return (
            self.required
            or c.kind != "any"
            or bool(c.values)
            or c.min_length > 0
            or c.min_properties > 0
        )

    @property
    def query_style(self) -> tuple[str, bool] | None:
        """(style, explode) of a query parameter that the runtime would not send this way by
        default (it repeats a list's key and sends a dict as a deepObject), else None.
        """
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
    py_type: PyType
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
    py_type: PyType  # annotation of the whole body when it is not flattened
    fields: tuple[
        Field, ...
    ] = ()  # non-empty: the body's properties are keyword arguments
    description: str = ""
    encoding: Encoding = "json"
    # Checked against `model` before sending: False where the model requires a property the
    # caller does not send (readOnly), or the body has file parts.
    validated: bool = True


@dataclass(frozen=True)
class Response:
    status: str  # "200", "201", "4XX", "default"
    description: str
    content_type: (
        str | None
    )  # the media type read: JSON first, then text, then any other (bytes)
    model: str | None  # model class name, when the body is a named schema
    py_type: PyType  # of the parsed body: a model, str (text), bytes, None (no body)


@dataclass(frozen=True)
class Pagination:
    """A cursor-paginated list: `next_token` in the request, `data` + `next_token` back."""

    page_model: str  # e.g. "WorkflowList"
    item_py_type: PyType  # e.g. models.Workflow
    token_param: str = "next_token"
    data_field: str = "data"
    token_field: str = "next_token"
    total_field: str | None = "total"


@dataclass(frozen=True)
class Argument:
    """One argument of an operation's generated method, as its caller writes it."""

    py_name: str
    py_type: (
        PyType  # the annotation without the `| None = None` of an optional argument
    )
    required: bool
    kind: ArgumentKind
    wire: str  # the parameter's or field's wire name; "" for the whole body

    @property
    def positional(self) -> bool:
        return self.kind == "path"


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
    parameters: tuple[
        Parameter, ...
    ]  # per-call parameters only (client-wide ones removed)
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
    # The client-wide parameters this operation's document declares (the client sends them
    # whatever it declares): what the diff reports when a version adds or drops one.
    declared_client_parameters: tuple[ClientParameter, ...] = ()

    @property
    def arguments(self) -> tuple[Argument, ...]:
        """The method's arguments in signature order: path parameters (positional), then
        keyword-only: the whole body, required body fields, required parameters, optional
        parameters, optional body fields. templates/macros.jinja and the diff both read this.
        """
        path = [p for p in self.parameters if p.location == "path"]
        keyword = [p for p in self.parameters if p.location != "path"]
        fields = self.body.fields if self.body else ()
        out = [Argument(p.py_name, p.py_type, True, p.location, p.name) for p in path]
        if self.body is not None and not fields:
            out.append(
                Argument("body", self.body.py_type, self.body.required, "body", "")
            )
        out += [
            Argument(f.py_name, f.py_type, True, "field", f.name)
            for f in fields
            if f.required
        ]
        out += [
            Argument(p.py_name, p.py_type, True, p.location, p.name)
            for p in keyword
            if p.required
        ]
        out += [
            Argument(p.py_name, p.py_type, False, p.location, p.name)
            for p in keyword
            if not p.required
        ]
        out += [
            Argument(f.py_name, f.py_type, False, "field", f.name)
            for f in fields
            if not f.required
        ]
        return tuple(out)

    @property
    def key(self) -> str:
        """`GET /workflow/runs`: how the diff and messages name an operation."""
        return f"{self.method} {self.path}"

    @property
    def results(self) -> tuple[Response, ...]:
        """The 2xx responses, one per distinct Python type (in status order)."""
        seen: dict[PyType, Response] = {}
        for r in self.responses:
            if r.status.startswith("2") and r.py_type not in seen:
                seen[r.py_type] = r
        return tuple(seen.values())

    @property
    def result_type(self) -> PyType:
        """What the method returns: the 2xx answers' types, as a union when they differ."""
        return union(*(r.py_type for r in self.results)) if self.results else NONE

    def imports(self) -> set[Import]:
        """What the method and its Endpoint need imported: the types of its arguments and answer,
        and the runtime classes it uses."""
        # Every method takes extra_headers, extra_query, extra_body and timeout.
        found = {
            Import("._runtime", name)
            for name in ("Request", "Endpoint", "Timeout", "Unset", "UNSET")
        } | {Import("collections.abc", "Mapping")}
        if any(p.checked for p in self.parameters):
            found.add(Import("._runtime", "Check"))
        for p in self.parameters:
            found |= p.py_type.imports()
        if self.body is not None:
            found |= self.body.py_type.imports() if not self.body.fields else set()
            for f in self.body.fields:
                found |= f.py_type.imports()
            if self.body.fields and self.body.validated:
                found.add(Import(".", "models"))
        if self.bulk_py_name is not None:
            found |= {
                Import("collections.abc", n)
                for n in ("AsyncIterable", "Callable", "Iterable")
            }
            found |= {
                Import("._runtime._events", n)
                for n in (
                    "EventFailure",
                    "EventsSummary",
                    "asend_events",
                    "send_events",
                )
            }
        if self.pagination is not None:
            found |= {
                Import("._runtime", "SyncPage"),
                Import("._runtime", "AsyncPaginator"),
                Import(".", "models"),
            }
            found |= self.pagination.item_py_type.answer_imports()
        else:
            found |= self.result_type.imports()
            if len(self.results) > 1:
                found.add(Import("._runtime", "Responses"))
                for r in self.results:
                    found |= r.py_type.answer_imports()
            else:
                found |= self.result_type.answer_imports()
        return found

    @property
    def accept(self) -> str | None:
        """The Accept header when an answer is not (only) JSON, else None (the client sends
        JSON's)."""
        types = sorted(
            {
                r.content_type
                for r in self.responses
                if r.content_type and r.status.startswith("2")
            }
        )
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

    @property
    def classes(self) -> tuple[str, ...]:
        """The sync and async classes of its module, in the order an import names them."""
        return tuple(
            sorted((self.class_name, f"Async{self.class_name}"), key=name_order)
        )

    @property
    def imports(self) -> tuple[Import, ...]:
        """Every import of the resource's module, in a stable order; nothing it does not use."""
        found = {
            Import("._runtime", "SyncAPIResource"),
            Import("._runtime", "AsyncAPIResource"),
        }
        for op in self.operations:
            found |= op.imports()
        return tuple(sorted(found, key=lambda i: (i.module, i.name)))


@dataclass(frozen=True)
class ClientParameter:
    """A parameter set once on the client (tenant, api-version), never per call."""

    name: str  # wire name, e.g. "amperity-tenant"
    location: Location
    role: str  # "tenant" or "version": what the runtime fills it with
    required: bool = True  # as the document declares it (the client always sends it)


@dataclass(frozen=True)
class SecurityScheme:
    """A way the API authenticates calls that the client can send (see runtime/_auth.py)."""

    name: str  # as in the document's securitySchemes
    kind: Literal[
        "bearer", "basic", "api_key"
    ]  # OAuth2 and OpenID Connect send a bearer token
    location: Literal["header", "query", "cookie"] = "header"  # api_key
    parameter: str = ""  # api_key: the header, query parameter or cookie name
    token_url: str = (
        ""  # bearer: OAuth2 client credentials' token URL, when there is one
    )
    flows: tuple[
        str, ...
    ] = ()  # OAuth2: the flows the document offers, e.g. ("clientCredentials",)


@dataclass(frozen=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Server:
    url: str
    description: str = ""
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True)
class ModelField:
    """A field of a generated model class: what users read, and pass when they build one."""

    name: str  # wire name
    py_name: str  # attribute name (the alias is the wire name where they differ)
    type: PyType  # its annotation (`| None` included where the value may be null or missing)
    required: (
        bool  # no default: building the model needs it; an answer always carries it
    )


@dataclass(frozen=True)
class Model:
    """A class of the package's `models`: one per schema, and one per inline object schema."""

    name: str
    fields: tuple[ModelField, ...]  # its own and its bases' (allOf), bases first
    root: PyType | None = (
        None  # a RootModel's value type (enums, unions, arrays): no fields
    )


@dataclass(frozen=True)
class Vendor:
    """The public names and links a package takes from whose API it is (`ir.vendor`)."""

    client_class: str = "Client"
    async_client_class: str = "AsyncClient"
    error_class: str = (
        "Error"  # the package's name for the base of every error it raises
    )
    warning_class: str = "APIDeprecationWarning"
    model_base: str = "Model"  # the base class of the models, as their modules name it
    docs_url: str | None = None  # where deprecation warnings send the reader
    token_tenant_header: str | None = None  # the token request names the tenant in it
    # Documented hosts by name (`Client.hosts`, `base_url=Client.hosts[...]`); the first is the
    # default.
    hosts: tuple[tuple[str, str], ...] = ()
    keywords: tuple[str, ...] = ()  # of the distribution, besides its api-version
    project_urls: tuple[tuple[str, str], ...] = ()  # the distribution's [project.urls]


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
    default_security: tuple[
        tuple[str, ...], ...
    ] = ()  # what operations need unless they say
    base_url: str | None = (
        None  # the default base URL (`{tenant}`: the client's); None: none known
    )
    env_prefix: str = "API"  # of the environment variables the client reads
    vendor: Vendor = field(default_factory=Vendor)
    models: tuple[
        Model, ...
    ] = ()  # the model classes, as datamodel-code-generator names them
    # Class name → the schema's key under components/schemas (`Package` → `package`), where a
    # finding about the class is located; hoisted inline objects have none.
    schema_keys: dict[str, str] = field(default_factory=dict)

    def schema_pointer(self, name: str) -> str:
        """Where the schema of class `name` is in the document (its class name when hoisted)."""
        return pointer("components", "schemas", self.schema_keys.get(name, name))

    @property
    def has_tenant(self) -> bool:
        return any(p.role == "tenant" for p in self.client_parameters)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

    @property
    def resource_modules(self) -> tuple[Resource, ...]:
        """The resources in the order their modules are imported (by module name)."""
        return tuple(sorted(self.resources, key=lambda r: module_order(r.py_name)))

    @property
    def has_bulk_methods(self) -> bool:
        """Whether any operation has a bulk form: the package then exports its summary types."""
        return any(op.bulk_py_name for op in self.operations)

    @property
    def client_bulk_methods(self) -> tuple[tuple[Resource, Operation], ...]:
        """The bulk methods (`Operation.bulk_py_name`) the clients offer as their own too:
        `client.send_events(...)` is `client.events.send_events(...)`. Each whose name no
        resource and no other resource's bulk method takes (client attributes cannot: the name
        was made unique against them)."""
        found = [
            (r, op) for r in self.resources for op in r.operations if op.bulk_py_name
        ]
        names = [op.bulk_py_name for _, op in found]
        resources = {r.py_name for r in self.resources}
        return tuple(
            (r, op)
            for r, op in found
            if names.count(op.bulk_py_name) == 1 and op.bulk_py_name not in resources
        )

    @property
    def client_type_imports(self) -> tuple[Import, ...]:
        """What the clients' module imports for its annotations alone (under TYPE_CHECKING):
        each resource's classes, and the types the signatures of its bulk methods name.
        """
        found = {
            Import(f".resources.{r.py_name}", name)
            for r in self.resources
            for name in r.classes
        }
        for _, op in self.client_bulk_methods:
            found |= {
                Import("collections.abc", n)
                for n in ("AsyncIterable", "Callable", "Iterable")
            }
            found |= {
                Import("._runtime._events", n)
                for n in ("EventFailure", "EventsSummary")
            }
            if op.body is not None:
                found |= op.body.py_type.imports()
            for p in op.parameters:
                found |= p.py_type.imports()
        return tuple(sorted(found, key=lambda i: (i.module, i.name)))

"""What changed between two versions of an API: on the wire, and in the generated Python client.

`diff` compares two IRs, never raw documents, so what only changes the document (Swagger 2.0 against
OpenAPI 3.0.3, parameter order, schema names, descriptions, sample values) is not a wire change.
Wire changes are classified by Amperity's versioning rules (DESIGN.md); Python-surface changes are
reported apart, because a renamed operationId or schema breaks users of the client even when the
wire did not change. Servers, security and the client-wide parameters each operation declares are
compared too. The Python side reads the IR's model classes (`Api.models`, named as the generated
code names them) and method arguments (`Operation.arguments`, in the template's order): no code
is generated or parsed. Each distinct change is one `Change`, with every operation it affects.
`bump` turns a report into the package's next semantic version.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from amperity_codegen.build.pipeline import load_ir
from amperity_codegen.document.load import read_source
from amperity_codegen.errors import SpecError
from amperity_codegen.ir.model import (
    Api,
    Model,
    ModelField,
    Operation,
    Parameter,
    PyType,
    SecurityScheme,
)
from amperity_codegen.ir.names import snake
from amperity_codegen.ir.vendor import AMPERITY_CLIENT_PARAMETERS
from amperity_codegen.workspace.sources import Source

# Every kind of change, and whether it breaks a client written against the old version.
WIRE_KINDS: dict[str, bool] = {
    # Amperity moves the version identifier only for breaking changes, and the client sends it
    # on every call: a client of the new version talks to a different API.
    "api-version-changed": True,
    "endpoint-added": False,
    "endpoint-removed": True,
    "endpoint-renamed": True,
    "required-parameter-added": True,
    "optional-parameter-added": False,
    "parameter-became-required": True,
    "parameter-became-optional": False,
    "parameter-removed": True,
    "parameter-moved": True,
    "required-request-field-added": True,
    "request-field-added": False,
    "request-field-removed": True,
    "request-field-became-required": True,
    "request-field-became-optional": False,
    "response-field-added": False,
    "response-field-removed": True,
    # A typed client reads a field it was promised; one that may now be missing breaks it.
    "response-field-became-optional": True,
    "response-field-became-required": False,
    "type-changed": True,
    "enum-added": False,
    "enum-value-removed": True,
    "pagination-added": True,
    "pagination-removed": True,
    "response-status-changed": True,
    # Documented errors are information: the runtime maps every status to an exception anyway.
    "error-response-added": False,
    "error-response-removed": False,
    # Set once on the client, which sends them on every call whatever a version declares: by
    # Amperity's rules a new required header breaks a hand-written client, never this one.
    "required-client-parameter-added": True,
    "optional-client-parameter-added": False,
    "client-parameter-removed": True,
    # Where the client calls: a different default host sends a client made without base_url=
    # elsewhere; a server or variable value gone was somewhere callers could point it.
    "default-server-changed": True,
    "server-added": False,
    "server-removed": True,
    "server-variable-changed": True,
    # How calls authenticate: a credential the client was not given is refused before sending.
    "security-scheme-added": False,
    "security-scheme-removed": True,
    "security-scheme-changed": True,
    "security-requirement-changed": True,
    "security-requirement-relaxed": False,
}
PYTHON_KINDS: dict[str, bool] = {
    "resource-added": False,
    "resource-removed": True,
    "resource-renamed": True,
    "method-added": False,
    "method-removed": True,
    "method-renamed": True,
    "required-parameter-added": True,
    "optional-parameter-added": False,
    "parameter-removed": True,
    "parameter-renamed": True,
    "parameter-became-required": True,
    "parameter-became-optional": False,
    "parameter-kind-changed": True,  # positional ↔ keyword-only, or a positional one moved
    "parameter-type-changed": True,
    "return-type-changed": True,
    "model-added": False,
    "model-removed": True,
    "model-renamed": True,
    # Model fields, by what a caller's code does with the class: it builds request models (a
    # new or newly required field breaks that code) and reads response models (a field that
    # may now be None breaks that code; a field always present now does not).
    "model-field-added": False,
    "required-model-field-added": True,  # in a model callers build
    "model-field-removed": True,
    "model-field-type-changed": True,
    "model-field-became-required": True,  # in a model callers build
    "response-model-field-became-required": False,  # only read: it was `T | None`, now always T
    "model-field-became-optional": True,  # in a model callers read: now maybe None
    "request-model-field-became-optional": False,  # only built: one argument fewer to pass
}
# What each wire kind means for the Python client, when that is not the obvious.
PYTHON_IMPACT: dict[str, str] = {
    "required-client-parameter-added": "none: the client always sent it",
    "optional-client-parameter-added": "none: the client always sent it",
    "client-parameter-removed": "none: the client sets it itself",
    "default-server-changed": "a client made without base_url= calls the new host",
    "server-removed": "a base_url= of the removed server may stop working",
    "server-variable-changed": "the default base URL or an accepted value changed",
    "security-scheme-removed": "clients given only these credentials are refused",
    "security-scheme-changed": "the client sends these credentials differently",
    "security-requirement-changed": "calls need credentials the client may not have been given",
}
FORMAT_VERSION = 1  # of `diff --format json` (diff-report.schema.json)
# `diff --fail-on-breaking`'s exit code when something breaks: not 1, which means unreadable input.
BREAKING_FOUND = 4
# Parameters the client sets once (DESIGN.md). Swagger 2.0 documents also declare the version as an
# `api_version` query parameter on each call, so names are compared with `_` and `-` alike.
CLIENT_WIDE = tuple(AMPERITY_CLIENT_PARAMETERS)

Side = Literal["request", "response"]
_REF = "#/components/schemas/"
# Integer and number formats only say how wide a number is: JSON and Python do not see them.
_NUMBER_FORMATS = {"int32", "int64", "float", "double"}


@dataclass(frozen=True)
class Change:
    """One distinct change, with every operation it affects (a schema change once, not once per
    operation that sends or returns the schema)."""

    kind: str  # a key of WIRE_KINDS or PYTHON_KINDS
    operations: tuple[
        str, ...
    ]  # "GET /path" each; empty for servers, security, models, resources
    location: str  # a parameter, `Workflow.name`, `body.x`, `workflow.get_workflow(view)`, ...
    breaking: bool
    detail: str
    python: tuple[str, ...] = ()  # a wire change: the client's methods it affects

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "operations": list(self.operations),
            "location": self.location,
            "breaking": self.breaking,
            "detail": self.detail,
            "python": list(self.python),
        }


@dataclass(frozen=True)
class Identity:
    """Which document a side of the diff is: its title, info.version and the sha256 of its bytes."""

    title: str
    version: str
    sha256: str

    def to_dict(self) -> dict[str, str]:
        return {"title": self.title, "version": self.version, "sha256": self.sha256}


Bump = Literal["major", "minor", "none"]


@dataclass(frozen=True)
class Report:
    wire: tuple[Change, ...] = ()
    python: tuple[Change, ...] = ()
    old: Identity | None = None
    new: Identity | None = None

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in (*self.wire, *self.python))

    @property
    def bump(self) -> Bump:
        """The package version part to raise for these changes (a patch only ever comes from the
        generator, which the diff does not see)."""
        return (
            "major"
            if self.breaking
            else "minor" if self.wire or self.python else "none"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "bump": self.bump,
            "breaking": self.breaking,
            "wire": [c.to_dict() for c in self.wire],
            "python": [c.to_dict() for c in self.python],
        }


def identity(source: str | Path, api: Api) -> Identity:
    """The identity of the document `api` was read from."""
    return Identity(
        api.title, api.version, hashlib.sha256(read_source(str(source))).hexdigest()
    )


def _wire(kind: str, operation: str | None, location: str, detail: str) -> Change:
    return Change(
        kind, (operation,) if operation else (), location, WIRE_KINDS[kind], detail
    )


def _python(kind: str, operation: str | None, location: str, detail: str) -> Change:
    return Change(
        kind, (operation,) if operation else (), location, PYTHON_KINDS[kind], detail
    )


def _ordered(changes: Iterable[Change]) -> tuple[Change, ...]:
    """One entry per distinct change (the operations it affects merged), breaking ones first."""
    merged: dict[tuple[str, str, bool, str], Change] = {}
    for c in changes:
        key = (c.kind, c.location, c.breaking, c.detail)
        if key in merged:
            was = merged[key]
            c = replace(
                was,
                operations=tuple(sorted({*was.operations, *c.operations})),
                python=tuple(sorted({*was.python, *c.python})),
            )
        merged[key] = replace(
            c,
            operations=tuple(sorted(set(c.operations))),
            python=tuple(sorted(set(c.python))),
        )
    return tuple(
        sorted(
            merged.values(),
            key=lambda c: (
                not c.breaking,
                c.operations[:1],
                c.location,
                c.kind,
                c.detail,
            ),
        )
    )


# ---------------------------------------------------------------------------------------------
# Comparing two versions


def diff(old: Api, new: Api) -> Report:
    """Every change from `old` to `new`, the wire and the Python surface apart, in a stable
    order."""
    match = _match_operations(old, new)
    old_models, new_models = _models(old), _models(new)
    renames = _model_renames(old_models, new_models)
    python = [
        *_python_operation_changes(old, new, match, renames),
        *_model_changes(old, new, renames),
    ]
    methods = {
        op.key: f"{r.py_name}.{op.py_name}"
        for api in (old, new)
        for r in api.resources
        for op in r.operations
    }
    wire = [
        replace(c, python=tuple(methods[o] for o in c.operations if o in methods))
        for c in (
            *_wire_changes(old, new, match),
            *_server_changes(old, new),
            *_security_changes(old, new, match),
        )
    ]
    return Report(wire=_ordered(wire), python=_ordered(python))


def _models(api: Api) -> dict[str, Model]:
    return {m.name: m for m in api.models}


# ---------------------------------------------------------------------------------------------
# Which operation is which: by method and path, then renamed URLs


@dataclass(frozen=True)
class _Match:
    pairs: tuple[
        tuple[Operation, Operation], ...
    ]  # the same endpoint in both (renamed ones too)
    renamed: tuple[tuple[Operation, Operation], ...]
    removed: tuple[Operation, ...]
    added: tuple[Operation, ...]


def _match_operations(old: Api, new: Api) -> _Match:
    before = {_identity(op): op for op in old.operations}
    after = {_identity(op): op for op in new.operations}
    pairs = [(before[k], after[k]) for k in sorted(before.keys() & after.keys())]
    removed = [before[k] for k in sorted(before.keys() - after.keys())]
    added = [after[k] for k in sorted(after.keys() - before.keys())]
    renamed: list[tuple[Operation, Operation]] = []
    # Strongest evidence first: the same wire contract, then the same path shape, then a path that
    # differs in one segment. Each removed endpoint pairs with at most one added one.
    tests: list[Callable[[Operation, Operation], bool]] = [
        lambda a, b: not list(_operation_changes(old, new, a, b)),
        lambda a, b: _path_shape(a.path) == _path_shape(b.path),
        lambda a, b: _one_segment_apart(_path_shape(a.path), _path_shape(b.path)),
    ]
    for same in tests:
        for a in list(removed):
            b = next((b for b in added if b.method == a.method and same(a, b)), None)
            if b is not None:
                renamed.append((a, b))
                removed.remove(a)
                added.remove(b)
    return _Match(tuple(pairs + renamed), tuple(renamed), tuple(removed), tuple(added))


def _identity(op: Operation) -> str:
    """What the server sees: the method and the URL, whatever the path variables are called."""
    return op.method + " " + re.sub(r"\{[^}]+\}", "{}", op.path)


def _path_shape(path: str) -> tuple[str, ...]:
    """`/workflow/runs/{workflow-id}:stop` → ("workflow", "runs", "{}", "stop"): what the URL looks
    like whatever its variables are called and whether a `:` or a `/` separates the action.
    """
    return tuple("{}" if s.startswith("{") else s for s in re.split(r"[/:]", path) if s)


def _one_segment_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=False)) == 1


def _path_variables(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)


# ---------------------------------------------------------------------------------------------
# Servers and security: where the client calls, and with which credentials


def _server_changes(old: Api, new: Api) -> Iterator[Change]:
    if old.base_url != new.base_url:
        detail = (
            f"{old.base_url or 'none'} → {new.base_url or 'none (base_url= required)'}"
        )
        yield _wire(
            "default-server-changed",
            None,
            "servers",
            _impact("default-server-changed", detail),
        )
    before, after = {s.url: s for s in old.servers}, {s.url: s for s in new.servers}
    for url in sorted(before.keys() - after.keys()):
        yield _wire(
            "server-removed", None, url, _impact("server-removed", "server removed")
        )
    for url in sorted(after.keys() - before.keys()):
        yield _wire("server-added", None, url, "new server")
    for url in sorted(before.keys() & after.keys()):
        x = {v.name: v for v in before[url].variables}
        for v in after[url].variables:
            was = x.get(v.name)
            gone = [
                value
                for value in (was.enum if was else ())
                if v.enum and value not in v.enum
            ]
            if was is not None and (was.default != v.default or gone):
                detail = f"{{{v.name}}}: default {was.default!r} → {v.default!r}" + (
                    f", values removed: {_values(gone)}" if gone else ""
                )
                yield _wire(
                    "server-variable-changed",
                    None,
                    url,
                    _impact("server-variable-changed", detail),
                )


_CREDENTIALS = {
    "bearer": "token= (or client_id=/client_secret=)",
    "api_key": "api_key=",
    "basic": "username=/password=",
}


def _scheme(s: SecurityScheme) -> str:
    where = f" in {s.location} {s.parameter!r}" if s.kind == "api_key" else ""
    token = f", token URL {s.token_url}" if s.token_url else ""
    flows = f", flows {', '.join(s.flows)}" if s.flows else ""
    return f"{s.kind}{where}{token}{flows}"


def _security_changes(old: Api, new: Api, match: _Match) -> Iterator[Change]:
    before, after = {s.name: s for s in old.security}, {s.name: s for s in new.security}
    for name in sorted(before.keys() - after.keys()):
        yield _wire(
            "security-scheme-removed",
            None,
            name,
            _impact("security-scheme-removed", _scheme(before[name])),
        )
    for name in sorted(after.keys() - before.keys()):
        yield _wire(
            "security-scheme-added",
            None,
            name,
            f"{_scheme(after[name])}; Python: the client takes {_CREDENTIALS[after[name].kind]}",
        )
    for name in sorted(before.keys() & after.keys()):
        if before[name] != after[name]:
            detail = f"{_scheme(before[name])} → {_scheme(after[name])}"
            yield _wire(
                "security-scheme-changed",
                None,
                name,
                _impact("security-scheme-changed", detail),
            )
    for a, b in match.pairs:
        x = a.security if a.security is not None else old.default_security
        y = b.security if b.security is not None else new.default_security
        if set(x) == set(y):
            continue
        # Credentials that satisfied an old alternative must satisfy a new one.
        kept = all(any(set(n) <= set(o) for n in y) for o in x) if y else True
        detail = f"{_alternatives(x)} → {_alternatives(y)}"
        if kept:
            yield _wire("security-requirement-relaxed", b.key, "security", detail)
        else:
            needed = sorted(
                {_CREDENTIALS[after[n].kind] for alt in y for n in alt if n in after}
            )
            can_send = ", ".join(needed) or "none the client can send"
            impact = f"{PYTHON_IMPACT['security-requirement-changed']} ({can_send})"
            yield _wire(
                "security-requirement-changed",
                b.key,
                "security",
                f"{detail}; Python: {impact}",
            )


def _alternatives(requirement: tuple[tuple[str, ...], ...]) -> str:
    if not requirement:
        return "no credentials"
    return " or ".join(" + ".join(alt) or "no credentials" for alt in requirement)


# ---------------------------------------------------------------------------------------------
# Wire changes


def _wire_changes(old: Api, new: Api, match: _Match) -> Iterator[Change]:
    if old.version != new.version:
        yield _wire(
            "api-version-changed", None, "api-version", f"{old.version} → {new.version}"
        )
    for op in match.removed:
        yield _wire("endpoint-removed", op.key, op.path, "endpoint removed")
    for op in match.added:
        yield _wire("endpoint-added", op.key, op.path, "new endpoint")
    for a, b in match.renamed:
        yield _wire("endpoint-renamed", a.key, a.path, f"{a.key} → {b.key}")
    for a, b in match.pairs:
        yield from _operation_changes(old, new, a, b)


def _operation_changes(
    old: Api, new: Api, a: Operation, b: Operation
) -> Iterator[Change]:
    """What changed on the wire inside one endpoint (its URL aside)."""
    yield from _client_parameter_changes(a, b)
    yield from _parameter_changes(old, new, a, b)
    yield from _body_changes(old, new, a, b)
    yield from _response_changes(old, new, a, b)
    if (a.pagination is None) != (b.pagination is None):
        kind = "pagination-added" if b.pagination else "pagination-removed"
        yield _wire(
            kind,
            b.key,
            "response",
            "the list is now paginated" if b.pagination else "no more pages",
        )


def _client_parameter_changes(a: Operation, b: Operation) -> Iterator[Change]:
    """The tenant and version parameters an operation declares: reported for what they are on
    the wire, though the client sends them whatever the document says."""
    before = {(p.location, p.name.lower()): p for p in a.declared_client_parameters}
    after = {(p.location, p.name.lower()): p for p in b.declared_client_parameters}
    for key in sorted(before.keys() - after.keys()):
        p = before[key]
        yield _wire(
            "client-parameter-removed",
            b.key,
            f"{p.location} {p.name}",
            _impact(
                "client-parameter-removed", f"{p.location} parameter no longer declared"
            ),
        )
    for key in sorted(after.keys() - before.keys()):
        p = after[key]
        kind = (
            "required-client-parameter-added"
            if p.required
            else "optional-client-parameter-added"
        )
        what = f"{'required' if p.required else 'optional'} {p.location} parameter declared"
        yield _wire(kind, b.key, f"{p.location} {p.name}", _impact(kind, what))


def _impact(kind: str, detail: str) -> str:
    return f"{detail}; Python: {PYTHON_IMPACT[kind]}"


def _client_wide(parameter: Parameter, api: Api) -> bool:
    """Set once on the client (tenant, version), not per call, however this version declares it."""
    names = {*CLIENT_WIDE, *(p.name for p in api.client_parameters)}
    return _loose(parameter.name) in {_loose(n) for n in names}


def _loose(name: str) -> str:
    return name.lower().replace("_", "-")


def _call_parameters(op: Operation, api: Api) -> dict[tuple[str, str], Parameter]:
    """The per-call parameters by wire identity: a path parameter by its place in the URL (its name
    never reaches the server), a header case-insensitively, anything else by location and name.
    """
    variables = _path_variables(op.path)
    out: dict[tuple[str, str], Parameter] = {}
    for p in op.parameters:
        if _client_wide(p, api):
            continue
        if p.location == "path" and p.name in variables:
            key = ("path", str(variables.index(p.name)))
        else:
            key = (p.location, p.name.lower() if p.location == "header" else p.name)
        out[key] = p
    return out


def _parameter_changes(
    old: Api, new: Api, a: Operation, b: Operation
) -> Iterator[Change]:
    before, after = _call_parameters(a, old), _call_parameters(b, new)
    gone = {k: before[k] for k in before.keys() - after.keys()}
    came = {k: after[k] for k in after.keys() - before.keys()}
    # The same name somewhere else (query → header) is one move, not a removal and an addition.
    for k_old, p in sorted(gone.items()):
        k_new = next(
            (k for k, q in sorted(came.items()) if _loose(q.name) == _loose(p.name)),
            None,
        )
        if k_new is not None:
            yield _wire(
                "parameter-moved",
                b.key,
                p.name,
                f"{p.location} → {came.pop(k_new).location}",
            )
            del gone[k_old]
    for p in gone.values():
        yield _wire(
            "parameter-removed", b.key, p.name, f"{p.location} parameter removed"
        )
    for p in came.values():
        kind = "required-parameter-added" if p.required else "optional-parameter-added"
        yield _wire(
            kind,
            b.key,
            p.name,
            f"{'required' if p.required else 'optional'} {p.location} parameter",
        )
    walk = _Walk(old.schemas, new.schemas, "request", b.key)
    for key in sorted(before.keys() & after.keys()):
        p, q = before[key], after[key]
        if p.required != q.required:
            kind = (
                "parameter-became-required"
                if q.required
                else "parameter-became-optional"
            )
            yield _wire(kind, b.key, q.name, _flip(p.required))
        yield from walk.compare(p.schema, q.schema, q.name)


def _flip(was_required: bool) -> str:
    return "required → optional" if was_required else "optional → required"


def _body_changes(old: Api, new: Api, a: Operation, b: Operation) -> Iterator[Change]:
    x, y = a.body, b.body
    if x is None and y is None:
        return
    if x is None or y is None:
        if y is not None:
            kind = (
                "required-request-field-added" if y.required else "request-field-added"
            )
            yield _wire(
                kind,
                b.key,
                "body",
                f"a {'required' if y.required else 'optional'} request body",
            )
        else:
            yield _wire(
                "request-field-removed", b.key, "body", "the request body is gone"
            )
        return
    if x.required != y.required:
        kind = (
            "request-field-became-required"
            if y.required
            else "request-field-became-optional"
        )
        yield _wire(kind, b.key, "body", _flip(x.required))
    if x.content_type != y.content_type:
        yield _wire(
            "type-changed", b.key, "body", f"{x.content_type} → {y.content_type}"
        )
    yield from _payload_changes(
        _Walk(old.schemas, new.schemas, "request", b.key),
        _model_ref(x.model),
        _model_ref(y.model),
        str(x.py_type),
        str(y.py_type),
    )


def _model_ref(model: str | None) -> dict[str, Any] | None:
    return {"$ref": _REF + model} if model else None


def _payload_changes(
    walk: _Walk,
    x: dict[str, Any] | None,
    y: dict[str, Any] | None,
    x_type: str,
    y_type: str,
) -> Iterator[Change]:
    """A body compared by shape when both are models; otherwise the IR only knows its annotation."""
    root = "body" if walk.side == "request" else "response"
    if x is not None and y is not None:
        yield from walk.compare(x, y, root)
    elif x_type != y_type:
        yield _wire("type-changed", walk.operation, root, f"{x_type} → {y_type}")


def _response_changes(
    old: Api, new: Api, a: Operation, b: Operation
) -> Iterator[Change]:
    ok_a = [r.status for r in a.responses if r.status.startswith("2")]
    ok_b = [r.status for r in b.responses if r.status.startswith("2")]
    if ok_a != ok_b:
        yield _wire(
            "response-status-changed",
            b.key,
            "response",
            f"{_codes(ok_a)} → {_codes(ok_b)}",
        )
    errors_a = {r.status for r in a.responses} - set(ok_a)
    errors_b = {r.status for r in b.responses} - set(ok_b)
    for status in sorted(errors_a - errors_b):
        yield _wire(
            "error-response-removed", b.key, status, f"{status} no longer documented"
        )
    for status in sorted(errors_b - errors_a):
        yield _wire("error-response-added", b.key, status, f"{status} now documented")
    if a.success is not None and b.success is not None:
        yield from _payload_changes(
            _Walk(old.schemas, new.schemas, "response", b.key),
            _model_ref(a.success.model),
            _model_ref(b.success.model),
            str(a.success.py_type),
            str(b.success.py_type),
        )


def _codes(statuses: list[str]) -> str:
    return ", ".join(statuses) or "none"


# Field kinds by side: what adding, removing, requiring or relaxing a field means there.
_FIELD_KINDS: dict[Side, dict[str, str]] = {
    "request": {
        "added": "request-field-added",
        "added-required": "required-request-field-added",
        "removed": "request-field-removed",
        "required": "request-field-became-required",
        "optional": "request-field-became-optional",
    },
    "response": {
        "added": "response-field-added",
        "added-required": "response-field-added",
        "removed": "response-field-removed",
        "required": "response-field-became-required",
        "optional": "response-field-became-optional",
    },
}


@dataclass(frozen=True)
class _Walk:
    """Two schemas side by side, each `$ref` followed into its own version's schemas."""

    old: Mapping[str, Any]
    new: Mapping[str, Any]
    side: Side
    operation: str

    def compare(
        self, a: Any, b: Any, at: str, seen: frozenset[tuple[str, str]] = frozenset()
    ) -> Iterator[Change]:
        pair = (_ref_name(a), _ref_name(b))
        if (
            pair in seen
        ):  # a recursive schema: this pair is already being compared further up
            return
        if pair != ("", ""):
            seen = seen | {pair}
        x, y = _resolve(a, self.old), _resolve(b, self.new)
        if self.label(x, self.old) != self.label(y, self.new) or (_enum(x) is None) != (
            _enum(y) is None
        ):
            was, now = self.describe(x, self.old), self.describe(y, self.new)
            yield _wire("type-changed", self.operation, at, f"{was} → {now}")
            return
        # Inside a named schema, changes are located in it (`Workflow.name`): the same change
        # reached from every operation that uses the schema is then one change.
        # (A schema answered in place of another is compared where it is used.)
        if pair[1] and pair[0] == pair[1]:
            at = pair[1]
        yield from self._enum_changes(_enum(x), _enum(y), at)
        if isinstance(x.get("items"), Mapping) and isinstance(y.get("items"), Mapping):
            yield from self.compare(x["items"], y["items"], f"{at}[]", seen)
        if isinstance(x.get("additionalProperties"), Mapping) and isinstance(
            y.get("additionalProperties"), Mapping
        ):
            yield from self.compare(
                x["additionalProperties"], y["additionalProperties"], f"{at}{{}}", seen
            )
        yield from self._property_changes(x, y, at, seen)

    def _property_changes(
        self,
        x: Mapping[str, Any],
        y: Mapping[str, Any],
        at: str,
        seen: frozenset[tuple[str, str]],
    ) -> Iterator[Change]:
        kinds = _FIELD_KINDS[self.side]
        props_x, props_y = x.get("properties") or {}, y.get("properties") or {}
        required_x, required_y = set(x.get("required") or ()), set(
            y.get("required") or ()
        )
        for name in sorted(props_x.keys() | props_y.keys()):
            where = f"{at}.{name}"
            if name not in props_y:
                yield _wire(kinds["removed"], self.operation, where, "field removed")
            elif name not in props_x:
                required = name in required_y
                kind = kinds["added-required" if required else "added"]
                shape = self.describe(_resolve(props_y[name], self.new), self.new)
                yield _wire(
                    kind,
                    self.operation,
                    where,
                    f"{'required' if required else 'optional'} {shape}",
                )
            else:
                if (name in required_x) != (name in required_y):
                    kind = kinds["required" if name in required_y else "optional"]
                    yield _wire(kind, self.operation, where, _flip(name in required_x))
                yield from self.compare(props_x[name], props_y[name], where, seen)

    def _enum_changes(
        self, x: list[Any] | None, y: list[Any] | None, at: str
    ) -> Iterator[Change]:
        if x is None or y is None:
            return
        added = [v for v in y if v not in x]
        removed = [v for v in x if v not in y]
        if added:
            yield _wire("enum-added", self.operation, at, "added " + _values(added))
        if removed:
            yield _wire(
                "enum-value-removed", self.operation, at, "removed " + _values(removed)
            )

    def label(self, schema: Mapping[str, Any], table: Mapping[str, Any]) -> str:
        """The JSON type of a value, without what only describes it (number widths, sample
        values)."""
        declared = schema.get("type")
        kinds = (
            declared if isinstance(declared, list) else [declared] if declared else []
        )
        nullable = schema.get("nullable") is True or "null" in kinds
        kinds = sorted(k for k in kinds if k != "null")
        if not kinds:
            variants = schema.get("oneOf") or schema.get("anyOf")
            if isinstance(variants, list):
                labels = sorted(
                    {self.label(_resolve(v, table), table) for v in variants}
                )
                kinds = [f"one of ({', '.join(labels)})"]
            elif "properties" in schema or "additionalProperties" in schema:
                kinds = ["object"]
            elif "items" in schema:
                kinds = ["array"]
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in _NUMBER_FORMATS:
            kinds = [f"{k}({fmt})" if k == "string" else k for k in kinds]
        label = " | ".join(kinds) or "any"
        return f"{label} | null" if nullable else label

    def describe(self, schema: Mapping[str, Any], table: Mapping[str, Any]) -> str:
        values = _enum(schema)
        label = self.label(schema, table)
        return f"{label} (one of {_values(values)})" if values is not None else label


def _ref_name(schema: Any) -> str:
    """The schema(s) a node refers to, also through `allOf` (recursion goes through either)."""
    if not isinstance(schema, Mapping):
        return ""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ref.removeprefix(_REF)
    parts = schema.get("allOf")
    return (
        "+".join(filter(None, map(_ref_name, parts))) if isinstance(parts, list) else ""
    )


def _resolve(
    schema: Any, table: Mapping[str, Any], seen: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The schema a `$ref` points to, with `allOf` merged: `allOf: [{$ref: X}]` (how OpenAPI 3.0
    documents put a description on a reference) is X itself."""
    if not isinstance(schema, Mapping):
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.removeprefix(_REF)
        return (
            {} if name in seen else _resolve(table.get(name, {}), table, seen | {name})
        )
    parts = schema.get("allOf")
    if not isinstance(parts, list):
        return dict(schema)
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in (_resolve(p, table, seen) for p in parts):
        merged["properties"] = {
            **(part.get("properties") or {}),
            **(merged.get("properties") or {}),
        }
        merged["required"] = sorted(
            {*(part.get("required") or ()), *(merged.get("required") or ())}
        )
        for key, value in part.items():
            merged.setdefault(key, value)
    return {k: v for k, v in merged.items() if v or k not in ("properties", "required")}


def _enum(schema: Mapping[str, Any]) -> list[Any] | None:
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def _values(values: Iterable[Any]) -> str:
    return ", ".join(repr(v) for v in values)


# ---------------------------------------------------------------------------------------------
# Python surface: resources, methods, their parameters and return types


@dataclass(frozen=True)
class _PyParam:
    name: str
    wire: tuple[str, str]  # what it sends, to tell a renamed argument from a new one
    position: int | None  # index among the positional arguments; None when keyword-only
    required: bool
    annotation: PyType


def _signature(op: Operation, api: Api) -> dict[str, _PyParam]:
    """The arguments of the generated method (`Operation.arguments`, as the template writes them),
    each with what it sends: a path parameter by its place in the URL, a header case-insensitively.
    """
    variables = _path_variables(op.path)
    hoisted = {p.name for p in op.parameters if _client_wide(p, api)}
    out: dict[str, _PyParam] = {}
    positional = 0
    for a in op.arguments:
        if a.kind not in ("field", "body") and a.wire in hoisted:
            continue
        if a.positional:
            wire = (
                "path",
                str(variables.index(a.wire)) if a.wire in variables else a.wire,
            )
            out[a.py_name] = _PyParam(a.py_name, wire, positional, True, a.py_type)
            positional += 1
        else:
            wire = (a.kind, a.wire.lower() if a.kind == "header" else a.wire)
            out[a.py_name] = _PyParam(a.py_name, wire, None, a.required, a.py_type)
    return out


def _returns(op: Operation) -> tuple[str | None, PyType]:
    """(the model class of the answer, when it is one; the method's return annotation)."""
    if op.pagination is not None:
        return op.pagination.page_model, PyType(
            "SyncPage", (op.pagination.item_py_type,)
        )
    if op.success is None:
        return None, PyType("None")
    return op.success.model, op.success.py_type


def _same_return(a: Operation, b: Operation, renames: Mapping[str, str]) -> bool:
    (model_a, type_a), (model_b, type_b) = _returns(a), _returns(b)
    if model_a is not None and model_b is not None:
        return renames.get(model_a, model_a) == model_b and (a.pagination is None) == (
            b.pagination is None
        )
    return type_a == type_b


def _same_annotation(a: PyType, b: PyType, renames: Mapping[str, str]) -> bool:
    """Whether two argument annotations are the same once renamed model classes are followed
    (`models.Task` matches `models.TaskInstance` only as a rename)."""
    return a.renamed(renames) == b


def _methods(api: Api) -> dict[tuple[str, str], Operation]:
    return {(r.py_name, op.py_name): op for r in api.resources for op in r.operations}


def _python_operation_changes(
    old: Api, new: Api, match: _Match, renames: Mapping[str, str]
) -> Iterator[Change]:
    before, after = _methods(old), _methods(new)
    partner = {a.key: b for a, b in match.pairs}
    where_now = {op.key: name for name, op in after.items()}
    renamed_resources = dict(_resource_renames(old, new, before, partner, where_now))
    for old_res, new_res in sorted(renamed_resources.items()):
        yield _python(
            "resource-renamed", None, old_res, f"client.{old_res} → client.{new_res}"
        )
    old_resources, new_resources = {r.py_name for r in old.resources}, {
        r.py_name for r in new.resources
    }
    for res in sorted(old_resources - new_resources - renamed_resources.keys()):
        yield _python("resource-removed", None, res, "resource removed")
    for res in sorted(new_resources - old_resources - set(renamed_resources.values())):
        yield _python("resource-added", None, res, "new resource")

    # A method keeps its Python name (after a resource rename), or follows its endpoint to a new
    # name.
    matched: dict[tuple[str, str], tuple[str, str]] = {}
    for res, name in sorted(before):
        same = (renamed_resources.get(res, res), name)
        if same in after:
            matched[(res, name)] = same
    taken = set(matched.values())
    for (res, name), op in sorted(before.items()):
        if (res, name) in matched:
            continue
        b = partner.get(op.key)
        target = where_now.get(b.key) if b else None
        if target is not None and target not in taken:
            matched[(res, name)] = target
            taken.add(target)
            detail = f"{res}.{name} → {'.'.join(target)}"
            yield _python("method-renamed", after[target].key, f"{res}.{name}", detail)
        else:
            yield _python("method-removed", op.key, f"{res}.{name}", "method removed")
    for (res, name), op in sorted(after.items()):
        if (res, name) not in taken:
            yield _python("method-added", op.key, f"{res}.{name}", "new method")
    for old_id, new_id in sorted(matched.items()):
        yield from _method_changes(
            old, new, before[old_id], after[new_id], ".".join(new_id), renames
        )


def _resource_renames(
    old: Api,
    new: Api,
    before: Mapping[tuple[str, str], Operation],
    partner: Mapping[str, Operation],
    where_now: Mapping[str, tuple[str, str]],
) -> Iterator[tuple[str, str]]:
    """A resource gone whose methods all moved to one resource that is new is that resource
    renamed."""
    old_resources, new_resources = {r.py_name for r in old.resources}, {
        r.py_name for r in new.resources
    }
    for res in sorted(old_resources - new_resources):
        homes = {
            where_now[partner[op.key].key][0]
            for (r, _), op in before.items()
            if r == res and op.key in partner and partner[op.key].key in where_now
        }
        if len(homes) == 1 and (home := homes.pop()) in new_resources - old_resources:
            yield res, home


def _method_changes(
    old: Api,
    new: Api,
    a: Operation,
    b: Operation,
    method: str,
    renames: Mapping[str, str],
) -> Iterator[Change]:
    """Arguments and return type; a renamed model is reported once, as such, not in every
    annotation."""
    x, y = _signature(a, old), _signature(b, new)
    gone = {n: x[n] for n in x.keys() - y.keys()}
    came = {n: y[n] for n in y.keys() - x.keys()}
    for name, p in sorted(gone.items()):
        twin = next(
            (
                q
                for q in sorted(came.values(), key=lambda q: q.name)
                if q.wire == p.wire
            ),
            None,
        )
        if twin is not None:
            del came[twin.name]
            yield _python(
                "parameter-renamed", b.key, f"{method}({name})", f"{name} → {twin.name}"
            )
        else:
            yield _python(
                "parameter-removed", b.key, f"{method}({name})", "argument removed"
            )
    for name, q in sorted(came.items()):
        kind = "required-parameter-added" if q.required else "optional-parameter-added"
        yield _python(kind, b.key, f"{method}({name})", f"{name}: {q.annotation}")
    for name in sorted(x.keys() & y.keys()):
        p, q = x[name], y[name]
        at = f"{method}({name})"
        if p.position != q.position:
            yield _python(
                "parameter-kind-changed", b.key, at, f"{_kind(p)} → {_kind(q)}"
            )
        if p.required != q.required:
            kind = (
                "parameter-became-required"
                if q.required
                else "parameter-became-optional"
            )
            yield _python(kind, b.key, at, _flip(p.required))
        if not _same_annotation(p.annotation, q.annotation, renames):
            yield _python(
                "parameter-type-changed", b.key, at, f"{p.annotation} → {q.annotation}"
            )
    if not _same_return(a, b, renames):
        yield _python(
            "return-type-changed", b.key, method, f"{_returns(a)[1]} → {_returns(b)[1]}"
        )


def _kind(p: _PyParam) -> str:
    return "keyword-only" if p.position is None else f"positional #{p.position + 1}"


# ---------------------------------------------------------------------------------------------
# Python surface: the model classes (`Api.models`, named as the generated models name them)


def _shape(
    model: Model, renames: Mapping[str, str]
) -> tuple[dict[str, tuple[str, PyType, bool]], PyType | None]:
    fields = {
        f.name: (f.py_name, f.type.renamed(renames), f.required) for f in model.fields
    }
    return fields, model.root.renamed(renames) if model.root else None


def _model_renames(
    old: Mapping[str, Model], new: Mapping[str, Model]
) -> dict[str, str]:
    """Classes gone whose fields reappear unchanged in a new class: renamed. Repeated until nothing
    more pairs up, so classes that refer to each other (or to themselves) are found too.
    """
    renames: dict[str, str] = {}
    found = True
    while found:
        found = False
        for name in sorted(old.keys() - new.keys() - renames.keys()):
            for twin in sorted(new.keys() - old.keys() - set(renames.values())):
                if _shape(old[name], {**renames, name: twin}) == _shape(new[twin], {}):
                    renames[name] = twin
                    found = True
                    break
    return renames


def _referenced(api: Api, roots: Iterable[str | None]) -> set[str]:
    """`roots` and every model class their fields (or root values) hold, transitively."""
    models = _models(api)
    out: set[str] = set()
    todo = [r for r in roots if r]
    while todo:
        name = todo.pop()
        if name in out or name not in models:
            continue
        out.add(name)
        m = models[name]
        for t in [f.type for f in m.fields] + ([m.root] if m.root else []):
            todo += _classes(t)
    return out


def _classes(t: PyType) -> list[str]:
    return ([t.model] if t.model else []) + [c for a in t.args for c in _classes(a)]


def _usage(api: Api) -> tuple[set[str], set[str]]:
    """(the models callers build: request bodies and what they hold; the models they read)."""
    built = _referenced(api, [op.body.model for op in api.operations if op.body])
    read = _referenced(api, [r.model for op in api.operations for r in op.responses])
    return built, read


def _model_changes(
    old_api: Api, new_api: Api, renames: Mapping[str, str]
) -> Iterator[Change]:
    old, new = _models(old_api), _models(new_api)
    for name, twin in sorted(renames.items()):
        yield _python(
            "model-renamed", None, f"models.{name}", f"models.{name} → models.{twin}"
        )
    for name in sorted(old.keys() - new.keys() - renames.keys()):
        yield _python("model-removed", None, f"models.{name}", "model removed")
    for name in sorted(new.keys() - old.keys() - set(renames.values())):
        yield _python("model-added", None, f"models.{name}", "new model")
    built_new, read_new = _usage(new_api)
    built_old, read_old = _usage(old_api)
    for name in sorted(old.keys() & new.keys()):
        built = name in built_new or name in built_old
        # A model that no operation reads or builds (e.g. only inside a webhook) is taken as read.
        read = name in read_new or name in read_old or not built
        yield from _field_changes(old[name], new[name], renames, built, read)


def _field_changes(
    x: Model, y: Model, renames: Mapping[str, str], built: bool, read: bool
) -> Iterator[Change]:
    model = f"models.{y.name}"
    if (x.root is None) != (y.root is None) or (
        x.root and y.root and x.root.renamed(renames) != y.root
    ):
        yield _python(
            "model-field-type-changed",
            None,
            model,
            f"{x.root or 'fields'} → {y.root or 'fields'}",
        )
    before, after = {f.name: f for f in x.fields}, {f.name: f for f in y.fields}
    for wire in sorted(before.keys() - after.keys()):
        yield _python(
            "model-field-removed",
            None,
            f"{model}.{before[wire].py_name}",
            "field removed",
        )
    for wire in sorted(after.keys() - before.keys()):
        g = after[wire]
        kind = (
            "required-model-field-added"
            if g.required and built
            else "model-field-added"
        )
        yield _python(kind, None, f"{model}.{g.py_name}", _written(g))
    for wire in sorted(before.keys() & after.keys()):
        f, g = before[wire], after[wire]
        t, u = f.type.renamed(renames), g.type
        at = f"{model}.{g.py_name}"
        detail = f"{_written(f)} → {_written(g)}"
        if f.py_name != g.py_name or t.or_none() != u.or_none():
            yield _python("model-field-type-changed", None, at, detail)
        elif f.required and not g.required or t != u and u == u.or_none():
            # Now `T | None`: code reading it must handle None; code building it may leave it out.
            yield _python(
                (
                    "model-field-became-optional"
                    if read
                    else "request-model-field-became-optional"
                ),
                None,
                at,
                detail,
            )
        elif g.required and not f.required or t != u:
            kind = (
                "model-field-became-required"
                if built
                else "response-model-field-became-required"
            )
            yield _python(kind, None, at, detail)


def _written(f: ModelField) -> str:
    return f"{f.py_name}: {f.type}" + ("" if f.required else " = None")


# ---------------------------------------------------------------------------------------------
# Versions


def bump(report: Report, current_version: str, generator_changed: bool) -> str:
    """The package's next version: major when something breaks (wire or Python), minor when the API
    changed compatibly, patch when only the generator or runtime changed, the same when nothing did.
    """
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", current_version)
    if match is None:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {current_version!r}")
    major, minor, patch = map(int, match.groups())
    if report.breaking:
        return f"{major + 1}.0.0"
    if report.wire or report.python:
        return f"{major}.{minor + 1}.0"
    if generator_changed:
        return f"{major}.{minor}.{patch + 1}"
    return current_version


# ---------------------------------------------------------------------------------------------
# Loading versions to compare, and the published history


def load_api(
    source: str | Path, overlays: Sequence[Path] = (), *, sources: Sequence[Source] = ()
) -> Api:
    """The IR of one version of a document, from a path or URL, JSON or YAML, Swagger 2.0 or 3.x.

    It gets the configuration of the source with the same file name (so a historical version is
    repaired and named like the current one), then `overlays`.
    """
    name = str(source).rstrip("/").replace("\\", "/").rsplit("/", 1)[-1]
    configured = next((s for s in sources if s.file == name), None)
    return load_ir(
        source,
        package=configured.package if configured else snake(Path(name).stem, "api"),
        overlays=(*(configured.overlays if configured else ()), *overlays),
        rate_limit=configured.rate_limit if configured else None,
        client_parameters=configured.client_parameters if configured else None,
    )


def history_versions(folder: Path, document_name: str) -> list[tuple[date, Path]]:
    """`<folder>/<YYYY-MM-DD>/<document_name>`, oldest first; other folders are not versions."""
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        try:
            day = date.fromisoformat(entry.name)
        except ValueError:
            continue
        if (entry / document_name).is_file():
            found.append((day, entry / document_name))
    return sorted(found)


def diff_history(
    folder: Path,
    document_name: str,
    *,
    overlays: Sequence[Path] = (),
    sources: Sequence[Source] = (),
) -> list[tuple[date, Report]]:
    """Each published version against the one before it: (date of the newer one, report).

    Each version is loaded by `load_api`, so it gets the overlays configured for its file name.
    """
    if not folder.is_dir():
        raise SpecError(str(folder), "", "no such folder")
    found = history_versions(folder, document_name)
    versions = [load_api(path, overlays, sources=sources) for _, path in found]
    ids = [identity(path, api) for (_, path), api in zip(found, versions, strict=False)]
    return [
        (day, replace(diff(a, b), old=i, new=j))
        for (day, _), a, b, i, j in zip(
            found[1:], versions, versions[1:], ids, ids[1:], strict=False
        )
    ]


# ---------------------------------------------------------------------------------------------
# Formats


def render_json(report: Report) -> str:
    """One JSON object, keys sorted: the same report always gives the same bytes."""
    return json.dumps(report.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)


def summary(report: Report) -> str:
    """One line: distinct changes, how many break, and the version part to raise."""
    if not (report.wire or report.python):
        return "no changes (bump: none)"
    breaking = sum(c.breaking for c in (*report.wire, *report.python))
    return (
        f"{len(report.wire)} wire change(s), {len(report.python)} Python change(s), "
        f"{breaking} breaking (bump: {report.bump})"
    )


def _rows(report: Report) -> list[tuple[str, str, str, str, str]]:
    """(side, flag, kind, where, detail) per change, breaking ones first within each side."""
    return [
        (side, "breaking" if c.breaking else "", c.kind, where(c), c.detail)
        for side, changes in (("wire", report.wire), ("python", report.python))
        for c in changes
    ]


def render_text(report: Report) -> RenderableType:
    """Rich tables for a terminal: print the result through a rich Console."""
    verdict = Text(
        summary(report), style="bold red" if report.breaking else "bold green"
    )
    parts: list[RenderableType] = [verdict]
    for title, side in (("Wire (HTTP API)", "wire"), ("Python client", "python")):
        rows = [r for r in _rows(report) if r[0] == side]
        if not rows:
            continue
        table = Table(title=title, title_justify="left")
        table.add_column("", no_wrap=True)
        for column in ("kind", "where", "detail"):
            table.add_column(
                column, overflow="fold"
            )  # long paths wrap rather than being cut
        for _, flag, kind, where, detail in rows:
            # Text cells: details hold `[...]`, which rich would otherwise read as markup.
            table.add_row(
                Text(flag, style="red"), Text(kind), Text(where), Text(detail)
            )
        parts.append(table)
    return Group(*parts)


def render_plain(report: Report) -> str:
    """The text format where the output is not a terminal (CI logs, files): one line per change,
    columns aligned, nothing wrapped or cut."""
    rows = [("side", "", "kind", "where", "detail"), *_rows(report)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [summary(report)]
    lines += (
        [
            "  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths, strict=False))
            + "  "
            + r[4]
            for r in rows
        ]
        if len(rows) > 1
        else []
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def render_markdown(
    report: Report, heading: str = "###", *, suggest: bool = True
) -> str:
    """Release notes: "Breaking changes", "Additions" and "Other changes", API and Python together,
    one item per distinct change, after the suggested version bump (unless `suggest` is False: a
    changelog entry is headed by the version it chose)."""
    changes = [("API", c) for c in report.wire] + [("Python", c) for c in report.python]
    sections = {
        "Breaking changes": [(side, c) for side, c in changes if c.breaking],
        "Additions": [
            (side, c)
            for side, c in changes
            if not c.breaking and c.kind.endswith("-added")
        ],
        "Other changes": [
            (side, c)
            for side, c in changes
            if not c.breaking and not c.kind.endswith("-added")
        ],
    }
    lines: list[str] = []
    for title, items in sections.items():
        if items:
            lines += [f"{heading} {title}", ""]
            lines += [_markdown_item(side, c) for side, c in items]
            lines.append("")
    if not lines:
        return "No changes to the API or the Python client.\n"
    suggestion = [f"Suggested version bump: **{report.bump}**.", ""] if suggest else []
    return "\n".join([*suggestion, *lines])


def where(c: Change) -> str:
    """The location, and the operations unless the location only repeats the one operation's
    path."""
    if len(c.operations) == 1 and c.operations[0].endswith(f" {c.location}"):
        return c.operations[0]
    ops = f" ({', '.join(c.operations)})" if c.operations else ""
    return c.location + ops


def _markdown_item(side: str, c: Change) -> str:
    if len(c.operations) == 1 and c.operations[0].endswith(f" {c.location}"):
        where = f"`{c.operations[0]}`"
    else:
        where = f"`{c.location}`" + (
            " in " + ", ".join(f"`{o}`" for o in c.operations) if c.operations else ""
        )
    python = f" (Python: {', '.join(f'`{p}`' for p in c.python)})" if c.python else ""
    return f"- {side}: {where}: {_escape(c.detail)}{python} ({c.kind})"


def _escape(text: str) -> str:
    # Underscores stay: CommonMark never reads them as emphasis inside a name like `warn_after_ms`.
    return re.sub(r"([\\`*\[\]<>|#])", r"\\\1", text)

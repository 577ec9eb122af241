"""Check an OpenAPI 3.0/3.1 document, reporting every problem with a JSON pointer.

openapi-spec-validator does the checking against the specification. Two things the rest of
the generator relies on are checked here, because the validator reports them without a location
or not at all: parameters are unique per (location, name) in each list (header names ignore case),
and path templates and path parameters match one for one (a template naming `{id}` twice
cannot be called). Server URL templates must use exactly the variables they declare, because
the runtime fills them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any
from urllib.parse import unquote

import jsonschema_rs
from jsonschema.exceptions import ValidationError  # type: ignore[import-untyped]
from jsonschema_path import SchemaPath
from lazy_object_proxy import Proxy  # type: ignore[import-untyped]
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v30, schema_v31
from openapi_spec_validator.schemas.backend.jsonschema import (
    create_validator as create_jsonschema_validator,
)
from openapi_spec_validator.validation.exceptions import (
    ParameterDuplicateError,
    UnresolvableParameterError,
)
from openapi_spec_validator.validation.keywords import KeywordValidator, PathsValidator
from openapi_spec_validator.validation.validators import SpecValidator

from amperity_codegen.document.load import MAX_DEPTH
from amperity_codegen.document.tree import check_refs, deref, resolve_ref
from amperity_codegen.errors import SpecError, pointer, raise_all

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
MAX_MESSAGE = 240


def validate(doc: dict[str, Any], document: str) -> None:
    """Raise SpecErrors listing every problem in `doc`; return quietly when it is valid."""
    # Before the validator sees it: the validator would otherwise fetch an outside reference.
    check_refs(doc, document)
    validator = _validator_for(doc, document)
    problems = _shape_problems(validator, doc, document)
    objects = list(_objects(doc))
    # Before the validator's walk, which recurses forever on them.
    cycles = list(_cycle_problems(doc, objects, document))
    # The validator's walk checks each schema again, against its own meta-schema: one mistake
    # would be reported twice, so what lies where a shape problem was reported is dropped.
    shapes = [p.pointer for p in problems]
    problems += [
        p
        for p in _semantic_problems(
            validator, document, shape_ok=not problems and not cycles
        )
        if not any(p.pointer == s or p.pointer.startswith(s + "/") for s in shapes)
    ]
    problems += cycles
    problems += _enum_problems(objects, document)
    problems += _parameter_problems(doc, document)
    problems += _server_problems(doc, document)
    problems += _discriminator_problems(doc, objects, document)
    unique = {(p.pointer, p.message): p for p in problems}
    raise_all(list(unique.values()))


def _shape_problems(
    validator: SpecValidator, doc: dict[str, Any], document: str
) -> list[SpecError]:
    """The document against the specification's JSON Schema.

    The validator's pass (jsonschema, in Python) locates every problem but takes seconds on a
    large document; jsonschema-rs (Rust) tells valid from invalid in milliseconds. So only a
    document jsonschema-rs finds invalid is walked in Python, which words the report.
    """
    if validator.fast_validator.is_valid(doc):  # type: ignore[attr-defined]  # ours, below
        return []
    return [
        p
        for err in validator.schema_validator.iter_errors(doc)
        for p in _problems(document, err)
    ]


def _fast_validator(schema: Any) -> Any:
    # Formats unchecked, as in the Python pass: the verdicts must agree.
    return jsonschema_rs.validator_for(dict(schema), validate_formats=False)


def _validator_for(doc: dict[str, Any], document: str) -> SpecValidator:
    version = doc.get("openapi")
    if not isinstance(version, str):
        found = (
            "Swagger 2.0 (upgrade it first)"
            if "swagger" in doc
            else "no `openapi` version"
        )
        raise SpecError(
            document, "", f"expected an OpenAPI 3.0 or 3.1 document, found {found}"
        )
    if re.fullmatch(r"3\.0\.\d+", version):
        return _LocatedV30(doc)
    if re.fullmatch(r"3\.1\.\d+", version):
        return _LocatedV31(doc)
    raise SpecError(
        document,
        "/openapi",
        f"unsupported OpenAPI version {version!r}: expected 3.0.x or 3.1.x",
    )


def _located(cls: type[KeywordValidator], keyword: str) -> type[KeywordValidator]:
    """`cls`, with the errors it yields placed at the document location it was checking.

    The validator's semantic errors carry no path of their own; each keyword validator is called
    with the SchemaPath it checks, and the innermost one to see an error knows where it is.
    """

    class Located(cls):  # type: ignore[valid-type,misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            for err in super().__call__(*args, **kwargs):
                if where is not None and not hasattr(err, "located_at"):
                    # A `default` error's path is inside the default value of the schema checked.
                    inner = ("default",) if keyword == "default" else ()
                    err.located_at = (*where.parts, *inner, *err.path)
                yield err

    Located.__name__ = cls.__name__
    return Located


class _PathsValidator(PathsValidator):
    """The validator's, minus its crash on an `x-` extension in `paths` (taken for a path)."""

    def __call__(self, paths: SchemaPath) -> Iterator[ValidationError]:
        for url, path_item in paths.items():
            if isinstance(url, str) and not url.startswith("x-"):
                yield from self.path_validator(url, path_item)


class _SeenIds(list[int]):
    """A list of ids whose `in` is a set lookup.

    The validator's schema walk remembers the schemas it has seen in lists, and searches them
    at every schema: quadratic, and most of the time spent validating a large document (13 s
    of 14 for 1,800 schemas).
    """

    def __init__(self) -> None:
        super().__init__()
        self._set: set[int] = set()

    def append(self, item: int) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _with_seen_sets(cls: type[KeywordValidator]) -> type[KeywordValidator]:
    class SeenSets(cls):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.visited_schema_ids = _SeenIds()
            self.meta_checked_schema_ids = _SeenIds()

    SeenSets.__name__ = cls.__name__
    return SeenSets


def _keywords(validator: type[SpecValidator]) -> dict[str, type[KeywordValidator]]:
    keywords = {**validator.keyword_validators, "paths": _PathsValidator}
    keywords["schema"] = _with_seen_sets(keywords["schema"])
    return {k: _located(v, k) for k, v in keywords.items()}


# The jsonschema backend always, for the located report: with jsonschema-rs installed, the
# validator would otherwise pick it, whose errors carry no keyword to word a message from.
class _LocatedV30(OpenAPIV30SpecValidator):
    keyword_validators = _keywords(OpenAPIV30SpecValidator)
    schema_validator = Proxy(partial(create_jsonschema_validator, schema_v30))
    fast_validator = Proxy(partial(_fast_validator, schema_v30))


class _LocatedV31(OpenAPIV31SpecValidator):
    keyword_validators = _keywords(OpenAPIV31SpecValidator)
    schema_validator = Proxy(partial(create_jsonschema_validator, schema_v31))
    fast_validator = Proxy(partial(_fast_validator, schema_v31))


def _semantic_problems(
    validator: SpecValidator, document: str, *, shape_ok: bool
) -> list[SpecError]:
    problems = []
    try:
        for err in validator.root_validator(validator.schema_path):
            # Reported by our own checks with the exact parameter or path, and for more cases.
            if not isinstance(
                err, (ParameterDuplicateError, UnresolvableParameterError)
            ):
                problems += _problems(document, err)
    # The validator's walk assumes a well-formed document (it raises on a parameter without
    # `in`, or a path with a stray brace): the shape problems already reported explain that.
    except Exception as exc:  # noqa: BLE001
        if shape_ok:
            problems.append(
                SpecError(document, "", f"openapi-spec-validator failed: {exc!r}")
            )
    return problems


def _problems(document: str, err: ValidationError) -> list[SpecError]:
    leaves = _leaves(err)
    # "Valid under each of" two alternatives only follows from a missing field reported beside it.
    specific = [leaf for leaf in leaves if not _ambiguous(leaf)] or leaves
    return [_problem(document, leaf) for leaf in specific]


def _problem(document: str, err: ValidationError) -> SpecError:
    parts = getattr(err, "located_at", None) or tuple(err.absolute_path)
    if err.context:
        causes = dict.fromkeys(_message(e) for e in _all_leaves(err))
        message = "matches none of the allowed forms: " + "; ".join(causes)
    elif _ambiguous(err):
        message = "matches more than one of the allowed forms"
    else:
        message = _message(err)
    return SpecError(document, pointer(*parts), _shorten(message))


def _leaves(err: ValidationError) -> list[ValidationError]:
    """The specific errors under a oneOf/anyOf failure, when one alternative is clearly meant.

    Most OpenAPI objects may also be a Reference Object, so every mistake first fails as
    "not valid under any of the given schemas"; the alternative that only misses `$ref` is not
    the one the author meant.
    """
    if not err.context:
        return [err]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [
        errs for errs in branches.values() if not all(_only_misses_ref(e) for e in errs)
    ]
    if len(meant) != 1:
        return [err]
    return [leaf for sub in meant[0] for leaf in _leaves(sub)]


def _all_leaves(err: ValidationError) -> Iterator[ValidationError]:
    if not err.context:
        yield err
    for sub in err.context or ():
        if not _only_misses_ref(sub):
            yield from _all_leaves(sub)


def _ambiguous(err: ValidationError) -> bool:
    return bool(err.validator == "oneOf" and not err.context)


def _only_misses_ref(err: ValidationError) -> bool:
    return bool(
        err.validator == "required" and err.message == "'$ref' is a required property"
    )


def _message(err: ValidationError) -> str:
    return " ".join(str(err.message).split())


def _shorten(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


_TEMPLATE_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _template_names(template: str) -> list[str] | None:
    """The variables of a path or server URL template in order, or None when braces do not pair."""
    rest = _TEMPLATE_VARIABLE.sub("", template)
    if "{" in rest or "}" in rest:
        return None
    return _TEMPLATE_VARIABLE.findall(template)


def _parameter_problems(doc: dict[str, Any], document: str) -> Iterator[SpecError]:
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict) or path.startswith("x-"):
            continue
        at_path = ("paths", path)
        names = _template_names(path)
        if names is None:
            yield SpecError(
                document, pointer(*at_path), "unbalanced braces in the path template"
            )
            continue
        for name in sorted({n for n in names if names.count(n) > 1}):
            yield SpecError(
                document,
                pointer(*at_path),
                f"the path template names {{{name}}} more than once: each path parameter needs "
                "its own name",
            )
        shared = list(_parameters(doc, item, at_path))
        yield from _duplicates(shared, document)
        for method in OPERATIONS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            at_op = (*at_path, method)
            own = list(_parameters(doc, operation, at_op))
            yield from _duplicates(own, document)
            # An operation's parameter replaces a path-level one of the same (in, name).
            keys = {_key(p) for _, p in own}
            effective = [(at, p) for at, p in shared if _key(p) not in keys] + own
            declared = {p["name"]: at for at, p in effective if p["in"] == "path"}
            for name in dict.fromkeys(names):
                if name not in declared:
                    yield SpecError(
                        document,
                        pointer(*at_op),
                        f"path template variable {{{name}}} has no path parameter",
                    )
            for name, at in declared.items():
                if name not in names:
                    yield SpecError(
                        document,
                        pointer(*at),
                        f"path parameter {name!r} is not in the path template {path!r}",
                    )


def _parameters(
    doc: dict[str, Any], owner: dict[str, Any], at: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Each well-formed parameter of a path item or operation, references resolved, with its
    location."""
    params = owner.get("parameters")
    if not isinstance(params, list):
        return
    for i, param in enumerate(params):
        try:
            param = deref(doc, param)
        except LookupError:
            continue  # reported by check_refs
        if (
            isinstance(param, dict)
            and isinstance(param.get("name"), str)
            and isinstance(param.get("in"), str)
        ):
            yield (*at, "parameters", i), param


def _key(param: dict[str, Any]) -> tuple[str, str]:
    # HTTP header names are case-insensitive: `Api-Version` and `api-version` are one header.
    name: str = param["name"]
    return param["in"], name.lower() if param["in"] == "header" else name


def _duplicates(
    params: list[tuple[tuple[str | int, ...], dict[str, Any]]], document: str
) -> Iterator[SpecError]:
    first: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for at, param in params:
        key = _key(param)
        if key in first:
            yield SpecError(
                document,
                pointer(*at),
                f"duplicate {param['in']} parameter {param['name']!r} (first declared at "
                f"{pointer(*first[key])})",
            )
        else:
            first[key] = at


def _server_problems(doc: dict[str, Any], document: str) -> Iterator[SpecError]:
    for at, server in _servers(doc):
        url, variables = server.get("url"), server.get("variables") or {}
        if not isinstance(url, str) or not isinstance(variables, dict):
            continue  # the validator reports the wrong shape
        names = _template_names(url)
        if names is None:
            yield SpecError(
                document,
                pointer(*at, "url"),
                f"unbalanced braces in the server URL {url!r}",
            )
            continue
        for name in dict.fromkeys(names):
            if name not in variables:
                yield SpecError(
                    document,
                    pointer(*at, "url"),
                    f"server URL variable {{{name}}} is not declared",
                )
        for name in variables:
            if name not in names:
                yield SpecError(
                    document,
                    pointer(*at, "variables", name),
                    f"server variable {name!r} is declared but the URL {url!r} does not use it as "
                    f"{{{name}}}",
                )


def _servers(
    doc: dict[str, Any],
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Each server object: document-wide, per path item and per operation."""
    owners: list[tuple[tuple[str | int, ...], Any]] = [((), doc)]
    paths = doc.get("paths")
    if isinstance(paths, dict):
        for path, item in paths.items():
            if isinstance(item, dict) and not path.startswith("x-"):
                owners.append((("paths", path), item))
                owners += [
                    (("paths", path, m), item[m])
                    for m in OPERATIONS
                    if isinstance(item.get(m), dict)
                ]
    for at, owner in owners:
        servers = owner.get("servers")
        if isinstance(servers, list):
            for i, server in enumerate(servers):
                if isinstance(server, dict):
                    yield (*at, "servers", i), server


# Keywords whose values are literal data, not schemas: nothing under them is walked.
_LITERAL = ("example", "examples", "default", "enum", "const")
# A mypy Literal[...] holds no integer beyond this (-2**63 is an expression, not a literal).
_MAX_LITERAL_INT = 2**63 - 1


def _objects(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each object of the document outside literal data, with its JSON pointer."""
    # `pointer`'s escaping inlined: this walk visits every node of a large document (250,000
    # objects in GitHub's), and validate() makes it once for all its checks.
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:
        at, node = stack.pop()
        if isinstance(node, dict):
            yield at, node
            stack.extend(
                (f"{at}/{str(k).replace('~', '~0').replace('/', '~1')}", v)
                for k, v in node.items()
                if k not in _LITERAL and not str(k).startswith("x-")
            )
        elif isinstance(node, list):
            stack.extend((f"{at}/{i}", v) for i, v in enumerate(node))


_Objects = list[tuple[str, dict[str, Any]]]


def _enum_problems(objects: _Objects, document: str) -> Iterator[SpecError]:
    for at, node in objects:
        values = node.get("enum")
        for i, value in enumerate(values if isinstance(values, list) else []):
            if (
                isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) > _MAX_LITERAL_INT
            ):
                yield SpecError(
                    document,
                    at + pointer("enum", i),
                    "an integer enum value must fit in 64 bits (±(2**63 - 1))",
                )


# Subschema keywords along which a schema can contain itself with no property in between.
_UNNAMED = {
    "allOf": "allOf, anyOf, oneOf, not or items",
    "items": "items",
}


def _cycle_problems(
    doc: dict[str, Any], objects: _Objects, document: str
) -> Iterator[SpecError]:
    """Schemas that contain themselves other than through a property.

    From an `allOf`, openapi-spec-validator follows allOf/anyOf/oneOf/not/items without end;
    an array whose items are the array itself has no Python type.
    """
    for start, keywords in (
        ("allOf", ("allOf", "anyOf", "oneOf", "not", "items")),
        ("items", ("items",)),
    ):
        message = (
            f"the schema contains itself through {_UNNAMED[start]} alone: "
            "put the recursion under `properties`"
        )
        state: dict[str, bool] = (
            {}
        )  # False while on the current path, True once explored
        for root, node in objects:
            if start not in node or root in state:
                continue
            state[root] = False
            stack = [(root, _subschemas(doc, root, node, keywords))]
            while stack:
                here, edges = stack[-1]
                step = next(edges, None)
                if step is None:
                    state[here] = True
                    stack.pop()
                    continue
                via, there, schema = step
                if there not in state:
                    state[there] = False
                    stack.append((there, _subschemas(doc, there, schema, keywords)))
                elif not state[there]:
                    yield SpecError(document, via, message)


def _subschemas(
    doc: dict[str, Any], at: str, node: dict[str, Any], keywords: tuple[str, ...]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where the edge is, the subschema's pointer, the subschema) along `keywords` or a `$ref`."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        try:
            target = resolve_ref(doc, ref)
        except LookupError:
            return  # reported by check_refs
        if isinstance(target, dict):
            yield at + "/$ref", unquote(ref[1:]), target
        return
    for key in keywords:
        value = node.get(key)
        subs = value if isinstance(value, list) else [value]
        for i, sub in enumerate(subs):
            if isinstance(sub, dict):
                where = (
                    at + pointer(key, i)
                    if isinstance(value, list)
                    else at + pointer(key)
                )
                yield where, where, sub


def _discriminator_problems(
    doc: dict[str, Any], objects: _Objects, document: str
) -> Iterator[SpecError]:
    """A discriminator of a oneOf/anyOf whose property some alternative does not declare: the
    specification requires it in each, and a model cannot tell the alternatives apart by it.
    """
    for at, node in objects:
        discriminator = node.get("discriminator")
        name = (
            discriminator.get("propertyName")
            if isinstance(discriminator, dict)
            else None
        )
        alternatives = node.get("oneOf", node.get("anyOf"))
        if not isinstance(name, str) or not isinstance(alternatives, list):
            continue
        for i, alternative in enumerate(alternatives):
            known = discriminator_properties(doc, alternative)
            if known is not None and name not in known:
                where = (
                    alternative.get("$ref") if isinstance(alternative, dict) else None
                )
                yield SpecError(
                    document,
                    at + "/discriminator",
                    f"the discriminator property {name!r} is not a property of "
                    f"{where or pointer('oneOf' if 'oneOf' in node else 'anyOf', i)}: each "
                    "alternative must declare it",
                )


def discriminator_properties(
    doc: dict[str, Any], schema: Any, depth: int = 0
) -> set[str] | None:
    """The property names `schema` declares, its allOf parts' included; None when it declares
    none at all (nothing to check)."""
    try:
        schema = deref(doc, schema)
    except LookupError:
        return None
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    found = (
        set(schema["properties"])
        if isinstance(schema.get("properties"), dict)
        else None
    )
    for part in (
        schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else []
    ):
        inner = discriminator_properties(doc, part, depth + 1)
        if inner is not None:
            found = (found or set()) | inner
    return found

"""A corpus of hostile and broken OpenAPI documents, built in code (a 50 MB file is not committed).

Each `Case` writes its document into a folder and says what the generator must do with it:
generate a package (`"generate"`), refuse it with a located message (`"error"`), or either.
Text meant to break out of a string literal or docstring carries code that would create the
case's marker file if it ever ran (while generating, or when the package is imported).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tests.support.documents import STABLE

Expect = Literal["generate", "error", "either"]
MARKER = "EXECUTED"  # created in the case's folder by any payload that runs


@dataclass(frozen=True)
class Case:
    name: str
    group: str  # the row of the figures table it counts in
    build: Callable[[Path], Path]  # writes the document into a folder; returns its path
    expect: Expect
    mentions: str = ""  # text the error message must contain (a JSON pointer, usually)
    fast: bool = True  # part of `make test`, not only `make reliability`
    overlays: tuple[Path, ...] = ()
    timeout: float = 300.0
    notes: str = field(default="", compare=False)


def code(marker: Path) -> str:
    """Python that, if it ever runs, leaves the marker behind."""
    return f"__import__('pathlib').Path({str(marker)!r}).touch()"


def payloads(marker: Path) -> dict[str, str]:
    """Texts that try every way out of a Python string literal, docstring, comment or template."""
    run = code(marker)
    return {
        "triple-double": f'"""; {run}; """',
        "triple-single": f"'''; {run}; '''",
        "double": f'"; {run}; "',
        "single": f"'; {run}; '",
        "escaped-quote": f'\\"""; {run} #',
        "backslash-end": "ends in a backslash \\",
        "line-separators": f"\u2028{run}\u2029{run}\x85{run}\x0c{run}",
        "newlines": f"line\n{run}\r\n{run}\r#",
        "jinja": "{{ cycler.__init__.__globals__.os.system('touch "
        + str(marker)
        + "') }}{% raw %}{# {%- endraw",
        "format": "{" + run + "} {0} %s %(x)s",
        "escapes": "\\N{BULLET} \\u0041 \\x41 \\0 \\",
        "controls": "\x00\x01\x1b[31m\x7f\ufeff",
        "unicode": "😀 ünïcödé \u202eRTL\u202c 𝔘𝔫𝔦",
        "markup": "`|`<script>alert(1)</script>]]> -->",
        "quotes": 'a"' * 3 + "a'" * 3,
        "long": "long " * 4000,
    }


def base_document() -> dict[str, Any]:
    """A small valid document that exercises each kind of generated code: a paginated list,
    path, query and header parameters, a JSON body and named models."""
    ok = {"description": "ok"}

    def answer(ref: str) -> dict[str, Any]:
        return {
            "200": {**ok, "content": {"application/json": {"schema": {"$ref": ref}}}}
        }

    string = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Hostile",
            "version": "2024-04-01",
            "description": "A test API.",
        },
        "servers": [{"url": "https://example.test/api", "description": "test"}],
        "tags": [{"name": "items", "description": "Items."}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "tags": ["items"],
                    "summary": "List items",
                    "description": "Every item.",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {"name": "next_token", "in": "query", "schema": string},
                        {
                            "name": "state",
                            "in": "query",
                            "description": "The state.",
                            "example": "open",
                            "schema": {
                                "type": "string",
                                "enum": ["open", "closed"],
                                "default": "open",
                            },
                        },
                        {
                            "name": "X-Trace",
                            "in": "header",
                            "description": "A trace id.",
                            "schema": string,
                        },
                    ],
                    "responses": answer("#/components/schemas/ItemList"),
                },
                "post": {
                    "operationId": "createItem",
                    "tags": ["items"],
                    "summary": "Create an item",
                    "requestBody": {
                        "required": True,
                        "description": "The item.",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/NewItem"}
                            }
                        },
                    },
                    "responses": answer("#/components/schemas/Item"),
                },
            },
            "/items/{item-id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ["items"],
                    "summary": "Get an item",
                    "parameters": [
                        {
                            "name": "item-id",
                            "in": "path",
                            "required": True,
                            "description": "The item's id.",
                            "schema": {
                                "type": "string",
                                "default": "it-1",
                                "example": "it-1",
                            },
                        }
                    ],
                    "responses": answer("#/components/schemas/Item"),
                }
            },
        },
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "description": "An item.",
                    "required": ["id"],
                    "properties": {
                        "id": {
                            "type": "string",
                            "description": "Its id.",
                            "example": "it-1",
                        },
                        "state": {
                            "type": "string",
                            "enum": ["open", "closed"],
                            "default": "open",
                        },
                        "detail": {
                            "type": "object",
                            "description": "Nested.",
                            "properties": {
                                "note": {"type": "string", "description": "A note."}
                            },
                        },
                    },
                },
                "NewItem": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {
                            "type": "string",
                            "description": "Its name.",
                            "default": "thing",
                        },
                        "size": {"type": "integer", "description": "Its size."},
                    },
                },
                "ItemList": {
                    "type": "object",
                    "properties": {
                        "data": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Item"},
                        },
                        "next_token": string,
                        "total": {"type": "integer"},
                    },
                },
            }
        },
    }


def write_json(folder: Path, doc: Any, name: str = "openapi.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def write_text(folder: Path, text: str, name: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- code in every piece of text ---------------------------------------------------------------


def with_text(text: str) -> dict[str, Any]:
    """The base document with `text` in every title, summary, description, enum value, default,
    example, tag, server and media description; and in a property and a parameter name.
    """
    doc = base_document()
    doc["info"].update(title=text, description=text, version=f"1{text}")
    doc["servers"][0]["description"] = text
    doc["tags"] = [{"name": text, "description": text}]
    for item in doc["paths"].values():
        for op in item.values():
            op.update(summary=text, description=text, tags=[text])
            for param in op.get("parameters", []):
                param["description"] = text
                param["example"] = text
                schema = param["schema"]
                if schema.get("type") == "string":
                    schema["default"] = text
                if "enum" in schema:
                    schema["enum"] = [text, "closed"]
            if "requestBody" in op:
                op["requestBody"]["description"] = text
            for answer in op["responses"].values():
                answer["description"] = text
    doc["paths"]["/items"]["get"]["parameters"].append(
        {
            "name": f"q{text}",
            "in": "query",
            "description": text,
            "schema": {"type": "string"},
        }
    )
    schemas = doc["components"]["schemas"]
    for schema in schemas.values():
        schema.update(description=text, title=text, example={"id": text})
        for prop in schema["properties"].values():
            prop["description"] = text
            if (
                prop.get("type") == "string"
            ):  # the validator checks a default against its type
                prop.update(default=text, example=text)
    schemas["Item"]["properties"]["state"]["enum"] = [text, "closed"]
    schemas["Item"]["properties"][text] = {
        "type": "string",
        "description": text,
        "enum": [text],
    }
    schemas["Item"]["properties"]["detail"]["properties"]["note"]["pattern"] = (
        re.escape(text)
    )
    schemas[f"{text}Name"] = {"type": "string", "description": text, "enum": [text]}
    return doc


def text_cases() -> list[Case]:
    def every(folder: Path) -> Path:
        return write_json(
            folder, with_text("".join(payloads(folder / MARKER).values()))
        )

    def some(names: tuple[str, ...]) -> Callable[[Path], Path]:
        return lambda folder: write_json(
            folder, with_text("".join(payloads(folder / MARKER)[n] for n in names))
        )

    # All of them at once in `make test`; in groups too, so that one refused text hides no other.
    groups = {
        "quotes": (
            "triple-double",
            "triple-single",
            "double",
            "single",
            "escaped-quote",
            "backslash-end",
            "quotes",
        ),
        "line-breaks": ("line-separators", "newlines", "controls"),
        "templates": ("jinja", "format", "escapes", "markup"),
        "unicode-and-length": ("unicode", "long"),
    }
    assert {n for g in groups.values() for n in g} == set(payloads(Path("x")))
    cases = [Case("text-every-payload", "code in text", every, "generate")]
    cases += [
        Case(f"text-{name}", "code in text", some(group), "generate", fast=False)
        for name, group in groups.items()
    ]
    return cases


# -- names ------------------------------------------------------------------------------------

HOSTILE_NAMES = [
    # keywords and soft keywords
    *[
        "class",
        "def",
        "None",
        "True",
        "False",
        "import",
        "lambda",
        "match",
        "case",
        "type",
        "_",
    ],
    # builtins and what generated modules import or define
    *[
        "list",
        "dict",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "id",
        "object",
        "print",
        "Exception",
    ],
    *[
        "date",
        "datetime",
        "Any",
        "Literal",
        "NoneType",
        "Request",
        "Endpoint",
        "SyncPage",
        "Field",
    ],
    *[
        "BaseModel",
        "RootModel",
        "Annotated",
        "annotations",
        "models",
        "errors",
        "client",
        "self",
    ],
    *[
        "model_config",
        "model_fields",
        "model_dump",
        "schema",
        "json",
        "copy",
        "_response_info",
    ],
    # dunders
    *[
        "__init__",
        "__class__",
        "__dict__",
        "__import__",
        "__builtins__",
        "__getattr__",
        "__slots__",
    ],
    # not identifiers, empty, very long
    *[
        "1abc",
        "a-b c",
        "💥",
        "$",
        "@type",
        "a.b",
        "名前",
        "",
        "x" * 300,
        "a/b",
        "{x}",
        "a\nb",
    ],
    # the same after snake_casing
    *["fooBar", "foo_bar", "foo-bar", "FooBar", "FOO_BAR", "foo bar"],
    # what the client and its resources already use
    *[
        "close",
        "request",
        "with_options",
        "tenant",
        "timeout",
        "base_url",
        "max_retries",
        "rate_limit",
    ],
    *[
        "Amperity",
        "AsyncAmperity",
        "APIResource",
        "Paginator",
        "SyncAPIClient",
        "Async Items",
        "body",
    ],
]


def names_document() -> dict[str, Any]:
    """Every hostile name as a schema, a property, a tag, an operation id and a query parameter;
    `client`, `self` and `body` as parameters; the same name in the path and the query.
    """
    doc = base_document()
    string = {"type": "string"}
    schemas = doc["components"]["schemas"]
    schemas["Names"] = {
        "type": "object",
        "properties": {n: string for n in HOSTILE_NAMES},
    }
    for i, name in enumerate(HOSTILE_NAMES):
        schemas[name or "empty"] = {
            "type": "object",
            "properties": {"v": string, name: {"type": "integer"}},
        }
        answer = {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Names"}
                    }
                },
            }
        }
        fixed = {"id", "client", "self", "body", "models"}
        params = [
            {"name": "id", "in": "path", "required": True, "schema": string},
            {"name": "id", "in": "query", "schema": string},
            {"name": "client", "in": "query", "schema": string},
            {"name": "self", "in": "query", "required": True, "schema": string},
            {"name": "body", "in": "query", "schema": string},
            {"name": "models", "in": "header", "schema": string},
        ]
        if name not in fixed and name:
            params.append({"name": name, "in": "query", "schema": string})
        doc["paths"][f"/n{i}/{{id}}"] = {
            "get": {
                "operationId": name,
                "tags": [name],
                "parameters": params,
                "responses": answer,
            },
            "put": {
                "operationId": f"{name} ",  # the same Python name again, in the same tag
                "tags": [name],
                "parameters": params[:1],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "array", "items": string}
                        }
                    }
                },
                "responses": answer,
            },
            "post": {
                "operationId": f"post{name}",
                "tags": [name],
                "parameters": params[:1],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    n: string
                                    for n in ("self", "body", "models", name, "id")
                                },
                            }
                        }
                    }
                },
                "responses": answer,
            },
        }
    return doc


def name_cases() -> list[Case]:
    return [
        Case(
            "names-hostile",
            "names",
            lambda folder: write_json(folder, names_document()),
            "generate",
        )
    ]


# -- references -------------------------------------------------------------------------------


def with_schemas(
    schemas: dict[str, Any], answer: str = "#/components/schemas/A"
) -> dict[str, Any]:
    doc = base_document()
    doc["components"]["schemas"].update(schemas)
    doc["paths"]["/items/{item-id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"] = {"$ref": answer}
    return doc


def ref_cases() -> list[Case]:
    def doc(
        schemas: dict[str, Any], answer: str = "#/components/schemas/A"
    ) -> Callable[[Path], Path]:
        return lambda folder: write_json(folder, with_schemas(schemas, answer))

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    obj = {"type": "object", "properties": {"v": {"type": "string"}}}

    def outside(target: str) -> Callable[[Path], Path]:
        def build(folder: Path) -> Path:
            # Real files where the references point, so following one would succeed.
            (folder / "other.json").write_text(json.dumps({"A": obj}))
            (folder / "sub").mkdir()
            (folder / "sub" / "other.json").write_text(json.dumps({"A": obj}))
            return write_json(folder / "sub", with_schemas({"A": {"$ref": target}}))

        return build

    def with_param_cycle(folder: Path) -> Path:
        d = base_document()
        d["components"]["parameters"] = {"P": {"$ref": "#/components/parameters/P"}}
        d["paths"]["/items"]["get"]["parameters"].append(
            {"$ref": "#/components/parameters/P"}
        )
        return write_json(folder, d)

    cases = [
        Case(
            "ref-cycle-through-properties",
            "references",
            doc(
                {
                    "A": {**obj, "properties": {"b": ref("B")}},
                    "B": {**obj, "properties": {"a": ref("A")}},
                }
            ),
            "generate",
        ),
        Case(
            "ref-cycle-chain",
            "references",
            doc({"A": ref("B"), "B": ref("A")}),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-self",
            "references",
            doc({"A": ref("A")}),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-allof-self",
            "references",
            doc({"A": {"allOf": [ref("A")]}}),
            "error",
            "/components/schemas/A/allOf/0/$ref",
        ),
        Case(
            "ref-allof-cycle",
            "references",
            doc({"A": {"allOf": [ref("B")]}, "B": {"allOf": [obj, ref("A")]}}),
            "error",
            "/allOf/",
        ),
        Case(
            "ref-array-of-itself",
            "references",
            doc({"A": {"type": "array", "items": ref("A")}}),
            "error",
            "/components/schemas/A/items",
        ),
        Case(
            "ref-map-of-itself",
            "references",
            doc({"A": {"type": "object", "additionalProperties": ref("A")}}),
            "generate",
            fast=False,
        ),
        Case(
            "ref-oneof-itself",
            "references",
            doc(
                {
                    "A": {
                        "oneOf": [
                            {"type": "string"},
                            {"type": "array", "items": ref("A")},
                        ]
                    }
                }
            ),
            "either",
            fast=False,
        ),
        Case(
            "ref-parameter-cycle",
            "references",
            with_param_cycle,
            "error",
            "/components/parameters/P/$ref",
        ),
        Case(
            "ref-percent-encoded",
            "references",
            doc({"A B": obj}, "#/components/schemas/A%20B"),
            "generate",
            fast=False,
        ),
        Case(
            "ref-tilde-escaped",
            "references",
            doc({"a/b~c": obj}, "#/components/schemas/a~1b~0c"),
            "generate",
            fast=False,
        ),
        Case(
            "ref-into-a-schema",
            "references",
            doc(
                {
                    "A": {
                        **obj,
                        "properties": {
                            "v": {"type": "string"},
                            "w": {"$ref": "#/components/schemas/Item/properties/id"},
                        },
                    }
                }
            ),
            "generate",
            fast=False,
        ),
        Case(
            "ref-missing",
            "references",
            doc({"A": ref("Nope")}),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-local-file",
            "references",
            outside("../other.json#/A"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-sibling-file",
            "references",
            outside("other.json"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-outside-folder",
            "references",
            outside("../../../../etc/passwd"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-absolute-path",
            "references",
            outside("/etc/passwd"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-file-url",
            "references",
            outside("file:///etc/passwd"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-http-url",
            "references",
            outside("http://127.0.0.1:9/x.json#/A"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-https-url",
            "references",
            outside("https://example.com/schemas.json#/A"),
            "error",
            "/components/schemas/A/$ref",
        ),
        Case(
            "ref-network-path",
            "references",
            outside("//example.com/x.json"),
            "error",
            "/components/schemas/A/$ref",
        ),
        # Literal data that looks like a reference must be neither followed nor refused.
        Case(
            "ref-in-example",
            "references",
            doc({"A": {**obj, "example": {"$ref": "http://127.0.0.1:9/x.json"}}}),
            "generate",
        ),
        Case(
            "ref-in-extension",
            "references",
            doc({"A": {**obj, "x-see": {"$ref": "https://example.com/x.json"}}}),
            "generate",
            fast=False,
        ),
        Case(
            "ref-discriminator-url",
            "references",
            doc(
                {
                    "A": {
                        "oneOf": [ref("Item")],
                        "discriminator": {
                            "propertyName": "id",
                            "mapping": {"x": "https://example.com/x.json"},
                        },
                    }
                }
            ),
            "either",
            fast=False,
        ),
    ]
    return cases


# -- YAML -------------------------------------------------------------------------------------


def yaml_cases() -> list[Case]:
    def yaml_doc(body: Callable[[Path], str]) -> Callable[[Path], Path]:
        def build(folder: Path) -> Path:
            head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
            return write_text(folder, head + body(folder), "openapi.yaml")

        return build

    def bomb(_: Path) -> str:
        lines = [
            'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
        ]
        lines += [
            f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)
        ]
        return "x-bomb:\n" + "\n".join("  " + line for line in lines) + "\n"

    return [
        Case("yaml-alias-bomb", "YAML", yaml_doc(bomb), "error", "/x-bomb"),
        Case(
            "yaml-recursive-alias",
            "YAML",
            yaml_doc(lambda _: "x-loop: &a [*a]\n"),
            "error",
            "/x-loop",
        ),
        Case(
            "yaml-python-object",
            "YAML",
            yaml_doc(
                lambda f: f"x-run: !!python/object/apply:os.system ['touch {f / MARKER}']\n"
            ),
            "error",
            "/x-run",
        ),
        Case(
            "yaml-python-name",
            "YAML",
            yaml_doc(lambda _: "x-run: !!python/name:os.system\n"),
            "error",
            "/x-run",
            fast=False,
        ),
        Case(
            "yaml-binary-and-set",
            "YAML",
            yaml_doc(lambda _: "x-b: !!binary aGk=\nx-s: !!set {a}\n"),
            "error",
            "/x-",
            fast=False,
        ),
        Case(
            "yaml-long-number",
            "YAML",
            yaml_doc(lambda _: "x-n: " + "9" * 5000 + "\n"),
            "error",
            "",
            fast=False,
        ),
        Case(
            "yaml-merge-keys",
            "YAML",
            yaml_doc(lambda _: "x-base: &b {a: 1}\nx-m: {<<: *b, c: 2}\n"),
            "generate",
            fast=False,
        ),
    ]


# -- nesting and size -------------------------------------------------------------------------


def nested(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "description": "the bottom"}
    for i in reversed(range(levels)):
        schema = {
            "type": "object",
            "description": f"level {i}",
            "properties": {
                f"level{i}": schema,
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        }
    return schema


def arrays(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "array", "items": schema}
    return schema


def large_document(megabytes: int) -> dict[str, Any]:
    """About `megabytes` MB: operations with long descriptions (a fifth: they become docstrings),
    and embedded examples (the rest: every stage reads them, none writes them)."""
    doc = base_document()
    words = (
        "Amperity runs the workflow and reports its state; "
        "the quick brown fox jumps over the lazy dog. "
    )
    per_op = 250_000
    text = (words * (per_op // len(words) + 1))[:per_op]
    template = doc["paths"]["/items/{item-id}"]
    for i in range(megabytes * 1_000_000 // 5 // (2 * per_op)):
        item = copy.deepcopy(template)
        item["get"].update(
            operationId=f"getItem{i}", description=text, tags=[f"part {i % 20}"]
        )
        item["get"]["parameters"][0]["description"] = text
        doc["paths"][f"/parts/{i}/items/{{item-id}}"] = item
    row = {
        "id": "wf-20240603-12345-MNabc",
        "state": "succeeded",
        "name": "Daily refresh",
        "note": "x" * 40,
    }
    doc["x-examples"] = [
        dict(row, n=i)
        for i in range(megabytes * 1_000_000 * 4 // 5 // len(json.dumps(row)))
    ]
    return doc


def deep_arrays(levels: int) -> Callable[[Path], Path]:
    """Arrays of arrays, `levels` deep, written as text (json.dumps recurses once per level)."""

    def build(folder: Path) -> Path:
        text = json.dumps(with_schemas({"A": {"type": "object"}}))
        deep = (
            '{"type": "array", "items": ' * levels + '{"type": "string"}' + "}" * levels
        )
        return write_text(
            folder,
            text.replace('"A": {"type": "object"}', f'"A": {deep}'),
            "openapi.json",
        )

    return build


def shape_cases() -> list[Case]:
    def doc(schema: dict[str, Any]) -> Callable[[Path], Path]:
        return lambda folder: write_json(folder, with_schemas({"A": schema}))

    return [
        Case("nested-10-objects", "nesting and size", doc(nested(10)), "generate"),
        Case(
            "nested-10-arrays",
            "nesting and size",
            doc({"type": "object", "properties": {"a": arrays(10)}}),
            "generate",
            fast=False,
        ),
        Case(
            "nested-50-objects",
            "nesting and size",
            doc(nested(50)),
            "either",
            fast=False,
        ),
        Case(
            "nested-1000-levels",
            "nesting and size",
            deep_arrays(1000),
            "error",
            "nested",
        ),
        Case(
            "document-50-mb",
            "nesting and size",
            lambda folder: write_json(folder, large_document(50)),
            "generate",
            fast=False,
            timeout=600,
        ),
    ]


# -- broken input -----------------------------------------------------------------------------


def broken_cases() -> list[Case]:
    def raw(data: bytes, name: str = "openapi.json") -> Callable[[Path], Path]:
        def build(folder: Path) -> Path:
            (folder / name).write_bytes(data)
            return folder / name

        return build

    def changed(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
        def build(folder: Path) -> Path:
            d = base_document()
            change(d)
            return write_json(folder, d)

        return build

    def swagger_1(d: dict[str, Any]) -> None:
        del d["openapi"]
        d["swagger"] = "1.2"

    def stable_without_overlays(folder: Path) -> Path:
        return write_json(folder, json.loads(STABLE.read_text(encoding="utf-8")))

    return [
        Case("broken-empty-file", "broken input", raw(b""), "error"),
        Case("broken-not-json", "broken input", raw(b"{'openapi': 3"), "error"),
        Case("broken-binary", "broken input", raw(bytes(range(256)) * 4), "error"),
        Case(
            "broken-utf16",
            "broken input",
            raw(json.dumps(base_document()).encode("utf-16")),
            "error",
            fast=False,
        ),
        Case("broken-top-level-list", "broken input", raw(b"[1, 2]"), "error"),
        Case(
            "broken-duplicate-keys",
            "broken input",
            raw(b'{"openapi": "3.0.3", "openapi": "3.1.0"}'),
            "error",
            fast=False,
        ),
        Case(
            "broken-nan",
            "broken input",
            raw(b'{"openapi": "3.0.3", "x": NaN}'),
            "error",
            fast=False,
        ),
        Case(
            "broken-lone-surrogate",
            "broken input",
            raw(
                json.dumps(
                    with_schemas({"A": {"type": "string", "description": "\ud800"}})
                ).encode()
            ),
            "error",
            "/components/schemas/A/description",
        ),
        Case(
            "broken-long-integer",
            "broken input",
            raw(b'{"openapi": "3.0.3", "x-n": ' + b"1" * 5000 + b"}"),
            "error",
            fast=False,
        ),
        Case(
            "broken-huge-enum-integer",
            "broken input",
            changed(
                lambda d: d["components"]["schemas"]["Item"]["properties"].update(
                    n={"type": "integer", "enum": [10**30]}
                )
            ),
            "error",
            "/enum/0",
        ),
        Case(
            "broken-no-version",
            "broken input",
            changed(lambda d: d.pop("openapi")),
            "error",
        ),
        Case(
            "broken-swagger-1", "broken input", changed(swagger_1), "error", fast=False
        ),
        Case(
            "broken-paths-a-list",
            "broken input",
            changed(lambda d: d.update(paths=[1])),
            "error",
            "/paths",
            fast=False,
        ),
        Case(
            "broken-parameter-without-in",
            "broken input",
            changed(lambda d: d["paths"]["/items"]["get"]["parameters"][0].pop("in")),
            "error",
            "/paths/~1items/get/parameters/0",
            fast=False,
        ),
        Case(
            "broken-path-braces",
            "broken input",
            changed(lambda d: d["paths"].update({"/x/{id": {}})),
            "error",
            "/paths/~1x~1{id",
            fast=False,
        ),
        Case(
            "broken-two-path-ids",
            "broken input",
            changed(
                lambda d: d["paths"].update(
                    {
                        "/x/{id}/{id}": {
                            "get": {
                                "parameters": [
                                    {
                                        "name": "id",
                                        "in": "path",
                                        "required": True,
                                        "schema": {"type": "string"},
                                    }
                                ],
                                "responses": {"200": {"description": "ok"}},
                            }
                        }
                    }
                )
            ),
            "error",
            "/paths/~1x~1{id}~1{id}",
            fast=False,
        ),
        Case(
            "broken-stable-without-its-overlays",
            "broken input",
            stable_without_overlays,
            "error",
            "/servers/1",
            fast=False,
        ),
    ]


def cases() -> list[Case]:
    every = [
        *text_cases(),
        *name_cases(),
        *ref_cases(),
        *yaml_cases(),
        *shape_cases(),
        *broken_cases(),
    ]
    names = [c.name for c in every]
    assert len(names) == len(set(names)), "case names must be unique"
    return every

"""Swagger 2.0 → OpenAPI 3.0.3: the rules one by one, and losslessness on every published 2.0
document.

Losslessness is checked by `view`, written independently of the upgrade: it describes what a
document says (each operation's parameters keyed by location and name, request body, responses,
the named schemas; references resolved) in the same terms for both versions. An upgrade loses
nothing when both views are equal.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.document.validate import validate
from amperity_codegen.errors import SpecError

HISTORY = (
    Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi" / "history"
)
SWAGGER_DOCS = sorted(
    p for p in HISTORY.glob("*/*.json") if "swagger" in json.loads(p.read_text())
)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
Json = dict[str, Any]


# -- the semantic view ----------------------------------------------------------------------------


def view(doc: Json) -> Json:
    return _View2(doc).document() if "swagger" in doc else _View3(doc).document()


def extensions(obj: Json) -> Json:
    return {k: v for k, v in obj.items() if k.startswith("x-")}


class _View2:
    def __init__(self, doc: Json) -> None:
        self.doc = doc

    def document(self) -> Json:
        d = self.doc
        base = "" if d.get("basePath", "/") == "/" else d["basePath"]
        servers = (
            [f"{s}://{d['host']}{base}" for s in d.get("schemes", ["https"])]
            if "host" in d
            else []
        )
        return {
            "info": d.get("info"),
            "servers": servers,
            "top": {
                k: v
                for k, v in d.items()
                if k in ("tags", "security", "externalDocs") or k.startswith("x-")
            },
            "security": {
                n: self.security(s) for n, s in d.get("securityDefinitions", {}).items()
            },
            "schemas": {n: schema(s, 2) for n, s in d.get("definitions", {}).items()},
            "operations": self.operations(),
            "paths_extensions": extensions(d["paths"]),
        }

    def security(self, s: Json) -> Json:
        flows = {
            "implicit": "implicit",
            "password": "password",
            "application": "clientCredentials",
            "accessCode": "authorizationCode",
        }
        kind = {"basic": "http basic"}.get(s["type"], s["type"])
        out = {
            "kind": kind,
            "name": s.get("name"),
            "in": s.get("in"),
            "description": s.get("description"),
        }
        if s["type"] == "oauth2":
            out["flow"] = flows[s["flow"]]
            out["urls"] = [s.get("authorizationUrl"), s.get("tokenUrl")]
            out["scopes"] = s.get("scopes")
        return {**out, **extensions(s)}

    def param(self, p: Json) -> Json:
        ref = p.get("$ref")
        return self.doc["parameters"][ref.split("/")[-1]] if ref else p

    def operations(self) -> Json:
        out = {}
        for path, item in self.doc["paths"].items():
            if path.startswith("x-"):
                continue
            shared = {
                (q["in"], q["name"]): q
                for q in map(self.param, item.get("parameters", []))
            }
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                params = {
                    **shared,
                    **{
                        (q["in"], q["name"]): q
                        for q in map(self.param, op.get("parameters", []))
                    },
                }
                consumes = op.get(
                    "consumes", self.doc.get("consumes", ["application/json"])
                )
                produces = op.get(
                    "produces", self.doc.get("produces", ["application/json"])
                )
                out[f"{method.upper()} {path}"] = {
                    "fields": {
                        k: v
                        for k, v in op.items()
                        if k
                        not in (
                            "parameters",
                            "responses",
                            "consumes",
                            "produces",
                            "schemes",
                        )
                    },
                    "servers": (
                        [
                            f"{s}://{self.doc['host']}{self.doc.get('basePath', '')}"
                            for s in op["schemes"]
                        ]
                        if "schemes" in op
                        else None
                    ),
                    "parameters": {
                        k: self.value(q)
                        for k, q in params.items()
                        if q["in"] not in ("body", "formData")
                    },
                    "body": self.body(
                        [q for q in params.values() if q["in"] in ("body", "formData")],
                        consumes,
                    ),
                    "responses": {
                        c: self.response(r, produces)
                        for c, r in op["responses"].items()
                    },
                    "path_extensions": extensions(item),
                }
        return out

    def value(self, p: Json) -> Json:
        """A parameter or header: what it is and how it is sent."""
        fields = {
            k: v
            for k, v in p.items()
            if k
            not in (
                "name",
                "in",
                "description",
                "required",
                "collectionFormat",
                "allowEmptyValue",
            )
        }
        sent = None
        if p.get("type") == "array":
            fmt = p.get("collectionFormat", "csv")
            sent = {
                "csv": "comma",
                "multi": "repeated",
                "ssv": "space",
                "pipes": "pipe",
            }[fmt]
        return {
            "required": p.get("required", False),
            "description": p.get("description"),
            "example": p.get("x-example"),
            "schema": schema(
                {
                    k: v
                    for k, v in fields.items()
                    if not k.startswith("x-") or k == "x-nullable"
                },
                2,
            ),
            "sent": sent,
            "allowEmptyValue": (
                p.get("allowEmptyValue") if p.get("in") == "query" else None
            ),
            "extensions": {
                k: v
                for k, v in extensions(p).items()
                if k not in ("x-example", "x-nullable")
            },
        }

    def body(self, params: list[Json], consumes: list[str]) -> Json | None:
        if not params:
            return None
        if params[0]["in"] == "body":
            p = params[0]
            media = {"schema": schema(p["schema"], 2), "example": p.get("x-example")}
            return {
                "required": p.get("required", False),
                "description": p.get("description"),
                "name": p["name"],
                "content": {mt: media for mt in consumes},
            }
        fields = {
            p["name"]: {**self.value(p), "extensions": None, "allowEmptyValue": None}
            for p in params
        }
        types = (
            ["multipart/form-data"]
            if any(p.get("type") == "file" for p in params)
            else (
                [
                    t
                    for t in consumes
                    if t in ("application/x-www-form-urlencoded", "multipart/form-data")
                ]
                or ["application/x-www-form-urlencoded"]
            )
        )
        return {
            "required": any(p.get("required") for p in params),
            "description": None,
            "name": None,
            "content": {mt: {"fields": fields} for mt in types},
        }

    def response(self, r: Json, produces: list[str]) -> Json:
        if "$ref" in r:
            r = self.doc["responses"][r["$ref"].split("/")[-1]]
            produces = self.doc.get("produces", ["application/json"])
        examples = r.get("examples", {})
        content = None
        if "schema" in r or examples:
            content = {
                mt: {
                    "schema": schema(r["schema"], 2) if "schema" in r else None,
                    "example": examples.get(mt),
                }
                for mt in [*produces, *[m for m in examples if m not in produces]]
            }
        headers = {
            n: {**self.value(h), "required": None}
            for n, h in r.get("headers", {}).items()
        }
        return {
            "description": r.get("description"),
            "headers": headers,
            "content": content,
            **extensions(r),
        }


class _View3:
    def __init__(self, doc: Json) -> None:
        self.doc = doc
        self.components = doc.get("components", {})

    def resolve(self, obj: Json) -> Json:
        while "$ref" in obj:
            kind, name = obj["$ref"].split("/")[-2:]
            obj = self.components[kind][name]
        return obj

    def document(self) -> Json:
        d = self.doc
        return {
            "info": d.get("info"),
            "servers": [s["url"] for s in d.get("servers", [])],
            "top": {
                k: v
                for k, v in d.items()
                if k in ("tags", "security", "externalDocs") or k.startswith("x-")
            },
            "security": {
                n: self.security(s)
                for n, s in self.components.get("securitySchemes", {}).items()
            },
            "schemas": {
                n: schema(s, 3) for n, s in self.components.get("schemas", {}).items()
            },
            "operations": self.operations(),
            "paths_extensions": extensions(d["paths"]),
        }

    def security(self, s: Json) -> Json:
        kind = f"http {s['scheme']}" if s["type"] == "http" else s["type"]
        out = {
            "kind": kind,
            "name": s.get("name"),
            "in": s.get("in"),
            "description": s.get("description"),
        }
        if s["type"] == "oauth2":
            [(flow, f)] = s["flows"].items()
            out["flow"] = flow
            out["urls"] = [f.get("authorizationUrl"), f.get("tokenUrl")]
            out["scopes"] = f.get("scopes")
        return {**out, **extensions(s)}

    def operations(self) -> Json:
        out = {}
        for path, item in self.doc["paths"].items():
            if path.startswith("x-"):
                continue
            shared = {
                (q["in"], q["name"]): q
                for q in map(self.resolve, item.get("parameters", []))
            }
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                params = {
                    **shared,
                    **{
                        (q["in"], q["name"]): q
                        for q in map(self.resolve, op.get("parameters", []))
                    },
                }
                out[f"{method.upper()} {path}"] = {
                    "fields": {
                        k: v
                        for k, v in op.items()
                        if k
                        not in ("parameters", "responses", "requestBody", "servers")
                    },
                    "servers": (
                        [s["url"] for s in op["servers"]] if "servers" in op else None
                    ),
                    "parameters": {
                        k: self.value(q, q["in"]) for k, q in params.items()
                    },
                    "body": (
                        self.body(self.resolve(op["requestBody"]))
                        if "requestBody" in op
                        else None
                    ),
                    "responses": {
                        c: self.response(self.resolve(r))
                        for c, r in op["responses"].items()
                    },
                    "path_extensions": extensions(item),
                }
        return out

    @staticmethod
    def sent(style: str | None, explode: bool | None, location: str) -> str:
        style = style or {"query": "form", "cookie": "form", "formData": "form"}.get(
            location, "simple"
        )
        explode = (style == "form") if explode is None else explode
        return {
            ("form", False): "comma",
            ("simple", False): "comma",
            ("form", True): "repeated",
            ("spaceDelimited", False): "space",
            ("pipeDelimited", False): "pipe",
        }[(style, explode)]

    def value(self, p: Json, location: str) -> Json:
        s = p["schema"]
        return {
            "required": p.get("required", False),
            "description": p.get("description"),
            "example": p.get("example"),
            "schema": schema(s, 3),
            "sent": (
                self.sent(p.get("style"), p.get("explode"), location)
                if s.get("type") == "array"
                else None
            ),
            "allowEmptyValue": p.get("allowEmptyValue"),
            "extensions": extensions(p),
        }

    def body(self, b: Json) -> Json:
        content = {}
        for mt, media in b["content"].items():
            if mt in ("application/x-www-form-urlencoded", "multipart/form-data"):
                s, encoding = media["schema"], media.get("encoding", {})
                fields = {}
                for name, prop in s["properties"].items():
                    prop = dict(prop)
                    description, example = prop.pop("description", None), prop.pop(
                        "example", None
                    )
                    enc = encoding.get(name, {})
                    fields[name] = {
                        "required": name in s.get("required", []),
                        "description": description,
                        "example": example,
                        "schema": schema(prop, 3),
                        "allowEmptyValue": None,
                        "extensions": None,
                        "sent": (
                            self.sent(enc.get("style"), enc.get("explode"), "formData")
                            if prop.get("type") == "array"
                            else None
                        ),
                    }
                content[mt] = {"fields": fields}
            else:
                content[mt] = {
                    "schema": schema(media["schema"], 3),
                    "example": media.get("example"),
                }
        rest = {
            k: v for k, v in extensions(b).items() if k != "x-codegen-request-body-name"
        }
        return {
            "required": b.get("required", False),
            "description": b.get("description"),
            "name": b.get("x-codegen-request-body-name"),
            "content": content,
            **rest,
        }

    def response(self, r: Json) -> Json:
        content = None
        if "content" in r:
            content = {
                mt: {
                    "schema": schema(m["schema"], 3) if "schema" in m else None,
                    "example": m.get("example"),
                }
                for mt, m in r["content"].items()
            }
        headers = {
            n: {**self.value(h, "header"), "required": None}
            for n, h in r.get("headers", {}).items()
        }
        return {
            "description": r.get("description"),
            "headers": headers,
            "content": content,
            **extensions(r),
        }


def schema(s: Any, version: int) -> Any:
    """A schema in version-neutral terms: references by name, 2.0's extensions as 3.0 keywords."""
    if not isinstance(s, dict):
        return s
    out: Json = {}
    for key, value in s.items():
        if key == "$ref":
            out[key] = "schema:" + value.split("/", 3)[-1]
        elif key == "properties":
            out[key] = {n: schema(v, version) for n, v in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            out[key] = schema(value, version)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [schema(v, version) for v in value]
        elif version == 2 and key == "x-nullable":
            out["nullable"] = value
        elif version == 2 and key == "x-example" and "example" not in s:
            out["example"] = value
        elif version == 2 and key == "type" and value == "file":
            out.update(type="string", format="binary")
        elif version == 2 and key == "discriminator":
            out[key] = {"propertyName": value}
        elif version == 2 and key == "collectionFormat":
            continue
        else:
            out[key] = value
    if (
        version == 3
        and out.get("nullable")
        and len(out.get("allOf", [])) == 1
        and "$ref" in out["allOf"][0]
    ):
        out = {**out.pop("allOf")[0], **out}
    return out


def differences(a: Any, b: Any, at: str = "") -> list[str]:
    """Where two views differ, as readable paths (for assertion messages)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for k in dict.fromkeys([*a, *b])
            for d in differences(
                a.get(k, "<absent>"), b.get(k, "<absent>"), f"{at}/{k}"
            )
        ]
    return [] if a == b else [f"{at}: {a!r:.120} != {b!r:.120}"]


# -- every published Swagger 2.0 document ---------------------------------------------------------


def test_the_history_holds_swagger_documents() -> None:
    assert len(SWAGGER_DOCS) >= 9


@pytest.mark.parametrize(
    "path", SWAGGER_DOCS, ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_upgrading_a_published_document_loses_nothing(path: Path) -> None:
    original = json.loads(path.read_text())
    upgraded = upgrade(original, str(path))
    assert upgraded["openapi"] == "3.0.3" and "definitions" not in upgraded
    before, after = view(original), view(upgraded)
    assert len(before["operations"]) == sum(
        m in METHODS for item in original["paths"].values() for m in item
    )
    assert differences(before, after) == []


@pytest.mark.parametrize(
    "path", SWAGGER_DOCS, ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_an_upgraded_published_document_is_valid(path: Path) -> None:
    validate(upgrade(json.loads(path.read_text()), str(path)), str(path))


def drop_an_example(doc: Json) -> None:
    params = [
        p
        for item in doc["paths"].values()
        for op in item.values()
        for p in op.get("parameters", [])
    ]
    next(p for p in params if "example" in p).pop("example")


def test_the_view_notices_what_an_upgrade_could_lose() -> None:
    original = json.loads(SWAGGER_DOCS[-1].read_text())
    baseline = view(original)
    for damage in (
        lambda d: d["paths"]["/workflow/runs"]["get"]["parameters"].pop(),
        lambda d: d["paths"]["/workflow/runs"]["post"]["requestBody"].pop("required"),
        lambda d: d["paths"]["/workflow/runs"]["get"]["responses"]["200"]["content"][
            "application/json"
        ]["schema"].update({"$ref": "#/components/schemas/Workflow"}),
        lambda d: d["components"]["schemas"]["Workflow"]["properties"].popitem(),
        drop_an_example,
        lambda d: d["paths"]["/workflow/runs"]["get"]["responses"].pop("503"),
    ):
        damaged = upgrade(original)
        damage(damaged)
        assert differences(baseline, view(damaged)) != []


# -- the rules, on a document that uses them all ---------------------------------------------------


SWAGGER: Json = {
    "swagger": "2.0",
    "info": {"title": "Pets", "version": "1.0", "x-logo": {"url": "logo.png"}},
    "host": "api.example.com",
    "basePath": "/v1",
    "schemes": ["https", "http"],
    "consumes": ["application/json"],
    "produces": ["application/json"],
    "x-root": True,
    "tags": [{"name": "pets"}],
    "securityDefinitions": {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-vendor": 1},
        "oauth": {
            "type": "oauth2",
            "flow": "application",
            "tokenUrl": "https://auth/token",
            "scopes": {"read": "Read"},
        },
    },
    "security": [{"key": []}],
    "parameters": {
        "Limit": {"name": "limit", "in": "query", "type": "integer", "x-example": 10},
        "PetBody": {
            "name": "pet",
            "in": "body",
            "required": True,
            "schema": {"$ref": "#/definitions/Pet"},
        },
    },
    "responses": {
        "NotFound": {
            "description": "Not found",
            "schema": {"$ref": "#/definitions/Error"},
        }
    },
    "definitions": {
        "Pet": {
            "type": "object",
            "discriminator": "kind",
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string", "x-example": "dog"},
                "owner": {"$ref": "#/definitions/Owner", "x-nullable": True},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "photo": {"type": "file"},
                "x-note": {"type": "string"},
            },
            "x-internal": False,
        },
        "Owner": {
            "type": "object",
            "properties": {"name": {"type": "string", "x-nullable": True}},
        },
        "Tag": {"type": "string"},
        "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
    },
    "paths": {
        "x-paths-note": "kept",
        "/pets": {
            "get": {
                "operationId": "listPets",
                "tags": ["pets"],
                "x-op": "kept",
                "parameters": [
                    {"$ref": "#/parameters/Limit"},
                    {
                        "name": "ids",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "integer"},
                    },
                    {
                        "name": "tag",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "multi",
                    },
                    {
                        "name": "words",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "ssv",
                    },
                    {
                        "name": "bars",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "pipes",
                        "allowEmptyValue": True,
                    },
                    {
                        "name": "X-Trace",
                        "in": "header",
                        "type": "array",
                        "items": {"type": "string"},
                        "x-nullable": True,
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Pets",
                        "schema": {
                            "type": "array",
                            "items": {"$ref": "#/definitions/Pet"},
                        },
                        "headers": {
                            "X-Total": {
                                "type": "integer",
                                "description": "Count",
                                "x-example": 3,
                            }
                        },
                        "examples": {
                            "application/json": [{"kind": "dog"}],
                            "text/csv": "kind\ndog",
                        },
                        "x-resp": 1,
                    },
                    "404": {"$ref": "#/responses/NotFound"},
                },
            },
            "post": {
                "consumes": ["application/json", "application/xml"],
                "schemes": ["https"],
                "parameters": [{"$ref": "#/parameters/PetBody"}],
                "responses": {"201": {"description": "Created"}},
            },
        },
        "/pets/{id}": {
            "x-item": "kept",
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "type": "array",
                    "items": {"type": "string"},
                }
            ],
            "put": {
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    {
                        "name": "name",
                        "in": "formData",
                        "type": "string",
                        "required": True,
                        "description": "Name",
                        "x-example": "Rex",
                    },
                    {
                        "name": "ages",
                        "in": "formData",
                        "type": "array",
                        "items": {"type": "integer"},
                    },
                ],
                "responses": {"204": {"description": "Updated"}},
            },
            "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [{"name": "file", "in": "formData", "type": "file"}],
                "produces": ["image/png"],
                "responses": {
                    "200": {"description": "The image", "schema": {"type": "file"}}
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def upgraded() -> Json:
    return upgrade(SWAGGER, "pets.json")


def test_the_rich_document_upgrades_losslessly_and_validly(upgraded: Json) -> None:
    assert differences(view(SWAGGER), view(upgraded)) == []
    validate(upgraded, "pets.json")


def test_the_input_is_not_modified() -> None:
    before = copy.deepcopy(SWAGGER)
    upgrade(SWAGGER)
    assert SWAGGER == before


def test_host_base_path_and_schemes_become_servers(upgraded: Json) -> None:
    assert upgraded["servers"] == [
        {"url": "https://api.example.com/v1"},
        {"url": "http://api.example.com/v1"},
    ]
    assert upgraded["paths"]["/pets"]["post"]["servers"] == [
        {"url": "https://api.example.com/v1"}
    ]


def test_definitions_become_components_and_every_reference_follows(
    upgraded: Json,
) -> None:
    schemas = upgraded["components"]["schemas"]
    assert list(schemas) == ["Pet", "Owner", "Tag", "Error"]
    assert schemas["Pet"]["properties"]["tags"]["items"] == {
        "$ref": "#/components/schemas/Tag"
    }
    assert "#/definitions/" not in json.dumps(upgraded)
    assert upgraded["paths"]["/pets"]["get"]["responses"]["404"] == {
        "$ref": "#/components/responses/NotFound"
    }
    assert upgraded["paths"]["/pets"]["get"]["parameters"][0] == {
        "$ref": "#/components/parameters/Limit"
    }


def test_schema_keywords_are_translated(upgraded: Json) -> None:
    pet = upgraded["components"]["schemas"]["Pet"]
    assert pet["discriminator"] == {"propertyName": "kind"}
    assert pet["properties"]["kind"] == {"type": "string", "example": "dog"}
    assert pet["properties"]["owner"] == {
        "allOf": [{"$ref": "#/components/schemas/Owner"}],
        "nullable": True,
    }
    assert pet["properties"]["photo"] == {"type": "string", "format": "binary"}
    assert pet["properties"]["x-note"] == {
        "type": "string"
    }  # a property name, not an extension
    assert pet["x-internal"] is False
    assert upgraded["components"]["schemas"]["Owner"]["properties"]["name"] == {
        "type": "string",
        "nullable": True,
    }


def test_global_parameters_responses_and_security(upgraded: Json) -> None:
    components = upgraded["components"]
    assert components["parameters"] == {
        "Limit": {
            "name": "limit",
            "in": "query",
            "example": 10,
            "schema": {"type": "integer"},
        }
    }
    assert components["responses"]["NotFound"] == {
        "description": "Not found",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }
    assert components["securitySchemes"] == {
        "basic": {"type": "http", "scheme": "basic"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header", "x-vendor": 1},
        "oauth": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "https://auth/token",
                    "scopes": {"read": "Read"},
                }
            },
        },
    }


def test_array_parameters_keep_how_they_are_sent(upgraded: Json) -> None:
    params = {p.get("name"): p for p in upgraded["paths"]["/pets"]["get"]["parameters"]}
    assert (params["ids"]["style"], params["ids"]["explode"]) == (
        "form",
        False,
    )  # csv, 2.0's default
    assert (params["tag"]["style"], params["tag"]["explode"]) == ("form", True)
    assert (params["words"]["style"], params["words"]["explode"]) == (
        "spaceDelimited",
        False,
    )
    assert (
        params["bars"]["style"],
        params["bars"]["explode"],
        params["bars"]["allowEmptyValue"],
    ) == (
        "pipeDelimited",
        False,
        True,
    )
    assert params["X-Trace"] == {
        "name": "X-Trace",
        "in": "header",
        "schema": {"type": "array", "items": {"type": "string"}, "nullable": True},
    }


def test_a_body_parameter_becomes_a_request_body(upgraded: Json) -> None:
    body = upgraded["paths"]["/pets"]["post"]["requestBody"]
    media = {"schema": {"$ref": "#/components/schemas/Pet"}}
    assert body == {
        "content": {"application/json": media, "application/xml": media},
        "required": True,
        "x-codegen-request-body-name": "pet",
    }


def test_form_parameters_become_a_form_body(upgraded: Json) -> None:
    put = upgraded["paths"]["/pets/{id}"]["put"]
    assert put["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "name": {
                            "description": "Name",
                            "type": "string",
                            "example": "Rex",
                        },
                        "ages": {"type": "array", "items": {"type": "integer"}},
                    },
                    "required": ["name"],
                },
                "encoding": {"ages": {"style": "form", "explode": False}},
            }
        },
        "required": True,
    }
    upload = upgraded["paths"]["/pets/{id}"]["post"]
    assert list(upload["requestBody"]["content"]) == ["multipart/form-data"]
    assert upload["requestBody"]["content"]["multipart/form-data"]["schema"][
        "properties"
    ]["file"] == {
        "type": "string",
        "format": "binary",
    }
    assert upload["responses"]["200"]["content"] == {
        "image/png": {"schema": {"type": "string", "format": "binary"}}
    }


def test_responses_get_content_headers_and_examples(upgraded: Json) -> None:
    ok = upgraded["paths"]["/pets"]["get"]["responses"]["200"]
    schema_ = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    assert ok == {
        "description": "Pets",
        "headers": {
            "X-Total": {
                "description": "Count",
                "schema": {"type": "integer"},
                "example": 3,
            }
        },
        "x-resp": 1,
        "content": {
            "application/json": {"schema": schema_, "example": [{"kind": "dog"}]},
            "text/csv": {"schema": schema_, "example": "kind\ndog"},
        },
    }


def test_extensions_are_kept(upgraded: Json) -> None:
    assert upgraded["x-root"] is True
    assert upgraded["info"]["x-logo"] == {"url": "logo.png"}
    assert upgraded["paths"]["x-paths-note"] == "kept"
    assert upgraded["paths"]["/pets/{id}"]["x-item"] == "kept"
    assert upgraded["paths"]["/pets"]["get"]["x-op"] == "kept"


def test_path_parameters_serialized_as_csv_use_the_default_style(
    upgraded: Json,
) -> None:
    assert upgraded["paths"]["/pets/{id}"]["parameters"] == [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "array", "items": {"type": "string"}},
        }
    ]


@pytest.mark.parametrize(
    ("param", "pointer", "message"),
    [
        (
            {
                "name": "q",
                "in": "query",
                "type": "array",
                "items": {"type": "string"},
                "collectionFormat": "tsv",
            },
            "/paths/~1a/get/parameters/0/collectionFormat",
            "collectionFormat 'tsv' in query has no OpenAPI 3.0 equivalent",
        ),
        (
            {
                "name": "H",
                "in": "header",
                "type": "array",
                "items": {"type": "string"},
                "collectionFormat": "pipes",
            },
            "/paths/~1a/get/parameters/0/collectionFormat",
            "collectionFormat 'pipes' in header has no OpenAPI 3.0 equivalent",
        ),
    ],
)
def test_serializations_openapi_3_cannot_express_are_refused(
    param: Json, pointer: str, message: str
) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "parameters": [param],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    with pytest.raises(SpecError) as info:
        upgrade(doc, "a.json")
    assert (info.value.document, info.value.pointer, info.value.message) == (
        "a.json",
        pointer,
        message,
    )


def test_an_openapi_3_document_passes_through_unchanged() -> None:
    doc = json.loads(
        (HISTORY.parent / "control-plane-2024-04-01-openapi.json").read_text()
    )
    result = upgrade(doc)
    assert result == doc and result is not doc


def test_a_document_of_no_known_version_is_refused() -> None:
    with pytest.raises(SpecError) as info:
        upgrade({"info": {}}, "x.json")
    assert (
        str(info.value)
        == 'x.json#: not an OpenAPI document: expected `openapi: 3.x` or `swagger: "2.0"`'
    )

"""Swagger 2.0 → OpenAPI 3.0.3, so everything downstream reads one format.

Amperity published Swagger 2.0 until April 2026; the history of the API (and the diff between
versions) needs those documents in the same shape as the current ones. The conversion keeps
every piece of information that OpenAPI 3.0 can express (a test compares each published 2.0
document with its upgrade), and refuses, with a located error, the few serializations that
OpenAPI 3.0 cannot express (e.g. `collectionFormat: tsv`), rather than changing their meaning.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from amperity_codegen.document.tree import copy_tree
from amperity_codegen.errors import SpecError, pointer

OPENAPI_VERSION = "3.0.3"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
# Swagger 2.0 leaves the media type open when `produces`/`consumes` are missing; JSON is what
# every API this generator serves speaks.
DEFAULT_MEDIA_TYPE = "application/json"
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# The 2.0 parameter fields that describe the value: in 3.0 they move into the parameter's schema.
_NOT_SCHEMA = {
    "name",
    "in",
    "description",
    "required",
    "allowEmptyValue",
    "collectionFormat",
}
_REF_PREFIXES = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
# (style, explode) for each 2.0 collectionFormat, by where the array is sent. Missing pairs have
# no OpenAPI 3.0 equivalent.
_STYLES: dict[str, dict[str, tuple[str, bool]]] = {
    "query": {
        "csv": ("form", False),
        "multi": ("form", True),
        "ssv": ("spaceDelimited", False),
        "pipes": ("pipeDelimited", False),
    },
    "path": {"csv": ("simple", False)},
    "header": {"csv": ("simple", False)},
}
_STYLES["formData"] = _STYLES["query"]
_OAUTH2_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}

Json = dict[str, Any]
At = tuple[str | int, ...]


def upgrade(doc: Json, document: str = "document") -> Json:
    """The OpenAPI 3.0.3 equivalent of a Swagger 2.0 document; a 3.x document comes back as it is.

    Pure: the input is not modified. `document` names the input in errors.
    """
    if "openapi" in doc:
        fresh: Json = copy_tree(doc)
        return fresh
    if doc.get("swagger") != "2.0":
        raise SpecError(
            document,
            "",
            'not an OpenAPI document: expected `openapi: 3.x` or `swagger: "2.0"`',
        )
    # A fresh tree: the conversion places some input values (and shared parameters) in several
    # spots.
    upgraded: Json = copy_tree(_Upgrade(doc, document).document())
    return upgraded


class _Upgrade:
    def __init__(self, doc: Json, document: str) -> None:
        self.doc = doc
        self.name = document
        self.produces: list[str] = doc.get("produces") or [DEFAULT_MEDIA_TYPE]
        self.consumes: list[str] = doc.get("consumes") or [DEFAULT_MEDIA_TYPE]

    def error(self, at: At, message: str) -> SpecError:
        return SpecError(self.name, pointer(*at), message)

    def document(self) -> Json:
        doc = self.doc
        out: Json = {"openapi": OPENAPI_VERSION}
        if "info" in doc:
            out["info"] = doc["info"]
        servers = self.servers(doc.get("schemes"))
        if servers:
            out["servers"] = servers
        moved = {
            "swagger",
            "info",
            "host",
            "basePath",
            "schemes",
            "produces",
            "consumes",
            "paths",
        }
        moved |= {"definitions", "parameters", "responses", "securityDefinitions"}
        out.update({k: v for k, v in doc.items() if k not in moved})
        out["paths"] = {
            path: (
                item if path.startswith("x-") else self.path_item(item, ("paths", path))
            )
            for path, item in doc.get("paths", {}).items()
        }
        components = self.components()
        if components:
            out["components"] = components
        return out

    def servers(self, schemes: list[str] | None) -> list[Json]:
        host, base = self.doc.get("host"), self.doc.get("basePath", "")
        base = "" if base == "/" else base
        if host is None:
            return [{"url": base}] if base else []
        # Without `schemes` 2.0 means "the scheme the document was fetched with"; ours are https.
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes or ["https"]]

    def components(self) -> Json:
        doc = self.doc
        out: Json = {}
        if doc.get("definitions"):
            out["schemas"] = {
                name: self.schema(s) for name, s in doc["definitions"].items()
            }
        # Body and form parameters become request bodies; operations that use them get a copy.
        plain = {
            name: p
            for name, p in doc.get("parameters", {}).items()
            if p.get("in") not in ("body", "formData")
        }
        if plain:
            out["parameters"] = {
                name: self.parameter(p, ("parameters", name))
                for name, p in plain.items()
            }
        if doc.get("responses"):
            out["responses"] = {
                name: self.response(r, self.produces, ("responses", name))
                for name, r in doc["responses"].items()
            }
        if doc.get("securityDefinitions"):
            out["securitySchemes"] = {
                name: self.security_scheme(s, ("securityDefinitions", name))
                for name, s in doc["securityDefinitions"].items()
            }
        return out

    def path_item(self, item: Json, at: At) -> Json:
        shared = item.get("parameters", [])
        out: Json = {}
        for key, value in item.items():
            if key in METHODS:
                out[key] = self.operation(value, shared, (*at, key))
            elif key == "parameters":
                plain = self.plain_parameters(value, (*at, key))
                if plain:
                    out[key] = plain
            elif key == "$ref":
                out[key] = _ref(value)
            else:
                out[key] = value
        return out

    def operation(self, op: Json, shared: list[Json], at: At) -> Json:
        consumes = op.get("consumes", self.consumes)
        produces = op.get("produces", self.produces)
        body = self.request_body(shared, op.get("parameters", []), consumes, at)
        out: Json = {}
        for key, value in op.items():
            if key in ("consumes", "produces"):
                continue
            if key == "parameters":
                plain = self.plain_parameters(value, (*at, key))
                if plain:
                    out[key] = plain
            elif key == "responses":
                if body is not None:
                    out["requestBody"], body = body, None
                out[key] = {
                    code: (
                        r
                        if code.startswith("x-")
                        else self.response(r, produces, (*at, key, code))
                    )
                    for code, r in value.items()
                }
            elif key == "schemes":
                out["servers"] = self.servers(value)
            else:
                out[key] = value
        if body is not None:
            out["requestBody"] = body
        return out

    def resolved(self, param: Json) -> Json:
        """A parameter, looked up when it is a reference to the document's `parameters`."""
        ref = param.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            target = self.doc.get("parameters", {}).get(ref[len("#/parameters/") :])
            if isinstance(target, dict):
                return target
        return param

    def plain_parameters(self, params: list[Json], at: At) -> list[Json]:
        return [
            self.parameter(p, (*at, i))
            for i, p in enumerate(params)
            if self.resolved(p).get("in") not in ("body", "formData")
        ]

    def parameter(self, param: Json, at: At) -> Json:
        if "$ref" in param:
            return {"$ref": _ref(param["$ref"])}
        out: Json = {}
        for key, value in param.items():
            if key in ("name", "in", "description", "required") or (
                key == "allowEmptyValue" and param.get("in") == "query"
            ):
                out[key] = value
            elif key == "x-example":
                out["example"] = value
            elif key.startswith("x-") and key != "x-nullable":
                out[key] = value
        out["schema"] = self.value_schema(param)
        out.update(self.style(param, param.get("in", ""), at))
        return out

    def style(self, value: Json, location: str, at: At) -> Json:
        """OpenAPI 3.0's style/explode for how a 2.0 array value is serialized."""
        if value.get("type") != "array":
            return {}
        fmt = value.get("collectionFormat", "csv")
        style = _STYLES.get(location, {}).get(fmt)
        if style is None:
            raise self.error(
                (*at, "collectionFormat"),
                f"collectionFormat {fmt!r} in {location} has no OpenAPI 3.0 equivalent",
            )
        if location in ("path", "header"):
            return {}  # csv is 3.0's default there (simple, not exploded)
        return {"style": style[0], "explode": style[1]}

    def value_schema(self, value: Json) -> Json:
        """The schema of a 2.0 parameter, header or items object (its type fields, in 3.0 form)."""
        fields = {
            k: v
            for k, v in value.items()
            if k not in _NOT_SCHEMA and (k == "x-nullable" or not k.startswith("x-"))
        }
        schema: Json = self.schema(fields)
        return schema

    def request_body(
        self, shared: list[Json], own: list[Json], consumes: list[str], at: At
    ) -> Json | None:
        """The request body built from the operation's (or its path's) body or form parameters."""
        by_key: dict[tuple[str, str], Json] = {}
        for param in [*shared, *own]:  # an operation's parameter overrides its path's
            param = self.resolved(param)
            if param.get("in") in ("body", "formData"):
                by_key[(param["in"], param.get("name", ""))] = param
        params = list(by_key.values())
        body = [p for p in params if p["in"] == "body"]
        form = [p for p in params if p["in"] == "formData"]
        if body and form:
            raise self.error(
                at, "an operation cannot have both body and formData parameters"
            )
        if body:
            return self.json_body(body[0], consumes)
        if form:
            return self.form_body(form, consumes, at)
        return None

    def json_body(self, param: Json, consumes: list[str]) -> Json:
        out: Json = {}
        if "description" in param:
            out["description"] = param["description"]
        media: Json = {"schema": self.schema(param.get("schema", {}))}
        if "x-example" in param:
            media["example"] = param["x-example"]
        out["content"] = {mt: media for mt in consumes}
        if param.get("required"):
            out["required"] = True
        # 3.0 has no name for the body; code generators know this extension for it.
        out["x-codegen-request-body-name"] = param.get("name")
        out.update(
            {k: v for k, v in param.items() if k.startswith("x-") and k != "x-example"}
        )
        return out

    def form_body(self, params: list[Json], consumes: list[str], at: At) -> Json:
        properties: Json = {}
        encoding: Json = {}
        for param in params:
            name = param.get("name", "")
            prop = self.value_schema(param)
            if "description" in param:
                prop = {"description": param["description"], **prop}
            if "x-example" in param:
                prop["example"] = param["x-example"]
            properties[name] = prop
            style = self.style(param, "formData", at)
            if style:
                encoding[name] = style
        schema: Json = {"type": "object", "properties": properties}
        required = [p["name"] for p in params if p.get("required")]
        if required:
            schema["required"] = required
        if any(p.get("type") == "file" for p in params):
            media_types = [MULTIPART]
        else:
            media_types = [mt for mt in consumes if mt in (URLENCODED, MULTIPART)] or [
                URLENCODED
            ]
        media: Json = {"schema": schema}
        if encoding:
            media["encoding"] = encoding
        out: Json = {"content": {mt: media for mt in media_types}}
        if required:
            out["required"] = True
        return out

    def response(self, response: Json, produces: list[str], at: At) -> Json:
        if "$ref" in response:
            return {"$ref": _ref(response["$ref"])}
        out: Json = {"description": response.get("description", "")}
        for key, value in response.items():
            if key == "headers":
                out[key] = {
                    name: self.header(h, (*at, key, name)) for name, h in value.items()
                }
            elif key not in ("description", "schema", "examples"):
                out[key] = value
        examples: Json = response.get("examples") or {}
        if "schema" in response or examples:
            content: Json = {}
            for mt in _unique([*produces, *examples]):
                media: Json = {}
                if "schema" in response:
                    media["schema"] = self.schema(response["schema"])
                if mt in examples:
                    media["example"] = examples[mt]
                content[mt] = media
            out["content"] = content
        return out

    def header(self, header: Json, at: At) -> Json:
        out: Json = {}
        if "description" in header:
            out["description"] = header["description"]
        out["schema"] = self.value_schema(header)
        out.update(self.style(header, "header", at))
        for key, value in header.items():
            if key == "x-example":
                out["example"] = value
            elif key.startswith("x-") and key != "x-nullable":
                out[key] = value
        return out

    def security_scheme(self, scheme: Json, at: At) -> Json:
        kind = scheme.get("type")
        out: Json
        if kind == "basic":
            out = {"type": "http", "scheme": "basic"}
        elif kind == "oauth2":
            name = _OAUTH2_FLOWS.get(scheme.get("flow", ""))
            if name is None:
                raise self.error(at, f"unknown OAuth2 flow {scheme.get('flow')!r}")
            flow: Json = {
                k: scheme[k] for k in ("authorizationUrl", "tokenUrl") if k in scheme
            }
            flow["scopes"] = scheme.get("scopes", {})
            out = {"type": "oauth2", "flows": {name: flow}}
        else:
            out = {k: scheme[k] for k in ("type", "name", "in") if k in scheme}
        out.update(
            {
                k: v
                for k, v in scheme.items()
                if k == "description" or k.startswith("x-")
            }
        )
        return out

    def schema(self, schema: Any) -> Any:
        """A 2.0 Schema Object in 3.0 form (references, file type, nullable, example,
        discriminator)."""
        if not isinstance(schema, dict):
            return schema
        out: Json = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str):
                out[key] = _ref(value)
            elif key == "properties" and isinstance(value, dict):
                out[key] = {name: self.schema(s) for name, s in value.items()}
            elif key in ("items", "additionalProperties", "not"):
                out[key] = (
                    [self.schema(s) for s in value]
                    if isinstance(value, list)
                    else self.schema(value)
                )
            elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                out[key] = [self.schema(s) for s in value]
            elif key == "type" and value == "file":
                out.update(type="string", format="binary")
            elif key == "x-nullable":
                out["nullable"] = value
            elif key == "collectionFormat":
                continue  # of an array inside an array: 3.0 can only say how the outer one is sent
            elif key == "x-example" and "example" not in schema:
                out["example"] = value
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            else:
                out[key] = value
        if "$ref" in out and out.get("nullable"):
            # 3.0 ignores everything beside a $ref, so the nullable reference is wrapped.
            ref = out.pop("$ref")
            out = {"allOf": [{"$ref": ref}], **out}
        return out


def _ref(ref: str) -> str:
    for old, new in _REF_PREFIXES.items():
        if ref.startswith(old):
            return new + ref[len(old) :]
    return ref


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

"""Validation: every problem reported, each with a JSON pointer."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from amperity_codegen.document.overlay import apply_overlay_files
from amperity_codegen.document.validate import validate
from amperity_codegen.errors import SpecError, SpecErrors

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"
OVERLAYS = Path(__file__).resolve().parents[2] / "spec" / "overlays"
PROFILE = "openapi-profile-v2.json"
CONTROL_PLANE = [
    "control-plane-2024-04-01-openapi.json",
    "control-plane-unstable-openapi.json",
]


def published(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((MIRROR / name).read_text())
    return doc


def problems(doc: dict[str, Any], name: str = "doc.json") -> list[tuple[str, str]]:
    """(pointer, message) of each problem; [] when the document is valid."""
    try:
        validate(doc, name)
    except SpecErrors as exc:
        assert all(p.document == name and "\n" not in p.message for p in exc.problems)
        return [(p.pointer, p.message) for p in exc.problems]
    return []


def minimal(**paths: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}


def get(*params: Any, **extra: Any) -> dict[str, Any]:
    return {
        "get": {
            "parameters": list(params),
            "responses": {"200": {"description": "ok"}},
            **extra,
        }
    }


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def test_the_published_profile_api_is_invalid_for_its_duplicate_id() -> None:
    found = problems(published(PROFILE), PROFILE)
    template = "/paths/~1indexes~1{id}~1profiles~1{id}"
    assert (
        template + "/get/parameters/3",
        f"duplicate path parameter 'id' (first declared at {template}/get/parameters/2)",
    ) in found
    assert (
        template,
        "the path template names {id} more than once: each path parameter needs its own name",
    ) in found


def test_the_profile_api_is_valid_once_repaired() -> None:
    doc = apply_overlay_files(
        published(PROFILE), [OVERLAYS / "profile-api.yaml", OVERLAYS / "servers.yaml"]
    )
    assert problems(doc) == []


@pytest.mark.parametrize("name", CONTROL_PLANE)
def test_the_control_plane_documents_need_only_the_server_repair(name: str) -> None:
    assert problems(published(name)) == [
        (
            "/servers/1/variables/tenant-id",
            "server variable 'tenant-id' is declared but the URL "
            "'https://<tenant-id>.amperity.com/api' "
            "does not use it as {tenant-id}",
        )
    ]
    assert (
        problems(apply_overlay_files(published(name), [OVERLAYS / "servers.yaml"]))
        == []
    )


def test_every_problem_is_reported_with_its_location() -> None:
    doc = minimal(
        **{"/a": get({"name": "q", "in": "query", "schema": {"type": "strin"}})}
    )
    del doc["info"]["version"]
    doc["components"] = {"schemas": {"N": {"type": "integer", "minimum": "zero"}}}
    assert problems(doc) == [
        ("/info", "'version' is a required property"),
        (
            "/paths/~1a/get/parameters/0/schema/type",
            "'strin' is not one of ['array', 'boolean', 'integer', 'number', 'object', 'string']",
        ),
        ("/components/schemas/N/minimum", "'zero' is not of type 'number'"),
    ]


def test_the_validators_own_findings_are_located() -> None:
    doc = minimal(
        **{
            "/a": get(operationId="same"),
            "/b": {
                "post": {
                    "operationId": "same",
                    "responses": {"200": {"description": "ok"}},
                }
            },
        }
    )
    doc["components"] = {
        "schemas": {
            "D": {"type": "string", "default": 5},
            "R": {
                "type": "object",
                "required": ["gone"],
                "allOf": [{"type": "object"}],
            },
        }
    }
    assert sorted(problems(doc)) == [
        ("/components/schemas/D/default", "5 is not of type 'string'"),
        ("/components/schemas/R", "Required list has not defined properties: ['gone']"),
        ("/paths/~1b/post", "Operation ID 'same' for 'post' in '/b' is not unique"),
    ]


def test_a_parameter_in_the_wrong_place_says_what_is_allowed() -> None:
    doc = minimal(
        **{"/a": get({"name": "q", "in": "querry", "schema": {"type": "string"}})}
    )
    [(where, message)] = problems(doc)
    assert where == "/paths/~1a/get/parameters/0"
    assert "'querry' is not one of ['query']" in message


def test_header_names_are_compared_without_case() -> None:
    header = {"in": "header", "schema": {"type": "string"}}
    doc = minimal(
        **{
            "/a": get(
                {"name": "Api-Version", **header}, {"name": "api-version", **header}
            )
        }
    )
    assert problems(doc) == [
        (
            "/paths/~1a/get/parameters/1",
            "duplicate header parameter 'api-version' (first declared at "
            "/paths/~1a/get/parameters/0)",
        )
    ]


def test_an_operation_may_override_a_path_level_parameter() -> None:
    item = get(path_param("id"))
    item["parameters"] = [path_param("id")]
    assert problems(minimal(**{"/a/{id}": item})) == []


def test_path_templates_and_path_parameters_must_match() -> None:
    doc = minimal(**{"/a/{id}": get(), "/b": get(path_param("id"))})
    assert problems(doc) == [
        ("/paths/~1a~1{id}/get", "path template variable {id} has no path parameter"),
        (
            "/paths/~1b/get/parameters/0",
            "path parameter 'id' is not in the path template '/b'",
        ),
    ]


def test_path_level_parameters_count_for_every_operation() -> None:
    item = get()
    item["parameters"] = [{"$ref": "#/components/parameters/Id"}]
    doc = minimal(**{"/a/{id}": item})
    doc["components"] = {"parameters": {"Id": path_param("id")}}
    assert problems(doc) == []


def test_a_stray_brace_is_reported_not_a_crash() -> None:
    assert ("/paths/~1a~1{id", "unbalanced braces in the path template") in problems(
        minimal(**{"/a/{id": get()})
    )


def test_a_malformed_parameter_is_reported_not_a_crash() -> None:
    [(where, message)] = problems(
        minimal(**{"/a": get({"name": "q", "schema": {"type": "string"}})})
    )
    assert where == "/paths/~1a/get/parameters/0"
    assert "'in' is a required property" in message


def test_server_variables_must_be_declared() -> None:
    doc = minimal()
    doc["servers"] = [
        {
            "url": "https://{tenant}.example.com/{base}",
            "variables": {"tenant": {"default": "t"}},
        }
    ]
    assert problems(doc) == [
        ("/servers/0/url", "server URL variable {base} is not declared")
    ]


def test_extensions_in_paths_are_not_paths() -> None:
    doc = minimal(
        **{
            "/a": get(),
            "x-servers": {"servers": [{"url": "{undeclared}"}]},
            "x-note": "text",
        }
    )
    assert problems(doc) == []


def test_recursive_schemas_validate() -> None:
    doc = minimal()
    doc["components"] = {
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": "#/components/schemas/Node"}},
            }
        }
    }
    assert problems(doc) == []


def test_openapi_3_1_is_accepted() -> None:
    doc = minimal(**{"/a": get()})
    doc["openapi"] = "3.1.0"
    doc["components"] = {"schemas": {"N": {"type": ["string", "null"]}}}
    assert problems(doc) == []


@pytest.mark.parametrize(
    ("version", "pointer", "message"),
    [
        (
            {"swagger": "2.0"},
            "",
            "expected an OpenAPI 3.0 or 3.1 document, found Swagger 2.0 (upgrade it first)",
        ),
        (
            {"openapi": "4.0.0"},
            "/openapi",
            "unsupported OpenAPI version '4.0.0': expected 3.0.x or 3.1.x",
        ),
    ],
)
def test_only_openapi_3_0_and_3_1_are_validated(
    version: dict[str, str], pointer: str, message: str
) -> None:
    doc = {**{k: v for k, v in minimal().items() if k != "openapi"}, **version}
    with pytest.raises(SpecError) as info:
        validate(doc, "doc.json")
    assert (info.value.pointer, info.value.message) == (pointer, message)


def test_an_outside_reference_is_refused_before_anything_follows_it() -> None:
    doc = minimal(**{"/a": get({"$ref": "http://127.0.0.1:9/params.json#/Q"})})
    assert problems(doc) == [
        (
            "/paths/~1a/get/parameters/0/$ref",
            "'http://127.0.0.1:9/params.json#/Q' refers outside the document: only #/... "
            "references are allowed",
        )
    ]


def test_validation_does_not_change_the_document() -> None:
    doc = published(PROFILE)
    before = copy.deepcopy(doc)
    problems(doc)
    assert doc == before


CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "general"
# Each breaks the specification's JSON Schema in one place.
BREAKAGES = [
    lambda d: d.pop("info"),
    lambda d: d.update(paths=[]),
    lambda d: d["info"].update(title=3),
    lambda d: d.update(servers={"url": "x"}),
    lambda d: d.setdefault("components", {}).update(
        schemas={"A": {"type": "object", "properties": []}}
    ),
    lambda d: d.setdefault("paths", {}).update(
        {
            "/x": {
                "get": {
                    "parameters": [{"name": "a"}],
                    "responses": {"200": {"description": ""}},
                }
            }
        }
    ),
    lambda d: d.setdefault("paths", {}).update(
        {"/x": {"get": {"responses": {"200": {}}}}}
    ),
    lambda d: d.update(unknown=1),
]


def _documents() -> list[tuple[str, dict[str, Any]]]:
    """Real and corpus documents, upgraded to OpenAPI 3 (their shape is all that matters here)."""
    from amperity_codegen.document.load import load_document
    from amperity_codegen.document.upgrade import upgrade

    paths = [
        *(MIRROR / name for name in [PROFILE, *CONTROL_PLANE]),
        *sorted(CORPUS.glob("*.yaml")),
    ]
    return [(path.name, upgrade(load_document(path), path.name)) for path in paths]


def test_the_fast_verdict_agrees_with_the_located_report() -> None:
    """jsonschema-rs decides whether the Python pass (which words the report) runs at all."""
    from amperity_codegen.document.validate import _validator_for

    documents = _documents()
    invalid = 0
    for name, doc in documents:
        for breakage in [None, *BREAKAGES]:
            variant = copy.deepcopy(doc)
            if breakage is not None:
                breakage(variant)
            validator = _validator_for(doc, name)
            located = list(validator.schema_validator.iter_errors(variant))
            assert validator.fast_validator.is_valid(variant) == (not located), (
                name,
                located[:1],
            )
            invalid += bool(located)
            if breakage is None:
                assert not located, (name, located[:1])
    # OpenAPI 3.1's JSON Schema leaves schemas to their dialect: one breakage is valid there.
    assert len(documents) >= 10 and invalid >= (len(BREAKAGES) - 1) * len(documents)

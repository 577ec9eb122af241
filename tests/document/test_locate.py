"""Problems are reported where the user wrote them: at a definition, in the user's Swagger 2.0."""

from __future__ import annotations

from pathlib import Path

import pytest

from amperity_codegen.document.locate import at_definition, in_swagger2
from amperity_codegen.document.prepare import prepare
from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.errors import SpecError, SpecErrors

DEFECTS = Path(__file__).resolve().parent.parent / "corpus" / "defects"

SWAGGER2 = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1"},
    "host": "api.example.com",
    "paths": {
        "/a": {
            "post": {
                "parameters": [
                    {"name": "q", "in": "query", "type": "string"},
                    {
                        "name": "body",
                        "in": "body",
                        "schema": {"$ref": "#/definitions/A"},
                    },
                ],
                "responses": {
                    "200": {"description": "a", "schema": {"$ref": "#/definitions/A"}}
                },
            }
        },
        "/f": {
            "post": {
                "consumes": ["multipart/form-data"],
                "parameters": [{"name": "n", "in": "formData", "type": "integer"}],
                "responses": {"204": {"description": "f"}},
            }
        },
    },
    "definitions": {"A": {"type": "object", "properties": {"id": {"type": "string"}}}},
}


def test_a_use_site_is_moved_to_the_definition() -> None:
    doc = upgrade(SWAGGER2)
    use = "/paths/~1a/post/responses/200/content/application~1json/schema/properties/id"
    assert at_definition(doc, use) == "/components/schemas/A/properties/id"
    body = "/paths/~1a/post/requestBody/content/application~1json/schema/properties/id/type"
    assert at_definition(doc, body) == "/components/schemas/A/properties/id/type"
    assert (
        at_definition(doc, "/paths/~1a/post/responses") == "/paths/~1a/post/responses"
    )


@pytest.mark.parametrize(
    ("upgraded", "original"),
    [
        ("/components/schemas/A/properties/id", "/definitions/A/properties/id"),
        (
            "/paths/~1a/post/responses/200/content/application~1json/schema",
            "/paths/~1a/post/responses/200/schema",
        ),
        (
            "/paths/~1a/post/requestBody/content/application~1json/schema/$ref",
            "/paths/~1a/post/parameters/1/schema/$ref",
        ),
        (
            "/paths/~1a/post/parameters/0/schema/type",
            "/paths/~1a/post/parameters/0/type",
        ),
        (
            "/paths/~1f/post/requestBody/content/multipart~1form-data/schema/properties/n/type",
            "/paths/~1f/post/parameters/0/type",
        ),
        ("/servers/0/url", "/host"),
        ("/paths/~1a/post/nothing/here", "/paths/~1a/post"),
    ],
)
def test_an_upgraded_location_is_found_in_the_swagger2_file(
    upgraded: str, original: str
) -> None:
    assert in_swagger2(SWAGGER2, upgraded) == original


def test_a_shared_definitions_defect_is_reported_once_at_its_definition() -> None:
    path = DEFECTS / "swagger2_locations.yaml"
    with pytest.raises(SpecError) as info:
        prepare(path)
    problems = (
        info.value.problems if isinstance(info.value, SpecErrors) else (info.value,)
    )
    assert [(p.document, p.pointer) for p in problems] == [
        (str(path), "/definitions/Broken/required")
    ]

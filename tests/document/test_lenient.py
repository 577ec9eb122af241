"""Lenient mode on one document per defect (tests/corpus/defects/): each defect with a safe
repair becomes overlay actions, the others leave their operation or schema out, and the written
overlay reproduces the run in strict mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amperity_codegen.cli import app
from amperity_codegen.document.lenient import suggest_overlay, write_suggestion
from amperity_codegen.document.load import load_document
from amperity_codegen.document.prepare import prepare
from amperity_codegen.errors import SpecError

DEFECTS = Path(__file__).resolve().parent.parent / "corpus" / "defects"
RESPONSE = (
    "paths",
    "/range",
    "get",
    "responses",
    "200",
    "content",
    "application/json",
    "schema",
)


def at(doc: Any, *parts: str | int) -> Any:
    for part in parts:
        doc = doc[part]
    return doc


# document → (what each finding says, in order; a check of the repaired document)
CASES: dict[str, tuple[list[str], Any]] = {
    "duplicate_required": (
        ["`required` names ['id'] more than once"],
        lambda d: at(d, "components", "schemas", "Thing", "required") == ["id", "name"],
    ),
    "exclusive_minimum_31": (
        [
            "`exclusiveMinimum: false` is OpenAPI 3.0's form",
            "`exclusiveMaximum: true` is OpenAPI 3.0's form: 3.1 says `exclusiveMaximum: 1`",
            "`exclusiveMinimum: true` is OpenAPI 3.0's form: 3.1 says `exclusiveMinimum: 0`",
        ],
        lambda d: at(d, "paths", "/range", "get", "parameters", 0, "schema")
        == {"type": "integer", "exclusiveMinimum": 0}
        and at(d, *RESPONSE, "properties", "ratio")
        == {"type": "number", "exclusiveMaximum": 1}
        and at(d, *RESPONSE, "properties", "count")
        == {"type": "integer", "minimum": 0},
    ),
    "items_list": (
        ["`items` must be one schema, not a list"] * 2,
        lambda d: at(
            d,
            "paths",
            "/tags",
            "get",
            "responses",
            "200",
            "content",
            "application/json",
            "schema",
            "properties",
        )
        == {
            "names": {"type": "array", "items": {"type": "string"}},
            "mixed": {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            },
        },
    ),
    "type_list_swagger2": (
        [
            "`type` must be one type in OpenAPI 3.0, not ['string', 'integer']",
            "`type` must be one type in OpenAPI 3.0, not ['string', 'null']",
        ],
        lambda d: at(d, "components", "schemas", "Note", "properties")
        == {
            "text": {"type": "string", "nullable": True},
            "value": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
        },
    ),
    "const_30": (
        ["`const` is not a keyword in OpenAPI 3.0: a one-value `enum` says the same"],
        lambda d: at(
            d,
            "paths",
            "/events",
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
            "properties",
            "kind",
        )
        == {"type": "string", "enum": ["click"]},
    ),
    "path_parameter_not_required": (
        ["a path parameter must say `required: true`: a path cannot leave it out"],
        lambda d: at(d, "paths", "/users/{id}", "get", "parameters", 0, "required")
        is True,
    ),
    "title_31": (
        ["`title` is not allowed here"] * 2,
        lambda d: "title" not in at(d, "paths", "/search", "get", "parameters", 0)
        and "title" not in at(d, "paths", "/search", "get", "responses", "200"),
    ),
    "discriminator_undeclared": (
        [
            "the discriminator property 'connector_type' is not declared by every alternative"
        ],
        lambda d: "discriminator"
        not in at(
            d,
            "paths",
            "/imports",
            "post",
            "requestBody",
            "content",
            "application/json",
            "schema",
        ),
    ),
    "unrepairable": (
        [
            "'everyone' is not of type 'array' (at /paths/~1bad/get/security)",
            "'zero' is not of type 'number' (at "
            "/components/schemas/Broken/properties/size/minimum)",
            "'#/components/schemas/Broken' does not resolve: no 'Broken' (at "
            "/paths/~1uses-broken/get/responses/200/content/application~1json/schema/$ref)",
        ],
        lambda d: list(d["paths"]) == ["/good", "/bad", "/uses-broken"]
        and [list(item) for item in d["paths"].values()] == [["get"], [], []]
        and d["components"]["schemas"] == {},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_defect_is_repaired_or_left_out_and_the_overlay_reproduces_it(
    name: str, tmp_path: Path
) -> None:
    source = DEFECTS / f"{name}.yaml"
    with pytest.raises(SpecError):
        prepare(source)  # strict refuses it
    messages, check = CASES[name]
    suggestion = suggest_overlay(source)
    assert [f.message for f in suggestion.findings] == messages
    assert all(f.repaired for f in suggestion.findings) == (name != "unrepairable")
    overlay = tmp_path / "repairs.yaml"
    summary = write_suggestion(suggestion, overlay)
    assert summary[-1].startswith(
        f"{sum(f.repaired for f in suggestion.findings)} repaired"
    )
    text = overlay.read_text()
    for finding in suggestion.findings:  # each action is commented with its finding
        assert f"# {finding.where}: {finding.message}" in text
    assert load_document(overlay) == suggestion.overlay
    repaired = prepare(source, [overlay])  # strict, with the written overlay: valid
    assert check(repaired)


def test_swagger2_findings_point_into_the_users_file() -> None:
    suggestion = suggest_overlay(DEFECTS / "type_list_swagger2.yaml")
    assert [f.where for f in suggestion.findings] == [
        "/definitions/Note/properties/value",
        "/definitions/Note/properties/text",
    ]
    assert [f.at for f in suggestion.findings] == [
        "/components/schemas/Note/properties/value",
        "/components/schemas/Note/properties/text",
    ]


def test_a_defect_outside_any_operation_or_schema_fails_the_run(tmp_path: Path) -> None:
    doc = tmp_path / "doc.yaml"
    doc.write_text(
        "openapi: 3.0.3\ninfo: {title: t}\npaths: {}\n"
    )  # info.version missing
    with pytest.raises(SpecError, match="version"):
        suggest_overlay(doc)


def test_validate_suggest_overlay_writes_the_overlay(tmp_path: Path) -> None:
    overlay = tmp_path / "suggested.yaml"
    result = CliRunner().invoke(
        app,
        ["validate", str(DEFECTS / "const_30.yaml"), "--suggest-overlay", str(overlay)],
    )
    assert result.exit_code == 1  # the document as given is still invalid
    assert "repaired: " in result.output and "1 repaired, 0 left out" in result.output
    result = CliRunner().invoke(
        app, ["validate", str(DEFECTS / "const_30.yaml"), "--overlay", str(overlay)]
    )
    assert result.exit_code == 0, result.output


def test_generate_lenient_is_generate_strict_with_the_written_overlay(
    tmp_path: Path,
) -> None:
    doc = DEFECTS / "unrepairable.yaml"
    lenient = CliRunner().invoke(
        app,
        [
            "generate",
            str(doc),
            "--package",
            "p",
            "--out",
            str(tmp_path / "a"),
            "--lenient",
        ],
    )
    assert lenient.exit_code == 0, lenient.output
    assert "0 repaired, 3 left out" in lenient.output
    overlay = tmp_path / "a" / "p.lenient-overlay.yaml"
    strict = CliRunner().invoke(
        app,
        [
            "generate",
            str(doc),
            "--package",
            "p",
            "--out",
            str(tmp_path / "b"),
            "--overlay",
            str(overlay),
        ],
    )
    assert strict.exit_code == 0, strict.output
    files = sorted(
        p.relative_to(tmp_path / "a")
        for p in (tmp_path / "a" / "p").rglob("*")
        if p.is_file()
    )
    assert files and all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
        for f in files
    )
    assert (
        "def good("
        in (tmp_path / "a" / "p" / "p" / "resources" / "good.py").read_text()
    )
    assert not (tmp_path / "a" / "p" / "p" / "resources" / "bad.py").exists()


def test_generate_lenient_on_a_valid_document_writes_no_overlay(tmp_path: Path) -> None:
    doc = (
        Path(__file__).resolve().parent.parent / "corpus" / "general" / "untagged.yaml"
    )
    result = CliRunner().invoke(
        app,
        ["generate", str(doc), "--package", "p", "--out", str(tmp_path), "--lenient"],
    )
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.glob("*.yaml"))


def test_strict_mode_names_the_alternative_without_the_discriminator_property() -> None:
    with pytest.raises(SpecError) as info:
        prepare(DEFECTS / "discriminator_undeclared.yaml")
    assert (
        info.value.pointer
        == "/paths/~1imports/post/requestBody/content/application~1json/schema/discriminator"
    )
    assert (
        "'connector_type' is not a property of #/components/schemas/gcsImport"
        in info.value.message
    )


def test_a_class_name_the_model_generator_would_change_is_repaired_in_the_open(
    tmp_path: Path,
) -> None:
    # Valid, so validation finds nothing: the clash shows only when the models are generated.
    doc = DEFECTS / "class_name_taken.yaml"
    args = ["generate", str(doc), "--package", "p", "--no-cache"]
    strict = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "strict")])
    assert strict.exit_code == 1
    # Located at the schema as the user wrote its name (`package`, not the class `Package`).
    assert f"{doc}#/components/schemas/package: datamodel-code-generator renamed" in (
        strict.output
    )
    lenient = CliRunner().invoke(
        app, [*args, "--out", str(tmp_path / "a"), "--lenient"]
    )
    assert lenient.exit_code == 0, lenient.output
    assert f"repaired: {doc}#/components/schemas/package: " in lenient.output
    assert "1 repaired, 0 left out" in lenient.output
    overlay = tmp_path / "a" / "p.lenient-overlay.yaml"
    assert load_document(overlay)["actions"] == [
        {
            "target": "$['components']['schemas']['package']",
            "update": {"x-python-name": "PackageModel"},
        }
    ]
    models = "".join(
        f.read_text()
        for f in sorted((tmp_path / "a" / "p" / "p" / "models").glob("*.py"))
    )
    assert "class PackageModel(Model):" in models  # the schema, by its new name
    assert "class Package(Weight):" in models  # the shipment's inline package
    # The written overlay reproduces the run in strict mode, byte for byte.
    again = CliRunner().invoke(
        app, [*args, "--out", str(tmp_path / "b"), "--overlay", str(overlay)]
    )
    assert again.exit_code == 0, again.output
    files = sorted(
        p.relative_to(tmp_path / "a" / "p")
        for p in (tmp_path / "a" / "p").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert files and all(
        (tmp_path / "a" / "p" / f).read_bytes()
        == (tmp_path / "b" / "p" / f).read_bytes()
        for f in files
    )

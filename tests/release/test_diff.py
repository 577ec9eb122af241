"""The API-version diff: every kind of change on small hand-written documents, the formats, the
version bump, and the published history of the stable document, whose changes were read by hand.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from rich.console import Console

from amperity_codegen.document.load import load_document
from amperity_codegen.document.prepare import prepare_document
from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.ir.model import Api
from amperity_codegen.ir.parse import AMPERITY_CLIENT_PARAMETERS, build_ir
from amperity_codegen.release.diff import (
    PYTHON_KINDS,
    WIRE_KINDS,
    Change,
    Identity,
    Report,
    bump,
    diff,
    diff_history,
    load_api,
    render_json,
    render_markdown,
    render_plain,
    render_text,
    summary,
)
from amperity_codegen.workspace.sources import Source
from tests.support.documents import HISTORY
from tests.support.project import ROOT

Json = dict[str, Any]
REPORT_SCHEMA = json.loads(
    (
        ROOT / "src" / "amperity_codegen" / "release" / "diff-report.schema.json"
    ).read_text()
)
Seen = set[tuple[str, str | None, str]]  # (kind, operation, location)


# ---------------------------------------------------------------------------------------------
# A small OpenAPI 3.0.3 document shaped like Amperity's, and ways to change it


def ref(name: str) -> Json:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: Json) -> Json:
    return {"content": {"application/json": {"schema": schema}}}


def response(schema: Json, description: str = "OK") -> Json:
    return {"description": description, **json_body(schema)}


ERRORS = {
    "400": response(ref("ErrorResponse"), "Bad request"),
    "404": response(ref("ErrorResponse"), "Not found"),
}
HEADERS = [
    {
        "name": "api-version",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    },
    {
        "name": "amperity-tenant",
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
    },
]
WORKFLOW_ID = {
    "name": "workflow-id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}


def query(name: str, schema: Json | None = None, required: bool = False) -> Json:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "schema": schema or {"type": "string"},
    }


def base() -> Json:
    # Through JSON, so no two places of the document share an object (an edit changes one place).
    return unshared(
        {
            "openapi": "3.0.3",
            "info": {"title": "Amperity API", "version": "2024-04-01"},
            "servers": [{"url": "https://app.amperity.com/api"}],
            "paths": {
                "/workflow/runs": {
                    "get": {
                        "operationId": "list-workflows",
                        "tags": ["Workflow"],
                        "parameters": [
                            *HEADERS,
                            query("limit", {"type": "integer"}),
                            query("next_token"),
                            query("state"),
                            query(
                                "created_from",
                                {"type": "string", "format": "date-time"},
                            ),
                        ],
                        "responses": {"200": response(ref("WorkflowList")), **ERRORS},
                    },
                    "post": {
                        "operationId": "run-workflow",
                        "tags": ["Workflow"],
                        "parameters": HEADERS,
                        "requestBody": {
                            "required": True,
                            **json_body(ref("WorkflowRunRequest")),
                        },
                        "responses": {"201": response(ref("Workflow")), **ERRORS},
                    },
                },
                "/workflow/runs/{workflow-id}": {
                    "get": {
                        "operationId": "get-workflow",
                        "tags": ["Workflow"],
                        "parameters": [
                            *HEADERS,
                            WORKFLOW_ID,
                            query(
                                "view",
                                {"type": "string", "enum": ["overview", "verbose"]},
                            ),
                        ],
                        "responses": {"200": response(ref("Workflow")), **ERRORS},
                    }
                },
                "/workflow/runs/{workflow-id}:stop": {
                    "post": {
                        "operationId": "stop-workflow",
                        "tags": ["Workflow"],
                        "parameters": [*HEADERS, WORKFLOW_ID],
                        "responses": {"200": response(ref("Workflow")), **ERRORS},
                    }
                },
                "/segments": {
                    "get": {
                        "operationId": "list-segments",
                        "tags": ["Segments"],
                        "parameters": HEADERS,
                        "responses": {
                            "200": response(ref("SegmentList")),
                            "400": ERRORS["400"],
                        },
                    }
                },
            },
            "components": {
                "schemas": {
                    "Workflow": {
                        "type": "object",
                        "required": ["id", "state"],
                        "properties": {
                            "id": {"type": "string"},
                            "state": {
                                "type": "string",
                                "enum": ["running", "succeeded"],
                            },
                            "name": {"type": "string"},
                            "warn_after_ms": {"type": "integer"},
                            "task_instances": {"type": "array", "items": ref("Task")},
                        },
                    },
                    # Recursive: the diff must follow it without looping.
                    "Task": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string"},
                            "label": {"type": "string"},
                            "parent": ref("Task"),
                        },
                    },
                    "WorkflowList": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {"type": "array", "items": ref("Workflow")},
                            "next_token": {"type": "string"},
                            "total": {"type": "integer"},
                        },
                    },
                    "WorkflowRunRequest": {
                        "type": "object",
                        "required": ["config_id"],
                        "properties": {
                            "config_id": {"type": "string"},
                            "range_from": {"type": "string", "format": "date-time"},
                            "run_mode": {"type": "string", "enum": ["source", "full"]},
                        },
                    },
                    "Segment": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string"},
                            "name": {"type": "string"},
                        },
                    },
                    "SegmentList": {
                        "type": "object",
                        "required": ["data"],
                        "properties": {
                            "data": {"type": "array", "items": ref("Segment")},
                            "next_token": {"type": "string"},
                        },
                    },
                    "ErrorResponse": {
                        "type": "object",
                        "required": ["status", "message"],
                        "properties": {
                            "status": {"type": "integer"},
                            "message": {"type": "string"},
                        },
                    },
                }
            },
        }
    )


def unshared(doc: Json) -> Json:
    copied: Json = json.loads(json.dumps(doc))
    return copied


def ir(doc: Json) -> Api:
    prepared = prepare_document(copy.deepcopy(doc), "test.json")
    # As spec/sources.toml configures Amperity's documents: the 2.0 versions' query alias too.
    roles = {**AMPERITY_CLIENT_PARAMETERS, "api_version": "version"}
    return build_ir(prepared, package="test_api", client_parameters=roles)


def changed(edit: Callable[[Json], None], old: Json | None = None) -> Report:
    """The diff from `old` (the base document) to a copy of it changed by `edit`."""
    before = old if old is not None else base()
    after = copy.deepcopy(before)
    edit(after)
    return diff(ir(before), ir(after))


def seen(changes: tuple[Change, ...]) -> Seen:
    """(kind, operation, location) for each operation a change affects (None: it affects none)."""
    return {(c.kind, o, c.location) for c in changes for o in c.operations or (None,)}


def op(doc: Json, method: str, path: str) -> Json:
    found: Json = doc["paths"][path][method]
    return found


def schema(doc: Json, name: str) -> Json:
    found: Json = doc["components"]["schemas"][name]
    return found


def param(operation: Json, name: str) -> Json:
    return next(p for p in operation["parameters"] if p.get("name") == name)


def replace_param(operation: Json, name: str, new: Json) -> None:
    operation["parameters"] = [
        new if p.get("name") == name else p for p in operation["parameters"]
    ]


LIST = ("get", "/workflow/runs")
RUN = ("post", "/workflow/runs")
GET = ("get", "/workflow/runs/{workflow-id}")
STOP = ("post", "/workflow/runs/{workflow-id}:stop")


# ---------------------------------------------------------------------------------------------
# What is not a change


def test_the_same_document_has_no_changes() -> None:
    report = diff(ir(base()), ir(base()))
    assert report == Report() and not report.breaking


def test_reordered_parameters_properties_and_required_lists_are_no_change() -> None:
    def reorder(doc: Json) -> None:
        for method, path in (LIST, GET):
            op(doc, method, path)["parameters"].reverse()
        workflow = schema(doc, "Workflow")
        workflow["properties"] = dict(reversed(list(workflow["properties"].items())))
        workflow["required"].reverse()
        doc["paths"] = dict(reversed(list(doc["paths"].items())))

    assert changed(reorder) == Report()


def test_descriptions_examples_and_defaults_are_no_change() -> None:
    def document(doc: Json) -> None:
        op(doc, *LIST)["description"] = "Lists workflows."
        param(op(doc, *LIST), "state")["schema"]["default"] = "succeeded"
        schema(doc, "Workflow")["properties"]["id"]["example"] = "wf-1"
        schema(doc, "Workflow")["description"] = "A workflow"

    assert changed(document) == Report()


def test_client_wide_parameters_are_client_level_wire_changes_with_no_python_change() -> (
    None
):
    # Swagger 2.0 documents declare the version as an `api_version` query parameter on each call.
    def declare(doc: Json) -> None:
        op(doc, *LIST)["parameters"].append(query("api_version"))
        op(doc, *GET)["parameters"] = [
            p for p in op(doc, *GET)["parameters"] if p["in"] != "header"
        ]

    report = changed(declare)
    assert report.python == ()
    assert seen(report.wire) == {
        ("optional-client-parameter-added", "GET /workflow/runs", "query api_version"),
        (
            "client-parameter-removed",
            "GET /workflow/runs/{workflow-id}",
            "header amperity-tenant",
        ),
        (
            "client-parameter-removed",
            "GET /workflow/runs/{workflow-id}",
            "header api-version",
        ),
    }
    assert all("Python: none" in c.detail for c in report.wire)
    assert [c.python for c in report.wire] == [("workflow.get_workflow",)] * 2 + [
        ("workflow.list_workflows",)
    ]


def test_a_renamed_schema_of_the_same_shape_is_no_wire_change_but_a_renamed_model() -> (
    None
):
    def rename(doc: Json) -> None:
        schemas = doc["components"]["schemas"]
        task = schemas.pop("Task")
        task["properties"]["parent"] = ref("TaskInstance")
        schemas["TaskInstance"] = task
        schemas["Workflow"]["properties"]["task_instances"]["items"] = ref(
            "TaskInstance"
        )

    report = changed(rename)
    assert report.wire == ()
    # One change, not one more in every annotation that names the class (Workflow.task_instances).
    assert seen(report.python) == {("model-renamed", None, "models.Task")}
    assert (
        report.python[0].breaking and "models.TaskInstance" in report.python[0].detail
    )


def test_swagger_2_and_the_same_api_in_openapi_3_have_no_wire_change() -> None:
    swagger: Json = {
        "swagger": "2.0",
        "info": {"title": "Amperity API", "version": "2024-04-01"},
        "host": "app.amperity.com",
        "basePath": "/api",
        "schemes": ["https"],
        "produces": ["application/json"],
        "consumes": ["application/json"],
        "paths": {
            "/segments": {
                "get": {
                    "operationId": "list-segments",
                    "tags": ["Segments"],
                    "parameters": [
                        {"name": "with_total", "in": "query", "type": "boolean"},
                        {"name": "api_version", "in": "query", "type": "string"},
                        {
                            "name": "limit",
                            "in": "query",
                            "type": "integer",
                            "format": "int64",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "schema": {"$ref": "#/definitions/SegmentList"},
                        }
                    },
                }
            }
        },
        "definitions": {
            "Segment": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "size": {"type": "number", "format": "double"},
                },
            },
            "SegmentList": {
                "type": "object",
                "properties": {
                    "data": {
                        "type": "array",
                        "items": {"$ref": "#/definitions/Segment"},
                    }
                },
            },
        },
    }
    # The same API as the 2026 documents write it: header parameters, no number widths.
    openapi: Json = {
        "openapi": "3.0.3",
        "info": {"title": "Amperity API", "version": "2024-04-01"},
        "servers": [{"url": "https://app.amperity.com/api"}],
        "paths": {
            "/segments": {
                "get": {
                    "operationId": "list-segments",
                    "tags": ["Segments"],
                    "parameters": [
                        *HEADERS,
                        query("limit", {"type": "integer"}),
                        query("with_total", {"type": "boolean", "default": False}),
                    ],
                    "responses": {"200": response(ref("SegmentList"))},
                }
            }
        },
        "components": {
            "schemas": {
                "Segment": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "size": {"type": "number"},
                    },
                },
                "SegmentList": {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": ref("Segment")}},
                },
            }
        },
    }
    # Only what the client sends anyway: the headers now declared, the query alias gone.
    report = diff(ir(swagger), ir(openapi))
    assert report.python == ()
    assert {(c.kind, c.location) for c in report.wire} == {
        ("required-client-parameter-added", "header amperity-tenant"),
        ("required-client-parameter-added", "header api-version"),
        ("client-parameter-removed", "query api_version"),
    }


def test_a_published_swagger_2_document_and_its_own_upgrade_have_no_change(
    tmp_path: Path,
) -> None:
    published = HISTORY / "2026-04-03" / STABLE_NAME
    upgraded = tmp_path / STABLE_NAME
    upgraded.write_text(json.dumps(upgrade(load_document(published))))
    assert diff(load_api(published), load_api(upgraded)) == Report()


# ---------------------------------------------------------------------------------------------
# Endpoints


def test_endpoint_removed_and_added() -> None:
    def edit(doc: Json) -> None:
        del doc["paths"]["/workflow/runs/{workflow-id}"]
        doc["paths"]["/campaigns"] = {
            "get": {
                "operationId": "list-campaigns",
                "tags": ["Campaigns"],
                "parameters": HEADERS,
                "responses": {
                    "200": response({"type": "array", "items": {"type": "string"}})
                },
            }
        }

    report = changed(edit)
    assert seen(report.wire) == {
        (
            "endpoint-removed",
            "GET /workflow/runs/{workflow-id}",
            "/workflow/runs/{workflow-id}",
        ),
        ("endpoint-added", "GET /campaigns", "/campaigns"),
    }
    assert {c.kind: c.breaking for c in report.wire} == {
        "endpoint-removed": True,
        "endpoint-added": False,
    }
    assert {
        ("method-removed", "workflow.get_workflow"),
        ("method-added", "campaigns.list_campaigns"),
    } <= {(c.kind, c.location) for c in report.python}
    assert ("resource-added", None, "campaigns") in seen(report.python)


def test_a_renamed_url_is_one_breaking_change() -> None:
    def edit(doc: Json) -> None:
        doc["paths"]["/workflow/runs/{workflow-id}/stop"] = doc["paths"].pop(
            "/workflow/runs/{workflow-id}:stop"
        )

    report = changed(edit)
    assert report.python == ()
    (change,) = report.wire
    assert (change.kind, change.operations, change.breaking) == (
        "endpoint-renamed",
        ("POST /workflow/runs/{workflow-id}:stop",),
        True,
    )
    assert (
        change.detail
        == "POST /workflow/runs/{workflow-id}:stop → POST /workflow/runs/{workflow-id}/stop"
    )


def test_a_url_renamed_anywhere_with_the_same_contract_is_one_change() -> None:
    def edit(doc: Json) -> None:
        doc["paths"]["/audiences"] = doc["paths"].pop("/segments")

    assert seen(changed(edit).wire) == {
        ("endpoint-renamed", "GET /segments", "/segments")
    }


def test_a_renamed_path_variable_is_the_same_url_but_a_renamed_argument() -> None:
    def edit(doc: Json) -> None:
        item = doc["paths"].pop("/workflow/runs/{workflow-id}")
        replace_param(item["get"], "workflow-id", {**WORKFLOW_ID, "name": "run-id"})
        doc["paths"]["/workflow/runs/{run-id}"] = item

    report = changed(edit)
    assert report.wire == ()
    assert seen(report.python) == {
        (
            "parameter-renamed",
            "GET /workflow/runs/{run-id}",
            "workflow.get_workflow(workflow_id)",
        )
    }


def test_a_renamed_url_with_changed_contents_reports_the_contents_under_the_new_url() -> (
    None
):
    def edit(doc: Json) -> None:
        item = doc["paths"].pop("/workflow/runs/{workflow-id}:stop")
        item["post"]["parameters"].append(query("reason", required=True))
        doc["paths"]["/workflow/runs/{workflow-id}/stop"] = item

    assert seen(changed(edit).wire) == {
        (
            "endpoint-renamed",
            "POST /workflow/runs/{workflow-id}:stop",
            "/workflow/runs/{workflow-id}:stop",
        ),
        (
            "required-parameter-added",
            "POST /workflow/runs/{workflow-id}/stop",
            "reason",
        ),
    }


# ---------------------------------------------------------------------------------------------
# Parameters


def test_parameter_added_required_or_optional() -> None:
    def edit(doc: Json) -> None:
        op(doc, *LIST)["parameters"] += [
            query("type"),
            query("config_id", required=True),
        ]

    report = changed(edit)
    assert seen(report.wire) == {
        ("optional-parameter-added", "GET /workflow/runs", "type"),
        ("required-parameter-added", "GET /workflow/runs", "config_id"),
    }
    assert {c.location: c.breaking for c in report.wire} == {
        "type": False,
        "config_id": True,
    }
    assert {(c.kind, c.location, c.breaking) for c in report.python} == {
        ("optional-parameter-added", "workflow.list_workflows(type)", False),
        ("required-parameter-added", "workflow.list_workflows(config_id)", True),
    }


def test_parameter_became_required_or_optional() -> None:
    def edit(doc: Json) -> None:
        param(op(doc, *LIST), "state")["required"] = True

    report = changed(edit)
    assert [(c.kind, c.location, c.breaking) for c in report.wire] == [
        ("parameter-became-required", "state", True)
    ]
    assert [(c.kind, c.breaking) for c in report.python] == [
        ("parameter-became-required", True)
    ]
    required = copy.deepcopy(base())
    param(op(required, *LIST), "state")["required"] = True
    back = changed(
        lambda doc: param(op(doc, *LIST), "state").update(required=False), old=required
    )
    assert [(c.kind, c.breaking) for c in back.wire] == [
        ("parameter-became-optional", False)
    ]
    assert [(c.kind, c.breaking) for c in back.python] == [
        ("parameter-became-optional", False)
    ]


def test_parameter_removed() -> None:
    report = changed(lambda doc: op(doc, *LIST)["parameters"].pop())
    assert [(c.kind, c.location, c.breaking) for c in report.wire] == [
        ("parameter-removed", "created_from", True)
    ]
    assert [c.kind for c in report.python] == ["parameter-removed"]


def test_parameter_moved_from_query_to_header_is_one_change() -> None:
    def edit(doc: Json) -> None:
        replace_param(op(doc, *LIST), "state", {**query("state"), "in": "header"})

    report = changed(edit)
    assert [(c.kind, c.location, c.detail, c.breaking) for c in report.wire] == [
        ("parameter-moved", "state", "query → header", True)
    ]
    assert report.python == ()  # same argument, sent elsewhere


def test_a_path_parameter_becoming_a_query_parameter_changes_the_argument_kind() -> (
    None
):
    def edit(doc: Json) -> None:
        item = doc["paths"].pop("/workflow/runs/{workflow-id}")
        replace_param(item["get"], "workflow-id", query("workflow-id", required=True))
        doc["paths"][
            "/workflow/runs/by-id"
        ] = item  # one segment apart: the same endpoint

    report = changed(edit)
    assert (
        "endpoint-renamed",
        "GET /workflow/runs/{workflow-id}",
        "/workflow/runs/{workflow-id}",
    ) in seen(report.wire)
    assert ("parameter-moved", "workflow-id") in {
        (c.kind, c.location) for c in report.wire
    }
    (kind,) = [c for c in report.python if c.kind == "parameter-kind-changed"]
    assert kind.detail == "positional #1 → keyword-only"


def test_parameter_type_changed() -> None:
    def edit(doc: Json) -> None:
        param(op(doc, *LIST), "limit")["schema"] = {"type": "string"}

    report = changed(edit)
    assert [(c.kind, c.location, c.detail, c.breaking) for c in report.wire] == [
        ("type-changed", "limit", "integer → string", True)
    ]
    assert [(c.kind, c.detail) for c in report.python] == [
        ("parameter-type-changed", "int → str")
    ]


def test_number_widths_are_no_type_change_but_string_formats_are() -> None:
    def widen(doc: Json) -> None:
        param(op(doc, *LIST), "limit")["schema"]["format"] = "int64"

    assert changed(widen) == Report()

    def date_only(doc: Json) -> None:
        param(op(doc, *LIST), "created_from")["schema"]["format"] = "date"

    assert [(c.kind, c.detail) for c in changed(date_only).wire] == [
        ("type-changed", "string(date-time) → string(date)")
    ]


# ---------------------------------------------------------------------------------------------
# Request bodies


def test_request_fields_added_removed_and_required() -> None:
    def edit(doc: Json) -> None:
        request = schema(doc, "WorkflowRunRequest")
        request["properties"]["range_to"] = {"type": "string", "format": "date-time"}
        request["properties"]["priority"] = {"type": "integer"}
        request["required"] = ["config_id", "priority", "range_from"]
        del request["properties"]["run_mode"]

    report = changed(edit)
    assert {(c.kind, c.location, c.breaking) for c in report.wire} == {
        ("request-field-added", "WorkflowRunRequest.range_to", False),
        ("required-request-field-added", "WorkflowRunRequest.priority", True),
        ("request-field-removed", "WorkflowRunRequest.run_mode", True),
        ("request-field-became-required", "WorkflowRunRequest.range_from", True),
    }
    assert {(c.kind, c.location) for c in report.python} >= {
        ("optional-parameter-added", "workflow.run_workflow(range_to)"),
        ("required-parameter-added", "workflow.run_workflow(priority)"),
        ("parameter-removed", "workflow.run_workflow(run_mode)"),
        ("parameter-became-required", "workflow.run_workflow(range_from)"),
        ("model-field-removed", "models.WorkflowRunRequest.run_mode"),
    }


def test_request_field_became_optional_is_not_breaking() -> None:
    report = changed(lambda doc: schema(doc, "WorkflowRunRequest").pop("required"))
    assert [(c.kind, c.location, c.breaking) for c in report.wire] == [
        ("request-field-became-optional", "WorkflowRunRequest.config_id", False)
    ]


def test_a_request_body_added_or_removed() -> None:
    def add(doc: Json) -> None:
        op(doc, *STOP)["requestBody"] = {
            "required": True,
            **json_body(ref("WorkflowRunRequest")),
        }

    assert seen(changed(add).wire) == {
        (
            "required-request-field-added",
            "POST /workflow/runs/{workflow-id}:stop",
            "body",
        )
    }
    removed = changed(lambda doc: op(doc, *RUN).pop("requestBody"))
    assert seen(removed.wire) == {
        ("request-field-removed", "POST /workflow/runs", "body")
    }


# ---------------------------------------------------------------------------------------------
# Responses


def test_response_fields_added_removed_and_their_optionality() -> None:
    def edit(doc: Json) -> None:
        workflow = schema(doc, "Workflow")
        workflow["properties"]["ended_at"] = {"type": "string", "format": "date-time"}
        del workflow["properties"]["warn_after_ms"]
        workflow["required"] = ["id", "name"]  # state optional, name required

    wire = changed(edit).wire
    # One entry per change, located in the schema, listing the four operations that answer it.
    assert {(c.kind, c.location, c.breaking) for c in wire} == {
        ("response-field-added", "Workflow.ended_at", False),
        ("response-field-removed", "Workflow.warn_after_ms", True),
        ("response-field-became-optional", "Workflow.state", True),
        ("response-field-became-required", "Workflow.name", False),
    }
    everywhere = (
        "GET /workflow/runs",
        "GET /workflow/runs/{workflow-id}",
        "POST /workflow/runs",
        "POST /workflow/runs/{workflow-id}:stop",
    )
    assert all(c.operations == everywhere for c in wire)
    assert wire[0].python == (
        "workflow.get_workflow",
        "workflow.list_workflows",
        "workflow.run_workflow",
        "workflow.stop_workflow",
    )
    assert [c.breaking for c in wire] == [True, True, False, False]  # breaking first
    # Workflow is only read: a field now always there breaks no caller; one maybe missing does.
    assert {(c.kind, c.location, c.breaking) for c in changed(edit).python} == {
        ("model-field-added", "models.Workflow.ended_at", False),
        ("model-field-removed", "models.Workflow.warn_after_ms", True),
        ("model-field-became-optional", "models.Workflow.state", True),
        ("response-model-field-became-required", "models.Workflow.name", False),
    }


def test_a_change_deep_in_a_recursive_schema_is_found_once_per_place() -> None:
    def edit(doc: Json) -> None:
        schema(doc, "Task")["properties"]["label"] = {"type": "integer"}

    (change,) = changed(edit).wire
    assert change.location == "Task.label"
    assert (change.kind, change.detail) == ("type-changed", "string → integer")
    assert len(change.operations) == 4


def test_type_changed_in_a_response_and_to_any() -> None:
    def edit(doc: Json) -> None:
        properties = schema(doc, "Workflow")["properties"]
        properties["warn_after_ms"] = {"type": "number"}
        properties["name"] = {"description": "anything"}

    report = changed(edit)
    got = {(c.location, c.detail) for c in report.wire if GET_KEY in c.operations}
    assert got == {
        ("Workflow.warn_after_ms", "integer → number"),
        ("Workflow.name", "string → any"),
    }
    assert all(c.breaking for c in report.wire)
    assert {c.location for c in report.python} == {
        "models.Workflow.warn_after_ms",
        "models.Workflow.name",
    }


def test_enum_value_added_or_removed() -> None:
    def edit(doc: Json) -> None:
        schema(doc, "Workflow")["properties"]["state"]["enum"] = ["running", "failed"]
        param(op(doc, *GET), "view")["schema"]["enum"].append("summary")

    wire = changed(edit).wire
    assert {
        (c.kind, c.location, c.detail, c.breaking)
        for c in wire
        if GET_KEY in c.operations
    } == {
        ("enum-added", "Workflow.state", "added 'failed'", False),
        ("enum-value-removed", "Workflow.state", "removed 'succeeded'", True),
        ("enum-added", "view", "added 'summary'", False),
    }


def test_an_enum_on_a_free_string_is_a_type_change() -> None:
    def edit(doc: Json) -> None:
        param(op(doc, *LIST), "state")["schema"]["enum"] = ["running", "succeeded"]

    (change,) = changed(edit).wire
    assert (change.kind, change.detail) == (
        "type-changed",
        "string → string (one of 'running', 'succeeded')",
    )


def test_pagination_added_and_removed() -> None:
    def add(doc: Json) -> None:
        op(doc, "get", "/segments")["parameters"].append(query("next_token"))

    assert seen(changed(add).wire) == {
        ("pagination-added", "GET /segments", "response"),
        ("optional-parameter-added", "GET /segments", "next_token"),
    }
    assert all(c.breaking for c in changed(add).wire if c.kind == "pagination-added")

    def remove(doc: Json) -> None:
        replace_param(op(doc, *LIST), "next_token", query("cursor"))

    assert ("pagination-removed", "GET /workflow/runs", "response") in seen(
        changed(remove).wire
    )


def test_success_status_changed() -> None:
    def edit(doc: Json) -> None:
        responses = op(doc, *RUN)["responses"]
        responses["200"] = responses.pop("201")

    (change,) = changed(edit).wire
    assert (change.kind, change.location, change.detail, change.breaking) == (
        "response-status-changed",
        "response",
        "201 → 200",
        True,
    )


def test_documented_error_responses_added_or_removed_are_not_breaking() -> None:
    def edit(doc: Json) -> None:
        del op(doc, *LIST)["responses"]["404"]
        op(doc, *LIST)["responses"]["503"] = response(
            ref("ErrorResponse"), "Unavailable"
        )

    report = changed(edit)
    assert {(c.kind, c.location, c.breaking) for c in report.wire} == {
        ("error-response-removed", "404", False),
        ("error-response-added", "503", False),
    }
    assert not report.breaking and report.python == ()


def test_a_different_response_model_changes_the_return_type() -> None:
    def edit(doc: Json) -> None:
        op(doc, *STOP)["responses"]["200"] = response(ref("Segment"))

    report = changed(edit)
    assert ("response-field-removed", "response.state") in {
        (c.kind, c.location) for c in report.wire
    }
    assert [(c.kind, c.detail) for c in report.python] == [
        ("return-type-changed", "models.Workflow → models.Segment")
    ]


# ---------------------------------------------------------------------------------------------
# Python surface alone


def test_a_renamed_operation_id_renames_the_method_without_a_wire_change() -> None:
    report = changed(lambda doc: op(doc, *GET).update(operationId="fetch-workflow"))
    assert report.wire == ()
    assert [
        (c.kind, c.operations, c.location, c.detail, c.breaking) for c in report.python
    ] == [
        (
            "method-renamed",
            ("GET /workflow/runs/{workflow-id}",),
            "workflow.get_workflow",
            "workflow.get_workflow → workflow.fetch_workflow",
            True,
        )
    ]


def test_a_renamed_tag_renames_the_resource() -> None:
    report = changed(lambda doc: op(doc, "get", "/segments").update(tags=["Audiences"]))
    assert report.wire == ()
    assert [(c.kind, c.location, c.detail) for c in report.python] == [
        ("resource-renamed", "segments", "client.segments → client.audiences")
    ]


def test_a_model_removed_and_one_added_with_another_shape() -> None:
    def edit(doc: Json) -> None:
        schemas = doc["components"]["schemas"]
        del schemas["Segment"]
        schemas["Audience"] = {
            "type": "object",
            "properties": {"key": {"type": "string"}},
        }
        schemas["SegmentList"]["properties"]["data"]["items"] = ref("Audience")

    report = changed(edit)
    assert {(c.kind, c.location, c.breaking) for c in report.python} == {
        ("model-removed", "models.Segment", True),
        ("model-added", "models.Audience", False),
        ("model-field-type-changed", "models.SegmentList.data", True),
    }
    assert ("response-field-removed", "SegmentList.data[].id") in {
        (c.kind, c.location) for c in report.wire
    }


def test_a_resource_removed_with_its_only_endpoint() -> None:
    report = changed(lambda doc: doc["paths"].pop("/segments"))
    assert seen(report.wire) == {("endpoint-removed", "GET /segments", "/segments")}
    assert {(c.kind, c.location, c.breaking) for c in report.python} == {
        ("resource-removed", "segments", True),
        ("method-removed", "segments.list_segments", True),
    }  # its schemas are still in the document, so the models stay


def test_every_kind_is_exercised_here() -> None:
    # The kinds are stable ids that tooling reads in the JSON; each one has a test in this file.
    source = Path(__file__).read_text()
    assert [k for k in {*WIRE_KINDS, *PYTHON_KINDS} if f'"{k}"' not in source] == []


# ---------------------------------------------------------------------------------------------
# Formats and the version bump


def _breaking_and_additions() -> Report:
    def edit(doc: Json) -> None:
        del op(doc, *LIST)["responses"]["404"]  # other
        op(doc, *LIST)["parameters"].append(query("type"))  # addition
        param(op(doc, *LIST), "state")["required"] = True  # breaking

    return changed(edit)


def test_json_is_one_sorted_deterministic_object_valid_against_the_shipped_schema() -> (
    None
):
    report = _breaking_and_additions()
    text = render_json(report)
    data = json.loads(text)
    assert (
        data["format_version"] == 1
        and data["bump"] == "major"
        and data["breaking"] is True
    )
    assert all(
        set(c) == {"kind", "operations", "location", "breaking", "detail", "python"}
        for c in data["wire"]
    )
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
    assert text == render_json(_breaking_and_additions())
    jsonschema.validate(data, REPORT_SCHEMA)
    identified = replace(
        report, old=Identity("Amperity API", "2024-04-01", "0" * 64), new=None
    )
    jsonschema.validate(json.loads(render_json(identified)), REPORT_SCHEMA)
    assert json.loads(render_json(identified))["old"]["sha256"] == "0" * 64


def test_markdown_groups_breaking_changes_additions_and_other_changes() -> None:
    text = render_markdown(_breaking_and_additions())
    assert text.startswith("Suggested version bump: **major**.")
    headings = re.findall(r"^### (.+)$", text, flags=re.M)
    assert headings == ["Breaking changes", "Additions", "Other changes"]
    breaking = text.split("### Additions")[0]
    assert (
        "- API: `state` in `GET /workflow/runs`: optional → required (Python: "
        "`workflow.list_workflows`)"
        " (parameter-became-required)" in breaking
    )
    assert "(error-response-removed)" in text.split("### Other changes")[1]
    assert render_markdown(Report()) == "No changes to the API or the Python client.\n"


def test_a_schema_change_is_one_entry_in_every_format() -> None:
    def edit(doc: Json) -> None:
        schema(doc, "Task")["properties"]["label"] = {"type": "integer"}

    report = changed(edit)
    assert len(report.wire) == 1 and len(report.python) == 1
    assert (
        render_markdown(report).count("Task.label") == 2
    )  # the wire entry and the model field
    assert render_plain(report).count("Task.label") == 2
    assert (
        summary(report)
        == "1 wire change(s), 1 Python change(s), 2 breaking (bump: major)"
    )


def test_text_prints_tables_without_reading_details_as_markup() -> None:
    def edit(doc: Json) -> None:
        schema(doc, "Task")["properties"]["label"] = {"type": "integer"}

    console = Console(file=StringIO(), width=200)
    console.print(render_text(changed(edit)))
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "Task.label" in printed
    assert "type-changed" in printed and "breaking" in printed


def test_plain_text_is_one_aligned_line_per_change_whatever_its_length() -> None:
    def edit(doc: Json) -> None:
        del op(doc, *LIST)["responses"]["404"]
        param(op(doc, *LIST), "state")["required"] = True
        schema(doc, "Task")["properties"]["a_very_long_field_name_" * 5] = {
            "type": "string"
        }

    report = changed(edit)
    lines = render_plain(report).splitlines()
    assert lines[0] == summary(report)
    assert len(lines) == 2 + len(report.wire) + len(report.python)
    # Columns aligned: each detail starts where the header's last column does.
    start = lines[1].index("detail")
    assert all(line[start - 2 : start] == "  " for line in lines[2:])
    assert any(("a_very_long_field_name_" * 5) in line for line in lines)  # never cut
    assert any(line.endswith("404 no longer documented") for line in lines)


@pytest.mark.parametrize(
    ("report", "generator_changed", "expected"),
    [
        (
            Report(wire=(Change("endpoint-removed", ("GET /x",), "/x", True, ""),)),
            False,
            "2.0.0",
        ),
        (
            Report(python=(Change("method-renamed", ("GET /x",), "x.y", True, ""),)),
            False,
            "2.0.0",
        ),
        (
            Report(wire=(Change("endpoint-added", ("GET /x",), "/x", False, ""),)),
            True,
            "1.5.0",
        ),
        (
            Report(
                wire=(Change("error-response-removed", ("GET /x",), "404", False, ""),)
            ),
            False,
            "1.5.0",
        ),
        (Report(), True, "1.4.3"),
        (Report(), False, "1.4.2"),
    ],
)
def test_bump(report: Report, generator_changed: bool, expected: str) -> None:
    assert bump(report, "1.4.2", generator_changed) == expected


def test_bump_refuses_a_version_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="1.4"):
        bump(Report(), "1.4", False)


# ---------------------------------------------------------------------------------------------
# History


def test_diff_history_walks_dated_folders_in_order(tmp_path: Path) -> None:
    first, second = base(), base()
    op(second, *LIST)["parameters"].append(query("type"))
    third = unshared(second)
    del third["paths"]["/segments"]
    for day, doc in (
        ("2024-01-02", second),
        ("2023-12-31", first),
        ("2024-02-01", third),
    ):
        (tmp_path / day).mkdir()
        (tmp_path / day / "api.json").write_text(json.dumps(doc))
    (tmp_path / "notes").mkdir()  # not a date: not a version
    (tmp_path / "2024-03-01").mkdir()  # no such document that day
    timeline = diff_history(tmp_path, "api.json")
    assert [day for day, _ in timeline] == [date(2024, 1, 2), date(2024, 2, 1)]
    assert [c.kind for c in timeline[0][1].wire] == ["optional-parameter-added"]
    assert [c.kind for c in timeline[1][1].wire] == ["endpoint-removed"]


STABLE_NAME = "control-plane-2024-04-01-openapi.json"
GET_KEY = "GET /workflow/runs/{workflow-id}"
# The stable document's source as configured, minus the naming overlay: these expectations are
# about what Amperity published, so the Python names are the ones each version implies.
STABLE_SOURCE = Source(
    name="amperity-api",
    url=f"https://docs.amperity.com/downloads/openapi/{STABLE_NAME}",
    file=STABLE_NAME,
    package="amperity_api",
    api="Amperity API",
    overlays=(ROOT / "spec" / "overlays" / "servers.yaml",),
    rate_limit=10.0,
    client_parameters={
        **AMPERITY_CLIENT_PARAMETERS,
        "api_version": "version",
    },  # as spec/sources.toml
)

# Read by hand from the documents (pairwise: paths, parameters, schemas), not from this diff.
# 2024-07-31: `:stop` became `/stop`, and three operations declare the `api_version` query
# parameter (the client-wide version: reported, with no Python change). 2024-09-10, 2024-11-07,
# 2026-04-03:
#   only descriptions and x-example values changed. 2024-10-03: GET /ingest/jobs and its list
# schema. 2025-04-23: POST /workflow/runs and WorkflowRunRequest; GET /workflow/runs documents 503.
QUIET: dict[str, Seen] = {"wire": set(), "python": set()}
HISTORY_EXPECTED: dict[date, dict[str, Seen]] = {
    date(2024, 7, 31): {
        "wire": {
            (
                "endpoint-renamed",
                "POST /workflow/runs/{workflow-id}:stop",
                "/workflow/runs/{workflow-id}:stop",
            ),
            *(
                ("optional-client-parameter-added", operation, "query api_version")
                for operation in (
                    "GET /workflow/runs/{workflow-id}",
                    "POST /workflow/runs/{workflow-id}/stop",
                    "GET /ingest/jobs/{job-id}",
                )
            ),
        },
        # No operationId: the derived method name ignores `:` vs `/`, so it stays.
        "python": set(),
    },
    date(2024, 9, 10): QUIET,
    date(2024, 10, 3): {
        "wire": {("endpoint-added", "GET /ingest/jobs", "/ingest/jobs")},
        "python": {
            ("method-added", "GET /ingest/jobs", "ingest.get_ingest_jobs"),
            ("model-added", None, "models.IngestJobDetailsListEnvelope"),
        },
    },
    date(2024, 11, 7): QUIET,
    date(2025, 4, 23): {
        "wire": {
            ("endpoint-added", "POST /workflow/runs", "/workflow/runs"),
            ("error-response-added", "GET /workflow/runs", "503"),
        },
        "python": {
            ("method-added", "POST /workflow/runs", "workflow.post_workflow_runs"),
            ("model-added", None, "models.WorkflowRunRequest"),
        },
    },
    date(2026, 4, 3): QUIET,
}

# 2026-04-24, Swagger 2.0 → OpenAPI 3.0.3. Workflow (answered by four operations): `name` now
# required, `warn_after_ms` number → integer, `error` wrapped in allOf (same shape) whose `data`
# went from an object schema (WorkflowErrorData) to `{}`; its task instances, Task renamed
# WorkflowTaskInstance, keep only id/state/tenant required and `timeout_ms` number → integer.
WORKFLOW_CHANGES = [
    ("response-field-became-required", "Workflow", "name"),
    ("type-changed", "Workflow", "warn_after_ms"),
    (
        "type-changed",
        "WorkflowError",
        "data",
    ),  # in Workflow.error and in each task's error
    # Task and WorkflowTaskInstance are different schemas: compared where Workflow uses them.
    ("type-changed", "Workflow", "task_instances[].timeout_ms"),
    ("response-field-became-optional", "Workflow", "task_instances[].workflow_id"),
    (
        "response-field-became-optional",
        "Workflow",
        "task_instances[].task_definition_id",
    ),
    (
        "response-field-became-optional",
        "Workflow",
        "task_instances[].task_definition_type",
    ),
    ("response-field-became-optional", "Workflow", "task_instances[].label"),
    ("response-field-became-optional", "Workflow", "task_instances[].created_at"),
]
WORKFLOW_OPERATIONS = [
    "GET /workflow/runs",
    "POST /workflow/runs",
    "GET /workflow/runs/{workflow-id}",
    "POST /workflow/runs/{workflow-id}/stop",
]
EVERY_OPERATION = [
    *WORKFLOW_OPERATIONS,
    "GET /audit-events",
    "GET /campaigns",
    "GET /segments",
    "GET /ingest/jobs",
    "GET /ingest/jobs/{job-id}",
]
# The 3.0 document documents 404 only where an id is looked up, and no 405 or 503 anywhere.
ERRORS_DROPPED = {
    "GET /audit-events": ["404", "405"],
    "GET /campaigns": ["404", "405"],
    "GET /segments": ["404", "405"],
    "GET /ingest/jobs": ["404", "405"],
    "GET /ingest/jobs/{job-id}": ["405"],
    "GET /workflow/runs": ["404", "405", "503"],
    "POST /workflow/runs": ["404", "405", "503"],
    "GET /workflow/runs/{workflow-id}": ["405"],
    "POST /workflow/runs/{workflow-id}/stop": ["405", "503"],
}
HISTORY_EXPECTED[date(2026, 4, 24)] = {
    "wire": {
        # Each change once, located in its schema, for every operation it reaches.
        *(
            (kind, operation, f"{root}.{field}")
            for operation in WORKFLOW_OPERATIONS
            for kind, root, field in WORKFLOW_CHANGES
        ),
        *(
            ("error-response-removed", operation, s)
            for operation, statuses in ERRORS_DROPPED.items()
            for s in statuses
        ),
        # The 3.0 document declares the tenant and version headers on every operation, and no
        # longer the `api_version` query alias (on all but POST /workflow/runs, its body field).
        *(
            ("required-client-parameter-added", operation, f"header {name}")
            for operation in EVERY_OPERATION
            for name in ("amperity-tenant", "api-version")
        ),
        *(
            ("client-parameter-removed", operation, "query api_version")
            for operation in EVERY_OPERATION
            if operation != "POST /workflow/runs"
        ),
        # The default base URL: app.amperity.com before, the tenant's host after.
        ("default-server-changed", None, "servers"),
        ("server-added", None, "https://{tenant-id}.amperity.com/api"),
        # AuditEvent gained two required fields and dropped `object_name` from `required`.
        ("response-field-added", "GET /audit-events", "AuditEvent.session_id"),
        ("response-field-added", "GET /audit-events", "AuditEvent.user_agent"),
        (
            "response-field-became-optional",
            "GET /audit-events",
            "AuditEvent.object_name",
        ),
        ("response-field-added", "GET /segments", "Segment.status"),
        ("type-changed", "GET /workflow/runs/{workflow-id}", "view"),  # string → enum
        (
            "type-changed",
            "POST /workflow/runs",
            "WorkflowRunRequest.run_mode",
        ),  # string → enum
        (
            "request-field-removed",
            "POST /workflow/runs",
            "WorkflowRunRequest.api_version",
        ),
    },
    "python": {
        # Every operation got an operationId, so the derived method names changed.
        ("method-renamed", "GET /ingest/jobs", "ingest.get_ingest_jobs"),
        (
            "method-renamed",
            "GET /ingest/jobs/{job-id}",
            "ingest.get_ingest_jobs_job_id",
        ),
        ("method-renamed", "GET /workflow/runs", "workflow.get_workflow_runs"),
        ("method-renamed", "POST /workflow/runs", "workflow.post_workflow_runs"),
        (
            "method-renamed",
            "GET /workflow/runs/{workflow-id}",
            "workflow.get_workflow_runs_workflow_id",
        ),
        (
            "method-renamed",
            "POST /workflow/runs/{workflow-id}/stop",
            "workflow.post_workflow_runs_workflow_id_stop",
        ),
        (
            "parameter-removed",
            "POST /workflow/runs",
            "workflow.run_workflow(api_version)",
        ),
        (
            "parameter-type-changed",
            "POST /workflow/runs",
            "workflow.run_workflow(run_mode)",
        ),
        (
            "parameter-type-changed",
            "GET /workflow/runs/{workflow-id}",
            "workflow.get_workflow(view)",
        ),
        # `...ListEnvelope` became `...List` with the same fields.
        ("model-renamed", None, "models.AuditEventListEnvelope"),
        ("model-renamed", None, "models.CampaignListEnvelope"),
        ("model-renamed", None, "models.IngestJobDetailsListEnvelope"),
        ("model-renamed", None, "models.SegmentListEnvelope"),
        ("model-renamed", None, "models.WorkflowListEnvelope"),
        ("model-removed", None, "models.Task"),  # its shape changed with its name
        ("model-added", None, "models.WorkflowTaskInstance"),
        ("model-removed", None, "models.WorkflowErrorData"),
        ("model-field-added", None, "models.AuditEvent.session_id"),
        ("model-field-added", None, "models.AuditEvent.user_agent"),
        ("model-field-added", None, "models.Segment.status"),
        ("model-field-removed", None, "models.WorkflowRunRequest.api_version"),
        ("model-field-became-optional", None, "models.AuditEvent.object_name"),
        ("response-model-field-became-required", None, "models.Workflow.name"),
        ("model-field-type-changed", None, "models.Workflow.warn_after_ms"),
        ("model-field-type-changed", None, "models.Workflow.task_instances"),
        ("model-field-type-changed", None, "models.WorkflowError.data"),
        ("model-field-type-changed", None, "models.WorkflowRunRequest.run_mode"),
    },
}
HISTORY_BREAKING = {date(2024, 7, 31), date(2026, 4, 24)}


@pytest.fixture(scope="module")
def history() -> dict[date, Report]:
    return dict(diff_history(HISTORY, STABLE_NAME, sources=[STABLE_SOURCE]))


def test_the_stable_history_has_seven_consecutive_pairs(
    history: dict[date, Report],
) -> None:
    assert sorted(history) == sorted(HISTORY_EXPECTED)


@pytest.mark.parametrize("day", sorted(HISTORY_EXPECTED), ids=str)
def test_the_stable_history_changes_as_read_by_hand(
    history: dict[date, Report], day: date
) -> None:
    report, expected = history[day], HISTORY_EXPECTED[day]
    assert seen(report.wire) == expected["wire"]
    assert seen(report.python) == expected["python"]
    assert report.breaking == (day in HISTORY_BREAKING)


def test_the_stable_history_verdicts_follow_the_versioning_rules(
    history: dict[date, Report],
) -> None:
    changes = history[date(2026, 4, 24)]
    verdicts = {(c.kind, c.breaking) for c in changes.wire}
    assert ("error-response-removed", False) in verdicts
    assert ("response-field-added", False) in verdicts
    assert ("response-field-became-required", False) in verdicts
    assert ("response-field-became-optional", True) in verdicts
    assert ("type-changed", True) in verdicts
    assert bump(history[date(2025, 4, 23)], "1.2.0", False) == "1.3.0"
    assert bump(history[date(2024, 11, 7)], "1.3.0", True) == "1.3.1"
    assert bump(changes, "1.3.1", False) == "2.0.0"


def test_a_new_api_version_is_one_breaking_change() -> None:
    old = build_ir(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "2024-04-01"},
            "paths": {},
        },
        package="p",
    )
    new = build_ir(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "2025-07-31"},
            "paths": {},
        },
        package="p",
    )
    report = diff(old, new)
    assert [(c.kind, c.operations, c.location, c.breaking) for c in report.wire] == [
        ("api-version-changed", (), "api-version", True)
    ]
    assert report.breaking and diff(old, old).wire == ()


# ---------------------------------------------------------------------------------------------
# Servers and security


def test_a_server_moved_to_another_host_is_breaking_and_says_what_the_client_does() -> (
    None
):
    report = changed(
        lambda doc: doc.update(servers=[{"url": "https://api.example.com/amperity"}])
    )
    assert seen(report.wire) == {
        ("default-server-changed", None, "servers"),
        ("server-removed", None, "https://app.amperity.com/api"),
        ("server-added", None, "https://api.example.com/amperity"),
    }
    default = next(c for c in report.wire if c.kind == "default-server-changed")
    assert default.breaking and default.detail.startswith(
        "https://app.amperity.com/api → https://api.example.com/amperity; Python: a client made "
        "without base_url="
    )
    assert report.python == () and report.bump == "major"


def test_server_variables_their_defaults_and_values() -> None:
    region = {
        "url": "https://{tenant}.{region}.amperity.com/api",
        "variables": {
            "tenant": {"default": "acme"},
            "region": {"default": "us", "enum": ["us", "eu"]},
        },
    }

    def old(doc: Json) -> None:
        doc["servers"] = [copy.deepcopy(region)]

    before = base()
    old(before)

    def moved(doc: Json) -> None:
        doc["servers"][0]["variables"]["region"]["default"] = "eu"

    report = changed(moved, before)
    assert {(c.kind, c.breaking) for c in report.wire} == {
        ("default-server-changed", True),
        ("server-variable-changed", True),
    }
    assert "{region}: default 'us' → 'eu'" in next(
        c.detail for c in report.wire if c.kind == "server-variable-changed"
    )

    def narrowed(doc: Json) -> None:
        doc["servers"][0]["variables"]["region"]["enum"] = ["us"]

    (change,) = changed(narrowed, before).wire
    assert (change.kind, change.breaking) == ("server-variable-changed", True)
    assert change.detail.startswith(
        "{region}: default 'us' → 'us', values removed: 'eu'"
    )
    widened = changed(
        lambda doc: doc["servers"][0]["variables"]["region"]["enum"].append("ap"),
        before,
    )
    assert widened == Report()  # a new value breaks no one


BEARER = {"type": "http", "scheme": "bearer"}
API_KEY = {"type": "apiKey", "in": "header", "name": "X-Api-Key"}


def with_security(doc: Json, schemes: Json, requirement: list[Json]) -> None:
    doc.setdefault("components", {})["securitySchemes"] = copy.deepcopy(schemes)
    doc["security"] = copy.deepcopy(requirement)


def test_bearer_switched_to_an_api_key_is_breaking_on_every_operation_once() -> None:
    report = changed(
        lambda doc: with_security(doc, {"ApiKey": API_KEY}, [{"ApiKey": []}])
    )
    assert {(c.kind, c.location, c.breaking) for c in report.wire} == {
        ("security-scheme-added", "ApiKey", False),
        ("security-requirement-changed", "security", True),
    }
    (requirement,) = [
        c for c in report.wire if c.kind == "security-requirement-changed"
    ]
    assert len(requirement.operations) == 5  # one entry for all of them
    assert requirement.detail == (
        "BearerAuth → ApiKey; Python: calls need credentials the client may not have been given "
        "(api_key=)"
    )
    assert report.bump == "major"


def test_security_alternatives_added_removed_and_schemes_changed() -> None:
    both: list[Json] = [{"BearerAuth": []}, {"ApiKey": []}]
    relaxed = changed(
        lambda doc: with_security(doc, {"BearerAuth": BEARER, "ApiKey": API_KEY}, both)
    )
    assert {(c.kind, c.breaking) for c in relaxed.wire} == {
        ("security-scheme-added", False),
        ("security-requirement-relaxed", False),
    }
    assert relaxed.bump == "minor"

    before = base()
    with_security(before, {"BearerAuth": BEARER, "ApiKey": API_KEY}, both)
    renamed = changed(
        lambda doc: doc["components"]["securitySchemes"]["ApiKey"].update(name="X-Key"),
        before,
    )
    (change,) = renamed.wire
    assert (change.kind, change.location, change.breaking) == (
        "security-scheme-changed",
        "ApiKey",
        True,
    )
    assert change.detail.startswith(
        "api_key in header 'X-Api-Key' → api_key in header 'X-Key'"
    )

    def drop(doc: Json) -> None:
        with_security(doc, {"BearerAuth": BEARER}, [{"BearerAuth": []}])

    assert {(c.kind, c.breaking) for c in changed(drop, before).wire} == {
        ("security-scheme-removed", True),
        ("security-requirement-changed", True),  # those with only the key are refused
    }


def test_oauth_flows_and_token_urls_are_compared() -> None:
    def oauth(url: str, flows: Json) -> Json:
        return {
            "type": "oauth2",
            "flows": {"clientCredentials": {"tokenUrl": url, "scopes": {}}, **flows},
        }

    before = base()
    with_security(
        before, {"OAuth": oauth("https://auth.example.com/token", {})}, [{"OAuth": []}]
    )
    moved = changed(
        lambda doc: doc["components"]["securitySchemes"].update(
            OAuth=oauth("https://login.example.com/token", {})
        ),
        before,
    )
    (change,) = moved.wire
    assert (
        change.kind == "security-scheme-changed"
        and "token URL https://login.example.com/token" in change.detail
    )
    implicit = {
        "implicit": {
            "authorizationUrl": "https://auth.example.com/authorize",
            "scopes": {},
        }
    }
    flows = changed(
        lambda doc: doc["components"]["securitySchemes"].update(
            OAuth=oauth("https://auth.example.com/token", implicit)
        ),
        before,
    )
    assert [c.detail.split(" → ")[1] for c in flows.wire] == [
        "bearer, token URL https://auth.example.com/token, flows clientCredentials, implicit; "
        "Python: the client sends these credentials differently"
    ]


# ---------------------------------------------------------------------------------------------
# Python classification of model fields: by what a caller's code does with the model


def test_a_model_callers_build_breaks_on_a_new_or_newly_required_field() -> None:
    def edit(doc: Json) -> None:
        run = schema(doc, "WorkflowRunRequest")
        run["properties"]["priority"] = {"type": "integer"}
        run["required"] = [*run.get("required", []), "priority", "range_from"]

    python = {
        (c.kind, c.location, c.breaking)
        for c in changed(edit).python
        if c.location.startswith("models.")
    }
    assert python == {
        ("required-model-field-added", "models.WorkflowRunRequest.priority", True),
        ("model-field-became-required", "models.WorkflowRunRequest.range_from", True),
    }


def test_a_model_callers_only_build_does_not_break_when_a_field_becomes_optional() -> (
    None
):
    def edit(doc: Json) -> None:
        schema(doc, "WorkflowRunRequest").pop("required")

    python = {
        (c.kind, c.breaking)
        for c in changed(edit).python
        if c.location.startswith("models.")
    }
    assert python == {("request-model-field-became-optional", False)}


def test_a_model_callers_only_read_does_not_break_on_a_new_required_field() -> None:
    def edit(doc: Json) -> None:
        audit = schema(doc, "Segment")
        audit["properties"]["status"] = {"type": "string"}
        audit["required"] = [*audit.get("required", []), "status"]

    report = changed(edit)
    assert {(c.kind, c.breaking) for c in report.wire} == {
        ("response-field-added", False)
    }
    assert {(c.kind, c.breaking) for c in report.python} == {
        ("model-field-added", False)
    }


def test_the_readme_table_lists_every_kind_with_its_verdict() -> None:
    """The classification table users read is the one the diff applies."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z-]+)` \| (wire|Python) \| (yes|no) \|", readme, flags=re.M
    )
    table = {(kind, side): verdict == "yes" for kind, side, verdict in rows}
    expected = {
        **{(k, "wire"): v for k, v in WIRE_KINDS.items()},
        **{(k, "Python"): v for k, v in PYTHON_KINDS.items()},
    }
    assert table == expected

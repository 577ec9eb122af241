"""Document → IR decisions, on the real Amperity documents."""

from __future__ import annotations

import json
from typing import Any

import pytest

from amperity_codegen.ir.parse import build_ir
from tests.support.documents import STABLE, UNSTABLE, read_json

CLIENT = {"amperity-tenant": "tenant", "api-version": "version"}


def _api(doc: dict[str, Any]):  # type: ignore[no-untyped-def]
    return build_ir(
        doc, package="amperity_api", rate_limit=10.0, client_parameters=CLIENT
    )


@pytest.fixture
def stable_doc() -> dict[str, Any]:
    return read_json(STABLE)  # type: ignore[no-any-return]


def _op(api, key: str):  # type: ignore[no-untyped-def]
    return next(op for op in api.operations if op.key == key)


def test_resources_and_methods_follow_tags_and_operation_ids(
    stable_doc: dict[str, Any],
) -> None:
    api = _api(stable_doc)
    names = {(r.py_name, op.py_name) for r in api.resources for op in r.operations}
    assert ("workflow", "list_workflows") in names
    assert ("audit_events", "list_events") in names
    assert ("workflow", "stop_workflow") in names
    assert [r.class_name for r in api.resources][0] == "AuditEvents"


def test_client_wide_headers_are_hoisted_out_of_every_call(
    stable_doc: dict[str, Any],
) -> None:
    api = _api(stable_doc)
    assert {(p.name, p.role) for p in api.client_parameters} == {
        ("amperity-tenant", "tenant"),
        ("api-version", "version"),
    }
    for op in api.operations:
        assert not {p.name for p in op.parameters} & {"amperity-tenant", "api-version"}


def test_pagination_needs_next_token_in_and_out(stable_doc: dict[str, Any]) -> None:
    api = _api(stable_doc)
    pages = _op(api, "GET /workflow/runs").pagination
    assert pages is not None and pages.page_model == "WorkflowList"
    assert str(pages.item_py_type) == "models.Workflow"
    # /ingest/jobs answers a `next_token` but takes none: not paginated.
    assert _op(api, "GET /ingest/jobs").pagination is None
    assert _op(api, "GET /workflow/runs/{workflow-id}").pagination is None


def test_post_is_not_idempotent(stable_doc: dict[str, Any]) -> None:
    api = _api(stable_doc)
    assert not _op(api, "POST /workflow/runs").idempotent
    assert _op(api, "GET /workflow/runs").idempotent


def test_sample_defaults_never_become_defaults(stable_doc: dict[str, Any]) -> None:
    api = _api(stable_doc)
    assert '"default"' not in json.dumps(api.schemas)
    get = _op(api, "GET /workflow/runs/{workflow-id}")
    workflow_id = get.parameters[0]
    assert (workflow_id.py_name, workflow_id.required) == ("workflow_id", True)
    assert workflow_id.example == "wf-20240603-12345-MNabc"  # kept as documentation
    body = _op(api, "POST /workflow/runs").body
    assert body is not None and body.model == "WorkflowRunRequest"
    config = next(f for f in body.fields if f.name == "config_id")
    assert config.required and config.example == "cg-123ABc4DE"
    assert "default" not in api.schemas["WorkflowRunRequest"]["properties"]["config_id"]


def test_date_time_parameters_take_date_or_datetime(stable_doc: dict[str, Any]) -> None:
    op = _op(_api(stable_doc), "GET /ingest/jobs")
    created = {p.py_name: p for p in op.parameters}["created_from"]
    assert (str(created.py_type), created.required) == ("datetime | date", True)


def test_path_parameters_come_first_and_enums_are_literals(
    stable_doc: dict[str, Any],
) -> None:
    op = _op(_api(stable_doc), "GET /workflow/runs/{workflow-id}")
    assert [p.location for p in op.parameters] == ["path", "query"]
    assert str(op.parameters[1].py_type) == "Literal['overview', 'verbose']"


def test_unstable_adds_campaign_drafts() -> None:
    api = _api(read_json(UNSTABLE))
    assert _op(api, "GET /campaign-drafts").py_name == "list_campaign_draft"


def test_names_collide_deterministically() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a/{self}": {
                "get": {
                    "operationId": "close",
                    "tags": ["with options"],
                    "parameters": [
                        {
                            "name": "self",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "self", "in": "query", "schema": {"type": "string"}},
                        {"name": "class", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"204": {"description": "none"}},
                },
                "post": {
                    "operationId": "Close",
                    "tags": ["with options"],
                    "responses": {},
                },
            }
        },
    }
    api = build_ir(doc, package="p", client_parameters={})
    assert api.resources[0].py_name == "with_options_2"
    assert [op.py_name for op in api.operations] == ["close_2", "close_3"]
    assert [p.py_name for p in api.operations[0].parameters] == [
        "self_2",
        "self_3",
        "class_",
    ]
    assert (
        api.operations[0].success is not None
        and str(api.operations[0].success.py_type) == "None"
    )


def test_x_python_name_keeps_a_renamed_schema_stable() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "WorkflowListEnvelope": {
                    "type": "object",
                    "x-python-name": "WorkflowList",
                },
                "Holder": {
                    "type": "object",
                    "properties": {
                        "l": {"$ref": "#/components/schemas/WorkflowListEnvelope"}
                    },
                },
            }
        },
    }
    api = build_ir(doc, package="p", client_parameters={})
    assert list(api.schemas) == ["WorkflowList", "Holder"]
    assert (
        api.schemas["Holder"]["properties"]["l"]["$ref"]
        == "#/components/schemas/WorkflowList"
    )


def test_configured_client_parameters_are_sent_even_when_undeclared() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "2024-04-01"},
        "paths": {
            "/a": {
                "get": {
                    "parameters": [
                        {
                            "name": "api_version",
                            "in": "query",
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    api = build_ir(
        doc, package="p", client_parameters={**CLIENT, "api_version": "version"}
    )
    assert (
        api.operations[0].parameters == ()
    )  # the 2.0 documents' query alias is hoisted too
    headers = {
        (p.name, p.role) for p in api.client_parameters if p.location == "header"
    }
    assert headers == {("amperity-tenant", "tenant"), ("api-version", "version")}


def _realtime() -> Any:
    from amperity_codegen.document.prepare import prepare
    from tests.support.documents import REALTIME

    return build_ir(
        prepare(REALTIME),
        package="amperity_realtime_api",
        client_parameters={"amperity-tenant": "tenant"},
    )


def test_the_realtime_event_operation_reads_its_extensions() -> None:
    api = _realtime()
    send = _op(api, "POST /events/{stream-id}")
    assert (send.body_limit, send.retry_statuses, send.bulk_py_name) == (
        65536,
        (503,),
        "send_events",
    )
    # 202 and 204 have no body: the status is the answer, not None.
    assert str(send.result_type) == "Acknowledged"
    assert {
        r.status: str(r.py_type) for r in send.responses if r.status.startswith("2")
    } == {
        "202": "Acknowledged",
        "204": "Acknowledged",
    }
    lookup = _op(api, "GET /lookup/{collection-id}/keychain")
    assert (lookup.body_limit, lookup.retry_statuses, lookup.bulk_py_name) == (
        None,
        (),
        None,
    )
    assert str(lookup.result_type) == "models.Profile"
    assert {
        p.name: p.query_style for p in lookup.parameters if p.location == "query"
    } == {
        "keys": ("form", True),
        "_enrich": None,
    }


def test_a_single_bodiless_answer_stays_none(stable_doc: dict[str, Any]) -> None:
    assert "Acknowledged" not in {
        str(op.result_type) for op in _api(stable_doc).operations
    }


def _bulk_doc(tags: list[str], bulk: list[str]) -> dict[str, Any]:
    """One event operation per tag, each with its `x-bulk-method`."""
    paths = {
        f"/{tag}/{{stream-id}}": {
            "post": {
                "tags": [tag],
                "operationId": f"send-{tag}-event",
                "x-bulk-method": name,
                "parameters": [
                    {
                        "name": "stream-id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": {"202": {"description": "published"}},
            }
        }
        for tag, name in zip(tags, bulk, strict=True)
    }
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}


def test_a_bulk_method_is_the_clients_own_too_unless_its_name_is_taken() -> None:
    api = _realtime()
    assert [(r.py_name, op.bulk_py_name) for r, op in api.client_bulk_methods] == [
        ("events", "send_events")
    ]
    names = {i.name for i in api.client_type_imports}
    assert {"EventsSummary", "EventFailure", "Iterable", "AsyncIterable"} <= names
    assert api.has_bulk_methods
    # Two resources' bulk methods of one name: neither on the client (which would it be?).
    two = build_ir(_bulk_doc(["a", "b"], ["send-events", "send-events"]), package="p")
    assert two.has_bulk_methods and two.client_bulk_methods == ()
    # A resource takes the name: the resource stays, the client has no such method.
    taken = build_ir(_bulk_doc(["send-all", "b"], ["x", "send-all"]), package="p")
    assert [op.bulk_py_name for _, op in taken.client_bulk_methods] == ["x"]
    # No bulk method: the client's annotations need only its resources.
    assert not _api(read_json(STABLE)).client_bulk_methods


def test_an_objects_fewest_properties_is_checked_from_either_keyword() -> None:
    """`minProperties`, or `x-min-properties` where validators would misread it (the keychain
    lookup's arbitrary keys, which Prism looks for among declared properties only)."""
    from amperity_codegen.ir.model import ValueCheck

    keys = next(
        p
        for p in _op(_realtime(), "GET /lookup/{collection-id}/keychain").parameters
        if p.name == "keys"
    )
    assert keys.check == ValueCheck("object", min_properties=1) and keys.checked
    doc = _bulk_doc(["a"], ["send-all"])
    item = doc["paths"]["/a/{stream-id}"]["post"]
    item["parameters"] += [
        {"name": "f", "in": "query", "schema": {"type": "object", "minProperties": 2}},
        {"name": "g", "in": "query", "schema": {"type": "object"}},
    ]
    checks = {
        p.name: p.check for p in build_ir(doc, package="p").operations[0].parameters
    }
    assert checks["f"] == ValueCheck("object", min_properties=2)
    assert checks["g"] == ValueCheck("object")

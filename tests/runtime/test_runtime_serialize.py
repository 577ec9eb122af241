"""How Python values go on the wire: path, query, headers, JSON body.

Pure unit tests, plus a client over httpx.MockTransport to see the exact request it would send;
the path and body checks that matter most also run over real HTTP.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Any

import httpx
import pytest

from amperity_codegen.runtime import Endpoint, Request, errors
from amperity_codegen.runtime._serialize import encode_path, encode_query, format_value
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, Workflow, call
from tests.support.tenant_server import Reply, TenantServer

ECHO = Endpoint("GET", "/echo/{a}/{b}", idempotent=True)
POST_ECHO = Endpoint("POST", "/echo", idempotent=False)


class State(enum.Enum):
    SUCCEEDED = "succeeded"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (7, "7"),
        (State.SUCCEEDED, "succeeded"),
        (dt.date(2026, 4, 1), "2026-04-01"),
        (
            dt.datetime(2026, 4, 1, 12, 30, tzinfo=dt.UTC),
            "2026-04-01T12:30:00Z",
        ),
        (
            dt.datetime(2026, 4, 1, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            "2026-04-01T10:30:00Z",
        ),  # in UTC
        # A naive datetime is taken to be UTC (documented in runtime/_serialize.py).
        (dt.datetime(2026, 4, 1, 12, 30, 5, 250000), "2026-04-01T12:30:05.250000Z"),
    ],
)
def test_format_value(value: object, text: str) -> None:
    assert format_value(value) == text


def test_path_values_are_percent_encoded_slash_included() -> None:
    assert (
        encode_path("/x/{id}/y/{n}", {"id": "a/b c%?#", "n": 3}, "GET /x")
        == "/x/a%2Fb%20c%25%3F%23/y/3"
    )
    with pytest.raises(errors.InvalidRequestError, match="path parameter 'id'"):
        encode_path("/x/{id}", {"id": None}, "GET /x")


def test_query_encoding() -> None:
    query = {
        "skip": None,
        "with_total": True,
        "filter": {"first_name": "Dan", "vip": False, "none": None},
        "state": ["succeeded", State.SUCCEEDED, None],
        "created_from": dt.date(2026, 4, 1),
    }
    assert encode_query(query) == [
        ("with_total", "true"),
        ("filter[first_name]", "Dan"),
        ("filter[vip]", "false"),
        ("state", "succeeded"),
        ("state", "succeeded"),
        ("created_from", "2026-04-01"),
    ]


def sent_with_mock(request: Request) -> httpx.Request:
    """The request a client would send for `request`, captured by a MockTransport."""
    captured: list[httpx.Request] = []

    def handler(req: httpx.Request) -> httpx.Response:
        captured.append(req)
        return httpx.Response(200, json={"id": "x"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with Amperity(
        tenant="acme", token="t", base_url="https://acme.example/api", http_client=http
    ) as client:
        client.request(request, Workflow)
    http.close()
    return captured[0]


def test_the_url_a_request_becomes() -> None:
    request = Request(
        ECHO,
        path_params={"a": "wf/1", "b": dt.date(2026, 4, 1)},
        query={
            "filter": {"first_name": "Dan O'Neil"},
            "ids": [1, 2],
            "flag": False,
            "gone": None,
        },
        headers={"x-opt": True, "x-none": None},
    )
    sent = sent_with_mock(request)
    assert sent.url.raw_path == (
        b"/api/echo/wf%2F1/2026-04-01?filter%5Bfirst_name%5D=Dan+O%27Neil&ids=1&ids=2&flag=false"
    )
    assert sent.headers["x-opt"] == "true"
    assert "x-none" not in sent.headers


def test_body_without_a_model_drops_none_and_serializes_dates() -> None:
    body: dict[str, Any] = {
        "when": dt.date(2026, 4, 1),
        "skip": None,
        "nested": {"keep": None},
    }
    sent = sent_with_mock(Request(POST_ECHO, body=body))
    assert json.loads(sent.content) == {"when": "2026-04-01", "nested": {"keep": None}}
    assert sent.headers["content-type"] == "application/json"


async def test_path_slash_arrives_as_one_segment(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        lambda req: Reply.json({"id": req.path_params["workflow-id"]}),
    )
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf/../1 2", view="verbose"))
    assert workflow.id == "wf/../1 2"
    assert (
        server.api_requests[0].target
        == "/api/workflow/runs/wf%2F..%2F1%202?view=verbose"
    )


async def test_body_sends_only_what_was_passed_by_wire_name(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("POST", "/workflow/runs", Reply.json({"id": "wf-9"}))
    client = make_client()
    await call(client.workflow.run_workflow(config_id="cg-1"))
    await call(
        client.workflow.run_workflow(config_id="cg-2", run_mode="full", priority=3)
    )
    assert [r.json() for r in server.api_requests] == [
        {"config_id": "cg-1"},
        {"config_id": "cg-2", "run-mode": "full", "priority": 3},
    ]


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        (
            {"config_id": "cg-1", "priority": "urgent"},
            "priority: Input should be a valid integer",
        ),
        (
            {"config_id": "cg-1", "run_mode": "sideways"},
            "run-mode: Input should be 'full' or 'partial'",
        ),
        ({"config_id": None}, "config_id: Field required"),
    ],
)
async def test_body_type_errors_are_raised_before_sending(
    make_client: MakeClient, server: TenantServer, kwargs: dict[str, Any], problem: str
) -> None:
    client = make_client()
    with pytest.raises(errors.InvalidRequestError) as info:
        await call(client.workflow.run_workflow(**kwargs))
    assert str(info.value).startswith(
        "POST /workflow/runs: the request body does not fit WorkflowRunRequest: "
    )
    assert problem in str(info.value)
    assert server.requests == []


async def test_header_with_cr_or_lf_is_refused_before_sending(
    make_client: MakeClient, server: TenantServer
) -> None:
    client = make_client()
    request = Request(
        ECHO,
        path_params={"a": "1", "b": "2"},
        headers={"x-note": "fine\r\nX-Injected: yes"},
    )
    with pytest.raises(
        errors.InvalidRequestError, match="header 'x-note' contains a CR or LF"
    ):
        await call(client.request(request, Workflow))
    assert server.requests == []


def test_a_body_that_is_not_an_object_is_sent_whole() -> None:
    from amperity_codegen.runtime._validation import encode_body

    assert encode_body(["a", None, dt.date(2026, 1, 2)], None, "POST /list") == [
        "a",
        None,
        "2026-01-02",
    ]
    assert encode_body("text", None, "POST /t") == "text"

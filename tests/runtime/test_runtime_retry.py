"""Which failures are retried, how often, how long the client waits, and what it reports."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import math
import time

import httpx
import pytest

from amperity_codegen.runtime import errors, raw_response
from amperity_codegen.runtime._retry import RetryPolicy, parse_retry_after
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import call
from tests.support.tenant_server import (
    Delay,
    Reply,
    Reset,
    TenantServer,
    refusing_base_url,
)

GET = "/workflow/runs/{workflow-id}"
POST = "/workflow/runs"


@pytest.fixture(autouse=True)
def routes(server: TenantServer) -> None:
    server.route(
        "GET", GET, lambda req: Reply.json({"id": req.path_params["workflow-id"]})
    )
    server.route("POST", POST, Reply.json({"id": "wf-new"}, status=202))


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
async def test_get_is_retried_on_retryable_status(
    make_client: MakeClient, server: TenantServer, status: int
) -> None:
    server.fail("GET", GET, Reply.error(status), Reply.error(status))
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf-1"))
    assert workflow.id == "wf-1"
    assert raw_response(workflow).retries_taken == 2
    assert len(server.api_requests) == 3


@pytest.mark.parametrize("status", [400, 404, 409, 501])
async def test_other_statuses_are_not_retried(
    make_client: MakeClient, server: TenantServer, status: int
) -> None:
    server.fail("GET", GET, Reply.error(status))
    client = make_client()
    with pytest.raises(errors.APIStatusError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert info.value.status_code == status and info.value.retries_taken == 0
    assert len(server.api_requests) == 1


async def test_retries_stop_at_max_retries(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("GET", GET, *[Reply.error(503)] * 5)
    client = make_client(max_retries=3)
    with pytest.raises(errors.ServiceUnavailableError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert info.value.retries_taken == 3
    assert len(server.api_requests) == 4


async def test_with_options_turns_retries_off_for_a_call(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("GET", GET, Reply.error(503), Reply.error(503))
    client = make_client()
    with pytest.raises(errors.ServiceUnavailableError):
        await call(client.with_options(max_retries=0).workflow.get_workflow("wf-1"))
    assert len(server.api_requests) == 1
    assert (
        await call(client.workflow.get_workflow("wf-1"))
    ).id == "wf-1"  # the client keeps its 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_post_is_not_retried_on_5xx(
    make_client: MakeClient, server: TenantServer, status: int
) -> None:
    server.fail("POST", POST, Reply.error(status))
    client = make_client()
    with pytest.raises(errors.InternalServerError) as info:
        await call(client.workflow.run_workflow(config_id="cg-1"))
    assert info.value.retries_taken == 0
    assert len(server.api_requests) == 1


async def test_post_is_retried_on_429(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("POST", POST, Reply.error(429))
    client = make_client()
    workflow = await call(client.workflow.run_workflow(config_id="cg-1"))
    assert raw_response(workflow).retries_taken == 1
    assert [r.json() for r in server.api_requests] == [{"config_id": "cg-1"}] * 2


@pytest.mark.parametrize(
    "after_headers", [False, True], ids=["before-response", "mid-body"]
)
async def test_get_is_retried_after_a_reset(
    make_client: MakeClient, server: TenantServer, after_headers: bool
) -> None:
    server.fail("GET", GET, Reset(after_headers=after_headers))
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf-1"))
    assert raw_response(workflow).retries_taken == 1


async def test_post_is_not_retried_after_a_reset(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("POST", POST, Reset())
    client = make_client()
    with pytest.raises(errors.APIConnectionError) as info:
        await call(client.workflow.run_workflow(config_id="cg-1"))
    assert info.value.retries_taken == 0
    assert (
        len(server.api_requests) == 1
    )  # it arrived: sending it again could run the workflow twice


async def test_read_timeout_retries_get_but_not_post(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("GET", GET, Delay(0.5))
    server.fail("POST", POST, Delay(0.5))
    client = make_client(timeout=0.15)
    workflow = await call(client.workflow.get_workflow("wf-1"))
    assert raw_response(workflow).retries_taken == 1
    with pytest.raises(errors.APITimeoutError) as info:
        await call(client.workflow.run_workflow(config_id="cg-1"))
    assert info.value.retries_taken == 0
    assert len(server.requests_to("POST", POST)) == 1


async def test_connect_error_is_retried_even_for_post(make_client: MakeClient) -> None:
    client = make_client(base_url=refusing_base_url())
    with pytest.raises(errors.APIConnectionError) as info:
        await call(client.workflow.run_workflow(config_id="cg-1"))
    assert info.value.retries_taken == 2  # nothing was sent, so trying again was safe


async def test_each_retry_is_logged(
    make_client: MakeClient, server: TenantServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.fail("GET", GET, Reply.error(503), Reply.error(429))
    client = make_client()
    with caplog.at_level(logging.INFO, logger="amperity_test"):
        await call(client.workflow.get_workflow("wf-1"))
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert len(retries) == 2
    assert "GET /workflow/runs/{workflow-id} failed (503); retry 1 of 2" in retries[0]
    assert "(429); retry 2 of 2" in retries[1]


async def test_retry_after_seconds_is_honoured(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("GET", GET, Reply.error(429, retry_after="1"))
    client = make_client()
    started = time.monotonic()
    await call(client.workflow.get_workflow("wf-1"))
    assert (
        time.monotonic() - started >= 0.95
    )  # the test client's own backoff is milliseconds


async def test_retry_after_http_date_is_honoured(
    make_client: MakeClient, server: TenantServer
) -> None:
    started = time.monotonic()
    # HTTP dates have whole seconds: the first whole second at least 0.5 s from now.
    when = email.utils.formatdate(math.ceil(time.time() + 0.5), usegmt=True)
    server.fail("GET", GET, Reply.error(503, retry_after=when))
    client = make_client()
    await call(client.workflow.get_workflow("wf-1"))
    assert time.monotonic() - started >= 0.45


def test_retry_after_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=60.0)
    response = httpx.Response(429, headers={"Retry-After": "3600"})
    assert policy.delay(0, response) == 60.0


def test_parse_retry_after() -> None:
    now = dt.datetime(2026, 4, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("Wed, 01 Apr 2026 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 Apr 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_is_capped_exponential_with_full_jitter() -> None:
    policy = RetryPolicy()
    for retries, cap in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0)]:
        delays = [policy.delay(retries) for _ in range(200)]
        assert all(0.0 <= d <= cap for d in delays)
        assert (
            max(delays) > cap / 2 and min(delays) < cap / 2
        )  # spread over the whole range

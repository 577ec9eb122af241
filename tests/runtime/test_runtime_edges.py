"""The client at its edges: hostile configuration, credentials on errors, answers that do not fit,
a closed client. Over real HTTP against the stand-in tenant, sync and async."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from amperity_codegen.runtime import _validation, errors
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, AsyncAmperity, call, collect
from tests.support.tenant_server import (
    TOKEN_PATH,
    Delay,
    Reply,
    TenantServer,
    refusing_base_url,
)

GET = "/workflow/runs/{workflow-id}"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "tenant",
    [
        "acme.example.org/x",
        "evil.example#",
        "evil.example?",
        "acme corp",
        "user@evil.example",
        "acme:8080",
        "a.b",
        "",
    ],
)
def test_a_tenant_that_is_not_a_dns_label_is_refused_before_anything_is_sent(
    kind: str, server: TenantServer, tenant: str
) -> None:
    cls = Amperity if kind == "sync" else AsyncAmperity
    with pytest.raises(errors.ConfigurationError, match="tenant"):
        cls(
            tenant=tenant, token=server.token
        )  # the default base URL puts the tenant in the host
    assert server.requests == []


def test_a_valid_tenant_is_the_first_label_of_the_default_host(kind: str) -> None:
    cls = Amperity if kind == "sync" else AsyncAmperity
    client = cls(tenant="Acme-prod-2", token="t")
    assert httpx.URL(client.base_url).host == "acme-prod-2.amperity.com"


HOSTILE = "x@evil.example/#?"


async def test_no_argument_but_base_url_changes_the_host(
    make_client: MakeClient, server: TenantServer
) -> None:
    """Hostile values in every other argument: the call still reaches the server at base_url."""
    server.require_auth = False
    server.route("GET", GET, Reply.json({"id": "wf-1"}))
    client = make_client(token=HOSTILE, timeout=5.0, max_retries=0)
    await call(client.workflow.get_workflow(HOSTILE, view=HOSTILE))
    (request,) = server.requests
    assert request.route == GET and request.path_params == {"workflow-id": HOSTILE}
    assert request.headers["host"] == httpx.URL(server.base_url).netloc.decode()


def _assert_no_credentials(error: errors.APIError, secret: str) -> None:
    request = error.request
    assert request is not None
    assert secret not in str(request.headers) and secret not in str(request.url)
    assert request.headers.get("authorization") in (None, "<redacted>")
    assert (
        secret.encode() not in request.content
    )  # no body: a token request's holds the secret
    response = getattr(error, "response", None)
    if response is not None:
        assert response.request is request
    cause = error.__cause__
    if isinstance(cause, httpx.RequestError):
        assert secret not in str(cause.request.headers)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 409, 422, 429, 500, 503])
async def test_status_errors_carry_no_credentials(
    make_client: MakeClient, server: TenantServer, status: int
) -> None:
    server.route("GET", GET, Reply.error(status, "no"))
    with pytest.raises(errors.APIStatusError) as info:
        await call(make_client(max_retries=0).workflow.get_workflow("wf-1"))
    _assert_no_credentials(info.value, server.token)
    assert (
        server.requests[0].headers["authorization"] == f"Bearer {server.token}"
    )  # it was sent


async def test_connection_and_timeout_errors_carry_no_credentials(
    make_client: MakeClient, server: TenantServer
) -> None:
    with pytest.raises(errors.APIConnectionError) as refused:
        await call(
            make_client(
                base_url=refusing_base_url(), max_retries=0
            ).workflow.get_workflow("wf-1")
        )
    _assert_no_credentials(refused.value, server.token)
    server.fail("GET", GET, Delay(1.0))
    with pytest.raises(errors.APITimeoutError) as slow:
        await call(
            make_client(timeout=0.05, max_retries=0).workflow.get_workflow("wf-1")
        )
    _assert_no_credentials(slow.value, server.token)


async def test_response_validation_errors_carry_no_credentials(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.json({"state": "running"}))  # no id: cannot be read
    with pytest.raises(errors.APIResponseValidationError) as info:
        await call(make_client().workflow.get_workflow("wf-1"))
    _assert_no_credentials(info.value, server.token)


async def test_token_endpoint_errors_carry_no_client_secret(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("POST", TOKEN_PATH, Reply.error(400, "bad client"))
    client = make_client(
        client_id=server.client_id, client_secret=server.client_secret, max_retries=0
    )
    with pytest.raises(errors.BadRequestError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    _assert_no_credentials(info.value, server.client_secret)


async def test_a_value_that_does_not_fit_is_kept_as_received_and_logged_once(
    make_client: MakeClient, server: TenantServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.route(
        "GET",
        GET,
        Reply.json({"id": "wf-1", "state": "exploded", "created_at": "last tuesday"}),
    )
    _validation._logged.clear()  # once per process: this test starts as a new process would
    client = make_client()
    with caplog.at_level(logging.WARNING, logger="amperity_test"):
        first = await call(client.workflow.get_workflow("wf-1"))
        again = await call(client.workflow.get_workflow("wf-1"))
    assert (first.id, first.state, first.created_at) == (
        "wf-1",
        "exploded",
        "last tuesday",
    )
    assert again.state == "exploded"
    logged = [
        r.getMessage() for r in caplog.records if "kept as received" in r.getMessage()
    ]
    assert len(logged) == 2  # once per field per process
    assert (
        "Workflow.state does not fit its type" in logged[0]
        and "Workflow.created_at" in logged[1]
    )
    assert "exploded" not in " ".join(logged)  # the value itself may be personal data


async def test_one_odd_item_does_not_stop_a_list(
    make_client: MakeClient, server: TenantServer
) -> None:
    items = [{"id": "a"}, {"id": "b", "state": 7}, {"id": "c", "state": "running"}]
    server.route("GET", "/workflow/runs", Reply.json({"data": items, "next_token": ""}))
    got = await collect(make_client().workflow.list_workflows())
    assert [(w.id, w.state) for w in got] == [("a", None), ("b", 7), ("c", "running")]


async def test_strict_responses_raise(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.json({"id": "wf-1", "state": "exploded"}))
    with pytest.raises(errors.APIResponseValidationError) as info:
        await call(make_client(strict_responses=True).workflow.get_workflow("wf-1"))
    assert info.value.field == "state"


async def test_a_closed_client_raises_the_packages_own_error(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.json({"id": "wf-1"}))
    client = make_client()
    await call(client.workflow.get_workflow("wf-1"))
    await call(client.close())
    with pytest.raises(errors.ClientClosedError, match="closed") as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert isinstance(info.value, errors.Error)
    assert len(server.requests) == 1


_DROPPED = {
    "sync": (
        "from tests.runtime.helpers import Amperity\n"
        "def main() -> None:\n"
        "    with TenantServer() as s:\n"
        "        s.route('GET', '/workflow/runs/{workflow-id}', Reply.json({'id': 'wf-1'}))\n"
        "        client = Amperity(tenant=s.tenant, token=s.token, base_url=s.base_url)\n"
        "        client.workflow.get_workflow('wf-1')\n"
        "        del client\n"
        "        gc.collect()\n"
        "main()\n"
    ),
    "async": (
        "import asyncio\n"
        "from tests.runtime.helpers import AsyncAmperity\n"
        "async def main() -> None:\n"
        "    with TenantServer() as s:\n"
        "        s.route('GET', '/workflow/runs/{workflow-id}', Reply.json({'id': 'wf-1'}))\n"
        "        client = AsyncAmperity(tenant=s.tenant, token=s.token, base_url=s.base_url)\n"
        "        await client.workflow.get_workflow('wf-1')\n"
        "        del client\n"
        "        gc.collect()\n"
        "        await asyncio.sleep(0)  # the application goes on: the loop runs the close\n"
        "asyncio.run(main())\n"
    ),
}


def test_a_dropped_client_leaves_no_unclosed_socket(kind: str) -> None:
    script = (
        "import gc, warnings\n"
        "warnings.simplefilter('always', ResourceWarning)\n"
        "from tests.support.tenant_server import Reply, TenantServer\n"
        + _DROPPED[kind]
        + "print('done')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "done"
    assert "ResourceWarning" not in done.stderr, done.stderr

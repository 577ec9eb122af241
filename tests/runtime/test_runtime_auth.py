"""Static tokens, expired JWTs, OAuth client credentials: fetch, cache, refresh, replay on 401."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from amperity_codegen.runtime import errors
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, AnyClient, Workflow, call
from tests.support.tenant_server import TOKEN_PATH, Delay, Reply, TenantServer, make_jwt

GET = "/workflow/runs/{workflow-id}"


@pytest.fixture(autouse=True)
def workflow_route(server: TenantServer) -> None:
    server.route(
        "GET", GET, lambda req: Reply.json({"id": req.path_params["workflow-id"]})
    )
    server.route("POST", "/workflow/runs", lambda req: Reply.json({"id": "wf-new"}))


def oauth(make_client: MakeClient, server: TenantServer, **kwargs: Any) -> AnyClient:
    return make_client(
        client_id=server.client_id, client_secret=server.client_secret, **kwargs
    )


async def many_at_once(client: AnyClient, n: int = 20) -> list[Workflow]:
    """`n` calls at once: threads for a sync client, tasks for an async one."""
    if isinstance(client, Amperity):
        sync_client = client
        with ThreadPoolExecutor(n) as pool:
            return list(
                pool.map(
                    lambda i: sync_client.workflow.get_workflow(f"wf-{i}"), range(n)
                )
            )
    return list(
        await asyncio.gather(
            *(client.workflow.get_workflow(f"wf-{i}") for i in range(n))
        )
    )


async def test_static_token_refused_is_not_replayed(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.revoke_tokens()
    client = make_client()
    with pytest.raises(errors.AuthenticationError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert info.value.status_code == 401
    assert len(server.api_requests) == 1
    assert server.token not in str(info.value)


async def test_expired_jwt_fails_before_sending_and_says_when(
    make_client: MakeClient, server: TenantServer
) -> None:
    expired = make_jwt(exp=1_700_000_000)  # 2023-11-14T22:13:20Z
    client = make_client(token=expired)
    with pytest.raises(errors.TokenExpiredError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert "expired at 2023-11-14T22:13:20Z" in str(info.value)
    assert expired not in str(info.value)
    assert server.requests == []


async def test_jwt_not_yet_expired_is_sent(
    make_client: MakeClient, server: TenantServer
) -> None:
    token = make_jwt(exp=time.time() + 3600)
    server._valid.add(token)  # the stand-in accepts it like the real tenant would
    client = make_client(token=token)
    assert (await call(client.workflow.get_workflow("wf-1"))).id == "wf-1"
    assert server.api_requests[0].bearer == token


async def test_oauth_fetches_a_token_once_and_reuses_it(
    make_client: MakeClient, server: TenantServer
) -> None:
    client = oauth(make_client, server)
    for i in range(3):
        await call(client.workflow.get_workflow(f"wf-{i}"))
    [token_request] = server.token_requests
    assert token_request.target == "/api/v0/oauth2/token"
    assert token_request.headers["x-amperity-tenant"] == "acme"
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert token_request.form() == {
        "grant_type": "client_credentials",
        "client_id": server.client_id,
        "client_secret": server.client_secret,
    }
    assert [r.bearer for r in server.api_requests] == ["oauth-token-1"] * 3


async def test_oauth_token_is_refreshed_before_it_expires(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.token_expires_in = (
        1.0  # refreshed at half its life, before the server would refuse it
    )
    client = oauth(make_client, server)
    await call(client.workflow.get_workflow("wf-1"))
    await asyncio.sleep(0.6)
    await call(client.workflow.get_workflow("wf-2"))
    assert len(server.token_requests) == 2
    assert [r.bearer for r in server.api_requests] == ["oauth-token-1", "oauth-token-2"]


async def test_oauth_401_refreshes_once_and_replays(
    make_client: MakeClient, server: TenantServer
) -> None:
    client = oauth(make_client, server)
    await call(client.workflow.get_workflow("wf-1"))
    server.revoke_tokens()  # the token died early, server-side
    workflow = await call(client.workflow.get_workflow("wf-2"))
    assert workflow.id == "wf-2"
    assert [r.bearer for r in server.api_requests] == [
        "oauth-token-1",
        "oauth-token-1",
        "oauth-token-2",
    ]
    assert len(server.token_requests) == 2


async def test_oauth_second_401_is_raised(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.error(401, "API key disabled"))
    client = oauth(make_client, server)
    with pytest.raises(errors.AuthenticationError, match="API key disabled"):
        await call(client.workflow.get_workflow("wf-1"))
    assert len(server.api_requests) == 2  # the first try and one replay
    assert len(server.token_requests) == 2


async def test_twenty_concurrent_callers_share_one_token_fetch(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail(
        "POST", TOKEN_PATH, Delay(0.3)
    )  # every caller arrives while the fetch is on
    client = oauth(make_client, server)
    results = await many_at_once(client)
    assert sorted(w.id for w in results) == sorted(f"wf-{i}" for i in range(20))
    assert len(server.token_requests) == 1


async def test_twenty_concurrent_401s_cause_one_refresh(
    make_client: MakeClient, server: TenantServer
) -> None:
    client = oauth(make_client, server)
    await call(client.workflow.get_workflow("wf-0"))
    server.revoke_tokens()
    server.fail("POST", TOKEN_PATH, Delay(0.3))
    results = await many_at_once(client)
    assert len(results) == 20
    assert len(server.token_requests) == 2
    # Each call ended with one request carrying the new token; none was refused again.
    assert [r.bearer for r in server.api_requests].count("oauth-token-2") == 20


async def test_wrong_client_credentials(
    make_client: MakeClient, server: TenantServer
) -> None:
    client = make_client(client_id=server.client_id, client_secret="wrong-secret-51")
    with pytest.raises(errors.AuthenticationError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert "POST /v0/oauth2/token" in str(info.value)
    assert info.value.message == "invalid client credentials"
    assert "wrong-secret-51" not in str(info.value)
    assert len(server.token_requests) == 1 and server.api_requests == []


async def test_token_endpoint_failure_is_retried_even_for_a_post(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("POST", TOKEN_PATH, Reply.error(503))
    client = oauth(make_client, server)
    workflow = await call(client.workflow.run_workflow(config_id="cg-1"))
    assert workflow.id == "wf-new"
    assert len(server.token_requests) == 2
    assert len(server.requests_to("POST", "/workflow/runs")) == 1

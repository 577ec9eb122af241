"""Client construction, environment fallbacks, headers every request carries, options."""

from __future__ import annotations

import httpx
import pytest

from amperity_codegen.runtime import Endpoint, Request, errors, raw_response
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, AsyncAmperity, Workflow, call
from tests.support.tenant_server import Delay, Reply, TenantServer

CLIENTS = [Amperity, AsyncAmperity]


@pytest.fixture(params=CLIENTS, ids=["sync", "async"])
def client_cls(request: pytest.FixtureRequest) -> type[Amperity] | type[AsyncAmperity]:
    cls: type[Amperity] | type[AsyncAmperity] = request.param
    return cls


def route_workflow(server: TenantServer) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        lambda req: Reply.json({"id": req.path_params["workflow-id"]}),
    )


async def test_every_request_carries_auth_tenant_version_and_user_agent(
    make_client: MakeClient, server: TenantServer
) -> None:
    route_workflow(server)
    client = make_client()
    await call(client.workflow.get_workflow("wf-1"))
    headers = server.api_requests[0].headers
    assert headers["authorization"] == f"Bearer {server.token}"
    assert headers["amperity-tenant"] == "acme"
    assert headers["api-version"] == "2024-04-01"
    assert headers["user-agent"].startswith("amperity_test/9.9.9 ")
    assert headers["accept"] == "application/json"


def test_default_base_url_is_the_tenants_host(
    client_cls: type[Amperity] | type[AsyncAmperity],
) -> None:
    client = client_cls(tenant="acme", token="t")
    assert client.base_url == "https://acme.amperity.com/api"


def test_environment_fallbacks(
    client_cls: type[Amperity] | type[AsyncAmperity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPERITY_TENANT", "envco")
    monkeypatch.setenv("AMPERITY_TOKEN", "env-token")
    monkeypatch.setenv("AMPERITY_BASE_URL", "https://app.amperity.com/api/")
    client = client_cls()
    assert client.tenant == "envco"
    assert client.base_url == "https://app.amperity.com/api"
    assert "token" in repr(client) and "env-token" not in repr(client)


def test_environment_client_credentials(
    client_cls: type[Amperity] | type[AsyncAmperity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPERITY_TENANT", "envco")
    monkeypatch.setenv("AMPERITY_CLIENT_ID", "id-1")
    monkeypatch.setenv("AMPERITY_CLIENT_SECRET", "secret-1")
    client = client_cls()
    assert "client credentials" in repr(client)
    assert "secret-1" not in repr(client)


def test_arguments_win_over_environment(
    client_cls: type[Amperity] | type[AsyncAmperity], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMPERITY_TENANT", "envco")
    monkeypatch.setenv("AMPERITY_TOKEN", "env-token")
    client = client_cls(tenant="argco", client_id="id", client_secret="secret")
    assert client.tenant == "argco"
    assert "client credentials" in repr(client)


@pytest.mark.parametrize(
    ("kwargs", "env", "expected"),
    [
        ({"token": "t"}, {}, "no tenant: pass tenant=... or set AMPERITY_TENANT"),
        ({"tenant": "acme"}, {}, "no credentials"),
        ({"tenant": "acme", "client_id": "id"}, {}, "client_secret is missing"),
        (
            {"tenant": "acme"},
            {"AMPERITY_CLIENT_SECRET": "s"},
            "client_id is missing (from the environment)",
        ),
        (
            {"tenant": "acme", "token": "t", "client_id": "id", "client_secret": "s"},
            {},
            "not both",
        ),
        (
            {"tenant": "acme", "token": "t", "base_url": "ftp://x"},
            {},
            "invalid base_url",
        ),
        ({"tenant": "ac\r\nme", "token": "t"}, {}, "a tenant ID is one DNS label"),
        ({"tenant": "acme corp", "token": "t"}, {}, "a tenant ID is one DNS label"),
        ({"tenant": "-acme", "token": "t"}, {}, "a tenant ID is one DNS label"),
        ({"tenant": "a" * 64, "token": "t"}, {}, "a tenant ID is one DNS label"),
        (
            {"tenant": 42, "token": "t"},
            {},
            "tenant must be a string (the tenant ID), not int",
        ),
        ({"tenant": "acme", "token": 42}, {}, "token must be a string, not int"),
        (
            {"tenant": "acme", "client_id": 1, "client_secret": "s"},
            {},
            "client_id must be a string, not int",
        ),
        ({"tenant": "acme", "token": "Bearer abc"}, {}, "without its 'Bearer ' prefix"),
        ({"tenant": "acme", "token": "bearer abc"}, {}, "without its 'Bearer ' prefix"),
        ({"tenant": "acme", "token": "t", "max_retries": -1}, {}, "max_retries"),
        ({"tenant": "acme", "token": "t", "timeout": 0}, {}, "timeout"),
        ({"tenant": "acme", "token": "t", "rate_limit": -5}, {}, "rate_limit"),
    ],
)
def test_bad_configuration_fails_at_construction(
    client_cls: type[Amperity] | type[AsyncAmperity],
    monkeypatch: pytest.MonkeyPatch,
    kwargs: dict[str, object],
    env: dict[str, str],
    expected: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(errors.ConfigurationError) as info:
        client_cls(**kwargs)  # type: ignore[arg-type]
    assert expected in str(info.value)


def test_wrong_kind_of_http_client_is_refused() -> None:
    with pytest.raises(
        errors.ConfigurationError, match="http_client must be an httpx.Client"
    ):
        Amperity(tenant="acme", token="t", http_client=httpx.AsyncClient())  # type: ignore[arg-type]


def test_timeout_defaults_connect_shorter_than_read(
    client_cls: type[Amperity] | type[AsyncAmperity],
) -> None:
    client = client_cls(tenant="acme", token="t")
    assert client.timeout.connect is not None and client.timeout.read is not None
    assert client.timeout.connect < client.timeout.read
    short = client_cls(tenant="acme", token="t", timeout=2.0).timeout
    assert (short.connect, short.read) == (2.0, 2.0)
    assert client_cls(tenant="acme", token="t", timeout=30.0).timeout.connect == 5.0


async def test_with_options_changes_one_copy_and_shares_the_rest(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.fail("GET", "/workflow/runs/{workflow-id}", Reply.error(503))
    route_workflow(server)
    client = make_client(max_retries=3)
    once = client.with_options(max_retries=0, timeout=7.0)
    assert (client.max_retries, once.max_retries, once.timeout.read) == (3, 0, 7.0)
    assert type(once) is type(client)
    with pytest.raises(errors.ServiceUnavailableError):
        await call(
            once.workflow.get_workflow("wf-1")
        )  # resources bind to the copy, not the original
    assert (await call(client.workflow.get_workflow("wf-1"))).id == "wf-1"
    # Both went through one connection pool.
    assert once._shared is client._shared


async def test_callers_http_client_is_used_and_left_open(
    kind: str, server: TenantServer
) -> None:
    route_workflow(server)
    seen: list[str] = []

    def hook(request: httpx.Request) -> None:
        seen.append(str(request.url))

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    if kind == "sync":
        # The caller's client settings apply too: its query parameters join the call's.
        http = httpx.Client(event_hooks={"request": [hook]}, params={"trace": "on"})
        with Amperity(
            tenant="acme",
            token=server.token,
            base_url=server.base_url,
            http_client=http,
        ) as client:
            client.workflow.get_workflow("wf-1", view="verbose")
        assert not http.is_closed
        http.close()
    else:
        ahttp = httpx.AsyncClient(
            event_hooks={"request": [ahook]}, params={"trace": "on"}
        )
        async with AsyncAmperity(
            tenant="acme",
            token=server.token,
            base_url=server.base_url,
            http_client=ahttp,
        ) as ac:
            await ac.workflow.get_workflow("wf-1", view="verbose")
        assert not ahttp.is_closed
        await ahttp.aclose()
    assert seen == [f"{server.base_url}/workflow/runs/wf-1?trace=on&view=verbose"]


async def test_own_http_client_is_closed_by_the_context_manager(
    kind: str, server: TenantServer
) -> None:
    if kind == "sync":
        with Amperity(
            tenant="acme", token=server.token, base_url=server.base_url
        ) as client:
            pass
        assert client._shared.http.is_closed
    else:
        async with AsyncAmperity(
            tenant="acme", token=server.token, base_url=server.base_url
        ) as aclient:
            pass
        assert aclient._shared.http.is_closed


async def test_timeout_raises_api_timeout_error(
    make_client: MakeClient, server: TenantServer
) -> None:
    route_workflow(server)
    server.fail("GET", "/workflow/runs/{workflow-id}", Delay(1.0))
    client = make_client(timeout=0.2, max_retries=0)
    with pytest.raises(errors.APITimeoutError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert "GET /workflow/runs/{workflow-id} timed out" in str(info.value)


async def test_model_is_returned_with_unknown_fields_kept(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        Reply.json({"id": "wf-1", "state": "running", "new": 1}),
    )
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf-1"))
    assert isinstance(workflow, Workflow)
    assert workflow.state == "running"
    assert workflow.model_extra == {"new": 1}
    # Two reads of the same object compare equal although their responses differ.
    assert workflow == await call(client.workflow.get_workflow("wf-1"))


async def test_no_body_result_is_none(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("POST", "/workflow/runs/{workflow-id}/stop", Reply(202))
    client = make_client()
    assert await call(client.workflow.stop_workflow("wf-1")) is None
    assert server.api_requests[0].method == "POST"


async def test_other_result_types_are_read_with_pydantic(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", "/counts", Reply.json({"succeeded": 3, "failed": "1"}))
    client = make_client()
    counts = await call(
        client.request(
            Request(Endpoint("GET", "/counts", idempotent=True)), dict[str, int]
        )
    )
    assert counts == {"succeeded": 3, "failed": 1}
    with pytest.raises(ValueError, match="no response information"):
        raw_response(counts)  # plain types carry no ResponseInfo

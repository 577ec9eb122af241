"""Fixtures: a stand-in tenant per test, and clients of either kind pointed at it."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from tests.runtime.helpers import Amperity, AnyClient, AsyncAmperity
from tests.support.tenant_server import TenantServer

ENV_VARS = (
    "AMPERITY_TENANT",
    "AMPERITY_TOKEN",
    "AMPERITY_CLIENT_ID",
    "AMPERITY_CLIENT_SECRET",
    "AMPERITY_BASE_URL",
    "AMPERITY_LOG",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the AMPERITY_* variables of the machine it runs on."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer() as tenant:
        yield tenant


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


MakeClient = Callable[..., AnyClient]


@pytest.fixture
async def make_client(kind: str, server: TenantServer) -> AsyncIterator[MakeClient]:
    """`make_client(**kwargs)`: a client of this test's kind for `server`, closed afterwards.

    Defaults: the server's tenant, base URL and static token (unless OAuth credentials are given).
    """
    made: list[AnyClient] = []

    def make(**kwargs: Any) -> AnyClient:
        kwargs.setdefault("tenant", server.tenant)
        if "base_url" not in kwargs:
            kwargs["base_url"] = server.base_url
        if not {"token", "client_id", "client_secret"} & kwargs.keys():
            kwargs["token"] = server.token
        client = (Amperity if kind == "sync" else AsyncAmperity)(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        closing = client.close()
        if inspect.isawaitable(closing):
            await closing

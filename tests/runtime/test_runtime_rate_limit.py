"""The client-side rate limit: per client, shared by threads, tasks and with_options copies.

Timing checks are lower bounds only: N+1 requests at R/s cannot take less than N/R seconds.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, AnyClient, AsyncAmperity, call
from tests.support.tenant_server import Reply, TenantServer

RATE = 20.0
CALLS = 21  # 20 intervals of 1/RATE: at least 1 s


@pytest.fixture(autouse=True)
def route(server: TenantServer) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        lambda req: Reply.json({"id": req.path_params["workflow-id"]}),
    )


async def test_limit_is_shared_by_threads_tasks_and_copies(
    kind: str, make_client: MakeClient, server: TenantServer
) -> None:
    client = make_client(rate_limit=RATE)
    copy = client.with_options(max_retries=0)  # a copy draws on the same bucket
    callers: list[AnyClient] = [client if i % 2 else copy for i in range(CALLS)]
    started = time.monotonic()
    if kind == "sync":
        with ThreadPoolExecutor(CALLS) as pool:
            list(
                pool.map(
                    lambda ic: ic[1].workflow.get_workflow(f"wf-{ic[0]}"),
                    enumerate(callers),
                )
            )
    else:
        await asyncio.gather(
            *(call(c.workflow.get_workflow(f"wf-{i}")) for i, c in enumerate(callers))
        )
    # The last of the slots, handed out one per 1/RATE s, cannot start before 1 s has passed.
    assert time.monotonic() - started >= (CALLS - 1) / RATE - 0.001
    assert len(server.api_requests) == CALLS


class Limited(Amperity):
    _default_rate_limit = (
        0.01  # one request per 100 s: any limiting would be unmistakable
    )


class AsyncLimited(AsyncAmperity):
    _default_rate_limit = 0.01


@pytest.mark.parametrize("cls", [Limited, AsyncLimited], ids=["sync", "async"])
def test_rate_comes_from_the_class_and_can_be_overridden(
    cls: type[Limited] | type[AsyncLimited],
) -> None:
    assert cls(tenant="acme", token="t").rate_limit == 0.01
    assert cls(tenant="acme", token="t", rate_limit=50).rate_limit == 50.0
    assert cls(tenant="acme", token="t", rate_limit=None).rate_limit is None
    assert cls(tenant="acme", token="t", rate_limit=False).rate_limit is None


@pytest.mark.parametrize("off", [None, False])
async def test_rate_limit_can_be_turned_off(
    kind: str, server: TenantServer, off: None | bool
) -> None:
    cls = Limited if kind == "sync" else AsyncLimited
    client = cls(
        tenant="acme", token=server.token, base_url=server.base_url, rate_limit=off
    )
    started = time.monotonic()
    for i in range(3):
        await call(client.workflow.get_workflow(f"wf-{i}"))
    # Limited, three calls would take 200 s; the bound is far from anything timing noise could
    # reach.
    assert time.monotonic() - started < 50
    assert len(server.api_requests) == 3
    await call(client.close())

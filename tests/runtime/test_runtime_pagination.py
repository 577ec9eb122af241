"""Cursor pagination over real HTTP: pages, lazy iteration, the end, repeated tokens."""

from __future__ import annotations

from typing import Any

import pytest

from amperity_codegen.runtime import (
    AsyncPage,
    AsyncPaginator,
    SyncPage,
    errors,
    raw_response,
)
from amperity_codegen.runtime.pagination import TokenTrail
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Workflow, call, collect, first_page, next_page
from tests.support.tenant_server import Reply, TenantServer, items

LIST = "/workflow/runs"


def tokens_sent(server: TenantServer) -> list[list[str]]:
    return [r.query_values("next_token") for r in server.api_requests]


async def test_iterating_yields_every_item_of_every_page(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(5), page_size=2)
    client = make_client()
    workflows = await collect(client.workflow.list_workflows())
    assert [w.id for w in workflows] == [f"wf-{i}" for i in range(5)]
    assert all(isinstance(w, Workflow) for w in workflows)
    # The first request carries no next_token at all (never null, never empty).
    assert tokens_sent(server) == [[], ["page-2"], ["page-4"]]


async def test_first_page_and_following_pages(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(5))
    client = make_client()
    page = await first_page(
        client.workflow.list_workflows(limit=3, with_total=True, state="succeeded")
    )
    assert [w.id for w in page.data] == ["wf-0", "wf-1", "wf-2"]
    assert (page.next_token, page.total, page.has_next_page()) == ("page-3", 5, True)
    last = await next_page(page)
    assert [w.id for w in last.data] == ["wf-3", "wf-4"]
    assert (last.next_token, last.has_next_page()) == (None, False)
    with pytest.raises(errors.PaginationError, match="last page"):
        await call(last.next_page())
    # The following page repeats the caller's query, plus the cursor.
    assert server.api_requests[1].query_dict() == {
        "limit": "3",
        "with_total": "true",
        "state": "succeeded",
        "next_token": "page-3",
    }


async def test_iter_pages(make_client: MakeClient, server: TenantServer) -> None:
    server.paginate(LIST, items(5), page_size=2)
    client = make_client()
    page = await first_page(client.workflow.list_workflows())
    if isinstance(page, SyncPage):
        sizes = [len(p.data) for p in page.iter_pages()]
    else:
        sizes = [len(p.data) async for p in page.iter_pages()]
    assert sizes == [2, 2, 1]


async def test_pages_are_fetched_lazily(
    kind: str, make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(5), page_size=2)
    client = make_client()
    result: Any = client.workflow.list_workflows()
    if kind == "sync":
        assert isinstance(result, SyncPage)
        assert len(server.api_requests) == 1  # the first page, at the call
        items_ = iter(result)
        ids = [next(items_).id, next(items_).id]
        assert len(server.api_requests) == 1
        ids.append(next(items_).id)
    else:
        assert isinstance(result, AsyncPaginator)
        assert server.api_requests == []  # nothing until awaited or iterated
        aitems = result.__aiter__()
        ids = [(await aitems.__anext__()).id, (await aitems.__anext__()).id]
        assert len(server.api_requests) == 1
        ids.append((await aitems.__anext__()).id)
    assert ids == ["wf-0", "wf-1", "wf-2"]
    assert len(server.api_requests) == 2


async def test_awaiting_the_async_list_gives_the_first_page(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(3), page_size=2)
    client = make_client()
    page = await call(client.workflow.list_workflows())
    assert isinstance(page, (SyncPage, AsyncPage))
    assert [w.id for w in page.data] == ["wf-0", "wf-1"]
    assert len(server.api_requests) == 1


async def test_empty_next_token_ends_the_list(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(3), page_size=2, last_token="")
    client = make_client()
    assert len(await collect(client.workflow.list_workflows())) == 3
    assert len(server.api_requests) == 2
    assert "" not in sum(tokens_sent(server), [])


async def test_repeated_next_token_raises_instead_of_looping(
    make_client: MakeClient, server: TenantServer
) -> None:
    calls = iter(range(100))
    server.route(
        "GET",
        LIST,
        lambda req: Reply.json(
            {"data": [{"id": f"wf-{next(calls)}"}], "next_token": "stuck"}
        ),
    )
    client = make_client()
    seen: list[str] = []
    with pytest.raises(errors.PaginationError, match="next_token 'stuck' again"):
        page = await first_page(client.workflow.list_workflows())
        if isinstance(page, SyncPage):
            for workflow in page:
                seen.append(workflow.id)
        else:
            async for workflow in page:
                seen.append(workflow.id)
    assert seen == ["wf-0", "wf-1"]
    assert len(server.api_requests) == 2


async def test_tokens_going_round_in_a_loop_raise(
    make_client: MakeClient, server: TenantServer
) -> None:
    following = {"": "a", "a": "b", "b": "c", "c": "a"}
    server.route(
        "GET",
        LIST,
        lambda req: Reply.json(
            {
                "data": [{"id": "wf"}],
                "next_token": following[req.query_dict().get("next_token", "")],
            }
        ),
    )
    client = make_client()
    with pytest.raises(errors.PaginationError, match="next_token 'c' again"):
        await collect(client.workflow.list_workflows())
    # The loop (a, b, c) is three pages long: caught on its second time round.
    assert sum(tokens_sent(server), []) == ["a", "b", "c", "a", "b"]


def test_token_trail_catches_every_loop_within_twice_its_length_and_tail() -> None:
    for tail in range(6):
        for loop in range(1, 40):
            tokens = [f"t{i}" for i in range(tail)] + [
                f"l{i % loop}" for i in range(8 * (tail + loop))
            ]
            trail: TokenTrail | None = TokenTrail()
            sent = 0
            while trail is not None:
                trail = trail.after(tokens[sent])
                sent += 1
            assert sent <= 2 * (tail + loop) + loop, (tail, loop, sent)


def test_token_trail_never_stops_a_list_whose_tokens_are_new() -> None:
    trail: TokenTrail | None = TokenTrail()
    for i in range(20_000):
        assert trail is not None
        trail = trail.after(f"p-{i}")
    assert (
        trail is not None and trail.span == 2**14
    )  # three fields, however long the list


async def test_page_and_its_items_carry_the_response(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.paginate(LIST, items(3), page_size=2)
    client = make_client()
    page = await first_page(client.workflow.list_workflows())
    info = page.raw_response
    assert raw_response(page) is info
    assert info.status_code == 200
    assert info.request_id == server.api_requests[0].request_id
    assert raw_response(page.data[0]) is info

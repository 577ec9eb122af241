"""Raw access: status, headers, request id and retries of the answer behind a returned model."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import httpx
import pytest

from amperity_codegen.runtime import ResponseInfo, raw_response
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Workflow, call
from tests.support.tenant_server import Reply, TenantServer


async def test_raw_response_of_a_returned_model(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        Reply.json({"id": "wf-1"}, headers={"X-Extra": "1"}),
    )
    server.fail("GET", "/workflow/runs/{workflow-id}", Reply.error(502))
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf-1"))
    info = raw_response(workflow)
    assert isinstance(info, ResponseInfo)
    assert info.status_code == 200
    assert info.headers["x-extra"] == "1"
    assert info.request_id == server.api_requests[-1].request_id
    assert info.retries_taken == 1
    assert isinstance(info.http_response, httpx.Response)
    assert info.http_response.json() == {"id": "wf-1"}
    assert "http_response" not in repr(
        workflow
    )  # kept out of the model's fields and repr


def test_no_response_information_for_none_or_hand_built_models() -> None:
    with pytest.raises(ValueError, match="no response information for a NoneType"):
        raw_response(None)
    with pytest.raises(ValueError, match="models built by hand"):
        raw_response(Workflow(id="mine"))


@pytest.fixture
def no_collector() -> Iterator[None]:
    """The cycle collector off: what is freed is freed by reference counting alone."""
    was = gc.isenabled()
    gc.disable()
    yield
    if was:
        gc.enable()


@pytest.mark.usefixtures("no_collector")
async def test_an_answer_is_freed_with_its_result(
    make_client: MakeClient, server: TenantServer
) -> None:
    """httpx binds a response and its stream to each other: left so, every answer (and its
    request) would wait for the collector's next full pass, and bulk sending would grow with
    the calls it made. The client unbinds them once the answer is read and closed."""
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.json({"id": "wf-1"}))
    client = make_client()
    workflow = await call(client.workflow.get_workflow("wf-1"))
    response = weakref.ref(raw_response(workflow).http_response)
    alive = response()
    assert alive is not None and alive.json() == {"id": "wf-1"}
    del workflow, alive
    assert response() is None

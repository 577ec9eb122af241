"""Typed errors from statuses and the error envelope; bodies that do not fit their model."""

from __future__ import annotations

import httpx
import pytest

from amperity_codegen.runtime import errors
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import call, collect
from tests.support.tenant_server import Reply, TenantServer, refusing_base_url

GET = "/workflow/runs/{workflow-id}"


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (405, errors.MethodNotAllowedError),
        (409, errors.ConflictError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (502, errors.InternalServerError),
        (503, errors.ServiceUnavailableError),
        (504, errors.InternalServerError),
        (422, errors.APIStatusError),
    ],
)
async def test_status_gives_its_error_class_with_the_envelope(
    make_client: MakeClient,
    server: TenantServer,
    status: int,
    error_class: type[errors.APIStatusError],
) -> None:
    reply = Reply.error(
        status,
        "The requested entity does not exist.",
        request_id="rid-7d2f",
        trace_id="tr-1c9d",
    )
    server.route("GET", GET, reply)
    client = make_client(max_retries=0)
    with pytest.raises(errors.APIStatusError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    error = info.value
    assert type(error) is error_class
    assert isinstance(error, errors.Error)
    assert error.status_code == status
    assert error.message == "The requested entity does not exist."
    assert (error.request_id, error.trace_id) == ("rid-7d2f", "tr-1c9d")
    assert (
        isinstance(error.response, httpx.Response)
        and error.response.status_code == status
    )
    assert error.body == {
        "status": status,
        "message": "The requested entity does not exist.",
        "request_id": "rid-7d2f",
        "trace_id": "tr-1c9d",
    }
    assert error.retries_taken == 0
    assert str(error).startswith(
        f"GET /workflow/runs/{{workflow-id}} answered {status} "
    )
    assert "request_id=rid-7d2f" in str(error)


def test_every_5xx_is_an_internal_server_error() -> None:
    assert issubclass(errors.ServiceUnavailableError, errors.InternalServerError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert issubclass(errors.APIResponseValidationError, errors.Error)


async def test_request_id_falls_back_to_the_header(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.error(404, "gone"))
    client = make_client()
    with pytest.raises(errors.NotFoundError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert info.value.request_id == server.api_requests[0].request_id
    assert info.value.trace_id is None


async def test_html_502_gives_typed_error_with_short_excerpt(
    make_client: MakeClient, server: TenantServer
) -> None:
    page = (
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
        "Gateway</h1></center>"
        "<hr><center>nginx</center>"
        + "<!-- padding -->" * 200
        + "<p>"
        + "x" * 500
        + "</p></body></html>"
    )
    server.route("GET", GET, Reply.html(502, page))
    client = make_client(max_retries=0)
    with pytest.raises(errors.InternalServerError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    error = info.value
    assert error.status_code == 502
    assert error.message.startswith("502 Bad Gateway 502 Bad Gateway nginx")
    assert len(error.message) <= 200
    assert "<" not in error.message
    assert error.body is None


async def test_body_not_fitting_its_model_names_the_field(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.json({"id": "wf-1", "state": "exploded"}))
    client = make_client(strict_responses=True)
    with pytest.raises(errors.APIResponseValidationError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    error = info.value
    assert error.field == "state"
    assert "does not fit Workflow: state:" in str(error)
    assert error.status_code == 200
    assert "exploded" not in str(
        error
    )  # values are left out: they may be personal data


async def test_page_item_not_fitting_names_its_position(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route(
        "GET",
        "/workflow/runs",
        Reply.json({"data": [{"id": "a"}, {"state": "running"}]}),
    )
    client = make_client()
    with pytest.raises(errors.APIResponseValidationError) as info:
        await collect(client.workflow.list_workflows())
    assert info.value.field == "data.1.id"


async def test_non_json_success_body(
    make_client: MakeClient, server: TenantServer
) -> None:
    server.route("GET", GET, Reply.html(200, "<html>maintenance</html>"))
    client = make_client()
    with pytest.raises(errors.APIResponseValidationError, match="not JSON") as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert info.value.field is None


async def test_connection_refused_is_a_connection_error(
    make_client: MakeClient,
) -> None:
    client = make_client(base_url=refusing_base_url(), max_retries=0)
    with pytest.raises(errors.APIConnectionError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert not isinstance(info.value, errors.APITimeoutError)
    assert "ConnectError" in str(info.value)

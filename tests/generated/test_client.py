"""The generated client as its user sees it (DESIGN.md), over real HTTP against the stand-in
tenant."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import amperity_api
import amperity_profile_api
import pytest
from amperity_api import Amperity, AsyncAmperity, errors

from tests.support.samples import WORKFLOW
from tests.support.tenant_server import Reply, TenantServer


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer() as s:
        s.route(
            "GET",
            "/workflow/runs/{workflow-id}",
            lambda r: Reply.json({**WORKFLOW, "id": r.path_params["workflow-id"]}),
        )
        s.route("POST", "/workflow/runs", Reply.json(WORKFLOW, 201))
        yield s


def _client(server: TenantServer, **kw: Any) -> Amperity:
    return Amperity(
        tenant=server.tenant, token=server.token, base_url=server.base_url, **kw
    )


def test_sends_only_what_the_caller_passed(server: TenantServer) -> None:
    client = _client(server)
    client.workflow.get_workflow("wf-20240603-12345-MNabc")
    client.workflow.run_workflow(config_id="cg-1")
    get, post = server.requests
    assert get.query == []  # the spec's sample `view: overview` is not sent
    assert get.path == "/workflow/runs/wf-20240603-12345-MNabc"
    assert post.json() == {"config_id": "cg-1"}  # no sample run_mode, range_from, ...
    for r in (get, post):
        assert r.headers["amperity-tenant"] == "acme"
        assert r.headers["api-version"] == amperity_api.__api_version__ == "2024-04-01"
        assert r.headers["authorization"] == f"Bearer {server.token}"


def test_required_stays_required_and_optionals_are_keyword_only() -> None:
    run = inspect.signature(amperity_api.resources.Workflow.run_workflow)
    assert run.parameters["config_id"].default is inspect.Parameter.empty
    assert run.parameters["config_id"].kind is inspect.Parameter.KEYWORD_ONLY
    assert run.parameters["run_mode"].default is None
    get = inspect.signature(amperity_api.resources.Workflow.get_workflow)
    assert get.parameters["workflow_id"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert get.parameters["workflow_id"].default is inspect.Parameter.empty
    jobs = inspect.signature(amperity_api.resources.Ingest.list_ingest_jobs)
    assert jobs.parameters["created_from"].default is inspect.Parameter.empty
    for sig in (run, get, jobs):  # client-wide parameters never appear per call
        assert not {"tenant", "api_version", "amperity_tenant"} & set(sig.parameters)


def test_parameters_are_serialized_for_the_wire(server: TenantServer) -> None:
    server.route("GET", "/ingest/jobs", Reply.json({"data": []}))
    client = _client(server)
    client.ingest.list_ingest_jobs(
        created_from=date(2026, 4, 1),
        created_to=datetime(2026, 4, 2, 6, 30, tzinfo=UTC),
        with_total=True,
    )
    sent = server.requests[0].query_dict()
    assert sent["created_from"] == "2026-04-01"
    assert sent["created_to"].startswith("2026-04-02T06:30:00")
    assert sent["with_total"] == "true"


def test_iterates_every_page_lazily_and_returns_typed_items(
    server: TenantServer,
) -> None:
    pages = {None: ("p2", ["wf-1", "wf-2"]), "p2": ("", ["wf-3"])}

    def page(r: Any) -> Reply:
        token, ids = pages[r.query_dict().get("next_token")]
        return Reply.json(
            {
                "data": [{**WORKFLOW, "id": i, "new_field": 1} for i in ids],
                "next_token": token,
            }
        )

    server.route("GET", "/workflow/runs", page)
    client = _client(server)
    first = client.workflow.list_workflows(state="succeeded", limit=2)
    assert len(server.requests) == 1 and [w.id for w in first.data] == ["wf-1", "wf-2"]
    items = list(first)
    assert [w.id for w in items] == ["wf-1", "wf-2", "wf-3"]
    assert isinstance(items[0], amperity_api.models.Workflow)
    assert items[0].model_extra == {"new_field": 1}  # unknown response fields are kept
    assert [r.query_dict().get("state") for r in server.requests] == ["succeeded"] * 2


async def test_async_client_iterates_without_awaiting(server: TenantServer) -> None:
    server.route("GET", "/audit-events", Reply.json({"data": [], "next_token": ""}))
    async with AsyncAmperity(
        tenant=server.tenant, token=server.token, base_url=server.base_url
    ) as client:
        assert [e async for e in client.audit_events.list_events()] == []
        wf = await client.workflow.get_workflow("wf-9", view="verbose")
    assert wf.id == "wf-9"
    assert server.requests[-1].query_dict() == {"view": "verbose"}


def test_errors_are_typed_with_the_envelope(server: TenantServer) -> None:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        Reply.error(404, "no such run", request_id="r-1", trace_id="t-1"),
    )
    with pytest.raises(errors.NotFoundError) as caught:
        _client(server).workflow.get_workflow("missing")
    e = caught.value
    assert (e.status_code, e.message, e.request_id, e.trace_id) == (
        404,
        "no such run",
        "r-1",
        "t-1",
    )
    assert server.token not in str(e) and server.token not in repr(e)


def test_a_body_that_does_not_fit_raises_a_validation_error(
    server: TenantServer,
) -> None:
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.json({"id": "wf-1"}))
    with pytest.raises(errors.APIResponseValidationError, match="state"):
        _client(server).workflow.get_workflow("wf-1")


def test_profile_filter_is_a_deep_object_and_path_ids_are_distinct(
    server: TenantServer,
) -> None:
    server.route(
        "GET",
        "/indexes/{index-id}/profiles",
        Reply.json({"data": [{"id": "cl-1", "index_id": "idx-1"}]}),
    )
    server.route(
        "GET",
        "/indexes/{index-id}/profiles/{profile-id}",
        lambda r: Reply.json(
            {"id": r.path_params["profile-id"], "index_id": r.path_params["index-id"]}
        ),
    )
    client = amperity_profile_api.Amperity(
        tenant=server.tenant, token=server.token, base_url=server.base_url
    )
    list(
        client.profiles.list_profiles(
            "idx-1", filter={"first_name": "Dan", "loyalty_tier": "gold"}
        )
    )
    assert server.requests[0].query == [
        ("filter[first_name]", "Dan"),
        ("filter[loyalty_tier]", "gold"),
    ]
    profile = client.profiles.get_profile("idx 1/2", "cl-7")
    assert (profile.index_id, profile.id) == ("idx 1/2", "cl-7")
    assert server.requests[1].path == "/indexes/idx%201%2F2/profiles/cl-7"
    assert amperity_profile_api.Amperity._default_rate_limit == 2000.0


def test_readme_lists_every_method() -> None:
    from tests.support.project import GENERATED

    readme = (GENERATED / "amperity_api" / "README.md").read_text()
    assert "`client.workflow` | `run_workflow` | `POST /workflow/runs`" in readme
    assert json.loads(json.dumps(amperity_api.__version__)) == "1.0.0"

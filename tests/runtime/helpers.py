"""A small client written the way the generator writes one, over the runtime under test.

Kept `mypy --strict` clean: it also checks that the interface the generated code uses types.
"""

from __future__ import annotations

import datetime as dt
import inspect
from functools import cached_property
from typing import Any, Literal

from pydantic import Field

from amperity_codegen.runtime import (
    AsyncAPIClient,
    AsyncAPIResource,
    AsyncPage,
    AsyncPaginator,
    Endpoint,
    Model,
    Request,
    SecurityScheme,
    SyncAPIClient,
    SyncAPIResource,
    SyncPage,
)


class Workflow(Model):
    id: str
    state: Literal["succeeded", "failed", "running"] | None = None
    created_at: dt.datetime | None = None


class WorkflowList(Model):
    data: list[Workflow] | None = None
    next_token: str | None = None
    total: int | None = None


class WorkflowRunRequest(Model):
    config_id: str
    run_mode: Literal["full", "partial"] | None = Field(None, alias="run-mode")
    priority: int | None = None


GET_WORKFLOW = Endpoint("GET", "/workflow/runs/{workflow-id}", idempotent=True)
LIST_WORKFLOWS = Endpoint("GET", "/workflow/runs", idempotent=True)
RUN_WORKFLOW = Endpoint("POST", "/workflow/runs", idempotent=False)
STOP_WORKFLOW = Endpoint("POST", "/workflow/runs/{workflow-id}/stop", idempotent=False)
DELETE_WORKFLOW = Endpoint("DELETE", "/workflow/runs/{workflow-id}", idempotent=True)


def _get(workflow_id: str, view: str | None) -> Request:
    return Request(
        endpoint=GET_WORKFLOW,
        path_params={"workflow-id": workflow_id},
        query={"view": view},
    )


def _list(limit: int | None, with_total: bool | None, state: str | None) -> Request:
    return Request(
        endpoint=LIST_WORKFLOWS,
        query={"limit": limit, "with_total": with_total, "state": state},
    )


def _run(config_id: Any, run_mode: Any, priority: Any) -> Request:
    body = {"config_id": config_id, "run-mode": run_mode, "priority": priority}
    return Request(endpoint=RUN_WORKFLOW, body=body, body_model=WorkflowRunRequest)


def _stop(workflow_id: str) -> Request:
    return Request(endpoint=STOP_WORKFLOW, path_params={"workflow-id": workflow_id})


class Workflows(SyncAPIResource):
    def get_workflow(self, workflow_id: str, *, view: str | None = None) -> Workflow:
        return self._client.request(_get(workflow_id, view), Workflow)

    def list_workflows(
        self,
        *,
        limit: int | None = None,
        with_total: bool | None = None,
        state: str | None = None,
    ) -> SyncPage[Workflow]:
        return self._client.request_page(
            _list(limit, with_total, state), WorkflowList, Workflow
        )

    def run_workflow(
        self, *, config_id: Any, run_mode: Any = None, priority: Any = None
    ) -> Workflow:
        return self._client.request(_run(config_id, run_mode, priority), Workflow)

    def stop_workflow(self, workflow_id: str) -> None:
        return self._client.request(_stop(workflow_id), type(None))


class AsyncWorkflows(AsyncAPIResource):
    async def get_workflow(
        self, workflow_id: str, *, view: str | None = None
    ) -> Workflow:
        return await self._client.request(_get(workflow_id, view), Workflow)

    def list_workflows(
        self,
        *,
        limit: int | None = None,
        with_total: bool | None = None,
        state: str | None = None,
    ) -> AsyncPaginator[Workflow]:
        return self._client.request_page(
            _list(limit, with_total, state), WorkflowList, Workflow
        )

    async def run_workflow(
        self, *, config_id: Any, run_mode: Any = None, priority: Any = None
    ) -> Workflow:
        return await self._client.request(_run(config_id, run_mode, priority), Workflow)

    async def stop_workflow(self, workflow_id: str) -> None:
        return await self._client.request(_stop(workflow_id), type(None))


class Amperity(SyncAPIClient):
    _package = "amperity_test"
    _version = "9.9.9"
    _api_version = "2024-04-01"
    # What the generator sets for Amperity's documents (generator/vendor.py).
    _client_headers = {"amperity-tenant": "tenant", "api-version": "version"}
    _default_base_url = "https://{tenant}.amperity.com/api"
    _env_prefix = "AMPERITY"
    _security = {"BearerAuth": SecurityScheme("bearer", token_url="/v0/oauth2/token")}
    _default_security = (("BearerAuth",),)
    _token_tenant_header = "X-Amperity-Tenant"
    _docs_url = "https://docs.amperity.com/api/changelog.html"
    # Fast backoff so retry tests take milliseconds.
    _backoff_base = 0.001
    _backoff_max = 0.01

    @cached_property
    def workflow(self) -> Workflows:
        return Workflows(self)


class AsyncAmperity(AsyncAPIClient):
    _package = "amperity_test"
    _version = "9.9.9"
    _api_version = "2024-04-01"
    _client_headers = Amperity._client_headers
    _default_base_url = Amperity._default_base_url
    _env_prefix = Amperity._env_prefix
    _security = Amperity._security
    _default_security = Amperity._default_security
    _token_tenant_header = Amperity._token_tenant_header
    _docs_url = Amperity._docs_url
    _backoff_base = 0.001
    _backoff_max = 0.01

    @cached_property
    def workflow(self) -> AsyncWorkflows:
        return AsyncWorkflows(self)


AnyClient = Amperity | AsyncAmperity


async def call(result: Any) -> Any:
    """The result of a client call, sync or async alike."""
    return await result if inspect.isawaitable(result) else result


async def collect(items: Any) -> list[Any]:
    """Every item of a list call (SyncPage, AsyncPage or AsyncPaginator)."""
    if hasattr(items, "__aiter__"):
        return [item async for item in items]
    return list(items)


async def first_page(result: Any) -> SyncPage[Any] | AsyncPage[Any]:
    page = await call(result)
    assert isinstance(page, (SyncPage, AsyncPage))
    return page


async def next_page(
    page: SyncPage[Any] | AsyncPage[Any],
) -> SyncPage[Any] | AsyncPage[Any]:
    result: SyncPage[Any] | AsyncPage[Any] = await call(page.next_page())
    return result

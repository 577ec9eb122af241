"""List, run, and stop workflows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

from .. import models
from .._runtime import (
    UNSET,
    AsyncAPIResource,
    AsyncPaginator,
    Check,
    Endpoint,
    Request,
    SyncAPIResource,
    SyncPage,
    Timeout,
    Unset,
)

__all__ = ["Workflow", "AsyncWorkflow"]


_LIST_WORKFLOWS = Endpoint(
    "GET",
    "/workflow/runs",
    idempotent=True,
    checks=(
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
        Check("query", "with_total", "with_total", kind="boolean"),
        Check("query", "created_from", "created_from", kind="datetime"),
        Check("query", "created_to", "created_to", kind="datetime"),
        Check("query", "ended_from", "ended_from", kind="datetime"),
        Check("query", "ended_to", "ended_to", kind="datetime"),
        Check("query", "state", "state", kind="string"),
        Check("query", "type", "type", kind="string"),
    ),
)
_RUN_WORKFLOW = Endpoint("POST", "/workflow/runs", idempotent=False)
_GET_WORKFLOW = Endpoint(
    "GET",
    "/workflow/runs/{workflow-id}",
    idempotent=True,
    checks=(
        Check("path", "workflow-id", "workflow_id", kind="string", required=True),
        Check("query", "view", "view", kind="string", values=("overview", "verbose")),
    ),
)
_STOP_WORKFLOW = Endpoint(
    "POST",
    "/workflow/runs/{workflow-id}/stop",
    idempotent=False,
    checks=(Check("path", "workflow-id", "workflow_id", kind="string", required=True),),
)


class Workflow(SyncAPIResource):
    """List, run, and stop workflows."""

    def list_workflows(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        created_from: datetime | date | None = None,
        created_to: datetime | date | None = None,
        ended_from: datetime | date | None = None,
        ended_to: datetime | date | None = None,
        state: str | None = None,
        type: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.Workflow]:
        """GET /workflow/runs

        Use the **GET /workflow/runs** endpoint to return a list of workflows that exist
        within
        the date range defined in the request.

        Args:
            limit: The maximum number of records to include in a single page of results.
            next_token: An opaque token that is used to paginate results. Omit the
                `next_token` property to return the first page. Use the cursor value for
                `next_token` that was returned in a response to view the next page of
                results. For example: `ABCd1fghIJk2l3M` > **Note:** The possible values
                for `next_token` are returned within the 200 response. > **Important:**
                The value for `next_token` cannot be null. Example: ZVEy1iwsKBs9a6H.
            with_total: Set this value to `true` to include a total count of all
                results. Default value: `false`. > **Note:** Obtaining the total count
                of all results can be an expensive operation when there is a high number
                of pages in the results set.
            created_from: A timestamp that defines the start (inclusive) of the time
                window in which one or more workflows started to run. See the
                **created_to** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only
                workflows that have a **created_at** value that falls within this time
                window is returned. See the **created_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-01T00:00:00Z.
            created_to: A timestamp that defines the end (exclusive) of the time window
                in which one or more workflows started to run. See the **created_from**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only workflows that
                have a **created_at** value that falls within this time window is
                returned. See the **created_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-30T00:00:00Z.
            ended_from: A timestamp that defines the start (inclusive) of the time
                window in which one or more workflows stopped running. See the
                **ended_to** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only
                workflows that have an **ended_at** value that falls within this time
                window is returned. See the **ended_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-01T00:00:00Z.
            ended_to: A timestamp that defines the end (exclusive) of the time window in
                which one or more workflows stopped running. See the **ended_from**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only workflows that
                have an **ended_at** value that falls within this time window is
                returned. See the **ended_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-30T00:00:00Z.
            state: Return a list of workflows that only match the specified workflow
                state. May be one of the following: - Started - In progress - Stopping -
                Stopped - Succeeded > **Note:** This is the same value that is visible
                from the Status column on each individual workflow page. Example:
                succeeded.
            type: Return a list of workflows that only match the specified workflow
                type. > **Tip:** Use this endpoint to return a list of workflows and
                workflow types, and then use a value from the `type` response parameter
                to make a new request that filters by that workflow type value. Example:
                courier.group/run.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_WORKFLOWS,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "created_from": created_from,
                    "created_to": created_to,
                    "ended_from": ended_from,
                    "ended_to": ended_to,
                    "state": state,
                    "type": type,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.WorkflowList,
            models.Workflow,
        )

    def run_workflow(
        self,
        *,
        config_id: str,
        range_from: datetime | date | None = None,
        range_to: datetime | date | None = None,
        run_mode: Literal["source", "refresh", "full"] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """POST /workflow/runs

        Use the **POST /workflow/runs** endpoint to start a workflow. Supports running
        courier
        groups, orchestration groups, and campaigns.

        Args:
            config_id: The configuration ID of the workflow. This may be the ID for a
                courier group, orchestration group, or campaign. You can find the ID for
                the workflow to be run in the following locations: - From the Sources
                page, open the menu in the same row as the courier group, and then
                select Copy ID. - From the Destinations page, open the menu in the same
                row as the orchestration group, and then select Copy ID. - From the
                Campaigns page, open the menu in the same row as the campaign, and then
                select Copy ID. Example: cg-123ABc4DE.
            range_from: String. Required for file-based workflows. Courier groups only.
                > **Important:** A value for `range_from` must be specified for any
                courier group that is configured to pull files from cloud storage: SFTP,
                Amazon S3, Azure Blob Storage, or Google Cloud Storage. A timestamp that
                defines the start (inclusive) of the time window for which couriers in
                the workflow should pull data. See the `range_to` request parameter. A
                timestamp must be in ISO-8601 format and in Coordinated Universal Time
                (UTC). > **Tip:** Use with `range_to` to define a date range within
                which to look for files. This date range is inclusive of `range_from`
                and exclusive of `range_to`. Use without `range_to` to define a specific
                day on which to run the workflow. Example: 2026-10-01T00:00:00Z.
            range_to: String. Optional. Courier groups only. > **Important:** A value
                for `range_from` must be specified when `range_to` is included in the
                request. A timestamp that defines the end (exclusive) of the time window
                for which couriers in the workflow should pull data. See the
                `range_from` request parameter. A timestamp must be in ISO-8601 format
                and in Coordinated Universal Time (UTC). Example: 2026-10-07T00:00:00Z.
            run_mode: String. Optional. Courier groups only. Indicates the run mode for
                the courier group workflow. Possible values: `full`, `refresh`, or
                `source`. - Use `full` to pull data, refresh domain tables, run Stitch,
                update databases, then send workflow results downstream. All
                activations, including orchestrations, campaigns, and journeys, that are
                associated with this workflow is run. - Use `refresh` to pull data,
                refresh domain tables, run Stitch, and then update databases. - Use
                `source` to pull data and refresh domain tables. > **Tip:** `run_mode`
                will default to the run mode that is configured for the scheduled
                workflow. You may override the configured setting by providing a value
                for `run_mode` in the request. Example: full.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_RUN_WORKFLOW,
                body={
                    "config_id": config_id,
                    "range_from": range_from,
                    "range_to": range_to,
                    "run_mode": run_mode,
                },
                body_model=models.WorkflowRunRequest,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )

    def get_workflow(
        self,
        workflow_id: str,
        *,
        view: Literal["overview", "verbose"] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """GET /workflow/runs/{workflow-id}

        Use the **GET /workflow/runs/{id}** endpoint to return details for a specific
        workflow.

        Args:
            workflow_id: The unique identifier for a workflow, similar to:
                `wf-20240603-12345-MNabc`. The workflow ID must be in the URL. For
                example: /workflow/runs/wf-20240603-12345-MNabc. Use the GET
                /workflow/runs endpoint to get a list of workflow IDs or copy the ID
                from the Workflows page in Amperity. Example: wf-20240603-12345-MNabc.
            view: Set this value to overview to return only the following parameters:
                created_at, ended_at, id, name, state, tenant, and type. Set this value
                to verbose to return all response parameters for the workflow, including
                for any tasks that were started by the workflow. Default value:
                overview.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_WORKFLOW,
                path_params={
                    "workflow-id": workflow_id,
                },
                query={
                    "view": view,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )

    def stop_workflow(
        self,
        workflow_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """POST /workflow/runs/{workflow-id}/stop

        Use the **POST /workflow/runs/{id}/stop** endpoint to stop a running workflow.

        Args:
            workflow_id: The Amperity internal identifier for the workflow. For example:
                `wf-20240619-14418-6UhqSe`. On the workflows page, under Actions, copy
                the workflow id from the dropdown. Example: wf-20240603-12345-MNabc.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_STOP_WORKFLOW,
                path_params={
                    "workflow-id": workflow_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )


class AsyncWorkflow(AsyncAPIResource):
    """List, run, and stop workflows. (async)"""

    def list_workflows(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        created_from: datetime | date | None = None,
        created_to: datetime | date | None = None,
        ended_from: datetime | date | None = None,
        ended_to: datetime | date | None = None,
        state: str | None = None,
        type: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.Workflow]:
        """GET /workflow/runs

        Use the **GET /workflow/runs** endpoint to return a list of workflows that exist
        within
        the date range defined in the request.

        Args:
            limit: The maximum number of records to include in a single page of results.
            next_token: An opaque token that is used to paginate results. Omit the
                `next_token` property to return the first page. Use the cursor value for
                `next_token` that was returned in a response to view the next page of
                results. For example: `ABCd1fghIJk2l3M` > **Note:** The possible values
                for `next_token` are returned within the 200 response. > **Important:**
                The value for `next_token` cannot be null. Example: ZVEy1iwsKBs9a6H.
            with_total: Set this value to `true` to include a total count of all
                results. Default value: `false`. > **Note:** Obtaining the total count
                of all results can be an expensive operation when there is a high number
                of pages in the results set.
            created_from: A timestamp that defines the start (inclusive) of the time
                window in which one or more workflows started to run. See the
                **created_to** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only
                workflows that have a **created_at** value that falls within this time
                window is returned. See the **created_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-01T00:00:00Z.
            created_to: A timestamp that defines the end (exclusive) of the time window
                in which one or more workflows started to run. See the **created_from**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only workflows that
                have a **created_at** value that falls within this time window is
                returned. See the **created_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-30T00:00:00Z.
            ended_from: A timestamp that defines the start (inclusive) of the time
                window in which one or more workflows stopped running. See the
                **ended_to** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only
                workflows that have an **ended_at** value that falls within this time
                window is returned. See the **ended_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-01T00:00:00Z.
            ended_to: A timestamp that defines the end (exclusive) of the time window in
                which one or more workflows stopped running. See the **ended_from**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only workflows that
                have an **ended_at** value that falls within this time window is
                returned. See the **ended_at** response property for the GET
                /workflow/runs/{id} endpoint. Example: 2026-04-30T00:00:00Z.
            state: Return a list of workflows that only match the specified workflow
                state. May be one of the following: - Started - In progress - Stopping -
                Stopped - Succeeded > **Note:** This is the same value that is visible
                from the Status column on each individual workflow page. Example:
                succeeded.
            type: Return a list of workflows that only match the specified workflow
                type. > **Tip:** Use this endpoint to return a list of workflows and
                workflow types, and then use a value from the `type` response parameter
                to make a new request that filters by that workflow type value. Example:
                courier.group/run.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_WORKFLOWS,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "created_from": created_from,
                    "created_to": created_to,
                    "ended_from": ended_from,
                    "ended_to": ended_to,
                    "state": state,
                    "type": type,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.WorkflowList,
            models.Workflow,
        )

    async def run_workflow(
        self,
        *,
        config_id: str,
        range_from: datetime | date | None = None,
        range_to: datetime | date | None = None,
        run_mode: Literal["source", "refresh", "full"] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """POST /workflow/runs

        Use the **POST /workflow/runs** endpoint to start a workflow. Supports running
        courier
        groups, orchestration groups, and campaigns.

        Args:
            config_id: The configuration ID of the workflow. This may be the ID for a
                courier group, orchestration group, or campaign. You can find the ID for
                the workflow to be run in the following locations: - From the Sources
                page, open the menu in the same row as the courier group, and then
                select Copy ID. - From the Destinations page, open the menu in the same
                row as the orchestration group, and then select Copy ID. - From the
                Campaigns page, open the menu in the same row as the campaign, and then
                select Copy ID. Example: cg-123ABc4DE.
            range_from: String. Required for file-based workflows. Courier groups only.
                > **Important:** A value for `range_from` must be specified for any
                courier group that is configured to pull files from cloud storage: SFTP,
                Amazon S3, Azure Blob Storage, or Google Cloud Storage. A timestamp that
                defines the start (inclusive) of the time window for which couriers in
                the workflow should pull data. See the `range_to` request parameter. A
                timestamp must be in ISO-8601 format and in Coordinated Universal Time
                (UTC). > **Tip:** Use with `range_to` to define a date range within
                which to look for files. This date range is inclusive of `range_from`
                and exclusive of `range_to`. Use without `range_to` to define a specific
                day on which to run the workflow. Example: 2026-10-01T00:00:00Z.
            range_to: String. Optional. Courier groups only. > **Important:** A value
                for `range_from` must be specified when `range_to` is included in the
                request. A timestamp that defines the end (exclusive) of the time window
                for which couriers in the workflow should pull data. See the
                `range_from` request parameter. A timestamp must be in ISO-8601 format
                and in Coordinated Universal Time (UTC). Example: 2026-10-07T00:00:00Z.
            run_mode: String. Optional. Courier groups only. Indicates the run mode for
                the courier group workflow. Possible values: `full`, `refresh`, or
                `source`. - Use `full` to pull data, refresh domain tables, run Stitch,
                update databases, then send workflow results downstream. All
                activations, including orchestrations, campaigns, and journeys, that are
                associated with this workflow is run. - Use `refresh` to pull data,
                refresh domain tables, run Stitch, and then update databases. - Use
                `source` to pull data and refresh domain tables. > **Tip:** `run_mode`
                will default to the run mode that is configured for the scheduled
                workflow. You may override the configured setting by providing a value
                for `run_mode` in the request. Example: full.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_RUN_WORKFLOW,
                body={
                    "config_id": config_id,
                    "range_from": range_from,
                    "range_to": range_to,
                    "run_mode": run_mode,
                },
                body_model=models.WorkflowRunRequest,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )

    async def get_workflow(
        self,
        workflow_id: str,
        *,
        view: Literal["overview", "verbose"] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """GET /workflow/runs/{workflow-id}

        Use the **GET /workflow/runs/{id}** endpoint to return details for a specific
        workflow.

        Args:
            workflow_id: The unique identifier for a workflow, similar to:
                `wf-20240603-12345-MNabc`. The workflow ID must be in the URL. For
                example: /workflow/runs/wf-20240603-12345-MNabc. Use the GET
                /workflow/runs endpoint to get a list of workflow IDs or copy the ID
                from the Workflows page in Amperity. Example: wf-20240603-12345-MNabc.
            view: Set this value to overview to return only the following parameters:
                created_at, ended_at, id, name, state, tenant, and type. Set this value
                to verbose to return all response parameters for the workflow, including
                for any tasks that were started by the workflow. Default value:
                overview.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_WORKFLOW,
                path_params={
                    "workflow-id": workflow_id,
                },
                query={
                    "view": view,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )

    async def stop_workflow(
        self,
        workflow_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Workflow:
        """POST /workflow/runs/{workflow-id}/stop

        Use the **POST /workflow/runs/{id}/stop** endpoint to stop a running workflow.

        Args:
            workflow_id: The Amperity internal identifier for the workflow. For example:
                `wf-20240619-14418-6UhqSe`. On the workflows page, under Actions, copy
                the workflow id from the dropdown. Example: wf-20240603-12345-MNabc.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_STOP_WORKFLOW,
                path_params={
                    "workflow-id": workflow_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Workflow,
        )

"""Return details about ingest jobs."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from .. import models
from .._runtime import (
    UNSET,
    AsyncAPIResource,
    Check,
    Endpoint,
    Request,
    SyncAPIResource,
    Timeout,
    Unset,
)

__all__ = ["Ingest", "AsyncIngest"]


_LIST_INGEST_JOBS = Endpoint(
    "GET",
    "/ingest/jobs",
    idempotent=True,
    checks=(
        Check("query", "created_from", "created_from", kind="datetime", required=True),
        Check("query", "created_to", "created_to", kind="datetime", required=True),
        Check("query", "with_total", "with_total", kind="boolean"),
    ),
)
_GET_INGEST_JOB = Endpoint(
    "GET",
    "/ingest/jobs/{job-id}",
    idempotent=True,
    checks=(Check("path", "job-id", "job_id", kind="string", required=True),),
)


class Ingest(SyncAPIResource):
    """Return details about ingest jobs."""

    def list_ingest_jobs(
        self,
        *,
        created_from: datetime | date,
        created_to: datetime | date,
        with_total: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.IngestJobDetailsList:
        """GET /ingest/jobs

        Use the **GET /ingest/jobs** endpoint to return a list of jobs from your tenant
        that
        occurred within the previous 7 days.

        Args:
            created_from: A timestamp that defines the start (inclusive) of a 7-day time
                window in which one or more ingest jobs started. See the **created_to**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only ingest jobs that
                have a **started_at** value that falls within this time window is
                returned. See the **created_at** response property for the GET
                /ingest/jobs/{id} endpoint. Example: 2026-10-01T00:00:00Z.
            created_to: A timestamp that defines the end (exclusive) of a 7-day time
                window in which one or more ingest jobs started. See the
                **created_from** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only ingest
                jobs that have a **started_at** value that falls within this time window
                is returned. See the **created_at** response property for the GET
                /ingest/jobs/{id} endpoint. Example: 2026-10-07T00:00:00Z.
            with_total: Set this value to `true` to include a total count of all
                results. Default value: `false`. > **Note:** Obtaining the total count
                of all results can be an expensive operation when there is a high number
                of pages in the results set.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_LIST_INGEST_JOBS,
                query={
                    "created_from": created_from,
                    "created_to": created_to,
                    "with_total": with_total,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.IngestJobDetailsList,
        )

    def get_ingest_job(
        self,
        job_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.IngestJobDetails:
        """GET /ingest/jobs/{job-id}

        Use the **GET /ingest/jobs/{id}** endpoint to return details for a specific
        ingest job,
        including a summary of the records, files, and feeds that were ingested.

        Args:
            job_id: The Amperity internal identifier for the ingest job. For example:
                `isj-20240701-48815-6dcXdk`. From the workflows page, on the right side,
                click Recent Activity, select Ingest details under the job, and copy the
                job id from the open dialog box. Example: isj-20240827-54061-2l6XhD.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_INGEST_JOB,
                path_params={
                    "job-id": job_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.IngestJobDetails,
        )


class AsyncIngest(AsyncAPIResource):
    """Return details about ingest jobs. (async)"""

    async def list_ingest_jobs(
        self,
        *,
        created_from: datetime | date,
        created_to: datetime | date,
        with_total: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.IngestJobDetailsList:
        """GET /ingest/jobs

        Use the **GET /ingest/jobs** endpoint to return a list of jobs from your tenant
        that
        occurred within the previous 7 days.

        Args:
            created_from: A timestamp that defines the start (inclusive) of a 7-day time
                window in which one or more ingest jobs started. See the **created_to**
                request parameter. This timestamp may be a partial timestamp, such as
                YYYY-MM-DD. The timestamp must be in ISO-8601 format and is in
                Coordinated Universal Time (UTC). > **Important:** Only ingest jobs that
                have a **started_at** value that falls within this time window is
                returned. See the **created_at** response property for the GET
                /ingest/jobs/{id} endpoint. Example: 2026-10-01T00:00:00Z.
            created_to: A timestamp that defines the end (exclusive) of a 7-day time
                window in which one or more ingest jobs started. See the
                **created_from** request parameter. This timestamp may be a partial
                timestamp, such as YYYY-MM-DD. The timestamp must be in ISO-8601 format
                and is in Coordinated Universal Time (UTC). > **Important:** Only ingest
                jobs that have a **started_at** value that falls within this time window
                is returned. See the **created_at** response property for the GET
                /ingest/jobs/{id} endpoint. Example: 2026-10-07T00:00:00Z.
            with_total: Set this value to `true` to include a total count of all
                results. Default value: `false`. > **Note:** Obtaining the total count
                of all results can be an expensive operation when there is a high number
                of pages in the results set.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_LIST_INGEST_JOBS,
                query={
                    "created_from": created_from,
                    "created_to": created_to,
                    "with_total": with_total,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.IngestJobDetailsList,
        )

    async def get_ingest_job(
        self,
        job_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.IngestJobDetails:
        """GET /ingest/jobs/{job-id}

        Use the **GET /ingest/jobs/{id}** endpoint to return details for a specific
        ingest job,
        including a summary of the records, files, and feeds that were ingested.

        Args:
            job_id: The Amperity internal identifier for the ingest job. For example:
                `isj-20240701-48815-6dcXdk`. From the workflows page, on the right side,
                click Recent Activity, select Ingest details under the job, and copy the
                job id from the open dialog box. Example: isj-20240827-54061-2l6XhD.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_INGEST_JOB,
                path_params={
                    "job-id": job_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.IngestJobDetails,
        )

"""Return a list of segments available in your tenant."""

from __future__ import annotations

from collections.abc import Mapping

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

__all__ = ["Segments", "AsyncSegments"]


_LIST_SEGMENT = Endpoint(
    "GET",
    "/segments",
    idempotent=True,
    checks=(
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
        Check("query", "with_total", "with_total", kind="boolean"),
    ),
)


class Segments(SyncAPIResource):
    """Return a list of segments available in your tenant."""

    def list_segment(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.Segment]:
        """GET /segments

        Use the **GET /segments** endpoint to return a list of segments from your
        tenant.

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

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_SEGMENT,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.SegmentList,
            models.Segment,
        )


class AsyncSegments(AsyncAPIResource):
    """Return a list of segments available in your tenant. (async)"""

    def list_segment(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.Segment]:
        """GET /segments

        Use the **GET /segments** endpoint to return a list of segments from your
        tenant.

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

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_SEGMENT,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.SegmentList,
            models.Segment,
        )

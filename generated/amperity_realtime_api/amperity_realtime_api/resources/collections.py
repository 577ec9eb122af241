"""Statistics of a profile collection."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

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

__all__ = ["Collections", "AsyncCollections"]


_GET_COLLECTION_STATS = Endpoint(
    "GET",
    "/collections/{collection-id}/stats",
    idempotent=True,
    security=(("BearerAuth",),),
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
    ),
)
_GET_COLLECTION_HISTORY = Endpoint(
    "GET",
    "/collections/{collection-id}/history",
    idempotent=True,
    security=(("BearerAuth",),),
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
        Check(
            "query", "scale", "scale", kind="string", values=("minute", "hour", "day")
        ),
        Check("query", "after", "after", kind="datetime"),
        Check("query", "before", "before", kind="datetime"),
    ),
)


class Collections(SyncAPIResource):
    """Statistics of a profile collection."""

    def get_collection_stats(
        self,
        collection_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.CollectionStats:
        """Return statistics for a profile collection.

        Args:
            collection_id: The ID of the profile collection.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_COLLECTION_STATS,
                path_params={
                    "collection-id": collection_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CollectionStats,
        )

    def get_collection_history(
        self,
        collection_id: str,
        *,
        scale: Literal["minute", "hour", "day"] | None = None,
        after: datetime | date | None = None,
        before: datetime | date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.CollectionHistory:
        """Return the profile-count time series of a profile collection.

        Args:
            collection_id: The ID of the profile collection.
            scale: The size of each time bucket (the server's default: day).
            after: Buckets at or after this time; omitted, a look-back window that
                depends on `scale`.
            before: Buckets at or before this time; omitted, the current time.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_COLLECTION_HISTORY,
                path_params={
                    "collection-id": collection_id,
                },
                query={
                    "scale": scale,
                    "after": after,
                    "before": before,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CollectionHistory,
        )


class AsyncCollections(AsyncAPIResource):
    """Statistics of a profile collection. (async)"""

    async def get_collection_stats(
        self,
        collection_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.CollectionStats:
        """Return statistics for a profile collection.

        Args:
            collection_id: The ID of the profile collection.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_COLLECTION_STATS,
                path_params={
                    "collection-id": collection_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CollectionStats,
        )

    async def get_collection_history(
        self,
        collection_id: str,
        *,
        scale: Literal["minute", "hour", "day"] | None = None,
        after: datetime | date | None = None,
        before: datetime | date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.CollectionHistory:
        """Return the profile-count time series of a profile collection.

        Args:
            collection_id: The ID of the profile collection.
            scale: The size of each time bucket (the server's default: day).
            after: Buckets at or after this time; omitted, a look-back window that
                depends on `scale`.
            before: Buckets at or before this time; omitted, the current time.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_COLLECTION_HISTORY,
                path_params={
                    "collection-id": collection_id,
                },
                query={
                    "scale": scale,
                    "after": after,
                    "before": before,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CollectionHistory,
        )

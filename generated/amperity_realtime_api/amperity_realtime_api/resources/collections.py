"""Statistics of a profile collection."""

from __future__ import annotations

from datetime import date, datetime
from types import NoneType
from typing import Any, Literal

from .. import models
from .._runtime import (
    Answer,
    AsyncAPIResource,
    AsyncPaginator,
    BinaryContent,
    Endpoint,
    FileContent,
    Request,
    Responses,
    SyncAPIResource,
    SyncPage,
)

__all__ = ["Collections", "AsyncCollections"]


_GET_COLLECTION_STATS = Endpoint(
    "GET",
    "/collections/{collection-id}/stats",
    idempotent=True,
    security=(("BearerAuth",),),
)
_GET_COLLECTION_HISTORY = Endpoint(
    "GET",
    "/collections/{collection-id}/history",
    idempotent=True,
    security=(("BearerAuth",),),
)


class Collections(SyncAPIResource):
    """Statistics of a profile collection."""

    def get_collection_stats(self, collection_id: str) -> models.CollectionStats:
        """Return statistics for a profile collection.

        Args:
            collection_id: The ID of the profile collection.
        """
        return self._client.request(
            Request(
                endpoint=_GET_COLLECTION_STATS,
                path_params={
                    "collection-id": collection_id,
                },
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
    ) -> models.CollectionHistory:
        """Return the profile-count time series of a profile collection.

        Args:
            collection_id: The ID of the profile collection.
            scale: The size of each time bucket (the server's default: day).
            after: Buckets at or after this time; omitted, a look-back window that depends
                on `scale`.
            before: Buckets at or before this time; omitted, the current time.
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
            ),
            models.CollectionHistory,
        )


class AsyncCollections(AsyncAPIResource):
    """Statistics of a profile collection. (async)"""

    async def get_collection_stats(self, collection_id: str) -> models.CollectionStats:
        """Return statistics for a profile collection.

        Args:
            collection_id: The ID of the profile collection.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_COLLECTION_STATS,
                path_params={
                    "collection-id": collection_id,
                },
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
    ) -> models.CollectionHistory:
        """Return the profile-count time series of a profile collection.

        Args:
            collection_id: The ID of the profile collection.
            scale: The size of each time bucket (the server's default: day).
            after: Buckets at or after this time; omitted, a look-back window that depends
                on `scale`.
            before: Buckets at or before this time; omitted, the current time.
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
            ),
            models.CollectionHistory,
        )

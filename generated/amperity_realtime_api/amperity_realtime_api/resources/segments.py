"""Real-time segment membership."""

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

__all__ = ["Segments", "AsyncSegments"]


_LIST_PROFILE_SEGMENTS = Endpoint(
    "GET",
    "/profiles/{collection-id}/{profile-id}/segments",
    idempotent=True,
    security=(("BearerAuth",),),
)
_LIST_SEGMENT_PROFILES = Endpoint(
    "GET",
    "/segments/{segment-id}/profiles",
    idempotent=True,
    security=(("BearerAuth",),),
)


class Segments(SyncAPIResource):
    """Real-time segment membership."""

    def list_profile_segments(
        self,
        collection_id: str,
        profile_id: str,
        *,
        limit: int | None = None,
        next_token: str | None = None,
    ) -> SyncPage[models.SegmentMembership]:
        """Return the real-time segments a profile is a member of.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            limit: The maximum number of records to include in a single page of results.
            next_token: The cursor returned with the previous page; omit it for the first
                page.

        Returns the first page; iterate it to fetch every item, page by page, lazily.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_PROFILE_SEGMENTS,
                path_params={
                    "collection-id": collection_id,
                    "profile-id": profile_id,
                },
                query={
                    "limit": limit,
                    "next_token": next_token,
                },
            ),
            models.SegmentMembershipList,
            models.SegmentMembership,
        )

    def list_segment_profiles(self, segment_id: str) -> models.SegmentProfileList:
        """Return the profiles that are members of a real-time segment.

        Takes no pagination parameters (the page says a single page of results is returned), so the `next_token` of the answer cannot be followed.

        Args:
            segment_id: The ID of the real-time segment.
        """
        return self._client.request(
            Request(
                endpoint=_LIST_SEGMENT_PROFILES,
                path_params={
                    "segment-id": segment_id,
                },
            ),
            models.SegmentProfileList,
        )


class AsyncSegments(AsyncAPIResource):
    """Real-time segment membership. (async)"""

    def list_profile_segments(
        self,
        collection_id: str,
        profile_id: str,
        *,
        limit: int | None = None,
        next_token: str | None = None,
    ) -> AsyncPaginator[models.SegmentMembership]:
        """Return the real-time segments a profile is a member of.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            limit: The maximum number of records to include in a single page of results.
            next_token: The cursor returned with the previous page; omit it for the first
                page.

        Returns the first page; iterate it to fetch every item, page by page, lazily.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_PROFILE_SEGMENTS,
                path_params={
                    "collection-id": collection_id,
                    "profile-id": profile_id,
                },
                query={
                    "limit": limit,
                    "next_token": next_token,
                },
            ),
            models.SegmentMembershipList,
            models.SegmentMembership,
        )

    async def list_segment_profiles(self, segment_id: str) -> models.SegmentProfileList:
        """Return the profiles that are members of a real-time segment.

        Takes no pagination parameters (the page says a single page of results is returned), so the `next_token` of the answer cannot be followed.

        Args:
            segment_id: The ID of the real-time segment.
        """
        return await self._client.request(
            Request(
                endpoint=_LIST_SEGMENT_PROFILES,
                path_params={
                    "segment-id": segment_id,
                },
            ),
            models.SegmentProfileList,
        )

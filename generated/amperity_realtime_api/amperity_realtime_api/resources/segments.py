"""Real-time segment membership."""

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


_LIST_PROFILE_SEGMENTS = Endpoint(
    "GET",
    "/profiles/{collection-id}/{profile-id}/segments",
    idempotent=True,
    security=(("BearerAuth",),),
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
        Check("path", "profile-id", "profile_id", kind="string", required=True),
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
    ),
)
_LIST_SEGMENT_PROFILES = Endpoint(
    "GET",
    "/segments/{segment-id}/profiles",
    idempotent=True,
    security=(("BearerAuth",),),
    checks=(Check("path", "segment-id", "segment_id", kind="string", required=True),),
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
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.SegmentMembership]:
        """Return the real-time segments a profile is a member of.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            limit: The maximum number of records to include in a single page of results.
            next_token: The cursor returned with the previous page; omit it for the
                first page.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.SegmentMembershipList,
            models.SegmentMembership,
        )

    def list_segment_profiles(
        self,
        segment_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.SegmentProfileList:
        """Return the profiles that are members of a real-time segment.

        Takes no pagination parameters (the page says a single page of results is
        returned), so the `next_token` of the answer cannot be followed.

        Args:
            segment_id: The ID of the real-time segment.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_LIST_SEGMENT_PROFILES,
                path_params={
                    "segment-id": segment_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
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
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.SegmentMembership]:
        """Return the real-time segments a profile is a member of.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            limit: The maximum number of records to include in a single page of results.
            next_token: The cursor returned with the previous page; omit it for the
                first page.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.SegmentMembershipList,
            models.SegmentMembership,
        )

    async def list_segment_profiles(
        self,
        segment_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.SegmentProfileList:
        """Return the profiles that are members of a real-time segment.

        Takes no pagination parameters (the page says a single page of results is
        returned), so the `next_token` of the answer cannot be followed.

        Args:
            segment_id: The ID of the real-time segment.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_LIST_SEGMENT_PROFILES,
                path_params={
                    "segment-id": segment_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.SegmentProfileList,
        )

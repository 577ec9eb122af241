"""Return a profile by its ID."""

from __future__ import annotations

from collections.abc import Mapping

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

__all__ = ["Profiles", "AsyncProfiles"]


_GET_PROFILE = Endpoint(
    "GET",
    "/profiles/{collection-id}/{profile-id}",
    idempotent=True,
    security=(("BearerAuth",),),
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
        Check("path", "profile-id", "profile_id", kind="string", required=True),
        Check("query", "enrich", "enrich", kind="boolean"),
    ),
)


class Profiles(SyncAPIResource):
    """Return a profile by its ID."""

    def get_profile(
        self,
        collection_id: str,
        profile_id: str,
        *,
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Return a profile by its ID.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_PROFILE,
                path_params={
                    "collection-id": collection_id,
                    "profile-id": profile_id,
                },
                query={
                    "enrich": enrich,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )


class AsyncProfiles(AsyncAPIResource):
    """Return a profile by its ID. (async)"""

    async def get_profile(
        self,
        collection_id: str,
        profile_id: str,
        *,
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Return a profile by its ID.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_PROFILE,
                path_params={
                    "collection-id": collection_id,
                    "profile-id": profile_id,
                },
                query={
                    "enrich": enrich,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )

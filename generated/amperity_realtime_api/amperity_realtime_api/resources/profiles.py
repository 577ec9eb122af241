"""Return a profile by its ID."""

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

__all__ = ["Profiles", "AsyncProfiles"]


_GET_PROFILE = Endpoint(
    "GET",
    "/profiles/{collection-id}/{profile-id}",
    idempotent=True,
    security=(("BearerAuth",),),
)


class Profiles(SyncAPIResource):
    """Return a profile by its ID."""

    def get_profile(
        self, collection_id: str, profile_id: str, *, enrich: bool | None = None
    ) -> models.Profile:
        """Return a profile by its ID.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
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
            ),
            models.Profile,
        )


class AsyncProfiles(AsyncAPIResource):
    """Return a profile by its ID. (async)"""

    async def get_profile(
        self, collection_id: str, profile_id: str, *, enrich: bool | None = None
    ) -> models.Profile:
        """Return a profile by its ID.

        Args:
            collection_id: The ID of the profile collection.
            profile_id: The ID of the profile.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
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
            ),
            models.Profile,
        )

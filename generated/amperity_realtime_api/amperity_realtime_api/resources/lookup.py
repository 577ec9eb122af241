"""Find a profile by its keychain keys."""

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

__all__ = ["Lookup", "AsyncLookup"]


_LOOKUP_PROFILE = Endpoint(
    "GET",
    "/lookup/{collection-id}/keychain",
    idempotent=True,
    security=(("BearerAuth",),),
    query_styles={
        "keys": ("form", True),
    },
)
_LOOKUP_PROFILE_BY_BODY = Endpoint(
    "POST",
    "/lookup/{collection-id}/keychain",
    idempotent=False,
    security=(("BearerAuth",),),
)


class Lookup(SyncAPIResource):
    """Find a profile by its keychain keys."""

    def lookup_profile(
        self, collection_id: str, *, keys: dict[str, str], enrich: bool | None = None
    ) -> models.Profile:
        """Find a profile by keychain keys passed in the query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: One or more keychain keys and their values, e.g. `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
        """
        return self._client.request(
            Request(
                endpoint=_LOOKUP_PROFILE,
                path_params={
                    "collection-id": collection_id,
                },
                query={
                    "keys": keys,
                    "_enrich": enrich,
                },
            ),
            models.Profile,
        )

    def lookup_profile_by_body(
        self, collection_id: str, *, keys: dict[str, str], enrich: bool | None = None
    ) -> models.Profile:
        """Find a profile by keychain keys sent in the request body.

        Like `lookup_profile`, but a key value never appears in a query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: A map of keychain keys to values, such as `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
        """
        return self._client.request(
            Request(
                endpoint=_LOOKUP_PROFILE_BY_BODY,
                path_params={
                    "collection-id": collection_id,
                },
                body={
                    "keys": keys,
                    "enrich": enrich,
                },
                body_model=models.LookupProfileByBodyRequest,
            ),
            models.Profile,
        )


class AsyncLookup(AsyncAPIResource):
    """Find a profile by its keychain keys. (async)"""

    async def lookup_profile(
        self, collection_id: str, *, keys: dict[str, str], enrich: bool | None = None
    ) -> models.Profile:
        """Find a profile by keychain keys passed in the query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: One or more keychain keys and their values, e.g. `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
        """
        return await self._client.request(
            Request(
                endpoint=_LOOKUP_PROFILE,
                path_params={
                    "collection-id": collection_id,
                },
                query={
                    "keys": keys,
                    "_enrich": enrich,
                },
            ),
            models.Profile,
        )

    async def lookup_profile_by_body(
        self, collection_id: str, *, keys: dict[str, str], enrich: bool | None = None
    ) -> models.Profile:
        """Find a profile by keychain keys sent in the request body.

        Like `lookup_profile`, but a key value never appears in a query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: A map of keychain keys to values, such as `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).
        """
        return await self._client.request(
            Request(
                endpoint=_LOOKUP_PROFILE_BY_BODY,
                path_params={
                    "collection-id": collection_id,
                },
                body={
                    "keys": keys,
                    "enrich": enrich,
                },
                body_model=models.LookupProfileByBodyRequest,
            ),
            models.Profile,
        )

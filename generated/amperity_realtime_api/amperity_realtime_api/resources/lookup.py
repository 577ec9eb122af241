"""Find a profile by its keychain keys."""

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

__all__ = ["Lookup", "AsyncLookup"]


_LOOKUP_PROFILE = Endpoint(
    "GET",
    "/lookup/{collection-id}/keychain",
    idempotent=True,
    security=(("BearerAuth",),),
    query_styles={
        "keys": ("form", True),
    },
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
        Check("query", "keys", "keys", kind="object", min_properties=1, required=True),
        Check("query", "_enrich", "enrich", kind="boolean"),
    ),
)
_LOOKUP_PROFILE_BY_BODY = Endpoint(
    "POST",
    "/lookup/{collection-id}/keychain",
    idempotent=False,
    security=(("BearerAuth",),),
    checks=(
        Check("path", "collection-id", "collection_id", kind="string", required=True),
    ),
)


class Lookup(SyncAPIResource):
    """Find a profile by its keychain keys."""

    def lookup_profile(
        self,
        collection_id: str,
        *,
        keys: dict[str, str],
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Find a profile by keychain keys passed in the query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: One or more keychain keys and their values, e.g. `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )

    def lookup_profile_by_body(
        self,
        collection_id: str,
        *,
        keys: dict[str, str],
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Find a profile by keychain keys sent in the request body.

        Like `lookup_profile`, but a key value never appears in a query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: A map of keychain keys to values, such as `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )


class AsyncLookup(AsyncAPIResource):
    """Find a profile by its keychain keys. (async)"""

    async def lookup_profile(
        self,
        collection_id: str,
        *,
        keys: dict[str, str],
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Find a profile by keychain keys passed in the query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: One or more keychain keys and their values, e.g. `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )

    async def lookup_profile_by_body(
        self,
        collection_id: str,
        *,
        keys: dict[str, str],
        enrich: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """Find a profile by keychain keys sent in the request body.

        Like `lookup_profile`, but a key value never appears in a query string.

        Args:
            collection_id: The ID of the profile collection.
            keys: A map of keychain keys to values, such as `{"email":
                "customer@example.com"}`.
            enrich: `true` to include enriched attributes in the returned profile (the
                server's default: false).

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
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
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )

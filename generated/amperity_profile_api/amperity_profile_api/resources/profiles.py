"""Return customer profiles from a profile index."""

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

__all__ = ["Profiles", "AsyncProfiles"]


_LIST_PROFILES = Endpoint(
    "GET",
    "/indexes/{index-id}/profiles",
    idempotent=True,
    checks=(
        Check("path", "index-id", "index_id", kind="string", required=True),
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
        Check("query", "with_total", "with_total", kind="boolean"),
        Check("query", "filter", "filter", kind="object"),
    ),
)
_GET_PROFILE = Endpoint(
    "GET",
    "/indexes/{index-id}/profiles/{profile-id}",
    idempotent=True,
    checks=(
        Check("path", "index-id", "index_id", kind="string", required=True),
        Check("path", "profile-id", "profile_id", kind="string", required=True),
    ),
)


class Profiles(SyncAPIResource):
    """Return customer profiles from a profile index."""

    def list_profiles(
        self,
        index_id: str,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        filter: dict[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.Profile]:
        """GET /indexes/{id}/profiles

        Use the **GET /indexes/{id}/profiles** endpoint to return a paginated list of
        customer profiles.

        Each profile includes an `id`, the `index_id` it belongs to, and an `attributes`
        object containing the index-specific fields for that customer. The attributes
        returned depend on which fields are configured in the index.

        ### Filtering

        Use one or more `filter[<attribute>]=<value>` query parameters to limit the
        response to profiles that match the specified attribute values.

        ```
        filter[<attribute>]=<value>
        ```

        where:

        - `[<attribute>]` is the name of a field in the index.
        - `<value>` is the value to match.

        For example, to return only profiles where `first_name` is `Daniel`:

        ```
        filter[first_name]=Daniel
        ```

        Apply multiple filters to narrow the response further:

        ```
        filter[first_name]=Daniel&filter[loyalty_tier]=gold
        ```

        > **Note:** The maximum number of fields for an index is 30.

        Args:
            index_id: The unique identifier for the index. Example: idx-xyz789.
            limit: The maximum number of records to include in a single page of results.
                Default value: `25`. Example: 100.
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
            filter: Filter profiles by an index attribute value using bracket notation:
                `filter[<attribute>]=<value>`. Replace `<attribute>` with the name of a
                field in the index and `<value>` with the value to match. For example:
                ``` filter[first_name]=Daniel ``` Apply multiple filters in a single
                request to narrow results further: ```
                filter[first_name]=Daniel&filter[loyalty_tier]=gold ``` Example:
                {'first_name': 'Daniel'}.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_PROFILES,
                path_params={
                    "index-id": index_id,
                },
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "filter": filter,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.ProfileListResponse,
            models.Profile,
        )

    def get_profile(
        self,
        index_id: str,
        profile_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """GET /indexes/{id}/profiles/{id}

        Use the **GET /indexes/{id}/profiles/{id}** endpoint to return a specific
        customer profile.

        The first `{id}` identifies the index; the second `{id}` identifies the profile
        within that index. The response includes the profile `id`, the `index_id`, and
        an `attributes` object containing the index-specific fields for that customer.

        The contents of `attributes` depend on the fields that are configured in the
        index.

        Args:
            index_id: The unique identifier for the index. Example: idx-xyz789.
            profile_id: The unique identifier for the customer profile. Example:
                cl-abc123.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_GET_PROFILE,
                path_params={
                    "index-id": index_id,
                    "profile-id": profile_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )


class AsyncProfiles(AsyncAPIResource):
    """Return customer profiles from a profile index. (async)"""

    def list_profiles(
        self,
        index_id: str,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        filter: dict[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.Profile]:
        """GET /indexes/{id}/profiles

        Use the **GET /indexes/{id}/profiles** endpoint to return a paginated list of
        customer profiles.

        Each profile includes an `id`, the `index_id` it belongs to, and an `attributes`
        object containing the index-specific fields for that customer. The attributes
        returned depend on which fields are configured in the index.

        ### Filtering

        Use one or more `filter[<attribute>]=<value>` query parameters to limit the
        response to profiles that match the specified attribute values.

        ```
        filter[<attribute>]=<value>
        ```

        where:

        - `[<attribute>]` is the name of a field in the index.
        - `<value>` is the value to match.

        For example, to return only profiles where `first_name` is `Daniel`:

        ```
        filter[first_name]=Daniel
        ```

        Apply multiple filters to narrow the response further:

        ```
        filter[first_name]=Daniel&filter[loyalty_tier]=gold
        ```

        > **Note:** The maximum number of fields for an index is 30.

        Args:
            index_id: The unique identifier for the index. Example: idx-xyz789.
            limit: The maximum number of records to include in a single page of results.
                Default value: `25`. Example: 100.
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
            filter: Filter profiles by an index attribute value using bracket notation:
                `filter[<attribute>]=<value>`. Replace `<attribute>` with the name of a
                field in the index and `<value>` with the value to match. For example:
                ``` filter[first_name]=Daniel ``` Apply multiple filters in a single
                request to narrow results further: ```
                filter[first_name]=Daniel&filter[loyalty_tier]=gold ``` Example:
                {'first_name': 'Daniel'}.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_PROFILES,
                path_params={
                    "index-id": index_id,
                },
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "filter": filter,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.ProfileListResponse,
            models.Profile,
        )

    async def get_profile(
        self,
        index_id: str,
        profile_id: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> models.Profile:
        """GET /indexes/{id}/profiles/{id}

        Use the **GET /indexes/{id}/profiles/{id}** endpoint to return a specific
        customer profile.

        The first `{id}` identifies the index; the second `{id}` identifies the profile
        within that index. The response includes the profile `id`, the `index_id`, and
        an `attributes` object containing the index-specific fields for that customer.

        The contents of `attributes` depend on the fields that are configured in the
        index.

        Args:
            index_id: The unique identifier for the index. Example: idx-xyz789.
            profile_id: The unique identifier for the customer profile. Example:
                cl-abc123.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_GET_PROFILE,
                path_params={
                    "index-id": index_id,
                    "profile-id": profile_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.Profile,
        )

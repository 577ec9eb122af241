"""Return information about campaigns and campaign drafts."""

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

__all__ = ["Campaigns", "AsyncCampaigns"]


_LIST_CAMPAIGN = Endpoint(
    "GET",
    "/campaigns",
    idempotent=True,
    checks=(
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
        Check("query", "with_total", "with_total", kind="boolean"),
        Check(
            "query",
            "destination_data_template_id",
            "destination_data_template_id",
            kind="string",
        ),
    ),
)


class Campaigns(SyncAPIResource):
    """Return information about campaigns and campaign drafts."""

    def list_campaign(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        destination_data_template_id: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.Campaign]:
        """GET /campaigns

        Use the **GET /campaigns** endpoint to return a list of campaigns from your
        tenant. You may
        restrict the list of campaigns to those associated with a specific data
        template.

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
            destination_data_template_id: Use this parameter to restrict the list of
                campaigns that are returned to only campaigns that are configured to use
                a specific data template. > **Tip:** You can find the ID for the data
                template from the Amperity user interface. From the Destinations page,
                open the menu in the same row as the data template for which the ID is
                to be copied, and then select Copy ID. Example: ptg-2QLLqXBEq.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_CAMPAIGN,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "destination_data_template_id": destination_data_template_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CampaignList,
            models.Campaign,
        )


class AsyncCampaigns(AsyncAPIResource):
    """Return information about campaigns and campaign drafts. (async)"""

    def list_campaign(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        destination_data_template_id: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.Campaign]:
        """GET /campaigns

        Use the **GET /campaigns** endpoint to return a list of campaigns from your
        tenant. You may
        restrict the list of campaigns to those associated with a specific data
        template.

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
            destination_data_template_id: Use this parameter to restrict the list of
                campaigns that are returned to only campaigns that are configured to use
                a specific data template. > **Tip:** You can find the ID for the data
                template from the Amperity user interface. From the Destinations page,
                open the menu in the same row as the data template for which the ID is
                to be copied, and then select Copy ID. Example: ptg-2QLLqXBEq.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_CAMPAIGN,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "destination_data_template_id": destination_data_template_id,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.CampaignList,
            models.Campaign,
        )

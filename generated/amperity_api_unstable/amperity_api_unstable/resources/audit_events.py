"""Return records for user activity that occurred in your tenant."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

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

__all__ = ["AuditEvents", "AsyncAuditEvents"]


_LIST_EVENTS = Endpoint(
    "GET",
    "/audit-events",
    idempotent=True,
    checks=(
        Check("query", "limit", "limit", kind="integer"),
        Check("query", "next_token", "next_token", kind="string", min_length=1),
        Check("query", "with_total", "with_total", kind="boolean"),
        Check("query", "happened_from", "happened_from", kind="datetime"),
        Check("query", "happened_to", "happened_to", kind="datetime"),
    ),
)


class AuditEvents(SyncAPIResource):
    """Return records for user activity that occurred in your tenant."""

    def list_events(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        happened_from: datetime | date | None = None,
        happened_to: datetime | date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> SyncPage[models.AuditEvent]:
        """GET /audit-events

        Amperity maintains records of user activity that occured in your tenant. For
        example:

        - A user makes a configuration change to the Amperity platform
        - A user creates a sandbox
        - A user views personally identifiable information (PII)
        - A workflow was stopped by a user
        - A user configured a destination
        - A user created an API key
        - A user was assigned to a resource group

        Use the **GET /audit-events** endpoint to return a log of user activity that
        occurred with
        your tenant. Each response may contain up to 1000 audit events.

        > **Note:** When requesting events for a production tenant, audit events for
        sandboxes are
        > included in the response. When requesting events from a sandbox, only events
        from that
        > sandbox are included in the response.

        ## Common event types

        The following table lists the most common event types, grouped by the component
        or area
        within Amperity that is most associated with the event type.

        > **Note:** Many events are prefixed with a dot-delimited string that typically
        starts with
        > "amperity". The specific event is located after a slash ("/"). For example,
        the event
        > **:amperity.plugin.destination/created** is shown in this table as
        > **destination/created**. If your tenant shows an event that is not listed
        here, its
        > purpose can often be inferred from the string and the event after the trailing
        slash.

        **AI Assistant**

        The following events are associated with the AI Assistant:

        - `assistant/send-user-message` — A user sent a question to the AI Assistant.
          The audit event may include the response from the AI assistant.
        - `query.exec/sampled` — A set of sample data was provided to the AI Assistant.

        **API keys**

        The following events are associated with API keys:

        - `api-key/created` — An API key was created.
        - `api-key/deleted` — An API key was deleted.
        - `api-key/issue` — An API token issuer was created.
        - `api-key/updated` — An API key was updated.

        **BI Connect**

        The following events are associated with BI Connect:

        - `warehouse/user-added` — A user was added to BI Connect.
        - `warehouse/user-removed` — A user was removed from BI Connect.
        - `warehouse/user-renewed` — A user was allowed to continue accessing BI
          Connect.

        **Credentials**

        The following events are associated with credentials:

        - `credential/created` — A credential was created.
        - `credential/deleted` — A credential was deleted.
        - `credential/updated` — A credential was updated.

        **Destinations**

        The following events are associated with destinations:

        - `destination/cloned` — A user created a destination by copying an existing
          destination.
        - `destination/created` — A user created a destination.
        - `destination/deleted` — A user deleted a destination.
        - `destination/updated` — A user updated a destination.

        **Domain tables**

        The following events are associated with domain tables:

        - `workflow/domain-data-records-deletion-started` — A user deleted records from
          a domain table.

        **Orchestrations**

        The following events are associated with orchestrations and orchestration
        groups:

        - `orchestration/run` — A user initiated a manual run for an orchestration.
        - `orchestration.group/run` — A user initiated a manual run for an orchestration
          group.

        **Policies**

        The following events are associated with policies:

        - `policy/attached` and `policy/attached-to` — A policy was attached to an
          object that was created within Amperity.
        - `policy/created` — A policy was created.
        - `policy/deleted` — A policy was deleted.
        - `policy/detached` and `policy/detached-from` — A policy was detached from an
          object that exists within Amperity.
        - `policy/updated` — A policy was updated.

        **Privacy rights**

        The following events are associated with privacy rights workflows:

        - `workflow/domain-ccpa-deletion-started` — The CCPA delete workflow has
          started.

        **Queries**

        The following events are associated with the **Queries** page:

        - `query/activated` — A query was activated.
        - `query/created` — A query was created.
        - `query/deleted` — A query was deleted.
        - `query/moved` — A query was moved from one folder into another.
        - `query.draft/discarded` — A query in a draft state was discarded.
        - `query.folder/created` — A folder on the **Queries** page was created.
        - `query.folder/deleted` — A folder on the **Queries** page was deleted.

        **Resource groups**

        The following events are associated with resource groups:

        - `resource-group/assigned` — A user was assigned to a resource group.
        - `resource-group/created` — A resource group was created.
        - `resource-group/deleted` — A resource group was deleted.
        - `resource-group/updated` — A resource group was updated.

        **Sandboxes**

        The following events are associated with sandboxes:

        - `tenant/created` — A sandbox was created.
        - `tenant/deleted` — A sandbox was deleted.
        - `tenant/updated` — A sandbox was updated.

        **Single Sign-on**

        The following events are associated with single sign-on (SSO):

        - `group-mapping/created` — An SSO group mapping was created.
        - `group-mapping/deleted` — An SSO group mapping was deleted.
        - `group-mapping/updated` — An SSO group mapping was updated.

        **User activity**

        The following events are associated with the **Users** section within the
        **Users and Activity** page:

        - `audit.user-activity/download` — A user downloaded user activity into a CSV
          file to view offline.

        **Users**

        The following events are associated with Amperity user accounts managed from the
        **Users and Activity** page:

        - `user/created` — A user was created.
        - `user/deleted` — A user was deleted.
        - `user/sent-password-reset-email` — A user was sent an email so they can reset
          their password.

        **Workflow alerts**

        The following events are associated with workflow alerts:

        - `audience/created` — An audience for a workflow alert was created.
        - `audience/updated` — The membership of an audience for a workflow alert was
          updated.

        **Workflows**

        The following events are associated with workflows:

        - `workflow/cancel` — A workflow resolution was stopped by a user.
        - `workflow/retry` — A workflow resolution was opened, a specific resolution
          option was selected, and then the workflow was retried.
        - `workflow/skip` — A user opened a workflow resolution, and then skipped the
          task that caused the workflow failure.

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
            happened_from: The start date (inclusive) that defines the beginning of the
                time range for which audit events are returned. For example:
                "2026-04-01T11:11:11Z". The start date must be a string, should be in
                ISO-8601 format, and should be in UTC. Example: 2026-04-01T11:11:11Z.
            happened_to: The end date (exclusive) that defines the end of the time range
                for which audit events are returned. For example:
                "2026-03-01T11:11:11Z". The values for the end date must be a string,
                should be in ISO-8601 format, and should be in UTC. Example:
                2026-04-10T11:11:11Z.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_EVENTS,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "happened_from": happened_from,
                    "happened_to": happened_to,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.AuditEventList,
            models.AuditEvent,
        )


class AsyncAuditEvents(AsyncAPIResource):
    """Return records for user activity that occurred in your tenant. (async)"""

    def list_events(
        self,
        *,
        limit: int | None = None,
        next_token: str | None = None,
        with_total: bool | None = None,
        happened_from: datetime | date | None = None,
        happened_to: datetime | date | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> AsyncPaginator[models.AuditEvent]:
        """GET /audit-events

        Amperity maintains records of user activity that occured in your tenant. For
        example:

        - A user makes a configuration change to the Amperity platform
        - A user creates a sandbox
        - A user views personally identifiable information (PII)
        - A workflow was stopped by a user
        - A user configured a destination
        - A user created an API key
        - A user was assigned to a resource group

        Use the **GET /audit-events** endpoint to return a log of user activity that
        occurred with
        your tenant. Each response may contain up to 1000 audit events.

        > **Note:** When requesting events for a production tenant, audit events for
        sandboxes are
        > included in the response. When requesting events from a sandbox, only events
        from that
        > sandbox are included in the response.

        ## Common event types

        The following table lists the most common event types, grouped by the component
        or area
        within Amperity that is most associated with the event type.

        > **Note:** Many events are prefixed with a dot-delimited string that typically
        starts with
        > "amperity". The specific event is located after a slash ("/"). For example,
        the event
        > **:amperity.plugin.destination/created** is shown in this table as
        > **destination/created**. If your tenant shows an event that is not listed
        here, its
        > purpose can often be inferred from the string and the event after the trailing
        slash.

        **AI Assistant**

        The following events are associated with the AI Assistant:

        - `assistant/send-user-message` — A user sent a question to the AI Assistant.
          The audit event may include the response from the AI assistant.
        - `query.exec/sampled` — A set of sample data was provided to the AI Assistant.

        **API keys**

        The following events are associated with API keys:

        - `api-key/created` — An API key was created.
        - `api-key/deleted` — An API key was deleted.
        - `api-key/issue` — An API token issuer was created.
        - `api-key/updated` — An API key was updated.

        **BI Connect**

        The following events are associated with BI Connect:

        - `warehouse/user-added` — A user was added to BI Connect.
        - `warehouse/user-removed` — A user was removed from BI Connect.
        - `warehouse/user-renewed` — A user was allowed to continue accessing BI
          Connect.

        **Credentials**

        The following events are associated with credentials:

        - `credential/created` — A credential was created.
        - `credential/deleted` — A credential was deleted.
        - `credential/updated` — A credential was updated.

        **Destinations**

        The following events are associated with destinations:

        - `destination/cloned` — A user created a destination by copying an existing
          destination.
        - `destination/created` — A user created a destination.
        - `destination/deleted` — A user deleted a destination.
        - `destination/updated` — A user updated a destination.

        **Domain tables**

        The following events are associated with domain tables:

        - `workflow/domain-data-records-deletion-started` — A user deleted records from
          a domain table.

        **Orchestrations**

        The following events are associated with orchestrations and orchestration
        groups:

        - `orchestration/run` — A user initiated a manual run for an orchestration.
        - `orchestration.group/run` — A user initiated a manual run for an orchestration
          group.

        **Policies**

        The following events are associated with policies:

        - `policy/attached` and `policy/attached-to` — A policy was attached to an
          object that was created within Amperity.
        - `policy/created` — A policy was created.
        - `policy/deleted` — A policy was deleted.
        - `policy/detached` and `policy/detached-from` — A policy was detached from an
          object that exists within Amperity.
        - `policy/updated` — A policy was updated.

        **Privacy rights**

        The following events are associated with privacy rights workflows:

        - `workflow/domain-ccpa-deletion-started` — The CCPA delete workflow has
          started.

        **Queries**

        The following events are associated with the **Queries** page:

        - `query/activated` — A query was activated.
        - `query/created` — A query was created.
        - `query/deleted` — A query was deleted.
        - `query/moved` — A query was moved from one folder into another.
        - `query.draft/discarded` — A query in a draft state was discarded.
        - `query.folder/created` — A folder on the **Queries** page was created.
        - `query.folder/deleted` — A folder on the **Queries** page was deleted.

        **Resource groups**

        The following events are associated with resource groups:

        - `resource-group/assigned` — A user was assigned to a resource group.
        - `resource-group/created` — A resource group was created.
        - `resource-group/deleted` — A resource group was deleted.
        - `resource-group/updated` — A resource group was updated.

        **Sandboxes**

        The following events are associated with sandboxes:

        - `tenant/created` — A sandbox was created.
        - `tenant/deleted` — A sandbox was deleted.
        - `tenant/updated` — A sandbox was updated.

        **Single Sign-on**

        The following events are associated with single sign-on (SSO):

        - `group-mapping/created` — An SSO group mapping was created.
        - `group-mapping/deleted` — An SSO group mapping was deleted.
        - `group-mapping/updated` — An SSO group mapping was updated.

        **User activity**

        The following events are associated with the **Users** section within the
        **Users and Activity** page:

        - `audit.user-activity/download` — A user downloaded user activity into a CSV
          file to view offline.

        **Users**

        The following events are associated with Amperity user accounts managed from the
        **Users and Activity** page:

        - `user/created` — A user was created.
        - `user/deleted` — A user was deleted.
        - `user/sent-password-reset-email` — A user was sent an email so they can reset
          their password.

        **Workflow alerts**

        The following events are associated with workflow alerts:

        - `audience/created` — An audience for a workflow alert was created.
        - `audience/updated` — The membership of an audience for a workflow alert was
          updated.

        **Workflows**

        The following events are associated with workflows:

        - `workflow/cancel` — A workflow resolution was stopped by a user.
        - `workflow/retry` — A workflow resolution was opened, a specific resolution
          option was selected, and then the workflow was retried.
        - `workflow/skip` — A user opened a workflow resolution, and then skipped the
          task that caused the workflow failure.

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
            happened_from: The start date (inclusive) that defines the beginning of the
                time range for which audit events are returned. For example:
                "2026-04-01T11:11:11Z". The start date must be a string, should be in
                ISO-8601 format, and should be in UTC. Example: 2026-04-01T11:11:11Z.
            happened_to: The end date (exclusive) that defines the end of the time range
                for which audit events are returned. For example:
                "2026-03-01T11:11:11Z". The values for the end date must be a string,
                should be in ISO-8601 format, and should be in UTC. Example:
                2026-04-10T11:11:11Z.

        Returns the first page; iterate it to fetch every item, page by page, lazily.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request_page(
            Request(
                endpoint=_LIST_EVENTS,
                query={
                    "limit": limit,
                    "next_token": next_token,
                    "with_total": with_total,
                    "happened_from": happened_from,
                    "happened_to": happened_to,
                },
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            models.AuditEventList,
            models.AuditEvent,
        )

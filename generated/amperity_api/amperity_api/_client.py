"""The clients: `Amperity` (sync) and `AsyncAmperity`, one attribute per resource.

A resource's module is imported when the resource is first used, so a large API imports
fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from ._runtime import AsyncAPIClient, SecurityScheme, SyncAPIClient

if TYPE_CHECKING:
    from .resources.audit_events import AsyncAuditEvents, AuditEvents
    from .resources.campaigns import AsyncCampaigns, Campaigns
    from .resources.ingest import AsyncIngest, Ingest
    from .resources.segments import AsyncSegments, Segments
    from .resources.workflow import AsyncWorkflow, Workflow

__all__ = ["Amperity", "AsyncAmperity"]


class Amperity(SyncAPIClient):
    """The synchronous client for the Amperity API, api-version 2024-04-01."""

    _package: ClassVar[str] = "amperity_api"
    _version: ClassVar[str] = "1.0.0"
    _api_version: ClassVar[str] = "2024-04-01"
    _default_rate_limit: ClassVar[float | None] = 10.0
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
        "api-version": "version",
    }
    _default_base_url: ClassVar[str | None] = "https://{tenant}.amperity.com/api"
    _env_prefix: ClassVar[str] = "AMPERITY"
    _security: ClassVar[Mapping[str, SecurityScheme]] = {
        "BearerAuth": SecurityScheme("bearer", token_url="/v0/oauth2/token"),
    }
    _default_security: ClassVar[tuple[tuple[str, ...], ...]] = (("BearerAuth",),)

    @cached_property
    def audit_events(self) -> AuditEvents:
        """Return records for user activity that occurred in your tenant."""
        from .resources.audit_events import AuditEvents

        return AuditEvents(self)

    @cached_property
    def campaigns(self) -> Campaigns:
        """Return information about campaigns and campaign drafts."""
        from .resources.campaigns import Campaigns

        return Campaigns(self)

    @cached_property
    def segments(self) -> Segments:
        """Return a list of segments available in your tenant."""
        from .resources.segments import Segments

        return Segments(self)

    @cached_property
    def ingest(self) -> Ingest:
        """Return details about ingest jobs."""
        from .resources.ingest import Ingest

        return Ingest(self)

    @cached_property
    def workflow(self) -> Workflow:
        """List, run, and stop workflows."""
        from .resources.workflow import Workflow

        return Workflow(self)


class AsyncAmperity(AsyncAPIClient):
    """The asynchronous client for the Amperity API, api-version 2024-04-01."""

    _package: ClassVar[str] = "amperity_api"
    _version: ClassVar[str] = "1.0.0"
    _api_version: ClassVar[str] = "2024-04-01"
    _default_rate_limit: ClassVar[float | None] = 10.0
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
        "api-version": "version",
    }
    _default_base_url: ClassVar[str | None] = "https://{tenant}.amperity.com/api"
    _env_prefix: ClassVar[str] = "AMPERITY"
    _security: ClassVar[Mapping[str, SecurityScheme]] = {
        "BearerAuth": SecurityScheme("bearer", token_url="/v0/oauth2/token"),
    }
    _default_security: ClassVar[tuple[tuple[str, ...], ...]] = (("BearerAuth",),)

    @cached_property
    def audit_events(self) -> AsyncAuditEvents:
        """Return records for user activity that occurred in your tenant."""
        from .resources.audit_events import AsyncAuditEvents

        return AsyncAuditEvents(self)

    @cached_property
    def campaigns(self) -> AsyncCampaigns:
        """Return information about campaigns and campaign drafts."""
        from .resources.campaigns import AsyncCampaigns

        return AsyncCampaigns(self)

    @cached_property
    def segments(self) -> AsyncSegments:
        """Return a list of segments available in your tenant."""
        from .resources.segments import AsyncSegments

        return AsyncSegments(self)

    @cached_property
    def ingest(self) -> AsyncIngest:
        """Return details about ingest jobs."""
        from .resources.ingest import AsyncIngest

        return AsyncIngest(self)

    @cached_property
    def workflow(self) -> AsyncWorkflow:
        """List, run, and stop workflows."""
        from .resources.workflow import AsyncWorkflow

        return AsyncWorkflow(self)

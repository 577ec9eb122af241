"""The clients: `Amperity` (sync) and `AsyncAmperity`, one attribute per resource."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from ._runtime import AsyncAPIClient, SyncAPIClient
from .resources import (
    AsyncAuditEvents,
    AuditEvents,
    AsyncCampaigns,
    Campaigns,
    AsyncSegments,
    Segments,
    AsyncIngest,
    Ingest,
    AsyncWorkflow,
    Workflow,
)

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

    @cached_property
    def audit_events(self) -> AuditEvents:
        """Return records for user activity that occurred in your tenant."""
        return AuditEvents(self)

    @cached_property
    def campaigns(self) -> Campaigns:
        """Return information about campaigns and campaign drafts."""
        return Campaigns(self)

    @cached_property
    def segments(self) -> Segments:
        """Return a list of segments available in your tenant."""
        return Segments(self)

    @cached_property
    def ingest(self) -> Ingest:
        """Return details about ingest jobs."""
        return Ingest(self)

    @cached_property
    def workflow(self) -> Workflow:
        """List, run, and stop workflows."""
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

    @cached_property
    def audit_events(self) -> AsyncAuditEvents:
        """Return records for user activity that occurred in your tenant."""
        return AsyncAuditEvents(self)

    @cached_property
    def campaigns(self) -> AsyncCampaigns:
        """Return information about campaigns and campaign drafts."""
        return AsyncCampaigns(self)

    @cached_property
    def segments(self) -> AsyncSegments:
        """Return a list of segments available in your tenant."""
        return AsyncSegments(self)

    @cached_property
    def ingest(self) -> AsyncIngest:
        """Return details about ingest jobs."""
        return AsyncIngest(self)

    @cached_property
    def workflow(self) -> AsyncWorkflow:
        """List, run, and stop workflows."""
        return AsyncWorkflow(self)

"""The clients: `Amperity` (sync) and `AsyncAmperity`, one attribute per resource."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

from ._runtime import AsyncAPIClient, SyncAPIClient
from .resources import (
    AsyncIndexes,
    Indexes,
    AsyncProfiles,
    Profiles,
)

__all__ = ["Amperity", "AsyncAmperity"]


class Amperity(SyncAPIClient):
    """The synchronous client for the Amperity Profile API, api-version 2025-07-31."""

    _package: ClassVar[str] = "amperity_profile_api"
    _version: ClassVar[str] = "1.0.0"
    _api_version: ClassVar[str] = "2025-07-31"
    _default_rate_limit: ClassVar[float | None] = 2000.0
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
        "api-version": "version",
    }

    @cached_property
    def indexes(self) -> Indexes:
        """Return information about profile indexes configured in your tenant."""
        return Indexes(self)

    @cached_property
    def profiles(self) -> Profiles:
        """Return customer profiles from a profile index."""
        return Profiles(self)


class AsyncAmperity(AsyncAPIClient):
    """The asynchronous client for the Amperity Profile API, api-version 2025-07-31."""

    _package: ClassVar[str] = "amperity_profile_api"
    _version: ClassVar[str] = "1.0.0"
    _api_version: ClassVar[str] = "2025-07-31"
    _default_rate_limit: ClassVar[float | None] = 2000.0
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
        "api-version": "version",
    }

    @cached_property
    def indexes(self) -> AsyncIndexes:
        """Return information about profile indexes configured in your tenant."""
        return AsyncIndexes(self)

    @cached_property
    def profiles(self) -> AsyncProfiles:
        """Return customer profiles from a profile index."""
        return AsyncProfiles(self)

"""The clients: `Amperity` (sync) and `AsyncAmperity`, one attribute per resource.

A resource's module is imported when the resource is first used, so a large API imports fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from ._runtime import AsyncAPIClient, SecurityScheme, SyncAPIClient

if TYPE_CHECKING:
    from .resources.events import AsyncEvents, Events
    from .resources.lookup import AsyncLookup, Lookup
    from .resources.profiles import AsyncProfiles, Profiles
    from .resources.segments import AsyncSegments, Segments
    from .resources.collections import AsyncCollections, Collections

__all__ = ["Amperity", "AsyncAmperity"]


class Amperity(SyncAPIClient):
    """The synchronous client for the Amperity Real-time API, api-version unstable."""

    _package: ClassVar[str] = "amperity_realtime_api"
    _version: ClassVar[str] = "0.1.0"
    _api_version: ClassVar[str] = "unstable"
    _default_rate_limit: ClassVar[float | None] = None
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
    }
    _default_base_url: ClassVar[str | None] = "https://{tenant}.amperity.com/prof"
    _env_prefix: ClassVar[str] = "AMPERITY"
    _security: ClassVar[Mapping[str, SecurityScheme]] = {
        "BearerAuth": SecurityScheme("bearer", token_url="../api/v0/oauth2/token"),
    }
    _default_security: ClassVar[tuple[tuple[str, ...], ...]] = (("BearerAuth",),)

    @cached_property
    def events(self) -> Events:
        """Send events to an event stream."""
        from .resources.events import Events

        return Events(self)

    @cached_property
    def lookup(self) -> Lookup:
        """Find a profile by its keychain keys."""
        from .resources.lookup import Lookup

        return Lookup(self)

    @cached_property
    def profiles(self) -> Profiles:
        """Return a profile by its ID."""
        from .resources.profiles import Profiles

        return Profiles(self)

    @cached_property
    def segments(self) -> Segments:
        """Real-time segment membership."""
        from .resources.segments import Segments

        return Segments(self)

    @cached_property
    def collections(self) -> Collections:
        """Statistics of a profile collection."""
        from .resources.collections import Collections

        return Collections(self)


class AsyncAmperity(AsyncAPIClient):
    """The asynchronous client for the Amperity Real-time API, api-version unstable."""

    _package: ClassVar[str] = "amperity_realtime_api"
    _version: ClassVar[str] = "0.1.0"
    _api_version: ClassVar[str] = "unstable"
    _default_rate_limit: ClassVar[float | None] = None
    _client_headers: ClassVar[dict[str, str]] = {
        "amperity-tenant": "tenant",
    }
    _default_base_url: ClassVar[str | None] = "https://{tenant}.amperity.com/prof"
    _env_prefix: ClassVar[str] = "AMPERITY"
    _security: ClassVar[Mapping[str, SecurityScheme]] = {
        "BearerAuth": SecurityScheme("bearer", token_url="../api/v0/oauth2/token"),
    }
    _default_security: ClassVar[tuple[tuple[str, ...], ...]] = (("BearerAuth",),)

    @cached_property
    def events(self) -> AsyncEvents:
        """Send events to an event stream."""
        from .resources.events import AsyncEvents

        return AsyncEvents(self)

    @cached_property
    def lookup(self) -> AsyncLookup:
        """Find a profile by its keychain keys."""
        from .resources.lookup import AsyncLookup

        return AsyncLookup(self)

    @cached_property
    def profiles(self) -> AsyncProfiles:
        """Return a profile by its ID."""
        from .resources.profiles import AsyncProfiles

        return AsyncProfiles(self)

    @cached_property
    def segments(self) -> AsyncSegments:
        """Real-time segment membership."""
        from .resources.segments import AsyncSegments

        return AsyncSegments(self)

    @cached_property
    def collections(self) -> AsyncCollections:
        """Statistics of a profile collection."""
        from .resources.collections import AsyncCollections

        return AsyncCollections(self)

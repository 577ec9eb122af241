"""The clients: `Amperity` (sync) and `AsyncAmperity`, one attribute per resource.

A resource's module is imported when the resource is first used, so a large API imports
fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

import httpx

from ._runtime import (
    UNSET,
    AsyncAPIClient,
    SecurityScheme,
    SyncAPIClient,
    Timeout,
    Unset,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterable, Callable, Iterable
    from typing import Any

    from ._runtime._events import EventFailure, EventsSummary
    from .resources.collections import AsyncCollections, Collections
    from .resources.events import AsyncEvents, Events
    from .resources.lookup import AsyncLookup, Lookup
    from .resources.profiles import AsyncProfiles, Profiles
    from .resources.segments import AsyncSegments, Segments

__all__ = ["Amperity", "AsyncAmperity"]


class Amperity(SyncAPIClient):
    """The synchronous client for the Amperity Real-time API, api-version unstable.

    Args:
        tenant: the tenant ID, one DNS label (e.g. `acme`); else AMPERITY_TENANT.
        token: an access token, without `Bearer `; else AMPERITY_TOKEN.
        client_id, client_secret: OAuth client credentials instead of a token; the
            client fetches and refreshes tokens itself; else AMPERITY_CLIENT_ID,
            AMPERITY_CLIENT_SECRET.
        base_url: the API's root URL; else AMPERITY_BASE_URL, else
            https://{tenant}.amperity.com/prof.
        host: one of the documented hosts by name instead of base_url: 'tenant'
            (https://{tenant}.amperity.com/prof), 'aws' (https://app.amperity.com/prof).
        timeout: seconds (or an httpx.Timeout, or None for no limit) for each attempt.
        max_retries: retries of a failed attempt (2); 0 turns retrying off.
        rate_limit: requests per second this client allows itself (None); None: off.
        http_client: an httpx client of your own (proxies, TLS, transports); you close
            it.
        strict_responses: raise APIResponseValidationError on an answer that does not
            fit its type, instead of keeping the odd value as received (logged once).
        default_headers, default_query: sent with every call (a call's extra_headers and
            extra_query add to them)."""

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
    _token_tenant_header: ClassVar[str | None] = "X-Amperity-Tenant"
    _docs_url: ClassVar[str | None] = "https://docs.amperity.com/api/changelog.html"
    hosts: ClassVar[Mapping[str, str]] = {
        "tenant": "https://{tenant}.amperity.com/prof",
        "aws": "https://app.amperity.com/prof",
    }

    def __init__(
        self,
        *,
        tenant: str | None = None,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        base_url: str | None = None,
        host: str | None = None,
        timeout: Timeout | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        rate_limit: float | None | Unset = UNSET,
        http_client: httpx.Client | None = None,
        strict_responses: bool = False,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
    ) -> None:
        # Only the arguments this API takes (see the class docstring); the runtime does the rest.
        super().__init__(
            tenant=tenant,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            base_url=base_url,
            host=host,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            http_client=http_client,
            strict_responses=strict_responses,
            default_headers=default_headers,
            default_query=default_query,
        )

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

    def send_events(
        self,
        stream_id: str,
        events: Iterable[dict[str, Any]],
        *,
        concurrency: int = 20,
        progress: Callable[[EventsSummary], None] | None = None,
        progress_every: int = 1000,
        on_failure: Callable[[EventFailure], None] | None = None,
        keep_failures: int = 100,
    ) -> EventsSummary:
        """Send each of `events` with `events.send_event`, `concurrency` at a time.

        On as many threads; the same as `events.send_events`, on the client itself.
        Takes any iterable, however long (an iterator, a generator): at most `concurrency`
        events are held at once, and memory stays flat. Each is one call, with its retries;
        a call that fails is counted and the others go on. The first `keep_failures`
        failures are kept in the summary's `failures` (position, event, error), the rest
        only counted (`failed`, `failed_by_error`); `on_failure` is called with every
        failure as it happens. `progress` is called with the summary so far every
        `progress_every` answers, and once at the end.

        Returns the summary: `published` (2xx but 204), `dropped` (204), `failed`, `failures`.
        """
        return self.events.send_events(
            stream_id,
            events,
            concurrency=concurrency,
            progress=progress,
            progress_every=progress_every,
            on_failure=on_failure,
            keep_failures=keep_failures,
        )


class AsyncAmperity(AsyncAPIClient):
    """The asynchronous client for the Amperity Real-time API, api-version unstable.

    Args:
        tenant: the tenant ID, one DNS label (e.g. `acme`); else AMPERITY_TENANT.
        token: an access token, without `Bearer `; else AMPERITY_TOKEN.
        client_id, client_secret: OAuth client credentials instead of a token; the
            client fetches and refreshes tokens itself; else AMPERITY_CLIENT_ID,
            AMPERITY_CLIENT_SECRET.
        base_url: the API's root URL; else AMPERITY_BASE_URL, else
            https://{tenant}.amperity.com/prof.
        host: one of the documented hosts by name instead of base_url: 'tenant'
            (https://{tenant}.amperity.com/prof), 'aws' (https://app.amperity.com/prof).
        timeout: seconds (or an httpx.Timeout, or None for no limit) for each attempt.
        max_retries: retries of a failed attempt (2); 0 turns retrying off.
        rate_limit: requests per second this client allows itself (None); None: off.
        http_client: an httpx client of your own (proxies, TLS, transports); you close
            it.
        strict_responses: raise APIResponseValidationError on an answer that does not
            fit its type, instead of keeping the odd value as received (logged once).
        default_headers, default_query: sent with every call (a call's extra_headers and
            extra_query add to them)."""

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
    _token_tenant_header: ClassVar[str | None] = "X-Amperity-Tenant"
    _docs_url: ClassVar[str | None] = "https://docs.amperity.com/api/changelog.html"
    hosts: ClassVar[Mapping[str, str]] = {
        "tenant": "https://{tenant}.amperity.com/prof",
        "aws": "https://app.amperity.com/prof",
    }

    def __init__(
        self,
        *,
        tenant: str | None = None,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        base_url: str | None = None,
        host: str | None = None,
        timeout: Timeout | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        rate_limit: float | None | Unset = UNSET,
        http_client: httpx.AsyncClient | None = None,
        strict_responses: bool = False,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
    ) -> None:
        # Only the arguments this API takes (see the class docstring); the runtime does the rest.
        super().__init__(
            tenant=tenant,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            base_url=base_url,
            host=host,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            http_client=http_client,
            strict_responses=strict_responses,
            default_headers=default_headers,
            default_query=default_query,
        )

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

    async def send_events(
        self,
        stream_id: str,
        events: Iterable[dict[str, Any]] | AsyncIterable[dict[str, Any]],
        *,
        concurrency: int = 20,
        progress: Callable[[EventsSummary], None] | None = None,
        progress_every: int = 1000,
        on_failure: Callable[[EventFailure], None] | None = None,
        keep_failures: int = 100,
    ) -> EventsSummary:
        """Send each of `events` with `events.send_event`, `concurrency` at a time.

        On as many tasks; the same as `events.send_events`, on the client itself.
        Takes any iterable, however long (an iterator, a generator): at most `concurrency`
        events are held at once, and memory stays flat. Each is one call, with its retries;
        a call that fails is counted and the others go on. The first `keep_failures`
        failures are kept in the summary's `failures` (position, event, error), the rest
        only counted (`failed`, `failed_by_error`); `on_failure` is called with every
        failure as it happens. `progress` is called with the summary so far every
        `progress_every` answers, and once at the end.

        Returns the summary: `published` (2xx but 204), `dropped` (204), `failed`, `failures`.
        """
        return await self.events.send_events(
            stream_id,
            events,
            concurrency=concurrency,
            progress=progress,
            progress_every=progress_every,
            on_failure=on_failure,
            keep_failures=keep_failures,
        )

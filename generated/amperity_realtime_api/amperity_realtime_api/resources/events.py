"""Send events to an event stream."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from typing import Any

from .._runtime import (
    UNSET,
    Acknowledged,
    AsyncAPIResource,
    Check,
    Endpoint,
    Request,
    SyncAPIResource,
    Timeout,
    Unset,
)
from .._runtime._events import EventFailure, EventsSummary, asend_events, send_events

__all__ = ["Events", "AsyncEvents"]


_SEND_EVENT = Endpoint(
    "POST",
    "/events/{stream-id}",
    idempotent=False,
    security=(("BearerAuth",), ("BearerAuth",)),
    body_limit=65536,
    retry_statuses=frozenset({503}),
    checks=(Check("path", "stream-id", "stream_id", kind="string", required=True),),
)


class Events(SyncAPIResource):
    """Send events to an event stream."""

    def send_event(
        self,
        stream_id: str,
        *,
        body: dict[str, Any],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> Acknowledged:
        """Send an event to an event stream.

        Sends one JSON event object to the event stream. 202: published to the stream;
        204: accepted, but the stream is configured to drop events (nothing was
        published).

        Args:
            stream_id: The ID of the event stream (its **Endpoint ID** in the Amperity
                user interface).
            body: The event, one JSON object of at most 64 KB; its shape depends on how
                the event stream is configured.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return self._client.request(
            Request(
                endpoint=_SEND_EVENT,
                path_params={
                    "stream-id": stream_id,
                },
                body=body,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            Acknowledged,
        )

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
        """Send each of `events` with `send_event`, `concurrency` at a time.

        On as many threads.
        Takes any iterable, however long (an iterator, a generator): at most `concurrency`
        events are held at once, and memory stays flat. Each is one call, with its retries;
        a call that fails is counted and the others go on. The first `keep_failures`
        failures are kept in the summary's `failures` (position, event, error), the rest
        only counted (`failed`, `failed_by_error`); `on_failure` is called with every
        failure as it happens. `progress` is called with the summary so far every
        `progress_every` answers, and once at the end.

        Returns the summary: `published` (2xx but 204), `dropped` (204), `failed`, `failures`.
        """
        return send_events(
            lambda event: self.send_event(stream_id, body=event),
            events,
            concurrency=concurrency,
            progress=progress,
            progress_every=progress_every,
            on_failure=on_failure,
            keep_failures=keep_failures,
        )


class AsyncEvents(AsyncAPIResource):
    """Send events to an event stream. (async)"""

    async def send_event(
        self,
        stream_id: str,
        *,
        body: dict[str, Any],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: Timeout | Unset = UNSET,
    ) -> Acknowledged:
        """Send an event to an event stream.

        Sends one JSON event object to the event stream. 202: published to the stream;
        204: accepted, but the stream is configured to drop events (nothing was
        published).

        Args:
            stream_id: The ID of the event stream (its **Endpoint ID** in the Amperity
                user interface).
            body: The event, one JSON object of at most 64 KB; its shape depends on how
                the event stream is configured.

        Every method also takes extra_headers, extra_query and extra_body (merged into a
        JSON body), for what the document does not say yet, and timeout, for this call.
        """
        return await self._client.request(
            Request(
                endpoint=_SEND_EVENT,
                path_params={
                    "stream-id": stream_id,
                },
                body=body,
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            Acknowledged,
        )

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
        """Send each of `events` with `send_event`, `concurrency` at a time.

        On as many tasks.
        Takes any iterable, however long (an iterator, a generator): at most `concurrency`
        events are held at once, and memory stays flat. Each is one call, with its retries;
        a call that fails is counted and the others go on. The first `keep_failures`
        failures are kept in the summary's `failures` (position, event, error), the rest
        only counted (`failed`, `failed_by_error`); `on_failure` is called with every
        failure as it happens. `progress` is called with the summary so far every
        `progress_every` answers, and once at the end.

        Returns the summary: `published` (2xx but 204), `dropped` (204), `failed`, `failures`.
        """
        return await asend_events(
            lambda event: self.send_event(stream_id, body=event),
            events,
            concurrency=concurrency,
            progress=progress,
            progress_every=progress_every,
            on_failure=on_failure,
            keep_failures=keep_failures,
        )

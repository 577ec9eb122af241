"""Send events to an event stream."""

from __future__ import annotations

from datetime import date, datetime
from types import NoneType
from typing import Any, Literal

from .. import models
from .._runtime import (
    Answer,
    AsyncAPIResource,
    AsyncPaginator,
    BinaryContent,
    Endpoint,
    FileContent,
    Request,
    Responses,
    SyncAPIResource,
    SyncPage,
)

__all__ = ["Events", "AsyncEvents"]


_SEND_EVENT = Endpoint(
    "POST",
    "/events/{stream-id}",
    idempotent=False,
    security=(("BearerAuth",), ("BearerAuth",)),
)


class Events(SyncAPIResource):
    """Send events to an event stream."""

    def send_event(self, stream_id: str, *, body: dict[str, Any]) -> None:
        """Send an event to an event stream.

        Sends one JSON event object to the event stream. 202: published to the stream; 204: accepted, but the stream is configured to drop events (nothing was published).

        Args:
            stream_id: The ID of the event stream (its **Endpoint ID** in the Amperity user
                interface).
            body: The event, one JSON object of at most 64 KB; its shape depends on how the event stream is configured.
        """
        return self._client.request(
            Request(
                endpoint=_SEND_EVENT,
                path_params={
                    "stream-id": stream_id,
                },
                body=body,
            ),
            NoneType,
        )


class AsyncEvents(AsyncAPIResource):
    """Send events to an event stream. (async)"""

    async def send_event(self, stream_id: str, *, body: dict[str, Any]) -> None:
        """Send an event to an event stream.

        Sends one JSON event object to the event stream. 202: published to the stream; 204: accepted, but the stream is configured to drop events (nothing was published).

        Args:
            stream_id: The ID of the event stream (its **Endpoint ID** in the Amperity user
                interface).
            body: The event, one JSON object of at most 64 KB; its shape depends on how the event stream is configured.
        """
        return await self._client.request(
            Request(
                endpoint=_SEND_EVENT,
                path_params={
                    "stream-id": stream_id,
                },
                body=body,
            ),
            NoneType,
        )

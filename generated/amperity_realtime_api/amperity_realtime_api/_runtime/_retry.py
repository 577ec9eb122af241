"""When to retry a call, and how long to wait first.

Retried: 429, 500, 502, 503, 504, timeouts and connection errors. A non-idempotent call
(POST, PATCH) is retried only when the server cannot have acted on it: a 429, or a failure
to connect (the request never left). Waits are capped exponential backoff with full jitter,
`uniform(0, min(max_delay, base_delay * 2**n))`, unless the answer carries `Retry-After`
(seconds or an HTTP date), which is honoured up to `max_retry_after` seconds.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from dataclasses import dataclass

import httpx

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

# Failures that happen before the request is written: the server cannot have acted on it.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def retries_status(self, status: int, idempotent: bool) -> bool:
        return status in RETRY_STATUSES if idempotent else status == 429

    def retries_error(self, exc: httpx.TransportError, idempotent: bool) -> bool:
        return True if idempotent else isinstance(exc, _NOT_SENT)

    def delay(
        self, retries_taken: int, response: httpx.Response | None = None
    ) -> float:
        """Seconds to wait before retry number `retries_taken + 1`."""
        if response is not None:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if retry_after is not None:
                return min(retry_after, self.max_retry_after)
        return random.uniform(
            0.0, min(self.max_delay, self.base_delay * 2.0**retries_taken)
        )


def parse_retry_after(
    value: str | None, *, now: dt.datetime | None = None
) -> float | None:
    """`Retry-After` as seconds to wait (never negative), or None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())

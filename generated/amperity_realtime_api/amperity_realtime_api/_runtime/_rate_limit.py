"""A client-side rate limit shared by every thread and asyncio task of one client.

A token bucket holding one token, refilled at `rate` per second: requests leave at most
`rate` per second, evenly spaced, with no burst above the limit. Each caller reserves the next
free slot under a lock held only for the arithmetic, then waits outside it, so the same
limiter serves threads (`time.sleep`) and tasks (`asyncio.sleep`) alike, in arrival order.
"""

from __future__ import annotations

import threading
import time


class RateLimiter:
    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._interval = 1.0 / rate
        self._next_free = 0.0  # monotonic time at which the next request may leave
        self._lock = threading.Lock()

    def reserve(self) -> float:
        """Claim the next slot; returns how many seconds to wait before sending."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_free)
            self._next_free = start + self._interval
            return start - now

    def wait(self) -> None:
        delay = self.reserve()
        if delay > 0:
            time.sleep(delay)

    async def wait_async(self) -> None:
        # Here, not at the top: only async clients need it, and it is slow to import.
        import asyncio

        delay = self.reserve()
        if delay > 0:
            await asyncio.sleep(delay)

    def __repr__(self) -> str:
        return f"RateLimiter(rate={self.rate})"

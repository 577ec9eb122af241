"""Sending many events, each as its own call, a bounded number at a time.

`send_events` (threads) and `asend_events` (tasks) take any iterable of events, however long, and
hold at most `concurrency` of them at once: memory stays flat whatever the number of events.
Each event is one call of the endpoint's own method, so it gets that method's guarantees,
retries included: an event is sent again only where the server said it did not act (a 429, the
statuses of the endpoint's `retry_statuses`, a connection that never opened); never after an
answer or a failure that may mean it was published. What a call finally raises is that event's
failure, counted; the run goes on.

The counts: `published` (any 2xx but 204), `dropped` (204: accepted, but the stream drops
events), `failed` (an error). Failures are counted by error class too, and the first
`keep_failures` are kept in full (position, event, error): a run of a million events to a
stream that refuses them all would otherwise hold a million events and errors. Whoever needs
every failure passes `on_failure`, called with each as it happens (to log it, or write it
somewhere to send again).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
)
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from ._response import Acknowledged
from .errors import Error

_DROPPED = 204  # "accepted, but the stream is configured to drop events"


@dataclass(frozen=True)
class EventFailure:
    """One event that was not sent: its position in the input, the event, and why."""

    index: int
    event: Any
    error: Error


@dataclass
class EventsSummary:
    """What became of the events: counted as they are answered.

    Every failure is counted, in `failed` and by error class in `failed_by_error`; the first
    `keep_failures` (in the order they were answered) are kept in full in `failures`, the rest
    only counted (`failures_not_kept`), so that memory stays flat however many fail.
    """

    published: int = 0
    dropped: int = 0
    failed: int = 0
    failures: list[EventFailure] = field(default_factory=list)
    failed_by_error: dict[str, int] = field(default_factory=dict)  # class name: count
    seconds: float = 0.0  # since the first event was taken

    @property
    def sent(self) -> int:
        """Events answered so far (published, dropped or failed)."""
        return self.published + self.dropped + self.failed

    @property
    def failures_not_kept(self) -> int:
        """Failures counted but not in `failures` (beyond its `keep_failures`)."""
        return self.failed - len(self.failures)

    def __repr__(self) -> str:
        errors = f", failed_by_error={self.failed_by_error}" if self.failed else ""
        return (
            f"EventsSummary(published={self.published}, dropped={self.dropped}, "
            f"failed={self.failed}{errors}, seconds={self.seconds:.3f})"
        )


Progress = Callable[[EventsSummary], None]
OnFailure = Callable[[EventFailure], None]


class _Run:
    """The counting and reporting both ways of sending share."""

    def __init__(
        self,
        progress: Progress | None,
        every: int,
        on_failure: OnFailure | None,
        keep: int,
    ) -> None:
        if every < 1:
            raise ValueError("progress_every must be at least 1")
        if isinstance(keep, bool) or not isinstance(keep, int) or keep < 0:
            raise ValueError(f"keep_failures must be an integer >= 0, not {keep!r}")
        self.summary = EventsSummary()
        self.progress = progress
        self.every = every
        self.on_failure = on_failure
        self.keep = keep
        self.started = time.monotonic()

    def done(self, index: int, event: Any, outcome: object) -> None:
        summary = self.summary
        if isinstance(outcome, Error):
            summary.failed += 1
            name = type(outcome).__name__
            summary.failed_by_error[name] = summary.failed_by_error.get(name, 0) + 1
            kept = len(summary.failures) < self.keep
            if kept or self.on_failure is not None:
                failure = EventFailure(index, event, outcome)
                if kept:
                    summary.failures.append(failure)
                if self.on_failure is not None:
                    self.on_failure(failure)
        elif isinstance(outcome, Acknowledged) and outcome.status_code == _DROPPED:
            summary.dropped += 1
        else:
            summary.published += 1
        if self.progress is not None and summary.sent % self.every == 0:
            summary.seconds = time.monotonic() - self.started
            self.progress(summary)

    def finish(self) -> EventsSummary:
        summary = self.summary
        summary.seconds = time.monotonic() - self.started
        if self.progress is not None and summary.sent % self.every != 0:
            self.progress(summary)  # the last report: every event accounted for
        return summary


def _check(concurrency: int) -> None:
    if (
        isinstance(concurrency, bool)
        or not isinstance(concurrency, int)
        or concurrency < 1
    ):
        raise ValueError(f"concurrency must be a positive integer, not {concurrency!r}")


def send_events(
    send: Callable[[Any], Acknowledged],
    events: Iterable[Any],
    *,
    concurrency: int,
    progress: Progress | None,
    progress_every: int,
    on_failure: OnFailure | None,
    keep_failures: int,
) -> EventsSummary:
    """Send each event with `send`, at most `concurrency` at once, on as many threads."""
    _check(concurrency)
    run = _Run(progress, progress_every, on_failure, keep_failures)

    pending: dict[Future[Acknowledged], tuple[int, Any]] = {}
    items = enumerate(events)
    with ThreadPoolExecutor(concurrency, thread_name_prefix="send-events") as pool:
        try:
            while True:
                for index, event in _take(items, concurrency - len(pending)):
                    pending[pool.submit(send, event)] = (index, event)
                if not pending:
                    break
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index, event = pending.pop(future)
                    # Raised in the thread and read here, not caught there and returned: the
                    # executor keeps an error without the cycle a returned one makes (error,
                    # traceback, the thread's frame, the future, error), so a failure not kept
                    # is freed at once. Anything but this event's failure stops the run.
                    error = future.exception()
                    outcome = error if isinstance(error, Error) else future.result()
                    run.done(index, event, outcome)
        finally:
            for future in pending:
                future.cancel()  # a run stopped by an error: what has not started never will
    return run.finish()


def _take(items: Iterator[tuple[int, Any]], n: int) -> Iterator[tuple[int, Any]]:
    for _ in range(n):
        item = next(items, None)
        if item is None:
            return
        yield item


async def asend_events(
    send: Callable[[Any], Awaitable[Acknowledged]],
    events: Iterable[Any] | AsyncIterable[Any],
    *,
    concurrency: int,
    progress: Progress | None,
    progress_every: int,
    on_failure: OnFailure | None,
    keep_failures: int,
) -> EventsSummary:
    """Send each event with `send`, at most `concurrency` at once, on as many tasks."""
    _check(concurrency)
    run = _Run(progress, progress_every, on_failure, keep_failures)
    source = _numbered(events)
    # An async generator cannot be advanced by two tasks at once.
    taking = asyncio.Lock()

    async def worker() -> None:
        while True:
            async with taking:
                item = await anext(source, None)
            if item is None:
                return
            index, event = item
            try:
                outcome: object = await send(event)
            except Error as exc:
                outcome = exc
            run.done(index, event, outcome)
            # An error's traceback holds this frame: dropped here, it is freed at once.
            del outcome

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(concurrency):
                group.create_task(worker())
    except BaseExceptionGroup as stopped:
        # What stopped the run (the caller's progress callback, say), as the sync form raises it.
        raise stopped.exceptions[0] from None
    return run.finish()


async def _numbered(
    events: Iterable[Any] | AsyncIterable[Any],
) -> AsyncIterator[tuple[int, Any]]:
    index = 0
    if isinstance(events, AsyncIterable):
        async for event in events:
            yield index, event
            index += 1
    else:
        for event in events:
            yield index, event
            index += 1

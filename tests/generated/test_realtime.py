"""The Real-time API client (authored document), over real HTTP against the stand-in tenant:
events told apart by status, the 64 KB limit, retries only where no event can be published twice,
keychain lookups, and `send_events` under faults with every event accounted for exactly once.
"""

from __future__ import annotations

import asyncio
import gc
import re
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import amperity_realtime_api
import pytest
from amperity_realtime_api import Amperity, AsyncAmperity, errors, raw_response

from tests.support.tenant_server import (
    Delay,
    RecordedRequest,
    Reply,
    Reset,
    TenantServer,
)

EVENTS = "/events/{stream-id}"
LIMIT = 64 * 1024


class FastAmperity(Amperity):
    _backoff_base = 0.001  # retries without the real backoff's waits
    _backoff_max = 0.005


class FastAsyncAmperity(AsyncAmperity):
    _backoff_base = 0.001
    _backoff_max = 0.005


class Stream:
    """An event stream: publishes each event (202), drops every fifth (204), and remembers which
    events it published, in order, duplicates included."""

    def __init__(self) -> None:
        self.published: list[int] = []
        self.lock = threading.Lock()

    def __call__(self, req: RecordedRequest) -> Reply:
        n = req.json()["n"]
        with self.lock:
            self.published.append(n)
        return Reply(204 if n % 5 == 0 else 202)


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer(prefix="/prof") as s:
        yield s


@pytest.fixture
def stream(server: TenantServer) -> Stream:
    handler = Stream()
    server.route("POST", EVENTS, handler)
    return handler


def client(server: TenantServer, kind: str, **kw: Any) -> Any:
    cls = FastAmperity if kind == "sync" else FastAsyncAmperity
    return cls(tenant=server.tenant, token=server.token, base_url=server.base_url, **kw)


_LOOP = threading.local()


def call(kind: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)`, awaited when the client is async (on the test's one event loop, to
    which the client's connections belong)."""
    result = fn(*args, **kwargs)
    return _LOOP.loop.run_until_complete(result) if kind == "async" else result


@pytest.fixture(autouse=True)
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    _LOOP.loop = asyncio.new_event_loop()
    yield _LOOP.loop
    _LOOP.loop.close()


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


def test_the_package_is_unstable_and_sends_no_api_version() -> None:
    assert amperity_realtime_api.__version__.startswith("0.")
    assert Amperity._client_headers == {"amperity-tenant": "tenant"}
    assert Amperity._default_base_url == "https://{tenant}.amperity.com/prof"


@KINDS
def test_send_event_tells_published_from_dropped(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)
    published = call(
        kind, c.events.send_event, "es-1", body={"n": 1, "email": "a@example.com"}
    )
    dropped = call(kind, c.events.send_event, "es-1", body={"n": 5})
    assert (published.status_code, dropped.status_code) == (202, 204)
    assert raw_response(published).request_id == server.requests[0].request_id
    first = server.requests[0]
    assert first.path == "/events/es-1" and first.json() == {
        "n": 1,
        "email": "a@example.com",
    }
    assert first.headers["amperity-tenant"] == "acme"
    assert first.headers["authorization"] == f"Bearer {server.token}"
    assert "api-version" not in first.headers


@KINDS
def test_a_body_over_64_kb_is_refused_before_sending(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)
    padding = LIMIT - len('{"n":1,"pad":""}')
    assert (
        call(
            kind, c.events.send_event, "es-1", body={"n": 1, "pad": "x" * padding}
        ).status_code
        == 202
    )
    assert len(server.requests[0].body) == LIMIT  # exactly the limit: sent, as measured
    with pytest.raises(
        errors.InvalidRequestError, match="65537 bytes, more than the 65536"
    ):
        call(
            kind, c.events.send_event, "es-1", body={"n": 1, "pad": "x" * (padding + 1)}
        )
    assert len(server.requests) == 1  # nothing more was sent


@KINDS
def test_503_is_retried_but_409_and_500_are_not(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)
    # 503: "could not be published ... Retry the request": a retry cannot publish it twice.
    server.fail("POST", EVENTS, Reply.error(503), Reply.error(503))
    assert call(kind, c.events.send_event, "es-1", body={"n": 1}).status_code == 202
    assert len(server.requests) == 3 and stream.published == [1]
    # 409: the stream is not accepting events; 500: the event may have been published.
    for status, error in (
        (409, errors.ConflictError),
        (500, errors.InternalServerError),
    ):
        server.fail("POST", EVENTS, Reply.error(status))
        before = len(server.requests)
        with pytest.raises(error):
            call(kind, c.events.send_event, "es-1", body={"n": 2})
        assert len(server.requests) == before + 1


@KINDS
def test_keychain_lookup_takes_arbitrary_keys(server: TenantServer, kind: str) -> None:
    profile = {
        "profile_id": "p-1",
        "attributes": {"email": "a+b@example.com", "tier": 3},
        "links": {"email": ["x"]},
    }
    server.route("GET", "/lookup/{collection-id}/keychain", Reply.json(profile))
    server.route("POST", "/lookup/{collection-id}/keychain", Reply.json(profile))
    c = client(server, kind)
    keys = {"email": "a+b@example.com", "loyalty_id": "L-7"}
    found = call(kind, c.lookup.lookup_profile, "pc-1", keys=keys, enrich=True)
    assert found.profile_id == "p-1" and found.attributes == {
        "email": "a+b@example.com",
        "tier": 3,
    }
    get = server.requests[0]
    assert get.query == [
        ("email", "a+b@example.com"),
        ("loyalty_id", "L-7"),
        ("_enrich", "true"),
    ]
    assert "%2B" in get.target  # a literal + stays a plus, not a space
    call(kind, c.lookup.lookup_profile_by_body, "pc-1", keys=keys)
    assert server.requests[1].json() == {"keys": keys}


@KINDS
def test_a_keychain_lookup_without_a_key_is_refused_before_sending(
    server: TenantServer, kind: str
) -> None:
    """At least one key, both forms (the page; the server would answer 400): the GET form
    from the document's `x-min-properties`, the POST form from the body's `minProperties`.
    """
    server.route(
        "GET", "/lookup/{collection-id}/keychain", Reply.json({"profile_id": "p-1"})
    )
    c = client(server, kind)
    refused = [
        ({}, "GET /lookup/{collection-id}/keychain: keys={} must not be empty"),
        (
            {"email": None},
            "keys={'email': None} must not be empty (a None value is not",
        ),
        ("email=a@example.com", "keys='email=a@example.com' must be a dict, not str"),
    ]
    for keys, message in refused:
        with pytest.raises(errors.InvalidRequestError, match=re.escape(message)):
            call(kind, c.lookup.lookup_profile, "pc-1", keys=keys)
    with pytest.raises(errors.InvalidRequestError, match="keys"):
        call(kind, c.lookup.lookup_profile_by_body, "pc-1", keys={})
    assert server.requests == []  # nothing was sent
    # One key that is sent is enough; a None beside it is left out.
    found = call(
        kind, c.lookup.lookup_profile, "pc-1", keys={"email": "a@x.io", "phone": None}
    )
    assert found.profile_id == "p-1"
    assert server.requests[0].query == [("email", "a@x.io")]


# send_events ------------------------------------------------------------------------------------

N = 400
CONCURRENCY = 20


def faults() -> list[Any]:
    """A 503 storm, connections reset before any answer, answers too slow for the client's
    timeout, and slow answers within it, interleaved with ordinary ones (None)."""
    storm: list[Any] = [Reply.error(503)] * 40
    mixed: list[Any] = []
    for i in range(60):
        mixed += [Reset() if i % 3 == 0 else Delay(0.05), None, None]
        if i % 10 == 0:
            mixed.append(Delay(1.5))  # beyond the 1 s timeout
    return storm + mixed


@KINDS
def test_send_events_accounts_for_every_event_exactly_once_under_faults(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    queued = faults()
    # `fail` takes faults only; an ordinary answer in the queue is a zero delay.
    server.fail("POST", EVENTS, *(Delay(0) if f is None else f for f in queued))
    c = client(server, kind, timeout=1.0)
    reports: list[tuple[int, int, int]] = []
    held = {"taken": 0, "answered": 0, "most": 0}

    def progress(summary: Any) -> None:
        held["answered"] = summary.sent
        reports.append((summary.published, summary.dropped, summary.failed))

    def events() -> Iterator[dict[str, int]]:
        for n in range(N):
            held["taken"] += 1
            held["most"] = max(held["most"], held["taken"] - held["answered"])
            yield {"n": n}

    every_failure: list[Any] = []
    summary = call(
        kind,
        c.events.send_events,
        "es-1",
        events(),
        concurrency=CONCURRENCY,
        progress=progress,
        progress_every=1,
        on_failure=every_failure.append,
    )
    # Every event once in the summary.
    assert summary.published + summary.dropped + summary.failed == summary.sent == N
    failed = {f.index: f for f in every_failure}
    assert len(failed) == summary.failed == len(every_failure)
    assert all(f.event == {"n": f.index} for f in every_failure)
    # The first 100 in full (the default), each counted by its class.
    assert summary.failures == every_failure[:100]
    assert summary.failures_not_kept == max(0, summary.failed - 100)
    assert sum(summary.failed_by_error.values()) == summary.failed
    # Never published twice; published exactly when the client says so, except where an answer
    # was lost after the stream acted (a timeout): then the client says failed, and did not retry.
    assert len(stream.published) == len(set(stream.published))
    ok = set(range(N)) - set(failed)
    timed_out = {
        i for i, f in failed.items() if isinstance(f.error, errors.APITimeoutError)
    }
    assert ok <= set(stream.published) <= ok | timed_out
    assert summary.dropped == sum(1 for n in ok if n % 5 == 0)
    # What failed failed for a fault, each of the kinds injected.
    kinds = {type(f.error) for f in every_failure}
    assert kinds <= {
        errors.ServiceUnavailableError,
        errors.APIConnectionError,
        errors.APITimeoutError,
    }
    assert errors.APITimeoutError in kinds and errors.APIConnectionError in kinds
    # A reset or a timeout is not retried (the event may be published); a 503 is (it was not):
    # each of the 40 503s made one more send, but where the event had no retry left.
    sends = server.requests_to("POST", EVENTS)
    gave_up = sum(
        isinstance(f.error, errors.ServiceUnavailableError) for f in every_failure
    )
    assert len(sends) - N == 40 - gave_up > 0
    # Bounded: never more than `concurrency` events held; progress reported every answer.
    assert held["most"] <= CONCURRENCY
    assert len(reports) == N and reports[-1] == (
        summary.published,
        summary.dropped,
        summary.failed,
    )


@KINDS
def test_send_events_takes_a_lazy_iterator_and_reports_progress(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)
    seen: list[int] = []
    summary = call(
        kind,
        c.events.send_events,
        "es-1",
        ({"n": n} for n in range(1, 101)),
        concurrency=7,
        progress=lambda s: seen.append(s.sent),
        progress_every=30,
    )
    assert (summary.published, summary.dropped, summary.failed) == (80, 20, 0)
    assert seen == [30, 60, 90, 100]  # and once at the end
    assert sorted(stream.published) == list(range(1, 101))


def test_send_events_takes_an_async_iterable(
    server: TenantServer, stream: Stream
) -> None:
    async def events() -> Any:
        for n in range(1, 11):
            yield {"n": n}

    async def run() -> Any:
        async with client(server, "async") as c:
            return await c.events.send_events("es-1", events(), concurrency=3)

    assert run_sent(asyncio.run(run())) == 10


def run_sent(summary: Any) -> int:
    return int(summary.published + summary.dropped)


@KINDS
def test_only_the_first_failures_are_kept_and_every_one_is_reported(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    """Constant memory when every event fails: the summary keeps `keep_failures` of them in
    full and counts the rest; `on_failure` sees each."""
    server.route("POST", EVENTS, Reply.error(409))  # the stream is not accepting events
    c = client(server, kind)
    seen: list[Any] = []
    summary = call(
        kind,
        c.events.send_events,
        "es-1",
        ({"n": n} for n in range(60)),
        concurrency=4,
        on_failure=seen.append,
        keep_failures=5,
    )
    assert (summary.published, summary.dropped, summary.failed) == (0, 0, 60)
    assert sorted(f.index for f in seen) == list(range(60))
    assert all(isinstance(f.error, errors.ConflictError) for f in seen)
    assert summary.failures == seen[:5] and summary.failures_not_kept == 55
    assert summary.failed_by_error == {"ConflictError": 60}
    assert "failed=60, failed_by_error={'ConflictError': 60}" in repr(summary)
    assert len(server.requests) == 60  # a 409 is not retried
    nothing = call(
        kind, c.events.send_events, "es-1", [{"n": 1}, {"n": 2}], keep_failures=0
    )
    assert nothing.failed == 2 and nothing.failures == []


@KINDS
def test_a_failure_not_kept_is_freed_at_once(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    """With the cycle collector off, what the run does not keep is freed by reference counting
    alone: no failure (nor its event and answer) waits for a collection."""
    server.route("POST", EVENTS, Reply.error(409))
    c = client(server, kind)
    errors_seen: list[weakref.ref[BaseException]] = []
    was = gc.isenabled()
    gc.disable()
    try:
        summary = call(
            kind,
            c.send_events,
            "es-1",
            ({"n": n} for n in range(30)),
            concurrency=4,
            on_failure=lambda f: errors_seen.append(weakref.ref(f.error)),
            keep_failures=2,
        )
        assert summary.failed == len(errors_seen) == 30
        alive = [ref() for ref in errors_seen if ref() is not None]
        assert alive == [f.error for f in summary.failures]  # the two kept, only
    finally:
        if was:
            gc.enable()


@KINDS
def test_send_events_is_on_the_client_too(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    """`client.send_events` is `client.events.send_events`, every argument passed through."""
    c = client(server, kind)
    seen: list[int] = []
    summary = call(
        kind,
        c.send_events,
        "es-2",
        ({"n": n} for n in range(1, 11)),
        concurrency=3,
        progress=lambda s: seen.append(s.sent),
        progress_every=4,
    )
    assert isinstance(summary, amperity_realtime_api.EventsSummary)
    assert (summary.published, summary.dropped, summary.failed) == (8, 2, 0)
    assert seen == [4, 8, 10]
    assert sorted(stream.published) == list(range(1, 11))
    assert {r.path for r in server.requests} == {"/events/es-2"}
    with pytest.raises(ValueError, match="keep_failures must be an integer >= 0"):
        call(kind, c.send_events, "es-2", [{"n": 1}], keep_failures=-1)
    assert len(server.requests) == 10


@KINDS
def test_a_bad_concurrency_is_refused(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)
    with pytest.raises(ValueError, match="concurrency must be a positive integer"):
        call(kind, c.events.send_events, "es-1", [{"n": 1}], concurrency=0)
    assert server.requests == []


@KINDS
def test_an_error_that_is_not_an_events_failure_stops_the_run(
    server: TenantServer, stream: Stream, kind: str
) -> None:
    c = client(server, kind)

    def progress(summary: Any) -> None:
        if summary.sent == 10:
            raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        call(
            kind,
            c.events.send_events,
            "es-1",
            ({"n": n} for n in range(1000)),
            concurrency=4,
            progress=progress,
            progress_every=1,
        )
    assert len(server.requests) < 1000  # the rest were never taken

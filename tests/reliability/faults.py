"""The generated client (`amperity_api`, as committed) against a fault-injecting tenant on
127.0.0.1.

Each scenario returns its figures; the tests and `python -m tests.reliability.run` check them.
Faults are drawn from a seeded random generator and queued one per request on a route
(`Delay(0)` lets a request through untouched), so a run is repeatable and every request's
fault is known from its position.
"""

from __future__ import annotations

import asyncio
import json
import random
import ssl
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.support.project import GENERATED
from tests.support.samples import WORKFLOW
from tests.support.tenant_server import (
    Delay,
    Fault,
    RecordedRequest,
    Reply,
    Reset,
    TenantServer,
    _make_handler,
    _QuietServer,
)

sys.path.insert(0, str(GENERATED / "amperity_api"))
import amperity_api as amperity_api  # noqa: E402  (from generated/, as committed)
from amperity_api import errors as errors  # noqa: E402

LIST = "/workflow/runs"
ONE = "/workflow/runs/{workflow-id}"
TIMEOUT = 0.4  # the clients' timeout: every slow fault is slower than this


class Amperity(amperity_api.Amperity):
    # Backoff in milliseconds, so a storm of retries takes no time; Retry-After still honoured.
    _backoff_base = 0.001
    _backoff_max = 0.01
    _retry_after_max = 0.05


class AsyncAmperity(amperity_api.AsyncAmperity):
    _backoff_base = 0.001
    _backoff_max = 0.01
    _retry_after_max = 0.05


@dataclass(frozen=True)
class Trickle(Reply):
    """The status line and headers at once, then the body in `pieces`, `pause` seconds apart;
    with `cut`, the connection closes before the last piece (a truncated body)."""

    pause: float = 0.0
    pieces: int = 2
    cut: bool = False


class FaultServer(TenantServer):
    """The stand-in tenant, plus `Trickle` replies (a slow or truncated body with its headers),
    and HTTPS when given a server-side TLS context."""

    def __init__(self, *, tls: ssl.SSLContext | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.tls = tls

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> FaultServer:
        base: Any = _make_handler(self)

        class Handler(base):  # type: ignore[misc]
            def _send(self, reply: Reply, request_id: str) -> None:
                if not isinstance(reply, Trickle):
                    super()._send(reply, request_id)
                    return
                self.send_response(reply.status)
                for name, value in {
                    "x-request-id": request_id,
                    **reply.headers,
                }.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.flush()
                size = -(-len(reply.body) // reply.pieces)
                chunks = [
                    reply.body[i : i + size] for i in range(0, len(reply.body), size)
                ]
                for i, chunk in enumerate(chunks):
                    if reply.cut and i == len(chunks) - 1:
                        self.close_connection = True
                        return
                    time.sleep(reply.pause)
                    self.wfile.write(chunk)
                    self.wfile.flush()

        httpd = _QuietServer(("127.0.0.1", 0), Handler)
        if self.tls is not None:
            httpd.socket = self.tls.wrap_socket(httpd.socket, server_side=True)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self


def transient_faults(body: bytes) -> dict[str, Callable[[], Fault]]:
    """Faults a retry can get past: each one is an answer (or none) a real tenant can give."""
    slow = TIMEOUT * 1.5
    return {
        "reset before the answer": lambda: Reset(),
        "reset after the headers": lambda: Reset(after_headers=True),
        "429 with Retry-After": lambda: Reply.error(429, retry_after="0.01"),
        "429 without Retry-After": lambda: Reply.error(429),
        "500": lambda: Reply.error(500),
        "502 HTML page": lambda: Reply.html(
            502, "<html><body><h1>502 Bad Gateway</h1></body></html>"
        ),
        "503": lambda: Reply.error(503, request_id="req-envelope"),
        "504": lambda: Reply.error(504),
        "headers slower than the timeout": lambda: Delay(slow),
        "body slower than the timeout": lambda: Trickle(
            200, body, {"Content-Type": "application/json"}, pause=slow
        ),
        "truncated body": lambda: Trickle(
            200, body, {"Content-Type": "application/json"}, cut=True
        ),
    }


def fault_queue(
    rng: random.Random, count: int, rate: float, faults: dict[str, Callable[[], Fault]]
) -> list[tuple[str, Fault]]:
    """`count` entries: a fault with probability `rate`, else `Delay(0)` (the request goes
    through)."""
    names = sorted(faults)
    out: list[tuple[str, Fault]] = []
    for _ in range(count):
        if rng.random() < rate:
            name = rng.choice(names)
            out.append((name, faults[name]()))
        else:
            out.append(("", Delay(0)))
    return out


# -- pagination -------------------------------------------------------------------------------


@dataclass
class PaginationFigures:
    kind: str
    items: int
    received: int = 0
    exact: bool = False  # every item exactly once, in order
    pages: int = 0
    requests: int = 0
    faulted: int = 0
    error: str = ""


def pagination(
    kind: str, n_items: int, page_size: int, rate: float, seed: int
) -> PaginationFigures:
    rng = random.Random(seed)
    expected = [{**WORKFLOW, "id": f"wf-{i}"} for i in range(n_items)]
    figures = PaginationFigures(kind, n_items)
    with FaultServer() as server:
        server.paginate(LIST, expected, page_size=page_size)
        queue = fault_queue(
            rng,
            20 * (n_items // page_size + 1),
            rate,
            transient_faults(b'{"data": []}'),
        )
        server.fail("GET", LIST, *(f for _, f in queue))
        options: dict[str, Any] = dict(
            tenant=server.tenant,
            token=server.token,
            base_url=server.base_url,
            max_retries=10,
            timeout=TIMEOUT,
            rate_limit=None,
        )
        ids: list[str] = []
        try:
            if kind == "sync":
                with Amperity(**options) as client:
                    ids = [
                        w.id for w in client.workflow.list_workflows(limit=page_size)
                    ]
            else:

                async def collect() -> list[str]:
                    async with AsyncAmperity(**options) as client:
                        return [
                            w.id
                            async for w in client.workflow.list_workflows(
                                limit=page_size
                            )
                        ]

                ids = asyncio.run(collect())
        except errors.AmperityError as exc:
            figures.error = f"{type(exc).__name__}: {exc}"
        sent = server.requests_to("GET", LIST)
    figures.received = len(ids)
    figures.exact = ids == [i["id"] for i in expected]
    figures.requests = len(sent)
    figures.pages = sum(
        1 for i, _ in enumerate(sent) if i >= len(queue) or not queue[i][0]
    )
    figures.faulted = sum(
        1 for i, _ in enumerate(sent) if i < len(queue) and queue[i][0]
    )
    return figures


# -- non-idempotent POSTs ---------------------------------------------------------------------


@dataclass
class PostFigures:
    kind: str
    calls: int
    sent: int = 0  # requests that reached the server
    faulted: int = 0
    returned: int = 0
    typed_errors: int = 0
    other_errors: list[str] = field(default_factory=list)
    resent_after_rejection: int = (
        0  # a second copy after a 429: the server provably did not act
    )
    resent_unproven: int = 0  # a second copy after anything else: must be 0
    answered_without_server: int = (
        0  # returned, though the server never answered it: must be 0
    )

    @property
    def ok(self) -> bool:
        return not (
            self.other_errors or self.resent_unproven or self.answered_without_server
        )


# What proves the server did not act on a request: it said so before doing anything.
REJECTIONS = ("429 with Retry-After", "429 without Retry-After")


def posts(kind: str, calls: int, rate: float, seed: int) -> PostFigures:
    rng = random.Random(seed)
    figures = PostFigures(kind, calls)
    with FaultServer() as server:
        server.route(
            "POST",
            LIST,
            lambda req: Reply.json({**WORKFLOW, "id": req.json()["config_id"]}, 201),
        )
        queue = fault_queue(
            rng, 10 * calls, rate, transient_faults(json.dumps(WORKFLOW).encode())
        )
        server.fail("POST", LIST, *(f for _, f in queue))
        options: dict[str, Any] = dict(
            tenant=server.tenant,
            token=server.token,
            base_url=server.base_url,
            max_retries=3,
            timeout=TIMEOUT,
            rate_limit=None,
        )
        outcomes: dict[str, str] = {}

        def record(config: str, call: Callable[[], Any]) -> None:
            try:
                answer = call()
                outcomes[config] = "returned" if answer.id == config else "wrong answer"
            except errors.AmperityError:
                outcomes[config] = "typed"
            except (
                Exception
            ) as exc:  # noqa: BLE001 - counted: every failure must be typed
                outcomes[config] = f"{type(exc).__name__}: {exc}"

        configs = [f"cfg-{i}" for i in range(calls)]
        if kind == "sync":
            with Amperity(**options) as client:
                for config in configs:
                    record(
                        config,
                        lambda config=config: client.workflow.run_workflow(
                            config_id=config
                        ),
                    )
        else:

            async def run_all() -> None:
                async with AsyncAmperity(**options) as client:
                    for config in configs:
                        try:
                            answer = await client.workflow.run_workflow(
                                config_id=config
                            )
                            outcomes[config] = (
                                "returned" if answer.id == config else "wrong answer"
                            )
                        except errors.AmperityError:
                            outcomes[config] = "typed"
                        except Exception as exc:  # noqa: BLE001
                            outcomes[config] = f"{type(exc).__name__}: {exc}"

            asyncio.run(run_all())
        sent = server.requests_to("POST", LIST)
    copies: dict[str, list[str]] = {}
    for i, request in enumerate(sent):
        fault = queue[i][0] if i < len(queue) else ""
        copies.setdefault(request.json()["config_id"], []).append(fault)
        figures.faulted += bool(fault)
    figures.sent = len(sent)
    for config, outcome in outcomes.items():
        faults = copies.get(config, [])
        earlier = faults[:-1]
        figures.resent_after_rejection += sum(1 for f in earlier if f in REJECTIONS)
        figures.resent_unproven += sum(1 for f in earlier if f not in REJECTIONS)
        if outcome == "returned":
            figures.returned += 1
            if not faults or faults[-1]:
                figures.answered_without_server += 1
        elif outcome == "typed":
            figures.typed_errors += 1
        else:
            figures.other_errors.append(f"{config}: {outcome}")
    return figures


# -- many threads and tasks sharing one client ------------------------------------------------


@dataclass
class ConcurrencyFigures:
    threads: int
    tasks: int
    calls: int = 0
    returned: int = 0
    typed_errors: int = 0
    other_errors: list[str] = field(default_factory=list)
    unfinished: int = 0  # calls that neither returned nor raised before the deadline
    rate: float = 0.0
    max_in_a_second: int = 0  # the most requests one server saw in any 1 s window
    slowest_pace: float = 0.0  # requests per second over the whole run, at most `rate`
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.other_errors
            and not self.unfinished
            and self.returned + self.typed_errors == self.calls
            and self.max_in_a_second <= self.rate + 2
        )


def _window_max(times: Sequence[float], width: float = 1.0) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end in range(len(times)):
        while times[end] - times[start] >= width:
            start += 1
        best = max(best, end - start + 1)
    return best


def concurrency(
    threads: int,
    tasks: int,
    calls_each: int,
    rate: float,
    fault_rate: float,
    seed: int,
    deadline: float = 300.0,
) -> ConcurrencyFigures:
    rng = random.Random(seed)
    figures = ConcurrencyFigures(
        threads, tasks, calls=(threads + tasks) * calls_each, rate=rate
    )
    outcomes: list[str] = []
    lock = threading.Lock()

    def note(outcome: str) -> None:
        with lock:
            outcomes.append(outcome)

    def answer(req: RecordedRequest) -> Reply:
        return Reply.json({**WORKFLOW, "id": req.path_params["workflow-id"]})

    with FaultServer() as sync_server, FaultServer() as async_server:
        for server in (sync_server, async_server):
            server.route("GET", ONE, answer)
            faults = transient_faults(json.dumps(WORKFLOW).encode())
            server.fail(
                "GET",
                ONE,
                *(
                    f
                    for _, f in fault_queue(
                        rng, 4 * calls_each * max(threads, tasks), fault_rate, faults
                    )
                ),
            )

        def options(server: TenantServer) -> dict[str, Any]:
            return dict(
                tenant=server.tenant,
                token=server.token,
                base_url=server.base_url,
                max_retries=2,
                timeout=TIMEOUT,
                rate_limit=rate,
            )

        def one_thread(client: Amperity, n: int) -> None:
            for i in range(calls_each):
                wid = f"wf-t{n}-{i}"
                try:
                    got = client.workflow.get_workflow(wid)
                    note("returned" if got.id == wid else "wrong answer")
                except errors.AmperityError:
                    note("typed")
                except Exception as exc:  # noqa: BLE001
                    note(f"{type(exc).__name__}: {exc}")

        async def one_task(client: AsyncAmperity, n: int) -> None:
            for i in range(calls_each):
                wid = f"wf-a{n}-{i}"
                try:
                    got = await client.workflow.get_workflow(wid)
                    note("returned" if got.id == wid else "wrong answer")
                except errors.AmperityError:
                    note("typed")
                except Exception as exc:  # noqa: BLE001
                    note(f"{type(exc).__name__}: {exc}")

        async def all_tasks() -> None:
            async with AsyncAmperity(**options(async_server)) as client:
                await asyncio.wait_for(
                    asyncio.gather(*(one_task(client, n) for n in range(tasks))),
                    deadline,
                )

        started = time.monotonic()
        sync_client = Amperity(**options(sync_server))
        pool = ThreadPoolExecutor(threads)
        futures = [pool.submit(one_thread, sync_client, n) for n in range(threads)]
        try:
            asyncio.run(all_tasks())
        except TimeoutError:
            pass  # counted below: the calls that never finished
        for future in futures:
            try:
                future.result(timeout=max(0.0, deadline - (time.monotonic() - started)))
            except TimeoutError:
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        figures.seconds = time.monotonic() - started
        sync_client.close()
        arrivals = [
            [r.received_at for r in s.api_requests] for s in (sync_server, async_server)
        ]
    figures.returned = outcomes.count("returned")
    figures.typed_errors = outcomes.count("typed")
    figures.other_errors = [o for o in outcomes if o not in ("returned", "typed")]
    figures.unfinished = figures.calls - len(outcomes)
    figures.max_in_a_second = max(_window_max(a) for a in arrivals)
    figures.slowest_pace = max(
        (len(a) - 1) / (max(a) - min(a)) for a in arrivals if len(a) > 1
    )
    return figures


# -- every failure typed ----------------------------------------------------------------------


@dataclass
class FailureFigures:
    cases: int = 0
    typed: int = 0  # raised an error of the package (or returned, where that is right)
    with_request_id: int = 0  # typed errors that carry the request id the server sent
    ids_sent: int = 0  # cases where the server sent one before failing
    problems: list[str] = field(default_factory=list)


def failure_faults() -> (
    dict[str, tuple[Callable[[], Fault], type[Exception] | None, bool]]
):
    """Each fault, the error it must raise (None: returning is right too), and whether the server
    sent a request id before failing."""
    body = json.dumps(WORKFLOW).encode()
    transient = transient_faults(body)
    big = json.dumps({**WORKFLOW, "padding": "x" * (2 * 1024 * 1024)}).encode()
    as_json = {"Content-Type": "application/json"}
    return {
        "reset before the answer": (
            transient["reset before the answer"],
            errors.APIConnectionError,
            False,
        ),
        "reset after the headers": (
            transient["reset after the headers"],
            errors.APIConnectionError,
            False,
        ),
        "truncated body": (
            transient["truncated body"],
            errors.APIConnectionError,
            True,
        ),
        "429 storm with Retry-After": (
            transient["429 with Retry-After"],
            errors.RateLimitError,
            True,
        ),
        "429 storm without Retry-After": (
            transient["429 without Retry-After"],
            errors.RateLimitError,
            True,
        ),
        "500": (transient["500"], errors.InternalServerError, True),
        "502 HTML page": (transient["502 HTML page"], errors.InternalServerError, True),
        "503": (transient["503"], errors.ServiceUnavailableError, True),
        "504": (transient["504"], errors.InternalServerError, True),
        "headers slower than the timeout": (
            transient["headers slower than the timeout"],
            errors.APITimeoutError,
            False,
        ),
        "body slower than the timeout": (
            transient["body slower than the timeout"],
            errors.APITimeoutError,
            True,
        ),
        "body trickling past the timeout": (
            lambda: Trickle(200, body, as_json, pause=TIMEOUT * 0.6, pieces=6),
            errors.APITimeoutError,
            True,
        ),
        "invalid JSON with 200": (
            lambda: Reply(200, b'{"id": "wf-1",', as_json),
            errors.APIResponseValidationError,
            True,
        ),
        "HTML page with 200": (
            lambda: Reply.html(200, "<html>Sign in</html>"),
            errors.APIResponseValidationError,
            True,
        ),
        "empty body with 200": (
            lambda: Reply(200, b"", as_json),
            errors.APIResponseValidationError,
            True,
        ),
        "wrong shape with 200": (
            lambda: Reply.json({"state": 5}),
            errors.APIResponseValidationError,
            True,
        ),
        "JSON labelled text/html": (
            lambda: Reply(200, body, {"Content-Type": "text/html"}),
            None,
            False,
        ),
        "body over the size cap": (
            lambda: Reply(200, big, as_json),
            errors.APIResponseValidationError,
            True,
        ),
        "404 envelope": (
            lambda: Reply.error(404, "no such workflow", request_id="req-in-body"),
            errors.NotFoundError,
            True,
        ),
    }


MAX_RESPONSE_BYTES = (
    1024 * 1024
)  # the cap the clients under test are given (2 MiB is sent)


def failures(kind: str) -> FailureFigures:
    """Every fault, for a GET and a POST, with every retry faulted the same way."""
    figures = FailureFigures()
    for name, (make, expected, sends_id) in failure_faults().items():
        for method in ("GET", "POST"):
            with FaultServer() as server:
                server.route("GET", ONE, Reply.json(WORKFLOW))
                server.route("POST", LIST, Reply.json(WORKFLOW, 201))
                server.fail(
                    method,
                    ONE if method == "GET" else LIST,
                    *(make() for _ in range(3)),
                )
                options: dict[str, Any] = dict(
                    tenant=server.tenant,
                    token=server.token,
                    base_url=server.base_url,
                    max_retries=2,
                    timeout=TIMEOUT,
                )
                raised = _call(kind, method, options)
                answers = [r.request_id for r in server.api_requests]
            figures.cases += 1
            label = f"{kind} {method} {name}"
            if isinstance(raised, errors.AmperityError) or (
                raised is None and expected is None
            ):
                figures.typed += 1
                if expected is not None and not isinstance(raised, expected):
                    figures.problems.append(
                        f"{label}: {type(raised).__name__}, expected {expected.__name__}"
                    )
            else:
                figures.problems.append(f"{label}: {type(raised).__name__}: {raised}")
            if sends_id:
                figures.ids_sent += 1
                request_id = getattr(raised, "request_id", None)
                if request_id in (*answers, "req-envelope", "req-in-body"):
                    figures.with_request_id += 1
                else:
                    figures.problems.append(
                        f"{label}: request_id {request_id!r}, the server sent {answers[-1:]}"
                    )
    return figures


def _call(kind: str, method: str, options: dict[str, Any]) -> BaseException | None:
    class Capped(Amperity):
        _max_response_bytes = MAX_RESPONSE_BYTES

    class AsyncCapped(AsyncAmperity):
        _max_response_bytes = MAX_RESPONSE_BYTES

    try:
        if kind == "sync":
            with Capped(**options) as client:
                if method == "GET":
                    client.workflow.get_workflow("wf-1")
                else:
                    client.workflow.run_workflow(config_id="cg-1")
        else:

            async def call() -> None:
                async with AsyncCapped(**options) as client:
                    if method == "GET":
                        await client.workflow.get_workflow("wf-1")
                    else:
                        await client.workflow.run_workflow(config_id="cg-1")

            asyncio.run(call())
    except BaseException as exc:  # noqa: BLE001 - what was raised is the result
        return exc
    return None

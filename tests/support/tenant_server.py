"""A stand-in Amperity tenant: a real HTTP/1.1 server on 127.0.0.1, for tests and benchmarks.

    from tests.support.tenant_server import Delay, Reply, Reset, TenantServer

    with TenantServer() as server:                        # port 0: a free port; started
        server.route("GET", "/workflow/runs/{workflow-id}",
                     lambda req: Reply.json({"id": req.path_params["workflow-id"]}))
        server.fail("GET", "/workflow/runs/{workflow-id}", Reply.error(503), Reset())
        client = Amperity(tenant=server.tenant, token=server.token, base_url=server.base_url)
        client.workflow.get_workflow("wf-1")              # 503, dropped connection, then the route
        [r.path for r in server.requests]                 # everything received, in order

Paths given to `route` / `fail` / `paginate` are templates relative to `base_url`
(`http://127.0.0.1:<port>/api`), written like an Endpoint's path; `{name}` matches one
percent-encoded segment and the handler sees it decoded in `path_params`.

What a request meets, in order:
1. the route's queue of injected faults (`fail`), the next one taken by each request: a `Reply`
   to answer with instead (status sequences, HTML pages, `Retry-After`), `Reset()` to close the
   connection without answering or half-way through the answer, `Delay(s)` to wait, then go on;
2. the bearer token check (`require_auth`): unknown or revoked token → 401 envelope;
3. the route's handler (a callable `RecordedRequest -> Reply`, or a fixed `Reply`);
   no route → 404 envelope.
Every request is recorded first (`requests`), including the ones that then fail.

Auth: the server accepts `server.token` (a static token) and every token its OAuth endpoint
`POST /api/v0/oauth2/token` has issued (`issued_tokens`), for `client_id`/`client_secret` and
the `X-Amperity-Tenant` header; answers carry `expires_in=token_expires_in`.
`revoke_tokens()` makes every token issued so far invalid (as if it had expired server-side).
Every answer has an `x-request-id: req-<n>` header unless the reply sets its own.
"""

from __future__ import annotations

import base64
import email.message
import email.parser
import email.policy
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

TOKEN_PATH = "/v0/oauth2/token"


@dataclass(frozen=True)
class Part:
    """One part of a multipart/form-data body."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it."""

    method: str
    target: str  # exactly as sent: "/api/workflow/runs/a%2Fb?view=verbose"
    path: (
        str  # relative to the API prefix, still percent-encoded: "/workflow/runs/a%2Fb"
    )
    query: list[tuple[str, str]]  # decoded, in order, repeated keys kept
    headers: dict[str, str]  # names lower-cased
    body: bytes
    received_at: float  # time.monotonic()
    route: str | None  # the template it matched, e.g. "/workflow/runs/{workflow-id}"
    request_id: (
        str  # the x-request-id the answer carries (unless the reply set its own)
    )
    path_params: dict[str, str] = field(default_factory=dict)  # decoded

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))

    def parts(self) -> list[Part]:
        """The parts of a multipart/form-data body, in order."""
        head = f"Content-Type: {self.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            head + self.body
        )
        return [
            Part(
                name=str(part.get_param("name", header="content-disposition")),
                filename=part.get_filename(),
                content_type=part.get("content-type"),
                data=_payload(part),
            )
            for part in message.iter_parts()
        ]

    def query_dict(self) -> dict[str, str]:
        """The query as a dict (the last value of a repeated key wins)."""
        return dict(self.query)

    def query_values(self, name: str) -> list[str]:
        return [v for k, v in self.query if k == name]

    @property
    def bearer(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth[len("Bearer ") :] if auth.startswith("Bearer ") else None


@dataclass(frozen=True)
class Reply:
    """An answer: status, body bytes, headers."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls, obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return cls(
            status,
            json.dumps(obj).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )

    @classmethod
    def error(
        cls,
        status: int,
        message: str | None = None,
        *,
        request_id: str | None = None,
        trace_id: str | None = None,
        retry_after: str | float | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        """The Amperity error envelope `{"status", "message", "request_id"?, "trace_id"?}`."""
        envelope: dict[str, Any] = {
            "status": status,
            "message": message or f"error {status}",
        }
        if request_id is not None:
            envelope["request_id"] = request_id
        if trace_id is not None:
            envelope["trace_id"] = trace_id
        extra = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        return cls.json(envelope, status, {**extra, **(headers or {})})

    @classmethod
    def html(
        cls, status: int, html: str, headers: Mapping[str, str] | None = None
    ) -> Reply:
        return cls(
            status, html.encode(), {"Content-Type": "text/html", **(headers or {})}
        )


@dataclass(frozen=True)
class Reset:
    """Close the connection instead of answering: at once (the request was received and then
    nothing came back), or with `after_headers=True` after the status line, the headers and
    part of the body."""

    after_headers: bool = False


@dataclass(frozen=True)
class Delay:
    """Wait `seconds`, then go on (to the next fault or the handler)."""

    seconds: float


Fault = Reply | Reset | Delay
Handler = Callable[[RecordedRequest], Reply]


@dataclass
class _Route:
    method: str
    template: str
    regex: re.Pattern[str]
    names: list[str]
    handler: Handler | None = None
    faults: deque[Fault] = field(default_factory=deque)


def make_jwt(exp: float, **claims: Any) -> str:
    """An unsigned JWT with the given `exp` (seconds since the epoch): for expiry tests."""

    def part(obj: Any) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'exp': exp, **claims})}.sig"


class TenantServer:
    def __init__(
        self,
        *,
        tenant: str = "acme",
        token: str = "static-token-3f9a",
        client_id: str = "client-id-7c1e",
        client_secret: str = "client-secret-d42b",
        token_expires_in: float = 3600,
        require_auth: bool = True,
        prefix: str = "/api",
    ) -> None:
        self.tenant = tenant
        self.token = token
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_expires_in = token_expires_in
        self.require_auth = require_auth
        self.prefix = prefix
        self.requests: list[RecordedRequest] = []
        self.issued_tokens: list[str] = []
        self._valid = {token}
        self._routes: dict[tuple[str, str], _Route] = {}
        self._lock = threading.Lock()
        self._counter = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.route("POST", TOKEN_PATH, self._issue_token)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> TenantServer:
        httpd = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> TenantServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not started"
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What a client's `base_url` should be."""
        return self.url + self.prefix

    # -- configuration ---------------------------------------------------------------------

    def route(self, method: str, template: str, handler: Handler | Reply) -> None:
        """Answer `method template` with `handler(request)`, or always with the given Reply."""
        self._route(method, template).handler = (
            (lambda _req: handler) if isinstance(handler, Reply) else handler
        )

    def fail(self, method: str, template: str, *faults: Fault) -> None:
        """Queue faults for the next requests to `method template`, one per request."""
        with self._lock:
            self._route(method, template).faults.extend(faults)

    def paginate(
        self,
        template: str,
        items: list[Any],
        *,
        page_size: int = 2,
        last_token: str | None = None,
    ) -> None:
        """Serve `items` as a cursor-paginated GET list (`limit`, `next_token`, `with_total`).

        Tokens are "page-<n>"; the last page has no `next_token` or, if given, `last_token`
        (say "" for an empty one). Unknown tokens get a 400 envelope.
        """

        def handler(req: RecordedRequest) -> Reply:
            query = req.query_dict()
            size = int(query.get("limit", page_size))
            token = query.get("next_token")
            start = 0
            if token is not None:
                if not token.startswith("page-"):
                    return Reply.error(400, f"invalid next_token {token!r}")
                start = int(token[len("page-") :])
            page: dict[str, Any] = {"data": items[start : start + size]}
            if start + size < len(items):
                page["next_token"] = f"page-{start + size}"
            elif last_token is not None:
                page["next_token"] = last_token
            if query.get("with_total") == "true":
                page["total"] = len(items)
            return Reply.json(page)

        self.route("GET", template, handler)

    def revoke_tokens(self) -> None:
        """Every token accepted so far (static and issued) now gets a 401."""
        with self._lock:
            self._valid.clear()

    # -- what was received -----------------------------------------------------------------

    def requests_to(self, method: str, template: str) -> list[RecordedRequest]:
        """The recorded requests that matched `method template`."""
        with self._lock:
            return [
                r for r in self.requests if r.method == method and r.route == template
            ]

    @property
    def token_requests(self) -> list[RecordedRequest]:
        return self.requests_to("POST", TOKEN_PATH)

    @property
    def api_requests(self) -> list[RecordedRequest]:
        """Every recorded request except those to the token endpoint."""
        with self._lock:
            return [r for r in self.requests if r.route != TOKEN_PATH]

    # -- internals -------------------------------------------------------------------------

    def _route(self, method: str, template: str) -> _Route:
        key = (method.upper(), template)
        if key not in self._routes:
            names = re.findall(r"\{([^{}]+)\}", template)
            pattern = re.sub(r"\\\{[^{}]+\\\}", "([^/]+)", re.escape(template))
            self._routes[key] = _Route(
                method.upper(), template, re.compile(pattern + r"/?"), names
            )
        return self._routes[key]

    def _match(self, method: str, path: str) -> tuple[_Route | None, dict[str, str]]:
        for route in self._routes.values():
            if route.method == method and (m := route.regex.fullmatch(path)):
                return route, {
                    name: unquote(value)
                    for name, value in zip(route.names, m.groups(), strict=False)
                }
        return None, {}

    def _receive(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[RecordedRequest, Fault | None, Handler | None]:
        """Record a request; the fault it meets (the next queued one, if any) and its handler."""
        split = urlsplit(target)
        path = (
            split.path[len(self.prefix) :]
            if split.path.startswith(self.prefix)
            else split.path
        )
        route, params = (
            self._match(method, path)
            if split.path.startswith(self.prefix)
            else (None, {})
        )
        with self._lock:
            self._counter += 1
            request_id = f"req-{self._counter}"
        request = RecordedRequest(
            method=method,
            target=target,
            path=path,
            query=parse_qsl(split.query, keep_blank_values=True),
            headers=headers,
            body=body,
            received_at=time.monotonic(),
            route=route.template if route else None,
            request_id=request_id,
            path_params=params,
        )
        with self._lock:
            self.requests.append(request)
            fault = route.faults.popleft() if route and route.faults else None
        return request, fault, (route.handler if route else None)

    def _authorized(self, request: RecordedRequest) -> bool:
        with self._lock:
            return request.bearer in self._valid

    def _issue_token(self, req: RecordedRequest) -> Reply:
        form = req.form()
        if req.headers.get("x-amperity-tenant") != self.tenant:
            return Reply.error(400, "missing or wrong X-Amperity-Tenant header")
        if form.get("grant_type") != "client_credentials":
            return Reply.error(400, "unsupported grant_type")
        if (
            form.get("client_id") != self.client_id
            or form.get("client_secret") != self.client_secret
        ):
            return Reply.error(401, "invalid client credentials")
        with self._lock:
            token = f"oauth-token-{len(self.issued_tokens) + 1}"
            self.issued_tokens.append(token)
            self._valid.add(token)
        return Reply.json(
            {
                "access_token": token,
                "expires_in": self.token_expires_in,
                "token_type": "Bearer",
            }
        )


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = (
        128  # the default 5 drops connects when many callers arrive at once
    )

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out or was dropped on purpose leaves a broken pipe: expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _make_handler(server: TenantServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else small writes wait ~40 ms for delayed ACKs

        def log_message(
            self, format: str, *args: Any
        ) -> None:  # quiet: tests read `requests`
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            request, fault, handler = server._receive(
                self.command, self.path, headers, body
            )
            request_id = request.request_id
            if isinstance(fault, Delay):
                time.sleep(fault.seconds)
            elif isinstance(fault, Reset):
                self._reset(fault)
                return
            elif isinstance(fault, Reply):
                self._send(fault, request_id)
                return
            if (
                request.route != TOKEN_PATH
                and server.require_auth
                and not server._authorized(request)
            ):
                self._send(
                    Reply.error(401, "The access token is invalid or has expired."),
                    request_id,
                )
            elif handler is None:
                self._send(
                    Reply.error(404, f"no route for {self.command} {request.path}"),
                    request_id,
                )
            else:
                self._send(handler(request), request_id)

        def _send(self, reply: Reply, request_id: str) -> None:
            self.send_response(reply.status)
            headers = {"x-request-id": request_id, **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def _reset(self, fault: Reset) -> None:
            if fault.after_headers:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "1000")
                self.end_headers()
                self.wfile.write(b'{"data": [')
                self.wfile.flush()
            self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


def refusing_base_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens: connecting fails (a real ConnectError)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api"


def items(n: int, prefix: str = "wf") -> list[dict[str, Any]]:
    """`n` small workflow-like objects with ids `<prefix>-0` ... for list tests."""
    return [{"id": f"{prefix}-{i}", "state": "succeeded"} for i in range(n)]


__all__ = [
    "Delay",
    "Part",
    "RecordedRequest",
    "Reply",
    "Reset",
    "TenantServer",
    "TOKEN_PATH",
    "items",
    "make_jwt",
    "refusing_base_url",
]


def _payload(part: email.message.Message) -> bytes:
    """A leaf part's bytes (decoded from its transfer encoding)."""
    data = part.get_payload(decode=True)
    assert isinstance(data, bytes), "a multipart part with parts of its own"
    return data

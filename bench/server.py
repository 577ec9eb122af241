"""The loopback server of the runtime figures: as little work per request as HTTP/1.1 allows.

It runs in a process of its own (`BenchServer`), so that it never competes with the client
being measured for the GIL, and answers every client alike:

    GET /api/workflow/runs/<id>                  one workflow (the same bytes every time)
    GET /api/workflow/runs?limit=&next_token=    `pages` pages of `limit` workflows each,
                                                 tokens "p-<n>"; the last page has none
    POST /prof/events/<stream-id>                202, no body (the Real-time API's event published)

and the same under `/api/r<n>/`, where copy n of bench/large_document.py has its paths.

Keep-alive, no logging, no auth check (the client sends its headers all the same).
`python -m bench.server --pages N` prints the port, then serves until its stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/api/workflow/runs"
EVENTS = "/prof/events/"

# A workflow as the API documents it (the document's own sample values).
WORKFLOW: dict[str, Any] = {
    "id": "wf-20240603-12345-MNabc",
    "state": "succeeded",
    "type": "courier.group/run",
    "name": "Daily courier group",
    "tenant": "acme",
    "created_at": "2026-04-01T00:00:00Z",
    "ended_at": "2026-04-01T00:12:30Z",
    "principal_id": "google-apps|socktown@socktown.com",
    "principal_name": "Automated workflow",
    "launched_version": "etv-20240210-12345-6AbCDE",
    "current_version": "etv-20240210-12345-6AbCDE",
}
_WORKFLOW_BODY = json.dumps(WORKFLOW).encode()
_COPY = re.compile(r"^/api/r[0-9]+/")


def page_body(number: int, limit: int, pages: int) -> bytes:
    """Page `number` (0-based) of the list: `limit` workflows, and the next token if any."""
    data = [{**WORKFLOW, "id": f"wf-{number}-{i}"} for i in range(limit)]
    page: dict[str, Any] = {"data": data}
    if number + 1 < pages:
        page["next_token"] = f"p-{number + 1}"
    return json.dumps(page).encode()


def _response(status: int, body: bytes) -> bytes:
    reason = {200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found"}[status]
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nx-request-id: req-1\r\n\r\n"
    )
    return head.encode() + body


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


class _Protocol(asyncio.Protocol):
    def __init__(self, pages: int) -> None:
        self.pages = pages
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        # Answer at once: a POST arrives as headers then body, and with Nagle's algorithm each
        # answer would wait for the client's delayed ACK (~40 ms).
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end]
            length = _content_length(head)
            if len(self.buffer) < end + 4 + length:
                return  # the rest of the body is still on its way
            self.buffer = self.buffer[
                end + 4 + length :
            ]  # a POST's body is not read, only skipped
            target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode()
            assert self.transport is not None
            self.transport.write(self.answer(target))

    def answer(self, target: str) -> bytes:
        path, _, query = target.partition("?")
        path = _COPY.sub("/api/", path, count=1)
        if path.startswith(EVENTS):
            return _response(202, b"")
        if path == PREFIX:
            params = dict(parse_qsl(query))
            token = params.get("next_token", "p-0")
            number = (
                int(token[2:]) if token.startswith("p-") and token[2:].isdigit() else -1
            )
            if not 0 <= number < self.pages:
                return _response(
                    400, b'{"status": 400, "message": "invalid next_token"}'
                )
            return _response(
                200, page_body(number, int(params.get("limit", "100")), self.pages)
            )
        if path.startswith(PREFIX + "/"):
            return _response(200, _WORKFLOW_BODY)
        return _response(404, b'{"status": 404, "message": "no route"}')


async def _serve(pages: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: _Protocol(pages), "127.0.0.1", 0, backlog=256
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    # Serve until the parent closes our stdin (or dies): never outlive the benchmark.
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


class BenchServer:
    """The server in a child process: `with BenchServer(pages=1000) as server: server.base_url`."""

    def __init__(self, *, pages: int = 1) -> None:
        self.pages = pages
        self._process: subprocess.Popen[str] | None = None
        self.port = 0

    def __enter__(self) -> BenchServer:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.server", "--pages", str(self.pages)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.__exit__()
            raise RuntimeError(f"the bench server did not start (said {line!r})")
        self.port = int(line)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=1, help="pages in the workflow list"
    )
    asyncio.run(_serve(parser.parse_args().pages))


if __name__ == "__main__":
    main()

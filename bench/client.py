"""The runtime workloads: the generated client against bare httpx, on the same loopback server.

Both sides send the same headers and read the same answers; ours also validates each answer
into its model (that is what it is for), the bare side stops at `.json()`. The client's own
rate limit is off (`rate_limit=None`): it would measure the limit, not the client.

`python -m bench.client memory --side ours|bare --base-url URL` iterates the whole list in a
fresh process under tracemalloc and prints `{"items": n, "peak_bytes": n}`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import time
import tracemalloc
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from bench.server import PREFIX, WORKFLOW

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = (
    ROOT / "generated" / "amperity_api"
)  # the committed package, as users get it
TENANT, TOKEN, API_VERSION = "acme", "bench-token", "2024-04-01"
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "amperity-tenant": TENANT,
    "api-version": API_VERSION,
    "Accept": "application/json",
}
WORKFLOW_ID = str(WORKFLOW["id"])
PAGE_SIZE = 100


def _amperity() -> Any:
    if str(PACKAGE_DIR) not in sys.path:
        sys.path.insert(0, str(PACKAGE_DIR))
    return importlib.import_module("amperity_api")


@contextmanager
def sync_clients(base_url: str) -> Iterator[tuple[Any, httpx.Client]]:
    """Our client and a bare one, each warmed by one request."""
    ours = _amperity().Amperity(
        tenant=TENANT, token=TOKEN, base_url=base_url, rate_limit=None
    )
    bare = httpx.Client(headers=HEADERS)
    try:
        ours.workflow.get_workflow(WORKFLOW_ID)
        bare.get(f"{base_url}/workflow/runs/{WORKFLOW_ID}").json()
        yield ours, bare
    finally:
        ours.close()
        bare.close()


def sequential_gets(
    ours: Any, bare: httpx.Client, base_url: str, n: int
) -> dict[str, Callable[[], float]]:
    """`n` GETs one after the other: seconds, for each side."""
    url = f"{base_url}/workflow/runs/{WORKFLOW_ID}"

    def run_ours() -> float:
        get = ours.workflow.get_workflow
        start = time.perf_counter()
        for _ in range(n):
            get(WORKFLOW_ID)
        return time.perf_counter() - start

    def run_bare() -> float:
        start = time.perf_counter()
        for _ in range(n):
            bare.get(url).json()
        return time.perf_counter() - start

    return {"ours": run_ours, "bare": run_bare}


def concurrent_gets(
    base_url: str, n: int, concurrency: int
) -> dict[str, Callable[[], float]]:
    """`n` GETs by `concurrency` tasks sharing one async client: seconds, for each side.

    Each repetition opens its own client and event loop and warms every connection first.
    """
    url = f"{base_url}/workflow/runs/{WORKFLOW_ID}"

    async def gather(get: Callable[[], Awaitable[object]], count: int) -> None:
        remaining = iter(range(count))

        async def worker() -> None:
            for _ in remaining:
                await get()

        await asyncio.gather(*(worker() for _ in range(concurrency)))

    async def ours() -> float:
        async with _amperity().AsyncAmperity(
            tenant=TENANT, token=TOKEN, base_url=base_url, rate_limit=None
        ) as c:

            def get() -> Awaitable[object]:
                return c.workflow.get_workflow(WORKFLOW_ID)  # type: ignore[no-any-return]

            await gather(get, concurrency)
            start = time.perf_counter()
            await gather(get, n)
            return time.perf_counter() - start

    async def bare() -> float:
        async with httpx.AsyncClient(headers=HEADERS) as http:

            async def get() -> object:
                return (await http.get(url)).json()

            await gather(get, concurrency)
            start = time.perf_counter()
            await gather(get, n)
            return time.perf_counter() - start

    return {"ours": lambda: asyncio.run(ours()), "bare": lambda: asyncio.run(bare())}


def iterate_ours(ours: Any) -> int:
    count = 0
    for _ in ours.workflow.list_workflows(limit=PAGE_SIZE):
        count += 1
    return count


def iterate_bare(bare: httpx.Client, base_url: str) -> int:
    """The loop a caller writes without a client: follow `next_token` until there is none."""
    url = base_url + PREFIX.removeprefix("/api")
    params: dict[str, Any] = {"limit": PAGE_SIZE}
    count = 0
    while True:
        page = bare.get(url, params=params).json()
        for _ in page["data"]:
            count += 1
        token = page.get("next_token")
        if not token:
            return count
        params = {"limit": PAGE_SIZE, "next_token": token}


def paging_rates(
    ours: Any, bare: httpx.Client, base_url: str, items: int
) -> dict[str, Callable[[], float]]:
    """Items per second iterating the whole list, for each side (checking every item came)."""

    def rate(iterate: Callable[[], int]) -> float:
        start = time.perf_counter()
        count = iterate()
        elapsed = time.perf_counter() - start
        if count != items:
            raise RuntimeError(f"iterated {count} items, expected {items}")
        return count / elapsed

    return {
        "ours": lambda: rate(lambda: iterate_ours(ours)),
        "bare": lambda: rate(lambda: iterate_bare(bare, base_url)),
    }


def paging_peak(side: str, base_url: str) -> dict[str, int]:
    """In a fresh process: the tracemalloc peak while iterating the whole list (the clients
    made and warmed before tracing starts)."""
    result = subprocess_json(
        [
            sys.executable,
            "-m",
            "bench.client",
            "memory",
            "--side",
            side,
            "--base-url",
            base_url,
        ]
    )
    return {"items": int(result["items"]), "peak_bytes": int(result["peak_bytes"])}


def subprocess_json(command: list[str]) -> dict[str, Any]:
    import subprocess

    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _memory(side: str, base_url: str) -> None:
    with sync_clients(base_url) as (ours, bare):
        iterate: Callable[[], int] = (
            (lambda: iterate_ours(ours))
            if side == "ours"
            else (lambda: iterate_bare(bare, base_url))
        )
        tracemalloc.start()
        count = iterate()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(json.dumps({"items": count, "peak_bytes": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.client")
    sub = parser.add_subparsers(dest="command", required=True)
    memory = sub.add_parser(
        "memory", help="tracemalloc peak of iterating the whole list"
    )
    memory.add_argument("--side", choices=["ours", "bare"], required=True)
    memory.add_argument("--base-url", required=True)
    args = parser.parse_args()
    _memory(args.side, args.base_url)


if __name__ == "__main__":
    main()

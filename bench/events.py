"""The Real-time API's bulk sending: `send_events` against a bare httpx.AsyncClient loop posting
the same events at the same concurrency, on the same loopback server (which answers 202).

`python -m bench.events memory --side ours|bare --events N --warm W --base-url URL` sends W events,
then N under tracemalloc, in a fresh process, and prints `{"events": n, "peak_bytes": n}`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from bench.client import ROOT, TENANT, TOKEN, subprocess_json

PACKAGE_DIR = ROOT / "generated" / "amperity_realtime_api"
STREAM = "es-bench"
HEADERS = {"Authorization": f"Bearer {TOKEN}", "amperity-tenant": TENANT}


def _realtime() -> Any:
    if str(PACKAGE_DIR) not in sys.path:
        sys.path.insert(0, str(PACKAGE_DIR))
    return importlib.import_module("amperity_realtime_api")


def events(n: int) -> Iterator[dict[str, Any]]:
    """`n` small events, made as they are taken (an iterator in: nothing held)."""
    for i in range(n):
        yield {
            "email": f"customer-{i}@example.com",
            "event_type": "purchase",
            "order_total": 42.0,
        }


def base(url: str) -> str:
    """The Real-time base URL of the bench server (`.../prof`, beside its `.../api`)."""
    return url.removesuffix("/api") + "/prof"


async def _ours(base_url: str, n: int, concurrency: int) -> float:
    async with _realtime().AsyncAmperity(
        tenant=TENANT, token=TOKEN, base_url=base_url, rate_limit=None
    ) as c:
        await c.events.send_events(
            STREAM, events(concurrency), concurrency=concurrency
        )  # warm every connection
        start = time.perf_counter()
        summary = await c.events.send_events(STREAM, events(n), concurrency=concurrency)
        elapsed = time.perf_counter() - start
    if summary.published != n:
        raise RuntimeError(
            f"send_events published {summary.published} of {n}: {summary.failures[:3]}"
        )
    return n / elapsed


async def post_all(
    http: httpx.AsyncClient,
    base_url: str,
    items: Iterator[dict[str, Any]],
    concurrency: int,
) -> int:
    """The loop a caller writes without the client: `concurrency` tasks posting from one
    iterator; how many were published."""
    url = f"{base_url}/events/{STREAM}"

    async def worker() -> int:
        published = 0
        for event in items:
            published += (await http.post(url, json=event)).status_code == 202
        return published

    return sum(await asyncio.gather(*(worker() for _ in range(concurrency))))


async def _bare(base_url: str, n: int, concurrency: int) -> float:
    async with httpx.AsyncClient(headers=HEADERS) as http:
        await post_all(http, base_url, events(concurrency), concurrency)
        start = time.perf_counter()
        published = await post_all(http, base_url, events(n), concurrency)
        elapsed = time.perf_counter() - start
    if published != n:
        raise RuntimeError(f"the bare loop published {published} of {n}")
    return n / elapsed


def send_rates(url: str, n: int, concurrency: int) -> dict[str, Callable[[], float]]:
    """Events per second through each side, a fresh client and event loop per repetition."""
    base_url = base(url)
    return {
        "ours": lambda: asyncio.run(_ours(base_url, n, concurrency)),
        "bare": lambda: asyncio.run(_bare(base_url, n, concurrency)),
    }


def peak(side: str, url: str, n: int, concurrency: int, warm: int) -> dict[str, int]:
    """In a fresh process: the tracemalloc peak while `side` sends `n` events, after `warm`."""
    command = [
        "memory",
        "--side",
        side,
        "--events",
        str(n),
        "--concurrency",
        str(concurrency),
        "--warm",
        str(warm),
    ]
    result = subprocess_json(
        [sys.executable, "-m", "bench.events", *command, "--base-url", base(url)]
    )
    return {"events": int(result["events"]), "peak_bytes": int(result["peak_bytes"])}


def _memory(side: str, base_url: str, n: int, concurrency: int, warm: int) -> None:
    """Each side warms up first so that the peak is the sending's alone: imports, connections,
    and the interpreter's free lists. Those fill as calls are made and stay full (a size-1
    tuple's list holds 2,000, fed by the lambdas httpcore's pool makes on every request):
    warmed up with `concurrency` events only, a run of 10x the events counted ~0.15 MiB of
    them as growth, where nothing the client holds grows."""

    def traced(send: Callable[[int], Any]) -> Any:
        async def main() -> tuple[int, int]:
            await send(max(warm, concurrency))
            tracemalloc.start()
            published = await send(n)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            return published, peak

        return asyncio.run(main())

    if side == "ours":
        client = _realtime().AsyncAmperity(
            tenant=TENANT, token=TOKEN, base_url=base_url, rate_limit=None
        )

        async def send(count: int) -> int:
            summary = await client.events.send_events(
                STREAM, events(count), concurrency=concurrency
            )
            return int(summary.published)

    else:
        http = httpx.AsyncClient(headers=HEADERS)

        async def send(count: int) -> int:
            return await post_all(http, base_url, events(count), concurrency)

    published, peak_bytes = traced(send)
    print(json.dumps({"events": published, "peak_bytes": peak_bytes}))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.events")
    sub = parser.add_subparsers(dest="command", required=True)
    memory = sub.add_parser("memory", help="tracemalloc peak of sending N events")
    memory.add_argument("--side", choices=["ours", "bare"], required=True)
    memory.add_argument("--events", type=int, required=True)
    memory.add_argument("--concurrency", type=int, default=20)
    memory.add_argument("--warm", type=int, default=0, help="events sent first")
    memory.add_argument("--base-url", required=True)
    args = parser.parse_args()
    _memory(args.side, args.base_url, args.events, args.concurrency, args.warm)


if __name__ == "__main__":
    main()

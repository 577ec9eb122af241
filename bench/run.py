"""`make bench`: every figure next to its reference, measured in one run on this machine.

    .venv/bin/python -m bench.run [--repetitions 5] [--output bench/results.json] [--no-opc] ...

Prints a table of medians and ratios and writes the results as JSON. Ours and the reference
alternate repetition by repetition (ABBA), so that a drift of the machine weighs on both.
There are no pass/fail assertions: a missed goal shows as such in the table and the JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench import client, events, generation
from bench.measure import Figure, Samples, interleaved, timed
from bench.server import BenchServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    repetitions: int = 5
    gets: int = 2000
    concurrency: int = 20
    pages: int = 1000  # × client.PAGE_SIZE items
    memory_factor: int = 10  # peak memory at pages × this, against pages
    large_copies: int = 200
    events: int = 2000  # sent through send_events per repetition; × memory_factor for memory
    opc: bool = True  # False: our side only (no reference, no ratios)


def run(sizes: Sizes, progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Every figure; the JSON-ready results."""
    started = time.perf_counter()
    load_before = os.getloadavg()
    if sizes.opc:
        progress(f"openapi-python-client {generation.OPC_VERSION} (bench/.venv-opc)")
        generation.ensure_opc()
    figures: list[Figure] = []
    with generation.scratch("documents") as folder:
        documents = generation.prepared_documents(folder)
        progress("full generation, regeneration")
        figures += _generation_figures(sizes, documents, folder)
        progress(f"large document (×{sizes.large_copies})")
        figures.append(_large_figure(sizes, generation.large_document(folder, sizes.large_copies)))
    progress("runtime")
    figures += _runtime_figures(sizes, progress)
    figures += _events_figures(sizes, progress)
    return {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            # Other work on the machine shows here: the figures are only as quiet as it was.
            "load_average_1m": {"before": load_before[0], "after": os.getloadavg()[0]},
        },
        "sizes": asdict(sizes),
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [f.to_dict() for f in figures],
    }


def _fresh(folder: Path, work: Callable[[Path], object]) -> float:
    """Seconds `work(out)` took, writing into a new empty folder under `folder` (removed after):
    every repetition generates from nothing, none finds the last one's output."""
    out = Path(tempfile.mkdtemp(dir=folder))
    seconds = timed(lambda: work(out))
    shutil.rmtree(out)
    return seconds


def _generation_figures(sizes: Sizes, documents: list[generation.Document], folder: Path) -> list[Figure]:
    opc_out = folder / "opc"  # the last opc output, for the import figure
    regen_out = folder / "regenerated"
    generation.ours_sources(regen_out, expect="generated")  # what regeneration starts from

    def ours_full() -> float:
        return _fresh(folder, lambda out: generation.ours_sources(out, expect="generated"))

    def ours_regen() -> float:
        return timed(lambda: generation.ours_sources(regen_out, expect="unchanged"))

    def opc_full() -> float:
        out = Path(tempfile.mkdtemp(dir=folder))
        seconds = timed(lambda: [generation.opc_document(d, out) for d in documents])
        shutil.rmtree(opc_out, ignore_errors=True)
        out.rename(opc_out)
        return seconds

    sides = {"ours": ours_full, "regen": ours_regen, **({"opc": opc_full} if sizes.opc else {})}
    samples = interleaved(sides, sizes.repetitions)
    # The full outputs are not needed once timed; the last opc output is, for the import figure.
    full = Figure(
        "full generation of the 3 documents",
        "amperity-codegen generate --out DIR (one process)",
        f"openapi-python-client {generation.OPC_VERSION} generate, once per document (ruff hooks on)",
        samples["ours"],
        samples.get("opc"),
        "s",
        "≤ 0.5×",
        0.5,
    )
    regen = Figure(
        "regeneration with nothing changed",
        "amperity-codegen generate --out DIR, again",
        "our full generation (above)",
        samples["regen"],
        samples["ours"],
        "s",
        "≤ 0.1×",
        0.1,
    )
    figures = [full, regen]
    if sizes.opc:
        stable = documents[0].package
        ours_dir = client.PACKAGE_DIR
        opc_modules = generation.opc_modules(opc_out / f"opc_{stable}")
        for path, modules in ((ours_dir, [stable]), (opc_out, opc_modules)):
            generation.import_seconds(path, modules)  # compile the bytecode once, outside the timing
        imports = interleaved(
            {
                "ours": lambda: generation.import_seconds(ours_dir, [stable]),
                "opc": lambda: generation.import_seconds(opc_out, opc_modules),
            },
            sizes.repetitions,
        )
        figures.append(
            Figure(
                f"import {stable} (fresh process)",
                f"import {stable} (client, every resource and model)",
                f"import opc_{stable}, its models and its {len(opc_modules) - 2} endpoint modules",
                imports["ours"],
                imports["opc"],
                "s",
                "≤ 1×",
                1.0,
            )
        )
    return figures


def _large_figure(sizes: Sizes, document: generation.Document) -> Figure:
    with generation.scratch("large") as folder:
        sides = {"ours": lambda: _fresh(folder, lambda out: generation.ours_document(document, out))}
        if sizes.opc:
            sides["opc"] = lambda: _fresh(folder, lambda out: generation.opc_document(document, out))
        samples = interleaved(sides, sizes.repetitions)
    return Figure(
        f"generation of a large document (×{sizes.large_copies})",
        "amperity-codegen generate DOC --package NAME --out DIR",
        f"openapi-python-client {generation.OPC_VERSION} generate",
        samples["ours"],
        samples.get("opc"),
        "s",
        "≤ 1× and succeeds",
        1.0,
    )


def _runtime_figures(sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    n, reps = sizes.gets, sizes.repetitions
    items = sizes.pages * client.PAGE_SIZE
    with BenchServer(pages=sizes.pages) as server:
        url = server.base_url
        with client.sync_clients(url) as (ours, bare):
            progress(f"{n} sequential GETs")
            sequential = interleaved(client.sequential_gets(ours, bare, url, n), reps)
            progress(f"iterating {items} items")
            rates = interleaved(client.paging_rates(ours, bare, url, items), reps)
        progress(f"{n} GETs, {sizes.concurrency} concurrent")
        concurrent = interleaved(client.concurrent_gets(url, n, sizes.concurrency), reps)
        progress("peak memory")
        peaks = {side: client.paging_peak(side, url) for side in ("ours", "bare")}
    with BenchServer(pages=sizes.pages * sizes.memory_factor) as server:
        progress(f"peak memory at {sizes.memory_factor}× the pages")
        peaks_more = {side: client.paging_peak(side, server.base_url) for side in ("ours", "bare")}
    bare_label = "bare httpx.Client + .json()"
    memory = Figure(
        f"peak memory iterating {sizes.memory_factor}× the pages",
        f"generated client, {sizes.pages * sizes.memory_factor} pages",
        f"generated client, {sizes.pages} pages",
        Samples((peaks_more["ours"]["peak_bytes"] / MIB,)),
        Samples((peaks["ours"]["peak_bytes"] / MIB,)),
        "MiB",
        "≤ 1.1× (does not grow)",
        1.1,
        notes=[
            "tracemalloc peak in a fresh process, one run each (memory does not vary like time)",
            f"bare loop: {peaks['bare']['peak_bytes'] / MIB:.2f} MiB at {sizes.pages} pages, "
            f"{peaks_more['bare']['peak_bytes'] / MIB:.2f} MiB at {sizes.pages * sizes.memory_factor}",
        ],
    )
    return [
        Figure(
            f"{n} sequential GETs",
            "Amperity(rate_limit=None)",
            bare_label,
            sequential["ours"],
            sequential["bare"],
            "s",
            "≤ 1.15×",
            1.15,
        ),
        Figure(
            f"{n} GETs, {sizes.concurrency} concurrent",
            "AsyncAmperity(rate_limit=None)",
            "bare httpx.AsyncClient + .json()",
            concurrent["ours"],
            concurrent["bare"],
            "s",
            "≤ 1.15×",
            1.15,
        ),
        Figure(
            f"iterating {items} items over {sizes.pages} pages",
            "for item in client.workflow.list_workflows(limit=100)",
            "bare httpx loop following next_token",
            rates["ours"],
            rates["bare"],
            "items/s",
            "≥ 0.9×",
            0.9,
            higher_is_better=True,
        ),
        memory,
    ]


def _events_figures(sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    """The Real-time API's `send_events` against a bare httpx.AsyncClient loop, at 20 and 100 in
    flight; and its peak memory at `memory_factor`× the events."""
    n, more = sizes.events, sizes.events * sizes.memory_factor
    figures = []
    with BenchServer() as server:
        for concurrency in (20, 100):
            progress(f"send_events: {n} events, {concurrency} in flight")
            rates = interleaved(events.send_rates(server.base_url, n, concurrency), sizes.repetitions)
            figures.append(
                Figure(
                    f"send_events: {n} events, {concurrency} in flight",
                    f"AsyncAmperity(rate_limit=None).events.send_events(..., concurrency={concurrency})",
                    f"bare httpx.AsyncClient: {concurrency} tasks posting from one iterator",
                    rates["ours"],
                    rates["bare"],
                    "items/s",
                    "≥ 0.9×",
                    0.9,
                    higher_is_better=True,
                )
            )
        progress(f"send_events: peak memory at {n} and {more} events")
        peaks = {(side, k): events.peak(side, server.base_url, k, 20) for side in ("ours", "bare") for k in (n, more)}
    figures.append(
        Figure(
            f"send_events: peak memory for {sizes.memory_factor}× the events",
            f"send_events, {more} events",
            f"send_events, {n} events",
            Samples((peaks["ours", more]["peak_bytes"] / MIB,)),
            Samples((peaks["ours", n]["peak_bytes"] / MIB,)),
            "MiB",
            "≤ 1.1× (does not grow)",
            1.1,
            notes=[
                "tracemalloc peak in a fresh process, 20 in flight, one run each",
                f"bare loop: {peaks['bare', n]['peak_bytes'] / MIB:.2f} MiB at {n} events, "
                f"{peaks['bare', more]['peak_bytes'] / MIB:.2f} MiB at {more}",
                "what send_events holds is bounded (concurrency events); the peak also counts httpx's and "
                "httpcore's per-request cyclic garbage, freed only by the collector's full passes",
            ],
        )
    )
    return figures


def table(results: dict[str, Any]) -> Table:
    machine = results["machine"]
    load = machine.get("load_average_1m", {})
    out = Table(
        title=f"make bench — {results['when']}, {machine['cpus']} CPUs, {results['seconds']} s"
        + (f", load average {load['before']:.1f} → {load['after']:.1f}" if load else "")
    )
    for column in ("figure", "ours: median \\[min–max]", "reference: median \\[min–max]", "ratio", "goal", "met"):
        out.add_column(column, justify="right" if column in ("ratio", "met") else "left")
    for figure in results["figures"]:
        unit = figure["unit"]
        ref = figure["reference"]
        out.add_row(
            figure["name"],
            _cell(figure["ours"], unit),
            _cell(ref, unit) if "median" in ref else "—",
            f"{figure['ratio']:.2f}×" if figure["ratio"] is not None else "—",
            figure["goal"],
            {True: "[green]yes[/]", False: "[red]no[/]", None: "—"}[figure["met"]],
        )
    return out


def _cell(side: dict[str, Any], unit: str) -> str:
    def fmt(value: float) -> str:
        if unit == "items/s":
            return f"{value:,.0f}"
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"

    return f"{fmt(side['median'])} {unit} [{fmt(side['min'])}–{fmt(side['max'])}]\n[dim]{side['what']}[/]"


def main(argv: list[str] | None = None) -> None:
    defaults = Sizes()
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="Run every benchmark figure.")
    parser.add_argument("--repetitions", type=int, default=defaults.repetitions)
    parser.add_argument("--gets", type=int, default=defaults.gets)
    parser.add_argument("--concurrency", type=int, default=defaults.concurrency)
    parser.add_argument("--pages", type=int, default=defaults.pages)
    parser.add_argument("--memory-factor", type=int, default=defaults.memory_factor)
    parser.add_argument("--large-copies", type=int, default=defaults.large_copies)
    parser.add_argument("--events", type=int, default=defaults.events)
    parser.add_argument("--no-opc", action="store_true", help="our side only: no openapi-python-client")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    sizes = Sizes(
        repetitions=args.repetitions,
        gets=args.gets,
        concurrency=args.concurrency,
        pages=args.pages,
        memory_factor=args.memory_factor,
        large_copies=args.large_copies,
        events=args.events,
        opc=not args.no_opc,
    )
    console = Console(stderr=True)
    try:
        with console.status("bench") as status:
            # A spinner in a terminal; elsewhere (a CI log, a file) a line per step.
            def progress(message: str) -> None:
                if console.is_terminal:
                    status.update(f"bench: {message}")
                else:
                    console.print(f"bench: {message}", highlight=False, markup=False)

            results = run(sizes, progress=progress)
    except generation.BenchError as exc:
        console.print("[bold red]bench failed:[/] ", end="")
        console.print(str(exc), highlight=False, markup=False)
        sys.exit(1)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    Console(width=200).print(table(results))
    print(f"results: {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()

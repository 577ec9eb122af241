"""`make bench`: every figure next to its reference, measured in one run on this machine.

    .venv/bin/python -m bench.run [--repetitions 5] [--output bench/results.json] [--no-opc] ...
    .venv/bin/python -m bench.run --quick     # the same figures at reduced size, in under 3 minutes

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
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bench import client, events, generation
from bench.measure import Figure, Samples, interleaved, timed
from bench.server import BenchServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
QUICK_RESULTS = ROOT / "bench" / "results-quick.json"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Sizes:
    repetitions: int = 5
    gets: int = 2000
    concurrency: tuple[int, ...] = (20, 100)  # tasks in flight, one figure each
    # Concurrent calls vary more from one repetition to the next than the rest: more of them,
    # so that the min–max ranges tell the sides apart.
    concurrent_repetitions: int = 15
    pages: int = 1000  # × client.PAGE_SIZE items
    # Peak memory at memory_pages × memory_factor pages, against memory_pages (None: `pages`).
    # Under about 1,000 pages the client's peak still grows (to ~3.8 MiB: a bounded cache warming
    # up, pydantic-core's strings probably), so a smaller baseline would show growth that stops.
    memory_pages: int | None = None
    memory_factor: int = 10
    large_copies: int = 200
    # Profiled generations per workload for the shares (CPU shares vary little; the large
    # document's, black in-process, takes minutes).
    share_repetitions: int = 1
    events: int = (
        2000  # sent through send_events per repetition; × memory_factor for memory
    )
    # Fresh processes per size for send_events' peak memory: one run's peak moves by up to 15%
    # with how the in-flight answers happen to overlap (no garbage is left for the collector,
    # measured with gc.DEBUG_SAVEALL), more than the growth the figure looks for.
    memory_runs: int = 3
    opc: bool = True  # False: our side only (no reference, no ratios)
    # The largest real document of the public corpus (GitHub's, 1,200 operations), generated
    # this many times by each side (0: not at all; each run takes minutes).
    public_repetitions: int = 1


# `--quick` (`make bench-quick`): every figure, smaller, for use while working: under 3 minutes
# on 2 quiet cores (160 s measured at 500 events and 5 concurrent repetitions, 195 s once: too
# near). The peak-memory figures under tracemalloc and the loopback event stream (a few hundred
# events a second) took most of the time at the old sizes (2,000 events, 500 concurrent GETs
# × 7): they shrank most. The paging memory keeps its 1,000-page baseline (see `memory_pages`).
QUICK = Sizes(
    repetitions=3,
    gets=300,
    concurrent_repetitions=4,
    pages=100,
    memory_pages=1000,
    memory_factor=2,
    large_copies=5,
    events=300,
    memory_runs=1,
    public_repetitions=0,
)


def run(
    sizes: Sizes, progress: Callable[[str], None] = lambda _: None
) -> dict[str, Any]:
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
        progress("regeneration after a version change")
        figures.append(_version_change_figure(sizes, folder))
        progress(f"large document (×{sizes.large_copies})")
        large = generation.large_document(folder, sizes.large_copies)
        figures.append(_large_figure(sizes, large))
        progress(f"first call on the large API (×{sizes.large_copies})")
        figures.append(_first_call_figure(sizes, large))
        public = None
        if sizes.public_repetitions:
            public = generation.largest_public_document()
            progress(f"the largest public document ({public.path.name})")
            figures.append(_public_figure(sizes, public))
        progress("where a cold generation's time goes")
        shares = _shares(sizes, large, public, folder)
    progress("runtime")
    figures += _runtime_figures(sizes, progress)
    figures += _events_figures(sizes, progress)
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            # Other work on the machine shows here: the figures are only as quiet as it was.
            "load_average_1m": {"before": load_before[0], "after": os.getloadavg()[0]},
        },
        "sizes": {
            **asdict(sizes),
            "concurrency": list(sizes.concurrency),
        },  # JSON has no tuples
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [f.to_dict() for f in figures],
        "shares": shares,
    }


def _fresh(folder: Path, work: Callable[[Path], object]) -> float:
    """Seconds `work(out)` took, writing into a new empty folder under `folder` (removed after):
    every repetition generates from nothing, none finds the last one's output."""
    out = Path(tempfile.mkdtemp(dir=folder))
    seconds = timed(lambda: work(out))
    shutil.rmtree(out)
    return seconds


def _generation_figures(
    sizes: Sizes, documents: list[generation.Document], folder: Path
) -> list[Figure]:
    opc_out = folder / "opc"  # the last opc output, for the import figure
    regen_out = folder / "regenerated"
    generation.ours_sources(
        regen_out, expect="generated"
    )  # what regeneration starts from

    def ours_full() -> float:
        return _fresh(
            folder, lambda out: generation.ours_sources(out, expect="generated")
        )

    def ours_regen() -> float:
        return timed(lambda: generation.ours_sources(regen_out, expect="unchanged"))

    def opc_full() -> float:
        out = Path(tempfile.mkdtemp(dir=folder))
        seconds = timed(lambda: [generation.opc_document(d, out) for d in documents])
        shutil.rmtree(opc_out, ignore_errors=True)
        out.rename(opc_out)
        return seconds

    sides = {
        "ours": ours_full,
        "regen": ours_regen,
        **({"opc": opc_full} if sizes.opc else {}),
    }
    samples = interleaved(sides, sizes.repetitions)
    # The full outputs are not needed once timed; the last opc output is, for the import figure.
    full = Figure(
        "full generation of the 3 documents",
        "amperity-codegen generate --out DIR (one process)",
        f"openapi-python-client {generation.OPC_VERSION} generate, once per document (ruff hooks "
        "on)",
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
            generation.import_seconds(
                path, modules
            )  # compile the bytecode once, outside the timing
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


def _version_change_figure(sizes: Sizes, folder: Path) -> Figure:
    """Goal 1: the stable package from the new document, with the cache the old document's
    generation left, against a cold run (no cache) of the new document."""
    old, new = generation.version_change()

    def with_cache(first: generation.Document) -> float:
        """Seconds of generating `new` with the cache that generating `first` left."""
        cache = Path(tempfile.mkdtemp(dir=folder))
        _fresh(folder, lambda out: generation.ours_document(first, out, cache=cache))
        seconds = _fresh(
            folder, lambda out: generation.ours_document(new, out, cache=cache)
        )
        shutil.rmtree(cache)
        return seconds

    samples = interleaved(
        {
            "changed": lambda: with_cache(old),
            "cold": lambda: _fresh(
                folder, lambda out: generation.ours_document(new, out)
            ),
            "cached": lambda: with_cache(new),
        },
        sizes.repetitions,
    )
    cached = samples["cached"]
    days = " → ".join(generation.VERSION_CHANGE)
    return Figure(
        f"regeneration after a version change ({days})",
        f"generate {new.path.parent.name}/{new.path.name}, cache left by {old.path.parent.name}",
        "the same, cold (--no-cache)",
        samples["changed"],
        samples["cold"],
        "s",
        "≤ 0.3×",
        0.3,
        notes=[
            f"every piece cached (the same document again, a new folder): {cached.median:.3f} s "
            f"[{min(cached.values):.3f}–{max(cached.values):.3f}], "
            f"{cached.median / samples['cold'].median:.2f}× the cold run",
        ],
    )


def _shares(
    sizes: Sizes,
    large: generation.Document,
    public: generation.Document | None,
    folder: Path,
) -> list[dict[str, Any]]:
    """Goal 4: CPU seconds per category (bench/shares.py) of a cold generation of the three
    documents, of the large one and of the largest public one (if measured); medians of
    `share_repetitions` runs."""

    def one(document: generation.Document) -> Callable[[Path], list[str]]:
        return lambda out: [
            str(document.path),
            "--package",
            document.package,
            "--out",
            str(out),
        ]

    workloads: dict[str, Callable[[Path], list[str]]] = {
        "the 3 documents": lambda out: ["--out", str(out)],
        f"the large document (×{sizes.large_copies})": one(large),
    }
    if public is not None:
        workloads[f"the largest public document ({public.path.name})"] = one(public)
    results = []
    for name, args in workloads.items():
        runs = []
        for _ in range(sizes.share_repetitions):
            out = Path(tempfile.mkdtemp(dir=folder))
            runs.append(generation.shares(*args(out)))
            shutil.rmtree(out)
        seconds = {
            category: statistics.median(run[category] for run in runs)
            for category in runs[0]
        }
        total = sum(seconds.values())
        share = {category: value / total for category, value in seconds.items()}
        results.append(
            {
                "name": name,
                "seconds": seconds,
                "share": share,
                "goal": "own code ≤ 10%",
                "met": share["own code"] <= 0.10,
            }
        )
    return results


def _large_figure(sizes: Sizes, document: generation.Document) -> Figure:
    return _document_figure(
        f"generation of a large document (×{sizes.large_copies})",
        document,
        sizes.repetitions,
        sizes.opc,
    )


def _public_figure(sizes: Sizes, document: generation.Document) -> Figure:
    return _document_figure(
        f"generation of the largest public document ({document.path.name})",
        document,
        sizes.public_repetitions,
        sizes.opc,
    )


def _document_figure(
    name: str, document: generation.Document, repetitions: int, opc: bool
) -> Figure:
    """Cold generation of one document by each side, into empty folders."""
    with generation.scratch("document") as folder:
        sides = {
            "ours": lambda: _fresh(
                folder, lambda out: generation.ours_document(document, out)
            )
        }
        if opc:
            sides["opc"] = lambda: _fresh(
                folder, lambda out: generation.opc_document(document, out)
            )
        samples = interleaved(sides, repetitions)
    return Figure(
        name,
        "amperity-codegen generate DOC --package NAME --out DIR",
        f"openapi-python-client {generation.OPC_VERSION} generate",
        samples["ours"],
        samples.get("opc"),
        "s",
        "≤ 1× and succeeds",
        1.0,
    )


def _first_call_figure(sizes: Sizes, document: generation.Document) -> Figure:
    """The first call of one operation (of the last copy) on the large API, in a fresh process
    after `import` and a client: models come in as its operation needs them. The reference is
    the same call once every model is in, as when they were one module."""
    copy = sizes.large_copies - 1
    steps: dict[str, list[dict[str, float]]] = {"ours": [], "every": []}

    def call(side: str, project: Path, base_url: str) -> float:
        every = side == "every"
        seconds = generation.first_call(document, project, copy, base_url, every=every)
        steps[side].append(seconds)
        return seconds["call"] + seconds.get("models", 0.0)

    with generation.scratch("first-call") as folder, BenchServer() as server:
        generation.ours_document(document, folder)
        project = folder / document.package
        # Bytecode compiled once, outside the timing, as an installed package has it.
        generation.first_call(document, project, copy, server.base_url, every=True)
        samples = interleaved(
            {side: partial(call, side, project, server.base_url) for side in steps},
            sizes.repetitions,
        )

    def median(side: str, step: str) -> float:
        return statistics.median(s[step] for s in steps[side])

    return Figure(
        f"first call on a large API (×{sizes.large_copies})",
        "import, a client, then the first get_workflow: the call (fresh process)",
        "the same, every model imported first (models as one module did)",
        samples["ours"],
        samples["every"],
        "s",
        "< 1 s",
        None,
        limit=1.0,
        notes=[
            f"before the call: import {median('ours', 'import'):.3f} s, "
            f"client {median('ours', 'client'):.3f} s",
        ],
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
        concurrent = {}
        for tasks in sizes.concurrency:
            progress(f"{n} GETs, {tasks} concurrent")
            concurrent[tasks] = interleaved(
                client.concurrent_gets(url, n, tasks), sizes.concurrent_repetitions
            )
    base = sizes.memory_pages or sizes.pages
    with BenchServer(pages=base) as server:
        progress(f"peak memory at {base} pages")
        peaks = {
            side: client.paging_peak(side, server.base_url) for side in ("ours", "bare")
        }
    with BenchServer(pages=base * sizes.memory_factor) as server:
        progress(f"peak memory at {sizes.memory_factor}× the pages")
        peaks_more = {
            side: client.paging_peak(side, server.base_url) for side in ("ours", "bare")
        }
    bare_label = "bare httpx.Client + .json()"
    memory = Figure(
        f"peak memory iterating {sizes.memory_factor}× the pages",
        f"generated client, {base * sizes.memory_factor} pages",
        f"generated client, {base} pages",
        Samples((peaks_more["ours"]["peak_bytes"] / MIB,)),
        Samples((peaks["ours"]["peak_bytes"] / MIB,)),
        "MiB",
        "≤ 1.1× (does not grow)",
        1.1,
        notes=[
            "tracemalloc peak in a fresh process, one run each (memory does not vary like time)",
            f"bare loop: {peaks['bare']['peak_bytes'] / MIB:.2f} MiB at {base} pages, "
            f"{peaks_more['bare']['peak_bytes'] / MIB:.2f} MiB at {base * sizes.memory_factor}",
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
        *(
            Figure(
                f"{n} GETs, {tasks} concurrent",
                "AsyncAmperity(rate_limit=None)",
                "bare httpx.AsyncClient + .json()",
                samples["ours"],
                samples["bare"],
                "s",
                "≤ 1.15×",
                1.15,
                notes=[_paired(samples["ours"], samples["bare"])],
            )
            for tasks, samples in concurrent.items()
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


def _paired(ours: Samples, reference: Samples) -> str:
    """The ratio within each repetition (both sides run back to back, so the machine's drift
    between repetitions cancels): where its range lies against the goal."""
    ratios = [a / b for a, b in zip(ours.values, reference.values, strict=False)]
    low, mid, high = min(ratios), statistics.median(ratios), max(ratios)
    return f"paired ratios: median {mid:.2f}× [{low:.2f}–{high:.2f}]"


def _events_figures(sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    """The Real-time API's `send_events` against a bare httpx.AsyncClient loop, at 20 and 100 in
    flight; and its peak memory at `memory_factor`× the events."""
    n, more = sizes.events, sizes.events * sizes.memory_factor
    figures = []
    with BenchServer() as server:
        for concurrency in (20, 100):
            progress(f"send_events: {n} events, {concurrency} in flight")
            rates = interleaved(
                events.send_rates(server.base_url, n, concurrency), sizes.repetitions
            )
            figures.append(
                Figure(
                    f"send_events: {n} events, {concurrency} in flight",
                    "AsyncAmperity(rate_limit=None).events.send_events(..., "
                    f"concurrency={concurrency})",
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
        peaks = {
            (side, k): [
                events.peak(side, server.base_url, k, 20, warm=n)["peak_bytes"] / MIB
                for _ in range(sizes.memory_runs if side == "ours" else 1)
            ]
            for side in ("ours", "bare")
            for k in (n, more)
        }
    figures.append(
        Figure(
            f"send_events: peak memory for {sizes.memory_factor}× the events",
            f"send_events, {more} events",
            f"send_events, {n} events",
            Samples(tuple(peaks["ours", more])),
            Samples(tuple(peaks["ours", n])),
            "MiB",
            "≤ 1.1× (does not grow)",
            1.1,
            notes=[
                f"tracemalloc peak, 20 in flight, {sizes.memory_runs} fresh processes per "
                f"size, after {n} events untraced (the interpreter's free lists filled)",
                f"bare loop: {peaks['bare', n][0]:.2f} MiB at {n} events, "
                f"{peaks['bare', more][0]:.2f} MiB at {more}",
                "what send_events holds is bounded (concurrency events, keep_failures "
                "failures); each answer is freed as soon as it is counted (the bare loop's wait "
                "in httpx's response<->stream cycles for the collector's full passes)",
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
    for column in (
        "figure",
        "ours: median \\[min–max]",
        "reference: median \\[min–max]",
        "ratio",
        "goal",
        "met",
    ):
        out.add_column(
            column, justify="right" if column in ("ratio", "met") else "left"
        )
    for figure in results["figures"]:
        unit = figure["unit"]
        ref = figure["reference"]
        notes = "".join(f"\n[dim]{escape(note)}[/]" for note in figure.get("notes", []))
        out.add_row(
            figure["name"] + notes,
            _cell(figure["ours"], unit),
            _cell(ref, unit) if "median" in ref else "—",
            f"{figure['ratio']:.2f}×" if figure["ratio"] is not None else "—",
            figure["goal"],
            {True: "[green]yes[/]", False: "[red]no[/]", None: "—"}[figure["met"]],
        )
    return out


def shares_table(results: dict[str, Any]) -> Table:
    out = Table(title="where a cold generation's CPU time goes (bench/shares.py)")
    entries = results["shares"]
    out.add_column("category")
    for entry in entries:
        out.add_column(entry["name"], justify="right")
    for category in entries[0]["seconds"]:
        out.add_row(
            category,
            *(
                f"{entry['share'][category]:.0%} ({entry['seconds'][category]:.2f} s)"
                for entry in entries
            ),
        )
    out.add_row(
        "goal: own code ≤ 10%",
        *(
            {True: "[green]met[/]", False: "[red]not met[/]"}[entry["met"]]
            for entry in entries
        ),
    )
    return out


def _cell(side: dict[str, Any], unit: str) -> str:
    def fmt(value: float) -> str:
        if unit == "items/s":
            return f"{value:,.0f}"
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"

    spread = f"[{fmt(side['min'])}–{fmt(side['max'])}]"
    return f"{fmt(side['median'])} {unit} {spread}\n[dim]{side['what']}[/]"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description="Run every benchmark figure."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every figure at reduced size (make bench-quick)",
    )
    parser.add_argument("--repetitions", type=int)
    parser.add_argument("--gets", type=int)
    parser.add_argument(
        "--concurrency", type=int, nargs="+", help="tasks in flight, one figure each"
    )
    parser.add_argument("--concurrent-repetitions", type=int)
    parser.add_argument("--pages", type=int)
    parser.add_argument("--memory-pages", type=int)
    parser.add_argument("--memory-factor", type=int)
    parser.add_argument("--large-copies", type=int)
    parser.add_argument("--share-repetitions", type=int)
    parser.add_argument("--events", type=int)
    parser.add_argument("--memory-runs", type=int)
    parser.add_argument(
        "--public-repetitions",
        type=int,
        help="runs of the largest public document per side (0: none; needs npm)",
    )
    parser.add_argument(
        "--no-opc", action="store_true", help="our side only: no openapi-python-client"
    )
    parser.add_argument(
        "--output", type=Path, help=f"default: {RESULTS} ({QUICK_RESULTS} with --quick)"
    )
    args = parser.parse_args(argv)
    base = QUICK if args.quick else Sizes()
    given: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name in (
            "repetitions",
            "gets",
            "concurrency",
            "concurrent_repetitions",
            "pages",
        )
        + (
            "memory_pages",
            "memory_factor",
            "large_copies",
            "share_repetitions",
            "events",
            "memory_runs",
            "public_repetitions",
        )
        if (value := getattr(args, name)) is not None
    }
    sizes = replace(base, **given, opc=not args.no_opc)
    output = args.output or (QUICK_RESULTS if args.quick else RESULTS)
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
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    Console(width=200).print(table(results))
    if results.get("shares"):
        Console(width=200).print(shares_table(results))
    print(f"results: {os.path.relpath(output)}")


if __name__ == "__main__":
    main()

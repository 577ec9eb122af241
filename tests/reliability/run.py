"""`make reliability`: every reliability figure, at full size, as one table.

    python -m tests.reliability.run            # full: every hostile document (a 50 MB one too),
                                               # 2,000 fuzz cases, 10,000 items, 50 + 50 callers
    python -m tests.reliability.run --quick    # the sizes `make test` uses

Exit status 1 when any figure shows something lost, duplicated, executed, untyped or leaked.
The fuzz cases run in two worker processes while the client is put under faults.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from tests.reliability import faults, fuzz, hostile, security
from tests.reliability.harness import Outcome, run_corpus


@dataclass(frozen=True)
class Sizes:
    corpus_fast_only: bool
    fuzz_cases: int
    items: int
    page_size: int
    posts: int
    threads: int
    tasks: int
    calls_each: int
    rate: float


FULL = Sizes(False, 2000, 10_000, 100, 300, 50, 50, 2, 10.0)
QUICK = Sizes(True, 40, 1_000, 50, 60, 50, 50, 1, 50.0)
FAULT_RATE = 0.2  # of the requests of a list, and of the calls of many callers
POST_FAULT_RATE = 0.4
SEED = 20260401


@dataclass
class Row:
    area: str
    figure: str
    ok: bool

    def cells(self) -> str:
        return f"| {self.area} | {self.figure} | {'PASS' if self.ok else 'FAIL'} |"


def corpus_rows(outcomes: list[Outcome]) -> list[Row]:
    by_group: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_group[o.case.group].append(o)
    rows = []
    for group, group_outcomes in by_group.items():
        generated = sum(o.generated for o in group_outcomes)
        refused = sum(o.exit_code == 1 for o in group_outcomes)
        bad = [o for o in group_outcomes if not o.ok]
        figure = (
            f"{len(group_outcomes)} documents: {generated} generated, "
            f"{refused} refused with a located message"
        )
        if bad:
            figure += "; " + "; ".join(f"{o.case.name}: {o.problems[0]}" for o in bad)
        rows.append(Row(f"generator: {group}", figure, not bad))
    tracebacks = sum(any("traceback" in p for p in o.problems) for o in outcomes)
    network = sum(any("network" in p for p in o.problems) for o in outcomes)
    ran = sum(
        any("code from the document ran" in p for p in o.problems) for o in outcomes
    )
    changed = sum(
        any("previous output changed" in p for p in o.problems) for o in outcomes
    )
    mypy = sum(any("mypy" in p for p in o.problems) for o in outcomes)
    generated = sum(o.generated for o in outcomes)
    slowest = max(outcomes, key=lambda o: o.seconds)
    rows.append(
        Row(
            "generator: all documents",
            f"{len(outcomes)} documents through the CLI; {generated} packages parse, import and "
            "pass "
            f"`mypy --strict` ({mypy} fail); {tracebacks} tracebacks, {network} network attempts, "
            f"{ran} runs of document code, {changed} changed outputs; slowest {slowest.case.name} "
            f"{slowest.seconds:.0f} s",
            not (tracebacks or network or ran or changed or mypy),
        )
    )
    return rows


def fuzz_row(tallies: list[fuzz.Tally]) -> Row:
    cases = sum(t.cases for t in tallies)
    crashes = [c for t in tallies for c in t.crashes]
    per_doc: dict[str, int] = defaultdict(int)
    for t in tallies:
        for name, n in t.by_document.items():
            per_doc[name] += n
    figure = (
        f"{cases} mutated documents "
        f"({', '.join(f'{n} {name}' for name, n in sorted(per_doc.items()))}): "
        f"{sum(t.generated for t in tallies)} generated, {sum(t.refused for t in tallies)} "
        "refused; "
        f"{len(crashes)} crashes"
    )
    if crashes:
        figure += ": " + crashes[0].replace("\n", " ")[:400]
    return Row("fuzzing (hypothesis)", figure, not crashes)


def fuzz_part(examples: int, seed_value: int) -> fuzz.Tally:
    return fuzz.run(examples, seed_value=seed_value)


def client_rows(sizes: Sizes) -> list[Row]:
    rows = []
    for kind in ("sync", "async"):
        p = faults.pagination(kind, sizes.items, sizes.page_size, FAULT_RATE, SEED)
        rows.append(
            Row(
                f"client: pagination ({kind})",
                f"{p.items:,} items, {p.requests} requests of which {p.faulted} faulted "
                f"({p.faulted / max(p.requests, 1):.0%}): {p.received:,} received, "
                f"{'every item exactly once, in order' if p.exact else 'NOT exactly once in order'}"
                + (f"; {p.error[:200]}" if p.error else ""),
                p.exact and not p.error,
            )
        )
    for kind in ("sync", "async"):
        f = faults.posts(kind, sizes.posts, POST_FAULT_RATE, SEED + 1)
        rows.append(
            Row(
                f"client: non-idempotent POSTs ({kind})",
                f"{f.calls} calls, {f.sent} requests sent, {f.faulted} faulted: {f.returned} "
                "returned, "
                f"{f.typed_errors} typed errors; sent twice after a 429 (provable rejection): "
                f"{f.resent_after_rejection}, sent twice otherwise: {f.resent_unproven}, "
                f"returned without the server's answer: {f.answered_without_server}"
                + (f"; untyped: {f.other_errors[:2]}" if f.other_errors else ""),
                f.ok,
            )
        )
    c = faults.concurrency(
        sizes.threads, sizes.tasks, sizes.calls_each, sizes.rate, FAULT_RATE, SEED + 2
    )
    rows.append(
        Row(
            "client: one client, many callers",
            f"{c.threads} threads + {c.tasks} asyncio tasks, {c.calls} calls under "
            f"{FAULT_RATE:.0%} faults: "
            f"{c.returned} returned, {c.typed_errors} typed errors, {len(c.other_errors)} other, "
            f"{c.unfinished} unfinished (deadlock); rate limit {c.rate:g}/s: at most "
            f"{c.max_in_a_second} "
            f"requests in any 1 s window, {c.slowest_pace:.1f}/s overall; {c.seconds:.0f} s",
            c.ok,
        )
    )
    for kind in ("sync", "async"):
        t = faults.failures(kind)
        rows.append(
            Row(
                f"client: every failure typed ({kind})",
                f"{len(faults.failure_faults())} faults × GET/POST = {t.cases} calls: {t.typed} "
                "typed "
                f"(or rightly returned); request id on {t.with_request_id} of the {t.ids_sent} "
                "where the server sent one"
                + (f"; {t.problems[:2]}" if t.problems else ""),
                t.typed == t.cases
                and t.with_request_id == t.ids_sent
                and not t.problems,
            )
        )
    return rows


def security_rows(folder: Path) -> list[Row]:
    return [
        Row(
            f"security: {check.name}",
            f"{check.tried} checked"
            + (f"; {check.failures[:2]}" if check.failures else ""),
            check.ok,
        )
        for check in security.all_checks(folder)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="the sizes `make test` uses"
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    started = time.monotonic()

    def progress(message: str) -> None:
        print(
            f"[{time.monotonic() - started:4.0f} s] {message}",
            file=sys.stderr,
            flush=True,
        )

    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    cases = [c for c in hostile.cases() if c.fast or not sizes.corpus_fast_only]
    # Both CPU-bound, side by side; the client's timing is measured afterwards, on a quiet machine.
    progress(
        f"{len(cases)} hostile documents through the CLI, and {sizes.fuzz_cases} fuzz cases (2 "
        "processes)"
    )
    half = sizes.fuzz_cases // 2
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        parts = [
            pool.submit(fuzz_part, n, SEED + i)
            for i, n in enumerate((half, sizes.fuzz_cases - half))
        ]
        rows = corpus_rows(run_corpus(cases, work / "corpus"))
        progress("hostile documents done")
        rows.append(fuzz_row([p.result() for p in parts]))
    progress("fuzzing done; the client under faults")
    rows += client_rows(sizes)
    progress("client done; security")
    rows += security_rows(work / "security")
    elapsed = time.monotonic() - started
    print(
        f"\nReliability figures ({'quick' if args.quick else 'full'} run, {elapsed:.0f} s)\n"
    )
    print("| area | figure | result |")
    print("| --- | --- | --- |")
    for row in rows:
        print(row.cells())
    failed = [r for r in rows if not r.ok]
    print(
        f"\n{len(rows) - len(failed)} of {len(rows)} rows pass"
        + (f"; FAILED: {[r.area for r in failed]}" if failed else "")
    )
    if failed:
        print(f"(the documents and outputs are kept in {work})")
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

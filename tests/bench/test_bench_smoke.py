"""The bench machinery at a tiny size: it runs and its results are well formed. No timing is
asserted: the figures are `make bench`'s to report, not a test's to judge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from amperity_codegen.build.pipeline import locked_document
from amperity_codegen.document.prepare import prepare
from amperity_codegen.document.validate import validate
from amperity_codegen.ir.parse import AMPERITY_CLIENT_PARAMETERS, build_ir
from amperity_codegen.workspace.sources import load_sources
from bench import run
from bench.large_document import replicate
from bench.measure import Samples, interleaved
from bench.server import BenchServer
from tests.support.project import WORKSPACE

# The bench harness end to end at a tiny size: about a minute (make test runs it).
pytestmark = pytest.mark.slow

TINY = run.Sizes(
    repetitions=1,
    gets=20,
    concurrency=(4,),
    concurrent_repetitions=1,
    pages=3,
    memory_factor=2,
    large_copies=2,
    share_repetitions=1,
    events=40,
    memory_runs=1,
    opc=False,
    public_repetitions=0,  # minutes, and npm: `make bench` measures it
)


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return run.run(TINY)


def test_every_figure_is_measured_and_well_formed(results: dict[str, Any]) -> None:
    assert json.loads(json.dumps(results)) == results  # what results.json holds
    figures = {f["name"]: f for f in results["figures"]}
    assert list(figures) == [
        "full generation of the 3 documents",
        "regeneration with nothing changed",
        "regeneration after a version change (2026-04-03 → 2026-04-24)",
        "generation of a large document (×2)",
        "first call on a large API (×2)",
        "20 sequential GETs",
        "20 GETs, 4 concurrent",
        "iterating 300 items over 3 pages",
        "peak memory iterating 2× the pages",
        "send_events: 40 events, 20 in flight",
        "send_events: 40 events, 100 in flight",
        "send_events: peak memory for 2× the events",
    ]
    for figure in figures.values():
        ours = figure["ours"]
        assert (
            len(ours["samples"]) == 1 and ours["min"] <= ours["median"] <= ours["max"]
        )
        assert ours["median"] > 0 and figure["goal"] and ours["what"]
    # Without openapi-python-client its rows have no reference; the others have one, and a ratio.
    for name in (
        "full generation of the 3 documents",
        "generation of a large document (×2)",
    ):
        assert figures[name]["ratio"] is None and figures[name]["met"] is None
    for name in (
        "regeneration with nothing changed",
        "first call on a large API (×2)",
        "20 sequential GETs",
        "iterating 300 items over 3 pages",
    ):
        figure = figures[name]
        assert figure["ratio"] == pytest.approx(
            figure["ours"]["median"] / figure["reference"]["median"]
        )
        assert figure["met"] in (True, False)
    # An absolute goal: met by ours alone, whatever the ratio.
    first = figures["first call on a large API (×2)"]
    assert (first["goal"], first["met"]) == ("< 1 s", first["ours"]["median"] < 1)


def test_the_table_shows_every_figure(results: dict[str, Any]) -> None:
    table = run.table(results)
    assert table.row_count == len(results["figures"])


def test_the_shares_of_a_cold_generation_add_up(results: dict[str, Any]) -> None:
    for entry in results["shares"]:
        assert sum(entry["share"].values()) == pytest.approx(1.0)
        assert entry["seconds"]["black"] > 0 and entry["met"] in (True, False)
    assert run.shares_table(results).row_count > 0


def test_main_writes_the_results_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    canned = {"when": "now", "machine": {"cpus": 2}, "seconds": 1.0, "figures": []}

    def canned_run(sizes: run.Sizes, progress: Any) -> dict[str, Any]:
        progress("large document (×200)")
        return {**canned, "sizes": {"repetitions": sizes.repetitions}}

    monkeypatch.setattr(run, "run", canned_run)
    output = tmp_path / "results.json"
    run.main(["--repetitions", "7", "--no-opc", "--output", str(output)])
    assert json.loads(output.read_text()) == {**canned, "sizes": {"repetitions": 7}}
    # Not a terminal here: each step is a line of its own, as a CI log shows it.
    assert "bench: large document (×200)\n" in capsys.readouterr().err


def test_repetitions_alternate_which_side_goes_first() -> None:
    order: list[str] = []

    def side(name: str, value: float) -> Any:
        return lambda: order.append(name) or value

    samples = interleaved({"a": side("a", 1.0), "b": side("b", 3.0)}, 4)
    assert order == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert samples == {"a": Samples((1.0,) * 4), "b": Samples((3.0,) * 4)}


def test_the_large_document_is_valid_and_holds_every_copy() -> None:
    source = load_sources(WORKSPACE.sources)[0]
    doc = prepare(locked_document(source, WORKSPACE), source.overlays)
    big = replicate(doc, 3)
    validate(big, "large")
    one, three = (
        build_ir(
            d,
            package="large",
            rate_limit=None,
            client_parameters=AMPERITY_CLIENT_PARAMETERS,
        )
        for d in (doc, big)
    )
    assert len(three.operations) == 3 * len(one.operations)
    assert len(three.resources) == 3 * len(one.resources)
    assert len(three.schemas) == 3 * len(one.schemas)
    # A copy refers to its own schemas, never to the original's.
    copy = json.dumps(big["paths"]["/r2/workflow/runs"])
    assert (
        "#/components/schemas/WorkflowListR2" in copy and '/WorkflowList"' not in copy
    )


def test_the_server_pages_through_the_list_and_refuses_unknown_tokens() -> None:
    with BenchServer(pages=3) as server, httpx.Client() as http:
        url = f"{server.base_url}/workflow/runs"
        pages = [http.get(url, params={"limit": 2}).json()]
        while "next_token" in pages[-1]:
            pages.append(
                http.get(
                    url, params={"limit": 2, "next_token": pages[-1]["next_token"]}
                ).json()
            )
        assert [[item["id"] for item in page["data"]] for page in pages] == [
            ["wf-0-0", "wf-0-1"],
            ["wf-1-0", "wf-1-1"],
            ["wf-2-0", "wf-2-1"],
        ]
        assert http.get(url, params={"next_token": "p-3"}).status_code == 400
        one = http.get(f"{server.base_url}/workflow/runs/wf-1")
        assert one.status_code == 200 and one.json()["state"] == "succeeded"
        # The copies of the large document have their paths under /r<n>.
        copy = http.get(f"{server.base_url}/r12/workflow/runs/wf-1")
        assert copy.status_code == 200 and copy.content == one.content

"""Contract: Prism serves each document (as repaired by its overlays) on 127.0.0.1 and validates
every request; every operation of every package is called through the generated client with
every parameter, and Prism must report no violation (no `sl-violations` header, no 4xx).

Run for the three configured sources and for every historical version Amperity published.
"""

from __future__ import annotations

import datetime
import importlib
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from amperity_codegen.build.pipeline import Job, job_for_document, job_for_source
from amperity_codegen.document.prepare import prepare
from amperity_codegen.ir import model as ir
from amperity_codegen.workspace.sources import load_sources
from tests.support.arguments import call_arguments
from tests.support.documents import HISTORY
from tests.support.project import ROOT, WORKSPACE

PRISM = ROOT / "node_modules" / ".bin" / "prism"
SOURCES = load_sources(WORKSPACE.sources)
HISTORICAL = sorted(HISTORY.glob("*/*.json"))
CASES = [s.package for s in SOURCES] + [f"{d.parent.name}/{d.name}" for d in HISTORICAL]


def _job(case: str, out: Path) -> Job:
    for source in SOURCES:
        if source.package == case:
            return job_for_source(source, WORKSPACE, out)
    name = "c_" + case.replace("-", "_").replace("/", "_").removesuffix(".json")
    return job_for_document(str(HISTORY / case), name, out, [], SOURCES)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(params=CASES)
def served(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[ir.Api, str]]:
    job = _job(request.param, tmp_path / "out")
    api = job.run().api
    doc = tmp_path / "openapi.json"
    doc.write_text(json.dumps(prepare(job.source, list(job.overlays))))
    port = _free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(doc)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    sys.path.insert(0, str(tmp_path / "out" / job.package))
    try:
        for _ in range(300):  # up to 30 s for Prism to start
            try:
                httpx.get(base_url, timeout=0.5)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(
                        f"prism exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                    )
                time.sleep(0.1)
        else:
            pytest.fail("prism did not start within 30 s")
        yield api, base_url
    finally:
        sys.path.remove(str(tmp_path / "out" / job.package))
        proc.terminate()
        proc.wait(timeout=10)


def test_every_operation_passes_prism_validation(served: tuple[ir.Api, str]) -> None:
    api, base_url = served
    package = importlib.import_module(api.package)
    client = package.Amperity(
        tenant="acme", token="t0k3n", base_url=base_url, max_retries=0
    )
    called = []
    for resource in api.resources:
        for op in resource.operations:
            args, kwargs = call_arguments(op, api)
            method = getattr(getattr(client, resource.py_name), op.py_name)
            try:
                result = method(*args, **kwargs)
            except package.errors.APIStatusError as exc:
                pytest.fail(
                    f"{op.key}: {exc.status_code} {exc.response.headers.get('sl-violations')}"
                )
            info = package.raw_response(result)
            assert "sl-violations" not in info.headers, (
                op.key,
                info.headers["sl-violations"],
            )
            assert info.status_code < 300
            called.append(op.key)
    assert len(called) == len(api.operations) > 0


@pytest.mark.parametrize(
    "served", ["amperity_api", "amperity_api_unstable"], indirect=True
)
def test_times_in_bodies_pass_prism_validation(served: tuple[ir.Api, str]) -> None:
    """A naive or non-UTC datetime in a body is sent in UTC with `Z` (it once went out naive:
    400)."""
    api, base_url = served
    package = importlib.import_module(api.package)
    client = package.Amperity(
        tenant="acme", token="t0k3n", base_url=base_url, max_retries=0
    )
    minus_7 = datetime.timezone(datetime.timedelta(hours=-7))
    for value in (
        datetime.datetime(2026, 10, 1),
        datetime.datetime(2026, 10, 1, 5, tzinfo=minus_7),
    ):
        result = client.workflow.run_workflow(
            config_id="cg-1", range_from=value, range_to=value
        )
        assert package.raw_response(result).status_code < 300

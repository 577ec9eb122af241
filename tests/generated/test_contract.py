"""Contract: Prism serves each document (as repaired by its overlays) on 127.0.0.1 and validates
every request; every operation of every package is called through the generated client with
every parameter, and Prism must report no violation (no `sl-violations` header)."""

from __future__ import annotations

import importlib
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.pipeline import ROOT, job_for_source, load_ir
from generator.document import prepare
from generator.sources import load_sources
from tests.support.arguments import call_arguments

PRISM = ROOT / "node_modules" / ".bin" / "prism"
SOURCES = load_sources()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module", params=SOURCES, ids=[s.package for s in SOURCES])
def prism(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    source = request.param
    job = job_for_source(source)
    doc = prepare(job.source, list(job.overlays))
    path: Path = tmp_path_factory.mktemp("prism") / "openapi.json"
    path.write_text(json.dumps(doc))
    port = _free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", "-h", "127.0.0.1", "-p", str(port), str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s for Prism to start
            try:
                httpx.get(base_url, timeout=0.5)
                break
            except httpx.TransportError:
                if proc.poll() is not None:
                    pytest.fail(f"prism exited: {proc.stderr.read().decode() if proc.stderr else ''}")
                time.sleep(0.1)
        else:
            pytest.fail("prism did not start within 30 s")
        api = load_ir(job.source, package=source.package, overlays=job.overlays,
                      rate_limit=source.rate_limit, client_parameters=source.client_parameters)
        yield api, base_url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_operation_passes_prism_validation(prism: tuple[Any, str]) -> None:
    api, base_url = prism
    package = importlib.import_module(api.package)
    client = package.Amperity(tenant="acme", token="t0k3n", base_url=base_url, max_retries=0)
    called = []
    for resource in api.resources:
        for op in resource.operations:
            args, kwargs = call_arguments(op, api)
            method = getattr(getattr(client, resource.py_name), op.py_name)
            try:
                result = method(*args, **kwargs)
            except package.errors.APIStatusError as exc:
                pytest.fail(f"{op.key}: {exc.status_code} {exc.response.headers.get('sl-violations')}")
            info = package.raw_response(result)
            assert "sl-violations" not in info.headers, (op.key, info.headers["sl-violations"])
            assert info.status_code < 300
            called.append(op.key)
    assert len(called) == len(api.operations) > 0

"""A large document (tests/support/large_document.py: ~1,000 operations, ~1,800 schemas, 5 MB,
every corpus case inside) generates, imports cheaply, type-checks, and its client calls through.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.general.conftest import generate
from tests.support import large_document


@pytest.mark.slow
def test_large_document_generates_imports_lazily_and_type_checks(
    tmp_path: Path,
) -> None:
    doc = large_document.write(tmp_path / "large.json")
    data = json.loads(doc.read_text())
    operations = sum(
        1
        for item in data["paths"].values()
        for key in item
        if key in ("get", "put", "post", "delete")
    )
    assert (
        operations >= 1000
        and len(data["components"]["schemas"]) >= 1500
        and doc.stat().st_size >= 5_000_000
    )

    generate(doc, "large_api", tmp_path / "out")

    # Importing the package loads neither the models nor any resource; using one resource loads
    # that one, and its first call the models of its answer only.
    script = f"""
import sys, time
sys.path[:0] = [{str(tmp_path / "out" / "large_api")!r}, {str(Path.cwd())!r}]
from tests.support.tenant_server import Reply, TenantServer
started = time.perf_counter()
import large_api
print(sorted(m for m in sys.modules if m.startswith("large_api.") and "_runtime" not in m))
with TenantServer() as server:
    workflow = {{"id": "wf-1", "state": "running", "type": "t", "name": "n", "tenant": "acme",
    "created_at": "2026-04-01T00:00:00Z"}}
    server.route("GET", "/amperity_api-0/workflow/runs/{{workflow-id}}", Reply.json(workflow))
    client = large_api.Amperity(tenant=server.tenant, token=server.token, base_url=server.base_url)
    resource = client.workflow_amperity_api_0
    print(sorted(m for m in sys.modules if m.startswith("large_api.resources.")))
    print(resource.get_workflow_amperity_api_0("wf-1").id)
print(sorted(m for m in sys.modules if m.startswith("large_api.models.")))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    imported, resources, answer, models = result.stdout.splitlines()
    assert imported == str(["large_api._client", "large_api.errors"])
    assert resources == str(["large_api.resources.workflow_amperity_api_0"])
    assert answer == "wf-1"
    # The workflow's model and those it refers to, of the one copy the call is in.
    loaded = ast.literal_eval(models)
    assert "large_api.models._workflow_amperity_api0" in loaded
    assert all(m.endswith("_amperity_api0") for m in loaded), loaded

    # And the whole package type-checks, as every corpus package does.
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "-p",
            "large_api",
        ],
        cwd=tmp_path / "out" / "large_api",
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]

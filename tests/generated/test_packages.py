"""The committed packages: what the generator makes of the locked documents, formatted,
type-checked, and the same every time."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from amperity_codegen.build.pipeline import job_for_source
from amperity_codegen.workspace.sources import load_sources
from tests.support.lint import ruff_findings
from tests.support.project import GENERATED, WORKSPACE
from tests.support.typecheck import mypy_findings

SOURCES = load_sources(WORKSPACE.sources)
PACKAGES = [s.package for s in SOURCES]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("regenerated")
    for source in SOURCES:
        job_for_source(source, WORKSPACE, out).run()
    return out


@pytest.mark.parametrize("package", PACKAGES)
def test_generated_is_what_the_locked_documents_produce(package: str) -> None:
    # The answer publish and watch use too (build.freshness), not a comparison of its own.
    source = next(s for s in SOURCES if s.package == package)
    stale = job_for_source(source, WORKSPACE).stale_files()
    assert not stale, f"generated/{package} is stale (run `make generate`): {stale}"


def test_generation_is_byte_identical(regenerated: Path, tmp_path: Path) -> None:
    source = SOURCES[0]
    job_for_source(source, WORKSPACE, tmp_path).run()
    assert _tree(tmp_path / source.package) == _tree(regenerated / source.package)


@pytest.mark.parametrize("package", PACKAGES)
def test_mypy_strict(package: str) -> None:
    assert mypy_findings([GENERATED / package], [package]) == ""


def test_black_check() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "--quiet",
            *(str(GENERATED / p) for p in PACKAGES),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("package", PACKAGES)
def test_package_is_self_contained(package: str) -> None:
    """Only relative imports of itself, the standard library, httpx and pydantic."""
    allowed = {"httpx", "pydantic", "pydantic_core", "typing_extensions"}
    for path in (GENERATED / package / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in sys.stdlib_module_names, (path, name)


@pytest.mark.parametrize("package", PACKAGES)
def test_import_and_a_client_do_without_pydantic_and_asyncio(package: str) -> None:
    """`import <package>` and making a client stay cheap (`make bench` compares the import):
    pydantic comes with the models or the first request, asyncio with the first async call.
    """
    script = f"""
import json, sys
sys.path.insert(0, {str(GENERATED / package)!r})
import {package}
seen = lambda: [name in sys.modules for name in ("pydantic", "asyncio")]
steps = [seen()]
{package}.Amperity(tenant="acme", token="t", base_url="http://127.0.0.1:9/api").close()
steps.append(seen())
models = {package}.models
getattr(models, models.__all__[0])
steps.append(seen())
print(json.dumps(steps))
"""
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == [[False, False], [False, False], [True, False]]


def test_a_call_imports_only_the_models_its_operation_needs() -> None:
    """The first call of an operation loads the model of its answer and the models that one
    refers to (the IR says which), each with its module: not every model of the API, which on a
    large API took most of a first call."""
    package = "amperity_api"
    api = job_for_source(SOURCES[0], WORKSPACE).load_ir()
    models = {m.name: m for m in api.models}
    operation = next(op for op in api.operations if op.py_name == "get_workflow")
    assert operation.success is not None and operation.success.model is not None
    needed: set[str] = set()
    todo = [operation.success.model]
    while todo:
        name = todo.pop()
        if name not in needed:
            needed.add(name)
            types = [f.type for f in models[name].fields]
            todo += [c for t in types for c in t.models()]
    script = f"""
import json, sys
sys.path[:0] = [{str(GENERATED / package)!r}, {str(WORKSPACE.root)!r}]
from tests.support.tenant_server import Reply, TenantServer
import {package}
with TenantServer() as server:
    workflow = {{"id": "wf-1", "state": "running", "type": "t", "name": "n", "tenant": "acme",
                 "created_at": "2026-04-01T00:00:00Z", "tasks": [{{"id": "t-1"}}]}}
    server.route("GET", "/workflow/runs/{{workflow-id}}", Reply.json(workflow))
    client = {package}.Amperity(
        tenant=server.tenant, token=server.token, base_url=server.base_url
    )
    assert client.workflow.get_workflow("wf-1").id == "wf-1"
prefix = "{package}.models."
print(json.dumps(sorted(m.removeprefix(prefix) for m in sys.modules if m.startswith(prefix))))
print(json.dumps({package}.models._MODULES))
"""
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded, homes = map(json.loads, done.stdout.splitlines())
    assert loaded == sorted({homes[name] for name in needed})
    assert len(loaded) < len(set(homes.values()))


def test_ruff_finds_nothing_in_the_packages() -> None:
    # The runtime copies included: they are part of each package.
    assert ruff_findings(*(GENERATED / p for p in PACKAGES)) == ""

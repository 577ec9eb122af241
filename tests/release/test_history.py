"""Every version Amperity published (Swagger 2.0 and OpenAPI 3.0.3) generates a working package
with the same Python names as the current document wherever the wire did not change."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from amperity_codegen.build.pipeline import job_for_document, load_ir
from amperity_codegen.workspace.sources import load_sources
from tests.support.documents import HISTORY, STABLE, UNSTABLE
from tests.support.lint import ruff_findings
from tests.support.project import WORKSPACE
from tests.support.typecheck import mypy_findings

# Every published version generated and type-checked: a minute or more (make test runs it).
pytestmark = pytest.mark.slow

DOCUMENTS = sorted(HISTORY.glob("*/*.json"))
SOURCES = load_sources(WORKSPACE.sources)


def _package(doc: Path) -> str:
    return "h_" + doc.stem.replace("-", "_") + "_" + doc.parent.name.replace("-", "_")


def _overlays(doc: Path) -> tuple[Path, ...]:
    return next(s.overlays for s in SOURCES if s.file == doc.name)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("history")
    for doc in DOCUMENTS:
        # What `amperity-codegen generate DOC --package NAME --out DIR` does: no other flags.
        job_for_document(str(doc), _package(doc), out, [], SOURCES).run()
    return out


def test_every_version_generates_and_passes_mypy_strict(generated: Path) -> None:
    packages = sorted(p.name for p in generated.iterdir())
    assert packages == sorted(_package(d) for d in DOCUMENTS) and len(packages) == 12
    assert mypy_findings([generated / p for p in packages], packages)[-3000:] == ""


def test_every_version_passes_ruff(generated: Path) -> None:
    assert ruff_findings(generated) == ""


def test_every_version_imports(generated: Path) -> None:
    # Every version sends the tenant and version headers, declared or not (2.0 only has prose).
    code = (
        "import importlib, sys\n"
        "for p in sys.argv[1:]:\n"
        "    client = importlib.import_module(p).Amperity(tenant='t', token='x')\n"
        "    assert client._client_headers == "
        "{'amperity-tenant': 'tenant', 'api-version': 'version'}, p\n"
    )
    packages = [p.name for p in generated.iterdir()]
    result = subprocess.run(
        [sys.executable, "-c", code, *packages],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(str(generated / p) for p in packages),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _names(doc: Path, package: str) -> tuple[set[str], set[str]]:
    api = load_ir(str(doc), package=package, overlays=_overlays(doc))
    methods = {
        f"{r.py_name}.{op.py_name}" for r in api.resources for op in r.operations
    }
    return methods, set(api.schemas)


@pytest.mark.parametrize(
    "doc", [d for d in DOCUMENTS if d.name == STABLE.name], ids=lambda d: d.parent.name
)
def test_stable_names_follow_the_current_document(doc: Path) -> None:
    current_methods, current_models = _names(STABLE, "p")
    methods, models = _names(doc, "p")
    assert methods <= current_methods, methods - current_methods
    # WorkflowErrorData: the 2.0 versions' `WorkflowError.data`, removed in 3.0.3 (a wire change).
    assert models - {"WorkflowErrorData"} <= current_models, models - current_models
    assert "workflow.list_workflows" in methods and "WorkflowList" in models


@pytest.mark.parametrize(
    "doc",
    [d for d in DOCUMENTS if d.name == UNSTABLE.name],
    ids=lambda d: d.parent.name,
)
def test_unstable_names_follow_the_current_document(doc: Path) -> None:
    current_methods, current_models = _names(UNSTABLE, "p")
    methods, models = _names(doc, "p")
    assert methods <= current_methods, methods - current_methods
    assert models <= current_models, models - current_models
    assert "campaigns.list_campaign_draft" in methods and "CampaignDraftList" in models

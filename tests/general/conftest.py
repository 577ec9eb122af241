"""The general corpus (tests/corpus/general/*.yaml): documents written to break generators, each
generated once per session by the command line into a temporary folder, then imported.

A test calls the generated client against the stand-in server (`server`: any path answers only
through the routes a test sets; no bearer check, the tests read what was sent) and ends with
`assert_every_operation_called`, so no operation of a corpus document goes uncalled.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from amperity_codegen.build.pipeline import load_ir
from amperity_codegen.cli import app
from amperity_codegen.ir import model as ir
from tests.support.tenant_server import Reply, TenantServer

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "general"
DOCUMENTS = sorted(CORPUS.glob("*.yaml"))


@dataclass(frozen=True)
class Generated:
    api: ir.Api
    package: (
        Any  # the imported package (Any: its attributes are the generated client's)
    )
    project: Path  # the project folder: pyproject.toml, README.md, <package>/

    @property
    def sync(self) -> Any:
        """The sync client class, by the vendor's name (`Client`, or `Amperity` for Amperity's)."""
        return getattr(self.package, self.api.vendor.client_class)

    @property
    def async_(self) -> Any:
        return getattr(self.package, self.api.vendor.async_client_class)

    def client(self, server: TenantServer, **kwargs: Any) -> Any:
        return self.sync(**{"base_url": server.base_url, "max_retries": 0, **kwargs})


def generate(doc: Path, package: str, out: Path) -> None:
    """`amperity-codegen generate DOC --package NAME --out DIR`, in this process."""
    result = CliRunner().invoke(
        app, ["generate", str(doc), "--package", package, "--out", str(out)]
    )
    assert result.exit_code == 0, f"{doc.name}: {result.output}"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Generated]]:
    out = tmp_path_factory.mktemp("corpus")
    generated: dict[str, Generated] = {}
    for doc in DOCUMENTS:
        package = f"c_{doc.stem}"
        generate(doc, package, out)
        sys.path.insert(0, str(out / package))
        module: ModuleType = importlib.import_module(package)
        generated[doc.stem] = Generated(
            load_ir(doc, package=package), module, out / package
        )
    yield generated
    for g in generated.values():
        sys.path.remove(str(g.project))


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer(require_auth=False, prefix="/v1") as s:
        yield s


def serve_every_operation(
    g: Generated, server: TenantServer, reply: Reply | None = None
) -> None:
    """Answer every operation of `g` with `reply` (default: 204), a test then routing the ones
    it checks."""
    for op in g.api.operations:
        server.route(op.method, op.path, reply or Reply(204))


def assert_every_operation_called(g: Generated, server: TenantServer) -> None:
    called = {(r.method, r.route) for r in server.requests}
    missing = [op.key for op in g.api.operations if (op.method, op.path) not in called]
    assert not missing, f"never called: {missing}"

"""The pipeline's front half: path or URL in, valid OpenAPI 3 document out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amperity_codegen.document.prepare import prepare
from amperity_codegen.errors import SpecError, SpecErrors
from amperity_codegen.workspace.sources import Source, load_sources
from tests.support.project import WORKSPACE
from tests.support.tenant_server import Reply, TenantServer

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"
OVERLAYS = Path(__file__).resolve().parents[2] / "spec" / "overlays"


@pytest.mark.parametrize(
    "source",
    [s for s in load_sources(WORKSPACE.sources) if s.authored is None],
    ids=lambda s: s.name,
)
def test_every_source_prepares_with_its_overlays(source: Source) -> None:
    doc = prepare(MIRROR / source.file, list(source.overlays))
    assert doc["openapi"] == "3.0.3"
    assert doc["servers"][1]["url"] == "https://{tenant-id}.amperity.com/api"


def test_the_authored_document_prepares_as_written() -> None:
    [source] = [s for s in load_sources(WORKSPACE.sources) if s.authored is not None]
    assert source.authored is not None
    doc = prepare(source.authored, list(source.overlays))
    assert doc["openapi"] == "3.1.0"
    assert [s["url"] for s in doc["servers"]] == [
        "https://app.amperity.com/prof",
        "https://{tenant-id}.amperity.com/prof",
    ]


def test_a_swagger_document_comes_out_as_openapi_3() -> None:
    doc = prepare(
        MIRROR / "history" / "2024-11-07" / "control-plane-unstable-openapi.json"
    )
    assert doc["openapi"] == "3.0.3" and "components" in doc


def test_the_unrepaired_profile_api_fails_with_every_problem() -> None:
    with pytest.raises(SpecErrors) as info:
        prepare(MIRROR / "openapi-profile-v2.json")
    assert len(info.value.problems) == 3
    assert all(
        p.document == str(MIRROR / "openapi-profile-v2.json")
        for p in info.value.problems
    )


def test_an_outside_reference_stops_the_pipeline_first(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  A: "
        "{$ref: 'other.yaml#/A'}\n"
    )
    with pytest.raises(SpecError) as info:
        prepare(path)
    assert info.value.pointer == "/definitions/A/$ref"


def test_a_document_from_a_url() -> None:
    body = (MIRROR / "control-plane-unstable-openapi.json").read_bytes()
    with TenantServer(require_auth=False, prefix="/d") as server:
        server.route("GET", "/api.json", Reply(200, body))
        doc = prepare(server.base_url + "/api.json", [OVERLAYS / "servers.yaml"])
    assert doc["info"]["version"] == json.loads(body)["info"]["version"]

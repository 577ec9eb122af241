"""Fetching sources from a mirror folder or over HTTP, and the lock file it writes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from amperity_codegen.errors import SpecError
from amperity_codegen.release.fetch import fetch, fetch_source
from amperity_codegen.workspace import Workspace
from amperity_codegen.workspace.lock import Lock, LockEntry, read_lock
from amperity_codegen.workspace.sources import Source, load_sources
from tests.support.project import WORKSPACE
from tests.support.tenant_server import Reply, TenantServer

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"
SOURCES = [
    s for s in load_sources(WORKSPACE.sources) if s.authored is None
]  # the published documents
AUTHORED = next(s for s in load_sources(WORKSPACE.sources) if s.authored is not None)


def make_space(root: Path) -> Workspace:
    (root / "spec").mkdir(parents=True)
    return Workspace.at(root)


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer(require_auth=False, prefix="/downloads/openapi") as s:
        yield s


def served(server: TenantServer) -> list[Source]:
    """The project's sources, downloaded from the loopback server instead of docs.amperity.com."""
    for source in SOURCES:
        server.route(
            "GET", "/" + source.file, Reply(200, (MIRROR / source.file).read_bytes())
        )
    return [dataclasses.replace(s, url=f"{server.base_url}/{s.file}") for s in SOURCES]


def test_fetch_from_a_mirror_records_each_document(tmp_path: Path) -> None:
    space = make_space(tmp_path)
    lock_path = space.lock
    lock = fetch(SOURCES, MIRROR, space)
    assert [(e.name, e.version, e.spec_version) for e in lock.entries] == [
        ("amperity-api", "2024-04-01", "3.0.3"),
        ("amperity-api-unstable", "unstable", "3.0.3"),
        ("amperity-profile-api", "2025-07-31", "3.0.3"),
    ]
    for entry, source in zip(lock.entries, SOURCES, strict=True):
        assert entry.source == os.path.relpath(MIRROR / source.file, tmp_path)
        assert (
            entry.sha256
            == hashlib.sha256((MIRROR / source.file).read_bytes()).hexdigest()
        )
    assert read_lock(lock_path) == lock


def test_the_lock_file_is_deterministic(tmp_path: Path) -> None:
    space = make_space(tmp_path)
    lock_path = space.lock
    fetch(SOURCES, MIRROR, space)
    first = lock_path.read_bytes()
    fetch(SOURCES, MIRROR, space)
    assert lock_path.read_bytes() == first
    data = json.loads(first)
    assert list(data["sources"][0]) == sorted(data["sources"][0])
    assert first.endswith(b"}\n")
    assert [p.name for p in space.spec.iterdir()] == [
        "lock.json"
    ]  # no temporary file left behind
    assert stat.S_IMODE(lock_path.stat().st_mode) == 0o644


def test_fetch_downloads_when_there_is_no_mirror(
    tmp_path: Path, server: TenantServer
) -> None:
    sources = served(server)
    lock = fetch(sources, None, make_space(tmp_path / "a"))
    assert [e.source for e in lock.entries] == [s.url for s in sources]
    mirrored = fetch(SOURCES, MIRROR, make_space(tmp_path / "b"))
    # The same bytes, so the same record apart from where they came from.
    assert [dataclasses.replace(e, source="") for e in lock.entries] == [
        dataclasses.replace(e, source="") for e in mirrored.entries
    ]
    assert [r.path for r in server.requests] == ["/" + s.file for s in SOURCES]


def test_a_404_fails_the_fetch_and_keeps_the_old_lock(
    tmp_path: Path, server: TenantServer
) -> None:
    space = make_space(tmp_path)
    lock_path = space.lock
    lock_path.write_text("previous\n")
    sources = served(server)
    missing = dataclasses.replace(sources[2], url=server.base_url + "/gone.json")
    with pytest.raises(SpecError) as info:
        fetch([*sources[:2], missing], None, space)
    assert str(info.value) == f"{missing.url}#: download failed: HTTP 404 Not Found"
    assert lock_path.read_text() == "previous\n"


def test_a_too_large_document_is_refused(tmp_path: Path, server: TenantServer) -> None:
    sources = served(server)
    with pytest.raises(SpecError) as info:
        fetch(sources, None, make_space(tmp_path), max_bytes=10_000)
    assert "larger than the 10000 byte limit" in info.value.message
    assert not Workspace.at(tmp_path).lock.exists()


def test_a_mirror_without_the_file_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        fetch_source(SOURCES[0], tmp_path, Workspace.at(tmp_path))
    assert (info.value.document, info.value.message) == (
        str(tmp_path / SOURCES[0].file),
        "no such file",
    )


def test_a_document_must_say_its_version(tmp_path: Path) -> None:
    (tmp_path / SOURCES[0].file).write_text(
        '{"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}'
    )
    with pytest.raises(SpecError) as info:
        fetch_source(SOURCES[0], tmp_path, Workspace.at(tmp_path))
    assert info.value.pointer == "/info/version"


def test_fetched_swagger_documents_record_their_version(tmp_path: Path) -> None:
    old = MIRROR / "history" / "2024-07-19" / SOURCES[0].file
    (tmp_path / SOURCES[0].file).write_bytes(old.read_bytes())
    fetched = fetch_source(SOURCES[0], tmp_path, Workspace.at(tmp_path))
    assert (fetched.entry.spec_version, fetched.entry.version) == ("2.0", "2024-04-01")
    assert fetched.document["swagger"] == "2.0"


def test_reading_the_lock(tmp_path: Path) -> None:
    assert read_lock(tmp_path / "none.json") == Lock(())
    entry = LockEntry("a", "src", "0" * 64, "1", "3.0.3")
    (tmp_path / "lock.json").write_text(Lock((entry,)).to_json())
    lock = read_lock(tmp_path / "lock.json")
    assert lock.entry("a") == entry and lock.entry("b") is None
    (tmp_path / "bad.json").write_text('{"sources": [{"name": "a"}]}')
    with pytest.raises(SpecError) as info:
        read_lock(tmp_path / "bad.json")
    assert info.value.pointer == "/sources/0"


def test_the_lock_does_not_depend_on_how_the_mirror_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    space = make_space(tmp_path)
    first = fetch(SOURCES, MIRROR, space).to_json()
    monkeypatch.chdir(MIRROR.parent)
    assert fetch(SOURCES, Path("openapi/../openapi"), space).to_json() == first
    assert fetch(SOURCES, Path("openapi").resolve(), space).to_json() == first


def test_an_authored_document_is_read_from_the_project_whatever_the_mirror() -> None:
    assert AUTHORED.authored is not None
    entry = fetch_source(AUTHORED, MIRROR, WORKSPACE).entry
    assert (entry.name, entry.source) == (
        "amperity-realtime-api",
        "spec/authored/realtime-api.yaml",
    )
    assert (entry.version, entry.spec_version) == ("unstable", "3.1.0")
    assert entry.sha256 == hashlib.sha256(AUTHORED.authored.read_bytes()).hexdigest()
    assert (
        fetch_source(AUTHORED, None, WORKSPACE).entry == entry
    )  # no mirror: not downloaded either
    assert (
        read_lock(WORKSPACE.lock).entry(AUTHORED.name) == entry
    )  # the project's lock holds it as it is

"""Fetching sources from a mirror folder or over HTTP, and the lock file it writes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.fetch import Lock, LockEntry, fetch, fetch_source, read_lock
from generator.sources import Source, load_sources
from tests.support.tenant_server import Reply, TenantServer

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"
SOURCES = [s for s in load_sources() if s.authored is None]  # the published documents
AUTHORED = next(s for s in load_sources() if s.authored is not None)


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer(require_auth=False, prefix="/downloads/openapi") as s:
        yield s


def served(server: TenantServer) -> list[Source]:
    """The project's sources, downloaded from the loopback server instead of docs.amperity.com."""
    for source in SOURCES:
        server.route("GET", "/" + source.file, Reply(200, (MIRROR / source.file).read_bytes()))
    return [dataclasses.replace(s, url=f"{server.base_url}/{s.file}") for s in SOURCES]


def test_fetch_from_a_mirror_records_each_document(tmp_path: Path) -> None:
    lock_path = tmp_path / "lock.json"
    lock = fetch(SOURCES, MIRROR, lock_path)
    assert [(e.name, e.version, e.spec_version) for e in lock.entries] == [
        ("amperity-api", "2024-04-01", "3.0.3"),
        ("amperity-api-unstable", "unstable", "3.0.3"),
        ("amperity-profile-api", "2025-07-31", "3.0.3"),
    ]
    for entry, source in zip(lock.entries, SOURCES, strict=True):
        assert entry.source == str(MIRROR / source.file)
        assert entry.sha256 == hashlib.sha256((MIRROR / source.file).read_bytes()).hexdigest()
    assert read_lock(lock_path) == lock


def test_the_lock_file_is_deterministic(tmp_path: Path) -> None:
    lock_path = tmp_path / "lock.json"
    fetch(SOURCES, MIRROR, lock_path)
    first = lock_path.read_bytes()
    fetch(SOURCES, MIRROR, lock_path)
    assert lock_path.read_bytes() == first
    data = json.loads(first)
    assert list(data["sources"][0]) == sorted(data["sources"][0])
    assert first.endswith(b"}\n")
    assert [p.name for p in tmp_path.iterdir()] == ["lock.json"]  # no temporary file left behind
    assert stat.S_IMODE(lock_path.stat().st_mode) == 0o644


def test_fetch_downloads_when_there_is_no_mirror(tmp_path: Path, server: TenantServer) -> None:
    sources = served(server)
    lock = fetch(sources, None, tmp_path / "lock.json")
    assert [e.source for e in lock.entries] == [s.url for s in sources]
    mirrored = fetch(SOURCES, MIRROR, tmp_path / "mirrored.json")
    # The same bytes, so the same record apart from where they came from.
    assert [dataclasses.replace(e, source="") for e in lock.entries] == [
        dataclasses.replace(e, source="") for e in mirrored.entries
    ]
    assert [r.path for r in server.requests] == ["/" + s.file for s in SOURCES]


def test_a_404_fails_the_fetch_and_keeps_the_old_lock(tmp_path: Path, server: TenantServer) -> None:
    lock_path = tmp_path / "lock.json"
    lock_path.write_text("previous\n")
    sources = served(server)
    missing = dataclasses.replace(sources[2], url=server.base_url + "/gone.json")
    with pytest.raises(SpecError) as info:
        fetch([*sources[:2], missing], None, lock_path)
    assert str(info.value) == f"{missing.url}#: download failed: HTTP 404 Not Found"
    assert lock_path.read_text() == "previous\n"


def test_a_too_large_document_is_refused(tmp_path: Path, server: TenantServer) -> None:
    sources = served(server)
    with pytest.raises(SpecError) as info:
        fetch(sources, None, tmp_path / "lock.json", max_bytes=10_000)
    assert "larger than the 10000 byte limit" in info.value.message
    assert not (tmp_path / "lock.json").exists()


def test_a_mirror_without_the_file_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError) as info:
        fetch_source(SOURCES[0], tmp_path)
    assert (info.value.document, info.value.message) == (str(tmp_path / SOURCES[0].file), "no such file")


def test_a_document_must_say_its_version(tmp_path: Path) -> None:
    (tmp_path / SOURCES[0].file).write_text('{"openapi": "3.0.3", "info": {"title": "t"}, "paths": {}}')
    with pytest.raises(SpecError) as info:
        fetch_source(SOURCES[0], tmp_path)
    assert info.value.pointer == "/info/version"


def test_fetched_swagger_documents_record_their_version(tmp_path: Path) -> None:
    old = MIRROR / "history" / "2024-07-19" / SOURCES[0].file
    (tmp_path / SOURCES[0].file).write_bytes(old.read_bytes())
    fetched = fetch_source(SOURCES[0], tmp_path)
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


def test_an_authored_document_is_read_from_the_project_whatever_the_mirror(tmp_path: Path) -> None:
    assert AUTHORED.authored is not None
    lock = fetch([*SOURCES, AUTHORED], MIRROR, tmp_path / "lock.json")
    entry = lock.entries[-1]
    assert (entry.name, entry.source) == ("amperity-realtime-api", "spec/authored/realtime-api.yaml")
    assert (entry.version, entry.spec_version) == ("unstable", "3.1.0")
    assert entry.sha256 == hashlib.sha256(AUTHORED.authored.read_bytes()).hexdigest()
    assert fetch_source(AUTHORED, None).entry == entry  # no mirror: not downloaded either
    assert read_lock().entry(AUTHORED.name) == entry  # the project's lock holds it as it is

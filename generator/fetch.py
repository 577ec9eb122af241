"""Fetch every source document and record exactly what was fetched in spec/lock.json.

The lock names, for each source, where the bytes came from, their sha256, the API version they
describe and their OpenAPI/Swagger version. It is deterministic (sorted keys, source order, no
timestamps), so fetching the same bytes again leaves the file byte-identical and a changed
document shows up as a one-line diff. It is replaced in one rename, and only when every source
was fetched.

An authored source's document is in the project (`Source.authored`): it is read from there,
whatever the mirror, and locked by its sha256 like the others, so a document edited without a
fetch is noticed the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.errors import SpecError
from generator.load import MAX_BYTES, check_refs, parse_document, read_source
from generator.sources import SPEC_DIR, Source

LOCK_FILE = SPEC_DIR / "lock.json"


@dataclass(frozen=True)
class LockEntry:
    name: str  # the source's name in sources.toml
    source: str  # the URL, or the mirror path as given
    sha256: str  # of the bytes as fetched
    version: str  # the document's info.version: the api-version
    spec_version: str  # its `openapi` (e.g. "3.0.3") or `swagger` ("2.0") version


@dataclass(frozen=True)
class Lock:
    entries: tuple[LockEntry, ...]

    def entry(self, name: str) -> LockEntry | None:
        return next((e for e in self.entries if e.name == name), None)

    def to_json(self) -> str:
        return json.dumps({"sources": [asdict(e) for e in self.entries]}, indent=2, sort_keys=True) + "\n"


@dataclass(frozen=True)
class Fetched:
    entry: LockEntry
    document: dict[str, Any]  # parsed, references checked; not upgraded or repaired


def fetch(
    sources: Sequence[Source],
    mirror: Path | None,
    lock_path: Path = LOCK_FILE,
    *,
    max_bytes: int = MAX_BYTES,
) -> Lock:
    """Fetch each source (from `mirror/<file>` when a mirror folder is given) and write the lock."""
    lock = Lock(tuple(fetch_source(s, mirror, max_bytes=max_bytes).entry for s in sources))
    write_lock(lock, lock_path)
    return lock


def fetch_source(source: Source, mirror: Path | None, *, max_bytes: int = MAX_BYTES) -> Fetched:
    """One source's document and its lock entry."""
    location: str | Path = source.url if mirror is None else mirror / source.file
    if source.authored is not None:
        location = source.authored
    # Recorded relative to the project (pipeline.locked_document reads it from there).
    name = str(_project_path(location) if isinstance(location, Path) else location)
    data = read_source(location, max_bytes=max_bytes)
    doc = parse_document(data, name)
    check_refs(doc, name)
    info = doc.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    if not isinstance(version, str):
        raise SpecError(
            name, "/info/version", "missing: every document must say which API version it describes"
        )
    spec_version = doc.get("openapi", doc.get("swagger"))
    if not isinstance(spec_version, str):
        raise SpecError(name, "", "not an OpenAPI document: no `openapi` or `swagger` version")
    entry = LockEntry(source.name, name, hashlib.sha256(data).hexdigest(), version, spec_version)
    return Fetched(entry, doc)


def _project_path(path: Path) -> Path:
    """`path` relative to the project when inside it (as the lock records mirror paths)."""
    if not path.is_absolute():
        return path
    try:
        return path.resolve().relative_to(SPEC_DIR.parent.resolve())
    except ValueError:
        return path


def write_lock(lock: Lock, path: Path = LOCK_FILE) -> None:
    """Replace `path` with the lock in one rename: a reader sees the old file or the new one."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(lock.to_json())
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private; the lock is an ordinary file of the project.
        os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def read_lock(path: Path = LOCK_FILE) -> Lock:
    """The lock as last written; an empty one when the file does not exist yet."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Lock(())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SpecError(name, "", f"cannot read the lock file: {exc}") from None
    fields = set(LockEntry.__dataclass_fields__)
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecError(name, "/sources", "expected a list of sources")
    for i, entry in enumerate(entries):
        if not (
            isinstance(entry, dict)
            and set(entry) == fields
            and all(isinstance(v, str) for v in entry.values())
        ):
            raise SpecError(
                name, f"/sources/{i}", f"expected exactly the string fields {', '.join(sorted(fields))}"
            )
    return Lock(tuple(LockEntry(**e) for e in entries))

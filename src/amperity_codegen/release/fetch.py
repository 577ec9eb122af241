"""Fetch every source document and record exactly what was fetched in spec/lock.json.

The lock names, for each source, where the bytes came from, their sha256, the API version they
describe and their OpenAPI/Swagger version. It is deterministic (sorted keys, source order, no
timestamps), so fetching the same bytes again leaves the file byte-identical and a changed
document shows up as a one-line diff. It is replaced in one rename, and only when every source
was fetched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amperity_codegen.document.load import MAX_BYTES, parse_document, read_source
from amperity_codegen.document.tree import check_refs
from amperity_codegen.errors import SpecError
from amperity_codegen.workspace import Workspace
from amperity_codegen.workspace.lock import Lock, LockEntry, write_lock
from amperity_codegen.workspace.sources import Source


@dataclass(frozen=True)
class Fetched:
    entry: LockEntry
    document: dict[str, Any]  # parsed, references checked; not upgraded or repaired


def fetch(
    sources: Sequence[Source],
    mirror: Path | None,
    workspace: Workspace,
    *,
    max_bytes: int = MAX_BYTES,
) -> Lock:
    """Fetch each source (from `mirror/<file>` when a mirror folder is given) and write the lock."""
    lock = Lock(
        tuple(
            fetch_source(s, mirror, workspace, max_bytes=max_bytes).entry
            for s in sources
        )
    )
    write_lock(lock, workspace.lock)
    return lock


def fetch_source(
    source: Source,
    mirror: Path | None,
    workspace: Workspace,
    *,
    max_bytes: int = MAX_BYTES,
) -> Fetched:
    """One source's document and its lock entry (a path recorded relative to the workspace)."""
    location: str | Path = source.url if mirror is None else mirror / source.file
    if source.authored is not None:
        # An authored document is the project's own: read from there, whatever the mirror, and
        # locked by its sha256 like the others, so an edit without a fetch is noticed.
        location = source.authored
    name = str(location)
    data = read_source(location, max_bytes=max_bytes)
    doc = parse_document(data, name)
    check_refs(doc, name)
    info = doc.get("info")
    version = info.get("version") if isinstance(info, dict) else None
    if not isinstance(version, str):
        raise SpecError(
            name,
            "/info/version",
            "missing: every document must say which API version it describes",
        )
    spec_version = doc.get("openapi", doc.get("swagger"))
    if not isinstance(spec_version, str):
        raise SpecError(
            name, "", "not an OpenAPI document: no `openapi` or `swagger` version"
        )
    entry = LockEntry(
        source.name,
        workspace.recorded(location),
        hashlib.sha256(data).hexdigest(),
        version,
        spec_version,
    )
    return Fetched(entry, doc)

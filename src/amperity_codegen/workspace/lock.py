"""spec/lock.json: which bytes of each source the packages are generated from.

Deterministic (sorted keys, source order, no timestamps) and replaced in one rename, so fetching
the same bytes again leaves it byte-identical and a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from amperity_codegen.errors import SpecError


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
        return (
            json.dumps(
                {"sources": [asdict(e) for e in self.entries]}, indent=2, sort_keys=True
            )
            + "\n"
        )


def write_lock(lock: Lock, path: Path) -> None:
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


def read_lock(path: Path) -> Lock:
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
                name,
                f"/sources/{i}",
                f"expected exactly the string fields {', '.join(sorted(fields))}",
            )
    return Lock(tuple(LockEntry(**e) for e in entries))

"""A persistent, content-addressed cache of what black and datamodel-code-generator made.

When Amperity publishes a new version, most of a package is what it was: the same classes, the
same modules. Their formatted text is kept on disk between runs, so a regeneration formats and
models only what changed. An entry is named by the sha256 of everything its text depends on
(the input text, the tool's version, the generator code that sets the tool's options), so it
never goes stale: a change of any of them is another name.

- `amperity-codegen generate` uses `.cache/amperity-codegen/` in the project (git-ignored), or
  the folder in `AMPERITY_CODEGEN_CACHE`; `--no-cache` bypasses it. A library caller has no
  cache unless it calls `use`.
- Safe when runs share it: an entry is written to a temporary file and renamed into place, so a
  reader sees a whole entry or none; each entry carries the sha256 of its text, so a damaged
  one (a disk error, a truncated copy) is ignored and rewritten, never used.
- Bounded: past `MAX_BYTES`, the entries used least recently are deleted (a hit touches its
  entry's mtime).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV_FOLDER = "AMPERITY_CODEGEN_CACHE"
MAX_BYTES = 256 * 1024 * 1024
# Trimmed down to this share of MAX_BYTES, so that a full cache is not trimmed on every run.
_TRIM_TO = 0.8
# A temporary file older than this was left by a run that died: trimmed with the rest.
_STALE_SECONDS = 3600
_MAGIC = b"amperity-codegen-memo 1 "


def key(*parts: str) -> str:
    """The sha256 naming an entry made from `parts` (length-prefixed: no two sequences alike)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Memo:
    """The entries under `folder`: `get` and `put` by key, `trim` to `max_bytes`."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self._written = False
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _path(self, name: str) -> Path:
        return self.folder / name[:2] / name

    def get(self, name: str) -> str | None:
        """The text stored under `name`, or None (none, or damaged)."""
        path = self._path(name)
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        head, _, body = data.partition(b"\n")
        if head != _MAGIC + hashlib.sha256(body).hexdigest().encode():
            # None, damaged, or from another format: the caller makes it anew and `put`s it.
            with self._lock:
                self.misses += 1
            return None
        try:
            os.utime(path)  # used now: the last to be evicted
        except OSError:
            pass  # read-only, or evicted meanwhile: the text read is whole all the same
        with self._lock:
            self.hits += 1
        return body.decode("utf-8", "surrogatepass")

    def put(self, name: str, text: str) -> None:
        """Store `text` under `name`; a cache that cannot be written is only a slower run."""
        body = text.encode("utf-8", "surrogatepass")
        path = self._path(name)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(
                        _MAGIC
                        + hashlib.sha256(body).hexdigest().encode()
                        + b"\n"
                        + body
                    )
                os.replace(partial, path)
            except BaseException:
                os.unlink(partial)
                raise
        except OSError:
            return
        self._written = True

    def holds_entries(self) -> bool:
        """Whether anything was ever stored here."""
        try:
            return any(os.scandir(self.folder))
        except OSError:
            return False

    def trim(self) -> None:
        """Delete the least recently used entries beyond `max_bytes`, and dead temporary files
        (only after a run that wrote something: a cache that did not grow needs no trimming).
        """
        if not self._written:
            return
        self._written = False
        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:
                continue  # deleted by another run meanwhile
            if path.name.startswith(".tmp-"):
                if now - stat.st_mtime > _STALE_SECONDS:
                    _unlink(path)
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return
        for _, size, path in sorted(entries):
            if total <= self.max_bytes * _TRIM_TO:
                break
            _unlink(path)
            total -= size

    def _files(self) -> Iterator[Path]:
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return
        for shard in shards:
            if shard.is_dir(follow_symlinks=False):
                try:
                    yield from (Path(entry.path) for entry in os.scandir(shard.path))
                except OSError:
                    continue


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # another run deleted it first


_active: Memo | None = None


def active() -> Memo | None:
    """The cache in use in this process, if any."""
    return _active


@contextmanager
def use(folder: Path | None) -> Iterator[Memo | None]:
    """Within the block, black's and datamodel-code-generator's output is kept in `folder`
    (None: no cache); trimmed when the block ends."""
    global _active
    previous, _active = _active, (None if folder is None else Memo(folder))
    memo = _active
    try:
        yield memo
    finally:
        _active = previous
        if memo is not None:
            memo.trim()


def default_folder(workspace: Path | None) -> Path:
    """`AMPERITY_CODEGEN_CACHE`, else `.cache/amperity-codegen/` in the workspace, else the
    user's cache folder (`$XDG_CACHE_HOME`, `~/.cache`)."""
    configured = os.environ.get(ENV_FOLDER)
    if configured:
        return Path(configured)
    if workspace is not None:
        return workspace / ".cache" / "amperity-codegen"
    return (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "amperity-codegen"
    )

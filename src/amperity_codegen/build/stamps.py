"""Skip a generation that would write what is already there.

After writing `<out>/<package>/`, the pipeline leaves a stamp beside it, `<out>/.<package>.stamp`
(JSON, outside the package's tree): a fingerprint of everything the output depends on, and a
fingerprint of the tree it wrote. A later run whose inputs have the same fingerprint, and whose
output folder still hashes to what was written (nobody edited or deleted it), can skip the work.

The inputs: the document's bytes, each overlay's bytes, the package name, version, changelog,
rate limit and client parameters, the generator's own code (the whole `amperity_codegen`
package: its modules, templates and runtime) and the versions of the tools whose output lands in
the package (black,
datamodel-code-generator). Anything else changing the output would be a bug in determinism.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

from amperity_codegen.document.load import read_source

# The generator's own code, templates and runtime included: a change to any of its files may
# change what it writes.
ROOT = Path(__file__).resolve().parents[2]  # the folder holding the package
CODE_DIRS = (ROOT / "amperity_codegen",)
# Tools whose output is written into the package verbatim.
TOOLS = ("black", "datamodel-code-generator")
_SKIPPED_PARTS = {"__pycache__", ".mypy_cache"}
_STAMP_FORMAT = 1


@dataclass(frozen=True)
class Stamp:
    """What a generation wrote, and from what."""

    inputs: str  # sha256 over every input (see module docstring)
    tree: str  # sha256 of the package folder as written
    api_version: str
    operations: int
    files: int


def stamp_path(out: Path, package: str) -> Path:
    return out / f".{package}.stamp"


def inputs_fingerprint(
    source: str | Path, overlays: Sequence[Path], options: Mapping[str, object]
) -> str:
    """sha256 over everything the generated package depends on: the document's and overlays'
    bytes, the job's other settings (`options`, JSON), the generator's code and the tools'
    versions (raises SpecError if the document cannot be read, as generating it would).
    """
    digest = hashlib.sha256()
    settings = {**options, "tools": _tool_versions(), "code": code_fingerprint()}
    _add(digest, json.dumps(settings, sort_keys=True).encode())
    _add(digest, read_source(source))
    for overlay in overlays:
        _add(digest, Path(overlay).read_bytes())
    return digest.hexdigest()


@cache
def _tool_versions() -> dict[str, str]:
    # Once per process: installed versions do not change under it, and each lookup scans
    # site-packages (a few ms, times every package of a run).
    return {tool: metadata.version(tool) for tool in TOOLS}


def generator_fingerprint() -> str:
    """sha256 over what shapes generated code besides its inputs: the generator's code and the
    versions of the tools whose output lands in the package."""
    return hashlib.sha256(
        (code_fingerprint() + json.dumps(_tool_versions(), sort_keys=True)).encode()
    ).hexdigest()


def code_fingerprint(paths: Iterable[Path] | None = None) -> str:
    """sha256 over the code under `paths` (folders or single files inside ROOT; default:
    CODE_DIRS)."""
    tops = tuple(CODE_DIRS if paths is None else paths)
    if _code_memo is not None and tops in _code_memo:
        return _code_memo[tops]
    digest = _files_fingerprint(
        ROOT, (p for top in tops for p in ([top] if top.is_file() else _files(top)))
    )
    if _code_memo is not None:
        _code_memo[tops] = digest
    return digest


_code_memo: dict[tuple[Path, ...], str] | None = None


@contextmanager
def code_read_once() -> Iterator[None]:
    """Within the block, the generator's code is hashed once, not once per package: one command
    runs one version of the code."""
    global _code_memo
    _code_memo = {}
    try:
        yield
    finally:
        _code_memo = None


def tree_fingerprint(folder: Path) -> str:
    """sha256 over the relative path and bytes of every file under `folder`, bytecode caches
    aside."""
    return _files_fingerprint(folder, _files(folder))


def current(out: Path, package: str, inputs: str) -> Stamp | None:
    """The stamp of `out/package/` if it was made from `inputs` and is still as written, else
    None."""
    try:
        data = json.loads(stamp_path(out, package).read_text(encoding="utf-8"))
        if data.pop("format") != _STAMP_FORMAT:
            return None
        stamp = Stamp(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # no stamp, or one this version cannot read: generate
    if stamp.inputs != inputs or not (out / package).is_dir():
        return None
    return stamp if tree_fingerprint(out / package) == stamp.tree else None


def write_stamp(
    out: Path, package: str, inputs: str, *, api_version: str, operations: int
) -> Stamp:
    """Record that `out/package/` (just written) was made from `inputs`."""
    folder = out / package
    stamp = Stamp(
        inputs=inputs,
        tree=tree_fingerprint(folder),
        api_version=api_version,
        operations=operations,
        files=len(list(_files(folder))),
    )
    path = stamp_path(out, package)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(
        json.dumps({"format": _STAMP_FORMAT, **asdict(stamp)}, indent=2) + "\n",
        encoding="utf-8",
    )
    os.replace(partial, path)
    return stamp


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [
        p
        for p in folder.rglob("*")
        if p.is_file() and not _SKIPPED_PARTS.intersection(p.relative_to(folder).parts)
    ]


def _files_fingerprint(base: Path, files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        _add(digest, path.relative_to(base).as_posix().encode())
        _add(digest, path.read_bytes())
    return digest.hexdigest()


def _add(digest: hashlib._Hash, data: bytes) -> None:
    # Length-prefixed, so that no two different sequences of parts hash alike.
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)

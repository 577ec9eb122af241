"""Write a package all-or-nothing: into a temporary folder, checked, then swapped into place.

A failed check leaves the previous output untouched. The check imports the package in a
fresh interpreter (never in this process: generated code must not run inside the generator).
"""

from __future__ import annotations

import ast
import hashlib
import json
import keyword
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from amperity_codegen.emit.format import AST_LOCK, formatted_here
from amperity_codegen.errors import CodegenError

CHECK_TIMEOUT = 120  # seconds for the import check of one package
_parsed: set[bytes] = set()  # sha256 of the texts that parsed, in this process


class OutputError(CodegenError):
    """The generated package failed its checks; the previous output was kept."""

    prefix = "generation failed, previous output kept: "


def write_package(files: dict[str, str], out_dir: Path, name: str) -> Path:
    """Write `files` as `out_dir/name/`, replacing what was there only if every check passes."""
    return stage_package(files, out_dir, name).commit()


class Staged:
    """A package written beside its target, its import check running in the background.

    `commit` waits for the check and swaps the package into place; `discard` drops it. Until
    one of them is called, the previous output is untouched, so a caller can stage the next
    package while this one is checked (the check is a fresh interpreter: another core's work).
    """

    def __init__(
        self, staging: Path, target: Path, check: subprocess.Popen[str]
    ) -> None:
        self._staging, self.target, self._check = staging, target, check

    def commit(self) -> Path:
        try:
            try:
                _, stderr = self._check.communicate(timeout=CHECK_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise OutputError(
                    f"package {self.target.name} did not finish importing in {CHECK_TIMEOUT} s"
                ) from None
            if self._check.returncode != 0:
                last = stderr.strip().splitlines()[-1:] or ["(no output)"]
                raise OutputError(
                    f"package {self.target.name} does not import: {last[0]}"
                )
            try:
                _swap(self._staging, self.target)
            except (
                OSError
            ) as exc:  # the disk filled up, say: the previous output is still in place
                raise OutputError(
                    f"cannot write {self.target}: {exc.strerror or exc}"
                ) from None
        finally:
            self.discard()
        return self.target

    def discard(self) -> None:
        stop_check(self._check)
        shutil.rmtree(self._staging, ignore_errors=True)


def stage_package(
    files: dict[str, str],
    out_dir: Path,
    name: str,
    checker: subprocess.Popen[str] | None = None,
) -> Staged:
    """Write `files` into a temporary folder beside `out_dir/name/` and start checking them
    (in `checker`, from `warm_checker`, if given: the caller stops it if this raises).
    """
    if not name.isidentifier() or keyword.iskeyword(name):
        raise OutputError(
            f"{name!r} cannot be imported: a package name must be a Python identifier, not a "
            "keyword"
        )
    target = out_dir / name
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # Not mkdtemp: its folder is private (0700), and this one becomes the package as it is.
        staging = out_dir / f".{name}.{secrets.token_hex(8)}"
        staging.mkdir()
    except OSError as exc:  # `--out` is a file, or not writable
        raise OutputError(
            f"cannot write into {out_dir}: {exc.strerror or exc}"
        ) from None
    try:
        for rel, text in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        return Staged(staging, target, start_check(staging, name, checker))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def start_check(
    project: Path, name: str, checker: subprocess.Popen[str] | None = None
) -> subprocess.Popen[str]:
    """Every file parses (checked here), and the package and each of its modules import (in a
    fresh process: `checker` if given, from `warm_checker`; `Staged.commit` reads its verdict).
    """
    modules = []
    for path in sorted((project / name).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        # Parsing was most of the generator's own time: black's output was parsed by black, and
        # the runtime is the same text in every package (parsed once).
        digest = hashlib.sha256(text.encode()).digest()
        if not formatted_here(text) and digest not in _parsed:
            try:
                with AST_LOCK:
                    ast.parse(text, filename=str(path))
            except SyntaxError as exc:
                raise OutputError(
                    f"{path.relative_to(project)} does not parse: {exc}"
                ) from exc
            _parsed.add(digest)
        rel = path.relative_to(project).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        modules.append(".".join(parts))
    checker = checker or warm_checker()
    assert checker.stdin is not None  # warm_checker's pipe
    try:
        checker.stdin.write(json.dumps([str(project), *modules]) + "\n")
        checker.stdin.flush()
    except BrokenPipeError:
        pass  # it died starting: `commit` reports what it wrote on stderr
    return checker


# Every generated package imports httpx and pydantic (the dependencies its pyproject declares),
# and importing them is most of the check's time: the interpreter loads them while the package is
# still being generated, then imports the package when it is told where it is (one JSON line).
_CHECK = """\
import importlib, json, sys
import httpx, pydantic
project, *modules = json.loads(sys.stdin.readline())
sys.path.insert(0, project)
for module in modules:
    importlib.import_module(module)
"""


def stop_check(checker: subprocess.Popen[str]) -> None:
    """Stop a check that is no longer wanted (nothing, once it has finished)."""
    if checker.poll() is None:
        checker.kill()
        checker.communicate()


def warm_checker() -> subprocess.Popen[str]:
    """A fresh interpreter for one import check, started now, waiting for `start_check`."""
    return subprocess.Popen(
        [sys.executable, "-I", "-B", "-c", _CHECK],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` with `staging`: two renames, with the old tree restored on failure."""
    if not target.exists():
        staging.rename(target)
        return
    retired = target.with_name(f".{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)

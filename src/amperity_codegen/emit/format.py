"""Format the generated Python with black, so the output reads as if written by hand.

Black is most of the generator's time, so:
- each text is formatted once per process: the runtime is the same text in every package, and
  black's output is remembered as formatted too (it is its own fixed point);
- `amperity-codegen generate` starts one black worker interpreter per core as it begins
  (`python -c`, not multiprocessing, which would re-import the caller's main module): black is
  imported there while this process reads the document, and files are formatted there while
  this process runs datamodel-code-generator. Without workers (a library caller, a test), the
  formatting happens here;
- a long module (a module of models that refer to each other, in a large document) is cut
  between its top-level classes and the pieces formatted separately: in parallel, and faster in
  total, as black slows down on very long inputs. Black lays out each top-level statement on its
  own and puts two blank lines between classes, so the pieces join into what black makes of the
  whole (tests/emit/test_format.py checks it on real models).
- each piece's formatted text is kept on disk between runs (emit/memo.py, when a cache is in
  use), named by the piece, black's version and this module's code (which sets black's mode):
  a new version of a document is formatted only where its text changed. So the pieces are
  small: every top-level class is one, and a changed class costs black that class only.
"""

from __future__ import annotations

import ast
import atexit
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from amperity_codegen.emit import memo
from amperity_codegen.errors import CodegenError

if TYPE_CHECKING:
    from black.mode import Mode
# Modules longer than this are formatted in pieces of about this size: 1, each top-level class
# on its own (the unit an unchanged class is found again by in the cache; black is no slower
# on many small inputs than on their sum).
PIECE_CHARS = 1
_CLASS_START = "\n\n\nclass "
# A bound on what is remembered, for long-lived processes (`watch`): forgotten when reached.
_MEMO_CHARS = 64_000_000
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding amperity_codegen
_WORKER = (
    f"import sys; sys.path.insert(0, {str(_ROOT)!r}); "
    "from amperity_codegen.emit.format import _serve; _serve()"
)

# Python 3.11's AST constructor keeps per-interpreter state that two threads building trees at
# once corrupt ("SystemError: AST constructor recursion depth mismatch", CPython gh-106905): the
# package's files are formatted in a thread while this one models, so every tree is built under
# this lock.
AST_LOCK = threading.Lock()

_formatted: dict[str, str] = {}
_memo_chars = 0


class FormatError(CodegenError):
    """The renderer produced text that is not Python: a bug in a template, never the user's
    input."""

    prefix = "generation failed, previous output kept: "


def format_source(text: str, path: str = "<generated>") -> str:
    """`text` formatted by black; FormatError if it is not Python."""
    known = _formatted.get(text)
    if known is None:
        known = _recall(text)
    if known is not None:
        return known
    out = _format(path, text)
    _keep(text, out)
    return out


def formatted_here(text: str) -> bool:
    """Whether `text` is what black made in this process (or its cache, of black's making):
    black parsed it, so it is Python."""
    return _formatted.get(text) == text


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files, every `.py` one formatted by black (other files as they are)."""
    todo = {
        text: path
        for path, text in files.items()
        if path.endswith(".py") and text not in _formatted
    }
    pieces = {text: _pieces(text) for text in todo}
    work = [
        (path, piece)
        for text, path in todo.items()
        for piece in pieces[text]
        if piece not in _formatted and _recall(piece) is None
    ]
    if work and _deferred is not None:
        start_workers(_deferred)
    if _workers:
        # Longest first, each to the least loaded worker: even loads.
        futures = [
            (piece, _least_loaded().submit(path, piece))
            for path, piece in sorted(work, key=lambda w: -len(w[1]))
        ]
        for piece, future in futures:
            _keep(piece, future.result())
    for text, path in todo.items():
        if len(pieces[text]) > 1:
            _remember(
                text, "\n\n".join(format_source(piece, path) for piece in pieces[text])
            )
    return {
        path: format_source(text, path) if path.endswith(".py") else text
        for path, text in files.items()
    }


def _pieces(text: str) -> list[str]:
    """`text` cut before top-level classes into pieces of about PIECE_CHARS (or whole).

    A cut inside a string (a docstring holding a class) would leave a piece that does not
    parse: then the text stays whole, and black sees it as it is.
    """
    if len(text) <= PIECE_CHARS:
        return [text]
    pieces, start = [], 0
    while len(text) - start > PIECE_CHARS:
        cut = text.find(_CLASS_START, start + PIECE_CHARS)
        if cut < 0:
            break
        pieces.append(text[start : cut + 1])
        start = cut + 3  # the piece after starts at `class`
    pieces.append(text[start:])
    try:
        with AST_LOCK:
            for piece in pieces:
                compile(piece, "<piece>", "exec", ast.PyCF_ONLY_AST)
    except SyntaxError:
        return [text]
    return pieces


@cache
def _mode() -> Mode:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY311})


def _format(path: str, text: str) -> str:
    # Imported when first needed: a run with nothing to generate never formats anything.
    from black import format_str
    from black.parsing import InvalidInput

    try:
        return format_str(text, mode=_mode())
    except InvalidInput as exc:  # black parses the file: a syntax error surfaces here
        raise FormatError(f"{path}: generated code does not parse: {exc}") from exc


def _recall(text: str) -> str | None:
    """`text` formatted, from the cache on disk (remembered here too), or None."""
    store = memo.active()
    out = None if store is None else store.get(_memo_key(text))
    if out is not None:
        _remember(text, out)
    return out


def _keep(text: str, out: str) -> None:
    """Remember what black made of `text`, here and in the cache on disk."""
    _remember(text, out)
    store = memo.active()
    if store is not None:
        store.put(_memo_key(text), out)


def _memo_key(text: str) -> str:
    return memo.key(*_memo_salt(), text)


@cache
def _memo_salt() -> tuple[str, ...]:
    # What black makes of a text depends on its version and on the mode set here: this file.
    return (
        "black",
        metadata.version("black"),
        hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
    )


def _remember(text: str, out: str) -> None:
    global _memo_chars
    if _memo_chars > _MEMO_CHARS:
        _formatted.clear()
        _memo_chars = 0
    _formatted[text] = _formatted[out] = out
    _memo_chars += len(text) + len(out)


class _Worker:
    """A black worker interpreter: one JSON line per text in, one per result out, in order."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self._pending: deque[tuple[Future[str], int]] = deque()
        # Two locks, so that the reader never waits for a writer: a writer blocked on a full stdin
        # while holding the reader's lock would deadlock with a worker blocked on a full stdout.
        self._send = (
            threading.Lock()
        )  # a text's place in `_pending` is its place on stdin
        self._count = threading.Lock()
        self._stopped = False
        self.load = 0  # characters sent and not yet answered
        threading.Thread(target=self._read, daemon=True).start()

    def submit(self, path: str, text: str) -> Future[str]:
        future: Future[str] = Future()
        assert self._process.stdin is not None
        with self._send:
            if self._stopped:
                future.set_exception(FormatError("a black worker stopped unexpectedly"))
                return future
            with self._count:
                self.load += len(text)
            self._pending.append((future, len(text)))
            try:
                self._process.stdin.write(json.dumps([path, text]) + "\n")
                self._process.stdin.flush()
            except OSError:
                pass  # the worker is gone: `_read` fails what it never answered
        return future

    def _read(self) -> None:
        assert self._process.stdout is not None
        for line in self._process.stdout:
            ok, out = json.loads(line)
            future, size = self._pending.popleft()
            with self._count:
                self.load -= size
            if ok:
                future.set_result(out)
            else:
                future.set_exception(FormatError(out))
        with (
            self._send
        ):  # stdout ended: the worker is gone, so no writer is blocked on it
            self._stopped = True
            while self._pending:
                self._pending.popleft()[0].set_exception(
                    FormatError("a black worker stopped unexpectedly")
                )

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()


_workers: list[_Worker] = []


# Workers asked for with `when_needed`: how many, started with the first text to format.
_deferred: int | None = None
_starting = threading.Lock()


def start_workers(count: int | None = None, *, when_needed: bool = False) -> None:
    """Start the black workers (one per core), unless started; they stop when this process ends.

    `when_needed`: only once a text is not in the cache on disk. Black's import in two more
    interpreters is wasted work, on a small machine, for a regeneration that finds every piece;
    without a cache, starting now lets black import while the document is read.
    """
    global _deferred
    # Deferred workers are started by whichever thread formats first (the pipeline formats
    # templates and models in two): once.
    with _starting:
        if _workers:
            return
        if when_needed:
            _deferred = count or os.cpu_count() or 1
            return
        _deferred = None
        _workers.extend(_Worker() for _ in range(count or os.cpu_count() or 1))
    atexit.register(stop_workers)


def stop_workers() -> None:
    global _deferred
    _deferred = None
    while _workers:
        _workers.pop().close()


def _least_loaded() -> _Worker:
    return min(_workers, key=lambda worker: worker.load)


def _serve() -> None:
    """A worker: `[path, text]` lines on stdin → `[ok, formatted text or error]` lines on stdout."""
    for line in sys.stdin:
        path, text = json.loads(line)
        try:
            result = [True, _format(path, text)]
        except FormatError as exc:
            result = [False, str(exc)]
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()

"""Format the generated Python with black, so the output reads as if written by hand.

Black is most of the generator's time, so:
- each text is formatted once per process: the runtime is the same text in every package, and
  black's output is remembered as formatted too (it is its own fixed point);
- a large package's files are formatted in parallel, by one worker interpreter per core
  (`python -c`, not multiprocessing, which would re-import the caller's main module);
- a long module (models.py of a large document: megabytes of classes) is cut between its
  top-level classes and the pieces formatted separately: in parallel, and faster in total, as
  black slows down on very long inputs. Black lays out each top-level statement on its own and
  puts two blank lines between classes, so the pieces join into what black makes of the whole
  (tests/generator/test_format.py checks it on real models).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from black.mode import Mode
# Below this much text to format, starting workers (each importing black) costs more than it saves.
PARALLEL_CHARS = 500_000
# Modules longer than this are formatted in pieces of about this size.
PIECE_CHARS = 100_000
_CLASS_START = "\n\n\nclass "
# A bound on what is remembered, for long-lived processes (`watch`): forgotten when reached.
_MEMO_CHARS = 64_000_000
_ROOT = Path(__file__).resolve().parent.parent
_WORKER = f"import sys; sys.path.insert(0, {str(_ROOT)!r}); from generator.format import _serve; _serve()"

_formatted: dict[str, str] = {}
_memo_chars = 0


class FormatError(Exception):
    """The renderer produced text that is not Python: a bug in a template, never the user's input."""


def format_source(text: str, path: str = "<generated>") -> str:
    """`text` formatted by black; FormatError if it is not Python."""
    known = _formatted.get(text)
    if known is not None:
        return known
    out = _format(path, text)
    _remember(text, out)
    return out


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files, every `.py` one formatted by black (other files as they are)."""
    todo = {text: path for path, text in files.items() if path.endswith(".py") and text not in _formatted}
    pieces = {text: _pieces(text) for text in todo}
    work = [(path, piece) for text, path in todo.items() for piece in pieces[text]]
    workers = min(os.cpu_count() or 1, len(work))
    if workers > 1 and sum(len(text) for _, text in work) >= PARALLEL_CHARS:
        _format_in_workers(work, workers)
    for text, path in todo.items():
        if len(pieces[text]) > 1:
            _remember(text, "\n\n".join(format_source(piece, path) for piece in pieces[text]))
    return {path: format_source(text, path) if path.endswith(".py") else text for path, text in files.items()}


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


def _remember(text: str, out: str) -> None:
    global _memo_chars
    if _memo_chars > _MEMO_CHARS:
        _formatted.clear()
        _memo_chars = 0
    _formatted[text] = _formatted[out] = out
    _memo_chars += len(text) + len(out)


def _format_in_workers(files: list[tuple[str, str]], workers: int) -> None:
    """Format `files` (path, text) in `workers` fresh interpreters, remembering the results."""
    shares: list[list[tuple[str, str]]] = [[] for _ in range(workers)]
    loads = [0] * workers
    for path, text in sorted(files, key=lambda f: len(f[1]), reverse=True):  # longest first: even loads
        least = loads.index(min(loads))
        shares[least].append((path, text))
        loads[least] += len(text)

    def run(share: list[tuple[str, str]]) -> list[tuple[bool, str]]:
        done = subprocess.run(
            [sys.executable, "-I", "-c", _WORKER], input=json.dumps(share), capture_output=True, text=True
        )
        if done.returncode != 0:
            raise FormatError(f"a black worker failed: {done.stderr.strip()[-2000:]}")
        return [(ok, out) for ok, out in json.loads(done.stdout)]

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run, shares))
    for share, outs in zip(shares, results):
        for (path, text), (ok, out) in zip(share, outs):
            if not ok:
                raise FormatError(out)
            _remember(text, out)


def _serve() -> None:
    """A worker: [[path, text], ...] on stdin → [[ok, formatted text or error], ...] on stdout."""
    results = []
    for path, text in json.load(sys.stdin):
        try:
            results.append((True, _format(path, text)))
        except FormatError as exc:
            results.append((False, str(exc)))
    json.dump(results, sys.stdout)

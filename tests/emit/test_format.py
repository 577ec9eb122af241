"""The black stage: the same output whether formatted here, remembered, or by worker processes."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import black
import pytest

from amperity_codegen.emit import format as formatting
from amperity_codegen.emit.format import FormatError, format_files, format_source
from amperity_codegen.emit.render import runtime_files
from tests.support.project import ROOT

FILES = {
    "pkg/a.py": "x = {  'a':1,\n'b':2 }\n",
    "pkg/b.py": "def f(a,b):\n  return a+b\n",
    "pkg/c.py": "class C:\n  y:int=1\n" + "z = 1\n" * 50,
    "README.md": "x = {  'a':1 }\n",  # not Python: left as it is
}


@pytest.fixture(autouse=True)
def forget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "_formatted", {})


def expected(files: dict[str, str]) -> dict[str, str]:
    mode = black.Mode(target_versions={black.TargetVersion.PY311})
    return {
        p: black.format_str(t, mode=mode) if p.endswith(".py") else t
        for p, t in files.items()
    }


def test_files_are_formatted_by_black_and_other_files_kept() -> None:
    assert format_files(FILES) == expected(FILES)


@pytest.fixture
def workers() -> Iterator[None]:
    formatting.start_workers(2)
    try:
        yield
    finally:
        formatting.stop_workers()


def test_worker_processes_format_exactly_alike(
    monkeypatch: pytest.MonkeyPatch, workers: None
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(
        formatting, "_format", lambda path, text: calls.append(path) or text
    )  # must not run here
    assert format_files(FILES) == expected(FILES)
    assert calls == []


def test_a_syntax_error_names_the_file_in_a_worker_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = {**FILES, "pkg/broken.py": "def f(:\n"}
    with pytest.raises(
        FormatError, match="pkg/broken.py: generated code does not parse"
    ):
        format_files(broken)
    monkeypatch.setattr(formatting, "_formatted", {})
    formatting.start_workers(2)
    try:
        with pytest.raises(
            FormatError, match="pkg/broken.py: generated code does not parse"
        ):
            format_files(broken)
        # The workers go on serving after a file they could not format.
        assert format_files(FILES) == expected(FILES)
    finally:
        formatting.stop_workers()


def test_a_worker_that_dies_fails_what_it_was_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        formatting, "_WORKER", "import sys; sys.stdin.readline(); sys.exit(3)"
    )
    formatting.start_workers(1)
    try:
        with pytest.raises(FormatError, match="a black worker stopped unexpectedly"):
            format_files(FILES)
    finally:
        formatting.stop_workers()


def test_a_worker_fed_faster_than_it_answers_does_not_deadlock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An echoing worker and far more text than the pipes hold: every text is sent before any
    # answer is read, so the reader must keep draining while the writer is blocked.
    echo = (
        "import sys\nfor line in sys.stdin:\n"
        "    sys.stdout.write('[true, %s]\\n' % line.split(', ', 1)[1][:-2])\n"
        "    sys.stdout.flush()"
    )
    monkeypatch.setattr(formatting, "_WORKER", echo)
    files = {f"pkg/m{i}.py": f"x{i} = '{'y' * 50_000}'\n" for i in range(200)}
    formatting.start_workers(1)
    done: list[dict[str, str]] = []
    try:
        thread = threading.Thread(
            target=lambda: done.append(format_files(files)), daemon=True
        )
        thread.start()
        thread.join(120)  # a bound, not a timing: a deadlock never finishes
        assert done == [files]
    finally:
        if not thread.is_alive():
            formatting.stop_workers()


def test_formatted_text_is_remembered_as_its_own_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = format_source(FILES["pkg/a.py"])
    monkeypatch.setattr(
        formatting, "_format", lambda path, text: pytest.fail("formatted twice")
    )
    assert format_source(FILES["pkg/a.py"]) == out
    assert (
        format_source(out) == out
    )  # black's output is a fixed point: not formatted again


def test_the_runtime_is_bundled_already_black_formatted() -> None:
    """The runtime is copied into each package without a formatting pass: it must be what
    black (in the generator's mode) makes of it, or the generated packages would not be.
    """
    files = runtime_files("pkg")
    assert "pkg/_runtime/_client.py" in files
    assert expected(files) == files


def test_a_long_module_is_cut_only_between_top_level_classes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(formatting, "PIECE_CHARS", 40)
    plain = "".join(f"class C{i}:\n    x: int = {i}\n\n\n" for i in range(6))
    pieces = formatting._pieces(plain)
    assert len(pieces) > 1 and all(piece.startswith("class ") for piece in pieces)
    assert format_files({"m.py": plain}) == expected({"m.py": plain})
    # A docstring holding what looks like a class boundary: cutting there would break it.
    tricky = (
        'class A:\n    """'
        + "words " * 10
        + '\n\n\nclass B:\n    y = 1\n"""\n\n\nclass C:\n    z = 2\n'
    )
    assert formatting._pieces(tricky) == [tricky]
    assert format_files({"m.py": tricky}) == expected({"m.py": tricky})


@pytest.mark.slow
def test_every_module_of_the_general_corpus_in_pieces_is_what_black_makes_of_the_whole() -> (
    None
):
    """Each top-level class is a piece (PIECE_CHARS): on hostile documents too, the pieces join
    into black's output for the whole module."""
    from amperity_codegen.build import pipeline
    from amperity_codegen.emit.models import render_models
    from amperity_codegen.emit.render import render

    cut = 0
    for document in sorted((ROOT / "tests" / "corpus" / "general").glob("*.yaml")):
        api = pipeline.load_ir(document, package="pkg")
        files = render(api, package_version="1.0.0") | {
            f"pkg/{path}": text
            for path, text in render_models(api, formatted=False).items()
        }
        modules = {path: text for path, text in files.items() if path.endswith(".py")}
        for path, whole in expected(modules).items():
            pieces = formatting._pieces(modules[path])
            cut += len(pieces) > 1
            assert (
                "\n\n".join(expected({path: piece})[path] for piece in pieces) == whole
            ), path
    assert cut > 10

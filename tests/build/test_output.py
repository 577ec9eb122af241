"""The package's checks before it is put in place: what does not parse or import is refused
(the previous output kept), and what is known to parse (black's output, a text parsed before) is
not parsed again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from amperity_codegen.build import output
from amperity_codegen.build.output import (
    OutputError,
    stage_package,
    stop_check,
    warm_checker,
)
from amperity_codegen.emit.format import format_source


def test_a_file_that_does_not_parse_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"pkg/broken\.py does not parse"):
        stage_package(
            {"pkg/__init__.py": "", "pkg/broken.py": "def f(:\n"}, tmp_path, "pkg"
        )
    assert not (tmp_path / "pkg").exists()


def test_black_output_and_texts_parsed_before_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    real_parse = ast.parse

    def parse(text: str, filename: str) -> ast.Module:
        parsed.append(text)
        return real_parse(text, filename=filename)

    monkeypatch.setattr(output, "_parsed", set())
    monkeypatch.setattr(ast, "parse", parse)
    formatted = format_source("x = {  'a':1 }\n")
    plain = "y = 2\n"  # not black's output here: parsed, once
    files = {"pkg/__init__.py": formatted, "pkg/plain.py": plain}
    stage_package(files, tmp_path / "one", "pkg").commit()
    stage_package(files, tmp_path / "two", "pkg").commit()
    assert parsed == [plain]


@pytest.mark.parametrize("warm", [False, True], ids=["started-on-staging", "warm"])
def test_a_module_that_does_not_import_is_refused_and_the_previous_output_kept(
    tmp_path: Path, warm: bool
) -> None:
    stage_package({"pkg/__init__.py": "VERSION = 1\n"}, tmp_path, "pkg").commit()
    broken = {
        "pkg/__init__.py": "VERSION = 2\n",
        # Parses; fails only when imported: only the check in another interpreter sees it.
        "pkg/sub.py": "import a_module_nobody_declared\n",
    }
    staged = stage_package(broken, tmp_path, "pkg", warm_checker() if warm else None)
    with pytest.raises(
        OutputError,
        match=r"package pkg does not import: .*No module named 'a_module_nobody_declared'",
    ):
        staged.commit()
    kept = tmp_path / "pkg" / "pkg"  # out_dir / project / package
    assert (kept / "__init__.py").read_text() == "VERSION = 1\n"
    assert not (kept / "sub.py").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]  # no staging folder left


def test_a_warm_checker_imports_the_package_it_is_given(tmp_path: Path) -> None:
    checker = warm_checker()
    files = {"pkg/__init__.py": "from pkg import sub\n", "pkg/sub.py": "X = 1\n"}
    assert stage_package(files, tmp_path, "pkg", checker).commit() == tmp_path / "pkg"
    assert checker.returncode == 0


def test_a_checker_no_longer_wanted_is_stopped() -> None:
    checker = warm_checker()
    stop_check(checker)
    assert checker.returncode is not None
    stop_check(checker)  # once finished: nothing to do

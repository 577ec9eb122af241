"""The package's checks before it is put in place: what does not parse is refused, and what is
known to parse (black's output, a text parsed before) is not parsed again."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from amperity_codegen.build import output
from amperity_codegen.build.output import OutputError, stage_package
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

"""The generator's command line against hostile and broken documents (the `make test` part of
the corpus; `make reliability` runs every case, a 50 MB document among them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.harness import ROOT, Outcome, run_corpus
from tests.reliability.hostile import base_document, cases, write_json

FULL = os.environ.get("RELIABILITY_FULL") == "1"
CASES = [c for c in cases() if c.fast or FULL]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    return {
        o.case.name: o for o in run_corpus(CASES, tmp_path_factory.mktemp("corpus"))
    }


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_generates_a_sound_package_or_refuses_with_a_located_message(
    outcomes: dict[str, Outcome], name: str
) -> None:
    outcome = outcomes[name]
    assert outcome.problems == [], outcome.first_line
    assert outcome.exit_code in (0, 1)
    if outcome.case.expect != "either":
        assert outcome.generated == (outcome.case.expect == "generate")


def test_the_corpus_covers_every_kind_of_hostile_input() -> None:
    groups = {c.group for c in cases()}
    assert groups == {
        "code in text",
        "names",
        "references",
        "YAML",
        "nesting and size",
        "broken input",
    }
    assert any(c.name == "document-50-mb" for c in cases())


@pytest.mark.parametrize(
    ("package", "out"),
    [
        ("class", "fresh"),
        ("ok", "a-file"),
        ("ok", "a-file/below"),
        ("ok", "/proc/no-such-folder"),
    ],
)
def test_a_bad_package_name_or_output_folder_is_an_error_not_a_traceback(
    tmp_path: Path, package: str, out: str
) -> None:
    doc = write_json(tmp_path, base_document())
    (tmp_path / "a-file").write_text("not a folder")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "amperity_codegen",
            "generate",
            str(doc),
            "--package",
            package,
            "--out",
            str(tmp_path / out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert not (tmp_path / "fresh").exists()

"""The one answer to "is this package folder what its job generates?"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from amperity_codegen.build.freshness import package_files, stale_files


def test_missing_extra_and_changed_files_are_stale(tmp_path: Path) -> None:
    expected = {
        "pyproject.toml": "x",
        "pkg/a.py": "1",
        "pkg/b.py": "2",
        "pkg/c.py": "3",
    }
    actual = {
        "pyproject.toml": "x",
        "pkg/a.py": "1",
        "pkg/b.py": "2 edited",
        "pkg/extra.py": "",
        # Caches and hidden files are not part of a package: never built, never compared.
        "pkg/__pycache__/a.cpython-311.pyc": "",
        ".mypy_cache/3.11/x.json": "",
        ".amperity_api.stamp": "",
    }
    for rel, text in actual.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert stale_files(expected, tmp_path) == ["pkg/b.py", "pkg/c.py", "pkg/extra.py"]
    assert sorted(package_files(tmp_path)) == [
        "pkg/a.py",
        "pkg/b.py",
        "pkg/extra.py",
        "pyproject.toml",
    ]
    assert (
        stale_files(
            {rel: p.read_text() for rel, p in package_files(tmp_path).items()}, tmp_path
        )
        == []
    )
    assert stale_files(expected, tmp_path / "missing") == sorted(expected)


def test_an_up_to_date_package_is_told_without_loading_the_stages(
    tmp_path: Path,
) -> None:
    """What users wait for on every run with nothing changed: no validator, parser or renderer
    is imported (openapi-spec-validator alone takes a quarter of a second)."""
    doc = Path(__file__).resolve().parents[1] / "corpus" / "general" / "plain.yaml"
    command = ["generate", str(doc), "--package", "p_plain", "--out", str(tmp_path)]
    script = f"""
import sys
from amperity_codegen.cli import app
try:
    app({command!r})
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
stages = ("openapi_spec_validator", "amperity_codegen.document.validate",
          "amperity_codegen.ir.parse", "amperity_codegen.emit.models", "jinja2")
print(sorted(m for m in stages if m in sys.modules))
"""
    first = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True
    )
    assert "generated" in first.stdout, first.stdout + first.stderr
    again = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True
    )
    assert "unchanged" in again.stdout, again.stdout + again.stderr
    assert again.stdout.rstrip().endswith("[]"), again.stdout

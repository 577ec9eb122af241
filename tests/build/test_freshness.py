"""The one answer to "is this package folder what its job generates?"."""

from __future__ import annotations

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

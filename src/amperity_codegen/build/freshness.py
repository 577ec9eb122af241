"""Is a package folder exactly what its job generates? The one answer, for generate (through the
stamps in `cache`, which record it), publish, watch and the drift test.

A package folder's files are its own files: caches and hidden files (`__pycache__`, `.pyc`,
`.mypy_cache`, stamps) are never part of it, never compared and never built.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def _ignored(rel: Path) -> bool:
    return (
        any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
        or rel.suffix == ".pyc"
    )


def package_files(folder: Path) -> dict[str, Path]:
    """Every file of a package folder by its relative POSIX path, caches and hidden files left
    out."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not _ignored(rel):
            files[rel.as_posix()] = path
    return files


def stale_files(expected: Mapping[str, str], folder: Path) -> list[str]:
    """The relative paths, sorted, that are missing from `folder`, extra in it, or differ from
    `expected` (none: the folder is current)."""
    have = package_files(folder) if folder.is_dir() else {}
    return sorted(
        rel
        for rel in expected.keys() | have.keys()
        if rel not in expected
        or rel not in have
        or have[rel].read_bytes() != expected[rel].encode("utf-8")
    )

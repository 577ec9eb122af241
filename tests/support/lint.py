"""ruff with the project's own configuration (pyproject.toml), on any folder of generated code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.project import ROOT


def ruff_findings(*folders: Path) -> str:
    """What `ruff check` reports on `folders` (empty when clean)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--output-format",
            "concise",
            "--config",
            str(ROOT / "pyproject.toml"),
            *map(str, folders),
        ],
        capture_output=True,
        text=True,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr

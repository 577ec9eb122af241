"""`mypy --strict` on generated packages, each found through its project folder (MYPYPATH)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path


def mypy_findings(projects: Iterable[Path], packages: Iterable[str]) -> str:
    """What `mypy --strict` reports on `packages` (empty when clean), with every project folder
    on the path: one run over all of them."""
    folders = [str(p) for p in projects]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
        ]
        + [arg for package in packages for arg in ("-p", package)],
        env={**os.environ, "MYPYPATH": os.pathsep.join(folders)},
        capture_output=True,
        text=True,
    )
    return "" if result.returncode == 0 else result.stdout + result.stderr

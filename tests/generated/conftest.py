"""The generated packages, importable from `generated/<package>/` as they are committed."""

from __future__ import annotations

import sys

from tests.support.project import GENERATED

for project in sorted(GENERATED.iterdir()):
    if (
        project.is_dir()
        and not project.name.startswith(".")
        and str(project) not in sys.path
    ):
        sys.path.insert(0, str(project))

"""The real Amperity documents beside the project (`../shared/amperity`), read in place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared" / "amperity"
OPENAPI = SHARED / "openapi"
HISTORY = OPENAPI / "history"
CHANGELOG = SHARED / "changelog"
DOCS = SHARED / "docs"  # the documentation pages, the Real-time API's only description
REALTIME = ROOT / "spec" / "authored" / "realtime-api.yaml"  # written from DOCS
STABLE = OPENAPI / "control-plane-2024-04-01-openapi.json"
UNSTABLE = OPENAPI / "control-plane-unstable-openapi.json"
PROFILE = OPENAPI / "openapi-profile-v2.json"


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))

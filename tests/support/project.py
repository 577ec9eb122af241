"""This checkout as a workspace: the real sources, lock and generated packages the tests read."""

from __future__ import annotations

from pathlib import Path

from amperity_codegen.workspace import Workspace
from amperity_codegen.workspace.sources import Source, load_sources

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE = Workspace.at(ROOT)
GENERATED = WORKSPACE.generated


def sources() -> list[Source]:
    return load_sources(WORKSPACE.sources)

"""The workspace: the folder that holds a project's sources, state files and generated packages.

Every path the generator reads or writes besides its own package data is owned here, so the
generator works from any directory and installed from a wheel: the workspace is named by
`--project DIR`, or found by walking up from the current directory to the first folder with a
`spec/sources.toml`. Generating one document (`generate DOC --package NAME --out DIR`) needs none.

    <root>/spec/sources.toml        which documents, and how (workspace.sources)
    <root>/spec/lock.json           the bytes each package is generated from (workspace.lock)
    <root>/spec/versions.json       package → version, and the generator's hash (release.watch)
    <root>/spec/changelogs/<package>.md
    <root>/spec/snapshots/<source>.json
    <root>/spec/pending.json        releases regenerated but not yet published (release.watch)
    <root>/spec/overlays/           repairs, named from sources.toml
    <root>/generated/<package>/     the generated packages
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from amperity_codegen.errors import CodegenError

DEFAULT_PACKAGE_VERSION = "1.0.0"
MARKER = Path("spec") / "sources.toml"


class WorkspaceError(CodegenError):
    """No workspace where one is needed."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    generated: Path  # <root>/generated unless a command says otherwise

    @classmethod
    def at(cls, root: Path, generated: Path | None = None) -> Workspace:
        root = root.resolve()
        return cls(root, generated if generated is not None else root / "generated")

    @classmethod
    def find(
        cls, project: Path | None = None, start: Path | None = None
    ) -> Workspace | None:
        """The workspace named by `project`, else the nearest one above `start` (the current
        directory); None when there is none. A named folder without spec/sources.toml is an error:
        the user meant it."""
        if project is not None:
            if not (project / MARKER).is_file():
                raise WorkspaceError(f"{project}: not a workspace (no {MARKER})")
            return cls.at(project)
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / MARKER).is_file():
                return cls.at(folder)
        return None

    @classmethod
    def require(
        cls, project: Path | None = None, start: Path | None = None
    ) -> Workspace:
        found = cls.find(project, start)
        if found is None:
            raise WorkspaceError(
                f"no workspace here: run inside a project (a folder with {MARKER}) or pass "
                "--project DIR"
            )
        return found

    @property
    def spec(self) -> Path:
        return self.root / "spec"

    @property
    def sources(self) -> Path:
        return self.spec / "sources.toml"

    @property
    def lock(self) -> Path:
        return self.spec / "lock.json"

    @property
    def versions(self) -> Path:
        return self.spec / "versions.json"

    @property
    def changelogs(self) -> Path:
        return self.spec / "changelogs"

    @property
    def snapshots(self) -> Path:
        return self.spec / "snapshots"

    @property
    def pending(self) -> Path:
        """Releases `watch --publish` regenerated that are not on the index yet: package →
        version."""
        return self.spec / "pending.json"

    def located(self, recorded: str) -> str | Path:
        """A document location as the lock records it: URLs as they are, paths relative to the
        root."""
        if "://" in recorded or Path(recorded).is_absolute():
            return recorded
        return self.root / recorded

    def recorded(self, location: str | Path) -> str:
        """How the lock records `location`: a path inside the workspace relative to its root, so
        the lock does not depend on how the mirror was named on the command line."""
        if isinstance(location, str) and "://" in location:
            return location
        return Path(os.path.relpath(Path(location).resolve(), self.root)).as_posix()

    def package_version(self, package: str) -> str:
        try:
            versions = json.loads(self.versions.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return DEFAULT_PACKAGE_VERSION
        return str(versions.get(package, DEFAULT_PACKAGE_VERSION))

    def package_changelog(self, package: str) -> str:
        path = self.changelogs / f"{package}.md"
        return path.read_text(encoding="utf-8") if path.exists() else ""

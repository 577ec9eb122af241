"""The flow, end to end: document → IR → files → formatted → swapped into place.

Each stage is a plain function in its own module; this one only chains them.
"""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import cache
from generator.errors import SpecError
from generator.fetch import read_lock
from generator.load import read_source
from generator.format import format_files
from generator.output import Staged, stage_package
from generator.sources import DEFAULT_LICENSE, SPEC_DIR, Source

if TYPE_CHECKING:
    from generator import ir

ROOT = SPEC_DIR.parent
GENERATED = ROOT / "generated"
VERSIONS_FILE = (
    SPEC_DIR / "versions.json"
)  # package → its current version (watch bumps it)
CHANGELOGS = (
    SPEC_DIR / "changelogs"
)  # <package>.md, shipped in the package as CHANGELOG.md

DEFAULT_PACKAGE_VERSION = "1.0.0"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    api: ir.Api
    path: Path
    files: int


def load_ir(
    source: str | Path,
    *,
    package: str,
    overlays: tuple[Path, ...] = (),
    rate_limit: float | None = None,
    client_parameters: Mapping[str, str] | None = None,
) -> ir.Api:
    """The IR of one document: loaded, upgraded, repaired, validated and parsed.

    `client_parameters` None (no source configuration): the Amperity headers the document declares.
    """
    # The stages are imported where they run: `amperity-codegen generate` on up-to-date packages
    # never runs them, and their libraries (openapi-spec-validator, datamodel-code-generator,
    # black, jinja2) take most of a second to import.
    from generator.document import prepare
    from generator.parse import build_ir

    doc = prepare(source, list(overlays))
    return build_ir(
        doc, package=package, rate_limit=rate_limit, client_parameters=client_parameters
    )


def render_package(
    api: ir.Api, *, package_version: str, changelog: str = "", license: str = DEFAULT_LICENSE
) -> dict[str, str]:
    """Every file of the package, formatted: deterministic for a given IR and version."""
    from generator.models import render_models
    from generator.render import render, runtime_files

    # The templates' files are formatted (by black's workers, when large) while this process
    # runs datamodel-code-generator: the two longest stages side by side.
    with ThreadPoolExecutor(1) as background:
        formatting = background.submit(
            format_files, render(api, package_version=package_version, changelog=bool(changelog), license=license)
        )
        models = {f"{api.package}/models.py": render_models(api, formatted=False)}
        files = formatting.result() | format_files(models)
    if changelog:
        files["CHANGELOG.md"] = changelog
    return files | runtime_files(api.package)


def generate(
    source: str | Path,
    *,
    package: str,
    out: Path,
    overlays: tuple[Path, ...] = (),
    rate_limit: float | None = None,
    client_parameters: Mapping[str, str] | None = None,
    package_version: str = DEFAULT_PACKAGE_VERSION,
    changelog: str = "",
    license: str = DEFAULT_LICENSE,
    progress: Progress = lambda _: None,
) -> Started:
    """Generate `out/package/` from `source` into a staging folder: `finish()` puts it in place
    once its import check passes, all-or-nothing."""
    progress(f"reading {source}")
    api = load_ir(
        source,
        package=package,
        overlays=overlays,
        rate_limit=rate_limit,
        client_parameters=client_parameters,
    )
    progress(f"rendering {package}")
    files = render_package(api, package_version=package_version, changelog=changelog, license=license)
    progress(f"writing {out / package}")
    return Started(api, stage_package(files, out, package), len(files))


@dataclass
class Started:
    """A package generated and staged, its import check running in another process.

    Starting the next package before finishing this one keeps both cores busy.
    """

    api: ir.Api
    staged: Staged
    files: int
    on_finish: Callable[[ir.Api], object] = lambda _: None

    def finish(self) -> Generated:
        """Wait for the check and swap the package into place (OutputError if it failed)."""
        result = Generated(self.api, self.staged.commit(), self.files)
        self.on_finish(self.api)
        return result

    def discard(self) -> None:
        """Drop the staged package (nothing, once finished): the previous output stays."""
        self.staged.discard()


@dataclass(frozen=True)
class Job:
    """One package to generate, with everything the pipeline needs to know about it."""

    source: str | Path
    package: str
    out: Path
    overlays: tuple[Path, ...] = ()
    rate_limit: float | None = None
    client_parameters: Mapping[str, str] | None = None
    package_version: str = DEFAULT_PACKAGE_VERSION
    changelog: str = field(default="", repr=False)
    license: str = DEFAULT_LICENSE

    def up_to_date(self) -> cache.Stamp | None:
        """The stamp of `out/package/` if it is what `run` would write, else None."""
        return cache.current(self.out, self.package, self._inputs())

    def run(
        self, progress: Progress = lambda _: None, *, stamp: bool = False
    ) -> Generated:
        """Generate the package; with `stamp`, leave beside it the stamp `up_to_date` reads."""
        return self.start(progress, stamp=stamp).finish()

    def start(
        self, progress: Progress = lambda _: None, *, stamp: bool = False
    ) -> Started:
        """`run`, up to the import check: the caller finishes (or discards) what it returns."""
        inputs = self._inputs() if stamp else ""
        started = generate(
            self.source,
            package=self.package,
            out=self.out,
            overlays=self.overlays,
            rate_limit=self.rate_limit,
            client_parameters=self.client_parameters,
            package_version=self.package_version,
            changelog=self.changelog,
            license=self.license,
            progress=progress,
        )
        if stamp:
            started.on_finish = lambda api: cache.write_stamp(
                self.out,
                self.package,
                inputs,
                api_version=api.version,
                operations=len(api.operations),
            )
        return started

    def _inputs(self) -> str:
        return cache.inputs_fingerprint(
            self.source,
            package=self.package,
            overlays=self.overlays,
            rate_limit=self.rate_limit,
            client_parameters=self.client_parameters,
            package_version=self.package_version,
            changelog=self.changelog,
            license=self.license,
        )


def package_version(package: str) -> str:
    try:
        versions = json.loads(VERSIONS_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return DEFAULT_PACKAGE_VERSION
    return str(versions.get(package, DEFAULT_PACKAGE_VERSION))


def package_changelog(package: str) -> str:
    path = CHANGELOGS / f"{package}.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def locked_document(source: Source, lock_path: Path | None = None) -> str | Path:
    """Where the locked bytes of `source` are, after checking they are still those bytes."""
    lock_path = lock_path or SPEC_DIR / "lock.json"
    entry = read_lock(lock_path).entry(source.name)
    if entry is None:
        raise SpecError(
            str(lock_path),
            "",
            f"{source.name} was never fetched: run `amperity-codegen fetch`",
        )
    location: str | Path = entry.source
    if "://" not in entry.source and not Path(entry.source).is_absolute():
        location = (
            ROOT / entry.source
        )  # the lock records mirror paths relative to the project
    if hashlib.sha256(read_source(location)).hexdigest() != entry.sha256:
        raise SpecError(
            str(location),
            "",
            f"changed since it was locked: run `amperity-codegen fetch` to take it",
        )
    return location


def job_for_source(source: Source, out: Path = GENERATED) -> Job:
    """The job that regenerates `source`'s package from its locked document."""
    return Job(
        source=locked_document(source),
        package=source.package,
        out=out,
        overlays=source.overlays,
        rate_limit=source.rate_limit,
        client_parameters=source.client_parameters,
        package_version=package_version(source.package),
        changelog=package_changelog(source.package),
        license=source.license,
    )


def job_for_document(
    doc: str,
    package: str,
    out: Path,
    overlays: Sequence[Path],
    sources: Sequence[Source],
) -> Job:
    """A job for any document: the configuration of the source with the same file name, if any
    (so a historical version gets its source's overlays), plus the overlays given."""
    name = doc.rstrip("/").rsplit("/", 1)[-1]
    match = next((s for s in sources if s.file == name), None)
    return Job(
        source=doc,
        package=package,
        out=out,
        overlays=(*(match.overlays if match else ()), *overlays),
        rate_limit=match.rate_limit if match else None,
        client_parameters=match.client_parameters if match else None,
        license=match.license if match else DEFAULT_LICENSE,
    )

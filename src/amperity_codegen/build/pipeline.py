"""The flow, end to end: document → IR → files → formatted → swapped into place.

Each stage is a plain function in its own module; this one only chains them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from amperity_codegen.build import stamps
from amperity_codegen.build.freshness import stale_files
from amperity_codegen.build.output import (
    Staged,
    stage_package,
    stop_check,
    warm_checker,
)
from amperity_codegen.document.load import read_source
from amperity_codegen.emit import DEFAULT_LICENSE, memo
from amperity_codegen.emit import format as formatting
from amperity_codegen.emit.format import format_files
from amperity_codegen.errors import SpecError
from amperity_codegen.workspace import DEFAULT_PACKAGE_VERSION, Workspace
from amperity_codegen.workspace.lock import read_lock
from amperity_codegen.workspace.sources import Source

if TYPE_CHECKING:
    from amperity_codegen.ir import model as ir

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
    from amperity_codegen.document.prepare import prepare
    from amperity_codegen.ir.parse import build_ir

    doc = prepare(source, list(overlays))
    return build_ir(
        doc, package=package, rate_limit=rate_limit, client_parameters=client_parameters
    )


def render_package(
    api: ir.Api,
    *,
    package_version: str,
    changelog: str = "",
    license: str = DEFAULT_LICENSE,
) -> dict[str, str]:
    """Every file of the package, formatted: deterministic for a given IR and version."""
    from amperity_codegen.emit.models import render_models
    from amperity_codegen.emit.render import render, runtime_files

    # The templates' files are formatted (by black's workers, when large) while this process
    # runs datamodel-code-generator: the two longest stages side by side.
    with ThreadPoolExecutor(1) as background:
        formatting = background.submit(
            format_files,
            render(
                api,
                package_version=package_version,
                changelog=bool(changelog),
                license=license,
            ),
        )
        models = {
            f"{api.package}/{path}": text
            for path, text in render_models(api, formatted=False).items()
        }
        files = formatting.result() | format_files(models)
    if changelog:
        files["CHANGELOG.md"] = changelog
    return files | runtime_files(api.package)


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

    def up_to_date(self) -> stamps.Stamp | None:
        """The stamp of `out/package/` if it is what `run` would write, else None (quick: the
        stamp records the answer of `stale_files` when the package was written)."""
        return stamps.current(self.out, self.package, self._inputs())

    def load_ir(self) -> ir.Api:
        return load_ir(
            self.source,
            package=self.package,
            overlays=self.overlays,
            rate_limit=self.rate_limit,
            client_parameters=self.client_parameters,
        )

    def expected_files(self) -> dict[str, str]:
        """What the job generates, file by file, without writing it anywhere."""
        return render_package(
            self.load_ir(),
            package_version=self.package_version,
            changelog=self.changelog,
        )

    def stale_files(self, folder: Path | None = None) -> list[str]:
        """The files of `folder` (default `out/package/`) that differ from what the job
        generates, regenerated in memory: none when it is current."""
        return stale_files(self.expected_files(), folder or self.out / self.package)

    def run(
        self, progress: Progress = lambda _: None, *, stamp: bool = False
    ) -> Generated:
        """Generate the package; with `stamp`, leave beside it the stamp `up_to_date` reads."""
        return self.start(progress, stamp=stamp).finish()

    def start(
        self, progress: Progress = lambda _: None, *, stamp: bool = False
    ) -> Started:
        """`run`, up to the import check: the package is generated into a staging folder, its
        import check started in another process; the caller finishes (puts it in place,
        all-or-nothing) or discards what it returns."""
        inputs = self._inputs() if stamp else ""
        # Started first: it loads the package's dependencies while this reads and renders.
        checker = warm_checker()
        try:
            progress(f"reading {self.source}")
            api = self.load_ir()
            progress(f"rendering {self.package}")
            try:
                files = render_package(
                    api,
                    package_version=self.package_version,
                    changelog=self.changelog,
                    license=self.license,
                )
            except SpecError as exc:
                # Imported here, as the stages are (load_ir): it brings in the validator.
                from amperity_codegen.document.prepare import locate_in_source

                raise locate_in_source(exc, self.source, self.overlays) from None
            progress(f"writing {self.out / self.package}")
            staged = stage_package(files, self.out, self.package, checker)
        except BaseException:
            stop_check(checker)
            raise
        started = Started(api, staged, len(files))
        if stamp:
            started.on_finish = lambda api: self.write_stamp(api, inputs)
        return started

    def write_stamp(self, api: ir.Api, inputs: str | None = None) -> None:
        """Record that `out/package/` (just written from `api`) is what the job generates, so
        `up_to_date` skips it next time (whoever wrote it: `build`, or `watch`)."""
        stamps.write_stamp(
            self.out,
            self.package,
            self._inputs() if inputs is None else inputs,
            api_version=api.version,
            operations=len(api.operations),
        )

    def _inputs(self) -> str:
        options = {
            "package": self.package,
            "rate_limit": self.rate_limit,
            "client_parameters": (
                None if self.client_parameters is None else dict(self.client_parameters)
            ),
            "package_version": self.package_version,
            "changelog": self.changelog,
            "license": self.license,
        }
        return stamps.inputs_fingerprint(self.source, self.overlays, options)


def locked_document(source: Source, workspace: Workspace) -> str | Path:
    """Where the locked bytes of `source` are, after checking they are still those bytes."""
    lock_path = workspace.lock
    entry = read_lock(lock_path).entry(source.name)
    if entry is None:
        raise SpecError(
            str(lock_path),
            "",
            f"{source.name} was never fetched: run `amperity-codegen fetch`",
        )
    location = workspace.located(entry.source)
    if hashlib.sha256(read_source(location)).hexdigest() != entry.sha256:
        raise SpecError(
            str(location),
            "",
            "changed since it was locked: run `amperity-codegen fetch` to take it",
        )
    return location


def job_for_source(
    source: Source, workspace: Workspace, out: Path | None = None
) -> Job:
    """The job that regenerates `source`'s package from its locked document (into `out`, by
    default the workspace's generated/)."""
    return Job(
        source=locked_document(source, workspace),
        package=source.package,
        out=workspace.generated if out is None else out,
        overlays=source.overlays,
        rate_limit=source.rate_limit,
        client_parameters=source.client_parameters,
        package_version=workspace.package_version(source.package),
        changelog=workspace.package_changelog(source.package),
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


@dataclass(frozen=True)
class Built:
    """What `build` did for one job."""

    job: Job
    api_version: str
    operations: int
    files: int
    generated: bool  # False: the output was already what the job would write


def build(
    jobs: Sequence[Job],
    progress: Progress = lambda _: None,
    *,
    cache: Path | None = None,
) -> list[Built]:
    """Bring each job's output up to date, all-or-nothing per package, stamping what it writes.

    A job whose inputs and output are as the last run left them is skipped. Each package's
    import check runs while the next one is generated; none is put in place until all are
    generated, and a failure leaves every previous output as it was. `cache`: the folder of
    black's and datamodel-code-generator's output kept between runs (emit.memo), or None.
    """
    done: dict[str, Built] = {}
    started: list[tuple[Job, Started]] = []
    try:
        with stamps.code_read_once(), memo.use(cache) as store:
            # Most of what a cache that holds entries is asked for, it has: no black until then.
            lazy = store is not None and store.holds_entries()
            for job in jobs:
                stamp = job.up_to_date()
                if stamp is None:
                    # Black imports there while this reads the document (lazy: once a text is
                    # not in the cache).
                    formatting.start_workers(when_needed=lazy)
                    started.append((job, job.start(progress, stamp=True)))
                else:
                    done[job.package] = Built(
                        job, stamp.api_version, stamp.operations, stamp.files, False
                    )
            for job, pending in started:
                progress(f"checking {job.package}")
                result = pending.finish()
                done[job.package] = Built(
                    job,
                    result.api.version,
                    len(result.api.operations),
                    result.files,
                    True,
                )
    finally:
        for _, pending in started:
            pending.discard()
    return [done[job.package] for job in jobs]

"""`amperity-codegen watch`: keep the packages current with what Amperity publishes.

Two things can make a package out of date: Amperity publishes a new document (a new api-version,
or new bytes under the same one), or the generator, its templates or its runtime change. So watch
reads the changelog page and reports what it announces, fetches every source and compares its
sha256 with spec/lock.json, and compares a hash of the generator's code with the one recorded in
spec/versions.json. A changelog announcement alone never regenerates anything: the documents do.

For each source that changed it diffs the IR the package was last generated from against the new
one, bumps the package's version (generator.diff.bump), prepends release notes to
spec/changelogs/<package>.md and regenerates generated/<package>, all-or-nothing.

A source whose document is authored in the project (the Real-time API's) has no published
document to wait for: its truth is its documentation pages. When the changelog announces its
API, watch checks the document against the pages (generator/pages.py) before anything else, and
a difference fails the run with every difference named (page, line, document pointer): the
document must be brought up to date by hand, never a stale client shipped.

The previous IR comes from spec/snapshots/<source>.json, written whenever watch locks a document:
the IR of the locked document, tagged with its sha256. The documents themselves are never copied
into the project, and by the time a new version is published the old bytes are gone from its URL
(or mirror). Being the IR the package was generated from, the snapshot also lets the diff see
what a change of the generator did to the package's Python surface.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from generator import ir
from generator.cache import code_fingerprint
from generator.changelog import Announcement, read_changelog
from generator.diff import Change, Report, bump, diff, render_markdown, summary
from generator.document import prepare_document
from generator.errors import SpecError, raise_all
from generator.fetch import LOCK_FILE, Fetched, Lock, LockEntry, fetch_source, read_lock, write_lock
from generator.load import is_url, parse_document, read_source
from generator.output import stage_package
from generator.parse import build_ir
from generator.pipeline import (
    CHANGELOGS,
    DEFAULT_PACKAGE_VERSION,
    GENERATED,
    ROOT,
    VERSIONS_FILE,
    Job,
    render_package,
)
from generator.publish import tree_files
from generator.sources import SOURCES_FILE, SPEC_DIR, Source, load_sources

NOTHING_NEW, REGENERATED = 0, 3
# The key of spec/versions.json holding the generator's hash: not a Python name, so never a package's.
GENERATOR_KEY = "generator-sha256"
# What shapes the generated packages besides the documents: the pinned formatter and model
# generator (requirements.lock) change the output as much as the project's own code does.
GENERATOR_CODE = (ROOT / "generator", ROOT / "templates", ROOT / "runtime", ROOT / "requirements.lock")
_IR = TypeAdapter(ir.Api)

Progress = Callable[[str], None]


class WatchError(Exception):
    """Watch cannot go on; the message says why, for the user as is."""


@dataclass(frozen=True)
class Project:
    """Where watch reads and keeps its state: the real project's by default."""

    sources: Path = SOURCES_FILE
    lock: Path = LOCK_FILE
    versions: Path = VERSIONS_FILE
    changelogs: Path = CHANGELOGS
    snapshots: Path = SPEC_DIR / "snapshots"
    generated: Path = GENERATED

    @classmethod
    def at(cls, spec: Path, generated: Path) -> Project:
        """A project whose state files sit in `spec/` as in this one."""
        return cls(
            spec / "sources.toml",
            spec / "lock.json",
            spec / "versions.json",
            spec / "changelogs",
            spec / "snapshots",
            generated,
        )


# What the changelog announces ------------------------------------------------------------------

Kind = Literal["current", "published", "unpublished", "uncovered"]


@dataclass(frozen=True)
class Finding:
    announcement: Announcement
    kind: Kind  # current: locked; published: a document now describes it; else why not
    message: str


def assess(
    announcements: Iterable[Announcement],
    sources: Sequence[Source],
    lock: Lock,
    fetched: Mapping[str, LockEntry],
) -> list[Finding]:
    """Each announcement against the sources of its API: their locked and fetched versions."""
    findings = []
    for a in announcements:
        covering = [s for s in sources if s.api == a.api]
        describing = [s for s in covering if fetched[s.name].version == a.version]
        new = [s for s in describing if _locked_version(lock, s) != a.version]
        authored = ", checked against its pages" if any(s.authored for s in describing) else ""
        if not covering:
            kind: Kind = "uncovered"
            message = (
                f"{a} announced; no OpenAPI document is published for it (no source has api = {a.api!r})"
            )
        elif new:
            kind = "published"
            message = f"{a} announced; now published: " + ", ".join(
                f"{s.file} (locked: {_locked_version(lock, s)})" for s in new
            )
        elif describing:
            kind, message = "current", f"{a}: up to date ({', '.join(s.name for s in describing)}{authored})"
        else:
            kind = "unpublished"
            message = f"{a} announced; no published document describes it yet: " + ", ".join(
                f"{s.file} describes {fetched[s.name].version}" for s in covering
            )
        findings.append(Finding(a, kind, message))
    return findings


def _locked_version(lock: Lock, source: Source) -> str:
    entry = lock.entry(source.name)
    return entry.version if entry else "never fetched"


# State: versions, the generator's hash, snapshots ----------------------------------------------


def generator_sha256(paths: Sequence[Path] = GENERATOR_CODE) -> str:
    """One hash of every file that shapes the generated code (caches left out)."""
    return code_fingerprint(paths)


def read_versions(path: Path) -> dict[str, str]:
    """spec/versions.json: package → its version (as pipeline.package_version reads it), plus
    the generator's hash under GENERATOR_KEY."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WatchError(f"{path}: cannot read it: {exc}") from None
    if not (isinstance(data, dict) and all(isinstance(v, str) for v in data.values())):
        raise WatchError(f"{path}: expected an object of strings (package → version)")
    for package, version in data.items():
        parts = version.split(".")
        if package != GENERATOR_KEY and not (len(parts) == 3 and all(p.isdigit() for p in parts)):
            raise WatchError(f"{path}: {package}: {version!r} is not a MAJOR.MINOR.PATCH version")
    return data


def _snapshot_path(project: Project, source: Source) -> Path:
    return project.snapshots / f"{source.name}.json"


def _snapshot_text(entry: LockEntry, api: ir.Api) -> str:
    data = {"sha256": entry.sha256, "ir": _IR.dump_python(api, mode="json")}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_snapshot(project: Project, source: Source, entry: LockEntry | None) -> ir.Api | None:
    """The IR `source`'s package was generated from, if the snapshot is of the locked document
    (None when there is none, it is of other bytes, or the IR has changed shape since)."""
    try:
        data = json.loads(_snapshot_path(project, source).read_text(encoding="utf-8"))
        if entry is None or data["sha256"] != entry.sha256:
            return None
        return _IR.validate_python(data["ir"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None


def write_text(path: Path, text: str) -> bool:
    """Replace `path` with `text` in one rename, unless it already holds it; True when written."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(temp, 0o644)  # mkstemp makes it private; these are ordinary project files
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


# Planning one source ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Update:
    """A package regenerated."""

    source: Source
    old_version: str | None  # None: its first version
    version: str
    api_version: str
    report: Report | None  # None: nothing to compare with
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Plan:
    source: Source
    entry: LockEntry  # what the lock will say
    version: str
    changelog: str
    api: ir.Api | None = None  # the IR to snapshot, when it was built
    update: Update | None = None
    files: dict[str, str] = field(default_factory=dict, repr=False)
    notes: tuple[str, ...] = ()


def _build_ir(source: Source, document: dict[str, Any], name: str) -> ir.Api:
    doc = prepare_document(document, name, source.overlays)
    return build_ir(
        doc, package=source.package, rate_limit=source.rate_limit, client_parameters=source.client_parameters
    )


def _previous_ir(project: Project, source: Source, locked: LockEntry) -> ir.Api:
    """The IR of the locked document when its snapshot is missing: from the lock's source, if
    it still holds the locked bytes (e.g. watch now reads another mirror)."""
    # The lock records a mirror path as given, relative to the project (as pipeline.locked_document reads it).
    where = locked.source if is_url(locked.source) else str(project.lock.parent.parent / locked.source)
    try:
        data = read_source(where)
        if hashlib.sha256(data).hexdigest() == locked.sha256:
            return _build_ir(source, parse_document(data, where), where)
    except SpecError:
        pass  # gone, or unreadable: as good as gone
    raise WatchError(
        f"{source.name}: its document changed, but the locked one (sha256 {locked.sha256[:12]}) is no "
        f"longer at {locked.source} and {_snapshot_path(project, source)} does not hold its IR: "
        "cannot tell what changed"
    )


def _differs(files: Mapping[str, str], folder: Path) -> bool:
    """Whether `folder` holds anything but exactly `files`."""
    have = tree_files(folder) if folder.is_dir() else {}
    return have.keys() != files.keys() or any(
        have[rel].read_text(encoding="utf-8") != files[rel] for rel in files
    )


def plan(
    source: Source,
    fetched: Fetched,
    locked: LockEntry | None,
    *,
    project: Project,
    versions: Mapping[str, str],
    generator_changed: bool,
    today: date,
) -> _Plan:
    """What to do for one source. Nothing is written here."""
    version = versions.get(source.package, DEFAULT_PACKAGE_VERSION)
    changelog_path = project.changelogs / f"{source.package}.md"
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    document_changed = locked is None or locked.sha256 != fetched.entry.sha256
    snapshot = read_snapshot(project, source, locked)
    unchanged = _Plan(source, locked or fetched.entry, version, changelog)
    if not (document_changed or generator_changed) and snapshot is not None:
        return unchanged

    api = _build_ir(source, fetched.document, fetched.entry.source)
    if locked is None:
        previous = None
    elif snapshot is not None:
        previous = snapshot
    else:  # same bytes: the same API, as far as the diff is concerned
        previous = api if not document_changed else _previous_ir(project, source, locked)
    report = None if previous is None else diff(previous, api)
    folder = project.generated / source.package
    if report is None:
        new_version = version
    else:
        # An API or Python change decides the bump by itself; otherwise it takes a change of the
        # generated code (from the generator, or the document's prose) to make a patch release.
        code_changed = (
            (document_changed or generator_changed)
            and not (report.wire or report.python)
            and _differs(render_package(api, package_version=version, changelog=changelog), folder)
        )
        new_version = bump(report, version, code_changed)
    if report is not None and new_version == version:
        note = (
            f"{source.name}: new bytes (sha256 {fetched.entry.sha256[:12]}), but neither the API nor "
            "the package changed: lock updated"
            if document_changed
            else f"{source.name}: recorded the IR of its locked document"
        )
        notes = (note,) if document_changed or snapshot is None else ()
        return replace(unchanged, entry=fetched.entry, api=api, notes=notes)

    reasons = (
        ()  # a first version has nothing to differ from
        if locked is None
        else tuple(
            reason
            for reason, applies in (
                (_document_change(locked, fetched.entry), document_changed),
                ("the generator or its runtime changed", generator_changed),
            )
            if applies
        )
    )
    update = Update(source, None if report is None else version, new_version, api.version, report, reasons)
    changelog = prepend(changelog, changelog_entry(update, fetched.entry, today))
    files = render_package(api, package_version=new_version, changelog=changelog)
    return _Plan(source, fetched.entry, new_version, changelog, api, update, files)


def _document_change(locked: LockEntry, new: LockEntry) -> str:
    if locked.version != new.version:
        return f"new api-version {new.version} (was {locked.version})"
    return f"the document changed (sha256 {locked.sha256[:12]} → {new.sha256[:12]})"


def changelog_entry(update: Update, entry: LockEntry, day: date) -> str:
    """Release notes for one version: what it was generated from, why, and the diff."""
    source = update.source
    lines = [
        f"## {update.version} ({day.isoformat()})",
        "",
        f"{source.api} `{update.api_version}`, generated from `{source.file}` (sha256 `{entry.sha256[:12]}`).",
    ]
    if update.reasons:
        lines.append(f"Why: {'; '.join(update.reasons)}.")
    body = "First version.\n" if update.report is None else render_markdown(update.report)
    return "\n".join(lines) + "\n\n" + body


def prepend(changelog: str, entry: str) -> str:
    """`entry` above the other versions, under the file's title."""
    title = "# Changelog\n\n"
    return title + entry.rstrip("\n") + "\n\n" + changelog.removeprefix(title) if changelog else title + entry


# The run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    updates: tuple[Update, ...]
    notes: tuple[str, ...]  # state recorded that changed no package
    jobs: Mapping[str, Job]  # every package as it now stands, e.g. for publishing

    @property
    def exit_code(self) -> int:
        return REGENERATED if self.updates else NOTHING_NEW

    def lines(self) -> list[str]:
        """The outcome in words, a line each."""
        lines = [f.message for f in self.findings]
        for u in self.updates:
            what = "first version" if u.report is None else f"{u.old_version} → {u.version}"
            lines.append(f"{u.source.package} {what} (api-version {u.api_version}): regenerated")
            lines += [f"  {reason}" for reason in u.reasons]
            if u.report is not None:
                lines.append(f"  {summary(u.report)}")
                lines += [f"  {_change_line(side, c)}" for side, c in _sides(u.report)]
        lines += list(self.notes)
        regenerated = ", ".join(u.source.package for u in self.updates)
        lines.append(f"regenerated: {regenerated}" if self.updates else "nothing new")
        return lines


def _sides(report: Report) -> list[tuple[str, Change]]:
    return [("API", c) for c in report.wire] + [("Python", c) for c in report.python]


def _change_line(side: str, c: Change) -> str:
    where = " ".join(place for place in (c.operation, c.location) if place)
    return f"{'breaking ' if c.breaking else ''}{side}: {where}: {c.detail}"


def watch(
    changelog: str | Path | None,
    *,
    today: date,
    mirror: Path | None = None,
    project: Project = Project(),
    generator: str | None = None,
    progress: Progress = lambda _: None,
) -> Outcome:
    """Read the changelog (when given), fetch every source, regenerate what changed.

    `generator` stands for the generator's hash (default: `generator_sha256()`), so that a test
    is not disturbed by edits to the generator while it runs.

    Packages are written first, each all-or-nothing, then versions, release notes, snapshots and
    last the lock: a run that fails part-way leaves the lock as it was, so the next one redoes it.
    """
    if changelog is not None:
        progress(f"reading {changelog}")
    announcements = None if changelog is None else read_changelog(changelog)
    sources = load_sources(project.sources)
    lock = read_lock(project.lock)
    fetched = {}
    for source in sources:
        progress(f"fetching {source.name}")
        fetched[source.name] = fetch_source(source, mirror)
    entries = {name: f.entry for name, f in fetched.items()}
    findings = [] if announcements is None else assess(announcements, sources, lock, entries)
    check_pages([s for s in sources if s.api in {a.api for a in announcements or ()}], fetched, progress)

    versions = read_versions(project.versions)
    code = generator_sha256() if generator is None else generator
    plans = []
    for source in sources:
        progress(f"checking {source.package}")
        plans.append(
            plan(
                source,
                fetched[source.name],
                lock.entry(source.name),
                project=project,
                versions=versions,
                generator_changed=versions.get(GENERATOR_KEY) != code,
                today=today,
            )
        )

    # Every package staged (and import-checked side by side) before any is put in place.
    staged = []
    try:
        for p in plans:
            if p.update is not None:
                progress(f"writing {project.generated / p.source.package}")
                staged.append(stage_package(p.files, project.generated, p.source.package))
        for package in staged:
            package.commit()
    finally:
        for package in staged:
            package.discard()
    notes = [note for p in plans for note in p.notes]
    for p in plans:
        if p.update is not None:
            write_text(project.changelogs / f"{p.source.package}.md", p.changelog)
        if p.api is not None:
            write_text(_snapshot_path(project, p.source), _snapshot_text(p.entry, p.api))
    new_versions = {**versions, **{p.source.package: p.version for p in plans}, GENERATOR_KEY: code}
    if versions.get(GENERATOR_KEY) != code and not any(p.update for p in plans):
        notes.append(f"recorded the generator's sha256 ({code[:12]}): no package's code changed")
    write_text(project.versions, json.dumps(new_versions, indent=2, sort_keys=True) + "\n")
    new_lock = Lock(tuple(p.entry for p in plans))
    if new_lock != lock:
        write_lock(new_lock, project.lock)

    jobs = {p.source.package: _job(p, fetched[p.source.name], project) for p in plans}
    return Outcome(tuple(findings), tuple(p.update for p in plans if p.update), tuple(notes), jobs)


def check_pages(sources: Sequence[Source], fetched: Mapping[str, Fetched], progress: Progress) -> None:
    """Each authored document against its pages: SpecErrors naming every difference."""
    from generator.pages import check_document

    problems: list[SpecError] = []
    for source in sources:
        if source.authored is None or source.pages is None:
            continue
        progress(f"checking {source.name} against {source.pages}")
        try:
            check_document(fetched[source.name].document, fetched[source.name].entry.source, source.pages)
        except SpecError as exc:
            problems += getattr(exc, "problems", None) or [exc]
    raise_all(problems)


def _job(p: _Plan, fetched: Fetched, project: Project) -> Job:
    return Job(
        source=fetched.entry.source,
        package=p.source.package,
        out=project.generated,
        overlays=p.source.overlays,
        rate_limit=p.source.rate_limit,
        client_parameters=p.source.client_parameters,
        package_version=p.version,
        changelog=p.changelog,
    )

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

from amperity_codegen.build.freshness import stale_files
from amperity_codegen.build.output import stage_package
from amperity_codegen.build.pipeline import Job, render_package
from amperity_codegen.build.stamps import generator_fingerprint
from amperity_codegen.document.load import parse_document, read_source
from amperity_codegen.document.prepare import prepare_document
from amperity_codegen.errors import CodegenError, SpecError, raise_all
from amperity_codegen.ir import model as ir
from amperity_codegen.ir.parse import build_ir
from amperity_codegen.release.changelog import Announcement, read_changelog
from amperity_codegen.release.diff import (
    Change,
    Report,
    bump,
    diff,
    render_markdown,
    summary,
    where,
)
from amperity_codegen.release.fetch import Fetched, fetch_source
from amperity_codegen.workspace import DEFAULT_PACKAGE_VERSION, Workspace
from amperity_codegen.workspace.lock import Lock, LockEntry, read_lock, write_lock
from amperity_codegen.workspace.sources import Source, load_sources

# Exit codes: 3 something for the CI job to commit (a package regenerated, or a release still
# pending publication); 5 nothing to commit but something to act on (a source skipped because its
# document is missing or unreadable, an API announced that no source covers).
NOTHING_NEW, REGENERATED, NEEDS_ATTENTION = 0, 3, 5
# The key of spec/versions.json holding the generator's hash: not a Python name, so never a
# package's.
GENERATOR_KEY = "generator-sha256"
_IR = TypeAdapter(ir.Api)
# Raised when the IR gains what the diff reads (2: Api.models): an older snapshot is rebuilt.
SNAPSHOT_FORMAT = 2

Progress = Callable[[str], None]


class WatchError(CodegenError):
    """Watch cannot go on; the message says why, for the user as is."""


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
        describing = [
            s
            for s in covering
            if s.name in fetched and fetched[s.name].version == a.version
        ]
        new = [s for s in describing if _locked_version(lock, s) != a.version]
        authored = (
            ", checked against its pages" if any(s.authored for s in describing) else ""
        )
        if not covering:
            kind: Kind = "uncovered"
            message = (
                f"{a} announced; no source covers it (none in sources.toml has api = {a.api!r}): "
                "add one for its document to generate its client"
            )
        elif new:
            kind = "published"
            message = f"{a} announced; now published: " + ", ".join(
                f"{s.file} (locked: {_locked_version(lock, s)})" for s in new
            )
        elif describing:
            kind, message = (
                "current",
                f"{a}: up to date ({', '.join(s.name for s in describing)}{authored})",
            )
        else:
            kind = "unpublished"
            message = (
                f"{a} announced; no published document describes it yet: "
                + ", ".join(
                    (
                        f"{s.file} describes {fetched[s.name].version}"
                        if s.name in fetched
                        else f"{s.file} is unreadable"
                    )
                    for s in covering
                )
            )
        findings.append(Finding(a, kind, message))
    return findings


def _locked_version(lock: Lock, source: Source) -> str:
    entry = lock.entry(source.name)
    return entry.version if entry else "never fetched"


# State: versions, the generator's hash, snapshots ----------------------------------------------


def generator_sha256() -> str:
    """One hash of everything that shapes the generated code besides the documents."""
    return generator_fingerprint()


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
        if package != GENERATOR_KEY and not (
            len(parts) == 3 and all(p.isdigit() for p in parts)
        ):
            raise WatchError(
                f"{path}: {package}: {version!r} is not a MAJOR.MINOR.PATCH version"
            )
    return data


def _snapshot_path(project: Workspace, source: Source) -> Path:
    return project.snapshots / f"{source.name}.json"


def _snapshot_text(entry: LockEntry, api: ir.Api) -> str:
    data = {
        "format": SNAPSHOT_FORMAT,
        "sha256": entry.sha256,
        "ir": _IR.dump_python(api, mode="json"),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_snapshot(
    project: Workspace, source: Source, entry: LockEntry | None
) -> ir.Api | None:
    """The IR `source`'s package was generated from, if the snapshot is of the locked document
    (None when there is none, it is of other bytes, or the IR has changed shape since).
    """
    try:
        data = json.loads(_snapshot_path(project, source).read_text(encoding="utf-8"))
        if (
            entry is None
            or data["sha256"] != entry.sha256
            or data.get("format") != SNAPSHOT_FORMAT
        ):
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
        os.chmod(
            temp, 0o644
        )  # mkstemp makes it private; these are ordinary project files
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def read_pending(project: Workspace) -> dict[str, str]:
    """Releases regenerated for publication and not yet on the index: package → version."""
    try:
        data = json.loads(project.pending.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WatchError(f"{project.pending}: cannot read it: {exc}") from None
    if not (isinstance(data, dict) and all(isinstance(v, str) for v in data.values())):
        raise WatchError(
            f"{project.pending}: expected an object of strings (package → version)"
        )
    return data


def write_pending(project: Workspace, pending: Mapping[str, str]) -> None:
    """Record `pending` (no file when nothing is pending)."""
    if pending:
        write_text(
            project.pending, json.dumps(dict(sorted(pending.items())), indent=2) + "\n"
        )
    else:
        project.pending.unlink(missing_ok=True)


def published(
    project: Workspace, on_index: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Clear the pending releases now on the index ((package, version) pairs); what stays
    pending."""
    done = set(on_index)
    pending = {p: v for p, v in read_pending(project).items() if (p, v) not in done}
    write_pending(project, pending)
    return pending


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
        doc,
        package=source.package,
        rate_limit=source.rate_limit,
        client_parameters=source.client_parameters,
    )


def _previous_ir(project: Workspace, source: Source, locked: LockEntry) -> ir.Api:
    """The IR of the locked document when its snapshot is missing: from the lock's source, if
    it still holds the locked bytes (e.g. watch now reads another mirror)."""
    where = str(project.located(locked.source))
    try:
        data = read_source(where)
        if hashlib.sha256(data).hexdigest() == locked.sha256:
            return _build_ir(source, parse_document(data, where), where)
    except SpecError:
        pass  # gone, or unreadable: as good as gone
    raise WatchError(
        f"{source.name}: its document changed, but the locked one (sha256 {locked.sha256[:12]}) "
        "is no "
        f"longer at {locked.source} and {_snapshot_path(project, source)} does not hold its IR: "
        "cannot tell what changed"
    )


def plan(
    source: Source,
    fetched: Fetched,
    locked: LockEntry | None,
    *,
    project: Workspace,
    versions: Mapping[str, str],
    generator_changed: bool,
    today: date,
) -> _Plan:
    """What to do for one source. Nothing is written here."""
    version = versions.get(source.package, DEFAULT_PACKAGE_VERSION)
    changelog_path = project.changelogs / f"{source.package}.md"
    changelog = (
        changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    )
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
        previous = (
            api if not document_changed else _previous_ir(project, source, locked)
        )
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
            and bool(
                stale_files(
                    render_package(
                        api,
                        package_version=version,
                        changelog=changelog,
                        license=source.license,
                    ),
                    folder,
                )
            )
        )
        new_version = bump(report, version, code_changed)
    if report is not None and new_version == version:
        note = (
            f"{source.name}: new bytes (sha256 {fetched.entry.sha256[:12]}), "
            "but neither the API nor the package changed: lock updated"
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
    update = Update(
        source,
        None if report is None else version,
        new_version,
        api.version,
        report,
        reasons,
    )
    changelog = prepend(changelog, changelog_entry(update, fetched.entry, today))
    files = render_package(
        api, package_version=new_version, changelog=changelog, license=source.license
    )
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
        f"{source.api} `{update.api_version}`, generated from `{source.file}` (sha256 "
        f"`{entry.sha256[:12]}`).",
    ]
    if update.reasons:
        lines.append(f"Why: {'; '.join(update.reasons)}.")
    body = (
        "First version.\n"
        if update.report is None
        else render_markdown(update.report, suggest=False)
    )
    return "\n".join(lines) + "\n\n" + body


def prepend(changelog: str, entry: str) -> str:
    """`entry` above the other versions, under the file's title."""
    title = "# Changelog\n\n"
    return (
        title + entry.rstrip("\n") + "\n\n" + changelog.removeprefix(title)
        if changelog
        else title + entry
    )


# The run ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceOutcome:
    """What became of one source in a run."""

    source: Source
    status: Literal["regenerated", "up to date", "skipped", "pending publication"]
    version: str | None  # the package's version now (None: never generated)
    api_version: str | None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.name,
            "package": self.source.package,
            "status": self.status,
            "version": self.version,
            "api_version": self.api_version,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    updates: tuple[Update, ...]
    notes: tuple[str, ...]  # state recorded that changed no package
    jobs: Mapping[str, Job]  # every package as it now stands, e.g. for publishing
    sources: tuple[SourceOutcome, ...] = ()  # one per configured source, in order
    pending: Mapping[str, str] = field(
        default_factory=dict
    )  # package → version not yet published
    # Releases of earlier runs that this run's publication put on the index: the CI job that
    # commits on exit 3 commits them now.
    released: tuple[str, ...] = ()

    @property
    def skipped(self) -> tuple[SourceOutcome, ...]:
        return tuple(o for o in self.sources if o.status == "skipped")

    @property
    def uncovered(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == "uncovered")

    @property
    def exit_code(self) -> int:
        if self.updates or self.pending or self.released:
            return REGENERATED
        return NEEDS_ATTENTION if self.skipped or self.uncovered else NOTHING_NEW

    def verdict(self) -> str:
        """The last line: what a CI job acts on."""
        parts = []
        if self.updates:
            parts.append(
                "regenerated: " + ", ".join(u.source.package for u in self.updates)
            )
        if self.released:
            parts.append("published now: " + ", ".join(self.released))
        if self.pending:
            parts.append(
                "pending publication: "
                + ", ".join(f"{p} {v}" for p, v in sorted(self.pending.items()))
            )
        attention = [f"{o.source.name} skipped" for o in self.skipped] + [
            f"{f.announcement} not covered" for f in self.uncovered
        ]
        if attention:
            parts.append("needs attention: " + ", ".join(attention))
        return "; ".join(parts) or "nothing new"

    def lines(self) -> list[str]:
        """The outcome in words, a line each: announcements, releases, the per-source table, the
        verdict."""
        lines = [f.message for f in self.findings]
        for u in self.updates:
            what = (
                "first version"
                if u.report is None
                else f"{u.old_version} → {u.version}"
            )
            lines.append(
                f"{u.source.package} {what} (api-version {u.api_version}): regenerated"
            )
            lines += [f"  {reason}" for reason in u.reasons]
            if u.report is not None:
                lines.append(f"  {summary(u.report)}")
                lines += [f"  {_change_line(side, c)}" for side, c in _sides(u.report)]
        lines += list(self.notes)
        rows = [("source", "package", "version", "outcome")] + [
            (
                o.source.name,
                o.source.package,
                o.version or "-",
                o.status + (f": {o.detail}" if o.detail else ""),
            )
            for o in self.sources
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        if self.sources:
            lines += [
                "  ".join(c.ljust(w) for c, w in zip(r[:3], widths, strict=False))
                + "  "
                + r[3]
                for r in rows
            ]
        lines.append(self.verdict())
        return lines

    def to_dict(self) -> dict[str, Any]:
        """`watch --format json`: the same content as the lines."""
        return {
            "format_version": 1,
            "exit_code": self.exit_code,
            "verdict": self.verdict(),
            "announcements": [
                {
                    "api": f.announcement.api,
                    "version": f.announcement.version,
                    "kind": f.kind,
                    "message": f.message,
                }
                for f in self.findings
            ],
            "sources": [o.to_dict() for o in self.sources],
            "updates": [
                {
                    "package": u.source.package,
                    "old_version": u.old_version,
                    "version": u.version,
                    "api_version": u.api_version,
                    "reasons": list(u.reasons),
                    "diff": None if u.report is None else u.report.to_dict(),
                }
                for u in self.updates
            ],
            "pending": dict(sorted(self.pending.items())),
            "released": list(self.released),
            "notes": list(self.notes),
        }


def _sides(report: Report) -> list[tuple[str, Change]]:
    return [("API", c) for c in report.wire] + [("Python", c) for c in report.python]


def _change_line(side: str, c: Change) -> str:
    return f"{'breaking ' if c.breaking else ''}{side}: {where(c)}: {c.detail}"


def watch(
    changelog: str | Path | None,
    *,
    today: date,
    mirror: Path | None = None,
    project: Workspace,
    generator: str | None = None,
    progress: Progress = lambda _: None,
    for_publication: bool = False,
) -> Outcome:
    """Read the changelog (when given), fetch every source, regenerate what changed.

    `generator` stands for the generator's hash (default: `generator_sha256()`), so that a test
    is not disturbed by edits to the generator while it runs. A source whose document is missing,
    unreadable or invalid is reported and skipped; the others go on. `for_publication`: the
    releases made now are recorded as pending until `published` clears them, so a failed upload
    is retried, and reported, by every later run.

    Packages are written first, each all-or-nothing, then versions, release notes, snapshots and
    last the lock: a run that fails part-way leaves the lock as it was, so the next one redoes it.
    """
    if changelog is not None:
        progress(f"reading {changelog}")
    announcements = None if changelog is None else read_changelog(changelog)
    sources = load_sources(project.sources)
    lock = read_lock(project.lock)
    pending = read_pending(project)
    fetched = {}
    skipped: dict[str, str] = {}
    for source in sources:
        progress(f"fetching {source.name}")
        try:
            fetched[source.name] = fetch_source(source, mirror, project)
        except SpecError as exc:
            skipped[source.name] = str(exc)
    entries = {name: f.entry for name, f in fetched.items()}
    findings = (
        [] if announcements is None else assess(announcements, sources, lock, entries)
    )
    check_pages(
        [s for s in sources if s.api in {a.api for a in announcements or ()}],
        fetched,
        progress,
    )

    versions = read_versions(project.versions)
    code = generator_sha256() if generator is None else generator
    plans = []
    for source in sources:
        if source.name in skipped:
            continue
        progress(f"checking {source.package}")
        try:
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
        except (
            SpecError
        ) as exc:  # a document that fetched but does not validate or generate
            skipped[source.name] = str(exc)

    # Every package staged (and import-checked side by side) before any is put in place.
    staged = []
    try:
        for p in plans:
            if p.update is not None:
                progress(f"writing {project.generated / p.source.package}")
                staged.append(
                    stage_package(p.files, project.generated, p.source.package)
                )
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
            write_text(
                _snapshot_path(project, p.source), _snapshot_text(p.entry, p.api)
            )
    if for_publication:
        pending = {
            **pending,
            **{p.source.package: p.version for p in plans if p.update is not None},
        }
        write_pending(project, pending)
    # A skipped source keeps its version (and its generator hash is not the question).
    new_versions = {
        **versions,
        **{p.source.package: p.version for p in plans},
        GENERATOR_KEY: code,
    }
    if versions.get(GENERATOR_KEY) != code and not any(p.update for p in plans):
        notes.append(
            f"recorded the generator's sha256 ({code[:12]}): no package's code changed"
        )
    write_text(
        project.versions, json.dumps(new_versions, indent=2, sort_keys=True) + "\n"
    )
    planned = {p.source.name: p for p in plans}
    # A skipped source keeps what the lock said about it.
    kept = {s.name: lock.entry(s.name) for s in sources}
    new_lock = Lock(
        tuple(
            e
            for s in sources
            if (e := planned[s.name].entry if s.name in planned else kept[s.name])
            is not None
        )
    )
    if new_lock != lock:
        write_lock(new_lock, project.lock)

    jobs = {p.source.package: _job(p, fetched[p.source.name], project) for p in plans}
    for p in plans:
        if p.update is not None and p.api is not None:
            # What watch wrote is stamped as `generate` stamps it: the next `generate` skips it.
            jobs[p.source.package].write_stamp(p.api)
    return Outcome(
        tuple(findings),
        tuple(p.update for p in plans if p.update),
        tuple(notes),
        jobs,
        tuple(
            _source_outcome(
                s, planned.get(s.name), skipped.get(s.name), new_versions, lock, pending
            )
            for s in sources
        ),
        pending,
    )


def after_publication(
    outcome: Outcome, project: Workspace, on_index: Iterable[tuple[str, str]]
) -> Outcome:
    """The outcome once (package, version) pairs are on the index: pending releases cleared."""
    pending = published(project, on_index)
    released = tuple(
        f"{package} {version}"
        for package, version in sorted(outcome.pending.items())
        if package not in pending
        and package not in {u.source.package for u in outcome.updates}
    )
    sources = tuple(
        (
            replace(o, status="up to date", detail="")
            if o.status == "pending publication" and o.source.package not in pending
            else o
        )
        for o in outcome.sources
    )
    return replace(outcome, sources=sources, pending=pending, released=released)


def _source_outcome(
    source: Source,
    p: _Plan | None,
    problem: str | None,
    versions: Mapping[str, str],
    lock: Lock,
    pending: Mapping[str, str],
) -> SourceOutcome:
    version = versions.get(source.package)
    if p is None:
        locked = lock.entry(source.name)
        return SourceOutcome(
            source,
            "skipped",
            version,
            locked.version if locked else None,
            problem or "",
        )
    if p.update is not None:
        was = (
            "first version"
            if p.update.old_version is None
            else f"from {p.update.old_version}"
        )
        return SourceOutcome(source, "regenerated", p.version, p.entry.version, was)
    if source.package in pending:
        return SourceOutcome(
            source,
            "pending publication",
            p.version,
            p.entry.version,
            f"{pending[source.package]} is not on the index yet",
        )
    return SourceOutcome(source, "up to date", p.version, p.entry.version)


def check_pages(
    sources: Sequence[Source], fetched: Mapping[str, Fetched], progress: Progress
) -> None:
    """Each authored document against its pages: SpecErrors naming every difference."""
    from amperity_codegen.document.pages import check_document

    problems: list[SpecError] = []
    for source in sources:
        if source.authored is None or source.pages is None:
            continue
        progress(f"checking {source.name} against {source.pages}")
        try:
            check_document(
                fetched[source.name].document,
                fetched[source.name].entry.source,
                source.pages,
            )
        except SpecError as exc:
            problems += getattr(exc, "problems", None) or [exc]
    raise_all(problems)


def _job(p: _Plan, fetched: Fetched, project: Workspace) -> Job:
    return Job(
        source=project.located(fetched.entry.source),
        package=p.source.package,
        out=project.generated,
        overlays=p.source.overlays,
        rate_limit=p.source.rate_limit,
        client_parameters=p.source.client_parameters,
        package_version=p.version,
        changelog=p.changelog,
        license=p.source.license,
    )

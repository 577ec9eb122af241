"""`amperity-codegen`: the command line over the layers below it.

Exit codes: 0 success; a `CodegenError`'s own code (1: the input is wrong; a message, never a
traceback); 2 usage error (typer's own). `watch` adds 3 for "regenerated" and 5 for "needs
attention"; `diff --fail-on-breaking` 4 for "breaking changes found".

The workspace (sources, lock, versions, generated/) is the one named by `--project DIR`, else the
nearest folder above the current one with a spec/sources.toml; `generate DOC --package NAME
--out DIR` needs none.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Literal, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from amperity_codegen.build import pipeline
from amperity_codegen.errors import CodegenError, SpecError
from amperity_codegen.workspace import Workspace

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Generate typed Python clients from Amperity's OpenAPI documents.",
)
out = Console()
err = Console(stderr=True)


_project: Path | None = None  # --project, set by the callback before each command


@app.callback()
def _options(
    project: Annotated[
        Path | None,
        typer.Option(
            help="The workspace folder [default: the nearest one above the current directory]."
        ),
    ] = None,
) -> None:
    global _project
    _project = project


def workspace() -> Workspace:
    """The workspace of this command (WorkspaceError when there is none)."""
    return Workspace.require(_project)


def print_table(
    title: str | None, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]
) -> None:
    """A table: rich's in a terminal; elsewhere (a CI log, a file) plain aligned columns, never
    wrapped or cut, so every name and path is there whole."""
    if out.is_terminal:
        table = Table(*headers, title=title)
        for row in rows:
            table.add_row(*row)
        out.print(table)
        return
    widths = [
        max(len(cell) for cell in column)
        for column in zip(headers, *rows, strict=False)
    ]
    lines = [title] if title else []
    for row in (headers, *rows):
        lines.append(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=False)
            ).rstrip()
        )
    typer.echo("\n".join(lines))


def fail(message: str, code: int = 1) -> NoReturn:
    # The message is the input's own text (JSONPaths, brackets): never read as rich markup.
    err.print("[bold red]error:[/] ", end="")
    err.print(message, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


def _problems(exc: SpecError) -> list[str]:
    return [str(p) for p in getattr(exc, "problems", None) or [exc]]


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Every command's one error handler: a CodegenError becomes its message and exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except SpecError as exc:
            fail(exc.prefix + "\n".join(_problems(exc)), exc.exit_code)
        except CodegenError as exc:
            fail(exc.prefix + str(exc), exc.exit_code)

    return run


@app.command()
@reports_errors
def fetch(
    mirror: Annotated[
        Path | None,
        typer.Option(
            help="Read the documents from this folder instead of downloading them."
        ),
    ] = None,
) -> None:
    """Fetch every source in spec/sources.toml and record it in spec/lock.json."""
    from amperity_codegen.release.fetch import fetch as fetch_all
    from amperity_codegen.workspace.sources import load_sources

    if mirror is None and os.environ.get("AMPERITY_SPEC_MIRROR"):
        mirror = Path(os.environ["AMPERITY_SPEC_MIRROR"])
    space = workspace()
    lock = fetch_all(load_sources(space.sources), mirror, space)
    rows = [(entry.name, entry.version, entry.sha256[:16]) for entry in lock.entries]
    print_table("spec/lock.json", ("source", "api-version", "sha256"), rows)


@app.command()
@reports_errors
def validate(
    doc: Annotated[str, typer.Argument(help="Path or http(s) URL, JSON or YAML.")],
    overlay: Annotated[
        list[Path] | None,
        typer.Option(help="Overlay file to apply first (repeatable)."),
    ] = None,
    suggest_overlay: Annotated[
        Path | None,
        typer.Option(
            help="When DOC is invalid, write to FILE an overlay that repairs what has a safe "
            "repair and leaves out the operations and schemas of the rest."
        ),
    ] = None,
    pages: Annotated[
        Path | None,
        typer.Option(
            help="Also check DOC against these documentation pages (default: an authored "
            "source's own pages, for its document)."
        ),
    ] = None,
) -> None:
    """Validate DOC: exit 0 when valid, 1 with each problem located by JSON pointer."""
    from amperity_codegen.document.pages import check_file
    from amperity_codegen.document.prepare import prepare

    try:
        prepare(doc, list(overlay or []))
        pages = pages or _authored_pages(doc)
        if pages is not None:
            check_file(doc, pages)
    except SpecError as exc:
        problems = _problems(exc)
        for problem in problems:
            err.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)
        if suggest_overlay is not None:
            from amperity_codegen.document import lenient

            try:
                suggestion = lenient.suggest_overlay(doc, list(overlay or []))
            except SpecError as unplaced:
                fail(
                    "no overlay suggested: no safe repair, and nothing to leave out, for\n"
                    + "\n".join(_problems(unplaced))
                )
            for line in lenient.write_suggestion(suggestion, suggest_overlay):
                err.print(line, highlight=False, markup=False, soft_wrap=True)
        fail(f"{doc}: {len(problems)} problem(s)")
    against = "" if pages is None else f", and matches the pages in {pages}"
    out.print(f"[green]✓[/] {doc} is valid{against}", highlight=False, soft_wrap=True)


def _authored_pages(doc: str) -> Path | None:
    """The pages of the workspace's source whose authored document DOC is (None for any other
    document, or outside a workspace)."""
    from amperity_codegen.document.load import is_url
    from amperity_codegen.workspace.sources import load_sources

    found = Workspace.find(_project)
    if is_url(doc) or found is None:
        return None
    here = Path(doc).resolve()
    sources = load_sources(found.sources)
    return next(
        (s.pages for s in sources if s.authored and s.authored.resolve() == here), None
    )


@app.command()
@reports_errors
def generate(
    doc: Annotated[
        str | None,
        typer.Argument(help="Document to generate; omit for every configured source."),
    ] = None,
    package: Annotated[str | None, typer.Option(help="Python package name.")] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder to write NAME/ into [default: the workspace's generated/].",
        ),
    ] = None,
    overlay: Annotated[
        list[Path] | None, typer.Option(help="Overlay file (repeatable).")
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Format and model everything anew: neither read nor write the cache of black's "
            "and datamodel-code-generator's output (.cache/amperity-codegen/, or "
            "$AMPERITY_CODEGEN_CACHE).",
        ),
    ] = False,
    lenient: Annotated[
        bool,
        typer.Option(
            help="Repair DOC's defects that have a safe repair and leave out the operations and "
            "schemas of the rest, as an overlay written to OUT/NAME.lenient-overlay.yaml."
        ),
    ] = False,
) -> None:
    """Generate client packages: every source in spec/sources.toml, or DOC as --package."""
    from amperity_codegen.emit import memo
    from amperity_codegen.workspace.sources import load_sources

    found = Workspace.find(_project)
    if doc is None:
        if lenient:
            err.print("--lenient works on one DOC")
            raise typer.Exit(2)
        space = workspace()
        if out_dir is not None:
            space = Workspace.at(space.root, out_dir)
        jobs = [pipeline.job_for_source(s, space) for s in load_sources(space.sources)]
    else:
        if not package or not package.isidentifier():
            err.print("--package NAME (a Python identifier) is required with DOC")
            raise typer.Exit(2)
        # A workspace, when there is one, says how a document of one of its sources is repaired.
        sources = load_sources(found.sources) if found else []
        if out_dir is None and found is None:
            err.print("--out DIR is required outside a workspace")
            raise typer.Exit(2)
        target = out_dir if out_dir is not None else found.generated  # type: ignore[union-attr]
        given = list(overlay or [])
        jobs = [pipeline.job_for_document(doc, package, target, given, sources)]
    cache = None if no_cache else memo.default_folder(found.root if found else None)
    with err.status("generating") as status:
        if lenient and doc is not None and package:
            written = target / f"{package}.lenient-overlay.yaml"
            built = _build_leniently(jobs[0], written, status.update, cache)
        else:
            built = pipeline.build(jobs, progress=status.update, cache=cache)
    rows = [
        (
            b.job.package,
            b.api_version,
            str(b.operations),
            str(b.files),
            os.path.relpath(b.job.out / b.job.package),
            "generated" if b.generated else "unchanged",
        )
        for b in built
    ]
    print_table(
        None, ("package", "api-version", "operations", "files", "path", "result"), rows
    )


# Rounds of repairs found while generating: a class name datamodel-code-generator would change
# takes a free one, which the next round may find taken in turn.
_LENIENT_ROUNDS = 5


def _build_leniently(
    job: pipeline.Job,
    written: Path,
    progress: Callable[[str], None],
    cache: Path | None,
) -> list[pipeline.Built]:
    """`build` of `job`, its document's repairs one more overlay (`written`): those validation
    finds, then those a later stage finds and knows the repair of (`SpecError.repair`), round
    after round. The findings are listed whatever the outcome, so nothing is repaired silently.
    """
    from amperity_codegen.document import lenient

    suggestion = lenient.suggest_overlay(job.source, job.overlays)
    lines: list[str] = []
    try:
        for _ in range(_LENIENT_ROUNDS):
            repaired = job
            if suggestion.findings:
                lines = lenient.write_suggestion(suggestion, written)
                repaired = replace(job, overlays=(*job.overlays, written))
            try:
                return pipeline.build([repaired], progress=progress, cache=cache)
            except SpecError as exc:
                if not exc.repair:
                    raise
                suggestion = lenient.with_repairs(suggestion, exc)
        raise CodegenError(
            f"{job.source}: still failing after {_LENIENT_ROUNDS} rounds of repairs"
        )
    finally:
        for line in lines:
            err.print(line, highlight=False, markup=False, soft_wrap=True)


@app.command()
@reports_errors
def diff(
    old: Annotated[
        str | None,
        typer.Argument(help="The older document: path or http(s) URL, JSON or YAML."),
    ] = None,
    new: Annotated[str | None, typer.Argument(help="The newer document.")] = None,
    output: Annotated[
        Literal["text", "markdown", "json"],
        typer.Option("--format", help="Tables, release notes, or one JSON object."),
    ] = "text",
    fail_on_breaking: Annotated[
        bool,
        typer.Option(help="Exit 4 when a change breaks the API or the client."),
    ] = False,
    overlay: Annotated[
        list[Path] | None,
        typer.Option(
            help="Overlay for every version, after its configured ones (repeatable)."
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            help="Compare each version in DIR/<date>/<document> with the one before."
        ),
    ] = None,
    document: Annotated[
        str | None,
        typer.Option(
            help="With --history: this document only [default: every one found]."
        ),
    ] = None,
) -> None:
    """Compare two versions of a document: wire changes by Amperity's rules, and Python ones."""
    import json
    from dataclasses import replace

    from rich.text import Text

    from amperity_codegen.release import diff as diffing
    from amperity_codegen.workspace.sources import load_sources

    if history is None and (old is None or new is None or document is not None):
        err.print("give OLD and NEW, or --history DIR [--document NAME]")
        raise typer.Exit(2)
    if history is not None and (old is not None or new is not None):
        err.print("OLD and NEW cannot be combined with --history")
        raise typer.Exit(2)

    found = Workspace.find(_project)
    sources = load_sources(found.sources) if found else []
    if history is None:
        assert old is not None and new is not None
        before, after = (
            diffing.load_api(d, overlay or [], sources=sources) for d in (old, new)
        )
        report = replace(
            diffing.diff(before, after),
            old=diffing.identity(old, before),
            new=diffing.identity(new, after),
        )
    else:
        names = (
            [document]
            if document
            else sorted({p.name for p in history.glob("*/*") if p.is_file()})
        )
        timelines = {
            name: diffing.diff_history(
                history, name, overlays=overlay or [], sources=sources
            )
            for name in names
        }

    def text(r: diffing.Report) -> None:
        # Rich tables fit a terminal; elsewhere (CI logs, files) plain lines, never wrapped or cut.
        if out.is_terminal:
            out.print(diffing.render_text(r))
        else:
            typer.echo(diffing.render_plain(r), nl=False)

    if history is None:
        if output == "text":
            text(report)
        else:
            render = (
                diffing.render_json if output == "json" else diffing.render_markdown
            )
            typer.echo(render(report))
        breaking = report.breaking
    else:
        if output == "json":
            entries = {
                name: [{"date": str(day), **r.to_dict()} for day, r in timeline]
                for name, timeline in timelines.items()
            }
            typer.echo(
                json.dumps(entries, sort_keys=True, indent=2, ensure_ascii=False)
            )
        for name, timeline in timelines.items() if output != "json" else ():
            if output == "markdown":
                typer.echo(f"## {name}\n")
            elif out.is_terminal:
                out.rule(Text(name))
            else:
                typer.echo(f"== {name}")
            for day, r in timeline:
                if output == "markdown":
                    typer.echo(
                        f"### {day}\n\n{diffing.render_markdown(r, heading='####')}"
                    )
                else:
                    typer.echo(f"{day}")
                    text(r)
        breaking = any(
            r.breaking for timeline in timelines.values() for _, r in timeline
        )
    if fail_on_breaking and breaking:
        err.print("breaking changes found", highlight=False)
        raise typer.Exit(diffing.BREAKING_FOUND)


@app.command()
@reports_errors
def publish(
    repository_url: Annotated[
        str | None,
        typer.Option(help="The index's upload URL (default: $TWINE_REPOSITORY_URL)."),
    ] = None,
    repository: Annotated[
        str | None,
        typer.Option(
            help="A .pypirc section: URL and credentials (default: $TWINE_REPOSITORY)."
        ),
    ] = None,
    index_url: Annotated[
        str | None,
        typer.Option(help="The index's simple API, when not <repository-url>/simple/."),
    ] = None,
    package: Annotated[
        list[str] | None, typer.Option(help="Publish only this package (repeatable).")
    ] = None,
    generated: Annotated[
        Path | None,
        typer.Option(
            help="Folder of generated packages [default: the workspace's generated/]."
        ),
    ] = None,
    dist: Annotated[
        Path | None,
        typer.Option(help="Keep the built sdists and wheels in this folder."),
    ] = None,
) -> None:
    """Build, check and upload generated packages; versions already on the index are skipped."""
    from amperity_codegen.release import publish as publishing
    from amperity_codegen.release import watch as watching
    from amperity_codegen.workspace.sources import load_sources

    wanted = {name.replace("-", "_") for name in package or []}
    index = publishing.Index.configure(repository_url, repository, index_url)
    space = workspace()
    if generated is not None:
        space = Workspace.at(space.root, generated)
    jobs = {
        s.package: pipeline.job_for_source(s, space)
        for s in load_sources(space.sources)
        if not wanted or s.package in wanted
    }
    with err.status("publishing") as status:
        outcomes = publishing.publish(
            space.generated,
            jobs,
            index,
            packages=package or [],
            dist=dist,
            progress=lambda msg: status.update(msg),
        )
    # Releases `watch --publish` left pending are done once on the index.
    watching.published(
        space, [(o.project.package, o.project.version) for o in outcomes]
    )
    for o in outcomes:
        result = "published" if o.published else "skipped: already on the index"
        out.print(
            f"{o.project.name} {o.project.version}: {result} "
            f"(wheel sha256 {o.built.wheel.sha256})",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
@reports_errors
def watch(
    changelog: Annotated[
        str,
        typer.Option(
            help="The changelog page: URL or file, Sphinx HTML or its RST source."
        ),
    ] = "https://docs.amperity.com/api/changelog.html",
    mirror: Annotated[
        Path | None,
        typer.Option(
            help="Read the documents from this folder instead of downloading them."
        ),
    ] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish",
            help=(
                "Then publish the packages the index lacks ($TWINE_REPOSITORY_URL or "
                "$TWINE_REPOSITORY)."
            ),
        ),
    ] = False,
    output: Annotated[
        Literal["text", "json"],
        typer.Option(
            "--format", help="Lines and a per-source table, or one JSON object."
        ),
    ] = "text",
) -> None:
    """Regenerate what Amperity changed: exit 0 nothing new, 3 regenerated (or a release pending
    publication), 5 needs attention (a source skipped, an API no source covers), 1 failed.
    """
    import json
    from datetime import date

    from amperity_codegen.emit import memo
    from amperity_codegen.release import publish as publishing
    from amperity_codegen.release import watch as watching

    if mirror is None and os.environ.get("AMPERITY_SPEC_MIRROR"):
        mirror = Path(os.environ["AMPERITY_SPEC_MIRROR"])
    space = workspace()

    def report(outcome: watching.Outcome) -> None:
        if output == "json":
            typer.echo(
                json.dumps(
                    outcome.to_dict(), indent=2, sort_keys=True, ensure_ascii=False
                )
            )
        else:
            for line in outcome.lines():
                out.print(line, highlight=False, markup=False, soft_wrap=True)

    published: list[publishing.Outcome] = []
    # The index is checked first: a misconfigured --publish fails before anything changes.
    index = publishing.Index.configure() if publish else None
    # The models and formatted text of a version are made once per run, whichever step asks.
    with err.status("watching") as status, memo.use(memo.default_folder(space.root)):
        outcome = watching.watch(
            changelog,
            today=date.today(),
            mirror=mirror,
            project=space,
            progress=lambda msg: status.update(msg),
            for_publication=index is not None,
        )
        # Every package, not only those regenerated now: the index skips what it has, and a
        # publication that failed last time is made up for.
        if index is not None:
            try:
                published = publishing.publish(
                    space.generated,
                    outcome.jobs,
                    index,
                    progress=lambda msg: status.update(msg),
                )
            except publishing.PublishError:
                report(outcome)  # what was regenerated, and stays pending
                raise
            on_index = [(o.project.package, o.project.version) for o in published]
            outcome = watching.after_publication(outcome, space, on_index)
    report(outcome)
    if output == "text":
        for o in published:
            result = "published" if o.published else "already on the index"
            out.print(
                f"{o.project.name} {o.project.version}: {result}", highlight=False
            )
    raise typer.Exit(outcome.exit_code)


def main() -> None:
    app()

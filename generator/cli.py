"""`amperity-codegen`: the command line over the pipeline's stages.

Exit codes: 0 success; 1 the input is wrong (a message, never a traceback); 2 usage error
(typer's own). `watch` adds 3 for "regenerated".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from generator import cache
from generator import format as formatting
from generator import pipeline
from generator.errors import SpecError
from generator.format import FormatError
from generator.output import OutputError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
GENERATED = ROOT / "generated"

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Generate typed Python clients from Amperity's OpenAPI documents.",
)
out = Console()
err = Console(stderr=True)


def fail(message: str) -> NoReturn:
    # The message is the input's own text (JSONPaths, brackets): never read as rich markup.
    err.print("[bold red]error:[/] ", end="")
    err.print(message, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(1)


def _problems(exc: SpecError) -> list[str]:
    return [str(p) for p in getattr(exc, "problems", None) or [exc]]


@app.command()
def fetch(
    mirror: Annotated[
        Path | None,
        typer.Option(
            help="Read the documents from this folder instead of downloading them."
        ),
    ] = None,
) -> None:
    """Fetch every source in spec/sources.toml and record it in spec/lock.json."""
    from generator.fetch import fetch as fetch_all
    from generator.sources import load_sources

    if mirror is None and os.environ.get("AMPERITY_SPEC_MIRROR"):
        mirror = Path(os.environ["AMPERITY_SPEC_MIRROR"])
    try:
        lock = fetch_all(
            load_sources(SPEC / "sources.toml"), mirror, SPEC / "lock.json"
        )
    except SpecError as exc:
        fail("\n".join(_problems(exc)))
    table = Table("source", "api-version", "sha256", title="spec/lock.json")
    for entry in lock.entries:
        table.add_row(entry.name, entry.version, entry.sha256[:16])
    out.print(table)


@app.command()
def validate(
    doc: Annotated[str, typer.Argument(help="Path or http(s) URL, JSON or YAML.")],
    overlay: Annotated[
        list[Path] | None,
        typer.Option(help="Overlay file to apply first (repeatable)."),
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
    from generator.document import prepare
    from generator.pages import check_file

    try:
        prepare(doc, list(overlay or []))
        pages = pages or _authored_pages(doc)
        if pages is not None:
            check_file(doc, pages)
    except SpecError as exc:
        problems = _problems(exc)
        for problem in problems:
            err.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)
        fail(f"{doc}: {len(problems)} problem(s)")
    against = "" if pages is None else f", and matches the pages in {pages}"
    out.print(f"[green]✓[/] {doc} is valid{against}", highlight=False)


def _authored_pages(doc: str) -> Path | None:
    """The pages of the source whose authored document DOC is (None for any other document)."""
    from generator.load import is_url
    from generator.sources import load_sources

    if is_url(doc) or not (SPEC / "sources.toml").is_file():
        return None  # e.g. the tool installed from a wheel: no project, no authored sources
    here = Path(doc).resolve()
    sources = load_sources(SPEC / "sources.toml")
    return next((s.pages for s in sources if s.authored and s.authored.resolve() == here), None)


@app.command()
def generate(
    doc: Annotated[
        str | None,
        typer.Argument(help="Document to generate; omit for every configured source."),
    ] = None,
    package: Annotated[str | None, typer.Option(help="Python package name.")] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder to write NAME/ into.")
    ] = GENERATED,
    overlay: Annotated[
        list[Path] | None, typer.Option(help="Overlay file (repeatable).")
    ] = None,
) -> None:
    """Generate client packages: every source in spec/sources.toml, or DOC as --package."""
    from generator.sources import load_sources

    try:
        sources = load_sources(SPEC / "sources.toml")
        if doc is None:
            jobs = [pipeline.job_for_source(s, out_dir) for s in sources]
        else:
            if not package or not package.isidentifier():
                err.print("--package NAME (a Python identifier) is required with DOC")
                raise typer.Exit(2)
            jobs = [
                pipeline.job_for_document(doc, package, out_dir, overlay or [], sources)
            ]
        table = Table("package", "api-version", "operations", "files", "path", "result")
        rows: dict[str, tuple[str, int, int, str]] = {}
        # Each package's import check runs while the next one is generated; none is put in
        # place until all are generated.
        started: list[tuple[str, pipeline.Started]] = []
        try:
            with err.status("generating") as status, cache.code_read_once():
                for job in jobs:
                    # Inputs and output as the last run left them: nothing to do.
                    stamp = job.up_to_date()
                    if stamp is None:
                        formatting.start_workers()  # black imports there while this reads the document
                        started.append((job.package, job.start(progress=status.update, stamp=True)))
                    else:
                        rows[job.package] = (stamp.api_version, stamp.operations, stamp.files, "unchanged")
                for package, pending in started:
                    status.update(f"checking {package}")
                    result = pending.finish()
                    rows[package] = (result.api.version, len(result.api.operations), result.files, "generated")
        finally:
            for _, pending in started:
                pending.discard()
        for job in jobs:
            version, operations, files, outcome = rows[job.package]
            table.add_row(
                job.package, version, str(operations), str(files), os.path.relpath(job.out / job.package), outcome
            )
    except SpecError as exc:
        fail("\n".join(_problems(exc)))
    except (OutputError, FormatError) as exc:
        fail(f"generation failed, previous output kept: {exc}")
    out.print(table)


@app.command()
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
        bool, typer.Option(help="Exit 1 when a change breaks the API or the client.")
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

    from rich.text import Text

    from generator import diff as diffing
    from generator.sources import load_sources

    if history is None and (old is None or new is None or document is not None):
        err.print("give OLD and NEW, or --history DIR [--document NAME]")
        raise typer.Exit(2)
    if history is not None and (old is not None or new is not None):
        err.print("OLD and NEW cannot be combined with --history")
        raise typer.Exit(2)

    try:
        sources = load_sources(SPEC / "sources.toml")
        if history is None:
            assert old is not None and new is not None
            before, after = (
                diffing.load_api(d, overlay or [], sources=sources) for d in (old, new)
            )
            report = diffing.diff(before, after)
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
    except SpecError as exc:
        fail("\n".join(_problems(exc)))

    if history is None:
        if output == "text":
            out.print(diffing.render_text(report))
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
            else:
                out.rule(Text(name))
            for day, r in timeline:
                if output == "markdown":
                    typer.echo(
                        f"### {day}\n\n{diffing.render_markdown(r, heading='####')}"
                    )
                else:
                    out.print(Text(f"{day}", style="bold"), diffing.render_text(r))
        breaking = any(
            r.breaking for timeline in timelines.values() for _, r in timeline
        )
    if fail_on_breaking and breaking:
        err.print("breaking changes found", highlight=False)
        raise typer.Exit(1)


@app.command()
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
        Path, typer.Option(help="Folder of generated packages.")
    ] = GENERATED,
    dist: Annotated[
        Path | None,
        typer.Option(help="Keep the built sdists and wheels in this folder."),
    ] = None,
) -> None:
    """Build, check and upload generated packages; versions already on the index are skipped."""
    from generator import publish as publishing
    from generator.sources import load_sources

    wanted = {name.replace("-", "_") for name in package or []}
    try:
        index = publishing.Index.configure(repository_url, repository, index_url)
        sources = load_sources(SPEC / "sources.toml")
        jobs = {
            s.package: pipeline.job_for_source(s, generated)
            for s in sources
            if not wanted or s.package in wanted
        }
        with err.status("publishing") as status:
            outcomes = publishing.publish(
                generated,
                jobs,
                index,
                packages=package or [],
                dist=dist,
                progress=lambda msg: status.update(msg),
            )
    except SpecError as exc:
        fail("\n".join(_problems(exc)))
    except publishing.PublishError as exc:
        fail(str(exc))
    for o in outcomes:
        result = "published" if o.published else "skipped: already on the index"
        out.print(
            f"{o.project.name} {o.project.version}: {result} "
            f"(wheel sha256 {o.built.wheel.sha256})",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
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
            help="Then publish the packages the index lacks ($TWINE_REPOSITORY_URL or $TWINE_REPOSITORY).",
        ),
    ] = False,
) -> None:
    """Regenerate what Amperity changed: exit 0 nothing new, 3 regenerated, 1 failed."""
    from datetime import date

    from generator import publish as publishing
    from generator import watch as watching

    if mirror is None and os.environ.get("AMPERITY_SPEC_MIRROR"):
        mirror = Path(os.environ["AMPERITY_SPEC_MIRROR"])
    try:
        # The index is checked first: a misconfigured --publish fails before anything changes.
        index = publishing.Index.configure() if publish else None
        with err.status("watching") as status:
            outcome = watching.watch(
                changelog,
                today=date.today(),
                mirror=mirror,
                project=watching.Project.at(SPEC, GENERATED),
                progress=lambda msg: status.update(msg),
            )
            # Every package, not only those regenerated now: the index skips what it has, and a
            # publication that failed last time is made up for.
            published = (
                []
                if index is None
                else publishing.publish(
                    GENERATED,
                    outcome.jobs,
                    index,
                    progress=lambda msg: status.update(msg),
                )
            )
    except SpecError as exc:
        fail("\n".join(_problems(exc)))
    except (OutputError, FormatError) as exc:
        fail(f"generation failed, previous output kept: {exc}")
    except (watching.WatchError, publishing.PublishError) as exc:
        fail(str(exc))
    for line in outcome.lines():
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    for o in published:
        result = "published" if o.published else "already on the index"
        out.print(f"{o.project.name} {o.project.version}: {result}", highlight=False)
    raise typer.Exit(outcome.exit_code)


def main() -> None:
    app()

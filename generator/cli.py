"""`amperity-codegen`: the command line over the pipeline's stages.

Exit codes: 0 success; 1 the input is wrong (a message, never a traceback); 2 usage error
(typer's own). `watch` adds 3 for "regenerated".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

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
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
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
) -> None:
    """Validate DOC: exit 0 when valid, 1 with each problem located by JSON pointer."""
    from generator.document import prepare

    try:
        prepare(doc, list(overlay or []))
    except SpecError as exc:
        problems = _problems(exc)
        for problem in problems:
            err.print(f"[red]✗[/] {problem}", highlight=False)
        fail(f"{doc}: {len(problems)} problem(s)")
    out.print(f"[green]✓[/] {doc} is valid")


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
        table = Table("package", "api-version", "operations", "files", "path")
        with err.status("generating") as status:
            for job in jobs:
                result = job.run(progress=lambda msg: status.update(msg))
                table.add_row(
                    job.package,
                    result.api.version,
                    str(len(result.api.operations)),
                    str(result.files),
                    os.path.relpath(result.path),
                )
    except SpecError as exc:
        fail("\n".join(_problems(exc)))
    except (OutputError, FormatError) as exc:
        fail(f"generation failed, previous output kept: {exc}")
    out.print(table)


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


def main() -> None:
    app()

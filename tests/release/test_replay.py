"""The real history replayed from an empty workspace: every changelog page and every published
document since June 2024, in date order, each source added once its document appears. What
watch does at each step (exit code, versions, release notes) is what a team would have shipped.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from amperity_codegen.release.watch import watch
from amperity_codegen.workspace import Workspace
from tests.release.test_watch import GENERATOR, make_project
from tests.support.documents import CHANGELOG, HISTORY

SOURCES = {  # file → source name in spec/sources.toml
    "control-plane-2024-04-01-openapi.json": "amperity-api",
    "control-plane-unstable-openapi.json": "amperity-api-unstable",
    "openapi-profile-v2.json": "amperity-profile-api",
}


@dataclass(frozen=True)
class Step:
    day: date
    page: Path | None  # the changelog as it stood that day
    documents: dict[str, Path]  # file → the version published by that day


def steps() -> list[Step]:
    """One step per changelog page and per published document, in date order (a page first
    when both fall on one day)."""
    pages = sorted(CHANGELOG.glob("*.rst"))
    published = {
        date.fromisoformat(d.name): d for d in sorted(HISTORY.iterdir()) if d.is_dir()
    }
    events = sorted(
        [(date.fromisoformat(p.name[:10]), 0, p) for p in pages]
        + [(d, 1, None) for d in published],
        key=lambda e: (e[0], e[1], str(e[2])),
    )
    out: list[Step] = []
    for day, _, event_page in events:
        page = event_page or max(
            (p for p in pages if date.fromisoformat(p.name[:10]) <= day), default=None
        )
        documents: dict[str, Path] = {}
        for d in sorted(d for d in published if d <= day):
            documents.update({f.name: f for f in published[d].iterdir()})
        step = Step(day, page, documents)
        if not out or out[-1] != step:
            out.append(step)
    return out


def advance(root: Path, step: Step) -> tuple[Workspace, Path]:
    """The workspace at `step`: the mirror holds each document's latest version, and the sources
    configured are those whose document has appeared."""
    mirror = root / "mirror"
    shutil.rmtree(mirror, ignore_errors=True)
    mirror.mkdir(parents=True)
    for name, path in step.documents.items():
        shutil.copyfile(path, mirror / name)
    spec = root / "project" / "spec"
    names = [SOURCES[name] for name in SOURCES if name in step.documents]
    # (A project configured with the real sources named: none is a name no source has.)
    folder = root / "configured" / f"{step.day}-{step.page.stem if step.page else ''}"
    configured = make_project(folder, *(names or ["none"]))
    spec.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(configured.sources, spec / "sources.toml")
    if not (spec / "overlays").exists():
        shutil.copytree(configured.sources.parent / "overlays", spec / "overlays")
    return Workspace.at(spec.parent), mirror


PATCH = "No changes to the API or the Python client."
# day: (exit code, {package: (version, what its release notes say first)}, what needs attention)
EXPECTED: dict[str, tuple[int, dict[str, tuple[str, str]], str]] = {
    # The API is announced before its first document: no source covers it yet.
    "2024-06-29": (5, {}, "Amperity API: 2024-04-01 not covered"),
    "2024-07-19": (3, {"amperity_api": ("1.0.0", "First version.")}, ""),
    # `:stop` became `/stop`.
    "2024-07-31": (3, {"amperity_api": ("2.0.0", "### Breaking changes")}, ""),
    "2024-08-22": (0, {}, ""),
    "2024-09-03": (3, {"amperity_api_unstable": ("1.0.0", "First version.")}, ""),
    # Descriptions and sample values only: the docstrings changed, the API did not.
    "2024-09-10": (3, {"amperity_api": ("2.0.1", PATCH)}, ""),
    "2024-09-16": (0, {}, ""),
    # GET /ingest/jobs added.
    "2024-10-03": (3, {"amperity_api": ("2.1.0", "### Additions")}, ""),
    "2024-11-07": (
        3,
        {"amperity_api": ("2.1.1", PATCH), "amperity_api_unstable": ("1.0.1", PATCH)},
        "",
    ),
    "2025-01-16": (0, {}, ""),
    # POST /workflow/runs added.
    "2025-04-23": (3, {"amperity_api": ("2.2.0", "### Additions")}, ""),
    "2025-04-24": (0, {}, ""),
    "2025-05-01": (0, {}, ""),
    # The Profile API is announced; no source covers it until its document appears.
    "2025-07-30": (5, {}, "Profile API: 2024-04-01 not covered"),
    "2025-07-30+": (5, {}, "Profile API: 2025-07-31 not covered"),
    "2025-08-01": (5, {}, "Profile API: 2025-07-31 not covered"),
    "2026-04-03": (
        3,
        {"amperity_api": ("2.2.1", PATCH)},
        "Profile API: 2025-07-31 not covered",
    ),
    # Swagger 2.0 → OpenAPI 3.0.3.
    "2026-04-24": (
        3,
        {
            "amperity_api": ("3.0.0", "### Breaking changes"),
            "amperity_api_unstable": ("2.0.0", "### Breaking changes"),
        },
        "Profile API: 2025-07-31 not covered",
    ),
    "2026-04-28": (3, {"amperity_profile_api": ("1.0.0", "First version.")}, ""),
    # The Real-time API has no document; nothing covers it.
    "2026-07-23": (5, {}, "Real-time API: unstable not covered"),
}


@pytest.mark.slow
def test_the_real_history_replayed_from_an_empty_workspace(tmp_path: Path) -> None:
    seen: list[str] = []
    for step in steps():
        key = str(step.day) + ("+" if str(step.day) in seen else "")
        seen.append(key)
        project, mirror = advance(tmp_path, step)
        outcome = watch(
            step.page,
            today=step.day,
            mirror=mirror,
            project=project,
            generator=GENERATOR,
        )
        code, releases, attention = EXPECTED[key]
        assert outcome.exit_code == code, (key, outcome.lines())
        assert {u.source.package: u.version for u in outcome.updates} == {
            p: v for p, (v, _) in releases.items()
        }, key
        assert outcome.verdict().endswith(
            f"needs attention: {attention}" if attention else ""
        ), key
        for package, (version, notes) in releases.items():
            changelog = (project.generated / package / "CHANGELOG.md").read_text(
                encoding="utf-8"
            )
            head, _, _ = changelog.removeprefix("# Changelog\n\n").partition("\n## ")
            assert head.startswith(f"## {version} ({step.day})\n"), key
            assert notes in head, (key, head)
            assert (
                f'version = "{version}"'
                in (project.generated / package / "pyproject.toml").read_text()
            )
        # Idempotent: the same day again has nothing new to release.
        again = watch(
            step.page,
            today=step.day,
            mirror=mirror,
            project=project,
            generator=GENERATOR,
        )
        assert (again.exit_code, again.updates, again.notes) == (
            5 if attention else 0,
            (),
            (),
        ), key
    assert seen == list(EXPECTED)

    # The 3.0.0 notes: the default host and the declared headers, once each, breaking first.
    notes = (project.generated / "amperity_api" / "CHANGELOG.md").read_text(
        encoding="utf-8"
    )
    three = notes.split("## 3.0.0")[1].split("\n## ")[0]
    assert three.count("(default-server-changed)") == 1
    assert three.count("`header amperity-tenant`") == 1
    assert (
        three.index("### Breaking changes")
        < three.index("### Additions")
        < three.index("### Other changes")
    )

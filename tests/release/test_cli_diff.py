"""`amperity-codegen diff` as users meet it: formats, exit codes, messages, the history timeline."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]

from tests.support.documents import HISTORY
from tests.support.project import ROOT

STABLE_NAME = "control-plane-2024-04-01-openapi.json"
RENAMED_URL = (
    HISTORY / "2024-07-19" / STABLE_NAME,
    HISTORY / "2024-07-31" / STABLE_NAME,
)
ADDED_ENDPOINT = (
    HISTORY / "2024-09-10" / STABLE_NAME,
    HISTORY / "2024-10-03" / STABLE_NAME,
)


def codegen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amperity_codegen", "diff", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def document(*paths: str) -> dict[str, Any]:
    """A minimal valid document with one GET per path."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            path: {
                "get": {
                    "operationId": f"get{i}",
                    "responses": {"200": {"description": "OK"}},
                }
            }
            for i, path in enumerate(paths)
        },
    }


def test_json_is_one_object_identifying_both_documents_valid_against_the_shipped_schema() -> (
    None
):
    result = codegen(*RENAMED_URL, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)  # the whole output is one JSON object
    jsonschema.validate(
        report,
        json.loads(
            (
                ROOT
                / "src"
                / "amperity_codegen"
                / "release"
                / "diff-report.schema.json"
            ).read_text()
        ),
    )
    assert (
        report["format_version"] == 1
        and report["bump"] == "major"
        and report["breaking"] is True
    )
    for side, path in zip(("old", "new"), RENAMED_URL, strict=False):
        assert report[side] == {
            "title": "Amperity API",
            "version": "2024-04-01",
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    assert report["wire"][0] == {
        "kind": "endpoint-renamed",
        "operations": ["POST /workflow/runs/{workflow-id}:stop"],
        "location": "/workflow/runs/{workflow-id}:stop",
        "breaking": True,
        "detail": "POST /workflow/runs/{workflow-id}:stop → POST /workflow/runs/{workflow-id}/stop",
        "python": ["workflow.stop_workflow"],
    }


def test_the_configured_overlays_are_found_by_file_name() -> None:
    # The 2026-04-24 document is valid only once spec/sources.toml's overlays repair its servers.
    current = HISTORY / "2026-04-24" / STABLE_NAME
    result = codegen(current, current, "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["wire"], report["python"], report["breaking"], report["bump"]) == (
        [],
        [],
        False,
        "none",
    )


def test_markdown_has_release_note_headings() -> None:
    breaking = codegen(*RENAMED_URL, "--format", "markdown")
    assert breaking.returncode == 0, breaking.stderr
    assert breaking.stdout.startswith(
        "Suggested version bump: **major**.\n\n### Breaking changes\n"
    )
    additions = codegen(*ADDED_ENDPOINT, "--format", "markdown")
    assert (
        "### Additions" in additions.stdout
        and "### Breaking changes" not in additions.stdout
    )
    assert (
        "`GET /ingest/jobs`: new endpoint (Python: `ingest.list_ingest_jobs`) (endpoint-added)"
        in additions.stdout
    )
    assert additions.stdout.startswith("Suggested version bump: **minor**.")


def test_text_not_on_a_terminal_is_plain_aligned_lines_never_wrapped() -> None:
    result = codegen(*ADDED_ENDPOINT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "1 wire change(s), 2 Python change(s), 0 breaking (bump: minor)"
    assert (
        "┃" not in result.stdout and "…" not in result.stdout
    )  # no table, nothing cut
    assert any(
        line.split()
        == ["wire", "endpoint-added", "GET", "/ingest/jobs", "new", "endpoint"]
        for line in lines
    )


def test_fail_on_breaking_exits_4_only_when_something_breaks() -> None:
    broken = codegen(*RENAMED_URL, "--fail-on-breaking", "--format", "json")
    assert (
        broken.returncode == 4 and broken.stderr == "breaking changes found\n"
    )  # 1: bad input
    assert json.loads(broken.stdout)["breaking"] is True  # the report is still printed
    assert codegen(*ADDED_ENDPOINT, "--fail-on-breaking").returncode == 0


def test_a_bad_input_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = codegen(RENAMED_URL[0], tmp_path / "missing.json")
    assert result.returncode == 1
    assert "missing.json" in result.stderr and "Traceback" not in result.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"openapi": "3.0.3", "paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/nope"}}}}}}'
    )
    result = codegen(RENAMED_URL[0], broken)
    assert result.returncode == 1
    assert "#/nope" in result.stderr and "Traceback" not in result.stderr


def test_an_overlay_that_does_not_apply_is_an_input_error(tmp_path: Path) -> None:
    overlay = tmp_path / "o.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n"
        "actions:\n  - target: $.paths['/nowhere']\n    update: {x-note: 1}\n"
    )
    result = codegen(*ADDED_ENDPOINT, "--overlay", overlay)
    assert result.returncode == 1
    assert "o.yaml" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert codegen(RENAMED_URL[0]).returncode == 2  # NEW missing
    assert codegen(*RENAMED_URL, "--history", tmp_path).returncode == 2
    assert codegen(*RENAMED_URL, "--format", "yaml").returncode == 2


def test_history_prints_a_timeline(tmp_path: Path) -> None:
    for day, paths in (
        ("2024-01-01", ["/a"]),
        ("2024-02-01", ["/a", "/b"]),
        ("2024-03-01", ["/b"]),
    ):
        (tmp_path / day).mkdir()
        (tmp_path / day / "api.json").write_text(json.dumps(document(*paths)))
    result = codegen("--history", tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    timeline = json.loads(result.stdout)["api.json"]
    assert [
        (e["date"], e["breaking"], [c["kind"] for c in e["wire"]]) for e in timeline
    ] == [
        ("2024-02-01", False, ["endpoint-added"]),
        ("2024-03-01", True, ["endpoint-removed"]),
    ]
    text = codegen(
        "--history", tmp_path, "--document", "api.json", "--fail-on-breaking"
    )
    assert text.returncode == 4
    assert "2024-02-01" in text.stdout and "2024-03-01" in text.stdout
    markdown = codegen("--history", tmp_path, "--format", "markdown").stdout
    assert (
        "## api.json" in markdown
        and "### 2024-03-01" in markdown
        and "#### Breaking changes" in markdown
    )

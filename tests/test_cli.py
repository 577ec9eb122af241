"""The command line as users meet it: exit codes, messages, and output left intact on failure."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

from tests.support.documents import PROFILE, STABLE
from tests.support.project import ROOT

OVERLAYS = ROOT / "spec" / "overlays"


def codegen(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amperity_codegen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_validate_published_profile_document_fails_with_pointers() -> None:
    result = codegen("validate", PROFILE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "/paths/~1indexes~1{id}~1profiles~1{id}" in result.stderr


def test_validate_profile_document_with_its_overlay_passes() -> None:
    result = codegen(
        "validate",
        PROFILE,
        "--overlay",
        OVERLAYS / "profile-api.yaml",
        "--overlay",
        OVERLAYS / "servers.yaml",
    )
    assert result.returncode == 0, result.stderr


def test_usage_errors_exit_2() -> None:
    assert codegen("validate").returncode == 2
    assert codegen("generate", STABLE).returncode == 2  # DOC without --package
    assert codegen("no-such-command").returncode == 2


def test_generate_a_document_into_a_folder(tmp_path: Path) -> None:
    result = codegen("generate", STABLE, "--package", "acme_client", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (
        tmp_path / "acme_client" / "acme_client" / "resources" / "workflow.py"
    ).exists()
    # The project folder gets the same mode as the folders inside it (the umask's), not a
    # temporary folder's private 0700.
    project = tmp_path / "acme_client"
    assert stat.S_IMODE(project.stat().st_mode) == stat.S_IMODE(
        (project / "acme_client").stat().st_mode
    )


def test_a_bad_document_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    assert (
        codegen(
            "generate", STABLE, "--package", "acme_client", "--out", tmp_path
        ).returncode
        == 0
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    bad = json.loads(STABLE.read_text())
    bad["paths"]["/segments"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] = {"$ref": "#/components/schemas/Missing"}
    doc = tmp_path.parent / "bad.json"
    doc.write_text(json.dumps(bad))
    result = codegen("generate", doc, "--package", "acme_client", "--out", tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "#/components/schemas/Missing" in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    # No staging leftovers; the stamp is the first run's (build/stamps.py).
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".acme_client.stamp",
        "acme_client",
    ]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = codegen("validate", tmp_path / "nope.json")
    assert result.returncode == 1
    assert "nope.json" in result.stderr and "Traceback" not in result.stderr


def test_the_generate_summary_is_whole_in_a_log(tmp_path: Path) -> None:
    """Off a terminal (a CI log), the table is plain aligned text: no name or path cut short."""
    package = "a_package_name_long_enough_to_be_cut_in_a_narrow_table"
    result = codegen(
        "generate",
        ROOT / "tests" / "corpus" / "general" / "enums.yaml",
        "--package",
        package,
        "--out",
        tmp_path / "a_folder_name_long_enough_too",
    )
    assert result.returncode == 0, result.stderr
    header, row = result.stdout.splitlines()
    assert header.split() == [
        "package",
        "api-version",
        "operations",
        "files",
        "path",
        "result",
    ]
    assert row.split()[0] == package and row.split()[-1] == "generated"
    assert row.split()[4].endswith(f"a_folder_name_long_enough_too/{package}")
    assert "…" not in result.stdout

"""Regeneration's fast path: skipped only when every input and the output are as the stamp says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from amperity_codegen.build import stamps
from amperity_codegen.build.pipeline import Job, locked_document
from amperity_codegen.workspace.sources import load_sources
from tests.support.project import ROOT, WORKSPACE

SOURCE = load_sources(WORKSPACE.sources)[0]
PACKAGE = SOURCE.package


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Job:
    """The stable package generated and stamped once, from copies of its document and overlays."""
    base = tmp_path_factory.mktemp("inputs")
    document = base / SOURCE.file
    shutil.copy(locked_document(SOURCE, WORKSPACE), document)
    overlays = tuple(Path(shutil.copy(o, base / o.name)) for o in SOURCE.overlays)
    job = Job(
        source=document,
        package=PACKAGE,
        out=base / "out",
        overlays=overlays,
        rate_limit=SOURCE.rate_limit,
        client_parameters=SOURCE.client_parameters,
    )
    job.run(stamp=True)
    return job


@pytest.fixture
def job(generated: Job, tmp_path: Path) -> Job:
    """A private copy of everything `generated` used and wrote, for a test to change."""
    inputs = tmp_path / "inputs"
    shutil.copytree(Path(generated.source).parent, inputs)
    return replace(
        generated,
        source=inputs / Path(generated.source).name,
        out=inputs / "out",
        overlays=tuple(inputs / o.name for o in generated.overlays),
    )


def test_nothing_changed_is_up_to_date(job: Job) -> None:
    stamp = job.up_to_date()
    assert stamp is not None
    assert (stamp.api_version, stamp.operations) == ("2024-04-01", 9)
    assert stamp.files == sum(1 for p in (job.out / PACKAGE).rglob("*") if p.is_file())


def test_bytecode_caches_in_the_output_do_not_count(job: Job) -> None:
    (job.out / PACKAGE / PACKAGE / "__pycache__").mkdir()
    (
        job.out / PACKAGE / PACKAGE / "__pycache__" / "models.cpython-311.pyc"
    ).write_bytes(b"\0")
    assert job.up_to_date() is not None


def test_a_changed_document_is_regenerated(job: Job) -> None:
    doc = json.loads(Path(job.source).read_text())
    doc["info"]["description"] += " Changed."
    Path(job.source).write_text(json.dumps(doc))
    assert job.up_to_date() is None


def test_a_changed_overlay_is_regenerated(job: Job) -> None:
    with job.overlays[-1].open("a") as f:
        f.write("# a comment is a change too\n")
    assert job.up_to_date() is None


def test_another_overlay_list_or_option_is_regenerated(job: Job) -> None:
    assert replace(job, overlays=job.overlays[:-1]).up_to_date() is None
    assert replace(job, package_version="1.0.1").up_to_date() is None
    assert replace(job, changelog="# Changelog\n").up_to_date() is None
    assert replace(job, rate_limit=5.0).up_to_date() is None
    assert (
        replace(job, client_parameters={"amperity-tenant": "tenant"}).up_to_date()
        is None
    )


@pytest.mark.parametrize("edit", ["change", "delete", "add"])
def test_a_hand_edited_output_is_regenerated(job: Job, edit: str) -> None:
    models = job.out / PACKAGE / PACKAGE / "models" / "__init__.py"
    if edit == "change":
        models.write_text(models.read_text() + "\n# edited by hand\n")
    elif edit == "delete":
        models.unlink()
    else:
        (models.parent / "extra.py").write_text("")
    assert job.up_to_date() is None


def test_a_missing_or_unreadable_stamp_means_generate(job: Job) -> None:
    stamp = stamps.stamp_path(job.out, PACKAGE)
    stamp.write_text("{not json")
    assert job.up_to_date() is None
    stamp.unlink()
    assert job.up_to_date() is None


def test_a_changed_template_or_runtime_is_regenerated(
    job: Job, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The generator's code as a copy, so that a test may change it.
    code = tmp_path / "code"
    for folder in stamps.CODE_DIRS:
        shutil.copytree(
            folder, code / folder.name, ignore=shutil.ignore_patterns("__pycache__")
        )
    monkeypatch.setattr(stamps, "ROOT", code)
    monkeypatch.setattr(
        stamps, "CODE_DIRS", tuple(code / d.name for d in stamps.CODE_DIRS)
    )
    assert (
        job.up_to_date() is not None
    )  # an identical copy: the fingerprint is of relative paths and bytes
    template = (
        code
        / "amperity_codegen"
        / "templates"
        / "package"
        / "resources"
        / "resource.py.jinja"
    )
    template.write_text(template.read_text() + "\n")
    assert job.up_to_date() is None
    template.write_text(template.read_text()[:-1])
    assert job.up_to_date() is not None
    runtime = code / "amperity_codegen" / "runtime" / "_retry.py"
    runtime.write_text(runtime.read_text() + "# changed\n")
    assert job.up_to_date() is None


def test_within_one_command_the_code_is_hashed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    (code / "templates").mkdir(parents=True)
    template = code / "templates" / "a.jinja"
    template.write_text("one")
    monkeypatch.setattr(stamps, "ROOT", code)
    monkeypatch.setattr(stamps, "CODE_DIRS", (code / "templates",))
    before = stamps.code_fingerprint()
    with stamps.code_read_once():
        assert stamps.code_fingerprint() == before
        template.write_text("two")
        assert stamps.code_fingerprint() == before  # the command's version of the code
    assert stamps.code_fingerprint() != before  # the next command reads it again


def test_the_command_line_skips_an_unchanged_package_and_repairs_an_edited_one(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"

    def generate() -> str:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "amperity_codegen",
                "generate",
                str(locked_document(SOURCE, WORKSPACE)),
                "--package",
                PACKAGE,
                "--out",
                str(out),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={
                **os.environ,
                "COLUMNS": "200",
            },  # a table wide enough for the result column
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "generated" in generate()
    models = out / PACKAGE / PACKAGE / "models" / "__init__.py"
    written = models.read_bytes()
    mtime = models.stat().st_mtime_ns
    assert "unchanged" in generate()
    assert models.stat().st_mtime_ns == mtime
    models.write_text("# edited by hand\n")
    assert "generated" in generate()
    assert models.read_bytes() == written

"""The release path against a real index (pypiserver on 127.0.0.1): publishing all packages is
all-or-nothing against the index, and `watch --publish` never loses a release whose upload failed.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amperity_codegen import cli
from amperity_codegen.build import pipeline
from amperity_codegen.release.publish import (
    Index,
    PublishError,
    build,
    check_artifacts,
    publish,
    read_project,
    release,
)
from amperity_codegen.workspace.sources import load_sources
from tests.release.test_publish import (  # noqa: F401  (index_server is a fixture)
    PASSWORD,
    USER,
    PackageIndex,
    index_server,
    no_twine_environment,
)
from tests.release.test_watch import OLD_STABLE, ROOT, make_project
from tests.support.documents import CHANGELOG, OPENAPI, STABLE
from tests.support.project import WORKSPACE

PAGE = CHANGELOG / "2024-06-29-5c0a7062.rst"  # announces only the Amperity API


def _job(name: str, out: Path) -> pipeline.Job:
    source = next(s for s in load_sources(WORKSPACE.sources) if s.package == name)
    return pipeline.Job(
        source=OPENAPI / source.file,
        package=name,
        out=out,
        overlays=source.overlays,
        rate_limit=source.rate_limit,
        client_parameters=source.client_parameters,
    )


def test_every_package_is_checked_against_the_index_before_any_is_uploaded(
    index_server: PackageIndex,  # noqa: F811  (the fixture, imported above)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    generated = tmp_path / "generated"
    jobs = {
        name: _job(name, generated) for name in ("amperity_api", "amperity_profile_api")
    }
    for job in jobs.values():
        job.run()
    monkeypatch.setenv("TWINE_USERNAME", USER)
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)
    index = Index.configure(index_server.url)
    # Someone published another amperity-profile-api 1.0.0 before.
    other = shutil.copytree(
        generated / "amperity_profile_api", tmp_path / "other" / "amperity_profile_api"
    )
    (other / "README.md").write_text("# amperity_profile_api\n\nAnother build.\n")
    release(
        read_project(other), build(read_project(other), tmp_path / "dist-other"), index
    )
    before = index_server.files()

    # amperity_api comes first and is fine, but nothing is uploaded: the run would be half-shipped.
    with pytest.raises(
        PublishError,
        match="amperity-profile-api 1.0.0 is already on the index with different",
    ):
        publish(generated, jobs, index)
    assert index_server.files() == before
    assert not any(name.startswith("amperity_api-") for name in before)


def codegen(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli.app, [str(a) for a in args])
    return result.exit_code, result.output


def test_a_failed_upload_keeps_the_release_pending_until_it_is_on_the_index(
    index_server: PackageIndex,  # noqa: F811  (the fixture, imported above)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    project = make_project(tmp_path / "project", "amperity-api")
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    shutil.copyfile(OLD_STABLE, mirror / STABLE.name)
    monkeypatch.chdir(project.root)  # the workspace the command finds
    monkeypatch.delenv("AMPERITY_SPEC_MIRROR", raising=False)
    monkeypatch.setenv("TWINE_REPOSITORY_URL", index_server.url)
    monkeypatch.setenv("TWINE_USERNAME", USER)
    monkeypatch.setenv("TWINE_PASSWORD", "wrong")
    watch = ("watch", "--changelog", PAGE, "--mirror", mirror, "--publish")

    # Regenerated, then the upload is refused: the run fails, saying what it regenerated.
    code, output = codegen(*watch)
    assert code == 1, output
    assert "amperity_api first version (api-version 2024-04-01): regenerated" in output
    assert (
        "pending publication: amperity_api 1.0.0" in output
        and "refused the credentials" in output
    )
    assert json.loads(project.pending.read_text()) == {"amperity_api": "1.0.0"}

    # The next run finds nothing new in the documents, but the release is still pending.
    code, output = codegen(*watch)
    assert code == 1, output
    assert (
        "amperity_api  1.0.0    pending publication: 1.0.0 is not on the index yet"
        in output
    )

    # Once the upload goes through, the run exits 3: the CI job that commits on 3 commits it.
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)
    code, output = codegen(*watch)
    assert code == 3, output
    assert "published now: amperity_api 1.0.0" in output
    assert any(name.startswith("amperity_api-1.0.0") for name in index_server.files())
    assert not project.pending.exists()

    code, output = codegen(*watch)
    assert (code, output.splitlines()[-1]) == (
        0,
        "amperity-api 1.0.0: already on the index",
    )
    assert "nothing new" in output


def _metadata(wheel: Path) -> tuple[list[str], list[tuple[str, str]]]:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        text = z.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))
        ).decode()
    headers = [
        tuple(line.split(": ", 1))
        for line in text.split("\n\n")[0].splitlines()
        if ": " in line
    ]
    return names, [(k, v) for k, v in headers]


def test_package_metadata_a_company_index_expects(tmp_path: Path) -> None:
    job = replace(
        _job("amperity_api", tmp_path / "generated"),
        changelog="# Changelog\n\n## 1.0.0\n",
    )
    built = build(read_project(job.run().path), tmp_path / "dist")
    check_artifacts(built)  # twine check --strict
    names, headers = _metadata(built.wheel.path)
    assert "amperity_api/CHANGELOG.md" in names  # in the wheel, not only the sdist
    assert ("License-Expression", "LicenseRef-Proprietary") in headers
    assert ("Project-URL", "Documentation, https://docs.amperity.com/api/") in headers
    assert (
        "Project-URL",
        "API changelog, https://docs.amperity.com/api/changelog.html",
    ) in headers
    classifiers = {v for k, v in headers if k == "Classifier"}
    assert {"Typing :: Typed", "Programming Language :: Python :: 3.11"} <= classifiers

    # Another vendor's document: no link to Amperity; without release notes, no CHANGELOG.md.
    other = pipeline.job_for_document(
        str(ROOT / "tests" / "corpus" / "general" / "enums.yaml"),
        "enums_api",
        tmp_path / "other",
        [],
        [],
    )
    built = build(read_project(other.run().path), tmp_path / "dist-other")
    names, headers = _metadata(built.wheel.path)
    assert not any(k == "Project-URL" for k, _ in headers)
    assert not any(n.endswith("CHANGELOG.md") for n in names)
    assert ("License-Expression", "LicenseRef-Proprietary") in headers


def test_a_license_configured_for_a_source_is_the_package_license(
    tmp_path: Path,
) -> None:
    job = replace(_job("amperity_api", tmp_path / "generated"), license="MIT")
    built = build(read_project(job.run().path), tmp_path / "dist")
    check_artifacts(built)
    _, headers = _metadata(built.wheel.path)
    assert ("License-Expression", "MIT") in headers
    assert "License :: Other/Proprietary License" not in {
        v for k, v in headers if k == "Classifier"
    }

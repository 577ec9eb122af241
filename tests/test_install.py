"""The generator as users get it: a wheel installed into a fresh virtualenv, run outside the
checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.documents import STABLE
from tests.support.project import ROOT

# A wheel built and installed into a fresh virtualenv: half a minute (make test runs it).
pytestmark = pytest.mark.slow

CORPUS = ROOT / "tests" / "corpus" / "general"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("amperity_codegen-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh virtualenv holding only the wheel; its dependencies are the project's own
    (already installed, pinned), reached through a .pth file rather than downloaded again.
    """
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Appended after the venv's own site-packages: the wheel's package wins over anything else.
    Path(site, "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    yield env


def test_the_wheel_holds_one_package_with_its_runtime_and_templates(
    wheel: Path,
) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {
        n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")
    }
    assert tops == {"amperity_codegen"}
    assert "amperity_codegen/runtime/_client.py" in names
    assert "amperity_codegen/templates/macros.jinja" in names
    assert "amperity_codegen/py.typed" in names


def test_generate_from_any_directory_without_a_workspace(
    installed: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    document = shutil.copy(CORPUS / "enums.yaml", tmp_path / "api.yaml")
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    result = subprocess.run(
        [
            installed / "bin" / "amperity-codegen",
            "generate",
            document,
            "--package",
            "acme",
            "--out",
            "../out",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    imported = subprocess.run(
        [
            installed / "bin" / "python",
            "-c",
            "import amperity_codegen, acme; print(acme.__api_version__, amperity_codegen.__file__)",
        ],
        cwd=tmp_path / "out" / "acme",
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    version, location = imported.stdout.split()
    assert version == "1"  # info.version of enums.yaml
    assert (
        str(installed) in location and str(ROOT) not in location
    )  # the wheel's, not the checkout's


def test_a_workspace_named_by_project(installed: Path, tmp_path: Path) -> None:
    """`--project DIR` from anywhere: fetch, then generate every source of that workspace."""
    space = tmp_path / "space"
    (space / "spec").mkdir(parents=True)
    shutil.copytree(ROOT / "spec" / "overlays", space / "spec" / "overlays")
    head, *blocks = (
        (ROOT / "spec" / "sources.toml")
        .read_text(encoding="utf-8")
        .split("[[source]]\n")
    )
    (space / "spec" / "sources.toml").write_text(
        head + "[[source]]\n" + blocks[0], encoding="utf-8"
    )
    codegen = installed / "bin" / "amperity-codegen"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "AMPERITY_SPEC_MIRROR")
    }
    for args in (("fetch", "--mirror", STABLE.parent), ("generate",)):
        result = subprocess.run(
            [codegen, "--project", space, *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert (
        space / "generated" / "amperity_api" / "amperity_api" / "__init__.py"
    ).is_file()
    # Outside any workspace, and none named: a clear error, not a traceback.
    result = subprocess.run(
        [codegen, "generate"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "no workspace here" in result.stderr and "Traceback" not in result.stderr

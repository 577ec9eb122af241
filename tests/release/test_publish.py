"""Publishing: freshness, reproducible builds, and a real index (pypiserver on 127.0.0.1).

Installed packages go into fresh virtualenvs from the loopback index; their dependencies
(httpx, pydantic) come from this project's virtualenv through a .pth file, so no test needs
the internet.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]

from amperity_codegen.build import pipeline
from amperity_codegen.release.publish import (
    SOURCE_DATE_EPOCH,
    Index,
    PublishError,
    build,
    publish,
    read_project,
    release,
)
from amperity_codegen.workspace.sources import Source, load_sources
from tests.support.documents import STABLE, read_json
from tests.support.project import WORKSPACE
from tests.support.tenant_server import Reply, TenantServer

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "amperity_api"
USER, PASSWORD = "publisher", "s3cret-pass"
STOP_PATH = "/workflow/runs/{workflow-id}/stop"

# Run inside an installed package's virtualenv: one call through the client, and what it is.
CLIENT_SCRIPT = """
import json, sys
import amperity_api
client = amperity_api.Amperity(tenant=sys.argv[1], token=sys.argv[2], base_url=sys.argv[3])
run = client.workflow.get_workflow("wf-1", view="verbose")
print(json.dumps({
    "file": amperity_api.__file__,
    "version": amperity_api.__version__,
    "api_version": amperity_api.__api_version__,
    "id": run.id,
    "state": run.state,
    "can_stop": hasattr(client.workflow, "stop_workflow"),
}))
"""


def stable_source() -> Source:
    return next(s for s in load_sources(WORKSPACE.sources) if s.package == PACKAGE)


def stable_job(
    out: Path, *, version: str = "1.0.0", document: Path = STABLE
) -> pipeline.Job:
    """The stable API's job as configured in spec/sources.toml, from `document` at `version`."""
    source = stable_source()
    return pipeline.Job(
        source=document,
        package=PACKAGE,
        out=out,
        overlays=source.overlays,
        rate_limit=source.rate_limit,
        client_parameters=source.client_parameters,
        package_version=version,
    )


@pytest.fixture(scope="module")
def v1(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """generated/amperity_api at 1.0.0 (shared: tests copy it before changing anything)."""
    return stable_job(tmp_path_factory.mktemp("generated")).run().path


@pytest.fixture(autouse=True)
def no_twine_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees this machine's index settings, .pypirc or keyring."""
    for name in (
        "TWINE_REPOSITORY_URL",
        "TWINE_REPOSITORY",
        "TWINE_USERNAME",
        "TWINE_PASSWORD",
    ):
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@dataclass(frozen=True)
class PackageIndex:
    url: str  # the upload URL
    simple: str
    packages: Path  # where the server keeps what it was sent

    def files(self) -> list[str]:
        return sorted(p.name for p in self.packages.iterdir())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def index_server(tmp_path: Path) -> Iterator[PackageIndex]:
    """A pypiserver on 127.0.0.1 that takes uploads from USER/PASSWORD only."""
    packages = tmp_path / "index-packages"
    packages.mkdir()
    htpasswd = HtpasswdFile(str(tmp_path / "htpasswd"), new=True)
    htpasswd.set_password(USER, PASSWORD)
    htpasswd.save()
    port = free_port()
    log = (tmp_path / "pypiserver.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "pypiserver", "run", "-p", str(port), "-i", "127.0.0.1"]
        + [
            "-P",
            str(tmp_path / "htpasswd"),
            "-a",
            "update",
            "--disable-fallback",
            str(packages),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, (tmp_path / "pypiserver.log").read_text()
            try:
                if httpx.get(url + "simple/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "pypiserver did not start"
            time.sleep(0.05)
        yield PackageIndex(url, url + "simple/", packages)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def install(index: PackageIndex, requirement: str, venv: Path) -> Path:
    """A fresh virtualenv holding `requirement` from the index; its python."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True
    )
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    (site / "project_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    pip = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "install",
        "--isolated",
        "--no-cache-dir",
    ]
    pip += [
        "--disable-pip-version-check",
        "--no-deps",
        "--index-url",
        index.simple,
        requirement,
    ]
    subprocess.run(pip, check=True, capture_output=True)
    return python


def call_client(python: Path) -> dict[str, object]:
    """Call a stand-in tenant through the package installed for `python`."""
    with TenantServer() as tenant:
        tenant.route(
            "GET",
            "/workflow/runs/{workflow-id}",
            lambda req: Reply.json(
                {
                    "id": req.path_params["workflow-id"],
                    "state": "succeeded",
                    "type": "courier",
                    "name": "Nightly",
                    "tenant": tenant.tenant,
                    "created_at": "2026-04-01T00:00:00Z",
                }
            ),
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("AMPERITY_")}
        result = subprocess.run(
            [
                python,
                "-I",
                "-c",
                CLIENT_SCRIPT,
                tenant.tenant,
                tenant.token,
                tenant.base_url,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        [request] = tenant.requests
    assert request.headers["api-version"] == "2024-04-01"
    assert request.query_dict() == {"view": "verbose"}
    return dict(json.loads(result.stdout))


def test_a_hand_edited_package_is_refused(
    v1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = tmp_path / "generated"
    project = shutil.copytree(v1, generated / PACKAGE)
    job = stable_job(generated)
    workflow = project / PACKAGE / "resources" / "workflow.py"
    workflow.write_text(workflow.read_text() + "# patched by hand\n")
    (project / PACKAGE / "notes.txt").write_text("")
    assert job.stale_files(project) == [
        f"{PACKAGE}/notes.txt",
        f"{PACKAGE}/resources/workflow.py",
    ]

    # Refused before any build or upload: nothing listens on the discard port.
    monkeypatch.setenv("TWINE_USERNAME", USER)
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)
    index = Index.configure("http://127.0.0.1:9/")
    with pytest.raises(
        PublishError,
        match=r"not what the locked documents produce .*resources/workflow\.py",
    ):
        publish(generated, {PACKAGE: job}, index)


def test_builds_are_reproducible(
    v1: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(read_project(v1), tmp_path / "dist-a")

    # The same files elsewhere, with other times and permissions, a cache, and a CI's epoch.
    elsewhere = shutil.copytree(v1, tmp_path / "elsewhere" / PACKAGE)
    for path in elsewhere.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
        if path.is_file():
            path.chmod(0o600)
    (elsewhere / PACKAGE / "__pycache__").mkdir(exist_ok=True)
    (elsewhere / PACKAGE / "__pycache__" / "stray.cpython-311.pyc").write_bytes(b"\0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    second = build(read_project(elsewhere), tmp_path / "dist-b")

    assert (first.sdist.path.name, first.wheel.path.name) == (
        "amperity_api-1.0.0.tar.gz",
        "amperity_api-1.0.0-py3-none-any.whl",
    )
    assert second.sdist.path.name == first.sdist.path.name
    assert second.sdist.sha256 == first.sdist.sha256
    assert second.wheel.sha256 == first.wheel.sha256

    with zipfile.ZipFile(first.wheel.path) as wheel:
        assert {info.date_time for info in wheel.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        names = wheel.namelist()
        metadata = wheel.read("amperity_api-1.0.0.dist-info/METADATA").decode()
    assert (
        "amperity_api/_runtime/_client.py" in names and "amperity_api/py.typed" in names
    )
    assert not [n for n in names if "__pycache__" in n]
    assert "Version: 1.0.0" in metadata
    assert "Keywords: amperity,api-version-2024-04-01" in metadata
    with tarfile.open(first.sdist.path) as sdist:
        members = sdist.getmembers()
    assert {(m.mtime, m.uid, m.gid, m.uname) for m in members} == {
        (int(SOURCE_DATE_EPOCH), 0, 0, "")
    }
    assert {m.mode for m in members if m.isfile()} == {0o644}


def test_release_cycle_publish_install_republish_and_major_bump(
    v1: Path,
    index_server: PackageIndex,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWINE_USERNAME", USER)
    monkeypatch.setenv("TWINE_PASSWORD", PASSWORD)
    index = Index.configure(index_server.url)
    jobs = {PACKAGE: stable_job(v1.parent)}

    [first] = publish(v1.parent, jobs, index)
    assert first.published and first.project.version == "1.0.0"
    assert index_server.files() == [
        "amperity_api-1.0.0-py3-none-any.whl",
        "amperity_api-1.0.0.tar.gz",
    ]
    served = httpx.get(index_server.simple + "amperity-api/").text
    assert (
        f"amperity_api-1.0.0-py3-none-any.whl#sha256={first.built.wheel.sha256}"
        in served
    )

    venv_1 = tmp_path / "venv-1"
    python_1 = install(index_server, "amperity-api==1.0.0", venv_1)
    seen = call_client(python_1)
    assert Path(str(seen.pop("file"))).is_relative_to(
        venv_1
    )  # the installed copy, not a source tree
    assert seen == {
        "version": "1.0.0",
        "api_version": "2024-04-01",
        "id": "wf-1",
        "state": "succeeded",
        "can_stop": True,
    }

    # Publishing again changes nothing: the same bytes are already there.
    stored = {p.name: p.read_bytes() for p in index_server.packages.iterdir()}
    [again] = publish(v1.parent, jobs, index)
    assert not again.published
    assert again.built.wheel.sha256 == first.built.wheel.sha256
    assert {p.name: p.read_bytes() for p in index_server.packages.iterdir()} == stored

    # A 1.0.0 with other contents can never replace the one users have installed.
    changed = shutil.copytree(v1, tmp_path / "changed" / PACKAGE)
    (changed / "README.md").write_text("# amperity_api\n\nEdited.\n")
    rebuilt = build(read_project(changed), tmp_path / "dist-changed")
    with pytest.raises(
        PublishError, match="already on the index with different contents"
    ):
        release(read_project(changed), rebuilt, index)

    # A breaking change (an endpoint removed) comes out as 2.0.0; credentials from .pypirc now.
    document = read_json(STABLE)
    del document["paths"][STOP_PATH]
    (tmp_path / "stable-v2.json").write_text(json.dumps(document))
    v2_job = stable_job(
        tmp_path / "generated-v2", version="2.0.0", document=tmp_path / "stable-v2.json"
    )
    v2_job.run()
    monkeypatch.delenv("TWINE_USERNAME")
    monkeypatch.delenv("TWINE_PASSWORD")
    (Path(os.environ["HOME"]) / ".pypirc").write_text(
        "[distutils]\nindex-servers = internal\n\n"
        f"[internal]\nrepository = {index_server.url}\nusername = {USER}\npassword = {PASSWORD}\n"
    )
    [second] = publish(
        tmp_path / "generated-v2",
        {PACKAGE: v2_job},
        Index.configure(repository="internal"),
    )
    assert second.published and second.project.version == "2.0.0"
    assert len(index_server.files()) == 4

    python_2 = install(index_server, "amperity-api==2.0.0", tmp_path / "venv-2")
    seen_2 = call_client(python_2)
    assert (seen_2["version"], seen_2["can_stop"]) == ("2.0.0", False)
    assert (
        call_client(python_1)["version"] == "1.0.0"
    )  # the old major stays installable and installed


def codegen(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amperity_codegen", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_cli_publish_refuses_a_wrong_password_then_publishes_then_skips(
    index_server: PackageIndex, tmp_path: Path
) -> None:
    # Generated the way `amperity-codegen generate` does: from the locked document.
    generated = tmp_path / "generated"
    pipeline.job_for_source(stable_source(), WORKSPACE, generated).run()
    version = read_project(generated / PACKAGE).version
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_")}
    args = (
        "publish",
        "--generated",
        generated,
        "--package",
        PACKAGE,
        "--repository-url",
        index_server.url,
    )

    wrong = codegen(
        *args, env={**base_env, "TWINE_USERNAME": USER, "TWINE_PASSWORD": "wrong"}
    )
    assert wrong.returncode == 1
    assert "Traceback" not in wrong.stderr
    assert wrong.stderr.count("error:") == 1 and wrong.stderr.startswith("error:")
    message = " ".join(wrong.stderr.split())
    assert f"{index_server.url} refused the credentials (403 Forbidden)" in message
    assert "TWINE_PASSWORD" in message
    assert index_server.files() == []

    env = {**base_env, "TWINE_USERNAME": USER, "TWINE_PASSWORD": PASSWORD}
    published = codegen(*args, env=env)
    assert published.returncode == 0, published.stderr
    assert f"amperity-api {version}: published" in published.stdout
    assert len(index_server.files()) == 2

    again = codegen(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert f"amperity-api {version}: skipped: already on the index" in again.stdout


def test_no_index_or_no_credentials_is_a_clear_error() -> None:
    with pytest.raises(PublishError, match="no index given: pass --repository-url"):
        Index.configure()
    with pytest.raises(PublishError, match="no credentials for the index"):
        Index.configure("https://pypi.example.com/")

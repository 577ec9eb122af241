"""Publish generated packages to a Python package index.

For each project folder in `generated/`: refuse it unless it is exactly what the locked
documents produce; build its sdist, then its wheel from the sdist (hatchling, in this
interpreter, no isolation), reproducibly; `twine check` them; and upload, with twine, the
files the index does not have yet. A version already on the index is skipped; the same
version with different bytes is refused, since an index never lets a file be replaced.

Reproducible: the same project gives byte-identical archives wherever and whenever it is built.
Hatchling normalizes file order, owners and permissions; the archive timestamps come from
SOURCE_DATE_EPOCH, which the build always sets to one constant (see `SOURCE_DATE_EPOCH`).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import logging
import os
import re
import shutil
import tarfile
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
import pyproject_hooks
from build import (
    BuildBackendException,
    BuildException,
    ProjectBuilder,
    check_dependency,
)
from packaging.utils import canonicalize_name
from twine.commands.check import check as twine_check
from twine.commands.upload import upload as twine_upload
from twine.exceptions import NonInteractive, TwineException
from twine.settings import Settings

from amperity_codegen.build import pipeline
from amperity_codegen.build.freshness import package_files
from amperity_codegen.errors import CodegenError

# The archives' timestamp. The inputs carry no date worth recording (the lock holds hashes, not
# times, and "unstable" has no date), so it is a constant: the earliest a zip can hold,
# 1980-01-01T00:00:00Z. Set whatever the environment says, so that a CI that exports the commit
# time cannot give an unchanged package new bytes.
SOURCE_DATE_EPOCH = "315532800"
SEMVER = re.compile(r"\d+\.\d+\.\d+")
TIMEOUT = httpx.Timeout(30.0)

Progress = Callable[[str], None]


class PublishError(CodegenError):
    """Publishing cannot go on; the message is one line, for the user as is."""


@dataclass(frozen=True)
class Project:
    path: Path  # generated/<package>
    package: str  # the import name, also the folder's name
    name: str  # the distribution name, from pyproject.toml
    version: str


@dataclass(frozen=True)
class Artifact:
    path: Path
    sha256: str


@dataclass(frozen=True)
class Built:
    sdist: Artifact
    wheel: Artifact

    @property
    def artifacts(self) -> tuple[Artifact, Artifact]:
        return (self.sdist, self.wheel)


@dataclass(frozen=True)
class Outcome:
    project: Project
    built: Built
    published: bool  # False: every file was already on the index


def read_project(path: Path) -> Project:
    """The project in `path` (a folder with a pyproject.toml), its version checked."""
    try:
        meta = tomllib.loads((path / "pyproject.toml").read_text(encoding="utf-8"))[
            "project"
        ]
        name, version = str(meta["name"]), str(meta["version"])
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise PublishError(
            f"{path}: no readable [project] name and version in pyproject.toml ({exc})"
        ) from None
    if not SEMVER.fullmatch(version):
        raise PublishError(f"{path}: version {version!r} is not MAJOR.MINOR.PATCH")
    return Project(path, path.name, name, version)


def find_projects(generated: Path, packages: Sequence[str] = ()) -> list[Project]:
    """The projects in `generated/`, or those named (by package or distribution name)."""
    folders = sorted(generated.iterdir()) if generated.is_dir() else []
    found = {
        p.name: p
        for p in folders
        if not p.name.startswith(".") and (p / "pyproject.toml").is_file()
    }
    if not packages:
        if not found:
            raise PublishError(
                f"no generated packages in {generated}: run `amperity-codegen generate`"
            )
        return [read_project(p) for p in found.values()]
    wanted = [name.replace("-", "_") for name in packages]
    unknown = [name for name in wanted if name not in found]
    if unknown:
        have = ", ".join(found) or "none"
        raise PublishError(
            f"no generated package {', '.join(unknown)} in {generated} (there: {have})"
        )
    return [read_project(found[name]) for name in dict.fromkeys(wanted)]


# Freshness -------------------------------------------------------------------------------------


# Build -----------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _backend_runner(
    cmd: Sequence[str],
    cwd: str | None = None,
    extra_environ: Mapping[str, str] | None = None,
) -> None:
    """Run a build-backend hook quietly (its output kept for errors), at the fixed timestamp."""
    environ = {**(extra_environ or {}), "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    pyproject_hooks.quiet_subprocess_runner(cmd, cwd, environ)


def _build_one(source: Path, kind: Literal["sdist", "wheel"], out: Path) -> Path:
    builder = ProjectBuilder(source, runner=_backend_runner)
    missing = {m for d in builder.build_system_requires for m in check_dependency(d)}
    if missing:
        needs = ", ".join(sorted(" -> ".join(chain) for chain in missing))
        raise PublishError(
            f"cannot build {source.name}: this environment lacks {needs}"
        )
    return Path(builder.build(kind, out))


def build(project: Project, out: Path) -> Built:
    """Build `project`'s sdist, then its wheel from that sdist, into `out`.

    Only the package's own files are built (copied to a clean folder first), so caches, stray
    files and the surrounding repository's .gitignore cannot change the result.
    """
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="amperity-build-") as tmp:
        staging = Path(tmp, "project")
        for rel, path in package_files(project.path).items():
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / rel)
        try:
            sdist = _build_one(staging, "sdist", out)
            with tarfile.open(sdist) as tar:
                tar.extractall(Path(tmp, "sdist"), filter="data")
            unpacked = Path(tmp, "sdist", sdist.name.removesuffix(".tar.gz"))
            wheel = _build_one(unpacked, "wheel", out)
        except (BuildException, BuildBackendException) as exc:
            raise PublishError(
                f"cannot build {project.name} {project.version}: {_build_failure(exc)}"
            ) from None
    return Built(Artifact(sdist, sha256(sdist)), Artifact(wheel, sha256(wheel)))


def _build_failure(exc: Exception) -> str:
    output = getattr(getattr(exc, "exception", None), "output", None) or b""
    lines = [
        line for line in output.decode(errors="replace").splitlines() if line.strip()
    ]
    return lines[-1].strip() if lines else str(exc)


# Twine -----------------------------------------------------------------------------------------


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _twine_quiet() -> Iterator[_Captured]:
    """Keep twine's own printing and logging out of the output; its messages are kept."""
    logger = logging.getLogger("twine")
    captured, propagate = _Captured(), logger.propagate
    logger.addHandler(captured)
    logger.propagate = False
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield captured
    finally:
        logger.removeHandler(captured)
        logger.propagate = propagate


def check_artifacts(built: Built) -> None:
    """`twine check --strict`: the metadata is complete and the README renders."""
    with _twine_quiet() as captured:
        failed = twine_check([str(a.path) for a in built.artifacts], strict=True)
    if failed:
        detail = (
            " ".join(" ".join(m.split()) for m in captured.messages)
            or "see `twine check`"
        )
        raise PublishError(f"twine check failed for {built.wheel.path.name}: {detail}")


class _Links(HTMLParser):
    """The files a PEP 503 project page links to: file name -> sha256 (when the link gives one)."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, str | None] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            fragment = urlsplit(self._href).fragment
            digest = (
                fragment.removeprefix("sha256=")
                if fragment.startswith("sha256=")
                else None
            )
            self.files[data.strip()] = digest

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None


_PYPI_SIMPLE = {
    "https://upload.pypi.org/legacy/": "https://pypi.org/simple/",
    "https://test.pypi.org/legacy/": "https://test.pypi.org/simple/",
}


def simple_index_url(upload_url: str) -> str:
    """Where an index's simple API is, from its upload URL: `<upload URL>/simple/`, which
    Artifactory, CodeArtifact, GitLab, Nexus and pypiserver follow, or PyPI's own."""
    return _PYPI_SIMPLE.get(upload_url) or upload_url.rstrip("/") + "/simple/"


class Index:
    """A package index: twine's upload settings (URL, credentials) and its simple API for
    reading."""

    def __init__(
        self, settings: Settings, simple_url: str, username: str, password: str
    ) -> None:
        self.settings = settings
        self.simple_url = simple_url.rstrip("/") + "/"
        self._auth = (username, password)

    @property
    def upload_url(self) -> str:
        return str(self.settings.repository_config["repository"])

    @classmethod
    def configure(
        cls,
        repository_url: str | None = None,
        repository: str | None = None,
        index_url: str | None = None,
    ) -> Index:
        """The index twine would upload to, given the same options and environment.

        `repository_url` (else TWINE_REPOSITORY_URL) names it with credentials from
        TWINE_USERNAME / TWINE_PASSWORD; `repository` (else TWINE_REPOSITORY) names a .pypirc
        section holding URL and credentials. One of them must be given: never PyPI by default.
        """
        parser = argparse.ArgumentParser()
        Settings.register_argparse_arguments(parser)
        args = ["--non-interactive", "--disable-progress-bar"]
        args += ["--repository-url", repository_url] if repository_url else []
        args += ["--repository", repository] if repository else []
        parsed = parser.parse_args(args)
        explicit = (
            parsed.repository_url or repository or os.environ.get("TWINE_REPOSITORY")
        )
        if not explicit:
            raise PublishError(
                "no index given: pass --repository-url URL (or set TWINE_REPOSITORY_URL), "
                "or --repository NAME for a .pypirc section"
            )
        try:
            settings = Settings.from_argparse(parsed)
            username, password = settings.username, settings.password
        except NonInteractive:
            raise PublishError(
                "no credentials for the index: set TWINE_USERNAME and TWINE_PASSWORD, "
                "or use a .pypirc section with --repository"
            ) from None
        except TwineException as exc:
            raise PublishError(_first_line(exc)) from None
        if not (username and password):
            raise PublishError(
                "no credentials for the index: set TWINE_USERNAME and TWINE_PASSWORD"
            )
        upload_url = str(settings.repository_config["repository"])
        # twine takes --skip-existing for PyPI only; for other indexes `release` asks the simple
        # API.
        settings.skip_existing = upload_url.startswith(tuple(_PYPI_SIMPLE))
        return cls(
            settings, index_url or simple_index_url(upload_url), username, password
        )

    def files(self, name: str) -> dict[str, str | None]:
        """The files the index holds for distribution `name` (none when it does not know it)."""
        url = f"{self.simple_url}{canonicalize_name(name)}/"
        try:
            response = httpx.get(
                url, auth=self._auth, follow_redirects=True, timeout=TIMEOUT
            )
        except httpx.HTTPError as exc:
            raise PublishError(f"cannot read {url}: {exc}") from None
        # An index that sends unknown projects elsewhere (pypiserver's PyPI fallback) does not hold
        # them.
        if response.status_code == 404 or _origin(str(response.url)) != _origin(url):
            return {}
        if response.status_code in (401, 403):
            raise PublishError(
                f"{url} answered {response.status_code}: check the index credentials"
            )
        if response.status_code != 200:
            raise PublishError(
                f"{url} answered {response.status_code} {response.reason_phrase}"
            )
        links = _Links()
        links.feed(response.text)
        return links.files

    def upload(self, paths: Sequence[Path], what: str) -> None:
        """Upload with twine; a refusal becomes one line, naming the likely cause."""
        try:
            with _twine_quiet():
                twine_upload(self.settings, [str(p) for p in paths])
        except TwineException as exc:
            raise PublishError(f"cannot upload {what}: {_first_line(exc)}") from None
        except OSError as exc:  # requests' errors, HTTPError among them, are OSErrors
            response: Any = getattr(exc, "response", None)
            if response is None:
                raise PublishError(
                    f"cannot upload {what} to {self.upload_url}: {_first_line(exc)}"
                ) from None
            status = f"{response.status_code} {response.reason}"
            if response.status_code in (401, 403):
                raise PublishError(
                    f"{self.upload_url} refused the credentials ({status}) uploading {what}: "
                    "check TWINE_USERNAME / TWINE_PASSWORD or the .pypirc section"
                ) from None
            raise PublishError(f"{self.upload_url} refused {what}: {status}") from None


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _first_line(exc: BaseException) -> str:
    return next(
        (line.strip() for line in str(exc).splitlines() if line.strip()),
        type(exc).__name__,
    )


# Publish ---------------------------------------------------------------------------------------


def release(project: Project, built: Built, index: Index) -> Outcome:
    """Upload the files of `built` the index lacks; refuse a version it holds with other bytes."""
    missing = missing_files(project, built, index)
    if missing:
        index.upload(missing, f"{project.name} {project.version}")
    return Outcome(project, built, published=bool(missing))


def missing_files(project: Project, built: Built, index: Index) -> list[Path]:
    """The files of `built` the index lacks; refused when it holds one of them with other bytes."""
    what = f"{project.name} {project.version}"
    present = index.files(project.name)
    missing = []
    for artifact in built.artifacts:
        name = artifact.path.name
        if name not in present:
            missing.append(artifact.path)
        elif present[name] not in (None, artifact.sha256):
            raise PublishError(
                f"{what} is already on the index with different contents ({name}): "
                "a changed package needs a new version"
            )
    return missing


def publish(
    generated: Path,
    jobs: Mapping[str, pipeline.Job],
    index: Index,
    *,
    packages: Sequence[str] = (),
    dist: Path | None = None,
    progress: Progress = lambda _: None,
) -> list[Outcome]:
    """Publish the projects in `generated/` (or those named), each checked against its job.

    Nothing is uploaded unless every project is fresh, builds and checks cleanly, and is not
    on the index with other bytes.
    `dist` keeps the archives; by default they are built in a temporary folder, gone on
    return (the outcomes still name them and give their sha256).
    """
    projects = find_projects(generated, packages)
    for project in projects:
        job = jobs.get(project.package)
        if job is None:
            raise PublishError(
                f"{project.path} is not generated from any source in spec/sources.toml"
            )
        progress(f"checking {project.package} against its locked document")
        stale = job.stale_files(project.path)
        if stale:
            shown = ", ".join(stale[:5]) + (
                f" and {len(stale) - 5} more" if len(stale) > 5 else ""
            )
            raise PublishError(
                f"{project.path} is not what the locked documents produce ({shown} differ): "
                "run `amperity-codegen generate` and commit the result"
            )
    with tempfile.TemporaryDirectory(prefix="amperity-dist-") as tmp:
        out = dist or Path(tmp)
        builds = []
        for project in projects:
            progress(f"building {project.name} {project.version}")
            built = build(project, out)
            check_artifacts(built)
            builds.append(built)
        # Every project is checked against the index before anything is uploaded: one refused
        # version must not leave the index with some packages of the run and not the others.
        missing = []
        for project, built in zip(projects, builds, strict=False):
            progress(
                f"checking {project.name} {project.version} against {index.simple_url}"
            )
            missing.append(missing_files(project, built, index))
        outcomes = []
        for project, built, files in zip(projects, builds, missing, strict=False):
            if files:
                progress(
                    f"publishing {project.name} {project.version} to {index.upload_url}"
                )
                index.upload(files, f"{project.name} {project.version}")
            outcomes.append(Outcome(project, built, published=bool(files)))
    return outcomes

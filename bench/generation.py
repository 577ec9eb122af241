"""The generation workloads: `amperity-codegen` and openapi-python-client, each as its user runs it.

Both run as command-line programs in fresh processes (startup and imports included), on the
same documents: the three configured sources, prepared (loaded, upgraded, overlay-repaired,
validated) and written as JSON, which is what openapi-python-client can read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from amperity_codegen.build import pipeline
from amperity_codegen.document.prepare import prepare
from amperity_codegen.emit import memo
from amperity_codegen.workspace import Workspace
from amperity_codegen.workspace.sources import load_sources
from bench.large_document import replicate

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = Workspace.at(ROOT)
# The real version change of the stable document: Swagger 2.0, then OpenAPI 3.0.3.
VERSION_CHANGE = ("2026-04-03", "2026-04-24")
OPC_VERSION = "0.29.1"
OPC_VENV = ROOT / "bench" / ".venv-opc"
OPC = OPC_VENV / "bin" / "openapi-python-client"
TIMEOUT = 1800


class BenchError(Exception):
    """A workload failed: the figure would mean nothing."""


@dataclass(frozen=True)
class Document:
    package: str  # our package name; openapi-python-client's is `opc_<package>`
    path: Path  # the prepared document, as JSON


def ensure_opc() -> Path:
    """openapi-python-client in the bench's own virtualenv, installed on first use."""
    if _opc_version() != OPC_VERSION:
        subprocess.run(
            [sys.executable, "-m", "venv", "--clear", str(OPC_VENV)], check=True
        )
        subprocess.run(
            [
                str(OPC_VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"openapi-python-client=={OPC_VERSION}",
            ],
            check=True,
        )
        if _opc_version() != OPC_VERSION:
            raise BenchError(
                f"could not install openapi-python-client {OPC_VERSION} into {OPC_VENV}"
            )
    return OPC


def _opc_version() -> str | None:
    if not OPC.exists():
        return None
    done = subprocess.run([str(OPC), "--version"], capture_output=True, text=True)
    return done.stdout.strip().rsplit(" ", 1)[-1] if done.returncode == 0 else None


def version_change() -> tuple[Document, Document]:
    """The stable document before and after its real version change, as published (the
    mirror's history/ folder), each generated as the stable package."""
    mirror = Path(
        os.environ.get("AMPERITY_SPEC_MIRROR")
        or ROOT.parent / "shared" / "amperity" / "openapi"
    )
    source = load_sources(WORKSPACE.sources)[0]
    old, new = (ROOT / mirror / "history" / day / source.file for day in VERSION_CHANGE)
    for path in (old, new):
        if not path.is_file():
            raise BenchError(
                f"{path} is missing: the version-change figure reads the mirror's history"
            )
    return Document(source.package, old), Document(source.package, new)


def shares(*args: str) -> dict[str, float]:
    """Seconds per category of `amperity-codegen generate ARGS` (bench/shares.py), cold."""
    output = _run(
        [sys.executable, "-m", "bench.shares", "generate", *args],
        env={**os.environ, "COLUMNS": "200"},
    )
    result = json.loads(output.strip().splitlines()[-1])
    return {name: float(seconds) for name, seconds in result["seconds"].items()}


def prepared_documents(folder: Path) -> list[Document]:
    """Every configured source, prepared from its locked document, as `folder/<package>.json`."""
    documents = []
    for source in load_sources(WORKSPACE.sources):
        path = folder / f"{source.package}.json"
        path.write_text(
            json.dumps(
                prepare(pipeline.locked_document(source, WORKSPACE), source.overlays)
            ),
            encoding="utf-8",
        )
        documents.append(Document(source.package, path))
    return documents


def large_document(folder: Path, copies: int) -> Document:
    """The stable Amperity document's paths and schemas `copies` times (bench/large_document.py)."""
    source = load_sources(WORKSPACE.sources)[0]
    doc = replicate(
        prepare(pipeline.locked_document(source, WORKSPACE), source.overlays), copies
    )
    path = folder / f"amperity_x{copies}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return Document(f"amperity_x{copies}", path)


def largest_public_document() -> Document:
    """The largest document of the public corpus (tests/corpus/public.toml; `make corpus`
    fetches it, sha256-pinned), as published: both generators read it as it is."""
    from tests.corpus import public_documents

    try:
        found = public_documents.fetch()
    except Exception as exc:  # npm unreachable, a changed tarball: no figure to make
        raise BenchError(
            f"the public corpus cannot be fetched (make corpus): {exc}"
        ) from exc
    largest = max(found, key=lambda d: d.path.stat().st_size)
    package = "".join(c if c.isalnum() else "_" for c in largest.name) + "_api"
    return Document(package, largest.path)


def _run(command: list[str], *, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=TIMEOUT
    )
    if done.returncode != 0:
        raise BenchError(
            f"{' '.join(command)} exited {done.returncode}: "
            f"{(done.stderr or done.stdout).strip()[-2000:]}"
        )
    return done.stdout


def _codegen(*args: str, expect: str, packages: int, cache: Path | None = None) -> None:
    """`amperity-codegen generate ARGS`, checking each package's result is `expect`; with the
    cache of formatted output in `cache`, else without one (`--no-cache`: a cold run, whatever
    the workspace's cache holds)."""
    env = dict(os.environ)
    if cache is None:
        args = (*args, "--no-cache")
    else:
        env[memo.ENV_FOLDER] = str(cache)
    output = _run(
        [sys.executable, "-m", "amperity_codegen", "generate", *args], env=env
    )
    # Off a terminal the summary is plain columns, the result last on each row.
    if sum(line.split()[-1:] == [expect] for line in output.splitlines()) != packages:
        raise BenchError(
            f"amperity-codegen generate {' '.join(args)}: expected {packages} × {expect}:\n{output}"
        )


def ours_sources(out: Path, *, expect: str) -> None:
    """`amperity-codegen generate --out OUT`: every configured source ("generated" or
    "unchanged")."""
    _codegen(
        "--out", str(out), expect=expect, packages=len(load_sources(WORKSPACE.sources))
    )


def ours_document(document: Document, out: Path, cache: Path | None = None) -> None:
    """`amperity-codegen generate DOC --package NAME --out OUT`, into an empty OUT (with the
    cache in `cache`, else none)."""
    _codegen(
        str(document.path),
        "--package",
        document.package,
        "--out",
        str(out),
        expect="generated",
        packages=1,
        cache=cache,
    )
    if not (out / document.package / document.package / "__init__.py").is_file():
        raise BenchError(
            f"amperity-codegen wrote no package {document.package} into {out}"
        )


def opc_document(document: Document, out: Path) -> Path:
    """openapi-python-client on one document; returns the package folder it wrote."""
    target = out / f"opc_{document.package}"
    # Its post-generation hooks (ruff) come from its own virtualenv.
    env = {
        **os.environ,
        "PATH": f"{OPC.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    _run(
        [
            str(OPC),
            "generate",
            "--path",
            str(document.path),
            "--output-path",
            str(target),
            "--meta",
            "none",
            "--overwrite",
        ],
        env=env,
    )
    if not (target / "client.py").is_file():
        raise BenchError(f"openapi-python-client wrote no client into {target}")
    return target


@contextmanager
def scratch(prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=f"amperity-bench-{prefix}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_seconds(path_entry: Path, modules: list[str]) -> float:
    """Seconds to import `modules` from `path_entry` in a fresh interpreter."""
    code = (
        "import importlib, sys, time\n"
        f"sys.path.insert(0, {str(path_entry)!r})\n"
        "start = time.perf_counter()\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "print(time.perf_counter() - start)\n"
    )
    return float(_run([sys.executable, "-I", "-c", code, *modules]))


def opc_modules(package_dir: Path) -> list[str]:
    """What gives the same surface as `import amperity_api`: the package, its models and
    every endpoint module."""
    name = package_dir.name
    endpoints = sorted(
        ".".join((name, *p.relative_to(package_dir).with_suffix("").parts))
        for p in (package_dir / "api").rglob("*.py")
        if p.name != "__init__.py"
    )
    return [name, f"{name}.models", *endpoints]


# A fresh interpreter: the package, a client, then (`every` set) every model, then the first call
# of one operation against the bench server; the seconds of each step, as JSON.
_FIRST_CALL = """
import importlib, json, sys, time
path, package, resource, method, base_url, every = sys.argv[1:]
sys.path.insert(0, path)
seconds = {}
start = time.perf_counter()
module = importlib.import_module(package)
seconds["import"] = time.perf_counter() - start
start = time.perf_counter()
client = module.Amperity(tenant="acme", token="t", base_url=base_url, rate_limit=None)
seconds["client"] = time.perf_counter() - start
if every == "every":
    start = time.perf_counter()
    for name in module.models.__all__:
        getattr(module.models, name)
    seconds["models"] = time.perf_counter() - start
start = time.perf_counter()
getattr(getattr(client, resource), method)("wf-1")
seconds["call"] = time.perf_counter() - start
print(json.dumps(seconds))
"""


def first_call(
    document: Document, project: Path, copy: int, base_url: str, *, every: bool
) -> dict[str, float]:
    """Seconds of `import`, `client` and the first `call` (of copy `copy`'s `get_workflow`, in a
    fresh process) of the large document's package generated into `project`; with `every`, every
    model imported before the call (`models`), as when they were one module."""
    suffix = f"_r{copy}" if copy else ""
    output = _run(
        [
            sys.executable,
            "-I",
            "-c",
            _FIRST_CALL,
            str(project),
            document.package,
            f"workflow{suffix}",
            f"get_workflow{suffix}",
            base_url,
            "every" if every else "needed",
        ]
    )
    return {step: float(value) for step, value in json.loads(output).items()}

"""`make survey`: each real public document (tests/corpus/public.toml) through the generator, as a
new user would take it, beside openapi-python-client on the same file.

    .venv/bin/python -m tests.corpus.survey [--only NAME ...] [--no-opc] [--timeout 900]

For each document, in strict mode and in lenient mode (`generate --lenient`; the same as strict
for a document with no finding): does it generate, does the package import (with its models and
every resource), does `mypy --strict` pass, and how many operations answer a call over HTTP
(every operation called once against the stand-in server, required arguments made up from their
types). openapi-python-client: generate, import, `mypy --strict`. Prints a table; writes
tests/corpus/public/survey.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.table import Table

from bench.generation import OPC, OPC_VENV, ensure_opc
from tests.corpus.public_documents import FOLDER, Document, fetch

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


@dataclass
class Outcome:
    generate: str = "-"  # "ok 12.3s" or the first line of the error
    imports: str = "-"
    mypy: str = "-"
    calls: str = "-"  # "n/m"
    findings: str = ""  # lenient: "3 repaired, 1 left out"
    calls_errors: list[str] | None = None


def _run(
    command: list[str], timeout: float, **kwargs: object
) -> tuple[bool, str, float]:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, **kwargs)  # type: ignore[call-overload]
    except subprocess.TimeoutExpired:
        return False, f"timeout after {timeout:.0f}s", time.perf_counter() - started
    seconds = time.perf_counter() - started
    text = (done.stdout + done.stderr).strip()
    return done.returncode == 0, text, seconds


def _first_error(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error")] or [
        line for line in lines if "error" in line.lower()
    ]
    return ((errors or lines or ["?"])[0])[:160]


def ours(doc: Document, out: Path, lenient: bool, timeout: float) -> Outcome:
    package = "p_" + doc.name.replace("-", "_").replace(".", "_")
    command = [
        PYTHON,
        "-m",
        "amperity_codegen",
        "generate",
        str(doc.path),
        "--package",
        package,
        "--out",
        str(out),
    ]
    ok, text, seconds = _run(
        [*command, *(["--lenient"] if lenient else [])],
        timeout,
        env={**os.environ, "COLUMNS": "200"},
    )
    outcome = Outcome()
    if lenient:
        counts = [
            line
            for line in text.splitlines()
            if " repaired, " in line and " left out" in line
        ]
        outcome.findings = counts[0].split(";")[0] if counts else "no findings"
    if not ok:
        outcome.generate = _first_error(text)
        return outcome
    outcome.generate = f"ok {seconds:.0f}s"
    project = out / package
    ok, text, _ = _run([PYTHON, "-c", _IMPORT, str(project), package], timeout)
    outcome.imports = "ok" if ok else _first_error(text)
    if not ok:
        return outcome
    overlays = [str(p) for p in out.glob(f"{package}.lenient-overlay.yaml")]
    ok, text, _ = _run(
        [
            PYTHON,
            "-m",
            "tests.corpus.survey_calls",
            str(doc.path),
            str(project),
            package,
            *overlays,
        ],
        timeout,
        cwd=ROOT,
    )
    # The summary line ("n/m sent ..."), wherever warnings printed to stderr put it.
    lines = text.splitlines()
    summary = [line for line in lines if re.match(r"\d+/\d+ sent", line)]
    outcome.calls = summary[-1] if ok and summary else (lines or ["?"])[-1][:160]
    if ok and len(lines) > 1:  # the first error of each kind, for the JSON
        outcome.calls_errors = [line for line in lines if line not in summary]
    ok, text, seconds = _mypy(PYTHON, project, package, timeout)
    outcome.mypy = f"ok {seconds:.0f}s" if ok else _mypy_summary(text)
    return outcome


def opc(doc: Document, out: Path, timeout: float) -> Outcome:
    package = "opc_" + doc.name.replace("-", "_").replace(".", "_")
    target = out / package
    env = {
        **os.environ,
        "PATH": f"{OPC.parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    command = [
        str(OPC),
        "generate",
        "--path",
        str(doc.path),
        "--output-path",
        str(target),
        "--meta",
        "none",
        "--overwrite",
    ]
    ok, text, seconds = _run(command, timeout, env=env)
    outcome = Outcome()
    # It reports many problems as warnings and still writes a client: what counts is the client.
    if not (target / "client.py").is_file():
        outcome.generate = _first_error(text)
        return outcome
    warnings = text.count("WARNING")
    outcome.generate = f"ok {seconds:.0f}s" + (
        f" ({warnings} warnings)" if warnings else ""
    )
    python = str(OPC_VENV / "bin" / "python")
    ok, text, _ = _run([python, "-c", _IMPORT_OPC, str(out), package], timeout)
    outcome.imports = "ok" if ok else _first_error(text)
    ok, text, seconds = _mypy(python, out, package, timeout)
    outcome.mypy = f"ok {seconds:.0f}s" if ok else _mypy_summary(text)
    return outcome


def _ensure_mypy(python: Path) -> None:
    """The bench's openapi-python-client environment with our mypy, to check its clients alike."""
    version = metadata.version("mypy")
    probe = [
        str(python),
        "-c",
        "import importlib.metadata as m; print(m.version('mypy'))",
    ]
    found = subprocess.run(probe, capture_output=True, text=True)
    if found.stdout.strip() != version:
        install = [str(python), "-m", "pip", "install", "--quiet", f"mypy=={version}"]
        subprocess.run(install, check=True)


def _mypy(
    python: str, path_entry: Path, package: str, timeout: float
) -> tuple[bool, str, float]:
    command = [
        python,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--cache-dir=/dev/null",
        "-p",
        package,
    ]
    return _run(command, timeout, env={**os.environ, "MYPYPATH": str(path_entry)})


def _mypy_summary(text: str) -> str:
    last = text.strip().splitlines()[-1] if text.strip() else "?"
    return last if last.startswith("Found") or "timeout" in last else _first_error(text)


# Our package: import it, its models and every resource module.
_IMPORT = """
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])
importlib.import_module(sys.argv[2] + ".models")
resources = importlib.import_module(sys.argv[2] + ".resources")
for module in pkgutil.iter_modules(resources.__path__):
    importlib.import_module(f"{sys.argv[2]}.resources.{module.name}")
"""

_IMPORT_OPC = """
import importlib, pkgutil, sys
sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])
for module in pkgutil.walk_packages(package.__path__, sys.argv[2] + "."):
    importlib.import_module(module.name)
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--only", action="append", help="a document's name (repeatable)"
    )
    parser.add_argument(
        "--no-opc", action="store_true", help="without openapi-python-client"
    )
    parser.add_argument("--timeout", type=float, default=900, help="seconds per step")
    args = parser.parse_args()
    console = Console(stderr=True)
    documents = [d for d in fetch() if not args.only or d.name in args.only]
    if not args.no_opc:
        ensure_opc()
        _ensure_mypy(OPC_VENV / "bin" / "python")
    survey = FOLDER / "survey.json"
    # A run over some documents updates their rows of the last full run.
    results: dict[str, dict[str, object]] = (
        json.loads(survey.read_text()) if args.only and survey.is_file() else {}
    )
    with tempfile.TemporaryDirectory(prefix="amperity-survey-") as folder:
        for doc in sorted(documents, key=lambda d: d.path.stat().st_size):
            console.print(f"{doc.name} ({doc.path.stat().st_size // 1024} KiB)")
            strict = ours(doc, Path(folder) / "strict", False, args.timeout)
            # A document strict mode generates has no finding: lenient mode is the same run.
            if strict.generate.startswith("ok"):
                lenient = Outcome(**{**asdict(strict), "findings": "(as strict)"})
            else:
                lenient = ours(doc, Path(folder) / "lenient", True, args.timeout)
            reference = (
                None
                if args.no_opc
                else asdict(opc(doc, Path(folder) / "opc", args.timeout))
            )
            if reference is None:  # --no-opc keeps what the last run found, if any
                kept = results.get(doc.name, {}).get("openapi-python-client")
                reference = kept if isinstance(kept, dict) else None
            results[doc.name] = {
                "kib": doc.path.stat().st_size // 1024,
                "strict": asdict(strict),
                "lenient": asdict(lenient),
                "openapi-python-client": reference,
            }
            survey.write_text(json.dumps(results, indent=2) + "\n")
    _print(results)


def _print(results: dict[str, dict[str, object]]) -> None:
    table = Table(
        "document",
        "KiB",
        "strict: generate",
        "import",
        "mypy",
        "calls",
        "lenient: findings",
        "generate",
        "import",
        "mypy",
        "calls",
        "opc: generate",
        "import",
        "mypy",
        title="public documents",
    )
    for name, row in results.items():
        strict, lenient, reference = (
            row[k] for k in ("strict", "lenient", "openapi-python-client")
        )
        assert isinstance(strict, dict) and isinstance(lenient, dict)
        opc_cells = (
            [reference[k] for k in ("generate", "imports", "mypy")]
            if isinstance(reference, dict)
            else ["-"] * 3
        )
        table.add_row(
            name,
            str(row["kib"]),
            *(strict[k] for k in ("generate", "imports", "mypy", "calls")),
            lenient["findings"],
            *(lenient[k] for k in ("generate", "imports", "mypy", "calls")),
            *opc_cells,
        )
    for column in table.columns:
        column.overflow = "ellipsis"
        column.max_width = 28
    Console(width=320).print(table)


if __name__ == "__main__":
    main()

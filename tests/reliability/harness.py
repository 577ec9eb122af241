"""Run the generator's command line on a hostile document, in a sandbox, and check every promise.

A case passes when the CLI either generated a package that parses, imports without running
anything from the document and (checked in one batch, `mypy_strict`) passes `mypy --strict`; or
exited 1 with `error: <document>#<pointer>: <message>` and left the previous package byte for
byte as it was. Never a traceback, never another exit code, never a network connection (the
sandbox's sitecustomize records and refuses them), never the case's marker file.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from amperity_codegen.build import pipeline
from tests.reliability.hostile import MARKER, Case, base_document, write_json

ROOT = Path(__file__).resolve().parents[2]
SANDBOX = Path(__file__).resolve().parent / "sandbox"
# `error: <document>#<pointer>: <message>`, the pointer empty for the whole document.
LOCATED = re.compile(r"^error: \S.*#(/[^:]*)?: \S")


@dataclass
class Outcome:
    case: Case
    exit_code: int | None
    first_line: str
    seconds: float
    package: Path | None = None  # the project folder, when one was generated
    problems: list[str] = field(default_factory=list)

    @property
    def generated(self) -> bool:
        return self.exit_code == 0

    @property
    def ok(self) -> bool:
        return not self.problems


def sandbox_env(folder: Path) -> dict[str, str]:
    """The environment of every process a case starts: the network guard on, output unbuffered."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "AMPERITY_"))
    }
    env.update(
        PYTHONPATH=str(SANDBOX),
        PYTHONDONTWRITEBYTECODE="1",
        RELIABILITY_NETWORK_LOG=str(folder / "network.log"),
        COLUMNS="200",  # rich wraps nothing that a test reads
    )
    return env


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_baseline(folder: Path) -> Path:
    """A previously generated package, copied into each case's output folder beforehand."""
    folder.mkdir(parents=True)
    doc = write_json(folder, base_document(), "baseline.json")
    return pipeline.Job(doc, package="previous", out=folder / "out").run().path


def run_case(case: Case, work: Path, baseline: Path) -> Outcome:
    folder = work / case.name
    folder.mkdir(parents=True)
    document = case.build(folder)
    package = "h_" + re.sub(r"\W", "_", case.name)
    out = folder / "out"
    shutil.copytree(baseline, out / package)
    before = snapshot(out)
    env = sandbox_env(folder)
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "amperity_codegen",
        "generate",
        str(document),
        "--package",
        package,
        "--out",
        str(out),
    ]
    for overlay in case.overlays:
        command += ["--overlay", str(overlay)]
    try:
        result = subprocess.run(
            command,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=case.timeout,
        )
    except subprocess.TimeoutExpired:
        outcome = Outcome(case, None, "", time.monotonic() - started)
        outcome.problems.append(f"no answer within {case.timeout:.0f} s")
        return outcome
    seconds = time.monotonic() - started
    text = result.stdout + result.stderr
    first = next((line for line in result.stderr.splitlines() if line.strip()), "")
    outcome = Outcome(case, result.returncode, first, seconds)
    problems = outcome.problems
    if "Traceback" in text:
        problems.append("a traceback: " + text.strip().splitlines()[-1][:300])
    if result.returncode == 0:
        outcome.package = out / package
        problems += package_problems(out / package, package, env, folder)
        if case.expect == "error":
            problems.append(
                "generated a package from a document that should be refused"
            )
    elif result.returncode == 1:
        if not LOCATED.match(first):
            problems.append(f"the message does not locate the problem: {first[:300]!r}")
        if case.mentions and case.mentions not in result.stderr:
            problems.append(
                f"the message does not mention {case.mentions!r}: {first[:300]!r}"
            )
        if snapshot(out) != before or sorted(p.name for p in out.iterdir()) != [
            package
        ]:
            problems.append("the previous output changed")
        if case.expect == "generate":
            problems.append(f"refused a document that should generate: {first[:300]}")
    else:
        problems.append(f"exit code {result.returncode}: {first[:300]!r}")
    problems += sandbox_problems(folder)
    return outcome


def sandbox_problems(folder: Path) -> list[str]:
    problems = []
    if (folder / MARKER).exists():
        problems.append("code from the document ran")
    log = folder / "network.log"
    if log.exists():
        problems.append(
            "a network connection was attempted: " + log.read_text().splitlines()[0]
        )
    return problems


def package_problems(
    project: Path, package: str, env: dict[str, str], folder: Path
) -> list[str]:
    """Every file parses, pyproject.toml is TOML, and every module imports in a sandboxed
    process."""
    problems = []
    modules = []
    for path in sorted((project / package).rglob("*.py")):
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (SyntaxError, UnicodeDecodeError) as exc:
            problems.append(f"{path.relative_to(project)} does not parse: {exc}")
        rel = path.relative_to(project).with_suffix("")
        modules.append(
            ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        )
    try:
        tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"pyproject.toml: {exc}")
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    result = subprocess.run(
        [sys.executable, "-c", code, *modules],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        problems.append(
            "the package does not import: "
            + (result.stderr.strip().splitlines() or ["?"])[-1][:300]
        )
    return problems


def mypy_strict(outcomes: Iterable[Outcome]) -> dict[str, list[str]]:
    """`mypy --strict` over every generated package at once; its errors by case name."""
    generated = [(o, o.package) for o in outcomes if o.package is not None]
    if not generated:
        return {}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "--no-error-summary",
        ]
        + [str(project / project.name) for _, project in generated],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    errors: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        for o, project in generated:
            if (
                line.startswith(str(project))
                or f"{project.name}/" in line.split(":", 1)[0]
            ):
                errors.setdefault(o.case.name, []).append(line)
                break
    if result.returncode != 0 and not errors:
        errors["(mypy)"] = (result.stdout + result.stderr).strip().splitlines()[-5:]
    return errors


def run_corpus(cases: Sequence[Case], work: Path, *, workers: int = 2) -> list[Outcome]:
    """Every case (two at a time: each is a subprocess), then mypy over what was generated."""
    baseline = make_baseline(work / "baseline")
    with ThreadPoolExecutor(workers) as pool:
        outcomes = list(pool.map(lambda c: run_case(c, work, baseline), cases))
    for name, lines in mypy_strict(outcomes).items():
        target = next((o for o in outcomes if o.case.name == name), None)
        if target is None:
            outcomes[0].problems.append(f"mypy failed: {lines}")
        else:
            target.problems.append(
                f"mypy --strict: {len(lines)} error(s), first: {lines[0][:300]}"
            )
    return outcomes

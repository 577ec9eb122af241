"""The cache of black's and datamodel-code-generator's output: what comes out of it is what a
cold run makes, byte for byte; a damaged entry is never used; runs can share it; it stays bounded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from amperity_codegen.build import pipeline
from amperity_codegen.emit import format as formatting
from amperity_codegen.emit import memo
from amperity_codegen.workspace.sources import load_sources
from tests.support.documents import HISTORY
from tests.support.project import ROOT, WORKSPACE

OLD = HISTORY / "2026-04-03" / "control-plane-2024-04-01-openapi.json"  # Swagger 2.0
NEW = HISTORY / "2026-04-24" / "control-plane-2024-04-01-openapi.json"  # OpenAPI 3.0.3


@pytest.fixture(autouse=True)
def forget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each render starts without what this process remembers: only the disk is shared."""
    monkeypatch.setattr(formatting, "_formatted", {})


def rendered(document: Path) -> dict[str, str]:
    formatting._formatted.clear()
    job = pipeline.job_for_document(
        str(document),
        "amperity_api",
        Path("unused"),
        [],
        load_sources(WORKSPACE.sources),
    )
    api = pipeline.load_ir(
        job.source,
        package=job.package,
        overlays=job.overlays,
        rate_limit=job.rate_limit,
        client_parameters=job.client_parameters,
    )
    return pipeline.render_package(api, package_version="1.0.0")


def test_a_version_rendered_through_the_cache_is_what_a_cold_run_makes(
    tmp_path: Path,
) -> None:
    cold = rendered(NEW)
    with memo.use(tmp_path) as store:
        rendered(OLD)  # the previous version fills the cache
        assert store is not None and store.hits == 0
        assert (
            rendered(NEW) == cold
        )  # partly from the cache (the modules that did not change)
        assert store.hits > 0
    with memo.use(tmp_path) as again:
        assert (
            rendered(NEW) == cold
        )  # wholly from the cache: neither black nor dcg runs
        assert again is not None and again.misses == 0 and again.hits > 0


def test_nothing_is_cached_without_a_cache(tmp_path: Path) -> None:
    assert memo.active() is None
    rendered(OLD)
    assert not any(tmp_path.iterdir())


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    store = memo.Memo(tmp_path)
    name = memo.key("black", "x = 1\n")
    store.put(name, "x = 1\n")
    (entry,) = [p for p in tmp_path.rglob("*") if p.is_file()]
    whole = entry.read_bytes()
    for damaged in (
        whole[:-3],
        whole[:10],
        b"",
        whole.replace(b"x = 1", b"x = 2"),
        whole.split(b"\n", 1)[1],
    ):
        entry.write_bytes(damaged)
        assert store.get(name) is None
    store.put(name, "x = 1\n")
    assert store.get(name) == "x = 1\n"


def test_damaged_entries_never_reach_the_output(tmp_path: Path) -> None:
    cold = rendered(NEW)
    with memo.use(tmp_path):
        rendered(NEW)
    for entry in (p for p in tmp_path.rglob("*") if p.is_file()):
        entry.write_bytes(
            entry.read_bytes()[:-1]
        )  # each entry cut short, as by a full disk
    with memo.use(tmp_path) as store:
        assert rendered(NEW) == cold
        assert store is not None and store.hits == 0
    with memo.use(tmp_path) as store:  # and the entries were written whole again
        assert rendered(NEW) == cold
        assert store is not None and store.misses == 0


# Another process putting and getting the same entries as this one, as a second run would.
_HAMMER = """
import sys
from pathlib import Path
from amperity_codegen.emit import memo
store = memo.Memo(Path(sys.argv[1]))
texts = [f"text {i} " * (1000 * i + 1) for i in range(20)]
for round in range(30):
    for i, text in enumerate(texts):
        name = memo.key(str(i))
        got = store.get(name)
        assert got is None or got == text, (i, len(got))
        store.put(name, text)
"""


def test_runs_sharing_the_cache_only_ever_read_whole_entries(tmp_path: Path) -> None:
    root = ROOT
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _HAMMER, str(tmp_path)],
            cwd=root,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
    assert not [p for p in tmp_path.rglob(".tmp-*")]  # no temporary file left behind


def test_the_least_recently_used_entries_go_beyond_the_bound(tmp_path: Path) -> None:
    store = memo.Memo(tmp_path, max_bytes=5_000)
    names = [memo.key(str(i)) for i in range(10)]
    for i, name in enumerate(names):
        store.put(name, "x" * 1_000)
        entry = tmp_path / name[:2] / name
        os.utime(
            entry, (1_000_000 + i, 1_000_000 + i)
        )  # written in this order, long ago
    assert store.get(names[0]) is not None  # the oldest, used now
    store.trim()
    kept = [name for name in names if (tmp_path / name[:2] / name).exists()]
    assert names[0] in kept and names[1] not in kept
    assert sum((tmp_path / n[:2] / n).stat().st_size for n in kept) <= 5_000
    assert kept[-1] == names[-1]  # the newest stay


def test_the_command_line_caches_unless_told_not_to_and_two_runs_can_share_it(
    tmp_path: Path,
) -> None:
    root = ROOT
    env = {**os.environ, memo.ENV_FOLDER: str(tmp_path / "cache")}

    def generate(out: str, *flags: str) -> subprocess.Popen[str]:
        command = [
            sys.executable,
            "-m",
            "amperity_codegen",
            "generate",
            str(NEW),
            "--package",
            "amperity_api",
        ]
        return subprocess.Popen(
            [*command, "--out", str(tmp_path / out), *flags],
            cwd=root,
            env=env,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )

    def finish(*runs: subprocess.Popen[str]) -> None:
        for run in runs:
            _, stderr = run.communicate(timeout=300)
            assert run.returncode == 0, stderr

    finish(generate("cold", "--no-cache"))
    assert not (tmp_path / "cache").exists()
    finish(generate("first"), generate("second"))  # at once, on an empty cache
    finish(generate("cached"))
    trees = [
        {
            p.relative_to(tmp_path / out): p.read_bytes()
            for p in (tmp_path / out / "amperity_api").rglob("*")
            if p.is_file()
        }
        for out in ("cold", "first", "second", "cached")
    ]
    assert trees[0] == trees[1] == trees[2] == trees[3]
    assert any((tmp_path / "cache").rglob("*"))


def test_black_workers_start_only_for_a_text_not_in_the_cache(tmp_path: Path) -> None:
    cached = {"pkg/a.py": "x = {  'a':1 }\n"}
    with memo.use(tmp_path):
        formatted = formatting.format_files(cached)
    formatting._formatted.clear()
    try:
        with memo.use(tmp_path):
            formatting.start_workers(1, when_needed=True)
            assert formatting.format_files(cached) == formatted
            assert not formatting._workers  # every text was in the cache
            assert formatting.format_files({"pkg/b.py": "y=[1,\n2]\n"}) == {
                "pkg/b.py": "y = [1, 2]\n"
            }
            assert len(formatting._workers) == 1  # started for the text that was not
    finally:
        formatting.stop_workers()

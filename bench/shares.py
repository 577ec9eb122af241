"""Where a cold generation's time goes: black, datamodel-code-generator, openapi-spec-validator,
the product's own code, and the rest.

    .venv/bin/python -m bench.shares generate [ARGS]...   # prints {"seconds": {category: s}, ...}

Runs `amperity-codegen generate ARGS --no-cache` in this process, black in-process too (no
worker processes, so that its time is seen here), while a sampler thread looks at every thread's
stack each millisecond and charges the CPU time the thread used since the last look (Linux's
per-thread schedstat) to the stack's category. A stack's category is that of its innermost
frame in a tool or in the generator: pydantic's time under datamodel-code-generator is
datamodel-code-generator's, `json`'s time under generator/parse.py is the generator's. What
the generator calls in another library (PyYAML, python-jsonpath, typer) is `other libraries`.
Black is compiled (mypyc): its frames are not Python's, so the one function of
emit/format.py that only calls black stands for it.
The package's import check runs in a fresh interpreter: its CPU time (pydantic building every
model of the package) is counted from the child's resource usage. The interpreter's own start
(before this module runs) is not counted.
"""

from __future__ import annotations

import json
import resource
import sys
import sysconfig
import threading
import time
from collections import defaultdict
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "amperity_codegen"
GENERATOR = str(PACKAGE) + "/"
# The function that calls black's compiled code, and nothing else.
BLACK_CALL = (str(PACKAGE / "emit" / "format.py"), "_format")
TEMPLATES = str(PACKAGE / "templates") + "/"
SITE = sysconfig.get_paths()["purelib"] + "/"
PLATSITE = sysconfig.get_paths()["platlib"] + "/"

BLACK, DCG, VALIDATOR, OWN = (
    "black",
    "datamodel-code-generator",
    "openapi-spec-validator",
    "own code",
)
JINJA, LIBRARIES, CHECK, OTHER = (
    "jinja2 (templates)",
    "other libraries",
    "import check",
    "other",
)
CATEGORIES = (BLACK, DCG, VALIDATOR, OWN, JINJA, LIBRARIES, CHECK, OTHER)
# Distribution folders in site-packages → category (their dependencies count as theirs when
# they call them, by the innermost-frame rule).
_TOOLS = {
    "black/": BLACK,
    "blib2to3/": BLACK,
    "datamodel_code_generator/": DCG,
    "openapi_spec_validator/": VALIDATOR,
    "openapi_schema_validator/": VALIDATOR,
    "jsonschema_path/": VALIDATOR,
    "jsonschema_rs/": VALIDATOR,
    "jinja2/": JINJA,
}
_INTERVAL = 0.001


def category(frame: FrameType | None) -> str:
    """The category of a stack, from its innermost frame inward-out (see the module docstring)."""
    library = False
    while frame is not None:
        name = frame.f_code.co_filename
        if (name, frame.f_code.co_name) == BLACK_CALL:
            return BLACK
        if name.startswith(GENERATOR):
            return LIBRARIES if library else OWN
        if name.startswith(TEMPLATES):
            return JINJA
        for base in (SITE, PLATSITE):
            if name.startswith(base):
                rest = name[len(base) :]
                for folder, tool in _TOOLS.items():
                    if rest.startswith(folder):
                        return tool
                library = True
        frame = frame.f_back
    return OTHER


def _thread_cpu(native_id: int) -> float:
    """Seconds of CPU the thread has used (0 where /proc cannot tell)."""
    try:
        with open(f"/proc/self/task/{native_id}/schedstat", encoding="ascii") as file:
            return int(file.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


class Sampler:
    """Charges each thread's CPU time to the category of its stack, every millisecond."""

    def __init__(self) -> None:
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._last: dict[int, float] = {}

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(_INTERVAL):
            natives = {t.ident: t.native_id for t in threading.enumerate()}
            for ident, frame in sys._current_frames().items():
                native = natives.get(ident)
                if ident == me or native is None:
                    continue
                used = _thread_cpu(native)
                delta = used - self._last.get(native, used)
                self._last[native] = used
                if delta > 0:
                    self.seconds[category(frame)] += delta


def main(argv: list[str]) -> None:
    from amperity_codegen.emit import format as formatting

    def no_workers(count: int | None = None, *, when_needed: bool = False) -> None:
        """Black in this process, where it is seen: no worker processes."""

    formatting.start_workers = no_workers
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with Sampler() as sampler:
        from amperity_codegen import cli

        sys.argv = ["amperity-codegen", *argv, "--no-cache"]
        try:
            cli.main()
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler.seconds[CHECK] += (after.ru_utime + after.ru_stime) - (
        children.ru_utime + children.ru_stime
    )
    # The last line of the output (the command prints its table before it).
    print(
        json.dumps(
            {
                "seconds": {c: sampler.seconds.get(c, 0.0) for c in CATEGORIES},
                "wall": wall,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])

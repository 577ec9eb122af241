"""Property-based mutations of the three Amperity documents, run through the generator's stages.

A mutation removes a field, renames a key, gives a value another JSON type, puts a hostile
string where a string was, or copies one part of the document over another. Each mutated
document goes through what `generate` does before writing (load's checks, upgrade, the source's
overlays, validate, IR, models, render, format) in this process. The outcome is one of:
- generated: every emitted Python file compiles and pyproject.toml is TOML;
- refused: a SpecError, which the command line prints as `error: <document>#<pointer>: ...`;
- a crash: any other exception (the command line would show a traceback), or emitted Python
  that does not compile.
"""

from __future__ import annotations

import copy
import json
import re
import tomllib
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from amperity_codegen.build import pipeline
from amperity_codegen.document.load import parse_document
from amperity_codegen.document.prepare import prepare_document
from amperity_codegen.errors import SpecError
from amperity_codegen.ir.parse import build_ir
from amperity_codegen.workspace.sources import Source, load_sources
from tests.support.project import WORKSPACE

Path_ = tuple[str | int, ...]
LOCATED = re.compile(r"^\S.*#(/[^:]*)?: \S")
HOSTILE_TEXT = [
    '"""; import os #',
    "'''",
    '\\"',
    "\\",
    "\u2028\u2029\x85",
    "{{ 7 * 7 }}{% raw %}",
    "\x00\x1b\x7f",
    "😀\u202e",
    "",
    " ",
    "class",
    "None",
    "__init__",
    "1st",
    "a-b c",
    "x" * 300,
    "#/components/schemas/Nope",
    "http://127.0.0.1:9/x.json",
    "{id}",
    "/",
    "~1",
    "%20",
]


@dataclass(frozen=True)
class Document:
    source: Source
    doc: dict[str, Any]
    paths: tuple[Path_, ...]  # every node of the document, as keys and indexes


@dataclass
class Tally:
    cases: int = 0
    generated: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    by_document: Counter[str] = field(default_factory=Counter)


def documents() -> list[Document]:
    """The three configured sources, as they are locked (the bytes `generate` reads)."""
    out = []
    for source in load_sources(WORKSPACE.sources):
        location = pipeline.locked_document(source, WORKSPACE)
        doc = parse_document(Path(location).read_bytes(), str(location))
        out.append(Document(source, doc, tuple(_paths(doc))))
    return out


def _paths(node: Any, at: Path_ = ()) -> Iterator[Path_]:
    yield at
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*at, i))


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=20),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=8)),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=6,
)


@st.composite
def mutation(draw: st.DrawFn, paths: tuple[Path_, ...]) -> tuple[str, Path_, Any]:
    kind = draw(st.sampled_from(["remove", "rename", "retype", "hostile", "copy"]))
    where = draw(st.sampled_from(paths[1:]))
    if kind == "rename":
        payload: Any = draw(
            st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12))
        )
    elif kind == "retype":
        payload = draw(json_values)
    elif kind == "hostile":
        payload = draw(st.sampled_from(HOSTILE_TEXT)) + draw(
            st.sampled_from(HOSTILE_TEXT)
        )
    elif kind == "copy":
        payload = draw(st.sampled_from(paths))
    else:
        payload = None
    return kind, where, payload


def mutated(
    doc: dict[str, Any], mutations: list[tuple[str, Path_, Any]]
) -> dict[str, Any]:
    """A copy of `doc` with the mutations applied; one whose place is gone is skipped."""
    out = copy.deepcopy(doc)
    for kind, where, payload in mutations:
        parent: Any = out
        try:
            for key in where[:-1]:
                parent = parent[key]
            last = where[-1]
            current = parent[last]
        except (KeyError, IndexError, TypeError):
            continue
        if kind == "remove":
            del parent[last]
        elif kind == "rename" and isinstance(parent, dict):
            parent.pop(last)
            parent[payload] = current
        elif kind == "retype":
            parent[last] = payload
        elif kind == "hostile":
            parent[last] = payload if isinstance(current, str) else current
        elif kind == "copy":
            source: Any = out
            try:
                for key in payload:
                    source = source[key]
            except (KeyError, IndexError, TypeError):
                continue
            parent[last] = copy.deepcopy(source)
    return out


def check(document: Document, doc: dict[str, Any]) -> str:
    """ "generated", "refused", or a crash's description. Nothing is written to disk."""
    name = f"{document.source.file} (mutated)"
    try:
        # Through JSON and load's own checks, as a downloaded document would come.
        text = json.dumps(doc, ensure_ascii=False)
        loaded = parse_document(text.encode("utf-8", "surrogatepass"), name)
        prepared = prepare_document(loaded, name, document.source.overlays)
        api = build_ir(
            prepared,
            package=document.source.package,
            rate_limit=document.source.rate_limit,
            client_parameters=document.source.client_parameters,
        )
        files = pipeline.render_package(api, package_version="1.0.0")
    except SpecError as exc:
        # What the command line prints after `error: `: each problem located.
        if not all(LOCATED.match(line) for line in str(exc).splitlines()):
            return f"crash: an error that is not located: {str(exc)[:300]}"
        return "refused"
    except Exception:  # noqa: BLE001 - any other exception is what this looks for
        return "crash: " + "".join(traceback.format_exc(limit=-3))[-1500:]
    for path, content in files.items():
        if path.endswith(".py"):
            try:
                compile(content, path, "exec", dont_inherit=True)
            except SyntaxError as exc:
                return f"crash: {path} does not compile: {exc}"
        elif path.endswith(".toml"):
            try:
                tomllib.loads(content)
            except tomllib.TOMLDecodeError as exc:
                return f"crash: {path} is not TOML: {exc}"
    return "generated"


def run(
    examples: int, *, seed_value: int = 20260401, derandomize: bool = False
) -> Tally:
    """`examples` mutated documents (spread over the three), checked; nothing stops at a crash."""
    docs = documents()
    tally = Tally()

    @st.composite
    def case(draw: st.DrawFn) -> tuple[Document, list[tuple[str, Path_, Any]]]:
        document = draw(st.sampled_from(docs))
        return document, draw(
            st.lists(mutation(document.paths), min_size=1, max_size=4)
        )

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=derandomize,
        phases=[Phase.generate],  # every case counts once: no replay, no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(case())
    def one(drawn: tuple[Document, list[tuple[str, Path_, Any]]]) -> None:
        document, mutations = drawn
        result = check(document, mutated(document.doc, mutations))
        tally.cases += 1
        tally.by_document[document.source.package] += 1
        if result == "generated":
            tally.generated += 1
        elif result == "refused":
            tally.refused += 1
        else:
            tally.crashes.append(f"{document.source.file} {mutations!r:.600}\n{result}")

    one()
    return tally

"""IR → the files of a package (unformatted text), from the Jinja templates in `templates/`.

Every piece of text that comes from a document reaches Python source through one of two
filters: `pystr` (a string literal, via `repr`) or the docstring filters (escaped so that no
quote, backslash or line separator can end the docstring). Identifiers come from the IR,
which only holds names made by `generator.names`.
"""

from __future__ import annotations

import json
import re
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator import ir
from generator.names import snake
from generator.sources import DEFAULT_LICENSE

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME = Path(__file__).resolve().parent.parent / "runtime"

# Characters that would end or corrupt a docstring, or that editors treat as line breaks.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u0085\u2028\u2029]")


def docstring_text(text: str) -> str:
    """`text` made safe to sit between triple double quotes."""
    text = text.replace("\\", "\\\\")
    text = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    # Escape every quote that another quote follows, and a final one: three in a row, or one
    # against the closing quotes, can then never occur.
    text = re.sub(r'"(?=")', r'\\"', text)
    return text[:-1] + '\\"' if text.endswith('"') else text


def _example(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else value


def _wire_name(p: ir.Parameter) -> str:
    """`(query DateCreated<)` where a parameter's Python name had to differ from its own (a clash)."""
    return "" if p.py_name == snake(p.name) else f"({p.location} {p.name}) "


def _op_docstring(op: ir.Operation) -> str:
    parts = [op.summary or op.key]
    if op.description.strip() and op.description.strip() != op.summary.strip():
        parts.append(op.description)
    args: list[str] = []
    fields = op.body.fields if op.body else ()
    for name, text, example in [
        *((p.py_name, _wire_name(p) + p.description, p.example) for p in op.parameters),
        *((f.py_name, f.description, f.example) for f in fields),
    ]:
        line = " ".join(text.split()) or "(no description)"
        if example is not None:
            line += f" Example: {_example(example)}."
        args.append(textwrap.fill(f"{name}: {line}", 80, subsequent_indent="    "))
    if op.body and not fields:
        args.append(f"body: {' '.join(op.body.description.split()) or 'The request body.'}")
    if args:
        parts.append("Args:\n" + textwrap.indent("\n".join(args), "    "))
    if op.pagination:
        parts.append("Returns the first page; iterate it to fetch every item, page by page, lazily.")
    if op.deprecated:
        parts.append("Deprecated by the API.")
    return docstring_text("\n\n".join(part.strip() for part in parts))


def _resource_docstring(resource: ir.Resource) -> str:
    return docstring_text(resource.description or f"Operations tagged {resource.tag!r}.")


def _client_docstring(api: ir.Api, prefix: str) -> str:
    kind = "asynchronous" if prefix else "synchronous"
    return docstring_text(f"The {kind} client for the {api.title}, api-version {api.version}.")


def _package_docstring(api: ir.Api) -> str:
    return docstring_text(f"A typed client for the {api.title}, api-version {api.version}.")


def _toml(text: str) -> str:
    """`text` as a one-line TOML basic string. TOML shares JSON's escapes, but takes no surrogate
    pair (`\\ud83d\\ude00`, which `tojson` writes for 😀) and wants DEL escaped."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False).replace("\x7f", "\\u007f")


def _answer(py_type: str) -> str:
    """What a method passes the runtime to read an answer of `py_type`: the type itself when it
    is a class (`models.Pet`, `str`, `list[int]`), `NoneType` for none, `Answer[...]()` for what
    type checkers do not take as a class (a union, a `Literal`)."""
    if py_type == "None":
        return "NoneType"
    depth, union = 0, False
    for i, char in enumerate(py_type):
        depth += {"[": 1, "]": -1}.get(char, 0)
        union = union or (depth == 0 and py_type.startswith(" | ", i))
    return f"Answer[{py_type}]()" if union or py_type.startswith("Literal[") else py_type


def _optional(py_type: str) -> str:
    return py_type if py_type.endswith("| None") or py_type == "Any" else f"{py_type} | None"


@cache  # one per process: compiling the templates is most of rendering a small package
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # the output is Python, not HTML: escaping is the filters' job
    )
    env.filters.update(
        pystr=repr,
        toml=_toml,
        optional=_optional,
        answer=_answer,
        op_docstring=_op_docstring,
        resource_docstring=_resource_docstring,
        client_docstring=_client_docstring,
        package_docstring=_package_docstring,
    )
    return env


def render(
    api: ir.Api, *, package_version: str, changelog: bool = False, license: str = DEFAULT_LICENSE
) -> dict[str, str]:
    """Every file of the project folder `<package>/` made from the templates, keyed by path
    relative to it (models.py comes from `generator.models`, the runtime from `runtime_files`).
    `changelog`: the project has a CHANGELOG.md, which the wheel then ships too; `license`: its
    SPDX expression (sources.toml's `license`)."""
    env = _environment()
    context = {"api": api, "package_version": package_version, "changelog": changelog, "license": license}
    pkg = api.package
    files = {
        "pyproject.toml": env.get_template("project/pyproject.toml.jinja").render(context),
        "README.md": env.get_template("project/README.md.jinja").render(context),
        f"{pkg}/py.typed": "",
    }
    for name in ("__init__.py", "_client.py", "errors.py", "resources/__init__.py"):
        files[f"{pkg}/{name}"] = env.get_template(f"package/{name}.jinja").render(context)
    resource_template = env.get_template("package/resources/resource.py.jinja")
    for resource in api.resources:
        files[f"{pkg}/resources/{resource.py_name}.py"] = resource_template.render(
            context, resource=resource
        )
    return files


def runtime_files(package: str) -> dict[str, str]:
    """The handwritten runtime, bundled as `<package>/_runtime/`: copied as it is (it is kept
    black-formatted, so it needs no formatting pass, which was a third of a run's time)."""
    return {
        f"{package}/_runtime/{source.relative_to(RUNTIME).as_posix()}": source.read_text(encoding="utf-8")
        for source in sorted(RUNTIME.rglob("*.py"))
        if "__pycache__" not in source.parts
    }

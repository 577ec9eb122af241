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
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from amperity_codegen.emit import DEFAULT_LICENSE
from amperity_codegen.emit.imports import import_block
from amperity_codegen.ir import model as ir
from amperity_codegen.ir.names import module_order, name_order, snake
from amperity_codegen.ir.types import Import

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


# Generated lines stay within black's 88 columns, docstrings included (black leaves them as they
# are).
LINE = 88


def fit(text: str, width: int) -> str:
    """`text` with each line longer than `width` wrapped at spaces: never inside a word or at a
    hyphen (`YYYY-MM-DD` stays whole); continuation lines keep the line's indent, under a list
    item's text."""
    out = []
    for line in text.splitlines():
        if len(line) <= width:
            out.append(line)
            continue
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        bullet = re.match(r"(?:[-*+]|\d+[.)])\s+", body)
        hanging = indent + " " * (bullet.end() if bullet else 0)
        out.append(
            textwrap.fill(
                body,
                width,
                initial_indent=indent,
                subsequent_indent=hanging,
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return "\n".join(out)


def _example(value: Any) -> str:
    return repr(value) if not isinstance(value, str) else value


def _wire_name(p: ir.Parameter) -> str:
    """`(query DateCreated<)` where a parameter's Python name had to differ from its own (a
    clash)."""
    return "" if p.py_name == snake(p.name) else f"({p.location} {p.name}) "


_EXTRAS = textwrap.fill(
    "Every method also takes extra_headers, extra_query and extra_body (merged into a JSON "
    "body), for what the document does not say yet, and timeout, for this call.",
    80,
)


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
        args.append(f"{name}: {line}")
    if op.body and not fields:
        args.append(
            f"body: {' '.join(op.body.description.split()) or 'The request body.'}"
        )
    if args:
        # Under "Args:" (4), each argument with a hanging indent of 4, as Google-style reads.
        wrapped = [
            textwrap.fill(
                arg,
                _METHOD_WIDTH - 4,
                subsequent_indent="    ",
                break_on_hyphens=False,
                break_long_words=False,
            )
            for arg in args
        ]
        parts.append("Args:\n" + textwrap.indent("\n".join(wrapped), "    "))
    if op.pagination:
        parts.append(
            "Returns the first page; iterate it to fetch every item, page by page, lazily."
        )
    if op.deprecated:
        parts.append("Deprecated by the API.")
    parts.append(_EXTRAS)
    return docstring_text(
        fit("\n\n".join(part.strip() for part in parts), _METHOD_WIDTH)
    )


# The docstrings' own indent in the templates: methods 8, classes 4, modules 0.
_METHOD_WIDTH, _CLASS_WIDTH = LINE - 8, LINE - 4


def _resource_docstring(resource: ir.Resource) -> str:
    text = resource.description or f"Operations tagged {resource.tag!r}."
    return docstring_text(fit(text.strip(), _CLASS_WIDTH - len(" (async)")))


def _client_docstring(api: ir.Api, prefix: str) -> str:
    """The class docstring: what the client is for, and every constructor argument this API
    takes."""
    kind = "asynchronous" if prefix else "synchronous"
    env = api.env_prefix
    kinds = {s.kind for s in api.security}
    token_url = any(s.token_url for s in api.security)
    args: list[str] = []
    if api.has_tenant:
        args.append(
            f"tenant: the tenant ID, one DNS label (e.g. `acme`); else {env}_TENANT."
        )
    if "bearer" in kinds:
        args.append(f"token: an access token, without `Bearer `; else {env}_TOKEN.")
        if token_url:
            args.append(
                "client_id, client_secret: OAuth client credentials instead of a token; the client "
                f"fetches and refreshes tokens itself; else {env}_CLIENT_ID, {env}_CLIENT_SECRET."
            )
    if "api_key" in kinds:
        args.append(
            f"api_key: the API key (or a mapping of scheme name to key); else {env}_API_KEY."
        )
    if "basic" in kinds:
        args.append(
            f"username, password: HTTP basic credentials; else {env}_USERNAME, {env}_PASSWORD."
        )
    if not kinds:
        args.append("(this API declares no credentials the client can send)")
    default = api.base_url or "none: pass base_url"
    args.append(f"base_url: the API's root URL; else {env}_BASE_URL, else {default}.")
    if api.vendor.hosts:
        named = ", ".join(f"{name!r} ({url})" for name, url in api.vendor.hosts)
        args.append(
            f"host: one of the documented hosts by name instead of base_url: {named}."
        )
    args += [
        "timeout: seconds (or an httpx.Timeout, or None for no limit) for each attempt.",
        "max_retries: retries of a failed attempt (2); 0 turns retrying off.",
        f"rate_limit: requests per second this client allows itself ({api.rate_limit}); None: off.",
        "http_client: an httpx client of your own (proxies, TLS, transports); you close it.",
        "strict_responses: raise APIResponseValidationError on an answer that does not fit its "
        "type, instead of keeping the odd value as received (logged once).",
        "default_headers, default_query: sent with every call (a call's extra_headers and "
        "extra_query add to them).",
    ]
    lines = "\n".join(
        textwrap.fill(
            a,
            _CLASS_WIDTH - 4,
            subsequent_indent="    ",
            break_on_hyphens=False,
            break_long_words=False,
        )
        for a in args
    )
    return docstring_text(
        fit(
            f"The {kind} client for the {api.title}, api-version {api.version}.",
            _CLASS_WIDTH,
        )
        + "\n\n"
        f"Args:\n{textwrap.indent(lines, '    ')}"
    )


def _package_docstring(api: ir.Api) -> str:
    return docstring_text(
        fit(f"A typed client for the {api.title}, api-version {api.version}.", LINE)
    )


def _toml(text: str) -> str:
    """`text` as a one-line TOML basic string. TOML shares JSON's escapes, but takes no surrogate
    pair (`\\ud83d\\ude00`, which `tojson` writes for 😀) and wants DEL escaped."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False).replace(
        "\x7f", "\\u007f"
    )


def _imports(imports: tuple[Import, ...], depth: int) -> str:
    """The import block of a module `depth` folders below the package's root."""
    return import_block(
        ("." * depth + i.module if i.module.startswith(".") else i.module, i.name)
        for i in imports
    )


def _value_check(check: ir.ValueCheck) -> list[str]:
    """The keyword arguments of a runtime `Check` that differ from its defaults."""
    args = [f"kind={check.kind!r}"] if check.kind != "any" else []
    if check.values:
        args.append(f"values={check.values!r}")
    if check.min_length:
        args.append(f"min_length={check.min_length}")
    if check.min_properties:
        args.append(f"min_properties={check.min_properties}")
    if check.items is not None and check.items.kind != "any":
        args.append(f"items=Check({', '.join(_value_check(check.items))})")
    return args


def _checks(parameters: tuple[ir.Parameter, ...]) -> str:
    """An Endpoint's `checks=(Check(...), ...)`, for the parameters with anything to check."""
    made = []
    for p in (p for p in parameters if p.checked):
        args = _value_check(p.check) + (["required=True"] if p.required else [])
        made.append(
            f"Check({p.location!r}, {p.name!r}, {p.py_name!r}, {', '.join(args)})"
        )
    return f", checks=({', '.join(made)},)" if made else ""


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
        imports=_imports,
        checks=_checks,
        op_docstring=_op_docstring,
        resource_docstring=_resource_docstring,
        client_docstring=_client_docstring,
        package_docstring=_package_docstring,
    )
    return env


def render(
    api: ir.Api,
    *,
    package_version: str,
    changelog: bool = False,
    license: str = DEFAULT_LICENSE,
) -> dict[str, str]:
    """Every file of the project folder `<package>/` made from the templates, keyed by path
    relative to it (`models/` comes from `emit.models`, the runtime from `runtime_files`).
    `changelog`: the project has a CHANGELOG.md, which the wheel then ships too; `license`: its
    SPDX expression (sources.toml's `license`)."""
    env = _environment()
    context = {
        "api": api,
        "package_version": package_version,
        "changelog": changelog,
        "license": license,
    }
    pkg = api.package
    files = {
        "pyproject.toml": env.get_template("project/pyproject.toml.jinja").render(
            context
        ),
        "README.md": env.get_template("project/README.md.jinja").render(context),
        f"{pkg}/py.typed": "",
    }
    for name in ("__init__.py", "_client.py", "errors.py", "resources/__init__.py"):
        files[f"{pkg}/{name}"] = env.get_template(f"package/{name}.jinja").render(
            context
        )
    resource_template = env.get_template("package/resources/resource.py.jinja")
    for resource in api.resources:
        files[f"{pkg}/resources/{resource.py_name}.py"] = resource_template.render(
            context, resource=resource
        )
    return files


def models_init(homes: Mapping[str, str]) -> str:
    """`<package>/models/__init__.py`, for each model class's module (emit.model_modules writes
    the modules)."""
    modules: dict[str, list[str]] = {}
    for cls, module in homes.items():
        modules.setdefault(module, []).append(cls)
    template = _environment().get_template("package/models/__init__.py.jinja")
    return template.render(
        modules=[
            (module, sorted(modules[module], key=name_order))
            for module in sorted(modules, key=module_order)
        ],
        homes=sorted(homes.items()),
    )


def runtime_files(package: str) -> dict[str, str]:
    """The handwritten runtime, bundled as `<package>/_runtime/`: copied as it is (it is kept
    black-formatted, so it needs no formatting pass, which was a third of a run's time).
    """
    return {
        f"{package}/_runtime/{source.relative_to(RUNTIME).as_posix()}": source.read_text(
            encoding="utf-8"
        )
        for source in sorted(RUNTIME.rglob("*.py"))
        if "__pycache__" not in source.parts
    }

"""Keep an authored OpenAPI document equal to the documentation pages it was written from.

Amperity publishes no OpenAPI document for its Real-time API; one reStructuredText page per
endpoint describes it (`../shared/amperity/docs/`). `spec/authored/realtime-api.yaml` is written
from those pages, and this module keeps it honest: it reads the pages with docutils into a table
of endpoints and reports every difference with the document, each naming the page, its line and
the document's JSON pointer.

What a page says, and where (the layout every Real-time page shares):
- the landing page (`endpoints_realtime.rst`) links one page per endpoint (`grid-item-card`s);
- an endpoint page's title is its method and path; its "Request URL" blocks are the full URLs;
- its "Request parameters" table lists each parameter as **name** and "Type. Required|Optional.":
  a name in the path is a path parameter; "request body" is the body itself; any other is a body
  field of a POST and a query parameter of a GET; "N KB" in the section limits the body's size;
- the headers of its curl example (but `Authorization`, the bearer token, and `Content-Type`,
  the body's media type) are header parameters;
- its "Responses" section names each status as a heading ("200 OK", "404") or as a row of a
  "Status" table;
- a note says which permissions the token must be granted: "**a** and **b**" together, "**a**
  (or **b**)" as alternatives.

The document's side: each operation names its page in `externalDocs.url`; a form-exploded object
parameter (whose own name never goes on the wire) names its table row in `x-page-parameter`; the
body's size limit is `x-max-bytes`; the permissions are the roles of its bearer requirements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import docutils.core  # type: ignore[import-untyped]  # no stubs pinned (types-docutils)
from docutils import nodes
from docutils.parsers.rst import Directive, directives  # type: ignore[import-untyped]

from amperity_codegen.document.load import load_document
from amperity_codegen.document.rst import (
    RST_SETTINGS,
)  # also registers Sphinx's :doc: and :ref:
from amperity_codegen.document.tree import deref
from amperity_codegen.errors import SpecError, pointer, raise_all

LANDING_PAGE = "endpoints_realtime.rst"
MAX_PAGE_BYTES = 1024 * 1024
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# A page's parameter types, as JSON Schema (type, format).
_TYPES = {
    "string": ("string", None),
    "boolean": ("boolean", None),
    "integer": ("integer", None),
    "number": ("number", None),
    "timestamp": ("string", "date-time"),
    "json object": ("object", None),
    "json array": ("array", None),
}
# Curl headers that are not parameters: the bearer token (security) and the body's media type.
_NOT_PARAMETERS = {"authorization", "content-type"}
_TITLE = re.compile(r"^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS)\s+(/\S*)$")
_STATUS = re.compile(r"^([1-5]\d\d)\b")
_KB = re.compile(r"(\d+)\s*KB\b")
_HEADER = re.compile(r"--header\s+'([^:']+):")


class PageMismatch(SpecError):
    """The document and a page disagree: `page` and `line` locate the page's side."""

    def __init__(
        self, document: str, pointer: str, page: str, line: int, message: str
    ) -> None:
        super().__init__(document, pointer, f"{page}:{line}: {message}")
        self.page = page
        self.line = line


@dataclass(frozen=True)
class PageParameter:
    name: str
    location: str  # "path", "query", "header", "body" (a body field) or "request body" (the body)
    type: str  # JSON Schema type
    format: str | None
    required: bool
    line: int


@dataclass(frozen=True)
class PageEndpoint:
    """One endpoint as its page describes it."""

    page: str  # the page's file name without `.rst`, e.g. "endpoint_post_profile_store_events"
    method: str  # "POST"
    path: str  # "/events/{stream-id}"
    line: int  # of the title
    urls: tuple[tuple[str, int], ...] = ()  # each documented request URL and its line
    parameters: tuple[PageParameter, ...] = ()
    max_body_bytes: tuple[int, int] | None = None  # (bytes, line)
    statuses: Mapping[str, int] = field(default_factory=dict)  # status → line
    permissions: tuple[
        frozenset[str], ...
    ] = ()  # alternatives, each a set granted together
    permissions_line: int = 0


# Sphinx-design's cards: the landing page links each endpoint page as a card's `:link:`.
class _Card(Directive):  # type: ignore[misc]
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {"link": directives.unchanged, "link-type": directives.unchanged}
    has_content = True

    def run(self) -> list[Any]:
        title = self.arguments[0] if self.arguments else ""
        card = nodes.reference(title, title, refuri=self.options.get("link", ""))
        card.line = self.lineno
        return [card]


class _Grid(Directive):  # type: ignore[misc]
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = {
        "gutter": directives.unchanged,
        "padding": directives.unchanged,
        "class-container": directives.unchanged,
    }
    has_content = True

    def run(self) -> list[Any]:
        grid = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, grid)
        return [grid]


class _CodeBlock(Directive):  # type: ignore[misc]
    """Sphinx's code-block, any option accepted (`:linenos:`), its text kept as it is."""

    optional_arguments = 1
    option_spec = {
        "linenos": directives.flag,
        "caption": directives.unchanged,
        "emphasize-lines": directives.unchanged,
    }
    has_content = True

    def run(self) -> list[Any]:
        text = "\n".join(self.content)
        block = nodes.literal_block(text, text)
        block.line = self.content_offset + 1
        return [block]


# Registered once, globally: docutils has no per-parse directive table.
directives.register_directive("grid", _Grid)
directives.register_directive("grid-item-card", _Card)
directives.register_directive("code-block", _CodeBlock)


def read_page(path: Path) -> Any:
    """A page's docutils tree; SpecError when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(
            str(path), "", f"cannot read the page: {exc.strerror or exc}"
        ) from None
    if len(data) > MAX_PAGE_BYTES:
        raise SpecError(
            str(path),
            "",
            f"larger than {MAX_PAGE_BYTES} bytes: not a documentation page",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(str(path), "", "not UTF-8 text") from None
    return docutils.core.publish_doctree(
        text, source_path=str(path), settings_overrides=RST_SETTINGS
    )


def read_landing(folder: Path) -> list[tuple[str, int]]:
    """The endpoint pages the landing page links, with the line of each link."""
    tree = read_page(folder / LANDING_PAGE)
    return [
        (str(card["refuri"]), card.line or 0)
        for card in tree.findall(nodes.reference)
        if card.get("refuri", "").startswith("endpoint_")
    ]


def read_endpoint(folder: Path, page: str) -> PageEndpoint:
    """What the page `folder/<page>.rst` says about its endpoint."""
    file = folder / f"{page}.rst"
    tree = read_page(file)
    sections = list(tree.findall(nodes.section))
    if not sections:
        raise SpecError(
            str(file), "", "no title: expected the endpoint's method and path"
        )
    title = sections[0][0]
    match = _TITLE.match(title.astext().strip())
    line = _line(title)
    if match is None:
        raise PageMismatch(
            str(file),
            "",
            f"{page}.rst",
            line,
            f"title {title.astext()!r} is not 'METHOD /path'",
        )
    method, path = match.groups()
    by_title = {str(s[0].astext()).strip().lower(): s for s in sections}
    parameters = list(_parameters(by_title.get("request parameters"), method, path))
    parameters += _headers(by_title.get("requests"))
    limit = _body_limit([by_title.get(t) for t in ("requests", "request parameters")])
    alternatives, permissions_line = _permissions(tree)
    return PageEndpoint(
        page=page,
        method=method,
        path=path,
        line=line,
        urls=tuple(_urls(by_title.get("request url"))),
        parameters=tuple(parameters),
        max_body_bytes=limit,
        statuses=_statuses(by_title.get("responses")),
        permissions=alternatives,
        permissions_line=permissions_line,
    )


def read_pages(folder: Path) -> list[PageEndpoint]:
    """Every endpoint the landing page links, as its page describes it."""
    return [read_endpoint(folder, page) for page, _ in read_landing(folder)]


def _line(node: Any) -> int:
    """The 1-based line of a node's text; a title's `line` is that of its underline."""
    line = node.line or 0
    return line - 1 if isinstance(node, nodes.title) and line else line


def _paragraphs(node: Any) -> list[Any]:
    return list(node.findall(nodes.paragraph)) if node is not None else []


def _tables(section: Any, first_header: str) -> Iterator[Any]:
    """The body rows of the section's tables whose first column is headed `first_header`."""
    if section is None:
        return
    for table in section.findall(nodes.table):
        head = next(table.findall(nodes.thead), None)
        if head is None or head.astext().split("\n")[0].strip().lower() != first_header:
            continue
        for body in table.findall(nodes.tbody):
            yield from body.findall(nodes.row)


def _parameters(section: Any, method: str, path: str) -> Iterator[PageParameter]:
    in_path = set(re.findall(r"\{([^{}]+)\}", path))
    for row in _tables(section, "parameter"):
        cells = [_paragraphs(entry) for entry in row.findall(nodes.entry)]
        if len(cells) < 2 or not cells[0] or not cells[1]:
            continue
        name = cells[0][0].astext().strip()
        kind = cells[1][0].astext().strip().rstrip(".")
        words = [w.strip().lower() for w in kind.split(".")]
        type_, fmt = _TYPES.get(words[0], (words[0], None))
        required = "required" in words[1:]
        if name in in_path:
            location = "path"
        elif name == "request body":
            location = "request body"
        else:
            location = "body" if method in ("POST", "PUT", "PATCH") else "query"
        yield PageParameter(name, location, type_, fmt, required, _line(cells[0][0]))


def _headers(section: Any) -> list[PageParameter]:
    """The headers the curl example sends (each sent on every call, so required strings)."""
    found: dict[str, PageParameter] = {}
    if section is None:
        return []
    for block in section.findall(nodes.literal_block):
        for offset, text in enumerate(block.astext().splitlines()):
            for name in _HEADER.findall(text):
                if name.lower() not in _NOT_PARAMETERS:
                    found.setdefault(
                        name.lower(),
                        PageParameter(
                            name,
                            "header",
                            "string",
                            None,
                            True,
                            (block.line or 0) + offset,
                        ),
                    )
    return list(found.values())


def _body_limit(sections: Sequence[Any]) -> tuple[int, int] | None:
    for section in sections:
        for paragraph in _paragraphs(section):
            found = _KB.search(paragraph.astext())
            if found:
                return int(found.group(1)) * 1024, _line(paragraph)
    return None


def _urls(section: Any) -> Iterator[tuple[str, int]]:
    if section is None:
        return
    for block in section.findall(nodes.literal_block):
        text = block.astext().strip()
        if text.startswith("https://"):
            yield text, block.line or 0


def _statuses(section: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    if section is None:
        return found
    for sub in section.findall(nodes.section):
        status = _STATUS.match(sub[0].astext().strip())
        if status:
            found.setdefault(status.group(1), _line(sub[0]))
    for row in _tables(section, "status"):
        first = _paragraphs(next(row.findall(nodes.entry)))
        status = _STATUS.match(first[0].astext().strip()) if first else None
        if status:
            found.setdefault(status.group(1), _line(first[0]))
    return found


def _permissions(tree: Any) -> tuple[tuple[frozenset[str], ...], int]:
    """The permissions the page's note requires: a set per alternative (empty when no note)."""
    for note in tree.findall(nodes.note):
        for paragraph in _paragraphs(note):
            if "permission" not in paragraph.astext():
                continue
            alternatives: list[set[str]] = [set()]
            for child in paragraph.children:
                if isinstance(child, nodes.strong):
                    alternatives[-1].add(child.astext().strip())
                elif re.search(r"\bor\b", child.astext()) and alternatives[-1]:
                    alternatives.append(set())
            return tuple(frozenset(a) for a in alternatives if a), _line(paragraph)
    return (), 0


# The comparison ----------------------------------------------------------------------------------


def check_document(doc: dict[str, Any], document: str, folder: Path) -> None:
    """Raise SpecErrors listing every difference between `doc` and the pages in `folder`."""
    _Check(doc, document, folder).run()


def check_file(document: str | Path, folder: Path) -> None:
    """`check_document` on a document file (as written, before any upgrade or overlay)."""
    check_document(load_document(document), str(document), folder)


class _Check:
    def __init__(self, doc: dict[str, Any], document: str, folder: Path) -> None:
        self.doc, self.document, self.folder = doc, document, folder
        self.problems: list[SpecError] = []

    def problem(
        self, at: Sequence[str | int], page: str, line: int, message: str
    ) -> None:
        self.problems.append(
            PageMismatch(self.document, pointer(*at), f"{page}.rst", line, message)
        )

    def run(self) -> None:
        linked = read_landing(self.folder)
        operations = dict(self._operations())
        for page, line in linked:
            if page not in operations:
                self.problem(
                    ["paths"],
                    LANDING_PAGE[:-4],
                    line,
                    f"links {page}.rst, which no operation documents (externalDocs)",
                )
        pages = {page for page, _ in linked}
        for page, (at, operation) in operations.items():
            if page not in pages:
                self.problem(
                    [*at, "externalDocs", "url"],
                    LANDING_PAGE[:-4],
                    0,
                    f"does not link {page}.rst",
                )
            elif not (self.folder / f"{page}.rst").is_file():
                self.problem([*at, "externalDocs", "url"], page, 0, "no such page")
            else:
                self._compare(read_endpoint(self.folder, page), at, operation)
        raise_all(self.problems)

    def _operations(
        self,
    ) -> Iterator[tuple[str, tuple[tuple[str, ...], dict[str, Any]]]]:
        for path, item in self.doc.get("paths", {}).items():
            for method in _METHODS:
                operation = deref(self.doc, item).get(method)
                if not isinstance(operation, dict):
                    continue
                url = str(operation.get("externalDocs", {}).get("url", ""))
                page = PurePosixPath(urlsplit(url).path).stem
                at = ("paths", path, method)
                if not page:
                    self.problem(
                        [*at],
                        LANDING_PAGE[:-4],
                        0,
                        "the operation names no page (externalDocs.url)",
                    )
                    continue
                yield page, (at, operation)

    def _compare(
        self, page: PageEndpoint, at: tuple[str, ...], operation: dict[str, Any]
    ) -> None:
        name = page.page
        _, path, method = at
        if (page.method, page.path) != (method.upper(), path):
            self.problem(
                at,
                name,
                page.line,
                f"the page documents {page.method} {page.path}, the document {method.upper()} "
                f"{path}",
            )
            return
        self._compare_urls(page, at)
        self._compare_parameters(page, at, operation)
        self._compare_statuses(page, at, operation)
        self._compare_permissions(page, at, operation)

    def _compare_urls(self, page: PageEndpoint, at: tuple[str, ...]) -> None:
        servers = [str(s.get("url", "")) for s in self.doc.get("servers", [])]
        for url, line in page.urls:
            # The pages write the tenant variable `{tenant-id}`, as the document's server does.
            if not any(url == server.rstrip("/") + page.path for server in servers):
                self.problem(
                    ["servers"],
                    page.page,
                    line,
                    f"no server of the document gives {url}",
                )

    def _compare_parameters(
        self, page: PageEndpoint, at: tuple[str, ...], operation: dict[str, Any]
    ) -> None:
        declared = dict(self._declared(at, operation))
        for param in page.parameters:
            where = (
                f"{param.location} parameter {param.name!r}"
                if param.location != "request body"
                else "the request body"
            )
            found = declared.pop((param.location, param.name.lower()), None)
            if found is None:
                self.problem(
                    [
                        *at,
                        (
                            "parameters"
                            if param.location not in ("body", "request body")
                            else "requestBody"
                        ),
                    ],
                    page.page,
                    param.line,
                    f"{where} is not in the document",
                )
                continue
            pointer_at, schema, required = found
            kind = (schema.get("type"), schema.get("format") if param.format else None)
            if kind != (param.type, param.format):
                shown = param.type + (f" ({param.format})" if param.format else "")
                self.problem(
                    pointer_at,
                    page.page,
                    param.line,
                    f"{where}: the page says {shown}, the document {kind[0]}"
                    + (f" ({kind[1]})" if kind[1] else ""),
                )
            if required != param.required:
                self.problem(
                    pointer_at,
                    page.page,
                    param.line,
                    f"{where}: the page says {'required' if param.required else 'optional'}, the "
                    f"document {'required' if required else 'optional'}",
                )
        for (location, name), (pointer_at, _, _) in declared.items():
            self.problem(
                pointer_at,
                page.page,
                page.line,
                f"{location} parameter {name!r} is not on the page",
            )
        body = deref(self.doc, operation.get("requestBody"))
        limit = body.get("x-max-bytes") if isinstance(body, dict) else None
        documented, line = page.max_body_bytes or (None, page.line)
        if limit != documented:
            self.problem(
                [*at, "requestBody", "x-max-bytes"],
                page.page,
                line,
                f"body size limit: the page says {documented} bytes, the document {limit}",
            )

    def _declared(
        self, at: tuple[str, ...], operation: dict[str, Any]
    ) -> Iterator[tuple[tuple[str, str], tuple[list[str | int], dict[str, Any], bool]]]:
        """Each parameter the operation declares, by (location, page name): its pointer, schema
        and whether it is required."""
        item = self.doc["paths"][at[1]]
        for owner, params in (
            (at[:2], item.get("parameters", [])),
            (at, operation.get("parameters", [])),
        ):
            for i, raw in enumerate(params):
                param = deref(self.doc, raw)
                name = str(param.get("x-page-parameter", param.get("name", "")))
                schema = deref(self.doc, param.get("schema", {}))
                if (
                    param.get("style", "form") == "form"
                    and param.get("explode", True)
                    and schema.get("type") == "object"
                ):
                    # `{key}={value}` pairs: the page gives the type of the values.
                    schema = deref(self.doc, schema.get("additionalProperties", {}))
                yield (str(param.get("in")), name.lower()), (
                    [*owner, "parameters", i],
                    schema,
                    bool(param.get("required")),
                )
        body = deref(self.doc, operation.get("requestBody"))
        if not isinstance(body, dict):
            return
        content = body.get("content", {})
        media = (
            "application/json"
            if "application/json" in content
            else next(iter(content), None)
        )
        if media is None:
            return
        schema = deref(self.doc, content[media].get("schema", {}))
        schema_at: list[str | int] = [*at, "requestBody", "content", media, "schema"]
        properties = schema.get("properties")
        if isinstance(properties, dict) and properties:
            for field_name, field_schema in properties.items():
                yield ("body", field_name.lower()), (
                    [*schema_at, "properties", field_name],
                    deref(self.doc, field_schema),
                    field_name in schema.get("required", []),
                )
        else:
            yield ("request body", "request body"), (
                [*at, "requestBody"],
                schema,
                bool(body.get("required")),
            )

    def _compare_statuses(
        self, page: PageEndpoint, at: tuple[str, ...], operation: dict[str, Any]
    ) -> None:
        declared = {
            str(s) for s in operation.get("responses", {}) if _STATUS.match(str(s))
        }
        for status, line in page.statuses.items():
            if status not in declared:
                self.problem(
                    [*at, "responses"],
                    page.page,
                    line,
                    f"status {status} is not in the document",
                )
        for status in sorted(declared - set(page.statuses)):
            self.problem(
                [*at, "responses", status],
                page.page,
                page.line,
                f"status {status} is not on the page",
            )

    def _compare_permissions(
        self, page: PageEndpoint, at: tuple[str, ...], operation: dict[str, Any]
    ) -> None:
        raw = (
            operation["security"]
            if "security" in operation
            else self.doc.get("security", [])
        )
        declared = {
            frozenset(role for roles in req.values() for role in roles)
            for req in raw
            if isinstance(req, dict)
        }
        declared.discard(frozenset())
        if declared != set(page.permissions):
            shown = (
                " or ".join(sorted(" and ".join(sorted(a)) for a in page.permissions))
                or "none"
            )
            documented = (
                " or ".join(sorted(" and ".join(sorted(a)) for a in declared)) or "none"
            )
            line = page.permissions_line or page.line
            self.problem(
                [*at, "security"],
                page.page,
                line,
                f"permissions: the page requires {shown}, the document {documented}",
            )

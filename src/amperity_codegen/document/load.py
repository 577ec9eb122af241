"""Read an OpenAPI document from a file or an http(s) URL, and check its references.

Documents are untrusted input: reads are capped in size, downloads have timeouts and a
redirect limit, YAML is restricted to JSON's data model (no tags, no recursive aliases,
a cap on how far aliases may expand), and only internal `$ref`s are allowed, so nothing
in a document can make the generator read another file or URL.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from amperity_codegen.errors import SpecError, pointer

MAX_BYTES = 64 * 1024 * 1024
# A real document has one YAML node per value; aliases that expand past this are an attack.
MAX_YAML_NODES = 2_000_000
# The published documents nest 13 levels deep; the later stages recurse once per level, so a
# cap far below Python's recursion limit keeps a deeply nested document from crashing them.
MAX_DEPTH = 128
TIMEOUT_SECONDS, CONNECT_SECONDS = 30.0, 10.0
MAX_REDIRECTS = 5

_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def is_url(source: str | Path) -> bool:
    return isinstance(source, str) and source.lower().startswith(
        ("http://", "https://")
    )


def load_document(
    source: str | Path,
    *,
    max_bytes: int = MAX_BYTES,
    max_yaml_nodes: int = MAX_YAML_NODES,
) -> dict[str, Any]:
    """The document at a path or http(s) URL, parsed from JSON or YAML."""
    return parse_document(
        read_source(source, max_bytes=max_bytes),
        str(source),
        max_yaml_nodes=max_yaml_nodes,
    )


def read_source(source: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The raw bytes of a path or http(s) URL, at most `max_bytes` of them."""
    if is_url(source):
        return download(str(source), max_bytes=max_bytes)
    name = str(source)
    scheme = _URL_SCHEME.match(name)
    if scheme:
        raise SpecError(
            name,
            "",
            f"unsupported URL scheme {scheme.group(1)!r}: use http(s) or a path",
        )
    path = Path(source)
    try:
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise SpecError(name, "", "no such file") from None
    except OSError as exc:
        raise SpecError(name, "", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise SpecError(name, "", f"larger than the {max_bytes} byte limit")
    return data


def download(
    url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS
) -> bytes:
    """GET `url` (TLS verified, redirects capped), failing on any non-200 answer or an oversized
    body."""
    # Imported here: most runs read files, and httpx is a sixth of the CLI's start-up.
    import httpx

    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_SECONDS)),
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                verify=True,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise SpecError(
                    url,
                    "",
                    f"download failed: HTTP {response.status_code} {response.reason_phrase}",
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise SpecError(
                    url,
                    "",
                    f"larger than the {max_bytes} byte limit ({declared} bytes)",
                )
            body = bytearray()
            # Counted after decompression, so a small gzip bomb is stopped too.
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise SpecError(url, "", f"larger than the {max_bytes} byte limit")
            return bytes(body)
    except httpx.TooManyRedirects:
        raise SpecError(
            url, "", f"download failed: more than {MAX_REDIRECTS} redirects"
        ) from None
    except httpx.TimeoutException:
        raise SpecError(url, "", "download failed: timed out") from None
    except httpx.HTTPError as exc:
        raise SpecError(url, "", f"download failed: {exc}") from None


def parse_document(
    data: bytes, document: str, *, max_yaml_nodes: int = MAX_YAML_NODES
) -> dict[str, Any]:
    """Parse JSON or YAML bytes; the top level must be an object. `document` names it in errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(document, "", f"not UTF-8 text (byte {exc.start})") from None
    try:
        if _is_json(text, document):
            value = _parse_json(text, document)
        else:
            # Imported here: PyYAML is needed only for YAML documents (the published ones are JSON).
            from amperity_codegen.document.load_yaml import parse_yaml

            value = parse_yaml(text, document, max_yaml_nodes)
    except RecursionError:
        raise SpecError(document, "", "nested too deeply") from None
    if not isinstance(value, dict):
        found = "nothing" if value is None else f"a {type(value).__name__}"
        raise SpecError(document, "", f"the document must be an object, found {found}")
    _check_tree(value, document)
    return value


def _check_tree(doc: dict[str, Any], document: str) -> None:
    """Refuse what parses but no later stage can handle: nesting past MAX_DEPTH, and text that is
    not Unicode (a lone surrogate, which JSON's `\\ud800` can say but no file can hold).
    """

    def text(value: str, parts: tuple[str | int, ...], what: str) -> None:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise SpecError(
                document,
                pointer(*parts),
                f"{what} is not valid Unicode (a lone surrogate)",
            ) from None

    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc)]
    while stack:
        parts, node = stack.pop()
        if len(parts) > MAX_DEPTH:
            raise SpecError(
                document, pointer(*parts), f"nested more than {MAX_DEPTH} levels deep"
            )
        if isinstance(node, dict):
            for key, value in node.items():
                shown = key.encode("utf-8", "backslashreplace").decode()
                text(key, parts, f"the key '{shown}'")
                stack.append(((*parts, key), value))
        elif isinstance(node, list):
            stack.extend(((*parts, i), v) for i, v in enumerate(node))
        elif isinstance(node, str):
            text(node, parts, "the text")


def _is_json(text: str, document: str) -> bool:
    suffix = Path(urlsplit(document).path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return False
    return suffix == ".json" or text.lstrip().startswith(("{", "["))


def _parse_json(text: str, document: str) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise SpecError(document, "", f"invalid JSON: duplicate key {key!r}")
            result[key] = value
        return result

    def no_constant(name: str) -> Any:
        raise SpecError(document, "", f"invalid JSON: {name} is not a JSON value")

    try:
        return json.loads(
            text, object_pairs_hook=no_duplicates, parse_constant=no_constant
        )
    except json.JSONDecodeError as exc:
        raise SpecError(
            document,
            "",
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
        ) from None
    except ValueError:  # the only other one: an integer too long to convert
        raise SpecError(
            document,
            "",
            f"invalid JSON: a number has more than {sys.get_int_max_str_digits()} digits",
        ) from None

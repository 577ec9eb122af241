"""Read Amperity's API changelog page: which API versions it announces, and what each one changed.

The page is Sphinx HTML (`CHANGELOG_URL`) built from an RST source; either form is read, from a
path or an http(s) URL. A section titled "<API name>: <version>" ("Amperity API: 2024-04-01",
"Real-time API: unstable") announces that version, at whatever heading level it sits. Until July
2025 the page covered the Amperity API alone and titled its section with the bare version
("2024-04-01"). A section's changes are the bullet items under it (in nested sections too, unless
they announce a version themselves), without the "None" Amperity writes under an empty group.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import docutils.core  # type: ignore[import-untyped]  # no stubs pinned (types-docutils)
from docutils import nodes

from amperity_codegen.document.load import read_source
from amperity_codegen.document.rst import RST_SETTINGS
from amperity_codegen.errors import SpecError

CHANGELOG_URL = "https://docs.amperity.com/api/changelog.html"
DEFAULT_API = "Amperity API"  # what a section titled with a bare version announces
MAX_BYTES = 4 * 1024 * 1024
_PLACEHOLDER = "None"  # the item under a group of changes that has none


@dataclass(frozen=True)
class Announcement:
    api: str  # e.g. "Profile API"
    version: str  # e.g. "2025-07-31", "unstable"
    changes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.api}: {self.version}"


def read_changelog(
    location: str | Path, *, max_bytes: int = MAX_BYTES
) -> list[Announcement]:
    """The announcements of the changelog at a path or URL, in page order."""
    name = str(location)
    try:
        text = read_source(location, max_bytes=max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(name, "", "the changelog is not UTF-8 text") from None
    found = parse_html(text) if _is_html(name, text) else parse_rst(text)
    if not found:
        raise SpecError(
            name,
            "",
            "no section announces an API version (expected titles like 'Amperity API: 2024-04-01')",
        )
    return found


def _is_html(name: str, text: str) -> bool:
    suffix = PurePosixPath(urlsplit(name).path).suffix.lower()
    if suffix in (".html", ".htm"):
        return True
    if suffix in (".rst", ".txt"):
        return False
    return text.lstrip().startswith(
        "<"
    )  # RST cannot start with a tag; HTML always does


def parse_title(title: str) -> tuple[str, str] | None:
    """(API, version) when a section title announces a version, else None."""
    api, colon, version = (" ".join(part.split()) for part in title.partition(":"))
    if not colon:
        api, version = DEFAULT_API, api
        try:
            date.fromisoformat(version)
        except ValueError:
            return None  # "Changelog", "Breaking changes": not an announcement
    if not api or not version or " " in version:
        return None
    return api, version


def _announcement(title: str, items: list[str]) -> Announcement | None:
    parsed = parse_title(title)
    if parsed is None:
        return None
    changes = (" ".join(item.split()) for item in items)
    return Announcement(*parsed, tuple(c for c in changes if c and c != _PLACEHOLDER))


# RST --------------------------------------------------------------------------------------------


def parse_rst(text: str) -> list[Announcement]:
    tree = docutils.core.publish_doctree(text, settings_overrides=RST_SETTINGS)
    found = []
    for section in tree.findall(nodes.section):
        title = section[0].astext() if isinstance(section[0], nodes.title) else ""
        announcement = _announcement(str(title), list(_rst_items(section)))
        if announcement is not None:
            found.append(announcement)
    return found


def _rst_items(node: Any) -> Iterator[str]:
    for child in node.children:
        if (
            isinstance(child, nodes.section)
            and parse_title(str(child[0].astext())) is not None
        ):
            continue  # its items are its own announcement's
        if isinstance(child, nodes.list_item):
            # The item's own text; a nested list's items are changes of their own.
            own = (
                c
                for c in child.children
                if not isinstance(c, (nodes.Sequential, nodes.system_message))
            )
            yield " ".join(str(c.astext()) for c in own)
        if not isinstance(child, (nodes.title, nodes.system_message)):
            yield from _rst_items(child)


# HTML -------------------------------------------------------------------------------------------

# Elements that never have an end tag.
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def _heading_level(tag: str) -> int | None:
    return (
        int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else None
    )


@dataclass
class _Section:
    title: str
    level: int
    container: int  # depth of the element holding the heading: the section ends with it
    items: list[str] = field(default_factory=list)


@dataclass
class _Element:
    tag: str
    depth: int  # its index in the stack of open elements
    skip: bool = False  # text not to read: Sphinx's "¶" permalinks
    text: list[str] | None = None  # collected for headings and list items
    owner: _Section | None = None  # the announcement a list item belongs to
    slot: int = 0  # the item's place among its owner's changes


class _Page(HTMLParser):
    """Headings and list items of a page, each item given to the announcement around it.

    An announcement ends with the element holding its heading (Sphinx's <section>, docutils'
    <div class="section">), or at the next heading of the same or a higher level, for pages
    whose headings are not wrapped in sections.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[_Element] = []
        self.sections: list[_Section] = []
        self.open_sections: list[_Section] = []  # innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        level = _heading_level(tag)
        if level is not None:
            self.open_sections = [s for s in self.open_sections if s.level < level]
        if tag == "li":
            self._end_open_item()
        classes = (dict(attrs).get("class") or "").split()
        element = _Element(tag, len(self.stack), skip="headerlink" in classes)
        if level is not None:
            element.text = []
        elif tag == "li" and self.open_sections:
            element.text, element.owner = [], self.open_sections[-1]
            element.slot = len(element.owner.items)
            element.owner.items.append(
                ""
            )  # reserved, so a nested item (which ends first) comes after it
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        depth = next((e.depth for e in reversed(self.stack) if e.tag == tag), None)
        if depth is not None:  # a stray end tag closes nothing
            self._end(depth)

    def handle_data(self, data: str) -> None:
        if any(e.skip for e in self.stack):
            return
        reader = next((e for e in reversed(self.stack) if e.text is not None), None)
        if reader is not None and reader.text is not None:
            reader.text.append(data)

    def close(self) -> None:
        super().close()
        self._end(0)

    def _end_open_item(self) -> None:
        """A new <li> ends an unclosed one of the same list (HTML lets `</li>` be left out)."""
        for e in reversed(self.stack):
            if e.tag in ("ul", "ol"):
                return
            if e.tag == "li":
                self._end(e.depth)
                return

    def _end(self, depth: int) -> None:
        while len(self.stack) > depth:
            element = self.stack.pop()
            self.open_sections = [
                s for s in self.open_sections if s.container != element.depth
            ]
            text = "".join(element.text or ())
            level = _heading_level(element.tag)
            if level is not None and parse_title(text) is not None:
                section = _Section(text, level, element.depth - 1)
                self.sections.append(section)
                self.open_sections.append(section)
            elif element.owner is not None:
                element.owner.items[element.slot] = text


def parse_html(text: str) -> list[Announcement]:
    page = _Page()
    page.feed(text)
    page.close()
    found = (_announcement(s.title, s.items) for s in page.sections)
    return [a for a in found if a is not None]

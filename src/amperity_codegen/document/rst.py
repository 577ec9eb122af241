"""Amperity's documentation is Sphinx reStructuredText, read here with plain docutils: the
settings every reader uses (the changelog, the Real-time API's pages), and Sphinx's `:doc:` and
`:ref:` roles, which plain docutils lacks.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes  # type: ignore[import-untyped]  # no stubs pinned (types-docutils)
from docutils.parsers.rst import roles  # type: ignore[import-untyped]

RST_SETTINGS = {
    # Sphinx-only markup (its roles and directives) is expected: no reports, never a halt.
    "report_level": 5,
    "halt_level": 5,
    # The page is untrusted input: it may not make the parser read files or pass raw HTML on.
    "file_insertion_enabled": False,
    "raw_enabled": False,
    # Every heading stays a section, so a lone top-level one is not taken for the page title.
    "doctitle_xform": False,
    # No docutils.conf from the environment: the same page, the same result.
    "_disable_config": True,
}


def _cross_reference(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: Any = None,
    content: Any = None,
) -> tuple[list[Any], list[Any]]:
    """Sphinx's :doc: and :ref: as plain docutils: `title <target>` reads as its title, a bare
    target as itself (Sphinx would show the target page's title, which the source does not hold).
    """
    title, _, target = text.rpartition("<")
    if title and target.endswith(">"):
        text, target = title.strip(), target[:-1].strip()
    else:
        target = text
    href = f"{target}.html" if name == "doc" else f"#{target}"
    return [nodes.reference(rawtext, text, refuri=href)], []


# Registered once, globally: docutils has no per-parse role table. Without them every change
# would read ":doc:`endpoint_get_segments_list`" and carry an error message.
for _role in ("doc", "ref"):
    roles.register_local_role(_role, _cross_reference)

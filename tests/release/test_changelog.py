"""Reading the changelog page: every published version of its source, as RST and as HTML over
HTTP."""

from __future__ import annotations

from pathlib import Path

import docutils.core  # type: ignore[import-untyped]
import pytest

from amperity_codegen.errors import SpecError
from amperity_codegen.release.changelog import (
    Announcement,
    parse_html,
    parse_rst,
    parse_title,
    read_changelog,
)
from tests.support.documents import CHANGELOG
from tests.support.static_server import serve_folder

AMPERITY = ("Amperity API", "2024-04-01")
PROFILE = ("Profile API", "2025-07-31")
# Every version of the page's source, oldest first: what it announces, and how many changes each.
EXPECTED = {
    "2024-06-29-5c0a7062.rst": [(*AMPERITY, 5)],
    "2024-08-22-bb366b85.rst": [(*AMPERITY, 7)],
    "2024-09-16-40210c86.rst": [(*AMPERITY, 8)],
    "2024-10-03-d561a3b5.rst": [(*AMPERITY, 9)],
    "2025-01-16-4fa81688.rst": [(*AMPERITY, 9)],
    "2025-04-24-a89ec7b8.rst": [(*AMPERITY, 10)],
    "2025-05-01-0f6c38f4.rst": [(*AMPERITY, 10)],
    "2025-07-30-00b7cbc9.rst": [(*AMPERITY, 10), ("Profile API", "2024-04-01", 4)],
    "2025-07-30-dbf721b7.rst": [(*AMPERITY, 10), (*PROFILE, 4)],
    "2025-08-01-ddac80cf.rst": [(*AMPERITY, 10), (*PROFILE, 4)],
    "2026-07-23-3fcbd75c.rst": [
        (*AMPERITY, 10),
        (*PROFILE, 4),
        ("Real-time API", "unstable", 8),
    ],
}


def pages() -> list[Path]:
    return sorted(CHANGELOG.glob("*.rst"))


def summary(announcements: list[Announcement]) -> list[tuple[str, str, int]]:
    return [(a.api, a.version, len(a.changes)) for a in announcements]


def render_html(rst: Path, writer: str = "html") -> str:
    html: bytes = docutils.core.publish_string(
        rst.read_text(encoding="utf-8"),
        writer=writer,
        settings_overrides={"report_level": 5},
    )
    return html.decode()


def test_every_version_of_the_page_source() -> None:
    assert [p.name for p in pages()] == list(
        EXPECTED
    )  # a new version of the page needs a look
    for page in pages():
        assert summary(read_changelog(page)) == EXPECTED[page.name], page.name


def test_changes_are_the_bullet_items_with_cross_references_as_text() -> None:
    first = read_changelog(pages()[0])[0]
    assert first.changes[0] == "Add endpoint_get_audit_events_list endpoint."
    latest = read_changelog(pages()[-1])
    assert latest[1].changes == (
        "Add endpoint_get_profile_index endpoint.",
        "Add endpoint_get_profile_index_id endpoint.",
        "Add endpoint_get_profiles_list endpoint.",
        "Add endpoint_get_profile endpoint.",
    )
    # "None" stands for an empty group of changes: it is not a change.
    assert all("None" not in a.changes for a in latest)


def test_every_version_rendered_to_html_and_served_over_http(tmp_path: Path) -> None:
    for page in pages():
        (tmp_path / page.with_suffix(".html").name).write_text(
            render_html(page), encoding="utf-8"
        )
    with serve_folder(tmp_path) as base:
        for page in pages():
            assert read_changelog(f"{base}{page.stem}.html") == read_changelog(
                page
            ), page.name


def test_html5_writer_sections() -> None:
    # docutils' html5 writer wraps sections in <section> with <h2>, as Sphinx does.
    for page in pages():
        html = render_html(page, "html5")
        assert "<section" in html
        assert parse_html(html) == read_changelog(page), page.name


def test_the_format_is_told_by_content_when_the_name_does_not(tmp_path: Path) -> None:
    latest = pages()[-1]
    (tmp_path / "changelog").mkdir()
    (tmp_path / "changelog" / "index.html").write_text(
        render_html(latest), encoding="utf-8"
    )
    (tmp_path / "source").write_text(
        latest.read_text(encoding="utf-8"), encoding="utf-8"
    )
    expected = read_changelog(latest)
    with serve_folder(tmp_path) as base:
        assert (
            read_changelog(f"{base}changelog/") == expected
        )  # HTML at a URL without a suffix
        assert read_changelog(f"{base}source") == expected  # RST likewise
    assert read_changelog(tmp_path / "source") == expected


SPHINX_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Changelog - Amperity API</title></head>
<body>
<nav class="sidebar"><ul><li><a href="index.html">Sidebar link, not a change</a></li></ul></nav>
<div class="body" role="main">
<section id="changelog">
<h1>Changelog<a class="headerlink" href="#changelog" title="Link to this heading">¶</a></h1>
<p>The Amperity API changelog lists breaking and non-breaking changes.</p>
<section id="amperity-api-2024-04-01">
<span id="changelog-current"></span><h2>Amperity API: 2024-04-01<a class="headerlink" \
href="#amperity-api-2024-04-01" title="Link to this heading">¶</a></h2>
<p><strong>Breaking changes</strong></p>
<ul class="simple">
<li><p>None</p></li>
</ul>
<p><strong>Non-breaking changes</strong></p>
<ul class="simple">
<li><p>Add <a class="reference internal" href="endpoint_get_workflows_list.html"><span class="doc">\
GET /workflow/runs</span></a> endpoint.</p></li>
<li><p>Add <a class="reference internal" href="endpoint_post_workflows_stop.html"><span
class="doc">\
POST /workflow/runs/{workflow-id}/stop</span></a> endpoint.</p>
<ul><li><p>Stops a running workflow.</p></li></ul></li>
</ul>
<section id="details">
<h3>Details<a class="headerlink" href="#details" title="Link to this heading">¶</a></h3>
<ul class="simple"><li><p>Runs are listed newest first.</p></li></ul>
</section>
</section>
<section id="profile-api-2025-07-31">
<h2>Profile API: 2025-07-31<a class="headerlink" href="#profile-api-2025-07-31" title="Link to this
heading">¶</a></h2>
<ul class="simple"><li><p>Add <a class="reference internal" href="endpoint_get_profile_index.html">\
<span class="doc">GET /indexes</span></a> endpoint.</p></li></ul>
</section>
<section id="real-time-api-unstable">
<h2>Real-time API: unstable<a class="headerlink" href="#real-time-api-unstable" title="Link to this
heading">¶</a></h2>
<ul class="simple"><li><p>Add <code class="docutils literal notranslate"><span
class="pre">POST</span> \
<span class="pre">/events</span></code> endpoint.</p></li></ul>
</section>
</section>
</div>
<footer><ul><li>Footer link, not a change</li></ul></footer>
</body></html>
"""


def test_sphinx_markup() -> None:
    assert parse_html(SPHINX_PAGE) == [
        Announcement(
            "Amperity API",
            "2024-04-01",
            (
                "Add GET /workflow/runs endpoint.",
                "Add POST /workflow/runs/{workflow-id}/stop endpoint.",
                "Stops a running workflow.",  # a nested item, after its parent
                "Runs are listed newest first.",  # from a subsection that announces nothing
            ),
        ),
        Announcement("Profile API", "2025-07-31", ("Add GET /indexes endpoint.",)),
        Announcement("Real-time API", "unstable", ("Add POST /events endpoint.",)),
    ]


def test_headings_without_sections_and_items_without_end_tags() -> None:
    page = """<body><h2>Amperity API: 2024-04-01</h2>
    <ul><li>Add one<li>Add two</ul>
    <h2>Other notes</h2><ul><li>Not a change</ul>
    <h3>Profile API: 2025-07-31</h3><ul><li>Add three</ul>"""
    assert parse_html(page) == [
        Announcement("Amperity API", "2024-04-01", ("Add one", "Add two")),
        Announcement("Profile API", "2025-07-31", ("Add three",)),
    ]


def test_rst_at_any_heading_level_with_sphinx_markup() -> None:
    page = """
Amperity API: 2025-01-01
------------------------

* Add :doc:`GET /things <endpoint_get_things>` endpoint.
* Remove an old field.

  * A nested detail.

Details
~~~~~~~

* A change listed in a subsection.

Profile API: 2025-07-31
-----------------------

.. note:: Not a change.

.. toctree::
   :hidden:

   endpoint_get_profiles

* Add :ref:`profiles <profiles-label>`.
"""
    assert parse_rst(page) == [
        Announcement(
            "Amperity API",
            "2025-01-01",
            (
                "Add GET /things endpoint.",
                "Remove an old field.",
                "A nested detail.",
                "A change listed in a subsection.",
            ),
        ),
        Announcement("Profile API", "2025-07-31", ("Add profiles.",)),
    ]


def test_rst_cannot_make_the_reader_include_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.rst"
    secret.write_text("* a secret\n", encoding="utf-8")
    page = tmp_path / "changelog.rst"
    page.write_text(
        f"Amperity API: 2024-04-01\n========================\n\n.. include:: {secret}\n\n"
        ".. raw:: html\n\n   <ul><li>raw</li></ul>\n\n* Add a thing.\n",
        encoding="utf-8",
    )
    assert read_changelog(page) == [
        Announcement("Amperity API", "2024-04-01", ("Add a thing.",))
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Amperity API: 2024-04-01", ("Amperity API", "2024-04-01")),
        ("Real-time API:  unstable", ("Real-time API", "unstable")),
        (
            "2024-04-01",
            ("Amperity API", "2024-04-01"),
        ),  # the page before other APIs joined it
        ("Changelog", None),
        ("Breaking changes", None),
        ("Note: read this first", None),
        ("Profile API:", None),
    ],
)
def test_titles(title: str, expected: tuple[str, str] | None) -> None:
    assert parse_title(title) == expected


def test_unreadable_pages_are_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><h1>Changelog</h1></body></html>", encoding="utf-8")
    latin = tmp_path / "latin.rst"
    latin.write_bytes(
        "Amperity API: 2024-04-01\n=====\n\n* caf\xe9\n".encode("latin-1")
    )
    with pytest.raises(SpecError, match="no section announces"):
        read_changelog(empty)
    with pytest.raises(SpecError, match="not UTF-8"):
        read_changelog(latin)
    with pytest.raises(SpecError, match="no such file"):
        read_changelog(tmp_path / "missing.rst")
    with serve_folder(tmp_path) as base, pytest.raises(SpecError, match="404"):
        read_changelog(f"{base}missing.html")

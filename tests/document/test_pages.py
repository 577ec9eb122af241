"""The authored Real-time document against Amperity's documentation pages."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from amperity_codegen.document.load import load_document
from amperity_codegen.document.pages import (
    PageMismatch,
    check_document,
    check_file,
    read_endpoint,
    read_landing,
)
from amperity_codegen.errors import SpecError, SpecErrors
from tests.support.documents import DOCS, REALTIME, ROOT

DOCUMENT = str(REALTIME)


def copy_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    shutil.copytree(DOCS, folder)
    return folder


def edit(page: Path, old: str, new: str) -> int:
    """Replace the one `old` in the page; the 1-based line it was on."""
    text = page.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    page.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def mismatches(folder: Path) -> list[PageMismatch]:
    with pytest.raises(SpecErrors) as raised:
        check_file(REALTIME, folder)
    problems = list(raised.value.problems)
    assert all(isinstance(p, PageMismatch) for p in problems)
    return problems  # type: ignore[return-value]


def test_the_shipped_pages_match_the_authored_document() -> None:
    check_file(REALTIME, DOCS)


def test_the_landing_page_links_the_eight_endpoint_pages() -> None:
    linked = [page for page, _ in read_landing(DOCS)]
    assert len(linked) == 8
    assert "endpoint_post_profile_store_events" in linked


def test_a_page_reads_as_its_endpoint() -> None:
    page = read_endpoint(DOCS, "endpoint_post_profile_store_events")
    lines = (
        (DOCS / "endpoint_post_profile_store_events.rst")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    assert (page.method, page.path) == ("POST", "/events/{stream-id}")
    assert lines[page.line - 1] == "POST /events/{stream-id}"
    assert sorted(page.statuses) == [
        "202",
        "204",
        "400",
        "404",
        "409",
        "411",
        "413",
        "415",
        "503",
    ]
    assert lines[page.statuses["503"] - 1].strip() == "* - **503**"
    assert page.max_body_bytes is not None and page.max_body_bytes[0] == 64 * 1024
    assert set(page.permissions) == {
        frozenset({"profile-events:write"}),
        frozenset({"streaming-ingest-api:write"}),
    }
    assert {(p.name, p.location, p.type, p.required) for p in page.parameters} == {
        ("stream-id", "path", "string", True),
        ("request body", "request body", "object", True),
        ("amperity-tenant", "header", "string", True),
    }


def test_permissions_given_together_are_one_alternative() -> None:
    page = read_endpoint(DOCS, "endpoint_get_profile_store_lookup")
    assert page.permissions == (frozenset({"profile-collections:read", "pii:read"}),)


def test_a_parameter_a_status_and_an_endpoint_changed_are_each_named(
    tmp_path: Path,
) -> None:
    folder = copy_pages(tmp_path)
    parameter_line = edit(
        folder / "endpoint_get_profile_segments.rst",
        "   * - **limit**\n     - Integer. Optional.",
        "   * - **limit**\n     - String. Optional.",
    )
    status_line = edit(
        folder / "endpoint_post_profile_store_events.rst",
        "   * - **409**",
        "   * - **410**",
    )
    title_line = edit(
        folder / "endpoint_get_profile_store_stats.rst",
        "\nGET /collections/{collection-id}/stats\n=",
        "\nGET /collections/{collection-id}/statistics\n=",
    )
    found = {(p.page, p.line, p.pointer) for p in mismatches(folder)}
    segments = "/paths/~1profiles~1{collection-id}~1{profile-id}~1segments/get"
    events = "/paths/~1events~1{stream-id}/post"
    assert found == {
        (
            "endpoint_get_profile_segments.rst",
            parameter_line,
            f"{segments}/parameters/3",
        ),
        ("endpoint_post_profile_store_events.rst", status_line, f"{events}/responses"),
        # 409 is not on the page any more: said at the page's title
        ("endpoint_post_profile_store_events.rst", 17, f"{events}/responses/409"),
        (
            "endpoint_get_profile_store_stats.rst",
            title_line + 1,
            "/paths/~1collections~1{collection-id}~1stats/get",
        ),
    }


def test_each_message_says_what_differs(tmp_path: Path) -> None:
    folder = copy_pages(tmp_path)
    edit(
        folder / "endpoint_get_profile_store_profile.rst",
        "     - Boolean. Optional.",
        "     - Boolean. Required.",
    )
    edit(
        folder / "endpoint_get_profile_store_history.rst",
        "**profile-collections:read** permission",
        "**profile-collections:admin** permission",
    )
    messages = sorted(str(p) for p in mismatches(folder))
    assert messages == [
        f"{DOCUMENT}#/paths/~1collections~1{{collection-id}}~1history/get/security: "
        "endpoint_get_profile_store_history.rst:44: permissions: the page requires "
        "profile-collections:admin, the document profile-collections:read",
        f"{DOCUMENT}#/paths/~1profiles~1{{collection-id}}~1{{profile-id}}/get/parameters/3: "
        "endpoint_get_profile_store_profile.rst:132: query parameter 'enrich': the page says "
        "required, the document optional",
    ]


def test_a_new_endpoint_page_without_an_operation_is_an_error(tmp_path: Path) -> None:
    folder = copy_pages(tmp_path)
    line = edit(
        folder / "endpoints_realtime.rst",
        "      :link: endpoint_get_profile_store_history\n",
        "      :link: endpoint_get_profile_store_history\n\n"
        "   .. grid-item-card:: DELETE /profiles/{collection-id}/{profile-id}\n"
        "      :link-type: doc\n"
        "      :link: endpoint_delete_profile_store_profile\n",
    )
    (problem,) = mismatches(folder)
    assert (problem.page, problem.line, problem.pointer) == (
        "endpoints_realtime.rst",
        line + 2,
        "/paths",
    )
    assert "endpoint_delete_profile_store_profile.rst" in problem.message


def test_an_operation_whose_page_is_gone_is_an_error(tmp_path: Path) -> None:
    doc = load_document(REALTIME)
    doc["paths"]["/collections/{collection-id}/stats"]["get"]["externalDocs"][
        "url"
    ] = "https://docs.amperity.com/api/endpoint_gone.html"
    with pytest.raises(SpecErrors) as raised:
        check_document(doc, DOCUMENT, DOCS)
    pointers = {p.pointer for p in raised.value.problems}
    assert (
        "/paths/~1collections~1{collection-id}~1stats/get/externalDocs/url" in pointers
    )
    assert "/paths" in pointers  # and the stats page is linked by no operation


def test_a_body_limit_that_differs_is_an_error() -> None:
    doc = load_document(REALTIME)
    doc["paths"]["/events/{stream-id}"]["post"]["requestBody"]["x-max-bytes"] = 1000
    with pytest.raises(SpecErrors) as raised:
        check_document(doc, DOCUMENT, DOCS)
    (problem,) = raised.value.problems
    assert (
        problem.pointer == "/paths/~1events~1{stream-id}/post/requestBody/x-max-bytes"
    )
    assert "65536" in problem.message


def test_an_unreadable_page_is_a_spec_error(tmp_path: Path) -> None:
    folder = copy_pages(tmp_path)
    (folder / "endpoint_get_profile_store_stats.rst").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(
        SpecError, match="endpoint_get_profile_store_stats.rst.*not UTF-8"
    ):
        check_file(REALTIME, folder)


def codegen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "amperity_codegen", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_validate_checks_the_authored_document_against_its_pages() -> None:
    result = codegen("validate", REALTIME)
    assert result.returncode == 0, result.stderr
    assert "matches the pages in" in result.stdout


def test_validate_fails_naming_page_line_and_pointer(tmp_path: Path) -> None:
    folder = copy_pages(tmp_path)
    line = edit(
        folder / "endpoint_post_profile_store_events.rst",
        "   * - **409**",
        "   * - **410**",
    )
    result = codegen("validate", REALTIME, "--pages", folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    flat = " ".join(result.stderr.split())  # the terminal may wrap it
    assert (
        f"/paths/~1events~1{{stream-id}}/post/responses: "
        f"endpoint_post_profile_store_events.rst:{line}:" in flat
    )
    assert "status 410 is not in the document" in flat

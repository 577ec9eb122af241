"""How the IR names and places what public documents leave open: untagged operations, relative
servers (issue 18)."""

from __future__ import annotations

from typing import Any

from amperity_codegen.ir.parse import build_ir


def doc(paths: list[str], **extra: Any) -> dict[str, Any]:
    ok = {"204": {"description": "ok"}}
    operations = {p: {"get": {"responses": dict(ok)}} for p in paths}
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": operations,
        **extra,
    }


def resources(d: dict[str, Any]) -> list[tuple[str, list[str]]]:
    api = build_ir(d, package="p")
    return [(r.py_name, [op.path for op in r.operations]) for r in api.resources]


def test_untagged_operations_skip_the_segments_every_path_shares() -> None:
    # Stripe's shape: every path under /v1.
    assert resources(doc(["/v1/customers", "/v1/customers/{id}", "/v1/charges"])) == [
        ("customers", ["/v1/customers", "/v1/customers/{id}"]),
        ("charges", ["/v1/charges"]),
    ]


def test_a_shared_segment_that_ends_a_path_is_kept() -> None:
    assert resources(doc(["/containers", "/containers/{id}/json"])) == [
        ("containers", ["/containers", "/containers/{id}/json"])
    ]


def test_tagged_operations_keep_their_tag_and_parameters_are_skipped() -> None:
    d = doc(["/{org}/repos", "/{org}/members", "/"])
    d["paths"]["/{org}/members"]["get"]["tags"] = ["people"]
    assert resources(d) == [
        ("repos", ["/{org}/repos"]),
        ("people", ["/{org}/members"]),
        ("default", ["/"]),
    ]


def test_a_relative_servers_path_prefixes_every_path() -> None:
    api = build_ir(
        doc(
            ["/a"], servers=[{"url": "/api/{v}", "variables": {"v": {"default": "v2"}}}]
        ),
        package="p",
    )
    assert (api.base_url, [op.path for op in api.operations]) == (None, ["/api/v2/a"])
    api = build_ir(
        doc(["/a"], servers=[{"url": "https://x.example.com/api"}]), package="p"
    )
    assert (api.base_url, [op.path for op in api.operations]) == (
        "https://x.example.com/api",
        ["/a"],
    )
    api = build_ir(doc(["/a"], servers=[{"url": "/"}]), package="p")
    assert [op.path for op in api.operations] == ["/a"]

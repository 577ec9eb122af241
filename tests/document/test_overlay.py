"""Overlays: the actions' semantics, their errors, and the project's own overlay files."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from amperity_codegen.document.overlay import apply_overlay, apply_overlay_files
from amperity_codegen.errors import SpecError, SpecErrors

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"
OVERLAYS = Path(__file__).resolve().parents[2] / "spec" / "overlays"
CURRENT = [
    "control-plane-2024-04-01-openapi.json",
    "control-plane-unstable-openapi.json",
    "openapi-profile-v2.json",
]


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {
        "overlay": "1.0.0",
        "info": {"title": "t", "version": "1"},
        "actions": list(actions),
    }


def published(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((MIRROR / name).read_text())
    return doc


DOC: dict[str, Any] = {
    "info": {"title": "API", "x-tags": ["a"]},
    "servers": [
        {"url": "https://one"},
        {"url": "https://two"},
        {"url": "https://three"},
    ],
    "paths": {"/a": {"get": {"summary": "A"}}, "/b": {"get": {"summary": "B"}}},
}


def test_update_merges_objects_recursively() -> None:
    result = apply_overlay(
        DOC,
        overlay(
            {
                "target": "$",
                "update": {
                    "info": {"title": "New", "x-tags": ["b"], "x-new": {"k": 1}}
                },
            }
        ),
        "o.yaml",
    )
    # Nested objects merge, arrays are appended to, other values replace.
    assert result["info"] == {"title": "New", "x-tags": ["a", "b"], "x-new": {"k": 1}}
    assert result["paths"] == DOC["paths"]


def test_update_of_an_array_appends_one_entry() -> None:
    result = apply_overlay(
        DOC,
        overlay({"target": "$.servers", "update": {"url": "https://four"}}),
        "o.yaml",
    )
    assert [s["url"] for s in result["servers"]] == [
        "https://one",
        "https://two",
        "https://three",
        "https://four",
    ]


def test_update_applies_to_every_selected_node_with_its_own_copy() -> None:
    result = apply_overlay(
        DOC, overlay({"target": "$.paths.*.get", "update": {"tags": ["t"]}}), "o.yaml"
    )
    assert result["paths"]["/a"]["get"] == {"summary": "A", "tags": ["t"]}
    result["paths"]["/a"]["get"]["tags"].append("only-a")
    assert result["paths"]["/b"]["get"]["tags"] == ["t"]


def test_remove_deletes_object_members_and_array_entries() -> None:
    result = apply_overlay(
        DOC,
        overlay(
            {"target": "$.paths['/a']", "remove": True},
            {"target": "$.servers[?@.url != 'https://two']", "remove": True},
        ),
        "o.yaml",
    )
    assert list(result["paths"]) == ["/b"]
    assert result["servers"] == [{"url": "https://two"}]


def test_actions_apply_in_order() -> None:
    result = apply_overlay(
        DOC,
        overlay(
            {"target": "$.paths['/a']", "remove": True},
            {"target": "$.paths", "update": {"/c": {"get": {"summary": "C"}}}},
            {"target": "$.paths['/c'].get", "update": {"summary": "C2"}},
        ),
        "o.yaml",
    )
    assert result["paths"] == {
        "/b": {"get": {"summary": "B"}},
        "/c": {"get": {"summary": "C2"}},
    }


def test_the_input_is_not_modified() -> None:
    before = copy.deepcopy(DOC)
    apply_overlay(
        DOC,
        overlay(
            {"target": "$.info", "update": {"title": "x"}},
            {"target": "$.paths['/a']", "remove": True},
        ),
        "o",
    )
    assert DOC == before


def test_a_target_that_selects_nothing_is_an_error() -> None:
    with pytest.raises(SpecError) as info:
        apply_overlay(
            DOC,
            overlay(
                {"target": "$.info", "update": {}},
                {"target": "$.paths['/gone']", "remove": True},
            ),
            "fix.yaml",
            document="api.json",
        )
    assert str(info.value) == (
        "fix.yaml#/actions/1/target: $.paths['/gone'] selects nothing in api.json: the overlay no "
        "longer applies"
    )


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            {"target": "$.info.title", "update": {"a": 1}},
            "the target selects a str, not an object or array",
        ),
        (
            {"target": "$.info", "update": "text"},
            "the target is an object, so `update` must be an object",
        ),
        ({"target": "$", "remove": True}, "cannot remove the whole document"),
    ],
)
def test_impossible_actions_are_errors(action: dict[str, Any], message: str) -> None:
    with pytest.raises(SpecError) as info:
        apply_overlay(DOC, overlay(action), "o.yaml")
    assert (info.value.pointer, info.value.message) == ("/actions/0/target", message)


def test_every_problem_of_a_malformed_overlay_is_reported() -> None:
    bad = {
        "overlay": "2.0.0",
        "info": {"title": "t"},
        "extra": 1,
        "actions": [
            {"target": "$.paths[", "update": {}},
            {"target": "$.info"},
            {"target": "paths", "remove": "yes", "note": "x"},
        ],
    }
    with pytest.raises(SpecErrors) as info:
        apply_overlay(DOC, bad, "bad.yaml")
    found = [(p.pointer, p.message.split(":")[0]) for p in info.value.problems]
    assert found == [
        ("/overlay", "expected `overlay"),
        ("/info", "`info` must have a `title` and a `version`"),
        ("/extra", "unknown field 'extra'"),
        ("/actions/0/target", "invalid JSONPath '$.paths['"),
        ("/actions/1", "the action has neither `update` nor `remove"),
        ("/actions/2/note", "unknown field 'note'"),
        ("/actions/2/target", "invalid JSONPath 'paths'"),
        ("/actions/2/remove", "`remove` must be true or false"),
    ]


def test_overlay_files_are_read_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "fix.yaml"
    path.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    "
        "update: {title: Fixed}\n"
    )
    assert apply_overlay_files(DOC, [path])["info"]["title"] == "Fixed"


# -- the project's overlays ----------------------------------------------------------------------


def renamed_by_hand(doc: dict[str, Any]) -> dict[str, Any]:
    """The Profile API with the repairs profile-api.yaml should make, made in Python."""
    expected = copy.deepcopy(doc)
    old = expected["paths"]
    moves = {
        "/indexes/{id}": ("/indexes/{index-id}", ["index-id"]),
        "/indexes/{id}/profiles": ("/indexes/{index-id}/profiles", ["index-id"]),
        "/indexes/{id}/profiles/{id}": (
            "/indexes/{index-id}/profiles/{profile-id}",
            ["index-id", "profile-id"],
        ),
    }
    for path, (new_path, names) in moves.items():
        item = old.pop(path)
        params = [p for p in item["get"]["parameters"] if p.get("in") == "path"]
        for param, name in zip(params, names, strict=True):
            param["name"] = name
        old[new_path] = item
    for param in old["/indexes/{index-id}/profiles"]["get"]["parameters"]:
        if param.get("name") == "filter":
            param.pop("schema")
            param.update(
                style="deepObject",
                explode=True,
                schema={
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "example": {"first_name": "Daniel"},
                },
            )
    return expected


def test_the_profile_overlay_changes_only_the_path_names_and_the_filter() -> None:
    """Also the guard for its copied path items: an upstream change to them fails this test."""
    doc = published("openapi-profile-v2.json")
    result = apply_overlay_files(doc, [OVERLAYS / "profile-api.yaml"])
    assert result == renamed_by_hand(doc)
    assert list(result["paths"]) == [
        "/indexes",
        "/indexes/{index-id}",
        "/indexes/{index-id}/profiles",
        "/indexes/{index-id}/profiles/{profile-id}",
    ]


@pytest.mark.parametrize("name", CURRENT)
def test_the_server_overlay_writes_the_tenant_as_a_variable(name: str) -> None:
    doc = published(name)
    result = apply_overlay_files(doc, [OVERLAYS / "servers.yaml"])
    assert result["servers"][1]["url"] == "https://{tenant-id}.amperity.com/api"
    assert "tenant-id" in result["servers"][1]["variables"]
    result["servers"][1]["url"] = doc["servers"][1]["url"]
    assert result == doc


def test_an_overlay_that_no_longer_applies_is_noticed() -> None:
    fixed_upstream = apply_overlay_files(
        published("openapi-profile-v2.json"), [OVERLAYS / "profile-api.yaml"]
    )
    with pytest.raises(SpecError) as info:
        apply_overlay_files(fixed_upstream, [OVERLAYS / "profile-api.yaml"])
    assert info.value.pointer.startswith("/actions/") and info.value.pointer.endswith(
        "/target"
    )
    assert "the overlay no longer applies" in info.value.message


def test_an_optional_action_may_select_nothing() -> None:
    overlay = {
        "overlay": "1.0.0",
        "info": {"title": "t", "version": "1"},
        "actions": [
            {
                "target": "$.paths['/gone'].get",
                "x-optional": True,
                "update": {"operationId": "x"},
            },
            {"target": "$.info", "update": {"title": "renamed"}},
        ],
    }
    doc = {"openapi": "3.0.3", "info": {"title": "a", "version": "1"}, "paths": {}}
    assert apply_overlay(doc, overlay, "o.yaml")["info"]["title"] == "renamed"
    overlay["actions"][0].pop("x-optional")
    with pytest.raises(SpecError, match="selects nothing"):
        apply_overlay(doc, overlay, "o.yaml")

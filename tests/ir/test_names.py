import keyword

import pytest

from amperity_codegen.ir.names import pascal, snake, unique


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("list-workflows", "list_workflows"),
        ("Audit Events", "audit_events"),
        ("getHTTPCode", "get_http_code"),
        ("workflow-id", "workflow_id"),
        ("class", "class_"),
        ("match", "match_"),
        ("1st", "value_1st"),
        ("", "value"),
        ("__init__", "init"),
        ("Ünïcödé name", "unicode_name"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Audit Events", "AuditEvents"),
        ("workflow-list", "WorkflowList"),
        ("WorkflowListEnvelope", "WorkflowListEnvelope"),
        ("list", "List"),
        ("None", "None_"),
        ("3d", "Model3d"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert pascal(text) == expected


def test_names_are_identifiers_and_bounded() -> None:
    for text in ["a" * 300, "x" * 90 + "-y", "\u2028", "🙂", "a b c", "def"]:
        for name in (snake(text), pascal(text)):
            assert name.isidentifier() and not keyword.iskeyword(name)
            assert len(name) <= 81


def test_unique_suffixes_deterministically() -> None:
    assert unique("a", []) == "a"
    assert unique("a", ["a"]) == "a_2"
    assert unique("a", ["a", "a_2"]) == "a_3"

import keyword
from pathlib import Path

import pytest

from amperity_codegen.emit.format import format_source
from amperity_codegen.emit.imports import import_block
from amperity_codegen.ir.names import module_order, name_order, pascal, snake, unique
from tests.support.lint import ruff_findings


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


def test_imports_are_in_ruffs_order(tmp_path: Path) -> None:
    """Digits by value and case ignored, as ruff's isort sorts: the import blocks of a package
    with many numbered resources or models stay lint-clean."""
    modules = ["._b_r10", "._b_r2", "._B_r3", "._a", "._b_r1", "._ab", "._a_b"]
    names = ["Thing10", "Thing2", "thing3", "THINGS", "ThingA", "Thingb", "ThingC"]
    block = import_block([(m, n) for m in modules for n in names])
    assert block.splitlines()[:2] == [
        "from ._a import THINGS, Thing2, Thing10, ThingA, Thingb, ThingC, thing3",
        "from ._a_b import THINGS, Thing2, Thing10, ThingA, Thingb, ThingC, thing3",
    ]
    # A renamed import is a line of its own, where its name sorts.
    assert import_block(
        [("datetime", "datetime"), ("datetime", "date as d"), ("datetime", "time")]
    ).splitlines() == [
        "from datetime import date as d",
        "from datetime import datetime, time",
    ]
    assert sorted(modules, key=module_order)[-3:] == ["._b_r2", "._B_r3", "._b_r10"]
    assert sorted(names, key=name_order)[:3] == ["THINGS", "Thing2", "Thing10"]
    # Each module's names its own, so that ruff finds nothing but the order to judge.
    pairs = [(m, f"{n}_{m[2:].upper()}") for m in modules for n in names]
    pairs += [
        (m, f"{n} as Renamed{n}_{m[2:].upper()}")
        for m in modules
        for n in ("ABC", "Thing5")
    ]
    package = tmp_path / "pkg"
    package.mkdir()
    exported = [n.split(" as ")[-1] for _, n in pairs]
    source = f"{import_block(pairs)}\n\n__all__ = {exported}\n"
    (package / "__init__.py").write_text(format_source(source))
    assert ruff_findings(package) == ""

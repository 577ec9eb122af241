"""The IR's model classes (`Api.models`) are the classes datamodel-code-generator writes: names,
fields (wire and Python names), annotations and required-ness, read back from the generated
models of every real document, every published version and the general corpus."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from amperity_codegen.emit.models import render_models
from amperity_codegen.ir.model import Api, PyType
from amperity_codegen.release.diff import load_api
from amperity_codegen.workspace.sources import load_sources
from tests.support.documents import HISTORY, OPENAPI
from tests.support.project import ROOT

CURRENT = sorted(OPENAPI.glob("*.json"))
DOCUMENTS = [
    *CURRENT,
    *sorted(HISTORY.glob("*/*.json")),
    *sorted((ROOT / "tests" / "corpus" / "general").glob("*.yaml")),
]

Surface = dict[
    str, dict[str, tuple[str, str, bool]]
]  # class → py_name → (wire, annotation, required)


def _source(api: Api) -> str:
    """The generated model modules, one after the other."""
    return "\n".join(render_models(api, formatted=False).values())


def _generated(source: str) -> tuple[Surface, dict[str, str]]:
    """Each class's fields, its bases' included, and each RootModel's value annotation."""
    classes = {c.name: c for c in ast.parse(source).body if isinstance(c, ast.ClassDef)}
    roots: dict[str, str] = {}

    def fields(name: str) -> dict[str, tuple[str, str, bool]]:
        cls = classes[name]
        out: dict[str, tuple[str, str, bool]] = {}
        for base in cls.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                out.update(fields(base.id))
            if (
                isinstance(base, ast.Subscript)
                and ast.unparse(base.value) == "RootModel"
            ):
                roots[name] = ast.unparse(base.slice)
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                annotation = stmt.annotation
                alias = None
                if (
                    isinstance(annotation, ast.Subscript)
                    and ast.unparse(annotation.value) == "Annotated"
                ):
                    assert isinstance(annotation.slice, ast.Tuple)
                    metadata: ast.AST = annotation.slice.elts[1]
                    annotation = annotation.slice.elts[0]
                else:
                    metadata = ast.Tuple(elts=[])
                # The alias is in Annotated's Field(), or in `= Field(..., alias=...)`: how dcg
                # writes a discriminator's Literal in each subtype of an allOf hierarchy.
                for where in (metadata, stmt.value):
                    for node in ast.walk(where) if where is not None else ():
                        if isinstance(node, ast.keyword) and node.arg == "alias":
                            alias = ast.literal_eval(node.value)
                # Required: no value, or `Field(...)` (Ellipsis first: no default).
                required = stmt.value is None or (
                    isinstance(stmt.value, ast.Call)
                    and bool(stmt.value.args)
                    and isinstance(stmt.value.args[0], ast.Constant)
                    and stmt.value.args[0].value is Ellipsis
                )
                wire = alias or stmt.target.id
                out[stmt.target.id] = (wire, ast.unparse(annotation), required)
        return out

    surface = {name: fields(name) for name in classes}
    # A map or array schema is a type alias (`Labels: TypeAlias = dict[str, str]`): a root value.
    for stmt in ast.parse(source).body:
        if (
            isinstance(stmt, ast.AnnAssign)
            and isinstance(stmt.target, ast.Name)
            and ast.unparse(stmt.annotation) == "TypeAlias"
            and stmt.value is not None
        ):
            roots[stmt.target.id] = ast.unparse(stmt.value)
    for name in roots:
        surface[name] = {}
    return surface, roots


def _ir(api: Api) -> tuple[Surface, dict[str, str]]:
    surface = {
        m.name: {f.py_name: (f.name, str(f.type), f.required) for f in m.fields}
        for m in api.models
    }
    roots = {m.name: str(m.root) for m in api.models if m.root is not None}
    return surface, roots


@pytest.mark.parametrize(
    "document", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_the_ir_names_every_class_and_field_as_the_generated_models(
    document: Path,
) -> None:
    api = load_api(document, sources=load_sources(ROOT / "spec" / "sources.toml"))
    generated, generated_roots = _generated(_source(api))
    surface, roots = _ir(api)
    assert surface == generated
    assert roots == generated_roots


def test_the_corpus_exercises_inline_classes_inheritance_and_renamed_fields() -> None:
    """What the comparison above covers, so that it keeps covering it."""
    api = load_api(ROOT / "tests" / "corpus" / "general" / "schemas.yaml")
    models = {m.name: m for m in api.models}
    assert {"PetTag", "PetTagInner", "OwnerAddress"} <= models.keys()  # inline objects
    assert [f.name for f in models["Car"].fields] == [
        "kind",
        "wheels",
        "doors",
    ]  # allOf: inherited
    assert models["Shape"].root is not None and models["Shape"].root.name == "|"


def test_a_type_renamed_follows_its_classes_only() -> None:
    t = PyType("|", (PyType("list", (PyType("Task", model="Task"),)), PyType("None")))
    assert str(t) == "list[Task] | None"
    assert (
        str(t.renamed({"Task": "WorkflowTaskInstance", "list": "x"}))
        == "list[WorkflowTaskInstance] | None"
    )


def test_an_inline_array_item_is_named_as_the_generated_models(tmp_path: Path) -> None:
    """dcg names an array's inline item the singular of the array's name, by inflect (which
    has its quirks: `status` gives `Statu`), or that name + `Item` when it finds no plural.
    """

    def obj(**props: object) -> dict[str, object]:
        return {"type": "object", "properties": props or {"a": {"type": "string"}}}

    def arr(items: object) -> dict[str, object]:
        return {"type": "array", "items": items}

    order = {
        name: arr(obj())
        for name in ("lines", "tag", "data", "status", "children", "series", "user_ids")
    }
    schemas = {
        "Order": obj(
            **order,
            matrix=arr(arr(obj())),  # one singular for both levels: OrderMatrixItem
            nested=obj(lines=arr(obj())),
            either={"anyOf": [arr(obj()), {"type": "string"}]},
        ),
        "Rows": arr(obj(parts=arr(obj()))),  # a root value: RowsRow, RowsRowPart
        "Row": obj(),
    }
    document = tmp_path / "arrays.json"
    document.write_text(
        json.dumps(
            {
                "openapi": "3.0.3",
                "info": {"title": "Arrays", "version": "1"},
                "paths": {},
                "components": {"schemas": schemas},
            }
        )
    )
    api = load_api(document)
    generated, generated_roots = _generated(_source(api))
    surface, roots = _ir(api)
    assert {"OrderLine", "OrderTagItem", "OrderDatum", "RowsRowPart"} <= surface.keys()
    assert surface == generated
    assert roots == generated_roots

"""The models stage: the real documents' schemas and hostile ones, generated, imported,
type-checked."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import keyword
import shutil
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import black
import pytest
from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError

from amperity_codegen.emit import format as formatting
from amperity_codegen.emit.format import format_files, format_source
from amperity_codegen.emit.model_modules import split_models
from amperity_codegen.emit.models import HEADER, render_models
from amperity_codegen.errors import SpecError
from amperity_codegen.ir.model import Api

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "src" / "amperity_codegen" / "runtime"
OPENAPI = ROOT.parent / "shared" / "amperity" / "openapi"  # read in place, never copied
DOCUMENTS = {
    "stable": OPENAPI / "control-plane-2024-04-01-openapi.json",
    "unstable": OPENAPI / "control-plane-unstable-openapi.json",
    "profile": OPENAPI / "openapi-profile-v2.json",
}
PACKAGE = "gen_models_pkg"

DESCRIPTION = (
    "Ends \"\"\" here, ''' too, a \\ backslash, a \u2028 line separator, {{ jinja }} {% x %}\n"
    '"""; import os; os.system("x") #\n'
    "last line \\"
)
HOSTILE_NAMES = [
    "class", "from", "self", "model_config", "schema", "dict", "json", "1st", "a-b",
    "__init__", "fooBar", "foo_bar", "default", "list", "date",
]  # fmt: skip
REF = "#/components/schemas/"
SYNTHETIC: dict[str, Any] = {
    "Hostile": {
        "type": "object",
        "description": DESCRIPTION,
        "required": ["class", "1st", "default"],
        "properties": {
            **{
                name: {"type": "string", "description": DESCRIPTION}
                for name in HOSTILE_NAMES
            },
            # Uses the types that the fields `list` and `date` shadow inside the class.
            "tags": {"type": "array", "items": {"type": "string"}},
            "on": {"type": "string", "format": "date"},
        },
    },
    "Node": {
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {"type": "integer"},
            "children": {"type": "array", "items": {"$ref": REF + "Node"}},
            "parent": {"$ref": REF + "Node"},
        },
    },
    "Cat": {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["cat"]},
            "meows": {"type": "boolean"},
        },
    },
    "Dog": {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["dog"]},
            "barks": {"type": "boolean"},
        },
    },
    "Pet": {"oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}]},
    "NamedCat": {
        "allOf": [
            {"$ref": REF + "Cat"},
            {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "born": {"type": "string", "format": "date"},
                    "seen_at": {"type": "string", "format": "date-time"},
                },
            },
        ]
    },
    "Color": {
        "type": "string",
        "enum": ["red", "dark blue"],
        "description": DESCRIPTION,
    },
    "Owner": {
        "type": "object",
        "required": ["pet", "nickname", "alias"],
        "additionalProperties": False,
        "properties": {
            "pet": {"$ref": REF + "Pet"},
            "color": {"$ref": REF + "Color"},
            "mode": {"type": "string", "enum": ["full", "refresh"], "default": "full"},
            "nickname": {"type": "string", "nullable": True},  # OpenAPI 3.0
            "alias": {"type": ["string", "null"]},  # OpenAPI 3.1
            "address": {"type": "object", "properties": {"city": {"type": "string"}}},
            "scores": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
    "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "Counters": {
        "type": "object",
        "properties": {"total": {"type": "integer"}},
        "additionalProperties": {"type": "integer"},
    },
}


def _without_defaults(node: Any) -> Any:
    """What the IR builder hands over: the document's schemas without sample `default`s."""
    if isinstance(node, list):
        return [_without_defaults(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: (
            {name: _without_defaults(sub) for name, sub in value.items()}
            if key == "properties"
            else _without_defaults(value)
        )
        for key, value in node.items()
        if key != "default"
    }


def _schemas(source: str, *, keep_defaults: bool = False) -> dict[str, Any]:
    if source == "synthetic":
        return SYNTHETIC
    document = json.loads(DOCUMENTS[source].read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    return schemas if keep_defaults else _without_defaults(schemas)


def _api(schemas: dict[str, Any]) -> Api:
    return Api(
        title="Test API",
        version="2024-04-01",
        description="",
        package="amperity_test",
        servers=(),
        rate_limit=None,
        client_parameters=(),
        resources=(),
        schemas=schemas,
    )


def _source(files: dict[str, str]) -> str:
    """Every model module's text, one after the other."""
    return "\n".join(
        text for path, text in files.items() if path != "models/__init__.py"
    )


def _trees(files: dict[str, str]) -> dict[str, ast.Module]:
    return {
        path: ast.parse(text)
        for path, text in files.items()
        if path != "models/__init__.py"
    }


def _write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / PACKAGE
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "py.typed").write_text("", encoding="utf-8")
    for path, text in files.items():
        (package / path).write_text(text, encoding="utf-8")
    shutil.copytree(
        RUNTIME, package / "_runtime", ignore=shutil.ignore_patterns("__pycache__")
    )
    return package


@pytest.fixture
def load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[dict[str, str]], ModuleType]]:
    """Import generated files as `<package>/models/`, the way the package ships them."""

    def _load(files: dict[str, str]) -> ModuleType:
        _write_package(tmp_path, files)
        monkeypatch.syspath_prepend(str(tmp_path))
        return importlib.import_module(f"{PACKAGE}.models")

    yield _load
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module: pydantic and the runtime are analysed once, not per case."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.parametrize("source", [*DOCUMENTS, "synthetic"])
def test_models_pass_mypy_strict_beside_the_runtime(
    source: str, tmp_path: Path, mypy_cache: Path
) -> None:
    _write_package(tmp_path, render_models(_api(_schemas(source))))
    # The runtime is type-checked as what the models import; its own errors are its tests' job.
    command = ["--strict", "--follow-imports=silent", "--cache-dir", str(mypy_cache)]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", *command, "-p", f"{PACKAGE}.models"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("source", DOCUMENTS)
def test_each_schema_is_one_class_of_its_ir_name_on_the_runtime_base(
    source: str,
) -> None:
    schemas = _schemas(source)
    named = []
    for tree in _trees(render_models(_api(schemas))).values():
        # A map or array schema is a plain type alias (`Labels: TypeAlias = dict[str, str]`).
        named += [
            node.name if isinstance(node, ast.ClassDef) else ast.unparse(node.target)
            for node in tree.body
            if isinstance(node, ast.ClassDef)
            or (
                isinstance(node, ast.AnnAssign)
                and ast.unparse(node.annotation) == "TypeAlias"
            )
        ]
        for cls in [node for node in tree.body if isinstance(node, ast.ClassDef)]:
            (base,) = cls.bases
            is_root_model = (
                isinstance(base, ast.Subscript)
                and ast.unparse(base.value) == "RootModel"
            )
            assert is_root_model or ast.unparse(base) == "Model", cls.name
        imports = [
            n
            for n in tree.body
            if isinstance(n, ast.ImportFrom) and n.module == "_runtime"
        ]
        # The runtime's neutral Model (an Amperity document's models name it AmperityModel).
        assert [(n.level, [a.name for a in n.names]) for n in imports] in (
            [(2, ["Model"])],
            [],
        )
    assert sorted(named) == sorted(schemas)


def test_sample_defaults_never_become_python_defaults(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    # Fed the document as published, defaults and all: the stage must not rely on the IR builder.
    files = render_models(_api(_schemas("unstable", keep_defaults=True)))
    for sample in ("cg-123ABc4DE", "2026-10-01T00:00:00Z", "2026-10-07T00:00:00Z"):
        assert sample not in _source(files)
    run = load(files).WorkflowRunRequest
    assert run.model_fields["config_id"].is_required()
    for name in ("range_from", "range_to", "run_mode"):
        assert run.model_fields[name].default is None
    request = run.model_validate({"config_id": "cg-1"})
    assert request.model_dump(mode="json", by_alias=True, exclude_unset=True) == {
        "config_id": "cg-1"
    }


def test_required_stays_required_and_optional_is_none(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    models = load(render_models(_api(SYNTHETIC)))
    with pytest.raises(ValidationError) as error:
        models.Owner.model_validate({})
    assert {e["loc"][0] for e in error.value.errors() if e["type"] == "missing"} == {
        "pet",
        "nickname",
        "alias",
    }
    owner = models.Owner.model_validate(
        {"pet": {"kind": "cat"}, "nickname": None, "alias": None}
    )
    assert [owner.nickname, owner.alias, owner.mode, owner.color] == [None] * 4
    fields = models.Hostile.model_fields
    assert fields["default"].is_required() and fields["default"].alias is None
    assert fields["tags"].default is None and not fields["tags"].is_required()


def test_responses_keep_fields_they_do_not_know(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    # ErrorResponse and Owner say additionalProperties: false; real errors carry request_id.
    files = render_models(_api({**_schemas("stable"), **SYNTHETIC}))
    assert "extra=" not in _source(files)
    models = load(files)
    error = models.ErrorResponse.model_validate(
        {"status": 404, "message": "no", "request_id": "r-1", "trace_id": "t-1"}
    )
    assert error.model_extra == {"request_id": "r-1", "trace_id": "t-1"}
    owner = models.Owner.model_validate(
        {"pet": {"kind": "dog"}, "nickname": "a", "alias": "b", "new": 1}
    )
    assert owner.model_extra == {"new": 1}
    # Beside properties, typed additionalProperties are dropped: an unknown field is kept
    # whatever its type, as adding a response field is not a breaking change.
    counters = models.Counters.model_validate({"total": 1, "new": "text"})
    assert counters.model_extra == {"new": "text"}
    # A pure map (no properties) stays a typed mapping: a plain dict, not a root model.
    assert models.Labels == dict[str, str]
    assert TypeAdapter(models.Labels).validate_python({"a": "b"}) == {"a": "b"}
    with pytest.raises(ValidationError):
        TypeAdapter(models.Labels).validate_python({"a": 1})


def test_hostile_field_names_get_aliases_to_the_wire_name(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    hostile = load(render_models(_api(SYNTHETIC))).Hostile
    wire = {name: f"value of {name}" for name in HOSTILE_NAMES}
    obj = hostile.model_validate(wire)
    assert obj.model_dump(by_alias=True, exclude_unset=True) == wire
    attributes = {
        field.alias or name: name for name, field in hostile.model_fields.items()
    }
    # fooBar and foo_bar stay apart.
    assert len(set(attributes.values())) == len(attributes)
    for wire_name in HOSTILE_NAMES:
        attribute = attributes[wire_name]
        assert (
            attribute.isidentifier()
            and attribute.islower()
            and not keyword.iskeyword(attribute)
        )
        assert not hasattr(BaseModel, attribute), attribute
        assert getattr(obj, attribute) == f"value of {wire_name}"
    # Population by attribute name works too (Model: populate_by_name).
    by_attribute = {"class_": "c", "field_1st": "1", "default": "d"}
    assert hostile.model_validate(by_attribute).class_ == "c"


def test_descriptions_stay_text_whatever_they_contain(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    files = render_models(_api(SYNTHETIC))
    tree = ast.parse(_source(files))
    for statement in tree.body:
        is_rebuild = (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and ast.unparse(statement.value.func).endswith(".model_rebuild")
        )
        is_alias = (
            isinstance(statement, ast.AnnAssign)
            and ast.unparse(statement.annotation) == "TypeAlias"
        )
        assert (
            isinstance(statement, (ast.Import, ast.ImportFrom, ast.ClassDef))
            or is_rebuild
            or is_alias
        )
    called = {
        part
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for part in ast.unparse(node.func).split(".")
    }
    assert not called & {"os", "system", "eval", "exec", "__import__"}
    models = load(files)
    text = DESCRIPTION.strip()
    assert models.Hostile.model_fields["class_"].description == text
    # The description (wrapped to fit the line length: the same words, whatever they contain),
    # then the fields the runtime lists for help() (runtime/_models.py).
    assert (
        inspect.cleandoc(models.Hostile.__doc__).split("\n\nFields:\n")[0].split()
        == text.split()
    )
    assert models.Color.model_fields["root"].description == text


def test_dates_and_timestamps(load: Callable[[dict[str, str]], ModuleType]) -> None:
    cat = load(render_models(_api(SYNTHETIC))).NamedCat
    hints = typing.get_type_hints(cat)
    assert hints["born"] == date | None
    assert hints["seen_at"] == datetime | None
    # Partial timestamps (no offset, or a bare date) are read rather than refused.
    assert cat.model_validate(
        {"kind": "cat", "name": "n", "seen_at": "2026-10-01"}
    ).seen_at == datetime(2026, 10, 1)
    aware = cat.model_validate(
        {"kind": "cat", "name": "n", "seen_at": "2026-04-09T17:21:06.747Z"}
    )
    assert aware.seen_at == datetime(2026, 4, 9, 17, 21, 6, 747000, tzinfo=UTC)
    assert cat.model_validate(
        {"kind": "cat", "name": "n", "born": "2026-10-01"}
    ).born == date(2026, 10, 1)


def test_enums_are_literals(load: Callable[[dict[str, str]], ModuleType]) -> None:
    files = render_models(_api(_schemas("stable")))
    assert "Enum" not in _source(files)
    run = load(files).WorkflowRunRequest
    assert (
        typing.get_type_hints(run)["run_mode"]
        == typing.Literal["source", "refresh", "full"] | None
    )
    assert (
        run.model_validate({"config_id": "c", "run_mode": "refresh"}).run_mode
        == "refresh"
    )
    with pytest.raises(ValidationError):
        run.model_validate({"config_id": "c", "run_mode": "fast"})


def test_recursion_and_composition(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    models = load(render_models(_api(SYNTHETIC)))
    tree = models.Node.model_validate(
        {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}
    )
    assert tree.children[0].children[0].value == 3
    assert isinstance(models.Pet.model_validate({"kind": "dog"}).root, models.Dog)
    assert isinstance(models.Pet.model_validate({"kind": "cat"}).root, models.Cat)
    named = models.NamedCat.model_validate({"kind": "cat", "name": "Tom"})
    assert isinstance(named, models.Cat) and named.name == "Tom"
    # An inline object gets a class named after its parent; the IR names stay untouched.
    owner = models.Owner.model_validate(
        {
            "pet": {"kind": "cat"},
            "nickname": None,
            "alias": None,
            "address": {"city": "x"},
        }
    )
    assert type(owner.address).__name__ == "OwnerAddress"
    assert issubclass(models.Color, RootModel)


def test_output_is_deterministic_and_already_black() -> None:
    api = _api({**_schemas("unstable"), **SYNTHETIC})
    first = render_models(api)
    assert render_models(api) == first
    for path, text in first.items():
        assert black.format_str(text, mode=black.Mode()) == text
        # Only our header before the code: no dcg banner, version or timestamp.
        if path != "models/__init__.py":
            assert text.split("from __future__")[0] == HEADER + "\n\n"


def test_no_schemas_still_give_a_package(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    files = render_models(_api({}))
    assert list(files) == ["models/__init__.py"]
    models = load(files)
    assert (models.__name__, models.__all__) == (f"{PACKAGE}.models", [])


def test_a_class_name_the_generator_would_change_is_refused() -> None:
    # `Any` is taken by the typing import the untyped property needs: dcg would rename the class.
    schemas = {
        "Any": {"type": "object"},
        "Holder": {"type": "object", "properties": {"x": {}}},
    }
    with pytest.raises(SpecError, match="renamed") as error:
        render_models(_api(schemas))
    assert error.value.pointer == "/components/schemas/Any"


def test_a_reference_to_no_schema_is_refused() -> None:
    schemas = {
        "A": {"type": "object", "properties": {"b/c": {"$ref": REF + "Missing"}}}
    }
    with pytest.raises(SpecError, match="names no schema") as error:
        render_models(_api(schemas))
    assert error.value.pointer == "/components/schemas/A/properties/b~1c"


def test_models_formatted_in_pieces_are_what_black_makes_of_the_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Small pieces, so that the real models (hostile docstrings included) are cut many times.
    monkeypatch.setattr(formatting, "PIECE_CHARS", 1_500)
    monkeypatch.setattr(formatting, "_formatted", {})
    files = render_models(
        _api({**_schemas("stable"), **_schemas("unstable"), **SYNTHETIC}),
        formatted=False,
    )
    # The modules one after the other, as one module would hold them.
    source = "\n\n".join(
        text.replace("from __future__ import annotations\n", "")
        for path, text in files.items()
    )
    assert len(formatting._pieces(source)) > 5
    whole = black.format_str(
        source, mode=black.Mode(target_versions={black.TargetVersion.PY311})
    )
    assert format_files({"pkg/models.py": source}) == {"pkg/models.py": whole}


def test_each_model_is_loaded_with_only_the_models_it_refers_to(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    models = load(render_models(_api(SYNTHETIC)))
    module = models._MODULES  # class → its module

    def loaded() -> set[str]:
        prefix = f"{PACKAGE}.models."
        return {m.removeprefix(prefix) for m in sys.modules if m.startswith(prefix)}

    assert loaded() == set()
    # Owner names Pet (a union of Cat and Dog), Color and its inline OwnerAddress.
    owner = models.Owner.model_validate(
        {"pet": {"kind": "dog"}, "nickname": None, "alias": None, "color": "red"}
    )
    assert isinstance(owner.pet.root, models.Dog)
    assert loaded() == {
        module[n] for n in ("Owner", "Pet", "Cat", "Dog", "Color", "OwnerAddress")
    }
    # A class that refers to itself is rebuilt in its own module.
    assert models.Node.model_validate({"value": 1, "children": [{"value": 2}]})
    assert module["Node"] in loaded() and module["Hostile"] not in loaded()
    # Importing a class by name goes the same way; the module's names list every class.
    from gen_models_pkg.models import Hostile

    assert Hostile is models.Hostile and module["Hostile"] in loaded()
    assert set(models.__all__) == set(module) and set(models.__all__) <= set(
        dir(models)
    )
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        _ = models.Nothing


def test_classes_in_a_cycle_are_one_module_and_refer_across_modules(
    load: Callable[[dict[str, str]], ModuleType],
) -> None:
    schemas: dict[str, Any] = {
        "Parent": {"type": "object", "properties": {"child": {"$ref": REF + "Child"}}},
        "Child": {
            "type": "object",
            "properties": {
                "parent": {"$ref": REF + "Parent"},
                "tags": {"$ref": REF + "Tags"},
            },
        },
        "Tags": {"type": "array", "items": {"$ref": REF + "Tag"}},
        "Tag": {"type": "object", "properties": {"name": {"type": "string"}}},
        "Family": {"type": "object", "properties": {"head": {"$ref": REF + "Parent"}}},
    }
    files = render_models(_api(schemas))
    assert sorted(files) == [
        "models/__init__.py",
        "models/_child.py",
        "models/_family.py",
        "models/_tag.py",
        "models/_tags.py",
    ]
    family = load(files).Family.model_validate(
        {"head": {"child": {"parent": {}, "tags": [{"name": "a"}]}}}
    )
    assert family.head.child.tags[0].name == "a"
    assert type(family.head.child.parent).__name__ == "Parent"
    # help() names another module's model as the package exports it.
    assert "head: Parent | None" in (type(family).__doc__ or "")


def test_modules_follow_the_code_dcg_wrote() -> None:
    """One module per cycle of classes, found in the code itself (however long the cycle: no
    recursion limit), named after its first class, never twice, nor as models/__init__.py's
    own names."""
    chain = [
        f"class Link{i}(Model):\n    next: Link{i + 1} | None = None"
        for i in range(3000)
    ]
    chain.append("class Link3000(Model):\n    first: Link0 | None = None")
    long = "Very" * 20  # a module named after it fits models/__init__.py's lines
    classes = [
        f"class {long}(Model):\n    pass",
        f"class {long}2(Model):\n    pass",
        "class HTTPCode(Model):\n    code: int",
        "class HttpCode(RootModel[list[HTTPCode]]):\n    root: list[HTTPCode]",
        "class ImportModule(Model):\n    pass",
        *chain,
    ]
    source = "\n\n\n".join(
        [
            f"{HEADER}\n\nfrom __future__ import annotations",
            "from pydantic import RootModel\n\nfrom .._runtime import Model",
            *classes,
            "Link0.model_rebuild()",
        ]
    )
    files = split_models(source, HEADER, "pkg")
    stem = "_very" * 14
    assert sorted(files) == [
        "models/__init__.py",
        "models/_http_code.py",
        "models/_http_code_2.py",
        "models/_import_module_2.py",
        "models/_link0.py",
        f"models/{stem}.py",
        f"models/{stem}_2.py",
    ]
    assert "from ._http_code import HTTPCode\n" in files["models/_http_code_2.py"]
    assert files["models/_link0.py"].endswith("\n\n\nLink0.model_rebuild()\n")
    assert "pydantic" not in files["models/_link0.py"]
    assert max(map(len, format_source(files["models/__init__.py"]).splitlines())) <= 100
    # Anything but a class, an alias or a rebuild belongs to no module: refused, not guessed.
    with pytest.raises(SpecError, match="'LIMIT = 1', which is no model"):
        split_models(source + "\n\nLIMIT = 1\n", HEADER, "pkg")

"""What every corpus package must be: type-checked, each file its own, cheap to import."""

from __future__ import annotations

import subprocess
import sys

from tests.general.conftest import Generated
from tests.support.lint import ruff_findings
from tests.support.typecheck import mypy_findings


def test_every_package_passes_mypy_strict(corpus: dict[str, Generated]) -> None:
    projects = [g.project for g in corpus.values()]
    assert mypy_findings(projects, [g.api.package for g in corpus.values()]) == ""


def test_every_package_passes_ruff(corpus: dict[str, Generated]) -> None:
    assert ruff_findings(*(g.project for g in corpus.values())) == ""


def test_no_file_overwrites_another(corpus: dict[str, Generated]) -> None:
    for g in corpus.values():
        folder = g.project / g.api.package / "resources"
        modules = [f"{r.py_name}.py" for r in g.api.resources]
        assert len(set(modules)) == len(modules)
        assert sorted(p.name for p in folder.glob("*.py")) == sorted(
            [*modules, "__init__.py"]
        )
        # Every resource is reachable with its own operations.
        client_type = g.sync
        for r in g.api.resources:
            resource_type = getattr(g.package.resources, r.class_name)
            assert [op.py_name for op in r.operations] == [
                name for name in vars(resource_type) if not name.startswith("_")
            ], r.tag
            assert r.py_name in vars(client_type)


def test_models_and_resources_load_when_first_used(
    corpus: dict[str, Generated],
) -> None:
    g = corpus["names"]
    package = g.api.package
    script = f"""
import sys
sys.path.insert(0, {str(g.project)!r})
import {package}
loaded = lambda: sorted(m for m in sys.modules if m.startswith("{package}.") and "_runtime" not in
m)
print(loaded())
client = {package}.{g.api.vendor.client_class}()
client.resource_9lives
print(loaded())
{package}.models
print(loaded())
"""
    result = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, check=True
    )
    first, resource, models = result.stdout.splitlines()
    assert first == str([f"{package}._client", f"{package}.errors"])
    # Its operations take and return no model: its module does not import them.
    assert resource == str(
        [
            f"{package}._client",
            f"{package}.errors",
            f"{package}.resources",
            f"{package}.resources.resource_9lives",
        ]
    )
    assert models == str(
        [
            f"{package}._client",
            f"{package}.errors",
            f"{package}.models",
            f"{package}.resources",
            f"{package}.resources.resource_9lives",
        ]
    )


def test_no_generated_name_variable_or_link_says_amperity(
    corpus: dict[str, Generated],
) -> None:
    """Vendor neutrality: a document that is not Amperity's gets neutral names throughout."""
    for g in corpus.values():
        if g.api.has_tenant:
            continue
        assert (g.api.vendor.client_class, g.api.vendor.async_client_class) == (
            "Client",
            "AsyncClient",
        )
        for path in sorted(g.project.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".md", ".toml"):
                text = path.read_text(encoding="utf-8").replace("amperity-codegen", "")
                assert (
                    "amperity" not in text.lower()
                ), f"{path.relative_to(g.project)} says Amperity"
        errors = g.package.errors
        assert issubclass(errors.NotFoundError, errors.Error) and not hasattr(
            errors, "AmperityError"
        )
        assert issubclass(g.package.APIDeprecationWarning, DeprecationWarning)
        assert g.sync._env_prefix == g.api.package.upper() and g.sync._docs_url is None


def test_a_document_without_operations(corpus: dict[str, Generated]) -> None:
    """Models and a client with no resources (ruff and mypy see it with the others)."""
    g = corpus["no_operations"]
    assert g.api.resources == () and g.package.resources.__all__ == []
    assert g.package.models.Pet(id=1, name="Rex").name == "Rex"
    assert g.sync(base_url="https://pets.example").base_url == "https://pets.example"

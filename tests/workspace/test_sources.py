"""spec/sources.toml: the project's own file, and clear errors for a malformed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from amperity_codegen.errors import SpecError, SpecErrors
from amperity_codegen.workspace.sources import Source, load_sources
from tests.support.project import WORKSPACE

ENTRY = """
[[source]]
name = "amperity-api"
url = "https://docs.amperity.com/downloads/openapi/control-plane-2024-04-01-openapi.json"
file = "control-plane-2024-04-01-openapi.json"
package = "amperity_api"
api = "Amperity API"
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "overlays").mkdir(exist_ok=True)
    (tmp_path / "overlays" / "fix.yaml").write_text("overlay: 1.0.0\n")
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(SpecError) as info:
        load_sources(path)
    found = info.value.problems if isinstance(info.value, SpecErrors) else (info.value,)
    assert all(p.document == str(path) for p in found)
    return [(p.pointer, p.message) for p in found]


def test_the_project_sources() -> None:
    sources = load_sources(WORKSPACE.sources)
    assert WORKSPACE.sources == WORKSPACE.root / "spec" / "sources.toml"
    assert [(s.name, s.package, s.api, s.rate_limit) for s in sources] == [
        ("amperity-api", "amperity_api", "Amperity API", 10.0),
        ("amperity-api-unstable", "amperity_api_unstable", "Amperity API", 10.0),
        ("amperity-profile-api", "amperity_profile_api", "Profile API", 2000.0),
        ("amperity-realtime-api", "amperity_realtime_api", "Real-time API", None),
    ]
    published, realtime = sources[:3], sources[3]
    assert [s.file for s in published] == [
        "control-plane-2024-04-01-openapi.json",
        "control-plane-unstable-openapi.json",
        "openapi-profile-v2.json",
    ]
    assert all(
        s.url == f"https://docs.amperity.com/downloads/openapi/{s.file}"
        for s in published
    )
    assert all(
        list(s.client_parameters.items())
        == [
            ("amperity-tenant", "tenant"),
            ("api-version", "version"),
            ("api_version", "version"),
        ]
        for s in published
    )
    assert [[o.name for o in s.overlays] for s in sources] == [
        ["servers.yaml", "control-plane-names.yaml"],
        [
            "servers.yaml",
            "control-plane-names.yaml",
            "control-plane-unstable-names.yaml",
        ],
        ["profile-api.yaml", "servers.yaml"],
        [],
    ]
    # The Real-time API's document is written in the project, kept equal to its pages; it needs
    # no api-version header.
    assert (realtime.url, realtime.file) == ("", "realtime-api.yaml")
    assert realtime.authored == WORKSPACE.spec / "authored" / "realtime-api.yaml"
    assert realtime.pages == WORKSPACE.root.parent / "shared" / "amperity" / "docs"
    assert dict(realtime.client_parameters) == {"amperity-tenant": "tenant"}
    assert all(s.authored is None and s.pages is None for s in published)
    assert all(o.is_file() and o.is_absolute() for s in sources for o in s.overlays)


def test_optional_fields_have_defaults(tmp_path: Path) -> None:
    [source] = load_sources(write(tmp_path, ENTRY))
    assert source == Source(
        name="amperity-api",
        url="https://docs.amperity.com/downloads/openapi/control-plane-2024-04-01-openapi.json",
        file="control-plane-2024-04-01-openapi.json",
        package="amperity_api",
        api="Amperity API",
    )
    assert (source.overlays, source.rate_limit, dict(source.client_parameters)) == (
        (),
        None,
        {},
    )


def test_overlays_are_relative_to_the_file(tmp_path: Path) -> None:
    [source] = load_sources(
        write(tmp_path, ENTRY + 'overlays = ["overlays/fix.yaml"]\nrate_limit = 5\n')
    )
    assert source.overlays == (tmp_path / "overlays" / "fix.yaml",)
    assert source.rate_limit == 5.0


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    [(where, message)] = problems(write(tmp_path, ENTRY + "rate_limit = \n"))
    assert where == "" and message.startswith("invalid TOML") and "line 8" in message


def test_a_missing_file_is_a_spec_error(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.toml") == [("", "no such file")]


def test_every_problem_is_reported_with_its_field(tmp_path: Path) -> None:
    text = """
[[source]]
name = "a"
url = "ftp://example.com/a.json"
file = "../a.json"
package = "Not-A-Package"
api = "A"
overlays = ["overlays/missing.yaml", "/abs.yaml"]
rate_limit = -1
client_parameters = { "amperity-tenant" = "tenant", "x" = "user" }
colour = "blue"

[[source]]
name = "b"
file = "b.json"
package = "b"
api = ""

[other]
key = 1
"""
    assert problems(write(tmp_path, text)) == [
        ("/other", "unknown table 'other': expected [[source]]"),
        ("/source/0/colour", "unknown field 'colour'"),
        ("/source/0/url", "must be an http(s) URL"),
        ("/source/0/file", "must be a file name, without folders"),
        ("/source/0/package", "must be a lower-case Python package name"),
        ("/source/0/overlays", f"'overlays/missing.yaml': no such file in {tmp_path}"),
        ("/source/0/overlays", f"'/abs.yaml' must be relative to {tmp_path}"),
        ("/source/0/rate_limit", "must be a positive number (requests per second)"),
        ("/source/0/client_parameters", "'x': role must be one of tenant, version"),
        ("/source/1/url", "missing"),
        ("/source/1/api", "must be a non-empty string"),
    ]


def test_names_files_and_packages_are_unique(tmp_path: Path) -> None:
    assert problems(write(tmp_path, ENTRY + ENTRY)) == [
        ("/source/1/name", "name 'amperity-api' is used twice"),
        (
            "/source/1/file",
            "file 'control-plane-2024-04-01-openapi.json' is used twice",
        ),
        ("/source/1/package", "package 'amperity_api' is used twice"),
    ]


def test_source_must_be_an_array_of_tables(tmp_path: Path) -> None:
    assert problems(write(tmp_path, 'source = "x"\n')) == [
        ("/source", "`source` must be an array of tables, [[source]]")
    ]


def test_a_license_per_source_proprietary_by_default(tmp_path: Path) -> None:
    assert all(
        s.license == "LicenseRef-Proprietary" for s in load_sources(WORKSPACE.sources)
    )
    [source] = load_sources(write(tmp_path, ENTRY + 'license = "mit OR apache-2.0"\n'))
    assert source.license == "MIT OR Apache-2.0"  # canonical SPDX
    assert problems(write(tmp_path, ENTRY + 'license = "not a license"\n')) == [
        (
            "/source/0/license",
            'must be an SPDX license expression, e.g. "MIT" or "LicenseRef-Proprietary"',
        )
    ]


AUTHORED = """
[[source]]
name = "realtime"
authored = "authored/realtime.yaml"
pages = "docs"
package = "realtime"
api = "Real-time API"
"""


def test_an_authored_source_names_its_document_and_pages(tmp_path: Path) -> None:
    (tmp_path / "authored").mkdir()
    (tmp_path / "authored" / "realtime.yaml").write_text("openapi: 3.1.0\n")
    (tmp_path / "docs").mkdir()
    [source] = load_sources(write(tmp_path, AUTHORED))
    assert (source.authored, source.pages) == (
        tmp_path / "authored" / "realtime.yaml",
        tmp_path / "docs",
    )
    assert (source.url, source.file) == ("", "realtime.yaml")


def test_an_authored_source_is_checked_field_by_field(tmp_path: Path) -> None:
    text = AUTHORED.replace('pages = "docs"', 'url = "https://example.com/a.json"') + (
        '\n[[source]]\nname = "b"\nauthored = "/abs.yaml"\npages = "nowhere"\npackage = "b"\napi '
        '= "B"\n'
    )
    assert problems(write(tmp_path, text)) == [
        ("/source/0/url", "only for a published document"),
        ("/source/0/pages", "missing"),
        ("/source/1/authored", f"'/abs.yaml' must be relative to {tmp_path}"),
        ("/source/1/pages", f"'nowhere': no such folder in {tmp_path}"),
    ]

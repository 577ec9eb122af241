"""Loading documents from files and URLs, and checking their references."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

from amperity_codegen.document import load_yaml
from amperity_codegen.document.load import download, load_document, parse_document
from amperity_codegen.document.tree import check_refs
from amperity_codegen.errors import SpecError, SpecErrors
from tests.support.tenant_server import Delay, Reply, TenantServer

MIRROR = Path(__file__).resolve().parents[3] / "shared" / "amperity" / "openapi"


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer(require_auth=False, prefix="/downloads") as s:
        yield s


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(call: object, *args: object, **kwargs: object) -> SpecError:
    assert callable(call)
    with pytest.raises(SpecError) as info:
        call(*args, **kwargs)
    return info.value


# -- files -------------------------------------------------------------------------------------


def test_loads_a_published_json_document() -> None:
    doc = load_document(MIRROR / "control-plane-2024-04-01-openapi.json")
    assert doc["openapi"] == "3.0.3"
    assert doc["info"]["version"] == "2024-04-01"


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test with each YAML parser: libyaml's (the default, fast) and the pure-Python one
    (where PyYAML is built without libyaml); they must read and refuse alike."""
    if request.param == "python":
        monkeypatch.setattr(load_yaml, "_Loader", load_yaml._JsonModelLoader)
    return str(request.param)


def test_yaml_is_read_by_libyaml_where_pyyaml_has_it(yaml_parser: str) -> None:
    assert yaml.__with_libyaml__  # as pinned: the wheels include it
    assert issubclass(
        load_yaml._Loader,
        yaml.CSafeLoader if yaml_parser == "libyaml" else yaml.parser.Parser,
    )


def test_loads_yaml_keeping_json_types(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "api.yaml",
        "info:\n  version: 2024-04-01\nresponses:\n  200: {description: ok}\n",
    )
    doc = load_document(path)
    # A YAML date and a numeric key are still the strings the document means.
    assert doc == {
        "info": {"version": "2024-04-01"},
        "responses": {"200": {"description": "ok"}},
    }


def test_yaml_scalars_follow_yaml_1_2() -> None:
    text = (
        b"words: [yes, no, on, off]\ntime: 12:30\n"
        b"ints: [012, 0o17, 0x1F, -3]\nfloats: [1.5e3, .5]\n"
        b"flags: [true, False]\nnone: [~, null]\nspecial: [.inf, .nan]\n"
    )
    assert parse_document(text, "t.yaml") == {
        "words": ["yes", "no", "on", "off"],
        "time": "12:30",
        "ints": [12, 15, 31, -3],
        "floats": [1500.0, 0.5],
        "flags": [True, False],
        "none": [None, None],
        "special": [".inf", ".nan"],
    }


def test_a_file_without_a_suffix_is_recognised_by_its_content(tmp_path: Path) -> None:
    assert load_document(write(tmp_path, "doc", '{"a": [1]}')) == {"a": [1]}
    assert load_document(write(tmp_path, "doc2", "a: [1]")) == {"a": [1]}


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    err = error_of(
        load_document, write(tmp_path, "bad.json", '{\n  "a": 1,\n  "b" 2\n}')
    )
    assert err.document.endswith("bad.json") and err.pointer == ""
    assert "invalid JSON at line 3" in err.message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    err = error_of(load_document, write(tmp_path, "bad.yaml", "a: 1\nb: [1, 2\nc: 3\n"))
    assert "invalid YAML at line" in err.message


@pytest.mark.parametrize(
    ("text", "found"), [("[1, 2]", "a list"), ('"text"', "a str"), ("", "nothing")]
)
def test_the_top_level_must_be_an_object(tmp_path: Path, text: str, found: str) -> None:
    err = error_of(load_document, write(tmp_path, "doc.yaml", text))
    assert err.pointer == ""
    assert err.message == f"the document must be an object, found {found}"


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    assert (
        "duplicate key 'a'"
        in error_of(
            load_document, write(tmp_path, "d.json", '{"a": 1, "a": 2}')
        ).message
    )
    err = error_of(load_document, write(tmp_path, "d.yaml", "p:\n  a: 1\n  a: 2\n"))
    assert (
        err.pointer == "/p"
        and "line 3" in err.message
        and "duplicate key 'a'" in err.message
    )


def test_a_missing_file_is_a_spec_error(tmp_path: Path) -> None:
    err = error_of(load_document, tmp_path / "nope.json")
    assert err.message == "no such file"


def test_file_size_is_capped(tmp_path: Path) -> None:
    path = write(tmp_path, "big.json", json.dumps({"a": "x" * 200}))
    assert "byte limit" in error_of(load_document, path, max_bytes=100).message
    assert load_document(path, max_bytes=1000)["a"] == "x" * 200


def test_other_url_schemes_are_refused() -> None:
    err = error_of(load_document, "file:///etc/passwd")
    assert "unsupported URL scheme 'file'" in err.message


# -- YAML safety ------------------------------------------------------------------------------


BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def test_an_alias_bomb_is_refused_before_it_is_expanded() -> None:
    err = error_of(parse_document, BILLION_LAUGHS.encode(), "bomb.yaml")
    assert "aliases expand the document past" in err.message


def test_the_alias_cap_is_configurable() -> None:
    text = b"a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert parse_document(text, "t.yaml")["b"] == [[1, 2, 3]] * 3
    assert (
        "past 10 values"
        in error_of(parse_document, text, "t.yaml", max_yaml_nodes=10).message
    )


def test_a_recursive_alias_is_refused() -> None:
    err = error_of(parse_document, b"a: &x [1, *x]\n", "r.yaml")
    assert "an alias refers to a node that contains it" in err.message


def test_aliases_become_independent_copies() -> None:
    doc = parse_document(b"base: &b {type: string}\none: *b\ntwo: *b\n", "t.yaml")
    doc["one"]["type"] = "integer"
    assert doc["two"] == {"type": "string"}


@pytest.mark.parametrize(
    "text",
    [
        b"a: !!binary aGVsbG8=\n",
        b"a: !!python/object:os.system {}\n",
        b"a: !custom 1\n",
    ],
)
def test_tags_outside_json_are_refused(text: bytes) -> None:
    err = error_of(parse_document, text, "t.yaml")
    assert err.pointer == "/a" and "no JSON equivalent" in err.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    assert (
        error_of(parse_document, b"[" * 100_000, "deep.json").message
        == "nested too deeply"
    )


# -- URLs --------------------------------------------------------------------------------------


def test_loads_a_document_from_a_url(server: TenantServer) -> None:
    body = (MIRROR / "openapi-profile-v2.json").read_bytes()
    server.route(
        "GET",
        "/openapi-profile-v2.json",
        Reply(200, body, {"Content-Type": "application/json"}),
    )
    doc = load_document(server.base_url + "/openapi-profile-v2.json")
    assert doc["info"]["title"] == "Amperity Profile API"


def test_loads_yaml_from_a_url(server: TenantServer) -> None:
    server.route(
        "GET", "/api.yaml", Reply(200, b"openapi: 3.0.3\ninfo: {version: 2024-04-01}\n")
    )
    assert (
        load_document(server.base_url + "/api.yaml")["info"]["version"] == "2024-04-01"
    )


def test_a_404_is_a_spec_error(server: TenantServer) -> None:
    url = server.base_url + "/missing.json"
    err = error_of(load_document, url)
    assert err.document == url
    assert err.message == "download failed: HTTP 404 Not Found"


def test_a_body_declared_too_large_is_refused(server: TenantServer) -> None:
    server.route("GET", "/big.json", Reply(200, b'{"a": "' + b"x" * 5000 + b'"}'))
    err = error_of(download, server.base_url + "/big.json", max_bytes=1000)
    assert "larger than the 1000 byte limit" in err.message


def test_a_body_that_decompresses_too_large_is_refused(server: TenantServer) -> None:
    bomb = gzip.compress(b"{" + b" " * 100_000 + b"}")
    assert len(bomb) < 1000
    server.route("GET", "/bomb.json", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    err = error_of(download, server.base_url + "/bomb.json", max_bytes=10_000)
    assert err.message == "larger than the 10000 byte limit"


def test_redirects_are_followed_up_to_a_limit(server: TenantServer) -> None:
    server.route("GET", "/doc.json", Reply(200, b'{"ok": true}'))
    server.route(
        "GET",
        "/moved.json",
        Reply(302, b"", {"Location": server.base_url + "/doc.json"}),
    )
    assert load_document(server.base_url + "/moved.json") == {"ok": True}
    server.route(
        "GET",
        "/loop.json",
        Reply(302, b"", {"Location": server.base_url + "/loop.json"}),
    )
    err = error_of(load_document, server.base_url + "/loop.json")
    assert err.message == "download failed: more than 5 redirects"


def test_a_slow_server_times_out(server: TenantServer) -> None:
    server.route("GET", "/slow.json", Reply(200, b"{}"))
    server.fail("GET", "/slow.json", Delay(1.0))
    err = error_of(download, server.base_url + "/slow.json", timeout=0.1)
    assert err.message == "download failed: timed out"


def test_an_unreachable_host_is_a_spec_error(server: TenantServer) -> None:
    url = server.base_url + "/doc.json"
    server.stop()
    assert error_of(load_document, url).message.startswith("download failed:")


# -- references --------------------------------------------------------------------------------


def doc_with(schemas: dict[str, object], **extra: object) -> dict[str, object]:
    return {"openapi": "3.0.3", "components": {"schemas": schemas}, **extra}


def test_internal_references_that_resolve_pass() -> None:
    doc = doc_with(
        {"A": {"type": "string"}, "B": {"$ref": "#/components/schemas/A"}},
        paths={"/a/{id}": {"get": {"x-self": {"$ref": "#/paths/~1a~1%7Bid%7D/get"}}}},
        other={"$ref": "#/paths/~1a~1{id}/get"},
    )
    check_refs(doc, "doc.json")


def test_recursive_schemas_are_allowed() -> None:
    node = {
        "type": "object",
        "properties": {
            "children": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Node"},
            }
        },
    }
    check_refs(doc_with({"Node": node}), "doc.json")


def test_a_reference_that_does_not_resolve_is_located() -> None:
    doc = doc_with(
        {"A": {"properties": {"b": {"$ref": "#/components/schemas/Missing"}}}}
    )
    err = error_of(check_refs, doc, "doc.json")
    assert err.pointer == "/components/schemas/A/properties/b/$ref"
    assert "does not resolve" in err.message


@pytest.mark.parametrize(
    "ref",
    [
        "other.yaml#/components/schemas/A",
        "https://example.com/s.json#/A",
        "file:///etc/passwd",
        "A.json",
    ],
)
def test_references_outside_the_document_are_refused(ref: str) -> None:
    err = error_of(check_refs, doc_with({"A": {"$ref": ref}}), "doc.json")
    assert err.pointer == "/components/schemas/A/$ref"
    assert "refers outside the document" in err.message


def test_a_chain_of_references_that_loops_is_refused() -> None:
    doc = doc_with(
        {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/A"},
        }
    )
    err = error_of(check_refs, doc, "doc.json")
    assert "circular chain" in err.message


def test_every_bad_reference_is_reported() -> None:
    doc = doc_with({"A": {"$ref": "#/nowhere"}, "B": {"$ref": "http://x/y"}})
    with pytest.raises(SpecErrors) as info:
        check_refs(doc, "doc.json")
    assert [p.pointer for p in info.value.problems] == [
        "/components/schemas/A/$ref",
        "/components/schemas/B/$ref",
    ]


def test_literal_examples_are_not_references() -> None:
    check_refs(
        doc_with(
            {
                "A": {
                    "example": {"$ref": "http://not/a/reference"},
                    "x-note": {"$ref": "x"},
                }
            }
        ),
        "d",
    )


def test_example_objects_values_are_data_but_their_references_are_checked() -> None:
    data = {"$ref": "https://api.github.com/hooks/1"}
    media = {
        "examples": {"a": {"value": [data]}, "b": {"$ref": "#/components/examples/e"}}
    }
    doc = doc_with(
        {"A": {"examples": [data], "properties": {"examples": {"$ref": "#/nowhere"}}}},
        paths={
            "/a": {
                "get": {"responses": {"200": {"content": {"application/json": media}}}}
            }
        },
    )
    doc["components"]["examples"] = {"e": {"value": data}}  # type: ignore[index]
    err = error_of(check_refs, doc, "doc.json")  # only the property named `examples`
    assert err.pointer == "/components/schemas/A/properties/examples/$ref"
    media["examples"]["b"] = {"$ref": "#/components/examples/missing"}
    doc["components"]["schemas"] = {}  # type: ignore[index]
    err = error_of(
        check_refs, doc, "doc.json"
    )  # an Example Object's own reference must resolve
    assert (
        err.pointer
        == "/paths/~1a/get/responses/200/content/application~1json/examples/b/$ref"
    )


def test_every_published_document_has_sound_references() -> None:
    for path in sorted(MIRROR.rglob("*.json")):
        check_refs(load_document(path), str(path))

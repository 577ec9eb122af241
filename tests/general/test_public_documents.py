"""The ways well-known public documents failed to generate (issue 18), each a corpus document,
its client called over HTTP."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from tests.general.conftest import (
    Generated,
    assert_every_operation_called,
    serve_every_operation,
)
from tests.support.tenant_server import RecordedRequest, Reply, TenantServer


def _last(server: TenantServer) -> RecordedRequest:
    return server.requests[-1]


def test_refs_in_example_data_are_data(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["examples"]
    serve_every_operation(g, server)
    server.route(
        "GET", "/hooks", Reply.json([{"id": 1, "config": {"$ref": "https://x/1"}}])
    )
    server.route("POST", "/hooks", Reply.json({"id": 3}, 201))
    client = g.client(server)
    hooks = client.hooks.list_hooks()
    assert (hooks[0].id, hooks[0].config) == (1, {"$ref": "https://x/1"})
    assert client.hooks.create_hook(id=3, config={"$ref": "y"}).id == 3
    assert _last(server).json() == {"id": 3, "config": {"$ref": "y"}}
    assert_every_operation_called(g, server)


def test_formats_need_no_other_package(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["formats"]
    # The package declares httpx and pydantic only: email-validator must not be needed.
    pyproject = (g.project / "pyproject.toml").read_text()
    assert "email" not in pyproject
    script = (
        "import sys; sys.modules['email_validator'] = None; "
        f"sys.path.insert(0, {str(g.project)!r}); import {g.api.package} as p; "
        "print(p.models.User(email='not checked', secret='s').email)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True
    )
    assert result.stdout == "not checked\n", result.stderr
    serve_every_operation(g, server)
    user = {
        "email": "a@example.com",
        "secret": "s3cret",
        "home": "https://example.com/a",
        "ip": "10.0.0.1",
    }
    server.route("POST", "/users", Reply.json(user, 201))
    client = g.client(server)
    got = client.users.create_user(
        email="a@example.com",
        secret="s3cret",
        ip="10.0.0.1",
        role="admin",
        notify="b@example.com",
    )
    # A `password` is sent as given, not masked as pydantic's SecretStr would dump it.
    assert _last(server).json() == {
        "email": "a@example.com",
        "secret": "s3cret",
        "ip": "10.0.0.1",
        "role": "admin",
    }
    assert _last(server).query == [("notify", "b@example.com")]
    assert (got.email, got.secret, str(got.home), str(got.ip)) == (
        "a@example.com",
        "s3cret",
        "https://example.com/a",
        "10.0.0.1",
    )
    assert_every_operation_called(g, server)


def test_discriminator_over_allof(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["discriminator_allof"]
    models = g.package.models
    serve_every_operation(g, server)
    pets = [
        {"petType": "Cat", "name": "Tom", "new": 1},
        {"petType": "dog", "bark": "woof"},
        {"petType": "Lizard"},
    ]
    server.route("GET", "/pets", Reply.json(pets))
    server.route("POST", "/dogs", Reply.json({"petType": "dog", "bark": "loud"}, 201))
    client = g.client(server)
    got = [p.root for p in client.pets.list_pets()]
    assert [type(p) for p in got] == [models.Cat, models.Dog, models.Lizard]
    assert (got[0].name, got[1].bark, got[0].model_extra) == ("Tom", "woof", {"new": 1})
    client.pets.add_pet(body=models.AnyPet(models.Cat(petType="Cat", name="Tom")))
    assert _last(server).json() == {"petType": "Cat", "name": "Tom"}
    assert (
        client.pets.add_dog(body=models.Dog(petType="dog", bark="loud")).bark == "loud"
    )
    assert _last(server).json() == {"petType": "dog", "bark": "loud"}
    with pytest.raises(ValueError, match="petType"):
        models.Dog(petType="Cat")  # the mapping's value, not the class name
    assert_every_operation_called(g, server)


def test_swagger2_not_nullable_optional_fields(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["swagger2_nullable"]
    serve_every_operation(g, server)
    server.route("GET", "/items/{id}", Reply.json({"id": "i1"}))
    client = g.client(server)
    got = client.items.get_item("i1")
    assert (got.id, got.name, got.size, got.tags) == ("i1", None, None, None)
    client.items.put_item("i1", id_2="i1", name="n", tags=["a"])
    assert _last(server).json() == {"id": "i1", "name": "n", "tags": ["a"]}
    put = inspect.signature(g.package.resources.Items.put_item).parameters
    assert str(put["name"].annotation) == "str | None"  # optional, so None until given
    assert_every_operation_called(g, server)


def test_swagger2_base_path_without_host(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["swagger2_basepath"]
    with pytest.raises(g.package.errors.ConfigurationError, match="no base URL"):
        g.sync()
    serve_every_operation(g, server)
    server.route("GET", "/v1.56/containers/json", Reply.json(["c1"]))
    # The caller names the host (here with the stand-in server's /v1 prefix); the paths keep /v1.56.
    assert g.client(server).container.container_list() == ["c1"]
    assert _last(server).target == "/v1/v1.56/containers/json"
    assert_every_operation_called(g, server)


def test_inline_arrays_of_objects_are_models(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["inline_arrays"]
    models = g.package.models
    serve_every_operation(g, server)
    server.route(
        "GET", "/orders", Reply.json([{"id": "o1", "lines": [{"sku": "a", "qty": 2}]}])
    )
    server.route(
        "POST", "/orders", Reply.json({"id": "o2", "lines": [{"sku": "b"}]}, 201)
    )
    client = g.client(server)
    orders = client.orders.list_orders()
    assert isinstance(orders[0], models.ListOrdersResponseItem)
    assert (orders[0].id, orders[0].lines[0].qty) == ("o1", 2)
    made = client.orders.create_orders(
        lines=[models.CreateOrdersRequestLinesItem(sku="b")]
    )
    assert _last(server).json() == {"lines": [{"sku": "b"}]}
    assert made.lines[0].sku == "b"
    create = inspect.signature(g.package.resources.Orders.create_orders).parameters
    assert "CreateOrdersRequestLinesItem" in str(create["lines"].annotation)
    assert_every_operation_called(g, server)


def test_untagged_operations_grouped_by_path(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["untagged"]
    assert [
        (r.py_name, [op.py_name for op in r.operations]) for r in g.api.resources
    ] == [
        ("containers", ["container_list", "container_start"]),
        ("images", ["image_delete"]),
        ("ping", ["system_ping"]),
        ("default", ["root"]),
        ("info", ["version_info"]),
    ]
    serve_every_operation(g, server)
    client = g.client(server)
    client.containers.container_list()
    client.containers.container_start("c1")
    client.images.image_delete("alpine")
    client.ping.system_ping()
    client.default.root()
    client.info.version_info("v2")
    assert [r.path for r in server.requests] == [
        "/containers",
        "/containers/c1/start",
        "/images/alpine",
        "/_ping",
        "/",
        "/v2/info",
    ]
    assert_every_operation_called(g, server)


def test_allof_parts_narrowing_a_base_property(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["allof_narrowing"]
    models = g.package.models
    serve_every_operation(g, server)
    server.route(
        "GET", "/stations", Reply.json({"data": [{"id": "s1"}], "country": "GBR"})
    )
    got = g.client(server).stations.list_stations()
    # The subclass reads by its own, narrower types: a Station, not a dict; the country as text.
    assert isinstance(got, models.Wrapper) and isinstance(got.data[0], models.Station)
    assert (got.data[0].id, got.country) == ("s1", "GBR")
    server.route("GET", "/stations", Reply.json({"data": [{"name": "no id"}]}))
    with pytest.raises(g.package.errors.APIResponseValidationError, match="id"):
        g.client(server).stations.list_stations()
    assert_every_operation_called(g, server)

"""Each corpus document's client, called over HTTP: what goes on the wire, what comes back."""

from __future__ import annotations

import base64
import inspect
import io
import typing
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.general.conftest import (
    Generated,
    assert_every_operation_called,
    serve_every_operation,
)
from tests.support.tenant_server import RecordedRequest, Reply, TenantServer


def _last(server: TenantServer) -> RecordedRequest:
    return server.requests[-1]


def test_enums(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["enums"]
    models = g.package.models
    serve_every_operation(g, server)
    holder = {
        "op": "add",
        "zone": "GMT-0",
        "nothing": None,
        "empty": "any",
        "level": -1,
        "inline": "x_y",
    }
    server.route("GET", "/zones", Reply.json(holder))
    client = g.client(server)

    got = client.zones.list_zones(op="Add", tz="", mode="A B", level=10)
    assert _last(server).query == [
        ("op", "Add"),
        ("tz", ""),
        ("mode", "A B"),
        ("level", "10"),
    ]
    assert (got.op.root, got.zone.root, got.nothing, got.level.root, got.inline) == (
        "add",
        "GMT-0",
        None,
        -1,
        "x_y",
    )
    # Values that are one Python name apart stay distinct values.
    assert typing.get_args(models.Op.model_fields["root"].annotation) == (
        "ADD",
        "add",
        "Add",
    )
    assert typing.get_args(models.Zone.model_fields["root"].annotation) == (
        "GMT0",
        "GMT-0",
        "GMT+0",
        "",
    )
    signature = inspect.signature(g.package.resources.Zones.list_zones)
    assert "Literal['ADD', 'add', 'Add']" in str(signature.parameters["op"].annotation)

    client.zones.set_zone(op="ADD", zone="GMT+0", level=1, inline="X Y")
    assert _last(server).json() == {
        "op": "ADD",
        "zone": "GMT+0",
        "level": 1,
        "inline": "X Y",
    }
    with pytest.raises(g.package.errors.InvalidRequestError, match="op"):
        client.zones.set_zone(op="Ad")

    server.paginate("/letters", ["ADD", "add", "Add"], page_size=2)
    assert [letter.root for letter in client.letters.list_letters()] == [
        "ADD",
        "add",
        "Add",
    ]
    assert [r.query_dict().get("next_token") for r in server.requests[-2:]] == [
        None,
        "page-2",
    ]
    assert_every_operation_called(g, server)


def test_schemas(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["schemas"]
    models = g.package.models
    serve_every_operation(g, server)
    pet = {
        "id": "p1",
        "name": "Rex",
        "owner": {"since": {"year": 2020}},
        "friends": [{"id": "p2", "name": "Bo"}],
        "deep": {"l1": "a", "l4": "d", "base": "b"},
        "tag": {"inner": {"depth": 2}},
    }
    server.route("GET", "/pets/{id}", Reply.json(pet))
    server.route("PUT", "/pets/{id}", Reply.json(pet))
    client = g.client(server)

    # readOnly id comes back although writeOnly password (required) does not.
    got = client.pets.get_pet("p1")
    assert (got.id, got.password, got.friends[0].name, got.owner.since.year) == (
        "p1",
        None,
        "Bo",
        2020,
    )
    assert (got.deep.l1, got.deep.l4, got.deep.base, got.tag.inner.depth) == (
        "a",
        "d",
        "b",
        2,
    )
    assert isinstance(got.deep, models.Base)  # the allOf chain is a class chain
    assert models.Pet is not models.Owner  # both titled "Animal"

    # readOnly id is not an argument; writeOnly password is required and sent.
    put = inspect.signature(g.package.resources.Pets.put_pet).parameters
    assert put["password"].default is inspect.Parameter.empty and "id_2" not in put
    client.pets.put_pet(
        "p1",
        name="Rex",
        password="s3cret",
        owner=models.Owner(address={"street": "Elm"}),
    )
    assert _last(server).json() == {
        "name": "Rex",
        "password": "s3cret",
        "owner": {"address": {"street": "Elm"}},
    }

    server.route("POST", "/shapes", Reply.json({"kind": "square", "side": 2}))
    shape = client.shapes.add_shape(
        body=models.AnyShape(models.Circle(kind="circle", r=1.5))
    )
    assert _last(server).json() == {"kind": "circle", "r": 1.5}
    assert isinstance(shape.root, models.Square) and shape.root.side == 2
    client.shapes.add_shape(body=models.AnyShape("round"))
    assert _last(server).json() == "round"

    server.route("GET", "/animals", Reply.json([{"meow": True}, {"bark": 3}]))
    assert [type(a.root) for a in client.animals.list_animals()] == [
        models.Cat,
        models.Dog,
    ]

    server.route("GET", "/vehicles/{id}", Reply.json({"kind": "bike", "gears": 21}))
    vehicle = client.vehicles.get_vehicle("v1").root
    assert (type(vehicle), vehicle.gears) == (models.Bike, 21)

    tree = {
        "root": {"name": "a", "children": [{"name": "b", "children": []}]},
        "parent": {"child": {"parent": {}}},
    }
    server.route("GET", "/tree", Reply.json(tree))
    family = client.tree.get_tree()
    assert family.root.children[0].name == "b" and isinstance(
        family.parent.child.parent, models.Parent
    )
    assert_every_operation_called(g, server)


def test_openapi31(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["openapi31"]
    models = g.package.models
    serve_every_operation(g, server)
    thing = {
        "kind": "thing",
        "name": None,
        "nothing": None,
        "either": 5,
        "parent": {"kind": "thing", "name": "p"},
    }
    server.route("GET", "/things", Reply.json(thing))
    server.route("POST", "/things", Reply.json(thing, 201))
    assert (
        g.sync().base_url == "https://eu.example.com/v2"
    )  # server variables' defaults
    assert [op.key for op in g.api.operations] == [
        "GET /things",
        "POST /things",
    ]  # no webhook
    assert (
        "ThingEvent" in models.__all__
    )  # a schema only the webhook uses is still a model
    client = g.client(server)

    got = client.things.find_things(q="x", limit=3, kind="thing")
    assert _last(server).query == [("q", "x"), ("limit", "3"), ("kind", "thing")]
    assert (got.kind, got.name, got.either, got.parent.name) == ("thing", None, 5, "p")
    # A required field that may be null is sent as null when None is passed.
    client.things.make_thing(kind="thing", name=None, count=2, either="two")
    assert _last(server).json() == {
        "kind": "thing",
        "name": None,
        "count": 2,
        "either": "two",
    }
    with pytest.raises(g.package.errors.InvalidRequestError, match="kind"):
        client.things.make_thing(kind="other", name="n")
    assert_every_operation_called(g, server)


def test_names(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["names"]
    serve_every_operation(g, server)
    server.route("POST", "/b", Reply.json({"made": True}))
    server.route("GET", "/c", Reply.json(["x"]))
    client = g.client(server)
    assert client.resource_9lives.pets_list_all_things() is None
    assert client.resource_9lives.pets_list_all_things_2() is None
    assert client.not_an_identifier.post_b() == {
        "made": True
    }  # no operationId: from method and path
    assert client.c.get_c() == ["x"]  # untagged
    client.c.delete("c 1")
    client.default.from_default_tag()
    client.init.init()
    client.default_2.x()
    client.class_.class_()
    getattr(
        client.models, g.api.resources[-1].operations[0].py_name
    )()  # `models`, or taken
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", "/a"),
        ("GET", "/a/b"),
        ("POST", "/b"),
        ("GET", "/c"),
        ("DELETE", "/c/c%201"),
        ("GET", "/d"),
        ("GET", "/e"),
        ("GET", "/f"),
        ("GET", "/g"),
        ("GET", "/h"),
    ]
    assert_every_operation_called(g, server)


def test_parameters(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["parameters"]
    serve_every_operation(g, server)
    client = g.client(server)
    client.items.find_items(
        "2024/01",
        date_created_2="q",
        date_created_3=datetime(2026, 1, 2, tzinfo=UTC),
        date_created_4=date(2026, 2, 3),
        ids=[1, 2, 3],
        tags=["a", "b"],
        spaced=["x", "y"],
        piped=["p", "q"],
        filter={"k": "v"},
        point={"x": 1, "y": 2},
        box={"w": 3, "h": 4},
        x_trace=["t1", "t2"],
        session="s1",
    )
    sent = _last(server)
    assert sent.path == "/items/2024%2F01"
    assert sent.query == [
        ("DateCreated", "q"),
        ("DateCreated<", "2026-01-02T00:00:00Z"),
        ("DateCreated>", "2026-02-03"),
        ("ids", "1,2,3"),
        ("tags", "a"),
        ("tags", "b"),
        ("spaced", "x y"),
        ("piped", "p|q"),
        ("filter[k]", "v"),
        ("x", "1"),
        ("y", "2"),
        ("box", "w,3,h,4"),
    ]
    assert (sent.headers["x-trace"], sent.headers["cookie"]) == ("t1,t2", "session=s1")
    # Clashing Python names say which wire name they are.
    doc = g.package.resources.Items.find_items.__doc__
    assert (
        "date_created_3: (query DateCreated<)" in doc
        and "date_created_2: (query DateCreated)" in doc
    )
    client.matrix.get_matrix([1, 2, 3])
    assert _last(server).path == "/matrix/1,2,3"
    assert_every_operation_called(g, server)


def test_content(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["content"]
    models = g.package.models
    errors = g.package.errors
    serve_every_operation(g, server)
    with pytest.raises(errors.ConfigurationError, match="no base URL"):
        g.sync()  # the document's server is relative: its path prefixes the paths
    client = g.client(server, max_retries=1)

    # multipart: fields as parts (an object as JSON), one file, several files; resent on a retry.
    server.route("POST", "/relative/api/upload", Reply.json({"id": "u1"}, 201))
    server.fail(
        "POST", "/relative/api/upload", Reply.error(429, retry_after=0)
    )  # a POST is retried after a 429
    uploaded = client.upload.upload(
        file=b"\x00\x01",
        note="n",
        meta={"size": 2},
        attachments=[("a.txt", b"A", "text/plain"), io.BytesIO(b"B")],
    )
    assert isinstance(uploaded, models.UploadResponse) and uploaded.id == "u1"
    first, second = server.requests[-2:]
    assert first.parts() == second.parts()  # the files were read once, and sent again
    parts = [(p.name, p.filename, p.content_type, p.data) for p in second.parts()]
    assert parts == [
        ("note", None, None, b"n"),
        ("meta", None, "application/json", b'{"size": 2}'),
        ("file", "file", "application/octet-stream", b"\x00\x01"),
        ("attachments", "a.txt", "text/plain", b"A"),
        ("attachments", "attachments", "application/octet-stream", b"B"),
    ]

    # form, chosen over multipart; JSON, chosen over both.
    client.form.send_form(a="x y", b=2, flags=[True, False])
    sent = _last(server)
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.body == b"a=x+y&b=2&flags=true&flags=false"
    server.route(
        "POST",
        "/relative/api/both",
        Reply(200, b"hello", {"Content-Type": "text/plain"}),
    )
    assert client.both.send_both(a="z") == "hello"
    assert (_last(server).json(), _last(server).headers["accept"]) == (
        {"a": "z"},
        "application/json, text/plain",
    )
    server.route("POST", "/relative/api/both", Reply.json({"queued": True}, 202))
    queued = client.both.send_both()
    assert isinstance(queued, models.SendBothResponse) and queued.queued is True

    # bytes and text, both ways.
    server.route(
        "GET",
        "/relative/api/download",
        Reply(200, b"\x89PNG\x00", {"Content-Type": "application/octet-stream"}),
    )
    assert client.download.download() == b"\x89PNG\x00"
    assert _last(server).headers["accept"] == "application/octet-stream"
    server.route("GET", "/relative/api/download", Reply.json({"message": "gone"}, 404))
    with pytest.raises(errors.NotFoundError, match="gone"):
        client.download.download()
    server.route(
        "POST",
        "/relative/api/text",
        lambda r: Reply(
            200,
            r.body.decode().upper().encode(),
            {"Content-Type": "text/plain; charset=utf-8"},
        ),
    )
    assert client.text.echo_text(body="héllo") == "HÉLLO"
    assert _last(server).headers["content-type"] == "text/plain"
    client.raw.put_raw(body=io.BytesIO(b"raw"))
    assert (_last(server).body, _last(server).headers["content-type"]) == (
        b"raw",
        "application/octet-stream",
    )

    server.route("POST", "/relative/api/list", Reply.json([1, 2]))
    assert client.list.send_list(body=["a", "b"]) == [1, 2] and _last(
        server
    ).json() == ["a", "b"]

    # several 2xx: alike (one type), or with no content (None).
    server.route("POST", "/relative/api/created", Reply.json({"id": "i1"}, 201))
    assert client.created.create().id == "i1"
    server.route("GET", "/relative/api/maybe", Reply.json({"id": "i2"}))
    assert client.maybe.maybe().id == "i2"
    server.route("GET", "/relative/api/maybe", Reply(204))
    assert client.maybe.maybe() is None
    assert client.items.delete_item("i1") is None
    for reply, expected in (
        (Reply.json("up"), "up"),
        (Reply.json(None), None),
        (Reply.json([1, None], 202), [1, None]),
    ):
        server.route("GET", "/relative/api/status", reply)
        assert client.status.get_status() == expected

    server.route(
        "PATCH", "/relative/api/items/{id}", Reply.json({"id": "i1", "name": "new"})
    )
    assert client.items.patch_item("i1", name="new").name == "new"
    assert _last(server).headers["content-type"] == "application/merge-patch+json"
    assert _last(server).json() == {"name": "new"}
    assert_every_operation_called(g, server)


async def test_content_async(
    corpus: dict[str, Generated], server: TenantServer
) -> None:
    g = corpus["content"]
    server.route("POST", "/relative/api/upload", Reply.json({"id": "u2"}, 201))
    server.route(
        "GET",
        "/relative/api/download",
        Reply(200, b"\x01", {"Content-Type": "application/octet-stream"}),
    )
    async with g.async_(base_url=server.base_url) as client:
        assert (await client.upload.upload(file=("f.bin", io.BytesIO(b"F")))).id == "u2"
        assert await client.download.download() == b"\x01"
    assert [(p.name, p.filename, p.data) for p in server.requests[0].parts()] == [
        ("file", "f.bin", b"F")
    ]


def test_security(
    corpus: dict[str, Generated], server: TenantServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    g = corpus["security"]
    Client = g.sync
    errors = g.package.errors
    serve_every_operation(g, server)

    def issue(r: RecordedRequest) -> Reply:
        assert r.form() == {
            "grant_type": "client_credentials",
            "client_id": "id-1",
            "client_secret": "secret-1",
        }
        return Reply.json(
            {"access_token": "issued-1", "expires_in": 3600, "token_type": "Bearer"}
        )

    server.route("POST", "/oauth/token", issue)

    def auth(call: typing.Callable[[], object]) -> RecordedRequest:
        call()
        return _last(server)

    bearer = g.client(server, token="tok-3e1")
    for call in (bearer.bearer.with_bearer, bearer.oidc.with_oidc):
        assert auth(call).headers["authorization"] == "Bearer tok-3e1"
    assert "authorization" not in auth(bearer.open.open).headers
    count = len(server.requests)
    with pytest.raises(
        errors.ConfigurationError,
        match="needs credentials .*username=... and password=...",
    ):
        bearer.basic.with_basic()
    assert len(server.requests) == count  # refused before sending

    basic = g.client(server, username="ann", password="pw:1")
    assert (
        auth(basic.basic.with_basic).headers["authorization"]
        == "Basic " + base64.b64encode(b"ann:pw:1").decode()
    )

    keys = g.client(server, api_key="k-1")
    assert auth(keys.header.with_header_key).headers["x-api-key"] == "k-1"
    assert auth(keys.query.with_query_key).query == [("api_key", "k-1")]
    assert auth(keys.cookie.with_cookie_key).headers["cookie"] == "key=k-1"

    both = g.client(
        server,
        api_key={"headerKey": "h", "queryKey": "q"},
        username="ann",
        password="pw",
    )
    sent = auth(both.both.with_key_and_basic)
    assert (sent.headers["x-api-key"], sent.headers["authorization"][:6]) == (
        "h",
        "Basic ",
    )
    sent = auth(
        both.either.with_key_or_basic
    )  # digest is left out; the query key comes first
    assert (sent.query, "authorization" in sent.headers) == ([("api_key", "q")], False)

    oauth = g.client(server, client_id="id-1", client_secret="secret-1")
    for call in (oauth.oauth.with_oauth, oauth.bearer.with_bearer):
        assert auth(call).headers["authorization"] == "Bearer issued-1"
    token_requests = [r for r in server.requests if r.path == "/oauth/token"]
    assert (
        len(token_requests) == 1
        and "x-amperity-tenant" not in token_requests[0].headers
    )

    monkeypatch.setenv("C_SECURITY_API_KEY", "env-key")
    assert (
        auth(g.client(server).header.with_header_key).headers["x-api-key"] == "env-key"
    )
    monkeypatch.delenv("C_SECURITY_API_KEY")
    with pytest.raises(
        errors.ConfigurationError,
        match=r"no credentials: pass token=\.\.\. \(or set C_SECURITY_TOKEN\)",
    ):
        g.client(server)
    # An argument this API has no use for is not offered (the constructor names only its own).
    with pytest.raises(TypeError, match="unexpected keyword argument 'tenant'"):
        g.client(server, token="t", tenant="acme")
    with pytest.raises(
        errors.ConfigurationError,
        match="names 'nope', not an API-key scheme of this API",
    ):
        g.client(server, api_key={"nope": "k"})
    names = corpus["names"]  # a document without security schemes
    with pytest.raises(TypeError, match="unexpected keyword argument 'token'"):
        names.client(server, token="t")
    with pytest.raises(errors.ConfigurationError, match="no base URL"):
        Client(token="t")
    assert (
        "tok-3e1" not in repr(bearer)
        and "pw:1" not in repr(basic)
        and "k-1" not in repr(keys)
    )
    assert_every_operation_called(g, server)


def test_swagger2(corpus: dict[str, Generated], server: TenantServer) -> None:
    g = corpus["swagger2"]
    serve_every_operation(g, server)
    assert g.sync._default_base_url == "https://api.example.com/v1"
    server.route("POST", "/files", Reply.json({"id": "f1"}, 201))
    server.route(
        "GET",
        "/files/{id}",
        Reply(200, b"bytes", {"Content-Type": "application/octet-stream"}),
    )
    server.route("GET", "/search", Reply.json([{"id": "f1", "size": 3}]))
    client = g.client(server, api_key="k", username="u", password="p", token="t")

    assert (
        client.files.upload_file(file=("a.txt", b"abc", "text/plain"), label="L").id
        == "f1"
    )
    sent = _last(server)
    assert [(p.name, p.filename, p.data) for p in sent.parts()] == [
        ("label", None, b"L"),
        ("file", "a.txt", b"abc"),
    ]
    assert sent.headers["x-key"] == "k"
    assert client.files.download_file("f1") == b"bytes"
    assert _last(server).headers["authorization"].startswith("Basic ")
    found = client.search.search(ids=[1, 2], tags=["a", "b"], x_ids=["p", "q"])
    assert [f.size for f in found] == [3]
    sent = _last(server)
    assert sent.query == [("ids", "1,2"), ("tags", "a"), ("tags", "b")]
    assert (sent.headers["x-ids"], sent.headers["authorization"]) == ("p,q", "Bearer t")
    assert_every_operation_called(g, server)


async def test_plain_values(corpus: dict[str, Generated], server: TenantServer) -> None:
    """Maps and arrays are dicts and lists, enum and scalar schemas plain values (sync and async).
    The document has no tags: its operations are grouped by their first path segment."""
    g = corpus["plain"]
    server.route("PUT", "/labels", lambda r: Reply.json(r.json()))
    server.route("POST", "/marks", Reply.json(["a", "b"]))
    server.route(
        "GET",
        "/things/{id}",
        Reply.json({"id": "t-1", "labels": {"k": "v"}, "tags": ["x"]}),
    )
    signature = inspect.signature(g.package.resources.Marks.post_mark)
    assert str(signature.parameters["body"].annotation) == "Literal['X', 'Y']"
    for client in (g.client(server), g.async_(base_url=server.base_url)):
        labels = await _result(client.labels.put_labels(body={"first_name": "Dan"}))
        assert labels == {"first_name": "Dan"} and type(labels) is dict
        assert await _result(client.marks.post_mark(body="X", tag="t")) == ["a", "b"]
        assert server.requests[-1].json() == "X"
        thing = await _result(client.things.get_thing("t-1"))
        assert (
            thing.labels["k"] == "v"
            and dict(thing.labels) == {"k": "v"}
            and thing.tags == ["x"]
        )
        with pytest.raises(g.package.errors.InvalidRequestError, match="tag=''"):
            await _result(client.marks.post_mark(body="X", tag=""))
        await _result(client.close())
    assert_every_operation_called(g, server)


async def _result(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def test_allof_values(corpus: dict[str, Generated], server: TenantServer) -> None:
    """allOf of values: classes named as the IR names them (which the diff reads), values sent
    as given and read back into those classes."""
    g = corpus["allof_values"]
    models = g.package.models
    assert sorted(m.name for m in g.api.models) == sorted(models.__all__)
    assert {m.name: m.root.name for m in g.api.models if m.root} == {
        "Code": "str",
        "Label": "str",
        "Name": "str",
    }
    server.route("POST", "/keys", lambda r: Reply.json(r.json(), 201))
    key = g.client(server).keys.create_key(label="primary", name="n", code="ab")
    assert server.requests[-1].json() == {"label": "primary", "name": "n", "code": "ab"}
    assert isinstance(key, models.KeyRequest) and isinstance(key.label, models.Label)
    assert (key.label.root, key.name.root, key.code.root) == ("primary", "n", "ab")
    assert_every_operation_called(g, server)

"""The generated packages at their edges (issue 16), over real HTTP, sync and async: bad input,
credentials, values sent, answers read, warnings, lifecycle, hosts, documentation."""

from __future__ import annotations

import inspect
import logging
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import amperity_api
import amperity_api_unstable
import amperity_profile_api
import amperity_realtime_api
import pytest
from amperity_api._runtime import _deprecation
from amperity_profile_api._runtime import _validation as profile_validation

from tests.support.samples import WORKFLOW
from tests.support.tenant_server import Delay, Reply, TenantServer

PACKAGES = [amperity_api, amperity_api_unstable, amperity_profile_api]
PROFILE = "/indexes/{index-id}/profiles/{profile-id}"


@pytest.fixture
def server() -> Iterator[TenantServer]:
    with TenantServer() as s:
        s.route(
            "GET",
            "/workflow/runs/{workflow-id}",
            lambda r: Reply.json({**WORKFLOW, "id": r.path_params["workflow-id"]}),
        )
        s.route("POST", "/workflow/runs", Reply.json(WORKFLOW, 201))
        s.route(
            "GET", "/workflow/runs", Reply.json({"data": [WORKFLOW], "next_token": ""})
        )
        s.route("GET", "/ingest/jobs", Reply.json({"data": []}))
        yield s


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def client_of(package: ModuleType, kind: str, server: TenantServer, **kw: Any) -> Any:
    cls = package.Amperity if kind == "sync" else package.AsyncAmperity
    return cls(tenant=server.tenant, token=server.token, base_url=server.base_url, **kw)


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


async def close(client: Any) -> None:
    await call(client.close())


async def every_item(result: Any) -> list[Any]:
    if hasattr(result, "__aiter__"):
        return [item async for item in result]
    return list(result)


def test_the_amperity_packages_keep_their_public_names() -> None:
    for package in PACKAGES:
        assert {
            "Amperity",
            "AsyncAmperity",
            "AmperityDeprecationWarning",
            "errors",
        } <= set(package.__all__)
        errors = package.errors
        for name in errors.__all__:
            cls = getattr(errors, name)
            assert issubclass(cls, errors.AmperityError), name
        assert (
            errors.AmperityError is errors.Error
        )  # one class: `except AmperityError` catches all
        assert issubclass(package.AmperityDeprecationWarning, DeprecationWarning)
        # The models' modules name the runtime's Model as the vendor's.
        module = sys.modules[package.models.ErrorResponse.__module__]
        assert module.__dict__["AmperityModel"].__name__ == "Model"
        assert package.Amperity._env_prefix == "AMPERITY"


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
@pytest.mark.parametrize(
    "tenant", ["acme.example.org/x", "evil.example#", "acme corp", "a@b", 7]
)
def test_a_hostile_tenant_is_refused_at_construction(
    package: ModuleType, kind: str, tenant: Any
) -> None:
    cls = package.Amperity if kind == "sync" else package.AsyncAmperity
    with pytest.raises(package.errors.ConfigurationError, match="tenant"):
        cls(tenant=tenant, token="t")


@pytest.mark.parametrize(
    ("package", "path"),
    [*((p, "/api") for p in PACKAGES), (amperity_realtime_api, "/prof")],
    ids=lambda p: getattr(p, "__name__", p),
)
def test_the_documented_hosts_by_name(
    package: ModuleType, path: str, kind: str
) -> None:
    # Each API's hosts sit under its own document's base path (the Real-time API's is /prof).
    cls = package.Amperity if kind == "sync" else package.AsyncAmperity
    default = cls(tenant="acme", token="t").base_url
    assert default == f"https://acme.amperity.com{path}"
    assert cls(tenant="acme", token="t", host="tenant").base_url == default
    assert (
        cls(tenant="acme", token="t", host="aws").base_url
        == f"https://app.amperity.com{path}"
    )
    with pytest.raises(package.errors.ConfigurationError, match="'tenant', 'aws'"):
        cls(tenant="acme", token="t", host="gcp")
    with pytest.raises(package.errors.ConfigurationError, match="not both"):
        cls(tenant="acme", token="t", host="aws", base_url="https://x.example/api")


async def test_errors_carry_no_token(kind: str, server: TenantServer) -> None:
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.error(404, "no"))
    client = client_of(amperity_api, kind, server)
    with pytest.raises(amperity_api.errors.NotFoundError) as info:
        await call(client.workflow.get_workflow("wf-1"))
    await close(client)
    assert info.value.request is not None
    assert info.value.request.headers["authorization"] == "<redacted>"
    assert server.token not in str(info.value.response.request.headers)


UTC_MINUS_7 = timezone(timedelta(hours=-7))


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (datetime(2026, 10, 1), "2026-10-01T00:00:00Z"),  # naive means UTC
        (
            datetime(2026, 10, 1, 5, 30, tzinfo=UTC_MINUS_7),
            "2026-10-01T12:30:00Z",
        ),  # converted
        (datetime(2026, 10, 1, tzinfo=UTC), "2026-10-01T00:00:00Z"),
        (
            date(2026, 10, 1),
            "2026-10-01",
        ),  # a date for a date-time: sent as the date it is
    ],
)
async def test_one_rule_for_times_in_body_and_query(
    kind: str, server: TenantServer, value: datetime | date, sent: str
) -> None:
    client = client_of(amperity_api, kind, server)
    await call(client.workflow.run_workflow(config_id="cg-1", range_from=value))
    await call(client.ingest.list_ingest_jobs(created_from=value, created_to=value))
    await close(client)
    body, query = server.requests
    assert body.json() == {"config_id": "cg-1", "range_from": sent}
    assert query.query_dict()["created_from"] == sent


@pytest.mark.parametrize(
    ("method", "kwargs", "message"),
    [
        (
            "get_workflow",
            {"workflow_id": "wf-1", "view": "VERBOSE"},
            "view='VERBOSE' is not one of 'overview', 'verbose'",
        ),
        (
            "list_workflows",
            {"created_from": "last tuesday"},
            "created_from='last tuesday' must be a datetime",
        ),
        (
            "list_workflows",
            {"with_total": "no"},
            "with_total='no' must be a bool, not str",
        ),
        ("list_workflows", {"limit": "10"}, "limit='10' must be an int, not str"),
        ("list_workflows", {"next_token": ""}, "next_token='' must not be empty"),
        ("get_workflow", {"workflow_id": 7}, "workflow_id=7 must be a str, not int"),
    ],
)
async def test_parameters_are_checked_before_sending(
    kind: str, server: TenantServer, method: str, kwargs: dict[str, Any], message: str
) -> None:
    client = client_of(amperity_api, kind, server)
    with pytest.raises(amperity_api.errors.InvalidRequestError) as info:
        result = getattr(client.workflow, method)(**kwargs)
        await call(result)
    await close(client)
    assert message in str(info.value)
    assert server.requests == []


async def test_a_required_parameter_passed_as_none_is_refused(
    kind: str, server: TenantServer
) -> None:
    client = client_of(amperity_api, kind, server)
    with pytest.raises(
        amperity_api.errors.InvalidRequestError, match="created_from is required"
    ):
        await call(client.ingest.list_ingest_jobs(created_from=None, created_to=None))
    await call(
        client.ingest.list_ingest_jobs(
            created_from="2026-10-01", created_to="2026-10-07T00:00:00Z"
        )
    )
    await close(client)
    assert len(server.requests) == 1  # ISO 8601 strings pass


async def test_a_map_schema_is_a_plain_dict(kind: str, server: TenantServer) -> None:
    server.route(
        "GET",
        PROFILE,
        Reply.json(
            {"id": "p-1", "index_id": "i-1", "attributes": {"first_name": "Dan"}}
        ),
    )
    client = client_of(amperity_profile_api, kind, server)
    profile = await call(client.profiles.get_profile("i-1", "p-1"))
    await close(client)
    assert profile.attributes["first_name"] == "Dan"
    assert dict(profile.attributes) == {"first_name": "Dan"}
    assert type(profile.attributes) is dict


async def test_one_odd_value_does_not_fail_a_page(
    kind: str, server: TenantServer, caplog: pytest.LogCaptureFixture
) -> None:
    profiles = [
        {
            "id": "p-1",
            "index_id": "i-1",
            "attributes": {"age": 42},
        },  # the document says string
        {"id": "p-2", "index_id": "i-1", "attributes": {"first_name": "Ann"}},
    ]
    server.route(
        "GET",
        "/indexes/{index-id}/profiles",
        Reply.json({"data": profiles, "next_token": ""}),
    )
    profile_validation._logged.clear()  # once per process: start as a new process would
    client = client_of(amperity_profile_api, kind, server)
    with caplog.at_level(logging.WARNING, logger="amperity_profile_api"):
        got = await every_item(client.profiles.list_profiles("i-1"))
    assert [p.attributes for p in got] == [{"age": 42}, {"first_name": "Ann"}]
    assert any("kept as received" in r.getMessage() for r in caplog.records)
    strict = client_of(amperity_profile_api, kind, server, strict_responses=True)
    with pytest.raises(
        amperity_profile_api.errors.APIResponseValidationError, match="attributes.age"
    ):
        await every_item(strict.profiles.list_profiles("i-1"))
    await close(client)
    await close(strict)


async def test_deprecation_warnings_point_at_the_callers_line(
    kind: str, server: TenantServer, caplog: pytest.LogCaptureFixture
) -> None:
    retiring = {"Deprecation": "true", "Sunset": "Wed, 1 Dec 2026 23:59:59 GMT"}
    server.route(
        "GET", "/workflow/runs/{workflow-id}", Reply.json(WORKFLOW, headers=retiring)
    )
    _deprecation._warned.clear()
    client = client_of(amperity_api, kind, server)
    with (
        warnings.catch_warnings(record=True) as caught,
        caplog.at_level(logging.INFO, logger="amperity_api"),
    ):
        warnings.simplefilter("always")
        called = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
        result = client.workflow.get_workflow("wf-1")  # a sync call runs here
        if kind == "async":
            await result  # an async one here
        await call(
            client.workflow.get_workflow("wf-1")
        )  # once per endpoint: no second warning
        line = called if kind == "sync" else called + 2
    await close(client)
    (warning,) = [
        w
        for w in caught
        if issubclass(w.category, amperity_api.AmperityDeprecationWarning)
    ]
    assert (warning.filename, warning.lineno) == (__file__, line)
    assert "https://docs.amperity.com/api/changelog.html" in str(warning.message)
    assert [r.levelno for r in caplog.records if "deprecated" in r.getMessage()] == [
        logging.INFO
    ]


async def test_a_closed_client_raises_the_packages_error(
    kind: str, server: TenantServer
) -> None:
    client = client_of(amperity_api, kind, server)
    await close(client)
    with pytest.raises(amperity_api.errors.AmperityError, match="closed") as info:
        await call(client.workflow.get_workflow("wf-1"))
    assert isinstance(info.value, amperity_api.errors.ClientClosedError)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_the_client_documents_every_argument_it_takes(package: ModuleType) -> None:
    doc = inspect.getdoc(package.Amperity) or ""
    for argument in (
        "tenant",
        "token",
        "client_id, client_secret",
        "base_url",
        "host",
        "timeout",
        "max_retries",
        "rate_limit",
        "http_client",
        "strict_responses",
        "default_headers, default_query",
    ):
        assert f"\n    {argument}: " in doc, argument
    assert (
        "api_key" not in doc and "username" not in doc
    )  # credentials this API does not take
    offered = set(inspect.signature(package.Amperity).parameters)
    assert {
        "tenant",
        "token",
        "client_id",
        "client_secret",
        "host",
        "strict_responses",
    } <= offered
    assert not {"api_key", "username", "password"} & offered


async def test_extra_headers_query_and_body_per_call_and_defaults_per_client(
    kind: str, server: TenantServer
) -> None:
    client = client_of(
        amperity_api,
        kind,
        server,
        default_headers={"X-Team": "data"},
        default_query={"trace": "on"},
    )
    await call(
        client.workflow.run_workflow(
            config_id="cg-1",
            extra_headers={"X-Request-Source": "nightly", "X-Team": "ops"},
            extra_query={"dry_run": True},
            extra_body={"priority": 1, "notify": {"email": "a@example.com"}},
        )
    )
    await call(client.workflow.get_workflow("wf-1"))
    await close(client)
    first, second = server.requests
    assert first.json() == {
        "config_id": "cg-1",
        "priority": 1,
        "notify": {"email": "a@example.com"},
    }
    assert first.query == [("trace", "on"), ("dry_run", "true")]
    assert (first.headers["x-request-source"], first.headers["x-team"]) == (
        "nightly",
        "ops",
    )  # the call's wins
    assert (second.headers["x-team"], second.query) == ("data", [("trace", "on")])
    assert "x-request-source" not in second.headers
    assert second.headers["authorization"] == f"Bearer {server.token}"


async def test_timeout_per_call(kind: str, server: TenantServer) -> None:
    server.fail("GET", "/workflow/runs/{workflow-id}", Delay(1.0))
    client = client_of(amperity_api, kind, server, max_retries=0)
    with pytest.raises(amperity_api.errors.APITimeoutError):
        await call(client.workflow.get_workflow("wf-1", timeout=0.05))
    await call(
        client.workflow.get_workflow("wf-1")
    )  # the client's own timeout: the answer comes
    await close(client)


def test_bad_default_headers_are_a_configuration_error() -> None:
    with pytest.raises(amperity_api.errors.ConfigurationError, match="CR or LF"):
        amperity_api.Amperity(
            tenant="acme", token="t", default_headers={"X-A": "b\r\nHost: evil"}
        )


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_help_on_a_model_shows_its_fields_first(package: ModuleType) -> None:
    import pydoc

    model = (
        package.models.Index
        if package is amperity_profile_api
        else package.models.Workflow
    )
    text = pydoc.render_doc(model, renderer=pydoc.plaintext)
    for name, field in model.model_fields.items():
        assert f"    {name}" in text and (
            field.description is None or field.description.split()[0] in text
        )
    first_field = next(iter(model.model_fields))
    assert text.index(f"    {first_field}:") < text.index("model_validate")


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_block(section: str, language: str) -> str:
    text = README.read_text(encoding="utf-8").split(f"### {section}\n", 1)[1]
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_the_readme_testing_example_runs_as_written() -> None:
    example = _readme_block("Testing code that uses the client", "python")
    project = Path(amperity_api.__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", example],
        env={"PYTHONPATH": str(project)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_the_readme_import_line_works_and_generated_itself_does_not() -> None:
    line = next(
        ln
        for ln in _readme_block(
            "Installing and importing a generated package", "sh"
        ).splitlines()
        if ln.startswith("PYTHONPATH=")
    )
    path, command = line.split(" ", 1)
    root = README.parent
    env = {"PYTHONPATH": str(root / path.removeprefix("PYTHONPATH="))}
    code = command.removeprefix('python -c "').removesuffix('"')
    assert (
        subprocess.run([sys.executable, "-c", code], env=env, cwd=root).returncode == 0
    )
    wrong = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(root / "generated")},
        cwd=root,
        capture_output=True,
    )
    assert wrong.returncode != 0  # why the README says to use the project folder

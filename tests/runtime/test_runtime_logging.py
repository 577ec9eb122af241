"""The package logger: AMPERITY_LOG switches it on; no secret ever reaches a log, repr or error."""

from __future__ import annotations

import logging

import pytest

from amperity_codegen.runtime import errors
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import Amperity, AsyncAmperity, call
from tests.support.tenant_server import Reply, TenantServer


@pytest.mark.parametrize("level", ["debug", "info"])
async def test_amperity_log_turns_the_package_logger_on(
    kind: str,
    server: TenantServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    level: str,
) -> None:
    monkeypatch.setenv("AMPERITY_LOG", level)
    base = Amperity if kind == "sync" else AsyncAmperity
    # A package name of its own: the handler is added once per logger per process.
    cls = type("Logged", (base,), {"_package": f"amperity_log_{kind}_{level}"})
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.json({"id": "wf-1"}))
    server.fail("GET", "/workflow/runs/{workflow-id}", Reply.error(503))
    client = cls(tenant="acme", token=server.token, base_url=server.base_url)
    await call(client.workflow.get_workflow("wf-1"))
    await call(client.close())
    logger = logging.getLogger(f"amperity_log_{kind}_{level}")
    assert logger.level == {"debug": logging.DEBUG, "info": logging.INFO}[level]
    err = capsys.readouterr().err
    assert "retry 1 of 2" in err  # INFO
    assert ("answered 200 OK" in err) == (level == "debug")


async def test_no_secret_in_logs_reprs_or_errors_at_debug(
    make_client: MakeClient, server: TenantServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: the package's, httpx's, httpcore's
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.json({"id": "wf-1"}))
    server.fail(
        "GET", "/workflow/runs/{workflow-id}", Reply.error(503), Reply.error(401)
    )
    client = make_client(client_id=server.client_id, client_secret=server.client_secret)
    await call(
        client.workflow.get_workflow("wf-1")
    )  # fetch, 503 retried, 401 refresh + replay
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.error(404, "gone"))
    with pytest.raises(errors.NotFoundError) as info:
        await call(client.workflow.get_workflow("wf-2"))
    static = make_client(token=server.token)
    with pytest.raises(errors.NotFoundError):
        await call(static.workflow.get_workflow("wf-3"))
    text = "\n".join(
        [
            caplog.text,
            repr(client),
            repr(client._shared.auth),
            str(info.value),
            repr(info.value),
            repr(static),
        ]
    )
    assert "'authorization': '<redacted>'" in text  # headers were logged, redacted
    assert "fetched an access token" in text
    secrets = [server.client_secret, server.token, *server.issued_tokens]
    assert len(server.issued_tokens) == 2
    for secret in secrets:
        assert secret not in text

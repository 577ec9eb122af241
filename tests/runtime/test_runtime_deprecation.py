"""`Deprecation` / `Sunset` answer headers: one warning per endpoint per process, and an INFO log
line."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from amperity_codegen.runtime import APIDeprecationWarning, _deprecation
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import call
from tests.support.tenant_server import Reply, TenantServer

RETIRING = {
    "Deprecation": "Tue, 1 Sep 2026 23:59:59 GMT",
    "Sunset": "Wed, 1 Dec 2026 23:59:59 GMT",
}


@pytest.fixture(autouse=True)
def routes(server: TenantServer) -> Iterator[None]:
    server.route(
        "GET",
        "/workflow/runs/{workflow-id}",
        Reply.json({"id": "wf-1"}, headers=RETIRING),
    )
    server.route(
        "POST",
        "/workflow/runs",
        Reply.json({"id": "wf-2"}, headers={"Sunset": RETIRING["Sunset"]}),
    )
    server.route("POST", "/workflow/runs/{workflow-id}/stop", Reply(202))
    _deprecation._warned.clear()  # once per process: each test starts as a new process would
    yield
    _deprecation._warned.clear()


async def test_warned_once_per_endpoint_per_process_and_logged_at_info(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client()
    with (
        warnings.catch_warnings(record=True) as caught,
        caplog.at_level(logging.INFO, logger="amperity_test"),
    ):
        warnings.simplefilter("always")
        for _ in range(3):
            await call(client.workflow.get_workflow("wf-1"))
            await call(client.workflow.run_workflow(config_id="cg-1"))
            await call(client.workflow.stop_workflow("wf-1"))  # no headers: no warning
        await call(
            client.with_options(max_retries=0).workflow.get_workflow("wf-1")
        )  # same client
        await call(
            make_client().workflow.get_workflow("wf-1")
        )  # a new client: no new warning
    messages = [
        str(w.message) for w in caught if issubclass(w.category, APIDeprecationWarning)
    ]
    assert len(messages) == 2
    assert messages[0] == (
        "GET /workflow/runs/{workflow-id} is deprecated by the API (Deprecation: Tue, 1 Sep 2026 "
        "23:59:59 GMT; "
        "Sunset: Wed, 1 Dec 2026 23:59:59 GMT); see https://docs.amperity.com/api/changelog.html"
    )
    assert messages[1].startswith(
        "POST /workflow/runs is deprecated by the API (Sunset: Wed, 1 Dec 2026"
    )
    notices = [r for r in caplog.records if "deprecated by the API" in r.getMessage()]
    assert [r.getMessage() for r in notices] == messages
    assert {r.levelno for r in notices} == {
        logging.INFO
    }  # not a second WARNING line on stderr


_SCRIPT = (
    "import httpx, logging, warnings\n"
    "{setup}"
    "from amperity_codegen.runtime._deprecation import DeprecationNotices\n"
    "DeprecationNotices(logging.getLogger('x'), 'x', None).check('GET /x', "
    "httpx.Headers({{'Deprecation': 'true'}}))\n"
)


@pytest.mark.parametrize(
    ("setup", "options", "environment", "shown"),
    [
        (
            "",
            [],
            {},
            True,
        ),  # shown by default, though DeprecationWarning is hidden outside __main__
        ("", ["-W", "ignore"], {}, False),
        ("", [], {"PYTHONWARNINGS": "ignore"}, False),
        ("warnings.simplefilter('ignore')\n", [], {}, False),
        ("", ["-W", "ignore::DeprecationWarning"], {}, False),
    ],
)
def test_the_standard_filters_decide(
    tmp_path: Path,
    setup: str,
    options: list[str],
    environment: dict[str, str],
    shown: bool,
) -> None:
    (tmp_path / "app_module.py").write_text(_SCRIPT.format(setup=setup))
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, *options, "-c", "import app_module"],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{root}:{tmp_path}", **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        "APIDeprecationWarning: GET /x is deprecated by the API (Deprecation: true)"
        in done.stderr
    ) is shown
    assert (
        "Amperity" not in done.stderr
    )  # no vendor's link unless the package names one

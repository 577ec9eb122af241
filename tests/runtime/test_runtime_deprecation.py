"""`Deprecation` / `Sunset` answer headers: one warning per endpoint per client, and a log line."""

from __future__ import annotations

import logging
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from amperity_codegen.runtime import AmperityDeprecationWarning
from tests.runtime.conftest import MakeClient
from tests.runtime.helpers import call
from tests.support.tenant_server import Reply, TenantServer

RETIRING = {"Deprecation": "Tue, 1 Sep 2026 23:59:59 GMT", "Sunset": "Wed, 1 Dec 2026 23:59:59 GMT"}


@pytest.fixture(autouse=True)
def routes(server: TenantServer) -> None:
    server.route("GET", "/workflow/runs/{workflow-id}", Reply.json({"id": "wf-1"}, headers=RETIRING))
    server.route("POST", "/workflow/runs", Reply.json({"id": "wf-2"}, headers={"Sunset": RETIRING["Sunset"]}))
    server.route("POST", "/workflow/runs/{workflow-id}/stop", Reply(202))


async def test_warned_once_per_endpoint_per_client(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="amperity_test"):
        warnings.simplefilter("always")
        for _ in range(3):
            await call(client.workflow.get_workflow("wf-1"))
            await call(client.workflow.run_workflow(config_id="cg-1"))
            await call(client.workflow.stop_workflow("wf-1"))  # no headers: no warning
        await call(client.with_options(max_retries=0).workflow.get_workflow("wf-1"))  # same client
        await call(make_client().workflow.get_workflow("wf-1"))  # another client warns again
    messages = [str(w.message) for w in caught if issubclass(w.category, AmperityDeprecationWarning)]
    assert len(messages) == 3
    assert messages[0] == (
        "GET /workflow/runs/{workflow-id} is deprecated by the API (Deprecation: Tue, 1 Sep 2026 23:59:59 GMT; "
        "Sunset: Wed, 1 Dec 2026 23:59:59 GMT); see https://docs.amperity.com/api/changelog.html"
    )
    assert messages[1].startswith("POST /workflow/runs is deprecated by the API (Sunset: Wed, 1 Dec 2026")
    assert messages[2] == messages[0]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == messages


def test_warning_is_shown_under_default_filters(tmp_path: Path) -> None:
    """Python hides DeprecationWarning outside __main__ by default; this one must still show."""
    script = tmp_path / "app_module.py"
    script.write_text(
        "import httpx\n"
        "from amperity_codegen.runtime._deprecation import DeprecationNotices\n"
        "import logging\n"
        "DeprecationNotices(logging.getLogger('x')).check('GET /x', httpx.Headers({'Deprecation': 'true'}))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", "import app_module"],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{root}:{tmp_path}"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "AmperityDeprecationWarning: GET /x is deprecated by the API (Deprecation: true)" in done.stderr

"""Security checks of the generated client and the generator, each returning its figures.

- path values cannot leave their path segment (`/` encoded, `.` and `..` refused);
- CR or LF in a header value is refused before anything is sent;
- at DEBUG, nothing logged (by the package, httpx or httpcore), printed, or put in an error or
  repr holds the token, the client secret or an Authorization header;
- TLS certificates are verified unless the caller passes an http_client that says otherwise;
- generating imports nothing generated and runs nothing from the document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import ipaddress
import logging
import os
import ssl
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from amperity_codegen.build import pipeline
from tests.reliability.faults import (
    ONE,
    WORKFLOW,
    Amperity,
    FaultServer,
    amperity_api,
    errors,
)
from tests.reliability.hostile import MARKER, payloads, with_text, write_json
from tests.support.tenant_server import Reply


@dataclass
class Check:
    name: str
    tried: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.tried > 0 and not self.failures


TRAVERSALS = [
    "..",
    ".",
    "../admin",
    "../../api/segments",
    "a/../../b",
    "%2e%2e",
    "..%2F..",
    "/etc/passwd",
    "a?b#c",
    "\\..\\x",
]


def path_traversal() -> Check:
    check = Check("path values cannot traverse")
    with FaultServer() as server:
        server.route(
            "GET",
            ONE,
            lambda r: Reply.json({**WORKFLOW, "id": r.path_params["workflow-id"]}),
        )
        with Amperity(
            tenant=server.tenant,
            token=server.token,
            base_url=server.base_url,
            max_retries=0,
        ) as client:
            for value in TRAVERSALS:
                check.tried += 1
                before = len(server.requests)
                try:
                    got = client.workflow.get_workflow(value).id
                except errors.InvalidRequestError:
                    got = None  # refused before sending: right for dot segments only
                sent = server.requests[before:]
                if value in (".", ".."):
                    if got is not None or sent:
                        check.failures.append(f"{value!r} was sent")
                    continue
                if (
                    got != value
                    or [r.route for r in sent] != [ONE]
                    or sent[0].path_params["workflow-id"] != value
                ):
                    check.failures.append(
                        f"{value!r} reached {[r.target for r in sent]}"
                    )
    return check


def header_injection() -> Check:
    check = Check("CR/LF in header values refused")
    evil = ["acme\r\nX-Injected: 1", "acme\nX-Injected: 1", "acme\rX-Injected: 1"]
    endpoint = amperity_api._runtime.Endpoint("GET", ONE, idempotent=True)
    with FaultServer() as server:
        server.route("GET", ONE, Reply.json(WORKFLOW))
        base: dict[str, Any] = dict(base_url=server.base_url, max_retries=0)
        for value in evil:
            for where in ("tenant", "token", "header parameter"):
                check.tried += 1
                # Bad configuration is refused at construction; a bad header value per call.
                refused: type[Exception] = (
                    errors.InvalidRequestError
                    if where == "header parameter"
                    else errors.ConfigurationError
                )
                try:
                    if where == "tenant":
                        Amperity(tenant=value, token=server.token, **base)
                    elif where == "token":
                        Amperity(tenant=server.tenant, token=value, **base)
                    else:
                        with Amperity(
                            tenant=server.tenant, token=server.token, **base
                        ) as client:
                            request = amperity_api._runtime.Request(
                                endpoint,
                                path_params={"workflow-id": "wf-1"},
                                headers={"X-Trace": value},
                            )
                            client.request(request, dict)
                    check.failures.append(f"{where} {value!r} accepted")
                except refused:
                    pass
        if any("x-injected" in r.headers for r in server.requests) or server.requests:
            check.failures.append(
                "a request with an injected header reached the server"
            )
    return check


def secrets_in_logs() -> Check:
    """Every flow that logs, at DEBUG, with everything captured: records, stderr, errors, reprs."""
    check = Check("no secret at DEBUG logging")
    records = io.StringIO()
    handler = logging.StreamHandler(records)
    handler.setFormatter(
        logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s")
    )
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    stderr = io.StringIO()
    seen: list[str] = []
    old_env = os.environ.get("AMPERITY_LOG")
    os.environ["AMPERITY_LOG"] = "debug"

    class Logged(Amperity):
        _package = "amperity_api_secrets_check"  # a logger of its own, set up afresh

    try:
        with contextlib.redirect_stderr(stderr), FaultServer() as server:
            server.route("GET", ONE, Reply.json(WORKFLOW))
            server.fail("GET", ONE, Reply.error(503), Reply.error(401))
            options: dict[str, Any] = dict(
                tenant=server.tenant, base_url=server.base_url
            )
            with Logged(
                client_id=server.client_id,
                client_secret=server.client_secret,
                **options,
            ) as oauth:
                oauth.workflow.get_workflow(
                    "wf-1"
                )  # token fetched, 503 retried, 401 refreshed and replayed
                seen.append(repr(oauth))
                server.route("GET", ONE, Reply.error(404, "gone", request_id="req-x"))
                for client in (oauth, Logged(token=server.token, **options)):
                    try:
                        client.workflow.get_workflow("wf-2")
                    except errors.AmperityError as exc:
                        seen += [
                            str(exc),
                            repr(exc),
                            repr(getattr(exc, "request", None)),
                        ]
                    seen.append(repr(client))
            with Logged(
                client_id=server.client_id, client_secret="wrong-secret-5e1f", **options
            ) as refused:
                try:
                    refused.workflow.get_workflow("wf-3")
                except errors.AmperityError as exc:
                    seen += [str(exc), repr(exc)]
            secrets = [
                server.token,
                server.client_secret,
                "wrong-secret-5e1f",
                *server.issued_tokens,
            ]
            sent_auth = [r.headers.get("authorization", "") for r in server.requests]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        if old_env is None:
            os.environ.pop("AMPERITY_LOG", None)
        else:
            os.environ["AMPERITY_LOG"] = old_env
    text = "\n".join([records.getvalue(), stderr.getvalue(), *seen])
    check.tried = len(records.getvalue().splitlines()) + len(
        stderr.getvalue().splitlines()
    )
    if (
        "answered 503" not in text
        or "fetching an access token" not in text
        or "<redacted>" not in text
    ):
        check.failures.append(
            "the flows did not log at DEBUG as expected: nothing was checked"
        )
    for secret in [*secrets, *(a for a in sent_auth if a)]:
        if secret and secret in text:
            check.failures.append(f"a secret was logged or shown: {secret[:6]}…")
    return check


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def tls_verification(folder: Path) -> Check:
    """A self-signed server: refused by default, reached when the caller trusts its certificate."""
    check = Check("TLS verification on by default", tried=2)
    cert, key = _certificate(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with FaultServer(tls=context) as server:
        server.route("GET", ONE, Reply.json(WORKFLOW))
        options: dict[str, Any] = dict(
            tenant=server.tenant,
            token=server.token,
            base_url=server.base_url,
            max_retries=0,
        )
        try:
            with Amperity(**options) as client:
                client.workflow.get_workflow("wf-1")
            check.failures.append("a self-signed certificate was accepted by default")
        except errors.APIConnectionError as exc:
            if "CERTIFICATE_VERIFY_FAILED" not in str(exc):
                check.failures.append(f"failed for another reason: {exc}")
        if server.requests:
            check.failures.append("the request reached the server")
        trusted = httpx.Client(verify=ssl.create_default_context(cafile=str(cert)))
        with Amperity(http_client=trusted, **options) as client:
            if client.workflow.get_workflow("wf-1").id != WORKFLOW["id"]:
                check.failures.append("the trusted call got the wrong answer")
        trusted.close()
    return check


def generator_runs_nothing(folder: Path) -> Check:
    """Generating, in this process, a document full of code: nothing of it runs, nothing generated
    is imported (the import check runs in another interpreter)."""
    check = Check("the generator runs and imports nothing from a document", tried=1)
    marker = folder / MARKER
    doc = write_json(folder, with_text("".join(payloads(marker).values())))
    before = set(sys.modules)
    pipeline.Job(doc, package="h_in_process", out=folder / "out").run()
    imported = [
        m for m in set(sys.modules) - before if m.split(".")[0] == "h_in_process"
    ]
    if imported:
        check.failures.append(f"imported {imported}")
    if marker.exists():
        check.failures.append("code from the document ran")
    return check


def all_checks(folder: Path) -> list[Check]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tls").mkdir(exist_ok=True)
    (folder / "generate").mkdir(exist_ok=True)
    return [
        path_traversal(),
        header_injection(),
        secrets_in_logs(),
        tls_verification(folder / "tls"),
        generator_runs_nothing(folder / "generate"),
    ]

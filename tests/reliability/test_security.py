"""Path traversal, header injection, secrets at DEBUG, TLS verification, and a generator that
runs nothing from the documents it reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import security


def test_path_values_cannot_traverse() -> None:
    check = security.path_traversal()
    assert check.ok, check.failures


def test_cr_and_lf_in_header_values_are_refused() -> None:
    check = security.header_injection()
    assert check.ok, check.failures


def test_no_secret_appears_at_debug_logging() -> None:
    check = security.secrets_in_logs()
    assert check.ok, check.failures


def test_tls_certificates_are_verified_by_default(tmp_path: Path) -> None:
    check = security.tls_verification(tmp_path)
    assert check.ok, check.failures


def test_generating_runs_and_imports_nothing_from_the_document(tmp_path: Path) -> None:
    check = security.generator_runs_nothing(tmp_path)
    assert check.ok, check.failures


@pytest.mark.parametrize("value", ["..", "."])
def test_a_dot_segment_is_refused_before_sending(value: str) -> None:
    from tests.reliability.faults import Amperity, errors

    client = Amperity(tenant="acme", token="t", base_url="http://127.0.0.1:9/api")
    with pytest.raises(errors.InvalidRequestError):
        client.workflow.get_workflow(value)

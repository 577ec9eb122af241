"""The generated client against a fault-injecting tenant on 127.0.0.1 (quick sizes; `make
reliability` pages 10,000 items and runs more calls)."""

from __future__ import annotations

import pytest

from tests.reliability import faults

SEED = 20260401


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_pagination_under_faults_yields_every_item_once_in_order(kind: str) -> None:
    figures = faults.pagination(kind, 1_000, 50, 0.2, SEED)
    assert figures.error == ""
    assert figures.exact and figures.received == 1_000
    assert figures.faulted > 0  # the faults were met, and got past


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_post_is_sent_again_only_after_a_provable_rejection(kind: str) -> None:
    figures = faults.posts(kind, 60, 0.4, SEED)
    assert figures.other_errors == []
    assert figures.resent_unproven == 0
    assert figures.answered_without_server == 0
    assert figures.returned + figures.typed_errors == figures.calls
    assert (
        figures.resent_after_rejection > 0 and figures.typed_errors > 0
    )  # both paths taken


def test_threads_and_tasks_share_one_client_without_deadlock_within_the_rate_limit() -> (
    None
):
    figures = faults.concurrency(50, 50, 1, 50.0, 0.2, SEED)
    assert figures.unfinished == 0
    assert figures.other_errors == []
    assert figures.returned + figures.typed_errors == figures.calls == 100
    assert figures.max_in_a_second <= figures.rate + 2


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_every_failure_is_a_typed_error_with_the_request_id(kind: str) -> None:
    figures = faults.failures(kind)
    assert figures.problems == []
    assert figures.typed == figures.cases == 2 * len(faults.failure_faults())
    assert figures.with_request_id == figures.ids_sent > 0

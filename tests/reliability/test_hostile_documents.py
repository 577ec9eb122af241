"""The generator's command line against hostile and broken documents (the `make test` part of
the corpus; `make reliability` runs every case, a 50 MB document among them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.reliability.harness import Outcome, run_corpus
from tests.reliability.hostile import cases

FULL = os.environ.get("RELIABILITY_FULL") == "1"
CASES = [c for c in cases() if c.fast or FULL]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    return {o.case.name: o for o in run_corpus(CASES, tmp_path_factory.mktemp("corpus"))}


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_generates_a_sound_package_or_refuses_with_a_located_message(outcomes: dict[str, Outcome], name: str) -> None:
    outcome = outcomes[name]
    assert outcome.problems == [], outcome.first_line
    assert outcome.exit_code in (0, 1)
    if outcome.case.expect != "either":
        assert outcome.generated == (outcome.case.expect == "generate")


def test_the_corpus_covers_every_kind_of_hostile_input() -> None:
    groups = {c.group for c in cases()}
    assert groups == {"code in text", "names", "references", "YAML", "nesting and size", "broken input"}
    assert any(c.name == "document-50-mb" for c in cases())

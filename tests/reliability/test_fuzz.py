"""Mutated Amperity documents through the generator: a seeded few dozen in `make test`
(`make reliability` runs 2,000). A crash is a traceback or emitted Python that does not compile.
"""

from __future__ import annotations

import os

from tests.reliability import fuzz

EXAMPLES = 2000 if os.environ.get("RELIABILITY_FULL") == "1" else 40


def test_mutated_documents_generate_or_are_refused_never_crash() -> None:
    tally = fuzz.run(EXAMPLES, seed_value=20260401, derandomize=True)
    assert tally.cases == EXAMPLES
    assert tally.crashes == []
    # Both outcomes are reached: the mutations are neither all fatal nor all harmless.
    assert tally.generated > 0 and tally.refused > 0
    assert (
        len(tally.by_document) == 4
    )  # every configured document, the authored one too


def test_a_mutation_changes_the_document_and_leaves_the_original_alone() -> None:
    document = fuzz.documents()[0]
    before = repr(document.doc)
    changed = fuzz.mutated(
        document.doc, [("remove", ("info",), None), ("rename", ("paths",), "routes")]
    )
    assert "info" not in changed and "routes" in changed and "paths" not in changed
    assert repr(document.doc) == before
    assert fuzz.check(document, changed) == "refused"

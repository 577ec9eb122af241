"""Make the repository root importable (`runtime`, `tests.support`) however pytest is started."""

import sys
from pathlib import Path

import pytest

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """`prism` and `index` mark the tests that start those servers, so `make test-fast` can
    leave them out."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "index_server" in fixtures:
            item.add_marker(pytest.mark.index)
        if item.path.name == "test_contract.py":
            item.add_marker(pytest.mark.prism)

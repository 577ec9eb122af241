"""The seam between generated endpoint code and the runtime.

Each generated method builds one `Request` and hands it to the client; everything
about sending it (auth, serialization, retries, rate limit, errors, pages) lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Endpoint:
    """What is fixed about one operation; generated once per operation as a module constant."""

    method: str  # "GET", "POST", ...
    path: str  # the document's path template, e.g. "/workflow/runs/{workflow-id}"
    idempotent: bool  # False for POST (and PATCH): retried only when the server cannot have acted

    @property
    def name(self) -> str:
        """`GET /workflow/runs/{workflow-id}`: used in logs, warnings and errors."""
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Request:
    """One call: the endpoint plus the values the caller passed.

    Mappings are keyed by wire name. A value of None means "not passed" and is never sent;
    the runtime does the serialization (dates, booleans, deepObject dicts, percent-encoding).
    """

    endpoint: Endpoint
    path_params: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    # A JSON body: validated against `body_model` when given (only the passed fields are
    # sent, by wire name), else sent as it is (any JSON value: an object, a list, ...).
    body: Any = None
    body_model: type[BaseModel] | None = None

"""`Deprecation` and `Sunset` answer headers: a warning once per endpoint per client, and a log line.

`AmperityDeprecationWarning` is shown by default: Python hides DeprecationWarning outside
`__main__`, which would hide a retirement notice from the applications that need it. Silence it
with `warnings.filterwarnings("ignore", category=AmperityDeprecationWarning)`.
"""

from __future__ import annotations

import logging
import threading
import warnings

import httpx

CHANGELOG_URL = "https://docs.amperity.com/api/changelog.html"


class AmperityDeprecationWarning(DeprecationWarning):
    """The API announced (Deprecation / Sunset headers) that an endpoint will be retired."""


warnings.filterwarnings("always", category=AmperityDeprecationWarning)


class DeprecationNotices:
    """Remembers which endpoints of one client have already been warned about."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def check(self, operation: str, headers: httpx.Headers) -> None:
        deprecation = headers.get("deprecation")
        sunset = headers.get("sunset")
        if (
            deprecation is None or deprecation.strip().lower() == "false"
        ) and sunset is None:
            return
        with self._lock:
            if operation in self._seen:
                return
            self._seen.add(operation)
        details = "; ".join(
            f"{k}: {v}"
            for k, v in (("Deprecation", deprecation), ("Sunset", sunset))
            if v
        )
        message = (
            f"{operation} is deprecated by the API ({details}); see {CHANGELOG_URL}"
        )
        self._logger.warning("%s", message)
        warnings.warn(message, AmperityDeprecationWarning, stacklevel=2)

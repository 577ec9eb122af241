"""`Deprecation` and `Sunset` answer headers: a warning once per endpoint per process, logged at
INFO.

`APIDeprecationWarning` (a generated package may give it its vendor's name) is an ordinary
warning attributed to the caller's line, so the standard filters (`-W ignore`,
`PYTHONWARNINGS`, `warnings.simplefilter`) silence it. It is shown by default all the same:
Python hides DeprecationWarning outside `__main__`, which would hide a retirement notice from
the applications that need it, so a "default" filter for it goes just before that hiding
filter, behind any filter the user or the command line set.
"""

from __future__ import annotations

import logging
import sys
import threading
import warnings
from typing import Any, cast

import httpx


class APIDeprecationWarning(DeprecationWarning):
    """The API announced (Deprecation / Sunset headers) that an endpoint will be retired."""


def _show_by_default() -> None:
    # Python's own filters start with "show DeprecationWarning in __main__", then "hide it
    # elsewhere"; the command line's and the user's come before them (and win).
    main = ("default", None, DeprecationWarning, "__main__", 0)
    entry = ("default", None, APIDeprecationWarning, None, 0)
    filters = cast(list[Any], warnings.filters)
    if main in filters and entry not in filters:
        filters.insert(filters.index(main) + 1, entry)
        warnings._filters_mutated()  # type: ignore[attr-defined]


_show_by_default()

# (package, operation) pairs warned about in this process.
_warned: set[tuple[str, str]] = set()
_lock = threading.Lock()
# Frames of these modules are not the caller: the runtime's own and the generated package's.
_RUNTIME = __name__.rpartition(".")[0]


class DeprecationNotices:
    """Warns about the endpoints of one generated package, each once per process."""

    def __init__(
        self, logger: logging.Logger, package: str, docs_url: str | None
    ) -> None:
        self._logger = logger
        self._package = package
        self._docs_url = docs_url

    def check(self, operation: str, headers: httpx.Headers) -> None:
        deprecation = headers.get("deprecation")
        sunset = headers.get("sunset")
        if (
            deprecation is None or deprecation.strip().lower() == "false"
        ) and sunset is None:
            return
        with _lock:
            if (self._package, operation) in _warned:
                return
            _warned.add((self._package, operation))
        details = "; ".join(
            f"{k}: {v}"
            for k, v in (("Deprecation", deprecation), ("Sunset", sunset))
            if v
        )
        see = f"; see {self._docs_url}" if self._docs_url else ""
        message = f"{operation} is deprecated by the API ({details}){see}"
        self._logger.info("%s", message)
        warnings.warn(
            message, APIDeprecationWarning, stacklevel=self._caller_stacklevel()
        )

    def _caller_stacklevel(self) -> int:
        """The stack level of the first frame outside the runtime and the generated package."""
        inside = (self._package, _RUNTIME)
        frame = sys._getframe(1)
        level = 1
        while frame.f_back is not None:
            name = str(frame.f_globals.get("__name__", ""))
            if not any(name == p or name.startswith(p + ".") for p in inside):
                break
            frame = frame.f_back
            level += 1
        return level

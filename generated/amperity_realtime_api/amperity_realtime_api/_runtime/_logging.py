"""One logger per generated package, switched on with `AMPERITY_LOG=debug|info`.

Without the variable the logger is left alone (the application's logging setup decides).
Secrets never reach a log call: headers are logged through `redact_headers`, and the token
request's form body is never logged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Mapping

ENV_LOG = "AMPERITY_LOG"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)
_configured: set[str] = set()


def package_logger(name: str) -> logging.Logger:
    """The package's logger, given a level and a stderr handler if AMPERITY_LOG asks for one."""
    logger = logging.getLogger(name)
    level = _LEVELS.get(os.environ.get(ENV_LOG, "").strip().lower())
    if level is not None and name not in _configured:
        _configured.add(name)
        logger.setLevel(level)
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
        )
        logger.addHandler(handler)
    return logger


def redact_headers(
    headers: Mapping[str, str], secret: Collection[str] = ()
) -> dict[str, str]:
    """`headers` with every credential hidden: the usual ones, and those named in `secret` (lower case)."""
    return {
        name: (
            "<redacted>"
            if name.lower() in _SECRET_HEADERS or name.lower() in secret
            else value
        )
        for name, value in headers.items()
    }

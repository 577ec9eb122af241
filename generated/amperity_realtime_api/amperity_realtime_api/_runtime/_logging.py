"""One logger per generated package, switched on with `<PREFIX>_LOG=debug|info` (the package's
environment prefix, e.g. `ACME_LOG`).

Without the variable the logger is left alone (the application's logging setup decides).
Secrets never reach a log call: headers are logged through `redact_headers`, and the token
request's form body is never logged.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection, Mapping

import httpx

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie"}
)
_configured: set[str] = set()


def package_logger(name: str, env_prefix: str) -> logging.Logger:
    """The package's logger, given a level and a stderr handler if `<env_prefix>_LOG` asks for
    one."""
    logger = logging.getLogger(name)
    level = _LEVELS.get(os.environ.get(f"{env_prefix}_LOG", "").strip().lower())
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
    """`headers` with every credential hidden: the usual ones, and those named in `secret` (lower
    case)."""
    return {
        name: (
            "<redacted>"
            if name.lower() in _SECRET_HEADERS or name.lower() in secret
            else value
        )
        for name, value in headers.items()
    }


def redacted_request(
    request: httpx.Request, secret: Collection[str] = ()
) -> httpx.Request:
    """A copy of `request` fit to travel on an exception: its credentials redacted (headers, and
    query parameters named in `secret`) and no body (a token request's holds the client secret).
    """
    url = request.url
    if secret and url.query:
        url = url.copy_with(
            params=[
                (k, "<redacted>" if k.lower() in secret else v)
                for k, v in url.params.multi_items()
            ]
        )
    return httpx.Request(
        request.method,
        url,
        headers=redact_headers(request.headers, secret),
        extensions=request.extensions,
    )

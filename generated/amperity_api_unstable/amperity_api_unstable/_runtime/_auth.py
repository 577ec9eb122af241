"""Where the bearer token comes from: a static token, or OAuth client credentials.

Neither class ever puts the token or the client secret into a repr, a log line or an error.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Mapping

import httpx

from ._response import make_status_error
from .errors import APIResponseValidationError, TokenExpiredError

TOKEN_PATH = "/v0/oauth2/token"
_TOKEN_OPERATION = f"POST {TOKEN_PATH}"
# A fetched token is replaced this long before its `expires_in` runs out: up to a minute,
# less for short-lived tokens (half their life).
_MAX_REFRESH_MARGIN = 60.0


def jwt_expiry(token: str) -> dt.datetime | None:
    """The `exp` claim of a JWT (read, not verified), or None if `token` is not a JWT with one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(
            base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        )
        exp = claims.get("exp") if isinstance(claims, dict) else None
        if isinstance(exp, bool) or not isinstance(exp, (int, float)):
            return None
        return dt.datetime.fromtimestamp(exp, dt.timezone.utc)
    except (ValueError, binascii.Error, OverflowError, OSError):
        return None


class StaticToken:
    """A token the caller got elsewhere (Settings → Security → Get token); never refreshed."""

    refreshable = False

    def __init__(self, token: str) -> None:
        self._token = token
        self.expires_at = jwt_expiry(token)

    def token(self) -> str:
        """The token, or TokenExpiredError if it is a JWT past its `exp` (nothing is sent)."""
        if self.expires_at is not None:
            now = dt.datetime.now(dt.timezone.utc)
            if self.expires_at <= now:
                ago = int((now - self.expires_at).total_seconds())
                raise TokenExpiredError(
                    f"the access token expired at {self.expires_at.isoformat().replace('+00:00', 'Z')} "
                    f"({ago} s ago); get a new token, or pass client_id and client_secret so the "
                    "client fetches and refreshes tokens itself"
                )
        return self._token

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


class ClientCredentials:
    """OAuth client credentials: fetches a token, caches it, replaces it before it expires.

    One fetch at a time per client: concurrent callers (threads of a sync client, tasks of an
    async one) wait for the fetch in progress and share its token.
    """

    refreshable = True

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        token_url: str,
        tenant: str,
        headers: Mapping[str, str],
        logger: logging.Logger,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        self._token_url = token_url
        self._headers = {
            **headers,
            "X-Amperity-Tenant": tenant,
            "Accept": "application/json",
        }
        self._logger = logger
        self._token: str | None = None
        self._refresh_at = (
            0.0  # monotonic time after which the cached token is replaced
        )
        self._thread_lock = threading.Lock()
        self._async_lock = asyncio.Lock()

    def _cached(self) -> str | None:
        if self._token is not None and time.monotonic() < self._refresh_at:
            return self._token
        return None

    def invalidate(self, token: str) -> None:
        """Drop `token` after the API refused it (unless another caller already replaced it)."""
        with self._thread_lock:
            if self._token == token:
                self._token = None

    def token_sync(self, http: httpx.Client, timeout: httpx.Timeout) -> str:
        token = self._cached()
        if token is not None:
            return token
        with self._thread_lock:
            token = self._cached()
            if token is None:
                token = self._accept(http.send(self._request(http, timeout)))
            return token

    async def token_async(self, http: httpx.AsyncClient, timeout: httpx.Timeout) -> str:
        token = self._cached()
        if token is not None:
            return token
        async with self._async_lock:
            token = self._cached()
            if token is None:
                token = self._accept(await http.send(self._request(http, timeout)))
            return token

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, timeout: httpx.Timeout
    ) -> httpx.Request:
        self._logger.debug("fetching an access token from %s", self._token_url)
        return http.build_request(
            "POST",
            self._token_url,
            data=self._form,
            headers=self._headers,
            timeout=timeout,
        )

    def _accept(self, response: httpx.Response) -> str:
        if not response.is_success:
            raise make_status_error(response, operation=_TOKEN_OPERATION)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise APIResponseValidationError(
                f"{_TOKEN_OPERATION}: the answer has no access_token",
                response=response,
                field="access_token",
                errors=[{"loc": ("access_token",), "msg": "missing or not a string"}],
            )
        lifetime = _lifetime(answer, token)
        margin = min(_MAX_REFRESH_MARGIN, lifetime / 2) if lifetime is not None else 0.0
        self._refresh_at = (
            time.monotonic() + lifetime - margin
            if lifetime is not None
            else float("inf")
        )
        self._token = token
        self._logger.info(
            "fetched an access token (expires in %s)",
            f"{lifetime:.0f} s" if lifetime is not None else "unknown",
        )
        return token

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self._form['client_id']!r}, client_secret=<redacted>)"


def _lifetime(answer: Mapping[str, object], token: str) -> float | None:
    """Seconds the token lives: `expires_in`, else the JWT's `exp`, else unknown (kept until a 401)."""
    expires_in = answer.get("expires_in")
    if isinstance(expires_in, (int, float, str)) and not isinstance(expires_in, bool):
        try:
            return max(0.0, float(expires_in))
        except ValueError:
            pass
    expiry = jwt_expiry(token)
    if expiry is None:
        return None
    return max(0.0, (expiry - dt.datetime.now(dt.timezone.utc)).total_seconds())

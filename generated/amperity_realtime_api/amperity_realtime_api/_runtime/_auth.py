"""Credentials: which security schemes the API has, what the caller gave, what each call sends.

A bearer token comes from the caller (a static token) or from OAuth client credentials, fetched
and refreshed here; HTTP basic and API keys are sent as given. Nothing here ever puts a token,
a key, a password or a client secret into a repr, a log line or an error.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NoReturn

import httpx

from ._response import header_request_id, make_status_error
from ._serialize import has_line_break
from .errors import APIResponseValidationError, ConfigurationError, TokenExpiredError

if TYPE_CHECKING:
    import asyncio

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
        return dt.datetime.fromtimestamp(exp, dt.UTC)
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
            now = dt.datetime.now(dt.UTC)
            if self.expires_at <= now:
                ago = int((now - self.expires_at).total_seconds())
                raise TokenExpiredError(
                    "the access token expired at "
                    f"{self.expires_at.isoformat().replace('+00:00', 'Z')} "
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
        operation: str,
        tenant: str | None,
        tenant_header: str | None,
        headers: Mapping[str, str],
        logger: logging.Logger,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
        }
        self._token_url = token_url
        self._operation = (
            operation  # how errors name the token request, e.g. "POST /v0/oauth2/token"
        )
        # Some token endpoints want the tenant as a header (`_token_tenant_header`).
        named = {tenant_header: tenant} if tenant and tenant_header else {}
        self._headers = {**headers, **named, "Accept": "application/json"}
        self._logger = logger
        self._token: str | None = None
        self._refresh_at = (
            0.0  # monotonic time after which the cached token is replaced
        )
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None  # made on first async use (below)

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
        # Here, not at the top: only async clients need it, and it is slow to import.
        import asyncio

        if self._async_lock is None:
            # No await since the check: no other task can make one meanwhile.
            self._async_lock = asyncio.Lock()
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
            raise make_status_error(response, operation=self._operation)
        try:
            answer = response.json()
        except ValueError:
            answer = None
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise APIResponseValidationError(
                f"{self._operation}: the answer has no access_token",
                response=response,
                field="access_token",
                errors=[{"loc": ("access_token",), "msg": "missing or not a string"}],
                request_id=header_request_id(response.headers),
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
    """Seconds the token lives: `expires_in`, else the JWT's `exp`, else unknown (kept until a
    401)."""
    expires_in = answer.get("expires_in")
    if isinstance(expires_in, (int, float, str)) and not isinstance(expires_in, bool):
        try:
            return max(0.0, float(expires_in))
        except ValueError:
            pass
    expiry = jwt_expiry(token)
    if expiry is None:
        return None
    return max(0.0, (expiry - dt.datetime.now(dt.UTC)).total_seconds())


SchemeKind = Literal["bearer", "basic", "api_key"]


@dataclass(frozen=True)
class SecurityScheme:
    """One way the API authenticates a call, as its document declares it.

    bearer: `Authorization: Bearer <token>`; with a `token_url` (OAuth2 client credentials) the
    client can also fetch and refresh the token itself. A token URL without a scheme is a path
    under the base URL, like the operations' paths. basic: `Authorization: Basic ...`.
    api_key: the key sent as the header, query parameter or cookie named `parameter`.
    """

    kind: SchemeKind
    location: Literal["header", "query", "cookie"] = "header"
    parameter: str = ""
    token_url: str = ""


Chosen = tuple[tuple[str, SecurityScheme], ...]


@dataclass(frozen=True, repr=False)
class Credentials:
    """What the caller gave, ready to send: at most one bearer source, basic, API keys by scheme."""

    bearer: StaticToken | ClientCredentials | None = None
    basic: str | None = None  # the whole `Basic ...` header value
    api_keys: Mapping[str, str] = field(default_factory=dict)  # scheme name -> key

    @property
    def given(self) -> bool:
        return bool(self.bearer or self.basic or self.api_keys)

    def has(self, name: str, scheme: SecurityScheme) -> bool:
        if scheme.kind == "bearer":
            return self.bearer is not None
        if scheme.kind == "basic":
            return self.basic is not None
        return name in self.api_keys

    def choose(
        self,
        requirement: Sequence[Sequence[str]],
        schemes: Mapping[str, SecurityScheme],
        operation: str,
    ) -> Chosen:
        """The schemes one call sends: the first alternative of `requirement` this client can
        meet."""
        if not requirement:
            return ()
        for alternative in requirement:
            if all(
                name in schemes and self.has(name, schemes[name])
                for name in alternative
            ):
                return tuple((name, schemes[name]) for name in alternative)
        wanted = " or ".join(
            " and ".join(_ARGUMENTS[schemes[n].kind] for n in alt if n in schemes)
            for alt in requirement
        )
        raise ConfigurationError(
            f"{operation} needs credentials this client was not given: pass {wanted}"
        )

    def apply(
        self,
        chosen: Chosen,
        token: str | None,
        headers: dict[str, str],
        params: list[tuple[str, str | int | float | bool | None]],
    ) -> None:
        """Add the chosen schemes' credentials to a request's headers and query parameters."""
        cookies: list[str] = []
        for name, scheme in chosen:
            if scheme.kind == "bearer":
                headers["Authorization"] = f"Bearer {token}"
            elif scheme.kind == "basic" and self.basic is not None:
                headers["Authorization"] = self.basic
            elif scheme.kind == "api_key":
                key = self.api_keys[name]
                if scheme.location == "query":
                    params.append((scheme.parameter, key))
                elif scheme.location == "cookie":
                    cookies.append(f"{scheme.parameter}={key}")
                else:
                    headers[scheme.parameter] = key
        if cookies:
            headers["Cookie"] = "; ".join(
                [*([headers["Cookie"]] if "Cookie" in headers else []), *cookies]
            )

    def secret_names(self, chosen: Chosen) -> frozenset[str]:
        """Header and query parameter names whose values must not be logged."""
        return frozenset(
            scheme.parameter.lower() for _, scheme in chosen if scheme.kind == "api_key"
        )

    def __repr__(self) -> str:
        kinds = [
            *(
                [
                    (
                        "client credentials"
                        if isinstance(self.bearer, ClientCredentials)
                        else "token"
                    )
                ]
                if self.bearer
                else []
            ),
            *(["basic"] if self.basic else []),
            *(["api key"] if self.api_keys else []),
        ]
        return " + ".join(kinds) or "none"


_ARGUMENTS: dict[str, str] = {
    "bearer": "token=...",
    "basic": "username=... and password=...",
    "api_key": "api_key=...",
}


def resolve_credentials(
    *,
    schemes: Mapping[str, SecurityScheme],
    requirement: Sequence[Sequence[str]],
    env_prefix: str,
    token: str | None,
    client_id: str | None,
    client_secret: str | None,
    api_key: str | Mapping[str, str] | None,
    username: str | None,
    password: str | None,
    base_url: str,
    tenant: str | None,
    tenant_header: str | None,
    user_agent: str,
    logger: logging.Logger,
) -> Credentials:
    """The client's credentials, from its arguments or else the environment (`<PREFIX>_TOKEN`, ...).

    Arguments win over the environment; within each, a token wins over client credentials. The
    environment is read only when no credential argument was passed at all, and only for the
    kinds of credentials the API takes; an argument the API has no use for is refused.
    """
    for name, value in (
        ("token", token),
        ("client_id", client_id),
        ("client_secret", client_secret),
        ("username", username),
        ("password", password),
    ):
        if value is not None and not isinstance(value, str):
            raise ConfigurationError(
                f"{name} must be a string, not {type(value).__name__}"
            )
    if api_key is not None and not isinstance(api_key, (str, Mapping)):
        raise ConfigurationError(
            f"api_key must be a string or a mapping, not {type(api_key).__name__}"
        )
    kinds = {scheme.kind for scheme in schemes.values()}
    token_url = next(
        (s.token_url for s in schemes.values() if s.kind == "bearer" and s.token_url),
        "",
    )
    env = {name: f"{env_prefix}_{name.upper()}" for name in _CREDENTIAL_NAMES}
    where = "arguments"
    if not (token or client_id or client_secret or api_key or username or password):
        where = "environment"
        read = os.environ.get
        if "bearer" in kinds:
            token = read(env["token"])
            if token_url and not token:
                client_id, client_secret = read(env["client_id"]), read(
                    env["client_secret"]
                )
        api_key = read(env["api_key"]) if "api_key" in kinds else None
        if "basic" in kinds:
            username, password = read(env["username"]), read(env["password"])
    for given, kind, what in (
        (token or client_id or client_secret, "bearer", "bearer token"),
        (api_key, "api_key", "API key"),
        (username or password, "basic", "HTTP basic credentials"),
    ):
        if given and kind not in kinds:
            raise ConfigurationError(f"this API takes no {what}")
    if (client_id or client_secret) and not token_url:
        raise ConfigurationError(
            "this API has no OAuth client-credentials flow: pass token=..."
        )
    if token and (client_id or client_secret):
        raise ConfigurationError(
            "pass either token=... or client_id=... and client_secret=..., not both"
        )
    bearer: StaticToken | ClientCredentials | None = None
    if token:
        if has_line_break(token):
            raise ConfigurationError("token contains a CR or LF character")
        if token.strip().lower().startswith("bearer "):
            raise ConfigurationError(
                "pass the token without its 'Bearer ' prefix: the client adds it"
            )
        bearer = StaticToken(token)
    elif client_id and client_secret:
        bearer = ClientCredentials(
            client_id=client_id,
            client_secret=client_secret,
            token_url=(
                token_url
                if "://" in token_url
                else base_url + "/" + token_url.lstrip("/")
            ),
            operation=f"POST {token_url}",
            tenant=tenant,
            tenant_header=tenant_header,
            headers={"User-Agent": user_agent},
            logger=logger,
        )
    elif client_id or client_secret:
        _missing_pair("client_id", client_id, "client_secret", env, where)
    credentials = Credentials(
        bearer, _basic(username, password, env, where), _api_keys(api_key, schemes)
    )
    if not credentials.given and requirement and all(requirement):
        raise ConfigurationError(
            f"no credentials: pass {_wanted(kinds, token_url, env)}"
        )
    return credentials


_CREDENTIAL_NAMES = (
    "token",
    "client_id",
    "client_secret",
    "api_key",
    "username",
    "password",
)


def _missing_pair(
    first: str, first_value: str | None, second: str, env: Mapping[str, str], where: str
) -> NoReturn:
    missing = second if first_value else first
    raise ConfigurationError(
        f"{missing} is missing (from the {where}): pass {missing}=... or set {env[missing]}"
    )


def _basic(
    username: str | None, password: str | None, env: Mapping[str, str], where: str
) -> str | None:
    if not (username or password):
        return None
    if not (username and password):
        _missing_pair("username", username, "password", env, where)
    if ":" in username:
        raise ConfigurationError(
            "username contains a colon, which HTTP basic authentication cannot carry"
        )
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def _api_keys(
    api_key: str | Mapping[str, str] | None, schemes: Mapping[str, SecurityScheme]
) -> dict[str, str]:
    """A key by scheme name: one string serves every API-key scheme; a mapping names its schemes."""
    names = [name for name, scheme in schemes.items() if scheme.kind == "api_key"]
    if not api_key:
        return {}
    keys = (
        {name: api_key for name in names} if isinstance(api_key, str) else dict(api_key)
    )
    for name, key in keys.items():
        if name not in names:
            raise ConfigurationError(
                f"api_key names {name!r}, not an API-key scheme of this API ({', '.join(names)})"
            )
        if not isinstance(key, str) or has_line_break(key):
            raise ConfigurationError(
                f"the API key for {name!r} must be a string without CR or LF"
            )
    return keys


def _wanted(kinds: Collection[str], token_url: str, env: Mapping[str, str]) -> str:
    ways = []
    if "bearer" in kinds:
        ways.append(f"token=... (or set {env['token']})")
        if token_url:
            ways.append(
                "client_id=... and client_secret=... "
                f"(or set {env['client_id']} and {env['client_secret']})"
            )
    if "api_key" in kinds:
        ways.append(f"api_key=... (or set {env['api_key']})")
    if "basic" in kinds:
        ways.append(
            f"username=... and password=... (or set {env['username']} and {env['password']})"
        )
    return ", or ".join(ways)

"""The sync and async clients every generated client derives from.

A generated client sets the class attributes (`_package`, `_version`, `_api_version`,
`_default_rate_limit`, `_client_headers`, `_default_base_url`, `_env_prefix`, `_security`,
`_default_security`, `_token_tenant_header`, `_docs_url`, `hosts`) and binds its resources;
everything else is here. Nothing here is any one vendor's: the generated subclass says whose API
it is. One call goes: serialize (`_serialize.prepare`, errors before sending) → for each
attempt: access token, rate limit slot, send → retry / replay-after-401 / done → typed error or
model.
The decisions live in `_Call`, shared by both clients; the clients only do the I/O.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

import httpx

from ._auth import (
    ClientCredentials,
    Credentials,
    SecurityScheme,
    StaticToken,
    resolve_credentials,
)
from ._deprecation import DeprecationNotices
from ._logging import package_logger, redact_headers, redacted_request
from ._rate_limit import RateLimiter
from ._request import UNSET, Request
from ._request import Unset as _Unset
from ._response import (
    Answer,
    BodyReader,
    Responses,
    detach_stream,
    header_request_id,
    make_status_error,
    response_info,
)
from ._retry import RETRY_STATUSES, RetryPolicy
from ._serialize import encode_headers, encode_query, prepare
from .errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    ClientClosedError,
    ConfigurationError,
    InvalidRequestError,
)
from .pagination import AsyncPage, AsyncPaginator, PageSpec, SyncPage, TokenTrail

if TYPE_CHECKING:
    from pydantic import BaseModel

_T = TypeVar("_T")
_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)
_ErrorT = TypeVar("_ErrorT", bound=APIError)

# A tenant goes into the host name: it must be one DNS label (RFC 1123: letters, digits and
# hyphens, 1 to 63 of them, no hyphen first or last), so no value can reach another host.
_DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# Connecting is quick or hopeless; some answers take seconds to compute.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=DEFAULT_CONNECT_TIMEOUT)
DEFAULT_MAX_RETRIES = 2


@dataclass(frozen=True)
class _Options:
    """What `with_options` may change for one copy of a client."""

    max_retries: int
    timeout: httpx.Timeout


@dataclass
class _Shared(Generic[_HttpT]):
    """What a client and its `with_options` copies share."""

    tenant: str | None
    base_url: str
    headers: dict[str, str]
    query: tuple[tuple[str, str], ...]  # sent with every call (`default_query`)
    auth: Credentials
    http: _HttpT
    owns_http: bool
    limiter: RateLimiter | None
    logger: logging.Logger
    deprecations: DeprecationNotices
    strict_responses: bool


class _BaseClient(Generic[_HttpT]):
    # Set by the generated subclass.
    _package: ClassVar[str] = "client"
    _version: ClassVar[str] = "0.0.0"
    _api_version: ClassVar[str] = ""
    _default_rate_limit: ClassVar[float | None] = None
    # Header name -> role ("tenant", "version"): the values set once on the client.
    _client_headers: ClassVar[Mapping[str, str]] = {}
    # `{tenant}` is the client's tenant; None: the document names no absolute URL, pass base_url.
    _default_base_url: ClassVar[str | None] = None
    # Of the environment variables read: <PREFIX>_TOKEN, <PREFIX>_BASE_URL, <PREFIX>_LOG, ...
    _env_prefix: ClassVar[str] = "API"
    _security: ClassVar[Mapping[str, SecurityScheme]] = {}
    # What an endpoint without a `security` of its own needs (see Endpoint.security).
    _default_security: ClassVar[tuple[tuple[str, ...], ...]] = ()
    # The header a token request names the tenant in, for token endpoints that want one.
    _token_tenant_header: ClassVar[str | None] = None
    # Where deprecation warnings send the reader (the API's changelog), if anywhere.
    _docs_url: ClassVar[str | None] = None
    # The API's documented hosts by name (`host=`); `{tenant}` is the client's tenant.
    hosts: ClassVar[Mapping[str, str]] = {}
    # Backoff, overridable by a subclass (tests make it fast).
    _backoff_base: ClassVar[float] = 0.5
    _backoff_max: ClassVar[float] = 8.0
    _retry_after_max: ClassVar[float] = 60.0
    # An answer larger than this is refused (APIResponseValidationError) rather than held in memory.
    _max_response_bytes: ClassVar[int] = 64 * 1024 * 1024
    _http_type: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]

    _shared: _Shared[_HttpT]
    _options: _Options

    def __init__(
        self,
        *,
        tenant: str | None = None,
        token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        api_key: str | Mapping[str, str] | None = None,
        username: str | None = None,
        password: str | None = None,
        base_url: str | None = None,
        host: str | None = None,
        timeout: float | httpx.Timeout | None | _Unset = UNSET,
        max_retries: int | _Unset = UNSET,
        rate_limit: float | None | _Unset = UNSET,
        http_client: _HttpT | None = None,
        strict_responses: bool = False,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
    ) -> None:
        prefix = self._env_prefix
        if "tenant" in self._client_headers.values():
            tenant = tenant or os.environ.get(f"{prefix}_TENANT")
            if not tenant:
                raise ConfigurationError(
                    f"no tenant: pass tenant=... or set {prefix}_TENANT"
                )
            _check_tenant(tenant)
        elif tenant is not None:
            raise ConfigurationError("this API has no tenant: leave tenant=... out")
        default_url = self._default_base_url
        if host is not None:
            if base_url is not None:
                raise ConfigurationError("pass base_url=... or host=..., not both")
            default_url = self.hosts.get(host) if isinstance(host, str) else None
            if default_url is None:
                named = ", ".join(map(repr, self.hosts)) or "none"
                raise ConfigurationError(
                    f"unknown host {host!r}: the hosts this API documents are {named}"
                )
        if default_url is not None and tenant:
            default_url = default_url.replace("{tenant}", tenant)
        from_env = None if host is not None else os.environ.get(f"{prefix}_BASE_URL")
        url = base_url or from_env or default_url
        if not url:
            raise ConfigurationError(
                "no base URL (the API document names none): "
                f"pass base_url=... or set {prefix}_BASE_URL"
            )
        url = _check_base_url(url)
        if http_client is not None and not isinstance(http_client, self._http_type):
            raise ConfigurationError(
                f"http_client must be an {self._http_type.__module__}.{self._http_type.__name__}"
            )
        default_timeout = (
            http_client.timeout if http_client is not None else DEFAULT_TIMEOUT
        )
        self._options = _Options(
            _check_retries(
                DEFAULT_MAX_RETRIES if isinstance(max_retries, _Unset) else max_retries
            ),
            _timeout(timeout, default_timeout),
        )
        limiter = _limiter(
            self._default_rate_limit if isinstance(rate_limit, _Unset) else rate_limit
        )
        headers = self._default_headers(tenant)
        try:
            headers.update(encode_headers(default_headers or {}, "default_headers"))
        except InvalidRequestError as exc:
            raise ConfigurationError(str(exc)) from None
        query = tuple(encode_query(default_query or {}))
        logger = package_logger(self._package, prefix)
        auth = resolve_credentials(
            schemes=self._security,
            requirement=self._default_security,
            env_prefix=prefix,
            token=token,
            client_id=client_id,
            client_secret=client_secret,
            api_key=api_key,
            username=username,
            password=password,
            base_url=url,
            tenant=tenant,
            tenant_header=self._token_tenant_header,
            user_agent=headers["User-Agent"],
            logger=logger,
        )
        # Made last: nothing may fail after it exists, or its connection pool would leak.
        http = http_client if http_client is not None else self._new_http()
        self._shared = _Shared(
            tenant=tenant,
            base_url=url,
            headers=headers,
            query=query,
            auth=auth,
            http=http,
            owns_http=http_client is None,
            limiter=limiter,
            logger=logger,
            deprecations=DeprecationNotices(logger, self._package, self._docs_url),
            strict_responses=bool(strict_responses),
        )
        # A client dropped without close() closes the pool it made, sockets and all (an async
        # one on the running event loop, if there is one then).
        if isinstance(http, httpx.Client) and http_client is None:
            weakref.finalize(self._shared, http.close)
        elif isinstance(http, httpx.AsyncClient) and http_client is None:
            weakref.finalize(self._shared, _close_later, http)

    def _new_http(self) -> _HttpT:
        raise NotImplementedError

    def _default_headers(self, tenant: str | None) -> dict[str, str]:
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        headers = {
            "User-Agent": (
                f"{self._package}/{self._version} (python {python}; httpx {httpx.__version__})"
            ),
            "Accept": "application/json",
        }
        values = {"tenant": tenant, "version": self._api_version}
        for name, role in self._client_headers.items():
            value = values.get(role)
            if not value:
                raise ConfigurationError(
                    f"{type(self).__name__}: no value for client header {name!r} (role {role!r})"
                )
            headers[name] = value
        return headers

    @property
    def tenant(self) -> str | None:
        """The tenant every call is for; None for an API without tenants."""
        return self._shared.tenant

    @property
    def base_url(self) -> str:
        return self._shared.base_url

    @property
    def max_retries(self) -> int:
        return self._options.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        return self._options.timeout

    @property
    def rate_limit(self) -> float | None:
        """Requests per second this client allows itself, or None when not limited."""
        limiter = self._shared.limiter
        return limiter.rate if limiter is not None else None

    def with_options(
        self,
        *,
        max_retries: int | _Unset = UNSET,
        timeout: float | httpx.Timeout | None | _Unset = UNSET,
    ) -> Self:
        """A copy for some calls, sharing the connection pool, auth, rate limit and warnings."""
        options = self._options
        if not isinstance(max_retries, _Unset):
            options = replace(options, max_retries=_check_retries(max_retries))
        if not isinstance(timeout, _Unset):
            options = replace(options, timeout=_timeout(timeout, options.timeout))
        copy = object.__new__(type(self))
        copy._shared = self._shared
        copy._options = options
        return copy

    def __repr__(self) -> str:
        tenant = f"tenant={self.tenant!r}, " if self.tenant is not None else ""
        auth = repr(self._shared.auth)
        return (
            f"{type(self).__name__}({tenant}base_url={self.base_url!r}, auth={auth!r})"
        )


class _Call:
    """One call's way through its attempts: decides what follows each outcome."""

    def __init__(self, client: _BaseClient[Any], request: Request) -> None:
        shared = client._shared
        endpoint = request.endpoint
        self.operation = endpoint.name
        self.idempotent = endpoint.idempotent
        self.retry_statuses = endpoint.retry_statuses
        self.prepared = prepare(request)
        self.url = shared.base_url + self.prepared.path
        self.headers = {
            **self.prepared.headers,
            **shared.headers,
            **self.prepared.extra_headers,
        }
        self.params = shared.query + self.prepared.params
        if endpoint.accept is not None:
            self.headers["Accept"] = endpoint.accept
        requirement = (
            client._default_security if endpoint.security is None else endpoint.security
        )
        self.credentials = shared.auth
        self.security = shared.auth.choose(
            requirement, client._security, self.operation
        )
        # The token source this call uses, if it sends a bearer token.
        self.bearer = (
            shared.auth.bearer
            if any(s.kind == "bearer" for _, s in self.security)
            else None
        )
        self.timeout = _timeout(request.timeout, client._options.timeout)
        self.timeout_extension = self.timeout.as_dict()
        self.policy = RetryPolicy(
            max_retries=client._options.max_retries,
            base_delay=client._backoff_base,
            max_delay=client._backoff_max,
            max_retry_after=client._retry_after_max,
        )
        self.logger = shared.logger
        self.strict = shared.strict_responses
        self.deprecations = shared.deprecations
        self.max_response_bytes = client._max_response_bytes
        self.retries = 0
        self.replayed = False
        self.request_id: str | None = (
            None  # of the answer the current attempt is reading
        )

    def reader(self, response: httpx.Response) -> BodyReader:
        """Reads the answer's body within the limits, once its headers are in."""
        self.request_id = header_request_id(response.headers)
        return BodyReader(
            response,
            limit=self.max_response_bytes,
            seconds=self.timeout.read,
            operation=self.operation,
        )

    def build(
        self, http: httpx.Client | httpx.AsyncClient, token: str | None
    ) -> httpx.Request:
        prepared = self.prepared
        headers = dict(self.headers)
        params: list[tuple[str, str | int | float | bool | None]] = list(self.params)
        self.credentials.apply(self.security, token, headers, params)
        # The query in the URL rather than `params=`: the same encoding, without build_request
        # merging and re-parsing the URL once more (a third of its time). Not when the httpx
        # client has query parameters of its own: httpx would then drop the URL's.
        in_url = bool(params) and not http.params
        request = http.build_request(
            prepared.method,
            httpx.URL(self.url, params=params) if in_url else self.url,
            params=None if in_url else params or None,
            headers=headers,
            json=prepared.json,
            content=prepared.content,
            files=prepared.files,
            # The timeout as build_request would store it, without building an httpx.Timeout.
            extensions={"timeout": self.timeout_extension},
        )
        if self.logger.isEnabledFor(logging.DEBUG):
            secret = self.credentials.secret_names(self.security)
            url = request.url.copy_with(
                params=[
                    (k, "<redacted>" if k.lower() in secret else v) for k, v in params
                ]
            )
            self.logger.debug(
                "%s %s headers=%s",
                request.method,
                url,
                redact_headers(request.headers, secret),
            )
        return request

    def after_error(self, exc: Exception, *, sent: bool) -> float:
        """Seconds to wait before the next attempt; raises if the error goes to the caller.

        `sent` is False when the failure came before the API request was written (fetching
        the token, connecting): the server cannot have acted, so any method may be retried.
        """
        if isinstance(
            exc, APIStatusError
        ):  # from the token endpoint: the call was not sent
            retry = exc.status_code in RETRY_STATUSES
        else:
            retry = isinstance(exc, httpx.TransportError) and (
                not sent or self.policy.retries_error(exc, self.idempotent)
            )
        if not retry or self.retries >= self.policy.max_retries:
            if isinstance(exc, APIError):
                exc.retries_taken = self.retries
                raise self.scrubbed(exc)
            raise self._connection_error(exc) from exc
        response = exc.response if isinstance(exc, APIStatusError) else None
        return self._retry(
            type(exc).__name__, self.policy.delay(self.retries, response)
        )

    def after_response(
        self, response: httpx.Response, token: str | None
    ) -> float | None:
        """Seconds to wait before another attempt, or None when `response` is the answer."""
        status = response.status_code
        if self.logger.isEnabledFor(logging.DEBUG):
            self.logger.debug(
                "%s answered %s %s", self.operation, status, response.reason_phrase
            )
        if (
            status == 401
            and isinstance(self.bearer, ClientCredentials)
            and token
            and not self.replayed
        ):
            self.replayed = True
            self.bearer.invalidate(token)
            self.logger.info(
                "%s: the access token was refused (401); fetching a new one and replaying",
                self.operation,
            )
            return 0.0
        if (
            not response.is_success
            and self.retries < self.policy.max_retries
            and (
                self.policy.retries_status(status, self.idempotent)
                or status in self.retry_statuses
            )
        ):
            return self._retry(str(status), self.policy.delay(self.retries, response))
        return None

    def _retry(self, reason: str, delay: float) -> float:
        self.retries += 1
        self.logger.info(
            "%s failed (%s); retry %d of %d in %.2f s",
            self.operation,
            reason,
            self.retries,
            self.policy.max_retries,
            delay,
        )
        return delay

    def _connection_error(self, exc: Exception) -> APIConnectionError:
        try:
            request: httpx.Request | None = (
                exc.request if isinstance(exc, httpx.RequestError) else None
            )
        except RuntimeError:  # httpx raises when the exception carries no request
            request = None
        cls = (
            APITimeoutError
            if isinstance(exc, httpx.TimeoutException)
            else APIConnectionError
        )
        what = "timed out" if cls is APITimeoutError else "could not get an answer"
        error = self.scrubbed(
            cls(
                f"{self.operation} {what}: {type(exc).__name__}: {exc}",
                request=request,
                retries_taken=self.retries,
                request_id=self.request_id,
            )
        )
        if isinstance(exc, httpx.RequestError) and error.request is not None:
            exc.request = error.request  # the cause travels with the error too
        return error

    def scrubbed(self, exc: _ErrorT) -> _ErrorT:
        """`exc`, its request (and its response's) replaced by a copy without credentials."""
        if exc.request is not None:
            clean = redacted_request(
                exc.request, self.credentials.secret_names(self.security)
            )
            exc.request = clean
            response = getattr(exc, "response", None)
            if isinstance(response, httpx.Response):
                response.request = clean
        return exc

    def finish(
        self, response: httpx.Response, cast_to: type[_T] | Answer[_T] | Responses[_T]
    ) -> _T:
        self.deprecations.check(self.operation, response.headers)
        if not response.is_success:
            raise self.scrubbed(
                make_status_error(
                    response, operation=self.operation, retries_taken=self.retries
                )
            )
        # Kept: a page carries its answer's info too (`_fetch_page`).
        self.info = response_info(response, self.retries, self.request_id)
        # Here, not at the top: pydantic is imported with the first answer, not the package.
        from ._validation import parse_body

        try:
            return parse_body(
                response,
                cast_to,
                operation=self.operation,
                info=self.info,
                strict=self.strict,
                logger=self.logger,
            )
        except APIError as exc:
            raise self.scrubbed(exc) from None


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base of a generated sync client. Use it as a context manager, or call `close()`.

    `close()` closes the connection pool only if the client made it (not an `http_client` the
    caller passed), and closes it for every `with_options` copy too.
    """

    _http_type = httpx.Client

    def _new_http(self) -> httpx.Client:
        return httpx.Client()

    def request(
        self, request: Request, cast_to: type[_T] | Answer[_T] | Responses[_T]
    ) -> _T:
        """Send `request`; the answer as `cast_to` (see `_validation.parse_body`)."""
        response, call = self._send(request)
        return call.finish(response, cast_to)

    def request_page(
        self,
        request: Request,
        page_model: type[BaseModel],
        item_type: type[_T] | Answer[_T],
        *,
        data_field: str = "data",
        token_field: str = "next_token",
        total_field: str | None = "total",
        token_param: str = "next_token",
    ) -> SyncPage[_T]:
        """The first page of a list (sent now); iterate it for every item of every page."""
        spec = PageSpec(
            page_model, item_type, data_field, token_field, total_field, token_param
        )
        return self._fetch_page(request, spec, _first_trail(request, spec))

    def _fetch_page(
        self, request: Request, spec: PageSpec[_T], trail: TokenTrail
    ) -> SyncPage[_T]:
        response, call = self._send(request)
        model = call.finish(response, spec.page_model)
        return SyncPage(
            model=model,
            info=call.info,
            spec=spec,
            request=request,
            trail=trail,
            fetch=self._fetch_page,
        )

    def _send(self, request: Request) -> tuple[httpx.Response, _Call]:
        call = _Call(self, request)
        shared = self._shared
        _check_open(shared.http, call.operation)
        while True:
            sent = False
            call.request_id = None
            try:
                token = self._access_token(call.bearer)
                if shared.limiter is not None:
                    shared.limiter.wait()
                http_request = call.build(shared.http, token)
                sent = True
                response = shared.http.send(http_request, stream=True)
                try:
                    call.reader(response).read()
                finally:
                    response.close()
                    detach_stream(response)
            except (
                httpx.RequestError,
                APIError,
            ) as exc:  # APIError: from the token endpoint
                time.sleep(call.after_error(exc, sent=sent))
                continue
            delay = call.after_response(response, token)
            if delay is None:
                return response, call
            time.sleep(delay)

    def _access_token(
        self, bearer: StaticToken | ClientCredentials | None
    ) -> str | None:
        if isinstance(bearer, ClientCredentials):
            return bearer.token_sync(self._shared.http, self._options.timeout)
        return bearer.token() if bearer is not None else None

    def close(self) -> None:
        if self._shared.owns_http:
            self._shared.http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base of a generated async client. Use it with `async with`, or `await client.close()`.

    `close()` closes the connection pool only if the client made it (not an `http_client` the
    caller passed), and closes it for every `with_options` copy too.
    """

    _http_type = httpx.AsyncClient

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient()

    async def request(
        self, request: Request, cast_to: type[_T] | Answer[_T] | Responses[_T]
    ) -> _T:
        """Send `request`; the answer as `cast_to` (see `_validation.parse_body`)."""
        response, call = await self._send(request)
        return call.finish(response, cast_to)

    def request_page(
        self,
        request: Request,
        page_model: type[BaseModel],
        item_type: type[_T] | Answer[_T],
        *,
        data_field: str = "data",
        token_field: str = "next_token",
        total_field: str | None = "total",
        token_param: str = "next_token",
    ) -> AsyncPaginator[_T]:
        """A list, nothing sent yet: `await` it for the first page, `async for` for every item."""
        spec = PageSpec(
            page_model, item_type, data_field, token_field, total_field, token_param
        )
        return AsyncPaginator(
            lambda: self._fetch_page(request, spec, _first_trail(request, spec))
        )

    async def _fetch_page(
        self, request: Request, spec: PageSpec[_T], trail: TokenTrail
    ) -> AsyncPage[_T]:
        response, call = await self._send(request)
        model = call.finish(response, spec.page_model)
        return AsyncPage(
            model=model,
            info=call.info,
            spec=spec,
            request=request,
            trail=trail,
            fetch=self._fetch_page,
        )

    async def _send(self, request: Request) -> tuple[httpx.Response, _Call]:
        # Here, not at the top: only async clients need it, and it is slow to import.
        import asyncio

        call = _Call(self, request)
        shared = self._shared
        _check_open(shared.http, call.operation)
        while True:
            sent = False
            call.request_id = None
            try:
                token = await self._access_token(call.bearer)
                if shared.limiter is not None:
                    await shared.limiter.wait_async()
                http_request = call.build(shared.http, token)
                sent = True
                response = await shared.http.send(http_request, stream=True)
                try:
                    await call.reader(response).aread()
                finally:
                    await response.aclose()
                    detach_stream(response)
            except (
                httpx.RequestError,
                APIError,
            ) as exc:  # APIError: from the token endpoint
                await asyncio.sleep(call.after_error(exc, sent=sent))
                continue
            delay = call.after_response(response, token)
            if delay is None:
                return response, call
            await asyncio.sleep(delay)

    async def _access_token(
        self, bearer: StaticToken | ClientCredentials | None
    ) -> str | None:
        if isinstance(bearer, ClientCredentials):
            return await bearer.token_async(self._shared.http, self._options.timeout)
        return bearer.token() if bearer is not None else None

    async def close(self) -> None:
        if self._shared.owns_http:
            await self._shared.http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class SyncAPIResource:
    """Base of a generated resource (one per tag) of a sync client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    """Base of a generated resource (one per tag) of an async client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client


def _first_trail(request: Request, spec: PageSpec[Any]) -> TokenTrail:
    """A caller resuming from a token of their own: that token counts as sent."""
    token = request.query.get(spec.token_param)
    return TokenTrail(mark=str(token)) if token else TokenTrail()


# The close tasks of dropped async clients, kept until they are done.
_closing: set[Any] = set()


def _close_later(http: httpx.AsyncClient) -> None:
    """Close the pool of an async client dropped without close(), on the running loop."""
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return  # no loop to close it on: the caller should have closed the client
    task = loop.create_task(http.aclose())
    _closing.add(task)
    task.add_done_callback(_closing.discard)


def _check_open(http: httpx.Client | httpx.AsyncClient, operation: str) -> None:
    if http.is_closed:
        raise ClientClosedError(
            f"{operation}: the client is closed (after close() or leaving its `with` block); "
            "make a new one"
        )


def _check_tenant(tenant: object) -> None:
    if not isinstance(tenant, str):
        raise ConfigurationError(
            f"tenant must be a string (the tenant ID), not {type(tenant).__name__}"
        )
    if not _DNS_LABEL.fullmatch(tenant):
        raise ConfigurationError(
            f"invalid tenant {tenant!r}: a tenant ID is one DNS label (letters, digits and "
            "hyphens, at most 63, not starting or ending with a hyphen); to reach another "
            "host, pass base_url=..."
        )


def _check_base_url(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"invalid base_url {url!r}: {exc}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigurationError(
            f"invalid base_url {url!r}: expected http(s)://host/..."
        )
    return url.rstrip("/")


def _check_retries(max_retries: int) -> int:
    if (
        isinstance(max_retries, bool)
        or not isinstance(max_retries, int)
        or max_retries < 0
    ):
        raise ConfigurationError(
            f"max_retries must be an integer >= 0, not {max_retries!r}"
        )
    return max_retries


def _timeout(
    timeout: float | httpx.Timeout | None | _Unset, default: httpx.Timeout
) -> httpx.Timeout:
    """A number caps every phase (connect at most DEFAULT_CONNECT_TIMEOUT); None means no limit."""
    if isinstance(timeout, _Unset):
        return default
    if timeout is None or isinstance(timeout, httpx.Timeout):
        return httpx.Timeout(timeout)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or timeout <= 0
    ):
        raise ConfigurationError(
            f"timeout must be a positive number, an httpx.Timeout or None, not {timeout!r}"
        )
    return httpx.Timeout(timeout, connect=min(float(timeout), DEFAULT_CONNECT_TIMEOUT))


def _limiter(rate: float | None) -> RateLimiter | None:
    if rate is None or rate is False:
        return None
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or rate <= 0:
        raise ConfigurationError(
            f"rate_limit must be a positive number of requests per second or None, not {rate!r}"
        )
    return RateLimiter(float(rate))

"""Cursor pagination: `limit` / `next_token` in, `data` / `next_token` / `total` out.

The sync client returns a `SyncPage` (the first page, already fetched); the async client
returns an `AsyncPaginator`, which is both awaitable (the first page) and async-iterable
(every item of every page). Iterating a page yields its items, then fetches the following
pages one at a time, as they are needed. An absent or empty `next_token` ends the list; a
server that hands out its tokens in a loop raises PaginationError instead of looping forever.
`next_token` is only ever sent with a non-empty value taken from the previous page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._info import ResponseInfo
from ._request import Request
from ._response import Answer
from .errors import PaginationError

if TYPE_CHECKING:
    from pydantic import BaseModel

_T = TypeVar("_T")


@dataclass(frozen=True)
class PageSpec(Generic[_T]):
    """Where a list operation keeps its items and cursor (from the IR's Pagination)."""

    page_model: type[BaseModel]
    item_type: (
        type[_T] | Answer[_T]
    )  # for type checkers: the page model reads the items
    data_field: str = "data"
    token_field: str = "next_token"
    total_field: str | None = "total"
    token_param: str = "next_token"


@dataclass(frozen=True)
class TokenTrail:
    """The `next_token`s sent so far in one chain of pages, in constant memory.

    Remembering every token would grow with the list (and copying it, with its square). Brent's
    cycle detection keeps one marked token, moved to the newest at every power-of-two step: a
    server cycling through k tokens is caught within about 2k pages, one repeating a token at once
    on the next page.
    """

    mark: str | None = None
    steps: int = 0
    span: int = 1

    def after(self, token: str) -> TokenTrail | None:
        """The trail once `token` is sent; None if the tokens are going round in a loop."""
        if token == self.mark:
            return None
        if self.steps + 1 == self.span:
            return TokenTrail(token, 0, self.span * 2)
        return TokenTrail(self.mark, self.steps + 1, self.span)


class _Page(Generic[_T]):
    """What sync and async pages share: the page's content and the request for the next one."""

    def __init__(
        self,
        *,
        model: BaseModel,
        info: ResponseInfo,
        spec: PageSpec[_T],
        request: Request,
        trail: TokenTrail,
    ) -> None:
        self.model = model  # the whole page as parsed, for fields beyond data / next_token / total
        self.data: list[_T] = list(getattr(model, spec.data_field, None) or [])
        next_token = getattr(model, spec.token_field, None)
        self.next_token: str | None = (
            str(next_token) if next_token is not None else None
        )
        self.total: int | None = (
            getattr(model, spec.total_field, None) if spec.total_field else None
        )
        self._response_info = info
        self._spec = spec
        self._request = request
        self._trail = trail
        # Imported by now (the page was read into a model): here, not with the package.
        from ._models import Model

        for item in self.data:
            if isinstance(item, Model):
                # Straight into the slot: pydantic's __setattr__ (field checks, validation
                # hooks) cost a tenth of a page's time for a hundred items.
                object.__setattr__(item, "_response_info", info)

    @property
    def raw_response(self) -> ResponseInfo:
        """Status, headers, request id and retries of the answer this page was read from."""
        return self._response_info

    def has_next_page(self) -> bool:
        return bool(self.next_token)

    def _next_request(self) -> tuple[Request, TokenTrail]:
        token = self.next_token
        operation = self._request.endpoint.name
        if not token:
            raise PaginationError(
                f"{operation}: this is the last page (it has no next_token)"
            )
        trail = self._trail.after(token)
        if trail is None:
            raise PaginationError(
                f"{operation}: the server returned next_token {token!r} again; "
                "stopping rather than fetching the same pages forever"
            )
        query = {**self._request.query, self._spec.token_param: token}
        return replace(self._request, query=query), trail

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items={len(self.data)}, "
            f"next_token={self.next_token!r}, total={self.total!r})"
        )


class SyncPage(_Page[_T]):
    """One page of a list; iterate it for every item of this and the following pages."""

    def __init__(
        self,
        *,
        model: BaseModel,
        info: ResponseInfo,
        spec: PageSpec[_T],
        request: Request,
        trail: TokenTrail,
        fetch: Callable[[Request, PageSpec[_T], TokenTrail], SyncPage[_T]],
    ) -> None:
        super().__init__(
            model=model, info=info, spec=spec, request=request, trail=trail
        )
        self._fetch = fetch

    def next_page(self) -> SyncPage[_T]:
        """Fetch the following page; PaginationError if this is the last one."""
        request, trail = self._next_request()
        return self._fetch(request, self._spec, trail)

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        """This page, then each following page, fetched when reached."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_Page[_T]):
    """One page of a list; `async for` over it yields every item of this and the following pages."""

    def __init__(
        self,
        *,
        model: BaseModel,
        info: ResponseInfo,
        spec: PageSpec[_T],
        request: Request,
        trail: TokenTrail,
        fetch: Callable[[Request, PageSpec[_T], TokenTrail], Awaitable[AsyncPage[_T]]],
    ) -> None:
        super().__init__(
            model=model, info=info, spec=spec, request=request, trail=trail
        )
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[_T]:
        """Fetch the following page; PaginationError if this is the last one."""
        request, trail = self._next_request()
        return await self._fetch(request, self._spec, trail)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        """This page, then each following page, fetched when reached."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._items()

    async def _items(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[_T]):
    """What an async list method returns, before anything is sent.

    `await` it for the first page (an `AsyncPage`), or `async for` over it for every item.
    Each await or iteration starts again from the first page.
    """

    def __init__(self, first_page: Callable[[], Awaitable[AsyncPage[_T]]]) -> None:
        self._first_page = first_page

    def __await__(self) -> Generator[Any, None, AsyncPage[_T]]:
        return self._first_page().__await__()

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._items()

    async def _items(self) -> AsyncIterator[_T]:
        page = await self._first_page()
        async for item in page:
            yield item

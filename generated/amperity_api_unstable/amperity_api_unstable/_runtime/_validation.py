"""The runtime's pydantic side: request bodies checked against their models, answers read into
their types.

Imported with the first request, not with the package: pydantic is a third of what
`import <package>` would otherwise cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast, get_args

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._info import ResponseInfo
from ._models import AmperityModel
from ._response import Acknowledged, Answer, Responses, excerpt
from ._serialize import is_json_media
from .errors import APIResponseValidationError, InvalidRequestError

T = TypeVar("T")
# Problems named in an APIResponseValidationError's message; `.errors` holds them all.
_SHOWN_PROBLEMS = 5
_ANY = TypeAdapter[Any](Any)

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(tp: Any) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(tp)
    if adapter is None:
        adapter = _ADAPTERS[tp] = TypeAdapter(tp)
    return adapter


def parse_body(
    response: httpx.Response,
    cast_to: type[T] | Answer[T] | Responses[T],
    *,
    operation: str,
    info: ResponseInfo,
) -> T:
    """The 2xx body as `cast_to`: a model class, `type(None)`, `bytes` (the body as it came), `str`
    (a text body, or a JSON string), any other type pydantic can read, or one of these by status.
    """
    if isinstance(cast_to, Responses):
        cast_to = cast_to.for_status(response.status_code)
    if isinstance(cast_to, Answer):
        cast_to = cast_to.type
    if cast_to is type(None):
        return None
    if cast_to is Acknowledged:
        return cast(T, Acknowledged(response.status_code, info))
    if cast_to is bytes:
        return cast(T, response.content)
    if cast_to is str and not is_json_media(response.headers.get("content-type", "")):
        return cast(T, response.text)

    def invalid(
        message: str, field: str | None, errors: list[dict[str, Any]]
    ) -> APIResponseValidationError:
        return APIResponseValidationError(
            f"{operation}: {message}",
            response=response,
            field=field,
            errors=errors,
            retries_taken=info.retries_taken,
            request_id=info.request_id,
        )

    try:
        # Validated straight from the bytes by pydantic's JSON parser: no intermediate Python
        # objects, about a third less time than json.loads + validation on a page of items.
        if isinstance(cast_to, type) and issubclass(cast_to, BaseModel):
            result: Any = cast_to.model_validate_json(response.content)
        else:
            result = _adapter(cast_to).validate_json(response.content)
    except ValidationError as exc:
        errors: list[dict[str, Any]] = [
            dict(e) for e in exc.errors(include_url=False, include_input=False)
        ]
        if errors and errors[0]["type"] == "json_invalid":
            text = excerpt(response.text)
            raise invalid(
                f"the {response.status_code} answer is not JSON: {text!r}", None, []
            ) from None
        field = ".".join(str(p) for p in errors[0]["loc"]) if errors else None
        # A page of items that all miss a field would make a message as long as the page.
        shown = [
            f"{'.'.join(str(p) for p in e['loc']) or '(body)'}: {e['msg']}"
            for e in errors[:_SHOWN_PROBLEMS]
        ]
        more = len(errors) - len(shown)
        problems = "; ".join(shown) + (
            f"; and {more} more (see .errors)" if more > 0 else ""
        )
        name = getattr(cast_to, "__name__", repr(cast_to))
        raise invalid(
            f"the answer does not fit {name}: {problems}", field or None, errors
        ) from None
    if isinstance(result, AmperityModel):
        # Straight into the slot: pydantic's __setattr__ checks fields first.
        object.__setattr__(result, "_response_info", info)
    return cast(T, result)


def encode_body(body: Any, model: type[BaseModel] | None, operation: str) -> Any:
    """The JSON to send (or the fields of a form or multipart body). A mapping drops its None (not
    passed) values; any other value (a list, a string) is the whole body, sent as the caller gave it.
    """
    if not isinstance(body, Mapping):
        return _ANY.dump_python(body, mode="json", by_alias=True, exclude_unset=True)
    # None is "not passed", except for a field the model requires and lets be null: there it is null.
    nullable = _required_nullable(model) if model is not None else frozenset()
    passed = {
        name: value
        for name, value in body.items()
        if value is not None or name in nullable
    }
    if model is None:
        return _ANY.dump_python(passed, mode="json", by_alias=True, exclude_unset=True)
    try:
        validated = model.model_validate(passed)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(body)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise InvalidRequestError(
            f"{operation}: the request body does not fit {model.__name__}: {problems}"
        ) from None
    return validated.model_dump(mode="json", by_alias=True, exclude_unset=True)


_NULLABLE: dict[type[BaseModel], frozenset[str]] = {}


def _required_nullable(model: type[BaseModel]) -> frozenset[str]:
    """The wire names of the fields `model` requires, but which may be null."""
    names = _NULLABLE.get(model)
    if names is None:
        names = _NULLABLE[model] = frozenset(
            field.alias or name
            for name, field in model.model_fields.items()
            if field.is_required()
            and (field.annotation is Any or type(None) in get_args(field.annotation))
        )
    return names

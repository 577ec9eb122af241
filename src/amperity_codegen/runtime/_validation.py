"""The runtime's pydantic side: request bodies checked against their models, answers read into
their types.

An answer that does not fit its type is, by default, read all the same: each value that does
not fit is kept as received (its field then holds what the server sent, not the declared type)
and logged once per field at WARNING, so one odd value does not stop a production job reading a
list. `strict_responses=True` on the client raises APIResponseValidationError instead, as does
an answer that cannot be read this way (not JSON, a required field missing, a list item or a
union member that does not fit). Validation is tried first as usual: a fitting answer costs
nothing more.

Imported with the first request, not with the package: pydantic is a third of what
`import <package>` would otherwise cost.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Mapping
from typing import Any, TypeVar, cast, get_args

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._info import ResponseInfo
from ._models import Model
from ._response import Acknowledged, Answer, Responses, excerpt
from ._wire import format_value, is_json_media
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
    strict: bool = True,
    logger: logging.Logger | None = None,
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
        kept = (
            None
            if strict
            else _keep_as_received(response.content, cast_to, errors, operation, logger)
        )
        if kept is not None:
            return cast(T, _with_info(kept, info))
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
    return cast(T, _with_info(result, info))


def _with_info(result: Any, info: ResponseInfo) -> Any:
    if isinstance(result, Model):
        # Straight into the slot: pydantic's __setattr__ checks fields first.
        object.__setattr__(result, "_response_info", info)
    return result


# (type, field path) pairs already logged as kept as received, in this process.
_logged: set[tuple[str, str]] = set()
_logged_lock = threading.Lock()
_ABSENT = object()


def _keep_as_received(
    content: bytes,
    cast_to: Any,
    errors: list[dict[str, Any]],
    operation: str,
    logger: logging.Logger | None,
) -> Any:
    """The answer read with each value that did not fit set aside, then put back as received;
    None when that cannot be done (the caller then raises)."""
    if any(e["type"] == "missing" for e in errors):
        return None
    data = json.loads(content)
    moved: dict[tuple[Any, ...], Any] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if loc in moved:
            continue
        parent = _at(data, loc[:-1]) if loc else _ABSENT
        if not isinstance(parent, dict) or loc[-1] not in parent:
            return None
        moved[loc] = parent.pop(loc[-1])
    try:
        if isinstance(cast_to, type) and issubclass(cast_to, BaseModel):
            result: Any = cast_to.model_validate(data)
        else:
            result = _adapter(cast_to).validate_python(data)
    except ValidationError:
        return None
    name = getattr(cast_to, "__name__", repr(cast_to))
    for loc, value in moved.items():
        if not _put(result, loc, value):
            return None
        where = ".".join("*" if isinstance(p, int) else str(p) for p in loc)
        with _logged_lock:
            first = (name, where) not in _logged
            _logged.add((name, where))
        if first and logger is not None:
            problem = next(e["msg"] for e in errors if tuple(e["loc"]) == loc)
            logger.warning(
                "%s: %s.%s does not fit its type (%s); kept as received (%s), "
                "logged once (strict_responses=True raises instead)",
                operation,
                name,
                where,
                problem,
                type(value).__name__,
            )
    return result


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    """The JSON value at `path` (keys and list indexes), or _ABSENT."""
    for key in path:
        if isinstance(data, dict) and isinstance(key, str) and key in data:
            data = data[key]
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return _ABSENT
    return data


def _put(result: Any, loc: tuple[Any, ...], value: Any) -> bool:
    """Set the value at `loc` (wire names) in what validation made of the answer."""
    target = result
    for key in loc[:-1]:
        if isinstance(target, BaseModel):
            target = getattr(target, _field_name(target, key), _ABSENT)
        elif isinstance(target, dict) and key in target:
            target = target[key]
        elif isinstance(target, list) and isinstance(key, int) and key < len(target):
            target = target[key]
        else:
            return False
    key = loc[-1]
    if isinstance(target, BaseModel):
        name = _field_name(target, key)
        if name in type(target).model_fields:
            target.__dict__[name] = value
            target.__pydantic_fields_set__.add(name)
        elif target.__pydantic_extra__ is not None:
            target.__pydantic_extra__[key] = value
        else:
            return False
        return True
    if isinstance(target, dict):
        target[key] = value
        return True
    return False


def _field_name(model: BaseModel, wire: Any) -> str:
    for name, field in type(model).model_fields.items():
        if field.alias == wire or name == wire:
            return name
    return str(wire)


def encode_body(body: Any, model: type[BaseModel] | None, operation: str) -> Any:
    """The JSON to send (or the fields of a form or multipart body). A mapping drops its None
    (not passed) values; any other value (a list, a string) is the whole body, sent as the caller
    gave it.
    """
    if not isinstance(body, Mapping):
        return _json(body)
    # None is "not passed", except for a field the model requires and lets be null: there it is
    # null.
    nullable = _required_nullable(model) if model is not None else frozenset()
    passed = {
        name: value
        for name, value in body.items()
        if value is not None or name in nullable
    }
    if model is None:
        return _json(passed)
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
    sent = _json(validated)
    for name, value in passed.items():
        if type(value) is dt.date:  # a date for a date-time: sent as the date it is
            sent[name] = value.isoformat()
    return sent


def _json(value: Any) -> Any:
    """`value` as JSON, dates and times by the runtime's rule (`format_value`: UTC, `Z`) rather
    than pydantic's (which keeps a naive time naive and an offset as given)."""
    python = _ANY.dump_python(value, mode="python", by_alias=True, exclude_unset=True)
    return _ANY.dump_python(_times(python), mode="json")


def _times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _times(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_times(v) for v in value]
    if isinstance(value, dt.date):
        return format_value(value)
    return value


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

"""How values are written on the wire: what serialisation and validation both need (kept
apart so that neither imports the other)."""

from __future__ import annotations

import datetime as dt
import enum


def is_json_media(content_type: str) -> bool:
    """`application/json`, `application/merge-patch+json`, ... (parameters such as charset
    ignored)."""
    media = content_type.split(";")[0].strip().lower()
    return (
        media == "application/json"
        or media.endswith("+json")
        or media.endswith("/json")
    )


def format_value(value: object) -> str:
    """One scalar as the text the API expects."""
    if isinstance(value, enum.Enum):
        return format_value(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)

"""Media types: the one question both serialisation and validation ask of them."""

from __future__ import annotations


def is_json_media(content_type: str) -> bool:
    """`application/json`, `application/merge-patch+json`, ... (parameters such as charset ignored)."""
    media = content_type.split(";")[0].strip().lower()
    return (
        media == "application/json"
        or media.endswith("+json")
        or media.endswith("/json")
    )

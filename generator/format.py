"""Format the generated Python with black, so the output reads as if written by hand."""

from __future__ import annotations

import black

_MODE = black.Mode(target_versions={black.TargetVersion.PY311})


class FormatError(Exception):
    """The renderer produced text that is not Python: a bug in a template, never the user's input."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files, every `.py` one formatted by black (other files as they are)."""
    out: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            out[path] = text
            continue
        try:
            out[path] = black.format_str(text, mode=_MODE)
        except black.InvalidInput as exc:  # black parses the file: a syntax error surfaces here
            raise FormatError(f"{path}: generated code does not parse: {exc}") from exc
    return out

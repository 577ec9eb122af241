"""The generator's errors: one root, `CodegenError`, carrying the exit code the command line uses.

The command line turns any `CodegenError` into its exit code and its text, never a traceback, so
the text must say what is wrong and where: a `SpecError` names the document, a JSON pointer into
it, and the problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def pointer(*parts: str | int) -> str:
    """The RFC 6901 JSON pointer of a location given as keys and indexes ("" is the root)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class CodegenError(Exception):
    """Anything the generator refuses or cannot do; `str()` is the message for the user."""

    exit_code = 1
    prefix = ""  # said before the message, e.g. what was kept


class SpecError(CodegenError):
    """One problem in an input document, located by a JSON pointer ("" for the whole document).

    `repair`: OpenAPI Overlay actions (on the prepared document) known to mend it, when a later
    stage finds the problem and knows its safe repair; lenient mode applies them in the open.
    """

    def __init__(
        self,
        document: str,
        pointer: str,
        message: str,
        *,
        repair: Sequence[dict[str, Any]] = (),
    ) -> None:
        super().__init__(document, pointer, message)
        self.document = document
        self.pointer = pointer
        self.message = message
        self.repair = tuple(repair)

    def __str__(self) -> str:
        return f"{self.document}#{self.pointer}: {self.message}"


class SpecErrors(SpecError):
    """Several problems found in one pass (validation reports all of them, not just the first)."""

    def __init__(self, problems: Sequence[SpecError]) -> None:
        if not problems:
            raise ValueError("SpecErrors needs at least one problem")
        first = problems[0]
        super().__init__(first.document, first.pointer, first.message)
        self.problems: tuple[SpecError, ...] = tuple(problems)
        self.repair = tuple(a for p in self.problems for a in p.repair)
        self.args = (
            self.problems,
        )  # so copying or pickling rebuilds it from its problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def raise_all(problems: Sequence[SpecError]) -> None:
    """Raise every collected problem at once, or nothing when there is none."""
    if problems:
        raise SpecErrors(problems)

"""The front half of the pipeline: from a path or URL to a valid OpenAPI 3 document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from amperity_codegen.document.load import load_document
from amperity_codegen.document.locate import relocate
from amperity_codegen.document.overlay import apply_overlay_files
from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.document.validate import validate
from amperity_codegen.errors import SpecError


def prepare(source: str | Path, overlays: Sequence[Path] = ()) -> dict[str, Any]:
    """Load, check references, upgrade to OpenAPI 3.0, apply the overlays in order, validate.

    Raises SpecError (or SpecErrors, listing every problem) when any step finds the input wrong.
    """
    return prepare_document(load_document(source), str(source), overlays)


def prepare_document(
    doc: dict[str, Any], name: str, overlays: Sequence[Path] = ()
) -> dict[str, Any]:
    """`prepare` for a document already loaded (e.g. by fetch); `name` locates it in errors.

    Problems are located in `doc` as the user wrote it: at a shared schema's definition rather
    than where it is used, and in Swagger 2.0 terms for a 2.0 document.
    """
    # References are checked by `validate`, after the overlays, so that an overlay can repair them.
    upgraded = upgrade(doc, name)
    repaired = apply_overlay_files(upgraded, overlays, document=name)
    try:
        validate(repaired, name)
    except SpecError as exc:
        raise relocate(exc, name, repaired, doc if "swagger" in doc else None) from None
    return repaired


def locate_in_source(
    error: SpecError, source: str | Path, overlays: Sequence[Path] = ()
) -> SpecError:
    """`error`, found by a later stage in the prepared form of `source`, located in `source`."""
    doc = load_document(source)
    repaired = apply_overlay_files(
        upgrade(doc, str(source)), overlays, document=str(source)
    )
    return relocate(error, str(source), repaired, doc if "swagger" in doc else None)

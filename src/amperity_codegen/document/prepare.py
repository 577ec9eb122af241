"""The front half of the pipeline: from a path or URL to a valid OpenAPI 3 document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from amperity_codegen.document.load import load_document
from amperity_codegen.document.tree import check_refs
from amperity_codegen.document.overlay import apply_overlay_files
from amperity_codegen.document.upgrade import upgrade
from amperity_codegen.document.validate import validate


def prepare(source: str | Path, overlays: Sequence[Path] = ()) -> dict[str, Any]:
    """Load, check references, upgrade to OpenAPI 3.0, apply the overlays in order, validate.

    Raises SpecError (or SpecErrors, listing every problem) when any step finds the input wrong.
    """
    return prepare_document(load_document(source), str(source), overlays)


def prepare_document(doc: dict[str, Any], name: str, overlays: Sequence[Path] = ()) -> dict[str, Any]:
    """`prepare` for a document already loaded (e.g. by fetch); `name` locates it in errors."""
    check_refs(doc, name)
    doc = upgrade(doc, name)
    doc = apply_overlay_files(doc, overlays, document=name)
    validate(doc, name)
    return doc

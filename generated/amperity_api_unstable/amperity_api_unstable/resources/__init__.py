"""The API's resources, one per tag of the document, each imported when first used."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audit_events import AsyncAuditEvents, AuditEvents
    from .campaigns import AsyncCampaigns, Campaigns
    from .ingest import AsyncIngest, Ingest
    from .segments import AsyncSegments, Segments
    from .workflow import AsyncWorkflow, Workflow

_MODULES: dict[str, str] = {
    "AuditEvents": "audit_events",
    "AsyncAuditEvents": "audit_events",
    "Campaigns": "campaigns",
    "AsyncCampaigns": "campaigns",
    "Segments": "segments",
    "AsyncSegments": "segments",
    "Ingest": "ingest",
    "AsyncIngest": "ingest",
    "Workflow": "workflow",
    "AsyncWorkflow": "workflow",
}

__all__ = [
    "AuditEvents",
    "AsyncAuditEvents",
    "Campaigns",
    "AsyncCampaigns",
    "Segments",
    "AsyncSegments",
    "Ingest",
    "AsyncIngest",
    "Workflow",
    "AsyncWorkflow",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(_import_module(f".{module}", __name__), name)

"""The API's resources, one per tag of the document."""

from .audit_events import AsyncAuditEvents, AuditEvents
from .campaigns import AsyncCampaigns, Campaigns
from .segments import AsyncSegments, Segments
from .ingest import AsyncIngest, Ingest
from .workflow import AsyncWorkflow, Workflow

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

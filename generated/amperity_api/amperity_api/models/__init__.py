"""The API's models. Each is imported when first used, with the models it refers to: a call
loads only the models of its operation, however large the API."""

from __future__ import annotations

from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._audit_event import AuditEvent
    from ._audit_event_list import AuditEventList
    from ._campaign import Campaign
    from ._campaign_list import CampaignList
    from ._error_response import ErrorResponse
    from ._ingest_feed_details import IngestFeedDetails
    from ._ingest_file_details import IngestFileDetails
    from ._ingest_job_details import IngestJobDetails
    from ._ingest_job_details_list import IngestJobDetailsList
    from ._segment import Segment
    from ._segment_list import SegmentList
    from ._workflow import Workflow
    from ._workflow_error import WorkflowError
    from ._workflow_list import WorkflowList
    from ._workflow_run_request import WorkflowRunRequest
    from ._workflow_task_instance import WorkflowTaskInstance

# Each module with the classes it defines.
_CLASSES: dict[str, tuple[str, ...]] = {
    "_audit_event": ("AuditEvent",),
    "_audit_event_list": ("AuditEventList",),
    "_campaign": ("Campaign",),
    "_campaign_list": ("CampaignList",),
    "_error_response": ("ErrorResponse",),
    "_ingest_feed_details": ("IngestFeedDetails",),
    "_ingest_file_details": ("IngestFileDetails",),
    "_ingest_job_details": ("IngestJobDetails",),
    "_ingest_job_details_list": ("IngestJobDetailsList",),
    "_segment": ("Segment",),
    "_segment_list": ("SegmentList",),
    "_workflow": ("Workflow",),
    "_workflow_error": ("WorkflowError",),
    "_workflow_list": ("WorkflowList",),
    "_workflow_run_request": ("WorkflowRunRequest",),
    "_workflow_task_instance": ("WorkflowTaskInstance",),
}
_MODULES = {cls: module for module, classes in _CLASSES.items() for cls in classes}

__all__ = [
    "AuditEvent",
    "AuditEventList",
    "Campaign",
    "CampaignList",
    "ErrorResponse",
    "IngestFeedDetails",
    "IngestFileDetails",
    "IngestJobDetails",
    "IngestJobDetailsList",
    "Segment",
    "SegmentList",
    "Workflow",
    "WorkflowError",
    "WorkflowList",
    "WorkflowRunRequest",
    "WorkflowTaskInstance",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next use is a plain attribute read
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

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

_MODULES: dict[str, str] = {
    "AuditEvent": "_audit_event",
    "AuditEventList": "_audit_event_list",
    "Campaign": "_campaign",
    "CampaignList": "_campaign_list",
    "ErrorResponse": "_error_response",
    "IngestFeedDetails": "_ingest_feed_details",
    "IngestFileDetails": "_ingest_file_details",
    "IngestJobDetails": "_ingest_job_details",
    "IngestJobDetailsList": "_ingest_job_details_list",
    "Segment": "_segment",
    "SegmentList": "_segment_list",
    "Workflow": "_workflow",
    "WorkflowError": "_workflow_error",
    "WorkflowList": "_workflow_list",
    "WorkflowRunRequest": "_workflow_run_request",
    "WorkflowTaskInstance": "_workflow_task_instance",
}

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

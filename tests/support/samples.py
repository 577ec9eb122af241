"""Sample answers of the stand-in tenant, shared by the client and fault tests."""

WORKFLOW = {
    "id": "wf-1",
    "state": "succeeded",
    "type": "courier.group/run",
    "name": "Daily",
    "tenant": "acme",
    "created_at": "2026-04-01T00:00:00Z",
}
